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

/// Where the time of one full analysis goes at `n` components: each stage and each rule, most expensive first.
fn breakdown(n: usize, style: synth::Style) {
    use trustmap::analysis::facts::Facts;
    use trustmap::analysis::metrics::Metrics;
    use trustmap::analysis::responsibility::Responsibility;
    use trustmap::analysis::risk::RiskSummary;
    use trustmap::analysis::{rules, run_rules};
    let Ok(model) = Model::new(synth::diagram(n, 42, style)) else { return };
    let posture = model.diagram().settings.posture;
    let facts = Facts::new(&model);
    let metrics = Metrics::compute(&model, &facts);
    let all = rules::all();
    let findings = run_rules(&model, &facts, &metrics, posture, &all);
    let mut rows: Vec<(Duration, String)> = vec![
        (time(10, || Facts::new(&model)), "facts".into()),
        (time(10, || Metrics::compute(&model, &facts)), "metrics".into()),
        (time(10, || Responsibility::compute(&model)), "responsibility".into()),
        (time(10, || RiskSummary::of(&model, &findings)), "risk totals".into()),
    ];
    for rule in &all {
        let one = [*rule];
        let count = run_rules(&model, &facts, &metrics, posture, &one).len();
        let took = time(10, || run_rules(&model, &facts, &metrics, posture, &one).len());
        rows.push((took, format!("{} ({count} findings)", rule.meta().id)));
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.0));
    println!("\nbreakdown at {} components:", model.components().len());
    for (took, what) in rows.iter().take(25) {
        println!("  {:>8.3} ms  {what}", took.as_secs_f64() * 1e3);
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let style = if std::env::args().any(|a| a == "--stress") { synth::Style::Stress } else { synth::Style::Realistic };
    if std::env::args().any(|a| a == "--breakdown") {
        breakdown(5_000, style);
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--write") {
        // `--write N FILE`: save a generated diagram to look at it with the CLI or the editor.
        let n = args.get(at + 1).and_then(|n| n.parse().ok()).unwrap_or(1_000);
        let file = args.get(at + 2).map_or("synthetic.json", String::as_str);
        if let Err(error) = std::fs::write(file, trustmap::io::to_json(&synth::diagram(n, 42, style))) {
            eprintln!("{file}: {error}");
        }
        return;
    }
    println!("style: {style:?}");
    println!(
        "{:>7} {:>7} {:>9} {:>12} {:>12} {:>14} {:>9}",
        "n", "flows", "findings", "model build", "analysis", "analysis/comp", "rules"
    );
    for n in [1_000, 5_000, 20_000] {
        let diagram = synth::diagram(n, 42, style);
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
