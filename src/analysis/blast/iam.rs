//! Edges of docs/security-model.md#blast-radius rule 2, IAM permissions: control of an `iam-role` (holding its credentials) gives
//! influence on every resource its statements allow, a resource wildcard meaning every resource of the action's
//! service in the role's account; actions that hand over code or identity give control (pass or assume a role,
//! update a function's code) or take over the workloads that run a registry's images (push an image); reading a
//! secret leads to what it authenticates. Steps into another account need a cross-account trust or an open
//! resource policy.

use crate::analysis::blast::graph::{Builder, IntMap, NONE, control, influence};
use crate::analysis::blast::mechanism::Mechanism;
use crate::analysis::severity::Likelihood;
use crate::model::kind::ComponentKind as K;
use crate::model::props::iam_glob as glob;
use crate::model::{ComponentIx, Pattern};

/// AWS services whose resources a diagram can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Service {
    S3,
    Dynamodb,
    Sqs,
    Sns,
    Events,
    Lambda,
    Ecr,
    Secrets,
    Kms,
    Iam,
    Rds,
    Eks,
    Ec2,
    ApiGateway,
    Elb,
    /// CloudWatch metrics and alarms.
    Cloudwatch,
    /// CloudWatch Logs and X-Ray: their resources (log groups, traces) are never components, so writing logs
    /// reaches nothing drawn, least of all the detective controls and firewalls.
    Logs,
    Cloudtrail,
    Guardduty,
    Waf,
}

const ALL_SERVICES: &[Service] = &[
    Service::S3,
    Service::Dynamodb,
    Service::Sqs,
    Service::Sns,
    Service::Events,
    Service::Lambda,
    Service::Ecr,
    Service::Secrets,
    Service::Kms,
    Service::Iam,
    Service::Rds,
    Service::Eks,
    Service::Ec2,
    Service::ApiGateway,
    Service::Elb,
    Service::Cloudwatch,
    Service::Logs,
    Service::Cloudtrail,
    Service::Guardduty,
    Service::Waf,
];

/// The service an action prefix (`s3`, `sts` ...) belongs to.
fn service_of_prefix(prefix: &str) -> Option<Service> {
    let lower = prefix.to_ascii_lowercase();
    Some(match lower.as_str() {
        "s3" => Service::S3,
        "dynamodb" => Service::Dynamodb,
        "sqs" => Service::Sqs,
        "sns" => Service::Sns,
        "events" => Service::Events,
        "lambda" => Service::Lambda,
        "ecr" => Service::Ecr,
        "secretsmanager" | "ssm" => Service::Secrets,
        "kms" => Service::Kms,
        "iam" | "sts" => Service::Iam,
        "rds" | "rds-db" | "rds-data" => Service::Rds,
        "eks" => Service::Eks,
        "ec2" => Service::Ec2,
        "apigateway" | "execute-api" => Service::ApiGateway,
        "elasticloadbalancing" => Service::Elb,
        "cloudwatch" => Service::Cloudwatch,
        "logs" | "xray" => Service::Logs,
        "cloudtrail" => Service::Cloudtrail,
        "guardduty" => Service::Guardduty,
        "wafv2" | "waf" | "waf-regional" => Service::Waf,
        _ => return None,
    })
}

/// The service whose actions apply to a component of this kind.
fn service_of_kind(kind: K) -> Option<Service> {
    Some(match kind {
        K::S3Bucket => Service::S3,
        K::DynamodbTable => Service::Dynamodb,
        K::SqsQueue => Service::Sqs,
        K::SnsTopic => Service::Sns,
        K::EventbridgeBus => Service::Events,
        K::Lambda => Service::Lambda,
        K::EcrRegistry => Service::Ecr,
        K::SecretsManager => Service::Secrets,
        K::KmsKey => Service::Kms,
        K::IamRole => Service::Iam,
        K::RdsDatabase => Service::Rds,
        K::EksCluster | K::EksControlPlane => Service::Eks,
        K::Ec2Node => Service::Ec2,
        K::ApiGateway => Service::ApiGateway,
        K::LoadBalancer => Service::Elb,
        K::Cloudwatch => Service::Cloudwatch,
        K::Cloudtrail => Service::Cloudtrail,
        K::Guardduty => Service::Guardduty,
        K::Waf => Service::Waf,
        _ => return None,
    })
}

/// Actions that hand over code or identity, read secrets, or put messages into a broker (which its consumers then
/// trust), by the service of the resource they apply to.
fn takeover_actions(service: Service) -> &'static [&'static str] {
    match service {
        Service::Iam => &["iam:PassRole", "sts:AssumeRole"],
        Service::Lambda => &["lambda:UpdateFunctionCode"],
        Service::Ecr => &["ecr:PutImage"],
        Service::Secrets => &["secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters"],
        Service::Sqs => &["sqs:SendMessage", "sqs:SendMessageBatch"],
        Service::Sns => &["sns:Publish", "sns:PublishBatch"],
        Service::Events => &["events:PutEvents"],
        _ => &[],
    }
}

