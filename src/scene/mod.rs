//! The scene: one renderer-agnostic picture of a diagram and its overlays, in diagram units, that every painter
//! draws (the egui canvas, the SVG and PNG exports).
//!
//! [`build`] turns a [`Model`](crate::model::Model), its analysis and [`ViewOptions`] into a [`Scene`]:
//! regions (bounded contexts, containers, trust boundaries), flows, cards, badges and labels, painted in
//! [`DRAW_ORDER`], with colours as palette [`Token`]s and text already broken into lines with the bundled font's
//! metrics. A scene answers hit tests, rectangle selection and culling through its spatial index; selection and
//! hover are painted over it (`interact`), so it is rebuilt only when the document or the options change, and then
//! with [`rebuild`], in the lists of the scene it replaces.
//!
//! Pure code: no egui, no I/O; deterministic (equal inputs give equal scenes).

mod build;
mod dump;
mod flows;
pub mod geom;
mod grid;
mod hit;
mod index;
mod interact;
mod legend;
mod notes;
pub mod options;
mod order;
mod overlays;
pub mod palette;
mod place;
pub mod route;
pub mod text;
mod titles;
mod tooltip;
pub mod types;

pub use build::{Inputs, NAME_SIZE, SMALL_SIZE, build, rebuild};
pub use geom::{Pt, Rect};
pub use hit::{Hit, Visible};
pub use interact::{Focus, OverlayShape};
pub(crate) use notes::auto_size as note_size;
pub use options::{Detail, ResponsibilityView, ViewOptions};
pub use overlays::{severity_letter, severity_token};
pub use palette::{Rgba, Theme, Token};
pub use place::{CARD_H, CARD_W, TITLE_H};
pub use route::Routing;
pub use types::{
    Badge, BadgeInfo, BadgeKind, Card, DRAW_ORDER, Dash, FlowShape, ItemId, ItemRef, Label, Layer, LegendEntry,
    LineText, Marker, NoteShape, Panel, Points, Region, RegionKind, Stroke, Swatch, TextBlock, TextLine,
};

use crate::analysis::blast::{BlastGraph, BlastRadius, Start};
use crate::model::Model;

/// A built picture.
#[derive(Clone, Debug)]
pub struct Scene {
    /// The theme its tokens are meant for.
    pub theme: Theme,
    /// The most detail painters should draw.
    pub detail: Detail,
    /// Everything drawn lies inside.
    pub bounds: Rect,
    /// Bounded contexts, containers (outermost first) and trust boundaries.
    pub regions: Vec<Region>,
    /// Flows.
    pub flows: Vec<FlowShape>,
    /// Component cards.
    pub cards: Vec<Card>,
    /// Notes, in id order.
    pub notes: Vec<NoteShape>,
    /// Badges, by owner.
    pub badges: Vec<Badge>,
    /// Flow labels.
    pub labels: Vec<Label>,
    /// The legend for what is shown.
    pub legend: Panel,
    /// Title, posture, total risk and open findings.
    pub title: Panel,
    /// Region positions sorted by id, for lookups (cards and flows are in id order already).
    region_ids: Vec<u32>,
    index: index::SceneIndex,
}

impl Scene {
    fn empty(options: &ViewOptions) -> Self {
        Self {
            theme: options.theme,
            detail: options.detail,
            bounds: Rect::default(),
            regions: Vec::new(),
            flows: Vec::new(),
            cards: Vec::new(),
            notes: Vec::new(),
            badges: Vec::new(),
            labels: Vec::new(),
            legend: Panel::default(),
            title: Panel::default(),
            region_ids: Vec::new(),
            index: index::SceneIndex::default(),
        }
    }

    /// An empty scene in the lists of `old` (emptied, their room kept), so a scene built in place of another
    /// allocates little: the items' own text and points, not the big lists.
    fn reusing(options: &ViewOptions, old: Option<Scene>) -> Self {
        let Some(mut scene) = old else { return Self::empty(options) };
        scene.theme = options.theme;
        scene.detail = options.detail;
        scene.bounds = Rect::default();
        scene.regions.clear();
        scene.flows.clear();
        scene.cards.clear();
        scene.notes.clear();
        scene.badges.clear();
        scene.labels.clear();
        scene.legend = Panel::default();
        scene.title = Panel::default();
        scene.region_ids.clear();
        scene
    }
}

/// The blast radius the options ask for (`None` when they ask for none or name an unknown start). Callers cache it
/// with the analysis: it depends on the document and the start only.
pub fn blast_radius(model: &Model, options: &ViewOptions) -> Option<BlastRadius> {
    let start = Start::parse(model, options.blast.as_deref()?).ok()?;
    Some(BlastGraph::new(model, model.diagram().settings.posture).radius(start))
}
