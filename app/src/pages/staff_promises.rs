//! The administrators' pages behind what households are promised: `/staff/rules` (each
//! county's steps and time limits, with the rule they come from) and `/staff/calendar` (the
//! working-day calendar and next year's State Council notice). Drawn from the views the
//! server's handlers provide; without one, only a link to sign in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{problem_of, ProblemCount, TextField};
use crate::model::promise::{
    calendar_warning, CalendarView, CountyHotline, CountyRule, RulesView, PRACTICE_SOURCE,
    PRACTICE_STEPS, PRACTICE_TOTAL_DAYS, PRACTICE_URL,
};
use crate::pages::staff::{SignInFirst, StaffBar};

const NAME_FIELDS: [&str; 3] = ["name0", "name1", "name2"];
const DAYS_FIELDS: [&str; 3] = ["days0", "days1", "days2"];
const STEP_LABELS: [&str; 3] = [
    "第 1 步（村里办理：受理、入户核实等）",
    "第 2 步（乡镇办理）",
    "第 3 步（县里办理）",
];

/// `/staff/rules`.
#[component]
pub fn RulesPage() -> impl IntoView {
    let Some(view) = use_context::<RulesView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let RulesView {
        user,
        csrf,
        rules,
        hotlines,
        hotline_form,
        form,
        problems,
        done,
    } = view;
    let hotline_list = if hotlines.is_empty() {
        view! { <p>"还没有哪个县录入热线：各页都显示全站热线。"</p> }.into_any()
    } else {
        let items = hotlines
            .into_iter()
            .map(|hotline| view! { <HotlineLine hotline csrf=csrf.clone()/> })
            .collect_view();
        view! { <ul class="rule-list">{items}</ul> }.into_any()
    };
    let saved = (!done.is_empty()).then(|| view! { <p class="notice" role="status">{done}</p> });
    let listed = if rules.is_empty() {
        view! { <p>"还没有哪个县录入办理时限：所有回执和查询页都按各地做法显示，并注明来源。"</p> }
            .into_any()
    } else {
        let items = rules
            .into_iter()
            .map(|rule| view! { <RuleLine rule csrf=csrf.clone()/> })
            .collect_view();
        view! { <ul class="rule-list">{items}</ul> }.into_any()
    };
    let step_fields = (0..3)
        .map(|i| {
            let name = form.names.get(i).cloned().unwrap_or_default();
            let days = form.days.get(i).cloned().unwrap_or_default();
            view! {
                <fieldset class="field">
                    <legend>{STEP_LABELS[i]}</legend>
                    <TextField id=format!("r-{}", NAME_FIELDS[i]) name=NAME_FIELDS[i] label="名称"
                        value=name problem=problem_of(&problems, NAME_FIELDS[i])/>
                    <TextField id=format!("r-{}", DAYS_FIELDS[i]) name=DAYS_FIELDS[i] label="时限（工作日，可不填）"
                        value=days problem=problem_of(&problems, DAYS_FIELDS[i])/>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <Title text="办理时限"/>
        <StaffBar user csrf=csrf.clone()/>
        <h1>"办理时限"</h1>
        <p class="lead">
            "回执和查询页上的办理步骤和日期，按申报人所在县录入的规定计算（节假日按工作日历顺延）。没有录入的县，按各地做法显示："
            {PRACTICE_STEPS.join(" → ")} {format!("，认定程序原则上在 {PRACTICE_TOTAL_DAYS} 个工作日内完成（来源：")}
            <a href=PRACTICE_URL rel="noopener">{PRACTICE_SOURCE}</a> "）。"
        </p>
        {saved}
        <h2>"已录入的县"</h2>
        {listed}
        <h2 id="rule-heading">"录入或修改一个县的办理时限"</h2>
        <ProblemCount count=problems.len()/>
        <form class="report-form" method="post" action="/staff/rules" aria-labelledby="rule-heading">
            <input type="hidden" name="csrf" value=csrf.clone()/>
            <TextField id="r-county".into() name="county" label="县（市、区）区划代码" value=form.county.clone()
                problem=problem_of(&problems, "county") hint="6 位，例如 522301（兴义市）"/>
            <TextField id="r-rule_name".into() name="rule_name" label="依据的文件" value=form.rule_name.clone()
                problem=problem_of(&problems, "rule_name")
                hint="本县规定这些步骤和时限的文件，例如《××县防止返贫动态监测和帮扶工作实施细则》；会显示给申报人"/>
            {step_fields}
            <TextField id="r-total_days".into() name="total_days" label="总时限（工作日）" value=form.total_days.clone()
                problem=problem_of(&problems, "total_days") hint="从提交申报到审定结果的全部时间"/>
            <button type="submit">"保存"</button>
        </form>
        <h2 id="hotline-heading">"各县咨询热线"</h2>
        <p>"录入后，这个县的村页面、申报海报和政策问答（选了这个县时）显示本县热线；没有录入的县显示全站热线。"</p>
        {hotline_list}
        <form class="report-form" method="post" action="/staff/rules/hotline" aria-labelledby="hotline-heading">
            <input type="hidden" name="csrf" value=csrf/>
            <TextField id="h-county".into() name="hotline_county" label="县（市、区）区划代码"
                value=hotline_form.county problem=problem_of(&problems, "hotline_county") hint="6 位，例如 520204（水城区）"/>
            <TextField id="h-number".into() name="number" label="热线号码" value=hotline_form.number
                problem=problem_of(&problems, "number") hint="例如 12345 或 0858-3221234"/>
            <TextField id="h-source".into() name="hotline_source" label="号码出自哪里" value=hotline_form.source
                problem=problem_of(&problems, "hotline_source") hint="县里的通知或文件名称；会显示在号码旁"/>
            <button type="submit">"保存热线"</button>
        </form>
    }
    .into_any()
}

#[component]
fn HotlineLine(hotline: CountyHotline, csrf: String) -> impl IntoView {
    view! {
        <li>
            <strong>{format!("{} {}", hotline.county_name, hotline.county)}</strong>
            {format!("：{}（{}）。{} 于 {} 录入。", hotline.number, hotline.source,
                hotline.updated_by, hotline.updated_on)}
            <form method="post" action="/staff/rules/hotline/delete" class="inline-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="county" value=hotline.county.clone()/>
                <button type="submit" class="button-quiet">"删除（恢复全站热线）"</button>
            </form>
        </li>
    }
}

#[component]
fn RuleLine(rule: CountyRule, csrf: String) -> impl IntoView {
    let steps = rule.steps_in_words();
    let edit = format!("/staff/rules?county={}", rule.county);
    view! {
        <li>
            <strong>{format!("{} {}", rule.county_name, rule.county)}</strong>
            {format!("：{}；共 {} 个工作日。依据{}。{} 于 {} 录入。", steps, rule.total_days,
                rule.rule_name, rule.updated_by, rule.updated_on)}
            " " <a href=edit>"修改"</a>
            <form method="post" action="/staff/rules/delete" class="inline-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="county" value=rule.county.clone()/>
                <button type="submit" class="button-quiet">"删除（恢复按各地做法）"</button>
            </form>
        </li>
    }
}

/// `/staff/calendar`.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let Some(view) = use_context::<CalendarView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let CalendarView {
        user,
        csrf,
        years,
        missing_year,
        pasted,
        problems,
        done,
    } = view;
    let saved = (!done.is_empty()).then(|| view! { <p class="notice" role="status">{done}</p> });
    let warning = missing_year.map(|year| {
        view! { <p class="notice notice-warning" role="alert">{calendar_warning(year)}</p> }
    });
    let rows = years
        .into_iter()
        .map(|y| {
            view! {
                <tr>
                    <th scope="row">{y.year}</th>
                    <td>{format!("放假 {} 天，调休上班 {} 天", y.rest_days, y.work_days)}</td>
                    <td>{y.sources.join("；")}</td>
                </tr>
            }
        })
        .collect_view();
    let invalid = !problems.is_empty();
    let problem_list = invalid.then(|| {
        let items = problems
            .iter()
            .map(|p| view! { <li>{p.clone()}</li> })
            .collect_view();
        view! {
            <div class="field-error" id="c-table-error" role="alert">
                <p>{format!("有 {} 处问题，没有导入任何日期：", problems.len())}</p>
                <ul>{items}</ul>
            </div>
        }
    });
    view! {
        <Title text="节假日"/>
        <StaffBar user csrf=csrf.clone()/>
        <h1>"节假日和工作日"</h1>
        <p class="lead">"所有办理期限按工作日计算：周一至周五，去掉国务院办公厅通知的放假日，加上调休上班日。没有导入通知的年份只能按周一至周五估算，页面上会注明“估算”。"</p>
        {saved}
        {warning}
        <table class="data-table">
            <caption>"已导入的年份"</caption>
            <thead><tr><th scope="col">"年份"</th><th scope="col">"天数"</th><th scope="col">"来源"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <h2 id="import-heading">"导入一年的节假日安排"</h2>
        <form class="report-form" method="post" action="/staff/calendar" aria-labelledby="import-heading">
            <input type="hidden" name="csrf" value=csrf/>
            <div class="field" class:field-invalid=invalid>
                <label for="c-table">"按通知整理的表格（CSV）"</label>
                <p class="hint">"第一行是 date,kind,holiday,source；每天一行：日期、“休”或“班”、节日名称、通知名称和文号。例如：2027-01-01,休,元旦,国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）。导入一年会替换这一年已有的日期。"</p>
                {problem_list}
                <textarea id="c-table" name="table" rows="12" aria-invalid=invalid.then_some("true")
                    aria-describedby=invalid.then_some("c-table-error")>{crate::components::textarea_text(&pasted)}</textarea>
            </div>
            <button type="submit">"检查并导入"</button>
        </form>
    }
    .into_any()
}
