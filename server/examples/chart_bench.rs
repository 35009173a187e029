#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a benchmark: a failure stops it, and percentile indices are small and positive"
)]
//! Server-side chart drawing time: the median (and p95) over 1 000 renders of a series chart
//! of one industry measure and of a regions bar chart.
//!
//! `cargo run --release -p server --example chart_bench`

use std::time::{Duration, Instant};

use app::model::industries::{SeriesChart, SeriesPoint};
use app::model::regions::{Bar, BarChart};
use server::charts::{bar_chart_svg, series_chart_svg};

const RENDERS: usize = 1_000;

fn time(label: &str, mut render: impl FnMut() -> usize) {
    let mut times: Vec<Duration> = Vec::with_capacity(RENDERS);
    let mut bytes = 0;
    for _ in 0..RENDERS {
        let start = Instant::now();
        bytes = std::hint::black_box(render());
        times.push(start.elapsed());
    }
    times.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "{label}: {RENDERS} renders, median {:.1} µs, p95 {:.1} µs, {bytes} bytes of SVG",
        us(times[RENDERS / 2]),
        us(times[RENDERS * 95 / 100]),
    );
}

fn main() {
    let series = SeriesChart {
        title: "林下经济利用面积（黔西南州）".into(),
        unit: "万亩".into(),
        points: [
            (2020, 146.98, "baseline"),
            (2022, 180.0, "actual"),
            (2023, 201.5, "actual"),
            (2025, 260.0, "target"),
        ]
        .into_iter()
        .map(|(year, value, kind)| SeriesPoint {
            year,
            value,
            kind: kind.into(),
            label: format!("{value} 万亩"),
        })
        .collect(),
        undated: 0,
        empty: String::new(),
    };
    let bars = BarChart {
        unit: "个行政村".into(),
        bars: [
            ("乡村振兴引领示范村", 45.0),
            ("乡村振兴重点推进村", 72.0),
            ("乡村振兴夯实基础村", 53.0),
        ]
        .into_iter()
        .map(|(label, value)| Bar {
            label: label.into(),
            value,
        })
        .collect(),
    };
    time("series chart (4 points)", || {
        series_chart_svg(&series).expect("draws").len()
    });
    time("bar chart (3 bars)", || {
        bar_chart_svg(&bars).expect("draws").len()
    });
}
