//! `/report` (the 防贫申报 form), `/report/done/<receipt>` (the receipt) and `/report/status`
//! (progress by receipt code and the phone's last four digits).
//!
//! The form is a plain POST: the server validates it (`server/src/reports/`), and on a
//! problem renders this same page again with [`SubmittedForm`] in context, so every typed
//! value comes back with an error summary and a message beside each field.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::controls::report_draft::{ClearDraft, DraftKeeper};
use crate::controls::village_finder::{VillageFinder, MATCHES_ID};
use crate::error::ErrorNotice;
use crate::model::divisions::{VillageHit, VillageStep};
use crate::model::promise::{Promise, ESTIMATED_NOTE, TELLING_PROMISE};
use crate::model::report::{
    format_receipt, Field, FieldError, ReceiptView, ReportForm, Stage, StatusView, MAX_DESCRIPTION,
    REPORTERS, RISK_TYPES,
};
use crate::model::PortError;
use crate::ports::use_site;

/// What the form keeps on the phone and for how long (the privacy notice of the form and of
/// `/report/help`).
pub const ON_DEVICE: &str =
    "手机上保存什么：填写时，除身份证号和电话外的内容作为草稿存在这部手机上，\
    提交成功或 1 天后删除；没有网络时点“提交申报”，整份申报（包括身份证号和电话）先存在这部手机上，\
    有网络时自动提交，提交成功后立即删除，7 天内没能提交也会删除。这些内容只发给本网站。";

/// The cookie that carries the anti-forgery value of the report forms.
pub const CSRF_COOKIE: &str = "portal_csrf";
/// Its name when the portal is served over https: the `__Host-` prefix makes the browser
/// refuse it from anything but this host over https, so no neighbour can plant one.
pub const CSRF_COOKIE_HTTPS: &str = "__Host-portal_csrf";

/// The anti-forgery cookie's name for an installation served over https or not.
pub fn csrf_cookie_name(secure: bool) -> &'static str {
    if secure {
        CSRF_COOKIE_HTTPS
    } else {
        CSRF_COOKIE
    }
}

/// A submission shown again: what was typed, what is wrong, and a notice for the whole form
/// (an expired page, too many attempts).
#[derive(Debug, Clone, Default)]
pub struct SubmittedForm {
    pub form: ReportForm,
    pub errors: Vec<FieldError>,
    pub notice: Option<String>,
    /// Where the village picker stands (a division code; empty for the start).
    pub at: String,
}

/// A report filed by a village cadre for a household (代报), from the staff workspace: the
/// form posts to `/staff/report` with the staff session's anti-forgery token, the reporter
/// is fixed to 村干部代为申报, and no draft is kept on the cadre's device.
#[derive(Debug, Clone, Default)]
pub struct AssistedReport {
    pub csrf: String,
    /// The cadre's village, chosen in advance.
    pub village: String,
    pub staff: String,
}

/// What the form page needs from the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFormData {
    pub step: VillageStep,
    /// Fresh tokens, empty when the page shows a submission again (it keeps its own).
    pub token: String,
    pub csrf: String,
}

/// The village step and, for a fresh form, new tokens; sets the anti-forgery cookie unless
/// the browser already has one.
#[server]
pub async fn load_report_form(
    chosen: String,
    at: String,
    find: String,
) -> Result<ReportFormData, PortError> {
    use crate::error::report;
    let portal = crate::ports::use_portal().map_err(report)?;
    let step = portal
        .village_step(&chosen, &at, &find)
        .await
        .map_err(report)?;
    let response = use_context::<leptos_axum::ResponseOptions>();
    if let Some(response) = &response {
        // The form carries single-use tokens: never serve it from a shared cache, and let
        // the back button show the same form (same token) again.
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("private, no-cache"),
        );
    }
    if use_context::<SubmittedForm>().is_some() {
        return Ok(ReportFormData {
            step,
            token: String::new(),
            csrf: String::new(),
        });
    }
    let tokens = crate::ports::use_reports()
        .map_err(report)?
        .new_tokens()
        .map_err(report)?;
    let existing = use_context::<http::request::Parts>().and_then(|parts| {
        let secure = crate::ports::use_site().base_url.starts_with("https://");
        cookie_value(&parts.headers, csrf_cookie_name(secure))
    });
    let csrf = if let Some(value) = existing {
        value
    } else {
        if let Some(response) = &response {
            if let Ok(cookie) = http::HeaderValue::from_str(&csrf_cookie(
                &tokens.csrf,
                crate::ports::use_site().base_url.starts_with("https://"),
            )) {
                response.insert_header(http::header::SET_COOKIE, cookie);
            }
        }
        tokens.csrf
    };
    Ok(ReportFormData {
        step,
        token: tokens.idempotency,
        csrf,
    })
}

