//! Boundaries and bounded contexts laid out as virtual containers. Tidy up knows only containment (a component's
//! parent); an explicit boundary or a context drawn around its members afterwards crosses other groups, covers
//! cards and hides titles. So a group whose members can be one box becomes a node of the containment tree, sized
//! and placed like a container, and its box is saved as its layout rectangle.
//!
//! A group can be a box when what it covers (its members, their descendants, and any container all of whose
//! children it covers) is, at its top, a set of siblings: nodes directly inside one parent. Groups of one parent
//! become boxes when they form a laminar family (any two nested or disjoint); groups of different parents never
//! conflict (one lies inside a member of the other, or they are apart). When two cross, the one chosen first keeps
//! its box and the other is drawn around its members: boundaries before contexts, then the group covering more
//! components, then the smaller id. Equal sets nest in that order too (the one chosen first outside).

use std::collections::BTreeSet;

use crate::model::diagram::Diagram;
use crate::model::id::Id;

/// The order in which groups get their boxes: contexts after boundaries, more covered components first, then id.
type Priority = (bool, std::cmp::Reverse<usize>, Id);

/// Which group a virtual container stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupRef {
    /// An explicit boundary, by index in `Diagram::boundaries`.
    Boundary(usize),
    /// A bounded context, by index in `Diagram::contexts`.
    Context(usize),
}

/// A group that becomes a box.
#[derive(Clone, Debug)]
pub struct Virtual {
    /// The group.
    pub group: GroupRef,
    /// Its id.
    pub id: Id,
    /// The component node it sits directly inside (`None`: the top level), before other boxes are nested.
    pub parent: Option<usize>,
    /// The nodes directly inside `parent` it holds, sorted.
    pub members: Vec<usize>,
    /// The box it sits directly inside, by position in the returned list (`None`: directly in `parent`).
    pub outer: Option<usize>,
}

/// The groups of the diagram that become boxes, every one after the box it sits in. `parents[v]` is the parent of
/// component node `v` (nodes `0..parents.len()` are the components).
pub fn choose(diagram: &Diagram, parents: &[Option<usize>], by_id: &dyn Fn(&Id) -> Option<usize>) -> Vec<Virtual> {
    let n = parents.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (v, p) in parents.iter().enumerate() {
        if let Some(p) = *p {
            children[p].push(v);
        }
    }
    let depth: Vec<usize> = (0..n).map(|v| depth_of(parents, v)).collect();
    let mut deepest_first: Vec<usize> = (0..n).collect();
    crate::sorting::sort_by_key(&mut deepest_first, |&v| (std::cmp::Reverse(depth[v]), v));

    let boundaries = diagram.boundaries.iter().enumerate().map(|(i, b)| (GroupRef::Boundary(i), &b.id, &b.members));
    let contexts = diagram.contexts.iter().enumerate().map(|(i, c)| (GroupRef::Context(i), &c.id, &c.members));
    // (priority key, candidate): boundaries first, then more covered components, then id.
    let mut candidates: Vec<(Priority, Virtual)> = Vec::new();
    for (group, id, members) in boundaries.chain(contexts) {
        let listed: BTreeSet<usize> = crate::sorting::set(members.iter().filter_map(by_id).filter(|&v| v < n));
        let covered = cover(&listed, parents, &children, &deepest_first);
        let count = covered.iter().filter(|&&c| c).count();
        let tops: Vec<usize> = (0..n).filter(|&v| covered[v] && !parents[v].is_some_and(|p| covered[p])).collect();
        let Some(&first) = tops.first() else { continue };
        let parent = parents[first];
        if tops.iter().any(|&v| parents[v] != parent) {
            continue;
        }
        let key = (matches!(group, GroupRef::Context(_)), std::cmp::Reverse(count), id.clone());
        candidates.push((key, Virtual { group, id: id.clone(), parent, members: tops, outer: None }));
    }
    crate::sorting::sort_by(&mut candidates, |a, b| a.0.cmp(&b.0));
    let mut chosen: Vec<Virtual> = Vec::new();
    for (_, mut candidate) in candidates {
        let same_parent = chosen.iter().enumerate().filter(|(_, c)| c.parent == candidate.parent);
        let mut outer = None;
        let mut laminar = true;
        for (k, other) in same_parent {
            if subset(&candidate.members, &other.members) {
                // The innermost so far: a later box inside an earlier one is smaller or equal.
                outer = Some(k);
            } else if !disjoint(&candidate.members, &other.members) {
                laminar = false;
                break;
            }
        }
        if laminar {
            candidate.outer = outer;
            chosen.push(candidate);
        }
    }
    chosen
}

/// Which components the group covers: those listed, their descendants, and containers all of whose children it
/// covers.
fn cover(
    listed: &BTreeSet<usize>,
    parents: &[Option<usize>],
    children: &[Vec<usize>],
    deepest_first: &[usize],
) -> Vec<bool> {
    let n = parents.len();
    let mut covered = vec![false; n];
    // Down: a component is covered when it or an ancestor is listed (shallowest first, so parents are settled).
    for &v in deepest_first.iter().rev() {
        covered[v] = listed.contains(&v) || parents[v].is_some_and(|p| covered[p]);
    }
    // Up: a container whose children are all covered is covered (deepest first).
    for &v in deepest_first {
        if !covered[v] && !children[v].is_empty() && children[v].iter().all(|&c| covered[c]) {
            covered[v] = true;
        }
    }
    covered
}

fn depth_of(parents: &[Option<usize>], v: usize) -> usize {
    let mut d = 0;
    let mut at = parents[v];
    while let Some(p) = at {
        d += 1;
        if d > parents.len() {
            break;
        }
        at = parents[p];
    }
    d
}

/// Whether sorted `a` lies inside sorted `b`.
fn subset(a: &[usize], b: &[usize]) -> bool {
    a.iter().all(|x| b.binary_search(x).is_ok())
}

/// Whether sorted `a` and `b` share nothing.
fn disjoint(a: &[usize], b: &[usize]) -> bool {
    a.iter().all(|x| b.binary_search(x).is_err())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_and_disjoint_sets() {
        assert!(subset(&[1, 3], &[1, 2, 3]));
        assert!(!subset(&[1, 4], &[1, 2, 3]));
        assert!(disjoint(&[1, 3], &[2, 4]));
        assert!(!disjoint(&[1, 3], &[3]));
    }
}
