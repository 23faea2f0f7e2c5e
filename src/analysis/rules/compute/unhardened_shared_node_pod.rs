//! `unhardened-shared-node-pod`: a pod that is not hardened on an EC2 node shared with pods of other bounded
//! contexts. Hardening lowers the odds of a breakout; it does not remove the edge (docs/security-model.md#blast-breakout).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::compute::nodes::{Mix, NodeWorkloads};
use crate::analysis::rules::compute::versions::{CONTAINERD_MINIMUM, containerd_version};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{ComponentIx, ComponentKind as K, Model};

/// The rule.
pub struct UnhardenedSharedNodePod;

static META: RuleMeta = RuleMeta {
    id: "unhardened-shared-node-pod",
    title: "Unhardened pod on a shared node",
    description: "A pod that is not hardened (not marked as running non-root with a read-only root file system, \
        dropped capabilities and a seccomp profile, itself or in all its containers) on an EC2 node that also \
        runs pods of other bounded contexts (two or more contexts on the node). A compromised pod needs a kernel \
        or runtime exploit to break out, which hardening makes harder but does not rule out; the likelihood is \
        therefore below privileged-pod's, and one step higher when the node's container runtime is known to be \
        outdated. Privileged and host-mounting pods are left to privileged-pod. Impact scales with the most \
        sensitive data on the node; likelihood rises when the pod is reachable from the internet. Never on \
        Fargate.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Harden the pod's security context: runAsNonRoot, readOnlyRootFilesystem, drop all capabilities, \
                allowPrivilegeEscalation false and the RuntimeDefault seccomp profile.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Enforce Pod Security Admission at the restricted level, or give each bounded context its own \
                node group.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Detect container escapes with GuardDuty EKS Runtime Monitoring.",
        },
    ],
    thresholds: &[],
    reference: Some("CIS Amazon EKS Benchmark: Apply Security Context to Your Pods and Containers"),
};

/// Hardened itself, or (saying nothing) through every one of its containers.
fn is_hardened(model: &Model, pod: ComponentIx) -> bool {
    match model.props(pod).hardened {
        Some(hardened) => hardened,
        None => {
            let mut containers = model.children(pod).iter().filter(|&&c| model.kind(c) == K::Container).peekable();
            containers.peek().is_some() && containers.all(|&c| model.props(c).hardened == Some(true))
        }
    }
}

/// Privileged or mounting the host, itself or through a container: privileged-pod's case.
fn is_privileged(model: &Model, pod: ComponentIx) -> bool {
    std::iter::once(pod).chain(model.children(pod).iter().copied()).any(|c| {
        let props = model.props(c);
        props.privileged == Some(true) || props.host_path_mount == Some(true)
    })
}

impl Rule for UnhardenedSharedNodePod {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        let workloads = NodeWorkloads::new(model, facts);
        for (node, on) in workloads.iter() {
            let mix = Mix::of(model, facts, on);
            if !mix.shares_contexts() {
                continue;
            }
            let runtime_outdated = model
                .props(node)
                .container_runtime_version
                .as_deref()
                .and_then(containerd_version)
                .is_some_and(|v| v.is_below(&CONTAINERD_MINIMUM));
            let host = model.component(node);
            // The known contexts of the node's workloads, sorted, to count the others of each pod's context.
            let mut contexts: Vec<usize> = on.iter().filter_map(|&w| model.context(w)).collect();
            crate::sorting::sort(&mut contexts);
            for &pod in on {
                if model.kind(pod) != K::Pod || is_hardened(model, pod) || is_privileged(model, pod) {
                    continue;
                }
                let same = model
                    .context(pod)
                    .map_or(0, |own| contexts.partition_point(|&c| c <= own) - contexts.partition_point(|&c| c < own));
                let others = contexts.len() - same;
                let component = model.component(pod);
                let hit = Hit::on(
                    &component.id,
                    format!(
                        "{} is not hardened and shares node {} with {} workload(s) of other bounded contexts: a \
                         kernel or runtime exploit from it reaches them.",
                        quote::name_of(model, component),
                        quote::name_of(model, host),
                        others
                    ),
                )
                .with_elements([&host.id])
                .with_data(mix.highest)
                .exposed(facts.is_internet_facing(pod))
                .likelihood(i8::from(runtime_outdated));
                hits.push(hit);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::cluster_with_node;
    use crate::analysis::testkit::{TestDiagram, ids, run};

    fn shared_node() -> TestDiagram {
        cluster_with_node()
            .component("web", K::Pod, Some("node"))
            .component_with("pay", K::Pod, Some("node"), |c| c.properties.hardened = Some(true))
            .context("shop", &["web"])
            .context("payments", &["pay"])
    }

    #[test]
    fn fires_for_the_unhardened_pod_only() {
        let findings = run(&UnhardenedSharedNodePod, &shared_node().build());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "unhardened-shared-node-pod@web");
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely);
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["node", "web"]);
        assert!(findings[0].explanation().contains("with 1 workload(s) of other bounded contexts"));
    }

    #[test]
    fn an_outdated_runtime_raises_the_likelihood() {
        let model = shared_node().props("node", |p| p.container_runtime_version = Some("1.6.0".into())).build();
        assert_eq!(run(&UnhardenedSharedNodePod, &model)[0].likelihood, Likelihood::Possible);
    }

    #[test]
    fn hardening_in_every_container_counts() {
        let model = shared_node()
            .component_with("a", K::Container, Some("web"), |c| c.properties.hardened = Some(true))
            .component_with("b", K::Container, Some("web"), |c| c.properties.hardened = Some(true))
            .build();
        assert!(ids(&UnhardenedSharedNodePod, &model).is_empty());
        let model = shared_node()
            .component_with("a", K::Container, Some("web"), |c| c.properties.hardened = Some(true))
            .component("b", K::Container, Some("web"))
            .build();
        assert_eq!(ids(&UnhardenedSharedNodePod, &model), vec!["unhardened-shared-node-pod@web"]);
    }

    #[test]
    fn a_node_of_one_context_or_a_privileged_pod_is_left_alone() {
        let model = cluster_with_node()
            .component("web", K::Pod, Some("node"))
            .component("api", K::Pod, Some("node"))
            .context("shop", &["node"])
            .build();
        assert!(ids(&UnhardenedSharedNodePod, &model).is_empty());
        let model = shared_node().props("web", |p| p.privileged = Some(true)).build();
        assert!(ids(&UnhardenedSharedNodePod, &model).is_empty());
    }
}
