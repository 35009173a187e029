//! The case page's 帮扶 parts: the household type chosen at 纳入监测, the three conditions
//! of 风险消除 confirmed by the township, the 帮扶计划 (measures with their unit and day,
//! marked done), and the 绿色通道 (先帮扶后认定). Every one a plain form.

use leptos::prelude::*;

use crate::components::form::TextField;

use crate::model::measures::{MeasureForm, MeasureView, HOUSEHOLD_TYPES, MEASURE_KINDS};
use crate::model::workflow::{ActionExtra, CLEAR_CONDITIONS, CLEAR_CONDITIONS_SOURCE};

/// The problem of `field` when the refused form was `form`.
fn problem_at(
    failed: &str,
    form: &str,
    field: &str,
    problem_field: &str,
    problem: &str,
) -> Option<String> {
    (failed == form && problem_field == field && !problem.is_empty()).then(|| problem.to_string())
}

/// 纳入监测's household type: one of the three, each with what it means.
#[component]
pub(crate) fn HouseholdTypeField(problem: Option<String>, chosen: String) -> impl IntoView {
    let invalid = problem.is_some();
    let error = problem.map(|m| view! { <p class="field-error" id="household-type-error">{m}</p> });
    let choices = HOUSEHOLD_TYPES
        .iter()
        .map(|kind| {
            let id = format!("ht-{}", kind.value);
            let label_for = id.clone();
            let checked = chosen == kind.value;
            view! {
                <label class="check" for=label_for>
                    <input id=id type="radio" name="household_type" value=kind.value checked=checked required=true/>
                    <strong>{kind.label}</strong> "：" {kind.meaning}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field" class:field-invalid=invalid
            aria-describedby=invalid.then_some("household-type-error")>
            <legend>"监测对象类型"</legend>
            {error}
            <div class="choices">{choices}</div>
        </fieldset>
    }
}

/// 风险消除 (乡镇): each of the three conditions confirmed in words.
#[component]
pub(crate) fn ClearConditionFields(
    failed: String,
    problem_field: String,
    problem: String,
    extra: ActionExtra,
) -> impl IntoView {
    let fields = CLEAR_CONDITIONS
        .iter()
        .enumerate()
        .map(|(i, condition)| {
            let name = format!("condition{i}");
            let id = format!("c-{name}");
            let error_id = format!("{id}-error");
            let problem = problem_at(&failed, "propose_clear", &name, &problem_field, &problem);
            let invalid = problem.is_some();
            let error = problem.map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> });
            let typed = extra.conditions.get(i).cloned().unwrap_or_default();
            view! {
                <div class="field" class:field-invalid=invalid>
                    <label for=id.clone()>{format!("{condition}：怎样核实的")}</label>
                    {error}
                    <textarea id=id name=name rows="2" maxlength="1000" required=true
                        aria-describedby=invalid.then(|| error_id.clone())>{crate::components::textarea_text(&typed)}</textarea>
                </div>
            }
        })
        .collect_view();
    view! {
        <p class="hint">{format!("三项条件都要核实并写明（依据：{CLEAR_CONDITIONS_SOURCE}），再报县里审定。")}</p>
        {fields}
    }
}

