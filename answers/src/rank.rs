//! A question's concepts, how much of them a text holds, and which candidates are offered.
//!
//! A query is cut into *concepts* ([`crate::question`], with the server's or the phone's
//! word cutter): each everyday word of the synonym table (searched with its policy terms too) and each
//! remaining word that is not a stop word, each weighted by how rare it is ([`weight`]).
//! A candidate's score is weighed by its *coverage*, the weighted share of concepts its text
//! holds ([`covered`], [`share`]), so an answer that speaks to the whole question beats one
//! that repeats one word. A curated answer holding at least half of the question (and
//! something of it in its own question) is offered as an answer, one holding less as
//! related ([`judge`]).

pub use crate::question::{locate, understand, Concept, Heard, Understood};
use crate::sound::{one_letter_apart, sound_of, syllables, Characters, Syllable};
use crate::text::{asks_for_money, fold_chars, is_han};

/// Curated answers offered at most.
pub const MAX_ANSWERS: usize = 3;
/// The share of a query's meaning a curated answer must hold to be offered as an answer.
pub const CONFIDENT_COVERAGE: f32 = 0.5;
/// … of which its own question and keywords must hold this much.
pub const ASKED_COVERAGE: f32 = 0.2;
/// … and to be offered as related to the question.
pub const RELATED_COVERAGE: f32 = 0.3;
/// … or, for the best-ranked answer, this much.
pub const BEST_RELATED_COVERAGE: f32 = 0.15;
/// How much a word that no entry holds and that is not a noun counts (of its full weight).
pub const ABSENT_WORD_SHARE: f32 = 0.25;
/// How much a thing (a noun) no entry mentions counts (of its full weight): a question
/// about 小轿车 or 疫苗 is about what the documents do not cover, whatever else it shares.
pub const ABSENT_THING_WEIGHT: f32 = 1.5;
/// How much a single character counts (of its full weight): alone, 花, 快 or 办 say little.
pub const SINGLE_CHARACTER_SHARE: f32 = 0.3;
/// The weight from which a noun is specific (held by a handful of entries at most): an
/// entry that does not mention it is not the answer.
pub const SPECIFIC_THING_WEIGHT: f32 = 4.5;
/// How much more an entry of the reader's place weighs (named in the question or chosen).
pub const PLACE_BOOST: f32 = 2.0;
/// How much an entry of another place weighs when the question names a place.
pub const OTHER_PLACE_SHARE: f32 = 0.5;
/// Characters of a passage shown around its first match.
pub const SNIPPET_CHARS: usize = 96;

/// How telling a concept is, from how many of `total` entries hold it (`held`): a word
/// few entries contain (or none) weighs more than one most entries contain.
pub fn weight(concept: &Concept, held: f32, total: f32) -> f32 {
    let weight = ((total + 1.0) / (held + 1.0)).ln().max(0.05);
    // A word no entry holds counts in full only when it names the topic.
    weight
        * match (held == 0.0, concept.topical) {
            (true, false) => ABSENT_WORD_SHARE,
            // A thing no entry mentions is most likely what the question is about.
            (true, true) => ABSENT_THING_WEIGHT,
            (false, _) => 1.0,
        }
        * if concept.terms[0].chars().count() == 1 {
            SINGLE_CHARACTER_SHARE
        } else {
            1.0
        }
}

/// A text folded ([`fold_chars`]) with the sound of each character ([`syllables`]).
#[derive(Debug, Clone)]
pub struct Folded {
    pub chars: Vec<char>,
    pub sounds: Vec<Syllable>,
}

impl Folded {
    pub fn of(text: &str, characters: &impl Characters) -> Folded {
        let chars = fold_chars(text);
        let sounds = syllables(&chars, characters);
        Folded { chars, sounds }
    }
}

/// A run of characters of a text, as character offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: usize,
    pub to: usize,
}

/// Where a term occurs in folded text: by its characters, or for a Chinese word of two or
/// more characters by its sound, syllable by syllable (exactly, or when `fuzzy` with one
/// letter off in one syllable if the whole sound has five letters or more).
pub fn find_term(
    text: &Folded,
    term: &str,
    fuzzy: bool,
    characters: &impl Characters,
) -> Vec<Span> {
    let (chars, sounds) = (&text.chars, &text.sounds);
    let needle = fold_chars(term);
    let mut spans = Vec::new();
    let Some(&first) = needle.first() else {
        return spans;
    };
    if needle.len() > chars.len() {
        return spans;
    }
    let heard = sound_of(term, characters)
        .map(|sound| (syllables(&needle, characters), fuzzy && sound.len() >= 5));
    let mut start = 0;
    while start + needle.len() <= chars.len() {
        let end = start + needle.len();
        let window = &chars[start..end];
        // The first character or syllable rules out almost every position before the rest
        // is compared.
        let matched = (window[0] == first && window == needle.as_slice())
            || heard.as_ref().is_some_and(|(wanted, fuzzy)| {
                (*fuzzy || sounds[start] == wanted[0])
                    && sounds_alike(&sounds[start..end], wanted, *fuzzy)
                    && window.iter().all(|c| is_han(*c))
            });
        if matched {
            spans.push(Span {
                from: start,
                to: end,
            });
            start = end;
        } else {
            start += 1;
        }
    }
    spans
}

