//! The diagram canvas: builds the scene when the document or the view options change, paints it (`paint`), and
//! handles pan (drag), zoom (scroll / pinch, around the pointer), hover tooltips and click selection. Hover and
//! selection are painted as an overlay over the cached scene, so moving the pointer never rebuilds it. View state
//! lives here, never in the model.

mod icons;
mod paint;

use egui::{Pos2, Rect, Sense, Vec2, pos2, vec2};

use crate::analysis::Analysis;
use crate::analysis::blast::Start;
use crate::model::Model;
use crate::scene::{self, Focus, Inputs, ResponsibilityView, Routing, Scene, ViewOptions};

/// Pan, zoom, overlays, selection and the cached scene.
pub struct View {
    /// Screen offset of the diagram origin, relative to the canvas's top-left.
    offset: Vec2,
    /// Screen pixels per diagram unit.
    zoom: f32,
    /// Fit the diagram on the next frame.
    fit_pending: bool,
    /// What the scene shows.
    options: ViewOptions,
    /// The scene and what it was built from (the model's address and the options).
    cache: Option<(usize, ViewOptions, Scene)>,
    /// Selected element ids.
    selected: Vec<String>,
    /// Show the legend.
    legend: bool,
    /// Icon textures by key and pixel size.
    icons: icons::IconCache,
    /// The bundled font was handed to egui.
    fonts_installed: bool,
}

impl Default for View {
    fn default() -> Self {
        Self {
            offset: Vec2::ZERO,
            zoom: 1.0,
            fit_pending: true,
            options: ViewOptions { threats: true, contexts: true, ..ViewOptions::default() },
            cache: None,
            selected: Vec::new(),
            legend: false,
            icons: icons::IconCache::default(),
            fonts_installed: false,
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
    /// Fits the diagram into the canvas on the next frame.
    pub fn request_fit(&mut self) {
        self.fit_pending = true;
    }

    fn fit(&mut self, canvas: Rect, bounds: &scene::Rect) {
        let margin = 24.0;
        let available = (canvas.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(1.0));
        let zoom = (available.x / bounds.w.max(1.0)).min(available.y / bounds.h.max(1.0));
        self.zoom = zoom.clamp(0.05, 2.0);
        let content = vec2(bounds.w, bounds.h) * self.zoom;
        self.offset = (canvas.size() - content) / 2.0 - vec2(bounds.x, bounds.y) * self.zoom;
        self.fit_pending = false;
    }

    /// The scene for this model and the current options, rebuilt only when either changed.
    fn scene(&mut self, model: &Model, analysis: Option<&Analysis>) -> &Scene {
        let key = std::ptr::from_ref(model) as usize;
        if self.cache.as_ref().is_some_and(|(k, options, _)| *k != key || *options != self.options) {
            self.cache = None;
        }
        let options = &self.options;
        let (_, _, scene) = self.cache.get_or_insert_with(|| {
            let blast = scene::blast_radius(model, options);
            (key, options.clone(), scene::build(&Inputs { model, analysis, blast: blast.as_ref() }, options))
        });
        scene
    }
}

/// The overlay switches above the canvas.
fn toolbar_ui(ui: &mut egui::Ui, view: &mut View) {
    ui.horizontal_wrapped(|ui| {
        let o = &mut view.options;
        ui.checkbox(&mut o.threats, "Threats");
        let mut blast = o.blast.is_some();
        if ui
            .checkbox(&mut blast, "Blast radius")
            .on_hover_text("From the internet attacker, or the selection")
            .changed()
        {
            o.blast = blast.then(|| view.selected.first().cloned().unwrap_or_else(|| Start::INTERNET.to_owned()));
        }
        let mut responsibility = o.responsibility.is_some();
        if ui.checkbox(&mut responsibility, "Responsibility").changed() {
            o.responsibility = responsibility.then_some(ResponsibilityView::Overall);
        }
        ui.checkbox(&mut o.contexts, "Context metrics");
        let mut orthogonal = o.routing == Routing::Orthogonal;
        if ui.checkbox(&mut orthogonal, "Orthogonal flows").changed() {
            o.routing = if orthogonal { Routing::Orthogonal } else { Routing::Straight };
        }
        ui.checkbox(&mut view.legend, "Legend");
    });
}

/// Draws the model's scene and handles pan, zoom, hover and selection.
pub fn canvas_ui(ui: &mut egui::Ui, model: &Model, analysis: Option<&Analysis>, view: &mut View, highlighted: &[&str]) {
    if !view.fonts_installed {
        paint::install_font(ui.ctx());
        view.fonts_installed = true;
    }
    toolbar_ui(ui, view);
    view.options.theme = super::theme::of(ui);
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let canvas = response.rect;
    let (bounds, title_size) = {
        let scene = view.scene(model, analysis);
        (scene.bounds, scene.title.size)
    };
    if view.fit_pending {
        // Fit below the title block (the legend is off at first, and shrinking the diagram for it costs more).
        let free = Rect::from_min_max(pos2(canvas.min.x, canvas.min.y + title_size.y + 12.0), canvas.max);
        let area = if free.width() > 200.0 && free.height() > 200.0 { free } else { canvas };
        view.fit(area, &bounds);
        view.offset += area.min - canvas.min;
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
    let transform = Transform { origin: canvas.min + view.offset, zoom: view.zoom };
    let tolerance = 5.0 / view.zoom;
    let hovered = response.hover_pos().and_then(|p| {
        let scene = view.scene(model, analysis);
        scene.hit(transform.diagram_from_screen(p), tolerance)
    });
    if response.clicked() {
        view.selected = hovered.iter().map(|h| h.id.clone()).collect();
    }
    let theme = view.options.theme;
    let legend = view.legend;
    let selected: Vec<String> = view.selected.clone();
    view.scene(model, analysis);
    let (Some((_, _, scene)), icons) = (&view.cache, &mut view.icons) else { return };
    let painter = painter.with_clip_rect(canvas);
    let top_left = transform.diagram_from_screen(canvas.min);
    let visible_area =
        scene::Rect { x: top_left.x, y: top_left.y, w: canvas.width() / view.zoom, h: canvas.height() / view.zoom };
    paint::scene(&painter, scene, &scene.visible(&visible_area), transform, theme, icons);
    let selected_ids: Vec<&str> = selected.iter().map(String::as_str).collect();
    let focus = Focus { selected: &selected_ids, hovered: hovered.as_ref().map(|h| h.id.as_str()), highlighted };
    paint::overlay(&painter, &scene.overlay(&focus), transform, theme);
    paint::panel(&painter, &scene.title, canvas.min + vec2(12.0, 12.0), theme);
    if legend {
        let at = pos2(canvas.min.x + 12.0, canvas.max.y - scene.legend.size.y - 12.0);
        paint::panel(&painter, &scene.legend, at, theme);
    }
    if let Some(hit) = hovered
        && let Some(text) = scene.tooltip(model, analysis, hit.item)
    {
        response.on_hover_text_at_pointer(text);
    }
}
