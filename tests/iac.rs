//! Infrastructure as code (`trustmap::import`): every CloudFormation / SAM template and Terraform plan of
//! `tests/corpus/iac` (nested stacks read from the template's folder) imports, saves to a file the loader accepts, analyses and exports to SVG;
//! components and flows are counted against the template; the import report has a line for every resource the
//! template declares (mapped, approximated, or left out with a reason); hostile templates get a clear problem
//! naming the place.

#![expect(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail loudly")]

#[path = "support/cli.rs"]
mod support_cli;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use trustmap::analysis::analyze;
use trustmap::export::{self, Input, SvgOptions};
use trustmap::import::{Imported, Outcome, import_bytes, import_with};
use trustmap::io::{load_str, to_json};
use trustmap::model::ComponentKind;
use trustmap::scene::ViewOptions;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/iac")
}

/// Imports a file, reading nested stacks from its folder.
fn import_path(path: &Path) -> Result<Imported, Vec<trustmap::model::problem::Problem>> {
    let folder = path.parent().unwrap().to_path_buf();
    let mut read = |relative: &str| fs::read(folder.join(relative)).map_err(|e| e.to_string());
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    import_with(&fs::read(path).unwrap(), &name, Some(&mut read))
}

/// Imports, saves, loads back, analyses and exports.
fn import_fully(path: &Path) -> (Imported, usize) {
    let imported = import_path(path).unwrap_or_else(|p| panic!("{}: {p:?}", path.display()));
    let text = to_json(&imported.diagram);
    let model = load_str(&text).unwrap_or_else(|p| panic!("{}: saved import does not load: {p:?}", path.display()));
    let analysis = analyze(&model);
    let svg = export::svg(&Input::new(&model, Some(&analysis)), &ViewOptions::all_overlays(), &SvgOptions::default());
    assert!(svg.contains("<svg"), "{}: not an SVG", path.display());
    assert!(svg.contains("<text"), "{}: nothing drawn", path.display());
    assert_eq!(import_path(path).unwrap().diagram, imported.diagram, "{}: not deterministic", path.display());
    (imported, analysis.findings.len())
}

/// The logical ids a template declares under `Resources`, read without the importer: JSON keys, or the keys of
/// the YAML block `Resources:` at its first indentation.
fn logical_ids(text: &str) -> Vec<String> {
    if text.trim_start().starts_with('{') {
        let value: Value = serde_json::from_str(text).unwrap();
        return value["Resources"].as_object().unwrap().keys().cloned().collect();
    }
    let mut ids = Vec::new();
    let mut inside = false;
    let mut indent = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = line.len() - trimmed.len();
        if depth == 0 {
            inside = line.trim_end() == "Resources:";
            continue;
        }
        if !inside {
            continue;
        }
        let indent = *indent.get_or_insert(depth);
        if depth == indent
            && let Some((key, _)) = trimmed.split_once(':')
        {
            ids.push(key.trim().trim_matches(['"', '\'']).to_owned());
        }
    }
    ids
}

/// The report's place for a resource, as the importer spells paths (`$.Resources.Name`, or quoted when the name
/// holds other characters, as a nested stack's `Stack/Name`).
fn place(logical: &str) -> String {
    if logical.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        format!("$.Resources.{logical}")
    } else {
        format!("$.Resources[\"{logical}\"]")
    }
}

