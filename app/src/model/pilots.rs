//! The pilot catalogue: the query a reader builds (filters, sort, page), what a listing
//! returns, and one pilot with everything the documents say of it.
//!
//! The same [`PilotQuery`] is read from the catalogue page's query string and from the open
//! data API's, so a filtered view and its download always describe the same rows.

use serde::{Deserialize, Serialize};

use crate::model::{DocumentSummary, SourceRef};

/// Pilots shown per catalogue page.
pub const PAGE_SIZE: u32 = 20;
/// The longest text filter kept; longer input is cut, not rejected.
pub const MAX_QUERY_CHARS: usize = 50;
/// The query-string value that selects pilots whose document gives no level.
pub const NO_LEVEL: &str = "未定级";

/// How the catalogue is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PilotSort {
    /// 省级 first, then 州级/市级, then pilots without a level; by name within a level.
    #[default]
    Level,
    /// By the pinyin of the name.
    Name,
}

impl PilotSort {
    pub fn as_param(self) -> &'static str {
        match self {
            PilotSort::Level => "level",
            PilotSort::Name => "name",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PilotSort::Level => "按级别",
            PilotSort::Name => "按名称拼音",
        }
    }
}

/// One of the catalogue's facets: a column the reader can filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacetKey {
    Level,
    Prefecture,
    County,
    Kind,
}

impl FacetKey {
    pub const ALL: [FacetKey; 4] = [
        FacetKey::Level,
        FacetKey::Prefecture,
        FacetKey::County,
        FacetKey::Kind,
    ];

    /// The query-string parameter, the same on the page and in the API.
    pub fn param(self) -> &'static str {
        match self {
            FacetKey::Level => "level",
            FacetKey::Prefecture => "prefecture",
            FacetKey::County => "county",
            FacetKey::Kind => "kind",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FacetKey::Level => "级别",
            FacetKey::Prefecture => "州（市）",
            FacetKey::County => "县（市、区）",
            FacetKey::Kind => "类型",
        }
    }
}

/// What the reader asked the catalogue for. Every field is optional; empty means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PilotQuery {
    /// Text filter over names, places and what the source says.
    pub q: String,
    /// 省级, 州级 … or [`NO_LEVEL`].
    pub level: String,
    pub prefecture: String,
    pub county: String,
    /// The kind of entry as the documents name it (特色田园乡村·乡村振兴集成示范试点 …).
    pub kind: String,
    pub sort: PilotSort,
    /// 1-based.
    pub page: u32,
}

