//! Synthetic diagrams for benchmarks: N components in nested accounts, VPCs, subnets, EKS clusters, node groups and
//! bounded contexts, with about 3 flows per component. Deterministic (a fixed LCG).
//!
//! Three styles: [`Style::Realistic`] is a well-kept estate (contexts own their node groups, call each other through
//! queues, authenticate most calls) with a few weaknesses, so findings are rarer than components; [`Style::Stress`]
//! wires flows at random across contexts with many weaknesses, so several findings fire per component;
//! [`Style::Random`] is a flat, randomly wired estate of mixed kinds (3 flows per component between random pairs,
//! about 10 % users, one account, VPC and subnet plus an on-premises network).
#![expect(clippy::panic, reason = "a generator bug should stop the benchmark loudly")]

use trustmap::model::group::Context;
use trustmap::model::kind::ComponentKind as K;
use trustmap::model::layout::Rect;
use trustmap::model::props::{
    Classification, DataProfile, EndpointAccess, Exposure, InstanceMetadata, NodeManagement, Permission,
    ResourcePolicy, ServiceAccount,
};
use trustmap::model::{Authentication, Component, Diagram, Flow, Id, Pattern, Protocol};

/// How the generated estate is wired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Contexts own their workloads and talk asynchronously; a few weaknesses.
    Realistic,
    /// Random flows across contexts and many weaknesses.
    Stress,
    /// Mixed kinds wired at random in one account, VPC and subnet plus on-premises.
    Random,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn id(text: &str) -> Id {
    Id::new(text).unwrap_or_else(|why| panic!("{why}"))
}

/// What one bounded context holds, for wiring flows.
#[derive(Default)]
struct ContextParts {
    members: Vec<Id>,
    workloads: Vec<Id>,
    queues: Vec<Id>,
    stores: Vec<Id>,
}

struct Builder {
    style: Style,
    rng: Rng,
    diagram: Diagram,
    contexts: Vec<ContextParts>,
    buses: Vec<Id>,
    flows: usize,
}

impl Builder {
    fn add(&mut self, name: String, kind: K, parent: Option<&Id>, context: Option<usize>) -> Id {
        let component_id = id(&name);
        let mut component = Component::new(component_id.clone(), kind, name);
        component.parent = parent.cloned();
        self.diagram.components.push(component);
        let n = self.diagram.components.len() as f64;
        self.diagram.layout.components.insert(
            component_id.clone(),
            Rect { x: (n % 50.0) * 160.0, y: (n / 50.0).floor() * 80.0, w: 140.0, h: 60.0 },
        );
        if let Some(parts) = context.and_then(|c| self.contexts.get_mut(c)) {
            parts.members.push(component_id.clone());
        }
        component_id
    }

    fn last(&mut self) -> &mut Component {
        let index = self.diagram.components.len() - 1;
        &mut self.diagram.components[index]
    }

    fn flow(&mut self, from: &Id, to: &Id, pattern: Pattern, authentication: Option<Authentication>) {
        let mut flow = Flow::new(id(&format!("f{}", self.flows)), from.clone(), to.clone(), pattern);
        flow.authentication = authentication;
        self.flows += 1;
        self.diagram.flows.push(flow);
    }

    fn new_context(&mut self) -> usize {
        self.contexts.push(ContextParts::default());
        self.contexts.len() - 1
    }
}

/// A diagram of about `n` components with about `3 n` flows.
pub fn diagram(n: usize, seed: u64, style: Style) -> Diagram {
    if style == Style::Random {
        return random(n, seed);
    }
    let mut b = Builder {
        style,
        rng: Rng(seed),
        diagram: Diagram::default(),
        contexts: Vec::new(),
        buses: Vec::new(),
        flows: 0,
    };
    b.diagram.settings.title = format!("synthetic {n} ({style:?})");
    let internet = b.add("internet".into(), K::Internet, None, None);
    let mut a = 0;
    while b.diagram.components.len() < n {
        add_account(&mut b, a, &internet);
        a += 1;
    }
    wire(&mut b);
    let contexts = std::mem::take(&mut b.contexts);
    for (c, parts) in contexts.into_iter().enumerate() {
        b.diagram.contexts.push(Context {
            id: id(&format!("ctx-{c}")),
            name: format!("Context {c}"),
            description: String::new(),
            members: parts.members,
        });
    }
    b.diagram
}

fn confidential() -> Option<DataProfile> {
    Some(DataProfile {
        classification: Classification::Confidential,
        confidentiality: None,
        integrity: None,
        availability: None,
    })
}

