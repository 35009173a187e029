//! One conformance suite for both storage backends: every test below runs against a real
//! SQLite file and a real PostgreSQL database.

use crate::common::TestDb;
use app::model::pilots::{FacetKey, PilotSort, NO_LEVEL, PAGE_SIZE};
use app::model::report::{StatusAnswer, Submission, ValidReport};
use app::model::staff::{Action, CaseArea, Role, StaffUser, Stage};
use app::model::{ErrorCode, PilotPage, PilotQuery};
use app::ports::Portal;
use app::ports::Reports;
use server::import::Seed;
use server::reports::ReportDesk;
use server::security::vault::Vault;
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

async fn a_new_database_is_empty_and_not_yet_seeded(store: &Store, _url: &str) {
    assert!(!store.seed_imported().await.unwrap());
    for (table, n) in counts(store).await {
        assert_eq!(n, 0, "{table} should start empty");
    }
    store.ping().await.expect("ping");
}

async fn import_stores_every_seed_record(store: &Store, _url: &str) {
    let seed = seed();
    assert!(!store.seed_is_current().await.unwrap());
    let report = store.import_seed(&seed).await.expect("import");
    assert!(store.seed_imported().await.unwrap());
    assert!(store.seed_is_current().await.unwrap());
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
        ("qa_entries", 147),
        ("classifications", seed.classifications.len() as i64),
        ("hardship_sections", seed.hardship_sections.len() as i64),
    ];
    assert_eq!(counts(store).await, expected);
    assert_eq!(report.sections, 32 + 19 + 64 + 23 + 36);
    assert_eq!(report.pilots, 44);
}

async fn importing_twice_leaves_one_copy_of_each_record(store: &Store, _url: &str) {
    let seed = seed();
    store.import_seed(&seed).await.expect("first import");
    let first = counts(store).await;
    store.import_seed(&seed).await.expect("second import");
    assert_eq!(counts(store).await, first);
}

async fn the_overview_counts_pilots_by_level_with_their_sources(store: &Store, _url: &str) {
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
    assert_eq!(overview.qa_entries, 147);
    assert_eq!(overview.indicators, 175);
}

