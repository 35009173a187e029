//! `/qa`: every curated answer by topic. The page itself lists the topics and every
//! question, each under its own anchor (`/qa#qa-001`, as documents link to them) and linking
//! to its answer on its topic's page (`/qa?topic=医疗#qa-001`): the answer, the document's
//! words and the section, the place first. One page of 147 answers weighed 40 KB compressed,
//! too much for a phone on a slow network; the list is about 9 KB and a topic at most about
//! 8. `?region=` (a plain GET form) keeps one place's answers on either.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::error::ErrorNotice;
use crate::model::places::{self, PLACES};
use crate::model::qa::{QaItem, QaListing, QaTopic, TOPICS};
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

/// The address of a topic's page, keeping the place chosen (汉字 as they are, as
/// `ask_href` writes them: topic names are plain 汉字).
fn topic_href(topic: &str, place: Option<&str>) -> String {
    match place {
        Some(place) => format!("/qa?topic={topic}&region={place}"),
        None => format!("/qa?topic={topic}"),
    }
}

/// The list page.
#[component]
pub fn QaPage() -> impl IntoView {
    let region = use_query_map()
        .get_untracked()
        .get("region")
        .unwrap_or_default();
    let topic = use_query_map()
        .get_untracked()
        .get("topic")
        .filter(|t| TOPICS.contains(&t.as_str()));
    let chosen = places::by_key(&region).map(|p| p.key);
    let listing = Resource::new(move || region.clone(), load_qa);
    let title = match (&topic, chosen.and_then(places::by_key)) {
        (Some(topic), Some(place)) => format!("政策问答：{topic}（{}）", place.label()),
        (Some(topic), None) => format!("政策问答：{topic}"),
        (None, Some(place)) => format!("政策问答：{}", place.label()),
        (None, None) => "政策问答：按主题浏览".to_string(),
    };
    let heading = topic.as_ref().map_or_else(
        || "政策问答：按主题浏览".to_string(),
        |topic| format!("政策问答：{topic}"),
    );
    let hidden_topic = topic
        .clone()
        .map(|topic| view! { <input type="hidden" name="topic" value=topic/> });
    view! {
        <Title text=title/>
        <Meta name="description" content="整理好的全部政策问答，按医疗、教育、住房、就业、产业等主题分组，每条写明是哪个地区的政策，附文件原文和出处。"/>
        <h1>{heading}</h1>
        <p class="lead">
            "这里是整理好的全部问答。五份文件来自三个省的五个地方，每条问答先写明是哪里的政策：别的地方的规定，不一定适用于您家。也可以"
            <a href="/ask">"直接输入问题查找"</a> "。"
        </p>
        <form method="get" action="/qa" class="filters qa-filter">
            {hidden_topic}
            <label for="qa-region">"只看一个地区"</label>
            <PlaceSelect id="qa-region" chosen=chosen.map(str::to_string) any="全部地区"/>
            <button type="submit">"筛选"</button>
        </form>
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || {
                let topic = topic.clone();
                Suspend::new(async move {
                match listing.await {
                    Ok(listing) => view! { <Listing listing topic/> }.into_any(),
                    Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                }
            })
            }}
        </Suspense>
    }
}

/// The topics and their questions; with `topic`, that topic's answers in full.
#[component]
fn Listing(listing: QaListing, topic: Option<String>) -> impl IntoView {
    let count = match listing.place.as_deref().and_then(places::by_key) {
        Some(place) => format!(
            "{}：{} 条问答（全部地区共 {} 条）。",
            place.label(),
            listing.shown(),
            listing.total
        ),
        None => format!("共 {} 条问答。", listing.total),
    };
    let place = listing.place.clone();
    let place = place.as_deref();
    let toc = listing
        .topics
        .iter()
        .enumerate()
        .map(|(index, t)| {
            let label = format!("{}（{}）", t.topic, t.items.len());
            let current = topic.as_deref() == Some(t.topic.as_str());
            let href = if topic.is_some() {
                topic_href(&t.topic, place)
            } else {
                format!("#{}", topic_anchor(index))
            };
            view! { <li><a href=href aria-current=current.then_some("page")>{label}</a></li> }
        })
        .collect_view();
    let body = match topic {
        Some(topic) => {
            let items = listing
                .topics
                .into_iter()
                .find(|t| t.topic == topic)
                .map(|t| t.items)
                .unwrap_or_default();
            let all = match place {
                Some(place) => format!("/qa?region={place}"),
                None => "/qa".to_string(),
            };
            view! {
                {(items.is_empty()).then(|| view! { <p>"这个地区在这个主题下没有整理好的问答。"</p> })}
                {items.into_iter().map(|item| view! { <QaEntry item/> }).collect_view()}
                <p><a href=all>"看全部主题的问题"</a></p>
            }
            .into_any()
        }
        None => listing
            .topics
            .into_iter()
            .enumerate()
            .map(|(index, topic)| view! { <TopicQuestions index topic place=place.map(str::to_string)/> })
            .collect_view()
            .into_any(),
    };
    view! {
        <p class="qa-count" data-count=listing.total>{count}</p>
        <nav class="toc" aria-label="主题"><ul>{toc}</ul></nav>
        {body}
    }
}

/// A topic's questions on the list, each under its own anchor and linking to its answer on
/// the topic's page.
#[component]
fn TopicQuestions(index: usize, topic: QaTopic, place: Option<String>) -> impl IntoView {
    let id = topic_anchor(index);
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let page = topic_href(&topic.topic, place.as_deref());
    let heading = format!("{}（{} 条）", topic.topic, topic.items.len());
    let questions = topic
        .items
        .into_iter()
        .map(|item| {
            let href = format!("{page}#{}", item.id);
            view! { <li id=item.id class="qa-question"><a href=href>{item.question}</a></li> }
        })
        .collect_view();
    view! {
        <section id=id class="qa-topic" aria-labelledby=labelled_by>
            <h2 id=heading_id><a href=page.clone()>{heading}</a></h2>
            <ul class="qa-questions">{questions}</ul>
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
