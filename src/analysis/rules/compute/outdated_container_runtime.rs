//! `outdated-container-runtime`: an EC2 node (not Auto Mode) whose containerd is older than the oldest release
//! considered current, so known breakouts lead from a pod into the host and the other pods (docs/security-model.md#blast-breakout).

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::compute::nodes::{Mix, NodeWorkloads, management};
use crate::analysis::rules::compute::versions::{CONTAINERD_MINIMUM, containerd_version};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentKind as K;
use crate::model::props::spec::status_of;
use crate::model::props::{NodeManagement, PatchStatus};

/// The rule.
pub struct OutdatedContainerRuntime;

static META: RuleMeta = RuleMeta {
    id: "outdated-container-runtime",
    title: "Outdated container runtime",
    description: "An EC2 worker node whose container runtime version is below the oldest containerd release \
        considered current (1.7.13, the first 1.7 release shipping the runc fix for the breakout CVE-2024-21626; \
        see the compute rules' version table). Versions are compared numerically part by part (1.7.9 is older \
        than 1.7.13; 1.7 without a patch level is not known to be older); a version written for another runtime \
        (docker://, cri-o://) or without a number is ignored. Known container breakouts then lead from any pod \
        into the host and every other pod on it. Never for EKS Auto Mode nodes (EKS owns the runtime) or \
        Fargate. Impact scales with the most sensitive data on the node; likelihood rises when a workload on it \
        is reachable from the internet.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Upgrade containerd and runc: roll a managed node group onto the latest EKS-optimized AMI, or \
                rebuild self-managed nodes from it.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Run the workloads on EKS Auto Mode or Fargate, where AWS keeps the runtime current.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Watch for container escapes with GuardDuty EKS Runtime Monitoring.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon EKS Best Practices Guide: Runtime security; CVE-2024-21626"),
};

impl Rule for OutdatedContainerRuntime {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        let mut workloads = None;
        for node in model.components_of(crate::model::Kinds::of(&[K::Ec2Node])) {
            let Some(text) = &model.props(node).container_runtime_version else { continue };
            let reported_outdated = status_of(text) == Some(PatchStatus::Outdated);
            if !(reported_outdated || containerd_version(text).is_some_and(|v| v.is_below(&CONTAINERD_MINIMUM)))
                || management(model, node) == NodeManagement::AutoMode
            {
                continue;
            }
            let on = workloads.get_or_insert_with(|| NodeWorkloads::new(model, facts)).on(node);
            let mix = Mix::of(model, facts, on);
            let component = model.component(node);
            let [major, minor, patch] = CONTAINERD_MINIMUM;
            let runs = if reported_outdated {
                "runs a container runtime the diagram marks as outdated".to_owned()
            } else {
                format!("runs container runtime {} (older than containerd {major}.{minor}.{patch})", text.trim())
            };
            let hit = Hit::on(
                &component.id,
                format!(
                    "{} {runs}: known breakouts lead from a pod into the host and the {} workload(s) on it.",
                    quote::name_of(model, component),
                    on.len()
                ),
            )
            .with_elements(on.iter().map(|&w| model.component_id(w)))
            .with_data(mix.highest.max(classification(model, node)))
            .exposed(mix.internet_facing || facts.is_internet_facing(node));
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::cluster_with_node;
    use crate::analysis::testkit::{TestDiagram, ids, run};

    fn node_with_runtime(version: &str) -> TestDiagram {
        cluster_with_node().props("node", |p| p.container_runtime_version = Some(version.to_owned())).component(
            "pod",
            K::Pod,
            Some("node"),
        )
    }

    #[test]
    fn fires_below_the_minimum_comparing_numerically() {
        for version in ["1.6.28", "1.7.9", "containerd://1.7.2"] {
            let model = node_with_runtime(version).build();
            let findings = run(&OutdatedContainerRuntime, &model);
            assert_eq!(findings.len(), 1, "{version}");
            assert_eq!(findings[0].id(), "outdated-container-runtime@node");
            assert!(findings[0].explanation().contains("containerd 1.7.13"));
        }
    }

    #[test]
    fn a_node_marked_outdated_is_flagged_without_a_version() {
        let model = node_with_runtime("outdated").build();
        assert_eq!(ids(&OutdatedContainerRuntime, &model).len(), 1);
    }

    #[test]
    fn current_or_unparsable_versions_are_quiet() {
        for version in ["1.7.13", "1.7.22", "2.0.0", "1.7", "docker://20.10.7", "current", "unknown"] {
            let model = node_with_runtime(version).build();
            assert!(ids(&OutdatedContainerRuntime, &model).is_empty(), "{version}");
        }
        assert!(ids(&OutdatedContainerRuntime, &cluster_with_node().build()).is_empty(), "unspecified");
    }

    #[test]
    fn auto_mode_is_never_flagged_but_managed_node_groups_are() {
        let model = node_with_runtime("1.6.0").props("node", |p| p.node_management = Some(NodeManagement::AutoMode));
        assert!(ids(&OutdatedContainerRuntime, &model.build()).is_empty());
        let model =
            node_with_runtime("1.6.0").props("node", |p| p.node_management = Some(NodeManagement::ManagedNodeGroup));
        assert_eq!(ids(&OutdatedContainerRuntime, &model.build()), vec!["outdated-container-runtime@node"]);
    }
}
