//! Importing threat models of other tools (`trustmap::import`): every Threat Dragon v2 and Threagile file of the
//! corpus imports, saves to a file the loader accepts, analyses and exports to SVG; components, flows and threats
//! are counted against the source; formats not imported yet and hostile inputs get a clear problem naming the place.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use trustmap::analysis::analyze;
use trustmap::export::{self, Input, SvgOptions};
use trustmap::import::{Outcome, import_bytes};
use trustmap::io::{load_str, to_json};
use trustmap::model::triage::TriageStatus;
use trustmap::scene::ViewOptions;

fn corpus(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(folder);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml"));
    files.sort();
    assert!(!files.is_empty(), "no files in {}", dir.display());
    files
}

/// Imports, saves, loads back, analyses and exports; returns the loaded model's diagram.
fn import_fully(path: &Path) -> trustmap::import::Imported {
    let bytes = fs::read(path).unwrap();
    let imported = import_bytes(&bytes).unwrap_or_else(|p| panic!("{}: {p:?}", path.display()));
    let text = to_json(&imported.diagram);
    let model = load_str(&text).unwrap_or_else(|p| panic!("{}: saved import does not load: {p:?}", path.display()));
    let analysis = analyze(&model);
    let svg = export::svg(&Input::new(&model, Some(&analysis)), &ViewOptions::all_overlays(), &SvgOptions::default());
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{}: not an SVG", path.display());
    assert!(svg.contains("<text"), "{}: nothing drawn", path.display());
    assert_eq!(import_bytes(&bytes).unwrap().diagram, imported.diagram, "{}: not deterministic", path.display());
    imported
}

fn is_threat_dragon(value: &Value) -> bool {
    value.get("summary").is_some() && value.get("detail").is_some()
}

fn cells(model: &Value) -> Vec<&Value> {
    model["detail"]["diagrams"].as_array().unwrap().iter().flat_map(|d| d["cells"].as_array().unwrap()).collect()
}

fn cell_type(cell: &Value) -> &str {
    cell["data"]["type"].as_str().unwrap_or_default()
}

