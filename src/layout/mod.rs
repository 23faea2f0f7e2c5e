//! Tidy up: an automatic layout of a whole diagram or of a selection, as a compound graph (containers sized and
//! nested around their children) laid out in layers from left to right, with crossings reduced and counted.
//!
//! [`tidy`] takes a plain [`Diagram`] (checked or not, so importers can lay out what they produce) and returns the
//! new [`Layout`] with a [`Report`]; [`edit`] turns that into one undoable [`Edit`]; [`tidy_diagram`] lays out a
//! diagram in place. Pure and deterministic: no clock, no I/O, equal input gives equal output. [`check`] holds the
//! containment and overlap checks every layout is held to.
//!
//! No maintained Rust crate lays out nested containers: the layered crates (rust-sugiyama, layout-rs) take flat
//! graphs, and the dagre ports (dagre, dugong) handle clusters inside one global ranking, where deep nesting
//! (account, VPC, subnet, cluster, node group, node, pod) can still overlap. Laying out each container's children
//! as its own layered block, bottom-up, makes containment and non-overlap hold by construction.

pub mod check;
mod compound;
mod groups;
mod layered;
mod measure;
mod near;
mod notes;
mod tree;

use std::collections::{BTreeMap, BTreeSet};

use crate::edit::{Edit, LayoutKey, LayoutValue};
use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::layout::{Layout, Rect};
use crate::scene::TITLE_H;

use groups::GroupRef;
pub use measure::Report;
pub use near::place_near;
use tree::{NodeKind, Tree};

/// What to tidy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everything, from the top-left at (0, 0).
    All,
    /// These components and notes with everything inside them, in place: each group of selected siblings is laid out
    /// from its top-left corner and its container grows when it must; nothing else moves.
    Selection(Vec<Id>),
}

/// A tidied layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Tidied {
    /// The whole new layout of the diagram.
    pub layout: Layout,
    /// How it came out.
    pub report: Report,
}

/// Lays out the diagram (or part of it, see [`Scope`]). Flows touching a moved component lose their waypoints and
/// label positions (they are routed afresh). Tidying everything lays boundaries and contexts out as boxes where
/// they can be (see `groups`) and saves those boxes as their rectangles; the others, and when tidying a selection
/// those around moved members, lose their rectangles (drawn around their members again).
pub fn tidy(diagram: &Diagram, scope: &Scope) -> Tidied {
    let tree = Tree::of(diagram, *scope == Scope::All);
    let levels = compound::levels(&tree);
    let groups = groups(&tree, scope);
    let roots: Vec<usize> = groups.values().flatten().copied().collect();
    let sized = compound::size_subtrees(diagram, &tree, &levels, &roots);
    let mut placed: BTreeMap<usize, Rect> = BTreeMap::new();
    for (parent, items) in &groups {
        let block = compound::block_of(&levels, *parent, items, &sized.size);
        let origin = match scope {
            Scope::All => (0.0, 0.0),
            Scope::Selection(_) => origin(diagram, &tree, *parent, items),
        };
        let tops: Vec<(usize, (f64, f64))> =
            items.iter().zip(&block.at).map(|(&v, at)| (v, (origin.0 + at.0, origin.1 + at.1))).collect();
        placed.extend(compound::place(&tree, &sized, &tops));
    }
    let mut layout = diagram.layout.clone();
    let mut moved: BTreeSet<Id> = BTreeSet::new();
    let mut boxes: Vec<(GroupRef, Rect)> = Vec::new();
    for (&node, rect) in &placed {
        let id = tree.nodes[node].id.clone();
        match tree.nodes[node].kind {
            NodeKind::Component(_) => {
                layout.components.insert(id.clone(), *rect);
                moved.insert(id);
            }
            NodeKind::Note(_) => {}
            NodeKind::Group(group) => boxes.push((group, *rect)),
        }
    }
    for parent in groups.keys().flatten() {
        grow(&tree, &mut layout, *parent);
    }
    for flow in &diagram.flows {
        if moved.contains(&flow.from) || moved.contains(&flow.to) {
            layout.flows.remove(&flow.id);
        }
    }
    for boundary in &diagram.boundaries {
        if *scope == Scope::All || boundary.members.iter().any(|m| moved.contains(m)) {
            layout.boundaries.remove(&boundary.id);
        }
    }
    for context in &diagram.contexts {
        if *scope == Scope::All || context.members.iter().any(|m| moved.contains(m)) {
            layout.contexts.remove(&context.id);
        }
    }
    for (group, rect) in boxes {
        match group {
            GroupRef::Boundary(b) => diagram.boundaries.get(b).map(|g| layout.boundaries.insert(g.id.clone(), rect)),
            GroupRef::Context(c) => diagram.contexts.get(c).map(|g| layout.contexts.insert(g.id.clone(), rect)),
        };
    }
    // Notes last, so they can keep clear of everything else.
    let notes = notes_to_place(diagram, scope, &moved);
    notes::place(diagram, &mut layout, &notes);
    let report = measure::measure(diagram, &layout.components);
    Tidied { layout, report }
}

