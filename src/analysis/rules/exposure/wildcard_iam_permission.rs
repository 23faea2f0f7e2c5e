//! `wildcard-iam-permission`: an IAM role with an over-broad statement: action `*` or `service:*`, or resource `*`
//! on a data or write action. One finding per role.

use super::iam;
use super::roles::{self, DataIndex};
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentKind as K;
use crate::model::props::Permission;

/// The rule.
pub struct WildcardIamPermission;

static META: RuleMeta = RuleMeta {
    id: "wildcard-iam-permission",
    title: "IAM role with wildcard permissions",
    description: "A role allowed more than its job needs turns one compromised workload into access to every \
        resource of a service in the account (a wildcard means every resource of that \
        service). Fires once per IAM role holding a statement with action * or service:*, or with resource * on \
        an action that reads data (s3:GetObject, dynamodb:GetItem, Query or Scan, sqs:ReceiveMessage, \
        secretsmanager:GetSecretValue, kms:Decrypt ...) or writes (Put, Create, Delete, Update, Send, Publish, \
        Invoke, Pass, Assume ... and any verb it does not know). Read-only metadata actions (Describe, List, \
        Get...Attributes, Get...Policy ..., any Get of IAM, EKS, ECS, Auto Scaling or ELB) and the few actions AWS \
        grants only on * that reveal nothing (CloudWatch metric reads and writes, logs:CreateLogStream and \
        PutLogEvents, X-Ray, ecr:GetAuthorizationToken, VPC network-interface actions) are fine with resource *, \
        and so are ECR image pulls: images are artifacts, not data, and every EKS node role needs them. \
        Impact scales with the most sensitive data the role reaches in its account and is one step higher for \
        action *; likelihood is one step higher when a component using the role (the node role counts for pods \
        that reach instance metadata) is internet-facing.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::ElevationOfPrivilege, Stride::InformationDisclosure],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Scope every statement to the actions and resource ARNs the workload uses; IAM Access Analyzer \
                can generate such a policy from CloudTrail activity.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Cap what any role can do with a permissions boundary or service control policy.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Review unused permissions with IAM Access Analyzer and alarm on unusual API calls (GuardDuty).",
        },
    ],
    thresholds: &[],
    reference: Some("IAM user guide, security best practices: apply least-privilege permissions"),
};

impl Rule for WildcardIamPermission {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        let mut index: Option<DataIndex> = None;
        for role in model.components_of(crate::model::Kinds::of(&[K::IamRole])) {
            // What the diagram states (inline, managed policies, SAM templates); assumed permissions are not its words.
            let stated = crate::analysis::iam::role_permissions(model, role);
            if stated.assumed {
                continue;
            }
            let permissions: &[Permission] = &stated.statements;
            let offending: Vec<(&Permission, Vec<&str>)> = permissions
                .iter()
                .map(|p| (p, iam::over_broad_actions(p)))
                .filter(|(_, actions)| !actions.is_empty())
                .collect();
            if offending.is_empty() {
                continue;
            }
            let full_admin = permissions.iter().any(|p| p.actions.iter().any(|a| a == "*"));
            let index = index.get_or_insert_with(|| DataIndex::new(model, facts));
            let users = roles::role_and_users(model, role);
            let component = model.component(role);
            // Every over-broad statement is named (a hostile file cannot make the sentence huge: at most
            // `NAMED` statements, then a count).
            let mut parts: Vec<String> = offending
                .iter()
                .take(NAMED)
                .map(|(statement, actions)| format!("{} on {}", actions.join(", "), resources(model, statement)))
                .collect();
            if offending.len() > NAMED {
                parts.push(format!("{} more over-broad statements", offending.len() - NAMED));
            }
            hits.push(
                Hit::on(&component.id, format!("{} allows {}.", quote::name_of(model, component), parts.join("; ")))
                    .with_elements(users.iter().map(|&c| model.component_id(c)))
                    .with_data(index.role_reach(model, facts, role))
                    .exposed(roles::any_user_internet_facing(model, facts, role))
                    .impact(i8::from(full_admin)),
            );
        }
    }
}

/// How many over-broad statements a finding names before it counts the rest.
const NAMED: usize = 10;

