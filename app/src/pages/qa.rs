//! `/qa`: every curated answer, grouped by topic, each with its place first and its own
//! anchor (`/qa#qa-001`); `?region=` (a plain GET form) keeps one place's answers.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::error::ErrorNotice;
use crate::model::places::{self, PLACES};
use crate::model::qa::{QaItem, QaListing, QaTopic};
use crate::model::PortError;

/// The list, filtered to `region` when it names a known place.
#[server]
pub async fn load_qa(region: String) -> Result<QaListing, PortError> {
    use crate::error::report;
    let portal = crate::ports::use_portal().map_err(report)?;
    let items = portal.qa_items().await.map_err(report)?;
    let place = places::by_key(&region).map(|p| p.key);
    Ok(QaListing::group(items, place))
}

/// The anchor of a topic's section.
fn topic_anchor(index: usize) -> String {
    format!("topic-{}", index + 1)
}

/// The list page.
#[component]
pub fn QaPage() -> impl IntoView {
    let region = use_query_map()
        .get_untracked()
        .get("region")
        .unwrap_or_default();
    let chosen = places::by_key(&region).map(|p| p.key);
    let listing = Resource::new(move || region.clone(), load_qa);
    let title = match chosen.and_then(places::by_key) {
        Some(place) => format!("政策问答：{}", place.label()),
        None => "政策问答：按主题浏览".to_string(),
    };
    view! {
        <Title text=title/>
        <Meta name="description" content="整理好的全部政策问答，按医疗、教育、住房、就业、产业等主题分组，每条写明是哪个地区的政策，附文件原文和出处。"/>
        <h1>"政策问答：按主题浏览"</h1>
        <p class="lead">
            "这里是整理好的全部问答。五份文件来自三个省的五个地方，每条问答先写明是哪里的政策：别的地方的规定，不一定适用于您家。也可以"
            <a href="/ask">"直接输入问题查找"</a> "。"
        </p>
        <form method="get" action="/qa" class="filters qa-filter">
            <label for="qa-region">"只看一个地区"</label>
            <PlaceSelect id="qa-region" chosen=chosen.map(str::to_string) any="全部地区"/>
            <button type="submit">"筛选"</button>
        </form>
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match listing.await {
                    Ok(listing) => view! { <Listing listing/> }.into_any(),
                    Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Listing(listing: QaListing) -> impl IntoView {
    let count = match listing.place.as_deref().and_then(places::by_key) {
        Some(place) => format!(
            "{}：{} 条问答（全部地区共 {} 条）。",
            place.label(),
            listing.shown(),
            listing.total
        ),
        None => format!("共 {} 条问答。", listing.total),
    };
    let toc = listing
        .topics
        .iter()
        .enumerate()
        .map(|(index, topic)| {
            let href = format!("#{}", topic_anchor(index));
            view! { <li><a href=href>{format!("{}（{}）", topic.topic, topic.items.len())}</a></li> }
        })
        .collect_view();
    let topics = listing
        .topics
        .into_iter()
        .enumerate()
        .map(|(index, topic)| view! { <TopicSection index topic/> })
        .collect_view();
    view! {
        <p class="qa-count" data-count=listing.total>{count}</p>
        <nav class="toc" aria-label="主题"><ul>{toc}</ul></nav>
        {topics}
    }
}

#[component]
fn TopicSection(index: usize, topic: QaTopic) -> impl IntoView {
    let id = topic_anchor(index);
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let heading = format!("{}（{} 条）", topic.topic, topic.items.len());
    view! {
        <section id=id class="qa-topic" aria-labelledby=labelled_by>
            <h2 id=heading_id>{heading}</h2>
            {topic.items.into_iter().map(|item| view! { <QaEntry item/> }).collect_view()}
        </section>
    }
}

/// A `region` select of the five places, `any` first (the empty choice).
#[component]
pub fn PlaceSelect(id: &'static str, chosen: Option<String>, any: &'static str) -> impl IntoView {
    let options = PLACES
        .iter()
        .map(|place| {
            let selected = chosen.as_deref() == Some(place.key);
            view! { <option value=place.key selected=selected>{place.label()}</option> }
        })
        .collect_view();
    view! {
        <select id=id name="region">
            <option value="" selected=chosen.is_none()>{any}</option>
            {options}
        </select>
    }
}

/// One answer: its place first, then the question, the answer, the document's words.
#[component]
pub fn QaEntry(item: QaItem) -> impl IntoView {
    let QaItem {
        id,
        question,
        answer,
        quote,
        place,
        source,
        url,
        ..
    } = item;
    let ask = crate::model::search::ask_href(&question);
    view! {
        <article id=id class="ask-answer qa-entry">
            <p class="place">{place}</p>
            <h3>{question}</h3>
            <p data-read-aloud="">{answer}</p>
            <blockquote class="quote"><p>{quote}</p></blockquote>
            <p class="source">"出处：" {source} " · " <a href=url>"看原文这一节"</a>
                " · " <a href=ask>"查相关问答"</a></p>
        </article>
    }
}
