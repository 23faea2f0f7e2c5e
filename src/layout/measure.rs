//! How good a layout is: how many flows point from left to right and how many cross. Flows are taken as straight
//! lines between the centres of their ends' rectangles (the editor routes them, but the count compares layouts).

use std::collections::BTreeMap;

use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::layout::{Point, Rect};

/// What tidy achieved, for the user and the tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Flows whose two ends have rectangles.
    pub flows: usize,
    /// Those whose callee's centre lies right of the caller's.
    pub left_to_right: usize,
    /// Pairs of flows whose straight lines cross (flows sharing an end never count).
    pub crossings: usize,
}

impl Report {
    /// The share of flows pointing left to right, 1.0 when there are none.
    pub fn left_to_right_share(&self) -> f64 {
        if self.flows == 0 { 1.0 } else { self.left_to_right as f64 / self.flows as f64 }
    }

    /// One line for a status bar or a log.
    pub fn summary(&self) -> String {
        format!(
            "{} of {} flows left to right ({:.0} %), {} crossings",
            self.left_to_right,
            self.flows,
            self.left_to_right_share() * 100.0,
            self.crossings
        )
    }
}

/// Measures the layout of `rects` (component rectangles by id) for the diagram's flows.
pub fn measure(diagram: &Diagram, rects: &BTreeMap<Id, Rect>) -> Report {
    let mut segments: Vec<Segment<'_>> = Vec::new();
    let mut report = Report::default();
    for flow in &diagram.flows {
        let (Some(a), Some(b)) = (rects.get(&flow.from), rects.get(&flow.to)) else { continue };
        report.flows += 1;
        let (p, q) = (a.center(), b.center());
        if q.x > p.x {
            report.left_to_right += 1;
        }
        segments.push(Segment { ends: [&flow.from, &flow.to], p, q });
    }
    report.crossings = crossings(&mut segments);
    report
}

struct Segment<'a> {
    ends: [&'a Id; 2],
    p: Point,
    q: Point,
}

impl Segment<'_> {
    fn min_x(&self) -> f64 {
        self.p.x.min(self.q.x)
    }
    fn max_x(&self) -> f64 {
        self.p.x.max(self.q.x)
    }
}

/// Proper crossings between segments that share no end, with a sweep over x so far-apart flows are not compared.
fn crossings(segments: &mut [Segment<'_>]) -> usize {
    crate::sorting::sort_by(segments, |a, b| a.min_x().total_cmp(&b.min_x()));
    let mut count = 0;
    for (i, s) in segments.iter().enumerate() {
        for t in &segments[i + 1..] {
            if t.min_x() > s.max_x() {
                break;
            }
            let shared = s.ends.iter().any(|e| t.ends.contains(e));
            if !shared && cross(s.p, s.q, t.p, t.q) {
                count += 1;
            }
        }
    }
    count
}

fn orient(a: Point, b: Point, c: Point) -> f64 {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

/// Whether segments `ab` and `cd` cross at a point inside both (touching or collinear does not count).
fn cross(a: Point, b: Point, c: Point, d: Point) -> bool {
    let (d1, d2) = (orient(a, b, c), orient(a, b, d));
    let (d3, d4) = (orient(c, d, a), orient(c, d, b));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_x_crosses_and_a_v_does_not() {
        let p = |x, y| Point { x, y };
        assert!(cross(p(0.0, 0.0), p(10.0, 10.0), p(0.0, 10.0), p(10.0, 0.0)));
        assert!(!cross(p(0.0, 0.0), p(10.0, 10.0), p(10.0, 10.0), p(20.0, 0.0)));
        assert!(!cross(p(0.0, 0.0), p(10.0, 0.0), p(0.0, 5.0), p(10.0, 5.0)));
    }
}
