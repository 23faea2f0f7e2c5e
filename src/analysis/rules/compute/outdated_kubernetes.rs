//! `outdated-kubernetes`: an EKS control plane or worker node on a Kubernetes version past the end of EKS standard
//! support at the diagram's as-of date (docs/security-model.md#responsibility-table and #precision).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::rules::compute::nodes::management;
use crate::analysis::rules::compute::versions::{self, EKS_RELEASES, KubernetesSupport, Version, kubernetes_support};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;
use crate::model::props::spec::status_of;
use crate::model::props::{NodeManagement, PatchStatus};

/// The rule.
pub struct OutdatedKubernetes;

static META: RuleMeta = RuleMeta {
    id: "outdated-kubernetes",
    title: "Kubernetes version past standard support",
    description: "An EKS control plane or EC2 worker node whose Kubernetes version is past the end of EKS standard \
        support, judged against the EKS release calendar in the compute rules' version table at the diagram's \
        as-of date (settings.as_of), or at the table's own as-of date when the diagram has none: never the system \
        clock, so the result is deterministic. A version older than every version in the table counts as past \
        support; one newer than the table, or not in it, does not. Upgrading the Kubernetes version is the \
        customer's share even on the AWS-run control plane. While the version is in extended support AWS still \
        ships patches, so the likelihood is one step lower; after extended support ends nothing is patched. \
        Never for EKS Auto Mode nodes, whose kubelet EKS keeps current.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege, Stride::DenialOfService],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Upgrade the cluster one minor version at a time to a version in standard support, then roll the \
                node groups onto it.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Use EKS Auto Mode or Fargate for the data plane so that only the control plane version needs \
                planning.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Review EKS cluster insights (upgrade insights) and alarm when a version nears the end of support.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon EKS User Guide: Understand the Kubernetes version lifecycle on EKS"),
};

impl Rule for OutdatedKubernetes {
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
    fn check_component(&self, cx: &RuleContext<'_>, c: ComponentIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let as_of = versions::as_of(cx.as_of);
        match model.kind(c) {
            K::EksControlPlane => {}
            K::Ec2Node if management(model, c) != NodeManagement::AutoMode => {}
            _ => return,
        }
        let Some(text) = &model.props(c).kubernetes_version else { return };
        let component = model.component(c);
        if status_of(text) == Some(PatchStatus::Outdated) {
            let message = format!(
                "{} runs a Kubernetes version the diagram marks as outdated: it may be out of EKS support, \
                 so nothing patches it.",
                quote::name_of(model, component)
            );
            hits.push(Hit::on(model.component_id(c), message));
            return;
        }
        let Some(version) = Version::parse(text) else { return };
        let (state, extended) = match kubernetes_support(version, as_of) {
            KubernetesSupport::Standard | KubernetesSupport::Unknown => return,
            KubernetesSupport::Extended(release) => (
                format!(
                    "left EKS standard support on {} and is on extended support until {}",
                    release.end_of_standard_support,
                    release.end_of_extended_support()
                ),
                true,
            ),
            KubernetesSupport::Ended(Some(release)) => (
                format!("left EKS extended support on {}: nothing patches it", release.end_of_extended_support()),
                false,
            ),
            KubernetesSupport::Ended(None) => {
                let oldest = EKS_RELEASES.first().map(|r| format!("{}.{}", r.version[0], r.version[1]));
                (format!("is older than {}, the oldest version EKS lists", oldest.unwrap_or_default()), false)
            }
        };
        let hit = Hit::on(
            &component.id,
            format!(
                "{} runs Kubernetes {}, which {state} (as of {as_of}).",
                quote::name_of(model, component),
                text.trim()
            ),
        )
        .likelihood(if extended { -1 } else { 0 });
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::cluster_with_node;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::settings::Date;

    fn cluster(control_plane: &str, node: &str, as_of: Option<&str>) -> TestDiagram {
        let as_of = as_of.map(|d| Date::parse(d).unwrap());
        cluster_with_node()
            .component("cp", K::EksControlPlane, Some("cluster"))
            .props("cp", |p| p.kubernetes_version = Some(control_plane.to_owned()))
            .props("node", |p| p.kubernetes_version = Some(node.to_owned()))
            .edit(|d| d.settings.as_of = as_of)
    }

    #[test]
    fn judges_against_the_diagram_as_of_date() {
        let model = cluster("1.29", "1.29", Some("2025-01-01")).build();
        assert!(ids(&OutdatedKubernetes, &model).is_empty(), "1.29 is in standard support until 2025-03-23");
        let model = cluster("1.29", "1.28", Some("2025-04-01")).build();
        let findings = run(&OutdatedKubernetes, &model);
        assert_eq!(
            findings.iter().map(|f| f.id()).collect::<Vec<_>>(),
            vec!["outdated-kubernetes@cp", "outdated-kubernetes@node"]
        );
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely, "extended support still patches");
        assert!(findings[0].explanation().contains("extended support until 2026-03-23"));
    }

    #[test]
    fn past_extended_support_or_older_than_the_table_is_more_likely() {
        let model = cluster("1.24", "1.19", Some("2025-04-01")).build();
        let findings = run(&OutdatedKubernetes, &model);
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|f| f.likelihood == Likelihood::Possible));
        assert!(findings.iter().any(|f| f.explanation().contains("older than 1.23")));
    }

    #[test]
    fn without_a_diagram_date_the_table_date_is_used() {
        // The table is as of 2025-06-01: 1.30 is still in standard support, 1.28 is not.
        let model = cluster("1.30", "v1.28.5-eks-5e0fdde", None).build();
        assert_eq!(ids(&OutdatedKubernetes, &model), vec!["outdated-kubernetes@node"]);
    }

    #[test]
    fn a_version_marked_outdated_is_flagged() {
        let model = cluster("outdated", "current", Some("2025-04-01")).build();
        assert_eq!(ids(&OutdatedKubernetes, &model), ["outdated-kubernetes@cp"]);
    }

    #[test]
    fn auto_mode_nodes_and_unknown_versions_are_quiet() {
        let model = cluster("1.99", "1.20", Some("2025-04-01"))
            .props("node", |p| p.node_management = Some(NodeManagement::AutoMode))
            .build();
        assert!(ids(&OutdatedKubernetes, &model).is_empty());
        let model = cluster("unknown", "1", Some("2030-01-01")).build();
        assert!(ids(&OutdatedKubernetes, &model).is_empty());
    }
}
