//! `too-many-responsibilities`: a component whose flows touch many bounded contexts besides its own (docs/security-model.md#modularity:
//! security through modularity). One pass over each component's flows,
//! O(components + flows log flows).

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, Threshold, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{ComponentIx, Model};

/// The rule.
pub struct TooManyResponsibilities;

/// The `contexts` threshold.
const CONTEXTS: Threshold = Threshold {
    name: "contexts",
    default: 3.0,
    min: Threshold::COUNT.0,
    max: Threshold::COUNT.1,
    description: "Bounded contexts besides its own that a component's flows must touch to be reported.",
};

static META: RuleMeta = RuleMeta {
    id: "too-many-responsibilities",
    title: "Component with too many responsibilities",
    description: "A component that runs code (a pod, container, Lambda function, EC2 node or generic service) whose \
        flows, in either direction, touch at least 3 bounded contexts (threshold \"contexts\") other than its own \
        (for a component in no context: any context). Its home context does not count: a service in the middle of a \
        pipeline, called from one context and handing work to another, is doing one job. A service that works for \
        several other business domains is not small, independently deployable and patchable: a compromise or a \
        faulty change there reaches every one of those domains, and its permissions must cover all of them. Brokers, \
        gateways and stores are not judged (fanning out is their job). Impact scales with the data the component \
        handles.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Split the component so each part serves one bounded context, or move it into the context it \
                mostly serves and talk to the others through events.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Give it one narrowly scoped role per context it serves and authorise each call, so a foothold in \
                it does not carry every context's permissions.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Log and alarm on its calls into each context (access logs, CloudTrail data events).",
        },
    ],
    thresholds: &[CONTEXTS],
    reference: Some("AWS Whitepaper: Implementing Microservices on AWS (decentralised, single-purpose services)"),
};

/// The contexts other than its own that a component's flows touch, sorted and unique.
fn touched(model: &Model, c: ComponentIx) -> Vec<usize> {
    let own = model.context(c);
    let partners = model.outgoing(c).chain(model.incoming(c)).map(|(_, partner)| model.context(partner));
    let mut seen: Vec<usize> = partners.flatten().filter(|&x| Some(x) != own).collect();
    crate::sorting::sort(&mut seen);
    seen.dedup();
    seen
}

impl Rule for TooManyResponsibilities {
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
        let contexts = &model.diagram().contexts;
        let limit = cx.threshold(&CONTEXTS).max(1.0);
        // Every code component's flows are looked at, however few contexts there are: a check that returned early
        // on their number would read its flows only once contexts were added, which a live analysis is not told.
        let seen = touched(model, c);
        if (seen.len() as f64) < limit {
            return;
        }
        let names: Vec<&str> = seen.iter().map(|&x| contexts[x].name.as_str()).collect();
        let component = model.component(c);
        let explanation = format!(
            "{} has flows into {} bounded contexts besides its own ({}): a compromise or a faulty change there \
             reaches all of them.",
            quote::name_of(model, component),
            seen.len(),
            names.join(", ")
        );
        let hit = Hit::on(model.component_id(c), explanation)
            .with_elements(seen.iter().map(|&x| &contexts[x].id))
            .with_data(classification(model, c));
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{Classification, DataProfile};
    use crate::model::{ComponentKind as K, Pattern};

    fn hub() -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("hub", K::Lambda, Some("acct"))
            .component("orders", K::Lambda, Some("acct"))
            .component("billing", K::Lambda, Some("acct"))
            .component("stock", K::Lambda, Some("acct"))
            .component("mail", K::Lambda, Some("acct"))
            .component("topic", K::SnsTopic, Some("acct"))
            .context("ordering", &["hub", "orders"])
            .context("payment", &["billing"])
            .context("warehouse", &["stock", "topic"])
            .context("notification", &["mail"])
    }

    #[test]
    fn fires_when_flows_reach_three_other_contexts() {
        let model = hub()
            .props("hub", |p| {
                p.data = Some(DataProfile {
                    classification: Classification::Restricted,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
            })
            .flow("hub", "billing", Pattern::SyncRequest)
            .flow("stock", "hub", Pattern::SyncRequest)
            .flow("hub", "mail", Pattern::SyncRequest)
            .flow("hub", "orders", Pattern::SyncRequest)
            .build();
        let findings = run(&TooManyResponsibilities, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "too-many-responsibilities@hub");
        assert_eq!(findings[0].elements().collect::<Vec<_>>(), ["hub", "notification", "payment", "warehouse"]);
        assert_eq!(
            findings[0].explanation(),
            "hub has flows into 3 bounded contexts besides its own (notification, payment, warehouse): a compromise \
             or a faulty change there reaches all of them."
        );
        assert_eq!(findings[0].impact, Impact::Severe);
    }

    #[test]
    fn a_pipeline_through_its_home_context_and_brokers_are_quiet() {
        let model = hub().flow("stock", "hub", Pattern::SyncRequest).flow("hub", "billing", Pattern::SyncRequest).flow(
            "hub",
            "orders",
            Pattern::SyncRequest,
        );
        assert!(ids(&TooManyResponsibilities, &model.build()).is_empty(), "its own context does not count");
        let model = hub()
            .flow("orders", "topic", Pattern::EventPublish)
            .flow("topic", "billing", Pattern::EventSubscribe)
            .flow("topic", "mail", Pattern::EventSubscribe)
            .flow("topic", "hub", Pattern::EventSubscribe)
            .build();
        assert!(ids(&TooManyResponsibilities, &model).is_empty(), "the topic fans out by design");
    }

    #[test]
    fn a_component_outside_every_context_counts_every_partner_context() {
        let model = hub()
            .component("gateway", K::GenericService, Some("acct"))
            .flow("gateway", "orders", Pattern::SyncRequest)
            .flow("gateway", "billing", Pattern::SyncRequest)
            .flow("gateway", "stock", Pattern::SyncRequest)
            .flow("gateway", "hub", Pattern::SyncRequest)
            .build();
        assert_eq!(ids(&TooManyResponsibilities, &model), ["too-many-responsibilities@gateway"]);
    }
}
