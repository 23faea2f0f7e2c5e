//! The JSON report of `trustmap check --format json`, with a fixed shape that scripts and `--baseline` rely on:
//!
//! ```text
//! {"findings": [{"id", "rule", "severity", "likelihood", "impact", "risk", "cia", "stride", "elements", "title",
//!                "explanation", "advice": [{"kind", "text"}], "status", "note"?}],
//!  "total_risk", "risk_by_cia", "risk_by_context", "responsibility", "metrics", "posture"}
//! ```
//!
//! The shape is declared here, apart from [`Finding`], so that a new field on a finding does not change the output.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::analysis::finding::{Cia, Control, Finding, Stride};
use crate::analysis::metrics::Metrics;
use crate::analysis::responsibility::Responsibility;
use crate::analysis::severity::{Impact, Likelihood, Severity};
use crate::model::triage::TriageStatus;
use crate::model::{Id, Posture};
use crate::report::sorted;

#[derive(Serialize)]
struct FindingOut<'a> {
    id: &'a str,
    rule: &'a str,
    severity: Severity,
    likelihood: Likelihood,
    impact: Impact,
    risk: u32,
    cia: &'a [Cia],
    stride: &'a [Stride],
    elements: &'a [Id],
    title: &'a str,
    explanation: &'a str,
    advice: &'a [Control],
    status: TriageStatus,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
}

impl<'a> From<&'a Finding> for FindingOut<'a> {
    fn from(f: &'a Finding) -> Self {
        Self {
            id: &f.id,
            rule: f.rule,
            severity: f.severity,
            likelihood: f.likelihood,
            impact: f.impact,
            risk: f.risk,
            cia: &f.cia,
            stride: &f.stride,
            elements: &f.elements,
            title: &f.title,
            explanation: &f.explanation,
            advice: f.advice,
            status: f.status,
            note: &f.note,
        }
    }
}

#[derive(Serialize)]
struct Out<'a> {
    findings: Vec<FindingOut<'a>>,
    total_risk: u32,
    risk_by_cia: &'a BTreeMap<Cia, u32>,
    risk_by_context: &'a BTreeMap<Id, u32>,
    responsibility: &'a Responsibility,
    metrics: &'a Metrics,
    posture: Posture,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    stale_triage: &'a [String],
}

/// The report as pretty-printed JSON, ending with a newline. Findings most severe first, then by id.
pub fn render(analysis: &Analysis) -> String {
    let out = Out {
        findings: sorted(&analysis.findings).into_iter().map(FindingOut::from).collect(),
        total_risk: analysis.risk.total,
        risk_by_cia: &analysis.risk.by_cia,
        risk_by_context: &analysis.risk.by_context,
        responsibility: &analysis.responsibility,
        metrics: &analysis.metrics,
        posture: analysis.posture,
        stale_triage: &analysis.stale_triage,
    };
    to_outline(&out)
}

/// JSON laid out one entry per line down to lists' items (a finding, a component's responsibility), each item on
/// one line: readable and diff-friendly (a committed baseline changes by whole findings), and about a third smaller
/// than fully indented JSON, which matters for output that must stay proportional to the diagram. Ends with a
/// newline.
pub fn to_outline(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Outline::default());
    match value.serialize(&mut serializer) {
        Ok(()) => {
            out.push(b'\n');
            String::from_utf8(out).unwrap_or_default()
        }
        Err(error) => format!("{}\n", serde_json::json!({ "error": error.to_string() })),
    }
}

/// Containers this deep or shallower list their entries one per line; deeper ones are written compactly.
const OUTLINE_DEPTH: usize = 2;

/// The formatter of [`to_outline`]: pretty (two-space indent) for the outer levels, compact inside.
#[derive(Default)]
struct Outline {
    depth: usize,
    has_value: bool,
}

impl Outline {
    fn open<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        if self.depth <= OUTLINE_DEPTH && self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer, self.depth - 1)?;
        }
        self.depth -= 1;
        writer.write_all(bracket)
    }

    fn entry<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        if self.depth <= OUTLINE_DEPTH {
            writer.write_all(b"\n")?;
            self.indent(writer, self.depth)?;
        }
        Ok(())
    }

    fn indent<W: ?Sized + std::io::Write>(&self, writer: &mut W, levels: usize) -> std::io::Result<()> {
        for _ in 0..levels {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Outline {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.entry(writer, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.entry(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(if self.depth <= OUTLINE_DEPTH { b": " } else { b":" })
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Pretty JSON with a final newline; serialising these plain structures cannot fail, but if it did the output says
/// so in JSON rather than being empty.
pub(crate) fn to_pretty(value: &impl Serialize) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut json) => {
            json.push('\n');
            json
        }
        Err(error) => format!("{}\n", serde_json::json!({ "error": error.to_string() })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn outline_puts_each_list_item_on_one_line() {
        let value = serde_json::json!({ "a": [{ "x": 1, "y": [1, 2] }, { "x": 2 }], "b": {}, "c": [], "d": "t" });
        let text = to_outline(&value);
        assert_eq!(
            text,
            "{\n  \"a\": [\n    {\"x\":1,\"y\":[1,2]},\n    {\"x\":2}\n  ],\n  \"b\": {},\n  \"c\": [],\n  \"d\": \"t\"\n}\n"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }

    #[test]
    fn has_exactly_the_documented_shape() {
        let (_, analysis) = fixture::analysis();
        let value: serde_json::Value = serde_json::from_str(&render(&analysis)).unwrap();
        let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["findings", "metrics", "posture", "responsibility", "risk_by_cia", "risk_by_context", "total_risk"]
        );
        let first = &value["findings"][0];
        let mut finding_keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
        finding_keys.sort_unstable();
        assert_eq!(
            finding_keys,
            [
                "advice",
                "cia",
                "elements",
                "explanation",
                "id",
                "impact",
                "likelihood",
                "note",
                "risk",
                "rule",
                "severity",
                "status",
                "stride",
                "title"
            ]
        );
        assert_eq!(first["id"], "alpha@a");
        assert_eq!(first["severity"], "critical");
        assert_eq!(first["status"], "accepted");
        assert_eq!(first["advice"][0], serde_json::json!({"kind": "sharp", "text": "Scope it."}));
        assert!(value["findings"][1].get("note").is_none(), "an empty note is left out");
        assert_eq!(value["total_risk"], 29);
        assert_eq!(value["risk_by_cia"]["availability"], 16);
        assert_eq!(value["risk_by_context"]["payment"], 9);
        assert_eq!(value["posture"], "perimeter");
        assert_eq!(value["responsibility"]["customer_share"], 0.55);
        assert_eq!(value["metrics"]["contexts"][0]["coupling"]["async"], 2);
    }
}
