//! Cutting a question into words: jieba's way without its hidden Markov model, over a
//! dictionary the core is given.
//!
//! The server cuts with jieba itself (the `jieba-rs` crate and its full dictionary); the
//! browser cannot carry either, so it cuts with [`Dictionary`]: the same algorithm (every
//! dictionary word at every character, then the most probable route by word frequency,
//! runs of ASCII letters and digits joined) over the words it is sent: every dictionary word
//! that occurs in the curated answers, and the most frequent others. On any text made of
//! those words it cuts exactly as jieba does (the test in `server/tests/it/search_quality.rs`
//! compares the two).

/// What the lookup needs of a word cutter.
pub trait Words {
    /// The words of `text` in search mode (jieba's `cut_for_search` without the HMM: each
    /// word of the cut, and before it the dictionary words of two and three characters
    /// inside it), as (first char, end char, word).
    fn search_words(&self, text: &str) -> Vec<(usize, usize, String)>;
    /// The spans (first char, end char) of the words of `text`'s plain cut that name a
    /// thing (a noun by the dictionary's tag).
    fn noun_spans(&self, text: &str) -> Vec<(usize, usize)>;
}

/// Whether a part-of-speech tag names a noun (person, place, thing, organisation), the
/// words that carry a question's topic.
pub fn is_noun_tag(tag: &str) -> bool {
    tag.starts_with('n') || tag == "j" || tag == "vn"
}

/// A word of the dictionary: how often it occurs and whether it names a thing.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub word: String,
    pub freq: u64,
    pub noun: bool,
}

/// A dictionary and jieba's cut over it.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    /// Sorted by word.
    words: Vec<Word>,
    /// The natural log of the whole dictionary's total frequency (the full one's, when this
    /// is a part of it, so every route weighs as it does in the full one).
    log_total: f64,
    /// The longest word, in characters.
    longest: usize,
}

/// One step of the best route from a character: where it ends, and the word.
#[derive(Debug, Clone, Copy)]
struct Step {
    prob: f64,
    end: usize,
    word: Option<usize>,
}

/// A line of a word table that cannot be read.
#[derive(Debug, PartialEq, Eq)]
pub struct WordLineError {
    pub line: usize,
    pub reason: &'static str,
}

/// The word table kept with the project (`answers/words.txt`): every word of jieba's
/// dictionary that occurs in the seed's curated answers, and its 5,000 most frequent words.
const WORDS: &str = include_str!("../words.txt");

