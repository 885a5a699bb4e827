//! How long a PDF takes: `cargo bench -p quotla-documents` (release build) prints the median,
//! 99th percentile and size of a 3-line invoice with a logo and a 200-line invoice with long,
//! right-to-left and emoji text.

#[path = "../tests/common/sheets.rs"]
mod sheets;

use std::time::{Duration, Instant};

fn measure(name: &str, sheet: &quotla_documents::Sheet, runs: usize) {
    // The first render loads and parses the fonts once per process.
    let first = Instant::now();
    let bytes = quotla_documents::render(sheet).expect("render").len();
    let cold = first.elapsed();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            quotla_documents::render(sheet).expect("render");
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<28} first {:>8.2?}  p50 {:>8.2?}  p99 {:>8.2?}  {:>7} bytes  ({runs} runs)",
        cold,
        at(0.5),
        at(0.99),
        bytes
    );
}

fn main() {
    measure("invoice, 3 lines + logo", &sheets::invoice(), 200);
    measure("invoice, 200 hostile lines", &sheets::hostile(), 30);
}
