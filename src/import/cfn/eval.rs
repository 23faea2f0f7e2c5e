//! What a template's values say once its intrinsic functions are worked out: `Parameters` (their defaults; a
//! parameter without one stays unknown), `Conditions` (decided when every input is known), `Mappings`, and the
//! functions over them (`Fn::If`, `Fn::FindInMap`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`). References to
//! resources (`Ref`, `Fn::GetAtt`, `${X}` in `Fn::Sub`) are collected for the wiring, never resolved to text.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::model::problem::Problem;

/// Deepest nesting of intrinsic functions followed; deeper values stay unknown.
const MAX_DEPTH: usize = 48;

/// A template's parameters, conditions, mappings and resource names.
pub(in crate::import) struct Template<'a> {
    params: BTreeMap<String, Option<Value>>,
    conditions: BTreeMap<String, Option<bool>>,
    mappings: Option<&'a Map<String, Value>>,
    pub resources: &'a Map<String, Value>,
}

/// A reference to a resource: its logical id and the attribute (`Arn`, `StreamArn` ...) if any.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(in crate::import) struct Reference {
    pub target: String,
    pub attribute: Option<String>,
}

impl<'a> Template<'a> {
    /// Reads the parameters and decides the conditions; a condition that names itself (directly or through others)
    /// is an error naming it.
    pub fn new(top: &'a Map<String, Value>, resources: &'a Map<String, Value>) -> Result<Self, Vec<Problem>> {
        let params = top
            .get("Parameters")
            .and_then(Value::as_object)
            .map(|params| params.iter().map(|(name, spec)| (name.clone(), spec.get("Default").cloned())).collect())
            .unwrap_or_default();
        let mut template = Self {
            params,
            conditions: BTreeMap::new(),
            mappings: top.get("Mappings").and_then(Value::as_object),
            resources,
        };
        if let Some(conditions) = top.get("Conditions").and_then(Value::as_object) {
            for name in conditions.keys() {
                let mut stack = Vec::new();
                template.decide(conditions, name, &mut stack)?;
            }
        }
        Ok(template)
    }

    fn decide(
        &mut self,
        all: &Map<String, Value>,
        name: &str,
        stack: &mut Vec<String>,
    ) -> Result<Option<bool>, Vec<Problem>> {
        if let Some(known) = self.conditions.get(name) {
            return Ok(*known);
        }
        if stack.iter().any(|n| n == name) || stack.len() > MAX_DEPTH {
            stack.push(name.to_owned());
            return Err(vec![Problem::new(
                format!("$.Conditions.{}", stack.first().map_or(name, String::as_str)),
                format!("the conditions refer to each other in a cycle: {}", stack.join(" -> ")),
            )]);
        }
        let Some(body) = all.get(name) else {
            return Ok(None);
        };
        stack.push(name.to_owned());
        // The conditions this one names are decided first, so `truth` finds them.
        let mut named = Vec::new();
        condition_names(body, &mut named, 0);
        for other in named {
            self.decide(all, &other, stack)?;
        }
        stack.pop();
        let value = self.truth(body, 0);
        self.conditions.insert(name.to_owned(), value);
        Ok(value)
    }

    /// A named condition: `Some` when decided.
    pub fn condition(&self, name: &str) -> Option<bool> {
        self.conditions.get(name).copied().flatten()
    }

    /// A condition expression: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` or `Condition`.
    fn truth(&self, value: &Value, depth: usize) -> Option<bool> {
        let (key, args) = single(value)?;
        if depth > MAX_DEPTH {
            return None;
        }
        let list = || args.as_array().map(Vec::as_slice).unwrap_or_default();
        match key {
            "Condition" => self.condition(args.as_str()?),
            "Fn::Equals" => {
                let [a, b] = list() else { return None };
                Some(self.text(a)? == self.text(b)?)
            }
            "Fn::Not" => self.truth(list().first()?, depth + 1).map(|v| !v),
            "Fn::And" => {
                let values: Vec<Option<bool>> = list().iter().map(|v| self.truth(v, depth + 1)).collect();
                if values.contains(&Some(false)) {
                    Some(false)
                } else {
                    values.into_iter().collect::<Option<Vec<_>>>().map(|_| true)
                }
            }
            "Fn::Or" => {
                let values: Vec<Option<bool>> = list().iter().map(|v| self.truth(v, depth + 1)).collect();
                if values.contains(&Some(true)) {
                    Some(true)
                } else {
                    values.into_iter().collect::<Option<Vec<_>>>().map(|_| false)
                }
            }
            _ => None,
        }
    }

