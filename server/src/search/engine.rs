//! The index and the ranking of the Q&A lookup.
//!
//! A question is cut into *concepts* by the portable core (`answers::rank::understand`, with
//! jieba's cut): each everyday word of the synonym table (searched with its policy terms too)
//! and each remaining word that is not a stop word.
//!
//! - **Curated answers** are ranked by the portable core (`answers::book::Book`: BM25 over
//!   their words, character pairs and sounds), the same code the phone answers with offline
//!   from `/ask/offline.json`.
//! - **Document passages** are found by tantivy. Every entry is one tantivy document with
//!   three ways in:
//!   - **words**: jieba in search mode, so `小额信贷` is indexed as `小额`, `信贷` and
//!     `小额信贷`, and a query word found inside a longer word still matches;
//!   - **grams**: every pair of adjacent characters with its position, so any run of two or
//!     more characters of the query matches as a phrase wherever it stands in the text, even
//!     where jieba cut the text differently;
//!   - **sounds**: the toneless pinyin of each word, so `医宝` (a pinyin-keyboard slip) finds
//!     `医保`, and with one edit `扶平` finds `扶贫`.
//!
//! Either way each candidate's score is weighed by its *coverage*, the weighted share of
//! concepts its text holds (`answers::rank`), and the core decides which curated answers are
//! offered as answers and which as related; passages follow.

use std::collections::HashMap;
use std::sync::OnceLock;

use app::model::places::{self, Place};
use app::model::search::{Expansion, HitKind, SearchHit, SearchResults, Span};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    LowerCaser, TextAnalyzer, Token, TokenStream, Tokenizer, WhitespaceTokenizer,
};
use tantivy::{doc, Index, IndexReader, TantivyDocument, Term};

use answers::book::{Book, Offline, Ranked};
use answers::cut::Dictionary;
use answers::rank::{self, Concept, Folded, Heard, Judged, Offer, Question, Texts};
use answers::sound::Table;

use super::text::{fold_chars, normalise, sound_of, Dictionaries};
use super::words::{JiebaCut, JiebaWords};
use super::{Corpus, Entry};

const WORDS: &str = "zh_words";
const GRAMS: &str = "zh_grams";
const SOUNDS: &str = "zh_sounds";

/// Candidates taken from tantivy before coverage re-ranks them.
const CANDIDATES: usize = 40;
/// Document passages shown at most.
const MAX_PASSAGES: usize = 8;
/// The built index over one corpus.
pub struct Engine {
    reader: IndexReader,
    fields: Fields,
    entries: Vec<Entry>,
    /// Each entry's texts folded and sounded out, made the first time the entry is a
    /// candidate and kept (a query then only compares).
    prepared: Vec<OnceLock<Prepared>>,
    /// The curated answers as the portable core ranks them (the browser ranks the same
    /// offline), and where each is among `entries`.
    book: Book,
    answer_slots: Vec<usize>,
    /// Every word of the corpus by its sound, to read a typo as the word it sounds like
    /// (`残急人` → `残疾人`).
    heard: Heard,
}

#[derive(Clone, Copy)]
struct Fields {
    slot: Field,
    title_words: Field,
    body_words: Field,
    title_grams: Field,
    body_grams: Field,
    sounds: Field,
}

/// A query understood and its candidates ranked, best first.
struct Ranking<'a> {
    query: String,
    /// The place the reader asked about or chose, and whether the question named it.
    place: Option<(&'static Place, bool)>,
    expansions: Vec<Expansion>,
    concepts: Vec<Concept>,
    /// One per concept.
    weights: Vec<f32>,
    candidates: Vec<Judged<Found<'a>>>,
}

impl Ranking<'_> {
    /// The question as the core's rules read it.
    fn question(&self) -> Question<'_> {
        Question {
            concepts: &self.concepts,
            weights: &self.weights,
            place: self.place.map(|(place, named)| (place.key, named)),
        }
    }
}

/// A candidate the index found: its entry and what the rules read of it.
struct Found<'a> {
    entry: &'a Entry,
    prepared: &'a Prepared,
}

/// What ranking and highlighting read of an entry: its title (question and keywords), its
/// whole text, and its body as shown.
struct Prepared {
    title: Folded,
    text: Folded,
    body: Folded,
}

