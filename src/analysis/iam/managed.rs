//! AWS managed policies and AWS SAM policy templates, as data: the statements each one grants, so a role written
//! as templates write it (`managed_policies`, `policy_templates`) holds what AWS would give it
//! (docs/security-model.md#blast-iam).
//!
//! Managed policies: AWS Managed Policy Reference Guide, one page per policy ("JSON policy document", default
//! version), read on [`POLICIES_AS_OF`]; each entry names its version and the page's "Edited time".
//! SAM policy templates: `samtranslator/policy_templates_data/policy_templates.json` of the public repository
//! aws/serverless-application-model at commit 013ec109893d6fbb6ea2e148f37f1f5eb34471a1 (file version 0.0.1).
//! Only the actions are kept; a statement's resource is either the template's parameter (the component the
//! diagram names) or `*`. Templates and policies not listed here are refused by the loader.

use crate::model::props::Permission;
use crate::model::settings::Date;

/// The day the managed-policy pages and the SAM template file were read.
pub const POLICIES_AS_OF: Date = Date { year: 2026, month: 12, day: 4 };

/// One AWS managed policy.
#[derive(Debug)]
pub struct ManagedPolicy {
    /// Its name (the last part of its ARN).
    pub name: &'static str,
    /// Default version and edited time on its reference page.
    pub version: &'static str,
    /// The actions it allows on every resource (`*`).
    pub actions: &'static [&'static str],
    /// Statements on named resources only (ARN patterns), besides.
    pub scoped: &'static [Scoped],
}

/// A statement of a managed policy that allows its actions on one resource pattern only.
#[derive(Debug)]
pub struct Scoped {
    /// The actions.
    pub actions: &'static [&'static str],
    /// The resource, an ARN pattern.
    pub resource: &'static str,
}

const LOGS_WRITE: [&str; 3] = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"];

/// The bundled managed policies.
pub static MANAGED_POLICIES: &[ManagedPolicy] = &[
    ManagedPolicy {
        name: "AWSLambdaBasicExecutionRole",
        version: "v1, edited 2015-04-09",
        actions: &LOGS_WRITE,
        scoped: &[],
    },
    ManagedPolicy {
        name: "AWSLambdaVPCAccessExecutionRole",
        version: "v3, edited 2024-01-05",
        actions: &[
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
        ],
        scoped: &[],
    },
    ManagedPolicy {
        name: "AWSLambdaENIManagementAccess",
        version: "v2, edited 2020-10-01",
        actions: &[
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
        ],
        scoped: &[],
    },
    ManagedPolicy {
        name: "AmazonEKSWorkerNodePolicy",
        version: "v3, edited 2023-11-27",
        actions: &[
            "ec2:DescribeInstances",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeRouteTables",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVolumes",
            "ec2:DescribeVolumesModifications",
            "ec2:DescribeVpcs",
            "eks:DescribeCluster",
            "eks-auth:AssumeRoleForPodIdentity",
        ],
        scoped: &[],
    },
    ManagedPolicy {
        name: "AmazonEKSWorkerNodeMinimalPolicy",
        version: "v1, edited 2024-10-02",
        actions: &["eks-auth:AssumeRoleForPodIdentity"],
        scoped: &[],
    },
    ManagedPolicy {
        name: "AmazonEC2ContainerRegistryReadOnly",
        version: "v3, edited 2019-12-10",
        actions: &[
            "ecr:GetAuthorizationToken",
            "ecr:BatchCheckLayerAvailability",
            "ecr:GetDownloadUrlForLayer",
            "ecr:GetRepositoryPolicy",
            "ecr:DescribeRepositories",
            "ecr:ListImages",
            "ecr:DescribeImages",
            "ecr:BatchGetImage",
            "ecr:GetLifecyclePolicy",
            "ecr:GetLifecyclePolicyPreview",
            "ecr:ListTagsForResource",
            "ecr:DescribeImageScanFindings",
        ],
        scoped: &[],
    },
    // Only the first part of the policy's statement could be read (through ssm:PutComplianceItems); the rest of
    // the page (status reports, the ssmmessages and ec2messages channels) acts on nothing a diagram draws.
    ManagedPolicy {
        name: "AmazonSSMManagedInstanceCore",
        version: "v2, edited 2019-05-23 (first statement, in part)",
        actions: &[
            "ssm:DescribeAssociation",
            "ssm:GetDeployablePatchSnapshotForInstance",
            "ssm:GetDocument",
            "ssm:DescribeDocument",
            "ssm:GetManifest",
            "ssm:GetParameter",
            "ssm:GetParameters",
            "ssm:ListAssociations",
            "ssm:ListInstanceAssociations",
            "ssm:PutInventory",
            "ssm:PutComplianceItems",
        ],
        scoped: &[],
    },
    ManagedPolicy {
        name: "AmazonSSMReadOnlyAccess",
        version: "v1, edited 2015-05-29",
        actions: &["ssm:Describe*", "ssm:Get*", "ssm:List*"],
        scoped: &[],
    },
    ManagedPolicy {
        name: "AmazonS3ReadOnlyAccess",
        version: "v3, edited 2023-08-10",
        actions: &["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"],
        scoped: &[],
    },
    ManagedPolicy {
        name: "AmazonEKS_CNI_Policy",
        version: "v5, edited 2024-03-04",
        actions: &[
            "ec2:AssignPrivateIpAddresses",
            "ec2:AttachNetworkInterface",
            "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface",
            "ec2:DescribeInstances",
            "ec2:DescribeTags",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeSubnets",
            "ec2:DetachNetworkInterface",
            "ec2:ModifyNetworkInterfaceAttribute",
            "ec2:UnassignPrivateIpAddresses",
        ],
        scoped: &[Scoped { actions: &["ec2:CreateTags"], resource: "arn:aws:ec2:*:*:network-interface/*" }],
    },
];

