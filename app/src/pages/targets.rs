//! `/targets`: every dated target of the documents, by region and topic, beside the
//! baselines of the same measure; the editors' pairings say so, with both quotes.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::dataset::DatasetMeta;
use crate::components::source::SourceLine;
use crate::error::ErrorNotice;
use crate::model::indicators::IndicatorRecord;
use crate::model::targets::{Judged, PairedFigure, TargetRow, TargetsBoard};
use crate::model::PortError;

/// The board.
#[server]
pub async fn load_targets() -> Result<TargetsBoard, PortError> {
    use crate::error::report;
    let portal = crate::ports::use_portal().map_err(report)?;
    let graphics = crate::ports::use_graphics().map_err(report)?;
    let mut board = portal.targets_board().await.map_err(report)?;
    for row in board.groups.iter_mut().flat_map(|g| g.rows.iter_mut()) {
        if let Some(chart) = row.chart() {
            row.chart_svg = graphics.series_chart(&chart).map_err(report)?;
        }
    }
    Ok(board)
}

/// The page.
#[component]
pub fn TargetsPage() -> impl IntoView {
    let board = Resource::new(|| (), |()| load_targets());
    view! {
        <Title text="目标与进展"/>
        <Meta name="description" content="各地文件里有年份的目标，和同一地区、同一单位的基数、实际数放在一起：完成了多少、还差几年，每个数字注明出处。"/>
        <h1>"目标与进展"</h1>
        <DatasetMeta dataset=crate::model::open_data::TARGETS_DATASET/>
        <p class="lead">"文件里每个写明年份的目标，和文件给出的同一地区、同一单位的基数或实际数放在一起。两个数字名称不同、由本站编辑判断为同一指标的，会注明并附上两处原文。本站不估算任何数字。"</p>
        <p class="downloads">"下载：" <a href="/api/v1/targets.csv">"CSV"</a> " · " <a href="/api/v1/targets">"JSON"</a></p>
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(board) => view! { <Board board/> }.into_any(),
                    Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Board(board: TargetsBoard) -> impl IntoView {
    let summary = format!(
        "共 {} 个目标，其中 {} 个有可对照的基数或实际数（文件自己并列的 {} 处，编者判断的 {} 处）。",
        board.targets, board.with_base, board.document_pairs, board.editor_pairs
    );
    let toc = board
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            view! { <li><a href=format!("#g-{}", i + 1)>{format!("{} · {}（{}）", g.region, g.category, g.rows.len())}</a></li> }
        })
        .collect_view();
    let groups = board
        .groups
        .into_iter()
        .enumerate()
        .map(|(i, group)| {
            let id = format!("g-{}", i + 1);
            let heading = format!("{} · {}", group.region, group.category);
            let rows = group
                .rows
                .into_iter()
                .map(|row| view! { <Target row/> })
                .collect_view();
            view! {
                <section id=id class="target-group">
                    <h2>{heading}</h2>
                    {rows}
                </section>
            }
        })
        .collect_view();
    view! {
        <p class="targets-count" data-targets=board.targets data-with-base=board.with_base>{summary}</p>
        <nav class="toc" aria-label="地区与主题"><ul>{toc}</ul></nav>
        {groups}
    }
}

/// A figure in one line: kind, year, number with unit and qualifier.
fn figure_line(figure: &IndicatorRecord) -> String {
    format!(
        "{}（{}）：{}",
        figure.kind_label(),
        figure.year_label(),
        figure.figure()
    )
}

#[component]
fn Target(row: TargetRow) -> impl IntoView {
    let summary = row.summary();
    let chart = row.chart().map(|_| {
        view! {
            <figure class="chart">
                <div class="chart-svg" aria-hidden="true" inner_html=row.chart_svg.clone()></div>
                <figcaption>{summary}</figcaption>
            </figure>
        }
    });
    let TargetRow {
        target,
        bases,
        share,
        years_between,
        ..
    } = row;
    let progress = share.map(|share| {
        let years = years_between
            .map(|y| format!("，与目标年份相隔 {y} 年"))
            .unwrap_or_default();
        view! { <p class="target-share">{format!("最近的数字相当于目标的 {share}%{years}。")}</p> }
    });
    let none = bases
        .is_empty()
        .then(|| view! { <p class="hint">"文件没有给出同一指标的基数或实际数。"</p> });
    let target_quote = target.quote.clone();
    let bases = bases
        .into_iter()
        .map(|base| view! { <Base base target_quote=target_quote.clone()/> })
        .collect_view();
    view! {
        <article class="target" id=target.id.clone()>
            <h3>{target.indicator.clone()}</h3>
            <p class="target-figure"><strong>{figure_line(&target)}</strong> " " <SourceLine sources=vec![target.source.clone()]/></p>
            {bases}
            {none}
            {progress}
            {chart}
        </article>
    }
}

