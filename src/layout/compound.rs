//! The compound layout: sizes every node bottom-up (a container is its children's layered block plus padding and a
//! title bar wide enough for its name), then places them top-down. Flows are lifted to the level where their two
//! ends part (the innermost container holding both) and order the children there, so a flow between two subnets
//! orders the subnets, and everything inside the left one sits left of everything inside the right one. Because
//! each container is laid out around its children, children stay inside their parents and siblings never overlap.

use std::collections::BTreeMap;

use crate::layout::groups::GroupRef;
use crate::layout::layered::{self, Block};
use crate::layout::tree::{NodeKind, Tree};
use crate::model::Named as _;
use crate::model::catalog;
use crate::model::diagram::Diagram;
use crate::model::layout::Rect;
use crate::scene::text::FontMetrics;
use crate::scene::{CARD_H, CARD_W, NAME_SIZE, SMALL_SIZE, TITLE_H};

/// Inner padding of a container.
pub const PAD: f64 = 16.0;
/// Size of a note that has no rectangle yet.
const NOTE: (f64, f64) = (180.0, 80.0);
/// A title bar never asks for more width than this (longer names are cut short when drawn).
const MAX_TITLE_W: f64 = 420.0;

/// Edges lifted to each level (`None`: the top level), with a weight per pair of nodes directly inside it.
pub type Levels = BTreeMap<Option<usize>, BTreeMap<(usize, usize), u32>>;

/// Lifts every edge of the tree to the level where its ends part.
pub fn levels(tree: &Tree) -> Levels {
    let mut levels = Levels::new();
    for edge in &tree.edges {
        if let Some((common, a, b)) = tree.lift(edge.from, edge.to) {
            *levels.entry(common).or_default().entry((a, b)).or_default() += 1;
        }
    }
    levels
}

/// Sizes and relative places of the nodes of some subtrees.
pub struct Sized {
    /// Width and height of each node (indexed by node; only the laid-out subtrees are set).
    pub size: Vec<(f64, f64)>,
    /// Top-left of each node relative to its parent's top-left.
    pub offset: Vec<(f64, f64)>,
}

/// Sizes every node in the subtrees of `roots`, children before parents.
pub fn size_subtrees(diagram: &Diagram, tree: &Tree, levels: &Levels, roots: &[usize]) -> Sized {
    let n = tree.nodes.len();
    let mut sized = Sized { size: vec![(0.0, 0.0); n], offset: vec![(0.0, 0.0); n] };
    for node in post_order(tree, roots) {
        let children = &tree.nodes[node].children;
        if children.is_empty() {
            sized.size[node] = leaf_size(diagram, tree, node);
            continue;
        }
        let block = block_of(levels, Some(node), children, &sized.size);
        let title = title_width(diagram, tree, node);
        for (&child, at) in children.iter().zip(&block.at) {
            sized.offset[child] = (PAD + at.0, f64::from(TITLE_H) + PAD + at.1);
        }
        sized.size[node] = (block.size.0.max(title) + 2.0 * PAD, block.size.1 + f64::from(TITLE_H) + 2.0 * PAD);
    }
    sized
}

/// Lays out `items` (nodes directly inside `level`, already sized) as one layered block.
pub fn block_of(levels: &Levels, level: Option<usize>, items: &[usize], size: &[(f64, f64)]) -> Block {
    let local: BTreeMap<usize, usize> = crate::sorting::map(items.iter().enumerate().map(|(k, &v)| (v, k)));
    let edges: Vec<(usize, usize, u32)> = levels
        .get(&level)
        .into_iter()
        .flatten()
        .filter_map(|(&(a, b), &w)| Some((*local.get(&a)?, *local.get(&b)?, w)))
        .collect();
    let sizes: Vec<(f64, f64)> = items.iter().map(|&v| size[v]).collect();
    layered::layout(&sizes, &edges)
}

/// Absolute rectangles of the subtrees of `roots`, the roots' top-lefts given.
pub fn place(tree: &Tree, sized: &Sized, roots: &[(usize, (f64, f64))]) -> BTreeMap<usize, Rect> {
    let mut out = BTreeMap::new();
    let mut stack: Vec<(usize, (f64, f64))> = roots.to_vec();
    while let Some((node, (x, y))) = stack.pop() {
        let (w, h) = sized.size[node];
        out.insert(node, Rect { x, y, w, h });
        for &child in &tree.nodes[node].children {
            let (dx, dy) = sized.offset[child];
            stack.push((child, (x + dx, y + dy)));
        }
    }
    out
}

/// Nodes of the subtrees of `roots`, every child before its parent.
fn post_order(tree: &Tree, roots: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, bool)> = roots.iter().map(|&r| (r, false)).collect();
    while let Some((node, expanded)) = stack.pop() {
        if expanded {
            out.push(node);
        } else {
            stack.push((node, true));
            stack.extend(tree.nodes[node].children.iter().map(|&c| (c, false)));
        }
    }
    out
}

fn leaf_size(diagram: &Diagram, tree: &Tree, node: usize) -> (f64, f64) {
    let (card_w, card_h) = (f64::from(CARD_W), f64::from(CARD_H));
    match tree.nodes[node].kind {
        NodeKind::Note(_) => {
            diagram.layout.notes.get(&tree.nodes[node].id).map_or(NOTE, |r| (r.w.max(40.0), r.h.max(24.0)))
        }
        // A component with nothing inside is drawn as a card, whatever its kind (and a group always holds something).
        NodeKind::Component(_) | NodeKind::Group(_) => (card_w, card_h),
    }
}

/// The width a container's title bar needs for its icon, name and kind (as the scene draws it).
fn title_width(diagram: &Diagram, tree: &Tree, node: usize) -> f64 {
    let (name, kind, icon): (&str, String, bool) = match tree.nodes[node].kind {
        NodeKind::Component(c) => {
            let Some(component) = diagram.components.get(c) else { return 0.0 };
            (&component.name, catalog::info(component.kind).name.to_owned(), true)
        }
        NodeKind::Group(GroupRef::Boundary(b)) => {
            let Some(boundary) = diagram.boundaries.get(b) else { return 0.0 };
            (&boundary.name, format!("{} boundary", boundary.kind.as_str()), false)
        }
        NodeKind::Group(GroupRef::Context(c)) => {
            let Some(context) = diagram.contexts.get(c) else { return 0.0 };
            (&context.name, "bounded context".to_owned(), false)
        }
        NodeKind::Note(_) => return 0.0,
    };
    let metrics = FontMetrics::bundled();
    let name = metrics.measure(name, NAME_SIZE);
    let kind = metrics.measure(&kind, SMALL_SIZE);
    let icon = if icon { 14.0 + 5.0 } else { 0.0 };
    // Left margin and icon, the name, the gap before the kind, the kind, the right margin; a pixel to spare.
    let needed = f64::from(6.0 + icon + name + 8.0 + kind + 6.0 + 1.0) - 2.0 * PAD;
    needed.clamp(0.0, MAX_TITLE_W).ceil()
}