impl Prepared {
    fn of(entry: &Entry) -> Prepared {
        let title = entry.search_title();
        let text = format!("{title} {}", entry.search_body());
        Prepared {
            title: Folded::of(&title, &Dictionaries),
            text: Folded::of(&text, &Dictionaries),
            body: Folded::of(&entry.body, &Dictionaries),
        }
    }
}

/// An error building the index.
#[derive(Debug, thiserror::Error)]
#[error("搜索索引无法建立：{0}")]
pub struct IndexError(#[from] tantivy::TantivyError);

impl Engine {
    /// Builds the index of `corpus` in memory.
    pub fn build(corpus: Corpus) -> Result<Engine, IndexError> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        register_tokenizers(&index);
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 30_000_000)?;
        let mut words = words_analyzer();
        let mut heard = Heard::default();
        for (slot, entry) in corpus.entries.iter().enumerate() {
            let title = entry.search_title();
            let body = entry.search_body();
            let sounds = sounds_text(&mut words, &format!("{title} {body}"), &mut heard);
            writer.add_document(doc!(
                fields.slot => slot as u64,
                fields.title_words => title.clone(),
                fields.body_words => body.clone(),
                fields.title_grams => gram_text(&title),
                fields.body_grams => gram_text(&body),
                fields.sounds => sounds,
            ))?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        let answer_slots: Vec<usize> = (0..corpus.entries.len())
            .filter(|at| corpus.entries[*at].kind == HitKind::Qa)
            .collect();
        let book = Book::new(
            answer_slots
                .iter()
                .map(|at| corpus.entries[*at].answer())
                .collect(),
            &JiebaCut,
            &Dictionaries,
        );
        Ok(Engine {
            reader,
            fields,
            prepared: corpus.entries.iter().map(|_| OnceLock::new()).collect(),
            entries: corpus.entries,
            book,
            answer_slots,
            heard,
        })
    }

    /// What the browser is sent to answer offline: the curated answers as the core ranks
    /// them, the word table its cutter uses, and the readings of every character of both
    /// (with the traditional forms that simplify to them).
    pub fn offline(&self, revision: String) -> Offline {
        let words = Dictionary::embedded_text();
        let answers = self.book.answers().to_vec();
        let chars = answers
            .iter()
            .flat_map(|a| {
                [&a.question, &a.keywords, &a.body, &a.quote]
                    .into_iter()
                    .flat_map(|t| t.chars())
                    .collect::<Vec<char>>()
            })
            .chain(words.chars());
        let traditional = ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}');
        Offline {
            revision,
            characters: Table::of(chars, traditional, &Dictionaries),
            answers,
            words: words.to_string(),
        }
    }

    /// How many entries are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Answers `raw`: curated answers that cover the question first, then passages.
    pub fn search(&self, raw: &str) -> Result<SearchResults, IndexError> {
        self.search_for(raw, None)
    }

    /// Answers `raw` for a reader of `place` (a key of [`places::PLACES`]): that place's
    /// entries rank first. A place named in the question itself outranks the choice, and
    /// then another place's answer is never offered as the answer.
    pub fn search_for(&self, raw: &str, place: Option<&str>) -> Result<SearchResults, IndexError> {
        let ranking = self.rank(raw, place)?;
        let chosen = ranking.place.map(|(place, _)| place);
        let ranked = self.answers(&ranking);
        let question = Question {
            weights: &ranked.weights,
            ..ranking.question()
        };
        let answers = rank::offered(&question, &ranked.candidates, rank::MAX_ANSWERS)
            .into_iter()
            .filter_map(|c| {
                let entry = self.entries.get(*self.answer_slots.get(c.item)?)?;
                let body = self.book.folded_body(c.item)?;
                Some(hit(
                    entry,
                    body,
                    c.offer == Offer::Answer,
                    &ranking.concepts,
                    chosen,
                ))
            });
        let passages = ranking
            .candidates
            .iter()
            .filter(|c| c.coverage > 0.0)
            .take(MAX_PASSAGES)
            .map(|c| {
                hit(
                    c.item.entry,
                    &c.item.prepared.body,
                    false,
                    &ranking.concepts,
                    chosen,
                )
            });
        let results = answers.chain(passages).collect();
        Ok(SearchResults {
            query: ranking.query,
            expansions: ranking.expansions,
            results,
            place: chosen.map(Place::label),
            place_in_question: ranking.place.is_some_and(|(_, named)| named),
        })
    }

    /// The curated answers ranked by the portable core for the question `ranking` understood.
    fn answers(&self, ranking: &Ranking<'_>) -> Ranked {
        self.book.rank(
            &ranking.concepts,
            ranking.place.map(|(place, named)| (place.key, named)),
            &Dictionaries,
        )
    }

    /// How `raw` was understood and ranked, one line per concept and per candidate: for the
    /// `search` command and for tuning against the evaluation set.
    pub fn explain(&self, raw: &str) -> Result<String, IndexError> {
        let ranking = self.rank(raw, None)?;
        let mut out = String::new();
        if let Some((place, named)) = ranking.place {
            out.push_str(&format!(
                "地区 {}{}\n",
                place.label(),
                if named { "（问题里写明）" } else { "" }
            ));
        }
        let ranked = self.answers(&ranking);
        for ((concept, weight), answers_weight) in ranking
            .concepts
            .iter()
            .zip(&ranking.weights)
            .zip(&ranked.weights)
        {
            let kind = match (concept.unknown, concept.topical) {
                (true, _) => " (未登录词)",
                (false, true) => " (名词)",
                _ => "",
            };
            out.push_str(&format!(
                "概念 全文 {:.2} 问答 {:.2} {}{}\n",
                weight,
                answers_weight,
                concept.terms.join("|"),
                kind
            ));
        }
        let mark = |offer: Offer| match offer {
            Offer::Answer => "*",
            Offer::Related => "~",
            Offer::No => " ",
        };
        let line = |offer, score: f32, raw: f32, coverage: f32, asked: f32, entry: &Entry| {
            format!(
                "{} {:>7.3} 原分 {:>7.3} 覆盖 {:.2} 问题覆盖 {:.2} {} {}\n",
                mark(offer),
                score,
                raw,
                coverage,
                asked,
                entry.id,
                entry.title.chars().take(30).collect::<String>()
            )
        };
        for c in ranked.candidates.iter().take(8) {
            if let Some(entry) = self
                .answer_slots
                .get(c.item)
                .and_then(|at| self.entries.get(*at))
            {
                out.push_str(&line(c.offer, c.score, c.raw, c.coverage, c.asked, entry));
            }
        }
        for c in ranking.candidates.iter().take(6) {
            out.push_str(&line(
                Offer::No,
                c.score,
                c.raw,
                c.coverage,
                c.asked,
                c.item.entry,
            ));
        }
        Ok(out)
    }

    fn rank(&self, raw: &str, chosen: Option<&str>) -> Result<Ranking<'_>, IndexError> {
        let query = app::model::search::bounded_query(raw);
        let (normalised, place) = rank::locate(normalise(&query), chosen);
        let (concepts, expansions) = self.concepts(&normalised);
        let mut ranking = Ranking {
            query,
            place,
            expansions,
            concepts,
            weights: Vec::new(),
            candidates: Vec::new(),
        };
        if ranking.concepts.is_empty() {
            return Ok(ranking);
        }
        let searcher = self.reader.searcher();
        // How telling each concept is: a word few entries contain (or none) weighs more
        // than one most entries contain.
        let total = searcher.num_docs() as f32;
        for concept in &ranking.concepts {
            let held = searcher.search(&self.concept_query(concept), &Count)? as f32;
            ranking.weights.push(rank::weight(concept, held, total));
        }
        let query = self.query(&ranking.concepts);
        let top = searcher.search(&query, &TopDocs::with_limit(CANDIDATES).order_by_score())?;
        // Each candidate's entry number is read from a fast field (a column in memory), not
        // from the stored document, which would be decompressed for every candidate.
        let mut slots: HashMap<u32, tantivy::columnar::Column<u64>> = HashMap::new();
        let question = ranking.question();
        let mut candidates = Vec::with_capacity(top.len());
        for (score, address) in top {
            let column = match slots.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => slot.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .u64("slot")?,
                ),
            };
            let Some(slot) = column.first(address.doc_id) else {
                continue;
            };
            let Some(entry) = usize::try_from(slot).ok().and_then(|s| self.entries.get(s)) else {
                continue;
            };
            // Curated answers are ranked by the book (`answers`); tantivy gives passages.
            if entry.kind == HitKind::Qa {
                continue;
            }
            let Some(prepared) = usize::try_from(slot)
                .ok()
                .and_then(|s| self.prepared.get(s))
                .map(|cell| cell.get_or_init(|| Prepared::of(entry)))
            else {
                continue;
            };
            candidates.push(Judged::measure(
                &question,
                score,
                Texts {
                    title: &prepared.title,
                    text: &prepared.text,
                },
                false,
                &entry.place,
                &Dictionaries,
                Found { entry, prepared },
            ));
        }
        rank::judge(&question, &mut candidates);
        ranking.candidates = candidates;
        Ok(ranking)
    }

    /// Cuts a normalised query into concepts, with the synonym expansions used.
    fn concepts(&self, normalised: &str) -> (Vec<Concept>, Vec<Expansion>) {
        let understood = rank::understand(normalised, &JiebaCut, &self.heard, &Dictionaries);
        let expansions = understood
            .expansions
            .into_iter()
            .map(|(word, terms)| Expansion { word, terms })
            .collect();
        (understood.concepts, expansions)
    }

    /// The concepts a query is cut into, each as its words.
    pub fn concept_terms(&self, raw: &str) -> Vec<Vec<String>> {
        let normalised = normalise(&app::model::search::bounded_query(raw));
        self.concepts(&normalised)
            .0
            .into_iter()
            .map(|c| c.terms)
            .collect()
    }

    /// The tantivy query for the concepts: any of them.
    fn query(&self, concepts: &[Concept]) -> BooleanQuery {
        BooleanQuery::new(
            concepts
                .iter()
                .map(|c| {
                    (
                        Occur::Should,
                        Box::new(self.concept_query(c)) as Box<dyn Query>,
                    )
                })
                .collect(),
        )
    }

    /// One concept: every term through every way in, boosted.
    fn concept_query(&self, concept: &Concept) -> BooleanQuery {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (index, term) in concept.terms.iter().enumerate() {
            // The word as typed weighs most; the policy terms it stands for a little less.
            let weight = if concept.expanded && index > 0 {
                0.7
            } else {
                1.0
            };
            let mut add = |query: Box<dyn Query>, boost: f32| {
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(query, boost * weight)),
                ));
            };
            add(term_query(f.title_words, term), 2.5);
            add(term_query(f.body_words, term), 1.0);
            if let Some(phrase) = gram_query(f.title_grams, term) {
                add(phrase, 2.0);
            }
            if let Some(phrase) = gram_query(f.body_grams, term) {
                add(phrase, 0.8);
            }
            // A name typed short: its pairs count one by one.
            if concept.unknown && term.chars().count() >= 3 {
                let chars: Vec<char> = term.chars().collect();
                for pair in chars.windows(2) {
                    let pair: String = pair.iter().collect();
                    add(term_query(f.title_grams, &pair), 0.6);
                    add(term_query(f.body_grams, &pair), 0.3);
                }
            }
            if let Some(sound) = sound_of(term) {
                let key = Term::from_field_text(f.sounds, &sound);
                add(
                    Box::new(TermQuery::new(key.clone(), IndexRecordOption::WithFreqs)),
                    0.8,
                );
                if concept.unknown && sound.len() >= 5 {
                    add(Box::new(FuzzyTermQuery::new(key, 1, true)), 0.4);
                }
            }
        }
        BooleanQuery::new(clauses)
    }
}