/// One account: monitoring, a VPC with subnets, a public API and load balancer, an EKS cluster, and two bounded
/// contexts, each with a node group of pods, Lambda functions, queues, tables and a database.
fn add_account(b: &mut Builder, a: usize, internet: &Id) {
    let realistic = b.style == Style::Realistic;
    let account = b.add(format!("acct-{a}"), K::AwsAccount, None, None);
    b.add(format!("trail-{a}"), K::Cloudtrail, Some(&account), None);
    if realistic || a.is_multiple_of(2) {
        b.add(format!("guard-{a}"), K::Guardduty, Some(&account), None);
    }
    let vpc = b.add(format!("vpc-{a}"), K::Vpc, Some(&account), None);
    let public = b.add(format!("public-{a}"), K::Subnet, Some(&vpc), None);
    b.last().properties.exposure = Some(Exposure::Public);
    let private = b.add(format!("private-{a}"), K::Subnet, Some(&vpc), None);
    let api = b.add(format!("api-{a}"), K::ApiGateway, Some(&account), None);
    b.last().properties.public_entry = Some(true);
    b.last().properties.throttling = Some(realistic);
    let lb = b.add(format!("alb-{a}"), K::LoadBalancer, Some(&public), None);
    b.last().properties.public_entry = Some(true);
    if realistic {
        let waf = b.add(format!("waf-{a}"), K::Waf, Some(&account), None);
        let _ = waf;
        b.last().protects = vec![api.clone(), lb.clone()];
    }
    b.flow(internet, &api, Pattern::SyncRequest, Some(Authentication::Token));
    b.flow(internet, &lb, Pattern::SyncRequest, None);
    let cluster = b.add(format!("eks-{a}"), K::EksCluster, Some(&private), None);
    b.add(format!("cp-{a}"), K::EksControlPlane, Some(&cluster), None);
    if realistic {
        b.last().properties.endpoint_access = Some(EndpointAccess::Private);
        b.last().properties.logging = Some(true);
    }
    let registry = b.add(format!("ecr-{a}"), K::EcrRegistry, Some(&account), None);
    b.last().properties.image_scanned = Some(true);
    let bus = b.add(format!("bus-{a}"), K::EventbridgeBus, Some(&account), None);
    b.last().properties.source_pinned = Some(realistic);
    b.buses.push(bus);
    for half in 0..2 {
        let context = b.new_context();
        add_context(b, a, half, context, &account, &cluster, &private, &registry);
        if half == 0
            && let Some(first) = b.contexts[context].workloads.first().cloned()
        {
            b.flow(&lb, &first, Pattern::SyncRequest, Some(Authentication::Mtls));
            b.flow(&api, &first, Pattern::SyncRequest, Some(Authentication::IamSigv4));
        }
    }
}

