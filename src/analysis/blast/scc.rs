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
