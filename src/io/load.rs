//! Loading: bytes -> JSON -> document -> checked [`Model`], with every problem reported by JSON path.
//!
//! Never panics, for any byte string (the fuzz target in `fuzz/` checks this).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::io::decode::{Decoder, type_name};
use crate::io::{FORMAT, MAX_FILE_BYTES, VERSION};
use crate::io::{decode_model, fast};
use crate::model::problem::Problem;
use crate::model::{Diagram, Model};

/// Loads a diagram from the bytes of a file.
pub fn load_bytes(bytes: &[u8]) -> Result<Model, Vec<Problem>> {
    let diagram = parse_diagram(bytes)?;
    Model::new(diagram)
}

/// Loads a diagram from text.
pub fn load_str(text: &str) -> Result<Model, Vec<Problem>> {
    load_bytes(text.as_bytes())
}

/// Decodes a document without the whole-diagram checks of [`Model::new`] (references, nesting ...).
/// An exported SVG or PNG gives its embedded diagram (see [`crate::io::embedded`]).
///
/// A document without a single problem is decoded on the fast path ([`crate::io::fast`]); anything else goes through
/// the JSON value tree and the full decoder, which reports every problem with its path.
pub fn parse_diagram(bytes: &[u8]) -> Result<Diagram, Vec<Problem>> {
    let bytes = crate::io::embedded::diagram_json(bytes).map_err(|problem| vec![problem])?;
    if bytes.len() <= MAX_FILE_BYTES
        && not_utf8(&bytes).is_none()
        && let Some(diagram) = fast::diagram(bytes.strip_prefix(BOM).unwrap_or(&bytes))
    {
        return Ok(diagram);
    }
    parse_diagram_fully(&bytes)
}

/// [`parse_diagram`] without the fast path (and for the JSON text itself, not an exported picture).
pub(crate) fn parse_diagram_fully(bytes: &[u8]) -> Result<Diagram, Vec<Problem>> {
    let value = parse_json(bytes).map_err(|problem| vec![problem])?;
    check_header(&value)?;
    let mut d = Decoder::default();
    let diagram = decode_model::diagram(&mut d, &value);
    match diagram {
        Some(diagram) if d.problems.is_empty() => Ok(diagram),
        _ => Err(d.into_problems()),
    }
}

