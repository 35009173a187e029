//! The ten characteristic industries (`/industries`): the figures that concern each (its own,
//! shared with other industries, or a total it is part of), where it is grown, its local
//! varieties, and progress wherever the documents give a comparable start and target.

use serde::{Deserialize, Serialize};

use super::indicators::IndicatorRecord;
use super::SourceRef;

/// How a figure concerns an industry, in words.
pub fn relation_label(relation: &str) -> &'static str {
    match relation {
        "direct" => "本产业的数字",
        "shared" => "与其他产业共用的数字",
        "aggregate" => "包含本产业的合计数",
        _ => "相关数字",
    }
}

/// One figure as it concerns an industry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndustryFigure {
    pub record: IndicatorRecord,
    /// `direct`, `shared` or `aggregate`.
    pub relation: String,
    /// Why, as the data says (e.g. which industries share it).
    pub relation_note: String,
}

/// A belt or area of the plan where the industry is to be grown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Belt {
    pub name: String,
    pub areas: Vec<String>,
    /// e.g. `海拔 1250m 以上`; empty when not given.
    pub altitude: String,
    /// Every industry the belt names, this one among them.
    pub industries: Vec<String>,
    pub quote: String,
    pub source: SourceRef,
}

/// A local variety the documents name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variety {
    pub name: String,
    pub quote: String,
    pub source: SourceRef,
}

/// A start (a baseline or an actual figure) and a target of the same measure, unit and
/// region, the start dated before the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub start: IndicatorRecord,
    pub target: IndicatorRecord,
    /// When the two carry different names: the editors' note that they are the same measure
    /// (`编者判断为同一指标：…`); empty when the names are the same.
    #[serde(default)]
    pub editor_note: String,
}

impl Progress {
    /// The start as a share of the target, in percent, capped at 100.
    pub fn percent(&self) -> f64 {
        if self.target.value <= 0.0 {
            return 0.0;
        }
        (self.start.value / self.target.value * 100.0).clamp(0.0, 100.0)
    }

    /// One sentence with both numbers, their years and kinds.
    pub fn sentence(&self) -> String {
        // A start named otherwise (an editors' pairing) says its own name.
        let named = if self.start.indicator == self.target.indicator {
            String::new()
        } else {
            format!("（文件中写作“{}”）", self.start.indicator)
        };
        format!(
            "{}（{}）：{}年{} {}{named}，{}年{} {}，{}为{}的 {:.0}%。",
            self.target.indicator,
            self.target.region,
            self.start.year,
            self.start.kind_label(),
            self.start.figure(),
            self.target.year,
            self.target.kind_label(),
            self.target.figure(),
            self.start.kind_label(),
            self.target.kind_label(),
            self.percent()
        )
    }
}

/// Whether a figure's region lies outside 黔西南州, the prefecture whose plan names the ten
/// industries (岳阳市云溪区's 新造油茶 is a reference from elsewhere, not 黔西南州's).
pub fn from_elsewhere(region: &str) -> bool {
    crate::model::places::named_in(region).is_none_or(|(place, _, _)| place.key != "qianxinan")
}

/// Every comparable (start, target) pair among `figures`: the same measure name, unit and
/// region (or, for differently named ones, a pairing: `paired(target id, start id)` gives
/// the editors' note, empty when the document itself pairs them, `None` when unpaired); the
/// start a baseline or actual figure, the target a target; both dated, the start the latest
/// before the target. Nothing is estimated: a measure without such a pair has no progress.
pub fn progress_pairs(
    figures: &[IndicatorRecord],
    paired: impl Fn(&str, &str) -> Option<String>,
) -> Vec<Progress> {
    let mut pairs = Vec::new();
    for target in figures.iter().filter(|f| f.kind == "target") {
        let Some(target_year) = first_year(&target.year) else {
            continue;
        };
        let start = figures
            .iter()
            .filter(|f| {
                (f.kind == "baseline" || f.kind == "actual")
                    && f.unit == target.unit
                    && f.region == target.region
            })
            .filter_map(|f| {
                if f.indicator == target.indicator {
                    return Some((f, String::new()));
                }
                paired(&target.id, &f.id).map(|note| (f, note))
            })
            .filter_map(|(f, note)| first_year(&f.year).map(|y| (y, f, note)))
            .filter(|(year, _, _)| *year < target_year)
            .max_by_key(|(year, _, _)| *year);
        if let Some((_, start, editor_note)) = start {
            pairs.push(Progress {
                start: start.clone(),
                target: target.clone(),
                editor_note,
            });
        }
    }
    pairs
}

/// One industry with everything the documents say about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndustryDetail {
    pub slug: String,
    pub name: String,
    /// The sentence that lists the ten industries, and where it stands.
    pub listed_quote: String,
    pub listed_source: SourceRef,
    /// Its own figures first, then shared ones, then totals it is part of.
    pub figures: Vec<IndustryFigure>,
    /// What the data says about the figures (e.g. that none is the industry's alone).
    pub figures_note: String,
    pub progress: Vec<Progress>,
    pub belts: Vec<Belt>,
    pub varieties: Vec<Variety>,
}

