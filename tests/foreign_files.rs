//! Files that are not trustmap diagrams, and damaged ones, must give a clear problem, never a panic.
//!
//! `tests/corpus/` holds real threat models made with other tools (Threat Dragon, OTM, TM-BOM, pytm, Threagile) and
//! infrastructure as code (CloudFormation, Terraform plans); each folder's README gives source and licence. Loading one must say, in one problem, what it looks like.
//! Then every foreign file, the valid sample and the bad-file corpus are damaged (truncated, bytes flipped): the
//! loader must return problems that each name a path, or, when the damage left a valid diagram, a model that saves
//! and loads back unchanged. `tests/fuzz_regressions/` keeps inputs the fuzzer once crashed on.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::fs;
use std::path::{Path, PathBuf};

use trustmap::io::{load_bytes, load_str, to_json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (recursively) whose name ends in one of `extensions`, sorted.
fn files_in(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    // A folder that is not there would make the tests that walk it check nothing: fail instead.
    let entries = fs::read_dir(dir);
    assert!(entries.is_ok(), "cannot read {}: {:?}", dir.display(), entries.err());
    let entries = entries.unwrap();
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_in(&path, extensions));
        } else if path.extension().is_some_and(|ext| extensions.iter().any(|wanted| ext == *wanted)) {
            found.push(path);
        }
    }
    found.sort();
    found
}

const THREAT_DRAGON: &str = "$: missing \"format\": \"trustmap\"; this is not a trustmap diagram (it looks like an OWASP Threat Dragon model: convert it with `trustmap import FILE -o OUT.json`)";
const THREAGILE: &str = "$: the file is YAML (it looks like a Threagile model: convert it with `trustmap import FILE -o OUT.json`); trustmap files are JSON with \"format\": \"trustmap\"";

const CFN_YAML: &str = "$: the file is YAML (it looks like an AWS CloudFormation template: convert it with `trustmap import FILE -o OUT.json`); trustmap files are JSON with \"format\": \"trustmap\"";
const CFN_JSON: &str = "$: missing \"format\": \"trustmap\"; this is not a trustmap diagram (it looks like an AWS CloudFormation template: convert it with `trustmap import FILE -o OUT.json`)";
const TERRAFORM: &str = "$: missing \"format\": \"trustmap\"; this is not a trustmap diagram (it looks like a Terraform plan or state: convert it with `trustmap import FILE -o OUT.json`)";

/// What loading each foreign file must say, exactly.
const EXPECTED: &[(&str, &str)] = &[
    ("iac/cloudformation/ecs-fargate-alb.yaml", CFN_YAML),
    ("iac/cloudformation/eks-cluster-managed-nodegroup.yaml", CFN_YAML),
    ("iac/cloudformation/nested-msk-pipes/msk-cluster.yaml", CFN_YAML),
    ("iac/cloudformation/nested-msk-pipes/pipes.yaml", CFN_YAML),
    ("iac/cloudformation/nested-msk-pipes/template.yaml", CFN_YAML),
    ("iac/cloudformation/nested-msk-pipes/vpc-private.yaml", CFN_YAML),
    ("iac/cloudformation/quickstart-vpc-conditions.yaml", CFN_YAML),
    ("iac/cloudformation/sam-eventbridge-ddbstream-serverlesspresso-core.yaml", CFN_YAML),
    ("iac/cloudformation/sam-httpapi-lambda-authorizer-rest-service.yaml", CFN_YAML),
    ("iac/cloudformation/sam-sns-api-airline-loyalty.yaml", CFN_YAML),
    ("iac/cloudformation/sam-sqs-ddbstream-api-shopping-cart.yaml", CFN_YAML),
    ("iac/cloudformation/vpc-public-private-nat.yaml", CFN_YAML),
    ("iac/cloudformation/webapp-cloudfront-s3-apigw-cognito-lambda-ddb.json", CFN_JSON),
    ("iac/terraform/alb-asg-lambda.plan.json", TERRAFORM),
    ("iac/terraform/apigw-rest-custom-domain-waf.plan.json", TERRAFORM),
    ("iac/terraform/eventbridge-scheduled-lambda-vpc.plan.json", TERRAFORM),
    (
        "pytm/pytm-sample-tm-output.json",
        "$: missing \"format\": \"trustmap\"; this is not a trustmap diagram (it looks like OWASP pytm output)",
    ),
    ("threagile/threagile-example-model.yaml", THREAGILE),
    ("threagile/threagile-stub-model.yaml", THREAGILE),
    ("threat-dragon/cryptocurrency-wallet.json", THREAT_DRAGON),
    ("threat-dragon/generic-cms.json", THREAT_DRAGON),
    (
        "threat-dragon/huskyai.tmbom.json",
        "$: missing \"format\": \"trustmap\"; this is not a trustmap diagram (it looks like a TM-BOM threat model)",
    ),
    ("threat-dragon/iot-device.json", THREAT_DRAGON),
    (
        "threat-dragon/mobile-cloud.otm.json",
        "$: missing \"format\": \"trustmap\"; this is not a trustmap diagram (it looks like an Open Threat Model file)",
    ),
    ("threat-dragon/three-tier-web-app.json", THREAT_DRAGON),
    ("threat-dragon/v2-new-model.json", THREAT_DRAGON),
    ("threat-dragon/v2-threat-model.json", THREAT_DRAGON),
];

fn foreign_files() -> Vec<PathBuf> {
    files_in(&root().join("tests/corpus"), &["json", "yaml", "yml"])
}