impl PilotQuery {
    /// Reads a query from query-string pairs. Unknown parameters are ignored, values are
    /// trimmed, the text filter is cut to [`MAX_QUERY_CHARS`], and a bad page or sort
    /// falls back to the default: a shared link never turns into an error page.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> PilotQuery {
        let mut query = PilotQuery {
            page: 1,
            ..PilotQuery::default()
        };
        for (key, value) in pairs {
            let value = super::clean_text(value.trim());
            let value = value.as_str();
            match key {
                "q" => query.q = value.chars().take(MAX_QUERY_CHARS).collect(),
                "level" => query.level = bounded(value),
                "prefecture" => query.prefecture = bounded(value),
                "county" => query.county = bounded(value),
                "kind" => query.kind = bounded(value),
                "sort" => {
                    query.sort = match value {
                        "name" => PilotSort::Name,
                        _ => PilotSort::Level,
                    }
                }
                "page" => query.page = value.parse().unwrap_or(1).clamp(1, 100_000),
                _ => {}
            }
        }
        query
    }

    /// Reads a query from a raw query string (`a=b&c=d`, percent-encoded).
    pub fn from_query_string(raw: &str) -> PilotQuery {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes())
            .into_owned()
            .collect();
        PilotQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The value of one facet's filter.
    pub fn facet(&self, key: FacetKey) -> &str {
        match key {
            FacetKey::Level => &self.level,
            FacetKey::Prefecture => &self.prefecture,
            FacetKey::County => &self.county,
            FacetKey::Kind => &self.kind,
        }
    }

    fn facet_mut(&mut self, key: FacetKey) -> &mut String {
        match key {
            FacetKey::Level => &mut self.level,
            FacetKey::Prefecture => &mut self.prefecture,
            FacetKey::County => &mut self.county,
            FacetKey::Kind => &mut self.kind,
        }
    }

    /// This query with one facet set (or cleared with `""`), back on the first page.
    #[must_use]
    pub fn with_facet(&self, key: FacetKey, value: &str) -> PilotQuery {
        let mut next = self.clone();
        *next.facet_mut(key) = value.to_string();
        next.page = 1;
        next
    }

    /// This query on another page.
    #[must_use]
    pub fn with_page(&self, page: u32) -> PilotQuery {
        PilotQuery {
            page: page.max(1),
            ..self.clone()
        }
    }

    /// This query in another order, back on the first page.
    #[must_use]
    pub fn with_sort(&self, sort: PilotSort) -> PilotQuery {
        PilotQuery {
            sort,
            page: 1,
            ..self.clone()
        }
    }

    /// Whether any filter (not sort or page) is set.
    pub fn is_filtered(&self) -> bool {
        !self.q.is_empty() || FacetKey::ALL.iter().any(|k| !self.facet(*k).is_empty())
    }

    /// The query string of the filters and, unless they are the defaults, the sort and page.
    /// Empty when nothing is set, so the plain catalogue URL stays `/pilots`.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        for key in FacetKey::ALL {
            let value = self.facet(key);
            if !value.is_empty() {
                out.append_pair(key.param(), value);
            }
        }
        if self.sort != PilotSort::default() {
            out.append_pair("sort", self.sort.as_param());
        }
        if self.page > 1 {
            out.append_pair("page", &self.page.to_string());
        }
        out.finish()
    }

    /// The filters alone, for export links (sort and page do not change an export's rows).
    pub fn filter_query_string(&self) -> String {
        PilotQuery {
            sort: PilotSort::default(),
            page: 1,
            ..self.clone()
        }
        .to_query_string()
    }

    /// `path` followed by this query's string, if any.
    pub fn href(&self, path: &str) -> String {
        let query = self.to_query_string();
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        }
    }
}

fn bounded(value: &str) -> String {
    value.chars().take(100).collect()
}

/// One pilot as listed in the catalogue and in the open data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PilotSummary {
    /// The seed data's stable id, e.g. `qxn-p-01`.
    pub id: String,
    /// 省级, 州级, or empty when the document gives no level.
    pub level: String,
    /// The kind of entry as the document names it.
    pub entity_type: String,
    pub prefecture: String,
    pub county: String,
    pub town: String,
    pub village: String,
    /// 组 or 片区 inside the village, as the document writes it.
    pub group_or_area: String,
    /// The name exactly as it appears in the document.
    pub name_in_source: String,
    /// Editorial notes on how the record was read from the document.
    pub notes: String,
    /// The official 12-digit village code (统计用区划代码), matched by county + township +
    /// village; empty when the entry is not a village or cannot be matched.
    #[serde(default)]
    pub village_code: String,
    /// Why there is no code, or how it was matched when that needs saying.
    #[serde(default)]
    pub code_note: String,
    pub source: SourceRef,
}

impl PilotSummary {
    /// The short name a villager would say: village and group, or the town for a township.
    pub fn display_name(&self) -> String {
        display_name(&self.village, &self.group_or_area, &self.town)
    }

    /// The level as shown; documents that give none say so.
    pub fn level_label(&self) -> &str {
        level_label(&self.level)
    }

