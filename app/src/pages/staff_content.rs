//! The workspace's writing pages: interpretations (Markdown), pilot progress notes, the Q&A
//! entries and the figures. Like the rest of the workspace, they draw what the server's
//! handlers put in context and show only a sign-in link without it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{problem_of, ProblemCount, TextField};
use crate::model::content::{
    InterpretationEditView, InterpretationListView, PilotNotesListView, PilotNotesView,
    MAX_ARTICLE_CHARS, MAX_UPDATE_CHARS,
};
use crate::model::staff::{FiguresView, QaEditView, QaListView};
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

/// `/staff/content/qa`: the Q&A entries, each with a link to edit it.
#[component]
pub fn QaListPage() -> impl IntoView {
    let Some(view) = use_context::<QaListView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let items = view
        .entries
        .iter()
        .map(|(id, question, edited_by)| {
            let href = format!("/staff/content/qa/{id}");
            let edited = (!edited_by.is_empty()).then(|| format!("（{edited_by} 修改过）"));
            view! { <li><a href=href>{format!("{id} {question}")}</a> {edited}</li> }
        })
        .collect_view();
    view! {
        <Title text="编辑政策问答"/>
        <StaffBar user=view.user.clone() csrf=view.csrf.clone()/>
        <h1>"编辑政策问答"</h1>
        <p class="lead">"修改会立即出现在“政策问答”的查询结果中。每条都必须引用文件原文并注明出处。"</p>
        <ol class="qa-list">{items}</ol>
    }
    .into_any()
}

/// `/staff/content/qa/<id>`: the edit form.
#[component]
pub fn QaEditPage() -> impl IntoView {
    let Some(view) = use_context::<QaEditView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let QaEditView {
        user,
        csrf,
        form,
        documents,
        problems,
        done,
    } = view;
    let field = |name: &'static str, label: &'static str, value: String, multiline: bool| {
        let rows: u32 = if multiline { 5 } else { 0 };
        view! {
            <TextField id=format!("qa-{name}") name label value problem=problem_of(&problems, name) rows/>
        }
    };
    let doc_problem = problem_of(&problems, "document_id");
    let doc_invalid = doc_problem.is_some();
    let doc_error =
        doc_problem.map(|m| view! { <p class="field-error" id="qa-document_id-error">{m}</p> });
    let options = documents
        .into_iter()
        .map(|(id, title)| {
            let selected = id == form.document_id;
            view! { <option value=id selected=selected>{title}</option> }
        })
        .collect_view();
    let summary = view! { <ProblemCount count=problems.len()/> };
    let saved = done.then(|| {
        view! {
            <p class="notice" role="status">
                "已保存，并已更新政策问答的查询。" <a href="/ask">"去政策问答看看"</a>
            </p>
        }
    });
    let action = format!("/staff/content/qa/{}", form.id);
    let title = format!("编辑问答 {}", form.id);
    view! {
        <Title text=title.clone()/>
        <StaffBar user csrf=csrf.clone()/>
        <p class="breadcrumb"><a href="/staff/content/qa">"政策问答"</a> " › " {form.id.clone()}</p>
        <h1>{title}</h1>
        {saved}
        {summary}
        <form class="report-form" method="post" action=action>
            <input type="hidden" name="csrf" value=csrf/>
            {field("question", "问题", form.question.clone(), false)}
            {field("answer", "回答（通俗易懂）", form.answer.clone(), true)}
            {field("quote", "文件原文（回答所依据的原话）", form.quote.clone(), true)}
            <div class="field" class:field-invalid=doc_invalid>
                <label for="qa-document_id">"出处文件"</label>
                {doc_error}
                <select id="qa-document_id" name="document_id">{options}</select>
            </div>
            {field("source_section", "出处章节", form.source_section.clone(), false)}
            {field("keywords", "关键词（用逗号或顿号分开）", form.keywords.clone(), false)}
            {field("reason", "修改说明（记入操作记录）", form.reason.clone(), false)}
            <button type="submit">"保存"</button>
        </form>
    }
    .into_any()
}

/// The columns a figures CSV has, in order.
pub const FIGURE_COLUMNS: &str = "id,indicator,region,value,unit,qualifier,year,kind,quote,document_id,source_section,category,related_industry,notes";

/// The one-figure form's fields: (column, label, hint), `kind` and `document_id` aside.
const ONE_FIGURE_FIELDS: [(&str, &str, &str); 12] = [
    (
        "id",
        "编号",
        "已有编号则更新该指标，新指标用新编号，如 ind-176",
    ),
    ("indicator", "指标名称", "如：茶园面积"),
    ("region", "地区", "如：黔西南州"),
    ("value", "数值", "只写阿拉伯数字，如 150"),
    ("unit", "单位", "如：万亩"),
    ("qualifier", "修饰语（可不填）", "如：以上、左右"),
    ("year", "年份", "如：2025"),
    ("quote", "文件原文（可不填）", "数字所在的原话"),
    ("source_section", "出处章节", "如：第五章 第一节"),
    ("category", "类别（可不填）", "如：农业"),
    (
        "related_industry",
        "相关产业（可不填）",
        "如：茶叶，或 食用菌(aggregate)；茶叶",
    ),
    ("notes", "备注（可不填）", ""),
];

