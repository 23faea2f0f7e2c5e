//! SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) for code-scanning tools: one `run` whose
//! `tool.driver` is trustmap with every catalog rule as a `reportingDescriptor`, and one `result` per finding.
//!
//! Mapping:
//! - `level`: `error` for high and critical, `warning` for elevated and medium, `note` for low; a rule's
//!   `defaultConfiguration.level` comes from its base severity (base likelihood x base impact).
//! - location: the diagram file (`artifactLocation.uri`), with the line where the finding's first element is defined
//!   when the file's text is given, and a `logicalLocations` entry per element id (components carry their
//!   containment path as `fullyQualifiedName`).
//! - `partialFingerprints["trustmapFindingId/v1"]`: the finding id, stable across edits and reloads.
//! - triage: mitigated, accepted and false-positive findings carry an `external` suppression whose `status` is
//!   `accepted` (SARIF section 3.35.3: the suppression was reviewed and stands; `rejected` would mean the finding is
//!   *not* suppressed) and whose `justification` names the triage state and note.
//! - with a baseline, `baselineState` is `new` or `unchanged`.
//! - a result's advice is its rule's `help` (not repeated per result); `fullyQualifiedName` is given where it says
//!   more than the name (a component's containment path).
//! - the log is written as a stream, one result per line, so its size and memory follow the findings.
//! - `properties.security-severity` on rules (read by GitHub code scanning): 2.0 low, 5.0 medium, 6.5 elevated,
//!   8.0 high, 9.5 critical.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::analysis::finding::{Cia, Finding, Stride};
use crate::analysis::rule::RuleMeta;
use crate::analysis::severity::{Severity, risk};
use crate::model::named::Named as _;
use crate::model::triage::TriageStatus;
use crate::model::{Element, Model};
use crate::report::json::to_pretty;
use crate::report::{Report, TOTAL_RISK_FORMULA};

/// The schema the output follows.
pub const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of the finding id in `partialFingerprints`.
pub const FINGERPRINT: &str = "trustmapFindingId/v1";

/// The analysed file as SARIF names it.
#[derive(Clone, Copy, Debug)]
pub struct Artifact<'a> {
    /// A relative or absolute URI reference (`samples/x.json`, `file:///home/me/x.json`).
    pub uri: &'a str,
    /// The file's text, to point results at the line that defines their element; `None` leaves lines out.
    pub text: Option<&'a str>,
}

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Elevated | Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Low => "2.0",
        Severity::Medium => "5.0",
        Severity::Elevated => "6.5",
        Severity::High => "8.0",
        Severity::Critical => "9.5",
    }
}

/// `unauthenticated-flow` -> `UnauthenticatedFlow`.
fn pascal(id: &str) -> String {
    id.split(['-', '_', '.'])
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

fn names<T: crate::model::named::Named>(items: &[T]) -> Vec<&'static str> {
    items.iter().map(|i| i.as_str()).collect()
}

fn descriptor(meta: &RuleMeta) -> Value {
    let base = Severity::from_risk(risk(meta.likelihood, meta.impact));
    let mut text = Vec::new();
    let mut markdown = Vec::new();
    let mut controls: Vec<_> = meta.controls.iter().collect();
    crate::sorting::sort_by_key(&mut controls, |c| c.kind);
    for control in controls {
        text.push(format!("{}: {}", pascal(control.kind.as_str()), control.text));
        markdown.push(format!("- **{}:** {}", pascal(control.kind.as_str()), control.text));
    }
    if let Some(reference) = meta.reference {
        text.push(format!("Reference: {reference}"));
        markdown.push(format!("\nReference: {reference}"));
    }
    let cia: Vec<&str> = names::<Cia>(meta.cia);
    let stride: Vec<&str> = names::<Stride>(meta.stride);
    let mut tags = vec!["security"];
    tags.extend(&cia);
    tags.extend(&stride);
    let mut properties = json!({
        "cia": cia,
        "stride": stride,
        "tags": tags,
        "likelihood": meta.likelihood,
        "impact": meta.impact,
        "baseRisk": risk(meta.likelihood, meta.impact),
        "baseSeverity": base,
        "security-severity": security_severity(base),
    });
    if let (Some(reference), Some(map)) = (meta.reference, properties.as_object_mut()) {
        map.insert("reference".to_owned(), json!(reference));
    }
    json!({
        "id": meta.id,
        "name": pascal(meta.id),
        "shortDescription": { "text": meta.title },
        "fullDescription": { "text": meta.description },
        "help": { "text": text.join("\n"), "markdown": markdown.join("\n") },
        "defaultConfiguration": { "level": level(base) },
        "properties": properties,
    })
}

