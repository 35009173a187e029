//! What every request meets first: its id, the access log, the headers every response
//! carries, and a current kept page (`crate::page_cache`) answered at once.
//!
//! A kept page is the most common answer and the cheapest: it is served here, before the
//! router and its layers (no route match, no clone of the layered services, no compression
//! layer); every other request passes on to the router of [`crate::router::app`]. Either
//! way the response leaves with the same headers and one log line.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::response::Response;
use axum::Router;
use tower::{Service, ServiceExt};

use crate::access::Entry;
use crate::page_cache::{PageCache, Wanted};
use crate::security::DEFAULT_CSP;

/// The header that carries a request's id (a proxy's `$request_id`, or ours).
pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The service in front of the router.
#[derive(Clone)]
pub struct Front(Arc<Parts>);

struct Parts {
    pages: Arc<PageCache>,
    /// `Strict-Transport-Security`, over https only.
    hsts: Option<HeaderValue>,
    router: Router,
}

impl Front {
    pub fn new(pages: Arc<PageCache>, hsts: Option<HeaderValue>, router: Router) -> Front {
        Front(Arc::new(Parts {
            pages,
            hsts,
            router,
        }))
    }
}

impl Service<Request> for Front {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let parts = self.0.clone();
        Box::pin(async move {
            let id = request_id(&mut request);
            let entry = Entry::begin(&request);
            let wanted = Wanted::of(&request);
            let kept = match &wanted {
                Some(wanted) => parts.pages.kept(wanted).await,
                None => None,
            };
            let mut response = if let Some(response) = kept {
                response
            } else {
                // The page cache keeps what the router renders for it.
                if let Some(wanted) = wanted {
                    request.extensions_mut().insert(wanted);
                }
                match parts.router.clone().oneshot(request).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                }
            };
            let headers = response.headers_mut();
            every_response(headers, parts.hsts.as_ref());
            if !headers.contains_key(&REQUEST_ID) {
                headers.insert(REQUEST_ID.clone(), id.clone());
            }
            entry.finish(&response, &id);
            Ok(response)
        })
    }
}

/// The headers of every response, where the handler set none of its own: pages set their
/// own policy (`app::PAGE_SECURITY_POLICY`), the default one covers files, open data and
/// anything else.
fn every_response(headers: &mut HeaderMap, hsts: Option<&HeaderValue>) {
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::CONTENT_SECURITY_POLICY, DEFAULT_CSP),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    // Over https, browsers are told to keep to https for a year.
    if let Some(hsts) = hsts {
        if !headers.contains_key(header::STRICT_TRANSPORT_SECURITY) {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
        }
    }
}

/// The request's id: the one a proxy sent, or a fresh one (put on the request as well).
fn request_id(request: &mut Request) -> HeaderValue {
    if let Some(id) = request.headers().get(&REQUEST_ID) {
        return id.clone();
    }
    let id = fresh_id();
    request.headers_mut().insert(REQUEST_ID.clone(), id.clone());
    id
}

/// A fresh id: 16 hex digits, this process's random half and a count of its requests.
/// Unique is all an id must be (it ties a log line to a response), so the system's random
/// source is read once, not per request.
fn fresh_id() -> HeaderValue {
    static PROCESS: OnceLock<u32> = OnceLock::new();
    static COUNT: AtomicU32 = AtomicU32::new(0);
    let process = *PROCESS.get_or_init(|| {
        let mut bytes = [0_u8; 4];
        // Without a random source the ids are still unique within this process.
        let _ = crate::security::vault::random_bytes(&mut bytes);
        u32::from_le_bytes(bytes)
    });
    let count = COUNT.fetch_add(1, Ordering::Relaxed);
    let text = format!("{process:08x}{count:08x}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handlers_own_header_is_kept_and_the_rest_are_added() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'"),
        );
        every_response(
            &mut headers,
            Some(&HeaderValue::from_static("max-age=31536000")),
        );
        assert_eq!(
            headers[header::CONTENT_SECURITY_POLICY],
            "default-src 'self'"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(
            headers[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000"
        );
        let mut plain = HeaderMap::new();
        every_response(&mut plain, None);
        assert_eq!(plain[header::CONTENT_SECURITY_POLICY], DEFAULT_CSP);
        assert!(!plain.contains_key(header::STRICT_TRANSPORT_SECURITY));
    }

    #[test]
    fn fresh_ids_are_sixteen_hex_digits_and_never_repeat() {
        let ids: std::collections::HashSet<String> = (0..1_000)
            .map(|_| fresh_id().to_str().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), 1_000);
        assert!(ids
            .iter()
            .all(|id| id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())));
    }
}
