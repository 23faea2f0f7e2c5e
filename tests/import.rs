//! Importing threat models of other tools (`trustmap::import`): every Threat Dragon v2 and Threagile file of the
//! corpus imports, saves to a file the loader accepts, analyses and exports to SVG; components, flows and threats
//! are counted against the source; formats not imported yet and hostile inputs get a clear problem naming the place.

#![expect(clippy::unwrap_used, clippy::panic, reason = "test helpers fail loudly")]

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
        assert!(imported.report.count(Outcome::Warning) >= dangling, "{}: dangling flows", path.display());
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

fn yaml(path: &Path) -> Value {
    // The test reads the source independently of the importer's parser settings.
    serde_saphyr::from_slice(&fs::read(path).unwrap()).unwrap()
}

fn map_len(value: &Value) -> usize {
    value.as_object().map_or(0, serde_json::Map::len)
}

#[test]
fn every_threagile_model_imports_with_its_counts_and_risks() {
    let mut checked = 0;
    for path in corpus("threagile") {
        let source = yaml(&path);
        let imported = import_fully(&path);
        let d = &imported.diagram;
        let assets = map_len(&source["technical_assets"]);
        let runtimes = map_len(&source["shared_runtimes"]);
        // People whose assets say internet: false sit in one on-premises network made for them.
        let internal_people = source["technical_assets"]
            .as_object()
            .unwrap()
            .values()
            .filter(|a| {
                a["type"] == "external-entity" && a["internet"] == false && a["used_as_client_by_human"] == true
            })
            .count();
        let networks = usize::from(internal_people > 0);
        assert_eq!(d.components.len(), assets + runtimes + networks, "{}: components", path.display());
        let on_prem = d.components.iter().filter(|c| c.kind.to_string() == "on-prem").count();
        assert_eq!(on_prem, networks, "{}", path.display());
        let links: usize =
            source["technical_assets"].as_object().unwrap().values().map(|a| map_len(&a["communication_links"])).sum();
        assert_eq!(d.flows.len(), links, "{}: flows", path.display());
        assert_eq!(d.boundaries.len(), map_len(&source["trust_boundaries"]), "{}: boundaries", path.display());
        let risks: usize = source["individual_risk_categories"]
            .as_object()
            .map(|c| c.values().map(|c| map_len(&c["risks_identified"])).sum())
            .unwrap_or(0);
        assert_eq!(d.threats.len(), risks, "{}: threats", path.display());
        // Shared runtimes host their assets; data assets classify the components that hold them.
        for runtime in source["shared_runtimes"].as_object().unwrap().values() {
            let node = d.components.iter().find(|c| c.id.as_str() == runtime["id"].as_str().unwrap()).unwrap();
            assert!(
                d.components.iter().any(|c| c.parent.as_ref() == Some(&node.id)),
                "{}: empty runtime",
                path.display()
            );
        }
        assert!(d.components.iter().any(|c| c.properties.data.is_some()), "{}: no classification", path.display());
        assert!(d.flows.iter().any(|f| f.data.is_some()), "{}: no flow classification", path.display());
        // Threagile has no positions: Tidy up lays it out, sanely, and the report says so.
        assert_eq!(d.layout.components.len(), d.components.len(), "{}: every component laid out", path.display());
        let problems = trustmap::layout::check::problems(d);
        assert!(problems.is_empty(), "{}: {problems:?}", path.display());
        assert!(imported.report.summary().contains("approximated"), "{}", imported.report.summary());
        assert!(
            imported.report.of(Outcome::Approximated).any(|i| i.text.contains("laid out automatically")),
            "{}: the report says it was laid out",
            path.display()
        );
        checked += 1;
    }
    assert_eq!(checked, 2);
}

#[test]
fn threagile_example_keeps_nesting_tracking_and_out_of_scope() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/threagile/threagile-example-model.yaml");
    let imported = import_bytes(&fs::read(&path).unwrap()).unwrap();
    let d = &imported.diagram;
    // application-network nests web-dmz, erp-dmz and auth-env: their assets are its members too.
    let network = d.boundaries.iter().find(|b| b.id.as_str() == "application-network").unwrap();
    for asset in ["load-balancer", "apache-webserver", "sql-database", "identity-provider"] {
        assert!(network.members.iter().any(|m| m.as_str() == asset), "{asset} not in the application network");
    }
    // The individual risk tracked nowhere stays open; the risk tracking of Threagile's rules is kept in a note.
    assert!(d.threats.iter().all(|t| t.status == TriageStatus::Open));
    assert!(d.notes.iter().any(|n| n.text.contains("untrusted-deserialization@erp-system")));
    assert!(d.notes.iter().any(|n| n.text.starts_with("Out of scope") && n.attached_to.is_some()));
    let admin = d.flows.iter().find(|f| f.label == "DB Update Access").unwrap();
    assert_eq!(admin.protocol, Some(trustmap::model::Protocol::Ssh));
    assert_eq!(admin.encrypted, Some(true));
    // The model's date is the as-of date; identical overviews are said once.
    assert_eq!(d.settings.as_of.map(|a| a.to_string()).as_deref(), Some("2020-07-01"));
    let description = &d.settings.description;
    let first = description.split("\n\n").next().unwrap_or_default();
    assert!(!first.is_empty() && description.matches(first).count() == 1, "{description}");
}

const THREAGILE_HEAD: &str = "threagile_version: 1.0.0\ntitle: t\n";

fn threagile(body: &str) -> Result<trustmap::import::Imported, Vec<trustmap::model::Problem>> {
    import_bytes(format!("{THREAGILE_HEAD}{body}").as_bytes())
}

