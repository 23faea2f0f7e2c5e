//! Synthetic diagrams for benchmarks: N components in nested accounts, VPCs, subnets, clusters, node groups and
//! bounded contexts, with about 3 flows per component of every pattern. Deterministic (a fixed LCG).
#![expect(clippy::panic, reason = "a generator bug should stop the benchmark loudly")]

use trustmap::model::group::Context;
use trustmap::model::kind::ComponentKind as K;
use trustmap::model::layout::Rect;
use trustmap::model::props::{Classification, DataProfile, Permission, ResourcePolicy};
use trustmap::model::{Authentication, Component, Diagram, Flow, Id, Pattern};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn id(text: &str) -> Id {
    Id::new(text).unwrap_or_else(|why| panic!("{why}"))
}

struct Builder {
    diagram: Diagram,
    /// Callers (code that runs) and callees by role, for wiring flows.
    workloads: Vec<Id>,
    queues: Vec<Id>,
    buses: Vec<Id>,
    stores: Vec<Id>,
    context_members: Vec<Vec<Id>>,
    next_y: f64,
}

impl Builder {
    fn add(&mut self, name: String, kind: K, parent: Option<&Id>, context: Option<usize>) -> Id {
        let component_id = id(&name);
        let mut component = Component::new(component_id.clone(), kind, name);
        component.parent = parent.cloned();
        self.diagram.components.push(component);
        self.next_y += 70.0;
        let n = self.diagram.components.len() as f64;
        self.diagram.layout.components.insert(
            component_id.clone(),
            Rect { x: (n % 50.0) * 160.0, y: (n / 50.0).floor() * 80.0, w: 140.0, h: 60.0 },
        );
        if let Some(c) = context {
            self.context_members[c].push(component_id.clone());
        }
        component_id
    }

    fn last(&mut self) -> &mut Component {
        let index = self.diagram.components.len() - 1;
        &mut self.diagram.components[index]
    }
}

/// A diagram of about `n` components with about `3 n` flows.
pub fn diagram(n: usize, seed: u64) -> Diagram {
    let mut rng = Rng(seed);
    let contexts = (n / 40).max(3);
    let mut b = Builder {
        diagram: Diagram::default(),
        workloads: Vec::new(),
        queues: Vec::new(),
        buses: Vec::new(),
        stores: Vec::new(),
        context_members: vec![Vec::new(); contexts],
        next_y: 0.0,
    };
    b.diagram.settings.title = format!("synthetic {n}");
    let internet = b.add("internet".into(), K::Internet, None, None);
    let mut account_index = 0;
    while b.diagram.components.len() < n {
        add_account(&mut b, &mut rng, account_index, &internet, contexts);
        account_index += 1;
    }
    // About three flows per component, of every pattern, from workloads.
    let target_flows = 3 * b.diagram.components.len();
    let mut f = 0;
    while b.diagram.flows.len() < target_flows && !b.workloads.is_empty() {
        let caller = b.workloads[rng.below(b.workloads.len())].clone();
        let (to, pattern) = match rng.below(6) {
            0 | 1 => (b.workloads[rng.below(b.workloads.len())].clone(), Pattern::SyncRequest),
            2 => (b.queues[rng.below(b.queues.len())].clone(), Pattern::QueueSend),
            3 => (b.queues[rng.below(b.queues.len())].clone(), Pattern::QueueReceive),
            4 => (b.buses[rng.below(b.buses.len())].clone(), Pattern::EventPublish),
            _ => (b.stores[rng.below(b.stores.len())].clone(), Pattern::DataWrite),
        };
        if to == caller {
            continue;
        }
        let mut flow = Flow::new(id(&format!("f{f}")), caller, to, pattern);
        flow.authentication = match rng.below(4) {
            0 => Some(Authentication::None),
            1 => None,
            2 => Some(Authentication::Mtls),
            _ => Some(Authentication::IamSigv4),
        };
        b.diagram.flows.push(flow);
        f += 1;
    }
    // Buses deliver to a few subscribers each.
    for (i, bus) in b.buses.clone().iter().enumerate() {
        for s in 0..3 {
            let target = b.workloads[rng.below(b.workloads.len())].clone();
            b.diagram.flows.push(Flow::new(id(&format!("sub-{i}-{s}")), bus.clone(), target, Pattern::EventSubscribe));
        }
    }
    for (c, members) in b.context_members.iter().enumerate() {
        b.diagram.contexts.push(Context {
            id: id(&format!("ctx-{c}")),
            name: format!("Context {c}"),
            description: String::new(),
            members: members.clone(),
        });
    }
    b.diagram
}

