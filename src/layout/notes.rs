//! Where Tidy up puts notes: after the components and boxes are laid out, each note goes to the nearest free spot
//! around what it is attached to, searching outward in steps. A spot is free when the note covers no card, no
//! region's title bar and no other note, and lies wholly inside or wholly outside every region (never across a
//! border); among free spots, one that no flow runs through (flows taken as straight lines between their ends'
//! centres) wins over a nearer one that a flow crosses. Notes attached to nothing, and any that find no free spot
//! nearby, are stacked in a free column right of everything.

use std::collections::BTreeSet;

use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::layout::{Layout, Point, Rect};
use crate::scene::TITLE_H;

/// Space kept between a note and what it comments on, and between the stacked notes of the side column.
const GAP: f64 = 24.0;
/// How far each ring of the search lies beyond the last.
const STEP: f64 = 24.0;
/// Rings searched before a note goes to the side column.
const RINGS: usize = 24;
/// How many steps a spot may slide along a side of what it comments on.
const SLIDE: i32 = 6;
/// Space kept around cards, titles and other notes.
const MARGIN: f64 = 6.0;
/// Once a free spot is found, how much further the search goes for one that no flow crosses.
const DETOUR: f64 = 240.0;
/// Padding of boundaries and contexts drawn around their members (as the scene draws them).
const BOUNDARY_PAD: f64 = 10.0;
const CONTEXT_PAD: f64 = 20.0;

/// What the notes must keep clear of.
struct Obstacles {
    cards: Vec<Rect>,
    regions: Vec<Rect>,
    notes: Vec<Rect>,
    flows: Vec<(Point, Point)>,
}

impl Obstacles {
    fn free(&self, r: &Rect) -> bool {
        let near = grow(r, MARGIN);
        self.cards.iter().chain(&self.notes).all(|c| !overlaps(&near, c))
            && self.regions.iter().all(|g| {
                let title = Rect { x: g.x, y: g.y, w: g.w, h: f64::from(TITLE_H).min(g.h) };
                !overlaps(&near, &title) && (g.contains_rect(&near) || !overlaps(&near, g))
            })
    }

    fn flows_through(&self, r: &Rect) -> usize {
        let near = grow(r, MARGIN);
        self.flows.iter().filter(|(p, q)| segment_meets(*p, *q, &near)).count()
    }
}

/// Places the notes at these indices of `diagram.notes` (any rectangles they had are dropped first).
pub fn place(diagram: &Diagram, layout: &mut Layout, notes: &[usize]) {
    if notes.is_empty() {
        return;
    }
    let ids: BTreeSet<&Id> = crate::sorting::set(notes.iter().filter_map(|&n| diagram.notes.get(n)).map(|n| &n.id));
    layout.notes.retain(|id, _| !ids.contains(id));
    let mut obstacles = obstacles(diagram, layout);
    let everything = obstacles.cards.iter().chain(&obstacles.regions).chain(&obstacles.notes);
    let (right, top) = everything.fold((0.0_f64, f64::INFINITY), |(r, t), b| (r.max(b.x + b.w), t.min(b.y)));
    let mut column = Point { x: right + 2.0 * GAP, y: if top.is_finite() { top } else { 0.0 } };
    let mut order: Vec<usize> = notes.to_vec();
    crate::sorting::sort_by(&mut order, |&a, &b| diagram.notes[a].id.cmp(&diagram.notes[b].id));
    order.dedup();
    for n in order {
        let note = &diagram.notes[n];
        let (w, h) = crate::scene::note_size(&note.text);
        let size = (f64::from(w), f64::from(h));
        let spot = target(diagram, layout, note.attached_to.as_ref()).and_then(|t| search(&obstacles, &t, size));
        let rect = spot.unwrap_or_else(|| {
            let r = Rect { x: column.x, y: column.y, w: size.0, h: size.1 };
            column.y += size.1 + GAP;
            r
        });
        obstacles.notes.push(rect);
        layout.notes.insert(note.id.clone(), rect);
    }
}

/// The nearest free spot around `t` for a note of `size`, preferring one no flow runs through.
fn search(obstacles: &Obstacles, t: &Rect, size: (f64, f64)) -> Option<Rect> {
    let (w, h) = size;
    let mut spots: Vec<(f64, Rect)> = Vec::new();
    for ring in 0..RINGS {
        let d = GAP + ring as f64 * STEP;
        let reach = (ring as i32).min(SLIDE);
        for j in -reach..=reach {
            let slide = f64::from(j) * STEP;
            let cost = d + slide.abs();
            spots.push((cost, Rect { x: t.x + t.w + d, y: t.y + slide, w, h }));
            spots.push((cost, Rect { x: t.x + slide, y: t.y + t.h + d, w, h }));
            spots.push((cost, Rect { x: t.x - d - w, y: t.y + slide, w, h }));
            spots.push((cost, Rect { x: t.x + slide, y: t.y - d - h, w, h }));
        }
    }
    // Stable: equal costs keep the order above (right, below, left, above).
    crate::sorting::sort_by(&mut spots, |a, b| a.0.total_cmp(&b.0));
    let mut best: Option<(usize, f64, Rect)> = None;
    for (cost, spot) in spots {
        if best.is_some_and(|(_, c, _)| cost > c + DETOUR) {
            break;
        }
        if !obstacles.free(&spot) {
            continue;
        }
        let crossed = obstacles.flows_through(&spot);
        if best.is_none_or(|(b, _, _)| crossed < b) {
            best = Some((crossed, cost, spot));
        }
        if crossed == 0 {
            break;
        }
    }
    best.map(|(_, _, r)| r)
}

