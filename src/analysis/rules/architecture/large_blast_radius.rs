//! `large-blast-radius`: a component whose compromise reaches a large part of the application beyond its own
//! drawn dependencies, or controls a confidential or restricted data store of another bounded context
//! (docs/security-model.md#containment), computed with the blast-radius engine under the posture the diagram is
//! judged by, in one linear sweep for every component (`blast::ranking`).

use crate::analysis::blast::{Level, Reach};
use crate::analysis::data::classification;
use crate::analysis::facts::Facts;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, Threshold};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::kind::ComponentKind as K;
use crate::model::named::Named as _;
use crate::model::props::Classification;
use crate::model::{ComponentIx, Model, Pattern};

/// The rule.
pub struct LargeBlastRadius;

/// The `share` threshold.
const SHARE: Threshold = Threshold {
    name: "share",
    default: 0.25,
    min: Threshold::SHARE.0,
    max: Threshold::SHARE.1,
    description: "Share of the application's components (0-1) the blast radius must weigh to count as \
            large (control weighs 1, influence 1/2; people, outside actors, detective controls and WAFs are \
            not the application).",
};

/// The `min_components` threshold.
const MIN_COMPONENTS: Threshold = Threshold {
    name: "min_components",
    default: 5.0,
    min: Threshold::COUNT.0,
    max: Threshold::COUNT.1,
    description: "Fewest components the blast radius must weigh to count as large (control weighs 1, \
            influence 1/2), so small diagrams do not flag every component.",
};

static META: RuleMeta = RuleMeta {
    id: "large-blast-radius",
    title: "Large blast radius",
    description: "An attacker who compromises this component reaches a large part of the application beyond \
        what it is drawn to use: from control of it, the blast radius (flows, IAM permissions, instance metadata, \
        container breakout, the Kubernetes API, stored credentials, the network and injection through queues and \
        buses, under the diagram's posture) weighs at least `share` of the application's components (and at least \
        `min_components`), or gives control of a data store that holds confidential or restricted data and \
        belongs to another bounded context (a store of its own context is what it is there to use; without a \
        context every such store counts). A controlled component weighs 1 and an influenced one 1/2. Not \
        counted: the component itself, its own IAM role and containers, what its own drawn flows reach at the \
        level they give (a callee it is drawn to call is expected, taking it over is not), people and outside \
        actors, detective controls and WAFs (controls, not the application: they count neither towards the \
        application's size nor towards a reach, so an unrelated control never changes the verdict). Judged are \
        the footholds: pods, Lambda functions, generic services, EC2 nodes and the EKS control plane (a container \
        through its pod). Reaches beyond 127 components are estimated (typically within 9 %, never above the \
        diagram's size). Every step of the blast radius only adds reach, so adding a control never makes this \
        fire. Impact follows the data of the controlled store; likelihood rises when the component is reachable \
        from the internet.",
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
    thresholds: &[SHARE, MIN_COMPONENTS],
    reference: Some("AWS Well-Architected Framework, Security Pillar: SEC03-BP02 Grant least privilege access"),
};

/// Footholds an attacker takes: components that run code (a container is judged through its pod, which it shares
/// everything with) and the EKS control plane. Stores, brokers, roles and groupings are what a blast radius reaches.
fn judged(model: &Model, facts: &Facts, c: ComponentIx) -> bool {
    !facts.is_external(c)
        && matches!(model.kind(c), K::Pod | K::Lambda | K::GenericService | K::Ec2Node | K::EksControlPlane)
}

/// Components that make up the application for this rule: not people or outside actors, and not controls
/// (detective controls and WAFs), so adding or removing one never moves the threshold.
fn counted(kind: K) -> bool {
    !kind.is_external() && !kind.is_detective() && kind != K::Waf
}

/// A controlled sensitive store that is not the component's own business: one in another bounded context (a store
/// of its own context is what it is there to use), or any when it belongs to no context.
fn foreign_store(model: &Model, c: ComponentIx, stores: impl Iterator<Item = ComponentIx>) -> Option<ComponentIx> {
    let own = model.context(c);
    stores.filter(|&s| s != c).find(|&s| own.is_none() || model.context(s) != own)
}