/// The lines of a text as editors count them: a line ends at `\n`, `\r\n` or a lone `\r` (old Mac files).
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        line.split('\r')
    })
}

/// The first line (1-based) on which each `"id": "<value>"` appears: where an element is defined.
fn id_lines(text: &str) -> BTreeMap<&str, usize> {
    let mut lines = BTreeMap::new();
    for (number, line) in split_lines(text).enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("\"id\"") {
            rest = &rest[at + 4..];
            let after = rest.trim_start();
            let Some(after) = after.strip_prefix(':') else { continue };
            let Some(value) = after.trim_start().strip_prefix('"') else { continue };
            if let Some(end) = value.find('"') {
                lines.entry(&value[..end]).or_insert(number + 1);
            }
        }
    }
    lines
}

fn logical_location(model: &Model, id: &str) -> Value {
    let (kind, qualified) = match model.element(id) {
        Some(Element::Component(c)) => {
            let mut path: Vec<&str> = model.ancestors(c).map(|a| model.component(a).id.as_str()).collect();
            path.reverse();
            path.push(id);
            ("resource", path.join("/"))
        }
        Some(Element::Flow(_)) => ("flow", id.to_owned()),
        Some(Element::Boundary(_)) => ("boundary", id.to_owned()),
        Some(Element::Context(_)) => ("boundedContext", id.to_owned()),
        Some(Element::Connection(_)) => ("connection", id.to_owned()),
        Some(Element::Note(_)) => ("note", id.to_owned()),
        Some(Element::Threat(_)) => ("threat", id.to_owned()),
        None => ("element", id.to_owned()),
    };
    if qualified == id {
        json!({ "name": id, "kind": kind })
    } else {
        json!({ "name": id, "fullyQualifiedName": qualified, "kind": kind })
    }
}

/// The finding's subject ids (from its id), then its other elements: where to point first.
fn anchor_candidates(finding: &Finding) -> impl Iterator<Item = &str> {
    let subject = finding.id().split_once('@').map_or("", |(_, s)| s);
    subject.split('+').chain(finding.elements())
}

fn suppression(finding: &Finding) -> Option<Value> {
    let state = match finding.status {
        TriageStatus::Open => return None,
        TriageStatus::Mitigated => "mitigated by a control outside the diagram",
        TriageStatus::Accepted => "risk accepted",
        TriageStatus::FalsePositive => "false positive",
    };
    let justification = if finding.note.is_empty() { state.to_owned() } else { format!("{state}: {}", finding.note) };
    Some(json!({
        "kind": "external",
        "status": "accepted",
        "justification": justification,
        "properties": { "triage": finding.status },
    }))
}

