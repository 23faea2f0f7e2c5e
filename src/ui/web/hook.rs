//! What the browser tests (`wasm/test`) can see of the app: egui paints pixels into a canvas, so there is no DOM to
//! query. An egui plugin that looks at each finished frame:
//!
//! - always: sets `performance.mark("first-frame")` when egui hands its first non-empty frame to the painter (the
//!   paint follows in the same task), so the time from navigation to the first drawn frame can be read;
//! - only when the page URL has the query parameter `test-hook` (`index.html?test-hook`): whenever the painted text
//!   changes, writes it as JSON into the `data-trustmap-test` attribute of the `<html>` element:
//!
//! ```json
//! {"pixels_per_point": 1.0,
//!  "texts": [{"text": "Public ALB", "rect": [x, y, w, h], "clip": [x, y, w, h], "card": [x, y, w, h]}]}
//! ```
//!
//! Rectangles are `[x, y, width, height]` in egui points from the canvas's top-left corner (CSS pixels at a page
//! zoom of 100 %). `clip` is the area the text was clipped to (the diagram canvas for labels on it); `card` is the
//! smallest filled rectangle painted around the text's centre (a component's box), or `null`. Entries are sorted
//! by text, then position. Later tests read more state by adding fields here.
//!
//! With `test-panic` in the query the app panics at its first frame, so a test can check that a panic reaches the
//! page as a message (see `super::show_panics_on_the_page`).

use egui::emath::TSTransform;
use egui::epaint::{ClippedShape, Shape};
use egui::{Context, FullOutput, Rect};

/// Adds the hook to the app's egui context.
pub fn install(ctx: &Context) {
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let asks = |name: &str| query.trim_start_matches('?').split('&').any(|p| p.split('=').next() == Some(name));
    ctx.add_plugin(Hook {
        publish: asks("test-hook"),
        panic: asks("test-panic"),
        marked: false,
        published: String::new(),
    });
}

struct Hook {
    /// Whether the page asked for the painted text (`?test-hook`).
    publish: bool,
    /// Whether the page asked for a panic (`?test-panic`).
    panic: bool,
    /// Whether `first-frame` was marked.
    marked: bool,
    /// The JSON last written, so an unchanged frame writes nothing.
    published: String,
}

impl egui::plugin::Plugin for Hook {
    fn debug_name(&self) -> &'static str {
        "trustmap web hook"
    }

    fn output_hook(&mut self, _ctx: &Context, output: &mut FullOutput) {
        if output.shapes.is_empty() {
            return;
        }
        if !self.marked {
            self.marked = true;
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                performance.mark("first-frame").ok();
            }
        }
        #[expect(clippy::panic, reason = "on request only: proves that a panic shows on the page")]
        if self.panic {
            panic!("test-panic: the page asked for a panic");
        }
        if self.publish {
            let json = painted_text(output);
            if json != self.published
                && let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
            {
                root.set_attribute("data-trustmap-test", &json).ok();
                self.published = json;
            }
        }
    }
}

/// The frame's text shapes with their clip and surrounding card, as the JSON described above.
fn painted_text(output: &FullOutput) -> String {
    let mut texts = Vec::new();
    let mut filled = Vec::new();
    for ClippedShape { clip_rect, shape, transform_after_tessellation } in &output.shapes {
        collect(shape, *clip_rect, *transform_after_tessellation, &mut texts, &mut filled);
    }
    crate::sorting::sort_by(&mut texts, |a, b| {
        a.0.cmp(&b.0).then(a.1.min.y.total_cmp(&b.1.min.y)).then(a.1.min.x.total_cmp(&b.1.min.x))
    });
    let entries: Vec<serde_json::Value> = texts
        .iter()
        .map(|(text, rect, clip)| {
            let card = filled
                .iter()
                .filter(|r| r.contains(rect.center()))
                .min_by(|a, b| a.area().total_cmp(&b.area()))
                .map(|r| xywh(*r));
            serde_json::json!({ "text": text, "rect": xywh(*rect), "clip": xywh(*clip), "card": card })
        })
        .collect();
    serde_json::json!({ "pixels_per_point": output.pixels_per_point, "texts": entries }).to_string()
}

/// Gathers texts (text, screen rectangle, clip) and the screen rectangles of filled rectangles.
fn collect(
    shape: &Shape,
    clip: Rect,
    transform: TSTransform,
    texts: &mut Vec<(String, Rect, Rect)>,
    filled: &mut Vec<Rect>,
) {
    match shape {
        Shape::Vec(shapes) => shapes.iter().for_each(|s| collect(s, clip, transform, texts, filled)),
        Shape::Text(text) if !text.galley.text().trim().is_empty() => {
            texts.push((text.galley.text().to_owned(), transform * text.visual_bounding_rect(), clip));
        }
        Shape::Rect(rect) if rect.fill.a() > 0 => filled.push((transform * rect.rect).intersect(clip)),
        _ => {}
    }
}

/// `[x, y, width, height]`, rounded to a tenth of a point so the JSON stays stable and short.
fn xywh(rect: Rect) -> [f64; 4] {
    let round = |v: f32| (f64::from(v) * 10.0).round() / 10.0;
    [round(rect.min.x), round(rect.min.y), round(rect.width()), round(rect.height())]
}
