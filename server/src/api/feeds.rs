//! `/feed.xml` (Atom: documents, their interpretations, those staff write, and progress notes on pilots) and `/sitemap.xml` (every public page).
//!
//! Both are a handful of fixed elements, written here with one escaping function rather than
//! through an XML crate; the tests parse them with a real XML parser.

use app::model::content::{InterpretationSummary, PilotNews};
use app::model::divisions::village_href;
use app::model::indicators::IndicatorRecord;
use app::model::industries::IndustryDetail;
use app::model::{DocumentSummary, PilotQuery, PilotSummary};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    // Characters XML 1.0 does not allow at all are left out.
    let allowed: String = text
        .chars()
        .filter(|c| (*c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    series::escape(&allowed)
}

/// An RFC 3339 time for a `YYYY[-MM[-DD]]` date, at midnight China time; a month or year
/// alone is read as its first day.
pub fn atom_time(date_sort: &str) -> Option<String> {
    let mut parts = date_sort.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
    let day: u32 = parts.next().map_or(Some(1), |d| d.parse().ok())?;
    let midnight =
        chrono::NaiveDate::from_ymd_opt(year, month, day)?.and_time(chrono::NaiveTime::MIN);
    let china = midnight
        .and_local_timezone(chrono_tz::Asia::Shanghai)
        .single()?;
    Some(china.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
}

fn xml_response(content_type: &'static str, body: String) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response()
}

fn failure(detail: &str) -> Response {
    tracing::error!(detail, "feed failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "系统暂时忙不过来，请稍后再试。",
    )
        .into_response()
}

/// The Atom feed: the interpretations staff wrote and the progress notes on pilots (each
/// dated by its last change), then the documents, newest first. Undated documents carry the
/// newest date.
pub fn atom_feed(
    base_url: &str,
    documents: &[DocumentSummary],
    articles: &[InterpretationSummary],
    news: &[PilotNews],
) -> String {
    let newest = documents
        .iter()
        .filter_map(|d| d.date_sort.as_deref().and_then(atom_time))
        .chain(articles.iter().filter_map(|a| atom_time(&a.updated)))
        .chain(news.iter().filter_map(|n| atom_time(&n.update.updated)))
        .max()
        .unwrap_or_else(|| "2024-01-01T00:00:00+08:00".to_string());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    xml.push_str("  <title>乡村振兴信息公开门户 · 政策文件、解读与村庄进展</title>\n");
    xml.push_str(&format!("  <id>{}/policies</id>\n", xml_escape(base_url)));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}/feed.xml\"/>\n  <link href=\"{}/policies\"/>\n",
        xml_escape(base_url),
        xml_escape(base_url)
    ));
    xml.push_str(&format!("  <updated>{newest}</updated>\n"));
    xml.push_str("  <author><name>乡村振兴信息公开门户</name></author>\n");
    for article in articles {
        let url = format!("{base_url}{}", article.href());
        let updated = atom_time(&article.updated).unwrap_or_else(|| newest.clone());
        push_entry(
            &mut xml,
            &url,
            &article.title,
            &updated,
            "解读",
            &format!(
                "{}（解读《{}》{}）",
                article.summary, article.document_title, article.source_section
            ),
        );
    }
    for item in news {
        let url = format!("{base_url}{}", item.href());
        let updated = atom_time(&item.update.updated).unwrap_or_else(|| newest.clone());
        push_entry(
            &mut xml,
            &url,
            &format!("{}：{} 建设进展", item.pilot_name, item.update.on_date),
            &updated,
            "进展",
            &format!(
                "{}（来源：{}）",
                item.update.paragraphs().join(" "),
                item.update.source
            ),
        );
    }
    for doc in documents {
        let url = format!("{base_url}/policies/{}", doc.id);
        let updated = doc
            .date_sort
            .as_deref()
            .and_then(atom_time)
            .unwrap_or_else(|| newest.clone());
        let kind = if doc.is_interpretation() {
            "解读"
        } else {
            "文件"
        };
        let meta = [
            Some(doc.region.clone()),
            doc.issuing_body.clone(),
            doc.document_number.clone(),
            doc.date.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("，");
        let summary = format!("{}（{}）", doc.summary, meta);
        push_entry(&mut xml, &url, &doc.title, &updated, kind, &summary);
    }
    xml.push_str("</feed>\n");
    xml
}

