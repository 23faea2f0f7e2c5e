//! The layout checks the samples, tidy and importers are held to: every component has a rectangle, each lies inside
//! its parent's, and siblings do not overlap. Problems are worded for a test failure.

use std::collections::BTreeMap;

use crate::model::diagram::Diagram;
use crate::model::layout::Rect;

/// Whether two rectangles overlap (touching edges do not).
pub fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Problems with the layout of one diagram, in words (none: laid out sanely).
pub fn problems(diagram: &Diagram) -> Vec<String> {
    let rects = &diagram.layout.components;
    let mut problems = Vec::new();
    let mut siblings: BTreeMap<Option<&str>, Vec<(&str, &Rect)>> = BTreeMap::new();
    for component in &diagram.components {
        let id = component.id.as_str();
        let parent = component.parent.as_deref();
        let Some(rect) = rects.get(id) else {
            problems.push(format!("{id} has no layout rectangle"));
            continue;
        };
        siblings.entry(parent).or_default().push((id, rect));
        if let Some(parent) = parent {
            match rects.get(parent) {
                Some(outer) if outer.contains_rect(rect) => {}
                Some(outer) => problems.push(format!("{id} {rect:?} is not inside its parent {parent} {outer:?}")),
                None => {}
            }
        }
    }
    for (parent, items) in &mut siblings {
        // Sorted by left edge, a rectangle can only overlap those that start before it ends.
        crate::sorting::sort_by(items, |a, b| a.1.x.total_cmp(&b.1.x).then(a.0.cmp(b.0)));
        for (i, (a, ra)) in items.iter().enumerate() {
            for (b, rb) in &items[i + 1..] {
                if rb.x >= ra.x + ra.w {
                    break;
                }
                if overlaps(ra, rb) {
                    let (a, b) = if a < b { (a, b) } else { (b, a) };
                    problems.push(format!("siblings {a} and {b} (in {parent:?}) overlap"));
                }
            }
        }
    }
    problems
}
