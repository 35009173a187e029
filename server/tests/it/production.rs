//! The portal as a county runs it: behind a reverse proxy (who the client is), under a burst
//! of sign-ins (the server keeps answering), with its key (never replaced silently), and
//! backed up while it serves (the copy restores every acknowledged receipt).

use std::time::{Duration, Instant};

use app::model::report::{StatusAnswer, Submission, ValidReport};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use server::security::keycheck::{open_vault, KeyProblem};
use server::security::vault::Vault;
use server::storage::Store;
use tower::ServiceExt;

use crate::both_backends;
use crate::common::{TestApp, TestDb};
use crate::staff::{get, login_via, world, PASSWORD};

/// A status look-up for `receipt` from `peer` with `forwarded` as its `X-Forwarded-For`.
async fn look_up(app: &axum::Router, peer: &str, forwarded: &str) -> StatusCode {
    let peer: std::net::SocketAddr = format!("{peer}:50000").parse().unwrap();
    let request = Request::post("/report/status")
        .header(header::HOST, "xczx.example.cn")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", forwarded)
        .extension(axum::extract::ConnectInfo(peer))
        .body(Body::from("receipt=ABCD-2345&phone_tail=1234"))
        .unwrap();
    app.clone().oneshot(request).await.unwrap().status()
}

