//! Editing published content: Q&A entries and figures (typed, pasted or uploaded, all
//! through the importer's checks). Which documents a user may touch is `scope.rs`.

use app::model::staff::{qa_problems, FiguresView, QaEditView, QaForm, QaListView};

use super::{now, Session, StaffDesk, StaffError};
use crate::import::indicators::{read_indicators, RowProblem, COLUMNS};

impl StaffDesk {
    /// Every Q&A entry, for 县 and 管理员.
    /// Every Q&A entry the user may edit (its region's, or all for 管理员).
    pub async fn qa_list(&self, session: &Session) -> Result<QaListView, StaffError> {
        let editable = self.editable(session).await?;
        Ok(QaListView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            entries: self
                .store
                .qa_list()
                .await?
                .into_iter()
                .filter(|(_, _, _, document)| editable.admits(document))
                .map(|(id, question, edited_by, _)| (id, question, edited_by))
                .collect(),
        })
    }

    /// The edit form of one entry, `None` when there is none.
    pub async fn qa_edit(
        &self,
        session: &Session,
        id: &str,
    ) -> Result<Option<QaEditView>, StaffError> {
        let editable = self.editable(session).await?;
        let Some(form) = self.store.qa_form(id).await? else {
            return Ok(None);
        };
        if !editable.admits(&form.document_id) {
            return Err(Self::outside_region(session, &form.document_id));
        }
        Ok(Some(QaEditView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            form,
            documents: self.editable_choices(&editable).await?,
            problems: Vec::new(),
            done: false,
        }))
    }

    /// Checks and stores an edit: every field, a known document, a quote that is the
    /// document's own words, a reason. Audited with the reason. The view says what is wrong
    /// beside each field, with everything typed, or that it was saved.
    pub async fn save_qa(
        &self,
        session: &Session,
        form: QaForm,
    ) -> Result<Option<QaEditView>, StaffError> {
        let editable = self.editable(session).await?;
        let Some(stored) = self.store.qa_form(&form.id).await? else {
            return Ok(None);
        };
        if !editable.admits(&stored.document_id) {
            return Err(Self::outside_region(session, &stored.document_id));
        }
        if !form.document_id.is_empty()
            && self.store.document_ids().await?.contains(&form.document_id)
            && !editable.admits(&form.document_id)
        {
            return Err(Self::outside_region(session, &form.document_id));
        }
        let documents = self.editable_choices(&editable).await?;
        let known = documents.iter().any(|(id, _)| *id == form.document_id);
        let squash =
            |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
        let wanted = squash(&form.quote);
        let found = known
            && !wanted.is_empty()
            && self
                .store
                .document_bodies(&form.document_id)
                .await?
                .iter()
                .any(|body| squash(body).contains(&wanted));
        let problems = qa_problems(&form, known, found);
        let done = problems.is_empty();
        if done {
            self.store
                .update_qa(&form, &session.user.username, now())
                .await?;
            self.audit(
                &session.user,
                "content",
                "",
                "",
                "",
                &format!("修改问答 {}：{}", form.id, form.reason),
            )
            .await?;
        }
        Ok(Some(QaEditView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            form,
            documents,
            problems,
            done,
        }))
    }

    /// The figures import page.
    pub async fn figures_view(&self, session: &Session) -> Result<FiguresView, StaffError> {
        let editable = self.editable(session).await?;
        Ok(FiguresView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            csv: String::new(),
            problems: Vec::new(),
            done: String::new(),
            documents: self.editable_choices(&editable).await?,
            one: Vec::new(),
            one_problems: Vec::new(),
            via: String::new(),
        })
    }

    /// Imports figures from CSV with the same checks as `server import-indicators`: every
    /// problem with its line (and column) and nothing stored, or every row stored in one
    /// transaction, marked as edited by this user, and audited. `Ok(Err(problems))` when
    /// refused; `Ok(Ok(what was done))` when stored.
    async fn import_csv(
        &self,
        session: &Session,
        csv: &[u8],
    ) -> Result<Result<String, Vec<RowProblem>>, StaffError> {
        let editable = self.editable(session).await?;
        let documents = self.store.document_ids().await?;
        let industries = self.store.industry_slugs().await?;
        let rows = match read_indicators(csv, &documents, &industries) {
            Ok(rows) => rows,
            Err(problems) => return Ok(Err(problems)),
        };
        // Only the user's region: the document a row names, and the document of the stored
        // figure it would replace.
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let stored = self.store.indicator_documents(&ids).await?;
        let mut problems = Vec::new();
        for (line, row) in (2_u64..).zip(&rows) {
            let replaced = stored
                .iter()
                .find(|(id, _)| *id == row.id)
                .map(|(_, document)| document.as_str());
            if !editable.admits(&row.document_id) {
                problems.push(RowProblem {
                    line,
                    column: "document_id",
                    message: format!(
                        "出处文件“{}”不是{}所在地区的文件，县级账号只能导入本地区文件的指标。",
                        row.document_id, session.user.area_name
                    ),
                });
            } else if let Some(other) = replaced.filter(|d| !editable.admits(d)) {
                problems.push(RowProblem {
                    line,
                    column: "id",
                    message: format!(
                        "编号“{}”已是其他地区文件（{other}）的指标，不能改写。",
                        row.id
                    ),
                });
            }
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        let imported = self
            .store
            .import_indicators(&rows, &session.user.username, || {})
            .await?;
        let said = format!(
            "已导入 {} 条指标：新增 {} 条，更新 {} 条。",
            rows.len(),
            imported.added,
            imported.updated
        );
        self.audit(&session.user, "content", "", "", "", &said)
            .await?;
        Ok(Ok(said))
    }

    /// Imports pasted (`via` = `paste`) or uploaded (`upload`) CSV; the view keeps pasted
    /// text when it is refused and lists every problem by line.
    pub async fn import_figures(
        &self,
        session: &Session,
        csv: &[u8],
        via: &str,
    ) -> Result<FiguresView, StaffError> {
        let mut view = self.figures_view(session).await?;
        view.via = via.to_string();
        // A NUL byte is never meant (PostgreSQL refuses it in text): dropped from files too.
        let csv: Vec<u8> = csv.iter().copied().filter(|b| *b != 0).collect();
        let csv = csv.as_slice();
        match self.import_csv(session, csv).await? {
            Ok(said) => view.done = said,
            Err(problems) => {
                if via == "paste" {
                    view.csv = String::from_utf8_lossy(csv).into_owned();
                }
                view.problems = problems.iter().map(ToString::to_string).collect();
            }
        }
        Ok(view)
    }

    /// Imports one figure typed into the form, (column, value) in any order; its problems
    /// come back by column, with everything typed.
    pub async fn import_one_figure(
        &self,
        session: &Session,
        typed: Vec<(String, String)>,
    ) -> Result<FiguresView, StaffError> {
        let mut view = self.figures_view(session).await?;
        view.via = "one".into();
        let value = |column: &str| {
            typed
                .iter()
                .find(|(c, _)| c == column)
                .map(|(_, v)| v.trim().replace("\r\n", "\n"))
                .unwrap_or_default()
        };
        let mut writer = csv::Writer::from_writer(Vec::new());
        let record: Vec<String> = COLUMNS.iter().map(|c| value(c)).collect();
        let written = writer
            .write_record(COLUMNS)
            .and_then(|()| writer.write_record(&record));
        let csv = written
            .map_err(|e| StaffError::Internal(e.to_string()))
            .and_then(|()| {
                writer
                    .into_inner()
                    .map_err(|e| StaffError::Internal(e.to_string()))
            })?;
        match self.import_csv(session, &csv).await? {
            Ok(said) => view.done = said,
            Err(problems) => {
                view.one = COLUMNS.iter().map(|c| (c.to_string(), value(c))).collect();
                view.one_problems = problems
                    .into_iter()
                    .map(|p| (p.column.to_string(), p.message))
                    .collect();
            }
        }
        Ok(view)
    }
}
