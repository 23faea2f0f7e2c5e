//! The JSON report of `trustmap check --format json`, with a fixed shape that scripts and `--baseline` rely on:
//!
//! ```text
//! {"findings": [{"id", "rule", "severity", "likelihood", "impact", "risk", "cia", "stride", "elements", "title",
//!                "explanation", "status", "note"?}],
//!  "advice": {rule: [{"kind", "text"}]},
//!  "total_risk", "risk_by_cia", "risk_by_context", "metrics", "posture",
//!  "responsibility": {"profiles": [{"stack", "customer_share", "adjustments"?, "components": [id]}],
//!                     "layers_by_owner", "customer_share"}}
//! ```
//!
//! A rule's advice is the same for all its findings, so it is listed once per rule that has findings. Components
//! with the same stack for the same reasons share one responsibility profile, so the report grows by an
//! id per component, not by a whole stack (the output must stay proportional to the diagram).
//!
//! The shape is declared here, apart from [`Finding`], so that a new field on a finding does not change the output.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::analysis::finding::{Cia, Control, Finding, Stride};
use crate::analysis::metrics::Metrics;
use crate::analysis::responsibility::Responsibility;
use crate::analysis::severity::{Impact, Likelihood, Severity};
use crate::model::responsibility::{Owner, Stack};
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
    elements: crate::analysis::finding::Elements<'a>,
    title: &'a str,
    explanation: &'a str,
    status: TriageStatus,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
}

impl<'a> From<&'a Finding> for FindingOut<'a> {
    fn from(f: &'a Finding) -> Self {
        Self {
            id: f.id(),
            rule: f.rule(),
            severity: f.severity,
            likelihood: f.likelihood,
            impact: f.impact,
            risk: f.risk,
            cia: f.cia(),
            stride: f.stride(),
            elements: f.elements(),
            title: f.title(),
            explanation: f.explanation(),
            status: f.status,
            note: &f.note,
        }
    }
}

/// The findings in report order, each written as a [`FindingOut`] when its turn comes (a large estate's findings are
/// not copied into a second list first).
struct FindingsOut<'a>(Vec<&'a Finding>);

impl Serialize for FindingsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|&f| FindingOut::from(f)))
    }
}

/// One stack (with its reasons) and every component that has it, in id order.
#[derive(Serialize)]
struct ProfileOut<'a> {
    stack: &'a Stack,
    customer_share: f64,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    adjustments: &'a [String],
    components: Vec<&'a Id>,
}

#[derive(Serialize)]
struct ResponsibilityOut<'a> {
    profiles: Vec<ProfileOut<'a>>,
    layers_by_owner: &'a BTreeMap<Owner, usize>,
    customer_share: f64,
}

impl<'a> From<&'a Responsibility> for ResponsibilityOut<'a> {
    /// Profiles in the order their first component comes.
    fn from(r: &'a Responsibility) -> Self {
        let mut profiles: Vec<ProfileOut<'a>> = Vec::new();
        let mut index: foldhash::HashMap<(Stack, &'a [String]), usize> = foldhash::HashMap::default();
        for c in &r.components {
            let key = (c.stack, c.adjustments.as_slice());
            let at = *index.entry(key).or_insert_with(|| {
                profiles.push(ProfileOut {
                    stack: &c.stack,
                    customer_share: c.customer_share,
                    adjustments: &c.adjustments,
                    components: Vec::new(),
                });
                profiles.len() - 1
            });
            if let Some(profile) = profiles.get_mut(at) {
                profile.components.push(&c.id);
            }
        }
        Self { profiles, layers_by_owner: &r.layers_by_owner, customer_share: r.customer_share }
    }
}

#[derive(Serialize)]
struct Out<'a> {
    findings: FindingsOut<'a>,
    advice: BTreeMap<&'static str, &'a [Control]>,
    total_risk: u32,
    risk_by_cia: &'a BTreeMap<Cia, u32>,
    risk_by_context: &'a BTreeMap<Id, u32>,
    responsibility: ResponsibilityOut<'a>,
    metrics: &'a Metrics,
    posture: Posture,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    stale_triage: &'a [String],
}

/// The report as pretty-printed JSON, ending with a newline. Findings most severe first, then by id.
pub fn render(analysis: &Analysis) -> String {
    to_outline(&Out::of(analysis))
}

/// [`render`] written to `writer` as it is made (a large estate's report is never held whole in memory).
pub fn write(analysis: &Analysis, writer: impl std::io::Write) -> std::io::Result<()> {
    write_outline(&Out::of(analysis), writer)
}

impl<'a> Out<'a> {
    /// The report of `analysis`, borrowing from it.
    fn of(analysis: &'a Analysis) -> Self {
        Self {
            findings: FindingsOut(sorted(&analysis.findings)),
            advice: analysis.findings.iter().map(|f| (f.rule(), f.advice())).collect(),
            total_risk: analysis.risk.total,
            risk_by_cia: &analysis.risk.by_cia,
            risk_by_context: &analysis.risk.by_context,
            responsibility: ResponsibilityOut::from(&analysis.responsibility),
            metrics: &analysis.metrics,
            posture: analysis.posture,
            stale_triage: &analysis.stale_triage,
        }
    }
}

/// JSON laid out one entry per line down to the items of lists (a finding, a component's responsibility), each
/// item on one line: readable and diff-friendly (a committed baseline changes by whole findings), and about a third
/// smaller than fully indented JSON, which matters for output that must stay proportional to the diagram. Ends
/// with a newline.
pub fn to_outline(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    match write_outline(value, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(error) => format!("{}\n", serde_json::json!({ "error": error.to_string() })),
    }
}

