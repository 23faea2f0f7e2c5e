//! Properties of the blast radius on generated diagrams (docs/security-model.md#blast-radius): zero-trust reach is a subset of
//! perimeter reach, an added isolation boundary never grows a reach, an added flow never shrinks one, and the
//! ranking agrees with one search per component. Also a timing run on a 5,000-component diagram (ignored by
//! default: `cargo test --release --test blast_props -- --ignored --nocapture`).
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::collections::BTreeMap;

use proptest::prelude::*;
use trustmap::analysis::blast::{BlastGraph, Level, Start};
use trustmap::model::catalog;
use trustmap::model::group::{Boundary, BoundaryKind};
use trustmap::model::props::{
    Classification, DataProfile, Exposure, InstanceMetadata, KubernetesPermission, NodeManagement, Permission,
    PropertyKey as P, ResourcePolicy, SecretStorage, ServiceAccount,
};
use trustmap::model::{
    Authentication, Component, ComponentIx, ComponentKind as K, Connection, ConnectionKind, Diagram, Flow, Id, Model,
    Pattern, Posture,
};

/// A small deterministic generator (xorshift), so one seed is one diagram.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    fn tri(&mut self) -> Option<bool> {
        self.pick(&[None, Some(true), Some(false)])
    }
}

fn id(text: &str) -> Id {
    Id::new(text).unwrap()
}

const LEAF_KINDS: &[K] = &[
    K::Ec2Node,
    K::Pod,
    K::Pod,
    K::Pod,
    K::Container,
    K::Lambda,
    K::Lambda,
    K::GenericService,
    K::GenericService,
    K::SqsQueue,
    K::SnsTopic,
    K::EventbridgeBus,
    K::S3Bucket,
    K::DynamodbTable,
    K::RdsDatabase,
    K::SecretsManager,
    K::IamRole,
    K::IamRole,
    K::LoadBalancer,
    K::ApiGateway,
    K::EcrRegistry,
    K::User,
    K::Internet,
    K::EksCluster,
    K::FargateProfile,
    K::Vpc,
    K::Subnet,
];

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:*",
    "*",
    "sts:AssumeRole",
    "iam:PassRole",
    "lambda:UpdateFunctionCode",
    "ecr:PutImage",
    "secretsmanager:GetSecretValue",
    "dynamodb:*",
    "sqs:SendMessage",
];

fn applies(kind: K, key: P) -> bool {
    catalog::info(kind).properties.contains(&key)
}

