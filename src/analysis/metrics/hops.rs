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
use crate::model::{ComponentIx, ComponentKind as K, Flow, Model, Pattern};

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
fn costs(flow: Option<&Flow>, entered: Entered, mask: impl Fn(Presenter) -> controls::Mask) -> ([u8; 3], [u8; 3]) {
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

impl HopGraph {
    /// Who presents the credentials on hops leaving `state`: the source itself, a proxy forwarding the source's
    /// request (odd states), or a component that holds its own.
    pub(super) fn presenter(&self, state: u32) -> Presenter {
        if self.sources.get((state / 2) as usize) == Some(&true) {
            Presenter::Source
        } else if state % 2 == 1 {
            Presenter::Relay
        } else {
            Presenter::Held
        }
    }

    /// Whether a hop left from `state` lacks authentication only because the diagram does not say (its optimistic
    /// cost is higher).
    pub(super) fn unstated(&self, hop: usize, state: u32) -> bool {
        let i = self.presenter(state) as usize;
        self.optimistic.get(hop).map(|c| c[i]) > self.cost.get(hop).map(|c| c[i])
    }

    /// The state a hop from `state` arrives in.
    fn arrive(&self, state: u32, to: u32) -> u32 {
        let attacker = self.sources.get(to as usize) == Some(&true)
            || (state % 2 == 1 && self.relays.get(to as usize) == Some(&true));
        2 * to + u32::from(attacker)
    }

    /// Builds the hops: every flow (queue-receive reversed), then `implicit` hops `(from, into)` without a flow.
    pub(super) fn new(model: &Model, facts: &Facts, implicit: &[(ComponentIx, ComponentIx)]) -> Self {
        let n = model.components().len();
        let entered: Vec<Entered> = model.component_ixs().map(|c| Entered::of(model, facts, c)).collect();
        let mut hops: Vec<Hop> = Vec::with_capacity(model.flows().len() + implicit.len());
        for (f, flow) in model.flows_indexed() {
            let (caller, callee) = model.flow_ends(f);
            if flow.pattern == Pattern::QueueReceive {
                hops.push((callee.0, caller.0, f.0, [0; 3], [0; 3]));
            } else {
                let what = entered[callee.index()];
                let (cost, optimistic) = costs(Some(flow), what, |p| controls::forward(flow, what, p));
                hops.push((caller.0, callee.0, f.0, cost, optimistic));
            }
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
            relays: model.component_ixs().map(|c| matches!(model.kind(c), K::LoadBalancer | K::ApiGateway)).collect(),
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
}

impl Search {
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
