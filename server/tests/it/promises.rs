//! What a household is promised, over HTTP on both backends: the county's rule set by an
//! administrator (checked, audited, shown with its name on the receipt and the status
//! page), the common provincial practice with its source when there is none, the
//! working-day calendar's next year added on its page, and the 待告知 task every stage
//! change opens until someone records telling the household.

use app::model::promise::{PRACTICE_SOURCE, TELLING_PROMISE};
use app::model::staff::{Action, Stage};
use axum::http::StatusCode;
use chrono::Datelike;

use crate::both_backends;
use crate::common::TestDb;
use crate::staff::{act, get, post, report, sign_in, world, IN};

/// The status page of a test report (phone 13812345678).
async fn status_page(w: &crate::staff::World, receipt: &str) -> String {
    let reply = post(
        &w.app,
        "/report/status",
        &[("receipt", receipt), ("phone_tail", "5678")],
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

both_backends!(a_county_rule_is_checked_and_then_promised_with_its_name, {
    let w = world(TestDb::current().await, "https://xczx.example.cn").await;
    let receipt = report(&w, IN).await;
    // No rule for 兴仁市 yet: the practice, with its source, and the promise of telling.
    let page = status_page(&w, &receipt).await;
    assert!(page.contains("兴仁市尚未录入本地的办理时限"), "{page}");
    assert!(page.contains(PRACTICE_SOURCE));
    assert!(page.contains("资产信息核查、村级民主评议公示"));
    assert!(page.contains(TELLING_PROMISE));
    assert!(page.contains("村里还没有登记告诉过您"));
    let promise = &page[page.find("步骤和时限").unwrap()..page.find(TELLING_PROMISE).unwrap()];
    assert!(
        !promise.contains("规划"),
        "nothing claims the plan sets the days: {promise}"
    );

    // Only an administrator may set rules.
    let county = sign_in(&w, "c-in").await;
    assert_eq!(
        get(&w.app, "/staff/rules", Some(&county.cookie))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(&w.app, "/staff/calendar", Some(&county.cookie))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let refused = post(
        &w.app,
        "/staff/rules",
        &[
            ("csrf", &county.csrf),
            ("county", "522302"),
            ("rule_name", "《兴仁市实施细则》"),
            ("total_days", "20"),
        ],
        Some(&county.cookie),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let admin = sign_in(&w, "admin").await;
    let page = get(&w.app, "/staff/rules", Some(&admin.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("还没有哪个县录入办理时限"));
    // Wrong in every field: each problem beside its field, everything typed kept.
    let bad = post(
        &w.app,
        "/staff/rules",
        &[
            ("csrf", &admin.csrf),
            ("county", "522399"),
            ("rule_name", "细则"),
            ("total_days", "10"),
            ("name0", "入户核查"),
            ("days0", "5"),
            ("name1", "乡镇审核"),
            ("days1", "5"),
            ("name2", "县审定"),
            ("days2", "5"),
        ],
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("请填写这些步骤和时限出自的文件名称"),
        "{}",
        bad.body
    );
    assert!(bad
        .body
        .contains("各步时限相加是 15 个工作日，超过了总时限 10 个工作日"));
    assert!(bad.body.contains(r#"value="入户核查""#) && bad.body.contains(r#"value="522399""#));
    // A county code that names no county.
    let unknown = post(
        &w.app,
        "/staff/rules",
        &[
            ("csrf", &admin.csrf),
            ("county", "522399"),
            ("rule_name", "《兴仁市防止返贫动态监测和帮扶工作实施细则》"),
            ("total_days", "20"),
            ("name0", "入户核查、信息比对、评议公示"),
            ("name1", "乡镇审核"),
            ("name2", "市审定"),
        ],
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("不是已知的县"), "{}", unknown.body);
    assert!(w.db.store.county_rules().await.unwrap().is_empty());

    let saved = post(
        &w.app,
        "/staff/rules",
        &[
            ("csrf", &admin.csrf),
            ("county", "522302"),
            ("rule_name", "《兴仁市防止返贫动态监测和帮扶工作实施细则》"),
            ("total_days", "20"),
            ("name0", "入户核查、信息比对、评议公示"),
            ("days0", "13"),
            ("name1", "乡镇审核"),
            ("days1", "3"),
            ("name2", "市审定"),
            ("days2", "4"),
        ],
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("已保存 522302 的办理时限"));
    let audit = w.db.store.audit_events("").await.unwrap();
    assert!(audit
        .iter()
        .any(|a| a.action == "rule" && a.note.contains("13 个工作日")));

    // The household now reads the county's steps, each with its date, and the rule's name.
    let page = status_page(&w, &receipt).await;
    assert!(
        page.contains("以上步骤和时限依据兴仁市的《兴仁市防止返贫动态监测和帮扶工作实施细则》"),
        "{page}"
    );
    assert!(page.contains("入户核查、信息比对、评议公示"));
    assert!(page.contains("（13 个工作日内）"));
    assert!(!page.contains(PRACTICE_SOURCE));

    // Removing it brings the practice back.
    let removed = post(
        &w.app,
        "/staff/rules/delete",
        &[("csrf", &admin.csrf), ("county", "522302")],
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert!(status_page(&w, &receipt).await.contains(PRACTICE_SOURCE));
    w.db.finish().await;
});

both_backends!(next_year_s_holidays_are_added_on_their_page, {
    let w = world(TestDb::current().await, "https://xczx.example.cn").await;
    let admin = sign_in(&w, "admin").await;
    let today = server::reports::today_in_china();
    let expected = server::calendar::WorkCalendar::seed().missing_year(today);
    let page = get(&w.app, "/staff/calendar", Some(&admin.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("2025") && page.body.contains("国办发明电〔2024〕12号"));
    let queue = get(&w.app, "/staff/cases", Some(&admin.cookie)).await;
    match expected {
        Some(year) => {
            let warning = format!("工作日历还没有 {year} 年的节假日安排");
            assert!(page.body.contains(&warning), "{}", page.body);
            assert!(queue.body.contains(&warning));
        }
        None => assert!(!page.body.contains("工作日历还没有")),
    }
    // Not shown to other roles.
    let village = sign_in(&w, "v-in").await;
    let theirs = get(&w.app, "/staff/cases", Some(&village.cookie)).await;
    assert!(!theirs.body.contains("工作日历还没有"));

    // A table with mistakes: every problem with its line, nothing stored, the text kept.
    let pasted = "date,kind,holiday,source\n2027-01-01,休,元旦,国务院办公厅关于2027年部分节假日安排的通知\n2027-02-03,班,春节,国务院办公厅关于2027年部分节假日安排的通知\n";
    let bad = post(
        &w.app,
        "/staff/calendar",
        &[("csrf", &admin.csrf), ("table", pasted)],
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("第 3 行") && bad.body.contains("不是周六或周日"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("2027-02-03,班,春节"));
    assert_eq!(
        w.db.store.work_calendar().await.unwrap().years(),
        vec![2025, 2026]
    );

    // The years of today and the next, whole: the warning goes.
    let mut table = String::from("date,kind,holiday,source\n");
    for year in [today.year(), today.year() + 1] {
        table.push_str(&format!(
            "{year}-01-01,休,元旦,国务院办公厅关于{year}年部分节假日安排的通知（测试）\n"
        ));
    }
    let good = post(
        &w.app,
        "/staff/calendar",
        &[("csrf", &admin.csrf), ("table", &table)],
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.body);
    assert!(good.body.contains("已导入"), "{}", good.body);
    assert!(!good.body.contains("工作日历还没有"));
    let audit = w.db.store.audit_events("").await.unwrap();
    assert!(audit.iter().any(|a| a.action == "calendar"));
    w.db.finish().await;
});

both_backends!(every_stage_change_asks_the_village_to_tell_the_household, {
    let w = world(TestDb::current().await, "https://xczx.example.cn").await;
    let receipt = report(&w, IN).await;
    let village = sign_in(&w, "v-in").await;
    let queue = get(&w.app, "/staff/cases", Some(&village.cookie)).await;
    assert!(queue.body.contains("待告知农户 0 件"), "{}", queue.body);
    let moved = act(&w, &village, &receipt, Action::Accept, "").await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);

    // The queue counts it, filters it and names the day; the case page asks for it.
    let calendar = w.db.store.work_calendar().await.unwrap();
    let due = server::calendar::iso(
        calendar
            .add_working_days(server::reports::today_in_china(), 1)
            .date,
    );
    let queue = get(&w.app, "/staff/cases?tell=1", Some(&village.cookie)).await;
    assert!(queue.body.contains("待告知农户 1 件"), "{}", queue.body);
    assert!(
        queue.body.contains(&format!("{due} 前告知农户")),
        "{}",
        queue.body
    );
    let case = get(
        &w.app,
        &format!("/staff/cases/{receipt}"),
        Some(&village.cookie),
    )
    .await;
    assert!(case.body.contains("已告知农户") && case.body.contains("还没有登记过告知农户"));

    // How it was told must be one of the three.
    let path = format!("/staff/cases/{receipt}/told");
    let bad = post(
        &w.app,
        &path,
        &[("csrf", &village.csrf), ("how", "托人带话")],
        Some(&village.cookie),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("请选择是怎样告诉农户的"));
    // Another village's user cannot record it.
    let other = sign_in(&w, "v-out").await;
    let refused = post(
        &w.app,
        &path,
        &[("csrf", &other.csrf), ("how", "电话")],
        Some(&other.cookie),
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    let told = post(
        &w.app,
        &path,
        &[
            ("csrf", &village.csrf),
            ("how", "电话"),
            ("note", "户主本人接听"),
        ],
        Some(&village.cookie),
    )
    .await;
    assert_eq!(told.status, StatusCode::SEE_OTHER, "{}", told.body);
    let queue = get(&w.app, "/staff/cases?tell=1", Some(&village.cookie)).await;
    assert!(queue.body.contains("待告知农户 0 件"));
    let case = get(
        &w.app,
        &format!("/staff/cases/{receipt}"),
        Some(&village.cookie),
    )
    .await;
    assert!(case.body.contains("最近一次告知农户："), "{}", case.body);
    assert!(case.body.contains("电话（v-in）"));
    // Twice is refused: nothing is waiting.
    let again = post(
        &w.app,
        &path,
        &[("csrf", &village.csrf), ("how", "上门")],
        Some(&village.cookie),
    )
    .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The household sees when it was told, never who.
    let page = status_page(&w, &receipt).await;
    let today = server::calendar::iso(server::reports::today_in_china());
    assert!(
        page.contains(&format!("村里最近一次告诉您办理情况：{today}，电话")),
        "{page}"
    );
    assert!(!page.contains("v-in") && !page.contains("户主本人接听"));

    // The next change opens the next task.
    let admin = sign_in(&w, "admin").await;
    let visited = act(
        &w,
        &admin,
        &receipt,
        Action::RecordVisit,
        "入户核实：情况属实",
    )
    .await;
    assert_eq!(visited.status, StatusCode::SEE_OTHER);
    let open = w.db.store.open_notices().await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].stage, Stage::TownReview);
    w.db.finish().await;
});

both_backends!(a_county_s_own_hotline_follows_its_villages_and_posters, {
    let w = world(TestDb::current().await, "https://xczx.example.cn").await;
    // 000 names 12345 for 水城区: shipped with the seed, with its source.
    let shuicheng = get(&w.app, "/villages/520204001001", None).await;
    assert!(
        shuicheng.body.contains(r#"href="tel:12345""#),
        "{}",
        shuicheng.body
    );
    assert!(shuicheng
        .body
        .contains("本县热线，来源：《水城区分类分级推进乡村振兴方案》"));
    // 兴仁市 has none: the portal's hotline, with no source of its own.
    let site = crate::common::HOTLINE;
    let before = get(&w.app, &format!("/villages/{IN}"), None).await;
    assert!(!before.body.contains("本县热线"), "{}", before.body);
    assert!(before.body.contains(&format!(r#"href="tel:{site}""#)));

    // Only an administrator sets one; a wrong one is refused with every field kept.
    let county = sign_in(&w, "c-in").await;
    let refused = post(
        &w.app,
        "/staff/rules/hotline",
        &[
            ("csrf", &county.csrf),
            ("hotline_county", "522302"),
            ("number", "0859-6212345"),
            ("hotline_source", "《兴仁市防返贫热线公告》"),
        ],
        Some(&county.cookie),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let admin = sign_in(&w, "admin").await;
    let bad = post(
        &w.app,
        "/staff/rules/hotline",
        &[
            ("csrf", &admin.csrf),
            ("hotline_county", "522399"),
            ("number", "打 0859"),
            ("hotline_source", "《兴仁市防返贫热线公告》"),
        ],
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("请填写电话号码"), "{}", bad.body);
    assert!(
        bad.body.contains("《兴仁市防返贫热线公告》"),
        "what was typed stays"
    );
    let saved = post(
        &w.app,
        "/staff/rules/hotline",
        &[
            ("csrf", &admin.csrf),
            ("hotline_county", "522302"),
            ("number", "0859-6212345"),
            ("hotline_source", "《兴仁市防返贫热线公告》"),
        ],
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("已保存 522302 的咨询热线 0859-6212345"));
    assert!(w
        .db
        .store
        .audit_events("")
        .await
        .unwrap()
        .iter()
        .any(|a| a.action == "hotline" && a.note.contains("0859-6212345")));
    // The village page and the poster follow at once.
    let after = get(&w.app, &format!("/villages/{IN}"), None).await;
    assert!(
        after.body.contains(r#"href="tel:0859-6212345""#),
        "{}",
        after.body
    );
    assert!(after
        .body
        .contains("本县热线，来源：《兴仁市防返贫热线公告》"));
    let poster = get(&w.app, &format!("/villages/{IN}/poster"), None).await;
    assert!(poster.body.contains("0859-6212345"));
    assert!(!poster.body.contains(&format!("<strong>{site}</strong>")));
    // Removed: the portal's hotline again.
    let removed = post(
        &w.app,
        "/staff/rules/hotline/delete",
        &[("csrf", &admin.csrf), ("county", "522302")],
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    let back = get(&w.app, &format!("/villages/{IN}"), None).await;
    assert!(!back.body.contains("0859-6212345"));
    w.db.finish().await;
});
