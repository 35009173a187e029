//! The five places the documents come from, as a reader names them: the province first
//! ("贵州·黔西南州"), so an answer about 云溪区 (Hunan) never passes for one about 黔西南州.
//!
//! The provinces are those of the places' official division codes (`seed/divisions`: 52
//! 贵州, 50 重庆, 43 湖南); 004 itself does not name its province.

/// One place the documents speak for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Stable key, used in URLs and the region cookie: `qianxinan`.
    pub key: &'static str,
    /// `贵州`.
    pub province: &'static str,
    /// `黔西南州`.
    pub name: &'static str,
    /// Its division code: a county's 6 digits, a prefecture's 4 (`seed/divisions`).
    pub code: &'static str,
    /// How a document's region line names it: a document belongs to the place whose
    /// marker its region contains.
    marker: &'static str,
    /// What a reader may type for it in a question, longest first.
    aliases: &'static [&'static str],
}

impl Place {
    /// The county's code when the place is one county (`520204`), not a prefecture.
    pub fn county(&self) -> Option<&'static str> {
        (self.code.len() == 6).then_some(self.code)
    }

    /// `贵州·黔西南州`.
    pub fn label(&self) -> String {
        format!("{}·{}", self.province, self.name)
    }
}

/// The places, in the order of their documents (000 … 004).
pub const PLACES: [Place; 5] = [
    Place {
        key: "shuicheng",
        province: "贵州",
        name: "六盘水市水城区",
        code: "520204",
        marker: "水城",
        aliases: &["六盘水市水城区", "六盘水", "水城区", "水城"],
    },
    Place {
        key: "wanzhou",
        province: "重庆",
        name: "万州区",
        code: "500101",
        marker: "万州",
        aliases: &["重庆市万州区", "万州区", "万州"],
    },
    Place {
        key: "qianxinan",
        province: "贵州",
        name: "黔西南州",
        code: "5223",
        marker: "黔西南",
        aliases: &[
            "黔西南州",
            "黔西南",
            "兴义市",
            "兴义",
            "兴仁市",
            "兴仁",
            "安龙县",
            "安龙",
            "贞丰县",
            "贞丰",
            "普安县",
            "普安",
            "晴隆县",
            "晴隆",
            "册亨县",
            "册亨",
            "望谟县",
            "望谟",
            "义龙新区",
            "义龙",
        ],
    },
    Place {
        key: "bishan",
        province: "重庆",
        name: "璧山区",
        code: "500120",
        marker: "璧山",
        aliases: &["重庆市璧山区", "璧山区", "璧山"],
    },
    Place {
        key: "yunxi",
        province: "湖南",
        name: "岳阳市云溪区",
        code: "430603",
        marker: "云溪",
        aliases: &["岳阳市云溪区", "岳阳市", "岳阳", "云溪区", "云溪"],
    },
];

/// The place with this key.
pub fn by_key(key: &str) -> Option<&'static Place> {
    PLACES.iter().find(|p| p.key == key)
}

/// The place a document's region line (`贵州省黔西南布依族苗族自治州（黔西南州）`) names.
pub fn of_region(region: &str) -> Option<&'static Place> {
    PLACES.iter().find(|p| region.contains(p.marker))
}

/// The place a question names, with the characters (from, to) of the name in it; the
/// longest name wins where several overlap (`水城区` over `水城`).
pub fn named_in(text: &str) -> Option<(&'static Place, usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut best: Option<(&'static Place, usize, usize)> = None;
    for place in &PLACES {
        for alias in place.aliases {
            let wanted: Vec<char> = alias.chars().collect();
            if let Some(from) = chars
                .windows(wanted.len())
                .position(|w| w == wanted.as_slice())
            {
                let longer = best.is_none_or(|(_, f, t)| wanted.len() > t - f);
                if longer {
                    best = Some((place, from, from + wanted.len()));
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_questions_find_their_place() {
        assert_eq!(
            of_region("贵州省黔西南布依族苗族自治州（黔西南州）").map(|p| p.key),
            Some("qianxinan")
        );
        assert_eq!(
            of_region("岳阳市云溪区").unwrap().label(),
            "湖南·岳阳市云溪区"
        );
        assert_eq!(
            of_region("贵州省六盘水市水城区").unwrap().label(),
            "贵州·六盘水市水城区"
        );
        assert_eq!(of_region("北京市"), None);
        let (place, from, to) = named_in("在水城区想办个作坊").unwrap();
        assert_eq!((place.key, from, to), ("shuicheng", 1, 4));
        assert_eq!(named_in("晴隆的娃儿上学").unwrap().0.key, "qianxinan");
        assert_eq!(named_in("看病报销"), None);
        assert_eq!(by_key("yunxi").unwrap().province, "湖南");
        assert!(by_key("beijing").is_none());
        assert_eq!(by_key("shuicheng").unwrap().county(), Some("520204"));
        assert_eq!(by_key("qianxinan").unwrap().county(), None);
    }
}
