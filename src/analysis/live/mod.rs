//! Live analysis: an [`Analysis`] kept up to date across edits by redoing only what they can change.
//!
//! [`Live::update`] takes what changed in the model since the last update ([`Changes`], which
//! [`crate::edit::Document::changes_since`] gives). An edit of properties re-runs only the rules that read one of
//! the changed properties (the tables in `reads.rs`), replaces their findings and adjusts the risk totals by the
//! difference. The facts and metrics are recomputed only when they read a changed property; when the facts come out
//! different everything is redone, when the metrics do the rules that read them re-run too. Almost every rule reads `data` (impact follows the data at stake), so for `data`
//! the tables are not used: the live analysis notes whose data the metrics and each rule read in their last run
//! ([`crate::analysis::data`]), and an edit of a component's data re-runs only those that read it. A rename re-runs
//! nothing: the analysis writes names only through [`crate::analysis::quote`], and a live analysis runs inside
//! [`quote::marking`], so its texts keep where they quote which component; the new names are spliced into the
//! findings' explanations and the defense paths' controls in place, and responsibility (whose adjustments name
//! hosts) is recomputed. Nothing else reads a name (a scan of the sources checks it). A change of triage entries
//! sets the findings' status and notes, adjusts the risk totals and lists the stale entries again. An edit of a
//! flow's attributes (not what it connects) re-runs the stages that read the changed attributes (the flow tables in
//! `reads.rs`). Any other change redoes the whole analysis. The result is always equal to a fresh
//! [`crate::analysis::analyze_with`] of the model, where the names are quoted too (`tests/live_props.rs`).

mod reads;
#[cfg(test)]
mod scan;
#[cfg(test)]
mod tests;

use crate::analysis::blast::{SweepMemo, remembering};
use crate::analysis::facts::Facts;
use crate::analysis::finding::{Finding, Hit};
use crate::analysis::metrics::Metrics;
use crate::analysis::quote;
use crate::analysis::responsibility::Responsibility;
use crate::analysis::risk::RiskSummary;
use crate::analysis::rule::Rule;
use crate::analysis::{
    Analysis, DataReads, analyze_noting, data, in_order, rule_findings, rules, sorted, stale_triage,
};
use crate::model::changes::Changes;
use crate::model::props::PropertyKey;
use crate::model::threat::MANUAL_THREAT_RULE;
use crate::model::triage::TriageStatus;
use crate::model::{ComponentIx, Model, Posture};

/// An analysis that follows a model through its edits.
#[derive(Clone, Debug)]
pub struct Live {
    /// The posture it judges under whatever the diagram says (a command-line override), if any.
    posture: Option<Posture>,
    facts: Facts,
    analysis: Analysis,
    /// Whose data the metrics and each rule read when they last ran.
    reads: DataReads,
    /// The blast-radius sizes of the last sweep, for a sweep over a graph of the same steps.
    sweeps: SweepMemo,
}

/// How much [`Live::update`] redid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redone {
    /// Nothing could have changed.
    Nothing,
    /// Only names changed: the texts that quote them were rewritten in place (and responsibility redone).
    Names,
    /// Only these many rules re-ran (and the metrics or responsibility when they read a changed property), after
    /// rewriting the quoted names if any changed.
    Rules(usize),
    /// Only triage entries changed (besides names, if any): the findings' status and notes, the risk totals and
    /// the stale entries were updated in place.
    Triage,
    /// The whole analysis.
    Everything,
}

impl Live {
    /// Analyses a model under its own posture (and later models under theirs).
    pub fn new(model: &Model) -> Self {
        Self::start(model, None)
    }

    /// Analyses a model, and later models, under the given posture.
    pub fn with_posture(model: &Model, posture: Posture) -> Self {
        Self::start(model, Some(posture))
    }

    fn start(model: &Model, posture: Option<Posture>) -> Self {
        quote::marking(|| {
            let facts = Facts::new(model);
            let (mut reads, mut sweeps) = (DataReads::default(), SweepMemo::default());
            let posture_now = posture.unwrap_or(model.diagram().settings.posture);
            let analysis = remembering(&mut sweeps, || analyze_noting(model, posture_now, &facts, Some(&mut reads)));
            Self { posture, facts, analysis, reads, sweeps }
        })
    }

