//! Building a scene: placement, regions (contexts, containers, boundaries), cards and flows, then the overlays,
//! the legend and the title block, then the spatial index.

use crate::analysis::Analysis;
use crate::analysis::blast::BlastRadius;
use crate::model::catalog;
use crate::model::{ComponentIx, ComponentKind, Model, Named as _};
use crate::scene::geom::{Pt, Rect, pt, rect};
use crate::scene::options::ViewOptions;
use crate::scene::palette::Token;
use crate::scene::place::{self, TITLE_H};
use crate::scene::text::{Align, FontMetrics, block};
use crate::scene::types::{Card, Dash, ItemId, LineText, Region, RegionKind, Stroke, TextBlock, TextLine};
use crate::scene::{Scene, flows, legend, notes, order, overlays, titles};

/// Font size of card names.
pub const NAME_SIZE: f32 = 12.0;
/// Font size of kinds and secondary text.
pub const SMALL_SIZE: f32 = 10.0;
/// Inner padding of a card.
pub const CARD_PAD: f32 = 6.0;
/// Icon size on a card.
pub const ICON: f32 = 20.0;
/// Most lines a card name takes.
const MAX_NAME_LINES: usize = 3;
/// Space around the members of a boundary or context drawn without a layout rectangle.
const GROUP_PAD: f32 = 10.0;

/// What a scene is built from.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    /// The document.
    pub model: &'a Model,
    /// Its analysis (threat badges, context metrics, responsibility, title block).
    pub analysis: Option<&'a Analysis>,
    /// The blast radius to show (computed by the caller, who caches it; see `scene::blast_radius`).
    pub blast: Option<&'a BlastRadius>,
}

/// Where each component ended up.
pub(crate) struct Placed {
    /// Rectangle by component index.
    pub rects: Vec<Rect>,
    /// The card of each component drawn as a card.
    pub card_of: Vec<Option<u32>>,
    /// The region of each component drawn as a region.
    pub region_of: Vec<Option<u32>>,
    /// The region of each explicit boundary, by position in the diagram.
    pub boundary_region: Vec<Option<u32>>,
    /// The region of each bounded context, by position in the diagram.
    pub context_region: Vec<Option<u32>>,
}

/// Builds the scene of a document with its overlays.
pub fn build(inputs: &Inputs<'_>, options: &ViewOptions) -> Scene {
    build_in(inputs, options, None)
}

/// [`build`] in the lists of a scene it replaces (the editor's after an edit): the same scene, built without
/// allocating its big lists again (nor freeing them, which makes the allocator hand memory back to the system and
/// fault it in again on the next build).
pub fn rebuild(inputs: &Inputs<'_>, options: &ViewOptions, old: Scene) -> Scene {
    build_in(inputs, options, Some(old))
}