/// What a note comments on, as a rectangle: a component's, a flow's midpoint, a boundary's or context's box.
fn target(diagram: &Diagram, layout: &Layout, attached: Option<&Id>) -> Option<Rect> {
    let id = attached?;
    if let Some(r) = layout.components.get(id) {
        return Some(*r);
    }
    if let Some(flow) = diagram.flows.iter().find(|f| &f.id == id) {
        let (a, b) = (layout.components.get(&flow.from)?.center(), layout.components.get(&flow.to)?.center());
        return Some(Rect { x: (a.x + b.x) / 2.0, y: (a.y + b.y) / 2.0, w: 0.0, h: 0.0 });
    }
    let groups = diagram.boundaries.iter().map(|b| (&b.id, &b.members, &layout.boundaries, BOUNDARY_PAD));
    let contexts = diagram.contexts.iter().map(|c| (&c.id, &c.members, &layout.contexts, CONTEXT_PAD));
    let (_, members, rects, pad) = groups.chain(contexts).find(|g| g.0 == id)?;
    rects.get(id).copied().or_else(|| around(layout, members, pad))
}

fn obstacles(diagram: &Diagram, layout: &Layout) -> Obstacles {
    let parents: BTreeSet<&Id> = crate::sorting::set(diagram.components.iter().filter_map(|c| c.parent.as_ref()));
    let mut out = Obstacles { cards: Vec::new(), regions: Vec::new(), notes: Vec::new(), flows: Vec::new() };
    for component in &diagram.components {
        let Some(r) = layout.components.get(&component.id) else { continue };
        if parents.contains(&component.id) { out.regions.push(*r) } else { out.cards.push(*r) }
    }
    let groups = diagram.boundaries.iter().map(|b| (&b.id, &b.members, &layout.boundaries, BOUNDARY_PAD));
    let contexts = diagram.contexts.iter().map(|c| (&c.id, &c.members, &layout.contexts, CONTEXT_PAD));
    for (id, members, rects, pad) in groups.chain(contexts) {
        if let Some(r) = rects.get(id).copied().or_else(|| around(layout, members, pad)) {
            out.regions.push(r);
        }
    }
    out.notes.extend(layout.notes.values().copied());
    for flow in &diagram.flows {
        if let (Some(a), Some(b)) = (layout.components.get(&flow.from), layout.components.get(&flow.to)) {
            out.flows.push((a.center(), b.center()));
        }
    }
    out
}

/// The box the scene draws around members of a group without a rectangle.
fn around(layout: &Layout, members: &[Id], pad: f64) -> Option<Rect> {
    let r = members.iter().filter_map(|m| layout.components.get(m)).fold(None, |acc: Option<Rect>, r| {
        Some(acc.map_or(*r, |a| {
            let (x, y) = (a.x.min(r.x), a.y.min(r.y));
            Rect { x, y, w: (a.x + a.w).max(r.x + r.w) - x, h: (a.y + a.h).max(r.y + r.h) - y }
        }))
    })?;
    let title = f64::from(TITLE_H);
    Some(Rect { x: r.x - pad, y: r.y - pad - title, w: r.w + 2.0 * pad, h: r.h + 2.0 * pad + title })
}

fn grow(r: &Rect, by: f64) -> Rect {
    Rect { x: r.x - by, y: r.y - by, w: r.w + 2.0 * by, h: r.h + 2.0 * by }
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Whether the segment `pq` touches the rectangle (clipped against it, Liang-Barsky).
fn segment_meets(p: Point, q: Point, r: &Rect) -> bool {
    let (dx, dy) = (q.x - p.x, q.y - p.y);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (step, room) in [(-dx, p.x - r.x), (dx, r.x + r.w - p.x), (-dy, p.y - r.y), (dy, r.y + r.h - p.y)] {
        if step == 0.0 {
            if room < 0.0 {
                return false;
            }
        } else {
            let t = room / step;
            if step < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 <= t1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_meet_rectangles_they_pass_through() {
        let r = Rect { x: 10.0, y: 10.0, w: 10.0, h: 10.0 };
        let p = |x, y| Point { x, y };
        assert!(segment_meets(p(0.0, 15.0), p(30.0, 15.0), &r));
        assert!(segment_meets(p(12.0, 12.0), p(13.0, 13.0), &r));
        assert!(!segment_meets(p(0.0, 0.0), p(30.0, 5.0), &r));
        assert!(!segment_meets(p(0.0, 30.0), p(5.0, 0.0), &r));
    }

    #[test]
    fn a_note_avoids_a_card_beside_its_target() {
        let obstacles = Obstacles {
            cards: vec![Rect { x: 184.0, y: 0.0, w: 160.0, h: 64.0 }],
            regions: Vec::new(),
            notes: Vec::new(),
            flows: Vec::new(),
        };
        let target = Rect { x: 0.0, y: 0.0, w: 160.0, h: 64.0 };
        let spot = search(&obstacles, &target, (180.0, 60.0)).unwrap_or_default();
        assert!(obstacles.free(&spot) && spot.w > 0.0, "{spot:?}");
        assert!(!overlaps(&spot, &target), "{spot:?}");
    }
}