/// One bounded context: a node group with eight pods, three Lambda functions with scoped roles, two queues, two
/// tables and a database.
#[expect(clippy::too_many_arguments, reason = "a benchmark generator, called from one place")]
fn add_context(
    b: &mut Builder,
    a: usize,
    half: usize,
    context: usize,
    account: &Id,
    cluster: &Id,
    private: &Id,
    registry: &Id,
) {
    let realistic = b.style == Style::Realistic;
    let tag = format!("{a}-{half}");
    let node_role = b.add(format!("node-role-{tag}"), K::IamRole, Some(account), Some(context));
    b.last().properties.permissions = Some(vec![Permission {
        actions: vec!["ecr:GetDownloadUrlForLayer".into(), "ecr:BatchGetImage".into()],
        resources: vec![registry.to_string()],
        conditions: Vec::new(),
    }]);
    let node = b.add(format!("node-{tag}"), K::Ec2Node, Some(cluster), None);
    b.last().role = Some(node_role);
    if realistic {
        b.last().properties.node_management = Some(NodeManagement::ManagedNodeGroup);
        b.last().properties.instance_metadata = Some(InstanceMetadata { imdsv2_required: true, hop_limit: 1 });
    }
    b.flow(&node, registry, Pattern::DataRead, Some(Authentication::IamSigv4));
    for p in 0..8 {
        // Stress: pods of random contexts share nodes.
        let pod_context = if realistic { context } else { b.rng.below(b.contexts.len()) };
        let pod = b.add(format!("pod-{tag}-{p}"), K::Pod, Some(&node), Some(pod_context));
        b.last().properties.privileged = Some(b.rng.chance(if realistic { 2 } else { 20 }));
        if realistic {
            b.last().properties.hardened = Some(true);
            // A service mesh: the listener only takes mTLS.
            b.last().properties.requires_authentication = Some(true);
            b.last().properties.service_account = Some(ServiceAccount { automount_token: false, permissions: vec![] });
        }
        if let Some(parts) = b.contexts.get_mut(pod_context) {
            parts.workloads.push(pod);
        }
    }
    for s in 0..3 {
        let role = b.add(format!("fn-role-{tag}-{s}"), K::IamRole, Some(account), Some(context));
        let queue = id(&format!("queue-{tag}-{s}"));
        let table = id(&format!("table-{tag}-{s}"));
        b.last().properties.permissions = Some(vec![Permission {
            actions: vec!["dynamodb:GetItem".into(), "sqs:SendMessage".into()],
            resources: if realistic { vec![queue.to_string(), table.to_string()] } else { vec!["*".into()] },
            conditions: Vec::new(),
        }]);
        let function = b.add(format!("fn-{tag}-{s}"), K::Lambda, Some(account), Some(context));
        b.last().role = Some(role);
        b.last().properties.runtime = Some("python3.12".into());
        b.contexts[context].workloads.push(function);
        b.add(queue.to_string(), K::SqsQueue, Some(account), Some(context));
        if !realistic && b.rng.chance(33) {
            b.last().properties.policy = Some(ResourcePolicy { any_principal: true, source_condition: false });
        }
        b.contexts[context].queues.push(queue);
        b.add(table.to_string(), K::DynamodbTable, Some(account), Some(context));
        b.last().properties.data = confidential();
        b.contexts[context].stores.push(table);
    }
    let db = b.add(format!("db-{tag}"), K::RdsDatabase, Some(private), Some(context));
    b.last().properties.data = confidential();
    b.last().properties.encryption_at_rest = Some(realistic);
    b.contexts[context].stores.push(db);
}

/// About three flows per component. Realistic: calls stay inside a context (mTLS), contexts meet through queues
/// and the event bus (IAM-signed), a few calls lack authentication. Stress: random partners, patterns and auth.
fn wire(b: &mut Builder) {
    let target = 3 * b.diagram.components.len();
    let contexts = b.contexts.len();
    // A one-component estate (the internet alone) has no context to wire.
    if contexts == 0 {
        return;
    }
    while b.diagram.flows.len() < target {
        let c = b.rng.below(contexts);
        let Some(caller) = pick(&mut b.rng, &b.contexts[c].workloads) else { continue };
        let (to, pattern, auth) = if b.style == Style::Realistic {
            let weak = b.rng.chance(4);
            let roll = b.rng.below(100);
            // The two contexts of an account work together: one consumes what the other queues, both use the
            // account's event bus. Accounts keep their estates apart.
            let (account, partner) = (c / 2, c ^ 1);
            let bus = b.buses.get(account).cloned();
            let partner_queues = b.contexts.get(partner).map_or(Vec::new(), |p| p.queues.clone());
            let parts = &b.contexts[c];
            match roll {
                0..=59 => (pick(&mut b.rng, &parts.workloads), Pattern::SyncRequest, Authentication::Mtls),
                60..=74 => (pick(&mut b.rng, &parts.queues), Pattern::QueueSend, Authentication::IamSigv4),
                75..=84 => (pick(&mut b.rng, &partner_queues), Pattern::QueueReceive, Authentication::IamSigv4),
                85..=94 => (pick(&mut b.rng, &parts.stores), Pattern::DataWrite, Authentication::IamSigv4),
                _ => (bus, Pattern::EventPublish, Authentication::IamSigv4),
            }
            .into_auth(weak)
        } else {
            let other = b.rng.below(contexts);
            let parts = &b.contexts[other];
            let (to, pattern) = match b.rng.below(6) {
                0 | 1 => (pick(&mut b.rng, &parts.workloads), Pattern::SyncRequest),
                2 => (pick(&mut b.rng, &parts.queues), Pattern::QueueSend),
                3 => (pick(&mut b.rng, &parts.queues), Pattern::QueueReceive),
                4 => (pick(&mut b.rng, &b.buses), Pattern::EventPublish),
                _ => (pick(&mut b.rng, &parts.stores), Pattern::DataWrite),
            };
            let auth = match b.rng.below(4) {
                0 => Some(Authentication::None),
                1 => None,
                2 => Some(Authentication::Mtls),
                _ => Some(Authentication::IamSigv4),
            };
            (to, pattern, auth)
        };
        let Some(to) = to else { continue };
        if to != caller {
            b.flow(&caller, &to, pattern, auth);
            if pattern == Pattern::SyncRequest
                && let Some(flow) = b.diagram.flows.last_mut()
            {
                flow.protocol = Some(Protocol::Https);
            }
        }
    }
    // Each bus delivers to three subscribers (realistic: in its own account).
    for (account, bus) in b.buses.clone().into_iter().enumerate() {
        for _ in 0..3 {
            let c = if b.style == Style::Realistic { 2 * account + b.rng.below(2) } else { b.rng.below(contexts) };
            if let Some(subscriber) = pick(&mut b.rng, &b.contexts[c].workloads) {
                b.flow(&bus, &subscriber, Pattern::EventSubscribe, Some(Authentication::IamSigv4));
            }
        }
    }
}

