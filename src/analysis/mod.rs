//! The security analysis: threat findings from the rule catalog, total risk, shared responsibility, blast radius
//! and architecture metrics. Pure functions of a [`Model`]; fast enough to rerun on every edit.
//!
//! Order of work in [`analyze`]: facts (one pass over the model) -> metrics -> every enabled rule -> risk and
//! triage -> responsibility.

pub mod blast;
pub mod facts;
pub mod finding;
pub mod metrics;
pub mod responsibility;
pub mod risk;
pub mod rule;
pub mod rules;
pub mod severity;
#[cfg(test)]
pub(crate) mod testkit;

use serde::Serialize;

use crate::analysis::facts::Facts;
use crate::analysis::finding::{Finding, Hit};
use crate::analysis::metrics::Metrics;
use crate::analysis::responsibility::Responsibility;
use crate::analysis::risk::RiskSummary;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta};
use crate::analysis::severity::{Severity, risk};
use crate::model::named::did_you_mean;
use crate::model::props::Classification;
use crate::model::triage::TriageStatus;
use crate::model::{Id, Model, Posture, Problem};

/// Everything the analysis computes for one diagram.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    /// The posture it was computed under.
    pub posture: Posture,
    /// Findings, most severe first, then by id.
    pub findings: Vec<Finding>,
    /// Risk totals over open findings.
    pub risk: RiskSummary,
    /// Shared responsibility per component and overall.
    pub responsibility: Responsibility,
    /// Architecture metrics.
    pub metrics: Metrics,
}

/// Analyses a model under its own posture.
pub fn analyze(model: &Model) -> Analysis {
    analyze_with(model, model.diagram().settings.posture)
}

/// Analyses a model under the given posture.
pub fn analyze_with(model: &Model, posture: Posture) -> Analysis {
    let facts = Facts::new(model);
    let metrics = Metrics::compute(model, &facts);
    let findings = run_rules(model, &facts, &metrics, posture, &rules::all());
    let risk = RiskSummary::of(model, &findings);
    let responsibility = Responsibility::compute(model);
    Analysis { posture, findings, risk, responsibility, metrics }
}

/// Runs the given rules (skipping those the diagram switches off) and turns their hits into findings.
pub fn run_rules(
    model: &Model,
    facts: &Facts,
    metrics: &Metrics,
    posture: Posture,
    rules: &[&'static dyn Rule],
) -> Vec<Finding> {
    let settings = &model.diagram().settings;
    let mut findings = Vec::new();
    let mut hits = Vec::new();
    for rule in rules {
        let meta = rule.meta();
        let rule_settings = settings.rules.get(meta.id);
        if rule_settings.and_then(|s| s.enabled) == Some(false) {
            continue;
        }
        let cx = RuleContext { model, facts, metrics, posture, as_of: settings.as_of, meta, settings: rule_settings };
        hits.clear();
        rule.check(&cx, &mut hits);
        let start = findings.len();
        for hit in hits.drain(..) {
            findings.push(finding(model, meta, hit));
        }
        merge_duplicates(&mut findings, start);
    }
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
    findings
}

fn finding(model: &Model, meta: &'static RuleMeta, hit: Hit) -> Finding {
    let Hit { subject, mut elements, explanation, data, exposed, likelihood_adjust, impact_adjust } = hit;
    let mut likelihood_steps = likelihood_adjust;
    if meta.scaling.likelihood_from_exposure && exposed {
        likelihood_steps += 1;
    }
    let mut impact_steps = impact_adjust;
    if meta.scaling.impact_from_data {
        impact_steps += match data {
            Some(Classification::Public) => -1,
            Some(Classification::Internal) | None => 0,
            Some(Classification::Confidential) => 1,
            Some(Classification::Restricted) => 2,
        };
    }
    let likelihood = meta.likelihood.shifted(likelihood_steps);
    let impact = meta.impact.shifted(impact_steps);
    let score = risk(likelihood, impact);
    let id = if subject.is_empty() {
        format!("{}@diagram", meta.id)
    } else {
        let joined: Vec<&str> = subject.iter().map(Id::as_str).collect();
        format!("{}@{}", meta.id, joined.join("+"))
    };
    elements.extend(subject);
    elements.sort();
    elements.dedup();
    let triage = model.diagram().triage.get(&id);
    Finding {
        rule: meta.id,
        severity: Severity::from_risk(score),
        likelihood,
        impact,
        risk: score,
        cia: meta.cia,
        stride: meta.stride,
        elements,
        title: meta.title,
        explanation,
        advice: meta.controls,
        status: triage.map_or(TriageStatus::Open, |t| t.status),
        note: triage.map(|t| t.note.clone()).unwrap_or_default(),
        id,
    }
}

/// Two hits of one rule with the same id become one finding: the riskier one, with both element lists.
fn merge_duplicates(findings: &mut Vec<Finding>, start: usize) {
    let Some(new) = findings.get_mut(start..) else { return };
    if new.len() < 2 {
        return;
    }
    new.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| b.risk.cmp(&a.risk)));
    let mut merged: Vec<Finding> = Vec::with_capacity(new.len());
    for finding in findings.drain(start..) {
        match merged.last_mut() {
            Some(last) if last.id == finding.id => {
                last.elements.extend(finding.elements);
                last.elements.sort();
                last.elements.dedup();
            }
            _ => merged.push(finding),
        }
    }
    findings.extend(merged);
}

/// Problems in the diagram's rule settings: unknown rule ids and threshold names (with "did you mean").
pub fn check_rule_settings(model: &Model) -> Vec<Problem> {
    let rules = rules::all();
    let ids: Vec<&str> = rules.iter().map(|r| r.meta().id).collect();
    let mut problems = Vec::new();
    for (rule_id, settings) in &model.diagram().settings.rules {
        let path = format!("$.settings.rules[{}]", serde_json::to_string(rule_id).unwrap_or_default());
        let Some(rule) = rules.iter().find(|r| r.meta().id == rule_id) else {
            let hint =
                did_you_mean(rule_id, &ids).map(|best| format!(" (did you mean \"{best}\"?)")).unwrap_or_default();
            problems.push(Problem::new(path, format!("unknown rule \"{rule_id}\"{hint}")));
            continue;
        };
        let names: Vec<&str> = rule.meta().thresholds.iter().map(|t| t.name).collect();
        for name in settings.thresholds.keys() {
            if !names.contains(&name.as_str()) {
                let known = if names.is_empty() { "it has none".to_owned() } else { names.join(", ") };
                problems.push(Problem::new(
                    format!("{path}.thresholds[{}]", serde_json::to_string(name).unwrap_or_default()),
                    format!("rule \"{rule_id}\" has no threshold \"{name}\" ({known})"),
                ));
            }
        }
    }
    problems
}
