//! Catalog entries for the outside world and for accounts, networks and subnets.

use super::{KindInfo, Links};
use crate::model::kind::{Category, ComponentKind as K};
use crate::model::props::{Exposure, Properties, PropertyKey as P};
use crate::model::responsibility::{Owner::Absent as X, Owner::Aws as A, Owner::Customer as C, Stack};

fn public() -> Properties {
    Properties { exposure: Some(Exposure::Public), ..Properties::default() }
}

fn private() -> Properties {
    Properties { exposure: Some(Exposure::Private), ..Properties::default() }
}

pub(super) static INTERNET: KindInfo = KindInfo {
    kind: K::Internet,
    name: "Internet",
    category: Category::Actor,
    icon: "internet",
    summary: "The public internet: every request from it is untrusted.",
    parents: &[],
    top_level: true,
    trust_boundary: false,
    stack: Stack::ABSENT,
    stack_reasoning: "Not an AWS resource and not the customer's: nobody in the shared-responsibility model secures \
        the internet, which is why everything reached from it is treated as untrusted.",
    inherits_host_layers: false,
    properties: &[],
    links: Links::NONE,
    defaults: Properties::default,
};

pub(super) static USER: KindInfo = KindInfo {
    kind: K::User,
    name: "Users / external actor",
    category: Category::Actor,
    icon: "user",
    summary: "People or outside systems that call the application.",
    parents: &[K::OnPrem],
    top_level: true,
    trust_boundary: false,
    stack: Stack::ABSENT,
    stack_reasoning: "People and outside systems run on devices neither AWS nor the application team secures; \
        they are threat actors or callers, not layers of the stack.",
    inherits_host_layers: false,
    properties: &[P::Exposure],
    links: Links::NONE,
    defaults: public,
};

pub(super) static ON_PREM: KindInfo = KindInfo {
    kind: K::OnPrem,
    name: "On-premises network / VPN",
    category: Category::Network,
    icon: "on-prem",
    summary: "A data centre or office network, usually linked to AWS by VPN or Direct Connect.",
    parents: &[],
    top_level: true,
    trust_boundary: true,
    stack: Stack::new([C, C, X, X, X, X, X, C, X]),
    stack_reasoning: "Outside AWS: the customer owns the building, the hardware, the network devices and their \
        configuration. Everything inside an on-premises network is the customer's on every layer.",
    inherits_host_layers: false,
    properties: &[P::Logging],
    links: Links::NONE,
    defaults: Properties::default,
};

pub(super) static AWS_ACCOUNT: KindInfo = KindInfo {
    kind: K::AwsAccount,
    name: "AWS account",
    category: Category::Network,
    icon: "aws-account",
    summary: "An AWS account: the strongest isolation boundary; IAM does not cross it without explicit trust.",
    parents: &[],
    top_level: true,
    trust_boundary: true,
    stack: Stack::new([A, X, X, X, X, X, X, C, X]),
    stack_reasoning: "AWS runs the account and IAM infrastructure; the customer owns its configuration: root \
        credentials, IAM policies, SCPs, CloudTrail and GuardDuty enablement (AWS Organizations best practices).",
    inherits_host_layers: false,
    properties: &[],
    links: Links::NONE,
    defaults: Properties::default,
};

pub(super) static VPC: KindInfo = KindInfo {
    kind: K::Vpc,
    name: "VPC",
    category: Category::Network,
    icon: "vpc",
    summary: "A virtual private cloud: a network boundary that security groups and routes control.",
    parents: &[K::AwsAccount],
    top_level: true,
    trust_boundary: true,
    stack: Stack::new([A, A, X, X, X, X, X, C, X]),
    stack_reasoning: "AWS runs the physical network and the virtualisation that isolates VPCs from each other; \
        the customer configures route tables, security groups, NACLs, endpoints and flow logs (Amazon VPC user \
        guide, 'Security in Amazon VPC').",
    inherits_host_layers: false,
    properties: &[P::Logging],
    links: Links::NONE,
    defaults: Properties::default,
};

pub(super) static SUBNET: KindInfo = KindInfo {
    kind: K::Subnet,
    name: "Subnet",
    category: Category::Network,
    icon: "subnet",
    summary: "A subnet of a VPC; public when it routes to an internet gateway. Not a trust boundary on its own.",
    parents: &[K::Vpc],
    top_level: false,
    trust_boundary: false,
    stack: Stack::new([A, A, X, X, X, X, X, C, X]),
    stack_reasoning: "As for its VPC: AWS isolates the network, the customer decides routes and whether the \
        subnet is public.",
    inherits_host_layers: false,
    properties: &[P::Exposure],
    links: Links::NONE,
    defaults: private,
};