/// What one action pattern covers.
struct Action<'a> {
    /// `None`: every service (`*`).
    service: Option<Service>,
    pattern: &'a str,
}

impl<'a> Action<'a> {
    fn parse(pattern: &'a str) -> Option<Self> {
        if pattern == "*" {
            return Some(Self { service: None, pattern });
        }
        let (prefix, _) = pattern.split_once(':')?;
        Some(Self { service: Some(service_of_prefix(prefix)?), pattern })
    }

    fn covers(&self, service: Service) -> bool {
        self.service.is_none_or(|s| s == service)
    }

    fn takes_over(&self, service: Service) -> bool {
        self.covers(service) && takeover_actions(service).iter().any(|a| glob(self.pattern, a))
    }
}

/// The takeover step into a resource: control of a role or function, pushing to a registry, reading a secret,
/// putting messages into a broker.
fn takeover_state(b: &Builder<'_>, target: ComponentIx) -> Option<(u32, Mechanism)> {
    let i = target.index();
    match b.kind(target) {
        K::IamRole | K::Lambda => Some((control(target), Mechanism::IamTakeover)),
        K::EcrRegistry if b.push[i] != NONE => Some((b.push[i], Mechanism::IamPermission)),
        K::SecretsManager if b.read[i] != NONE => Some((b.read[i], Mechanism::IamPermission)),
        // On a bus that pins the event source, a role that is not a drawn publisher can only put events with its own
        // source, which no subscriber's rule matches: the permission acts on the bus, it injects nothing.
        K::EventbridgeBus if b.model.props(target).source_pinned == Some(true) => None,
        K::SqsQueue | K::SnsTopic | K::EventbridgeBus if b.inject[i] != NONE => {
            Some((b.inject[i], Mechanism::IamPermission))
        }
        _ => None,
    }
}

/// A set of services, one bit per position in [`ALL_SERVICES`].
type Services = u32;

fn bit(service: Service) -> Services {
    ALL_SERVICES.iter().position(|&s| s == service).map_or(0, |i| 1 << i)
}

/// What the actions of one statement allow, collapsed over its actions: the services they cover, and those they take
/// over. A statement is its actions times its resources; collapsing the actions first (each distinct action string
/// looked at once) keeps the work proportional to the statement's length, not to the product of its two lists.
fn collapse<'a>(actions: impl IntoIterator<Item = &'a str>) -> (Services, Services) {
    let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
    let (mut covers, mut takes) = (0, 0);
    for action in actions.into_iter().filter(|a| seen.insert(a)).filter_map(Action::parse) {
        for &service in ALL_SERVICES.iter().filter(|&&s| action.covers(s)) {
            covers |= bit(service);
            if action.takes_over(service) {
                takes |= bit(service);
            }
        }
    }
    (covers, takes)
}

/// The distinct steps one role's statements give: each wildcard state and each named resource once, in the order
/// they first appear (so that paths do not depend on duplicates), whatever the statements repeat.
#[derive(Default)]
struct RoleSteps {
    /// (service, takeover) pairs on every resource of the role's account, in first-seen order.
    wildcards: Vec<(Service, bool)>,
    wildcard_seen: Services,
    wildcard_taken: Services,
    /// Named resources: (target, takes over), in first-seen order; `named_at` finds a target's entry.
    named: Vec<(ComponentIx, bool)>,
    named_at: foldhash::HashMap<ComponentIx, usize>,
}

impl RoleSteps {
    fn wildcard(&mut self, covers: Services, takes: Services) {
        for &service in ALL_SERVICES {
            let b = bit(service);
            if covers & b != 0 && self.wildcard_seen & b == 0 {
                self.wildcard_seen |= b;
                self.wildcards.push((service, false));
            }
            if takes & b != 0 && self.wildcard_taken & b == 0 {
                self.wildcard_taken |= b;
                self.wildcards.push((service, true));
            }
        }
    }

    fn named(&mut self, target: ComponentIx, takes: bool) {
        match self.named_at.get(&target) {
            Some(&at) => {
                if let Some(entry) = self.named.get_mut(at) {
                    entry.1 |= takes;
                }
            }
            None => {
                self.named_at.insert(target, self.named.len());
                self.named.push((target, takes));
            }
        }
    }
}