impl IndustryDetail {
    /// The page of this industry.
    pub fn href(&self) -> String {
        format!("/industries/{}", self.slug)
    }

    /// How many figures of each relation, in the order direct, shared, aggregate.
    pub fn counts(&self) -> [usize; 3] {
        let count = |r: &str| self.figures.iter().filter(|f| f.relation == r).count();
        [count("direct"), count("shared"), count("aggregate")]
    }

    /// The counties and areas of its belts, each once, in order.
    pub fn areas(&self) -> Vec<String> {
        let mut areas: Vec<String> = Vec::new();
        for area in self.belts.iter().flat_map(|b| b.areas.iter()) {
            if !areas.contains(area) {
                areas.push(area.clone());
            }
        }
        areas
    }
}

/// Orders figures as a page shows them: direct, shared, aggregate; then by id.
pub fn sort_figures(figures: &mut [IndustryFigure]) {
    let rank = |r: &str| match r {
        "direct" => 0,
        "shared" => 1,
        _ => 2,
    };
    figures.sort_by(|a, b| {
        rank(&a.relation)
            .cmp(&rank(&b.relation))
            .then_with(|| a.record.id.cmp(&b.record.id))
    });
}

/// An industry's chart: its state, measures, geometry and drawing are one implementation
/// (`series`) that the server renders and the browser's WebAssembly redraws.
pub use series::body::CHART_BODY_ID;
pub use series::{
    choose, first_year, ChartState, Figure, Metric, SeriesChart, SeriesPoint, PLOT_BOTTOM,
    PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, SERIES_HEIGHT, SERIES_WIDTH,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(id: &str, indicator: &str, value: f64, year: &str, kind: &str) -> IndicatorRecord {
        IndicatorRecord {
            id: id.to_string(),
            indicator: indicator.to_string(),
            region: "黔西南州".to_string(),
            value,
            value_text: value.to_string(),
            unit: "万亩".to_string(),
            qualifier: String::new(),
            year: year.to_string(),
            kind: kind.to_string(),
            quote: String::new(),
            source: SourceRef {
                document_id: "policy-002".to_string(),
                document_title: "规划".to_string(),
                section: "第五章".to_string(),
            },
            category: String::new(),
            notes: String::new(),
            industries: Vec::new(),
        }
    }

    #[test]
    fn progress_needs_the_same_measure_a_start_and_a_later_target() {
        let figures = vec![
            figure("a", "林下经济利用面积", 146.98, "2020", "baseline"),
            figure("b", "林下经济利用面积", 260.0, "2025", "target"),
            // Another measure: not comparable with b.
            figure("c", "林下经济利用林地面积", 100.0, "2019", "baseline"),
            // A target without a year, and one with no start: no progress.
            figure("d", "茶园面积", 150.0, "", "target"),
            figure("e", "菌菇产量", 12.0, "2025", "target"),
        ];
        let pairs = progress_pairs(&figures, |_, _| None);
        assert_eq!(pairs.len(), 1);
        assert_eq!(
            (pairs[0].start.id.as_str(), pairs[0].target.id.as_str()),
            ("a", "b")
        );
        assert_eq!(pairs[0].percent().round(), 57.0);
        assert_eq!(
            pairs[0].sentence(),
            "林下经济利用面积（黔西南州）：2020年基数 146.98 万亩，2025年目标 260 万亩，基数为目标的 57%。"
        );
        // A start after the target does not count.
        let late = vec![
            figure("a", "面积", 10.0, "2026", "actual"),
            figure("b", "面积", 20.0, "2025", "target"),
        ];
        assert!(progress_pairs(&late, |_, _| None).is_empty());
        // Differently named: only through a pairing, which says so; never when undone.
        let named = vec![
            figure("c", "林下经济利用林地面积", 146.98, "2020", "baseline"),
            figure("b", "林下经济利用面积", 260.0, "2025", "target"),
        ];
        assert!(progress_pairs(&named, |_, _| None).is_empty());
        let paired = progress_pairs(&named, |target, start| {
            (target == "b" && start == "c")
                .then(|| "编者判断为同一指标：林下经济利用面积 / 林下经济利用林地面积".to_string())
        });
        assert_eq!(paired.len(), 1);
        assert!(paired[0].editor_note.starts_with("编者判断为同一指标"));
    }

    #[test]
    fn figures_are_ordered_own_then_shared_then_totals() {
        let mut figures: Vec<IndustryFigure> =
            [("z", "aggregate"), ("y", "direct"), ("x", "shared")]
                .iter()
                .map(|(id, relation)| IndustryFigure {
                    record: figure(id, "面积", 1.0, "2025", "target"),
                    relation: relation.to_string(),
                    relation_note: String::new(),
                })
                .collect();
        sort_figures(&mut figures);
        let order: Vec<&str> = figures.iter().map(|f| f.relation.as_str()).collect();
        assert_eq!(order, vec!["direct", "shared", "aggregate"]);
        assert_eq!(relation_label("aggregate"), "包含本产业的合计数");
    }
}

