//! The diagram canvas: builds the scene when the document or the view options change, paints it (`paint`), and
//! turns pointer input into actions (`gesture`): select, rubber band, move and nest, resize, connect, pan and zoom,
//! palette drops. Hover, selection and gesture previews are painted over the cached scene, so moving the pointer
//! never rebuilds it. Every visible element gets an accessible node named after it. View state lives here, never
//! in the model.

mod far;
mod gesture;
pub mod icons;
mod minimap;
mod paint;

use egui::{Pos2, Rect, Sense, Vec2, pos2, vec2};

use crate::analysis::blast::BlastRadius;
use crate::model::id::Id;
use crate::scene::{self, Focus, Inputs, Scene, ViewOptions};
use crate::ui::actions::Action;
use crate::ui::workspace::Workspace;

pub use gesture::PaletteItem;
pub use paint::install_font;

/// The most elements a view gives accessible nodes.
const MAX_ACCESSIBLE: usize = 400;

/// Smallest and largest zoom.
pub const ZOOM_RANGE: (f32, f32) = (0.05, 4.0);

/// Pan, zoom, overlays, the cached scene and the gesture in progress.
pub struct View {
    /// Screen offset of the diagram origin, relative to the canvas's top-left.
    offset: Vec2,
    /// Screen pixels per diagram unit.
    zoom: f32,
    /// Fit these elements (all when empty) on the next frame.
    fit_pending: Option<Vec<Id>>,
    /// What the scene shows.
    pub options: ViewOptions,
    /// Show the legend.
    pub legend: bool,
    /// Draw the grid and snap to it.
    pub grid: bool,
    /// The scene and what it was built from.
    cache: Option<SceneCache>,
    /// The blast radius and what it was computed from (document semantics and start).
    blast: Option<((u64, u64), String, Option<BlastRadius>)>,
    /// Icon textures by key and pixel size.
    icons: icons::IconCache,
    /// What the pointer is doing.
    gesture: gesture::Gesture,
    /// The canvas area of the last frame (for zoom commands from menus).
    last_canvas: Rect,
    /// A note being edited in place: its id and the text typed so far.
    pub editing_note: Option<(Id, String)>,
}

struct SceneCache {
    stamp: (u64, u64),
    options: ViewOptions,
    scene: Scene,
    /// The far-out mesh of this scene.
    far: far::FarMesh,
}

impl Default for View {
    fn default() -> Self {
        Self {
            offset: Vec2::ZERO,
            zoom: 1.0,
            fit_pending: Some(Vec::new()),
            options: ViewOptions { threats: true, contexts: true, ..ViewOptions::default() },
            legend: false,
            grid: true,
            cache: None,
            blast: None,
            icons: icons::IconCache::default(),
            gesture: gesture::Gesture::default(),
            last_canvas: Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)),
            editing_note: None,
        }
    }
}

/// Maps diagram units to the screen.
#[derive(Clone, Copy)]
pub(crate) struct Transform {
    origin: Pos2,
    zoom: f32,
}

impl Transform {
    fn pos(self, p: scene::Pt) -> Pos2 {
        self.origin + vec2(p.x, p.y) * self.zoom
    }

    fn rect(self, r: &scene::Rect) -> Rect {
        Rect::from_min_size(self.pos(scene::Pt { x: r.x, y: r.y }), vec2(r.w, r.h) * self.zoom)
    }

    fn diagram_from_screen(self, p: Pos2) -> scene::Pt {
        let d = (p - self.origin) / self.zoom;
        scene::Pt { x: d.x, y: d.y }
    }
}

impl View {
    /// Fits the whole diagram into the canvas on the next frame.
    pub fn request_fit(&mut self) {
        self.fit_pending = Some(Vec::new());
    }

    /// Fits these elements into the canvas on the next frame (the whole diagram when none is drawn).
    pub fn request_frame(&mut self, ids: Vec<Id>) {
        self.fit_pending = Some(ids);
    }

    /// Zooms by `factor` around the canvas centre.
    pub fn zoom_by(&mut self, factor: f32) {
        let anchor = self.last_canvas.size() / 2.0;
        self.zoom_around(anchor, factor);
    }

