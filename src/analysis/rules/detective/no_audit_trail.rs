//! `no-audit-trail`: an AWS account whose API calls no CloudTrail trail records. One finding per account
//!.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::detective::accounts::report_missing;
use crate::analysis::severity::{Impact, Likelihood};

/// The rule.
pub struct NoAuditTrail;

static META: RuleMeta = RuleMeta {
    id: "no-audit-trail",
    title: "No audit trail",
    description: "No CloudTrail trail records the API calls of an AWS account, so nobody can tell afterwards who \
        changed or read what, investigate an incident, or hold anyone to their actions. One finding per account \
        that holds components; AWS components drawn outside every account are judged together, as one \
        diagram-wide finding (actors, on-premises systems and generic services drawn at the top level, taken for \
        third parties, are not AWS components). A trail counts when it sits in the account without covers, or covers the account \
        or something in it. Impact grows with the most sensitive data in the account.",
    cia: &[Cia::Integrity, Cia::Confidentiality],
    stride: &[Stride::Repudiation],
    likelihood: Likelihood::Likely,
    impact: Impact::Minor,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Create an organisation trail for all regions that every account inherits and no member account \
                can stop.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Enable log-file validation, encrypt the trail with a KMS key and deliver it to a bucket in a \
                separate log-archive account.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm when a trail is stopped or changed (CloudWatch metric filter on StopLogging and \
                UpdateTrail).",
        },
    ],
    thresholds: &[],
    reference: Some("CIS AWS Foundations Benchmark 3.1: ensure CloudTrail is enabled in all regions"),
};

impl Rule for NoAuditTrail {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        report_missing(
            cx,
            hits,
            |entry| entry.audit_trail,
            |account| format!("No CloudTrail trail records {account}."),
            "No CloudTrail trail records the AWS components drawn outside any account.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, id, ids};
    use crate::model::ComponentKind as K;

    fn accounts() -> TestDiagram {
        TestDiagram::new()
            .component("prod", K::AwsAccount, None)
            .component("dev", K::AwsAccount, None)
            .component("app", K::Lambda, Some("prod"))
            .component("tool", K::Lambda, Some("dev"))
    }

    #[test]
    fn fires_once_per_account_without_a_trail() {
        let model = accounts().component("trail", K::Cloudtrail, Some("prod")).build();
        assert_eq!(ids(&NoAuditTrail, &model), vec!["no-audit-trail@dev"]);
    }

    #[test]
    fn a_trail_covering_another_account_counts_for_it() {
        let model = accounts()
            .component_with("trail", K::Cloudtrail, Some("prod"), |c| c.covers = vec![id("prod"), id("dev")])
            .build();
        assert!(ids(&NoAuditTrail, &model).is_empty());
    }

    #[test]
    fn guardduty_is_not_an_audit_trail() {
        let model = accounts().component("gd", K::Guardduty, Some("prod")).build();
        assert_eq!(ids(&NoAuditTrail, &model), vec!["no-audit-trail@dev", "no-audit-trail@prod"]);
    }

    #[test]
    fn components_outside_any_account_get_one_diagram_finding() {
        let model = TestDiagram::new().component("bucket", K::S3Bucket, None).build();
        assert_eq!(ids(&NoAuditTrail, &model), vec!["no-audit-trail@diagram"]);
        let third_party = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("trail", K::Cloudtrail, Some("acct"))
            .component("gd", K::Guardduty, Some("acct"))
            .component("psp", K::GenericService, None)
            .build();
        assert!(ids(&NoAuditTrail, &third_party).is_empty(), "a top-level generic service is a third party");
    }
}