/// Per template: file, resources declared (nested stacks' own included, the stack resources not), resources drawn
/// as a component, resources folded into the component they serve, resources left out (a false condition, no
/// kind), components in all (with the implied ones: roles SAM creates, the internet ...), flows.
const EXPECTED: &[(&str, usize, usize, usize, usize, usize, usize)] = &[
    ("cloudformation/ecs-fargate-alb.yaml", 18, 7, 11, 0, 8, 3),
    ("cloudformation/eks-cluster-managed-nodegroup.yaml", 36, 14, 22, 0, 15, 1),
    ("cloudformation/nested-msk-pipes/template.yaml", 25, 8, 17, 0, 9, 1),
    ("cloudformation/quickstart-vpc-conditions.yaml", 75, 8, 16, 51, 8, 0),
    ("cloudformation/sam-eventbridge-ddbstream-serverlesspresso-core.yaml", 34, 29, 3, 2, 45, 32),
    ("cloudformation/sam-httpapi-lambda-authorizer-rest-service.yaml", 30, 11, 19, 0, 16, 8),
    ("cloudformation/sam-sns-api-airline-loyalty.yaml", 8, 5, 3, 0, 9, 5),
    ("cloudformation/sam-sqs-ddbstream-api-shopping-cart.yaml", 22, 15, 7, 0, 18, 10),
    ("cloudformation/vpc-public-private-nat.yaml", 26, 7, 19, 0, 7, 0),
    ("cloudformation/webapp-cloudfront-s3-apigw-cognito-lambda-ddb.json", 42, 17, 25, 0, 18, 7),
    ("terraform/alb-asg-lambda.plan.json", 24, 6, 18, 0, 6, 1),
    ("terraform/apigw-rest-custom-domain-waf.plan.json", 23, 2, 21, 0, 3, 1),
    ("terraform/eventbridge-scheduled-lambda-vpc.plan.json", 13, 2, 10, 1, 2, 0),
];

/// The managed resources of a Terraform plan or state, by address.
fn terraform_addresses(module: &Value, out: &mut Vec<String>) {
    for resource in module["resources"].as_array().into_iter().flatten() {
        if resource["mode"] == "managed" {
            out.push(resource["address"].as_str().unwrap().to_owned());
        }
    }
    for child in module["child_modules"].as_array().into_iter().flatten() {
        terraform_addresses(child, out);
    }
}

/// The resources of a template and of the local nested stacks it names, as the import names them.
fn declared(path: &Path, prefix: &str) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap();
    if path.to_string_lossy().ends_with(".plan.json") {
        let plan: Value = serde_json::from_str(&text).unwrap();
        let mut out = Vec::new();
        terraform_addresses(&plan["planned_values"]["root_module"], &mut out);
        return out;
    }
    let mut out = Vec::new();
    for logical in logical_ids(&text) {
        let nested = nested_file(&text, &logical);
        match nested {
            Some(file) => out.extend(declared(&path.parent().unwrap().join(file), &format!("{prefix}{logical}/"))),
            None => out.push(format!("{prefix}{logical}")),
        }
    }
    out
}

/// The local file a nested stack resource names (`TemplateURL: "./x.yaml"` in its YAML block), if it is one.
fn nested_file(text: &str, logical: &str) -> Option<String> {
    let mut lines = text.lines().skip_while(|l| l.trim_end() != format!("  {logical}:"));
    lines.next()?;
    let block: Vec<&str> = lines.take_while(|l| l.trim().is_empty() || l.starts_with("   ")).collect();
    if !block.iter().any(|l| l.contains("AWS::CloudFormation::Stack")) {
        return None;
    }
    let line = block.iter().find(|l| l.contains("TemplateURL"))?;
    let url = line.split_once(':')?.1.trim().trim_matches(['"', '\'']);
    (!url.contains("://")).then(|| url.to_owned())
}

