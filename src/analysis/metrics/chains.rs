//! Synchronous call chains (docs/security-model.md#communication: the caller fails when the callee does).
//!
//! Over the `sync-request` flows between the application's own components (flows from or to the internet or an
//! outside user are left out: they are callers of the system, not links of its availability chain), cycles are
//! collapsed into one step (strongly connected components, iterative Tarjan in `scc.rs`) and the longest path of the
//! resulting DAG is found by dynamic programming: Tarjan emits components callees-first, so each component's longest
//! chain is its best callee's plus the hop to it, already known. O(components + flows).
//!
//! A hop out of a load balancer or API gateway counts 0: the proxy forwards the call that reached it and adds no
//! service of its own, so `ALB -> A -> B` and `A -> internal ALB -> B` are both one hop (A waits for B).
//!
//! A *chain start* is a step that makes at least one synchronous call and that no other step calls synchronously.
//! Ties are broken towards the callee with the smallest id, so results do not depend on flow order.

use crate::analysis::metrics::SyncChain;
use crate::analysis::metrics::scc::{Csr, tarjan};
use crate::model::{ComponentIx, ComponentKind, Model, Pattern};

const NONE: u32 = u32::MAX;

/// How many components of a chain a finding names before jumping to its end (`long-sync-chain`).
const SHOWN_OF_CHAIN: usize = 16;

/// One chain start and the length of the longest chain from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainStart {
    /// The component that makes the first call.
    pub first: ComponentIx,
    /// Hops of the longest chain from it, with cycles collapsed and hops out of proxies not counted.
    pub hops: usize,
    step: u32,
}

/// The condensed synchronous call graph with the longest chain from every step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncChains {
    /// Per step (strongly connected component): hops of its longest chain.
    longest: Vec<u32>,
    /// Per step: the member that makes the chain's next call, and the callee it calls (`NONE` at the end).
    leave: Vec<u32>,
    enter: Vec<u32>,
    /// Per step: how many components its chain's path lists after the member it leaves from, and the last of them
    /// (`NONE` when it makes no call out of the step), so a long chain is summed up without walking it.
    tail_len: Vec<u32>,
    tail_last: Vec<u32>,
    /// Step of every component.
    step_of: Vec<u32>,
    /// Chain starts, in order of their first component.
    starts: Vec<ChainStart>,
    /// The calls they were found from, in flow order (`SyncChains::compute_after`).
    calls: Vec<(u32, u32)>,
}

fn as_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

impl SyncChains {
    /// Condenses the synchronous call graph of a model and finds the longest chain from every step.
    pub fn compute(model: &Model) -> Self {
        Self::of_calls(model, Self::calls(model))
    }

    /// [`SyncChains::compute`], or `last` again when the model has the calls `last` was found from (in a live
    /// analysis, whose model changes kinds only by being built again: the calls and which components are proxies
    /// are all the chains read); with `last` when they are new.
    pub fn compute_after(model: &Model, last: Self) -> (Self, Option<Self>) {
        let calls = Self::calls(model);
        if calls == last.calls && (calls.is_empty() || last.step_of.len() == model.components().len()) {
            // Alike, if not numbered alike after components came or went (`SyncChains::shift`).
            debug_assert!(
                Self::of_calls(model, calls).changed_starts(&last).is_empty(),
                "the chains of the same calls"
            );
            return (last, None);
        }
        (Self::of_calls(model, calls), Some(last))
    }

    /// The synchronous calls between the application's own components, in flow order.
    fn calls(model: &Model) -> Vec<(u32, u32)> {
        let actor = |c: ComponentIx| matches!(model.kind(c), ComponentKind::Internet | ComponentKind::User);
        model
            .flows_indexed()
            .filter(|&(f, _)| model.pattern(f) == Pattern::SyncRequest)
            .filter_map(|(f, _)| {
                let (a, b) = model.flow_ends(f);
                (a != b && !actor(a) && !actor(b)).then_some((a.0, b.0))
            })
            .collect()
    }

