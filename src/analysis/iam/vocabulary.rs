//! The one IAM vocabulary of trustmap (docs/security-model.md#blast-iam): which AWS services a diagram can draw
//! resources of (by action prefix, with the component kinds they act on), and which actions take a resource over
//! (hand over its identity or code, push its images, read its secrets, put messages into it). The identity rules
//! (`privilege-escalation-permission`, `shared-iam-role`) and the blast radius both read these tables, so every
//! escalation a rule reports is a step the blast radius follows.

use crate::model::ComponentKind as K;
use crate::model::props::iam_glob as glob;

/// AWS services whose resources a diagram can draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    /// Amazon S3.
    S3,
    /// Amazon DynamoDB.
    Dynamodb,
    /// Amazon SQS.
    Sqs,
    /// Amazon SNS.
    Sns,
    /// Amazon EventBridge.
    Events,
    /// AWS Lambda.
    Lambda,
    /// Amazon ECR.
    Ecr,
    /// AWS Secrets Manager.
    Secrets,
    /// AWS Systems Manager: parameters (secrets stores) and commands and sessions on instances (EC2 nodes).
    Ssm,
    /// AWS KMS.
    Kms,
    /// IAM and STS.
    Iam,
    /// Amazon RDS (and its data API and IAM database authentication).
    Rds,
    /// Amazon EKS (clusters and their control planes; pods are reached through the Kubernetes API, not IAM).
    Eks,
    /// Amazon EC2 (nodes).
    Ec2,
    /// EC2 Instance Connect (SSH keys pushed to nodes).
    Ec2InstanceConnect,
    /// Amazon API Gateway.
    ApiGateway,
    /// Elastic Load Balancing.
    Elb,
    /// CloudWatch metrics and alarms.
    Cloudwatch,
    /// CloudWatch Logs and X-Ray: their resources (log groups, traces) are never components, so writing logs
    /// reaches nothing drawn, least of all the detective controls and firewalls.
    Logs,
    /// AWS CloudTrail.
    Cloudtrail,
    /// Amazon GuardDuty.
    Guardduty,
    /// AWS WAF.
    Waf,
    /// Amazon ECS (clusters and services).
    Ecs,
    /// Amazon Kinesis Data Streams.
    Kinesis,
    /// AWS Step Functions.
    StepFunctions,
    /// Amazon ElastiCache.
    Elasticache,
    /// Amazon CloudFront.
    Cloudfront,
    /// Amazon Cognito user pools.
    Cognito,
}

/// Every service, with its IAM action prefixes and the component kinds its actions act on.
pub const SERVICES: &[(Service, &[&str], &[K])] = &[
    (Service::S3, &["s3"], &[K::S3Bucket]),
    (Service::Dynamodb, &["dynamodb"], &[K::DynamodbTable]),
    (Service::Sqs, &["sqs"], &[K::SqsQueue]),
    (Service::Sns, &["sns"], &[K::SnsTopic]),
    (Service::Events, &["events"], &[K::EventbridgeBus]),
    (Service::Lambda, &["lambda"], &[K::Lambda]),
    (Service::Ecr, &["ecr"], &[K::EcrRegistry]),
    (Service::Secrets, &["secretsmanager"], &[K::SecretsManager]),
    (Service::Ssm, &["ssm"], &[K::SecretsManager, K::Ec2Node]),
    (Service::Kms, &["kms"], &[K::KmsKey]),
    (Service::Iam, &["iam", "sts"], &[K::IamRole]),
    (Service::Rds, &["rds", "rds-db", "rds-data"], &[K::RdsDatabase, K::RdsProxy]),
    (Service::Eks, &["eks"], &[K::EksCluster, K::EksControlPlane]),
    (Service::Ec2, &["ec2"], &[K::Ec2Node]),
    (Service::Ec2InstanceConnect, &["ec2-instance-connect"], &[K::Ec2Node]),
    (Service::ApiGateway, &["apigateway", "execute-api"], &[K::ApiGateway]),
    (Service::Elb, &["elasticloadbalancing"], &[K::LoadBalancer]),
    (Service::Cloudwatch, &["cloudwatch"], &[K::Cloudwatch]),
    (Service::Logs, &["logs", "xray"], &[]),
    (Service::Cloudtrail, &["cloudtrail"], &[K::Cloudtrail]),
    (Service::Guardduty, &["guardduty"], &[K::Guardduty]),
    (Service::Waf, &["wafv2", "waf", "waf-regional"], &[K::Waf]),
    (Service::Ecs, &["ecs"], &[K::EcsCluster, K::EcsService]),
    (Service::Kinesis, &["kinesis"], &[K::KinesisStream]),
    (Service::StepFunctions, &["states"], &[K::StepFunctions]),
    (Service::Elasticache, &["elasticache"], &[K::Elasticache]),
    (Service::Cloudfront, &["cloudfront"], &[K::Cloudfront]),
    (Service::Cognito, &["cognito-idp"], &[K::CognitoUserPool]),
];

