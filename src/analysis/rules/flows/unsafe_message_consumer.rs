//! `unsafe-message-consumer`: a consumer or subscriber that executes or unsafely deserialises what it receives from
//! a queue or bus, so an injected message gives control of it (docs/security-model.md#blast-injection).

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{ComponentIx, Pattern};

/// The rule.
pub struct UnsafeMessageConsumer;

static META: RuleMeta = RuleMeta {
    id: "unsafe-message-consumer",
    title: "Consumer executes its messages",
    description: "A component marked as executing or unsafely deserialising its input (executes_input true) \
        receives messages from a queue (queue-receive) or events from a topic or bus (event-subscribe). Whoever \
        can put a message on that broker gets to run code as the consumer, with its role and its data. One \
        finding per consumer. Likelihood goes up when a broker it reads from has an open policy and down when it \
        validates the schema of its input; impact grows with the consumer's data. Unknown executes_input does not \
        fire.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege, Stride::Tampering],
    likelihood: Likelihood::Possible,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Never execute or natively deserialise message content: use data-only formats (JSON with a \
                schema) and drop what does not parse.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Validate each message's schema and origin before acting on it, and run the consumer with a \
                least-privilege role.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm on rejected or malformed messages and on unusual behaviour of the consumer (GuardDuty \
                runtime monitoring, dead-letter queue depth).",
        },
    ],
    thresholds: &[],
    reference: Some("OWASP Top 10 2021 A08: software and data integrity failures (insecure deserialization)"),
};

impl Rule for UnsafeMessageConsumer {
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
        let props = model.props(c);
        if props.executes_input != Some(true) {
            return;
        }
        let received = model.outgoing(c).filter(|(f, _)| model.flow_attrs(*f).pattern == Pattern::QueueReceive);
        let delivered = model.incoming(c).filter(|(f, _)| model.flow_attrs(*f).pattern == Pattern::EventSubscribe);
        let mut brokers: Vec<ComponentIx> = received.chain(delivered).map(|(_, b)| b).collect();
        if brokers.is_empty() {
            return;
        }
        crate::sorting::sort(&mut brokers);
        brokers.dedup();
        let open = brokers.iter().any(|&b| model.policy(b).is_some_and(|p| p.is_open()));
        let consumer = model.component(c);
        let names = quote::join(model, brokers.iter().copied(), ", ");
        hits.push(
            Hit::on(
                &consumer.id,
                format!(
                    "{} executes what it receives from {}: an injected message runs as {}.",
                    quote::name_of(model, consumer),
                    names,
                    quote::name_of(model, consumer)
                ),
            )
            .with_elements(brokers.iter().map(|&b| model.component_id(b)))
            .with_data(classification(model, c))
            .exposed(open)
            .likelihood(if props.validates_input == Some(true) { -1 } else { 0 }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::ComponentKind as K;
    use crate::model::props::ResourcePolicy;

    fn diagram(executes: Option<bool>) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("queue", K::SqsQueue, Some("acct"))
            .component("bus", K::EventbridgeBus, Some("acct"))
            .component_with("worker", K::Lambda, Some("acct"), |c| c.properties.executes_input = executes)
            .component_with("api", K::Lambda, Some("acct"), |c| c.properties.executes_input = executes)
            .flow("worker", "queue", Pattern::QueueReceive)
            .flow("bus", "worker", Pattern::EventSubscribe)
            .flow("api", "queue", Pattern::QueueSend)
    }

    #[test]
    fn fires_once_per_executing_consumer() {
        let findings = run(&UnsafeMessageConsumer, &diagram(Some(true)).build());
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), vec!["unsafe-message-consumer@worker"]);
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["bus", "queue", "worker"]);
        assert_eq!(findings[0].likelihood, Likelihood::Possible);
    }

    #[test]
    fn safe_or_unknown_consumers_are_quiet() {
        assert!(ids(&UnsafeMessageConsumer, &diagram(Some(false)).build()).is_empty());
        assert!(ids(&UnsafeMessageConsumer, &diagram(None).build()).is_empty());
    }

    #[test]
    fn open_brokers_raise_and_validation_lowers_the_likelihood() {
        let model = diagram(Some(true))
            .props("queue", |p| p.policy = Some(ResourcePolicy { any_principal: true, source_condition: false }))
            .build();
        assert_eq!(run(&UnsafeMessageConsumer, &model)[0].likelihood, Likelihood::Likely);
        let model = diagram(Some(true)).props("worker", |p| p.validates_input = Some(true)).build();
        assert_eq!(run(&UnsafeMessageConsumer, &model)[0].likelihood, Likelihood::Unlikely);
    }
}
