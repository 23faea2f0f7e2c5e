//! The command line: a shell over the library. It parses options, calls the core, prints, and maps outcomes to
//! exit codes: 0 ok, 1 the check failed (invalid file for `validate`, a gate for later commands), 2 unusable
//! input, I/O or usage errors.

mod baseline;
mod blast;
mod catalog;
mod check;
mod export;
mod import;
mod input;
mod read;
mod report;
mod rules;
mod validate;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::terminal::{escape, escape_keeping_lines};

/// Exit code: everything fine.
pub const EXIT_OK: u8 = 0;
/// Exit code: the check failed (an invalid file for `validate`; findings at the gate for `check`).
pub const EXIT_FAILED: u8 = 1;
/// Exit code: unreadable or invalid input, I/O or usage error.
pub const EXIT_UNUSABLE: u8 = 2;

/// Draw microservice architectures on AWS and see, live, what is wrong with them.
///
/// Without a command, opens the editor on FILE (or on the bundled web-shop sample).
#[derive(Debug, Parser)]
#[command(name = "trustmap", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A diagram to open in the editor, or `sample:NAME` for a bundled sample.
    pub file: Option<PathBuf>,
    /// Open the editor in review mode: overlays, findings and blast radius work; only triage and notes can change.
    #[arg(long)]
    pub review: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check diagram files; print every problem with its JSON path; exit 1 if any file is invalid.
    Validate {
        /// Diagram files (`sample:NAME` for a bundled sample).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the component kinds with their nesting rules and shared-responsibility stacks.
    Catalog {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the bundled sample diagrams.
    Samples,
    /// Analyse a diagram: findings with advice, total risk, responsibility and metrics; exit 1 with --fail-on when
    /// an open finding reaches the given severity.
    Check(check::CheckArgs),
    /// List the threat rules with all their metadata.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show what an attacker reaches from a compromised component, the internet or an insider.
    Blast(blast::BlastArgs),
    /// Draw a diagram as SVG or PNG with overlays, a legend and a title block; the diagram is embedded so the
    /// file opens in trustmap again.
    Export(export::ExportArgs),
    /// Import an OWASP Threat Dragon v2 (JSON) or Threagile (YAML) model as a trustmap diagram, told from the
    /// content; prints what was mapped, approximated and dropped.
    Import(import::ImportArgs),
    /// Write the threat report for a design doc: Markdown (with the diagram as an SVG beside it) or a standalone
    /// HTML page.
    Report(report::ReportArgs),
}

/// Text for people, JSON for programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text.
    Text,
    /// JSON.
    Json,
}

/// `--posture`: judge the diagram under another posture than its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PostureArg {
    /// One strong edge: inside a trust boundary, listeners that do not say otherwise are open.
    Perimeter,
    /// Every call is authenticated and authorised, inside or out.
    ZeroTrust,
}

impl From<PostureArg> for crate::model::Posture {
    fn from(arg: PostureArg) -> Self {
        match arg {
            PostureArg::Perimeter => Self::Perimeter,
            PostureArg::ZeroTrust => Self::ZeroTrust,
        }
    }
}

/// What the caller should do after [`run`].
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit with this code.
    Exit(u8),
    /// Open the editor.
    OpenEditor(Editor),
}

/// How the command line asks the editor to start.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Editor {
    /// The file to open (or the default sample).
    pub file: Option<PathBuf>,
    /// Start in review mode.
    pub review: bool,
}

/// Whether the process ends with the command ([`run_to_exit`]); commands run in-process (tests) free everything.
static PROCESS_ENDS: AtomicBool = AtomicBool::new(false);

/// [`run`] for the executable, which exits when the command is done: a command's largest structures (the model
/// and analysis of a large estate) are left to the operating system, which takes back the whole process at once,
/// instead of being freed piece by piece (2 ms of a 50 ms `check` of 5,000 components).
pub fn run_to_exit(args: impl IntoIterator<Item = OsString>, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    PROCESS_ENDS.store(true, Ordering::Relaxed);
    run(args, out, err)
}

/// Frees `value`, or leaves it to the operating system when the process ends with the command.
pub(crate) fn dispose<T>(value: T) {
    if PROCESS_ENDS.load(Ordering::Relaxed) {
        std::mem::forget(value);
    }
}

/// Runs the command line `args` (including the program name), writing to `out` and `err`.
pub fn run(args: impl IntoIterator<Item = OsString>, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let is_help = matches!(
                error.kind(),
                clap::error::ErrorKind::DisplayHelp
                    | clap::error::ErrorKind::DisplayVersion
                    | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            );
            let rendered = error.render().to_string();
            // A usage error repeats the argument given: escaped like every other message.
            let rendered = escape_keeping_lines(&rendered);
            if is_help {
                let _ = write!(out, "{rendered}");
                return Outcome::Exit(EXIT_OK);
            }
            let _ = write!(err, "{rendered}");
            return Outcome::Exit(EXIT_UNUSABLE);
        }
    };
    let code = match cli.command {
        None => return Outcome::OpenEditor(Editor { file: cli.file, review: cli.review }),
        Some(Command::Validate { files }) => validate::run(&files, out, err),
        Some(Command::Catalog { format }) => catalog::run(format, out, err),
        Some(Command::Samples) => samples(out, err),
        Some(Command::Check(args)) => check::run(&args, out, err),
        Some(Command::Rules { format }) => rules::run(format, out, err),
        Some(Command::Blast(args)) => blast::run(&args, out, err),
        Some(Command::Export(args)) => export::run(&args, out, err),
        Some(Command::Import(args)) => import::run(&args, out, err),
        Some(Command::Report(args)) => report::run(&args, out, err),
    };
    Outcome::Exit(code)
}

fn samples(out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut text = String::new();
    for sample in crate::io::samples::all() {
        let name = sample.file.strip_suffix(".json").unwrap_or(sample.file);
        text.push_str(&format!("sample:{name:<24} {}\n", sample.title));
    }
    emit(out, err, &text)
}

/// The finding ids of a baseline (`--baseline`) from its bytes, or why they are not usable (for the fuzz targets).
pub fn parse_baseline(bytes: &[u8]) -> Result<std::collections::BTreeSet<String>, String> {
    baseline::parse(bytes)
}

/// Writes a message line to stderr (or any writer), escaped for a terminal: messages repeat file names, ids and
/// values from the input, and none of them may pass terminal control sequences or start a line of its own.
pub(crate) fn say(err: &mut dyn Write, line: &str) {
    let _ = writeln!(err, "{}", escape(line));
}

/// Writes a command's whole output and flushes it; a write error (a full disk, a closed pipe) is the exit code 2
/// with a message, not a silent success.
pub(crate) fn emit(out: &mut dyn Write, err: &mut dyn Write, text: &str) -> u8 {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(error) => {
            say(err, &format!("trustmap: cannot write the output: {error}"));
            EXIT_UNUSABLE
        }
    }
}
