//! Security: sealing personal data ([`vault`]), the headers every response carries, and
//! per-address limits on submissions and status look-ups.

pub mod vault;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::ConnectInfo;
use axum::http::Request;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// The policy of everything that is not a page (files, open data): nothing may run.
pub const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// A per-address limit: so many attempts a minute, then refused until time passes.
#[derive(Clone)]
pub struct Limiter {
    inner: Arc<DefaultKeyedRateLimiter<IpAddr>>,
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
        }
    }

    /// Whether `address` may make one more attempt now.
    pub fn allow(&self, address: IpAddr) -> bool {
        self.inner.check_key(&address).is_ok()
    }
}

/// The address a request came from (the TCP peer). Requests without one (tests driving
/// the router directly) share one bucket.
pub fn client_address<B>(request: &Request<B>) -> IpAddr {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_refuses_the_attempt_after_the_quota_per_address() {
        let limiter = Limiter::per_minute(3);
        let a = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        let b = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        assert!((0..3).all(|_| limiter.allow(a)));
        assert!(!limiter.allow(a));
        assert!(limiter.allow(b), "another address has its own quota");
    }
}
