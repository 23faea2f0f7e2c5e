//! The far-out level of detail ([`Detail::Outline`](crate::scene::Detail), a diagram zoomed out to fit): every
//! flow as a hairline and every card as a plain box, tessellated once into one `egui::Mesh` and kept across frames.
//! It is rebuilt only when the scene, the zoom or the origin's fraction of a pixel changes: panning (whole pixels)
//! only moves its vertices, in place, so a pan at fit tessellates and allocates nothing here. While the zoom is
//! changing (a wheel or pinch in progress), the mesh built for a nearby zoom is scaled instead, and rebuilt exactly
//! on the first frame the zoom holds still (a repaint is requested for it). Built with egui's own tessellator from
//! the shapes the shape painter would make, so the picture is the same (less card outlines too faint to see).

use std::sync::Arc;

use egui::epaint::{Mesh, Tessellator};
use egui::{Painter, Pos2, Shape, Vec2, vec2};

use super::Transform;
use super::paint::{card_box, faded};
use crate::scene::{Scene, Theme};
use crate::ui::theme::color;

/// Width of a flow at this detail, in points: dashes and arrowheads would be smaller than a pixel.
pub(super) const FLOW_WIDTH: f32 = 0.8;

/// Solid card outlines thinner than this (points) are left out: egui would draw them as a ridge this opaque, which
/// does not show on a box a few pixels wide, and they would be a third of the mesh.
const FAINTEST_OUTLINE: f32 = 0.25;

/// What a mesh was built for: zoom, pixels per point and the origin's offset from the pixel grid (bits).
type Key = (u32, u32, [u32; 2]);

/// How far from the zoom it was built for a mesh is scaled while the zoom changes, as a ratio either way; beyond,
/// hairlines would look visibly thicker or thinner, so it is rebuilt.
const SCALE_RANGE: f32 = 1.5;

/// The mesh of a scene at one zoom, and where it was last placed.
#[derive(Default)]
pub struct FarMesh {
    built_for: Option<Key>,
    /// Vertex positions with the diagram origin at the pixel-grid offset of `built_for`, less that offset.
    base: Vec<Pos2>,
    /// The vertices at `placed`.
    mesh: Arc<Mesh>,
    /// Where the diagram origin was on screen and by how much `base` was scaled when the vertices were last moved.
    placed: (Pos2, f32),
    /// The zoom of the last frame painted (bits), to tell a zoom in progress from one that holds still.
    last_zoom: Option<u32>,
}

impl FarMesh {
    /// Paints the flows and cards of `scene` at `t` (always the same scene: see `SceneCache`).
    pub fn paint(&mut self, painter: &Painter, scene: &Scene, t: Transform, theme: Theme) {
        let ppp = painter.pixels_per_point();
        // Shapes are rounded to pixels when tessellated, so the mesh holds for origins a whole number of pixels
        // apart: build it at the origin's fraction of a pixel and move it by whole pixels.
        // (In steps of 1/32 pixel: the fraction of an origin moved by whole pixels is not always the same float.)
        let fraction = |v: f32| ((v * ppp).rem_euclid(1.0) * 32.0).round() / 32.0 / ppp;
        let offset = vec2(fraction(t.origin.x), fraction(t.origin.y));
        let key = (t.zoom.to_bits(), ppp.to_bits(), [offset.x.to_bits(), offset.y.to_bits()]);
        let zooming = self.last_zoom.is_some_and(|z| z != t.zoom.to_bits());
        self.last_zoom = Some(t.zoom.to_bits());
        let mut scale = 1.0;
        let stale = self.built_for != Some(key);
        if stale
            && zooming
            && let Some(s) = self.scale_to(t.zoom, ppp)
        {
            // Close enough: scale this frame's mesh and build the exact one once the zoom stops changing.
            scale = s;
            painter.ctx().request_repaint();
        } else if stale {
            let options = painter.ctx().options(|o| o.tessellation_options);
            // Neither text nor circles here: no font texture size or prepared discs are needed.
            let mut tessellator = Tessellator::new(ppp, options, [1, 1], Vec::new());
            tessellator.set_clip_rect(egui::Rect::EVERYTHING);
            let mut mesh = Mesh::default();
            for shape in shapes(scene, t.zoom, offset, theme) {
                tessellator.tessellate_shape(shape, &mut mesh);
            }
            self.base = mesh.vertices.iter().map(|v| v.pos - offset).collect();
            self.placed = (Pos2::ZERO + offset, 1.0);
            self.mesh = Arc::new(mesh);
            self.built_for = Some(key);
        }
        if self.placed != (t.origin, scale) {
            // Unique unless last frame's shapes are still held somewhere; then this copies once.
            let mesh = Arc::make_mut(&mut self.mesh);
            let delta = t.origin.to_vec2();
            for (v, p) in mesh.vertices.iter_mut().zip(&self.base) {
                v.pos = (p.to_vec2() * scale + delta).to_pos2();
            }
            self.placed = (t.origin, scale);
        }
        if !self.mesh.is_empty() {
            // A clip rectangle of its own (a thousandth of a pixel smaller, the same pixels) makes the tessellator
            // start a mesh for it, allocated once at its size, rather than append it to the shapes before it and
            // grow (copy) that mesh past it, and the shapes after it start their own again.
            let clip = painter.clip_rect().shrink(0.001);
            painter.with_clip_rect(clip).add(Shape::Mesh(Arc::clone(&self.mesh)));
        }
    }

