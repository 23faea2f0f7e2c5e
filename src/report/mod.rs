//! Reports of an analysis: pure renderers (no I/O, no clock) that turn an [`Analysis`] into aligned text for a
//! terminal ([`text`]), a Markdown report for a design doc ([`markdown`]), JSON for programs ([`json`]), SARIF 2.1.0
//! for code-scanning tools ([`sarif`]), and the rule catalog as text or JSON ([`rules`]). The CLI prints them; the
//! editor and exports can reuse them. The full threat report of `trustmap report` ([`full`]) is built as blocks
//! ([`document`]) and written as Markdown or standalone HTML. One escaping function per output kind:
//! [`terminal::escape`] for anything shown on a terminal, [`markdown::escape`] (and [`markdown::code`]) for
//! Markdown, [`html::escape`] for HTML and SVG; JSON and SARIF escape through serde.
//!
//! Every renderer takes a [`Report`]: the model (for the title and names), the analysis, how the diagram is named,
//! and optionally the finding ids of a baseline (an earlier run), so that new findings can be marked.

pub mod document;
pub mod full;
pub mod html;
pub mod json;
pub mod markdown;
pub mod rules;
pub mod sarif;
pub mod terminal;
pub mod text;
mod wrap;

use std::collections::BTreeSet;

use crate::analysis::Analysis;
use crate::analysis::finding::Finding;
use crate::analysis::severity::Severity;
use crate::model::Model;

/// How total risk is computed, stated in every report that shows it.
pub const TOTAL_RISK_FORMULA: &str = "sum of likelihood x impact over open findings";

/// What a renderer needs.
#[derive(Clone, Copy)]
pub struct Report<'a> {
    /// The analysed model (title, names of elements and contexts).
    pub model: &'a Model,
    /// Its analysis.
    pub analysis: &'a Analysis,
    /// How the diagram is named in the output: a path, or `sample:NAME`.
    pub source: &'a str,
    /// The finding ids of a baseline run, when one was given.
    pub baseline: Option<&'a BTreeSet<String>>,
}

impl<'a> Report<'a> {
    /// A report without baseline.
    pub fn new(model: &'a Model, analysis: &'a Analysis, source: &'a str) -> Self {
        Self { model, analysis, source, baseline: None }
    }

    /// Compares with the finding ids of an earlier run.
    #[must_use]
    pub fn with_baseline(mut self, baseline: &'a BTreeSet<String>) -> Self {
        self.baseline = Some(baseline);
        self
    }

    /// The diagram's title.
    pub fn title(&self) -> &'a str {
        &self.model.diagram().settings.title
    }

    /// Findings, most severe first, then by id.
    pub fn findings(&self) -> Vec<&'a Finding> {
        sorted(&self.analysis.findings)
    }

    /// Whether a baseline was given and the finding is not in it.
    pub fn is_new(&self, finding: &Finding) -> bool {
        self.baseline.is_some_and(|ids| !ids.contains(finding.id()))
    }

    /// Findings not in the baseline (none without a baseline), most severe first.
    pub fn new_findings(&self) -> Vec<&'a Finding> {
        self.findings().into_iter().filter(|f| self.is_new(f)).collect()
    }

    /// Baseline ids that no longer appear, sorted.
    pub fn gone(&self) -> Vec<&'a str> {
        let Some(ids) = self.baseline else { return Vec::new() };
        let current: BTreeSet<&str> = crate::sorting::set(self.analysis.findings.iter().map(|f| f.id()));
        ids.iter().map(String::as_str).filter(|id| !current.contains(id)).collect()
    }

    /// The findings that fail a gate at `threshold`: open, at or above it, and new when there is a baseline.
    pub fn gating(&self, threshold: Severity) -> Vec<&'a Finding> {
        self.findings()
            .into_iter()
            .filter(|f| f.is_open() && f.severity >= threshold && (self.baseline.is_none() || self.is_new(f)))
            .collect()
    }

    /// The name of a bounded context, by id.
    pub fn context_name(&self, id: &str) -> Option<&'a str> {
        match self.model.element(id) {
            Some(crate::model::Element::Context(i)) => self.model.diagram().contexts.get(i).map(|c| c.name.as_str()),
            _ => None,
        }
    }
}

/// Findings, most severe first, then by id (the analysis already sorts them; renderers do not rely on it).
pub fn sorted(findings: &[Finding]) -> Vec<&Finding> {
    let mut list: Vec<&Finding> = findings.iter().collect();
    crate::sorting::sort_by(&mut list, |a, b| b.severity.cmp(&a.severity).then_with(|| a.id().cmp(b.id())));
    list
}

/// `12 %`, rounded, for a share from 0 to 1.
pub(crate) fn percent(share: f64) -> String {
    format!("{:.0} %", (share * 100.0).clamp(0.0, 100.0))
}

#[cfg(test)]
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::triage::TriageStatus;

    #[test]
    fn gate_counts_open_findings_at_or_above_the_threshold_and_only_new_ones_with_a_baseline() {
        let (model, analysis) = fixture::analysis();
        let report = Report::new(&model, &analysis, "x.json");
        let ids = |list: Vec<&Finding>| list.into_iter().map(|f| f.id().to_owned()).collect::<Vec<_>>();
        let high = ids(report.gating(Severity::High));
        assert_eq!(high, vec!["beta@b".to_owned()], "the critical finding is accepted, so it does not count");
        assert!(report.gating(Severity::Low).iter().all(|f| f.status == TriageStatus::Open));
        let baseline: BTreeSet<String> = ["beta@b".to_owned(), "gone@x".to_owned()].into();
        let report = report.with_baseline(&baseline);
        assert!(report.gating(Severity::High).is_empty());
        assert_eq!(ids(report.gating(Severity::Low)), vec!["gamma@c".to_owned(), "delta@diagram".to_owned()]);
        assert_eq!(report.gone(), vec!["gone@x"]);
        assert!(report.is_new(&analysis.findings[0]));
    }

    #[test]
    fn findings_are_sorted_by_severity_then_id() {
        let (model, mut analysis) = fixture::analysis();
        analysis.findings.reverse();
        let report = Report::new(&model, &analysis, "x.json");
        let order: Vec<&str> = report.findings().iter().map(|f| f.id()).collect();
        assert_eq!(order, vec!["alpha@a", "beta@b", "gamma@c", "mitigated@m", "delta@diagram", "fp@f"]);
        assert_eq!(percent(0.625), "62 %");
    }
}
