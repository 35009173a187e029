//! The two interactive parts of the report form as Leptos islands (the check of the form with
//! the server's rules, and the village finder's results while typing with gloo-net): the
//! least an islands build of these pages would load. Measured by `.ci/measure-wasm`.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[island]
pub fn ReportCheck() -> impl IntoView {
    let (problems, set_problems) = signal(Vec::<rules::report::FieldError>::new());
    let check = move |event: leptos::ev::FocusEvent| {
        let Some(form) = event
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(body) = web_sys::FormData::new_with_form(&form)
            .ok()
            .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok())
            .map(|params| String::from(params.to_string()))
        else {
            return;
        };
        #[allow(clippy::cast_possible_truncation)]
        let today = rules::report::china_date(js_sys::Date::now() as i64).unwrap_or_default();
        set_problems.set(rules::report::problems_in_body(body.as_bytes(), today));
    };
    view! {
        <form on:focusout=check>
            <ul>
                {move || {
                    problems
                        .get()
                        .into_iter()
                        .map(|p| view! { <li><a href=format!("#{}", p.field.anchor())>{p.message}</a></li> })
                        .collect_view()
                }}
            </ul>
            <input name="name"/>
        </form>
    }
}

#[island]
pub fn LiveBox(endpoint: String) -> impl IntoView {
    let (html, set_html) = signal(String::new());
    let ask = move |event: leptos::ev::Event| {
        let query = event_target_value(&event);
        let url = format!("{endpoint}?q={}", js_sys::encode_uri_component(&query));
        leptos::task::spawn_local(async move {
            if let Ok(response) = gloo_net::http::Request::get(&url).send().await {
                if let Ok(text) = response.text().await {
                    set_html.set(text);
                }
            }
        });
    };
    view! {
        <input type="search" on:input=ask/>
        <div inner_html=move || html.get()></div>
    }
}

#[wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
