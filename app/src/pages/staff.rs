//! The staff workspace: sign-in, the case queue, a case, and the password page. The server's
//! own handlers (`server::staff::routes`) check the session, load what the page shows and
//! hand it over as context; these components only draw it. Without that context (which only
//! those handlers provide) a page shows nothing but a link to sign in.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::model::report::{format_receipt, reporter_label, risk_label, Stage, RISK_TYPES};
use crate::model::staff::{
    Action, CaseQueueView, CaseRow, CaseView, LoginView, PasswordView, Role, StaffUser,
};
use crate::model::workflow::ActionExtra;
use crate::pages::staff_support::{
    ClearConditionFields, FastTrackSection, FastTrackSectionProps, HouseholdTypeField,
    MeasuresSection, MeasuresSectionProps,
};

/// Staff pages are not for search engines.
#[component]
fn NoIndex() -> impl IntoView {
    view! { <Meta name="robots" content="noindex, nofollow"/> }
}

/// What a staff request that could not be done says: the reason in words and the ways on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StaffProblem {
    pub message: String,
}

/// `/staff/problem`: the page of a refused or failed staff request, drawn with the layout
/// by the server's error type. It holds the reason only, never anything typed.
#[component]
pub fn StaffProblemPage() -> impl IntoView {
    let problem = use_context::<StaffProblem>().unwrap_or_default();
    view! {
        <Title text="无法完成"/>
        <NoIndex/>
        <h1>"无法完成"</h1>
        <p class="problem" role="alert">{problem.message}</p>
        <p><a href="/staff/cases">"回到案件列表"</a> " · " <a href="/staff/login">"重新登录"</a></p>
    }
}

#[component]
pub(crate) fn SignInFirst() -> impl IntoView {
    view! {
        <Title text="请先登录"/>
        <NoIndex/>
        <h1>"请先登录"</h1>
        <p><a href="/staff/login">"工作人员登录"</a></p>
    }
}

/// Who is signed in, the workspace's links, and signing out.
#[component]
pub(crate) fn StaffBar(user: StaffUser, csrf: String) -> impl IntoView {
    let assist = matches!(user.role, Role::Village | Role::Admin)
        .then(|| view! { " · " <a href="/staff/report">"代为申报"</a> });
    let content = user.may_edit_content().then(|| {
        view! {
            " · " <a href="/staff/content/qa">"编辑政策问答"</a>
            " · " <a href="/staff/content/targets">"目标对照"</a>
            " · " <a href="/staff/content/interpretations">"解读文章"</a>
            " · " <a href="/staff/content/pilots">"村庄进展"</a>
            " · " <a href="/staff/content/figures">"更新指标"</a>
        }
    });
    let accounts = (user.role == Role::Admin).then(|| {
        view! {
            " · " <a href="/staff/accounts">"账号管理"</a>
            " · " <a href="/staff/rules">"办理时限"</a>
            " · " <a href="/staff/calendar">"节假日"</a>
        }
    });
    let area = if user.area.is_empty() {
        "全部".to_string()
    } else if user.area_name.is_empty() {
        user.area.clone()
    } else {
        user.area_name.clone()
    };
    view! {
        <NoIndex/>
        <div class="staff-bar">
            <p>
                "已登录：" <strong>{user.username.clone()}</strong>
                {format!("（{} · {}）", user.role.label(), area)}
            </p>
            <nav aria-label="工作台">
                <a href="/staff/cases">"案件"</a> {assist} {content} {accounts} " · " <a href="/staff/password">"修改密码"</a>
            </nav>
            <form method="post" action="/staff/logout" class="inline-form">
                <input type="hidden" name="csrf" value=csrf/>
                <button type="submit" class="button-quiet">"退出登录"</button>
            </form>
        </div>
    }
}

