//! Administrative divisions (统计用区划代码): provinces, prefectures, counties, townships and
//! villages keyed by their official codes of 2, 4, 6, 9 and 12 digits.
//!
//! They are read from five CSV files in the layout of the `china-division` package
//! (`provinces.csv`, `cities.csv`, `areas.csv`, `streets.csv`, `villages.csv`): the seed's
//! own copy of the five regions the documents cover is compiled into the binary, and
//! `server import-divisions DIR` reads any other directory of the same layout (the whole
//! country: 620,574 villages). Every row is checked before anything is stored; any problem
//! is listed with its file and line and nothing is stored.

pub mod index;

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

/// The five files of a division set, from the top level down, with their code length and
/// the column that names the parent.
pub const FILES: [DivisionFile; 5] = [
    DivisionFile {
        name: "provinces.csv",
        level: 1,
        digits: 2,
        parent_column: "",
    },
    DivisionFile {
        name: "cities.csv",
        level: 2,
        digits: 4,
        parent_column: "provinceCode",
    },
    DivisionFile {
        name: "areas.csv",
        level: 3,
        digits: 6,
        parent_column: "cityCode",
    },
    DivisionFile {
        name: "streets.csv",
        level: 4,
        digits: 9,
        parent_column: "areaCode",
    },
    DivisionFile {
        name: "villages.csv",
        level: 5,
        digits: 12,
        parent_column: "streetCode",
    },
];

/// The level of villages (村委会/居委会).
pub const VILLAGE: i64 = 5;
/// The level of townships (乡/镇/街道).
pub const TOWNSHIP: i64 = 4;
/// The level of counties (县/市/区).
pub const COUNTY: i64 = 3;

/// One of the five files.
#[derive(Debug, Clone, Copy)]
pub struct DivisionFile {
    pub name: &'static str,
    pub level: i64,
    pub digits: usize,
    pub parent_column: &'static str,
}

/// The seed's copy: the five regions the documents cover (2,343 villages).
const SEED: [&str; 5] = [
    include_str!("../../seed/divisions/provinces.csv"),
    include_str!("../../seed/divisions/cities.csv"),
    include_str!("../../seed/divisions/areas.csv"),
    include_str!("../../seed/divisions/streets.csv"),
    include_str!("../../seed/divisions/villages.csv"),
];

/// Where the codes come from; shown wherever a code is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivisionSource {
    pub source: String,
    pub cut_off: String,
    pub published: String,
}

impl DivisionSource {
    /// The National Bureau of Statistics' 2023 codes, as the `china-division` package (and
    /// the seed's copy of it) carries them.
    pub fn statistics_2023() -> DivisionSource {
        DivisionSource {
            source: "国家统计局《2023年统计用区划代码和城乡划分代码》（china-division 2.7.0）"
                .to_string(),
            cut_off: "2023-06-30".to_string(),
            published: "2023-09-11".to_string(),
        }
    }
}

/// One checked division.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    pub code: String,
    pub level: i64,
    /// The parent's code; empty for a province.
    pub parent: String,
    /// The plain name shown (老里旗村, 街心社区).
    pub name: String,
    /// The statistical name as published (老里旗村委会, 街心社区居民委员会).
    pub full_name: String,
}

/// A problem with a row, in words a clerk can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivisionProblem {
    pub file: String,
    /// The line of the file (1 is the heading line); 0 for the file as a whole.
    pub line: u64,
    pub message: String,
}

impl fmt::Display for DivisionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}：{}", self.file, self.message)
        } else {
            write!(f, "{} 第 {} 行：{}", self.file, self.line, self.message)
        }
    }
}

/// The seed's divisions, checked.
///
/// # Errors
/// The problems of the compiled-in files (a build with broken seed files).
pub fn seed() -> Result<Vec<Division>, Vec<DivisionProblem>> {
    read_all(SEED.map(str::as_bytes))
}