async fn the_latest_documents_come_newest_first_and_undated_last(store: &Store, _url: &str) {
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

async fn a_closed_store_reports_unavailable(store: &Store, _url: &str) {
    store.close().await;
    let err = store.ping().await.expect_err("closed pool cannot answer");
    assert_eq!(err.code, app::model::ErrorCode::Unavailable);
    let err = store
        .home_overview()
        .await
        .expect_err("closed pool cannot answer");
    assert_eq!(err.code, app::model::ErrorCode::Unavailable);
}

async fn seeded(store: &Store) {
    store.import_seed(&seed()).await.expect("import");
}

fn query(pairs: &[(&str, &str)]) -> PilotQuery {
    PilotQuery::from_pairs(pairs.iter().copied())
}

fn facet_counts(page: &PilotPage, key: FacetKey) -> Vec<(String, i64)> {
    page.facets
        .iter()
        .find(|f| f.key == key)
        .expect("facet present")
        .options
        .iter()
        .map(|o| (o.value.clone(), o.count))
        .collect()
}

fn count_of(page: &PilotPage, key: FacetKey, value: &str) -> i64 {
    facet_counts(page, key)
        .into_iter()
        .find(|(v, _)| v == value)
        .map_or(0, |(_, n)| n)
}

async fn the_catalogue_lists_every_pilot_with_facet_counts(store: &Store, _url: &str) {
    seeded(store).await;
    let page = store.list_pilots(&query(&[])).await.expect("list");
    assert_eq!(page.total, 44);
    assert_eq!(page.pages, 3);
    assert_eq!(page.items.len(), PAGE_SIZE as usize);
    assert_eq!(
        facet_counts(&page, FacetKey::Level),
        vec![
            ("省级".to_string(), 7),
            ("州级".to_string(), 32),
            (NO_LEVEL.to_string(), 5)
        ]
    );
    assert_eq!(count_of(&page, FacetKey::Prefecture, "黔西南州"), 39);
    assert_eq!(count_of(&page, FacetKey::Prefecture, "岳阳市"), 4);
    assert_eq!(count_of(&page, FacetKey::Prefecture, "重庆市"), 1);
    assert_eq!(count_of(&page, FacetKey::County, "兴仁市"), 5);
    assert_eq!(count_of(&page, FacetKey::County, "云溪区"), 4);
    assert_eq!(
        count_of(&page, FacetKey::Kind, "特色田园乡村·乡村振兴集成示范试点"),
        39
    );
    let counties: i64 = facet_counts(&page, FacetKey::County)
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(counties, 44, "every pilot has a county");
    // Sorted by level: the seven provincial pilots first, each with its source.
    assert!(page.items[..7].iter().all(|p| p.level == "省级"));
    assert!(page.items[7..].iter().all(|p| p.level == "州级"));
    assert!(page
        .items
        .iter()
        .all(|p| p.source.document_id == "policy-002"
            && p.source.document_title.contains("黔西南州")));
}

async fn filters_combine_and_each_facet_is_counted_against_the_others(store: &Store, _url: &str) {
    seeded(store).await;
    let page = store
        .list_pilots(&query(&[("county", "兴仁市")]))
        .await
        .expect("list");
    assert_eq!(page.total, 5);
    assert!(page.items.iter().all(|p| p.county == "兴仁市"));
    assert_eq!(count_of(&page, FacetKey::Level, "省级"), 1);
    assert_eq!(count_of(&page, FacetKey::Level, "州级"), 4);
    // The county facet ignores its own filter, so other counties stay choosable.
    assert_eq!(count_of(&page, FacetKey::County, "贞丰县"), 5);

    let both = store
        .list_pilots(&query(&[("county", "兴仁市"), ("level", "省级")]))
        .await
        .expect("list");
    assert_eq!(both.total, 1);
    assert_eq!(both.items[0].id, "qxn-p-01");
    assert_eq!(count_of(&both, FacetKey::County, "贞丰县"), 1);
    assert_eq!(count_of(&both, FacetKey::Level, "州级"), 4);

    let unranked = store
        .list_pilots(&query(&[("level", NO_LEVEL)]))
        .await
        .expect("list");
    assert_eq!(unranked.total, 5);
    assert!(unranked.items.iter().all(|p| p.level.is_empty()));

    let nothing = store
        .list_pilots(&query(&[("county", "不存在县")]))
        .await
        .expect("list");
    assert_eq!(
        (nothing.total, nothing.pages, nothing.items.len()),
        (0, 1, 0)
    );
}

async fn the_text_filter_matches_names_places_and_notes_literally(store: &Store, _url: &str) {
    seeded(store).await;
    let ids = |page: PilotPage| page.items.into_iter().map(|p| p.id).collect::<Vec<_>>();
    let found = store
        .list_pilots(&query(&[("q", "麻窝寨")]))
        .await
        .expect("list");
    assert_eq!(ids(found), vec!["qxn-p-01"]);
    // 清溪村 is named in the notes of all four 云溪区 entries.
    let found = store
        .list_pilots(&query(&[("q", "清溪村")]))
        .await
        .expect("list");
    assert_eq!(found.total, 4);
    // Every word must match somewhere.
    let found = store
        .list_pilots(&query(&[("q", "兴仁 大山镇")]))
        .await
        .expect("list");
    assert_eq!(ids(found), vec!["qxn-p-01"]);
    for literal in ["%", "_", "\\", "'"] {
        let found = store
            .list_pilots(&query(&[("q", literal)]))
            .await
            .expect("list");
        assert_eq!(found.total, 0, "{literal} is matched literally");
    }
}

async fn pages_cover_every_pilot_once_in_either_order(store: &Store, _url: &str) {
    seeded(store).await;
    for sort in [PilotSort::Level, PilotSort::Name] {
        let mut seen = Vec::new();
        for page in 1..=3 {
            let q = query(&[]).with_sort(sort).with_page(page);
            let listed = store.list_pilots(&q).await.expect("list");
            assert_eq!(listed.query.page, page);
            seen.extend(listed.items);
        }
        let mut ids: Vec<&str> = seen.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), 44, "{sort:?}");
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 44, "no pilot twice in {sort:?}");
        if sort == PilotSort::Name {
            let keys: Vec<String> = seen
                .iter()
                .map(|p| server::storage::sort_name(&p.display_name()))
                .collect();
            assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
        }
    }
    // A page past the end shows the last page rather than nothing.
    let past = store
        .list_pilots(&query(&[("page", "99")]))
        .await
        .expect("list");
    assert_eq!(past.query.page, 3);
    assert_eq!(past.items.len(), 4);
}

async fn an_export_holds_every_row_of_the_filter_without_paging(store: &Store, _url: &str) {
    seeded(store).await;
    let all = store
        .export_pilots(&query(&[("page", "2")]))
        .await
        .expect("export");
    assert_eq!(all.len(), 44);
    let xingyi = store
        .export_pilots(&query(&[("county", "兴义市"), ("level", "州级")]))
        .await
        .expect("export");
    assert_eq!(xingyi.len(), 5);
    assert!(xingyi
        .iter()
        .all(|p| p.county == "兴义市" && p.level == "州级"));
}

