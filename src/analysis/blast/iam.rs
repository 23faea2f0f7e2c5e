//! Edges of docs/security-model.md#blast-radius rule 2, IAM permissions: control of an `iam-role` (holding its credentials) gives
//! influence on every resource its statements allow, a resource wildcard meaning every resource of the action's
//! service in the role's account; actions that hand over code or identity give control (pass or assume a role,
//! write IAM policy, update a function's code, run commands on a node, write EKS access entries) or take over the
//! workloads that run a registry's images (push an image); reading a secret leads to what it authenticates. The
//! services and actions are the one vocabulary of `analysis::iam`. Steps into another account need a
//! cross-account trust or an open resource policy.

use crate::analysis::blast::graph::{Builder, IntMap, NONE, control, influence};
use crate::analysis::blast::mechanism::Mechanism;
use crate::analysis::iam::{SERVICES, Takeover, service_of_prefix, takeover_of, takes_over};
use crate::analysis::severity::Likelihood;
use crate::model::kind::ComponentKind as K;
use crate::model::{ComponentIx, Model, Pattern};

/// Services and takeover kinds are bits of a `u32`.
const _: () = assert!(SERVICES.len() < 32 && TAKE_KINDS.len() < 32);

/// Kinds a takeover applies to, one bit each (see `iam::takeover_of`).
const TAKE_KINDS: &[K] = &[
    K::IamRole,
    K::Lambda,
    K::Ec2Node,
    K::EksCluster,
    K::EksControlPlane,
    K::EcrRegistry,
    K::SecretsManager,
    K::SqsQueue,
    K::SnsTopic,
    K::EventbridgeBus,
    K::EcsService,
    K::KinesisStream,
    K::StepFunctions,
];

/// How many kinds there are (a kind's number, `kind as usize`, is its place in `ComponentKind::ALL`).
const KINDS: usize = <K as crate::model::named::Named>::ALL.len();

/// Per kind (by number), its bit over [`TAKE_KINDS`] (0 for a kind not taken over), worked out when compiling.
const TAKE_BITS: [u32; KINDS] = {
    let mut bits = [0; KINDS];
    let mut i = 0;
    while i < TAKE_KINDS.len() {
        bits[TAKE_KINDS[i] as usize] = 1 << i;
        i += 1;
    }
    bits
};

/// Per kind (by number), the services whose actions act on it, as bits over `iam::SERVICES`, worked out when
/// compiling: the builder asks for every action of every role and for every component.
const SERVICE_BITS: [u32; KINDS] = {
    let mut bits = [0; KINDS];
    let mut i = 0;
    while i < SERVICES.len() {
        let kinds = SERVICES[i].2;
        let mut j = 0;
        while j < kinds.len() {
            bits[kinds[j] as usize] |= 1 << i;
            j += 1;
        }
        i += 1;
    }
    bits
};

fn kind_bit(kind: K) -> u32 {
    TAKE_BITS[kind as usize]
}

/// Whether a role's permissions name the component `id` of `kind` as a resource that a service of theirs acts on.
pub(super) fn named_by_a_role(model: &Model, kind: K, id: &str) -> bool {
    services_of_kind(kind) != 0
        && model.component_ixs().filter(|&c| model.kind(c) == K::IamRole).any(|role| {
            crate::analysis::iam::role_permissions(model, role)
                .statements
                .iter()
                .any(|statement| statement.resources.iter().any(|r| r == id))
        })
}

/// The services whose actions act on a kind, as bits over `iam::SERVICES`.
fn services_of_kind(kind: K) -> u32 {
    SERVICE_BITS[kind as usize]
}

/// The takeover step into a resource (`iam::takeover_of`): control of a role, function, node or cluster, pushing
/// to a registry, reading a secret, putting messages into a broker.
fn takeover_state(b: &Builder<'_>, target: ComponentIx) -> Option<(u32, Mechanism)> {
    let i = target.index();
    let kind = b.kind(target);
    match takeover_of(kind)? {
        Takeover::Control => plain_takeover(kind, target),
        Takeover::Push if b.push[i] != NONE => Some((b.push[i], Mechanism::IamPermission)),
        Takeover::Read if b.read[i] != NONE => Some((b.read[i], Mechanism::IamPermission)),
        // On a bus that pins the event source, a role that is not a drawn publisher can only put events with its
        // own source, which no subscriber's rule matches: the permission acts on the bus, it injects nothing.
        Takeover::Put if kind == K::EventbridgeBus && b.model.props(target).source_pinned == Some(true) => None,
        Takeover::Put if b.inject[i] != NONE => Some((b.inject[i], Mechanism::IamPermission)),
        _ => None,
    }
}

/// The takeover step into a component of `kind` that stores no credentials, that no workload pulls images from and
/// that is no broker: control of a role, function, node or cluster.
pub(super) fn plain_takeover(kind: K, target: ComponentIx) -> Option<(u32, Mechanism)> {
    matches!(takeover_of(kind)?, Takeover::Control).then_some((control(target), Mechanism::IamTakeover))
}