/// The industry's measures, in the order of its figures.
pub fn metrics(figures: &[IndustryFigure]) -> Vec<Metric> {
    let mut metrics: Vec<Metric> = Vec::new();
    for figure in figures {
        let r = &figure.record;
        match metrics
            .iter_mut()
            .find(|m| m.name == r.indicator && m.unit == r.unit && m.region == r.region)
        {
            Some(metric) => metric.points.push(r.chart_figure()),
            None => metrics.push(Metric {
                key: r.id.clone(),
                name: r.indicator.clone(),
                unit: r.unit.clone(),
                region: r.region.clone(),
                points: vec![r.chart_figure()],
            }),
        }
    }
    for metric in &mut metrics {
        metric.points.sort_by_key(|r| {
            (
                first_year(&r.year).is_none(),
                first_year(&r.year),
                r.id.clone(),
            )
        });
    }
    metrics
}

/// The measures of an industry's charts: [`metrics`], with a measure the editors judged the
/// same as a target's (a progress with an editor's note) drawn in the target's series, so
/// 林下经济利用林地面积 (2020) and 林下经济利用面积 (2025) make one line.
pub fn industry_metrics(industry: &IndustryDetail) -> Vec<Metric> {
    let mut all = metrics(&industry.figures);
    for progress in industry
        .progress
        .iter()
        .filter(|p| !p.editor_note.is_empty())
    {
        let same = |m: &Metric, r: &IndicatorRecord| {
            m.name == r.indicator && m.unit == r.unit && m.region == r.region
        };
        let Some(from) = all.iter().position(|m| same(m, &progress.start)) else {
            continue;
        };
        if !all.iter().any(|m| same(m, &progress.target)) {
            continue;
        }
        let moved = all.remove(from);
        if let Some(into) = all.iter_mut().find(|m| same(m, &progress.target)) {
            into.points.extend(moved.points);
            into.points.sort_by_key(|r| {
                (
                    first_year(&r.year).is_none(),
                    first_year(&r.year),
                    r.id.clone(),
                )
            });
            into.name = format!("{}（含{}）", into.name, moved.name);
        }
    }
    all
}

#[cfg(test)]
mod metric_tests {
    use super::*;

    fn figure(id: &str, name: &str, value: f64, year: &str, kind: &str) -> IndustryFigure {
        IndustryFigure {
            record: IndicatorRecord {
                id: id.to_string(),
                indicator: name.to_string(),
                region: "黔西南州".to_string(),
                value,
                value_text: value.to_string(),
                unit: "万亩".to_string(),
                qualifier: String::new(),
                year: year.to_string(),
                kind: kind.to_string(),
                quote: String::new(),
                source: SourceRef {
                    document_id: "policy-002".to_string(),
                    document_title: "规划".to_string(),
                    section: "第五章".to_string(),
                },
                category: String::new(),
                notes: String::new(),
                industries: Vec::new(),
            },
            relation: "aggregate".to_string(),
            relation_note: String::new(),
        }
    }

    #[test]
    fn figures_of_one_measure_make_one_series_by_year() {
        let figures = vec![
            figure("ind-100", "林下经济利用面积", 260.0, "2025", "target"),
            figure("ind-071", "林下经济利用面积", 146.98, "2020", "baseline"),
            figure("ind-080", "林下经济利用面积", 150.0, "", "actual"),
            figure("ind-072", "林下经济产值", 29.83, "2020", "baseline"),
        ];
        let metrics = metrics(&figures);
        assert_eq!(metrics.len(), 2);
        assert_eq!(metrics[0].key, "ind-100");
        let ids: Vec<&str> = metrics[0].points.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["ind-071", "ind-100", "ind-080"]);
        let chart = metrics[0].chart(None, None, None);
        assert_eq!(chart.points.len(), 2);
        assert_eq!(chart.undated, 1);
        assert_eq!(chart.points[0].kind, "baseline");
        assert_eq!(metrics[0].chart(Some(2021), None, None).points.len(), 1);
        let none = metrics[0].chart(None, Some(2019), None);
        assert!(none.points.is_empty());
        assert!(none.empty.starts_with("所选年份和类型中没有数字"));
        // Only targets: the baseline and the undated actual figure drop out.
        let targets = vec!["target".to_string()];
        let only = metrics[0].chart(None, None, Some(&targets));
        assert_eq!(only.points.len(), 1);
        assert_eq!(only.points[0].kind, "target");
        assert_eq!(only.undated, 0);
        let ids: Vec<&str> = metrics[0]
            .plotted(None, None, Some(&targets))
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(ids, vec!["ind-100"]);
        // A measure with no dated figure says so.
        assert!(metrics[0].points[2..]
            .iter()
            .all(|r| first_year(&r.year).is_none()));
        assert_eq!(
            metrics[1].summary(),
            "林下经济产值（黔西南州）：2020年基数 29.83 万亩（文件只给出这一个数字）。"
        );
        assert_eq!(
            metrics[0].summary(),
            "林下经济利用面积（黔西南州）：2020年基数 146.98 万亩，2025年目标 260 万亩，未写年份的实际 150 万亩。"
        );
    }
}
