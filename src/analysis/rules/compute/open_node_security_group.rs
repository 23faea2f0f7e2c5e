//! `open-node-security-group`: an EC2 worker node whose security group admits `0.0.0.0/0`, so anything that can
//! route to the node reaches its kubelet, node ports and host-network pods (docs/security-model.md#blast-radius).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::compute::nodes::{NodeWorkloads, workload_data};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentKind as K;

/// The rule.
pub struct OpenNodeSecurityGroup;

/// Every IPv4 address.
const ANYWHERE: &str = "0.0.0.0/0";

static META: RuleMeta = RuleMeta {
    id: "open-node-security-group",
    title: "Worker node open to 0.0.0.0/0",
    description: "An EC2 worker node whose security group admits 0.0.0.0/0 (ingress_cidrs lists it). Every \
        address that can route to the node reaches the kubelet, NodePort services and pods on the host network: \
        from the internet when the node sits in a public subnet, from every peered network and VPN otherwise. \
        Nodes need inbound traffic only from the control plane, the load balancers and each other. A node that \
        lists only named ranges, or says nothing, is quiet. Likelihood rises when the node is reachable from \
        the internet; impact scales with the most sensitive data of the pods it runs.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::Spoofing, Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Admit only the cluster security group, the load balancers' security groups and the node group \
                itself; reach nodes through SSM Session Manager instead of opening SSH.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Keep nodes in private subnets and block 0.0.0.0/0 ingress with AWS Config \
                (restricted-common-ports, vpc-sg-open-only-to-authorized-ports) or a Firewall Manager policy.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Watch VPC flow logs and GuardDuty for connections to nodes from unexpected addresses.",
        },
    ],
    thresholds: &[],
    reference: Some("CIS Amazon EKS Benchmark 5.4: Cluster Networking (restrict access to nodes)"),
};

impl Rule for OpenNodeSecurityGroup {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let mut workloads: Option<NodeWorkloads> = None;
        for node in model.components_of(crate::model::Kinds::of(&[K::Ec2Node])) {
            let cidrs = model.props(node).ingress_cidrs.as_deref().unwrap_or_default();
            if !cidrs.iter().any(|cidr| cidr.trim() == ANYWHERE) {
                continue;
            }
            let workloads = workloads.get_or_insert_with(|| NodeWorkloads::new(model, cx.facts));
            let data = workloads.on(node).iter().map(|&w| workload_data(model, w)).max().flatten();
            let exposed = cx.facts.is_internet_facing(node);
            let component = model.component(node);
            let reach = if exposed { "from the internet" } else { "from every network that routes to it" };
            hits.push(
                Hit::on(
                    &component.id,
                    format!(
                        "{}'s security group admits 0.0.0.0/0: its kubelet, node ports and host-network pods are \
                         reachable {reach}.",
                        quote::name_of(model, component)
                    ),
                )
                .with_elements(workloads.on(node).iter().map(|&w| model.component_id(w)))
                .with_data(data)
                .exposed(exposed),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::{cluster_with_node, data};
    use crate::analysis::testkit::{ids, run};
    use crate::model::props::{Classification, Exposure};

    fn node(cidrs: Option<&[&str]>, exposure: Option<Exposure>) -> crate::model::Model {
        cluster_with_node()
            .props("node", |p| {
                p.ingress_cidrs = cidrs.map(|list| list.iter().map(|s| (*s).to_owned()).collect());
                p.exposure = exposure;
            })
            .component_with("pod", K::Pod, Some("node"), |c| c.properties.data = data(Classification::Confidential))
            .build()
    }

    #[test]
    fn fires_for_a_node_open_to_everyone() {
        let private = run(&OpenNodeSecurityGroup, &node(Some(&["10.0.0.0/16", "0.0.0.0/0"]), None));
        assert_eq!(private.len(), 1);
        assert_eq!(private[0].id(), "open-node-security-group@node");
        assert_eq!(private[0].impact, Impact::Major, "confidential pod");
        assert!(private[0].elements().any(|e| e == "pod"));
        let public = run(&OpenNodeSecurityGroup, &node(Some(&["0.0.0.0/0"]), Some(Exposure::Public)));
        assert!(public[0].likelihood > private[0].likelihood);
        assert!(public[0].explanation().contains("from the internet"));
    }

    #[test]
    fn quiet_for_named_ranges_or_nothing_said() {
        assert!(ids(&OpenNodeSecurityGroup, &node(Some(&["10.0.0.0/16"]), None)).is_empty());
        assert!(ids(&OpenNodeSecurityGroup, &node(None, Some(Exposure::Public))).is_empty());
    }
}
