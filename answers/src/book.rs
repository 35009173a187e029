//! The curated answers and their ranking: what the server offers as answers and what the
//! browser answers offline with, from the same entries by the same code.
//!
//! Each answer is read four ways, as the server's index reads every entry: its words (the
//! cutter in search mode), every pair of adjacent characters (so any run of two or more
//! characters of a question matches wherever it stands), the sound of its words (so a
//! pinyin-keyboard slip still matches), each in its question-and-keywords and in its body.
//! A question's concepts are scored against them by BM25, each way boosted as the server's
//! index boosts it; [`crate::rank`] then weighs the score by coverage and judges.

use serde::{Deserialize, Serialize};

use crate::cut::{Dictionary, WordLineError, Words};
use crate::places::{self, Place};
use crate::rank::{self, Concept, Folded, Heard, Judged, Offer, Question, Span, Texts};
use crate::sound::{one_letter_apart, sound_of, Characters, Table};
use crate::text::{answered, fold_chars, normalise, titled};

/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// BM25's length normalisation.
const B: f32 = 0.75;

/// A curated answer, as kept and as shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Answer {
    /// `qa-001`.
    pub id: String,
    pub question: String,
    /// Space-separated.
    pub keywords: String,
    /// The plain answer.
    pub body: String,
    /// The supporting quote.
    pub quote: String,
    /// The document and section, in words.
    pub source: String,
    /// The section's address with its anchor.
    pub url: String,
    /// The key of the place its document speaks for (`qianxinan`), or empty.
    pub place: String,
}

impl Answer {
    /// The text that counts most: the question and its keywords.
    pub fn search_title(&self) -> String {
        titled(&self.question, &self.keywords)
    }

    /// The rest: the answer and its quote ([`answered`]).
    pub fn search_body(&self) -> String {
        answered(&self.body, &self.quote)
    }
}