/// One statement of a SAM policy template: its actions, on the template's parameter or on `*`.
#[derive(Debug)]
pub struct TemplateStatement {
    /// The actions.
    pub actions: &'static [&'static str],
    /// On the resource the parameter names (else on `*`).
    pub on_parameter: bool,
}

/// One SAM policy template.
#[derive(Debug)]
pub struct SamTemplate {
    /// Its name.
    pub name: &'static str,
    /// Its one parameter (`TableName`), if it takes one.
    pub parameter: Option<&'static str>,
    /// Its statements.
    pub statements: &'static [TemplateStatement],
}

const fn on(actions: &'static [&'static str]) -> TemplateStatement {
    TemplateStatement { actions, on_parameter: true }
}

const fn any(actions: &'static [&'static str]) -> TemplateStatement {
    TemplateStatement { actions, on_parameter: false }
}

const fn template(
    name: &'static str,
    parameter: Option<&'static str>,
    statements: &'static [TemplateStatement],
) -> SamTemplate {
    SamTemplate { name, parameter, statements }
}

/// The bundled SAM policy templates.
pub static SAM_TEMPLATES: &[SamTemplate] = &[
    template(
        "SQSPollerPolicy",
        Some("QueueName"),
        &[on(&[
            "sqs:ChangeMessageVisibility",
            "sqs:ChangeMessageVisibilityBatch",
            "sqs:DeleteMessage",
            "sqs:DeleteMessageBatch",
            "sqs:GetQueueAttributes",
            "sqs:ReceiveMessage",
        ])],
    ),
    template("SQSSendMessagePolicy", Some("QueueName"), &[on(&["sqs:SendMessage*"])]),
    template("SNSPublishMessagePolicy", Some("TopicName"), &[on(&["sns:Publish"])]),
    template(
        "SNSCrudPolicy",
        Some("TopicName"),
        &[on(&[
            "sns:ListSubscriptionsByTopic",
            "sns:CreateTopic",
            "sns:SetTopicAttributes",
            "sns:Subscribe",
            "sns:Publish",
        ])],
    ),
    template("LambdaInvokePolicy", Some("FunctionName"), &[on(&["lambda:InvokeFunction"])]),
    template(
        "DynamoDBCrudPolicy",
        Some("TableName"),
        &[on(&[
            "dynamodb:GetItem",
            "dynamodb:DeleteItem",
            "dynamodb:PutItem",
            "dynamodb:Scan",
            "dynamodb:Query",
            "dynamodb:UpdateItem",
            "dynamodb:BatchWriteItem",
            "dynamodb:BatchGetItem",
            "dynamodb:DescribeTable",
            "dynamodb:ConditionCheckItem",
        ])],
    ),
    template(
        "DynamoDBReadPolicy",
        Some("TableName"),
        &[on(&[
            "dynamodb:GetItem",
            "dynamodb:Scan",
            "dynamodb:Query",
            "dynamodb:BatchGetItem",
            "dynamodb:DescribeTable",
        ])],
    ),
    template(
        "DynamoDBStreamReadPolicy",
        Some("TableName"),
        &[on(&["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"])],
    ),
    template(
        "DynamoDBWritePolicy",
        Some("TableName"),
        &[on(&["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"])],
    ),
    template(
        "S3ReadPolicy",
        Some("BucketName"),
        &[on(&[
            "s3:GetObject",
            "s3:ListBucket",
            "s3:GetBucketLocation",
            "s3:GetObjectVersion",
            "s3:GetLifecycleConfiguration",
        ])],
    ),
    template(
        "S3CrudPolicy",
        Some("BucketName"),
        &[on(&[
            "s3:GetObject",
            "s3:ListBucket",
            "s3:GetBucketLocation",
            "s3:GetObjectVersion",
            "s3:PutObject",
            "s3:PutObjectAcl",
            "s3:GetLifecycleConfiguration",
            "s3:PutLifecycleConfiguration",
            "s3:DeleteObject",
        ])],
    ),
    template(
        "S3FullAccessPolicy",
        Some("BucketName"),
        &[on(&[
            "s3:GetObject",
            "s3:GetObjectAcl",
            "s3:GetObjectVersion",
            "s3:PutObject",
            "s3:PutObjectAcl",
            "s3:DeleteObject",
            "s3:DeleteObjectTagging",
            "s3:DeleteObjectVersionTagging",
            "s3:GetObjectTagging",
            "s3:GetObjectVersionTagging",
            "s3:PutObjectTagging",
            "s3:PutObjectVersionTagging",
            "s3:ListBucket",
            "s3:GetBucketLocation",
            "s3:GetLifecycleConfiguration",
            "s3:PutLifecycleConfiguration",
        ])],
    ),
    template(
        "S3WritePolicy",
        Some("BucketName"),
        &[on(&["s3:PutObject", "s3:PutObjectAcl", "s3:PutLifecycleConfiguration"])],
    ),
    template("KMSDecryptPolicy", Some("KeyId"), &[on(&["kms:Decrypt"])]),
    template("KMSEncryptPolicy", Some("KeyId"), &[on(&["kms:Encrypt"])]),
    template("AWSSecretsManagerGetSecretValuePolicy", Some("SecretArn"), &[on(&["secretsmanager:GetSecretValue"])]),
    template(
        "SSMParameterReadPolicy",
        Some("ParameterName"),
        &[any(&["ssm:DescribeParameters"]), on(&["ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath"])],
    ),
    template("StepFunctionsExecutionPolicy", Some("StateMachineName"), &[on(&["states:StartExecution"])]),
    template("EventBridgePutEventsPolicy", Some("EventBusName"), &[on(&["events:PutEvents"])]),
    template("FilterLogEventsPolicy", Some("LogGroupName"), &[on(&["logs:FilterLogEvents"])]),
    template("CloudWatchPutMetricPolicy", None, &[any(&["cloudwatch:PutMetricData"])]),
    template("EC2DescribePolicy", None, &[any(&["ec2:DescribeRegions", "ec2:DescribeInstances"])]),
    template("EKSDescribePolicy", None, &[any(&["eks:DescribeCluster", "eks:ListClusters"])]),
    template(
        "VPCAccessPolicy",
        None,
        &[any(&[
            "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DetachNetworkInterface",
        ])],
    ),
];

