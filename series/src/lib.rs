//! An industry's chart of one measure by year, one implementation for both sides: the state
//! its address names ([`ChartState`]), the figures it draws ([`Metric`], [`SeriesChart`]),
//! where each falls ([`SeriesChart::positions`]), the drawing ([`svg::series_chart_svg`],
//! SVG as plotters writes it) and the HTML under the controls ([`body::chart_body_html`]).
//!
//! The server renders it into the page and answers the SVG download with it; the browser's
//! WebAssembly (`browser/`, feature `chart`) redraws it in place from the measures' JSON when
//! the controls change, so the chart a reader sees after a change is the one the server would
//! have drawn for that address.

pub mod body;
pub mod svg;

use serde::{Deserialize, Serialize};

/// The kinds of figure, in the order they are listed, with their Chinese names.
pub const KINDS: [(&str, &str); 4] = [
    ("baseline", "基数"),
    ("target", "目标"),
    ("actual", "实际"),
    ("standard", "标准"),
];

/// The Chinese name of a kind (`target` → 目标); the kind itself when unknown.
pub fn kind_label(kind: &str) -> &str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, label)| *label)
}

/// The first four-digit year in a year text (`2025`, `2015-2020` → 2015).
pub fn first_year(text: &str) -> Option<u32> {
    let digits: Vec<char> = text.chars().collect();
    digits
        .windows(4)
        .find(|w| w.iter().all(char::is_ascii_digit))
        .and_then(|w| w.iter().collect::<String>().parse().ok())
}

/// A year as the document writes it, or a plain note that it gives none.
pub fn year_label(year: &str) -> String {
    if year.trim().is_empty() {
        "原文未写年份".to_string()
    } else {
        year.to_string()
    }
}

/// `text` safe inside an element or a quoted attribute, of HTML or XML (`&`, `<`, `>`, `"`
/// and `'` as entities, as plotters' SVG backend writes them).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// The year as a prefix of a figure (`2020年`, `“十三五”时期`, `未写年份的`).
fn year_prefix(year: &str) -> String {
    if year.trim().is_empty() {
        "未写年份的".to_string()
    } else if year.chars().all(|c| c.is_ascii_digit()) {
        format!("{year}年")
    } else {
        year.to_string()
    }
}

/// Which chart an industry page shows: `?metric=<id>&from=<year>&to=<year>&show=<kinds>`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ChartState {
    pub metric: String,
    pub from: Option<u32>,
    pub to: Option<u32>,
    /// The kinds of figure shown (`baseline`, `target`, …); every kind when `None`.
    pub show: Option<Vec<String>>,
}