impl Dictionary {
    /// The table kept with the project, for the server to send and its tests to compare.
    #[expect(
        clippy::expect_used,
        reason = "the table is compiled in and checked by its tests; a bad table cannot ship"
    )]
    pub fn embedded() -> Dictionary {
        Dictionary::parse(WORDS).expect("answers/words.txt is checked by its tests")
    }

    /// The table kept with the project, as text (what the browser is sent).
    pub fn embedded_text() -> &'static str {
        WORDS
    }

    /// Reads a word table: `#` comment lines, a `total<TAB>n` line (the full dictionary's
    /// frequency total), then `word<TAB>frequency` lines, with `<TAB>n` for a noun.
    pub fn parse(text: &str) -> Result<Dictionary, WordLineError> {
        let mut total = None;
        let mut words = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let fail = |reason| WordLineError {
                line: index + 1,
                reason,
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut columns = line.split('\t');
            let word = columns.next().unwrap_or_default();
            let freq: u64 = columns
                .next()
                .and_then(|f| f.parse().ok())
                .ok_or(fail("词频不是数字"))?;
            let noun = match columns.next() {
                None => false,
                Some("n") => true,
                Some(_) => return Err(fail("第三列只能是 n")),
            };
            if columns.next().is_some() {
                return Err(fail("多于三列"));
            }
            if total.is_none() {
                if word != "total" {
                    return Err(fail("第一行须是 total"));
                }
                total = Some(freq);
                continue;
            }
            words.push(Word {
                word: word.to_string(),
                freq,
                noun,
            });
        }
        Ok(Dictionary::new(
            words,
            total.ok_or(WordLineError {
                line: 0,
                reason: "缺少 total 行",
            })?,
        ))
    }

    /// A dictionary of `words` (any order; words of frequency 0 are left out, as jieba
    /// never takes them) whose full form has the frequencies summing to `total`.
    pub fn new(mut words: Vec<Word>, total: u64) -> Dictionary {
        words.retain(|w| w.freq > 0 && !w.word.is_empty());
        words.sort_by(|a, b| a.word.cmp(&b.word));
        words.dedup_by(|a, b| a.word == b.word);
        let longest = words
            .iter()
            .map(|w| w.word.chars().count())
            .max()
            .unwrap_or(1);
        #[expect(
            clippy::cast_precision_loss,
            reason = "a frequency total far below 2^52"
        )]
        let log_total = (total.max(1) as f64).ln();
        Dictionary {
            words,
            log_total,
            longest,
        }
    }

    /// Every word, sorted.
    pub fn words(&self) -> &[Word] {
        &self.words
    }

    fn find(&self, word: &str) -> Option<usize> {
        self.words
            .binary_search_by(|w| w.word.as_str().cmp(word))
            .ok()
    }

    /// The words of a block (`chars`) starting at each character, as (end, word).
    fn dag(&self, chars: &[char]) -> Vec<Vec<(usize, usize)>> {
        let mut piece = String::new();
        (0..chars.len())
            .map(|from| {
                piece.clear();
                let mut edges = Vec::new();
                for (to, c) in chars.iter().enumerate().skip(from).take(self.longest) {
                    piece.push(*c);
                    if let Some(word) = self.find(&piece) {
                        edges.push((to + 1, word));
                    }
                }
                edges
            })
            .collect()
    }

    /// The most probable route through a block, one step per character it starts from.
    fn route(&self, dag: &[Vec<(usize, usize)>]) -> Vec<Step> {
        let n = dag.len();
        let mut route = vec![
            Step {
                prob: 0.0,
                end: n,
                word: None,
            };
            n + 1
        ];
        for from in (0..n).rev() {
            let mut best: Option<Step> = None;
            for &(end, word) in &dag[from] {
                #[expect(clippy::cast_precision_loss, reason = "frequencies far below 2^52")]
                let prob = (self.words[word].freq as f64).ln() - self.log_total + route[end].prob;
                if best.is_none_or(|b| prob > b.prob || (prob == b.prob && end > b.end)) {
                    best = Some(Step {
                        prob,
                        end,
                        word: Some(word),
                    });
                }
            }
            route[from] = best.unwrap_or(Step {
                prob: -self.log_total + route[from + 1].prob,
                end: from + 1,
                word: None,
            });
        }
        route
    }

    /// jieba's plain cut without the HMM, as (first char, end char, dictionary word if
    /// any); with the block's word table, for search mode.
    fn cut_blocks(&self, text: &str, mut each: impl FnMut(usize, usize, Option<usize>, &Block)) {
        let chars: Vec<char> = text.chars().collect();
        let mut at = 0;
        while at < chars.len() {
            if !in_block(chars[at]) {
                each(at, at + 1, None, &Block::default());
                at += 1;
                continue;
            }
            let start = at;
            while at < chars.len() && in_block(chars[at]) {
                at += 1;
            }
            let block = &chars[start..at];
            let dag = self.dag(block);
            let route = self.route(&dag);
            let table = Block { start, dag };
            let mut x = 0;
            let mut run: Option<usize> = None;
            while x < block.len() {
                let step = route[x];
                if step.end - x == 1 && block[x].is_ascii_alphanumeric() {
                    run.get_or_insert(x);
                } else {
                    if let Some(from) = run.take() {
                        let word = if x - from == 1 {
                            route[from].word
                        } else {
                            None
                        };
                        each(start + from, start + x, word, &table);
                    }
                    each(start + x, start + step.end, step.word, &table);
                }
                x = step.end;
            }
            if let Some(from) = run {
                let word = if block.len() - from == 1 {
                    route[from].word
                } else {
                    None
                };
                each(start + from, start + block.len(), word, &table);
            }
        }
    }
}

/// The dictionary words of one block of text, by the character they start at.
#[derive(Default)]
struct Block {
    start: usize,
    dag: Vec<Vec<(usize, usize)>>,
}

