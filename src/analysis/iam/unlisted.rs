//! What a role may do when the diagram does not list its permissions. Unknown is not empty: a role drawn without
//! `permissions` is taken to hold the AWS managed policies that what runs as it usually has, and every reader (the
//! rules and the blast radius) marks what follows from that as assumed. Roles of EC2 nodes get the Amazon EKS node
//! policies (`AmazonEC2ContainerRegistryReadOnly`: pull from every registry in the account); other roles get the
//! basic execution policies (CloudWatch Logs), which reach nothing drawn. A role that lists its permissions, even
//! as an empty list, or names AWS managed policies or SAM policy templates, holds exactly those (the named ones
//! expanded from the bundled table in `managed`). Statements limited by `aws:SourceAccount` or `aws:SourceArn`
//! are left out: only an AWS service acting for the role satisfies them, never whoever holds its credentials.

use std::borrow::Cow;

use crate::analysis::iam::arns::normalized;
use crate::analysis::iam::managed::{managed_policy, managed_statements, sam_template, template_statements};
use crate::model::props::Permission;
use crate::model::{ComponentIx, ComponentKind as K, Model};

/// The permissions a role is taken to hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RolePermissions<'a> {
    /// The statements.
    pub statements: Cow<'a, [Permission]>,
    /// Whether they are assumed (the diagram lists none) rather than listed.
    pub assumed: bool,
}

/// The ECR actions of `AmazonEC2ContainerRegistryReadOnly` that pull an image.
const NODE_ECR_READ: [&str; 2] = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/// The permissions of `role`: as listed, or the usual managed policies of what runs as it.
pub fn role_permissions(model: &Model, role: ComponentIx) -> RolePermissions<'_> {
    let props = model.props(role);
    let (managed, templates) = (props.managed_policies.as_deref(), props.policy_templates.as_deref());
    if managed.is_some() || templates.is_some() {
        // Managed policies and SAM templates expand from the bundled table, after the inline statements.
        let mut statements = props.permissions.clone().unwrap_or_default();
        for policy in managed.unwrap_or_default().iter().filter_map(|name| managed_policy(name)) {
            statements.extend(managed_statements(policy));
        }
        for template in templates.unwrap_or_default() {
            if let Some(known) = sam_template(&template.name) {
                statements.extend(template_statements(known, template.resource.as_deref()));
            }
        }
        let mut statements = normalized(model, &statements).unwrap_or(statements);
        statements.retain(|s| !s.service_only());
        return RolePermissions { statements: Cow::Owned(statements), assumed: false };
    }
    if let Some(listed) = &props.permissions {
        let statements = match normalized(model, listed) {
            Some(mut rewritten) => {
                rewritten.retain(|s| !s.service_only());
                Cow::Owned(rewritten)
            }
            None if listed.iter().any(Permission::service_only) => {
                Cow::Owned(listed.iter().filter(|s| !s.service_only()).cloned().collect())
            }
            None => Cow::Borrowed(listed.as_slice()),
        };
        return RolePermissions { statements, assumed: false };
    }
    let node = model.role_users(role).iter().any(|&user| model.kind(user) == K::Ec2Node);
    let statements = if node {
        vec![Permission {
            actions: NODE_ECR_READ.iter().map(|a| (*a).to_owned()).collect(),
            resources: vec![Permission::ANY_RESOURCE.to_owned()],
            conditions: Vec::new(),
        }]
    } else {
        Vec::new()
    };
    RolePermissions { statements: Cow::Owned(statements), assumed: true }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::TestDiagram;
    use crate::model::props::PolicyTemplate;

    #[test]
    fn named_policies_and_templates_expand_and_are_not_assumed() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("table", K::DynamodbTable, Some("acct"))
            .component_with("role", K::IamRole, Some("acct"), |c| {
                c.properties.managed_policies = Some(vec!["AWSLambdaBasicExecutionRole".into()]);
                c.properties.policy_templates =
                    Some(vec![PolicyTemplate { name: "DynamoDBCrudPolicy".into(), resource: Some("table".into()) }]);
            })
            .build();
        let role = model.component_ix("role").unwrap();
        let permissions = role_permissions(&model, role);
        assert!(!permissions.assumed);
        assert_eq!(permissions.statements.len(), 2);
        assert_eq!(permissions.statements[0].actions[0], "logs:CreateLogGroup");
        assert_eq!(permissions.statements[1].resources, ["table"]);
    }

    #[test]
    fn statements_only_a_service_can_use_are_left_out() {
        use crate::model::props::ConditionKey;
        let mut service_only = Permission::new(vec!["sqs:*".into()], vec!["*".into()]);
        service_only.conditions = vec![ConditionKey::SourceArn];
        let mut org = Permission::new(vec!["s3:GetObject".into()], vec!["*".into()]);
        org.conditions = vec![ConditionKey::PrincipalOrgId];
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("role", K::IamRole, Some("acct"), |c| {
                c.properties.permissions = Some(vec![service_only, org]);
            })
            .build();
        let statements = role_permissions(&model, model.component_ix("role").unwrap()).statements;
        assert_eq!(statements.len(), 1);
        assert_eq!(statements[0].actions, ["s3:GetObject"], "the role itself is in its organisation");
    }
}
