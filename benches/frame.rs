//! Editor frame time, headless: the whole editor (panels, canvas, overlays) run through `egui::Context::run_ui`
//! and tessellated, with no window and no GPU, on synthetic diagrams of 500, 2,000 and 10,000 components.
//!
//! - Panning: the middle button held and the pointer moving 7 px a frame, at zoom-to-fit, at 100 % and at 26 % (far
//!   out with part of the diagram in view); median CPU time of a frame (run + tessellation). Targets: <= 8 ms at
//!   2,000 and <= 16 ms at 10,000.
//! - Zooming at fit: 4 % a frame about the middle of the view (a pinch or Ctrl+wheel); median frame.
//! - Editing: one property changed on a 5,000-component diagram, then the next frame (re-analysis, scene rebuild,
//!   paint and tessellation). Target: <= 33 ms.
//!
//! Run: `cargo bench --bench frame [-- --quick | --stress | --n 2000]` (release profile; `--stress`: many findings;
//! `--n`: that size only, without the editing frame; `--edit`: only the editing frame; `--stats`: what a frame at
//! 100 % and at fit hands to the GPU; `--save FILE`: write the diagram of `--n` components to FILE and stop, to open
//! it in the editor). Prints medians;
//! "idle" is a frame with no input (what an open window costs while nothing happens).

#[path = "support/synth.rs"]
mod synth;
#[path = "support/timing.rs"]
mod timing;

use std::time::{Duration, Instant};

use egui::{Event, Modifiers, PointerButton, RawInput, pos2, vec2};
use trustmap::edit::ops;
use trustmap::model::props::PropertyKey;
use trustmap::ui::App;

const SCREEN: egui::Vec2 = vec2(1600.0, 1000.0);

fn input(events: Vec<Event>, time: f64) -> RawInput {
    RawInput {
        screen_rect: Some(egui::Rect::from_min_size(pos2(0.0, 0.0), SCREEN)),
        events,
        time: Some(time),
        ..RawInput::default()
    }
}

/// Ctrl (Cmd) and `key` pressed.
fn command(key: egui::Key) -> Event {
    Event::Key { key, physical_key: None, pressed: true, repeat: false, modifiers: Modifiers::COMMAND }
}

/// One frame: run the editor and tessellate its shapes; returns the CPU time.
fn frame(ctx: &egui::Context, app: &mut App, events: Vec<Event>, clock: &mut f64) -> Duration {
    *clock += 1.0 / 60.0;
    let started = Instant::now();
    let output = ctx.run_ui(input(events, *clock), |ui| app.ui_contents(ui));
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives);
    started.elapsed()
}

