//! `unscanned-images`: workloads run container images nobody scans for known vulnerabilities, or a registry does not
//! scan on push (docs/security-model.md#responsibility-table, artifacts layer). The shared check is in `images`.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::compute::images::{self, Wording};
use crate::analysis::severity::{Impact, Likelihood};

/// The rule.
pub struct UnscannedImages;

static META: RuleMeta = RuleMeta {
    id: "unscanned-images",
    title: "Images not scanned for vulnerabilities",
    description: "Workloads run container images that nobody scans for known vulnerabilities, so images with \
        exploitable CVEs reach production unnoticed. Fires for a pod, container or image-packaged Lambda function \
        whose images are not scanned (image_scanned false), and for an ECR registry that does not scan on push. \
        Workloads are linked to registries by their images link (or a data-read flow from the workload, its pod \
        or its node to the registry). A workload's own setting decides for it; when it says nothing, a linked registry that does not \
        scan decides. One finding per registry when the registry is drawn (with the workloads pulling unscanned \
        images from it), else one per workload. A registry that does not scan stays quiet when every drawn \
        workload pulling from it scans its images itself. Unspecified on both sides: quiet. Impact scales with \
        the most sensitive data of those workloads; likelihood rises when one is reachable from the internet.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::Tampering, Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Turn on ECR scan on push (enhanced scanning with Amazon Inspector) and fail the build on \
                critical findings.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Admit only images from registries that scan, and block images with critical findings at \
                admission.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Rescan running images continuously (Inspector) and alarm on new critical CVEs.",
        },
    ],
    thresholds: &[],
    reference: Some("CIS Amazon EKS Benchmark: Ensure image vulnerability scanning using Amazon ECR image scanning"),
};

static WORDING: Wording = Wording {
    flag: |props| props.image_scanned,
    lacking: "that are not scanned for known vulnerabilities",
    registry_lacks: "scan images on push",
    consequence: "images with known vulnerabilities run unnoticed",
};

impl Rule for UnscannedImages {
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
    use crate::analysis::rules::compute::testing::{cluster_with_node, data};
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{Classification, PackageType};
    use crate::model::{ComponentKind as K, Pattern};

    fn pods_pulling(registry: Option<bool>, web: Option<bool>, api: Option<bool>) -> TestDiagram {
        cluster_with_node()
            .component_with("images", K::EcrRegistry, Some("acct"), |c| c.properties.image_scanned = registry)
            .component_with("web", K::Pod, Some("node"), |c| c.properties.image_scanned = web)
            .component_with("api", K::Pod, Some("node"), |c| c.properties.image_scanned = api)
            .flow("node", "images", Pattern::DataRead)
    }

    #[test]
    fn one_finding_per_registry_with_the_workloads_pulling_unscanned_images() {
        let model =
            pods_pulling(Some(false), None, None).props("api", |p| p.data = data(Classification::Restricted)).build();
        let findings = run(&UnscannedImages, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "unscanned-images@images");
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["api", "images", "web"]);
        assert!(findings[0].explanation().contains("api and web pull images"));
        assert!(findings[0].explanation().contains("does not scan images on push"));
        assert_eq!(findings[0].impact, Impact::Severe);
    }

    #[test]
    fn a_workload_that_says_so_fires_through_a_scanning_registry_too() {
        let model = pods_pulling(None, Some(false), None).build();
        let findings = run(&UnscannedImages, &model);
        assert_eq!(findings[0].id(), "unscanned-images@images");
        assert_eq!(findings[0].elements().len(), 2, "only web lacks scanning");
    }

    #[test]
    fn a_container_that_says_nothing_follows_its_pod() {
        let with_sidecar_in = |pod| {
            pods_pulling(Some(false), None, Some(true))
                .component("sidecar", K::Container, Some(pod))
                .component_with("other", K::EcrRegistry, Some("acct"), |c| c.properties.image_scanned = Some(false))
                .flow("sidecar", "other", Pattern::DataRead)
                .build()
        };
        let model = with_sidecar_in("api");
        assert_eq!(ids(&UnscannedImages, &model), vec!["unscanned-images@images"], "api scans, so its sidecar does");
        let model = with_sidecar_in("web");
        let found: Vec<(String, Vec<String>)> = run(&UnscannedImages, &model)
            .into_iter()
            .map(|f| (f.id().to_owned(), f.elements().map(ToString::to_string).collect()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("unscanned-images@images".to_owned(), vec!["images".to_owned(), "web".to_owned()]),
                ("unscanned-images@other".to_owned(), vec!["other".to_owned(), "sidecar".to_owned()]),
            ]
        );
    }

    #[test]
    fn workloads_that_scan_themselves_keep_the_registry_quiet() {
        let model = pods_pulling(Some(false), Some(true), Some(true)).build();
        assert!(ids(&UnscannedImages, &model).is_empty());
    }

    #[test]
    fn unspecified_on_both_sides_is_quiet() {
        assert!(ids(&UnscannedImages, &pods_pulling(None, None, None).build()).is_empty());
        assert!(ids(&UnscannedImages, &pods_pulling(Some(true), None, None).build()).is_empty());
    }

    #[test]
    fn without_a_drawn_registry_the_workload_is_the_subject() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("fn", K::Lambda, Some("acct"), |c| {
                c.properties.package_type = Some(PackageType::Image);
                c.properties.image_scanned = Some(false);
            })
            .component_with("zip", K::Lambda, Some("acct"), |c| c.properties.image_scanned = Some(false))
            .component_with("lonely", K::EcrRegistry, Some("acct"), |c| c.properties.image_scanned = Some(false))
            .build();
        assert_eq!(ids(&UnscannedImages, &model), vec!["unscanned-images@fn", "unscanned-images@lonely"]);
    }
}
