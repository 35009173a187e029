//! Content staff write: interpretations of a document (kept as Markdown as written;
//! `crate::interpretations` renders them) and progress notes on pilot villages.

use app::model::content::{
    InterpretationForm, InterpretationSummary, PilotNews, PilotUpdate, PilotUpdateForm,
};
use app::model::pilots::display_name;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{StorageError, Store};
use crate::interpretations::StoredInterpretation;
use crate::markdown::{excerpt, plain_text};

/// How long a list's excerpt of an interpretation is, in characters.
const SUMMARY_CHARS: usize = 80;

pub use crate::calendar::china_day;

const INTERPRETATION_SELECT: &str =
    "SELECT i.id, i.title, i.document_id, d.title AS document_title, \
     i.source_section, i.body_markdown, i.created_at, i.edited_by, i.edited_at \
     FROM interpretations i JOIN documents d ON d.id = i.document_id";

fn stored_interpretation(row: &AnyRow) -> Result<StoredInterpretation, sqlx::Error> {
    let markdown: String = row.try_get("body_markdown")?;
    Ok(StoredInterpretation {
        summary: InterpretationSummary {
            id: row.try_get("id")?,
            title: row.try_get("title")?,
            document_id: row.try_get("document_id")?,
            document_title: row.try_get("document_title")?,
            source_section: row.try_get("source_section")?,
            updated: china_day(row.try_get("edited_at")?),
            summary: excerpt(&plain_text(&markdown), SUMMARY_CHARS),
        },
        markdown,
        created_at: row.try_get("created_at")?,
        published: china_day(row.try_get("created_at")?),
        edited_by: row.try_get("edited_by")?,
    })
}

fn pilot_update(row: &AnyRow) -> Result<(PilotUpdate, String), sqlx::Error> {
    Ok((
        PilotUpdate {
            id: row.try_get("id")?,
            on_date: row.try_get("on_date")?,
            body: row.try_get("body")?,
            source: row.try_get("source")?,
            updated: china_day(row.try_get("edited_at")?),
        },
        row.try_get("edited_by")?,
    ))
}

/// A pilot's display name from its `village`, `group_or_area` and `town` columns.
fn pilot_name(row: &AnyRow) -> Result<String, sqlx::Error> {
    let village: String = row.try_get("village")?;
    let group: String = row.try_get("group_or_area")?;
    let town: String = row.try_get("town")?;
    Ok(display_name(&village, &group, &town))
}

