//! The targets board over HTTP on both backends: every dated target with the baselines of
//! the same measure, the editors' pairings labelled with both quotes, the open data, and
//! staff confirming or undoing a pairing (audited, by region).

use axum::http::StatusCode;

use crate::both_backends;
use crate::common::TestDb;
use crate::staff::{get, post, sign_in, world};

both_backends!(
    every_target_stands_beside_its_baselines_and_staff_decide_on_pairings,
    {
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let board = get(&w.app, "/targets", None).await;
        assert_eq!(board.status, StatusCode::OK);
        let html = &board.body;
        assert!(html.contains(r#"data-targets="84""#), "{html}");
        assert!(html.contains(r#"data-with-base="3""#));
        // 农村自来水普及率 92 % (2025) beside 70 % (2015) and 88.8 % (2020), labelled.
        let water = &html[html.find(r#"id="ind-083""#).unwrap()..];
        let water = &water[..water.find("</article>").unwrap()];
        assert!(water.contains("目标（2025）：92 %以上"), "{water}");
        assert!(water.find("（2015）：70 %").unwrap() < water.find("（2020）：88.8 %").unwrap());
        assert!(water.contains("编者判断为同一指标：农村自来水普及率 / 自来水普及率"));
        assert!(water.contains("全州自来水普及率从2015年的70%提高到2020年的 88.8%。"));
        assert!(water.contains("最近的数字相当于目标的 96.5%，与目标年份相隔 5 年。"));
        assert!(water.contains("来源：") && water.contains("第三章 第三节"));
        // Drawn as one series, with every figure in words beside it.
        assert!(water.contains(r#"<figure class="chart">"#));
        assert!(water.contains("农村自来水普及率（黔西南州）：2015年基数 70 %，2020年基数 88.8 %，2025年目标 92 %以上。"));
        // A target without a base says so; nothing is estimated.
        assert!(html.contains("文件没有给出同一指标的基数或实际数。"));

        // Open data: the same board as JSON and CSV.
        let json = get(&w.app, "/api/v1/targets", None).await;
        let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
        assert_eq!(value["targets"], 84);
        assert_eq!(value["editor_pairs"], 5);
        let csv = get(&w.app, "/api/v1/targets.csv", None).await;
        assert!(csv.body.starts_with("\u{feff}目标编号,指标,地区"));
        assert!(csv.body.contains("ind-083,农村自来水普及率,黔西南州"));
        assert!(csv.body.contains(",编者,96.5"));

        // A village account may not decide; a county outside 黔西南州's documents may not
        // either (the pairing is of 002, 黔西南州's plan: 兴仁市's county may).
        let village = sign_in(&w, "v-in").await;
        assert_eq!(
            get(&w.app, "/staff/content/targets", Some(&village.cookie))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let county = sign_in(&w, "c-in").await;
        let page = get(&w.app, "/staff/content/targets", Some(&county.cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("编者判断，待确认"));
        let confirmed = post(
            &w.app,
            "/staff/content/targets",
            &[
                ("csrf", &county.csrf),
                ("target", "ind-083"),
                ("base", "ind-021"),
                ("decision", "confirm"),
            ],
            Some(&county.cookie),
        )
        .await;
        assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
        assert!(confirmed.body.contains("已确认："));
        let board = get(&w.app, "/targets", None).await.body;
        assert!(board.contains("（已由工作人员确认）"));
        // Undone: the pairing is no longer shown, and the share follows the pair left.
        let admin = sign_in(&w, "admin").await;
        let undone = post(
            &w.app,
            "/staff/content/targets",
            &[
                ("csrf", &admin.csrf),
                ("target", "ind-083"),
                ("base", "ind-021"),
                ("decision", "undo"),
            ],
            Some(&admin.cookie),
        )
        .await;
        assert_eq!(undone.status, StatusCode::OK, "{}", undone.body);
        let board = get(&w.app, "/targets", None).await.body;
        let water = &board[board.find(r#"id="ind-083""#).unwrap()..];
        let water = &water[..water.find("</article>").unwrap()];
        assert!(!water.contains("88.8 %"), "{water}");
        assert!(water.contains("最近的数字相当于目标的 76.1%，与目标年份相隔 10 年。"));
        let audit = w.db.store.audit_events("").await.unwrap();
        assert_eq!(
            audit.iter().filter(|a| a.action == "target_pair").count(),
            2
        );
        // A forged decision is refused.
        let forged = post(
            &w.app,
            "/staff/content/targets",
            &[
                ("csrf", "wrong"),
                ("target", "ind-083"),
                ("base", "ind-020"),
                ("decision", "undo"),
            ],
            Some(&admin.cookie),
        )
        .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        w.db.finish().await;
    }
);
