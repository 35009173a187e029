//! `/ask?q=`: the policy Q&A lookup. The server answers the query in the address, so the
//! page works as a plain form; the [`AskBox`] then answers (with `/live.js`) as the reader types.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::controls::ask::{AskBox, RESULTS_ID};
use crate::error::ErrorNotice;
use crate::model::search::{bounded_query, SearchHit, SearchResults};
use crate::model::PortError;
use crate::pages::qa::PlaceSelect;

/// Questions offered before anything is typed, in the words people use.
pub const EXAMPLES: [&str; 6] = [
    "看病能报多少",
    "危房改造",
    "娃儿上学有补助吗",
    "想贷款养牛",
    "出去打工有补贴吗",
    "怎么申请低保",
];

/// What `/ask` shows: the results (`None` when nothing was asked) and the hotline to offer,
/// the chosen place's own when it is one county with a hotline of its own.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AskAnswer {
    pub found: Option<SearchResults>,
    pub hotline: String,
}

/// The results for `q` ranked for the place `region`, with the hotline of that place.
#[server]
pub async fn ask(q: String, region: String) -> Result<AskAnswer, PortError> {
    let place = crate::model::places::by_key(&region);
    let (hotline, _) =
        crate::ports::county_hotline(place.and_then(crate::model::places::Place::county)).await;
    // The same limit as the page's own `?q=`.
    let q = bounded_query(&q);
    if q.trim().is_empty() {
        return Ok(AskAnswer {
            found: None,
            hotline,
        });
    }
    let search = crate::ports::use_search().map_err(crate::error::report)?;
    let found = search
        .search(&q, place.map(|p| p.key))
        .map_err(crate::error::report)?;
    Ok(AskAnswer {
        found: Some(found),
        hotline,
    })
}

/// The place `/ask` ranks first: the one in the address (`?region=`, remembered in a
/// cookie from then on; empty forgets it), else the one remembered.
fn chosen_place() -> Option<String> {
    let asked = use_query_map().get_untracked().get("region");
    let Some(asked) = asked else {
        return crate::prefs::request_prefs().place;
    };
    let place = crate::model::places::by_key(&asked).map(|p| p.key.to_string());
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(cookie) =
            http::HeaderValue::from_str(&crate::prefs::place_cookie(place.as_deref()))
        {
            response.insert_header(http::header::SET_COOKIE, cookie);
        }
    }
    place
}

/// The plain form that chooses the place (no script needed): the question is kept.
#[component]
fn PlaceChoice(query: String, place: Option<String>) -> impl IntoView {
    view! {
        <form class="filters place-choice" method="get" action="/ask">
            <input type="hidden" name="q" value=query/>
            <label for="ask-region">"我在哪里"</label>
            <PlaceSelect id="ask-region" chosen=place any="不限地区"/>
            <button type="submit">"按这个地区排"</button>
            <p class="hint">"选了以后，这个地区的问答排在前面，别处的会注明；本机会记住这个选择。"</p>
        </form>
    }
}