/// The divisions of a directory holding the five files.
///
/// # Errors
/// Every problem found: a missing or unreadable file, a bad row.
pub fn read_dir(dir: &Path) -> Result<Vec<Division>, Vec<DivisionProblem>> {
    let mut texts = Vec::new();
    let mut problems = Vec::new();
    for file in FILES {
        match std::fs::read(dir.join(file.name)) {
            Ok(bytes) => texts.push(bytes),
            Err(err) => {
                problems.push(DivisionProblem {
                    file: file.name.to_string(),
                    line: 0,
                    message: format!("无法读取 {}：{err}", dir.join(file.name).display()),
                });
                texts.push(Vec::new());
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let texts: Vec<&[u8]> = texts.iter().map(Vec::as_slice).collect();
    read_all([texts[0], texts[1], texts[2], texts[3], texts[4]])
}

/// Checks the five files (in the order of [`FILES`]) whole: every code of the right shape
/// and unique, every parent present, every name present.
///
/// # Errors
/// Every problem, each with its file and line.
pub fn read_all(texts: [&[u8]; 5]) -> Result<Vec<Division>, Vec<DivisionProblem>> {
    let mut divisions: Vec<Division> = Vec::new();
    let mut problems = Vec::new();
    let mut known: HashSet<String> = HashSet::new();
    let mut previous: HashSet<String> = HashSet::new();
    for (file, text) in FILES.iter().zip(texts) {
        let mut this_level: HashSet<String> = HashSet::new();
        read_file(
            file,
            text,
            &previous,
            &mut known,
            &mut this_level,
            &mut divisions,
            &mut problems,
        );
        previous = this_level;
    }
    if problems.is_empty() {
        Ok(divisions)
    } else {
        Err(problems)
    }
}

/// Reads one file's rows into `out`, noting its problems.
fn read_file(
    file: &DivisionFile,
    text: &[u8],
    parents: &HashSet<String>,
    known: &mut HashSet<String>,
    this_level: &mut HashSet<String>,
    out: &mut Vec<Division>,
    problems: &mut Vec<DivisionProblem>,
) {
    let text = text
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text);
    let problem = |line: u64, message: String| DivisionProblem {
        file: file.name.to_string(),
        line,
        message,
    };
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(err) => {
            problems.push(problem(1, format!("无法读取标题行：{err}")));
            return;
        }
    };
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(code_at), Some(name_at)) = (column("code"), column("name")) else {
        problems.push(problem(1, "标题行必须有 code 和 name 两列".to_string()));
        return;
    };
    let parent_at = if file.parent_column.is_empty() {
        None
    } else if let Some(at) = column(file.parent_column) {
        Some(at)
    } else {
        problems.push(problem(1, format!("标题行缺少 {} 列", file.parent_column)));
        return;
    };
    for (n, record) in reader.records().enumerate() {
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(n as u64 + 2, csv::Position::line);
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                problems.push(problem(line, format!("无法读取：{err}")));
                continue;
            }
        };
        let code = record.get(code_at).unwrap_or("").trim().to_string();
        let full_name = record.get(name_at).unwrap_or("").trim().to_string();
        let parent = parent_at
            .map(|at| record.get(at).unwrap_or("").trim().to_string())
            .unwrap_or_default();
        let mut bad = Vec::new();
        if code.len() != file.digits || !code.bytes().all(|b| b.is_ascii_digit()) {
            bad.push(format!(
                "代码“{}”应为 {} 位数字",
                shorten(&code),
                file.digits
            ));
        } else if !known.insert(code.clone()) {
            bad.push(format!("代码 {code} 重复"));
        }
        if full_name.is_empty() {
            bad.push("名称为空".to_string());
        } else if full_name.chars().count() > 60 || full_name.chars().any(char::is_control) {
            bad.push("名称过长或含控制字符".to_string());
        }
        if parent_at.is_some() {
            if !parents.contains(&parent) {
                bad.push(format!("上级代码“{}”不存在", shorten(&parent)));
            } else if !code.starts_with(&parent) {
                bad.push(format!("代码 {code} 不在上级 {parent} 之下"));
            }
        }
        if bad.is_empty() {
            this_level.insert(code.clone());
            out.push(Division {
                name: plain_name(&full_name, file.level),
                code,
                level: file.level,
                parent,
                full_name,
            });
        } else {
            problems.push(problem(line, bad.join("；")));
        }
    }
}

/// At most 20 characters of a bad value, for a message.
fn shorten(value: &str) -> String {
    value.chars().take(20).collect()
}