async fn a_pilot_comes_with_its_passages_section_links_and_county_industries(
    store: &Store,
    _url: &str,
) {
    seeded(store).await;
    let detail = store.pilot("qxn-p-01").await.expect("pilot");
    assert_eq!(
        detail.pilot.display_name(),
        "老里旗村·麻窝寨(含麻窝寨一、二、三组)"
    );
    assert_eq!(detail.document.id, "policy-002");
    assert_eq!(detail.passages.len(), 1);
    let passage = &detail.passages[0];
    assert!(
        passage.text.contains("兴仁市大山镇老里旗村麻窝寨"),
        "{}",
        passage.text
    );
    assert_eq!(passage.section.label, "第六章 第四节 专栏14");
    assert_eq!(passage.section.href(), "/policies/policy-002/52#s-52");
    let names: Vec<&str> = detail.industries.iter().map(|i| i.name.as_str()).collect();
    for expected in ["茶叶", "蔬菜", "薏仁", "烤烟"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    assert!(
        !names.contains(&"油茶"),
        "油茶's belt does not name 兴仁: {names:?}"
    );
    assert!(detail
        .industries
        .iter()
        .all(|i| i.area.starts_with("兴仁") && i.source.document_id == "policy-002"));

    // 清溪村 is cited in two sections of the 云溪区 plan, and no industry belt covers it.
    let qingxi = store.pilot("yx-p-01").await.expect("pilot");
    assert_eq!(qingxi.passages.len(), 2, "{:?}", qingxi.passages);
    assert!(qingxi.passages.iter().all(|p| p.text.contains("清溪村")));
    assert!(qingxi.industries.is_empty());
}

async fn an_unknown_pilot_or_document_is_not_found(store: &Store, _url: &str) {
    seeded(store).await;
    let err = store.pilot("qxn-p-999").await.expect_err("unknown");
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = store.document("policy-999").await.expect_err("unknown");
    assert_eq!(err.code, ErrorCode::NotFound);
}

async fn the_regions_give_the_documents_numbers_with_sources(store: &Store, _url: &str) {
    seeded(store).await;
    let regions = store.regions().await.expect("regions");
    let ids: Vec<&str> = regions
        .classifications
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        ids,
        vec![
            "shuicheng-classes",
            "shuicheng-types",
            "qianxinan-counties",
            "qianxinan-villages",
            "bishan"
        ]
    );
    let bars = |id: &str| -> Vec<(String, f64)> {
        regions
            .classifications
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.chart.clone())
            .map(|chart| chart.bars.into_iter().map(|b| (b.label, b.value)).collect())
            .unwrap_or_default()
    };
    let values = |id: &str| bars(id).into_iter().map(|(_, v)| v).collect::<Vec<_>>();
    assert_eq!(values("shuicheng-classes"), vec![45.0, 72.0, 53.0]);
    assert_eq!(values("shuicheng-types"), vec![17.0, 4.0, 3.0, 16.0, 5.0]);
    assert_eq!(
        bars("qianxinan-counties"),
        vec![
            ("乡村振兴引领示范县".to_string(), 4.0),
            ("乡村振兴重点推进县".to_string(), 2.0),
            ("乡村振兴夯实基础县".to_string(), 3.0)
        ]
    );
    assert_eq!(values("bishan"), vec![4.0, 10.0]);
    assert!(
        bars("qianxinan-villages").is_empty(),
        "no numbers, no chart"
    );
    let types = &regions.classifications[1];
    assert!(types
        .table
        .rows
        .iter()
        .any(|r| r[0] == "产业型" && r[2] == "区农业农村局"));
    let counties = &regions.classifications[2];
    assert_eq!(counties.table.rows.len(), 9);
    assert!(counties
        .table
        .rows
        .iter()
        .any(|r| r[0] == "晴隆县" && r[3] == "国家乡村振兴重点帮扶县"));
    for c in &regions.classifications {
        assert!(!c.sources.is_empty(), "{} has sources", c.id);
        assert!(!c.facts.unit.is_empty() && !c.facts.year.is_empty() && !c.facts.kind.is_empty());
    }
}

async fn a_document_comes_with_every_section_in_order(store: &Store, _url: &str) {
    seeded(store).await;
    let document = store.document("policy-002").await.expect("document");
    assert_eq!(document.sections.len(), 64);
    assert!(document
        .sections
        .windows(2)
        .all(|w| w[0].position < w[1].position));
    let box14 = document
        .sections
        .iter()
        .find(|s| s.label == "第六章 第四节 专栏14")
        .expect("box 14");
    assert_eq!(box14.anchor(), "s-52");
    assert!(box14.body.contains("老里旗村"));
}