/// `/staff/login`.
#[component]
pub fn StaffLoginPage() -> impl IntoView {
    let view = use_context::<LoginView>().unwrap_or_default();
    let problem = (!view.problem.is_empty()).then(|| {
        let problem = view.problem.clone();
        view! { <p class="field-error" id="login-problem" role="alert">{problem}</p> }
    });
    let described = (!view.problem.is_empty()).then_some("login-problem");
    view! {
        <Title text="工作人员登录"/>
        <NoIndex/>
        <h1>"工作人员登录"</h1>
        <p class="lead">"供村、乡镇、县的工作人员办理防贫申报。账号由管理员开设。"</p>
        {problem}
        <form class="report-form staff-login" method="post" action="/staff/login">
            <input type="hidden" name="next" value=view.next.clone()/>
            <input type="hidden" name="csrf" value=view.csrf.clone()/>
            <div class="field">
                <label for="l-user">"用户名"</label>
                <input id="l-user" name="username" type="text" autocomplete="username"
                    value=view.username.clone() aria-describedby=described required/>
            </div>
            <div class="field">
                <label for="l-password">"密码"</label>
                <input id="l-password" name="password" type="password" autocomplete="current-password"
                    aria-describedby=described required/>
            </div>
            <button type="submit">"登录"</button>
        </form>
    }
}

/// `/staff/cases`.
#[component]
pub fn CaseQueuePage() -> impl IntoView {
    match use_context::<CaseQueueView>() {
        Some(view) => view! { <CaseQueue view/> }.into_any(),
        None => view! { <SignInFirst/> }.into_any(),
    }
}

#[component]
fn CaseQueue(view: CaseQueueView) -> impl IntoView {
    let CaseQueueView {
        user,
        csrf,
        filter,
        total,
        overdue,
        to_tell,
        calendar_warning,
        by_stage,
        villages,
        rows,
    } = view;
    let calendar_warning = (!calendar_warning.is_empty()).then(|| {
        view! {
            <p class="notice notice-warning" role="alert">
                {calendar_warning} " " <a href="/staff/calendar">"去导入"</a>
            </p>
        }
    });
    let stage_options = Stage::ALL
        .into_iter()
        .map(|stage| {
            let count = by_stage
                .iter()
                .find(|(s, _)| *s == stage)
                .map_or(0, |(_, n)| *n);
            let selected = filter.stage == stage.value();
            let label = stage.label();
            view! { <option value=stage.value() selected=selected>{format!("{label}（{count}）")}</option> }
        })
        .collect_view();
    let village_options = villages
        .into_iter()
        .map(|(id, name)| {
            let selected = filter.village == id;
            view! { <option value=id selected=selected>{name}</option> }
        })
        .collect_view();
    let risk_options = RISK_TYPES
        .iter()
        .map(|(value, label)| {
            let selected = filter.risk == *value;
            view! { <option value=*value selected=selected>{*label}</option> }
        })
        .collect_view();
    let shown = rows.len();
    let export_csrf = csrf.clone();
    let export_filter = filter.clone();
    let csv_note = if user.may_export_full_ids() {
        "（含完整身份证号和手机号，供录入全国防止返贫监测信息系统；每次下载都会记录）"
    } else {
        "（身份证号和手机号已遮盖）"
    };
    let body = if rows.is_empty() {
        view! { <p class="notice">"没有符合条件的案件。"</p> }.into_any()
    } else {
        let items = rows
            .into_iter()
            .map(|row| view! { <CaseQueueRow row/> })
            .collect_view();
        view! {
            // Focusable, so that a keyboard can scroll a table wider than the phone.
            <div class="table-wrap" tabindex="0" role="region" aria-label="案件列表"><table class="case-table">
                <caption>{format!("案件 {shown} 件")}</caption>
                <thead><tr>
                    <th scope="col">"回执号"</th><th scope="col">"村"</th><th scope="col">"风险类型"</th>
                    <th scope="col">"申报人"</th><th scope="col">"阶段"</th><th scope="col">"本阶段时限"</th>
                    <th scope="col">"待告知"</th>
                </tr></thead>
                <tbody>{items}</tbody>
            </table></div>
        }
        .into_any()
    };
    view! {
        <Title text="防贫申报案件"/>
        <StaffBar user csrf/>
        <h1>"防贫申报案件"</h1>
        {calendar_warning}
        <p class="status-line" role="status">
            {format!("本辖区共 {total} 件，逾期 {overdue} 件，待告知农户 {to_tell} 件；显示 {shown} 件。")}
        </p>
        <form class="filters" method="get" action="/staff/cases" aria-label="筛选案件">
            <div class="field">
                <label for="q-stage">"阶段"</label>
                <select id="q-stage" name="stage"><option value="">"全部"</option>{stage_options}</select>
            </div>
            <div class="field">
                <label for="q-village">"村"</label>
                <select id="q-village" name="village"><option value="">"全部"</option>{village_options}</select>
            </div>
            <div class="field">
                <label for="q-risk">"风险类型"</label>
                <select id="q-risk" name="risk"><option value="">"全部"</option>{risk_options}</select>
            </div>
            <label class="check" for="q-overdue">
                <input id="q-overdue" type="checkbox" name="overdue" value="1" checked=filter.overdue/>
                "只看逾期"
            </label>
            <label class="check" for="q-tell">
                <input id="q-tell" type="checkbox" name="tell" value="1" checked=filter.tell/>
                "只看待告知"
            </label>
            <div class="actions"><button type="submit">"筛选"</button></div>
        </form>
        // A POST with the session's token: a link could be fetched by another page.
        <form class="downloads" method="post" action="/staff/cases.xlsx" aria-label="下载这些案件">
            <input type="hidden" name="csrf" value=export_csrf/>
            <input type="hidden" name="stage" value=export_filter.stage/>
            <input type="hidden" name="village" value=export_filter.village/>
            <input type="hidden" name="risk" value=export_filter.risk/>
            <input type="hidden" name="overdue" value=if export_filter.overdue { "1" } else { "" }/>
            <input type="hidden" name="tell" value=if export_filter.tell { "1" } else { "" }/>
            <button type="submit">"下载这些案件（Excel 表格）"</button>
            " "
            <button type="submit" formaction="/staff/cases.csv" class="secondary">"下载 CSV（供程序读取）"</button>
            <span>{csv_note}</span>
        </form>
        {body}
    }
}

