//! Catalog entries for the managed services real architectures add around their workloads: Kinesis data streams,
//! Step Functions, ElastiCache, RDS Proxy and container registries outside AWS.

use super::{KindInfo, Links};
use crate::model::kind::{Category, ComponentKind as K};
use crate::model::props::{DatabaseAuth, Exposure, Properties, PropertyKey as P};
use crate::model::responsibility::{
    Owner::Absent as X, Owner::Aws as A, Owner::Customer as C, Owner::Shared as S, Stack,
};

/// Fully managed services: AWS runs hardware, hosts and service software; the customer configures and owns data.
const MANAGED: Stack = Stack::new([A, A, X, X, A, X, X, C, C]);

/// Regional services that live in an account, not in a VPC.
const REGIONAL: &[K] = &[K::AwsAccount];

fn kinesis_defaults() -> Properties {
    // Server-side encryption of a data stream is off until a KMS key is chosen.
    Properties { encryption_at_rest: Some(false), ..Properties::default() }
}

fn cache_defaults() -> Properties {
    // A node-based cluster created through the API has neither encryption nor an auth token unless asked for.
    Properties {
        exposure: Some(Exposure::Private),
        encryption_at_rest: Some(false),
        encryption_in_transit: Some(false),
        requires_authentication: Some(false),
        ..Properties::default()
    }
}

fn proxy_defaults() -> Properties {
    // A proxy signs in to its database with a Secrets Manager secret and does not require TLS unless told to.
    Properties {
        exposure: Some(Exposure::Private),
        requires_authentication: Some(true),
        database_auth: Some(DatabaseAuth::Password),
        encryption_in_transit: Some(false),
        ..Properties::default()
    }
}

pub(super) static KINESIS_STREAM: KindInfo = KindInfo {
    kind: K::KinesisStream,
    name: "Kinesis data stream",
    category: Category::Integration,
    icon: "kinesis",
    summary: "An Amazon Kinesis data stream: producers put records, consumers read them (queue-send and \
        queue-receive flows).",
    parents: REGIONAL,
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "A fully managed service (Kinesis Data Streams developer guide, 'Security'): AWS runs the shards' \
        hosts and software; the customer owns server-side encryption, the resource and IAM policies of producers \
        and consumers, retention and the records.",
    inherits_host_layers: false,
    properties: &[P::Data, P::EncryptionAtRest, P::Policy],
    links: Links::NONE,
    defaults: kinesis_defaults,
};

pub(super) static STEP_FUNCTIONS: KindInfo = KindInfo {
    kind: K::StepFunctions,
    name: "Step Functions state machine",
    category: Category::Integration,
    icon: "step-functions",
    summary: "An AWS Step Functions state machine: a workflow that calls the services it orchestrates with its \
        own role.",
    parents: REGIONAL,
    top_level: true,
    trust_boundary: false,
    stack: Stack::new([A, A, X, X, A, X, C, C, C]),
    stack_reasoning: "AWS runs the workflow engine; the state machine's definition is the customer's business logic \
        (which services it calls, with what input), and its role, logging and the data in its executions are the \
        customer's too.",
    inherits_host_layers: false,
    properties: &[P::Data, P::Logging, P::ValidatesInput],
    links: Links { role: true, ..Links::NONE },
    defaults: Properties::default,
};

pub(super) static ELASTICACHE: KindInfo = KindInfo {
    kind: K::Elasticache,
    name: "ElastiCache",
    category: Category::Data,
    icon: "elasticache",
    summary: "An Amazon ElastiCache cluster (Redis OSS, Valkey or Memcached) inside a VPC.",
    parents: &[K::Vpc, K::Subnet],
    top_level: false,
    trust_boundary: false,
    stack: Stack::new([A, A, X, X, S, X, X, C, C]),
    stack_reasoning: "As for RDS: AWS runs the nodes and patches their OS; engine updates are shared (AWS ships \
        them in maintenance windows, the customer picks the engine version); in-transit and at-rest encryption, the \
        auth token or RBAC users, security groups and the cached data are the customer's.",
    inherits_host_layers: false,
    properties: &[
        P::Exposure,
        P::Data,
        P::EncryptionAtRest,
        P::EncryptionInTransit,
        P::RequiresAuthentication,
        P::IngressRestricted,
        P::Logging,
        P::PatchStatus,
        P::Runtime,
    ],
    links: Links { subnets: true, ..Links::NONE },
    defaults: cache_defaults,
};

pub(super) static RDS_PROXY: KindInfo = KindInfo {
    kind: K::RdsProxy,
    name: "RDS Proxy",
    category: Category::Data,
    icon: "rds-proxy",
    summary: "An Amazon RDS Proxy: pools connections to a database and signs in to it with IAM or a stored \
        password.",
    parents: &[K::Vpc, K::Subnet],
    top_level: false,
    trust_boundary: false,
    stack: Stack::new([A, A, X, X, A, X, X, C, X]),
    stack_reasoning: "AWS runs and patches the proxy fleet; the customer owns its authentication (IAM required or \
        not, the secrets it reads with its role), Require TLS, security groups and the target database. Data only \
        passes through it.",
    inherits_host_layers: false,
    properties: &[
        P::Exposure,
        P::RequiresAuthentication,
        P::IngressRestricted,
        P::Logging,
        P::EncryptionInTransit,
        P::DatabaseAuth,
    ],
    links: Links { role: true, subnets: true, ..Links::NONE },
    defaults: proxy_defaults,
};

pub(super) static EXTERNAL_REGISTRY: KindInfo = KindInfo {
    kind: K::ExternalRegistry,
    name: "External container registry",
    category: Category::Data,
    icon: "external-registry",
    summary: "A container registry outside the organisation's AWS accounts (Docker Hub, a public gallery, a \
        person's account) that workloads run images from.",
    parents: &[],
    top_level: true,
    trust_boundary: false,
    stack: Stack::new([X, X, X, X, X, S, X, C, X]),
    stack_reasoning: "Run by a third party, which is neither AWS nor the customer: its hosts and software are outside \
        the model (absent). The artifacts are shared (the publisher builds the image, the customer chooses it and \
        pins it by digest); which registries to trust and the pull credentials are the customer's configuration.",
    inherits_host_layers: false,
    properties: &[P::RegistryType, P::ImageScanned, P::ImageSigned],
    links: Links::NONE,
    defaults: Properties::default,
};