/// The lookup page.
#[component]
pub fn AskPage() -> impl IntoView {
    let query = bounded_query(&use_query_map().get_untracked().get("q").unwrap_or_default());
    let title = if query.is_empty() {
        "政策问答".to_string()
    } else {
        format!("“{query}”的政策问答")
    };
    let place = chosen_place();
    let asked = (query.clone(), place.clone().unwrap_or_default());
    let results = Resource::new(move || asked.clone(), |(q, region)| ask(q, region));
    view! {
        <Title text=title/>
        <Meta name="description" content="用自己的话问乡村振兴政策：看病、上学、住房、贷款、就业、防返贫监测……每个回答都附文件原文和出处。"/>
        <h1>"政策问答"</h1>
        <p class="lead">"输入想问的事，先给出整理好的问答，再列出文件原文里相关的段落，每条都能点开原文核对。也可以"
            <a href="/qa">"按主题浏览全部问答"</a> "。"</p>
        <Suspense fallback=|| view! { <p>"正在查找…"</p> }>
            {move || {
                let query = query.clone();
                let place = place.clone();
                Suspend::new(async move {
                    match results.await {
                        Ok(AskAnswer { found, hotline }) => {
                            let status = found.as_ref().map(status_line).unwrap_or_default();
                            view! {
                                <AskBox query=query.clone() status/>
                                <PlaceChoice query place/>
                                <div id=RESULTS_ID>
                                    <ResultsOrExamples found hotline/>
                                </div>
                            }
                            .into_any()
                        }
                        Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The one-line count of what was found, read out by screen readers as results change.
pub fn status_line(found: &SearchResults) -> String {
    let answers = found.confident_answers();
    let related = found.answers() - answers;
    let passages = found.results.len() - found.answers();
    if found.results.is_empty() {
        format!("没有找到与“{}”相关的内容。", found.query)
    } else if related > 0 {
        format!("找到 {answers} 条问答、{related} 条相关问答、{passages} 段文件原文。")
    } else {
        format!("找到 {answers} 条问答、{passages} 段文件原文。")
    }
}

/// The results, or the examples when nothing was asked: what `#ask-results` holds.
#[component]
pub fn ResultsOrExamples(found: Option<SearchResults>, hotline: String) -> impl IntoView {
    match found {
        Some(found) => view! { <AskResults found hotline/> }.into_any(),
        None => view! { <AskExamples/> }.into_any(),
    }
}

/// The same, as HTML for the box to put in place while the reader types.
#[cfg(feature = "ssr")]
pub fn results_html(found: Option<SearchResults>, hotline: String) -> String {
    use leptos::tachys::view::RenderHtml;
    Owner::new().with(|| view! { <ResultsOrExamples found hotline/> }.to_html())
}

#[component]
fn AskExamples() -> impl IntoView {
    view! {
        <section class="ask-examples" aria-labelledby="examples-heading" data-status="">
            <h2 id="examples-heading">"大家常问"</h2>
            <ul class="chips">
                {EXAMPLES
                    .iter()
                    .map(|q| {
                        let href = crate::model::search::ask_href(q);
                        view! { <li><a href=href>{*q}</a></li> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// Curated answers first, then document passages; or a plain "nothing found" with where
/// to turn instead.
#[component]
fn AskResults(found: SearchResults, hotline: String) -> impl IntoView {
    if found.results.is_empty() {
        let tel = format!("tel:{hotline}");
        let status = status_line(&found);
        return view! {
            <section class="ask-none" aria-labelledby="none-heading" data-status=status>
                <h2 id="none-heading">{format!("没有找到与“{}”相关的政策内容", found.query)}</h2>
                <p>"可以换个说法再试，比如用“看病”“上学”“贷款”“房子”这样的词。"</p>
                <ul>
                    <li>"打电话问：" <a href=tel>{hotline.clone()}</a> "（工作日白天有人接听）"</li>
                    <li>"家里遇到困难、担心返贫：" <a href="/report">"填写防贫申报"</a> "，村里和乡镇会按时限处理。"</li>
                </ul>
            </section>
        }
        .into_any();
    }
    let status = status_line(&found);
    let expansions = (!found.expansions.is_empty()).then(|| {
        let words = found
            .expansions
            .iter()
            .map(|e| format!("“{}”→{}", e.word, e.terms.join("、")))
            .collect::<Vec<_>>()
            .join("；");
        view! { <p class="ask-expanded">"也按政策用语查找了：" {words}</p> }
    });
    let ranked_for = found.place.clone().map(|place| {
        let text = answers::text::ranked_for(&place, found.place_in_question);
        view! { <p class="ask-place">{text}</p> }
    });
    let (curated, passages): (Vec<SearchHit>, Vec<SearchHit>) = found
        .results
        .into_iter()
        .partition(|hit| hit.kind == crate::model::search::HitKind::Qa);
    let (answers, related): (Vec<SearchHit>, Vec<SearchHit>) =
        curated.into_iter().partition(|hit| hit.confident);
    // When no curated entry answers the question itself, say so before anything else.
    let unanswered = answers.is_empty().then(|| {
        let tel = format!("tel:{hotline}");
        view! {
            <p class="notice ask-unanswered">
                "整理好的问答里没有直接回答这个问题的。下面是可能相关的内容；也可以拨打 "
                <a href=tel>{hotline.clone()}</a> " 咨询，家里遇到困难可以直接 "
                <a href="/report">"填写防贫申报"</a> "。"
            </p>
        }
    });
    let answers = (!answers.is_empty()).then(|| {
        view! {
            <section aria-labelledby="answers-heading">
                <h2 id="answers-heading">{format!("问答（{} 条）", answers.len())}</h2>
                {answers.into_iter().map(|hit| view! { <Answer hit/> }).collect_view()}
            </section>
        }
    });
    let related = (!related.is_empty()).then(|| {
        view! {
            <section aria-labelledby="related-heading">
                <h2 id="related-heading">{format!("相关问答（{} 条，不一定直接回答您的问题）", related.len())}</h2>
                {related.into_iter().map(|hit| view! { <Answer hit/> }).collect_view()}
            </section>
        }
    });
    let passages = (!passages.is_empty()).then(|| {
        view! {
            <section aria-labelledby="passages-heading">
                <h2 id="passages-heading">{format!("文件原文（{} 段）", passages.len())}</h2>
                {passages.into_iter().map(|hit| view! { <Passage hit/> }).collect_view()}
            </section>
        }
    });
    view! {
        <div class="ask-results" data-status=status>
            {ranked_for}
            {expansions}
            {unanswered}
            {answers}
            {related}
            {passages}
        </div>
    }
    .into_any()
}

#[component]
fn Marked(hit: SearchHit) -> impl IntoView {
    hit.snippet_parts()
        .into_iter()
        .map(|(text, marked)| {
            if marked {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view()
}

#[component]
fn Answer(hit: SearchHit) -> impl IntoView {
    let quote = hit.quote.clone();
    let source = hit.source.clone();
    let url = hit.url.clone();
    let title = hit.title.clone();
    let id = hit.id.clone();
    let place = place_line(hit.place.clone(), hit.elsewhere);
    view! {
        <article class="ask-answer" data-id=id>
            {place}
            <h3>{title}</h3>
            <p data-read-aloud=""><Marked hit/></p>
            {quote.map(|quote| view! {
                <blockquote class="quote">
                    <p>{quote}</p>
                </blockquote>
            })}
            <p class="source">"出处：" {source} " · " <a href=url>"看原文这一节"</a></p>
        </article>
    }
}

/// The place an answer or passage speaks for, first of all; marked when it is not the
/// reader's.
fn place_line(place: String, elsewhere: bool) -> Option<AnyView> {
    (!place.is_empty()).then(|| {
        let class = if elsewhere {
            "place elsewhere"
        } else {
            "place"
        };
        let text = answers::text::place_line(&place, elsewhere);
        view! { <p class=class>{text}</p> }.into_any()
    })
}

#[component]
fn Passage(hit: SearchHit) -> impl IntoView {
    let source = hit.source.clone();
    let url = hit.url.clone();
    let title = hit.title.clone();
    let id = hit.id.clone();
    let place = place_line(hit.place.clone(), hit.elsewhere);
    view! {
        <article class="ask-passage" data-id=id>
            {place}
            <h3><a href=url>{title}</a></h3>
            <p><Marked hit/></p>
            <p class="source">"出处：" {source}</p>
        </article>
    }
}
