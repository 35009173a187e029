//! `/targets` and `/api/v1/targets`: every dated target of the documents, grouped by region
//! and topic, each with the baselines or actual figures of the same measure, unit and region
//! where the documents give them, the share reached and the years between.
//!
//! Where two names denote the same measure (林下经济利用林地面积 / 林下经济利用面积) the
//! pairing is the editors' judgement: stored as such and shown as such, with both quotes;
//! staff may confirm it or undo it. Pairs the documents make themselves carry no such label.
//! No number is estimated: a share is computed only from two figures the documents give.

use serde::{Deserialize, Serialize};

use super::indicators::IndicatorRecord;

/// Who says two figures measure the same thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Judged {
    /// The document itself puts them side by side.
    Document,
    /// The portal's editors judge them the same measure.
    Editor,
}

/// What staff made of a pairing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PairStatus {
    /// As shipped: shown with who judged it.
    Proposed,
    /// Confirmed by a staff member.
    Confirmed,
    /// Undone by a staff member: not shown.
    Undone,
}

impl PairStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PairStatus::Proposed => "proposed",
            PairStatus::Confirmed => "confirmed",
            PairStatus::Undone => "undone",
        }
    }

    pub fn parse(text: &str) -> Option<PairStatus> {
        match text {
            "proposed" => Some(PairStatus::Proposed),
            "confirmed" => Some(PairStatus::Confirmed),
            "undone" => Some(PairStatus::Undone),
            _ => None,
        }
    }
}

/// One pairing of a target with a baseline or actual figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetPair {
    pub target: String,
    pub base: String,
    pub judged: Judged,
    /// Why: `编者判断为同一指标：A / B，…` or what the document says.
    pub note: String,
    pub status: PairStatus,
    /// Who confirmed or undid it, and when (`YYYY-MM-DD`); empty as shipped.
    #[serde(default)]
    pub decided_by: String,
    #[serde(default)]
    pub decided_on: String,
}

/// A baseline or actual figure shown beside a target, with how it was paired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PairedFigure {
    pub figure: IndicatorRecord,
    pub judged: Judged,
    pub note: String,
    pub confirmed: bool,
}

/// One target with what the documents say about its measure before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TargetRow {
    pub target: IndicatorRecord,
    /// Oldest first.
    pub bases: Vec<PairedFigure>,
    /// The latest base's value as a share of the target's, in per cent (one decimal); only
    /// when both are given as numbers of the same unit and the target is not a rate of
    /// growth.
    pub share: Option<f64>,
    /// Years from the latest base to the target, when both name a year.
    pub years_between: Option<i32>,
    /// The series drawn (every base, then the target, dashed), filled by the page.
    #[serde(default)]
    pub chart_svg: String,
}

impl TargetRow {
    /// The series in one sentence, every figure with its year and kind: for screen readers
    /// and quoting.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .bases
            .iter()
            .map(|b| &b.figure)
            .chain(std::iter::once(&self.target))
            .map(|f| {
                let year = calendar_year(&f.year)
                    .map_or_else(|| format!("{}，", f.year_label()), |y| format!("{y}年"));
                format!("{year}{} {}", f.kind_label(), f.figure())
            })
            .collect();
        format!(
            "{}（{}）：{}。",
            self.target.indicator,
            self.target.region,
            parts.join("，")
        )
    }

    /// Every dated figure of the measure, bases then the target, to draw as one series; `None`
    /// for a target without bases.
    pub fn chart(&self) -> Option<super::industries::SeriesChart> {
        use super::industries::{SeriesChart, SeriesPoint};
        if self.bases.is_empty() {
            return None;
        }
        let figures = self
            .bases
            .iter()
            .map(|b| &b.figure)
            .chain(std::iter::once(&self.target));
        let mut undated = 0;
        let mut points = Vec::new();
        for figure in figures {
            match calendar_year(&figure.year).and_then(|y| u32::try_from(y).ok()) {
                Some(year) => points.push(SeriesPoint {
                    year,
                    value: figure.value,
                    kind: figure.kind.clone(),
                    label: figure.figure(),
                }),
                None => undated += 1,
            }
        }
        Some(SeriesChart {
            title: format!("{}（{}）", self.target.indicator, self.target.region),
            unit: self.target.unit.clone(),
            points,
            undated,
            empty: "文件没有为这个指标写明年份，无法按年份画出。".into(),
        })
    }
}

