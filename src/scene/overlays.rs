//! Overlays on a built picture: severity badges (count and letter, coloured by the worst open finding), the blast
//! radius (start and reached components outlined by hop, with a hop badge; the rest dimmed), responsibility fill
//! (with a letter badge) and cohesion and coupling on bounded-context regions; and, always, a badge counting the
//! subnets a component names besides its parent (a subnet pictogram, the count, and how many are public), drawn on
//! its card rather than as overlapping regions.

use crate::analysis::blast::{Level, Start};
use crate::analysis::severity::Severity;
use crate::model::props::Exposure;
use crate::model::responsibility::Owner;
use crate::model::{ComponentKind, Element};
use crate::scene::build::{Inputs, Placed};
use crate::scene::geom::{Rect, midpoint, pt, rect};
use crate::scene::options::{ResponsibilityView, ViewOptions};
use crate::scene::palette::Token;
use crate::scene::place::TITLE_H;
use crate::scene::text::{Align, FontMetrics, block, line_measured};
use crate::scene::types::{Badge, BadgeInfo, BadgeKind, Dash, ItemRef, RegionKind, Stroke};
use crate::scene::{Scene, order};

/// Font size of badge text.
const BADGE_SIZE: f32 = 9.0;
/// Height of a badge.
const BADGE_H: f32 = 14.0;
/// Side of a badge's pictogram.
const BADGE_ICON: f32 = 10.0;

/// The letter that names a severity next to its colour.
pub fn severity_letter(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "C",
        Severity::High => "H",
        Severity::Elevated => "E",
        Severity::Medium => "M",
        Severity::Low => "L",
    }
}

/// The colour of a severity.
pub fn severity_token(severity: Severity) -> Token {
    match severity {
        Severity::Critical => Token::SeverityCritical,
        Severity::High => Token::SeverityHigh,
        Severity::Elevated => Token::SeverityElevated,
        Severity::Medium => Token::SeverityMedium,
        Severity::Low => Token::SeverityLow,
    }
}

/// The colour of a blast-radius hop count.
pub fn hop_token(hops: u32) -> Token {
    match hops {
        0 => Token::BlastStart,
        1 => Token::BlastHop1,
        2 => Token::BlastHop2,
        _ => Token::BlastHop3,
    }
}

/// The fill and letter of a responsibility owner.
pub fn owner_style(owner: Owner) -> (Token, &'static str) {
    match owner {
        Owner::Aws => (Token::ResponsibilityAws, "A"),
        Owner::Customer => (Token::ResponsibilityCustomer, "C"),
        Owner::Shared => (Token::ResponsibilityShared, "S"),
        Owner::Absent => (Token::ResponsibilityAbsent, ""),
    }
}

/// Where a badge goes on its owner.
#[derive(Clone, Copy)]
enum Corner {
    TopLeft,
    TopRight,
    BottomRight,
    BottomLeft,
}

/// Applies the overlays the options ask for.
pub(crate) fn apply(inputs: &Inputs<'_>, options: &ViewOptions, placed: &Placed, scene: &mut Scene) {
    // Most cards get a threat and a responsibility badge.
    let mut badges = std::mem::take(&mut scene.badges);
    badges.clear();
    badges.reserve(2 * scene.cards.len());
    threats(inputs, options, placed, scene, &mut badges);
    blast(inputs, options, placed, scene, &mut badges);
    responsibility(inputs, options, placed, scene, &mut badges);
    contexts(inputs, options, scene);
    subnets(inputs, placed, scene, &mut badges);
    by_owner(&mut badges, scene);
    scene.badges = badges;
}

/// An owner's place in `ItemRef` order (regions, flows, then cards, each by position); `None` for what owns no
/// badge.
fn owner_slot(scene: &Scene, owner: ItemRef) -> Option<usize> {
    let (regions, flows) = (scene.regions.len(), scene.flows.len());
    match owner {
        ItemRef::Region(i) => Some(i as usize),
        ItemRef::Flow(i) => Some(regions + i as usize),
        ItemRef::Card(i) => Some(regions + flows + i as usize),
        _ => None,
    }
}

