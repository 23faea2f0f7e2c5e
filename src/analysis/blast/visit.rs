//! petgraph's graph traits for [`BlastGraph`] (states as `u32` nodes, steps as edges), so petgraph's traversals
//! and algorithms (`Bfs`, `Dfs`, `has_path_connecting`, SCCs ...) run on the blast-radius graph as they are; the
//! tests check the search against them.

use std::collections::HashSet;

use petgraph::visit::{GraphBase, IntoNeighbors, IntoNodeIdentifiers, NodeCount, NodeIndexable, Visitable};

use crate::analysis::blast::graph::BlastGraph;

impl GraphBase for BlastGraph {
    type NodeId = u32;
    type EdgeId = u32;
}

impl<'a> IntoNeighbors for &'a BlastGraph {
    type Neighbors = std::iter::Copied<std::slice::Iter<'a, u32>>;

    fn neighbors(self, state: u32) -> Self::Neighbors {
        self.successors(state).iter().copied()
    }
}

impl IntoNodeIdentifiers for &BlastGraph {
    type NodeIdentifiers = std::ops::Range<u32>;

    fn node_identifiers(self) -> Self::NodeIdentifiers {
        0..u32::try_from(self.state_count()).unwrap_or(u32::MAX)
    }
}

impl NodeIndexable for BlastGraph {
    fn node_bound(&self) -> usize {
        self.state_count()
    }

    fn to_index(&self, state: u32) -> usize {
        state as usize
    }

    fn from_index(&self, i: usize) -> u32 {
        u32::try_from(i).unwrap_or(u32::MAX)
    }
}

impl NodeCount for BlastGraph {
    fn node_count(&self) -> usize {
        self.state_count()
    }
}

impl Visitable for BlastGraph {
    type Map = HashSet<u32>;

    fn visit_map(&self) -> Self::Map {
        HashSet::with_capacity(self.state_count())
    }

    fn reset_map(&self, map: &mut Self::Map) {
        map.clear();
    }
}
