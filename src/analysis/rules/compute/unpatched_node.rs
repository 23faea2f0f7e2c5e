//! `unpatched-node`: an EC2 worker node (self-managed or managed node group) whose operating system is known to lag
//! behind on patches (docs/security-model.md#responsibility-table and #precision).

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::compute::nodes::{Mix, NodeWorkloads, management};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentKind as K;
use crate::model::props::{NodeManagement, PatchStatus};

/// The rule.
pub struct UnpatchedNode;

static META: RuleMeta = RuleMeta {
    id: "unpatched-node",
    title: "Unpatched worker node",
    description: "An EC2 worker node whose patch status is outdated. On a self-managed node the customer patches \
        the operating system; on a managed node group AWS publishes patched AMIs but the customer must roll the \
        group onto them. An OS-level vulnerability gives an attacker the node, every pod on it and the node's IAM \
        role. Never fires for EKS Auto Mode nodes (EKS patches them) or Fargate (no node to patch); an unknown or \
        unspecified status is left to unknown-node-patching. Impact scales with the most sensitive data on the \
        node; likelihood rises when the node or a workload on it is reachable from the internet.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege, Stride::Tampering],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Patch the node: update a managed node group to the latest EKS-optimized AMI release; rebuild \
                self-managed nodes from a current AMI or patch them with Systems Manager Patch Manager.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Move the workloads to EKS Auto Mode nodes or Fargate, where AWS patches the node operating system.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Scan nodes with Amazon Inspector and alarm on missing patches (Patch Manager compliance).",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon EKS User Guide: Update a managed node group for your cluster"),
};

impl Rule for UnpatchedNode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        let mut workloads = None;
        for node in model.components_of(crate::model::Kinds::of(&[K::Ec2Node])) {
            if model.props(node).patch_status != Some(PatchStatus::Outdated) {
                continue;
            }
            let duty = match management(model, node) {
                NodeManagement::AutoMode => continue,
                NodeManagement::SelfManaged => "a self-managed node whose operating system the customer patches",
                NodeManagement::ManagedNodeGroup => {
                    "a managed node group the customer must roll onto AWS's patched AMI"
                }
            };
            let on = workloads.get_or_insert_with(|| NodeWorkloads::new(model, facts)).on(node);
            let mix = Mix::of(model, facts, on);
            let component = model.component(node);
            let hit = Hit::on(
                &component.id,
                format!(
                    "{} is behind on operating-system patches ({duty}); an OS exploit gives the node, the {} \
                     workload(s) on it and its IAM role.",
                    quote::name_of(model, component),
                    on.len()
                ),
            )
            .with_elements(on.iter().map(|&w| model.component_id(w)))
            .with_elements(model.role(node).map(|r| model.component_id(r)))
            .with_data(mix.highest.max(classification(model, node)))
            .exposed(mix.internet_facing || facts.is_internet_facing(node));
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::{cluster_with_node, data};
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::Classification;

    fn node(management: NodeManagement, status: Option<PatchStatus>) -> TestDiagram {
        cluster_with_node()
            .props("node", |p| {
                p.node_management = Some(management);
                p.patch_status = status;
            })
            .component("pod", K::Pod, Some("node"))
    }

    #[test]
    fn fires_on_outdated_self_managed_and_managed_nodes() {
        let model = node(NodeManagement::SelfManaged, Some(PatchStatus::Outdated)).build();
        let findings = run(&UnpatchedNode, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "unpatched-node@node");
        assert!(findings[0].elements().any(|e| e == "pod"));
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Possible, Impact::Moderate));
        let model = node(NodeManagement::ManagedNodeGroup, Some(PatchStatus::Outdated)).build();
        let findings = run(&UnpatchedNode, &model);
        assert!(findings[0].explanation().contains("roll onto AWS's patched AMI"));
    }

    #[test]
    fn patched_unknown_and_unspecified_nodes_are_quiet() {
        for status in [Some(PatchStatus::Current), Some(PatchStatus::Unknown), None] {
            let model = node(NodeManagement::SelfManaged, status).build();
            assert!(ids(&UnpatchedNode, &model).is_empty(), "{status:?}");
        }
    }

    #[test]
    fn auto_mode_is_never_flagged() {
        let model = node(NodeManagement::AutoMode, Some(PatchStatus::Outdated)).build();
        assert!(ids(&UnpatchedNode, &model).is_empty());
    }

    #[test]
    fn sensitive_and_internet_facing_workloads_raise_the_risk() {
        let model = node(NodeManagement::SelfManaged, Some(PatchStatus::Outdated))
            .component("internet", K::Internet, None)
            .props("pod", |p| p.data = data(Classification::Confidential))
            .flow("internet", "pod", crate::model::Pattern::SyncRequest)
            .build();
        let findings = run(&UnpatchedNode, &model);
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Likely, Impact::Major));
    }
}
