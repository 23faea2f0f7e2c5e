//! `unauthenticated-flow`: a flow whose caller does not authenticate. Under a perimeter posture only flows that cross
//! a trust boundary (internet, account, VPC, on-premises network) count; under zero trust every flow does.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_flow};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{Authentication, FlowIx, Pattern, Posture};

/// The rule.
pub struct UnauthenticatedFlow;

static META: RuleMeta = RuleMeta {
    id: "unauthenticated-flow",
    title: "Flow without authentication",
    description: "A caller reaches a callee without proving who it is, so anyone who can reach the callee can pose \
        as the caller. Under a perimeter posture this fires only for flows that cross a trust boundary (the \
        internet, an AWS account, a VPC or an on-premises network); under zero trust it fires for every flow. \
        Calls to IAM-signed AWS APIs, listeners that require authentication, and calls from the internet to a \
        public entry point do not count: a component marked public_entry, and by default every load balancer and \
        API gateway (mark one public_entry: false when it must authenticate its callers). A flow that does not say how it authenticates \
        counts, with a lower likelihood. Event deliveries from a topic or bus are left to \
        unauthenticated-consumer.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::Spoofing],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Authenticate the caller on this flow: IAM SigV4 for AWS APIs, mTLS (for example through a \
                service mesh) or signed tokens (JWT/OIDC) between services.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Let only the named caller reach the listener: security groups or Kubernetes network policies \
                that admit that source alone.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Log and alarm on calls from unexpected sources (access logs, VPC flow logs, CloudWatch alarms).",
        },
    ],
    thresholds: &[],
    reference: Some("AWS Well-Architected Framework, Security Pillar: identity and access management"),
};

