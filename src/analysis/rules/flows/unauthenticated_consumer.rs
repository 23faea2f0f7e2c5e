//! `unauthenticated-consumer`: the consumer end of a queue or bus is not secured (docs/security-model.md#communication): the
//! consumer receives without authenticating, acts on messages nobody authenticated, or takes event deliveries on an
//! endpoint that anyone could call.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_flow};
use crate::analysis::rules::flows::support::{AuthGap, auth_gap, flow_data, gap_sentence};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{Authentication, ComponentIx, FlowIx, Model, Pattern};

/// The rule.
pub struct UnauthenticatedConsumer;

static META: RuleMeta = RuleMeta {
    id: "unauthenticated-consumer",
    title: "Unsecured consumer end",
    description: "The consumer end of a queue or event bus is not secured; one finding per flow. A queue-receive \
        flow fires when it is unauthenticated (it says authentication none, or the queue's policy is open and the \
        flow does not say it is IAM-signed: anyone can read and delete the messages), or when the queue accepts \
        unauthenticated messages (an open policy, or a producer that sends with authentication none) and the \
        consumer does not validate what it receives (a forged message is acted on). An event-subscribe delivery \
        fires when its target is not an IAM-invoked AWS service nor a person (an HTTP endpoint: a service, pod, \
        load balancer or API) and neither the flow nor the target's listener authenticates: anyone who reaches the endpoint can \
        post forged events. Such endpoints must be reachable from the AWS service, so this holds under both \
        postures and inside one trust boundary too. Settings the diagram leaves unknown count with a lower likelihood. Impact grows with \
        the flow's data.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::Spoofing, Stride::InformationDisclosure, Stride::Tampering],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Receive with IAM-signed requests from the consumer's own role; authenticate deliveries to HTTP \
                endpoints (SNS message signatures, EventBridge connection credentials); validate every message's \
                schema and origin before acting on it.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Remove anonymous access from the broker's policy, and keep subscriber endpoints off the network \
                paths of anyone but the broker.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm on receives from unexpected principals (CloudTrail data events) and on rejected messages.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon SNS Developer Guide: verifying the signatures of Amazon SNS messages"),
};

impl Rule for UnauthenticatedConsumer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        each_flow(self, cx, hits);
    }

    fn per_flow(&self) -> bool {
        true
    }

    /// A receive's check reads the queue's other flows (whether a producer sends unauthenticated): the flows at its
    /// ends, which a live analysis notes apart.
    #[inline(always)]
    fn check_flow(&self, cx: &RuleContext<'_>, f: FlowIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        match model.pattern(f) {
            Pattern::QueueReceive => {
                let (consumer, queue) = model.flow_ends(f);
                hits.extend(receive_hit(model, f, consumer, queue));
            }
            Pattern::EventSubscribe => {
                let (bus, subscriber) = model.flow_ends(f);
                hits.extend(delivery_hit(cx, f, bus, subscriber));
            }
            _ => {}
        }
    }
}

/// Whether a queue accepts messages nobody authenticated: an open policy, or an unauthenticated producer. Found per
/// queue from the flows into it (not from a list of every component, which a new component would change).
fn forgeable(model: &Model, queue: ComponentIx) -> bool {
    model.policy(queue).is_some_and(|p| p.is_open())
        || model
            .incoming(queue)
            .any(|(f, _)| model.pattern(f) == Pattern::QueueSend && auth_gap(model, f, queue).is_some())
}

fn receive_hit(model: &Model, f: FlowIx, from: ComponentIx, to: ComponentIx) -> Option<Hit> {
    let open = model.policy(to).is_some_and(|p| p.is_open());
    let (consumer, queue) = (model.component(from), model.component(to));
    let validates = model.validates_input(from);
    let trusting = validates != Some(true) && forgeable(model, to);
    let gap = auth_gap(model, f, to);
    // Both weaknesses can hold; the likelihood is the larger, so fixing one never raises it.
    let trusting_likelihood = if validates.is_none() { -1 } else { 0 };
    let trusting_sentence = || {
        format!(
            "{} acts on messages from {} without validating them, and {} accepts unauthenticated messages.",
            quote::name_of(model, consumer),
            quote::name_of(model, queue),
            quote::name_of(model, queue)
        )
    };
    let (explanation, likelihood) = match (gap, trusting) {
        (Some(gap), false) => (
            gap_sentence(gap, quote::name_of(model, consumer), "receives from", quote::name_of(model, queue)),
            gap.likelihood(),
        ),
        (Some(gap), true) => (
            format!(
                "{} {}",
                gap_sentence(gap, quote::name_of(model, consumer), "receives from", quote::name_of(model, queue)),
                trusting_sentence()
            ),
            gap.likelihood().max(trusting_likelihood),
        ),
        (None, true) => (trusting_sentence(), trusting_likelihood),
        (None, false) => return None,
    };
    Some(
        Hit::on(model.flow_id(f), explanation)
            .with_elements([model.component_id(from), model.component_id(to)])
            .with_data(flow_data(model, f))
            .exposed(open)
            .likelihood(likelihood),
    )
}

