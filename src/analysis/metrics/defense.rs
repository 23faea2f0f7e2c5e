//! Defense in depth (DOMAIN.md sections 3 and 7): for every sensitive store, the path from an untrusted source with
//! the fewest independent controls, found by one multi-source Dijkstra search (never by enumerating paths).
//!
//! - **Untrusted sources**: the internet, users (outside, or inside an on-premises network) and on-premises networks
//!   (an insider, or an attacker who got into the data centre or VPN-linked office).
//! - **Sensitive stores**: components whose data is classified confidential or restricted and that are data stores
//!   (`ComponentKind::is_data_store`) or run self-managed database software (PostgreSQL, MySQL, MongoDB, Redis,
//!   Elasticsearch).
//! - **Hops**, in the direction an attacker's input travels:
//!   - a drawn flow from its caller to its callee, for every pattern but queue-receive: requests carry the input on,
//!     and a read brings the callee's data back to the caller, which the attacker influences. This includes
//!     event-subscribe (broker -> subscriber), which is also the direction the event travels.
//!   - a queue-receive flow from the queue to its consumer: a message travels producer -> queue -> consumer and the
//!     consumer pulls it, so no control on the consumer's side (its own authentication to the queue, its security
//!     group, a WAF) judges the message. The hop counts no control; the checkpoint is the producer's queue-send.
//!   - without a drawn flow: the internet reaches every component marked public, and an on-premises network every
//!     component in it. Such a hop counts only the controls the component entered enforces itself.
//! - **Cost** of a hop: the number of controls on it (`controls.rs`); a path's cost is the sum, the layers an attacker
//!   must get past one after another. Ties go to the path with fewer hops.
//!
//! O(flows log components) per search (at most three, see [`compute`]); one path is rebuilt per reachable store.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::analysis::facts::{Facts, classification};
use crate::analysis::metrics::DefensePath;
use crate::analysis::metrics::controls::{self, Mask};
use crate::model::catalog;
use crate::model::kind::Category;
use crate::model::props::{Classification, Exposure, Software};
use crate::model::{ComponentIx, ComponentKind as K, Flow, FlowIx, Model, Pattern};

const NONE: u32 = u32::MAX;

/// Confidential or restricted data in a data store or self-run database.
fn is_sensitive_store(model: &Model, c: ComponentIx) -> bool {
    let sensitive = matches!(classification(model, c), Some(Classification::Confidential | Classification::Restricted));
    sensitive
        && (model.kind(c).is_data_store()
            || matches!(
                model.props(c).software,
                Some(
                    Software::Postgresql
                        | Software::Mysql
                        | Software::Mongodb
                        | Software::Redis
                        | Software::Elasticsearch
                )
            ))
}

/// Where an attacker starts.
fn is_untrusted_source(model: &Model, c: ComponentIx) -> bool {
    matches!(model.kind(c), K::Internet | K::User | K::OnPrem)
}

/// Reached without a drawn flow from the internet.
fn is_public(model: &Model, c: ComponentIx) -> bool {
    let category = catalog::info(model.kind(c)).category;
    model.props(c).exposure == Some(Exposure::Public) && !matches!(category, Category::Actor | Category::Network)
}

struct Search {
    /// (controls, hops) from the nearest source.
    dist: Vec<(u32, u32)>,
    /// (previous component, flow or `NONE` for a hop without a flow).
    pred: Vec<(u32, u32)>,
    heap: BinaryHeap<Reverse<(u32, u32, u32)>>,
}

impl Search {
    fn relax(&mut self, from: ComponentIx, to: ComponentIx, cost: u32, via: u32) {
        let (d, h) = self.dist[from.index()];
        if d == NONE {
            return;
        }
        let next = (d + cost, h + 1);
        if next < self.dist[to.index()] {
            self.dist[to.index()] = next;
            self.pred[to.index()] = (from.0, via);
            self.heap.push(Reverse((next.0, next.1, to.0)));
        }
    }

    fn controls(&self, c: ComponentIx) -> Option<u32> {
        self.dist.get(c.index()).map(|d| d.0).filter(|&d| d != NONE)
    }
}

/// Cost of a hop: its controls, plus (when optimistic) one for authentication the diagram leaves unstated.
fn hop_cost(model: &Model, flow: Option<&Flow>, entered: ComponentIx, mask: Mask, optimistic: bool) -> u32 {
    controls::count(mask) + u32::from(optimistic && controls::unstated(model, flow, entered, mask))
}