/// The value of a cookie in a request's headers, if it looks like one of ours.
#[cfg(feature = "ssr")]
pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
        .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `Set-Cookie` value of the anti-forgery cookie: only for the report pages, never sent
/// by another site's form. Over https it is `Secure` with the `__Host-` prefix (which needs
/// `Path=/`).
pub fn csrf_cookie(value: &str, secure: bool) -> String {
    if secure {
        format!(
            "{CSRF_COOKIE_HTTPS}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=86400; Secure"
        )
    } else {
        format!("{CSRF_COOKIE}={value}; Path=/report; HttpOnly; SameSite=Strict; Max-Age=86400")
    }
}

fn error_for(errors: &[FieldError], field: Field) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
}

/// The self-report form.
#[component]
pub fn ReportPage() -> impl IntoView {
    let submitted = use_context::<SubmittedForm>();
    let assisted = use_context::<AssistedReport>();
    let query = use_query_map().get_untracked();
    let preset = match &assisted {
        Some(assisted) => assisted.village.clone(),
        None => query.get("village").unwrap_or_default(),
    };
    // The picker's place and the finder's text: from a submission shown again, else from the
    // address (`/report?at=522302`, `/report?vq=老里旗`).
    let (chosen, at, find) = match &submitted {
        Some(state) => (
            state.form.village.clone(),
            state.at.clone(),
            state.form.find.clone(),
        ),
        None => (
            preset.clone(),
            query.get("at").unwrap_or_default(),
            query.get("vq").unwrap_or_default(),
        ),
    };
    let data = Resource::new(
        move || (chosen.clone(), at.clone(), find.clone()),
        |(chosen, at, find)| load_report_form(chosen, at, find),
    );
    let hotline = use_site().hotline;
    view! {
        <Title text="防贫申报"/>
        <Meta name="description" content="家里因病、因灾、因学等原因可能返贫时，在手机上向村里申报，拿到回执号后可查询办理进度。"/>
        <h1>{if assisted.is_some() { "代为申报（防贫申报）" } else { "防贫申报" }}</h1>
        {match &assisted {
            Some(assisted) => view! {
                <p class="lead">
                    {format!("由 {} 代不方便使用手机的农户填写。", assisted.staff)}
                    "请当面核对每一项，并向申报人说明信息的用途、取得同意；提交后把回执号告诉申报人。"
                </p>
            }
            .into_any(),
            None => view! {
                <p class="lead">
                    "家里因病、因灾、因学或收入大幅减少，生活可能出现困难时，可以在这里向村里申报。"
                    "提交后会得到一个回执号，凭它查询办理进度。"
                </p>
            }
            .into_any(),
        }}
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || {
                let submitted = submitted.clone();
                let preset = preset.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(data) => {
                            let state = submitted.unwrap_or_else(|| SubmittedForm {
                                form: ReportForm {
                                    village: preset,
                                    find: data.step.query.clone(),
                                    token: data.token.clone(),
                                    csrf: match use_context::<AssistedReport>() {
                                        Some(assisted) => assisted.csrf,
                                        None => data.csrf.clone(),
                                    },
                                    ..ReportForm::default()
                                },
                                ..SubmittedForm::default()
                            });
                            view! { <ReportFormView state step=data.step/> }.into_any()
                        }
                        // A submission shown again keeps everything typed even when the
                        // village list cannot be read right now.
                        Err(err) => match submitted {
                            Some(state) => view! {
                                <ReportFormView state step=VillageStep::default()/>
                            }
                            .into_any(),
                            None => view! { <ErrorNotice code=err.code/> }.into_any(),
                        },
                    }
                })
            }}
        </Suspense>
        <p class="aside">
            "不方便在手机上填写？请拨打热线 " <strong>{hotline}</strong> "，或直接找村干部登记。"
            "已经申报过？" <a href="/report/status">"查询办理进度"</a>
        </p>
    }
}

