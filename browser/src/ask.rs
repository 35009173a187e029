//! The Q&A lookup without a network (`/ask`, the `ask` module). Once the page has loaded and
//! the reader has done something on it, the curated answers and what the ranking needs
//! (`/ask/offline.json`, named by the box's `data-offline`) are fetched with gloo-net and
//! opened by the server's own ranking code ([`answers::book::Shelf`]); the service worker
//! (`/sw.js`, registered here for `/ask`) keeps the page, this module and that file for the
//! next visit without a network. A question asked with no network (the browser says it is
//! offline, or the server cannot be reached) is answered here, in place, every answer marked
//! as found on the phone, with the day its copy was saved (the server's `Date` when it was
//! fetched). The page without it: the box submits and the server answers, or (no network)
//! the browser says it is offline.

use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;

use answers::book::{Offered, Offline, Reply, Shelf};
use answers::rank::Offer;
use answers::text::{place_line, ranked_for, split_marked};
use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use crate::dom;

/// The answers opened, and when the copy was saved (China's time, as the page says it).
struct Kept {
    shelf: Shelf,
    saved: Option<String>,
}

thread_local! {
    static KEPT: RefCell<Option<Rc<Kept>>> = const { RefCell::new(None) };
}

/// The box that answers offline: its form, its input and where the results go.
struct QaBox {
    input: HtmlInputElement,
    status: Option<Element>,
    into: String,
}

fn the_box() -> Option<(Element, QaBox)> {
    let root = dom::document()?
        .query_selector("[data-offline]")
        .ok()
        .flatten()?;
    let input = root
        .query_selector("input[type=\"search\"]")
        .ok()
        .flatten()?
        .dyn_into::<HtmlInputElement>()
        .ok()?;
    let status = root.query_selector("[role=\"status\"]").ok().flatten();
    let into = root.get_attribute("data-into")?;
    Some((
        root,
        QaBox {
            input,
            status,
            into,
        },
    ))
}

pub fn enhance() {
    let Some((root, _)) = the_box() else {
        return;
    };
    keep_for_offline();
    if let Some(url) = root.get_attribute("data-offline") {
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(kept) = fetch(&url).await {
                KEPT.with(|k| *k.borrow_mut() = Some(Rc::new(kept)));
                answer_the_address();
            }
        });
    }
    // Submitted with no network: answered here, the page stays.
    dom::listen(&root, "submit", |event| {
        if !online() {
            if let Some((_, the_box)) = the_box() {
                if answer(&the_box.input.value()) {
                    event.prevent_default();
                }
            }
        }
    });
}

/// Whether the browser thinks it has a network.
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Registers the service worker for `/ask` (the same one as the form's), which keeps this
/// page, its files and the answers for a visit without a network.
fn keep_for_offline() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let has = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    if !has {
        return;
    }
    let options = web_sys::RegistrationOptions::new();
    options.set_scope("/ask");
    let _ = navigator
        .service_worker()
        .register_with_options("/sw.js", &options);
}

async fn fetch(url: &str) -> Option<Kept> {
    let response = dom::fetch_ok(url).await?;
    let saved = response.headers().get("date").and_then(|d| saved_on(&d));
    let text = response.text().await.ok()?;
    let value = js_sys::JSON::parse(&text).ok()?;
    let offline: Offline = serde_wasm_bindgen::from_value(value).ok()?;
    let shelf = offline.open().ok()?;
    Some(Kept { shelf, saved })
}

/// An HTTP date (`Mon, 07 Dec 2026 15:50:00 GMT`) as China's time, the way the page says it.
pub fn saved_on(date: &str) -> Option<String> {
    let china = FixedOffset::east_opt(8 * 3600)?;
    let at = DateTime::parse_from_rfc2822(date)
        .ok()?
        .with_timezone(&china);
    Some(format!(
        "{}年{}月{}日 {:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute()
    ))
}

/// The page the service worker kept, shown for an address with a question (`/ask?q=…`)
/// without a network: its box is empty, so the question is put in and answered here.
fn answer_the_address() {
    let Some((_, the_box)) = the_box() else {
        return;
    };
    if !the_box.input.value().is_empty() {
        return;
    }
    let asked = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("q"))
        .unwrap_or_default();
    if !asked.trim().is_empty() {
        the_box.input.set_value(&asked);
        answer(&asked);
    }
}

