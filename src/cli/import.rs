//! `trustmap import FILE -o OUT.json`: a Threat Dragon v2 or Threagile model, a CloudFormation / SAM template or a
//! Terraform plan (told from the content) written as a trustmap diagram, with the import report on standard
//! output. `--update DESIGN.json` merges a new import of a changed template into the diagram made from it before
//! (`import::update`) and says what changed. The output is written atomically, must end in `.json`, and is never the
//! input file itself.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::read::read_input;
use super::{EXIT_UNUSABLE, Format, emit, say};

/// The options of `trustmap import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The Threat Dragon (v2 JSON) or Threagile (YAML) model, CloudFormation / SAM template or Terraform plan
    /// (`terraform show -json`), or `-` for standard input.
    pub file: PathBuf,
    /// Where to write the trustmap diagram (`.json`); with --update, the updated diagram's file when not the same.
    #[arg(short, long, value_name = "OUT.json", required_unless_present = "update")]
    pub output: Option<PathBuf>,
    /// A diagram imported from this template before: keep its layout, notes, threats, triage and contexts, add what
    /// is new, mark what is gone, and write it back (or to --output).
    #[arg(long, value_name = "DESIGN.json")]
    pub update: Option<PathBuf>,
    /// The report's format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub(super) fn run(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let usage = |err: &mut dyn Write, why: &str| {
        say(err, &format!("trustmap import: {why}"));
        EXIT_UNUSABLE
    };
    let Some(output) = args.output.as_ref().or(args.update.as_ref()) else {
        return usage(err, "give the output file with -o OUT.json, or the diagram to update with --update");
    };
    if output.extension().is_none_or(|ext| !ext.eq_ignore_ascii_case("json")) {
        return usage(err, "the output must end in .json (a trustmap diagram)");
    }
    if same_file(&args.file, output) {
        return usage(err, "the output is the input file; write the trustmap diagram to another file");
    }
    let shown = args.file.display();
    let bytes = match read_input(&args.file) {
        Ok(bytes) => bytes,
        Err(error) => {
            say(err, &format!("{shown}: cannot read: {error}"));
            return EXIT_UNUSABLE;
        }
    };
    let imported = match import_file(&args.file, &bytes) {
        Ok(imported) => imported,
        Err(problems) => {
            for problem in problems {
                say(err, &format!("{shown}: {problem}"));
            }
            return EXIT_UNUSABLE;
        }
    };
    let (diagram, changes) = match &args.update {
        None => (imported.diagram.clone(), None),
        Some(previous) => match updated(previous, &imported.diagram, err) {
            Ok((diagram, changes)) => (diagram, Some(changes)),
            Err(code) => return code,
        },
    };
    let text = crate::io::to_json(&diagram);
    if let Err(code) = super::export::write_file(output, text.as_bytes(), err) {
        return code;
    }
    let report = match (args.format, &changes) {
        (Format::Text, None) => format!("{}\nwrote {}\n", imported.report, output.display()),
        (Format::Text, Some(changes)) => {
            format!("{}\n{}\nupdated {}\n", imported.report.summary(), changes.text(), output.display())
        }
        (Format::Json, None) => format!("{}\n", serde_json::to_string_pretty(&imported.report).unwrap_or_default()),
        (Format::Json, Some(changes)) => format!(
            "{}\n",
            serde_json::to_string_pretty(&serde_json::json!({"report": imported.report, "update": changes}))
                .unwrap_or_default()
        ),
    };
    emit(out, err, &crate::report::terminal::escape_keeping_lines(&report))
}

/// The diagram at `previous` with a new import merged in.
fn updated(
    previous: &Path,
    fresh: &crate::model::Diagram,
    err: &mut dyn Write,
) -> Result<(crate::model::Diagram, crate::import::update::UpdateReport), u8> {
    let (model, _) = super::input::load_or_report(previous, err)?;
    crate::import::update::update(model.diagram(), fresh).map_err(|problems| {
        for problem in problems {
            say(err, &format!("{}: the update would make the diagram invalid: {problem}", previous.display()));
        }
        EXIT_UNUSABLE
    })
}

/// Imports a file read from `path`, reading the local nested stacks of a CloudFormation template from its folder.
pub(super) fn import_file(
    path: &Path,
    bytes: &[u8],
) -> Result<crate::import::Imported, Vec<crate::model::problem::Problem>> {
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut read = |relative: &str| read_input(&folder.join(relative)).map_err(|e| e.to_string());
    crate::import::import_with(bytes, &name, Some(&mut read))
}

/// Whether two paths name the same existing file (or are spelt the same).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}