fn schema() -> (Schema, Fields) {
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let mut builder = Schema::builder();
    let fields = Fields {
        slot: builder.add_u64_field("slot", NumericOptions::default().set_stored().set_fast()),
        title_words: builder.add_text_field("title_words", text(WORDS)),
        body_words: builder.add_text_field("body_words", text(WORDS)),
        title_grams: builder.add_text_field("title_grams", text(GRAMS)),
        body_grams: builder.add_text_field("body_grams", text(GRAMS)),
        sounds: builder.add_text_field("sounds", text(SOUNDS)),
    };
    (builder.build(), fields)
}

fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(JiebaWords).filter(LowerCaser).build()
}

fn register_tokenizers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(WORDS, words_analyzer());
    tokenizers.register(GRAMS, TextAnalyzer::builder(BigramTokenizer).build());
    tokenizers.register(
        SOUNDS,
        TextAnalyzer::builder(WhitespaceTokenizer::default()).build(),
    );
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// The pairs of `term` as a phrase (a single pair as a term); `None` under two characters.
fn gram_query(field: Field, term: &str) -> Option<Box<dyn Query>> {
    let chars: Vec<char> = term.chars().collect();
    if chars.len() < 2 {
        return None;
    }
    let grams: Vec<Term> = chars
        .windows(2)
        .map(|pair| Term::from_field_text(field, &pair.iter().collect::<String>()))
        .collect();
    if grams.len() == 1 {
        let gram = grams.into_iter().next()?;
        return Some(Box::new(TermQuery::new(gram, IndexRecordOption::WithFreqs)));
    }
    Some(Box::new(PhraseQuery::new(grams)))
}

