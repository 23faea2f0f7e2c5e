//! `unsigned-images`: workloads run container images whose signatures nobody verifies, or a registry holds unsigned
//! images, so tampering in the registry or in transit goes unnoticed (docs/security-model.md#responsibility-table, artifacts layer). The
//! shared check is in `images`.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::compute::images::{self, Wording};
use crate::analysis::severity::{Impact, Likelihood};

/// The rule.
pub struct UnsignedImages;

static META: RuleMeta = RuleMeta {
    id: "unsigned-images",
    title: "Image signatures not verified",
    description: "Workloads run container images without a verified signature, so an image replaced in the \
        registry or in transit runs with the workload's identity and nobody notices. Fires for a pod, container or \
        image-packaged Lambda function whose images are not signed and verified (image_signed false), and for an \
        ECR registry whose images are not signed. Workloads are linked to registries by their images link (or a \
        data-read flow from the workload, its pod or its node to the registry). A workload's own setting decides for it; when it says \
        nothing, a linked registry without signing decides. One finding per registry when the registry is drawn \
        (with the workloads pulling unverified images from it), else one per workload. A registry without \
        signing stays quiet when every drawn workload pulling from it verifies signatures itself. Unspecified on \
        both sides: quiet. Tampering needs write access to the registry or a foothold on the path, so the base \
        likelihood is low; impact scales with the most sensitive data of those workloads.",
    cia: &[Cia::Integrity, Cia::Confidentiality],
    stride: &[Stride::Tampering, Stride::Spoofing],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Sign images in the pipeline (AWS Signer with Notation, or Sigstore cosign) and verify the \
                signature at admission; turn on code signing for Lambda functions.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Make ECR tags immutable and let only the build pipeline's role push images.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alert on ecr:PutImage calls from unexpected principals in CloudTrail.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon EKS Best Practices Guide: Image security (sign and verify images)"),
};

static WORDING: Wording = Wording {
    flag: |props| props.image_signed,
    lacking: "whose signatures are not verified",
    registry_lacks: "sign its images",
    consequence: "an image tampered with in the registry or in transit runs unnoticed",
};

impl Rule for UnsignedImages {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        images::check(cx, hits, &WORDING);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::cluster_with_node;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::{ComponentKind as K, Pattern};

    fn pod_pulling(registry: Option<bool>, pod: Option<bool>) -> TestDiagram {
        cluster_with_node()
            .component_with("images", K::EcrRegistry, Some("acct"), |c| c.properties.image_signed = registry)
            .component_with("web", K::Pod, Some("node"), |c| c.properties.image_signed = pod)
            .component("box", K::Container, Some("web"))
            .flow("web", "images", Pattern::DataRead)
    }

    #[test]
    fn fires_per_registry_for_unsigned_images() {
        let model = pod_pulling(Some(false), None).build();
        let findings = run(&UnsignedImages, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "unsigned-images@images");
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["images", "web"], "the container follows its pod");
        let model = pod_pulling(None, Some(true)).props("box", |p| p.image_signed = Some(false)).build();
        let findings = run(&UnsignedImages, &model);
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["box", "images"], "a container that says otherwise pulls through its pod");
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Unlikely, Impact::Major));
    }

    #[test]
    fn verification_on_the_workload_keeps_it_quiet() {
        let model = pod_pulling(Some(false), Some(true)).build();
        assert!(ids(&UnsignedImages, &model).is_empty());
    }

    #[test]
    fn unspecified_is_quiet_and_a_lone_workload_is_its_own_subject() {
        assert!(ids(&UnsignedImages, &pod_pulling(None, None).build()).is_empty());
        let model = TestDiagram::new()
            .component("cluster", K::EksCluster, None)
            .component("fargate", K::FargateProfile, Some("cluster"))
            .component_with("job", K::Pod, Some("fargate"), |c| c.properties.image_signed = Some(false))
            .build();
        assert_eq!(ids(&UnsignedImages, &model), vec!["unsigned-images@job"]);
    }
}