/// The JSON of a trustmap input (a diagram, or a baseline report), read by one set of rules: at most
/// [`MAX_FILE_BYTES`], one optional byte-order mark, not empty, no key twice in an object, at most 127 levels deep;
/// other text formats and encodings are named.
pub fn parse_json(bytes: &[u8]) -> Result<Value, Problem> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Problem::new(
            "$",
            format!(
                "the file is {} MiB; trustmap reads files up to {} MiB",
                bytes.len().div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    if let Some(problem) = not_utf8(bytes) {
        return Err(problem);
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if bytes.starts_with(BOM) {
        return Err(Problem::new("$", "the file starts with more than one byte-order mark (U+FEFF); keep at most one"));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::new("$", "the file is empty"));
    }
    match serde_json::from_slice::<StrictValue>(bytes) {
        Ok(StrictValue(value)) => Ok(value),
        Err(error) => Err(not_json(bytes).unwrap_or_else(|| syntax_problem(&error))),
    }
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// UTF-32 and UTF-16 text, by byte-order mark or by the zero bytes around a leading `{`.
fn not_utf8(bytes: &[u8]) -> Option<Problem> {
    let utf32 = [&b"\xFF\xFE\0\0"[..], b"\0\0\xFE\xFF", b"{\0\0\0", b"\0\0\0{"];
    let utf16 = [&b"\xFF\xFE"[..], b"\xFE\xFF", b"{\0", b"\0{"];
    let encoding = if utf32.iter().any(|start| bytes.starts_with(start)) {
        "UTF-32"
    } else if utf16.iter().any(|start| bytes.starts_with(start)) {
        "UTF-16"
    } else {
        return None;
    };
    Some(Problem::new("$", format!("the file is {encoding} text; trustmap files are UTF-8 (save it as UTF-8)")))
}

fn syntax_problem(error: &serde_json::Error) -> Problem {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    let message = if message == "recursion limit exceeded" {
        "nested too deeply (128 levels or more; trustmap reads up to 127)".to_owned()
    } else {
        message.to_owned()
    };
    let at = format!("line {}, column {}", error.line(), error.column());
    match error.classify() {
        // Well-formed JSON that `StrictValue` refuses (a duplicate key): not a syntax error.
        serde_json::error::Category::Data => Problem::new(at, message),
        _ => Problem::new(at, format!("malformed JSON: {message}")),
    }
}

/// A plainer problem than the JSON parser's when the bytes are not JSON text at all (another encoding, XML, YAML).
fn not_json(bytes: &[u8]) -> Option<Problem> {
    if let Some(problem) = not_utf8(bytes) {
        return Some(problem);
    }
    let text = String::from_utf8_lossy(bytes.get(..4096).unwrap_or(bytes));
    match text.trim_start().chars().next()? {
        // JSON with a mistake inside: the parser's line and column say more.
        '{' | '[' => None,
        '<' => Some(Problem::new("$", "the file is XML or HTML (a draw.io diagram?), not a trustmap diagram (JSON)")),
        _ => {
            let mut lines = text.lines().filter(|line| {
                let line = line.trim();
                !(line.is_empty() || line.starts_with('#') || line == "---" || line.starts_with("%YAML"))
            });
            if !lines.next().is_some_and(is_yaml_key) {
                return None;
            }
            let hint = if text.lines().any(|line| line.starts_with("threagile_version:")) {
                " (it looks like a Threagile model: convert it with `trustmap import FILE -o OUT.json`)"
            } else if text
                .lines()
                .any(|line| line.starts_with("AWSTemplateFormatVersion:") || line.starts_with("Resources:"))
            {
                " (it looks like an AWS CloudFormation template: convert it with `trustmap import FILE -o OUT.json`)"
            } else {
                ""
            };
            Some(Problem::new(
                "$",
                format!("the file is YAML{hint}; trustmap files are JSON with \"format\": \"{FORMAT}\""),
            ))
        }
    }
}

/// A top-level YAML mapping entry: `key:` or `key: value`.
fn is_yaml_key(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' '))
        && !key.starts_with(' ')
        && (rest.is_empty() || rest.starts_with(' '))
}

