//! The sound of characters: toneless pinyin, which catches the typos a pinyin keyboard makes
//! (`医宝` for 医保, `扶平` for 扶贫).

/// Whether `c` is a Chinese character.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// What the core needs to know of Chinese characters and cannot carry itself: how each is
/// read and how a traditional one is written simplified. The server answers from full
/// dictionaries; the browser from the table of the characters its answers use.
pub trait Characters {
    /// The toneless pinyin of `c` (`医` → `yi`), empty when it has none.
    fn syllable(&self, c: char) -> &str;
    /// `text` with traditional characters written simplified.
    fn simplify(&self, text: &str) -> String;
}

/// The readings of a set of characters, as the browser is sent them: each character's
/// syllable and each traditional character's simplified form.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Table {
    /// Characters and their syllables (`医yi保bao…`): each character followed by its
    /// syllable's letters, sorted by character.
    pub syllables: String,
    /// Traditional characters each followed by its simplified form (`醫医療疗…`).
    pub simplified: String,
    #[serde(skip)]
    read: Vec<(char, String)>,
    #[serde(skip)]
    simple: Vec<(char, char)>,
}

impl Table {
    /// The readings of `chars` (and of the traditional forms that simplify to them, from
    /// `traditional`) as `characters` reads them.
    pub fn of(
        chars: impl IntoIterator<Item = char>,
        traditional: impl IntoIterator<Item = char>,
        characters: &impl Characters,
    ) -> Table {
        let mut chars: Vec<char> = chars.into_iter().filter(|c| is_han(*c)).collect();
        chars.sort_unstable();
        chars.dedup();
        let mut syllables = String::new();
        for c in &chars {
            let syllable = characters.syllable(*c);
            if !syllable.is_empty() {
                syllables.push(*c);
                syllables.push_str(syllable);
            }
        }
        let mut pairs: Vec<(char, char)> = traditional
            .into_iter()
            .filter_map(|t| {
                let simple = characters.simplify(&t.to_string());
                let mut simple = simple.chars();
                match (simple.next(), simple.next()) {
                    (Some(s), None) if s != t && chars.binary_search(&s).is_ok() => Some((t, s)),
                    _ => None,
                }
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let simplified = pairs.iter().flat_map(|(t, s)| [*t, *s]).collect();
        Table::read(syllables, simplified)
    }

    /// A table from its two strings, as sent.
    pub fn read(syllables: String, simplified: String) -> Table {
        let mut read: Vec<(char, String)> = Vec::new();
        for c in syllables.chars() {
            match read.last_mut() {
                Some((_, syllable)) if c.is_ascii_lowercase() || c == 'ü' => syllable.push(c),
                _ => read.push((c, String::new())),
            }
        }
        read.sort_by_key(|(c, _)| *c);
        let chars: Vec<char> = simplified.chars().collect();
        let mut simple: Vec<(char, char)> = chars.chunks_exact(2).map(|p| (p[0], p[1])).collect();
        simple.sort_unstable();
        Table {
            syllables,
            simplified,
            read,
            simple,
        }
    }

    /// Makes the lookup tables after the strings were read by serde.
    #[must_use]
    pub fn ready(self) -> Table {
        Table::read(self.syllables, self.simplified)
    }
}

impl Characters for Table {
    fn syllable(&self, c: char) -> &str {
        self.read
            .binary_search_by_key(&c, |(k, _)| *k)
            .map_or("", |at| self.read[at].1.as_str())
    }

    fn simplify(&self, text: &str) -> String {
        text.chars()
            .map(|c| {
                self.simple
                    .binary_search_by_key(&c, |(k, _)| *k)
                    .map_or(c, |at| self.simple[at].1)
            })
            .collect()
    }
}

/// The toneless pinyin of a word of Chinese characters (`医保` → `yibao`); `None` when it
/// has other characters, fewer than two, or one without a reading.
pub fn sound_of(word: &str, characters: &impl Characters) -> Option<String> {
    if word.chars().count() < 2 || !word.chars().all(is_han) {
        return None;
    }
    let mut sound = String::new();
    for c in word.chars() {
        let syllable = characters.syllable(c);
        if syllable.is_empty() {
            return None;
        }
        sound.push_str(syllable);
    }
    Some(sound)
}

/// A toneless syllable, compared as one number: its bytes (at most eight; the longest,
/// `zhuang` or `lüe`, fit) packed into a `u64`. Search compares syllables at every position
/// of every candidate's text; a number compares without a call to `memcmp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syllable(u64);

impl Syllable {
    /// The syllable written `text`; no syllable for the empty text or one longer than any
    /// syllable is.
    pub fn new(text: &str) -> Syllable {
        let bytes = text.as_bytes();
        if bytes.len() > 8 {
            return Syllable(0);
        }
        Syllable(
            bytes
                .iter()
                .fold(0_u64, |key, b| (key << 8) | u64::from(*b)),
        )
    }

    /// The syllable of `c` (none for a character without one).
    pub fn of(c: char, characters: &impl Characters) -> Syllable {
        Syllable::new(characters.syllable(c))
    }

    /// The syllable's bytes, as written (`yi`).
    pub fn bytes(self) -> Vec<u8> {
        self.0
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect()
    }
}

/// The toneless syllable of each character (none for a character without one).
pub fn syllables(chars: &[char], characters: &impl Characters) -> Vec<Syllable> {
    chars.iter().map(|c| Syllable::of(*c, characters)).collect()
}

/// How far apart two short pinyin strings are, as far as the lookup asks: 0 the same, 1 one
/// letter substituted, inserted or dropped, 2 anything further. The lookup asks only "the
/// same, or one letter off?" of every word of the corpus for a typo, so that question is
/// answered in one pass without allocating.
pub fn one_letter_apart(a: &[u8], b: &[u8]) -> usize {
    if a == b {
        return 0;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return 2;
    }
    // The common start, then what follows the first difference must match as a
    // substitution (same lengths) or as one letter inserted into the shorter.
    let same = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    let one_off = if short.len() == long.len() {
        short[same + 1..] == long[same + 1..]
    } else {
        short[same..] == long[same + 1..]
    };
    if one_off {
        1
    } else {
        2
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The readings of the characters these tests use, and two traditional forms.
    pub(crate) struct Few;

    impl Characters for Few {
        fn syllable(&self, c: char) -> &str {
            match c {
                '医' | '一' => "yi",
                '保' | '宝' | '包' => "bao",
                '低' => "di",
                '扶' => "fu",
                '贫' => "pin",
                '平' => "ping",
                '壮' => "zhuang",
                '绿' => "lü",
                '路' => "lu",
                '病' => "bing",
                '看' => "kan",
                _ => "",
            }
        }

        fn simplify(&self, text: &str) -> String {
            text.chars()
                .map(|c| match c {
                    '醫' => '医',
                    '療' => '疗',
                    '麼' => '么',
                    '辦' => '办',
                    other => other,
                })
                .collect()
        }
    }

    #[test]
    fn sounds_catch_pinyin_typos() {
        assert_eq!(sound_of("医保", &Few), sound_of("医宝", &Few));
        assert_eq!(sound_of("低保", &Few), sound_of("低包", &Few));
        assert_eq!(sound_of("医", &Few), None);
        assert_eq!(sound_of("ab", &Few), None);
        assert_eq!(sound_of("医药", &Few), None, "药 has no reading here");
        let (fupin, fuping) = (
            sound_of("扶贫", &Few).unwrap(),
            sound_of("扶平", &Few).unwrap(),
        );
        assert_eq!(one_letter_apart(fupin.as_bytes(), fuping.as_bytes()), 1);
        assert_eq!(one_letter_apart(b"abcdef", b"uvwxyz"), 2);
    }

    #[test]
    fn one_letter_apart_agrees_with_the_full_distance() {
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "abd", "xabc", "abcx", "axbc", "bc", "ac", "fupin",
            "fuping", "fuqin", "yibao", "yibo", "zhuang", "chuang", "lü", "lüe",
        ];
        for a in words {
            for b in words {
                let full = strsim::levenshtein(a, b).min(2);
                assert_eq!(
                    one_letter_apart(a.as_bytes(), b.as_bytes()),
                    full,
                    "{a} / {b}"
                );
            }
        }
    }

    #[test]
    fn a_table_reads_as_the_readings_it_was_made_from() {
        let table = Table::of("医保扶贫绿ab".chars(), "醫療x".chars(), &Few);
        assert_eq!(table.syllables, "保bao医yi扶fu绿lü贫pin");
        assert_eq!(
            table.simplified, "醫医",
            "療 simplifies to a character not in the set"
        );
        for c in "医保扶贫绿药a".chars() {
            assert_eq!(table.syllable(c), Few.syllable(c), "{c}");
        }
        assert_eq!(table.simplify("醫保"), "医保");
        let sent = Table {
            syllables: table.syllables.clone(),
            simplified: table.simplified.clone(),
            ..Table::default()
        };
        assert_eq!(sent.ready(), table);
    }

    #[test]
    fn syllables_compare_by_sound_alone() {
        let [yi, yi2, bao, zhuang] = ['医', '一', '保', '壮'].map(|c| Syllable::of(c, &Few));
        assert_eq!(yi, yi2);
        assert_ne!(yi, bao);
        assert_eq!(zhuang.bytes(), b"zhuang");
        assert_eq!(
            Syllable::of('a', &Few),
            Syllable::of('!', &Few),
            "no syllable is no syllable"
        );
        assert_ne!(Syllable::of('绿', &Few), Syllable::of('路', &Few));
        assert_eq!(Syllable::new("lüe").bytes(), "lüe".as_bytes());
    }
}