    /// The value as text (a string, number or boolean), if the template decides it.
    pub fn text(&self, value: &Value) -> Option<String> {
        match self.resolve(value, 0)? {
            Value::String(text) => Some(text),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A boolean, also written as text (`"true"`).
    pub fn flag(&self, value: Option<&Value>) -> Option<bool> {
        match self.resolve(value?, 0)? {
            Value::Bool(b) => Some(b),
            Value::String(text) => match text.to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// The literal value the template gives, or `None` when it depends on something unknown (a resource's
    /// attribute, a parameter without a default, an undecided condition).
    pub fn resolve(&self, value: &Value, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let Some((key, args)) = single(value) else {
            return match value {
                Value::Array(items) => {
                    Some(Value::Array(items.iter().filter_map(|item| self.resolve(item, depth + 1)).collect()))
                }
                other => Some(other.clone()),
            };
        };
        let list = || args.as_array().map(Vec::as_slice).unwrap_or_default();
        match key {
            "Ref" => {
                let name = args.as_str()?;
                match name {
                    "AWS::Partition" => Some(Value::String("aws".to_owned())),
                    "AWS::URLSuffix" => Some(Value::String("amazonaws.com".to_owned())),
                    _ => self.params.get(name).cloned().flatten(),
                }
            }
            "Fn::If" => {
                let [condition, yes, no] = list() else { return None };
                let chosen = if self.condition(condition.as_str()?)? { yes } else { no };
                self.resolve(chosen, depth + 1)
            }
            "Fn::FindInMap" => {
                let [map, top, second, ..] = list() else { return None };
                let (map, top, second) = (self.text(map)?, self.text(top)?, self.text(second)?);
                self.mappings?.get(&map)?.get(&top)?.get(&second).cloned()
            }
            "Fn::Join" => {
                let [separator, items] = list() else { return None };
                let separator = separator.as_str()?;
                let Value::Array(items) = self.resolve(items, depth + 1)? else { return None };
                let parts: Option<Vec<String>> = items.iter().map(|item| self.text(item)).collect();
                Some(Value::String(parts?.join(separator)))
            }
            "Fn::Select" => {
                let [index, items] = list() else { return None };
                let index: usize = self.text(index)?.parse().ok()?;
                match self.resolve(items, depth + 1)? {
                    Value::Array(items) => items.get(index).cloned(),
                    _ => None,
                }
            }
            "Fn::Split" => {
                let [separator, text] = list() else { return None };
                let separator = separator.as_str()?;
                let text = self.text(text)?;
                Some(Value::Array(text.split(separator).map(|s| Value::String(s.to_owned())).collect()))
            }
            "Fn::Sub" => {
                let (template, variables) = match args {
                    Value::String(template) => (template.as_str(), None),
                    Value::Array(items) => (items.first()?.as_str()?, items.get(1).and_then(Value::as_object)),
                    _ => return None,
                };
                let mut out = String::new();
                for (literal, variable) in sub_parts(template) {
                    out.push_str(&literal);
                    let Some(variable) = variable else { continue };
                    let value = match variables.and_then(|v| v.get(&variable)) {
                        Some(value) => self.text(value)?,
                        None => self.text(&reference_value(&variable))?,
                    };
                    out.push_str(&value);
                }
                Some(Value::String(out))
            }
            _ => None,
        }
    }

    /// The resources a value refers to (`Ref`, `Fn::GetAtt`, `${X}` and `${X.Attr}` in `Fn::Sub`), in order, each
    /// once; the branch an undecided `Fn::If` might take counts both ways.
    pub fn references(&self, value: &Value) -> Vec<Reference> {
        let mut out = Vec::new();
        self.collect(value, &mut out, 0);
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|r| seen.insert(r.clone()));
        out
    }

    fn collect(&self, value: &Value, out: &mut Vec<Reference>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Array(items) => items.iter().for_each(|item| self.collect(item, out, depth + 1)),
            Value::Object(map) => {
                if let Some((key, args)) = single(value) {
                    match key {
                        "Ref" => {
                            if let Some(name) = args.as_str().filter(|n| self.resources.contains_key(*n)) {
                                out.push(Reference { target: name.to_owned(), attribute: None });
                            }
                            return;
                        }
                        "Fn::GetAtt" => {
                            if let Some(reference) = get_att(args).filter(|r| self.resources.contains_key(&r.target)) {
                                out.push(reference);
                            }
                            return;
                        }
                        "Fn::If" => {
                            if let Some([condition, yes, no]) = args.as_array().map(Vec::as_slice) {
                                match condition.as_str().and_then(|c| self.condition(c)) {
                                    Some(true) => self.collect(yes, out, depth + 1),
                                    Some(false) => self.collect(no, out, depth + 1),
                                    None => {
                                        self.collect(yes, out, depth + 1);
                                        self.collect(no, out, depth + 1);
                                    }
                                }
                            }
                            return;
                        }
                        "Fn::Sub" => {
                            let (template, variables) = match args {
                                Value::String(template) => (Some(template.as_str()), None),
                                Value::Array(items) => (items.first().and_then(Value::as_str), items.get(1)),
                                _ => (None, None),
                            };
                            let names = variables.and_then(Value::as_object);
                            for (_, variable) in template.map(sub_parts).unwrap_or_default() {
                                let Some(variable) = variable else { continue };
                                if names.is_some_and(|n| n.contains_key(&variable)) {
                                    continue;
                                }
                                if let Some(reference) = get_att(&Value::String(variable.clone()))
                                    .filter(|r| self.resources.contains_key(&r.target))
                                {
                                    out.push(reference);
                                }
                            }
                            if let Some(variables) = variables {
                                self.collect(variables, out, depth + 1);
                            }
                            return;
                        }
                        _ => {}
                    }
                }
                map.values().for_each(|item| self.collect(item, out, depth + 1));
            }
            _ => {}
        }
    }
}

/// The one key and its value of a one-key object (how every intrinsic function is written).
pub(super) fn single(value: &Value) -> Option<(&str, &Value)> {
    let map = value.as_object()?;
    if map.len() != 1 {
        return None;
    }
    map.iter().next().map(|(k, v)| (k.as_str(), v))
}

/// `["A", "B"]`, `["A", "B.C"]` or `"A.B"` -> resource `A`, attribute `B`.
fn get_att(args: &Value) -> Option<Reference> {
    let (target, attribute) = match args {
        Value::String(text) => match text.split_once('.') {
            Some((target, attribute)) => (target.to_owned(), Some(attribute.to_owned())),
            None => (text.clone(), None),
        },
        Value::Array(items) => {
            (items.first()?.as_str()?.to_owned(), items.get(1).and_then(Value::as_str).map(str::to_owned))
        }
        _ => return None,
    };
    Some(Reference { target, attribute })
}

/// `${Name}` or `${Res.Attr}` as the value it stands for, to resolve it like a `Ref`.
fn reference_value(variable: &str) -> Value {
    let mut map = Map::new();
    if variable.contains('.') && !variable.starts_with("AWS::") {
        map.insert("Fn::GetAtt".to_owned(), Value::String(variable.to_owned()));
    } else {
        map.insert("Ref".to_owned(), Value::String(variable.to_owned()));
    }
    Value::Object(map)
}

/// A `Fn::Sub` template cut into (literal text, variable that follows it); `${!x}` is the literal `${x}`.
fn sub_parts(template: &str) -> Vec<(String, Option<String>)> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        literal.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            literal.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let name = &after[..end];
        if let Some(escaped) = name.strip_prefix('!') {
            literal.push_str("${");
            literal.push_str(escaped);
            literal.push('}');
        } else {
            parts.push((std::mem::take(&mut literal), Some(name.trim().to_owned())));
        }
        rest = &after[end + 1..];
    }
    literal.push_str(rest);
    parts.push((literal, None));
    parts
}

