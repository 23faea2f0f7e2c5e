//! `sync-call-across-contexts`: a synchronous request from one bounded context into another, which couples them
//! and chains their availability (docs/security-model.md#communication).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_flow};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::Importance;
use crate::model::{FlowIx, Pattern};

/// The rule.
pub struct SyncCallAcrossContexts;

static META: RuleMeta = RuleMeta {
    id: "sync-call-across-contexts",
    title: "Synchronous call between bounded contexts",
    description: "A synchronous request (REST, gRPC) goes from a component in one bounded context to a component in \
        another. Contexts should be loosely coupled: a synchronous call chains their availability, so the caller \
        fails or stalls whenever the callee does. One finding per flow; both ends must belong to a context (their \
        own or a container's) and the contexts must differ. Impact follows the caller's availability importance: \
        one step up when it is high, one down when it is low.",
    cia: &[Cia::Availability],
    stride: &[Stride::DenialOfService],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Replace the call with a message queue or events, so the caller never waits for the other context.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Give the call tight timeouts, retries with backoff and a circuit breaker, and a fallback when the \
                callee is down.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm on the callee's error rate and latency (CloudWatch alarms) and trace the call (X-Ray).",
        },
    ],
    thresholds: &[],
    reference: Some("AWS Well-Architected Framework, Reliability Pillar: REL04 implement loosely coupled dependencies"),
};

impl Rule for SyncCallAcrossContexts {
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
        let contexts = &model.diagram().contexts;
        if model.pattern(f) != Pattern::SyncRequest {
            return;
        }
        let (from, to) = model.flow_ends(f);
        let (Some(a), Some(b)) = (model.context(from), model.context(to)) else {
            return;
        };
        let (Some(from_context), Some(to_context)) = (contexts.get(a), contexts.get(b)) else {
            return;
        };
        if a == b {
            return;
        }
        let (caller, callee) = (model.component(from), model.component(to));
        let impact = match crate::analysis::data::profile(model, from).map(|d| d.availability()) {
            Some(Importance::High) => 1,
            Some(Importance::Low) => -1,
            _ => 0,
        };
        hits.push(
            Hit::on(
                model.flow_id(f),
                format!(
                    "{} ({}) calls {} ({}) synchronously: it fails when {} does.",
                    quote::name_of(model, caller),
                    from_context.name,
                    quote::name_of(model, callee),
                    to_context.name,
                    quote::name_of(model, callee)
                ),
            )
            .with_elements([model.component_id(from), model.component_id(to), &from_context.id, &to_context.id])
            .impact(impact),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::ComponentKind as K;
    use crate::model::props::{Classification, DataProfile};

    fn diagram(pattern: Pattern) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("orders", K::Lambda, Some("acct"))
            .component("payments", K::Lambda, Some("acct"))
            .component("stock", K::Lambda, Some("acct"))
            .component("audit", K::Lambda, Some("acct"))
            .flow("orders", "payments", pattern)
            .flow("orders", "stock", pattern)
            .flow("orders", "audit", pattern)
            .context("ordering", &["orders", "stock"])
            .context("payment", &["payments"])
    }

    #[test]
    fn fires_once_per_flow_across_contexts() {
        let model = diagram(Pattern::SyncRequest).build();
        let findings = run(&SyncCallAcrossContexts, &model);
        assert_eq!(
            findings.iter().map(|f| f.id()).collect::<Vec<_>>(),
            vec!["sync-call-across-contexts@orders-payments"]
        );
        assert!(findings[0].elements().any(|e| e == "payment"));
        assert_eq!(findings[0].impact, Impact::Moderate);
    }

    #[test]
    fn asynchronous_patterns_and_unassigned_ends_are_quiet() {
        assert!(ids(&SyncCallAcrossContexts, &diagram(Pattern::DataRead).build()).is_empty());
    }

    #[test]
    fn contexts_are_inherited_from_containers() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component("a", K::GenericService, Some("vpc"))
            .component("b", K::Lambda, Some("acct"))
            .flow("a", "b", Pattern::SyncRequest)
            .context("one", &["vpc"])
            .context("two", &["b"])
            .build();
        assert_eq!(ids(&SyncCallAcrossContexts, &model), vec!["sync-call-across-contexts@a-b"]);
    }

    #[test]
    fn caller_availability_moves_the_impact() {
        let model = diagram(Pattern::SyncRequest)
            .props("orders", |p| {
                p.data = Some(DataProfile {
                    classification: Classification::Internal,
                    confidentiality: None,
                    integrity: None,
                    availability: Some(Importance::High),
                });
            })
            .build();
        assert_eq!(run(&SyncCallAcrossContexts, &model)[0].impact, Impact::Major);
    }
}
