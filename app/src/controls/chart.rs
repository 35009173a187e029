//! The controls of an industry's chart: a plain GET form (measure, years, which kinds of
//! figure) that works without scripts. Once the portal's chart WebAssembly has loaded
//! (`browser/src/chart.rs`), every change puts the new state in the address bar as a history
//! entry (so a link reproduces the view and Back restores the one before) and redraws the
//! chart's body in place with the server's own chart code (`series`) from the measures'
//! JSON (`/industries/<slug>/chart.json`). Pointing at, focusing or tapping a point of the
//! chart writes its value, year, kind and source under the drawing.

use leptos::prelude::*;

use crate::model::indicators::KINDS;
use crate::model::industries::ChartState;

/// The form and a status line; `choices` are the industry's measures as (key, name, unit).
#[component]
pub fn ChartControls(
    slug: String,
    choices: Vec<(String, String, String)>,
    state: ChartState,
) -> impl IntoView {
    let action = format!("/industries/{slug}");
    let options = choices
        .into_iter()
        .map(|(key, name, unit)| {
            let selected = key == state.metric;
            view! { <option value=key selected=selected>{format!("{name}（{unit}）")}</option> }
        })
        .collect_view();
    let kinds = KINDS
        .iter()
        .map(|(kind, label)| {
            let id = format!("c-show-{kind}");
            let label_for = id.clone();
            view! {
                <label class="check" for=label_for>
                    <input id=id type="checkbox" name="show" value=*kind checked=state.shows(kind)/>
                    {*label}
                </label>
            }
        })
        .collect_view();
    let from = state.from.map(|y| y.to_string()).unwrap_or_default();
    let to = state.to.map(|y| y.to_string()).unwrap_or_default();
    view! {
        <form class="filters chart-form" method="get" action=action aria-label="选择图表"
            data-enhance="chart">
            <div class="field field-wide">
                <label for="c-metric">"指标"</label>
                <select id="c-metric" name="metric">{options}</select>
            </div>
            <div class="field">
                <label for="c-from">"起始年份"</label>
                <input id="c-from" name="from" type="text" inputmode="numeric" maxlength="4" value=from/>
            </div>
            <div class="field">
                <label for="c-to">"截止年份"</label>
                <input id="c-to" name="to" type="text" inputmode="numeric" maxlength="4" value=to/>
            </div>
            <fieldset class="field field-wide kinds">
                <legend>"显示哪些类型"</legend>
                // Says that the boxes were sent, so that none ticked means none shown.
                <input type="hidden" name="show" value=""/>
                {kinds}
            </fieldset>
            <div class="actions"><button type="submit">"显示"</button></div>
        </form>
        <p class="chart-status" role="status"></p>
    }
}
