//! Placement: a rectangle for every component. Laid-out components keep their layout rectangle; the others get a
//! deterministic place inside their parent, in a grid after the laid-out siblings, and containers without a
//! rectangle are sized around their children. Top-level components without a rectangle go in a grid below
//! everything laid out. Nothing is left undrawn.

use crate::model::{ComponentIx, Model};
use crate::scene::geom::{Rect, rect};

/// Size of a card placed automatically.
pub const CARD_W: f32 = 160.0;
/// Height of a card placed automatically.
pub const CARD_H: f32 = 64.0;
/// Space between placed siblings.
pub const GAP: f32 = 24.0;
/// Inner padding of a container.
pub const PAD: f32 = 16.0;
/// Height of a container's title bar.
pub const TITLE_H: f32 = 24.0;

/// Rectangles by component index.
pub struct Placement {
    /// One rectangle per component, in the model's order.
    pub rects: Vec<Rect>,
}

/// Places every component of the model.
pub fn place(model: &Model, is_container: impl Fn(ComponentIx) -> bool) -> Placement {
    let layout = &model.diagram().layout.components;
    let n = model.components().len();
    // Components and the layout's map are both in id order: walk them side by side rather than search the map.
    let mut saved = layout.iter().peekable();
    let mut rects: Vec<Option<Rect>> = Vec::with_capacity(n);
    for c in model.components() {
        let mut found = None;
        while let Some((id, r)) = saved.peek() {
            match id.as_str().cmp(c.id.as_str()) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => found = Some(Rect::from_layout(r)),
                std::cmp::Ordering::Greater => break,
            }
            saved.next();
        }
        rects.push(found);
    }
    let placed: Vec<bool> = rects.iter().map(Option::is_none).collect();
    if placed.iter().all(|p| !p) {
        return Placement { rects: rects.into_iter().map(Option::unwrap_or_default).collect() };
    }

    // Post-order: sizes of components without rectangles (children before parents), and rectangles of containers
    // anchored by laid-out descendants.
    let order = post_order(model);
    let mut sizes: Vec<(f32, f32)> = vec![(CARD_W, CARD_H); n];
    for &c in &order {
        let i = c.index();
        if !placed[i] {
            continue;
        }
        let children = model.children(c);
        let anchored = children_bounds(children, &rects);
        let floating: Vec<ComponentIx> = children.iter().copied().filter(|ch| rects[ch.index()].is_none()).collect();
        if children.is_empty() {
            sizes[i] = if is_container(c) { (CARD_W + 2.0 * PAD, CARD_H + TITLE_H + PAD) } else { (CARD_W, CARD_H) };
            continue;
        }
        let (gw, gh) = grid_size(&floating, &sizes);
        match anchored {
            Some(b) => {
                let w = b.w.max(gw) + 2.0 * PAD;
                let h = b.h + if floating.is_empty() { 0.0 } else { GAP + gh } + TITLE_H + 2.0 * PAD;
                rects[i] = Some(rect(b.x - PAD, b.y - TITLE_H - PAD, w, h));
            }
            None => sizes[i] = (gw + 2.0 * PAD, gh + TITLE_H + 2.0 * PAD),
        }
    }

    // Top-down: floating children in a grid inside their parent, after the laid-out siblings.
    let laid_bounds = rects.iter().flatten().fold(None, |acc: Option<Rect>, r| Some(acc.map_or(*r, |a| a.union(r))));
    let roots: Vec<ComponentIx> = model.component_ixs().filter(|&c| model.parent(c).is_none()).collect();
    let floating_roots: Vec<ComponentIx> = roots.iter().copied().filter(|r| rects[r.index()].is_none()).collect();
    let origin = laid_bounds.map_or((0.0, 0.0), |b| (b.x, b.bottom() + 2.0 * GAP));
    put_grid(&floating_roots, origin, &sizes, &mut rects);
    let mut stack: Vec<ComponentIx> = roots;
    stack.reverse();
    while let Some(c) = stack.pop() {
        let children = model.children(c);
        if let Some(parent) = rects[c.index()] {
            let floating: Vec<ComponentIx> =
                children.iter().copied().filter(|ch| rects[ch.index()].is_none()).collect();
            if !floating.is_empty() {
                let origin = match children_bounds(children, &rects) {
                    Some(b) => (b.x, b.bottom() + GAP),
                    None => (parent.x + PAD, parent.y + TITLE_H + PAD),
                };
                put_grid(&floating, origin, &sizes, &mut rects);
            }
        }
        stack.extend(children.iter().rev());
    }
    Placement { rects: rects.into_iter().map(Option::unwrap_or_default).collect() }
}

/// Components, children before their parents, siblings in id order.
fn post_order(model: &Model) -> Vec<ComponentIx> {
    let mut out = Vec::with_capacity(model.components().len());
    let mut stack: Vec<(ComponentIx, bool)> =
        model.component_ixs().filter(|&c| model.parent(c).is_none()).map(|c| (c, false)).collect();
    stack.reverse();
    while let Some((c, expanded)) = stack.pop() {
        if expanded {
            out.push(c);
        } else {
            stack.push((c, true));
            stack.extend(model.children(c).iter().rev().map(|&ch| (ch, false)));
        }
    }
    out
}

/// The bounds of the children that already have rectangles.
fn children_bounds(children: &[ComponentIx], rects: &[Option<Rect>]) -> Option<Rect> {
    children
        .iter()
        .filter_map(|c| rects.get(c.index()).copied().flatten())
        .fold(None, |acc: Option<Rect>, r| Some(acc.map_or(r, |a| a.union(&r))))
}

/// Columns of a grid of `k` items: roughly square.
fn columns(k: usize) -> usize {
    let mut cols = 1;
    while cols * cols < k {
        cols += 1;
    }
    cols
}

/// The size of a grid holding `items`, each in a cell as large as the largest.
fn grid_size(items: &[ComponentIx], sizes: &[(f32, f32)]) -> (f32, f32) {
    if items.is_empty() {
        return (0.0, 0.0);
    }
    let (cw, ch) = cell(items, sizes);
    let cols = columns(items.len());
    let rows = items.len().div_ceil(cols);
    (cols as f32 * (cw + GAP) - GAP, rows as f32 * (ch + GAP) - GAP)
}

fn cell(items: &[ComponentIx], sizes: &[(f32, f32)]) -> (f32, f32) {
    items.iter().fold((0.0_f32, 0.0_f32), |(w, h), c| {
        let (cw, ch) = sizes.get(c.index()).copied().unwrap_or((CARD_W, CARD_H));
        (w.max(cw), h.max(ch))
    })
}

fn put_grid(items: &[ComponentIx], origin: (f32, f32), sizes: &[(f32, f32)], rects: &mut [Option<Rect>]) {
    let (cw, ch) = cell(items, sizes);
    let cols = columns(items.len());
    for (k, c) in items.iter().enumerate() {
        let (w, h) = sizes.get(c.index()).copied().unwrap_or((CARD_W, CARD_H));
        let (col, row) = ((k % cols) as f32, (k / cols) as f32);
        if let Some(slot) = rects.get_mut(c.index()) {
            *slot = Some(rect(origin.0 + col * (cw + GAP), origin.1 + row * (ch + GAP), w, h));
        }
    }
}
