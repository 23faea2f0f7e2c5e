//! The diagram canvas: pan (drag), zoom (scroll / pinch), containers drawn as titled frames, components as boxes,
//! flows as arrows between box edges. View state lives here, never in the model.

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2, pos2, vec2};

use super::theme;
use crate::model::catalog;
use crate::model::layout::Rect as DiagramRect;
use crate::model::{ComponentIx, Model};

/// Pan and zoom of the canvas.
pub struct View {
    /// Screen offset of the diagram origin, relative to the canvas's top-left.
    offset: Vec2,
    /// Screen pixels per diagram unit.
    zoom: f32,
    /// Fit the diagram on the next frame.
    fit_pending: bool,
}

impl Default for View {
    fn default() -> Self {
        Self { offset: Vec2::ZERO, zoom: 1.0, fit_pending: true }
    }
}

impl View {
    /// Fits the diagram into the canvas on the next frame.
    pub fn request_fit(&mut self) {
        self.fit_pending = true;
    }

    fn screen_from_diagram(&self, canvas: Rect, rect: &DiagramRect) -> Rect {
        let min = canvas.min + self.offset + vec2(rect.x as f32, rect.y as f32) * self.zoom;
        Rect::from_min_size(min, vec2(rect.w as f32, rect.h as f32) * self.zoom)
    }

    fn fit(&mut self, canvas: Rect, bounds: Rect) {
        let margin = 24.0;
        let available = (canvas.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(1.0));
        let zoom = (available.x / bounds.width().max(1.0)).min(available.y / bounds.height().max(1.0));
        self.zoom = zoom.clamp(0.05, 2.0);
        let content = bounds.size() * self.zoom;
        self.offset = (canvas.size() - content) / 2.0 - bounds.min.to_vec2() * self.zoom;
        self.fit_pending = false;
    }
}

fn diagram_bounds(model: &Model) -> Option<Rect> {
    model.diagram().layout.components.values().fold(None, |acc: Option<Rect>, r| {
        let rect = Rect::from_min_size(pos2(r.x as f32, r.y as f32), vec2(r.w as f32, r.h as f32));
        Some(acc.map_or(rect, |a| a.union(rect)))
    })
}

