//! `legacy-viewer-tls`: a CloudFront distribution whose viewer security policy still accepts TLS 1.0 or 1.1.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::rules::exposure::scope::data_through;
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;

/// The rule.
pub struct LegacyViewerTls;

static META: RuleMeta = RuleMeta {
    id: "legacy-viewer-tls",
    title: "Viewer TLS policy accepts deprecated versions",
    description: "TLS 1.0 and 1.1 are deprecated (RFC 8996) and lack modern cipher suites: a client that can be \
        pushed down to them exposes its session to downgrade and known attacks on CBC ciphers. Fires for a \
        CloudFront distribution whose minimum_tls is tls1.0 or tls1.1 (security policies TLSv1, TLSv1_2016 and \
        TLSv1.1_2016). Impact scales with the data the distribution or its flows carry.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Choose the TLSv1.2_2021 security policy (or newer) for the distribution's viewer certificate.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Require TLS 1.2 or later on every internet-facing listener of the organisation.",
        },
        Control { kind: ControlKind::Detective, text: "Enable the AWS Config rule cloudfront-security-policy-check." },
    ],
    thresholds: &[],
    reference: Some(
        "Amazon CloudFront developer guide: supported protocols and ciphers between viewers and CloudFront",
    ),
};

impl Rule for LegacyViewerTls {
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
        if model.kind(c) != K::Cloudfront {
            return;
        }
        let Some(minimum) = model.props(c).minimum_tls.filter(|m| m.is_legacy()) else { return };
        let component = model.component(c);
        hits.push(
            Hit::on(
                &component.id,
                format!("{} accepts viewers on {minimum}, a deprecated TLS version.", quote::name_of(model, component)),
            )
            .with_data(data_through(model, c)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids};
    use crate::model::props::MinimumTls;

    fn cdn(minimum: Option<MinimumTls>) -> crate::model::Model {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("cdn", K::Cloudfront, Some("acct"), |c| c.properties.minimum_tls = minimum)
            .build()
    }

    #[test]
    fn fires_for_tls_1_0_and_1_1_only() {
        assert_eq!(ids(&LegacyViewerTls, &cdn(Some(MinimumTls::Tls10))), vec!["legacy-viewer-tls@cdn"]);
        assert_eq!(ids(&LegacyViewerTls, &cdn(Some(MinimumTls::Tls11))), vec!["legacy-viewer-tls@cdn"]);
        assert!(ids(&LegacyViewerTls, &cdn(Some(MinimumTls::Tls12))).is_empty());
        assert!(ids(&LegacyViewerTls, &cdn(None)).is_empty(), "the default policy is TLS 1.2");
    }
}
