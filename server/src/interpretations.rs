//! An interpretation as its public page and its edit form show it: the stored Markdown
//! rendered and sanitised whenever shown (`crate::markdown`), so a better sanitiser applies to
//! old articles too. Storage keeps the Markdown as written.

use app::model::content::{InterpretationDetail, InterpretationForm, InterpretationSummary};

use crate::markdown::to_safe_html;

/// An interpretation as stored.
#[derive(Debug, Clone)]
pub struct StoredInterpretation {
    pub summary: InterpretationSummary,
    pub markdown: String,
    pub created_at: i64,
    /// The day it was first published, in China.
    pub published: String,
    pub edited_by: String,
}

/// As its public page shows it.
pub fn detail(stored: &StoredInterpretation) -> InterpretationDetail {
    InterpretationDetail {
        summary: stored.summary.clone(),
        html: to_safe_html(&stored.markdown),
        published: stored.published.clone(),
    }
}

/// As the edit form holds it.
pub fn form(stored: &StoredInterpretation) -> InterpretationForm {
    InterpretationForm {
        id: stored.summary.id,
        title: stored.summary.title.clone(),
        document_id: stored.summary.document_id.clone(),
        source_section: stored.summary.source_section.clone(),
        body: stored.markdown.clone(),
        reason: String::new(),
    }
}
