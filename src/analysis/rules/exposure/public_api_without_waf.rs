//! `public-api-without-waf`: an internet-facing API Gateway, load balancer or CloudFront distribution that no WAF
//! protects. HTTP and WebSocket APIs cannot take a web ACL: for them the advice is CloudFront with a WAF in front.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::rules::exposure::scope::data_through;
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::ApiType;
use crate::model::{ComponentIx, ComponentKind as K, Id};

/// The rule.
pub struct PublicApiWithoutWaf;

static META: RuleMeta = RuleMeta {
    id: "public-api-without-waf",
    title: "Internet-facing API without a WAF",
    description: "An entry point that the internet reaches carries every request straight to the services behind \
        it: injection, known exploit payloads, bots and floods arrive unfiltered. Fires for an API Gateway, load \
        balancer or CloudFront distribution that is internet-facing (public exposure, the API Gateway and \
        CloudFront default, or a flow from the internet or an outside user) and that no WAF protects; an origin \
        that admits only named sources and is called only by CloudFront distributions with a WAF counts as \
        protected. AWS WAF \
        associates only with REST APIs, Application Load Balancers, CloudFront distributions and a few others: for \
        an HTTP or WebSocket API (api_type) the finding says to put CloudFront with a WAF in front of it. Impact \
        scales with the most sensitive data the entry point or its flows carry; the services it forwards to are \
        shown with it.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::Tampering, Stride::DenialOfService],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Associate an AWS WAF web ACL with the REST API stage, Application Load Balancer or CloudFront \
                distribution, with the AWS managed rule groups (core rule set, known bad inputs) and a rate-based \
                rule. HTTP and WebSocket APIs take no web ACL: serve them through CloudFront with a WAF and let \
                only CloudFront reach them.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Make the entry point private (a private API Gateway endpoint or an internal load balancer) when \
                only known networks need it.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Turn on access logging and alarm on spikes of 4xx/5xx responses.",
        },
    ],
    thresholds: &[],
    reference: Some(
        "AWS WAF developer guide: resources you can protect (REST APIs, Application Load Balancers, CloudFront \
         distributions)",
    ),
};

/// An origin that admits only named sources and is called only by CloudFront distributions a WAF protects: the
/// WAF at the edge filters what reaches it.
fn behind_guarded_cloudfront(cx: &RuleContext<'_>, c: ComponentIx) -> bool {
    let model = cx.model;
    let mut callers = model.incoming(c).map(|(_, caller)| caller).peekable();
    model.props(c).ingress_restricted == Some(true)
        && callers.peek().is_some()
        && callers.all(|caller| model.kind(caller) == K::Cloudfront && cx.facts.has_waf(caller))
}

