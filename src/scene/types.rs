//! The scene's primitives: what every painter draws, in diagram units, with colours as palette tokens and text
//! already broken into lines. Painters draw the layers in [`DRAW_ORDER`], each list front to back in order.

use crate::scene::geom::{Pt, Rect};
use crate::scene::palette::Token;

/// The text of a line: up to 23 bytes inline, longer text shared, so a scene does not allocate per line.
pub type LineText = smol_str::SmolStr;

/// An element id in a scene: up to 23 bytes inline (most ids), longer ids shared, so a scene does not allocate one
/// per card, flow and region.
pub type ItemId = smol_str::SmolStr;

/// The layers of a scene, painted in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Containers, trust boundaries and bounded contexts, outermost first.
    Regions,
    /// Flow lines with their arrowheads.
    Flows,
    /// Component cards.
    Cards,
    /// Notes, with a connector to what they comment on.
    Notes,
    /// Badges on cards, regions and flows.
    Badges,
    /// Flow labels.
    Labels,
}

/// The order painters follow.
pub const DRAW_ORDER: [Layer; 6] =
    [Layer::Regions, Layer::Flows, Layer::Cards, Layer::Notes, Layer::Badges, Layer::Labels];

/// One item of a scene, by layer and position in its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemRef {
    /// `Scene::regions[i]`.
    Region(u32),
    /// `Scene::flows[i]`.
    Flow(u32),
    /// `Scene::cards[i]`.
    Card(u32),
    /// `Scene::notes[i]`.
    Note(u32),
    /// `Scene::badges[i]`.
    Badge(u32),
    /// `Scene::labels[i]`.
    Label(u32),
}

/// How a line is stroked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Dash {
    /// Continuous.
    #[default]
    Solid,
    /// Long dashes.
    Dashed,
    /// Dots.
    Dotted,
    /// Dash, dot.
    DashDot,
}

impl Dash {
    /// On and off lengths in multiples of the stroke width (empty: solid).
    pub fn pattern(self) -> &'static [f32] {
        match self {
            Self::Solid => &[],
            Self::Dashed => &[6.0, 4.0],
            Self::Dotted => &[1.0, 3.0],
            Self::DashDot => &[7.0, 3.0, 1.0, 3.0],
        }
    }

    /// How it is written in scene dumps.
    pub fn name(self) -> &'static str {
        match self {
            Self::Solid => "solid",
            Self::Dashed => "dashed",
            Self::Dotted => "dotted",
            Self::DashDot => "dash-dot",
        }
    }
}

/// A stroke: colour, width in diagram units, dash.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    /// Colour.
    pub token: Token,
    /// Width.
    pub width: f32,
    /// Dash pattern.
    pub dash: Dash,
}

/// One line of text: its top-left corner and its measured width.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    /// The text.
    pub text: LineText,
    /// Left edge.
    pub x: f32,
    /// Top of the line box (the baseline is `ascent * size` below).
    pub y: f32,
    /// Measured width with the bundled font.
    pub width: f32,
}

/// Text broken into lines once, for every painter.
#[derive(Clone, Debug, PartialEq)]
pub struct TextBlock {
    /// The lines, positioned. (A list even for one line: with that line inline, a 5k scene had no small
    /// allocations left to keep glibc from handing the dropped scene back to the system, and every build of the
    /// benchmark faulted its memory in again: 1,200 page faults a build, slower than the allocations saved.)
    pub lines: Vec<TextLine>,
    /// Font size.
    pub size: f32,
    /// Colour.
    pub token: Token,
    /// Whether the text was cut (the last line ends with an ellipsis); the full text is in the owner's tooltip.
    pub truncated: bool,
}

/// A component drawn as a card.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// The component id.
    pub id: ItemId,
    /// Where it is.
    pub rect: Rect,
    /// Catalog icon key (`assets/icons/<key>.svg`).
    pub icon: &'static str,
    /// Where the icon goes; `None` when the card is too small for one.
    pub icon_rect: Option<Rect>,
    /// The name, wrapped to the card.
    pub name: TextBlock,
    /// The kind, on one line; `None` when there is no room.
    pub kind: Option<TextBlock>,
    /// Body colour (the responsibility overlay changes it).
    pub fill: Token,
    /// Outline.
    pub stroke: Stroke,
    /// Drawn faded (outside the blast radius being shown).
    pub dimmed: bool,
}

/// A free-text note.
#[derive(Clone, Debug, PartialEq)]
pub struct NoteShape {
    /// The note id.
    pub id: ItemId,
    /// Its paper.
    pub rect: Rect,
    /// The text, wrapped to the paper (cut with an ellipsis when it does not fit; the full text is the tooltip).
    pub text: TextBlock,
    /// A line from the note to what it comments on, if anything.
    pub connector: Option<[Pt; 2]>,
}

