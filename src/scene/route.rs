//! Flow routing: straight lines or orthogonal elbows between card borders, through the layout's waypoints.
//!
//! The orthogonal router is deliberately simple and deterministic: without waypoints it tries a few elbow shapes
//! (a straight run where the cards overlap on an axis, Z shapes through the middle of the gap, L shapes) and keeps
//! the one crossing the fewest other cards, then the shortest, then the first; with waypoints it joins them with
//! horizontal-then-vertical elbows. Ends always sit on the card borders.
//!
//! Several flows between the same two cards (both directions, or several the same way) would be drawn on top of each
//! other, so each gets a `spread`: an offset across the pair, in one sense for both directions. A straight flow runs
//! parallel to the line between the centres, that far off it; an orthogonal one shifts its horizontal runs down and
//! its vertical runs right by it, so its ports sit apart along the card sides and its elbows apart in the gap.

use crate::scene::geom::{Pt, Rect, pt, segment_crosses};
use crate::scene::grid::Grid;
use crate::scene::types::Points;

/// How flows are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Routing {
    /// Straight segments.
    Straight,
    /// Horizontal and vertical segments.
    #[default]
    Orthogonal,
}

/// Cards a route should avoid: their rectangles and a grid over them.
pub struct Obstacles<'a> {
    /// Card rectangles by key.
    pub rects: &'a [Rect],
    /// The grid over `rects`.
    pub grid: &'a Grid,
    /// Each rectangle a unit inside its border, as `(left, top, right, bottom)`: what a route must not cross.
    inner: Vec<[f32; 4]>,
}

impl<'a> Obstacles<'a> {
    /// The cards `rects`, with the grid over them.
    pub fn new(rects: &'a [Rect], grid: &'a Grid) -> Self {
        let inner = rects
            .iter()
            .map(|r| {
                let inner = r.expand(-1.0);
                [inner.x, inner.y, inner.right(), inner.bottom()]
            })
            .collect();
        Self { rects, grid, inner }
    }

    /// How many cards other than `skip` the polyline passes through, and how many candidates were examined (the
    /// grid's items along it, repeats included). `hits` is scratch space.
    fn crossings(&self, points: &[Pt], skip: [u32; 2], hits: &mut Vec<u32>) -> (usize, usize) {
        hits.clear();
        let mut examined = 0;
        for w in points.windows(2) {
            let (x0, x1, y0, y1) = (w[0].x.min(w[1].x), w[0].x.max(w[1].x), w[0].y.min(w[1].y), w[0].y.max(w[1].y));
            self.grid.visit(&Rect::from_corners(w[0], w[1]), |items| {
                examined += items.len();
                for &item in items {
                    // A segment whose box lies beside the rectangle cannot cross it (the exact test agrees).
                    let beside = self.inner.get(item as usize).is_none_or(|&[left, top, right, bottom]| {
                        x1 <= left || x0 >= right || y1 <= top || y0 >= bottom
                    });
                    let hit = !beside
                        && !skip.contains(&item)
                        && self.rects.get(item as usize).is_some_and(|r| segment_crosses(w[0], w[1], &r.expand(-1.0)));
                    if hit {
                        hits.push(item);
                    }
                }
            });
        }
        if hits.len() > 1 {
            hits.sort_unstable();
            hits.dedup();
        }
        (hits.len(), examined)
    }
}