#[test]
fn every_template_imports_with_its_counts_and_a_line_for_every_resource() {
    let mut table = Vec::new();
    let mut wrong = Vec::new();
    for (file, resources, drawn, folded, left_out, components, flows) in EXPECTED {
        let path = corpus().join(file);
        let (imported, findings) = import_fully(&path);
        let diagram = &imported.diagram;
        let declared = declared(&path, "");
        let (mut is_drawn, mut is_folded, mut is_left_out) = (0, 0, 0);
        let terraform = file.starts_with("terraform/");
        for logical in &declared {
            // The report names a Terraform resource by its address.
            let source = if terraform { logical.clone() } else { place(logical) };
            let lines: Vec<_> = imported.report.items.iter().filter(|item| item.source == source).collect();
            assert!(!lines.is_empty(), "{file}: no report line for the resource {logical}");
            assert!(lines.iter().all(|item| !item.text.is_empty()), "{file}: {logical}: a line without a reason");
            // Drawn: a line giving the component it became and its kind (`lambda (AWS::Serverless::Function)`).
            let drawn_as = lines.iter().any(|item| {
                item.outcome == Outcome::Mapped
                    && item.element.as_ref().is_some_and(|id| {
                        diagram
                            .components
                            .iter()
                            .any(|c| &c.id == id && item.text.starts_with(&format!("{} (", c.kind)))
                    })
            });
            let folded_into = lines.iter().any(|item| {
                item.outcome == Outcome::Mapped
                    && item.text.contains("folded into")
                    && item.element.as_ref().is_some_and(|id| diagram.components.iter().any(|c| &c.id == id))
            });
            if drawn_as {
                is_drawn += 1;
            } else if folded_into {
                is_folded += 1;
            } else if lines.iter().any(|item| item.outcome == Outcome::Dropped) {
                is_left_out += 1;
            } else {
                panic!("{file}: {logical}: neither drawn, folded nor left out: {lines:?}");
            }
        }
        table.push(format!(
            "| {file} | {} | {is_drawn} ({} %) | {is_folded} | {is_left_out} | {} | {} | {findings} |",
            declared.len(),
            is_drawn * 100 / (declared.len() - is_left_out).max(1),
            diagram.components.len(),
            diagram.flows.len()
        ));
        let counts = (declared.len(), is_drawn, is_folded, is_left_out, diagram.components.len(), diagram.flows.len());
        if counts != (*resources, *drawn, *folded, *left_out, *components, *flows) {
            wrong.push(format!(
                "(\"{file}\", {}, {}, {}, {}, {}, {}),",
                counts.0, counts.1, counts.2, counts.3, counts.4, counts.5
            ));
        }
    }
    println!(
        "| template | resources | drawn (share of those kept) | folded | left out | components | flows | findings |"
    );
    println!("{}", table.join("\n"));
    assert!(wrong.is_empty(), "counts differ; found:\n{}", wrong.join("\n"));
}