/// Puts badges in owner order (regions, flows, cards, each by position), then kind. They are made kind by kind, so
/// a stable counting sort by owner gives that order; an owner whose badges are not in kind order after all is
/// sorted by `(kind, made)` on its own.
fn by_owner(badges: &mut [Badge], scene: &Scene) {
    let slot = |owner: ItemRef| owner_slot(scene, owner);
    let Some(keys) = badges.iter().map(|b| slot(b.owner).map(|s| s as u32)).collect::<Option<Vec<u32>>>() else {
        let keys: Vec<u64> =
            badges.iter().map(|b| (u64::from(crate::scene::index::encode(b.owner)) << 8) | b.kind as u64).collect();
        // A stable sort: badges with equal keys keep the order they were made in.
        crate::sorting::permute(badges, crate::sorting::order(keys.len(), &mut |a, b| keys[a].cmp(&keys[b])));
        return;
    };
    if keys.windows(2).all(|w| w[0] <= w[1]) && kinds_in_order(badges, &keys, 0..keys.len() as u32) {
        return;
    }
    let mut order = order::by_key(&keys);
    for run in order.chunk_by_mut(|&a, &b| keys.get(a as usize) == keys.get(b as usize)) {
        if !kinds_in_order(badges, &keys, run.iter().copied()) {
            let mut pairs: smallvec::SmallVec<[(u8, u32); 8]> =
                run.iter().map(|&i| (badges[i as usize].kind as u8, i)).collect();
            order::small_sort(&mut pairs);
            for (place, (_, i)) in run.iter_mut().zip(pairs) {
                *place = i;
            }
        }
    }
    crate::sorting::permute(badges, order.into_iter().map(|i| i as usize).collect());
}

/// Whether the badges at `positions` (in that order) that share an owner come in kind order.
fn kinds_in_order(badges: &[Badge], keys: &[u32], positions: impl Iterator<Item = u32>) -> bool {
    let mut last: Option<(u32, u8)> = None;
    for i in positions {
        let key = (keys[i as usize], badges[i as usize].kind as u8);
        if last.is_some_and(|l| l.0 == key.0 && l.1 > key.1) {
            return false;
        }
        last = Some(key);
    }
    true
}

fn threats(inputs: &Inputs<'_>, options: &ViewOptions, placed: &Placed, scene: &Scene, badges: &mut Vec<Badge>) {
    let theme = options.theme;
    if options.threats
        && let Some(analysis) = inputs.analysis
    {
        // Count and worst severity per drawn owner, from the elements the analysis looked up for each finding; owners by position in
        // `ItemRef` order (regions, flows, cards), so the badges come out in that order.
        let (regions, flows) = (scene.regions.len(), scene.flows.len());
        let slot = |owner: ItemRef| owner_slot(scene, owner);
        let mut worst: Vec<Option<(u32, Severity)>> = vec![None; regions + flows + scene.cards.len()];
        for finding in analysis.findings.iter().filter(|f| f.is_open()) {
            for element in &finding.targets {
                let owner = drawn_owner(placed, element);
                let Some(entry) = owner.and_then(slot).and_then(|s| worst.get_mut(s)) else { continue };
                let entry = entry.get_or_insert((0, finding.severity));
                entry.0 += 1;
                entry.1 = entry.1.max(finding.severity);
            }
        }
        badges.reserve(worst.iter().flatten().count());
        let owners = (0..regions as u32)
            .map(ItemRef::Region)
            .chain((0..flows as u32).map(ItemRef::Flow))
            .chain((0..scene.cards.len() as u32).map(ItemRef::Card));
        let mut text_on = TextOn::new(theme);
        let mut text = String::new();
        for (owner, (count, severity)) in owners.zip(worst).filter_map(|(owner, w)| Some((owner, w?))) {
            let fill = severity_token(severity);
            counted(&mut text, count, severity_letter(severity));
            let info = BadgeInfo::Threats { count, worst: severity };
            badges.push(badge(
                scene,
                owner,
                BadgeKind::Threats,
                &text,
                fill,
                text_on.get(fill),
                Corner::TopRight,
                info,
            ));
        }
    }
}