#[test]
fn threagile_tracking_sets_the_status_of_an_individual_risk() {
    let body = "technical_assets:\n  A:\n    id: a\n    type: process\n  B:\n    id: b\n    type: datastore\n    \
                communication_links: {}\nindividual_risk_categories:\n  Odd:\n    id: odd\n    stride: tampering\n    \
                risks_identified:\n      <b>Odd</b> at <b>B</b>:\n        exploitation_likelihood: frequent\n        \
                exploitation_impact: very-high\n        most_relevant_technical_asset: b\nrisk_tracking:\n  odd@*:\n    \
                status: accepted\n    justification: fine\n";
    let imported = threagile(body).unwrap();
    let threat = &imported.diagram.threats[0];
    assert_eq!(
        (threat.title.as_str(), threat.status, threat.likelihood, threat.impact),
        ("Odd at B", TriageStatus::Accepted, 5, 5)
    );
    assert_eq!(threat.element.as_str(), "b");
}

#[test]
fn hostile_threagile_files_get_clear_problems_naming_the_place() {
    // Billion laughs: aliases that would expand to 10^9 nodes are refused by the parser's budget.
    let mut bomb = String::from(
        "threagile_version: 1.0.0\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in
        ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
    }
    let problems = import_bytes(bomb.as_bytes()).unwrap_err();
    assert!(problems[0].message.contains("YAML"), "{problems:?}");
    // Deep nesting.
    let deep = format!("threagile_version: 1.0.0\nx: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    assert!(import_bytes(deep.as_bytes()).is_err());
    // Boundaries nested in each other.
    let cycle = "trust_boundaries:\n  A:\n    id: a\n    trust_boundaries_nested: [b]\n  B:\n    id: b\n    trust_boundaries_nested: [a]\n";
    let problems = threagile(cycle).unwrap_err();
    assert!(
        problems.iter().any(|p| p.path.starts_with("$.trust_boundaries") && p.message.contains("nested in each other")),
        "{problems:?}"
    );
    // Dangling ids.
    let dangling =
        "technical_assets:\n  A:\n    id: a\n    communication_links:\n      Call:\n        target: nowhere\n";
    let problems = threagile(dangling).unwrap_err();
    assert_eq!(problems[0].path, "$.technical_assets.A.communication_links.Call.target");
    assert!(problems[0].message.contains("nowhere"));
    // A wrong version.
    let problems = import_bytes(b"threagile_version: 9.0.0\n").unwrap_err();
    assert_eq!(problems[0].path, "$.threagile_version");
    // Unknown keys are warnings, not errors.
    let imported = threagile("technical_assets:\n  A:\n    id: a\n    colour: blue\nsurprise: 1\n").unwrap();
    assert_eq!(imported.report.count(Outcome::Warning), 2, "{}", imported.report);
    // Wrong shapes never panic.
    for body in [
        "technical_assets: 3\n",
        "technical_assets:\n  A: [1]\n",
        "trust_boundaries:\n  A:\n    id: [x]\n",
        "risk_tracking: x\n",
    ] {
        let _ = threagile(body);
    }
}

#[test]
fn hostile_threat_dragon_files_never_panic_and_name_the_place() {
    let problems = import_bytes(br#"{"version": "2.0.0", "summary": {}, "detail": {"diagrams": 3}}"#).unwrap_err();
    assert_eq!(problems[0].path, "$.detail.diagrams");
    let problems =
        import_bytes(br#"{"version": "2.0.0", "summary": {}, "detail": {"diagrams": [{"cells": {}}]}}"#).unwrap_err();
    assert_eq!(problems[0].path, "$.detail.diagrams[0].cells");
    let deep = format!("{{\"summary\": {}{}}}", "[".repeat(200), "]".repeat(200));
    assert!(import_bytes(deep.as_bytes()).is_err());
    let odd = br#"{"version": "2.0.0", "summary": {"title": 3}, "detail": {"diagrams": [{"cells": [1, null,
        {"shape": "process", "id": 7, "position": {"x": 1e308, "y": "a"}, "data": {"type": "tm.Process", "threats": 5}},
        {"shape": "flow", "source": 1, "target": {"cell": []}, "data": {"type": "tm.Flow"}}]}]}}"#;
    let imported = import_bytes(odd).unwrap();
    assert_eq!(imported.diagram.components.len(), 1);
}

fn cli(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = std::iter::once("trustmap").chain(args.iter().copied()).map(std::ffi::OsString::from);
    let code = match trustmap::cli::run(args, &mut out, &mut err) {
        trustmap::cli::Outcome::Exit(code) => code,
        trustmap::cli::Outcome::OpenEditor(_) => 255,
    };
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[test]
fn the_import_command_writes_a_diagram_and_prints_the_report() {
    let dir = std::env::temp_dir().join(format!("trustmap-import-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/threat-dragon/generic-cms.json");
    let out = dir.join("cms.json");
    let (code, stdout, stderr) = cli(&["import", source.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("imported from OWASP Threat Dragon v2:") && stdout.contains("Mapped (15):"), "{stdout}");
    let (code, _, stderr) = cli(&["check", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    // Never over the input, never to anything but .json; a foreign file given to check points to import.
    let (code, _, stderr) = cli(&["import", out.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("the output is the input file"), "{stderr}");
    let (code, _, stderr) = cli(&["import", source.to_str().unwrap(), "-o", dir.join("x.svg").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains(".json"), "{stderr}");
    let (code, _, stderr) = cli(&["check", source.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("trustmap import"), "{stderr}");
    let (code, _, stderr) =
        cli(&["import", dir.join("missing.json").to_str().unwrap(), "-o", dir.join("y.json").to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    fs::remove_dir_all(&dir).unwrap();
}
