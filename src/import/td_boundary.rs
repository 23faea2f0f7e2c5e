//! Threat Dragon's trust-boundary lines. Threat Dragon draws some trust boundaries as open curves; trustmap's
//! boundaries are areas with members, and a flow crosses a boundary when exactly one of its ends is a member. So a
//! line splits the components by the side of the line their centre lies on (the side of the nearest segment,
//! each end segment extended), and the side with fewer actors (then fewer components) becomes the boundary's
//! members: the inside is where the application is, the outside where its users are. Every flow whose two ends lie
//! on different sides then crosses the boundary, as it crosses the line in the picture.

use serde_json::Value;

use crate::import::common::{Builder, text};
use crate::import::report::Outcome;
use crate::model::group::{Boundary, BoundaryKind};
use crate::model::id::Id;
use crate::model::layout::Point;

/// Imports one trust-boundary line; `points` is the curve in source coordinates, `centres` each component's centre
/// and whether it is an actor. `None` when no boundary can be made (a note and a warning say why).
pub(super) fn line(
    b: &mut Builder,
    path: &str,
    cell: &Value,
    points: &[Point],
    centres: &[(Id, Point, bool)],
) -> Option<Id> {
    let data = cell.get("data").unwrap_or(&Value::Null);
    let mut name = text(data, "name");
    if name.is_empty() {
        name = cell
            .get("labels")
            .and_then(Value::as_array)
            .and_then(|labels| labels.first())
            .and_then(|l| l.get("attrs")?.get("labelText")?.get("text")?.as_str())
            .unwrap_or_default()
            .trim()
            .to_owned();
    }
    let name = if name.is_empty() { "Trust boundary".to_owned() } else { name };
    let sides: Vec<(Id, bool, bool)> =
        centres.iter().filter_map(|(id, centre, actor)| Some((id.clone(), side(points, *centre)?, *actor))).collect();
    let count = |left: bool| {
        let on: Vec<&(Id, bool, bool)> = sides.iter().filter(|s| s.1 == left).collect();
        (on.iter().filter(|s| s.2).count(), on.len())
    };
    let (left, right) = (count(true), count(false));
    if left.1 == 0 || right.1 == 0 {
        let note = b.note("boundary-line", format!("Threat Dragon trust boundary line: {name}"), None, None);
        b.report.add(
            Outcome::Warning,
            path,
            Some(&note),
            format!("trust boundary line \"{name}\" does not separate any components: kept as a note"),
        );
        return None;
    }
    let inside_left = left < right;
    let members: Vec<Id> = sides.iter().filter(|s| s.1 == inside_left).map(|s| s.0.clone()).collect();
    let id = b.id(&name);
    let kind = if name.to_lowercase().contains("internet") { BoundaryKind::InternetEdge } else { BoundaryKind::Custom };
    let shown: Vec<&str> = members.iter().map(Id::as_str).collect();
    b.report.add(
        Outcome::Approximated,
        path,
        Some(&id),
        format!(
            "trust boundary line \"{name}\" -> {kind} boundary around the side with fewer actors ({}); flows between the two sides cross it",
            shown.join(", ")
        ),
    );
    b.diagram.boundaries.push(Boundary { id: id.clone(), kind, name, description: text(data, "description"), members });
    Some(id)
}

/// Which side of the polyline `p` lies on (true: left of the direction of travel), by the nearest segment.
fn side(points: &[Point], p: Point) -> Option<bool> {
    let mut best: Option<(f64, f64)> = None;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let length = dx * dx + dy * dy;
        if length <= f64::EPSILON {
            continue;
        }
        let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / length).clamp(0.0, 1.0);
        let (nx, ny) = (a.x + t * dx - p.x, a.y + t * dy - p.y);
        let distance = nx * nx + ny * ny;
        let cross = dx * (p.y - a.y) - dy * (p.x - a.x);
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, cross));
        }
    }
    best.and_then(|(_, cross)| (cross != 0.0).then_some(cross < 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_fall_on_either_side_of_a_bent_line() {
        let line = [Point { x: 0.0, y: 0.0 }, Point { x: 0.0, y: 100.0 }, Point { x: 50.0, y: 200.0 }];
        let a = side(&line, Point { x: -10.0, y: 50.0 });
        let b = side(&line, Point { x: 10.0, y: 50.0 });
        assert!(a.is_some() && b.is_some() && a != b);
        assert_eq!(side(&line, Point { x: 60.0, y: 200.0 }), b);
        assert_eq!(side(&[Point::default()], Point::default()), None);
    }
}