    fn of_calls(model: &Model, calls: Vec<(u32, u32)>) -> Self {
        let proxy = |c: ComponentIx| matches!(model.kind(c), ComponentKind::LoadBalancer | ComponentKind::ApiGateway);
        if calls.is_empty() {
            return Self::default();
        }
        let n = model.components().len();
        let graph = Csr::new(n, &calls);
        let mut chains = Self { step_of: vec![NONE; n], ..Self::default() };
        let mut called = Vec::new();
        tarjan(&graph, |members| {
            let step = as_u32(chains.longest.len());
            for &m in members {
                chains.step_of[m as usize] = step;
            }
            let (mut best, mut leave, mut enter) = (0u32, NONE, NONE);
            for &m in members {
                let weight = u32::from(!proxy(ComponentIx(m)));
                for e in graph.edges(m) {
                    let target = graph.target(e);
                    let next = chains.step_of[target as usize];
                    if next == step || next == NONE {
                        continue;
                    }
                    if let Some(flag) = called.get_mut(next as usize) {
                        *flag = true;
                    }
                    let length = chains.longest[next as usize] + weight;
                    if length > best || (length == best && (enter == NONE || target < enter)) {
                        (best, leave, enter) = (length, m, target);
                    }
                }
            }
            let (tail_len, tail_last) = match chains.step_of.get(enter as usize).map(|&s| s as usize) {
                Some(next) => {
                    let after = chains.tail_len.get(next).copied().unwrap_or(0);
                    let last = chains.tail_last.get(next).copied().filter(|&l| l != NONE).unwrap_or(enter);
                    (after + 1, last)
                }
                None => (0, NONE),
            };
            chains.longest.push(best);
            chains.leave.push(leave);
            chains.enter.push(enter);
            chains.tail_len.push(tail_len);
            chains.tail_last.push(tail_last);
            called.push(false);
        });
        for (step, &length) in chains.longest.iter().enumerate() {
            if length > 0 && !called[step] {
                let first = ComponentIx(chains.leave[step]);
                chains.starts.push(ChainStart { first, hops: length as usize, step: as_u32(step) });
            }
        }
        crate::sorting::sort_by_key(&mut chains.starts, |s| s.first);
        chains.calls = calls;
        chains
    }

    /// The same chains in a model where a component without flows was added or removed (`shift`): every component
    /// position moved. Steps keep their numbers (a fresh computation may number them otherwise, which
    /// [`SyncChains::changed_starts`] does not mind).
    pub fn shift(&mut self, shift: &crate::model::changes::ComponentShift) {
        let moved = |c: u32| if c == NONE { NONE } else { shift.shifted(ComponentIx(c)).map_or(NONE, |c| c.0) };
        for list in [&mut self.leave, &mut self.enter, &mut self.tail_last] {
            for c in list.iter_mut() {
                *c = moved(*c);
            }
        }
        for (a, b) in &mut self.calls {
            (*a, *b) = (moved(*a), moved(*b));
        }
        if !self.step_of.is_empty() {
            let at = shift.at.index();
            if shift.added && at <= self.step_of.len() {
                self.step_of.insert(at, NONE);
            } else if !shift.added && at < self.step_of.len() {
                self.step_of.remove(at);
            }
        }
        self.starts.retain_mut(|start| match shift.shifted(start.first) {
            Some(first) => {
                start.first = first;
                true
            }
            None => false,
        });
    }

    /// Every chain start with the length of its longest chain, in order of the first component.
    pub fn starts(&self) -> &[ChainStart] {
        &self.starts
    }

    /// The chain start at `c`, if it is one.
    pub fn start_of(&self, c: ComponentIx) -> Option<&ChainStart> {
        self.starts.binary_search_by_key(&c, |s| s.first).ok().and_then(|i| self.starts.get(i))
    }

    /// What a finding names of the chain from `start`: [`SyncChains::path_prefix`] of [`SHOWN_OF_CHAIN`].
    pub fn named_prefix(&self, start: &ChainStart) -> (Vec<ComponentIx>, usize, ComponentIx) {
        self.path_prefix(start, SHOWN_OF_CHAIN)
    }

