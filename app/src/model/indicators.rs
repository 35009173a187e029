//! The sourced figures of the documents (`/data`, `/api/v1/indicators`): each with its unit,
//! year, kind and source, and the filters a reader can narrow them by.

use serde::{Deserialize, Serialize};

use super::SourceRef;

/// The kinds of figure and their Chinese names: the chart's own (`series`), so the page,
/// the open data and the browser's redrawn chart name them alike.
pub use series::{kind_label, KINDS};

/// Qualifiers written before the number (`不低于 90%`); the others follow it (`150 万亩以上`).
const LEADING_QUALIFIERS: [&str; 5] = ["不超过", "不得超过", "不低于", "超", "突破"];

/// One figure with everything needed to quote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IndicatorRecord {
    pub id: String,
    pub indicator: String,
    pub region: String,
    pub value: f64,
    /// The number as the document writes it.
    pub value_text: String,
    pub unit: String,
    /// 以上, 左右, 不低于 … as the document writes it; empty when none.
    pub qualifier: String,
    /// As the document writes it (`2025`, `“十三五”时期`); empty when it gives none.
    pub year: String,
    /// `baseline`, `target`, `actual` or `standard`.
    pub kind: String,
    pub quote: String,
    pub source: SourceRef,
    pub category: String,
    pub notes: String,
    /// The slugs of the industries the figure concerns (directly, shared or in aggregate).
    pub industries: Vec<String>,
}

impl IndicatorRecord {
    /// `/data/<id>`: the figure's own page, the address the open data gives it.
    pub fn page_href(&self) -> String {
        format!("/data/{}", self.id)
    }

    /// The figure in words: number, unit and qualifier where the document puts it
    /// (`150 万亩以上`, `不低于 90 %`, `至少 3 个以上` for `至少…以上`).
    pub fn figure(&self) -> String {
        let (value, unit, qualifier) = (&self.value_text, &self.unit, self.qualifier.as_str());
        if qualifier.is_empty() {
            format!("{value} {unit}")
        } else if let Some((before, after)) = qualifier.split_once('…') {
            format!("{before} {value} {unit}{after}")
        } else if LEADING_QUALIFIERS.contains(&qualifier) {
            format!("{qualifier} {value} {unit}")
        } else {
            format!("{value} {unit}{qualifier}")
        }
    }

    /// The year, or a plain note that the document gives none.
    pub fn year_label(&self) -> String {
        series::year_label(&self.year)
    }

    /// The Chinese name of the kind.
    pub fn kind_label(&self) -> &str {
        kind_label(&self.kind)
    }

    /// The figure as a chart draws and tabulates it.
    pub fn chart_figure(&self) -> series::Figure {
        series::Figure {
            id: self.id.clone(),
            year: self.year.clone(),
            kind: self.kind.clone(),
            value: self.value,
            number: self.value.to_string(),
            figure: self.figure(),
            document: self.source.document_title.clone(),
            section: self.source.section.clone(),
        }
    }
}

/// An industry a figure can be filtered by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndustryName {
    pub slug: String,
    pub name: String,
}

/// Every figure and every industry: what the filters work on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IndicatorSet {
    pub indicators: Vec<IndicatorRecord>,
    /// In the order the documents list them.
    pub industries: Vec<IndustryName>,
}

/// The filters of `/data`, read from and written to its query string (also those of
/// `/api/v1/indicators`, whose description names them from here).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(utoipa::ToSchema, utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct IndicatorQuery {
    /// 地区，如 黔西南州
    #[cfg_attr(feature = "ssr", param(required = false))]
    pub region: String,
    /// 类别
    #[cfg_attr(feature = "ssr", param(required = false))]
    pub category: String,
    /// 类型：baseline 基数、target 目标、actual 实际、standard 标准
    #[cfg_attr(feature = "ssr", param(required = false))]
    pub kind: String,
    /// An industry's slug (产业的英文短名，如 tea).
    #[cfg_attr(feature = "ssr", param(required = false))]
    pub industry: String,
}

/// The filters, by their query-string names.
pub const FILTERS: [&str; 4] = ["region", "category", "kind", "industry"];

