//! Cost proportional to the input: on hostile diagrams (`support/hostile.rs`), every command's output stays within
//! 20 times the input and grows no faster than the input when the input doubles; IAM statements collapse; deep call
//! graphs need no deep stack; suggestions and echoed values are capped. Bounds are on output bytes and work
//! counters, never on wall time.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

#[path = "support/hostile.rs"]
mod hostile;

use serde_json::Value;
use trustmap::analysis::blast::{BlastGraph, Start};
use trustmap::model::Posture;

/// Runs the command line in-process on `diagram` written to a file: (exit code, stdout bytes, stderr).
fn run(diagram_file: &std::path::Path, args: &[&str]) -> (u8, usize, String) {
    let mut argv: Vec<std::ffi::OsString> = vec!["trustmap".into(), args[0].into(), diagram_file.into()];
    argv.extend(args[1..].iter().map(Into::into));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = match trustmap::cli::run(argv, &mut out, &mut err) {
        trustmap::cli::Outcome::Exit(code) => code,
        trustmap::cli::Outcome::OpenEditor(_) => 99,
    };
    (code, out.len(), String::from_utf8_lossy(&err).into_owned())
}

fn write(name: &str, diagram: &Value) -> (std::path::PathBuf, usize) {
    let dir = std::env::temp_dir().join(format!("trustmap-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let text = serde_json::to_string(diagram).unwrap();
    std::fs::write(&path, &text).unwrap();
    (path, text.len())
}

/// Every output of every command on one diagram, by command line.
fn outputs(name: &str, diagram: &Value, from: &str) -> (usize, Vec<(String, usize)>) {
    let (path, input) = write(name, diagram);
    let mut sizes = Vec::new();
    for args in [
        vec!["check"],
        vec!["check", "--format", "json"],
        vec!["check", "--format", "markdown"],
        vec!["check", "--format", "sarif"],
        vec!["blast", "--from", from],
        vec!["blast", "--from", from, "--format", "json"],
        vec!["validate"],
    ] {
        let (code, bytes, err) = run(&path, &args);
        assert_eq!(code, 0, "{name} {args:?}: {err}");
        sizes.push((args.join(" "), bytes));
    }
    (input, sizes)
}

/// Output at most 20x the input (written compactly, so the bound holds for the smallest spelling of a diagram), and growing by at most 2.2x (relative to the input's growth) when it doubles.
fn assert_linear(name: &str, small: &Value, large: &Value, from: &str) {
    let (in_small, out_small) = outputs(&format!("{name}-small.json"), small, from);
    let (in_large, out_large) = outputs(&format!("{name}-large.json"), large, from);
    let input_growth = in_large as f64 / in_small as f64;
    for ((command, small), (_, large)) in out_small.iter().zip(&out_large) {
        assert!(*large <= 20 * in_large, "{name} `{command}`: {large} bytes out of {in_large} in");
        let growth = *large as f64 / (*small).max(1) as f64;
        assert!(
            growth <= 1.1 * input_growth,
            "{name} `{command}`: output grew {growth:.2}x ({small} -> {large}) while the input grew {input_growth:.2}x"
        );
    }
}

#[test]
fn a_cartesian_iam_statement_collapses_to_one_edge_per_target() {
    let edges = |n: usize| {
        let model = trustmap::io::load_str(&hostile::iam_cartesian(n).to_string()).unwrap();
        BlastGraph::new(&model, Posture::Perimeter).edge_count()
    };
    let (small, large) = (edges(10), edges(3_000));
    assert_eq!(small, large, "3,000 x 3,000 wildcards give the same steps as 10 x 10");
    assert!(large < 200, "{large} steps");
}

#[test]
fn deep_lines_and_rings_of_contexts_need_no_deep_stack() {
    for ring in [false, true] {
        let text = hostile::context_line(20_000, ring).to_string();
        // A small stack: a recursive strongly-connected-components search over 20,000 contexts would overflow it.
        let analysis = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let model = trustmap::io::load_str(&text).unwrap();
                trustmap::analysis::analyze(&model)
            })
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert_eq!(analysis.metrics.context_cycles.len(), usize::from(ring), "ring: {ring}");
        assert_eq!(analysis.metrics.longest_sync_chain.map(|c| c.length), (!ring).then_some(19_999));
    }
}

#[test]
fn sync_chains_from_the_internet_grow_linearly() {
    assert_linear("sync-chain", &hostile::sync_chain(500), &hostile::sync_chain(1_000), "actor:internet");
}

#[test]
fn control_chains_grow_linearly() {
    assert_linear("control-chain", &hostile::control_chain(500), &hostile::control_chain(1_000), "l0");
}

#[test]
fn chains_sharing_a_tail_grow_linearly() {
    assert_linear("comb", &hostile::comb(300), &hostile::comb(600), "c0");
}

#[test]
fn lines_of_contexts_grow_linearly() {
    assert_linear("line", &hostile::context_line(1_000, false), &hostile::context_line(2_000, false), "s0");
}

#[test]
fn many_lone_services_grow_linearly() {
    assert_linear("many", &hostile::many(1_000), &hostile::many(2_000), "s0");
}

#[test]
fn complete_graphs_stay_within_twenty_times_the_input() {
    assert_linear("complete", &hostile::complete(20), &hostile::complete(40), "s0");
}

#[test]
fn long_start_ids_and_values_are_clipped_and_not_searched() {
    let model = trustmap::io::load_str(&hostile::many(3_000).to_string()).unwrap();
    let long = "x".repeat(130_000);
    let error = Start::parse(&model, &long).unwrap_err();
    assert!(error.len() < 300, "{error}");
    let bad_kind = serde_json::json!({ "format": "trustmap", "version": 1,
        "components": [{ "id": "x", "kind": "q".repeat(1_000_000), "name": "x" }] });
    let problems = trustmap::io::load_str(&bad_kind.to_string()).unwrap_err();
    let shown: usize = problems.iter().map(|p| p.to_string().len()).sum();
    assert!(shown < 1_000, "{problems:?}");
}

/// Writes the hostile files at full size into `$TRUSTMAP_HOSTILE_DIR`, for measuring the release binary:
/// `TRUSTMAP_HOSTILE_DIR=DIR cargo test --test hostile -- --ignored write_hostile_files`.
#[test]
#[ignore = "writes large files for manual measurement"]
fn write_hostile_files() {
    let dir = std::path::PathBuf::from(std::env::var("TRUSTMAP_HOSTILE_DIR").expect("TRUSTMAP_HOSTILE_DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<(&str, Value)> = vec![
        ("iam3k.json", hostile::iam_cartesian(3_000)),
        ("iam100k.json", hostile::iam_cartesian(100_000)),
        ("line50k.json", hostile::context_line(50_000, false)),
        ("ring50k.json", hostile::context_line(50_000, true)),
        ("sync10k.json", hostile::sync_chain(10_000)),
        ("sync20k.json", hostile::sync_chain(20_000)),
        ("control5k.json", hostile::control_chain(5_000)),
        ("control10k.json", hostile::control_chain(10_000)),
        ("complete300.json", hostile::complete(300)),
        ("comb10k.json", hostile::comb(10_000)),
        ("many100k.json", hostile::many(100_000)),
    ];
    for (name, diagram) in files {
        std::fs::write(dir.join(name), serde_json::to_string_pretty(&diagram).unwrap()).unwrap();
    }
}
