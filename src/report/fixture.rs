//! A synthetic analysis for renderer tests: six findings of five made-up rules at every severity and triage state,
//! two bounded contexts, a responsibility split and every kind of metric, so the renderers are tested with more than
//! the rules that exist today.

use std::collections::BTreeMap;

use crate::analysis::Analysis;
use crate::analysis::finding::{Cia, Control, ControlKind, Finding, Stride};
use crate::analysis::metrics::{ContextCycle, ContextMetrics, Coupling, DefensePath, Metrics, SyncChain};
use crate::analysis::responsibility::{ComponentResponsibility, Responsibility};
use crate::analysis::risk::RiskSummary;
use crate::analysis::rule::{RuleMeta, Scaling, Threshold};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::responsibility::{Owner, Stack};
use crate::model::triage::TriageStatus;
use crate::model::{Id, Model, Posture};

const DIAGRAM: &str = r#"{
  "format": "trustmap", "version": 1,
  "settings": { "title": "Fixture | shop", "posture": "perimeter" },
  "components": [
    { "id": "acct", "kind": "aws-account", "name": "Account" },
    { "id": "a", "kind": "generic-service", "name": "Service A", "parent": "acct" },
    { "id": "b", "kind": "generic-service", "name": "Service B", "parent": "acct" },
    { "id": "c", "kind": "generic-service", "name": "Service C", "parent": "acct" },
    { "id": "f", "kind": "generic-service", "name": "Service F", "parent": "acct" },
    { "id": "m", "kind": "generic-service", "name": "Service M", "parent": "acct" }
  ],
  "flows": [ { "id": "a-b", "from": "a", "to": "b", "pattern": "sync-request" } ],
  "contexts": [
    { "id": "ordering", "name": "Ordering", "members": ["a", "b"] },
    { "id": "payment", "name": "Payment", "members": ["c"] }
  ]
}"#;

/// Metadata of the made-up rule `alpha` (with a threshold and a reference).
pub(crate) static ALPHA: RuleMeta = RuleMeta {
    id: "alpha",
    title: "Alpha <threat> | with markup",
    description: "Alpha fires when something is wrong.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::Spoofing, Stride::Tampering],
    likelihood: Likelihood::Likely,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control { kind: ControlKind::Detective, text: "Alarm on it." },
        Control { kind: ControlKind::Sharp, text: "Scope it to one caller." },
        Control { kind: ControlKind::Blunt, text: "Deny everything." },
    ],
    thresholds: &[Threshold {
        name: "limit",
        default: 3.0,
        min: Threshold::COUNT.0,
        max: Threshold::COUNT.1,
        description: "How many are too many.",
    }],
    reference: Some("CIS 1.2.3"),
};

/// Metadata of the made-up rule `beta` (no threshold, no reference).
pub(crate) static BETA: RuleMeta = RuleMeta {
    id: "beta",
    title: "Beta",
    description: "Beta fires rarely.",
    cia: &[Cia::Availability],
    stride: &[Stride::DenialOfService],
    likelihood: Likelihood::Rare,
    impact: Impact::Minor,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: true },
    controls: &[Control { kind: ControlKind::Blunt, text: "Turn it off." }],
    thresholds: &[],
    reference: None,
};

fn finding(
    id: &str,
    likelihood: Likelihood,
    impact: Impact,
    status: TriageStatus,
    note: &str,
    cia: &'static [Cia],
) -> Finding {
    let (rule, elements) = id.split_once('@').unwrap_or((id, ""));
    // The made-up rule's metadata, as a rule's would be (leaked: a test fixture, made a few times).
    let meta: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        id: Box::leak(rule.to_owned().into_boxed_str()),
        title: "A made-up threat",
        description: "A made-up rule.",
        cia,
        stride: &[Stride::Spoofing],
        likelihood,
        impact,
        scaling: Scaling::default(),
        controls: &[
            Control { kind: ControlKind::Sharp, text: "Scope it." },
            Control { kind: ControlKind::Blunt, text: "Block it." },
        ],
        thresholds: &[],
        reference: None,
    }));
    let elements: Vec<Id> =
        if elements == "diagram" { Vec::new() } else { elements.split('+').map(|e| Id::new(e).unwrap()).collect() };
    let mut finding = Finding::new(
        id,
        format!("Explanation of {id} with a | pipe and *stars*."),
        likelihood,
        impact,
        crate::analysis::finding::Origin::Rule(meta),
    );
    finding.status = status;
    finding.set_elements(elements.iter().map(Id::as_str));
    finding.note = note.to_owned();
    finding
}

