//! The report form checks itself with the server's rules. A field is checked once it has been
//! left, and again as it is corrected; on 提交申报 the whole report is checked, and a report
//! the rules refuse is not sent (so a phone without a network never queues it): the problems
//! appear above the form and beside each field, as the server would show them. What the
//! rules accept is sent as before; the server checks it again and decides.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use rules::report::{self, Field, FieldError, ReportForm, FIELDS};
use serde::Serialize;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement, HtmlFormElement, SubmitEvent};

use crate::dom;

/// The form's id, and the mark that asks for the check (the public form has it; the staff's
/// 代报 form, whose village is typed as a code, does not).
pub const FORM_ID: &str = "report-form";
pub const ENHANCE: &str = "check";

/// One problem as `checkReport` gives it to a script.
#[derive(Debug, Serialize)]
pub struct Problem {
    field: &'static str,
    anchor: String,
    message: String,
}

impl Problem {
    pub fn of(error: &FieldError) -> Problem {
        Problem {
            field: error.field.name(),
            anchor: error.field.anchor(),
            message: error.message.clone(),
        }
    }
}

/// China's date on this phone's clock.
pub fn today() -> NaiveDate {
    #[expect(
        clippy::cast_possible_truncation,
        reason = "milliseconds since 1970 are far inside i64"
    )]
    let millis = js_sys::Date::now() as i64;
    report::china_date(millis).unwrap_or_default()
}

/// What the server's rules find in a form as it would be posted.
pub fn problems(body: &str) -> Vec<FieldError> {
    report::problems_in_body(body.as_bytes(), today())
}

pub fn enhance() {
    let Some(document) = dom::document() else {
        return;
    };
    let Some(form) = document
        .get_element_by_id(FORM_ID)
        .and_then(|e| e.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    if form.get_attribute("data-enhance").as_deref() != Some(ENHANCE) {
        return;
    }
    // The fields the server already found problems in count as left: correcting one clears
    // its message.
    let touched: Rc<RefCell<Vec<Field>>> = Rc::new(RefCell::new(
        FIELDS
            .into_iter()
            .filter(|f| {
                document
                    .get_element_by_id(&report::message_id(*f))
                    .is_some()
            })
            .collect(),
    ));

    let refresh = {
        let (document, form, touched) = (document.clone(), form.clone(), touched.clone());
        move || {
            if let Some(body) = dom::body_of(&form) {
                show(&document, &problems(&body), &touched.borrow());
            }
        }
    };
    let refresh = Rc::new(refresh);

    {
        let (touched, refresh) = (touched.clone(), refresh.clone());
        dom::listen(&form, "focusout", move |event| {
            let Some(field) = field_of(&event) else {
                return;
            };
            {
                let mut touched = touched.borrow_mut();
                if !touched.contains(&field) {
                    touched.push(field);
                }
            }
            refresh();
        });
    }
    for kind in ["input", "change"] {
        let (touched, refresh) = (touched.clone(), refresh.clone());
        dom::listen(&form, kind, move |event| {
            if field_of(&event).is_some_and(|f| touched.borrow().contains(&f)) {
                refresh();
            }
        });
    }
    {
        let (document, form_element, touched) = (document.clone(), form.clone(), touched.clone());
        dom::listen(&form, "submit", move |event| {
            let Some(body) = dom::body_of(&form_element) else {
                return;
            };
            if !is_a_report(&event, &body) {
                return;
            }
            let problems = problems(&body);
            if problems.is_empty() {
                return;
            }
            event.prevent_default();
            *touched.borrow_mut() = FIELDS.to_vec();
            show(&document, &problems, &FIELDS);
            summary(&document, &form_element, &problems);
        });
    }
    // Marked as the server's plain scripts mark their parts, once it listens.
    let _ = form.set_attribute("data-ready", "true");
}

/// Whether a submit sends a report: not a picker's button (it names its own address), not
/// Enter in the village finder while no village is chosen (the server finds instead).
fn is_a_report(event: &Event, body: &str) -> bool {
    let Some(by) = event
        .dyn_ref::<SubmitEvent>()
        .and_then(SubmitEvent::submitter)
    else {
        return true;
    };
    if by.has_attribute("formaction") {
        return false;
    }
    let sent = ReportForm::from_urlencoded(body.as_bytes());
    !(by.get_attribute("name").as_deref() == Some("enter")
        && !sent.find.trim().is_empty()
        && sent.village.trim().is_empty())
}

/// The field an event's control belongs to.
fn field_of(event: &Event) -> Option<Field> {
    let name = dom::target_element(event)?.get_attribute("name")?;
    report::field_named(&name)
}

/// Shows the message of every field in `shown` (none where it has no problem).
fn show(document: &Document, problems: &[FieldError], shown: &[Field]) {
    for field in FIELDS.into_iter().filter(|f| shown.contains(f)) {
        let message = problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.as_str());
        beside(document, field, message);
    }
}

