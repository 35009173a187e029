//! The village finder: typing two or more characters — 汉字, full pinyin or pinyin initials
//! (`llq` → 老里旗村) — suggests villages with their township and county.
//!
//! The index lives in memory, built from the divisions table: for 汉字 an inverted list per
//! pair of characters (the rarest pair of the query is scanned and each name checked); for
//! pinyin two sorted lists (full spelling, initials) searched by prefix. Over the whole
//! country (620,574 villages) a query stays in the low milliseconds (`server bench-villages`).

use std::collections::HashMap;

use app::model::divisions::VillageHit;
use pinyin::ToPinyin;

/// One division row as the index reads it.
pub struct Row<'a> {
    pub code: &'a str,
    pub level: i64,
    pub parent: &'a str,
    pub name: &'a str,
}

struct Entry {
    code: Box<str>,
    name: Box<str>,
    /// Index into `places`.
    place: u32,
}

/// A township with the names above it.
struct Place {
    town: Box<str>,
    county: Box<str>,
    prefecture: Box<str>,
}

/// The in-memory village finder.
#[derive(Default)]
pub struct VillageIndex {
    villages: Vec<Entry>,
    places: Vec<Place>,
    spelled: Vec<(Box<str>, u32)>,
    initials: Vec<(Box<str>, u32)>,
    pairs: HashMap<(char, char), Vec<u32>>,
}

/// The fewest characters a query needs.
pub const MIN_QUERY_CHARS: usize = 2;

impl VillageIndex {
    /// Builds the index from every division (any order).
    pub fn build<'a>(rows: impl IntoIterator<Item = Row<'a>>) -> VillageIndex {
        let mut names: HashMap<&'a str, (&'a str, &'a str)> = HashMap::new();
        let mut villages: Vec<(&'a str, &'a str, &'a str)> = Vec::new();
        for row in rows {
            if row.level == super::VILLAGE {
                villages.push((row.code, row.name, row.parent));
            } else {
                names.insert(row.code, (row.name, row.parent));
            }
        }
        villages.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let name_of = |code: &str| names.get(code).map_or("", |(name, _)| *name);
        let parent_of = |code: &str| names.get(code).map_or("", |(_, parent)| *parent);
        let mut index = VillageIndex::default();
        let mut place_of: HashMap<&str, u32> = HashMap::new();
        for (n, (code, name, town)) in villages.into_iter().enumerate() {
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            let place = *place_of.entry(town).or_insert_with(|| {
                let county = parent_of(town);
                let prefecture = parent_of(county);
                let mut prefecture_name = name_of(prefecture);
                if prefecture_name == "市辖区" || prefecture_name == "县" {
                    prefecture_name = name_of(parent_of(prefecture));
                }
                index.places.push(Place {
                    town: name_of(town).into(),
                    county: name_of(county).into(),
                    prefecture: prefecture_name.into(),
                });
                u32::try_from(index.places.len() - 1).unwrap_or(u32::MAX)
            });
            let (spelled, initials) = spell(name);
            if !spelled.is_empty() {
                index.spelled.push((spelled.into(), n));
                index.initials.push((initials.into(), n));
            }
            let chars: Vec<char> = name.chars().collect();
            let mut seen = Vec::new();
            for pair in chars.windows(2) {
                let key = (pair[0], pair[1]);
                if !seen.contains(&key) {
                    seen.push(key);
                    index.pairs.entry(key).or_default().push(n);
                }
            }
            index.villages.push(Entry {
                code: code.into(),
                name: name.into(),
                place,
            });
        }
        index.spelled.sort_unstable();
        index.initials.sort_unstable();
        index
    }

    /// How many villages the index holds.
    pub fn len(&self) -> usize {
        self.villages.len()
    }

    /// Every village's code, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> + '_ {
        self.villages.iter().map(|village| &*village.code)
    }

    /// Whether the index holds no village.
    pub fn is_empty(&self) -> bool {
        self.villages.is_empty()
    }

    /// At most `limit` villages matching `query`: names containing the 汉字 typed (those
    /// starting with them first), or whose pinyin or pinyin initials start with the letters
    /// typed. Fewer than two characters find nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<VillageHit> {
        let query: String = query
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '’')
            .flat_map(char::to_lowercase)
            .collect();
        if query.chars().count() < MIN_QUERY_CHARS || limit == 0 {
            return Vec::new();
        }
        let found = if query.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.by_spelling(&query, limit)
        } else {
            self.by_characters(&query, limit)
        };
        found.into_iter().map(|n| self.hit(n)).collect()
    }

    fn by_characters(&self, query: &str, limit: usize) -> Vec<u32> {
        let chars: Vec<char> = query.chars().collect();
        let rarest = chars
            .windows(2)
            .map(|pair| {
                self.pairs
                    .get(&(pair[0], pair[1]))
                    .map_or(&[][..], Vec::as_slice)
            })
            .min_by_key(|list| list.len())
            .unwrap_or(&[]);
        let mut starting = Vec::new();
        let mut inside = Vec::new();
        for &n in rarest {
            let name = &self.villages[n as usize].name;
            if name.starts_with(query) {
                starting.push(n);
                if starting.len() == limit {
                    break;
                }
            } else if inside.len() < limit && name.contains(query) {
                inside.push(n);
            }
        }
        starting.extend(inside);
        starting.truncate(limit);
        starting
    }

    fn by_spelling(&self, query: &str, limit: usize) -> Vec<u32> {
        let mut found: Vec<u32> = Vec::new();
        for list in [&self.spelled, &self.initials] {
            let start = list.partition_point(|(key, _)| key.as_ref() < query);
            for (key, n) in &list[start..] {
                if found.len() == limit || !key.starts_with(query) {
                    break;
                }
                if !found.contains(n) {
                    found.push(*n);
                }
            }
        }
        found
    }

    fn hit(&self, n: u32) -> VillageHit {
        let entry = &self.villages[n as usize];
        let place = &self.places[entry.place as usize];
        VillageHit {
            code: entry.code.to_string(),
            name: entry.name.to_string(),
            town: place.town.to_string(),
            county: place.county.to_string(),
            prefecture: place.prefecture.to_string(),
        }
    }
}

