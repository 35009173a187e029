//! Administrative divisions by their official codes (统计用区划代码): what the village
//! picker, the village pages and the posters show.

use serde::{Deserialize, Serialize};

/// A village found by typing, with the places above it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageHit {
    pub code: String,
    pub name: String,
    pub town: String,
    pub county: String,
    pub prefecture: String,
}

impl VillageHit {
    /// `大山镇 · 兴仁市`.
    pub fn place(&self) -> String {
        format!("{} · {}", self.town, self.county)
    }
}

/// A division by code and plain name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivisionName {
    pub code: String,
    pub name: String,
}

/// One choice of a picker step: a division below the current one, with how many villages it
/// holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivisionChoice {
    pub code: String,
    pub name: String,
    /// The level: 1 province … 5 village.
    pub level: i64,
    pub villages: i64,
    /// The prefecture (or province) a county lies in, shown when counties of several are
    /// listed together; empty otherwise.
    pub within: String,
}

/// Where the codes come from; shown wherever a code is shown.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CodeSource {
    pub source: String,
    pub cut_off: String,
    pub published: String,
}

impl CodeSource {
    /// One line for a page: `区划代码：国家统计局…（截至 2023-06-30，2023-09-11 发布）`.
    pub fn line(&self) -> String {
        format!(
            "区划代码来源：{}（截至 {}，{} 发布）",
            self.source, self.cut_off, self.published
        )
    }
}

/// A catalogue entry that is this village.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PilotLink {
    pub id: String,
    pub name: String,
    pub entity_type: String,
}

/// A village with its path of divisions: the village page, the poster, the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillagePlace {
    pub code: String,
    /// The plain name (老里旗村).
    pub name: String,
    /// The statistical name (老里旗村委会).
    pub full_name: String,
    /// Province, prefecture, county and township, from the top.
    pub path: Vec<DivisionName>,
    pub pilots: Vec<PilotLink>,
    pub source: CodeSource,
}

impl VillagePlace {
    /// The township, the last step of the path.
    pub fn town(&self) -> Option<&DivisionName> {
        self.path.last()
    }

    /// The county, the step above the township.
    pub fn county(&self) -> Option<&DivisionName> {
        self.path
            .len()
            .checked_sub(2)
            .and_then(|at| self.path.get(at))
    }

    /// `贵州省 黔西南布依族苗族自治州 兴仁市 大山镇`, the municipalities' `市辖区` left out.
    pub fn place_line(&self) -> String {
        self.path
            .iter()
            .filter(|d| d.name != "市辖区" && d.name != "县")
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `/villages/<code>`.
    pub fn href(&self) -> String {
        village_href(&self.code)
    }
}

/// `/villages/<code>`.
pub fn village_href(code: &str) -> String {
    format!("/villages/{code}")
}

/// The township posters of a township: every village of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TownPosters {
    pub town: DivisionName,
    pub villages: Vec<VillagePlace>,
}

/// The form's village step: the village chosen, or where the picker stands and what it
/// offers there.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VillageStep {
    /// The village chosen (its code is what the form posts).
    pub chosen: Option<VillagePlace>,
    /// The divisions from the top down to where the picker stands.
    pub trail: Vec<DivisionName>,
    /// What can be chosen there.
    pub choices: Vec<DivisionChoice>,
    /// What was typed into the finder, and what it found.
    pub query: String,
    pub found: Vec<VillageHit>,
}

pub use rules::divisions::{is_division_code, is_village_code};

/// The font size of a poster's village name, in millimetres (one of 20, 15, 10, 7: the
/// stylesheet has a class for each), so that any name fits the A4 sheet in at most three
/// lines: long names shrink, the code keeps its printed size.
pub fn poster_name_size(name: &str) -> u32 {
    // The sheet's text is about 160 mm wide; a CJK character is about 1 em wide.
    match name.chars().count() {
        0..=7 => 20,
        8..=10 => 15,
        11..=28 => 10,
        _ => 7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_shapes() {
        assert!(is_village_code("522302109207"));
        assert!(!is_village_code("52230210920x"));
        assert!(!is_village_code("qxn-p-01"));
        assert!(is_division_code("522302"));
        assert!(!is_division_code("5223021"));
    }

    #[test]
    fn long_names_get_smaller_type() {
        let short = poster_name_size("老里旗村");
        let long = poster_name_size("老里旗村·麻窝寨(含麻窝寨一、二、三组)");
        assert!(long < short);
        assert!(poster_name_size(&"村".repeat(60)) >= 7);
    }
}