fn pick(rng: &mut Rng, from: &[Id]) -> Option<Id> {
    (!from.is_empty()).then(|| from[rng.below(from.len())].clone())
}

trait IntoAuth {
    fn into_auth(self, weak: bool) -> (Option<Id>, Pattern, Option<Authentication>);
}

impl IntoAuth for (Option<Id>, Pattern, Authentication) {
    /// A weak flow says it has no authentication.
    fn into_auth(self, weak: bool) -> (Option<Id>, Pattern, Option<Authentication>) {
        (self.0, self.1, Some(if weak { Authentication::None } else { self.2 }))
    }
}

/// The randomly wired estate of [`Style::Random`].
fn random(n: usize, seed: u64) -> Diagram {
    let mut b = Builder {
        style: Style::Random,
        rng: Rng(seed),
        diagram: Diagram::default(),
        contexts: Vec::new(),
        buses: Vec::new(),
        flows: 0,
    };
    b.diagram.settings.title = format!("synthetic {n} (Random)");
    let internet = b.add("internet".into(), K::Internet, None, None);
    let dc = b.add("dc".into(), K::OnPrem, None, None);
    let account = b.add("account".into(), K::AwsAccount, None, None);
    let vpc = b.add("vpc".into(), K::Vpc, Some(&account), None);
    let subnet = b.add("subnet".into(), K::Subnet, Some(&vpc), None);
    // Kinds that sit directly in the subnet, the account, or on premises.
    let in_subnet = [K::Lambda, K::GenericService, K::GenericDatastore, K::RdsDatabase, K::LoadBalancer];
    let in_account =
        [K::SqsQueue, K::SnsTopic, K::EventbridgeBus, K::DynamodbTable, K::S3Bucket, K::ApiGateway, K::SecretsManager];
    let on_prem = [K::GenericService, K::GenericDatastore];
    let mut ends = vec![internet];
    let mut i = 0;
    while b.diagram.components.len() < n {
        i += 1;
        let roll = b.rng.below(100);
        let (kind, parent) = if roll < 10 {
            (K::User, None)
        } else if roll < 50 {
            (in_subnet[b.rng.below(in_subnet.len())], Some(&subnet))
        } else if roll < 85 {
            (in_account[b.rng.below(in_account.len())], Some(&account))
        } else {
            (on_prem[b.rng.below(on_prem.len())], Some(&dc))
        };
        let parent = parent.cloned();
        let component = b.add(format!("r{i}"), kind, parent.as_ref(), None);
        if kind == K::Lambda && b.rng.chance(30) {
            b.last().properties.data = confidential();
        }
        ends.push(component);
    }
    let kinds: Vec<K> = b.diagram.components.iter().map(|c| c.kind).collect();
    let index: std::collections::HashMap<Id, usize> =
        b.diagram.components.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    let wanted = 3 * ends.len();
    let mut tries = 0;
    while b.flows < wanted && tries < 20 * wanted {
        tries += 1;
        let from = ends[b.rng.below(ends.len())].clone();
        let to = ends[b.rng.below(ends.len())].clone();
        if from == to {
            continue;
        }
        let (from_kind, to_kind) = (kinds[index[&from]], kinds[index[&to]]);
        let pattern = if from_kind.is_event_broker() {
            Pattern::EventSubscribe
        } else if to_kind == K::SqsQueue {
            if b.rng.chance(50) { Pattern::QueueSend } else { Pattern::QueueReceive }
        } else if to_kind.is_event_broker() {
            Pattern::EventPublish
        } else if to_kind.is_data_store() {
            if b.rng.chance(50) { Pattern::DataRead } else { Pattern::DataWrite }
        } else {
            Pattern::SyncRequest
        };
        let auth = b.rng.chance(50).then_some(Authentication::Token);
        b.flow(&from, &to, pattern, auth);
    }
    b.diagram
}
