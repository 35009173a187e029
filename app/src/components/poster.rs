//! The printable A4 self-report poster: a village's name, where it is, its QR code and the
//! three steps. One sheet whatever the name's length: long names get smaller type
//! (`poster_name_size`), the code and the steps keep theirs. Used by the catalogue's pilot
//! posters, every village's poster and a township's poster document.

use leptos::prelude::*;

use crate::model::divisions::poster_name_size;

/// What one poster shows.
#[derive(Debug, Clone)]
pub struct PosterContent {
    pub name: String,
    /// Where the village is (`兴仁市 大山镇`).
    pub place: String,
    /// `村级区划代码 522302109207`, or empty.
    pub code_line: String,
    pub report_url: String,
    /// The QR code of `report_url`, as inline SVG.
    pub qr_svg: String,
    pub hotline: String,
}

/// The QR code as an image with its content spelled out for screen readers.
#[component]
pub fn ReportQr(
    class: &'static str,
    name: String,
    report_url: String,
    svg: String,
) -> impl IntoView {
    let label = format!("{name}防贫申报二维码，内容为 {report_url}");
    view! { <div class=class role="img" aria-label=label inner_html=svg></div> }
}

/// One A4 poster.
#[component]
pub fn Poster(
    content: PosterContent,
    #[prop(optional)] heading_id: Option<String>,
) -> impl IntoView {
    let PosterContent {
        name,
        place,
        code_line,
        report_url,
        qr_svg,
        hotline,
    } = content;
    let size_class = format!("poster-name name-{}mm", poster_name_size(&name));
    let labelled = heading_id.clone();
    let code_line =
        (!code_line.is_empty()).then(|| view! { <p class="poster-code">{code_line}</p> });
    view! {
        <article class="poster" aria-labelledby=labelled>
            <p class="poster-kicker">"防止返贫 · 自主申报"</p>
            <h1 id=heading_id class=size_class>{name.clone()}</h1>
            <p class="poster-place">{place}</p>
            {code_line}
            <ReportQr class="poster-qr" name=name.clone() report_url=report_url.clone() svg=qr_svg/>
            <p class="poster-url">{report_url.clone()}</p>
            <ol class="poster-steps">
                <li><strong>"扫码"</strong><span>"用手机微信或相机扫上面的二维码"</span></li>
                <li><strong>"填写"</strong><span>"填写户主姓名、电话和家里遇到的困难"</span></li>
                <li><strong>"记下回执号"</strong><span>"提交后记下屏幕上的 8 位回执号，凭它查进度"</span></li>
            </ol>
            <p class="poster-next">"提交后，村里会与您联系并上门核实，审核结果会告诉您。办理进度可凭回执号在网上查询。"</p>
            <p class="poster-hotline">"不方便扫码？请拨打热线 " <strong>{hotline}</strong></p>
            <p class="poster-privacy">"二维码里只有本村的申报网址，不含任何个人信息。"</p>
        </article>
    }
}
