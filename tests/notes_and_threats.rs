//! Notes and manual threats (format version 2): they load, validate, save, count towards total risk while open,
//! and reach every report.

use trustmap::analysis::analyze;
use trustmap::io::{load_str, to_json};

const DOC: &str = r#"{
  "format": "trustmap",
  "version": 2,
  "components": [
    { "id": "account", "kind": "aws-account", "name": "Shop" },
    { "id": "api", "kind": "lambda", "name": "Orders API", "parent": "account" },
    { "id": "files", "kind": "generic-datastore", "name": "File share", "parent": "account" }
  ],
  "notes": [
    { "id": "title-note", "text": "Orders, as reviewed on 2026-12-01" },
    { "id": "assumption", "text": "Assumes the file share is encrypted", "attached_to": "files" }
  ],
  "threats": [
    { "id": "replay", "element": "api", "title": "Replayed orders", "cia": ["integrity"], "stride": ["tampering"],
      "likelihood": 4, "impact": 4, "mitigation": "Idempotency keys" },
    { "id": "old-share", "element": "files", "title": "Share reachable from the old VPN", "likelihood": 2,
      "impact": 5, "status": "mitigated" }
  ],
  "layout": { "notes": { "title-note": { "x": 0, "y": -80, "w": 300, "h": 40 } } }
}"#;

fn problems(text: &str) -> Vec<String> {
    match load_str(text) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn manual_threats_are_findings_and_count_while_open() {
    let model = load_str(DOC).unwrap();
    let analysis = analyze(&model);
    let replay = analysis.findings.iter().find(|f| f.id() == "manual-threat@replay").unwrap();
    assert_eq!((replay.risk, replay.rule()), (16, "manual-threat"));
    assert_eq!(replay.title(), "Replayed orders");
    assert_eq!(replay.mitigation(), "Idempotency keys");
    assert_eq!(replay.elements().collect::<Vec<_>>(), ["api"]);
    let share = analysis.findings.iter().find(|f| f.id() == "manual-threat@old-share").unwrap();
    assert!(!share.is_open());
    let open_total: u32 = analysis.findings.iter().filter(|f| f.is_open()).map(|f| f.risk).sum();
    assert_eq!(analysis.risk.total, open_total);
    assert!(analysis.risk.total >= 16);
}

#[test]
fn every_report_shows_the_manual_threat() {
    let model = load_str(DOC).unwrap();
    let analysis = analyze(&model);
    let json = serde_json::to_string(&analysis.findings).unwrap();
    assert!(json.contains("\"mitigation\":\"Idempotency keys\""), "{json}");
}

#[test]
fn version_2_saves_as_2_and_round_trips_and_version_1_stays_1() {
    let model = load_str(DOC).unwrap();
    let saved = to_json(model.diagram());
    assert!(saved.contains("\"version\": 2"));
    let again = load_str(&saved).unwrap();
    assert_eq!(again.diagram(), model.diagram());
    let plain = r#"{"format": "trustmap", "version": 1, "components": [{"id": "u", "kind": "user", "name": "U"}]}"#;
    assert!(to_json(load_str(plain).unwrap().diagram()).contains("\"version\": 1"));
}

#[test]
fn bad_notes_and_threats_are_reported_by_path() {
    let bad = DOC
        .replace(r#""attached_to": "files""#, r#""attached_to": "filez""#)
        .replace(r#""likelihood": 4"#, r#""likelihood": 7"#)
        .replace(r#""element": "files""#, r#""element": "title-note""#)
        .replace(r#""title": "Replayed orders""#, r#""title": " ""#);
    let found = problems(&bad);
    for expected in [
        "$.notes[1].attached_to: unknown element \"filez\" (did you mean \"files\"?)",
        "$.threats[0].likelihood: 7 is outside 1..=5",
        "$.threats[0].title: a threat needs a title",
        "$.threats[1].element: \"title-note\" is not an element a threat can be about (a component, flow, boundary, \
         context or connection)",
    ] {
        assert!(found.iter().any(|p| p == expected), "missing {expected:?} in {found:#?}");
    }
    let newer = DOC.replace(r#""version": 2"#, r#""version": 6"#);
    assert!(problems(&newer)[0].contains("newer trustmap"));
}

#[test]
fn triage_entries_without_a_finding_are_reported() {
    let doc = DOC.replace(
        r#""layout":"#,
        r#""triage": { "no-audit-trail@account": { "status": "accepted" }, "gone-rule@api": { "status": "accepted" } },
  "layout":"#,
    );
    let model = load_str(&doc).unwrap();
    let analysis = analyze(&model);
    assert_eq!(analysis.stale_triage, ["gone-rule@api"]);
    let json = trustmap::report::json::render(&analysis);
    assert!(json.contains("\"stale_triage\""), "{json}");
}
