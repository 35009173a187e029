//! `server site`: makes the site the server serves (`target/site`) from the source tree, with
//! nothing but this binary. The site is three things:
//!
//! - the stylesheet `style/main.css`, its comments and indentation taken out, named by its
//!   content: `pkg/portal.<hash>.css`, the hash written to `hash.txt` beside the binary as a
//!   `css: <hash>` line, where [`crate::site_files`] reads it (served as immutable); and under
//!   the plain name `pkg/portal.css` too, for a binary without `hash.txt` beside it (a debug
//!   build run with `cargo run`);
//! - the browser's two WebAssembly modules and their wasm-bindgen glue, as the README's
//!   commands build them into `target/browser` (`portal_bg.wasm` and `portal.js` for forms,
//!   `chart_bg.wasm` and `chart.js` for an industry's chart), named by content the same way
//!   (`pkg/portal.<hash>.wasm`, `pkg/chart.<hash>.js`…; `wasm:`, `js:`, `chart-wasm:` and
//!   `chart-js:` lines of `hash.txt`) and under their plain names; a missing build is
//!   refused, never served stale;
//! - every file of `public/` as it is (the plain scripts, the service worker's template, the
//!   manifest, the icons).
//!
//! Each text file gets `.br` (brotli, best quality) and `.gz` (gzip, best) copies beside it,
//! which the server sends to a browser that takes them. The site is made in a new directory and
//! then put in place of the old one, so no file of an earlier build stays behind.
//!
//! `cargo leptos build --release --precompress` makes the same layout (and a browser build no
//! page loads); the server serves either.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use base64::Engine;
use sha2::{Digest, Sha256};

/// Where the sources are, relative to the project's root.
pub const STYLE_FILE: &str = "style/main.css";
pub const PUBLIC_DIR: &str = "public";
/// Where the README's commands put the browser build (wasm-bindgen's output, after wasm-opt).
pub const BROWSER_DIR: &str = "target/browser";
/// The files of the browser build: the forms' module and its glue, and the chart's.
pub const BROWSER_WASM: &str = "portal_bg.wasm";
pub const BROWSER_GLUE: &str = "portal.js";
pub const CHART_WASM: &str = "chart_bg.wasm";
pub const CHART_GLUE: &str = "chart.js";

/// What [`build`] made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// The stylesheet's path as pages name it (`/pkg/portal.<hash>.css`).
    pub stylesheet: String,
    /// Every file written, without the compressed copies, with its size and its brotli size
    /// (the size itself where none was made), sorted by path.
    pub files: Vec<(String, u64, u64)>,
}

/// The stylesheet as it is served: comments out, each line trimmed, blank lines out. Strings
/// are kept as they are. Lines stay lines, so no two tokens are ever joined.
pub fn trim_css(css: &str) -> String {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find(['/', '"', '\'']) {
        let (before, from) = rest.split_at(at);
        without_comments.push_str(before);
        if let Some(comment) = from.strip_prefix("/*") {
            rest = comment.find("*/").map_or("", |end| &comment[end + 2..]);
            continue;
        }
        let quote = from.chars().next().unwrap_or('/');
        if quote == '/' {
            without_comments.push('/');
            rest = &from[1..];
            continue;
        }
        // A string runs to its closing quote; `\` escapes the character after it.
        let mut end = from.len();
        let mut escaped = false;
        for (i, c) in from.char_indices().skip(1) {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == quote {
                end = i + c.len_utf8();
                break;
            }
        }
        without_comments.push_str(&from[..end]);
        rest = &from[end..];
    }
    without_comments.push_str(rest);
    let mut out = String::with_capacity(without_comments.len());
    for line in without_comments
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A file's name part for its content: the first 128 bits of its SHA-256 in URL-safe Base64,
/// 22 characters, the shape [`crate::site_files::is_hashed_name`] knows.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16])
}

/// Whether a file is text that compresses (and so gets `.br` and `.gz` copies).
fn is_text(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("css" | "js" | "svg" | "html" | "webmanifest" | "json" | "txt" | "xml" | "wasm")
    )
}

