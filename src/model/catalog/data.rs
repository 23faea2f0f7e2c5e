//! Catalog entries for where data rests: RDS, DynamoDB, S3, the ECR registry and generic data stores.

use super::{KindInfo, Links};
use crate::model::kind::{Category, ComponentKind as K};
use crate::model::props::{Exposure, Properties, PropertyKey as P};
use crate::model::responsibility::{
    Owner::Absent as X, Owner::Aws as A, Owner::Customer as C, Owner::Shared as S, Stack,
};

/// docs/security-model.md#responsibility-table, 'SQS / SNS / EventBridge / DynamoDB / S3' column.
const SERVERLESS_STORE: Stack = Stack::new([A, A, X, X, A, X, X, C, C]);

fn rds_defaults() -> Properties {
    // RDS encrypts only when chosen at creation; databases require a password.
    Properties {
        exposure: Some(Exposure::Private),
        encryption_at_rest: Some(false),
        requires_authentication: Some(true),
        ..Properties::default()
    }
}

fn private() -> Properties {
    // S3 Block Public Access is on for new buckets.
    Properties { exposure: Some(Exposure::Private), ..Properties::default() }
}

pub(super) static RDS_DATABASE: KindInfo = KindInfo {
    kind: K::RdsDatabase,
    name: "RDS database",
    category: Category::Data,
    icon: "rds",
    summary: "An Amazon RDS database: AWS patches the OS and applies engine patches.",
    parents: &[K::AwsAccount, K::Vpc, K::Subnet],
    top_level: true,
    trust_boundary: false,
    stack: Stack::new([A, A, X, X, S, X, X, C, C]),
    stack_reasoning: "AWS runs the hosts and patches the operating system; engine patches are shared (AWS ships and applies them, \
        the customer picks the engine version and major upgrades); configuration and data are the customer's.",
    inherits_host_layers: false,
    properties: &[
        P::Exposure,
        P::Data,
        P::EncryptionAtRest,
        P::Logging,
        P::RequiresAuthentication,
        P::IngressRestricted,
        P::PatchStatus,
        P::Runtime,
        P::Engine,
        P::EngineVersion,
    ],
    links: Links { subnets: true, ..Links::NONE },
    defaults: rds_defaults,
};

pub(super) static DYNAMODB_TABLE: KindInfo = KindInfo {
    kind: K::DynamodbTable,
    name: "DynamoDB table",
    category: Category::Data,
    icon: "dynamodb",
    summary: "An Amazon DynamoDB table; always encrypted at rest, reached only through IAM-signed calls.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: SERVERLESS_STORE,
    stack_reasoning: "A fully managed, serverless service: AWS runs and patches everything below the API; the customer owns \
        configuration (policies, encryption settings) and the data.",
    inherits_host_layers: false,
    properties: &[P::Data, P::Policy],
    links: Links::NONE,
    defaults: Properties::default,
};

pub(super) static S3_BUCKET: KindInfo = KindInfo {
    kind: K::S3Bucket,
    name: "S3 bucket",
    category: Category::Data,
    icon: "s3",
    summary: "An Amazon S3 bucket; always encrypted at rest, private unless its policy or ACLs open it.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: SERVERLESS_STORE,
    stack_reasoning: "A fully managed, serverless service: AWS runs and patches everything below the API; the customer owns \
        configuration (policies, encryption settings) and the data.",
    inherits_host_layers: false,
    properties: &[P::Exposure, P::Data, P::Policy, P::Logging],
    links: Links::NONE,
    defaults: private,
};

pub(super) static ECR_REGISTRY: KindInfo = KindInfo {
    kind: K::EcrRegistry,
    name: "ECR registry",
    category: Category::Data,
    icon: "ecr",
    summary: "An Amazon ECR registry holding the container images that pods and functions run.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: Stack::new([A, A, X, X, X, S, X, C, C]),
    stack_reasoning: "AWS runs the registry; artifacts are shared (AWS stores and serves images, the customer scans, signs and \
        restricts them); configuration and data are the customer's.",
    inherits_host_layers: false,
    properties: &[P::ImageScanned, P::ImageSigned, P::Policy],
    links: Links::NONE,
    defaults: Properties::default,
};

fn generic_datastore_defaults() -> Properties {
    // A store nobody says otherwise about sits inside its network and asks for a password, like a database would.
    Properties { exposure: Some(Exposure::Private), requires_authentication: Some(true), ..Properties::default() }
}

pub(super) static GENERIC_DATASTORE: KindInfo = KindInfo {
    kind: K::GenericDatastore,
    name: "Generic data store",
    category: Category::Data,
    icon: "generic-datastore",
    summary: "A data store of unknown or customer-run technology: a self-run database, a file share, a vendor's store.",
    parents: &[K::AwsAccount, K::Vpc, K::Subnet, K::OnPrem, K::Ec2Node],
    top_level: true,
    trust_boundary: false,
    stack: Stack::new([A, C, X, X, C, X, X, C, C]),
    stack_reasoning: "Assumed to be run by the customer on an EC2 instance: AWS secures the hardware, the customer \
        the operating system, the engine and its patches, the configuration and the data. There is no business \
        logic or artifact layer of its own. On premises the hardware is the customer's too; on a node, the OS layer \
        is the node's.",
    inherits_host_layers: false,
    properties: &[
        P::Exposure,
        P::Data,
        P::EncryptionAtRest,
        P::Logging,
        P::RequiresAuthentication,
        P::IngressRestricted,
        P::PatchStatus,
        P::Software,
        P::Runtime,
    ],
    links: Links { subnets: true, ..Links::NONE },
    defaults: generic_datastore_defaults,
};
