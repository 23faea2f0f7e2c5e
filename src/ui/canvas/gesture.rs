//! Pointer input on the canvas: hover, click and Shift/Ctrl-click selection, rubber band, moving (with snapping to
//! the grid and to other shapes, guides, and nesting into the container under the pointer), resizing, connecting
//! two elements by dragging from a card's handle, pan and zoom, the context menu and palette drops. Gestures
//! preview over the cached scene and turn into one action when the pointer is released, so a drag is one undo step.

use egui::{Color32, CornerRadius, Key, PointerButton, Pos2, Rect, Response, Stroke, StrokeKind, pos2, vec2};

use super::{Transform, View};
use crate::model::ComponentKind;
use crate::model::id::Id;
use crate::scene::{self, Hit, ItemRef, Pt, RegionKind, Scene, Token};
use crate::ui::actions::{Action, Command};
use crate::ui::canvas::CanvasInput;
use crate::ui::theme::color;

/// What can be dragged from the palette onto the canvas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaletteItem {
    /// A component of this kind.
    Kind(ComponentKind),
    /// A free-text note.
    Note,
    /// A trust boundary (around the selection, or empty).
    Boundary,
    /// A bounded context (around the selection, or empty).
    Context,
}

/// Grid spacing in diagram units; moves and resizes snap to it.
pub const GRID: f32 = 10.0;
/// How close (in screen pixels) an edge must come to another's to snap to it.
const SNAP_PX: f32 = 6.0;
/// Radius of the connection handle, in screen pixels.
const HANDLE_PX: f32 = 6.0;
/// Size of the resize grip, in screen pixels.
const GRIP_PX: f32 = 10.0;

/// What the pointer is doing.
#[derive(Clone, Debug, Default)]
pub enum Gesture {
    /// Nothing.
    #[default]
    None,
    /// Panning the view.
    Pan,
    /// Moving the selection.
    Move {
        /// What moves (the selection, without what sits inside another moved element).
        ids: Vec<Id>,
        /// Their combined rectangle when the move started.
        start_rect: scene::Rect,
        /// Pointer position when the move started.
        start: Pt,
        /// The offset so far, snapped.
        delta: Pt,
        /// Alignment guides to draw, as vertical (x) and horizontal (y) lines.
        guides: Vec<(bool, f32)>,
    },
    /// Resizing one element from its bottom-right corner.
    Resize {
        /// The element.
        id: Id,
        /// Its rectangle now.
        rect: scene::Rect,
    },
    /// Dragging a new flow from `from`.
    Connect {
        /// The caller.
        from: Id,
        /// The pointer.
        to: Pt,
    },
    /// Dragging a bend point of a flow (a new one where the line was grabbed, or an existing one).
    Bend {
        /// The flow.
        id: Id,
        /// The flow's waypoints with the dragged one in place.
        waypoints: Vec<Pt>,
        /// Which of them is being dragged.
        index: usize,
    },
    /// Selecting everything inside a rectangle.
    Rubber {
        /// Where it started.
        start: Pt,
        /// The pointer.
        end: Pt,
        /// Add to the selection rather than replace it.
        additive: bool,
    },
}