/// One account: VPC, subnets, API, load balancer, an EKS cluster with four node groups of eight pods, six Lambda
/// functions with queues and tables, an event bus, a database and a bucket.
fn add_account(b: &mut Builder, rng: &mut Rng, a: usize, internet: &Id, contexts: usize) {
    let account = b.add(format!("acct-{a}"), K::AwsAccount, None, None);
    b.add(format!("trail-{a}"), K::Cloudtrail, Some(&account), None);
    if a.is_multiple_of(2) {
        b.add(format!("guard-{a}"), K::Guardduty, Some(&account), None);
    }
    let vpc = b.add(format!("vpc-{a}"), K::Vpc, Some(&account), None);
    let public = b.add(format!("public-{a}"), K::Subnet, Some(&vpc), None);
    b.last().properties.exposure = Some(trustmap::model::props::Exposure::Public);
    let private = b.add(format!("private-{a}"), K::Subnet, Some(&vpc), None);
    let api = b.add(format!("api-{a}"), K::ApiGateway, Some(&account), None);
    b.last().properties.public_entry = Some(true);
    b.diagram.flows.push(Flow::new(id(&format!("in-{a}")), internet.clone(), api.clone(), Pattern::SyncRequest));
    let lb = b.add(format!("alb-{a}"), K::LoadBalancer, Some(&public), None);
    let cluster = b.add(format!("eks-{a}"), K::EksCluster, Some(&private), None);
    b.add(format!("cp-{a}"), K::EksControlPlane, Some(&cluster), None);
    let node_role = b.add(format!("node-role-{a}"), K::IamRole, Some(&account), None);
    b.last().properties.permissions = Some(vec![Permission {
        actions: vec!["ecr:GetDownloadUrlForLayer".into(), "ecr:BatchGetImage".into()],
        resources: vec!["*".into()],
    }]);
    let registry = b.add(format!("ecr-{a}"), K::EcrRegistry, Some(&account), None);
    b.workloads.push(lb.clone());
    let _ = api;
    // Node groups with pods of a few contexts each, Lambdas, brokers and stores.
    for g in 0..4 {
        let node = b.add(format!("node-{a}-{g}"), K::Ec2Node, Some(&cluster), None);
        b.last().role = Some(node_role.clone());
        b.diagram.flows.push(Flow::new(
            id(&format!("pull-{a}-{g}")),
            node.clone(),
            registry.clone(),
            Pattern::DataRead,
        ));
        for p in 0..8 {
            let context = rng.below(contexts);
            let pod = b.add(format!("pod-{a}-{g}-{p}"), K::Pod, Some(&node), Some(context));
            if rng.below(5) == 0 {
                b.last().properties.privileged = Some(true);
            }
            b.workloads.push(pod);
        }
    }
    for s in 0..6 {
        let context = rng.below(contexts);
        let role = b.add(format!("fn-role-{a}-{s}"), K::IamRole, Some(&account), Some(context));
        b.last().properties.permissions = Some(vec![Permission {
            actions: vec!["dynamodb:GetItem".into(), "sqs:SendMessage".into()],
            resources: vec!["*".into()],
        }]);
        let function = b.add(format!("fn-{a}-{s}"), K::Lambda, Some(&account), Some(context));
        b.last().role = Some(role);
        b.workloads.push(function);
        let queue = b.add(format!("queue-{a}-{s}"), K::SqsQueue, Some(&account), Some(context));
        if rng.below(3) == 0 {
            b.last().properties.policy = Some(ResourcePolicy { any_principal: true, source_condition: false });
        }
        b.queues.push(queue);
        let table = b.add(format!("table-{a}-{s}"), K::DynamodbTable, Some(&account), Some(context));
        b.last().properties.data = Some(DataProfile {
            classification: Classification::Confidential,
            confidentiality: None,
            integrity: None,
            availability: None,
        });
        b.stores.push(table);
    }
    let bus = b.add(format!("bus-{a}"), K::EventbridgeBus, Some(&account), None);
    b.buses.push(bus);
    let db = b.add(format!("db-{a}"), K::RdsDatabase, Some(&private), Some(rng.below(contexts)));
    b.stores.push(db);
    b.add(format!("bucket-{a}"), K::S3Bucket, Some(&account), None);
}