fn brotli_best(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).context("brotli 压缩失败")?;
    Ok(out)
}

fn gzip_best(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(raw.len() / 3),
        flate2::Compression::best(),
    );
    encoder.write_all(raw)?;
    Ok(encoder.finish()?)
}

/// Writes `bytes` at `path` (its directories made), with compressed copies of text; returns
/// the brotli size (the size itself when no copy was made).
fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<u64> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("无法创建目录 {}", dir.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("无法写入 {}", path.display()))?;
    if !is_text(path) {
        return Ok(bytes.len() as u64);
    }
    let brotli = brotli_best(bytes)?;
    let with = |extension: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(extension);
        PathBuf::from(name)
    };
    std::fs::write(with(".br"), &brotli)?;
    std::fs::write(with(".gz"), gzip_best(bytes)?)?;
    Ok(brotli.len() as u64)
}

/// Every file under `dir`, as paths relative to it, sorted; `.br` and `.gz` copies left out
/// (they are made here).
fn files_under(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let entries = std::fs::read_dir(dir.join(&relative))
            .with_context(|| format!("无法读取目录 {}", dir.join(&relative).display()))?;
        for entry in entries {
            let entry = entry?;
            let path = relative.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Makes the site at `site_root` from the sources under `sources` (the project's root), the
/// stylesheet named `pkg_dir/output_name.<hash>.css`, and writes its hash to `hash_file`.
pub fn build(
    sources: &Path,
    site_root: &Path,
    pkg_dir: &str,
    output_name: &str,
    hash_file: &Path,
) -> anyhow::Result<Built> {
    let style_path = sources.join(STYLE_FILE);
    let css = std::fs::read_to_string(&style_path).with_context(|| {
        format!(
            "找不到样式表 {}：请在项目根目录运行 `server site`",
            style_path.display()
        )
    })?;
    let public = sources.join(PUBLIC_DIR);
    let public_files = files_under(&public)
        .with_context(|| format!("找不到 {}：请在项目根目录运行", public.display()))?;

    // Made beside the old site, then put in its place.
    let name = site_root
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty())
        .context("站点目录不能是根目录")?;
    let parent = site_root
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let fresh = parent.join(format!(".{name}.new"));
    let old = parent.join(format!(".{name}.old"));
    for leftover in [&fresh, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .with_context(|| format!("无法删除 {}", leftover.display()))?;
        }
    }

    let mut files = Vec::new();
    let css = trim_css(&css);
    let hash = content_hash(css.as_bytes());
    let stylesheet = format!("{pkg_dir}/{output_name}.{hash}.css");
    let plain = format!("{pkg_dir}/{output_name}.css");
    for name in [&stylesheet, &plain] {
        let brotli = write_file(&fresh.join(name), css.as_bytes())?;
        files.push((name.clone(), css.len() as u64, brotli));
    }
    let browser = sources.join(BROWSER_DIR);
    let mut hashes = format!("css: {hash}\n");
    let chart = crate::site_files::CHART_NAME;
    for (file, name, key, extension) in [
        (BROWSER_GLUE, output_name, "js", "js"),
        (BROWSER_WASM, output_name, "wasm", "wasm"),
        (CHART_GLUE, chart, "chart-js", "js"),
        (CHART_WASM, chart, "chart-wasm", "wasm"),
    ] {
        let path = browser.join(file);
        let bytes = std::fs::read(&path).with_context(|| {
            format!(
                "找不到浏览器端的 {}：请先构建 WebAssembly（README 的两个命令都会自动构建）",
                path.display()
            )
        })?;
        let hash = content_hash(&bytes);
        hashes.push_str(&format!("{key}: {hash}\n"));
        for name in [
            format!("{pkg_dir}/{name}.{hash}.{extension}"),
            format!("{pkg_dir}/{name}.{extension}"),
        ] {
            let brotli = write_file(&fresh.join(&name), &bytes)?;
            files.push((name, bytes.len() as u64, brotli));
        }
    }
    for relative in public_files {
        let bytes = std::fs::read(public.join(&relative))
            .with_context(|| format!("无法读取 {}", public.join(&relative).display()))?;
        let brotli = write_file(&fresh.join(&relative), &bytes)?;
        let shown = relative.to_string_lossy().replace('\\', "/");
        files.push((shown, bytes.len() as u64, brotli));
    }
    files.sort();

    if site_root.exists() {
        std::fs::rename(site_root, &old)
            .with_context(|| format!("无法移开旧的站点 {}", site_root.display()))?;
    }
    std::fs::rename(&fresh, site_root)
        .with_context(|| format!("无法放置站点 {}", site_root.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("无法删除 {}", old.display()))?;
    }
    if let Some(dir) = hash_file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(hash_file, hashes)
        .with_context(|| format!("无法写入 {}", hash_file.display()))?;
    Ok(Built {
        stylesheet: format!("/{stylesheet}"),
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_takes_out_comments_and_indentation_and_keeps_strings() {
        let css = "/* 页面 */\n:root {\n  --ink: #222; /* 正文 */\n}\n\n\
                   a::before {\n  content: \"/* 不是注释 */\";\n  quotes: '\\'' \"'\";\n}\n\
                   @media (max-width: 30rem) {\n    .a > .b:hover { margin: 0 }\n}\n";
        assert_eq!(
            trim_css(css),
            ":root {\n--ink: #222;\n}\na::before {\ncontent: \"/* 不是注释 */\";\n\
             quotes: '\\'' \"'\";\n}\n@media (max-width: 30rem) {\n.a > .b:hover { margin: 0 }\n}\n"
        );
        // An unclosed comment ends the sheet rather than eating nothing.
        assert_eq!(
            trim_css("a { color: red }\n/* 未闭合"),
            "a { color: red }\n"
        );
    }

    #[test]
    fn the_hash_has_the_shape_of_a_hashed_name() {
        let hash = content_hash(b"body { margin: 0 }");
        assert_eq!(hash.len(), 22);
        assert_ne!(hash, content_hash(b"body { margin: 1px }"));
        assert!(crate::site_files::is_hashed_name(&format!(
            "/pkg/portal.{hash}.css"
        )));
    }

    #[test]
    fn the_site_is_made_from_the_sources_and_replaces_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let sources = dir.path().join("src");
        std::fs::create_dir_all(sources.join("style")).unwrap();
        std::fs::create_dir_all(sources.join("public/icons")).unwrap();
        std::fs::write(
            sources.join(STYLE_FILE),
            "/* x */\nbody {\n  margin: 0;\n}\n",
        )
        .unwrap();
        std::fs::write(sources.join("public/site.js"), "'use strict';\n".repeat(40)).unwrap();
        std::fs::write(sources.join("public/icons/a.png"), [0x89, b'P', b'N', b'G']).unwrap();
        std::fs::create_dir_all(sources.join(BROWSER_DIR)).unwrap();
        let glue = "export default function init() {}\n".repeat(20);
        std::fs::write(sources.join(BROWSER_DIR).join(BROWSER_GLUE), &glue).unwrap();
        let module = b"\0asm\x01\0\0\0".repeat(30);
        std::fs::write(sources.join(BROWSER_DIR).join(BROWSER_WASM), &module).unwrap();
        let (chart_glue, chart_module) = ("export {};\n", b"\0asm\x01\0\0\0\x01");
        std::fs::write(sources.join(BROWSER_DIR).join(CHART_GLUE), chart_glue).unwrap();
        std::fs::write(sources.join(BROWSER_DIR).join(CHART_WASM), chart_module).unwrap();
        let site = dir.path().join("target/site");
        // An earlier build's file is gone afterwards.
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        std::fs::write(site.join("pkg/portal.js"), "old").unwrap();
        let hash_file = dir.path().join("target/release/hash.txt");

        let built = build(&sources, &site, "pkg", "portal", &hash_file).unwrap();

        let hash = content_hash(b"body {\nmargin: 0;\n}\n");
        assert_eq!(built.stylesheet, format!("/pkg/portal.{hash}.css"));
        let (js, wasm) = (content_hash(glue.as_bytes()), content_hash(&module));
        let (chart_js, chart_wasm) = (
            content_hash(chart_glue.as_bytes()),
            content_hash(chart_module),
        );
        assert_eq!(
            std::fs::read_to_string(&hash_file).unwrap(),
            format!(
                "css: {hash}\njs: {js}\nwasm: {wasm}\nchart-js: {chart_js}\nchart-wasm: {chart_wasm}\n"
            )
        );
        // The module is named by its content and compressed like text.
        assert_eq!(
            std::fs::read(site.join(format!("pkg/portal.{wasm}.wasm"))).unwrap(),
            module
        );
        assert!(site.join(format!("pkg/portal.{wasm}.wasm.br")).is_file());
        let css = site.join(format!("pkg/portal.{hash}.css"));
        assert_eq!(
            std::fs::read_to_string(&css).unwrap(),
            "body {\nmargin: 0;\n}\n"
        );
        // Text gets compressed copies that decompress to it; a picture does not.
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(
            &mut &std::fs::read(site.join("site.js.br")).unwrap()[..],
            &mut unpacked,
        )
        .unwrap();
        assert_eq!(
            unpacked,
            std::fs::read(sources.join("public/site.js")).unwrap()
        );
        let mut gunzipped = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&std::fs::read(site.join("site.js.gz")).unwrap()[..]),
            &mut gunzipped,
        )
        .unwrap();
        assert_eq!(gunzipped, "'use strict';\n".repeat(40));
        assert!(site.join("icons/a.png").is_file());
        assert!(!site.join("icons/a.png.br").exists());
        // The earlier build's glue is replaced by this one's.
        assert_eq!(
            std::fs::read_to_string(site.join("pkg/portal.js")).unwrap(),
            glue
        );
        let names: Vec<&str> = built.files.iter().map(|(n, _, _)| n.as_str()).collect();
        let hashed = format!("pkg/portal.{hash}.css");
        let (hashed_js, hashed_wasm) = (
            format!("pkg/portal.{js}.js"),
            format!("pkg/portal.{wasm}.wasm"),
        );
        let (hashed_chart_js, hashed_chart_wasm) = (
            format!("pkg/chart.{chart_js}.js"),
            format!("pkg/chart.{chart_wasm}.wasm"),
        );
        let mut expected = vec![
            "icons/a.png",
            &hashed_chart_js,
            "pkg/chart.js",
            &hashed_chart_wasm,
            "pkg/chart.wasm",
            &hashed,
            "pkg/portal.css",
            &hashed_js,
            "pkg/portal.js",
            &hashed_wasm,
            "pkg/portal.wasm",
            "site.js",
        ];
        expected.sort_unstable();
        assert_eq!(names, expected);
        let (_, raw, brotli) = built.files.iter().find(|(n, _, _)| n == "site.js").unwrap();
        assert!(brotli < raw, "{brotli} < {raw}");
        // Made again from the same sources: the same names, nothing left of the making.
        build(&sources, &site, "pkg", "portal", &hash_file).unwrap();
        assert!(css.is_file());
        let mut siblings: Vec<_> = std::fs::read_dir(site.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        siblings.sort();
        assert_eq!(siblings, ["release", "site"]);
    }

    #[test]
    fn missing_sources_are_named_in_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let err = build(
            dir.path(),
            &dir.path().join("site"),
            "pkg",
            "portal",
            &dir.path().join("hash.txt"),
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("找不到样式表"), "{err:#}");
        // With the stylesheet and public/ but no browser build: refused, never served without.
        std::fs::create_dir_all(dir.path().join("style")).unwrap();
        std::fs::create_dir_all(dir.path().join("public")).unwrap();
        std::fs::write(dir.path().join(STYLE_FILE), "a { color: red }\n").unwrap();
        let err = build(
            dir.path(),
            &dir.path().join("site"),
            "pkg",
            "portal",
            &dir.path().join("hash.txt"),
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("找不到浏览器端的"), "{err:#}");
        assert!(!dir.path().join("site").exists());
    }
}
