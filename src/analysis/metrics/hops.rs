//! The attacker's hop graph for the defense-in-depth search, as compact adjacency arrays (built once, then searched
//! up to three times), and the multi-source Dijkstra search over it. Which hops exist and what they cost is
//! documented in `defense.rs`; the controls of a hop in `controls.rs`.
//!
//! The search runs over two states per component: `2c + 1` where requests leaving `c` carry the attacker's own
//! credentials (`c` is an untrusted source, or a load balancer or API gateway forwarding such a request), `2c`
//! where `c` calls on with what it holds itself. A hop costs what it costs for the state it leaves.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::analysis::facts::Facts;
use crate::analysis::metrics::controls::{self, Entered, Presenter};
use crate::model::{ComponentIx, ComponentKind as K, FlowAttrs, FlowIx, Model, Pattern};

/// No component, no flow, not reached.
pub(super) const NONE: u32 = u32::MAX;

/// Hops grouped by the component they leave (compressed sparse rows). Hops keep flow order within a component.
pub(super) struct HopGraph {
    /// Hops leaving component `c` are `first[c]..first[c + 1]`.
    first: Vec<u32>,
    /// The component a hop leaves.
    pub(super) from: Vec<u32>,
    /// The component a hop enters.
    pub(super) to: Vec<u32>,
    /// The flow it follows, or `NONE` for a hop without a drawn flow.
    pub(super) via: Vec<u32>,
    /// Controls on it, per [`Presenter`] (held, relayed, from the source).
    cost: Vec<[u8; 3]>,
    /// The same, plus one where authentication is unstated.
    optimistic: Vec<[u8; 3]>,
    /// Per component: a load balancer or API gateway, which forwards the request it received.
    relays: Vec<bool>,
    /// Per component: an untrusted source.
    sources: Vec<bool>,
}

/// A hop while building: from, to, flow (or `NONE`), costs per presenter, optimistic costs per presenter.
type Hop = (u32, u32, u32, [u8; 3], [u8; 3]);

/// Where an attacker starts: the internet, users and on-premises networks.
pub(super) fn is_untrusted_source(model: &Model, c: ComponentIx) -> bool {
    is_untrusted_kind(model.kind(c))
}

/// Whether components of this kind are untrusted sources.
pub(super) fn is_untrusted_kind(kind: K) -> bool {
    matches!(kind, K::Internet | K::User | K::OnPrem)
}

/// Cost of a hop for each presenter: its controls, plus (when optimistic) one for authentication the diagram
/// leaves unstated.
fn costs(flow: Option<&FlowAttrs>, entered: Entered, mask: impl Fn(Presenter) -> controls::Mask) -> ([u8; 3], [u8; 3]) {
    let mut cost = [0; 3];
    let mut optimistic = [0; 3];
    for p in [Presenter::Held, Presenter::Relay, Presenter::Source] {
        let m = mask(p);
        let c = u8::try_from(controls::count(m)).unwrap_or(u8::MAX);
        cost[p as usize] = c;
        optimistic[p as usize] = c + u8::from(controls::unstated(flow, entered, m, p));
    }
    (cost, optimistic)
}

/// Whether components of this kind forward the request they received: load balancers and API gateways.
fn is_relay_kind(kind: K) -> bool {
    matches!(kind, K::LoadBalancer | K::ApiGateway)
}

/// Who presents the credentials on hops leaving `state` (of an untrusted source when `source`): the source itself, a
/// proxy forwarding the source's request (odd states), or a component that holds its own.
fn presenter_at(source: bool, state: u32) -> Presenter {
    if source {
        Presenter::Source
    } else if state % 2 == 1 {
        Presenter::Relay
    } else {
        Presenter::Held
    }
}

/// The state a hop from `state` arrives in at component `to`, an untrusted source (`source`) or a relay (`relay`) or
/// neither.
fn arrival(state: u32, to: u32, (source, relay): (bool, bool)) -> u32 {
    2 * to + u32::from(source || (state % 2 == 1 && relay))
}

