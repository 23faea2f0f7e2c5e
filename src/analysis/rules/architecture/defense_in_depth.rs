//! `defense-in-depth`: a sensitive store that an untrusted source reaches past fewer than `min-controls` independent
//! controls (docs/security-model.md#principles and #precision). Reads `metrics.defense_in_depth`; how paths and controls are counted is
//! documented in `analysis::metrics::defense`.

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, Threshold};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::named::Named as _;

/// The rule.
pub struct DefenseInDepth;

/// The `min-controls` threshold.
const MIN_CONTROLS: Threshold = Threshold {
    name: "min-controls",
    default: 2.0,
    min: Threshold::COUNT.0,
    max: Threshold::COUNT.1,
    description: "Independent controls a path to sensitive data needs; fewer is reported.",
};

static META: RuleMeta = RuleMeta {
    id: "defense-in-depth",
    title: "Too few layers of defense in front of sensitive data",
    description: "A store holding confidential or restricted data (RDS, DynamoDB, S3, Secrets Manager, or a self-run \
        database) is reached from an untrusted source (the internet, users, an on-premises network) along a path \
        with fewer than 2 independent controls (threshold \"min-controls\"). Counted on each hop of the weakest path \
        (a minimum-cost search over the flows, in the direction an attacker's input travels): a WAF in front of the \
        component entered, authentication on the flow (including IAM-signed calls to AWS APIs and callees that \
        require authentication), authorisation on the flow, and security groups or network policies that admit only \
        named sources. A control counts only when no earlier component on the path holds or bypasses it: the \
        caller of a flow holds the credentials and permissions it calls with and is a source the callee admits, so \
        past the first hop only a WAF counts, except that authentication and authorisation on a flow out of a load \
        balancer or API gateway that forwards the source's own request still count (a service's database password \
        stops nothing that travels through the service). TLS, encryption and monitoring are other controls and do \
        not count. One finding per store, for its weakest source. Impact scales with the data; likelihood rises with \
        no control at all and when the internet or outside users themselves get through with too few controls, and \
        drops when the finding only holds because the diagram does not say whether some hops authenticate.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Make the caller prove who it is before its input travels on: authenticate users at the load \
                balancer or API gateway and have the services check the forwarded token and what this user may do; \
                keep scoped credentials per service (IAM SigV4, mTLS, database users) so a compromise stays small.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Admit only the named callers at each tier (security groups referencing security groups, Kubernetes \
                network policies) and put a WAF in front of the public entry point.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Log and alarm on access to the store (database audit logs, S3 data events, GuardDuty).",
        },
    ],
    thresholds: &[MIN_CONTROLS],
    reference: Some("AWS Well-Architected Framework, Security Pillar: SEC05-BP01 Create network layers"),
};

impl Rule for DefenseInDepth {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let min = cx.threshold(&MIN_CONTROLS);
        // Written piece by piece (a large estate has paths by the thousand, written again whenever they change): what
        // the formatting machinery would write, byte for byte.
        let min_text = min.to_string();
        for p in &cx.metrics.defense_in_depth {
            if f64::from(p.controls) >= min {
                continue;
            }
            // The path's components where the metric found them (not looked up by their ids: no read of which
            // components there are, and the rule re-runs whenever the paths change).
            debug_assert!(
                p.positions.is_empty()
                    || p.positions.iter().map(|&c| model.component_id(c)).eq(p.path.iter().chain([&p.target])),
                "a defense path's positions"
            );
            let (Some(&source), Some(&store), Some(on_path)) =
                (p.positions.first(), p.positions.last(), p.positions.get(..p.path.len()))
            else {
                continue;
            };
            let at = |i: usize, _: &str| p.positions.get(i).copied();
            let data = classification(model, store);
            let mut explanation = String::with_capacity(160);
            quote::name(model, source).push_to(&mut explanation);
            explanation.push_str(" reaches ");
            quote::name(model, store).push_to(&mut explanation);
            explanation.push_str(" (");
            push_path(&mut explanation, model, (&p.path, p.omitted_components()), at);
            explanation.push_str(") past ");
            match p.controls {
                0 => explanation.push_str("no independent control"),
                n => {
                    quote::push_uint(&mut explanation, u64::from(n));
                    explanation.push_str(if n == 1 { " independent control (" } else { " independent controls (" });
                    explanation.push_str(&p.marked_controls_text(model, "; "));
                    explanation.push(')');
                }
            }
            explanation.push_str(": fewer than ");
            explanation.push_str(&min_text);
            explanation.push_str(" layers stand between an attacker and its ");
            if let Some(data) = data {
                explanation.push_str(data.as_str());
                explanation.push(' ');
            }
            explanation.push_str("data.");
            // The model's own ids, found again without a lookup.
            let path = on_path.iter().map(|&c| model.component_id(c));
            let hit = Hit::on(model.component_id(store), explanation)
                .with_elements(path)
                .with_data(data)
                .exposed(p.external_controls.is_some_and(|c| f64::from(c) < min))
                .likelihood(i8::from(p.controls == 0) - i8::from(f64::from(p.optimistic_controls) >= min));
            hits.push(hit);
        }
    }
}