/// What a statement's resources are, in words.
fn resources(model: &crate::model::Model, statement: &Permission) -> String {
    if statement.has_wildcard_resource() {
        return "every resource".to_owned();
    }
    // Components by name; ARNs of resources that are not drawn as written.
    let names: Vec<String> = statement
        .resources
        .iter()
        .filter_map(|r| match model.component_ix(r) {
            Some(c) => Some(quote::name(model, c).to_string()),
            None => r.starts_with("arn:").then(|| r.clone()),
        })
        .collect();
    names.join(", ")
}

/// Statements for tests.
#[cfg(test)]
pub(super) fn statement(actions: &[&str], resources: &[&str]) -> Permission {
    Permission {
        actions: actions.iter().map(|a| (*a).to_owned()).collect(),
        resources: resources.iter().map(|r| (*r).to_owned()).collect(),
        conditions: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, id, ids, run};
    use crate::model::props::{Classification, DataProfile};

    fn with_role(permissions: Vec<Permission>) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("other", K::AwsAccount, None)
            .component_with("role", K::IamRole, Some("acct"), |c| c.properties.permissions = Some(permissions))
            .component_with("fn", K::Lambda, Some("acct"), |c| c.role = Some(id("role")))
            .component_with("bucket", K::S3Bucket, Some("acct"), |c| {
                c.properties.data = Some(DataProfile {
                    classification: Classification::Confidential,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
            })
            .component_with("far", K::S3Bucket, Some("other"), |c| {
                c.properties.data = Some(DataProfile {
                    classification: Classification::Restricted,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
            })
    }

    #[test]
    fn fires_once_per_role_with_data_reach_in_its_account() {
        let model = with_role(vec![
            statement(&["s3:GetObject"], &["*"]),
            statement(&["sqs:*"], &["*"]),
            statement(&["ec2:DescribeInstances"], &["*"]),
        ])
        .build();
        let findings = run(&WildcardIamPermission, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "wildcard-iam-permission@role");
        assert_eq!(findings[0].impact, Impact::Major, "confidential bucket in its account, not the restricted one");
        assert_eq!(findings[0].explanation(), "role allows s3:GetObject on every resource; sqs:* on every resource.");
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["fn", "role"]);
    }

    #[test]
    fn service_wildcard_on_a_named_resource_fires_and_action_star_is_worse() {
        let model = with_role(vec![statement(&["s3:*"], &["bucket"])]).build();
        let findings = run(&WildcardIamPermission, &model);
        assert_eq!(findings[0].id(), "wildcard-iam-permission@role");
        assert_eq!(findings[0].explanation(), "role allows s3:* on bucket.");
        let admin = with_role(vec![statement(&["*"], &["*"])]).build();
        assert_eq!(run(&WildcardIamPermission, &admin)[0].impact, Impact::Severe);
    }

    #[test]
    fn scoped_or_metadata_statements_are_quiet() {
        let model = with_role(vec![
            statement(&["s3:GetObject", "s3:PutObject"], &["bucket"]),
            statement(&["ec2:Describe*", "s3:ListAllMyBuckets", "sqs:GetQueueAttributes"], &["*"]),
            statement(&["logs:CreateLogStream", "logs:PutLogEvents", "cloudwatch:PutMetricData"], &["*"]),
        ])
        .build();
        assert!(ids(&WildcardIamPermission, &model).is_empty());
        assert!(ids(&WildcardIamPermission, &with_role(Vec::new()).build()).is_empty());
    }

    #[test]
    fn every_wildcard_is_named_and_many_are_counted() {
        let model = with_role(vec![statement(&["s3:*", "sqs:SendMessage", "dynamodb:*"], &["*"])]).build();
        let findings = run(&WildcardIamPermission, &model);
        assert_eq!(findings[0].explanation(), "role allows s3:*, sqs:SendMessage, dynamodb:* on every resource.");
        let many = with_role((0..12).map(|i| statement(&[&format!("svc{i}:*")], &["bucket"])).collect()).build();
        let found = run(&WildcardIamPermission, &many);
        let text = found[0].explanation();
        assert!(text.contains("svc9:* on bucket; 2 more over-broad statements."), "{text}");
    }
}