/// The condition names an expression uses (`{"Condition": X}`).
fn condition_names(value: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(("Condition", Value::String(name))) = single(value) {
                out.push(name.clone());
            }
            map.values().for_each(|v| condition_names(v, out, depth + 1));
        }
        Value::Array(items) => items.iter().for_each(|v| condition_names(v, out, depth + 1)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with(top: &Value, check: impl FnOnce(&Template<'_>)) {
        let top = top.as_object().cloned().unwrap_or_default();
        let resources = top.get("Resources").and_then(Value::as_object).cloned().unwrap_or_default();
        let template = Template::new(&top, &resources).unwrap();
        check(&template);
    }

    #[test]
    fn parameters_conditions_and_mappings_resolve() {
        let top = json!({
            "Parameters": {"Env": {"Type": "String", "Default": "prod"}, "Free": {"Type": "String"}},
            "Mappings": {"M": {"prod": {"Cidr": "10.0.0.0/16"}}},
            "Conditions": {
                "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
                "IsFree": {"Fn::Equals": [{"Ref": "Free"}, "x"]},
            },
            "Resources": {"Q": {"Type": "AWS::SQS::Queue"}},
        });
        with(&top, |t| {
            assert_eq!(t.condition("IsProd"), Some(true));
            assert_eq!(t.condition("NotProd"), Some(false));
            assert_eq!(t.condition("IsFree"), None);
            assert_eq!(
                t.text(&json!({"Fn::FindInMap": ["M", {"Ref": "Env"}, "Cidr"]})).as_deref(),
                Some("10.0.0.0/16")
            );
            assert_eq!(t.text(&json!({"Fn::Sub": "a-${Env}-${AWS::Partition}"})).as_deref(), Some("a-prod-aws"));
            assert_eq!(t.text(&json!({"Fn::Sub": "a-${Free}"})), None);
            assert_eq!(t.text(&json!({"Fn::If": ["IsProd", "y", "n"]})).as_deref(), Some("y"));
            assert_eq!(t.text(&json!({"Fn::Select": [1, {"Fn::Split": [",", "a,b"]}]})).as_deref(), Some("b"));
            let refs = t.references(&json!({"A": {"Fn::Sub": "${Q.Arn}/x ${Env}"}, "B": {"Ref": "Q"}}));
            assert_eq!(refs.len(), 2);
        });
    }

    #[test]
    fn a_condition_cycle_is_an_error_naming_it() {
        let top = json!({"Conditions": {"A": {"Condition": "B"}, "B": {"Fn::Not": [{"Condition": "A"}]}}});
        let top = top.as_object().cloned().unwrap_or_default();
        let resources = Map::new();
        let Err(problems) = Template::new(&top, &resources) else { panic!("a cycle must be refused") };
        assert!(problems[0].message.contains("cycle"), "{}", problems[0].message);
        assert!(problems[0].path.starts_with("$.Conditions."));
    }
}
