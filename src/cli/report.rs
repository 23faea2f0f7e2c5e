//! `trustmap report FILE -o OUT.md|OUT.html`: the threat report for a design doc. Markdown gets the diagram as
//! `OUT.svg` beside it (with the diagram embedded); HTML is one standalone page with the SVG inline.

use std::io::Write;
use std::path::PathBuf;

use super::export::{ThemeArg, drawn_model, overlays, write_file};
use super::input::load_or_report;
use super::{EXIT_OK, EXIT_UNUSABLE, PostureArg, say};
use crate::analysis::analyze_with;
use crate::export::{self, Input, ReportFormat};
use crate::scene::Theme;

/// The options of `trustmap report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The diagram file (or an exported SVG or PNG), `-` for standard input, or `sample:NAME`.
    pub file: PathBuf,
    /// Where to write: `.md` (with `OUT.svg` beside it) or `.html` (standalone).
    #[arg(short, long, value_name = "OUT.md|OUT.html")]
    pub output: PathBuf,
    /// Judge the diagram under this posture instead of its own.
    #[arg(long, value_enum)]
    pub posture: Option<PostureArg>,
    /// Overlays on the diagram (as for `export`).
    #[arg(long, value_name = "LIST", default_value = "threats,contexts")]
    pub overlay: String,
    /// Colours of the diagram.
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
}

pub(super) fn run(args: &ReportArgs, _out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match report(args, err) {
        Ok(()) => EXIT_OK,
        Err(code) => code,
    }
}

fn report(args: &ReportArgs, err: &mut dyn Write) -> Result<(), u8> {
    let usage = |err: &mut dyn Write, why: &str| {
        say(err, &format!("trustmap report: {why}"));
        EXIT_UNUSABLE
    };
    let extension = args.output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let html = match extension.as_deref() {
        Some("md" | "markdown") => false,
        Some("html" | "htm") => true,
        _ => return Err(usage(err, "the output must end in .md or .html")),
    };
    let (model, _) = load_or_report(&args.file, err)?;
    let drawn = drawn_model(&model, args.posture).map_err(|why| usage(err, &why))?;
    let shown = drawn.as_ref().unwrap_or(&model);
    let analysis = analyze_with(shown, shown.diagram().settings.posture);
    let mut view = overlays(&args.overlay, shown).map_err(|why| usage(err, &why))?;
    view.theme = if args.theme == ThemeArg::Dark { Theme::Dark } else { Theme::Light };
    let input = Input { diagram: model.diagram(), model: shown, analysis: Some(&analysis) };
    let svg_path = args.output.with_extension("svg");
    let file = svg_path.file_name().and_then(|n| n.to_str()).unwrap_or("diagram.svg").to_owned();
    let format = if html { ReportFormat::Html } else { ReportFormat::Markdown };
    let source = args.file.display().to_string();
    let files = export::report(&input, &view, format, &source, &file).ok_or(EXIT_UNUSABLE)?;
    if let Some(svg) = &files.svg {
        write_file(&svg_path, svg.as_bytes(), err)?;
    }
    write_file(&args.output, files.text.as_bytes(), err)
}