async fn the_library_lists_every_document_with_its_text_problems_and_relations(
    store: &Store,
    _url: &str,
) {
    seeded(store).await;
    let documents = store.documents().await.expect("documents");
    let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
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
    assert_eq!(documents[0].date_sort.as_deref(), Some("2024-03-08"));
    let interpretation = store.document("policy-001").await.expect("document");
    assert!(interpretation.document.is_interpretation());
    let plan = interpretation
        .related
        .iter()
        .find(|r| r.is_interpreted())
        .expect("the interpreted plan");
    assert_eq!(
        plan.document_number.as_deref(),
        Some("万州府办发〔2022〕51号")
    );
    assert!(!interpretation.text_issues.is_empty());
    let plan_002 = store.document("policy-002").await.expect("document");
    assert!(plan_002.text_issues.iter().any(|i| i.contains("乱码")));
}

fn desk(store: &Store) -> (ReportDesk, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open_or_create(&dir.path().join("report.key")).unwrap();
    (ReportDesk::new(store.clone(), vault), dir)
}

fn valid_report(phone: &str) -> ValidReport {
    ValidReport {
        village: "522302109207".into(),
        name: "王大山".into(),
        id_number: "11010519491231002X".into(),
        phone: phone.into(),
        household_size: 4,
        risks: vec!["illness".into()],
        description: "老人住院".into(),
        reporter: "self".into(),
    }
}

async fn concurrent_submissions_of_one_token_make_one_case(store: &Store, _url: &str) {
    seeded(store).await;
    let (desk, _keys) = desk(store);
    let desk = std::sync::Arc::new(desk);
    let report = valid_report("13812345678");
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let desk = desk.clone();
            let report = report.clone();
            tokio::spawn(async move {
                desk.submit(&report, "0123456789abcdef0123456789abcdef")
                    .await
            })
        })
        .collect();
    let mut receipts = Vec::new();
    for task in tasks {
        match task.await.unwrap().expect("every attempt answers") {
            Submission::Stored(code) => receipts.push(code),
            Submission::TokenUsed => {
                panic!("the same content with the same token is the same report")
            }
        }
    }
    receipts.dedup();
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    assert_eq!(store.count_reports().await.unwrap(), 1);

    // Another form (another token) with other content is another case.
    let other = desk
        .submit(
            &valid_report("13900001111"),
            "fedcba9876543210fedcba9876543210",
        )
        .await
        .unwrap();
    assert_ne!(other, Submission::Stored(receipts[0].clone()));
    assert_eq!(store.count_reports().await.unwrap(), 2);

    // The first token with other content (a shared phone, the Back button): nothing stored,
    // and the first receipt is not told.
    let reused = desk
        .submit(
            &valid_report("13700002222"),
            "0123456789abcdef0123456789abcdef",
        )
        .await
        .unwrap();
    assert_eq!(reused, Submission::TokenUsed);
    assert_eq!(store.count_reports().await.unwrap(), 2);
}

async fn a_stored_report_answers_for_its_receipt_and_status(store: &Store, _url: &str) {
    seeded(store).await;
    let (desk, _keys) = desk(store);
    let Submission::Stored(code) = desk
        .submit(
            &valid_report("13812345678"),
            "0123456789abcdef0123456789abcdef",
        )
        .await
        .unwrap()
    else {
        panic!("a new token stores the report");
    };
    let receipt = desk.receipt(&code).await.unwrap();
    assert_eq!(receipt.id_masked, "1101**********002X");
    assert_eq!(receipt.village_name, "老里旗村（兴仁市 大山镇）");
    assert_eq!(receipt.promise.steps.len(), 3);
    // No rule recorded for 兴仁市: the practice, named with its source.
    assert_eq!(receipt.promise.overall.working_days, 20);
    assert!(
        receipt.promise.basis.contains("海南省人民政府网"),
        "{}",
        receipt.promise.basis
    );
    assert!(
        receipt.promise.basis.contains("兴仁市"),
        "{}",
        receipt.promise.basis
    );
    let StatusAnswer::Found(status) = desk.status(&code, "5678").await.unwrap() else {
        panic!("right tail");
    };
    assert_eq!(status.stage, Stage::Submitted);
    assert_eq!(status.steps.len(), 1);
    assert_eq!(
        desk.status(&code, "5679").await.unwrap(),
        StatusAnswer::NotFound
    );
    assert_eq!(
        desk.status("3467ACDE", "5678").await.unwrap(),
        StatusAnswer::NotFound
    );
    let err = desk.receipt("3467ACDE").await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

/// The lookup's index is built from either database and rebuilt when the content changes
/// (here changed behind the server's back, as another instance would).
async fn the_search_index_builds_from_the_database_and_follows_changes(store: &Store, url: &str) {
    use app::model::search::HitKind;
    use app::ports::Search;
    use server::search::Searcher;

    seeded(store).await;
    let searcher = Searcher::load(store).await.expect("index");
    // Answers, sections and the editors' interpretations (searched as passages).
    assert_eq!(searcher.len(), 147 + 174 + 5);
    let results = searcher.search("看病能报多少", None).unwrap();
    assert_eq!(results.results[0].kind, HitKind::Qa);
    assert!(results.results[0].url.contains("#s-"));
    assert!(searcher.search("麒麟", None).unwrap().results.is_empty());
    assert!(!searcher.refresh(store).await.unwrap(), "nothing changed");

    sqlx::any::install_default_drivers();
    let other = sqlx::AnyPool::connect(url)
        .await
        .expect("second connection");
    sqlx::query("UPDATE qa_entries SET answer = answer || '（补充：麒麟）' WHERE id = 'qa-001'")
        .execute(&other)
        .await
        .expect("edit");
    other.close().await;
    assert!(searcher.refresh(store).await.unwrap(), "the edit is seen");
    let ids: Vec<String> = searcher
        .search("麒麟", None)
        .unwrap()
        .results
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, vec!["qa-001".to_string()]);
}