#[component]
fn CaseQueueRow(row: CaseRow) -> impl IntoView {
    let href = format!("/staff/cases/{}", row.receipt);
    let risks: Vec<&str> = row.risk_types.iter().map(|r| risk_label(r)).collect();
    let overdue = row.overdue();
    let days = row.days_label();
    let due = (!row.due.is_empty()).then(|| {
        format!(
            "（{} 前{}）",
            row.due,
            if row.due_estimated { "，估算" } else { "" }
        )
    });
    let tell = row.to_tell().then(
        || view! { <strong class="tag tag-warn">{format!("{} 前告知农户", row.tell_due)}</strong> },
    );
    let duplicate = (!row.duplicates.is_empty() || row.duplicates_elsewhere).then(|| {
        view! { <span class="tag tag-warn">"同一身份证号另有在办案件"</span> }
    });
    view! {
        <tr class:overdue=overdue>
            <td data-label="回执号"><a href=href>{format_receipt(&row.receipt)}</a> " " {duplicate}</td>
            <td data-label="村">{row.village_name.clone()}</td>
            <td data-label="风险类型">{risks.join("、")}</td>
            <td data-label="申报人">{reporter_label(&row.reporter).to_string()}</td>
            <td data-label="阶段">
                {row.stage.label()}
                {row.fast_track.then(|| view! { " " <span class="tag">"绿色通道"</span> })}
                {(row.measures_overdue > 0).then(|| view! {
                    " " <strong class="tag tag-warn">{format!("帮扶措施逾期 {} 项", row.measures_overdue)}</strong>
                })}
            </td>
            <td data-label="时限">
                {overdue.then(|| view! { <strong class="overdue-mark">"⚠ 逾期 "</strong> })}
                {if overdue { days.replace("逾期 ", "") } else { days }}
                {due}
            </td>
            <td data-label="待告知">{tell}</td>
        </tr>
    }
}

