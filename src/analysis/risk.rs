//! Total risk: the sum of likelihood x impact over **open** findings only (mitigated, accepted and false-positive
//! findings do not count), also split per CIA corner (a finding counts fully towards each corner it harms) and per
//! bounded context (a finding counts fully towards each context its elements belong to).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::finding::{Cia, Finding};
use crate::model::named::Named as _;
use crate::model::{ComponentIx, Element, FlowIx, Id, Model};

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
        let mut change = RiskChange::new(model);
        for finding in findings {
            change.count(model, finding, true);
        }
        Self::of_change(model, &change)
    }

    /// The totals of the findings counted into `change` (as [`RiskSummary::of`] counts them).
    pub fn of_change(model: &Model, change: &RiskChange) -> Self {
        let contexts = &model.diagram().contexts;
        let mut summary = Self {
            by_cia: crate::sorting::map(Cia::ALL.iter().map(|&corner| (corner, 0))),
            by_context: crate::sorting::map(contexts.iter().map(|c| (c.id.clone(), 0))),
            ..Self::default()
        };
        summary.apply(model, change);
        summary
    }

    /// Makes the changes counted in `change` (of findings counted in or out of this summary).
    pub fn apply(&mut self, model: &Model, change: &RiskChange) {
        let count = |n: usize, by: i64| usize::try_from(i64::try_from(n).unwrap_or(i64::MAX) + by).unwrap_or(0);
        self.findings = count(self.findings, change.findings);
        self.open = count(self.open, change.open);
        self.total = moved(self.total, change.total);
        for corner in Cia::ALL.iter().copied() {
            let by = change.by_cia[corner as usize];
            if by != 0 {
                let risk = self.by_cia.entry(corner).or_default();
                *risk = moved(*risk, by);
            }
        }
        let contexts = &model.diagram().contexts;
        for (context, &by) in contexts.iter().zip(&change.by_context).filter(|(_, by)| **by != 0) {
            if let Some(risk) = self.by_context.get_mut(&context.id) {
                *risk = moved(*risk, by);
            }
        }
    }
}

/// Changes to a summary, counted finding by finding (added or taken away) as [`RiskSummary::of`] counts them, and
/// made at once ([`RiskSummary::apply`]): after many findings changed, it costs what summing those alone costs.
#[derive(Debug)]
pub struct RiskChange {
    findings: i64,
    open: i64,
    total: i64,
    by_cia: [i64; 3],
    by_context: Vec<i64>,
    /// Which contexts the current finding touched: the finding's number, per context, so each counts once.
    touched_by: Vec<usize>,
    counted: usize,
}

impl RiskChange {
    /// No change yet, to the totals of `model`'s contexts.
    pub fn new(model: &Model) -> Self {
        let contexts = model.diagram().contexts.len();
        Self {
            findings: 0,
            open: 0,
            total: 0,
            by_cia: [0; 3],
            by_context: vec![0; contexts],
            touched_by: vec![usize::MAX; contexts],
            counted: 0,
        }
    }

    /// Counts `finding` in (`added`) or out: once towards the findings, and when it is open its risk once towards the
    /// total, each CIA corner it harms and each context its elements belong to.
    pub fn count(&mut self, model: &Model, finding: &Finding, added: bool) {
        self.count_with(model, finding, added, |f| Some(model.flow_ends(f)));
    }

    /// Counts out a finding made before flows were added or removed (its flows at their positions then), the ends of
    /// those flows then given by `ends_before`. Returns `false`, and counts nothing, when an end that decides a
    /// context is not known.
    pub fn count_out_before(
        &mut self,
        model: &Model,
        finding: &Finding,
        ends_before: impl Fn(FlowIx) -> Option<(ComponentIx, ComponentIx)>,
    ) -> bool {
        let mut flows = finding.targets.iter().filter_map(|t| if let Element::Flow(f) = t { Some(f) } else { None });
        if !model.diagram().contexts.is_empty() && !flows.all(|f| ends_before(f).is_some()) {
            return false;
        }
        self.count_with(model, finding, false, ends_before);
        true
    }

    /// [`RiskChange::count`] with the ends of the finding's flows given by `ends`.
    fn count_with(
        &mut self,
        model: &Model,
        finding: &Finding,
        added: bool,
        ends: impl Fn(FlowIx) -> Option<(ComponentIx, ComponentIx)>,
    ) {
        let sign = if added { 1 } else { -1 };
        self.findings += sign;
        if !finding.is_open() {
            return;
        }
        let risk = sign * i64::from(finding.risk);
        self.open += sign;
        self.total += risk;
        for corner in finding.cia().iter() {
            self.by_cia[*corner as usize] += risk;
        }
        let n = self.counted;
        self.counted += 1;
        let (touched_by, by_context) = (&mut self.touched_by, &mut self.by_context);
        contexts_of(model, finding, ends, |i| {
            if touched_by.get(i).is_some_and(|&last| last != n) {
                touched_by[i] = n;
                by_context[i] += risk;
            }
        });
    }
}

