//! `context-coupling-cycle`: bounded contexts that depend on each other in a cycle with at least one synchronous
//! edge. Reads `metrics.context_cycles`.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::Element;

/// The rule.
pub struct ContextCouplingCycle;

static META: RuleMeta = RuleMeta {
    id: "context-coupling-cycle",
    title: "Dependency cycle between bounded contexts",
    description: "Bounded contexts that depend on each other in a cycle (a flow from a member of one context to a \
        member of the next, all the way round), where at least one flow of the cycle is a synchronous request. The \
        contexts can no longer be deployed, scaled or fail independently: a failure in any of them can come back \
        round to the others, which breaks the loose coupling bounded contexts are for. Cycles made only of \
        asynchronous, data and admin flows are not reported. The finding names the contexts and the synchronous \
        flows between them.",
    cia: &[Cia::Availability],
    stride: &[Stride::DenialOfService],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Break the cycle: make the calls in one direction asynchronous (events on SNS or EventBridge, \
                messages on SQS) or merge contexts that cannot work apart.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Move the logic that needs the call back into the context that owns the data, so dependencies \
                point one way only.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Trace calls across contexts (AWS X-Ray) and alarm on cross-context error rates and latency.",
        },
    ],
    thresholds: &[],
    reference: Some(
        "AWS Well-Architected Framework, Reliability Pillar: REL04-BP02 Implement loosely coupled dependencies",
    ),
};

impl Rule for ContextCouplingCycle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        for cycle in cx.metrics.context_cycles.iter().filter(|c| c.has_sync_edge) {
            let names: Vec<&str> = cycle
                .contexts
                .iter()
                .map(|id| match model.element(id) {
                    Some(Element::Context(i)) => {
                        model.diagram().contexts.get(i).map_or(id.as_str(), |c| c.name.as_str())
                    }
                    _ => id.as_str(),
                })
                .collect();
            let explanation = format!(
                "Bounded contexts {} depend on each other in a cycle with at least one synchronous call, so none \
                 of them can be deployed or fail on its own.",
                names.join(", ")
            );
            // The flows by the model's own ids (a cycle across a large estate holds thousands of them).
            debug_assert!(
                cycle.sync_flow_ixs.iter().map(|&f| model.flow_id(f)).eq(&cycle.sync_flows),
                "a cycle's flows"
            );
            let flows = cycle.sync_flow_ixs.iter().map(|&f| model.flow_id(f));
            hits.push(Hit::on_all(&cycle.contexts, explanation).with_elements(flows));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::{ComponentKind as K, Pattern};

    fn contexts(back: Pattern) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("orders", K::Lambda, Some("acct"))
            .component("payments", K::Lambda, Some("acct"))
            .component("topic", K::SnsTopic, Some("acct"))
            .component("ledger", K::Lambda, Some("acct"))
            .context("ordering", &["orders"])
            .context("payment", &["payments", "topic"])
            .context("accounting", &["ledger"])
            .flow("payments", "topic", Pattern::EventPublish)
            .flow("payments", "ledger", Pattern::SyncRequest)
            .flow("orders", "payments", back)
    }

    #[test]
    fn fires_on_a_cycle_with_a_synchronous_edge() {
        let model = contexts(Pattern::SyncRequest).flow("topic", "orders", Pattern::EventSubscribe).build();
        let findings = run(&ContextCouplingCycle, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "context-coupling-cycle@ordering+payment");
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, ["ordering", "orders-payments", "payment"]);
        assert!(findings[0].explanation().starts_with("Bounded contexts ordering, payment depend"));
    }

    #[test]
    fn an_asynchronous_cycle_is_quiet() {
        let model = contexts(Pattern::DataRead).flow("topic", "orders", Pattern::EventSubscribe).build();
        assert!(ids(&ContextCouplingCycle, &model).is_empty());
    }

    #[test]
    fn synchronous_calls_without_a_way_back_are_quiet() {
        let model = contexts(Pattern::SyncRequest).build();
        assert!(ids(&ContextCouplingCycle, &model).is_empty());
    }
}