/// Lays out the whole diagram in place (for importers of files without positions); what came out.
pub fn tidy_diagram(diagram: &mut Diagram) -> Report {
    let tidied = tidy(diagram, &Scope::All);
    diagram.layout = tidied.layout;
    tidied.report
}

/// The one edit (a batch: one undo step) that turns the diagram's layout into `layout`.
pub fn edit(diagram: &Diagram, layout: &Layout) -> Edit {
    let old = &diagram.layout;
    let mut edits = Vec::new();
    let rects = [
        (&old.components, &layout.components, LayoutKey::Component as fn(Id) -> LayoutKey),
        (&old.boundaries, &layout.boundaries, LayoutKey::Boundary),
        (&old.contexts, &layout.contexts, LayoutKey::Context),
        (&old.notes, &layout.notes, LayoutKey::Note),
    ];
    for (before, after, key) in rects {
        for id in crate::sorting::set(before.keys().chain(after.keys())) {
            let new = after.get(id);
            if before.get(id) != new {
                edits.push(Edit::Layout(key(id.clone()), new.copied().map(LayoutValue::Rect)));
            }
        }
    }
    for id in crate::sorting::set(old.flows.keys().chain(layout.flows.keys())) {
        let new = layout.flows.get(id);
        if old.flows.get(id) != new {
            edits.push(Edit::Layout(LayoutKey::Flow(id.clone()), new.cloned().map(LayoutValue::Flow)));
        }
    }
    Edit::Batch(edits)
}

/// The nodes to lay out, grouped by the container they sit in (`None`: the top level).
fn groups(tree: &Tree, scope: &Scope) -> BTreeMap<Option<usize>, Vec<usize>> {
    let mut groups: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    match scope {
        Scope::All => {
            groups.insert(None, tree.roots.clone());
        }
        Scope::Selection(ids) => {
            let selected: BTreeSet<usize> =
                crate::sorting::set(ids.iter().filter_map(|id| tree.by_id.get(id).copied()));
            // Notes are placed afterwards (with those attached to what moved).
            let tops = selected.iter().copied().filter(|&v| {
                !matches!(tree.nodes[v].kind, NodeKind::Note(_))
                    && tree.chain(v).iter().skip(1).all(|a| !selected.contains(a))
            });
            for v in tops {
                groups.entry(tree.nodes[v].parent).or_default().push(v);
            }
        }
    }
    groups
}

/// The notes to place (indexes into `Diagram::notes`): all of them when tidying everything, else those selected and
/// those attached to a component that moved.
fn notes_to_place(diagram: &Diagram, scope: &Scope, moved: &BTreeSet<Id>) -> Vec<usize> {
    let selected: BTreeSet<&Id> = match scope {
        Scope::All => return (0..diagram.notes.len()).collect(),
        Scope::Selection(ids) => crate::sorting::set(ids.iter()),
    };
    (0..diagram.notes.len())
        .filter(|&n| {
            let note = &diagram.notes[n];
            selected.contains(&note.id) || note.attached_to.as_ref().is_some_and(|a| moved.contains(a))
        })
        .collect()
}

/// Where a selected group starts: the top-left of its current rectangles, else the inside of its container.
fn origin(diagram: &Diagram, tree: &Tree, parent: Option<usize>, items: &[usize]) -> (f64, f64) {
    let layout = &diagram.layout;
    let current = items
        .iter()
        .filter_map(|&v| {
            let id = &tree.nodes[v].id;
            layout.components.get(id).or_else(|| layout.notes.get(id))
        })
        .fold(None, |acc: Option<(f64, f64)>, r| Some(acc.map_or((r.x, r.y), |(x, y)| (x.min(r.x), y.min(r.y)))));
    current
        .or_else(|| {
            let outer = layout.components.get(&tree.nodes[parent?].id)?;
            Some((outer.x + compound::PAD, outer.y + f64::from(TITLE_H) + compound::PAD))
        })
        .unwrap_or((0.0, 0.0))
}

/// Grows `container` and its ancestors (those with rectangles) until they hold their children with padding.
fn grow(tree: &Tree, layout: &mut Layout, container: usize) {
    for node in tree.chain(container) {
        let id = &tree.nodes[node].id;
        let Some(&outer) = layout.components.get(id) else { return };
        let inner = tree.nodes[node]
            .children
            .iter()
            .filter_map(|&c| {
                let cid = &tree.nodes[c].id;
                layout.components.get(cid).or_else(|| layout.notes.get(cid))
            })
            .fold(None, |acc: Option<Rect>, r| Some(acc.map_or(*r, |a| union(&a, r))));
        let Some(inner) = inner else { return };
        let pad = compound::PAD;
        let needed = Rect {
            x: inner.x - pad,
            y: inner.y - pad - f64::from(TITLE_H),
            w: inner.w + 2.0 * pad,
            h: inner.h + 2.0 * pad + f64::from(TITLE_H),
        };
        if outer.contains_rect(&needed) {
            return;
        }
        layout.components.insert(id.clone(), union(&outer, &needed));
    }
}

fn union(a: &Rect, b: &Rect) -> Rect {
    let (x, y) = (a.x.min(b.x), a.y.min(b.y));
    Rect { x, y, w: (a.x + a.w).max(b.x + b.w) - x, h: (a.y + a.h).max(b.y + b.h) - y }
}
