//! What the server knows about the reader from the request: the path (to decide whether the
//! page loads its plain scripts) and the text size chosen earlier (kept in a cookie, so the first
//! paint is already at the right size, with or without JavaScript).

/// The cookie that remembers the large-text choice.
pub const TEXT_SIZE_COOKIE: &str = "text_size";

/// The cookie that remembers the reader's place (a key of
/// [`crate::model::places::PLACES`]), so `/ask` ranks that place's answers first.
pub const PLACE_COOKIE: &str = "region";

/// Preferences and facts of the current request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestPrefs {
    pub path: String,
    pub large_text: bool,
    /// The place chosen earlier, if it is one the portal knows.
    pub place: Option<String>,
}

/// The known place a `Cookie` header value remembers.
pub fn place_from_cookies(header: &str) -> Option<String> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == PLACE_COOKIE)
        .and_then(|(_, value)| crate::model::places::by_key(value))
        .map(|place| place.key.to_string())
}

/// The `Set-Cookie` value that remembers (or, with `None`, forgets) the place for a year.
pub fn place_cookie(place: Option<&str>) -> String {
    match place {
        Some(key) => format!("{PLACE_COOKIE}={key}; Path=/; Max-Age=31536000; SameSite=Lax"),
        None => format!("{PLACE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax"),
    }
}

/// Whether a `Cookie` header value asks for large text.
pub fn large_text_from_cookies(header: &str) -> bool {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name == TEXT_SIZE_COOKIE && value == "large")
}

/// Reads the current request's path and text size; defaults outside a request.
#[cfg(feature = "ssr")]
pub fn request_prefs() -> RequestPrefs {
    use leptos::prelude::use_context;
    let Some(parts) = use_context::<http::request::Parts>() else {
        return RequestPrefs::default();
    };
    let cookies = || {
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
    };
    RequestPrefs {
        path: parts.uri.path().to_string(),
        large_text: cookies().any(large_text_from_cookies),
        place: cookies().find_map(place_from_cookies),
    }
}

/// Outside the server nothing is known of the request (the `hydrate` build renders nothing).
#[cfg(not(feature = "ssr"))]
pub fn request_prefs() -> RequestPrefs {
    RequestPrefs::default()
}

/// Where a form may send the reader back to: a local path only, never another site.
pub fn safe_return_path(candidate: &str) -> &str {
    let local = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.starts_with("/\\")
        && !candidate.chars().any(char::is_control);
    if local {
        candidate
    } else {
        "/"
    }
}

/// The `Set-Cookie` value that remembers (or forgets) large text for a year.
pub fn text_size_cookie(large: bool) -> String {
    if large {
        format!("{TEXT_SIZE_COOKIE}=large; Path=/; Max-Age=31536000; SameSite=Lax")
    } else {
        format!("{TEXT_SIZE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_is_read_from_its_cookie_and_must_be_known() {
        assert_eq!(
            place_from_cookies("a=b; region=yunxi").as_deref(),
            Some("yunxi")
        );
        assert_eq!(place_from_cookies("region=beijing"), None);
        assert_eq!(place_from_cookies("other_region=yunxi"), None);
        assert!(place_cookie(Some("bishan")).starts_with("region=bishan;"));
        assert!(place_cookie(None).contains("Max-Age=0"));
    }

    #[test]
    fn large_text_is_read_from_its_cookie_only() {
        assert!(large_text_from_cookies("text_size=large"));
        assert!(large_text_from_cookies("a=b; text_size=large; c=d"));
        assert!(!large_text_from_cookies("text_size=normal"));
        assert!(!large_text_from_cookies("other_text_size=large"));
        assert!(!large_text_from_cookies(""));
    }

    /// The plain script of every page writes the cookie the server writes, and deletes the
    /// draft `/draft.js` keeps, under its key, after the same lifetime.
    #[test]
    fn the_plain_script_writes_the_same_cookie_and_knows_the_draft() {
        use crate::controls::report_draft::{DRAFT_KEY, DRAFT_LIFETIME_MS, SAVED_AT};
        let script = include_str!("../../public/site.js");
        for large in [true, false] {
            let cookie = text_size_cookie(large);
            assert!(script.contains(&format!("'{cookie}'")), "{cookie}");
        }
        assert!(script.contains(&format!("'{DRAFT_KEY}'")));
        assert!(script.contains(&format!("'{SAVED_AT}'")));
        assert_eq!(DRAFT_LIFETIME_MS, 24.0 * 60.0 * 60.0 * 1000.0);
        assert!(script.contains("DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000"));
    }

    #[test]
    fn return_paths_stay_on_this_site() {
        assert_eq!(safe_return_path("/pilots?level=省级"), "/pilots?level=省级");
        assert_eq!(safe_return_path("https://evil.example/"), "/");
        assert_eq!(safe_return_path("//evil.example/"), "/");
        assert_eq!(safe_return_path("/\\evil.example"), "/");
        assert_eq!(safe_return_path("/a\r\nSet-Cookie: x=1"), "/");
        assert_eq!(safe_return_path(""), "/");
    }
}