fn build_in(inputs: &Inputs<'_>, options: &ViewOptions, old: Option<Scene>) -> Scene {
    let model = inputs.model;
    let containers: Vec<bool> = ComponentKind::ALL.iter().map(|&k| catalog::info(k).is_container()).collect();
    let is_container = |c: ComponentIx| containers.get(model.kind(c) as usize).copied().unwrap_or(false);
    let placement = place::place(model, is_container);
    let n = model.components().len();
    let mut scene = Scene::reusing(options, old);
    let mut placed = Placed {
        rects: placement.rects,
        card_of: vec![None; n],
        region_of: vec![None; n],
        boundary_region: Vec::new(),
        context_region: Vec::new(),
    };

    let containers_drawn = model.component_ixs().filter(|&c| is_container(c)).count();
    let diagram = model.diagram();
    scene.regions.reserve(diagram.contexts.len() + containers_drawn + diagram.boundaries.len());
    placed.context_region = context_regions(model, &placed.rects, &mut scene);
    // Outermost first, then in component order.
    let depths: Vec<u32> = model.component_ixs().map(|c| model.depth(c)).collect();
    let order: Vec<ComponentIx> = order::by_key(&depths).into_iter().map(ComponentIx).collect();
    // A container is a region when something sits in it, or when it is drawn large enough to hold something (a
    // freshly placed, still empty VPC is a region one can drop into; a small one reads better as a card).
    let roomy = |c: ComponentIx| placed.rects[c.index()].h >= 2.0 * place::CARD_H;
    for &c in &order {
        if is_container(c) && (!model.children(c).is_empty() || roomy(c)) {
            let region = container_region(model, c, placed.rects[c.index()]);
            placed.region_of[c.index()] = Some(push_region(&mut scene, region));
        }
    }
    placed.boundary_region = boundary_regions(model, &placed.rects, &mut scene);
    titles::separate(&mut scene.regions, &drawn_around_members(model, &placed));
    scene.cards.reserve(n - scene.regions.len().min(n));
    let mut kinds = KindLines::default();
    for c in model.component_ixs() {
        if placed.region_of[c.index()].is_none() {
            let index = scene.cards.len() as u32;
            scene.cards.push(card(model, c, placed.rects[c.index()], &mut kinds));
            placed.card_of[c.index()] = Some(index);
        }
    }
    let mut region_ids = std::mem::take(&mut scene.region_ids);
    region_ids.extend(0..scene.regions.len() as u32);
    region_ids.sort_by(|&a, &b| scene.regions[a as usize].id.cmp(&scene.regions[b as usize].id));
    scene.region_ids = region_ids;
    flows::add(model, &placed, options.routing, &mut scene);
    notes::add(model, &placed.rects, &mut scene);
    overlays::apply(inputs, options, &placed, &mut scene);
    scene.legend = legend::legend(inputs, options);
    scene.title = legend::title_block(inputs);
    let mut index = std::mem::take(&mut scene.index);
    index.measure_flows(&scene);
    scene.bounds = bounds(&scene, &index.flow_bounds);
    scene.index = index.rebuild(&scene);
    scene
}

fn push_region(scene: &mut Scene, region: Region) -> u32 {
    let index = scene.regions.len() as u32;
    scene.regions.push(region);
    index
}

/// The kind line of cards, by kind name and text width: cards of one kind and size share it (broken once).
#[derive(Default)]
struct KindLines(foldhash::HashMap<(usize, u32), (LineText, f32, bool)>);

impl KindLines {
    /// The kind `name` on one line of `width` from `origin`, as `block` makes it.
    fn block(&mut self, name: &'static str, origin: Pt, width: f32) -> TextBlock {
        let key = (name.as_ptr() as usize, width.to_bits());
        let (text, measured, truncated) = self.0.entry(key).or_insert_with(|| {
            let made = block(name, SMALL_SIZE, Token::TextWeak, origin, width, 1, Align::Start);
            let line = made.lines.first().map_or((LineText::default(), 0.0), |l| (l.text.clone(), l.width));
            (line.0, line.1, made.truncated)
        });
        let lines = vec![TextLine { text: text.clone(), x: origin.x, y: origin.y, width: *measured }];
        TextBlock { lines, size: SMALL_SIZE, token: Token::TextWeak, truncated: *truncated }
    }
}