impl Store {
    /// Every interpretation (or those of one document), newest change first.
    pub async fn interpretations_stored(
        &self,
        document: Option<&str>,
    ) -> Result<Vec<StoredInterpretation>, StorageError> {
        let rows = match document {
            Some(document) => {
                sqlx::query(&format!(
                    "{INTERPRETATION_SELECT} WHERE i.document_id = $1 \
                     ORDER BY i.edited_at DESC, i.id DESC"
                ))
                .bind(document)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!(
                    "{INTERPRETATION_SELECT} ORDER BY i.edited_at DESC, i.id DESC"
                ))
                .fetch_all(&self.pool)
                .await?
            }
        };
        Ok(rows
            .iter()
            .map(stored_interpretation)
            .collect::<Result<_, _>>()?)
    }

    /// One interpretation.
    pub async fn interpretation_stored(
        &self,
        id: i64,
    ) -> Result<Option<StoredInterpretation>, StorageError> {
        let row = sqlx::query(&format!("{INTERPRETATION_SELECT} WHERE i.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(stored_interpretation).transpose()?)
    }

    /// Stores a checked interpretation: a new one (`form.id` 0) gets its id; a change of one
    /// that does not exist gives `None`.
    pub async fn save_interpretation(
        &self,
        form: &InterpretationForm,
        editor: &str,
        now: i64,
    ) -> Result<Option<i64>, StorageError> {
        if form.id == 0 {
            let row = sqlx::query(
                "INSERT INTO interpretations (title, document_id, source_section, body_markdown, \
                 created_by, created_at, edited_by, edited_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $5, $6) RETURNING id",
            )
            .bind(&form.title)
            .bind(&form.document_id)
            .bind(&form.source_section)
            .bind(&form.body)
            .bind(editor)
            .bind(now)
            .fetch_one(&self.pool)
            .await?;
            return Ok(Some(row.try_get("id")?));
        }
        let done = sqlx::query(
            "UPDATE interpretations SET title = $1, document_id = $2, source_section = $3, \
             body_markdown = $4, edited_by = $5, edited_at = $6 WHERE id = $7",
        )
        .bind(&form.title)
        .bind(&form.document_id)
        .bind(&form.source_section)
        .bind(&form.body)
        .bind(editor)
        .bind(now)
        .bind(form.id)
        .execute(&self.pool)
        .await?;
        Ok((done.rows_affected() == 1).then_some(form.id))
    }

    /// A pilot's progress notes, newest day first, each with who last changed it.
    pub async fn pilot_updates(
        &self,
        pilot_id: &str,
    ) -> Result<Vec<(PilotUpdate, String)>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, on_date, body, source, edited_by, edited_at FROM pilot_updates \
             WHERE pilot_id = $1 ORDER BY on_date DESC, id DESC",
        )
        .bind(pilot_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(pilot_update).collect::<Result<_, _>>()?)
    }

    /// The `limit` most recently changed progress notes of every pilot, with the pilot.
    pub async fn pilot_news_stored(&self, limit: i64) -> Result<Vec<PilotNews>, StorageError> {
        let rows = sqlx::query(
            "SELECT u.id, u.on_date, u.body, u.source, u.edited_by, u.edited_at, u.pilot_id, \
             p.village, p.group_or_area, p.town FROM pilot_updates u \
             JOIN pilots p ON p.id = u.pilot_id ORDER BY u.edited_at DESC, u.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PilotNews {
                    pilot_id: row.try_get("pilot_id")?,
                    pilot_name: pilot_name(row)?,
                    update: pilot_update(row)?.0,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// Stores a checked progress note of `form.pilot_id`: a new one (`form.id` 0) gets its
    /// id; a change of a note that is not this pilot's gives `None`.
    pub async fn save_pilot_update(
        &self,
        form: &PilotUpdateForm,
        editor: &str,
        now: i64,
    ) -> Result<Option<i64>, StorageError> {
        if form.id == 0 {
            let row = sqlx::query(
                "INSERT INTO pilot_updates (pilot_id, on_date, body, source, created_by, \
                 created_at, edited_by, edited_at) VALUES ($1, $2, $3, $4, $5, $6, $5, $6) \
                 RETURNING id",
            )
            .bind(&form.pilot_id)
            .bind(&form.on_date)
            .bind(&form.body)
            .bind(&form.source)
            .bind(editor)
            .bind(now)
            .fetch_one(&self.pool)
            .await?;
            return Ok(Some(row.try_get("id")?));
        }
        let done = sqlx::query(
            "UPDATE pilot_updates SET on_date = $1, body = $2, source = $3, edited_by = $4, \
             edited_at = $5 WHERE id = $6 AND pilot_id = $7",
        )
        .bind(&form.on_date)
        .bind(&form.body)
        .bind(&form.source)
        .bind(editor)
        .bind(now)
        .bind(form.id)
        .bind(&form.pilot_id)
        .execute(&self.pool)
        .await?;
        Ok((done.rows_affected() == 1).then_some(form.id))
    }

    /// Pilots with their county and number of progress notes: all, or one county's.
    pub async fn pilots_with_notes(
        &self,
        county: Option<&str>,
    ) -> Result<Vec<(String, String, String, i64)>, StorageError> {
        let sql = "SELECT p.id, p.village, p.group_or_area, p.town, p.county, \
             (SELECT COUNT(*) FROM pilot_updates u WHERE u.pilot_id = p.id) AS n \
             FROM pilots p";
        let rows = match county {
            Some(county) => {
                sqlx::query(&format!(
                    "{sql} WHERE p.county = $1 ORDER BY p.county, p.id"
                ))
                .bind(county)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!("{sql} ORDER BY p.county, p.id"))
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("id")?,
                    pilot_name(row)?,
                    row.try_get("county")?,
                    row.try_get("n")?,
                ))
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// A pilot's name and county.
    pub async fn pilot_name_county(
        &self,
        id: &str,
    ) -> Result<Option<(String, String)>, StorageError> {
        let row =
            sqlx::query("SELECT village, group_or_area, town, county FROM pilots WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some((pilot_name(&row)?, row.try_get("county")?)))
    }
}
