//! The controls of an industry's chart: a plain GET form (measure, years, which kinds of
//! figure) that works without scripts. Once its script has loaded, every change puts the
//! new state in the address bar as a history entry (so a link reproduces the view and Back
//! restores the one before), fetches the chart's body drawn on the server
//! (`/industries/<slug>/chart?…`, the same components the page renders) and swaps it in.
//! Pointing at, focusing or tapping a point of the chart writes its value, year, kind and
//! source under the drawing. The drawing itself is never made in WebAssembly.

use leptos::prelude::*;

use crate::model::indicators::KINDS;
use crate::model::industries::ChartState;

/// The form; `choices` are the industry's measures as (key, name, unit).
#[island(lazy)]
pub fn ChartControls(
    slug: String,
    choices: Vec<(String, String, String)>,
    state: ChartState,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let (hydrated, set_hydrated) = signal(false);
    {
        let slug = slug.clone();
        Effect::new(move |_| {
            live::listen(slug.clone(), status);
            set_hydrated.set(true);
        });
    }
    let on_change = {
        let slug = slug.clone();
        move |_: leptos::ev::Event| live::changed(slug.clone(), status)
    };
    let on_submit = {
        let slug = slug.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            live::changed(slug.clone(), status);
        }
    };
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
            on:change=on_change on:submit=on_submit
            data-hydrated=move || hydrated.get().then_some("true")>
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
        <p class="chart-status" role="status">{move || status.get()}</p>
    }
}

#[cfg(feature = "hydrate")]
mod live {
    use std::cell::{Cell, RefCell};

    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

    use crate::model::indicators::KINDS;
    use crate::model::industries::{ChartState, CHART_BODY_ID};

    thread_local! {
        /// The number of the newest request: an older answer is dropped.
        static TURN: Cell<u64> = const { Cell::new(0) };
        /// The point whose words are shown.
        static ACTIVE: RefCell<Option<Element>> = const { RefCell::new(None) };
    }

    fn element(id: &str) -> Option<Element> {
        document().get_element_by_id(id)
    }

    fn input(id: &str) -> Option<HtmlInputElement> {
        element(id).and_then(|e| e.dyn_into().ok())
    }

    /// The state the form shows.
    fn read_form() -> ChartState {
        let metric = element("c-metric")
            .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        let from = input("c-from").map(|i| i.value()).unwrap_or_default();
        let to = input("c-to").map(|i| i.value()).unwrap_or_default();
        let shown: Vec<&str> = KINDS
            .iter()
            .map(|(kind, _)| *kind)
            .filter(|kind| input(&format!("c-show-{kind}")).is_some_and(|i| i.checked()))
            .collect();
        let show = shown.join(",");
        ChartState::from_pairs([
            ("metric", metric.as_str()),
            ("from", from.as_str()),
            ("to", to.as_str()),
            ("show", show.as_str()),
        ])
    }

    /// Puts `state` in the form (after Back or Forward).
    fn write_form(state: &ChartState) {
        if let Some(select) =
            element("c-metric").and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
        {
            select.set_value(&state.metric);
            if select.selected_index() < 0 || state.metric.is_empty() {
                select.set_selected_index(0);
            }
        }
        let year = |y: Option<u32>| y.map(|y| y.to_string()).unwrap_or_default();
        if let Some(from) = input("c-from") {
            from.set_value(&year(state.from));
        }
        if let Some(to) = input("c-to") {
            to.set_value(&year(state.to));
        }
        for (kind, _) in KINDS {
            if let Some(check) = input(&format!("c-show-{kind}")) {
                check.set_checked(state.shows(kind));
            }
        }
    }

    /// The form changed: a new history entry, then the new chart.
    pub fn changed(slug: String, status: RwSignal<String>) {
        let state = read_form();
        let query = state.to_query_string(&state.metric);
        if let Ok(history) = window().history() {
            let url = format!("/industries/{slug}?{query}");
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
        }
        leptos::task::spawn_local(redraw(slug, query, status));
    }

    /// Follows Back and Forward, and shows the words of the point pointed at.
    pub fn listen(slug: String, status: RwSignal<String>) {
        let _ = window_event_listener(leptos::ev::popstate, move |_| {
            let search = window().location().search().unwrap_or_default();
            let state = ChartState::from_query_string(&search);
            write_form(&state);
            let query = state.to_query_string(&state.metric);
            leptos::task::spawn_local(redraw(slug.clone(), query, status));
        });
        let _ = window_event_listener(leptos::ev::click, |ev| {
            if let Some(point) = point_of(ev.target()) {
                // Tapping shows the words here instead of jumping to the table row.
                ev.prevent_default();
                show_point(point);
            }
        });
        let _ = window_event_listener(leptos::ev::pointerover, |ev| {
            if let Some(point) = point_of(ev.target()) {
                show_point(point);
            }
        });
        let _ = window_event_listener(leptos::ev::focusin, |ev| {
            if let Some(point) = point_of(ev.target()) {
                show_point(point);
            }
        });
    }

    fn point_of(target: Option<web_sys::EventTarget>) -> Option<Element> {
        target?
            .dyn_into::<Element>()
            .ok()?
            .closest(".chart-point")
            .ok()
            .flatten()
    }

    fn show_point(point: Element) {
        let words = point.get_attribute("data-tip").unwrap_or_default();
        if let Some(tip) = element("chart-tip") {
            tip.set_text_content(Some(&words));
        }
        ACTIVE.with_borrow_mut(|active| {
            if let Some(before) = active.take() {
                let _ = before.class_list().remove_1("active");
            }
            let _ = point.class_list().add_1("active");
            *active = Some(point);
        });
    }

    async fn redraw(slug: String, query: String, status: RwSignal<String>) {
        let turn = TURN.with(|t| {
            t.set(t.get() + 1);
            t.get()
        });
        status.set("正在更新图表…".to_string());
        let url = format!("/industries/{slug}/chart?{query}");
        let answer = match gloo_net::http::Request::get(&url).send().await {
            Ok(response) if response.ok() => response.text().await.ok(),
            _ => None,
        };
        if TURN.with(Cell::get) != turn {
            return;
        }
        let (Some(html), Some(body)) = (answer, element(CHART_BODY_ID)) else {
            status.set("暂时没有连上，请点“显示”再试。".to_string());
            return;
        };
        ACTIVE.with_borrow_mut(|active| *active = None);
        body.set_inner_html(&html);
        let said = body
            .first_element_child()
            .and_then(|first| first.get_attribute("data-status"))
            .unwrap_or_default();
        status.set(format!("图表已更新。{said}"));
    }
}

#[cfg(not(feature = "hydrate"))]
mod live {
    use leptos::prelude::*;

    /// On the server nothing changes; the form submits the plain way.
    pub fn changed(_slug: String, _status: RwSignal<String>) {}

    pub fn listen(_slug: String, _status: RwSignal<String>) {}
}
