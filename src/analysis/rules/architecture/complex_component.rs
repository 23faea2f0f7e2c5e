//! `complex-component`: a component that talks to many distinct partners (docs/security-model.md#principles: security through
//! simplicity). One pass over each component's flows, O(components + flows log flows).

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, Threshold, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;

/// The rule.
pub struct ComplexComponent;

/// The `partners` threshold.
const PARTNERS: Threshold = Threshold {
    name: "partners",
    default: 8.0,
    min: Threshold::COUNT.0,
    max: Threshold::COUNT.1,
    description: "Distinct flow partners (callers and callees) at which a component is reported.",
};

static META: RuleMeta = RuleMeta {
    id: "complex-component",
    title: "Complex component with many flow partners",
    description: "A component that runs code (a pod, container, Lambda function, EC2 node or generic service) with \
        at least 8 distinct flow partners (threshold \"partners\"; callers and callees together, each counted \
        once). Simpler systems are easier to protect: every partner is another credential, listener, network rule \
        and failure mode to get right, and a foothold in a hub reaches all of its partners. Most microservices talk \
        to a handful of partners (their store, a queue or topic, a few peers); the default of 8 flags components \
        that look more like an orchestrator or a hidden monolith. Brokers, gateways and stores are not judged \
        (fanning out is their job). Impact scales with the data the component handles.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Minor,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Split the component along its responsibilities, or put a queue or event bus between it and the \
                partners that need no answer.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Authenticate and authorise every partner individually and scope its role to exactly the partners \
                it needs.",
        },
    ],
    thresholds: &[PARTNERS],
    reference: Some("AWS Whitepaper: Implementing Microservices on AWS (decentralised, single-purpose services)"),
};

impl Rule for ComplexComponent {
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
        if !model.kind(c).runs_code() {
            return;
        }
        let limit = cx.threshold(&PARTNERS).max(1.0);
        // Far fewer flows than the limit: no need to count distinct partners.
        let flows = model.outgoing(c).chain(model.incoming(c)).count();
        if (flows as f64) < limit {
            return;
        }
        let mut partners: Vec<ComponentIx> = model.outgoing(c).chain(model.incoming(c)).map(|(_, p)| p).collect();
        crate::sorting::sort(&mut partners);
        partners.dedup();
        if (partners.len() as f64) < limit {
            return;
        }
        let component = model.component(c);
        let explanation = format!(
            "{} has {} distinct flow partners: every one is another credential, listener and rule to get right, \
             and a foothold in it reaches them all.",
            quote::name_of(model, component),
            partners.len()
        );
        let hit = Hit::on(model.component_id(c), explanation)
            .with_elements(partners.iter().map(|&p| model.component_id(p)))
            .with_data(classification(model, c));
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::settings::RuleSettings;
    use crate::model::{ComponentKind as K, Pattern};

    /// `hub` calls `n` lambdas (twice each) and one table; `fanout` is a topic with `n` subscribers.
    fn hub(n: usize) -> TestDiagram {
        let mut d = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("hub", K::Lambda, Some("acct"))
            .component("fanout", K::SnsTopic, Some("acct"));
        for i in 0..n {
            let name = format!("svc{i}");
            d = d
                .component(&name, K::Lambda, Some("acct"))
                .flow("hub", &name, Pattern::SyncRequest)
                .flow("hub", &name, Pattern::SyncRequest)
                .flow("fanout", &name, Pattern::EventSubscribe);
        }
        d
    }

    #[test]
    fn fires_at_eight_distinct_partners() {
        let model = hub(8).build();
        let findings = run(&ComplexComponent, &model);
        assert_eq!(findings.len(), 1, "the topic is not judged");
        assert_eq!(findings[0].id(), "complex-component@hub");
        assert_eq!(findings[0].elements().len(), 9);
        assert!(findings[0].explanation().starts_with("hub has 8 distinct flow partners"));
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Unlikely, Impact::Minor));
    }

    #[test]
    fn repeated_flows_to_the_same_partner_count_once() {
        assert!(ids(&ComplexComponent, &hub(7).build()).is_empty());
    }

    #[test]
    fn the_threshold_is_tunable() {
        let model = hub(4)
            .edit(|d| {
                let settings = RuleSettings { enabled: None, thresholds: [("partners".to_owned(), 4.0)].into() };
                d.settings.rules.insert("complex-component".to_owned(), settings);
            })
            .build();
        assert_eq!(ids(&ComplexComponent, &model), ["complex-component@hub"]);
    }
}