/// The text the pairs are read from: folded, with every character that is not a letter,
/// digit or Chinese character made a space (pairs never span them).
pub fn gram_text(text: &str) -> Vec<char> {
    fold_chars(text)
        .into_iter()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// One way an answer is read, in one of its parts.
#[derive(Debug, Clone, Default)]
struct Field {
    /// Words, or sounds.
    tokens: Vec<String>,
    /// The text, for pairs.
    grams: Vec<char>,
}

impl Field {
    fn pairs(&self) -> usize {
        self.grams
            .windows(2)
            .filter(|w| w[0] != ' ' && w[1] != ' ')
            .count()
    }

    /// How often `needle` (two or more letters, digits or Chinese characters) occurs.
    fn occurrences(&self, needle: &[char]) -> usize {
        if needle.len() < 2 || needle.iter().any(|c| !c.is_alphanumeric()) {
            return 0;
        }
        self.grams
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    }

    fn count(&self, token: &str) -> usize {
        self.tokens.iter().filter(|t| *t == token).count()
    }
}

/// Whether a concept is a run of characters the cutter does not know (two or more) that no
/// answer holds (`scores`, one list per concept) and that was not read as a word it sounds
/// like.
fn understood_not(concepts: &[Concept], scores: &[Vec<f32>]) -> bool {
    concepts.iter().zip(scores).any(|(concept, scores)| {
        concept.unknown && concept.terms.len() == 1 && scores.iter().all(|s| *s <= 0.0)
    })
}

/// How many answers hold something, from how often each does.
fn held(frequencies: &[usize]) -> usize {
    frequencies.iter().filter(|f| **f > 0).count()
}

/// What the ranking reads of an answer.
#[derive(Debug, Clone)]
struct Indexed {
    title: Field,
    body: Field,
    sounds: Field,
    folded_title: Folded,
    folded_text: Folded,
    folded_body: Folded,
}

/// The answers and how each is read.
#[derive(Debug, Clone, Default)]
pub struct Book {
    answers: Vec<Answer>,
    indexed: Vec<Indexed>,
    heard: Heard,
    /// Average length of each way in: title words, body words, title pairs, body pairs,
    /// sounds.
    average: [f32; 5],
}

/// One way in, with its boost.
#[derive(Clone, Copy)]
enum Way {
    TitleWords,
    BodyWords,
    TitlePairs,
    BodyPairs,
    Sounds,
}

impl Book {
    /// Reads `answers` with `words` for the cutter.
    pub fn new(answers: Vec<Answer>, words: &impl Words, characters: &impl Characters) -> Book {
        let mut heard = Heard::default();
        let mut indexed = Vec::with_capacity(answers.len());
        for answer in &answers {
            let title = answer.search_title();
            let body = answer.search_body();
            let cut = |text: &str| -> Field {
                let grams = gram_text(text);
                let plain: String = grams.iter().collect();
                let tokens = words
                    .search_words(&plain)
                    .into_iter()
                    .map(|(_, _, w)| w.to_lowercase())
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .collect();
                Field { tokens, grams }
            };
            let title_field = cut(&title);
            let body_field = cut(&body);
            let sounds = title_field
                .tokens
                .iter()
                .chain(&body_field.tokens)
                .filter_map(|word| {
                    heard.add(word, characters);
                    sound_of(word, characters)
                })
                .collect();
            let text = format!("{title} {body}");
            indexed.push(Indexed {
                title: title_field,
                body: body_field,
                sounds: Field {
                    tokens: sounds,
                    grams: Vec::new(),
                },
                folded_title: Folded::of(&title, characters),
                folded_text: Folded::of(&text, characters),
                folded_body: Folded::of(&answer.body, characters),
            });
        }
        let mut average = [0.0_f32; 5];
        if !indexed.is_empty() {
            #[expect(clippy::cast_precision_loss, reason = "counts far below 2^24")]
            let mean = |len: &dyn Fn(&Indexed) -> usize| {
                indexed.iter().map(len).sum::<usize>() as f32 / indexed.len() as f32
            };
            average = [
                mean(&|i| i.title.tokens.len()),
                mean(&|i| i.body.tokens.len()),
                mean(&|i| i.title.pairs()),
                mean(&|i| i.body.pairs()),
                mean(&|i| i.sounds.tokens.len()),
            ];
        }
        Book {
            answers,
            indexed,
            heard,
            average,
        }
    }

    /// The answers.
    pub fn answers(&self) -> &[Answer] {
        &self.answers
    }

    /// The answers' words by sound.
    pub fn heard(&self) -> &Heard {
        &self.heard
    }

    fn field(&self, at: usize, way: Way) -> &Field {
        let indexed = &self.indexed[at];
        match way {
            Way::TitleWords | Way::TitlePairs => &indexed.title,
            Way::BodyWords | Way::BodyPairs => &indexed.body,
            Way::Sounds => &indexed.sounds,
        }
    }

    /// BM25 of one term in one way in, for the answer at `at`: `frequency` of it there,
    /// `idf` how rare it is.
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^24")]
    fn bm25(&self, at: usize, way: Way, frequency: usize, idf: f32) -> f32 {
        if frequency == 0 {
            return 0.0;
        }
        let field = self.field(at, way);
        let (length, average) = match way {
            Way::TitleWords | Way::BodyWords | Way::Sounds => {
                (field.tokens.len(), self.average[way as usize])
            }
            Way::TitlePairs | Way::BodyPairs => (field.pairs(), self.average[way as usize]),
        };
        let tf = frequency as f32;
        let norm = if average > 0.0 {
            1.0 - B + B * length as f32 / average
        } else {
            1.0
        };
        idf * tf * (K1 + 1.0) / (tf + K1 * norm)
    }

    /// How rare a term is among the answers, as BM25 weighs it.
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^24")]
    fn idf(&self, held: usize) -> f32 {
        let n = self.answers.len() as f32;
        let held = held as f32;
        (1.0 + (n - held + 0.5) / (held + 0.5)).ln()
    }

    /// How often each answer holds what `frequency` counts, in one way in.
    fn frequencies(&self, way: Way, frequency: impl Fn(&Field) -> usize) -> Vec<usize> {
        (0..self.answers.len())
            .map(|at| frequency(self.field(at, way)))
            .collect()
    }

    /// Adds one clause's BM25 to every answer's score, its rarity from the answers that
    /// hold it (`held`) unless given.
    fn add(
        &self,
        scores: &mut [f32],
        way: Way,
        boost: f32,
        frequencies: &[usize],
        idf: Option<f32>,
    ) {
        let idf = idf.unwrap_or_else(|| self.idf(held(frequencies)));
        for (at, (score, frequency)) in scores.iter_mut().zip(frequencies).enumerate() {
            *score += boost * self.bm25(at, way, *frequency, idf);
        }
    }

    /// The score of every answer for one concept (zero where it does not match): every
    /// term through every way in, boosted.
    fn concept_scores(&self, concept: &Concept, characters: &impl Characters) -> Vec<f32> {
        let mut scores = vec![0.0_f32; self.answers.len()];
        for (index, term) in concept.terms.iter().enumerate() {
            // The word as typed weighs most; the policy terms it stands for a little less.
            let weight = if concept.expanded && index > 0 {
                0.7
            } else {
                1.0
            };
            let chars = fold_chars(term);
            for (way, boost) in [(Way::TitleWords, 2.5), (Way::BodyWords, 1.0)] {
                let frequencies = self.frequencies(way, |f| f.count(term));
                self.add(&mut scores, way, boost * weight, &frequencies, None);
            }
            // A phrase of pairs weighs as its pairs do together.
            if chars.len() >= 2 {
                for (way, boost) in [(Way::TitlePairs, 2.0), (Way::BodyPairs, 0.8)] {
                    let idf = chars
                        .windows(2)
                        .map(|pair| self.idf(held(&self.frequencies(way, |f| f.occurrences(pair)))))
                        .sum();
                    let frequencies = self.frequencies(way, |f| f.occurrences(&chars));
                    self.add(&mut scores, way, boost * weight, &frequencies, Some(idf));
                }
            }
            // A name typed short: its pairs count one by one.
            if concept.unknown && chars.len() >= 3 {
                for pair in chars.windows(2) {
                    for (way, boost) in [(Way::TitlePairs, 0.6), (Way::BodyPairs, 0.3)] {
                        let frequencies = self.frequencies(way, |f| f.occurrences(pair));
                        self.add(&mut scores, way, boost * weight, &frequencies, None);
                    }
                }
            }
            // The word's sound; for a typo, a constant share where a sound is one letter off.
            if let Some(sound) = sound_of(term, characters) {
                let frequencies = self.frequencies(Way::Sounds, |f| f.count(&sound));
                self.add(&mut scores, Way::Sounds, 0.8 * weight, &frequencies, None);
                if concept.unknown && sound.len() >= 5 {
                    for (at, score) in scores.iter_mut().enumerate() {
                        let near = self.indexed[at]
                            .sounds
                            .tokens
                            .iter()
                            .any(|t| one_letter_apart(t.as_bytes(), sound.as_bytes()) <= 1);
                        if near {
                            *score += 0.4 * weight;
                        }
                    }
                }
            }
        }
        scores
    }

    /// Ranks every answer for a question understood, for a reader of `place` (a place key,
    /// and whether the question named it): the concepts' weights, and the answers that
    /// match, measured, judged and best first.
    pub fn rank(
        &self,
        concepts: &[Concept],
        place: Option<(&str, bool)>,
        characters: &impl Characters,
    ) -> Ranked {
        let scores: Vec<Vec<f32>> = concepts
            .iter()
            .map(|c| self.concept_scores(c, characters))
            .collect();
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^24")]
        let total = self.answers.len() as f32;
        let weights: Vec<f32> = concepts
            .iter()
            .zip(&scores)
            .map(|(concept, scores)| {
                #[expect(clippy::cast_precision_loss, reason = "counts far below 2^24")]
                let held = scores.iter().filter(|s| **s > 0.0).count() as f32;
                rank::weight(concept, held, total)
            })
            .collect();
        let question = Question {
            concepts,
            weights: &weights,
            place,
        };
        let mut candidates: Vec<Judged<usize>> = (0..self.answers.len())
            .filter_map(|at| {
                let raw: f32 = scores.iter().map(|s| s[at]).sum();
                (raw > 0.0).then(|| {
                    let indexed = &self.indexed[at];
                    Judged::measure(
                        &question,
                        raw,
                        Texts {
                            title: &indexed.folded_title,
                            text: &indexed.folded_text,
                        },
                        true,
                        &self.answers[at].place,
                        characters,
                        at,
                    )
                })
            })
            .collect();
        rank::judge(&question, &mut candidates);
        // A run of characters the cutter does not know, that no answer holds and that sounds
        // like none of their words, is a part of the question not understood: no answer is
        // then offered as *the* answer, only as related. (The browser's cutter knows fewer
        // words than jieba, so a thing jieba would know no answer mentions, 疫苗 or 二胎,
        // is such a run on the phone.)
        let not_understood = understood_not(concepts, &scores);
        if not_understood {
            for c in &mut candidates {
                if c.offer == Offer::Answer {
                    c.offer = Offer::Related;
                }
            }
        }
        Ranked {
            weights,
            candidates,
        }
    }

    /// The answer at `at` as shown: its body folded, for highlights.
    pub fn folded_body(&self, at: usize) -> Option<&Folded> {
        self.indexed.get(at).map(|i| &i.folded_body)
    }
}

/// A question's ranking among the answers.
#[derive(Debug, Clone)]
pub struct Ranked {
    /// One per concept.
    pub weights: Vec<f32>,
    /// Every answer that matches, best first, each by its place in the book.
    pub candidates: Vec<Judged<usize>>,
}

/// The answers offered for one question ([`Shelf::reply`]).
#[derive(Debug, Clone)]
pub struct Reply<'a> {
    /// The place the answers were ranked for: named in the question, else the one chosen.
    pub place: Option<&'static Place>,
    /// Whether the question named it.
    pub named: bool,
    pub offered: Vec<Offered<'a>>,
}

