//! Strongly connected components of a small adjacency graph (compressed rows), by an iterative Tarjan: the depth of
//! a diagram's call graph is the diagram's to choose (a line of 50,000 services), so no recursion may follow it.
//!
//! Components are emitted as Tarjan completes them, a reverse topological order: every edge leaving a component
//! goes to one emitted earlier (callees before callers), which the call-chain dynamic programming relies on.

/// A directed graph over nodes `0..n` in compressed rows: the edges leaving `v` are `targets[first[v]..first[v+1]]`.
pub(super) struct Csr {
    first: Vec<u32>,
    targets: Vec<u32>,
}

impl Csr {
    /// Builds the rows from `(from, to)` edges over `n` nodes; edges keep their order within a row.
    pub(super) fn new(n: usize, edges: &[(u32, u32)]) -> Self {
        let mut first = vec![0u32; n + 1];
        for &(from, _) in edges {
            if let Some(slot) = first.get_mut(from as usize + 1) {
                *slot += 1;
            }
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let mut targets = vec![0u32; edges.len()];
        for &(from, to) in edges {
            let Some(slot) = fill.get_mut(from as usize) else { continue };
            let at = *slot as usize;
            *slot += 1;
            targets[at] = to;
        }
        Self { first, targets }
    }

    /// How many nodes.
    pub(super) fn len(&self) -> usize {
        self.first.len() - 1
    }

    /// The positions of the edges leaving `v` .
    pub(super) fn edges(&self, v: u32) -> std::ops::Range<usize> {
        let v = v as usize;
        match (self.first.get(v), self.first.get(v + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        }
    }

    /// The node an edge enters.
    pub(super) fn target(&self, e: usize) -> u32 {
        self.targets.get(e).copied().unwrap_or(0)
    }
}

const UNSEEN: u32 = u32::MAX;

/// Tarjan's bookkeeping, with an explicit call stack of (node, next edge position).
struct State {
    index: Vec<u32>,
    low: Vec<u32>,
    on_stack: Vec<bool>,
    stack: Vec<u32>,
    call: Vec<(u32, usize)>,
    counter: u32,
}

impl State {
    fn enter(&mut self, graph: &Csr, v: u32) {
        let i = v as usize;
        self.index[i] = self.counter;
        self.low[i] = self.counter;
        self.counter += 1;
        self.stack.push(v);
        self.on_stack[i] = true;
        self.call.push((v, graph.edges(v).start));
    }
}

/// Calls `emit` with the members of every strongly connected component, callees first; returns the steps taken
/// (edges looked at plus nodes left), which is O(nodes + edges).
pub(super) fn tarjan(graph: &Csr, mut emit: impl FnMut(&[u32])) -> usize {
    let n = graph.len();
    let mut s = State {
        index: vec![UNSEEN; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        call: Vec::new(),
        counter: 0,
    };
    let mut members = Vec::new();
    let mut work = 0usize;
    for root in 0..u32::try_from(n).unwrap_or(0) {
        if s.index[root as usize] != UNSEEN {
            continue;
        }
        s.enter(graph, root);
        while let Some(&(v, next)) = s.call.last() {
            work += 1;
            if next < graph.edges(v).end {
                if let Some(top) = s.call.last_mut() {
                    top.1 += 1;
                }
                let w = graph.target(next);
                if s.index[w as usize] == UNSEEN {
                    s.enter(graph, w);
                } else if s.on_stack[w as usize] {
                    s.low[v as usize] = s.low[v as usize].min(s.index[w as usize]);
                }
                continue;
            }
            s.call.pop();
            if let Some(&(parent, _)) = s.call.last() {
                s.low[parent as usize] = s.low[parent as usize].min(s.low[v as usize]);
            }
            if s.low[v as usize] == s.index[v as usize] {
                members.clear();
                while let Some(w) = s.stack.pop() {
                    s.on_stack[w as usize] = false;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                emit(&members);
            }
        }
    }
    work
}

#[cfg(test)]
mod tests {
    use super::*;

    fn components(n: usize, edges: &[(u32, u32)]) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        tarjan(&Csr::new(n, edges), |members| {
            let mut members = members.to_vec();
            members.sort_unstable();
            out.push(members);
        });
        out
    }

    #[test]
    fn finds_cycles_callees_first() {
        // 0 -> 1 <-> 2 -> 3
        assert_eq!(components(4, &[(0, 1), (1, 2), (2, 1), (2, 3)]), [vec![3], vec![1, 2], vec![0]]);
        assert_eq!(components(3, &[(0, 1), (1, 2), (2, 0)]), [vec![0, 1, 2]]);
        assert_eq!(components(0, &[]), Vec::<Vec<u32>>::new());
    }

    #[test]
    fn a_line_deeper_than_any_stack_is_fine_and_linear() {
        let n = 1_000_000u32;
        let line: Vec<(u32, u32)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        let ring: Vec<(u32, u32)> = (0..n).map(|i| (i, (i + 1) % n)).collect();
        let mut count = 0;
        let work = tarjan(&Csr::new(n as usize, &line), |_| count += 1);
        assert_eq!(count, n as usize);
        assert!(work <= 3 * n as usize, "{work}");
        let mut sizes = Vec::new();
        tarjan(&Csr::new(n as usize, &ring), |members| sizes.push(members.len()));
        assert_eq!(sizes, [n as usize]);
    }
}
