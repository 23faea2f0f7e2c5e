//! Structure-aware: a valid diagram from the property tests' generator (seeded by the fuzz input), scaled up by
//! copying it 2 and 4 times (ids suffixed, each copy calling the next synchronously, so depth grows with the size as
//! well as breadth). Doubling the copies must grow every command's output bytes, and the blast graph's steps (a work
//! counter), by at most 2.2x (plus a small constant for fixed parts and thresholds crossed); wall time is not judged.

#![no_main]

#[path = "../../tests/support/generate.rs"]
mod generate;

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;
use trustmap::analysis::blast::{BlastGraph, Start};
use trustmap::analysis::rules;
use trustmap::model::Posture;
use trustmap::report::{self, Report, sarif};

/// Bytes of slack on top of 2.2x: fixed parts (the SARIF rule list) and thresholds a larger copy count crosses.
const SLACK: usize = 64 * 1024;

fn ids_of(value: &Value) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for list in ["components", "flows", "boundaries", "contexts", "connections"] {
        for item in value[list].as_array().into_iter().flatten() {
            if let Some(id) = item["id"].as_str() {
                ids.insert(id.to_owned());
            }
        }
    }
    ids
}

/// Every string equal to an id gets the suffix (references included).
fn suffixed(value: &Value, ids: &BTreeSet<String>, suffix: &str) -> Value {
    match value {
        Value::String(text) if ids.contains(text) => Value::String(format!("{text}{suffix}")),
        Value::Array(items) => Value::Array(items.iter().map(|v| suffixed(v, ids, suffix)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), suffixed(v, ids, suffix))).collect()),
        other => other.clone(),
    }
}

/// `copies` copies of the diagram, the first callable component of each calling the next one's.
fn scaled(base: &Value, copies: usize) -> Option<String> {
    let ids = ids_of(base);
    let first = base["components"]
        .as_array()?
        .iter()
        .find(|c| matches!(c["kind"].as_str(), Some("generic-service" | "lambda" | "pod" | "container")))
        .and_then(|c| c["id"].as_str());
    let mut out = serde_json::json!({ "format": "trustmap", "version": 1, "settings": base["settings"].clone() });
    for list in ["components", "flows", "boundaries", "contexts", "connections"] {
        let mut items = Vec::new();
        for copy in 0..copies {
            let suffix = format!("-c{copy}");
            items.extend(base[list].as_array().into_iter().flatten().map(|item| suffixed(item, &ids, &suffix)));
        }
        out[list] = Value::Array(items);
    }
    if let (Some(first), Some(flows)) = (first, out["flows"].as_array_mut()) {
        for copy in 1..copies {
            flows.push(serde_json::json!({ "id": format!("link-{copy}"), "from": format!("{first}-c{}", copy - 1),
                "to": format!("{first}-c{copy}"), "pattern": "sync-request" }));
        }
    }
    Some(serde_json::to_string_pretty(&out).ok()?)
}

/// Output bytes of every command, and the blast graph's steps.
fn measure(text: &str) -> Option<Vec<(&'static str, usize)>> {
    let model = trustmap::io::load_str(text).ok()?;
    let analysis = trustmap::analysis::analyze_with(&model, Posture::Perimeter);
    let report = Report::new(&model, &analysis, "scaled.json");
    let catalog = rules::all();
    let metas: Vec<_> = catalog.iter().map(|rule| rule.meta()).collect();
    let graph = BlastGraph::new(&model, Posture::Perimeter);
    let blast = |start| serde_json::to_string_pretty(&graph.radius(start).views(&model)).map_or(0, |s| s.len());
    let first = model.component_ixs().next().map_or(0, |c| blast(Start::Component(c)));
    Some(vec![
        ("text", report::text::render(&report).len()),
        ("json", report::json::render(&analysis).len()),
        ("markdown", report::markdown::render(&report).len()),
        ("sarif", sarif::render(&report, &metas, &sarif::Artifact { uri: "s.json", text: Some(text) }).len()),
        ("blast internet", blast(Start::Internet)),
        ("blast first", first),
        ("graph steps", graph.edge_count() * 16),
    ])
}

fuzz_target!(|bytes: &[u8]| {
    let mut seed = [0u8; 32];
    for (slot, byte) in seed.iter_mut().zip(bytes) {
        *slot = *byte;
    }
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
    let Ok(tree) = generate::diagram().new_tree(&mut runner) else { return };
    let Ok(base) = serde_json::from_str::<Value>(&trustmap::io::to_json(&tree.current())) else { return };
    let (Some(two), Some(four)) = (scaled(&base, 2), scaled(&base, 4)) else { return };
    let (Some(small), Some(large)) = (measure(&two), measure(&four)) else { return };
    for ((what, small), (_, large)) in small.iter().zip(&large) {
        assert!(
            *large <= small * 22 / 10 + SLACK,
            "{what}: {small} -> {large} bytes when the diagram doubled ({} -> {} input bytes)",
            two.len(),
            four.len()
        );
    }
});
