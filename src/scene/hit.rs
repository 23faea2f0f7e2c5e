//! Hit testing, rectangle selection and culling over a built scene, through its spatial index.
//!
//! A point hits the topmost item under it: a label, badge or card by its rectangle, a flow anywhere within a
//! tolerance of its line, a region only by its border or title bar (its interior belongs to what is inside).

use crate::scene::Scene;
use crate::scene::geom::{Pt, Rect, rect, segment_distance};
use crate::scene::index::decode;
use crate::scene::types::ItemRef;

/// What a point hits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The item drawn there.
    pub item: ItemRef,
    /// The element it stands for (a badge or label: its owner's element).
    pub id: String,
}

/// The items to draw for a view, by layer, each in draw order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visible {
    /// Indexes into `Scene::regions`.
    pub regions: Vec<u32>,
    /// Indexes into `Scene::flows`.
    pub flows: Vec<u32>,
    /// Indexes into `Scene::cards`.
    pub cards: Vec<u32>,
    /// Indexes into `Scene::notes`.
    pub notes: Vec<u32>,
    /// Indexes into `Scene::badges`.
    pub badges: Vec<u32>,
    /// Indexes into `Scene::labels`.
    pub labels: Vec<u32>,
}

impl Scene {
    /// The element an item stands for.
    pub fn element_id(&self, item: ItemRef) -> Option<&str> {
        match item {
            ItemRef::Region(i) => self.regions.get(i as usize).map(|r| r.id.as_str()),
            ItemRef::Flow(i) => self.flows.get(i as usize).map(|f| f.id.as_str()),
            ItemRef::Card(i) => self.cards.get(i as usize).map(|c| c.id.as_str()),
            ItemRef::Note(i) => self.notes.get(i as usize).map(|n| n.id.as_str()),
            ItemRef::Badge(i) => self.badges.get(i as usize).and_then(|b| self.element_id(b.owner)),
            ItemRef::Label(i) => self.labels.get(i as usize).and_then(|l| self.element_id(l.owner)),
        }
    }

    /// Whether `p` hits `item` with `tolerance` (diagram units) for lines and borders.
    fn hits(&self, item: ItemRef, p: Pt, tolerance: f32) -> bool {
        match item {
            ItemRef::Card(i) => self.cards.get(i as usize).is_some_and(|c| c.rect.contains(p)),
            ItemRef::Note(i) => self.notes.get(i as usize).is_some_and(|n| n.rect.contains(p)),
            ItemRef::Badge(i) => self.badges.get(i as usize).is_some_and(|b| b.rect.contains(p)),
            ItemRef::Label(i) => self.labels.get(i as usize).is_some_and(|l| l.rect.contains(p)),
            ItemRef::Flow(i) => self
                .flows
                .get(i as usize)
                .is_some_and(|f| f.points.windows(2).any(|w| segment_distance(p, w[0], w[1]) <= tolerance)),
            ItemRef::Region(i) => self.regions.get(i as usize).is_some_and(|r| {
                let outer = r.rect.expand(tolerance);
                let inner = r.rect.expand(-tolerance);
                r.title_bar.contains(p) || (outer.contains(p) && !inner.contains(p))
            }),
        }
    }

    /// The topmost item at `p`, lines and borders counting within `tolerance` diagram units (pass a few screen
    /// pixels divided by the zoom).
    pub fn hit(&self, p: Pt, tolerance: f32) -> Option<Hit> {
        let mut keys = Vec::new();
        self.index.grid.query(&rect(p.x - tolerance, p.y - tolerance, 2.0 * tolerance, 2.0 * tolerance), &mut keys);
        keys.sort_unstable();
        keys.dedup();
        let item = keys.into_iter().rev().map(decode).find(|&item| self.hits(item, p, tolerance))?;
        Some(Hit { item, id: self.element_id(item)?.to_owned() })
    }

