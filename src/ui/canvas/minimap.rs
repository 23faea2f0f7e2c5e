//! The minimap: the whole diagram in a small box in the canvas's bottom-right corner, with the part in view
//! outlined. Shown only when the diagram does not fit the view; a click or drag in it moves the view there.

use egui::{CornerRadius, Rect, Sense, Stroke, StrokeKind, vec2};

use super::{Transform, View};
use crate::scene::{Scene, Token};
use crate::ui::theme::color;

/// Size of the box.
const SIZE: egui::Vec2 = vec2(200.0, 140.0);
/// Beyond this many cards only the regions are drawn, and beyond this many regions only the outline of the
/// diagram (the box is too small to show more, and the minimap must stay cheap on every frame).
const MAX_CARDS: usize = 1_000;
const MAX_REGIONS: usize = 400;

/// Draws the minimap and moves the view when it is clicked or dragged.
pub fn minimap(ui: &egui::Ui, view: &mut View, scene: &Scene, canvas: Rect, t: Transform) {
    let bounds = scene.bounds;
    if bounds.w <= 0.0 || bounds.h <= 0.0 {
        return;
    }
    let top_left = t.diagram_from_screen(canvas.min);
    let bottom_right = t.diagram_from_screen(canvas.max);
    let fits = top_left.x <= bounds.x
        && top_left.y <= bounds.y
        && bottom_right.x >= bounds.right()
        && bottom_right.y >= bounds.bottom();
    if fits {
        return;
    }
    let frame = Rect::from_min_size(canvas.right_bottom() - SIZE - vec2(12.0, 28.0), SIZE);
    let scale = ((SIZE.x - 8.0) / bounds.w).min((SIZE.y - 8.0) / bounds.h);
    let origin = frame.center() - vec2(bounds.w, bounds.h) * scale / 2.0 - vec2(bounds.x, bounds.y) * scale;
    let map = |x: f32, y: f32| origin + vec2(x, y) * scale;
    let theme = view.options.theme;
    let painter = ui.painter().with_clip_rect(frame);
    painter.rect_filled(frame, CornerRadius::same(6), color(Token::PanelFill, theme));
    let region_stroke = Stroke::new(1.0, color(Token::RegionStroke, theme));
    for region in scene.regions.iter().take(if scene.regions.len() <= MAX_REGIONS { usize::MAX } else { 0 }) {
        let r = Rect::from_min_max(map(region.rect.x, region.rect.y), map(region.rect.right(), region.rect.bottom()));
        painter.rect_stroke(r, CornerRadius::ZERO, region_stroke, StrokeKind::Inside);
    }
    let outline = Rect::from_min_max(map(bounds.x, bounds.y), map(bounds.right(), bounds.bottom()));
    painter.rect_stroke(outline, CornerRadius::ZERO, region_stroke, StrokeKind::Inside);
    if scene.cards.len() <= MAX_CARDS {
        let fill = color(Token::CardStroke, theme);
        for card in &scene.cards {
            let r = Rect::from_min_max(map(card.rect.x, card.rect.y), map(card.rect.right(), card.rect.bottom()));
            painter.rect_filled(r, CornerRadius::ZERO, fill);
        }
    }
    let seen = Rect::from_min_max(map(top_left.x, top_left.y), map(bottom_right.x, bottom_right.y));
    painter.rect_stroke(
        seen,
        CornerRadius::same(2),
        Stroke::new(1.5, color(Token::Selection, theme)),
        StrokeKind::Inside,
    );
    painter.rect_stroke(
        frame,
        CornerRadius::same(6),
        Stroke::new(1.0, color(Token::PanelStroke, theme)),
        StrokeKind::Inside,
    );
    let response = ui.interact(frame, ui.scope_id().with("minimap"), Sense::click_and_drag());
    let response = response.on_hover_text("Minimap: click or drag to move the view");
    if (response.clicked() || response.dragged())
        && let Some(p) = response.interact_pointer_pos()
    {
        // The point under the pointer becomes the centre of the view.
        let target = (p - origin) / scale;
        view.offset = canvas.size() / 2.0 - target * view.zoom;
        ui.ctx().request_repaint();
    }
}
