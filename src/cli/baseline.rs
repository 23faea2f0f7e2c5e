//! `--baseline OLD.json`: the finding ids of an earlier `trustmap check --format json` run.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::read::read_input;
use crate::io::parse_json;
use crate::model::named::clip;

/// Reads the finding ids of a baseline; the error says what is wrong, in words.
pub(super) fn read(path: &Path) -> Result<BTreeSet<String>, String> {
    let bytes = read_input(path).map_err(|error| format!("cannot read: {error}"))?;
    parse(&bytes)
}

const EXPECTED: &str = "expected the output of `trustmap check --format json`";

/// Reads the ids by the diagram loader's JSON rules (size, one byte-order mark, no duplicate keys, depth), and
/// accepts only well-formed finding ids (`rule@element` or `rule@a+b`), which later reach reports as text.
pub(super) fn parse(bytes: &[u8]) -> Result<BTreeSet<String>, String> {
    let value: Value = parse_json(bytes).map_err(|problem| format!("{problem}; {EXPECTED}"))?;
    let Some(findings) = value.get("findings").and_then(Value::as_array) else {
        return Err(format!("no \"findings\" list at the top; {EXPECTED}"));
    };
    let mut ids = BTreeSet::new();
    for (i, finding) in findings.iter().enumerate() {
        let Some(id) = finding.get("id").and_then(Value::as_str) else {
            return Err(format!("$.findings[{i}] has no \"id\" text; {EXPECTED}"));
        };
        if !is_finding_id(id) {
            return Err(format!("$.findings[{i}].id: \"{}\" is not a finding id (rule@element)", clip(id)));
        }
        ids.insert(id.to_owned());
    }
    Ok(ids)
}

/// `rule@element` or `rule@a+b`: a rule id and one or more element ids (or `diagram`), in the id alphabet.
fn is_finding_id(text: &str) -> bool {
    let Some((rule, subject)) = text.split_once('@') else { return false };
    let is_id = |part: &str| {
        !part.is_empty()
            && part.len() <= 64
            && part.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
    };
    is_id(rule) && subject.split('+').all(is_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_finding_ids_and_explains_what_is_wrong() {
        let ids = parse(br#"{"findings":[{"id":"b@x"},{"id":"a@y","rule":"a"}],"total_risk":3}"#).unwrap();
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["a@y", "b@x"]);
        assert!(parse(br#"{"findings":[]}"#).unwrap().is_empty());
        assert!(parse(b"{nope").unwrap_err().contains("malformed JSON"));
        assert!(parse(b"\xEF\xBB\xBF{\"findings\":[]}").unwrap().is_empty(), "a byte-order mark is fine");
        let twice = parse(br#"{"findings":[{"id":"a@b"}],"findings":[]}"#).unwrap_err();
        assert!(twice.contains("duplicate key \"findings\""), "{twice}");
        for bad in ["x`<img>`", "a@b\n# h", "nope", "a@", "@b", "A@b", "a@b+"] {
            let text = serde_json::json!({ "findings": [{ "id": bad }] }).to_string();
            assert!(parse(text.as_bytes()).unwrap_err().contains("is not a finding id"), "{bad:?}");
        }
        assert!(parse(br#"{"findings":[{"id":"sync-call@a+b.c_d"},{"id":"no-audit@diagram"}]}"#).is_ok());
        assert!(parse(b"[]").unwrap_err().contains("no \"findings\" list"));
        assert!(parse(br#"{"findings":[{"id":1}]}"#).unwrap_err().starts_with("$.findings[0] has no \"id\""));
    }
}