    /// Back to 100 %, keeping the canvas centre.
    pub fn zoom_reset(&mut self) {
        self.zoom_by(1.0 / self.zoom);
    }

    fn zoom_around(&mut self, anchor: Vec2, factor: f32) {
        let new_zoom = (self.zoom * factor).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        self.offset = anchor - (anchor - self.offset) * (new_zoom / self.zoom);
        self.zoom = new_zoom;
    }

    /// The diagram point at the centre of the canvas.
    pub fn center(&self) -> scene::Pt {
        let t = Transform { origin: self.last_canvas.min + self.offset, zoom: self.zoom };
        t.diagram_from_screen(self.last_canvas.center())
    }

    /// The blast radius shown, if any.
    pub fn blast_radius(&self) -> Option<&BlastRadius> {
        self.options.blast.as_ref()?;
        self.blast.as_ref().and_then(|(_, _, b)| b.as_ref())
    }

    /// The built scene, if any.
    pub fn scene(&self) -> Option<&Scene> {
        self.cache.as_ref().map(|c| &c.scene)
    }

    /// Whether a gesture (move, resize, connect, rubber band) is in progress.
    pub fn is_busy(&self) -> bool {
        !matches!(self.gesture, gesture::Gesture::None)
    }

    /// Cancels the gesture in progress; false when there was none.
    pub fn cancel_gesture(&mut self) -> bool {
        let busy = self.is_busy();
        self.gesture = gesture::Gesture::None;
        busy
    }

    fn fit(&mut self, canvas: Rect, bounds: &scene::Rect, max_zoom: f32) {
        let margin = 32.0;
        let available = (canvas.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(1.0));
        let zoom = (available.x / bounds.w.max(1.0)).min(available.y / bounds.h.max(1.0));
        self.zoom = zoom.clamp(ZOOM_RANGE.0, max_zoom.max(ZOOM_RANGE.0));
        let content = vec2(bounds.w, bounds.h) * self.zoom;
        self.offset = (canvas.size() - content) / 2.0 - vec2(bounds.x, bounds.y) * self.zoom;
    }

    /// Brings the scene up to date with the document and the options.
    fn refresh(&mut self, ws: &Workspace) {
        let stamp = ws.layout_stamp();
        if self.cache.as_ref().is_some_and(|c| c.stamp == stamp && c.options == self.options) {
            return;
        }
        let Some(model) = ws.model() else {
            self.cache = None;
            return;
        };
        let semantic = ws.semantic_stamp();
        let start = self.options.blast.clone().unwrap_or_default();
        if !self.blast.as_ref().is_some_and(|(s, b, _)| *s == semantic && *b == start) {
            self.blast = Some((semantic, start, scene::blast_radius(model, &self.options)));
        }
        let blast = self.blast.as_ref().and_then(|(_, _, b)| b.as_ref());
        let inputs = Inputs { model, analysis: ws.analysis(), blast };
        // Built in the lists of the scene it replaces: no big allocations, nor memory handed back and faulted in.
        let scene = match self.cache.take() {
            Some(old) => scene::rebuild(&inputs, &self.options, old.scene),
            None => scene::build(&inputs, &self.options),
        };
        self.cache = Some(SceneCache { stamp, options: self.options.clone(), scene, far: far::FarMesh::default() });
    }
}

/// What the canvas needs from the rest of the editor.
pub struct CanvasInput<'a> {
    /// The open document.
    pub ws: &'a Workspace,
    /// Selected element ids.
    pub selection: &'a [Id],
    /// Elements to point out (the finding picked in the findings panel).
    pub highlighted: &'a [Id],
    /// No hover tooltips (a popup is open over the canvas).
    pub quiet: bool,
}

