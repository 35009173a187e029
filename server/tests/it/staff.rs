//! The staff workspace over HTTP, on SQLite and on PostgreSQL: sign-in and its cookie,
//! throttling, anti-forgery checks, and who may read and do what to which case.

use app::model::report::{id_check_char, Submission, ValidReport};
use app::model::staff::{Action, Role, StaffUser, Stage};
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use server::state::AppState;
use tower::ServiceExt;

use crate::both_backends;
use crate::common::{TestApp, TestDb};

const HOST: &str = "xczx.example.cn";
pub(crate) const PASSWORD: &str = "qiaotou-2026-春天";

/// Villages by code: 老里旗村 (qxn-p-01) is in 大山镇, 兴仁市; 者贵村 (qxn-p-02) in
/// 栖凤街道, 安龙县.
pub(crate) const IN: &str = "522302109207";
pub(crate) const OUT: &str = "522328002210";
/// The catalogue entry of 老里旗村 (progress notes are written on catalogue entries).
const IN_PILOT: &str = "qxn-p-01";

pub(crate) struct World {
    pub(crate) db: TestDb,
    pub(crate) app: Router,
    pub(crate) state: AppState,
    next_id: std::sync::atomic::AtomicU32,
}

pub(crate) async fn world(db: TestDb, base_url: &str) -> World {
    let TestApp { db, app, state } = TestApp::builder()
        .db(db)
        .setting("PORTAL_BASE_URL", base_url)
        .setting("PORTAL_TRUSTED_PROXIES", "127.0.0.1/32")
        .build()
        .await;
    for (name, role, area) in [
        ("v-in", Role::Village, IN),
        ("v-out", Role::Village, OUT),
        ("t-in", Role::Town, "522302109"),
        ("t-out", Role::Town, "522328002"),
        ("c-in", Role::County, "522302"),
        ("c-out", Role::County, "522328"),
        ("admin", Role::Admin, ""),
    ] {
        let user = StaffUser {
            username: name.into(),
            role,
            area: area.into(),
            area_name: String::new(),
        };
        state.staff.create_staff(&user, PASSWORD).await.unwrap();
    }
    World {
        db,
        app,
        state,
        next_id: std::sync::atomic::AtomicU32::new(100),
    }
}

pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
}

async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

pub(crate) async fn get(app: &Router, uri: &str, cookie: Option<&str>) -> Reply {
    let mut request = Request::get(uri).header(header::HOST, HOST);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

pub(crate) async fn post(
    app: &Router,
    uri: &str,
    fields: &[(&str, &str)],
    cookie: Option<&str>,
) -> Reply {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let mut request = Request::post(uri)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(app, request.body(Body::from(body)).unwrap()).await
}

/// Posts the sign-in form as a browser does: the page first (its anti-forgery cookie and
/// token), then the form.
pub(crate) async fn login(app: &Router, fields: &[(&str, &str)]) -> Reply {
    login_via(app, fields, None).await
}

/// The same, from `peer` with `forwarded` as its `X-Forwarded-For`.
pub(crate) async fn login_via(
    app: &Router,
    fields: &[(&str, &str)],
    peer: Option<(&str, &str)>,
) -> Reply {
    let page = get(app, "/staff/login", None).await;
    let cookie = page.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let csrf = hidden(&page.body, "csrf");
    let mut all = fields.to_vec();
    all.push(("csrf", &csrf));
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&all)
        .finish();
    let mut request = Request::post("/staff/login")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie);
    if let Some((address, forwarded)) = peer {
        let peer: std::net::SocketAddr = format!("{address}:40000").parse().unwrap();
        request = request
            .extension(axum::extract::ConnectInfo(peer))
            .header("x-forwarded-for", forwarded);
    }
    send(app, request.body(Body::from(body)).unwrap()).await
}

/// A signed-in user: the cookie to send and the page's anti-forgery token.
pub(crate) struct Signed {
    pub(crate) cookie: String,
    pub(crate) csrf: String,
}

pub(crate) async fn sign_in(w: &World, username: &str) -> Signed {
    let reply = login(
        &w.app,
        &[
            ("username", username),
            ("password", PASSWORD),
            ("next", "/staff/cases"),
        ],
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{username}: {}",
        reply.body
    );
    let set = reply.headers[header::SET_COOKIE].to_str().unwrap();
    let cookie = set.split(';').next().unwrap().to_string();
    let page = get(&w.app, "/staff/cases", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    Signed {
        cookie,
        csrf: hidden(&page.body, "csrf"),
    }
}

pub(crate) fn hidden(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[at..].split('"').next().unwrap().to_string()
}

/// A valid ID number, different for each call.
fn id_number(n: u32) -> String {
    let first17 = format!("52010119800101{n:03}");
    let check = id_check_char(first17.as_bytes());
    format!("{first17}{check}")
}

/// Files a report in `village`; its receipt.
pub(crate) async fn report(w: &World, village: &str) -> String {
    report_with_risk(w, village, "illness").await
}

/// Files a report in `village` for `risk`; its receipt.
pub(crate) async fn report_with_risk(w: &World, village: &str, risk: &str) -> String {
    let n = w.next_id.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let report = ValidReport {
        village: village.into(),
        name: "张三".into(),
        id_number: id_number(n),
        phone: "13812345678".into(),
        household_size: 4,
        risks: vec![risk.into()],
        description: format!("家里有困难，第 {n} 号"),
        reporter: "self".into(),
    };
    match w
        .state
        .reports
        .submit(&report, &format!("{n:032}"))
        .await
        .unwrap()
    {
        Submission::Stored(receipt) => receipt,
        Submission::TokenUsed => panic!("each test report has its own token"),
    }
}

async fn stage_of(w: &World, receipt: &str) -> Stage {
    w.db.store.case(receipt).await.unwrap().unwrap().stage
}

/// The actions that lead from a new case to `stage`, taken by the admin.
pub(crate) async fn bring_to(w: &World, admin: &Signed, receipt: &str, stage: Stage) {
    let path: &[Action] = match stage {
        Stage::Submitted => &[],
        Stage::VillageCheck => &[Action::Accept],
        Stage::TownReview => &[Action::Accept, Action::RecordVisit],
        Stage::CountyDecision => &[Action::Accept, Action::RecordVisit, Action::Review],
        Stage::Monitored => &[
            Action::Accept,
            Action::RecordVisit,
            Action::Review,
            Action::Include,
        ],
        Stage::Declined => &[
            Action::Accept,
            Action::RecordVisit,
            Action::Review,
            Action::Decline,
        ],
        Stage::ClearReview => &[
            Action::Accept,
            Action::RecordVisit,
            Action::Review,
            Action::Include,
            Action::ProposeClear,
        ],
        Stage::RiskCleared => &[
            Action::Accept,
            Action::RecordVisit,
            Action::Review,
            Action::Include,
            Action::ProposeClear,
            Action::ClearRisk,
        ],
    };
    for action in path {
        let reply = act(w, admin, receipt, *action, "按规定办理").await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "{action:?}: {}",
            reply.body
        );
    }
    assert_eq!(stage_of(w, receipt).await, stage);
}

pub(crate) async fn act(
    w: &World,
    who: &Signed,
    receipt: &str,
    action: Action,
    note: &str,
) -> Reply {
    post(
        &w.app,
        &format!("/staff/cases/{receipt}"),
        &[
            ("csrf", &who.csrf),
            ("action", action.value()),
            ("note", note),
            // What 纳入监测 and the township's 风险消除 also need; other actions ignore them.
            ("household_type", "sudden"),
            ("condition0", "入户核实，家庭收入已恢复"),
            ("condition1", "医疗费用已按规定报销"),
            ("condition2", "家中两人稳定务工"),
        ],
        Some(&who.cookie),
    )
    .await
}