/// The scene item drawn for an element a finding names (`None`: not drawn). The one place the overlays read a
/// finding's elements, by the positions the analysis found them at (read with `get`: an analysis of another model
/// draws no badge rather than failing).
fn drawn_owner(placed: &Placed, element: Element) -> Option<ItemRef> {
    match element {
        Element::Component(c) => {
            let at = |list: &[Option<u32>]| list.get(c.index()).copied().flatten();
            at(&placed.card_of).map(ItemRef::Card).or(at(&placed.region_of).map(ItemRef::Region))
        }
        Element::Flow(f) => Some(ItemRef::Flow(f.0)),
        Element::Boundary(b) => placed.boundary_region.get(b).copied().flatten().map(ItemRef::Region),
        Element::Context(c) => placed.context_region.get(c).copied().flatten().map(ItemRef::Region),
        _ => None,
    }
}

/// `count`, a space and `suffix` ("3 H", "2 ctl"), written over `buf` (no allocation once it has grown).
fn counted(buf: &mut String, count: u32, suffix: &str) {
    buf.clear();
    crate::scene::text::push_uint(buf, u64::from(count));
    buf.push(' ');
    buf.push_str(suffix);
}

/// [`Token::text_on`] remembered per fill (it computes a luminance with `powf`; a scene has few badge fills).
struct TextOn {
    theme: crate::scene::palette::Theme,
    known: smallvec::SmallVec<[(Token, Token); 8]>,
}

impl TextOn {
    fn new(theme: crate::scene::palette::Theme) -> Self {
        Self { theme, known: smallvec::SmallVec::new() }
    }

    fn get(&mut self, fill: Token) -> Token {
        if let Some(&(_, text)) = self.known.iter().find(|(f, _)| *f == fill) {
            return text;
        }
        let text = fill.text_on(self.theme);
        self.known.push((fill, text));
        text
    }
}

fn blast(inputs: &Inputs<'_>, options: &ViewOptions, placed: &Placed, scene: &mut Scene, badges: &mut Vec<Badge>) {
    let theme = options.theme;
    if let Some(radius) = inputs.blast {
        let model = inputs.model;
        let mut lit = vec![false; placed.rects.len()];
        let mut text_on = TextOn::new(theme);
        let mut text = String::new();
        let mut mark = |c: crate::model::ComponentIx, hops: u32, level: Option<Level>, mechanism, scene: &mut Scene| {
            lit[c.index()] = true;
            let stroke = Stroke {
                token: hop_token(hops),
                width: 3.0,
                dash: if level == Some(Level::Influence) { Dash::Dashed } else { Dash::Solid },
            };
            let owner = if let Some(i) = placed.card_of[c.index()] {
                if let Some(card) = scene.cards.get_mut(i as usize) {
                    card.stroke = stroke;
                }
                ItemRef::Card(i)
            } else if let Some(i) = placed.region_of[c.index()] {
                if let Some(region) = scene.regions.get_mut(i as usize) {
                    region.stroke = stroke;
                }
                ItemRef::Region(i)
            } else {
                return None;
            };
            match level {
                None => {
                    text.clear();
                    text.push_str("start");
                }
                Some(Level::Control) => counted(&mut text, hops, "ctl"),
                Some(Level::Influence) => counted(&mut text, hops, "inf"),
            }
            let fill = hop_token(hops);
            let info = BadgeInfo::Blast { hops, level, mechanism };
            Some(badge(scene, owner, BadgeKind::Blast, &text, fill, text_on.get(fill), Corner::TopLeft, info))
        };
        badges.reserve(radius.reached.len() + 1);
        if let Start::Component(c) = radius.start {
            badges.extend(mark(c, 0, None, None, scene));
        }
        for reached in &radius.reached {
            badges.extend(mark(reached.component, reached.hops, Some(reached.level), Some(reached.mechanism), scene));
        }
        for (c, &on) in lit.iter().enumerate() {
            if !on
                && let Some(i) = placed.card_of.get(c).copied().flatten()
                && let Some(card) = scene.cards.get_mut(i as usize)
            {
                card.dimmed = true;
            }
        }
        for (f, flow) in scene.flows.iter_mut().enumerate() {
            let (from, to) = model.flow_ends(crate::model::FlowIx(f as u32));
            flow.dimmed = !(lit[from.index()] && lit[to.index()]);
        }
    }
}

