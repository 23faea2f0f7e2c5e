//! The far-out level of detail ([`Detail::Outline`], a diagram zoomed out to fit): every flow as a hairline and
//! every card as a plain box, written straight into one `egui::Mesh` (no shapes for egui to tessellate), the way
//! egui would draw them (feathered edges, hairlines as a faded ridge). The mesh is kept across frames and rebuilt
//! only when the scene or the zoom changes: panning only moves its vertices, in place, so a pan at fit allocates
//! nothing here.

use std::sync::Arc;

use egui::epaint::{Mesh, Vertex};
use egui::{Color32, Painter, Pos2, Shape, Vec2, pos2, vec2};

use super::Transform;
use crate::scene::{Dash, Scene, Stroke, Theme};
use crate::ui::theme::color;

/// Width of a flow at this detail, in pixels (as the shape painter draws it).
const FLOW_WIDTH: f32 = 0.8;
/// Outlines fainter than this are not drawn (the box alone reads the same).
const MIN_OPACITY: f32 = 0.15;

/// The mesh of a scene at one zoom, and where it was last placed.
#[derive(Default)]
pub struct FarMesh {
    /// The zoom (bits) it was built for; the mesh lives with its scene, so a new scene starts a new one.
    built_for: Option<u32>,
    /// Vertex positions with the diagram origin at (0, 0).
    base: Vec<Pos2>,
    /// The vertices at `origin`.
    mesh: Arc<Mesh>,
    /// Where the diagram origin was on screen when the vertices were last moved.
    origin: Pos2,
}

impl FarMesh {
    /// Paints the flows and cards of `scene` at `t` (always the same scene: see `SceneCache`).
    pub fn paint(&mut self, painter: &Painter, scene: &Scene, t: Transform, theme: Theme) {
        let key = t.zoom.to_bits();
        if self.built_for != Some(key) {
            let mut mesh = Mesh::default();
            build(&mut mesh, scene, t.zoom, theme);
            self.base = mesh.vertices.iter().map(|v| v.pos).collect();
            self.origin = Pos2::ZERO;
            self.mesh = Arc::new(mesh);
            self.built_for = Some(key);
        }
        if self.origin != t.origin {
            // Unique unless last frame's shapes are still held somewhere; then this copies once.
            let mesh = Arc::make_mut(&mut self.mesh);
            let delta = t.origin.to_vec2();
            for (v, p) in mesh.vertices.iter_mut().zip(&self.base) {
                v.pos = *p + delta;
            }
            self.origin = t.origin;
        }
        if !self.mesh.is_empty() {
            // A clip rectangle of its own (a thousandth of a pixel smaller, the same pixels) makes the tessellator
            // start a mesh for it, allocated once at its size, rather than append it to the shapes before it and
            // grow (copy) that mesh past it, and the shapes after it start their own again.
            let clip = painter.clip_rect().shrink(0.001);
            painter.with_clip_rect(clip).add(Shape::Mesh(Arc::clone(&self.mesh)));
        }
    }
}

fn faded(c: Color32, dimmed: bool) -> Color32 {
    if dimmed { c.gamma_multiply(super::paint::DIM) } else { c }
}

/// Writes flows, then cards (their paint order), with the diagram origin at (0, 0).
fn build(mesh: &mut Mesh, scene: &Scene, zoom: f32, theme: Theme) {
    let mut points = Vec::new();
    for flow in &scene.flows {
        points.clear();
        points.extend(flow.points.iter().map(|p| pos2(p.x, p.y) * zoom));
        let c = faded(color(flow.stroke.token, theme), flow.dimmed);
        hairline(mesh, &points, false, FLOW_WIDTH, c);
    }
    for card in &scene.cards {
        let r = card.rect;
        let (min, max) = (pos2(r.x, r.y) * zoom, pos2(r.right(), r.bottom()) * zoom);
        box_fill(mesh, min, max, faded(color(card.fill, theme), card.dimmed));
        let width = outline_width(&card.stroke, zoom);
        if width >= MIN_OPACITY {
            let c = faded(color(card.stroke.token, theme), card.dimmed);
            // Inside the box, as the shape painter strokes cards.
            let inset = Vec2::splat(0.5);
            let corners = [min + inset, pos2(max.x - 0.5, min.y + 0.5), max - inset, pos2(min.x + 0.5, max.y - 0.5)];
            hairline(mesh, &corners, true, width.min(1.0), c);
        }
    }
}

