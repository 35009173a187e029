//! One conformance suite for both storage backends: every test below runs against a real
//! SQLite file and a real PostgreSQL database.

mod common;

use app::ports::Portal;
use common::TestDb;
use server::import::Seed;
use server::storage::{SeedTable, Store};

fn seed() -> Seed {
    Seed::embedded().expect("seed parses")
}

async fn counts(store: &Store) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for table in SeedTable::ALL {
        out.push((table.name(), store.count(table).await.expect("count")));
    }
    out
}

async fn a_new_database_is_empty_and_not_yet_seeded(store: &Store) {
    assert!(!store.seed_imported().await.unwrap());
    for (table, n) in counts(store).await {
        assert_eq!(n, 0, "{table} should start empty");
    }
    store.ping().await.expect("ping");
}

async fn import_stores_every_seed_record(store: &Store) {
    let seed = seed();
    let report = store.import_seed(&seed).await.expect("import");
    assert!(store.seed_imported().await.unwrap());
    let sections: usize = seed.documents.iter().map(|d| d.sections.len()).sum();
    let links: usize = seed.industries.iter().map(|i| i.indicators.len()).sum();
    let expected = vec![
        ("documents", 5),
        ("document_sections", sections as i64),
        ("pilots", 44),
        ("counties", 9),
        ("industries", 10),
        ("indicators", 175),
        ("industry_indicators", links as i64),
        ("qa_entries", 78),
        ("classifications", seed.classifications.len() as i64),
        ("hardship_sections", seed.hardship_sections.len() as i64),
    ];
    assert_eq!(counts(store).await, expected);
    assert_eq!(report.sections, 32 + 19 + 64 + 23 + 36);
    assert_eq!(report.pilots, 44);
}

async fn importing_twice_leaves_one_copy_of_each_record(store: &Store) {
    let seed = seed();
    store.import_seed(&seed).await.expect("first import");
    let first = counts(store).await;
    store.import_seed(&seed).await.expect("second import");
    assert_eq!(counts(store).await, first);
}

async fn the_overview_counts_pilots_by_level_with_their_sources(store: &Store) {
    store.import_seed(&seed()).await.expect("import");
    let overview = store.home_overview().await.expect("overview");
    let levels: Vec<(&str, i64)> = overview
        .pilot_levels
        .iter()
        .map(|l| (l.level.as_str(), l.count))
        .collect();
    assert_eq!(levels, vec![("省级", 7), ("州级", 32), ("", 5)]);
    let provincial = &overview.pilot_levels[0];
    assert!(provincial
        .sources
        .iter()
        .all(|s| s.document_id == "policy-002" && s.section.contains("专栏14")));
    assert!(provincial.sources[0].document_title.contains("黔西南州"));
    assert_eq!(overview.pilots, 44);
    assert_eq!(overview.industries, 10);
    assert_eq!(overview.documents, 5);
    assert_eq!(overview.interpretations, 1);
    assert_eq!(overview.qa_entries, 78);
    assert_eq!(overview.indicators, 175);
}

async fn the_latest_documents_come_newest_first_and_undated_last(store: &Store) {
    store.import_seed(&seed()).await.expect("import");
    let overview = store.home_overview().await.expect("overview");
    let ids: Vec<&str> = overview
        .latest_documents
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    // 2024年3月8日, 2022年7月, 2021年12月10日, then the two without a date.
    assert_eq!(
        ids,
        vec![
            "policy-004",
            "policy-002",
            "policy-003",
            "policy-000",
            "policy-001"
        ]
    );
    assert_eq!(
        overview.latest_documents[0].date.as_deref(),
        Some("2024年3月8日")
    );
    assert_eq!(
        overview.latest_documents[0].document_number.as_deref(),
        Some("岳云委乡振组办发〔2024〕2号")
    );
}

async fn a_reopened_database_keeps_what_was_committed(store: &Store, url: &str) {
    store.import_seed(&seed()).await.expect("import");
    let before = counts(store).await;
    store.close().await;
    let reopened = Store::open(url).await.expect("reopen");
    assert!(reopened.seed_imported().await.unwrap());
    assert_eq!(counts(&reopened).await, before);
    reopened.close().await;
}

async fn a_closed_store_reports_unavailable(store: &Store) {
    store.close().await;
    let err = store.ping().await.expect_err("closed pool cannot answer");
    assert_eq!(err.code, app::model::ErrorCode::Unavailable);
    let err = store
        .home_overview()
        .await
        .expect_err("closed pool cannot answer");
    assert_eq!(err.code, app::model::ErrorCode::Unavailable);
}

macro_rules! conformance {
    ($backend:ident) => {
        mod $backend {
            use super::*;

            #[tokio::test]
            async fn a_new_database_is_empty_and_not_yet_seeded() {
                let db = TestDb::$backend().await;
                super::a_new_database_is_empty_and_not_yet_seeded(&db.store).await;
                db.finish().await;
            }

            #[tokio::test]
            async fn import_stores_every_seed_record() {
                let db = TestDb::$backend().await;
                super::import_stores_every_seed_record(&db.store).await;
                db.finish().await;
            }

            #[tokio::test]
            async fn importing_twice_leaves_one_copy_of_each_record() {
                let db = TestDb::$backend().await;
                super::importing_twice_leaves_one_copy_of_each_record(&db.store).await;
                db.finish().await;
            }

            #[tokio::test]
            async fn the_overview_counts_pilots_by_level_with_their_sources() {
                let db = TestDb::$backend().await;
                super::the_overview_counts_pilots_by_level_with_their_sources(&db.store).await;
                db.finish().await;
            }

            #[tokio::test]
            async fn the_latest_documents_come_newest_first_and_undated_last() {
                let db = TestDb::$backend().await;
                super::the_latest_documents_come_newest_first_and_undated_last(&db.store).await;
                db.finish().await;
            }

            #[tokio::test]
            async fn a_reopened_database_keeps_what_was_committed() {
                let db = TestDb::$backend().await;
                super::a_reopened_database_keeps_what_was_committed(&db.store, &db.url).await;
                db.finish().await;
            }

            #[tokio::test]
            async fn a_closed_store_reports_unavailable() {
                let db = TestDb::$backend().await;
                super::a_closed_store_reports_unavailable(&db.store).await;
                db.finish().await;
            }
        }
    };
}

conformance!(sqlite);
conformance!(postgres);

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_full_synchronous_commits() {
    let db = TestDb::sqlite().await;
    let (journal, synchronous) = db.store.sqlite_settings().await.expect("pragmas");
    assert_eq!(journal, "wal");
    // 2 = FULL: every commit is synced to disk before it is acknowledged.
    assert_eq!(synchronous, 2);
    db.finish().await;
}

#[tokio::test]
async fn the_backend_follows_the_url_scheme() {
    use server::storage::Backend;
    assert_eq!(Backend::from_url("sqlite://x.db").unwrap(), Backend::Sqlite);
    assert_eq!(
        Backend::from_url("postgres://u@h/d").unwrap(),
        Backend::Postgres
    );
    assert_eq!(
        Backend::from_url("postgresql://u@h/d").unwrap(),
        Backend::Postgres
    );
    assert!(Backend::from_url("mysql://u@h/d").is_err());
}