impl Block {
    /// Whether the block's characters `from..to` (of the whole text) are a word.
    fn is_word(&self, from: usize, to: usize) -> bool {
        from >= self.start
            && self
                .dag
                .get(from - self.start)
                .is_some_and(|edges| edges.iter().any(|(end, _)| *end == to - self.start))
    }
}

/// Whether jieba cuts `c` inside a block of words: Chinese characters, ASCII letters and
/// digits and `+#&._%-`; anything else stands alone.
fn in_block(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}')
        || c.is_ascii_alphanumeric()
        || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
}

impl Words for Dictionary {
    fn search_words(&self, text: &str) -> Vec<(usize, usize, String)> {
        let chars: Vec<char> = text.chars().collect();
        let piece = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
        let mut words = Vec::new();
        self.cut_blocks(text, |from, to, _, block| {
            let len = to - from;
            for gram in [2, 3] {
                if len > gram {
                    for i in from..=to - gram {
                        if block.is_word(i, i + gram) {
                            words.push((i, i + gram, piece(i, i + gram)));
                        }
                    }
                }
            }
            words.push((from, to, piece(from, to)));
        });
        words
    }

    fn noun_spans(&self, text: &str) -> Vec<(usize, usize)> {
        let mut nouns = Vec::new();
        self.cut_blocks(text, |from, to, word, block| {
            let word = word.or_else(|| {
                // A single character the route did not take as a word may still be one.
                block
                    .is_word(from, to)
                    .then(|| {
                        let piece: String = text.chars().skip(from).take(to - from).collect();
                        self.find(&piece)
                    })
                    .flatten()
            });
            if word.is_some_and(|w| self.words[w].noun) {
                nouns.push((from, to));
            }
        });
        nouns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary() -> Dictionary {
        let words = [
            ("小额", 100, false),
            ("信贷", 200, true),
            ("小额信贷", 50, true),
            ("申请", 500, false),
            ("贷款", 300, true),
            ("能", 1000, false),
            ("吗", 900, false),
        ];
        Dictionary::new(
            words
                .iter()
                .map(|(w, f, n)| Word {
                    word: (*w).to_string(),
                    freq: *f,
                    noun: *n,
                })
                .collect(),
            10_000,
        )
    }

    #[test]
    fn search_mode_gives_the_words_inside_longer_ones_first() {
        let words: Vec<String> = dictionary()
            .search_words("申请小额信贷吗")
            .into_iter()
            .map(|w| w.2)
            .collect();
        assert_eq!(words, ["申请", "小额", "信贷", "小额信贷", "吗"]);
    }

    #[test]
    fn letters_and_digits_are_joined_and_other_characters_stand_alone() {
        let words: Vec<(usize, usize, String)> = dictionary().search_words("5万 贷款！");
        let texts: Vec<&str> = words.iter().map(|w| w.2.as_str()).collect();
        assert_eq!(texts, ["5", "万", " ", "贷款", "！"]);
        assert_eq!(words[3].0, 3);
        let joined: Vec<String> = dictionary()
            .search_words("ab12贷款")
            .into_iter()
            .map(|w| w.2)
            .collect();
        assert_eq!(joined, ["ab12", "贷款"]);
    }

    #[test]
    fn the_kept_table_reads_and_bad_lines_name_their_line() {
        let table = Dictionary::embedded();
        assert!(table.words().len() > 5_000);
        assert!(table.words().iter().any(|w| w.word == "小额" && w.noun));
        assert_eq!(
            Dictionary::parse("total\t10\n贷款\tx\n").unwrap_err(),
            WordLineError {
                line: 2,
                reason: "词频不是数字"
            }
        );
        assert_eq!(
            Dictionary::parse("贷款\t3\n").unwrap_err().reason,
            "第一行须是 total"
        );
        assert_eq!(
            Dictionary::parse("total\t10\n贷款\t3\tv\n")
                .unwrap_err()
                .reason,
            "第三列只能是 n"
        );
    }

    #[test]
    fn nouns_are_the_words_tagged_so() {
        assert_eq!(dictionary().noun_spans("申请贷款"), vec![(2, 4)]);
        assert_eq!(dictionary().noun_spans("小额信贷"), vec![(0, 4)]);
    }
}
