//! The whole pipeline on arbitrary bytes: load, analyse under both postures, render every report format (text,
//! JSON, Markdown, SARIF with the bytes as the artifact's text), the blast radius from the actors and the first
//! components, and the baseline reader on the same bytes. Nothing may panic; JSON and SARIF must parse; text output
//! must hold no raw control character but newlines.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustmap::analysis::blast::{BlastGraph, Start};
use trustmap::analysis::rules;
use trustmap::model::Posture;
use trustmap::report::{self, Report, sarif};

fn terminal_safe(text: &str) -> bool {
    text.chars().all(|c| c == '\n' || !c.is_control())
}

fuzz_target!(|bytes: &[u8]| {
    let _ = trustmap::cli::parse_baseline(bytes);
    let Ok(model) = trustmap::io::load_bytes(bytes) else {
        return;
    };
    let catalog = rules::all();
    let metas: Vec<_> = catalog.iter().map(|rule| rule.meta()).collect();
    let text = std::str::from_utf8(bytes).ok();
    for posture in [Posture::Perimeter, Posture::ZeroTrust] {
        let analysis = trustmap::analysis::analyze_with(&model, posture);
        let baseline: std::collections::BTreeSet<String> =
            analysis.findings.iter().skip(1).map(|f| f.id.clone()).chain(["gone@x".to_owned()]).collect();
        let report = Report::new(&model, &analysis, "fuzz.json").with_baseline(&baseline);
        let plain = report::text::render(&report);
        assert!(terminal_safe(&plain), "raw control character in the text report");
        let _ = report::markdown::render(&report);
        let json = report::json::render(&analysis);
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "JSON report does not parse");
        assert!(trustmap::cli::parse_baseline(json.as_bytes()).is_ok(), "a report is not a usable baseline");
        let log = sarif::render(&report, &metas, &sarif::Artifact { uri: "fuzz.json", text });
        assert!(serde_json::from_str::<serde_json::Value>(&log).is_ok(), "SARIF does not parse");
        let graph = BlastGraph::new(&model, posture);
        let starts = [Start::Internet, Start::Insider]
            .into_iter()
            .chain(model.component_ixs().take(3).map(Start::Component));
        for start in starts {
            let radius = graph.radius(start);
            for reached in radius.reached.iter().take(8) {
                let path = radius.path(reached);
                assert_eq!(path.last(), Some(&reached.component), "a path ends at what it reaches");
                assert!(path.len() <= radius.reached.len() + 1, "a path visits no component twice");
            }
            let _ = radius.views(&model);
        }
    }
});