/// [`to_outline`] written to `writer`. Serialising these plain structures cannot fail; writing can.
pub fn write_outline(value: &impl Serialize, writer: impl std::io::Write) -> std::io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(writer, Outline::default());
    value.serialize(&mut serializer).map_err(std::io::Error::other)?;
    serializer.into_inner().write_all(b"\n")
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

/// One open container of [`Outline`].
#[derive(Clone, Copy)]
struct Level {
    /// Entries one per line (otherwise compact).
    outlined: bool,
    is_array: bool,
    has_value: bool,
}

/// The formatter of [`to_outline`]: the top level, the objects under outlined objects and every list under an
/// outlined container list their entries one per line (two-space indent); the items of a list, and all inside them,
/// are compact.
#[derive(Default)]
struct Outline {
    levels: Vec<Level>,
}

impl Outline {
    fn open<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, is_array: bool) -> std::io::Result<()> {
        let outlined = match self.levels.last() {
            None => true,
            Some(parent) => parent.outlined && (is_array || !parent.is_array),
        };
        self.levels.push(Level { outlined, is_array, has_value: false });
        writer.write_all(if is_array { b"[" } else { b"{" })
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        let Some(level) = self.levels.pop() else { return Ok(()) };
        if level.outlined && level.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(if level.is_array { b"]" } else { b"}" })
    }

    fn entry<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        if self.outlined() {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        Ok(())
    }

    fn outlined(&self) -> bool {
        self.levels.last().is_some_and(|level| level.outlined)
    }

    fn indent<W: ?Sized + std::io::Write>(&self, writer: &mut W) -> std::io::Result<()> {
        for _ in 0..self.levels.len() {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    fn done(&mut self) {
        if let Some(level) = self.levels.last_mut() {
            level.has_value = true;
        }
    }
}

impl serde_json::ser::Formatter for Outline {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, true)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.entry(writer, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.done();
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, false)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.entry(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(if self.outlined() { b": " } else { b":" })
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.done();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::responsibility::ComponentResponsibility;
    use crate::report::fixture;

    #[test]
    fn outline_puts_each_list_item_on_one_line() {
        let value = serde_json::json!({ "a": [{ "x": 1, "y": [1, 2] }, { "x": 2 }], "b": {}, "c": [], "d": "t",
                                        "e": { "f": [{ "g": 1 }], "h": 2 } });
        let text = to_outline(&value);
        assert_eq!(
            text,
            "{\n  \"a\": [\n    {\"x\":1,\"y\":[1,2]},\n    {\"x\":2}\n  ],\n  \"b\": {},\n  \"c\": [],\n  \"d\": \"t\",\n  \
             \"e\": {\n    \"f\": [\n      {\"g\":1}\n    ],\n    \"h\": 2\n  }\n}\n"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }

    #[test]
    fn components_with_one_stack_share_a_profile() {
        let (_, analysis) = fixture::analysis();
        let mut r = analysis.responsibility.clone();
        let first = r.components[0].clone();
        let twin = ComponentResponsibility { id: Id::new("b").unwrap(), ..first.clone() };
        let other = ComponentResponsibility { id: Id::new("c").unwrap(), adjustments: Vec::new(), ..first };
        r.components.extend([twin, other]);
        let value = serde_json::to_value(ResponsibilityOut::from(&r)).unwrap();
        let profiles = value["profiles"].as_array().unwrap();
        assert_eq!(profiles.len(), 2, "{value}");
        assert_eq!(profiles[0]["components"], serde_json::json!(["a", "b"]));
        assert_eq!(profiles[0]["adjustments"][0], "runs on a managed runtime");
        assert_eq!(profiles[1]["components"], serde_json::json!(["c"]));
        assert!(profiles[1].get("adjustments").is_none());
    }

    #[test]
    fn has_exactly_the_documented_shape() {
        let (_, analysis) = fixture::analysis();
        let value: serde_json::Value = serde_json::from_str(&render(&analysis)).unwrap();
        let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "advice",
                "findings",
                "metrics",
                "posture",
                "responsibility",
                "risk_by_cia",
                "risk_by_context",
                "total_risk"
            ]
        );
        let first = &value["findings"][0];
        let mut finding_keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
        finding_keys.sort_unstable();
        assert_eq!(
            finding_keys,
            [
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
        assert_eq!(
            value["advice"][first["rule"].as_str().unwrap()][0],
            serde_json::json!({"kind": "sharp", "text": "Scope it."})
        );
        assert!(value["findings"][1].get("note").is_none(), "an empty note is left out");
        assert_eq!(value["total_risk"], 29);
        assert_eq!(value["risk_by_cia"]["availability"], 16);
        assert_eq!(value["risk_by_context"]["payment"], 9);
        assert_eq!(value["posture"], "perimeter");
        assert_eq!(value["responsibility"]["customer_share"], 0.55);
        let profiles = value["responsibility"]["profiles"].as_array().unwrap();
        let listed: usize = profiles.iter().map(|p| p["components"].as_array().unwrap().len()).sum();
        assert_eq!(listed, analysis.responsibility.components.len(), "every component in one profile");
        assert!(profiles.iter().all(|p| p["stack"].is_object() && p["customer_share"].is_number()));
        assert_eq!(value["metrics"]["contexts"][0]["coupling"]["async"], 2);
    }
}