/// Every role, every action, a case inside and outside its area: allowed exactly when the
/// role may take the action and the case is in its area; a case outside the area does not
/// exist for the user (404), and the queue and the case page follow the same rule.
async fn authorisation_matrix(db: TestDb) {
    let w = world(db, "https://xczx.example.cn").await;
    let admin = sign_in(&w, "admin").await;
    let users = [
        ("v-in", "v-out", Role::Village),
        ("t-in", "t-out", Role::Town),
        ("c-in", "c-out", Role::County),
    ];
    let inside = report(&w, IN).await;
    for (name_in, name_out, role) in users {
        let user_in = sign_in(&w, name_in).await;
        let user_out = sign_in(&w, name_out).await;
        // Reading: the queue and the page.
        let queue = get(&w.app, "/staff/cases", Some(&user_in.cookie)).await;
        assert!(queue.body.contains(&inside), "{role:?} sees its case");
        let queue = get(&w.app, "/staff/cases", Some(&user_out.cookie)).await;
        assert!(!queue.body.contains(&inside), "{role:?} elsewhere does not");
        let page = get(
            &w.app,
            &format!("/staff/cases/{inside}"),
            Some(&user_in.cookie),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("5201**********"),
            "the ID number is masked"
        );
        assert!(page.body.contains("138****5678"), "the phone is masked");
        assert!(!page.body.contains(&id_number(100)));
        let page = get(
            &w.app,
            &format!("/staff/cases/{inside}"),
            Some(&user_out.cookie),
        )
        .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let reveal = post(
            &w.app,
            &format!("/staff/cases/{inside}/reveal"),
            &[("csrf", &user_out.csrf)],
            Some(&user_out.cookie),
        )
        .await;
        assert_eq!(
            reveal.status,
            StatusCode::NOT_FOUND,
            "{role:?} elsewhere reveals nothing"
        );

        // Acting: every action on a case at the stage it applies to.
        for action in Action::ALL {
            let receipt = report(&w, IN).await;
            bring_to(&w, &admin, &receipt, action.from()).await;
            let outside = act(&w, &user_out, &receipt, action, "说明").await;
            assert_eq!(
                outside.status,
                StatusCode::NOT_FOUND,
                "{role:?} {action:?} outside"
            );
            let reply = act(&w, &user_in, &receipt, action, "说明").await;
            if action.allowed_for(role) {
                assert_eq!(
                    reply.status,
                    StatusCode::SEE_OTHER,
                    "{role:?} {action:?}: {}",
                    reply.body
                );
                assert_eq!(stage_of(&w, &receipt).await, action.to());
            } else {
                assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role:?} {action:?}");
                assert_eq!(stage_of(&w, &receipt).await, action.from(), "nothing moved");
            }
        }
    }
    // The admin may do everything everywhere; a wrong stage is refused for everyone.
    let elsewhere = report(&w, OUT).await;
    let reply = act(&w, &admin, &elsewhere, Action::Include, "").await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "no skipping stages");
    assert_eq!(stage_of(&w, &elsewhere).await, Stage::Submitted);
    w.db.finish().await;
}