/// A route from card `a` to card `b` (their keys in `obstacles`, to skip), through `waypoints`, `spread` off the
/// middle (see the module doc; 0 for a flow alone between its cards).
pub fn route(
    a: (u32, Rect),
    b: (u32, Rect),
    waypoints: &[Pt],
    routing: Routing,
    spread: f32,
    obstacles: &Obstacles<'_>,
    scratch: &mut Vec<u32>,
) -> Points {
    let ((ka, ra), (kb, rb)) = (a, b);
    if ka == kb && waypoints.is_empty() {
        return self_loop(&ra);
    }
    match routing {
        Routing::Straight if waypoints.is_empty() && spread != 0.0 => {
            // The same sense for both directions: across the line from the card with the smaller key.
            let s = if ka < kb { spread } else { -spread };
            straight_apart(&ra, &rb, s)
        }
        Routing::Straight => straight(&ra, &rb, waypoints),
        Routing::Orthogonal if !waypoints.is_empty() => through_waypoints(&ra, &rb, waypoints),
        Routing::Orthogonal => {
            let (ca, cb) = (ra.center(), rb.center());
            // Long flows are not steered around cards: checking every card along them would cost more than the
            // rest of the scene together. They take the first shape (a straight run or a Z through the gap).
            let long = (ca.x - cb.x).abs() + (ca.y - cb.y).abs() > LONG_CELLS * obstacles.grid.cell_size();
            // Shapes past the tried ones are never chosen, so they are not made; and as most flows take the first
            // shape, the others are made only when it crosses a card (the first shape does not depend on how many
            // are made).
            let mut all = candidates(&ra, &rb, 1, spread);
            let mut best: Option<(usize, f32, usize)> = None;
            let mut budget = EXAMINE_BUDGET;
            let mut i = 0;
            while i < all.count {
                if long || budget == 0 || i >= MAX_TRIED {
                    best = best.or(Some((0, 0.0, i)));
                    break;
                }
                let candidate = all.get(i);
                let (crossings, examined) = obstacles.crossings(candidate, [ka, kb], scratch);
                budget = budget.saturating_sub(examined);
                // Every shape is horizontal and vertical runs, so the Manhattan length is the length.
                let length: f32 = candidate.windows(2).map(|w| (w[1].x - w[0].x).abs() + (w[1].y - w[0].y).abs()).sum();
                let better = best.is_none_or(|(c, l, _): (usize, f32, usize)| (crossings, length) < (c, l - 0.5));
                if better {
                    best = Some((crossings, length, i));
                }
                if crossings == 0 {
                    // The most direct shapes come first; the first clear one is good enough.
                    break;
                }
                i += 1;
                if i == all.count && all.limit < MAX_TRIED {
                    all = candidates(&ra, &rb, MAX_TRIED, spread);
                }
            }
            match best {
                Some((_, _, i)) => Points::from_slice(all.get(i)),
                None => straight(&ra, &rb, &[]),
            }
        }
    }
}

/// How many obstacle candidates one flow may examine before it settles for the best shape so far (dense
/// diagrams would otherwise try every shape against many cards).
const EXAMINE_BUDGET: usize = 32;

/// How many shapes one flow tries at most (the detours come last and are tried only when few shapes apply).
const MAX_TRIED: usize = 5;

/// Flows longer than this many grid cells (Manhattan) are not steered around cards.
const LONG_CELLS: f32 = 5.0;

fn straight(a: &Rect, b: &Rect, waypoints: &[Pt]) -> Points {
    let first = waypoints.first().copied().unwrap_or_else(|| b.center());
    let last = waypoints.last().copied().unwrap_or_else(|| a.center());
    let mut points = Points::with_capacity(waypoints.len() + 2);
    points.push(a.border_toward(first));
    points.extend_from_slice(waypoints);
    points.push(b.border_toward(last));
    points.dedup();
    if points.len() < 2 {
        // Both ends at one point (a waypoint inside a card): keep a visible stub.
        return smallvec::smallvec![a.border_toward(b.center()), b.border_toward(a.center())];
    }
    points
}

/// A straight flow parallel to the line between the centres, `s` to its left (seen from `a`); ends on the borders.
fn straight_apart(a: &Rect, b: &Rect, s: f32) -> Points {
    let (ca, cb) = (a.center(), b.center());
    let (dx, dy) = (cb.x - ca.x, cb.y - ca.y);
    let len = dx.hypot(dy);
    // Keep the shifted line inside both cards, or the ends would leave their borders.
    let room = (a.w.min(a.h).min(b.w).min(b.h) / 2.0 - 4.0).max(0.0);
    let s = s.clamp(-room, room);
    if len <= f32::EPSILON || a.intersects(b) {
        return straight(a, b, &[]);
    }
    let (ux, uy) = (dx / len, dy / len);
    let (pa, pb) = (pt(ca.x - uy * s, ca.y + ux * s), pt(cb.x - uy * s, cb.y + ux * s));
    smallvec::smallvec![exit(a, pa, (ux, uy)), exit(b, pb, (-ux, -uy))]
}

/// Where a ray from `p` (inside `r`) in direction `d` leaves `r`.
fn exit(r: &Rect, p: Pt, d: (f32, f32)) -> Pt {
    let along = |from: f32, lo: f32, hi: f32, step: f32| {
        if step > f32::EPSILON {
            (hi - from) / step
        } else if step < -f32::EPSILON {
            (lo - from) / step
        } else {
            f32::INFINITY
        }
    };
    let t = along(p.x, r.x, r.right(), d.0).min(along(p.y, r.y, r.bottom(), d.1)).max(0.0);
    pt(p.x + d.0 * t, p.y + d.1 * t)
}

