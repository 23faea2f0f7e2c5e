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
            let mut touch = |context: Option<usize>| {
                if let Some(i) = context
                    && touched_by.get(i).is_some_and(|&last| last != n)
                {
                    touched_by[i] = n;
                    by_context[i] += finding.risk;
                }
            };
            // Without contexts there is nothing to look up.
            let elements = if contexts.is_empty() { &[][..] } else { &finding.elements[..] };
            for id in elements {
                match model.element(id) {
                    Some(Element::Component(c)) => touch(model.context(c)),
                    Some(Element::Flow(f)) => {
                        let (from, to) = model.flow_ends(f);
                        touch(model.context(from));
                        touch(model.context(to));
                    }
                    Some(Element::Context(i)) => touch(Some(i)),
                    _ => {}
                }
            }
        }
        summary.by_cia = Cia::ALL.iter().map(|&corner| (corner, by_cia[corner as usize])).collect();
        summary.by_context = contexts.iter().zip(by_context).map(|(c, risk)| (c.id.clone(), risk)).collect();
        summary
    }
}