/// Draws the model and handles pan and zoom.
pub fn canvas_ui(ui: &mut egui::Ui, model: &Model, view: &mut View, highlighted: &[&str]) {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let canvas = response.rect;
    painter.rect_filled(canvas, 0.0, theme::CANVAS);
    if view.fit_pending
        && let Some(bounds) = diagram_bounds(model)
    {
        view.fit(canvas, bounds);
    }
    if response.dragged() {
        view.offset += response.drag_delta();
    }
    if response.hovered() {
        let (zoom_delta, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
        let factor = zoom_delta * (scroll.y / 400.0).exp();
        if (factor - 1.0).abs() > f32::EPSILON
            && let Some(pointer) = response.hover_pos()
        {
            let anchor = pointer - canvas.min;
            let new_zoom = (view.zoom * factor).clamp(0.05, 4.0);
            view.offset = anchor - (anchor - view.offset) * (new_zoom / view.zoom);
            view.zoom = new_zoom;
        }
    }

    let layout = &model.diagram().layout;
    let rect_of =
        |c: ComponentIx| layout.components.get(&model.component(c).id).map(|r| view.screen_from_diagram(canvas, r));
    let painter = painter.with_clip_rect(canvas);
    let font = |size: f32| FontId::proportional((size * view.zoom).clamp(6.0, 28.0));

    // Containers first, outermost first, so children paint on top.
    let mut order: Vec<ComponentIx> = model.component_ixs().collect();
    order.sort_by_key(|&c| (model.depth(c), c));
    for &c in &order {
        let Some(rect) = rect_of(c) else { continue };
        let component = model.component(c);
        let entry = catalog::info(component.kind);
        if entry.is_container() && !model.children(c).is_empty() {
            let stroke_color =
                if entry.trust_boundary { theme::TRUST_BOUNDARY_STROKE } else { theme::CONTAINER_STROKE };
            painter.rect_filled(rect, 6.0, theme::CONTAINER_FILL);
            painter.rect_stroke(rect, 6.0, Stroke::new(1.5, stroke_color), StrokeKind::Inside);
            if highlighted.contains(&component.id.as_str()) {
                painter.rect_stroke(rect, 6.0, Stroke::new(3.0, theme::HIGHLIGHT), StrokeKind::Outside);
            }
            painter.text(
                rect.left_top() + vec2(8.0, 6.0) * view.zoom,
                Align2::LEFT_TOP,
                format!("{} · {}", component.name, entry.name),
                font(13.0),
                theme::TEXT_WEAK,
            );
        } else {
            painter.rect_filled(rect, 6.0, theme::COMPONENT_FILL);
            painter.rect_stroke(rect, 6.0, Stroke::new(1.2, theme::COMPONENT_STROKE), StrokeKind::Inside);
            if highlighted.contains(&component.id.as_str()) {
                painter.rect_stroke(rect, 6.0, Stroke::new(3.0, theme::HIGHLIGHT), StrokeKind::Outside);
            }
            painter.text(
                rect.center() - vec2(0.0, 7.0) * view.zoom,
                Align2::CENTER_CENTER,
                &component.name,
                font(13.0),
                theme::TEXT,
            );
            painter.text(
                rect.center() + vec2(0.0, 10.0) * view.zoom,
                Align2::CENTER_CENTER,
                entry.name,
                font(10.0),
                theme::TEXT_WEAK,
            );
        }
    }

    for flow in model.flows() {
        let (Some(from), Some(to)) = (model.component_ix(&flow.from), model.component_ix(&flow.to)) else { continue };
        let (Some(a), Some(b)) = (rect_of(from), rect_of(to)) else { continue };
        let mut points = vec![a.center()];
        if let Some(route) = layout.flows.get(&flow.id) {
            points.extend(
                route.waypoints.iter().map(|p| canvas.min + view.offset + vec2(p.x as f32, p.y as f32) * view.zoom),
            );
        }
        points.push(b.center());
        let len = points.len();
        if let (Some(first), Some(second)) = (points.get(1).copied(), points.get(len - 2).copied()) {
            points[0] = edge_point(a, first);
            points[len - 1] = edge_point(b, second);
        }
        let color = if highlighted.contains(&flow.id.as_str()) {
            theme::HIGHLIGHT
        } else if flow.pattern.is_async() {
            theme::FLOW_ASYNC
        } else {
            theme::FLOW
        };
        let stroke = Stroke::new(if color == theme::HIGHLIGHT { 3.0 } else { 1.5 }, color);
        for pair in points.windows(2) {
            if let [p, q] = pair {
                painter.line_segment([*p, *q], stroke);
            }
        }
        if let [.., p, q] = points.as_slice() {
            arrow_head(&painter, *p, *q, color, view.zoom);
        }
    }
}

/// Where the line from a rectangle's centre towards `toward` leaves the rectangle.
fn edge_point(rect: Rect, toward: Pos2) -> Pos2 {
    let center = rect.center();
    let d = toward - center;
    if d.x.abs() < f32::EPSILON && d.y.abs() < f32::EPSILON {
        return center;
    }
    let half = rect.size() / 2.0;
    let scale = (half.x / d.x.abs().max(f32::EPSILON)).min(half.y / d.y.abs().max(f32::EPSILON)).min(1.0);
    center + d * scale
}

fn arrow_head(painter: &egui::Painter, from: Pos2, tip: Pos2, color: Color32, zoom: f32) {
    let direction = (tip - from).normalized();
    if !direction.is_finite() {
        return;
    }
    let size = (9.0 * zoom).clamp(4.0, 14.0);
    let normal = vec2(-direction.y, direction.x);
    let base = tip - direction * size;
    painter.add(egui::Shape::convex_polygon(
        vec![tip, base + normal * size * 0.45, base - normal * size * 0.45],
        color,
        Stroke::NONE,
    ));
}