/// The text the gram field indexes: folded, with every character that is not a letter,
/// digit or Chinese character replaced by a space (pairs never span them).
fn gram_text(text: &str) -> String {
    fold_chars(text)
        .into_iter()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// The sounds of the words of `text`, space-separated; each word is also counted under its
/// sound in `heard`.
fn sounds_text(words: &mut TextAnalyzer, text: &str, heard: &mut Heard) -> String {
    let mut stream = words.token_stream(text);
    let mut out = String::new();
    while stream.advance() {
        let word = &stream.token().text;
        if let Some(sound) = sound_of(word) {
            out.push_str(&sound);
            out.push(' ');
            heard.add(word, &Dictionaries);
        }
    }
    out
}

/// Every two adjacent letters, digits or Chinese characters, at the position of the first.
#[derive(Clone, Default)]
struct BigramTokenizer;

struct BigramStream {
    /// (byte offset, char) of the text.
    chars: Vec<(usize, char)>,
    end: usize,
    next: usize,
    token: Token,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream {
        BigramStream {
            chars: text.char_indices().collect(),
            end: text.len(),
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for BigramStream {
    fn advance(&mut self) -> bool {
        while self.next + 1 < self.chars.len() {
            let at = self.next;
            self.next += 1;
            let (from, first) = self.chars[at];
            let (_, second) = self.chars[at + 1];
            if !first.is_alphanumeric() || !second.is_alphanumeric() {
                continue;
            }
            let to = self.chars.get(at + 2).map_or(self.end, |c| c.0);
            self.token.text.clear();
            self.token.text.push(first);
            self.token.text.push(second);
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.position = at;
            self.token.position_length = 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The result for `entry`, with its snippet and highlights.
fn hit(
    entry: &Entry,
    body: &Folded,
    confident: bool,
    concepts: &[Concept],
    chosen: Option<&Place>,
) -> SearchHit {
    let place = places::by_key(&entry.place);
    let spans = rank::highlights(body, concepts, &Dictionaries);
    let (snippet, spans) = match entry.kind {
        HitKind::Qa => (entry.body.clone(), spans),
        HitKind::Section => rank::window(&entry.body, &spans),
    };
    let highlights = spans
        .into_iter()
        .map(|s| Span {
            from: s.from,
            to: s.to,
        })
        .collect();
    SearchHit {
        kind: entry.kind,
        confident,
        id: entry.id.clone(),
        title: entry.title.clone(),
        snippet,
        highlights,
        quote: entry.quote.clone(),
        source: entry.source.clone(),
        url: entry.url.clone(),
        place: place.map(Place::label).unwrap_or_default(),
        elsewhere: matches!((chosen, place), (Some(c), Some(p)) if c.key != p.key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: HitKind, id: &str, title: &str, body: &str) -> Entry {
        Entry {
            kind,
            id: id.to_string(),
            title: title.to_string(),
            body: body.to_string(),
            quote: None,
            keywords: String::new(),
            source: "测试文件".to_string(),
            url: format!("/policies/test#{id}"),
            place: String::new(),
        }
    }

    fn engine() -> Engine {
        Engine::build(Corpus {
            entries: vec![
                entry(
                    HitKind::Qa,
                    "qa-1",
                    "生大病了医药费报销有什么政策？",
                    "落实基本医疗保险、大病保险、医疗救助三重保障，医保报销后仍有困难的可申请救助，防止因病返贫。",
                ),
                entry(
                    HitKind::Qa,
                    "qa-2",
                    "脱贫户能申请小额信贷吗？",
                    "符合条件的脱贫户可以申请扶贫小额信贷，财政贴息。",
                ),
                entry(
                    HitKind::Section,
                    "t-s1",
                    "住房安全",
                    "持续开展农村危房改造，保障农村低收入群体住房安全。",
                ),
                entry(
                    HitKind::Section,
                    "t-s2",
                    "教育",
                    "巩固义务教育控辍保学成果，落实家庭经济困难学生资助政策。",
                ),
            ],
        })
        .unwrap()
    }

    fn ids(results: &SearchResults) -> Vec<&str> {
        results.results.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn everyday_words_find_policy_terms() {
        let engine = engine();
        assert_eq!(ids(&engine.search("看病能报多少").unwrap())[0], "qa-1");
        assert_eq!(ids(&engine.search("想贷款").unwrap())[0], "qa-2");
        assert_eq!(ids(&engine.search("房子漏雨").unwrap()), vec!["t-s1"]);
        let school = engine.search("娃儿上学").unwrap();
        assert_eq!(ids(&school), vec!["t-s2"]);
        assert!(school.expansions.iter().any(|e| e.word == "上学"));
    }

    #[test]
    fn words_inside_longer_words_match() {
        // 信贷 inside 小额信贷, 辍保 across jieba's cut of 控辍保学.
        let engine = engine();
        assert_eq!(ids(&engine.search("信贷").unwrap())[0], "qa-2");
        assert!(ids(&engine.search("辍保").unwrap()).contains(&"t-s2"));
        assert!(ids(&engine.search("因病返").unwrap()).contains(&"qa-1"));
    }

    #[test]
    fn pinyin_typos_and_traditional_characters_match() {
        let engine = engine();
        assert!(ids(&engine.search("医宝").unwrap()).contains(&"qa-1"));
        assert!(ids(&engine.search("小額信貸").unwrap()).contains(&"qa-2"));
        assert!(ids(&engine.search("Ｘ小额信贷！").unwrap()).contains(&"qa-2"));
    }

    #[test]
    fn nothing_found_is_an_empty_answer_not_an_error() {
        let engine = engine();
        assert!(engine.search("驾照怎么考").unwrap().results.is_empty());
        assert!(engine.search("？？？").unwrap().results.is_empty());
        assert!(engine.search("怎么办").unwrap().results.is_empty());
        assert!(engine.search("").unwrap().results.is_empty());
    }

    #[test]
    fn answers_come_before_passages_and_confidence_needs_half_the_question() {
        let engine = engine();
        // 贷款 is one of two concepts of this query and the only one qa-2 speaks to: it
        // still covers half and is offered.
        let mixed = engine.search("贷款 危房").unwrap();
        let kinds: Vec<HitKind> = mixed.results.iter().map(|r| r.kind).collect();
        assert_eq!(kinds.first(), Some(&HitKind::Qa));
        assert!(kinds
            .windows(2)
            .all(|w| !(w[0] == HitKind::Section && w[1] == HitKind::Qa)));
        // Three concepts, one matched: no curated answer.
        assert_eq!(engine.concept_terms("贷款 驾照 彩票").len(), 3);
        let thin = engine.search("贷款 驾照 彩票").unwrap();
        assert_eq!(thin.confident_answers(), 0);
        // Full coverage makes a confident answer.
        assert!(engine.search("小额信贷").unwrap().results[0].confident);
    }

    #[test]
    fn highlights_mark_the_words_and_their_synonyms() {
        let engine = engine();
        let results = engine.search("房子").unwrap();
        let hit = &results.results[0];
        let marked: Vec<String> = hit
            .snippet_parts()
            .into_iter()
            .filter(|p| p.1)
            .map(|p| p.0)
            .collect();
        assert!(marked.contains(&"危房".to_string()) || marked.contains(&"危房改造".to_string()));
        assert!(marked.contains(&"住房安全".to_string()));
    }

    #[test]
    fn bigrams_carry_positions_for_phrases() {
        let mut analyzer = TextAnalyzer::builder(BigramTokenizer).build();
        let mut stream = analyzer.token_stream("小额 信贷");
        let mut seen = Vec::new();
        while stream.advance() {
            seen.push((stream.token().text.clone(), stream.token().position));
        }
        assert_eq!(seen, vec![("小额".to_string(), 0), ("信贷".to_string(), 3)]);
        assert_eq!(engine().reader.searcher().segment_readers().len(), 1);
    }
}