impl ChartState {
    /// Reads the state; a year that is not a number and an unknown kind are ignored.
    /// `show` may repeat (`show=&show=target`, as the plain form sends it, the empty one
    /// saying that the boxes were there) or list kinds with commas (`show=baseline,target`).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ChartState {
        let mut state = ChartState::default();
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "metric" => state.metric = value.chars().take(40).collect(),
                "from" => state.from = value.parse().ok().filter(|y| (1949..=2100).contains(y)),
                "to" => state.to = value.parse().ok().filter(|y| (1949..=2100).contains(y)),
                "show" => {
                    let shown = state.show.get_or_insert_with(Vec::new);
                    for kind in value.split(',') {
                        if KINDS.iter().any(|(k, _)| *k == kind) && !shown.iter().any(|s| s == kind)
                        {
                            shown.push(kind.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        // Every kind shown is the same as saying nothing; the order of the kinds is fixed
        // (taken from KINDS rather than sorted: no sort code in the browser's module).
        if let Some(shown) = &state.show {
            state.show = (shown.len() < KINDS.len()).then(|| {
                KINDS
                    .iter()
                    .filter(|(k, _)| shown.iter().any(|s| s == k))
                    .map(|(k, _)| (*k).to_string())
                    .collect()
            });
        }
        state
    }

    /// Reads the state from a query string (`metric=…&from=…`, with or without `?`).
    pub fn from_query_string(raw: &str) -> ChartState {
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(raw.trim_start_matches('?').as_bytes())
                .into_owned()
                .collect();
        ChartState::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The state as a query string (set parts only).
    pub fn to_query_string(&self, metric: &str) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        out.append_pair("metric", metric);
        if let Some(from) = self.from {
            out.append_pair("from", &from.to_string());
        }
        if let Some(to) = self.to {
            out.append_pair("to", &to.to_string());
        }
        if let Some(shown) = &self.show {
            out.append_pair("show", &shown.join(","));
        }
        out.finish()
    }

    /// Whether figures of `kind` are shown.
    pub fn shows(&self, kind: &str) -> bool {
        self.show
            .as_ref()
            .is_none_or(|shown| shown.iter().any(|s| s == kind))
    }
}

/// One figure of a measure, as the chart and its table quote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The figure's id (`ind-072`): its row in the table is `#pt-<id>`.
    pub id: String,
    /// As the document writes it (`2025`, `“十三五”时期`); empty when it gives none.
    pub year: String,
    /// `baseline`, `target`, `actual` or `standard`.
    pub kind: String,
    pub value: f64,
    /// The value as a program reads it (`146.98`), for the table's `<data value>`: written
    /// by the server, so the browser formats no floating-point number.
    pub number: String,
    /// The figure in words as the document writes it (`150 万亩以上`).
    pub figure: String,
    /// The title of the document it comes from, and the section.
    pub document: String,
    pub section: String,
}

impl Figure {
    /// The year, or a plain note that the document gives none.
    pub fn year_label(&self) -> String {
        year_label(&self.year)
    }

    /// The Chinese name of the kind.
    pub fn kind_label(&self) -> &str {
        kind_label(&self.kind)
    }

    /// The figure in words with its year, kind and source:
    /// `2020年 基数 146.98 万亩，出处：《…》第五章`.
    pub fn tip(&self) -> String {
        let year = self.year_label();
        let year = if year.chars().all(|c| c.is_ascii_digit()) {
            format!("{year}年")
        } else {
            year
        };
        format!(
            "{year} {} {}，出处：《{}》{}",
            self.kind_label(),
            self.figure,
            self.document,
            self.section
        )
    }
}

/// One measure of an industry (the same name, unit and region): its figures by year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// Its key in the query string: the id of its first figure (`ind-100`).
    pub key: String,
    pub name: String,
    pub unit: String,
    pub region: String,
    /// Dated figures first, by year; then the undated ones.
    pub points: Vec<Figure>,
}

impl Metric {
    /// The figures a chart of `[from, to]` (either bound may be absent) showing only the
    /// kinds in `show` (all when `None`) places, in order: dated, within the years, of a
    /// shown kind.
    pub fn plotted(
        &self,
        from: Option<u32>,
        to: Option<u32>,
        show: Option<&[String]>,
    ) -> Vec<&Figure> {
        self.points
            .iter()
            .filter(|r| show.is_none_or(|kinds| kinds.contains(&r.kind)))
            .filter(|r| {
                first_year(&r.year).is_some_and(|year| {
                    from.is_none_or(|from| year >= from) && to.is_none_or(|to| year <= to)
                })
            })
            .collect()
    }

    /// The chart of [`Metric::plotted`], with what to say when nothing can be drawn.
    pub fn chart(
        &self,
        from: Option<u32>,
        to: Option<u32>,
        show: Option<&[String]>,
    ) -> SeriesChart {
        let points: Vec<SeriesPoint> = self
            .plotted(from, to, show)
            .into_iter()
            .map(|record| SeriesPoint {
                year: first_year(&record.year).unwrap_or_default(),
                value: record.value,
                kind: record.kind.clone(),
                label: record.figure.clone(),
            })
            .collect();
        let undated = self
            .points
            .iter()
            .filter(|r| show.is_none_or(|kinds| kinds.contains(&r.kind)))
            .filter(|r| first_year(&r.year).is_none())
            .count();
        let dated_at_all = self.points.iter().any(|r| first_year(&r.year).is_some());
        let empty = if dated_at_all {
            "所选年份和类型中没有数字，请放宽年份或多选几种类型。"
        } else {
            "文件没有为这个指标写明年份，无法按年份画出。"
        };
        SeriesChart {
            title: format!("{}（{}）", self.name, self.region),
            unit: self.unit.clone(),
            points,
            undated,
            empty: empty.to_string(),
        }
    }