    /// The name path as one line: 州 › 县 › 乡镇 › 村 › 组/片区, skipping what the document
    /// does not give.
    pub fn path_text(&self) -> String {
        let mut text = String::new();
        for part in [
            &self.prefecture,
            &self.county,
            &self.town,
            &self.village,
            &self.group_or_area,
        ] {
            if part.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str(" › ");
            }
            text.push_str(part);
        }
        text
    }

    /// 州 → 县 → 乡镇 → 村 → 组/片区, skipping what the document does not give.
    pub fn name_path(&self) -> Vec<(&'static str, String)> {
        [
            ("州（市）", &self.prefecture),
            ("县（市、区）", &self.county),
            ("乡镇（街道）", &self.town),
            ("村（社区）", &self.village),
            ("组（片区）", &self.group_or_area),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(rank, value)| (rank, value.clone()))
        .collect()
    }

    /// The catalogue page of this pilot.
    pub fn href(&self) -> String {
        format!("/pilots/{}", self.id)
    }
}

/// The short name of a place: village and group, or the group alone, or the town.
pub fn display_name(village: &str, group_or_area: &str, town: &str) -> String {
    match (village.is_empty(), group_or_area.is_empty()) {
        (false, false) => format!("{village}·{group_or_area}"),
        (false, true) => village.to_string(),
        (true, false) => group_or_area.to_string(),
        (true, true) => town.to_string(),
    }
}

/// The label of a level value; the empty level (and [`NO_LEVEL`]) read 文件未定级.
pub fn level_label(level: &str) -> &str {
    if level.is_empty() || level == NO_LEVEL {
        "文件未定级"
    } else {
        level
    }
}

/// One value of a facet with the number of pilots it would show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetOption {
    /// The query-string value.
    pub value: String,
    pub label: String,
    /// Pilots matching every other filter and this value.
    pub count: i64,
}

/// A facet with its values, counted against the other filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facet {
    pub key: FacetKey,
    pub options: Vec<FacetOption>,
}

/// One page of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PilotPage {
    pub query: PilotQuery,
    /// Pilots matching the filters, over all pages.
    pub total: i64,
    pub items: Vec<PilotSummary>,
    pub facets: Vec<Facet>,
    /// At least 1, even when nothing matches.
    pub pages: u32,
}

/// The number of pages `total` rows fill.
pub fn page_count(total: i64, per_page: u32) -> u32 {
    let per_page = i64::from(per_page.max(1));
    let pages = (total.max(0) + per_page - 1) / per_page;
    u32::try_from(pages).unwrap_or(u32::MAX).max(1)
}

/// A passage of a document that names the pilot, with the section it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// The paragraph as the document writes it.
    pub text: String,
    /// The part of `text` that names the pilot, to mark it.
    pub names: String,
    pub section: SectionLink,
}

/// A section of a document, enough to link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionLink {
    pub document_id: String,
    /// The section's position in the document; its anchor is `#s-<position>`.
    pub position: i64,
    /// The section as the document labels it, e.g. `第六章 第四节 专栏14`.
    pub label: String,
}

impl SectionLink {
    /// `/policies/<document>/<position>#s-<position>` ([`crate::model::section_href`]).
    pub fn href(&self) -> String {
        crate::model::section_href(&self.document_id, self.position)
    }
}

/// An industry planned where the pilot's county lies, from the industry belts and
/// county lists of the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedIndustry {
    pub slug: String,
    pub name: String,
    /// The belt or list that names the county, e.g. 高山冷凉特色农业产业发展带.
    pub belt: String,
    /// The area as the document writes it (兴义七捧高原, 安龙南部 …).
    pub area: String,
    /// Set when the county was inferred by the editors rather than named by the document.
    pub editor_note: Option<String>,
    pub source: SourceRef,
}

