//! The bad-file corpus: every `tests/bad/*.json` is one realistic mistake, and loading it must give exactly the
//! problems listed, one `path: message` line each, in the `.expected` file beside it. A few inputs are too big
//! or too repetitive to commit; they are generated here.
//!
//! After a deliberate change of wording, regenerate the expectations with `TRUSTMAP_BLESS=1 cargo test --test
//! load_errors` and review the diff.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use trustmap::io::{MAX_FILE_BYTES, load_bytes, load_str};

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("bad")
}

/// The problems of loading `bytes`, as `path: message` lines; `None` when it loads.
fn problems_of(bytes: &[u8]) -> Option<Vec<String>> {
    load_bytes(bytes).err().map(|problems| problems.iter().map(ToString::to_string).collect())
}

fn bad_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(bad_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_bad_file_gives_exactly_its_expected_problems() {
    let bless = std::env::var_os("TRUSTMAP_BLESS").is_some();
    let files = bad_files();
    assert!(files.len() >= 30, "only {} bad files", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(file).unwrap();
        let Some(actual) = problems_of(&bytes) else {
            failures.push(format!("{name}: loaded without problems"));
            continue;
        };
        for problem in &actual {
            assert!(!problem.starts_with(": "), "{name}: a problem without a path: {problem}");
        }
        let expected_path = file.with_extension("expected");
        let actual_text = format!("{}\n", actual.join("\n"));
        if bless {
            fs::write(&expected_path, &actual_text).unwrap();
            continue;
        }
        let Ok(expected_text) = fs::read_to_string(&expected_path) else {
            failures.push(format!("{name}: no {}", expected_path.display()));
            continue;
        };
        if expected_text != actual_text {
            failures.push(format!("{name}:\n--- expected\n{expected_text}--- actual\n{actual_text}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} bad files differ:\n\n{}", failures.len(), files.len(), failures.join("\n"));
}

#[test]
fn every_expectation_belongs_to_a_bad_file() {
    for entry in fs::read_dir(bad_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "expected") {
            assert!(path.with_extension("json").exists(), "{} has no .json beside it", path.display());
        }
    }
}

#[test]
fn a_file_over_64_mib_is_refused_before_parsing() {
    // Valid JSON (a huge description) so that only the size can be the reason.
    let head = br#"{"format": "trustmap", "version": 1, "components": [], "settings": {"description": ""#;
    let tail = br#""}}"#;
    let mut bytes = Vec::with_capacity(MAX_FILE_BYTES + 1);
    bytes.extend_from_slice(head);
    bytes.resize(MAX_FILE_BYTES + 1 - tail.len(), b'a');
    bytes.extend_from_slice(tail);
    assert_eq!(bytes.len(), MAX_FILE_BYTES + 1);
    assert_eq!(
        problems_of(&bytes).unwrap(),
        ["$: the file is 65 MiB; trustmap reads files up to 64 MiB"],
        "one byte over the limit"
    );

    // Exactly at the limit the file is read (and the huge description is fine).
    bytes.truncate(MAX_FILE_BYTES - tail.len());
    bytes.extend_from_slice(tail);
    assert_eq!(bytes.len(), MAX_FILE_BYTES);
    let model = load_bytes(&bytes).unwrap();
    assert_eq!(model.diagram().settings.description.len(), MAX_FILE_BYTES - head.len() - tail.len());
}

/// A document whose `components` holds `n` entries, each with a wrong kind.
fn many_bad_components(n: usize) -> String {
    let components: Vec<String> =
        (0..n).map(|i| format!(r#"{{"id": "service-{i}", "kind": "microservice", "name": "S{i}"}}"#)).collect();
    format!(r#"{{"format": "trustmap", "version": 1, "components": [{}]}}"#, components.join(",\n"))
}

/// Decoding stops at the cap (the rest is not worth reading), so the summary cannot give a count.
#[test]
fn a_file_with_many_decoding_errors_is_capped_at_500_problems() {
    let problems = problems_of(many_bad_components(800).as_bytes()).unwrap();
    assert_eq!(problems.len(), 501, "500 problems and one summary line");
    assert_eq!(
        problems[0],
        "$.components[0].kind: unknown kind \"microservice\" (expected one of: internet, user, on-prem, aws-account, \
         vpc, subnet, nat-gateway, vpc-endpoint, eks-cluster, eks-control-plane, ec2-node, fargate-profile, pod, \
         container, ecs-cluster, ecs-service, lambda, api-gateway, load-balancer, cloudfront, sqs-queue, sns-topic, \
         eventbridge-bus, kinesis-stream, step-functions, rds-database, dynamodb-table, elasticache, rds-proxy, \
         s3-bucket, ecr-registry, external-registry, secrets-manager, kms-key, iam-role, cognito-user-pool, \
         cloudwatch, guardduty, cloudtrail, waf, generic-service, generic-datastore)"
    );
    assert!(problems[499].starts_with("$.components[499].kind: unknown kind \"microservice\""));
    assert_eq!(problems[500], "$: ... reading stopped at 500 problems; the rest of the file was not checked");
}

#[test]
fn a_file_with_many_validation_errors_is_capped_at_500_problems() {
    // Every flow is well-formed but points at components that do not exist: 2 problems per flow.
    let flows: Vec<String> = (0..400)
        .map(|i| {
            format!(r#"{{"id": "flow-{i}", "from": "caller-{i}", "to": "callee-{i}", "pattern": "sync-request"}}"#)
        })
        .collect();
    let text = format!(
        r#"{{"format": "trustmap", "version": 1, "components": [{{"id": "account", "kind": "aws-account", "name": "A"}}],
            "flows": [{}]}}"#,
        flows.join(",\n")
    );
    let problems = problems_of(text.as_bytes()).unwrap();
    assert_eq!(problems.len(), 501);
    assert_eq!(problems[0], "$.flows[0].from: unknown component \"caller-0\"");
    assert_eq!(problems[1], "$.flows[0].to: unknown component \"callee-0\"");
    assert_eq!(problems[499], "$.flows[249].to: unknown component \"callee-249\"");
    assert_eq!(problems[500], "$: ... and 300 more problems");
}

/// "Did you mean" compares a bad reference with every component id; with thousands of both, loading once took
/// minutes. Now suggestions stop for huge diagrams and once the problem list is full.
#[test]
fn many_components_and_many_bad_references_load_quickly() {
    let n = 20_000;
    let components: Vec<String> =
        (0..n).map(|i| format!(r#"{{"id": "service-{i}", "kind": "lambda", "name": "S"}}"#)).collect();
    let flows: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id": "flow-{i}", "from": "servic-{i}", "to": "service-0", "pattern": "sync-request"}}"#))
        .collect();
    let text = format!(
        r#"{{"format": "trustmap", "version": 1, "components": [{}], "flows": [{}]}}"#,
        components.join(","),
        flows.join(",")
    );
    let started = Instant::now();
    let problems = problems_of(text.as_bytes()).unwrap();
    let elapsed = started.elapsed();
    assert_eq!(problems.len(), 501);
    assert_eq!(problems[0], "$.flows[0].from: unknown component \"servic-0\"");
    assert_eq!(problems[500], "$: ... and 19500 more problems");
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");
}

/// Many explicit boundaries around one container: the model keeps direct memberships only, so loading (and the
/// analysis's facts) stay linear instead of copying every boundary into every descendant.
#[test]
fn many_boundaries_around_one_container_load_quickly() {
    let n = 3_000;
    let mut components = vec![r#"{"id": "account", "kind": "aws-account", "name": "A"}"#.to_owned()];
    components.extend(
        (0..n).map(|i| format!(r#"{{"id": "queue-{i}", "kind": "sqs-queue", "name": "Q", "parent": "account"}}"#)),
    );
    let boundaries: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id": "boundary-{i}", "kind": "custom", "name": "B", "members": ["account"]}}"#))
        .collect();
    let text = format!(
        r#"{{"format": "trustmap", "version": 1, "components": [{}], "boundaries": [{}]}}"#,
        components.join(","),
        boundaries.join(",")
    );
    let started = Instant::now();
    let model = load_str(&text).unwrap();
    let elapsed = started.elapsed();
    assert_eq!(model.diagram().boundaries.len(), n);
    assert!(elapsed < Duration::from_secs(10), "loading took {elapsed:?}");
    let analysed = trustmap::analysis::analyze(&model);
    assert!(started.elapsed() < Duration::from_secs(20), "loading and analysis took {:?}", started.elapsed());
    assert!(analysed.risk.findings > 0);
}

#[test]
fn nesting_is_refused_from_128_levels_only() {
    let nested = |depth: usize| {
        // The document object is level 1, `settings` 2, `rules` 3, the rule 4; the arrays under `thresholds` fill
        // the rest.
        let arrays = depth - 4;
        format!(
            r#"{{"format": "trustmap", "version": 1, "components": [], "settings": {{"rules": {{"r": {{"thresholds": {}{}}}}}}}}}"#,
            "[".repeat(arrays),
            "]".repeat(arrays)
        )
    };
    // 127 levels parse; the decoder then rejects the arrays as thresholds, which is an ordinary problem.
    assert_eq!(
        problems_of(nested(127).as_bytes()).unwrap(),
        ["$.settings.rules.r.thresholds: expected an object, found an array"]
    );
    let too_deep = problems_of(nested(128).as_bytes()).unwrap();
    assert_eq!(too_deep.len(), 1);
    assert!(
        too_deep[0].ends_with(": malformed JSON: nested too deeply (128 levels or more; trustmap reads up to 127)"),
        "{too_deep:?}"
    );
    // Far deeper input must not overflow the stack either.
    let abyss = "[".repeat(1_000_000);
    let problems = problems_of(abyss.as_bytes()).unwrap();
    assert_eq!(
        problems,
        ["line 1, column 128: malformed JSON: nested too deeply (128 levels or more; trustmap reads up to 127)"]
    );
}

#[test]
fn whitespace_and_a_lone_byte_order_mark_count_as_empty() {
    for text in [&b""[..], b"   \n\t\r\n", b"\xEF\xBB\xBF", b"\xEF\xBB\xBF \n"] {
        assert_eq!(problems_of(text).unwrap(), ["$: the file is empty"], "{text:?}");
    }
}

#[test]
fn the_valid_sample_still_loads() {
    let text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/pattern-sync-rest.json")).unwrap();
    load_str(&text).unwrap();
}