    /// The factor that takes the built mesh to `zoom`, when it was built at these pixels per point and is close
    /// enough to scale.
    fn scale_to(&self, zoom: f32, ppp: f32) -> Option<f32> {
        let (built_zoom, built_ppp, _) = self.built_for?;
        let s = zoom / f32::from_bits(built_zoom);
        (built_ppp == ppp.to_bits() && s.is_finite() && (1.0 / SCALE_RANGE..=SCALE_RANGE).contains(&s)).then_some(s)
    }
}

/// What the shape painter draws far out, flows then cards, with the diagram origin at `origin`: one plain line per
/// flow, each card's box and outline (unless it is too faint to see).
fn shapes(scene: &Scene, zoom: f32, origin: Vec2, theme: Theme) -> Vec<Shape> {
    let at = |p: crate::scene::Pt| Pos2::ZERO + origin + vec2(p.x, p.y) * zoom;
    let mut out = Vec::with_capacity(scene.flows.len() + 2 * scene.cards.len());
    for flow in &scene.flows {
        let c = faded(color(flow.stroke.token, theme), flow.dimmed);
        out.push(Shape::line(flow.points.iter().map(|&p| at(p)).collect(), egui::Stroke::new(FLOW_WIDTH, c)));
    }
    for card in &scene.cards {
        let r = card.rect;
        let rect = egui::Rect::from_min_size(at(crate::scene::Pt { x: r.x, y: r.y }), vec2(r.w, r.h) * zoom);
        card_box(card, rect, zoom, theme, egui::Rect::EVERYTHING, FAINTEST_OUTLINE, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{self, Inputs, ViewOptions};

    fn sample_scene() -> Scene {
        let sample = crate::io::samples::all().first().expect("a bundled sample");
        let model = sample.model().expect("bundled samples are valid");
        let analysis = crate::analysis::analyze(&model);
        scene::build(&Inputs { model: &model, analysis: Some(&analysis), blast: None }, &ViewOptions::default())
    }

    fn input() -> egui::RawInput {
        let screen = egui::Rect::from_min_size(Pos2::ZERO, vec2(4000.0, 4000.0));
        egui::RawInput { screen_rect: Some(screen), ..egui::RawInput::default() }
    }

    /// Paints one frame at `t` and returns the far mesh as the tessellator gets it.
    fn frame(ctx: &egui::Context, far: &mut FarMesh, scene: &Scene, t: Transform) -> Arc<Mesh> {
        let mut output = ctx.run_ui(input(), |ui| far.paint(ui.painter(), scene, t, Theme::Dark));
        // No renderer here to take the font texture.
        output.textures_delta.clear();
        let mut meshes = output.shapes.into_iter().filter_map(|s| match s.shape {
            Shape::Mesh(mesh) => Some(mesh),
            _ => None,
        });
        let found = meshes.next().expect("the far mesh is painted");
        assert!(meshes.next().is_none(), "one mesh for the whole scene");
        found
    }

    #[test]
    fn the_mesh_is_what_egui_makes_of_the_shapes_and_panning_moves_it_in_place() {
        let scene = sample_scene();
        assert!(!scene.cards.is_empty() && !scene.flows.is_empty(), "the sample has cards and flows");
        let ctx = egui::Context::default();
        let mut far = FarMesh::default();
        let t = Transform { origin: Pos2::new(10.25, 20.5), zoom: 0.1 };
        let built: Vec<_> = frame(&ctx, &mut far, &scene, t).vertices.iter().map(|v| (v.pos, v.color)).collect();
        // The same shapes through egui's frame and tessellation.
        let mut output =
            ctx.run_ui(input(), |ui| ui.painter().extend(shapes(&scene, t.zoom, t.origin.to_vec2(), Theme::Dark)));
        output.textures_delta.clear();
        // Only those shapes (not what the frame paints besides, such as its background).
        let ours = shapes(&scene, t.zoom, t.origin.to_vec2(), Theme::Dark).len();
        let tail = output.shapes.split_off(output.shapes.len() - ours);
        let primitives = ctx.tessellate(tail, output.pixels_per_point);
        let expected: Vec<_> = primitives
            .iter()
            .filter_map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(mesh) => Some(mesh.vertices.iter().map(|v| (v.pos, v.color))),
                egui::epaint::Primitive::Callback(_) => None,
            })
            .flatten()
            .collect();
        assert_eq!(built.len(), expected.len());
        for ((p, c), (q, d)) in built.iter().zip(&expected) {
            assert!((*p - *q).length() < 1e-3 && c == d, "{p:?} {c:?} is not {q:?} {d:?}");
        }

        let address = Arc::as_ptr(&far.mesh);
        let panned = Transform { origin: t.origin + vec2(7.0, -3.0), zoom: t.zoom };
        let moved = frame(&ctx, &mut far, &scene, panned);
        assert_eq!(Arc::as_ptr(&far.mesh), address, "moved in place, not rebuilt or copied");
        for (v, (p, _)) in moved.vertices.iter().zip(&built) {
            assert!((v.pos - (*p + vec2(7.0, -3.0))).length() < 1e-3);
        }
    }

    #[test]
    fn a_new_zoom_or_a_fraction_of_a_pixel_rebuilds_it() {
        let scene = sample_scene();
        let ctx = egui::Context::default();
        let mut far = FarMesh::default();
        let t = Transform { origin: Pos2::new(0.0, 0.0), zoom: 0.2 };
        frame(&ctx, &mut far, &scene, t);
        let first = far.built_for;
        frame(&ctx, &mut far, &scene, Transform { origin: Pos2::new(0.5, 0.0), zoom: 0.2 });
        assert_ne!(far.built_for, first, "half a pixel off the grid");
        let second = far.built_for;
        frame(&ctx, &mut far, &scene, Transform { origin: Pos2::new(3.5, 0.0), zoom: 0.5 });
        assert_ne!(far.built_for, second, "another zoom, too far to scale");
    }

    #[test]
    fn while_the_zoom_changes_the_mesh_is_scaled_and_once_it_holds_rebuilt_exactly() {
        let scene = sample_scene();
        let ctx = egui::Context::default();
        let mut far = FarMesh::default();
        let origin = Pos2::new(0.0, 0.0);
        let mut built = frame(&ctx, &mut far, &scene, Transform { origin, zoom: 0.2 });
        // egui asks for repaints of its own in its first frames; wait until it is idle.
        for _ in 0..5 {
            if !ctx.has_requested_repaint() {
                break;
            }
            built = frame(&ctx, &mut far, &scene, Transform { origin, zoom: 0.2 });
        }
        assert!(!ctx.has_requested_repaint(), "idle at a zoom that holds still");
        let first = far.built_for;
        // A wheel step: the same mesh, scaled about the origin.
        let scaled = frame(&ctx, &mut far, &scene, Transform { origin, zoom: 0.24 });
        assert_eq!(far.built_for, first, "scaled, not rebuilt");
        assert_eq!(scaled.vertices.len(), built.vertices.len());
        for (v, w) in scaled.vertices.iter().zip(&built.vertices) {
            assert!((v.pos.to_vec2() - w.pos.to_vec2() * 1.2).length() < 1e-3, "{:?} {:?}", v.pos, w.pos);
        }
        assert!(ctx.has_requested_repaint(), "the exact mesh follows on the next frame");
        // The zoom holds still: rebuilt at it, as a fresh mesh would be.
        let exact = frame(&ctx, &mut far, &scene, Transform { origin, zoom: 0.24 });
        assert_ne!(far.built_for, first);
        frame(&ctx, &mut far, &scene, Transform { origin, zoom: 0.24 });
        assert!(!ctx.has_requested_repaint(), "nothing more to do");
        let fresh = frame(&ctx, &mut FarMesh::default(), &scene, Transform { origin, zoom: 0.24 });
        assert_eq!(exact.vertices.len(), fresh.vertices.len());
        for (v, w) in exact.vertices.iter().zip(&fresh.vertices) {
            assert!((v.pos - w.pos).length() < 1e-3);
        }
    }
}