/// The outline's width in pixels as the shape painter draws it (dashed ones at least 0.6 px).
fn outline_width(stroke: &Stroke, zoom: f32) -> f32 {
    match stroke.dash {
        Dash::Solid => stroke.width * zoom,
        _ => (stroke.width * zoom).max(0.6),
    }
}

/// A filled box with a one-pixel feathered edge (egui's anti-aliasing): 8 vertices, 10 triangles.
fn box_fill(mesh: &mut Mesh, min: Pos2, max: Pos2, c: Color32) {
    let base = mesh.vertices.len() as u32;
    let corners = [min, pos2(max.x, min.y), max, pos2(min.x, max.y)];
    let outward = [vec2(-0.5, -0.5), vec2(0.5, -0.5), vec2(0.5, 0.5), vec2(-0.5, 0.5)];
    for (p, o) in corners.iter().zip(outward) {
        // A box thinner than a pixel keeps its centre rather than turning inside out.
        let inner = pos2(
            if max.x - min.x > 1.0 { p.x - o.x } else { (min.x + max.x) / 2.0 },
            if max.y - min.y > 1.0 { p.y - o.y } else { (min.y + max.y) / 2.0 },
        );
        mesh.vertices.push(Vertex { pos: inner, uv: egui::epaint::WHITE_UV, color: c });
        mesh.vertices.push(Vertex { pos: *p + o, uv: egui::epaint::WHITE_UV, color: Color32::TRANSPARENT });
    }
    // Inner quad: vertices 0, 2, 4, 6; the feathered ring pairs each inner vertex with the outer one after it.
    mesh.add_triangle(base, base + 2, base + 4);
    mesh.add_triangle(base, base + 4, base + 6);
    for i in 0..4 {
        let (a, b) = (base + 2 * i, base + 2 * ((i + 1) % 4));
        mesh.add_triangle(a, a + 1, b + 1);
        mesh.add_triangle(a, b + 1, b);
    }
}

/// A line thinner than a pixel as egui draws one: a ridge two pixels wide, transparent at its edges and `width`
/// opaque along the line (3 vertices a point, 4 triangles a segment); corners are mitred.
fn hairline(mesh: &mut Mesh, points: &[Pos2], closed: bool, width: f32, c: Color32) {
    let n = points.len();
    if n < 2 {
        return;
    }
    let middle = c.gamma_multiply(width.clamp(0.0, 1.0));
    let base = mesh.vertices.len() as u32;
    let normal_of = |a: Pos2, b: Pos2| {
        let d = b - a;
        let length = d.length();
        if length > f32::EPSILON { vec2(d.y, -d.x) / length } else { Vec2::ZERO }
    };
    for i in 0..n {
        let p = points[i];
        let before = if i > 0 {
            Some(normal_of(points[i - 1], p))
        } else if closed {
            Some(normal_of(points[n - 1], p))
        } else {
            None
        };
        let after = if i + 1 < n {
            Some(normal_of(p, points[i + 1]))
        } else if closed {
            Some(normal_of(p, points[0]))
        } else {
            None
        };
        let normal = match (before, after) {
            (Some(a), Some(b)) => {
                let m = (a + b) / 2.0;
                let length_sq = m.length_sq();
                // Mitre, capped like egui's at sharp corners.
                if length_sq > 0.1 { m / length_sq } else { a }
            }
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => Vec2::ZERO,
        };
        for (pos, colour) in [(p + normal, Color32::TRANSPARENT), (p, middle), (p - normal, Color32::TRANSPARENT)] {
            mesh.vertices.push(Vertex { pos, uv: egui::epaint::WHITE_UV, color: colour });
        }
    }
    let segments = if closed { n } else { n - 1 };
    for i in 0..segments {
        let (a, b) = (base + 3 * i as u32, base + 3 * ((i + 1) % n) as u32);
        mesh.add_triangle(a, a + 1, b);
        mesh.add_triangle(a + 1, b, b + 1);
        mesh.add_triangle(a + 1, a + 2, b + 1);
        mesh.add_triangle(a + 2, b + 1, b + 2);
    }
}
