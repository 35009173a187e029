use serde::Deserialize;
use serde_json::Value;

const POLICIES: &str = include_str!("../../seed/policies.json");
const PILOTS: &str = include_str!("../../seed/pilots.csv");
const COUNTIES: &str = include_str!("../../seed/counties.csv");
const INDUSTRIES: &str = include_str!("../../seed/industries.json");
const INDICATORS: &str = include_str!("../../seed/indicators.csv");
const QA: &str = include_str!("../../seed/qa.json");
const INTERPRETATIONS: &str = include_str!("../../seed/interpretations.json");
const TARGET_PAIRS: &str = include_str!("../../seed/target_pairs.json");
const VILLAGE_CLASSES: &str = include_str!("../../seed/village_classes.json");
const HARDSHIP: &str = include_str!("../../seed/hardship_categories.json");

/// The industry slugs of the routes (`/industries/<slug>`), in the order the plan lists them.
pub const INDUSTRY_SLUGS: [(&str, &str); 10] = [
    ("茶叶", "tea"),
    ("蔬菜", "vegetables"),
    ("食用菌", "mushrooms"),
    ("精品果业", "fruit"),
    ("中药材", "herbs"),
    ("生态畜禽", "livestock"),
    ("生态渔业", "fishery"),
    ("薏仁", "coix"),
    ("油茶", "camellia"),
    ("烤烟", "tobacco"),
];

/// Why the seed content could not be read. Each message names the file and the record.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{file}: {message}")]
    Parse { file: &'static str, message: String },
    #[error("{file} 第 {record} 条: {message}")]
    Record {
        file: &'static str,
        record: String,
        message: String,
    },
}

fn parse_err(file: &'static str) -> impl Fn(&dyn std::fmt::Display) -> SeedError {
    move |e| SeedError::Parse {
        file,
        message: e.to_string(),
    }
}

/// A policy document or interpretation with its sections.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub title: String,
    pub original_title: Option<String>,
    pub title_is_editorial: bool,
    pub doc_type: String,
    pub issuing_body: Option<String>,
    pub document_number: Option<String>,
    pub date_text: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, so that text order is date order.
    pub date_sort: Option<String>,
    pub region: String,
    pub period: Option<String>,
    pub summary: String,
    pub source_file: String,
    /// The whole record without its sections: notes, text issues, related documents.
    pub details_json: String,
    pub sections: Vec<Section>,
}

/// One section of a document, its text exactly as in the source.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub position: i64,
    pub level: i64,
    pub heading: String,
    pub heading_is_editorial: bool,
    pub path: String,
    pub label: String,
    pub line_start: i64,
    pub line_end: i64,
    pub body: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Pilot {
    pub id: String,
    pub level: String,
    pub entity_type: String,
    pub prefecture: String,
    pub county: String,
    pub town: String,
    pub village: String,
    pub group_or_area: String,
    pub name_in_source: String,
    pub notes: String,
    pub source_file: String,
    pub source_section: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct County {
    #[serde(rename = "county")]
    pub name: String,
    pub county_type: String,
    pub class: String,
    #[serde(rename = "is_key_assistance_county")]
    pub key_assistance: String,
    pub former_poverty_county: String,
    pub listed_in_box12: String,
    pub notes: String,
    pub quote: String,
    pub source_file: String,
    pub source_section: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub indicator: String,
    pub region: String,
    #[serde(rename = "value")]
    pub value_text: String,
    #[serde(skip)]
    pub value: f64,
    pub unit: String,
    pub qualifier: String,
    pub year: String,
    pub kind: String,
    pub quote: String,
    pub source_file: String,
    pub source_section: String,
    pub category: String,
    pub related_industry: String,
    pub notes: String,
    pub quote_match: String,
}

/// One of the ten characteristic industries.
#[derive(Debug, Clone)]
pub struct Industry {
    pub slug: String,
    pub name: String,
    pub position: i64,
    pub listed_quote: String,
    pub source_file: String,
    pub source_section: String,
    pub details_json: String,
    pub indicators: Vec<IndustryIndicator>,
}

/// How a figure relates to an industry: `direct`, `shared` with others, or an `aggregate`.
#[derive(Debug, Clone)]
pub struct IndustryIndicator {
    pub indicator_id: String,
    pub relation: String,
    pub relation_note: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct QaEntry {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub quote: String,
    pub quote_match: String,
    pub source_file: String,
    pub source_section: String,
    pub region: String,
    pub keywords: Vec<String>,
    pub additional_quotes: Vec<Value>,
    /// One of [`app::model::qa::TOPICS`].
    pub topic: String,
}

/// A plain-language interpretation written by the portal's editors (编者解读), shipped
/// with the seed and open to staff edits like any other.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedInterpretation {
    /// `interp-002`: stable, so a second import updates the one copy.
    #[serde(rename = "id")]
    pub seed_key: String,
    pub policy_id: String,
    pub title: String,
    pub source_section: String,
    pub body_markdown: String,
    /// Every claim of the body with the document's own words behind it.
    pub claims: Vec<Claim>,
}

/// One claim of an interpretation: the words it rests on and the section (`s-9`) they
/// stand in.
#[derive(Debug, Clone, Deserialize)]
pub struct Claim {
    pub text_excerpt: String,
    pub anchor: String,
    pub quote: String,
}

/// A target paired with a baseline or actual figure of the same measure, region and unit:
/// made by the document itself, or the editors' judgement.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedPair {
    pub target: String,
    pub base: String,
    pub judged: app::model::targets::Judged,
    pub note: String,
}

