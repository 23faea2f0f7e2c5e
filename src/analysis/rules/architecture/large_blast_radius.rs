//! `large-blast-radius`: a component whose compromise reaches a large share of the application or controls a
//! confidential or restricted data store (docs/security-model.md#principles, 6 and 7), computed with the blast-radius engine
//! under the posture the diagram is judged by.

use crate::analysis::blast::BlastGraph;
use crate::analysis::facts::{Facts, classification};
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, Threshold};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::kind::ComponentKind as K;
use crate::model::named::Named as _;
use crate::model::{ComponentIx, Model};

/// The rule.
pub struct LargeBlastRadius;

static META: RuleMeta = RuleMeta {
    id: "large-blast-radius",
    title: "Large blast radius",
    description: "An attacker who compromises this component reaches a large part of the application: from control \
        of it, the blast radius (flows, IAM permissions, instance metadata, container breakout, the Kubernetes API, \
        stored credentials, the network and injection through queues and buses, under the diagram's posture) \
        reaches at least `share` of all components (and at least `min_components`), or gives control of a data \
        store that holds confidential or restricted data and belongs to another bounded context (a store of its \
        own context is what it is there to use; without a context every such store counts). Judged are the \
        footholds: pods, Lambda functions, generic services, EC2 nodes and the EKS control plane (a container \
        through its pod). Detective controls and WAFs are controls, not the application: they count neither \
        towards the diagram's size nor towards a reach. Every step of the blast radius only adds reach, so adding \
        a control never makes this fire. Impact follows the data of the controlled store; likelihood rises when \
        the component is reachable from the internet.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege, Stride::InformationDisclosure],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Isolate it: its own AWS account or VPC, Fargate or Lambda instead of a shared EC2 node, no \
                automounted service-account token, security groups that admit only named sources.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Scope what it holds: IAM actions on named resources (no wildcards, no pass or assume role), \
                RBAC limited to its namespace, secrets it alone can read, authentication on internal listeners.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm on unusual use of its credentials and API calls (GuardDuty, CloudTrail with CloudWatch \
                alarms) so a compromise is contained fast.",
        },
    ],
    thresholds: &[
        Threshold {
            name: "share",
            default: 0.25,
            min: Threshold::SHARE.0,
            max: Threshold::SHARE.1,
            description: "Share of all components (0-1) the blast radius must reach to count as large.",
        },
        Threshold {
            name: "min_components",
            default: 5.0,
            min: Threshold::COUNT.0,
            max: Threshold::COUNT.1,
            description: "Fewest components the blast radius must reach to count as large, so small diagrams do \
                not flag every component.",
        },
    ],
    reference: Some("AWS Well-Architected Framework, Security Pillar: SEC03-BP02 Grant least privilege access"),
};

/// Footholds an attacker takes: components that run code (a container is judged through its pod, which it shares
/// everything with) and the EKS control plane. Stores, brokers, roles and groupings are what a blast radius reaches.
fn judged(model: &Model, facts: &Facts, c: ComponentIx) -> bool {
    !facts.is_external(c)
        && matches!(model.kind(c), K::Pod | K::Lambda | K::GenericService | K::Ec2Node | K::EksControlPlane)
}

/// A controlled sensitive store that is not the component's own business: one in another bounded context (a store
/// of its own context is what it is there to use), or any when it belongs to no context.
fn foreign_store(model: &Model, c: ComponentIx, stores: [Option<ComponentIx>; 2]) -> Option<ComponentIx> {
    let own = model.context(c);
    stores.into_iter().flatten().find(|&s| own.is_none() || model.context(s) != own)
}

