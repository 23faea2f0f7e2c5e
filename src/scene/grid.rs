//! A uniform grid over rectangles: the spatial index behind culling, hit testing and the router's obstacle
//! queries. Items are `u32` keys, listed in every cell their shape touches; shapes spanning many cells (long flows)
//! go to one list checked on every query instead, which keeps building cheap. Built once ([`GridBuilder`]) into
//! compact arrays. Queries may return an item more than once; callers sort and deduplicate where order matters.

use crate::scene::geom::{Pt, Rect};

/// Most cells a grid has, whatever the item count (bounds the memory of sparse, huge diagrams).
const MAX_CELLS: usize = 1 << 20;
/// Shapes touching more cells than this go to the list of long items.
const LONG: usize = 8;

#[derive(Clone, Copy, Debug, Default)]
struct Frame {
    origin: Pt,
    cell: f32,
    cols: usize,
    rows: usize,
}

impl Frame {
    /// The cell range `(c0, r0, c1, r1)` a rectangle covers, clamped to the grid.
    fn range(&self, r: &Rect) -> (usize, usize, usize, usize) {
        // Through `i32` (a grid has at most a million cells): its saturating conversion costs a third of `usize`'s,
        // and truncating then clamping gives the same cells (NaN and negatives 0).
        let to_cell = |v: f32, o: f32, max: usize| (((v - o) / self.cell) as i32).clamp(0, max as i32 - 1) as usize;
        (
            to_cell(r.x, self.origin.x, self.cols),
            to_cell(r.y, self.origin.y, self.rows),
            to_cell(r.right(), self.origin.x, self.cols),
            to_cell(r.bottom(), self.origin.y, self.rows),
        )
    }
}

/// Collects `(cell, item)` pairs.
#[derive(Clone, Debug)]
pub struct GridBuilder {
    frame: Frame,
    pairs: Vec<(u32, u32)>,
    long: Vec<u32>,
    /// The lists of an earlier grid, filled anew by `finish`.
    spare: Grid,
}

/// A built grid.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    frame: Frame,
    /// Where each cell's items start in `items` (one more entry than cells).
    starts: Vec<u32>,
    items: Vec<u32>,
    long: Vec<u32>,
}

impl Grid {
    /// A builder over `bounds`, with cells sized for about `items` entries (a few per cell).
    pub fn builder(bounds: Rect, items: usize) -> GridBuilder {
        Grid::default().rebuild(bounds, items, Vec::new())
    }

    /// [`Grid::builder`] that fills this grid's lists and `pairs` (cleared) again instead of allocating new ones.
    pub fn rebuild(self, bounds: Rect, items: usize, mut pairs: Vec<(u32, u32)>) -> GridBuilder {
        let area = (bounds.w.max(1.0)) * (bounds.h.max(1.0));
        let mut cell = (area / items.max(1) as f32).sqrt().max(64.0) * 1.5;
        let count = |cell: f32| ((bounds.w / cell).ceil() as usize + 1) * ((bounds.h / cell).ceil() as usize + 1);
        while count(cell) > MAX_CELLS {
            cell *= 2.0;
        }
        let cols = (bounds.w / cell).ceil() as usize + 1;
        let rows = (bounds.h / cell).ceil() as usize + 1;
        let frame = Frame { origin: Pt { x: bounds.x, y: bounds.y }, cell, cols, rows };
        pairs.clear();
        pairs.reserve(items * 2);
        let Grid { mut long, starts, items: listed, .. } = self;
        long.clear();
        GridBuilder { frame, pairs, long, spare: Grid { frame, starts, items: listed, long: Vec::new() } }
    }

    /// The side of a cell, in diagram units.
    pub fn cell_size(&self) -> f32 {
        self.frame.cell
    }

    /// Every item listed in a cell that `r` touches, and every long item (with repeats).
    pub fn query(&self, r: &Rect, out: &mut Vec<u32>) {
        self.visit(r, |items| out.extend_from_slice(items));
    }

    /// [`Self::query`]'s items without copying them: the long items, then each row's run of cells, as slices.
    #[inline]
    pub fn visit(&self, r: &Rect, mut f: impl FnMut(&[u32])) {
        f(&self.long);
        if self.starts.len() < 2 {
            return;
        }
        let frame = &self.frame;
        let (c0, r0, c1, r1) = frame.range(r);
        for row in r0..=r1 {
            let (a, b) = (row * frame.cols + c0, row * frame.cols + c1 + 1);
            if let (Some(&from), Some(&to)) = (self.starts.get(a), self.starts.get(b))
                && let Some(items) = self.items.get(from as usize..to as usize)
            {
                f(items);
            }
        }
    }
}

impl GridBuilder {
    /// The side of a cell, in diagram units.
    pub fn cell_size(&self) -> f32 {
        self.frame.cell
    }