/// Random properties, each only where it applies to the kind.
fn randomize(rng: &mut Rng, c: &mut Component, roles: &[Id], others: &[Id]) {
    let kind = c.kind;
    let p = &mut c.properties;
    if applies(kind, P::RequiresAuthentication) {
        p.requires_authentication = rng.tri();
    }
    if applies(kind, P::IngressRestricted) && rng.chance(20) {
        p.ingress_restricted = Some(true);
    }
    if applies(kind, P::ExecutesInput) && rng.chance(20) {
        p.executes_input = Some(true);
    }
    if applies(kind, P::Privileged) && rng.chance(15) {
        p.privileged = Some(true);
    }
    if applies(kind, P::HostPathMount) && rng.chance(10) {
        p.host_path_mount = Some(true);
    }
    if applies(kind, P::HostNetwork) && rng.chance(10) {
        p.host_network = Some(true);
    }
    if applies(kind, P::Hardened) {
        p.hardened = rng.tri();
    }
    if applies(kind, P::PublicEntry) && rng.chance(20) {
        p.public_entry = Some(true);
    }
    if applies(kind, P::Exposure) && rng.chance(30) {
        p.exposure = Some(rng.pick(&[Exposure::Public, Exposure::Private]));
    }
    if applies(kind, P::SecretStorage) && rng.chance(40) {
        p.secret_storage = Some(rng.pick(&[SecretStorage::Environment, SecretStorage::SecretsStore]));
    }
    if applies(kind, P::SourcePinned) {
        p.source_pinned = rng.tri();
    }
    if applies(kind, P::Policy) && rng.chance(25) {
        p.policy = Some(ResourcePolicy { any_principal: rng.chance(70), source_condition: rng.chance(40) });
    }
    if applies(kind, P::NodeManagement) && rng.chance(40) {
        p.node_management = Some(rng.pick(&[NodeManagement::AutoMode, NodeManagement::ManagedNodeGroup]));
    }
    if applies(kind, P::InstanceMetadata) && rng.chance(40) {
        p.instance_metadata = Some(InstanceMetadata { imdsv2_required: rng.chance(50), hop_limit: rng.pick(&[1, 2]) });
    }
    if applies(kind, P::Data) && rng.chance(40) {
        p.data = Some(DataProfile {
            classification: rng.pick(&[
                Classification::Internal,
                Classification::Confidential,
                Classification::Restricted,
            ]),
            confidentiality: None,
            integrity: None,
            availability: None,
        });
    }
    if applies(kind, P::ServiceAccount) && rng.chance(50) {
        let mut permissions = Vec::new();
        for permission in KubernetesPermission::ALL_FOR_TESTS {
            if rng.chance(20) {
                permissions.push(*permission);
            }
        }
        p.service_account = Some(ServiceAccount { automount_token: rng.chance(80), permissions });
    }
    if applies(kind, P::Permissions) {
        let mut statements = Vec::new();
        for _ in 0..rng.below(3) {
            let resource = if rng.chance(30) || others.is_empty() {
                "*".to_owned()
            } else {
                others[rng.below(others.len())].to_string()
            };
            statements.push(Permission {
                actions: vec![rng.pick(ACTIONS).to_owned()],
                resources: vec![resource],
                conditions: Vec::new(),
            });
        }
        p.permissions = Some(statements);
    }
    let links = catalog::info(kind).links;
    if links.role && !roles.is_empty() && rng.chance(60) {
        c.role = Some(roles[rng.below(roles.len())].clone());
    }
    if links.credentials_for && !others.is_empty() && rng.chance(50) {
        c.credentials_for = vec![others[rng.below(others.len())].clone()];
    }
}

trait AllPermissions {
    const ALL_FOR_TESTS: &'static [KubernetesPermission];
}

impl AllPermissions for KubernetesPermission {
    const ALL_FOR_TESTS: &'static [KubernetesPermission] = &[
        KubernetesPermission::ReadSecrets,
        KubernetesPermission::ExecPods,
        KubernetesPermission::CreatePods,
        KubernetesPermission::ClusterAdmin,
    ];
}

fn is_endpoint(kind: K) -> bool {
    !matches!(kind, K::AwsAccount | K::Vpc | K::Subnet | K::FargateProfile | K::IamRole)
}

/// A valid pattern for a flow between two kinds.
fn pattern(rng: &mut Rng, from: K, to: K) -> Pattern {
    let mut options = vec![Pattern::SyncRequest, Pattern::DataRead, Pattern::DataWrite, Pattern::Admin];
    if to == K::SqsQueue {
        options.extend([Pattern::QueueSend, Pattern::QueueSend, Pattern::QueueReceive, Pattern::QueueReceive]);
    }
    if to.is_event_broker() {
        options.extend([Pattern::EventPublish, Pattern::EventPublish]);
    }
    if from.is_event_broker() {
        options.extend([Pattern::EventSubscribe, Pattern::EventSubscribe]);
    }
    if rng.chance(70) {
        // Mostly realistic flows; admin flows are rare.
        options.retain(|&p| p != Pattern::Admin);
    }
    rng.pick(&options)
}

