//! The command line, end to end through the built binary: exit codes, problem lines and outputs.
#![expect(clippy::expect_used, reason = "test helpers fail loudly")]

#[path = "support/cli.rs"]
mod support_cli;

use support_cli::trustmap;

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    support_cli::temp_file("cli", name, text)
}

#[test]
fn validate_accepts_every_sample() {
    for sample in trustmap::io::samples::all() {
        let path = format!("samples/{}", sample.file);
        let (code, out, err) = trustmap(&["validate", &path]);
        assert_eq!(code, 0, "{path}: {err}");
        assert!(out.contains("valid"), "{out}");
    }
}

#[test]
fn validate_reports_every_problem_with_file_and_path() {
    let path = temp_file(
        "bad.json",
        r#"{"format":"trustmap","version":1,"components":[
            {"id":"a","kind":"lamda","name":"A"},
            {"id":"b","kind":"sqs-queue","name":"B","parnet":"a"}]}"#,
    );
    let (code, _, err) = trustmap(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let shown = path.display();
    assert!(
        err.contains(&format!("{shown}: $.components[0].kind: unknown kind \"lamda\" (did you mean \"lambda\"?)")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{shown}: $.components[1].parnet: unknown field \"parnet\" (did you mean \"parent\"?)")),
        "{err}"
    );
}

#[test]
fn unreadable_input_and_usage_errors_exit_2() {
    let (code, _, err) = trustmap(&["validate", "does-not-exist.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("does-not-exist.json: cannot read"), "{err}");
    assert_eq!(trustmap(&["validate"]).0, 2);
    assert_eq!(trustmap(&["frobnicate", "x"]).0, 2);
    let (code, _, err) = trustmap(&["validate", "sample:nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("no bundled sample"), "{err}");
}

#[test]
fn help_works_for_every_command() {
    for args in [&["--help"][..], &["validate", "--help"], &["catalog", "--help"], &["samples", "--help"]] {
        let (code, out, _) = trustmap(args);
        assert_eq!(code, 0, "{args:?}");
        assert!(out.contains("Usage"), "{args:?}: {out}");
    }
}

#[test]
fn catalog_lists_every_kind_in_text_and_json() {
    let (code, out, _) = trustmap(&["catalog"]);
    assert_eq!(code, 0);
    assert!(out.contains("eks-control-plane") && out.contains("fargate-profile"));
    let (code, out, _) = trustmap(&["catalog", "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let entries = json.as_array().unwrap();
    assert!(entries.len() >= 24);
    let lambda = entries.iter().find(|e| e["kind"] == "lambda").unwrap();
    assert_eq!(lambda["responsibility"]["container-runtime"], "aws");
    assert_eq!(lambda["responsibility"]["business-logic"], "customer");
    assert!(lambda["responsibility_reasoning"].as_str().unwrap().len() > 10);
    let pod = entries.iter().find(|e| e["kind"] == "pod").unwrap();
    assert_eq!(pod["inherits_host_layers"], true);
    assert_eq!(pod["parents"], serde_json::json!(["ec2-node", "fargate-profile"]));
}

#[test]
fn samples_command_lists_bundled_samples_which_validate_by_name() {
    let (code, out, _) = trustmap(&["samples"]);
    assert_eq!(code, 0);
    let first = out.split_whitespace().next().unwrap().to_owned();
    assert!(first.starts_with("sample:"));
    assert_eq!(trustmap(&["validate", &first]).0, 0);
}

#[test]
fn without_a_command_the_editor_opens_on_the_file_and_review_asks_for_review_mode() {
    let run = |args: &[&str]| {
        let args = std::iter::once("trustmap").chain(args.iter().copied()).map(std::ffi::OsString::from);
        trustmap::cli::run(args, &mut Vec::new(), &mut Vec::new())
    };
    let editor = |file: Option<&str>, review| {
        trustmap::cli::Outcome::OpenEditor(trustmap::cli::Editor { file: file.map(Into::into), review })
    };
    assert_eq!(run(&[]), editor(None, false));
    assert_eq!(run(&["design.json"]), editor(Some("design.json"), false));
    assert_eq!(run(&["--review", "design.json"]), editor(Some("design.json"), true));
    assert_eq!(run(&["design.json", "--review"]), editor(Some("design.json"), true));
    assert_eq!(run(&["--review", "validate", "x.json"]), trustmap::cli::Outcome::Exit(2), "not with a command");
}
