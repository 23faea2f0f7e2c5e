//! Nested stacks: an `AWS::CloudFormation::Stack` (or SAM `AWS::Serverless::Application`) whose `TemplateURL` is a
//! local file is read through the caller's reader and merged into the parent: the child's resources, conditions
//! and mappings are renamed `Stack/Name`, the parameters the parent passes replace the child's `Ref`s, and the
//! parent's `Fn::GetAtt Stack.Outputs.X` becomes the child's output value, so references run across stacks. A
//! remote URL is never fetched (reported); a stack that includes itself, or nesting deeper than [`MAX_NESTING`], is
//! an error naming the place.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::import::common::child;
use crate::model::problem::Problem;

/// Deepest chain of nested stacks read.
pub(super) const MAX_NESTING: usize = 8;

/// Deepest value rewritten; deeper parts of a child are kept as they are.
const MAX_DEPTH: usize = 64;

/// Reads a local file named relative to the top template's folder: its bytes, or why not.
pub type Reader<'r> = dyn FnMut(&str) -> Result<Vec<u8>, String> + 'r;

/// What the merge did, for the report: (source path, text).
pub(super) type Notes = Vec<(String, String)>;

/// Merges every local nested stack into `top` (in place). `file` is the template's own path relative to the top
/// template's folder (empty for the top one); `stack` the files being read, to refuse a template that includes
/// itself.
pub(super) fn flatten(
    top: &mut Map<String, Value>,
    file: &str,
    reader: &mut Option<&mut Reader<'_>>,
    stack: &mut Vec<String>,
    notes: &mut Notes,
) -> Result<(), Vec<Problem>> {
    let Some(Value::Object(resources)) = top.get("Resources") else { return Ok(()) };
    let nested: Vec<(String, String)> = resources
        .iter()
        .filter(|(_, r)| {
            matches!(
                r.get("Type").and_then(Value::as_str),
                Some("AWS::CloudFormation::Stack" | "AWS::Serverless::Application")
            )
        })
        .filter_map(|(logical, r)| {
            let p = r.get("Properties")?;
            let url = p.get("TemplateURL").or_else(|| p.get("Location"))?.as_str()?;
            Some((logical.clone(), url.to_owned()))
        })
        .collect();
    for (logical, url) in nested {
        let place = format!("{}.Properties.TemplateURL", child("$.Resources", &logical));
        if url.contains("://") || url.starts_with("s3:") {
            notes.push((
                place,
                format!("nested stack at the remote URL \"{url}\": never fetched; its resources are not drawn"),
            ));
            continue;
        }
        let path = join(file, &url);
        if stack.iter().any(|f| f == &path) {
            let mut chain = stack.clone();
            chain.push(path);
            return Err(vec![Problem::new(place, format!("the nested stack includes itself: {}", chain.join(" -> ")))]);
        }
        if stack.len() >= MAX_NESTING {
            return Err(vec![Problem::new(
                place,
                format!("nested stacks deeper than {MAX_NESTING} levels: {} -> {path}", stack.join(" -> ")),
            )]);
        }
        let Some(read) = reader.as_mut() else {
            notes.push((place, format!("nested stack from the local file \"{url}\": this import reads one file, so its resources are not drawn (import it from the command line or the desktop editor)")));
            continue;
        };
        let bytes = match read(&path) {
            Ok(bytes) => bytes,
            Err(why) => {
                notes.push((
                    place,
                    format!("nested stack from \"{path}\" cannot be read ({why}): its resources are not drawn"),
                ));
                continue;
            }
        };
        let mut child_top = parse(&bytes).map_err(|problems| {
            problems
                .into_iter()
                .map(|p| Problem::new(format!("{place} ({path}) {}", p.path), p.message))
                .collect::<Vec<_>>()
        })?;
        stack.push(path.clone());
        flatten(&mut child_top, &path, reader, stack, notes)?;
        stack.pop();
        let count = merge(top, &logical, &child_top);
        notes.push((
            place,
            format!("nested stack read from \"{path}\": its {count} resources are drawn as {logical}/Name"),
        ));
    }
    Ok(())
}