/// The message beside one field, made as the server's page makes it (`FieldMessage`): in the
/// field's box before its control, the box marked invalid, the control (or the group)
/// described by the message.
fn beside(document: &Document, field: Field, message: Option<&str>) {
    let id = report::message_id(field);
    let existing = document.get_element_by_id(&id);
    let Some(control) = document.get_element_by_id(&field.anchor()) else {
        return;
    };
    let Some(container) = control.closest(".field").ok().flatten() else {
        return;
    };
    let group = container.tag_name().eq_ignore_ascii_case("fieldset");
    let described = if group { &container } else { &control };
    let Some(text) = message else {
        if let Some(old) = existing {
            old.remove();
        }
        let _ = container.class_list().remove_1("field-invalid");
        if !group {
            let _ = control.remove_attribute("aria-invalid");
        }
        describe(described, &id, false);
        return;
    };
    let message = existing.or_else(|| {
        let made = dom::element(document, "p", "field-error")?;
        made.set_id(&id);
        let before = place_in(&container, &control);
        container.insert_before(&made, before.as_ref()).ok()?;
        Some(made)
    });
    let Some(message) = message else {
        return;
    };
    message.set_text_content(None);
    if let Some(hidden) = dom::element(document, "span", "visually-hidden") {
        hidden.set_text_content(Some(report::ERROR_PREFIX));
        let _ = message.append_child(&hidden);
    }
    let _ = message.append_with_str_1(text);
    let _ = container.class_list().add_1("field-invalid");
    if !group {
        let _ = control.set_attribute("aria-invalid", "true");
    }
    describe(described, &id, true);
}

/// Where a message goes in its field's box: before the child holding the control; in a box
/// that is itself the control (the village picker), after its legend.
fn place_in(container: &Element, control: &Element) -> Option<web_sys::Node> {
    if container == control {
        let legend = container.query_selector(":scope > legend").ok().flatten();
        return match legend {
            Some(legend) => legend.next_sibling(),
            None => container.first_child(),
        };
    }
    let mut child: Element = control.clone();
    loop {
        let parent = child.parent_element()?;
        if &parent == container {
            return Some(child.into());
        }
        child = parent;
    }
}

/// Adds or takes `id` from an element's `aria-describedby`.
fn describe(element: &Element, id: &str, on: bool) {
    let now = element
        .get_attribute("aria-describedby")
        .unwrap_or_default();
    let mut ids: Vec<&str> = now.split_whitespace().filter(|i| *i != id).collect();
    if on {
        ids.push(id);
    }
    if ids.is_empty() {
        let _ = element.remove_attribute("aria-describedby");
    } else {
        let _ = element.set_attribute("aria-describedby", &ids.join(" "));
    }
}

/// The list of problems above the form, as the server's page has it, focused so it is read.
fn summary(document: &Document, form: &HtmlFormElement, problems: &[FieldError]) {
    if let Ok(Some(old)) = document.query_selector(".error-summary") {
        old.remove();
    }
    let Some(summary) = dom::element(document, "div", "error-summary") else {
        return;
    };
    let _ = summary.set_attribute("role", "alert");
    let _ = summary.set_attribute("tabindex", "-1");
    let _ = summary.set_attribute("aria-labelledby", "error-summary-title");
    if let Some(title) = dom::element(document, "h2", "") {
        title.set_id("error-summary-title");
        title.set_text_content(Some(&report::summary_title(problems.len())));
        let _ = summary.append_child(&title);
    }
    if let Some(list) = dom::element(document, "ul", "") {
        for problem in problems {
            let (Some(item), Some(link)) = (
                dom::element(document, "li", ""),
                dom::element(document, "a", ""),
            ) else {
                continue;
            };
            let _ = link.set_attribute("href", &format!("#{}", problem.field.anchor()));
            link.set_text_content(Some(&problem.message));
            let _ = item.append_child(&link);
            let _ = list.append_child(&item);
        }
        let _ = summary.append_child(&list);
    }
    if let Some(parent) = form.parent_node() {
        let _ = parent.insert_before(&summary, Some(form));
    }
    if let Ok(summary) = summary.dyn_into::<HtmlElement>() {
        let _ = summary.focus();
    }
}