/// `/staff/cases/<receipt>`.
#[component]
pub fn CasePage() -> impl IntoView {
    match use_context::<CaseView>() {
        Some(view) => view! { <Case view/> }.into_any(),
        None => view! { <SignInFirst/> }.into_any(),
    }
}

#[component]
fn Case(view: CaseView) -> impl IntoView {
    let CaseView {
        user,
        csrf,
        row,
        household_size,
        name,
        description,
        id_number,
        phone,
        revealed,
        events,
        last_told,
        household_type,
        measures,
        may_plan,
        may_fast_track,
        measure_form,
        problem_field,
        extra,
        actions,
        problem,
        note,
        failed,
        done,
    } = view;
    let fast = FastTrackSection(FastTrackSectionProps {
        receipt: receipt_of(&row),
        csrf: csrf.clone(),
        fast_track: row.fast_track,
        may_fast_track,
        problem: (failed == "fast_track" && !problem.is_empty()).then(|| problem.clone()),
        note: if failed == "fast_track" {
            note.clone()
        } else {
            String::new()
        },
    });
    let plan = MeasuresSection(MeasuresSectionProps {
        receipt: receipt_of(&row),
        csrf: csrf.clone(),
        measures,
        may_plan,
        form: measure_form,
        failed: failed.clone(),
        problem_field: problem_field.clone(),
        problem: problem.clone(),
    });
    let receipt = row.receipt.clone();
    let tell = TellSection(TellSectionProps {
        receipt: receipt.clone(),
        csrf: csrf.clone(),
        tell_due: row.tell_due.clone(),
        last_told,
        problem: if failed == "told" {
            problem.clone()
        } else {
            String::new()
        },
    });
    let title = format!("案件 {}", format_receipt(&receipt));
    let risks: Vec<&str> = row.risk_types.iter().map(|r| risk_label(r)).collect();
    let reveal_action = format!("/staff/cases/{receipt}/reveal");
    let act_action = format!("/staff/cases/{receipt}");
    let reveal = (!revealed).then(|| {
        let csrf = csrf.clone();
        view! {
            <form method="post" action=reveal_action class="inline-form">
                <input type="hidden" name="csrf" value=csrf/>
                <button type="submit" class="button-quiet">"显示完整身份证号和手机号（将记录查看）"</button>
            </form>
        }
    });
    let history = events
        .into_iter()
        .map(|e| {
            let note =
                (!e.note.is_empty()).then(|| view! { <p class="event-note">{e.note.clone()}</p> });
            view! {
                <li>
                    <strong>{e.stage.label()}</strong>
                    {format!(" · {} · {}", e.at, e.actor)}
                    {note}
                </li>
            }
        })
        .collect_view();
    let elsewhere = row.duplicates_elsewhere.then(|| {
        view! {
            <p class="notice" role="note">"另有在办申报，不在您的辖区，请与县里核对。"</p>
        }
    });
    let duplicates = (!row.duplicates.is_empty()).then(|| {
        let links = row
            .duplicates
            .iter()
            .map(|r| {
                let href = format!("/staff/cases/{r}");
                view! { <li><a href=href>{format_receipt(r)}</a></li> }
            })
            .collect_view();
        view! {
            <section class="notice" aria-labelledby="dup-heading">
                <h2 id="dup-heading">"同一身份证号的其他在办案件"</h2>
                <ul>{links}</ul>
            </section>
        }
    });
    let done = (!done.is_empty()).then(|| view! { <p class="notice" role="status">{done}</p> });
    let action_forms =
        if actions.is_empty() {
            view! { <p>"当前阶段没有需要您办理的事项。"</p> }.into_any()
        } else {
            actions
            .into_iter()
            .map(|action| {
                let (problem, note, problem_field, extra) = if action.value() == failed {
                    (problem.clone(), note.clone(), problem_field.clone(), extra.clone())
                } else {
                    (String::new(), String::new(), String::new(), ActionExtra::default())
                };
                view! {
                    <ActionForm action csrf=csrf.clone() action_url=act_action.clone() problem note
                        problem_field extra/>
                }
            })
            .collect_view()
            .into_any()
        };
    let overdue = row.overdue();
    let days = row.days_label();
    view! {
        <Title text=title.clone()/>
        <StaffBar user csrf=csrf.clone()/>
        <p class="breadcrumb"><a href="/staff/cases">"案件"</a> " › " {format_receipt(&receipt)}</p>
        <h1>{title}</h1>
        {done}
        <p class="status-stage">
            "阶段：" <strong>{row.stage.label()}</strong>
            {(!days.is_empty()).then(|| format!("（{days}，{} 前）", row.due))}
            {overdue.then(|| view! { <strong class="overdue-mark">" ⚠ 已逾期"</strong> })}
        </p>
        {duplicates}
        {elsewhere}
        <section aria-labelledby="who-heading">
            <h2 id="who-heading">"申报信息"</h2>
            <dl class="facts">
                <dt>"村"</dt><dd>{row.village_name.clone()}</dd>
                <dt>"申报人"</dt><dd>{reporter_label(&row.reporter).to_string()}</dd>
                <dt>"姓名"</dt><dd>{name}</dd>
                <dt>"身份证号"</dt><dd class="pii">{id_number}</dd>
                <dt>"手机号"</dt><dd class="pii">{phone}</dd>
                <dt>"家庭人口"</dt><dd>{format!("{household_size} 人")}</dd>
                <dt>"风险类型"</dt><dd>{risks.join("、")}</dd>
                {(!household_type.is_empty()).then(|| view! { <dt>"监测对象类型"</dt><dd>{household_type.clone()}</dd> })}
                <dt>"提交日期"</dt><dd>{row.submitted_on.clone()}</dd>
            </dl>
            {reveal}
            <h3>"情况说明"</h3>
            <p class="description">{description}</p>
        </section>
        {tell}
        {fast}
        {plan}
        <section aria-labelledby="act-heading">
            <h2 id="act-heading">"办理"</h2>
            {action_forms}
        </section>
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">"办理记录"</h2>
            <ol class="case-history">{history}</ol>
        </section>
    }
}

