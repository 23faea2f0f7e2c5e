//! `unmonitored-critical-component`: a component with confidential or restricted data, or high availability
//! importance, that no detective control watches, in an account that does have detective controls elsewhere.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::detective::accounts::AccountIndex;
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::{Classification, Importance};

/// The rule.
pub struct UnmonitoredCriticalComponent;

static META: RuleMeta = RuleMeta {
    id: "unmonitored-critical-component",
    title: "Critical component not monitored",
    description: "A critical component (its data is confidential or restricted, or its availability importance is \
        high) is watched by no detective control: no GuardDuty, CloudWatch or CloudTrail covers it, its \
        containers or its account. Fires only in accounts that have GuardDuty or CloudWatch watching something \
        else; an account without any is reported once by no-detective-control instead. Impact grows with the \
        component's data, one step more when its availability importance is high.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::Tampering, Stride::InformationDisclosure, Stride::DenialOfService],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Detective,
            text: "Extend monitoring to this component: CloudWatch alarms on its health and access metrics, its logs \
                in CloudWatch Logs, GuardDuty protection for its service (S3, RDS, EKS, Lambda, runtime).",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Let the account's detective controls cover the whole account instead of chosen components.",
        },
    ],
    thresholds: &[],
    reference: Some("AWS Well-Architected Framework, Security Pillar: SEC04 detect and investigate security events"),
};

impl Rule for UnmonitoredCriticalComponent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let (model, facts) = (cx.model, cx.facts);
        if !facts.accounts.iter().any(|e| e.detective) {
            return;
        }
        let index = AccountIndex::new(model, facts);
        for c in model.component_ixs() {
            let Some(data) = model.props(c).data.as_ref() else {
                continue;
            };
            let sensitive = data.classification >= Classification::Confidential;
            let vital = data.availability() == Importance::High;
            if !(sensitive || vital) || facts.is_monitored(c) || facts.is_external(c) {
                continue;
            }
            let Some(entry) = index.entry(c).and_then(|e| facts.accounts.get(e)) else {
                continue;
            };
            if !entry.detective {
                continue;
            }
            let component = model.component(c);
            let why = match (sensitive, vital) {
                (true, true) => format!("{} data and high availability importance", data.classification),
                (true, false) => format!("{} data", data.classification),
                _ => "high availability importance".to_owned(),
            };
            hits.push(
                Hit::on(&component.id, format!("No detective control watches {}, which has {why}.", component.name))
                    .with_elements(entry.account.map(|a| &model.component(a).id))
                    .with_data(Some(data.classification))
                    .exposed(facts.is_internet_facing(c))
                    .impact(i8::from(vital)),
            );
        }
    }
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

    #[test]
    fn fires_for_critical_components_left_out_of_monitoring() {
        let model = diagram().component_with("cw", K::Cloudwatch, Some("acct"), |c| c.covers = vec![id("app")]).build();
        let findings = run(&UnmonitoredCriticalComponent, &model);
        assert_eq!(
            findings.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            vec!["unmonitored-critical-component@db", "unmonitored-critical-component@cache"]
        );
        assert_eq!(findings[0].impact, Impact::Severe);
        assert_eq!(findings[1].impact, Impact::Major, "high availability importance");
        assert!(findings[0].elements.iter().any(|e| e.as_str() == "acct"));
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
}