#[test]
fn the_mapping_reads_what_the_templates_state() {
    let (imported, _) = import_fully(&corpus().join("cloudformation/ecs-fargate-alb.yaml"));
    let d = &imported.diagram;
    let get = |id: &str| d.components.iter().find(|c| c.id.as_str() == id).unwrap();
    // An internet-facing ALB in front of Fargate tasks with public addresses and a security group open to all.
    let service = get("ecsservice");
    assert_eq!(service.kind, ComponentKind::EcsService);
    assert_eq!(service.parent.as_ref().map(|p| p.as_str()), Some("ecscluster"));
    assert_eq!(service.properties.ingress_restricted, Some(false));
    assert_eq!(service.subnets.len(), 2);
    assert_eq!(service.execution_role.as_ref().map(|r| r.as_str()), Some("ecsexecutionrole"));
    assert!(d.flows.iter().any(|f| f.from.as_str() == "ecsalb" && f.to.as_str() == "ecsservice"));
    let subnet = get("publicsubnet1");
    assert_eq!(subnet.properties.exposure, Some(trustmap::model::props::Exposure::Public));

    // EKS: a managed node group whose launch template leaves IMDSv1 on.
    let (eks, _) = import_fully(&corpus().join("cloudformation/eks-cluster-managed-nodegroup.yaml"));
    let node = eks.diagram.components.iter().find(|c| c.kind == ComponentKind::Ec2Node).unwrap();
    assert_eq!(node.properties.instance_metadata.map(|m| m.imdsv2_required), Some(false));
    assert!(!node.subnets.is_empty());
    // The node role keeps every managed policy it attaches, the CNI plugin's among them.
    let role = eks.diagram.components.iter().find(|c| c.id.as_str() == "nodeinstancerole").unwrap();
    let policies = role.properties.managed_policies.as_deref().unwrap_or_default();
    assert_eq!(policies.len(), 4, "{policies:?}");
    assert!(policies.iter().any(|p| p == "AmazonEKS_CNI_Policy"), "{policies:?}");

    // The web app: CloudFront behind a WAF, a Cognito authorizer on the REST API.
    let (web, _) = import_fully(&corpus().join("cloudformation/webapp-cloudfront-s3-apigw-cognito-lambda-ddb.json"));
    let waf = web.diagram.components.iter().find(|c| c.kind == ComponentKind::Waf).unwrap();
    assert_eq!(waf.protects.len(), 1);
    let pool = web.diagram.components.iter().find(|c| c.kind == ComponentKind::CognitoUserPool).unwrap();
    assert_eq!(pool.protects.len(), 1);

    // Nested stacks: the pipe in one child reads the MSK cluster of another.
    let (nested, _) = import_fully(&corpus().join("cloudformation/nested-msk-pipes/template.yaml"));
    let flow = &nested.diagram.flows[0];
    assert_eq!(flow.to.as_str(), "mskcluster-mskcluster");
    assert!(nested.diagram.components.iter().any(|c| c.name == "MSKVPCStack/VPC"));
}

#[test]
fn without_a_reader_nested_stacks_are_reported_not_drawn() {
    let bytes = fs::read(corpus().join("cloudformation/nested-msk-pipes/template.yaml")).unwrap();
    let imported = import_bytes(&bytes).unwrap();
    assert_eq!(imported.report.count(Outcome::Dropped), 3, "{}", imported.report);
    assert!(imported.report.to_string().contains("this import reads one file"));
}

fn problems_of(text: &str) -> Vec<String> {
    import_bytes(text.as_bytes()).err().unwrap().into_iter().map(|p| p.to_string()).collect()
}