/// Pans with the middle button, Space + drag or the scroll wheel / trackpad, and zooms around the pointer with
/// Ctrl + wheel or pinch.
pub fn pan_and_zoom(ui: &egui::Ui, response: &Response, view: &mut View) {
    let space = ui.input(|i| i.key_down(Key::Space)) && !ui.ctx().text_edit_focused();
    let panning = response.dragged_by(PointerButton::Middle)
        || (space && response.dragged_by(PointerButton::Primary))
        || matches!(view.gesture, Gesture::Pan);
    if panning && (response.dragged()) {
        view.offset += response.drag_delta();
        view.gesture = Gesture::Pan;
    }
    if matches!(view.gesture, Gesture::Pan) && !response.dragged() {
        view.gesture = Gesture::None;
    }
    if !response.contains_pointer() {
        return;
    }
    let (zoom_delta, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
    if (zoom_delta - 1.0).abs() > f32::EPSILON {
        if let Some(pointer) = response.hover_pos() {
            view.zoom_around(pointer - response.rect.min, zoom_delta);
        }
    } else if scroll != egui::Vec2::ZERO {
        view.offset += scroll;
    }
}

/// Palette drops and double-clicks on a canvas that has nothing to draw yet.
pub fn empty_canvas(ui: &egui::Ui, response: &Response, view: &View, t: Transform, out: &mut Vec<Action>) {
    if let Some(item) = response.dnd_release_payload::<PaletteItem>()
        && let Some(p) = response.hover_pos()
    {
        out.push(Action::AddAt { item: *item, at: t.diagram_from_screen(p), inside: None });
    }
    if response.double_clicked() {
        out.push(Action::Run(Command::Palette));
    }
    let _ = (ui, view);
}

/// The element's connection handle on the middle of its right edge, in screen coordinates.
fn handle_pos(scene: &Scene, id: &str, t: Transform) -> Option<Pos2> {
    let r = t.rect(&scene.element_rect(id)?);
    Some(pos2(r.right(), r.center().y))
}

fn is_endpoint(input: &CanvasInput<'_>, id: &str) -> bool {
    input
        .ws
        .model()
        .and_then(|m| m.component_ix(id))
        .zip(input.ws.model())
        .is_some_and(|(c, m)| m.kind(c).is_flow_endpoint())
}

/// The containers under `p`, innermost first: container regions, and cards of container kinds that are still
/// empty (drawn small). `skip` elements (what is being moved) are left out.
pub fn containers_at(scene: &Scene, model: Option<&crate::model::Model>, p: Pt, skip: &[Id]) -> Vec<Id> {
    let skipped = |id: &str| skip.iter().any(|s| s.as_str() == id);
    let regions = scene
        .regions
        .iter()
        .filter(|r| r.kind == RegionKind::Container && r.rect.contains(p) && !skipped(&r.id))
        .map(|r| (r.id.as_str(), r.rect));
    let is_container = |id: &str| {
        model
            .and_then(|m| m.component_ix(id).map(|c| crate::model::catalog::info(m.kind(c)).is_container()))
            .unwrap_or(false)
    };
    let cards = scene
        .cards
        .iter()
        .filter(|c| c.rect.contains(p) && !skipped(&c.id) && is_container(&c.id))
        .map(|c| (c.id.as_str(), c.rect));
    let mut found: Vec<(&str, scene::Rect)> = regions.chain(cards).collect();
    crate::sorting::sort_by(&mut found, |a, b| (a.1.w * a.1.h).total_cmp(&(b.1.w * b.1.h)));
    found.into_iter().map(|(id, _)| Id::from_trusted(id)).collect()
}

/// Handles hover, clicks, drags, the context menu and drops; returns what the pointer is over.
pub fn handle(
    ui: &egui::Ui,
    response: &Response,
    view: &mut View,
    scene: &Scene,
    input: &CanvasInput<'_>,
    t: Transform,
    out: &mut Vec<Action>,
) -> Option<Hit> {
    let pointer = ui.input(|i| i.pointer.interact_pos().or(i.pointer.hover_pos()));
    let inside = pointer.is_some_and(|p| response.rect.contains(p));
    let p = pointer.map(|p| t.diagram_from_screen(p));
    let tolerance = 6.0 / view.zoom;
    // Over a container's empty inside, the container counts as hovered: a click or right-click picks it and its
    // connection handle shows; a drag there moves it once it is selected, and otherwise draws a rubber band
    // (`selected_container_at`), so one can still select inside big containers.
    let hovered = if inside {
        p.and_then(|p| {
            scene.hit(p, tolerance).or_else(|| {
                let id = containers_at(scene, input.ws.model(), p, &[]).into_iter().next()?;
                Some(Hit { item: scene.item(&id)?, id: id.to_string() })
            })
        })
    } else {
        None
    };
    let modifiers = ui.input(|i| i.modifiers);

    if let Some(item) = response.dnd_release_payload::<PaletteItem>()
        && let Some(p) = p
    {
        let inside = containers_at(scene, input.ws.model(), p, &[]).into_iter().next();
        out.push(Action::AddAt { item: *item, at: p, inside });
    }

    let here = Here { scene, input, t, p, tolerance, modifiers };
    start_gesture(ui, response, view, &here, out);
    // Update it.
    if let Some(p) = p
        && response.dragged_by(PointerButton::Primary)
    {
        let snap = view.grid && !modifiers.alt;
        let zoom = view.zoom;
        match &mut view.gesture {
            Gesture::Move { ids, start_rect, start, delta, guides } => {
                let raw = Pt { x: p.x - start.x, y: p.y - start.y };
                let (d, g) = snapped_delta(scene, ids, start_rect, raw, snap, SNAP_PX / zoom);
                *delta = d;
                *guides = g;
            }
            Gesture::Resize { rect, .. } => {
                let (mut w, mut h) = (p.x - rect.x, p.y - rect.y);
                if snap {
                    w = (((rect.x + w) / GRID).round() * GRID) - rect.x;
                    h = (((rect.y + h) / GRID).round() * GRID) - rect.y;
                }
                rect.w = w.max(40.0);
                rect.h = h.max(30.0);
            }
            Gesture::Connect { to, .. } => *to = p,
            Gesture::Bend { waypoints, index, .. } => {
                if let Some(w) = waypoints.get_mut(*index) {
                    *w = if snap { Pt { x: (p.x / GRID).round() * GRID, y: (p.y / GRID).round() * GRID } } else { p };
                }
            }
            Gesture::Rubber { end, .. } => *end = p,
            Gesture::None | Gesture::Pan => {}
        }
    }

    finish_gesture(ui, response, view, &here, out);

    // Clicks.
    if response.clicked() {
        let id = hovered.as_ref().map(|h| Id::from_trusted(&h.id));
        let ids = match id {
            Some(id) if modifiers.shift || modifiers.command => {
                let mut ids = input.selection.to_vec();
                match ids.iter().position(|i| *i == id) {
                    Some(at) => {
                        ids.remove(at);
                    }
                    None => ids.push(id),
                }
                ids
            }
            Some(id) => vec![id],
            None if modifiers.shift || modifiers.command => input.selection.to_vec(),
            None => Vec::new(),
        };
        out.push(Action::Select(ids));
    }
    if response.double_clicked() {
        match &hovered {
            Some(hit) => out.push(Action::Rename(Id::from_trusted(&hit.id))),
            None => out.push(Action::Run(Command::Palette)),
        }
    }
    if response.secondary_clicked()
        && let Some(hit) = &hovered
    {
        let id = Id::from_trusted(&hit.id);
        if !input.selection.contains(&id) {
            out.push(Action::Select(vec![id]));
        }
    }
    response.context_menu(|ui| crate::ui::menus::context_menu(ui, input, out));
    if view.is_busy() {
        ui.ctx().request_repaint();
    }
    let cursor = match (&view.gesture, &hovered) {
        (Gesture::Pan, _) => Some(egui::CursorIcon::Grabbing),
        (Gesture::Move { .. }, _) => Some(egui::CursorIcon::Move),
        (Gesture::Resize { .. }, _) => Some(egui::CursorIcon::ResizeSouthEast),
        (Gesture::Connect { .. }, _) => Some(egui::CursorIcon::Crosshair),
        (Gesture::Bend { .. }, _) => Some(egui::CursorIcon::Grabbing),
        (Gesture::None, Some(h)) if !matches!(h.item, ItemRef::Flow(_)) => Some(egui::CursorIcon::PointingHand),
        _ => None,
    };
    if let Some(cursor) = cursor
        && inside
    {
        ui.ctx().set_cursor_icon(cursor);
    }
    hovered
}

/// What the pointer is over, for the gesture functions.
struct Here<'a> {
    scene: &'a Scene,
    input: &'a CanvasInput<'a>,
    t: Transform,
    /// The pointer in diagram units.
    p: Option<Pt>,
    /// How near a line counts as on it, in diagram units.
    tolerance: f32,
    modifiers: egui::Modifiers,
}

