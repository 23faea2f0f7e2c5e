//! `trustmap export FILE -o OUT.svg|OUT.png`: the diagram drawn with the overlays asked for, as a standalone SVG
//! or a PNG, with the diagram embedded so trustmap opens the file again. The file is written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::input::load_or_report;
use super::{EXIT_OK, EXIT_UNUSABLE, PostureArg, say};
use crate::analysis::analyze_with;
use crate::analysis::blast::Start;
use crate::export::{self, Background, Crop, Input, PngOptions, SvgOptions};
use crate::model::named::{Named as _, clip};
use crate::model::responsibility::Layer;
use crate::model::{Model, Posture};
use crate::scene::{ResponsibilityView, Rgba, Routing, Theme, ViewOptions};

/// The options of `trustmap export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The diagram file (or an exported SVG or PNG), `-` for standard input, or `sample:NAME`.
    pub file: PathBuf,
    /// Where to write: the extension chooses the format (`.svg` or `.png`).
    #[arg(short, long, value_name = "OUT.svg|OUT.png")]
    pub output: PathBuf,
    /// Overlays, comma-separated: threats, responsibility (or responsibility:LAYER), contexts, blast:ID,
    /// blast:actor:internet, blast:actor:insider; `none` for none.
    #[arg(long, value_name = "LIST", default_value = "threats,contexts")]
    pub overlay: String,
    /// Judge the diagram under this posture instead of its own.
    #[arg(long, value_enum)]
    pub posture: Option<PostureArg>,
    /// Colours.
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
    /// Pixels per diagram unit for PNG, 1 to 4.
    #[arg(long, default_value_t = 2.0, value_parser = scale)]
    pub scale: f32,
    /// Leave the diagram out of the file (it then cannot be opened again).
    #[arg(long)]
    pub no_embed: bool,
    /// `solid` (the theme's canvas), `transparent`, or a colour `#rrggbb`.
    #[arg(long, default_value = "solid", value_parser = background)]
    pub background: Background,
    /// Space around the picture, in pixels at 1x.
    #[arg(long, default_value_t = 24.0)]
    pub padding: f32,
    /// `content` (everything) or element ids, comma-separated: only their area is drawn.
    #[arg(long, default_value = "content", value_name = "content|ID,...")]
    pub crop: String,
    /// Numbered circles on the elements of each open finding, with the numbered list.
    #[arg(long)]
    pub callouts: bool,
    /// Leave out the title block.
    #[arg(long)]
    pub no_title: bool,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
    /// Draw flows with straight segments instead of horizontal and vertical ones.
    #[arg(long)]
    pub straight: bool,
    /// SVG text as outlines of the bundled font (same look everywhere; not searchable).
    #[arg(long)]
    pub text_as_paths: bool,
}

/// `--theme`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// Dark text on a light canvas.
    Light,
    /// Light text on a dark canvas.
    Dark,
}

fn scale(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(s) if (1.0..=4.0).contains(&s) => Ok(s),
        _ => Err("a number from 1 to 4".to_owned()),
    }
}

/// Parses `--background`.
pub(crate) fn background(text: &str) -> Result<Background, String> {
    match text {
        "solid" => Ok(Background::Solid),
        "transparent" => Ok(Background::Transparent),
        _ => {
            let hex = text.strip_prefix('#').filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
            let value = hex.and_then(|h| u32::from_str_radix(h, 16).ok()).ok_or("solid, transparent or #rrggbb")?;
            Ok(Background::Color(Rgba { r: (value >> 16) as u8, g: (value >> 8) as u8, b: value as u8, a: 255 }))
        }
    }
}

/// Parses `--overlay` into view options (the blast start is checked against the model).
pub(crate) fn overlays(text: &str, model: &Model) -> Result<ViewOptions, String> {
    let mut view = ViewOptions::default();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty() && *s != "none") {
        match item {
            "threats" => view.threats = true,
            "contexts" => view.contexts = true,
            "responsibility" => view.responsibility = Some(ResponsibilityView::Overall),
            _ => {
                if let Some(layer) = item.strip_prefix("responsibility:") {
                    let layer = Layer::parse(layer).ok_or_else(|| {
                        format!("unknown layer \"{}\" (layers: {})", clip(layer), Layer::spellings().join(", "))
                    })?;
                    view.responsibility = Some(ResponsibilityView::Layer(layer));
                } else if let Some(start) = item.strip_prefix("blast:") {
                    Start::parse(model, start)?;
                    view.blast = Some(start.to_owned());
                } else {
                    return Err(format!(
                        "unknown overlay \"{}\" (overlays: threats, responsibility, responsibility:LAYER, contexts, \
                         blast:ID, blast:actor:internet, blast:actor:insider, none)",
                        clip(item)
                    ));
                }
            }
        }
    }
    Ok(view)
}

