//! The component catalog: for every [`ComponentKind`], its display name, category, icon, what it may sit in,
//! its default properties and its shared-responsibility stack.
//!
//! Entries are plain data, grouped by family in the submodules. Stacks follow docs/security-model.md#responsibility-table; where the
//! table there is silent, the entry's `stack_reasoning` says how the owners were decided from AWS's documentation.

mod compute;
mod data;
mod ecs;
mod edge;
mod integration;
mod network;
mod security;
mod services;

use crate::model::kind::{Category, ComponentKind};
use crate::model::named::Named as _;
use crate::model::props::{Properties, PropertyKey};
use crate::model::responsibility::Stack;

/// Links a component of this kind may hold besides its parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Links {
    /// It runs as an IAM principal (`role`).
    pub role: bool,
    /// It protects other components (`protects`: a WAF).
    pub protects: bool,
    /// It watches other components (`covers`: detective controls).
    pub covers: bool,
    /// It stores credentials for other components (`credentials_for`).
    pub credentials_for: bool,
    /// It runs container images from ECR registries (`images`).
    pub images: bool,
    /// It names the subnets it runs in besides its parent (`subnets`).
    pub subnets: bool,
    /// It starts with an execution role that pulls its images and injects its secrets (`execution_role`: an ECS
    /// service's task execution role).
    pub execution_role: bool,
}

impl Links {
    /// No links besides the parent; entries name the links they take on top of it.
    pub const NONE: Self = Self {
        role: false,
        protects: false,
        covers: false,
        credentials_for: false,
        images: false,
        subnets: false,
        execution_role: false,
    };

    /// The links either names.
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        Self {
            role: self.role || other.role,
            protects: self.protects || other.protects,
            covers: self.covers || other.covers,
            credentials_for: self.credentials_for || other.credentials_for,
            images: self.images || other.images,
            subnets: self.subnets || other.subnets,
            execution_role: self.execution_role || other.execution_role,
        }
    }

    /// Whether it names any link.
    pub fn any(self) -> bool {
        self != Self::NONE
    }
}

/// One catalog entry.
#[derive(Debug)]
pub struct KindInfo {
    /// The kind described.
    pub kind: ComponentKind,
    /// Display name.
    pub name: &'static str,
    /// Palette family.
    pub category: Category,
    /// Icon key: `assets/icons/<icon>.svg`.
    pub icon: &'static str,
    /// One sentence for tooltips.
    pub summary: &'static str,
    /// Kinds it may sit directly inside.
    pub parents: &'static [ComponentKind],
    /// It may sit at the top level, inside nothing.
    pub top_level: bool,
    /// It is an implicit trust boundary around what it contains (account, VPC, cluster, on-prem network).
    pub trust_boundary: bool,
    /// Who secures each layer (for pods and containers: as on a self-managed EC2 node; see `inherits_host_layers`).
    pub stack: Stack,
    /// Why the stack is what it is, in words a user of the catalog can follow.
    pub stack_reasoning: &'static str,
    /// The lower layers (physical to orchestration) come from whatever hosts it.
    pub inherits_host_layers: bool,
    /// Properties that mean something for this kind.
    pub properties: &'static [PropertyKey],
    /// Links it may hold.
    pub links: Links,
    /// Property values assumed when the diagram does not say.
    pub defaults: fn() -> Properties,
}

impl KindInfo {
    /// Whether a component of this kind may sit directly inside one of `parent`.
    pub fn may_sit_in(&self, parent: Option<ComponentKind>) -> bool {
        match parent {
            None => self.top_level,
            Some(parent) => self.parents.contains(&parent),
        }
    }

    /// Whether this kind can contain others at all.
    pub fn is_container(&self) -> bool {
        !children_of(self.kind).is_empty()
    }
}

/// The catalog entry of `kind`.
pub fn info(kind: ComponentKind) -> &'static KindInfo {
    use ComponentKind as K;
    match kind {
        K::Internet => &network::INTERNET,
        K::User => &network::USER,
        K::OnPrem => &network::ON_PREM,
        K::AwsAccount => &network::AWS_ACCOUNT,
        K::Vpc => &network::VPC,
        K::Subnet => &network::SUBNET,
        K::EksCluster => &compute::EKS_CLUSTER,
        K::EksControlPlane => &compute::EKS_CONTROL_PLANE,
        K::Ec2Node => &compute::EC2_NODE,
        K::FargateProfile => &compute::FARGATE_PROFILE,
        K::Pod => &compute::POD,
        K::Container => &compute::CONTAINER,
        K::Lambda => &compute::LAMBDA,
        K::GenericService => &compute::GENERIC_SERVICE,
        K::GenericDatastore => &data::GENERIC_DATASTORE,
        K::ApiGateway => &integration::API_GATEWAY,
        K::LoadBalancer => &integration::LOAD_BALANCER,
        K::SqsQueue => &integration::SQS_QUEUE,
        K::SnsTopic => &integration::SNS_TOPIC,
        K::EventbridgeBus => &integration::EVENTBRIDGE_BUS,
        K::RdsDatabase => &data::RDS_DATABASE,
        K::DynamodbTable => &data::DYNAMODB_TABLE,
        K::S3Bucket => &data::S3_BUCKET,
        K::EcrRegistry => &data::ECR_REGISTRY,
        K::SecretsManager => &security::SECRETS_MANAGER,
        K::KmsKey => &security::KMS_KEY,
        K::IamRole => &security::IAM_ROLE,
        K::Waf => &security::WAF,
        K::Cloudwatch => &security::CLOUDWATCH,
        K::Guardduty => &security::GUARDDUTY,
        K::Cloudtrail => &security::CLOUDTRAIL,
        K::EcsCluster => &ecs::ECS_CLUSTER,
        K::EcsService => &ecs::ECS_SERVICE,
        K::NatGateway => &edge::NAT_GATEWAY,
        K::VpcEndpoint => &edge::VPC_ENDPOINT,
        K::Cloudfront => &edge::CLOUDFRONT,
        K::CognitoUserPool => &edge::COGNITO_USER_POOL,
        K::KinesisStream => &services::KINESIS_STREAM,
        K::StepFunctions => &services::STEP_FUNCTIONS,
        K::Elasticache => &services::ELASTICACHE,
        K::RdsProxy => &services::RDS_PROXY,
        K::ExternalRegistry => &services::EXTERNAL_REGISTRY,
    }
}