/// What the actions of one statement allow, collapsed over its actions: the services they cover (bits over
/// `iam::SERVICES`), and the kinds they take over (bits over [`TAKE_KINDS`]). A statement is its actions times its
/// resources; collapsing the actions first (each distinct action string looked at once) keeps the work
/// proportional to the statement's length, not to the product of its two lists.
fn collapse<'a>(actions: impl IntoIterator<Item = &'a str>) -> (u32, u32) {
    let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
    let (mut covers, mut takes) = (0, 0);
    for action in actions.into_iter().filter(|a| seen.insert(a)) {
        let services: u32 = if action == "*" {
            (1 << SERVICES.len()) - 1
        } else {
            let Some(service) = action.split_once(':').and_then(|(prefix, _)| service_of_prefix(prefix)) else {
                continue;
            };
            SERVICES.iter().position(|e| e.0 == service).map_or(0, |i| 1 << i)
        };
        covers |= services;
        for &kind in TAKE_KINDS {
            if services & services_of_kind(kind) != 0 && takes_over(action, kind, false) {
                takes |= kind_bit(kind);
            }
        }
    }
    (covers, takes)
}

/// A wildcard step: influence on every resource of a service (its index in `iam::SERVICES`), or a takeover of every
/// resource of a kind (its index in [`TAKE_KINDS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Wild {
    Service(u8),
    Takes(u8),
}

/// The distinct steps one role's statements give: each wildcard state and each named resource once, in the order
/// they first appear (so that paths do not depend on duplicates), whatever the statements repeat.
#[derive(Default)]
struct RoleSteps {
    /// Wildcard steps on every resource of the role's account, in first-seen order.
    wildcards: Vec<Wild>,
    wildcard_seen: u32,
    wildcard_taken: u32,
    /// Named resources: (target, takes over), in first-seen order; `named_at` finds a target's entry.
    named: Vec<(ComponentIx, bool)>,
    named_at: foldhash::HashMap<ComponentIx, usize>,
}

