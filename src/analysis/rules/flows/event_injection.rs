//! `event-injection`: through an event bus, a compromised publisher (or broker) can inject events into every
//! subscriber (docs/security-model.md#communication and #blast-injection). One finding per bus.

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::rules::flows::support::broker_data;
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{ComponentIx, ComponentKind as K, Model, Pattern};

/// The rule.
pub struct EventInjection;

static META: RuleMeta = RuleMeta {
    id: "event-injection",
    title: "Event injection through a bus",
    description: "An SNS topic or EventBridge bus lets a compromised publisher (or broker) inject events that \
        subscribers act on. Injection needs someone to pose as: a second publisher, or a publisher from another \
        bounded context or trust level (the internet, a user) than the subscribers; and subscribers that process \
        what they receive (people reached by email or SMS do not). Fires once per bus when the bus does not pin \
        the event source (EventBridge: source_pinned is not true; SNS, which has no source pinning of its own: \
        its topic policy has no source condition), then every subscriber is at risk; or when a subscriber does \
        not say it validates the schema of what it receives, then those subscribers are at risk. Likelihood goes \
        up when a subscriber at risk executes its input and when subscribers at risk sit in other bounded contexts \
        than a publisher, and down when the only gap is an unpinned source (every subscriber validates). Impact \
        grows with the data of the bus and of the subscribers at risk.",
    cia: &[Cia::Integrity],
    stride: &[Stride::Spoofing, Stride::Tampering],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Pin the event source in the bus's rules (match on source and account) or the topic policy \
                (aws:SourceArn), and validate every event's schema and origin in each subscriber.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Give each publisher its own bus or topic, and allow only that publisher's role to put events.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Archive events and alarm on unexpected sources or schema rejections (EventBridge archives, \
                CloudWatch metrics on failed invocations).",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon EventBridge User Guide: event patterns (filtering on source and account)"),
};

/// Whether publishers are pinned to their own source.
fn pinned(model: &Model, bus: ComponentIx) -> bool {
    let props = model.props(bus);
    props.source_pinned == Some(true)
        || model.kind(bus) == K::SnsTopic && props.policy.is_some_and(|policy| policy.source_condition)
}

impl Rule for EventInjection {
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
        if !model.kind(c).is_event_broker() {
            return;
        }
        let publish = |(f, _): &(_, ComponentIx)| model.flow_attrs(*f).pattern == Pattern::EventPublish;
        let subscribe = |(f, _): &(_, ComponentIx)| model.flow_attrs(*f).pattern == Pattern::EventSubscribe;
        if !model.incoming(c).any(|e| publish(&e)) || !model.outgoing(c).any(|e| subscribe(&e)) {
            return;
        }
        let pinned = pinned(model, c);
        let mut publishers: Vec<ComponentIx> = model.incoming(c).filter(publish).map(|(_, p)| p).collect();
        let mut subscribers: Vec<ComponentIx> = model.outgoing(c).filter(subscribe).map(|(_, s)| s).collect();
        crate::sorting::sort(&mut publishers);
        publishers.dedup();
        crate::sorting::sort(&mut subscribers);
        subscribers.dedup();
        // People (email, SMS) read messages; they do not process them.
        subscribers.retain(|&s| !model.kind(s).is_external());
        if !can_pose(model, &publishers, &subscribers) {
            return;
        }
        let validates = |s: &ComponentIx| model.validates_input(*s) == Some(true);
        let all_validate = subscribers.iter().all(validates);
        let at_risk: Vec<ComponentIx> = subscribers.iter().copied().filter(|s| !pinned || !validates(s)).collect();
        if at_risk.is_empty() {
            return;
        }
        hits.push(hit(model, c, pinned, all_validate, &publishers, &at_risk));
    }
}

/// Whether a publisher has someone to pose as: another publisher, or it differs in bounded context or trust level
/// (an external actor) from a subscriber. A lone publisher in the subscribers' own context only sends what it could
/// send anyway.
fn can_pose(model: &Model, publishers: &[ComponentIx], subscribers: &[ComponentIx]) -> bool {
    if publishers.len() >= 2 {
        return true;
    }
    publishers.iter().any(|&p| {
        model.kind(p).is_external()
            || subscribers.iter().any(|&s| model.context(s).is_some() && model.context(s) != model.context(p))
    })
}

