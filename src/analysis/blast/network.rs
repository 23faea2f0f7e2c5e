//! Edges of docs/security-model.md#blast-radius rule 7, the network, and the starting positions of the outside and inside
//! attackers. A network is a VPC, or else an on-premises network, or else (for components drawn in neither) the
//! EKS cluster, or else the AWS account (its default VPC), or else one default network for everything drawn outside
//! all of these; VPC peering, transit gateways, VPNs and Direct Connect
//! join networks into one. Subnets are not boundaries. Code that runs in a network has a position in it, which
//! reaches every listener in it that admits any source (`ingress_restricted` not set) and does not require
//! authentication. The internet attacker reaches what is exposed to the internet and open to anyone, and every
//! resource whose policy is open to any principal; the insider has a position in every network joined to an
//! on-premises network (every network when the diagram has none).

use crate::analysis::blast::graph::{Builder, NONE, control, influence};
use crate::analysis::blast::mechanism::Mechanism;
use crate::analysis::blast::shift::{LISTENS, MAKES_POSITION, Members};
use crate::analysis::facts::Facts;
use crate::model::kind::ComponentKind as K;
use crate::model::props::Software;
use crate::model::{ComponentIx, Model, Posture};

/// The network a component is in, as the index of the component that stands for it; components drawn in no
/// VPC, on-premises network, cluster or account share one default network (index `n`).
pub(super) fn network_key(model: &Model, facts: &Facts, c: ComponentIx) -> u32 {
    let kind = model.kind(c);
    if matches!(kind, K::Vpc | K::OnPrem) {
        return c.0;
    }
    facts
        .vpc(c)
        .or_else(|| facts.on_prem(c))
        .or_else(|| facts.cluster(c))
        .or_else(|| facts.account(c))
        .map_or(u32::try_from(model.components().len()).unwrap_or(u32::MAX), |k| k.0)
}

/// Whether control of the component gives a network position: it runs code there (a Lambda only inside a VPC).
pub(super) fn has_position(model: &Model, facts: &Facts, c: ComponentIx) -> bool {
    match model.kind(c) {
        K::Lambda => facts.vpc(c).is_some(),
        kind => kind.runs_code(),
    }
}

/// Kinds with a network listener the network alone can reach (IAM-signed AWS APIs and the Kubernetes API, which
/// always authenticates, are not among them).
fn has_listener(kind: K) -> bool {
    matches!(
        kind,
        K::Pod
            | K::Container
            | K::EcsService
            | K::Ec2Node
            | K::GenericService
            | K::ApiGateway
            | K::LoadBalancer
            | K::RdsDatabase
            | K::GenericDatastore
            | K::Elasticache
            | K::RdsProxy
    )
}

/// Whether a listener requires authentication from inside the network: as the diagram says, else always for
/// password-protected databases (RDS, self-run PostgreSQL or MySQL: AWS and the engines ask for a password), else
/// the posture's default (perimeter: not inside the trust boundary; zero trust: yes). EC2 nodes follow the posture
/// like any other listener: besides kubelet and SSH, a node listens for its pods' NodePort and host-port services,
/// which authenticate only if the workloads do.
fn requires_authentication(model: &Model, c: ComponentIx, posture: Posture) -> bool {
    let props = model.props(c);
    let database = matches!(model.kind(c), K::RdsDatabase | K::GenericDatastore | K::RdsProxy)
        || matches!(props.software, Some(Software::Postgresql | Software::Mysql));
    props.requires_authentication.unwrap_or(database || posture == Posture::ZeroTrust)
}

/// Whether any source in the network can connect.
fn admits_any_source(model: &Model, c: ComponentIx) -> bool {
    model.props(c).ingress_restricted != Some(true)
}

/// Whether a network position reaches the component: a listener any source in the network can connect to without
/// authenticating.
pub(super) fn listens(model: &Model, c: ComponentIx, posture: Posture) -> bool {
    has_listener(model.kind(c)) && admits_any_source(model, c) && !requires_authentication(model, c, posture)
}

/// Open to the internet: exposed, admitting any source, and either a public entry point, a listener that says it
/// needs no authentication, or a public S3 bucket. Unspecified authentication counts as required from outside.
pub(super) fn open_to_internet(model: &Model, facts: &Facts, c: ComponentIx) -> bool {
    let props = model.props(c);
    let kind = model.kind(c);
    facts.is_public(c)
        && !facts.is_external(c)
        && admits_any_source(model, c)
        && (kind == K::S3Bucket
            || (has_listener(kind)
                && (crate::analysis::exposed::is_public_entry(model, c)
                    || props.requires_authentication == Some(false))))
}