fn random_flow(rng: &mut Rng, diagram: &Diagram, n: usize) -> Option<Flow> {
    let endpoints: Vec<&Component> = diagram.components.iter().filter(|c| is_endpoint(c.kind)).collect();
    if endpoints.len() < 2 {
        return None;
    }
    let a = endpoints[rng.below(endpoints.len())];
    let b = endpoints[rng.below(endpoints.len())];
    if a.id == b.id {
        return None;
    }
    let mut flow = Flow::new(id(&format!("flow-{n}")), a.id.clone(), b.id.clone(), pattern(rng, a.kind, b.kind));
    flow.authentication =
        rng.pick(&[None, Some(Authentication::None), Some(Authentication::Password), Some(Authentication::Mtls)]);
    Some(flow)
}

/// A random valid diagram of about `size` components.
fn generate(seed: u64, size: usize) -> Diagram {
    let mut rng = Rng(seed | 1);
    let mut diagram = Diagram::default();
    let push = |diagram: &mut Diagram, kind: K, parent: Option<Id>| {
        let n = diagram.components.len();
        let component_id = id(&format!("{kind}-{n}"));
        let mut component = Component::new(component_id.clone(), kind, component_id.as_str());
        component.parent = parent;
        diagram.components.push(component);
        component_id
    };
    for _ in 0..1 + rng.below(3) {
        push(&mut diagram, K::AwsAccount, None);
    }
    if rng.chance(40) {
        push(&mut diagram, K::OnPrem, None);
    }
    for _ in 0..size {
        let kind = rng.pick(LEAF_KINDS);
        let info = catalog::info(kind);
        let parents: Vec<Id> =
            diagram.components.iter().filter(|c| info.may_sit_in(Some(c.kind))).map(|c| c.id.clone()).collect();
        let parent = if !parents.is_empty() && (!info.top_level || rng.chance(85)) {
            Some(parents[rng.below(parents.len())].clone())
        } else if info.top_level {
            None
        } else {
            continue;
        };
        push(&mut diagram, kind, parent);
    }
    let roles: Vec<Id> = diagram.components.iter().filter(|c| c.kind == K::IamRole).map(|c| c.id.clone()).collect();
    let others: Vec<Id> = diagram.components.iter().map(|c| c.id.clone()).collect();
    for c in &mut diagram.components {
        randomize(&mut rng, c, &roles, &others);
    }
    for n in 0..size * 3 / 2 {
        if let Some(flow) = random_flow(&mut rng, &diagram, n) {
            diagram.flows.push(flow);
        }
    }
    let pods: Vec<Id> = diagram.components.iter().filter(|c| c.kind == K::Pod).map(|c| c.id.clone()).collect();
    for n in 0..rng.below(3) {
        let members: Vec<Id> = pods.iter().filter(|_| rng.chance(40)).cloned().collect();
        diagram.boundaries.push(Boundary {
            id: id(&format!("ns-{n}")),
            kind: BoundaryKind::Namespace,
            name: format!("ns-{n}"),
            description: String::new(),
            members,
        });
    }
    let of = |kinds: &[K]| -> Vec<Id> {
        diagram.components.iter().filter(|c| kinds.contains(&c.kind)).map(|c| c.id.clone()).collect()
    };
    let (vpcs, accounts, on_prem) = (of(&[K::Vpc]), of(&[K::AwsAccount]), of(&[K::OnPrem]));
    let mut connections = Vec::new();
    for n in 0..rng.below(4) {
        let (kind, from, to) = match rng.below(3) {
            0 if vpcs.len() >= 2 => {
                (ConnectionKind::VpcPeering, vpcs[rng.below(vpcs.len())].clone(), vpcs[rng.below(vpcs.len())].clone())
            }
            1 if !vpcs.is_empty() && !on_prem.is_empty() => {
                (ConnectionKind::Vpn, on_prem[0].clone(), vpcs[rng.below(vpcs.len())].clone())
            }
            2 if accounts.len() >= 2 => (
                ConnectionKind::CrossAccountTrust,
                accounts[rng.below(accounts.len())].clone(),
                accounts[rng.below(accounts.len())].clone(),
            ),
            _ => continue,
        };
        if from != to {
            connections.push(Connection { id: id(&format!("conn-{n}")), kind, from, to, label: String::new() });
        }
    }
    diagram.connections = connections;
    diagram
}

