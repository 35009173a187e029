//! The built site's file names. The site (`server site`, [`crate::site_build`]; or
//! cargo-leptos with `hash-files` in `Cargo.toml`) names every file of `/pkg` by its content
//! (`portal.<hash>.css`) and writes the hashes to `hash.txt` beside the server binary. A file whose name cannot
//! change without its content changing is served as immutable; the pages, and the service
//! worker made here from `public/sw.js`, name the stylesheet of this build.
//!
//! A binary without `hash.txt` beside it (a plain `cargo build` or `cargo test`) names the
//! files as the build without hashes does.

use std::path::PathBuf;

use leptos::prelude::LeptosOptions;

/// The name of the file the pages and the service worker name, as a path (`/pkg/…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildFiles {
    /// Whether the name carries its content's hash.
    pub hashed: bool,
    pub css: String,
    /// The browser's WebAssembly for forms and its wasm-bindgen glue (`browser/`).
    pub js: String,
    pub wasm: String,
    /// The browser's WebAssembly for an industry's chart and its glue.
    pub chart_js: String,
    pub chart_wasm: String,
}

/// The name of the chart's module and glue in `/pkg` (`chart.<hash>.wasm`).
pub const CHART_NAME: &str = "chart";

/// Where `server site`, Leptos and cargo-leptos keep the hashes: beside the running binary.
pub fn hash_file(options: &LeptosOptions) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join(options.hash_file.as_ref()))
}

impl BuildFiles {
    /// The names without hashes.
    pub fn plain(options: &LeptosOptions) -> BuildFiles {
        let pkg = format!("/{}", options.site_pkg_dir);
        let name = &options.output_name;
        BuildFiles {
            hashed: false,
            css: format!("{pkg}/{name}.css"),
            js: format!("{pkg}/{name}.js"),
            wasm: format!("{pkg}/{name}.wasm"),
            chart_js: format!("{pkg}/{CHART_NAME}.js"),
            chart_wasm: format!("{pkg}/{CHART_NAME}.wasm"),
        }
    }

    /// The names of `hash.txt` (`css: <hash>`, `js: <hash>`, `wasm: <hash>`, `chart-js:
    /// <hash>`, `chart-wasm: <hash>` lines) over the plain ones; a file without its line keeps
    /// its plain name.
    pub fn from_hashes(options: &LeptosOptions, text: &str) -> BuildFiles {
        let mut files = BuildFiles::plain(options);
        let pkg = format!("/{}", options.site_pkg_dir);
        let name = &options.output_name;
        for line in text.lines() {
            let Some((key, hash)) = line.split_once(':') else {
                continue;
            };
            let hash = hash.trim();
            if hash.is_empty() {
                continue;
            }
            let named = |file: &str, extension: &str| format!("{pkg}/{file}.{hash}.{extension}");
            match key.trim() {
                "css" => files.css = named(name, "css"),
                "js" => files.js = named(name, "js"),
                "wasm" => files.wasm = named(name, "wasm"),
                "chart-js" => files.chart_js = named(CHART_NAME, "js"),
                "chart-wasm" => files.chart_wasm = named(CHART_NAME, "wasm"),
                _ => continue,
            }
            files.hashed = true;
        }
        files
    }

    /// The names of this build: from `hash.txt` when hashed files are on, else plain.
    pub fn of(options: &LeptosOptions) -> BuildFiles {
        if options.hash_files {
            if let Some(text) = hash_file(options).and_then(|p| std::fs::read_to_string(p).ok()) {
                return BuildFiles::from_hashes(options, &text);
            }
            tracing::error!("hashed file names are on, but hash.txt is not beside the binary");
        }
        BuildFiles::plain(options)
    }

    /// The service worker of `template` (`public/sw.js`, which names the plain stylesheet,
    /// WebAssembly and glue) naming this build's.
    pub fn service_worker(&self, template: &str, options: &LeptosOptions) -> String {
        let plain = BuildFiles::plain(options);
        [
            (&plain.css, &self.css),
            (&plain.js, &self.js),
            (&plain.wasm, &self.wasm),
            (&plain.chart_js, &self.chart_js),
            (&plain.chart_wasm, &self.chart_wasm),
        ]
        .into_iter()
        .fold(template.to_string(), |worker, (plain, this)| {
            worker.replace(&format!("'{plain}'"), &format!("'{this}'"))
        })
    }
}

/// Whether a `/pkg/` file's name carries its content's hash (`name.<22 characters>.ext`, 128
/// bits in URL-safe Base64: of SHA-256 by `server site`, MD5 by cargo-leptos): such a file never
/// changes under its name.
pub fn is_hashed_name(path: &str) -> bool {
    let Some(name) = path.rsplit('/').next() else {
        return false;
    };
    let mut parts = name.rsplit('.');
    let (Some(_extension), Some(hash)) = (parts.next(), parts.next()) else {
        return false;
    };
    // `.br` and `.gz` copies are asked for by the name without them.
    hash.len() == 22
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        // The loader's own placeholder is 22 underscores.
        && hash.bytes().any(|b| b.is_ascii_alphanumeric())
        && parts.next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> LeptosOptions {
        LeptosOptions::builder().output_name("portal").build()
    }

    #[test]
    fn the_build_names_are_read_from_the_hash_file() {
        let text = "js: AAAAAAAAAAAAAAAAAAAAAA\nwasm: BBBBBBBBBBBBBBBBBBBBBB\ncss: CCCCCCCCCCCCCCCCCCCCCC\nchart-wasm: DDDDDDDDDDDDDDDDDDDDDD\n";
        let files = BuildFiles::from_hashes(&options(), text);
        assert!(files.hashed);
        assert_eq!(files.css, "/pkg/portal.CCCCCCCCCCCCCCCCCCCCCC.css");
        assert_eq!(files.js, "/pkg/portal.AAAAAAAAAAAAAAAAAAAAAA.js");
        assert_eq!(files.wasm, "/pkg/portal.BBBBBBBBBBBBBBBBBBBBBB.wasm");
        assert_eq!(files.chart_wasm, "/pkg/chart.DDDDDDDDDDDDDDDDDDDDDD.wasm");
        assert_eq!(files.chart_js, "/pkg/chart.js", "no line, the plain name");
        let worker = files.service_worker(
            "const FILES = ['/report', '/pkg/portal.css', '/pkg/portal.js', '/pkg/portal.wasm', '/site.js'];",
            &options(),
        );
        assert_eq!(
            worker,
            "const FILES = ['/report', '/pkg/portal.CCCCCCCCCCCCCCCCCCCCCC.css', \
             '/pkg/portal.AAAAAAAAAAAAAAAAAAAAAA.js', '/pkg/portal.BBBBBBBBBBBBBBBBBBBBBB.wasm', '/site.js'];"
        );
        assert_eq!(
            BuildFiles::from_hashes(&options(), ""),
            BuildFiles::plain(&options())
        );
    }

    #[test]
    fn only_names_with_a_content_hash_are_immutable() {
        assert!(is_hashed_name("/pkg/portal.AAAAAAAAAAAAAAAAAAAAAA.wasm"));
        assert!(is_hashed_name("/pkg/chunk_7.Ab-_AAAAAAAAAAAAAAAAAA.wasm"));
        assert!(!is_hashed_name("/pkg/portal.wasm"));
        assert!(!is_hashed_name(
            "/pkg/__wasm_split.______________________.js"
        ));
        assert!(!is_hashed_name("/pkg/AAAAAAAAAAAAAAAAAAAAAA.wasm"));
        assert!(!is_hashed_name("/pkg/portal.AAAA.wasm"));
    }
}
