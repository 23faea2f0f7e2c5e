//! A uniform grid over rectangles: the spatial index behind culling, hit testing and the router's obstacle
//! queries. Items are `u32` keys; an item is listed in every cell its shape touches. Queries may return an item
//! more than once; callers sort and deduplicate where order matters.

use crate::scene::geom::{Pt, Rect};

/// Most cells a grid has, whatever the item count (bounds the memory of sparse, huge diagrams).
const MAX_CELLS: usize = 1 << 20;

/// A uniform grid.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    origin: Pt,
    cell: f32,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
}

impl Grid {
    /// An empty grid over `bounds`, with cells sized for about `items` entries (a few per cell).
    pub fn new(bounds: Rect, items: usize) -> Self {
        let area = (bounds.w.max(1.0)) * (bounds.h.max(1.0));
        let mut cell = (area / items.max(1) as f32).sqrt().max(64.0) * 1.5;
        let count = |cell: f32| ((bounds.w / cell).ceil() as usize + 1) * ((bounds.h / cell).ceil() as usize + 1);
        while count(cell) > MAX_CELLS {
            cell *= 2.0;
        }
        let cols = (bounds.w / cell).ceil() as usize + 1;
        let rows = (bounds.h / cell).ceil() as usize + 1;
        Self { origin: Pt { x: bounds.x, y: bounds.y }, cell, cols, rows, cells: vec![Vec::new(); cols * rows] }
    }

    /// The cell range `(c0, r0, c1, r1)` a rectangle covers, clamped to the grid.
    fn range(&self, r: &Rect) -> (usize, usize, usize, usize) {
        let to_cell = |v: f32, o: f32, max: usize| (((v - o) / self.cell).floor().max(0.0) as usize).min(max - 1);
        (
            to_cell(r.x, self.origin.x, self.cols),
            to_cell(r.y, self.origin.y, self.rows),
            to_cell(r.right(), self.origin.x, self.cols),
            to_cell(r.bottom(), self.origin.y, self.rows),
        )
    }

    /// Lists `item` in every cell `r` touches.
    pub fn insert_rect(&mut self, item: u32, r: &Rect) {
        if self.cells.is_empty() {
            return;
        }
        let (c0, r0, c1, r1) = self.range(r);
        for row in r0..=r1 {
            for col in c0..=c1 {
                if let Some(cell) = self.cells.get_mut(row * self.cols + col) {
                    cell.push(item);
                }
            }
        }
    }

    /// Lists `item` in the cells along the segment `a`-`b` (in steps shorter than a cell, each step by its box).
    pub fn insert_segment(&mut self, item: u32, a: Pt, b: Pt) {
        let len = a.distance(b);
        let steps = ((len / (self.cell * 0.5)).ceil() as usize).max(1);
        let mut last = (usize::MAX, usize::MAX, usize::MAX, usize::MAX);
        for s in 0..steps {
            let t0 = s as f32 / steps as f32;
            let t1 = (s + 1) as f32 / steps as f32;
            let p = Pt { x: a.x + (b.x - a.x) * t0, y: a.y + (b.y - a.y) * t0 };
            let q = Pt { x: a.x + (b.x - a.x) * t1, y: a.y + (b.y - a.y) * t1 };
            let r = Rect::from_corners(p, q);
            let range = self.range(&r);
            if range != last {
                self.insert_rect(item, &r);
                last = range;
            }
        }
    }

    /// Every item listed in a cell that `r` touches (with repeats).
    pub fn query(&self, r: &Rect, out: &mut Vec<u32>) {
        if self.cells.is_empty() {
            return;
        }
        let (c0, r0, c1, r1) = self.range(r);
        for row in r0..=r1 {
            for col in c0..=c1 {
                if let Some(cell) = self.cells.get(row * self.cols + col) {
                    out.extend_from_slice(cell);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::geom::{pt, rect};

    #[test]
    fn finds_rects_and_segments_where_they_are() {
        let mut grid = Grid::new(rect(0.0, 0.0, 10_000.0, 10_000.0), 100);
        grid.insert_rect(1, &rect(100.0, 100.0, 50.0, 50.0));
        grid.insert_segment(2, pt(0.0, 0.0), pt(9_000.0, 9_000.0));
        let mut out = Vec::new();
        grid.query(&rect(120.0, 120.0, 1.0, 1.0), &mut out);
        assert!(out.contains(&1));
        out.clear();
        grid.query(&rect(5_000.0, 5_000.0, 1.0, 1.0), &mut out);
        out.dedup();
        assert_eq!(out, [2]);
        out.clear();
        grid.query(&rect(9_000.0, 100.0, 1.0, 1.0), &mut out);
        assert!(out.is_empty());
    }
}
