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
    to_pretty(&out)
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