/// What reaching a component is expected to give, by the design itself: the component, its own role and its
/// containers under control, and the callees of its own drawn flows at the level the flow gives (control for an
/// admin flow). The blast radius always reaches each at least at that level, so the sizes drop them exactly.
/// `own` is scratch space.
fn expected(model: &Model, c: ComponentIx, own: &mut Vec<(ComponentIx, Level)>) -> (usize, usize) {
    own.clear();
    own.push((c, Level::Control));
    if let Some(role) = model.role(c).filter(|&r| model.role_users(r).contains(&c)) {
        own.push((role, Level::Control));
    }
    if model.kind(c) == K::Pod {
        own.extend(model.children(c).iter().filter(|&&k| model.kind(k) == K::Container).map(|&k| (k, Level::Control)));
    }
    for (f, to) in model.outgoing(c) {
        let level = if model.pattern(f) == Pattern::Admin { Level::Control } else { Level::Influence };
        own.push((to, level));
    }
    own.retain(|&(k, _)| counted(model.kind(k)));
    // Once per component per sweep, on a few entries: the standard sort (see `crate::sorting`); equal keys are equal
    // entries, so the order is the same.
    own.sort_unstable_by_key(|&(k, level)| (k, level != Level::Control));
    own.dedup_by_key(|&mut (k, _)| k);
    let controlled = own.iter().filter(|&&(_, level)| level == Level::Control).count();
    (own.len(), controlled)
}

/// The weight of a reach beyond what is expected, in halves (control 2, influence 1), and whether it is exact.
/// `scratch` is scratch space.
fn weight(
    model: &Model,
    c: ComponentIx,
    reach: &Reach<'_>,
    total: usize,
    scratch: &mut Vec<(ComponentIx, Level)>,
) -> (f64, bool, usize, usize) {
    let (reached, controlled) = (reach.reached(), reach.controlled());
    let (own, own_controlled) = expected(model, c, scratch);
    // An estimate never claims more than every counted component (the reach includes the component itself).
    let reached_n = (reached.value.min(total as f64) - own as f64).max(0.0);
    let controlled_n = (controlled.value - own_controlled as f64).max(0.0).min(reached_n);
    let halves = reached_n + controlled_n;
    let shown_controlled = controlled_n.round() as usize;
    let shown_influenced = (reached_n - controlled_n).round() as usize;
    (halves, reached.exact && controlled.exact, shown_controlled, shown_influenced)
}

/// How a foothold was judged: everything its hit is made from but names and the [`wording`] every large one shares.
/// Equal verdicts under an equal posture make equal hits up to that wording, so a live re-run writes hits only for
/// the footholds judged otherwise ([`crate::analysis::blast::judged`]).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Verdict {
    /// When the blast radius is large: its weight, whether exact, and the components it controls and influences.
    large: Option<(f64, bool, usize, usize)>,
    /// The foreign sensitive store it controls.
    store: Option<ComponentIx>,
    /// What data that store holds.
    held: Option<Classification>,
    /// Whether the foothold is reachable from the internet.
    exposed: bool,
}

impl crate::analysis::blast::Judgement for Verdict {
    fn shift(&mut self, shifted: &dyn Fn(ComponentIx) -> Option<ComponentIx>) -> bool {
        crate::analysis::blast::shift_named(&mut self.store, shifted)
    }
}

/// What the texts of large blast radii share: the number of `total` components, of which `needed` make a blast
/// radius large. A live analysis rewrites it in the kept findings when a component comes or goes.
fn wording(total: usize, needed: f64) -> String {
    let mut out = String::with_capacity(64);
    out.push_str(" of the ");
    quote::push_uint(&mut out, total as u64);
    out.push_str(" components, at least ");
    push_number(&mut out, needed);
    out.push_str(" make it large)");
    out
}

/// The finding's text: what compromising the component reaches (the verdict's weight, whether exact, the components
/// it controls and influences, then the [`wording`] of large ones) and the foreign store it controls. Written piece
/// by piece (there is one per footholds in a large estate, made again on every
/// structural edit); what the formatting machinery would write, byte for byte.
fn explain(
    model: &Model,
    (component, store, verdict): (
        &crate::model::component::Component,
        Option<&crate::model::component::Component>,
        &Verdict,
    ),
    wording: &str,
) -> String {
    let mut out = String::with_capacity(240);
    out.push_str("Compromising ");
    quote::name_of(model, component).push_to(&mut out);
    if let Some((weight, exact, controlled, influenced)) = verdict.large {
        let about = if exact { "" } else { "about " };
        out.push_str(" controls ");
        out.push_str(about);
        quote::push_uint(&mut out, controlled as u64);
        out.push_str(" and influences ");
        out.push_str(about);
        quote::push_uint(&mut out, influenced as u64);
        out.push_str(" components beyond itself, its role and its own drawn dependencies (weight ");
        out.push_str(about);
        push_tenths(&mut out, weight);
        out.push_str(wording);
        if let Some(store) = store {
            out.push_str(" and gives control of ");
            quote::name_of(model, store).push_to(&mut out);
        }
        out.push('.');
    } else if let Some(store) = store {
        out.push_str(" gives control of ");
        quote::name_of(model, store).push_to(&mut out);
        out.push_str(", which holds ");
        out.push_str(verdict.held.map_or("sensitive", |c| c.as_str()));
        out.push_str(" data.");
    }
    out
}

