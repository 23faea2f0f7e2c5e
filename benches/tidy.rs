//! Tidy up speed: the whole compound layout (`trustmap::layout::tidy`, report included) of synthetic estates of
//! 100 and 1,000 components (3 flows each) with their layout removed, realistic and randomly wired.
//!
//! Run: `cargo bench --no-default-features --bench tidy [-- --quick]` (release profile). Prints medians of
//! repeated runs. Target: <= 1 s at 1,000 components.

#[path = "support/synth.rs"]
mod synth;
#[path = "support/timing.rs"]
mod timing;

use trustmap::layout::{Scope, tidy};
use trustmap::model::layout::Layout;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 3 } else { 11 };
    println!("{:>10} {:>6} {:>6} {:>10} {:>8} {:>10}", "style", "n", "flows", "tidy ms", "l-to-r", "crossings");
    for style in [synth::Style::Realistic, synth::Style::Stress, synth::Style::Random] {
        for n in [100, 1_000] {
            let mut diagram = synth::diagram(n, 42, style);
            diagram.layout = Layout::default();
            let elapsed = timing::time(runs, || tidy(&diagram, &Scope::All));
            let report = tidy(&diagram, &Scope::All).report;
            println!(
                "{:>10} {:>6} {:>6} {:>10.1} {:>7.0}% {:>10}",
                format!("{style:?}"),
                diagram.components.len(),
                report.flows,
                elapsed.as_secs_f64() * 1e3,
                report.left_to_right_share() * 100.0,
                report.crossings
            );
        }
    }
}
