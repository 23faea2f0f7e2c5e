//! `privileged-pod`: a pod (or a container in it) that runs privileged or mounts a host path on an EC2 node, so a
//! breakout into the node is certain once the pod is compromised (docs/security-model.md#blast-breakout).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::compute::nodes::{Mix, NodeWorkloads};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::Properties;
use crate::model::{ComponentIx, ComponentKind as K, Model};

/// The rule.
pub struct PrivilegedPod;

static META: RuleMeta = RuleMeta {
    id: "privileged-pod",
    title: "Privileged or host-mounting pod",
    description: "A pod on an EC2 node (or an ECS service on an EC2 container instance) that runs privileged or \
        mounts a host path, itself or through one of its containers. Once the pod is compromised, taking over the node needs no exploit: the attacker gets the \
        node, its IAM role and every other pod on it. Likelihood is higher than for an unhardened pod; impact is \
        one step higher when the node also runs pods of other bounded contexts, and scales with the most \
        sensitive data on the node. Likelihood rises when the pod is reachable from the internet. One finding \
        per pod. Not on Fargate: Fargate refuses privileged pods, tasks and host paths, so such a pod never starts and \
        there is no breakout to report.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Likely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Enforce Pod Security Admission at the baseline or restricted level on the namespace, which \
                rejects privileged pods and host paths.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Drop privileged and hostPath from the pod spec; grant only the single Linux capability or CSI \
                volume the workload needs.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alert on privileged containers and host mounts with GuardDuty EKS Runtime Monitoring or \
                Kubernetes audit logs.",
        },
    ],
    thresholds: &[],
    reference: Some("CIS Amazon EKS Benchmark: Minimize the admission of privileged containers"),
};

/// What makes a pod or container dangerous, in words.
fn danger(props: &Properties) -> Option<&'static str> {
    match (props.privileged == Some(true), props.host_path_mount == Some(true)) {
        (true, true) => Some("runs privileged and mounts a host path"),
        (true, false) => Some("runs privileged"),
        (false, true) => Some("mounts a host path"),
        (false, false) => None,
    }
}

/// The pod's own danger, or else the first dangerous container's, with the containers that have one.
fn pod_danger(model: &Model, pod: ComponentIx) -> Option<(&'static str, Vec<ComponentIx>)> {
    let containers: Vec<ComponentIx> = model
        .children(pod)
        .iter()
        .copied()
        .filter(|&c| model.kind(c) == K::Container && danger(model.props(c)).is_some())
        .collect();
    let what = danger(model.props(pod)).or_else(|| containers.first().and_then(|&c| danger(model.props(c))))?;
    Some((what, containers))
}

impl Rule for PrivilegedPod {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        let workloads = NodeWorkloads::new(model, facts);
        for (node, on) in workloads.iter() {
            let mut mix = None;
            for &pod in on.iter().filter(|&&w| matches!(model.kind(w), K::Pod | K::EcsService)) {
                let Some((what, containers)) = pod_danger(model, pod) else { continue };
                let mix = *mix.get_or_insert_with(|| Mix::of(model, facts, on));
                let (component, host) = (model.component(pod), model.component(node));
                let through = match containers.as_slice() {
                    [] => String::new(),
                    [one] => format!(" (container {})", quote::name(model, *one)),
                    more => format!(" ({} containers)", more.len()),
                };
                let others = on.len().saturating_sub(1);
                let hit = Hit::on(
                    &component.id,
                    format!(
                        "{} {what}{through} on node {}: once it is compromised, taking over the node, its IAM role \
                         and the {others} other workload(s) on it needs no exploit.",
                        quote::name_of(model, component),
                        quote::name_of(model, host)
                    ),
                )
                .with_elements([&host.id])
                .with_elements(containers.iter().map(|&c| model.component_id(c)))
                .with_data(mix.highest)
                .exposed(facts.is_internet_facing(pod))
                .impact(i8::from(mix.shares_contexts()));
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

    #[test]
    fn fires_for_a_privileged_pod_and_a_host_mounting_container() {
        let model = cluster_with_node()
            .component_with("agent", K::Pod, Some("node"), |c| c.properties.privileged = Some(true))
            .component("logs", K::Pod, Some("node"))
            .component_with("shipper", K::Container, Some("logs"), |c| c.properties.host_path_mount = Some(true))
            .build();
        let findings = run(&PrivilegedPod, &model);
        let found: Vec<&str> = findings.iter().map(|f| f.id()).collect();
        assert_eq!(found, vec!["privileged-pod@agent", "privileged-pod@logs"]);
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Likely, Impact::Moderate));
        let logs = &findings[1];
        assert!(logs.explanation().contains("mounts a host path (container shipper)"));
        assert!(logs.elements().any(|e| e == "shipper"));
    }

    #[test]
    fn impact_rises_when_other_contexts_share_the_node() {
        let model = cluster_with_node()
            .component_with("agent", K::Pod, Some("node"), |c| c.properties.privileged = Some(true))
            .component("pay", K::Pod, Some("node"))
            .context("ops", &["agent"])
            .context("payments", &["pay"])
            .build();
        let findings = run(&PrivilegedPod, &model);
        assert_eq!(findings[0].impact, Impact::Major);
        assert!(findings[0].explanation().contains("the 1 other workload(s)"));
    }

    #[test]
    fn unprivileged_pods_are_quiet() {
        let model = cluster_with_node()
            .component_with("web", K::Pod, Some("node"), |c| {
                c.properties.privileged = Some(false);
                c.properties.hardened = Some(false);
            })
            .component("box", K::Container, Some("web"))
            .build();
        assert!(ids(&PrivilegedPod, &model).is_empty());
    }

    #[test]
    fn fargate_pods_are_quiet() {
        let model = TestDiagram::new()
            .component("cluster", K::EksCluster, None)
            .component("fargate", K::FargateProfile, Some("cluster"))
            .component_with("agent", K::Pod, Some("fargate"), |c| c.properties.privileged = Some(true))
            .build();
        assert!(ids(&PrivilegedPod, &model).is_empty());
    }
}