fn self_loop(r: &Rect) -> Points {
    let (x, out) = (r.right(), r.right() + 24.0);
    let (y0, y1) = (r.y + r.h * 0.3, r.y + r.h * 0.7);
    smallvec::smallvec![pt(x, y0), pt(out, y0), pt(out, y1), pt(x, y1)]
}

/// Where an orthogonal route leaves `r` towards `toward`: straight out if `toward` is level with a side,
/// otherwise out of the left or right side at mid-height and along to above or below `toward`.
fn attach(r: &Rect, toward: Pt) -> Points {
    let c = r.center();
    if toward.x >= r.x && toward.x <= r.right() && !r.contains(toward) {
        let y = if toward.y < c.y { r.y } else { r.bottom() };
        return smallvec::smallvec![pt(toward.x, y)];
    }
    if toward.y >= r.y && toward.y <= r.bottom() && !r.contains(toward) {
        let x = if toward.x < c.x { r.x } else { r.right() };
        return smallvec::smallvec![pt(x, toward.y)];
    }
    if r.contains(toward) {
        return smallvec::smallvec![r.border_toward(toward)];
    }
    let x = if toward.x < c.x { r.x } else { r.right() };
    smallvec::smallvec![pt(x, c.y), pt(toward.x, c.y)]
}

fn through_waypoints(a: &Rect, b: &Rect, waypoints: &[Pt]) -> Points {
    let (Some(&first), Some(&last)) = (waypoints.first(), waypoints.last()) else { return straight(a, b, &[]) };
    let mut points = attach(a, first);
    for &w in waypoints {
        elbow_to(&mut points, w);
    }
    let mut end = attach(b, last);
    end.reverse();
    for p in end {
        elbow_to(&mut points, p);
    }
    points.dedup();
    points
}

/// Appends `p`, with a horizontal-then-vertical elbow if it is not level with the last point.
fn elbow_to(points: &mut Points, p: Pt) {
    if let Some(&q) = points.last()
        && (q.x - p.x).abs() > 0.5
        && (q.y - p.y).abs() > 0.5
    {
        points.push(pt(p.x, q.y));
    }
    points.push(p);
}

/// How far a detour runs beyond the cards it goes around.
const DETOUR: f32 = 20.0;

/// The elbow shapes worth trying between two cards, in a fixed order.
/// Up to [`MAX_SHAPES`] candidate polylines of up to four points, on the stack (routing allocates only the
/// chosen one).
#[derive(Default)]
struct Shapes {
    points: [[Pt; 4]; MAX_SHAPES],
    lens: [usize; MAX_SHAPES],
    count: usize,
    /// Shapes beyond this many are not kept.
    limit: usize,
}

/// No more shapes are ever tried (see [`MAX_TRIED`]).
const MAX_SHAPES: usize = MAX_TRIED;

impl Shapes {
    /// Adds a shape, without repeated points; shapes of fewer than two points are dropped.
    fn push(&mut self, shape: &[Pt]) {
        if self.count >= self.limit {
            return;
        }
        let (Some(points), Some(len)) = (self.points.get_mut(self.count), self.lens.get_mut(self.count)) else {
            return;
        };
        *len = 0;
        for &p in shape.iter().take(4) {
            if *len == 0 || points[*len - 1] != p {
                points[*len] = p;
                *len += 1;
            }
        }
        if *len >= 2 {
            self.count += 1;
        }
    }

    /// Whether no more shapes are kept (callers stop making them).
    fn full(&self) -> bool {
        self.count >= self.limit
    }

    fn get(&self, i: usize) -> &[Pt] {
        match (self.points.get(i), self.lens.get(i)) {
            (Some(points), Some(&len)) if i < self.count => &points[..len],
            _ => &[],
        }
    }
}

