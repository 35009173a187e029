//! 乡村振兴信息公开门户: the pages, wire types and validation.
//!
//! Pages are rendered on the server (`ssr`, Leptos in islands mode, so nothing hydrates).
//! The parts that answer at once in the browser ([`controls`]) are made live by the portal's
//! WebAssembly (`browser/`, the same Rust the server runs, on the pages of [`page_wasm`]) or
//! by small plain scripts from `public/`, each loaded by the pages that use it (see
//! [`page_scripts`]).

pub mod components;
pub mod controls;
pub mod error;
pub mod model;
pub mod pages;
pub mod ports;
pub mod prefs;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::layout::Layout;
use crate::pages::api::ApiPage;
use crate::pages::ask::AskPage;
use crate::pages::data::{DataPage, FigurePage};
use crate::pages::home::HomePage;
use crate::pages::industries::{IndustriesPage, IndustryPage};
use crate::pages::interpretation::InterpretationPage;
use crate::pages::not_found::NotFound;
use crate::pages::pilot::{PilotPage, PosterPage};
use crate::pages::pilots::PilotsPage;
use crate::pages::policies::PoliciesPage;
use crate::pages::policy::{DocumentPage, DocumentPartPage};
use crate::pages::privacy::PrivacyPage;
use crate::pages::qa::QaPage;
use crate::pages::regions::RegionsPage;
use crate::pages::report::{ReceiptPage, ReportPage, StatusPage};
use crate::pages::report_help::ReportHelpPage;
use crate::pages::staff::{
    CasePage, CaseQueuePage, PasswordPage, StaffLoginPage, StaffProblemPage,
};
use crate::pages::staff_accounts::AccountsPage;
use crate::pages::staff_content::{
    FiguresPage, InterpretationEditPage, InterpretationListPage, PilotNotesListPage,
    PilotNotesPage, QaEditPage, QaListPage,
};
use crate::pages::staff_promises::{CalendarPage, RulesPage};
use crate::pages::targets::{TargetPairsPage, TargetsPage};
use crate::pages::villages::{TownPostersPage, VillagePage, VillagePosterPage};

/// The portal's name, used in titles and the header.
pub const SITE_NAME: &str = "乡村振兴信息公开门户";

/// The plain scripts (from `public/`) the page at `path` loads, in order.
///
/// Every page loads `/site.js` (the text-size switch answers at once; an old draft of the
/// report form is deleted). A page loads the others only for the parts it has:
/// `/wasm.js` where the portal's WebAssembly runs ([`page_wasm`]: the loader fetches it at
/// the reader's first action once the page has loaded), `/draft.js` for the report form's draft (kept on the form, deleted on the receipt), `/offline.js`
/// where the form works offline ([`page_works_offline`]) and `/read-aloud.js` where text
/// can be read aloud ([`page_reads_aloud`]).
pub fn page_scripts(path: &str) -> Vec<&'static str> {
    let form = path == "/report";
    let receipt = path.starts_with("/report/done/");
    let mut scripts = vec!["/site.js"];
    if page_uses_wasm(path) {
        scripts.push(WASM_LOADER);
    }
    if form || receipt {
        scripts.push("/draft.js");
    }
    if page_works_offline(path) {
        scripts.push("/offline.js");
    }
    if page_reads_aloud(path) {
        scripts.push("/read-aloud.js");
    }
    scripts
}

/// The plain script that loads the portal's WebAssembly at the reader's first action on the
/// page, once it has loaded.
pub const WASM_LOADER: &str = "/wasm.js";

/// The portal's two WebAssembly modules (`browser/`, each a build of its own features).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WasmModule {
    /// The report form's checks (the server's own rules) and results while typing (the
    /// form's village finder, the Q&A box).
    Forms,
    /// An industry's chart, redrawn in place by the server's own chart code.
    Chart,
}

/// Which of the portal's WebAssembly the page at `path` loads: the report form and the Q&A
/// lookup load [`WasmModule::Forms`], an industry's page [`WasmModule::Chart`]; no other page
/// loads any, and none needs it to work.
pub fn page_wasm(path: &str) -> Option<WasmModule> {
    if path == "/report" || path == "/ask" {
        Some(WasmModule::Forms)
    } else if path
        .strip_prefix("/industries/")
        .is_some_and(|slug| !slug.is_empty() && !slug.contains('/'))
    {
        Some(WasmModule::Chart)
    } else {
        None
    }
}

