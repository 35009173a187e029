//! HTTP helpers shared by every handler: rendering a page of the app with extra context,
//! the origin check of a POST, redirects, caching, and reading a form body.
//!
//! Nothing here knows about reports or staff; both sides build on it, so no handler module
//! imports another.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use app::model::clean_text;
use app::ports::{provide_ports, provide_site};

use crate::state::AppState;

/// What every rendered page can reach: the ports, this installation's settings and the
/// names of the stylesheet and the browser's WebAssembly in this build.
pub fn page_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let ports = state.ports();
    let site = state.site.clone();
    let stylesheet = app::StylesheetHref(state.build_files.css.as_str().into());
    let files = &state.build_files;
    let wasm = app::WasmFiles {
        forms: (files.js.as_str().into(), files.wasm.as_str().into()),
        chart: (
            files.chart_js.as_str().into(),
            files.chart_wasm.as_str().into(),
        ),
    };
    move || {
        provide_ports(ports.clone());
        provide_site(site.clone());
        leptos::prelude::provide_context(stylesheet.clone());
        leptos::prelude::provide_context(wasm.clone());
    }
}

/// Renders a page of the app for `path` with extra context, as the GET would, keeping the
/// reader's cookies (text size).
pub async fn render_page(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    extra: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let base = page_context(state);
    let context = move || {
        base();
        extra();
    };
    let options = state.leptos_options.clone();
    let render =
        leptos_axum::render_app_async_with_context(context, move || app::shell(options.clone()));
    let mut request = axum::http::Request::get(path);
    if let Some(cookie) = headers.get(header::COOKIE) {
        request = request.header(header::COOKIE, cookie.clone());
    }
    match request.body(Body::empty()) {
        Ok(request) => render(request).await.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "a page could not be rendered");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `303 See Other` to `location`.
pub fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// A response that holds personal data (a typed form, a receipt, a status, a staff page):
/// no cache keeps it.
pub fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The value of the cookie `name` in a request's headers, as sent (each caller checks the
/// shape it expects).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// One value of a query string, or empty.
pub fn query_value(raw: Option<&str>, name: &str) -> String {
    form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The fields of a posted form. A field sent twice keeps its first value (as a plain form
/// never sends a text field twice, a second one is not ours); invalid UTF-8 is replaced,
/// never a reason to drop the rest.
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// The fields of a urlencoded body, every name and value without control characters
    /// ([`app::model::clean_text`]).
    pub fn parse(body: &[u8]) -> Fields {
        Fields(
            form_urlencoded::parse(body)
                .map(|(k, v)| (clean_text(&k), clean_text(&v)))
                .collect(),
        )
    }

    pub fn from_pairs(pairs: Vec<(String, String)>) -> Fields {
        Fields(pairs)
    }

    /// The first value of `name`, or empty.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every (name, value) in the order sent.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The fields as a typed form (`#[serde(default)]` structs of strings): the first value
    /// of each name, unknown names ignored.
    pub fn typed<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        let mut seen: Vec<&str> = Vec::new();
        let firsts: Vec<(&str, &str)> = self
            .pairs()
            .filter(|(k, _)| {
                if seen.contains(k) {
                    false
                } else {
                    seen.push(k);
                    true
                }
            })
            .collect();
        let deserializer = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(
            firsts.into_iter(),
        );
        T::deserialize(deserializer).map_err(|e| e.to_string())
    }
}

/// Why a form body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyProblem {
    /// Longer than the form allows.
    TooLarge,
    /// The connection ended before the body did.
    Broken,
}

/// Reads a request body of at most `limit` bytes.
pub async fn read_body(body: Body, limit: usize) -> Result<axum::body::Bytes, BodyProblem> {
    axum::body::to_bytes(body, limit).await.map_err(|err| {
        // http-body's `LengthLimitError` says "length limit exceeded", somewhere in the chain.
        let mut cause: Option<&dyn std::error::Error> = Some(&err);
        let mut too_large = false;
        while let Some(e) = cause {
            too_large |= e.to_string().contains("length limit");
            cause = e.source();
        }
        if too_large {
            BodyProblem::TooLarge
        } else {
            BodyProblem::Broken
        }
    })
}

/// The largest page read whole to cut its tail; pages are tens of kilobytes.
const LARGEST_PAGE: usize = 16 * 1024 * 1024;

/// Leptos ends every page it renders with inline scripts after `</html>`
/// (`__RESOLVED_RESOURCES=[];…`) that only a hydrating browser reads. No page hydrates, and
/// the pages' policy lets no inline script run (`app::PAGE_SECURITY_POLICY`), so they are
/// cut from every HTML response: the browser would refuse them and say so in its console.
pub async fn without_hydration_scripts(response: Response) -> Response {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, LARGEST_PAGE).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "a rendered page could not be read");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cut_trailing_scripts(bytes)))
}

/// `page` up to its `</html>` when only inline scripts follow it; otherwise as it is.
fn cut_trailing_scripts(page: axum::body::Bytes) -> axum::body::Bytes {
    let Some(end) = page
        .windows(b"</html>".len())
        .rposition(|w| w == b"</html>")
        .map(|at| at + b"</html>".len())
    else {
        return page;
    };
    let Ok(mut tail) = std::str::from_utf8(&page[end..]) else {
        return page;
    };
    loop {
        tail = tail.trim_start();
        if tail.is_empty() {
            return page.slice(..end);
        }
        let Some(rest) = tail.strip_prefix("<script") else {
            return page;
        };
        // `<script>` or `<script nonce="…">`, nothing else.
        let Some(open_end) = rest.find('>') else {
            return page;
        };
        let attributes = rest[..open_end].trim();
        if !(attributes.is_empty() || attributes.starts_with("nonce=")) {
            return page;
        }
        let Some(close) = rest[open_end..].find("</script>") else {
            return page;
        };
        tail = &rest[open_end + close + "</script>".len()..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_after_the_page_are_cut() {
        let cut = |page: &'static str| {
            String::from_utf8(
                cut_trailing_scripts(axum::body::Bytes::from_static(page.as_bytes())).to_vec(),
            )
            .unwrap()
        };
        assert_eq!(
            cut("<html><body>x</body></html><script nonce=\"N\">a=[];</script><script>b=1;</script>"),
            "<html><body>x</body></html>"
        );
        assert_eq!(cut("<html></html>"), "<html></html>");
        // Anything else after the page stays, and so does a script inside it.
        for page in [
            "<html></html><p>x</p>",
            "<html></html><script src=\"/a.js\"></script>",
            "<html></html><script nonce=\"N\">a",
            "<html><script>inside</script></html>",
            "no page",
        ] {
            assert_eq!(cut(page), page);
        }
    }

    #[derive(serde::Deserialize, Default, Debug, PartialEq)]
    #[serde(default)]
    struct Typed {
        name: String,
        note: String,
    }

    #[test]
    fn fields_keep_the_first_of_a_repeated_name_and_type_themselves() {
        let fields = Fields::parse(b"name=a&name=b&other=x&note=%E5%A5%BD");
        assert_eq!(fields.get("name"), "a");
        assert_eq!(fields.get("missing"), "");
        assert_eq!(
            fields.typed::<Typed>().unwrap(),
            Typed {
                name: "a".into(),
                note: "好".into()
            }
        );
        // Invalid UTF-8 is replaced, not a reason to lose the form; control characters go.
        let fields = Fields::parse(b"name=%FF%FEx&note=a%00b%1Bc%0Ad");
        assert!(fields.get("name").ends_with('x'));
        assert_eq!(fields.get("note"), "abc\nd");
    }
}
