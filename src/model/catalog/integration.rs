//! Catalog entries for entry points and messaging: API Gateway, load balancers, SQS, SNS, EventBridge.

use super::{KindInfo, Links};
use crate::model::kind::{Category, ComponentKind as K};
use crate::model::props::{Exposure, Properties, PropertyKey as P};
use crate::model::responsibility::{Owner::Absent as X, Owner::Aws as A, Owner::Customer as C, Stack};

/// Fully managed services: AWS runs hardware, hosts and service software; the customer configures and owns data.
const MANAGED: Stack = Stack::new([A, A, X, X, A, X, X, C, C]);

/// Regional services that live in an account, not in a VPC.
const REGIONAL: &[K] = &[K::AwsAccount];

fn public_endpoint() -> Properties {
    // Regional and edge-optimised API Gateway endpoints are reachable from the internet.
    Properties { exposure: Some(Exposure::Public), ..Properties::default() }
}

fn sqs_defaults() -> Properties {
    // SQS encrypts new queues with SSE-SQS by default (docs/security-model.md#responsibility-table).
    Properties { encryption_at_rest: Some(true), ..Properties::default() }
}

fn sns_defaults() -> Properties {
    // SNS encrypts only when a KMS key is configured.
    Properties { encryption_at_rest: Some(false), ..Properties::default() }
}

pub(super) static API_GATEWAY: KindInfo = KindInfo {
    kind: K::ApiGateway,
    name: "API Gateway",
    category: Category::Integration,
    icon: "api-gateway",
    summary: "Amazon API Gateway: a managed front door that authenticates, throttles and routes calls.",
    parents: &[K::AwsAccount, K::Vpc],
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "API Gateway is a fully managed service: AWS runs and patches the \
        fleet and the gateway software (API Gateway developer guide, 'Security in API Gateway'); the customer owns \
        authorizers, throttling, WAF association, resource policies, TLS settings and the data passing through.",
    inherits_host_layers: false,
    properties: &[
        P::Exposure,
        P::PublicEntry,
        P::Data,
        P::Logging,
        P::RequiresAuthentication,
        P::Throttling,
        P::ValidatesInput,
        P::Policy,
        P::CorsOrigins,
        P::CorsCredentials,
        P::ApiType,
    ],
    links: Links { role: true, ..Links::NONE },
    defaults: public_endpoint,
};

pub(super) static LOAD_BALANCER: KindInfo = KindInfo {
    kind: K::LoadBalancer,
    name: "Load balancer (ALB/NLB)",
    category: Category::Integration,
    icon: "load-balancer",
    summary: "An Elastic Load Balancer; internet-facing or internal.",
    parents: &[K::Vpc, K::Subnet],
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "ELB is managed: AWS runs and patches the load-balancer nodes \
        (Elastic Load Balancing user guide, 'Security'); the customer owns listeners, TLS policies and \
        certificates, security groups, the internet-facing choice, and the data in transit.",
    inherits_host_layers: false,
    properties: &[P::Exposure, P::PublicEntry, P::Data, P::Logging, P::RequiresAuthentication, P::IngressRestricted],
    links: Links::NONE,
    defaults: Properties::default,
};

pub(super) static SQS_QUEUE: KindInfo = KindInfo {
    kind: K::SqsQueue,
    name: "SQS queue",
    category: Category::Integration,
    icon: "sqs",
    summary: "An Amazon SQS queue: producers and consumers never wait for each other.",
    parents: REGIONAL,
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "A fully managed, serverless service: AWS runs and patches everything below the API; the customer owns \
        configuration (policies, encryption settings) and the data.",
    inherits_host_layers: false,
    properties: &[P::Data, P::EncryptionAtRest, P::Policy],
    links: Links::NONE,
    defaults: sqs_defaults,
};

pub(super) static SNS_TOPIC: KindInfo = KindInfo {
    kind: K::SnsTopic,
    name: "SNS topic",
    category: Category::Integration,
    icon: "sns",
    summary: "An Amazon SNS topic that fans messages out to subscribers.",
    parents: REGIONAL,
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "A fully managed, serverless service: AWS runs and patches everything below the API; the customer owns \
        configuration (policies, encryption settings) and the data.",
    inherits_host_layers: false,
    properties: &[P::Data, P::EncryptionAtRest, P::Policy],
    links: Links::NONE,
    defaults: sns_defaults,
};

pub(super) static EVENTBRIDGE_BUS: KindInfo = KindInfo {
    kind: K::EventbridgeBus,
    name: "EventBridge bus",
    category: Category::Integration,
    icon: "eventbridge",
    summary: "An Amazon EventBridge event bus: rules route events to targets in other contexts.",
    parents: REGIONAL,
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "A fully managed, serverless service: AWS runs and patches everything below the API; the customer owns \
        configuration (policies, rules) and the data. EventBridge always \
        encrypts at rest.",
    inherits_host_layers: false,
    properties: &[P::Data, P::Policy, P::SourcePinned, P::Logging],
    links: Links { role: true, ..Links::NONE },
    defaults: Properties::default,
};
