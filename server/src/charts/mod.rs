//! Drawing on the server: small bar charts with plotters and QR codes with qrcode, both as
//! SVG text that pages inline, so they show without JavaScript and print sharply.

use app::model::industries::{
    SeriesChart, PLOT_BOTTOM, PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, SERIES_HEIGHT, SERIES_WIDTH,
};
use app::model::regions::{format_number, BarChart};
use app::model::PortError;
use app::ports::Graphics;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use qrcode::{EcLevel, QrCode};

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

const WIDTH: u32 = 560;
const ROW: u32 = 34;
const PADDING: u32 = 8;
const FONT_PX: u32 = 15;
/// plotters writes `font-size` as the style's size divided by 1.24; this gives 15px.
const FONT_SIZE: f64 = 15.0 * 1.24;
/// The portal's green, the same as the header.
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

const MUTED: RGBColor = RGBColor(0x5b, 0x67, 0x70);

/// A measure by year: baselines as filled squares, actual figures as filled circles,
/// targets as hollow triangles reached by a dashed line, standards as hollow circles; each
/// mark with its figure written above it and a legend in words, so no kind is told by
/// colour alone. The title and unit are inside the SVG, so a downloaded chart explains
/// itself. Sizes come from the data alone: the same chart gives the same SVG.
pub fn series_chart_svg(chart: &SeriesChart) -> Result<String, PortError> {
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (SERIES_WIDTH, SERIES_HEIGHT)).into_drawing_area();
        let fail = |e: DrawingAreaErrorKind<std::io::Error>| {
            PortError::internal(format!("series chart: {e}"))
        };
        root.fill(&WHITE).map_err(fail)?;
        let font = ("sans-serif", FONT_SIZE).into_font().color(&INK);
        let left = font.pos(Pos::new(HPos::Left, VPos::Center));
        let right = font.pos(Pos::new(HPos::Right, VPos::Center));
        let centre = font.pos(Pos::new(HPos::Center, VPos::Bottom));
        let under = font.pos(Pos::new(HPos::Center, VPos::Top));
        root.draw(&Text::new(chart.title.clone(), (8, 16), left.clone()))
            .map_err(fail)?;
        root.draw(&Text::new(
            format!("单位：{}", chart.unit),
            (to_i32(SERIES_WIDTH) - 8, 16),
            right,
        ))
        .map_err(fail)?;
        root.draw(&PathElement::new(
            vec![(PLOT_LEFT, PLOT_BOTTOM), (PLOT_RIGHT, PLOT_BOTTOM)],
            MUTED.stroke_width(1),
        ))
        .map_err(fail)?;
        if chart.points.is_empty() {
            root.draw(&Text::new(
                chart.empty.clone(),
                (
                    to_i32(SERIES_WIDTH) / 2,
                    i32::midpoint(PLOT_TOP, PLOT_BOTTOM),
                ),
                font.pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .map_err(fail)?;
            root.present().map_err(fail)?;
            drop(root);
            return Ok(svg);
        }
        let x_of = |year: u32| chart.x_of(year);
        let y_of = |value: f64| chart.y_of(value);
        // The years under the axis, each once.
        let mut years: Vec<u32> = chart.points.iter().map(|p| p.year).collect();
        years.dedup();
        for year in years {
            root.draw(&Text::new(
                format!("{year}"),
                (x_of(year), PLOT_BOTTOM + 6),
                under.clone(),
            ))
            .map_err(fail)?;
        }
        // The line from point to point: dashed where it leads to a target.
        for pair in chart.points.windows(2) {
            let (a, b) = (
                (x_of(pair[0].year), y_of(pair[0].value)),
                (x_of(pair[1].year), y_of(pair[1].value)),
            );
            if pair[1].kind == "target" {
                for (from, to) in dashes(a, b, 6) {
                    root.draw(&PathElement::new(vec![from, to], BAR.stroke_width(2)))
                        .map_err(fail)?;
                }
            } else {
                root.draw(&PathElement::new(vec![a, b], BAR.stroke_width(2)))
                    .map_err(fail)?;
            }
        }
        for point in &chart.points {
            let at = (x_of(point.year), y_of(point.value));
            draw_mark(&root, &point.kind, at).map_err(fail)?;
            root.draw(&Text::new(
                point.label.clone(),
                (at.0, at.1 - 10),
                centre.clone(),
            ))
            .map_err(fail)?;
        }
        // The legend: only the kinds present, each mark with its name.
        let mut x = 8;
        for (kind, name) in app::model::indicators::KINDS {
            if !chart.points.iter().any(|p| p.kind == kind) {
                continue;
            }
            draw_mark(&root, kind, (x + 6, 256)).map_err(fail)?;
            root.draw(&Text::new(name.to_string(), (x + 18, 256), left.clone()))
                .map_err(fail)?;
            x += 70;
        }
        if chart.undated > 0 {
            root.draw(&Text::new(
                format!("另有 {} 个数字未写年份，见下表", chart.undated),
                (x + 8, 256),
                left.clone(),
            ))
            .map_err(fail)?;
        }
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

/// The mark of a kind of figure, centred at `at`.
fn draw_mark<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    kind: &str,
    at: (i32, i32),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (x, y) = at;
    match kind {
        "baseline" => root.draw(&Rectangle::new(
            [(x - 6, y - 6), (x + 6, y + 6)],
            BAR.filled(),
        )),
        "target" => root.draw(&PathElement::new(
            vec![(x, y - 7), (x + 7, y + 6), (x - 7, y + 6), (x, y - 7)],
            BAR.stroke_width(2),
        )),
        "standard" => root.draw(&Circle::new((x, y), 6, BAR.stroke_width(2))),
        _ => root.draw(&Circle::new((x, y), 6, BAR.filled())),
    }
}

/// A dashed line from `a` to `b` as short segments of `dash` pixels with equal gaps.
#[allow(
    clippy::cast_possible_truncation,
    reason = "pixel positions inside the drawing, far from i32 bounds"
)]
fn dashes(a: (i32, i32), b: (i32, i32), dash: i32) -> Vec<((i32, i32), (i32, i32))> {
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let length = (dx * dx + dy * dy).sqrt();
    if length < 1.0 {
        return Vec::new();
    }
    let steps = (length / f64::from(dash)).floor() as i32;
    let at = |i: i32| {
        let t = (f64::from(i * dash) / length).min(1.0);
        (a.0 + (dx * t).round() as i32, a.1 + (dy * t).round() as i32)
    };
    (0..steps)
        .step_by(2)
        .map(|i| (at(i), at((i + 1).min(steps))))
        .collect()
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
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

    fn series() -> SeriesChart {
        use app::model::industries::SeriesPoint;
        SeriesChart {
            title: "林下经济利用面积（黔西南州）".into(),
            unit: "万亩".into(),
            points: vec![
                SeriesPoint {
                    year: 2020,
                    value: 146.98,
                    kind: "baseline".into(),
                    label: "146.98 万亩".into(),
                },
                SeriesPoint {
                    year: 2022,
                    value: 180.0,
                    kind: "actual".into(),
                    label: "180 万亩".into(),
                },
                SeriesPoint {
                    year: 2025,
                    value: 260.0,
                    kind: "target".into(),
                    label: "260 万亩以上".into(),
                },
            ],
            undated: 1,
            empty: String::new(),
        }
    }

    /// 黔西南州's rural tap-water rate across its plan: 2015 and 2020 (第一章) and the 2025
    /// target (第三章), paired by the editors: three points, the last one dashed to.
    fn water() -> SeriesChart {
        use app::model::industries::SeriesPoint;
        SeriesChart {
            title: "农村自来水普及率（黔西南州）".into(),
            unit: "%".into(),
            points: vec![
                SeriesPoint {
                    year: 2015,
                    value: 70.0,
                    kind: "baseline".into(),
                    label: "70 %".into(),
                },
                SeriesPoint {
                    year: 2020,
                    value: 88.8,
                    kind: "baseline".into(),
                    label: "88.8 %".into(),
                },
                SeriesPoint {
                    year: 2025,
                    value: 92.0,
                    kind: "target".into(),
                    label: "92 %以上".into(),
                },
            ],
            undated: 0,
            empty: String::new(),
        }
    }

    #[test]
    fn a_three_point_series_across_sections_matches_its_snapshot() {
        let svg = series_chart_svg(&water()).unwrap();
        // Every point is drawn with its figure; the legend names both kinds.
        for text in ["70 %", "88.8 %", "92 %以上", "基数", "目标"] {
            assert!(svg.contains(text), "missing {text}");
        }
        insta::assert_snapshot!("series_chart_three_points", svg);
    }

    /// The whole SVG of a fixed dataset, kept in `src/charts/snapshots/`: any change to the
    /// drawing shows up as a diff to review (`INSTA_UPDATE=always` rewrites it).
    #[test]
    fn a_series_chart_matches_its_snapshot() {
        insta::assert_snapshot!("series_chart", series_chart_svg(&series()).unwrap());
    }

    #[test]
    fn each_kind_has_its_own_mark_and_the_chart_explains_itself() {
        let svg = series_chart_svg(&series()).unwrap();
        for text in [
            "林下经济利用面积（黔西南州）",
            "单位：万亩",
            "146.98 万亩",
            "260 万亩以上",
            "基数",
            "实际",
            "目标",
            "2020",
            "2025",
            "另有 1 个数字未写年份",
        ] {
            assert!(svg.contains(text), "{text} missing");
        }
        // Background, the baseline's square and the legend's square.
        assert_eq!(svg.matches("<rect").count(), 3, "{svg}");
        // The actual figure's filled circle, in the chart and in the legend.
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
        // The way to the target is dashed: many short segments, not one line.
        assert!(svg.matches("<polyline").count() > 8, "{svg}");
        assert_eq!(
            series_chart_svg(&series()).unwrap(),
            svg,
            "the same data, the same SVG"
        );
    }

    #[test]
    fn a_chart_without_points_says_why_instead_of_drawing() {
        let mut chart = series();
        chart.points.clear();
        chart.empty = "文件没有为这个指标写明年份，无法按年份画出。".into();
        let svg = series_chart_svg(&chart).unwrap();
        assert!(svg.contains("无法按年份画出"));
        assert!(!svg.contains("<circle"));
    }

    #[test]
    fn a_qr_code_is_an_inline_svg_that_scales() {
        let svg = qr_svg("http://127.0.0.1:3000/report?village=qxn-p-01").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("viewBox"), "{svg}");
        assert!(!svg.contains("<?xml"));
    }
}