/// Appends `value` as `{value:.1}` writes it: by hand for whole and half values (every exact weight) and for
/// estimates not close to halfway between two tenths (rounding the product with ten then rounds as rounding the
/// exact value does), else through the formatting machinery.
fn push_tenths(out: &mut String, value: f64) {
    let halves = value * 2.0;
    let tenths = value * 10.0;
    if halves.fract() == 0.0 && (0.0..1e15).contains(&halves) {
        let halves = halves as u64;
        quote::push_uint(out, halves / 2);
        out.push_str(if halves.is_multiple_of(2) { ".0" } else { ".5" });
    } else if (0.0..1e9).contains(&tenths) && (tenths.fract() - 0.5).abs() > 1e-6 {
        let tenths = tenths.round() as u64;
        quote::push_uint(out, tenths / 10);
        out.push('.');
        quote::push_uint(out, tenths % 10);
    } else {
        use std::fmt::Write as _;
        let _ = write!(out, "{value:.1}");
    }
}

/// Appends `value` as `{value}` writes it: by hand for whole values, else through the formatting machinery.
fn push_number(out: &mut String, value: f64) {
    if value.fract() == 0.0 && (0.0..1e15).contains(&value) {
        quote::push_uint(out, value as u64);
    } else {
        use std::fmt::Write as _;
        let _ = write!(out, "{value}");
    }
}

