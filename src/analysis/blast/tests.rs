//! Unit tests of the blast radius, one group per mechanism: each fires where it should and stops where a control
//! or an isolation boundary stops it.

use super::*;
use crate::analysis::testkit::TestDiagram;
use crate::model::group::BoundaryKind;
use crate::model::props::{
    Classification, DataProfile, InstanceMetadata, KubernetesPermission, NodeManagement, PatchStatus, Permission,
    ResourcePolicy, SecretStorage, ServiceAccount,
};
use crate::model::{Authentication, ComponentKind as K, ConnectionKind, Pattern};

fn from(model: &Model, start: &str) -> BlastRadius {
    BlastGraph::new(model, model.diagram().settings.posture).radius(Start::parse(model, start).unwrap())
}

fn level(model: &Model, radius: &BlastRadius, id: &str) -> Option<Level> {
    radius.level_of(model.component_ix(id).unwrap())
}

fn reached(model: &Model, radius: &BlastRadius, id: &str) -> Reached {
    let c = model.component_ix(id).unwrap();
    radius.reached.iter().find(|r| r.component == c).cloned().unwrap_or_else(|| panic!("{id} not reached"))
}

fn path(model: &Model, radius: &BlastRadius, id: &str) -> Vec<String> {
    radius.path(&reached(model, radius, id)).iter().map(|&c| model.component_id(c).to_string()).collect()
}

fn role(permissions: Vec<Permission>) -> impl FnOnce(&mut crate::model::Component) {
    move |c| c.properties.permissions = Some(permissions)
}

fn runs_as(role: &str) -> impl FnOnce(&mut crate::model::Component) {
    let role = crate::analysis::testkit::id(role);
    move |c| c.role = Some(role)
}

fn allow(actions: &[&str], resources: &[&str]) -> Permission {
    Permission {
        actions: actions.iter().map(|a| (*a).to_owned()).collect(),
        resources: resources.iter().map(|r| (*r).to_owned()).collect(),
        conditions: Vec::new(),
    }
}

/// An account with a VPC, a cluster, one EC2 node (with a node role) and two pods on it.
fn cluster() -> TestDiagram {
    TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("vpc", K::Vpc, Some("acct"))
        .component("eks", K::EksCluster, Some("vpc"))
        .component("node-role", K::IamRole, Some("acct"))
        .component_with("node", K::Ec2Node, Some("eks"), runs_as("node-role"))
        .component("a", K::Pod, Some("node"))
        .component("b", K::Pod, Some("node"))
}

// Rule 1: flows.

#[test]
fn a_flow_gives_influence_on_the_callee_only() {
    let model = TestDiagram::new()
        .component("a", K::GenericService, None)
        .component("b", K::GenericService, None)
        .component("c", K::GenericService, None)
        .flow("a", "b", Pattern::SyncRequest)
        .flow("b", "c", Pattern::SyncRequest)
        .flow("c", "a", Pattern::SyncRequest)
        .props("c", |p| p.requires_authentication = Some(true))
        .build();
    let radius = from(&model, "a");
    assert_eq!(level(&model, &radius, "b"), Some(Level::Influence));
    assert_eq!(level(&model, &radius, "c"), None, "b does not pass input on");
    let b = reached(&model, &radius, "b");
    assert_eq!((b.hops, b.mechanism, b.likelihood), (1, Mechanism::Flow, None));
    assert_eq!(path(&model, &radius, "b"), ["a", "b"]);
    assert!(radius.complete);
}

#[test]
fn gateways_and_load_balancers_pass_input_on_and_admin_flows_give_control() {
    let model = TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("vpc", K::Vpc, Some("acct"))
        .component("a", K::GenericService, None)
        .component("lb", K::LoadBalancer, Some("vpc"))
        .component("svc", K::GenericService, Some("vpc"))
        .component("ops", K::GenericService, Some("vpc"))
        .flow("a", "lb", Pattern::SyncRequest)
        .flow("lb", "svc", Pattern::SyncRequest)
        .flow("a", "ops", Pattern::Admin)
        .build();
    let radius = from(&model, "a");
    let svc = reached(&model, &radius, "svc");
    assert_eq!((svc.level, svc.hops, svc.mechanism), (Level::Influence, 2, Mechanism::PassesInput));
    assert_eq!(path(&model, &radius, "svc"), ["a", "lb", "svc"]);
    let ops = reached(&model, &radius, "ops");
    assert_eq!((ops.level, ops.mechanism), (Level::Control, Mechanism::AdminFlow));
}

// Rule 2: IAM.

fn iam_diagram(permissions: Vec<Permission>) -> TestDiagram {
    TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("other", K::AwsAccount, None)
        .component_with("app-role", K::IamRole, Some("acct"), role(permissions))
        .component_with("app", K::Lambda, Some("acct"), runs_as("app-role"))
        .component("orders", K::S3Bucket, Some("acct"))
        .component("invoices", K::S3Bucket, Some("acct"))
        .component("table", K::DynamodbTable, Some("acct"))
        .component("foreign", K::S3Bucket, Some("other"))
        .component("admin-role", K::IamRole, Some("acct"))
        .component("fn", K::Lambda, Some("acct"))
}

#[test]
fn a_role_reaches_what_it_allows_on_named_resources_of_the_right_service() {
    let model = iam_diagram(vec![allow(&["s3:GetObject"], &["orders", "table"])]).build();
    let radius = from(&model, "app");
    assert_eq!(level(&model, &radius, "app-role"), Some(Level::Control));
    let orders = reached(&model, &radius, "orders");
    assert_eq!((orders.level, orders.mechanism, orders.hops), (Level::Influence, Mechanism::IamPermission, 2));
    assert_eq!(path(&model, &radius, "orders"), ["app", "app-role", "orders"]);
    assert_eq!(level(&model, &radius, "table"), None, "an s3 action does not apply to a table");
    assert_eq!(level(&model, &radius, "invoices"), None);
}

#[test]
fn a_wildcard_covers_every_resource_of_the_service_in_the_account_only() {
    let model = iam_diagram(vec![allow(&["s3:*"], &["*"])]).build();
    let radius = from(&model, "app");
    for bucket in ["orders", "invoices"] {
        let r = reached(&model, &radius, bucket);
        assert_eq!((r.level, r.mechanism), (Level::Influence, Mechanism::IamWildcard), "{bucket}");
    }
    assert_eq!(level(&model, &radius, "table"), None);
    assert_eq!(level(&model, &radius, "foreign"), None, "another account");
}

