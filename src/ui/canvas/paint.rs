//! Painting a scene with egui: every primitive as the scene gives it, colours through `theme`, text at screen
//! size from the scene's lines (crisp at any zoom, never re-wrapped), less detail when zoomed out.

use egui::{Align2, Color32, CornerRadius, FontId, Painter, Pos2, Shape, StrokeKind, pos2, vec2};

use super::Transform;
use super::far::FarMesh;
use super::icons::IconCache;
use crate::scene::{
    Dash, Detail, ItemRef, Marker, OverlayShape, Panel, Scene, Stroke, Swatch, TextBlock, Theme, Token, Visible,
};
use crate::ui::theme::color;

/// Text smaller than this many pixels is not painted.
const MIN_TEXT_PX: f32 = 4.5;
/// How much faded elements keep.
const DIM: f32 = 0.28;

/// Hands the bundled font to egui, first in the proportional family, so the canvas draws the lines the scene
/// measured (other scripts fall back to egui's fonts).
pub fn install_font(ctx: &egui::Context) {
    if crate::assets::font_regular().is_empty() {
        // The browser could not fetch it: egui's own fonts draw the text.
        return;
    }
    ctx.add_font(egui::epaint::text::FontInsert::new(
        crate::assets::FONT_FAMILY,
        egui::FontData::from_static(crate::assets::font_regular()),
        vec![
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Proportional,
                priority: egui::epaint::text::FontPriority::Highest,
            },
            // The browser build has no egui fonts (see Cargo.toml): it is the monospace font there too.
            #[cfg(target_arch = "wasm32")]
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Monospace,
                priority: egui::epaint::text::FontPriority::Highest,
            },
        ],
    ));
}

pub(super) fn faded(c: Color32, dimmed: bool) -> Color32 {
    if dimmed { c.gamma_multiply(DIM) } else { c }
}

/// A line in its stroke's dash style. Dashes and dots are laid along the whole line, as egui lays them, but only
/// those that reach `clip` become shapes: a long dashed flow or boundary mostly off screen costs a few shapes, not
/// thousands (and the ones drawn sit where they would anyway, so panning never shifts the pattern).
pub(super) fn stroke_shapes(
    points: &[Pos2],
    stroke: &Stroke,
    theme: Theme,
    zoom: f32,
    dimmed: bool,
    clip: egui::Rect,
    out: &mut Vec<Shape>,
) {
    let c = faded(color(stroke.token, theme), dimmed);
    let width = (stroke.width * zoom).max(0.6);
    match stroke.dash {
        Dash::Solid => out.push(Shape::line(points.to_vec(), egui::Stroke::new(width, c))),
        Dash::Dotted => {
            let (spacing, radius) = ((3.0 * stroke.width * zoom).max(2.5), width / 2.0);
            dots(points, spacing, clip.expand(radius), |p| out.push(Shape::circle_filled(p, radius, c)));
        }
        dash => {
            let pattern = dash.pattern();
            let unit = (stroke.width * zoom).max(1.0);
            let mut lengths = [0.0_f32; 8];
            let n = pattern.len().min(lengths.len());
            for (slot, d) in lengths.iter_mut().zip(pattern) {
                *slot = d * unit;
            }
            let s = egui::Stroke::new(width, c);
            dashes(points, &lengths[..n], clip.expand(width), |a, b| out.push(Shape::line_segment([a, b], s)));
        }
    }
}