fn candidates(a: &Rect, b: &Rect, limit: usize, spread: f32) -> Shapes {
    // Horizontal runs move down by the spread and vertical runs right, within both cards' sides.
    let room = (a.w.min(b.w) / 2.0 - 6.0).min(a.h.min(b.h) / 2.0 - 6.0).max(0.0);
    let s = spread.clamp(-room, room);
    let (ca, cb) = (a.center(), b.center());
    let (ca, cb) = (pt(ca.x + s, ca.y + s), pt(cb.x + s, cb.y + s));
    let mut out = Shapes { limit, ..Shapes::default() };
    // Overlapping on an axis: one straight run through the middle of the overlap.
    let (ox0, ox1) = (a.x.max(b.x), a.right().min(b.right()));
    let (oy0, oy1) = (a.y.max(b.y), a.bottom().min(b.bottom()));
    if ox1 - ox0 > 8.0 && (b.y > a.bottom() || a.y > b.bottom()) {
        let x = ((ox0 + ox1) / 2.0 + s).clamp(ox0 + 2.0, ox1 - 2.0);
        let (ya, yb) = if cb.y > ca.y { (a.bottom(), b.y) } else { (a.y, b.bottom()) };
        out.push(&[pt(x, ya), pt(x, yb)]);
        if out.full() {
            return out;
        }
    }
    if oy1 - oy0 > 8.0 && (b.x > a.right() || a.x > b.right()) {
        let y = ((oy0 + oy1) / 2.0 + s).clamp(oy0 + 2.0, oy1 - 2.0);
        let (xa, xb) = if cb.x > ca.x { (a.right(), b.x) } else { (a.x, b.right()) };
        out.push(&[pt(xa, y), pt(xb, y)]);
        if out.full() {
            return out;
        }
    }
    // Z shapes through the middle of the gap (and a quarter of the way, to step around a card in the way).
    if b.x > a.right() || a.x > b.right() {
        let (xa, xb) = if cb.x > ca.x { (a.right(), b.x) } else { (a.x, b.right()) };
        for t in [0.5, 0.25, 0.75] {
            let mx = xa + (xb - xa) * t + s;
            out.push(&[pt(xa, ca.y), pt(mx, ca.y), pt(mx, cb.y), pt(xb, cb.y)]);
            if out.full() {
                return out;
            }
        }
    }
    if b.y > a.bottom() || a.y > b.bottom() {
        let (ya, yb) = if cb.y > ca.y { (a.bottom(), b.y) } else { (a.y, b.bottom()) };
        for t in [0.5, 0.25, 0.75] {
            let my = ya + (yb - ya) * t + s;
            out.push(&[pt(ca.x, ya), pt(ca.x, my), pt(cb.x, my), pt(cb.x, yb)]);
            if out.full() {
                return out;
            }
        }
    }
    // L shapes: out of a side, into the top or bottom (and the other way round).
    if (cb.x < a.x || cb.x > a.right()) && (ca.y < b.y || ca.y > b.bottom()) {
        let xa = if cb.x > ca.x { a.right() } else { a.x };
        let yb = if ca.y < cb.y { b.y } else { b.bottom() };
        out.push(&[pt(xa, ca.y), pt(cb.x, ca.y), pt(cb.x, yb)]);
        if out.full() {
            return out;
        }
    }
    if (ca.x < b.x || ca.x > b.right()) && (cb.y < a.y || cb.y > a.bottom()) {
        let ya = if cb.y > ca.y { a.bottom() } else { a.y };
        let xb = if ca.x < cb.x { b.x } else { b.right() };
        out.push(&[pt(ca.x, ya), pt(ca.x, cb.y), pt(xb, cb.y)]);
        if out.full() {
            return out;
        }
    }
    // Detours above and below both cards, for when everything more direct runs through another card.
    let top = a.y.min(b.y) - DETOUR + s;
    let bottom = a.bottom().max(b.bottom()) + DETOUR + s;
    out.push(&[pt(ca.x, a.y), pt(ca.x, top), pt(cb.x, top), pt(cb.x, b.y)]);
    if out.full() {
        return out;
    }
    out.push(&[pt(ca.x, a.bottom()), pt(ca.x, bottom), pt(cb.x, bottom), pt(cb.x, b.bottom())]);
    out
}

/// The arrowhead at the end of a polyline: tip, then the two back corners.
pub fn arrowhead(points: &[Pt], length: f32, width: f32) -> Option<[Pt; 3]> {
    head(points.iter().rev(), length, width)
}

/// The arrowhead at the start of a polyline (pointing at its first point), as [`arrowhead`] of it reversed.
pub fn arrowhead_at_start(points: &[Pt], length: f32, width: f32) -> Option<[Pt; 3]> {
    head(points.iter(), length, width)
}