/// The longest an interpretation may read, in characters of its text (links' words
/// counted, addresses and line breaks not).
pub const INTERPRETATION_MAX_CHARS: usize = 1_500;

/// A classification of villages or counties in one region, kept whole with its sources.
#[derive(Debug, Clone)]
pub struct Classification {
    pub id: String,
    pub region: String,
    pub source_file: Option<String>,
    pub details_json: String,
}

/// One part of the hardship categories (risk causes, household types, rules …).
#[derive(Debug, Clone)]
pub struct HardshipSection {
    pub id: String,
    pub position: i64,
    pub details_json: String,
}

/// All seed content, checked: every record names a document that exists, every figure is a
/// number with a known kind, every industry link points at a figure.
#[derive(Debug, Clone)]
pub struct Seed {
    pub documents: Vec<Document>,
    pub pilots: Vec<Pilot>,
    pub counties: Vec<County>,
    pub industries: Vec<Industry>,
    pub indicators: Vec<Indicator>,
    pub qa_entries: Vec<QaEntry>,
    pub interpretations: Vec<SeedInterpretation>,
    pub target_pairs: Vec<SeedPair>,
    pub classifications: Vec<Classification>,
    pub hardship_sections: Vec<HardshipSection>,
}

impl Seed {
    /// Parses and checks the seed content compiled into the binary.
    pub fn embedded() -> Result<Seed, SeedError> {
        let documents = parse_documents(POLICIES)?;
        let seed = Seed {
            pilots: parse_csv("pilots.csv", PILOTS)?,
            counties: parse_csv("counties.csv", COUNTIES)?,
            industries: parse_industries(INDUSTRIES)?,
            indicators: parse_indicators(INDICATORS)?,
            qa_entries: serde_json::from_str(QA).map_err(|e| parse_err("qa.json")(&e))?,
            interpretations: serde_json::from_str(INTERPRETATIONS)
                .map_err(|e| parse_err("interpretations.json")(&e))?,
            target_pairs: serde_json::from_str(TARGET_PAIRS)
                .map_err(|e| parse_err("target_pairs.json")(&e))?,
            classifications: parse_classifications(VILLAGE_CLASSES)?,
            hardship_sections: parse_hardship(HARDSHIP)?,
            documents,
        };
        seed.check()?;
        Ok(seed)
    }

    /// The document id for a seed file name, e.g. `002_….txt` → `policy-002`.
    pub fn document_for_file(&self, source_file: &str) -> Option<&str> {
        self.documents
            .iter()
            .find(|d| d.source_file == source_file)
            .map(|d| d.id.as_str())
    }