fn result(
    report: &Report<'_>,
    finding: &Finding,
    rule_index: &BTreeMap<&str, usize>,
    artifact: &Artifact<'_>,
    lines: &BTreeMap<&str, usize>,
) -> Value {
    let mut physical = Map::new();
    physical.insert("artifactLocation".to_owned(), json!({ "uri": artifact.uri }));
    if let Some(line) = anchor_candidates(finding).find_map(|id| lines.get(id)) {
        physical.insert("region".to_owned(), json!({ "startLine": line }));
    }
    let mut location = Map::new();
    location.insert("physicalLocation".to_owned(), Value::Object(physical));
    if !finding.elements().is_empty() {
        let logical: Vec<Value> = finding.elements().map(|e| logical_location(report.model, e)).collect();
        location.insert("logicalLocations".to_owned(), Value::Array(logical));
    }
    let message = if finding.explanation().is_empty() { finding.title() } else { finding.explanation() };
    let mut out = Map::new();
    out.insert("ruleId".to_owned(), json!(finding.rule()));
    if let Some(index) = rule_index.get(finding.rule()) {
        out.insert("ruleIndex".to_owned(), json!(index));
    }
    out.insert("level".to_owned(), json!(level(finding.severity)));
    out.insert("message".to_owned(), json!({ "text": message }));
    out.insert("locations".to_owned(), json!([Value::Object(location)]));
    out.insert("partialFingerprints".to_owned(), json!({ FINGERPRINT: finding.id() }));
    if report.baseline.is_some() {
        let state = if report.is_new(finding) { "new" } else { "unchanged" };
        out.insert("baselineState".to_owned(), json!(state));
    }
    if let Some(suppression) = suppression(finding) {
        out.insert("suppressions".to_owned(), json!([suppression]));
    }
    out.insert(
        "properties".to_owned(),
        json!({
            "findingId": finding.id(),
            "title": finding.title(),
            "severity": finding.severity,
            "risk": finding.risk,
            "likelihood": finding.likelihood,
            "impact": finding.impact,
            "cia": names::<Cia>(finding.cia()),
            "stride": names::<Stride>(finding.stride()),
            "status": finding.status,
        }),
    );
    Value::Object(out)
}

/// The SARIF log: `rules` describes the driver's rules (normally every catalog rule, in catalog order).
pub fn render(report: &Report<'_>, rules: &[&RuleMeta], artifact: &Artifact<'_>) -> String {
    let mut out = Vec::new();
    match write(report, rules, artifact, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(error) => format!("{}\n", json!({ "error": error.to_string() })),
    }
}

/// Writes the SARIF log to `out` as a stream: one result at a time, each on one line, so memory stays proportional
/// to one result and the output to the findings (the log's frame and the rules are indented).
pub fn write(
    report: &Report<'_>,
    rules: &[&RuleMeta],
    artifact: &Artifact<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let rule_index: BTreeMap<&str, usize> = crate::sorting::map(rules.iter().enumerate().map(|(i, meta)| (meta.id, i)));
    let lines = artifact.text.map(id_lines).unwrap_or_default();
    let analysis = report.analysis;
    let properties = json!({
        "title": report.title(),
        "posture": analysis.posture,
        "totalRisk": analysis.risk.total,
        "totalRiskFormula": TOTAL_RISK_FORMULA,
    });
    let tool = json!({
        "driver": {
            "name": "trustmap",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules.iter().map(|meta| descriptor(meta)).collect::<Vec<_>>(),
        }
    });
    // Keys in the order serde_json writes an object's keys (sorted), as the whole log once was.
    writeln!(out, "{{\n  \"$schema\": {},\n  \"runs\": [\n    {{", json!(SCHEMA))?;
    writeln!(out, "      \"properties\": {},", indented(&properties, "      "))?;
    let findings = report.findings();
    if findings.is_empty() {
        writeln!(out, "      \"results\": [],")?;
    } else {
        writeln!(out, "      \"results\": [")?;
        for (i, finding) in findings.into_iter().enumerate() {
            let separator = if i == 0 { "" } else { ",\n" };
            let value = result(report, finding, &rule_index, artifact, &lines);
            write!(out, "{separator}        {value}")?;
        }
        writeln!(out, "\n      ],")?;
    }
    writeln!(out, "      \"tool\": {}", indented(&tool, "      "))?;
    writeln!(out, "    }}\n  ],\n  \"version\": \"2.1.0\"\n}}")
}

