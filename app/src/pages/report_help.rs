//! `/report/help`, "哪些情况可以申报": in plain words, which households the documents monitor,
//! the form's risk causes, 两不愁三保障 and 饮水安全, the 防贫保险 products and when monitoring
//! ends, each item with the documents' own words and their source. Plain HTML: no script
//! of its own, no WebAssembly.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::source::SourceLine;
use crate::error::ErrorNotice;
use crate::model::help::{HelpGroup, HelpItem, ReportHelp};
use crate::model::PortError;

/// What a household can report, from the curated hardship data.
#[server]
pub async fn load_report_help() -> Result<ReportHelp, PortError> {
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    portal.report_help().await.map_err(crate::error::report)
}

/// The help page of the 防贫申报 form.
#[component]
pub fn ReportHelpPage() -> impl IntoView {
    let help = Resource::new(|| (), |()| load_report_help());
    let hotline = crate::ports::hotline();
    view! {
        <Title text="哪些情况可以申报"/>
        <Meta name="description" content="防贫申报的白话说明：哪些家庭是监测重点，表单上每一项困难指什么，“两不愁三保障”和饮水安全，防贫保险，什么时候不再监测。每项都附文件原文和出处。"/>
        <nav class="breadcrumb" aria-label="位置">
            <a href="/report">"防贫申报"</a> " › " <span>"哪些情况可以申报"</span>
        </nav>
        <h1>"哪些情况可以申报"</h1>
        <p class="lead" data-read-aloud="">
            "家里遇到困难、担心返贫致贫，都可以申报。下面用白话说明文件里的说法，"
            "每一项都附文件原文和出处。拿不准也没关系：申报后，村里会上门核实。"
        </p>
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match help.await {
                    Ok(help) => view! { <Help help/> }.into_any(),
                    Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                }
            })}
        </Suspense>
        <section class="report-box" aria-labelledby="help-next-heading">
            <h2 id="help-next-heading">"准备好了？"</h2>
            <p><a class="button" href="/report">"去填写防贫申报"</a></p>
            <p>"不会填或不方便填，可以请村干部代为申报，或拨打热线 " {hotline} "。"</p>
            <p class="hint">{crate::pages::report::ON_DEVICE}</p>
        </section>
    }
}

#[component]
fn Help(help: ReportHelp) -> impl IntoView {
    let ReportHelp {
        households,
        risks,
        guarantees,
        insurance,
        exit,
    } = help;
    let mut toc = vec![
        (households.id.clone(), households.heading.clone()),
        (risks.id.clone(), risks.heading.clone()),
        (guarantees.id.clone(), guarantees.heading.clone()),
    ];
    if !insurance.is_empty() {
        toc.push(("insurance".into(), "防贫保险".into()));
    }
    toc.push((exit.id.clone(), exit.heading.clone()));
    let toc = toc
        .into_iter()
        .map(|(id, heading)| view! { <li><a href=format!("#{id}")>{heading}</a></li> })
        .collect_view();
    let other = view! {
        <p class="notice">
            "以上都不符合，但家里生活确实有困难，请在表单上选“其他”，在情况说明里写清楚发生了什么。"
        </p>
    };
    let insurance = (!insurance.is_empty()).then(|| {
        let groups = insurance
            .into_iter()
            .map(|group| view! { <Group group level=3/> }.into_any())
            .collect_view();
        view! {
            <section id="insurance" aria-labelledby="insurance-heading">
                <h2 id="insurance-heading">"防贫保险"</h2>
                <p>"下面是文件写到的防贫保险和它们针对的风险。想了解能不能买、怎么买，请问村里或乡镇。"</p>
                {groups}
            </section>
        }
    });
    // Each part erased to `AnyView`: the page's nested view type is otherwise too deep for
    // the compiler's layout queries in the WebAssembly release build.
    view! {
        <nav class="toc" aria-label="本页目录"><ul>{toc}</ul></nav>
        {view! { <Group group=households level=2/> }.into_any()}
        {view! { <Group group=risks level=2>{other}</Group> }.into_any()}
        {view! { <Group group=guarantees level=2/> }.into_any()}
        {insurance.map(IntoAny::into_any)}
        {view! { <Group group=exit level=2/> }.into_any()}
    }
    .into_any()
}

/// One part of the page under a heading of `level` (2 or 3), its items a level below.
#[component]
fn Group(
    group: HelpGroup,
    level: u8,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let HelpGroup {
        id,
        heading,
        lead,
        items,
        note,
    } = group;
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let heading = if level <= 2 {
        view! { <h2 id=heading_id>{heading}</h2> }.into_any()
    } else {
        view! { <h3 id=heading_id>{heading}</h3> }.into_any()
    };
    let lead = (!lead.is_empty()).then(|| view! { <p>{lead}</p> });
    let empty = items
        .is_empty()
        .then(|| view! { <p class="notice">"资料未提供。"</p> });
    let item_level = level + 1;
    let items = items
        .into_iter()
        .map(|item| view! { <Item item level=item_level/> }.into_any())
        .collect_view();
    let note = (!note.is_empty()).then(|| view! { <p class="editor-note">"编者注：" {note}</p> });
    let extra = children.map(|children| children());
    view! {
        <section id=id aria-labelledby=labelled_by class="help-group">
            {heading}
            {lead}
            {empty}
            <div class="figure-list">{items}</div>
            {note}
            {extra}
        </section>
    }
}

/// One item: its name, plain words, points, the first quote with its source, the other
/// quotes folded away, and an editor's note.
#[component]
fn Item(item: HelpItem, level: u8) -> impl IntoView {
    let HelpItem {
        id,
        name,
        plain,
        points,
        quotes,
        note,
    } = item;
    let name = if level <= 3 {
        view! { <h3 class="figure-name">{name}</h3> }.into_any()
    } else {
        view! { <h4 class="figure-name">{name}</h4> }.into_any()
    };
    let plain =
        (!plain.is_empty()).then(|| view! { <p class="help-plain" data-read-aloud="">{plain}</p> });
    let points = (!points.is_empty()).then(|| {
        let points = points
            .into_iter()
            .map(|point| view! { <li>{point}</li> })
            .collect_view();
        view! { <ul class="help-points">{points}</ul> }
    });
    let mut quotes = quotes.into_iter();
    let first = quotes.next().map(|quote| {
        view! {
            <blockquote class="quote"><p>{quote.text}</p></blockquote>
            <SourceLine sources=vec![quote.source]/>
        }
    });
    let more: Vec<_> = quotes.collect();
    let more = (!more.is_empty()).then(|| {
        let count = more.len();
        let quotes = more
            .into_iter()
            .map(|quote| {
                view! {
                    <li>
                        <blockquote class="quote"><p>{quote.text}</p></blockquote>
                        <SourceLine sources=vec![quote.source]/>
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="help-more">
                <summary>{format!("文件中另有 {count} 处提到")}</summary>
                <ul>{quotes}</ul>
            </details>
        }
    });
    let note = (!note.is_empty()).then(|| view! { <p class="editor-note">"编者注：" {note}</p> });
    view! {
        <article class="figure help-item" id=id>
            {name}
            {plain}
            {points}
            {first}
            {more}
            {note}
        </article>
    }
}
