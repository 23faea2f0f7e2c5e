//! Flows in the scene: routed polylines between card borders, styled by pattern, with arrowheads and labels.

use crate::model::{ComponentIx, Model, Pattern};
use crate::scene::build::{Placed, SMALL_SIZE};
use crate::scene::{Scene, order};

use crate::model::layout::FlowLayout;
use crate::scene::geom::{Pt, Rect, pt, rect};
use crate::scene::grid::Grid;
use crate::scene::palette::Token;
use crate::scene::route::{self, Obstacles, Routing};
use crate::scene::text::{Align, FontMetrics, measure_lines, place_lines};
use crate::scene::types::{Dash, FlowShape, ItemRef, Label, Marker, Stroke};

/// Widest a flow label gets before it wraps.
const LABEL_WIDTH: f32 = 120.0;
/// Space between flows that share both cards (see `route`'s spread).
const SPREAD: f32 = 12.0;

/// The stroke of a pattern: sync solid, queue (and a redrive between queues) dashed, event dotted, data read/write solid in the data colour,
/// admin dash-dot and heavier.
pub fn pattern_stroke(pattern: Pattern) -> Stroke {
    let (token, dash, width) = match pattern {
        Pattern::SyncRequest => (Token::FlowSync, Dash::Solid, 1.5),
        Pattern::QueueSend | Pattern::QueueReceive | Pattern::Redrive => (Token::FlowQueue, Dash::Dashed, 1.5),
        Pattern::EventPublish | Pattern::EventSubscribe => (Token::FlowEvent, Dash::Dotted, 2.0),
        Pattern::DataRead | Pattern::DataWrite => (Token::FlowData, Dash::Solid, 1.5),
        Pattern::Admin => (Token::FlowAdmin, Dash::DashDot, 2.0),
    };
    Stroke { token, width, dash }
}

/// Routes and adds every flow, with its label.
pub(crate) fn add(model: &Model, placed: &Placed, routing: Routing, scene: &mut Scene) {
    let card_rects: Vec<Rect> = scene.cards.iter().map(|c| c.rect).collect();
    let area = card_rects.iter().fold(None, |acc: Option<Rect>, r| Some(acc.map_or(*r, |a| a.union(r))));
    // The cards, for routing around them (orthogonal) and for keeping labels off them (both routings).
    let mut builder = Grid::builder(area.unwrap_or_default(), card_rects.len());
    for (i, r) in card_rects.iter().enumerate() {
        builder.insert_rect(i as u32, r);
    }
    let grid = builder.finish();
    let obstacles = Obstacles::new(&card_rects, &grid);
    let layouts = saved_routes(model);
    let bent: Vec<bool> = layouts.iter().map(|l| l.is_some_and(|l| !l.waypoints.is_empty())).collect();
    let metrics = FontMetrics::bundled();
    let mut scratch = Vec::new();
    let mut scratch_ids = Vec::new();
    let mut placed_labels = PlacedLabels::default();
    // A card's key is its index (so routing skips it as an obstacle); a region's must differ from every card's
    // and from every other region's, or a flow between two regions (pod to pod) is taken for a self-loop.
    let key = |c: ComponentIx| placed.card_of[c.index()].unwrap_or(u32::MAX - c.index() as u32);
    let spreads = spreads(model, &key, &bent, scene.cards.len());
    scene.flows.reserve(model.flows().len());
    scene.labels.reserve(model.flows().iter().filter(|f| !f.label.is_empty()).count());
    for (f, flow) in model.flows_indexed() {
        let (from, to) = model.flow_ends(f);
        let (ra, rb) = (placed.rects[from.index()], placed.rects[to.index()]);
        let route_layout = layouts.get(f.index()).copied().flatten();
        let waypoints: Vec<Pt> =
            route_layout.map(|l| l.waypoints.iter().map(|&p| Pt::from_layout(p)).collect()).unwrap_or_default();
        let (spread, share) = if waypoints.is_empty() { spreads[f.index()] } else { (0.0, 0.5) };
        let ends = ((key(from), ra), (key(to), rb));
        let points = route::route(ends.0, ends.1, &waypoints, routing, spread, &obstacles, &mut scratch);
        let stroke = pattern_stroke(flow.pattern);
        let head = route::arrowhead(&points, 10.0, 8.0).map(|points| Marker { points, filled: true });
        let tail = flow
            .pattern
            .data_moves_to_caller()
            .then(|| route::arrowhead_at_start(&points, 9.0, 8.0).map(|points| Marker { points, filled: false }));
        let index = scene.flows.len() as u32;
        if !flow.label.is_empty() {
            let wrapped = measure_lines(&flow.label, SMALL_SIZE, LABEL_WIDTH, 2);
            let width = wrapped.0.iter().fold(0.0_f32, |a, &(_, b)| a.max(b));
            let height = wrapped.0.len() as f32 * metrics.line_height(SMALL_SIZE);
            let anchor = match route_layout.and_then(|l| l.label) {
                Some(saved) => Pt::from_layout(saved),
                None => label_spot(&points, share, (width, height), &obstacles, &placed_labels, &mut scratch_ids),
            };
            let origin = pt(anchor.x - width / 2.0, anchor.y - height / 2.0);
            placed_labels.insert(label_room(anchor, (width, height)));
            let text = place_lines(wrapped, SMALL_SIZE, Token::Text, origin, width, Align::Center);
            scene.labels.push(Label {
                owner: ItemRef::Flow(index),
                anchor,
                rect: rect(origin.x - 3.0, origin.y - 1.0, width + 6.0, height + 2.0),
                fill: Token::LabelFill,
                text,
                tooltip: flow.label.clone(),
            });
        }
        scene.flows.push(FlowShape {
            id: flow.id.to_smol(),
            points,
            stroke,
            head,
            tail: tail.flatten(),
            dimmed: false,
        });
    }
}

