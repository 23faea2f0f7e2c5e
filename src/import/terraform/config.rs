//! A plan's `configuration`: the expressions of each resource, whose `references` say which other resources an
//! attribute names, through module inputs (`var.x`, given by the module call) and outputs (`module.m.out`). Each
//! reference that ends at a resource of the plan becomes `{"Ref": address}` in the resource's values; constants
//! fill what the plan leaves out.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Instance;

/// Deepest chain of module inputs and outputs followed.
const MAX_HOPS: usize = 16;

/// Every module of the configuration by its path without instance keys (`module.a.module.b`), and each module
/// call by the path of the module it makes.
pub(super) struct Config<'a> {
    modules: BTreeMap<String, &'a Value>,
    calls: BTreeMap<String, &'a Value>,
}

/// `module.a[0].aws_x.y["k"]` -> `module.a.aws_x.y`.
fn strip_keys(address: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in address.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn join(module: &str, rest: &str) -> String {
    if module.is_empty() { rest.to_owned() } else { format!("{module}.{rest}") }
}

/// The module instance that contains another (`module.a.module.b[0]` -> `module.a`).
fn parent_module(module: &str) -> String {
    match module.rfind(".module.") {
        Some(at) => module[..at].to_owned(),
        None => String::new(),
    }
}

impl<'a> Config<'a> {
    pub fn new(root: Option<&'a Value>) -> Self {
        let mut config = Self { modules: BTreeMap::new(), calls: BTreeMap::new() };
        if let Some(root) = root {
            config.add("", root, 0);
        }
        config
    }

    fn add(&mut self, path: &str, module: &'a Value, depth: usize) {
        if depth > 32 {
            return;
        }
        self.modules.insert(path.to_owned(), module);
        if let Some(calls) = module.get("module_calls").and_then(Value::as_object) {
            for (name, call) in calls {
                let child = join(path, &format!("module.{name}"));
                self.calls.insert(child.clone(), call);
                if let Some(inner) = call.get("module") {
                    self.add(&child, inner, depth + 1);
                }
            }
        }
    }

    /// Puts the references of an instance's configuration into its values.
    pub fn wire(&self, instance: &mut Instance, known: &[String]) {
        let module_path = strip_keys(&instance.module);
        let local =
            strip_keys(instance.address.strip_prefix(&format!("{}.", instance.module)).unwrap_or(&instance.address));
        let Some(resource) =
            self.modules.get(&module_path).and_then(|m| m.get("resources")).and_then(Value::as_array).and_then(
                |resources| resources.iter().find(|r| r.get("address").and_then(Value::as_str) == Some(local.as_str())),
            )
        else {
            return;
        };
        if let Some(expressions) = resource.get("expressions") {
            let module = instance.module.clone();
            self.merge(&mut instance.values, expressions, &module, known, 0);
        }
    }

    fn merge(&self, values: &mut Value, expressions: &Value, module: &str, known: &[String], depth: usize) {
        let (Some(expressions), Some(values)) = (expressions.as_object(), values.as_object_mut()) else { return };
        if depth > 16 {
            return;
        }
        for (key, expression) in expressions {
            match expression {
                Value::Object(e) if e.contains_key("references") => {
                    let mut targets = Vec::new();
                    for reference in e.get("references").and_then(Value::as_array).into_iter().flatten() {
                        if let Some(reference) = reference.as_str() {
                            for target in self.resolve(module, reference, known, 0) {
                                if !targets.contains(&target) {
                                    targets.push(target);
                                }
                            }
                        }
                    }
                    if targets.is_empty() {
                        continue;
                    }
                    let list = values.get(key).is_some_and(Value::is_array) || is_list(key);
                    let refs: Vec<Value> = targets.iter().map(|t| json!({"Ref": t})).collect();
                    let value = if list { Value::Array(refs) } else { refs.into_iter().next().unwrap_or(Value::Null) };
                    values.insert(key.clone(), value);
                }
                Value::Object(e) => {
                    if let Some(constant) = e.get("constant_value")
                        && values.get(key).is_none_or(Value::is_null)
                    {
                        values.insert(key.clone(), constant.clone());
                    }
                }
                Value::Array(blocks) => {
                    let entry = values.entry(key.clone()).or_insert_with(|| Value::Array(Vec::new()));
                    if !entry.is_array() {
                        *entry = Value::Array(Vec::new());
                    }
                    if let Value::Array(items) = entry {
                        for (i, block) in blocks.iter().enumerate() {
                            if items.len() <= i {
                                items.push(Value::Object(Map::new()));
                            }
                            if let Some(item) = items.get_mut(i) {
                                self.merge(item, block, module, known, depth + 1);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The resources of the plan a reference ends at, seen from a module instance.
    fn resolve(&self, module: &str, reference: &str, known: &[String], hops: usize) -> Vec<String> {
        if hops > MAX_HOPS {
            return Vec::new();
        }
        let parts: Vec<&str> = reference.splitn(3, '.').collect();
        match parts.as_slice() {
            ["var", name, ..] => {
                let Some(call) = self.calls.get(&strip_keys(module)) else { return Vec::new() };
                let name = strip_keys(name);
                let refs = call.get("expressions").and_then(|e| e.get(&name)).and_then(|e| e.get("references"));
                let parent = parent_module(module);
                refs.and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .flat_map(|r| self.resolve(&parent, r, known, hops + 1))
                    .collect()
            }
            ["module", name, rest] => {
                let output = rest.split('.').next().unwrap_or_default();
                let mut child = join(module, &format!("module.{name}"));
                if !name.contains('[') && !known.iter().any(|k| k.starts_with(&format!("{child}."))) {
                    child.push_str("[0]");
                }
                let Some(outputs) = self.modules.get(&strip_keys(&child)).and_then(|m| m.get("outputs")) else {
                    return Vec::new();
                };
                let refs =
                    outputs.get(strip_keys(output)).and_then(|o| o.get("expression")).and_then(|e| e.get("references"));
                refs.and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .flat_map(|r| self.resolve(&child, r, known, hops + 1))
                    .collect()
            }
            ["local" | "data" | "path" | "each" | "count" | "self" | "terraform" | "module" | "var", ..] => Vec::new(),
            [kind, name, ..] => {
                let address = join(module, &format!("{kind}.{name}"));
                if name.contains('[') {
                    known.iter().filter(|k| **k == address).cloned().collect()
                } else {
                    known.iter().filter(|k| **k == address || k.starts_with(&format!("{address}["))).cloned().collect()
                }
            }
            _ => Vec::new(),
        }
    }
}

/// Attributes that hold lists of resources even when the plan leaves their value out.
fn is_list(key: &str) -> bool {
    key.ends_with('s') || key == "vpc_zone_identifier"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_lose_their_keys_and_modules_their_last_call() {
        assert_eq!(strip_keys("module.a[0].aws_x.y[\"k.z\"]"), "module.a.aws_x.y");
        assert_eq!(parent_module("module.a.module.b[0]"), "module.a");
        assert_eq!(parent_module("module.a"), "");
    }
}