/// One answer offered, with what is shown beside it.
#[derive(Debug, Clone)]
pub struct Offered<'a> {
    pub answer: &'a Answer,
    pub offer: Offer,
    /// The parts of the body the question found, by character.
    pub highlights: Vec<Span>,
    /// The place the answer speaks for, if any.
    pub place: Option<&'static Place>,
    /// Whether that is not the place the answers were ranked for.
    pub elsewhere: bool,
}

/// What the browser is sent to answer offline (`/ask/offline.json`): the curated answers,
/// the cutter's words and the characters' readings, with the content's revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offline {
    /// Changes whenever the answers do.
    pub revision: String,
    pub answers: Vec<Answer>,
    /// The word table, as `answers/words.txt` writes it.
    pub words: String,
    pub characters: Table,
}

/// The answers opened, ready to be asked.
#[derive(Debug, Clone)]
pub struct Shelf {
    book: Book,
    words: Dictionary,
    characters: Table,
}

impl Offline {
    /// Reads the word table and the answers.
    pub fn open(self) -> Result<Shelf, WordLineError> {
        let words = Dictionary::parse(&self.words)?;
        let characters = self.characters.ready();
        let book = Book::new(self.answers, &words, &characters);
        Ok(Shelf {
            book,
            words,
            characters,
        })
    }
}