/// Every entry, in kind order.
pub fn all() -> impl Iterator<Item = &'static KindInfo> {
    ComponentKind::ALL.iter().map(|&kind| info(kind))
}

/// The kinds that may sit directly inside `parent`.
pub fn children_of(parent: ComponentKind) -> Vec<ComponentKind> {
    all().filter(|entry| entry.parents.contains(&parent)).map(|entry| entry.kind).collect()
}

/// Wording for an illegal nesting, e.g. `kind pod must sit inside ec2-node or fargate-profile`.
pub fn nesting_rule(kind: ComponentKind) -> String {
    let entry = info(kind);
    let parents: Vec<&str> = entry.parents.iter().map(|parent| parent.as_str()).collect();
    let places = match parents.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    match (entry.top_level, places.is_empty()) {
        (true, true) => format!("kind {kind} only sits at the top level"),
        (true, false) => format!("kind {kind} sits at the top level or inside {places}"),
        (false, _) => format!("kind {kind} must sit inside {places}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::responsibility::{Layer, Owner};

    #[test]
    fn catalog_has_every_kind_once_and_at_least_24() {
        assert!(ComponentKind::ALL.len() >= 24);
        for &kind in ComponentKind::ALL {
            assert_eq!(info(kind).kind, kind, "entry of {kind} describes another kind");
        }
    }

    #[test]
    fn every_kind_can_be_placed_somewhere() {
        for entry in all() {
            assert!(entry.top_level || !entry.parents.is_empty(), "{} can never be placed", entry.kind);
        }
    }

    #[test]
    fn defaults_only_set_applicable_properties() {
        for entry in all() {
            for key in (entry.defaults)().set_keys() {
                assert!(entry.properties.contains(&key), "{} defaults {key}, which does not apply", entry.kind);
            }
        }
    }

    #[test]
    fn stacks_match_domain_table_for_listed_kinds() {
        use ComponentKind as K;
        // Managed services: AWS owns the VM layer, the customer owns configuration and data.
        for kind in [K::SqsQueue, K::SnsTopic, K::EventbridgeBus, K::DynamodbTable, K::S3Bucket, K::RdsDatabase] {
            let stack = info(kind).stack;
            assert_eq!(stack.owner(Layer::VirtualMachine), Owner::Aws, "{kind}");
            assert_eq!(stack.owner(Layer::Configuration), Owner::Customer, "{kind}");
            assert_eq!(stack.owner(Layer::Data), Owner::Customer, "{kind}");
            assert_eq!(stack.owner(Layer::BusinessLogic), Owner::Absent, "{kind}");
        }
        assert_eq!(info(K::RdsDatabase).stack.owner(Layer::RuntimeEnvironment), Owner::Shared);
        assert_eq!(info(K::EcrRegistry).stack.owner(Layer::Artifacts), Owner::Shared);
        assert_eq!(info(K::EksControlPlane).stack.owner(Layer::Orchestration), Owner::Shared);
        assert_eq!(info(K::Lambda).stack.owner(Layer::ContainerRuntime), Owner::Aws);
        assert_eq!(info(K::Pod).stack.owner(Layer::VirtualMachine), Owner::Customer);
        assert!(info(K::Pod).inherits_host_layers);
        assert_eq!(info(K::FargateProfile).stack.owner(Layer::ContainerRuntime), Owner::Aws);
        for entry in all() {
            assert!(!entry.stack_reasoning.is_empty(), "{} has no reasoning", entry.kind);
        }
    }

    #[test]
    fn nesting_rules_read_well() {
        assert_eq!(nesting_rule(ComponentKind::Pod), "kind pod must sit inside ec2-node or fargate-profile");
        assert_eq!(nesting_rule(ComponentKind::Internet), "kind internet only sits at the top level");
        assert!(
            nesting_rule(ComponentKind::SqsQueue)
                .starts_with("kind sqs-queue sits at the top level or inside aws-account")
        );
        assert!(children_of(ComponentKind::Pod).contains(&ComponentKind::Container));
        assert!(info(ComponentKind::EksCluster).is_container());
        assert!(!info(ComponentKind::SqsQueue).is_container());
    }
}
