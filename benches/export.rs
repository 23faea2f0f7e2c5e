//! Export speed: the SVG of a synthetic 5,000-component diagram with every overlay (threat badges, blast radius
//! from the internet, responsibility, context metrics) and callouts, from a built scene and including the scene;
//! the PNG of `samples/enterprise.json` at 1x, 2x and 4x; and the PNG of the 5k diagram at 1x (or its refusal over
//! 64 megapixels).
//!
//! Run: `cargo bench --no-default-features --bench export [-- --quick | --stress | --profile | --profile-png]`
//! (release profile; `--stress`: a 5k estate with many findings). Prints medians of
//! repeated runs. Targets: SVG of 5k with all overlays <= 100 ms; PNG of enterprise at 4x <= 1 s.

#[path = "support/synth.rs"]
mod synth;
#[path = "support/timing.rs"]
mod timing;

use std::time::Duration;
use timing::time;

use trustmap::analysis::analyze;
use trustmap::export::{self, Input, PngOptions, SvgOptions};
use trustmap::io::samples;
use trustmap::model::Model;
use trustmap::scene::ViewOptions;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let profile = std::env::args().any(|a| a == "--profile");
    let runs = if quick { 3 } else { 10 };
    let style = if std::env::args().any(|a| a == "--stress") { synth::Style::Stress } else { synth::Style::Realistic };
    let model = match Model::new(synth::diagram(5_000, 42, style)) {
        Ok(model) => model,
        Err(problems) => {
            eprintln!("synthetic diagram invalid: {}", problems[0]);
            std::process::exit(1);
        }
    };
    let analysis = analyze(&model);
    let input = Input::new(&model, Some(&analysis));
    let view = ViewOptions::all_overlays();
    let options = SvgOptions { callouts: true, ..SvgOptions::default() };
    let scene = export::build_scene(&input, &view);
    let svg = export::svg_of_scene(&input, &scene, &options);
    if std::env::args().any(|a| a == "--profile-png") {
        // Enterprise at 2x, a few times, for `perf record`.
        let Some(model) = samples::find("enterprise").and_then(|s| s.model().ok()) else { return };
        let analysis = analyze(&model);
        let input = Input::new(&model, Some(&analysis));
        let png = PngOptions { scale: 2.0, embed_model: true };
        let total: usize = (0..3).map(|_| export::png(&input, &view, &options, &png).map_or(0, |b| b.len())).sum();
        println!("{total}");
        return;
    }
    if profile {
        // A long loop of 5k SVG writes, for `perf record`.
        let total: usize = (0..30).map(|_| export::svg_of_scene(&input, &scene, &options).len()).sum();
        println!("{total}");
        return;
    }
    let from_scene = time(runs, || export::svg_of_scene(&input, &scene, &options).len());
    let whole = time(runs, || export::svg(&input, &view, &options).len());
    let plain = SvgOptions { embed_model: false, embed_font: false, ..options.clone() };
    let bare = time(runs, || export::svg_of_scene(&input, &scene, &plain).len());
    println!(
        "SVG, {} components, {} flows, all overlays + callouts: {:.1} ms from the scene ({:.1} ms without model and \
         font), {:.1} ms with the scene; {:.1} MB",
        model.components().len(),
        model.flows().len(),
        ms(from_scene),
        ms(bare),
        ms(whole),
        svg.len() as f64 / 1e6
    );
    let png = PngOptions { scale: 1.0, embed_model: true };
    let started = std::time::Instant::now();
    match export::png(&input, &view, &options, &png) {
        Ok(bytes) => {
            println!(
                "PNG of the 5k diagram at 1x: {:.0} ms, {:.1} MB",
                ms(started.elapsed()),
                bytes.len() as f64 / 1e6
            );
        }
        Err(error) => println!("PNG of the 5k diagram at 1x: refused after {:.0} ms: {error}", ms(started.elapsed())),
    }

    let Some(model) = samples::find("enterprise").and_then(|s| s.model().ok()) else {
        eprintln!("no enterprise sample");
        std::process::exit(1);
    };
    let analysis = analyze(&model);
    let input = Input::new(&model, Some(&analysis));
    for scale in [1.0, 2.0, 4.0] {
        let png = PngOptions { scale, embed_model: true };
        let mut size = 0;
        let t = time(if quick { 1 } else { 3 }, || {
            let bytes = export::png(&input, &view, &options, &png).map(|b| b.len()).unwrap_or(0);
            size = bytes;
            bytes
        });
        println!(
            "PNG of samples/enterprise.json at {scale}x, all overlays: {:.0} ms, {:.1} MB",
            ms(t),
            size as f64 / 1e6
        );
        breakdown(&input, &view, &options, scale);
    }
}

/// Where the time of one PNG goes.
pub fn breakdown(input: &Input<'_>, view: &ViewOptions, options: &SvgOptions, scale: f32) {
    let plain = SvgOptions { embed_model: false, embed_font: false, text_as_paths: true, ..options.clone() };
    let t = std::time::Instant::now();
    let svg = export::svg(input, view, &plain);
    let write = t.elapsed();
    let t = std::time::Instant::now();
    let Ok(tree) = export::png::parse(&svg) else { return };
    let parse = t.elapsed();
    let t = std::time::Instant::now();
    let pixmap = match export::png::rasterise(&tree, scale) {
        Ok(pixmap) => pixmap,
        Err(error) => {
            println!("  at {scale}x: {error}");
            return;
        }
    };
    let render = t.elapsed();
    let pixels = u64::from(pixmap.width()) * u64::from(pixmap.height());
    let t = std::time::Instant::now();
    let json = trustmap::io::to_json(input.diagram);
    let bytes = export::png::encode_pixmap(pixmap, Some(&json)).map(|b| b.len()).unwrap_or(0);
    let encode = t.elapsed();
    println!(
        "  at {scale}x ({:.1} MP, {:.1} MB): scene + SVG (text as outlines) {:.0} ms, usvg parse {:.0} ms, render {:.0} ms, encode {:.0} ms",
        pixels as f64 / 1e6,
        bytes as f64 / 1e6,
        ms(write),
        ms(parse),
        ms(render),
        ms(encode)
    );
}