/// One multi-source Dijkstra search from `seeds` with the given per-flow costs.
fn search(model: &Model, facts: &Facts, seeds: &[ComponentIx], flow_cost: &[u32], optimistic: bool) -> Search {
    let n = model.components().len();
    let mut search = Search { dist: vec![(NONE, NONE); n], pred: vec![(NONE, NONE); n], heap: BinaryHeap::new() };
    for &s in seeds {
        search.dist[s.index()] = (0, 0);
        search.heap.push(Reverse((0, 0, s.0)));
    }
    let internet = seeds.iter().copied().find(|&s| model.kind(s) == K::Internet);
    for c in model.component_ixs() {
        let on_prem = facts.on_prem(c);
        let from_internet = internet.filter(|_| is_public(model, c));
        if on_prem.is_none() && from_internet.is_none() {
            continue;
        }
        let cost = hop_cost(model, None, c, controls::implicit(model, facts, c), optimistic);
        for from in [on_prem, from_internet].into_iter().flatten() {
            search.relax(from, c, cost, NONE);
        }
    }
    while let Some(Reverse((d, h, u))) = search.heap.pop() {
        let at = ComponentIx(u);
        if (d, h) != search.dist[at.index()] {
            continue;
        }
        for (f, callee) in model.outgoing(at) {
            if model.flow(f).pattern != Pattern::QueueReceive {
                search.relax(at, callee, flow_cost[f.index()], f.0);
            }
        }
        for (f, consumer) in model.incoming(at) {
            if model.flow(f).pattern == Pattern::QueueReceive {
                search.relax(at, consumer, 0, f.0);
            }
        }
    }
    search
}

/// The weakest path to every sensitive store an untrusted source reaches, in store id order.
///
/// Up to three searches, each monotone in the controls (adding a control never lowers any result): the weakest
/// path from any source (the reported path), the same with unstated authentication taken as present (skipped when
/// nothing is unstated), and the weakest path from the internet and outside users alone (skipped when every source
/// is one of them).
pub(super) fn compute(model: &Model, facts: &Facts) -> Vec<DefensePath> {
    let stores: Vec<ComponentIx> = model.component_ixs().filter(|&c| is_sensitive_store(model, c)).collect();
    let sources: Vec<ComponentIx> = model.component_ixs().filter(|&c| is_untrusted_source(model, c)).collect();
    if stores.is_empty() || sources.is_empty() {
        return Vec::new();
    }
    let mut any_unstated = false;
    let (pessimistic, optimistic): (Vec<u32>, Vec<u32>) = model
        .flows_indexed()
        .map(|(f, flow)| {
            if flow.pattern == Pattern::QueueReceive {
                return (0, 0);
            }
            let (_, callee) = model.flow_ends(f);
            let mask = controls::forward(model, facts, f);
            let (low, high) =
                (hop_cost(model, Some(flow), callee, mask, false), hop_cost(model, Some(flow), callee, mask, true));
            any_unstated |= low != high;
            (low, high)
        })
        .unzip();
    any_unstated |= model.component_ixs().any(|c| {
        (facts.on_prem(c).is_some() || is_public(model, c))
            && controls::unstated(model, None, c, controls::implicit(model, facts, c))
    });
    let main = search(model, facts, &sources, &pessimistic, false);
    let hopeful = any_unstated.then(|| search(model, facts, &sources, &optimistic, true));
    let external: Vec<ComponentIx> = sources.iter().copied().filter(|&s| facts.is_external(s)).collect();
    let outside = (external.len() < sources.len()).then(|| search(model, facts, &external, &pessimistic, false));
    stores
        .into_iter()
        .filter(|&s| main.controls(s).is_some() && main.pred[s.index()].0 != NONE)
        .map(|s| {
            let mut path = rebuild(model, facts, &main, s);
            path.optimistic_controls = hopeful.as_ref().and_then(|h| h.controls(s)).unwrap_or(path.controls);
            path.external_controls = match &outside {
                Some(search) => search.controls(s),
                None => Some(path.controls),
            };
            path
        })
        .collect()
}

/// The path to `store` with its controls in words.
fn rebuild(model: &Model, facts: &Facts, search: &Search, store: ComponentIx) -> DefensePath {
    let mut hops: Vec<(ComponentIx, u32)> = Vec::new();
    let mut at = store;
    while let Some(&(from, via)) = search.pred.get(at.index()).filter(|p| p.0 != NONE) {
        hops.push((at, via));
        at = ComponentIx(from);
        if hops.len() > search.pred.len() {
            break;
        }
    }
    hops.reverse();
    let mut path = Vec::with_capacity(hops.len() + 1);
    path.push(model.component(at).id.clone());
    let mut controls_on_path = Vec::new();
    let mut unstated_authentication = 0;
    for &(entered, via) in &hops {
        path.push(model.component(entered).id.clone());
        let flow = (via != NONE).then(|| model.flow(FlowIx(via)));
        let mask: Mask = match flow {
            Some(f) if f.pattern == Pattern::QueueReceive => continue,
            Some(_) => controls::forward(model, facts, FlowIx(via)),
            None => controls::implicit(model, facts, entered),
        };
        controls::describe(model, flow, entered, mask, &mut controls_on_path);
        if controls::unstated(model, flow, entered, mask) {
            unstated_authentication += 1;
        }
    }
    DefensePath {
        source: model.component(at).id.clone(),
        target: model.component(store).id.clone(),
        controls: search.dist[store.index()].0,
        path,
        controls_on_path,
        unstated_authentication,
        optimistic_controls: search.dist[store.index()].0,
        external_controls: None,
    }
}
