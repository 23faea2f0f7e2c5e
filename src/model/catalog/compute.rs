//! Catalog entries for where code runs: EKS (cluster, control plane, nodes, Fargate, pods, containers),
//! Lambda and generic services.

use super::{KindInfo, Links};
use crate::model::kind::{Category, ComponentKind as K};
use crate::model::props::{
    EndpointAccess, NodeManagement, PackageType, Properties, PropertyKey as P, RuntimeUpdates, ServiceAccount,
};
use crate::model::responsibility::{
    Owner::Absent as X, Owner::Aws as A, Owner::Customer as C, Owner::Shared as S, Stack,
};

/// Properties a workload (pod, container, function, service) can carry.
const WORKLOAD: &[P] = &[
    P::Exposure,
    P::PublicEntry,
    P::Data,
    P::EncryptionAtRest,
    P::Logging,
    P::RequiresAuthentication,
    P::IngressRestricted,
    P::ValidatesInput,
    P::ExecutesInput,
    P::SecretStorage,
    P::Software,
    P::PatchStatus,
    P::Runtime,
    P::ImageScanned,
    P::ImageSigned,
    P::ImagePinned,
    P::Privileged,
    P::HostPathMount,
    P::HostNetwork,
    P::Hardened,
    P::ServiceAccount,
    P::CorsOrigins,
    P::CorsCredentials,
];

fn control_plane_defaults() -> Properties {
    // EKS creates clusters with a public endpoint open to 0.0.0.0/0 and control-plane logging off.
    Properties {
        endpoint_access: Some(EndpointAccess::Public),
        endpoint_allowed_cidrs: Some(vec!["0.0.0.0/0".to_owned()]),
        logging: Some(false),
        ..Properties::default()
    }
}

fn node_defaults() -> Properties {
    Properties { node_management: Some(NodeManagement::SelfManaged), ..Properties::default() }
}

fn pod_defaults() -> Properties {
    // Kubernetes mounts the service-account token unless told not to; pods are unprivileged by default.
    Properties {
        service_account: Some(ServiceAccount { automount_token: true, permissions: Vec::new() }),
        privileged: Some(false),
        host_path_mount: Some(false),
        host_network: Some(false),
        ..Properties::default()
    }
}

fn container_defaults() -> Properties {
    Properties { privileged: Some(false), host_path_mount: Some(false), ..Properties::default() }
}

fn lambda_defaults() -> Properties {
    Properties {
        package_type: Some(PackageType::Zip),
        runtime_updates: Some(RuntimeUpdates::Auto),
        ..Properties::default()
    }
}

pub(super) static EKS_CLUSTER: KindInfo = KindInfo {
    kind: K::EksCluster,
    name: "EKS cluster",
    category: Category::Compute,
    icon: "eks-cluster",
    summary: "An Amazon EKS cluster: its control plane, node groups and Fargate profiles.",
    parents: &[K::AwsAccount, K::Vpc, K::Subnet],
    top_level: true,
    trust_boundary: true,
    stack: Stack::new([A, X, X, S, X, X, X, C, X]),
    stack_reasoning: "The cluster as a whole is the orchestration layer: AWS runs the control plane, the customer \
        owns its configuration (endpoint access, RBAC, upgrades). Its parts carry their own stacks.",
    inherits_host_layers: false,
    properties: &[],
    links: Links::NONE,
    defaults: Properties::default,
};

pub(super) static EKS_CONTROL_PLANE: KindInfo = KindInfo {
    kind: K::EksControlPlane,
    name: "EKS control plane",
    category: Category::Compute,
    icon: "eks-control-plane",
    summary: "The Kubernetes API server, etcd and scheduler, run and patched by AWS.",
    parents: &[K::EksCluster],
    top_level: false,
    trust_boundary: false,
    stack: Stack::new([A, A, X, S, S, X, X, C, S]),
    stack_reasoning: "AWS runs the control plane on its own hardware and patches it; the runtime environment and orchestration are \
        shared (the customer upgrades the Kubernetes version and sets endpoint access, RBAC and audit logging); the \
        Secrets in etcd are shared data (AWS encrypts them, the customer owns their contents and may add a KMS key).",
    inherits_host_layers: false,
    properties: &[P::EndpointAccess, P::EndpointAllowedCidrs, P::Logging, P::KubernetesVersion, P::SecretsEncryption],
    links: Links { role: true, credentials_for: true, ..Links::NONE },
    defaults: control_plane_defaults,
};

