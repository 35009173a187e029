//! Writing published content: interpretations of a document (Markdown, sanitised when shown)
//! and progress notes on pilot villages. 县 and 管理员 only; a 县 user writes notes only for
//! the pilots of its own county. Every save is checked whole (nothing half-valid is stored),
//! records who and when on the row, and writes an audit event with the reason.

use app::model::content::{
    InterpretationEditView, InterpretationForm, InterpretationListView, PilotNotesListView,
    PilotNotesView, PilotUpdateForm,
};
use app::model::staff::Role;

use super::{now, Session, StaffDesk, StaffError};
use crate::markdown::to_safe_html;
use crate::reports::today_in_china;

impl StaffDesk {
    /// Every interpretation, newest change first.
    pub async fn interpretation_list(
        &self,
        session: &Session,
    ) -> Result<InterpretationListView, StaffError> {
        let editable = self.editable(session).await?;
        let items = self
            .store
            .interpretations_stored(None)
            .await?
            .into_iter()
            .filter(|stored| editable.admits(&stored.summary.document_id))
            .map(|stored| (stored.summary, stored.edited_by))
            .collect();
        Ok(InterpretationListView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            items,
        })
    }

    /// The form for a new interpretation (`id` 0, with `document` preselected when given) or
    /// for changing one; `None` when there is no such interpretation.
    pub async fn interpretation_edit(
        &self,
        session: &Session,
        id: i64,
        document: &str,
    ) -> Result<Option<InterpretationEditView>, StaffError> {
        let editable = self.editable(session).await?;
        let (form, preview) = if id == 0 {
            let form = InterpretationForm {
                document_id: document.to_string(),
                ..InterpretationForm::default()
            };
            (form, String::new())
        } else {
            match self.store.interpretation_stored(id).await? {
                Some(stored) => (
                    crate::interpretations::form(&stored),
                    crate::interpretations::detail(&stored).html,
                ),
                None => return Ok(None),
            }
        };
        if id != 0 && !editable.admits(&form.document_id) {
            return Err(Self::outside_region(session, &form.document_id));
        }
        Ok(Some(InterpretationEditView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            form,
            documents: self.editable_choices(&editable).await?,
            problems: Vec::new(),
            done: String::new(),
            preview,
        }))
    }

    /// Checks and stores an interpretation; the view lists each problem beside its field
    /// with everything typed, or says it was published and shows it as the public will.
    pub async fn save_interpretation(
        &self,
        session: &Session,
        mut form: InterpretationForm,
    ) -> Result<Option<InterpretationEditView>, StaffError> {
        let editable = self.editable(session).await?;
        if form.id != 0 {
            let Some(stored) = self.store.interpretation_stored(form.id).await? else {
                return Ok(None);
            };
            let document = stored.summary.document_id.clone();
            if !editable.admits(&document) {
                return Err(Self::outside_region(session, &document));
            }
        }
        if self.store.document_ids().await?.contains(&form.document_id)
            && !editable.admits(&form.document_id)
        {
            return Err(Self::outside_region(session, &form.document_id));
        }
        let documents = self.editable_choices(&editable).await?;
        let known = documents.iter().any(|(id, _)| *id == form.document_id);
        let problems = form.problems(known);
        let mut view = InterpretationEditView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            form: form.clone(),
            documents,
            problems,
            done: String::new(),
            preview: String::new(),
        };
        if !view.problems.is_empty() {
            return Ok(Some(view));
        }
        let new = form.id == 0;
        let Some(id) = self
            .store
            .save_interpretation(&form, &session.user.username, now())
            .await?
        else {
            return Ok(None);
        };
        let said = if new {
            format!("发布解读 {id}“{}”", form.title)
        } else {
            format!("修改解读 {id}“{}”：{}", form.title, form.reason)
        };
        self.audit(&session.user, "content", "", "", "", &said)
            .await?;
        form.id = id;
        form.reason = String::new();
        view.preview = to_safe_html(&form.body);
        view.form = form;
        view.done = if new {
            "已发布。".into()
        } else {
            "已保存。".into()
        };
        Ok(Some(view))
    }

    /// The county a user writes progress notes for: its own for 县, every one for 管理员.
    fn notes_county(session: &Session) -> Option<&str> {
        (session.user.role == Role::County).then_some(session.user.area_name.as_str())
    }

    /// The pilots this user may add progress notes to.
    pub async fn pilot_notes_list(
        &self,
        session: &Session,
    ) -> Result<PilotNotesListView, StaffError> {
        Self::content_editor(session)?;
        Ok(PilotNotesListView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            pilots: self
                .store
                .pilots_with_notes(Self::notes_county(session))
                .await?,
        })
    }

    /// One pilot's notes with an empty form, or the form filled with note `edit`; `None`
    /// when the pilot (or that note of it) does not exist or is outside the user's county.
    pub async fn pilot_notes(
        &self,
        session: &Session,
        pilot_id: &str,
        edit: i64,
    ) -> Result<Option<PilotNotesView>, StaffError> {
        Self::content_editor(session)?;
        let Some((pilot_name, county)) = self.store.pilot_name_county(pilot_id).await? else {
            return Ok(None);
        };
        if Self::notes_county(session).is_some_and(|own| own != county) {
            return Ok(None);
        }
        let updates = self.store.pilot_updates(pilot_id).await?;
        let form = if edit == 0 {
            PilotUpdateForm {
                pilot_id: pilot_id.to_string(),
                ..PilotUpdateForm::default()
            }
        } else {
            let Some((update, _)) = updates.iter().find(|(u, _)| u.id == edit) else {
                return Ok(None);
            };
            PilotUpdateForm {
                id: update.id,
                pilot_id: pilot_id.to_string(),
                on_date: update.on_date.clone(),
                body: update.body.clone(),
                source: update.source.clone(),
                reason: String::new(),
            }
        };
        Ok(Some(PilotNotesView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            pilot_id: pilot_id.to_string(),
            pilot_name,
            updates,
            form,
            problems: Vec::new(),
            done: String::new(),
        }))
    }

    /// Checks and stores a progress note; the view lists each problem beside its field with
    /// everything typed, or the notes with the new one and an empty form.
    pub async fn save_pilot_note(
        &self,
        session: &Session,
        form: PilotUpdateForm,
    ) -> Result<Option<PilotNotesView>, StaffError> {
        let Some(mut view) = self.pilot_notes(session, &form.pilot_id, 0).await? else {
            return Ok(None);
        };
        if form.id != 0 && !view.updates.iter().any(|(u, _)| u.id == form.id) {
            return Ok(None);
        }
        let problems = form.problems(&today_in_china().to_string());
        if !problems.is_empty() {
            view.form = form;
            view.problems = problems;
            return Ok(Some(view));
        }
        let Some(id) = self
            .store
            .save_pilot_update(&form, &session.user.username, now())
            .await?
        else {
            return Ok(None);
        };
        let said = if form.id == 0 {
            format!("新增 {} 的进展 {id}", form.pilot_id)
        } else {
            format!("修改 {} 的进展 {id}：{}", form.pilot_id, form.reason)
        };
        self.audit(&session.user, "content", "", "", "", &said)
            .await?;
        view.updates = self.store.pilot_updates(&form.pilot_id).await?;
        view.done = if form.id == 0 {
            format!("已发布 {} 的进展。", form.on_date)
        } else {
            format!("已保存 {} 的进展。", form.on_date)
        };
        Ok(Some(view))
    }
}
