//! One set of loading rules, everywhere: `validate` and `check` judge rule settings alike (unknown ids, threshold
//! names and ranges), `null` means "not set" for every optional field, dates are digits only, and messages say what
//! is wrong first and in the docs' own terms.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use serde_json::{Value, json};

#[path = "support/in_process.rs"]
mod in_process;

use in_process::run;

fn write(name: &str, value: &Value) -> String {
    let dir = std::env::temp_dir().join(format!("trustmap-loading-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, value.to_string()).unwrap();
    path.to_str().unwrap().to_owned()
}

fn with_settings(settings: &Value) -> Value {
    json!({ "format": "trustmap", "version": 1, "settings": settings,
            "components": [{ "id": "svc", "kind": "generic-service", "name": "svc" }] })
}

#[test]
fn validate_and_check_judge_rule_settings_alike() {
    let cases = [
        (json!({ "rules": { "no-such-rule": { "enabled": false } } }), "unknown rule \"no-such-rule\""),
        (json!({ "rules": { "long-sync-chain": { "thresholds": { "hopz": 3 } } } }), "has no threshold \"hopz\""),
        (json!({ "rules": { "large-blast-radius": { "thresholds": { "share": -0.5 } } } }), "-0.5 is out of range"),
        (json!({ "rules": { "large-blast-radius": { "thresholds": { "share": 1.5 } } } }), "\"share\" is from 0 to 1"),
        (json!({ "rules": { "long-sync-chain": { "thresholds": { "hops": -1 } } } }), "\"hops\" is at least 0"),
    ];
    for (i, (settings, message)) in cases.into_iter().enumerate() {
        let file = write(&format!("settings-{i}.json"), &with_settings(&settings));
        let (validate, _, validate_err) = run(&["validate", &file]);
        let (check, _, check_err) = run(&["check", &file]);
        let (blast, _, _) = run(&["blast", &file, "--from", "svc"]);
        assert_eq!((validate, check, blast), (1, 2, 2), "{message}");
        assert!(validate_err.contains(message) && check_err.contains(message), "{validate_err}\n{check_err}");
    }
    let fine = write(
        "settings-fine.json",
        &with_settings(&json!({ "rules": { "large-blast-radius": {
        "thresholds": { "share": 0.0, "min_components": 3 } } } })),
    );
    assert_eq!(run(&["validate", &fine]).0, 0);
    assert_eq!(run(&["check", &fine]).0, 0);
}

#[test]
fn null_means_not_set_for_every_optional_field() {
    let diagram = json!({ "format": "trustmap", "version": 1,
        "settings": { "title": null, "rules": null, "as_of": null, "posture": null },
        "components": [{ "id": "svc", "kind": "generic-service", "name": "svc", "description": null,
                        "properties": null }],
        "flows": null, "boundaries": null, "contexts": null, "connections": null, "triage": null,
        "layout": { "components": null, "flows": null, "boundaries": null, "contexts": null } });
    let model = trustmap::io::load_str(&diagram.to_string()).unwrap_or_else(|p| panic!("{p:?}"));
    assert!(model.diagram().triage.is_empty() && model.diagram().settings.rules.is_empty());
    let rule = json!({ "format": "trustmap", "version": 1, "components": [],
                       "settings": { "rules": { "long-sync-chain": { "thresholds": null, "enabled": null } } } });
    trustmap::io::load_str(&rule.to_string()).unwrap_or_else(|p| panic!("{p:?}"));
}

#[test]
fn dates_are_digits_only() {
    for as_of in ["+999-01-01", "2025-+1-+1", "2025-01-+1"] {
        let problems = trustmap::io::load_str(&with_settings(&json!({ "as_of": as_of })).to_string()).unwrap_err();
        assert!(problems[0].message.contains("is not a date of the form YYYY-MM-DD"), "{as_of}: {problems:?}");
    }
}

#[test]
fn a_containment_cycle_is_reported_before_hundreds_of_nesting_errors() {
    let mut components = vec![json!({ "id": "q", "kind": "sqs-queue", "name": "q" })];
    for i in 0..600 {
        components.push(json!({ "id": format!("f{i}"), "kind": "lambda", "name": "f", "parent": "q" }));
    }
    components.push(json!({ "id": "a", "kind": "aws-account", "name": "a", "parent": "v" }));
    components.push(json!({ "id": "v", "kind": "vpc", "name": "v", "parent": "a" }));
    let diagram = json!({ "format": "trustmap", "version": 1, "components": components });
    let problems = trustmap::io::load_str(&diagram.to_string()).unwrap_err();
    assert!(problems.len() >= 500);
    assert!(problems[0].message.starts_with("containment cycle: "), "{}", problems[0]);
}

#[test]
fn a_fractional_hop_limit_is_not_said_to_be_out_of_0_to_255() {
    let diagram = json!({ "format": "trustmap", "version": 1, "components": [
        { "id": "n", "kind": "ec2-node", "name": "n",
          "properties": { "instance_metadata": { "imdsv2_required": true, "hop_limit": 2.0 } } }] });
    let problems = trustmap::io::load_str(&diagram.to_string()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(!problems[0].message.contains("255"), "{}", problems[0]);
    assert!(problems[0].message.contains("a whole number"), "{}", problems[0]);
}
