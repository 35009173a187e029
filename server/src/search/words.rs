//! jieba as a tantivy tokenizer, over one dictionary shared by the whole process.
//!
//! (The `tantivy-jieba` crate does the same, but its tokenizer owns a copy of its `Jieba`
//! and tantivy clones tokenizers freely; the query side also needs jieba's part-of-speech
//! tags from the same dictionary. One static instance serves both.)

use std::sync::LazyLock;

use answers::cut::Words;
use jieba_rs::{Jieba, TokenizeMode};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The dictionary, loaded on first use.
pub fn jieba() -> &'static Jieba {
    &JIEBA
}

/// jieba in search mode: each word, and the shorter dictionary words inside it.
#[derive(Clone, Copy, Default)]
pub struct JiebaWords;

/// The words of one text.
pub struct WordStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for JiebaWords {
    type TokenStream<'a> = WordStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream {
        let base = text.as_ptr() as usize;
        let tokens = jieba()
            .tokenize(text, TokenizeMode::Search, true)
            .into_iter()
            .map(|word| {
                let offset_from = word.word.as_ptr() as usize - base;
                Token {
                    offset_from,
                    offset_to: offset_from + word.word.len(),
                    position: word.start,
                    text: word.word.to_string(),
                    position_length: word.end - word.start,
                }
            })
            .collect();
        WordStream { tokens, next: 0 }
    }
}

impl TokenStream for WordStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

pub use answers::cut::is_noun_tag;

/// jieba as the portable core's word cutter for questions: search mode and tags without
/// the hidden Markov model, so a word jieba does not know stays as characters.
#[derive(Clone, Copy, Default)]
pub struct JiebaCut;

impl Words for JiebaCut {
    fn search_words(&self, text: &str) -> Vec<(usize, usize, String)> {
        jieba()
            .cut_for_search(text, false)
            .into_iter()
            .map(|t| (t.start, t.end, t.word.to_string()))
            .collect()
    }

    fn noun_spans(&self, text: &str) -> Vec<(usize, usize)> {
        jieba()
            .tag(text, false)
            .into_iter()
            .filter(|t| is_noun_tag(t.tag))
            .map(|t| (t.start, t.start + t.word.chars().count()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::TextAnalyzer;

    use super::*;

    #[test]
    fn search_mode_yields_the_words_inside_longer_words() {
        let mut analyzer = TextAnalyzer::builder(JiebaWords).build();
        let mut stream = analyzer.token_stream("申请小额信贷");
        let mut words = Vec::new();
        while stream.advance() {
            let token = stream.token();
            assert_eq!(
                &"申请小额信贷"[token.offset_from..token.offset_to],
                token.text
            );
            words.push(token.text.clone());
        }
        assert!(words.contains(&"小额".to_string()), "{words:?}");
        assert!(words.contains(&"信贷".to_string()), "{words:?}");
    }

    #[test]
    fn nouns_are_told_from_verbs() {
        let tag = |word: &str| jieba().tag(word, false)[0].tag.to_string();
        assert!(is_noun_tag(&tag("身份证")), "{}", tag("身份证"));
        assert!(!is_noun_tag(&tag("离婚")), "{}", tag("离婚"));
        assert!(!is_noun_tag("v"));
    }
}