/// `/staff/content/figures`: one figure, a CSV file, or pasted CSV.
#[component]
pub fn FiguresPage() -> impl IntoView {
    let Some(view) = use_context::<FiguresView>() else {
        return view! { <SignInFirst/> }.into_any();
    };
    let one_fields = ONE_FIGURE_FIELDS
        .iter()
        .map(|&(column, label, hint)| {
            let rows: u32 = if matches!(column, "quote" | "notes") {
                3
            } else {
                0
            };
            view! {
                <TextField id=format!("one-{column}") name=column label=label hint=hint rows
                    value=view.one_value(column) problem=problem_of(&view.one_problems, column)/>
            }
        })
        .collect_view();
    let kind_problem = problem_of(&view.one_problems, "kind");
    let kind_value = view.one_value("kind");
    let kinds = [
        ("baseline", "基数"),
        ("target", "目标"),
        ("actual", "实际"),
        ("standard", "标准"),
    ]
    .into_iter()
    .map(|(value, label)| {
        let selected = kind_value == value;
        view! { <option value=value selected=selected>{label}</option> }
    })
    .collect_view();
    let doc_problem = problem_of(&view.one_problems, "document_id");
    let doc_value = view.one_value("document_id");
    let documents = view
        .documents
        .iter()
        .map(|(id, title)| {
            let selected = doc_value == *id;
            view! { <option value=id.clone() selected=selected>{title.clone()}</option> }
        })
        .collect_view();
    let select = |id: &'static str,
                  name: &'static str,
                  label: &'static str,
                  problem: Option<String>,
                  options: AnyView| {
        let invalid = problem.is_some();
        let error_id = format!("{id}-error");
        let error = problem.map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> });
        view! {
            <div class="field" class:field-invalid=invalid>
                <label for=id>{label}</label>
                {error}
                <select id=id name=name aria-invalid=invalid.then_some("true")
                    aria-describedby=invalid.then_some(error_id)>
                    <option value="">"请选择"</option>
                    {options}
                </select>
            </div>
        }
    };
    let kind_select = select("one-kind", "kind", "类型", kind_problem, kinds.into_any());
    let doc_select = select(
        "one-document_id",
        "document_id",
        "出处文件",
        doc_problem,
        documents.into_any(),
    );
    let (file_problems, paste_problems) = if view.via == "paste" {
        (Vec::new(), view.problems.clone())
    } else {
        (view.problems.clone(), Vec::new())
    };
    let problem_list = |id: &'static str, problems: Vec<String>| {
        (!problems.is_empty()).then(|| {
            let count = problems.len();
            let items = problems
                .into_iter()
                .map(|p| view! { <li>{p}</li> })
                .collect_view();
            view! {
                <div class="field-error" id=id role="alert">
                    <p>{format!("有 {count} 处问题，没有导入任何数据。请改正后再导入：")}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    };
    let file_invalid = !file_problems.is_empty();
    let paste_invalid = !paste_problems.is_empty();
    let file_errors = problem_list("file-problems", file_problems);
    let paste_errors = problem_list("csv-problems", paste_problems);
    let saved = (!view.done.is_empty()).then(|| {
        let done = view.done.clone();
        view! { <p class="notice" role="status">{done} " " <a href="/data">"查看全部指标"</a></p> }
    });
    let csrf = view.csrf.clone();
    view! {
        <Title text="更新指标"/>
        <StaffBar user=view.user.clone() csrf=csrf.clone()/>
        <h1>"更新指标"</h1>
        <p class="lead">"每个数字都要写明数值、单位、年份、类型和出处（文件和章节）。检查不通过时一条也不导入，并说明每处问题。编号已有的指标会被更新。"</p>
        {saved}
        <section aria-labelledby="one-heading">
            <h2 id="one-heading">"逐条录入"</h2>
            <ProblemCount count=view.one_problems.len()/>
            <form class="report-form" method="post" action="/staff/content/figures">
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="via" value="one"/>
                {one_fields}
                {kind_select}
                {doc_select}
                <button type="submit">"检查并保存"</button>
            </form>
        </section>
        <section aria-labelledby="upload-heading">
            <h2 id="upload-heading">"上传 CSV 文件"</h2>
            <p>"列（第一行为表头）：" <code>{FIGURE_COLUMNS}</code></p>
            <form class="report-form" method="post" action="/staff/content/figures" enctype="multipart/form-data">
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <div class="field" class:field-invalid=file_invalid>
                    <label for="f-file">"CSV 文件（UTF-8，最大约 60 KB）"</label>
                    {file_errors}
                    <input id="f-file" name="file" type="file" accept=".csv,text/csv"
                        aria-invalid=file_invalid.then_some("true")
                        aria-describedby=file_invalid.then_some("file-problems")/>
                </div>
                <button type="submit">"上传并导入"</button>
            </form>
        </section>
        <section aria-labelledby="paste-heading">
            <h2 id="paste-heading">"粘贴 CSV"</h2>
            <p class="hint">"用表格软件另存为 CSV（UTF-8）后，把内容复制粘贴到下面。更大的文件请分批，或在服务器上用命令 server import-indicators 导入。"</p>
            <form class="report-form" method="post" action="/staff/content/figures">
                <input type="hidden" name="csrf" value=csrf/>
                <div class="field" class:field-invalid=paste_invalid>
                    <label for="f-csv">"CSV 内容"</label>
                    {paste_errors}
                    <textarea id="f-csv" name="csv" rows="12" aria-invalid=paste_invalid.then_some("true")
                        aria-describedby=paste_invalid.then_some("csv-problems")>{crate::components::textarea_text(&view.csv)}</textarea>
                </div>
                <button type="submit">"检查并导入"</button>
            </form>
        </section>
    }
    .into_any()
}
