//! Geometry of the scene: points and rectangles in diagram units (1 unit = 1 screen pixel at 100 % zoom), `f32`
//! like every painter; the model's `f64` layout is converted once when the scene is built.

use crate::model::layout;

/// A point in diagram units.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Pt {
    /// Horizontal, growing right.
    pub x: f32,
    /// Vertical, growing down.
    pub y: f32,
}

/// Shorthand for a point.
pub const fn pt(x: f32, y: f32) -> Pt {
    Pt { x, y }
}

impl Pt {
    /// Distance to another point.
    pub fn distance(self, other: Self) -> f32 {
        length(self.x - other.x, self.y - other.y)
    }

    /// From the model's layout.
    pub fn from_layout(p: layout::Point) -> Self {
        pt(p.x as f32, p.y as f32)
    }
}

/// An axis-aligned rectangle: top-left corner and size (never negative).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// Shorthand for a rectangle.
pub const fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
    Rect { x, y, w, h }
}

impl Rect {
    /// From the model's layout.
    pub fn from_layout(r: &layout::Rect) -> Self {
        rect(r.x as f32, r.y as f32, r.w.max(0.0) as f32, r.h.max(0.0) as f32)
    }

    /// The smallest rectangle holding both corners.
    pub fn from_corners(a: Pt, b: Pt) -> Self {
        rect(a.x.min(b.x), a.y.min(b.y), (a.x - b.x).abs(), (a.y - b.y).abs())
    }

    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// The centre.
    pub fn center(&self) -> Pt {
        pt(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Grown by `by` on every side (shrunk when negative, never below zero size).
    #[must_use]
    pub fn expand(&self, by: f32) -> Self {
        rect(self.x - by, self.y - by, (self.w + 2.0 * by).max(0.0), (self.h + 2.0 * by).max(0.0))
    }

    /// The smallest rectangle holding both.
    #[must_use]
    pub fn union(&self, other: &Self) -> Self {
        let (x, y) = (self.x.min(other.x), self.y.min(other.y));
        rect(x, y, self.right().max(other.right()) - x, self.bottom().max(other.bottom()) - y)
    }

    /// Whether the point lies inside or on the border.
    pub fn contains(&self, p: Pt) -> bool {
        p.x >= self.x && p.x <= self.right() && p.y >= self.y && p.y <= self.bottom()
    }

    /// Whether `other` lies entirely inside.
    pub fn contains_rect(&self, other: &Self) -> bool {
        other.x >= self.x && other.y >= self.y && other.right() <= self.right() && other.bottom() <= self.bottom()
    }

    /// Whether the two overlap (touching counts).
    pub fn intersects(&self, other: &Self) -> bool {
        self.x <= other.right() && other.x <= self.right() && self.y <= other.bottom() && other.y <= self.bottom()
    }

    /// The bounding box of points; `None` for none.
    pub fn around(points: &[Pt]) -> Option<Self> {
        let first = points.first()?;
        Some(points.iter().fold(rect(first.x, first.y, 0.0, 0.0), |r, p| r.union(&rect(p.x, p.y, 0.0, 0.0))))
    }

    /// Where the segment from the centre towards `toward` leaves the rectangle (the centre if `toward` is it).
    pub fn border_toward(&self, toward: Pt) -> Pt {
        let c = self.center();
        let (dx, dy) = (toward.x - c.x, toward.y - c.y);
        if dx.abs() < f32::EPSILON && dy.abs() < f32::EPSILON {
            return c;
        }
        let sx = if dx.abs() < f32::EPSILON { f32::INFINITY } else { (self.w / 2.0) / dx.abs() };
        let sy = if dy.abs() < f32::EPSILON { f32::INFINITY } else { (self.h / 2.0) / dy.abs() };
        let s = sx.min(sy).min(1.0);
        pt(c.x + dx * s, c.y + dy * s)
    }
}

/// Distance from `p` to the segment `a`-`b`.
pub fn segment_distance(p: Pt, a: Pt, b: Pt) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0);
    p.distance(pt(a.x + t * dx, a.y + t * dy))
}

/// Whether the segment `a`-`b` passes through the interior of `r` (Liang-Barsky clipping).
pub fn segment_crosses(a: Pt, b: Pt, r: &Rect) -> bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0_f32, 1.0_f32);
    for (p, q) in [(-dx, a.x - r.x), (dx, r.right() - a.x), (-dy, a.y - r.y), (dy, r.bottom() - a.y)] {
        if p.abs() < f32::EPSILON {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 >= t1 {
                return false;
            }
        }
    }
    true
}

/// The point halfway along a polyline, by length, and the direction of the segment it lies on.
pub fn midpoint(points: &[Pt]) -> Pt {
    let total: f32 = points.windows(2).map(|w| w[0].distance(w[1])).sum();
    let mut left = total / 2.0;
    for w in points.windows(2) {
        let len = w[0].distance(w[1]);
        if len >= left && len > 0.0 {
            let t = left / len;
            return pt(w[0].x + (w[1].x - w[0].x) * t, w[0].y + (w[1].y - w[0].y) * t);
        }
        left -= len;
    }
    points.first().copied().unwrap_or_default()
}

/// The length of the vector `(dx, dy)`: `hypot`, with level and plumb vectors (most of an orthogonal route) taken
/// as the absolute value of their one non-zero part, which is what `hypot` returns for them, bit for bit.
pub fn length(dx: f32, dy: f32) -> f32 {
    if dy == 0.0 {
        dx.abs()
    } else if dx == 0.0 {
        dy.abs()
    } else {
        dx.hypot(dy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_hypot_to_the_bit() {
        for (dx, dy) in [(3.0, 0.0), (-7.25, 0.0), (0.0, -1e-30), (0.0, 0.0), (-0.0, 5.5), (3.0, 4.0), (1e-3, -2.5)] {
            assert_eq!(length(dx, dy).to_bits(), f32::hypot(dx, dy).to_bits(), "{dx} {dy}");
        }
    }

    #[test]
    fn border_points_lie_on_the_border() {
        let r = rect(0.0, 0.0, 100.0, 50.0);
        assert_eq!(r.border_toward(pt(300.0, 25.0)), pt(100.0, 25.0));
        assert_eq!(r.border_toward(pt(50.0, -100.0)), pt(50.0, 0.0));
    }

    #[test]
    fn segments_cross_interiors_only() {
        let r = rect(10.0, 10.0, 10.0, 10.0);
        assert!(segment_crosses(pt(0.0, 15.0), pt(30.0, 15.0), &r));
        assert!(!segment_crosses(pt(0.0, 5.0), pt(30.0, 5.0), &r));
        assert!(!segment_crosses(pt(0.0, 10.0), pt(30.0, 10.0), &r));
        assert!((segment_distance(pt(5.0, 5.0), pt(0.0, 0.0), pt(10.0, 0.0)) - 5.0).abs() < 1e-6);
    }
}