/// A value pretty-printed, its lines after the first indented by `indent` (JSON strings hold no raw newlines).
fn indented(value: &Value, indent: &str) -> String {
    to_pretty(value).trim_end().replace('\n', &format!("\n{indent}"))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::report::fixture::{self, ALPHA, BETA};

    fn sarif(baseline: Option<&BTreeSet<String>>, text: Option<&str>) -> Value {
        let (model, analysis) = fixture::analysis();
        let mut report = Report::new(&model, &analysis, "shop.json");
        report.baseline = baseline;
        let artifact = Artifact { uri: "diagrams/shop.json", text };
        serde_json::from_str(&render(&report, &[&ALPHA, &BETA], &artifact)).unwrap()
    }

    #[test]
    fn has_the_required_structure_and_one_result_per_finding() {
        let log = sarif(None, None);
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["runs"].as_array().unwrap().len(), 1);
        let run = &log["runs"][0];
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "trustmap");
        let rule = &driver["rules"][0];
        assert_eq!(rule["id"], "alpha");
        assert_eq!(rule["name"], "Alpha");
        assert_eq!(rule["shortDescription"]["text"], "Alpha <threat> | with markup");
        assert_eq!(rule["fullDescription"]["text"], "Alpha fires when something is wrong.");
        assert_eq!(
            rule["help"]["text"],
            "Blunt: Deny everything.\nSharp: Scope it to one caller.\nDetective: Alarm on it.\nReference: CIS 1.2.3"
        );
        assert_eq!(rule["defaultConfiguration"]["level"], "error", "likely x major = 16, high");
        assert_eq!(driver["rules"][1]["defaultConfiguration"]["level"], "note", "rare x minor = 2, low");
        assert_eq!(
            rule["properties"]["tags"],
            json!(["security", "confidentiality", "integrity", "spoofing", "tampering"])
        );
        assert_eq!(rule["properties"]["security-severity"], "8.0");
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 6);
        for result in results {
            assert!(result["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
            assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "diagrams/shop.json");
            assert!(result.get("baselineState").is_none());
        }
        let alpha = &results[0];
        assert_eq!(alpha["ruleId"], "alpha");
        assert_eq!(alpha["ruleIndex"], 0);
        assert_eq!(alpha["level"], "error");
        assert_eq!(alpha["partialFingerprints"][FINGERPRINT], "alpha@a");
        assert_eq!(
            alpha["locations"][0]["logicalLocations"],
            json!([{ "name": "a", "fullyQualifiedName": "acct/a", "kind": "resource" }])
        );
        assert_eq!(
            alpha["suppressions"],
            json!([{ "kind": "external", "status": "accepted", "justification": "risk accepted: Owner signed off.", "properties": { "triage": "accepted" } }])
        );
        let levels: Vec<&str> = results.iter().map(|r| r["level"].as_str().unwrap()).collect();
        assert_eq!(levels, ["error", "error", "warning", "warning", "note", "note"]);
        assert!(results[1].get("suppressions").is_none());
        assert!(results[2].get("ruleIndex").is_none(), "gamma is not among the given rules");
        assert_eq!(results[5]["suppressions"][0]["justification"], "false positive");
        assert!(results[4]["locations"][0].get("logicalLocations").is_none(), "diagram-wide");
    }

    #[test]
    fn points_at_the_defining_line_and_marks_baseline_state() {
        let text = "{\n  \"components\": [\n    {\"id\":\"acct\"},\n    { \"id\" : \"b\", \"parent\": \"acct\" },\n    { \"name\": \"x\", \"id\": \"a\" }\n  ]\n}";
        let baseline: BTreeSet<String> = ["alpha@a".to_owned()].into();
        let log = sarif(Some(&baseline), Some(text));
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results[0]["locations"][0]["physicalLocation"]["region"], json!({ "startLine": 5 }));
        assert_eq!(results[1]["locations"][0]["physicalLocation"]["region"], json!({ "startLine": 4 }));
        assert!(results[2]["locations"][0]["physicalLocation"].get("region").is_none());
        assert_eq!(results[0]["baselineState"], "unchanged");
        assert_eq!(results[1]["baselineState"], "new");
        assert_eq!(pascal("no-audit-trail"), "NoAuditTrail");
        // The same file with CR-only and CRLF line endings points at the same lines.
        for ending in ["\r", "\r\n"] {
            let log = sarif(Some(&baseline), Some(&text.replace('\n', ending)));
            let results = log["runs"][0]["results"].as_array().unwrap();
            assert_eq!(
                results[0]["locations"][0]["physicalLocation"]["region"],
                json!({ "startLine": 5 }),
                "{ending:?}"
            );
            assert_eq!(
                results[1]["locations"][0]["physicalLocation"]["region"],
                json!({ "startLine": 4 }),
                "{ending:?}"
            );
        }
    }
}