/// Everything the village page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PilotDetail {
    pub pilot: PilotSummary,
    pub document: DocumentSummary,
    /// The passages that name the pilot, in document order.
    pub passages: Vec<Passage>,
    pub industries: Vec<RelatedIndustry>,
    /// Progress notes staff added, newest first.
    pub updates: Vec<crate::model::content::PilotUpdate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_reads_its_filters_and_falls_back_on_bad_values() {
        let query = PilotQuery::from_query_string(
            "q=%E6%9D%91&level=%E7%9C%81%E7%BA%A7&county=%E5%85%B4%E4%BB%81%E5%B8%82&sort=name&page=2&x=1",
        );
        assert_eq!(query.q, "村");
        assert_eq!(query.level, "省级");
        assert_eq!(query.county, "兴仁市");
        assert_eq!(query.sort, PilotSort::Name);
        assert_eq!(query.page, 2);

        let query = PilotQuery::from_query_string("page=-3&sort=sideways&q=++");
        assert_eq!(query.page, 1);
        assert_eq!(query.sort, PilotSort::Level);
        assert_eq!(query.q, "");
        assert!(!query.is_filtered());
    }

    #[test]
    fn the_path_line_names_the_levels_the_document_gives() {
        let pilot = PilotSummary {
            id: "x".into(),
            level: String::new(),
            entity_type: "村".into(),
            prefecture: "黔西南州".into(),
            county: "兴仁市".into(),
            town: String::new(),
            village: "麻窝寨村".into(),
            group_or_area: "一组".into(),
            name_in_source: String::new(),
            notes: String::new(),
            village_code: String::new(),
            code_note: String::new(),
            source: SourceRef {
                document_id: "d".into(),
                document_title: "t".into(),
                section: "s".into(),
            },
        };
        assert_eq!(pilot.path_text(), "黔西南州 › 兴仁市 › 麻窝寨村 › 一组");
        let names: Vec<String> = pilot.name_path().into_iter().map(|(_, n)| n).collect();
        assert_eq!(pilot.path_text(), names.join(" › "));
    }

    #[test]
    fn a_long_text_filter_is_cut_not_rejected() {
        let long = "村".repeat(200);
        let query = PilotQuery::from_pairs([("q", long.as_str())]);
        assert_eq!(query.q.chars().count(), MAX_QUERY_CHARS);
    }

    #[test]
    fn a_query_string_round_trips_and_leaves_defaults_out() {
        let query = PilotQuery {
            q: "茶 & 水".into(),
            level: NO_LEVEL.into(),
            prefecture: "黔西南州".into(),
            county: "兴仁市".into(),
            kind: "特色小镇".into(),
            sort: PilotSort::Name,
            page: 3,
        };
        let text = query.to_query_string();
        assert_eq!(PilotQuery::from_query_string(&text), query);
        assert_eq!(PilotQuery::from_pairs([]).to_query_string(), "");
        assert_eq!(PilotQuery::from_pairs([]).href("/pilots"), "/pilots");
        assert!(!query.filter_query_string().contains("page="));
        assert!(!query.filter_query_string().contains("sort="));
    }

    #[test]
    fn changing_a_facet_goes_back_to_the_first_page() {
        let query = PilotQuery::from_pairs([("page", "4"), ("county", "兴义市")]);
        let next = query.with_facet(FacetKey::Level, "省级");
        assert_eq!(next.page, 1);
        assert_eq!(next.county, "兴义市");
        assert_eq!(next.level, "省级");
        assert_eq!(next.with_facet(FacetKey::County, "").county, "");
    }

    #[test]
    fn pages_are_counted_up_and_never_zero() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        assert_eq!(page_count(44, 20), 3);
    }

    #[test]
    fn a_display_name_uses_what_the_document_gives() {
        assert_eq!(
            display_name("老里旗村", "麻窝寨", "大山镇"),
            "老里旗村·麻窝寨"
        );
        assert_eq!(display_name("清溪村", "", ""), "清溪村");
        assert_eq!(display_name("", "陆城湖鲜特色小镇", ""), "陆城湖鲜特色小镇");
        assert_eq!(display_name("", "", "恒合土家族乡"), "恒合土家族乡");
        assert_eq!(level_label(""), "文件未定级");
        assert_eq!(level_label("省级"), "省级");
    }

    #[test]
    fn a_section_link_points_at_the_section_anchor() {
        let link = SectionLink {
            document_id: "policy-002".into(),
            position: 52,
            label: "第六章 第四节 专栏14".into(),
        };
        assert_eq!(link.href(), "/policies/policy-002/52#s-52");
    }
}