#[tokio::test]
async fn authorisation_matrix_on_sqlite() {
    authorisation_matrix(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn authorisation_matrix_on_postgres() {
    authorisation_matrix(TestDb::postgres().await).await;
}

/// A case from submission to decision: each step by its level, recorded with who and when,
/// audited, and followed by the applicant's status page; a decline gives its reason and
/// the way to ask for a re-review, which the township can open.
async fn a_case_goes_through_every_level(db: TestDb) {
    let w = world(db, "https://xczx.example.cn").await;
    let receipt = report(&w, IN).await;
    let village = sign_in(&w, "v-in").await;
    let town = sign_in(&w, "t-in").await;
    let county = sign_in(&w, "c-in").await;

    let reply = act(&w, &village, &receipt, Action::Accept, "").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    // A required note left empty: the page again with the problem beside the field.
    let reply = act(&w, &village, &receipt, Action::RecordVisit, "   ").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("请填写入户核实结果"), "{}", reply.body);
    assert_eq!(stage_of(&w, &receipt).await, Stage::VillageCheck);
    let reply = act(
        &w,
        &village,
        &receipt,
        Action::RecordVisit,
        "11月24日入户，主要劳动力住院",
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let reply = act(&w, &town, &receipt, Action::Review, "情况属实").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let reply = act(&w, &county, &receipt, Action::Decline, "").await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let reply = act(
        &w,
        &county,
        &receipt,
        Action::Decline,
        "家庭收入高于监测范围",
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    let app::model::report::StatusAnswer::Found(status) =
        w.state.reports.status(&receipt, "5678").await.unwrap()
    else {
        panic!("the household finds its case");
    };
    assert_eq!(status.stage, Stage::Declined);
    assert_eq!(status.decline_reason, "家庭收入高于监测范围");
    let stages: Vec<Stage> = status.steps.iter().map(|s| s.stage).collect();
    assert_eq!(
        stages,
        [
            Stage::Submitted,
            Stage::VillageCheck,
            Stage::TownReview,
            Stage::CountyDecision,
            Stage::Declined
        ]
    );
    // Notes are sealed where they are stored: the visit's result is not in the history or
    // the audit trail as text.
    let events = w.db.store.case_events(&receipt).await.unwrap();
    assert!(events
        .iter()
        .all(|e| !e.note.contains("住院") && !e.note.contains("收入")));
    let audit = w.db.store.audit_events(&receipt).await.unwrap();
    assert!(audit
        .iter()
        .all(|e| !e.note.contains("住院") && !e.note.contains("收入")));
    let page = post(
        &w.app,
        "/report/status",
        &[("receipt", &receipt), ("phone_tail", "5678")],
        None,
    )
    .await;
    assert!(page.body.contains("家庭收入高于监测范围") && page.body.contains("申请复核"));
    // The visit's notes stay with the staff.
    assert!(!page.body.contains("住院"));

    // 复核: the township reopens it.
    let reply = act(
        &w,
        &town,
        &receipt,
        Action::Reopen,
        "申请人提出复核，补充了住院材料",
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(stage_of(&w, &receipt).await, Stage::TownReview);

    // Every change is an audit event with who, from, to and the note.
    let audit = w.db.store.audit_events(&receipt).await.unwrap();
    let moves: Vec<(&str, &str, &str)> = audit
        .iter()
        .filter(|e| e.action == "stage")
        .map(|e| (e.actor.as_str(), e.from_stage.as_str(), e.to_stage.as_str()))
        .collect();
    assert_eq!(
        moves,
        [
            ("v-in", "submitted", "village_check"),
            ("v-in", "village_check", "town_review"),
            ("t-in", "town_review", "county_decision"),
            ("c-in", "county_decision", "declined"),
            ("t-in", "declined", "town_review"),
        ]
    );
    // The case page shows the history with who did it.
    let page = get(
        &w.app,
        &format!("/staff/cases/{receipt}"),
        Some(&county.cookie),
    )
    .await;
    assert!(page.body.contains("c-in") && page.body.contains("家庭收入高于监测范围"));
    // Revealing the full numbers is audited.
    let reveal = post(
        &w.app,
        &format!("/staff/cases/{receipt}/reveal"),
        &[("csrf", &county.csrf)],
        Some(&county.cookie),
    )
    .await;
    assert_eq!(reveal.status, StatusCode::OK);
    assert!(reveal.body.contains(&id_number(100)) && reveal.body.contains("13812345678"));
    assert_eq!(reveal.headers[header::CACHE_CONTROL], "no-store");
    let audit = w.db.store.audit_events(&receipt).await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.action == "reveal" && e.actor == "c-in"));
    w.db.finish().await;
}

#[tokio::test]
async fn a_case_goes_through_every_level_on_sqlite() {
    a_case_goes_through_every_level(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn a_case_goes_through_every_level_on_postgres() {
    a_case_goes_through_every_level(TestDb::postgres().await).await;
}

both_backends!(no_staff_page_is_reachable_without_signing_in, {
    let w = world(TestDb::current().await, "https://xczx.example.cn").await;
    let receipt = report(&w, IN).await;
    for path in [
        "/staff/cases".to_string(),
        format!("/staff/cases/{receipt}"),
        "/staff/password".to_string(),
        "/staff/content/interpretations".to_string(),
        "/staff/content/interpretations/new".to_string(),
        "/staff/content/pilots".to_string(),
        format!("/staff/content/pilots/{IN_PILOT}"),
        "/staff/content/figures".to_string(),
        "/staff/accounts".to_string(),
        "/staff/rules".to_string(),
        "/staff/calendar".to_string(),
        "/staff/content/qa".to_string(),
        "/staff/content/qa/qa-001".to_string(),
        "/staff/report".to_string(),
    ] {
        let reply = get(&w.app, &path, None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        let location = reply.headers[header::LOCATION].to_str().unwrap();
        assert!(
            location.starts_with("/staff/login?next=%2Fstaff%2F"),
            "{location}"
        );
        // A made-up cookie is no session.
        let fake = format!("__Host-portal_staff={}", "A".repeat(43));
        let reply = get(&w.app, &path, Some(&fake)).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "{path} with a made-up cookie"
        );
    }
    for path in [
        format!("/staff/cases/{receipt}"),
        format!("/staff/cases/{receipt}/reveal"),
        "/staff/password".to_string(),
        "/staff/logout".to_string(),
        "/staff/content/interpretations/new".to_string(),
        format!("/staff/content/pilots/{IN_PILOT}"),
        "/staff/content/figures".to_string(),
        "/staff/content/qa/qa-001".to_string(),
        "/staff/report".to_string(),
        "/staff/accounts".to_string(),
        "/staff/accounts/v-in".to_string(),
        "/staff/cases.csv".to_string(),
        "/staff/cases.xlsx".to_string(),
    ] {
        let reply = post(&w.app, &path, &[("action", "accept"), ("csrf", "x")], None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(stage_of(&w, &receipt).await, Stage::Submitted);
    let login = get(&w.app, "/staff/login", None).await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(login
        .body
        .contains(r#"name="robots" content="noindex, nofollow""#));
    w.db.finish().await;
});

both_backends!(
    the_session_cookie_is_httponly_strict_and_secure_over_https,
    {
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let reply = login(&w.app, &[("username", "v-in"), ("password", PASSWORD)]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(reply.headers[header::LOCATION], "/staff/cases");
        let cookie = reply.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .to_string();
        // Over https: Secure, and the __Host- prefix (so Path=/): no other host can plant it.
        assert!(cookie.starts_with("__Host-portal_staff="), "{cookie}");
        for part in ["Path=/;", "HttpOnly", "SameSite=Strict", "Secure"] {
            assert!(cookie.contains(part), "{cookie} lacks {part}");
        }
        // Browsers are told to keep to https.
        assert_eq!(
            reply.headers[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000"
        );
        // Only a hash of the token is stored.
        let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
        assert_eq!(token.len(), 43);
        // Signing out ends the session.
        let signed = sign_in(&w, "v-in").await;
        let out = post(
            &w.app,
            "/staff/logout",
            &[("csrf", &signed.csrf)],
            Some(&signed.cookie),
        )
        .await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert!(out.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
        let after = get(&w.app, "/staff/cases", Some(&signed.cookie)).await;
        assert_eq!(after.status, StatusCode::SEE_OTHER);
        // A next address off the site is ignored.
        let reply = login(
            &w.app,
            &[
                ("username", "v-in"),
                ("password", PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
        assert_eq!(reply.headers[header::LOCATION], "/staff/cases");
        w.db.finish().await;

        // Over plain http (a local install) the cookie cannot be Secure, or it would never be sent.
        let w = world(TestDb::current().await, "http://127.0.0.1:3000").await;
        let reply = login(&w.app, &[("username", "v-in"), ("password", PASSWORD)]).await;
        let cookie = reply.headers[header::SET_COOKIE].to_str().unwrap();
        assert!(
            cookie.starts_with("portal_staff=")
                && cookie.contains("Path=/staff;")
                && cookie.contains("HttpOnly")
                && !cookie.contains("Secure"),
            "{cookie}"
        );
        assert!(reply
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none());
        w.db.finish().await;
    }
);

both_backends!(
    sign_in_slows_one_address_on_one_account_and_locks_out_no_one_else,
    {
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let (a, b, c) = (
            Some(("127.0.0.1", "198.51.100.1")),
            Some(("127.0.0.1", "198.51.100.2")),
            Some(("127.0.0.1", "198.51.100.3")),
        );
        for _ in 0..5 {
            let reply = login_via(
                &w.app,
                &[("username", "t-in"), ("password", "wrong-password-1")],
                a,
            )
            .await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
            assert!(reply.body.contains("用户名或密码不对"));
            // What was typed stays, the password does not.
            assert!(reply.body.contains(r#"value="t-in""#));
            assert!(!reply.body.contains("wrong-password-1"));
        }
        // From that address the account now waits (15 s, then longer) even for the right password.
        let reply = login_via(&w.app, &[("username", "t-in"), ("password", PASSWORD)], a).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.body.contains("秒后再试"), "{}", reply.body);
        // The account is not locked for everyone: its owner signs in from another address.
        let reply = login_via(&w.app, &[("username", "t-in"), ("password", PASSWORD)], b).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        // One address that fails too often across accounts waits, for every account.
        for n in 0..20 {
            let name = format!("nobody-{n}");
            let reply = login_via(&w.app, &[("username", &name), ("password", "x")], c).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {n}");
        }
        let reply = login_via(&w.app, &[("username", "c-in"), ("password", PASSWORD)], c).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.body.contains("分钟后再试"), "{}", reply.body);
        // The header is believed only from the trusted proxy: from elsewhere it is the peer
        // that counts, and that peer has failed nothing.
        let reply = login_via(
            &w.app,
            &[("username", "c-in"), ("password", PASSWORD)],
            Some(("203.0.113.50", "198.51.100.3")),
        )
        .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        w.db.finish().await;
    }
);

both_backends!(
    parallel_guesses_at_one_account_are_counted_before_any_is_checked,
    {
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let mut guesses = tokio::task::JoinSet::new();
        for n in 0..50 {
            let app = w.app.clone();
            guesses.spawn(async move {
                let password = format!("guess-{n}");
                login_via(
                    &app,
                    &[("username", "v-in"), ("password", &password)],
                    Some(("127.0.0.1", "198.51.100.9")),
                )
                .await
                .status
            });
        }
        let statuses = guesses.join_all().await;
        let checked = statuses
            .iter()
            .filter(|s| **s == StatusCode::UNAUTHORIZED)
            .count();
        let waited = statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count();
        assert_eq!((checked, waited), (5, 45), "{statuses:?}");
        w.db.finish().await;
    }
);

both_backends!(every_staff_post_needs_the_session_token_and_our_origin, {
    let w = world(TestDb::current().await, "https://xczx.example.cn").await;
    let receipt = report(&w, IN).await;
    let village = sign_in(&w, "v-in").await;
    let forged = Signed {
        cookie: village.cookie.clone(),
        csrf: "A".repeat(43),
    };
    for (path, fields) in [
        (
            format!("/staff/cases/{receipt}"),
            vec![("action", "accept")],
        ),
        (format!("/staff/cases/{receipt}/reveal"), vec![]),
        (
            "/staff/password".to_string(),
            vec![
                ("current", PASSWORD),
                ("new", "another-password-9"),
                ("again", "another-password-9"),
            ],
        ),
        ("/staff/logout".to_string(), vec![]),
    ] {
        let mut with = fields.clone();
        with.push(("csrf", &forged.csrf));
        let reply = post(&w.app, &path, &with, Some(&forged.cookie)).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path} with a wrong token"
        );
        let reply = post(&w.app, &path, &fields, Some(&village.cookie)).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path} without a token"
        );
    }
    // Content a county user may write, posted without its token or with a wrong one.
    let county = sign_in(&w, "c-in").await;
    for (path, fields) in [
        (
            "/staff/content/interpretations/new".to_string(),
            vec![
                ("title", "标题"),
                ("document_id", "policy-002"),
                ("source_section", "第一章"),
                ("body", "正文"),
            ],
        ),
        (
            format!("/staff/content/pilots/{IN_PILOT}"),
            vec![
                ("on_date", "2026-11-01"),
                ("body", "进展"),
                ("source", "简报"),
            ],
        ),
        (
            "/staff/content/qa/qa-001".to_string(),
            vec![("question", "问题"), ("reason", "改")],
        ),
        (
            "/staff/content/figures".to_string(),
            vec![("csv", "id,indicator")],
        ),
        (
            "/staff/content/figures".to_string(),
            vec![("via", "one"), ("id", "x-1"), ("value", "1")],
        ),
    ] {
        let reply = post(&w.app, &path, &fields, Some(&county.cookie)).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path} without a token"
        );
        let mut with = fields.clone();
        with.push(("csrf", "A-forged-token-that-is-not-the-sessions-own"));
        let reply = post(&w.app, &path, &with, Some(&county.cookie)).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path} with a wrong token"
        );
    }
    assert!(w
        .db
        .store
        .interpretations_stored(None)
        .await
        .unwrap()
        .iter()
        .all(|i| i.edited_by == server::storage::SEED_EDITOR));
    assert!(w.db.store.pilot_updates(IN_PILOT).await.unwrap().is_empty());
    // The administrator's account actions, the same.
    let admin = sign_in(&w, "admin").await;
    for (path, fields) in [
        (
            "/staff/accounts",
            vec![
                ("username", "x-new"),
                ("role", "admin"),
                ("password", PASSWORD),
                ("again", PASSWORD),
            ],
        ),
        ("/staff/accounts/v-in", vec![("action", "disable")]),
    ] {
        let reply = post(&w.app, path, &fields, Some(&admin.cookie)).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path} without a token"
        );
        let mut with = fields.clone();
        with.push(("csrf", "A-forged-token-that-is-not-the-sessions-own"));
        let reply = post(&w.app, path, &with, Some(&admin.cookie)).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path} with a wrong token"
        );
    }
    assert!(w
        .db
        .store
        .staff_accounts()
        .await
        .unwrap()
        .iter()
        .all(|a| a.username != "x-new" && !a.disabled));
    // The right token from another site's page.
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("csrf", village.csrf.as_str()), ("action", "accept")])
        .finish();
    let request = Request::post(format!("/staff/cases/{receipt}"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &village.cookie)
        .body(Body::from(body))
        .unwrap();
    assert_eq!(send(&w.app, request).await.status, StatusCode::FORBIDDEN);
    assert_eq!(stage_of(&w, &receipt).await, Stage::Submitted);
    // The session is still good after all that.
    assert_eq!(
        act(&w, &village, &receipt, Action::Accept, "").await.status,
        StatusCode::SEE_OTHER
    );
    w.db.finish().await;
});

both_backends!(passwords_change_and_idle_sessions_end, {
    let w = world(TestDb::current().await, "https://xczx.example.cn").await;
    let first = sign_in(&w, "t-in").await;
    let second = sign_in(&w, "t-in").await;
    let reply = post(
        &w.app,
        "/staff/password",
        &[
            ("csrf", &first.csrf),
            ("current", "not-it-at-all"),
            ("new", "x"),
            ("again", "x"),
        ],
        Some(&first.cookie),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("现在的密码不对"));
    let reply = post(
        &w.app,
        "/staff/password",
        &[
            ("csrf", &first.csrf),
            ("current", PASSWORD),
            ("new", "short"),
            ("again", "short"),
        ],
        Some(&first.cookie),
    )
    .await;
    assert!(reply.body.contains("密码至少 10 个字符"));
    let new = "xingyi-2027-秋天好";
    let reply = post(
        &w.app,
        "/staff/password",
        &[
            ("csrf", &first.csrf),
            ("current", PASSWORD),
            ("new", new),
            ("again", new),
        ],
        Some(&first.cookie),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("密码已修改"));
    // The other session ended; this one goes on under a new token (a copied cookie is
    // signed out too); the new password signs in.
    assert_eq!(
        get(&w.app, "/staff/cases", Some(&second.cookie))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let renewed = reply.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        renewed.contains("HttpOnly") && renewed.contains("SameSite=Strict"),
        "{renewed}"
    );
    let renewed = renewed.split(';').next().unwrap().to_string();
    assert_ne!(renewed, first.cookie);
    assert_eq!(
        get(&w.app, "/staff/cases", Some(&first.cookie))
            .await
            .status,
        StatusCode::SEE_OTHER,
        "the old token is no session"
    );
    assert_eq!(
        get(&w.app, "/staff/cases", Some(&renewed)).await.status,
        StatusCode::OK
    );
    let reply = login(&w.app, &[("username", "t-in"), ("password", new)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    // A session unused for longer than the idle time (30 minutes by default) ends.
    let stale = "B".repeat(43);
    let an_hour_ago = server::calendar::unix_now() - 3600;
    w.db.store
        .insert_session(
            &server::staff::token_hash(&stale),
            "t-in",
            "csrf",
            an_hour_ago,
            an_hour_ago,
        )
        .await
        .unwrap();
    let reply = get(
        &w.app,
        "/staff/cases",
        Some(&format!("__Host-portal_staff={stale}")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    w.db.finish().await;
});

both_backends!(accounts_are_checked_when_created, {
    let w = world(TestDb::current().await, "https://xczx.example.cn").await;
    let refuse = |username: &str, role, area: &str, password: &str| {
        let user = StaffUser {
            username: username.into(),
            role,
            area: area.into(),
            area_name: String::new(),
        };
        let desk = w.state.staff.clone();
        let password = password.to_string();
        async move {
            desk.create_staff(&user, &password)
                .await
                .unwrap_err()
                .to_string()
        }
    };
    assert!(refuse("v-in", Role::Village, IN, PASSWORD)
        .await
        .contains("已经有人用了"));
    assert!(refuse("new", Role::Village, "qxn-x-99", PASSWORD)
        .await
        .contains("12 位区划代码"));
    assert!(refuse("new", Role::Town, "不存在镇", PASSWORD)
        .await
        .contains("乡镇"));
    assert!(refuse("new", Role::Admin, "兴仁市", PASSWORD)
        .await
        .contains("管理员不设辖区"));
    assert!(refuse("new user", Role::Admin, "", PASSWORD)
        .await
        .contains("用户名只能用"));
    assert!(refuse("new", Role::Admin, "", "short")
        .await
        .contains("至少 10 个字符"));
    w.db.finish().await;
});

both_backends!(
    cases_export_as_csv_with_full_ids_only_for_the_county_and_audited,
    {
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let inside = report(&w, IN).await;
        let outside = report(&w, OUT).await;
        let county = sign_in(&w, "c-in").await;
        // A download is a POST with the session's token: a page elsewhere cannot fetch it.
        let reply = post(
            &w.app,
            "/staff/cases.csv",
            &[("csrf", &county.csrf)],
            Some(&county.cookie),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.headers[header::CONTENT_TYPE],
            "text/csv; charset=utf-8"
        );
        assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");
        assert!(reply.body.starts_with('\u{feff}'));
        assert!(reply.body.contains("回执号,县,乡镇,村,阶段"));
        assert!(reply.body.contains(&inside) && !reply.body.contains(&outside));
        assert!(reply.body.contains(&id_number(100)) && reply.body.contains("13812345678"));
        let audit = w.db.store.audit_events("").await.unwrap();
        assert!(audit
            .iter()
            .any(|e| e.action == "export" && e.actor == "c-in" && e.note.contains("导出 1 件")));
        let refused = post(
            &w.app,
            "/staff/cases.csv",
            &[("csrf", "forged")],
            Some(&county.cookie),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(!refused.body.contains(&inside));
        assert_eq!(
            get(&w.app, "/staff/cases.csv", Some(&county.cookie))
                .await
                .status,
            StatusCode::METHOD_NOT_ALLOWED,
            "no GET: an image or link cannot start an export"
        );
        // A village user gets its cases with the numbers masked, and no audit entry is needed.
        let village = sign_in(&w, "v-in").await;
        let reply = post(
            &w.app,
            "/staff/cases.csv",
            &[("csrf", &village.csrf), ("stage", "submitted")],
            Some(&village.cookie),
        )
        .await;
        assert!(reply.body.contains(&inside));
        assert!(!reply.body.contains(&id_number(100)) && reply.body.contains("138****5678"));
        // The filters apply.
        let reply = post(
            &w.app,
            "/staff/cases.csv",
            &[("csrf", &village.csrf), ("stage", "declined")],
            Some(&village.cookie),
        )
        .await;
        assert!(!reply.body.contains(&inside));
        assert_eq!(
            post(&w.app, "/staff/cases.csv", &[("csrf", "x")], None)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        w.db.finish().await;
    }
);

/// A POST whose answer is binary.
async fn post_bytes(
    app: &Router,
    uri: &str,
    fields: &[(&str, &str)],
    cookie: &str,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let request = Request::post(uri)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

both_backends!(
    cases_export_as_a_spreadsheet_keeps_ids_as_text_and_dates_as_dates,
    {
        use calamine::{Data, Reader, Xlsx};
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let first = report(&w, IN).await;
        let second = report(&w, IN).await;
        let county = sign_in(&w, "c-in").await;
        let (status, headers, bytes) = post_bytes(
            &w.app,
            "/staff/cases.xlsx",
            &[("csrf", &county.csrf)],
            &county.cookie,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a workbook");
        let sheet = book.worksheet_range("案件").expect("the sheet 案件");
        let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
        let headings: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
        assert_eq!(
            headings,
            server::staff::EXPORT_HEADINGS.map(String::from).to_vec()
        );
        assert_eq!(rows.len(), 3, "the headings and two cases");
        let today = server::reports::today_in_china();
        for (receipt, n) in [(&first, 100), (&second, 101)] {
            let row = rows[1..]
                .iter()
                .find(|row| row[0] == Data::String(receipt.clone()))
                .expect("each case is a row, its receipt as text");
            // Every cell, column by column.
            assert_eq!(row[1], Data::String("兴仁市".into()));
            assert_eq!(row[2], Data::String("大山镇".into()));
            assert!(
                matches!(&row[3], Data::String(v) if v.contains("老里旗村")),
                "{:?}",
                row[3]
            );
            assert_eq!(row[4], Data::String("已提交".into()));
            assert!(
                matches!(row[5], Data::DateTime(_)),
                "due is a date: {:?}",
                row[5]
            );
            assert_eq!(row[6], Data::String("因病".into()));
            assert_eq!(row[7], Data::String("本人".into()));
            assert_eq!(row[8], Data::Float(4.0));
            assert_eq!(row[9], Data::String("张三".into()));
            assert_eq!(
                row[10],
                Data::String(id_number(n)),
                "all 18 characters, as text"
            );
            assert_eq!(row[11], Data::String("13812345678".into()), "phone as text");
            let Data::DateTime(submitted) = &row[12] else {
                panic!("submitted is a date: {:?}", row[12]);
            };
            // Excel counts days from 1899-12-30.
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
            let serial = f64::from(i32::try_from((today - epoch).num_days()).unwrap());
            assert!(
                (submitted.as_f64() - serial).abs() < 1e-9,
                "{submitted:?} is today"
            );
        }
        let audit = w.db.store.audit_events("").await.unwrap();
        assert!(audit
            .iter()
            .any(|e| e.action == "export" && e.actor == "c-in" && e.note.contains("Excel")));
        w.db.finish().await;
    }
);

both_backends!(
    the_county_edits_a_qa_entry_with_its_source_and_the_lookup_follows,
    {
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let original = w.db.store.qa_form("qa-001").await.unwrap().unwrap();
        let county = sign_in(&w, "c-in").await;
        let village = sign_in(&w, "v-in").await;
        assert_eq!(
            get(&w.app, "/staff/content/qa/qa-001", Some(&village.cookie))
                .await
                .status,
            StatusCode::FORBIDDEN,
            "only 县 and 管理员 edit content"
        );
        let list = get(&w.app, "/staff/content/qa", Some(&county.cookie)).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains(r#"href="/staff/content/qa/qa-001""#));
        let page = get(&w.app, "/staff/content/qa/qa-001", Some(&county.cookie)).await;
        assert!(page.body.contains(&original.question));

        let answer = "新的回答：请带上户口本到村委会登记，村里会帮您办理。";
        let edit = |quote: &str, reason: &str| {
            vec![
                ("csrf".to_string(), county.csrf.clone()),
                ("question".to_string(), original.question.clone()),
                ("answer".to_string(), answer.to_string()),
                ("quote".to_string(), quote.to_string()),
                ("document_id".to_string(), original.document_id.clone()),
                (
                    "source_section".to_string(),
                    original.source_section.clone(),
                ),
                ("keywords".to_string(), original.keywords.clone()),
                ("reason".to_string(), reason.to_string()),
            ]
        };
        // Words the document does not hold are refused, with everything typed kept.
        let fields = edit("这句话文件里没有", "改写回答");
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let reply = post(
            &w.app,
            "/staff/content/qa/qa-001",
            &refs,
            Some(&county.cookie),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains("引文必须是所选文件中的原文"));
        assert!(reply.body.contains(answer), "what was typed stays");
        assert_eq!(
            w.db.store.qa_form("qa-001").await.unwrap().unwrap().answer,
            original.answer
        );
        // A reason is required.
        let fields = edit(&original.quote, "");
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let reply = post(
            &w.app,
            "/staff/content/qa/qa-001",
            &refs,
            Some(&county.cookie),
        )
        .await;
        assert!(reply.body.contains("请填写修改说明"));
        // The document's own words, a reason: saved, audited, and the lookup answers with it.
        let fields = edit(&original.quote, "按县里新的办理流程改写");
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let reply = post(
            &w.app,
            "/staff/content/qa/qa-001",
            &refs,
            Some(&county.cookie),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.body.contains("已保存"));
        let q: String = form_urlencoded::byte_serialize(original.question.as_bytes()).collect();
        let ask = get(&w.app, &format!("/ask?q={q}"), None).await;
        assert!(
            ask.body.contains("新的回答"),
            "the lookup shows the edit at once"
        );
        let audit = w.db.store.audit_events("").await.unwrap();
        assert!(audit.iter().any(|e| e.action == "content"
            && e.actor == "c-in"
            && e.note.contains("按县里新的办理流程改写")));
        // A seed re-import leaves the edit alone.
        w.db.store
            .import_seed(&server::import::Seed::embedded().unwrap())
            .await
            .unwrap();
        assert_eq!(
            w.db.store.qa_form("qa-001").await.unwrap().unwrap().answer,
            answer
        );
        w.db.finish().await;
    }
);

both_backends!(
    the_county_imports_figures_all_or_nothing_and_the_pages_show_them,
    {
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let county = sign_in(&w, "c-in").await;
        let town = sign_in(&w, "t-in").await;
        assert_eq!(
            get(&w.app, "/staff/content/figures", Some(&town.cookie))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let header = app::pages::staff_content::FIGURE_COLUMNS;
        let bad = format!(
        "{header}\n\
         ind-500,食用菌产量,黔西南州,12.5,万吨,,2026,actual,,policy-002,第五章,农业,食用菌(direct),\n\
         ind-501,食用菌产值,黔西南州,约30,亿元,,2026,actual,,policy-002,第五章,农业,,\n\
         ind-502,食用菌基地,黔西南州,40,个,,2026,actual,,policy-999,第五章,农业,,\n"
    );
        let reply = post(
            &w.app,
            "/staff/content/figures",
            &[("csrf", &county.csrf), ("csv", &bad)],
            Some(&county.cookie),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            reply.body.contains("第 3 行") && reply.body.contains("第 4 行"),
            "{}",
            reply.body
        );
        assert!(reply.body.contains("没有导入任何数据"));
        assert!(reply.body.contains("ind-502"), "the pasted text stays");
        let page = get(&w.app, "/data", None).await;
        assert!(
            !page.body.contains("食用菌产量"),
            "nothing of a bad paste is stored"
        );

        let good = format!(
        "{header}\n\
         ind-500,食用菌产量,黔西南州,12.5,万吨,,2026,actual,,policy-002,第五章,农业,食用菌(direct),\n"
    );
        let reply = post(
            &w.app,
            "/staff/content/figures",
            &[("csrf", &county.csrf), ("csv", &good)],
            Some(&county.cookie),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply
            .body
            .contains("已导入 1 条指标：新增 1 条，更新 0 条。"));
        let industry = get(&w.app, "/industries/mushrooms", None).await;
        assert!(industry.body.contains("食用菌产量") && industry.body.contains("12.5 万吨"));
        let audit = w.db.store.audit_events("").await.unwrap();
        assert!(audit
            .iter()
            .any(|e| e.action == "content" && e.actor == "c-in"));
        w.db.finish().await;
    }
);

both_backends!(
    a_village_cadre_files_a_report_for_a_household_marked_as_such,
    {
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let village = sign_in(&w, "v-in").await;
        let county = sign_in(&w, "c-in").await;
        assert_eq!(
            get(&w.app, "/staff/report", Some(&county.cookie))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let form = get(&w.app, "/staff/report", Some(&village.cookie)).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains(r#"action="/staff/report""#));
        assert!(form.body.contains("村干部代为申报") && form.body.contains("由 v-in 代"));
        assert!(
            !form.body.contains("DraftKeeper"),
            "no draft on the cadre's device"
        );
        let token = hidden(&form.body, "token");
        let id = id_number(900);
        let fields = |village_id: &'static str, name: &'static str| {
            vec![
                ("csrf", village.csrf.clone()),
                ("token", token.clone()),
                ("village", village_id.to_string()),
                ("name", name.to_string()),
                ("id_number", id.clone()),
                ("phone", "13900001111".to_string()),
                ("household_size", "2".to_string()),
                ("risks", "disability".to_string()),
                ("description", "老人腿脚不便，不会用手机。".to_string()),
                ("reporter", "self".to_string()),
                ("consent", "yes".to_string()),
            ]
        };
        let send_form = |fields: Vec<(&'static str, String)>| {
            let app = w.app.clone();
            let cookie = village.cookie.clone();
            async move {
                let refs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                post(&app, "/staff/report", &refs, Some(&cookie)).await
            }
        };
        // Another village than the cadre's own is refused beside the field, with the rest kept.
        let reply = send_form(fields(OUT, "赵大爷")).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("赵大爷") && reply.body.contains("field-error"));
        assert_eq!(
            w.db.store
                .cases_for(&StaffUser {
                    username: "a".into(),
                    role: Role::Admin,
                    area: String::new(),
                    area_name: String::new(),
                })
                .await
                .unwrap()
                .len(),
            0
        );
        let reply = send_form(fields(IN, "赵大爷")).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let location = reply.headers[header::LOCATION]
            .to_str()
            .unwrap()
            .to_string();
        assert!(location.ends_with("?done=assisted"), "{location}");
        let receipt = location
            .trim_start_matches("/staff/cases/")
            .split('?')
            .next()
            .unwrap()
            .to_string();
        let case = w.db.store.case(&receipt).await.unwrap().unwrap();
        assert_eq!(
            case.reporter, "cadre",
            "marked as filed by the cadre, whatever the form said"
        );
        let page = get(&w.app, &location, Some(&village.cookie)).await;
        assert!(page.body.contains("已代为申报") && page.body.contains("村干部代为申报"));
        let audit = w.db.store.audit_events(&receipt).await.unwrap();
        assert!(audit
            .iter()
            .any(|e| e.action == "assisted" && e.actor == "v-in"));
        w.db.finish().await;
    }
);

/// The path a 303 points to.
fn location(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

/// An interpretation in Markdown: refused whole with the problems beside the fields, then
/// published; its public page holds sanitised HTML only; the document's page, the library,
/// the feed, the sitemap and the Q&A lookup show it; a change needs a reason; all audited.
async fn interpretations_are_written_sanitised_and_published_everywhere(db: TestDb) {
    let w = world(db, "https://xczx.example.cn").await;
    let county = sign_in(&w, "c-in").await;
    let town = sign_in(&w, "t-in").await;
    assert_eq!(
        get(&w.app, "/staff/content/interpretations", Some(&town.cookie))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "only 县 and 管理员 write content"
    );
    let form = get(
        &w.app,
        "/staff/content/interpretations/new?document=policy-002",
        Some(&county.cookie),
    )
    .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"<option value="policy-002" selected"#));

    let body = "## 冷库租赁补贴怎么申请\n\n合作社租用**冷库**的，可以向乡镇申请补贴。\n\n<script>alert(1)</script>\n\n[查看原文](javascript:alert(2))";
    let fields = |document: &'static str, reason: &'static str| {
        vec![
            ("csrf", county.csrf.as_str()),
            ("title", "冷库租赁补贴：一看就懂"),
            ("document_id", document),
            ("source_section", "第三章 第二节"),
            ("body", body),
            ("reason", reason),
        ]
    };
    let refused = post(
        &w.app,
        "/staff/content/interpretations/new",
        &fields("no-such-document", ""),
        Some(&county.cookie),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("请选择所解读的文件"));
    assert!(
        refused.body.contains("冷库租赁补贴：一看就懂"),
        "what was typed stays"
    );
    assert!(w
        .db
        .store
        .interpretations_stored(None)
        .await
        .unwrap()
        .iter()
        .all(|i| i.edited_by == server::storage::SEED_EDITOR));

    let saved = post(
        &w.app,
        "/staff/content/interpretations/new",
        &fields("policy-002", ""),
        Some(&county.cookie),
    )
    .await;
    let at = location(&saved);
    let id: i64 = at
        .strip_prefix("/staff/content/interpretations/")
        .and_then(|rest| rest.strip_suffix("?saved=1"))
        .unwrap()
        .parse()
        .unwrap();
    let editor = get(&w.app, &at, Some(&county.cookie)).await;
    assert!(editor.body.contains("已保存"));
    assert!(editor.body.contains("<strong>冷库</strong>"), "the preview");

    let public = format!("/interpretations/{id}");
    let page = get(&w.app, &public, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h2>冷库租赁补贴怎么申请</h2>"));
    assert!(page.body.contains("<strong>冷库</strong>"));
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.body.contains("<script>alert"));
    assert!(!page.body.contains(r#"href="javascript:"#));
    assert!(page.body.contains(r#"href="/policies/policy-002""#));
    assert!(page.body.contains("第三章 第二节"));
    assert_eq!(
        get(&w.app, "/interpretations/99999", None).await.status,
        StatusCode::NOT_FOUND
    );
    let link = format!(r#"href="{public}""#);
    for path in ["/policies/policy-002", "/policies"] {
        assert!(
            get(&w.app, path, None).await.body.contains(&link),
            "{path} links the interpretation"
        );
    }
    let feed = get(&w.app, "/feed.xml", None).await.body;
    roxmltree::Document::parse(&feed).unwrap();
    assert!(feed.contains(&format!("https://xczx.example.cn{public}")));
    assert!(feed.contains("冷库租赁补贴：一看就懂"));
    let sitemap = get(&w.app, "/sitemap.xml", None).await.body;
    assert!(sitemap.contains(&format!("https://xczx.example.cn{public}")));
    let q: String = form_urlencoded::byte_serialize("冷库租赁补贴".as_bytes()).collect();
    let ask = get(&w.app, &format!("/ask?q={q}"), None).await;
    assert!(ask.body.contains(&link), "the lookup finds it at once");

    // A change needs a reason; then the public page follows.
    let path = format!("/staff/content/interpretations/{id}");
    let mut change = fields("policy-002", "");
    change[4].1 = "合作社租用冷库，可以向乡镇申请补贴，一年一次。";
    let refused = post(&w.app, &path, &change, Some(&county.cookie)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("请填写修改说明"));
    change[5].1 = "补充申请次数";
    location(&post(&w.app, &path, &change, Some(&county.cookie)).await);
    assert!(get(&w.app, &public, None).await.body.contains("一年一次"));
    assert_eq!(
        post(
            &w.app,
            "/staff/content/interpretations/99999",
            &change,
            Some(&county.cookie)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let audit = w.db.store.audit_events("").await.unwrap();
    let notes: Vec<&str> = audit
        .iter()
        .filter(|e| e.action == "content" && e.actor == "c-in")
        .map(|e| e.note.as_str())
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].starts_with(&format!("发布解读 {id}")));
    assert!(notes[1].contains("补充申请次数"));
    let stored = w.db.store.interpretation_stored(id).await.unwrap().unwrap();
    assert_eq!(stored.edited_by, "c-in");
    w.db.finish().await;
}

#[tokio::test]
async fn interpretations_on_sqlite() {
    interpretations_are_written_sanitised_and_published_everywhere(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn interpretations_on_postgres() {
    interpretations_are_written_sanitised_and_published_everywhere(TestDb::postgres().await).await;
}

/// Progress notes: a county user writes them only for its own county's pilots, each with a
/// past day and a source; the village page shows them; a change needs a reason.
async fn progress_notes_are_written_for_own_pilots_and_shown(db: TestDb) {
    let w = world(db, "https://xczx.example.cn").await;
    let county = sign_in(&w, "c-in").await;
    let admin = sign_in(&w, "admin").await;
    let village = sign_in(&w, "v-in").await;
    assert_eq!(
        get(&w.app, "/staff/content/pilots", Some(&village.cookie))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let list = get(&w.app, "/staff/content/pilots", Some(&county.cookie)).await;
    assert!(list
        .body
        .contains(&format!(r#"href="/staff/content/pilots/{IN_PILOT}""#)));
    assert!(!list
        .body
        .contains(&format!(r#"href="/staff/content/pilots/{OUT}""#)));
    let out = format!("/staff/content/pilots/{OUT}");
    assert_eq!(
        get(&w.app, &out, Some(&county.cookie)).await.status,
        StatusCode::NOT_FOUND
    );
    let note = |csrf: &str, day: &str| {
        vec![
            ("csrf".to_string(), csrf.to_string()),
            ("on_date".to_string(), day.to_string()),
            (
                "body".to_string(),
                "村集体新建食用菌冷库一座，已投入使用。".to_string(),
            ),
            (
                "source".to_string(),
                "大山镇人民政府 2026 年 11 月工作简报".to_string(),
            ),
        ]
    };
    let pairs = |fields: &[(String, String)]| -> Vec<(String, String)> { fields.to_vec() };
    let send_note = |path: String, fields: Vec<(String, String)>, cookie: String| {
        let app = w.app.clone();
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            post(&app, &path, &refs, Some(&cookie)).await
        }
    };
    let reply = send_note(
        out.clone(),
        note(&county.csrf, "2026-11-01"),
        county.cookie.clone(),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::NOT_FOUND,
        "another county's pilot"
    );
    assert!(w.db.store.pilot_updates(OUT).await.unwrap().is_empty());

    let own = format!("/staff/content/pilots/{IN_PILOT}");
    let reply = send_note(
        own.clone(),
        note(&county.csrf, "2999-01-01"),
        county.cookie.clone(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("日期不能晚于今天"));
    assert!(
        reply.body.contains("村集体新建食用菌冷库一座"),
        "what was typed stays"
    );
    assert!(w.db.store.pilot_updates(IN_PILOT).await.unwrap().is_empty());

    let reply = send_note(
        own.clone(),
        note(&county.csrf, "2026-11-01"),
        county.cookie.clone(),
    )
    .await;
    assert_eq!(location(&reply), format!("{own}?saved=1"));
    let village_page = get(&w.app, &format!("/pilots/{IN_PILOT}"), None).await.body;
    assert!(village_page.contains("村集体新建食用菌冷库一座"));
    assert!(village_page.contains("大山镇人民政府 2026 年 11 月工作简报"));
    assert!(village_page.contains(r#"datetime="2026-11-01""#));

    let (update, edited_by) = w.db.store.pilot_updates(IN_PILOT).await.unwrap().remove(0);
    assert_eq!(edited_by, "c-in");
    let editor = get(
        &w.app,
        &format!("{own}?edit={}", update.id),
        Some(&county.cookie),
    )
    .await;
    assert!(editor
        .body
        .contains(&format!(r#"name="id" value="{}""#, update.id)));
    let mut change = pairs(&note(&county.csrf, "2026-11-02"));
    change.push(("id".into(), update.id.to_string()));
    let reply = send_note(own.clone(), change.clone(), county.cookie.clone()).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("请填写修改说明"));
    change.push(("reason".into(), "日期写错了".into()));
    location(&send_note(own.clone(), change.clone(), county.cookie.clone()).await);
    assert!(get(&w.app, &format!("/pilots/{IN_PILOT}"), None)
        .await
        .body
        .contains(r#"datetime="2026-11-02""#));
    // The feed carries the note, linked to it on the village page, with its source.
    let feed = get(&w.app, "/feed.xml", None).await.body;
    let feed = roxmltree::Document::parse(&feed).expect("well-formed feed");
    let entry = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .find(|e| {
            e.children().any(|c| {
                c.has_tag_name("id")
                    && c.text()
                        == Some(&format!(
                            "https://xczx.example.cn/pilots/{IN_PILOT}#u-{}",
                            update.id
                        ))
            })
        })
        .expect("the progress note is in the feed");
    let text = |name: &str| {
        entry
            .children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        text("title").ends_with("2026-11-02 建设进展"),
        "{}",
        text("title")
    );
    assert!(text("summary").contains("村集体新建食用菌冷库一座"));
    assert!(text("summary").contains("来源：大山镇人民政府 2026 年 11 月工作简报"));
    // A note of one pilot cannot be changed through another's page.
    let mut elsewhere = pairs(&note(&admin.csrf, "2026-11-03"));
    elsewhere.push(("id".into(), update.id.to_string()));
    elsewhere.push(("reason".into(), "试试".into()));
    let reply = send_note(out.clone(), elsewhere, admin.cookie.clone()).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        w.db.store.pilot_updates(IN_PILOT).await.unwrap()[0]
            .0
            .on_date,
        "2026-11-02"
    );
    let audit = w.db.store.audit_events("").await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.actor == "c-in" && e.note.contains("日期写错了")));
    w.db.finish().await;
}

#[tokio::test]
async fn progress_notes_on_sqlite() {
    progress_notes_are_written_for_own_pilots_and_shown(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn progress_notes_on_postgres() {
    progress_notes_are_written_for_own_pilots_and_shown(TestDb::postgres().await).await;
}

/// A `multipart/form-data` upload of `csv` with the form's token.
async fn upload(w: &World, who: &Signed, csv: &str) -> Reply {
    let boundary = "----portal-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"figures.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n",
        who.csrf
    );
    let request = Request::post("/staff/content/figures")
        .header(header::HOST, HOST)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::COOKIE, &who.cookie)
        .body(Body::from(body))
        .unwrap();
    send(&w.app, request).await
}

both_backends!(
    figures_come_as_an_uploaded_file_or_one_at_a_time_checked_like_the_importer,
    {
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let county = sign_in(&w, "c-in").await;
        let header = app::pages::staff_content::FIGURE_COLUMNS;
        // An uploaded file (BOM, CRLF) with a bad row: nothing stored, the line named.
        let bad = format!(
        "\u{feff}{header}\r\nup-1,蔬菜基地,黔西南州,20,个,,2026,actual,,policy-002,第五章,农业,蔬菜,\r\n\
         up-2,蔬菜基地,黔西南州,很多,个,,2026,actual,,policy-002,第五章,农业,蔬菜,\r\n"
    );
        let reply = upload(&w, &county, &bad).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains("第 3 行"), "{}", reply.body);
        let set = w.db.store.load_indicator_set().await.unwrap();
        assert!(!set.indicators.iter().any(|i| i.id == "up-1"));
        // Without its token the upload is refused before the file is read.
        let forged = Signed {
            cookie: county.cookie.clone(),
            csrf: "A".repeat(43),
        };
        let good = bad.replace("很多", "30");
        assert_eq!(
            upload(&w, &forged, &good).await.status,
            StatusCode::FORBIDDEN
        );
        let reply = upload(&w, &county, &good).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply
            .body
            .contains("已导入 2 条指标：新增 2 条，更新 0 条。"));

        // One figure typed in: problems come back beside their fields, with what was typed.
        let one = |value: &'static str| {
            vec![
                ("csrf", county.csrf.as_str()),
                ("via", "one"),
                ("id", "one-1"),
                ("indicator", "茶园面积"),
                ("region", "兴仁市"),
                ("value", value),
                ("unit", "万亩"),
                ("qualifier", "以上"),
                ("year", "2026"),
                ("kind", "target"),
                ("document_id", "policy-002"),
                ("source_section", "第五章 第一节"),
                ("related_industry", "茶叶"),
            ]
        };
        let reply = post(
            &w.app,
            "/staff/content/figures",
            &one("约五万"),
            Some(&county.cookie),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            reply.body.contains(r#"id="one-value-error""#),
            "{}",
            reply.body
        );
        assert!(
            reply.body.contains(r#"value="茶园面积""#),
            "what was typed stays"
        );
        assert!(reply.body.contains(r#"<option value="target" selected"#));
        let reply = post(
            &w.app,
            "/staff/content/figures",
            &one("5"),
            Some(&county.cookie),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.body.contains("新增 1 条"));
        let tea = get(&w.app, "/data?industry=tea", None).await;
        assert!(
            tea.body.contains("茶园面积") && tea.body.contains("5 万亩以上"),
            "{}",
            tea.body
        );
        let audit = w.db.store.audit_events("").await.unwrap();
        assert_eq!(
            audit
                .iter()
                .filter(|e| e.action == "content" && e.actor == "c-in")
                .count(),
            2
        );
        w.db.finish().await;
    }
);

async fn try_sign_in(w: &World, username: &str, password: &str) -> StatusCode {
    login(&w.app, &[("username", username), ("password", password)])
        .await
        .status
}

both_backends!(
    the_administrator_opens_stops_restarts_and_resets_accounts,
    {
        let w = world(TestDb::current().await, "https://xczx.example.cn").await;
        let admin = sign_in(&w, "admin").await;
        let county = sign_in(&w, "c-in").await;
        assert_eq!(
            get(&w.app, "/staff/accounts", Some(&county.cookie))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let list = get(&w.app, "/staff/accounts", Some(&admin.cookie)).await;
        assert_eq!(list.status, StatusCode::OK);
        for name in ["v-in", "t-out", "c-in", "admin"] {
            assert!(list.body.contains(&format!("<td>{name}</td>")), "{name}");
        }
        let open = |area: &str, again: &str| {
            vec![
                ("csrf", admin.csrf.clone()),
                ("username", "v-new".to_string()),
                ("role", "village".to_string()),
                ("area", area.to_string()),
                ("password", PASSWORD.to_string()),
                ("again", again.to_string()),
            ]
        };
        let send_open = |fields: Vec<(&'static str, String)>| {
            let app = w.app.clone();
            let cookie = admin.cookie.clone();
            async move {
                let refs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                post(&app, "/staff/accounts", &refs, Some(&cookie)).await
            }
        };
        let reply = send_open(open("qxn-x-99", PASSWORD)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains("“qxn-x-99”不是已知的村级区划代码"));
        assert!(reply.body.contains(r#"id="a-area-error""#));
        assert!(reply.body.contains(r#"value="v-new""#), "the name stays");
        assert!(
            !reply.body.contains(PASSWORD),
            "the password is never sent back"
        );
        let reply = send_open(open(IN, "another-password")).await;
        assert!(reply.body.contains("两次输入的密码不一样"));
        let reply = send_open(open(IN, PASSWORD)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.body.contains("已开设账号 v-new"));
        let newcomer = sign_in(&w, "v-new").await;

        let act_on = |name: &'static str, action: &'static str, password: &'static str| {
            let app = w.app.clone();
            let cookie = admin.cookie.clone();
            let csrf = admin.csrf.clone();
            async move {
                post(
                    &app,
                    &format!("/staff/accounts/{name}"),
                    &[("csrf", &csrf), ("action", action), ("password", password)],
                    Some(&cookie),
                )
                .await
            }
        };
        // Stopped: its session ends and it cannot sign in; restarted: it can.
        let reply = act_on("v-new", "disable", "").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.body.contains("已停用"));
        assert_eq!(
            get(&w.app, "/staff/cases", Some(&newcomer.cookie))
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            try_sign_in(&w, "v-new", PASSWORD).await,
            StatusCode::UNAUTHORIZED
        );
        act_on("v-new", "enable", "").await;
        assert_eq!(
            try_sign_in(&w, "v-new", PASSWORD).await,
            StatusCode::SEE_OTHER
        );
        // A reset checks the password, then only the new one works.
        let reply = act_on("v-new", "reset", "short").await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains(r#"id="pw-v-new-error""#));
        act_on("v-new", "reset", "a-new-password-2026").await;
        assert_eq!(
            try_sign_in(&w, "v-new", PASSWORD).await,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            try_sign_in(&w, "v-new", "a-new-password-2026").await,
            StatusCode::SEE_OTHER
        );
        // Not one's own account, not one that does not exist, not without the token.
        assert_eq!(
            act_on("admin", "disable", "").await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            act_on("nobody", "disable", "").await.status,
            StatusCode::NOT_FOUND
        );
        let reply = post(
            &w.app,
            "/staff/accounts/v-in",
            &[("action", "disable")],
            Some(&admin.cookie),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(
            post(
                &w.app,
                "/staff/accounts/v-in",
                &[("csrf", &county.csrf), ("action", "disable")],
                Some(&county.cookie)
            )
            .await
            .status,
            StatusCode::FORBIDDEN,
            "only the administrator"
        );
        assert_eq!(
            try_sign_in(&w, "v-in", PASSWORD).await,
            StatusCode::SEE_OTHER
        );
        let audit = w.db.store.audit_events("").await.unwrap();
        let notes: Vec<&str> = audit
            .iter()
            .filter(|e| e.action == "account")
            .map(|e| e.note.as_str())
            .collect();
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert!(notes[0].starts_with("开设账号 v-new"));
        w.db.finish().await;
    }
);

both_backends!(content_edits_are_scoped_to_the_county_s_region, {
    let w = world(TestDb::current().await, "https://xczx.example.cn").await;
    // 兴仁市 lies in 黔西南州: policy-002 is its region's plan; policy-004 is 云溪区's (Hunan).
    let county = sign_in(&w, "c-in").await;
    let admin = sign_in(&w, "admin").await;
    let entries = w.db.store.qa_list().await.unwrap();
    let (own, _, _, _) = entries
        .iter()
        .find(|e| e.3 == "policy-002")
        .unwrap()
        .clone();
    let (other, _, _, _) = entries
        .iter()
        .find(|e| e.3 == "policy-004")
        .unwrap()
        .clone();

    // Q&A entries: the list holds the region's only; another region's entry is refused in
    // words, opened or posted.
    let list = get(&w.app, "/staff/content/qa", Some(&county.cookie)).await;
    assert!(
        list.body.contains(&own) && !list.body.contains(&format!("/staff/content/qa/{other}\""))
    );
    let page = get(
        &w.app,
        &format!("/staff/content/qa/{other}"),
        Some(&county.cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.body.contains("县级账号只能编辑本地区文件"),
        "{}",
        page.body
    );
    let before = w.db.store.qa_form(&other).await.unwrap().unwrap();
    let reply = post(
        &w.app,
        &format!("/staff/content/qa/{other}"),
        &[
            ("csrf", &county.csrf),
            ("question", "改写别处的问答"),
            ("answer", &before.answer),
            ("quote", &before.quote),
            ("document_id", &before.document_id),
            ("source_section", &before.source_section),
            ("keywords", ""),
            ("reason", "试图改写"),
        ],
        Some(&county.cookie),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        w.db.store.qa_form(&other).await.unwrap().unwrap().question,
        before.question
    );
    // Nor may an own entry be moved onto another region's document.
    let mine = w.db.store.qa_form(&own).await.unwrap().unwrap();
    let reply = post(
        &w.app,
        &format!("/staff/content/qa/{own}"),
        &[
            ("csrf", &county.csrf),
            ("question", &mine.question),
            ("answer", &mine.answer),
            ("quote", &mine.quote),
            ("document_id", "policy-004"),
            ("source_section", &mine.source_section),
            ("reason", "换文件"),
        ],
        Some(&county.cookie),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // Figures: a row of another region's document, or one that would replace another
    // region's figure, is a problem beside its line; nothing is stored.
    let header = app::pages::staff_content::FIGURE_COLUMNS;
    let foreign = format!(
        "{header}\nind-600,新造油茶,岳阳市云溪区,100,亩,,2026,target,,policy-004,一,农业,,\n"
    );
    let reply = post(
        &w.app,
        "/staff/content/figures",
        &[("csrf", &county.csrf), ("csv", &foreign)],
        Some(&county.cookie),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("不是兴仁市所在地区的文件"),
        "{}",
        reply.body
    );
    let docs =
        w.db.store
            .indicator_documents(&["ind-600".to_string()])
            .await
            .unwrap();
    assert!(docs.is_empty(), "nothing stored");
    let seed_foreign =
        w.db.store
            .load_indicator_set()
            .await
            .unwrap()
            .indicators
            .into_iter()
            .find(|r| r.source.document_id == "policy-004")
            .unwrap();
    let hijack = format!(
        "{header}\n{},改写,黔西南州,1,个,,2026,actual,,policy-002,前言,农业,,\n",
        seed_foreign.id
    );
    let reply = post(
        &w.app,
        "/staff/content/figures",
        &[("csrf", &county.csrf), ("csv", &hijack)],
        Some(&county.cookie),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("已是其他地区文件"), "{}", reply.body);

    // Interpretations: only of the region's documents.
    let reply = post(
        &w.app,
        "/staff/content/interpretations/new",
        &[
            ("csrf", &county.csrf),
            ("title", "云溪区的解读"),
            ("document_id", "policy-004"),
            ("source_section", "一"),
            ("body", "内容"),
        ],
        Some(&county.cookie),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let form = get(
        &w.app,
        "/staff/content/interpretations/new",
        Some(&county.cookie),
    )
    .await;
    assert!(form.body.contains("policy-002") && !form.body.contains("value=\"policy-004\""));

    // The administrator edits every region.
    let page = get(
        &w.app,
        &format!("/staff/content/qa/{other}"),
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let reply = post(
        &w.app,
        "/staff/content/figures",
        &[("csrf", &admin.csrf), ("csv", &foreign)],
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    w.db.finish().await;
});
