//! `unmonitored-critical-component`: components with confidential or restricted data, or high availability
//! importance, that no detective control watches, in an account that does have detective controls elsewhere. One
//! finding per account, listing those components.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::{Classification, Importance};
use crate::model::{ComponentIx, Model};

/// The rule.
pub struct UnmonitoredCriticalComponent;

static META: RuleMeta = RuleMeta {
    id: "unmonitored-critical-component",
    title: "Critical component not monitored",
    description: "Critical components (their data is confidential or restricted, or their availability importance \
        is high) are watched by no detective control: no GuardDuty, CloudWatch or CloudTrail covers them, their \
        containers or their account. Fires only in accounts that have GuardDuty or CloudWatch watching something \
        else; an account without any is reported by no-detective-control instead. One finding per account (AWS \
        components outside every account: one diagram-wide finding), listing every such component, so that \
        covering part of an account never scores worse than covering none of it. Impact grows with the most \
        sensitive data among them, one step more when one of them has high availability importance.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::Tampering, Stride::InformationDisclosure, Stride::DenialOfService],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Minor,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Detective,
            text: "Extend monitoring to these components: CloudWatch alarms on their health and access metrics, \
                their logs in CloudWatch Logs, GuardDuty protection for their service (S3, RDS, EKS, Lambda, \
                runtime).",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Let the account's detective controls cover the whole account instead of chosen components.",
        },
    ],
    thresholds: &[],
    reference: Some("AWS Well-Architected Framework, Security Pillar: SEC04 detect and investigate security events"),
};

/// How many components an explanation names before it says "and N more".
const NAMED: usize = 5;

/// The unmonitored critical components of one account.
#[derive(Default)]
struct Gap {
    unwatched: Vec<ComponentIx>,
    data: Option<Classification>,
    vital: bool,
}

impl Rule for UnmonitoredCriticalComponent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let (model, facts) = (cx.model, cx.facts);
        if !facts.accounts().iter().any(|e| e.detective) {
            return;
        }
        let mut gaps: Vec<Gap> = facts.accounts().iter().map(|_| Gap::default()).collect();
        for (c, data) in crate::analysis::data::carriers(model) {
            if facts.is_monitored(c) {
                continue;
            }
            let sensitive = data.classification >= Classification::Confidential;
            let vital = data.availability() == Importance::High;
            if !(sensitive || vital) {
                continue;
            }
            let Some(e) = facts.account_entry(c) else {
                continue;
            };
            if let (Some(entry), Some(gap)) = (facts.accounts().get(e), gaps.get_mut(e))
                && entry.detective
            {
                gap.unwatched.push(c);
                gap.data = gap.data.max(Some(data.classification));
                gap.vital |= vital;
            }
        }
        for (entry, gap) in facts.accounts().iter().zip(gaps) {
            if gap.unwatched.is_empty() {
                continue;
            }
            let names = names(model, &gap.unwatched);
            let hit = match entry.account.map(|a| model.component(a)) {
                Some(account) => Hit::on(
                    &account.id,
                    format!(
                        "{} watches only part of itself: no detective control watches {names}.",
                        quote::name_of(model, account)
                    ),
                ),
                None => Hit::diagram(format!("No detective control watches {names}, outside any account.")),
            };
            hits.push(
                hit.with_elements(gap.unwatched.iter().map(|&c| model.component_id(c)))
                    .with_data(gap.data)
                    .impact(i8::from(gap.vital)),
            );
        }
    }
}

/// "a, b and c", or "a, b, c, d, e and 3 more".
fn names(model: &Model, components: &[ComponentIx]) -> String {
    let mut shown: Vec<String> = components.iter().take(NAMED).map(|&c| quote::name(model, c).to_string()).collect();
    let rest = components.len().saturating_sub(NAMED);
    let last = if rest > 0 { format!("{rest} more") } else { shown.pop().unwrap_or_default().to_owned() };
    if shown.is_empty() { last } else { format!("{} and {last}", shown.join(", ")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, id, ids, run};
    use crate::model::ComponentKind as K;
    use crate::model::props::DataProfile;

    fn profile(classification: Classification, availability: Option<Importance>) -> Option<DataProfile> {
        Some(DataProfile { classification, confidentiality: None, integrity: None, availability })
    }

    fn diagram() -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("db", K::RdsDatabase, Some("acct"), |c| {
                c.properties.data = profile(Classification::Restricted, None);
            })
            .component_with("cache", K::GenericService, Some("acct"), |c| {
                c.properties.data = profile(Classification::Internal, Some(Importance::High));
            })
            .component_with("blog", K::Lambda, Some("acct"), |c| {
                c.properties.data = profile(Classification::Public, None);
            })
            .component("app", K::Lambda, Some("acct"))
    }

    fn watching(covers: &[&str]) -> TestDiagram {
        diagram()
            .component_with("cw", K::Cloudwatch, Some("acct"), |c| c.covers = covers.iter().map(|c| id(c)).collect())
    }

    #[test]
    fn fires_once_per_account_listing_critical_components_left_out() {
        let findings = run(&UnmonitoredCriticalComponent, &watching(&["app"]).build());
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), vec!["unmonitored-critical-component@acct"]);
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["acct", "cache", "db"]);
        assert_eq!(findings[0].impact, Impact::Severe, "restricted data and high availability importance");
        assert_eq!(
            findings[0].explanation(),
            "acct watches only part of itself: no detective control watches cache and db."
        );
    }

    #[test]
    fn covering_more_never_raises_the_risk() {
        let partial = run(&UnmonitoredCriticalComponent, &watching(&["app", "db"]).build());
        assert_eq!(partial[0].impact, Impact::Moderate, "only the internal, vital cache is left");
        assert!(ids(&UnmonitoredCriticalComponent, &watching(&["db", "cache"]).build()).is_empty());
    }

    #[test]
    fn it_never_scores_above_no_detective_control_for_the_same_account() {
        use crate::analysis::rules::detective::no_detective_control::NoDetectiveControl;
        let none = run(&NoDetectiveControl, &diagram().build());
        let partial = run(&UnmonitoredCriticalComponent, &watching(&["app"]).build());
        assert!(partial[0].risk <= none[0].risk);
    }

    #[test]
    fn account_wide_monitoring_keeps_it_quiet() {
        let model = diagram().component("gd", K::Guardduty, Some("acct")).build();
        assert!(ids(&UnmonitoredCriticalComponent, &model).is_empty());
    }

    #[test]
    fn accounts_without_any_detective_control_are_left_to_no_detective_control() {
        assert!(ids(&UnmonitoredCriticalComponent, &diagram().build()).is_empty());
        let model =
            diagram().component("other", K::AwsAccount, None).component("gd", K::Guardduty, Some("other")).build();
        assert!(ids(&UnmonitoredCriticalComponent, &model).is_empty(), "detection in another account does not count");
    }

    #[test]
    fn long_lists_are_cut() {
        let mut d = TestDiagram::new().component("acct", K::AwsAccount, None);
        for i in 0..7 {
            d = d.component_with(&format!("db{i}"), K::RdsDatabase, Some("acct"), |c| {
                c.properties.data = profile(Classification::Confidential, None);
            });
        }
        let model =
            d.component("app", K::Lambda, Some("acct")).component_with("cw", K::Cloudwatch, Some("acct"), |c| {
                c.covers = vec![id("app")];
            });
        let findings = run(&UnmonitoredCriticalComponent, &model.build());
        assert!(findings[0].explanation().ends_with("db0, db1, db2, db3, db4 and 2 more."));
        assert_eq!(findings[0].elements().len(), 8);
    }
}
