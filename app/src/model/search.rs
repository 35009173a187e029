//! The policy Q&A lookup: what a search returns, and the query clean-up both the page and
//! the live box (the forms module, `browser/src/live.rs`) apply before asking.
//!
//! The engine itself (tantivy, jieba) lives in the server, its portable rules and the query
//! folding in `answers`; this module is the shape of its answer, plain data that also
//! compiles to WebAssembly.

use serde::{Deserialize, Serialize};

pub use answers::text::{fold_width, normalise_query, MAX_QUERY_CHARS};

/// What kind of result a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    /// A curated question with a plain answer and its supporting quote.
    Qa,
    /// A section of a document.
    Section,
}

/// A run of characters in a snippet that matched the query, as character offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Span {
    pub from: usize,
    pub to: usize,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub kind: HitKind,
    /// For a curated entry: whether it answers the question (it holds most of what was
    /// asked), rather than being related to part of it. Always `false` for a section.
    pub confident: bool,
    /// The Q&A id of the seed data (`qa-001`) or the section id (`002-s52`).
    pub id: String,
    /// The question, or the document's title with the section's label.
    pub title: String,
    /// The plain answer of a Q&A entry, or the matching passage of a section.
    pub snippet: String,
    /// Where in `snippet` the query's words (or their everyday synonyms) were found.
    pub highlights: Vec<Span>,
    /// The document's own words supporting a Q&A answer.
    pub quote: Option<String>,
    /// The document and section the answer or passage comes from.
    pub source: String,
    /// The section in the document, with its anchor: `/policies/policy-002#s-52`.
    pub url: String,
    /// The place the answer or passage speaks for, province first: `贵州·黔西南州`.
    #[serde(default)]
    pub place: String,
    /// Whether it speaks for another place than the one the reader asked about or chose.
    #[serde(default)]
    pub elsewhere: bool,
}

impl SearchHit {
    /// The snippet cut into pieces, each marked when it is a highlight.
    pub fn snippet_parts(&self) -> Vec<(String, bool)> {
        split_marked(&self.snippet, &self.highlights)
    }
}

/// Cuts `text` at the spans (character offsets, sorted, not overlapping).
pub fn split_marked(text: &str, spans: &[Span]) -> Vec<(String, bool)> {
    answers::text::split_marked(text, spans.iter().map(|s| (s.from, s.to)))
}

/// An everyday word of the query and the policy terms it was also searched as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Expansion {
    pub word: String,
    pub terms: Vec<String>,
}

/// The answer to one query: curated answers first, then document passages.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// The query as typed (cut to [`MAX_QUERY_CHARS`]).
    pub query: String,
    /// The everyday words that were also searched as policy terms.
    pub expansions: Vec<Expansion>,
    pub results: Vec<SearchHit>,
    /// The place the results were ranked for (`贵州·黔西南州`), if any.
    #[serde(default)]
    pub place: Option<String>,
    /// Whether that place was named in the question itself (rather than chosen by the
    /// reader beforehand): then answers for other places are never offered as answers.
    #[serde(default)]
    pub place_in_question: bool,
}

impl SearchResults {
    /// How many curated entries lead the results.
    pub fn answers(&self) -> usize {
        self.results
            .iter()
            .filter(|hit| hit.kind == HitKind::Qa)
            .count()
    }

    /// How many of them answer the question rather than relate to it.
    pub fn confident_answers(&self) -> usize {
        self.results.iter().filter(|hit| hit.confident).count()
    }
}

/// The address of the lookup page for `query`, as a link on a page: ASCII, spaces and control
/// characters encoded as a form would send them, every other character (汉字) as it is. The
/// browser encodes those in UTF-8 when it follows the link, so the server reads the same
/// query; on a page that links every question (`/qa`) the link then repeats the question's
/// own words, which compression takes for nothing (percent-encoded it cost about a sixth
/// of the page's compressed size).
pub fn ask_href(query: &str) -> String {
    let mut href = String::from("/ask?q=");
    let mut buf = [0_u8; 4];
    for c in query.chars() {
        if c.is_ascii() || c.is_whitespace() || c.is_control() {
            href.extend(form_urlencoded::byte_serialize(
                c.encode_utf8(&mut buf).as_bytes(),
            ));
        } else {
            href.push(c);
        }
    }
    href
}

/// The query cut to [`MAX_QUERY_CHARS`] characters, as shown back to the reader.
pub fn bounded_query(raw: &str) -> String {
    super::clean_text(raw.trim())
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_folds_width_case_and_punctuation() {
        assert_eq!(normalise_query("  看病，能报多少？？ "), "看病 能报多少");
        assert_eq!(normalise_query("ＡＢＣ１２３　医保"), "abc123 医保");
        assert_eq!(normalise_query("“危房”改造!!!"), "危房 改造");
        assert_eq!(normalise_query("？？！"), "");
    }

    #[test]
    fn normalising_bounds_the_length() {
        let long = "贷".repeat(500);
        assert_eq!(normalise_query(&long).chars().count(), MAX_QUERY_CHARS);
        assert_eq!(bounded_query(&long).chars().count(), MAX_QUERY_CHARS);
    }

    #[test]
    fn lookup_links_encode_the_query() {
        assert_eq!(ask_href("看病 报销"), "/ask?q=看病+报销");
        assert_eq!(ask_href("a&b"), "/ask?q=a%26b");
        assert_eq!(
            ask_href("#1%+\"<>'\u{3000}x\u{2028}"),
            "/ask?q=%231%25%2B%22%3C%3E%27%E3%80%80x%E2%80%A8"
        );
        // Read back as the server reads it (the browser encodes the 汉字 first, which reads
        // the same), every query is the one linked.
        for query in ["看病 报销", "a&b=c", "低保？#2", "１００％", "“危房”+改造"]
        {
            let href = ask_href(query);
            let (key, value) = form_urlencoded::parse(&href.as_bytes()["/ask?".len()..])
                .next()
                .unwrap();
            assert_eq!((key.as_ref(), value.as_ref()), ("q", query));
        }
    }

    #[test]
    fn snippets_split_at_highlights() {
        let parts = split_marked(
            "申请小额信贷的条件",
            &[Span { from: 2, to: 6 }, Span { from: 7, to: 9 }],
        );
        assert_eq!(
            parts,
            vec![
                ("申请".to_string(), false),
                ("小额信贷".to_string(), true),
                ("的".to_string(), false),
                ("条件".to_string(), true),
            ]
        );
        // Spans past the end or overlapping are clipped rather than panicking.
        let parts = split_marked("看病", &[Span { from: 0, to: 1 }, Span { from: 0, to: 9 }]);
        assert_eq!(
            parts,
            vec![("看".to_string(), true), ("病".to_string(), true)]
        );
    }
}