    /// The analysis of the model as of the last update.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// The analysis of the model as of the last update.
    pub fn into_analysis(self) -> Analysis {
        self.analysis
    }

    /// Brings the analysis up to date with `model`, which differs from the model of the last update by `changes`.
    pub fn update(&mut self, model: &Model, changes: &Changes) -> Redone {
        // Its texts keep where they quote names, for the next rename; its blast-radius sweeps keep their sizes.
        let mut sweeps = std::mem::take(&mut self.sweeps);
        let redone = remembering(&mut sweeps, || quote::marking(|| self.update_quoting(model, changes)));
        self.sweeps = sweeps;
        redone
    }

    fn update_quoting(&mut self, model: &Model, changes: &Changes) -> Redone {
        let redone = self.update_content(model, changes);
        if changes.triage && !changes.everything {
            // After any re-run rules, whose new findings read the new triage already.
            self.retriage(model);
            if matches!(redone, Redone::Nothing | Redone::Names) {
                return Redone::Triage;
            }
        }
        redone
    }

    /// Brings the findings' status and notes in line with the model's triage entries, with the risk totals and the
    /// list of stale entries. Nothing else reads triage.
    fn retriage(&mut self, model: &Model) {
        let triage = &model.diagram().triage;
        let analysis = &mut self.analysis;
        for finding in &mut analysis.findings {
            if finding.rule == MANUAL_THREAT_RULE {
                // A manual threat has a status of its own.
                continue;
            }
            let entry = triage.get(&finding.id);
            let status = entry.map_or(TriageStatus::Open, |t| t.status);
            let note = entry.map_or("", |t| t.note.as_str());
            if finding.status != status {
                analysis.risk.remove(model, finding);
                finding.status = status;
                analysis.risk.add(model, finding);
            }
            if finding.note != note {
                note.clone_into(&mut finding.note);
            }
        }
        analysis.stale_triage = stale_triage(model, &analysis.findings);
    }

    fn update_content(&mut self, model: &Model, changes: &Changes) -> Redone {
        if changes.is_empty() {
            return Redone::Nothing;
        }
        let change = changes.summary();
        if changes.everything {
            // As `start` does, with the sweeps' memory in place.
            self.facts = Facts::new(model);
            self.redo(model, self.posture.unwrap_or(model.diagram().settings.posture));
            return Redone::Everything;
        }
        if change.name {
            self.rename(model, changes);
        }
        // Content edits leave the settings, so the posture, as they were.
        let posture = self.analysis.posture;
        // Descriptions are read by nothing.
        let (keys, flows) = (change.keys, changes.flows);
        if keys.is_empty() && flows.is_empty() {
            return if change.name { Redone::Names } else { Redone::Nothing };
        }
        // For `data`, whose data each stage read decides; the tables decide for the other keys.
        let data_edited: Vec<ComponentIx> = changes
            .content
            .iter()
            .filter(|(_, change)| change.keys.contains(PropertyKey::Data))
            .map(|(&c, _)| c)
            .collect();
        let others = keys.without(PropertyKey::Data);
        if keys.intersects(reads::FACTS) || flows.intersects(reads::FLOW_FACTS) {
            let facts = Facts::new(model);
            if facts != self.facts {
                self.facts = facts;
                self.redo(model, posture);
                return Redone::Everything;
            }
        }
        let mut metrics_changed = Vec::new();
        if others.intersects(reads::METRICS)
            || flows.intersects(reads::FLOW_METRICS)
            || self.reads.metrics.any(&data_edited)
        {
            let (metrics, read) = data::noting(|| Metrics::compute(model, &self.facts));
            self.reads.metrics = read;
            metrics_changed = metrics.differing(&self.analysis.metrics);
            self.analysis.metrics = metrics;
        }
        if keys.intersects(reads::RESPONSIBILITY) || flows.intersects(reads::FLOW_RESPONSIBILITY) {
            self.analysis.responsibility = Responsibility::compute(model);
        }
        let all = rules::all();
        let rerun: Vec<usize> = (0..all.len())
            .filter(|&i| {
                let id = all[i].meta().id;
                reads::rule(id).intersects(others)
                    || reads::flow_rule(id).intersects(flows)
                    || reads::metrics_of(id).iter().any(|field| metrics_changed.contains(field))
                    || self.reads.rules.get(i).is_none_or(|read| read.any(&data_edited))
            })
            .collect();
        if rerun.len() == all.len() {
            // Replacing every rule's findings costs more than finding them afresh.
            self.redo(model, posture);
            return Redone::Everything;
        }
        self.rerun(model, &all, &rerun);
        Redone::Rules(rerun.len())
    }