    /// One sentence with every figure, its year and kind: for screen readers and quoting.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .points
            .iter()
            .map(|r| format!("{}{} {}", year_prefix(&r.year), r.kind_label(), r.figure))
            .collect();
        let only = if self.points.len() == 1 {
            "（文件只给出这一个数字）"
        } else {
            ""
        };
        format!(
            "{}（{}）：{}{only}。",
            self.name,
            self.region,
            parts.join("，")
        )
    }
}

/// The measure `state` names among `metrics` (the first when it names none or an unknown
/// one), with the state naming it; `None` when there is no measure at all.
pub fn choose(metrics: &[Metric], state: ChartState) -> Option<(&Metric, ChartState)> {
    let metric = metrics
        .iter()
        .find(|m| m.key == state.metric)
        .or_else(|| metrics.first())?;
    let state = ChartState {
        metric: metric.key.clone(),
        ..state
    };
    Some((metric, state))
}

/// One point of a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    pub year: u32,
    pub value: f64,
    /// `baseline`, `target`, `actual` or `standard`: drawn with different marks.
    pub kind: String,
    /// The figure in words (`260 万亩`), written beside the mark.
    pub label: String,
}

/// A measure's figures by year, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesChart {
    pub title: String,
    pub unit: String,
    pub points: Vec<SeriesPoint>,
    /// Figures of the measure that have no year and cannot be placed.
    pub undated: usize,
    /// What the chart says instead when it has no points.
    pub empty: String,
}

/// The size of a series chart and where its plot sits, in SVG pixels: the drawing uses them
/// and the page lays its focusable points over the drawing with them.
pub const SERIES_WIDTH: u32 = 560;
pub const SERIES_HEIGHT: u32 = 280;
pub const PLOT_LEFT: i32 = 48;
pub const PLOT_RIGHT: i32 = 512;
pub const PLOT_TOP: i32 = 56;
pub const PLOT_BOTTOM: i32 = 210;

impl SeriesChart {
    /// The first and last year on the axis (one year either side of a single year).
    pub fn year_span(&self) -> (u32, u32) {
        let first = self.points.iter().map(|p| p.year).min().unwrap_or(0);
        let last = self.points.iter().map(|p| p.year).max().unwrap_or(0);
        if first == last {
            (first.saturating_sub(1), last + 1)
        } else {
            (first, last)
        }
    }

    /// The value at the top of the plot: the largest with room for its label.
    fn top(&self) -> f64 {
        let max = self.points.iter().map(|p| p.value).fold(0.0_f64, f64::max);
        if max > 0.0 {
            max * 1.15
        } else {
            1.0
        }
    }

