//! The `/regions` page's tables and bar charts, shaped from what storage reads: the
//! classifications kept whole as JSON at import, and the county table. Every number is the
//! document's own; nothing here touches the database.

use std::collections::HashMap;

use app::model::regions::{Bar, BarChart, Classification, DataTable, FigureFacts, Quote};
use app::model::{RegionsOverview, SourceRef};
use serde_json::Value;

/// Seed file name → (document id, title).
pub type Documents = HashMap<String, (String, String)>;

fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn count(value: &Value, key: &str) -> Option<f64> {
    value.get(key).and_then(Value::as_f64)
}

fn source_of(value: &Value, documents: &Documents) -> Option<SourceRef> {
    let (document_id, document_title) = documents.get(&text(value, "source_file"))?;
    Some(SourceRef {
        document_id: document_id.clone(),
        document_title: document_title.clone(),
        section: text(value, "source_section"),
    })
}

fn quote_of(value: Option<&Value>, documents: &Documents) -> Option<Quote> {
    let value = value?;
    let text = text(value, "quote");
    if text.is_empty() {
        return None;
    }
    Some(Quote {
        text,
        source: source_of(value, documents)?,
    })
}

fn push_source(sources: &mut Vec<SourceRef>, source: Option<SourceRef>) {
    if let Some(source) = source {
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
}

fn list(value: &Value, key: &str) -> Vec<Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// What the document says of its date, for the year of a classification.
fn year_of(date: Option<&String>) -> String {
    match date {
        Some(date) if !date.is_empty() => format!("文件印发于{date}"),
        _ => "原文未写年份".to_string(),
    }
}

const PLANNED: &str = "规划分类（文件确定的分类数，非统计实绩）";

fn shuicheng(value: &Value, documents: &Documents, year: String) -> Vec<Classification> {
    let region = text(value, "region");
    let classes = list(value, "classes");
    let checks = value
        .get("consistency_checks")
        .cloned()
        .unwrap_or(Value::Null);

    let mut sources = Vec::new();
    push_source(
        &mut sources,
        value
            .get("scope_quote")
            .and_then(|q| source_of(q, documents)),
    );
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut notes = Vec::new();
    for class in &classes {
        let name = text(class, "class");
        let n = count(class, "count");
        let pilots = class.get("pilots_included").cloned().unwrap_or(Value::Null);
        let pilots_text = match count(&pilots, "count") {
            Some(k) => format!("{k}个（{}）", text(&pilots, "level_text")),
            None => "—".to_string(),
        };
        let note = text(&pilots, "note");
        if !note.is_empty() {
            notes.push(format!("{name}：{note}"));
        }
        rows.push(vec![
            name.clone(),
            n.map_or_else(|| "原文未给出".into(), |v| v.to_string()),
            pilots_text,
            text(class, "definition"),
        ]);
        if let Some(n) = n {
            bars.push(Bar {
                label: name.clone(),
                value: n,
            });
        }
        push_source(
            &mut sources,
            class
                .get("definition_source")
                .and_then(|q| source_of(q, documents)),
        );
    }
    let sum = text(&checks, "classes_sum");
    if !sum.is_empty() {
        notes.push(format!("核对：{sum}。"));
    }
    let total = count(value, "total_villages")
        .map(|v| v.to_string())
        .unwrap_or_default();
    let classes_section = Classification {
        id: "shuicheng-classes".into(),
        region: region.clone(),
        heading: format!("水城区 {total} 个行政村分三类"),
        quotes: quote_of(value.get("scope_quote"), documents)
            .into_iter()
            .collect(),
        table: DataTable {
            headers: vec![
                "类别".into(),
                "村数（个）".into(),
                "其中示范试点".into(),
                "定义（原文）".into(),
            ],
            rows,
        },
        facts: FigureFacts {
            unit: "个行政村".into(),
            year: year.clone(),
            kind: PLANNED.into(),
        },
        chart: (!bars.is_empty()).then(|| BarChart {
            unit: "个行政村".into(),
            bars,
        }),
        chart_svg: String::new(),
        notes,
        sources,
    };

    // The five types of the leading class (引领示范村), with their lead departments.
    let leading = classes
        .iter()
        .find(|c| !list(c, "types").is_empty())
        .cloned()
        .unwrap_or(Value::Null);
    let by_type = leading
        .get("pilots_included")
        .and_then(|p| p.get("by_type"))
        .cloned()
        .unwrap_or(Value::Null);
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    for t in list(&leading, "types") {
        let name = text(&t, "type");
        let n = count(&t, "count");
        let pilots = by_type
            .get(&name)
            .and_then(Value::as_f64)
            .map_or_else(|| "—".into(), |k| format!("{k}个"));
        rows.push(vec![
            name.clone(),
            n.map_or_else(|| "原文未给出".into(), |v| v.to_string()),
            text(&t, "lead_department"),
            pilots,
        ]);
        if let Some(n) = n {
            bars.push(Bar {
                label: name,
                value: n,
            });
        }
    }
    let mut notes = Vec::new();
    for note in [
        text(&leading, "types_note"),
        text(&checks, "types_sum"),
        text(&checks, "pilots_sum"),
    ] {
        if !note.is_empty() {
            notes.push(note);
        }
    }
    let mut sources = Vec::new();
    push_source(
        &mut sources,
        leading
            .get("types_quote")
            .and_then(|q| source_of(q, documents)),
    );
    let types_section = Classification {
        id: "shuicheng-types".into(),
        region,
        heading: format!("水城区{}的“五型”和牵头部门", text(&leading, "class")),
        quotes: quote_of(leading.get("types_quote"), documents)
            .into_iter()
            .collect(),
        table: DataTable {
            headers: vec![
                "类型".into(),
                "村数（个）".into(),
                "牵头部门".into(),
                "其中示范试点".into(),
            ],
            rows,
        },
        facts: FigureFacts {
            unit: "个行政村".into(),
            year,
            kind: PLANNED.into(),
        },
        chart: (!bars.is_empty()).then(|| BarChart {
            unit: "个行政村".into(),
            bars,
        }),
        chart_svg: String::new(),
        notes,
        sources,
    };
    vec![classes_section, types_section]
}

/// A county row of `counties`.
pub struct CountyRow {
    pub name: String,
    pub county_type: String,
    pub class: String,
    pub key_assistance: String,
    pub former_poverty: String,
    pub source: SourceRef,
}

fn qianxinan_counties(
    value: &Value,
    counties: &[CountyRow],
    documents: &Documents,
    year: String,
) -> Classification {
    let related = value.get("related").cloned().unwrap_or(Value::Null);
    let intro = related.get("county_classes").and_then(|c| c.get("source"));
    let mut bars: Vec<Bar> = Vec::new();
    for county in counties {
        match bars.iter_mut().find(|b| b.label == county.class) {
            Some(bar) => bar.value += 1.0,
            None => bars.push(Bar {
                label: county.class.clone(),
                value: 1.0,
            }),
        }
    }
    let rows = counties
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                c.county_type.clone(),
                c.class.clone(),
                c.key_assistance.clone(),
                c.former_poverty.clone(),
            ]
        })
        .collect();
    let mut sources = Vec::new();
    push_source(&mut sources, intro.and_then(|q| source_of(q, documents)));
    for county in counties {
        push_source(&mut sources, Some(county.source.clone()));
    }
    let national = counties
        .iter()
        .filter(|c| c.key_assistance.starts_with("国家"))
        .count();
    let provincial = counties
        .iter()
        .filter(|c| c.key_assistance.starts_with("省级"))
        .count();
    Classification {
        id: "qianxinan-counties".into(),
        region: "黔西南州".into(),
        heading: format!("黔西南州 {} 个县（市、新区）分三类", counties.len()),
        quotes: quote_of(intro, documents).into_iter().collect(),
        table: DataTable {
            headers: vec![
                "县（市、新区）".into(),
                "类型".into(),
                "分类".into(),
                "乡村振兴重点帮扶县".into(),
                "“十三五”贫困县".into(),
            ],
            rows,
        },
        facts: FigureFacts {
            unit: "个县（市、新区）".into(),
            year,
            kind: PLANNED.into(),
        },
        chart: (!bars.is_empty()).then(|| BarChart {
            unit: "个县（市、新区）".into(),
            bars,
        }),
        chart_svg: String::new(),
        notes: vec![format!(
            "其中国家乡村振兴重点帮扶县 {national} 个、省级乡村振兴重点帮扶县 {provincial} 个（见表中“乡村振兴重点帮扶县”一列）。"
        )],
        sources,
    }
}

