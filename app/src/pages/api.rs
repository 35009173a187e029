//! `/api`: the open-data interface for people: every route of `/api/v1` with what it gives,
//! its parameters and a request to try, the licence and why, and how the responses behave
//! (metadata, conditional requests, the CSVs' descriptions, errors). Server-rendered; no
//! script.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::model::open_data::{CITATION, ENDPOINTS, LICENCE_NAME, LICENCE_URL, LICENCE_WHY};

/// The page.
#[component]
pub fn ApiPage() -> impl IntoView {
    let base_url = crate::ports::use_site().base_url;
    let rows = ENDPOINTS
        .iter()
        .map(|endpoint| {
            let id = endpoint
                .path
                .trim_start_matches("/api/v1/")
                .replace('.', "-");
            let command = format!("curl '{base_url}{}'", endpoint.example);
            let parameters = (!endpoint.parameters.is_empty()).then(|| {
                view! { <p><strong>"参数："</strong>{endpoint.parameters}</p> }
            });
            view! {
                <section class="endpoint" aria-labelledby=format!("api-{id}")>
                    <h3 id=format!("api-{id}")><code>"GET " {endpoint.path}</code> " · " {endpoint.format}</h3>
                    <p>{endpoint.what}</p>
                    {parameters}
                    <p><strong>"试一试："</strong><a href=endpoint.example>{endpoint.example}</a></p>
                    <pre><code>{command}</code></pre>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text="开放数据接口"/>
        <Meta name="description" content="乡村振兴信息公开门户的开放数据接口：示范村镇名录、量化指标、目标与进展、政策文件全文和政策问答，JSON 与 CSV，免费使用，注明来源即可。"/>
        <h1>"开放数据接口"</h1>
        <p class="lead">"本站的全部公开数据都可以直接下载或由程序读取：不用申请、不用密钥，任何网站的脚本都可以读取（跨域已开放）。每条记录都注明原文件和章节。"</p>

        <section aria-labelledby="api-licence">
            <h2 id="api-licence">"可以怎么用：许可"</h2>
            <p>"数据按 " <a href=LICENCE_URL rel="license">{LICENCE_NAME}</a> " 开放。"</p>
            <p>{LICENCE_WHY}</p>
            <p><strong>"引用时请写："</strong>{CITATION}</p>
        </section>

        <section aria-labelledby="api-list">
            <h2 id="api-list">"接口一览"</h2>
            {rows}
        </section>

        <section aria-labelledby="api-manners">
            <h2 id="api-manners">"返回的内容"</h2>
            <ul>
                <li>"每个 JSON 回答都带 " <code>"meta"</code> "：许可、发布者、引用方式、内容最后更新的时间（" <code>"modified"</code> "）和本页地址。"</li>
                <li>"回答带 " <code>"ETag"</code> " 和 " <code>"Last-Modified"</code> "：再次请求时带上 " <code>"If-None-Match"</code> " 或 " <code>"If-Modified-Since"</code> "，内容没有变化就只回 304，不重复下载。"</li>
                <li>"每个 CSV 都有一份说明文件（CSV on the Web 格式），在 CSV 地址后加 " <code>"-metadata.json"</code> "，例如 " <a href="/api/v1/pilots.csv-metadata.json">"/api/v1/pilots.csv-metadata.json"</a> "：列名、许可、发布者和日期。CSV 的回答也用 " <code>"Link: rel=\"describedby\""</code> " 指向它。"</li>
                <li>"CSV 为 UTF-8 编码，开头带 BOM，Excel 可直接打开，不会乱码。"</li>
                <li>"出错时回答 " <code>"{\"error\": {\"code\": …, \"message\": …}}"</code> "，message 是中文说明；政策问答忙时回答 503，稍后再试即可。"</li>
            </ul>
        </section>
    }
}