/// For each flow (by index), its spread and where along its route its label sits (a share of the length). Flows
/// without bend points between the same two cards, in either direction, get spreads [`SPREAD`] apart around 0 in
/// the order of their ids, and their labels are staggered along the route so they do not cover each other.
fn spreads(model: &Model, key: &dyn Fn(ComponentIx) -> u32, bent: &[bool], cards: usize) -> Vec<(f32, f32)> {
    let mut out = vec![(0.0, 0.5); model.flows().len()];
    // Each flow by its pair of keys (lower, higher). The lower key, made dense (cards by index, then regions by
    // component index from the last, which keeps the keys' order), orders the flows by a counting sort, so flows
    // with the same lower key come together in flow (id) order; a short sort of each such run by (higher key,
    // flow) then brings each pair's flows together, still in id order.
    let last = (model.components().len() as u32).saturating_sub(1);
    let dense = |k: u32| if (k as usize) < cards { k } else { cards as u32 + last - (u32::MAX - k) };
    let mut lows: Vec<u32> = Vec::with_capacity(model.flows().len());
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(model.flows().len());
    for (f, _) in model.flows_indexed() {
        let (from, to) = model.flow_ends(f);
        let (a, b) = (key(from), key(to));
        if a == b || bent.get(f.index()).copied().unwrap_or(false) {
            continue;
        }
        lows.push(dense(a.min(b)));
        pairs.push((a.max(b), f.0));
    }
    let order = order::by_key(&lows);
    let mut sorted: Vec<(u32, u32)> = order.iter().map(|&i| pairs[i as usize]).collect();
    let mut start = 0;
    for run in order.chunk_by(|&x, &y| lows[x as usize] == lows[y as usize]) {
        let Some(group) = sorted.get_mut(start..start + run.len()) else { break };
        start += run.len();
        order::small_sort(group);
        for flows in group.chunk_by(|x, y| x.0 == y.0).filter(|flows| flows.len() > 1) {
            let n = flows.len() as f32;
            for (k, &(_, f)) in flows.iter().enumerate() {
                let k = k as f32;
                if let Some(slot) = out.get_mut(f as usize) {
                    *slot = ((k - (n - 1.0) / 2.0) * SPREAD, (k + 1.0) / (n + 1.0));
                }
            }
        }
    }
    out
}

/// The saved route of each flow (by index), found by walking the flows (in id order) beside the layout's map.
fn saved_routes(model: &Model) -> Vec<Option<&FlowLayout>> {
    let mut out = vec![None; model.flows().len()];
    let mut saved = model.diagram().layout.flows.iter().peekable();
    for (slot, flow) in out.iter_mut().zip(model.flows()) {
        while let Some((id, layout)) = saved.peek() {
            match id.as_str().cmp(flow.id.as_str()) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => *slot = Some(*layout),
                std::cmp::Ordering::Greater => break,
            }
            saved.next();
        }
    }
    out
}

/// The room a label of `size` centred on `p` keeps to itself: its box and a little margin.
fn label_room(p: Pt, size: (f32, f32)) -> Rect {
    rect(p.x - size.0 / 2.0 - 3.0, p.y - size.1 / 2.0 - 1.0, size.0 + 6.0, size.1 + 2.0)
}

/// Where a label of `size` goes along a route: at `share` of its length unless that covers a card or a label
/// placed before, else at the nearest of a few other places along it that covers neither (the route's own ends are
/// cards, so it never sits on them), else the nearest that covers no card, else at `share` after all.
fn label_spot(
    points: &[Pt],
    share: f32,
    size: (f32, f32),
    obstacles: &Obstacles<'_>,
    labels: &PlacedLabels,
    ids: &mut Vec<u32>,
) -> Pt {
    const TRIES: [f32; 9] = [0.0, -0.12, 0.12, -0.24, 0.24, -0.33, 0.33, -0.4, 0.4];
    let lengths: smallvec::SmallVec<[f32; 8]> = points.windows(2).map(|w| w[0].distance(w[1])).collect();
    let spots = TRIES.map(|d| along_measured(points, &lengths, (share + d).clamp(0.08, 0.92)));
    let mut covers_card = |p: Pt| {
        let r = label_room(p, size);
        ids.clear();
        obstacles.grid.query(&r, ids);
        ids.iter().any(|&i| obstacles.rects.get(i as usize).is_some_and(|c| c.intersects(&r)))
    };
    let mut off_cards = spots.iter().copied().filter(|&p| !covers_card(p)).peekable();
    let first_off_cards = off_cards.peek().copied();
    off_cards
        .find(|&p| !labels.covers(&label_room(p, size)))
        .or(first_off_cards)
        .unwrap_or_else(|| along(points, share))
}

