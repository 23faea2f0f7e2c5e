//! `open-broker-policy`: an SQS queue, SNS topic or EventBridge bus whose resource policy lets anyone on AWS in.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::rules::flows::support::broker_data;
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::Id;

/// The rule.
pub struct OpenBrokerPolicy;

static META: RuleMeta = RuleMeta {
    id: "open-broker-policy",
    title: "Queue, topic or bus open to anyone",
    description: "The resource policy of an SQS queue, SNS topic or EventBridge bus allows any principal (\"*\") \
        without a source account, source ARN or organisation condition, so anyone with an AWS account can send \
        forged messages to it, read or delete its messages, or subscribe to it. Impact grows with the data the \
        broker carries (its own classification, else the most sensitive data of its flows). A policy the diagram \
        does not give is not assumed open.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::Spoofing, Stride::Tampering, Stride::InformationDisclosure],
    likelihood: Likelihood::Likely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Name the producer and consumer roles as principals, or add an aws:SourceAccount, aws:SourceArn or \
                aws:PrincipalOrgID condition to the statement.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Remove the Principal \"*\" statement and grant access through the callers' IAM policies only.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Let IAM Access Analyzer report queues, topics and buses shared outside the account or organisation.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon SQS Developer Guide: Amazon SQS security best practices"),
};

impl Rule for OpenBrokerPolicy {
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
        if !model.kind(c).is_broker() || !model.props(c).policy.is_some_and(|p| p.is_open()) {
            return;
        }
        let broker = model.component(c);
        let mut ends: Vec<&Id> =
            model.incoming(c).chain(model.outgoing(c)).map(|(_, e)| model.component_id(e)).collect();
        crate::sorting::sort(&mut ends);
        ends.dedup();
        hits.push(
            Hit::on(
                model.component_id(c),
                format!("The policy of {} lets any AWS principal in.", quote::name_of(model, broker)),
            )
            .with_elements(ends)
            .with_data(broker_data(model, c))
            .exposed(true),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{Classification, ResourcePolicy};
    use crate::model::{ComponentKind as K, Pattern};

    fn diagram(policy: Option<ResourcePolicy>) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("app", K::GenericService, Some("acct"))
            .component("worker", K::Lambda, Some("acct"))
            .component_with("queue", K::SqsQueue, Some("acct"), |c| c.properties.policy = policy)
            .component_with("bus", K::EventbridgeBus, Some("acct"), |c| c.properties.policy = policy)
            .component("bucket", K::S3Bucket, Some("acct"))
            .props("bucket", |p| p.policy = policy)
            .flow_with("app", "queue", Pattern::QueueSend, |f| f.data = Some(Classification::Confidential))
            .flow("worker", "queue", Pattern::QueueReceive)
    }

    #[test]
    fn fires_per_broker_with_its_ends() {
        let model = diagram(Some(ResourcePolicy { any_principal: true, source_condition: false })).build();
        let findings = run(&OpenBrokerPolicy, &model);
        assert_eq!(
            findings.iter().map(|f| f.id()).collect::<Vec<_>>(),
            vec!["open-broker-policy@queue", "open-broker-policy@bus"]
        );
        let ends: Vec<&str> = findings[0].elements().collect();
        assert_eq!(ends, vec!["app", "queue", "worker"]);
        assert_eq!(findings[0].impact, Impact::Major);
    }

    #[test]
    fn a_source_condition_or_named_principals_keep_it_quiet() {
        let model = diagram(Some(ResourcePolicy { any_principal: true, source_condition: true })).build();
        assert!(ids(&OpenBrokerPolicy, &model).is_empty());
        let model = diagram(Some(ResourcePolicy { any_principal: false, source_condition: false })).build();
        assert!(ids(&OpenBrokerPolicy, &model).is_empty());
    }

    #[test]
    fn an_unknown_policy_is_not_assumed_open() {
        assert!(ids(&OpenBrokerPolicy, &diagram(None).build()).is_empty());
    }
}