/// The 帮扶计划: each measure with its unit, day and state; a button marks one done; a form
/// adds one.
#[component]
pub(crate) fn MeasuresSection(
    receipt: String,
    csrf: String,
    measures: Vec<MeasureView>,
    may_plan: bool,
    form: MeasureForm,
    failed: String,
    problem_field: String,
    problem: String,
) -> impl IntoView {
    if measures.is_empty() && !may_plan {
        return ().into_any();
    }
    let items = measures
        .into_iter()
        .map(|m| {
            let state = if !m.done_on.is_empty() {
                format!("已落实（{}）", m.done_on)
            } else if m.overdue {
                "⚠ 已过期限，尚未落实".to_string()
            } else {
                "落实中".to_string()
            };
            let done_button = (may_plan && m.done_on.is_empty()).then(|| {
                let action = format!("/staff/cases/{receipt}/measures/{}/done", m.position);
                view! {
                    <form method="post" action=action class="inline-form">
                        <input type="hidden" name="csrf" value=csrf.clone()/>
                        <button type="submit" class="button-quiet">"登记已落实"</button>
                    </form>
                }
            });
            let note =
                (!m.note.is_empty()).then(|| view! { <p class="event-note">{m.note.clone()}</p> });
            view! {
                <li class:overdue=m.overdue>
                    <strong>{m.label.clone()}</strong>
                    {format!("：{}，{} 前。{state}", m.unit, m.due_on)}
                    {note}
                    {done_button}
                </li>
            }
        })
        .collect_view();
    let add = may_plan.then(|| {
        let at = |field: &str| problem_at(&failed, "measure", field, &problem_field, &problem);
        let kind_problem = at("kind");
        let kind_invalid = kind_problem.is_some();
        let kinds = MEASURE_KINDS
            .iter()
            .map(|k| {
                let selected = form.kind == k.value;
                view! { <option value=k.value selected=selected>{k.label}</option> }
            })
            .collect_view();
        let action = format!("/staff/cases/{receipt}/measures");
        view! {
            <h3 id="measure-heading">"添加帮扶措施"</h3>
            <form method="post" action=action class="report-form" aria-labelledby="measure-heading">
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <div class="field" class:field-invalid=kind_invalid>
                    <label for="m-kind">"类别"</label>
                    {kind_problem.map(|m| view! { <p class="field-error" id="m-kind-error">{m}</p> })}
                    <select id="m-kind" name="kind" required=true
                        aria-describedby=kind_invalid.then_some("m-kind-error")>
                        <option value="">"请选择"</option>
                        {kinds}
                    </select>
                </div>
                <TextField id="m-unit".into() name="unit" label="责任单位"
                    value=form.unit.clone() problem=at("unit") hint="例如：县人力资源和社会保障局"/>
                <TextField id="m-due_on".into() name="due_on" label="完成时限"
                    value=form.due_on.clone() problem=at("due_on") kind="date"/>
                <TextField id="m-note".into() name="note" label="具体内容（可不填）"
                    value=form.note.clone() problem=at("note") rows=2/>
                <button type="submit">"加入帮扶计划"</button>
            </form>
        }
    });
    view! {
        <section aria-labelledby="plan-heading">
            <h2 id="plan-heading">"帮扶计划"</h2>
            <ol class="case-history">{items}</ol>
            {add}
        </section>
    }
    .into_any()
}

/// 绿色通道: for a disaster or an accident, the township helps first and the steps go on.
#[component]
pub(crate) fn FastTrackSection(
    receipt: String,
    csrf: String,
    fast_track: bool,
    may_fast_track: bool,
    problem: Option<String>,
    note: String,
) -> impl IntoView {
    if fast_track {
        return view! {
            <p class="notice" role="note">"已启用绿色通道：先落实帮扶，认定程序继续办理。"</p>
        }
        .into_any();
    }
    if !may_fast_track {
        return ().into_any();
    }
    let action = format!("/staff/cases/{receipt}/fast-track");
    view! {
        <section aria-labelledby="fast-heading">
            <h2 id="fast-heading">"绿色通道"</h2>
            <p class="hint">"因灾、因意外导致生活严重困难的，可以先落实帮扶措施，认定程序照常办理（各地做法）。"</p>
            <form method="post" action=action class="report-form">
                <input type="hidden" name="csrf" value=csrf/>
                <TextField id="fast-note".into() name="note" label="情况说明"
                    value=note problem=problem rows=3/>
                <button type="submit">"启用绿色通道：先帮扶后认定"</button>
            </form>
        </section>
    }
    .into_any()
}