/// Starts connecting, resizing, moving or a rubber band when a primary drag begins.
fn start_gesture(ui: &egui::Ui, response: &Response, view: &mut View, here: &Here<'_>, out: &mut Vec<Action>) {
    let Here { scene, input, t, p, tolerance, modifiers } = *here;
    if response.drag_started_by(PointerButton::Primary)
        && !matches!(view.gesture, Gesture::Pan)
        && let (Some(screen), Some(p)) = (ui.input(|i| i.pointer.press_origin()), p)
    {
        let origin = t.diagram_from_screen(screen);
        let handle_of = |id: &str| handle_pos(scene, id, t).is_some_and(|h| h.distance(screen) <= HANDLE_PX + 2.0);
        let grip_of = |id: &str| {
            scene.element_rect(id).is_some_and(|r| {
                let r = t.rect(&r);
                Rect::from_min_size(r.max - vec2(GRIP_PX, GRIP_PX), vec2(GRIP_PX, GRIP_PX)).expand(2.0).contains(screen)
            })
        };
        let hit_at_origin = scene.hit(origin, tolerance);
        // Review mode: only notes move; nothing connects, resizes or bends (the document would refuse it anyway).
        let review = input.ws.doc().review();
        let connect_from = hit_at_origin
            .as_ref()
            .map(|h| h.id.clone())
            .into_iter()
            .chain(input.selection.iter().map(|id| id.as_str().to_owned()))
            .find(|id| handle_of(id) && is_endpoint(input, id))
            .filter(|_| !review);
        let resize = (input.selection.len() == 1)
            .then(|| input.selection[0].clone())
            .filter(|id| grip_of(id) && scene.item(id).is_some_and(|i| !matches!(i, ItemRef::Flow(_))))
            .filter(|_| !review);
        view.gesture = if let Some(from) = connect_from {
            Gesture::Connect { from: Id::from_trusted(&from), to: p }
        } else if let Some(id) = resize {
            match scene.element_rect(&id) {
                Some(rect) => Gesture::Resize { id, rect },
                None => Gesture::None,
            }
        } else if let Some(hit) = hit_at_origin.as_ref().filter(|h| matches!(h.item, ItemRef::Flow(_))) {
            let id = Id::from_trusted(&hit.id);
            if !input.selection.contains(&id) {
                out.push(Action::Select(vec![id.clone()]));
            }
            if review { Gesture::None } else { bend(input, scene, id, origin, tolerance) }
        } else if let Some(id) = hit_at_origin
            .filter(|h| !matches!(h.item, ItemRef::Flow(_) | ItemRef::Label(_)))
            .map(|hit| Id::from_trusted(&hit.id))
            .or_else(|| selected_container_at(scene, input, origin, modifiers))
        {
            let mut ids: Vec<Id> = if input.selection.contains(&id) {
                input.selection.to_vec()
            } else if modifiers.shift || modifiers.command {
                input.selection.iter().cloned().chain(std::iter::once(id.clone())).collect()
            } else {
                vec![id.clone()]
            };
            if !input.selection.contains(&id) {
                out.push(Action::Select(ids.clone()));
            }
            ids.retain(|i| scene.item(i).is_some_and(|r| !matches!(r, ItemRef::Flow(_))));
            if review {
                ids.retain(|i| scene.item(i).is_some_and(|r| matches!(r, ItemRef::Note(_))));
            }
            let start_rect = union_rect(scene, &ids);
            match start_rect {
                Some(start_rect) => {
                    Gesture::Move { ids, start_rect, start: origin, delta: Pt { x: 0.0, y: 0.0 }, guides: Vec::new() }
                }
                None => Gesture::None,
            }
        } else {
            Gesture::Rubber { start: origin, end: origin, additive: modifiers.shift || modifiers.command }
        };
    }
}