#[component]
fn Base(base: PairedFigure, target_quote: String) -> impl IntoView {
    let PairedFigure {
        figure,
        judged,
        note,
        confirmed,
    } = base;
    let judgement = (judged == Judged::Editor).then(|| {
        let confirmed = if confirmed {
            "（已由工作人员确认）"
        } else {
            ""
        };
        view! {
            <div class="editor-pair">
                <p class="editor-note">{format!("{note}{confirmed}")}</p>
                <blockquote class="quote"><p>{target_quote}</p></blockquote>
                <blockquote class="quote"><p>{figure.quote.clone()}</p></blockquote>
            </div>
        }
    });
    view! {
        <p class="target-base">{format!("{}：{}", figure.indicator, figure_line(&figure))} " "
            <SourceLine sources=vec![figure.source.clone()]/></p>
        {judgement}
    }
}

/// `/staff/content/targets`: every pairing, with confirm, undo and restore for those the
/// user may decide on.
#[component]
pub fn TargetPairsPage() -> impl IntoView {
    use crate::model::targets::{PairStatus, TargetPairsView};
    use crate::pages::staff::{SignInFirst, StaffBar};
    let Some(view) = use_context::<TargetPairsView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let TargetPairsView {
        user,
        csrf,
        pairs,
        done,
    } = view;
    let saved = (!done.is_empty()).then(|| view! { <p class="notice" role="status">{done}</p> });
    let items = pairs
        .into_iter()
        .map(|line| {
            let status = match (line.pair.judged, line.pair.status) {
                (_, PairStatus::Undone) => format!(
                    "已撤销（{} {}）",
                    line.pair.decided_by, line.pair.decided_on
                ),
                (_, PairStatus::Confirmed) => format!(
                    "已确认（{} {}）",
                    line.pair.decided_by, line.pair.decided_on
                ),
                (Judged::Editor, PairStatus::Proposed) => "编者判断，待确认".to_string(),
                (Judged::Document, PairStatus::Proposed) => "文件自己并列".to_string(),
            };
            let actions = line.editable.then(|| {
                let buttons = [
                    ("confirm", "确认"),
                    ("undo", "撤销"),
                    ("restore", "恢复为编者判断"),
                ]
                .into_iter()
                .map(|(decision, label)| {
                    view! {
                        <form method="post" action="/staff/content/targets" class="inline-form">
                            <input type="hidden" name="csrf" value=csrf.clone()/>
                            <input type="hidden" name="target" value=line.pair.target.clone()/>
                            <input type="hidden" name="base" value=line.pair.base.clone()/>
                            <input type="hidden" name="decision" value=decision/>
                            <button type="submit" class="button-quiet">{label}</button>
                        </form>
                    }
                })
                .collect_view();
                view! { <div class="actions">{buttons}</div> }
            });
            view! {
                <li class="pair-line" data-status=line.pair.status.as_str()>
                    <p><strong>{line.target}</strong></p>
                    <p>{format!("对照：{}", line.base)}</p>
                    <p class="hint">{line.pair.note}</p>
                    <p>{status}</p>
                    {actions}
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text="目标与基数的对照"/>
        <StaffBar user csrf=csrf.clone()/>
        <h1>"目标与基数的对照"</h1>
        <p class="lead">"“目标与进展”页把目标和同一指标的基数放在一起。名称不同的，是本站编辑的判断，页面上注明“编者判断为同一指标”。确认后注明已由工作人员确认；撤销后不再显示这组对照。每次操作都有记录。"</p>
        {saved}
        <ul class="rule-list">{items}</ul>
    }
    .into_any()
}