/// A template's text (YAML or JSON) as a mapping.
fn parse(bytes: &[u8]) -> Result<Map<String, Value>, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text =
        std::str::from_utf8(bytes).map_err(|_| vec![Problem::new("$", "the nested template is not UTF-8 text")])?;
    let value = if text.trim_start().starts_with('{') {
        crate::io::parse_json(text.as_bytes()).map_err(|p| vec![p])?
    } else {
        super::yaml::parse(text)?
    };
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(vec![Problem::new("$", "the nested template is not a mapping")]),
    }
}

/// `url` relative to the folder of `file` (both relative to the top template's folder), with `.` and `..` worked
/// out as far as they go.
fn join(file: &str, url: &str) -> String {
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop();
    for part in url.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join("/")
}

/// What a child's names become in the parent.
struct Names<'a> {
    prefix: String,
    resources: BTreeSet<String>,
    conditions: BTreeSet<String>,
    mappings: BTreeSet<String>,
    /// Parameters the parent passes: name -> the parent's value.
    passed: &'a Map<String, Value>,
    parameters: BTreeSet<String>,
}

/// Merges a child into `top` under `logical`; returns how many resources it brought.
fn merge(top: &mut Map<String, Value>, logical: &str, child: &Map<String, Value>) -> usize {
    let empty = Map::new();
    let section = |key: &str| child.get(key).and_then(Value::as_object).unwrap_or(&empty);
    let stack = top.get("Resources").and_then(|r| r.get(logical)).cloned().unwrap_or(Value::Null);
    let passed = stack.get("Properties").and_then(|p| p.get("Parameters")).and_then(Value::as_object).cloned();
    let passed = passed.unwrap_or_default();
    let stack_condition = stack.get("Condition").and_then(Value::as_str).map(str::to_owned);
    let names = Names {
        prefix: format!("{logical}/"),
        resources: crate::sorting::set(section("Resources").keys().cloned()),
        conditions: crate::sorting::set(section("Conditions").keys().cloned()),
        mappings: crate::sorting::set(section("Mappings").keys().cloned()),
        passed: &passed,
        parameters: crate::sorting::set(section("Parameters").keys().cloned()),
    };
    // Parameters the parent does not pass stay parameters (with the child's default), renamed.
    let mut parameters = Map::new();
    for (name, spec) in section("Parameters") {
        if !passed.contains_key(name) {
            parameters.insert(format!("{}{name}", names.prefix), spec.clone());
        }
    }
    let mut conditions = Map::new();
    for (name, body) in section("Conditions") {
        conditions.insert(format!("{}{name}", names.prefix), names.rewrite(body, 0));
    }
    let mut mappings = Map::new();
    for (name, body) in section("Mappings") {
        mappings.insert(format!("{}{name}", names.prefix), body.clone());
    }
    let mut resources = Map::new();
    for (name, resource) in section("Resources") {
        let mut resource = names.rewrite(resource, 0);
        if let Some(map) = resource.as_object_mut() {
            if let Some(Value::String(own)) = map.get("Condition").cloned() {
                let own = format!("{}{own}", names.prefix);
                let condition = match &stack_condition {
                    Some(outer) => {
                        let both = format!("{own}&{outer}");
                        conditions.insert(
                            both.clone(),
                            serde_json::json!({"Fn::And": [{"Condition": own}, {"Condition": outer}]}),
                        );
                        both
                    }
                    None => own,
                };
                map.insert("Condition".to_owned(), Value::String(condition));
            } else if let Some(outer) = &stack_condition {
                map.insert("Condition".to_owned(), Value::String(outer.clone()));
            }
            if let Some(depends) = map.get_mut("DependsOn") {
                rename_list(depends, &names);
            }
        }
        resources.insert(format!("{}{name}", names.prefix), resource);
    }
    let outputs: BTreeMap<String, Value> = crate::sorting::map(
        section("Outputs")
            .iter()
            .filter_map(|(name, output)| Some((name.clone(), names.rewrite(output.get("Value")?, 0)))),
    );
    let count = resources.len();
    for (key, additions) in [("Parameters", parameters), ("Conditions", conditions), ("Mappings", mappings)] {
        if additions.is_empty() {
            continue;
        }
        let entry = top.entry(key.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if let Some(map) = entry.as_object_mut() {
            map.extend(additions);
        }
    }
    if let Some(Value::Object(own)) = top.get_mut("Resources") {
        own.remove(logical);
        own.extend(resources);
    }
    // The parent's `Stack.Outputs.X` become the child's output values.
    for value in top.values_mut() {
        outputs_in(value, logical, &outputs, 0);
    }
    count
}

fn rename_list(value: &mut Value, names: &Names<'_>) {
    match value {
        Value::String(name) if names.resources.contains(name.as_str()) => *name = format!("{}{name}", names.prefix),
        Value::Array(items) => items.iter_mut().for_each(|item| rename_list(item, names)),
        _ => {}
    }
}

impl Names<'_> {
    fn resource(&self, name: &str) -> Option<String> {
        self.resources.contains(name).then(|| format!("{}{name}", self.prefix))
    }

    /// A child's value in the parent's names.
    fn rewrite(&self, value: &Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return value.clone();
        }
        match value {
            Value::Array(items) => Value::Array(items.iter().map(|v| self.rewrite(v, depth + 1)).collect()),
            Value::Object(map) if map.len() == 1 => {
                let Some((key, args)) = map.iter().next() else { return value.clone() };
                match (key.as_str(), args) {
                    ("Ref", Value::String(name)) => {
                        if let Some(renamed) = self.resource(name) {
                            serde_json::json!({"Ref": renamed})
                        } else if let Some(given) = self.passed.get(name) {
                            given.clone()
                        } else if self.parameters.contains(name) {
                            serde_json::json!({"Ref": format!("{}{name}", self.prefix)})
                        } else {
                            value.clone()
                        }
                    }
                    ("Fn::GetAtt", Value::Array(items)) => {
                        let mut items = items.clone();
                        if let Some(Value::String(name)) = items.first_mut()
                            && let Some(renamed) = self.resource(name)
                        {
                            *name = renamed;
                        }
                        serde_json::json!({"Fn::GetAtt": items})
                    }
                    ("Fn::GetAtt", Value::String(text)) => {
                        let (name, rest) = text.split_once('.').unwrap_or((text.as_str(), ""));
                        match self.resource(name) {
                            Some(renamed) if rest.is_empty() => serde_json::json!({"Fn::GetAtt": renamed}),
                            Some(renamed) => serde_json::json!({"Fn::GetAtt": format!("{renamed}.{rest}")}),
                            None => value.clone(),
                        }
                    }
                    ("Condition", Value::String(name)) if self.conditions.contains(name) => {
                        serde_json::json!({"Condition": format!("{}{name}", self.prefix)})
                    }
                    ("Fn::If", Value::Array(items)) => {
                        let mut items: Vec<Value> = items.iter().map(|v| self.rewrite(v, depth + 1)).collect();
                        if let Some(Value::String(name)) = items.first_mut()
                            && self.conditions.contains(name.as_str())
                        {
                            *name = format!("{}{name}", self.prefix);
                        }
                        serde_json::json!({"Fn::If": items})
                    }
                    ("Fn::FindInMap", Value::Array(items)) => {
                        let mut items: Vec<Value> = items.iter().map(|v| self.rewrite(v, depth + 1)).collect();
                        if let Some(Value::String(name)) = items.first_mut()
                            && self.mappings.contains(name.as_str())
                        {
                            *name = format!("{}{name}", self.prefix);
                        }
                        serde_json::json!({"Fn::FindInMap": items})
                    }
                    ("Fn::Sub", _) => self.sub(args, depth),
                    _ => {
                        let mut out = Map::new();
                        out.insert(key.clone(), self.rewrite(args, depth + 1));
                        Value::Object(out)
                    }
                }
            }
            Value::Object(map) => {
                let mut out = Map::new();
                out.extend(map.iter().map(|(k, v)| (k.clone(), self.rewrite(v, depth + 1))));
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    /// `Fn::Sub`: variables naming child resources are renamed; parameters the parent passes become variables of
    /// the `Fn::Sub` holding the parent's value.
    fn sub(&self, args: &Value, depth: usize) -> Value {
        let (template, variables_given) = match args {
            Value::String(template) => (template.clone(), Map::new()),
            Value::Array(items) => (
                items.first().and_then(Value::as_str).unwrap_or_default().to_owned(),
                items.get(1).and_then(Value::as_object).cloned().unwrap_or_default(),
            ),
            _ => return serde_json::json!({"Fn::Sub": args}),
        };
        let mut variables = Map::new();
        variables.extend(variables_given.iter().map(|(k, v)| (k.clone(), self.rewrite(v, depth + 1))));
        let mut out = String::new();
        let mut rest = template.as_str();
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = after[..end].trim();
            let (head, tail) = name.split_once('.').map_or((name, None), |(h, t)| (h, Some(t)));
            let renamed = if name.starts_with('!') || variables.contains_key(name) {
                name.to_owned()
            } else if let Some(resource) = self.resource(head) {
                tail.map_or(resource.clone(), |t| format!("{resource}.{t}"))
            } else if let Some(given) = self.passed.get(name) {
                let variable = format!("{}{name}", self.prefix).replace('/', "_");
                variables.insert(variable.clone(), given.clone());
                variable
            } else if self.parameters.contains(name) {
                format!("{}{name}", self.prefix)
            } else {
                name.to_owned()
            };
            out.push_str("${");
            out.push_str(&renamed);
            out.push('}');
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        if variables.is_empty() {
            serde_json::json!({"Fn::Sub": out})
        } else {
            serde_json::json!({"Fn::Sub": [out, variables]})
        }
    }
}

/// Replaces `Fn::GetAtt [Stack, Outputs.X]` (and `${Stack.Outputs.X}` in `Fn::Sub`) with the child's output value.
fn outputs_in(value: &mut Value, logical: &str, outputs: &BTreeMap<String, Value>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let output_of = |args: &Value| -> Option<Value> {
        let (target, attribute) = match args {
            Value::Array(items) => (items.first()?.as_str()?.to_owned(), items.get(1)?.as_str()?.to_owned()),
            Value::String(text) => {
                let (t, a) = text.split_once('.')?;
                (t.to_owned(), a.to_owned())
            }
            _ => return None,
        };
        let name = attribute.strip_prefix("Outputs.")?;
        (target == logical).then(|| outputs.get(name).cloned()).flatten()
    };
    match value {
        Value::Array(items) => items.iter_mut().for_each(|v| outputs_in(v, logical, outputs, depth + 1)),
        Value::Object(map) => {
            if map.len() == 1
                && let Some(args) = map.get("Fn::GetAtt")
                && let Some(output) = output_of(args)
            {
                *value = output;
                return;
            }
            if map.len() == 1
                && let Some(Value::String(template)) = map.get("Fn::Sub").cloned()
                && template.contains(&format!("${{{logical}.Outputs."))
            {
                let mut variables = Map::new();
                for (name, output) in outputs {
                    let spelled = format!("${{{logical}.Outputs.{name}}}");
                    if template.contains(&spelled) {
                        variables.insert(format!("{logical}_Outputs_{name}"), output.clone());
                    }
                }
                let mut text = template.clone();
                for name in outputs.keys() {
                    text = text
                        .replace(&format!("${{{logical}.Outputs.{name}}}"), &format!("${{{logical}_Outputs_{name}}}"));
                }
                *value = serde_json::json!({"Fn::Sub": [text, variables]});
                return;
            }
            map.values_mut().for_each(|v| outputs_in(v, logical, outputs, depth + 1));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_relative_to_the_including_file() {
        assert_eq!(join("", "./vpc.yaml"), "vpc.yaml");
        assert_eq!(join("sub/a.yaml", "b.yaml"), "sub/b.yaml");
        assert_eq!(join("sub/a.yaml", "../b.yaml"), "b.yaml");
        assert_eq!(join("", "../up.yaml"), "../up.yaml");
    }
}
