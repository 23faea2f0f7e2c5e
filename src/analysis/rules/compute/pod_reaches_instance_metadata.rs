//! `pod-reaches-instance-metadata`: pods on an EC2 node reach its instance-metadata service while the node runs as
//! an IAM role, so any of them can take the node role's credentials (docs/security-model.md#blast-metadata).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::compute::nodes::{MetadataReach, NodeWorkloads, metadata_reach};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{ComponentIx, ComponentKind as K};

/// The rule.
pub struct PodReachesInstanceMetadata;

static META: RuleMeta = RuleMeta {
    id: "pod-reaches-instance-metadata",
    title: "Pods can take the node role",
    description: "An EC2 node that runs as an IAM role and runs pods (or ECS tasks) that reach its instance-metadata \
        service: \
        IMDSv1 is on, or IMDSv2 allows a hop limit of 2 or more. Any compromised pod can then fetch the node role's \
        credentials, which usually read every ECR repository and often more. When the diagram does not give the \
        node's metadata settings it is assumed reachable (hop limit 2, the common default), with a lower \
        likelihood, except on EKS Auto Mode nodes (hop limit 1). IMDSv1 raises the likelihood, since a forged \
        request (SSRF) suffices. Pods on the host network are left to host-network-pod. One finding per node; \
        likelihood rises when one of the pods is reachable from the internet. Never on Fargate (no metadata \
        service).",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::ElevationOfPrivilege, Stride::Spoofing],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Require IMDSv2 with a hop limit of 1 on the node's launch template, so pods cannot reach the \
                metadata service.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Give pods their own IAM roles (EKS Pod Identity or IRSA) and keep the node role to what the \
                kubelet needs.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Let GuardDuty alert when the node role's credentials are used from outside the instance.",
        },
    ],
    thresholds: &[],
    reference: Some(
        "Amazon EKS Best Practices Guide: Restrict access to the instance profile assigned to the worker node",
    ),
};

impl Rule for PodReachesInstanceMetadata {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        let workloads = NodeWorkloads::new(model, facts);
        for (node, on) in workloads.iter() {
            let Some(role) = model.role(node) else { continue };
            let Some(reach) = metadata_reach(model, node) else { continue };
            let pods: Vec<ComponentIx> = on
                .iter()
                .copied()
                .filter(|&w| match model.kind(w) {
                    K::Pod => model.props(w).host_network != Some(true),
                    K::EcsService => true,
                    _ => false,
                })
                .collect();
            if pods.is_empty() {
                continue;
            }
            let (component, role) = (model.component(node), model.component(role));
            let how = match reach {
                MetadataReach::Imdsv1 => "IMDSv1 is on",
                MetadataReach::HopLimit => "the IMDSv2 hop limit lets pods through",
                MetadataReach::Assumed => "its metadata settings are not given, so hop limit 2 is assumed",
            };
            let hit = Hit::on(
                &component.id,
                format!(
                    "The {} pod(s) on {} can take the credentials of its role {} from instance metadata ({how}).",
                    pods.len(),
                    quote::name_of(model, component),
                    quote::name_of(model, role)
                ),
            )
            .with_elements([&role.id])
            .with_elements(pods.iter().map(|&p| model.component_id(p)))
            .exposed(pods.iter().any(|&p| facts.is_internet_facing(p)))
            .likelihood(match reach {
                MetadataReach::Imdsv1 => 1,
                MetadataReach::HopLimit => 0,
                MetadataReach::Assumed => -1,
            });
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::{cluster_with_node, run_as};
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{InstanceMetadata, NodeManagement};

    fn node_with_pods(metadata: Option<InstanceMetadata>) -> TestDiagram {
        run_as(cluster_with_node(), "node", "node-role")
            .props("node", |p| p.instance_metadata = metadata)
            .component("web", K::Pod, Some("node"))
            .component("api", K::Pod, Some("node"))
    }

    #[test]
    fn fires_once_per_node_with_the_role_and_pods() {
        let model = node_with_pods(Some(InstanceMetadata { imdsv2_required: true, hop_limit: 2 })).build();
        let findings = run(&PodReachesInstanceMetadata, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "pod-reaches-instance-metadata@node");
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["api", "node", "node-role", "web"]);
        assert_eq!(findings[0].likelihood, Likelihood::Possible);
    }

    #[test]
    fn imdsv1_is_likelier_and_unspecified_settings_less_likely() {
        let model = node_with_pods(Some(InstanceMetadata { imdsv2_required: false, hop_limit: 1 })).build();
        assert_eq!(run(&PodReachesInstanceMetadata, &model)[0].likelihood, Likelihood::Likely);
        let model = node_with_pods(None).build();
        let findings = run(&PodReachesInstanceMetadata, &model);
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely);
        assert!(findings[0].explanation().contains("not given"));
    }

    #[test]
    fn hop_limit_one_auto_mode_or_no_role_keep_it_quiet() {
        let model = node_with_pods(Some(InstanceMetadata { imdsv2_required: true, hop_limit: 1 })).build();
        assert!(ids(&PodReachesInstanceMetadata, &model).is_empty());
        let model = node_with_pods(None).props("node", |p| p.node_management = Some(NodeManagement::AutoMode)).build();
        assert!(ids(&PodReachesInstanceMetadata, &model).is_empty());
        let model = cluster_with_node().component("web", K::Pod, Some("node")).build();
        assert!(ids(&PodReachesInstanceMetadata, &model).is_empty());
    }

    #[test]
    fn host_network_pods_are_left_to_their_own_rule() {
        let model = run_as(cluster_with_node(), "node", "node-role")
            .component_with("cni", K::Pod, Some("node"), |c| c.properties.host_network = Some(true))
            .build();
        assert!(ids(&PodReachesInstanceMetadata, &model).is_empty());
    }
}
