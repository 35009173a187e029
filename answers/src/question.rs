//! A question read: the place it asks about ([`locate`]) and its concepts ([`understand`]),
//! with typos read as the corpus words they sound like ([`Heard`]).

use std::collections::BTreeMap;

use crate::cut::Words;
use crate::places::{self, Place};
use crate::sound::{one_letter_apart, sound_of, Characters};
use crate::text::{is_han, is_stop_word, Synonyms};

/// One concept of a query: the words that stand for it and how much they weigh.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    /// The word as typed, then any policy terms it stands for.
    pub terms: Vec<String>,
    /// Whether the concept came from the synonym table.
    pub expanded: bool,
    /// Whether it is a run of characters the word cutter does not know as a word, most
    /// often a typo: only such a run may match a word that sounds one letter off
    /// (`扶平` → `扶贫`).
    pub unknown: bool,
    /// Whether it names a thing (a noun): a thing no entry mentions means the question is
    /// about something the documents do not cover (驾照, 社保卡); a missing verb, adverb or
    /// adjective is mostly the way people talk.
    pub topical: bool,
}

/// The corpus's words by their sound, to read a typo as the word it sounds like
/// (`残急人` → `残疾人`).
#[derive(Debug, Clone, Default)]
pub struct Heard {
    /// Sound → word → how often it was heard.
    counts: BTreeMap<String, BTreeMap<String, u32>>,
}

impl Heard {
    /// Counts `word` under its sound (a word of two or more Chinese characters).
    pub fn add(&mut self, word: &str, characters: &impl Characters) {
        if let Some(sound) = sound_of(word, characters) {
            *self
                .counts
                .entry(sound)
                .or_default()
                .entry(word.to_string())
                .or_default() += 1;
        }
    }

    /// The word heard most often with `sound` (the first in order when several tie).
    fn best(words: &BTreeMap<String, u32>) -> Option<(&str, u32)> {
        words
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(word, n)| (word.as_str(), *n))
    }

    /// The corpus word that sounds like `typed` (exactly, or else one letter off), the one
    /// heard most often when several do.
    pub fn sounds_like(&self, typed: &str, characters: &impl Characters) -> Option<String> {
        let sound = sound_of(typed, characters)?;
        if let Some(words) = self.counts.get(&sound) {
            let (word, _) = Heard::best(words)?;
            return (word != typed).then(|| word.to_string());
        }
        if sound.len() < 5 {
            return None;
        }
        self.counts
            .iter()
            .filter(|(other, _)| {
                other.len().abs_diff(sound.len()) <= 1
                    && one_letter_apart(other.as_bytes(), sound.as_bytes()) <= 1
            })
            .filter_map(|(_, words)| Heard::best(words))
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(word, _)| word.to_string())
    }
}

/// Where a question asks about: the place it names (then taken out of the words to look
/// for, unless nothing else is left: every entry of that place holds it without saying it),
/// or else the one the reader chose (a key of [`PLACES`](crate::places::PLACES)); with
/// whether the question named it.
pub fn locate(
    normalised: String,
    chosen: Option<&str>,
) -> (String, Option<(&'static Place, bool)>) {
    let mut place = chosen.and_then(places::by_key).map(|p| (p, false));
    let mut normalised = normalised;
    if let Some((named, from, to)) = places::named_in(&normalised) {
        let rest: String = normalised
            .chars()
            .enumerate()
            .map(|(i, c)| if (from..to).contains(&i) { ' ' } else { c })
            .collect();
        if rest.chars().any(char::is_alphanumeric) {
            normalised = rest;
        }
        place = Some((named, true));
    }
    (normalised, place)
}

/// A question cut into concepts, with the everyday words read as policy terms (and the
/// typos read as words), as (word, terms).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Understood {
    pub concepts: Vec<Concept>,
    pub expansions: Vec<(String, Vec<String>)>,
}

/// Cuts a normalised query into concepts: every everyday word of the synonym table, then
/// the longest words outside them that are not stop words; runs of single characters are
/// joined back (up to four), since a word the cutter does not know (often a typo) falls
/// apart into characters, and such a run is also read as the corpus word it sounds like.
pub fn understand(
    normalised: &str,
    words: &impl Words,
    heard: &Heard,
    characters: &impl Characters,
) -> Understood {
    let found = Synonyms::embedded().find(normalised);
    let mut understood = Understood::default();
    let mut covered = vec![false; normalised.chars().count()];
    for (start, end, word, terms) in &found {
        covered[*start..*end].iter_mut().for_each(|c| *c = true);
        let mut all = vec![word.to_string()];
        all.extend(terms.iter().cloned());
        understood.concepts.push(Concept {
            terms: all,
            expanded: true,
            unknown: false,
            topical: true,
        });
        understood
            .expansions
            .push((word.to_string(), terms.to_vec()));
    }
    // Without the hidden Markov model, a word the cutter does not know stays as characters
    // instead of being guessed into a new word.
    let tokens: Vec<(usize, usize, String)> = words
        .search_words(normalised)
        .into_iter()
        .map(|(from, to, word)| (from, to, word.to_lowercase()))
        .collect();
    let nouns = words.noun_spans(normalised);
    let mut longest: Vec<(usize, usize, String)> = Vec::new();
    for (from, to, text) in &tokens {
        let inside_longer = tokens
            .iter()
            .any(|(f, t, _)| f <= from && to <= t && (t - f) > (to - from));
        let in_synonym = covered
            .get(*from..*to)
            .is_some_and(|span| span.iter().all(|c| *c));
        let meaningful = text.chars().any(char::is_alphanumeric);
        if meaningful && !inside_longer && !in_synonym && !is_stop_word(text) {
            longest.push((*from, *to, text.clone()));
        }
    }
    longest.sort();
    longest.dedup();
    // (first char, end char, text, made of single characters only)
    let mut merged: Vec<(usize, usize, String, bool)> = Vec::new();
    for (from, to, text) in longest {
        let single_han = to - from == 1 && text.chars().all(is_han);
        match merged.last_mut() {
            Some(last) if single_han && last.3 && last.1 == from && last.1 - last.0 < 4 => {
                last.1 = to;
                last.2.push_str(&text);
            }
            _ => merged.push((from, to, text, single_han)),
        }
    }
    for (from, to, text, singles) in merged {
        if understood.concepts.iter().any(|c| c.terms[0] == text) {
            continue;
        }
        let unknown = singles && to - from > 1;
        let mut terms = vec![text.clone()];
        if unknown {
            if let Some(word) = heard.sounds_like(&text, characters) {
                understood.expansions.push((text, vec![word.clone()]));
                terms.push(word);
            }
        }
        understood.concepts.push(Concept {
            terms,
            expanded: false,
            unknown,
            topical: nouns.contains(&(from, to)),
        });
    }
    understood
}
