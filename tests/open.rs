//! Documents that stay open with problems: `io::open_bytes` keeps everything it could read, reports every
//! problem with its path and elements, writes back what it could not read, and the sound part is analysed.

use trustmap::edit::sound_part;
use trustmap::io::{open_bytes, to_json};

const NEWER: &str = r#"{
  "format": "trustmap",
  "version": 2,
  "components": [
    { "id": "acct", "kind": "aws-account", "name": "Shop" },
    { "id": "api", "kind": "lambda", "name": "API", "parent": "acct" },
    { "id": "svc", "kind": "app-runner-service", "name": "From a newer trustmap", "parent": "acct", "launch": "fargate" },
    { "id": "db", "kind": "rds-database", "name": "DB", "parent": "acct", "propertes": { "logging": true } }
  ],
  "flows": [
    { "id": "api-svc", "from": "api", "to": "svc", "pattern": "sync-request" },
    { "id": "api-db", "from": "api", "to": "db", "pattern": "data-read" }
  ],
  "triage": { "no-audit-trail@acct": { "status": "accepted" }, "bad": { "status": "nope" } },
  "layout": { "components": { "api": { "x": 0, "y": 0, "w": 100, "h": 50 }, "db": { "x": "left" } } },
  "groups": [ { "id": "g1" } ]
}"#;

#[test]
fn what_cannot_be_read_is_reported_kept_and_written_back() {
    let opened = open_bytes(NEWER.as_bytes()).unwrap();
    let d = &opened.diagram;
    let ids: Vec<&str> = d.components.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["acct", "api"], "the readable components");
    assert_eq!(d.unreadable.len(), 5, "{:#?}", d.unreadable);
    let paths: Vec<&str> = opened.problems.iter().map(|p| p.path.as_str()).collect();
    for expected in ["$.components[2].kind", "$.components[3].propertes", "$.flows[0].to", "$.flows[1].to", "$.groups"]
    {
        assert!(paths.iter().any(|p| p.starts_with(expected)), "no problem at {expected}: {paths:#?}");
    }
    let svc = opened.problems.iter().find(|p| p.path.starts_with("$.components[2]")).unwrap();
    assert_eq!(svc.elements.iter().map(|e| e.as_str()).collect::<Vec<_>>(), ["svc"]);
    let dangling = opened.problems.iter().find(|p| p.path == "$.flows[0].to").unwrap();
    assert_eq!(dangling.elements.iter().map(|e| e.as_str()).collect::<Vec<_>>(), ["api-svc"]);

    // Saving writes the unreadable parts back as they were; opening that again gives the same document.
    let saved = to_json(d);
    for kept in [
        "\"app-runner-service\"",
        "\"launch\": \"fargate\"",
        "\"propertes\"",
        "\"groups\"",
        "\"x\": \"left\"",
        "\"nope\"",
    ] {
        assert!(saved.contains(kept), "{kept} was dropped:\n{saved}");
    }
    let again = open_bytes(saved.as_bytes()).unwrap();
    assert_eq!(to_json(&again.diagram), saved);
    assert_eq!(again.problems.len(), opened.problems.len());
}

#[test]
fn the_sound_part_is_analysed_and_the_rest_counted() {
    let opened = open_bytes(NEWER.as_bytes()).unwrap();
    let part = sound_part(&opened.diagram);
    let skipped: Vec<&str> = part.skipped.iter().map(|i| i.as_str()).collect();
    assert_eq!(skipped, ["api-db", "api-svc"]);
    let model = part.model.unwrap();
    assert!(!trustmap::analysis::analyze(&model).findings.is_empty());
}

#[test]
fn what_is_not_a_trustmap_document_is_still_refused() {
    assert!(open_bytes(b"not json").is_err());
    assert!(open_bytes(br#"{"format": "trustmap", "version": 9, "components": []}"#).is_err());
    assert!(open_bytes(br#"{"summary": {}, "detail": {}}"#).is_err());
}

#[test]
fn every_bad_file_opens_or_is_refused_without_loss() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad");
    let mut opened_count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let bytes = std::fs::read(path).unwrap();
        let Ok(opened) = open_bytes(&bytes) else { continue };
        opened_count += 1;
        assert!(!opened.problems.is_empty(), "{}: a bad file opened without problems", path.display());
        let saved = to_json(&opened.diagram);
        let again = open_bytes(saved.as_bytes())
            .unwrap_or_else(|p| panic!("{}: saved text does not open: {p:?}", path.display()));
        assert_eq!(to_json(&again.diagram), saved, "{}: save -> open -> save changed the text", path.display());
    }
    assert!(opened_count >= 30, "only {opened_count} bad files opened");
}
