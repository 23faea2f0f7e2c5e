//! IAM action classes for the role rules: what an action (or action pattern) can do with resource `*` (read
//! metadata, touch data, write). Which actions hand over code or identity and which kinds a service acts on come
//! from the one IAM vocabulary the blast radius reads too (`analysis::iam`).

use crate::model::ComponentKind as K;
use crate::model::props::Permission;

/// What an action can do, ordered from harmless to dangerous.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Access {
    /// Reads configuration or names only (`Describe*`, `List*`, `Get*Attributes` ...), or is one of the actions that
    /// are fine on `*` (see `FINE_ON_ANY`).
    Metadata,
    /// Reads or decrypts data (`s3:GetObject`, `dynamodb:Query`, `secretsmanager:GetSecretValue`, `kms:Decrypt` ...).
    Data,
    /// Changes something, or could (`Put*`, `Create*`, `Delete*`, `Send*`, `Invoke*`, `Pass*`, any unknown verb).
    Write,
}

/// Actions that are fine on resource `*`: those AWS only grants on `*` that reveal or change nothing of value
/// (granting them on `*` is how AWS's own managed policies do it), and image pulls from ECR, which read artifacts
/// rather than data (docs/security-model.md#responsibility-table keeps the two layers apart) and are the EKS node baseline (section 6.3).
/// Lower case.
const FINE_ON_ANY: &[&str] = &[
    "cloudwatch:getmetricdata",
    "cloudwatch:getmetricstatistics",
    "cloudwatch:putmetricdata",
    "ec2:assignprivateipaddresses",
    "ec2:createnetworkinterface",
    "ec2:deletenetworkinterface",
    "ec2:unassignprivateipaddresses",
    "ecr:batchchecklayeravailability",
    "ecr:batchgetimage",
    "ecr:getauthorizationtoken",
    "ecr:getdownloadurlforlayer",
    "logs:createloggroup",
    "logs:createlogstream",
    "logs:putlogevents",
    "sts:getcalleridentity",
    "xray:getsamplingrules",
    "xray:getsamplingstatisticsummaries",
    "xray:getsamplingtargets",
    "xray:puttelemetryrecords",
    "xray:puttracesegments",
];

/// Services whose read actions return configuration only, never customer data: any `Get...` of theirs is metadata.
/// Lower case.
const CONFIG_ONLY_SERVICES: &[&str] = &["autoscaling", "ecs", "eks", "elasticloadbalancing", "iam", "tag"];

/// Verb prefixes of read-only metadata actions. Lower case.
const METADATA_VERBS: &[&str] = &["batchcheck", "describe", "list"];

/// Endings of `Get...` actions that return configuration rather than data. Lower case.
const METADATA_GET_ENDINGS: &[&str] = &[
    "acl",
    "attributes",
    "configuration",
    "encryption",
    "location",
    "logging",
    "policy",
    "policystatus",
    "status",
    "tagging",
    "tags",
    "url",
    "versioning",
];

/// Verb prefixes of actions that read or decrypt data (besides `Get...`). Lower case.
const DATA_VERBS: &[&str] = &[
    "batchget",
    "decrypt",
    "download",
    "executestatement",
    "export",
    "generatedatakey",
    "query",
    "read",
    "receive",
    "retrieve",
    "scan",
    "select",
];

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn ends_with_ci(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len() && text.get(text.len() - suffix.len()..).is_some_and(|t| t.eq_ignore_ascii_case(suffix))
}

fn is_wild(c: char) -> bool {
    c == '*' || c == '?'
}

/// What `action` (`service:Action`, `service:Pattern*` or `*`) can do when granted on resource `*`. A pattern counts
/// as the most dangerous action it could match; an unknown verb counts as a write.
pub(super) fn access(action: &str) -> Access {
    let Some((service, name)) = action.split_once(':') else {
        return Access::Write;
    };
    if FINE_ON_ANY.iter().any(|known| action.eq_ignore_ascii_case(known)) {
        return Access::Metadata;
    }
    let literal = name.find(is_wild).map_or(name, |at| name.get(..at).unwrap_or(""));
    if literal.is_empty() {
        return Access::Write;
    }
    if METADATA_VERBS.iter().any(|verb| starts_with_ci(literal, verb)) {
        return Access::Metadata;
    }
    if starts_with_ci(literal, "get") {
        // The ending decides: for a pattern, the part after its last wildcard must itself be a metadata ending.
        let ending = name.rfind(is_wild).map_or(name, |at| name.get(at + 1..).unwrap_or(""));
        let metadata = starts_with_ci(literal, "getbucket")
            || CONFIG_ONLY_SERVICES.iter().any(|known| service.eq_ignore_ascii_case(known))
            || (!ending.is_empty() && METADATA_GET_ENDINGS.iter().any(|end| ends_with_ci(ending, end)));
        return if metadata { Access::Metadata } else { Access::Data };
    }
    if DATA_VERBS.iter().any(|verb| starts_with_ci(literal, verb)) {
        return Access::Data;
    }
    Access::Write
}

