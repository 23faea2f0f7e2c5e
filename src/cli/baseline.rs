//! `--baseline OLD.json`: the finding ids of an earlier `trustmap check --format json` run.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::read::read_input;

/// Reads the finding ids of a baseline; the error says what is wrong, in words.
pub(super) fn read(path: &Path) -> Result<BTreeSet<String>, String> {
    let bytes = read_input(path).map_err(|error| format!("cannot read: {error}"))?;
    if bytes.len() > crate::io::MAX_FILE_BYTES {
        return Err(format!("larger than {} MiB", crate::io::MAX_FILE_BYTES / (1024 * 1024)));
    }
    parse(&bytes)
}

const EXPECTED: &str = "expected the output of `trustmap check --format json`";

fn parse(bytes: &[u8]) -> Result<BTreeSet<String>, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|error| format!("not JSON ({error}); {EXPECTED}"))?;
    let Some(findings) = value.get("findings").and_then(Value::as_array) else {
        return Err(format!("no \"findings\" list at the top; {EXPECTED}"));
    };
    let mut ids = BTreeSet::new();
    for (i, finding) in findings.iter().enumerate() {
        let Some(id) = finding.get("id").and_then(Value::as_str) else {
            return Err(format!("$.findings[{i}] has no \"id\" text; {EXPECTED}"));
        };
        ids.insert(id.to_owned());
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_finding_ids_and_explains_what_is_wrong() {
        let ids = parse(br#"{"findings":[{"id":"b@x"},{"id":"a@y","rule":"a"}],"total_risk":3}"#).unwrap();
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["a@y", "b@x"]);
        assert!(parse(br#"{"findings":[]}"#).unwrap().is_empty());
        assert!(parse(b"{nope").unwrap_err().starts_with("not JSON"));
        assert!(parse(b"[]").unwrap_err().contains("no \"findings\" list"));
        assert!(parse(br#"{"findings":[{"id":1}]}"#).unwrap_err().starts_with("$.findings[0] has no \"id\""));
    }
}