#[component]
fn ReportFormView(state: SubmittedForm, step: VillageStep) -> impl IntoView {
    let SubmittedForm {
        form,
        errors,
        notice,
        at: _,
    } = state;
    let summary = (!errors.is_empty()).then(|| {
        let count = errors.len();
        let items = errors
            .iter()
            .map(|e| view! { <li><a href=format!("#{}", e.field.anchor())>{e.message.clone()}</a></li> })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{rules::report::summary_title(count)}</h2>
                <ul>{items}</ul>
            </div>
        }
    });
    let notice =
        notice.map(|text| view! { <p class="notice notice-warning" role="alert">{text}</p> });
    let village_field = village_field(
        &form.village,
        step,
        error_for(&errors, Field::Village),
        use_context::<AssistedReport>().is_some(),
    );
    let risk_error = error_for(&errors, Field::Risks);
    let risk_error_class = field_class(risk_error.is_some());
    let risk_error_described = risk_error.as_ref().map(|_| "f-risks-error");
    let risks = RISK_TYPES
        .iter()
        .map(|(value, label)| {
            let id = format!("f-risks-{value}");
            let checked = form.risks.iter().any(|r| r == value);
            view! {
                <div class="choice">
                    <input type="checkbox" id=id.clone() name="risks" value=*value checked=checked/>
                    <label for=id>{*label}</label>
                </div>
            }
        })
        .collect_view();
    let reporter_error = error_for(&errors, Field::Reporter);
    let reporter_error_class = field_class(reporter_error.is_some());
    let reporter_error_described = reporter_error.as_ref().map(|_| "f-reporter-error");
    let reporters = REPORTERS
        .iter()
        .map(|(value, label)| {
            let id = format!("f-reporter-{value}");
            let checked = form.reporter == *value;
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name="reporter" value=*value checked=checked/>
                    <label for=id>{*label}</label>
                </div>
            }
        })
        .collect_view();
    let assisted = use_context::<AssistedReport>();
    let action = if assisted.is_some() {
        "/staff/report"
    } else {
        "/report"
    };
    let reporter_field = match &assisted {
        Some(_) => view! {
            <div class="field">
                <p class="label">"谁在填写？"</p>
                <p>"村干部代为申报"</p>
                <input type="hidden" name="reporter" value="cadre"/>
            </div>
        }
        .into_any(),
        None => view! {
            <fieldset class=reporter_error_class aria-describedby=reporter_error_described data-read-aloud="">
                <legend>"谁在填写？"</legend>
                <FieldMessage id="f-reporter-error" error=reporter_error/>
                <div class="choices">{reporters}</div>
            </fieldset>
        }
        .into_any(),
    };
    let draft = assisted.is_none().then(|| view! { <DraftKeeper/> });
    let consent_error = error_for(&errors, Field::Consent);
    let consent_error_class = field_class(consent_error.is_some());
    let consent_error_described = consent_error.as_ref().map(|_| "f-consent-error");
    view! {
        {summary}
        {notice}
        // The public form checks itself in the browser with the server's rules (`browser/`);
        // the staff's 代报 form, whose village is typed as a code, is checked by the server.
        <form id="report-form" class="report-form" method="post" action=action novalidate
            data-enhance=assisted.is_none().then_some("check")>
            <input type="hidden" name="token" value=form.token.clone()/>
            <input type="hidden" name="csrf" value=form.csrf.clone()/>
            // Enter in any field submits the report, not a picker button further down.
            // (It says so with `enter`: Enter in the finder finds instead, see the server.)
            <button type="submit" name="enter" value="1" class="visually-hidden" tabindex="-1" aria-hidden="true">"提交申报"</button>
            <div class="hp" aria-hidden="true">
                <label for="f-website">"网址（请不要填写）"</label>
                <input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off" value=""/>
            </div>
            {village_field}
            <TextField field=Field::Name label="户主姓名" hint=None value=form.name.clone()
                error=error_for(&errors, Field::Name) autocomplete="name" inputmode="text" kind="text"/>
            <TextField field=Field::IdNumber label="户主身份证号" hint=Some("18 位，最后一位可能是 X")
                value=form.id_number.clone() error=error_for(&errors, Field::IdNumber)
                autocomplete="off" inputmode="text" kind="text"/>
            <TextField field=Field::Phone label="联系电话（手机）" hint=Some("村里会打这个电话联系您")
                value=form.phone.clone() error=error_for(&errors, Field::Phone)
                autocomplete="tel" inputmode="tel" kind="tel"/>
            <TextField field=Field::HouseholdSize label="家庭人口" hint=Some("包括户主在内，一共几口人")
                value=form.household_size.clone() error=error_for(&errors, Field::HouseholdSize)
                autocomplete="off" inputmode="numeric" kind="text"/>
            <fieldset class=risk_error_class aria-describedby=risk_error_described data-read-aloud="">
                <legend>"家里遇到了哪些困难？（可多选）"</legend>
                // A new page, so what is typed here stays (GOV.UK's advice for help in a form).
                <p class="hint">"不清楚选哪一项？"
                    <a href="/report/help" target="_blank" rel="noopener">"看看哪些情况可以申报（在新页面打开）"</a>
                </p>
                <FieldMessage id="f-risks-error" error=risk_error/>
                <div class="choices">{risks}</div>
            </fieldset>
            <TextArea value=form.description.clone() error=error_for(&errors, Field::Description)/>
            {reporter_field}
            <fieldset class=consent_error_class aria-describedby=consent_error_described data-read-aloud="">
                <legend>"承诺和授权"</legend>
                <p class="hint">
                    "您填的信息只用于村、乡镇、县有关部门核实情况和帮扶，不会公开。"
                    "身份证号和电话加密保存。"
                </p>
                <p class="hint">{ON_DEVICE}</p>
                <p class="hint"><a href="/privacy">"个人信息怎么用：谁能看到、保存多久、怎样更正"</a></p>
                <FieldMessage id="f-consent-error" error=consent_error/>
                <div class="choice">
                    <input type="checkbox" id="f-consent" name="consent" value="yes" checked=form.consent/>
                    <label for="f-consent">"我承诺所填情况真实，同意有关部门为核实和帮扶使用这些信息"</label>
                </div>
            </fieldset>
            <button type="submit" class="submit">"提交申报"</button>
        </form>
        {draft}
    }
}

