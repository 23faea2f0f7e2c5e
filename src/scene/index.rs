//! The scene's spatial index: a uniform grid of every item's hittable shape (cards, badges and labels by their
//! rectangles, flows by their segments, regions by their border and title bar). Items are encoded so that a
//! larger key is drawn later, which makes "topmost" a maximum.

use crate::scene::Scene;
use crate::scene::geom::{Rect, pt, rect};
use crate::scene::grid::Grid;
use crate::scene::types::ItemRef;

const SHIFT: u32 = 29;
const MASK: u32 = (1 << SHIFT) - 1;

/// An item as a grid key, ordered like the draw order.
pub(crate) fn encode(item: ItemRef) -> u32 {
    let (layer, i) = match item {
        ItemRef::Region(i) => (0, i),
        ItemRef::Flow(i) => (1, i),
        ItemRef::Card(i) => (2, i),
        ItemRef::Note(i) => (3, i),
        ItemRef::Badge(i) => (4, i),
        ItemRef::Label(i) => (5, i),
    };
    (layer << SHIFT) | (i & MASK)
}

/// The item a grid key stands for.
pub(crate) fn decode(key: u32) -> ItemRef {
    let i = key & MASK;
    match key >> SHIFT {
        0 => ItemRef::Region(i),
        1 => ItemRef::Flow(i),
        2 => ItemRef::Card(i),
        3 => ItemRef::Note(i),
        4 => ItemRef::Badge(i),
        _ => ItemRef::Label(i),
    }
}

/// The index of one scene.
#[derive(Clone, Debug, Default)]
pub(crate) struct SceneIndex {
    pub grid: Grid,
    /// Bounding box of each flow.
    pub flow_bounds: Vec<Rect>,
    /// The grid builder's list, kept (empty) for the next scene built in place of this one.
    spare_pairs: Vec<(u32, u32)>,
}

impl SceneIndex {
    /// Measures the box around each flow of `scene` (before [`Self::rebuild`], which keeps them; the scene's
    /// bounds are made from them too).
    pub fn measure_flows(&mut self, scene: &Scene) {
        self.flow_bounds.clear();
        self.flow_bounds.reserve(scene.flows.len());
        for flow in &scene.flows {
            self.flow_bounds.push(Rect::around(&flow.points).unwrap_or_else(|| rect(0.0, 0.0, 0.0, 0.0)));
        }
    }

    /// The index of `scene` (whose flows [`Self::measure_flows`] measured), made in this one's lists (an empty
    /// index allocates them).
    pub fn rebuild(self, scene: &Scene) -> Self {
        let Self { grid, flow_bounds, spare_pairs } = self;
        let items = scene.cards.len() + scene.regions.len();
        let mut grid = grid.rebuild(scene.bounds, items, spare_pairs);
        for (i, region) in scene.regions.iter().enumerate() {
            let key = encode(ItemRef::Region(i as u32));
            let r = region.rect;
            grid.insert_rect(key, &region.title_bar);
            for (a, b) in [
                (pt(r.x, r.y), pt(r.right(), r.y)),
                (pt(r.right(), r.y), pt(r.right(), r.bottom())),
                (pt(r.x, r.bottom()), pt(r.right(), r.bottom())),
                (pt(r.x, r.y), pt(r.x, r.bottom())),
            ] {
                grid.insert_rect(key, &Rect::from_corners(a, b));
            }
        }
        for (i, flow) in scene.flows.iter().enumerate() {
            let key = encode(ItemRef::Flow(i as u32));
            for w in flow.points.windows(2) {
                grid.insert_segment(key, w[0], w[1]);
            }
        }
        for (i, card) in scene.cards.iter().enumerate() {
            grid.insert_rect(encode(ItemRef::Card(i as u32)), &card.rect);
        }
        for (i, note) in scene.notes.iter().enumerate() {
            grid.insert_rect(encode(ItemRef::Note(i as u32)), &note.rect);
        }
        for (i, badge) in scene.badges.iter().enumerate() {
            grid.insert_rect(encode(ItemRef::Badge(i as u32)), &badge.rect);
        }
        for (i, label) in scene.labels.iter().enumerate() {
            grid.insert_rect(encode(ItemRef::Label(i as u32)), &label.rect);
        }
        let (grid, spare_pairs) = grid.finish_keeping_pairs();
        Self { grid, flow_bounds, spare_pairs }
    }
}