/// Draws the document's scene and turns pointer input into actions.
pub fn canvas_ui(ui: &mut egui::Ui, view: &mut View, input: &CanvasInput<'_>, out: &mut Vec<Action>) {
    view.options.theme = super::theme::of(ui);
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let canvas = response.rect;
    view.last_canvas = canvas;
    view.refresh(input.ws);
    if let Some(ids) = view.fit_pending.take() {
        let bounds = view.scene().and_then(|scene| {
            let rects: Vec<scene::Rect> = ids.iter().filter_map(|id| scene.element_rect(id)).collect();
            match rects.split_first() {
                Some((first, rest)) => Some(rest.iter().fold(*first, |a, r| a.union(r))),
                None if scene.bounds.w > 0.0 => Some(scene.bounds),
                None => None,
            }
        });
        match bounds {
            Some(bounds) => {
                // Below the title block, which sits in the top-left corner.
                let title_h = view.scene().map_or(0.0, |s| s.title.size.y);
                let free = Rect::from_min_max(pos2(canvas.min.x, canvas.min.y + title_h + 12.0), canvas.max);
                let area = if free.width() > 200.0 && free.height() > 200.0 { free } else { canvas };
                // Fitting the diagram may zoom in up to 200 %; bringing elements into view (a finding, a search
                // hit) pans there and zooms out if they do not fit, but never zooms in past the current zoom.
                let max_zoom = if ids.is_empty() { 2.0 } else { view.zoom.max(0.5) };
                view.fit(area, &bounds, max_zoom);
                view.offset += area.min - canvas.min;
            }
            None => {
                view.zoom = 1.0;
                view.offset = canvas.size() / 2.0;
            }
        }
    }
    let before = (view.offset, view.zoom);
    gesture::pan_and_zoom(ui, &response, view);
    if (view.offset, view.zoom) != before {
        // The toolbar's zoom figure was drawn before this change: show it on the next frame.
        ui.ctx().request_repaint();
    }
    let t = Transform { origin: canvas.min + view.offset, zoom: view.zoom };
    let painter = painter.with_clip_rect(canvas);
    paint::background(&painter, t, view.grid, view.options.theme);
    let Some(mut cache) = view.cache.take() else {
        gesture::empty_canvas(ui, &response, view, t, out);
        return;
    };
    let scene = &cache.scene;
    let hovered = gesture::handle(ui, &response, view, scene, input, t, out);
    let theme = view.options.theme;
    let top_left = t.diagram_from_screen(canvas.min);
    let visible_area =
        scene::Rect { x: top_left.x, y: top_left.y, w: canvas.width() / view.zoom, h: canvas.height() / view.zoom };
    let visible = visible_items(scene, &visible_area);
    paint::scene(&painter, scene, &visible, t, theme, &mut view.icons, &mut cache.far);
    let selected: Vec<&str> = input.selection.iter().map(|id| id.as_str()).collect();
    let highlighted: Vec<&str> = input.highlighted.iter().map(|id| id.as_str()).collect();
    let focus =
        Focus { selected: &selected, hovered: hovered.as_ref().map(|h| h.id.as_str()), highlighted: &highlighted };
    paint::overlay(&painter, &scene.overlay(&focus), t, theme);
    gesture::paint_preview(&painter, view, scene, input, t, hovered.as_ref());
    paint::panel(&painter, &scene.title, canvas.min + vec2(12.0, 12.0), theme);
    if view.legend {
        let at = pos2(canvas.min.x + 12.0, canvas.max.y - scene.legend.size.y - 12.0);
        paint::panel(&painter, &scene.legend, at, theme);
    }
    accessible_nodes(ui, scene, &visible, t);
    minimap::minimap(ui, view, scene, canvas, t);
    note_editor(ui, view, scene, t, out);
    // The zoom, painted after this frame's pan and zoom so it is never a step behind.
    let zoom_text = format!("{:.0} %", view.zoom * 100.0);
    painter.text(
        canvas.right_bottom() - vec2(10.0, 8.0),
        egui::Align2::RIGHT_BOTTOM,
        zoom_text,
        egui::FontId::proportional(12.0),
        super::theme::text_weak(ui),
    );
    if let (Some(hit), Some(model)) = (&hovered, input.ws.model())
        && !view.is_busy()
        && !input.quiet
        && let Some(mut text) = scene.tooltip(model, input.ws.analysis(), hit.item)
    {
        // Over a component the blast radius reaches: how the attacker gets there, step by step.
        if let (Some(radius), Some(c)) = (view.blast_radius(), model.component_ix(&hit.id))
            && let Some(reached) = radius.reached.iter().find(|r| r.component == c)
        {
            let path: Vec<String> =
                radius.path(reached).iter().map(|&p| input.ws.label(&model.component(p).id)).collect();
            text.push_str(&format!(
                "\n\nReached in {} steps ({}, {}): {}",
                reached.hops,
                reached.level,
                reached.mechanism,
                path.join(" → ")
            ));
        }
        response.on_hover_text_at_pointer(text);
    }
    view.cache = Some(cache);
}