fn model(diagram: Diagram) -> Model {
    Model::new(diagram).expect("the generator makes valid diagrams")
}

/// Every start's reach, by start label and reached id.
fn reaches(model: &Model, posture: Posture) -> BTreeMap<String, BTreeMap<String, Level>> {
    let graph = BlastGraph::new(model, posture);
    let starts = model.component_ixs().map(Start::Component).chain([Start::Internet, Start::Insider]);
    starts
        .map(|start| {
            let radius = graph.radius(start);
            let reached =
                radius.reached.iter().map(|r| (model.component(r.component).id.to_string(), r.level)).collect();
            (start.label(model), reached)
        })
        .collect()
}

/// `small` reaches nothing `large` does not, at no higher level.
fn assert_within(small: &BTreeMap<String, BTreeMap<String, Level>>, large: &BTreeMap<String, BTreeMap<String, Level>>) {
    for (start, reached) in small {
        let Some(bigger) = large.get(start) else { continue };
        for (id, level) in reached {
            let other = bigger.get(id);
            assert!(other.is_some(), "from {start}: {id} is reached only in the smaller case");
            if *level == Level::Control {
                assert_eq!(other, Some(&Level::Control), "from {start}: {id} is controlled only in the smaller case");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn zero_trust_reach_is_within_perimeter_reach(seed in any::<u64>(), size in 5usize..40) {
        let model = model(generate(seed, size));
        assert_within(&reaches(&model, Posture::ZeroTrust), &reaches(&model, Posture::Perimeter));
    }

    #[test]
    fn an_added_flow_never_shrinks_a_reach(seed in any::<u64>(), size in 5usize..40, extra in any::<u64>()) {
        let diagram = generate(seed, size);
        let before = reaches(&model(diagram.clone()), Posture::Perimeter);
        let mut rng = Rng(extra | 1);
        let mut grown = diagram;
        for n in 0..3 {
            if let Some(flow) = random_flow(&mut rng, &grown, 10_000 + n) {
                grown.flows.push(flow);
            }
        }
        assert_within(&before, &reaches(&model(grown), Posture::Perimeter));
    }

    #[test]
    fn a_new_account_or_vpc_never_grows_a_reach(seed in any::<u64>(), size in 5usize..40, pick in any::<usize>(), vpc in any::<bool>()) {
        let diagram = generate(seed, size);
        let before_model = model(diagram.clone());
        let facts = trustmap::analysis::facts::Facts::new(&before_model);
        let boundary = if vpc { K::Vpc } else { K::AwsAccount };
        let movable: Vec<usize> = (0..diagram.components.len())
            .filter(|&i| catalog::info(diagram.components[i].kind).may_sit_in(Some(boundary)))
            .collect();
        prop_assume!(!movable.is_empty());
        let i = movable[pick % movable.len()];
        let moved_id = diagram.components[i].id.clone();
        let mut after = diagram;
        let mut new_boundary = Component::new(id("isolation-boundary"), boundary, "isolation");
        if vpc {
            // Same account as before: only the network changes.
            let c = before_model.component_ix(moved_id.as_str()).unwrap();
            new_boundary.parent = facts.account(c).map(|a| before_model.component(a).id.clone());
        }
        after.components.push(new_boundary);
        after.components.iter_mut().find(|c| c.id == moved_id).unwrap().parent = Some(id("isolation-boundary"));
        let after_model = model(after);
        for posture in [Posture::Perimeter, Posture::ZeroTrust] {
            assert_within(&reaches(&after_model, posture), &reaches(&before_model, posture));
        }
    }

    #[test]
    fn the_ranking_agrees_with_the_search(seed in any::<u64>(), size in 5usize..40) {
        let model = model(generate(seed, size));
        let graph = BlastGraph::new(&model, Posture::Perimeter);
        let ranking = graph.ranking();
        prop_assert_eq!(ranking.len(), model.components().len());
        for entry in &ranking {
            let radius = graph.radius(Start::Component(entry.component));
            // Fewer components than a sketch holds: the sizes are exact.
            prop_assert!(entry.exact);
            prop_assert_eq!((entry.controlled, entry.influenced), (radius.controlled(), radius.influenced()));
            let mut stores: Vec<(ComponentIx, Level)> = radius
                .reached
                .iter()
                .filter(|r| graph.is_sensitive_store(r.component))
                .map(|r| (r.component, r.level))
                .collect();
            stores.sort();
            stores.truncate(trustmap::analysis::blast::LISTED_STORES);
            prop_assert_eq!(&entry.sensitive, &stores);
        }
    }
}

/// A structured 5,000-component diagram with 15,000 flows: accounts, VPCs, clusters of nodes and pods, functions,
/// queues, topics, stores and roles.
fn big_diagram() -> Diagram {
    let mut rng = Rng(0x5eed);
    let mut d = Diagram::default();
    let add = |d: &mut Diagram, kind: K, name: String, parent: Option<&Id>| {
        let mut c = Component::new(id(&name), kind, &name);
        c.parent = parent.cloned();
        d.components.push(c);
        id(&name)
    };
    let mut code = Vec::new();
    let mut stores = Vec::new();
    let mut queues = Vec::new();
    let mut topics = Vec::new();
    for a in 0..4 {
        let acct = add(&mut d, K::AwsAccount, format!("acct{a}"), None);
        let mut roles = Vec::new();
        for r in 0..40 {
            roles.push(add(&mut d, K::IamRole, format!("role{a}-{r}"), Some(&acct)));
        }
        for v in 0..2 {
            let vpc = add(&mut d, K::Vpc, format!("vpc{a}-{v}"), Some(&acct));
            let eks = add(&mut d, K::EksCluster, format!("eks{a}-{v}"), Some(&vpc));
            for n in 0..10 {
                let node = add(&mut d, K::Ec2Node, format!("node{a}-{v}-{n}"), Some(&eks));
                for p in 0..25 {
                    let pod = add(&mut d, K::Pod, format!("pod{a}-{v}-{n}-{p}"), Some(&node));
                    add(&mut d, K::Container, format!("box{a}-{v}-{n}-{p}"), Some(&pod));
                    code.push(pod);
                }
            }
            for l in 0..2 {
                add(&mut d, K::LoadBalancer, format!("lb{a}-{v}-{l}"), Some(&vpc));
            }
            for r in 0..5 {
                stores.push(add(&mut d, K::RdsDatabase, format!("db{a}-{v}-{r}"), Some(&vpc)));
            }
        }
        for l in 0..75 {
            code.push(add(&mut d, K::Lambda, format!("fn{a}-{l}"), Some(&acct)));
        }
        for q in 0..25 {
            queues.push(add(&mut d, K::SqsQueue, format!("queue{a}-{q}"), Some(&acct)));
        }
        for t in 0..12 {
            topics.push(add(&mut d, K::SnsTopic, format!("topic{a}-{t}"), Some(&acct)));
        }
        for s in 0..50 {
            stores.push(add(&mut d, K::S3Bucket, format!("bucket{a}-{s}"), Some(&acct)));
            stores.push(add(&mut d, K::DynamodbTable, format!("table{a}-{s}"), Some(&acct)));
        }
        for s in 0..10 {
            add(&mut d, K::SecretsManager, format!("secret{a}-{s}"), Some(&acct));
        }
        add(&mut d, K::ApiGateway, format!("api{a}"), Some(&acct));
    }
    let ids: Vec<Id> = d.components.iter().map(|c| c.id.clone()).collect();
    let role_ids: Vec<Id> = d.components.iter().filter(|c| c.kind == K::IamRole).map(|c| c.id.clone()).collect();
    for c in &mut d.components {
        match c.kind {
            K::Pod | K::Lambda => c.role = Some(role_ids[rng.below(role_ids.len())].clone()),
            K::IamRole => {
                let wildcard = rng.chance(5);
                let resource = if wildcard { "*".to_owned() } else { ids[rng.below(ids.len())].to_string() };
                c.properties.permissions = Some(vec![Permission {
                    actions: vec![rng.pick(ACTIONS).to_owned()],
                    resources: vec![resource],
                    conditions: Vec::new(),
                }]);
            }
            K::SecretsManager => c.credentials_for = vec![stores[rng.below(stores.len())].clone()],
            _ => {}
        }
        if c.kind == K::Pod && rng.chance(50) {
            c.properties.requires_authentication = Some(true);
        }
        if c.kind == K::Pod && rng.chance(5) {
            c.properties.service_account =
                Some(ServiceAccount { automount_token: true, permissions: vec![KubernetesPermission::ExecPods] });
        }
        if matches!(c.kind, K::RdsDatabase | K::DynamodbTable) && rng.chance(30) {
            c.properties.data = Some(DataProfile {
                classification: Classification::Confidential,
                confidentiality: None,
                integrity: None,
                availability: None,
            });
        }
    }
    let mut n = 0;
    while d.flows.len() < 15_000 {
        let from = code[rng.below(code.len())].clone();
        let (to, pattern) = match rng.below(4) {
            0 => (code[rng.below(code.len())].clone(), Pattern::SyncRequest),
            1 => (stores[rng.below(stores.len())].clone(), rng.pick(&[Pattern::DataRead, Pattern::DataWrite])),
            2 => (queues[rng.below(queues.len())].clone(), rng.pick(&[Pattern::QueueSend, Pattern::QueueReceive])),
            _ => (topics[rng.below(topics.len())].clone(), Pattern::EventPublish),
        };
        if from != to {
            d.flows.push(Flow::new(id(&format!("f{n}")), from, to, pattern));
        }
        n += 1;
    }
    d
}

#[test]
#[ignore = "timing run; use a release build"]
fn timing_at_5000_components() {
    use std::time::Instant;
    let model = model(big_diagram());
    println!("{} components, {} flows", model.components().len(), model.flows().len());
    let facts = trustmap::analysis::facts::Facts::new(&model);
    let pod = model.component_ix("pod0-0-0-0").unwrap();
    let runs = 20;
    let t = Instant::now();
    for _ in 0..runs {
        let graph = BlastGraph::with_facts(&model, &facts, Posture::Perimeter);
        std::hint::black_box(graph.radius(Start::Component(pod)));
    }
    println!("build + one radius: {:?}", t.elapsed() / runs);
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(BlastGraph::with_facts(&model, &facts, Posture::Perimeter));
    }
    println!("build alone: {:?}", t.elapsed() / runs);
    let lambda = model.component_ix("fn0-0").unwrap();
    let t = Instant::now();
    for _ in 0..runs {
        let graph = BlastGraph::with_facts(&model, &facts, Posture::Perimeter);
        std::hint::black_box(graph.radius(Start::Component(lambda)));
    }
    println!("build + one radius from a function: {:?}", t.elapsed() / runs);
    let graph = BlastGraph::with_facts(&model, &facts, Posture::Perimeter);
    println!(
        "{} states, {} steps, radius {}",
        graph.state_count(),
        graph.edge_count(),
        graph.radius(Start::Component(pod)).reached.len()
    );
    let t = Instant::now();
    for _ in 0..5 {
        std::hint::black_box(graph.ranking());
    }
    println!("ranking: {:?}", t.elapsed() / 5);
    let t = Instant::now();
    for _ in 0..runs {
        let graph = BlastGraph::with_facts(&model, &facts, Posture::Perimeter);
        let mut large = 0usize;
        graph.sweep(|_| true, |_, reach| large += usize::from(reach.reached().value >= 1250.0));
        std::hint::black_box(large);
    }
    println!("build + sweep (the rule): {:?}", t.elapsed() / runs);
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(trustmap::analysis::facts::Facts::new(&model));
    }
    println!("(facts alone: {:?})", t.elapsed() / runs);
}
