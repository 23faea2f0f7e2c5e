//! `unauthenticated-producer`: a producer or publisher sends to a queue or bus without authenticating, so anyone
//! can pose as it (docs/security-model.md#communication: the queue and both ends must be secured).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_flow};
use crate::analysis::rules::flows::support::{auth_gap, flow_data, gap_sentence};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{FlowIx, Pattern};

/// The rule.
pub struct UnauthenticatedProducer;

static META: RuleMeta = RuleMeta {
    id: "unauthenticated-producer",
    title: "Unauthenticated producer",
    description: "A queue-send or event-publish flow is unauthenticated: it says authentication none, or the \
        broker's resource policy is open (any principal, no source condition) and the flow does not say it is \
        IAM-signed (authentication iam-sigv4, or the aws-api protocol). Anyone can then send messages as this \
        producer, and every consumer acts on them. One finding per flow. An open policy makes it reachable from \
        anywhere on AWS (likelihood up); a flow that does not say how it authenticates counts with a lower \
        likelihood. Impact grows with the flow's data.",
    cia: &[Cia::Integrity],
    stride: &[Stride::Spoofing, Stride::Tampering],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Send with IAM-signed (SigV4) requests from the producer's own role, and allow only that role \
                to send in the broker's policy.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Remove anonymous access from the broker's policy (no Principal \"*\" without a source condition).",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm on sends from unexpected principals (CloudTrail data events for SQS, SNS and EventBridge).",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon SQS Developer Guide: identity and access management in Amazon SQS"),
};

impl Rule for UnauthenticatedProducer {
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
        let flow = model.flow_attrs(f);
        let verb = match flow.pattern {
            Pattern::QueueSend => "sends to",
            Pattern::EventPublish => "publishes to",
            _ => return,
        };
        let (from, to) = model.flow_ends(f);
        let Some(gap) = auth_gap(model, f, to) else {
            return;
        };
        let open = model.policy(to).is_some_and(|p| p.is_open());
        let (producer, broker) = (model.component(from), model.component(to));
        hits.push(
            Hit::on(
                model.flow_id(f),
                gap_sentence(gap, quote::name_of(model, producer), verb, quote::name_of(model, broker)),
            )
            .with_elements([model.component_id(from), model.component_id(to)])
            .with_data(flow_data(model, f))
            .exposed(open)
            .likelihood(gap.likelihood()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{Classification, ResourcePolicy};
    use crate::model::{Authentication, ComponentKind as K, Protocol};

    const OPEN: ResourcePolicy = ResourcePolicy { any_principal: true, source_condition: false };

    fn diagram(policy: Option<ResourcePolicy>, auth: Option<Authentication>) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("orders", K::GenericService, Some("acct"))
            .component("payments", K::Lambda, Some("acct"))
            .component_with("queue", K::SqsQueue, Some("acct"), |c| c.properties.policy = policy)
            .component_with("topic", K::SnsTopic, Some("acct"), |c| c.properties.policy = policy)
            .flow_with("orders", "queue", Pattern::QueueSend, |f| {
                f.authentication = auth;
                f.data = Some(Classification::Confidential);
            })
            .flow_with("orders", "topic", Pattern::EventPublish, |f| f.authentication = auth)
            .flow_with("payments", "queue", Pattern::QueueReceive, |f| f.authentication = auth)
    }

    #[test]
    fn explicit_none_fires_per_producer_flow() {
        let model = diagram(None, Some(Authentication::None)).build();
        let findings = run(&UnauthenticatedProducer, &model);
        assert_eq!(
            findings.iter().map(|f| f.id()).collect::<Vec<_>>(),
            vec!["unauthenticated-producer@orders-queue", "unauthenticated-producer@orders-topic"]
        );
        assert_eq!(findings[0].likelihood, Likelihood::Possible);
        assert_eq!(findings[0].impact, Impact::Major);
    }

    #[test]
    fn an_open_policy_exposes_unsigned_producers() {
        let findings = run(&UnauthenticatedProducer, &diagram(Some(OPEN), Some(Authentication::None)).build());
        assert_eq!(findings[0].likelihood, Likelihood::Likely);
        let findings = run(&UnauthenticatedProducer, &diagram(Some(OPEN), None).build());
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].likelihood, Likelihood::Possible, "unsaid (-1) but open to anyone (+1)");
        assert!(findings[0].explanation().contains("open policy"));
    }

    #[test]
    fn iam_signing_keeps_it_quiet() {
        assert!(ids(&UnauthenticatedProducer, &diagram(Some(OPEN), Some(Authentication::IamSigv4)).build()).is_empty());
        let model = diagram(Some(OPEN), None)
            .edit(|d| d.flows.iter_mut().for_each(|f| f.protocol = Some(Protocol::AwsApi)))
            .build();
        assert!(ids(&UnauthenticatedProducer, &model).is_empty());
    }

    #[test]
    fn unknown_authentication_behind_a_closed_policy_is_quiet() {
        assert!(ids(&UnauthenticatedProducer, &diagram(None, None).build()).is_empty());
    }
}