    /// Lists `item` in every cell `r` touches.
    pub fn insert_rect(&mut self, item: u32, r: &Rect) {
        let f = self.frame;
        let (c0, r0, c1, r1) = f.range(r);
        if (c1 - c0 + 1) * (r1 - r0 + 1) > LONG {
            self.push_long(item);
            return;
        }
        // Each row's cells in one exact-size run (no capacity check per pair).
        self.pairs.reserve((c1 - c0 + 1) * (r1 - r0 + 1));
        for row in r0..=r1 {
            let base = row * f.cols;
            self.pairs.extend((base + c0..=base + c1).map(|cell| (cell as u32, item)));
        }
    }

    fn push_long(&mut self, item: u32) {
        if self.long.last() != Some(&item) {
            self.long.push(item);
        }
    }

    /// Lists `item` in the cells along the segment `a`-`b` (in steps shorter than a cell, each step by its box).
    pub fn insert_segment(&mut self, item: u32, a: Pt, b: Pt) {
        if (a.x - b.x).abs() < f32::EPSILON || (a.y - b.y).abs() < f32::EPSILON {
            // Horizontal or vertical: its box is the segment.
            self.insert_rect(item, &Rect::from_corners(a, b));
            return;
        }
        let steps = ((a.distance(b) / (self.frame.cell * 0.5)).ceil() as usize).max(1);
        if steps > LONG / 2 {
            self.push_long(item);
            return;
        }
        let mut last = (usize::MAX, usize::MAX, usize::MAX, usize::MAX);
        for s in 0..steps {
            let t0 = s as f32 / steps as f32;
            let t1 = (s + 1) as f32 / steps as f32;
            let p = Pt { x: a.x + (b.x - a.x) * t0, y: a.y + (b.y - a.y) * t0 };
            let q = Pt { x: a.x + (b.x - a.x) * t1, y: a.y + (b.y - a.y) * t1 };
            let r = Rect::from_corners(p, q);
            let range = self.frame.range(&r);
            if range != last {
                self.insert_rect(item, &r);
                last = range;
            }
        }
    }

    /// Sorts the pairs into per-cell lists (a counting sort, keeping insertion order within a cell).
    pub fn finish(self) -> Grid {
        self.finish_keeping_pairs().0
    }

    /// [`Self::finish`], handing back the pairs' list (emptied) for the next [`Grid::rebuild`].
    pub fn finish_keeping_pairs(self) -> (Grid, Vec<(u32, u32)>) {
        let Self { frame, mut pairs, mut long, spare } = self;
        let Grid { mut starts, mut items, .. } = spare;
        let cells = frame.cols * frame.rows;
        starts.clear();
        starts.resize(cells + 1, 0);
        // Counts at `cell + 1`, summed: each cell's start at `cell`, its end at `cell + 1`.
        for &(cell, _) in &pairs {
            if let Some(count) = starts.get_mut(cell as usize + 1) {
                *count += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        items.clear();
        items.resize(pairs.len(), 0);
        // Each cell's start is its cursor while filling, which leaves it at the cell's end (the next one's start):
        // shifting by one restores the starts.
        for &(cell, item) in &pairs {
            if let Some(slot) = starts.get_mut(cell as usize)
                && let Some(place) = items.get_mut(*slot as usize)
            {
                *place = item;
                *slot += 1;
            }
        }
        starts.copy_within(0..cells, 1);
        if let Some(first) = starts.first_mut() {
            *first = 0;
        }
        long.sort_unstable();
        long.dedup();
        pairs.clear();
        (Grid { frame, starts, items, long }, pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::geom::{pt, rect};

    #[test]
    fn finds_rects_and_segments_where_they_are() {
        let mut builder = Grid::builder(rect(0.0, 0.0, 10_000.0, 10_000.0), 10_000);
        builder.insert_rect(1, &rect(100.0, 100.0, 50.0, 50.0));
        builder.insert_segment(2, pt(1_000.0, 1_000.0), pt(1_200.0, 1_100.0));
        builder.insert_segment(3, pt(0.0, 0.0), pt(9_000.0, 9_000.0));
        let grid = builder.finish();
        let mut out = Vec::new();
        grid.query(&rect(120.0, 120.0, 1.0, 1.0), &mut out);
        assert!(out.contains(&1) && !out.contains(&2));
        out.clear();
        grid.query(&rect(1_100.0, 1_050.0, 1.0, 1.0), &mut out);
        out.sort_unstable();
        out.dedup();
        assert_eq!(out, [2, 3], "the long segment is on every query's list");
        out.clear();
        grid.query(&rect(9_000.0, 100.0, 1.0, 1.0), &mut out);
        assert_eq!(out, [3]);
    }
}