/// 待告知: when the household is still to be told of the last stage change, a form to
/// record who told them and how; and when they were last told.
#[component]
fn TellSection(
    receipt: String,
    csrf: String,
    tell_due: String,
    last_told: String,
    problem: String,
) -> impl IntoView {
    let last = if last_told.is_empty() {
        "还没有登记过告知农户。".to_string()
    } else {
        format!("最近一次告知农户：{last_told}。")
    };
    let form = (!tell_due.is_empty()).then(|| {
        let action = format!("/staff/cases/{receipt}/told");
        let has_problem = !problem.is_empty();
        let error = has_problem
            .then(|| view! { <p class="field-error" id="tell-how-error">{problem.clone()}</p> });
        let hows = TELL_HOWS
            .iter()
            .map(|how| {
                let id = format!("tell-{how}");
                let label_for = id.clone();
                view! {
                    <label class="check" for=label_for>
                        <input id=id type="radio" name="how" value=*how required=true/>
                        {*how}
                    </label>
                }
            })
            .collect_view();
        view! {
            <p class="notice notice-warning">
                {format!("阶段有变化，请在 {tell_due} 前电话或上门告诉农户办理情况，并在这里登记。")}
            </p>
            <form class="report-form" method="post" action=action>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <fieldset class="field" class:field-invalid=has_problem
                    aria-describedby=has_problem.then_some("tell-how-error")>
                    <legend>"怎样告诉的"</legend>
                    {error}
                    <div class="choices">{hows}</div>
                </fieldset>
                <div class="field">
                    <label for="tell-note">"说明（可不填）"</label>
                    <textarea id="tell-note" name="note" rows="2" maxlength="1000"></textarea>
                </div>
                <button type="submit">"已告知农户"</button>
            </form>
        }
    });
    view! {
        <section aria-labelledby="tell-heading">
            <h2 id="tell-heading">"告知农户"</h2>
            <p>{last}</p>
            {form}
        </section>
    }
}