/// The targets of one region and topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TargetGroup {
    pub region: String,
    pub category: String,
    pub rows: Vec<TargetRow>,
}

/// The whole board, with its counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TargetsBoard {
    pub groups: Vec<TargetGroup>,
    pub targets: usize,
    /// Targets with at least one base shown.
    pub with_base: usize,
    pub document_pairs: usize,
    pub editor_pairs: usize,
}

/// One pairing as staff review it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairLine {
    pub pair: TargetPair,
    /// `农村自来水普及率 目标（2025）：92 %以上`.
    pub target: String,
    pub base: String,
    /// Whether this user may decide on it (县: its own region's documents).
    pub editable: bool,
}

/// The staff page of pairings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetPairsView {
    pub user: super::staff::StaffUser,
    pub csrf: String,
    pub pairs: Vec<PairLine>,
    pub done: String,
}

/// A year the document names as four digits (`2025`), if it does.
pub fn calendar_year(year: &str) -> Option<i32> {
    let year = year.trim();
    (year.len() == 4)
        .then(|| year.parse().ok())
        .flatten()
        .filter(|y| (1949..=2100).contains(y))
}

/// Whether the measure is a rate of change (`年均增长`), of which a share means nothing.
fn is_growth_rate(record: &IndicatorRecord) -> bool {
    record.indicator.contains("增长") || record.indicator.contains("增速")
}

