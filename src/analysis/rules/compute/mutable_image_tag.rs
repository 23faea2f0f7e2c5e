//! `mutable-image-tag`: a workload runs images from a public registry or a person's account by a tag that can move,
//! so whoever controls that registry decides what code runs next (docs/security-model.md#responsibility-table,
//! artifacts layer).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::compute::nodes::workload_data;
use crate::analysis::rules::compute::registry::RegistryReads;
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{ComponentIx, ComponentKind as K, Model};

/// The rule.
pub struct MutableImageTag;

static META: RuleMeta = RuleMeta {
    id: "mutable-image-tag",
    title: "Images pulled by a mutable tag from a registry outside the organisation",
    description: "A workload runs images from a public registry or a person's own account by a tag (latest, 1.2) \
        rather than a digest: whoever publishes there, or takes over that account, moves the tag and the next task \
        start, scale-out or node replacement runs their code with the workload's role and data. Fires for a pod, \
        container, ECS service, image-packaged Lambda function or generic service that pulls (images link, or a \
        data-read flow from it, its pod or its node) from an external-registry whose registry_type is public or \
        personal, and whose images are not pinned (image_pinned false; a container that does not say follows its \
        pod). One finding per workload, with the registries. Quiet when the pinning or the registry type is not \
        said, and for the organisation's own registries. Impact scales with the workload's data; likelihood rises \
        when it is reachable from the internet.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::Tampering, Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Possible,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Reference images by digest (image@sha256:...) in the task definition or pod spec, and update \
                the digest through reviewed changes.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Copy third-party images into the organisation's ECR (an ECR pull-through cache with immutable \
                tags), scan them there, and admit only images from it.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm when a running task or pod reports an image digest that differs from the one deployed.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon ECS best practices: image tags and digests; Amazon ECR: pull through cache rules"),
};

/// Whether the workload's images are pinned: its own word, else (for a container) its pod's.
fn pinned(model: &Model, workload: ComponentIx) -> Option<bool> {
    let own = model.props(workload).image_pinned;
    if own.is_none() && model.kind(workload) == K::Container {
        return model.parent(workload).and_then(|pod| model.props(pod).image_pinned);
    }
    own
}

/// Whether someone outside the organisation controls what the registry's tags point to.
fn outside_control(model: &Model, registry: ComponentIx) -> bool {
    model.kind(registry) == K::ExternalRegistry
        && model.props(registry).registry_type.is_some_and(|registry_type| registry_type.outside_control())
}

impl Rule for MutableImageTag {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        let reads = RegistryReads::new(model);
        let mut pulled = Vec::new();
        for workload in super::images::image_runners(model) {
            if pinned(model, workload) != Some(false) {
                continue;
            }
            reads.pulled_by(model, facts, workload, &mut pulled);
            pulled.retain(|&r| outside_control(model, r));
            if pulled.is_empty() {
                continue;
            }
            let component = model.component(workload);
            let registries: Vec<String> = pulled
                .iter()
                .map(|&r| {
                    let registry = model.component(r);
                    let registry_type = registry.properties.registry_type.map(|t| t.to_string()).unwrap_or_default();
                    format!("{} ({registry_type})", quote::name_of(model, registry))
                })
                .collect();
            hits.push(
                Hit::on(
                    &component.id,
                    format!(
                        "{} runs images from {} by a mutable tag: whoever controls that registry decides what it \
                         runs next.",
                        quote::name_of(model, component),
                        registries.join(" and ")
                    ),
                )
                .with_elements(pulled.iter().map(|&r| model.component_id(r)))
                .with_data(workload_data(model, workload))
                .exposed(facts.is_internet_facing(workload)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, id, ids, run};
    use crate::model::Pattern;
    use crate::model::props::{Classification, DataProfile, RegistryType};

    fn ecs(registry: Option<RegistryType>, pinned: Option<bool>) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component("ecs", K::EcsCluster, Some("vpc"))
            .component_with("hub", K::ExternalRegistry, None, |c| c.properties.registry_type = registry)
            .component_with("web", K::EcsService, Some("ecs"), |c| {
                c.images = vec![id("hub")];
                c.properties.image_pinned = pinned;
                c.properties.data = Some(DataProfile {
                    classification: Classification::Restricted,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
            })
    }

    #[test]
    fn fires_for_a_public_or_personal_registry_and_a_mutable_tag() {
        for registry in [RegistryType::Public, RegistryType::Personal] {
            let model = ecs(Some(registry), Some(false)).build();
            let findings = run(&MutableImageTag, &model);
            assert_eq!(findings.len(), 1);
            assert_eq!(findings[0].id(), "mutable-image-tag@web");
            assert_eq!(findings[0].elements().map(ToString::to_string).collect::<Vec<_>>(), ["hub", "web"]);
            assert!(findings[0].explanation().contains(&format!("hub ({registry}) by a mutable tag")));
            assert_eq!(findings[0].impact, Impact::Severe, "restricted data");
        }
    }

    #[test]
    fn quiet_when_pinned_unsaid_or_the_organisations_own() {
        assert!(ids(&MutableImageTag, &ecs(Some(RegistryType::Public), Some(true)).build()).is_empty());
        assert!(ids(&MutableImageTag, &ecs(Some(RegistryType::Public), None).build()).is_empty());
        assert!(ids(&MutableImageTag, &ecs(None, Some(false)).build()).is_empty());
        assert!(ids(&MutableImageTag, &ecs(Some(RegistryType::Organisation), Some(false)).build()).is_empty());
    }

    #[test]
    fn a_container_follows_its_pod_and_a_node_read_counts() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("eks", K::EksCluster, Some("acct"))
            .component("node", K::Ec2Node, Some("eks"))
            .component_with("pod", K::Pod, Some("node"), |c| c.properties.image_pinned = Some(false))
            .component("app", K::Container, Some("pod"))
            .component_with("hub", K::ExternalRegistry, None, |c| {
                c.properties.registry_type = Some(RegistryType::Personal);
            })
            .flow("node", "hub", Pattern::DataRead)
            .build();
        assert_eq!(ids(&MutableImageTag, &model), vec!["mutable-image-tag@app", "mutable-image-tag@pod"]);
    }
}
