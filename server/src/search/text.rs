//! The lookup's text handling: the portable core's ([`answers::text`], [`answers::sound`]),
//! with the server's readings of characters ([`Dictionaries`]): pinyin for their sound and
//! fast2s for traditional characters.

pub use answers::sound::{one_letter_apart, Characters, Syllable};
pub use answers::text::{
    asks_for_money, fold_chars, is_han, is_stop_word, without_unsaid, SynonymLineError, Synonyms,
};
use pinyin::ToPinyin;

/// The readings the server knows: every character of the pinyin crate's table, and fast2s's
/// traditional-to-simplified table.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dictionaries;

impl Characters for Dictionaries {
    fn syllable(&self, c: char) -> &str {
        c.to_pinyin().map_or("", pinyin::Pinyin::plain)
    }

    fn simplify(&self, text: &str) -> String {
        fast2s::convert(text)
    }
}

/// The query as the engine matches it ([`answers::text::normalise`] with the server's
/// dictionaries).
pub fn normalise(raw: &str) -> String {
    answers::text::normalise(raw, &Dictionaries)
}

/// The toneless pinyin of a word of Chinese characters (`医保` → `yibao`).
pub fn sound_of(word: &str) -> Option<String> {
    answers::sound::sound_of(word, &Dictionaries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_folded_and_simplified() {
        assert_eq!(normalise("醫療保障，怎麼辦？"), "医疗保障 怎么办");
        assert_eq!(normalise("ＡＢ　看病"), "ab 看病");
    }

    #[test]
    fn sounds_catch_pinyin_typos() {
        assert_eq!(sound_of("医保"), sound_of("医宝"));
        assert_eq!(sound_of("低保"), sound_of("低包"));
        assert_eq!(sound_of("医"), None);
        let zhuang = Syllable::of('壮', &Dictionaries);
        assert_eq!(zhuang.bytes(), b"zhuang");
        assert_ne!(
            Syllable::of('绿', &Dictionaries),
            Syllable::of('路', &Dictionaries)
        );
    }
}
