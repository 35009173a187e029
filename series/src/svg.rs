//! The chart drawn as SVG text: the page inlines it, the download is it, and the browser's
//! WebAssembly draws the same text when the controls change.
//!
//! The drawing is written here element by element in the form plotters' SVG backend writes
//! (the server's other charts are drawn with plotters): plotters with its SVG backend and the
//! float formatting it needs made the chart's WebAssembly 57.5 KB brotli against the page's
//! 45 KB. The snapshots in `src/snapshots/` were made with plotters and this writer matches
//! them byte for byte.

use crate::{SeriesChart, KINDS, PLOT_BOTTOM, PLOT_LEFT, PLOT_RIGHT, PLOT_TOP};
use crate::{SERIES_HEIGHT, SERIES_WIDTH};

/// The portal's green, the same as the header.
pub const BAR: &str = "#0B5D3B";
pub const INK: &str = "#1F2933";
pub const MUTED: &str = "#5B6770";
const WHITE: &str = "#FFFFFF";
/// 15 px, written as plotters writes a font of 15 × 1.24 (it divides by 1.24).
pub const FONT_SIZE: &str = "15.000000000000002";

/// Where a text stands against its point: (`text-anchor`, `dy`).
#[derive(Clone, Copy)]
enum Anchor {
    /// Left of the text at the point, centred on it vertically.
    Start,
    /// Right of the text at the point, centred vertically.
    End,
    /// Centred on the point.
    Middle,
    /// Centred horizontally, above the point.
    Above,
    /// Centred horizontally, below the point.
    Below,
}

impl Anchor {
    fn attributes(self) -> (&'static str, &'static str) {
        match self {
            Anchor::Start => ("start", "0.5ex"),
            Anchor::End => ("end", "0.5ex"),
            Anchor::Middle => ("middle", "0.5ex"),
            Anchor::Above => ("middle", "-0.5ex"),
            Anchor::Below => ("middle", "0.76em"),
        }
    }
}

/// An SVG document being written.
struct Svg(String);

impl Svg {
    fn new() -> Svg {
        let mut svg = Svg(String::with_capacity(8192));
        let (w, h) = (SERIES_WIDTH.to_string(), SERIES_HEIGHT.to_string());
        let view_box = format!("0 0 {w} {h}");
        svg.tag(
            "svg",
            &[
                ("width", &w),
                ("height", &h),
                ("viewBox", &view_box),
                ("xmlns", "http://www.w3.org/2000/svg"),
            ],
            false,
        );
        svg
    }

    fn escaped(&mut self, value: &str) {
        self.0.push_str(&crate::escape(value));
    }

    fn tag(&mut self, name: &str, attributes: &[(&str, &str)], close: bool) {
        self.0.push('<');
        self.0.push_str(name);
        for (key, value) in attributes {
            self.0.push(' ');
            self.0.push_str(key);
            self.0.push_str("=\"");
            self.escaped(value);
            self.0.push('"');
        }
        self.0.push_str(if close { "/>\n" } else { ">\n" });
    }

    fn rect(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), fill: &str) {
        self.tag(
            "rect",
            &[
                ("x", &x0.to_string()),
                ("y", &y0.to_string()),
                ("width", &(x1 - x0).to_string()),
                ("height", &(y1 - y0).to_string()),
                ("opacity", "1"),
                ("fill", fill),
                ("stroke", "none"),
            ],
            true,
        );
    }

    fn polyline(&mut self, points: &[(i32, i32)], stroke: &str, width: u32) {
        let mut list = String::new();
        for (x, y) in points {
            list.push_str(&x.to_string());
            list.push(',');
            list.push_str(&y.to_string());
            list.push(' ');
        }
        self.tag(
            "polyline",
            &[
                ("fill", "none"),
                ("opacity", "1"),
                ("stroke", stroke),
                ("stroke-width", &width.to_string()),
                ("points", &list),
            ],
            true,
        );
    }

    /// A filled circle, or (`hollow`) a ring two pixels wide.
    fn circle(&mut self, (x, y): (i32, i32), radius: u32, hollow: bool) {
        let (fill, stroke, width) = if hollow {
            ("none", BAR, "2")
        } else {
            (BAR, "none", "1")
        };
        self.tag(
            "circle",
            &[
                ("cx", &x.to_string()),
                ("cy", &y.to_string()),
                ("r", &radius.to_string()),
                ("opacity", "1"),
                ("fill", fill),
                ("stroke", stroke),
                ("stroke-width", width),
            ],
            true,
        );
    }

    fn text(&mut self, text: &str, (x, y): (i32, i32), anchor: Anchor) {
        let (text_anchor, dy) = anchor.attributes();
        self.tag(
            "text",
            &[
                ("x", &x.to_string()),
                ("y", &y.to_string()),
                ("dy", dy),
                ("text-anchor", text_anchor),
                ("font-family", "sans-serif"),
                ("font-size", FONT_SIZE),
                ("opacity", "1"),
                ("fill", INK),
            ],
            false,
        );
        self.escaped(text);
        self.0.push_str("\n</text>\n");
    }

    fn finish(mut self) -> String {
        self.0.push_str("</svg>\n");
        self.0
    }
}

