//! Settings of this installation that pages show: the public address and the hotline.

use serde::{Deserialize, Serialize};

/// Where the portal is reached from outside and whom to call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteSettings {
    /// The public address without a trailing slash, e.g. `https://xczx.example.gov.cn`.
    /// QR codes and Open Graph links are built from it.
    pub base_url: String,
    /// The hotline printed on posters and pages, 12317 by default.
    pub hotline: String,
}

impl Default for SiteSettings {
    fn default() -> Self {
        Self {
            base_url: "http://127.0.0.1:3000".into(),
            hotline: "12317".into(),
        }
    }
}

impl SiteSettings {
    /// The absolute self-report address for one village: what its QR code encodes, and
    /// nothing else (never anything about a household).
    pub fn report_url(&self, village_id: &str) -> String {
        let id: String = form_urlencoded::byte_serialize(village_id.as_bytes()).collect();
        format!("{}/report?village={id}", self.base_url)
    }

    /// An absolute URL for a path of the portal.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_url_carries_the_village_and_nothing_else() {
        let site = SiteSettings {
            base_url: "https://xczx.example.cn".into(),
            hotline: "12317".into(),
        };
        assert_eq!(
            site.report_url("qxn-p-01"),
            "https://xczx.example.cn/report?village=qxn-p-01"
        );
        assert_eq!(
            site.report_url("a b&c"),
            "https://xczx.example.cn/report?village=a+b%26c"
        );
    }
}