/// A card: icon at the left when there is room, the name wrapped beside it, the kind below.
fn card(model: &Model, c: ComponentIx, r: Rect, kinds: &mut KindLines) -> Card {
    let component = model.component(c);
    let info = catalog::info(component.kind);
    let metrics = FontMetrics::bundled();
    let with_icon = r.w >= 90.0 && r.h >= ICON + 2.0 * CARD_PAD;
    let text_x = if with_icon { r.x + 2.0 * CARD_PAD + ICON } else { r.x + CARD_PAD };
    let text_w = (r.right() - CARD_PAD - text_x).max(1.0);
    let (name_lh, kind_lh) = (metrics.line_height(NAME_SIZE), metrics.line_height(SMALL_SIZE));
    let inner_h = r.h - 2.0 * CARD_PAD;
    let with_kind = inner_h >= name_lh + kind_lh;
    let room = inner_h - if with_kind { kind_lh } else { 0.0 };
    let max_lines = ((room / name_lh).floor() as usize).clamp(1, MAX_NAME_LINES);
    let mut name = block(&component.name, NAME_SIZE, Token::Text, pt(text_x, 0.0), text_w, max_lines, Align::Start);
    let block_h = name.lines.len() as f32 * name_lh + if with_kind { kind_lh } else { 0.0 };
    let top = r.y + (r.h - block_h) / 2.0;
    for line in &mut name.lines {
        line.y += top;
    }
    let kind = with_kind.then(|| {
        let y = top + name.lines.len() as f32 * name_lh;
        kinds.block(info.name, pt(text_x, y), text_w)
    });
    let icon_rect = with_icon.then(|| rect(r.x + CARD_PAD, r.y + (r.h - ICON) / 2.0, ICON, ICON));
    Card {
        id: component.id.to_smol(),
        rect: r,
        icon: info.icon,
        icon_rect,
        name,
        kind,
        fill: Token::CardFill,
        stroke: Stroke { token: Token::CardStroke, width: 1.2, dash: Dash::Solid },
        dimmed: false,
    }
}

/// A region with a title bar: icon, name, then the subtitle if it fits.
fn titled_region(
    id: ItemId,
    kind: RegionKind,
    r: Rect,
    title: &str,
    subtitle: &str,
    icon: Option<&'static str>,
) -> Region {
    let metrics = FontMetrics::bundled();
    let title_bar = rect(r.x, r.y, r.w, TITLE_H.min(r.h));
    let icon_size = 14.0;
    let with_icon = icon.is_some() && r.w >= 80.0;
    let text_x = r.x + 6.0 + if with_icon { icon_size + 5.0 } else { 0.0 };
    let text_w = (r.right() - 6.0 - text_x).max(1.0);
    let y = r.y + (title_bar.h - metrics.line_height(NAME_SIZE)) / 2.0;
    let title_block = block(title, NAME_SIZE, Token::Text, pt(text_x, y), text_w, 1, Align::Start);
    let used = title_block.lines.first().map_or(0.0, |l| l.width);
    let sub_x = text_x + used + 8.0;
    let sub_w = text_x + text_w - sub_x;
    let subtitle = (!title_block.truncated && !subtitle.is_empty() && sub_w > 30.0)
        .then(|| {
            let sy = r.y + (title_bar.h - metrics.line_height(SMALL_SIZE)) / 2.0;
            block(subtitle, SMALL_SIZE, Token::TextWeak, pt(sub_x, sy), sub_w, 1, Align::Start)
        })
        .filter(|b| b.lines.first().is_some_and(|l| l.text != "…"));
    Region {
        id,
        kind,
        rect: r,
        title_bar,
        title_fill: None,
        icon,
        icon_rect: with_icon.then(|| rect(r.x + 6.0, r.y + (title_bar.h - icon_size) / 2.0, icon_size, icon_size)),
        title: title_block,
        subtitle,
        fill: None,
        stroke: Stroke { token: Token::RegionStroke, width: 1.2, dash: Dash::Solid },
        dimmed: false,
    }
}

fn container_region(model: &Model, c: ComponentIx, r: Rect) -> Region {
    let component = model.component(c);
    let info = catalog::info(component.kind);
    let mut region =
        titled_region(component.id.to_smol(), RegionKind::Container, r, &component.name, info.name, Some(info.icon));
    region.fill = Some(Token::RegionFill);
    region.title_fill = Some(Token::RegionTitle);
    if info.trust_boundary {
        region.stroke = Stroke { token: Token::TrustBoundary, width: 1.8, dash: Dash::Solid };
    }
    region
}

