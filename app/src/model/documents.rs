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

#[cfg(test)]
mod tests {
    use super::*;

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
