//! Generators of hostile diagrams: valid files whose shape makes naive analysis cost more than the input's size
//! (cartesian IAM statements, deep call lines and rings, long synchronous and control chains, complete graphs).
//! `tests/hostile.rs` checks the output and work bounds on them; its ignored `write_hostile_files` test writes them
//! at full size for measuring the release binary.

use serde_json::{Value, json};

fn document(components: Vec<Value>, flows: Vec<Value>, contexts: Vec<Value>) -> Value {
    json!({ "format": "trustmap", "version": 1, "components": Value::Array(components), "flows": Value::Array(flows),
            "contexts": Value::Array(contexts) })
}

/// One IAM role with a single statement of `n` `"*"` actions on `n` `"*"` resources, used by a function.
pub fn iam_cartesian(n: usize) -> Value {
    let components = vec![
        json!({ "id": "acct", "kind": "aws-account", "name": "a" }),
        json!({ "id": "r", "kind": "iam-role", "name": "r", "parent": "acct",
                "properties": { "permissions": [{ "actions": vec!["*"; n], "resources": vec!["*"; n] }] } }),
        json!({ "id": "f", "kind": "lambda", "name": "f", "parent": "acct", "role": "r" }),
        json!({ "id": "t", "kind": "dynamodb-table", "name": "t", "parent": "acct" }),
    ];
    document(components, Vec::new(), Vec::new())
}

/// `n` services in a line of synchronous calls (a ring when `ring`), each in a bounded context of its own.
pub fn context_line(n: usize, ring: bool) -> Value {
    let components =
        (0..n).map(|i| json!({ "id": format!("s{i}"), "kind": "generic-service", "name": format!("s{i}") }));
    let links = if ring { n } else { n.saturating_sub(1) };
    let flows = (0..links).map(|i| {
        json!({ "id": format!("f{i}"), "from": format!("s{i}"), "to": format!("s{}", (i + 1) % n),
                         "pattern": "sync-request" })
    });
    let contexts =
        (0..n).map(|i| json!({ "id": format!("c{i}"), "name": format!("c{i}"), "members": [format!("s{i}")] }));
    document(components.collect(), flows.collect(), contexts.collect())
}

/// The internet calling a chain of `n` functions synchronously, each writing a store of restricted data.
pub fn sync_chain(n: usize) -> Value {
    let mut components = vec![
        json!({ "id": "inet", "kind": "internet", "name": "internet" }),
        json!({ "id": "acct", "kind": "aws-account", "name": "a" }),
    ];
    let mut flows = Vec::new();
    let mut previous = "inet".to_owned();
    for i in 0..n {
        components.push(json!({ "id": format!("s{i}"), "kind": "lambda", "name": format!("s{i}"), "parent": "acct" }));
        components.push(json!({ "id": format!("d{i}"), "kind": "dynamodb-table", "name": format!("d{i}"),
                                "parent": "acct", "properties": { "data": { "classification": "restricted" } } }));
        flows
            .push(json!({ "id": format!("f{i}"), "from": previous, "to": format!("s{i}"), "pattern": "sync-request" }));
        flows.push(json!({ "id": format!("w{i}"), "from": format!("s{i}"), "to": format!("d{i}"),
                           "pattern": "data-write" }));
        previous = format!("s{i}");
    }
    document(components, flows, Vec::new())
}

/// `n` functions whose roles may each update the next function's code: control passes down the whole chain.
pub fn control_chain(n: usize) -> Value {
    let mut components = vec![json!({ "id": "acct", "kind": "aws-account", "name": "a" })];
    for i in 0..n {
        let permissions: Vec<Value> = if i + 1 < n {
            vec![json!({ "actions": ["lambda:UpdateFunctionCode"], "resources": [format!("l{}", i + 1)] })]
        } else {
            Vec::new()
        };
        components.push(json!({ "id": format!("l{i}"), "kind": "lambda", "name": format!("l{i}"), "parent": "acct",
                                "role": format!("r{i}") }));
        components.push(json!({ "id": format!("r{i}"), "kind": "iam-role", "name": format!("r{i}"), "parent": "acct",
                                "properties": { "permissions": permissions } }));
    }
    document(components, Vec::new(), Vec::new())
}

/// `n` services, each in a context of its own, every one calling every other synchronously.
pub fn complete(n: usize) -> Value {
    let components =
        (0..n).map(|i| json!({ "id": format!("s{i}"), "kind": "generic-service", "name": format!("s{i}") }));
    let flows = (0..n).flat_map(|i| {
        (0..n).filter(move |&j| j != i).map(move |j| {
            json!({ "id": format!("f{i}-{j}"), "from": format!("s{i}"), "to": format!("s{j}"),
                    "pattern": "sync-request" })
        })
    });
    let contexts =
        (0..n).map(|i| json!({ "id": format!("c{i}"), "name": format!("c{i}"), "members": [format!("s{i}")] }));
    document(components.collect(), flows.collect(), contexts.collect())
}

/// `n` services and nothing else.
pub fn many(n: usize) -> Value {
    let components =
        (0..n).map(|i| json!({ "id": format!("s{i}"), "kind": "generic-service", "name": format!("s{i}") }));
    document(components.collect(), Vec::new(), Vec::new())
}

/// Many callers each starting a synchronous chain into one shared line of `n` services: every chain has the line as
/// its tail, so naming every chain in full would grow with n^2.
pub fn comb(n: usize) -> Value {
    let mut components = vec![json!({ "id": "acct", "kind": "aws-account", "name": "a" })];
    let mut flows = Vec::new();
    for i in 0..n {
        components.push(json!({ "id": format!("c{i}"), "kind": "lambda", "name": format!("c{i}"), "parent": "acct" }));
        components.push(json!({ "id": format!("t{i}"), "kind": "lambda", "name": format!("t{i}"), "parent": "acct" }));
        flows.push(json!({ "id": format!("to{i}"), "from": format!("c{i}"), "to": "t0", "pattern": "sync-request" }));
        if i + 1 < n {
            flows.push(json!({ "id": format!("line{i}"), "from": format!("t{i}"), "to": format!("t{}", i + 1),
                               "pattern": "sync-request" }));
        }
    }
    document(components, flows, Vec::new())
}
