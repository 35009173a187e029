//! Content staff write: plain-language interpretations (解读) of a document, written in
//! Markdown and published as articles, and progress notes (进展) on a pilot village. Both
//! name their source; both record who last changed them and when.
//!
//! The public shapes come first, then the edit forms with their checks (the server applies
//! them; the pages only draw the result).

use serde::{Deserialize, Serialize};

use super::staff::StaffUser;

/// An interpretation as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterpretationSummary {
    pub id: i64,
    pub title: String,
    /// The document it explains, which is also its source.
    pub document_id: String,
    pub document_title: String,
    /// The part of the document it explains, e.g. `第三章 第二节`.
    pub source_section: String,
    /// The day of the last change, `YYYY-MM-DD` (China time).
    pub updated: String,
    /// The start of its text, without markup.
    pub summary: String,
}

impl InterpretationSummary {
    pub fn href(&self) -> String {
        format!("/interpretations/{}", self.id)
    }
}

/// An interpretation as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterpretationDetail {
    pub summary: InterpretationSummary,
    /// The article as HTML: rendered from Markdown and sanitised on the server, so it holds
    /// no script, style, form or event attribute.
    pub html: String,
    /// The day it was first published, `YYYY-MM-DD`.
    pub published: String,
}

/// A progress note on a pilot village.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PilotUpdate {
    pub id: i64,
    /// The day the progress is about, `YYYY-MM-DD`.
    pub on_date: String,
    pub body: String,
    /// Where it comes from: a report, a notice, a visit.
    pub source: String,
    /// The day of the last change, `YYYY-MM-DD`.
    pub updated: String,
}

/// A progress note with the village it is about, as the feed lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PilotNews {
    pub pilot_id: String,
    /// The village's display name, e.g. `兴仁市大山镇大山村`.
    pub pilot_name: String,
    pub update: PilotUpdate,
}

impl PilotNews {
    /// The note on its village page.
    pub fn href(&self) -> String {
        format!("/pilots/{}#u-{}", self.pilot_id, self.update.id)
    }
}

impl PilotUpdate {
    /// The note's paragraphs, blank lines dropped.
    pub fn paragraphs(&self) -> Vec<&str> {
        self.body
            .split('\n')
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect()
    }
}

/// The longest interpretation, in characters of Markdown (a posted form of it, with Chinese
/// percent-encoded at 9 bytes a character, stays under the server's 64 KB body limit).
pub const MAX_ARTICLE_CHARS: usize = 6_000;
/// The longest progress note.
pub const MAX_UPDATE_CHARS: usize = 2_000;

/// Reads form pairs into `set(key, value)`, with line breaks made `\n` and ends trimmed.
fn read_pairs<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    mut set: impl FnMut(&str, String),
) {
    for (key, value) in pairs {
        set(key, value.replace("\r\n", "\n").trim().to_string());
    }
}

/// Says "请填写…" for an empty value and "最多 N 个字" for a long one.
fn check_length(
    problems: &mut Vec<(String, String)>,
    field: &str,
    label: &str,
    value: &str,
    max: usize,
) {
    let count = value.chars().count();
    if count == 0 {
        problems.push((field.to_string(), format!("请填写{label}。")));
    } else if count > max {
        problems.push((
            field.to_string(),
            format!("{label}最多 {max} 个字，现在是 {count} 个字。"),
        ));
    }
}

/// An interpretation as the edit form holds it. `id` is 0 for a new one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InterpretationForm {
    pub id: i64,
    pub title: String,
    pub document_id: String,
    pub source_section: String,
    /// Markdown.
    pub body: String,
    /// Why it was changed (kept in the audit trail); needed for a change, not for a new one.
    pub reason: String,
}

impl InterpretationForm {
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> InterpretationForm {
        let mut form = InterpretationForm::default();
        read_pairs(pairs, |key, value| match key {
            "title" => form.title = value,
            "document_id" => form.document_id = value,
            "source_section" => form.source_section = value,
            "body" => form.body = value,
            "reason" => form.reason = value,
            _ => {}
        });
        form
    }

    /// Every problem as (field, message); `document_known` is the server's answer.
    pub fn problems(&self, document_known: bool) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        check_length(&mut problems, "title", "标题", &self.title, 100);
        if !document_known {
            problems.push(("document_id".into(), "请选择所解读的文件。".into()));
        }
        check_length(
            &mut problems,
            "source_section",
            "所解读的章节",
            &self.source_section,
            200,
        );
        check_length(&mut problems, "body", "正文", &self.body, MAX_ARTICLE_CHARS);
        if self.id != 0 || !self.reason.is_empty() {
            check_length(&mut problems, "reason", "修改说明", &self.reason, 500);
        }
        problems
    }
}

/// A progress note as the edit form holds it. `id` is 0 for a new one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PilotUpdateForm {
    pub id: i64,
    pub pilot_id: String,
    pub on_date: String,
    pub body: String,
    pub source: String,
    /// Needed for a change, not for a new note.
    pub reason: String,
}

impl PilotUpdateForm {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> PilotUpdateForm {
        let mut form = PilotUpdateForm::default();
        read_pairs(pairs, |key, value| match key {
            "id" => form.id = value.parse().unwrap_or(0),
            "on_date" => form.on_date = value,
            "body" => form.body = value,
            "source" => form.source = value,
            "reason" => form.reason = value,
            _ => {}
        });
        form
    }

