//! `host-network-pod`: a pod on an EC2 node that uses the host's network namespace, so it reaches the node's network
//! and instance metadata whatever the hop limit (docs/security-model.md#blast-metadata).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;

/// The rule.
pub struct HostNetworkPod;

static META: RuleMeta = RuleMeta {
    id: "host-network-pod",
    title: "Pod on the host network",
    description: "A pod on an EC2 node with host_network set. It shares the node's network namespace: it bypasses \
        Kubernetes network policies, can bind the node's ports and see its interfaces, and reaches the node's \
        instance-metadata service whatever the hop limit, so a compromised pod takes the node's IAM role \
        credentials. Impact is one step higher when the node runs as an IAM role. Likelihood rises when the pod \
        is reachable from the internet. Not on Fargate, which does not run host-network pods.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::ElevationOfPrivilege, Stride::Spoofing],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Enforce Pod Security Admission at the baseline or restricted level, which rejects hostNetwork.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Drop hostNetwork and expose the port through a Service; give the pod its own IAM role (EKS Pod \
                Identity or IRSA) and keep the node role minimal.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alert on use of the node role's credentials from unexpected sources (GuardDuty).",
        },
    ],
    thresholds: &[],
    reference: Some(
        "CIS Amazon EKS Benchmark: Minimize the admission of containers wishing to share the host network namespace",
    ),
};

impl Rule for HostNetworkPod {
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
    fn check_component(&self, cx: &RuleContext<'_>, pod: ComponentIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        if model.kind(pod) != K::Pod {
            return;
        }
        if model.props(pod).host_network != Some(true) {
            return;
        }
        let Some(node) = facts.host(pod).filter(|&h| model.kind(h) == K::Ec2Node) else { return };
        let (component, host) = (model.component(pod), model.component(node));
        let role = model.role(node).map(|r| model.component(r));
        let credentials = match role {
            Some(role) => format!(" and the credentials of its role {}", quote::name_of(model, role)),
            None => String::new(),
        };
        let hit = Hit::on(
            &component.id,
            format!(
                "{} uses the host network of node {}: it reaches the node's network, its instance \
                 metadata{credentials}, whatever the hop limit.",
                quote::name_of(model, component),
                quote::name_of(model, host)
            ),
        )
        .with_elements([&host.id])
        .with_elements(role.map(|r| &r.id))
        .exposed(facts.is_internet_facing(pod))
        .impact(i8::from(role.is_some()));
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::{cluster_with_node, run_as};
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::InstanceMetadata;

    #[test]
    fn fires_even_with_hop_limit_one_and_rates_the_node_role() {
        let model = run_as(cluster_with_node(), "node", "node-role")
            .props("node", |p| p.instance_metadata = Some(InstanceMetadata { imdsv2_required: true, hop_limit: 1 }))
            .component_with("cni", K::Pod, Some("node"), |c| c.properties.host_network = Some(true))
            .build();
        let findings = run(&HostNetworkPod, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "host-network-pod@cni");
        assert_eq!(findings[0].impact, Impact::Major);
        assert!(findings[0].explanation().contains("role node-role"));
        assert_eq!(findings[0].elements().len(), 3);
    }

    #[test]
    fn pods_on_their_own_network_are_quiet() {
        let model = cluster_with_node().component("web", K::Pod, Some("node")).build();
        assert!(ids(&HostNetworkPod, &model).is_empty(), "the catalog default is no host network");
    }

    #[test]
    fn fargate_pods_are_quiet() {
        let model = TestDiagram::new()
            .component("cluster", K::EksCluster, None)
            .component("fargate", K::FargateProfile, Some("cluster"))
            .component_with("cni", K::Pod, Some("fargate"), |c| c.properties.host_network = Some(true))
            .build();
        assert!(ids(&HostNetworkPod, &model).is_empty());
    }
}
