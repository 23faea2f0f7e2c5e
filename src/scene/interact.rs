//! Selection, hover and highlight as a light overlay on a built scene: outlines computed from the scene and the
//! ids, cheap enough to redo every frame, so the scene itself is never rebuilt when the pointer moves.

use crate::scene::Scene;
use crate::scene::geom::{Pt, Rect};
use crate::scene::palette::Token;
use crate::scene::types::{Dash, ItemRef, Stroke};

/// An outline painted over the scene.
#[derive(Clone, Debug, PartialEq)]
pub enum OverlayShape {
    /// Around a card or region.
    Outline {
        /// The rectangle.
        rect: Rect,
        /// The stroke.
        stroke: Stroke,
    },
    /// Along a flow.
    Path {
        /// The points.
        points: Vec<Pt>,
        /// The stroke.
        stroke: Stroke,
    },
}

/// What to outline.
#[derive(Clone, Copy, Debug, Default)]
pub struct Focus<'a> {
    /// Selected element ids.
    pub selected: &'a [&'a str],
    /// The element under the pointer.
    pub hovered: Option<&'a str>,
    /// Elements to point out (e.g. of the finding picked in the findings panel).
    pub highlighted: &'a [&'a str],
}

impl Scene {
    /// The outlines for a selection, hover and highlight, in paint order (highlight, selection, hover).
    pub fn overlay(&self, focus: &Focus<'_>) -> Vec<OverlayShape> {
        let mut shapes = Vec::new();
        let mut add = |id: &str, token: Token, width: f32| {
            let stroke = Stroke { token, width, dash: Dash::Solid };
            match self.item(id) {
                Some(ItemRef::Card(i)) => {
                    if let Some(c) = self.cards.get(i as usize) {
                        shapes.push(OverlayShape::Outline { rect: c.rect.expand(3.0), stroke });
                    }
                }
                Some(ItemRef::Region(i)) => {
                    if let Some(r) = self.regions.get(i as usize) {
                        shapes.push(OverlayShape::Outline { rect: r.rect.expand(3.0), stroke });
                    }
                }
                Some(ItemRef::Note(i)) => {
                    if let Some(n) = self.notes.get(i as usize) {
                        shapes.push(OverlayShape::Outline { rect: n.rect.expand(3.0), stroke });
                    }
                }
                Some(ItemRef::Flow(i)) => {
                    if let Some(f) = self.flows.get(i as usize) {
                        let width = width + f.stroke.width;
                        shapes
                            .push(OverlayShape::Path { points: f.points.to_vec(), stroke: Stroke { width, ..stroke } });
                    }
                }
                _ => {}
            }
        };
        for id in focus.highlighted {
            add(id, Token::Highlight, 3.0);
        }
        for id in focus.selected {
            add(id, Token::Selection, 2.5);
        }
        if let Some(id) = focus.hovered {
            add(id, Token::Hover, 2.0);
        }
        shapes
    }
}
