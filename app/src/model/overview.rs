use serde::{Deserialize, Serialize};

/// Where a record comes from: the document (by id and title) and the section in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SourceRef {
    pub document_id: String,
    pub document_title: String,
    /// The section path as the document writes it, e.g. `第六章 第四节 专栏14`.
    pub section: String,
}

/// How many pilots the documents name at one level (省级, 州级, or no level given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCount {
    /// The level as the documents write it; empty when the document gives no level.
    pub level: String,
    pub count: i64,
    /// The documents that list pilots at this level.
    pub sources: Vec<SourceRef>,
}

impl LevelCount {
    /// The label shown on the home page.
    pub fn label(&self) -> String {
        if self.level.is_empty() {
            "其他示范村镇（文件未定级）".to_string()
        } else {
            format!("{}示范试点", self.level)
        }
    }
}

/// One policy document or interpretation, as listed on the home page and in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DocumentSummary {
    pub id: String,
    /// The title to show; editorial titles are marked as such in the text itself.
    pub title: String,
    /// 规划, 实施方案, 政策解读 …
    pub doc_type: String,
    pub issuing_body: Option<String>,
    pub document_number: Option<String>,
    /// The date as the document writes it, e.g. `2024年3月8日`.
    pub date: Option<String>,
    /// The same date as `YYYY[-MM[-DD]]`, as precise as the document is.
    pub date_sort: Option<String>,
    pub region: String,
    pub summary: String,
}

impl DocumentSummary {
    /// Whether this record is an interpretation (解读) rather than a document itself.
    pub fn is_interpretation(&self) -> bool {
        self.doc_type.contains("解读")
    }
}

/// What the home page shows: real counts from the database and the newest documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeOverview {
    /// Pilots by level, 省级 first, then 州级, then the rest.
    pub pilot_levels: Vec<LevelCount>,
    pub pilots: i64,
    pub industries: i64,
    /// Policy documents, interpretations included.
    pub documents: i64,
    pub interpretations: i64,
    pub qa_entries: i64,
    pub indicators: i64,
    /// Newest first; documents without a date come last.
    pub latest_documents: Vec<DocumentSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_count_without_level_says_the_document_gives_none() {
        let count = LevelCount {
            level: String::new(),
            count: 5,
            sources: vec![],
        };
        assert_eq!(count.label(), "其他示范村镇（文件未定级）");
        let count = LevelCount {
            level: "省级".into(),
            count: 7,
            sources: vec![],
        };
        assert_eq!(count.label(), "省级示范试点");
    }
}
