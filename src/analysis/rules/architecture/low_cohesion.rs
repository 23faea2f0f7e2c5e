//! `low-cohesion`: a bounded context whose members hardly talk to each other (docs/security-model.md#bounded-contexts and #precision). Reads
//! `metrics.contexts`; the cohesion formula is documented in `analysis::metrics`.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, Threshold};
use crate::analysis::severity::{Impact, Likelihood};

/// The rule.
pub struct LowCohesion;

/// The `min-members` threshold.
const MIN_MEMBERS: Threshold = Threshold {
    name: "min-members",
    default: 3.0,
    min: Threshold::COUNT.0,
    max: Threshold::COUNT.1,
    description: "Smallest context (members that take part in flows) that is judged.",
};

/// The `cohesion` threshold.
const COHESION: Threshold = Threshold {
    name: "cohesion",
    default: 0.5,
    min: Threshold::SHARE.0,
    max: Threshold::SHARE.1,
    description: "Cohesion (0 to 1) below which a context is reported.",
};

static META: RuleMeta = RuleMeta {
    id: "low-cohesion",
    title: "Bounded context with low cohesion",
    description: "A bounded context of at least 3 members (threshold \"min-members\"; members are the components in \
        it that take part in flows) whose cohesion is below 0.5 (threshold \"cohesion\"). Cohesion is the share of \
        the links a connected context needs (one fewer than its members) that its internal flows provide, ignoring \
        direction and counting only flows that join otherwise unconnected members: 1 when every member reaches every \
        other through flows inside the context, 0 when none talks to another. A context whose members do not work \
        together is a label rather than a domain: the isolation drawn around it (account, namespace, roles, network \
        policies) groups services that do not need each other, so each gets more reach than it needs, and the \
        services that belong together sit elsewhere. The default threshold of 0.5 reports a context only when more \
        than half of the links that would connect it are missing; a context split into two well-connected halves is \
        normal and stays quiet.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Minor,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Redraw the context: move members to the context they actually work with, or split it into \
                contexts that each hold services that talk to each other.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Scope IAM roles, Kubernetes namespaces and network policies per service rather than per context, \
                so unrelated members do not share reach.",
        },
    ],
    thresholds: &[MIN_MEMBERS, COHESION],
    reference: Some("AWS Prescriptive Guidance: Decomposing monoliths into microservices (decompose by subdomain)"),
};

impl Rule for LowCohesion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let min_members = cx.threshold(&MIN_MEMBERS);
        let min_cohesion = cx.threshold(&COHESION);
        for context in &cx.metrics.contexts {
            if (context.members as f64) < min_members || context.cohesion >= min_cohesion {
                continue;
            }
            let isolated = match context.isolated_members.len() {
                0 => String::new(),
                1 => " (one member talks to no other member)".to_owned(),
                n => format!(" ({n} members talk to no other member)"),
            };
            let explanation = format!(
                "Bounded context {} has {} members in {} unconnected groups{isolated}: cohesion {:.2} is below \
                 {min_cohesion}.",
                context.name, context.members, context.groups, context.cohesion
            );
            hits.push(Hit::on(&context.id, explanation).with_elements(&context.isolated_members));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::{ComponentKind as K, Pattern};

    fn context(names: &[&str], flows: &[(&str, &str)]) -> TestDiagram {
        let mut d =
            TestDiagram::new().component("acct", K::AwsAccount, None).component("other", K::Lambda, Some("acct"));
        for name in names {
            d = d.component(name, K::Lambda, Some("acct")).flow(name, "other", Pattern::SyncRequest);
        }
        for (from, to) in flows {
            d = d.flow(from, to, Pattern::SyncRequest);
        }
        d.context("ops", names)
    }

    #[test]
    fn fires_for_a_context_of_strangers() {
        let model = context(&["a", "b", "c", "d"], &[("a", "b")]).build();
        let findings = run(&LowCohesion, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "low-cohesion@ops");
        assert_eq!(
            findings[0].explanation(),
            "Bounded context ops has 4 members in 3 unconnected groups (2 members talk to no other member): \
             cohesion 0.33 is below 0.5."
        );
        assert_eq!(findings[0].elements().collect::<Vec<_>>(), ["c", "d", "ops"]);
    }

    #[test]
    fn connected_or_half_connected_contexts_are_quiet() {
        assert!(ids(&LowCohesion, &context(&["a", "b", "c"], &[("a", "b"), ("c", "b")]).build()).is_empty());
        assert!(ids(&LowCohesion, &context(&["a", "b", "c", "d"], &[("a", "b"), ("c", "d")]).build()).is_empty());
        assert!(ids(&LowCohesion, &context(&["a", "b", "c"], &[("a", "b")]).build()).is_empty(), "0.5 is not below");
    }

    #[test]
    fn small_contexts_are_not_judged() {
        assert!(ids(&LowCohesion, &context(&["a", "b"], &[]).build()).is_empty());
        let model = context(&["a", "b", "c"], &[]).build();
        assert_eq!(ids(&LowCohesion, &model), ["low-cohesion@ops"]);
    }
}
