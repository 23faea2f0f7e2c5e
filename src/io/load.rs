//! Loading: bytes -> JSON -> document -> checked [`Model`], with every problem reported by JSON path.
//!
//! Never panics, for any byte string (the fuzz target in `fuzz/` checks this).

use serde_json::Value;

use crate::io::decode::{Decoder, type_name};
use crate::io::decode_model;
use crate::io::{FORMAT, MAX_FILE_BYTES, VERSION};
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
pub fn parse_diagram(bytes: &[u8]) -> Result<Diagram, Vec<Problem>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![Problem::new(
            "$",
            format!(
                "the file is {} MiB; trustmap reads files up to {} MiB",
                bytes.len().div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )]);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![Problem::new("$", "the file is empty")]);
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|error| vec![syntax_problem(&error)])?;
    check_header(&value)?;
    let mut d = Decoder::default();
    let diagram = decode_model::diagram(&mut d, &value);
    match diagram {
        Some(diagram) if d.problems.is_empty() => Ok(diagram),
        _ => Err(d.into_problems()),
    }
}

fn syntax_problem(error: &serde_json::Error) -> Problem {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    let message = if message == "recursion limit exceeded" {
        "nested too deeply (more than 128 levels)".to_owned()
    } else {
        message.to_owned()
    };
    Problem::new(format!("line {}, column {}", error.line(), error.column()), format!("malformed JSON: {message}"))
}

/// `format` must say trustmap and `version` must be one this build reads; otherwise nothing else is worth saying.
fn check_header(value: &Value) -> Result<(), Vec<Problem>> {
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
            let hint = if map.contains_key("detail") && map.contains_key("summary") {
                " (it looks like an OWASP Threat Dragon model)"
            } else if map.contains_key("otmVersion") {
                " (it looks like an Open Threat Model file)"
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
            Some(VERSION) => Ok(()),
            Some(newer) if newer > VERSION => Err(vec![Problem::new(
                "$.version",
                format!(
                    "the file is format version {newer}, written by a newer trustmap; this build reads version \
                     {VERSION}: update trustmap to open it"
                ),
            )]),
            _ => Err(vec![Problem::new(
                "$.version",
                format!("unsupported format version {number} (expected {VERSION})"),
            )]),
        },
        Some(other) => {
            Err(vec![Problem::new("$.version", format!("expected the number {VERSION}, found {}", type_name(other)))])
        }
        None => Err(vec![Problem::new("$", format!("missing required field \"version\" (expected {VERSION})"))]),
    }
}