/// A measure by year: baselines as filled squares, actual figures as filled circles,
/// targets as hollow triangles reached by a dashed line, standards as hollow circles; each
/// mark with its figure written above it and a legend in words, so no kind is told by
/// colour alone. The title and unit are inside the SVG, so a downloaded chart explains
/// itself. Sizes come from the data alone: the same chart gives the same SVG.
pub fn series_chart_svg(chart: &SeriesChart) -> String {
    let mut svg = Svg::new();
    svg.rect((0, 0), (to_i32(SERIES_WIDTH), to_i32(SERIES_HEIGHT)), WHITE);
    svg.text(&chart.title, (8, 16), Anchor::Start);
    svg.text(
        &format!("单位：{}", chart.unit),
        (to_i32(SERIES_WIDTH) - 8, 16),
        Anchor::End,
    );
    svg.polyline(
        &[(PLOT_LEFT, PLOT_BOTTOM), (PLOT_RIGHT, PLOT_BOTTOM)],
        MUTED,
        1,
    );
    if chart.points.is_empty() {
        svg.text(
            &chart.empty,
            (
                to_i32(SERIES_WIDTH) / 2,
                i32::midpoint(PLOT_TOP, PLOT_BOTTOM),
            ),
            Anchor::Middle,
        );
        return svg.finish();
    }
    // The years under the axis, each once.
    let mut years: Vec<u32> = chart.points.iter().map(|p| p.year).collect();
    years.dedup();
    for year in years {
        svg.text(
            &year.to_string(),
            (chart.x_of(year), PLOT_BOTTOM + 6),
            Anchor::Below,
        );
    }
    // The line from point to point: dashed where it leads to a target.
    let at = |p: &crate::SeriesPoint| (chart.x_of(p.year), chart.y_of(p.value));
    for pair in chart.points.windows(2) {
        let (a, b) = (at(&pair[0]), at(&pair[1]));
        if pair[1].kind == "target" {
            for (from, to) in dashes(a, b, 6) {
                svg.polyline(&[from, to], BAR, 2);
            }
        } else {
            svg.polyline(&[a, b], BAR, 2);
        }
    }
    for point in &chart.points {
        let (x, y) = at(point);
        mark(&mut svg, &point.kind, (x, y));
        svg.text(&point.label, (x, y - 10), Anchor::Above);
    }
    // The legend: only the kinds present, each mark with its name.
    let mut x = 8;
    for (kind, name) in KINDS {
        if !chart.points.iter().any(|p| p.kind == kind) {
            continue;
        }
        mark(&mut svg, kind, (x + 6, 256));
        svg.text(name, (x + 18, 256), Anchor::Start);
        x += 70;
    }
    if chart.undated > 0 {
        svg.text(
            &format!("另有 {} 个数字未写年份，见下表", chart.undated),
            (x + 8, 256),
            Anchor::Start,
        );
    }
    svg.finish()
}

/// The mark of a kind of figure, centred at `at`.
fn mark(svg: &mut Svg, kind: &str, (x, y): (i32, i32)) {
    match kind {
        "baseline" => svg.rect((x - 6, y - 6), (x + 6, y + 6), BAR),
        "target" => svg.polyline(
            &[(x, y - 7), (x + 7, y + 6), (x - 7, y + 6), (x, y - 7)],
            BAR,
            2,
        ),
        "standard" => svg.circle((x, y), 6, true),
        _ => svg.circle((x, y), 6, false),
    }
}

