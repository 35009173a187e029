//! What administrators keep true about the portal's promises: `/staff/rules`, each county's
//! steps and time limits with the rule they come from, and `/staff/calendar`, the
//! working-day calendar, to which next year's State Council notice is added. Both audited.

use app::model::promise::{
    CalendarView, CountyRule, HotlineForm, RuleForm, RulesView, RULE_STAGES,
};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use super::http::{page, Posted, SignedIn, LONG_FORM_BYTES};
use super::{now, Session, StaffDesk, StaffError};
use crate::calendar::read_holidays;
use crate::reports::today_in_china;
use crate::state::AppState;

fn admin_only(session: &Session) -> Result<(), StaffError> {
    if session.user.role == app::model::workflow::Role::Admin {
        Ok(())
    } else {
        Err(StaffError::Refused(
            "只有管理员可以设置办理时限和节假日。".into(),
        ))
    }
}

impl StaffDesk {
    /// Whether `code` is a county of the loaded divisions; if not, the problem for `field`.
    async fn known_county(
        &self,
        code: &str,
        field: &str,
    ) -> Result<Result<(), Vec<(String, String)>>, StaffError> {
        Ok(match self.store.division(code).await? {
            Some((_, level)) if level == crate::divisions::COUNTY => Ok(()),
            _ => Err(vec![(
                field.to_string(),
                format!("“{code}”不是已知的县（市、区）区划代码。"),
            )]),
        })
    }

    /// Every county's rule and the form for `county` (its rule, or the practice's steps).
    pub async fn rules_view(
        &self,
        session: &Session,
        county: &str,
    ) -> Result<RulesView, StaffError> {
        admin_only(session)?;
        let rules = self.store.county_rules().await?;
        let county: String = county.trim().chars().take(6).collect();
        let form = match rules.iter().find(|r| r.county == county) {
            Some(rule) => RuleForm::of(rule),
            None => RuleForm {
                county,
                ..RuleForm::of(&CountyRule::practice("", ""))
            },
        };
        Ok(RulesView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            rules,
            hotlines: self.store.county_hotlines().await?,
            hotline_form: HotlineForm::default(),
            form,
            problems: Vec::new(),
            done: String::new(),
        })
    }

    /// Records a county's rule after checking every field and the county.
    pub async fn save_rule(
        &self,
        session: &Session,
        form: RuleForm,
    ) -> Result<RulesView, StaffError> {
        let mut view = self.rules_view(session, "").await?;
        let checked = match form.check() {
            Ok(rule) => self
                .known_county(&rule.county, "county")
                .await?
                .map(|()| rule),
            Err(problems) => Err(problems),
        };
        let rule = match checked {
            Ok(rule) => rule,
            Err(problems) => {
                view.problems = problems;
                view.form = form;
                return Ok(view);
            }
        };
        self.store
            .save_county_rule(&rule, &session.user.username, now())
            .await?;
        self.audit(
            &session.user,
            "rule",
            "",
            "",
            "",
            &format!(
                "设定 {} 的办理时限：{}；{}；共 {} 个工作日",
                rule.county,
                rule.rule_name,
                rule.steps_in_words(),
                rule.total_days
            ),
        )
        .await?;
        view.rules = self.store.county_rules().await?;
        view.done = format!(
            "已保存 {} 的办理时限，新的回执和查询页即按此显示。",
            rule.county
        );
        Ok(view)
    }

    /// Records a county's own hotline after checking it and the county.
    pub async fn save_hotline(
        &self,
        session: &Session,
        form: HotlineForm,
    ) -> Result<RulesView, StaffError> {
        let mut view = self.rules_view(session, "").await?;
        let checked = match form.check() {
            Ok(hotline) => self
                .known_county(&hotline.county, "hotline_county")
                .await?
                .map(|()| hotline),
            Err(problems) => Err(problems),
        };
        let hotline = match checked {
            Ok(hotline) => hotline,
            Err(problems) => {
                view.problems = problems;
                view.hotline_form = form;
                return Ok(view);
            }
        };
        self.store
            .save_county_hotline(&hotline, &session.user.username, now())
            .await?;
        self.audit(
            &session.user,
            "hotline",
            "",
            "",
            "",
            &format!(
                "设定 {} 的咨询热线：{}（来源：{}）",
                hotline.county, hotline.number, hotline.source
            ),
        )
        .await?;
        view.hotlines = self.store.county_hotlines().await?;
        view.done = format!(
            "已保存 {} 的咨询热线 {}，本县的村页面、海报和政策问答即按此显示。",
            hotline.county, hotline.number
        );
        Ok(view)
    }

    /// Removes a county's own hotline: its pages show the portal's again.
    pub async fn remove_hotline(
        &self,
        session: &Session,
        county: &str,
    ) -> Result<RulesView, StaffError> {
        let mut view = self.rules_view(session, "").await?;
        if !self.store.delete_county_hotline(county).await? {
            return Err(StaffError::NotFound("这个县没有录入咨询热线。"));
        }
        self.audit(
            &session.user,
            "hotline",
            "",
            "",
            "",
            &format!("删除 {county} 的咨询热线，恢复显示全站热线"),
        )
        .await?;
        view.hotlines = self.store.county_hotlines().await?;
        view.done = format!("已删除 {county} 的咨询热线，恢复显示全站热线。");
        Ok(view)
    }

    /// Removes a county's rule: its cases are shown the practice again.
    pub async fn remove_rule(
        &self,
        session: &Session,
        county: &str,
    ) -> Result<RulesView, StaffError> {
        let mut view = self.rules_view(session, "").await?;
        if !self.store.delete_county_rule(county).await? {
            return Err(StaffError::NotFound("这个县没有设定办理时限。"));
        }
        self.audit(
            &session.user,
            "rule",
            "",
            "",
            "",
            &format!("删除 {county} 的办理时限，恢复按各地做法显示"),
        )
        .await?;
        view.rules = self.store.county_rules().await?;
        view.done =
            format!("已删除 {county} 的办理时限，恢复按各地做法（原则上 20 个工作日）显示。");
        Ok(view)
    }

    /// The calendar's years and whether next year's notice is missing.
    pub async fn calendar_view(&self, session: &Session) -> Result<CalendarView, StaffError> {
        admin_only(session)?;
        let calendar = self.store.work_calendar().await?;
        Ok(CalendarView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            years: self.store.holiday_years().await?,
            missing_year: calendar.missing_year(today_in_china()),
            pasted: String::new(),
            problems: Vec::new(),
            done: String::new(),
        })
    }

    /// Imports a pasted holiday table (the CSV layout of `server import-holidays`): checked
    /// whole, then the years it names replaced in one transaction.
    pub async fn import_calendar(
        &self,
        session: &Session,
        pasted: &str,
    ) -> Result<CalendarView, StaffError> {
        let mut view = self.calendar_view(session).await?;
        let rows = match read_holidays(pasted.trim().as_bytes()) {
            Ok(rows) => rows,
            Err(problems) => {
                view.problems = problems.iter().map(ToString::to_string).collect();
                view.pasted = pasted.to_string();
                return Ok(view);
            }
        };
        self.store.import_holidays(&rows, now()).await?;
        let years: std::collections::BTreeSet<i32> = rows
            .iter()
            .map(|r| chrono::Datelike::year(&r.date))
            .collect();
        let years: Vec<String> = years.iter().map(ToString::to_string).collect();
        let said = format!(
            "已导入 {} 年的节假日安排，共 {} 天。",
            years.join("、"),
            rows.len()
        );
        self.audit(&session.user, "calendar", "", "", "", &said)
            .await?;
        let mut fresh = self.calendar_view(session).await?;
        fresh.done = said;
        Ok(fresh)
    }
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/rules", get(rules_page).post(save_rule))
        .route("/staff/rules/delete", post(delete_rule))
        .route("/staff/rules/hotline", post(save_hotline))
        .route("/staff/rules/hotline/delete", post(delete_hotline))
        .route("/staff/calendar", get(calendar_page).post(import_calendar))
}

