//! One policy document or interpretation with its sections, as the documents write them.

use serde::{Deserialize, Serialize};

use crate::model::DocumentSummary;

/// A section of a document, verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSection {
    /// 1-based position in the document; the anchor is `s-<position>`.
    pub position: i64,
    /// 0 for front matter, 1 for chapters, 2 for sections, 3 for boxes (专栏).
    pub level: i64,
    pub heading: String,
    /// The heading was added by the editors (the text has none there).
    pub heading_is_editorial: bool,
    /// How sources cite this section, e.g. `第六章 第四节 专栏14`.
    pub label: String,
    pub body: String,
}

impl DocumentSection {
    /// The anchor of this section on the document page.
    pub fn anchor(&self) -> String {
        format!("s-{}", self.position)
    }

    /// The body split into paragraphs, without the heading line the body starts with.
    pub fn paragraphs(&self) -> Vec<&str> {
        let mut lines = self
            .body
            .split('\n')
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .peekable();
        if lines
            .peek()
            .is_some_and(|first| *first == self.heading.trim())
        {
            lines.next();
        }
        lines.collect()
    }
}

/// Another document this one names: what it is based on, or (for an interpretation) the
/// document it interprets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedDocument {
    pub title: String,
    /// 制定依据, 被解读的规划 …
    pub relation: String,
    pub issuer: Option<String>,
    pub document_number: Option<String>,
    pub date: Option<String>,
    /// The sentence that names it, verbatim.
    pub quote: Option<String>,
}

impl RelatedDocument {
    /// Whether this is the document an interpretation explains.
    pub fn is_interpreted(&self) -> bool {
        self.relation.contains("被解读")
    }
}

/// The document page: its metadata and every section in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDetail {
    pub document: DocumentSummary,
    pub sections: Vec<DocumentSection>,
    /// Problems of the source text (typos, garbled lines), listed by the editors; the text is
    /// shown as it is, never silently corrected.
    pub text_issues: Vec<String>,
    pub related: Vec<RelatedDocument>,
    /// What the editors say of the title (for example that the document has none).
    pub title_note: Option<String>,
    /// Plain-language interpretations of this document written by staff, newest first.
    pub interpretations: Vec<crate::model::content::InterpretationSummary>,
    /// The curated answers drawn from this document: (id, question).
    #[serde(default)]
    pub answers: Vec<(String, String)>,
}

/// Where a section is read: `/policies/<document>/<position>#s-<position>`, the page of the
/// part of the document that holds it ([`chapters`]: a long document is read chapter by
/// chapter, a short one whole). Every link to a section is made here.
pub fn section_href(document_id: &str, position: i64) -> String {
    format!("/policies/{document_id}/{position}#s-{position}")
}

/// The page of one chapter of a document read chapter by chapter: named by the position of
/// the chapter's first section (the heading).
pub fn chapter_href(document_id: &str, first_position: i64) -> String {
    format!("/policies/{document_id}/{first_position}")
}

/// A document whose sections hold more text than this (bytes) is read chapter by chapter:
/// the plan (policy-002, 154 KB) was one page of 160 KB, 46 KB in brotli, the slowest page
/// of the site on a poor network. The other documents are 17-33 KB and stay whole.
pub const READ_BY_CHAPTER_ABOVE: usize = 60_000;

/// One chapter of a long document: the sections `first..end` (indices into its sections),
/// from a level-1 heading (第一章, 前言 …) to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter {
    pub first: usize,
    pub end: usize,
}

/// The chapters of a document read chapter by chapter, in order; `None` for a document read
/// whole (short, or without two level-1 headings). Front matter before the first chapter is
/// in none: it stays on the document's own page, with the outline.
pub fn chapters(sections: &[DocumentSection]) -> Option<Vec<Chapter>> {
    let text: usize = sections.iter().map(|s| s.body.len()).sum();
    let starts: Vec<usize> = sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.level == 1)
        .map(|(i, _)| i)
        .collect();
    if text <= READ_BY_CHAPTER_ABOVE || starts.len() < 2 {
        return None;
    }
    let ends = starts.iter().skip(1).copied().chain([sections.len()]);
    Some(
        starts
            .iter()
            .zip(ends)
            .map(|(&first, end)| Chapter { first, end })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(position: i64, level: i64, body_len: usize) -> DocumentSection {
        DocumentSection {
            position,
            level,
            heading: format!("第{position}节"),
            heading_is_editorial: false,
            label: String::new(),
            body: "字".repeat(body_len / 3),
        }
    }

    #[test]
    fn a_long_document_is_read_by_chapter_and_a_short_one_whole() {
        let long = vec![
            section(1, 0, 300),
            section(2, 1, 30_000),
            section(3, 2, 20_000),
            section(4, 3, 3_000),
            section(5, 1, 30_000),
        ];
        assert_eq!(
            chapters(&long),
            Some(vec![
                Chapter { first: 1, end: 4 },
                Chapter { first: 4, end: 5 }
            ])
        );
        let short: Vec<_> = long
            .iter()
            .cloned()
            .map(|mut s| {
                s.body.truncate(3_000);
                s
            })
            .collect();
        assert_eq!(chapters(&short), None);
        // Long, but one chapter only: nothing to split.
        assert_eq!(chapters(&[section(1, 0, 300), section(2, 1, 90_000)]), None);
        assert_eq!(
            section_href("policy-002", 52),
            "/policies/policy-002/52#s-52"
        );
    }

    #[test]
    fn paragraphs_leave_out_the_heading_and_blank_lines() {
        let section = DocumentSection {
            position: 52,
            level: 3,
            heading: "专栏 14 分类推进".into(),
            heading_is_editorial: false,
            label: "第六章 第四节 专栏14".into(),
            body: "专栏 14 分类推进\n\n(一)省级\n\n即兴仁市…\n".into(),
        };
        assert_eq!(section.paragraphs(), vec!["(一)省级", "即兴仁市…"]);
        assert_eq!(section.anchor(), "s-52");
    }
}
