//! Region and village classifications from the documents, shaped for tables and charts.

use serde::{Deserialize, Serialize};

use crate::model::SourceRef;

/// A sentence quoted verbatim from a document, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    pub source: SourceRef,
}

/// One bar of a bar chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
}

/// A small horizontal bar chart: the same numbers as the table beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BarChart {
    /// Unit of every bar, e.g. 个行政村.
    pub unit: String,
    pub bars: Vec<Bar>,
}

impl BarChart {
    /// One sentence with every value, for screen readers and for quoting.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .bars
            .iter()
            .map(|bar| format!("{} {}{}", bar.label, format_number(bar.value), self.unit))
            .collect();
        format!("{}。", parts.join("，"))
    }
}

/// A number as the documents write it: no trailing `.0`.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// A table of the same facts, headed by its column names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What every figure on the page must say besides its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureFacts {
    /// e.g. 个行政村.
    pub unit: String,
    /// The year as the document gives it, or a plain statement that it gives none.
    pub year: String,
    /// baseline, target or actual in plain words; classifications are 规划分类.
    pub kind: String,
}

/// One classification: a heading, what the document says, a table, and a chart when there
/// are numbers to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// The anchor on the page.
    pub id: String,
    pub region: String,
    pub heading: String,
    /// The document's own words introducing the classification.
    pub quotes: Vec<Quote>,
    pub table: DataTable,
    pub facts: FigureFacts,
    pub chart: Option<BarChart>,
    /// The chart drawn as SVG by the server; empty when there is no chart.
    pub chart_svg: String,
    /// Editors' notes and what the document leaves out.
    pub notes: Vec<String>,
    pub sources: Vec<SourceRef>,
}

/// The `/regions` page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionsOverview {
    pub classifications: Vec<Classification>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_summary_names_every_bar_with_its_unit() {
        let chart = BarChart {
            unit: "个行政村".into(),
            bars: vec![
                Bar {
                    label: "引领示范村".into(),
                    value: 45.0,
                },
                Bar {
                    label: "重点推进村".into(),
                    value: 72.0,
                },
            ],
        };
        assert_eq!(
            chart.summary(),
            "引领示范村 45个行政村，重点推进村 72个行政村。"
        );
        assert_eq!(format_number(2.5), "2.5");
    }
}