/// The managed policy of a name.
pub fn managed_policy(name: &str) -> Option<&'static ManagedPolicy> {
    MANAGED_POLICIES.iter().find(|p| p.name == name)
}

/// The SAM template of a name.
pub fn sam_template(name: &str) -> Option<&'static SamTemplate> {
    SAM_TEMPLATES.iter().find(|t| t.name == name)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The statements of a managed policy.
pub fn managed_statements(policy: &ManagedPolicy) -> Vec<Permission> {
    let scoped = policy.scoped.iter().map(|s| Permission::new(strings(s.actions), vec![s.resource.to_owned()]));
    std::iter::once(Permission::new(strings(policy.actions), vec![Permission::ANY_RESOURCE.to_owned()]))
        .chain(scoped)
        .collect()
}

/// The statements of a SAM template on `resource` (a component id or ARN). A template whose parameter is not
/// given grants its parameter statements on nothing: they are left out rather than widened to `*`.
pub fn template_statements(template: &SamTemplate, resource: Option<&str>) -> Vec<Permission> {
    template
        .statements
        .iter()
        .filter_map(|statement| {
            let on = if statement.on_parameter { resource? } else { Permission::ANY_RESOURCE };
            Some(Permission::new(strings(statement.actions), vec![on.to_owned()]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::props::{Syntax, names};

    #[test]
    fn the_loader_knows_exactly_the_bundled_names() {
        let mut policies: Vec<&str> = MANAGED_POLICIES.iter().map(|p| p.name).collect();
        let mut known: Vec<&str> = names::MANAGED_POLICIES.to_vec();
        policies.sort_unstable();
        known.sort_unstable();
        assert_eq!(policies, known);
        let mut templates: Vec<&str> = SAM_TEMPLATES.iter().map(|t| t.name).collect();
        let mut known: Vec<&str> = names::POLICY_TEMPLATES.to_vec();
        templates.sort_unstable();
        known.sort_unstable();
        assert_eq!(templates, known);
    }

    #[test]
    fn every_action_is_well_formed() {
        let actions = MANAGED_POLICIES
            .iter()
            .flat_map(|p| p.actions.iter().chain(p.scoped.iter().flat_map(|s| s.actions.iter())))
            .chain(SAM_TEMPLATES.iter().flat_map(|t| t.statements.iter().flat_map(|s| s.actions.iter())));
        let mut n = 0;
        for action in actions {
            assert_eq!(Syntax::IamAction.check(action), Ok(()), "{action}");
            n += 1;
        }
        assert!(n > 50, "{n}");
    }

    #[test]
    fn templates_expand_on_their_parameter_and_never_widen() {
        let crud = sam_template("DynamoDBCrudPolicy").unwrap();
        let statements = template_statements(crud, Some("orders"));
        assert_eq!(statements.len(), 1);
        assert_eq!(statements[0].resources, ["orders"]);
        assert!(statements[0].actions.contains(&"dynamodb:PutItem".to_owned()));
        assert!(template_statements(crud, None).is_empty(), "no parameter: nothing, not *");
        let ssm = template_statements(sam_template("SSMParameterReadPolicy").unwrap(), Some("params"));
        assert_eq!(ssm[0].resources, ["*"]);
        assert_eq!(ssm[1].resources, ["params"]);
        let basic = managed_statements(managed_policy("AWSLambdaBasicExecutionRole").unwrap());
        assert_eq!(basic[0].actions, LOGS_WRITE);
        assert_eq!(basic.len(), 1);
    }

    #[test]
    fn scoped_statements_keep_their_resource() {
        let cni = managed_statements(managed_policy("AmazonEKS_CNI_Policy").unwrap());
        assert_eq!(cni.len(), 2);
        assert_eq!(cni[0].resources, ["*"]);
        assert!(cni[0].actions.contains(&"ec2:CreateNetworkInterface".to_owned()));
        assert!(!cni[0].actions.contains(&"ec2:CreateTags".to_owned()), "tags only on network interfaces");
        assert_eq!(cni[1].actions, ["ec2:CreateTags"]);
        assert_eq!(cni[1].resources, ["arn:aws:ec2:*:*:network-interface/*"]);
        for scoped in MANAGED_POLICIES.iter().flat_map(|p| p.scoped) {
            let parts = scoped.resource.split(':').count();
            assert!(scoped.resource.starts_with("arn:aws:") && parts == 6, "{}", scoped.resource);
        }
    }
}