impl IndicatorQuery {
    /// Reads the filters; unknown keys are ignored and values are cut to 40 characters.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> IndicatorQuery {
        let mut query = IndicatorQuery::default();
        for (key, value) in pairs {
            let value: String = super::clean_text(value.trim()).chars().take(40).collect();
            match key {
                "region" => query.region = value,
                "category" => query.category = value,
                "kind" => query.kind = value,
                "industry" => query.industry = value,
                _ => {}
            }
        }
        query
    }

    /// Reads a raw query string (`region=…&kind=target`).
    pub fn from_query_string(raw: &str) -> IndicatorQuery {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes())
            .into_owned()
            .collect();
        IndicatorQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The value of one filter.
    pub fn get(&self, key: &str) -> &str {
        match key {
            "region" => &self.region,
            "category" => &self.category,
            "kind" => &self.kind,
            "industry" => &self.industry,
            _ => "",
        }
    }

    /// The same filters with one changed (an empty value removes it).
    #[must_use]
    pub fn with(&self, key: &str, value: &str) -> IndicatorQuery {
        let mut next = self.clone();
        match key {
            "region" => next.region = value.to_string(),
            "category" => next.category = value.to_string(),
            "kind" => next.kind = value.to_string(),
            "industry" => next.industry = value.to_string(),
            _ => {}
        }
        next
    }

    /// Whether any filter is set.
    pub fn is_filtered(&self) -> bool {
        FILTERS.iter().any(|key| !self.get(key).is_empty())
    }

    /// The filters as a query string, set ones only, in a fixed order.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for key in FILTERS {
            let value = self.get(key);
            if !value.is_empty() {
                out.append_pair(key, value);
            }
        }
        out.finish()
    }

    /// `path` with the filters.
    pub fn href(&self, path: &str) -> String {
        let query = self.to_query_string();
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        }
    }

    /// The address of page `page` of `/data` with these filters (page 1 has no number).
    pub fn page_href(&self, page: u32) -> String {
        let mut query = form_urlencoded::Serializer::new(self.to_query_string());
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        let query = query.finish();
        if query.is_empty() {
            "/data".to_string()
        } else {
            format!("/data?{query}")
        }
    }

    /// Whether `record` passes every filter but `except`.
    fn admits(&self, record: &IndicatorRecord, except: &str) -> bool {
        FILTERS.iter().filter(|key| **key != except).all(|key| {
            let wanted = self.get(key);
            wanted.is_empty()
                || match *key {
                    "region" => record.region == wanted,
                    "category" => record.category == wanted,
                    "kind" => record.kind == wanted,
                    _ => record.industries.iter().any(|slug| slug == wanted),
                }
        })
    }
}

/// One choice of a filter and how many figures choosing it would show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The value in the query string.
    pub value: String,
    pub label: String,
    pub count: usize,
}

/// Figures on one page of `/data`: a page of them is 30–40 KB of HTML (all 175 at once were
/// 132 KB, slow to lay out on a cheap phone).
pub const FIGURES_PER_PAGE: usize = 40;

/// What `/data` shows for one query.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IndicatorPage {
    pub query: IndicatorQuery,
    /// How many figures there are in all.
    pub total: usize,
    /// How many figures match the filters, over all pages.
    pub matching: usize,
    /// The matching figures: all of them, or one page's after [`IndicatorPage::paged`].
    pub items: Vec<IndicatorRecord>,
    /// The page shown (from 1) and how many pages the matching figures fill.
    pub page: u32,
    pub pages: u32,
    /// Per filter (in [`FILTERS`] order), its choices counted against the other filters.
    pub choices: Vec<Vec<Choice>>,
}