/// `value` moved by `by` (never below zero: the totals count what was counted in).
fn moved<T: TryFrom<i64> + Into<i64> + Default>(value: T, by: i64) -> T {
    T::try_from(value.into() + by).unwrap_or_default()
}

/// Calls `touch` with the position of the context of each element of a finding (a flow: both ends' contexts, its
/// ends given by `ends`), maybe more than once per context.
fn contexts_of(
    model: &Model,
    finding: &Finding,
    ends: impl Fn(FlowIx) -> Option<(ComponentIx, ComponentIx)>,
    mut touch: impl FnMut(usize),
) {
    // Without contexts there is nothing to look up.
    if model.diagram().contexts.is_empty() {
        return;
    }
    for element in &finding.targets {
        match element {
            Element::Component(c) => model.context(c).into_iter().for_each(&mut touch),
            Element::Flow(f) => {
                if let Some((from, to)) = ends(f) {
                    model.context(from).into_iter().chain(model.context(to)).for_each(&mut touch);
                }
            }
            Element::Context(i) => touch(i),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counting findings in and out and making the changes at once gives the sums of the findings then there.
    #[test]
    fn changes_counted_in_and_out_give_the_sums() {
        let mut checked = 0;
        for sample in crate::io::samples::all() {
            let model = sample.model().unwrap();
            let mut findings = crate::analysis::analyze(&model).findings;
            // Some triaged, so not every finding is open.
            for finding in findings.iter_mut().step_by(5) {
                finding.status = crate::model::triage::TriageStatus::Accepted;
            }
            let (first, second) = findings.split_at(findings.len() / 2);
            let mut summary = RiskSummary::of(&model, first);
            let mut change = RiskChange::new(&model);
            second.iter().for_each(|f| change.count(&model, f, true));
            summary.apply(&model, &change);
            assert_eq!(summary, RiskSummary::of(&model, &findings), "{}: counted in", sample.file);
            let mut change = RiskChange::new(&model);
            first.iter().for_each(|f| change.count(&model, f, false));
            summary.apply(&model, &change);
            assert_eq!(summary, RiskSummary::of(&model, second), "{}: counted out", sample.file);
            checked += usize::from(!model.diagram().contexts.is_empty() && summary.total > 0);
        }
        assert!(checked >= 3, "{checked} samples with contexts and risk");
    }

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
            let context_of = |id: &str| -> Vec<usize> {
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
                let mut touched: Vec<usize> = finding.elements().flat_map(&context_of).collect();
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

    /// A finding about flows alone, counted out after its flows were removed, leaves the contexts their ends were in
    /// (as `ends_before` gives them); an end not known counts nothing.
    #[test]
    fn a_finding_about_a_removed_flow_is_counted_out_of_its_ends_contexts() {
        let mut checked = 0;
        for sample in crate::io::samples::all() {
            let model = sample.model().unwrap();
            let findings = crate::analysis::analyze(&model).findings;
            let Some(mut finding) = findings.into_iter().find(|f| f.is_open() && !f.targets.is_empty()) else {
                continue;
            };
            // The same finding about the first flow that joins two contexts only.
            let Some(f) = (0..model.flows().len() as u32).map(FlowIx).find(|&f| {
                let (from, to) = model.flow_ends(f);
                model.context(from).is_some() && model.context(to).is_some() && model.context(from) != model.context(to)
            }) else {
                continue;
            };
            finding.targets = std::iter::once(Element::Flow(f)).collect();
            let mut summary = RiskSummary::of(&model, std::slice::from_ref(&finding));
            assert_eq!(summary.by_context.values().filter(|&&risk| risk > 0).count(), 2, "{}", sample.file);
            let mut change = RiskChange::new(&model);
            assert!(!change.count_out_before(&model, &finding, |_| None), "{}", sample.file);
            // At the position before, the flow had the ends it has now: counted out of both contexts.
            assert!(change.count_out_before(&model, &finding, |g| (g == f).then(|| model.flow_ends(f))));
            summary.apply(&model, &change);
            assert_eq!(summary, RiskSummary::of(&model, &[]), "{}", sample.file);
            checked += 1;
        }
        assert!(checked > 0, "no sample has a flow between two contexts");
    }
}
