//! Storing divisions: checked rows upserted in batches inside the caller's transaction with
//! the village counts recomputed, the catalogue entries matched to their village codes, and
//! the one-time move of reports and staff areas from catalogue ids and names to codes.

use app::model::divisions::is_village_code;
use sqlx::{Any, Row, Transaction};

use super::divisions::STAMP_KEY;
use super::{StorageError, Store};
use crate::divisions::{plain_name, Division, DivisionSource, COUNTY, TOWNSHIP, VILLAGE};

/// Rows per INSERT statement.
const BATCH: usize = 500;

/// What a division import stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DivisionsImported {
    pub divisions: usize,
    pub villages: usize,
    /// Catalogue entries matched to a village code.
    pub pilots_matched: usize,
    /// Catalogue entries without a village code, with why.
    pub pilots_unmatched: Vec<(String, String)>,
}

impl Store {
    /// Imports checked divisions in one transaction: upserted by code (so importing twice
    /// leaves one copy), the counts above them recomputed, the catalogue entries matched
    /// again. `progress` is told how many rows each batch stored.
    pub async fn import_divisions(
        &self,
        divisions: &[Division],
        source: &DivisionSource,
        progress: impl Fn(u64),
    ) -> Result<DivisionsImported, StorageError> {
        let mut tx = self.pool.begin().await?;
        store_divisions(&mut tx, divisions, source, &progress).await?;
        let (pilots_matched, pilots_unmatched) = match_pilots(&mut tx).await?;
        tx.commit().await?;
        Ok(DivisionsImported {
            divisions: divisions.len(),
            villages: divisions.iter().filter(|d| d.level == VILLAGE).count(),
            pilots_matched,
            pilots_unmatched,
        })
    }
}