impl Rule for LargeBlastRadius {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        // The blast radius reads where every component sits.
        crate::model::structure::note_all_places();
        let model = cx.model;
        let facts = cx.facts;
        let total = model.component_ixs().filter(|&c| counted(model.kind(c))).count();
        let share = cx.threshold(&SHARE).clamp(0.0, 1.0);
        let floor = cx.threshold(&MIN_COMPONENTS).max(1.0);
        let needed = (share * total as f64).ceil().max(floor);
        let mut verdicts: Vec<(ComponentIx, Verdict)> = Vec::new();
        if total > 0 {
            let mut scratch = Vec::new();
            crate::analysis::blast::sweep_model(
                model,
                facts,
                cx.posture,
                |c| counted(model.kind(c)),
                |c, reach| {
                    if !judged(model, facts, c) {
                        return;
                    }
                    // Its weight is at most twice what it reaches (capped by the diagram): below `needed` it is not
                    // large, whatever it is expected to reach.
                    let (halves, exact, controlled, influenced) = if reach.reached().value.min(total as f64) < needed {
                        (0.0, true, 0, 0)
                    } else {
                        weight(model, c, &reach, total, &mut scratch)
                    };
                    let large = halves >= 2.0 * needed;
                    let store = foreign_store(model, c, reach.controlled_stores());
                    if large || store.is_some() {
                        verdicts.push((
                            c,
                            Verdict {
                                large: large.then_some((halves / 2.0, exact, controlled, influenced)),
                                store,
                                held: store.and_then(|s| classification(model, s)),
                                exposed: facts.is_internet_facing(c),
                            },
                        ));
                    }
                },
            );
        }
        // A live analysis that kept the last run's verdicts writes only the footholds judged otherwise (the counts of
        // the whole diagram are the wording, rewritten in the kept findings).
        let wording = wording(total, needed);
        let write = |c: ComponentIx, verdict: &Verdict| {
            let component = model.component(c);
            let store = verdict.store.map(|s| model.component(s));
            let explanation = explain(model, (component, store, verdict), &wording);
            // The ids from the model's compact list, not from the whole components.
            Hit::on(model.component_id(c), explanation)
                .with_elements(verdict.store.map(|s| model.component_id(s)))
                .with_data(verdict.held)
                .exposed(verdict.exposed)
        };
        // The sweep visits components in no particular order; hits come in component order.
        crate::sorting::sort_by_key(&mut verdicts, |&(c, _)| c);
        match crate::analysis::blast::judged(META.id, cx.posture, &wording, &verdicts) {
            Some(changed) => {
                let mut at = verdicts.iter().peekable();
                for c in changed {
                    while at.next_if(|&&(k, _)| k < c).is_some() {}
                    if let Some((c, verdict)) = at.next_if(|&&(k, _)| k == c) {
                        hits.push(write(*c, verdict));
                    }
                }
            }
            None => hits.extend(verdicts.iter().map(|(c, verdict)| write(*c, verdict))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{Classification, DataProfile};
    use crate::model::{ComponentKind as K, Pattern, Posture};

    const PODS: [&str; 12] = ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "p11", "p12"];

    /// Twelve Fargate pods next to each other, none saying whether it authenticates: each influences eleven (weight
    /// 5.5 of 16 components).
    fn flat_cluster() -> TestDiagram {
        cluster_of(&PODS)
    }

    fn cluster_of(pods: &[&str]) -> TestDiagram {
        let mut diagram = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component("eks", K::EksCluster, Some("vpc"))
            .component("fargate", K::FargateProfile, Some("eks"));
        for pod in pods {
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
        let mut expected: Vec<String> = PODS.iter().map(|id| format!("large-blast-radius@{id}")).collect();
        expected.sort();
        assert_eq!(found, expected);
        let findings = run(&LargeBlastRadius, &model);
        assert!(findings[0].explanation().contains("influences 11 components"), "{}", findings[0].explanation());
        // Six pods influence five each: weight 2.5, not large.
        assert!(ids(&LargeBlastRadius, &cluster_of(&PODS[..6]).build()).is_empty());
    }

    /// Beyond 127 components the reach is a sketch estimate, which may run over; the explanation never claims more
    /// components than the diagram has.
    #[test]
    fn estimated_reaches_never_exceed_the_diagram() {
        let mut diagram = TestDiagram::new();
        for i in 0..1_000 {
            diagram = diagram.component(&format!("s{i}"), K::GenericService, None);
        }
        let findings = run(&LargeBlastRadius, &diagram.build());
        assert_eq!(findings.len(), 1_000);
        for finding in &findings {
            let influenced: usize = finding
                .explanation()
                .split("influences about ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(usize::MAX);
            assert!(influenced < 1_000, "{}", finding.explanation());
        }
    }

    #[test]
    fn zero_trust_and_authentication_keep_it_quiet() {
        let model = flat_cluster().posture(Posture::ZeroTrust).build();
        assert!(ids(&LargeBlastRadius, &model).is_empty());
        let mut authenticated = flat_cluster();
        for pod in PODS {
            authenticated = authenticated.props(pod, |p| p.requires_authentication = Some(true));
        }
        assert!(ids(&LargeBlastRadius, &authenticated.build()).is_empty());
    }

    #[test]
    fn fires_when_a_confidential_store_is_controlled_with_impact_from_its_data() {
        let model = secrets_with(Classification::Restricted).build();
        let findings = run(&LargeBlastRadius, &model);
        let found: Vec<&str> = findings.iter().map(|f| f.id()).collect();
        assert_eq!(found, ["large-blast-radius@app"], "a secrets store is reached, not a foothold");
        assert_eq!(findings[0].impact, Impact::Severe);
        assert!(findings[0].explanation().contains("gives control of db, which holds restricted data"));
        assert!(findings[0].elements().any(|e| e == "db"));
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

    /// The numbers are written as the formatting machinery writes them.
    #[test]
    fn numbers_are_written_as_format_writes_them() {
        let mut values: Vec<f64> = (0..2_000).map(|i| f64::from(i) / 2.0).collect();
        values.extend((0..2_000).map(|i| f64::from(i) * 0.37 + 0.05));
        values.extend([0.25, 2.25, 2.75, 0.15, 1e16, 123_456_789.5, 5.5, 0.05, 0.95, 9.95, 99.95, 1e9, 1e9 - 0.04]);
        // Estimates: sizes of sketches scaled, and values next to halfway between two tenths.
        values.extend((1..5_000).map(|i| f64::from(i) * 127.0 / 61.3));
        values.extend((0..2_000).map(|i| f64::from(i) / 10.0 + 0.05));
        values.extend((0..2_000).map(|i| (f64::from(i) / 10.0 + 0.05).next_up()));
        values.extend((0..2_000).map(|i| (f64::from(i) / 10.0 + 0.05).next_down()));
        for value in values {
            let (mut tenths, mut number) = (String::new(), String::new());
            push_tenths(&mut tenths, value);
            push_number(&mut number, value);
            assert_eq!(tenths, format!("{value:.1}"));
            assert_eq!(number, format!("{value}"));
        }
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