/// The rectangle of a group: its layout rectangle, else around its members.
fn group_rect(
    layout: Option<&crate::model::layout::Rect>,
    members: &[crate::model::Id],
    model: &Model,
    rects: &[Rect],
    pad: f32,
) -> Option<Rect> {
    if let Some(r) = layout {
        return Some(Rect::from_layout(r));
    }
    let around = members
        .iter()
        .filter_map(|m| model.component_ix(m))
        .filter_map(|c| rects.get(c.index()))
        .fold(None, |acc: Option<Rect>, r| Some(acc.map_or(*r, |a| a.union(r))))?;
    Some(rect(around.x - pad, around.y - pad - TITLE_H, around.w + 2.0 * pad, around.h + 2.0 * pad + TITLE_H))
}

fn context_regions(model: &Model, rects: &[Rect], scene: &mut Scene) -> Vec<Option<u32>> {
    let layout = &model.diagram().layout.contexts;
    let mut out = Vec::with_capacity(model.diagram().contexts.len());
    for (i, context) in model.diagram().contexts.iter().enumerate() {
        let Some(r) = group_rect(layout.get(&context.id), &context.members, model, rects, 2.0 * GROUP_PAD) else {
            out.push(None);
            continue;
        };
        let tint = Token::Context((i % usize::from(crate::scene::palette::CONTEXT_TINTS)) as u8);
        let mut region =
            titled_region(context.id.to_smol(), RegionKind::Context, r, &context.name, "bounded context", None);
        region.fill = Some(tint);
        region.stroke = Stroke { token: tint, width: 1.0, dash: Dash::Solid };
        out.push(Some(push_region(scene, region)));
    }
    out
}

fn boundary_regions(model: &Model, rects: &[Rect], scene: &mut Scene) -> Vec<Option<u32>> {
    let layout = &model.diagram().layout.boundaries;
    let mut out = Vec::with_capacity(model.diagram().boundaries.len());
    for boundary in &model.diagram().boundaries {
        let Some(r) = group_rect(layout.get(&boundary.id), &boundary.members, model, rects, GROUP_PAD) else {
            out.push(None);
            continue;
        };
        let kind = format!("{} boundary", boundary.kind.as_str());
        let mut region = titled_region(boundary.id.to_smol(), RegionKind::Boundary, r, &boundary.name, &kind, None);
        region.stroke = Stroke { token: Token::BoundaryStroke, width: 1.6, dash: Dash::Dashed };
        out.push(Some(push_region(scene, region)));
    }
    out
}

/// The regions of boundaries and contexts without a saved rectangle (drawn around their members), in drawing order.
fn drawn_around_members(model: &Model, placed: &Placed) -> Vec<usize> {
    let diagram = model.diagram();
    let contexts = diagram.contexts.iter().zip(&placed.context_region);
    let contexts = contexts.filter(|(c, _)| !diagram.layout.contexts.contains_key(&c.id)).filter_map(|(_, r)| *r);
    let boundaries = diagram.boundaries.iter().zip(&placed.boundary_region);
    let boundaries = boundaries.filter(|(b, _)| !diagram.layout.boundaries.contains_key(&b.id)).filter_map(|(_, r)| *r);
    contexts.chain(boundaries).map(|r| r as usize).collect()
}

/// The area everything covers (`flow_bounds`: the box around each flow).
fn bounds(scene: &Scene, flow_bounds: &[Rect]) -> Rect {
    let mut all: Option<Rect> = None;
    let mut add = |r: Rect| all = Some(all.map_or(r, |a| a.union(&r)));
    scene.regions.iter().for_each(|r| add(r.rect));
    scene.notes.iter().for_each(|n| add(n.rect));
    scene.cards.iter().for_each(|c| add(c.rect));
    scene.badges.iter().for_each(|b| add(b.rect));
    scene.labels.iter().for_each(|l| add(l.rect));
    for (flow, r) in scene.flows.iter().zip(flow_bounds) {
        if !flow.points.is_empty() {
            add(*r);
        }
    }
    all.unwrap_or_default()
}
