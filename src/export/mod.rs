//! Exports for design docs: the scene painted as a standalone SVG ([`svg`]) and as a PNG rendered from that SVG
//! with resvg ([`png`], text as glyph outlines: resvg is built without text layout), both carrying the diagram so
//! trustmap can open them again (`io::diagram_json` reads it back).
//!
//! The SVG writer is the second painter of the scene (the egui canvas is the first): same primitives, same
//! palette tokens, same lines of text broken with the bundled font, whose used glyphs are embedded. Pure code: no
//! egui, no files, no clock; equal inputs give equal bytes.

mod chrome;
mod embed;
mod font;
mod glyphs;
pub mod png;
mod svg;
pub mod xml;

pub use chrome::numbered_findings;
pub use font::subset as font_subset;
pub use glyphs::text_path;
pub use png::{MAX_PIXELS, PngError, PngOptions, png, png_of_svg, usvg_options};

use crate::analysis::Analysis;
use crate::model::{Diagram, Model};
use crate::scene::{self, Inputs, Rgba, Scene, ViewOptions};

/// What an export draws from.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The document as it is saved (embedded in the export; with a lenient open, its unreadable parts too).
    pub diagram: &'a Diagram,
    /// The checked model drawn (for a document with problems, its sound part).
    pub model: &'a Model,
    /// Its analysis: threat badges, callouts, responsibility, context metrics, the title block's figures.
    pub analysis: Option<&'a Analysis>,
}

impl<'a> Input<'a> {
    /// A model drawn and embedded as it is.
    pub fn new(model: &'a Model, analysis: Option<&'a Analysis>) -> Self {
        Self { diagram: model.diagram(), model, analysis }
    }
}

/// Behind the picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Background {
    /// Nothing: the page shows through.
    Transparent,
    /// The theme's canvas colour.
    #[default]
    Solid,
    /// A colour of the caller's choice.
    Color(Rgba),
}

/// Which part of the diagram to draw.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Crop {
    /// Everything drawn.
    #[default]
    Content,
    /// The elements with these ids (with their badges and labels); nothing else outside their area.
    Selection(Vec<String>),
}

/// How an SVG is written.
#[derive(Clone, Debug, PartialEq)]
pub struct SvgOptions {
    /// Behind the picture.
    pub background: Background,
    /// Space around everything, in diagram units (pixels at 1x).
    pub padding: f32,
    /// Content or a selection.
    pub crop: Crop,
    /// The title block (title, posture, total risk, open findings) above the diagram.
    pub title_block: bool,
    /// The legend for what is shown, below the diagram.
    pub legend: bool,
    /// Numbered circles on the elements of each open finding, and the numbered list beside the legend.
    pub callouts: bool,
    /// The diagram's JSON in `<metadata>`, so trustmap opens the file again.
    pub embed_model: bool,
    /// The glyphs of the bundled font the picture uses, as a `data:` `@font-face`, so browsers draw what resvg
    /// draws.
    pub embed_font: bool,
    /// Text as outlines of the bundled font's glyphs instead of `<text>` (no font embedded): looks the same
    /// everywhere, but is not searchable. What PNG export renders.
    pub text_as_paths: bool,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self {
            background: Background::Solid,
            padding: 24.0,
            crop: Crop::Content,
            title_block: true,
            legend: true,
            callouts: false,
            embed_model: true,
            embed_font: true,
            text_as_paths: false,
        }
    }
}

/// Builds the scene `view` asks for and writes it as an SVG document.
pub fn svg(input: &Input<'_>, view: &ViewOptions, options: &SvgOptions) -> String {
    let scene = build_scene(input, view);
    svg_of_scene(input, &scene, options)
}

/// The scene of an export: `view` at full detail.
pub fn build_scene(input: &Input<'_>, view: &ViewOptions) -> Scene {
    let view = ViewOptions { detail: scene::Detail::Full, ..view.clone() };
    let blast = scene::blast_radius(input.model, &view);
    scene::build(&Inputs { model: input.model, analysis: input.analysis, blast: blast.as_ref() }, &view)
}

/// Writes an already built scene (the editor's, for instance) as an SVG document.
pub fn svg_of_scene(input: &Input<'_>, scene: &Scene, options: &SvgOptions) -> String {
    svg::document(scene, input, options)
}

/// The format of a threat report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown, with the diagram as an SVG file beside it.
    Markdown,
    /// One standalone HTML page with the diagram inline.
    Html,
}

/// What a report export writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFiles {
    /// The report.
    pub text: String,
    /// The diagram to write beside a Markdown report under the `svg_file` name given (none for HTML).
    pub svg: Option<String>,
}

/// The threat report of `input` (which needs its analysis) with the diagram drawn as `view` asks: `source` names
/// the diagram in the text; a Markdown report links the diagram as `svg_file`.
pub fn report(
    input: &Input<'_>,
    view: &ViewOptions,
    format: ReportFormat,
    source: &str,
    svg_file: &str,
) -> Option<ReportFiles> {
    use crate::report::{Report, document, full};
    let analysis = input.analysis?;
    let html = format == ReportFormat::Html;
    // Inline in HTML the page is what is shared, so the model stays out; the SVG beside Markdown keeps it.
    let options = SvgOptions { callouts: true, embed_model: !html, ..SvgOptions::default() };
    let svg = svg(input, view, &options);
    let report = Report::new(input.model, analysis, source);
    let blocks = full::blocks(&report, Some(&full::Diagram { svg: &svg, file: svg_file }));
    Some(if html {
        let title = if report.title().is_empty() { "Untitled diagram" } else { report.title() };
        ReportFiles { text: document::to_html(&format!("Threat report: {title}"), &blocks), svg: None }
    } else {
        ReportFiles { text: document::to_markdown(&blocks), svg: Some(svg) }
    })
}
