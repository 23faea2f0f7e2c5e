//! `public-cloudfront-origin`: a CloudFront distribution reads an S3 bucket without origin access control, so the
//! bucket must be readable by everyone and anyone can go around the distribution (and its WAF) straight to it.

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::{Classification, OriginAccess};
use crate::model::{ComponentIx, ComponentKind as K, Pattern};

/// The rule.
pub struct PublicCloudfrontOrigin;

static META: RuleMeta = RuleMeta {
    id: "public-cloudfront-origin",
    title: "S3 origin readable without CloudFront",
    description: "Without origin access control (or the legacy origin access identity) CloudFront reads an S3 \
        origin as an anonymous client, so the bucket has to allow public reads: anyone can fetch its objects \
        directly, bypassing the distribution's WAF, signed URLs, geo restrictions and logs. Fires for a data-read \
        flow from a CloudFront distribution whose origin_access is none to an S3 bucket whose data is not public. \
        One finding per bucket, with the distributions. Impact scales with the bucket's data.",
    cia: &[Cia::Confidentiality],
    stride: &[Stride::InformationDisclosure],
    likelihood: Likelihood::Likely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Give the distribution an origin access control and a bucket policy that admits only that \
                distribution (aws:SourceArn), then turn S3 Block Public Access back on.",
        },
        Control { kind: ControlKind::Blunt, text: "Keep S3 Block Public Access on at the account level." },
        Control {
            kind: ControlKind::Detective,
            text: "Enable the AWS Config rules s3-bucket-public-read-prohibited and \
                cloudfront-origin-access-identity-enabled.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon CloudFront developer guide: restricting access to an Amazon S3 origin"),
};

impl Rule for PublicCloudfrontOrigin {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        each_component(self, cx, hits);
    }

    fn per_component(&self) -> bool {
        true
    }

    /// A bucket that distributions without origin access control read.
    #[inline(always)]
    fn check_component(&self, cx: &RuleContext<'_>, bucket: ComponentIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        if model.kind(bucket) != K::S3Bucket {
            return;
        }
        let mut readers: Vec<ComponentIx> = model
            .incoming(bucket)
            .filter(|&(f, cdn)| {
                model.pattern(f) == Pattern::DataRead
                    && model.kind(cdn) == K::Cloudfront
                    && model.props(cdn).origin_access == Some(OriginAccess::None)
            })
            .map(|(_, cdn)| cdn)
            .collect();
        if readers.is_empty() || classification(model, bucket) == Some(Classification::Public) {
            return;
        }
        crate::sorting::sort(&mut readers);
        readers.dedup();
        let component = model.component(bucket);
        let distributions = quote::join(model, readers.iter().copied(), " and ");
        hits.push(
            Hit::on(
                &component.id,
                format!(
                    "{} reads {} without origin access control, so the bucket must allow public reads and anyone \
                     can fetch its objects around the distribution.",
                    distributions,
                    quote::name_of(model, component)
                ),
            )
            .with_elements(readers.iter().map(|&cdn| model.component_id(cdn)))
            .with_data(classification(model, bucket)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::DataProfile;

    fn cdn(access: OriginAccess, data: Classification) -> crate::model::Model {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("cdn", K::Cloudfront, Some("acct"), |c| c.properties.origin_access = Some(access))
            .component_with("assets", K::S3Bucket, Some("acct"), |c| {
                c.properties.data = Some(DataProfile {
                    classification: data,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
            })
            .flow("cdn", "assets", Pattern::DataRead)
            .build()
    }

    #[test]
    fn fires_without_origin_access_for_data_that_is_not_public() {
        let findings = run(&PublicCloudfrontOrigin, &cdn(OriginAccess::None, Classification::Confidential));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "public-cloudfront-origin@assets");
        assert_eq!(findings[0].elements().map(ToString::to_string).collect::<Vec<_>>(), ["assets", "cdn"]);
    }

    #[test]
    fn quiet_with_origin_access_or_public_data() {
        assert!(ids(&PublicCloudfrontOrigin, &cdn(OriginAccess::Oac, Classification::Confidential)).is_empty());
        assert!(ids(&PublicCloudfrontOrigin, &cdn(OriginAccess::Oai, Classification::Restricted)).is_empty());
        assert!(ids(&PublicCloudfrontOrigin, &cdn(OriginAccess::None, Classification::Public)).is_empty());
    }
}
