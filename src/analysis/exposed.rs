//! What makes a component reachable from outside, read from the component and its place: its exposure (its own,
//! or its subnets'), whether it is an intended public entry point, and whether AWS WAF can stand in front of it.
//! The facts read these for every component; rules and the blast radius call them too.

use crate::model::kind::ComponentKind as K;
use crate::model::props::{ApiType, Exposure};
use crate::model::{ComponentIx, Model};

/// A component's exposure: its own, else, for an EC2 node or a process or data store it hosts (machines that get a
/// public IP in a subnet that maps one), public when a subnet it sits in or names (`subnets`) is public. Lambda
/// functions, Fargate pods and RDS databases never take a subnet's exposure: AWS gives them no public address from
/// the subnet.
pub fn exposure(model: &Model, c: ComponentIx) -> Option<Exposure> {
    let own = model.props(c).exposure;
    if own.is_some() || !matches!(model.kind(c), K::Ec2Node | K::GenericService | K::GenericDatastore) {
        return own;
    }
    let public = |s: ComponentIx| model.kind(s) == K::Subnet && model.props(s).exposure == Some(Exposure::Public);
    let named = model.component(c).subnets.iter().filter_map(|id| model.component_ix(id));
    let placed = model.ancestors(c).take_while(|&a| model.kind(a) != K::Vpc);
    if named.chain(placed).any(public) { Some(Exposure::Public) } else { None }
}

/// An API Gateway API that AWS WAF cannot be associated with (HTTP and WebSocket APIs; only REST APIs take one).
pub fn takes_no_waf(model: &Model, c: ComponentIx) -> bool {
    matches!(model.props(c).api_type, Some(ApiType::Http | ApiType::Websocket))
}

/// Whether a component is an intended public entry point for callers from outside: marked `public_entry: true`, or
/// a load balancer or API gateway that the diagram does not mark `public_entry: false` (anonymous customers are the
/// point of an internet-facing entry point; `false` says "this one must authenticate its callers").
/// docs/security-model.md#defaults
pub fn is_public_entry(model: &Model, c: ComponentIx) -> bool {
    model.public_entry(c)
}
