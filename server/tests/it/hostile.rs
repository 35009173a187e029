//! Hostile input, as a table: every public and staff form and every query parameter, sent
//! SQL and template injection, script and attribute breakouts, right-to-left and zero-width
//! characters, NUL and other control characters, U+2028, overlong values, full-width digits,
//! spreadsheet formulas, emoji, invalid UTF-8, a JSON body to a form route, a 200 KB body,
//! repeated and missing fields. Every case, on SQLite and on PostgreSQL:
//! - no 5xx;
//! - no payload that could break out of HTML appears unescaped in the answer, nor later in
//!   any page or file that shows the value (the form, the receipt, the status, the staff
//!   queue, the case page, the CSV and the open-data CSV);
//! - a refusal says why (an alert beside the field or at the top);
//! - nothing half-stored: a report is either stored whole (303) or not at all.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::both_backends;
use crate::common::TestApp;

const HOST: &str = "xczx.example.cn";
const PASSWORD: &str = "qiaotou-2026-春天";

/// The hostile values, each with a name for the report: `server/tests/hostile_payloads.json`,
/// which the browser's agreement spec (`end2end/tests/report-rules.interactive.spec.ts`) sends
/// through the WebAssembly too. A `repeat` makes a value that many times its text.
fn payloads() -> Vec<(&'static str, String)> {
    #[derive(serde::Deserialize)]
    struct Payload {
        name: String,
        value: String,
        #[serde(default)]
        repeat: Option<usize>,
    }
    let listed: Vec<Payload> =
        serde_json::from_str(include_str!("../hostile_payloads.json")).unwrap();
    listed
        .into_iter()
        .map(|p| {
            let value = p.value.repeat(p.repeat.unwrap_or(1));
            (&*p.name.leak(), value)
        })
        .collect()
}

/// Whether `needle` occurs inside a tag of `html` (after a `<` that no `>` closed) and
/// outside any quoted attribute value of that tag: where it would be markup.
fn inside_tag(html: &str, needle: &str) -> bool {
    html.match_indices(needle).any(|(at, _)| {
        let before = &html[..at];
        let open = match (before.rfind('<'), before.rfind('>')) {
            (Some(open), Some(close)) if open > close => open,
            (Some(open), None) => open,
            _ => return false,
        };
        before[open..].matches('"').count().is_multiple_of(2)
    })
}