/// The labels placed so far, in a hash of square cells, so each new label can keep off the earlier ones.
#[derive(Default)]
struct PlacedLabels {
    rects: Vec<Rect>,
    cells: foldhash::HashMap<(i32, i32), smallvec::SmallVec<[u32; 4]>>,
}

impl PlacedLabels {
    /// Cell side: about one label wide.
    const CELL: f32 = 128.0;

    fn cells_of(r: &Rect) -> impl Iterator<Item = (i32, i32)> {
        let cell = |v: f32| (v / Self::CELL).floor() as i32;
        let (c0, c1, r0, r1) = (cell(r.x), cell(r.right()), cell(r.y), cell(r.bottom()));
        (c0..=c1).flat_map(move |c| (r0..=r1).map(move |r| (c, r)))
    }

    fn insert(&mut self, r: Rect) {
        let index = self.rects.len() as u32;
        self.rects.push(r);
        for cell in Self::cells_of(&r) {
            self.cells.entry(cell).or_default().push(index);
        }
    }

    fn covers(&self, r: &Rect) -> bool {
        Self::cells_of(r).any(|cell| {
            self.cells.get(&cell).is_some_and(|items| items.iter().any(|&i| self.rects[i as usize].intersects(r)))
        })
    }
}

/// The point a share `t` (0 to 1) of the way along a polyline.
fn along(points: &[Pt], t: f32) -> Pt {
    let lengths: smallvec::SmallVec<[f32; 8]> = points.windows(2).map(|w| w[0].distance(w[1])).collect();
    along_measured(points, &lengths, t)
}

/// [`along`] with the lengths of the polyline's segments measured already.
fn along_measured(points: &[Pt], lengths: &[f32], t: f32) -> Pt {
    let total: f32 = lengths.iter().sum();
    let mut left = total * t.clamp(0.0, 1.0);
    for (w, &len) in points.windows(2).zip(lengths) {
        if len >= left && len > 0.0 {
            let t = left / len;
            return pt(w[0].x + (w[1].x - w[0].x) * t, w[0].y + (w[1].y - w[0].y) * t);
        }
        left -= len;
    }
    points.first().copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_moves_along_its_route_off_a_card_it_would_cover() {
        let card = rect(180.0, -20.0, 60.0, 40.0);
        let rects = [card];
        let mut builder = Grid::builder(rect(0.0, -100.0, 400.0, 200.0), 1);
        builder.insert_rect(0, &card);
        let grid = builder.finish();
        let obstacles = Obstacles::new(&rects, &grid);
        let route = [pt(0.0, 0.0), pt(400.0, 0.0)];
        let mut ids = Vec::new();
        let none = PlacedLabels::default();
        let spot = label_spot(&route, 0.5, (40.0, 12.0), &obstacles, &none, &mut ids);
        let label = rect(spot.x - 23.0, spot.y - 7.0, 46.0, 14.0);
        assert!(!label.intersects(&card), "{spot:?}");
        assert!((spot.y).abs() < 1e-3, "still on its route: {spot:?}");
        let free = label_spot(&route, 0.25, (40.0, 12.0), &obstacles, &none, &mut ids);
        assert!((free.x - 100.0).abs() < 1e-3, "a free spot stays where it was: {free:?}");
    }

    #[test]
    fn a_label_moves_along_its_route_off_a_label_placed_before() {
        let rects: [Rect; 0] = [];
        let grid = Grid::builder(rect(0.0, -100.0, 400.0, 200.0), 1).finish();
        let obstacles = Obstacles::new(&rects, &grid);
        let mut labels = PlacedLabels::default();
        let size = (40.0, 12.0);
        let mut ids = Vec::new();
        // Two flows crossing at (200, 0): the second label would sit on the first.
        let first = label_spot(&[pt(0.0, 0.0), pt(400.0, 0.0)], 0.5, size, &obstacles, &labels, &mut ids);
        labels.insert(label_room(first, size));
        let second = label_spot(&[pt(200.0, -100.0), pt(200.0, 100.0)], 0.5, size, &obstacles, &labels, &mut ids);
        assert!((first.x - 200.0).abs() < 1e-3 && first.y.abs() < 1e-3, "{first:?}");
        assert!(!label_room(second, size).intersects(&label_room(first, size)), "{first:?} {second:?}");
        assert!((second.x - 200.0).abs() < 1e-3, "still on its route: {second:?}");
    }
}
