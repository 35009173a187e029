//! A question as the lookup reads it, and the word lists its rules use.

use std::sync::LazyLock;

pub use crate::sound::is_han;
use crate::sound::Characters;

/// Longer queries are cut to this many characters: nobody types more on a phone, and it
/// bounds the work one request can cause.
pub const MAX_QUERY_CHARS: usize = 60;

/// The synonym table kept with the project: everyday word → policy terms.
const SYNONYMS: &str = include_str!("../synonyms.tsv");

/// The query as the engine sees it: full-width letters, digits and punctuation folded to
/// their ASCII forms, Latin letters lower-cased, every punctuation mark and run of spaces
/// turned into one space, and cut to [`MAX_QUERY_CHARS`]. Traditional characters are
/// written simplified by [`normalise`].
pub fn normalise_query(raw: &str) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for c in raw.chars().take(MAX_QUERY_CHARS) {
        let c = fold_width(c).to_ascii_lowercase();
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// Folds one full-width character (U+FF01–U+FF5E, the ideographic space) to ASCII.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The query as the engine matches it: [`normalise_query`], then traditional characters to
/// simplified ones.
pub fn normalise(raw: &str, characters: &impl Characters) -> String {
    characters.simplify(&normalise_query(raw))
}

/// A document's text folded the same way, one character for one, so offsets found in the
/// folded text are offsets in the original.
pub fn fold_chars(text: &str) -> Vec<char> {
    text.chars()
        .map(|c| fold_width(c).to_ascii_lowercase())
        .collect()
}

/// The table of everyday words and the policy terms they are also searched as.
#[derive(Debug)]
pub struct Synonyms {
    /// Longest everyday word first, so the longest match wins.
    entries: Vec<(String, Vec<String>)>,
}

/// A line of the synonym table that cannot be read.
#[derive(Debug, PartialEq, Eq)]
pub struct SynonymLineError {
    pub line: usize,
    pub reason: &'static str,
}

impl Synonyms {
    /// The table shipped with the lookup.
    #[expect(
        clippy::expect_used,
        reason = "the table is compiled in and checked by its tests; a bad table cannot ship"
    )]
    pub fn embedded() -> &'static Synonyms {
        static TABLE: LazyLock<Synonyms> = LazyLock::new(|| {
            Synonyms::parse(SYNONYMS).expect("answers/synonyms.tsv is checked by its tests")
        });
        &TABLE
    }

    /// Reads `word<TAB>term|term…` lines; `#` starts a comment line.
    pub fn parse(text: &str) -> Result<Synonyms, SynonymLineError> {
        let mut entries: Vec<(String, Vec<String>)> = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let fail = |reason| SynonymLineError {
                line: line_no,
                reason,
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (word, terms) = line.split_once('\t').ok_or(fail("缺少 TAB 分隔"))?;
            if terms.contains('\t') {
                return Err(fail("多于一个 TAB"));
            }
            let word = word.trim().to_string();
            if word.chars().count() < 2 {
                return Err(fail("口语词至少两个字"));
            }
            let terms: Vec<String> = terms.split('|').map(|t| t.trim().to_string()).collect();
            if terms.iter().any(String::is_empty) {
                return Err(fail("政策用语为空"));
            }
            if terms.contains(&word) {
                return Err(fail("口语词与政策用语相同"));
            }
            if entries.iter().any(|(w, _)| *w == word) {
                return Err(fail("口语词重复"));
            }
            entries.push((word, terms));
        }
        entries.sort_by_key(|entry| std::cmp::Reverse(entry.0.chars().count()));
        Ok(Synonyms { entries })
    }

    /// How many everyday words the table has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every (everyday word, policy terms) pair.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.iter().map(|(w, t)| (w.as_str(), t.as_slice()))
    }

    /// The everyday words found in `query`, longest first and not overlapping, as
    /// (first char, end char, word, terms).
    pub fn find<'a>(&'a self, query: &str) -> Vec<(usize, usize, &'a str, &'a [String])> {
        let chars: Vec<char> = query.chars().collect();
        let mut taken = vec![false; chars.len()];
        let mut found = Vec::new();
        for (word, terms) in &self.entries {
            let needle: Vec<char> = word.chars().collect();
            let mut start = 0;
            while start + needle.len() <= chars.len() {
                let end = start + needle.len();
                if chars[start..end] == needle[..] && !taken[start..end].iter().any(|t| *t) {
                    taken[start..end].iter_mut().for_each(|t| *t = true);
                    found.push((start, end, word.as_str(), terms.as_slice()));
                    start = end;
                } else {
                    start += 1;
                }
            }
        }
        found.sort_by_key(|f| f.0);
        found
    }
}

