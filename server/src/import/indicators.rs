//! Figures from a CSV file (`server import-indicators FILE.csv`): every row is checked
//! before anything is stored, every problem is reported with its line, and a file with any
//! bad row imports nothing.
//!
//! The columns are those of `server/seed/indicators.csv` with the document named by its id
//! (`policy-002`) instead of the source file:
//! `id,indicator,region,value,unit,qualifier,year,kind,quote,document_id,source_section,
//! category,related_industry,notes`. `qualifier`, `quote`, `category`, `related_industry`
//! and `notes` may be empty; the others are required. `related_industry` names industries as
//! the seed does: `茶叶(direct)；蔬菜(shared)` (the relation defaults to `direct`).

use std::collections::{HashMap, HashSet};
use std::io::Read;

/// The columns a figures file must have, in any order.
pub const COLUMNS: [&str; 14] = [
    "id",
    "indicator",
    "region",
    "value",
    "unit",
    "qualifier",
    "year",
    "kind",
    "quote",
    "document_id",
    "source_section",
    "category",
    "related_industry",
    "notes",
];

/// One checked figure, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    pub id: String,
    pub indicator: String,
    pub region: String,
    pub value: f64,
    /// The value as written in the file.
    pub value_text: String,
    pub unit: String,
    pub qualifier: String,
    pub year: String,
    /// `baseline`, `target`, `actual` or `standard`.
    pub kind: String,
    pub quote: String,
    pub document_id: String,
    pub source_section: String,
    pub category: String,
    pub related_industry: String,
    pub notes: String,
    /// (industry slug, relation) read from `related_industry`.
    pub links: Vec<(String, String)>,
}

/// A problem with the file, in words a clerk can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The line of the file (1 is the heading line); 0 for the file as a whole.
    pub line: u64,
    /// The column at fault; empty for the row or the file as a whole.
    pub column: &'static str,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "第 {} 行：{}", self.line, self.message)
        }
    }
}

/// The kind of a figure from its English or Chinese name.
pub fn parse_kind(text: &str) -> Option<&'static str> {
    match text.trim() {
        "baseline" | "基数" | "基期" => Some("baseline"),
        "target" | "目标" => Some("target"),
        "actual" | "实际" | "实绩" => Some("actual"),
        "standard" | "标准" => Some("standard"),
        _ => None,
    }
}