/// What one frame with no input hands to the GPU: shapes, primitives (meshes), vertices and indices.
fn stats(ctx: &egui::Context, app: &mut App, clock: &mut f64) -> (usize, usize, usize, usize) {
    *clock += 1.0 / 60.0;
    let output = ctx.run_ui(input(Vec::new(), *clock), |ui| app.ui_contents(ui));
    let shapes = output.shapes.len();
    if std::env::args().any(|a| a == "--kinds") {
        let mut kinds = std::collections::BTreeMap::<String, usize>::new();
        for s in &output.shapes {
            let name = format!("{:?}", s.shape);
            let kind = name.split(['(', ' ', '{']).next().unwrap_or("").to_owned();
            *kinds.entry(kind).or_default() += 1;
        }
        println!("         {kinds:?}");
    }
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    let (mut vertices, mut indices) = (0, 0);
    for p in &primitives {
        if let egui::epaint::Primitive::Mesh(mesh) = &p.primitive {
            vertices += mesh.vertices.len();
            indices += mesh.indices.len();
        }
    }
    (shapes, primitives.len(), vertices, indices)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median frame time while panning with the middle button.
fn panning(ctx: &egui::Context, app: &mut App, frames: usize, clock: &mut f64) -> Duration {
    let start = pos2(700.0, 500.0);
    frame(ctx, app, vec![Event::PointerMoved(start)], clock);
    let press =
        Event::PointerButton { pos: start, button: PointerButton::Middle, pressed: true, modifiers: Modifiers::NONE };
    frame(ctx, app, vec![press], clock);
    let mut samples = Vec::with_capacity(frames);
    for i in 0..frames {
        let dx = if (i / 20) % 2 == 0 { 7.0 } else { -7.0 };
        let at = start + vec2(dx * (i % 20) as f32, 0.0);
        samples.push(frame(ctx, app, vec![Event::PointerMoved(at)], clock));
    }
    let release =
        Event::PointerButton { pos: start, button: PointerButton::Middle, pressed: false, modifiers: Modifiers::NONE };
    frame(ctx, app, vec![release], clock);
    timing::median(samples)
}

/// Median frame time while zooming about the middle of the view (a pinch or Ctrl+wheel: 4 % a frame, in for ten
/// frames and out for ten), from where the view is.
fn zooming(ctx: &egui::Context, app: &mut App, frames: usize, clock: &mut f64) -> Duration {
    frame(ctx, app, vec![Event::PointerMoved(pos2(700.0, 500.0))], clock);
    let mut samples = Vec::with_capacity(frames);
    for i in 0..frames {
        let factor = if (i / 10) % 2 == 0 { 1.04 } else { 1.0 / 1.04 };
        samples.push(frame(ctx, app, vec![Event::Zoom(factor)], clock));
    }
    // The zoom holds still: the frame that settles it is not counted.
    frame(ctx, app, Vec::new(), clock);
    timing::median(samples)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let frames = if quick { 20 } else { 60 };
    let style = if std::env::args().any(|a| a == "--stress") { synth::Style::Stress } else { synth::Style::Realistic };
    println!("editor frame, headless (run_ui + tessellate), {}x{} screen", SCREEN.x, SCREEN.y);
    println!(
        "{:>8} {:>14} {:>14} {:>14} {:>14} {:>14}",
        "comps", "idle (ms)", "pan fit (ms)", "zoom fit (ms)", "pan 100% (ms)", "pan 26% (ms)"
    );
    let only: Option<usize> = std::env::args().skip_while(|a| a != "--n").nth(1).and_then(|n| n.parse().ok());
    if let Some(file) = std::env::args().skip_while(|a| a != "--save").nth(1) {
        let diagram = synth::diagram(only.unwrap_or(10_000), 7, style);
        if let Err(error) = std::fs::write(&file, trustmap::io::to_json(&diagram)) {
            eprintln!("frame: cannot write {file}: {error}");
        }
        return;
    }
    let edit_only = std::env::args().any(|a| a == "--edit");
    for n in [500, 2_000, 10_000].into_iter().filter(|n| !edit_only && only.is_none_or(|o| o == *n)) {
        let ctx = egui::Context::default();
        trustmap::ui::install_fonts(&ctx);
        let mut app = App::with_diagram(synth::diagram(n, 7, style));
        let mut clock = 0.0;
        // Warm-up: the first frames build the scene, rasterise icons and lay out text.
        for _ in 0..3 {
            frame(&ctx, &mut app, Vec::new(), &mut clock);
        }
        let idle = timing::time(frames, || frame(&ctx, &mut app, Vec::new(), &mut clock));
        let fit = panning(&ctx, &mut app, frames, &mut clock);
        let zoom = zooming(&ctx, &mut app, frames, &mut clock);
        let fit_stats = std::env::args().any(|a| a == "--stats").then(|| stats(&ctx, &mut app, &mut clock));
        frame(&ctx, &mut app, vec![command(egui::Key::Num0)], &mut clock);
        let full = panning(&ctx, &mut app, frames, &mut clock);
        let full_stats = std::env::args().any(|a| a == "--stats").then(|| stats(&ctx, &mut app, &mut clock));
        // Zoomed out to 26 % (six steps of 80 %): far-out detail with only part of the diagram in view.
        for _ in 0..6 {
            frame(&ctx, &mut app, vec![command(egui::Key::Minus)], &mut clock);
        }
        let far = panning(&ctx, &mut app, frames, &mut clock);
        println!("{n:>8} {:>14.2} {:>14.2} {:>14.2} {:>14.2} {:>14.2}", ms(idle), ms(fit), ms(zoom), ms(full), ms(far));
        if let Some((shapes, primitives, vertices, indices)) = full_stats {
            println!("         at 100 %: {shapes} shapes, {primitives} meshes, {vertices} vertices, {indices} indices");
            if let Some((shapes, primitives, vertices, indices)) = fit_stats {
                println!("         fit: {shapes} shapes, {primitives} meshes, {vertices} vertices, {indices} indices");
            }
        }
    }

    if only.is_some() {
        return;
    }
    let n = 5_000;
    let ctx = egui::Context::default();
    trustmap::ui::install_fonts(&ctx);
    let mut app = App::with_diagram(synth::diagram(n, 7, style));
    let mut clock = 0.0;
    for _ in 0..3 {
        frame(&ctx, &mut app, Vec::new(), &mut clock);
    }
    let (mut samples, mut applies, mut idles) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..if quick { 5 } else { 11 } {
        let diagram = app.workspace().diagram();
        let Some(target) = diagram.components.iter().find(|c| c.kind.to_string() == "rds-database") else { break };
        let value = serde_json::Value::Bool(i % 2 == 0);
        let Ok(edit) = ops::set_property(diagram, &target.id, PropertyKey::EncryptionAtRest, &value) else { break };
        let started = Instant::now();
        if app.apply("set encrypted at rest", edit).is_err() {
            break;
        }
        applies.push(started.elapsed());
        frame(&ctx, &mut app, Vec::new(), &mut clock);
        samples.push(started.elapsed());
        let idle = Instant::now();
        frame(&ctx, &mut app, Vec::new(), &mut clock);
        idles.push(idle.elapsed());
    }
    println!(
        "edit a property on {n} components, then the next frame (re-analysis included): {:.1} ms \
         (the edit and its analysis {:.1} ms; the frame after without an edit {:.1} ms)",
        ms(timing::median(samples)),
        ms(timing::median(applies)),
        ms(timing::median(idles))
    );
}
