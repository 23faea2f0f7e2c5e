//! Edges of docs/security-model.md#blast-radius rules 3-5 and the pod structure: instance metadata (a pod on an EC2 node reaches
//! the node's role), container breakout (pod or ECS task on EC2 -> node, certain when privileged or mounting the host, otherwise an
//! exploit whose likelihood hardening and a current runtime lower), node -> every pod on it, containers of one pod,
//! and the Kubernetes API through a pod's automounted service-account token (read secrets, exec or create pods in
//! the namespace, create pods anywhere, cluster-admin).

use crate::analysis::blast::graph::{Builder, IntMap, NONE, control, influence};
use crate::analysis::blast::mechanism::{Mechanism, breakout_likelihood};
use crate::model::kind::ComponentKind as K;
use crate::model::props::{KubernetesPermission, NetworkMode, NodeManagement, PatchStatus, SecretStorage};
use crate::model::{Authentication, ComponentIx, Model};

/// The virtual states of one cluster: every pod, every EC2 node, every secret, and all of them (cluster-admin).
#[derive(Clone, Copy)]
struct ClusterStates {
    pods: u32,
    nodes: u32,
    secrets: u32,
    all: u32,
}

/// The virtual states of one namespace: its pods and its secrets.
#[derive(Clone, Copy)]
struct NamespaceStates {
    pods: u32,
    secrets: u32,
}

struct Scopes {
    /// Per cluster component, its states once made.
    clusters: Vec<Option<ClusterStates>>,
    namespaces: IntMap<(u32, usize), NamespaceStates>,
}

impl Scopes {
    fn cluster(&mut self, b: &mut Builder<'_>, cluster: ComponentIx) -> ClusterStates {
        if let Some(Some(states)) = self.clusters.get(cluster.index()) {
            return *states;
        }
        let of = cluster.0;
        let states = ClusterStates {
            pods: b.hidden_of(of),
            nodes: b.hidden_of(of),
            secrets: b.hidden_of(of),
            all: b.hidden_of(of),
        };
        for part in [states.pods, states.nodes, states.secrets] {
            b.edge(states.all, part, Mechanism::KubernetesApi);
        }
        if let Some(slot) = self.clusters.get_mut(cluster.index()) {
            *slot = Some(states);
        }
        states
    }

    /// The pods and secrets a pod's namespace-scoped permissions reach: its namespace, or the whole cluster when
    /// the diagram draws no namespace boundary around it.
    fn scope(&mut self, b: &mut Builder<'_>, cluster: ComponentIx, namespace: Option<usize>) -> (u32, u32) {
        let Some(ns) = namespace else {
            let states = self.cluster(b, cluster);
            return (states.pods, states.secrets);
        };
        if let Some(states) = self.namespaces.get(&(cluster.0, ns)) {
            return (states.pods, states.secrets);
        }
        let states = NamespaceStates { pods: b.hidden_of(cluster.0), secrets: b.hidden_of(cluster.0) };
        self.namespaces.insert((cluster.0, ns), states);
        (states.pods, states.secrets)
    }
}

/// Adds every edge of this module.
pub(super) fn add(b: &mut Builder<'_>) {
    let model = b.model;
    let mut scopes = Scopes { clusters: vec![None; model.components().len()], namespaces: IntMap::default() };
    for c in model.component_ixs() {
        match model.kind(c) {
            K::Pod => pod_edges(b, &mut scopes, c),
            K::Container => {
                if let Some(pod) = model.parent(c).filter(|&p| model.kind(p) == K::Pod) {
                    b.edge(control(c), control(pod), Mechanism::SamePod);
                    b.edge(control(pod), control(c), Mechanism::SamePod);
                }
            }
            K::Ec2Node => {
                let pods = b.node_pods(c);
                b.edge(control(c), pods, Mechanism::NodeToPods);
            }
            K::GenericService => host_edges(b, c),
            K::EcsService => ecs_task_edges(b, c),
            K::EksCluster => {
                let all = scopes.cluster(b, c).all;
                b.edge(control(c), all, Mechanism::KubernetesApi);
            }
            K::EksControlPlane => {
                if let Some(cluster) = b.facts.cluster(c) {
                    let all = scopes.cluster(b, cluster).all;
                    b.edge(control(c), all, Mechanism::KubernetesApi);
                }
            }
            _ => {}
        }
    }
    fill(b, &scopes);
}

/// The node a pod or process runs on, when it is an EC2 node (shared kernel, metadata service).
fn ec2_host(model: &Model, c: ComponentIx) -> Option<ComponentIx> {
    model.parent(c).filter(|&p| model.kind(p) == K::Ec2Node)
}

fn pod_edges(b: &mut Builder<'_>, scopes: &mut Scopes, pod: ComponentIx) {
    let model = b.model;
    let props = model.props(pod);
    if let Some(node) = ec2_host(model, pod) {
        if props.host_network == Some(true) || metadata_reachable(model, node) {
            metadata_edge(b, pod, node);
        }
        breakout_edge(b, pod, node);
    }
    let (Some(account), Some(cluster)) = (&props.service_account, b.facts.cluster(pod)) else { return };
    if !account.automount_token {
        return;
    }
    let namespace = b.facts.namespace(pod);
    for permission in &account.permissions {
        match permission {
            KubernetesPermission::ReadSecrets => {
                // Named after what the secrets lead to: the credentials of the namespace's pods.
                let (_, secrets) = scopes.scope(b, cluster, namespace);
                b.edge(control(pod), secrets, Mechanism::Credentials);
            }
            KubernetesPermission::ExecPods => {
                let (pods, _) = scopes.scope(b, cluster, namespace);
                b.edge(control(pod), pods, Mechanism::KubernetesApi);
            }
            KubernetesPermission::CreatePods => {
                let (pods, _) = scopes.scope(b, cluster, namespace);
                let nodes = scopes.cluster(b, cluster).nodes;
                b.edge(control(pod), pods, Mechanism::KubernetesApi);
                b.edge(control(pod), nodes, Mechanism::KubernetesApi);
            }
            KubernetesPermission::ClusterAdmin => {
                let all = scopes.cluster(b, cluster).all;
                b.edge(control(pod), all, Mechanism::KubernetesApi);
            }
        }
    }
}

