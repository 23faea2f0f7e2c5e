//! `trustmap blast` end to end through the built binary: exit codes, the JSON shape, the table, the actors, and a
//! realistic diagram whose blast radius shrinks from perimeter to zero trust.
#![expect(clippy::expect_used, clippy::unwrap_used, reason = "test helpers fail loudly")]

#[path = "support/cli.rs"]
mod support_cli;

use support_cli::trustmap;

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    support_cli::temp_file("blast", name, text)
}

/// A pod on a shared node next to an internal service that does not say whether it authenticates, a database
/// reached with a password and a queue.
const SHOP: &str = r#"{"format":"trustmap","version":1,
  "settings":{"title":"shop","posture":"perimeter"},
  "components":[
    {"id":"acct","kind":"aws-account","name":"Account"},
    {"id":"vpc","kind":"vpc","name":"VPC","parent":"acct"},
    {"id":"eks","kind":"eks-cluster","name":"Cluster","parent":"vpc"},
    {"id":"node","kind":"ec2-node","name":"Node","parent":"eks"},
    {"id":"web","kind":"pod","name":"Web","parent":"node","properties":{"hardened":true}},
    {"id":"inventory","kind":"generic-service","name":"Inventory","parent":"vpc"},
    {"id":"db","kind":"rds-database","name":"DB","parent":"vpc"},
    {"id":"queue","kind":"sqs-queue","name":"Queue","parent":"acct"},
    {"id":"worker","kind":"lambda","name":"Worker","parent":"acct"},
    {"id":"internet","kind":"internet","name":"Internet"},
    {"id":"lb","kind":"load-balancer","name":"LB","parent":"vpc","properties":{"public_entry":true,"exposure":"public"}}
  ],
  "flows":[
    {"id":"f1","from":"internet","to":"lb","pattern":"sync-request"},
    {"id":"f2","from":"lb","to":"web","pattern":"sync-request"},
    {"id":"f3","from":"web","to":"db","pattern":"data-read","authentication":"password"},
    {"id":"f4","from":"web","to":"queue","pattern":"queue-send"},
    {"id":"f5","from":"worker","to":"queue","pattern":"queue-receive"}
  ]}"#;

fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = trustmap(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("valid JSON")
}

fn ids(value: &serde_json::Value) -> Vec<String> {
    value["reached"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn json_has_the_documented_shape_and_order() {
    let path = temp_file("shop.json", SHOP);
    let value = json(&["blast", path.to_str().unwrap(), "--from", "web", "--format", "json"]);
    assert_eq!(value["from"], "web");
    assert_eq!(value["posture"], "perimeter");
    let reached = value["reached"].as_array().unwrap();
    assert!(!reached.is_empty());
    let mut last = (0, String::new());
    for r in reached {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        for key in ["id", "level", "hops", "mechanism", "path"] {
            assert!(keys.contains(&key), "{key} missing in {r}");
        }
        let hops = r["hops"].as_u64().unwrap();
        let id = r["id"].as_str().unwrap().to_owned();
        assert!((hops, id.clone()) >= last, "sorted by hops then id");
        last = (hops, id);
        assert_eq!(r["path"][0], "web");
        assert_eq!(r["path"].as_array().unwrap().last().unwrap(), &r["id"]);
    }
    let node = reached.iter().find(|r| r["id"] == "node").unwrap();
    assert_eq!(node["level"], "control");
    assert_eq!(node["mechanism"], "container-breakout");
    assert_eq!(node["likelihood"], "unlikely", "hardened: one step lower");
    let worker = reached.iter().find(|r| r["id"] == "worker").unwrap();
    assert_eq!(worker["mechanism"], "injection");
    assert_eq!(worker["path"], serde_json::json!(["web", "queue", "worker"]));
    assert!(reached.iter().find(|r| r["id"] == "inventory").unwrap().get("likelihood").is_none());
}

#[test]
fn zero_trust_shrinks_the_blast_radius_of_the_pod() {
    let path = temp_file("shop-posture.json", SHOP);
    let file = path.to_str().unwrap();
    let perimeter = ids(&json(&["blast", file, "--from", "web", "--format", "json"]));
    let zero = ids(&json(&["blast", file, "--from", "web", "--posture", "zero-trust", "--format", "json"]));
    assert!(perimeter.contains(&"inventory".to_owned()), "{perimeter:?}");
    assert!(!zero.contains(&"inventory".to_owned()), "{zero:?}");
    assert!(zero.len() < perimeter.len());
    assert!(zero.iter().all(|id| perimeter.contains(id)));
}

#[test]
fn the_internet_actor_starts_outside() {
    let path = temp_file("shop-internet.json", SHOP);
    let value = json(&["blast", path.to_str().unwrap(), "--from", "actor:internet", "--format", "json"]);
    assert_eq!(value["from"], "actor:internet");
    let web = value["reached"].as_array().unwrap().iter().find(|r| r["id"] == "web").unwrap();
    assert_eq!(web["path"], serde_json::json!(["actor:internet", "lb", "web"]));
    assert_eq!(web["hops"], 2);
    assert_eq!(web["level"], "influence");
    let insider = json(&["blast", path.to_str().unwrap(), "--from", "actor:insider", "--format", "json"]);
    assert!(ids(&insider).contains(&"inventory".to_owned()));
}

#[test]
fn the_table_shows_paths_with_arrows() {
    let path = temp_file("shop-text.json", SHOP);
    let (code, out, _) = trustmap(&["blast", path.to_str().unwrap(), "--from", "web"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Blast radius from web under perimeter posture:"), "{out}");
    assert!(out.contains("COMPONENT") && out.contains("MECHANISM"), "{out}");
    assert!(out.contains("web -> queue -> worker"), "{out}");
    let (code, out, _) = trustmap(&["blast", "sample:pattern-sync-rest", "--from", "payments"]);
    assert_eq!(code, 0);
    assert!(out.contains("payments-role"), "{out}");
}

#[test]
fn bad_input_and_arguments_exit_2() {
    let path = temp_file("shop-bad.json", SHOP);
    let file = path.to_str().unwrap();
    let (code, _, err) = trustmap(&["blast", file, "--from", "inventroy"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown component \"inventroy\" (did you mean \"inventory\"?)"), "{err}");
    assert_eq!(trustmap(&["blast", file]).0, 2, "--from is required");
    assert_eq!(trustmap(&["blast", file, "--from", "web", "--posture", "lax"]).0, 2);
    assert_eq!(trustmap(&["blast", file, "--from", "web", "--format", "xml"]).0, 2);
    let (code, _, err) = trustmap(&["blast", "missing.json", "--from", "web"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.json: cannot read"), "{err}");
    let invalid = temp_file(
        "invalid.json",
        r#"{"format":"trustmap","version":1,"components":[{"id":"a","kind":"lamda","name":"A"}]}"#,
    );
    let (code, _, err) = trustmap(&["blast", invalid.to_str().unwrap(), "--from", "a"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown kind"), "{err}");
    let (code, out, _) = trustmap(&["blast", "--help"]);
    assert_eq!(code, 0);
    for option in ["--from", "--posture", "--format", "actor:internet", "zero-trust"] {
        assert!(out.contains(option), "{option} in help: {out}");
    }
}
