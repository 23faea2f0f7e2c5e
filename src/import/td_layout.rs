//! Threat Dragon coordinates to trustmap layout: Threat Dragon draws small shapes (a process is a 90-unit circle)
//! close together, trustmap draws 140 x 60 cards with their names, so positions are spread by [`SCALE`] around
//! each shape's centre; every diagram of a model is moved below the one before it.

use serde_json::Value;

use crate::model::layout::{MAX_COORDINATE, Point, Rect};

/// How much Threat Dragon positions are spread.
pub(super) const SCALE: f64 = 1.5;
/// A card's smallest size.
const CARD: (f64, f64) = (140.0, 60.0);
/// Room around the children of a box, and above them for its title.
const PAD: f64 = 20.0;
const TITLE: f64 = 30.0;
/// Source coordinates beyond this are not read (a hostile file cannot push the picture out of range).
const MAX_SOURCE: f64 = MAX_COORDINATE / 100.0;

/// A rectangle in the source's coordinates, when the cell has a sane position and size.
pub(super) fn source_rect(cell: &Value) -> Option<Rect> {
    let number = |a: &str, b: &str| cell.get(a)?.get(b)?.as_f64().filter(|v| v.is_finite() && v.abs() <= MAX_SOURCE);
    let x = number("position", "x")?;
    let y = number("position", "y")?;
    let w = number("size", "width").filter(|w| *w > 0.0).unwrap_or(CARD.0);
    let h = number("size", "height").filter(|h| *h > 0.0).unwrap_or(CARD.1);
    Some(Rect { x, y, w, h })
}

/// A point `{x, y}` in the source's coordinates.
pub(super) fn source_point(value: &Value) -> Option<Point> {
    let number = |key: &str| value.get(key)?.as_f64().filter(|v| v.is_finite() && v.abs() <= MAX_SOURCE);
    Some(Point { x: number("x")?, y: number("y")? })
}

/// Maps one diagram's coordinates into the document: spread by [`SCALE`], then moved so the diagram's top-left
/// corner sits at `origin`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Frame {
    /// The diagram's top-left corner in source coordinates.
    pub min: Point,
    /// Where it goes in the document.
    pub origin: Point,
}

impl Frame {
    pub fn point(&self, p: Point) -> Point {
        Point { x: self.origin.x + (p.x - self.min.x) * SCALE, y: self.origin.y + (p.y - self.min.y) * SCALE }
    }

    /// A card: the spread centre, at least [`CARD`] in size.
    pub fn card(&self, r: Rect) -> Rect {
        let c = self.point(r.center());
        let w = (r.w * SCALE).clamp(CARD.0, 400.0);
        let h = CARD.1;
        Rect { x: c.x - w / 2.0, y: c.y - h / 2.0, w, h }
    }

    /// A box or text block: spread corner and size.
    pub fn area(&self, r: Rect, min: (f64, f64)) -> Rect {
        let p = self.point(Point { x: r.x, y: r.y });
        Rect { x: p.x, y: p.y, w: (r.w * SCALE).max(min.0), h: (r.h * SCALE).max(min.1) }
    }
}

/// `area` grown to hold every rectangle of `inside` with room around them and for the title.
pub(super) fn enclose(area: Rect, inside: &[Rect]) -> Rect {
    let mut left = area.x;
    let mut top = area.y;
    let mut right = area.x + area.w;
    let mut bottom = area.y + area.h;
    for r in inside {
        left = left.min(r.x - PAD);
        top = top.min(r.y - PAD - TITLE);
        right = right.max(r.x + r.w + PAD);
        bottom = bottom.max(r.y + r.h + PAD);
    }
    Rect { x: left, y: top, w: right - left, h: bottom - top }
}

/// The bottom edge of everything laid out so far (0 when nothing is).
pub(super) fn bottom(rects: impl Iterator<Item = Rect>) -> f64 {
    rects.map(|r| r.y + r.h).fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_keep_their_centres_spread_and_boxes_hold_children() {
        let frame = Frame { min: Point { x: 100.0, y: 100.0 }, origin: Point { x: 40.0, y: 40.0 } };
        let card = frame.card(Rect { x: 100.0, y: 100.0, w: 90.0, h: 90.0 });
        assert!((card.center().x - (40.0 + 45.0 * SCALE)).abs() < 1e-9);
        assert!(card.w >= 140.0);
        let area = enclose(Rect { x: 50.0, y: 50.0, w: 10.0, h: 10.0 }, &[card]);
        assert!(area.contains_rect(&card));
        assert!(source_rect(&serde_json::json!({"position": {"x": 1e300, "y": 0}})).is_none());
    }
}