/// Checked figures are stored in one go on either database, links to industries included;
/// the figures' view reads them back with their documents' titles.
async fn imported_figures_are_added_or_updated_with_their_industries(store: &Store, _url: &str) {
    use server::import::indicators::read_indicators;

    seeded(store).await;
    let before = store.load_indicator_set().await.unwrap();
    assert_eq!(before.indicators.len(), 175);
    assert_eq!(before.industries.len(), 10);
    assert_eq!(before.industries[0].name, "茶叶");
    let documents = store.document_ids().await.unwrap();
    let industries = store.industry_slugs().await.unwrap();
    let file = "id,indicator,region,value,unit,qualifier,year,kind,quote,document_id,source_section,category,related_industry,notes\n\
                ind-176,茶园面积,黔西南州,150,万亩,以上,2025,target,,policy-002,第五章 第一节,农业,茶叶(direct)；蔬菜(shared),\n\
                ind-002,贫困村出列数,黔西南州,630,个,,“十三五”时期,actual,,policy-002,前言,脱贫攻坚成效,,\n";
    let rows = read_indicators(file.as_bytes(), &documents, &industries).unwrap();
    let mut ticks = 0;
    let imported = store
        .import_indicators(&rows, "test", || ticks += 1)
        .await
        .unwrap();
    assert_eq!((imported.added, imported.updated, ticks), (1, 1, 2));
    let after = store.load_indicator_set().await.unwrap();
    assert_eq!(after.indicators.len(), 176);
    let tea = after.indicators.iter().find(|r| r.id == "ind-176").unwrap();
    assert_eq!(tea.industries.len(), 2);
    assert_eq!(tea.qualifier, "以上");
    assert!(tea.source.document_title.contains("黔西南州"));
    // A seed re-import keeps what was imported: the changed seed figure and the new
    // figure's industry links.
    store
        .import_seed(&server::import::Seed::embedded().unwrap())
        .await
        .unwrap();
    let again = store.load_indicator_set().await.unwrap();
    let tea = again.indicators.iter().find(|r| r.id == "ind-176").unwrap();
    assert_eq!(
        tea.industries.len(),
        2,
        "the links of an imported figure stay"
    );
    let changed = again.indicators.iter().find(|r| r.id == "ind-002").unwrap();
    assert_eq!(
        changed.value, 630.0,
        "an edited seed figure is not overwritten"
    );
}

