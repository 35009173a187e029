use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::text_size::TextSizeToggle;
use crate::prefs::request_prefs;
use crate::SITE_NAME;

/// The main navigation: label and route, in the order of the design.
pub const NAV: [(&str, &str); 6] = [
    ("首页", "/"),
    ("示范村", "/pilots"),
    ("特色产业", "/industries"),
    ("政策解读", "/policies"),
    ("政策问答", "/ask"),
    ("防贫申报", "/report"),
];

/// Whether the navigation entry `href` is the section the reader is in.
pub fn nav_is_current(href: &str, path: &str) -> bool {
    if href == "/" {
        path == "/"
    } else if href == "/ask" && path == "/qa" {
        // The list of every answer belongs with the lookup.
        true
    } else {
        path == href || path.starts_with(&format!("{href}/"))
    }
}

/// Header, navigation and footer around a page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    let prefs = request_prefs();
    let hotline = crate::ports::hotline();
    let links = NAV
        .iter()
        .map(|(label, href)| {
            let current = nav_is_current(href, &path).then_some("page");
            view! { <li><a href=*href aria-current=current>{*label}</a></li> }
        })
        .collect_view();
    let image = crate::ports::use_site().absolute("/og-image.png");
    view! {
        <leptos_meta::Meta property="og:site_name" content=SITE_NAME/>
        <leptos_meta::Meta property="og:image" content=image/>
        <leptos_meta::Meta property="og:image:type" content="image/png"/>
        <leptos_meta::Meta property="og:image:width" content="1200"/>
        <leptos_meta::Meta property="og:image:height" content="630"/>
        <leptos_meta::Meta property="og:image:alt" content="梯田、村舍和太阳：乡村振兴信息公开门户"/>
        <a class="skip-link" href="#main">"跳到正文"</a>
        <header class="site-header">
            <div class="bar">
                <a class="site-name" href="/">{SITE_NAME}</a>
                <TextSizeToggle large=prefs.large_text back=path.clone()/>
            </div>
            <nav class="main-nav" aria-label="主导航">
                <ul>{links}</ul>
            </nav>
        </header>
        <main id="main">{children()}</main>
        <footer class="site-footer">
            <p>"本站内容整理自各地公开发布的乡村振兴规划、方案和政策解读，每条数据注明原文出处。"</p>
            <p>"防止返贫热线：" {hotline}</p>
            <p><a href="/privacy">"个人信息怎么用"</a> " · " <a href="/api">"开放数据接口"</a></p>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::nav_is_current;

    #[test]
    fn only_the_section_of_the_path_is_current() {
        assert!(nav_is_current("/", "/"));
        assert!(!nav_is_current("/", "/pilots"));
        assert!(nav_is_current("/pilots", "/pilots"));
        assert!(nav_is_current("/pilots", "/pilots/qxn-p-01"));
        assert!(!nav_is_current("/pilots", "/pilotsx"));
    }
}