/// A drag over the empty inside of a selected container (at any depth) moves it (a first click there selects it);
/// over one that is not selected, or with Alt held, the drag draws a rubber band, so one can still select inside big containers.
fn selected_container_at(scene: &Scene, input: &CanvasInput<'_>, p: Pt, modifiers: egui::Modifiers) -> Option<Id> {
    if modifiers.alt {
        return None;
    }
    containers_at(scene, input.ws.model(), p, &[]).into_iter().find(|id| input.selection.contains(id))
}

/// Turns the finished gesture into an action.
fn finish_gesture(ui: &egui::Ui, response: &Response, view: &mut View, here: &Here<'_>, out: &mut Vec<Action>) {
    let Here { scene, input, t, p, tolerance, .. } = *here;
    if response.drag_stopped_by(PointerButton::Primary)
        || (view.is_busy() && !ui.input(|i| i.pointer.any_down()) && !matches!(view.gesture, Gesture::Pan))
    {
        match std::mem::take(&mut view.gesture) {
            Gesture::Move { ids, delta, .. } => {
                if delta.x != 0.0 || delta.y != 0.0 {
                    let drop = p.map(|p| containers_at(scene, input.ws.model(), p, &ids));
                    out.push(Action::MoveBy { ids, dx: delta.x, dy: delta.y, drop_targets: drop.unwrap_or_default() });
                }
            }
            Gesture::Resize { id, rect } => out.push(Action::Resize { id, rect }),
            Gesture::Bend { id, waypoints, .. } => out.push(Action::Route { id, waypoints }),
            Gesture::Connect { from, to } => {
                let target = scene
                    .hit(to, tolerance)
                    .map(|h| h.id)
                    .or_else(|| containers_at(scene, input.ws.model(), to, &[]).first().map(ToString::to_string))
                    .filter(|id| id != from.as_str());
                if let Some(target) = target {
                    out.push(Action::Connect { from, to: Id::from_trusted(&target), at: t.pos(to) });
                }
            }
            Gesture::Rubber { start, end, additive } => {
                let picked: Vec<Id> = scene
                    .select_rect(&scene::Rect::from_corners(start, end))
                    .iter()
                    .map(|s| Id::from_trusted(s))
                    .collect();
                let mut ids: Vec<Id> = if additive { input.selection.to_vec() } else { Vec::new() };
                for id in picked {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                out.push(Action::Select(ids));
            }
            Gesture::None | Gesture::Pan => {}
        }
    }
}

/// Starts dragging a bend point of flow `id` grabbed at `at`: an existing waypoint near it, else a new one on the
/// nearest leg of the line through the ends' centres and the waypoints.
fn bend(input: &CanvasInput<'_>, scene: &Scene, id: Id, at: Pt, tolerance: f32) -> Gesture {
    let d = input.ws.diagram();
    let Some(flow) = d.flows.iter().find(|f| f.id == id) else { return Gesture::None };
    let mut waypoints: Vec<Pt> =
        d.layout.flows.get(&id).map(|r| r.waypoints.iter().map(|&p| Pt::from_layout(p)).collect()).unwrap_or_default();
    if let Some(index) = waypoints.iter().position(|w| w.distance(at) <= 2.0 * tolerance) {
        return Gesture::Bend { id, waypoints, index };
    }
    let (Some(a), Some(b)) = (scene.element_rect(&flow.from), scene.element_rect(&flow.to)) else {
        return Gesture::None;
    };
    let line: Vec<Pt> =
        std::iter::once(a.center()).chain(waypoints.iter().copied()).chain(std::iter::once(b.center())).collect();
    let leg = line
        .windows(2)
        .enumerate()
        .min_by(|(_, x), (_, y)| {
            scene::geom::segment_distance(at, x[0], x[1]).total_cmp(&scene::geom::segment_distance(at, y[0], y[1]))
        })
        .map_or(0, |(i, _)| i);
    waypoints.insert(leg, at);
    Gesture::Bend { id, waypoints, index: leg }
}

/// The rectangle around these elements.
fn union_rect(scene: &Scene, ids: &[Id]) -> Option<scene::Rect> {
    ids.iter().filter_map(|id| scene.element_rect(id)).reduce(|a, b| a.union(&b))
}

/// The move offset after snapping the moved rectangle's edges and centre to other cards' (within `reach`), else to
/// the grid; with the guides that show what it snapped to.
fn snapped_delta(
    scene: &Scene,
    ids: &[Id],
    start: &scene::Rect,
    raw: Pt,
    snap: bool,
    reach: f32,
) -> (Pt, Vec<(bool, f32)>) {
    if !snap {
        return (raw, Vec::new());
    }
    let moved = scene::Rect { x: start.x + raw.x, y: start.y + raw.y, ..*start };
    let xs = [moved.x, moved.x + moved.w / 2.0, moved.right()];
    let ys = [moved.y, moved.y + moved.h / 2.0, moved.bottom()];
    let near = moved.expand(400.0);
    // Best snap per axis: (distance to move, the line snapped to).
    let mut best_x: Option<(f32, f32)> = None;
    let mut best_y: Option<(f32, f32)> = None;
    for card in scene.cards.iter().filter(|c| near.intersects(&c.rect) && !ids.iter().any(|i| i.as_str() == c.id)) {
        let r = card.rect;
        for target in [r.x, r.x + r.w / 2.0, r.right()] {
            for x in xs {
                let d = target - x;
                if d.abs() <= reach && best_x.is_none_or(|(bd, _)| d.abs() < bd.abs()) {
                    best_x = Some((d, target));
                }
            }
        }
        for target in [r.y, r.y + r.h / 2.0, r.bottom()] {
            for y in ys {
                let d = target - y;
                if d.abs() <= reach && best_y.is_none_or(|(bd, _)| d.abs() < bd.abs()) {
                    best_y = Some((d, target));
                }
            }
        }
    }
    let mut guides = Vec::new();
    let dx = match best_x {
        Some((d, at)) => {
            guides.push((true, at));
            raw.x + d
        }
        None => ((start.x + raw.x) / GRID).round() * GRID - start.x,
    };
    let dy = match best_y {
        Some((d, at)) => {
            guides.push((false, at));
            raw.y + d
        }
        None => ((start.y + raw.y) / GRID).round() * GRID - start.y,
    };
    (Pt { x: dx, y: dy }, guides)
}

/// Paints what a gesture will do (ghosts, the new flow, the rubber band, guides), the connection handle of the
/// element under the pointer and the resize grip of a single selection.
pub fn paint_preview(
    painter: &egui::Painter,
    view: &View,
    scene: &Scene,
    input: &CanvasInput<'_>,
    t: Transform,
    hovered: Option<&Hit>,
) {
    let theme = view.options.theme;
    let accent = color(Token::Selection, theme);
    let canvas = painter.clip_rect();
    match &view.gesture {
        Gesture::Move { ids, delta, guides, .. } => {
            for id in ids {
                if let Some(r) = scene.element_rect(id) {
                    let moved = scene::Rect { x: r.x + delta.x, y: r.y + delta.y, ..r };
                    let sr = t.rect(&moved);
                    painter.rect_filled(sr, CornerRadius::same(6), accent.gamma_multiply(0.12));
                    painter.rect_stroke(sr, CornerRadius::same(6), Stroke::new(1.5, accent), StrokeKind::Inside);
                }
            }
            for &(vertical, at) in guides {
                let guide = Stroke::new(1.0, color(Token::SeverityCritical, theme));
                if vertical {
                    let x = t.pos(Pt { x: at, y: 0.0 }).x;
                    painter.line_segment([pos2(x, canvas.top()), pos2(x, canvas.bottom())], guide);
                } else {
                    let y = t.pos(Pt { x: 0.0, y: at }).y;
                    painter.line_segment([pos2(canvas.left(), y), pos2(canvas.right(), y)], guide);
                }
            }
        }
        Gesture::Resize { rect, .. } => {
            painter.rect_stroke(t.rect(rect), CornerRadius::same(6), Stroke::new(1.5, accent), StrokeKind::Inside);
        }
        Gesture::Connect { from, to } => {
            if let Some(a) = handle_pos(scene, from, t) {
                let b = t.pos(*to);
                painter.arrow(a, b - a, Stroke::new(2.0, accent));
            }
            if let Some(h) = scene.hit(*to, 6.0 / view.zoom).filter(|h| h.id != from.as_str())
                && let Some(r) = scene.element_rect(&h.id)
            {
                painter.rect_stroke(
                    t.rect(&r).expand(3.0),
                    CornerRadius::same(8),
                    Stroke::new(2.5, accent),
                    StrokeKind::Outside,
                );
            }
        }
        Gesture::Bend { id, waypoints, .. } => {
            let ends = input
                .ws
                .diagram()
                .flows
                .iter()
                .find(|f| f.id == *id)
                .and_then(|f| Some((scene.element_rect(&f.from)?.center(), scene.element_rect(&f.to)?.center())));
            if let Some((a, b)) = ends {
                let points: Vec<Pos2> = std::iter::once(a)
                    .chain(waypoints.iter().copied())
                    .chain(std::iter::once(b))
                    .map(|p| t.pos(p))
                    .collect();
                painter.add(egui::Shape::line(points, Stroke::new(2.0, accent)));
                for w in waypoints {
                    painter.circle_filled(t.pos(*w), 4.0, accent);
                }
            }
        }
        Gesture::Rubber { start, end, .. } => {
            let r = Rect::from_two_pos(t.pos(*start), t.pos(*end));
            painter.rect_filled(r, CornerRadius::ZERO, accent.gamma_multiply(0.08));
            painter.rect_stroke(r, CornerRadius::ZERO, Stroke::new(1.0, accent), StrokeKind::Inside);
        }
        Gesture::None | Gesture::Pan if input.ws.doc().review() => {}
        Gesture::None | Gesture::Pan => {
            let mut handles: Vec<&str> = input.selection.iter().map(|id| id.as_str()).collect();
            if let Some(h) = hovered {
                handles.push(&h.id);
            }
            for id in handles.into_iter().filter(|id| is_endpoint(input, id)).take(8) {
                if let Some(h) = handle_pos(scene, id, t) {
                    painter.circle(h, HANDLE_PX, Color32::WHITE, Stroke::new(2.0, accent));
                    painter.text(h, egui::Align2::CENTER_CENTER, "+", egui::FontId::proportional(10.0), accent);
                }
            }
            if let [only] = input.selection
                && let Some(r) = scene.element_rect(only)
                && scene.item(only).is_some_and(|i| !matches!(i, ItemRef::Flow(_)))
            {
                let r = t.rect(&r);
                let grip = Rect::from_min_size(r.max - vec2(GRIP_PX, GRIP_PX), vec2(GRIP_PX, GRIP_PX));
                painter.rect_filled(grip, CornerRadius::same(2), accent);
            }
        }
    }
}
