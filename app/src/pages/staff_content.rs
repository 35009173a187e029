//! The workspace's writing pages: interpretations (Markdown) and pilot progress notes. Like
//! the rest of the workspace, they draw what the server's handlers put in context and show
//! only a sign-in link without it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{problem_of, ProblemCount, TextField};
use crate::model::content::{
    InterpretationEditView, InterpretationListView, PilotNotesListView, PilotNotesView,
    MAX_ARTICLE_CHARS, MAX_UPDATE_CHARS,
};
use crate::pages::staff::{SignInFirst, StaffBar};

/// `/staff/content/interpretations`.
#[component]
pub fn InterpretationListPage() -> impl IntoView {
    let Some(view) = use_context::<InterpretationListView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let items = if view.items.is_empty() {
        view! { <p>"还没有解读文章。"</p> }.into_any()
    } else {
        let rows = view
            .items
            .iter()
            .map(|(item, edited_by)| {
                let href = format!("/staff/content/interpretations/{}", item.id);
                view! {
                    <li>
                        <a href=href>{item.title.clone()}</a>
                        {format!("（解读《{}》{}；{} {} 最后修改）", item.document_title, item.source_section, edited_by, item.updated)}
                        " " <a href=item.href()>"公开页面"</a>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="qa-list">{rows}</ul> }.into_any()
    };
    view! {
        <Title text="解读文章"/>
        <StaffBar user=view.user.clone() csrf=view.csrf.clone()/>
        <h1>"解读文章"</h1>
        <p class="lead">"用群众听得懂的话解读一份文件的某一部分。发布后出现在“政策文件与解读”、该文件的页面、订阅（Atom）和政策问答的查询结果中。"</p>
        <p><a class="button" href="/staff/content/interpretations/new">"写一篇新解读"</a></p>
        {items}
    }
    .into_any()
}

/// `/staff/content/interpretations/<id|new>`: the Markdown editor.
#[component]
pub fn InterpretationEditPage() -> impl IntoView {
    let Some(view) = use_context::<InterpretationEditView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let InterpretationEditView {
        user,
        csrf,
        form,
        documents,
        problems,
        done,
        preview,
    } = view;
    let new = form.id == 0;
    let title = if new {
        "写一篇新解读".to_string()
    } else {
        format!("修改解读 {}", form.id)
    };
    let action = if new {
        "/staff/content/interpretations/new".to_string()
    } else {
        format!("/staff/content/interpretations/{}", form.id)
    };
    let doc_problem = problem_of(&problems, "document_id");
    let doc_invalid = doc_problem.is_some();
    let doc_error =
        doc_problem.map(|m| view! { <p class="field-error" id="jd-document_id-error">{m}</p> });
    let options = documents
        .into_iter()
        .map(|(id, title)| {
            let selected = id == form.document_id;
            view! { <option value=id selected=selected>{title}</option> }
        })
        .collect_view();
    let saved = (!done.is_empty()).then(|| {
        let public = format!("/interpretations/{}", form.id);
        view! { <p class="notice" role="status">{done} " " <a href=public>"查看公开页面"</a></p> }
    });
    let preview = (!preview.is_empty()).then(|| {
        view! {
            <section aria-labelledby="preview-heading">
                <h2 id="preview-heading">"公开页面上的样子"</h2>
                <div class="article-text preview" inner_html=preview></div>
            </section>
        }
    });
    let reason_label = if new {
        "说明（可不填，记入操作记录）"
    } else {
        "修改说明（记入操作记录）"
    };
    let body_label = if new { "正文" } else { "正文（修改）" };
    let body_hint = "支持 Markdown：## 小标题、- 列表、**加粗**、[链接](https://…)、表格。不支持图片和网页代码（会原样显示为文字）。";
    view! {
        <Title text=title.clone()/>
        <StaffBar user csrf=csrf.clone()/>
        <p class="breadcrumb"><a href="/staff/content/interpretations">"解读文章"</a> " › " {title.clone()}</p>
        <h1>{title}</h1>
        {saved}
        <ProblemCount count=problems.len()/>
        <form class="report-form" method="post" action=action>
            <input type="hidden" name="csrf" value=csrf/>
            <TextField id="jd-title".into() name="title" label="标题" value=form.title.clone()
                problem=problem_of(&problems, "title")/>
            <div class="field" class:field-invalid=doc_invalid>
                <label for="jd-document_id">"所解读的文件（出处）"</label>
                {doc_error}
                <select id="jd-document_id" name="document_id"
                    aria-invalid=doc_invalid.then_some("true")
                    aria-describedby=doc_invalid.then_some("jd-document_id-error")>
                    <option value="">"请选择"</option>
                    {options}
                </select>
            </div>
            <TextField id="jd-source_section".into() name="source_section" label="所解读的章节（出处）"
                value=form.source_section.clone() problem=problem_of(&problems, "source_section")
                hint="例如：第三章 第二节"/>
            <TextField id="jd-body".into() name="body" label=body_label
                value=form.body.clone() problem=problem_of(&problems, "body") rows=16 hint=body_hint/>
            <p class="hint">{format!("正文最多 {MAX_ARTICLE_CHARS} 个字。")}</p>
            <TextField id="jd-reason".into() name="reason" label=reason_label value=form.reason.clone()
                problem=problem_of(&problems, "reason")/>
            <button type="submit">{if new { "发布" } else { "保存" }}</button>
        </form>
        {preview}
    }
    .into_any()
}

/// `/staff/content/pilots`: the pilots this user may write progress notes for.
#[component]
pub fn PilotNotesListPage() -> impl IntoView {
    let Some(view) = use_context::<PilotNotesListView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let rows = view
        .pilots
        .iter()
        .map(|(id, name, county, count)| {
            let href = format!("/staff/content/pilots/{id}");
            view! {
                <tr>
                    <td><a href=href>{name.clone()}</a></td>
                    <td>{county.clone()}</td>
                    <td class="num">{count.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text="村庄进展"/>
        <StaffBar user=view.user.clone() csrf=view.csrf.clone()/>
        <h1>"村庄进展"</h1>
        <p class="lead">"为示范村添加建设进展。每条进展都要写明日期和出处，发布后出现在该村的公开页面上。"</p>
        <table class="data-table">
            <caption>{format!("可编辑的示范村 {} 个", view.pilots.len())}</caption>
            <thead><tr><th scope="col">"村"</th><th scope="col">"县"</th><th scope="col">"进展条数"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// `/staff/content/pilots/<id>`: a pilot's notes and the form for a new (or changed) one.
#[component]
pub fn PilotNotesPage() -> impl IntoView {
    let Some(view) = use_context::<PilotNotesView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let PilotNotesView {
        user,
        csrf,
        pilot_id,
        pilot_name,
        updates,
        form,
        problems,
        done,
    } = view;
    let base = format!("/staff/content/pilots/{pilot_id}");
    let list = if updates.is_empty() {
        view! { <p>"还没有进展。"</p> }.into_any()
    } else {
        let items = updates
            .into_iter()
            .map(|(update, edited_by)| {
                let edit = format!("{base}?edit={}#n-body", update.id);
                view! {
                    <li>
                        <strong>{update.on_date.clone()}</strong> " " {update.body.clone()}
                        <span class="source">{format!("（来源：{}；{} {} 最后修改）", update.source, edited_by, update.updated)}</span>
                        " " <a href=edit>"修改"</a>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="qa-list">{items}</ul> }.into_any()
    };
    let editing = form.id != 0;
    let heading = if editing {
        format!("修改进展 {}", form.id)
    } else {
        "添加一条进展".to_string()
    };
    let id_field =
        editing.then(|| view! { <input type="hidden" name="id" value=form.id.to_string()/> });
    let reason = editing.then(|| {
        view! {
            <TextField id="n-reason".into() name="reason" label="修改说明（记入操作记录）"
                value=form.reason.clone() problem=problem_of(&problems, "reason")/>
        }
    });
    let saved = (!done.is_empty()).then(|| {
        let public = format!("/pilots/{pilot_id}");
        view! { <p class="notice" role="status">{done} " " <a href=public>"查看村庄页面"</a></p> }
    });
    let title = format!("{pilot_name} · 进展");
    view! {
        <Title text=title.clone()/>
        <StaffBar user csrf=csrf.clone()/>
        <p class="breadcrumb"><a href="/staff/content/pilots">"村庄进展"</a> " › " {pilot_name.clone()}</p>
        <h1>{title}</h1>
        {saved}
        {list}
        <h2>{heading}</h2>
        <ProblemCount count=problems.len()/>
        <form class="report-form" method="post" action=base.clone()>
            <input type="hidden" name="csrf" value=csrf/>
            {id_field}
            <TextField id="n-on_date".into() name="on_date" label="日期" kind="date"
                value=form.on_date.clone() problem=problem_of(&problems, "on_date")
                hint="进展发生的日期，如 2026-11-20"/>
            <TextField id="n-body".into() name="body" label="进展内容" rows=5
                value=form.body.clone() problem=problem_of(&problems, "body")/>
            <p class="hint">{format!("最多 {MAX_UPDATE_CHARS} 个字。")}</p>
            <TextField id="n-source".into() name="source" label="出处"
                value=form.source.clone() problem=problem_of(&problems, "source")
                hint="例如：某某镇人民政府《2026年11月工作简报》，或入户核实记录"/>
            {reason}
            <button type="submit">{if editing { "保存" } else { "发布" }}</button>
        </form>
    }
    .into_any()
}