/// The hop a flow makes: from its caller to its callee with the controls on it, or from the queue to the consumer
/// for a queue-receive, without any.
fn flow_hop(model: &Model, f: FlowIx, flow: &FlowAttrs, entered: impl Fn(ComponentIx) -> Entered) -> Hop {
    let (caller, callee) = model.flow_ends(f);
    if flow.pattern == Pattern::QueueReceive {
        (callee.0, caller.0, f.0, [0; 3], [0; 3])
    } else {
        let what = entered(callee);
        let (cost, optimistic) = costs(Some(flow), what, |p| controls::forward(flow, what, p));
        (caller.0, callee.0, f.0, cost, optimistic)
    }
}

/// A search's settled states would stay as they are (their distance, the hop each was reached by and the order they
/// were settled in) were the flow `f` of `model` added (`shifted`: where a flow at a position of the search's model is
/// now): it leaves no settled state, or every state it reaches from one is further (by controls, then
/// hops) than it was, or as far but reached first by the hop it was reached by (left from a state settled earlier,
/// or an earlier flow of the same state), or further than the last state settled when the search stopped early.
pub(super) fn hop_leaves(
    model: &Model,
    facts: &Facts,
    f: FlowIx,
    search: &KeptSearch,
    shifted: &dyn Fn(u32) -> Option<u32>,
) -> bool {
    let (from, to, _, cost, hopeful) = flow_hop(model, f, &model.flow_attrs(f), |c| Entered::of(model, facts, c));
    let costs = if search.optimistic { hopeful } else { cost };
    let source = is_untrusted_source(model, ComponentIx(from));
    let into = ComponentIx(to);
    let arriving = (is_untrusted_source(model, into), is_relay_kind(model.kind(into)));
    [2 * from, 2 * from + 1].into_iter().all(|u| {
        let Some(&(d, h)) = search.dist.get(u as usize).filter(|_| search.is_settled(u)) else { return true };
        let next = (d + u32::from(costs[presenter_at(source, u) as usize]), h + 1);
        let v = arrival(u, to, arriving);
        if !search.is_settled(v) {
            return search.stopped_at.is_some_and(|last| next > last);
        }
        let now = search.dist[v as usize];
        next > now || (next == now && search.reached_before(v, (u, f.0), shifted))
    })
}

impl HopGraph {
    /// Who presents the credentials on hops leaving `state`: the source itself, a proxy forwarding the source's
    /// request (odd states), or a component that holds its own.
    pub(super) fn presenter(&self, state: u32) -> Presenter {
        presenter_at(self.sources.get((state / 2) as usize) == Some(&true), state)
    }

    /// Whether a hop left from `state` lacks authentication only because the diagram does not say (its optimistic
    /// cost is higher).
    pub(super) fn unstated(&self, hop: usize, state: u32) -> bool {
        let i = self.presenter(state) as usize;
        self.optimistic.get(hop).map(|c| c[i]) > self.cost.get(hop).map(|c| c[i])
    }

    /// The state a hop from `state` arrives in.
    fn arrive(&self, state: u32, to: u32) -> u32 {
        let at = |list: &[bool]| list.get(to as usize) == Some(&true);
        arrival(state, to, (at(&self.sources), at(&self.relays)))
    }

