//! Markdown written by staff, turned into HTML that is safe to put on a public page:
//! pulldown-cmark renders it (raw HTML in the source is kept as text, never passed through),
//! then ammonia removes anything not on its allow-list of tags and attributes (no script,
//! style, iframe, form or `on…` attribute; links get `rel="noopener noreferrer"`).

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
}

/// Safe HTML of `markdown`.
pub fn to_safe_html(markdown: &str) -> String {
    // Raw HTML is shown as the text it is, so a pasted `<script>` reads as what it is. An
    // image loads only from an https address of another site: a relative or http address
    // would make every reader's browser fetch it from here (or in the clear), so such an
    // image is shown as its description alone.
    let mut dropped_image = false;
    let events = parser(markdown).filter_map(move |event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Image { ref dest_url, .. })
            if !dest_url.starts_with("https://") || dest_url.len() <= "https://".len() =>
        {
            dropped_image = true;
            None
        }
        Event::End(TagEnd::Image) if dropped_image => {
            dropped_image = false;
            None
        }
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .clean(&out)
        .to_string()
}

/// The words of `markdown` without its markup, for search and summaries.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in parser(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            // Blocks and line breaks separate words; inline markup does not.
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with(' ') => {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The first `max` characters of `text`, with "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_load_only_from_https_addresses() {
        let html = to_safe_html(
            "![导出](/staff/cases.csv) ![图](http://a.cn/x.png) ![好图](https://a.cn/y.png)",
        );
        assert!(!html.contains("/staff/cases.csv"), "{html}");
        assert!(!html.contains("http://a.cn"), "{html}");
        assert!(html.contains("导出") && html.contains("图"), "{html}");
        assert!(html.contains("<img src=\"https://a.cn/y.png\""), "{html}");
    }

    #[test]
    fn markdown_becomes_html_with_headings_lists_emphasis_tables_and_links() {
        let html = to_safe_html(
            "## 要点\n\n- 先看**医保**\n- 再看[大病保险](https://example.org/a)\n\n| 项 | 比例 |\n|---|---|\n| 门诊 | 50% |\n",
        );
        assert!(html.contains("<h2>要点</h2>"), "{html}");
        assert!(
            html.contains("<li>先看<strong>医保</strong></li>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://example.org/a\" rel=\"noopener noreferrer\">"),
            "{html}"
        );
        assert!(html.contains("<td>门诊</td>"), "{html}");
    }

    #[test]
    fn nothing_that_runs_survives() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\" onclick=\"x()\">链接</a> <style>p{}</style>\n\n![图](data:image/svg+xml;base64,PHN2Zz4=)",
        );
        // Raw HTML survives only as text (`&lt;…`), never as a tag or an attribute: every
        // real tag is one of the allowed ones, without scripts, handlers or odd addresses.
        let tags: Vec<&str> = html
            .split('<')
            .skip(1)
            .map(|rest| rest.split('>').next().unwrap_or(""))
            .collect();
        assert!(!tags.is_empty());
        for tag in tags {
            let mut parts = tag.trim_start_matches('/').split_whitespace();
            let name = parts.next().unwrap_or("");
            assert!(["p", "a", "img"].contains(&name), "<{tag}> in {html}");
            for attr in parts {
                assert!(!attr.starts_with("on"), "<{tag}>");
                assert!(!attr.starts_with("src="), "<{tag}>");
                assert!(
                    !attr.contains("javascript:") && !attr.contains("data:"),
                    "<{tag}>"
                );
            }
        }
        // Raw HTML is kept as text, so the reader sees what was pasted.
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn plain_text_drops_markup_and_excerpts_cut_by_character() {
        assert_eq!(
            plain_text("## 要点\n\n先看**医保**，再看[大病保险](https://x.org)。"),
            "要点 先看医保，再看大病保险。"
        );
        assert_eq!(excerpt("一二三四五", 3), "一二三…");
        assert_eq!(excerpt("一二三", 3), "一二三");
    }
}
