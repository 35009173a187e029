//! Drawing on the server: small bar charts with plotters, QR codes with qrcode, and the
//! industries' charts (`series`, shared with the browser), all as SVG text that pages inline, so they show without JavaScript and print sharply.

use app::model::industries::SeriesChart;
use app::model::regions::{format_number, BarChart};
use app::model::PortError;
use app::ports::Graphics;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use qrcode::{EcLevel, QrCode};
use series::svg::to_i32;

/// The server's [`Graphics`] port.
#[derive(Debug, Clone, Copy, Default)]
pub struct Drawing;

impl Graphics for Drawing {
    fn bar_chart(&self, chart: &BarChart) -> Result<String, PortError> {
        bar_chart_svg(chart)
    }

    fn qr_code(&self, text: &str) -> Result<String, PortError> {
        kept_qr_svg(text)
    }

    fn series_chart(&self, chart: &SeriesChart) -> Result<String, PortError> {
        series_chart_svg(chart)
    }
}

/// An industry's chart of a measure by year: the drawing both sides make
/// ([`series::svg::series_chart_svg`]).
pub fn series_chart_svg(chart: &SeriesChart) -> Result<String, PortError> {
    Ok(series::svg::series_chart_svg(chart))
}

const WIDTH: u32 = 560;
const ROW: u32 = 34;
const PADDING: u32 = 8;
const FONT_PX: u32 = 15;
/// plotters writes `font-size` as the style's size divided by 1.24; this gives 15px, as the
/// industries' charts write it ([`series::svg::FONT_SIZE`]).
const FONT_SIZE: f64 = 15.0 * 1.24;
/// The portal's green and ink, as the industries' charts draw them ([`series::svg::BAR`]).
const BAR: RGBColor = RGBColor(0x0b, 0x5d, 0x3b);
const INK: RGBColor = RGBColor(0x1f, 0x29, 0x33);

