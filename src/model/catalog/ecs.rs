//! Catalog entries for Amazon ECS: the cluster and its services (the task definition folded into the service).
//!
//! A service sitting directly in its cluster runs on Fargate (a micro-VM per task); one sitting in an `ec2-node`
//! inside the cluster runs on EC2 container instances and shares their kernel, exactly as an EKS pod does on a node.

use super::{KindInfo, Links};
use crate::model::kind::{Category, ComponentKind as K};
use crate::model::props::{Properties, PropertyKey as P};
use crate::model::responsibility::{Owner::Absent as X, Owner::Aws as A, Owner::Customer as C, Stack};

fn service_defaults() -> Properties {
    // ECS task definitions run unprivileged with a writable root file system unless they say otherwise.
    Properties { privileged: Some(false), read_only_root: Some(false), ..Properties::default() }
}

pub(super) static ECS_CLUSTER: KindInfo = KindInfo {
    kind: K::EcsCluster,
    name: "ECS cluster",
    category: Category::Compute,
    icon: "ecs-cluster",
    summary: "An Amazon ECS cluster: services on Fargate sit in it directly, services on EC2 in its container instances.",
    parents: &[K::AwsAccount, K::Vpc, K::Subnet],
    top_level: true,
    trust_boundary: true,
    stack: Stack::new([A, X, X, A, X, X, X, C, X]),
    stack_reasoning: "ECS's scheduler and API are run by AWS with no version for the customer to upgrade (unlike an \
        EKS control plane), so orchestration is AWS's; the customer owns the cluster's configuration (capacity \
        providers, ECS Exec, Container Insights). Its services and container instances carry their own stacks.",
    inherits_host_layers: false,
    properties: &[P::Logging],
    links: Links::NONE,
    defaults: Properties::default,
};

pub(super) static ECS_SERVICE: KindInfo = KindInfo {
    kind: K::EcsService,
    name: "ECS service",
    category: Category::Compute,
    icon: "ecs-service",
    summary: "An Amazon ECS service and its task definition: the image, the task role, the network mode and the \
        container's privileges.",
    parents: &[K::EcsCluster, K::Ec2Node],
    top_level: false,
    trust_boundary: false,
    stack: Stack::new([A, C, C, C, C, C, C, C, C]),
    stack_reasoning: "Its own layers (runtime environment and up: image, code, task definition, data) are the \
        customer's. Lower layers come from where it runs: on EC2 container instances they are the instance's (shown: \
        a self-managed instance, whose OS, Docker and ECS agent the customer patches); on Fargate AWS runs the \
        micro-VM, the container runtime and the agent, and the customer owns the task definition.",
    inherits_host_layers: true,
    properties: &[
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
        P::Privileged,
        P::HostPathMount,
        P::Hardened,
        P::NetworkMode,
        P::ReadOnlyRoot,
        P::ImagePinned,
    ],
    links: Links { role: true, images: true, subnets: true, execution_role: true, ..Links::NONE },
    defaults: service_defaults,
};
