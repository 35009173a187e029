#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a benchmark: a failure stops it, and percentile indices are small and positive"
)]
//! Query latency of the Q&A lookup, in process: p50/p95/p99 over the seed corpus, then over
//! the seed corpus plus 100 000 synthetic passages made by recombining the documents' own
//! sentences (so the words and their frequencies are realistic).
//!
//! `cargo run --release -p server --example search_bench [passages]`

use std::time::{Duration, Instant};

use app::model::search::HitKind;
use server::import::Seed;
use server::search::{Corpus, Engine, Entry};
use server::storage::Store;

const EVAL: &str = include_str!("../search/eval.tsv");
const HOLDOUT: &str = include_str!("../search/eval-holdout.tsv");
const ROUNDS: usize = 5;

fn queries() -> Vec<String> {
    EVAL.lines()
        .chain(HOLDOUT.lines())
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
        .map(str::to_string)
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn measure(engine: &Engine, queries: &[String], label: &str) {
    // One untimed pass warms the caches the way a running server has them warm.
    for q in queries {
        engine.search(q).expect("search");
    }
    let mut times = Vec::with_capacity(queries.len() * ROUNDS);
    for _ in 0..ROUNDS {
        for q in queries {
            let start = Instant::now();
            let results = engine.search(q).expect("search");
            times.push(start.elapsed());
            std::hint::black_box(results);
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: {} entries, {} queries × {ROUNDS}: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        engine.len(),
        queries.len(),
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap()),
    );
}

/// A small deterministic generator, so every run builds the same synthetic corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below
    }
}

fn synthetic(seed_corpus: &Corpus, passages: usize) -> Corpus {
    let sections: Vec<&Entry> = seed_corpus
        .entries
        .iter()
        .filter(|e| e.kind == HitKind::Section)
        .collect();
    let sentences: Vec<String> = sections
        .iter()
        .flat_map(|e| e.body.split('。'))
        .map(str::trim)
        .filter(|s| s.chars().count() >= 8)
        .map(|s| format!("{s}。"))
        .collect();
    let mut random = Lcg(20_261_123);
    let mut entries = seed_corpus.entries.clone();
    for i in 0..passages {
        let heading = &sections[random.next(sections.len())].title;
        let count = 2 + random.next(4);
        let body: String = (0..count)
            .map(|_| sentences[random.next(sentences.len())].as_str())
            .collect();
        entries.push(Entry {
            kind: HitKind::Section,
            id: format!("syn-s{i}"),
            title: heading.clone(),
            body,
            quote: None,
            keywords: String::new(),
            source: "合成文本（基准测试用）".to_string(),
            url: format!("/policies/synthetic#s-{i}"),
            place: String::new(),
        });
    }
    Corpus { entries }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let passages: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let store = Store::open(&format!("sqlite://{}/bench.db", dir.path().display())).await?;
    store.import_seed(&Seed::embedded()?).await?;
    let corpus = store.search_corpus().await?;
    let queries = queries();

    let start = Instant::now();
    let engine = Engine::build(corpus.clone())?;
    println!("seed index built in {:.2} s", start.elapsed().as_secs_f64());
    measure(&engine, &queries, "seed corpus");

    let big = synthetic(&corpus, passages);
    let chars: usize = big.entries.iter().map(|e| e.body.chars().count()).sum();
    let start = Instant::now();
    let engine = Engine::build(big)?;
    println!(
        "synthetic index ({passages} passages, {:.1} M characters) built in {:.1} s",
        chars as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    measure(&engine, &queries, "seed + synthetic corpus");
    store.close().await;
    Ok(())
}