/// Staff accounts, sessions (idle and absolute lifetime, a rotated token), failed
/// sign-ins and the audit trail are kept alike on both backends.
async fn staff_accounts_sessions_failures_and_audit_are_kept(store: &Store, _url: &str) {
    seeded(store).await;
    let user = StaffUser {
        username: "c-in".into(),
        role: Role::County,
        area: "522302".into(),
        area_name: String::new(),
    };
    assert_eq!(
        store
            .staff_area_name(Role::County, "522302")
            .await
            .unwrap()
            .as_deref(),
        Some("兴仁市")
    );
    for (role, area) in [
        (Role::County, "兴仁市"),
        (Role::County, "522302109"),
        (Role::Town, "522302"),
        (Role::Village, "522302109999"),
        (Role::Admin, "522302"),
    ] {
        assert!(
            store.staff_area_name(role, area).await.unwrap().is_none(),
            "{area}"
        );
    }
    assert!(store.insert_staff(&user, "hash-1", 1000).await.unwrap());
    assert!(
        !store.insert_staff(&user, "hash-2", 1001).await.unwrap(),
        "a name once"
    );
    let (found, hash) = store.staff_account("c-in").await.unwrap().unwrap();
    let named = StaffUser {
        area_name: "兴仁市".into(),
        ..user.clone()
    };
    assert_eq!((found, hash.as_str()), (named.clone(), "hash-1"));
    store
        .insert_session("token-a", "c-in", "csrf-a", 2000, 0)
        .await
        .unwrap();
    store
        .insert_session("token-b", "c-in", "csrf-b", 2000, 0)
        .await
        .unwrap();
    let live = store
        .live_session("token-a", 1500, 1500, 2100)
        .await
        .unwrap();
    assert_eq!(live, Some((named.clone(), "csrf-a".to_string())));
    assert_eq!(
        store.live_session("token-a", 2200, 0, 2300).await.unwrap(),
        None,
        "idle"
    );
    assert_eq!(
        store.live_session("token-a", 0, 2001, 2300).await.unwrap(),
        None,
        "too old"
    );
    store
        .set_staff_password("c-in", "hash-3", "token-a", "token-c", 3000)
        .await
        .unwrap();
    assert_eq!(
        store.live_session("token-b", 0, 0, 3001).await.unwrap(),
        None,
        "others end"
    );
    assert_eq!(
        store.live_session("token-a", 0, 0, 3001).await.unwrap(),
        None,
        "old token"
    );
    assert!(
        store
            .live_session("token-c", 0, 0, 3001)
            .await
            .unwrap()
            .is_some(),
        "renewed"
    );
    for at in [100, 200, 300] {
        store
            .record_login_failure("receipt:3467ACDE", at)
            .await
            .unwrap();
    }
    assert_eq!(
        store
            .login_failures_since("receipt:3467ACDE", 150)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .login_failures_since("receipt:OTHER", 0)
            .await
            .unwrap(),
        0
    );
    // Sign-in attempts: counted, paused by the delay, forgotten after the window or on
    // success, and taken back one at a time.
    let delay = |n: i64| if n >= 3 { 60 } else { 0 };
    for expected in 1..=3 {
        assert_eq!(
            store
                .reserve_login("pair:a|1", 1000, 900, delay)
                .await
                .unwrap(),
            Ok(expected)
        );
    }
    assert_eq!(
        store
            .reserve_login("pair:a|1", 1010, 900, delay)
            .await
            .unwrap(),
        Err(50),
        "the third attempt set a 60 s pause"
    );
    assert_eq!(
        store
            .reserve_login("pair:a|1", 1060, 900, delay)
            .await
            .unwrap(),
        Ok(4)
    );
    assert_eq!(
        store
            .reserve_login("pair:a|1", 5000, 900, delay)
            .await
            .unwrap(),
        Ok(1),
        "a new window starts afresh"
    );
    store.clear_login("pair:a|1").await.unwrap();
    assert_eq!(
        store
            .reserve_login("pair:a|1", 5001, 900, delay)
            .await
            .unwrap(),
        Ok(1)
    );
    store.uncount_login("pair:a|1", 3).await.unwrap();
    assert_eq!(
        store
            .reserve_login("pair:a|1", 5002, 900, delay)
            .await
            .unwrap(),
        Ok(1)
    );
    store
        .insert_audit(&server::storage::AuditEvent {
            at: 4000,
            actor: "c-in".into(),
            action: "export".into(),
            receipt: String::new(),
            from_stage: String::new(),
            to_stage: String::new(),
            note: "导出 1 件".into(),
        })
        .await
        .unwrap();
    let audit = store.audit_events("").await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].note, "导出 1 件");
}

