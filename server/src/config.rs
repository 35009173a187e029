//! Configuration from environment variables, with safe defaults.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::security::{origin_of, TrustedProxies};

/// Everything the server reads from its environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// `LEPTOS_SITE_ADDR`, default `127.0.0.1:3000`.
    pub site_addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`, default `target/site`: the built CSS, JS and WebAssembly.
    pub site_root: PathBuf,
    /// `PORTAL_DATA_DIR`, default `./data`: the SQLite file and other files the server keeps.
    pub data_dir: PathBuf,
    /// `PORTAL_DATABASE_URL`, default `sqlite://<data dir>/portal.db`.
    pub database_url: String,
    /// `PORTAL_BASE_URL`, default `http://<site addr>`: the public address, without a
    /// trailing slash. QR codes on posters encode it, so set it before printing them.
    pub base_url: String,
    /// `PORTAL_HOTLINE`, default `12317`: the hotline printed on posters and pages.
    pub hotline: String,
    /// `PORTAL_KEY_FILE`, default `<data dir>/report.key`: the key that seals personal data
    /// in self-reports. Created with mode 0600 on first start; back it up apart from the
    /// database (without it the sealed data cannot be read).
    pub key_file: PathBuf,
    /// `PORTAL_SUBMITS_PER_MINUTE`, default 10: self-reports accepted per address a minute.
    pub submits_per_minute: u32,
    /// `PORTAL_STATUS_PER_MINUTE`, default 10: status look-ups per address a minute.
    pub status_per_minute: u32,
    /// `PORTAL_STAFF_IDLE_MINUTES`, default 30: a staff session unused this long ends.
    pub staff_idle_minutes: u32,
    /// `PORTAL_TRUSTED_PROXIES`, empty by default: the reverse proxies (CIDR list) whose
    /// `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
    /// `PORTAL_LOGIN_FAILURES_PER_ADDRESS`, default 20: wrong passwords from one address (for
    /// any accounts) within 15 minutes before that address must wait.
    pub login_failures_per_address: u32,
    /// `PORTAL_METRICS_ADDR`, off by default: where `/metrics` (Prometheus text) is served,
    /// apart from the site.
    pub metrics_addr: Option<SocketAddr>,
    /// Whether `PORTAL_BASE_URL` was set: then a form's `Origin` is checked against it rather
    /// than against the `Host` header (which a proxy may rewrite).
    pub base_url_set: bool,
    /// How long a kept public page is served before the content revision is read again
    /// (`PORTAL_PAGE_RECHECK_MS`, default 250; 0 reads it for every request).
    pub page_recheck: Duration,
}

/// A setting that could not be read. The message names the variable.
#[derive(Debug, thiserror::Error)]
#[error("环境变量 {name} 的值“{value}”无效：{reason}")]
pub struct ConfigError {
    name: &'static str,
    value: String,
    reason: &'static str,
}