/// Whether two runs of syllables sound the same (or, when `fuzzy`, differ by one letter).
fn sounds_alike(heard: &[Syllable], wanted: &[Syllable], fuzzy: bool) -> bool {
    let mut off = 0;
    for (a, b) in heard.iter().zip(wanted) {
        if a == b {
            continue;
        }
        // Exact matching stops at the first syllable that differs, without measuring how
        // far apart the two are.
        if !fuzzy {
            return false;
        }
        off += one_letter_apart(&a.bytes(), &b.bytes());
        if off > 1 {
            return false;
        }
    }
    true
}

/// Which concepts a text holds. A run of characters the cutter does not know, three or more
/// long, also counts when its first two are found: people shorten names (`恒合乡` for
/// 恒合土家族乡).
pub fn covered(text: &Folded, concepts: &[Concept], characters: &impl Characters) -> Vec<bool> {
    concepts
        .iter()
        .map(|concept| {
            concept.terms.iter().any(|term| {
                !find_term(text, term, concept.unknown, characters).is_empty()
                    || (concept.unknown
                        && term.chars().count() >= 3
                        && text
                            .chars
                            .windows(2)
                            .any(|w| w.iter().copied().eq(term.chars().take(2))))
            })
        })
        .collect()
}

/// The share of the query's meaning the covered concepts carry.
pub fn share(covered: &[bool], weights: &[f32]) -> f32 {
    let all: f32 = weights.iter().sum();
    let found: f32 = covered
        .iter()
        .zip(weights)
        .filter(|(c, _)| **c)
        .map(|(_, w)| w)
        .sum();
    if all > 0.0 {
        found / all
    } else {
        0.0
    }
}

/// Every place in a text where a concept's word is found, merged and sorted.
pub fn highlights(text: &Folded, concepts: &[Concept], characters: &impl Characters) -> Vec<Span> {
    let mut spans: Vec<Span> = concepts
        .iter()
        .flat_map(|c| c.terms.iter().map(move |term| (term, c.unknown)))
        .flat_map(|(term, fuzzy)| find_term(text, term, fuzzy, characters))
        .collect();
    spans.sort_by_key(|s| (s.from, std::cmp::Reverse(s.to)));
    let mut merged: Vec<Span> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.from <= last.to => last.to = last.to.max(span.to),
            _ => merged.push(span),
        }
    }
    merged
}

/// About [`SNIPPET_CHARS`] characters of `text` around the densest run of highlights, with
/// the spans moved to match and `…` where the text was cut.
pub fn window(text: &str, spans: &[Span]) -> (String, Vec<Span>) {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= SNIPPET_CHARS {
        return (text.to_string(), spans.to_vec());
    }
    // The start that puts the most highlights inside the window.
    let best = spans
        .iter()
        .map(|s| {
            let start = s.from.saturating_sub(12);
            let inside = spans
                .iter()
                .filter(|o| o.from >= start && o.to <= start + SNIPPET_CHARS)
                .count();
            (inside, std::cmp::Reverse(start), start)
        })
        .max()
        .map_or(0, |b| b.2);
    let start = best.min(chars.len() - SNIPPET_CHARS);
    let end = start + SNIPPET_CHARS;
    let lead = usize::from(start > 0);
    let mut snippet: String = chars[start..end].iter().collect();
    if start > 0 {
        snippet.insert(0, '…');
    }
    if end < chars.len() {
        snippet.push('…');
    }
    let moved = spans
        .iter()
        .filter(|s| s.from >= start && s.to <= end)
        .map(|s| Span {
            from: s.from - start + lead,
            to: s.to - start + lead,
        })
        .collect();
    (snippet, moved)
}

/// The question understood: its concepts with their weights, and the place it is asked for.
#[derive(Debug, Clone)]
pub struct Question<'q> {
    pub concepts: &'q [Concept],
    /// One per concept.
    pub weights: &'q [f32],
    /// The key of the place the reader asked about or chose, and whether the question
    /// itself named it.
    pub place: Option<(&'q str, bool)>,
}

