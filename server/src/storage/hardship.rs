//! `/report/help`: the curated hardship data the seed import keeps whole
//! (`hardship_sections`, one JSON value per part), and the form's risk types with their
//! quotes ([`RISK_BASES`]), shaped into what the page shows. Every item keeps its document
//! and section; a quote whose document is unknown is left out rather than shown unsourced.

use std::collections::HashMap;

use app::model::help::{plain_words, HelpGroup, HelpItem, HelpQuote, ReportHelp};
use app::model::report::{risk_label, RISK_BASES};
use app::model::{PortError, SourceRef};
use serde_json::Value;
use sqlx::Row;

use super::{port_err, Store};

/// Seed file name → (document id, title).
type Documents = HashMap<String, (String, String)>;

impl Store {
    /// What a household can report, from the stored hardship sections.
    pub(super) async fn report_help_stored(&self) -> Result<ReportHelp, PortError> {
        let rows = sqlx::query("SELECT id, details_json FROM hardship_sections")
            .fetch_all(&self.pool)
            .await
            .map_err(port_err)?;
        let mut parts = HashMap::new();
        for row in &rows {
            let id: String = row.try_get("id").map_err(port_err)?;
            let json: String = row.try_get("details_json").map_err(port_err)?;
            let value: Value = serde_json::from_str(&json)
                .map_err(|e| PortError::internal(format!("hardship_sections {id}: {e}")))?;
            parts.insert(id, value);
        }
        let documents = self.document_titles().await.map_err(port_err)?;
        Ok(shape(&parts, &documents))
    }
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The short names the curated notes' file numbers (`002第四章…`) stand for.
const FILE_NAMES: [(&str, &str); 5] = [
    ("000", "水城区方案"),
    ("001", "万州区规划解读"),
    ("002", "黔西南州规划"),
    ("003", "璧山区方案"),
    ("004", "云溪区方案"),
];

/// A curated note as a reader sees it: a file number (`002`, not part of a longer number)
/// becomes the document's short name, and a sentence addressed to the portal's builders
/// (`门户如需解释…`) is left out.
fn readable_note(note: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = note.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let candidate: String = chars.iter().skip(i).take(3).collect();
        let before_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let after_digit = chars.get(i + 3).is_some_and(char::is_ascii_digit);
        match FILE_NAMES.iter().find(|(number, _)| *number == candidate) {
            Some((_, name)) if !before_digit && !after_digit => {
                out.push_str(name);
                i += 3;
            }
            _ => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out.split_inclusive('。')
        .filter(|sentence| !sentence.starts_with("门户"))
        .collect()
}

/// A `{"quote", "source_file", "source_section"}` object as a quote with its source.
fn quote_of(value: &Value, documents: &Documents) -> Option<HelpQuote> {
    let quote = text(value, "quote");
    let (document_id, document_title) = documents.get(&text(value, "source_file"))?;
    (!quote.is_empty()).then(|| HelpQuote {
        text: quote,
        source: SourceRef {
            document_id: document_id.clone(),
            document_title: document_title.clone(),
            section: text(value, "source_section"),
        },
    })
}

fn quotes_of(value: &Value, documents: &Documents) -> Vec<HelpQuote> {
    list(value, "sources")
        .iter()
        .filter_map(|source| quote_of(source, documents))
        .collect()
}

/// A named entry with its `sources` and `note`; `None` when no quote is left to show.
fn item(id: String, value: &Value, documents: &Documents) -> Option<HelpItem> {
    let name = text(value, "name");
    let quotes = quotes_of(value, documents);
    (!name.is_empty() && !quotes.is_empty()).then(|| HelpItem {
        id,
        plain: plain_words(&name).to_string(),
        name,
        points: Vec::new(),
        quotes,
        note: readable_note(&text(value, "note")),
    })
}

fn households(parts: &HashMap<String, Value>, documents: &Documents) -> HelpGroup {
    let items = parts
        .get("monitored_household_types")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter_map(|(n, value)| {
            let mut item = item(format!("household-{}", n + 1), value, documents)?;
            // "边缘户（002 第五章 第八节）": the other name, without where it is written.
            let other_names: Vec<String> = list(value, "also_written_as")
                .iter()
                .filter_map(Value::as_str)
                .map(|name| name.split('（').next().unwrap_or(name).trim().to_string())
                .filter(|name| !name.is_empty())
                .collect();
            if !other_names.is_empty() {
                item.points
                    .push(format!("文件中也写作：{}", other_names.join("、")));
            }
            Some(item)
        })
        .collect();
    HelpGroup {
        id: "households".into(),
        heading: "哪些家庭是监测的重点".into(),
        lead: "文件写明，防止返贫监测的重点是下面三类家庭。申报时不用自己判断属于哪一类，\
               村、乡镇、县核实后会认定。"
            .into(),
        items,
        note: String::new(),
    }
}

/// The form's risk types but 其他, each with its quote; the titles by document id.
fn risks(documents: &Documents) -> HelpGroup {
    let titles: HashMap<&str, &str> = documents
        .values()
        .map(|(id, title)| (id.as_str(), title.as_str()))
        .collect();
    let items = RISK_BASES
        .iter()
        .filter_map(|basis| {
            let title = titles.get(basis.document_id)?;
            Some(HelpItem {
                id: format!("risk-{}", basis.value),
                name: risk_label(basis.value).to_string(),
                plain: basis.plain.to_string(),
                points: Vec::new(),
                quotes: vec![HelpQuote {
                    text: basis.quote.to_string(),
                    source: SourceRef {
                        document_id: basis.document_id.to_string(),
                        document_title: (*title).to_string(),
                        section: basis.section.to_string(),
                    },
                }],
                note: basis.note.to_string(),
            })
        })
        .collect();
    HelpGroup {
        id: "risks".into(),
        heading: "可以申报的困难（表单上的选项）".into(),
        lead: "表单上的每一项困难，下面都有白话说明和文件原文。可以多选。".into(),
        items,
        note: String::new(),
    }
}

fn guarantees(parts: &HashMap<String, Value>, documents: &Documents) -> HelpGroup {
    let mut items = Vec::new();
    if let Some(monitoring) = parts.get("monitoring_content") {
        items.extend(item("monitoring".into(), monitoring, documents));
    }
    items.extend(
        parts
            .get("guarantee_items_two_assurances_three_guarantees_and_water")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(n, value)| item(format!("guarantee-{}", n + 1), value, documents)),
    );
    HelpGroup {
        id: "guarantees".into(),
        heading: "“两不愁三保障”和饮水安全".into(),
        lead: "监测这些家庭时，看的是下面这些方面。住房、饮水、孩子上学出了问题，\
               表单上都有对应的选项。"
            .into(),
        items,
        note: String::new(),
    }
}

fn insurance(parts: &HashMap<String, Value>, documents: &Documents) -> Vec<HelpGroup> {
    let Some(products) = parts.get("insurance_products") else {
        return Vec::new();
    };
    let mut groups = Vec::new();
    if let Some(old) = products.get("four_insurances_one_fund_poverty_period") {
        let items = list(old, "items")
            .iter()
            .enumerate()
            .filter_map(|(n, product)| {
                let name = text(product, "name");
                let quote = quote_of(product.get("source")?, documents)?;
                let net = text(product, "net");
                Some(HelpItem {
                    id: format!("insurance-old-{}", n + 1),
                    plain: plain_words(&name).to_string(),
                    name,
                    points: (!net.is_empty())
                        .then(|| format!("文件的说法：织牢{net}"))
                        .into_iter()
                        .collect(),
                    quotes: vec![quote],
                    note: String::new(),
                })
            })
            .collect();
        groups.push(HelpGroup {
            id: "insurance-old".into(),
            heading: text(old, "label"),
            lead: String::new(),
            items,
            note: readable_note(&text(old, "note")),
        });
    }
    if let Some(new) = products.get("four_insurances_one_fund_14th_fyp") {
        let mut points = Vec::new();
        let names: Vec<&str> = list(new, "items")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if !names.is_empty() {
            points.push(format!("险种：{}", names.join("、")));
        }
        let principle = text(new, "principle");
        if !principle.is_empty() {
            points.push(format!("原则：{principle}"));
        }
        let items = new
            .get("source")
            .and_then(|source| quote_of(source, documents))
            .map(|quote| HelpItem {
                id: "insurance-new-1".into(),
                name: "新“四险一金”的险种".into(),
                plain: "针对重点巩固人口，鼓励农户购买防贫保险产品，遇到人力不可抗拒的灾情时获得保险赔付。"
                    .into(),
                points,
                quotes: vec![quote],
                note: readable_note(&text(new, "mapping_note")),
            })
            .into_iter()
            .collect();
        groups.push(HelpGroup {
            id: "insurance-new".into(),
            heading: text(new, "label"),
            lead: String::new(),
            items,
            note: String::new(),
        });
    }
    let others: Vec<HelpItem> = list(products, "other_products")
        .iter()
        .enumerate()
        .filter_map(|(n, value)| item(format!("insurance-other-{}", n + 1), value, documents))
        .collect();
    if !others.is_empty() {
        groups.push(HelpGroup {
            id: "insurance-other".into(),
            heading: "文件提到的其他保险".into(),
            lead: String::new(),
            items: others,
            note: String::new(),
        });
    }
    groups
}

fn exit(parts: &HashMap<String, Value>, documents: &Documents) -> HelpGroup {
    let items = parts
        .get("exit_criteria")
        .and_then(|value| {
            let mut item = item("exit-1".into(), value, documents)?;
            item.points = list(value, "conditions")
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
            Some(item)
        })
        .into_iter()
        .collect();
    HelpGroup {
        id: "exit".into(),
        heading: "什么时候不再监测".into(),
        lead: String::new(),
        items,
        note: String::new(),
    }
}

/// The page's content from the hardship sections by id and the documents by seed file name.
fn shape(parts: &HashMap<String, Value>, documents: &Documents) -> ReportHelp {
    ReportHelp {
        households: households(parts, documents),
        risks: risks(documents),
        guarantees: guarantees(parts, documents),
        insurance: insurance(parts, documents),
        exit: exit(parts, documents),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Seed;
    use app::model::report::RISK_TYPES;

    fn seed_parts() -> (HashMap<String, Value>, Documents) {
        let seed = Seed::embedded().expect("seed parses");
        let parts = seed
            .hardship_sections
            .iter()
            .map(|h| {
                (
                    h.id.clone(),
                    serde_json::from_str(&h.details_json).expect("JSON"),
                )
            })
            .collect();
        let documents = seed
            .documents
            .iter()
            .map(|d| (d.source_file.clone(), (d.id.clone(), d.title.clone())))
            .collect();
        (parts, documents)
    }

    /// Every `{"quote", "source_file", "source_section"}` object in the curated data.
    fn curated_quotes(value: &Value, out: &mut Vec<(String, String, String)>) {
        match value {
            Value::Object(map) => {
                if let (Some(Value::String(quote)), Some(Value::String(file))) =
                    (map.get("quote"), map.get("source_file"))
                {
                    out.push((quote.clone(), file.clone(), text(value, "source_section")));
                }
                map.values().for_each(|v| curated_quotes(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| curated_quotes(v, out)),
            _ => {}
        }
    }

    /// The form's quotes are the curated data's, word for word, with the same document and
    /// section: none is made up.
    #[test]
    fn every_risk_quote_is_in_the_curated_data_with_its_source() {
        let (parts, documents) = seed_parts();
        let mut quotes = Vec::new();
        for value in parts.values() {
            curated_quotes(value, &mut quotes);
        }
        for basis in RISK_BASES {
            let found = quotes.iter().any(|(quote, file, section)| {
                quote == basis.quote
                    && section == basis.section
                    && documents.get(file).map(|(id, _)| id.as_str()) == Some(basis.document_id)
            });
            assert!(
                found,
                "{}: quote and source not in the curated data",
                basis.value
            );
        }
    }

    #[test]
    fn the_help_has_every_part_and_every_item_has_a_sourced_quote() {
        let (parts, documents) = seed_parts();
        let help = shape(&parts, &documents);
        let names: Vec<&str> = help
            .households
            .items
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        assert_eq!(names, ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]);
        let risks: Vec<&str> = help.risks.items.iter().map(|i| i.name.as_str()).collect();
        let labels: Vec<&str> = RISK_TYPES
            .iter()
            .filter(|(value, _)| *value != "other")
            .map(|(_, label)| *label)
            .collect();
        assert_eq!(
            risks, labels,
            "every risk type but 其他, in the form's order"
        );
        let guarantees: Vec<&str> = help
            .guarantees
            .items
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        for expected in [
            "两不愁",
            "义务教育保障",
            "基本医疗保障",
            "住房安全保障",
            "饮水安全",
        ] {
            assert!(guarantees.contains(&expected), "{expected}");
        }
        assert_eq!(help.insurance.len(), 3);
        assert_eq!(
            help.insurance[0].items.len(),
            5,
            "the five of the first 四险一金"
        );
        assert_eq!(help.exit.items.len(), 1);
        assert_eq!(help.exit.items[0].points.len(), 3, "three conditions");
        let groups = [&help.households, &help.risks, &help.guarantees, &help.exit]
            .into_iter()
            .chain(help.insurance.iter());
        for group in groups {
            assert!(
                !group.heading.is_empty() && !group.items.is_empty(),
                "{}",
                group.id
            );
            for item in &group.items {
                assert!(!item.quotes.is_empty(), "{}", item.id);
                for quote in &item.quotes {
                    assert!(!quote.text.is_empty(), "{}", item.id);
                    assert!(!quote.source.document_title.is_empty(), "{}", item.id);
                    assert!(!quote.source.section.is_empty(), "{}", item.id);
                }
                assert!(
                    !item.note.contains("002") && !item.note.contains("门户"),
                    "{}: {}",
                    item.id,
                    item.note
                );
            }
        }
    }

    #[test]
    fn curated_notes_name_documents_not_file_numbers() {
        assert_eq!(
            readable_note("002第四章第二节没有使用；和001的并列写法。"),
            "黔西南州规划第四章第二节没有使用；和万州区规划解读的并列写法。"
        );
        assert_eq!(readable_note("保额1002万元"), "保额1002万元");
        assert_eq!(
            readable_note("文件都没有写。门户如需解释，应另引权威来源。"),
            "文件都没有写。"
        );
    }
}