/// Whether `action` hands over code or identity, from the one IAM vocabulary (`analysis::iam`), which the blast
/// radius follows as control steps.
pub(super) fn escalates(action: &str) -> bool {
    crate::analysis::iam::escalates(action)
}

/// The component kinds whose resources an action's service reaches (for "every resource of that service").
pub(super) fn service_kinds(action: &str) -> Vec<K> {
    crate::analysis::iam::kinds_of_action(action)
}

/// Every over-broad action of a statement (docs/security-model.md#precision), in the statement's order and without repeats: each `*` or `service:*`,
/// and with resource `*` each data or write action.
pub(super) fn over_broad_actions(permission: &Permission) -> Vec<&str> {
    let any_resource = permission.has_wildcard_resource();
    let mut actions: Vec<&str> = Vec::new();
    for action in &permission.actions {
        let wildcard = action == "*" || action.ends_with(":*");
        if (wildcard || (any_resource && access(action) > Access::Metadata)) && !actions.contains(&action.as_str()) {
            actions.push(action);
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::props::iam_glob as glob;

    #[test]
    fn globs_match_like_iam() {
        assert!(glob("s3:Get*", "s3:getobject"));
        assert!(glob("iam:*Policy", "iam:putrolepolicy"));
        assert!(glob("sts:Assume?ole", "sts:assumerole"));
        assert!(glob("*", "anything"));
        assert!(!glob("s3:Put*", "s3:getobject"));
        assert!(!glob("iam:PassRole", "iam:passroles"));
    }

    #[test]
    fn actions_are_classified() {
        for metadata in [
            "ec2:DescribeInstances",
            "s3:ListBucket",
            "sqs:GetQueueAttributes",
            "s3:GetBucketPolicy",
            "s3:GetBucket*",
            "sns:Get*Attributes",
            "logs:PutLogEvents",
            "ecr:GetAuthorizationToken",
            "dynamodb:List*",
            "iam:GetRole",
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "xray:GetSamplingRules",
        ] {
            assert_eq!(access(metadata), Access::Metadata, "{metadata}");
        }
        for data in [
            "s3:GetObject",
            "s3:Get*",
            "dynamodb:GetItem",
            "dynamodb:Query",
            "dynamodb:Scan",
            "dynamodb:BatchGetItem",
            "sqs:ReceiveMessage",
            "secretsmanager:GetSecretValue",
            "kms:Decrypt",
            "ssm:GetParameter",
            "ec2:GetPasswordData",
        ] {
            assert_eq!(access(data), Access::Data, "{data}");
        }
        for write in
            ["s3:PutObject", "sqs:SendMessage", "sns:Publish", "lambda:InvokeFunction", "iam:PassRole", "s3:*Object"]
        {
            assert_eq!(access(write), Access::Write, "{write}");
        }
        assert_eq!(access("*"), Access::Write);
    }

    #[test]
    fn escalation_actions_are_recognised() {
        for yes in [
            "*",
            "iam:*",
            "iam:PassRole",
            "iam:CreateUser",
            "iam:Put*",
            "iam:AttachRolePolicy",
            "sts:AssumeRole",
            "sts:*",
            "lambda:UpdateFunctionCode",
            "lambda:*",
            "ecr:PutImage",
            "ecr:InitiateLayerUpload",
            "ssm:SendCommand",
            "eks:*",
            "eks:CreateAccessEntry",
            "iam:SetDefaultPolicyVersion",
            "lambda:UpdateFunctionConfiguration",
        ] {
            assert!(escalates(yes), "{yes}");
        }
        for no in [
            "iam:GetRole",
            "iam:ListRoles",
            "s3:*",
            "lambda:InvokeFunction",
            "ecr:BatchGetImage",
            "sts:Get*",
            "eks:DescribeCluster",
        ] {
            assert!(!escalates(no), "{no}");
        }
    }

    #[test]
    fn over_broad_statements_are_wildcards_or_data_actions_on_everything() {
        let statement = |actions: &[&str], resources: &[&str]| Permission {
            actions: actions.iter().map(|a| (*a).to_owned()).collect(),
            resources: resources.iter().map(|r| (*r).to_owned()).collect(),
            conditions: Vec::new(),
        };
        assert_eq!(over_broad_actions(&statement(&["sqs:*"], &["orders"])), ["sqs:*"]);
        assert_eq!(
            over_broad_actions(&statement(&["ec2:DescribeInstances", "s3:GetObject", "s3:*"], &["*"])),
            ["s3:GetObject", "s3:*"]
        );
        assert!(over_broad_actions(&statement(&["ec2:DescribeInstances", "logs:PutLogEvents"], &["*"])).is_empty());
        assert!(over_broad_actions(&statement(&["s3:GetObject"], &["bucket"])).is_empty());
    }
}