impl Rule for UnauthenticatedFlow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        each_flow(self, cx, hits);
    }

    fn per_flow(&self) -> bool {
        true
    }

    #[inline(always)]
    fn check_flow(&self, cx: &RuleContext<'_>, f: FlowIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        let flow = model.flow_attrs(f);
        if flow.pattern == Pattern::EventSubscribe {
            return;
        }
        let said = match flow.authentication {
            Some(Authentication::None) => true,
            None => false,
            Some(_) => return,
        };
        let (from, to) = model.flow_ends(f);
        if model.kind(to).is_iam_signed_api() || model.requires_authentication(to) == Some(true) {
            return;
        }
        let caller_external = facts.is_external(from);
        if caller_external && (facts.is_external(to) || crate::analysis::exposed::is_public_entry(model, to)) {
            return;
        }
        if cx.posture == Posture::Perimeter && !facts.crosses_trust_boundary(from, to) {
            return;
        }
        let (caller, callee) = (model.component(from), model.component(to));
        let how = if said { "without authentication" } else { "without saying how the caller authenticates" };
        let where_ = if facts.crosses_trust_boundary(from, to) {
            "across a trust boundary"
        } else {
            "inside one trust boundary (zero trust: every call is authenticated)"
        };
        let hit = Hit::on(
            model.flow_id(f),
            format!("{} calls {} {how}, {where_}.", quote::name_of(model, caller), quote::name_of(model, callee)),
        )
        .with_elements([model.component_id(from), model.component_id(to)])
        .with_data(flow.data.or_else(|| crate::analysis::data::classification(model, to)))
        .exposed(caller_external || facts.is_internet_facing(to))
        .likelihood(if said { 0 } else { -1 });
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids};
    use crate::model::ComponentKind as K;

    fn two_accounts(auth: Option<Authentication>) -> TestDiagram {
        TestDiagram::new()
            .component("a", K::AwsAccount, None)
            .component("b", K::AwsAccount, None)
            .component("orders", K::GenericService, Some("a"))
            .component("billing", K::GenericService, Some("b"))
            .component("stock", K::GenericService, Some("a"))
            .flow_with("orders", "billing", Pattern::SyncRequest, |f| f.authentication = auth)
            .flow_with("orders", "stock", Pattern::SyncRequest, |f| f.authentication = auth)
    }

    #[test]
    fn fires_across_a_boundary_under_perimeter_only() {
        let model = two_accounts(Some(Authentication::None)).build();
        assert_eq!(ids(&UnauthenticatedFlow, &model), vec!["unauthenticated-flow@orders-billing"]);
    }

    #[test]
    fn zero_trust_flags_every_flow() {
        let model = two_accounts(Some(Authentication::None)).posture(Posture::ZeroTrust).build();
        assert_eq!(
            ids(&UnauthenticatedFlow, &model),
            vec!["unauthenticated-flow@orders-billing", "unauthenticated-flow@orders-stock"]
        );
    }

    #[test]
    fn authentication_keeps_it_quiet() {
        let model = two_accounts(Some(Authentication::Mtls)).posture(Posture::ZeroTrust).build();
        assert!(ids(&UnauthenticatedFlow, &model).is_empty());
    }

    #[test]
    fn unspecified_authentication_counts_with_lower_likelihood() {
        let model = two_accounts(None).build();
        let findings = crate::analysis::testkit::run(&UnauthenticatedFlow, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely);
        assert!(findings[0].explanation().contains("without saying how"));
    }

    #[test]
    fn public_entry_points_and_aws_apis_are_expected() {
        let model = TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component_with("site", K::GenericService, Some("acct"), |c| c.properties.public_entry = Some(true))
            .component("queue", K::SqsQueue, Some("acct"))
            .flow_with("internet", "site", Pattern::SyncRequest, |f| f.authentication = Some(Authentication::None))
            .flow_with("site", "queue", Pattern::QueueSend, |f| f.authentication = Some(Authentication::None))
            .posture(Posture::ZeroTrust)
            .build();
        assert!(ids(&UnauthenticatedFlow, &model).is_empty());
    }

    #[test]
    fn load_balancers_and_api_gateways_are_entries_unless_marked_otherwise() {
        let shop = |marked: Option<bool>| {
            TestDiagram::new()
                .component("internet", K::Internet, None)
                .component("acct", K::AwsAccount, None)
                .component("vpc", K::Vpc, Some("acct"))
                .component_with("alb", K::LoadBalancer, Some("vpc"), |c| c.properties.public_entry = marked)
                .flow_with("internet", "alb", Pattern::SyncRequest, |f| f.authentication = Some(Authentication::None))
                .build()
        };
        assert!(ids(&UnauthenticatedFlow, &shop(None)).is_empty(), "anonymous customers are the point of a shop");
        assert_eq!(ids(&UnauthenticatedFlow, &shop(Some(false))).len(), 1, "false: this one must authenticate");
    }

    #[test]
    fn event_deliveries_are_left_to_unauthenticated_consumer() {
        let model = TestDiagram::new()
            .component("a", K::AwsAccount, None)
            .component("b", K::AwsAccount, None)
            .component("topic", K::SnsTopic, Some("a"))
            .component("hook", K::GenericService, Some("b"))
            .flow_with("topic", "hook", Pattern::EventSubscribe, |f| f.authentication = Some(Authentication::None))
            .build();
        assert!(ids(&UnauthenticatedFlow, &model).is_empty());
    }

    #[test]
    fn internet_exposure_and_data_raise_the_risk() {
        let model = TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("admin", K::GenericService, Some("acct"))
            .flow_with("internet", "admin", Pattern::SyncRequest, |f| {
                f.authentication = Some(Authentication::None);
                f.data = Some(crate::model::props::Classification::Restricted);
            })
            .build();
        let findings = crate::analysis::testkit::run(&UnauthenticatedFlow, &model);
        assert_eq!(findings[0].likelihood, Likelihood::Likely);
        assert_eq!(findings[0].impact, Impact::Severe);
        assert_eq!(findings[0].elements().len(), 3);
    }
}
