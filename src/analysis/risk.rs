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
        for corner in Cia::ALL {
            summary.by_cia.insert(*corner, 0);
        }
        for context in &model.diagram().contexts {
            summary.by_context.insert(context.id.clone(), 0);
        }
        for finding in findings.iter().filter(|f| f.is_open()) {
            summary.open += 1;
            summary.total += finding.risk;
            for corner in finding.cia {
                *summary.by_cia.entry(*corner).or_default() += finding.risk;
            }
            let mut contexts: Vec<usize> = finding
                .elements
                .iter()
                .flat_map(|id| match model.element(id) {
                    Some(Element::Component(c)) => [model.context(c), None],
                    Some(Element::Flow(f)) => {
                        let (from, to) = model.flow_ends(f);
                        [model.context(from), model.context(to)]
                    }
                    Some(Element::Context(i)) => [Some(i), None],
                    _ => [None, None],
                })
                .flatten()
                .collect();
            contexts.sort_unstable();
            contexts.dedup();
            for i in contexts {
                if let Some(context) = model.diagram().contexts.get(i) {
                    *summary.by_context.entry(context.id.clone()).or_default() += finding.risk;
                }
            }
        }
        summary
    }
}