#[test]
fn each_foreign_model_gets_one_problem_naming_its_tool() {
    let corpus = root().join("tests/corpus");
    let files = foreign_files();
    let listed: Vec<PathBuf> = EXPECTED.iter().map(|(file, _)| corpus.join(file)).collect();
    assert_eq!(files, listed, "tests/corpus and the EXPECTED table list different files");
    for (file, expected) in EXPECTED {
        let problems = load_bytes(&fs::read(corpus.join(file)).unwrap()).err().unwrap();
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(lines, [*expected], "{file}");
    }
}

/// Every input the damage tests start from: foreign models, the valid sample, the bad-file corpus.
fn originals() -> Vec<(String, Vec<u8>)> {
    let mut files = foreign_files();
    files.extend(files_in(&root().join("samples"), &["json"]));
    files.extend(files_in(&root().join("tests/bad"), &["json"]));
    files
        .into_iter()
        .map(|path| {
            let name = path.strip_prefix(root()).unwrap().display().to_string();
            (name, fs::read(&path).unwrap())
        })
        .collect()
}

/// Loads damaged bytes: problems must each have a path and a message; a diagram that survived the damage must
/// save and load back to itself.
fn check_damaged(what: &str, bytes: &[u8]) {
    match load_bytes(bytes) {
        Err(problems) => {
            assert!(!problems.is_empty(), "{what}: an error without problems");
            for problem in &problems {
                assert!(!problem.path.is_empty(), "{what}: a problem without a path: {problem}");
                assert!(!problem.message.is_empty(), "{what}: a problem without a message: {problem:?}");
            }
        }
        Ok(model) => {
            let text = to_json(model.diagram());
            let again = load_str(&text);
            assert!(again.is_ok(), "{what}: saved text does not load: {:?}", again.err());
            assert_eq!(again.unwrap().diagram(), model.diagram(), "{what}: the round trip changed the diagram");
        }
    }
}

/// Big files are cut at every 97th byte of their first 16 KiB and at 97 evenly spaced points after that, so the
/// test stays fast in a debug build while still cutting inside every kind of token.
fn cut_points(len: usize) -> Vec<usize> {
    const DENSE: usize = 16 * 1024;
    let mut points: Vec<usize> = (0..len.min(DENSE)).step_by(97).collect();
    if len > DENSE {
        let step = (len - DENSE).div_ceil(97);
        points.extend((DENSE..len).step_by(step));
    }
    points
}

#[test]
fn truncated_files_give_problems_with_paths() {
    let mut checked = 0;
    for (name, bytes) in originals() {
        for cut in cut_points(bytes.len()) {
            let prefix = &bytes[..cut];
            check_damaged(&format!("{name} cut at {cut}"), prefix);
            // A prefix of a valid file can only load if nothing but white space was cut off.
            if load_bytes(prefix).is_ok() {
                assert!(bytes[cut..].iter().all(u8::is_ascii_whitespace), "{name} cut at {cut} still loads");
            }
            checked += 1;
        }
    }
    assert!(checked > 1_000, "only {checked} truncations");
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
}

#[test]
fn flipped_bytes_give_problems_with_paths() {
    // Bytes that change what JSON means, besides random ones.
    const SPECIAL: &[u8] = b"{}[]\",:\\0-e.\x00\xff\n tfn";
    let mut rng = Rng(0x7275_7374_6d61_7021);
    let mut checked = 0;
    for (name, bytes) in originals() {
        // Small files: every position once; big ones: 200 random positions.
        let positions: Vec<usize> = if bytes.len() <= 2_000 {
            (0..bytes.len()).collect()
        } else {
            (0..200).map(|_| rng.below(bytes.len())).collect()
        };
        for position in positions {
            let mut damaged = bytes.clone();
            let replacement = match rng.below(3) {
                0 => damaged[position] ^ 0xFF,
                1 => SPECIAL[rng.below(SPECIAL.len())],
                _ => u8::try_from(rng.below(256)).unwrap(),
            };
            damaged[position] = replacement;
            check_damaged(&format!("{name} with byte {position} set to {replacement:#04x}"), &damaged);
            checked += 1;
        }
    }
    assert!(checked > 1_000, "only {checked} flips");
}

/// Several kinds of damage at once, to the valid sample: deleted and duplicated spans, spliced-in bytes.
#[test]
fn spliced_samples_give_problems_with_paths() {
    let mut rng = Rng(0x5eed);
    for (name, bytes) in originals().into_iter().filter(|(name, _)| name.starts_with("samples")) {
        for round in 0..300 {
            let mut damaged = bytes.clone();
            for _ in 0..=rng.below(3) {
                let start = rng.below(damaged.len());
                let end = (start + rng.below(64)).min(damaged.len());
                match rng.below(3) {
                    0 => {
                        damaged.drain(start..end);
                    }
                    1 => {
                        let span = damaged[start..end].to_vec();
                        damaged.splice(start..start, span);
                    }
                    _ => damaged.insert(start, u8::try_from(rng.below(256)).unwrap()),
                }
                if damaged.is_empty() {
                    break;
                }
            }
            check_damaged(&format!("{name} splice round {round}"), &damaged);
        }
    }
}

/// Inputs the fuzzer once crashed or misbehaved on (see fuzz/README.md): each must now load cleanly or fail with
/// problems that have paths, and round-trip when it loads.
#[test]
fn fuzz_regressions_stay_fixed() {
    let files = files_in(&root().join("tests/fuzz_regressions"), &["json", "bin"]);
    assert!(!files.is_empty(), "tests/fuzz_regressions holds no inputs");
    for path in files {
        check_damaged(&path.display().to_string(), &fs::read(&path).unwrap());
    }
}