/// What taking a resource over gives, by its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takeover {
    /// Its identity or code: control of it (a role, a function, a node, a cluster).
    Control,
    /// Pushing images to it: control of the workloads that run them.
    Push,
    /// Reading its secrets: control of what they authenticate.
    Read,
    /// Putting messages or events into it: influence on its consumers.
    Put,
}

/// Actions that take a resource over, lower case, with the kinds they take over and whether the identity rules
/// report them as privilege escalation (reading a secret or sending a message is not an escalation of the role).
/// IAM writes beyond these (any `iam:` action whose verb is in [`IAM_WRITE_VERBS`]) take roles over too.
pub const TAKEOVERS: &[(&str, &[K], bool)] = &[
    ("iam:passrole", &[K::IamRole], true),
    ("iam:createrole", &[K::IamRole], true),
    ("iam:createpolicyversion", &[K::IamRole], true),
    ("iam:createaccesskey", &[K::IamRole], true),
    ("iam:createloginprofile", &[K::IamRole], true),
    ("iam:putrolepolicy", &[K::IamRole], true),
    ("iam:putuserpolicy", &[K::IamRole], true),
    ("iam:putrolepermissionsboundary", &[K::IamRole], true),
    ("iam:attachrolepolicy", &[K::IamRole], true),
    ("iam:attachuserpolicy", &[K::IamRole], true),
    ("iam:updateassumerolepolicy", &[K::IamRole], true),
    ("iam:updateloginprofile", &[K::IamRole], true),
    ("iam:setdefaultpolicyversion", &[K::IamRole], true),
    ("iam:deleterolepermissionsboundary", &[K::IamRole], true),
    ("iam:deleteuserpermissionsboundary", &[K::IamRole], true),
    ("iam:addusertogroup", &[K::IamRole], true),
    ("iam:addroletoinstanceprofile", &[K::IamRole], true),
    ("sts:assumerole", &[K::IamRole], true),
    ("lambda:updatefunctioncode", &[K::Lambda], true),
    ("lambda:updatefunctionconfiguration", &[K::Lambda], true),
    ("ecr:putimage", &[K::EcrRegistry], true),
    ("ecr:initiatelayerupload", &[K::EcrRegistry], true),
    ("ssm:sendcommand", &[K::Ec2Node], true),
    ("ssm:startsession", &[K::Ec2Node], true),
    ("ec2-instance-connect:sendsshpublickey", &[K::Ec2Node], true),
    ("eks:createaccessentry", &[K::EksCluster, K::EksControlPlane], true),
    ("eks:associateaccesspolicy", &[K::EksCluster, K::EksControlPlane], true),
    ("eks:updateaccessentry", &[K::EksCluster, K::EksControlPlane], true),
    ("eks:updateclusterconfig", &[K::EksCluster, K::EksControlPlane], true),
    ("secretsmanager:getsecretvalue", &[K::SecretsManager], false),
    ("ssm:getparameter", &[K::SecretsManager], false),
    ("ssm:getparameters", &[K::SecretsManager], false),
    ("sqs:sendmessage", &[K::SqsQueue], false),
    ("sqs:sendmessagebatch", &[K::SqsQueue], false),
    ("sns:publish", &[K::SnsTopic], false),
    ("sns:publishbatch", &[K::SnsTopic], false),
    ("events:putevents", &[K::EventbridgeBus], false),
    ("kinesis:putrecord", &[K::KinesisStream], false),
    ("kinesis:putrecords", &[K::KinesisStream], false),
    ("states:startexecution", &[K::StepFunctions], false),
    ("states:startsyncexecution", &[K::StepFunctions], false),
    // A service pointed at another task definition, or a shell in its running tasks (ECS Exec), runs the caller's
    // code as the service.
    ("ecs:updateservice", &[K::EcsService], true),
    ("ecs:executecommand", &[K::EcsService], true),
];

/// IAM verbs that write policy or identity: any literal `iam:` action starting with one of them takes roles over.
/// Lower case.
pub const IAM_WRITE_VERBS: &[&str] = &["pass", "create", "put", "attach", "update"];

