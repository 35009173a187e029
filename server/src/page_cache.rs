//! The rendered-page cache of the public pages.
//!
//! A public page (the catalogue, a village, a document, the data page, an answer to a
//! question …) is the same for every reader apart from the text size and the place chosen for
//! `/ask` (cookies). Each is rendered once per content revision and kept with its headers
//! and its compressed copies (brotli and gzip, each made the first time a browser asks for
//! it), so serving it is a copy of bytes. Pages carry no inline script, so no nonce has to
//! be put in per response. An address with a query string is kept from its second request
//! on, so query strings asked for once each never push the kept pages out; a page without
//! one is compressed at brotli's best quality, once per revision.
//!
//! Whether a kept page is still current is decided by the content revision in the database
//! (`site_revision`, counted up by triggers on every content table, whoever writes): it is
//! read again at most every `PORTAL_PAGE_RECHECK_MS` milliseconds (default 250; 0 reads it
//! for every request), and at once after any request on this instance that could write
//! (every method but GET and HEAD), so an editor sees their change on the next page and the
//! other instances within the interval. Personal pages (the form, receipts, status, staff)
//! never pass through here.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::storage::Store;

/// Pages kept at most (each key is a path with its query and the text size): with pages of
/// 20–60 KB and their compressed copies, some tens of megabytes at most; the least recently
/// asked for go first.
const PAGES_KEPT: usize = 1_024;
/// A rendered page larger than this is served but not kept.
const LARGEST_KEPT: usize = 2 * 1024 * 1024;
/// A query string longer than this is not a key worth keeping.
const LONGEST_QUERY: usize = 256;
/// Addresses with a query string asked for once, remembered (as hashes) so that the second
/// request keeps the page: a flood of query strings asked for once each (`?n=1`, `?n=2` …)
/// renders every one but pushes no kept page out.
const ASKED_ONCE: usize = 8_192;
/// A page without a query string (one of a bounded set: the catalogue, a document, a
/// village …) is compressed once per content revision at brotli's best quality, up to this
/// size: a sixth smaller than the quality used on the fly, for every reader after the first
/// (the policy plan of 160 KB: 51 → 46 KB, 190 ms once).
const BEST_QUALITY_UP_TO: usize = 256 * 1024;

/// Whether `path` is a public page that is the same for every reader.
pub fn is_public_page(path: &str) -> bool {
    matches!(
        path,
        "/" | "/pilots"
            | "/regions"
            | "/industries"
            | "/data"
            | "/policies"
            | "/ask"
            | "/qa"
            | "/targets"
            | "/privacy"
            | "/api"
            | "/posters"
    ) || [
        "/pilots/",
        "/industries/",
        "/policies/",
        "/interpretations/",
        "/villages/",
    ]
    .iter()
    .any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty())
    })
}

/// One kept page.
struct Page {
    revision: i64,
    status: StatusCode,
    /// The response's headers but the length and the encoding.
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The bytes as they are, and each compressed copy made the first time a browser asks
    /// for it (a page asked for once costs one compression, as it would uncached).
    raw: Bytes,
    br: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
    /// Brotli's quality for this page.
    quality: u32,
    /// The route it was rendered for, for the access log and the metrics.
    route: Option<MatchedPath>,
}

/// How the reader's browser takes the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// The kept pages and the revision they are checked against.
pub struct PageCache {
    pages: Mutex<lru::LruCache<String, Arc<Page>>>,
    /// Hashes of the keys with a query string asked for once (see [`ASKED_ONCE`]).
    asked_once: Mutex<lru::LruCache<u64, ()>>,
    hasher: std::collections::hash_map::RandomState,
    store: Option<Store>,
    revision: AtomicI64,
    /// Milliseconds since `started` when the revision was last read.
    checked_at: AtomicU64,
    /// Set by a request that could write: the next page reads the revision again.
    stale: AtomicBool,
    started: Instant,
    recheck: Duration,
}

impl PageCache {
    /// A cache over `store`'s content revision, read again at most every `recheck`.
    pub fn new(store: Store, recheck: Duration) -> Self {
        Self::build(Some(store), recheck)
    }

    /// A cache that keeps nothing (every page rendered for its request).
    pub fn off() -> Self {
        Self::build(None, Duration::ZERO)
    }