/// One `<entry>` of the feed.
fn push_entry(xml: &mut String, url: &str, title: &str, updated: &str, kind: &str, summary: &str) {
    xml.push_str("  <entry>\n");
    xml.push_str(&format!("    <title>{}</title>\n", xml_escape(title)));
    xml.push_str(&format!("    <id>{}</id>\n", xml_escape(url)));
    xml.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(url)));
    xml.push_str(&format!("    <updated>{updated}</updated>\n"));
    xml.push_str(&format!("    <category term=\"{kind}\"/>\n"));
    xml.push_str(&format!("    <summary>{}</summary>\n", xml_escape(summary)));
    xml.push_str("  </entry>\n");
}

/// `GET /feed.xml`.
pub async fn feed(State(state): State<AppState>) -> Response {
    let documents = match state.portal.documents().await {
        Ok(documents) => documents,
        Err(err) => return failure(&err.detail),
    };
    let articles = match state.portal.interpretations().await {
        Ok(articles) => articles,
        Err(err) => return failure(&err.detail),
    };
    match state.portal.pilot_news().await {
        Ok(news) => xml_response(
            "application/atom+xml; charset=utf-8",
            atom_feed(&state.site.base_url, &documents, &articles, &news),
        ),
        Err(err) => failure(&err.detail),
    }
}

/// `GET /robots.txt`: everything but the staff pages, and where the sitemap is
/// (`PORTAL_BASE_URL`).
pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /staff/\n\nSitemap: {}\n",
        state.site.absolute("/sitemap.xml")
    );
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response()
}

/// The pages of the portal that are always there, in the sitemap.
const FIXED_PAGES: [&str; 14] = [
    "/",
    "/pilots",
    "/regions",
    "/industries",
    "/data",
    "/api",
    "/policies",
    "/ask",
    "/qa",
    "/targets",
    "/privacy",
    "/report",
    "/report/help",
    "/report/status",
];

/// A `YYYY[-MM[-DD]]` date as the sitemap's `<lastmod>` takes it (`YYYY-MM-DD`), when it is a
/// real day.
fn lastmod_day(date: &str) -> Option<String> {
    atom_time(date).map(|t| t[..10].to_string())
}

/// What the sitemap lists besides its fixed pages.
#[derive(Default)]
pub struct SitemapPages {
    pub pilots: Vec<PilotSummary>,
    pub documents: Vec<DocumentSummary>,
    /// The chapter pages of each document read chapter by chapter: (document id, pages).
    pub chapters: Vec<(String, Vec<String>)>,
    pub articles: Vec<InterpretationSummary>,
    pub news: Vec<PilotNews>,
    /// The pages of the industries and of the figures.
    pub industries: Vec<String>,
    pub figures: Vec<String>,
    /// Every village's division code (each has its page).
    pub villages: Vec<String>,
}

