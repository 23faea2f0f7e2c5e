//! `unencrypted-internet-flow`: plaintext between an external actor (the internet, an outside user) and the
//! application, whatever the data.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_flow};
use crate::analysis::rules::flows::support::{flow_data, is_aws_api, is_encrypted};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::FlowIx;

/// The rule.
pub struct UnencryptedInternetFlow;

static META: RuleMeta = RuleMeta {
    id: "unencrypted-internet-flow",
    title: "Plaintext traffic over the internet",
    description: "A flow between an external actor (the internet or a user outside every on-premises network) and \
        the application is explicitly unencrypted (plain http, or encrypted set to false), whatever data it \
        carries: anyone on the path can steal session cookies and tokens, read the traffic and change it. Flows \
        whose encryption is unknown are left to unencrypted-flow (confidential data only, lower likelihood); flows \
        between two external actors and calls to AWS APIs (always TLS) do not count. Impact grows with the data.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::Spoofing, Stride::Tampering, Stride::InformationDisclosure],
    likelihood: Likelihood::Likely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Serve only HTTPS: close the HTTP listener or make it redirect to HTTPS, and send HSTS.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Terminate TLS with an ACM certificate on the load balancer, API Gateway or CloudFront, with a \
                current TLS security policy.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm on requests to plaintext listeners (load-balancer access logs, AWS Config rule \
                alb-http-to-https-redirection-check).",
        },
    ],
    thresholds: &[],
    reference: Some("Elastic Load Balancing User Guide: create an HTTPS listener for your Application Load Balancer"),
};

impl Rule for UnencryptedInternetFlow {
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
        if is_encrypted(model, f) != Some(false) {
            return;
        }
        let (from, to) = model.flow_ends(f);
        if facts.is_external(from) == facts.is_external(to) || is_aws_api(model, f) {
            return;
        }
        let (caller, callee) = (model.component(from), model.component(to));
        hits.push(
            Hit::on(
                model.flow_id(f),
                format!(
                    "{} talks to {} over the internet unencrypted.",
                    quote::name_of(model, caller),
                    quote::name_of(model, callee)
                ),
            )
            .with_elements([model.component_id(from), model.component_id(to)])
            .with_data(flow_data(model, f))
            .exposed(true),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::Classification;
    use crate::model::{ComponentKind as K, Pattern, Protocol};

    fn diagram(protocol: Option<Protocol>) -> TestDiagram {
        TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component("lb", K::LoadBalancer, Some("vpc"))
            .component("app", K::GenericService, Some("acct"))
            .flow_with("internet", "lb", Pattern::SyncRequest, |f| f.protocol = protocol)
            .flow_with("lb", "app", Pattern::SyncRequest, |f| f.protocol = Some(Protocol::Http))
    }

    #[test]
    fn fires_for_plain_http_from_the_internet_whatever_the_data() {
        let findings = run(&UnencryptedInternetFlow, &diagram(Some(Protocol::Http)).build());
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), vec!["unencrypted-internet-flow@internet-lb"]);
        assert_eq!(findings[0].likelihood, Likelihood::Likely);
        assert_eq!(findings[0].impact, Impact::Moderate);
    }

    #[test]
    fn data_raises_the_impact() {
        let model = diagram(Some(Protocol::Http)).edit(|d| d.flows[0].data = Some(Classification::Restricted)).build();
        assert_eq!(run(&UnencryptedInternetFlow, &model)[0].impact, Impact::Severe);
    }

    #[test]
    fn https_keeps_it_quiet_and_unknown_is_left_to_unencrypted_flow() {
        assert!(ids(&UnencryptedInternetFlow, &diagram(Some(Protocol::Https)).build()).is_empty());
        assert!(ids(&UnencryptedInternetFlow, &diagram(None).build()).is_empty());
    }

    #[test]
    fn on_prem_users_are_not_external() {
        let model = TestDiagram::new()
            .component("office", K::OnPrem, None)
            .component("staff", K::User, Some("office"))
            .component("acct", K::AwsAccount, None)
            .component("app", K::GenericService, Some("acct"))
            .flow_with("staff", "app", Pattern::SyncRequest, |f| f.protocol = Some(Protocol::Http))
            .build();
        assert!(ids(&UnencryptedInternetFlow, &model).is_empty());
    }
}