impl Shelf {
    /// The answers offered for `raw` (at most [`rank::MAX_ANSWERS`]), in the order the
    /// server offers them to a reader who chose the place `chosen` (a place key) or none;
    /// each with how the ranking would offer it (see [`Shelf::offered_offline`]).
    pub fn ask(&self, raw: &str, chosen: Option<&str>) -> Vec<(&Answer, Offer)> {
        self.reply(raw, chosen)
            .offered
            .into_iter()
            .map(|o| (o.answer, o.offer))
            .collect()
    }

    /// The answers offered for `raw`, as [`Shelf::ask`] orders them, with what the page
    /// shows beside each: the place it speaks for (marked when it is not the place the
    /// answers were ranked for) and the parts of its body the question found.
    pub fn reply(&self, raw: &str, chosen: Option<&str>) -> Reply<'_> {
        let (normalised, place) = rank::locate(normalise(raw, &self.characters), chosen);
        let understood = rank::understand(
            &normalised,
            &self.words,
            self.book.heard(),
            &self.characters,
        );
        let key = place.map(|(p, named)| (p.key, named));
        let ranked = self.book.rank(&understood.concepts, key, &self.characters);
        let question = Question {
            concepts: &understood.concepts,
            weights: &ranked.weights,
            place: key,
        };
        let offered = rank::offered(&question, &ranked.candidates, rank::MAX_ANSWERS)
            .into_iter()
            .filter_map(|c| {
                let answer = self.book.answers.get(c.item)?;
                let highlights = self.book.folded_body(c.item).map_or_else(Vec::new, |body| {
                    rank::highlights(body, &understood.concepts, &self.characters)
                });
                let speaks_for = places::by_key(&answer.place);
                Some(Offered {
                    answer,
                    offer: c.offer,
                    highlights,
                    place: speaks_for,
                    elsewhere: matches!((place, speaks_for), (Some((p, _)), Some(s)) if p.key != s.key),
                })
            })
            .collect();
        Reply {
            place: place.map(|(p, _)| p),
            named: place.is_some_and(|(_, named)| named),
            offered,
        }
    }

    /// How an answer found offline is shown: never as *the* answer, at most as related.
    /// The phone's cutter knows a few thousand words where jieba knows 349,000: it cannot
    /// tell a thing the answers do not cover (疫苗, 社保) from a typo it does not know, so it
    /// cannot be sure an answer fits, whatever its ranking says; the page shows every
    /// offline answer as a reference to check once online.
    pub fn offered_offline(offer: Offer) -> Offer {
        match offer {
            Offer::Answer | Offer::Related => Offer::Related,
            Offer::No => Offer::No,
        }
    }
}