/// The sitemap: every fixed page, pilot page, document (and each chapter of one read by
/// chapter), interpretation, industry, figure and village page, each with the day it last
/// changed where the data says so: an interpretation its last edit, a document and its
/// chapters the newest of its date and its interpretations' edits, a pilot page its newest
/// progress note, the fixed pages the newest of all these. Pages the data gives no day
/// for (a pilot without notes, industries, figures, villages) have none.
pub fn sitemap_xml(absolute: impl Fn(&str) -> String, pages: &SitemapPages) -> String {
    let article_day = |document: &str| {
        pages
            .articles
            .iter()
            .filter(|a| a.document_id == document)
            .filter_map(|a| lastmod_day(&a.updated))
            .max()
    };
    let mut urls: Vec<(String, Option<String>)> = Vec::new();
    for pilot in &pages.pilots {
        let newest = pages
            .news
            .iter()
            .filter(|n| n.pilot_id == pilot.id)
            .filter_map(|n| lastmod_day(&n.update.updated))
            .max();
        urls.push((pilot.href(), newest));
    }
    for document in &pages.documents {
        let newest = document
            .date_sort
            .as_deref()
            .and_then(lastmod_day)
            .into_iter()
            .chain(article_day(&document.id))
            .max();
        urls.push((format!("/policies/{}", document.id), newest.clone()));
        let chapters = pages
            .chapters
            .iter()
            .filter(|(id, _)| *id == document.id)
            .flat_map(|(_, chapters)| chapters);
        for chapter in chapters {
            urls.push((chapter.clone(), newest.clone()));
        }
    }
    for article in &pages.articles {
        urls.push((article.href(), lastmod_day(&article.updated)));
    }
    let newest = urls.iter().filter_map(|(_, day)| day.clone()).max();
    let fixed = FIXED_PAGES
        .iter()
        .map(|path| ((*path).to_string(), newest.clone()));
    let undated = pages
        .industries
        .iter()
        .chain(&pages.figures)
        .cloned()
        .chain(pages.villages.iter().map(|code| village_href(code)))
        .map(|path| (path, None));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, day) in fixed.chain(urls).chain(undated) {
        xml.push_str("  <url><loc>");
        xml.push_str(&xml_escape(&absolute(&path)));
        xml.push_str("</loc>");
        if let Some(day) = day {
            xml.push_str("<lastmod>");
            xml.push_str(&day);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Everything the sitemap lists, read from the store.
async fn sitemap_pages(state: &AppState) -> Result<SitemapPages, String> {
    let portal = &state.portal;
    let documents = portal.documents().await.map_err(|e| e.detail)?;
    let mut chapters = Vec::new();
    for document in &documents {
        let detail = portal.document(&document.id).await.map_err(|e| e.detail)?;
        if let Some(parts) = app::model::chapters(&detail.sections) {
            let pages = parts
                .iter()
                .filter_map(|part| detail.sections.get(part.first))
                .map(|first| app::model::chapter_href(&document.id, first.position))
                .collect();
            chapters.push((document.id.clone(), pages));
        }
    }
    let finder = state
        .staff
        .store()
        .village_finder()
        .await
        .map_err(|e| e.to_string())?;
    Ok(SitemapPages {
        pilots: portal
            .export_pilots(&PilotQuery::default())
            .await
            .map_err(|e| e.detail)?,
        documents,
        chapters,
        articles: portal.interpretations().await.map_err(|e| e.detail)?,
        news: portal.pilot_news().await.map_err(|e| e.detail)?,
        industries: portal
            .industries()
            .await
            .map_err(|e| e.detail)?
            .iter()
            .map(IndustryDetail::href)
            .collect(),
        figures: portal
            .indicator_set()
            .await
            .map_err(|e| e.detail)?
            .indicators
            .iter()
            .map(IndicatorRecord::page_href)
            .collect(),
        villages: finder.codes().map(str::to_string).collect(),
    })
}

/// `GET /sitemap.xml`: see [`sitemap_xml`].
pub async fn sitemap(State(state): State<AppState>) -> Response {
    match sitemap_pages(&state).await {
        Ok(pages) => xml_response(
            "application/xml; charset=utf-8",
            sitemap_xml(|path| state.site.absolute(path), &pages),
        ),
        Err(detail) => failure(&detail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(xml_escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }

    #[test]
    fn dates_become_rfc_3339_at_china_midnight() {
        assert_eq!(
            atom_time("2024-03-08").as_deref(),
            Some("2024-03-08T00:00:00+08:00")
        );
        assert_eq!(
            atom_time("2022-07").as_deref(),
            Some("2022-07-01T00:00:00+08:00")
        );
        assert_eq!(
            atom_time("2021").as_deref(),
            Some("2021-01-01T00:00:00+08:00")
        );
        assert_eq!(atom_time("soon"), None);
        assert_eq!(atom_time("2023-02-29"), None, "no such day");
    }
}