pub(super) static EC2_NODE: KindInfo = KindInfo {
    kind: K::Ec2Node,
    name: "EC2 worker node / node group",
    category: Category::Compute,
    icon: "ec2-node",
    summary: "EC2 instances that run pods (or, in an ECS cluster, ECS tasks) on a shared kernel; who patches them \
        depends on the management mode.",
    parents: &[K::EksCluster, K::EcsCluster, K::Subnet, K::Vpc, K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: Stack::new([A, C, C, C, X, X, X, C, X]),
    stack_reasoning: "A node carries the hardware, VM, container-runtime and orchestration rows \
        of its column (self-managed shown; managed node groups share the VM and runtime, Auto Mode hands them \
        to AWS) plus its configuration (node IAM role, security groups).",
    inherits_host_layers: false,
    properties: &[
        P::Exposure,
        P::NodeManagement,
        P::PatchStatus,
        P::InstanceMetadata,
        P::ContainerRuntimeVersion,
        P::KubernetesVersion,
        P::IngressRestricted,
        P::RequiresAuthentication,
        P::Software,
        P::Logging,
        P::Data,
        P::EncryptionAtRest,
        P::SecretStorage,
        P::IngressCidrs,
    ],
    links: Links { role: true, subnets: true, ..Links::NONE },
    defaults: node_defaults,
};

pub(super) static FARGATE_PROFILE: KindInfo = KindInfo {
    kind: K::FargateProfile,
    name: "Fargate profile",
    category: Category::Compute,
    icon: "fargate",
    summary: "EKS on Fargate: each pod runs in its own micro-VM with no shared kernel and no node to patch.",
    parents: &[K::EksCluster],
    top_level: false,
    trust_boundary: false,
    stack: Stack::new([A, A, A, S, X, X, X, C, X]),
    stack_reasoning: "As for an EKS Fargate pod's lower layers: AWS runs the micro-VM, runtime \
        and kubelet; the customer owns the profile's selectors and pod execution role.",
    inherits_host_layers: false,
    properties: &[],
    links: Links { role: true, subnets: true, ..Links::NONE },
    defaults: Properties::default,
};

pub(super) static POD: KindInfo = KindInfo {
    kind: K::Pod,
    name: "Pod",
    category: Category::Compute,
    icon: "pod",
    summary: "A Kubernetes pod: one microservice's unit of deployment.",
    parents: &[K::Ec2Node, K::FargateProfile],
    top_level: false,
    trust_boundary: false,
    stack: Stack::new([A, C, C, C, C, C, C, C, C]),
    stack_reasoning: "The pod's own layers (runtime environment and up) are the customer's; \
        its lower layers are its host's (shown: a self-managed EC2 node).",
    inherits_host_layers: true,
    properties: WORKLOAD,
    links: Links { role: true, images: true, ..Links::NONE },
    defaults: pod_defaults,
};

pub(super) static CONTAINER: KindInfo = KindInfo {
    kind: K::Container,
    name: "Container",
    category: Category::Compute,
    icon: "container",
    summary: "A container inside a pod.",
    parents: &[K::Pod],
    top_level: false,
    trust_boundary: false,
    stack: Stack::new([A, C, C, C, C, C, C, C, C]),
    stack_reasoning: "As its pod: its own image, code, configuration and data are the customer's; lower layers \
        come from the pod's host.",
    inherits_host_layers: true,
    properties: &[
        P::Data,
        P::RequiresAuthentication,
        P::ValidatesInput,
        P::ExecutesInput,
        P::SecretStorage,
        P::Software,
        P::PatchStatus,
        P::Runtime,
        P::ImageScanned,
        P::ImageSigned,
        P::ImagePinned,
        P::Privileged,
        P::HostPathMount,
        P::Hardened,
    ],
    links: Links { images: true, ..Links::NONE },
    defaults: container_defaults,
};

pub(super) static LAMBDA: KindInfo = KindInfo {
    kind: K::Lambda,
    name: "Lambda function",
    category: Category::Compute,
    icon: "lambda",
    summary: "An AWS Lambda function: AWS runs everything below the code, isolated per function in micro-VMs.",
    parents: &[K::AwsAccount, K::Vpc, K::Subnet],
    top_level: true,
    trust_boundary: false,
    stack: Stack::new([A, A, A, A, A, C, C, C, C]),
    stack_reasoning: "For a zip on a managed runtime with automatic updates; \
        container images and pinned or deprecated runtimes move layers back to the customer.",
    inherits_host_layers: false,
    properties: &[
        P::Exposure,
        P::PublicEntry,
        P::Data,
        P::Logging,
        P::RequiresAuthentication,
        P::ValidatesInput,
        P::ExecutesInput,
        P::SecretStorage,
        P::Runtime,
        P::RuntimeUpdates,
        P::PackageType,
        P::ImageScanned,
        P::ImageSigned,
        P::CorsOrigins,
        P::CorsCredentials,
        P::ImagePinned,
    ],
    links: Links { role: true, images: true, subnets: true, ..Links::NONE },
    defaults: lambda_defaults,
};

pub(super) static GENERIC_SERVICE: KindInfo = KindInfo {
    kind: K::GenericService,
    name: "Generic service",
    category: Category::Other,
    icon: "generic",
    summary: "Any other service or process, on an EC2 instance or on premises.",
    parents: &[K::AwsAccount, K::Vpc, K::Subnet, K::OnPrem, K::Ec2Node],
    top_level: true,
    trust_boundary: false,
    stack: Stack::new([A, C, X, X, C, C, C, C, C]),
    stack_reasoning: "Assumed to be the customer's own software on an EC2 instance: AWS secures the hardware, \
        the customer everything from the OS up. On premises the hardware is the customer's too.",
    inherits_host_layers: false,
    properties: WORKLOAD,
    links: Links { role: true, credentials_for: true, images: true, ..Links::NONE },
    defaults: Properties::default,
};