#[test]
fn hostile_templates_get_a_clear_problem_naming_the_place() {
    // A Ref cycle.
    let cycle = "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !GetAtt B.QueueName\n  B:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref A\n";
    let problems = problems_of(cycle);
    assert!(problems[0].starts_with("$.Resources.") && problems[0].contains("cycle"), "{problems:?}");
    // Conditions naming each other.
    let conditions =
        "Conditions:\n  X: !Condition Y\n  Y: !Not [!Condition X]\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n";
    let problems = problems_of(conditions);
    assert!(problems[0].starts_with("$.Conditions.") && problems[0].contains("cycle"), "{problems:?}");
    // An alias bomb.
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
    }
    bomb.push_str("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
    assert!(problems_of(&bomb)[0].starts_with("$: malformed or refused YAML"));
    // Deep nesting.
    let deep = format!(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {}x{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    assert!(problems_of(&deep)[0].starts_with("$: malformed or refused YAML"));
    // A nested stack that includes itself.
    let looping =
        "Resources:\n  Me:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./self.yaml\n";
    let mut read = |_: &str| Ok(looping.as_bytes().to_vec());
    let problems: Vec<String> = import_with(looping.as_bytes(), "self.yaml", Some(&mut read))
        .err()
        .unwrap()
        .into_iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(
        problems,
        ["$.Resources.Me.Properties.TemplateURL: the nested stack includes itself: self.yaml -> self.yaml"]
    );
}

#[test]
fn terraform_plans_are_wired_through_modules() {
    let (imported, _) = import_fully(&corpus().join("terraform/alb-asg-lambda.plan.json"));
    let d = &imported.diagram;
    let get = |id: &str| d.components.iter().find(|c| c.id.as_str() == id).unwrap();
    // The internal ALB of module.alb forwards to the Auto Scaling group of module.myapp-asg: the target group
    // reaches the group through a module output and a module input.
    assert_eq!(get("alb-alb").properties.exposure, Some(trustmap::model::props::Exposure::Private));
    assert!(d.flows.iter().any(|f| f.from.as_str() == "alb-alb" && f.to.as_str() == "myapp-asg-asg"));
    let asg = get("myapp-asg-asg");
    assert_eq!(asg.kind, ComponentKind::Ec2Node);
    assert_eq!(asg.role.as_ref().map(|r| r.as_str()), Some("myapp-asg-iam-role"));
    assert_eq!(asg.properties.ingress_cidrs.as_deref(), Some(&["10.0.0.0/8".to_owned()][..]));
    assert!(
        imported
            .report
            .items
            .iter()
            .any(|i| i.source == "module.alb.aws_alb_listener.alb" && i.text.contains("folded into alb-alb"))
    );
}

#[test]
fn terraform_configuration_files_ask_for_the_json_plan() {
    let problems = problems_of("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n");
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("terraform show -json"), "{problems:?}");
}

/// The shopping-cart template with one function taken out and one topic added.
fn edited_cart() -> Vec<u8> {
    let text = fs::read_to_string(corpus().join("cloudformation/sam-sqs-ddbstream-api-shopping-cart.yaml")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| *l == "  GetCartTotalFunction:").unwrap();
    let end = lines.iter().position(|l| *l == "  DeleteFromCartFunction:").unwrap();
    lines.drain(start..end);
    let at = lines.iter().position(|l| *l == "  CartDeleteSQSDLQ:").unwrap();
    lines.splice(at..at, ["  CartEventsTopic:", "    Type: AWS::SNS::Topic", ""]);
    lines.join("\n").into_bytes()
}

#[test]
fn an_update_keeps_the_users_work_and_reports_the_difference() {
    use trustmap::import::update::{GONE, update};
    use trustmap::model::triage::{Triage, TriageStatus};
    let path = corpus().join("cloudformation/sam-sqs-ddbstream-api-shopping-cart.yaml");
    let mut design = import_path(&path).unwrap().diagram;
    assert!(design.components.iter().all(|c| !c.source.is_empty()), "every imported component records its source");
    assert_eq!(design.format_version(), 5);
    // The user moves a card and triages a finding.
    let moved = design.layout.components.get_mut(&design.components[0].id).unwrap();
    moved.x += 480.0;
    moved.y += 320.0;
    let moved_id = design.components[0].id.clone();
    let moved_rect = design.layout.components[&moved_id];
    let finding = "deprecated-runtime@addtocartfunction";
    design.triage.insert(
        finding.to_owned(),
        Triage { status: TriageStatus::Accepted, note: "runtime upgrade planned".to_owned() },
    );
    let fresh = import_bytes(&edited_cart()).unwrap().diagram;
    let (updated, report) = update(&design, &fresh).unwrap();
    assert_eq!(report.added, ["CartEventsTopic"]);
    assert_eq!(report.removed, ["GetCartTotalFunction"]);
    assert_eq!(updated.layout.components[&moved_id], moved_rect, "the moved card keeps its place");
    assert_eq!(updated.triage[finding].note, "runtime upgrade planned");
    let topic = updated.components.iter().find(|c| c.source == "CartEventsTopic").unwrap();
    let rect = updated.layout.components.get(&topic.id).expect("the new resource is placed");
    for (id, other) in &updated.layout.components {
        if id != &topic.id && updated.components.iter().any(|c| &c.id == id && c.parent == topic.parent) {
            assert!(!trustmap::layout::check::overlaps(rect, other), "the new card overlaps {id}");
        }
    }
    let gone = updated.components.iter().find(|c| c.source == "GetCartTotalFunction").unwrap();
    assert!(updated.notes.iter().any(|n| n.attached_to.as_ref() == Some(&gone.id) && n.text.starts_with(GONE)));
    // The analysis still sees the triage, and a second update changes nothing.
    let model = load_str(&to_json(&updated)).unwrap();
    let analysis = analyze(&model);
    assert!(analysis.findings.iter().any(|f| f.id() == finding && f.status == TriageStatus::Accepted));
    let (again, report) = update(&updated, &fresh).unwrap();
    assert!(report.added.is_empty() && report.changed.is_empty() && report.flows_added == 0, "{report:?}");
    assert_eq!(report.removed, ["GetCartTotalFunction"]);
    assert_eq!(again.notes.len(), updated.notes.len());
}

#[test]
fn the_command_line_checks_a_template_and_updates_a_design() {
    use support_cli::{temp_file, trustmap};
    let nested = corpus().join("cloudformation/nested-msk-pipes/template.yaml");
    let (code, out, err) = trustmap(&["check", nested.to_str().unwrap(), "--fail-on", "critical"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("findings"), "{out}");
    let plan = corpus().join("terraform/alb-asg-lambda.plan.json");
    let (code, out, _) = trustmap(&["check", plan.to_str().unwrap(), "--fail-on", "elevated"]);
    assert_eq!(code, 1, "the plan's wildcard roles fail an elevated gate: {out}");

    let original =
        fs::read_to_string(corpus().join("cloudformation/sam-sqs-ddbstream-api-shopping-cart.yaml")).unwrap();
    let template = temp_file("iac", "cart.yaml", &original);
    let design = template.with_file_name("design.json");
    let (code, _, err) = trustmap(&["import", template.to_str().unwrap(), "-o", design.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    fs::write(&template, edited_cart()).unwrap();
    let (code, out, err) = trustmap(&["import", template.to_str().unwrap(), "--update", design.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added: CartEventsTopic\nremoved: GetCartTotalFunction\n1 added, 1 removed"), "{out}");
    let (code, out, _) = trustmap(&["validate", design.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_terraform_state_imports_like_its_plan() {
    let text = fs::read_to_string(corpus().join("terraform/alb-asg-lambda.plan.json")).unwrap();
    let plan: Value = serde_json::from_str(&text).unwrap();
    let mut state = serde_json::Map::new();
    state.insert("format_version".to_owned(), plan["format_version"].clone());
    state.insert("terraform_version".to_owned(), plan["terraform_version"].clone());
    state.insert("values".to_owned(), plan["planned_values"].clone());
    let from_state = import_bytes(Value::Object(state).to_string().as_bytes()).unwrap();
    let from_plan = import_bytes(text.as_bytes()).unwrap();
    // A state has no configuration: the same components, but no references to wire them.
    assert_eq!(from_state.diagram.components.len(), from_plan.diagram.components.len());
    assert!(from_state.diagram.flows.len() <= from_plan.diagram.flows.len());
}

#[test]
fn sam_globals_reach_the_implicit_api() {
    let template = "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Api:\n    Auth:\n      DefaultAuthorizer: AWS_IAM\n    AccessLogSetting:\n      DestinationArn: arn:aws:logs:eu-west-1:111122223333:log-group:api\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Events:\n        Get:\n          Type: Api\n          Properties:\n            Path: /x\n            Method: get\n";
    let imported = import_bytes(template.as_bytes()).unwrap();
    let api = imported.diagram.components.iter().find(|c| c.source == "ServerlessRestApi").unwrap();
    assert_eq!(api.properties.requires_authentication, Some(true));
    assert_eq!(api.properties.public_entry, Some(false), "IAM authorization: not an open entry point");
    assert_eq!(api.properties.logging, Some(true));
    let function = imported.diagram.components.iter().find(|c| c.source == "Fn").unwrap();
    assert!(imported.diagram.flows.iter().any(|f| f.from == api.id && f.to == function.id));
}
