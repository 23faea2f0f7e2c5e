//! `mixed-trust-node`: one EC2 node runs workloads of different bounded contexts or of very different sensitivity,
//! so a breakout from the weakest reaches the others (docs/security-model.md#blast-breakout).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::compute::nodes::{Mix, NodeWorkloads};
use crate::analysis::rules::compute::versions::{CONTAINERD_MINIMUM, containerd_version};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::Classification;

/// The rule.
pub struct MixedTrustNode;

static META: RuleMeta = RuleMeta {
    id: "mixed-trust-node",
    title: "Node shared across trust levels",
    description: "One EC2 worker node runs pods (or processes) of two or more bounded contexts, or confidential or \
        restricted data next to public or internal data. All share one kernel, so a container breakout from the \
        weakest pod gives the node and every other pod on it: their service-account tokens, pod credentials and \
        mounted secrets. A breakout needs an exploit, so the base likelihood is low; it is one step higher when \
        the node's container runtime is known to be outdated. Workloads without a context or classification \
        count for neither side. One finding per node. Never for Fargate, where each pod has its own micro-VM. \
        Impact scales with the most sensitive data on the node; likelihood rises when a pod on it is reachable \
        from the internet.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::ElevationOfPrivilege, Stride::InformationDisclosure],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Give each bounded context or sensitivity level its own node group (taints and tolerations, node \
                affinity), or run the sensitive pods on Fargate.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Harden every pod (non-root, read-only root file system, dropped capabilities, seccomp) and \
                enforce it with Pod Security Admission at the restricted level; keep the runtime current.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Detect container escapes with GuardDuty EKS Runtime Monitoring.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon EKS Best Practices Guide: Multi-tenancy (isolating tenant workloads to specific nodes)"),
};

impl Rule for MixedTrustNode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        let workloads = NodeWorkloads::new(model, facts);
        for (node, on) in workloads.iter() {
            let mix = Mix::of(model, facts, on);
            let (contexts, sensitivity) = (mix.shares_contexts(), mix.mixes_sensitivity());
            if !contexts && !sensitivity {
                continue;
            }
            let mut reasons = Vec::new();
            if contexts {
                let mut ids: Vec<usize> = on.iter().filter_map(|&w| model.context(w)).collect();
                crate::sorting::sort(&mut ids);
                ids.dedup();
                let names: Vec<&str> =
                    ids.iter().filter_map(|&i| model.diagram().contexts.get(i)).map(|c| c.name.as_str()).collect();
                reasons.push(format!("pods of bounded contexts {}", names.join(", ")));
            }
            if sensitivity {
                let (high, low) = (
                    mix.highest.unwrap_or(Classification::Confidential),
                    mix.lowest.unwrap_or(Classification::Internal),
                );
                reasons.push(format!("{high} data next to {low} data"));
            }
            let runtime_outdated = model
                .props(node)
                .container_runtime_version
                .as_deref()
                .and_then(containerd_version)
                .is_some_and(|v| v.is_below(&CONTAINERD_MINIMUM));
            let component = model.component(node);
            let hit = Hit::on(
                &component.id,
                format!(
                    "{} runs {} on one kernel: a breakout from the weakest pod reaches the others.",
                    quote::name_of(model, component),
                    reasons.join(" and ")
                ),
            )
            .with_elements(on.iter().map(|&w| model.component_id(w)))
            .with_data(mix.highest)
            .exposed(mix.internet_facing)
            .likelihood(i8::from(runtime_outdated));
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::{cluster_with_node, data};
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::ComponentKind as K;

    fn two_pods() -> TestDiagram {
        cluster_with_node().component("web", K::Pod, Some("node")).component("pay", K::Pod, Some("node"))
    }

    #[test]
    fn fires_once_per_node_for_two_contexts() {
        let model = two_pods().context("shop", &["web"]).context("payments", &["pay"]).build();
        let findings = run(&MixedTrustNode, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "mixed-trust-node@node");
        assert_eq!(findings[0].elements().len(), 3);
        assert!(findings[0].explanation().contains("payments, shop"));
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Unlikely, Impact::Moderate));
    }

    #[test]
    fn fires_for_mixed_sensitivity_with_impact_from_the_most_sensitive() {
        let model = two_pods()
            .props("web", |p| p.data = data(Classification::Public))
            .props("pay", |p| p.data = data(Classification::Restricted))
            .props("node", |p| p.container_runtime_version = Some("1.6.2".into()))
            .build();
        let findings = run(&MixedTrustNode, &model);
        assert!(findings[0].explanation().contains("restricted data next to public data"));
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Possible, Impact::Severe));
    }

    #[test]
    fn one_context_or_similar_sensitivity_is_quiet() {
        let model = two_pods()
            .context("shop", &["node"])
            .props("web", |p| p.data = data(Classification::Confidential))
            .props("pay", |p| p.data = data(Classification::Restricted))
            .build();
        assert!(ids(&MixedTrustNode, &model).is_empty());
        let model = two_pods().context("shop", &["web"]).build();
        assert!(ids(&MixedTrustNode, &model).is_empty(), "an unassigned pod counts for neither side");
    }

    #[test]
    fn fargate_pods_never_share_a_node() {
        let model = TestDiagram::new()
            .component("cluster", K::EksCluster, None)
            .component("fargate", K::FargateProfile, Some("cluster"))
            .component("web", K::Pod, Some("fargate"))
            .component("pay", K::Pod, Some("fargate"))
            .context("shop", &["web"])
            .context("payments", &["pay"])
            .build();
        assert!(ids(&MixedTrustNode, &model).is_empty());
    }
}
