//! Every village can report: official division codes, the picker and finder of the form,
//! the village pages and posters, the catalogue matched to codes, staff areas by code and
//! the one-time move of old rows to codes. HTTP and storage on both databases.

use app::model::staff::{Role, StaffUser};
use app::ports::Portal;
use axum::http::StatusCode;
use sqlx::Connection;

use super::http::{get, hidden, open_form, post, report_body, seeded};
use crate::both_backends;
use crate::common::{TestApp, TestDb, BASE_URL};

/// 老里旗村 (the village of qxn-p-01), in 大山镇 522302109, 兴仁市 522302.
const LAOLIQI: &str = "522302109207";
/// 街心社区, 黄草街道, 兴义市: not in the catalogue.
const JIEXIN: &str = "522301001001";

/// The whole text of a run of `sqlx::query`s on the test database.
async fn execute(db: &TestDb, statements: &[&str]) {
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    for statement in statements {
        sqlx::query(statement).execute(&mut conn).await.unwrap();
    }
    conn.close().await.unwrap();
}

async fn scalar(db: &TestDb, sql: &str) -> String {
    use sqlx::Row;
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let row = sqlx::query(sql).fetch_one(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    row.try_get::<String, _>(0).unwrap()
}

/// The village code stored for the report a `303 See Other` to its receipt names.
async fn stored_village(db: &TestDb, headers: &axum::http::HeaderMap) -> String {
    let receipt = headers["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/report/done/")
        .to_string();
    scalar(
        db,
        &format!("SELECT village_id FROM reports WHERE receipt = '{receipt}'"),
    )
    .await
}

both_backends!(
    any_village_of_the_divisions_can_report_and_reaches_its_own_staff,
    {
        let TestApp { db, app, state } = TestApp::builder().build().await;
        for (name, area) in [("v-jiexin", JIEXIN), ("v-laoliqi", LAOLIQI)] {
            let user = StaffUser {
                username: name.into(),
                role: Role::Village,
                area: area.into(),
                area_name: String::new(),
            };
            state
                .staff
                .create_staff(&user, "a-long-password-1")
                .await
                .unwrap();
        }
        let (tokens, cookie) = open_form(&app).await;
        let body = report_body(&tokens).replace("village=qxn-p-01", &format!("village={JIEXIN}"));
        let (status, headers, _) = post(&app, "/report", &body, Some(&cookie)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let stored = stored_village(&db, &headers).await;
        assert_eq!(stored, JIEXIN);
        let jiexin = state
            .staff
            .store()
            .cases_for(&StaffUser {
                username: "v-jiexin".into(),
                role: Role::Village,
                area: JIEXIN.into(),
                area_name: String::new(),
            })
            .await
            .unwrap();
        assert_eq!(jiexin.len(), 1);
        assert_eq!(jiexin[0].village_name, "街心社区（兴义市 黄草街道）");
        let laoliqi = state
            .staff
            .store()
            .cases_for(&StaffUser {
                username: "v-laoliqi".into(),
                role: Role::Village,
                area: LAOLIQI.into(),
                area_name: String::new(),
            })
            .await
            .unwrap();
        assert!(laoliqi.is_empty(), "another village's staff see nothing");
        db.finish().await;
    }
);

both_backends!(
    an_unknown_or_malformed_village_is_refused_beside_the_field_with_everything_kept,
    {
        let (db, app) = seeded().await;
        for (village, message) in [
            ("522301001999", "没有代码为 522301001999 的村"),
            ("abc", "“abc”不是村的代码（12 位数字）"),
            ("5223010010011", "不是村的代码"),
        ] {
            let (tokens, cookie) = open_form(&app).await;
            let body =
                report_body(&tokens).replace("village=qxn-p-01", &format!("village={village}"));
            let (status, _, html) = post(&app, "/report", &body, Some(&cookie)).await;
            assert_eq!(status, StatusCode::OK, "{village}");
            assert!(html.contains(message), "{village}: {html}");
            assert!(
                html.contains(r#"id="f-village-error""#),
                "the message sits beside the field"
            );
            assert!(
                html.contains("11010519491231002X"),
                "the ID number typed is kept"
            );
            assert!(html.contains("13812345678"), "the phone typed is kept");
            assert!(html.contains("老人住院"), "the description typed is kept");
        }
        assert_eq!(db.store.count_reports().await.unwrap(), 0);
        db.finish().await;
    }
);

both_backends!(
    old_poster_links_with_a_catalogue_id_choose_the_village_by_its_code,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(&app, "/report?village=qxn-p-01", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(hidden(&html, "village"), LAOLIQI);
        assert!(html.contains("<strong>老里旗村</strong>"), "{html}");
        assert!(html.contains("兴仁市 大山镇"), "{html}");
        // A form posted with the old id is stored under the code.
        let (tokens, cookie) = open_form(&app).await;
        let (status, headers, _) =
            post(&app, "/report", &report_body(&tokens), Some(&cookie)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let stored = stored_village(&db, &headers).await;
        assert_eq!(stored, LAOLIQI);
        db.finish().await;
    }
);

both_backends!(
    the_step_picker_works_without_scripts_and_keeps_what_was_typed,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(&app, "/report", None).await;
        assert_eq!(status, StatusCode::OK);
        // The start: the 12 counties of the five regions, each with its count of villages.
        assert!(html.contains("选择县（市、区）"), "{html}");
        assert!(
            html.contains(r#"formaction="/report/pick?at=522302""#),
            "{html}"
        );
        assert_eq!(html.matches(r#"formaction="/report/pick?at="#).count(), 12);
        let (tokens, cookie) = open_form(&app).await;
        let typed = format!("{tokens}&village=&name=%E7%8E%8B%E5%A4%A7%E5%B1%B1&phone=13812345678");
        // 兴仁市 → its townships, the name typed kept, nothing stored.
        let (status, headers, html) =
            post(&app, "/report/pick?at=522302", &typed, Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["cache-control"], "no-store");
        assert!(html.contains("选择乡镇（街道）"), "{html}");
        assert!(
            html.contains(r#"formaction="/report/pick?at=522302109""#),
            "{html}"
        );
        assert!(html.contains("王大山") && html.contains("13812345678"));
        // 大山镇 → its villages.
        let (_, _, html) = post(&app, "/report/pick?at=522302109", &typed, Some(&cookie)).await;
        assert!(html.contains("选择村（社区）"), "{html}");
        assert!(html.contains(&format!(r#"formaction="/report/pick?village={LAOLIQI}""#)));
        // 老里旗村 chosen: its code in the form, the typed values still there.
        let (_, _, html) = post(
            &app,
            &format!("/report/pick?village={LAOLIQI}"),
            &typed,
            Some(&cookie),
        )
        .await;
        assert_eq!(hidden(&html, "village"), LAOLIQI);
        assert!(html.contains("王大山"));
        assert_eq!(db.store.count_reports().await.unwrap(), 0);
        db.finish().await;
    }
);

both_backends!(the_finder_answers_in_characters_pinyin_and_initials, {
    let (db, app) = seeded().await;
    for query in ["%E8%80%81%E9%87%8C%E6%97%97", "llq", "laoliqi"] {
        let (status, content_type, html) =
            get(&app, &format!("/report/villages?q={query}"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(content_type.starts_with("text/html"));
        assert!(html.contains("老里旗村"), "{query}: {html}");
        assert!(html.contains("大山镇 · 兴仁市"), "{query}: {html}");
        assert!(
            html.contains(&format!(r#"formaction="/report/pick?village={LAOLIQI}""#)),
            "{html}"
        );
    }
    let (_, _, html) = get(&app, "/report/villages?q=%3Cscript%3E", None).await;
    assert!(!html.contains("<script>"), "{html}");
    // Without scripts: Enter in the finder (a POST of the whole form) finds, never stores.
    let (tokens, cookie) = open_form(&app).await;
    let body = format!("{tokens}&village=&vq=llq&name=%E7%8E%8B%E5%A4%A7%E5%B1%B1");
    let (status, _, html) = post(&app, "/report", &format!("{body}&enter=1"), Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("老里旗村") && html.contains("王大山"),
        "{html}"
    );
    assert!(
        !html.contains("error-summary"),
        "finding is not a failed submission"
    );
    // The 提交申报 button itself always submits: no village is a problem beside the field.
    let (status, _, html) = post(&app, "/report", &body, Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("请选择您家所在的村"), "{html}");
    assert_eq!(db.store.count_reports().await.unwrap(), 0);
    db.finish().await;
});

both_backends!(
    every_village_has_a_page_and_a_poster_and_a_township_prints_them_all,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(&app, &format!("/villages/{LAOLIQI}"), None).await;
        assert_eq!(status, StatusCode::OK);
        for part in [
            "老里旗村",
            "老里旗村委会",
            "522302109",
            "522302",
            "大山镇",
            "兴仁市",
            "区划代码来源：国家统计局",
            "截至 2023-06-30",
            r#"href="/pilots/qxn-p-01""#,
            &format!(r#"href="/report?village={LAOLIQI}""#),
            &format!(r#"href="/villages/{LAOLIQI}/poster""#),
            r#"href="/posters?town=522302109""#,
        ] {
            assert!(html.contains(part), "{part}: {html}");
        }
        let (status, _, html) = get(&app, &format!("/villages/{JIEXIN}/poster"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("街心社区"));
        assert!(html.contains(&format!("村级区划代码 {JIEXIN}")));
        assert!(html.contains(&format!("{BASE_URL}/report?village={JIEXIN}")));
        // 大山镇: one poster per village.
        let villages = db.store.division_children("522302109").await.unwrap().len();
        assert!(villages > 5);
        let (status, _, html) = get(&app, "/posters?town=522302109", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(html.matches(r#"<article class="poster""#).count(), villages);
        assert!(html.contains(&format!(r#"data-villages="{villages}""#)));
        for missing in [
            "/villages/522302109999",
            "/villages/qxn-p-01",
            "/villages/522302109/poster",
            "/posters?town=522302",
            "/posters?town=abc",
        ] {
            let (status, _, _) = get(&app, missing, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        }
        db.finish().await;
    }
);

both_backends!(
    the_catalogue_is_matched_to_codes_by_county_township_and_village,
    {
        let (db, app) = seeded().await;
        let store = &db.store;
        let pilot = |id: &'static str| async move {
            let detail = store.pilot(id).await.unwrap();
            (detail.pilot.village_code, detail.pilot.code_note)
        };
        assert_eq!(pilot("qxn-p-01").await.0, LAOLIQI);
        // 者贵村村民委员会 → 者贵村.
        assert_eq!(pilot("qxn-p-02").await.0, "522328002210");
        // 义龙新区 is no county of the codes: 楼纳村 of 顶效街道 lies in 兴义市.
        let (code, note) = pilot("qxn-p-13").await;
        assert_eq!(code, "522301011203");
        assert!(note.contains("义龙新区不是区划代码中的县级单位"), "{note}");
        // A township and a 特色小镇 have no village code, and say why.
        let (code, note) = pilot("wz-p-01").await;
        assert!(code.is_empty() && note.contains("乡镇级条目"), "{note}");
        let (code, note) = pilot("yx-p-04").await;
        assert!(code.is_empty() && note.contains("特色小镇"), "{note}");
        let unmatched = store.unmatched_pilots().await.unwrap();
        assert!(unmatched.iter().all(|(_, why)| !why.is_empty()));
        // The open data carry the code.
        let (_, _, json) = get(
            &app,
            "/api/v1/pilots?county=%E5%85%B4%E4%BB%81%E5%B8%82",
            None,
        )
        .await;
        assert!(
            json.contains(&format!(r#""village_code":"{LAOLIQI}""#)),
            "{json}"
        );
        let (_, _, csv) = get(&app, "/api/v1/pilots.csv", None).await;
        assert!(csv.contains("村级区划代码") && csv.contains(LAOLIQI));
        let (_, _, html) = get(&app, "/pilots/qxn-p-01", None).await;
        assert!(html.contains(&format!(r#"href="/villages/{LAOLIQI}""#)));
        assert!(html.contains(&format!("{BASE_URL}/report?village={LAOLIQI}")));
        db.finish().await;
    }
);

both_backends!(staff_areas_are_codes_and_a_wrong_one_is_refused, {
    let TestApp { db, state, .. } = TestApp::builder().build().await;
    let make = |name: &str, role: Role, area: &str| StaffUser {
        username: name.into(),
        role,
        area: area.into(),
        area_name: String::new(),
    };
    for (role, area) in [
        (Role::Village, ""),
        (Role::Village, "qxn-p-01"),
        (Role::Village, "522302109999"),
        (Role::Town, "大山镇"),
        (Role::Town, LAOLIQI),
        (Role::County, "兴仁市"),
        (Role::County, "522302109"),
    ] {
        let refused = state
            .staff
            .create_staff(&make("someone", role, area), "a-long-password-1")
            .await;
        assert!(refused.is_err(), "{role:?} {area}");
    }
    for (name, role, area) in [
        ("v", Role::Village, LAOLIQI),
        ("t", Role::Town, "522302109"),
        ("c", Role::County, "522302"),
    ] {
        state
            .staff
            .create_staff(&make(name, role, area), "a-long-password-1")
            .await
            .unwrap();
    }
    let accounts = state.staff.store().staff_accounts().await.unwrap();
    let names: Vec<(String, String)> = accounts
        .iter()
        .map(|a| (a.username.clone(), a.area_name.clone()))
        .collect();
    assert!(
        names.contains(&("v".into(), "老里旗村".into())),
        "{names:?}"
    );
    assert!(names.contains(&("t".into(), "大山镇".into())), "{names:?}");
    assert!(names.contains(&("c".into(), "兴仁市".into())), "{names:?}");
    db.finish().await;
});

both_backends!(
    old_reports_and_accounts_move_to_codes_and_ambiguity_stops_the_move,
    {
        let db = TestDb::current().await;
        let seed = server::import::Seed::embedded().unwrap();
        db.store.import_seed(&seed).await.unwrap();
        // Rows as an older portal stored them: a report by catalogue id, areas by id and name.
        execute(
        &db,
        &[
            "INSERT INTO reports (receipt, idempotency_token, village_id, household_size, risk_types, \
             reporter, id_hash, id_masked, phone_tail_hash, content_hash, sealed, stage, submitted_at, submitted_on) \
             VALUES ('OLD00001', 'token-old-1', 'qxn-p-01', 3, 'illness', 'self', 'h', 'm', 'p', 'c', 's', \
             'submitted', 1, '2026-01-05')",
            "INSERT INTO staff_accounts (username, role, area, password_hash, created_at, password_at) \
             VALUES ('old-v', 'village', 'qxn-p-01', 'x', 1, 1)",
            "INSERT INTO staff_accounts (username, role, area, password_hash, created_at, password_at) \
             VALUES ('old-t', 'town', '大山镇', 'x', 1, 1)",
            "INSERT INTO staff_accounts (username, role, area, password_hash, created_at, password_at) \
             VALUES ('old-c', 'county', '兴仁市', 'x', 1, 1)",
            "INSERT INTO staff_accounts (username, role, area, password_hash, created_at, password_at) \
             VALUES ('old-zone', 'county', '义龙新区', 'x', 1, 1)",
        ],
    )
    .await;
        // 义龙新区 is no county of the codes: the move stops, naming the row, and changes nothing.
        let stopped = db.store.import_seed(&seed).await.unwrap_err().to_string();
        assert!(
            stopped.contains("账号 old-zone") && stopped.contains("义龙新区"),
            "{stopped}"
        );
        assert_eq!(
            scalar(
                &db,
                "SELECT village_id FROM reports WHERE receipt = 'OLD00001'"
            )
            .await,
            "qxn-p-01"
        );
        assert_eq!(
            scalar(
                &db,
                "SELECT area FROM staff_accounts WHERE username = 'old-t'"
            )
            .await,
            "大山镇"
        );
        // Once the row is settled (here: removed), everything moves.
        execute(
            &db,
            &["DELETE FROM staff_accounts WHERE username = 'old-zone'"],
        )
        .await;
        db.store.import_seed(&seed).await.unwrap();
        for (sql, want) in [
            (
                "SELECT village_id FROM reports WHERE receipt = 'OLD00001'",
                LAOLIQI,
            ),
            (
                "SELECT area FROM staff_accounts WHERE username = 'old-v'",
                LAOLIQI,
            ),
            (
                "SELECT area FROM staff_accounts WHERE username = 'old-t'",
                "522302109",
            ),
            (
                "SELECT area FROM staff_accounts WHERE username = 'old-c'",
                "522302",
            ),
        ] {
            assert_eq!(scalar(&db, sql).await, want, "{sql}");
        }
        db.finish().await;
    }
);

both_backends!(importing_divisions_twice_keeps_one_copy_and_counts_hold, {
    let db = TestDb::current().await;
    let seed = server::import::Seed::embedded().unwrap();
    db.store.import_seed(&seed).await.unwrap();
    let divisions = server::divisions::seed().unwrap();
    let source = server::divisions::DivisionSource::statistics_2023();
    let first = db
        .store
        .import_divisions(&divisions, &source, |_| {})
        .await
        .unwrap();
    let again = db
        .store
        .import_divisions(&divisions, &source, |_| {})
        .await
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(first.villages, 2343);
    let counties = db.store.division_children("").await.unwrap();
    assert_eq!(counties.len(), 12);
    assert_eq!(counties.iter().map(|c| c.villages).sum::<i64>(), 2343);
    let xingren = counties.iter().find(|c| c.code == "522302").unwrap();
    assert_eq!(xingren.within, "黔西南布依族苗族自治州");
    let wanzhou = counties.iter().find(|c| c.code == "500101").unwrap();
    assert_eq!(wanzhou.within, "重庆市");
    assert_eq!(
        wanzhou.villages,
        divisions
            .iter()
            .filter(|d| d.level == 5 && d.code.starts_with("500101"))
            .count() as i64
    );
    db.finish().await;
});

/// `server import-divisions DIR`, run as the binary: one broken row anywhere and nothing is
/// stored, every problem named with its file and line; a good directory imports.
#[tokio::test]
async fn import_divisions_with_a_broken_row_stores_nothing() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/divisions");
    for file in server::divisions::FILES {
        std::fs::copy(seed.join(file.name), dir.path().join(file.name)).unwrap();
    }
    // A new township with one good and one broken village.
    let streets = dir.path().join("streets.csv");
    let mut text = std::fs::read_to_string(&streets).unwrap();
    text.push_str("522302999,试验镇,522302,52,5223\n");
    std::fs::write(&streets, text).unwrap();
    let villages = dir.path().join("villages.csv");
    let mut text = std::fs::read_to_string(&villages).unwrap();
    let lines = text.lines().count();
    text.push_str("522302999001,试验村委会,522302999,52,5223,522302\n");
    text.push_str("52230299900X,坏代码村委会,522302999,52,5223,522302\n");
    std::fs::write(&villages, text).unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("import-divisions")
            .arg(dir.path())
            .env("PORTAL_DATA_DIR", data.path())
            .env_remove("PORTAL_DATABASE_URL")
            .env("RUST_LOG", "warn")
            .output()
            .expect("the server binary runs")
    };
    let output = run();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "villages.csv 第 {} 行：代码“52230299900X”应为 12 位数字",
            lines + 2
        )),
        "{stderr}"
    );
    assert!(stderr.contains("有 1 处问题，未导入任何数据"), "{stderr}");
    let url = format!("sqlite://{}/portal.db", data.path().display());
    if std::path::Path::new(&format!("{}/portal.db", data.path().display())).exists() {
        let store = server::storage::Store::open(&url).await.unwrap();
        assert!(store.division("522302999").await.unwrap().is_none());
        store.close().await;
    }
    // Fixed, it imports: the new township and its village are there.
    let text = std::fs::read_to_string(&villages).unwrap();
    std::fs::write(
        &villages,
        text.replace("52230299900X,坏代码村委会,522302999,52,5223,522302\n", ""),
    )
    .unwrap();
    let output = run();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("村级 2344 个"), "{stdout}");
    let store = server::storage::Store::open(&url).await.unwrap();
    assert_eq!(
        store.division("522302999001").await.unwrap(),
        Some(("试验村".to_string(), 5))
    );
    store.close().await;
}