/// A dashed or dotted line as one textured quad per segment (the pattern texture repeats along it, see
/// `IconCache::pattern`): the dashes and dots fall where `stroke_shapes` puts them (the pattern runs on round
/// corners from the start of the line), at a few vertices a segment rather than a shape per dash. Segments
/// outside `clip` are left out.
fn pattern_quads(
    points: &[Pos2],
    stroke: &Stroke,
    theme: Theme,
    zoom: f32,
    dimmed: bool,
    clip: egui::Rect,
    mesh: &mut egui::Mesh,
) {
    let c = faded(color(stroke.token, theme), dimmed);
    let width = (stroke.width * zoom).max(0.6);
    // Screen length of one period of the texture, and how far the quad reaches either side of the line.
    let (period, half) = match stroke.dash {
        Dash::Dotted => ((3.0 * stroke.width * zoom).max(2.5), width / 2.0),
        dash => {
            let unit = (stroke.width * zoom).max(1.0);
            (dash.pattern().iter().sum::<f32>() * unit, width)
        }
    };
    if period <= 0.0 {
        return;
    }
    let clip = clip.expand(half);
    let mut along = 0.0;
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let d = b - a;
        let length = d.length();
        if length <= f32::EPSILON {
            continue;
        }
        let (u0, u1) = (along / period, (along + length) / period);
        along += length;
        if !clip.intersects(egui::Rect::from_two_pos(a, b)) {
            continue;
        }
        let n = vec2(-d.y, d.x) / length * half;
        let base = mesh.vertices.len() as u32;
        for (p, uv) in [(a - n, pos2(u0, 0.0)), (b - n, pos2(u1, 0.0)), (b + n, pos2(u1, 1.0)), (a + n, pos2(u0, 1.0))]
        {
            mesh.vertices.push(egui::epaint::Vertex { pos: p, uv, color: c });
        }
        mesh.add_triangle(base, base + 1, base + 2);
        mesh.add_triangle(base, base + 2, base + 3);
    }
}

/// Dots every `spacing` along a polyline from its start (egui's `Shape::dotted_line` layout); calls `dot` for
/// those inside `clip`.
fn dots(path: &[Pos2], spacing: f32, clip: egui::Rect, mut dot: impl FnMut(Pos2)) {
    if spacing <= 0.0 {
        return;
    }
    let mut position = 0.0;
    for w in path.windows(2) {
        let (start, end) = (w[0], w[1]);
        let vector = end - start;
        let length = vector.length();
        if position < length && !clip.intersects(egui::Rect::from_two_pos(start, end)) {
            // No dot of this segment is visible: step over them all at once.
            position += ((length - position) / spacing).ceil() * spacing;
        }
        while position < length {
            let p = start + vector * (position / length);
            if clip.contains(p) {
                dot(p);
            }
            position += spacing;
        }
        position -= length;
    }
}

/// Dashes along a polyline, `lengths` alternating dash and gap, from its start (egui's `Shape::dashed_line`
/// layout, a dash cut at each corner); calls `dash` for those that reach `clip`.
fn dashes(path: &[Pos2], lengths: &[f32], clip: egui::Rect, mut dash: impl FnMut(Pos2, Pos2)) {
    if lengths.len() < 2 || lengths.iter().any(|&l| l <= 0.0) {
        return;
    }
    let steps = lengths.len() / 2;
    let mut position = 0.0;
    let mut drawing = false;
    let mut step = 0;
    for w in path.windows(2) {
        let (start, end) = (w[0], w[1]);
        let vector = end - start;
        let length = vector.length();
        let visible = clip.intersects(egui::Rect::from_two_pos(start, end));
        let mut from = start;
        while position < length {
            let p = start + vector * (position / length);
            if drawing {
                if visible && clip.intersects(egui::Rect::from_two_pos(from, p)) {
                    dash(from, p);
                }
                position += lengths[2 * step + 1];
                step = (step + 1) % steps;
            } else {
                from = p;
                position += lengths[2 * step];
            }
            drawing = !drawing;
        }
        if drawing && visible && clip.intersects(egui::Rect::from_two_pos(from, end)) {
            dash(from, end);
        }
        position -= length;
    }
}

pub(super) fn rect_outline(r: egui::Rect) -> Vec<Pos2> {
    vec![r.left_top(), r.right_top(), r.right_bottom(), r.left_bottom(), r.left_top()]
}

