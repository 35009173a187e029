use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// The page for any address the portal does not have. Answers with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="页面不存在"/>
        <Meta name="robots" content="noindex"/>
        <h1>"页面不存在"</h1>
        <p>"您要找的页面不存在，可能是地址输错了，或者页面已经移走。"</p>
        <p class="actions"><a href="/">"返回首页"</a></p>
    }
}