impl Question<'_> {
    /// The place the question itself names.
    fn named(&self) -> Option<&str> {
        self.place.filter(|(_, named)| *named).map(|(key, _)| key)
    }

    /// Whether the question asks about money (补贴, 多少钱, 报销): it is then answered only
    /// by an entry that speaks of money too, not by one that shares the rest of its words.
    fn asks_for_money(&self) -> bool {
        self.concepts.iter().any(|c| asks_for_money(&c.terms[0]))
    }
}

/// Whether a candidate is offered, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// A curated answer that speaks to the question: offered as an answer.
    Answer,
    /// One that speaks to part of it: offered as related, after the answers.
    Related,
    /// Not offered as an answer (a passage, or an answer that speaks to too little).
    No,
}

/// What a candidate is judged on, and the judgement.
#[derive(Debug, Clone)]
pub struct Judged<T> {
    /// The index's score weighed by coverage and place.
    pub score: f32,
    /// The index's own score.
    pub raw: f32,
    /// Coverage by the entry's title alone (a question and its keywords).
    pub asked: f32,
    /// The share of the query's meaning (by concept weight) the entry's text holds.
    pub coverage: f32,
    /// Whether nothing rules it out as the answer: a specific thing or money asked about
    /// that it does not speak of, another place than the one the question names.
    pub may_answer: bool,
    /// Whether it is a curated answer (not a passage).
    pub answer: bool,
    /// The key of its place, or empty.
    pub place: String,
    /// Whether it is offered, and how.
    pub offer: Offer,
    /// What was judged.
    pub item: T,
}

/// A candidate's texts as the rules read them: its title (a question and its keywords) and
/// its whole text, both folded.
#[derive(Debug, Clone, Copy)]
pub struct Texts<'t> {
    pub title: &'t Folded,
    pub text: &'t Folded,
}

impl<T> Judged<T> {
    /// Measures a candidate the index scored `raw` against the question.
    pub fn measure(
        question: &Question<'_>,
        raw: f32,
        texts: Texts<'_>,
        answer: bool,
        place: &str,
        characters: &impl Characters,
        item: T,
    ) -> Judged<T> {
        let held = covered(texts.text, question.concepts, characters);
        let coverage = share(&held, question.weights);
        // A specific thing asked about (a rare noun) that the entry does not mention means
        // it answers something else.
        let thing_missing = question
            .concepts
            .iter()
            .zip(question.weights)
            .zip(&held)
            .any(|((c, w), h)| c.topical && *w >= SPECIFIC_THING_WEIGHT && !*h);
        let money_held = question
            .concepts
            .iter()
            .zip(&held)
            .any(|(c, h)| *h && asks_for_money(&c.terms[0]));
        let named = question.named().is_some();
        let same_place = match question.place {
            Some((key, _)) if place == key => Some(true),
            Some(_) if !place.is_empty() => Some(false),
            _ => None,
        };
        let place_weight = match same_place {
            Some(true) => PLACE_BOOST,
            Some(false) if named => OTHER_PLACE_SHARE,
            _ => 1.0,
        };
        // What a curated entry is about is its question and keywords; its answer may
        // mention much else in passing.
        let asked = share(
            &covered(texts.title, question.concepts, characters),
            question.weights,
        );
        Judged {
            score: raw * (0.2 + 0.8 * coverage) * place_weight,
            raw,
            asked,
            coverage,
            may_answer: !(thing_missing
                || (question.asks_for_money() && !money_held)
                || (named && same_place == Some(false))),
            answer,
            place: place.to_string(),
            offer: Offer::No,
            item,
        }
    }
}

/// Ranks the measured candidates best first and decides which curated answers are offered
/// as answers and which as related.
pub fn judge<T>(question: &Question<'_>, candidates: &mut [Judged<T>]) {
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
    // Where the question names a place, that place's answers are measured against the best
    // of them: they are what was asked for, however well another place's match.
    let named = question.named();
    let in_place = |c: &Judged<T>| named.is_none_or(|key| c.place == key);
    let best_of = |only_in_place: bool| {
        candidates
            .iter()
            .filter(|c| c.answer && (!only_in_place || in_place(c)))
            .map(|c| c.score)
            .fold(0.0_f32, f32::max)
    };
    let best_answer = best_of(false);
    let best_here = best_of(true);
    for c in candidates.iter_mut() {
        let answer = c.answer;
        let strong = answer && c.score >= 0.3 * best_answer;
        let here = named.is_none_or(|key| c.place == key);
        // The best-ranked answer (of the place asked about) is offered as related on less:
        // it is what the reader would most likely want to see next to the passages.
        let best = answer && here && c.score >= best_here;
        let strong_here = answer && here && named.is_some() && c.score >= 0.3 * best_here;
        let confident =
            strong && c.may_answer && c.coverage >= CONFIDENT_COVERAGE && c.asked >= ASKED_COVERAGE;
        let related = strong && c.coverage >= RELATED_COVERAGE
            || (best || strong_here) && c.coverage >= BEST_RELATED_COVERAGE;
        c.offer = match (confident, related) {
            (true, _) => Offer::Answer,
            (false, true) => Offer::Related,
            (false, false) => Offer::No,
        };
    }
}

