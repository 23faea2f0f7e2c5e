//! CloudFormation YAML into JSON: the short intrinsic tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`, `!If [...]`) become
//! the long form JSON templates use (`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "B"]}`, `{"Fn::If": [...]}`), so the
//! rest of the importer reads one shape. The parser's budget refuses alias bombs, deep nesting and huge inputs.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::Tagged;

use crate::model::problem::Problem;

/// Parses a CloudFormation YAML template into JSON with long-form intrinsics.
pub(in crate::import) fn parse(text: &str) -> Result<Value, Vec<Problem>> {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options.with_snippet = false;
    // `Y`, `yes` and `on` stay text (YAML 1.2 booleans only): CloudFormation keys and values are names, not flags.
    options.strict_booleans = true;
    serde_saphyr::from_str_with_options::<Node>(text, options)
        .map(|node| node.0)
        .map_err(|error| vec![Problem::new("$", format!("malformed or refused YAML: {error}"))])
}

/// One YAML node, its tag already turned into the long form.
struct Node(Value);

/// One YAML node before its tag is applied.
struct Raw(Value);

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Tagged(Raw(value), tag) = Tagged::<Raw>::deserialize(deserializer)?;
        Ok(Self(match tag.as_deref() {
            Some(tag) => long_form(tag, value),
            None => value,
        }))
    }
}

/// `!Ref X` -> `{"Ref": X}`, `!Condition X` -> `{"Condition": X}`, `!GetAtt A.B` -> `{"Fn::GetAtt": ["A", "B"]}`,
/// any other `!Name v` -> `{"Fn::Name": v}`. YAML's own tags (`!!str` ...) leave the value as it is.
fn long_form(tag: &str, value: Value) -> Value {
    let Some(name) = tag.strip_prefix('!').filter(|n| !n.starts_with('!') && !n.is_empty()) else {
        return value;
    };
    if name.starts_with("tag:") {
        return value;
    }
    let (key, value) = match name {
        "Ref" => ("Ref".to_owned(), value),
        "Condition" => ("Condition".to_owned(), value),
        "GetAtt" => {
            let value = match value {
                Value::String(text) => match text.split_once('.') {
                    Some((resource, attribute)) => {
                        Value::Array(vec![Value::String(resource.to_owned()), Value::String(attribute.to_owned())])
                    }
                    None => Value::Array(vec![Value::String(text)]),
                },
                other => other,
            };
            ("Fn::GetAtt".to_owned(), value)
        }
        other => (format!("Fn::{other}"), value),
    };
    let mut map = Map::new();
    map.insert(key, value);
    Value::Object(map)
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw(Value::Number(v.into())))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw(Value::Number(v.into())))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw(Number::from_f64(v).map_or(Value::Null, Value::Number)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw(Value::String(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw(Value::String(v)))
    }

    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw, D::Error> {
        Raw::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(Node(item)) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Raw(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut out = Map::new();
        while let Some((key, Node(value))) = map.next_entry::<Key, Node>()? {
            out.insert(key.0, value);
        }
        Ok(Raw(Value::Object(out)))
    }
}

/// A mapping key: text, or a number or boolean written as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Read as text, so `Y`, `1.10` or `null` keep their spelling as keys.
        String::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_tags_become_the_long_form() {
        let text = "A: !Ref Bucket\nB: !GetAtt Fn.Arn\nC: !Sub 'arn:${AWS::Partition}:x'\nD: !If [IsProd, 1, !Ref AWS::NoValue]\nE: !Join ['', [a, !Select [0, !GetAZs '']]]\nF: !Equals [!Ref Env, prod]\nG: !Condition Other\nH: plain\n";
        let value = parse(text).unwrap();
        assert_eq!(
            value,
            json!({
                "A": {"Ref": "Bucket"},
                "B": {"Fn::GetAtt": ["Fn", "Arn"]},
                "C": {"Fn::Sub": "arn:${AWS::Partition}:x"},
                "D": {"Fn::If": ["IsProd", 1, {"Ref": "AWS::NoValue"}]},
                "E": {"Fn::Join": ["", ["a", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}]]},
                "F": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                "G": {"Condition": "Other"},
                "H": "plain",
            })
        );
    }

    #[test]
    fn tagged_mappings_and_sequences_keep_their_content() {
        let text = "X: !Sub\n  - '${A}-${B}'\n  - B: !Ref C\nY: !GetAtt [T, StreamArn]\nyes: 1.10\n";
        let value = parse(text).unwrap();
        assert_eq!(value["X"], json!({"Fn::Sub": ["${A}-${B}", {"B": {"Ref": "C"}}]}));
        assert_eq!(value["Y"], json!({"Fn::GetAtt": ["T", "StreamArn"]}));
        assert!(value.get("yes").is_some());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse(&text).is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}x{}", "[".repeat(5000), "]".repeat(5000));
        assert!(parse(&text).is_err());
    }
}
