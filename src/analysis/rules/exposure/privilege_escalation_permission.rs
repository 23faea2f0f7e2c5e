//! `privilege-escalation-permission`: an IAM role holding a permission that hands over code or identity (docs/security-model.md#blast-iam): passing or assuming roles, writing IAM, replacing function code or images, running commands on
//! instances, administering EKS access. One finding per role.

use super::{iam, roles};
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::props::Permission;
use crate::model::{ComponentKind as K, Id};

/// The rule.
pub struct PrivilegeEscalationPermission;

static META: RuleMeta = RuleMeta {
    id: "privilege-escalation-permission",
    title: "IAM role can escalate privileges",
    description: "Some permissions hand over code or identity: whoever controls a workload on such a role takes \
        control of other roles, functions, images or instances, not just their data. \
        Fires once per IAM role with a statement allowing iam:PassRole, sts:AssumeRole, iam:* or an IAM write \
        (iam:Create..., Put..., Attach..., Update..., and known paths such as SetDefaultPolicyVersion or \
        AddUserToGroup), lambda:UpdateFunctionCode or UpdateFunctionConfiguration (layers), ecr:PutImage or \
        ecr:InitiateLayerUpload, ssm:SendCommand or StartSession, EC2 Instance Connect, EKS access-entry or \
        cluster-config writes (so eks:*), action *, or any pattern that matches one of them (lambda:*, iam:Put* \
        ...). Likelihood is one \
        step higher when such a statement applies to resource * (every role, function, image or instance in the \
        account) and one higher when a component using the role is internet-facing (the node role counts for \
        pods that reach instance metadata); impact is one step higher for action *.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Remove the permission from runtime roles, or scope it to the one role, function, repository or \
                instance needed, with conditions such as iam:PassedToService.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Deny IAM writes, role passing and code updates outside the deployment pipeline with a \
                permissions boundary or service control policy.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm on IAM changes, AssumeRole and UpdateFunctionCode calls in CloudTrail; enable GuardDuty.",
        },
    ],
    thresholds: &[],
    reference: Some(
        "IAM user guide: grant a user permissions to pass a role to an AWS service; security best \
        practices in IAM",
    ),
};

fn escalating(permission: &Permission) -> Option<&str> {
    permission.actions.iter().map(String::as_str).find(|a| iam::escalates(a))
}

impl Rule for PrivilegeEscalationPermission {
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
    fn check_component(&self, cx: &RuleContext<'_>, role: ComponentIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        if model.kind(role) != K::IamRole {
            return;
        }
        // What the diagram states (inline, managed policies, SAM templates); assumed permissions are not its words.
        let stated = crate::analysis::iam::role_permissions(model, role);
        if stated.assumed {
            return;
        }
        let permissions: &[Permission] = &stated.statements;
        // Name an action from a statement on every resource when there is one: that is what makes it worse.
        let on_any = permissions.iter().filter(|p| p.has_wildcard_resource()).find_map(escalating);
        let Some(first) = on_any.or_else(|| permissions.iter().find_map(escalating)) else { return };
        let mut any_resource = false;
        let mut full_admin = false;
        let mut targets: Vec<&Id> = Vec::new();
        for permission in permissions.iter().filter(|p| escalating(p).is_some()) {
            any_resource |= permission.has_wildcard_resource();
            full_admin |= permission.actions.iter().any(|a| a == "*");
            targets.extend(
                permission.resources.iter().filter_map(|r| model.component_ix(r)).map(|c| model.component_id(c)),
            );
        }
        let users = roles::role_and_users(model, role);
        targets.extend(users.iter().map(|&c| model.component_id(c)));
        let component = model.component(role);
        let scope = if any_resource { " on every resource" } else { "" };
        hits.push(
            Hit::on(
                &component.id,
                format!(
                    "{} allows {first}{scope}, which hands over code or identity.",
                    quote::name_of(model, component)
                ),
            )
            .with_elements(targets)
            .exposed(roles::any_user_internet_facing(model, facts, role))
            .likelihood(i8::from(any_resource))
            .impact(i8::from(full_admin)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::exposure::wildcard_iam_permission::statement;
    use crate::analysis::testkit::{TestDiagram, id, ids, run};

    fn with_role(permissions: Vec<Permission>) -> TestDiagram {
        TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component_with("role", K::IamRole, Some("acct"), |c| c.properties.permissions = Some(permissions))
            .component("deploy-role", K::IamRole, Some("acct"))
            .component_with("svc", K::GenericService, Some("acct"), |c| c.role = Some(id("role")))
    }

    #[test]
    fn scoped_pass_role_fires_at_base_likelihood_with_its_target() {
        let model = with_role(vec![statement(&["iam:PassRole"], &["deploy-role"])]).build();
        let findings = run(&PrivilegeEscalationPermission, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "privilege-escalation-permission@role");
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Unlikely, Impact::Major));
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["deploy-role", "role", "svc"]);
    }

    #[test]
    fn resource_star_exposure_and_action_star_make_it_worse() {
        let model = with_role(vec![statement(&["iam:PassRole"], &["deploy-role"]), statement(&["lambda:*"], &["*"])])
            .flow("internet", "svc", crate::model::Pattern::SyncRequest)
            .build();
        let finding = &run(&PrivilegeEscalationPermission, &model)[0];
        assert_eq!(finding.likelihood, Likelihood::Likely);
        assert_eq!(finding.explanation(), "role allows lambda:* on every resource, which hands over code or identity.");
        let admin = with_role(vec![statement(&["*"], &["*"])]).build();
        let finding = &run(&PrivilegeEscalationPermission, &admin)[0];
        assert_eq!((finding.likelihood, finding.impact), (Likelihood::Possible, Impact::Severe));
    }

    #[test]
    fn ordinary_permissions_are_quiet() {
        let model = with_role(vec![
            statement(&["s3:GetObject", "sqs:SendMessage"], &["*"]),
            statement(&["iam:GetRole", "eks:DescribeCluster", "ecr:BatchGetImage"], &["*"]),
        ])
        .build();
        assert!(ids(&PrivilegeEscalationPermission, &model).is_empty());
    }
}