/// The answers offered, in the order they are shown: confident ones, then related ones, the
/// place the question names first; at most `max`.
pub fn offered<'c, T>(
    question: &Question<'_>,
    candidates: &'c [Judged<T>],
    max: usize,
) -> Vec<&'c Judged<T>> {
    let confident = candidates.iter().filter(|c| c.offer == Offer::Answer);
    let related = candidates.iter().filter(|c| c.offer == Offer::Related);
    // Answers for the place the question names come before those for other places.
    let named = question.named();
    let (here, elsewhere): (Vec<&Judged<T>>, Vec<&Judged<T>>) = confident
        .chain(related)
        .partition(|c| named.is_none_or(|key| c.place == key));
    here.into_iter().chain(elsewhere).take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sound::tests::Few;

    fn concept(word: &str, topical: bool) -> Concept {
        Concept {
            terms: vec![word.to_string()],
            expanded: false,
            unknown: false,
            topical,
        }
    }

    #[test]
    fn long_passages_are_cut_around_the_matches() {
        let body = format!("{}小额信贷{}", "甲".repeat(200), "乙".repeat(200));
        let spans = vec![Span { from: 200, to: 204 }];
        let (snippet, moved) = window(&body, &spans);
        assert!(snippet.starts_with('…') && snippet.ends_with('…'));
        assert_eq!(snippet.chars().count(), SNIPPET_CHARS + 2);
        assert_eq!(moved, vec![Span { from: 13, to: 17 }]);
        let marked: String = snippet.chars().skip(13).take(4).collect();
        assert_eq!(marked, "小额信贷");
    }

    #[test]
    fn sounds_find_typed_slips_and_highlights_merge() {
        let text = Folded::of("看病医保", &Few);
        let typo = Concept {
            terms: vec!["医宝".to_string()],
            ..concept("医宝", false)
        };
        assert_eq!(
            find_term(&text, "医宝", false, &Few),
            vec![Span { from: 2, to: 4 }]
        );
        assert_eq!(
            highlights(
                &text,
                &[concept("看病", false), typo, concept("病医", false)],
                &Few
            ),
            vec![Span { from: 0, to: 4 }]
        );
    }

    #[test]
    fn rare_words_weigh_more_and_absent_things_most() {
        let rare = weight(&concept("危房", false), 1.0, 100.0);
        let common = weight(&concept("政策", false), 60.0, 100.0);
        assert!(rare > common);
        let absent_thing = weight(&concept("驾照", true), 0.0, 100.0);
        let absent_word = weight(&concept("赶紧", false), 0.0, 100.0);
        assert!(
            (absent_thing / absent_word - ABSENT_THING_WEIGHT / ABSENT_WORD_SHARE).abs() < 1e-4
        );
        let single = weight(&concept("花", false), 1.0, 100.0);
        assert!((single / rare - SINGLE_CHARACTER_SHARE).abs() < 1e-4);
    }

    #[test]
    fn an_answer_needs_half_the_question_and_the_money_asked_about() {
        let concepts = [concept("看病", false), concept("补贴", false)];
        let weights = [1.0, 1.0];
        let question = Question {
            concepts: &concepts,
            weights: &weights,
            place: None,
        };
        let fold = |t: &str| Folded::of(t, &Few);
        let (pays_title, pays) = (fold("看病补贴"), fold("看病补贴 有补贴"));
        let (silent_title, silent) = (fold("看病"), fold("看病 先诊疗"));
        let mut candidates = vec![
            Judged::measure(
                &question,
                1.0,
                Texts {
                    title: &silent_title,
                    text: &silent,
                },
                true,
                "",
                &Few,
                "silent",
            ),
            Judged::measure(
                &question,
                0.8,
                Texts {
                    title: &pays_title,
                    text: &pays,
                },
                true,
                "",
                &Few,
                "pays",
            ),
        ];
        judge(&question, &mut candidates);
        let shown: Vec<(&str, bool)> = offered(&question, &candidates, 3)
            .iter()
            .map(|c| (c.item, c.offer == Offer::Answer))
            .collect();
        assert_eq!(shown, vec![("pays", true), ("silent", false)]);
    }
}
