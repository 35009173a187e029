//! An industry's chart redrawn in place (`form[data-enhance="chart"]` on `/industries/<slug>`).
//! The measures and their figures come once as JSON (`<page>/chart.json`, with gloo-net);
//! every change of the controls then reads the form as the server reads its address
//! ([`series::ChartState`]), puts that state in the address bar as a history entry (a link
//! reproduces the view, Back restores the one before) and draws the chart's body with the
//! server's own code ([`series::body::chart_body_html`]: the SVG, the points, the table,
//! the downloads), so what the reader sees is what the server sends for that address.
//! Pointing at, focusing or tapping a point writes its value, year, kind and source under the
//! drawing. Without this module the controls are a plain GET form and the server draws.

use std::rc::Rc;

use series::body::{chart_body_html, CHART_BODY_ID};
use series::{choose, ChartState, Metric, KINDS};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, HtmlFormElement, HtmlInputElement, HtmlSelectElement};

use crate::dom;

struct Chart {
    document: Document,
    form: HtmlFormElement,
    /// The page's own address (`/industries/<slug>`), the form's action.
    page: String,
    slug: String,
    metrics: Vec<Metric>,
}

pub fn enhance() {
    let Some(document) = dom::document() else {
        return;
    };
    let Some(form) = document
        .query_selector("form[data-enhance=\"chart\"]")
        .ok()
        .flatten()
        .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let Some(page) = form.get_attribute("action") else {
        return;
    };
    let Some(slug) = page.strip_prefix("/industries/").map(str::to_string) else {
        return;
    };
    point_tips(&document);
    wasm_bindgen_futures::spawn_local(async move {
        // Without the figures the form stays a plain one: the server draws.
        let Some(metrics) = measures(&format!("{page}/chart.json")).await else {
            return;
        };
        let chart = Rc::new(Chart {
            document,
            form,
            page,
            slug,
            metrics,
        });
        listen(&chart);
        let _ = chart.form.set_attribute("data-ready", "true");
    });
}

/// Every measure of the industry, as the server draws them.
async fn measures(url: &str) -> Option<Vec<Metric>> {
    let response = dom::fetch_ok(url).await?;
    let text = response.text().await.ok()?;
    let value = js_sys::JSON::parse(&text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

fn listen(chart: &Rc<Chart>) {
    let changed = {
        let chart = chart.clone();
        move |event: Event| {
            event.prevent_default();
            let Some(body) = dom::body_of(&chart.form) else {
                return;
            };
            let state = ChartState::from_query_string(&body);
            if let Some(query) = redraw(&chart, state) {
                if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                    let url = format!("{}?{query}", chart.page);
                    let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
                }
            }
        }
    };
    let on_change = changed.clone();
    dom::listen(&chart.form, "change", on_change);
    dom::listen(&chart.form, "submit", changed);
    if let Some(window) = web_sys::window() {
        let chart = chart.clone();
        dom::listen(&window, "popstate", move |_| {
            let search = web_sys::window()
                .and_then(|w| w.location().search().ok())
                .unwrap_or_default();
            let state = ChartState::from_query_string(&search);
            if let Some((metric, state)) = choose(&chart.metrics, state) {
                write_form(&chart.document, &metric.key, &state);
                redraw(&chart, state);
            }
        });
    }
}

/// Draws the chart of `state` in place; the state's address (its query), or `None` when the
/// industry has no measure.
fn redraw(chart: &Chart, state: ChartState) -> Option<String> {
    let (metric, state) = choose(&chart.metrics, state)?;
    let html = chart_body_html(&chart.slug, metric, &state);
    let body = chart.document.get_element_by_id(CHART_BODY_ID)?;
    body.set_inner_html(&html);
    if let Some(status) = chart
        .document
        .query_selector(".chart-status")
        .ok()
        .flatten()
    {
        status.set_text_content(Some(&format!("图表已更新。{}", metric.summary())));
    }
    Some(state.to_query_string(&metric.key))
}

/// Shows `state` in the controls (after Back or Forward).
fn write_form(document: &Document, metric: &str, state: &ChartState) {
    let input = |id: &str| {
        document
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
    };
    if let Some(select) = document
        .get_element_by_id("c-metric")
        .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
    {
        select.set_value(metric);
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

/// The point an event happened at, if any.
fn point_of(event: &Event) -> Option<Element> {
    dom::target_element(event)?
        .closest(".chart-point")
        .ok()
        .flatten()
}

fn point_tips(document: &Document) {
    let show = |point: &Element| {
        let Some(document) = dom::document() else {
            return;
        };
        if let Some(tip) = document.get_element_by_id("chart-tip") {
            tip.set_text_content(point.get_attribute("data-tip").as_deref());
        }
        if let Some(before) = document
            .query_selector(".chart-point.active")
            .ok()
            .flatten()
        {
            let _ = before.class_list().remove_1("active");
        }
        let _ = point.class_list().add_1("active");
    };
    // Tapping shows the words here instead of jumping to the table row.
    dom::listen(document, "click", move |event| {
        if let Some(point) = point_of(&event) {
            event.prevent_default();
            show(&point);
        }
    });
    for kind in ["pointerover", "focusin"] {
        dom::listen(document, kind, move |event| {
            if let Some(point) = point_of(&event) {
                show(&point);
            }
        });
    }
}
