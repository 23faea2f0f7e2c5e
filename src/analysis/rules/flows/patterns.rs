//! The three communication patterns of docs/security-model.md#communication as small diagrams, run through every rule of this group:
//! each pattern gets the findings that make its point, and its secured form gets none of them.

use crate::analysis::facts::Facts;
use crate::analysis::metrics::Metrics;
use crate::analysis::run_rules;
use crate::analysis::testkit::TestDiagram;
use crate::model::props::{Classification, ResourcePolicy};
use crate::model::{Authentication, ComponentKind as K, Model, Pattern, Protocol};

/// Finding ids of every rule of the flows group.
fn finding_ids(model: &Model) -> Vec<String> {
    let facts = Facts::new(model);
    let metrics = Metrics::compute(model, &facts);
    let mut ids: Vec<String> = run_rules(model, &facts, &metrics, model.diagram().settings.posture, &super::rules())
        .into_iter()
        .map(|f| f.id().to_owned())
        .collect();
    ids.sort();
    ids
}

fn signed(flow: &mut crate::model::Flow) {
    flow.protocol = Some(Protocol::AwsApi);
    flow.authentication = Some(Authentication::IamSigv4);
}

/// Pattern 1: Orders calls Payments synchronously, across bounded contexts.
fn sync_rest() -> Model {
    TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("orders", K::Lambda, Some("acct"))
        .component("payments", K::Lambda, Some("acct"))
        .flow_with("orders", "payments", Pattern::SyncRequest, |f| {
            f.protocol = Some(Protocol::Https);
            f.authentication = Some(Authentication::IamSigv4);
        })
        .context("ordering", &["orders"])
        .context("payment", &["payments"])
        .build()
}

#[test]
fn sync_pattern_gets_sync_call_across_contexts() {
    assert_eq!(finding_ids(&sync_rest()), vec!["sync-call-across-contexts@orders-payments"]);
}

/// Pattern 2: Orders hands work to Payments through an SQS queue.
fn queue(secured: bool) -> Model {
    let policy = ResourcePolicy { any_principal: !secured, source_condition: false };
    TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("orders", K::GenericService, Some("acct"))
        .component("payments", K::Lambda, Some("acct"))
        .component("queue", K::SqsQueue, Some("acct"))
        .props("queue", |p| {
            p.encryption_at_rest = Some(secured);
            p.policy = Some(policy);
        })
        .props("payments", |p| p.validates_input = Some(secured))
        .flow_with("orders", "queue", Pattern::QueueSend, |f| {
            f.protocol = Some(Protocol::Https);
            f.authentication = Some(if secured { Authentication::IamSigv4 } else { Authentication::None });
            f.data = Some(Classification::Confidential);
        })
        .flow_with("payments", "queue", Pattern::QueueReceive, signed)
        .context("ordering", &["orders"])
        .context("payment", &["payments", "queue"])
        .build()
}

#[test]
fn queue_pattern_gets_findings_on_the_queue_and_both_ends() {
    let ids = finding_ids(&queue(false));
    assert_eq!(
        ids,
        vec![
            "open-broker-policy@queue",
            "unauthenticated-consumer@payments-queue",
            "unauthenticated-producer@orders-queue",
            "unencrypted-queue@queue",
        ]
    );
    assert!(finding_ids(&queue(true)).is_empty(), "the secured queue is quiet");
}

/// Pattern 3: Orders publishes to a bus; Payments and Shipping, in other contexts, subscribe.
fn events(secured: bool) -> Model {
    TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("orders", K::Lambda, Some("acct"))
        .component("payments", K::Lambda, Some("acct"))
        .component("shipping", K::Lambda, Some("acct"))
        .component("bus", K::EventbridgeBus, Some("acct"))
        .props("bus", |p| p.source_pinned = Some(secured))
        .props("payments", |p| p.validates_input = Some(true))
        .props("shipping", |p| p.validates_input = Some(secured))
        .flow_with("orders", "bus", Pattern::EventPublish, signed)
        .flow_with("bus", "payments", Pattern::EventSubscribe, signed)
        .flow_with("bus", "shipping", Pattern::EventSubscribe, signed)
        .context("ordering", &["orders"])
        .context("payment", &["payments"])
        .context("fulfilment", &["shipping"])
        .build()
}

#[test]
fn event_pattern_gets_event_injection() {
    assert_eq!(finding_ids(&events(false)), vec!["event-injection@bus"]);
    assert!(finding_ids(&events(true)).is_empty(), "a pinned bus with validating subscribers is quiet");
}