    fn build(store: Option<Store>, recheck: Duration) -> Self {
        Self {
            pages: Mutex::new(lru::LruCache::new(
                NonZeroUsize::new(PAGES_KEPT).unwrap_or(NonZeroUsize::MIN),
            )),
            asked_once: Mutex::new(lru::LruCache::new(
                NonZeroUsize::new(ASKED_ONCE).unwrap_or(NonZeroUsize::MIN),
            )),
            hasher: std::collections::hash_map::RandomState::new(),
            store,
            revision: AtomicI64::new(i64::MIN),
            checked_at: AtomicU64::new(0),
            stale: AtomicBool::new(true),
            started: Instant::now(),
            recheck,
        }
    }

    /// How many pages are kept now.
    pub fn len(&self) -> usize {
        self.pages.lock().map_or(0, |pages| pages.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The content revision, read from the database when the last reading is older than
    /// the interval or a request may have written since; `None` when it cannot be read
    /// (then nothing is served from or kept in the cache).
    async fn revision(&self) -> Option<i64> {
        let store = self.store.as_ref()?;
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let last = self.checked_at.load(Ordering::Acquire);
        let due = self.stale.swap(false, Ordering::AcqRel)
            || now.saturating_sub(last) >= u64::try_from(self.recheck.as_millis()).unwrap_or(0)
            || self.revision.load(Ordering::Acquire) == i64::MIN;
        if due {
            match store.site_revision().await {
                Ok(revision) => {
                    self.revision.store(revision, Ordering::Release);
                    self.checked_at.store(now, Ordering::Release);
                }
                Err(err) => {
                    tracing::warn!(error = %err, "the content revision could not be read");
                    self.stale.store(true, Ordering::Release);
                    return None;
                }
            }
        }
        Some(self.revision.load(Ordering::Acquire))
    }

    fn get(&self, key: &str, revision: i64) -> Option<Arc<Page>> {
        let mut pages = self.pages.lock().ok()?;
        let page = pages.get(key)?.clone();
        if page.revision == revision {
            Some(page)
        } else {
            pages.pop(key);
            None
        }
    }

    /// Whether `key` was asked for before (and is now worth keeping); remembers it if not.
    fn asked_before(&self, key: &str) -> bool {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(key);
        let Ok(mut asked) = self.asked_once.lock() else {
            return false;
        };
        if asked.pop(&hash).is_some() {
            true
        } else {
            asked.put(hash, ());
            false
        }
    }

    fn put(&self, key: String, page: Arc<Page>) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.put(key, page);
        }
    }
}

/// The middleware: serves a public page from the cache when it is current, else renders it,
/// keeps it and serves it the same way.
pub async fn serve(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let response = next.run(request).await;
        // Marked once the write is done (and committed): a page asked for in between may
        // have read the revision already.
        cache.stale.store(true, Ordering::Release);
        return response;
    }
    let Some(key) = key_of(&request) else {
        return next.run(request).await;
    };
    let Some(revision) = cache.revision().await else {
        return next.run(request).await;
    };
    let encoding = encoding_of(request.headers());
    if let Some(page) = cache.get(&key, revision) {
        return page.respond(encoding);
    }
    // A HEAD is answered by the GET route with its body taken away: served from a kept page
    // (the server sends no body), never kept.
    if request.method() == Method::HEAD {
        return next.run(request).await;
    }
    let with_query = request.uri().query().is_some();
    let response = next.run(request).await;
    // An address with a query string is kept from its second request on.
    if with_query && !cache.asked_before(&key) {
        return response;
    }
    match keep(response, revision, !with_query).await {
        Ok(page) => {
            let page = Arc::new(page);
            cache.put(key, page.clone());
            page.respond(encoding)
        }
        Err(response) => response,
    }
}

/// The cache key of a request for a public page: the text size, the place remembered (for
/// `/ask`), the path and the query;
/// `None` for anything else.
fn key_of(request: &Request) -> Option<String> {
    let uri = request.uri();
    if !is_public_page(uri.path()) || uri.query().is_some_and(|q| q.len() > LONGEST_QUERY) {
        return None;
    }
    let cookies = || {
        request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
    };
    let large = cookies().any(app::prefs::large_text_from_cookies);
    let size = if large { 'L' } else { 'N' };
    // The place remembered for `/ask` ranks its answers first: part of the key too.
    let place = cookies()
        .find_map(app::prefs::place_from_cookies)
        .unwrap_or_default();
    let size = format!("{size}{place}");
    Some(match uri.query() {
        Some(query) => format!("{size}{}?{query}", uri.path()),
        None => format!("{size}{}", uri.path()),
    })
}