/// Whether the page at `path` loads any of the portal's WebAssembly ([`page_wasm`]).
pub fn page_uses_wasm(path: &str) -> bool {
    page_wasm(path).is_some()
}

/// The browser's WebAssembly and its wasm-bindgen glue in this build (their hashed names),
/// given by the server with every page, as [`StylesheetHref`] is: (glue, module) of each.
#[derive(Debug, Clone)]
pub struct WasmFiles {
    pub forms: (std::sync::Arc<str>, std::sync::Arc<str>),
    pub chart: (std::sync::Arc<str>, std::sync::Arc<str>),
}

/// The glue's and the module's addresses of `module`: the ones the server gives, else the
/// plain names.
fn wasm_files(options: &LeptosOptions, module: WasmModule) -> (String, String) {
    use_context::<WasmFiles>().map_or_else(
        || {
            let name = match module {
                WasmModule::Forms => options.output_name.to_string(),
                WasmModule::Chart => "chart".to_string(),
            };
            let pkg = format!("/{}/{name}", options.site_pkg_dir);
            (format!("{pkg}.js"), format!("{pkg}.wasm"))
        },
        |files| {
            let (glue, module) = match module {
                WasmModule::Forms => &files.forms,
                WasmModule::Chart => &files.chart,
            };
            (glue.to_string(), module.to_string())
        },
    )
}

/// Whether the page at `path` works offline: the report form and the receipt load the
/// plain script `/offline.js` (it registers the service worker `/sw.js`, which keeps the
/// form, the help page, the stylesheet and the form's scripts for the next visit without a
/// network, and queues a report sent without one) and name the web app manifest.
pub fn page_works_offline(path: &str) -> bool {
    path == "/report" || path.starts_with("/report/done/")
}

/// Whether the page at `path` has text marked `data-read-aloud` (the form's questions,
/// the help page, documents' plain summaries, Q&A answers) and so loads the plain script
/// `/read-aloud.js`, which adds a 朗读 button where the browser has a Chinese voice.
pub fn page_reads_aloud(path: &str) -> bool {
    matches!(path, "/report" | "/report/help" | "/policies" | "/ask")
        || path
            .strip_prefix("/policies/")
            .is_some_and(|rest| !rest.is_empty() && rest.matches('/').count() <= 1)
}

/// The stylesheet's address in this build (its hashed name when the build hashes its
/// files), given by the server with every page: the server reads the build's names once at
/// start (`leptos_meta::HashedStylesheet` reads the hash file on every render).
#[derive(Debug, Clone)]
pub struct StylesheetHref(pub std::sync::Arc<str>);

/// The stylesheet's address: the one the server gives, else the build's plain name.
fn stylesheet_href(options: &LeptosOptions) -> String {
    use_context::<StylesheetHref>().map_or_else(
        || format!("/{}/{}.css", options.site_pkg_dir, options.output_name),
        |href| href.0.to_string(),
    )
}

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let request = prefs::request_prefs();
    set_security_policy();
    let manifest = page_works_offline(&request.path)
        .then(|| view! { <link rel="manifest" href="/manifest.webmanifest"/> });
    let (glue, module) = page_wasm(&request.path)
        .map(|module| wasm_files(&options, module))
        .unzip();
    let scripts = page_scripts(&request.path)
        .into_iter()
        .map(|src| {
            let loader = src == WASM_LOADER;
            view! {
                <script src=src defer data-glue=glue.clone().filter(|_| loader)
                    data-wasm=module.clone().filter(|_| loader)></script>
            }
        })
        .collect_view();
    // Islands mode with no island on the page: nothing hydrates, so no resource's data is
    // written into the page for a browser to read (Leptos would otherwise carry it a second
    // time as inline JSON; for a staff page, personal data included).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    // The page's own address without its query: what search engines and shares should name.
    let canonical = ports::use_site().absolute(&request.path);
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN" class=request.large_text.then_some("text-large")>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b5d3b"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href=stylesheet_href(&options)/>
                <link rel="canonical" href=canonical/>
                <link rel="alternate" type="application/atom+xml" title="乡村振兴信息公开门户：文件与解读更新" href="/feed.xml"/>
                {manifest}
                {scripts}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The Content-Security-Policy of a rendered page: only our own files run (the plain scripts
/// of [`page_scripts`], and our own WebAssembly, which `'wasm-unsafe-eval'` lets the browser
/// compile; it allows no `eval` of text); no inline script, no inline styles, no framing. The
/// web app manifest and the service worker come from this origin only. The same for every
/// response, so a kept page is sent as it was kept.
pub const PAGE_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
    manifest-src 'self'; worker-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Sets the page's Content-Security-Policy.
#[cfg(feature = "ssr")]
fn set_security_policy() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CONTENT_SECURITY_POLICY,
            http::HeaderValue::from_static(PAGE_SECURITY_POLICY),
        );
    }
}