#[test]
fn writing_logs_and_traces_reaches_no_detective_control_or_firewall() {
    let model = iam_diagram(vec![allow(
        &["logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "cloudwatch:PutMetricData"],
        &["*"],
    )])
    .component("trail", K::Cloudtrail, Some("acct"))
    .component("detector", K::Guardduty, Some("acct"))
    .component("acl", K::Waf, Some("acct"))
    .component("metrics", K::Cloudwatch, Some("acct"))
    .build();
    let radius = from(&model, "app");
    for untouched in ["trail", "detector", "acl"] {
        assert_eq!(level(&model, &radius, untouched), None, "{untouched}");
    }
    assert_eq!(level(&model, &radius, "metrics"), Some(Level::Influence), "metrics are CloudWatch's own");
    let admin =
        iam_diagram(vec![allow(&["guardduty:*"], &["*"])]).component("detector", K::Guardduty, Some("acct")).build();
    assert_eq!(level(&admin, &from(&admin, "app"), "detector"), Some(Level::Influence));
}

#[test]
fn another_account_needs_trust_or_an_open_policy() {
    let blocked = iam_diagram(vec![allow(&["s3:GetObject"], &["foreign"])]).build();
    assert_eq!(level(&blocked, &from(&blocked, "app"), "foreign"), None);
    let trusted = iam_diagram(vec![allow(&["s3:GetObject"], &["foreign"])])
        .connection("trust", ConnectionKind::CrossAccountTrust, "acct", "other")
        .build();
    assert_eq!(level(&trusted, &from(&trusted, "app"), "foreign"), Some(Level::Influence));
    let backwards = iam_diagram(vec![allow(&["s3:GetObject"], &["foreign"])])
        .connection("trust", ConnectionKind::CrossAccountTrust, "other", "acct")
        .build();
    assert_eq!(level(&backwards, &from(&backwards, "app"), "foreign"), None, "trust has a direction");
    let open = iam_diagram(vec![allow(&["s3:GetObject"], &["foreign"])])
        .props("foreign", |p| p.policy = Some(ResourcePolicy { any_principal: true, source_condition: false }))
        .build();
    assert_eq!(level(&open, &from(&open, "app"), "foreign"), Some(Level::Influence));
}

#[test]
fn takeover_actions_give_control() {
    let model =
        iam_diagram(vec![allow(&["sts:AssumeRole"], &["admin-role"]), allow(&["lambda:UpdateFunctionCode"], &["fn"])])
            .build();
    let radius = from(&model, "app");
    let admin = reached(&model, &radius, "admin-role");
    assert_eq!((admin.level, admin.mechanism), (Level::Control, Mechanism::IamTakeover));
    assert_eq!(level(&model, &radius, "fn"), Some(Level::Control));
    let reading = iam_diagram(vec![allow(&["lambda:GetFunction"], &["fn"])]).build();
    assert_eq!(level(&reading, &from(&reading, "app"), "fn"), Some(Level::Influence));
}

#[test]
fn pushing_an_image_controls_the_workloads_that_pull_it() {
    let model = cluster()
        .component_with("ci-role", K::IamRole, Some("acct"), role(vec![allow(&["ecr:PutImage"], &["registry"])]))
        .component_with("ci", K::GenericService, Some("acct"), runs_as("ci-role"))
        .component("registry", K::EcrRegistry, Some("acct"))
        .component("other-node", K::Ec2Node, Some("eks"))
        .component("c", K::Pod, Some("other-node"))
        .component("fn", K::Lambda, Some("acct"))
        .flow("node", "registry", Pattern::DataRead)
        .flow("fn", "registry", Pattern::DataRead)
        .build();
    let radius = from(&model, "ci");
    for pulled in ["a", "b", "fn"] {
        let r = reached(&model, &radius, pulled);
        assert_eq!((r.level, r.mechanism), (Level::Control, Mechanism::ImagePush), "{pulled}");
    }
    assert_eq!(path(&model, &radius, "fn"), ["ci", "ci-role", "registry", "fn"]);
    assert_eq!(reached(&model, &radius, "fn").hops, 3);
    assert_eq!(level(&model, &radius, "registry"), Some(Level::Influence));
    assert_eq!(level(&model, &radius, "c"), Some(Level::Influence), "its node does not pull from the registry");
}

// Rule 3: instance metadata.

#[test]
fn instance_metadata_gives_the_node_role_unless_blocked() {
    let model = cluster().build();
    let r = reached(&model, &from(&model, "a"), "node-role");
    assert_eq!((r.level, r.mechanism, r.hops), (Level::Control, Mechanism::InstanceMetadata, 1));

    let hop_limit_1 = cluster()
        .props("node", |p| p.instance_metadata = Some(InstanceMetadata { imdsv2_required: true, hop_limit: 1 }))
        .build();
    let radius = from(&hop_limit_1, "a");
    assert_ne!(reached(&hop_limit_1, &radius, "node-role").mechanism, Mechanism::InstanceMetadata);

    let auto = cluster().props("node", |p| p.node_management = Some(NodeManagement::AutoMode)).build();
    let radius = from(&auto, "a");
    assert_ne!(reached(&auto, &radius, "node-role").mechanism, Mechanism::InstanceMetadata, "auto mode: hop limit 1");
    let host_network = cluster()
        .props("node", |p| p.node_management = Some(NodeManagement::AutoMode))
        .props("a", |p| p.host_network = Some(true))
        .build();
    let r = reached(&host_network, &from(&host_network, "a"), "node-role");
    assert_eq!(r.mechanism, Mechanism::InstanceMetadata);
}

// Rule 4: container breakout.

#[test]
fn a_privileged_pod_controls_the_node_and_every_pod_on_it() {
    let model = cluster().props("a", |p| p.privileged = Some(true)).build();
    let radius = from(&model, "a");
    let node = reached(&model, &radius, "node");
    assert_eq!((node.level, node.mechanism, node.likelihood), (Level::Control, Mechanism::ContainerBreakout, None));
    let b = reached(&model, &radius, "b");
    assert_eq!((b.level, b.mechanism, b.hops), (Level::Control, Mechanism::NodeToPods, 2));
    assert_eq!(path(&model, &radius, "b"), ["a", "node", "b"]);
}

#[test]
fn an_unprivileged_breakout_needs_an_exploit_that_controls_make_less_likely() {
    let model = cluster().build();
    let radius = from(&model, "a");
    assert_eq!(reached(&model, &radius, "node").likelihood, Some(Likelihood::Possible));
    assert_eq!(reached(&model, &radius, "b").likelihood, Some(Likelihood::Possible));
    let hardened = cluster()
        .props("a", |p| p.hardened = Some(true))
        .props("node", |p| p.patch_status = Some(PatchStatus::Current))
        .build();
    let radius = from(&hardened, "a");
    assert_eq!(reached(&hardened, &radius, "node").likelihood, Some(Likelihood::Rare), "lowered, never removed");
}

#[test]
fn no_breakout_from_fargate_or_lambda() {
    let model = TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("eks", K::EksCluster, Some("acct"))
        .component("profile", K::FargateProfile, Some("eks"))
        .component_with("a", K::Pod, Some("profile"), |c| c.properties.privileged = Some(true))
        .component("b", K::Pod, Some("profile"))
        .component("fn", K::Lambda, Some("acct"))
        .build();
    let radius = from(&model, "a");
    assert!(radius.reached.iter().all(|r| r.level == Level::Influence));
    assert_eq!(reached(&model, &radius, "b").mechanism, Mechanism::Network);
    assert!(from(&model, "fn").reached.is_empty());
}

/// ECS follows the EKS reasoning: a service on an EC2 container instance shares its kernel and reaches its role;
/// one on Fargate (directly in its cluster) has its own micro-VM.
#[test]
fn ecs_on_ec2_breaks_out_like_a_pod_and_fargate_does_not() {
    let model = TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("vpc", K::Vpc, Some("acct"))
        .component("ecs", K::EcsCluster, Some("vpc"))
        .component("instance-role", K::IamRole, Some("acct"))
        .component_with("instance", K::Ec2Node, Some("ecs"), runs_as("instance-role"))
        .component_with("web", K::EcsService, Some("instance"), |c| c.properties.privileged = Some(true))
        .component("api", K::EcsService, Some("instance"))
        .component_with("jobs", K::EcsService, Some("ecs"), |c| c.properties.privileged = Some(true))
        .build();
    let radius = from(&model, "web");
    assert_eq!(level(&model, &radius, "instance"), Some(Level::Control));
    assert_eq!(reached(&model, &radius, "instance").mechanism, Mechanism::ContainerBreakout);
    assert_eq!(level(&model, &radius, "api"), Some(Level::Control), "the instance controls every task on it");
    assert_eq!(level(&model, &radius, "instance-role"), Some(Level::Control), "instance metadata");
    let fargate = from(&model, "jobs");
    assert!(fargate.reached.iter().all(|r| r.level == Level::Influence), "no breakout from Fargate");
    assert_ne!(level(&model, &fargate, "instance"), Some(Level::Control), "only its network listeners");
}

// Rule 5: the Kubernetes API.

fn with_permissions(
    permissions: &[KubernetesPermission],
    automount: bool,
) -> impl FnOnce(&mut crate::model::Properties) {
    let permissions = permissions.to_vec();
    move |p| p.service_account = Some(ServiceAccount { automount_token: automount, permissions })
}

fn namespaced() -> TestDiagram {
    cluster()
        .component("node-2", K::Ec2Node, Some("eks"))
        .component("c", K::Pod, Some("node-2"))
        .component("d", K::Pod, Some("node-2"))
        .props("a", |p| p.hardened = Some(true))
        .boundary("shop", BoundaryKind::Namespace, &["a", "c"])
        .boundary("billing", BoundaryKind::Namespace, &["b", "d"])
}

#[test]
fn exec_in_a_namespace_controls_its_pods_only() {
    let model = namespaced().props("a", with_permissions(&[KubernetesPermission::ExecPods], true)).build();
    let radius = from(&model, "a");
    let c = reached(&model, &radius, "c");
    assert_eq!((c.level, c.mechanism, c.hops, c.likelihood), (Level::Control, Mechanism::KubernetesApi, 1, None));
    let d = reached(&model, &radius, "d");
    assert_eq!(radius.path(&d).len(), 4, "not through the API: through c's node");
    assert_eq!(d.likelihood, Some(Likelihood::Possible));
    let off = namespaced().props("a", with_permissions(&[KubernetesPermission::ExecPods], false)).build();
    assert_eq!(level(&off, &from(&off, "a"), "c"), Some(Level::Influence), "no token mounted: only the network");
}

#[test]
fn without_a_namespace_boundary_the_cluster_is_one_namespace() {
    let model = cluster()
        .component("node-2", K::Ec2Node, Some("eks"))
        .component("c", K::Pod, Some("node-2"))
        .props("a", with_permissions(&[KubernetesPermission::ExecPods], true))
        .build();
    assert_eq!(level(&model, &from(&model, "a"), "c"), Some(Level::Control));
}

#[test]
fn create_pods_gives_every_node_and_cluster_admin_everything() {
    let model = namespaced().props("a", with_permissions(&[KubernetesPermission::CreatePods], true)).build();
    let radius = from(&model, "a");
    assert_eq!(reached(&model, &radius, "node-2").mechanism, Mechanism::KubernetesApi);
    assert_eq!(level(&model, &radius, "d"), Some(Level::Control), "through its node");
    let admin = namespaced().props("a", with_permissions(&[KubernetesPermission::ClusterAdmin], true)).build();
    let radius = from(&admin, "a");
    for id in ["b", "c", "d", "node", "node-2", "node-role"] {
        assert_eq!(level(&admin, &radius, id), Some(Level::Control), "{id}");
    }
}

#[test]
fn reading_secrets_gives_the_credentials_pods_keep_in_the_environment() {
    let model = namespaced()
        .component("db", K::RdsDatabase, Some("vpc"))
        .component("api", K::GenericService, Some("vpc"))
        .props("c", |p| p.secret_storage = Some(SecretStorage::Environment))
        .props("d", |p| p.secret_storage = Some(SecretStorage::Environment))
        .flow_with("c", "db", Pattern::DataRead, |f| f.authentication = Some(Authentication::Password))
        .flow_with("d", "api", Pattern::SyncRequest, |f| f.authentication = Some(Authentication::Token))
        .props("a", with_permissions(&[KubernetesPermission::ReadSecrets], true))
        .posture(Posture::ZeroTrust)
        .build();
    let radius = from(&model, "a");
    let db = reached(&model, &radius, "db");
    assert_eq!((db.level, db.mechanism), (Level::Influence, Mechanism::Credentials));
    assert_eq!(level(&model, &radius, "api"), None, "another namespace");
}

// Rule 6: credentials.

fn secrets(pattern: Pattern) -> TestDiagram {
    TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("app", K::GenericService, Some("acct"))
        .component("db", K::RdsDatabase, Some("acct"))
        .component_with("vault", K::SecretsManager, Some("acct"), |c| {
            c.credentials_for = vec![crate::analysis::testkit::id("db")];
        })
        .flow("app", "vault", pattern)
}

#[test]
fn reading_a_secrets_store_controls_what_it_authenticates() {
    let model = secrets(Pattern::DataRead).build();
    let radius = from(&model, "app");
    let db = reached(&model, &radius, "db");
    assert_eq!((db.level, db.mechanism, db.hops), (Level::Control, Mechanism::Credentials, 2));
    assert_eq!(path(&model, &radius, "db"), ["app", "vault", "db"]);
    assert_eq!(reached(&model, &radius, "vault").mechanism, Mechanism::Flow);
    let writer = secrets(Pattern::DataWrite).build();
    assert_eq!(level(&writer, &from(&writer, "app"), "db"), None, "writing is not reading");
}

#[test]
fn a_get_secret_value_permission_reads_the_store() {
    let model = TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component_with("r", K::IamRole, Some("acct"), role(vec![allow(&["secretsmanager:GetSecretValue"], &["*"])]))
        .component_with("app", K::Lambda, Some("acct"), runs_as("r"))
        .component("db", K::RdsDatabase, Some("acct"))
        .component_with("vault", K::SecretsManager, Some("acct"), |c| {
            c.credentials_for = vec![crate::analysis::testkit::id("db")];
        })
        .build();
    let radius = from(&model, "app");
    assert_eq!(level(&model, &radius, "db"), Some(Level::Control));
    assert_eq!(reached(&model, &radius, "vault").mechanism, Mechanism::IamWildcard);
}

// Rule 7: the network.

/// A pod next to an internal service that does not say whether it authenticates.
pub(super) fn pod_next_to_internal_service() -> TestDiagram {
    cluster().component("svc", K::GenericService, Some("vpc")).component("db", K::RdsDatabase, Some("vpc"))
}

#[test]
fn perimeter_trusts_the_network_and_zero_trust_does_not() {
    let model = pod_next_to_internal_service().build();
    let radius = from(&model, "a");
    let svc = reached(&model, &radius, "svc");
    assert_eq!((svc.level, svc.mechanism, svc.hops), (Level::Influence, Mechanism::Network, 1));
    assert_eq!(level(&model, &radius, "db"), None, "a password-protected database");
    // Nodes follow the posture like any other listener (their pods' NodePort services listen on them).
    let other_node = pod_next_to_internal_service().component("node-2", K::Ec2Node, Some("eks")).build();
    assert_eq!(level(&other_node, &from(&other_node, "a"), "node-2"), Some(Level::Influence));
    let zero_node =
        pod_next_to_internal_service().component("node-2", K::Ec2Node, Some("eks")).posture(Posture::ZeroTrust).build();
    assert_eq!(level(&zero_node, &from(&zero_node, "a"), "node-2"), None);
    let zero = pod_next_to_internal_service().posture(Posture::ZeroTrust).build();
    assert_eq!(level(&zero, &from(&zero, "a"), "svc"), None);
    let open = pod_next_to_internal_service()
        .posture(Posture::ZeroTrust)
        .props("svc", |p| p.requires_authentication = Some(false))
        .build();
    assert_eq!(level(&open, &from(&open, "a"), "svc"), Some(Level::Influence));
}

#[test]
fn security_groups_and_other_vpcs_stop_the_network_but_peering_joins() {
    let restricted = pod_next_to_internal_service().props("svc", |p| p.ingress_restricted = Some(true)).build();
    assert_eq!(level(&restricted, &from(&restricted, "a"), "svc"), None);
    let apart = cluster()
        .component("vpc-2", K::Vpc, Some("acct"))
        .component("svc", K::GenericService, Some("vpc-2"))
        .component("subnet", K::Subnet, Some("vpc"))
        .component("near", K::GenericService, Some("subnet"))
        .component("bucket", K::S3Bucket, Some("acct"));
    let model = apart.build();
    let radius = from(&model, "a");
    assert_eq!(level(&model, &radius, "svc"), None);
    assert_eq!(level(&model, &radius, "near"), Some(Level::Influence), "subnets are not boundaries");
    assert_eq!(level(&model, &radius, "bucket"), None, "IAM-signed APIs");
    let peered = cluster()
        .component("vpc-2", K::Vpc, Some("acct"))
        .component("svc", K::GenericService, Some("vpc-2"))
        .connection("peer", ConnectionKind::VpcPeering, "vpc", "vpc-2")
        .build();
    assert_eq!(level(&peered, &from(&peered, "a"), "svc"), Some(Level::Influence));
}

// Rule 8: injection.

#[test]
fn producers_reach_consumers_through_queues_and_buses() {
    let diagram = |pinned: Option<bool>, executes: Option<bool>| {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("producer", K::Lambda, Some("acct"))
            .component("queue", K::SqsQueue, Some("acct"))
            .component_with("consumer", K::Lambda, Some("acct"), |c| c.properties.executes_input = executes)
            .component_with("bus", K::EventbridgeBus, Some("acct"), |c| c.properties.source_pinned = pinned)
            .component("subscriber", K::Lambda, Some("acct"))
            .component("upstream", K::Lambda, Some("acct"))
            .flow("upstream", "producer", Pattern::SyncRequest)
            .flow("producer", "queue", Pattern::QueueSend)
            .flow("consumer", "queue", Pattern::QueueReceive)
            .flow("producer", "bus", Pattern::EventPublish)
            .flow("bus", "subscriber", Pattern::EventSubscribe)
            .build()
    };
    let model = diagram(None, None);
    let radius = from(&model, "producer");
    let consumer = reached(&model, &radius, "consumer");
    assert_eq!((consumer.level, consumer.mechanism, consumer.hops), (Level::Influence, Mechanism::Injection, 2));
    assert_eq!(level(&model, &radius, "subscriber"), Some(Level::Influence));
    let upstream = from(&model, "upstream");
    assert_eq!(level(&model, &upstream, "consumer"), Some(Level::Influence), "influence on a producer");
    let executes = diagram(None, Some(true));
    let c = reached(&executes, &from(&executes, "producer"), "consumer");
    assert_eq!((c.level, c.mechanism), (Level::Control, Mechanism::ExecutesInput));
    // Pinning the source stops posing as another publisher, not a publisher's own events.
    let pinned = diagram(Some(true), None);
    assert_eq!(level(&pinned, &from(&pinned, "producer"), "subscriber"), Some(Level::Influence));
}

#[test]
fn only_putting_messages_in_reaches_consumers_not_reading_them_out() {
    let model = TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("queue", K::SqsQueue, Some("acct"))
        .component("one", K::Lambda, Some("acct"))
        .component("two", K::Lambda, Some("acct"))
        .component_with("reader-role", K::IamRole, Some("acct"), role(vec![allow(&["sqs:ReceiveMessage"], &["queue"])]))
        .component_with("sender-role", K::IamRole, Some("acct"), role(vec![allow(&["sqs:Send*"], &["queue"])]))
        .component_with("reader", K::Lambda, Some("acct"), runs_as("reader-role"))
        .component_with("sender", K::Lambda, Some("acct"), runs_as("sender-role"))
        .component_with("topic", K::SnsTopic, Some("acct"), |_| {})
        .flow("one", "queue", Pattern::QueueReceive)
        .flow("two", "queue", Pattern::QueueReceive)
        .flow("topic", "queue", Pattern::EventSubscribe)
        .build();
    let consumer = from(&model, "one");
    assert_eq!(level(&model, &consumer, "queue"), Some(Level::Influence), "a consumer acts on its queue");
    assert_eq!(level(&model, &consumer, "two"), None, "but puts nothing into it for the other consumer");
    assert_eq!(level(&model, &from(&model, "reader"), "one"), None, "reading is not injecting");
    let sender = from(&model, "sender");
    assert_eq!(reached(&model, &sender, "one").mechanism, Mechanism::Injection, "a send permission injects");
    let topic = from(&model, "topic");
    assert_eq!(level(&model, &topic, "two"), Some(Level::Influence), "a topic delivering into a queue injects");
}

// The actors.

#[test]
fn the_internet_reaches_public_entry_points_open_listeners_and_open_policies() {
    let model = TestDiagram::new()
        .component("internet", K::Internet, None)
        .component("acct", K::AwsAccount, None)
        .component_with("api", K::ApiGateway, Some("acct"), |c| c.properties.public_entry = Some(true))
        .component_with("private-api", K::ApiGateway, Some("acct"), |c| c.properties.public_entry = Some(false))
        .component("default-api", K::ApiGateway, Some("acct"))
        .component("orders", K::Lambda, Some("acct"))
        .component("site", K::S3Bucket, Some("acct"))
        .component("hidden", K::S3Bucket, Some("acct"))
        .props("site", |p| p.policy = Some(ResourcePolicy { any_principal: true, source_condition: false }))
        .props("hidden", |p| p.policy = Some(ResourcePolicy { any_principal: true, source_condition: true }))
        .flow_with("internet", "api", Pattern::SyncRequest, |f| f.authentication = Some(Authentication::Token))
        .flow_with("internet", "private-api", Pattern::SyncRequest, |f| f.authentication = Some(Authentication::Token))
        .flow_with("internet", "default-api", Pattern::SyncRequest, |f| f.authentication = Some(Authentication::Token))
        .flow("api", "orders", Pattern::SyncRequest)
        .build();
    let radius = from(&model, Start::INTERNET);
    let api = reached(&model, &radius, "api");
    assert_eq!((api.level, api.hops), (Level::Influence, 1));
    assert_eq!(path(&model, &radius, "orders"), ["api", "orders"]);
    assert_eq!(reached(&model, &radius, "orders").hops, 2);
    assert_eq!(reached(&model, &radius, "site").mechanism, Mechanism::PublicPolicy);
    assert_eq!(level(&model, &radius, "hidden"), None);
    assert_eq!(level(&model, &radius, "private-api"), None, "token-authenticated, marked not a public entry");
    assert_eq!(level(&model, &radius, "default-api"), Some(Level::Influence), "API gateways are entries by default");
    let views = radius.views(&model);
    let orders = views.iter().find(|v| v.id == "orders").unwrap();
    assert_eq!(orders.path.as_deref().unwrap(), ["actor:internet", "api", "orders"]);
    assert_eq!(orders.via, "api");
}

#[test]
fn the_insider_stands_in_the_on_premises_network_and_what_it_joins() {
    let model = TestDiagram::new()
        .component("office", K::OnPrem, None)
        .component("acct", K::AwsAccount, None)
        .component("vpc", K::Vpc, Some("acct"))
        .component("vpc-2", K::Vpc, Some("acct"))
        .component("svc", K::GenericService, Some("vpc"))
        .component("far", K::GenericService, Some("vpc-2"))
        .connection("vpn", ConnectionKind::Vpn, "office", "vpc")
        .build();
    let radius = from(&model, Start::INSIDER);
    let svc = reached(&model, &radius, "svc");
    assert_eq!((svc.level, svc.hops, svc.mechanism), (Level::Influence, 1, Mechanism::Network));
    assert_eq!(level(&model, &radius, "far"), None);
}

// The whole search.

#[test]
fn results_are_sorted_by_hops_then_id_and_control_beats_influence() {
    let model = cluster().props("a", |p| p.privileged = Some(true)).flow("a", "b", Pattern::SyncRequest).build();
    let radius = from(&model, "a");
    let keys: Vec<(u32, ComponentIx)> = radius.reached.iter().map(|r| (r.hops, r.component)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(level(&model, &radius, "b"), Some(Level::Control), "control beats the flow's influence");
    assert!(radius.reached.iter().all(|r| r.component != model.component_ix("a").unwrap()));
}

#[test]
fn bounded_search_stops_early_with_the_nearest() {
    let model = cluster().props("a", |p| p.privileged = Some(true)).build();
    let graph = BlastGraph::new(&model, Posture::Perimeter);
    let a = Start::Component(model.component_ix("a").unwrap());
    let full = graph.radius(a);
    let bounded = graph.radius_bounded(a, 2);
    assert!(!bounded.complete && full.complete);
    assert_eq!(bounded.reached.len(), 2);
    assert!(bounded.reached.iter().all(|r| r.hops <= full.reached.last().unwrap().hops));
}

#[test]
fn the_ranking_matches_one_search_per_component() {
    let model = namespaced()
        .props("a", with_permissions(&[KubernetesPermission::ExecPods], true))
        .component_with("store", K::DynamodbTable, Some("acct"), |c| {
            c.properties.data = Some(DataProfile {
                classification: Classification::Restricted,
                confidentiality: None,
                integrity: None,
                availability: None,
            });
        })
        .component_with("r", K::IamRole, Some("acct"), role(vec![allow(&["dynamodb:*"], &["*"])]))
        .component_with("fn", K::Lambda, Some("acct"), runs_as("r"))
        .flow("c", "fn", Pattern::SyncRequest)
        .flow("fn", "c", Pattern::Admin)
        .build();
    let graph = BlastGraph::new(&model, Posture::Perimeter);
    let ranking = graph.ranking();
    assert_eq!(ranking.len(), model.components().len());
    for entry in &ranking {
        let radius = graph.radius(Start::Component(entry.component));
        assert_eq!((entry.controlled, entry.influenced), (radius.controlled(), radius.influenced()));
        assert!(entry.exact);
        let stores: Vec<(ComponentIx, Level)> = radius
            .reached
            .iter()
            .filter(|r| graph.is_sensitive_store(r.component))
            .map(|r| (r.component, r.level))
            .collect();
        let mut stores = stores;
        stores.sort();
        assert_eq!(entry.sensitive, stores);
    }
    assert!(ranking.windows(2).all(|w| w[0].total() >= w[1].total()));
    let fn_entry = ranking.iter().find(|e| e.component == model.component_ix("fn").unwrap()).unwrap();
    assert_eq!(fn_entry.sensitive, vec![(model.component_ix("store").unwrap(), Level::Influence)]);
}

#[test]
fn the_search_agrees_with_petgraph() {
    use petgraph::visit::{Dfs, Walker as _};
    let model = namespaced().props("a", with_permissions(&[KubernetesPermission::CreatePods], true)).build();
    let graph = BlastGraph::new(&model, Posture::Perimeter);
    for c in model.component_ixs() {
        let radius = graph.radius(Start::Component(c));
        let mut by_petgraph: Vec<ComponentIx> = Dfs::new(&graph, c.0 * 2)
            .iter(&graph)
            .filter(|&s| (s as usize) < 2 * model.components().len() && s / 2 != c.0)
            .map(|s| ComponentIx(s / 2))
            .collect();
        by_petgraph.sort();
        by_petgraph.dedup();
        let mut ours: Vec<ComponentIx> = radius.reached.iter().map(|r| r.component).collect();
        ours.sort();
        assert_eq!(ours, by_petgraph);
    }
}

#[test]
fn starts_parse_with_suggestions() {
    let model = cluster().build();
    assert_eq!(Start::parse(&model, "actor:internet"), Ok(Start::Internet));
    assert_eq!(Start::parse(&model, "actor:insider"), Ok(Start::Insider));
    assert_eq!(Start::parse(&model, "node"), Ok(Start::Component(model.component_ix("node").unwrap())));
    assert!(Start::parse(&model, "nodd").unwrap_err().contains("did you mean \"node\""));
    assert!(Start::parse(&model, "actor:internt").unwrap_err().contains("actor:internet"));
}

#[test]
fn sweeping_counts_only_what_the_caller_counts_and_finds_controlled_stores() {
    let model = secrets(Pattern::DataRead)
        .props("db", |p| {
            p.data = Some(DataProfile {
                classification: Classification::Confidential,
                confidentiality: None,
                integrity: None,
                availability: None,
            });
        })
        .build();
    let graph = BlastGraph::new(&model, Posture::Perimeter);
    let app = model.component_ix("app").unwrap();
    let db = model.component_ix("db").unwrap();
    let vault = model.component_ix("vault").unwrap();
    let mut seen = Vec::new();
    graph.sweep(
        |c| c != vault,
        |c, reach| {
            let stores: Vec<ComponentIx> = reach.controlled_stores().collect();
            seen.push((c, reach.reached().value as usize, reach.controlled().value as usize, stores));
        },
    );
    seen.sort_by_key(|s| s.0);
    let at = |c: ComponentIx| seen.iter().find(|s| s.0 == c).cloned().unwrap();
    // app, then db through the vault (the vault itself is not counted).
    assert_eq!(at(app), (app, 2, 2, vec![db]));
    assert_eq!(at(vault), (vault, 1, 1, vec![db]));
    assert_eq!(seen.len(), model.components().len());
}

#[test]
fn large_radii_are_estimated_within_the_stated_error() {
    // A chain of 3,000 functions, each invoking the next: the first reaches all of them.
    let mut diagram = TestDiagram::new().component("acct", K::AwsAccount, None);
    let names: Vec<String> = (0..3000).map(|i| format!("fn{i}")).collect();
    for name in &names {
        diagram = diagram.component(name, K::Lambda, Some("acct"));
    }
    for pair in names.windows(2) {
        diagram = diagram.flow(&pair[0], &pair[1], Pattern::Admin);
    }
    let model = diagram.build();
    let graph = BlastGraph::new(&model, Posture::Perimeter);
    let ranking = graph.ranking();
    let first = ranking.iter().find(|e| e.component == model.component_ix("fn0").unwrap()).unwrap();
    assert!(!first.exact);
    // Relative standard error under 9 %: allow three of them.
    let error = (first.controlled as f64 - 2999.0).abs() / 2999.0;
    assert!(error < 0.27, "estimated {} of 2999", first.controlled);
    let near_end = ranking.iter().find(|e| e.component == model.component_ix("fn2950").unwrap()).unwrap();
    assert!(near_end.exact);
    assert_eq!(near_end.controlled, 49);
}

#[test]
fn conditions_on_a_statement_narrow_what_its_role_reaches() {
    use crate::model::props::ConditionKey;
    let conditioned = |key: ConditionKey, actions: &[&str], resources: &[&str]| {
        let mut statement = allow(actions, resources);
        statement.conditions = vec![key];
        statement
    };
    let diagram = |statements: Vec<Permission>| {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("bus", K::EventbridgeBus, Some("acct"))
            .component("subscriber", K::Lambda, Some("acct"))
            .component("table", K::DynamodbTable, Some("acct"))
            .component_with("role", K::IamRole, Some("acct"), role(statements))
            .component_with("publisher", K::Lambda, Some("acct"), runs_as("role"))
            .flow("bus", "subscriber", Pattern::EventSubscribe)
            .build()
    };
    let open = diagram(vec![allow(&["events:PutEvents"], &["bus"])]);
    assert_eq!(level(&open, &from(&open, "publisher"), "subscriber"), Some(Level::Influence));
    let pinned = diagram(vec![conditioned(ConditionKey::EventsSource, &["events:PutEvents"], &["bus"])]);
    let radius = from(&pinned, "publisher");
    assert_eq!(level(&pinned, &radius, "bus"), Some(Level::Influence), "it still acts on the bus");
    assert_eq!(level(&pinned, &radius, "subscriber"), None, "but poses as no other source");
    let service = diagram(vec![conditioned(ConditionKey::SourceArn, &["dynamodb:*"], &["table"])]);
    assert_eq!(level(&service, &from(&service, "publisher"), "table"), None, "only a service satisfies SourceArn");
    let arn = diagram(vec![allow(&["dynamodb:GetItem"], &["arn:aws:dynamodb:eu-west-1:123456789012:table/table"])]);
    assert_eq!(level(&arn, &from(&arn, "publisher"), "table"), Some(Level::Influence), "an ARN names the table");
    let elsewhere = diagram(vec![allow(&["dynamodb:*"], &["arn:aws:dynamodb:eu-west-1:999999999999:table/*"])]);
    assert_eq!(level(&elsewhere, &from(&elsewhere, "publisher"), "table"), None, "not widened to every table");
}

/// What a sweep of `graph` (counting what `counted` accepts) hands over for every component, in order.
type Handed = Vec<(ComponentIx, Size, Size, Vec<ComponentIx>, Vec<(ComponentIx, Level)>)>;

fn reaches(graph: &BlastGraph, counted: &dyn Fn(ComponentIx) -> bool) -> Handed {
    let mut seen = Vec::new();
    graph.sweep(counted, |c, reach| {
        let stores: Vec<ComponentIx> = reach.controlled_stores().collect();
        let listed: Vec<(ComponentIx, Level)> = reach.sensitive().collect();
        seen.push((c, reach.reached(), reach.controlled(), stores, listed));
    });
    // In the order of the components (a sweep hands them over as it finds them; one from memory in any order).
    seen.sort_by_key(|entry| entry.0);
    seen
}

/// A sweep that finds its sizes in the memory of the last one (a graph of the same steps) hands over the same
/// reaches, with the stores of the current data; a graph of other steps or other counted components is swept
/// afresh.
#[test]
fn a_remembered_sweep_hands_over_the_same_reaches() {
    for sample in crate::io::samples::all() {
        let model = sample.model().unwrap();
        let graph = BlastGraph::new(&model, Posture::Perimeter);
        let fresh = reaches(&graph, &|_| true);
        let mut memo = SweepMemo::default();
        let (first, second) = remembering(&mut memo, || (reaches(&graph, &|_| true), reaches(&graph, &|_| true)));
        assert_eq!(first, fresh, "{}", sample.file);
        assert_eq!(second, fresh, "{}: from memory", sample.file);
        // The same steps, counted components and sensitive stores: handed over as they were.
        assert_eq!(memo.replays(), 1, "{}", sample.file);
        // Other counted components: swept afresh, not taken from memory.
        let fewer = |c: ComponentIx| c.index().is_multiple_of(2);
        let again = remembering(&mut memo, || reaches(&graph, &fewer));
        assert_eq!(again, reaches(&graph, &fewer), "{}: other counted components", sample.file);
        assert_eq!(memo.replays(), 1, "{}", sample.file);
    }
}

/// After some steps change (a flow added between two components of each sample, or removed), a remembered sweep
/// takes over the reach of every strongly connected component that reaches no changed state, and hands over the
/// same reaches as a fresh sweep of the new graph; so after a change of the counted components or of a store's
/// sensitivity.
#[test]
fn a_sweep_after_changed_steps_takes_over_only_what_is_unchanged() {
    use crate::model::{Flow, Id, Pattern};
    let mut taken = 0;
    for sample in crate::io::samples::all() {
        let model = sample.model().unwrap();
        let services: Vec<Id> =
            model.components().iter().filter(|c| c.kind.runs_code()).map(|c| c.id.clone()).collect();
        let mut memo = SweepMemo::default();
        let graph = BlastGraph::new(&model, Posture::Perimeter);
        remembering(&mut memo, || reaches(&graph, &|_| true));
        for (n, pair) in services.windows(2).enumerate().take(6) {
            let mut diagram = model.diagram().clone();
            if n % 2 == 0 {
                diagram.flows.push(Flow::new(
                    Id::new(&format!("new-{n}")).unwrap(),
                    pair[1].clone(),
                    pair[0].clone(),
                    Pattern::SyncRequest,
                ));
            } else if !diagram.flows.is_empty() {
                diagram.flows.remove(n % diagram.flows.len());
            }
            let Ok(changed) = Model::new(diagram) else { continue };
            let graph = BlastGraph::new(&changed, Posture::Perimeter);
            let fewer = |c: ComponentIx| c.index() % 5 != n;
            let counted: &dyn Fn(ComponentIx) -> bool = if n == 5 { &fewer } else { &|_| true };
            let remembered = remembering(&mut memo, || reaches(&graph, counted));
            assert_eq!(remembered, reaches(&graph, counted), "{}: change {n}", sample.file);
            taken += memo.taken;
        }
    }
    assert!(taken > 100, "{taken} components' reach taken over");
}

/// A flow whose new steps change no state's reach (its caller's states reached its callee's before, or it runs
/// inside a strongly connected component), and its removal again: a remembered sweep takes over every strongly
/// connected component's reach, and hands over the same reaches as a fresh sweep.
#[test]
fn a_flow_that_changes_no_reach_takes_over_every_reach() {
    use crate::model::{Flow, Id, Pattern};
    let (mut checked, mut whole) = (0, 0);
    for sample in crate::io::samples::all() {
        let model = sample.model().unwrap();
        let base = BlastGraph::new(&model, Posture::Perimeter);
        let services: Vec<Id> =
            model.components().iter().filter(|c| c.kind.runs_code()).map(|c| c.id.clone()).collect();
        for (n, pair) in services.windows(2).enumerate().take(12) {
            let mut memo = SweepMemo::default();
            remembering(&mut memo, || reaches(&base, &|_| true));
            let mut diagram = model.diagram().clone();
            let (from, to) = if n % 2 == 0 { (&pair[0], &pair[1]) } else { (&pair[1], &pair[0]) };
            diagram.flows.push(Flow::new(
                Id::new(&format!("new-{n}")).unwrap(),
                from.clone(),
                to.clone(),
                Pattern::SyncRequest,
            ));
            let Ok(changed) = Model::new(diagram) else { continue };
            let graph = BlastGraph::new(&changed, Posture::Perimeter);
            if graph.steps() == base.steps() {
                continue;
            }
            checked += 1;
            let remembered = remembering(&mut memo, || reaches(&graph, &|_| true));
            assert_eq!(remembered, reaches(&graph, &|_| true), "{}: {from} to {to}", sample.file);
            whole += usize::from(memo.taken == scc::condense(&graph).count());
            let back = remembering(&mut memo, || reaches(&base, &|_| true));
            assert_eq!(back, reaches(&base, &|_| true), "{}: {from} to {to}, removed", sample.file);
            // The flow gone again: what the first sweep found is taken back whole.
            assert_eq!(memo.restores, 1, "{}: {from} to {to}, removed", sample.file);
            whole += 1;
        }
    }
    assert!(checked >= 10 && whole >= 4, "{whole} of {} sweeps took over every reach", 2 * checked);
}

/// A component added to each sample (at the top level, where nothing reaches it, and inside each of the first
/// components that may hold a generic service) and removed again: the remembered sweep, moved with the components
/// (`SweepMemo::shift`), hands over the same reaches as a fresh sweep. A top-level one leaves every other reach to
/// be taken over (virtual states are matched by the components they belong to); those inside another grow from what
/// they reached before.
#[test]
fn a_sweep_after_a_component_came_or_went_takes_over_what_it_can() {
    use crate::model::changes::ComponentShift;
    use crate::model::{Component, ComponentKind as K, Id};
    let (mut tops, mut whole, mut inside) = (0, 0, 0);
    for sample in crate::io::samples::all() {
        let model = sample.model().unwrap();
        let base = BlastGraph::new(&model, Posture::Perimeter);
        let hosts: Vec<Option<Id>> = std::iter::once(None)
            .chain(
                model
                    .components()
                    .iter()
                    .filter(|c| crate::model::catalog::info(K::GenericService).may_sit_in(Some(c.kind)))
                    .take(4)
                    .map(|c| Some(c.id.clone())),
            )
            .collect();
        for parent in hosts {
            let mut memo = SweepMemo::default();
            remembering(&mut memo, || reaches(&base, &|_| true));
            let mut diagram = model.diagram().clone();
            let mut added = Component::new(Id::new("aaa-added").unwrap(), K::GenericService, "Added");
            added.parent = parent.clone();
            diagram.components.push(added);
            let Ok(changed) = Model::new(diagram) else { continue };
            let at = changed.component_ix("aaa-added").unwrap();
            let id = Id::new("aaa-added").unwrap();
            let kind = K::GenericService;
            let shift =
                ComponentShift { at, added: true, id: id.clone(), kind, parent: changed.parent(at), data: false };
            memo.shift(&shift);
            let graph = BlastGraph::new(&changed, Posture::Perimeter);
            let remembered = remembering(&mut memo, || reaches(&graph, &|_| true));
            assert_eq!(remembered, reaches(&graph, &|_| true), "{}: added in {parent:?}", sample.file);
            if parent.is_none() {
                tops += 1;
                // Only the new component's own states (and its network's) are swept; what reaches them grows.
                whole += usize::from(memo.taken + memo.grew + 3 >= scc::condense(&graph).count());
            } else {
                inside += 1;
            }
            // And removed again.
            let shift = ComponentShift {
                at,
                added: false,
                id,
                kind: K::GenericService,
                parent: model.parent(at).filter(|_| false),
                data: false,
            };
            memo.shift(&shift);
            let back = remembering(&mut memo, || reaches(&base, &|_| true));
            assert_eq!(back, reaches(&base, &|_| true), "{}: removed from {parent:?}", sample.file);
        }
    }
    assert!(tops >= 5 && whole == tops && inside >= 10, "{whole} of {tops} top-level, {inside} inside");
}

/// A role given a wildcard it had no state for (another number of virtual states, the same components), and the
/// wildcard taken back: a remembered sweep places the last states anew, takes over the reach of what does not reach
/// the role, and hands over the same reaches as a fresh sweep.
#[test]
fn a_role_given_a_new_wildcard_takes_over_what_does_not_reach_it() {
    use crate::model::ComponentKind as K;
    let (mut checked, mut taken) = (0, 0);
    for sample in crate::io::samples::all() {
        let model = sample.model().unwrap();
        let base = BlastGraph::new(&model, Posture::Perimeter);
        let roles: Vec<ComponentIx> = model.component_ixs().filter(|&c| model.kind(c) == K::IamRole).take(3).collect();
        for role in roles {
            let mut diagram = model.diagram().clone();
            diagram.components[role.index()].properties.permissions =
                Some(vec![allow(&["kinesis:PutRecord", "states:StartExecution"], &["*"])]);
            let Ok(changed) = Model::new(diagram) else { continue };
            let graph = BlastGraph::new(&changed, Posture::Perimeter);
            if graph.state_count() == base.state_count() {
                continue;
            }
            let mut memo = SweepMemo::default();
            remembering(&mut memo, || reaches(&base, &|_| true));
            let remembered = remembering(&mut memo, || reaches(&graph, &|_| true));
            assert_eq!(remembered, reaches(&graph, &|_| true), "{}: {role:?} given a wildcard", sample.file);
            checked += 1;
            taken += memo.taken;
            let back = remembering(&mut memo, || reaches(&base, &|_| true));
            assert_eq!(back, reaches(&base, &|_| true), "{}: {role:?} as it was", sample.file);
        }
    }
    assert!(checked >= 5 && taken >= 10 * checked, "{taken} reaches taken over in {checked} sweeps");
}

/// A graph built again with the same steps as the kept one (an edit that changed nothing the steps read) takes the
/// kept condensation; one with other steps is condensed afresh. Either way the sweep hands over the reaches of a
/// fresh one.
#[test]
fn a_graph_built_again_with_the_same_steps_keeps_its_condensation() {
    let sweep = |model: &Model, posture: Posture| {
        let mut seen = Vec::new();
        sweep_model(
            model,
            &Facts::new(model),
            posture,
            |_| true,
            |c, reach| {
                seen.push((c, reach.reached(), reach.controlled()));
            },
        );
        seen.sort_by_key(|entry| entry.0);
        seen
    };
    let (mut checked, mut afresh) = (0, 0);
    for sample in crate::io::samples::all() {
        let model = sample.model().unwrap();
        let fresh = sweep(&model, Posture::Perimeter);
        let mut memo = SweepMemo::default();
        remembering(&mut memo, || sweep(&model, Posture::Perimeter));
        assert_eq!(remembering(&mut memo, || sweep(&model, Posture::Perimeter)), fresh, "{}", sample.file);
        assert_eq!(memo.condensations_kept, 1, "{}", sample.file);
        // Another posture, other steps: condensed afresh.
        let mut other = model.diagram().clone();
        other.settings.posture = Posture::ZeroTrust;
        let other = Model::new(other).unwrap();
        let zero = remembering(&mut memo, || sweep(&other, Posture::ZeroTrust));
        assert!(!zero.is_empty());
        let same =
            BlastGraph::new(&model, Posture::Perimeter).steps() == BlastGraph::new(&other, Posture::ZeroTrust).steps();
        assert_eq!(memo.condensations_kept, 1 + usize::from(same), "{}: zero trust", sample.file);
        checked += 1;
        afresh += usize::from(!same);
    }
    assert!(checked >= 5 && afresh >= 3, "{afresh} of {checked} condensed afresh");
}

/// An on-premises network, a VPC and a second VPC, each with code in it, and a caller of the office's service.
fn networks() -> TestDiagram {
    TestDiagram::new()
        .component("office", K::OnPrem, None)
        .component("desk", K::GenericService, Some("office"))
        .component("acct", K::AwsAccount, None)
        .component("vpc", K::Vpc, Some("acct"))
        .component("vpc-2", K::Vpc, Some("acct"))
        .component("svc", K::GenericService, Some("vpc"))
        .component("far", K::GenericService, Some("vpc-2"))
        .component("db", K::RdsDatabase, Some("vpc"))
        .component("caller", K::GenericService, Some("acct"))
        .props("db", |p| p.requires_authentication = Some(false))
        .flow("svc", "db", Pattern::SyncRequest)
        .flow("caller", "desk", Pattern::Admin)
}

/// A network connection between networks that have positions changes steps between their positions, not states:
/// the joined networks reach each other's listeners as one network did, and a remembered sweep after a VPN (or
/// peering) came grows every strongly connected component from what it reached (the two positions now one of them);
/// after it went, it hands over the same reaches as a fresh sweep.
#[test]
fn a_network_connection_changes_steps_not_states() {
    let base = networks().build();
    let mut checked = 0;
    for (kind, from, to) in [
        (ConnectionKind::Vpn, "office", "vpc"),
        (ConnectionKind::VpcPeering, "vpc", "vpc-2"),
        (ConnectionKind::Vpn, "office", "vpc-2"),
    ] {
        let joined = networks().connection("link", kind, from, to).build();
        let (before, after) =
            (BlastGraph::new(&base, Posture::Perimeter), BlastGraph::new(&joined, Posture::Perimeter));
        assert_eq!(before.state_count(), after.state_count(), "{from} to {to}");
        // What the joined networks reach: the caller controls the office's service, whose position reaches the
        // VPC's open database only over the VPN.
        let db = level(
            &joined,
            &BlastGraph::new(&joined, Posture::Perimeter).radius(Start::parse(&joined, "caller").unwrap()),
            "db",
        );
        assert_eq!(db.is_some(), from == "office" && to == "vpc", "{from} to {to}");
        let mut memo = SweepMemo::default();
        remembering(&mut memo, || reaches(&before, &|_| true));
        let remembered = remembering(&mut memo, || reaches(&after, &|_| true));
        assert_eq!(remembered, reaches(&after, &|_| true), "{from} to {to}");
        assert_eq!(memo.taken + memo.grew, scc::condense(&after).count(), "{from} to {to}: nothing swept afresh");
        let back = remembering(&mut memo, || reaches(&before, &|_| true));
        assert_eq!(back, reaches(&before, &|_| true), "{from} to {to}, gone again");
        // Gone again: what the sweep before found is taken back; and the connection made again, what it found then.
        assert_eq!(memo.restores, 1, "{from} to {to}: undone");
        let again = remembering(&mut memo, || reaches(&after, &|_| true));
        assert_eq!(again, reaches(&after, &|_| true), "{from} to {to}, made again");
        assert_eq!(memo.restores, 2, "{from} to {to}: redone");
        // Then another graph: swept from the last one as usual.
        let (other, a, b) = if from == "office" {
            (ConnectionKind::VpcPeering, "vpc", "vpc-2")
        } else {
            (ConnectionKind::Vpn, "office", "vpc")
        };
        let third = networks().connection("link", kind, from, to).connection("link-2", other, a, b).build();
        let third = BlastGraph::new(&third, Posture::Perimeter);
        assert_eq!(remembering(&mut memo, || reaches(&third, &|_| true)), reaches(&third, &|_| true), "{from} to {to}");
        assert_eq!(remembering(&mut memo, || reaches(&after, &|_| true)), reaches(&after, &|_| true), "{from} to {to}");
        assert_eq!(memo.restores, 3, "{from} to {to}: the third undone");
        checked += 1;
    }
    assert_eq!(checked, 3);
}

/// Steps lost by more states than are compared one by one, each of which still reaches what it did another way (an
/// admin flow beside an admin chain): every such state is swept afresh, finds the sketches it had, and what reaches
/// it takes over what it reached instead of being swept afresh too; the reaches are a fresh sweep's.
#[test]
fn a_state_found_again_with_the_same_sketches_spares_what_reaches_it() {
    let with_shortcuts = |shortcuts: bool| {
        let mut diagram = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("hub", K::GenericService, Some("acct"))
            .component("core", K::GenericService, Some("acct"))
            .flow("hub", "core", Pattern::Admin);
        for i in 0..12 {
            let (caller, front) = (format!("caller-{i}"), format!("front-{i}"));
            diagram = diagram
                .component(&caller, K::GenericService, Some("acct"))
                .component(&front, K::GenericService, Some("acct"))
                .flow(&caller, &front, Pattern::Admin)
                .flow(&front, "hub", Pattern::Admin);
            if shortcuts {
                diagram = diagram.flow(&front, "core", Pattern::Admin);
            }
        }
        diagram.build()
    };
    let (before, after) = (with_shortcuts(true), with_shortcuts(false));
    let (before, after) = (BlastGraph::new(&before, Posture::Perimeter), BlastGraph::new(&after, Posture::Perimeter));
    assert_eq!(before.state_count(), after.state_count());
    let mut memo = SweepMemo::default();
    remembering(&mut memo, || reaches(&before, &|_| true));
    let remembered = remembering(&mut memo, || reaches(&after, &|_| true));
    assert_eq!(remembered, reaches(&after, &|_| true));
    // The twelve callers' control states reach the fronts that lost a step: each grows from what it reached.
    assert!(memo.grew >= 12, "{} grown, {} taken of {}", memo.grew, memo.taken, scc::condense(&after).count());
}

/// A component without flows, children or links, of every kind, added to each sample at the top level and inside
/// the first components that may hold it (plain, then as an unauthenticated listener, one that executes its input, one
/// with an open policy, where the kind takes that property), and removed again: where `BlastGraph::with_component` patches
/// the graph (and mostly its condensation), the patched graph is one
/// built afresh but for the order of its virtual states; it patches every kind its module documentation admits
/// (kinds it does not, such as pods, build the graph again).
#[test]
fn a_component_patched_into_the_graph_is_one_built_afresh() {
    use crate::model::changes::ComponentShift;
    use crate::model::named::Named as _;
    use crate::model::props::ResourcePolicy;
    use crate::model::{Component, Id};
    let (mut patched, mut rebuilt, mut removed, mut made, mut condensed) = (0, 0, 0, 0, 0);
    let mut kinds_patched = std::collections::BTreeSet::new();
    for sample in crate::io::samples::all() {
        let model = sample.model().unwrap();
        let facts = Facts::new(&model);
        for &kind in K::ALL {
            let info = crate::model::catalog::info(kind);
            let parents: Vec<Option<Id>> = std::iter::once(None)
                .chain(
                    model
                        .components()
                        .iter()
                        .filter(|c| info.may_sit_in(Some(c.kind)))
                        .take(2)
                        .map(|c| Some(c.id.clone())),
                )
                .filter(|parent| parent.is_some() || info.may_sit_in(None))
                .collect();
            for (parent, open) in parents.into_iter().flat_map(|p| (0..4).map(move |open| (p.clone(), open))) {
                let mut added = Component::new(Id::new("m-added").unwrap(), kind, "Added");
                added.parent = parent.clone();
                let open_policy = ResourcePolicy { any_principal: true, source_condition: false };
                match open {
                    1 => added.properties.requires_authentication = Some(false),
                    2 => added.properties.executes_input = Some(true),
                    3 => added.properties.policy = Some(open_policy),
                    _ => {}
                }
                let Some((changed, changed_facts, shift)) = with_added(&model, added) else { continue };
                let at = shift.at;
                let (base, steps) = BlastGraph::with_flow_steps(&model, &facts, Posture::Perimeter);
                let context = (&changed, &changed_facts, Posture::Perimeter);
                let what = format!("{}: {} in {parent:?} (variant {open})", sample.file, kind.as_str());
                let cond = scc::condense(&base);
                match base.with_component(context, (steps, &cond), &shift) {
                    Some((graph, _, cond)) => {
                        let fresh = BlastGraph::with_facts(&changed, &changed_facts, Posture::Perimeter);
                        assert!(shift::alike(&graph, &fresh), "{what}: added");
                        if let Some(cond) = cond {
                            assert!(scc::same_components(&graph, &cond, &scc::condense(&graph)), "{what}: condensed");
                            condensed += 1;
                        }
                        made += usize::from(graph.state_count() > fresh.state_count().min(base_states(&model)) + 2);
                        patched += 1;
                        kinds_patched.insert(kind);
                    }
                    None => rebuilt += 1,
                }
                // And removed again, from a graph built with it.
                let (with, steps) = BlastGraph::with_flow_steps(&changed, &changed_facts, Posture::Perimeter);
                let shift = ComponentShift { added: false, parent: model.parent(at).filter(|_| false), ..shift };
                let cond = scc::condense(&with);
                let context = (&model, &facts, Posture::Perimeter);
                if let Some((graph, _, cond)) = with.with_component(context, (steps, &cond), &shift) {
                    if let Some(cond) = cond {
                        assert!(scc::same_components(&graph, &cond, &scc::condense(&graph)), "{what}: condensed");
                    }
                    assert!(
                        shift::alike(&graph, &BlastGraph::with_facts(&model, &facts, Posture::Perimeter)),
                        "{what}: removed"
                    );
                    removed += 1;
                }
            }
        }
    }
    for kind in [K::GenericService, K::Lambda, K::S3Bucket, K::RdsDatabase, K::User, K::AwsAccount, K::LoadBalancer] {
        assert!(kinds_patched.contains(&kind), "{} never patched", kind.as_str());
    }
    assert!(!kinds_patched.contains(&K::Pod) && rebuilt > 0, "pods build the graph again");
    assert!(condensed * 4 >= patched * 3, "{condensed} of {patched} condensations patched");
    assert!(
        patched >= 200 && removed * 10 >= patched * 9 && made > 0,
        "{patched} patched ({made} with a new position), {removed} removed, {rebuilt} rebuilt"
    );
}

/// How many states the graph of `model` has.
fn base_states(model: &Model) -> usize {
    BlastGraph::new(model, Posture::Perimeter).state_count()
}

/// A service added to a VPC that holds only an open database (with an on-premises network, only code makes a VPC
/// position): its position is made, reaches the database, and goes again with it; the patched graphs are those built
/// afresh.
#[test]
fn the_first_code_in_a_network_makes_its_position_and_the_last_takes_it_away() {
    use crate::model::Id;
    use crate::model::changes::ComponentShift;
    let lone = || {
        TestDiagram::new()
            .component("office", K::OnPrem, None)
            .component("desk", K::GenericService, Some("office"))
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component("db", K::RdsDatabase, Some("vpc"))
            .props("db", |p| p.requires_authentication = Some(false))
    };
    let (base, changed) = (lone().build(), lone().component("api", K::GenericService, Some("vpc")).build());
    let (base_facts, changed_facts) = (Facts::new(&base), Facts::new(&changed));
    let at = changed.component_ix("api").unwrap();
    let id = Id::new("api").unwrap();
    let parent = changed.parent(at);
    let shift = ComponentShift { at, added: true, id, kind: K::GenericService, parent, data: false };
    let (graph, steps) = BlastGraph::with_flow_steps(&base, &base_facts, Posture::Perimeter);
    let cond = scc::condense(&graph);
    let (with, _, cond) = graph
        .with_component((&changed, &changed_facts, Posture::Perimeter), (steps, &cond), &shift)
        .expect("patched in");
    assert!(scc::same_components(&with, &cond.expect("condensed"), &scc::condense(&with)));
    let fresh = BlastGraph::with_facts(&changed, &changed_facts, Posture::Perimeter);
    assert!(shift::alike(&with, &fresh));
    assert_eq!(with.state_count(), BlastGraph::new(&base, Posture::Perimeter).state_count() + 3, "a position made");
    assert_eq!(level(&changed, &with.radius(Start::parse(&changed, "api").unwrap()), "db"), Some(Level::Influence));
    let (built, steps) = BlastGraph::with_flow_steps(&changed, &changed_facts, Posture::Perimeter);
    let shift = ComponentShift { added: false, parent: None, ..shift };
    let cond = scc::condense(&built);
    let (without, _, cond) =
        built.with_component((&base, &base_facts, Posture::Perimeter), (steps, &cond), &shift).expect("patched out");
    assert!(scc::same_components(&without, &cond.expect("condensed"), &scc::condense(&without)));
    assert!(shift::alike(&without, &BlastGraph::new(&base, Posture::Perimeter)));
}

/// A sweep over a condensation patched after a component came (numbered otherwise than a fresh one), then a sweep over
/// a graph of the same steps condensed afresh, which takes its sizes from memory: the sketches it keeps are matched to
/// its components by their states, not by their numbers, so a third sweep after a change grows from the right ones.
#[test]
fn a_remembered_sweep_over_a_patched_condensation_keeps_each_components_sketches() {
    use crate::model::changes::ComponentShift;
    use crate::model::{Component, Id};
    let mut checked = 0;
    for sample in crate::io::samples::all() {
        let model = sample.model().unwrap();
        let facts = Facts::new(&model);
        let added = Component::new(Id::new("m-added").unwrap(), K::GenericService, "Added");
        let (changed, changed_facts, shift) = with_added(&model, added).unwrap();
        let (base, steps) = BlastGraph::with_flow_steps(&model, &facts, Posture::Perimeter);
        let base_cond = scc::condense(&base);
        let mut memo = SweepMemo::default();
        remembering(&mut memo, || base.sweep_condensed(&base_cond, |_| true, |_, _| {}));
        let context = (&changed, &changed_facts, Posture::Perimeter);
        let Some((graph, _, Some(cond))) = base.with_component(context, (steps, &base_cond), &shift) else { continue };
        if cond.comp == scc::condense(&graph).comp {
            continue;
        }
        memo.shift(&shift);
        let mut handed: Handed = Vec::new();
        remembering(&mut memo, || {
            graph.sweep_condensed(
                &cond,
                |_| true,
                |c, reach| {
                    let (stores, listed) = (reach.controlled_stores().collect(), reach.sensitive().collect());
                    handed.push((c, reach.reached(), reach.controlled(), stores, listed));
                },
            );
        });
        let by_component = |mut handed: Handed| {
            handed.sort_by_key(|h| h.0);
            handed
        };
        let fresh = by_component(reaches(&graph, &|_| true));
        assert_eq!(by_component(handed), fresh, "{}: over the patched condensation", sample.file);
        // The same steps, condensed afresh: sizes from memory, sketches kept for the next sweep.
        let again = remembering(&mut memo, || reaches(&graph, &|_| true));
        assert_eq!(by_component(again), fresh, "{}: from memory", sample.file);
        // A flow's worth of change (the added component's own steps gone): grown from what was kept.
        let back = BlastGraph::new(&model, Posture::Perimeter);
        let shift = ComponentShift { added: false, ..shift };
        memo.shift(&shift);
        let after = remembering(&mut memo, || reaches(&back, &|_| true));
        assert_eq!(after, reaches(&back, &|_| true), "{}: after the sketches were kept", sample.file);
        checked += 1;
    }
    assert!(checked >= 3, "{checked} samples with a condensation numbered otherwise");
}

/// `model` with `added` listed last among its components, its facts, and the shift that adds it; `None` when the checks
/// refuse it.
fn with_added(
    model: &Model,
    added: crate::model::Component,
) -> Option<(Model, Facts, crate::model::changes::ComponentShift)> {
    let mut diagram = model.diagram().clone();
    let (id, kind) = (added.id.clone(), added.kind);
    diagram.components.push(added);
    let changed = Model::new(diagram).ok()?;
    let at = changed.component_ix(id.as_str())?;
    let (parent, facts) = (changed.parent(at), Facts::new(&changed));
    let shift = crate::model::changes::ComponentShift { at, added: true, id, kind, parent, data: false };
    Some((changed, facts, shift))
}

/// Steps put in and taken out, with only the components they can join or split condensed again
/// (`Condensation::after`), give the components of a fresh condensation, numbered so that every step goes down: steps
/// that close cycles through components between their ends, steps taken out inside a component, and both at once.
#[test]
fn a_condensation_after_steps_changed_has_the_components_of_a_fresh_one() {
    let (mut checked, mut joined, mut split) = (0, 0, 0);
    for sample in crate::io::samples::all() {
        let model = sample.model().unwrap();
        let graph = BlastGraph::new(&model, Posture::Perimeter);
        let cond = scc::condense(&graph);
        let states = u32::try_from(graph.state_count()).unwrap();
        // Steps inside a component, to take out.
        let inner: Vec<(u32, u32)> = (0..states)
            .flat_map(|s| graph.successors(s).iter().map(move |&t| (s, t)))
            .filter(|&(s, t)| s != t && cond.comp[s as usize] == cond.comp[t as usize])
            .take(6)
            .collect();
        let mut cases: Vec<Vec<(u32, bool, u32)>> = Vec::new();
        for i in 0..12u32 {
            let (s, t) = ((i * 7_919 + 3) % states, (i * 104_729 + 13) % states);
            // Up (a cycle may close), down (nothing to do), and up with a step taken out inside a component.
            let (low, high) = if cond.comp[s as usize] < cond.comp[t as usize] { (s, t) } else { (t, s) };
            cases.push(vec![(low, true, high)]);
            cases.push(vec![(high, true, low)]);
            if let Some(&(a, b)) = inner.get(i as usize % inner.len().max(1)) {
                cases.push(vec![(a, false, b), (low, true, high)]);
            }
        }
        cases.extend(inner.iter().map(|&(a, b)| vec![(a, false, b)]));
        for changes in cases {
            let Some(changed) = graph.with_steps_changed(&changes) else { continue };
            let fresh = scc::condense(&changed);
            let after = cond.clone().after(&changed, &changes).unwrap();
            assert!(scc::same_components(&changed, &after, &fresh), "{}: {changes:?}", sample.file);
            checked += 1;
            joined += usize::from(fresh.count() < cond.count());
            split += usize::from(fresh.count() > cond.count());
        }
    }
    assert!(checked >= 100 && joined >= 10 && split >= 5, "{checked} checked, {joined} joined, {split} split");
}

/// The steps between components a fresh condensation lists as it searches are those found from the states' steps
/// afterwards (`Dag::of`, which a condensation made from another one uses), on every sample, on graphs with steps put
/// in and taken out, and on a random estate's, where the components are many and step into each other in every way.
#[test]
fn the_steps_between_components_listed_while_condensing_are_the_states_steps() {
    let mut models: Vec<Model> = crate::io::samples::all().iter().map(|sample| sample.model().unwrap()).collect();
    // 300 components of mixed kinds with 900 flows between random pairs (a fixed linear congruential sequence).
    let kinds =
        [K::GenericService, K::Lambda, K::SqsQueue, K::RdsDatabase, K::S3Bucket, K::Ec2Node, K::ApiGateway, K::User];
    let mut random = {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        move |n: usize| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        }
    };
    let mut wired = TestDiagram::new();
    for i in 0..300 {
        wired = wired.component(&format!("c{i}"), kinds[i % kinds.len()], None);
    }
    for _ in 0..900 {
        let (from, to) = (random(300), random(300));
        if from != to {
            let pattern = match (kinds[to % kinds.len()], random(2)) {
                (K::SqsQueue, _) => Pattern::QueueSend,
                (K::RdsDatabase | K::S3Bucket, 0) => Pattern::DataRead,
                (K::RdsDatabase | K::S3Bucket, _) => Pattern::DataWrite,
                (_, 0) => Pattern::SyncRequest,
                _ => Pattern::Admin,
            };
            wired = wired.flow(&format!("c{from}"), &format!("c{to}"), pattern);
        }
    }
    models.push(wired.build());
    let (mut lists, mut steps) = (0, 0);
    for model in &models {
        let graph = BlastGraph::new(model, Posture::Perimeter);
        let states = u32::try_from(graph.state_count()).unwrap();
        let mut graphs = vec![graph.clone()];
        for i in 0..8u32 {
            let (s, t) = ((i * 7_919 + 3) % states, (i * 104_729 + 13) % states);
            graphs.extend(graph.with_steps_changed(&[(s, true, t)]));
        }
        for graph in &graphs {
            let cond = scc::condense(graph);
            let listed = cond.dag.clone().expect("a fresh condensation lists its steps");
            assert_eq!(listed, scc::Dag::of(graph, &cond));
            assert_eq!(listed.count(), cond.count());
            lists += (0..listed.count()).filter(|&k| !listed.successors(k).is_empty()).count();
            steps += (0..listed.count()).map(|k| listed.successors(k).len()).sum::<usize>();
            // Every step goes down, to another component.
            assert!((0..listed.count()).all(|k| listed.successors(k).iter().all(|&tk| (tk as usize) < k)));
        }
    }
    assert!(lists >= 500 && steps >= 2 * lists, "{lists} components with steps out, {steps} steps");
}
