//! Golden findings: for every bundled sample, the sorted finding ids with severity and triage status must equal
//! `tests/golden/<sample>.txt`. After a deliberate change to rules or samples, rewrite them with
//! `UPDATE_GOLDEN=1 cargo test --test golden` and review the diff.
#![expect(clippy::expect_used, reason = "test helpers fail loudly")]

use std::fmt::Write as _;
use std::path::PathBuf;

use trustmap::analysis::analyze;
use trustmap::io::samples::{self, Sample};

const HOW_TO_UPDATE: &str = "UPDATE_GOLDEN=1 cargo test --test golden";

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("golden")
}

fn stem(sample: &Sample) -> &'static str {
    sample.file.strip_suffix(".json").unwrap_or(sample.file)
}

fn updating() -> bool {
    std::env::var("UPDATE_GOLDEN").is_ok_and(|value| value == "1")
}

/// One line per finding, most severe first, then by id: `severity id status`.
fn findings_text(sample: &Sample) -> String {
    let model = sample.model().expect("bundled samples are valid (tests/cli.rs checks them)");
    let analysis = analyze(&model);
    let mut findings: Vec<_> = analysis.findings.iter().collect();
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id().cmp(b.id())));
    let mut text = format!("# samples/{}: severity, finding id, triage status; one line per finding\n", sample.file);
    for finding in findings {
        let _ = writeln!(text, "{:<8} {} {}", finding.severity.to_string(), finding.id(), finding.status);
    }
    text
}

fn difference(expected: &str, actual: &str) -> String {
    let mut out = String::new();
    for line in expected.lines().filter(|l| !actual.lines().any(|a| a == *l)) {
        let _ = writeln!(out, "  - {line}");
    }
    for line in actual.lines().filter(|l| !expected.lines().any(|e| e == *l)) {
        let _ = writeln!(out, "  + {line}");
    }
    if out.is_empty() { "  (same lines, different order or spacing)\n".to_owned() } else { out }
}

#[test]
fn every_sample_matches_its_golden_findings() {
    let dir = golden_dir();
    let mut failures = Vec::new();
    let mut checked = 0;
    for sample in samples::all() {
        checked += 1;
        let path = dir.join(format!("{}.txt", stem(sample)));
        let actual = findings_text(sample);
        if updating() {
            std::fs::create_dir_all(&dir).expect("create tests/golden");
            std::fs::write(&path, &actual).expect("write a golden file");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Err(_) => failures.push(format!(
                "{}: missing golden file for sample {}; create it with `{HOW_TO_UPDATE}` and review it",
                path.display(),
                sample.file
            )),
            Ok(expected) if expected != actual => failures.push(format!(
                "{}: the findings of sample {} changed (- golden, + now); if intended, run `{HOW_TO_UPDATE}`\n{}",
                path.display(),
                sample.file,
                difference(&expected, &actual)
            )),
            Ok(_) => {}
        }
    }
    assert!(checked > 0, "no bundled samples to check");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_golden_file_belongs_to_a_sample() {
    let entries = std::fs::read_dir(golden_dir()).expect("tests/golden exists");
    let mut stale = Vec::new();
    let mut seen = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "txt") {
            continue;
        }
        seen += 1;
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        if samples::find(&name).is_none() {
            if updating() {
                std::fs::remove_file(&path).expect("remove a stale golden file");
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(seen > 0, "tests/golden holds no golden files");
    assert!(
        stale.is_empty(),
        "golden files without a bundled sample (remove them or run `{HOW_TO_UPDATE}`): {stale:?}"
    );
}

#[test]
fn golden_text_is_deterministic() {
    for sample in samples::all() {
        assert_eq!(findings_text(sample), findings_text(sample), "{}", sample.file);
    }
}
