//! The rendered-page cache of the public pages.
//!
//! A public page (the catalogue, a village, a document, the data page, an answer to a
//! question …) is the same for every reader apart from the text size and the place chosen for
//! `/ask` (cookies). Each is rendered once per content revision and kept with its headers
//! and its compressed copies (brotli and gzip, each made the first time a browser asks for
//! it), so serving it is a copy of bytes. Pages carry no inline script, so no nonce has to
//! be put in per response. An address with a query string is kept from its second request
//! on, so query strings asked for once each never push the kept pages out (a page asked for
//! once is compressed here all the same, fast: it is for one reader); a page without one is
//! compressed at the best quality, once per revision.
//!
//! Whether a kept page is still current is decided by the content revision in the database
//! (`site_revision`, counted up by triggers on every content table, whoever writes): it is
//! read again at most every `PORTAL_PAGE_RECHECK_MS` milliseconds (default 250; 0 reads it
//! for every request), and at once after any request on this instance that could write
//! (every method but GET and HEAD), so an editor sees their change on the next page and the
//! other instances within the interval. Personal pages (the form, receipts, status, staff)
//! never pass through here.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

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

/// Whether `path` is a public page that is the same for every reader (the sitemap and the
/// feed too: each is a few thousand rows read and written per request, kept like a page).
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
            | "/sitemap.xml"
            | "/feed.xml"
    ) || [
        "/pilots/",
        "/data/",
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
    /// How hard its copies are compressed.
    quality: Quality,
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

/// The kept pages; the revision they are checked against is the store's
/// ([`Store::content_revision`]).
pub struct PageCache {
    pages: Mutex<lru::LruCache<String, Arc<Page>>>,
    /// Hashes of the keys with a query string asked for once (see [`ASKED_ONCE`]).
    asked_once: Mutex<lru::LruCache<u64, ()>>,
    hasher: std::collections::hash_map::RandomState,
    store: Option<Store>,
}

impl PageCache {
    /// A cache over `store`'s content revision, read again at most every `recheck`.
    pub fn new(store: Store, recheck: Duration) -> Self {
        store.recheck_revision_every(recheck);
        Self::build(Some(store))
    }

    /// A cache that keeps nothing (every page rendered for its request).
    pub fn off() -> Self {
        Self::build(None)
    }

    fn build(store: Option<Store>) -> Self {
        Self {
            pages: Mutex::new(lru::LruCache::new(
                NonZeroUsize::new(PAGES_KEPT).unwrap_or(NonZeroUsize::MIN),
            )),
            asked_once: Mutex::new(lru::LruCache::new(
                NonZeroUsize::new(ASKED_ONCE).unwrap_or(NonZeroUsize::MIN),
            )),
            hasher: std::collections::hash_map::RandomState::new(),
            store,
        }
    }

    /// How many pages are kept now.
    pub fn len(&self) -> usize {
        self.pages.lock().map_or(0, |pages| pages.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The content revision (`None` when it cannot be read: then nothing is served from or
    /// kept in the cache).
    async fn revision(&self) -> Option<i64> {
        match self.store.as_ref()?.content_revision().await {
            Ok(revision) => Some(revision),
            Err(err) => {
                tracing::warn!(error = %err, "the content revision could not be read");
                None
            }
        }
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

/// What a request for a public page asks for: its key and the encoding its browser takes.
/// Worked out once, by `crate::front`; a request it found no kept page for carries it on to
/// [`serve`].
#[derive(Clone)]
pub struct Wanted {
    key: String,
    encoding: Encoding,
}

impl Wanted {
    /// `None` for anything but a GET or HEAD of a public page.
    pub fn of(request: &Request) -> Option<Wanted> {
        if request.method() != Method::GET && request.method() != Method::HEAD {
            return None;
        }
        Some(Wanted {
            key: key_of(request)?,
            encoding: encoding_of(request.headers()),
        })
    }
}

impl PageCache {
    /// The kept page asked for, when there is one and it is current: answered before any
    /// other layer or route (see `crate::front`).
    pub async fn kept(&self, wanted: &Wanted) -> Option<Response> {
        let revision = self.revision().await?;
        let page = self.get(&wanted.key, revision)?;
        Some(page.respond(wanted.encoding))
    }
}

/// The middleware behind the router: a public page `crate::front` found no kept page for
/// (it carries [`Wanted`]) is rendered, kept and served the same way; any request that could
/// write makes the revision be read again.
pub async fn serve(
    State(cache): State<Arc<PageCache>>,
    mut request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let response = next.run(request).await;
        // Marked once the write is done (and committed): a page asked for in between may
        // have read the revision already.
        if let Some(store) = &cache.store {
            store.content_may_have_changed();
        }
        return response;
    }
    let Some(Wanted { key, encoding }) = request.extensions_mut().remove::<Wanted>() else {
        return next.run(request).await;
    };
    let Some(revision) = cache.revision().await else {
        return next.run(request).await;
    };
    // A HEAD is answered by the GET route with its body taken away: served from a kept page
    // (the server sends no body), never kept.
    if request.method() == Method::HEAD {
        return next.run(request).await;
    }
    let with_query = request.uri().query().is_some();
    let response = next.run(request).await;
    // An address with a query string is kept from its second request on. Until then it is
    // compressed here all the same (this thread's gzip state, brotli at quality 4, as the
    // compression layer would), and not kept.
    if with_query && !cache.asked_before(&key) {
        return match keep(response, revision, Quality::Once).await {
            Ok(page) => page.respond(encoding),
            Err(response) => response,
        };
    }
    let quality = if with_query {
        Quality::Kept
    } else {
        Quality::Best
    };
    match keep(response, revision, quality).await {
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

/// How hard a page is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quality {
    /// A page without a query string, up to [`BEST_QUALITY_UP_TO`], compressed once per
    /// revision for every reader: brotli 11, gzip 9.
    Best,
    /// A page kept for an address with a query string: brotli 6, gzip 6.
    Kept,
    /// A page for one reader, not kept, compressed while the reader waits: brotli 4 (as
    /// tower-http's compression layer does), gzip 1.
    Once,
}

impl Quality {
    fn brotli(self) -> u32 {
        match self {
            Quality::Best => 11,
            Quality::Kept => 6,
            Quality::Once => 4,
        }
    }

    fn gzip(self) -> GzipLevel {
        match self {
            Quality::Best => GzipLevel::Best,
            Quality::Kept => GzipLevel::Default,
            Quality::Once => GzipLevel::Fast,
        }
    }
}

/// The gzip levels in use: 9, 6 and 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GzipLevel {
    Best = 0,
    Default = 1,
    Fast = 2,
}

impl GzipLevel {
    fn compression(self) -> flate2::Compression {
        match self {
            GzipLevel::Best => flate2::Compression::best(),
            GzipLevel::Default => flate2::Compression::default(),
            GzipLevel::Fast => flate2::Compression::fast(),
        }
    }
}

/// A rendered response as a kept page; a response that must not be kept comes back as it
/// was (an error, a redirect, one that sets a cookie or is already encoded).
async fn keep(response: Response, revision: i64, quality: Quality) -> Result<Page, Response> {
    let headers = response.headers();
    // A page, the sitemap or the feed.
    let text = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            ["text/html", "application/xml", "application/atom+xml"]
                .iter()
                .any(|kind| v.starts_with(kind))
        });
    if response.status() != StatusCode::OK
        || !text
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
        quality: match quality {
            Quality::Best if bytes_len > BEST_QUALITY_UP_TO => Quality::Kept,
            quality => quality,
        },
        route,
    })
}

impl Page {
    fn respond(&self, encoding: Encoding) -> Response {
        let br = || {
            self.br
                .get_or_init(|| compress_brotli(&self.raw, self.quality.brotli()))
        };
        let gzip = || {
            self.gzip
                .get_or_init(|| compress_gzip(&self.raw, self.quality.gzip()))
        };
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
    // A window as large as the page (at least 64 KB, at most brotli's 4 MB): a page never
    // refers further back than its own start, and a smaller window is less to set up.
    let bits = usize::BITS - raw.len().leading_zeros();
    let params = brotli::enc::BrotliEncoderParams {
        quality: i32::try_from(quality).unwrap_or(6),
        lgwin: i32::try_from(bits.clamp(16, 22)).unwrap_or(22),
        ..Default::default()
    };
    match brotli::BrotliCompress(&mut &raw[..], &mut out, &params) {
        Ok(_) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

/// Gzip at `level` (made once per page, revision and encoding); empty if it fails. Each
/// thread keeps one deflate state per level and resets it for the next page: a new one is
/// about 300 KB to allocate and clear, more work than compressing a 20 KB page.
fn compress_gzip(raw: &[u8], level: GzipLevel) -> Bytes {
    use std::cell::RefCell;
    thread_local! {
        static DEFLATE: [RefCell<Option<flate2::Compress>>; 3] = Default::default();
    }
    DEFLATE.with(|states| {
        let Ok(mut state) = states[level as usize].try_borrow_mut() else {
            return Bytes::new();
        };
        let deflate =
            state.get_or_insert_with(|| flate2::Compress::new(level.compression(), false));
        deflate.reset();
        // The gzip header: deflate, no name, no time, "unknown" system (as flate2 writes it).
        let mut out = Vec::with_capacity(raw.len() / 3 + 64);
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        loop {
            let read = usize::try_from(deflate.total_in()).unwrap_or(usize::MAX);
            let Some(rest) = raw.get(read..) else {
                return Bytes::new();
            };
            match deflate.compress_vec(rest, &mut out, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => out.reserve(out.capacity().max(1024)),
                Err(_) => return Bytes::new(),
            }
        }
        let mut crc = flate2::Crc::new();
        crc.update(raw);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        // The length modulo 2^32, as gzip stores it.
        #[allow(
            clippy::cast_possible_truncation,
            reason = "gzip keeps the low 32 bits"
        )]
        out.extend_from_slice(&(raw.len() as u32).to_le_bytes());
        Bytes::from(out)
    })
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
        // The thread's gzip state, used for page after page of any size (a large one, an
        // empty one, one that does not compress) gives each its own whole stream.
        let noise: Vec<u8> = (0..300_000_u32)
            .map(|n| n.wrapping_mul(2_654_435_761).to_le_bytes()[3])
            .collect();
        for page in [
            raw.as_bytes(),
            &[],
            &noise[..],
            raw.repeat(40).as_bytes(),
            raw.as_bytes(),
        ] {
            for level in [GzipLevel::Fast, GzipLevel::Default, GzipLevel::Best] {
                let mut back = Vec::new();
                flate2::read::GzDecoder::new(&compress_gzip(page, level)[..])
                    .read_to_end(&mut back)
                    .unwrap();
                assert_eq!(back, page);
            }
        }
        // Each level is its own: the fast one is larger than the best one.
        let fast = compress_gzip(raw.as_bytes(), GzipLevel::Fast).len();
        let best = compress_gzip(raw.as_bytes(), GzipLevel::Best).len();
        assert!(fast > best, "{fast} > {best}");
        for quality in [Quality::Once, Quality::Kept, Quality::Best] {
            let mut back = Vec::new();
            brotli::BrotliDecompress(
                &mut &compress_brotli(raw.as_bytes(), quality.brotli())[..],
                &mut back,
            )
            .unwrap();
            assert_eq!(back, raw.as_bytes());
        }
    }
}