/// A case moves only from the stage it was read at, with its history and audit event in
/// the same transaction; areas and open cases are read alike on both backends.
async fn cases_move_only_from_the_stage_they_were_read_at(store: &Store, _url: &str) {
    seeded(store).await;
    let (desk, _keys) = desk(store);
    let Submission::Stored(code) = desk
        .submit(
            &valid_report("13812345678"),
            "0123456789abcdef0123456789abcdef",
        )
        .await
        .unwrap()
    else {
        panic!("stored");
    };
    let case = store.case(&code).await.unwrap().unwrap();
    assert_eq!(case.stage, Stage::Submitted);
    assert_eq!(
        case.area,
        CaseArea {
            village_id: "522302109207".into(),
            town: "522302109".into(),
            county: "522302".into()
        }
    );
    let town = StaffUser {
        username: "t".into(),
        role: Role::Town,
        area: "522302109".into(),
        area_name: String::new(),
    };
    let other = StaffUser {
        username: "o".into(),
        role: Role::Town,
        area: "522328002".into(),
        area_name: String::new(),
    };
    assert_eq!(store.cases_for(&town).await.unwrap().len(), 1);
    assert!(store.cases_for(&other).await.unwrap().is_empty());
    let open = store.open_cases().await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].receipt, code);
    assert_eq!(open[0].area, case.area);
    let change = |from, to| server::storage::StageChange {
        receipt: &code,
        from,
        to,
        actor: "v",
        note: "sealed:x",
        at: 5000,
        on_day: "2026-12-01",
        tell_by: "2026-12-02",
        household_type: "",
    };
    let accept = Action::Accept;
    assert!(!store
        .move_case(&change(Stage::VillageCheck, Stage::TownReview))
        .await
        .unwrap());
    assert!(store
        .move_case(&change(accept.from(), accept.to()))
        .await
        .unwrap());
    assert!(
        !store
            .move_case(&change(accept.from(), accept.to()))
            .await
            .unwrap(),
        "the second of two people moving the same case moves nothing"
    );
    let events = store.case_events(&code).await.unwrap();
    let stages: Vec<Stage> = events.iter().map(|e| e.stage).collect();
    assert_eq!(stages, [Stage::Submitted, Stage::VillageCheck]);
    let audit = store.audit_events(&code).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].from_stage.as_str(), audit[0].to_stage.as_str()),
        ("submitted", "village_check")
    );
    // The change opened one 待告知 task, due the next working day; telling closes it, once.
    let notices = store.open_notices().await.unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(
        (
            notices[0].receipt.as_str(),
            notices[0].stage,
            notices[0].due_on.as_str()
        ),
        (code.as_str(), Stage::VillageCheck, "2026-12-02")
    );
    assert_eq!(store.last_told(&code).await.unwrap(), None);
    let told = server::storage::Told {
        at: 6000,
        by: "v".into(),
        how: "电话".into(),
    };
    assert!(store.record_told(&code, &told, "sealed:y").await.unwrap());
    assert!(!store.record_told(&code, &told, "sealed:y").await.unwrap());
    assert!(store.open_notices().await.unwrap().is_empty());
    assert_eq!(store.last_told(&code).await.unwrap(), Some(told));
    let audit = store.audit_events(&code).await.unwrap();
    assert_eq!(audit.last().map(|a| a.action.as_str()), Some("told"));
}

/// The working-day calendar and the counties' rules: the seed's years stored once, a year
/// imported replaces only itself, a rule is kept, read with its county's name and removed.
async fn the_calendar_and_the_counties_rules_are_stored_alike(store: &Store, _url: &str) {
    seeded(store).await;
    let calendar = store.work_calendar().await.unwrap();
    assert_eq!(calendar.years(), vec![2025, 2026]);
    let years = store.holiday_years().await.unwrap();
    assert_eq!(years.len(), 2);
    assert!(years[1].sources[0].contains("2026年部分节假日安排"));
    let rows = server::calendar::read_holidays(
        "date,kind,holiday,source\n\
         2027-01-01,休,元旦,国务院办公厅关于2027年部分节假日安排的通知（测试）\n\
         2027-02-06,班,春节,国务院办公厅关于2027年部分节假日安排的通知（测试）\n"
            .as_bytes(),
    )
    .unwrap();
    store.import_holidays(&rows, 7000).await.unwrap();
    // Importing the seed again keeps the imported year and stores no second copy.
    seeded(store).await;
    let calendar = store.work_calendar().await.unwrap();
    assert_eq!(calendar.years(), vec![2025, 2026, 2027]);
    assert!(calendar.is_working(chrono::NaiveDate::from_ymd_opt(2027, 2, 6).unwrap()));
    assert!(!calendar.is_working(chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()));
    // Replacing 2027 with one day leaves exactly that day.
    let one = server::calendar::read_holidays(
        "date,kind,holiday,source\n2027-01-01,休,元旦,国务院办公厅关于2027年部分节假日安排的通知（测试）\n"
            .as_bytes(),
    )
    .unwrap();
    store.import_holidays(&one, 7100).await.unwrap();
    let years = store.holiday_years().await.unwrap();
    assert_eq!((years[2].rest_days, years[2].work_days), (1, 0));

    let practice = store.rule_for_village("522301001001").await.unwrap();
    assert!(practice.is_practice());
    assert_eq!(practice.county_name, "兴义市");
    let mut rule = app::model::promise::CountyRule::practice("522301", "");
    rule.rule_name = "《兴义市防止返贫动态监测和帮扶工作实施细则》".into();
    rule.steps[0].days = 13;
    rule.steps[1].days = 3;
    rule.steps[2].days = 4;
    store.save_county_rule(&rule, "admin", 8000).await.unwrap();
    store.save_county_rule(&rule, "admin", 8001).await.unwrap();
    let stored = store.rule_for_village("522301001001").await.unwrap();
    assert_eq!(stored.county_name, "兴义市");
    assert_eq!(stored.steps, rule.steps);
    assert_eq!(stored.updated_by, "admin");
    assert_eq!(store.county_rules().await.unwrap().len(), 1);
    assert!(store
        .rule_for_village("522302109207")
        .await
        .unwrap()
        .is_practice());
    assert!(store
        .rule_for_village("not-a-code")
        .await
        .unwrap()
        .is_practice());
    assert!(store.delete_county_rule("522301").await.unwrap());
    assert!(!store.delete_county_rule("522301").await.unwrap());
    assert!(store
        .rule_for_village("522301001001")
        .await
        .unwrap()
        .is_practice());
}