fn text(painter: &Painter, block: &TextBlock, t: Transform, theme: Theme, dimmed: bool) {
    let px = block.size * t.zoom;
    if px < MIN_TEXT_PX {
        return;
    }
    let c = faded(color(block.token, theme), dimmed);
    for line in &block.lines {
        let at = t.pos(crate::scene::Pt { x: line.x, y: line.y });
        painter.text(at, Align2::LEFT_TOP, &line.text, FontId::proportional(px), c);
    }
}

fn marker(m: &Marker, stroke: &Stroke, t: Transform, theme: Theme, dimmed: bool, out: &mut Vec<Shape>) {
    let c = faded(color(stroke.token, theme), dimmed);
    let points: Vec<Pos2> = m.points.iter().map(|&p| t.pos(p)).collect();
    if m.filled {
        out.push(Shape::convex_polygon(points, c, egui::Stroke::NONE));
    } else {
        out.push(Shape::closed_line(points, egui::Stroke::new((stroke.width * t.zoom).max(0.8), c)));
    }
}

/// Paints the canvas colour and, when asked, a grid of lines every few grid steps (whatever keeps them at least
/// 12 px apart at this zoom).
pub fn background(painter: &Painter, t: Transform, grid: bool, theme: Theme) {
    let area = painter.clip_rect();
    painter.rect_filled(area, 0.0, color(Token::Canvas, theme));
    if !grid {
        return;
    }
    let mut step = super::gesture::GRID;
    while step * t.zoom < 12.0 {
        step *= 5.0;
    }
    let line = egui::Stroke::new(1.0, color(Token::PanelStroke, theme).gamma_multiply(0.35));
    let major = egui::Stroke::new(1.0, color(Token::PanelStroke, theme).gamma_multiply(0.7));
    let from = t.diagram_from_screen(area.min);
    let to = t.diagram_from_screen(area.max);
    let mut x = (from.x / step).floor() * step;
    while x <= to.x {
        let sx = t.pos(crate::scene::Pt { x, y: 0.0 }).x;
        let s = if (x / (step * 5.0)).fract().abs() < 1e-3 { major } else { line };
        painter.line_segment([pos2(sx, area.top()), pos2(sx, area.bottom())], s);
        x += step;
    }
    let mut y = (from.y / step).floor() * step;
    while y <= to.y {
        let sy = t.pos(crate::scene::Pt { x: 0.0, y }).y;
        let s = if (y / (step * 5.0)).fract().abs() < 1e-3 { major } else { line };
        painter.line_segment([pos2(area.left(), sy), pos2(area.right(), sy)], s);
        y += step;
    }
}