/// The items in `area`: all of them, without asking the scene's index, when the whole diagram is in view (zoomed to
/// fit, where the index would list every item once per grid cell it touches).
fn visible_items(scene: &Scene, area: &scene::Rect) -> scene::Visible {
    if !area.contains_rect(&scene.bounds) {
        return scene.visible(area);
    }
    let all = |n: usize| (0..n as u32).collect();
    scene::Visible {
        regions: all(scene.regions.len()),
        flows: all(scene.flows.len()),
        cards: all(scene.cards.len()),
        notes: all(scene.notes.len()),
        badges: all(scene.badges.len()),
        labels: all(scene.labels.len()),
    }
}

/// One accessible node per visible card, region, note and flow, named after the element, so screen readers and
/// tests find them. They only sense hover, so clicks and drags still reach the canvas.
fn accessible_nodes(ui: &egui::Ui, scene: &Scene, visible: &scene::Visible, t: Transform) {
    // Elements too small to read get none, and a view shows at most a few hundred: thousands of nodes a frame
    // would cost more than painting, and nobody can point at an element a few pixels wide.
    let legible = t.zoom * 160.0 >= 40.0;
    if !legible || visible.cards.len() + visible.regions.len() + visible.notes.len() > MAX_ACCESSIBLE {
        return;
    }
    let node = |id: &str, name: String, r: Rect, kind: &str| {
        let response = ui.interact(r, ui.scope_id().with(("element", id)), Sense::hover());
        let label = format!("{name} ({kind})");
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    };
    let text = |block: &scene::TextBlock| block.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
    for &i in &visible.cards {
        if let Some(card) = scene.cards.get(i as usize) {
            node(&card.id, text(&card.name), t.rect(&card.rect), "component");
        }
    }
    for &i in &visible.regions {
        if let Some(region) = scene.regions.get(i as usize) {
            node(&region.id, text(&region.title), t.rect(&region.title_bar), "group");
        }
    }
    for &i in &visible.notes {
        if let Some(note) = scene.notes.get(i as usize) {
            node(&note.id, text(&note.text), t.rect(&note.rect), "note");
        }
    }
    for &i in &visible.flows {
        if let Some(flow) = scene.flows.get(i as usize)
            && !flow.points.is_empty()
        {
            let mid = scene::geom::midpoint(&flow.points);
            node(&flow.id, flow.id.to_string(), Rect::from_center_size(t.pos(mid), vec2(8.0, 8.0)), "flow");
        }
    }
}

/// The note being edited in place: a text field over its paper, committed when it loses focus (Esc keeps the old
/// text).
fn note_editor(ui: &egui::Ui, view: &mut View, scene: &Scene, t: Transform, out: &mut Vec<Action>) {
    let Some((id, mut text)) = view.editing_note.take() else { return };
    let Some(note) = scene.notes.iter().find(|n| n.id == id.as_str()) else { return };
    let rect = t.rect(&note.rect);
    let key = egui::Id::unique(("note-in-place", id.as_str()));
    let mut done = false;
    egui::Area::new(key.with("area")).fixed_pos(rect.min).order(egui::Order::Foreground).show(ui.ctx(), |ui| {
        let edit = egui::TextEdit::multiline(&mut text).id(key).desired_width(rect.width().max(160.0)).desired_rows(3);
        let response = ui.add(edit).accessible_name("Note text");
        if !response.has_focus() && !response.lost_focus() {
            response.request_focus();
        }
        if response.lost_focus() {
            done = true;
            if !ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                out.push(Action::NoteText { id: id.clone(), text: text.clone() });
            }
        }
    });
    if !done {
        view.editing_note = Some((id, text));
    }
}