    fn check(&self) -> Result<(), SeedError> {
        let record = |file: &'static str, id: &str, message: String| SeedError::Record {
            file,
            record: id.to_string(),
            message,
        };
        let known = |file: &str| self.document_for_file(file).is_some();
        for p in &self.pilots {
            if !known(&p.source_file) {
                return Err(record(
                    "pilots.csv",
                    &p.id,
                    format!("未知来源文件 {}", p.source_file),
                ));
            }
        }
        for c in &self.counties {
            if !known(&c.source_file) {
                return Err(record(
                    "counties.csv",
                    &c.name,
                    format!("未知来源文件 {}", c.source_file),
                ));
            }
        }
        for q in &self.qa_entries {
            if !known(&q.source_file) {
                return Err(record(
                    "qa.json",
                    &q.id,
                    format!("未知来源文件 {}", q.source_file),
                ));
            }
            if !app::model::qa::TOPICS.contains(&q.topic.as_str()) {
                return Err(record("qa.json", &q.id, format!("未知主题 {}", q.topic)));
            }
        }
        for p in &self.target_pairs {
            let kind = |id: &str| self.indicators.iter().find(|i| i.id == id);
            let pair = format!("{} ← {}", p.target, p.base);
            match (kind(&p.target), kind(&p.base)) {
                (Some(t), Some(b))
                    if t.kind == "target"
                        && (b.kind == "baseline" || b.kind == "actual")
                        && t.region == b.region
                        && t.unit == b.unit => {}
                _ => {
                    return Err(record(
                        "target_pairs.json",
                        &pair,
                        "应为同一地区、同一单位的目标与基数（或实际数）".into(),
                    ))
                }
            }
        }
        for i in &self.interpretations {
            if !self.documents.iter().any(|d| d.id == i.policy_id) {
                return Err(record(
                    "interpretations.json",
                    &i.seed_key,
                    format!("未知文件 {}", i.policy_id),
                ));
            }
            let length = crate::markdown::plain_text(&i.body_markdown)
                .chars()
                .filter(|c| !c.is_whitespace())
                .count();
            if length > INTERPRETATION_MAX_CHARS {
                return Err(record(
                    "interpretations.json",
                    &i.seed_key,
                    format!("正文 {length} 字，超过 {INTERPRETATION_MAX_CHARS} 字"),
                ));
            }
        }
        let indicator_ids: std::collections::HashSet<&str> =
            self.indicators.iter().map(|i| i.id.as_str()).collect();
        for i in &self.indicators {
            if !known(&i.source_file) {
                return Err(record(
                    "indicators.csv",
                    &i.id,
                    format!("未知来源文件 {}", i.source_file),
                ));
            }
        }
        for industry in &self.industries {
            if !known(&industry.source_file) {
                return Err(record(
                    "industries.json",
                    &industry.name,
                    "未知来源文件".into(),
                ));
            }
            for link in &industry.indicators {
                if !indicator_ids.contains(link.indicator_id.as_str()) {
                    return Err(record(
                        "industries.json",
                        &industry.name,
                        format!("指标 {} 不在 indicators.csv 中", link.indicator_id),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn parse_csv<T: for<'de> Deserialize<'de>>(
    file: &'static str,
    text: &str,
) -> Result<Vec<T>, SeedError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .deserialize()
        .enumerate()
        .map(|(n, row)| {
            row.map_err(|e| SeedError::Record {
                file,
                record: (n + 1).to_string(),
                message: e.to_string(),
            })
        })
        .collect()
}

fn parse_indicators(text: &str) -> Result<Vec<Indicator>, SeedError> {
    let mut rows: Vec<Indicator> = parse_csv("indicators.csv", text)?;
    for row in &mut rows {
        row.value = row
            .value_text
            .trim()
            .parse()
            .map_err(|_| SeedError::Record {
                file: "indicators.csv",
                record: row.id.clone(),
                message: format!("数值“{}”不是数字", row.value_text),
            })?;
        if !matches!(
            row.kind.as_str(),
            "baseline" | "target" | "actual" | "standard"
        ) {
            return Err(SeedError::Record {
                file: "indicators.csv",
                record: row.id.clone(),
                message: format!("未知类型“{}”", row.kind),
            });
        }
    }
    Ok(rows)
}

/// Turns `2024年3月8日` into `2024-03-08` and `2022年7月` into `2022-07`.
pub fn sortable_date(text: &str) -> Option<String> {
    let (year, rest) = text.split_once('年')?;
    let year: u32 = year.trim().parse().ok()?;
    let Some((month, rest)) = rest.split_once('月') else {
        return Some(format!("{year:04}"));
    };
    let month: u32 = month.trim().parse().ok()?;
    match rest.split_once('日') {
        Some((day, _)) => {
            let day: u32 = day.trim().parse().ok()?;
            Some(format!("{year:04}-{month:02}-{day:02}"))
        }
        None => Some(format!("{year:04}-{month:02}")),
    }
}

fn text_field(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_string)
}

fn parse_documents(text: &str) -> Result<Vec<Document>, SeedError> {
    let err = parse_err("policies.json");
    let records: Vec<Value> = serde_json::from_str(text).map_err(|e| err(&e))?;
    records
        .into_iter()
        .map(|mut record| {
            let id = text_field(&record, "id").ok_or_else(|| err(&"记录缺少 id"))?;
            let missing = |field: &str| SeedError::Record {
                file: "policies.json",
                record: id.clone(),
                message: format!("缺少 {field}"),
            };
            let sections_value = record
                .as_object_mut()
                .and_then(|o| o.remove("sections"))
                .ok_or_else(|| missing("sections"))?;
            let original_title = text_field(&record, "title");
            let (title, title_is_editorial) = match &original_title {
                Some(title) => (title.clone(), false),
                None => (
                    text_field(&record, "display_title_editorial")
                        .ok_or_else(|| missing("title"))?,
                    true,
                ),
            };
            let date_text = text_field(&record, "date");
            let sections = parse_sections(&id, sections_value)?;
            Ok(Document {
                title,
                original_title,
                title_is_editorial,
                doc_type: text_field(&record, "doc_type").ok_or_else(|| missing("doc_type"))?,
                issuing_body: text_field(&record, "issuing_body"),
                document_number: text_field(&record, "document_number"),
                date_sort: date_text.as_deref().and_then(sortable_date),
                date_text,
                region: text_field(&record, "region").ok_or_else(|| missing("region"))?,
                period: text_field(&record, "period"),
                summary: text_field(&record, "summary").ok_or_else(|| missing("summary"))?,
                source_file: text_field(&record, "source_file")
                    .ok_or_else(|| missing("source_file"))?,
                details_json: record.to_string(),
                sections,
                id,
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct RawSection {
    id: String,
    level: i64,
    heading: String,
    path: Vec<String>,
    source_section_label: String,
    line_start: i64,
    line_end: i64,
    text: String,
    #[serde(default)]
    heading_is_editorial: bool,
}

fn parse_sections(document_id: &str, value: Value) -> Result<Vec<Section>, SeedError> {
    let raw: Vec<RawSection> = serde_json::from_value(value).map_err(|e| SeedError::Record {
        file: "policies.json",
        record: document_id.to_string(),
        message: e.to_string(),
    })?;
    Ok(raw
        .into_iter()
        .enumerate()
        .map(|(n, s)| Section {
            id: s.id,
            position: i64::try_from(n + 1).unwrap_or(i64::MAX),
            level: s.level,
            heading: s.heading,
            heading_is_editorial: s.heading_is_editorial,
            path: s.path.join(" › "),
            label: s.source_section_label,
            line_start: s.line_start,
            line_end: s.line_end,
            body: s.text,
        })
        .collect())
}

fn parse_industries(text: &str) -> Result<Vec<Industry>, SeedError> {
    let err = parse_err("industries.json");
    let root: Value = serde_json::from_str(text).map_err(|e| err(&e))?;
    let list = root
        .get("industries")
        .and_then(Value::as_array)
        .ok_or_else(|| err(&"缺少 industries"))?;
    list.iter()
        .enumerate()
        .map(|(n, item)| {
            let name = text_field(item, "name").ok_or_else(|| err(&"产业缺少 name"))?;
            let record = |message: String| SeedError::Record {
                file: "industries.json",
                record: name.clone(),
                message,
            };
            let slug = INDUSTRY_SLUGS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, slug)| slug.to_string())
                .ok_or_else(|| record("不是十大特色产业之一".into()))?;
            let listed = item
                .get("listed_among_ten")
                .ok_or_else(|| record("缺少 listed_among_ten".into()))?;
            let indicators = item
                .get("quantitative")
                .and_then(Value::as_array)
                .map(|figures| {
                    figures
                        .iter()
                        .map(|f| {
                            Ok(IndustryIndicator {
                                indicator_id: text_field(f, "indicator_id")
                                    .ok_or_else(|| record("数字缺少 indicator_id".into()))?,
                                relation: text_field(f, "relation")
                                    .ok_or_else(|| record("数字缺少 relation".into()))?,
                                relation_note: text_field(f, "relation_note").unwrap_or_default(),
                            })
                        })
                        .collect::<Result<Vec<_>, SeedError>>()
                })
                .transpose()?
                .unwrap_or_default();
            Ok(Industry {
                slug,
                position: i64::try_from(n + 1).unwrap_or(i64::MAX),
                listed_quote: text_field(listed, "quote")
                    .ok_or_else(|| record("缺少引文".into()))?,
                source_file: text_field(listed, "source_file")
                    .ok_or_else(|| record("缺少来源".into()))?,
                source_section: text_field(listed, "source_section").unwrap_or_default(),
                details_json: item.to_string(),
                indicators,
                name,
            })
        })
        .collect()
}

fn parse_classifications(text: &str) -> Result<Vec<Classification>, SeedError> {
    let err = parse_err("village_classes.json");
    let root: Value = serde_json::from_str(text).map_err(|e| err(&e))?;
    let object = root.as_object().ok_or_else(|| err(&"不是对象"))?;
    let mut out = Vec::new();
    for (key, value) in object {
        let items: Vec<(String, &Value)> = match value {
            Value::Object(_) => vec![(key.clone(), value)],
            Value::Array(list) => list
                .iter()
                .enumerate()
                .map(|(n, v)| (format!("{key}-{}", n + 1), v))
                .collect(),
            _ => continue,
        };
        for (id, item) in items {
            out.push(Classification {
                region: text_field(item, "region").unwrap_or_default(),
                source_file: text_field(item, "source_file"),
                details_json: item.to_string(),
                id,
            });
        }
    }
    Ok(out)
}

fn parse_hardship(text: &str) -> Result<Vec<HardshipSection>, SeedError> {
    let err = parse_err("hardship_categories.json");
    let root: Value = serde_json::from_str(text).map_err(|e| err(&e))?;
    let object = root.as_object().ok_or_else(|| err(&"不是对象"))?;
    Ok(object
        .iter()
        .filter(|(key, _)| key.as_str() != "description")
        .enumerate()
        .map(|(n, (key, value))| HardshipSection {
            id: key.clone(),
            position: i64::try_from(n + 1).unwrap_or(i64::MAX),
            details_json: value.to_string(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sortable_dates_keep_the_precision_the_document_gives() {
        assert_eq!(sortable_date("2024年3月8日").as_deref(), Some("2024-03-08"));
        assert_eq!(sortable_date("2022年7月").as_deref(), Some("2022-07"));
        assert_eq!(
            sortable_date("2021年12月10日").as_deref(),
            Some("2021-12-10")
        );
        assert_eq!(sortable_date("2021年").as_deref(), Some("2021"));
        assert_eq!(sortable_date("三月").as_deref(), None);
    }

    #[test]
    fn embedded_seed_has_every_record_of_the_source_data() {
        let seed = Seed::embedded().expect("seed parses");
        assert_eq!(seed.documents.len(), 5);
        let sections: Vec<usize> = seed.documents.iter().map(|d| d.sections.len()).collect();
        assert_eq!(sections, vec![32, 19, 64, 23, 36]);
        assert_eq!(seed.pilots.len(), 44);
        assert_eq!(seed.pilots.iter().filter(|p| p.level == "省级").count(), 7);
        assert_eq!(seed.pilots.iter().filter(|p| p.level == "州级").count(), 32);
        assert_eq!(seed.counties.len(), 9);
        assert_eq!(seed.industries.len(), 10);
        assert_eq!(seed.indicators.len(), 175);
        assert_eq!(seed.qa_entries.len(), 147);
        // Answers per document, by the file they quote.
        let per_document: Vec<usize> = ["000_", "001_", "002_", "003_", "004_"]
            .iter()
            .map(|prefix| {
                seed.qa_entries
                    .iter()
                    .filter(|q| q.source_file.starts_with(prefix))
                    .count()
            })
            .collect();
        assert_eq!(per_document, vec![24, 15, 62, 22, 24]);
        assert_eq!(seed.interpretations.len(), 5);
        assert_eq!(seed.target_pairs.len(), 5);
        assert_eq!(seed.hardship_sections.len(), 10);
        assert!(seed.classifications.len() >= 4);
    }

    #[test]
    fn every_claim_of_the_editors_interpretations_stands_in_the_section_it_links_to() {
        let seed = Seed::embedded().expect("seed parses");
        let meaning = |text: &str| -> String {
            crate::search::text::fold_chars(text)
                .into_iter()
                .filter(|c| c.is_alphanumeric())
                .collect()
        };
        for i in &seed.interpretations {
            let document = seed
                .documents
                .iter()
                .find(|d| d.id == i.policy_id)
                .expect("its document");
            assert!(
                i.body_markdown.starts_with("> 编者解读："),
                "{} says first that the editors wrote it",
                i.seed_key
            );
            let text: String = crate::markdown::plain_text(&i.body_markdown)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert!(
                text.chars().count() <= INTERPRETATION_MAX_CHARS,
                "{} reads {} characters",
                i.seed_key,
                text.chars().count()
            );
            for jargon in ["双百亿", "一区两群"] {
                assert!(!text.contains(jargon), "{} uses {jargon}", i.seed_key);
            }
            assert!(i.claims.len() >= 10, "{} backs its claims", i.seed_key);
            for claim in &i.claims {
                let position: i64 = claim
                    .anchor
                    .strip_prefix("s-")
                    .and_then(|n| n.parse().ok())
                    .expect("an anchor s-<n>");
                let section = document
                    .sections
                    .iter()
                    .find(|s| s.position == position)
                    .expect("the section exists");
                assert!(
                    meaning(&section.body).contains(&meaning(&claim.quote)),
                    "{}: “{}” is not in {} {}",
                    i.seed_key,
                    claim.quote,
                    i.policy_id,
                    claim.anchor
                );
                let link = format!("](/policies/{}#{})", i.policy_id, claim.anchor);
                assert!(
                    i.body_markdown.contains(&link),
                    "{} links {link}",
                    i.seed_key
                );
                assert!(
                    meaning(&i.body_markdown).contains(&meaning(&claim.text_excerpt)),
                    "{}: the claim “{}” is in the text",
                    i.seed_key,
                    claim.text_excerpt
                );
            }
            // Every link of the body goes to a section of this document that a claim backs.
            for (at, _) in i.body_markdown.match_indices("](/policies/") {
                let rest = &i.body_markdown[at + 2..];
                let target = &rest[..rest.find(')').expect("a closed link")];
                let anchor = target
                    .strip_prefix(&format!("/policies/{}#", i.policy_id))
                    .unwrap_or_else(|| panic!("{}: {target} is another document", i.seed_key));
                assert!(
                    i.claims.iter().any(|c| c.anchor == anchor),
                    "{}: {target} has no quote behind it",
                    i.seed_key
                );
            }
        }
    }

    #[test]
    fn stable_ids_from_the_data_are_kept() {
        let seed = Seed::embedded().expect("seed parses");
        assert_eq!(seed.pilots[0].id, "qxn-p-01");
        assert_eq!(seed.qa_entries[0].id, "qa-001");
        assert_eq!(seed.documents[2].id, "policy-002");
        assert_eq!(seed.industries[0].slug, "tea");
        assert_eq!(seed.industries[9].slug, "tobacco");
    }

    #[test]
    fn a_document_without_a_title_gets_the_editorial_title_marked_as_such() {
        let seed = Seed::embedded().expect("seed parses");
        let doc = &seed.documents[0];
        assert!(doc.title_is_editorial);
        assert!(doc.original_title.is_none());
        assert!(doc.title.contains("编者拟题"), "{}", doc.title);
    }

    #[test]
    fn section_text_is_the_original_text_exactly() {
        let seed = Seed::embedded().expect("seed parses");
        let body = &seed.documents[0].sections[1].body;
        assert!(body.contains("以《中华人民共和国乡村振兴促进法)》为准绳"));
    }

    #[test]
    fn a_figure_that_is_not_a_number_is_refused_with_its_id() {
        let csv = "id,indicator,region,value,unit,qualifier,year,kind,quote,source_file,source_section,category,related_industry,notes,quote_match\n\
                   ind-x,面积,州,很多,万亩,,2025年,target,q,f,s,c,,,exact\n";
        let err = parse_indicators(csv).unwrap_err().to_string();
        assert!(err.contains("ind-x") && err.contains("不是数字"), "{err}");
    }

    #[test]
    fn a_figure_with_an_unknown_kind_is_refused() {
        let csv = "id,indicator,region,value,unit,qualifier,year,kind,quote,source_file,source_section,category,related_industry,notes,quote_match\n\
                   ind-y,面积,州,3,万亩,,2025年,guess,q,f,s,c,,,exact\n";
        let err = parse_indicators(csv).unwrap_err().to_string();
        assert!(err.contains("guess"), "{err}");
    }
}