/// The name shown for a division: a village's statistical suffix dropped
/// (老里旗村委会 → 老里旗村, 者贵村村民委员会 → 者贵村, 街心社区居民委员会 → 街心社区,
/// 当朝居委会 → 当朝社区); every other level as published.
pub fn plain_name(full: &str, level: i64) -> String {
    let full = full.trim();
    if level != VILLAGE {
        return full.to_string();
    }
    for (suffix, kind) in [
        ("村民委员会", "村"),
        ("村委会", "村"),
        ("居民委员会", "社区"),
        ("居委会", "社区"),
    ] {
        if let Some(stem) = full.strip_suffix(suffix) {
            if stem.is_empty() {
                return full.to_string();
            }
            if stem.ends_with(kind) || stem.ends_with("社区") || stem.ends_with("嘎查") {
                return stem.to_string();
            }
            return format!("{stem}{kind}");
        }
    }
    full.to_string()
}

/// The code of a county, township or village as a string of its level's digits, or `None`
/// for anything else (the form's and the URLs' check before any look-up).
pub fn code_shape(code: &str) -> Option<i64> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    FILES
        .iter()
        .find(|f| f.digits == code.len())
        .map(|f| f.level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_drop_the_statistical_suffix() {
        assert_eq!(plain_name("老里旗村委会", VILLAGE), "老里旗村");
        assert_eq!(plain_name("者贵村村民委员会", VILLAGE), "者贵村");
        assert_eq!(plain_name("街心社区居民委员会", VILLAGE), "街心社区");
        assert_eq!(plain_name("当朝居委会", VILLAGE), "当朝社区");
        assert_eq!(plain_name("八字门社区", VILLAGE), "八字门社区");
        assert_eq!(plain_name("巴彦嘎查村民委员会", VILLAGE), "巴彦嘎查");
        assert_eq!(plain_name("村委会", VILLAGE), "村委会");
        assert_eq!(plain_name("大山镇", TOWNSHIP), "大山镇");
    }

    #[test]
    fn the_seed_holds_the_five_regions() {
        let divisions = seed().expect("the seed's divisions are valid");
        let villages = divisions.iter().filter(|d| d.level == VILLAGE).count();
        assert_eq!(villages, 2343);
        let laoliqi = divisions
            .iter()
            .find(|d| d.code == "522302109207")
            .expect("老里旗村");
        assert_eq!(laoliqi.name, "老里旗村");
        assert_eq!(laoliqi.full_name, "老里旗村委会");
        assert_eq!(laoliqi.parent, "522302109");
    }

    #[test]
    fn every_problem_is_listed_with_its_file_and_line() {
        let provinces = "code,name\n52,贵州省\n5x,坏省\n".as_bytes();
        let cities = "code,name,provinceCode\n5223,黔西南布依族苗族自治州,52\n5301,某市,53\n";
        let areas = "code,name,cityCode,provinceCode\n522301,兴义市,5223,52\n";
        let streets =
            "code,name,areaCode,provinceCode,cityCode\n522301001,黄草街道,522301,52,5223\n";
        let villages = "code,name,streetCode,provinceCode,cityCode,areaCode\n\
            522301001001,街心社区居民委员会,522301001,52,5223,522301\n\
            522301001001,重复村委会,522301001,52,5223,522301\n\
            522301001003,,522301001,52,5223,522301\n\
            522301002004,无上级村委会,522301002,52,5223,522301\n";
        let problems = read_all([
            provinces,
            cities.as_bytes(),
            areas.as_bytes(),
            streets.as_bytes(),
            villages.as_bytes(),
        ])
        .expect_err("bad rows");
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            vec![
                "provinces.csv 第 3 行：代码“5x”应为 2 位数字",
                "cities.csv 第 3 行：上级代码“53”不存在",
                "villages.csv 第 3 行：代码 522301001001 重复",
                "villages.csv 第 4 行：名称为空",
                "villages.csv 第 5 行：上级代码“522301002”不存在",
            ]
        );
    }

    #[test]
    fn code_shapes() {
        assert_eq!(code_shape("522302109207"), Some(VILLAGE));
        assert_eq!(code_shape("522302109"), Some(TOWNSHIP));
        assert_eq!(code_shape("522302"), Some(COUNTY));
        assert_eq!(code_shape("52230210920"), None);
        assert_eq!(code_shape("qxn-p-01"), None);
    }
}
