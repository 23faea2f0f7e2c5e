//! `public-api-without-throttling`: an internet-facing API Gateway without rate limiting.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;
use crate::model::props::Importance;

/// The rule.
pub struct PublicApiWithoutThrottling;

static META: RuleMeta = RuleMeta {
    id: "public-api-without-throttling",
    title: "Internet-facing API without throttling",
    description: "An API that anyone on the internet can call without a rate limit can be flooded: the services \
        behind it scale out (and bill) or fall over, and one client can starve the others. Fires for an API \
        Gateway that is internet-facing (public exposure, the default, or a flow from the internet or an outside \
        user) whose throttling is switched off. When the diagram does not say, it fires one likelihood step lower: \
        AWS then applies only the account-level default limit, which every API in the account shares. Impact \
        moves one step with the availability importance of the API's data (high up, low down).",
    cia: &[Cia::Availability],
    stride: &[Stride::DenialOfService],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Set stage and method throttling, and usage plans with per-client quotas for API keys.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Put a WAF rate-based rule in front of the API to block sources that exceed a request rate.",
        },
        Control { kind: ControlKind::Detective, text: "Alarm on request count and 429/5xx rates in CloudWatch." },
    ],
    thresholds: &[],
    reference: Some("Amazon API Gateway developer guide: throttle requests to your REST APIs"),
};

impl Rule for PublicApiWithoutThrottling {
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
        if model.kind(c) != K::ApiGateway || !cx.facts.is_internet_facing(c) {
            return;
        }
        let props = model.props(c);
        let (said, how) = match props.throttling {
            Some(true) => return,
            Some(false) => (true, "has throttling switched off"),
            None => (false, "does not say whether it throttles (only the account-level default applies)"),
        };
        let availability = match crate::analysis::data::profile(model, c).map(|d| d.availability()) {
            Some(Importance::High) => 1,
            Some(Importance::Low) => -1,
            Some(Importance::Medium) | None => 0,
        };
        let component = model.component(c);
        hits.push(
            Hit::on(
                &component.id,
                format!("{} is reachable from the internet and {how}.", quote::name_of(model, component)),
            )
            .exposed(true)
            .likelihood(if said { 0 } else { -1 })
            .impact(availability),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{Classification, DataProfile, Exposure};

    fn api(throttling: Option<bool>) -> TestDiagram {
        TestDiagram::new().component("acct", K::AwsAccount, None).component_with(
            "api",
            K::ApiGateway,
            Some("acct"),
            |c| c.properties.throttling = throttling,
        )
    }

    #[test]
    fn fires_when_throttling_is_off() {
        let model = api(Some(false))
            .props("api", |p| {
                p.data = Some(DataProfile {
                    classification: Classification::Internal,
                    confidentiality: None,
                    integrity: None,
                    availability: Some(Importance::High),
                });
            })
            .build();
        let findings = run(&PublicApiWithoutThrottling, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "public-api-without-throttling@api");
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Possible, Impact::Major));
    }

    #[test]
    fn unspecified_throttling_counts_with_lower_likelihood() {
        let findings = run(&PublicApiWithoutThrottling, &api(None).build());
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely);
    }

    #[test]
    fn throttling_or_a_private_endpoint_keeps_it_quiet() {
        assert!(ids(&PublicApiWithoutThrottling, &api(Some(true)).build()).is_empty());
        let private = api(Some(false)).props("api", |p| p.exposure = Some(Exposure::Private)).build();
        assert!(ids(&PublicApiWithoutThrottling, &private).is_empty());
    }
}