/// The fixture model and an analysis of it with synthetic findings, in analysis order.
pub(crate) fn analysis() -> (Model, Analysis) {
    use Impact as I;
    use Likelihood as L;
    use TriageStatus as T;
    let model = crate::io::load_str(DIAGRAM).unwrap();
    let findings = vec![
        finding("alpha@a", L::AlmostCertain, I::Major, T::Accepted, "Owner signed off.", &[Cia::Confidentiality]),
        finding("beta@b", L::Likely, I::Major, T::Open, "", &[Cia::Availability]),
        finding("gamma@c", L::Possible, I::Moderate, T::Open, "", &[Cia::Integrity, Cia::Confidentiality]),
        finding("mitigated@m", L::Unlikely, I::Major, T::Mitigated, "WAF outside the diagram.", &[Cia::Integrity]),
        finding("delta@diagram", L::Rare, I::Major, T::Open, "", &[Cia::Integrity]),
        finding("fp@f", L::Rare, I::Major, T::FalsePositive, "", &[Cia::Confidentiality]),
    ]
    .into_iter()
    .map(|mut f| {
        f.targets = crate::analysis::finding::targets(&model, f.elements());
        f
    })
    .collect::<Vec<_>>();
    let risk = RiskSummary::of(&model, &findings);
    let mut layers_by_owner = BTreeMap::new();
    layers_by_owner.insert(Owner::Aws, 4);
    layers_by_owner.insert(Owner::Customer, 5);
    layers_by_owner.insert(Owner::Shared, 1);
    let stack = Stack::new([
        Owner::Aws,
        Owner::Aws,
        Owner::Absent,
        Owner::Absent,
        Owner::Shared,
        Owner::Customer,
        Owner::Customer,
        Owner::Customer,
        Owner::Customer,
    ]);
    let responsibility = Responsibility {
        components: vec![ComponentResponsibility {
            id: Id::new("a").unwrap(),
            stack,
            customer_share: 0.75,
            adjustments: vec!["runs on a managed runtime".to_owned()],
        }],
        layers_by_owner,
        customer_share: 0.55,
    };
    let metrics = Metrics {
        contexts: vec![ContextMetrics {
            id: Id::new("ordering").unwrap(),
            name: "Ordering".to_owned(),
            members: 2,
            internal_flows: 1,
            cohesion: 0.5,
            coupling: Coupling { sync: 1, asynchronous: 2, other: 0 },
            coupled_with: vec![Id::new("payment").unwrap()],
            groups: 1,
            isolated_members: Vec::new(),
        }],
        context_cycles: vec![ContextCycle {
            contexts: vec![Id::new("ordering").unwrap(), Id::new("payment").unwrap()],
            has_sync_edge: true,
            sync_flows: vec![Id::new("b").unwrap()],
            sync_flow_ixs: Vec::new(),
        }],
        defense_in_depth: vec![DefensePath {
            source: Id::new("a").unwrap(),
            target: Id::new("c").unwrap(),
            controls: 1,
            hops: 2,
            path: vec![Id::new("a").unwrap(), Id::new("b").unwrap(), Id::new("c").unwrap()],
            controls_on_path: vec!["authentication on a-b".to_owned()],
            control_quotes: vec![Box::default()],
            unstated_authentication: 0,
            optimistic_controls: 1,
            external_controls: Some(1),
            positions: Vec::new(),
        }],
        longest_sync_chain: Some(SyncChain {
            length: 2,
            path: vec![Id::new("a").unwrap(), Id::new("b").unwrap(), Id::new("c").unwrap()],
        }),
        sync_chains: Default::default(),
    };
    (model, Analysis { posture: Posture::Perimeter, findings, risk, responsibility, metrics, stale_triage: Vec::new() })
}
