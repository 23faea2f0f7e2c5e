//! Catalog entries for identity, keys, secrets, firewalls and detective controls.

use super::{KindInfo, Links};
use crate::model::kind::{Category, ComponentKind as K};
use crate::model::props::{Properties, PropertyKey as P};
use crate::model::responsibility::{Owner::Absent as X, Owner::Aws as A, Owner::Customer as C, Stack};

/// Managed security and monitoring services: AWS runs them, the customer configures them and owns what they hold.
const MANAGED: Stack = Stack::new([A, A, X, X, A, X, X, C, C]);

pub(super) static SECRETS_MANAGER: KindInfo = KindInfo {
    kind: K::SecretsManager,
    name: "Secrets Manager",
    category: Category::Security,
    icon: "secrets-manager",
    summary: "AWS Secrets Manager: stores credentials that components fetch at run time.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "AWS runs the service and encrypts every secret with KMS; the \
        customer owns resource policies, rotation, who may read which secret, and the secret values \
        (Secrets Manager user guide, 'Security in AWS Secrets Manager').",
    inherits_host_layers: false,
    properties: &[P::Data, P::Policy],
    links: Links { credentials_for: true, ..Links::NONE },
    defaults: Properties::default,
};

pub(super) static KMS_KEY: KindInfo = KindInfo {
    kind: K::KmsKey,
    name: "KMS key",
    category: Category::Security,
    icon: "kms",
    summary: "An AWS KMS key: key material never leaves AWS's HSMs.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: Stack::new([A, A, X, X, A, X, X, C, X]),
    stack_reasoning: "AWS protects key material in FIPS-validated HSMs and runs the \
        service; the customer owns key policies, grants and rotation settings (KMS developer guide, \
        'Security in AWS KMS'). No customer data rests in the key itself.",
    inherits_host_layers: false,
    properties: &[P::Policy],
    links: Links::NONE,
    defaults: Properties::default,
};

pub(super) static IAM_ROLE: KindInfo = KindInfo {
    kind: K::IamRole,
    name: "IAM role",
    category: Category::Security,
    icon: "iam-role",
    summary: "An IAM role: the permissions a component holds. One role shared by many widens every blast radius.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: Stack::new([A, X, X, X, X, X, X, C, X]),
    stack_reasoning: "IAM is a global service AWS runs; a role is pure configuration, \
        entirely the customer's: its policies, trust policy and who uses it (IAM user guide, 'Security best \
        practices in IAM').",
    inherits_host_layers: false,
    properties: &[P::Permissions, P::ManagedPolicies, P::PolicyTemplates],
    links: Links::NONE,
    defaults: Properties::default,
};

pub(super) static WAF: KindInfo = KindInfo {
    kind: K::Waf,
    name: "WAF",
    category: Category::Security,
    icon: "waf",
    summary: "An AWS WAF web ACL in front of a REST API, an application load balancer, a CloudFront distribution or \
        a Cognito user pool.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "AWS runs the WAF fleet and keeps its managed rule groups current; \
        the customer chooses rules, associations and rate limits and owns the request logs (AWS WAF developer \
        guide, 'Security in AWS WAF').",
    inherits_host_layers: false,
    properties: &[P::Logging],
    links: Links { protects: true, ..Links::NONE },
    defaults: Properties::default,
};

pub(super) static CLOUDWATCH: KindInfo = KindInfo {
    kind: K::Cloudwatch,
    name: "CloudWatch",
    category: Category::Monitoring,
    icon: "cloudwatch",
    summary: "Amazon CloudWatch logs, metrics and alarms: a detective control.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "A managed service: AWS runs it; the customer decides what is \
        logged, alarms, retention, and owns the log data.",
    inherits_host_layers: false,
    properties: &[],
    links: Links { covers: true, ..Links::NONE },
    defaults: Properties::default,
};

pub(super) static GUARDDUTY: KindInfo = KindInfo {
    kind: K::Guardduty,
    name: "GuardDuty",
    category: Category::Monitoring,
    icon: "guardduty",
    summary: "Amazon GuardDuty: threat detection over an account's logs and runtime.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "A managed service: AWS runs the detectors and threat intelligence; \
        the customer enables it per account and region and acts on its findings.",
    inherits_host_layers: false,
    properties: &[],
    links: Links { covers: true, ..Links::NONE },
    defaults: Properties::default,
};

pub(super) static CLOUDTRAIL: KindInfo = KindInfo {
    kind: K::Cloudtrail,
    name: "CloudTrail",
    category: Category::Monitoring,
    icon: "cloudtrail",
    summary: "AWS CloudTrail: the audit trail of every API call in an account.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "AWS records the events; the customer creates trails, protects \
        and retains the logs (CloudTrail user guide, 'Security in AWS CloudTrail').",
    inherits_host_layers: false,
    properties: &[],
    links: Links { covers: true, ..Links::NONE },
    defaults: Properties::default,
};