impl IndicatorPage {
    /// Filters `set` by `query` and counts every choice against the other filters.
    pub fn build(set: &IndicatorSet, query: IndicatorQuery) -> IndicatorPage {
        let items: Vec<IndicatorRecord> = set
            .indicators
            .iter()
            .filter(|r| query.admits(r, ""))
            .cloned()
            .collect();
        let count = |key: &str, matches: &dyn Fn(&IndicatorRecord) -> bool| {
            set.indicators
                .iter()
                .filter(|r| query.admits(r, key) && matches(r))
                .count()
        };
        let distinct = |field: fn(&IndicatorRecord) -> &str| {
            let mut values: Vec<String> = Vec::new();
            for record in &set.indicators {
                let value = field(record);
                if !value.is_empty() && !values.iter().any(|v| v == value) {
                    values.push(value.to_string());
                }
            }
            values
        };
        let mut choices = Vec::new();
        for (key, values) in [
            ("region", distinct(|r| &r.region)),
            ("category", distinct(|r| &r.category)),
        ] {
            choices.push(
                values
                    .into_iter()
                    .map(|value| Choice {
                        count: count(key, &|r| r.get_field(key) == value),
                        label: value.clone(),
                        value,
                    })
                    .collect(),
            );
        }
        choices.push(
            KINDS
                .iter()
                .map(|(kind, label)| Choice {
                    value: kind.to_string(),
                    label: label.to_string(),
                    count: count("kind", &|r| r.kind == *kind),
                })
                .collect(),
        );
        choices.push(
            set.industries
                .iter()
                .map(|industry| Choice {
                    value: industry.slug.clone(),
                    label: industry.name.clone(),
                    count: count("industry", &|r| r.industries.contains(&industry.slug)),
                })
                .collect(),
        );
        IndicatorPage {
            query,
            total: set.indicators.len(),
            matching: items.len(),
            items,
            page: 1,
            pages: 1,
            choices,
        }
    }

    /// Keeps page `page` (from 1) of the matching figures, [`FIGURES_PER_PAGE`] to a page; a
    /// page past the last shows the last (a shared link after figures were removed).
    #[must_use]
    pub fn paged(mut self, page: u32) -> IndicatorPage {
        let per_page = u32::try_from(FIGURES_PER_PAGE).unwrap_or(u32::MAX);
        self.pages =
            super::pilots::page_count(i64::try_from(self.matching).unwrap_or(i64::MAX), per_page);
        self.page = page.clamp(1, self.pages);
        let first = (self.page as usize - 1) * FIGURES_PER_PAGE;
        self.items = self
            .items
            .into_iter()
            .skip(first)
            .take(FIGURES_PER_PAGE)
            .collect();
        self
    }

    /// The label of the chosen value of a filter (the industry's name for its slug).
    pub fn chosen_label(&self, key: &str) -> Option<String> {
        let index = FILTERS.iter().position(|k| *k == key)?;
        let wanted = self.query.get(key);
        if wanted.is_empty() {
            return None;
        }
        Some(
            self.choices
                .get(index)
                .and_then(|c| c.iter().find(|c| c.value == wanted))
                .map_or_else(|| wanted.to_string(), |c| c.label.clone()),
        )
    }
}

