//! Defense in depth (docs/security-model.md#principles and #precision): for every sensitive store, the path from an untrusted source with
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
//! O(flows log components) per search (at most three, see [`compute`], over one hop graph built in `hops.rs`).
//! What a whole path says (its source, its hops whose authentication is unstated) follows from the search tree in
//! one pass; each store's path is rebuilt only for its last [`SHOWN_HOPS`] hops (the source is always named), so a
//! chain of n stores costs O(n), not O(n^2), in time and in output.

use std::cell::RefCell;

use crate::analysis::data::classification;
use crate::analysis::facts::Facts;
use crate::analysis::metrics::DefensePath;
use crate::analysis::metrics::controls::{self, Entered, Mask};
use crate::analysis::metrics::hops::{self, HopGraph, KeptSearch, NONE, Search, is_untrusted_source};
use crate::analysis::quote;
use crate::model::catalog;
use crate::model::kind::Category;
use crate::model::props::{Classification, Software};
use crate::model::{ComponentIx, ComponentKind as K, FlowIx, Model, Pattern};

/// Confidential or restricted data in a data store or self-run database. The data is read last: a live analysis
/// notes whose data the metrics read, and re-runs them after an edit of only those components' data.
fn is_sensitive_store(model: &Model, c: ComponentIx) -> bool {
    is_store(model, c)
        && matches!(classification(model, c), Some(Classification::Confidential | Classification::Restricted))
}

/// A data store or self-run database, whatever its data.
pub(super) fn is_store(model: &Model, c: ComponentIx) -> bool {
    model.kind(c).is_data_store()
        || matches!(
            model.props(c).software,
            Some(
                Software::Postgresql | Software::Mysql | Software::Mongodb | Software::Redis | Software::Elasticsearch
            )
        )
}

/// Reached without a drawn flow from the internet. Where it sits is read through the facts alone, as everywhere in
/// this metric ([`Facts::alike_for_defense`] says which facts).
fn is_public(model: &Model, facts: &Facts, c: ComponentIx) -> bool {
    let category = catalog::info(model.kind(c)).category;
    facts.is_public(c) && !matches!(category, Category::Actor | Category::Network)
}

/// The weakest path to every sensitive store an untrusted source reaches, in store id order.
///
/// Up to three searches over one hop graph, each monotone in the controls (adding a control never lowers any
/// result): the weakest path from any source (the reported path); the same with unstated authentication taken as
/// present, only towards stores whose weakest path has such a hop (otherwise that path is also the optimistic
/// weakest); and the weakest path from the internet and outside users alone, only towards stores whose weakest path
/// starts elsewhere (otherwise it is the same path).
pub(super) fn compute(model: &Model, facts: &Facts) -> Vec<DefensePath> {
    // The controls on paths across the estate read where nearly every component sits.
    crate::model::structure::reading_all_places(|| paths(model, facts))
}

/// What the searches of a computation of the paths found, kept by a live analysis ([`keeping`]) to tell whether an
/// edit of flows alone can change the paths ([`DefenseMemo::keeps`]).
#[derive(Clone, Debug, Default)]
pub struct DefenseMemo {
    /// The searches that ran (none when there is no sensitive store or no untrusted source: flows change neither).
    searches: Vec<KeptSearch>,
}

thread_local! {
    /// Inside [`keeping`]: what the last computation of the paths found, if one ran.
    static KEPT: RefCell<Option<Option<DefenseMemo>>> = const { RefCell::new(None) };
}

/// Runs `f`, with what the last computation of the paths inside it found (if any computed them).
pub fn keeping<R>(f: impl FnOnce() -> R) -> (R, Option<DefenseMemo>) {
    let outer = KEPT.with(|kept| kept.replace(Some(None)));
    let result = f();
    let found = KEPT.with(|kept| kept.replace(outer)).flatten();
    (result, found)
}

/// [`compute`], outside any [`keeping`] (to compare with what was kept).
pub fn compute_unkept(model: &Model, facts: &Facts) -> Vec<DefensePath> {
    let outer = KEPT.with(|kept| kept.replace(None));
    let paths = compute(model, facts);
    KEPT.with(|kept| kept.replace(outer));
    paths
}

