//! Catalog entries for where traffic enters and leaves: NAT gateways, VPC endpoints, CloudFront distributions and
//! Cognito user pools (the sign-in in front of an API).

use super::{KindInfo, Links};
use crate::model::kind::{Category, ComponentKind as K};
use crate::model::props::{
    Exposure, MinimumTls, OriginAccess, Properties, PropertyKey as P, ResourcePolicy, VpcEndpointType,
};
use crate::model::responsibility::{Owner::Absent as X, Owner::Aws as A, Owner::Customer as C, Stack};

/// A managed network device that holds no data of its own: AWS runs it, the customer configures it.
const NETWORK_DEVICE: Stack = Stack::new([A, A, X, X, A, X, X, C, X]);

/// Fully managed services that keep customer data (cached objects, user directories).
const MANAGED: Stack = Stack::new([A, A, X, X, A, X, X, C, C]);

fn endpoint_defaults() -> Properties {
    // A new endpoint gets the default policy: full access for any principal to any resource of the service.
    Properties {
        endpoint_type: Some(VpcEndpointType::Interface),
        policy: Some(ResourcePolicy { any_principal: true, source_condition: false }),
        ..Properties::default()
    }
}

fn cloudfront_defaults() -> Properties {
    // Distributions are reached from the internet; the console proposes TLSv1.2_2021 for custom certificates.
    Properties {
        exposure: Some(Exposure::Public),
        public_entry: Some(true),
        minimum_tls: Some(MinimumTls::Tls12),
        origin_access: Some(OriginAccess::Oac),
        logging: Some(false),
        ..Properties::default()
    }
}

fn public() -> Properties {
    Properties { exposure: Some(Exposure::Public), ..Properties::default() }
}

pub(super) static NAT_GATEWAY: KindInfo = KindInfo {
    kind: K::NatGateway,
    name: "NAT gateway",
    category: Category::Network,
    icon: "nat-gateway",
    summary: "Lets private subnets open connections to the internet; nothing on the internet can open one back \
        through it.",
    parents: &[K::Subnet, K::Vpc],
    top_level: false,
    trust_boundary: false,
    stack: NETWORK_DEVICE,
    stack_reasoning: "A managed network device (VPC user guide, 'NAT gateways'): AWS runs, scales and patches it; \
        the customer owns the routes that send private subnets through it and what those subnets may reach on the \
        way out. It stores no data.",
    inherits_host_layers: false,
    properties: &[P::Logging],
    links: Links::NONE,
    defaults: Properties::default,
};

pub(super) static VPC_ENDPOINT: KindInfo = KindInfo {
    kind: K::VpcEndpoint,
    name: "VPC endpoint",
    category: Category::Network,
    icon: "vpc-endpoint",
    summary: "A gateway or interface endpoint: calls from the VPC to an AWS API stay on AWS's network, under the \
        endpoint's policy.",
    parents: &[K::Vpc, K::Subnet],
    top_level: false,
    trust_boundary: false,
    stack: NETWORK_DEVICE,
    stack_reasoning: "AWS runs the endpoint (PrivateLink or the gateway route); the customer owns its policy, the \
        route tables or subnets and security groups it sits in, and private DNS. It stores no data.",
    inherits_host_layers: false,
    properties: &[P::EndpointType, P::Policy],
    links: Links::NONE,
    defaults: endpoint_defaults,
};

pub(super) static CLOUDFRONT: KindInfo = KindInfo {
    kind: K::Cloudfront,
    name: "CloudFront distribution",
    category: Category::Network,
    icon: "cloudfront",
    summary: "An Amazon CloudFront distribution: the CDN edge in front of an API, a load balancer or a bucket.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "AWS runs the edge locations and their software (CloudFront developer guide, 'Security in \
        Amazon CloudFront'); the customer owns the viewer TLS policy and certificate, origin access, the WAF \
        association, cache behaviours and the cached content.",
    inherits_host_layers: false,
    properties: &[P::Exposure, P::PublicEntry, P::Data, P::Logging, P::MinimumTls, P::OriginAccess],
    links: Links::NONE,
    defaults: cloudfront_defaults,
};

pub(super) static COGNITO_USER_POOL: KindInfo = KindInfo {
    kind: K::CognitoUserPool,
    name: "Cognito user pool",
    category: Category::Security,
    icon: "cognito",
    summary: "An Amazon Cognito user pool: signs users in and issues the tokens that the APIs it protects check.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: false,
    stack: MANAGED,
    stack_reasoning: "A managed identity service: AWS runs the sign-in endpoints and keeps credentials hashed; the \
        customer owns the pool's configuration (password policy, MFA, app clients, the authorizers that use it) \
        and the user directory.",
    inherits_host_layers: false,
    properties: &[P::Exposure, P::Data, P::Logging],
    links: Links { protects: true, ..Links::NONE },
    defaults: public,
};
