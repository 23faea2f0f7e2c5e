//! What a scene shows: overlays, theme, routing and level of detail. Selection and hover are deliberately not
//! here: they are painted by `interact` over a built scene, so moving the pointer never rebuilds it.

use crate::model::responsibility::Layer;
use crate::scene::palette::Theme;
use crate::scene::route::Routing;

/// Which responsibility picture to paint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResponsibilityView {
    /// Each card by who secures most of its present layers.
    Overall,
    /// Each card by who secures this one layer.
    Layer(Layer),
}

/// How much to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Detail {
    /// Boxes, lines and names only (far zoomed out).
    Outline,
    /// No icons, kinds, flow labels or badge text.
    Reduced,
    /// Everything.
    #[default]
    Full,
}

impl Detail {
    /// The detail worth painting at `scale` screen pixels per diagram unit: text below about 5 px is noise.
    pub fn for_scale(scale: f32) -> Self {
        if scale >= 0.55 {
            Self::Full
        } else if scale >= 0.3 {
            Self::Reduced
        } else {
            Self::Outline
        }
    }
}

/// The options a scene is built with. Equal options over an unchanged document give an equal scene.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct ViewOptions {
    /// Severity badges on cards, regions and flows.
    pub threats: bool,
    /// Blast radius from a component id, `actor:internet` or `actor:insider`.
    pub blast: Option<String>,
    /// Responsibility fill.
    pub responsibility: Option<ResponsibilityView>,
    /// Cohesion and coupling on the bounded-context regions.
    pub contexts: bool,
    /// Light or dark.
    pub theme: Theme,
    /// Straight or orthogonal flows.
    pub routing: Routing,
    /// The most detail painters may draw (they lower it when zoomed out with [`Detail::for_scale`]).
    pub detail: Detail,
}

impl ViewOptions {
    /// Every overlay on (blast radius from the internet attacker), as exports and benchmarks use.
    pub fn all_overlays() -> Self {
        Self {
            threats: true,
            blast: Some(crate::analysis::blast::Start::INTERNET.to_owned()),
            responsibility: Some(ResponsibilityView::Overall),
            contexts: true,
            ..Self::default()
        }
    }
}
