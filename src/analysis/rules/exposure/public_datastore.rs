//! `public-datastore`: a data store the internet reaches: public exposure (RDS, S3, a self-managed database on the
//! team's compute) or a resource policy open to any principal (S3, DynamoDB).

use super::scope;
use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;
use crate::model::props::Classification;

/// The rule.
pub struct PublicDatastore;

static META: RuleMeta = RuleMeta {
    id: "public-datastore",
    title: "Data store reachable from the internet",
    description: "A data store that anyone on the internet can reach, so its data is one leaked password, \
        misconfiguration or unpatched bug away from disclosure or tampering. Fires for an RDS database, an S3 bucket \
        or a component running database software the team operates (PostgreSQL, MySQL, MongoDB, Redis, \
        Elasticsearch; a container takes its pod's exposure; not a third party's generic service drawn outside \
        every account and network) whose effective exposure is public, and for an S3 \
        bucket or DynamoDB table whose resource policy allows any principal without a source account, source ARN \
        or organisation condition. An S3 bucket holding only public data (a website) is expected. Secrets Manager \
        policies are reported once, by open-secret-policy. Likelihood is one step lower when the listener requires \
        authentication (RDS requires a password by default) and one lower when security groups admit only named \
        sources; one step higher when the diagram says the listener requires no authentication. Impact scales \
        with the store's data.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    likelihood: Likelihood::Likely,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Take the store off the internet: private subnets and no public IP for databases, S3 Block \
                Public Access on the account and bucket.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Scope resource policies to named principals, or add an aws:SourceAccount, aws:SourceArn or \
                aws:PrincipalOrgID condition; reach the store through VPC endpoints.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Turn on AWS Config rules (rds-instance-public-access-check, s3-bucket-public-read-prohibited) and \
                IAM Access Analyzer to alert on public stores.",
        },
    ],
    thresholds: &[],
    reference: Some("AWS Security Hub controls RDS.2 and S3.2 (public access)"),
};

impl Rule for PublicDatastore {
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
        let kind = model.kind(c);
        let props = model.props(c);
        let open_policy = matches!(kind, K::S3Bucket | K::DynamodbTable) && props.policy.is_some_and(|p| p.is_open());
        let public = match kind {
            K::RdsDatabase | K::S3Bucket | K::Elasticache => scope::is_public(model, cx.facts, c),
            K::GenericDatastore => {
                scope::is_public(model, cx.facts, c) && !scope::is_outside_system(model, cx.facts, c)
            }
            _ => {
                scope::is_public_self_managed_database(model, cx.facts, c)
                    && !scope::is_outside_system(model, cx.facts, c)
            }
        };
        if !public && !open_policy {
            return;
        }
        let data = classification(model, c);
        if kind == K::S3Bucket && data == Some(Classification::Public) {
            return;
        }
        let component = model.component(c);
        let how = match (public, open_policy) {
            (true, true) => "is reachable from the internet and its resource policy allows any principal",
            (true, false) => "is reachable from the internet",
            _ => "has a resource policy that allows any principal without a source condition",
        };
        let listener = match props.requires_authentication {
            Some(true) => -1,
            Some(false) => 1,
            None => 0,
        };
        let restricted = if props.ingress_restricted == Some(true) { -1 } else { 0 };
        hits.push(
            Hit::on(&component.id, format!("{} ({kind}) {how}.", quote::name_of(model, component)))
                .with_data(data)
                .exposed(true)
                .likelihood(listener + restricted),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{DataProfile, Exposure, ResourcePolicy, Software};

    fn data(level: Classification) -> Option<DataProfile> {
        Some(DataProfile { classification: level, confidentiality: None, integrity: None, availability: None })
    }

    fn account() -> TestDiagram {
        TestDiagram::new().component("acct", K::AwsAccount, None)
    }

    #[test]
    fn fires_on_public_rds_and_open_bucket_policy() {
        let model = account()
            .component_with("db", K::RdsDatabase, Some("acct"), |c| {
                c.properties.exposure = Some(Exposure::Public);
                c.properties.data = data(Classification::Confidential);
            })
            .component_with("bucket", K::S3Bucket, Some("acct"), |c| {
                c.properties.policy = Some(ResourcePolicy { any_principal: true, source_condition: false });
            })
            .build();
        let findings = run(&PublicDatastore, &model);
        let found: Vec<&str> = findings.iter().map(|f| f.id()).collect();
        assert_eq!(found, vec!["public-datastore@bucket", "public-datastore@db"]);
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Likely, Impact::Major));
        // RDS requires a password by default: one step lower; confidential data: one step higher.
        assert_eq!((findings[1].likelihood, findings[1].impact), (Likelihood::Possible, Impact::Severe));
    }

    #[test]
    fn private_defaults_and_source_conditions_keep_it_quiet() {
        let model = account()
            .component("db", K::RdsDatabase, Some("acct"))
            .component("bucket", K::S3Bucket, Some("acct"))
            .component_with("table", K::DynamodbTable, Some("acct"), |c| {
                c.properties.policy = Some(ResourcePolicy { any_principal: true, source_condition: true });
            })
            .component_with("secrets", K::SecretsManager, Some("acct"), |c| {
                c.properties.policy = Some(ResourcePolicy { any_principal: true, source_condition: false });
            })
            .build();
        assert!(ids(&PublicDatastore, &model).is_empty());
    }

    #[test]
    fn public_website_bucket_is_expected() {
        let model = account()
            .component_with("site", K::S3Bucket, Some("acct"), |c| {
                c.properties.exposure = Some(Exposure::Public);
                c.properties.data = data(Classification::Public);
            })
            .build();
        assert!(ids(&PublicDatastore, &model).is_empty());
    }

    #[test]
    fn self_managed_database_in_a_public_pod() {
        let model = account()
            .component("node", K::Ec2Node, Some("acct"))
            .component_with("pod", K::Pod, Some("node"), |c| c.properties.exposure = Some(Exposure::Public))
            .component_with("mongo", K::Container, Some("pod"), |c| {
                c.properties.software = Some(Software::Mongodb);
                c.properties.requires_authentication = Some(false);
            })
            .component_with("kafka", K::GenericService, Some("acct"), |c| {
                c.properties.software = Some(Software::Kafka);
                c.properties.exposure = Some(Exposure::Public);
            })
            .build();
        let findings = run(&PublicDatastore, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "public-datastore@mongo");
        assert_eq!(findings[0].likelihood, Likelihood::AlmostCertain);
    }

    #[test]
    fn restricted_ingress_lowers_the_likelihood() {
        let model = account()
            .component_with("db", K::RdsDatabase, Some("acct"), |c| {
                c.properties.exposure = Some(Exposure::Public);
                c.properties.ingress_restricted = Some(true);
            })
            .build();
        assert_eq!(run(&PublicDatastore, &model)[0].likelihood, Likelihood::Unlikely);
    }
}