struct Answer {
    status: StatusCode,
    location: String,
    content_type: String,
    set_cookie: String,
    body: String,
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("the router answers");
    let status = response.status();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &axum::http::HeaderValue| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let location = header(header::LOCATION);
    let content_type = header(header::CONTENT_TYPE);
    let set_cookie = header(header::SET_COOKIE);
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    Answer {
        status,
        location,
        content_type,
        set_cookie,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

async fn post_raw(
    app: &Router,
    uri: &str,
    content_type: &str,
    body: Vec<u8>,
    cookie: &str,
) -> Answer {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, content_type)
        // As browsers send it: the router may refuse a body by its length alone.
        .header(header::CONTENT_LENGTH, body.len());
    if !cookie.is_empty() {
        request = request.header(header::COOKIE, cookie);
    }
    send(app, request.body(Body::from(body)).expect("request")).await
}

async fn get(app: &Router, uri: &str, cookie: &str) -> Answer {
    let mut request = Request::get(uri).header(header::HOST, HOST);
    if !cookie.is_empty() {
        request = request.header(header::COOKIE, cookie);
    }
    send(app, request.body(Body::empty()).expect("request")).await
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let Some(at) = html.find(&marker) else {
        return String::new();
    };
    html[at + marker.len()..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The tally of the suite, printed at the end.
#[derive(Default)]
struct Tally {
    cases: usize,
    server_errors: Vec<String>,
    unescaped: Vec<String>,
    silent_refusals: Vec<String>,
    half_stored: Vec<String>,
}

impl Tally {
    /// Checks one answer; `shown` is the value as the page may display it.
    fn check(&mut self, case: &str, answer: &Answer, shown: &str) {
        self.cases += 1;
        if answer.status.is_server_error() && answer.status != StatusCode::SERVICE_UNAVAILABLE {
            self.server_errors
                .push(format!("{case}: {}", answer.status));
        }
        if answer.status == StatusCode::SERVICE_UNAVAILABLE {
            self.server_errors
                .push(format!("{case}: 503 with a live database"));
        }
        if answer.content_type.starts_with("text/html") {
            self.check_escaped(case, &answer.body, shown);
        }
        let refused = answer.status.is_client_error()
            || (answer.status == StatusCode::OK && answer.body.contains("需要修改"));
        let html = answer.content_type.starts_with("text/html");
        let says_why =
            answer.body.contains(r#"role="alert""#) || answer.body.contains(r#"role="status""#);
        if refused && html && !says_why {
            self.silent_refusals
                .push(format!("{case}: {} without a reason", answer.status));
        }
    }

    /// A payload with `<` must never appear as written (it would open a tag); one that
    /// breaks out of a quoted attribute must never leave an event handler inside a tag.
    /// (A `"` in text is harmless and is not escaped there.)
    fn check_escaped(&mut self, case: &str, body: &str, shown: &str) {
        let opens_tag = shown.contains('<') && shown.len() > 3 && body.contains(shown);
        let handler = ["onfocus=\"alert(1)", "onerror=alert(1)"]
            .into_iter()
            .any(|needle| inside_tag(body, needle));
        if opens_tag || handler {
            let at = body.find(shown).unwrap_or(0);
            let context: String = body[at.saturating_sub(120)..].chars().take(240).collect();
            self.unescaped.push(format!("{case}: …{context}…"));
        }
    }

    fn assert_clean(&self) {
        println!(
            "hostile input: {} cases, {} 5xx, {} unescaped, {} refusals without a reason, {} half-stored",
            self.cases,
            self.server_errors.len(),
            self.unescaped.len(),
            self.silent_refusals.len(),
            self.half_stored.len()
        );
        assert!(self.cases >= 80, "at least 80 cases, ran {}", self.cases);
        assert!(self.server_errors.is_empty(), "{:#?}", self.server_errors);
        assert!(self.unescaped.is_empty(), "{:#?}", self.unescaped);
        assert!(
            self.silent_refusals.is_empty(),
            "{:#?}",
            self.silent_refusals
        );
        assert!(self.half_stored.is_empty(), "{:#?}", self.half_stored);
    }
}

/// A report form's fields, valid, with `field` replaced by `value`.
fn report_fields(
    tokens: &(String, String),
    field: &str,
    value: &str,
    n: usize,
) -> Vec<(String, String)> {
    let first17 = format!("52010119800101{:03}", n % 1000);
    let id = format!(
        "{first17}{}",
        app::model::report::id_check_char(first17.as_bytes())
    );
    let mut fields: Vec<(String, String)> = vec![
        ("token".into(), tokens.0.clone()),
        ("csrf".into(), tokens.1.clone()),
        ("village".into(), "qxn-p-01".into()),
        ("name".into(), "王大山".into()),
        ("id_number".into(), id),
        ("phone".into(), "13812345678".into()),
        ("household_size".into(), "4".into()),
        ("risks".into(), "illness".into()),
        ("description".into(), format!("老人住院，第 {n} 份")),
        ("reporter".into(), "self".into()),
        ("consent".into(), "yes".into()),
        ("website".into(), String::new()),
    ];
    for (k, v) in &mut fields {
        if k == field {
            *v = value.to_string();
        }
    }
    fields
}

/// A fresh form: its token and the anti-forgery cookie's value.
async fn open_form(app: &Router) -> ((String, String), String) {
    let response = app
        .clone()
        .oneshot(
            Request::get("/report?village=qxn-p-01")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("form");
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let html = String::from_utf8_lossy(&bytes);
    ((hidden(&html, "token"), hidden(&html, "csrf")), cookie)
}

/// Signs in; the cookie and the anti-forgery token.
async fn sign_in(app: &Router, username: &str) -> (String, String) {
    let response =
        crate::staff::login(app, &[("username", username), ("password", PASSWORD)]).await;
    assert_eq!(
        response.status,
        StatusCode::SEE_OTHER,
        "{username} signs in"
    );
    let cookie = response.headers[header::SET_COOKIE]
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string();
    let page = get(app, "/staff/cases", &cookie).await;
    (cookie.clone(), hidden(&page.body, "csrf"))
}

async fn hostile_world() -> TestApp {
    let t = TestApp::builder()
        .setting("PORTAL_SUBMITS_PER_MINUTE", "100000")
        .setting("PORTAL_STATUS_PER_MINUTE", "100000")
        .build()
        .await;
    for (name, role, area) in [
        ("v-in", app::model::staff::Role::Village, "522302109207"),
        ("c-in", app::model::staff::Role::County, "522302"),
        ("admin", app::model::staff::Role::Admin, ""),
    ] {
        let user = app::model::staff::StaffUser {
            username: name.into(),
            role,
            area: area.into(),
            area_name: String::new(),
        };
        t.state
            .staff
            .create_staff(&user, PASSWORD)
            .await
            .expect("account");
    }
    t
}

both_backends!(hostile_input_never_breaks_leaks_or_half_stores, {
    let t = hostile_world().await;
    let app = &t.app;
    let mut tally = Tally::default();
    let mut stored_receipts: Vec<(String, String)> = Vec::new();
    let mut n = 0;

    // 1. The self-report form: every field, every payload.
    let fields = [
        "village",
        "name",
        "id_number",
        "phone",
        "household_size",
        "risks",
        "description",
        "reporter",
        "token",
    ];
    for field in fields {
        for (label, payload) in payloads() {
            n += 1;
            let case = format!("POST /report {field}={label}");
            let (tokens, cookie) = open_form(app).await;
            let before = t.db.store.count_reports().await.expect("count");
            let pairs = report_fields(&tokens, field, &payload, n);
            let body = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&pairs)
                .finish();
            let answer = post_raw(
                app,
                "/report",
                "application/x-www-form-urlencoded",
                body.into_bytes(),
                &cookie,
            )
            .await;
            tally.check(&case, &answer, &payload);
            let after = t.db.store.count_reports().await.expect("count");
            match answer.status {
                StatusCode::SEE_OTHER => {
                    if after != before + 1 && !answer.location.starts_with("/report/done/") {
                        tally
                            .half_stored
                            .push(format!("{case}: 303 but {before} → {after}"));
                    }
                    stored_receipts.push((
                        answer
                            .location
                            .trim_start_matches("/report/done/")
                            .to_string(),
                        payload.clone(),
                    ));
                }
                _ => {
                    if after != before {
                        tally
                            .half_stored
                            .push(format!("{case}: refused but stored"));
                    }
                }
            }
        }
    }

    // 2. Full-width digits in the ID number, the phone and the household size: accepted,
    //    stored normalised.
    {
        let (tokens, cookie) = open_form(app).await;
        let mut pairs = report_fields(&tokens, "phone", "１３８１２３４５６７８", 9001);
        for (k, v) in &mut pairs {
            if k == "id_number" {
                *v = v
                    .chars()
                    .map(|c| {
                        char::from_u32(c as u32 + 0xFEE0)
                            .filter(|_| c.is_ascii_digit())
                            .unwrap_or(c)
                    })
                    .collect();
            }
            if k == "household_size" {
                *v = "４".into();
            }
        }
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        let answer = post_raw(
            app,
            "/report",
            "application/x-www-form-urlencoded",
            body.into_bytes(),
            &cookie,
        )
        .await;
        tally.check("POST /report full-width digits", &answer, "");
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "full-width digits are accepted: {}",
            answer.body
        );
        let code = answer.location.trim_start_matches("/report/done/");
        let status = post_raw(
            app,
            "/report/status",
            "application/x-www-form-urlencoded",
            form(&[("receipt", code), ("phone_tail", "5678")]).into_bytes(),
            "",
        )
        .await;
        assert!(
            status.body.contains("已提交"),
            "the phone was stored as digits"
        );
    }

    // 3. Bodies no page sends: invalid UTF-8, JSON, 200 KB, repeated and missing fields.
    let (tokens, cookie) = open_form(app).await;
    let valid: Vec<(String, String)> = report_fields(&tokens, "", "", 9002);
    let valid_body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&valid)
        .finish();
    let odd_bodies: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "invalid utf-8",
            "application/x-www-form-urlencoded",
            format!("{valid_body}&name=%FF%FE%E7%8E")
                .replace("name=%E7%8E%8B%E5%A4%A7%E5%B1%B1", "name=%FF%FE")
                .into_bytes(),
        ),
        (
            "raw invalid utf-8",
            "application/x-www-form-urlencoded",
            [
                b"name=".as_slice(),
                &[0xff, 0xfe, 0x00],
                b"&village=qxn-p-01",
            ]
            .concat(),
        ),
        (
            "json body",
            "application/json",
            br#"{"name":"<script>alert(1)</script>","village":"qxn-p-01"}"#.to_vec(),
        ),
        (
            "200 KB body",
            "application/x-www-form-urlencoded",
            format!("{valid_body}&description={}", "a".repeat(200 * 1024)).into_bytes(),
        ),
        (
            "repeated fields",
            "application/x-www-form-urlencoded",
            format!("{valid_body}&name=%3Cscript%3E&village=qxn-p-02&consent=").into_bytes(),
        ),
        (
            "missing fields",
            "application/x-www-form-urlencoded",
            format!("token={}&csrf={}", tokens.0, tokens.1).into_bytes(),
        ),
        (
            "empty body",
            "application/x-www-form-urlencoded",
            Vec::new(),
        ),
    ];
    for (label, content_type, body) in odd_bodies {
        let before = t.db.store.count_reports().await.expect("count");
        let answer = post_raw(app, "/report", content_type, body, &cookie).await;
        let case = format!("POST /report {label}");
        tally.check(&case, &answer, "<script>alert(1)</script>");
        let after = t.db.store.count_reports().await.expect("count");
        if answer.status != StatusCode::SEE_OTHER && after != before {
            tally
                .half_stored
                .push(format!("{case}: refused but stored"));
        }
    }

    // 4. The status look-up, the text-size form.
    for (label, payload) in payloads() {
        for field in ["receipt", "phone_tail"] {
            let body = form(&[
                (
                    "receipt",
                    if field == "receipt" {
                        &payload
                    } else {
                        "3467ACDE"
                    },
                ),
                (
                    "phone_tail",
                    if field == "phone_tail" {
                        &payload
                    } else {
                        "5678"
                    },
                ),
            ]);
            let answer = post_raw(
                app,
                "/report/status",
                "application/x-www-form-urlencoded",
                body.into_bytes(),
                "",
            )
            .await;
            tally.check(
                &format!("POST /report/status {field}={label}"),
                &answer,
                &payload,
            );
        }
        let answer = post_raw(
            app,
            "/settings/text-size",
            "application/x-www-form-urlencoded",
            form(&[("size", &payload), ("back", &payload)]).into_bytes(),
            "",
        )
        .await;
        tally.check(
            &format!("POST /settings/text-size {label}"),
            &answer,
            &payload,
        );
        if answer.status == StatusCode::SEE_OTHER
            && (answer.location.contains("//") || answer.location.contains("javascript"))
        {
            tally.unescaped.push(format!(
                "text-size {label}: redirect to {}",
                answer.location
            ));
        }
    }

    // 5. Every query parameter of every public page and API.
    let queries = [
        "/pilots?q=",
        "/pilots?level=",
        "/pilots?county=",
        "/pilots?kind=",
        "/pilots?sort=",
        "/pilots?page=",
        "/data?region=",
        "/data?category=",
        "/data?kind=",
        "/data?industry=",
        "/ask?q=",
        "/ask/results?q=",
        "/industries/mushrooms?metric=",
        "/industries/mushrooms?from=",
        "/industries/mushrooms?show=",
        "/report?village=",
        "/staff/login?next=",
        "/api/v1/pilots?q=",
        "/api/v1/pilots.csv?county=",
        "/api/v1/indicators?region=",
        "/api/v1/indicators.csv?kind=",
        "/api/v1/search?q=",
    ];
    for prefix in queries {
        for (label, payload) in payloads()
            .into_iter()
            .filter(|(l, _)| !matches!(*l, "overlong"))
        {
            let escaped: String = form_urlencoded::byte_serialize(payload.as_bytes()).collect();
            let answer = get(app, &format!("{prefix}{escaped}"), "").await;
            let shown = if answer.content_type.starts_with("application/json") {
                String::new()
            } else {
                payload.clone()
            };
            tally.check(&format!("GET {prefix}{label}"), &answer, &shown);
        }
    }
    // Path segments too.
    for (label, payload) in payloads() {
        // A URI holds at most 64 KB: an overlong segment is a thousand characters here.
        let payload: String = payload.chars().take(1000).collect();
        let escaped: String = form_urlencoded::byte_serialize(payload.as_bytes())
            .collect::<String>()
            .replace('+', "%20");
        for prefix in [
            "/pilots/",
            "/policies/",
            "/industries/",
            "/interpretations/",
            "/report/done/",
        ] {
            let answer = get(app, &format!("{prefix}{escaped}"), "").await;
            tally.check(&format!("GET {prefix}{label}"), &answer, &payload);
        }
    }

    // 6. Staff forms, signed in.
    let (admin_cookie, admin_csrf) = sign_in(app, "admin").await;
    let (county_cookie, county_csrf) = sign_in(app, "c-in").await;
    let (village_cookie, village_csrf) = sign_in(app, "v-in").await;
    assert!(
        stored_receipts.len() >= 5,
        "some hostile reports were stored whole"
    );
    for (i, (label, payload)) in payloads().into_iter().enumerate() {
        // A case note: a case is accepted, then the visit recorded with the payload as its
        // result (shown on the case page below).
        let receipt = stored_receipts[i % stored_receipts.len()].0.clone();
        post_raw(
            app,
            &format!("/staff/cases/{receipt}"),
            "application/x-www-form-urlencoded",
            form(&[("csrf", &admin_csrf), ("action", "accept")]).into_bytes(),
            &admin_cookie,
        )
        .await;
        let answer = post_raw(
            app,
            &format!("/staff/cases/{receipt}"),
            "application/x-www-form-urlencoded",
            form(&[
                ("csrf", &admin_csrf),
                ("action", "visit"),
                ("note", &payload),
            ])
            .into_bytes(),
            &admin_cookie,
        )
        .await;
        tally.check(&format!("POST case note {label}"), &answer, &payload);
        let answer = post_raw(
            app,
            &format!("/staff/cases/{receipt}"),
            "application/x-www-form-urlencoded",
            form(&[("csrf", &admin_csrf), ("action", &payload), ("note", "x")]).into_bytes(),
            &admin_cookie,
        )
        .await;
        tally.check(&format!("POST case action={label}"), &answer, &payload);
        // A Q&A edit.
        let answer = post_raw(
            app,
            "/staff/content/qa/qa-001",
            "application/x-www-form-urlencoded",
            form(&[
                ("csrf", &county_csrf),
                ("question", &payload),
                ("answer", &payload),
                ("quote", &payload),
                ("document_id", &payload),
                ("source_section", &payload),
                ("reason", &payload),
            ])
            .into_bytes(),
            &county_cookie,
        )
        .await;
        tally.check(&format!("POST qa edit {label}"), &answer, &payload);
        // Figures: pasted CSV and one figure.
        let csv = format!("id,indicator,region,value,unit,qualifier,year,kind,quote,document_id,source_section,category,related_industry,notes\nh-1,\"{0}\",黔西南州,1,个,,2024,actual,\"{0}\",policy-002,前言,,,", payload.replace('"', "\"\""));
        let answer = post_raw(
            app,
            "/staff/content/figures",
            "application/x-www-form-urlencoded",
            form(&[("csrf", &county_csrf), ("via", "paste"), ("csv", &csv)]).into_bytes(),
            &county_cookie,
        )
        .await;
        tally.check(&format!("POST figures paste {label}"), &answer, &payload);
        let answer = post_raw(
            app,
            "/staff/content/figures",
            "application/x-www-form-urlencoded",
            form(&[
                ("csrf", &county_csrf),
                ("via", "one"),
                ("id", &payload),
                ("indicator", &payload),
                ("value", &payload),
                ("document_id", "policy-002"),
                ("year", &payload),
                ("kind", &payload),
            ])
            .into_bytes(),
            &county_cookie,
        )
        .await;
        tally.check(&format!("POST one figure {label}"), &answer, &payload);
        // An interpretation and a progress note.
        let answer = post_raw(
            app,
            "/staff/content/interpretations/new",
            "application/x-www-form-urlencoded",
            form(&[
                ("csrf", &county_csrf),
                ("title", &payload),
                ("body", &payload),
                ("document_id", "policy-002"),
                ("source_section", &payload),
                ("summary", &payload),
            ])
            .into_bytes(),
            &county_cookie,
        )
        .await;
        tally.check(&format!("POST interpretation {label}"), &answer, &payload);
        let answer = post_raw(
            app,
            "/staff/content/pilots/qxn-p-01",
            "application/x-www-form-urlencoded",
            form(&[
                ("csrf", &county_csrf),
                ("title", &payload),
                ("body", &payload),
                ("happened_on", &payload),
                ("source", &payload),
            ])
            .into_bytes(),
            &county_cookie,
        )
        .await;
        tally.check(&format!("POST progress note {label}"), &answer, &payload);
        // Accounts, password, sign-in, 代报.
        let answer = post_raw(
            app,
            "/staff/accounts",
            "application/x-www-form-urlencoded",
            form(&[
                ("csrf", &admin_csrf),
                ("username", &payload),
                ("role", &payload),
                ("area", &payload),
                ("password", &payload),
                ("again", &payload),
            ])
            .into_bytes(),
            &admin_cookie,
        )
        .await;
        tally.check(&format!("POST account {label}"), &answer, &payload);
        let answer = post_raw(
            app,
            "/staff/password",
            "application/x-www-form-urlencoded",
            form(&[
                ("csrf", &village_csrf),
                ("current", &payload),
                ("new", &payload),
                ("again", &payload),
            ])
            .into_bytes(),
            &village_cookie,
        )
        .await;
        tally.check(&format!("POST password {label}"), &answer, &payload);
        let login_page = get(app, "/staff/login", "").await;
        let login_cookie = login_page
            .set_cookie
            .split(';')
            .next()
            .unwrap_or_default()
            .to_string();
        let answer = post_raw(
            app,
            "/staff/login",
            "application/x-www-form-urlencoded",
            form(&[
                ("csrf", &hidden(&login_page.body, "csrf")),
                ("username", &payload),
                ("password", &payload),
                ("next", &payload),
            ])
            .into_bytes(),
            &login_cookie,
        )
        .await;
        tally.check(&format!("POST login {label}"), &answer, &payload);
        let (tokens, _) = open_form(app).await;
        let mut pairs = report_fields(&tokens, "description", &payload, n + 500);
        for (k, v) in &mut pairs {
            if k == "csrf" {
                *v = village_csrf.clone();
            }
        }
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        let answer = post_raw(
            app,
            "/staff/report",
            "application/x-www-form-urlencoded",
            body.into_bytes(),
            &village_cookie,
        )
        .await;
        tally.check(&format!("POST 代报 {label}"), &answer, &payload);
        // Queue filters.
        let short: String = payload.chars().take(1000).collect();
        let escaped: String = form_urlencoded::byte_serialize(short.as_bytes()).collect();
        let answer = get(
            app,
            &format!("/staff/cases?stage={escaped}&village={escaped}&risk={escaped}"),
            &admin_cookie,
        )
        .await;
        tally.check(&format!("GET queue filters {label}"), &answer, &payload);
        let answer = post_raw(
            app,
            "/staff/cases.csv",
            "application/x-www-form-urlencoded",
            form(&[("csrf", &admin_csrf), ("stage", &payload)]).into_bytes(),
            &admin_cookie,
        )
        .await;
        tally.check(&format!("POST export filter {label}"), &answer, "");
        // A forged token never echoes what was posted.
        let answer = post_raw(
            app,
            "/staff/content/qa/qa-001",
            "application/x-www-form-urlencoded",
            form(&[("csrf", "forged"), ("question", &payload)]).into_bytes(),
            &county_cookie,
        )
        .await;
        tally.check(&format!("POST forged qa {label}"), &answer, &payload);
        if answer.status != StatusCode::FORBIDDEN
            || (payload.len() > 3 && answer.body.contains(payload.as_str()))
        {
            tally
                .unescaped
                .push(format!("forged qa {label}: {} echoes", answer.status));
        }
    }

    // 7. Where stored values are shown later: the status page, the staff queue, every case
    //    page, the staff CSV and the open-data CSV.
    let queue = get(app, "/staff/cases", &admin_cookie).await;
    tally.check(
        "GET queue with hostile reports",
        &queue,
        "<script>alert(1)</script>",
    );
    for (code, payload) in &stored_receipts {
        let page = get(app, &format!("/staff/cases/{code}"), &admin_cookie).await;
        tally.check(&format!("GET case page of {code}"), &page, payload);
        for shown in [
            "<script>alert(1)</script>",
            "<img src=x onerror",
            "</textarea><script>",
        ] {
            tally.check_escaped(&format!("case page {code}"), &page.body, shown);
        }
        let status = post_raw(
            app,
            "/report/status",
            "application/x-www-form-urlencoded",
            form(&[("receipt", code), ("phone_tail", "5678")]).into_bytes(),
            "",
        )
        .await;
        tally.check(&format!("status of {code}"), &status, payload);
    }
    let csv = post_raw(
        app,
        "/staff/cases.csv",
        "application/x-www-form-urlencoded",
        form(&[("csrf", &admin_csrf)]).into_bytes(),
        &admin_cookie,
    )
    .await;
    tally.check("staff CSV", &csv, "");
    let open_data = get(app, "/api/v1/indicators.csv", "").await;
    tally.check("open-data CSV", &open_data, "");
    for file in [&csv.body, &open_data.body] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(file.trim_start_matches('\u{feff}').as_bytes());
        for record in reader.records() {
            let record = record.expect("well-formed CSV");
            for cell in &record {
                let first = cell.chars().next();
                if matches!(first, Some('=' | '+' | '@'))
                    || (first == Some('-') && cell.parse::<f64>().is_err())
                {
                    tally
                        .unescaped
                        .push(format!("CSV cell {cell:?} would run as a formula"));
                }
            }
        }
    }

    tally.assert_clean();
    t.db.finish().await;
});
