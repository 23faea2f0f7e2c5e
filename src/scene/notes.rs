//! Notes in the scene: a paper with the wrapped text, at its layout rectangle or beside what it comments on (or
//! below everything when it comments on nothing), with a dashed connector to that element.

use crate::model::{Element, Model};
use crate::scene::Scene;
use crate::scene::build::SMALL_SIZE;
use crate::scene::geom::{Rect, pt, rect};
use crate::scene::palette::Token;
use crate::scene::text::{Align, FontMetrics, block};
use crate::scene::types::NoteShape;

/// Width of a note placed automatically.
const NOTE_W: f32 = 180.0;
/// Most lines a note placed automatically shows.
const NOTE_LINES: usize = 6;
const PAD: f32 = 6.0;
const NOTE_SIZE: f32 = SMALL_SIZE + 1.0;

/// The size of a note placed automatically: the default width, as tall as its wrapped text (up to a few lines).
pub(crate) fn auto_size(text: &str) -> (f32, f32) {
    let metrics = FontMetrics::bundled();
    let lines = metrics.wrap(text, NOTE_SIZE, NOTE_W - 2.0 * PAD, NOTE_LINES).lines.len();
    (NOTE_W, lines.max(1) as f32 * metrics.line_height(NOTE_SIZE) + 2.0 * PAD)
}

/// Adds every note of the model.
pub(crate) fn add(model: &Model, rects: &[Rect], scene: &mut Scene) {
    let diagram = model.diagram();
    let metrics = FontMetrics::bundled();
    let line_h = metrics.line_height(NOTE_SIZE);
    let mut below = scene.cards.iter().map(|c| c.rect.bottom()).chain(scene.regions.iter().map(|r| r.rect.bottom()));
    let bottom = below.by_ref().fold(0.0_f32, f32::max);
    let left = scene.cards.iter().map(|c| c.rect.x).fold(f32::INFINITY, f32::min);
    let mut next_free = pt(if left.is_finite() { left } else { 0.0 }, bottom + 48.0);
    for note in &diagram.notes {
        let target = note.attached_to.as_ref().and_then(|id| match model.element(id) {
            Some(Element::Component(c)) => rects.get(c.index()).copied(),
            _ => scene.element_rect(id),
        });
        let r = match diagram.layout.notes.get(&note.id) {
            Some(r) => Rect::from_layout(r),
            None => {
                let (_, h) = auto_size(&note.text);
                match target {
                    Some(t) => rect(t.right() + 24.0, t.y, NOTE_W, h),
                    None => {
                        let r = rect(next_free.x, next_free.y, NOTE_W, h);
                        next_free.x += NOTE_W + 24.0;
                        r
                    }
                }
            }
        };
        let max_lines = (((r.h - 2.0 * PAD) / line_h).floor() as usize).max(1);
        let text = block(
            &note.text,
            NOTE_SIZE,
            Token::Text,
            pt(r.x + PAD, r.y + PAD),
            r.w - 2.0 * PAD,
            max_lines,
            Align::Start,
        );
        let connector = target.map(|t| [r.border_toward(t.center()), t.border_toward(r.center())]);
        scene.notes.push(NoteShape { id: note.id.to_smol(), rect: r, text, connector });
    }
}