impl IndicatorRecord {
    fn get_field(&self, key: &str) -> &str {
        match key {
            "region" => &self.region,
            "category" => &self.category,
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, region: &str, kind: &str, industries: &[&str]) -> IndicatorRecord {
        IndicatorRecord {
            id: id.to_string(),
            indicator: "茶园面积".to_string(),
            region: region.to_string(),
            value: 150.0,
            value_text: "150".to_string(),
            unit: "万亩".to_string(),
            qualifier: String::new(),
            year: "2025".to_string(),
            kind: kind.to_string(),
            quote: "原文".to_string(),
            source: SourceRef {
                document_id: "policy-002".to_string(),
                document_title: "规划".to_string(),
                section: "第五章".to_string(),
            },
            category: "农业".to_string(),
            notes: String::new(),
            industries: industries
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
        }
    }

    fn set() -> IndicatorSet {
        IndicatorSet {
            indicators: vec![
                record("a", "黔西南州", "target", &["tea"]),
                record("b", "黔西南州", "actual", &["tea", "vegetables"]),
                record("c", "璧山区", "target", &[]),
            ],
            industries: vec![
                IndustryName {
                    slug: "tea".to_string(),
                    name: "茶叶".to_string(),
                },
                IndustryName {
                    slug: "vegetables".to_string(),
                    name: "蔬菜".to_string(),
                },
            ],
        }
    }

    #[test]
    fn filters_combine_and_choices_count_against_the_other_filters() {
        let page = IndicatorPage::build(
            &set(),
            IndicatorQuery::from_query_string(
                "region=%E9%BB%94%E8%A5%BF%E5%8D%97%E5%B7%9E&kind=target",
            ),
        );
        assert_eq!(page.total, 3);
        assert_eq!(
            page.items.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            vec!["a"]
        );
        // Regions counted with kind=target only: 黔西南州 1, 璧山区 1.
        let regions: Vec<(String, usize)> = page.choices[0]
            .iter()
            .map(|c| (c.label.clone(), c.count))
            .collect();
        assert_eq!(
            regions,
            vec![("黔西南州".to_string(), 1), ("璧山区".to_string(), 1)]
        );
        // Kinds counted within 黔西南州: target 1, actual 1.
        let kinds: Vec<usize> = page.choices[2].iter().map(|c| c.count).collect();
        assert_eq!(kinds, vec![0, 1, 1, 0]);
        let industries =
            IndicatorPage::build(&set(), IndicatorQuery::from_query_string("industry=tea"));
        assert_eq!(industries.items.len(), 2);
        assert_eq!(industries.chosen_label("industry").as_deref(), Some("茶叶"));
    }

    #[test]
    fn a_page_holds_its_share_of_the_matching_figures_and_keeps_the_filters() {
        let many = IndicatorSet {
            indicators: (0..FIGURES_PER_PAGE * 2 + 5)
                .map(|n| record(&format!("ind-{n}"), "黔西南州", "target", &["tea"]))
                .collect(),
            industries: set().industries,
        };
        let all = IndicatorPage::build(&many, IndicatorQuery::from_query_string("kind=target"));
        assert_eq!((all.matching, all.items.len()), (85, 85));
        let second = all.clone().paged(2);
        assert_eq!((second.page, second.pages, second.matching), (2, 3, 85));
        assert_eq!(second.items.len(), FIGURES_PER_PAGE);
        assert_eq!(second.items[0].id, format!("ind-{FIGURES_PER_PAGE}"));
        // Past the last page: the last, with what is left.
        let last = all.clone().paged(99);
        assert_eq!((last.page, last.items.len()), (3, 5));
        assert_eq!(all.clone().paged(0).page, 1);
        assert_eq!(second.query.page_href(1), "/data?kind=target");
        assert_eq!(second.query.page_href(3), "/data?kind=target&page=3");
        let none = IndicatorPage::build(&many, IndicatorQuery::from_query_string("kind=actual"));
        let none = none.paged(1);
        assert_eq!((none.page, none.pages, none.items.len()), (1, 1, 0));
        assert_eq!(none.query.page_href(1), "/data?kind=actual");
        let plain = IndicatorPage::build(&many, IndicatorQuery::default()).paged(1);
        assert_eq!(
            (plain.query.page_href(1), plain.query.page_href(2)),
            ("/data".to_string(), "/data?page=2".to_string())
        );
    }

    #[test]
    fn the_query_string_round_trips_and_ignores_unknown_keys() {
        let query = IndicatorQuery::from_query_string("kind=target&x=1&industry=tea");
        assert_eq!(query.to_query_string(), "kind=target&industry=tea");
        assert_eq!(query.with("kind", "").href("/data"), "/data?industry=tea");
        assert!(!IndicatorQuery::default().is_filtered());
        assert_eq!(IndicatorQuery::default().href("/data"), "/data");
    }

    #[test]
    fn figures_put_the_qualifier_where_the_document_does() {
        let mut r = record("a", "黔西南州", "target", &[]);
        assert_eq!(r.figure(), "150 万亩");
        r.qualifier = "以上".to_string();
        assert_eq!(r.figure(), "150 万亩以上");
        r.qualifier = "不低于".to_string();
        assert_eq!(r.figure(), "不低于 150 万亩");
        r.qualifier = "至少…以上".to_string();
        assert_eq!(r.figure(), "至少 150 万亩以上");
        r.year = String::new();
        assert_eq!(r.year_label(), "原文未写年份");
        assert_eq!(r.kind_label(), "目标");
        assert_eq!(kind_label("other"), "other");
    }
}
