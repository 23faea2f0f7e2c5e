//! `trustmap check` and `trustmap rules` end to end through the built binary: exit codes, the `--fail-on` gate with
//! triage and `--baseline`, the `--posture` override, and every output format.
#![expect(clippy::expect_used, clippy::unwrap_used, reason = "test helpers fail loudly")]

#[path = "support/cli.rs"]
mod support_cli;

use support_cli::trustmap;

use std::collections::BTreeSet;

use serde_json::{Value, json};

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    support_cli::temp_file("cli-check", name, text)
}

fn temp_json(name: &str, value: &Value) -> String {
    temp_file(name, &serde_json::to_string_pretty(value).unwrap()).to_str().unwrap().to_owned()
}

/// Two accounts, perimeter posture: orders -> billing crosses an account without authentication (fires), orders ->
/// stock stays inside the account (fires only under zero trust), internet -> admin does not say how it
/// authenticates (fires with a lower likelihood).
fn two_accounts() -> Value {
    json!({
        "format": "trustmap", "version": 1,
        "settings": { "title": "Two accounts", "posture": "perimeter" },
        "components": [
            { "id": "internet", "kind": "internet", "name": "Internet" },
            { "id": "shop", "kind": "aws-account", "name": "Shop account" },
            { "id": "partner", "kind": "aws-account", "name": "Partner account" },
            { "id": "orders", "kind": "generic-service", "name": "Orders", "parent": "shop" },
            { "id": "stock", "kind": "generic-service", "name": "Stock", "parent": "shop" },
            { "id": "billing", "kind": "generic-service", "name": "Billing", "parent": "partner" },
            { "id": "admin", "kind": "generic-service", "name": "Admin", "parent": "shop" }
        ],
        "flows": [
            { "id": "orders-billing", "from": "orders", "to": "billing", "pattern": "sync-request",
              "authentication": "none", "data": "restricted" },
            { "id": "orders-stock", "from": "orders", "to": "stock", "pattern": "sync-request", "authentication": "none" },
            { "id": "internet-admin", "from": "internet", "to": "admin", "pattern": "sync-request" }
        ],
        "contexts": [
            { "id": "ordering", "name": "Ordering", "members": ["orders", "stock"] },
            { "id": "payment", "name": "Payment", "members": ["billing"] }
        ]
    })
}

fn check_json(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = trustmap(&all);
    assert_eq!(code, 0, "{all:?}: {err}");
    serde_json::from_str(&out).expect("check --format json prints JSON")
}