/// Paints the visible part of a scene, layer by layer.
pub fn scene(
    painter: &Painter,
    scene: &Scene,
    visible: &Visible,
    t: Transform,
    theme: Theme,
    icons: &mut IconCache,
    far: &mut FarMesh,
) {
    let detail = Detail::for_scale(t.zoom).min(scene.detail);
    let clip = painter.clip_rect();
    let radius = corner_radius(t.zoom);
    let mut shapes = Vec::new();
    for &i in &visible.regions {
        let Some(region) = scene.regions.get(i as usize) else { continue };
        let r = t.rect(&region.rect);
        if let Some(fill) = region.fill {
            painter.rect_filled(r, radius, faded(color(fill, theme), region.dimmed));
        }
        if let Some(fill) = region.title_fill {
            let bar = t.rect(&region.title_bar);
            let top = CornerRadius { nw: radius.nw, ne: radius.ne, sw: 0, se: 0 };
            painter.rect_filled(bar, top, faded(color(fill, theme), region.dimmed));
        }
        if region.stroke.dash == Dash::Solid {
            let s = egui::Stroke::new(region.stroke.width * t.zoom, color(region.stroke.token, theme));
            painter.rect_stroke(r, radius, s, StrokeKind::Inside);
        } else {
            shapes.clear();
            stroke_shapes(&rect_outline(r), &region.stroke, theme, t.zoom, region.dimmed, clip, &mut shapes);
            painter.extend(shapes.drain(..));
        }
        if detail == Detail::Full
            && let (Some(key), Some(icon)) = (region.icon, region.icon_rect)
        {
            icon_at(painter, icons, key, t.rect(&icon), region.dimmed);
        }
        text(painter, &region.title, t, theme, region.dimmed);
        if detail == Detail::Full
            && let Some(sub) = &region.subtitle
        {
            text(painter, sub, t, theme, region.dimmed);
        }
    }
    if detail == Detail::Outline && 2 * visible.cards.len() >= scene.cards.len() {
        // Far out with most of the diagram in view: flows and cards as one mesh of the whole scene kept across
        // frames (with less in view, the shapes of what is in view cost less); names only where they are legible.
        far.paint(painter, scene, t, theme);
        for &i in &visible.cards {
            if let Some(card) = scene.cards.get(i as usize)
                && card.name.size * t.zoom >= MIN_TEXT_PX
            {
                text(painter, &card.name, t, theme, card.dimmed);
            }
        }
    } else {
        flows(painter, scene, visible, t, theme, icons);
        cards(painter, scene, visible, t, theme, icons);
    }
    for &i in &visible.notes {
        let Some(note) = scene.notes.get(i as usize) else { continue };
        let stroke = Stroke { token: Token::NoteStroke, width: 1.0, dash: Dash::Dashed };
        if let Some([a, b]) = note.connector {
            stroke_shapes(&[t.pos(a), t.pos(b)], &stroke, theme, t.zoom, false, clip, &mut shapes);
            painter.extend(shapes.drain(..));
        }
        let r = t.rect(&note.rect);
        painter.rect_filled(r, CornerRadius::same(2), color(Token::NoteFill, theme));
        let outline = egui::Stroke::new(t.zoom.clamp(0.5, 1.5), color(Token::NoteStroke, theme));
        painter.rect_stroke(r, CornerRadius::same(2), outline, StrokeKind::Inside);
        // Wherever it is legible, as cards' names are: a note is what a reader looks for first.
        text(painter, &note.text, t, theme, false);
    }
    if detail == Detail::Outline {
        return;
    }
    for &i in &visible.badges {
        let Some(badge) = scene.badges.get(i as usize) else { continue };
        let r = t.rect(&badge.rect);
        painter.rect_filled(r, CornerRadius::same((r.height() / 2.0) as u8), color(badge.fill, theme));
        painter.rect_stroke(
            r,
            CornerRadius::same((r.height() / 2.0) as u8),
            egui::Stroke::new(1.0, color(Token::Canvas, theme)),
            StrokeKind::Outside,
        );
        if let Some((key, at)) = badge.icon {
            icon_at(painter, icons, key, t.rect(&at), false);
        }
        text(painter, &badge.text, t, theme, false);
    }
    if detail < Detail::Full {
        return;
    }
    for &i in &visible.labels {
        let Some(label) = scene.labels.get(i as usize) else { continue };
        let dimmed = match label.owner {
            ItemRef::Flow(f) => scene.flows.get(f as usize).is_some_and(|f| f.dimmed),
            _ => false,
        };
        painter.rect_filled(t.rect(&label.rect), CornerRadius::same(3), faded(color(label.fill, theme), dimmed));
        text(painter, &label.text, t, theme, dimmed);
    }
}

/// Corner radius of cards and regions at `zoom`.
pub(super) fn corner_radius(zoom: f32) -> CornerRadius {
    CornerRadius::same((6.0 * zoom).clamp(0.0, 12.0) as u8)
}

