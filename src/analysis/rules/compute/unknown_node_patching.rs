//! `unknown-node-patching`: informational; a self-managed EC2 node whose patch status nobody knows (docs/security-model.md#unknown:
//! "unknown is informational").

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::rules::compute::nodes::management;
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;
use crate::model::props::{NodeManagement, PatchStatus};

/// The rule.
pub struct UnknownNodePatching;

static META: RuleMeta = RuleMeta {
    id: "unknown-node-patching",
    title: "Node patch status unknown",
    description: "Informational, at the lowest risk: a self-managed EC2 worker node whose patch status is unknown \
        or not given. The customer patches its operating system, and nobody can say whether that happens. Never \
        for managed node groups (AWS ships patched AMIs), EKS Auto Mode nodes or Fargate; a node known to be \
        outdated is reported by unpatched-node instead.",
    cia: &[Cia::Integrity],
    stride: &[Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Rare,
    impact: Impact::Negligible,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Put the node under Systems Manager Patch Manager with a patch baseline, and record its patch \
                status in the diagram.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Use a managed node group, EKS Auto Mode or Fargate so that AWS supplies or applies the patches.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Scan the node with Amazon Inspector to learn which patches it misses.",
        },
    ],
    thresholds: &[],
    reference: Some("AWS Systems Manager User Guide: AWS Systems Manager Patch Manager"),
};

impl Rule for UnknownNodePatching {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        each_component(self, cx, hits);
    }

    fn per_component(&self) -> bool {
        true
    }

    #[inline(always)]
    fn check_component(&self, cx: &RuleContext<'_>, node: ComponentIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        if model.kind(node) != K::Ec2Node {
            return;
        }
        let status = model.props(node).patch_status;
        if !matches!(status, None | Some(PatchStatus::Unknown))
            || management(model, node) != NodeManagement::SelfManaged
        {
            return;
        }
        let component = model.component(node);
        let said = if status.is_some() { "is unknown" } else { "is not given" };
        hits.push(Hit::on(
            &component.id,
            format!(
                "The patch status of self-managed node {} {said}: nobody can tell whether its OS is current.",
                quote::name_of(model, component)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::cluster_with_node;
    use crate::analysis::testkit::{ids, run};

    #[test]
    fn fires_informationally_for_unknown_or_unspecified_status() {
        let model = cluster_with_node().build();
        let findings = run(&UnknownNodePatching, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "unknown-node-patching@node");
        assert_eq!(findings[0].risk, 1);
        assert!(findings[0].explanation().contains("is not given"));
        let model = cluster_with_node().props("node", |p| p.patch_status = Some(PatchStatus::Unknown)).build();
        assert!(run(&UnknownNodePatching, &model)[0].explanation().contains("is unknown"));
    }

    #[test]
    fn known_status_keeps_it_quiet() {
        for status in [PatchStatus::Current, PatchStatus::Outdated] {
            let model = cluster_with_node().props("node", |p| p.patch_status = Some(status)).build();
            assert!(ids(&UnknownNodePatching, &model).is_empty());
        }
    }

    #[test]
    fn managed_modes_are_never_flagged() {
        for mode in [NodeManagement::ManagedNodeGroup, NodeManagement::AutoMode] {
            let model = cluster_with_node().props("node", |p| p.node_management = Some(mode)).build();
            assert!(ids(&UnknownNodePatching, &model).is_empty(), "{mode}");
        }
    }
}