    /// The components that are a chain start here or in `old` (the chains of a model with the same components) and
    /// whose chain differs in hops or in what a finding names of it: its first [`SHOWN_OF_CHAIN`] components, its
    /// length and its last component.
    pub fn changed_starts(&self, old: &Self) -> Vec<ComponentIx> {
        let (mut a, mut b) = (self.starts.iter().peekable(), old.starts.iter().peekable());
        let mut changed = Vec::new();
        loop {
            let (new, was) = match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some(x), Some(y)) if x.first == y.first => (a.next(), b.next()),
                (Some(x), Some(y)) if x.first < y.first => (a.next(), None),
                (Some(_), None) => (a.next(), None),
                _ => (None, b.next()),
            };
            match (new, was) {
                (Some(x), Some(y)) if x.hops == y.hops && self.names_alike(x, old, y) => {}
                (Some(x), _) => changed.push(x.first),
                (None, Some(y)) => changed.push(y.first),
                (None, None) => {}
            }
        }
        changed
    }

    /// Whether what a finding names of the chain from `x` here ([`SyncChains::named_prefix`]) is what it names of the
    /// chain from `y` in `old`, compared step by step.
    fn names_alike(&self, x: &ChainStart, old: &Self, y: &ChainStart) -> bool {
        self.tail(x) == old.tail(y) && self.walk(x).take(SHOWN_OF_CHAIN).eq(old.walk(y).take(SHOWN_OF_CHAIN))
    }

    /// The components along the longest chain from a start, one by one: the first caller, then where the chain enters
    /// each next step.
    fn walk(&self, start: &ChainStart) -> impl Iterator<Item = ComponentIx> + '_ {
        let (mut first, mut step) = (Some(start.first), start.step as usize);
        std::iter::from_fn(move || {
            if let Some(first) = first.take() {
                return Some(first);
            }
            let &enter = self.enter.get(step).filter(|&&e| e != NONE)?;
            step = self.step_of.get(enter as usize).map_or(usize::MAX, |&s| s as usize);
            Some(ComponentIx(enter))
        })
    }

    /// The full length of the chain from a start, and its last component.
    fn tail(&self, start: &ChainStart) -> (usize, ComponentIx) {
        let step = start.step as usize;
        let len = 1 + self.tail_len.get(step).copied().unwrap_or(0) as usize;
        let last = self.tail_last.get(step).copied().filter(|&l| l != NONE).map_or(start.first, ComponentIx);
        (len, last)
    }

    /// The components along the longest chain from a start: the first caller, then where the chain enters each next
    /// step.
    pub fn path(&self, start: &ChainStart) -> Vec<ComponentIx> {
        self.walk(start).collect()
    }

    /// At most `max` components of [`SyncChains::path`] from its beginning, with the path's full length and last
    /// component, in time proportional to `max`.
    pub fn path_prefix(&self, start: &ChainStart, max: usize) -> (Vec<ComponentIx>, usize, ComponentIx) {
        let (len, last) = self.tail(start);
        (self.walk(start).take(max.max(1)).collect(), len, last)
    }

    /// The longest chain of all (ties: the start with the smallest id).
    pub fn longest(&self, model: &Model) -> Option<SyncChain> {
        let start = self.starts.iter().fold(None::<&ChainStart>, |best, s| match best {
            Some(b) if b.hops >= s.hops => Some(b),
            _ => Some(s),
        })?;
        let path = self.path(start).into_iter().map(|c| model.component_id(c).clone()).collect();
        Some(SyncChain { length: start.hops, path })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::TestDiagram;
    use crate::model::ComponentKind as K;

    fn ids(model: &Model, path: &[ComponentIx]) -> Vec<String> {
        path.iter().map(|&c| model.component_id(c).to_string()).collect()
    }

    fn services(names: &[&str]) -> TestDiagram {
        let mut d = TestDiagram::new().component("internet", K::Internet, None).component("acct", K::AwsAccount, None);
        for name in names {
            d = d.component(name, K::Lambda, Some("acct"));
        }
        d
    }

    #[test]
    fn longest_chain_collapses_cycles_and_ignores_outside_callers() {
        let model = services(&["a", "b", "c", "d", "e", "x"])
            .flow("internet", "a", Pattern::SyncRequest)
            .flow("a", "b", Pattern::SyncRequest)
            .flow("b", "c", Pattern::SyncRequest)
            .flow("c", "b", Pattern::SyncRequest)
            .flow("c", "d", Pattern::SyncRequest)
            .flow("d", "e", Pattern::SyncRequest)
            .flow("x", "e", Pattern::SyncRequest)
            .flow("a", "x", Pattern::DataWrite)
            .build();
        let chains = SyncChains::compute(&model);
        let starts: Vec<(String, usize)> =
            chains.starts().iter().map(|s| (model.component_id(s.first).to_string(), s.hops)).collect();
        assert_eq!(starts, [("a".to_owned(), 3), ("x".to_owned(), 1)]);
        assert_eq!(ids(&model, &chains.path(&chains.starts()[0])), ["a", "b", "d", "e"]);
        let longest = chains.longest(&model).unwrap();
        assert_eq!(longest.length, 3);
        assert_eq!(longest.path.iter().map(|i| i.as_str()).collect::<Vec<_>>(), ["a", "b", "d", "e"]);
    }

    #[test]
    fn a_pure_cycle_is_one_step_and_no_chain() {
        let model =
            services(&["a", "b"]).flow("a", "b", Pattern::SyncRequest).flow("b", "a", Pattern::SyncRequest).build();
        let chains = SyncChains::compute(&model);
        assert!(chains.starts().is_empty());
        assert_eq!(chains.longest(&model), None);
    }

    #[test]
    fn a_cycle_at_the_head_starts_at_the_member_that_leaves_it_and_ties_pick_the_smallest_callee() {
        let model = services(&["a", "b", "c", "d"])
            .flow("a", "b", Pattern::SyncRequest)
            .flow("b", "a", Pattern::SyncRequest)
            .flow("b", "d", Pattern::SyncRequest)
            .flow("b", "c", Pattern::SyncRequest)
            .build();
        let chains = SyncChains::compute(&model);
        assert_eq!(chains.starts().len(), 1);
        assert_eq!(ids(&model, &chains.path(&chains.starts()[0])), ["b", "c"]);
    }

    #[test]
    fn hops_out_of_load_balancers_and_gateways_do_not_count() {
        let model = services(&["a", "b", "c"])
            .component("alb", K::LoadBalancer, None)
            .component("inner", K::LoadBalancer, None)
            .flow("alb", "a", Pattern::SyncRequest)
            .flow("a", "inner", Pattern::SyncRequest)
            .flow("inner", "b", Pattern::SyncRequest)
            .flow("b", "c", Pattern::SyncRequest)
            .build();
        let chains = SyncChains::compute(&model);
        assert_eq!(chains.starts().len(), 1);
        assert_eq!(chains.starts()[0].hops, 2, "a -> inner -> b is one hop, b -> c another");
        assert_eq!(ids(&model, &chains.path(&chains.starts()[0])), ["alb", "a", "inner", "b", "c"]);
    }

    #[test]
    fn no_sync_flows_means_no_chains() {
        let model = services(&["a", "b"]).flow("a", "b", Pattern::DataRead).build();
        assert_eq!(SyncChains::compute(&model), SyncChains::default());
    }

    /// Sync calls between lambdas (every name a lambda in one account).
    fn calls(names: &[&str], links: &[(&str, &str)]) -> Model {
        let mut d = TestDiagram::new().component("acct", K::AwsAccount, None);
        for name in names {
            d = d.component(name, K::Lambda, Some("acct"));
        }
        for &(from, to) in links {
            d = d.flow(from, to, Pattern::SyncRequest);
        }
        d.build()
    }

    fn changed(names: &[&str], before: &[(&str, &str)], after: &[(&str, &str)]) -> Vec<String> {
        let (old, new) = (calls(names, before), calls(names, after));
        let starts = SyncChains::compute(&new).changed_starts(&SyncChains::compute(&old));
        ids(&new, &starts)
    }

    #[test]
    fn changed_starts_name_every_start_whose_finding_would_differ() {
        // A cycle {p, q} whose chain leaves from p, until a longer one leaves from q: p stops being the start.
        let names = ["p", "q", "v", "w", "x", "y", "z"];
        let base = [("p", "q"), ("q", "p"), ("p", "x"), ("x", "y"), ("q", "z")];
        let longer = [&base[..], &[("z", "w"), ("w", "v")]].concat();
        assert_eq!(changed(&names, &base, &longer), ["p", "q"]);
        assert_eq!(changed(&names, &longer, &base), ["p", "q"]);
        // Same hops, another path (ties go to the smaller callee id): s's chain changes far from s.
        let names = ["s", "t", "u", "v", "x", "y"];
        let tie = [("s", "t"), ("t", "u"), ("t", "v"), ("u", "x"), ("v", "y")];
        assert_eq!(changed(&names, &tie, &tie[..4]), Vec::<String>::new());
        assert_eq!(changed(&names, &tie, &[tie[0], tie[1], tie[2], tie[4]]), ["s"]);
        // Unchanged chains are not named.
        assert!(changed(&names, &tie, &tie).is_empty());
    }
}
