//! Placing components added to a laid-out diagram (a re-imported template's new resources) near their neighbours:
//! each new subtree is first laid out by Tidy up in its container, then moved next to a component it has a flow
//! with (or a sibling) on the first side where it overlaps nothing; its containers grow to hold it. Nothing that
//! was placed before moves.

use std::collections::BTreeSet;

use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::layout::{Layout, Rect};

use super::check::overlaps;
use super::layered::{COLUMN_GAP, ROW_GAP};
use super::tree::{NodeKind, Tree};
use super::{Scope, grow, tidy};

/// The layout with the `added` components placed near their neighbours; everything else keeps its place.
pub fn place_near(diagram: &Diagram, added: &[Id]) -> Layout {
    if added.is_empty() {
        return diagram.layout.clone();
    }
    let mut layout = tidy(diagram, &Scope::Selection(added.to_vec())).layout;
    let tree = Tree::of(diagram, false);
    let new: BTreeSet<&Id> = crate::sorting::set(added.iter());
    let index = |id: &Id| tree.nodes.iter().position(|n| &n.id == id);
    for id in added {
        let Some(node) = index(id) else { continue };
        // Only the top of each new subtree moves; its descendants move with it.
        if tree.nodes[node].parent.is_some_and(|p| new.contains(&tree.nodes[p].id)) {
            continue;
        }
        let Some(&rect) = layout.components.get(id) else { continue };
        let parent = tree.nodes[node].parent;
        let subtree = descendants(&tree, node);
        let siblings: Vec<Rect> = tree
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| n.parent == parent && !subtree.contains(i) && matches!(n.kind, NodeKind::Component(_)))
            .filter_map(|(_, n)| layout.components.get(&n.id).copied())
            .collect();
        let partners: Vec<Rect> = diagram
            .flows
            .iter()
            .filter_map(|f| {
                if &f.from == id {
                    Some(&f.to)
                } else if &f.to == id {
                    Some(&f.from)
                } else {
                    None
                }
            })
            .filter_map(&index)
            .filter(|&o| tree.nodes[o].parent == parent && !subtree.contains(&o))
            .filter_map(|o| layout.components.get(&tree.nodes[o].id).copied())
            .collect();
        let anchors = if partners.is_empty() { siblings.clone() } else { partners };
        let Some(spot) = free_spot(&rect, &anchors, &siblings) else { continue };
        let (dx, dy) = (spot.0 - rect.x, spot.1 - rect.y);
        for &v in &subtree {
            if let Some(r) = layout.components.get_mut(&tree.nodes[v].id) {
                r.x += dx;
                r.y += dy;
            }
        }
        if let Some(p) = parent {
            grow(&tree, &mut layout, p);
        }
    }
    layout
}

/// The node and every node inside it.
fn descendants(tree: &Tree, node: usize) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut stack = vec![node];
    while let Some(v) = stack.pop() {
        if out.insert(v) {
            stack.extend(tree.nodes[v].children.iter().copied());
        }
    }
    out
}

/// The first top-left corner, beside one of the anchors (right, below, left, above), where a rectangle of this
/// size overlaps none of `taken`; else below everything.
fn free_spot(rect: &Rect, anchors: &[Rect], taken: &[Rect]) -> Option<(f64, f64)> {
    let fits = |x: f64, y: f64| {
        let moved = Rect { x, y, ..*rect };
        x >= 0.0 && y >= 0.0 && !taken.iter().any(|t| overlaps(&moved, t))
    };
    for a in anchors {
        for (x, y) in [
            (a.x + a.w + COLUMN_GAP, a.y),
            (a.x, a.y + a.h + ROW_GAP),
            (a.x - rect.w - COLUMN_GAP, a.y),
            (a.x, a.y - rect.h - ROW_GAP),
        ] {
            if fits(x, y) {
                return Some((x, y));
            }
        }
    }
    let left = taken.iter().map(|t| t.x).fold(f64::INFINITY, f64::min);
    let bottom = taken.iter().map(|t| t.y + t.h).fold(f64::NEG_INFINITY, f64::max);
    (left.is_finite() && bottom.is_finite()).then_some((left, bottom + ROW_GAP))
}