impl Rule for LargeBlastRadius {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        // Detective controls and WAFs are controls, not the application: they count neither towards the diagram's
        // size nor towards a reach (the search counts every component, so allow for all of them being reached).
        // Adding one therefore never makes this rule fire.
        let controls = model.components().iter().filter(|c| c.kind.is_detective() || c.kind == K::Waf).count();
        let total = model.components().len() - controls;
        if total == 0 {
            return;
        }
        let share = cx.threshold("share").clamp(0.0, 1.0);
        let floor = cx.threshold("min_components").max(1.0);
        let at_least = ((share * total as f64).ceil().max(floor)) as usize + controls;
        let graph = BlastGraph::with_facts(model, facts, cx.posture);
        for screening in graph.screen(at_least, |c| judged(model, facts, c)) {
            let component = model.component(screening.component);
            let store_ix =
                foreign_store(model, screening.component, [screening.controls_store, screening.also_controls]);
            let store = store_ix.map(|s| model.component(s));
            let reach = screening.reaches_at_least.map(|k| {
                let k = k.saturating_sub(controls).min(total);
                let percent = k * 100 / total;
                format!("reaches at least {k} of the {total} components ({percent} %)")
            });
            let explanation = match (&reach, store) {
                (Some(reach), Some(store)) => {
                    format!("Compromising {} {reach} and gives control of {}.", component.name, store.name)
                }
                (Some(reach), None) => format!("Compromising {} {reach}.", component.name),
                (None, Some(store)) => format!(
                    "Compromising {} gives control of {}, which holds {} data.",
                    component.name,
                    store.name,
                    store_ix.and_then(|s| classification(model, s)).map_or("sensitive", |c| c.as_str())
                ),
                (None, None) => continue,
            };
            let hit = Hit::on(&component.id, explanation)
                .with_elements(store.map(|s| &s.id))
                .with_data(store_ix.and_then(|s| classification(model, s)))
                .exposed(facts.is_internet_facing(screening.component));
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{Classification, DataProfile};
    use crate::model::{ComponentKind as K, Pattern, Posture};

    /// Six Fargate pods next to each other, none saying whether it authenticates.
    fn flat_cluster() -> TestDiagram {
        let mut diagram = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component("eks", K::EksCluster, Some("vpc"))
            .component("fargate", K::FargateProfile, Some("eks"));
        for pod in ["p1", "p2", "p3", "p4", "p5", "p6"] {
            diagram = diagram.component(pod, K::Pod, Some("fargate"));
        }
        diagram
    }

    fn secrets_with(classification: Classification) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("app", K::Lambda, Some("acct"))
            .component_with("db", K::RdsDatabase, Some("acct"), |c| {
                c.properties.data =
                    Some(DataProfile { classification, confidentiality: None, integrity: None, availability: None });
            })
            .component_with("vault", K::SecretsManager, Some("acct"), |c| {
                c.credentials_for = vec![crate::analysis::testkit::id("db")];
            })
            .flow("app", "vault", Pattern::DataRead)
    }

    #[test]
    fn fires_for_every_pod_of_a_flat_perimeter_network() {
        let model = flat_cluster().build();
        let found = ids(&LargeBlastRadius, &model);
        let expected: Vec<String> =
            ["p1", "p2", "p3", "p4", "p5", "p6"].iter().map(|id| format!("large-blast-radius@{id}")).collect();
        assert_eq!(found, expected);
        let findings = run(&LargeBlastRadius, &model);
        assert!(findings[0].explanation.contains("reaches at least"), "{}", findings[0].explanation);
    }

    #[test]
    fn zero_trust_and_authentication_keep_it_quiet() {
        let model = flat_cluster().posture(Posture::ZeroTrust).build();
        assert!(ids(&LargeBlastRadius, &model).is_empty());
        let mut authenticated = flat_cluster();
        for pod in ["p1", "p2", "p3", "p4", "p5", "p6"] {
            authenticated = authenticated.props(pod, |p| p.requires_authentication = Some(true));
        }
        assert!(ids(&LargeBlastRadius, &authenticated.build()).is_empty());
    }

    #[test]
    fn fires_when_a_confidential_store_is_controlled_with_impact_from_its_data() {
        let model = secrets_with(Classification::Restricted).build();
        let findings = run(&LargeBlastRadius, &model);
        let found: Vec<&str> = findings.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(found, ["large-blast-radius@app"], "a secrets store is reached, not a foothold");
        assert_eq!(findings[0].impact, Impact::Severe);
        assert!(findings[0].explanation.contains("gives control of db, which holds restricted data"));
        assert!(findings[0].elements.iter().any(|e| e.as_str() == "db"));
        let internal = secrets_with(Classification::Internal).build();
        assert!(ids(&LargeBlastRadius, &internal).is_empty());
    }

    #[test]
    fn a_store_of_the_components_own_context_is_its_business() {
        let own = secrets_with(Classification::Restricted).context("billing", &["app", "db", "vault"]).build();
        assert!(ids(&LargeBlastRadius, &own).is_empty());
        let other =
            secrets_with(Classification::Restricted).context("billing", &["app"]).context("ledger", &["db"]).build();
        assert_eq!(ids(&LargeBlastRadius, &other), ["large-blast-radius@app"]);
    }

    #[test]
    fn thresholds_come_from_the_diagram() {
        let model = flat_cluster()
            .edit(|d| {
                let settings = d.settings.rules.entry("large-blast-radius".to_owned()).or_default();
                settings.thresholds.insert("min_components".to_owned(), 50.0);
            })
            .build();
        assert!(ids(&LargeBlastRadius, &model).is_empty());
    }

    #[test]
    fn tiny_diagrams_do_not_flag_everything() {
        let model = TestDiagram::new()
            .component("a", K::GenericService, None)
            .component("b", K::GenericService, None)
            .flow("a", "b", Pattern::SyncRequest)
            .build();
        assert!(ids(&LargeBlastRadius, &model).is_empty());
    }
}