impl Rule for PublicApiWithoutWaf {
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
        let facts = cx.facts;
        if !matches!(model.kind(c), K::ApiGateway | K::LoadBalancer | K::Cloudfront)
            || !facts.is_internet_facing(c)
            || facts.has_waf(c)
            || behind_guarded_cloudfront(cx, c)
        {
            return;
        }
        let component = model.component(c);
        let mut behind: Vec<&Id> = model.outgoing(c).map(|(_, to)| model.component_id(to)).collect();
        crate::sorting::sort(&mut behind);
        behind.dedup();
        let flavour = match model.props(c).api_type {
            Some(ApiType::Http) => "an HTTP API",
            Some(ApiType::Websocket) => "a WebSocket API",
            Some(ApiType::Rest) | None => "",
        };
        let drawn = !flavour.is_empty()
            && model
                .components_of(crate::model::Kinds::of(&[K::Waf]))
                .any(|w| model.component(w).protects.iter().any(|p| model.component_ix(p) == Some(c)));
        let advice = match (flavour.is_empty(), drawn) {
            (true, _) => String::new(),
            (false, false) => format!(
                " As {flavour} it cannot take a web ACL: put a CloudFront distribution with a WAF in front of it."
            ),
            (false, true) => format!(
                " The WAF drawn on it cannot be associated with {flavour}: put a CloudFront distribution with \
                 the WAF in front of it instead."
            ),
        };
        hits.push(
            Hit::on(
                &component.id,
                format!(
                    "{} is reachable from the internet and no WAF filters its requests.{advice}",
                    quote::name_of(model, component)
                ),
            )
            .with_elements(behind)
            .with_data(data_through(model, c))
            .exposed(true),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::Pattern;
    use crate::model::props::{Classification, Exposure};

    fn entry_points(waf: bool) -> TestDiagram {
        TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component("api", K::ApiGateway, Some("acct"))
            .component("alb", K::LoadBalancer, Some("vpc"))
            .component("internal", K::LoadBalancer, Some("vpc"))
            .component_with("private-api", K::ApiGateway, Some("acct"), |c| {
                c.properties.exposure = Some(Exposure::Private);
            })
            .component("svc", K::GenericService, Some("vpc"))
            .component_with("waf", K::Waf, Some("acct"), |c| {
                if waf {
                    c.protects = vec![crate::analysis::testkit::id("api"), crate::analysis::testkit::id("alb")];
                }
            })
            .flow("internet", "alb", Pattern::SyncRequest)
            .flow("alb", "svc", Pattern::SyncRequest)
            .flow_with("api", "svc", Pattern::SyncRequest, |f| f.data = Some(Classification::Restricted))
    }

    #[test]
    fn fires_on_public_api_gateway_by_default_and_on_internet_fed_load_balancer() {
        let model = entry_points(false).build();
        let findings = run(&PublicApiWithoutWaf, &model);
        let found: Vec<&str> = findings.iter().map(|f| f.id()).collect();
        assert_eq!(found, vec!["public-api-without-waf@api", "public-api-without-waf@alb"]);
        assert_eq!(findings[0].impact, Impact::Severe, "restricted data through the API");
        assert!(findings[1].elements().any(|e| e == "svc"));
    }

    #[test]
    fn http_apis_are_told_to_use_cloudfront_and_cloudfront_takes_the_waf() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("api", K::ApiGateway, Some("acct"), |c| c.properties.api_type = Some(ApiType::Http))
            .component("cdn", K::Cloudfront, Some("acct"))
            .component_with("guarded", K::Cloudfront, Some("acct"), |c| c.properties.exposure = Some(Exposure::Public))
            .component_with("waf", K::Waf, Some("acct"), |c| {
                c.protects = vec![crate::analysis::testkit::id("guarded")];
            })
            .build();
        let findings = run(&PublicApiWithoutWaf, &model);
        let found: Vec<&str> = findings.iter().map(|f| f.id()).collect();
        assert_eq!(found, vec!["public-api-without-waf@api", "public-api-without-waf@cdn"]);
        assert!(findings[0].explanation().contains("cannot take a web ACL: put a CloudFront distribution"));
        assert!(!findings[1].explanation().contains("cannot take"), "{}", findings[1].explanation());
        // A WAF drawn on the HTTP API filters nothing there, and the finding says so.
        let drawn = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("api", K::ApiGateway, Some("acct"), |c| c.properties.api_type = Some(ApiType::Http))
            .component_with("waf", K::Waf, Some("acct"), |c| c.protects = vec![crate::analysis::testkit::id("api")])
            .build();
        let findings = run(&PublicApiWithoutWaf, &drawn);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].explanation().contains("The WAF drawn on it cannot be associated with an HTTP API"));
    }

    #[test]
    fn an_origin_that_admits_only_a_guarded_cloudfront_is_protected() {
        let origin = |restricted: bool, guarded: bool| {
            TestDiagram::new()
                .component("acct", K::AwsAccount, None)
                .component("vpc", K::Vpc, Some("acct"))
                .component("cdn", K::Cloudfront, Some("acct"))
                .component_with("alb", K::LoadBalancer, Some("vpc"), |c| {
                    c.properties.exposure = Some(Exposure::Public);
                    c.properties.ingress_restricted = Some(restricted);
                })
                .component_with("waf", K::Waf, Some("acct"), |c| {
                    if guarded {
                        c.protects = vec![crate::analysis::testkit::id("cdn")];
                    }
                })
                .flow("cdn", "alb", Pattern::SyncRequest)
                .build()
        };
        assert!(ids(&PublicApiWithoutWaf, &origin(true, true)).is_empty());
        assert_eq!(ids(&PublicApiWithoutWaf, &origin(false, true)), vec!["public-api-without-waf@alb"]);
        assert_eq!(
            ids(&PublicApiWithoutWaf, &origin(true, false)),
            vec!["public-api-without-waf@alb", "public-api-without-waf@cdn"]
        );
    }

    #[test]
    fn a_waf_keeps_it_quiet() {
        let model = entry_points(true).build();
        assert!(ids(&PublicApiWithoutWaf, &model).is_empty());
    }
}
