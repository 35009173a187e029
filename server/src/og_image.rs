//! The picture a shared link shows (`og:image`, `/og-image.png`): drawn here as SVG and
//! rasterised to PNG once, when the server starts (resvg), so no binary image is kept in
//! the repository. No text in it: the link's title and description carry the words, and
//! a server without Chinese fonts draws the same picture.

use std::sync::OnceLock;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The size social sites ask for (1.91:1).
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// The picture as SVG: terraced fields under a sun, a village house, and the portal's green.
fn svg() -> String {
    let mut terraces = String::new();
    // Five terraces, each a band a little lighter than the one below it, drawn from the
    // top down so each lower one lies over the one above.
    for (i, shade) in ["#0b5d3b", "#17724b", "#2a8a5c", "#47a372", "#6cbd8c"]
        .iter()
        .enumerate()
        .rev()
    {
        let lift = 90 * u32::try_from(i).unwrap_or(0);
        let base = HEIGHT - lift;
        terraces.push_str(&format!(
            "<path d=\"M0 {base} C 300 {a}, 700 {b}, 1200 {c} L1200 {HEIGHT} L0 {HEIGHT} Z\" fill=\"{shade}\"/>",
            a = base.saturating_sub(60),
            b = base + 30,
            c = base.saturating_sub(40),
        ));
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#f3f8f2\"/>\
         <circle cx=\"930\" cy=\"150\" r=\"80\" fill=\"#f2b33d\"/>\
         {terraces}\
         <g transform=\"translate(250 150)\">\
           <path d=\"M0 110 L110 20 L220 110 Z\" fill=\"#b8432f\"/>\
           <rect x=\"25\" y=\"110\" width=\"170\" height=\"120\" fill=\"#fdfaf3\"/>\
           <rect x=\"90\" y=\"160\" width=\"40\" height=\"70\" fill=\"#7a4b2a\"/>\
           <rect x=\"40\" y=\"135\" width=\"35\" height=\"30\" fill=\"#9cc3dd\"/>\
           <rect x=\"145\" y=\"135\" width=\"35\" height=\"30\" fill=\"#9cc3dd\"/>\
         </g>\
         <rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"16\" fill=\"#0b5d3b\"/>\
         </svg>"
    )
}

/// Rasterises [`svg`] to PNG.
fn render() -> Result<Vec<u8>, String> {
    let tree = resvg::usvg::Tree::from_str(&svg(), &resvg::usvg::Options::default())
        .map_err(|e| e.to_string())?;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("the picture has no size")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

static PNG: OnceLock<Vec<u8>> = OnceLock::new();

/// The PNG, made on first use (the server asks for it at start).
pub fn png() -> &'static [u8] {
    PNG.get_or_init(|| {
        render().unwrap_or_else(|err| {
            tracing::error!(error = %err, "the link picture could not be drawn");
            Vec::new()
        })
    })
}

/// `GET /og-image.png`.
pub async fn og_image() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        png(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picture_is_a_png_of_the_size_social_sites_ask_for() {
        let bytes = png();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(bytes).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (WIDTH, HEIGHT));
        // Drawn, not blank: the sun's yellow and the lowest terrace's green are there.
        let at = |x: u32, y: u32| pixmap.pixel(x, y).unwrap();
        let sun = at(930, 150);
        assert_eq!((sun.red(), sun.green(), sun.blue()), (0xf2, 0xb3, 0x3d));
        let field = at(600, HEIGHT - 5);
        assert_eq!(
            (field.red(), field.green(), field.blue()),
            (0x0b, 0x5d, 0x3b)
        );
    }
}