/// The kinds a takeover gives control of, and how.
pub fn takeover_of(kind: K) -> Option<Takeover> {
    Some(match kind {
        K::IamRole | K::Lambda | K::Ec2Node | K::EksCluster | K::EksControlPlane | K::EcsService => Takeover::Control,
        K::EcrRegistry => Takeover::Push,
        K::SecretsManager => Takeover::Read,
        K::SqsQueue | K::SnsTopic | K::EventbridgeBus | K::KinesisStream | K::StepFunctions => Takeover::Put,
        _ => return None,
    })
}

/// The kinds whose data taking over a resource of `kind` also reaches: a cluster's pods and containers (through
/// cluster-admin on the Kubernetes API), a node's pods, containers and processes.
pub fn held_by(kind: K) -> &'static [K] {
    match kind {
        K::EksCluster | K::EksControlPlane => &[K::Pod, K::Container],
        K::Ec2Node => &[K::Pod, K::Container, K::EcsService, K::GenericService, K::GenericDatastore],
        _ => &[],
    }
}

/// The service of an action prefix (`s3`, `sts` ...), whatever its case.
pub fn service_of_prefix(prefix: &str) -> Option<Service> {
    SERVICES.iter().find(|(_, prefixes, _)| prefixes.iter().any(|p| p.eq_ignore_ascii_case(prefix))).map(|e| e.0)
}

/// The component kinds a service's actions act on.
pub fn kinds_of(service: Service) -> &'static [K] {
    SERVICES.iter().find(|e| e.0 == service).map_or(&[], |e| e.2)
}

/// The component kinds an action (`service:Action`) acts on; every kind for `*`.
pub fn kinds_of_action(action: &str) -> Vec<K> {
    if action == "*" {
        let mut all: Vec<K> = SERVICES.iter().flat_map(|e| e.2.iter().copied()).collect();
        crate::sorting::sort(&mut all);
        all.dedup();
        return all;
    }
    let prefix = action.split_once(':').map_or(action, |(prefix, _)| prefix);
    service_of_prefix(prefix).map_or_else(Vec::new, |s| kinds_of(s).to_vec())
}

fn is_wild(c: char) -> bool {
    c == '*' || c == '?'
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// What an action pattern takes over, as one bit per component kind ([`bit`]): counting only the takeovers the
/// identity rules report (`escalation`), and all of them (`any`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Takeovers {
    escalation: u64,
    any: u64,
}

/// A kind's bit in [`Takeovers`] (there are fewer than 64 kinds; a test checks it).
const fn bit(kind: K) -> u64 {
    1u64 << ((kind as u32) % 64)
}

/// The bits of [`ESCALATED_KINDS`].
const ESCALATED: u64 = {
    let (mut mask, mut i) = (0, 0);
    while i < ESCALATED_KINDS.len() {
        mask |= bit(ESCALATED_KINDS[i]);
        i += 1;
    }
    mask
};

/// [`Takeovers`] of an action pattern, matched against every takeover action once.
fn takeovers_of(action: &str) -> Takeovers {
    let mut found = Takeovers { escalation: 0, any: 0 };
    if let Some((service, name)) = action.split_once(':')
        && service.eq_ignore_ascii_case("iam")
        && !name.contains(is_wild)
        && IAM_WRITE_VERBS.iter().any(|verb| starts_with_ci(name, verb))
    {
        found.escalation |= bit(K::IamRole);
        found.any |= bit(K::IamRole);
    }
    for (known, kinds, escalates) in TAKEOVERS {
        if glob(action, known) {
            for &kind in *kinds {
                found.any |= bit(kind);
                if *escalates {
                    found.escalation |= bit(kind);
                }
            }
        }
    }
    found
}

/// How many action patterns [`takeovers`] remembers before it starts afresh (a file may hold any number of them).
const REMEMBERED: usize = 4096;

thread_local! {
    /// The takeovers of the action patterns seen so far: diagrams repeat the same few actions over many roles, and
    /// matching one against every takeover action costs some 40 glob matches.
    static SEEN: std::cell::RefCell<foldhash::HashMap<Box<str>, Takeovers>> =
        std::cell::RefCell::new(foldhash::HashMap::default());
}

/// [`takeovers_of`], remembered per action pattern.
fn takeovers(action: &str) -> Takeovers {
    SEEN.with(|seen| {
        if let Some(&found) = seen.borrow().get(action) {
            return found;
        }
        let found = takeovers_of(action);
        let mut seen = seen.borrow_mut();
        if seen.len() >= REMEMBERED {
            seen.clear();
        }
        seen.insert(action.into(), found);
        found
    })
}