fn qianxinan_villages(value: &Value, documents: &Documents, year: String) -> Classification {
    let mut sources = Vec::new();
    push_source(
        &mut sources,
        value.get("intro").and_then(|q| source_of(q, documents)),
    );
    let rows = list(value, "classes")
        .iter()
        .map(|class| {
            push_source(
                &mut sources,
                class
                    .get("definition_source")
                    .and_then(|q| source_of(q, documents)),
            );
            vec![
                text(class, "class"),
                text(class, "definition"),
                count(class, "count").map_or_else(|| "原文未给出".into(), |n| n.to_string()),
            ]
        })
        .collect();
    let note = text(value, "count_note");
    Classification {
        id: "qianxinan-villages".into(),
        region: text(value, "region"),
        heading: "黔西南州行政村分三类".into(),
        quotes: quote_of(value.get("intro"), documents)
            .into_iter()
            .collect(),
        table: DataTable {
            headers: vec!["类别".into(), "定义（原文）".into(), "村数".into()],
            rows,
        },
        facts: FigureFacts {
            unit: "个行政村".into(),
            year,
            kind: PLANNED.into(),
        },
        // The plan gives definitions but no numbers, so there is nothing to draw.
        chart: None,
        chart_svg: String::new(),
        notes: [
            note,
            "规划没有给出各类村的数量，所以这里不画图。".to_string(),
        ]
        .into_iter()
        .filter(|n| !n.is_empty())
        .collect(),
        sources,
    }
}

