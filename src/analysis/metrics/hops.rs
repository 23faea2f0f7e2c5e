//! The attacker's hop graph for the defense-in-depth search, as compact adjacency arrays (built once, then searched
//! up to three times), and the multi-source Dijkstra search over it. Which hops exist and what they cost is
//! documented in `defense.rs`; the controls of a hop in `controls.rs`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::analysis::facts::Facts;
use crate::analysis::metrics::controls::{self, Entered};
use crate::model::{ComponentIx, Flow, Model, Pattern};

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
    /// Controls on it.
    cost: Vec<u8>,
    /// Controls on it, plus one where authentication is unstated.
    optimistic: Vec<u8>,
}

/// Cost of a hop: its controls, plus (when optimistic) one for authentication the diagram leaves unstated.
fn costs(flow: Option<&Flow>, entered: Entered, mask: controls::Mask) -> (u8, u8) {
    let cost = u8::try_from(controls::count(mask)).unwrap_or(u8::MAX);
    (cost, cost + u8::from(controls::unstated(flow, entered, mask)))
}

impl HopGraph {
    /// Whether a hop lacks authentication only because the diagram does not say (its optimistic cost is higher).
    pub(super) fn unstated(&self, hop: usize) -> bool {
        self.optimistic.get(hop) > self.cost.get(hop)
    }

    /// Builds the hops: every flow (queue-receive reversed), then `implicit` hops `(from, into)` without a flow.
    pub(super) fn new(model: &Model, facts: &Facts, implicit: &[(ComponentIx, ComponentIx)]) -> Self {
        let n = model.components().len();
        let entered: Vec<Entered> = model.component_ixs().map(|c| Entered::of(model, facts, c)).collect();
        let mut hops: Vec<(u32, u32, u32, u8, u8)> = Vec::with_capacity(model.flows().len() + implicit.len());
        for (f, flow) in model.flows_indexed() {
            let (caller, callee) = model.flow_ends(f);
            if flow.pattern == Pattern::QueueReceive {
                hops.push((callee.0, caller.0, f.0, 0, 0));
            } else {
                let what = entered[callee.index()];
                let (cost, optimistic) = costs(Some(flow), what, controls::forward(flow, what));
                hops.push((caller.0, callee.0, f.0, cost, optimistic));
            }
        }
        for &(from, into) in implicit {
            let what = entered[into.index()];
            let (cost, optimistic) = costs(None, what, controls::implicit(what));
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
        let mut graph =
            Self { first, from: vec![0; m], to: vec![0; m], via: vec![0; m], cost: vec![0; m], optimistic: vec![0; m] };
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

    /// Multi-source Dijkstra from `seeds` by (controls, hops); stops once every target is settled.
    pub(super) fn search(&self, seeds: &[ComponentIx], targets: &[ComponentIx], optimistic: bool) -> Search {
        let n = self.first.len() - 1;
        let costs = if optimistic { &self.optimistic } else { &self.cost };
        let mut search = Search { dist: vec![(NONE, NONE); n], pred: vec![NONE; n], settled: Vec::new() };
        let mut target = vec![false; n];
        for t in targets {
            target[t.index()] = true;
        }
        let mut waiting = targets.len();
        let mut heap = BinaryHeap::new();
        for s in seeds {
            search.dist[s.index()] = (0, 0);
            heap.push(Reverse((0u32, 0u32, s.0)));
        }
        while let Some(Reverse((d, h, u))) = heap.pop() {
            let at = u as usize;
            if (d, h) != search.dist[at] {
                continue;
            }
            search.settled.push(u);
            if target[at] {
                waiting -= 1;
                if waiting == 0 {
                    break;
                }
            }
            let range = self.first[at] as usize..self.first[at + 1] as usize;
            for ((&cost, &to), hop) in costs[range.clone()].iter().zip(&self.to[range.clone()]).zip(range) {
                let next = (d + u32::from(cost), h + 1);
                if next < search.dist[to as usize] {
                    search.dist[to as usize] = next;
                    search.pred[to as usize] = u32::try_from(hop).unwrap_or(NONE);
                    heap.push(Reverse((next.0, next.1, to)));
                }
            }
        }
        search
    }
}

/// The result of one search.
pub(super) struct Search {
    /// (controls, hops) from the nearest seed; `NONE` where not reached.
    pub(super) dist: Vec<(u32, u32)>,
    /// The hop a component was reached by; `NONE` for seeds and unreached components.
    pub(super) pred: Vec<u32>,
    /// Components in the order they were settled: a component's predecessor always comes before it, so facts about
    /// whole paths (their source, their unstated hops) follow in one pass instead of one walk per path.
    pub(super) settled: Vec<u32>,
}

impl Search {
    /// Controls on the weakest path to `c`, if reached.
    pub(super) fn controls(&self, c: ComponentIx) -> Option<u32> {
        self.dist.get(c.index()).map(|d| d.0).filter(|&d| d != NONE)
    }
}