fn finding_ids(report: &Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn exit_0_without_a_gate_and_1_when_an_open_finding_reaches_it() {
    let file = temp_json("gate.json", &two_accounts());
    let (code, out, _) = trustmap(&["check", &file]);
    assert_eq!(code, 0, "no gate without --fail-on, whatever the findings");
    assert!(out.contains("unauthenticated-flow@orders-billing"), "{out}");
    let (code, _, err) = trustmap(&["check", &file, "--fail-on", "high"]);
    assert_eq!(code, 1);
    assert!(err.contains("1 open finding(s) at or above high: unauthenticated-flow@orders-billing"), "{err}");
    assert_eq!(trustmap(&["check", &file, "--fail-on", "critical"]).0, 0);
    assert_eq!(trustmap(&["check", &file, "--fail-on", "low", "--format", "sarif"]).0, 1);
}

#[test]
fn invalid_input_and_unknown_rule_settings_exit_2() {
    let (code, _, err) = trustmap(&["check", "does-not-exist.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("does-not-exist.json: cannot read"), "{err}");
    assert_eq!(trustmap(&["check", "sample:nope"]).0, 2);

    let mut broken = two_accounts();
    broken["components"][3]["kind"] = json!("generic-servise");
    let file = temp_json("broken.json", &broken);
    let (code, _, err) = trustmap(&["check", &file, "--fail-on", "low"]);
    assert_eq!(code, 2);
    assert!(err.contains(&format!("{file}: $.components[3].kind: unknown kind")), "{err}");

    let mut unknown_rule = two_accounts();
    unknown_rule["settings"]["rules"] = json!({ "unauthenticated-flw": { "enabled": false } });
    let file = temp_json("unknown-rule.json", &unknown_rule);
    let (code, out, err) = trustmap(&["check", &file]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "no report for an unusable diagram: {out}");
    assert!(err.contains("unknown rule \"unauthenticated-flw\" (did you mean \"unauthenticated-flow\"?)"), "{err}");

    let mut unknown_threshold = two_accounts();
    unknown_threshold["settings"]["rules"] = json!({ "unauthenticated-flow": { "thresholds": { "hops": 3 } } });
    let file = temp_json("unknown-threshold.json", &unknown_threshold);
    let (code, _, err) = trustmap(&["check", &file]);
    assert_eq!(code, 2);
    assert!(err.contains("rule \"unauthenticated-flow\" has no threshold \"hops\""), "{err}");

    let file = temp_json("ok.json", &two_accounts());
    assert_eq!(trustmap(&["check", &file, "--fail-on", "severe"]).0, 2);
    assert_eq!(trustmap(&["check", &file, "--posture", "trusting"]).0, 2);
    assert_eq!(trustmap(&["check", &file, "--format", "html"]).0, 2);
    assert_eq!(trustmap(&["check"]).0, 2);
}

/// The bundled sample with a partner account whose service the orders service calls without authentication, so
/// the copy has at least one finding whatever rules exist.
fn sample_with_a_finding() -> Value {
    let sample = trustmap::io::samples::find("pattern-sync-rest").expect("the sample exists");
    let mut diagram: Value = serde_json::from_str(sample.json).unwrap();
    let components = diagram["components"].as_array_mut().unwrap();
    components.push(json!({ "id": "partner", "kind": "aws-account", "name": "Partner account" }));
    components.push(json!({ "id": "ledger", "kind": "generic-service", "name": "Ledger", "parent": "partner" }));
    diagram["flows"].as_array_mut().unwrap().push(json!({
        "id": "orders-ledger", "from": "orders", "to": "ledger", "pattern": "sync-request", "authentication": "none"
    }));
    diagram
}

#[test]
fn fail_on_ignores_mitigated_accepted_and_false_positive_findings() {
    let mut diagram = sample_with_a_finding();
    let untriaged = temp_json("untriaged.json", &diagram);
    let report = check_json(&[&untriaged]);
    let ids = finding_ids(&report);
    assert!(ids.contains(&"unauthenticated-flow@orders-ledger".to_owned()), "{ids:?}");
    assert_eq!(trustmap(&["check", &untriaged, "--fail-on", "low"]).0, 1);

    let states = ["accepted", "false-positive", "mitigated"];
    let triage: serde_json::Map<String, Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), json!({ "status": states[i % 3], "note": "reviewed" })))
        .collect();
    diagram["triage"] = Value::Object(triage);
    let triaged = temp_json("triaged.json", &diagram);
    let (code, out, err) = trustmap(&["check", &triaged, "--fail-on", "low"]);
    assert_eq!(code, 0, "every finding is triaged, so none counts: {err}");
    assert!(out.contains("[accepted]") && out.contains("accepted because: reviewed"), "{out}");
    let report = check_json(&[&triaged]);
    assert_eq!(report["total_risk"], 0, "triaged findings do not count towards total risk");
    for finding in report["findings"].as_array().unwrap() {
        assert_ne!(finding["status"], "open");
        assert_eq!(finding["note"], "reviewed");
    }

    // Reopening one finding brings the gate back.
    diagram["triage"].as_object_mut().unwrap().remove("unauthenticated-flow@orders-ledger");
    let reopened = temp_json("reopened.json", &diagram);
    let (code, _, err) = trustmap(&["check", &reopened, "--fail-on", "low"]);
    assert_eq!(code, 1);
    assert!(err.contains("unauthenticated-flow@orders-ledger"), "{err}");
}

