//! Strongly connected components of a [`BlastGraph`] (iterative Tarjan, so deep graphs cannot overflow the stack,
//! here or in the browser). Components are numbered in the order Tarjan completes them, which is a reverse
//! topological order: a step between two components always goes to a lower number.

use crate::analysis::blast::graph::{BlastGraph, NONE};

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
    let n = graph.state_count();
    let mut index = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![NONE; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut call: Vec<(u32, usize)> = Vec::new();
    let mut starts = vec![0u32];
    let mut members: Vec<u32> = Vec::with_capacity(n);
    let mut counter = 0u32;
    for root in 0..u32::try_from(n).unwrap_or(0) {
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