/// Whether an action pattern (`*`, `service:*`, `service:Verb*`, a literal action) takes over a resource of
/// `kind`: it matches a takeover action for that kind, or it is a literal IAM write and `kind` is a role. When
/// `escalation` is set, only the takeovers the identity rules report count.
pub fn takes_over(action: &str, kind: K, escalation: bool) -> bool {
    let found = takeovers(action);
    (if escalation { found.escalation } else { found.any }) & bit(kind) != 0
}

/// Whether an action hands over code or identity (privilege escalation): it takes over some kind of resource as
/// an escalation.
pub fn escalates(action: &str) -> bool {
    takeovers(action).escalation & ESCALATED != 0
}

/// Kinds an escalation takes over.
pub const ESCALATED_KINDS: &[K] =
    &[K::IamRole, K::Lambda, K::EcrRegistry, K::Ec2Node, K::EksCluster, K::EksControlPlane, K::EcsService];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_takeover_names_a_drawn_service_and_a_kind_of_that_service() {
        for (action, kinds, _) in TAKEOVERS {
            let (prefix, _) = action.split_once(':').unwrap_or_default();
            let service = service_of_prefix(prefix).unwrap_or_else(|| panic!("{action}"));
            for kind in *kinds {
                assert!(kinds_of(service).contains(kind), "{action} on {kind:?}");
                assert!(takeover_of(*kind).is_some(), "{kind:?}");
            }
        }
    }

    /// The remembered masks say what matching each takeover action one by one says, for every kind, for the table's
    /// own actions, wildcards and literal IAM writes, asked twice (the second time from memory).
    #[test]
    fn takeovers_are_what_the_table_says_for_every_kind() {
        use crate::model::named::Named as _;
        assert!(K::ALL.len() <= 64, "{} kinds do not fit the masks", K::ALL.len());
        let one_by_one = |action: &str, kind: K, escalation: bool| {
            (kind == K::IamRole
                && action.split_once(':').is_some_and(|(service, name)| {
                    service.eq_ignore_ascii_case("iam")
                        && !name.contains(is_wild)
                        && IAM_WRITE_VERBS.iter().any(|verb| starts_with_ci(name, verb))
                }))
                || TAKEOVERS
                    .iter()
                    .filter(|(_, kinds, escalates)| kinds.contains(&kind) && (*escalates || !escalation))
                    .any(|(known, _, _)| glob(action, known))
        };
        let mut actions: Vec<&str> = TAKEOVERS.iter().map(|(known, ..)| *known).collect();
        actions.extend(["*", "iam:*", "IAM:CreateUser", "iam:Get*", "s3:*", "ssm:*", "eks:*", "sts:Assume*", "x"]);
        for _ in 0..2 {
            for &action in &actions {
                for &kind in K::ALL {
                    for escalation in [false, true] {
                        assert_eq!(
                            takes_over(action, kind, escalation),
                            one_by_one(action, kind, escalation),
                            "{action} {kind:?} {escalation}"
                        );
                    }
                }
                let escalates_one_by_one = ESCALATED_KINDS.iter().any(|&kind| one_by_one(action, kind, true));
                assert_eq!(escalates(action), escalates_one_by_one, "{action}");
            }
        }
    }

    #[test]
    fn escalation_follows_the_table() {
        for yes in ["*", "iam:*", "iam:CreateUser", "iam:Put*", "sts:*", "lambda:*", "ssm:SendCommand", "eks:*"] {
            assert!(escalates(yes), "{yes}");
        }
        for no in [
            "iam:GetRole",
            "s3:*",
            "ecr:BatchGetImage",
            "sts:Get*",
            "ssm:GetParameter",
            "sqs:SendMessage",
            "kinesis:PutRecord",
            "states:StartExecution",
        ] {
            assert!(!escalates(no), "{no}");
        }
        assert!(takes_over("ssm:GetParameter", K::SecretsManager, false));
        assert!(!takes_over("ssm:GetParameter", K::SecretsManager, true));
        assert!(takes_over("ssm:*", K::Ec2Node, true));
        assert!(escalates("ecs:UpdateService") && takes_over("ecs:*", K::EcsService, true));
        assert!(takes_over("kinesis:Put*", K::KinesisStream, false) && takes_over("states:*", K::StepFunctions, false));
        assert_eq!(kinds_of_action("elasticache:ModifyReplicationGroup"), [K::Elasticache]);
    }
}