#[test]
fn baseline_lets_only_new_findings_fail_the_gate() {
    let before = temp_json("before.json", &two_accounts());
    let (_, baseline_json, _) = trustmap(&["check", &before, "--format", "json"]);
    let baseline = temp_file("baseline.json", &baseline_json);
    let baseline = baseline.to_str().unwrap();
    let (code, out, _) = trustmap(&["check", &before, "--baseline", baseline, "--fail-on", "low"]);
    assert_eq!(code, 0, "nothing is new: {out}");
    assert!(out.contains("Since the baseline: 0 new, 0 gone."), "{out}");

    let mut changed = two_accounts();
    changed["flows"].as_array_mut().unwrap().push(json!({
        "id": "stock-billing", "from": "stock", "to": "billing", "pattern": "sync-request", "authentication": "none"
    }));
    changed["flows"].as_array_mut().unwrap().retain(|f| f["id"] != "internet-admin");
    let after = temp_json("after.json", &changed);
    let (code, out, err) = trustmap(&["check", &after, "--baseline", baseline, "--fail-on", "low"]);
    assert_eq!(code, 1);
    assert!(err.contains("new since the baseline at or above low:"), "{err}");
    assert!(err.contains("unauthenticated-flow@stock-billing"), "{err}");
    assert!(!err.contains("unauthenticated-flow@orders-billing"), "old findings do not gate: {err}");
    assert!(out.contains("unauthenticated-flow@stock-billing  [new]"), "{out}");
    assert!(!out.contains("unauthenticated-flow@orders-billing  [new]"), "{out}");
    let new_line = out.lines().find(|l| l.starts_with("New since the baseline: ")).unwrap_or_default();
    assert!(new_line.contains("unauthenticated-flow@stock-billing"), "{out}");
    assert!(
        new_line.split(", ").all(|id| id.ends_with("@stock-billing")),
        "only the new flow's findings are new: {out}"
    );
    let gone_line = out.lines().find(|l| l.starts_with("Gone since the baseline: ")).unwrap_or_default();
    assert!(gone_line.contains("unauthenticated-flow@internet-admin"), "{out}");
    let (code, _, _) = trustmap(&["check", &after, "--fail-on", "low"]);
    assert_eq!(code, 1, "without the baseline every open finding counts");
    let (_, sarif, _) = trustmap(&["check", &after, "--baseline", baseline, "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let states: BTreeSet<&str> =
        sarif["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["baselineState"].as_str().unwrap()).collect();
    assert_eq!(states, BTreeSet::from(["new", "unchanged"]));
}

#[test]
fn a_malformed_or_missing_baseline_exits_2_naming_the_file() {
    let file = temp_json("for-baseline.json", &two_accounts());
    for (name, text) in [("garbage.json", "{ not json"), ("shape.json", r#"{"total_risk": 3}"#)] {
        let path = temp_file(name, text);
        let path = path.to_str().unwrap();
        let (code, out, err) = trustmap(&["check", &file, "--baseline", path, "--fail-on", "low"]);
        assert_eq!(code, 2, "{name}");
        assert!(out.is_empty());
        assert!(err.contains(&format!("{path}: not a usable baseline")), "{err}");
        assert!(err.contains("trustmap check --format json"), "{err}");
    }
    let (code, _, err) = trustmap(&["check", &file, "--baseline", "no-such-baseline.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-baseline.json: not a usable baseline: cannot read"), "{err}");
}

#[test]
fn posture_flag_overrides_the_diagram() {
    let file = temp_json("posture.json", &two_accounts());
    let perimeter = check_json(&[&file]);
    assert_eq!(perimeter["posture"], "perimeter");
    assert!(!finding_ids(&perimeter).contains(&"unauthenticated-flow@orders-stock".to_owned()));
    let zero_trust = check_json(&[&file, "--posture", "zero-trust"]);
    assert_eq!(zero_trust["posture"], "zero-trust");
    assert!(finding_ids(&zero_trust).contains(&"unauthenticated-flow@orders-stock".to_owned()));
    assert!(zero_trust["total_risk"].as_u64() > perimeter["total_risk"].as_u64());

    let mut zero = two_accounts();
    zero["settings"]["posture"] = json!("zero-trust");
    let file = temp_json("zero.json", &zero);
    assert_eq!(check_json(&[&file]), zero_trust, "the file's own posture is used without the flag");
    assert_eq!(check_json(&[&file, "--posture", "perimeter"]), perimeter);
    let (_, out, _) = trustmap(&["check", &file, "--posture", "perimeter"]);
    assert!(out.contains("Posture: perimeter."), "{out}");
}

fn assert_sarif_matches(sarif: &Value, report: &Value, what: &str) {
    assert_eq!(sarif["version"], "2.1.0", "{what}");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-schema-2.1.0"), "{what}");
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "{what}");
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "trustmap", "{what}");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), trustmap::analysis::rules::all().len(), "{what}");
    for rule in rules {
        assert!(rule["id"].is_string(), "{what}: {rule}");
        for key in ["name", "shortDescription", "fullDescription", "help", "defaultConfiguration", "properties"] {
            assert!(rule.get(key).is_some(), "{what}: rule without {key}: {rule}");
        }
        assert!(["error", "warning", "note"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = runs[0]["results"].as_array().unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(results.len(), findings.len(), "{what}: one result per finding");
    for (result, finding) in results.iter().zip(findings) {
        assert_eq!(result["ruleId"], finding["rule"], "{what}");
        assert_eq!(result["partialFingerprints"]["trustmapFindingId/v1"], finding["id"], "{what}");
        assert!(result["message"]["text"].is_string(), "{what}");
        let level = result["level"].as_str().unwrap();
        let expected = match finding["severity"].as_str().unwrap() {
            "critical" | "high" => "error",
            "elevated" | "medium" => "warning",
            _ => "note",
        };
        assert_eq!(level, expected, "{what}");
        let location = &result["locations"][0];
        assert!(location["physicalLocation"]["artifactLocation"]["uri"].is_string(), "{what}");
        let elements = finding["elements"].as_array().unwrap();
        let logical = location.get("logicalLocations").and_then(Value::as_array).map_or(0, Vec::len);
        assert_eq!(logical, elements.len(), "{what}: one logical location per element");
        let triaged = finding["status"] != "open";
        assert_eq!(result.get("suppressions").is_some(), triaged, "{what}");
        if triaged {
            assert_eq!(result["suppressions"][0]["kind"], "external");
            assert_eq!(result["suppressions"][0]["status"], "accepted");
        }
    }
}

#[test]
fn every_format_parses_for_every_sample_and_fixture() {
    let mut inputs: Vec<String> =
        trustmap::io::samples::all().iter().map(|s| format!("sample:{}", s.file.trim_end_matches(".json"))).collect();
    inputs.push(temp_json("formats.json", &two_accounts()));
    let mut triaged = sample_with_a_finding();
    triaged["triage"] = json!({ "unauthenticated-flow@orders-ledger": { "status": "false-positive" } });
    inputs.push(temp_json("formats-triaged.json", &triaged));
    for input in &inputs {
        let report = check_json(&[input]);
        for key in ["findings", "total_risk", "risk_by_cia", "risk_by_context", "responsibility", "metrics", "posture"]
        {
            assert!(report.get(key).is_some(), "{input}: no {key}");
        }
        let (code, text, _) = trustmap(&["check", input]);
        assert_eq!(code, 0);
        assert!(text.contains("Total risk: ") && text.contains("sum of likelihood x impact over open findings"));
        for finding in report["findings"].as_array().unwrap() {
            assert!(text.contains(finding["id"].as_str().unwrap()), "{input}: text misses a finding");
        }
        let (code, markdown, _) = trustmap(&["check", input, "--format", "markdown"]);
        assert_eq!(code, 0);
        assert!(markdown.starts_with("# Threat report: ") && markdown.contains("## Totals"), "{input}");
        let (code, sarif, _) = trustmap(&["check", input, "--format", "sarif"]);
        assert_eq!(code, 0);
        let sarif: Value = serde_json::from_str(&sarif).unwrap_or_else(|e| panic!("{input}: SARIF is not JSON: {e}"));
        assert_sarif_matches(&sarif, &report, input);
    }
}

#[test]
fn rules_lists_the_catalog_in_text_and_json() {
    let catalog = trustmap::analysis::rules::all();
    let (code, text, _) = trustmap(&["rules"]);
    assert_eq!(code, 0);
    for rule in &catalog {
        let meta = rule.meta();
        assert!(text.contains(&format!("{}: {}", meta.id, meta.title)), "{text}");
    }
    let (code, out, _) = trustmap(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&out).unwrap();
    let entries = json.as_array().unwrap();
    assert_eq!(entries.len(), catalog.len());
    for entry in entries {
        for key in [
            "id",
            "title",
            "description",
            "cia",
            "stride",
            "likelihood",
            "impact",
            "scaling",
            "controls",
            "thresholds",
            "reference",
            "base_risk",
            "base_severity",
        ] {
            assert!(entry.get(key).is_some(), "rule without {key}: {entry}");
        }
    }
    assert_eq!(trustmap(&["rules", "--format", "yaml"]).0, 2);
}

#[test]
fn help_works_for_check_and_rules() {
    for args in [&["check", "--help"][..], &["rules", "--help"], &["help", "check"]] {
        let (code, out, _) = trustmap(args);
        assert_eq!(code, 0, "{args:?}");
        assert!(out.contains("Usage"), "{args:?}: {out}");
    }
    let (_, out, _) = trustmap(&["check", "--help"]);
    for word in ["--posture", "--format", "--fail-on", "--baseline", "zero-trust", "sarif", "elevated"] {
        assert!(out.contains(word), "check --help misses {word}");
    }
    let (_, out, _) = trustmap(&["--help"]);
    assert!(out.contains("check") && out.contains("rules"), "{out}");
}