/// Answers `query` on the phone, into the results; `false` when the answers are not here
/// (not fetched yet, never kept), or nothing was asked.
pub fn answer(query: &str) -> bool {
    let query = query.trim();
    let Some(kept) = KEPT.with(|k| k.borrow().clone()) else {
        return false;
    };
    let Some((_, the_box)) = the_box() else {
        return false;
    };
    if query.is_empty() {
        return false;
    }
    let chosen = dom::document()
        .and_then(|d| d.get_element_by_id("ask-region"))
        .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .filter(|v| !v.is_empty());
    let reply = kept.shelf.reply(query, chosen.as_deref());
    let (html, status) = results_html(query, &reply, kept.saved.as_deref());
    let Some(results) = dom::document().and_then(|d| d.get_element_by_id(&the_box.into)) else {
        return false;
    };
    results.set_inner_html(&html);
    if let Some(line) = &the_box.status {
        line.set_text_content(Some(&status));
    }
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let url = format!(
            "/ask?q={}",
            String::from(js_sys::encode_uri_component(query))
        );
        let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
    true
}

/// Text as HTML: the answers come from the county's editors, so every character that means
/// something in HTML is written as an entity (as the chart's SVG is).
fn escape(out: &mut String, text: &str) {
    out.push_str(&series::escape(text));
}

/// The results of `query` as the page shows them, and the status line: the same parts the
/// server's results have (the place ranked for, each answer with its place, its body with
/// what was found marked, its quote and source), all offered as related (the phone cannot
/// be sure an answer fits: [`Shelf::offered_offline`]), under a line saying they came from
/// the phone.
fn results_html(query: &str, reply: &Reply<'_>, saved: Option<&str>) -> (String, String) {
    let offered: Vec<&Offered<'_>> = reply
        .offered
        .iter()
        .filter(|o| Shelf::offered_offline(o.offer) != Offer::No)
        .collect();
    let mut html = String::new();
    let status = if offered.is_empty() {
        format!("离线：手机上保存的问答里没有与“{query}”相关的。")
    } else {
        format!("离线：找到 {} 条相关问答。", offered.len())
    };
    html.push_str("<div class=\"ask-results ask-offline\" data-status=\"");
    escape(&mut html, &status);
    html.push_str("\"><p class=\"notice ask-kept\">离线答案，联网后可查看原文全文。");
    if let Some(saved) = saved {
        html.push_str("这些问答是手机在 ");
        escape(&mut html, saved);
        html.push_str(" 保存的。");
    }
    html.push_str("</p>");
    if offered.is_empty() {
        html.push_str(
            "<section class=\"ask-none\" aria-labelledby=\"none-heading\"><h2 id=\"none-heading\">",
        );
        escape(
            &mut html,
            &format!("手机上保存的问答里没有与“{query}”相关的"),
        );
        html.push_str(
            "</h2><p>可以换个说法再试，比如用“看病”“上学”“贷款”“房子”这样的词；联网后还能查文件原文。</p>\
             <ul><li>家里遇到困难、担心返贫：<a href=\"/report\">填写防贫申报</a>（没有网络也能填，有网络时自动提交）。</li></ul></section></div>",
        );
        return (html, status);
    }
    if let Some(place) = reply.place {
        html.push_str("<p class=\"ask-place\">");
        escape(&mut html, &ranked_for(&place.label(), reply.named));
        html.push_str("</p>");
    }
    html.push_str("<section aria-labelledby=\"related-heading\"><h2 id=\"related-heading\">");
    escape(
        &mut html,
        &format!("相关问答（{} 条，不一定直接回答您的问题）", offered.len()),
    );
    html.push_str("</h2>");
    for offer in offered {
        article(&mut html, offer);
    }
    html.push_str("</section></div>");
    (html, status)
}

fn article(html: &mut String, offered: &Offered<'_>) {
    let answer = offered.answer;
    html.push_str("<article class=\"ask-answer\" data-id=\"");
    escape(html, &answer.id);
    html.push_str("\">");
    if let Some(place) = offered.place {
        let class = if offered.elsewhere {
            "place elsewhere"
        } else {
            "place"
        };
        let _ = write!(html, "<p class=\"{class}\">");
        escape(html, &place_line(&place.label(), offered.elsewhere));
        html.push_str("</p>");
    }
    html.push_str("<h3>");
    escape(html, &answer.question);
    html.push_str("</h3><p data-read-aloud=\"\">");
    let spans = offered.highlights.iter().map(|s| (s.from, s.to));
    for (text, marked) in split_marked(&answer.body, spans) {
        if marked {
            html.push_str("<mark>");
            escape(html, &text);
            html.push_str("</mark>");
        } else {
            escape(html, &text);
        }
    }
    html.push_str("</p>");
    if !answer.quote.is_empty() {
        html.push_str("<blockquote class=\"quote\"><p>");
        escape(html, &answer.quote);
        html.push_str("</p></blockquote>");
    }
    html.push_str("<p class=\"source\">出处：");
    escape(html, &answer.source);
    html.push_str(" · <a href=\"");
    escape(html, &answer.url);
    html.push_str("\">看原文这一节</a>（联网后可看）</p></article>");
}