fn bishan(value: &Value, documents: &Documents, year: String) -> Classification {
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut notes = Vec::new();
    for (key, short) in [
        ("key_assistance_towns", "重点帮扶镇"),
        ("key_assistance_villages", "重点帮扶村"),
    ] {
        let item = value.get(key).cloned().unwrap_or(Value::Null);
        let n = count(&item, "count");
        rows.push(vec![
            text(&item, "label_in_text"),
            n.map_or_else(|| "原文未给出".into(), |v| v.to_string()),
            if item.get("names").and_then(Value::as_array).is_some() {
                "见原文".into()
            } else {
                "原文未列出名单".into()
            },
        ]);
        if let Some(n) = n {
            bars.push(Bar {
                label: short.into(),
                value: n,
            });
        }
        let note = text(&item, "note");
        if !note.is_empty() {
            notes.push(note);
        }
    }
    let definition = text(value, "definition_note");
    if !definition.is_empty() {
        notes.push(definition);
    }
    let mut sources = Vec::new();
    let mut quotes = Vec::new();
    for key in ["quote", "goal_2025"] {
        push_source(
            &mut sources,
            value.get(key).and_then(|q| source_of(q, documents)),
        );
        quotes.extend(quote_of(value.get(key), documents));
    }
    Classification {
        id: "bishan".into(),
        region: text(value, "region"),
        heading: "璧山区乡村振兴重点帮扶镇、村".into(),
        quotes,
        table: DataTable {
            headers: vec!["对象".into(), "数量（个）".into(), "名单".into()],
            rows,
        },
        facts: FigureFacts {
            unit: "个（镇、村）".into(),
            year,
            kind: PLANNED.into(),
        },
        chart: (!bars.is_empty()).then(|| BarChart {
            unit: "个".into(),
            bars,
        }),
        chart_svg: String::new(),
        notes,
        sources,
    }
}

/// What the page is shaped from, as storage reads it.
pub struct RegionsData {
    pub documents: Documents,
    /// Document id → its date as written.
    pub dates: HashMap<String, String>,
    /// Classification id → its record as imported.
    pub details: HashMap<String, Value>,
    /// The county table in the plan's order.
    pub counties: Vec<CountyRow>,
}

/// The classifications of every region the documents classify, as tables and charts.
pub fn overview(data: &RegionsData) -> RegionsOverview {
    let RegionsData {
        documents,
        dates,
        details,
        counties,
    } = data;
    let year_for = |value: &Value| {
        year_of(
            documents
                .get(&text(value, "source_file"))
                .and_then(|(id, _)| dates.get(id)),
        )
    };
    let mut classifications = Vec::new();
    if let Some(value) = details.get("shuicheng_000") {
        classifications.extend(shuicheng(value, documents, year_for(value)));
    }
    if let Some(value) = details.get("qianxinan_002") {
        if !counties.is_empty() {
            classifications.push(qianxinan_counties(
                value,
                counties,
                documents,
                year_for(value),
            ));
        }
        classifications.push(qianxinan_villages(value, documents, year_for(value)));
    }
    if let Some(value) = details.get("bishan_003") {
        classifications.push(bishan(value, documents, year_for(value)));
    }
    RegionsOverview { classifications }
}