/// Adds the registries' push states and every IAM edge: per role, each wildcard state and each named resource once,
/// so a statement of n actions and m resources costs O(n + m), and m repeated statements O(m) edges.
pub(super) fn add(b: &mut Builder<'_>) {
    add_push_states(b);
    let model = b.model;
    // (service, account, takeover) -> the virtual state "every such resource in that account".
    let mut wildcards: IntMap<(Service, Option<u32>, bool), u32> = IntMap::default();
    for role in model.component_ixs().filter(|&c| model.kind(c) == K::IamRole) {
        // Unlisted permissions are the usual managed policies (`analysis::iam`): steps from them are assumed.
        let permissions = crate::analysis::iam::role_permissions(model, role);
        if permissions.statements.is_empty() {
            continue;
        }
        let account = b.facts.account(role).map(|a| a.0);
        let mut steps = RoleSteps::default();
        for statement in permissions.statements.iter() {
            let (covers, takes) = collapse(statement.actions.iter().map(String::as_str));
            if covers == 0 {
                continue;
            }
            let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
            for resource in statement.resources.iter().map(String::as_str).filter(|r| seen.insert(r)) {
                if resource == crate::model::props::Permission::ANY_RESOURCE {
                    steps.wildcard(covers, takes);
                } else if let Some(target) = model.component_ix(resource)
                    && let Some(service) = service_of_kind(b.kind(target))
                    && covers & bit(service) != 0
                    && b.account_step(role, target)
                {
                    steps.named(target, takes & bit(service) != 0);
                }
            }
        }
        for &(service, takeover) in &steps.wildcards {
            let state = match wildcards.get(&(service, account, takeover)) {
                Some(&state) => state,
                None => {
                    let state = b.hidden();
                    wildcards.insert((service, account, takeover), state);
                    state
                }
            };
            step(b, control(role), state, Mechanism::IamWildcard, permissions.assumed);
        }
        for &(target, takeover) in &steps.named {
            step(b, control(role), influence(target), Mechanism::IamPermission, permissions.assumed);
            if takeover && let Some((to, mechanism)) = takeover_state(b, target) {
                step(b, control(role), to, mechanism, permissions.assumed);
            }
        }
    }
    if wildcards.is_empty() {
        return;
    }
    for c in model.component_ixs() {
        let Some(service) = service_of_kind(model.kind(c)) else { continue };
        let account = b.facts.account(c).map(|a| a.0);
        if let Some(&state) = wildcards.get(&(service, account, false)) {
            b.edge(state, influence(c), Mechanism::IamWildcard);
        }
        if let Some(&state) = wildcards.get(&(service, account, true))
            && let Some((to, mechanism)) = takeover_state(b, c)
        {
            b.edge(state, to, mechanism);
        }
    }
}

/// A step from a role's permissions: certain when listed, likely when assumed from the usual managed policies.
fn step(b: &mut Builder<'_>, from: u32, to: u32, mechanism: Mechanism, assumed: bool) {
    if assumed {
        b.uncertain(from, to, mechanism, Likelihood::Likely);
    } else {
        b.edge(from, to, mechanism);
    }
}

/// A push state per registry that some workload pulls from: the workloads with a `data-read` flow to it, from
/// themselves, their pod or their node (a node pulls for every pod on it).
fn add_push_states(b: &mut Builder<'_>) {
    let model = b.model;
    for (f, flow) in model.flows_indexed() {
        if flow.pattern != Pattern::DataRead {
            continue;
        }
        let (puller, registry) = model.flow_ends(f);
        if b.kind(registry) != K::EcrRegistry {
            continue;
        }
        if b.push[registry.index()] == NONE {
            let state = b.shown(registry);
            b.push[registry.index()] = state;
            b.edge(state, influence(registry), Mechanism::ImagePush);
        }
        let push = b.push[registry.index()];
        match b.kind(puller) {
            K::Ec2Node => {
                let pods = b.node_pods(puller);
                b.edge(push, pods, Mechanism::ImagePush);
            }
            K::Pod | K::Container | K::Lambda | K::GenericService => {
                b.edge(push, control(puller), Mechanism::ImagePush);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_iam() {
        assert!(glob("*", "iam:PassRole"));
        assert!(glob("iam:*", "iam:PassRole"));
        assert!(glob("iam:pass*", "iam:PassRole"));
        assert!(glob("s3:Get?bject", "s3:GetObject"));
        assert!(!glob("iam:Get*", "iam:PassRole"));
        assert!(!glob("lambda:Update", "lambda:UpdateFunctionCode"));
        assert!(glob("lambda:Update*Code", "lambda:UpdateFunctionCode"));
    }

    #[test]
    fn actions_cover_their_service() {
        let all = Action::parse("*").unwrap();
        assert!(all.covers(Service::S3) && all.takes_over(Service::Iam));
        let sts = Action::parse("sts:AssumeRole").unwrap();
        assert!(sts.takes_over(Service::Iam) && !sts.covers(Service::S3));
        let read = Action::parse("s3:GetObject").unwrap();
        assert!(read.covers(Service::S3) && !read.takes_over(Service::S3));
        assert!(Action::parse("madeup:Thing").is_none());
    }
}
