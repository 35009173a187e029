//! What the portal promises households, in SQL: the working-day calendar (`holidays`), each
//! county's steps and time limits (`county_rules`) and the 待告知 tasks a stage change opens
//! (`case_notices`).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use app::model::promise::{CountyHotline, CountyRule, HolidayYear, RuleStep};
use app::model::workflow::Stage;
use sqlx::{Any, Row, Transaction};

use super::{StorageError, Store};
use crate::calendar::{iso, read_holidays, DayKind, HolidayRow, WorkCalendar, SEED_HOLIDAYS};

/// Who was told, when and how: the latest done task of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Told {
    pub at: i64,
    pub by: String,
    pub how: String,
}

/// An open 待告知 task: its case and the day it is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenNotice {
    pub receipt: String,
    pub stage: Stage,
    pub due_on: String,
}

fn stored_date(text: &str) -> Option<NaiveDate> {
    crate::reports::parse_iso(text)
}

/// Stores `rows`, replacing every year they name.
async fn replace_years(
    tx: &mut Transaction<'_, Any>,
    rows: &[HolidayRow],
    at: i64,
) -> Result<(), StorageError> {
    let years: BTreeSet<i32> = rows.iter().map(|r| r.date.year()).collect();
    for year in years {
        sqlx::query("DELETE FROM holidays WHERE day >= $1 AND day <= $2")
            .bind(format!("{year:04}-01-01"))
            .bind(format!("{year:04}-12-31"))
            .execute(&mut **tx)
            .await?;
    }
    for row in rows {
        sqlx::query(
            "INSERT INTO holidays (day, kind, holiday, source, imported_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(iso(row.date))
        .bind(row.kind.value())
        .bind(&row.holiday)
        .bind(&row.source)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The seed's holiday table, for the years not yet stored (a year imported since is kept).
pub(super) async fn store_seed_holidays(
    tx: &mut Transaction<'_, Any>,
    at: i64,
) -> Result<(), StorageError> {
    let rows = read_holidays(SEED_HOLIDAYS.as_bytes()).map_err(|problems| {
        StorageError::Divisions(
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    let stored: BTreeSet<i32> = sqlx::query("SELECT day FROM holidays")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .filter_map(|row| row.try_get::<String, _>("day").ok())
        .filter_map(|day| stored_date(&day).map(|d| d.year()))
        .collect();
    let missing: Vec<HolidayRow> = rows
        .into_iter()
        .filter(|r| !stored.contains(&r.date.year()))
        .collect();
    replace_years(tx, &missing, at).await
}

fn rule_from(row: &sqlx::any::AnyRow) -> Result<CountyRule, StorageError> {
    let steps: String = row.try_get("steps")?;
    let steps: Vec<RuleStep> = serde_json::from_str(&steps).unwrap_or_default();
    let updated_at: i64 = row.try_get("updated_at")?;
    Ok(CountyRule {
        county: row.try_get("county")?,
        county_name: row.try_get("county_name")?,
        rule_name: row.try_get("rule_name")?,
        total_days: u32::try_from(row.try_get::<i64, _>("total_days")?).unwrap_or(0),
        steps,
        updated_by: row.try_get("updated_by")?,
        updated_on: super::china_day(updated_at),
    })
}

/// The hotline a seed document names for its county: 000 asks 水城区 to use the 12345
/// government service hotline. Stored once; administrators may change or remove it (a later
/// import of a new seed revision adds it again only where the county has none).
const SEED_HOTLINES: [(&str, &str, &str); 1] = [(
    "520204",
    "12345",
    "《水城区分类分级推进乡村振兴方案》五、工作保障 (四)强化舆论宣传：用好“12345”政务服务便民热线",
)];

/// The seed's county hotlines, where the county has none stored.
pub(super) async fn store_seed_hotlines(
    tx: &mut Transaction<'_, Any>,
    at: i64,
) -> Result<(), StorageError> {
    for (county, number, source) in SEED_HOTLINES {
        sqlx::query(
            "INSERT INTO county_hotlines (county, number, source, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (county) DO NOTHING",
        )
        .bind(county)
        .bind(number)
        .bind(source)
        .bind(super::SEED_EDITOR)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn hotline_from(row: &sqlx::any::AnyRow) -> Result<CountyHotline, StorageError> {
    let updated_at: i64 = row.try_get("updated_at")?;
    Ok(CountyHotline {
        county: row.try_get("county")?,
        county_name: row.try_get("county_name")?,
        number: row.try_get("number")?,
        source: row.try_get("source")?,
        updated_by: row.try_get("updated_by")?,
        updated_on: super::china_day(updated_at),
    })
}

const RULE_SELECT: &str = "SELECT r.county, COALESCE(d.name, '') AS county_name, r.rule_name, \
     r.total_days, r.steps, r.updated_by, r.updated_at \
     FROM county_rules r LEFT JOIN divisions d ON d.code = r.county";

impl Store {
    /// The working-day calendar of every stored year.
    pub async fn work_calendar(&self) -> Result<WorkCalendar, StorageError> {
        let rows = sqlx::query("SELECT day, kind FROM holidays")
            .fetch_all(&self.pool)
            .await?;
        let mut days = Vec::with_capacity(rows.len());
        for row in &rows {
            let day: String = row.try_get("day")?;
            let kind: String = row.try_get("kind")?;
            if let (Some(date), Some(kind)) = (stored_date(&day), DayKind::parse(&kind)) {
                days.push((date, kind));
            }
        }
        Ok(WorkCalendar::new(days))
    }

    /// Each stored year with its counts and sources, earliest first.
    pub async fn holiday_years(&self) -> Result<Vec<HolidayYear>, StorageError> {
        let rows = sqlx::query("SELECT day, kind, source FROM holidays ORDER BY day")
            .fetch_all(&self.pool)
            .await?;
        let mut years: Vec<HolidayYear> = Vec::new();
        for row in &rows {
            let day: String = row.try_get("day")?;
            let kind: String = row.try_get("kind")?;
            let source: String = row.try_get("source")?;
            let Some(year) = stored_date(&day).map(|d| d.year()) else {
                continue;
            };
            if years.last().map(|y| y.year) != Some(year) {
                years.push(HolidayYear {
                    year,
                    rest_days: 0,
                    work_days: 0,
                    sources: Vec::new(),
                });
            }
            if let Some(entry) = years.last_mut() {
                match DayKind::parse(&kind) {
                    Some(DayKind::Rest) => entry.rest_days += 1,
                    Some(DayKind::Work) => entry.work_days += 1,
                    None => {}
                }
                if !entry.sources.contains(&source) {
                    entry.sources.push(source);
                }
            }
        }
        Ok(years)
    }

    /// Stores checked holiday rows in one transaction, replacing every year they name.
    pub async fn import_holidays(&self, rows: &[HolidayRow], at: i64) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        replace_years(&mut tx, rows, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The rule a county recorded, if any.
    pub async fn county_rule(&self, county: &str) -> Result<Option<CountyRule>, StorageError> {
        let sql = format!("{RULE_SELECT} WHERE r.county = $1");
        let row = sqlx::query(&sql)
            .bind(county)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(rule_from).transpose()
    }

    /// Every recorded rule, by county code.
    pub async fn county_rules(&self) -> Result<Vec<CountyRule>, StorageError> {
        let sql = format!("{RULE_SELECT} ORDER BY r.county");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(rule_from).collect()
    }

    /// Records (or replaces) a county's rule.
    pub async fn save_county_rule(
        &self,
        rule: &CountyRule,
        by: &str,
        at: i64,
    ) -> Result<(), StorageError> {
        let steps = serde_json::to_string(&rule.steps).unwrap_or_else(|_| "[]".into());
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM county_rules WHERE county = $1")
            .bind(&rule.county)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO county_rules (county, rule_name, total_days, steps, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&rule.county)
        .bind(&rule.rule_name)
        .bind(i64::from(rule.total_days))
        .bind(steps)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a county's rule (the practice applies again); whether there was one.
    pub async fn delete_county_rule(&self, county: &str) -> Result<bool, StorageError> {
        let gone = sqlx::query("DELETE FROM county_rules WHERE county = $1")
            .bind(county)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(gone > 0)
    }

    /// Every county's own hotline, by county code, with the county's name.
    pub async fn county_hotlines(&self) -> Result<Vec<CountyHotline>, StorageError> {
        let rows = sqlx::query(
            "SELECT h.county, COALESCE(d.name, '') AS county_name, h.number, h.source, \
             h.updated_by, h.updated_at FROM county_hotlines h \
             LEFT JOIN divisions d ON d.code = h.county ORDER BY h.county",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(hotline_from).collect()
    }

    /// One county's own hotline, if it has one (from the list kept for the revision: every
    /// village page and answer shows one).
    pub async fn county_hotline(
        &self,
        county: &str,
    ) -> Result<Option<CountyHotline>, StorageError> {
        let hotlines = self
            .kept(&self.kept.hotlines, || self.county_hotlines())
            .await?;
        Ok(hotlines.iter().find(|h| h.county == county).cloned())
    }

    /// Records (or replaces) a county's hotline.
    pub async fn save_county_hotline(
        &self,
        hotline: &CountyHotline,
        by: &str,
        at: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM county_hotlines WHERE county = $1")
            .bind(&hotline.county)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO county_hotlines (county, number, source, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&hotline.county)
        .bind(&hotline.number)
        .bind(&hotline.source)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a county's hotline; `false` when it had none.
    pub async fn delete_county_hotline(&self, county: &str) -> Result<bool, StorageError> {
        let gone = sqlx::query("DELETE FROM county_hotlines WHERE county = $1")
            .bind(county)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(gone > 0)
    }

    /// Every open 待告知 task, oldest first.
    pub async fn open_notices(&self) -> Result<Vec<OpenNotice>, StorageError> {
        let rows = sqlx::query(
            "SELECT receipt, stage, due_on FROM case_notices WHERE told_at = 0 \
             ORDER BY due_on, receipt",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(OpenNotice {
                    receipt: row.try_get("receipt")?,
                    stage: super::stage_of(row)?,
                    due_on: row.try_get("due_on")?,
                })
            })
            .collect()
    }

    /// The latest time the household of `receipt` was told, if ever.
    pub async fn last_told(&self, receipt: &str) -> Result<Option<Told>, StorageError> {
        let row = sqlx::query(
            "SELECT told_at, told_by, told_how FROM case_notices \
             WHERE receipt = $1 AND told_at > 0 ORDER BY told_at DESC, position DESC",
        )
        .bind(receipt)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(Told {
                at: row.try_get("told_at")?,
                by: row.try_get("told_by")?,
                how: row.try_get("told_how")?,
            })
        })
        .transpose()
    }

    /// Records that the household of `receipt` was told: every open task of the case is done,
    /// with the audit event, in one transaction. `false` (nothing stored) when none was open.
    pub async fn record_told(
        &self,
        receipt: &str,
        told: &Told,
        note: &str,
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE case_notices SET told_at = $1, told_by = $2, told_how = $3 \
             WHERE receipt = $4 AND told_at = 0",
        )
        .bind(told.at)
        .bind(&told.by)
        .bind(&told.how)
        .bind(receipt)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO audit_events (at, actor, action, receipt, from_stage, to_stage, note) \
             VALUES ($1, $2, 'told', $3, '', '', $4)",
        )
        .bind(told.at)
        .bind(&told.by)
        .bind(receipt)
        .bind(note)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// Opens the 待告知 task of a stage change, inside the change's transaction.
pub(super) async fn open_notice(
    tx: &mut Transaction<'_, Any>,
    receipt: &str,
    stage: Stage,
    at: i64,
    due_on: &str,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO case_notices (receipt, position, stage, opened_at, due_on) \
         SELECT $1, COALESCE(MAX(position), -1) + 1, $2, $3, $4 \
         FROM case_notices WHERE receipt = $1",
    )
    .bind(receipt)
    .bind(stage.value())
    .bind(at)
    .bind(due_on)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// The rule that applies to a case of `village` (a village code): its county's, or the
    /// common provincial practice when the county recorded none.
    pub async fn rule_for_village(&self, village: &str) -> Result<CountyRule, StorageError> {
        let county = app::model::workflow::CaseArea::of_village(village).county;
        if county.is_empty() {
            return Ok(CountyRule::practice("", ""));
        }
        if let Some(rule) = self.county_rule(&county).await? {
            return Ok(rule);
        }
        let name = self
            .division(&county)
            .await?
            .map(|(name, _)| name)
            .unwrap_or_default();
        Ok(CountyRule::practice(&county, &name))
    }
}
