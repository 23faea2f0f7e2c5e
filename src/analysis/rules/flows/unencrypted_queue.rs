//! `unencrypted-queue`: an SQS queue, Kinesis data stream or SNS topic whose messages rest unencrypted (docs/security-model.md#responsibility-table and #communication).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::rules::flows::support::broker_data;
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::Classification;
use crate::model::{ComponentIx, ComponentKind as K};

/// The rule.
pub struct UnencryptedQueue;

static META: RuleMeta = RuleMeta {
    id: "unencrypted-queue",
    title: "Queue or topic unencrypted at rest",
    description: "An SQS queue, Kinesis data stream or SNS topic keeps its messages unencrypted at rest, so they \
        can be read outside the service's access controls. Uses the service defaults: SQS encrypts unless switched \
        off, SNS and Kinesis only when a KMS key is configured, EventBridge always encrypts (never fires). Impact grows with \
        the data the broker carries (its own classification, else the most sensitive data of its flows); a \
        broker that carries only public data does not count.",
    cia: &[Cia::Confidentiality],
    stride: &[Stride::InformationDisclosure],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Turn on server-side encryption with a customer-managed KMS key whose key policy admits only the \
                producers and consumers.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Turn on SSE-SQS (or SSE-KMS for SNS) everywhere and deny creating unencrypted queues and topics \
                with a service control policy.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Watch for unencrypted brokers with AWS Config rules (sns-encrypted-kms, sqs-queue-encrypted).",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon SQS Developer Guide: encryption at rest in Amazon SQS"),
};

impl Rule for UnencryptedQueue {
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
        if !matches!(model.kind(c), K::SqsQueue | K::KinesisStream | K::SnsTopic)
            || model.props(c).encryption_at_rest != Some(false)
        {
            return;
        }
        let data = broker_data(model, c);
        if data == Some(Classification::Public) {
            return;
        }
        let broker = model.component(c);
        hits.push(
            Hit::on(
                model.component_id(c),
                format!("{} keeps its messages unencrypted at rest.", quote::name_of(model, broker)),
            )
            .with_data(data),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::flows::support::profile;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::Pattern;

    fn diagram() -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("app", K::GenericService, Some("acct"))
            .component("queue", K::SqsQueue, Some("acct"))
            .component("topic", K::SnsTopic, Some("acct"))
            .component("bus", K::EventbridgeBus, Some("acct"))
            .flow_with("app", "topic", Pattern::EventPublish, |f| f.data = Some(Classification::Restricted))
            .flow("app", "queue", Pattern::QueueSend)
            .flow("app", "bus", Pattern::EventPublish)
    }

    #[test]
    fn sns_is_unencrypted_by_default_and_sqs_is_not() {
        let findings = run(&UnencryptedQueue, &diagram().build());
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), vec!["unencrypted-queue@topic"]);
        assert_eq!(findings[0].impact, Impact::Severe, "the topic carries restricted data");
    }

    #[test]
    fn switching_sqs_encryption_off_fires() {
        let model = diagram()
            .props("queue", |p| p.encryption_at_rest = Some(false))
            .props("app", |p| p.data = profile(Classification::Confidential))
            .build();
        let findings = run(&UnencryptedQueue, &model);
        assert_eq!(
            findings.iter().map(|f| f.id()).collect::<Vec<_>>(),
            vec!["unencrypted-queue@topic", "unencrypted-queue@queue"]
        );
        assert_eq!(findings[1].impact, Impact::Major, "the producer's data sets the queue's");
    }

    #[test]
    fn encryption_and_public_data_keep_it_quiet() {
        let model = diagram().props("topic", |p| p.encryption_at_rest = Some(true)).build();
        assert!(ids(&UnencryptedQueue, &model).is_empty());
        let model = diagram().props("topic", |p| p.data = profile(Classification::Public)).build();
        assert!(ids(&UnencryptedQueue, &model).is_empty());
    }
}