/// The seed's divisions, stored inside the seed import's transaction when the table is
/// empty; the catalogue is matched again either way.
pub(super) async fn store_seed_divisions(
    tx: &mut Transaction<'_, Any>,
) -> Result<(), StorageError> {
    let divisions = crate::divisions::seed().map_err(|problems| {
        StorageError::Divisions(
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    // Only into an empty table: divisions imported since (a newer set, the whole country)
    // are not put back to the seed's, nor their source.
    let stored: i64 = sqlx::query("SELECT COUNT(*) AS n FROM divisions")
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    if stored == 0 {
        store_divisions(tx, &divisions, &DivisionSource::statistics_2023(), &|_| {}).await?;
    }
    match_pilots(tx).await?;
    Ok(())
}

/// Upserts the divisions in batches, recomputes the village counts above them bottom-up,
/// records the source and changes the finder stamp.
async fn store_divisions(
    tx: &mut Transaction<'_, Any>,
    divisions: &[Division],
    source: &DivisionSource,
    progress: &dyn Fn(u64),
) -> Result<(), StorageError> {
    for chunk in divisions.chunks(BATCH) {
        let values: Vec<String> = (0..chunk.len())
            .map(|n| {
                let b = n * 6;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO divisions (code, level, parent, name, full_name, villages) VALUES {} \
             ON CONFLICT (code) DO UPDATE SET level = excluded.level, parent = excluded.parent, \
             name = excluded.name, full_name = excluded.full_name, villages = excluded.villages",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for d in chunk {
            query = query
                .bind(d.code.as_str())
                .bind(d.level)
                .bind(d.parent.as_str())
                .bind(d.name.as_str())
                .bind(d.full_name.as_str())
                .bind(i64::from(d.level == VILLAGE));
        }
        query.execute(&mut **tx).await?;
        progress(chunk.len() as u64);
    }
    for level in [TOWNSHIP, COUNTY, 2, 1] {
        sqlx::query(
            "UPDATE divisions SET villages = (SELECT COALESCE(SUM(c.villages), 0) \
             FROM divisions c WHERE c.parent = divisions.code) WHERE level = $1",
        )
        .bind(level)
        .execute(&mut **tx)
        .await?;
    }
    let now = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    sqlx::query(
        "INSERT INTO division_sources (id, source, cut_off, published, imported_at) \
         VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM division_sources), $1, $2, $3, $4)",
    )
    .bind(source.source.as_str())
    .bind(source.cut_off.as_str())
    .bind(source.published.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let stamp = format!(
        "{}-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
        divisions.len()
    );
    sqlx::query(
        "INSERT INTO portal_meta (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(STAMP_KEY)
    .bind(stamp)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One catalogue entry as matching reads it.
struct PilotPlace {
    id: String,
    prefecture: String,
    county: String,
    town: String,
    village: String,
    entity_type: String,
}

/// Matches every catalogue entry to its village code by county + township + village (never
/// by the village name alone), storing the code or why there is none.
async fn match_pilots(
    tx: &mut Transaction<'_, Any>,
) -> Result<(usize, Vec<(String, String)>), StorageError> {
    let rows = sqlx::query(
        "SELECT id, prefecture, county, town, village, entity_type FROM pilots ORDER BY id",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut pilots = Vec::with_capacity(rows.len());
    for row in &rows {
        pilots.push(PilotPlace {
            id: row.try_get("id")?,
            prefecture: row.try_get("prefecture")?,
            county: row.try_get("county")?,
            town: row.try_get("town")?,
            village: row.try_get("village")?,
            entity_type: row.try_get("entity_type")?,
        });
    }
    let mut matched = 0;
    let mut unmatched = Vec::new();
    for pilot in &pilots {
        let (code, note) = match_one(tx, pilot).await?;
        if code.is_empty() {
            unmatched.push((pilot.id.clone(), note.clone()));
        } else {
            matched += 1;
        }
        sqlx::query("UPDATE pilots SET village_code = $1, code_note = $2 WHERE id = $3")
            .bind(code)
            .bind(note)
            .bind(pilot.id.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok((matched, unmatched))
}

/// Divisions of `level` named `name` (plain name), as (code, parent).
async fn named(
    tx: &mut Transaction<'_, Any>,
    level: i64,
    name: &str,
) -> Result<Vec<(String, String)>, StorageError> {
    let rows = sqlx::query(
        "SELECT code, parent FROM divisions WHERE level = $1 AND name = $2 ORDER BY code",
    )
    .bind(level)
    .bind(name)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("code")?, row.try_get("parent")?)))
        .collect()
}

/// Divisions below `parent`, as (code, name).
async fn below(
    tx: &mut Transaction<'_, Any>,
    parent: &str,
) -> Result<Vec<(String, String)>, StorageError> {
    let rows = sqlx::query("SELECT code, name FROM divisions WHERE parent = $1 ORDER BY code")
        .bind(parent)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("code")?, row.try_get("name")?)))
        .collect()
}

/// Whether the prefecture `code` is the one a catalogue entry names (黔西南州 for
/// 黔西南布依族苗族自治州, 重庆市 for the municipality's 市辖区).
async fn prefecture_is(
    tx: &mut Transaction<'_, Any>,
    code: &str,
    named: &str,
) -> Result<bool, StorageError> {
    let row = sqlx::query(
        "SELECT p.name, r.name AS province FROM divisions p \
         JOIN divisions r ON r.code = p.parent WHERE p.code = $1",
    )
    .bind(code)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(false) };
    let name: String = row.try_get("name")?;
    let province: String = row.try_get("province")?;
    let head: String = named.chars().take(2).collect();
    Ok(
        name == named
            || province == named
            || (head.chars().count() == 2 && name.starts_with(&head)),
    )
}

/// The code of one catalogue entry and the note on it.
async fn match_one(
    tx: &mut Transaction<'_, Any>,
    pilot: &PilotPlace,
) -> Result<(String, String), StorageError> {
    let unmatched = |why: String| Ok((String::new(), why));
    if pilot.village.trim().is_empty() {
        return if pilot.entity_type.contains("小镇") {
            unmatched("特色小镇，不是一个村，没有村级区划代码。".to_string())
        } else {
            unmatched(format!(
                "乡镇级条目（{}），不是一个村，没有村级区划代码。",
                pilot.town
            ))
        };
    }
    // The county by name inside the entry's prefecture; a county the codes do not have
    // (义龙新区, a development zone) stands for every county of the prefecture.
    let mut counties = Vec::new();
    for (code, parent) in named(tx, COUNTY, &pilot.county).await? {
        if prefecture_is(tx, &parent, &pilot.prefecture).await? {
            counties.push(code);
        }
    }
    let zone = counties.is_empty();
    if zone {
        let prefectures = sqlx::query("SELECT code FROM divisions WHERE level = 2")
            .fetch_all(&mut **tx)
            .await?;
        for row in &prefectures {
            let code: String = row.try_get("code")?;
            if prefecture_is(tx, &code, &pilot.prefecture).await? {
                counties.extend(below(tx, &code).await?.into_iter().map(|(c, _)| c));
            }
        }
        if counties.is_empty() {
            return unmatched(format!(
                "区划代码中找不到{}（{}）。",
                pilot.county, pilot.prefecture
            ));
        }
    }
    let wanted = plain_name(&pilot.village, VILLAGE);
    let towns: Vec<String> = if pilot.town.trim().is_empty() {
        let mut towns = Vec::new();
        for county in &counties {
            towns.extend(below(tx, county).await?.into_iter().map(|(c, _)| c));
        }
        towns
    } else {
        named(tx, TOWNSHIP, &pilot.town)
            .await?
            .into_iter()
            .filter(|(_, parent)| counties.contains(parent))
            .map(|(code, _)| code)
            .collect()
    };
    if towns.is_empty() {
        return unmatched(format!(
            "区划代码中{}下找不到{}。",
            pilot.county, pilot.town
        ));
    }
    if towns.len() > 1 && !pilot.town.trim().is_empty() {
        return unmatched(format!(
            "{}下有 {} 个名为{}的乡镇，无法确定是哪一个。",
            pilot.county,
            towns.len(),
            pilot.town
        ));
    }
    let mut villages = Vec::new();
    for town in &towns {
        for (code, name) in below(tx, town).await? {
            if name == wanted || name == pilot.village {
                villages.push(code);
            }
        }
    }
    let place = if pilot.town.trim().is_empty() {
        pilot.county.clone()
    } else {
        format!("{}{}", pilot.county, pilot.town)
    };
    match villages.as_slice() {
        [] => unmatched(format!("区划代码中{place}下找不到{}。", pilot.village)),
        [code] => {
            let county = &code[..6];
            let county_name = below_name(tx, county).await?;
            let note = if pilot.town.trim().is_empty() {
                format!(
                    "目录没有写乡镇；{}只有一个{}，按此对应。",
                    pilot.county, pilot.village
                )
            } else if zone {
                format!(
                    "{}不是区划代码中的县级单位：{}在区划代码中属于{county_name}。",
                    pilot.county, pilot.town
                )
            } else {
                String::new()
            };
            Ok((code.clone(), note))
        }
        many => unmatched(format!(
            "{place}下有 {} 个名为{}的村，无法确定是哪一个。",
            many.len(),
            pilot.village
        )),
    }
}

/// A division's name by code (empty when unknown).
async fn below_name(tx: &mut Transaction<'_, Any>, code: &str) -> Result<String, StorageError> {
    let row = sqlx::query("SELECT name FROM divisions WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(match row {
        Some(row) => row.try_get("name")?,
        None => String::new(),
    })
}

/// Moves reports and staff areas from catalogue ids and names to codes, once: a report's
/// village by its catalogue entry's code; a 村 account's area likewise; a 乡镇 or 县
/// account's area by the one township or county of that name. Anything ambiguous or unknown
/// stops it, naming the rows, and nothing is changed.
pub(super) async fn move_areas_to_codes(tx: &mut Transaction<'_, Any>) -> Result<(), StorageError> {
    let mut problems = Vec::new();
    let mut report_moves = Vec::new();
    let rows = sqlx::query(
        "SELECT r.receipt, r.village_id, p.village_code FROM reports r \
         LEFT JOIN pilots p ON p.id = r.village_id ORDER BY r.receipt",
    )
    .fetch_all(&mut **tx)
    .await?;
    for row in &rows {
        let receipt: String = row.try_get("receipt")?;
        let village: String = row.try_get("village_id")?;
        if is_village_code(&village) {
            continue;
        }
        let code: Option<String> = row.try_get("village_code")?;
        match code.filter(|c| !c.is_empty()) {
            Some(code) => report_moves.push((receipt, code)),
            None => problems.push(format!(
                "申报 {receipt}：所在村“{village}”没有对应的村级区划代码"
            )),
        }
    }
    let mut account_moves = Vec::new();
    let rows = sqlx::query("SELECT username, role, area FROM staff_accounts ORDER BY username")
        .fetch_all(&mut **tx)
        .await?;
    for row in &rows {
        let username: String = row.try_get("username")?;
        let role: String = row.try_get("role")?;
        let area: String = row.try_get("area")?;
        let (level, digits) = match app::model::staff::Role::parse(&role) {
            Some(app::model::staff::Role::Village) => (VILLAGE, 12),
            Some(app::model::staff::Role::Town) => (TOWNSHIP, 9),
            Some(app::model::staff::Role::County) => (COUNTY, 6),
            _ => continue,
        };
        if area.len() == digits && area.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let codes: Vec<String> = if level == VILLAGE {
            sqlx::query("SELECT village_code FROM pilots WHERE id = $1")
                .bind(area.as_str())
                .fetch_optional(&mut **tx)
                .await?
                .map(|row| row.try_get::<String, _>("village_code"))
                .transpose()?
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect()
        } else {
            named(tx, level, &area)
                .await?
                .into_iter()
                .map(|(code, _)| code)
                .collect()
        };
        match codes.as_slice() {
            [code] => account_moves.push((username, code.clone())),
            [] => problems.push(format!("账号 {username}：辖区“{area}”在区划代码中找不到")),
            many => problems.push(format!(
                "账号 {username}：辖区“{area}”有 {} 个同名区划（{}），无法确定",
                many.len(),
                many.join("、")
            )),
        }
    }
    if !problems.is_empty() {
        return Err(StorageError::AreaMigration(problems.join("\n")));
    }
    for (receipt, code) in report_moves {
        sqlx::query("UPDATE reports SET village_id = $1 WHERE receipt = $2")
            .bind(code)
            .bind(receipt)
            .execute(&mut **tx)
            .await?;
    }
    for (username, code) in account_moves {
        sqlx::query("UPDATE staff_accounts SET area = $1 WHERE username = $2")
            .bind(code)
            .bind(username)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
