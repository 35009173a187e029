//! 帮扶 until the risk is gone, over HTTP on both backends: the household type at 纳入监测,
//! the 帮扶计划 (checked beside each field, past-due measures in the queue, plain words on
//! the household's page), the 绿色通道 for a disaster or an accident, and 风险消除 only after
//! the township confirms its three conditions and the county decides.

use app::model::staff::{Action, Stage};
use axum::http::StatusCode;

use crate::both_backends;
use crate::common::TestDb;
use crate::staff::{act, bring_to, get, post, report, sign_in, world, IN};

both_backends!(
    help_is_planned_and_the_risk_cleared_only_on_three_conditions,
    {
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let admin = sign_in(&w, "admin").await;
        let receipt = report(&w, IN).await;
        bring_to(&w, &admin, &receipt, Stage::CountyDecision).await;
        let county = sign_in(&w, "c-in").await;
        // 纳入监测 without a household type: refused beside the choice, nothing moved.
        let bare = post(
            &w.app,
            &format!("/staff/cases/{receipt}"),
            &[
                ("csrf", &county.csrf),
                ("action", "include"),
                ("note", "同意"),
            ],
            Some(&county.cookie),
        )
        .await;
        assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bare.body.contains("请选择监测对象类型"), "{}", bare.body);
        assert!(bare.body.contains("household-type-error"));
        assert_eq!(
            w.db.store.case(&receipt).await.unwrap().unwrap().stage,
            Stage::CountyDecision
        );
        let included = act(&w, &county, &receipt, Action::Include, "同意纳入").await;
        assert_eq!(included.status, StatusCode::SEE_OTHER);
        assert_eq!(
            w.db.store
                .case(&receipt)
                .await
                .unwrap()
                .unwrap()
                .household_type,
            "sudden"
        );

        // The 帮扶计划: a village user may not plan; a wrong field comes back beside it.
        let village = sign_in(&w, "v-in").await;
        let path = format!("/staff/cases/{receipt}/measures");
        let refused = post(
            &w.app,
            &path,
            &[
                ("csrf", &village.csrf),
                ("kind", "medical"),
                ("unit", "县医保局"),
                ("due_on", "2099-01-01"),
            ],
            Some(&village.cookie),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let bad = post(
            &w.app,
            &path,
            &[
                ("csrf", &county.csrf),
                ("kind", "medical"),
                ("unit", "县医疗保障局"),
                ("due_on", "2020-01-01"),
            ],
            Some(&county.cookie),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("完成时限请写成"), "{}", bad.body);
        assert!(
            bad.body.contains(r#"value="县医疗保障局""#),
            "typed values are kept"
        );
        let today = server::reports::today_in_china();
        let soon = server::calendar::iso(today + chrono::TimeDelta::days(20));
        let added = post(
            &w.app,
            &path,
            &[
                ("csrf", &county.csrf),
                ("kind", "medical"),
                ("unit", "县医疗保障局"),
                ("due_on", &soon),
                ("note", "住院费用按三重保障报销"),
            ],
            Some(&county.cookie),
        )
        .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        // A measure past its day shows in the queue (stored directly: the form refuses past days).
        w.db.store
            .add_measure(
                &server::storage::NewMeasure {
                    receipt: &receipt,
                    kind: "employment",
                    unit: "县人力资源和社会保障局",
                    due_on: "2026-01-05",
                    note: "",
                    by: "c-in",
                    at: 1,
                },
                "测试",
            )
            .await
            .unwrap();
        let queue = get(&w.app, "/staff/cases", Some(&county.cookie)).await;
        assert!(queue.body.contains("帮扶措施逾期 1 项"), "{}", queue.body);
        let case = get(
            &w.app,
            &format!("/staff/cases/{receipt}"),
            Some(&county.cookie),
        )
        .await;
        assert!(
            case.body.contains("住院费用按三重保障报销"),
            "staff read the note"
        );
        let done = post(
            &w.app,
            &format!("/staff/cases/{receipt}/measures/0/done"),
            &[("csrf", &county.csrf)],
            Some(&county.cookie),
        )
        .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);

        // The household reads the measures in plain words, without the staff's note.
        let status = post(
            &w.app,
            "/report/status",
            &[("receipt", receipt.as_str()), ("phone_tail", "5678")],
            None,
        )
        .await;
        assert!(
            status.body.contains("医疗保障") && status.body.contains("县医疗保障局"),
            "{}",
            status.body
        );
        assert!(status.body.contains("已落实"));
        assert!(status.body.contains("监测对象类型：突发严重困难户"));
        assert!(!status.body.contains("住院费用按三重保障报销"));

        // 风险消除: the county cannot skip the township; the township must confirm all three.
        let skip = act(&w, &county, &receipt, Action::ClearRisk, "消除").await;
        assert_eq!(skip.status, StatusCode::CONFLICT);
        let town = sign_in(&w, "t-in").await;
        let two = post(
            &w.app,
            &format!("/staff/cases/{receipt}"),
            &[
                ("csrf", &town.csrf),
                ("action", "propose_clear"),
                ("condition0", "入户查看，家庭收入已恢复"),
                ("condition1", "医疗费用已报销"),
                ("condition2", " "),
            ],
            Some(&town.cookie),
        )
        .await;
        assert_eq!(two.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            two.body.contains("请写明“收入来源稳定”是怎样核实的"),
            "{}",
            two.body
        );
        assert!(
            two.body.contains("入户查看，家庭收入已恢复"),
            "what was typed is kept"
        );
        let proposed = act(&w, &town, &receipt, Action::ProposeClear, "").await;
        assert_eq!(proposed.status, StatusCode::SEE_OTHER);
        let kept = act(
            &w,
            &county,
            &receipt,
            Action::KeepMonitoring,
            "务工收入还不稳定",
        )
        .await;
        assert_eq!(kept.status, StatusCode::SEE_OTHER);
        assert_eq!(
            w.db.store.case(&receipt).await.unwrap().unwrap().stage,
            Stage::Monitored
        );
        assert_eq!(
            act(&w, &town, &receipt, Action::ProposeClear, "")
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            act(&w, &county, &receipt, Action::ClearRisk, "同意")
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let events = w.db.store.case_events(&receipt).await.unwrap();
        let stages: Vec<Stage> = events.iter().map(|e| e.stage).collect();
        assert_eq!(
            &stages[4..],
            [
                Stage::Monitored,
                Stage::ClearReview,
                Stage::Monitored,
                Stage::ClearReview,
                Stage::RiskCleared
            ]
        );
        let status = post(
            &w.app,
            "/report/status",
            &[("receipt", receipt.as_str()), ("phone_tail", "5678")],
            None,
        )
        .await;
        assert!(status.body.contains("不再监测帮扶"), "{}", status.body);
        let audit = w.db.store.audit_events(&receipt).await.unwrap();
        for action in ["measure", "measure_done"] {
            assert!(audit.iter().any(|a| a.action == action), "{action} audited");
        }
        w.db.finish().await;
    }
);

both_backends!(a_disaster_may_be_helped_first_on_the_green_channel, {
    let w = world(TestDb::current().await, "https://xczx.example.cn").await;
    let illness = report(&w, IN).await;
    let town = sign_in(&w, "t-in").await;
    // 因病 is not for the 绿色通道.
    let refused = post(
        &w.app,
        &format!("/staff/cases/{illness}/fast-track"),
        &[("csrf", &town.csrf), ("note", "先帮扶")],
        Some(&town.cookie),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let disaster = crate::staff::report_with_risk(&w, IN, "disaster").await;
    let village = sign_in(&w, "v-in").await;
    let by_village = post(
        &w.app,
        &format!("/staff/cases/{disaster}/fast-track"),
        &[("csrf", &village.csrf), ("note", "先帮扶")],
        Some(&village.cookie),
    )
    .await;
    assert_eq!(
        by_village.status,
        StatusCode::FORBIDDEN,
        "a township decides it"
    );
    let page = get(
        &w.app,
        &format!("/staff/cases/{disaster}"),
        Some(&town.cookie),
    )
    .await;
    assert!(page.body.contains("启用绿色通道：先帮扶后认定"));
    let empty = post(
        &w.app,
        &format!("/staff/cases/{disaster}/fast-track"),
        &[("csrf", &town.csrf), ("note", " ")],
        Some(&town.cookie),
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("请写明启用绿色通道的情况"));
    let on = post(
        &w.app,
        &format!("/staff/cases/{disaster}/fast-track"),
        &[("csrf", &town.csrf), ("note", "冰雹致房屋受损")],
        Some(&town.cookie),
    )
    .await;
    assert_eq!(on.status, StatusCode::SEE_OTHER, "{}", on.body);
    // Helped at once, still at its stage: measures may be planned now.
    let case = w.db.store.case(&disaster).await.unwrap().unwrap();
    assert_eq!(case.stage, Stage::Submitted);
    assert!(case.fast_track_at > 0);
    let page = get(
        &w.app,
        &format!("/staff/cases/{disaster}"),
        Some(&town.cookie),
    )
    .await;
    assert!(page.body.contains("加入帮扶计划"));
    let queue = get(&w.app, "/staff/cases", Some(&town.cookie)).await;
    assert!(queue.body.contains("绿色通道"));
    let status = post(
        &w.app,
        "/report/status",
        &[("receipt", disaster.as_str()), ("phone_tail", "5678")],
        None,
    )
    .await;
    assert!(
        status.body.contains("乡镇已为您启用绿色通道"),
        "{}",
        status.body
    );
    assert!(status.body.contains("已提交"), "the steps are still due");
    w.db.finish().await;
});