    /// Where a year falls on the x axis.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a pixel position inside the drawing, far from i32's bounds"
    )]
    pub fn x_of(&self, year: u32) -> i32 {
        let (first, last) = self.year_span();
        let share = f64::from(year.saturating_sub(first)) / f64::from((last - first).max(1));
        PLOT_LEFT + 24 + (share * f64::from(PLOT_RIGHT - PLOT_LEFT - 48)).round() as i32
    }

    /// Where a value falls on the y axis (negative values sit on the axis).
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a pixel position inside the drawing, far from i32's bounds"
    )]
    pub fn y_of(&self, value: f64) -> i32 {
        PLOT_BOTTOM
            - ((value.max(0.0) / self.top()) * f64::from(PLOT_BOTTOM - PLOT_TOP)).round() as i32
    }

    /// Where each point is drawn, in the order of `points`.
    pub fn positions(&self) -> Vec<(i32, i32)> {
        self.points
            .iter()
            .map(|p| (self.x_of(p.year), self.y_of(p.value)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn figure(id: &str, value: f64, year: &str, kind: &str) -> Figure {
        Figure {
            id: id.to_string(),
            year: year.to_string(),
            kind: kind.to_string(),
            value,
            number: value.to_string(),
            figure: format!("{value} 万亩"),
            document: "规划".to_string(),
            section: "第五章".to_string(),
        }
    }

    pub(crate) fn metric() -> Metric {
        Metric {
            key: "ind-100".to_string(),
            name: "林下经济利用面积".to_string(),
            unit: "万亩".to_string(),
            region: "黔西南州".to_string(),
            points: vec![
                figure("ind-071", 146.98, "2020", "baseline"),
                figure("ind-100", 260.0, "2025", "target"),
                figure("ind-080", 150.0, "", "actual"),
            ],
        }
    }

    #[test]
    fn the_chart_state_reads_the_plain_form_and_the_short_form_alike() {
        let plain = ChartState::from_query_string(
            "?metric=ind-072&from=2015&to=abc&show=&show=target&show=baseline&show=nonsense",
        );
        assert_eq!(plain.metric, "ind-072");
        assert_eq!((plain.from, plain.to), (Some(2015), None));
        assert_eq!(
            plain.show,
            Some(vec!["baseline".to_string(), "target".to_string()])
        );
        assert!(plain.shows("target") && !plain.shows("actual"));
        let short = ChartState::from_query_string(&plain.to_query_string("ind-072"));
        assert_eq!(short, plain);
        assert_eq!(
            plain.to_query_string("ind-072"),
            "metric=ind-072&from=2015&show=baseline%2Ctarget"
        );
        // Boxes sent but none ticked: nothing shown. No boxes sent: everything.
        let none = ChartState::from_query_string("metric=x&show=");
        assert_eq!(none.show, Some(Vec::new()));
        assert!(!none.shows("baseline"));
        assert!(ChartState::from_query_string("metric=x").shows("baseline"));
        // Every kind ticked is the same as none said.
        let all = ChartState::from_query_string("show=baseline,target,actual,standard");
        assert_eq!(all.show, None);
        assert_eq!(all.to_query_string("x"), "metric=x");
    }

    #[test]
    fn a_measure_charts_its_dated_figures_within_the_years_and_kinds_shown() {
        let metric = metric();
        let chart = metric.chart(None, None, None);
        assert_eq!(chart.points.len(), 2);
        assert_eq!(chart.undated, 1);
        assert_eq!(chart.points[0].kind, "baseline");
        assert_eq!(metric.chart(Some(2021), None, None).points.len(), 1);
        let none = metric.chart(None, Some(2019), None);
        assert!(none.points.is_empty());
        assert!(none.empty.starts_with("所选年份和类型中没有数字"));
        let targets = vec!["target".to_string()];
        let only = metric.chart(None, None, Some(&targets));
        assert_eq!(only.points.len(), 1);
        assert_eq!(only.undated, 0);
        assert_eq!(
            metric.summary(),
            "林下经济利用面积（黔西南州）：2020年基数 146.98 万亩，2025年目标 260 万亩，未写年份的实际 150 万亩。"
        );
        assert_eq!(
            metric.points[0].tip(),
            "2020年 基数 146.98 万亩，出处：《规划》第五章"
        );
    }

    #[test]
    fn an_unknown_measure_is_read_as_the_first() {
        let metrics = vec![metric()];
        let state = ChartState::from_query_string("metric=nothing&from=2020");
        let (chosen, state) = choose(&metrics, state).unwrap();
        assert_eq!(chosen.key, "ind-100");
        assert_eq!(
            state.to_query_string(&state.metric),
            "metric=ind-100&from=2020"
        );
        assert!(choose(&[], ChartState::default()).is_none());
    }

    #[test]
    fn points_are_placed_by_year_and_value_inside_the_plot() {
        let point = |year, value: f64, kind: &str| SeriesPoint {
            year,
            value,
            kind: kind.to_string(),
            label: value.to_string(),
        };
        let chart = SeriesChart {
            title: String::new(),
            unit: "万亩".to_string(),
            points: vec![
                point(2020, 100.0, "baseline"),
                point(2022, 50.0, "actual"),
                point(2025, 200.0, "target"),
            ],
            undated: 0,
            empty: String::new(),
        };
        let at = chart.positions();
        assert!(at[0].0 < at[1].0 && at[1].0 < at[2].0, "{at:?}");
        assert!(at[2].1 < at[0].1 && at[0].1 < at[1].1, "{at:?}");
        for (x, y) in at {
            assert!((PLOT_LEFT..=PLOT_RIGHT).contains(&x));
            assert!((PLOT_TOP..=PLOT_BOTTOM).contains(&y));
        }
        // One year alone sits in the middle.
        let single = SeriesChart {
            points: vec![point(2025, 10.0, "target")],
            ..chart
        };
        let (x, _) = single.positions()[0];
        assert_eq!(x, i32::midpoint(PLOT_LEFT, PLOT_RIGHT));
    }
}