fn hit(
    model: &Model,
    bus: ComponentIx,
    pinned: bool,
    all_validate: bool,
    publishers: &[ComponentIx],
    at_risk: &[ComponentIx],
) -> Hit {
    let mut publisher_contexts: Vec<usize> = publishers.iter().filter_map(|&p| model.context(p)).collect();
    crate::sorting::sort(&mut publisher_contexts);
    publisher_contexts.dedup();
    let executes = at_risk.iter().any(|&s| model.props(s).executes_input == Some(true));
    let other_context =
        at_risk.iter().filter_map(|&s| model.context(s)).any(|own| publisher_contexts.iter().any(|&p| p != own));
    let likelihood = i8::from(executes) + i8::from(other_context) - i8::from(!pinned && all_validate);
    let data = at_risk.iter().map(|&s| classification(model, s)).max().flatten().max(broker_data(model, bus));
    let names = |list: &[ComponentIx]| quote::join(model, list.iter().copied(), ", ");
    let why = if pinned { "its subscribers do not all validate events" } else { "it does not pin the event source" };
    let name = &quote::name(model, bus);
    Hit::on(
        model.component_id(bus),
        format!(
            "{name} passes events from {} to {} and {why}: a compromised publisher can inject events into {}.",
            names(publishers),
            if at_risk.len() == 1 { "a subscriber" } else { "subscribers" },
            names(at_risk)
        ),
    )
    .with_elements(publishers.iter().chain(at_risk).map(|&c| model.component_id(c)))
    .with_data(data)
    .likelihood(likelihood)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::flows::support::profile;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{Classification, ResourcePolicy};

    fn bus(kind: K) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("bus", kind, Some("acct"))
            .component("orders", K::Lambda, Some("acct"))
            .component("payments", K::Lambda, Some("acct"))
            .component("shipping", K::Lambda, Some("acct"))
            .component("reviews", K::Lambda, Some("acct"))
            .flow("orders", "bus", Pattern::EventPublish)
            .flow("reviews", "bus", Pattern::EventPublish)
            .flow("bus", "payments", Pattern::EventSubscribe)
            .flow("bus", "shipping", Pattern::EventSubscribe)
    }

    fn element_ids(model: &Model) -> Vec<String> {
        run(&EventInjection, model)[0].elements().map(str::to_owned).collect()
    }

    #[test]
    fn an_unpinned_bus_puts_every_subscriber_at_risk() {
        let model = bus(K::EventbridgeBus).props("payments", |p| p.validates_input = Some(true)).build();
        let findings = run(&EventInjection, &model);
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), vec!["event-injection@bus"]);
        assert_eq!(findings[0].likelihood, Likelihood::Possible);
        assert_eq!(element_ids(&model), vec!["bus", "orders", "payments", "reviews", "shipping"]);
    }

    #[test]
    fn a_pinned_bus_puts_only_non_validating_subscribers_at_risk() {
        let model = bus(K::EventbridgeBus)
            .props("bus", |p| p.source_pinned = Some(true))
            .props("payments", |p| p.validates_input = Some(true))
            .build();
        assert_eq!(element_ids(&model), vec!["bus", "orders", "reviews", "shipping"]);
    }

    #[test]
    fn pinning_and_validation_together_keep_it_quiet() {
        let model = bus(K::EventbridgeBus)
            .props("bus", |p| p.source_pinned = Some(true))
            .props("payments", |p| p.validates_input = Some(true))
            .props("shipping", |p| p.validates_input = Some(true))
            .build();
        assert!(ids(&EventInjection, &model).is_empty());
        let model = bus(K::SnsTopic)
            .props("bus", |p| p.policy = Some(ResourcePolicy { any_principal: false, source_condition: true }))
            .props("payments", |p| p.validates_input = Some(true))
            .props("shipping", |p| p.validates_input = Some(true))
            .build();
        assert!(ids(&EventInjection, &model).is_empty(), "an SNS topic policy with a source condition pins");
    }

    #[test]
    fn validation_alone_lowers_the_likelihood() {
        let model = bus(K::SnsTopic)
            .props("payments", |p| p.validates_input = Some(true))
            .props("shipping", |p| p.validates_input = Some(true))
            .build();
        assert_eq!(run(&EventInjection, &model)[0].likelihood, Likelihood::Unlikely);
    }

    #[test]
    fn executing_subscribers_and_other_contexts_raise_the_likelihood() {
        let model = bus(K::EventbridgeBus)
            .props("shipping", |p| {
                p.executes_input = Some(true);
                p.data = profile(Classification::Restricted);
            })
            .context("ordering", &["orders"])
            .context("fulfilment", &["shipping"])
            .build();
        let findings = run(&EventInjection, &model);
        assert_eq!(findings[0].likelihood, Likelihood::AlmostCertain);
        assert_eq!(findings[0].impact, Impact::Severe);
    }

    #[test]
    fn a_lone_publisher_to_people_or_its_own_context_is_quiet() {
        let alerts = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("topic", K::SnsTopic, Some("acct"))
            .component("monitor", K::Lambda, Some("acct"))
            .component("on-call", K::User, None)
            .flow("monitor", "topic", Pattern::EventPublish)
            .flow("topic", "on-call", Pattern::EventSubscribe);
        assert!(ids(&EventInjection, &alerts.build()).is_empty(), "email to people processes nothing");
        let one = || {
            TestDiagram::new()
                .component("acct", K::AwsAccount, None)
                .component("bus", K::EventbridgeBus, Some("acct"))
                .component("orders", K::Lambda, Some("acct"))
                .component("invoices", K::Lambda, Some("acct"))
                .flow("orders", "bus", Pattern::EventPublish)
                .flow("bus", "invoices", Pattern::EventSubscribe)
        };
        assert!(ids(&EventInjection, &one().build()).is_empty(), "nobody to pose as");
        let across = one().context("ordering", &["orders"]).context("billing", &["invoices"]).build();
        assert_eq!(ids(&EventInjection, &across), ["event-injection@bus"], "a publisher of another context");
    }

    #[test]
    fn a_bus_needs_a_publisher_and_a_subscriber() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("bus", K::EventbridgeBus, Some("acct"))
            .component("orders", K::Lambda, Some("acct"))
            .flow("orders", "bus", Pattern::EventPublish)
            .build();
        assert!(ids(&EventInjection, &model).is_empty());
    }
}
