//! Scene speed on synthetic diagrams of 1k, 5k and 20k components (3 flows each): building the scene with every
//! overlay (threat badges, blast radius from the internet, responsibility, context metrics; orthogonal routing),
//! with the diagram's own grid layout and with no layout (every component placed by the scene), from nothing and
//! (`rebuilt`) in the lists of the scene it replaces as the editor does after an edit, plus the blast
//! radius the caller computes beforehand, a hit test, culling to a screen-sized view and the hover overlay.
//!
//! Run: `cargo bench --bench scene [-- --quick | --stress | --n 5000 | --profile [--placed] [--rebuild] | --dump |
//! --crossings]` (release profile; `--crossings`: how many flows of the 5k scenes run through a card;
//! `--stress`: many findings; `--dump [--rebuild]`: the 5k scenes as text, to compare builds). Prints medians of repeated runs.
//! Target: <= 10 ms at 5k.

#[path = "support/synth.rs"]
mod synth;
#[path = "support/timing.rs"]
mod timing;

use std::time::Duration;
use timing::time;

use trustmap::analysis::analyze;
use trustmap::model::Model;
use trustmap::scene::{self, Focus, Inputs, Pt, Rect, Routing, ViewOptions};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Builds the scene in the lists of the one `shown` (as the editor does after an edit) and shows it.
fn rebuild(inputs: &Inputs<'_>, options: &ViewOptions, shown: &mut Option<scene::Scene>) -> usize {
    let next = match shown.take() {
        Some(old) => scene::rebuild(inputs, options, old),
        None => scene::build(inputs, options),
    };
    shown.insert(next).cards.len()
}

/// Whether an orthogonal polyline runs through the inside of a card other than the two it joins (those whose
/// border holds its first or last point).
fn crosses_a_card(points: &[Pt], cards: &[scene::Card]) -> bool {
    let (Some(&first), Some(&last)) = (points.first(), points.last()) else { return false };
    cards.iter().any(|card| {
        let (outer, inner) = (card.rect.expand(1.0), card.rect.expand(-1.0));
        !outer.contains(first)
            && !outer.contains(last)
            && points.windows(2).any(|w| {
                let (x0, x1) = (w[0].x.min(w[1].x), w[0].x.max(w[1].x));
                let (y0, y1) = (w[0].y.min(w[1].y), w[0].y.max(w[1].y));
                x1 > inner.x && x0 < inner.right() && y1 > inner.y && y0 < inner.bottom()
            })
    })
}