fn responsibility(
    inputs: &Inputs<'_>,
    options: &ViewOptions,
    placed: &Placed,
    scene: &mut Scene,
    badges: &mut Vec<Badge>,
) {
    if let (Some(view), Some(analysis)) = (options.responsibility, inputs.analysis) {
        badges.reserve(scene.cards.len());
        // Both lists are in component order, so the card's component index finds its responsibility.
        for (c, card) in placed.card_of.iter().enumerate() {
            let Some(i) = card.map(|i| i as usize) else { continue };
            let Some(resp) = analysis.responsibility.components.get(c).filter(|r| r.id.as_str() == scene.cards[i].id)
            else {
                continue;
            };
            let owner = match view {
                ResponsibilityView::Layer(layer) => resp.stack.owner(layer),
                ResponsibilityView::Overall => overall_owner(resp.stack.customer_share()),
            };
            let (fill, letter) = owner_style(owner);
            scene.cards[i].fill = fill;
            if !letter.is_empty() {
                let info = BadgeInfo::Responsibility { owner, customer_share: resp.customer_share as f32 };
                badges.push(badge(
                    scene,
                    ItemRef::Card(i as u32),
                    BadgeKind::Responsibility,
                    letter,
                    fill,
                    Token::Text,
                    Corner::BottomRight,
                    info,
                ));
            }
        }
    }
}

fn contexts(inputs: &Inputs<'_>, options: &ViewOptions, scene: &mut Scene) {
    if options.contexts
        && let Some(analysis) = inputs.analysis
    {
        for region in scene.regions.iter_mut().filter(|r| r.kind == RegionKind::Context) {
            let Some(m) = analysis.metrics.contexts.iter().find(|m| m.id.as_str() == region.id) else { continue };
            let text = format!("cohesion {:.2} · coupling {}", m.cohesion, m.coupling.total());
            let metrics = FontMetrics::bundled();
            let title_end = region.title.lines.first().map_or(region.rect.x, |l| l.x + l.width) + 8.0;
            let width = region.rect.right() - 6.0 - title_end;
            let y = region.rect.y + (TITLE_H.min(region.rect.h) - metrics.line_height(10.0)) / 2.0;
            region.subtitle =
                (width > 40.0).then(|| block(&text, 10.0, Token::Text, pt(title_end, y), width, 1, Align::Start));
        }
    }
}

/// The subnet badge of every component that names subnets besides its parent: at the bottom left of its card, or
/// at the end of its region's title bar (before a threat badge there). Shown whatever the overlays.
fn subnets(inputs: &Inputs<'_>, placed: &Placed, scene: &Scene, badges: &mut Vec<Badge>) {
    let model = inputs.model;
    for c in model.component_ixs() {
        let named = &model.component(c).subnets;
        if named.is_empty() {
            continue;
        }
        let public = named
            .iter()
            .filter_map(|id| model.component_ix(id))
            .filter(|&s| model.kind(s) == ComponentKind::Subnet && model.props(s).exposure == Some(Exposure::Public))
            .count() as u32;
        let count = named.len() as u32;
        let text = match public {
            0 => count.to_string(),
            p if p == count => format!("{count} public"),
            p => format!("{count} · {p} public"),
        };
        let info = BadgeInfo::Subnets { count, public };
        let style = (Token::SubnetBadge, Token::Text);
        let icon = Some(crate::model::catalog::info(ComponentKind::Subnet).icon);
        if let Some(i) = placed.card_of[c.index()] {
            let spec = (ItemRef::Card(i), BadgeKind::Subnets, Corner::BottomLeft);
            badges.push(badge_with_icon(scene, spec, icon, &text, style, info));
        } else if let Some(i) = placed.region_of[c.index()] {
            let owner = ItemRef::Region(i);
            let spec = (owner, BadgeKind::Subnets, Corner::TopRight);
            let mut b = badge_with_icon(scene, spec, icon, &text, style, info);
            // Left of the threat badge that may sit at the end of the title bar.
            let shift = badges
                .iter()
                .filter(|t| t.owner == owner && t.kind == BadgeKind::Threats)
                .map(|t| t.rect.w + 3.0)
                .sum::<f32>();
            b.rect.x -= shift;
            for line in &mut b.text.lines {
                line.x -= shift;
            }
            if let Some((_, r)) = &mut b.icon {
                r.x -= shift;
            }
            badges.push(b);
        }
    }
}