/// Words that carry no topic in a question: question words, particles, pronouns, and the
/// dialect forms of them.
const STOP_WORDS: &[&str] = &[
    "的",
    "了",
    "吗",
    "呢",
    "吧",
    "啊",
    "呀",
    "嘛",
    "么",
    "哦",
    "哈",
    "是",
    "有",
    "在",
    "和",
    "与",
    "或",
    "及",
    "我",
    "我们",
    "我家",
    "俺",
    "你",
    "您",
    "他",
    "她",
    "他们",
    "咱",
    "家里",
    "屋头",
    "屋里",
    "自己",
    "自家",
    "能",
    "能不能",
    "可以",
    "可不可以",
    "怎么",
    "怎么办",
    "怎样",
    "如何",
    "什么",
    "啥",
    "啥子",
    "咋",
    "咋个",
    "咋办",
    "咋整",
    "哪些",
    "哪里",
    "哪个",
    "多少",
    "几",
    "要",
    "想",
    "请问",
    "问",
    "问问",
    "一下",
    "不",
    "没",
    "没有",
    "这个",
    "那个",
    "这",
    "那",
    "还",
    "也",
    "都",
    "就",
    "会",
    "给",
    "被",
    "把",
    "对",
    "让",
    "去",
    "到",
    "从",
    "里",
    "上",
    "下",
    "个",
    "些",
    "点",
    "一",
    "谁",
    "为什么",
    "为啥",
    "是否",
    "是不是",
    "有没有",
    "行不行",
    "要得",
    "得",
    "地",
    "着",
    "过",
    "嗯",
    "噻",
    "撒",
    "哟",
    "咧",
    "喃",
    "不得",
    "好多",
    "多久",
    "好久",
    "现在",
    "今年",
    "政府",
    "国家",
    "政策",
    "需要",
    "应该",
    "知道",
    "告诉",
    "办法",
    "安排",
    // Dialect and spoken forms of the same: 没得 (没有), 整 (办), A-not-A questions.
    "没得",
    "有没得",
    "管没",
    "有人管",
    "没人",
    "有人",
    "咋个整",
    "咋个办",
    "搞",
    "整",
    "弄",
    "能否",
    "可否",
    "帮不帮",
    "给不给",
    "会不会",
    "开不开",
    "要不要",
    "能不",
    "行吗",
    "好吗",
    "天天",
    "一直",
    "还是",
    "或者",
    "以后",
    "时候",
    "已经",
    "很多",
    "太",
    "特别",
    "真的",
    "一些",
    "这些",
    "那些",
    "这样",
    "那样",
    "怎么样",
    "咋样",
    "多少钱",
    "一下子",
    "这么",
    "那么",
    "不会",
    "村头",
    "村里",
    "老汉",
    "婆娘",
    "男人",
    "女人",
    "老公",
    "老婆",
    "家人",
    "别人",
    // Question fillers that carry no topic: 到底, A-not-A forms, counting words.
    "到底",
    "哪几个",
    "哪几样",
    "几个",
    "一共",
    "还要",
    "不要",
    "不能",
    "算不算",
    "算不算数",
    "管不管",
    "有搞头",
    "有没有人",
    "啥时候",
    "什么时候",
];

/// An answer's question with its keywords (space-separated), as the lookup reads it.
pub fn titled(question: &str, keywords: &str) -> String {
    if keywords.is_empty() {
        question.to_string()
    } else {
        format!("{question} {keywords}")
    }
}

/// An answer's text as the lookup reads it: the answer without its sentences saying what
/// the document does *not* say (`方案没有写……有没有补贴`: they tell the reader what is
/// missing, they do not answer it), then the supporting quote.
pub fn answered(body: &str, quote: &str) -> String {
    format!("{} {quote}", without_unsaid(body))
}

/// How a curated answer says the document is silent on something: `方案没有写……`.
const UNSAID: [&str; 6] = ["没有写", "没写", "未写", "没有提到", "没有规定", "没有说"];

/// `text` without its sentences that say what the document does not say.
pub fn without_unsaid(text: &str) -> String {
    let mut kept = String::new();
    let mut sentence = String::new();
    for c in text.chars() {
        sentence.push(c);
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            if !UNSAID.iter().any(|u| sentence.contains(u)) {
                kept.push_str(&sentence);
            }
            sentence.clear();
        }
    }
    if !UNSAID.iter().any(|u| sentence.contains(u)) {
        kept.push_str(&sentence);
    }
    kept
}

/// Words that ask about money: what is paid, given back or lent at a lower rate.
const MONEY: [&str; 14] = [
    "补贴",
    "补助",
    "补",
    "钱",
    "多少钱",
    "贴息",
    "报销",
    "费用",
    "奖补",
    "奖励",
    "资助",
    "补偿",
    "给钱",
    "发钱",
];

