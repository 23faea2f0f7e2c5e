//! `trustmap blast FILE --from ID [--posture perimeter|zero-trust] [--format text|json]`: everything an attacker
//! reaches from a compromised component, the internet or an insider, with level, hops, mechanism and path.
//! Exit 0, or 2 on unreadable or invalid input and unknown ids.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::input::load_or_report;
use super::{EXIT_OK, EXIT_UNUSABLE, Format, PostureArg, say};
use crate::analysis::blast::{BlastGraph, BlastRadius, ReachedView, Start, VIEW_PATHS};
use crate::model::named::clip;
use crate::model::{Model, Posture};

/// Arguments of `trustmap blast`.
#[derive(Debug, clap::Args)]
pub struct BlastArgs {
    /// The diagram file, `-` for standard input, or `sample:NAME` for a bundled sample.
    pub file: PathBuf,
    /// Where the attacker starts: the id of a compromised component (the attacker controls it), `actor:internet`
    /// (an outside attacker) or `actor:insider` (someone on the internal network).
    #[arg(long, value_name = "ID")]
    pub from: String,
    /// The security posture to judge under; by default the diagram's own.
    #[arg(long, value_enum, value_name = "POSTURE")]
    pub posture: Option<PostureArg>,
    /// Output format: an aligned table, or JSON for programs.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also print the whole path to this component (the nearest components are printed with their paths anyway;
    /// the others with the component before them).
    #[arg(long, value_name = "ID")]
    pub path: Option<String>,
}

/// The JSON output.
#[derive(Serialize)]
struct Output {
    from: String,
    posture: Posture,
    reached: Vec<ReachedView>,
    /// The path asked for with `--path`.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<ReachedView>,
}

pub(super) fn run(args: &BlastArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let model = match load_or_report(&args.file, err) {
        Ok((model, _)) => model,
        Err(code) => return code,
    };
    let start = match Start::parse(&model, &args.from) {
        Ok(start) => start,
        Err(why) => {
            say(err, &format!("{}: --from: {why}", args.file.display()));
            return EXIT_UNUSABLE;
        }
    };
    let posture = args.posture.map_or(model.diagram().settings.posture, Posture::from);
    let radius = BlastGraph::new(&model, posture).radius(start);
    let path = match &args.path {
        None => None,
        Some(id) => {
            let found = model.component_ix(id).and_then(|c| radius.reached.iter().find(|r| r.component == c));
            match found {
                Some(r) => Some(radius.view(&model, r, true)),
                None => {
                    let (id, from) = (clip(id), clip(&args.from));
                    say(err, &format!("{}: --path: \"{id}\" is not reached from {from}", args.file.display()));
                    return EXIT_UNUSABLE;
                }
            }
        }
    };
    let output = Output { from: start.label(&model), posture, reached: radius.views(&model), path };
    let written = match args.format {
        Format::Json => out.write_all(crate::report::json::to_outline(&output).as_bytes()),
        Format::Text => write_text(&model, &radius, &output, out),
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(error) => {
            say(err, &format!("trustmap: cannot write the output: {error}"));
            EXIT_UNUSABLE
        }
    }
}

/// The PATH cell: the whole path when the view has it, otherwise the component before and this one.
fn path_cell(view: &ReachedView) -> String {
    match &view.path {
        Some(path) => path.join(" -> "),
        None => format!("... -> {} -> {}", view.via, view.id),
    }
}

fn write_text(model: &Model, radius: &BlastRadius, output: &Output, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "Blast radius from {} under {} posture: {} controlled, {} influenced (of {} components)",
        output.from,
        output.posture,
        radius.controlled(),
        radius.influenced(),
        model.components().len()
    )?;
    if output.reached.is_empty() {
        return writeln!(out, "Nothing is reached.");
    }
    let header = ["COMPONENT", "LEVEL", "HOPS", "MECHANISM", "LIKELIHOOD", "PATH"];
    let rows: Vec<[String; 6]> = output
        .reached
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                r.level.to_string(),
                r.hops.to_string(),
                r.mechanism.to_string(),
                r.likelihood.map_or_else(|| "-".to_owned(), |l| l.to_string()),
                path_cell(r),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 6]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        text
    };
    writeln!(out, "{}", line(header))?;
    for row in &rows {
        writeln!(out, "{}", line(row.each_ref().map(String::as_str)))?;
    }
    if rows.len() > VIEW_PATHS {
        writeln!(
            out,
            "Paths after the nearest {VIEW_PATHS} components show only the component before; `--path ID` prints one \
             in full."
        )?;
    }
    if let Some(view) = &output.path {
        writeln!(out, "Path to {}: {}", view.id, path_cell(view))?;
    }
    Ok(())
}