/// What staff edit: Q&A entries, interpretations, progress notes, and the regions that
/// decide who may edit which document.
async fn content_and_articles_are_stored_alike(store: &Store, _url: &str) {
    seeded(store).await;
    let entries = store.qa_list().await.unwrap();
    assert_eq!(entries.len(), 147);
    assert!(entries
        .iter()
        .all(|(_, _, _, document)| document.starts_with("policy-")));
    let mut form = store.qa_form("qa-001").await.unwrap().unwrap();
    form.question = "改过的问题".into();
    assert!(store.update_qa(&form, "c-in", 6000).await.unwrap());
    assert_eq!(
        store.qa_form("qa-001").await.unwrap().unwrap().question,
        "改过的问题"
    );
    let regions = store.document_regions().await.unwrap();
    assert_eq!(regions.len(), 5);
    assert!(regions
        .iter()
        .any(|(id, region)| id == "policy-002" && region.contains("黔西南州")));
    assert_eq!(
        store.county_prefectures("兴仁市").await.unwrap(),
        vec!["黔西南州".to_string()]
    );
    assert_eq!(
        store.county_prefectures("云溪区").await.unwrap(),
        vec!["岳阳市".to_string()]
    );
    let docs = store
        .indicator_documents(&["ind-001".to_string(), "no-such".to_string()])
        .await
        .unwrap();
    assert_eq!(
        docs,
        vec![("ind-001".to_string(), "policy-002".to_string())]
    );
    let article = app::model::content::InterpretationForm {
        id: 0,
        title: "怎样申报".into(),
        document_id: "policy-002".into(),
        source_section: "第四章 第二节".into(),
        body: "## 要点\n\n先看医保。".into(),
        reason: String::new(),
    };
    let id = store
        .save_interpretation(&article, "c-in", 7000)
        .await
        .unwrap()
        .unwrap();
    let stored = store.interpretation_stored(id).await.unwrap().unwrap();
    assert_eq!(stored.summary.title, "怎样申报");
    assert_eq!(stored.summary.document_id, "policy-002");
    assert_eq!(
        store
            .interpretations_stored(Some("policy-002"))
            .await
            .unwrap()
            .iter()
            .filter(|s| s.summary.title == "怎样申报")
            .count(),
        1
    );
}

/// Runs each named test against a fresh database of the backend. Tests take the store and
/// its URL, so a test can reopen the database.
macro_rules! conformance {
    ($backend:ident: $($test:ident),+ $(,)?) => {
        mod $backend {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $test() {
                    let db = TestDb::$backend().await;
                    super::$test(&db.store, &db.url).await;
                    db.finish().await;
                }
            )+
        }
    };
}

macro_rules! on_both_backends {
    ($($test:ident),+ $(,)?) => {
        conformance!(sqlite: $($test),+);
        conformance!(postgres: $($test),+);
    };
}

on_both_backends!(
    staff_accounts_sessions_failures_and_audit_are_kept,
    cases_move_only_from_the_stage_they_were_read_at,
    the_calendar_and_the_counties_rules_are_stored_alike,
    content_and_articles_are_stored_alike,
    a_new_database_is_empty_and_not_yet_seeded,
    import_stores_every_seed_record,
    importing_twice_leaves_one_copy_of_each_record,
    the_overview_counts_pilots_by_level_with_their_sources,
    the_latest_documents_come_newest_first_and_undated_last,
    a_reopened_database_keeps_what_was_committed,
    a_closed_store_reports_unavailable,
    the_catalogue_lists_every_pilot_with_facet_counts,
    filters_combine_and_each_facet_is_counted_against_the_others,
    the_text_filter_matches_names_places_and_notes_literally,
    pages_cover_every_pilot_once_in_either_order,
    an_export_holds_every_row_of_the_filter_without_paging,
    a_pilot_comes_with_its_passages_section_links_and_county_industries,
    an_unknown_pilot_or_document_is_not_found,
    the_regions_give_the_documents_numbers_with_sources,
    a_document_comes_with_every_section_in_order,
    the_library_lists_every_document_with_its_text_problems_and_relations,
    concurrent_submissions_of_one_token_make_one_case,
    a_stored_report_answers_for_its_receipt_and_status,
    the_search_index_builds_from_the_database_and_follows_changes,
    imported_figures_are_added_or_updated_with_their_industries,
);

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