#[cfg(not(feature = "ssr"))]
fn set_security_policy() {}

/// The text of a page's `<title>`: the page's own title, then the site's name.
///
/// `leptos_meta` writes the title into the document without escaping it, and a title may
/// carry what a reader typed (`/ask?q=…`): the characters that could close the element are
/// replaced by their full-width forms, which read the same.
pub fn title_text(page: &str) -> String {
    let page: String = page
        .chars()
        .map(|c| match c {
            '<' => '＜',
            '>' => '＞',
            '&' => '＆',
            other => other,
        })
        .collect();
    if page.is_empty() {
        SITE_NAME.to_string()
    } else {
        format!("{page} · {SITE_NAME}")
    }
}

/// The route table. Every route renders completely on the server before it is sent
/// (`SsrMode::Async`), so pages are whole without JavaScript.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|page: String| title_text(&page)/>
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/pilots") view=PilotsPage ssr=SsrMode::Async/>
                    <Route path=path!("/pilots/:id") view=PilotPage ssr=SsrMode::Async/>
                    <Route path=path!("/pilots/:id/poster") view=PosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/regions") view=RegionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/industries") view=IndustriesPage ssr=SsrMode::Async/>
                    <Route path=path!("/industries/:slug") view=IndustryPage ssr=SsrMode::Async/>
                    <Route path=path!("/data") view=DataPage ssr=SsrMode::Async/>
                    <Route path=path!("/data/:id") view=FigurePage ssr=SsrMode::Async/>
                    <Route path=path!("/policies") view=PoliciesPage ssr=SsrMode::Async/>
                    <Route path=path!("/policies/:id") view=DocumentPage ssr=SsrMode::Async/>
                    <Route path=path!("/policies/:id/:position") view=DocumentPartPage ssr=SsrMode::Async/>
                    <Route path=path!("/interpretations/:id") view=InterpretationPage ssr=SsrMode::Async/>
                    <Route path=path!("/ask") view=AskPage ssr=SsrMode::Async/>
                    <Route path=path!("/qa") view=QaPage ssr=SsrMode::Async/>
                    <Route path=path!("/targets") view=TargetsPage ssr=SsrMode::Async/>
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("/api") view=ApiPage ssr=SsrMode::Async/>
                    <Route path=path!("/report") view=ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/report/done/:receipt") view=ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/report/status") view=StatusPage ssr=SsrMode::Async/>
                    <Route path=path!("/report/help") view=ReportHelpPage ssr=SsrMode::Async/>
                    <Route path=path!("/villages/:code") view=VillagePage ssr=SsrMode::Async/>
                    <Route path=path!("/villages/:code/poster") view=VillagePosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/posters") view=TownPostersPage ssr=SsrMode::Async/>
                    // Served only through the server's staff handlers, which check the
                    // session and provide what these pages draw.
                    <Route path=path!("/staff/login") view=StaffLoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/cases") view=CaseQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/cases/:receipt") view=CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/password") view=PasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/report") view=ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/content/figures") view=FiguresPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/content/qa") view=QaListPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/content/targets") view=TargetPairsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/content/qa/:id") view=QaEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/content/interpretations") view=InterpretationListPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/content/interpretations/:id") view=InterpretationEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/content/pilots") view=PilotNotesListPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/content/pilots/:id") view=PilotNotesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/accounts") view=AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/rules") view=RulesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/calendar") view=CalendarPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/problem") view=StaffProblemPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The entry point of the browser build cargo-leptos makes with every build. No page loads
/// it: the portal's WebAssembly is `browser/` (see [`page_uses_wasm`]); this does nothing, so
/// cargo-leptos's build stays small and quick.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_cannot_close_its_element() {
        let title = title_text("“</title><script>alert(1)</script>”的政策问答");
        assert!(!title.contains('<') && !title.contains('>'));
        assert!(title.ends_with(SITE_NAME));
        assert_eq!(title_text(""), SITE_NAME);
    }
}
