//! `no-detective-control`: an AWS account that no threat detection or monitoring (GuardDuty, CloudWatch) watches.
//! One finding per account.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::detective::accounts::report_missing;
use crate::analysis::severity::{Impact, Likelihood};

/// The rule.
pub struct NoDetectiveControl;

static META: RuleMeta = RuleMeta {
    id: "no-detective-control",
    title: "No detective control",
    description: "No GuardDuty detector or CloudWatch monitoring watches an AWS account or anything in it, so an \
        attack in progress goes unnoticed and the team cannot react. One finding per account that holds \
        components; AWS components drawn outside every account are judged together, as one \
        diagram-wide finding (actors, on-premises systems and generic services drawn at the top level, taken for \
        third parties, are not AWS components). A CloudTrail trail alone does not count (no-audit-trail covers it). Impact grows with the most \
        sensitive data in the account.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::Tampering, Stride::InformationDisclosure, Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Likely,
    impact: Impact::Minor,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Detective,
            text: "Enable GuardDuty in every account and region, and send its findings to the team that responds.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Set CloudWatch alarms on the metrics and logs that show abuse (error and throttle spikes, \
                unauthorised API calls, root sign-ins).",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Turn detection on for every account from the organisation's delegated administrator, so no \
                account can be created without it.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon GuardDuty User Guide: what is Amazon GuardDuty"),
};

impl Rule for NoDetectiveControl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        report_missing(
            cx,
            hits,
            |entry| entry.detective,
            |account| format!("No GuardDuty or CloudWatch watches {account} or anything in it."),
            "No GuardDuty or CloudWatch watches the AWS components drawn outside any account.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, id, ids, run};
    use crate::model::ComponentKind as K;
    use crate::model::props::{Classification, DataProfile};

    fn two_accounts() -> TestDiagram {
        TestDiagram::new()
            .component("prod", K::AwsAccount, None)
            .component("dev", K::AwsAccount, None)
            .component("empty", K::AwsAccount, None)
            .component("db", K::RdsDatabase, Some("prod"))
            .component("app", K::Lambda, Some("dev"))
            .props("db", |p| {
                p.data = Some(DataProfile {
                    classification: Classification::Restricted,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
            })
    }

    #[test]
    fn fires_once_per_account_with_components() {
        let findings = run(&NoDetectiveControl, &two_accounts().build());
        assert_eq!(
            findings.iter().map(|f| f.id()).collect::<Vec<_>>(),
            vec!["no-detective-control@prod", "no-detective-control@dev"]
        );
        assert_eq!(findings[0].impact, Impact::Major, "restricted data in prod");
        assert_eq!(findings[1].impact, Impact::Minor);
    }

    #[test]
    fn guardduty_or_cloudwatch_anywhere_in_the_account_keeps_it_quiet() {
        let model = two_accounts()
            .component("gd", K::Guardduty, Some("prod"))
            .component_with("cw", K::Cloudwatch, Some("dev"), |c| c.covers = vec![id("app")])
            .build();
        assert!(ids(&NoDetectiveControl, &model).is_empty());
    }

    #[test]
    fn cloudtrail_alone_is_not_detection() {
        let model = two_accounts().component("trail", K::Cloudtrail, Some("prod")).build();
        assert_eq!(ids(&NoDetectiveControl, &model), vec!["no-detective-control@prod", "no-detective-control@dev"]);
    }

    #[test]
    fn components_outside_any_account_get_one_diagram_finding() {
        let model = TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("queue", K::SqsQueue, None)
            .component("fn", K::Lambda, None)
            .build();
        assert_eq!(ids(&NoDetectiveControl, &model), vec!["no-detective-control@diagram"]);
        let third_party = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("trail", K::Cloudtrail, Some("acct"))
            .component("gd", K::Guardduty, Some("acct"))
            .component("psp", K::GenericService, None)
            .build();
        assert!(ids(&NoDetectiveControl, &third_party).is_empty(), "a top-level generic service is a third party");
        let actors_only = TestDiagram::new().component("internet", K::Internet, None).build();
        assert!(ids(&NoDetectiveControl, &actors_only).is_empty());
    }
}
