//! Strongly connected components of a [`BlastGraph`] (iterative Tarjan, so deep graphs cannot overflow the stack,
//! here or in the browser). Components are numbered in the order Tarjan completes them, which is a reverse
//! topological order: a step between two components always goes to a lower number.

use crate::analysis::blast::graph::{BlastGraph, NONE};

/// A step put in (`true`) or taken out: from, which, to.
pub(super) type StepChange = (u32, bool, u32);

/// The condensation of the state graph.
#[derive(Clone, Debug)]
pub(super) struct Condensation {
    /// Per state, its component.
    pub comp: Vec<u32>,
    /// Members of component `k`: `members[starts[k]..starts[k + 1]]`.
    starts: Vec<u32>,
    members: Vec<u32>,
}

impl Condensation {
    /// How many components.
    pub fn count(&self) -> usize {
        self.starts.len() - 1
    }

    /// The states of one component.
    pub fn members(&self, k: usize) -> &[u32] {
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&a), Some(&b)) => self.members.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Condenses the graph.
pub(super) fn condense(graph: &BlastGraph) -> Condensation {
    tarjan(graph, 0..u32::try_from(graph.state_count()).unwrap_or(0), |_| true)
}

/// The strongly connected components of the states `inside` accepts, over the steps between them, found from each of
/// `roots` in turn (every state inside among them). `comp` holds their numbers (and [`NONE`] for the states outside);
/// `members` lists only the states inside.
fn tarjan(graph: &BlastGraph, roots: impl Iterator<Item = u32>, inside: impl Fn(u32) -> bool) -> Condensation {
    let n = graph.state_count();
    let mut index = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![NONE; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut call: Vec<(u32, usize)> = Vec::new();
    let mut starts = vec![0u32];
    let mut members: Vec<u32> = Vec::with_capacity(roots.size_hint().0);
    let mut counter = 0u32;
    for root in roots {
        if index[root as usize] != NONE {
            continue;
        }
        index[root as usize] = counter;
        low[root as usize] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        call.push((root, graph.edge_range(root).start));
        while let Some(top) = call.last_mut() {
            let v = top.0;
            if top.1 < graph.edge_range(v).end {
                let w = graph.target(top.1);
                top.1 += 1;
                let wi = w as usize;
                if !inside(w) {
                    continue;
                }
                if index[wi] == NONE {
                    index[wi] = counter;
                    low[wi] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[wi] = true;
                    call.push((w, graph.edge_range(w).start));
                } else if on_stack[wi] {
                    low[v as usize] = low[v as usize].min(index[wi]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent as usize] = low[parent as usize].min(low[v as usize]);
            }
            if low[v as usize] == index[v as usize] {
                let k = u32::try_from(starts.len() - 1).unwrap_or(NONE);
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    comp[w as usize] = k;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                starts.push(u32::try_from(members.len()).unwrap_or(NONE));
            }
        }
    }
    Condensation { comp, starts, members }
}

impl Condensation {
    /// The condensation of a graph whose states are this one's moved by `table` (old state -> new; gone: [`NONE`]),
    /// with new states that form the strongly connected components `bottom` (each reaching only those before it) and
    /// `top` (each reached by none and reaching none of them), numbered before and after the others. `None` when a
    /// component loses some of its states but not all (it may split), or a state of the `states` now has no component.
    pub(super) fn rearranged(
        &self,
        states: usize,
        table: &[u32],
        (bottom, top): (&[&[u32]], &[&[u32]]),
    ) -> Option<Self> {
        let table = |s: u32| table.get(s as usize).copied().unwrap_or(NONE);
        let (mut comp, mut members) = (vec![NONE; states], Vec::with_capacity(states));
        let mut starts = Vec::with_capacity(self.starts.len() + bottom.len() + top.len());
        starts.push(0);
        let mut put = |states: &mut dyn Iterator<Item = u32>| -> Option<()> {
            let k = u32::try_from(starts.len() - 1).ok()?;
            for s in states {
                *comp.get_mut(s as usize)? = k;
                members.push(s);
            }
            starts.push(u32::try_from(members.len()).ok()?);
            Some(())
        };
        for &new in bottom {
            put(&mut new.iter().copied())?;
        }
        for k in 0..self.count() {
            let old = self.members(k);
            let gone = old.iter().filter(|&&s| table(s) == NONE).count();
            if gone == old.len() {
                continue;
            }
            if gone > 0 {
                return None;
            }
            put(&mut old.iter().map(|&s| table(s)))?;
        }
        for &new in top {
            put(&mut new.iter().copied())?;
        }
        (!comp.contains(&NONE)).then_some(Self { comp, starts, members })
    }
}

impl Condensation {
    /// The condensation of `graph`, whose steps are this condensation's graph's with the step `changes` (from, put in
    /// or taken out, to) made: only the components a change can join or split are condensed again. A step put in
    /// that goes to a higher component may close cycles, all of them through components numbered between its ends
    /// (every other step goes down); a step taken out inside a component may split it. So the components from the
    /// lowest such number to the highest are condensed again, by themselves, and put in their place; those below keep
    /// their numbers and those above move by how many fewer or more there are. Steps put in that go down, and steps
    /// taken out between components, change nothing. `None` when a change names a state it does not have. Debug builds
    /// compare the result with a fresh condensation.
    pub(super) fn after(self, graph: &BlastGraph, changes: &[StepChange]) -> Option<Self> {
        let comp = |s: u32| self.comp.get(s as usize).copied();
        // A step both taken out and put in (a flow whose other steps changed) stays.
        let mut net: Vec<(u32, u32, bool)> = changes.iter().map(|&(from, put, to)| (from, to, put)).collect();
        crate::sorting::sort(&mut net);
        let mut window: Option<(u32, u32)> = None;
        let mut widen = |lo: u32, hi: u32| {
            window = Some(window.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        };
        for run in net.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let (from, to) = (run[0].0, run[0].1);
            let (put, out) = (run.iter().filter(|c| c.2).count(), run.iter().filter(|c| !c.2).count());
            let (a, b) = (comp(from)?, comp(to)?);
            if put > out && b > a {
                widen(a, b);
            } else if out > put && a == b {
                widen(a, a);
            }
        }
        let Some((lo, hi)) = window else { return Some(self) };
        let inside = |s: u32| self.comp.get(s as usize).is_some_and(|&k| (lo..=hi).contains(&k));
        let roots = (lo..=hi).flat_map(|k| self.members(k as usize).iter().copied());
        let part = tarjan(graph, roots, inside);
        // Below the window as it was, then the window's components, then those above it, renumbered.
        let (below, above) = (self.starts[lo as usize] as usize, self.starts[hi as usize + 1] as usize);
        let was = hi - lo + 1;
        let now = u32::try_from(part.count()).ok()?;
        let mut starts = Vec::with_capacity(self.starts.len() + now as usize - was as usize);
        starts.extend_from_slice(&self.starts[..=lo as usize]);
        starts.extend(part.starts[1..].iter().map(|&start| start + below as u32));
        starts.extend(self.starts[hi as usize + 2..].iter().copied());
        let mut members = self.members;
        members[below..above].copy_from_slice(&part.members);
        let mut comp = self.comp;
        for &s in &part.members {
            comp[s as usize] = lo + part.comp[s as usize];
        }
        if now != was {
            for &s in &members[above..] {
                comp[s as usize] = comp[s as usize] + now - was;
            }
        }
        let after = Self { comp, starts, members };
        debug_assert!(same_components(graph, &after, &condense(graph)), "the condensation after {changes:?}");
        Some(after)
    }
}

/// Whether `cond` is a condensation of `graph` with the components of `fresh` (in any numbering) and numbered so that
/// every step goes to the same component or a lower one.
pub(super) fn same_components(graph: &BlastGraph, cond: &Condensation, fresh: &Condensation) -> bool {
    let states = graph.state_count();
    if cond.comp.len() != states || fresh.comp.len() != states || cond.count() != fresh.count() {
        return false;
    }
    let mut to_fresh = vec![NONE; cond.count()];
    let mapped = (0..states).all(|s| {
        let (k, f) = (cond.comp[s] as usize, fresh.comp[s]);
        match to_fresh.get_mut(k) {
            Some(slot) if *slot == NONE || *slot == f => {
                *slot = f;
                true
            }
            _ => false,
        }
    });
    let ordered =
        (0..states as u32).all(|s| graph.successors(s).iter().all(|&t| cond.comp[t as usize] <= cond.comp[s as usize]));
    let listed = (0..cond.count()).all(|k| cond.members(k).iter().all(|&s| cond.comp[s as usize] as usize == k));
    mapped && ordered && listed
}