/// `--crop`.
pub(crate) fn crop(text: &str, model: &Model) -> Result<Crop, String> {
    if text == "content" {
        return Ok(Crop::Content);
    }
    let ids: Vec<String> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    if ids.is_empty() {
        return Err("--crop needs `content` or element ids".to_owned());
    }
    if let Some(unknown) = ids.iter().find(|id| model.element(id).is_none()) {
        return Err(format!("--crop: no element \"{}\"", clip(unknown)));
    }
    Ok(Crop::Selection(ids))
}

/// The format an output path asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Svg,
    Png,
}

fn kind(path: &Path) -> Option<Kind> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "svg" => Some(Kind::Svg),
        "png" => Some(Kind::Png),
        _ => None,
    }
}

/// The model drawn under `posture` (the embedded diagram keeps its own).
pub(crate) fn drawn_model(model: &Model, posture: Option<PostureArg>) -> Result<Option<Model>, String> {
    let Some(posture) = posture.map(Posture::from) else { return Ok(None) };
    if posture == model.diagram().settings.posture {
        return Ok(None);
    }
    let mut diagram = model.diagram().clone();
    diagram.settings.posture = posture;
    Model::new(diagram).map(Some).map_err(|problems| format!("{} problem(s) under the other posture", problems.len()))
}

pub(super) fn run(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match export(args, out, err) {
        Ok(code) | Err(code) => code,
    }
}

fn export(args: &ExportArgs, _out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, u8> {
    let usage = |err: &mut dyn Write, why: &str| {
        say(err, &format!("trustmap export: {why}"));
        EXIT_UNUSABLE
    };
    let Some(kind) = kind(&args.output) else {
        return Err(usage(err, "the output must end in .svg or .png"));
    };
    let (model, _) = load_or_report(&args.file, err)?;
    let drawn = drawn_model(&model, args.posture).map_err(|why| usage(err, &why))?;
    let shown = drawn.as_ref().unwrap_or(&model);
    let analysis = analyze_with(shown, shown.diagram().settings.posture);
    let mut view = overlays(&args.overlay, shown).map_err(|why| usage(err, &why))?;
    view.theme = match args.theme {
        ThemeArg::Light => Theme::Light,
        ThemeArg::Dark => Theme::Dark,
    };
    view.routing = if args.straight { Routing::Straight } else { Routing::Orthogonal };
    let options = SvgOptions {
        background: args.background,
        padding: args.padding.clamp(0.0, 10_000.0),
        crop: crop(&args.crop, shown).map_err(|why| usage(err, &why))?,
        title_block: !args.no_title,
        legend: !args.no_legend,
        callouts: args.callouts,
        embed_model: !args.no_embed,
        embed_font: true,
        text_as_paths: args.text_as_paths,
    };
    let input = Input { diagram: model.diagram(), model: shown, analysis: Some(&analysis) };
    let bytes = match kind {
        Kind::Svg => export::svg(&input, &view, &options).into_bytes(),
        Kind::Png => {
            let png = PngOptions { scale: args.scale, embed_model: !args.no_embed };
            export::png(&input, &view, &options, &png).map_err(|error| usage(err, &error.to_string()))?
        }
    };
    write_file(&args.output, &bytes, err)?;
    Ok(EXIT_OK)
}

/// Writes an output file atomically; exit code 2 with a message when it cannot be written.
pub(crate) fn write_file(path: &Path, bytes: &[u8], err: &mut dyn Write) -> Result<(), u8> {
    crate::io::fs::write_atomic(path, bytes).map_err(|error| {
        say(err, &format!("{}: cannot write: {error}", path.display()));
        EXIT_UNUSABLE
    })
}