    /// Every problem as (field, message); `today` is `YYYY-MM-DD` in China time, and a note
    /// cannot be about a day after it.
    pub fn problems(&self, today: &str) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        if self.on_date.is_empty() {
            problems.push(("on_date".into(), "请填写进展的日期。".into()));
        } else if !is_iso_date(&self.on_date) {
            problems.push((
                "on_date".into(),
                "日期请写成 2026-11-20 这样的格式。".into(),
            ));
        } else if self.on_date.as_str() > today {
            problems.push(("on_date".into(), "日期不能晚于今天。".into()));
        }
        check_length(
            &mut problems,
            "body",
            "进展内容",
            &self.body,
            MAX_UPDATE_CHARS,
        );
        check_length(&mut problems, "source", "出处", &self.source, 200);
        if self.id != 0 || !self.reason.is_empty() {
            check_length(&mut problems, "reason", "修改说明", &self.reason, 500);
        }
        problems
    }
}

/// Whether `text` is a real calendar day written `YYYY-MM-DD` (four-digit year from 1900).
pub fn is_iso_date(text: &str) -> bool {
    text.len() == 10
        && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .is_ok_and(|day| (1900..=2999).contains(&chrono::Datelike::year(&day)))
}

/// The interpretations list in the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterpretationListView {
    pub user: StaffUser,
    pub csrf: String,
    /// Each with who last changed it.
    pub items: Vec<(InterpretationSummary, String)>,
}

/// The interpretation edit page (a new one when `form.id` is 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterpretationEditView {
    pub user: StaffUser,
    pub csrf: String,
    pub form: InterpretationForm,
    /// (id, title) of every document.
    pub documents: Vec<(String, String)>,
    pub problems: Vec<(String, String)>,
    /// Set once saved: what was done, in words.
    pub done: String,
    /// The saved article as the public page shows it (sanitised HTML).
    pub preview: String,
}

/// The pilots a user may add progress notes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PilotNotesListView {
    pub user: StaffUser,
    pub csrf: String,
    /// (id, name, county, number of notes).
    pub pilots: Vec<(String, String, String, i64)>,
}

/// One pilot's progress notes and the form to add (or change) one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PilotNotesView {
    pub user: StaffUser,
    pub csrf: String,
    pub pilot_id: String,
    pub pilot_name: String,
    /// Newest first, each with who last changed it.
    pub updates: Vec<(PilotUpdate, String)>,
    pub form: PilotUpdateForm,
    pub problems: Vec<(String, String)>,
    pub done: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(problems: Vec<(String, String)>) -> Vec<String> {
        problems.into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn an_interpretation_needs_a_title_a_known_document_its_section_and_a_body() {
        let form = InterpretationForm::from_pairs([
            ("title", " 看病报销怎么算 "),
            ("document_id", "policy-002"),
            ("source_section", "第三章"),
            ("body", "## 要点\r\n\r\n- 先看**医保**\r\n"),
        ]);
        assert_eq!(form.title, "看病报销怎么算");
        assert_eq!(form.body, "## 要点\n\n- 先看**医保**");
        assert!(form.problems(true).is_empty(), "a new one needs no reason");
        assert_eq!(fields(form.problems(false)), vec!["document_id"]);
        let changed = InterpretationForm { id: 3, ..form };
        assert_eq!(fields(changed.problems(true)), vec!["reason"]);
        assert_eq!(
            fields(InterpretationForm::default().problems(true)),
            vec!["title", "source_section", "body"]
        );
        let long = InterpretationForm {
            body: "字".repeat(MAX_ARTICLE_CHARS + 1),
            ..InterpretationForm::from_pairs([("title", "t"), ("source_section", "s")])
        };
        let problems = long.problems(true);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].1.contains("6001"), "{problems:?}");
    }

    #[test]
    fn a_progress_note_needs_a_past_day_words_and_a_source() {
        let form = PilotUpdateForm::from_pairs([
            ("on_date", "2026-11-20"),
            ("body", "合作社新建冷库一座。\n\n已投入使用。"),
            ("source", "镇政府 2026 年 11 月工作简报"),
        ]);
        assert!(form.problems("2026-11-23").is_empty());
        assert_eq!(
            PilotUpdate {
                id: 1,
                on_date: form.on_date.clone(),
                body: form.body.clone(),
                source: form.source.clone(),
                updated: String::new(),
            }
            .paragraphs(),
            vec!["合作社新建冷库一座。", "已投入使用。"]
        );
        assert_eq!(fields(form.problems("2026-11-19")), vec!["on_date"]);
        for bad in ["2026-2-30", "2026-02-30", "20261120", "明天"] {
            let form = PilotUpdateForm {
                on_date: bad.into(),
                ..form.clone()
            };
            assert_eq!(
                fields(form.problems("2026-11-23")),
                vec!["on_date"],
                "{bad}"
            );
        }
        assert_eq!(
            fields(PilotUpdateForm::default().problems("2026-11-23")),
            vec!["on_date", "body", "source"]
        );
        let changed = PilotUpdateForm { id: 7, ..form };
        assert_eq!(fields(changed.problems("2026-11-23")), vec!["reason"]);
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
    }
}