/// A process drawn directly on an EC2 node: it is on the host network (metadata always reachable) and needs a
/// local exploit, like a container breakout, to own the node.
fn host_edges(b: &mut Builder<'_>, process: ComponentIx) {
    if let Some(node) = ec2_host(b.model, process) {
        metadata_edge(b, process, node);
        breakout_edge(b, process, node);
    }
}

/// An ECS service on EC2 container instances shares the instance's kernel like a pod on a node: the same
/// breakout, and the instance's role through its metadata service (reachable unless the agent blocks it, which the
/// node's instance-metadata settings say; always in host network mode). On Fargate (no host) each task has its own
/// micro-VM: no breakout, no node role. The instance's agent holds the service's task execution role.
fn ecs_task_edges(b: &mut Builder<'_>, service: ComponentIx) {
    let model = b.model;
    if let Some(node) = ec2_host(model, service) {
        if model.props(service).network_mode == Some(NetworkMode::Host) || metadata_reachable(model, node) {
            metadata_edge(b, service, node);
        }
        breakout_edge(b, service, node);
        // The instance's ECS agent starts the tasks with their execution role, so it holds that role's credentials.
        // The task itself never gets them (on Fargate AWS holds them), so there is no step from the service.
        if let Some(role) = model.component(service).execution_role.as_deref().and_then(|id| model.component_ix(id)) {
            b.edge(control(node), control(role), Mechanism::AgentCredentials);
        }
    }
}

/// Rule 3, unspecified settings: IMDSv2 with hop limit 2 is the common default, except on Auto Mode nodes (hop
/// limit 1).
fn metadata_reachable(model: &Model, node: ComponentIx) -> bool {
    let props = model.props(node);
    props.instance_metadata.map_or(props.node_management != Some(NodeManagement::AutoMode), |m| m.reachable_from_pods())
}

fn metadata_edge(b: &mut Builder<'_>, workload: ComponentIx, node: ComponentIx) {
    if let Some(role) = b.role(node) {
        b.edge(control(workload), control(role), Mechanism::InstanceMetadata);
    }
}

fn breakout_edge(b: &mut Builder<'_>, workload: ComponentIx, node: ComponentIx) {
    let model = b.model;
    let opens_host = |c: ComponentIx| {
        let props = model.props(c);
        props.privileged == Some(true) || props.host_path_mount == Some(true)
    };
    let certain = opens_host(workload)
        || model.children(workload).iter().any(|&c| model.kind(c) == K::Container && opens_host(c));
    if certain {
        b.edge(control(workload), control(node), Mechanism::ContainerBreakout);
    } else {
        let node_props = model.props(node);
        let current = node_props.patch_status == Some(PatchStatus::Current)
            || node_props.node_management == Some(NodeManagement::AutoMode);
        let hardened = model.props(workload).hardened == Some(true);
        b.uncertain(
            control(workload),
            control(node),
            Mechanism::ContainerBreakout,
            breakout_likelihood(hardened, current),
        );
    }
}

/// Connects the set states to their members.
fn fill(b: &mut Builder<'_>, scopes: &Scopes) {
    let model = b.model;
    for c in model.component_ixs() {
        let kind = model.kind(c);
        if matches!(kind, K::Pod | K::GenericService | K::EcsService)
            && let Some(node) = ec2_host(model, c)
            && b.node_pods[node.index()] != NONE
        {
            let pods = b.node_pods[node.index()];
            b.edge(pods, control(c), Mechanism::NodeToPods);
        }
        let Some(cluster) = b.facts.cluster(c) else { continue };
        let cluster_states = scopes.clusters.get(cluster.index()).copied().flatten();
        let ns_states = b.facts.namespace(c).and_then(|ns| scopes.namespaces.get(&(cluster.0, ns)).copied());
        if kind == K::Pod {
            for pods in cluster_states.map(|s| s.pods).into_iter().chain(ns_states.map(|s| s.pods)) {
                b.edge(pods, control(c), Mechanism::KubernetesApi);
            }
        }
        if kind == K::Ec2Node
            && let Some(states) = cluster_states
        {
            b.edge(states.nodes, control(c), Mechanism::KubernetesApi);
        }
        if matches!(kind, K::Pod | K::Container) && model.props(c).secret_storage == Some(SecretStorage::Environment) {
            let secrets: Vec<u32> =
                cluster_states.map(|s| s.secrets).into_iter().chain(ns_states.map(|s| s.secrets)).collect();
            if secrets.is_empty() {
                continue;
            }
            for (f, callee) in model.outgoing(c) {
                let with_secret = matches!(
                    model.flow_attrs(f).authentication,
                    Some(Authentication::Password | Authentication::ApiKey | Authentication::Token)
                );
                if with_secret {
                    for &state in &secrets {
                        b.edge(state, influence(callee), Mechanism::Credentials);
                    }
                }
            }
        }
    }
}