/// A card's box on screen at `r`: its fill and its outline (solid, or dashes within `clip`), leaving out a solid
/// outline thinner than `faintest` points.
pub(super) fn card_box(
    card: &crate::scene::Card,
    r: egui::Rect,
    zoom: f32,
    theme: Theme,
    clip: egui::Rect,
    faintest: f32,
    out: &mut Vec<Shape>,
) {
    let radius = corner_radius(zoom);
    out.push(Shape::rect_filled(r, radius, faded(color(card.fill, theme), card.dimmed)));
    if card.stroke.dash == Dash::Solid {
        let width = card.stroke.width * zoom;
        if width >= faintest {
            let s = egui::Stroke::new(width, faded(color(card.stroke.token, theme), card.dimmed));
            out.push(Shape::rect_stroke(r, radius, s, StrokeKind::Inside));
        }
    } else {
        stroke_shapes(&rect_outline(r), &card.stroke, theme, zoom, card.dimmed, clip, out);
    }
}

/// Paints the visible cards with the detail `t`'s zoom allows.
fn cards(painter: &Painter, scene: &Scene, visible: &Visible, t: Transform, theme: Theme, icons: &mut IconCache) {
    let detail = Detail::for_scale(t.zoom).min(scene.detail);
    let clip = painter.clip_rect();
    let mut shapes = Vec::new();
    for &i in &visible.cards {
        let Some(card) = scene.cards.get(i as usize) else { continue };
        let r = t.rect(&card.rect);
        card_box(card, r, t.zoom, theme, clip, 0.0, &mut shapes);
        painter.extend(shapes.drain(..));
        if detail == Detail::Full
            && let Some(icon) = card.icon_rect
        {
            icon_at(painter, icons, card.icon, t.rect(&icon), card.dimmed);
        }
        if detail >= Detail::Reduced || card.name.size * t.zoom >= MIN_TEXT_PX {
            text(painter, &card.name, t, theme, card.dimmed);
        }
        if detail == Detail::Full
            && let Some(kind) = &card.kind
        {
            text(painter, kind, t, theme, card.dimmed);
        }
    }
}

fn icon_at(painter: &Painter, icons: &mut IconCache, key: &'static str, r: egui::Rect, dimmed: bool) {
    if r.width() < 6.0 {
        return;
    }
    if let Some(texture) = icons.get(painter.ctx(), key, r.width()) {
        let uv = egui::Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        painter.image(texture.id(), r, uv, faded(Color32::WHITE, dimmed));
    }
}

/// Paints selection, hover and highlight outlines.
pub fn overlay(painter: &Painter, shapes: &[OverlayShape], t: Transform, theme: Theme) {
    for shape in shapes {
        match shape {
            OverlayShape::Outline { rect, stroke } => {
                let s = egui::Stroke::new(stroke.width, color(stroke.token, theme));
                painter.rect_stroke(t.rect(rect), CornerRadius::same(8), s, StrokeKind::Outside);
            }
            OverlayShape::Path { points, stroke } => {
                let points: Vec<Pos2> = points.iter().map(|&p| t.pos(p)).collect();
                let s = egui::Stroke::new(stroke.width, color(stroke.token, theme).gamma_multiply(0.8));
                painter.add(Shape::line(points, s));
            }
        }
    }
}

