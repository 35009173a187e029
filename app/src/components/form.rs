//! Form fields drawn alike everywhere: a labelled box with its problem beside it, and the
//! count of problems above a refused form.

use leptos::prelude::*;

/// A labelled text box (or, with `rows`, a text area) with its problem, if any, beside it.
#[component]
pub fn TextField(
    /// The element id; the problem's id is `<id>-error`.
    id: String,
    name: &'static str,
    label: &'static str,
    value: String,
    problem: Option<String>,
    /// A text area of this many rows; 0 for one line.
    #[prop(optional)]
    rows: u32,
    /// The `type` of a one-line box; `text` when empty.
    #[prop(optional)]
    kind: &'static str,
    /// A line under the label.
    #[prop(optional)]
    hint: &'static str,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let invalid = problem.is_some();
    let described = invalid.then(|| error_id.clone());
    let error = problem.map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> });
    let hint = (!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> });
    let input = if rows > 0 {
        view! {
            <textarea id=id.clone() name=name rows=rows.to_string() aria-invalid=invalid.then_some("true")
                aria-describedby=described>{crate::components::textarea_text(&value)}</textarea>
        }
        .into_any()
    } else {
        let kind = if kind.is_empty() { "text" } else { kind };
        view! {
            <input id=id.clone() name=name type=kind value=value
                aria-invalid=invalid.then_some("true") aria-describedby=described/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id>{label}</label>
            {hint}
            {error}
            {input}
        </div>
    }
}

/// The message of `field` among `problems`.
pub fn problem_of(problems: &[(String, String)], field: &str) -> Option<String> {
    problems
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, message)| message.clone())
}

/// "还有 N 处需要修改，没有保存。" when there are problems.
#[component]
pub fn ProblemCount(count: usize) -> impl IntoView {
    (count > 0).then(|| {
        view! { <p class="field-error" role="alert">{format!("还有 {count} 处需要修改，没有保存。")}</p> }
    })
}