/// Appends a path's components (`path`, leaving out `omitted` after the first) as `DefensePath::path_text` writes
/// them with `" -> "`: their names (or markers; nothing for one `find` does not find, by its place in `path` and its
/// id), with the count of those left out.
fn push_path(
    out: &mut String,
    model: &crate::model::Model,
    (path, omitted): (&[crate::model::Id], usize),
    find: impl Fn(usize, &str) -> Option<crate::model::ComponentIx>,
) {
    for (i, id) in path.iter().enumerate() {
        if i == 1 && omitted > 0 {
            out.push_str(" -> (");
            quote::push_uint(out, omitted as u64);
            out.push_str(" more)");
        }
        if i > 0 {
            out.push_str(" -> ");
        }
        if let Some(c) = find(i, id.as_str()) {
            quote::name(model, c).push_to(out);
        }
    }
    if path.len() <= 1 && omitted > 0 {
        if !path.is_empty() {
            out.push_str(" -> ");
        }
        out.push('(');
        quote::push_uint(out, omitted as u64);
        out.push_str(" more)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, id, ids, run};
    use crate::model::props::{Classification, DataProfile};
    use crate::model::settings::RuleSettings;
    use crate::model::{Authentication, ComponentKind as K, Pattern};

    fn data(classification: Classification) -> Option<DataProfile> {
        Some(DataProfile { classification, confidentiality: None, integrity: None, availability: None })
    }

    /// internet -> load balancer -> web -> RDS; `auth` on the two inner hops.
    fn shop(auth: Option<Authentication>) -> TestDiagram {
        TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component("alb", K::LoadBalancer, Some("vpc"))
            .component("web", K::GenericService, Some("vpc"))
            .component_with("db", K::RdsDatabase, Some("vpc"), |c| {
                c.properties.data = data(Classification::Confidential);
            })
            .flow_with("internet", "alb", Pattern::SyncRequest, |f| f.authentication = auth)
            .flow_with("alb", "web", Pattern::SyncRequest, |f| f.authentication = auth)
            .flow("web", "db", Pattern::DataRead)
    }

    /// The path is written as `DefensePath::path_text` writes it, whatever its length and the components it leaves
    /// out, with names found or not.
    #[test]
    fn paths_are_written_as_path_text_writes_them() {
        let model = shop(None).build();
        let find = |id: &str| model.component_ix(id);
        let name = |id: &str| find(id).map(|c| quote::name(&model, c).to_string()).unwrap_or_default();
        let ids = ["internet", "alb", "gone", "web", "db"];
        let mut checked = 0;
        for len in 0..=ids.len() {
            for hops in 0..8 {
                let path = crate::analysis::metrics::DefensePath {
                    source: id("internet"),
                    target: id("db"),
                    controls: 0,
                    hops,
                    path: ids[..len].iter().map(|s| id(s)).collect(),
                    controls_on_path: Vec::new(),
                    control_quotes: Vec::new(),
                    unstated_authentication: 0,
                    optimistic_controls: 0,
                    external_controls: None,
                    positions: Vec::new(),
                };
                let mut written = String::new();
                push_path(&mut written, &model, (&path.path, path.omitted_components()), |_, id| find(id));
                assert_eq!(written, path.path_text(" -> ", name), "{len} components, {hops} hops");
                checked += usize::from(path.omitted_components() > 0);
            }
        }
        assert!(checked > 10);
    }

    #[test]
    fn the_database_password_held_by_the_service_on_the_path_is_no_layer() {
        let findings = run(&DefenseInDepth, &shop(Some(Authentication::None)).build());
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.id(), "defense-in-depth@db");
        assert_eq!(f.elements().collect::<Vec<_>>(), ["alb", "db", "internet", "web"]);
        assert_eq!(
            f.explanation(),
            "internet reaches db (internet -> alb -> web -> db) past no independent control: fewer than 2 layers \
             stand between an attacker and its confidential data."
        );
        // Possible, +1 from the internet, +1 for no control at all; Moderate, +1 for confidential data.
        assert_eq!((f.likelihood, f.impact), (Likelihood::AlmostCertain, Impact::Major));
    }

    #[test]
    fn unstated_authentication_lowers_the_likelihood() {
        let f = &run(&DefenseInDepth, &shop(None).build())[0];
        assert_eq!(f.likelihood, Likelihood::Likely);
    }

    #[test]
    fn a_second_layer_keeps_it_quiet() {
        assert!(ids(&DefenseInDepth, &shop(Some(Authentication::Mtls)).build()).is_empty());
        let waf = shop(Some(Authentication::None))
            .component_with("waf", K::Waf, Some("acct"), |c| c.protects = vec![id("alb")])
            .props("alb", |p| p.ingress_restricted = Some(true))
            .build();
        assert!(ids(&DefenseInDepth, &waf).is_empty());
        // The web tier is a named source the database admits, and it holds the password: neither is a layer.
        let restricted = shop(Some(Authentication::None))
            .props("db", |p| p.ingress_restricted = Some(true))
            .component_with("waf", K::Waf, Some("acct"), |c| c.protects = vec![id("alb")])
            .build();
        assert_eq!(ids(&DefenseInDepth, &restricted), ["defense-in-depth@db"]);
    }

    #[test]
    fn no_control_restricted_data_and_the_threshold() {
        let model = shop(Some(Authentication::None))
            .props("db", |p| {
                p.requires_authentication = Some(false);
                p.data = data(Classification::Restricted);
            })
            .build();
        let f = &run(&DefenseInDepth, &model)[0];
        assert_eq!((f.likelihood, f.impact), (Likelihood::AlmostCertain, Impact::Severe));
        assert!(f.explanation().contains("past no independent control"));
        let lenient = shop(Some(Authentication::None))
            .component_with("waf", K::Waf, Some("acct"), |c| c.protects = vec![id("alb")])
            .edit(|d| {
                let settings = RuleSettings { enabled: None, thresholds: [("min-controls".to_owned(), 1.0)].into() };
                d.settings.rules.insert("defense-in-depth".to_owned(), settings);
            })
            .build();
        assert!(ids(&DefenseInDepth, &lenient).is_empty());
    }

    #[test]
    fn insiders_are_not_internet_exposure_and_unclassified_stores_are_quiet() {
        let model = TestDiagram::new()
            .component("dc", K::OnPrem, None)
            .component("erp", K::GenericService, Some("dc"))
            .component("acct", K::AwsAccount, None)
            .component_with("bucket", K::S3Bucket, Some("acct"), |c| c.properties.data = data(Classification::Internal))
            .component_with("table", K::DynamodbTable, Some("acct"), |c| {
                c.properties.data = data(Classification::Confidential);
            })
            .flow_with("erp", "bucket", Pattern::DataWrite, |f| f.authentication = Some(Authentication::IamSigv4))
            .flow_with("erp", "table", Pattern::DataWrite, |f| f.authentication = Some(Authentication::IamSigv4))
            .build();
        let findings = run(&DefenseInDepth, &model);
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), ["defense-in-depth@table"]);
        // erp signs with its own role: no independent control. Possible, +1 for none; no internet step.
        assert_eq!(findings[0].likelihood, Likelihood::Likely);
    }

    #[test]
    fn adding_controls_never_raises_the_risk() {
        let total = |model: &crate::model::Model| run(&DefenseInDepth, model).iter().map(|f| f.risk).sum::<u32>();
        let base = shop(None);
        let mut last = total(&base.build());
        let steps: [fn(TestDiagram) -> TestDiagram; 4] = [
            |d| d.props("web", |p| p.ingress_restricted = Some(true)),
            |d| d.props("alb", |p| p.requires_authentication = Some(true)),
            |d| d.component_with("waf", K::Waf, Some("acct"), |c| c.protects = vec![id("alb")]),
            |d| d.props("db", |p| p.ingress_restricted = Some(true)),
        ];
        let mut diagram = shop(None);
        for step in steps {
            diagram = step(diagram);
            let risk = total(&TestDiagram { diagram: diagram.diagram.clone() }.build());
            assert!(risk <= last, "{risk} > {last}");
            last = risk;
        }
    }
}
