//! The Q&A lookup's portable core: what the server's engine and the browser's WebAssembly
//! both run to understand a question and to judge a curated answer against it.
//!
//! - [`text`]: a query folded as the engine reads it, the synonym table, stop words, words
//!   about money, the sentences of an answer that say what a document does not say;
//! - [`sound`]: the toneless pinyin of characters, which catches typos made with a pinyin
//!   keyboard, read through [`sound::Characters`] (the server answers it from its
//!   dictionaries, the browser from the table it is sent);
//! - [`cut`]: cutting a question into words ([`cut::Words`]: jieba on the server, the same
//!   algorithm over the words it is sent in the browser, [`cut::Dictionary`]);
//! - [`book`]: the curated answers and their ranking (BM25 over their words, character pairs
//!   and sounds), the same on both sides;
//! - [`places`]: the five places the documents come from, as a question names them;
//! - [`question`]: a question's place and concepts, its typos read as words;
//! - [`rank`]: a question's concepts, how much of them a text holds, and which candidates
//!   are offered as answers or as related.
//!
//! No IO, no framework, no index: the server finds its candidates with tantivy and hands
//! them here to be judged.

pub mod book;
pub mod cut;
pub mod places;
pub mod question;
pub mod rank;
pub mod sound;
pub mod text;