/// Calls `f` with the inputs and options (every overlay) of the 5k scene, with its grid layout, then placed.
fn each_5k_scene(style: synth::Style, mut f: impl FnMut(&str, &Inputs<'_>, &ViewOptions)) {
    for placed in [false, true] {
        let mut diagram = synth::diagram(5_000, 42, style);
        if placed {
            diagram.layout.components.clear();
        }
        if let Ok(model) = Model::new(diagram) {
            let analysis = analyze(&model);
            let options = ViewOptions::all_overlays();
            let blast = scene::blast_radius(&model, &options);
            let inputs = Inputs { model: &model, analysis: Some(&analysis), blast: blast.as_ref() };
            f(if placed { "placed" } else { "grid" }, &inputs, &options);
        }
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let style = if std::env::args().any(|a| a == "--stress") { synth::Style::Stress } else { synth::Style::Realistic };
    if std::env::args().any(|a| a == "--dump") {
        // The 5k scene with every overlay (grid layout, then placed) as text, to compare two builds' output.
        each_5k_scene(style, |_, inputs, options| {
            let built = if std::env::args().any(|a| a == "--rebuild") {
                // In the lists of a scene built with other options.
                let plain = ViewOptions::default();
                scene::rebuild(inputs, options, scene::build(inputs, &plain))
            } else {
                scene::build(inputs, options)
            };
            println!("{}", built.dump());
            // Every item in full (floats to the bit), the spatial index aside.
            let items = (&built.regions, &built.flows, &built.cards, &built.notes, &built.badges, &built.labels);
            println!("{items:?}\n{:?}\n{:?}", built.legend, built.title);
        });
        return;
    }
    if std::env::args().any(|a| a == "--crossings") {
        // How well the 5k scenes are routed: flows that pass through a card other than their own ends.
        each_5k_scene(style, |layout, inputs, options| {
            let built = scene::build(inputs, options);
            let crossing = built.flows.iter().filter(|f| crosses_a_card(&f.points, &built.cards)).count();
            println!("{layout}: {crossing} of {} flows pass through a card", built.flows.len());
        });
        return;
    }
    if std::env::args().any(|a| a == "--profile") {
        // A long loop of 5k scene builds with every overlay, for `perf record`.
        let placed = std::env::args().any(|a| a == "--placed");
        let mut diagram = synth::diagram(5_000, 42, style);
        if placed {
            diagram.layout.components.clear();
        }
        if let Ok(model) = Model::new(diagram) {
            let analysis = analyze(&model);
            let mut options = ViewOptions::all_overlays();
            if std::env::args().any(|a| a == "--straight") {
                options.routing = Routing::Straight;
            }
            let blast = scene::blast_radius(&model, &options);
            let inputs = Inputs { model: &model, analysis: Some(&analysis), blast: blast.as_ref() };
            let builds: usize =
                std::env::args().skip_while(|a| a != "--builds").nth(1).and_then(|n| n.parse().ok()).unwrap_or(50);
            let total: usize = if std::env::args().any(|a| a == "--rebuild") {
                // As the editor does: each scene built in the lists of the one it replaces.
                let mut shown = None;
                (0..builds).map(|_| rebuild(&inputs, &options, &mut shown)).sum()
            } else {
                (0..builds).map(|_| scene::build(&inputs, &options).cards.len()).sum()
            };
            println!("{total}");
        }
        return;
    }
    println!("style: {style:?}");
    println!(
        "{:>7} {:>7} {:>10} {:>14} {:>14} {:>14} {:>12} {:>10} {:>10} {:>10}",
        "n", "flows", "layout", "scene (all)", "rebuilt", "straight", "blast", "hit", "cull", "hover"
    );
    let only: Option<usize> = std::env::args().skip_while(|a| a != "--n").nth(1).and_then(|n| n.parse().ok());
    for n in [1_000, 5_000, 20_000].into_iter().filter(|n| only.is_none_or(|o| o == *n)) {
        for placed in [false, true] {
            let mut diagram = synth::diagram(n, 42, style);
            if placed {
                diagram.layout.components.clear();
            }
            let model = match Model::new(diagram) {
                Ok(model) => model,
                Err(problems) => {
                    eprintln!("synthetic diagram invalid: {}", problems[0]);
                    std::process::exit(1);
                }
            };
            let runs = if quick {
                3
            } else if n >= 20_000 {
                10
            } else {
                30
            };
            let analysis = analyze(&model);
            let options = ViewOptions::all_overlays();
            let blast_time = time(runs, || scene::blast_radius(&model, &options).map(|b| b.reached.len()));
            let blast = scene::blast_radius(&model, &options);
            let inputs = Inputs { model: &model, analysis: Some(&analysis), blast: blast.as_ref() };
            // Each scene is dropped when the next has been built, as a painter replaces the scene it shows (the
            // drop is timed too).
            let mut shown = None;
            let build = time(runs, || shown.insert(scene::build(&inputs, &options)).cards.len());
            drop(shown);
            let mut shown = None;
            let rebuilt = time(runs, || rebuild(&inputs, &options, &mut shown));
            let straight_options = ViewOptions { routing: Routing::Straight, ..options.clone() };
            let straight = time(runs, || scene::build(&inputs, &straight_options).cards.len());
            let built = scene::build(&inputs, &options);
            let c = built.bounds.center();
            let hit = time(runs, || built.hit(Pt { x: c.x, y: c.y }, 4.0));
            let view = Rect { x: c.x - 960.0, y: c.y - 540.0, w: 1920.0, h: 1080.0 };
            let cull = time(runs, || built.visible(&view).cards.len());
            let ids: Vec<&str> = built.cards.iter().take(10).map(|c| c.id.as_str()).collect();
            let hovered = built.flows.first().map(|f| f.id.as_str());
            let hover = time(runs, || built.overlay(&Focus { selected: &ids, hovered, highlighted: &[] }).len());
            println!(
                "{:>7} {:>7} {:>10} {:>11.2} ms {:>11.2} ms {:>11.2} ms {:>9.2} ms {:>7.3} ms {:>7.3} ms {:>7.3} ms",
                model.components().len(),
                model.flows().len(),
                if placed { "placed" } else { "grid" },
                ms(build),
                ms(rebuilt),
                ms(straight),
                ms(blast_time),
                ms(hit),
                ms(cull),
                ms(hover),
            );
        }
    }
}
