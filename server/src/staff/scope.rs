//! Whose content a staff member may edit. 管理员 edits everything; 县 edits the figures, Q&A
//! entries and interpretations of its own region's documents only: a document whose region
//! (in the document's own words) names the county or the prefecture the catalogue puts the
//! county in. 村 and 乡镇 edit no published content.

use std::collections::HashSet;

use app::model::staff::Role;

use super::{Session, StaffDesk, StaffError};

/// The documents a user may edit content of.
#[derive(Debug, Clone)]
pub(super) enum Editable {
    All,
    Only(HashSet<String>),
}

impl Editable {
    pub(super) fn admits(&self, document_id: &str) -> bool {
        match self {
            Editable::All => true,
            Editable::Only(ids) => ids.contains(document_id),
        }
    }
}

impl StaffDesk {
    pub(super) fn content_editor(session: &Session) -> Result<(), StaffError> {
        if session.user.may_edit_content() {
            Ok(())
        } else {
            Err(StaffError::Refused(
                "只有县级工作人员和管理员可以编辑公开内容。".into(),
            ))
        }
    }

    /// The documents whose content `session`'s user may edit (after [`Self::content_editor`]).
    pub(super) async fn editable(&self, session: &Session) -> Result<Editable, StaffError> {
        Self::content_editor(session)?;
        if session.user.role == Role::Admin {
            return Ok(Editable::All);
        }
        let county = session.user.area_name.as_str();
        let prefectures = self.store.county_prefectures(county).await?;
        let ids = self
            .store
            .document_regions()
            .await?
            .into_iter()
            .filter(|(_, region)| {
                (!county.is_empty() && region.contains(county))
                    || prefectures
                        .iter()
                        .any(|p| !p.is_empty() && region.contains(p.as_str()))
            })
            .map(|(id, _)| id)
            .collect();
        Ok(Editable::Only(ids))
    }

    /// Refuses, in words, content of a document outside the user's region.
    pub(super) fn outside_region(session: &Session, document_id: &str) -> StaffError {
        StaffError::Refused(format!(
            "“{document_id}”不是{}所在地区的文件：县级账号只能编辑本地区文件的指标、问答和解读，其他地区的请联系管理员。",
            session.user.area_name
        ))
    }

    /// The document choices of an edit form: those the user may edit.
    pub(super) async fn editable_choices(
        &self,
        editable: &Editable,
    ) -> Result<Vec<(String, String)>, StaffError> {
        Ok(self
            .store
            .document_choices()
            .await?
            .into_iter()
            .filter(|(id, _)| editable.admits(id))
            .collect())
    }
}