/// The steps the network connections of `model` make between the position states `positions` (by network key, as
/// [`add`] made them before the connections), or `None` when one joins a network without a position (a fresh build
/// makes a state for it).
pub(super) fn connection_steps(model: &Model, positions: &[u32]) -> Option<Vec<crate::analysis::blast::graph::Edge>> {
    let mut steps = Vec::new();
    for (a, c) in joined(model) {
        let (from, to) = (*positions.get(a.index())?, *positions.get(c.index())?);
        if from == NONE || to == NONE {
            return None;
        }
        steps.push((from, to, Mechanism::Network, None));
        steps.push((to, from, Mechanism::Network, None));
    }
    Some(steps)
}

/// The two networks each network connection of `model` joins (connections of a network with itself left out).
fn joined(model: &Model) -> impl Iterator<Item = (ComponentIx, ComponentIx)> + '_ {
    model.diagram().connections.iter().filter(|c| c.kind.is_network()).filter_map(|connection| {
        let (a, c) = (model.component_ix(&connection.from)?, model.component_ix(&connection.to)?);
        (a != c).then_some((a, c))
    })
}

/// Adds every edge of this module.
///
/// Each network has one position state (made on first use, belonging to the component that stands for the network).
/// A network connection joins two networks by steps both ways between their positions rather than by merging them,
/// so what reaches one position reaches the other's listeners as before, with no hop between them, and adding or
/// removing a connection between networks that have positions changes steps, not states: a live analysis then takes
/// over what reached as much before ([`crate::analysis::blast::memo`]).
pub(super) fn add(b: &mut Builder<'_>, internet: u32, insider: u32) {
    let model = b.model;
    let mut positions: Vec<u32> = vec![NONE; model.components().len() + 1];
    let position = |b: &mut Builder<'_>, positions: &mut [u32], key: u32| match positions.get_mut(key as usize) {
        Some(slot) if *slot == NONE => {
            *slot = b.hidden_of(key);
            *slot
        }
        Some(slot) => *slot,
        None => NONE,
    };
    let any_on_prem = model.component_ixs().any(|c| model.kind(c) == K::OnPrem);
    let mut insider_in = vec![false; model.components().len() + 1];
    let mut members = Members { any_on_prem, ..Members::default() };
    if b.marking() {
        members.keys.reserve(model.components().len());
        members.roles.reserve(model.components().len());
    }
    for c in model.component_ixs() {
        let key = network_key(model, b.facts, c);
        let positioned = has_position(model, b.facts, c);
        if positioned {
            let state = position(b, &mut positions, key);
            b.edge(control(c), state, Mechanism::Network);
        }
        let insider_here = !any_on_prem || model.kind(c) == K::OnPrem;
        if insider_here && let Some(slot) = insider_in.get_mut(key as usize).filter(|slot| !**slot) {
            *slot = true;
            let state = position(b, &mut positions, key);
            b.edge(insider, state, Mechanism::Network);
        }
        if b.marking() {
            let makes = if positioned || insider_here { MAKES_POSITION } else { 0 };
            let listening = if listens(model, c, b.posture) { LISTENS } else { 0 };
            members.keys.push(key);
            members.roles.push(makes | listening);
        }
    }
    let states = b.virtual_count();
    let before = if b.marking() { positions.clone() } else { Vec::new() };
    // A network a connection joins that has no position yet gets one, in the connections' order.
    for (a, c) in joined(model) {
        position(b, &mut positions, a.0);
        position(b, &mut positions, c.0);
    }
    let steps = connection_steps(model, &positions).unwrap_or_default();
    for &(from, to, mechanism, _) in &steps {
        b.edge(from, to, mechanism);
    }
    if b.marking() {
        b.networks = (before, (b.virtual_count() == states).then_some(steps));
        b.members = members;
    }
    for c in model.component_ixs() {
        let kind = model.kind(c);
        if listens(model, c, b.posture) {
            let state = positions.get(network_key(model, b.facts, c) as usize).copied().unwrap_or(NONE);
            if state != NONE {
                b.edge(state, influence(c), Mechanism::Network);
            }
        }
        if open_to_internet(model, b.facts, c) {
            b.edge(internet, influence(c), Mechanism::Network);
        }
        // A VPC endpoint's policy limits what passes through it; it never opens the endpoint to the internet.
        if kind != K::VpcEndpoint && model.props(c).policy.is_some_and(|p| p.is_open()) {
            b.edge(internet, influence(c), Mechanism::PublicPolicy);
            let read = b.read[c.index()];
            if read != NONE {
                b.edge(internet, read, Mechanism::PublicPolicy);
            }
        }
    }
}