    /// Redoes the whole analysis from the facts, under `posture`.
    fn redo(&mut self, model: &Model, posture: Posture) {
        self.analysis = analyze_noting(model, posture, &self.facts, Some(&mut self.reads));
    }

    /// Writes the new names of renamed components wherever the analysis quotes them. Nothing else reads a name
    /// (`scan.rs` checks the sources): facts, metrics, rules' logic, risk, finding ids and their order stay.
    fn rename(&mut self, model: &Model, changes: &Changes) {
        let mut renamed = vec![false; model.components().len()];
        for (&c, change) in &changes.content {
            if let Some(slot) = renamed.get_mut(c.index()) {
                *slot |= change.name;
            }
        }
        let analysis = &mut self.analysis;
        for finding in &mut analysis.findings {
            quote::splice(model, &mut finding.explanation, &mut finding.quotes, &renamed);
        }
        for path in &mut analysis.metrics.defense_in_depth {
            for (text, quotes) in path.controls_on_path.iter_mut().zip(path.control_quotes.iter_mut()) {
                quote::splice(model, text, quotes, &renamed);
            }
        }
        // Its adjustments name the host a component runs on; it is cheap to redo.
        analysis.responsibility = Responsibility::compute(model);
    }

    /// Replaces the findings of the rules at the positions `rerun` in `all` by theirs on `model`, keeping the order
    /// and the risk totals.
    fn rerun(&mut self, model: &Model, all: &[&'static dyn Rule], rerun: &[usize]) {
        if rerun.is_empty() {
            return;
        }
        let analysis = &mut self.analysis;
        let mut fresh = Vec::new();
        let mut hits: Vec<Hit> = Vec::new();
        for &i in rerun {
            let ((), read) = data::noting(|| {
                rule_findings(model, &self.facts, &analysis.metrics, analysis.posture, all[i], &mut hits, &mut fresh);
            });
            self.reads.rules[i] = read;
        }
        let fresh = sorted(fresh);
        let ids: Vec<&str> = rerun.iter().map(|&i| all[i].meta().id).collect();
        let old = std::mem::take(&mut analysis.findings);
        let replaced = old.iter().filter(|finding| ids.contains(&finding.rule)).count();
        // Adjusting the totals finding by finding costs more than summing them afresh when many change.
        let resum = (replaced + fresh.len()) * 4 > old.len();
        let mut kept = Vec::with_capacity(old.len() - replaced + fresh.len());
        for finding in old {
            if !ids.contains(&finding.rule) {
                kept.push(finding);
            } else if !resum {
                analysis.risk.remove(model, &finding);
            }
        }
        if !resum {
            for finding in &fresh {
                analysis.risk.add(model, finding);
            }
        }
        analysis.findings = merge(kept, fresh);
        if resum {
            analysis.risk = RiskSummary::of(model, &analysis.findings);
        }
        analysis.stale_triage = stale_triage(model, &analysis.findings);
    }
}

/// Merges two lists of findings in order into one.
fn merge(a: Vec<Finding>, b: Vec<Finding>) -> Vec<Finding> {
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if in_order(x, y).is_le() => a.next(),
            (Some(_), Some(_)) | (None, Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    out
}