#[cfg(test)]
thread_local! {
    /// How many times [`DefenseMemo::keeps`] kept the paths on this thread.
    pub(crate) static KEPT_PATHS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Whether a [`keeping`] asks for what the searches find.
fn kept() -> bool {
    KEPT.with(|kept| kept.borrow().is_some())
}

/// Hands what the searches found to the [`keeping`] around.
fn keep(memo: DefenseMemo) {
    KEPT.with(|kept| {
        if let Some(slot) = kept.borrow_mut().as_mut() {
            *slot = Some(memo);
        }
    });
}

impl DefenseMemo {
    /// Whether the paths of `model` are those found when this was kept, after an edit of flows alone (nothing else
    /// the paths read: the facts, the components' properties and data): no hop of a flow removed or changed (`old`,
    /// positions before the edit) reached a state a search settled, and no hop of a flow added or changed (`new`,
    /// positions now) reaches a state sooner, or as soon, from a settled one (`hops::hop_leaves`). Each search then
    /// settles the same states at the same distances by the same hops (its ties broken by the state), so every path
    /// and count is the same. Then what it holds per flow moves to where the flows are now (`shifted`, from a position
    /// before the edit).
    pub fn keeps(
        &mut self,
        (model, facts): (&Model, &Facts),
        (old, new): (&[u32], &[u32]),
        shifted: &dyn Fn(u32) -> Option<u32>,
    ) -> bool {
        let kept = self.searches.iter().all(|search| {
            old.iter().all(|&f| !search.on_tree(f))
                && new.iter().all(|&f| hops::hop_leaves(model, facts, FlowIx(f), search, shifted))
        });
        if kept {
            for search in &mut self.searches {
                search.shift(shifted, model.flows().len());
            }
            #[cfg(test)]
            KEPT_PATHS.with(|n| n.set(n.get() + 1));
        }
        kept
    }
}

/// [`compute`], its reads of places not noted one by one.
fn paths(model: &Model, facts: &Facts) -> Vec<DefensePath> {
    let stores: Vec<ComponentIx> = model.component_ixs().filter(|&c| is_sensitive_store(model, c)).collect();
    let sources: Vec<ComponentIx> = model.component_ixs().filter(|&c| is_untrusted_source(model, c)).collect();
    if stores.is_empty() || sources.is_empty() {
        keep(DefenseMemo::default());
        return Vec::new();
    }
    let internet = sources.iter().copied().find(|&s| model.kind(s) == K::Internet);
    let mut implicit = Vec::new();
    for c in model.component_ixs() {
        if let Some(network) = facts.on_prem(c) {
            implicit.push((network, c));
        }
        if let Some(internet) = internet.filter(|_| is_public(model, facts, c)) {
            implicit.push((internet, c));
        }
    }
    let graph = HopGraph::new(model, facts, &implicit);
    let main = graph.search(&sources, &stores, false);
    let tree = Tree::of(&graph, &main);
    let mut found: Vec<(ComponentIx, ComponentIx, DefensePath)> = stores
        .into_iter()
        .filter(|&s| main.best(s).is_some())
        .map(|s| {
            let (path, source) = rebuild(model, facts, &graph, (&main, &tree), s);
            (s, source, path)
        })
        .collect();

    let keeping = kept();
    let mut searches = Vec::new();
    let unsure: Vec<ComponentIx> =
        found.iter().filter(|(_, _, p)| p.unstated_authentication > 0).map(|&(s, _, _)| s).collect();
    if !unsure.is_empty() {
        let hopeful = graph.search(&sources, &unsure, true);
        for (store, _, path) in &mut found {
            path.optimistic_controls = hopeful.controls(*store).unwrap_or(path.controls);
        }
        searches.extend(keeping.then(|| hopeful.keep(&graph, true, model.flows().len())));
    }
    let inside: Vec<ComponentIx> =
        found.iter().filter(|(_, source, _)| !facts.is_external(*source)).map(|&(s, _, _)| s).collect();
    if !inside.is_empty() {
        let external: Vec<ComponentIx> = sources.iter().copied().filter(|&s| facts.is_external(s)).collect();
        let outside = graph.search(&external, &inside, false);
        for (store, source, path) in &mut found {
            if !facts.is_external(*source) {
                path.external_controls = outside.controls(*store);
            }
        }
        searches.extend(keeping.then(|| outside.keep(&graph, false, model.flows().len())));
    }
    if keeping {
        searches.push(main.keep(&graph, false, model.flows().len()));
        keep(DefenseMemo { searches });
    }
    found.into_iter().map(|(_, _, path)| path).collect()
}

/// How many hops of a path are named in full (the last ones, next to the store; the source is always named).
pub(crate) const SHOWN_HOPS: usize = 16;

/// Per search state, facts about its whole path in a search tree, derived in settling order (predecessors first).
struct Tree {
    /// The seed component the path starts at.
    source: Vec<u32>,
    /// Hops on the path whose authentication is unstated.
    unstated: Vec<u32>,
}

impl Tree {
    fn of(graph: &HopGraph, search: &Search) -> Self {
        let n = search.pred.len();
        let mut tree = Self { source: vec![NONE; n], unstated: vec![0; n] };
        for &state in &search.settled {
            let at = state as usize;
            match (search.pred.get(at).copied(), search.prev.get(at).copied()) {
                (Some(hop), Some(prev)) if hop != NONE && prev != NONE => {
                    let from = prev as usize;
                    tree.source[at] = tree.source[from];
                    tree.unstated[at] = tree.unstated[from] + u32::from(graph.unstated(hop as usize, prev));
                }
                _ => tree.source[at] = state / 2,
            }
        }
        tree
    }
}

/// The path to `store` with its controls in words: the source, then the last [`SHOWN_HOPS`] hops.
fn rebuild(
    model: &Model,
    facts: &Facts,
    graph: &HopGraph,
    (search, tree): (&Search, &Tree),
    store: ComponentIx,
) -> (DefensePath, ComponentIx) {
    let best = search.best(store).unwrap_or(2 * store.0);
    // Hops as (hop, the state it left), nearest the store first.
    let mut hops: Vec<(usize, u32)> = Vec::new();
    let mut at = best;
    while let (Some(&hop), Some(&prev)) = (search.pred.get(at as usize), search.prev.get(at as usize)) {
        if hop == NONE || prev == NONE || hops.len() == SHOWN_HOPS {
            break;
        }
        hops.push((hop as usize, prev));
        at = prev;
    }
    hops.reverse();
    let source_ix = ComponentIx(tree.source.get(best as usize).copied().unwrap_or(NONE));
    let source = model.component_id(source_ix);
    let total_hops = search.dist.get(best as usize).map_or(0, |d| d.1 as usize);
    let mut path = Vec::with_capacity(hops.len() + 2);
    let mut positions = Vec::with_capacity(hops.len() + 3);
    path.push(source.clone());
    positions.push(source_ix);
    if at / 2 != source_ix.0 {
        path.push(model.component_id(ComponentIx(at / 2)).clone());
        positions.push(ComponentIx(at / 2));
    }
    let mut controls_on_path = Vec::new();
    for (hop, left) in hops {
        let entered = ComponentIx(graph.to[hop]);
        path.push(model.component_id(entered).clone());
        positions.push(entered);
        let via = graph.via[hop];
        let flow = (via != NONE).then(|| model.flow(FlowIx(via)));
        let what = Entered::of(model, facts, entered);
        let presenter = graph.presenter(left);
        let mask: Mask = match flow {
            Some(f) if f.pattern == Pattern::QueueReceive => continue,
            Some(f) => controls::forward(&f.attrs(), what, presenter),
            None => controls::implicit(what, presenter),
        };
        controls::describe(model, flow, (entered, what), mask, &mut controls_on_path);
    }
    // The words quote names as markers (`controls::describe`): the names go in here, and their places are kept.
    let (controls_on_path, control_quotes) =
        controls_on_path.into_iter().map(|text| quote::resolve(model, text)).unzip();
    let controls = search.controls(store).unwrap_or(0);
    let unstated_authentication = tree.unstated.get(best as usize).map_or(0, |&u| u as usize);
    positions.push(store);
    let path = DefensePath {
        source: source.clone(),
        target: model.component_id(store).clone(),
        controls,
        hops: total_hops,
        path,
        controls_on_path,
        control_quotes,
        unstated_authentication,
        optimistic_controls: controls,
        external_controls: Some(controls),
        positions,
    };
    (path, source_ix)
}