    /// Builds the hops: every flow (queue-receive reversed), then `implicit` hops `(from, into)` without a flow.
    pub(super) fn new(model: &Model, facts: &Facts, implicit: &[(ComponentIx, ComponentIx)]) -> Self {
        let n = model.components().len();
        let entered: Vec<Entered> = model.component_ixs().map(|c| Entered::of(model, facts, c)).collect();
        let mut hops: Vec<Hop> = Vec::with_capacity(model.flows().len() + implicit.len());
        for (f, flow) in model.flows_attrs() {
            hops.push(flow_hop(model, f, &flow, |c| entered[c.index()]));
        }
        for &(from, into) in implicit {
            let what = entered[into.index()];
            let (cost, optimistic) = costs(None, what, |p| controls::implicit(what, p));
            hops.push((from.0, into.0, NONE, cost, optimistic));
        }
        // Counting sort by the component left: stable, so flow order is kept.
        let mut first = vec![0u32; n + 1];
        for hop in &hops {
            first[hop.0 as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut next = first.clone();
        let m = hops.len();
        let mut graph = Self {
            first,
            from: vec![0; m],
            to: vec![0; m],
            via: vec![0; m],
            cost: vec![[0; 3]; m],
            optimistic: vec![[0; 3]; m],
            relays: model.component_ixs().map(|c| is_relay_kind(model.kind(c))).collect(),
            sources: model.component_ixs().map(|c| is_untrusted_source(model, c)).collect(),
        };
        for (from, to, via, cost, optimistic) in hops {
            let slot = &mut next[from as usize];
            let at = *slot as usize;
            *slot += 1;
            graph.from[at] = from;
            graph.to[at] = to;
            graph.via[at] = via;
            graph.cost[at] = cost;
            graph.optimistic[at] = optimistic;
        }
        graph
    }

    /// Multi-source Dijkstra from `seeds` (untrusted sources, in their attacker state) by (controls, hops), over
    /// the states; stops once every target component is settled in some state.
    pub(super) fn search(&self, seeds: &[ComponentIx], targets: &[ComponentIx], optimistic: bool) -> Search {
        let n = self.first.len() - 1;
        let costs = if optimistic { &self.optimistic } else { &self.cost };
        let mut search = Search {
            dist: vec![(NONE, NONE); 2 * n],
            pred: vec![NONE; 2 * n],
            prev: vec![NONE; 2 * n],
            settled: Vec::new(),
            stopped_at: None,
        };
        let mut target = vec![false; n];
        for t in targets {
            target[t.index()] = true;
        }
        let mut waiting = targets.len();
        let mut heap = BinaryHeap::new();
        for s in seeds {
            let state = 2 * s.0 + 1;
            search.dist[state as usize] = (0, 0);
            heap.push(Reverse((0u32, 0u32, state)));
        }
        while let Some(Reverse((d, h, u))) = heap.pop() {
            if (d, h) != search.dist[u as usize] {
                continue;
            }
            search.settled.push(u);
            let at = (u / 2) as usize;
            if target[at] {
                target[at] = false;
                waiting -= 1;
                if waiting == 0 {
                    search.stopped_at = Some((d, h));
                    break;
                }
            }
            let side = self.presenter(u) as usize;
            let range = self.first[at] as usize..self.first[at + 1] as usize;
            for ((cost, &to), hop) in costs[range.clone()].iter().zip(&self.to[range.clone()]).zip(range) {
                let next = (d + u32::from(cost[side]), h + 1);
                let v = self.arrive(u, to) as usize;
                if next < search.dist[v] {
                    search.dist[v] = next;
                    search.pred[v] = u32::try_from(hop).unwrap_or(NONE);
                    search.prev[v] = u;
                    heap.push(Reverse((next.0, next.1, v as u32)));
                }
            }
        }
        search
    }
}

/// The result of one search, per state (`2c` and `2c + 1`, see the module documentation).
pub(super) struct Search {
    /// (controls, hops) from the nearest seed; `NONE` where not reached.
    pub(super) dist: Vec<(u32, u32)>,
    /// The hop a state was reached by; `NONE` for seeds and unreached states.
    pub(super) pred: Vec<u32>,
    /// The state that hop left.
    pub(super) prev: Vec<u32>,
    /// States in the order they were settled: a state's predecessor always comes before it, so facts about whole
    /// paths (their source, their unstated hops) follow in one pass instead of one walk per path.
    pub(super) settled: Vec<u32>,
    /// (controls, hops) of the last state settled, when the search stopped with every target settled (and maybe
    /// states it reaches unsettled); `None` when it settled every state it reaches.
    pub(super) stopped_at: Option<(u32, u32)>,
}

/// What a search found that says whether an edit of flows can change it ([`hop_leaves`]), kept across edits.
#[derive(Clone, Debug)]
pub(super) struct KeptSearch {
    /// Over the optimistic costs.
    optimistic: bool,
    /// Per state, (controls, hops) from the nearest seed: final where settled.
    dist: Vec<(u32, u32)>,
    /// Per state, when it was settled (`NONE`: it was not).
    rank: Vec<u32>,
    /// Per state, the state the hop it was reached by left ([`Search::prev`]).
    prev: Vec<u32>,
    /// Per state, the flow (position) of the hop it was reached by (`NONE`: a seed, or a hop without a flow).
    pred_flow: Vec<u32>,
    /// As [`Search::stopped_at`].
    stopped_at: Option<(u32, u32)>,
    /// Per flow (by position), whether its hop reached a settled state: removing another flow changes nothing the
    /// search found.
    on_tree: Vec<bool>,
}

impl KeptSearch {
    fn is_settled(&self, state: u32) -> bool {
        self.rank.get(state as usize).is_some_and(|&rank| rank != NONE)
    }

    /// Whether the settled state `v` was reached by a hop the search makes before a hop of the flow at position `f`
    /// (now; `shifted` moves its own positions there) leaving the settled state `u`: one that left a state settled
    /// before `u`, or an earlier flow's leaving `u` (hops keep flow order within a component, and hops without a flow
    /// come after every flow's).
    fn reached_before(&self, v: u32, (u, f): (u32, u32), shifted: &dyn Fn(u32) -> Option<u32>) -> bool {
        let rank = |s: u32| self.rank.get(s as usize).copied().unwrap_or(NONE);
        let Some(&p) = self.prev.get(v as usize).filter(|&&p| p != NONE) else { return false };
        if p != u {
            return rank(p) < rank(u);
        }
        let pred = self.pred_flow.get(v as usize).copied().unwrap_or(NONE);
        pred != NONE && shifted(pred).is_some_and(|pred| pred < f)
    }

    /// Whether the hop of the flow at position `f` reached a settled state.
    pub(super) fn on_tree(&self, f: u32) -> bool {
        self.on_tree.get(f as usize) == Some(&true)
    }

    /// Moves what it holds per flow to where the flows are after an edit that removed none of its tree's (`shifted`:
    /// where a flow is now, of `flows`).
    pub(super) fn shift(&mut self, shifted: &dyn Fn(u32) -> Option<u32>, flows: usize) {
        for f in &mut self.pred_flow {
            if *f != NONE {
                *f = shifted(*f).unwrap_or(NONE);
            }
        }
        let mut on_tree = vec![false; flows];
        for (f, _) in self.on_tree.iter().enumerate().filter(|(_, on)| **on) {
            if let Some(slot) = u32::try_from(f).ok().and_then(shifted).and_then(|f| on_tree.get_mut(f as usize)) {
                *slot = true;
            }
        }
        self.on_tree = on_tree;
    }
}

impl Search {
    /// What to keep of it ([`KeptSearch`]), over `graph`'s costs (`optimistic` or not).
    pub(super) fn keep(self, graph: &HopGraph, optimistic: bool, flows: usize) -> KeptSearch {
        let mut rank = vec![NONE; self.dist.len()];
        let mut pred_flow = vec![NONE; self.dist.len()];
        let mut on_tree = vec![false; flows];
        for (r, &state) in self.settled.iter().enumerate() {
            rank[state as usize] = u32::try_from(r).unwrap_or(NONE);
            if let Some(&via) = self.pred.get(state as usize).and_then(|&hop| graph.via.get(hop as usize))
                && let Some(slot) = on_tree.get_mut(via as usize)
            {
                *slot = true;
                pred_flow[state as usize] = via;
            }
        }
        let (dist, prev, stopped_at) = (self.dist, self.prev, self.stopped_at);
        KeptSearch { optimistic, dist, rank, prev, pred_flow, stopped_at, on_tree }
    }

    /// The state of `c` with the weakest path, if reached.
    pub(super) fn best(&self, c: ComponentIx) -> Option<u32> {
        let (a, b) = (2 * c.0, 2 * c.0 + 1);
        let d = |s: u32| self.dist.get(s as usize).copied().unwrap_or((NONE, NONE));
        let state = if d(a) <= d(b) { a } else { b };
        (d(state).0 != NONE).then_some(state)
    }

    /// Controls on the weakest path to `c`, if reached.
    pub(super) fn controls(&self, c: ComponentIx) -> Option<u32> {
        self.best(c).and_then(|s| self.dist.get(s as usize)).map(|d| d.0)
    }
}