fn delivery_hit(cx: &RuleContext<'_>, f: FlowIx, from: ComponentIx, to: ComponentIx) -> Option<Hit> {
    let model = cx.model;
    let flow = model.flow_attrs(f);
    // IAM-invoked AWS targets authenticate the broker themselves; people (email, SMS) do not run an endpoint.
    if model.kind(to).is_iam_signed_api() || model.kind(to).is_external() {
        return None;
    }
    let likelihood = match flow.authentication {
        Some(Authentication::None) => 0,
        Some(_) => return None,
        None if model.requires_authentication(to) == Some(true) => return None,
        None => -1,
    };
    let (bus, subscriber) = (model.component(from), model.component(to));
    let how = if likelihood == 0 { AuthGap::Explicit.words() } else { "without saying how it authenticates" };
    Some(
        Hit::on(
            model.flow_id(f),
            format!(
                "{} delivers events to the endpoint of {} {how}.",
                quote::name_of(model, bus),
                quote::name_of(model, subscriber)
            ),
        )
        .with_elements([model.component_id(from), model.component_id(to)])
        .with_data(flow_data(model, f))
        .exposed(cx.facts.is_internet_facing(to))
        .likelihood(likelihood),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::ComponentKind as K;
    use crate::model::props::{Classification, ResourcePolicy};

    const OPEN: ResourcePolicy = ResourcePolicy { any_principal: true, source_condition: false };

    fn queue(
        policy: Option<ResourcePolicy>,
        send: Option<Authentication>,
        receive: Option<Authentication>,
    ) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("orders", K::GenericService, Some("acct"))
            .component("payments", K::Lambda, Some("acct"))
            .component_with("queue", K::SqsQueue, Some("acct"), |c| c.properties.policy = policy)
            .flow_with("orders", "queue", Pattern::QueueSend, |f| f.authentication = send)
            .flow_with("payments", "queue", Pattern::QueueReceive, |f| {
                f.authentication = receive;
                f.data = Some(Classification::Confidential);
            })
    }

    #[test]
    fn an_unauthenticated_receive_fires() {
        let model = queue(None, Some(Authentication::IamSigv4), Some(Authentication::None)).build();
        let findings = run(&UnauthenticatedConsumer, &model);
        assert_eq!(
            findings.iter().map(|f| f.id()).collect::<Vec<_>>(),
            vec!["unauthenticated-consumer@payments-queue"]
        );
        assert_eq!(findings[0].impact, Impact::Major);
        assert_eq!(findings[0].likelihood, Likelihood::Possible);
    }

    #[test]
    fn a_signed_consumer_that_trusts_forgeable_messages_fires() {
        let sign = Some(Authentication::IamSigv4);
        let model = queue(Some(OPEN), sign, sign).props("payments", |p| p.validates_input = Some(false)).build();
        let findings = run(&UnauthenticatedConsumer, &model);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].explanation().contains("without validating"));
        assert_eq!(findings[0].likelihood, Likelihood::Likely, "the open policy lets anyone forge");
        let model = queue(None, Some(Authentication::None), sign).build();
        let findings = run(&UnauthenticatedConsumer, &model);
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely, "validation unknown, policy not open");
    }

    #[test]
    fn signing_the_receive_never_raises_the_likelihood() {
        let unsaid = queue(Some(OPEN), None, None).props("payments", |p| p.validates_input = Some(false)).build();
        let findings = run(&UnauthenticatedConsumer, &unsaid);
        assert_eq!(findings[0].likelihood, Likelihood::Likely, "the larger of both weaknesses");
        assert!(findings[0].explanation().contains("without saying it is IAM-signed"));
        assert!(findings[0].explanation().contains("without validating"));
        let signed = queue(Some(OPEN), None, Some(Authentication::IamSigv4))
            .props("payments", |p| p.validates_input = Some(false))
            .build();
        assert_eq!(run(&UnauthenticatedConsumer, &signed)[0].likelihood, Likelihood::Likely);
    }

    #[test]
    fn validation_or_authenticated_producers_keep_it_quiet() {
        let sign = Some(Authentication::IamSigv4);
        let model = queue(Some(OPEN), sign, sign).props("payments", |p| p.validates_input = Some(true)).build();
        assert!(ids(&UnauthenticatedConsumer, &model).is_empty());
        assert!(ids(&UnauthenticatedConsumer, &queue(None, sign, sign).build()).is_empty());
        assert!(ids(&UnauthenticatedConsumer, &queue(None, None, None).build()).is_empty());
    }

    fn topic(edit: impl FnOnce(&mut crate::model::Flow)) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("topic", K::SnsTopic, Some("acct"))
            .component("hook", K::GenericService, Some("acct"))
            .component("fn", K::Lambda, Some("acct"))
            .flow_with("topic", "hook", Pattern::EventSubscribe, edit)
            .flow("topic", "fn", Pattern::EventSubscribe)
            .component("ops", K::User, None)
            .flow("topic", "ops", Pattern::EventSubscribe)
    }

    #[test]
    fn deliveries_to_http_endpoints_need_authentication() {
        let findings = run(&UnauthenticatedConsumer, &topic(|f| f.authentication = Some(Authentication::None)).build());
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), vec!["unauthenticated-consumer@topic-hook"]);
        let findings = run(&UnauthenticatedConsumer, &topic(|_| {}).build());
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely);
        assert!(
            ids(&UnauthenticatedConsumer, &topic(|f| f.authentication = Some(Authentication::Token)).build())
                .is_empty()
        );
        let model = topic(|_| {}).props("hook", |p| p.requires_authentication = Some(true)).build();
        assert!(ids(&UnauthenticatedConsumer, &model).is_empty());
    }
}
