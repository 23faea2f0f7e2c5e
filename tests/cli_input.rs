//! Input read once, from what the user gave: `-` and `/dev/stdin` (a pipe) are read once and still give SARIF line
//! numbers; a FIFO with a writer works, one without a writer fails with a reason after a few seconds, as FILE or as
//! `--baseline`; output that cannot be written is an error for every command.
#![cfg(unix)]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DIAGRAM: &str = "{\"format\": \"trustmap\", \"version\": 1,\n\"components\": [\n{\"id\": \"internet\", \"kind\": \"internet\", \"name\": \"Internet\"},\n{\"id\": \"api\", \"kind\": \"generic-service\", \"name\": \"API\"}\n],\n\"flows\": [\n{\"id\": \"in\", \"from\": \"internet\", \"to\": \"api\", \"pattern\": \"sync-request\", \"protocol\": \"http\"}\n]}\n";

/// Runs the binary with `stdin` piped in: (exit code, stdout, stderr).
fn run_with_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trustmap"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that refuses its arguments exits without reading standard input: the write may then meet a closed
    // pipe, which is not the test's concern.
    let written = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    assert!(
        written.as_ref().is_ok() || written.as_ref().is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe),
        "{written:?}"
    );
    let output = child.wait_with_output().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
}

fn start_lines(sarif: &str) -> Vec<u64> {
    let log: serde_json::Value = serde_json::from_str(sarif).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap().clone();
    assert!(!results.is_empty(), "{sarif}");
    results.iter().filter_map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64()).collect()
}

#[test]
fn standard_input_is_read_once_and_keeps_sarif_line_numbers() {
    for file in ["-", "/dev/stdin"] {
        let (code, sarif, err) = run_with_stdin(&["check", file, "--format", "sarif"], DIAGRAM);
        assert_eq!(code, 0, "{file}: {err}");
        let lines = start_lines(&sarif);
        assert!(!lines.is_empty() && lines.iter().all(|&l| l == 4 || l == 7), "{file}: {lines:?}");
    }
    let cr_only = DIAGRAM.replace('\n', "\r");
    let (_, sarif, err) = run_with_stdin(&["check", "-", "--format", "sarif"], &cr_only);
    assert!(start_lines(&sarif).iter().all(|&l| l == 4 || l == 7), "CR-only: {err}");
    let (code, out, _) = run_with_stdin(&["validate", "-"], DIAGRAM);
    assert_eq!((code, out.as_str()), (0, "-: valid (2 components, 1 flows)\n"));
    let (code, _, err) = run_with_stdin(&["check", "-", "--baseline", "-"], DIAGRAM);
    assert_eq!(code, 2);
    assert!(err.contains("standard input can be read once"), "{err}");
}

fn fifo(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("trustmap-cli-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    assert!(Command::new("mkfifo").arg(&path).status().unwrap().success());
    path
}

#[test]
fn a_fifo_with_a_writer_is_read_once() {
    let path = fifo("written.json");
    let writer = {
        let path = path.clone();
        std::thread::spawn(move || std::fs::write(path, DIAGRAM))
    };
    let (code, sarif, err) = run_with_stdin(&["check", path.to_str().unwrap(), "--format", "sarif"], "");
    writer.join().unwrap().unwrap();
    assert_eq!(code, 0, "{err}");
    assert!(!start_lines(&sarif).is_empty(), "line numbers from the one read");
}

#[test]
fn a_fifo_without_a_writer_is_an_error_not_a_hang() {
    let diagram = std::env::temp_dir().join(format!("trustmap-cli-input-{}.json", std::process::id()));
    std::fs::write(&diagram, DIAGRAM).unwrap();
    let as_file = fifo("nobody-file.json");
    let as_baseline = fifo("nobody-baseline.json");
    let cases = [
        vec!["check".to_owned(), as_file.to_str().unwrap().to_owned()],
        vec![
            "check".to_owned(),
            diagram.to_str().unwrap().to_owned(),
            "--baseline".to_owned(),
            as_baseline.to_str().unwrap().to_owned(),
        ],
    ];
    let started = Instant::now();
    let runs: Vec<_> = cases
        .into_iter()
        .map(|args| {
            std::thread::spawn(move || run_with_stdin(&args.iter().map(String::as_str).collect::<Vec<_>>(), ""))
        })
        .collect();
    for run in runs {
        let (code, _, err) = run.join().unwrap();
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("nothing wrote to it for 5 s"), "{err}");
    }
    assert!(started.elapsed() < Duration::from_secs(60), "gave up in time");
}

#[test]
fn every_command_fails_when_its_output_cannot_be_written() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("/dev/full unavailable; skipped");
        return;
    };
    let diagram = std::env::temp_dir().join(format!("trustmap-cli-full-{}.json", std::process::id()));
    std::fs::write(&diagram, DIAGRAM).unwrap();
    let file = diagram.to_str().unwrap();
    for args in [
        vec!["validate", file],
        vec!["catalog"],
        vec!["catalog", "--format", "json"],
        vec!["samples"],
        vec!["rules"],
        vec!["check", file],
        vec!["check", file, "--format", "sarif"],
        vec!["blast", file, "--from", "internet"],
        vec!["blast", file, "--from", "internet", "--format", "json"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_trustmap"))
            .args(&args)
            .stdout(full.try_clone().unwrap())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(output.stderr).unwrap();
        assert!(err.contains("cannot write"), "{args:?}: {err}");
    }
}