/// Whether an id is made of lower-case letters, digits and `-`, as the seed's ids are.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The industries of `related_industry` (`茶叶(direct)；蔬菜(shared)`) as (slug, relation),
/// or the first name or relation that is not known.
fn parse_links(
    text: &str,
    industries: &HashMap<String, String>,
) -> Result<Vec<(String, String)>, String> {
    let mut links = Vec::new();
    for part in text
        .split(['；', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (name, relation) = match part.split_once(['(', '（']) {
            Some((name, rest)) => (name.trim(), rest.trim_end_matches([')', '）']).trim()),
            None => (part, "direct"),
        };
        if !["direct", "shared", "aggregate"].contains(&relation) {
            return Err(format!(
                "相关产业“{part}”的关系“{relation}”无法识别：应为 direct、shared 或 aggregate"
            ));
        }
        let slug = industries
            .get(name)
            .ok_or_else(|| format!("相关产业“{name}”不是十大特色产业之一"))?;
        links.push((slug.clone(), relation.to_string()));
    }
    Ok(links)
}

/// Reads and checks a figures file. `documents` are the ids of the stored documents a row
/// may cite, `industries` the industries' names with their slugs. Either every row is good,
/// or every problem is returned (nothing half-read).
#[allow(
    clippy::implicit_hasher,
    reason = "called with the store's own sets; no other hasher is in use"
)]
pub fn read_indicators(
    mut input: impl Read,
    documents: &HashSet<String>,
    industries: &HashMap<String, String>,
) -> Result<Vec<IndicatorRow>, Vec<RowProblem>> {
    let whole = |message: String| {
        vec![RowProblem {
            line: 0,
            column: "",
            message,
        }]
    };
    // Files saved on Windows (and text pasted in a browser form) end lines with CRLF, which
    // the CSV reader does not count as new lines: without this every problem would be
    // reported on line 1.
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|err| whole(format!("无法读取文件：{err}")))?;
    let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|err| whole(format!("无法读取标题行：{err}")))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !names.iter().any(|n| n == c))
        .collect();
    if !missing.is_empty() {
        return Err(whole(format!(
            "标题行缺少这些列：{}（需要的列：{}）",
            missing.join("、"),
            COLUMNS.join(",")
        )));
    }
    let column = |name: &str| names.iter().position(|n| n == name).unwrap_or(0);

    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(0, csv::Position::line);
                problems.push(RowProblem {
                    line,
                    column: "",
                    message: format!("这一行无法读取（列数不对或引号不成对）：{err}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let get = |name: &str| record.get(column(name)).unwrap_or("").trim().to_string();
        let mut wrong = |column: &'static str, message: String| {
            problems.push(RowProblem {
                line,
                column,
                message,
            });
        };

        let id = get("id");
        if !valid_id(&id) {
            wrong(
                "id",
                format!("编号“{id}”不合规：只能用小写字母、数字和 -，例如 ind-176"),
            );
        } else if !seen.insert(id.clone()) {
            wrong("id", format!("编号“{id}”在文件中重复出现"));
        }
        for (name, label) in [
            ("indicator", "指标名称"),
            ("region", "地区"),
            ("unit", "单位"),
            ("year", "年份"),
            ("source_section", "出处章节"),
        ] {
            if get(name).is_empty() {
                wrong(name, format!("{label}（{name}）不能为空"));
            }
        }
        let value_text = get("value");
        let value = value_text.parse::<f64>().ok().filter(|v| v.is_finite());
        if value.is_none() {
            wrong(
                "value",
                format!(
                "数值（value）“{value_text}”不是数字：只写阿拉伯数字，单位和“以上”“左右”等写在 unit、qualifier 列"
            ));
        }
        let kind_text = get("kind");
        let kind = parse_kind(&kind_text);
        if kind.is_none() {
            wrong(
                "kind",
                format!(
                "类型（kind）“{kind_text}”无法识别：应为 baseline/基数、target/目标、actual/实际 或 standard/标准"
            ));
        }
        let document_id = get("document_id");
        if !documents.contains(&document_id) {
            wrong(
                "document_id",
                format!(
                "出处文件（document_id）“{document_id}”不存在：应为已发布文件的编号，例如 policy-002"
            ));
        }
        let links = match parse_links(&get("related_industry"), industries) {
            Ok(links) => Some(links),
            Err(message) => {
                wrong("related_industry", message);
                None
            }
        };
        if let (Some(value), Some(kind), Some(links)) = (value, kind, links) {
            rows.push(IndicatorRow {
                id,
                indicator: get("indicator"),
                region: get("region"),
                value,
                value_text,
                unit: get("unit"),
                qualifier: get("qualifier"),
                year: get("year"),
                kind: kind.to_string(),
                quote: get("quote"),
                document_id,
                source_section: get("source_section"),
                category: get("category"),
                related_industry: get("related_industry"),
                notes: get("notes"),
                links,
            });
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(RowProblem {
            line: 0,
            column: "",
            message: "文件里没有数据行".to_string(),
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id,indicator,region,value,unit,qualifier,year,kind,quote,document_id,source_section,category,related_industry,notes\n";

    fn documents() -> HashSet<String> {
        ["policy-002".to_string()].into_iter().collect()
    }

    fn industries() -> HashMap<String, String> {
        [("茶叶", "tea"), ("食用菌", "mushrooms")]
            .into_iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect()
    }

    #[test]
    fn a_good_file_reads_every_row() {
        let file = format!(
            "{HEAD}ind-176,茶园面积,黔西南州,150,万亩,以上,2025,目标,\"茶园面积稳定在150万亩以上\",policy-002,第五章 第一节,农业,茶叶,\n\
             ind-177,食用菌产量,黔西南州,12.5,万吨,,2024,actual,,policy-002,第五章,农业,食用菌(aggregate)；茶叶,\n"
        );
        let rows = read_indicators(file.as_bytes(), &documents(), &industries()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].kind, "target");
        assert_eq!(rows[0].value, 150.0);
        assert_eq!(rows[0].qualifier, "以上");
        assert_eq!(rows[1].value_text, "12.5");
        assert_eq!(
            rows[0].links,
            vec![("tea".to_string(), "direct".to_string())]
        );
        assert_eq!(
            rows[1].links,
            vec![
                ("mushrooms".to_string(), "aggregate".to_string()),
                ("tea".to_string(), "direct".to_string())
            ]
        );
    }

    #[test]
    fn lines_ending_in_crlf_are_counted_too() {
        let file = format!(
            "{HEAD}ind-176,茶园面积,黔西南州,150,万亩,,2025,target,,policy-002,第五章,,,\n\
             ind-177,茶园面积,黔西南州,多,万亩,,2025,target,,policy-002,第五章,,,\n"
        )
        .replace('\n', "\r\n");
        let problems = read_indicators(file.as_bytes(), &documents(), &industries()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 3, "{}", problems[0]);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_reason() {
        let file = format!(
            "{HEAD}ind-176,茶园面积,黔西南州,150万,万亩,,2025,target,,policy-002,第五章,,,\n\
             ind-177,食用菌产量,黔西南州,12,,,2024,估计,,policy-009,第五章,,,\n\
             ind-176,茶园面积,黔西南州,150,万亩,,,target,,policy-002,,,,\n\
             IND 9,蔬菜,黔西南州,1,万亩,,2025,target,,policy-002,第五章,,蔬菜,\n"
        );
        let problems = read_indicators(file.as_bytes(), &documents(), &industries()).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let joined = text.join("\n");
        assert!(
            joined.contains("第 2 行：数值（value）“150万”不是数字"),
            "{joined}"
        );
        assert!(joined.contains("第 3 行：单位（unit）不能为空"), "{joined}");
        assert!(
            joined.contains("第 3 行：类型（kind）“估计”无法识别"),
            "{joined}"
        );
        assert!(
            joined.contains("第 3 行：出处文件（document_id）“policy-009”不存在"),
            "{joined}"
        );
        assert!(
            joined.contains("第 4 行：编号“ind-176”在文件中重复出现"),
            "{joined}"
        );
        assert!(joined.contains("第 4 行：年份（year）不能为空"), "{joined}");
        assert!(
            joined.contains("第 4 行：出处章节（source_section）不能为空"),
            "{joined}"
        );
        assert!(joined.contains("第 5 行：编号“IND 9”不合规"), "{joined}");
        assert!(
            joined.contains("第 5 行：相关产业“蔬菜”不是十大特色产业之一"),
            "{joined}"
        );
    }

    #[test]
    fn missing_columns_and_empty_files_are_refused() {
        let problems = read_indicators(
            "id,indicator,value\nind-1,茶,1\n".as_bytes(),
            &documents(),
            &industries(),
        )
        .unwrap_err();
        assert_eq!(problems[0].line, 0);
        assert!(problems[0].message.contains("region"), "{}", problems[0]);
        let problems = read_indicators(HEAD.as_bytes(), &documents(), &industries()).unwrap_err();
        assert_eq!(problems[0].message, "文件里没有数据行");
    }

    #[test]
    fn a_bom_and_a_ragged_line_are_handled() {
        let file = format!("\u{feff}{HEAD}ind-176,茶园面积,黔西南州\n");
        let problems = read_indicators(file.as_bytes(), &documents(), &industries()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 2);
        assert!(problems[0].message.contains("列数不对"), "{}", problems[0]);
    }
}