/// An arrowhead at the first point of `points`, along the line from the first point at least half a unit away.
fn head<'a>(mut points: impl Iterator<Item = &'a Pt>, length: f32, width: f32) -> Option<[Pt; 3]> {
    let tip = points.next()?;
    let from = std::iter::once(tip).chain(points).find(|p| p.distance(*tip) > 0.5)?;
    let (dx, dy) = (tip.x - from.x, tip.y - from.y);
    let len = crate::scene::geom::length(dx, dy);
    if len <= f32::EPSILON {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    let base = pt(tip.x - ux * length, tip.y - uy * length);
    let (nx, ny) = (-uy * width / 2.0, ux * width / 2.0);
    Some([*tip, pt(base.x + nx, base.y + ny), pt(base.x - nx, base.y - ny)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::geom::rect;

    fn empty() -> (Vec<Rect>, Grid) {
        (Vec::new(), Grid::builder(rect(0.0, 0.0, 1000.0, 1000.0), 1).finish())
    }

    #[test]
    fn ends_sit_on_the_borders() {
        let (rects, grid) = empty();
        let obstacles = Obstacles::new(&rects, &grid);
        let (a, b) = (rect(0.0, 0.0, 100.0, 50.0), rect(300.0, 200.0, 100.0, 50.0));
        for routing in [Routing::Straight, Routing::Orthogonal] {
            let points = route((0, a), (1, b), &[], routing, 0.0, &obstacles, &mut Vec::new());
            let (first, last) = (points[0], points[points.len() - 1]);
            let on = |r: &Rect, p: Pt| {
                r.expand(0.01).contains(p)
                    && ((p.x - r.x).abs() < 0.01
                        || (p.x - r.right()).abs() < 0.01
                        || (p.y - r.y).abs() < 0.01
                        || (p.y - r.bottom()).abs() < 0.01)
            };
            assert!(on(&a, first) && on(&b, last), "{routing:?}: {points:?}");
            if routing == Routing::Orthogonal {
                let level = |a: f32, b: f32| (a - b).abs() < 1e-3;
                assert!(points.windows(2).all(|w| level(w[0].x, w[1].x) || level(w[0].y, w[1].y)), "{points:?}");
            }
        }
    }

    #[test]
    fn orthogonal_routes_step_around_a_card_in_the_way() {
        let rects = vec![rect(0.0, 0.0, 100.0, 50.0), rect(400.0, 0.0, 100.0, 50.0), rect(200.0, 0.0, 100.0, 50.0)];
        let mut builder = Grid::builder(rect(0.0, 0.0, 600.0, 600.0), 3);
        for (i, r) in rects.iter().enumerate() {
            builder.insert_rect(i as u32, r);
        }
        let grid = builder.finish();
        let obstacles = Obstacles::new(&rects, &grid);
        let mut scratch = Vec::new();
        let points = route((0, rects[0]), (1, rects[1]), &[], Routing::Orthogonal, 0.0, &obstacles, &mut scratch);
        assert_eq!(obstacles.crossings(&points, [0, 1], &mut scratch).0, 0, "{points:?}");
    }

    #[test]
    fn flows_between_the_same_cards_are_drawn_apart() {
        let (rects, grid) = empty();
        let obstacles = Obstacles::new(&rects, &grid);
        // Level cards (a straight run), and cards apart on both axes (a Z or an L).
        for b in [rect(300.0, 0.0, 100.0, 50.0), rect(300.0, 200.0, 100.0, 50.0)] {
            let a = rect(0.0, 0.0, 100.0, 50.0);
            for routing in [Routing::Straight, Routing::Orthogonal] {
                let there = route((0, a), (1, b), &[], routing, -6.0, &obstacles, &mut Vec::new());
                let back = route((1, b), (0, a), &[], routing, 6.0, &obstacles, &mut Vec::new());
                let again = route((0, a), (1, b), &[], routing, 6.0, &obstacles, &mut Vec::new());
                for (p, q) in [(&there, &back), (&there, &again)] {
                    // Apart: no point of one lies on the other, the ends included.
                    let near = p
                        .iter()
                        .any(|x| q.windows(2).any(|w| crate::scene::geom::segment_distance(*x, w[0], w[1]) < 3.0));
                    assert!(!near, "{routing:?}: {p:?} and {q:?} touch");
                }
                for points in [&there, &back] {
                    let (first, last) = (points[0], points[points.len() - 1]);
                    assert!(a.expand(0.01).contains(first) || b.expand(0.01).contains(first), "{points:?}");
                    assert!(a.expand(0.01).contains(last) || b.expand(0.01).contains(last), "{points:?}");
                }
            }
        }
    }

    #[test]
    fn waypoints_are_honoured() {
        let (rects, grid) = empty();
        let obstacles = Obstacles::new(&rects, &grid);
        let w = pt(200.0, 400.0);
        let (a, b) = (rect(0.0, 0.0, 100.0, 50.0), rect(300.0, 0.0, 100.0, 50.0));
        for routing in [Routing::Straight, Routing::Orthogonal] {
            let points = route((0, a), (1, b), &[w], routing, 0.0, &obstacles, &mut Vec::new());
            assert!(points.contains(&w), "{routing:?}: {points:?}");
        }
    }
}
