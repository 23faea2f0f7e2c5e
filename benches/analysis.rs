//! Analysis speed on synthetic diagrams of 1k, 5k and 20k components (3 flows each): model build (check + index),
//! full analysis (all rules + responsibility + metrics), and per-component cost to judge linear growth.
//!
//! Run: `cargo bench --bench analysis` (release profile). Prints medians of repeated runs.

#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::time::{Duration, Instant};

use trustmap::analysis::analyze;
use trustmap::model::Model;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let _warm = black_box(f());
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    println!(
        "{:>7} {:>7} {:>9} {:>12} {:>12} {:>14} {:>9}",
        "n", "flows", "findings", "model build", "analysis", "analysis/comp", "rules"
    );
    for n in [1_000, 5_000, 20_000] {
        let diagram = synth::diagram(n, 42);
        let components = diagram.components.len();
        let flows = diagram.flows.len();
        let runs = if quick {
            3
        } else if n >= 20_000 {
            10
        } else {
            30
        };
        let build = time(runs, || Model::new(diagram.clone()).map(|m| m.components().len()));
        let model = match Model::new(diagram) {
            Ok(model) => model,
            Err(problems) => {
                eprintln!("synthetic diagram invalid: {}", problems[0]);
                std::process::exit(1);
            }
        };
        let result = analyze(&model);
        let analysis = time(runs, || analyze(&model).findings.len());
        println!(
            "{:>7} {:>7} {:>9} {:>9.2} ms {:>9.2} ms {:>11.0} ns {:>9}",
            components,
            flows,
            result.findings.len(),
            build.as_secs_f64() * 1e3,
            analysis.as_secs_f64() * 1e3,
            analysis.as_secs_f64() * 1e9 / components as f64,
            trustmap::analysis::rules::all().len(),
        );
    }
}