both_backends!(two_households_behind_the_proxy_are_two_clients, {
    let TestApp { db, app, .. } = TestApp::builder()
        .setting("PORTAL_TRUSTED_PROXIES", "127.0.0.1/32")
        .setting("PORTAL_STATUS_PER_MINUTE", "2")
        .build()
        .await;
    // Through the proxy: each household has its own quota.
    assert_eq!(
        look_up(&app, "127.0.0.1", "198.51.100.1").await,
        StatusCode::OK
    );
    assert_eq!(
        look_up(&app, "127.0.0.1", "198.51.100.1").await,
        StatusCode::OK
    );
    assert_eq!(
        look_up(&app, "127.0.0.1", "198.51.100.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        look_up(&app, "127.0.0.1", "198.51.100.2").await,
        StatusCode::OK
    );
    // A household that writes its own header cannot take another's place: the proxy adds
    // the real address on the right.
    assert_eq!(
        look_up(&app, "127.0.0.1", "198.51.100.1, 198.51.100.7").await,
        StatusCode::OK
    );
    // Not through the proxy: the header is ignored and the peer counts.
    assert_eq!(
        look_up(&app, "203.0.113.5", "198.51.100.9").await,
        StatusCode::OK
    );
    assert_eq!(
        look_up(&app, "203.0.113.5", "198.51.100.10").await,
        StatusCode::OK
    );
    assert_eq!(
        look_up(&app, "203.0.113.5", "198.51.100.11").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // IPv6 households are counted by their /64.
    assert_eq!(
        look_up(&app, "127.0.0.1", "2001:db8:5:6::1").await,
        StatusCode::OK
    );
    assert_eq!(
        look_up(&app, "127.0.0.1", "2001:db8:5:6::2").await,
        StatusCode::OK
    );
    assert_eq!(
        look_up(&app, "127.0.0.1", "2001:db8:5:6::3").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    db.finish().await;
});

/// Twenty sign-ins at once (argon2, tens of milliseconds of a core each) leave the health
/// check answering: the checks wait their turn on blocking threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_keeps_answering_while_twenty_staff_sign_in() {
    let w = world(TestDb::sqlite().await, "https://xczx.example.cn").await;
    let mut sign_ins = tokio::task::JoinSet::new();
    for n in 0..20 {
        let app = w.app.clone();
        sign_ins.spawn(async move {
            let peer = format!("198.51.100.{n}");
            login_via(
                &app,
                &[("username", "v-in"), ("password", PASSWORD)],
                Some(("127.0.0.1", &peer)),
            )
            .await
            .status
        });
    }
    let mut slowest = Duration::ZERO;
    let mut probes = 0;
    while !sign_ins.is_empty() && sign_ins.len() > 2 {
        let started = Instant::now();
        let health = get(&w.app, "/healthz", None).await;
        assert_eq!(health.status, StatusCode::OK);
        slowest = slowest.max(started.elapsed());
        probes += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
        while let Some(done) = sign_ins.try_join_next() {
            assert_eq!(done.unwrap(), StatusCode::SEE_OTHER);
        }
    }
    for status in sign_ins.join_all().await {
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    assert!(
        probes >= 3,
        "only {probes} health checks during the sign-ins"
    );
    assert!(
        slowest < Duration::from_millis(200),
        "/healthz took {slowest:?} during the sign-ins ({probes} checks)"
    );
    w.db.finish().await;
}

both_backends!(the_key_is_never_replaced_silently, {
    let db = TestDb::current().await;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("keys").join("report.key");
    // First start: the key is made and its check value stored.
    let vault = open_vault(&db.store, &key).await.unwrap();
    let original = std::fs::read(&key).unwrap();
    let check = db.store.meta("key_check").await.unwrap().unwrap();
    assert!(vault.matches_check(&check));
    // The same key again: fine.
    open_vault(&db.store, &key).await.unwrap();
    // The key file lost: refused, and no new key appears.
    std::fs::remove_file(&key).unwrap();
    let problem = open_vault(&db.store, &key).await.unwrap_err();
    assert!(matches!(problem, KeyProblem::Missing { .. }), "{problem}");
    let message = problem.to_string();
    assert!(
        message.contains("没有创建新密钥") && message.contains("PORTAL_KEY_FILE"),
        "{message}"
    );
    assert!(!key.exists(), "no key was made in its place");
    // Another key in its place: refused.
    Vault::create(&key).unwrap();
    let problem = open_vault(&db.store, &key).await.unwrap_err();
    assert!(matches!(problem, KeyProblem::Different { .. }), "{problem}");
    // The original put back from the backup: fine again.
    std::fs::remove_file(&key).unwrap();
    write_private(&key, &original);
    open_vault(&db.store, &key).await.unwrap();
    db.finish().await;
});

fn write_private(path: &std::path::Path, bytes: &[u8]) {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .unwrap();
    file.write_all(bytes).unwrap();
}

/// A report with its own ID number and phone; its receipt and phone tail.
async fn submit(reports: &app::ports::SharedReports, n: u32) -> (String, String) {
    let first17 = format!("52010119800101{:03}", n % 1000);
    let check = app::model::report::id_check_char(first17.as_bytes());
    let phone = format!("138{n:08}");
    let report = ValidReport {
        village: "522302109207".into(),
        name: "王五".into(),
        id_number: format!("{first17}{check}"),
        phone: phone.clone(),
        household_size: 3,
        risks: vec!["illness".into()],
        description: format!("备份试验第 {n} 份"),
        reporter: "self".into(),
    };
    match reports.submit(&report, &format!("{n:032}")).await.unwrap() {
        Submission::Stored(receipt) => (receipt, phone[phone.len() - 4..].to_string()),
        Submission::TokenUsed => panic!("each report has its own token"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_reports_arrive_restores_every_acknowledged_receipt() {
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("report.key");
    let TestApp { db, state, .. } = TestApp::builder()
        .db(TestDb::sqlite().await)
        .key_file(&key)
        .build()
        .await;
    let mut acknowledged = Vec::new();
    for n in 0..40 {
        acknowledged.push(submit(&state.reports, n).await);
    }
    // Reports keep arriving while the copy is made.
    let reports = state.reports.clone();
    let writer = tokio::spawn(async move {
        let mut more = Vec::new();
        for n in 40..240 {
            more.push(submit(&reports, n).await);
        }
        more
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("portal-backup.db");
    db.store.backup_to(&copy).await.unwrap();
    let during = writer.await.unwrap();
    // A second backup to the same file is refused rather than overwriting it.
    assert!(db.store.backup_to(&copy).await.is_err());
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the backup is readable by its owner only"
        );
    }
    // Restored into a fresh data directory with the same key.
    let url = format!("sqlite://{}", copy.display());
    let restored = Store::open(&url).await.unwrap();
    let TestApp {
        state: restored_state,
        ..
    } = TestApp::builder()
        .db(TestDb::wrapping(restored.clone(), &url))
        .key_file(&key)
        .build()
        .await;
    for (receipt, tail) in &acknowledged {
        match restored_state.reports.status(receipt, tail).await.unwrap() {
            StatusAnswer::Found(_) => {}
            other => panic!("{receipt} not restored: {other:?}"),
        }
    }
    // Those acknowledged while the copy was made are in it or not, but whole: a snapshot,
    // not a torn file (every one it holds opens with its phone tail).
    let mut held = 0;
    for (receipt, tail) in &during {
        if restored.case(receipt).await.unwrap().is_some() {
            match restored_state.reports.status(receipt, tail).await.unwrap() {
                StatusAnswer::Found(_) => held += 1,
                other => panic!("{receipt} held but not whole: {other:?}"),
            }
        }
    }
    println!(
        "backup: {} acknowledged before, {held} of {} acknowledged during the copy are in it",
        acknowledged.len(),
        during.len()
    );
    restored.close().await;
    db.finish().await;
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_metrics_name_routes_never_receipts() {
    let TestApp { db, app, .. } = TestApp::builder().build().await;
    let ask = |id: Option<&str>| {
        let mut request =
            Request::get("/report/done/ABCD2345").header(header::HOST, "xczx.example.cn");
        if let Some(id) = id {
            request = request.header("x-request-id", id);
        }
        app.clone().oneshot(request.body(Body::empty()).unwrap())
    };
    let response = ask(None).await.unwrap();
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(id.len(), 16, "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    // Each request its own id.
    let next = ask(None).await.unwrap();
    assert_ne!(next.headers()["x-request-id"], id.as_str());
    // The proxy's id is kept, so its log and ours can be joined.
    let response = ask(Some("5f2c9e0b7a114d3c")).await.unwrap();
    assert_eq!(response.headers()["x-request-id"], "5f2c9e0b7a114d3c");

    let metrics = server::access::metrics_router(db.store.clone())
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(metrics.status(), StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(metrics.into_body())
        .await
        .unwrap()
        .to_bytes();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(
        text.contains(r#"portal_http_requests_total{route="/report/done/{receipt}",status="#),
        "{text}"
    );
    assert!(!text.contains("ABCD2345"), "a receipt reached the metrics");
    for name in [
        "portal_http_request_duration_seconds_bucket",
        "portal_reports_submitted_total",
        "portal_status_lookups_total",
        "portal_signin_failures_total",
        "portal_search_duration_seconds",
        "portal_db_pool_connections",
    ] {
        assert!(text.contains(name), "{name} missing from {text}");
    }
    db.finish().await;
}
