//! Where things are drawn: positions and sizes of components, flow waypoints and label positions.
//!
//! Layout lives beside the semantics (the rest of `model`), never inside them: analysis never reads it, and
//! moving a box never changes a finding. Coordinates are diagram units (1 unit = 1 pixel at 100 % zoom), absolute.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::SerializeTuple as _;

use crate::model::id::Id;

/// Coordinates beyond this magnitude are rejected as absurd.
pub const MAX_COORDINATE: f64 = 10_000_000.0;
/// Sizes beyond this are rejected as absurd.
pub const MAX_SIZE: f64 = 1_000_000.0;

/// A point, written `[x, y]`.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Point {
    /// Horizontal, growing right.
    pub x: f64,
    /// Vertical, growing down.
    pub y: f64,
}

impl Serialize for Point {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut tuple = serializer.serialize_tuple(2)?;
        tuple.serialize_element(&self.x)?;
        tuple.serialize_element(&self.y)?;
        tuple.end()
    }
}

/// An axis-aligned rectangle: top-left corner and size.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (positive).
    pub w: f64,
    /// Height (positive).
    pub h: f64,
}

impl Rect {
    /// The centre.
    pub fn center(&self) -> Point {
        Point { x: self.x + self.w / 2.0, y: self.y + self.h / 2.0 }
    }

    /// Whether `other` lies entirely inside this rectangle.
    pub fn contains_rect(&self, other: &Self) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.x + other.w <= self.x + self.w
            && other.y + other.h <= self.y + self.h
    }
}

/// How one flow is drawn.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct FlowLayout {
    /// Bend points between the two ends.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waypoints: Vec<Point>,
    /// Where the label sits (default: the middle of the path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Point>,
}

/// The layout of a whole diagram, keyed by element id.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Layout {
    /// Component rectangles.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub components: BTreeMap<Id, Rect>,
    /// Flow routes.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub flows: BTreeMap<Id, FlowLayout>,
    /// Rectangles of explicit boundaries (default: drawn around their members).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub boundaries: BTreeMap<Id, Rect>,
    /// Rectangles of bounded contexts (default: drawn around their members).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub contexts: BTreeMap<Id, Rect>,
    /// Rectangles of notes (default: placed beside what they are attached to).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<Id, Rect>,
}

impl Layout {
    /// Whether nothing is laid out.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
            && self.flows.is_empty()
            && self.boundaries.is_empty()
            && self.contexts.is_empty()
            && self.notes.is_empty()
    }
}