fn field_class(has_error: bool) -> &'static str {
    if has_error {
        "field field-invalid"
    } else {
        "field"
    }
}

/// The message beside a field, announced as an error.
#[component]
fn FieldMessage(#[prop(into)] id: String, error: Option<String>) -> impl IntoView {
    error.map(|message| {
        view! { <p class="field-error" id=id><span class="visually-hidden">{rules::report::ERROR_PREFIX}</span>{message}</p> }
    })
}

/// One text input with its label above, an optional hint and its error.
#[component]
fn TextField(
    field: Field,
    label: &'static str,
    hint: Option<&'static str>,
    value: String,
    error: Option<String>,
    autocomplete: &'static str,
    inputmode: &'static str,
    kind: &'static str,
) -> impl IntoView {
    let id = field.anchor();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = [
        hint.map(|_| hint_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let invalid = error.is_some().then_some("true");
    let class = field_class(error.is_some());
    let hint = hint.map(|text| view! { <p class="hint" id=hint_id.clone()>{text}</p> });
    view! {
        <div class=class data-read-aloud="">
            <label for=id.clone()>{label}</label>
            {hint}
            <FieldMessage id=error_id error/>
            <input id=id type=kind name=field.name() value=value autocomplete=autocomplete
                inputmode=inputmode aria-invalid=invalid
                aria-describedby=(!described.is_empty()).then_some(described)/>
        </div>
    }
}

#[component]
fn TextArea(value: String, error: Option<String>) -> impl IntoView {
    let invalid = error.is_some().then_some("true");
    let described = if error.is_some() {
        "f-description-hint f-description-error"
    } else {
        "f-description-hint"
    };
    let class = field_class(error.is_some());
    view! {
        <div class=class data-read-aloud="">
            <label for="f-description">"情况说明"</label>
            <p class="hint" id="f-description-hint">
                {format!("用几句话说明发生了什么、什么时候、花了多少钱或少了多少收入。最多 {MAX_DESCRIPTION} 字。")}
            </p>
            <FieldMessage id="f-description-error" error/>
            <textarea id="f-description" name="description" rows="5" aria-invalid=invalid
                aria-describedby=described>{crate::components::textarea_text(&value)}</textarea>
        </div>
    }
}

/// A button of the form that re-draws it (everything typed kept) with the picker moved or a
/// village chosen: `/report/pick?…` renders, never stores.
fn pick_button(query: String, label: AnyView, class: &'static str) -> impl IntoView {
    view! {
        <button type="submit" class=class formaction=format!("/report/pick?{query}")
            formmethod="post" formnovalidate>{label}</button>
    }
}

/// The village: the one chosen (by the poster's link, the picker or the finder), or the
/// picker 县 → 乡镇 → 村 as buttons of the form (each step a short list with counts) and the
/// finder. Works without JavaScript; with it, the finder suggests while typing.
fn village_field(
    selected: &str,
    step: VillageStep,
    error: Option<String>,
    assisted: bool,
) -> AnyView {
    if let (Some(place), None) = (&step.chosen, error.as_ref()) {
        let change = (!assisted).then(|| {
            pick_button(
                "change=1".to_string(),
                "不是这个村？重新选择".into_any(),
                "link-button",
            )
        });
        return view! {
            <div class="field">
                <p class="label" id="f-village-label">"所在村"</p>
                <p class="village-chosen" id="f-village">
                    <strong>{place.name.clone()}</strong>" （"{place.place_line()}"）"
                    <br/><span class="code">"村级区划代码 "{place.code.clone()}</span>
                </p>
                <input type="hidden" name="village" value=place.code.clone()/>
                {change}
            </div>
        }
        .into_any();
    }
    if assisted {
        // An administrator filing for a household names the village by its code.
        let class = field_class(error.is_some());
        return view! {
            <div class=class>
                <label for="f-village">"所在村（12 位村级区划代码）"</label>
                <FieldMessage id="f-village-error" error/>
                <input id="f-village" name="village" type="text" inputmode="numeric"
                    value=selected.to_string()/>
            </div>
        }
        .into_any();
    }
    let invalid_class = field_class(error.is_some());
    let trail = (!step.trail.is_empty()).then(|| {
        let up = step
            .trail
            .len()
            .checked_sub(2)
            .and_then(|at| step.trail.get(at))
            .map_or_else(|| "at=".to_string(), |d| format!("at={}", d.code));
        let names = step
            .trail
            .iter()
            .map(|d| d.name.clone())
            .collect::<Vec<_>>()
            .join(" › ");
        view! {
            <p class="picker-trail">"已选："<strong>{names}</strong>" "
                {pick_button(up, "返回上一级".into_any(), "link-button")}
            </p>
        }
    });
    let heading = match step.choices.first().map(|c| c.level) {
        Some(1) => "选择省（自治区、直辖市）",
        Some(2) => "选择市（州）",
        Some(3) => "选择县（市、区）",
        Some(4) => "选择乡镇（街道）",
        _ => "选择村（社区）",
    };
    let choices = step
        .choices
        .iter()
        .map(|c| {
            let (query, label) = if c.level == 5 {
                (format!("village={}", c.code), view! { {c.name.clone()} }.into_any())
            } else {
                let within = (!c.within.is_empty()).then(|| view! { <small>{c.within.clone()}" "</small> });
                (
                    format!("at={}", c.code),
                    view! { {within}{c.name.clone()}" "<small>{format!("{} 个村", c.villages)}</small> }
                        .into_any(),
                )
            };
            view! { <li>{pick_button(query, label, "pick")}</li> }
        })
        .collect_view();
    let matches = (!step.query.is_empty()).then(|| village_matches(&step.query, &step.found));
    view! {
        <fieldset class=invalid_class id="f-village" aria-describedby=error.as_ref().map(|_| "f-village-error")>
            <legend>"所在村"</legend>
            <FieldMessage id="f-village-error" error=error.clone()/>
            <input type="hidden" name="village" value=""/>
            <VillageFinder query=step.query.clone()/>
            <div id=MATCHES_ID>{matches}</div>
            <p class="hint">"也可以一级一级地选："</p>
            {trail}
            <p class="label">{heading}</p>
            <ul class="picker">{choices}</ul>
        </fieldset>
    }
    .into_any()
}

/// The finder's matches: each a button choosing that village.
fn village_matches(query: &str, found: &[VillageHit]) -> AnyView {
    if found.is_empty() {
        let said = if query.chars().count() < 2 {
            "请至少输入两个字或两个字母。".to_string()
        } else {
            format!("没有找到“{query}”，可以换个写法，或在下面一级一级地选。")
        };
        return view! { <p class="hint" data-status=said.clone()>{said.clone()}</p> }.into_any();
    }
    let said = format!("找到 {} 个村，点一下选择", found.len());
    let items = found
        .iter()
        .map(|hit| {
            let label =
                view! { <strong>{hit.name.clone()}</strong>" "<small>{hit.place()}</small> }
                    .into_any();
            view! { <li>{pick_button(format!("village={}", hit.code), label, "pick")}</li> }
        })
        .collect_view();
    view! {
        <div data-status=said.clone()>
            <p class="hint">{said.clone()}</p>
            <ul class="picker">{items}</ul>
        </div>
    }
    .into_any()
}

/// The finder's matches as HTML, for `/report/villages?q=` (the finder asks while typing).
pub fn village_matches_html(query: &str, found: &[VillageHit]) -> String {
    use leptos::tachys::view::RenderHtml;
    Owner::new().with(|| village_matches(query, found).to_html())
}

/// What the receipt address shows: the receipt, to the browser that submitted it (a signed,
/// short-lived cookie the server checks); the look-up form to anyone else, which tells
/// nothing about whether the code exists.
#[derive(Debug, Clone)]
pub enum ReceiptAccess {
    Shown(ReceiptView),
    Elsewhere { receipt: String },
    Throttled,
}

/// `/report/done/<code>`: drawn only by the server's handler, which decides the access.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let hotline = use_site().hotline;
    let access = use_context::<ReceiptAccess>().unwrap_or(ReceiptAccess::Elsewhere {
        receipt: String::new(),
    });
    let body = match access {
        ReceiptAccess::Shown(receipt) => view! { <Receipt receipt hotline/> }.into_any(),
        ReceiptAccess::Throttled => view! {
            <h1>"查询申报进度"</h1>
            <p class="notice notice-warning" role="alert">"打开次数太多，请过一分钟再试。"</p>
            <StatusForm typed=String::new()/>
        }
        .into_any(),
        ReceiptAccess::Elsewhere { receipt } => view! {
            <h1>"查询申报进度"</h1>
            <p class="notice">"回执只在提交申报的那部手机上、提交后不久显示。请凭回执号和申报时所填手机号的后四位查询办理进度。"</p>
            <StatusForm typed=receipt/>
        }
        .into_any(),
    };
    view! {
        <Title text="申报回执"/>
        <Meta name="robots" content="noindex"/>
        {body}
    }
}

/// The promised steps, the whole's last day and where they come from: the receipt's and
/// the status page's.
#[component]
fn PromiseList(promise: Promise) -> impl IntoView {
    let estimated_mark = |estimated: bool| estimated.then_some("（估算）");
    let steps = promise
        .steps
        .iter()
        .map(|d| {
            let when = (!d.due.is_empty()).then(|| {
                format!(
                    "：{} 前（{} 个工作日内）{}",
                    d.due,
                    d.working_days,
                    estimated_mark(d.estimated).unwrap_or_default()
                )
            });
            view! { <li><strong>{d.step.clone()}</strong>{when}</li> }
        })
        .collect_view();
    let overall = &promise.overall;
    let whole = format!(
        "{}：{} 前（提交后 {} 个工作日内）{}",
        overall.step,
        overall.due,
        overall.working_days,
        estimated_mark(overall.estimated).unwrap_or_default()
    );
    let estimated = promise
        .estimated()
        .then(|| view! { <p class="hint">{ESTIMATED_NOTE}</p> });
    view! {
        <ol class="next-steps">{steps}</ol>
        <p class="promise-whole"><strong>{whole}</strong></p>
        <p class="source-line">{promise.basis.clone()}</p>
        {estimated}
    }
}

#[component]
fn Receipt(receipt: ReceiptView, hotline: String) -> impl IntoView {
    view! {
        <div class="receipt-panel">
            <h1>"申报已提交"</h1>
            <p>"您的回执号是"</p>
            <p class="receipt-code" aria-label=format!("回执号 {}", receipt.receipt.chars().map(String::from).collect::<Vec<_>>().join(" "))>
                {format_receipt(&receipt.receipt)}
            </p>
            <p>"请抄下或拍照保存回执号，查询进度时要用。"</p>
        </div>
        <dl class="receipt-facts">
            <dt>"所在村"</dt><dd>{receipt.village_name.clone()}</dd>
            <dt>"提交日期"</dt><dd>{receipt.submitted_on.clone()}</dd>
            <dt>"户主身份证号"</dt><dd>{receipt.id_masked.clone()}</dd>
        </dl>
        <h2>"接下来会怎样"</h2>
        <PromiseList promise=receipt.promise.clone()/>
        <p>{TELLING_PROMISE} "如情况紧急，请拨打热线 " <strong>{hotline}</strong> "。"</p>
        <p><a class="button" href="/report/status">"查询办理进度"</a></p>
        <p><a href="/privacy">"您的信息谁能看到、保存多久、怎样更正"</a></p>
        <ClearDraft/>
    }
}

/// What the status form found: a case, or the same plain answer for anything else.
#[derive(Debug, Clone)]
pub enum StatusOutcome {
    Found(Box<StatusView>),
    NotFound {
        receipt: String,
    },
    Throttled {
        receipt: String,
    },
    /// Too many wrong phone tails for this receipt within an hour, from anyone.
    Locked {
        receipt: String,
    },
}

/// The status page: a form, and after a POST the outcome in context.
#[component]
pub fn StatusPage() -> impl IntoView {
    let outcome = use_context::<StatusOutcome>();
    let typed = match &outcome {
        Some(
            StatusOutcome::NotFound { receipt }
            | StatusOutcome::Throttled { receipt }
            | StatusOutcome::Locked { receipt },
        ) => receipt.clone(),
        _ => String::new(),
    };
    let result = outcome.map(|outcome| match outcome {
        StatusOutcome::Found(status) => view! { <StatusResult status=*status/> }.into_any(),
        StatusOutcome::NotFound { .. } => view! {
            <p class="notice notice-warning" role="alert">
                "没有查到：回执号或手机号后四位不对。请核对后再试，或拨打热线询问。"
            </p>
        }
        .into_any(),
        StatusOutcome::Throttled { .. } => view! {
            <p class="notice notice-warning" role="alert">"查询次数太多，请过一分钟再试。"</p>
        }
        .into_any(),
        StatusOutcome::Locked { .. } => {
            let hotline = use_site().hotline;
            view! {
                <p class="notice notice-warning" role="alert">
                    "这个回执号的手机号后四位已连续输错多次，为保护申报人的信息，一小时内暂停查询。急需了解进度请拨打热线 "
                    <strong>{hotline}</strong> "，或向村干部询问。"
                </p>
            }
            .into_any()
        }
    });
    view! {
        <Title text="查询申报进度"/>
        <Meta name="description" content="凭防贫申报回执号和手机号后四位，查询办理到了哪一步。"/>
        <h1>"查询申报进度"</h1>
        {result}
        <StatusForm typed/>
    }
}

#[component]
fn StatusResult(status: StatusView) -> impl IntoView {
    let steps = status
        .steps
        .iter()
        .map(|s| view! { <li>{s.stage.label()} "：" {s.on.clone()}</li> })
        .collect_view();
    let fast = status.fast_track.then(|| {
        view! {
            <p class="notice">"乡镇已为您启用绿色通道：先落实帮扶措施，认定程序继续办理。"</p>
        }
    });
    let included = (!status.household_type.is_empty())
        .then(|| format!("监测对象类型：{}。", status.household_type));
    let cleared = (status.stage == Stage::RiskCleared).then(|| {
        view! {
            <p class="notice">"县里已审定：返贫致贫风险已经稳定消除、大额刚性支出已经解决、收入来源稳定，不再监测帮扶。以后如果又遇到困难，可以随时再申报。"</p>
        }
    });
    let measures = (!status.measures.is_empty()).then(|| {
        let items = status
            .measures
            .iter()
            .map(|m| {
                let state = if m.done_on.is_empty() {
                    format!("{} 前落实", m.due_on)
                } else {
                    format!("{} 已落实", m.done_on)
                };
                view! {
                    <li>
                        <strong>{m.label.clone()}</strong> "：" {m.plain.clone()}
                        <br/>{format!("负责：{}；{state}。", m.unit)}
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3>"给您家的帮扶措施"</h3>
            <ul class="measures">{items}</ul>
        }
    });
    let told = if status.last_told.is_empty() {
        "村里还没有登记告诉过您。".to_string()
    } else {
        format!("村里最近一次告诉您办理情况：{}。", status.last_told)
    };
    let declined = (status.stage == Stage::Declined).then(|| {
        let reason = status.decline_reason.clone();
        view! {
            <div class="notice">
                <p>"县里审定的结果是不予纳入监测帮扶。理由：" {reason}</p>
                <p>"如果您对结果有异议，可以申请复核：请到所在乡镇（街道）便民服务中心，或请村干部代为提出，说明回执号和您认为需要重新核实的情况。乡镇受理后会重新审核，进度仍可在本页查询。"</p>
            </div>
        }
    });
    view! {
        <section class="status-result" aria-labelledby="status-heading">
            <h2 id="status-heading">{format!("回执号 {} 的办理进度", format_receipt(&status.receipt))}</h2>
            <p class="status-stage">"现在：" <strong>{status.stage.label()}</strong></p>
            {declined}
            {fast}
            {cleared}
            {included.map(|t| view! { <p>{t}</p> })}
            {measures}
            <h3>"已办理"</h3>
            <ol>{steps}</ol>
            <p>{told}</p>
            <h3>"步骤和时限"</h3>
            <PromiseList promise=status.promise.clone()/>
            <p>{TELLING_PROMISE}</p>
        </section>
    }
}

/// The status look-up form: the receipt code and the phone's last four digits.
#[component]
fn StatusForm(typed: String) -> impl IntoView {
    view! {
        <form class="report-form" method="post" action="/report/status">
            <div class="field">
                <label for="s-receipt">"回执号"</label>
                <p class="hint" id="s-receipt-hint">"8 位，例如 3467-ACDE"</p>
                <input id="s-receipt" name="receipt" type="text" autocomplete="off"
                    aria-describedby="s-receipt-hint" value=typed autocapitalize="characters"/>
            </div>
            <div class="field">
                <label for="s-phone">"申报时所填手机号的后四位"</label>
                <input id="s-phone" name="phone_tail" type="text" inputmode="numeric"
                    autocomplete="off" maxlength="4" value=""/>
            </div>
            <button type="submit">"查询"</button>
        </form>
    }
}