/// The toneless pinyin of a name and its initials (`老里旗村` → `laoliqicun`, `llqc`);
/// ASCII letters and digits kept, anything else dropped.
pub fn spell(name: &str) -> (String, String) {
    let mut spelled = String::new();
    let mut initials = String::new();
    for (c, sound) in name.chars().zip(name.to_pinyin()) {
        if let Some(sound) = sound {
            let plain = sound.plain();
            spelled.push_str(plain);
            initials.extend(plain.chars().next());
        } else if c.is_ascii_alphanumeric() {
            let c = c.to_ascii_lowercase();
            spelled.push(c);
            initials.push(c);
        }
    }
    (spelled, initials)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_index() -> VillageIndex {
        let divisions = super::super::seed().expect("seed");
        VillageIndex::build(divisions.iter().map(|d| Row {
            code: &d.code,
            level: d.level,
            parent: &d.parent,
            name: &d.name,
        }))
    }

    #[test]
    fn characters_pinyin_and_initials_find_laoliqi() {
        let index = seed_index();
        assert_eq!(index.len(), 2343);
        for query in ["老里旗", "里旗", "llq", "LLQ", "laoliqi", "lao li qi"] {
            let hits = index.search(query, 10);
            let first = hits
                .first()
                .unwrap_or_else(|| panic!("{query} finds nothing"));
            assert_eq!(first.code, "522302109207", "{query}");
            assert_eq!(first.name, "老里旗村");
            assert_eq!(first.town, "大山镇");
            assert_eq!(first.county, "兴仁市");
            assert_eq!(first.prefecture, "黔西南布依族苗族自治州");
        }
    }

    #[test]
    fn names_starting_with_the_query_come_first_and_the_limit_holds() {
        let index = seed_index();
        let hits = index.search("社区", 5);
        assert_eq!(hits.len(), 5);
        let hits = index.search("新村", 50);
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|h| h.name.contains("新村")));
        let first_inside = hits.iter().position(|h| !h.name.starts_with("新村"));
        if let Some(first_inside) = first_inside {
            assert!(hits[first_inside..]
                .iter()
                .all(|h| !h.name.starts_with("新村")));
        }
    }

    #[test]
    fn one_character_or_nothing_finds_nothing() {
        let index = seed_index();
        assert!(index.search("老", 10).is_empty());
        assert!(index.search("l", 10).is_empty());
        assert!(index.search("  ", 10).is_empty());
        assert!(index.search("不存在的村名", 10).is_empty());
    }

    #[test]
    fn municipalities_name_the_city_not_its_district_list() {
        let index = seed_index();
        let hit = index
            .search("乌龙池", 10)
            .into_iter()
            .find(|h| h.code == "500101001002")
            .expect("乌龙池社区");
        assert_eq!(hit.name, "乌龙池社区");
        assert_eq!(hit.county, "万州区");
        assert_eq!(hit.prefecture, "重庆市");
    }
}