impl TargetsBoard {
    /// The board of `figures` with `pairs` (undone ones left out), grouped by region and
    /// category in the order the figures come.
    pub fn build(figures: &[IndicatorRecord], pairs: &[TargetPair]) -> TargetsBoard {
        let find = |id: &str| figures.iter().find(|f| f.id == id);
        let mut groups: Vec<TargetGroup> = Vec::new();
        let (mut with_base, mut document_pairs, mut editor_pairs) = (0, 0, 0);
        let targets: Vec<&IndicatorRecord> =
            figures.iter().filter(|f| f.kind == "target").collect();
        for target in &targets {
            let mut bases: Vec<PairedFigure> = pairs
                .iter()
                .filter(|p| p.target == target.id && p.status != PairStatus::Undone)
                .filter_map(|p| {
                    let figure = find(&p.base)?;
                    // A pairing is shown only for the same region and unit.
                    (figure.region == target.region && figure.unit == target.unit).then(|| {
                        PairedFigure {
                            figure: figure.clone(),
                            judged: p.judged,
                            note: p.note.clone(),
                            confirmed: p.status == PairStatus::Confirmed,
                        }
                    })
                })
                .collect();
            bases.sort_by_key(|b| calendar_year(&b.figure.year).unwrap_or(i32::MAX));
            for base in &bases {
                match base.judged {
                    Judged::Document => document_pairs += 1,
                    Judged::Editor => editor_pairs += 1,
                }
            }
            if !bases.is_empty() {
                with_base += 1;
            }
            let latest = bases.last().map(|b| &b.figure);
            let share = latest
                .filter(|_| !is_growth_rate(target) && target.value > 0.0)
                .map(|l| (l.value / target.value * 1000.0).round() / 10.0);
            let years_between =
                latest.and_then(|l| Some(calendar_year(&target.year)? - calendar_year(&l.year)?));
            let row = TargetRow {
                target: (*target).clone(),
                bases,
                share,
                years_between,
                chart_svg: String::new(),
            };
            match groups
                .iter_mut()
                .find(|g| g.region == target.region && g.category == target.category)
            {
                Some(group) => group.rows.push(row),
                None => groups.push(TargetGroup {
                    region: target.region.clone(),
                    category: target.category.clone(),
                    rows: vec![row],
                }),
            }
        }
        TargetsBoard {
            groups,
            targets: targets.len(),
            with_base,
            document_pairs,
            editor_pairs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceRef;

    fn figure(id: &str, name: &str, value: f64, year: &str, kind: &str) -> IndicatorRecord {
        IndicatorRecord {
            id: id.into(),
            indicator: name.into(),
            region: "黔西南州".into(),
            value,
            value_text: value.to_string(),
            unit: "%".into(),
            qualifier: String::new(),
            year: year.into(),
            kind: kind.into(),
            quote: String::new(),
            source: SourceRef {
                document_id: "policy-002".into(),
                document_title: "规划".into(),
                section: "第一章".into(),
            },
            category: "饮水安全".into(),
            notes: String::new(),
            industries: Vec::new(),
        }
    }

    fn pair(target: &str, base: &str, judged: Judged, status: PairStatus) -> TargetPair {
        TargetPair {
            target: target.into(),
            base: base.into(),
            judged,
            note: "编者判断为同一指标".into(),
            status,
            decided_by: String::new(),
            decided_on: String::new(),
        }
    }

    #[test]
    fn a_target_shows_its_bases_oldest_first_with_the_share_reached() {
        let figures = vec![
            figure("t", "农村自来水普及率", 92.0, "2025", "target"),
            figure("b2020", "自来水普及率", 88.8, "2020", "baseline"),
            figure("b2015", "自来水普及率", 70.0, "2015", "baseline"),
            figure("g", "产值年均增长", 12.0, "2025", "target"),
        ];
        let pairs = vec![
            pair("t", "b2020", Judged::Editor, PairStatus::Proposed),
            pair("t", "b2015", Judged::Editor, PairStatus::Confirmed),
        ];
        let board = TargetsBoard::build(&figures, &pairs);
        assert_eq!(
            (board.targets, board.with_base, board.editor_pairs),
            (2, 1, 2)
        );
        let row = &board.groups[0].rows[0];
        let years: Vec<&str> = row.bases.iter().map(|b| b.figure.year.as_str()).collect();
        assert_eq!(years, ["2015", "2020"]);
        assert!(row.bases[0].confirmed && !row.bases[1].confirmed);
        assert_eq!(row.share, Some(96.5));
        assert_eq!(row.years_between, Some(5));
        // Drawn as one series of three points, the target last.
        let chart = row.chart().unwrap();
        let kinds: Vec<(u32, &str)> = chart
            .points
            .iter()
            .map(|p| (p.year, p.kind.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [(2015, "baseline"), (2020, "baseline"), (2025, "target")]
        );
        // A target with nothing before it has no share; nothing is estimated.
        let growth = &board.groups[0].rows[1];
        assert!(growth.bases.is_empty() && growth.share.is_none());
    }

    #[test]
    fn an_undone_pairing_or_another_unit_is_not_shown() {
        let mut other_unit = figure("b", "自来水普及率", 88.8, "2020", "baseline");
        other_unit.unit = "万人".into();
        let figures = vec![
            figure("t", "农村自来水普及率", 92.0, "2025", "target"),
            other_unit,
            figure("c", "自来水普及率", 70.0, "2015", "baseline"),
        ];
        let pairs = vec![
            pair("t", "b", Judged::Document, PairStatus::Proposed),
            pair("t", "c", Judged::Editor, PairStatus::Undone),
        ];
        let board = TargetsBoard::build(&figures, &pairs);
        assert_eq!(board.with_base, 0);
        assert!(board.groups[0].rows[0].share.is_none());
        assert_eq!(calendar_year("“十三五”时期"), None);
        assert_eq!(calendar_year("2020"), Some(2020));
    }
}