/// Brotli when the browser takes it, else gzip, else the bytes as they are. A coding with
/// `q=0` is refused by the browser and not chosen.
fn encoding_of(headers: &HeaderMap) -> Encoding {
    let mut brotli = false;
    let mut gzip = false;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
            });
            if refused {
                continue;
            }
            brotli |= name == "br";
            gzip |= name == "gzip";
        }
    }
    if brotli {
        Encoding::Brotli
    } else if gzip {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// A rendered response as a kept page; a response that must not be kept comes back as it
/// was (an error, a redirect, one that sets a cookie or is already encoded).
async fn keep(response: Response, revision: i64, best: bool) -> Result<Page, Response> {
    let headers = response.headers();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK
        || !html
        || headers.contains_key(header::SET_COOKIE)
        || headers.contains_key(header::CONTENT_ENCODING)
    {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let route = parts.extensions.get::<MatchedPath>().cloned();
    let bytes = match axum::body::to_bytes(body, LARGEST_KEPT).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "a rendered page could not be read");
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
    };
    let kept_headers = parts
        .headers
        .iter()
        .filter(|(name, _)| ![header::CONTENT_LENGTH, header::CONTENT_ENCODING].contains(name))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    let bytes_len = bytes.len();
    Ok(Page {
        revision,
        status: parts.status,
        headers: kept_headers,
        raw: bytes,
        br: OnceLock::new(),
        gzip: OnceLock::new(),
        quality: if best && bytes_len <= BEST_QUALITY_UP_TO {
            11
        } else {
            6
        },
        route,
    })
}

impl Page {
    fn respond(&self, encoding: Encoding) -> Response {
        let br = || {
            self.br
                .get_or_init(|| compress_brotli(&self.raw, self.quality))
        };
        let gzip = || self.gzip.get_or_init(|| compress_gzip(&self.raw));
        let (body, coding) = match encoding {
            Encoding::Brotli if !br().is_empty() => (br().clone(), Some("br")),
            Encoding::Gzip | Encoding::Brotli if !gzip().is_empty() => {
                (gzip().clone(), Some("gzip"))
            }
            _ => (self.raw.clone(), None),
        };
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = self.status;
        if let Some(route) = &self.route {
            response.extensions_mut().insert(route.clone());
        }
        let headers = response.headers_mut();
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        response
    }
}

/// Brotli at `quality` (made once per page, revision and encoding: 11 for a page without a
/// query string, see [`BEST_QUALITY_UP_TO`]; 6 otherwise, so that keeping a page asked for
/// with many query strings costs no more than compressing it on the fly); empty if it fails.
fn compress_brotli(raw: &[u8], quality: u32) -> Bytes {
    let mut out = Vec::with_capacity(raw.len() / 4);
    let params = brotli::enc::BrotliEncoderParams {
        quality: i32::try_from(quality).unwrap_or(6),
        lgwin: 22,
        ..Default::default()
    };
    match brotli::BrotliCompress(&mut &raw[..], &mut out, &params) {
        Ok(_) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

/// Gzip at the default level (made once per page, revision and encoding); empty if it fails.
fn compress_gzip(raw: &[u8]) -> Bytes {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(raw.len() / 3),
        flate2::Compression::default(),
    );
    match encoder.write_all(raw).and_then(|()| encoder.finish()) {
        Ok(out) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_pages_are_kept() {
        for path in [
            "/",
            "/pilots",
            "/pilots/qxn-p-01",
            "/villages/522301001001",
            "/ask",
        ] {
            assert!(is_public_page(path), "{path}");
        }
        for path in [
            "/report",
            "/report/help",
            "/report/done/ABC",
            "/staff/cases",
            "/api/v1/pilots",
            "/pilots/",
            "/pkg/portal.css",
        ] {
            assert!(!is_public_page(path), "{path}");
        }
    }

    #[test]
    fn the_encoding_follows_the_browser() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            encoding_of(&headers)
        };
        assert_eq!(with("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(with("gzip"), Encoding::Gzip);
        assert_eq!(with("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(with("identity"), Encoding::Identity);
        assert_eq!(encoding_of(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn kept_copies_decompress_to_the_page() {
        use std::io::Read;
        let raw = "<p>乡村振兴信息公开门户</p>".repeat(200);
        let mut back = String::new();
        flate2::read::GzDecoder::new(&compress_gzip(raw.as_bytes())[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, raw);
        for quality in [6, 11] {
            let mut back = Vec::new();
            brotli::BrotliDecompress(
                &mut &compress_brotli(raw.as_bytes(), quality)[..],
                &mut back,
            )
            .unwrap();
            assert_eq!(back, raw.as_bytes());
        }
    }
}