/// Paints the visible flows: solid ones and arrowheads as shapes, dashed and dotted ones as one mesh per pattern
/// texture after them.
fn flows(painter: &Painter, scene: &Scene, visible: &Visible, t: Transform, theme: Theme, icons: &mut IconCache) {
    let detail = Detail::for_scale(t.zoom).min(scene.detail);
    let clip = painter.clip_rect();
    let mut shapes = Vec::new();
    // Dashed and dotted flows: one mesh per pattern texture, painted after the solid ones.
    let mut patterned: Vec<egui::Mesh> = Vec::new();
    for &i in &visible.flows {
        let Some(flow) = scene.flows.get(i as usize) else { continue };
        let points: Vec<Pos2> = flow.points.iter().map(|&p| t.pos(p)).collect();
        if detail == Detail::Outline {
            // Far out, dashes and arrowheads are smaller than a pixel: one plain line each, in the pattern's colour
            // (as `FarMesh` draws them).
            let c = faded(color(flow.stroke.token, theme), flow.dimmed);
            shapes.push(Shape::line(points, egui::Stroke::new(super::far::FLOW_WIDTH, c)));
            continue;
        }
        match icons.pattern(painter.ctx(), flow.stroke.dash) {
            Some(texture) => {
                let at = match patterned.iter().position(|m| m.texture_id == texture) {
                    Some(at) => at,
                    None => {
                        patterned.push(egui::Mesh::with_texture(texture));
                        patterned.len() - 1
                    }
                };
                if let Some(mesh) = patterned.get_mut(at) {
                    pattern_quads(&points, &flow.stroke, theme, t.zoom, flow.dimmed, clip, mesh);
                }
            }
            None => stroke_shapes(&points, &flow.stroke, theme, t.zoom, flow.dimmed, clip, &mut shapes),
        }
        for m in flow.head.iter().chain(flow.tail.iter()) {
            marker(m, &flow.stroke, t, theme, flow.dimmed, &mut shapes);
        }
    }
    painter.extend(shapes.drain(..));
    for mesh in patterned.into_iter().filter(|m| !m.is_empty()) {
        painter.add(Shape::mesh(mesh));
    }
}

/// Paints a legend or title block at screen size with its top-left at `at`.
pub fn panel(painter: &Painter, panel: &Panel, at: Pos2, theme: Theme) {
    if panel.entries.is_empty() {
        return;
    }
    let t = Transform { origin: at, zoom: 1.0 };
    let r = egui::Rect::from_min_size(at, vec2(panel.size.x, panel.size.y));
    painter.rect_filled(r, CornerRadius::same(6), color(Token::PanelFill, theme));
    painter.rect_stroke(
        r,
        CornerRadius::same(6),
        egui::Stroke::new(1.0, color(Token::PanelStroke, theme)),
        StrokeKind::Inside,
    );
    let mut shapes = Vec::new();
    for entry in &panel.entries {
        let s = t.rect(&entry.swatch_rect);
        match &entry.swatch {
            None => {}
            Some(Swatch::Fill(token)) => {
                painter.rect_filled(s, CornerRadius::same(2), color(*token, theme));
                painter.rect_stroke(
                    s,
                    CornerRadius::same(2),
                    egui::Stroke::new(1.0, color(Token::CardStroke, theme)),
                    StrokeKind::Inside,
                );
            }
            Some(Swatch::Line(stroke)) => {
                let y = s.center().y;
                let points = [pos2(s.left(), y), pos2(s.right() - 6.0, y)];
                stroke_shapes(&points, stroke, theme, 1.0, false, egui::Rect::EVERYTHING, &mut shapes);
                let tip = pos2(s.right(), y);
                shapes.push(Shape::convex_polygon(
                    vec![tip, pos2(tip.x - 7.0, y - 4.0), pos2(tip.x - 7.0, y + 4.0)],
                    color(stroke.token, theme),
                    egui::Stroke::NONE,
                ));
            }
            Some(Swatch::Outline(stroke)) => {
                stroke_shapes(&rect_outline(s), stroke, theme, 1.0, false, egui::Rect::EVERYTHING, &mut shapes);
            }
            Some(Swatch::Badge(token, label)) => {
                let pill = egui::Rect::from_center_size(s.center(), vec2(s.width(), 13.0));
                painter.rect_filled(pill, CornerRadius::same(6), color(*token, theme));
                let on = token.text_on(theme);
                painter.text(pill.center(), Align2::CENTER_CENTER, label, FontId::proportional(9.0), color(on, theme));
            }
        }
        text(painter, &entry.text, t, theme, false);
    }
    painter.extend(shapes);
}