/// A JSON value, except that an object with the same key twice is refused: `serde_json::Value` keeps the last
/// one silently, so a second `"properties"` left behind by a merge would throw the first away unseen.
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Self)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Value, E> {
        Ok(Value::Bool(flag))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Value, E> {
        Ok(Value::from(number))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Value, E> {
        Ok(Value::from(number))
    }

    fn visit_f64<E>(self, number: f64) -> Result<Value, E> {
        Ok(Value::from(number))
    }

    fn visit_str<E>(self, text: &str) -> Result<Value, E> {
        Ok(Value::String(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Value, E> {
        Ok(Value::String(text))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate key \"{key}\" in one object (the second value would silently replace the first)"
                )));
            }
            let StrictValue(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// `format` must say trustmap and `version` must be one this build reads; otherwise nothing else is worth saying.
pub(crate) fn check_header(value: &Value) -> Result<(), Vec<Problem>> {
    let Value::Object(map) = value else {
        return Err(vec![Problem::new(
            "$",
            format!("expected a trustmap document (an object), found {}", type_name(value)),
        )]);
    };
    match map.get("format") {
        Some(Value::String(format)) if format == FORMAT => {}
        Some(Value::String(other)) => {
            return Err(vec![Problem::new(
                "$.format",
                format!("this is a \"{other}\" file, not a trustmap diagram (\"format\": \"{FORMAT}\")"),
            )]);
        }
        Some(other) => {
            return Err(vec![Problem::new(
                "$.format",
                format!("expected the string \"{FORMAT}\", found {}", type_name(other)),
            )]);
        }
        None => {
            let has = |key: &str| map.contains_key(key);
            let hint = if has("detail") && has("summary") {
                " (it looks like an OWASP Threat Dragon model: convert it with `trustmap import FILE -o OUT.json`)"
            } else if has("otmVersion") {
                " (it looks like an Open Threat Model file)"
            } else if has("trust_zones") && has("data_flows") {
                " (it looks like a TM-BOM threat model)"
            } else if has("threatsFile") || (has("elements") && has("findings")) {
                " (it looks like OWASP pytm output)"
            } else if has("threagile_version") {
                " (it looks like a Threagile model: convert it with `trustmap import FILE -o OUT.json`)"
            } else if has("AWSTemplateFormatVersion") || has("Resources") {
                " (it looks like an AWS CloudFormation template: convert it with `trustmap import FILE -o OUT.json`)"
            } else if has("terraform_version") || has("planned_values") {
                " (it looks like a Terraform plan or state: convert it with `trustmap import FILE -o OUT.json`)"
            } else {
                ""
            };
            return Err(vec![Problem::new(
                "$",
                format!("missing \"format\": \"{FORMAT}\"; this is not a trustmap diagram{hint}"),
            )]);
        }
    }
    match map.get("version") {
        Some(Value::Number(number)) => match number.as_u64() {
            Some(1..=VERSION) => Ok(()),
            Some(newer) if newer > VERSION => Err(vec![Problem::new(
                "$.version",
                format!(
                    "the file is format version {newer}, written by a newer trustmap; this build reads versions 1 \
                     to {VERSION}: update trustmap to open it"
                ),
            )]),
            _ => Err(vec![Problem::new(
                "$.version",
                format!("unsupported format version {number} (expected 1 to {VERSION})"),
            )]),
        },
        Some(other) => Err(vec![Problem::new(
            "$.version",
            format!("expected a version number (1 to {VERSION}), found {}", type_name(other)),
        )]),
        None => Err(vec![Problem::new("$", format!("missing required field \"version\" (1 to {VERSION})"))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_values_equal_serde_json_values() {
        let texts = [
            crate::io::samples::all()[0].json,
            r#"[18446744073709551615, -9223372036854775808, 1e-300, -0.0, 0.1, 5e-324, "\u00e9\n", null, true, {}]"#,
        ];
        for text in texts {
            let StrictValue(strict) = serde_json::from_str(text).unwrap();
            let plain: Value = serde_json::from_str(text).unwrap();
            assert_eq!(strict, plain);
            assert_eq!(strict.to_string(), plain.to_string());
        }
    }

    #[test]
    fn duplicate_keys_are_refused_at_any_depth() {
        for text in [r#"{"a": 1, "a": 1}"#, r#"{"x": [{"b": {"c": 1, "d": 2, "c": 3}}]}"#] {
            let error = serde_json::from_str::<StrictValue>(text).err().unwrap();
            assert_eq!(error.classify(), serde_json::error::Category::Data);
            assert!(error.to_string().starts_with("duplicate key"), "{error}");
        }
        // The same key in sibling objects is fine.
        assert!(serde_json::from_str::<StrictValue>(r#"[{"a": 1}, {"a": 2}]"#).is_ok());
    }

    #[test]
    fn one_byte_order_mark_at_most_and_depth_up_to_127() {
        let twice = parse_json(b"\xEF\xBB\xBF\xEF\xBB\xBF{}").unwrap_err();
        assert!(twice.message.contains("more than one byte-order mark"), "{twice}");
        assert!(parse_json(b"\xEF\xBB\xBF{}").is_ok());
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse_json(nested(127).as_bytes()).is_ok());
        let deep = parse_json(nested(128).as_bytes()).unwrap_err();
        assert!(deep.message.contains("128 levels or more; trustmap reads up to 127"), "{deep}");
        assert!(parse_json(br#"{"a": 1, "a": 2}"#).unwrap_err().message.starts_with("duplicate key"));
    }

    #[test]
    fn foreign_text_formats_are_named() {
        let problem = |bytes: &[u8]| not_json(bytes).map(|p| p.message);
        assert!(problem(b"\xFF\xFE{\0").unwrap().contains("UTF-16"));
        assert!(problem(b"\xFF\xFE\0\0{\0\0\0").unwrap().contains("UTF-32"));
        assert!(problem(b"\0\0\0{").unwrap().contains("UTF-32"));
        assert!(problem(b"{\0\"\0").unwrap().contains("UTF-16"));
        assert!(problem(b"<?xml version=\"1.0\"?><mxfile/>").unwrap().contains("XML"));
        assert!(problem(b"# model\n---\ntitle: Shop\n").unwrap().starts_with("the file is YAML;"));
        assert!(problem(b"threagile_version: 1.0.0\n").unwrap().contains("Threagile"));
        assert_eq!(problem(b"{\"format\": }"), None);
        assert_eq!(problem(b"nonsense"), None);
        assert_eq!(problem(b"http://example.com"), None);
    }
}