    /// The elements lying entirely inside `r` (cards, regions, flows), sorted by id.
    pub fn select_rect(&self, r: &Rect) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        ids.extend(self.cards.iter().filter(|c| r.contains_rect(&c.rect)).map(|c| c.id.to_string()));
        ids.extend(self.regions.iter().filter(|g| r.contains_rect(&g.rect)).map(|g| g.id.to_string()));
        ids.extend(self.notes.iter().filter(|n| r.contains_rect(&n.rect)).map(|n| n.id.to_string()));
        ids.extend(
            self.flows
                .iter()
                .zip(&self.index.flow_bounds)
                .filter(|(_, b)| r.contains_rect(b))
                .map(|(f, _)| f.id.to_string()),
        );
        ids.sort();
        ids.dedup();
        ids
    }

    /// The items that touch `view` (plus a margin for stroke widths), for painting only what can be seen.
    pub fn visible(&self, view: &Rect) -> Visible {
        let view = view.expand(4.0);
        let mut out = Visible {
            regions: (0..self.regions.len() as u32)
                .filter(|&i| self.regions.get(i as usize).is_some_and(|r| r.rect.intersects(&view)))
                .collect(),
            ..Visible::default()
        };
        let mut keys = Vec::new();
        self.index.grid.query(&view, &mut keys);
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            let item = decode(key);
            let seen = match item {
                ItemRef::Region(_) => false,
                ItemRef::Flow(i) => self.index.flow_bounds.get(i as usize).is_some_and(|b| b.intersects(&view)),
                ItemRef::Card(i) => self.cards.get(i as usize).is_some_and(|c| c.rect.intersects(&view)),
                ItemRef::Note(i) => self.notes.get(i as usize).is_some_and(|n| n.rect.intersects(&view)),
                ItemRef::Badge(i) => self.badges.get(i as usize).is_some_and(|b| b.rect.intersects(&view)),
                ItemRef::Label(i) => self.labels.get(i as usize).is_some_and(|l| l.rect.intersects(&view)),
            };
            if seen {
                match item {
                    ItemRef::Region(i) => out.regions.push(i),
                    ItemRef::Flow(i) => out.flows.push(i),
                    ItemRef::Card(i) => out.cards.push(i),
                    ItemRef::Note(i) => out.notes.push(i),
                    ItemRef::Badge(i) => out.badges.push(i),
                    ItemRef::Label(i) => out.labels.push(i),
                }
            }
        }
        out
    }

    /// The item drawn for an element id (a card, region or flow): binary searches, as cards and flows are in id
    /// order and regions have a sorted list of positions.
    pub fn item(&self, id: &str) -> Option<ItemRef> {
        if let Ok(i) = self.cards.binary_search_by(|c| c.id.as_str().cmp(id)) {
            return Some(ItemRef::Card(i as u32));
        }
        if let Ok(i) = self.flows.binary_search_by(|f| f.id.as_str().cmp(id)) {
            return Some(ItemRef::Flow(i as u32));
        }
        if let Ok(i) = self.notes.binary_search_by(|n| n.id.as_str().cmp(id)) {
            return Some(ItemRef::Note(i as u32));
        }
        let at = self.region_ids.binary_search_by(|&r| {
            self.regions.get(r as usize).map_or(std::cmp::Ordering::Less, |g| g.id.as_str().cmp(id))
        });
        at.ok().and_then(|k| self.region_ids.get(k)).map(|&r| ItemRef::Region(r))
    }

    /// The area an element covers (its rectangle, or its line's bounding box).
    pub fn element_rect(&self, id: &str) -> Option<Rect> {
        match self.item(id)? {
            ItemRef::Card(i) => self.cards.get(i as usize).map(|c| c.rect),
            ItemRef::Region(i) => self.regions.get(i as usize).map(|r| r.rect),
            ItemRef::Flow(i) => self.index.flow_bounds.get(i as usize).copied(),
            ItemRef::Note(i) => self.notes.get(i as usize).map(|n| n.rect),
            _ => None,
        }
    }
}

/// The key order matches the draw order, so the maximum key is the topmost item.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::index::encode;

    #[test]
    fn keys_sort_in_draw_order() {
        let items = [
            ItemRef::Region(5),
            ItemRef::Flow(0),
            ItemRef::Card(2),
            ItemRef::Note(3),
            ItemRef::Badge(0),
            ItemRef::Label(1),
        ];
        for pair in items.windows(2) {
            assert!(encode(pair[0]) < encode(pair[1]));
            assert_eq!(decode(encode(pair[0])), pair[0]);
        }
    }
}
