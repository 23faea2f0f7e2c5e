//! The search: a 0-1 breadth-first search over the states of a [`BlastGraph`] (steps that stay on one component or
//! pass through a hidden state cost no hop) with parent pointers, so every reached component gets its fewest hops,
//! the mechanism of its last step, the lowest likelihood of an uncertain step on the way, and the path.
//! All scratch arrays are allocated once per [`Scratch`] and reset in time proportional to what was touched.

use std::collections::{BTreeMap, VecDeque};

use crate::analysis::blast::graph::{BlastGraph, NONE};
use crate::analysis::blast::mechanism::Mechanism;
use crate::analysis::blast::{BlastRadius, Level, Reached, Start};
use crate::analysis::severity::Likelihood;
use crate::model::ComponentIx;

/// Reusable search state for one graph.
#[derive(Debug)]
pub(crate) struct Scratch {
    dist: Vec<u32>,
    parent: Vec<u32>,
    via: Vec<u32>,
    done: Vec<bool>,
    counted: Vec<bool>,
    touched: Vec<u32>,
    /// States in the order they were done: a state's parent is always done before it.
    order: Vec<u32>,
    deque: VecDeque<u32>,
}

impl Scratch {
    pub(crate) fn new(graph: &BlastGraph) -> Self {
        let states = graph.state_count();
        Self {
            dist: vec![u32::MAX; states],
            parent: vec![NONE; states],
            via: vec![NONE; states],
            done: vec![false; states],
            counted: vec![false; graph.component_count()],
            touched: Vec::new(),
            order: Vec::new(),
            deque: VecDeque::new(),
        }
    }

    fn reset(&mut self) {
        for &s in &self.touched {
            let i = s as usize;
            self.dist[i] = u32::MAX;
            self.parent[i] = NONE;
            self.via[i] = NONE;
            self.done[i] = false;
            if let Some(c) = self.counted.get_mut(i / 2) {
                *c = false;
            }
        }
        self.touched.clear();
        self.order.clear();
        self.deque.clear();
    }

    fn discover(&mut self, state: u32, dist: u32, parent: u32, via: u32) {
        let i = state as usize;
        if self.dist[i] == u32::MAX {
            self.touched.push(state);
        }
        self.dist[i] = dist;
        self.parent[i] = parent;
        self.via[i] = via;
    }
}

impl BlastGraph {
    /// The state a start begins in, and the component not to count as reached (the start itself).
    fn seed(&self, start: Start) -> (u32, u32) {
        match start {
            Start::Component(c) => (c.0 * 2, c.0),
            Start::Internet => (self.internet_state(), NONE),
            Start::Insider => (self.insider_state(), NONE),
        }
    }

    /// Runs the search; stops once `stop_after` components are reached. Returns how many were, and whether the
    /// search ran to its end.
    fn run(&self, scratch: &mut Scratch, start: Start, stop_after: usize) -> (usize, bool) {
        scratch.reset();
        let (seed, skip) = self.seed(start);
        if seed as usize >= self.state_count() {
            return (0, true);
        }
        scratch.discover(seed, 0, NONE, NONE);
        scratch.deque.push_back(seed);
        let mut count = 0;
        while let Some(u) = scratch.deque.pop_front() {
            let ui = u as usize;
            if scratch.done[ui] {
                continue;
            }
            scratch.done[ui] = true;
            scratch.order.push(u);
            if let Some(c) = self.component_of(u)
                && c != skip
                && !scratch.counted[c as usize]
            {
                scratch.counted[c as usize] = true;
                count += 1;
                if count >= stop_after {
                    return (count, false);
                }
            }
            let base = scratch.dist[ui];
            for e in self.edge_range(u) {
                let v = self.target(e);
                let hop = self.label(e).hop();
                let d = base + u32::from(hop);
                if d < scratch.dist[v as usize] {
                    scratch.discover(v, d, u, u32::try_from(e).unwrap_or(NONE));
                    if hop {
                        scratch.deque.push_back(v);
                    } else {
                        scratch.deque.push_front(v);
                    }
                }
            }
        }
        (count, true)
    }

    /// Everything an attacker reaches from `start`, sorted by hops, then component id.
    pub fn radius(&self, start: Start) -> BlastRadius {
        self.radius_bounded(start, usize::MAX)
    }

