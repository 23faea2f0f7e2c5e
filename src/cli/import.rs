//! `trustmap import FILE -o OUT.json`: a Threat Dragon v2 or Threagile model (told from the content) written as a
//! trustmap diagram, with the import report on standard output. The output is written atomically, must end in
//! `.json`, and is never the input file itself.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::read::read_input;
use super::{EXIT_UNUSABLE, Format, emit, say};

/// The options of `trustmap import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The Threat Dragon (v2 JSON) or Threagile (YAML) model, or `-` for standard input.
    pub file: PathBuf,
    /// Where to write the trustmap diagram (`.json`).
    #[arg(short, long, value_name = "OUT.json")]
    pub output: PathBuf,
    /// The report's format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub(super) fn run(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let usage = |err: &mut dyn Write, why: &str| {
        say(err, &format!("trustmap import: {why}"));
        EXIT_UNUSABLE
    };
    if args.output.extension().is_none_or(|ext| !ext.eq_ignore_ascii_case("json")) {
        return usage(err, "the output must end in .json (a trustmap diagram)");
    }
    if same_file(&args.file, &args.output) {
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
    let text = crate::io::to_json(&imported.diagram);
    if let Err(code) = super::export::write_file(&args.output, text.as_bytes(), err) {
        return code;
    }
    let report = match args.format {
        Format::Text => format!("{}\nwrote {}\n", imported.report, args.output.display()),
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&imported.report).unwrap_or_default()),
    };
    emit(out, err, &crate::report::terminal::escape_keeping_lines(&report))
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