/// A dashed line from `a` to `b` as short segments of `dash` pixels with equal gaps.
#[expect(
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

/// A size in pixels as a coordinate.
pub fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeriesPoint;

    fn point(year: u32, value: f64, kind: &str, label: &str) -> SeriesPoint {
        SeriesPoint {
            year,
            value,
            kind: kind.into(),
            label: label.into(),
        }
    }

    fn series() -> SeriesChart {
        SeriesChart {
            title: "林下经济利用面积（黔西南州）".into(),
            unit: "万亩".into(),
            points: vec![
                point(2020, 146.98, "baseline", "146.98 万亩"),
                point(2022, 180.0, "actual", "180 万亩"),
                point(2025, 260.0, "target", "260 万亩以上"),
            ],
            undated: 1,
            empty: String::new(),
        }
    }

    /// 黔西南州's rural tap-water rate across its plan: 2015 and 2020 (第一章) and the 2025
    /// target (第三章), paired by the editors: three points, the last one dashed to.
    fn water() -> SeriesChart {
        SeriesChart {
            title: "农村自来水普及率（黔西南州）".into(),
            unit: "%".into(),
            points: vec![
                point(2015, 70.0, "baseline", "70 %"),
                point(2020, 88.8, "baseline", "88.8 %"),
                point(2025, 92.0, "target", "92 %以上"),
            ],
            undated: 0,
            empty: String::new(),
        }
    }

    #[test]
    fn a_three_point_series_across_sections_matches_its_snapshot() {
        let svg = series_chart_svg(&water());
        // Every point is drawn with its figure; the legend names both kinds.
        for text in ["70 %", "88.8 %", "92 %以上", "基数", "目标"] {
            assert!(svg.contains(text), "missing {text}");
        }
        insta::assert_snapshot!("series_chart_three_points", svg);
    }

    /// The whole SVG of a fixed dataset, kept in `src/snapshots/`: any change to the drawing
    /// shows up as a diff to review (`INSTA_UPDATE=always` rewrites it).
    #[test]
    fn a_series_chart_matches_its_snapshot() {
        insta::assert_snapshot!("series_chart", series_chart_svg(&series()));
    }

    #[test]
    fn each_kind_has_its_own_mark_and_the_chart_explains_itself() {
        let svg = series_chart_svg(&series());
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
            series_chart_svg(&series()),
            svg,
            "the same data, the same SVG"
        );
    }

    /// Every kind of mark, a single year, text to escape and an empty chart, as plotters' SVG
    /// backend drew them (the snapshots were made with it).
    #[test]
    fn every_mark_and_the_empty_chart_match_their_snapshots() {
        let all = SeriesChart {
            title: "<标准> & 'x' \"y\"".into(),
            unit: "%".into(),
            points: vec![
                point(2018, 0.0, "standard", "0 %"),
                point(2020, 12.5, "actual", "12.5 %"),
                point(2020, 10.0, "baseline", "10 %"),
                point(2030, 80.0, "target", "不低于 80 %"),
            ],
            undated: 2,
            empty: String::new(),
        };
        insta::assert_snapshot!("series_chart_every_kind", series_chart_svg(&all));
        let single = SeriesChart {
            points: vec![point(2025, 3.0, "standard", "3 %")],
            undated: 0,
            ..all.clone()
        };
        insta::assert_snapshot!("series_chart_single", series_chart_svg(&single));
        let empty = SeriesChart {
            points: Vec::new(),
            empty: "所选年份和类型中没有数字，请放宽年份或多选几种类型。".into(),
            ..all
        };
        insta::assert_snapshot!("series_chart_empty", series_chart_svg(&empty));
    }

    #[test]
    fn a_chart_without_points_says_why_instead_of_drawing() {
        let mut chart = series();
        chart.points.clear();
        chart.empty = "文件没有为这个指标写明年份，无法按年份画出。".into();
        let svg = series_chart_svg(&chart);
        assert!(svg.contains("无法按年份画出"));
        assert!(!svg.contains("<circle"));
    }
}
