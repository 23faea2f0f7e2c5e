//! `overprivileged-service-account`: a pod mounts a service-account token whose RBAC hands over other workloads,
//! secrets or the whole cluster (docs/security-model.md#blast-kubernetes).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;
use crate::model::Named as _;
use crate::model::props::KubernetesPermission as Perm;

/// The rule.
pub struct OverprivilegedServiceAccount;

static META: RuleMeta = RuleMeta {
    id: "overprivileged-service-account",
    title: "Pod token grants too much",
    description: "A pod whose Kubernetes service-account token is mounted (the default) while the account's RBAC \
        grants cluster-admin, unrestricted pod creation, exec into pods or reading Secrets. Whoever compromises \
        the pod uses the token against the Kubernetes API: cluster-admin gives every node, pod, secret and role \
        (impact two steps up); creating pods gives any node, and reading Secrets gives what they authenticate \
        (one step up); exec gives the namespace's pods. The worst permission sets the impact. Quiet when the \
        token is not mounted. Likelihood rises when the pod is reachable from the internet. Applies on EC2 nodes \
        and Fargate alike.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Set automountServiceAccountToken: false on pods that do not call the Kubernetes API.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Bind the service account to a Role with only the verbs and resources it needs; never bind \
                cluster-admin to a workload.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Turn on EKS audit logging and alert on secret reads, exec and pod creation by workload \
                service accounts (GuardDuty EKS Protection).",
        },
    ],
    thresholds: &[],
    reference: Some("CIS Amazon EKS Benchmark: Minimize access to secrets; Limit use of the cluster-admin role"),
};

/// How far a permission raises the impact, and what it gives.
fn weight(permission: Perm) -> (i8, &'static str) {
    match permission {
        Perm::ClusterAdmin => (2, "every node, pod, secret and role in the cluster"),
        Perm::CreatePods => (1, "any node, by scheduling a pod onto it"),
        Perm::ReadSecrets => (1, "the Secrets it can read and what they authenticate"),
        Perm::ExecPods => (0, "the other pods of its namespace"),
    }
}

impl Rule for OverprivilegedServiceAccount {
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
        if model.kind(pod) != K::Pod {
            return;
        }
        let Some(account) = &model.props(pod).service_account else { return };
        if !account.automount_token {
            return;
        }
        // Permissions are sorted; the worst is the one with the highest weight (ties: the first listed).
        let Some(&worst) = account.permissions.iter().max_by_key(|&&p| (weight(p).0, std::cmp::Reverse(p))) else {
            return;
        };
        let granted: Vec<&str> = account.permissions.iter().map(|p| p.as_str()).collect();
        let (steps, gives) = weight(worst);
        let component = model.component(pod);
        let hit = Hit::on(
            &component.id,
            format!(
                "{} mounts a service-account token granting {}: whoever compromises it gets {gives}.",
                quote::name_of(model, component),
                granted.join(", ")
            ),
        )
        .with_elements(cx.facts.cluster(pod).map(|c| model.component_id(c)))
        .exposed(cx.facts.is_internet_facing(pod))
        .impact(steps);
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::cluster_with_node;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::ServiceAccount;

    fn pod_with(automount: bool, permissions: &[Perm]) -> TestDiagram {
        let account = ServiceAccount { automount_token: automount, permissions: permissions.to_vec() };
        cluster_with_node()
            .component_with("web", K::Pod, Some("node"), |c| c.properties.service_account = Some(account))
    }

    #[test]
    fn severity_follows_the_worst_permission() {
        let cases = [
            (vec![Perm::ExecPods], Impact::Moderate),
            (vec![Perm::ReadSecrets, Perm::ExecPods], Impact::Major),
            (vec![Perm::CreatePods], Impact::Major),
            (vec![Perm::ReadSecrets, Perm::ClusterAdmin], Impact::Severe),
        ];
        for (permissions, impact) in cases {
            let model = pod_with(true, &permissions).build();
            let findings = run(&OverprivilegedServiceAccount, &model);
            assert_eq!(findings.len(), 1);
            assert_eq!(findings[0].id(), "overprivileged-service-account@web");
            assert_eq!(findings[0].impact, impact, "{permissions:?}");
            assert!(findings[0].elements().any(|e| e == "cluster"));
        }
        let findings = run(&OverprivilegedServiceAccount, &pod_with(true, &[Perm::ClusterAdmin]).build());
        assert!(findings[0].explanation().contains("granting cluster-admin: whoever compromises it gets every node"));
        assert_eq!(Perm::ClusterAdmin.as_str(), "cluster-admin");
    }

    #[test]
    fn an_unmounted_token_keeps_it_quiet() {
        assert!(ids(&OverprivilegedServiceAccount, &pod_with(false, &[Perm::ClusterAdmin]).build()).is_empty());
    }

    #[test]
    fn the_default_account_has_no_permissions_and_is_quiet() {
        let model = cluster_with_node().component("web", K::Pod, Some("node")).build();
        assert!(ids(&OverprivilegedServiceAccount, &model).is_empty());
    }
}