fn status_of(problems: bool) -> StatusCode {
    if problems {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

/// `GET /staff/rules[?county=522301]`.
async fn rules_page(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Result<Response, StaffError> {
    let county = crate::web::query_value(uri.query(), "county");
    let view = state.staff.rules_view(&session, &county).await?;
    Ok(page(&state, "/staff/rules", &headers, StatusCode::OK, view).await)
}

/// `POST /staff/rules`: a county's rule.
async fn save_rule(
    State(state): State<AppState>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let form = RuleForm {
        county: fields.get("county").to_string(),
        rule_name: fields.get("rule_name").to_string(),
        total_days: fields.get("total_days").to_string(),
        names: (0..RULE_STAGES.len())
            .map(|i| fields.get(&format!("name{i}")).to_string())
            .collect(),
        days: (0..RULE_STAGES.len())
            .map(|i| fields.get(&format!("days{i}")).to_string())
            .collect(),
    };
    let view = state.staff.save_rule(&session, form).await?;
    let status = status_of(!view.problems.is_empty());
    Ok(page(&state, "/staff/rules", &headers, status, view).await)
}

/// `POST /staff/rules/delete`: `county`'s rule removed.
async fn delete_rule(
    State(state): State<AppState>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let view = state
        .staff
        .remove_rule(&session, fields.get("county").trim())
        .await?;
    Ok(page(&state, "/staff/rules", &headers, StatusCode::OK, view).await)
}

/// `POST /staff/rules/hotline`: a county's own hotline.
async fn save_hotline(
    State(state): State<AppState>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let form = HotlineForm {
        county: fields.get("hotline_county").to_string(),
        number: fields.get("number").to_string(),
        source: fields.get("hotline_source").to_string(),
    };
    let view = state.staff.save_hotline(&session, form).await?;
    let status = status_of(!view.problems.is_empty());
    Ok(page(&state, "/staff/rules", &headers, status, view).await)
}

/// `POST /staff/rules/hotline/delete`: `county`'s own hotline removed.
async fn delete_hotline(
    State(state): State<AppState>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let view = state
        .staff
        .remove_hotline(&session, fields.get("county").trim())
        .await?;
    Ok(page(&state, "/staff/rules", &headers, StatusCode::OK, view).await)
}

/// `GET /staff/calendar`.
async fn calendar_page(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Result<Response, StaffError> {
    let view = state.staff.calendar_view(&session).await?;
    Ok(page(&state, "/staff/calendar", &headers, StatusCode::OK, view).await)
}

/// `POST /staff/calendar`: a pasted holiday table.
async fn import_calendar(
    State(state): State<AppState>,
    Posted {
        session,
        fields,
        headers,
    }: Posted<LONG_FORM_BYTES>,
) -> Result<Response, StaffError> {
    let view = state
        .staff
        .import_calendar(&session, fields.get("table"))
        .await?;
    let status = status_of(!view.problems.is_empty());
    Ok(page(&state, "/staff/calendar", &headers, status, view).await)
}