/// Settings no longer read: starting with one set is refused, with what to do instead.
const RETIRED: [&str; 3] = [
    "PORTAL_DAYS_ACCEPT",
    "PORTAL_DAYS_VILLAGE_CHECK",
    "PORTAL_DAYS_COUNTY_DECISION",
];

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads the configuration through `lookup`, so tests need not touch the environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let site_addr = match lookup("LEPTOS_SITE_ADDR") {
            Some(value) => value.trim().parse().map_err(|_| ConfigError {
                name: "LEPTOS_SITE_ADDR",
                value,
                reason: "应为 IP:端口，例如 127.0.0.1:3000",
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
        };
        let site_root =
            PathBuf::from(lookup("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()));
        let data_dir = PathBuf::from(lookup("PORTAL_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = match lookup("PORTAL_DATABASE_URL") {
            Some(url)
                if url.starts_with("sqlite:")
                    || url.starts_with("postgres://")
                    || url.starts_with("postgresql://") =>
            {
                url
            }
            Some(value) => {
                return Err(ConfigError {
                    name: "PORTAL_DATABASE_URL",
                    value: redact_password(&value),
                    reason: "应以 sqlite: 或 postgres:// 开头",
                })
            }
            None => format!("sqlite://{}", data_dir.join("portal.db").display()),
        };
        let base_url_set = lookup("PORTAL_BASE_URL").is_some();
        let base_url = match lookup("PORTAL_BASE_URL") {
            Some(value) => {
                let trimmed = value.trim().trim_end_matches('/').to_string();
                let valid = (trimmed.starts_with("http://") || trimmed.starts_with("https://"))
                    && trimmed.len() > "https://".len()
                    && !trimmed.contains(['?', '#', ' ']);
                if !valid {
                    return Err(ConfigError {
                        name: "PORTAL_BASE_URL",
                        value,
                        reason:
                            "应为 http:// 或 https:// 开头的网址，例如 https://xczx.example.gov.cn",
                    });
                }
                trimmed
            }
            None => format!("http://{site_addr}"),
        };
        let hotline = match lookup("PORTAL_HOTLINE") {
            Some(value)
                if !value.trim().is_empty()
                    && value.trim().chars().count() <= 20
                    && value.trim().chars().all(|c| c.is_ascii_digit() || c == '-') =>
            {
                value.trim().to_string()
            }
            Some(value) => {
                return Err(ConfigError {
                    name: "PORTAL_HOTLINE",
                    value,
                    reason: "应为电话号码，只含数字和短横线，例如 12317 或 0859-1234567",
                })
            }
            None => "12317".to_string(),
        };
        let number = |name: &'static str, default: u32, max: u32| -> Result<u32, ConfigError> {
            match lookup(name) {
                None => Ok(default),
                Some(value) => match value.trim().parse::<u32>() {
                    Ok(n) if (1..=max).contains(&n) => Ok(n),
                    _ => Err(ConfigError {
                        name,
                        value,
                        reason: "应为正整数",
                    }),
                },
            }
        };
        // The time limits were once set here without a source; they are each county's now,
        // recorded with the rule they come from. A setting left over is refused, not ignored.
        for name in RETIRED {
            if let Some(value) = lookup(name) {
                return Err(ConfigError {
                    name,
                    value,
                    reason: "已不再使用：办理步骤和时限由管理员在工作台“办理时限”页按县录入，并写明依据的文件。请删去这个设置",
                });
            }
        }
        let submits_per_minute = number("PORTAL_SUBMITS_PER_MINUTE", 10, 1_000_000)?;
        let status_per_minute = number("PORTAL_STATUS_PER_MINUTE", 10, 1_000_000)?;
        let staff_idle_minutes = number("PORTAL_STAFF_IDLE_MINUTES", 30, 24 * 60)?;
        let login_failures_per_address = number("PORTAL_LOGIN_FAILURES_PER_ADDRESS", 20, 100_000)?;
        let key_file =
            lookup("PORTAL_KEY_FILE").map_or_else(|| data_dir.join("report.key"), PathBuf::from);
        let trusted_proxies = match lookup("PORTAL_TRUSTED_PROXIES") {
            None => TrustedProxies::default(),
            Some(value) => TrustedProxies::parse(&value).map_err(|_| ConfigError {
                name: "PORTAL_TRUSTED_PROXIES",
                value,
                reason: "应为反向代理的地址或网段，用逗号分隔，例如 127.0.0.1/32, 10.0.0.0/8",
            })?,
        };
        let metrics_addr = match lookup("PORTAL_METRICS_ADDR") {
            None => None,
            Some(value) => Some(value.trim().parse().map_err(|_| ConfigError {
                name: "PORTAL_METRICS_ADDR",
                value,
                reason: "应为 IP:端口，例如 127.0.0.1:9100",
            })?),
        };
        let page_recheck = match lookup("PORTAL_PAGE_RECHECK_MS") {
            None => Duration::from_millis(250),
            Some(value) => match value.trim().parse::<u64>() {
                Ok(ms) if ms <= 60_000 => Duration::from_millis(ms),
                _ => {
                    return Err(ConfigError {
                        name: "PORTAL_PAGE_RECHECK_MS",
                        value,
                        reason: "应为 0 到 60000 之间的毫秒数（0 表示每个请求都查看内容是否更新）",
                    })
                }
            },
        };
        Ok(Config {
            site_addr,
            site_root,
            data_dir,
            database_url,
            base_url,
            hotline,
            key_file,
            submits_per_minute,
            status_per_minute,
            staff_idle_minutes,
            trusted_proxies,
            login_failures_per_address,
            metrics_addr,
            base_url_set,
            page_recheck,
        })
    }

    /// The origin (`scheme://host[:port]`) a form must come from when `PORTAL_BASE_URL` is
    /// set; without it the `Host` header decides.
    pub fn expected_origin(&self) -> Option<String> {
        self.base_url_set.then(|| origin_of(&self.base_url))
    }

    /// Whether the public address is https: then cookies are `Secure` and browsers are told
    /// to keep to https.
    pub fn https(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// What pages show of this installation: its public address and hotline.
    pub fn site_settings(&self) -> app::model::SiteSettings {
        app::model::SiteSettings {
            base_url: self.base_url.clone(),
            hotline: self.hotline.clone(),
        }
    }

    /// The database URL with any password replaced, for logs and messages.
    pub fn database_url_for_log(&self) -> String {
        redact_password(&self.database_url)
    }
}

/// Replaces the password of `scheme://user:password@host` with `***`.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_serve_on_loopback_with_sqlite_under_data() {
        let c = config(&[]).unwrap();
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.data_dir, PathBuf::from("./data"));
        assert_eq!(c.database_url, "sqlite://./data/portal.db");
    }

    #[test]
    fn the_public_address_defaults_to_the_listening_address_and_loses_its_slash() {
        let c = config(&[("LEPTOS_SITE_ADDR", "127.0.0.1:8080")]).unwrap();
        assert_eq!(c.base_url, "http://127.0.0.1:8080");
        assert_eq!(c.hotline, "12317");
        let c = config(&[
            ("PORTAL_BASE_URL", "https://xczx.example.gov.cn/"),
            ("PORTAL_HOTLINE", "0859-3222222"),
        ])
        .unwrap();
        assert_eq!(c.base_url, "https://xczx.example.gov.cn");
        assert_eq!(c.hotline, "0859-3222222");
    }

    #[test]
    fn report_settings_have_defaults_and_refuse_nonsense() {
        let c = config(&[]).unwrap();
        assert_eq!(c.key_file, PathBuf::from("./data/report.key"));
        assert_eq!((c.submits_per_minute, c.status_per_minute), (10, 10));
        let c = config(&[("PORTAL_KEY_FILE", "/etc/portal/key")]).unwrap();
        assert_eq!(c.key_file, PathBuf::from("/etc/portal/key"));
        for bad in ["0", "-1", "两天"] {
            let err = config(&[("PORTAL_SUBMITS_PER_MINUTE", bad)])
                .unwrap_err()
                .to_string();
            assert!(err.contains("PORTAL_SUBMITS_PER_MINUTE"), "{err}");
        }
        // The retired time limits are refused with what to do instead.
        let err = config(&[("PORTAL_DAYS_ACCEPT", "2")])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("PORTAL_DAYS_ACCEPT") && err.contains("办理时限"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_public_address_or_hotline_is_refused() {
        for bad in [
            "xczx.example.cn",
            "https://",
            "https://a.cn/?x=1",
            "ftp://a.cn",
        ] {
            let err = config(&[("PORTAL_BASE_URL", bad)]).unwrap_err().to_string();
            assert!(err.contains("PORTAL_BASE_URL"), "{bad}: {err}");
        }
        let err = config(&[("PORTAL_HOTLINE", "call us")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("PORTAL_HOTLINE"), "{err}");
    }

    #[test]
    fn proxies_origin_and_metrics_are_read_and_checked() {
        let c = config(&[]).unwrap();
        assert!(c.trusted_proxies.is_empty());
        assert_eq!(
            c.expected_origin(),
            None,
            "without a base URL the Host decides"
        );
        assert_eq!(c.metrics_addr, None);
        assert_eq!(c.login_failures_per_address, 20);
        assert!(!c.https());
        let c = config(&[
            ("PORTAL_TRUSTED_PROXIES", "127.0.0.1/32, ::1"),
            ("PORTAL_BASE_URL", "https://XCZX.example.gov.cn:443/"),
            ("PORTAL_METRICS_ADDR", "127.0.0.1:9100"),
            ("PORTAL_LOGIN_FAILURES_PER_ADDRESS", "50"),
        ])
        .unwrap();
        assert!(!c.trusted_proxies.is_empty());
        assert_eq!(
            c.expected_origin().as_deref(),
            Some("https://xczx.example.gov.cn")
        );
        assert_eq!(c.metrics_addr.map(|a| a.port()), Some(9100));
        assert_eq!(c.login_failures_per_address, 50);
        assert!(c.https());
        for (name, bad) in [
            ("PORTAL_TRUSTED_PROXIES", "nginx"),
            ("PORTAL_METRICS_ADDR", "9100"),
            ("PORTAL_LOGIN_FAILURES_PER_ADDRESS", "0"),
        ] {
            let err = config(&[(name, bad)]).unwrap_err().to_string();
            assert!(err.contains(name), "{err}");
        }
        assert_eq!(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(origin_of("http://a.cn:80/x"), "http://a.cn");
    }

    #[test]
    fn the_data_dir_moves_the_default_database() {
        let c = config(&[("PORTAL_DATA_DIR", "/srv/portal")]).unwrap();
        assert_eq!(c.database_url, "sqlite:///srv/portal/portal.db");
    }

    #[test]
    fn an_explicit_database_url_wins() {
        let c = config(&[("PORTAL_DATABASE_URL", "postgres://u:p@127.0.0.1/portal")]).unwrap();
        assert_eq!(c.database_url, "postgres://u:p@127.0.0.1/portal");
        assert_eq!(
            c.database_url_for_log(),
            "postgres://u:***@127.0.0.1/portal"
        );
    }

    #[test]
    fn a_bad_address_is_refused_with_the_variable_named() {
        let err = config(&[("LEPTOS_SITE_ADDR", "localhost")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("LEPTOS_SITE_ADDR"), "{err}");
    }

    #[test]
    fn an_unknown_database_scheme_is_refused_without_showing_the_password() {
        let err = config(&[("PORTAL_DATABASE_URL", "mysql://u:secret@h/db")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("PORTAL_DATABASE_URL"), "{err}");
        assert!(!err.contains("secret"), "{err}");
    }
}
