//! `unencrypted-at-rest`: data at rest left unencrypted, by the service defaults of docs/security-model.md#responsibility-table: RDS
//! databases and ElastiCache clusters (unencrypted unless chosen at creation), and EC2 nodes, generic services or pods that hold data and
//! say their storage is unencrypted. S3, DynamoDB and EventBridge always encrypt; SQS and SNS belong to
//! `unencrypted-queue`.

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;

/// The rule.
pub struct UnencryptedAtRest;

static META: RuleMeta = RuleMeta {
    id: "unencrypted-at-rest",
    title: "Data at rest not encrypted",
    description: "Unencrypted storage, snapshots and backups are readable by anyone who gets a copy of them: a \
        snapshot shared by mistake, a volume attached elsewhere, a backup in the wrong account. Uses the service \
        defaults of each service. Fires for an RDS database or ElastiCache cluster whose encryption at rest is \
        off, which is the default when the diagram does not say (both encrypt only when chosen at creation), and for an EC2 node, \
        generic service or pod that holds data and says its storage is unencrypted (when it does not say, the \
        account's EBS default decides and the rule stays quiet). Never fires for S3, DynamoDB or EventBridge, \
        which always encrypt, nor for SQS and SNS, which unencrypted-queue covers. Impact scales with the data.",
    cia: &[Cia::Confidentiality],
    stride: &[Stride::InformationDisclosure],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Encrypt with a KMS key whose policy names the roles allowed to decrypt: for RDS, restore an \
                encrypted copy of a snapshot (encryption can only be chosen at creation).",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Turn on EBS encryption by default in every region of the account and deny unencrypted RDS \
                creation with a service control policy.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Enable the AWS Config rules rds-storage-encrypted and encrypted-volumes.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon RDS user guide: encrypting Amazon RDS resources"),
};

impl Rule for UnencryptedAtRest {
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
        let props = model.props(c);
        if props.encryption_at_rest != Some(false) {
            return;
        }
        let holds_data = match model.kind(c) {
            K::RdsDatabase | K::GenericDatastore | K::Elasticache => true,
            K::Ec2Node | K::GenericService | K::Pod => crate::analysis::data::profile(model, c).is_some(),
            _ => false,
        };
        if !holds_data {
            return;
        }
        let component = model.component(c);
        let said = match (component.properties.encryption_at_rest.is_some(), model.kind(c)) {
            (true, _) => "",
            (false, K::Elasticache) => " (the ElastiCache default)",
            (false, _) => " (the RDS default)",
        };
        hits.push(
            Hit::on(
                &component.id,
                format!("{} stores its data unencrypted at rest{said}.", quote::name_of(model, component)),
            )
            .with_data(classification(model, c)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{Classification, DataProfile};

    fn data(level: Classification) -> Option<DataProfile> {
        Some(DataProfile { classification: level, confidentiality: None, integrity: None, availability: None })
    }

    fn stores() -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("db", K::RdsDatabase, Some("acct"))
            .component_with("bucket", K::S3Bucket, Some("acct"), |c| {
                c.properties.data = data(Classification::Restricted);
            })
            .component("table", K::DynamodbTable, Some("acct"))
            .component("topic", K::SnsTopic, Some("acct"))
            .component_with("queue", K::SqsQueue, Some("acct"), |c| c.properties.encryption_at_rest = Some(false))
            .component_with("node", K::Ec2Node, Some("acct"), |c| {
                c.properties.data = data(Classification::Confidential);
            })
            .component_with("cache", K::GenericService, Some("acct"), |c| c.properties.encryption_at_rest = Some(false))
    }

    #[test]
    fn rds_fires_by_default_and_everything_else_stays_quiet() {
        let findings = run(&UnencryptedAtRest, &stores().build());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "unencrypted-at-rest@db");
        assert!(findings[0].explanation().contains("the RDS default"));
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Unlikely, Impact::Major));
    }

    #[test]
    fn nodes_and_services_with_data_fire_when_they_say_unencrypted() {
        let model = stores()
            .props("node", |p| p.encryption_at_rest = Some(false))
            .props("cache", |p| p.data = data(Classification::Internal))
            .props("db", |p| p.encryption_at_rest = Some(true))
            .build();
        let findings = run(&UnencryptedAtRest, &model);
        let found: Vec<&str> = findings.iter().map(|f| f.id()).collect();
        assert_eq!(found, vec!["unencrypted-at-rest@node", "unencrypted-at-rest@cache"]);
        assert_eq!(findings[0].impact, Impact::Severe);
    }

    #[test]
    fn encryption_keeps_rds_quiet() {
        let model = stores().props("db", |p| p.encryption_at_rest = Some(true)).build();
        assert!(ids(&UnencryptedAtRest, &model).is_empty());
    }

    #[test]
    fn a_generic_store_fires_only_when_it_says_unencrypted() {
        let quiet = stores().component("files", K::GenericDatastore, Some("acct"));
        assert!(!ids(&UnencryptedAtRest, &quiet.build()).contains(&"unencrypted-at-rest@files".to_owned()));
        let said = stores().component_with("files", K::GenericDatastore, Some("acct"), |c| {
            c.properties.encryption_at_rest = Some(false);
        });
        assert!(ids(&UnencryptedAtRest, &said.build()).contains(&"unencrypted-at-rest@files".to_owned()));
    }
}