/// What a region stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionKind {
    /// A container component (account, VPC, subnet, cluster, node, Fargate profile, pod ...).
    Container,
    /// An explicit trust boundary (dashed).
    Boundary,
    /// A bounded context (tinted).
    Context,
}

/// A labelled area: a container, a trust boundary or a bounded context.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// The element id.
    pub id: ItemId,
    /// What it is.
    pub kind: RegionKind,
    /// Its area.
    pub rect: Rect,
    /// The title bar (hit by pointer like the border).
    pub title_bar: Rect,
    /// Title bar fill, if any.
    pub title_fill: Option<Token>,
    /// Catalog icon key of a container.
    pub icon: Option<&'static str>,
    /// Where the icon goes.
    pub icon_rect: Option<Rect>,
    /// The name, on one line.
    pub title: TextBlock,
    /// The kind (or metrics of a context), after the name when there is room.
    pub subtitle: Option<TextBlock>,
    /// Body fill.
    pub fill: Option<Token>,
    /// Outline.
    pub stroke: Stroke,
    /// Drawn faded.
    pub dimmed: bool,
}

/// A line end marker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Marker {
    /// Tip, then the two back corners.
    pub points: [Pt; 3],
    /// Filled (else outlined).
    pub filled: bool,
}

/// A flow's polyline: up to four points inline (straight runs, Z and L elbows, self-loops), so most flows need no
/// block of their own.
pub type Points = smallvec::SmallVec<[Pt; 4]>;

/// A flow drawn as a polyline from caller to callee.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowShape {
    /// The flow id.
    pub id: ItemId,
    /// From the caller's border to the callee's border.
    pub points: Points,
    /// Line style by pattern.
    pub stroke: Stroke,
    /// The arrowhead at the callee.
    pub head: Option<Marker>,
    /// An open arrowhead at the caller where data moves back to it (reads, queue receives).
    pub tail: Option<Marker>,
    /// Drawn faded.
    pub dimmed: bool,
}

/// What a badge says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadgeKind {
    /// Open findings: count and the worst severity's letter.
    Threats,
    /// Blast radius: `start` or the hop count.
    Blast,
    /// Responsibility: A, C or S.
    Responsibility,
    /// The subnets a component names besides its parent: a subnet pictogram and the count.
    Subnets,
}

/// A small labelled pill on a card, region or flow.
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    /// What it sits on.
    pub owner: ItemRef,
    /// What it says.
    pub kind: BadgeKind,
    /// Its pill.
    pub rect: Rect,
    /// Pill colour.
    pub fill: Token,
    /// The text, centred (beside the icon when there is one).
    pub text: TextBlock,
    /// A pictogram at the pill's left: its icon key and where it goes.
    pub icon: Option<(&'static str, Rect)>,
    /// What it stands for (its tooltip is made from this on demand).
    pub info: BadgeInfo,
}

/// The facts behind a badge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BadgeInfo {
    /// Open findings on the element.
    Threats {
        /// How many.
        count: u32,
        /// The worst.
        worst: crate::analysis::severity::Severity,
    },
    /// The blast radius reaches the element (`level` `None`: it is the start).
    Blast {
        /// Steps from the start.
        hops: u32,
        /// Control or influence.
        level: Option<crate::analysis::blast::Level>,
        /// How the last step happens.
        mechanism: Option<crate::analysis::blast::Mechanism>,
    },
    /// Who secures the element.
    Responsibility {
        /// The owner shown.
        owner: crate::model::responsibility::Owner,
        /// The customer's share of its present layers, 0 to 1.
        customer_share: f32,
    },
    /// The subnets a component names besides its parent (its `subnets` link); the tooltip names them.
    Subnets {
        /// How many it names.
        count: u32,
        /// How many of them are public.
        public: u32,
    },
}

/// A flow's label on a light background.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// The flow it belongs to.
    pub owner: ItemRef,
    /// The point on the flow it is centred on.
    pub anchor: Pt,
    /// The background.
    pub rect: Rect,
    /// Background colour.
    pub fill: Token,
    /// The text.
    pub text: TextBlock,
    /// The full label.
    pub tooltip: String,
}

/// A legend sample.
#[derive(Clone, Debug, PartialEq)]
pub enum Swatch {
    /// A filled box.
    Fill(Token),
    /// A line in a style.
    Line(Stroke),
    /// An outlined box.
    Outline(Stroke),
    /// A badge with its text.
    Badge(Token, String),
}

/// One legend row.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// The sample, `None` for a heading.
    pub swatch: Option<Swatch>,
    /// Where the sample goes (relative to the legend's top-left).
    pub swatch_rect: Rect,
    /// The text (positions relative to the legend's top-left).
    pub text: TextBlock,
}

/// A block of chrome (legend or title block), laid out relative to its own top-left corner so each painter puts it
/// where it likes (the canvas in a screen corner, an export below the diagram).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Panel {
    /// Width and height.
    pub size: Pt,
    /// Rows.
    pub entries: Vec<LegendEntry>,
}
