//! `trustmap check FILE`: analyse a diagram and print its findings and totals as text, JSON, Markdown or SARIF;
//! with `--fail-on SEVERITY`, exit 1 when an open finding (new since `--baseline`, if given) is at or above it.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::input::load_or_report;
use super::{EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE, PostureArg, baseline, read, say};
use crate::analysis::rule::RuleMeta;
use crate::analysis::severity::Severity;
use crate::analysis::{analyze_with, rules};
use crate::io::samples;
use crate::model::Posture;
use crate::report::{self, Report, sarif};

/// The options of `trustmap check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The diagram file, `-` for standard input, or `sample:NAME` for a bundled sample.
    pub file: PathBuf,
    /// Judge the diagram under this posture instead of its own.
    #[arg(long, value_enum)]
    pub posture: Option<PostureArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Exit 1 if an open finding is at or above this severity (mitigated, accepted and false-positive findings
    /// do not count). Without it, the exit code does not depend on the findings.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<SeverityArg>,
    /// An earlier `trustmap check --format json` output: only findings whose id is not in it count for
    /// --fail-on, and the report says which findings are new.
    #[arg(long, value_name = "OLD.json")]
    pub baseline: Option<PathBuf>,
}

/// Output formats of `trustmap check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Aligned text for a terminal.
    Text,
    /// JSON for programs (and for --baseline).
    Json,
    /// A Markdown report for a design doc.
    Markdown,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
}

/// `--fail-on`: the severity scale, risk = likelihood x impact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    /// Risk 1-4.
    Low,
    /// Risk 5-8.
    Medium,
    /// Risk 9-12.
    Elevated,
    /// Risk 13-19.
    High,
    /// Risk 20-25.
    Critical,
}

impl From<SeverityArg> for Severity {
    fn from(arg: SeverityArg) -> Self {
        match arg {
            SeverityArg::Low => Self::Low,
            SeverityArg::Medium => Self::Medium,
            SeverityArg::Elevated => Self::Elevated,
            SeverityArg::High => Self::High,
            SeverityArg::Critical => Self::Critical,
        }
    }
}

pub(super) fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match check(args, out, err) {
        Ok(code) | Err(code) => code,
    }
}

fn check(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, u8> {
    if read::is_stdin(&args.file) && args.baseline.as_deref().is_some_and(read::is_stdin) {
        say(err, "trustmap: standard input can be read once: give FILE or --baseline as `-`, not both");
        return Err(EXIT_UNUSABLE);
    }
    let (model, bytes) = load_or_report(&args.file, err)?;
    let baseline_ids: Option<BTreeSet<String>> = match &args.baseline {
        Some(path) => Some(baseline::read(path).map_err(|why| {
            say(err, &format!("{}: not a usable baseline: {why}", path.display()));
            EXIT_UNUSABLE
        })?),
        None => None,
    };
    let posture = args.posture.map_or(model.diagram().settings.posture, Posture::from);
    let analysis = analyze_with(&model, posture);
    let source = args.file.display().to_string();
    let mut report = Report::new(&model, &analysis, &source);
    if let Some(ids) = &baseline_ids {
        report = report.with_baseline(ids);
    }
    let mut buffered = std::io::BufWriter::new(&mut *out);
    let written = match args.format {
        CheckFormat::Text => buffered.write_all(report::text::render(&report).as_bytes()),
        CheckFormat::Json => report::json::write(&analysis, &mut buffered),
        CheckFormat::Markdown => buffered.write_all(report::markdown::render(&report).as_bytes()),
        CheckFormat::Sarif => {
            let catalog = rules::all();
            let metas: Vec<&RuleMeta> = catalog.iter().map(|rule| rule.meta()).collect();
            let uri = artifact_uri(&args.file);
            // Line numbers come from the bytes the diagram was loaded from (a pipe cannot be read twice).
            let text = std::str::from_utf8(&bytes).ok();
            sarif::write(&report, &metas, &sarif::Artifact { uri: &uri, text }, &mut buffered)
        }
    };
    if let Err(error) = written.and_then(|()| buffered.flush()) {
        say(err, &format!("trustmap: cannot write the report: {error}"));
        return Err(EXIT_UNUSABLE);
    }
    drop(buffered);
    let code = gate(args, &report, err);
    // The largest structures go last, with the process.
    super::dispose(report);
    super::dispose(analysis);
    super::dispose((model, bytes));
    Ok(code)
}

/// The exit code of `--fail-on`, with the failing findings named on `err`.
fn gate(args: &CheckArgs, report: &Report<'_>, err: &mut dyn Write) -> u8 {
    let Some(threshold) = args.fail_on.map(Severity::from) else { return EXIT_OK };
    let failing = report.gating(threshold);
    if failing.is_empty() {
        return EXIT_OK;
    }
    let ids: Vec<&str> = failing.iter().map(|f| f.id()).collect();
    let new = if args.baseline.is_some() { " new since the baseline" } else { "" };
    say(
        err,
        &format!(
            "{}: {} open finding(s){new} at or above {threshold}: {}",
            args.file.display(),
            failing.len(),
            ids.join(", ")
        ),
    );
    EXIT_FAILED
}

/// The bundled sample named by `sample:NAME`, if that is what `path` says.
fn sample(path: &Path) -> Option<&'static samples::Sample> {
    path.to_str().and_then(|p| p.strip_prefix("sample:")).and_then(samples::find)
}

/// The URI SARIF names the diagram by: `samples/FILE` for a bundled sample, the relative path as a relative URI
/// reference, an absolute path as a `file://` URI.
pub(crate) fn artifact_uri(path: &Path) -> String {
    if let Some(sample) = sample(path) {
        return format!("samples/{}", encode(sample.file));
    }
    if read::is_stdin(path) {
        return "stdin".to_owned();
    }
    let text = path.to_string_lossy().replace('\\', "/");
    if path.is_absolute() {
        let rooted = if text.starts_with('/') { text } else { format!("/{text}") };
        format!("file://{}", encode(&rooted))
    } else {
        encode(&text)
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_uris_are_uri_references() {
        assert_eq!(artifact_uri(Path::new("sample:pattern-sync-rest")), "samples/pattern-sync-rest.json");
        assert_eq!(artifact_uri(Path::new("docs/my shop.json")), "docs/my%20shop.json");
        assert_eq!(artifact_uri(Path::new("a:b.json")), "a%3Ab.json");
        #[cfg(unix)]
        assert_eq!(artifact_uri(Path::new("/home/me/x y.json")), "file:///home/me/x%20y.json");
    }
}