    /// Like [`BlastGraph::radius`], but stops once `stop_after` components are reached (`complete` says whether it
    /// stopped early); those found are the nearest ones.
    pub fn radius_bounded(&self, start: Start, stop_after: usize) -> BlastRadius {
        let mut scratch = Scratch::new(self);
        let (_, complete) = self.run(&mut scratch, start, stop_after);
        let trail = self.trail(&scratch);
        let reached = self.collect(&scratch, start, &trail);
        let back = crate::sorting::map(
            trail.back.iter().filter(|&(_, &b)| b != NONE).map(|(&s, &b)| (s, (b, self.display(b)))),
        );
        BlastRadius { start, posture: self.posture(), reached, complete, back }
    }

    fn collect(&self, scratch: &Scratch, start: Start, trail: &Trail) -> Vec<Reached> {
        let (_, skip) = self.seed(start);
        let mut found: Vec<(u32, u32)> = Vec::new();
        for &s in &scratch.touched {
            let Some(c) = self.component_of(s) else { continue };
            if c == skip || !scratch.done[s as usize] {
                continue;
            }
            let is_control = s.is_multiple_of(2);
            if is_control || !scratch.done[2 * c as usize] {
                found.push((scratch.dist[s as usize], s));
            }
        }
        crate::sorting::sort_by_key(&mut found, |&(hops, s)| (hops, s / 2));
        found.into_iter().map(|(hops, s)| self.reached(scratch, trail, s, hops)).collect()
    }

    /// What every done state's path says, in one pass over the states in done order (parents first): the lowest
    /// likelihood on it, and the previous state shown as another component. Paths are then walked only on request,
    /// so a radius of n components along a chain costs O(n), not O(n^2).
    fn trail(&self, scratch: &Scratch) -> Trail {
        let mut trail = Trail::default();
        for &s in &scratch.order {
            let i = s as usize;
            let parent = scratch.parent[i];
            let via = scratch.via[i];
            let step = if via == NONE { None } else { self.label(via as usize).likelihood() };
            let inherited = trail.likelihood.get(&parent).copied().flatten();
            let likelihood = match (inherited, step) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            trail.likelihood.insert(s, likelihood);
            // The nearest shown ancestor (or the parent's own), skipping ancestors shown as this state's component.
            let nearest = if parent == NONE {
                NONE
            } else if self.display(parent) != NONE {
                parent
            } else {
                trail.nearest.get(&parent).copied().unwrap_or(NONE)
            };
            trail.nearest.insert(s, nearest);
            let shown = self.display(s);
            if shown != NONE {
                let mut back = nearest;
                while back != NONE && self.display(back) == shown {
                    back = trail.back.get(&back).copied().unwrap_or(NONE);
                }
                trail.back.insert(s, back);
            }
        }
        trail
    }

    /// The mechanism that brought the attacker to this component: the last step that arrived from another
    /// component (steps inside one component, such as reading a store after reaching it, do not count), or unsafe
    /// input execution, which turns influence into control.
    fn last_mechanism(&self, scratch: &Scratch, state: u32) -> Mechanism {
        let mut at = state;
        let mut first = None;
        while at != NONE {
            let via = scratch.via[at as usize];
            if via == NONE {
                break;
            }
            let label = self.label(via as usize);
            first.get_or_insert(label.mechanism());
            at = scratch.parent[at as usize];
            if label.hop() || label.mechanism() == Mechanism::ExecutesInput {
                // A step out of a hidden state ("every pod on the node") happens by the step that entered it.
                let mut mechanism = label.mechanism();
                while at != NONE && self.display(at) == NONE && scratch.via[at as usize] != NONE {
                    mechanism = self.label(scratch.via[at as usize] as usize).mechanism();
                    at = scratch.parent[at as usize];
                }
                return mechanism;
            }
        }
        first.unwrap_or(Mechanism::Flow)
    }

    fn reached(&self, scratch: &Scratch, trail: &Trail, state: u32, hops: u32) -> Reached {
        let back = trail.back.get(&state).copied().unwrap_or(NONE);
        Reached {
            component: ComponentIx(state / 2),
            level: if state.is_multiple_of(2) { Level::Control } else { Level::Influence },
            hops,
            mechanism: self.last_mechanism(scratch, state),
            likelihood: trail.likelihood.get(&state).copied().flatten(),
            previous: (back != NONE).then(|| ComponentIx(self.display(back))),
            state,
        }
    }
}

/// Facts about the path of every done state of one search.
#[derive(Default)]
struct Trail {
    likelihood: BTreeMap<u32, Option<Likelihood>>,
    /// The nearest ancestor state shown as a component.
    nearest: BTreeMap<u32, u32>,
    /// Per shown state: the previous state on its path shown as a different component (`NONE` at the start).
    back: BTreeMap<u32, u32>,
}