impl RoleSteps {
    fn wildcard(&mut self, covers: u32, takes: u32) {
        for i in 0..SERVICES.len() {
            let b = 1 << i;
            if covers & b != 0 && self.wildcard_seen & b == 0 {
                self.wildcard_seen |= b;
                self.wildcards.push(Wild::Service(i as u8));
            }
        }
        for i in 0..TAKE_KINDS.len() {
            let b = 1 << i;
            if takes & b != 0 && self.wildcard_taken & b == 0 {
                self.wildcard_taken |= b;
                self.wildcards.push(Wild::Takes(i as u8));
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
    // (wildcard step, account) -> the virtual state "every such resource in that account".
    let mut wildcards: IntMap<(Wild, Option<u32>), u32> = IntMap::default();
    for role in model.component_ixs().filter(|&c| model.kind(c) == K::IamRole) {
        // Unlisted permissions are the usual managed policies (`analysis::iam`): steps from them are assumed.
        let permissions = crate::analysis::iam::role_permissions(model, role);
        if permissions.statements.is_empty() {
            continue;
        }
        let account = b.facts.account(role).map(|a| a.0);
        let mut steps = RoleSteps::default();
        for statement in permissions.statements.iter() {
            let (covers, mut takes) = collapse(statement.actions.iter().map(String::as_str));
            // `events:source` keeps the role to its own event source: it puts events no other publisher's
            // subscribers match, as on a bus that pins the source.
            if statement.source_pinned() {
                takes &= !kind_bit(K::EventbridgeBus);
            }
            if covers == 0 {
                continue;
            }
            let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
            for resource in statement.resources.iter().map(String::as_str).filter(|r| seen.insert(r)) {
                if resource == crate::model::props::Permission::ANY_RESOURCE {
                    steps.wildcard(covers, takes);
                } else if let Some(target) = model.component_ix(resource)
                    && covers & services_of_kind(b.kind(target)) != 0
                    && b.account_step(role, target)
                {
                    steps.named(target, takes & kind_bit(b.kind(target)) != 0);
                }
            }
        }
        for &wild in &steps.wildcards {
            let state = match wildcards.get(&(wild, account)) {
                Some(&state) => state,
                None => {
                    // It belongs to the account: a live analysis matches it by the account when states are renumbered.
                    let state = b.hidden_of(account.unwrap_or(NONE));
                    wildcards.insert((wild, account), state);
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
    if b.marking() {
        b.wildcards = wildcards.iter().map(|(&key, &state)| (key, state)).collect();
    }
    if wildcards.is_empty() {
        return;
    }
    let mut steps = Vec::new();
    for c in model.component_ixs() {
        let account = b.facts.account(c).map(|a| a.0);
        let lookup = |key: (Wild, Option<u32>)| wildcards.get(&key).copied();
        steps.clear();
        wildcard_steps(lookup, (c, model.kind(c), account), || takeover_state(b, c), &mut steps);
        for &(from, to, mechanism) in &steps {
            b.edge(from, to, mechanism);
        }
    }
}

/// A wildcard state: the role's account (by position) and the steps it stands for; and its state.
pub(super) type Wildcard = ((Wild, Option<u32>), u32);

/// The steps the wildcard states (`lookup`: by wildcard step and account) make into the component `c` of `kind` in
/// `account` (with `takeover`, its takeover state), into `steps`.
pub(super) fn wildcard_steps(
    lookup: impl Fn((Wild, Option<u32>)) -> Option<u32>,
    (c, kind, account): (ComponentIx, K, Option<u32>),
    takeover: impl FnOnce() -> Option<(u32, Mechanism)>,
    steps: &mut Vec<(u32, u32, Mechanism)>,
) {
    let mut services = services_of_kind(kind);
    while services != 0 {
        let i = services.trailing_zeros();
        services &= services - 1;
        if let Some(state) = lookup((Wild::Service(i as u8), account)) {
            steps.push((state, influence(c), Mechanism::IamWildcard));
        }
    }
    let taken = kind_bit(kind);
    if taken != 0
        && let Some(state) = lookup((Wild::Takes(taken.trailing_zeros() as u8), account))
        && let Some((to, mechanism)) = takeover()
    {
        steps.push((state, to, mechanism));
    }
}

/// The "push an image" state of a registry, made on first use.
fn push_state(b: &mut Builder<'_>, registry: ComponentIx) -> u32 {
    if b.push[registry.index()] == NONE {
        let state = b.shown(registry);
        b.push[registry.index()] = state;
        b.edge(state, influence(registry), Mechanism::ImagePush);
    }
    b.push[registry.index()]
}

/// A step from a role's permissions: certain when listed, likely when assumed from the usual managed policies.
fn step(b: &mut Builder<'_>, from: u32, to: u32, mechanism: Mechanism, assumed: bool) {
    if assumed {
        b.uncertain(from, to, mechanism, Likelihood::Likely);
    } else {
        b.edge(from, to, mechanism);
    }
}

/// A push state per registry that some workload pulls from: the workloads that run images from it (`images`), and
/// (as files before version 3 said it) those with a `data-read` flow to it, from themselves, their pod or their
/// node (a node pulls for every pod on it). An `images` link is no data access of the workload's own: the pull is
/// made by its EC2 node's role (whoever holds that role reads the registry), by the Fargate pod execution role or by
/// the Lambda service, out of the workload's reach.
fn add_push_states(b: &mut Builder<'_>) {
    let model = b.model;
    for workload in model.component_ixs() {
        for registry in model.component(workload).images.iter().filter_map(|id| model.component_ix(id)) {
            if b.kind(registry) != K::EcrRegistry {
                continue;
            }
            let push = push_state(b, registry);
            b.edge(push, control(workload), Mechanism::ImagePush);
            let node = b.facts.host(workload).filter(|&h| b.kind(h) == K::Ec2Node);
            if let Some(node_role) = node.and_then(|n| b.role(n)) {
                b.edge(control(node_role), influence(registry), Mechanism::IamPermission);
            }
        }
    }
    for (f, flow) in model.flows_attrs() {
        if flow.pattern != Pattern::DataRead {
            continue;
        }
        let (puller, registry) = model.flow_ends(f);
        if b.kind(registry) != K::EcrRegistry {
            continue;
        }
        let push = push_state(b, registry);
        match b.kind(puller) {
            K::Ec2Node => {
                let pods = b.node_pods(puller);
                b.edge(push, pods, Mechanism::ImagePush);
            }
            K::Pod | K::Container | K::EcsService | K::Lambda | K::GenericService => {
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
    fn actions_collapse_to_services_and_takeovers() {
        let (covers, takes) = collapse(["*"]);
        assert_eq!(covers.count_ones() as usize, SERVICES.len());
        assert_eq!(takes.count_ones() as usize, TAKE_KINDS.len());
        let (covers, takes) = collapse(["sts:AssumeRole"]);
        assert!(covers & services_of_kind(K::IamRole) != 0 && covers & services_of_kind(K::S3Bucket) == 0);
        assert_eq!(takes, kind_bit(K::IamRole));
        let (covers, takes) = collapse(["s3:GetObject", "madeup:Thing"]);
        assert!(covers & services_of_kind(K::S3Bucket) != 0);
        assert_eq!(takes, 0);
        let (_, takes) = collapse(["ssm:*"]);
        assert_eq!(takes, kind_bit(K::Ec2Node) | kind_bit(K::SecretsManager));
    }

    /// The tables worked out when compiling say what the lists say, for every kind (numbered by its place in
    /// `ComponentKind::ALL`).
    #[test]
    fn the_kind_tables_are_the_lists() {
        use crate::model::named::Named as _;
        for (n, &kind) in K::ALL.iter().enumerate() {
            assert_eq!(kind as usize, n);
            let services =
                SERVICES.iter().enumerate().filter(|(_, e)| e.2.contains(&kind)).fold(0, |bits, (i, _)| bits | 1 << i);
            assert_eq!(services_of_kind(kind), services, "{kind}");
            let bit = TAKE_KINDS.iter().position(|&k| k == kind).map_or(0, |i| 1 << i);
            assert_eq!(kind_bit(kind), bit, "{kind}");
        }
    }
}