#[test]
fn every_threat_dragon_model_imports_with_its_counts_and_threats() {
    let mut checked = 0;
    for path in corpus("threat-dragon") {
        let model: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        if !is_threat_dragon(&model) {
            continue;
        }
        let imported = import_fully(&path);
        let d = &imported.diagram;
        let cells = cells(&model);
        let nodes: Vec<&&Value> =
            cells.iter().filter(|c| matches!(cell_type(c), "tm.Actor" | "tm.Process" | "tm.Store")).collect();
        assert_eq!(d.components.len(), nodes.len(), "{}: components", path.display());
        let ids: Vec<&str> = nodes.iter().map(|c| c["id"].as_str().unwrap()).collect();
        let joined = |c: &Value| {
            let end = |k: &str| c[k]["cell"].as_str().filter(|id| ids.contains(id));
            matches!((end("source"), end("target")), (Some(a), Some(b)) if a != b)
        };
        let flows = cells.iter().filter(|c| cell_type(c) == "tm.Flow").filter(|c| joined(c)).count();
        assert_eq!(d.flows.len(), flows, "{}: flows", path.display());
        let dangling = cells.iter().filter(|c| cell_type(c) == "tm.Flow").filter(|c| !joined(c)).count();
        assert_eq!(imported.report.count(Outcome::Warning) >= dangling, true, "{}: dangling flows", path.display());
        // Every threat the author wrote is there, with its title, text and status.
        let threats: Vec<&Value> = cells.iter().filter_map(|c| c["data"]["threats"].as_array()).flatten().collect();
        assert_eq!(d.threats.len(), threats.len(), "{}: threats", path.display());
        let mut left: Vec<&trustmap::model::threat::Threat> = d.threats.iter().collect();
        for threat in threats {
            let title = threat["title"].as_str().unwrap().trim();
            let status = match threat["status"].as_str().unwrap() {
                "Mitigated" => TriageStatus::Mitigated,
                "NotApplicable" => TriageStatus::FalsePositive,
                _ => TriageStatus::Open,
            };
            let text = |key: &str| threat[key].as_str().unwrap_or_default().trim().to_owned();
            let at = left.iter().position(|t| {
                t.title == title
                    && t.mitigation == text("mitigation")
                    && t.description.starts_with(&text("description"))
                    && t.status == status
            });
            let at = at.unwrap_or_else(|| panic!("{}: threat {title} ({status}) lost", path.display()));
            left.remove(at);
        }
        let boxes = cells.iter().filter(|c| cell_type(c) == "tm.BoundaryBox").count();
        assert!(d.boundaries.len() >= boxes, "{}: boundaries", path.display());
        // Positions are kept: every component has a rectangle, and boxes hold their members.
        assert_eq!(d.layout.components.len(), d.components.len(), "{}: layout", path.display());
        for boundary in &d.boundaries {
            if let Some(area) = d.layout.boundaries.get(&boundary.id) {
                for member in &boundary.members {
                    assert!(area.contains_rect(&d.layout.components[member]), "{}: {member} outside", path.display());
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} Threat Dragon models checked");
}

#[test]
fn threat_dragon_version_1_and_unknown_versions_get_a_clear_message() {
    let v1 = br#"{"summary": {"title": "x"}, "detail": {"diagrams": [{"diagramJson": {"cells": []}}]}}"#;
    let problems = import_bytes(v1).unwrap_err();
    assert!(problems[0].message.contains("Threat Dragon version 1"), "{problems:?}");
    let v3 = br#"{"version": "3.0.0", "summary": {}, "detail": {"diagrams": []}}"#;
    let problems = import_bytes(v3).unwrap_err();
    assert_eq!(problems[0].path, "$.version");
}

#[test]
fn formats_not_imported_yet_are_named() {
    for (file, tool) in [
        ("threat-dragon/huskyai.tmbom.json", "TM-BOM"),
        ("threat-dragon/mobile-cloud.otm.json", "Open Threat Model"),
        ("pytm/pytm-sample-tm-output.json", "pytm"),
    ] {
        let bytes = fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(file)).unwrap();
        let problems = import_bytes(&bytes).unwrap_err();
        assert!(
            problems[0].message.contains(tool) && problems[0].message.contains("not import it yet"),
            "{problems:?}"
        );
    }
    let sample = trustmap::io::samples::all()[0].json;
    assert!(import_bytes(sample.as_bytes()).unwrap_err()[0].message.contains("already a trustmap diagram"));
}

#[test]
fn dangling_and_self_joined_flows_become_notes_with_a_warning() {
    let model = br#"{"version": "2.3.0", "summary": {"title": "t"}, "detail": {"diagrams": [{"title": "d", "cells": [
        {"id": "a", "shape": "process", "position": {"x": 0, "y": 0}, "size": {"width": 90, "height": 90},
         "data": {"type": "tm.Process", "name": "A", "threats": []}},
        {"id": "f", "shape": "flow", "source": {"cell": "a"}, "target": {"x": 300, "y": 40},
         "data": {"type": "tm.Flow", "name": "loose", "threats": [{"title": "T", "status": "Open", "severity": "High"}]}},
        {"id": "g", "shape": "flow", "source": {"cell": "a"}, "target": {"cell": "a"}, "data": {"type": "tm.Flow"}}
    ]}]}}"#;
    let imported = import_bytes(model).unwrap();
    assert!(imported.diagram.flows.is_empty());
    assert_eq!(imported.diagram.notes.len(), 2);
    assert_eq!(imported.report.count(Outcome::Warning), 2);
    assert_eq!(imported.diagram.threats.len(), 1, "the loose flow's threat moves to its end");
    assert_eq!(imported.diagram.threats[0].element.as_str(), "a");
}
