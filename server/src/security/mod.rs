//! Security: sealing personal data ([`vault`]), the headers every response carries, who a
//! request comes from ([`TrustedProxies`]), and per-address limits on submissions and status
//! look-ups.

pub mod keycheck;
pub mod vault;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::IpNet;

/// The policy of everything that is not a page (files, open data): nothing may run.
pub const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The reverse proxies (`PORTAL_TRUSTED_PROXIES`) whose `X-Forwarded-For` is believed. From
/// any other peer the header is ignored: anyone can send it.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    /// A comma- or space-separated list of networks (`127.0.0.1/32, 10.0.0.0/8`) or single
    /// addresses; the entry that cannot be read is returned as the error.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        let mut nets = Vec::new();
        for entry in list.split([',', ' ', '\t', '\n']).filter(|e| !e.is_empty()) {
            let net = entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| entry.to_string())?;
            nets.push(net);
        }
        Ok(TrustedProxies(Arc::new(nets)))
    }

    /// Whether no proxy is trusted (the default).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = unmapped(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client of a request that reached us from `peer`: the peer itself unless it is a
    /// trusted proxy; then the right-most `X-Forwarded-For` hop that is not itself trusted
    /// (hops to its left were written by the client and prove nothing). When every hop is
    /// trusted, the left-most; when a hop cannot be read, the last trusted one before it.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = unmapped(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|hop| !hop.is_empty())
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(address) = parse_hop(hop) else {
                return client;
            };
            client = unmapped(address);
            if !self.trusts(client) {
                return client;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` hop: an address, possibly with a port (`[v6]:port`, `v4:port`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(address);
    }
    hop.parse::<SocketAddr>().ok().map(|s| s.ip())
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn unmapped(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        IpAddr::V4(_) => address,
    }
}

/// What a client is counted by: its IPv4 address, or the /64 network of its IPv6 address
/// (one household's line is given a whole /64, so single IPv6 addresses are free to change).
pub fn limit_key(address: IpAddr) -> IpAddr {
    match unmapped(address) {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1_u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(bits))
        }
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// The client of a request (see [`TrustedProxies::client`]). Requests without a peer
/// (tests driving the router directly) come from 0.0.0.0.
pub fn client_address<B>(request: &Request<B>, proxies: &TrustedProxies) -> IpAddr {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    proxies.client(peer, request.headers())
}

/// The origin of a URL: its scheme and authority, lower-cased, without a default port.
pub fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let scheme = scheme.to_ascii_lowercase();
    let mut authority = authority.to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    if let Some(bare) = authority.strip_suffix(default_port) {
        authority = bare.to_string();
    }
    format!("{scheme}://{authority}")
}

/// Whether a POST comes from our own pages: when the browser names an origin, it must be
/// `expected` (the origin of `PORTAL_BASE_URL`) or, when no public address is configured,
/// this request's host. (The anti-forgery token is the main defence; this refuses obvious
/// forgeries.)
pub fn same_origin(headers: &HeaderMap, expected: Option<&str>) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if origin == "null" {
        return false;
    }
    if let Some(expected) = expected {
        return origin_of(origin) == expected;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

/// How many checks pass between two looks at whether to prune a limiter's memory.
const PRUNE_EVERY: u64 = 4096;
/// The least time between two prunings on the request path (each walks every address).
const PRUNE_GAP: std::time::Duration = std::time::Duration::from_secs(1);

/// A per-address limit: so many attempts a minute, then refused until time passes. Its
/// memory holds only addresses seen within the last minute or so: it is pruned every few
/// thousand checks and by [`Limiter::prune`], so a flood of distinct addresses cannot make
/// it grow without bound.
#[derive(Clone)]
pub struct Limiter {
    inner: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    checks: Arc<AtomicU64>,
    last_prune: Arc<std::sync::Mutex<std::time::Instant>>,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Limiter")
    }
}

impl Limiter {
    pub fn per_minute(n: u32) -> Limiter {
        let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        Limiter {
            inner: Arc::new(RateLimiter::keyed(Quota::per_minute(n))),
            checks: Arc::new(AtomicU64::new(0)),
            last_prune: Arc::new(std::sync::Mutex::new(std::time::Instant::now())),
        }
    }

    /// Whether the client at `address` may make one more attempt now (counted by
    /// [`limit_key`]).
    pub fn allow(&self, address: IpAddr) -> bool {
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            let due = self
                .last_prune
                .try_lock()
                .is_ok_and(|last| last.elapsed() >= PRUNE_GAP);
            if due {
                self.prune();
            }
        }
        self.inner.check_key(&limit_key(address)).is_ok()
    }

    /// Forgets every address whose limit has recovered fully.
    pub fn prune(&self) {
        self.inner.retain_recent();
        self.inner.shrink_to_fit();
        if let Ok(mut last) = self.last_prune.lock() {
            *last = std::time::Instant::now();
        }
    }

    /// How many addresses are remembered.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether no address is remembered.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    #[test]
    fn a_post_from_another_site_is_not_same_origin() {
        assert!(
            same_origin(&headers(&[("host", "xczx.cn")]), None),
            "no Origin: old browsers"
        );
        assert!(same_origin(
            &headers(&[("host", "xczx.cn"), ("origin", "https://xczx.cn")]),
            None
        ));
        assert!(!same_origin(
            &headers(&[("host", "xczx.cn"), ("origin", "https://evil.cn")]),
            None
        ));
        assert!(!same_origin(
            &headers(&[("host", "xczx.cn"), ("origin", "null")]),
            None
        ));
    }

    #[test]
    fn behind_a_proxy_that_rewrites_host_the_public_address_decides() {
        // nginx's default `proxy_set_header Host $proxy_host` sends the upstream's name.
        let behind = headers(&[("host", "portal"), ("origin", "https://xczx.cn")]);
        assert!(!same_origin(&behind, None));
        assert!(same_origin(&behind, Some("https://xczx.cn")));
        let other = headers(&[("host", "xczx.cn"), ("origin", "https://evil.cn")]);
        assert!(!same_origin(&other, Some("https://xczx.cn")));
        let http = headers(&[("host", "xczx.cn"), ("origin", "http://xczx.cn")]);
        assert!(
            !same_origin(&http, Some("https://xczx.cn")),
            "another scheme is another origin"
        );
    }

    #[test]
    fn a_limit_refuses_the_attempt_after_the_quota_per_address() {
        let limiter = Limiter::per_minute(3);
        let a = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        let b = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        assert!((0..3).all(|_| limiter.allow(a)));
        assert!(!limiter.allow(a));
        assert!(limiter.allow(b), "another address has its own quota");
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_network() {
        let limiter = Limiter::per_minute(2);
        assert!(limiter.allow(ip("2001:db8:1:2::1")));
        assert!(limiter.allow(ip("2001:db8:1:2:ffff::9")));
        assert!(
            !limiter.allow(ip("2001:db8:1:2:abcd::7")),
            "the same /64 shares one quota"
        );
        assert!(
            limiter.allow(ip("2001:db8:1:3::1")),
            "another /64 has its own"
        );
        assert_eq!(limit_key(ip("::ffff:10.1.2.3")), ip("10.1.2.3"));
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let none = TrustedProxies::default();
        let headers = forwarded(&["203.0.113.9"]);
        assert_eq!(
            none.client(ip("198.51.100.7"), &headers),
            ip("198.51.100.7")
        );

        let proxies = TrustedProxies::parse("127.0.0.1/32, 10.0.0.0/8").unwrap();
        // From an untrusted peer the header is ignored.
        assert_eq!(
            proxies.client(ip("198.51.100.7"), &headers),
            ip("198.51.100.7")
        );
        // From the proxy: the right-most hop that is not a proxy.
        assert_eq!(proxies.client(ip("127.0.0.1"), &headers), ip("203.0.113.9"));
        // A client that writes its own header cannot choose its address: the proxy appends
        // the real one on the right.
        let spoofed = forwarded(&["1.1.1.1, 203.0.113.9"]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &spoofed), ip("203.0.113.9"));
        // Two proxies in a row, the header split over two lines.
        let chained = forwarded(&["1.1.1.1", "203.0.113.9, 10.0.0.5"]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &chained), ip("203.0.113.9"));
        // No header: the proxy itself.
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
        // A hop that cannot be read stops the walk at the last trusted one.
        let garbage = forwarded(&["203.0.113.9, not-an-address"]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &garbage), ip("127.0.0.1"));
        // IPv6, with a port, and an IPv4 address mapped into IPv6.
        let v6 = forwarded(&["[2001:db8::5]:4711"]);
        assert_eq!(
            proxies.client(ip("::ffff:127.0.0.1"), &v6),
            ip("2001:db8::5")
        );
    }

    #[test]
    fn a_proxy_list_that_cannot_be_read_names_the_entry() {
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert!(!TrustedProxies::parse("::1 192.168.0.0/16")
            .unwrap()
            .is_empty());
        assert_eq!(
            TrustedProxies::parse("127.0.0.1, nginx").unwrap_err(),
            "nginx"
        );
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/33").unwrap_err(),
            "10.0.0.0/33"
        );
    }

    #[test]
    fn a_flood_of_distinct_addresses_is_forgotten_once_its_limits_recover() {
        let limiter = Limiter::per_minute(600_000);
        for n in 0..20_000_u32 {
            limiter.allow(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n)));
        }
        // With 600,000 a minute every address is forgotten 0.2 ms after its attempt.
        std::thread::sleep(std::time::Duration::from_millis(5));
        limiter.prune();
        assert!(limiter.len() < 100, "{} remembered", limiter.len());
    }
}