/// A horizontal bar chart: the label at the left, the bar, and its value at the bar's end.
/// Sizes come from the data alone, so the same chart always gives the same SVG.
#[allow(
    clippy::cast_possible_truncation,
    reason = "pixel positions inside the drawing, far from i32 bounds"
)]
pub fn bar_chart_svg(chart: &BarChart) -> Result<String, PortError> {
    let rows = u32::try_from(chart.bars.len()).unwrap_or(u32::MAX).max(1);
    let height = PADDING * 2 + rows * ROW;
    // Chinese labels are about one font size wide per character.
    let label_chars = chart
        .bars
        .iter()
        .map(|bar| bar.label.chars().count())
        .max()
        .unwrap_or(0);
    let label_width = u32::try_from(label_chars).unwrap_or(20).min(14) * FONT_PX + PADDING * 2;
    let value_width = 56;
    let bar_space = WIDTH.saturating_sub(label_width + value_width + PADDING);
    let max = chart
        .bars
        .iter()
        .map(|bar| bar.value)
        .fold(0.0_f64, f64::max);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let fail = |e: DrawingAreaErrorKind<std::io::Error>| {
            PortError::internal(format!("bar chart: {e}"))
        };
        root.fill(&WHITE).map_err(fail)?;
        let font = ("sans-serif", FONT_SIZE).into_font().color(&INK);
        let label_style = font.pos(Pos::new(HPos::Right, VPos::Center));
        let value_style = font.pos(Pos::new(HPos::Left, VPos::Center));
        for (row, bar) in (0_u32..).zip(&chart.bars) {
            let top = PADDING + row * ROW;
            let middle = to_i32(top + ROW / 2);
            let length = if max > 0.0 && bar.value > 0.0 {
                ((bar.value / max) * f64::from(bar_space)).round().max(2.0)
            } else {
                0.0
            };
            let x0 = to_i32(label_width);
            root.draw(&Text::new(
                bar.label.clone(),
                (x0 - to_i32(PADDING), middle),
                label_style.clone(),
            ))
            .map_err(fail)?;
            if length > 0.0 {
                let x1 = x0 + length as i32;
                root.draw(&Rectangle::new(
                    [(x0, to_i32(top + 6)), (x1, to_i32(top + ROW - 6))],
                    BAR.filled(),
                ))
                .map_err(fail)?;
            }
            root.draw(&Text::new(
                format_number(bar.value),
                (x0 + length as i32 + 6, middle),
                value_style.clone(),
            ))
            .map_err(fail)?;
        }
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

/// A QR code as an inline `<svg>` (no XML declaration), with its quiet zone, medium error
/// correction (a creased or dirty poster still scans) and a `viewBox` so it scales.
/// QR codes drawn, kept by their text: a village's code is the same until its address
/// changes, and drawing it is most of the work of rendering its page. 512 codes of 6–12 KB.
const QR_CODES_KEPT: usize = 512;

/// [`qr_svg`], drawn once per text while it is among the last [`QR_CODES_KEPT`] asked for.
pub fn kept_qr_svg(text: &str) -> Result<String, PortError> {
    use std::sync::{Arc, Mutex, OnceLock};
    type Drawn = Mutex<lru::LruCache<String, Arc<str>>>;
    static DRAWN: OnceLock<Drawn> = OnceLock::new();
    let drawn = DRAWN.get_or_init(|| {
        Mutex::new(lru::LruCache::new(
            std::num::NonZeroUsize::new(QR_CODES_KEPT).unwrap_or(std::num::NonZeroUsize::MIN),
        ))
    });
    if let Some(svg) = drawn.lock().ok().and_then(|mut d| d.get(text).cloned()) {
        return Ok(svg.to_string());
    }
    let svg = qr_svg(text)?;
    if let Ok(mut d) = drawn.lock() {
        d.put(text.to_string(), Arc::from(svg.as_str()));
    }
    Ok(svg)
}

pub fn qr_svg(text: &str) -> Result<String, PortError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| PortError::internal(format!("QR code: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    let start = svg.find("<svg").unwrap_or(0);
    Ok(svg[start..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::regions::Bar;

    #[test]
    fn a_kept_qr_code_is_the_one_drawn_for_its_text() {
        for text in [
            "https://xczx.example.cn/report?village=522301001001",
            "https://a.cn/x",
        ] {
            assert_eq!(kept_qr_svg(text).unwrap(), qr_svg(text).unwrap());
            assert_eq!(
                kept_qr_svg(text).unwrap(),
                qr_svg(text).unwrap(),
                "{text}, kept"
            );
        }
        assert_ne!(
            kept_qr_svg("https://a.cn/x").unwrap(),
            kept_qr_svg("https://a.cn/y").unwrap()
        );
    }

    fn chart() -> BarChart {
        BarChart {
            unit: "个行政村".into(),
            bars: vec![
                Bar {
                    label: "乡村振兴引领示范村".into(),
                    value: 45.0,
                },
                Bar {
                    label: "乡村振兴重点推进村".into(),
                    value: 72.0,
                },
                Bar {
                    label: "乡村振兴夯实基础村".into(),
                    value: 53.0,
                },
            ],
        }
    }

    #[test]
    fn a_bar_chart_draws_one_bar_per_value_with_its_label_and_number() {
        let svg = bar_chart_svg(&chart()).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("viewBox=\"0 0 560 118\""), "{svg}");
        assert!(svg.contains(r#"font-size="15"#), "{svg}");
        for text in ["乡村振兴引领示范村", "\n45\n", "\n72\n", "\n53\n"] {
            assert!(svg.contains(text), "{text} missing in {svg}");
        }
        // The background and three bars.
        assert_eq!(svg.matches("<rect").count(), 4, "{svg}");
    }

    #[test]
    fn the_longest_bar_is_the_largest_value() {
        let svg = bar_chart_svg(&chart()).unwrap();
        let widths: Vec<f64> = svg
            .split("<rect")
            .skip(2)
            .filter_map(|rect| {
                let at = rect.find("width=\"")? + 7;
                rect[at..].split('"').next()?.parse().ok()
            })
            .collect();
        assert_eq!(widths.len(), 3, "{svg}");
        assert!(widths[1] > widths[2] && widths[2] > widths[0], "{widths:?}");
    }

    #[test]
    fn the_same_chart_gives_the_same_svg() {
        assert_eq!(
            bar_chart_svg(&chart()).unwrap(),
            bar_chart_svg(&chart()).unwrap()
        );
    }

    #[test]
    fn a_chart_of_zeros_or_nothing_still_draws() {
        let empty = BarChart {
            unit: "个".into(),
            bars: vec![],
        };
        assert!(bar_chart_svg(&empty).unwrap().starts_with("<svg"));
        let zero = BarChart {
            unit: "个".into(),
            bars: vec![Bar {
                label: "无".into(),
                value: 0.0,
            }],
        };
        assert!(bar_chart_svg(&zero).unwrap().contains("\n0\n"));
    }

    #[test]
    fn a_qr_code_is_an_inline_svg_that_scales() {
        let svg = qr_svg("http://127.0.0.1:3000/report?village=qxn-p-01").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("viewBox"), "{svg}");
        assert!(!svg.contains("<?xml"));
    }
}