/// Who secures most of a stack: AWS up to a third customer share, the customer from two thirds, shared between.
fn overall_owner((share, present): (f64, usize)) -> Owner {
    if present == 0 {
        return Owner::Absent;
    }
    let ratio = share / present as f64;
    if ratio <= 1.0 / 3.0 {
        Owner::Aws
    } else if ratio >= 2.0 / 3.0 {
        Owner::Customer
    } else {
        Owner::Shared
    }
}

#[expect(clippy::too_many_arguments, reason = "a badge is its owner, kind, text, two colours, corner and facts")]
fn badge(
    scene: &Scene,
    owner: ItemRef,
    kind: BadgeKind,
    text: &str,
    fill: Token,
    text_token: Token,
    corner: Corner,
    info: BadgeInfo,
) -> Badge {
    badge_with_icon(scene, (owner, kind, corner), None, text, (fill, text_token), info)
}

/// A badge, with a pictogram before its text when `icon` names one.
fn badge_with_icon(
    scene: &Scene,
    (owner, kind, corner): (ItemRef, BadgeKind, Corner),
    icon: Option<&'static str>,
    text: &str,
    (fill, text_token): (Token, Token),
    info: BadgeInfo,
) -> Badge {
    let metrics = FontMetrics::bundled();
    let lead = if icon.is_some() { BADGE_ICON + 2.0 } else { 0.0 };
    let measured = metrics.measure(text, BADGE_SIZE);
    let w = measured + 8.0 + lead;
    let anchor: Rect = match owner {
        ItemRef::Card(i) => scene.cards.get(i as usize).map(|c| c.rect),
        ItemRef::Region(i) => scene.regions.get(i as usize).map(|r| {
            let bar = r.title_bar;
            rect(bar.x, bar.y + (bar.h - BADGE_H) / 2.0 + 7.0, bar.w - 4.0, bar.h)
        }),
        ItemRef::Flow(i) => scene.flows.get(i as usize).map(|f| {
            let m = midpoint(&f.points);
            rect(m.x + 4.0, m.y - 10.0, w + 4.0, 0.0)
        }),
        _ => None,
    }
    .unwrap_or_default();
    let (x, y) = match corner {
        Corner::TopLeft => (anchor.x - 4.0, anchor.y - BADGE_H / 2.0),
        Corner::TopRight => (anchor.right() - w + 4.0, anchor.y - BADGE_H / 2.0),
        Corner::BottomRight => (anchor.right() - w + 4.0, anchor.bottom() - BADGE_H / 2.0),
        Corner::BottomLeft => (anchor.x - 4.0, anchor.bottom() - BADGE_H / 2.0),
    };
    let r = rect(x, y, w, BADGE_H);
    let ty = y + (BADGE_H - metrics.line_height(BADGE_SIZE)) / 2.0;
    let text = line_measured(text, measured, BADGE_SIZE, text_token, pt(x + lead, ty), w - lead, Align::Center);
    let icon = icon.map(|key| (key, rect(x + 3.0, y + (BADGE_H - BADGE_ICON) / 2.0, BADGE_ICON, BADGE_ICON)));
    Badge { owner, kind, rect: r, fill, text, icon, info }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_writes_the_count_then_the_suffix() {
        let mut buf = String::from("left over");
        for (n, want) in [(0, "0 H"), (7, "7 H"), (42, "42 H"), (u32::MAX, "4294967295 H")] {
            counted(&mut buf, n, "H");
            assert_eq!(buf, want);
        }
    }
}