/// Whether `word` (a query's concept) asks about money.
pub fn asks_for_money(word: &str) -> bool {
    MONEY.contains(&word)
}

/// Whether `word` carries no topic.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// Cuts `text` at the runs `spans` marks (character offsets `(from, to)`, sorted): each piece
/// with whether it is marked. Spans past the end or overlapping are clipped.
pub fn split_marked(
    text: &str,
    spans: impl IntoIterator<Item = (usize, usize)>,
) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let mut parts = Vec::new();
    let mut at = 0;
    for (from, to) in spans {
        let from = from.min(chars.len()).max(at);
        let to = to.min(chars.len());
        if from >= to {
            continue;
        }
        if from > at {
            parts.push((chars[at..from].iter().collect(), false));
        }
        parts.push((chars[from..to].iter().collect(), true));
        at = to;
    }
    if at < chars.len() {
        parts.push((chars[at..].iter().collect(), false));
    }
    parts
}

/// What the answers say of the place they were ranked for (its label): named in the
/// question, or chosen by the reader.
pub fn ranked_for(place: &str, named: bool) -> String {
    if named {
        format!("问题里提到了{place}：先列该地的问答，别处的政策只作参考。")
    } else {
        format!("按您选的地区（{place}）排序：该地的问答在前，别处的会注明。")
    }
}

/// The place an answer speaks for, as its line shows it: marked when it is not the place
/// the answers were ranked for.
pub fn place_line(place: &str, elsewhere: bool) -> String {
    if elsewhere {
        format!("{place}（外地政策，仅供参考）")
    } else {
        place.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sound::tests::Few;

    #[test]
    fn sentences_about_what_a_document_does_not_say_are_left_out() {
        assert_eq!(
            without_unsaid("要推进秸秆综合利用。方案没有写回收有没有补贴。牵头单位是区农业农村局"),
            "要推进秸秆综合利用。牵头单位是区农业农村局"
        );
        assert_eq!(without_unsaid("可以贷5万元。"), "可以贷5万元。");
    }

    #[test]
    fn the_shipped_table_reads_and_has_at_least_sixty_pairs() {
        let table = Synonyms::embedded();
        assert!(table.len() >= 60, "only {} everyday words", table.len());
        let find = |w: &str| {
            table
                .entries()
                .find(|(word, _)| *word == w)
                .map(|(_, t)| t.to_vec())
        };
        let look = find("看病").unwrap();
        assert!(look.iter().any(|t| t.contains("医")));
        assert!(find("上学").unwrap().contains(&"义务教育".to_string()));
        assert!(find("贷款").unwrap().contains(&"小额信贷".to_string()));
        assert!(find("打工").unwrap().contains(&"务工".to_string()));
        assert!(find("低保").unwrap().iter().any(|t| t.contains("兜底")));
    }

    #[test]
    fn bad_lines_name_their_line_number() {
        assert_eq!(
            Synonyms::parse("# 注释\n看病 医疗\n").unwrap_err(),
            SynonymLineError {
                line: 2,
                reason: "缺少 TAB 分隔"
            }
        );
        assert_eq!(
            Synonyms::parse("看病\t医疗\n看病\t医保\n")
                .unwrap_err()
                .reason,
            "口语词重复"
        );
        assert_eq!(
            Synonyms::parse("病\t医疗\n").unwrap_err().reason,
            "口语词至少两个字"
        );
        assert_eq!(
            Synonyms::parse("看病\t医疗||医保\n").unwrap_err().reason,
            "政策用语为空"
        );
    }

    #[test]
    fn the_longest_everyday_word_wins_and_matches_do_not_overlap() {
        let table = Synonyms::parse("看病\t医疗\n看病钱\t医疗救助\n贷款\t小额信贷\n").unwrap();
        let found: Vec<&str> = table.find("看病钱贷款看病").iter().map(|f| f.2).collect();
        assert_eq!(found, vec!["看病钱", "贷款", "看病"]);
    }

    #[test]
    fn queries_are_folded_and_simplified() {
        assert_eq!(normalise("醫療保障，怎麼辦？", &Few), "医疗保障 怎么办");
        assert_eq!(normalise("ＡＢ　看病", &Few), "ab 看病");
        assert_eq!(normalise_query("  看病，能报多少？？ "), "看病 能报多少");
        assert_eq!(normalise_query("ＡＢＣ１２３　医保"), "abc123 医保");
        assert_eq!(normalise_query("“危房”改造!!!"), "危房 改造");
        assert_eq!(normalise_query("？？！"), "");
        let long = "贷".repeat(500);
        assert_eq!(normalise_query(&long).chars().count(), MAX_QUERY_CHARS);
    }
}
