//! Total risk: the sum of likelihood x impact over **open** findings only (mitigated, accepted and false-positive
//! findings do not count), also split per CIA corner (a finding counts fully towards each corner it harms) and per
//! bounded context (a finding counts fully towards each context its elements belong to).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::finding::{Cia, Finding};
use crate::model::named::Named as _;
use crate::model::{Element, Id, Model};

/// Risk totals of a diagram.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RiskSummary {
    /// Sum of risk over open findings.
    pub total: u32,
    /// Per CIA corner.
    pub by_cia: BTreeMap<Cia, u32>,
    /// Per bounded context id.
    pub by_context: BTreeMap<Id, u32>,
    /// Open findings.
    pub open: usize,
    /// All findings, whatever their triage.
    pub findings: usize,
}

impl RiskSummary {
    /// Sums the open findings.
    pub fn of(model: &Model, findings: &[Finding]) -> Self {
        let mut summary = Self { findings: findings.len(), ..Self::default() };
        let mut by_cia = [0u32; 3];
        let contexts = &model.diagram().contexts;
        let mut by_context = vec![0u32; contexts.len()];
        // Which contexts the current finding touched: the finding's number, per context, so each counts once.
        let mut touched_by = vec![usize::MAX; contexts.len()];
        for (n, finding) in findings.iter().enumerate().filter(|(_, f)| f.is_open()) {
            summary.open += 1;
            summary.total += finding.risk;
            for corner in finding.cia.iter() {
                by_cia[*corner as usize] += finding.risk;
            }
            contexts_of(model, finding, |i| {
                if touched_by.get(i).is_some_and(|&last| last != n) {
                    touched_by[i] = n;
                    by_context[i] += finding.risk;
                }
            });
        }
        summary.by_cia = crate::sorting::map(Cia::ALL.iter().map(|&corner| (corner, by_cia[corner as usize])));
        summary.by_context = crate::sorting::map(contexts.iter().zip(by_context).map(|(c, risk)| (c.id.clone(), risk)));
        summary
    }

    /// Counts one more finding (what [`RiskSummary::of`] adds for it).
    pub fn add(&mut self, model: &Model, finding: &Finding) {
        self.findings += 1;
        if !finding.is_open() {
            return;
        }
        self.open += 1;
        self.total += finding.risk;
        for corner in finding.cia.iter() {
            *self.by_cia.entry(*corner).or_default() += finding.risk;
        }
        self.each_context(model, finding, |risk| *risk += finding.risk);
    }

    /// Counts one finding less (undoes [`RiskSummary::add`] of it).
    pub fn remove(&mut self, model: &Model, finding: &Finding) {
        self.findings -= 1;
        if !finding.is_open() {
            return;
        }
        self.open -= 1;
        self.total -= finding.risk;
        for corner in finding.cia.iter() {
            *self.by_cia.entry(*corner).or_default() -= finding.risk;
        }
        self.each_context(model, finding, |risk| *risk -= finding.risk);
    }

    /// Calls `update` once on the total of each context a finding touches.
    fn each_context(&mut self, model: &Model, finding: &Finding, mut update: impl FnMut(&mut u32)) {
        let contexts = &model.diagram().contexts;
        let mut touched = Vec::new();
        contexts_of(model, finding, |i| {
            if !touched.contains(&i) {
                touched.push(i);
            }
        });
        for i in touched {
            if let Some(risk) = contexts.get(i).and_then(|c| self.by_context.get_mut(&c.id)) {
                update(risk);
            }
        }
    }
}

/// Calls `touch` with the position of the context of each element of a finding (a flow: both ends' contexts),
/// maybe more than once per context.
fn contexts_of(model: &Model, finding: &Finding, mut touch: impl FnMut(usize)) {
    // Without contexts there is nothing to look up.
    if model.diagram().contexts.is_empty() {
        return;
    }
    for &element in &finding.targets {
        match element {
            Element::Component(c) => model.context(c).into_iter().for_each(&mut touch),
            Element::Flow(f) => {
                let (from, to) = model.flow_ends(f);
                model.context(from).into_iter().chain(model.context(to)).for_each(&mut touch);
            }
            Element::Context(i) => touch(i),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each context's total is the risk of the open findings with an element in it (a flow: in it at either end),
    /// worked out here by looking the findings' element ids up rather than from their `targets`.
    #[test]
    fn contexts_count_the_findings_whose_elements_they_hold() {
        let mut checked = 0;
        for sample in crate::io::samples::all() {
            let model = sample.model().unwrap();
            let contexts = &model.diagram().contexts;
            if contexts.is_empty() {
                continue;
            }
            let findings = crate::analysis::analyze(&model).findings;
            let context_of = |id: &Id| -> Vec<usize> {
                match model.element(id) {
                    Some(Element::Component(c)) => model.context(c).into_iter().collect(),
                    Some(Element::Flow(f)) => {
                        let (from, to) = model.flow_ends(f);
                        model.context(from).into_iter().chain(model.context(to)).collect()
                    }
                    Some(Element::Context(i)) => vec![i],
                    _ => Vec::new(),
                }
            };
            let mut expected: BTreeMap<Id, u32> = contexts.iter().map(|c| (c.id.clone(), 0)).collect();
            for finding in findings.iter().filter(|f| f.is_open()) {
                let mut touched: Vec<usize> = finding.elements.iter().flat_map(&context_of).collect();
                touched.sort_unstable();
                touched.dedup();
                for i in touched {
                    *expected.get_mut(&contexts[i].id).unwrap() += finding.risk;
                }
            }
            let summary = RiskSummary::of(&model, &findings);
            assert_eq!(summary.by_context, expected, "{}", sample.file);
            checked += usize::from(summary.by_context.values().any(|&risk| risk > 0));
        }
        assert!(checked > 0, "no sample has risk in a context");
    }
}