fn receipt_of(row: &CaseRow) -> String {
    row.receipt.clone()
}

/// How a household may be told (the server checks the same list).
pub const TELL_HOWS: [&str; 3] = ["电话", "上门", "短信"];

#[component]
fn ActionForm(
    action: Action,
    csrf: String,
    action_url: String,
    problem: String,
    note: String,
    problem_field: String,
    extra: ActionExtra,
) -> impl IntoView {
    let id = format!("note-{}", action.value());
    let error_id = format!("{id}-error");
    let extra_fields = match action {
        Action::Include => {
            let problem = (problem_field == "household_type").then(|| problem.clone());
            view! { <HouseholdTypeField problem chosen=extra.household_type.clone()/> }.into_any()
        }
        Action::ProposeClear => view! {
            <ClearConditionFields failed=action.value().to_string() problem_field=problem_field.clone()
                problem=problem.clone() extra=extra.clone()/>
        }
        .into_any(),
        _ => ().into_any(),
    };
    let note_problem = if problem_field.is_empty() {
        problem.clone()
    } else {
        String::new()
    };
    let note_field = action.note_label().map(|label| {
        let problem = note_problem.clone();
        let has_problem = !problem.is_empty();
        let error = has_problem.then(|| {
            view! { <p class="field-error" id=error_id.clone()>{problem}</p> }
        });
        let described = has_problem.then(|| error_id.clone());
        view! {
            <div class="field" class:field-invalid=has_problem>
                <label for=id.clone()>{label}</label>
                {error}
                <textarea id=id.clone() name="note" rows="3" maxlength="1000"
                    required=action.note_required() aria-describedby=described>{crate::components::textarea_text(&note)}</textarea>
            </div>
        }
    });
    view! {
        <form method="post" action=action_url class="report-form action-form">
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="action" value=action.value()/>
            {extra_fields}
            {note_field}
            <button type="submit">{action.label()}</button>
        </form>
    }
}

/// `/staff/password`.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let Some(view) = use_context::<PasswordView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let problem = (!view.problem.is_empty()).then(|| {
        let problem = view.problem.clone();
        view! { <p class="field-error" id="password-problem" role="alert">{problem}</p> }
    });
    let done = view.done.then(
        || view! { <p class="notice" role="status">"密码已修改。其他设备上的登录已退出。"</p> },
    );
    let described = (!view.problem.is_empty()).then_some("password-problem");
    view! {
        <Title text="修改密码"/>
        <StaffBar user=view.user.clone() csrf=view.csrf.clone()/>
        <h1>"修改密码"</h1>
        {done}
        {problem}
        <form class="report-form" method="post" action="/staff/password">
            <input type="hidden" name="csrf" value=view.csrf.clone()/>
            <div class="field">
                <label for="p-old">"现在的密码"</label>
                <input id="p-old" name="current" type="password" autocomplete="current-password"
                    aria-describedby=described required/>
            </div>
            <div class="field">
                <label for="p-new">"新密码（至少 10 个字符，不能包含用户名）"</label>
                <input id="p-new" name="new" type="password" autocomplete="new-password"
                    aria-describedby=described required/>
            </div>
            <div class="field">
                <label for="p-again">"再输入一次新密码"</label>
                <input id="p-again" name="again" type="password" autocomplete="new-password"
                    aria-describedby=described required/>
            </div>
            <button type="submit">"修改密码"</button>
        </form>
    }
    .into_any()
}
