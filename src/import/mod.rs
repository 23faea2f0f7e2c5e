//! Importing threat models made with other tools (OWASP Threat Dragon v2 JSON, Threagile YAML) and infrastructure
//! as code (AWS CloudFormation and SAM templates, YAML or JSON). The format is told from the content, never from the
//! file name; the result is a trustmap [`Diagram`] that passes every
//! check the loader makes, with an [`ImportReport`] saying what each part of the source became (mapped,
//! approximated, dropped, warnings), by JSON or YAML path. `docs/import.md` describes every mapping decision.
//!
//! Pure: bytes in, diagram out; no files, clock or threads, so the editor (also in the browser) and the command
//! line share it. Never panics on any input (the `import` fuzz target checks this).

mod cfn;
mod common;
pub mod report;
mod td_boundary;
mod td_layout;
mod terraform;
mod threagile;
mod threagile_links;
mod threat_dragon;
mod threats;
pub mod update;

use serde_json::Value;

pub use report::{ImportReport, Item, Outcome};

use crate::io::MAX_FILE_BYTES;
use crate::model::Diagram;
use crate::model::problem::Problem;

/// A format this build imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// OWASP Threat Dragon, version 2 JSON.
    ThreatDragon,
    /// Threagile YAML.
    Threagile,
    /// AWS CloudFormation or SAM template, YAML or JSON.
    CloudFormation,
    /// Terraform plan or state, as `terraform show -json` writes it.
    Terraform,
}

/// The result of an import.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The diagram; valid (it passes [`crate::model::problems`]).
    pub diagram: Diagram,
    /// What was mapped, approximated and dropped.
    pub report: ImportReport,
}

/// Whether `bytes` look like a file of a format trustmap imports or names (a cheap look at the start, for the
/// editor's open path: a trustmap document says `"format": "trustmap"` and never gets here).
pub fn looks_foreign(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(bytes.get(..64 * 1024).unwrap_or(bytes));
    let json_foreign = head.trim_start_matches('\u{feff}').trim_start().starts_with('{')
        && !head.contains("\"format\"")
        && (head.contains("\"detail\"") || head.contains("\"otmVersion\"") || head.contains("\"trust_zones\""));
    json_foreign || is_infrastructure_as_code(bytes) || head.lines().any(|line| line.starts_with("threagile_version:"))
}

pub use cfn::nested::Reader;

/// Whether `bytes` look like infrastructure as code trustmap imports (a CloudFormation / SAM template or a Terraform
/// plan or state), from a cheap look at the start; `trustmap check` analyses those directly.
pub fn is_infrastructure_as_code(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(bytes.get(..64 * 1024).unwrap_or(bytes));
    if head.contains("\"format\"") && head.contains("\"trustmap\"") {
        return false;
    }
    head.contains("AWSTemplateFormatVersion")
        || (head.contains("Resources") && head.contains("AWS::"))
        || head.contains("\"planned_values\"")
        || head.contains("\"terraform_version\"")
}

/// Imports a Threat Dragon or Threagile file, or a CloudFormation template without its nested stacks. Every error
/// names the place in the source (a JSON or YAML path).
pub fn import_bytes(bytes: &[u8]) -> Result<Imported, Vec<Problem>> {
    import_with(bytes, "", None)
}

/// As [`import_bytes`], for a file called `name` whose nested stacks (CloudFormation `TemplateURL`s naming local
/// files) `reader` reads, by paths relative to the file's folder. The reader is the caller's: the import itself
/// never touches files.
pub fn import_with(bytes: &[u8], name: &str, reader: Option<&mut Reader<'_>>) -> Result<Imported, Vec<Problem>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![Problem::new(
            "$",
            format!(
                "the file is {} MiB; trustmap imports files up to {} MiB",
                bytes.len().div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )]);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec![Problem::new("$", "the file is not UTF-8 text; save it as UTF-8 and import it again")]);
    };
    let (format, value) = detect(text)?;
    let (mut diagram, mut report) = match format {
        Format::ThreatDragon => threat_dragon::import(&value)?,
        Format::Threagile => threagile::import(&value)?,
        Format::CloudFormation => cfn::import(&value, name, reader)?,
        Format::Terraform => terraform::import(&value)?,
    };
    diagram.normalize();
    lay_out(&mut diagram, &mut report);
    let problems = crate::model::problems(&diagram);
    if !problems.is_empty() {
        // The importers build only what the checks accept; reaching this is a bug, said plainly rather than hidden.
        return Err(problems
            .into_iter()
            .map(|p| {
                Problem::new(p.path, format!("the imported diagram is not valid (an importer bug): {}", p.message))
            })
            .collect());
    }
    Ok(Imported { diagram, report })
}

/// Lays out an imported diagram that came without positions (every Threagile model) with Tidy up, and says so in
/// the report. A diagram whose components all have rectangles (Threat Dragon) keeps the author's layout.
fn lay_out(diagram: &mut Diagram, report: &mut ImportReport) {
    let unplaced = diagram.components.iter().filter(|c| !diagram.layout.components.contains_key(&c.id)).count();
    if unplaced == 0 {
        return;
    }
    let tidied = crate::layout::tidy_diagram(diagram);
    report.add(
        Outcome::Approximated,
        "$",
        None,
        format!(
            "{unplaced} of {} components had no position: laid out automatically (Tidy up): {}",
            diagram.components.len(),
            tidied.summary()
        ),
    );
}

/// Tells the format from the content and parses it.
fn detect(text: &str) -> Result<(Format, Value), Vec<Problem>> {
    let first = text.trim_start().chars().next();
    if first == Some('{') {
        let value = crate::io::parse_json(text.as_bytes()).map_err(|problem| vec![problem])?;
        let has = |key: &str| value.get(key).is_some();
        let named = |tool: &str| {
            Err(vec![Problem::new(
                "$",
                format!(
                    "this is {tool}; trustmap does not import it yet (it imports OWASP Threat Dragon v2 JSON and Threagile YAML)"
                ),
            )])
        };
        return if value.get("format").and_then(Value::as_str) == Some(crate::io::FORMAT) {
            Err(vec![Problem::new("$", "this is already a trustmap diagram: open it instead of importing it")])
        } else if cfn::is_template(&value) {
            Ok((Format::CloudFormation, value))
        } else if terraform::is_plan(&value) {
            Ok((Format::Terraform, value))
        } else if has("detail") && has("summary") {
            Ok((Format::ThreatDragon, value))
        } else if has("otmVersion") {
            named("an Open Threat Model (OTM) file")
        } else if has("trust_zones") && has("data_flows") {
            named("a TM-BOM threat model")
        } else if has("threatsFile") || (has("elements") && has("findings")) {
            named("OWASP pytm output")
        } else {
            Err(vec![Problem::new(
                "$",
                "not a format trustmap imports (OWASP Threat Dragon v2 JSON with \"summary\" and \"detail\", Threagile YAML, or a CloudFormation / SAM template with \"Resources\")",
            )])
        };
    }
    if text.trim().is_empty() {
        return Err(vec![Problem::new("$", "the file is empty")]);
    }
    if terraform::is_hcl(text) {
        return Err(vec![Problem::new(
            "$",
            "this is Terraform configuration (HCL), which trustmap does not read: run `terraform plan -out plan.tfplan` and `terraform show -json plan.tfplan > plan.json` (or `terraform show -json` for the state) first, and import that JSON",
        )]);
    }
    // CloudFormation's short intrinsic tags (`!Ref`) are read as the long form; Threagile YAML has no tags and is
    // read again by its own parser, which keeps YAML 1.1 booleans.
    let value = cfn::yaml::parse(text)?;
    if value.get("threagile_version").is_some() {
        Ok((Format::Threagile, threagile::parse_yaml(text)?))
    } else if cfn::is_template(&value) {
        Ok((Format::CloudFormation, value))
    } else {
        Err(vec![Problem::new(
            "$",
            "not a format trustmap imports: YAML without \"threagile_version\" or CloudFormation \"Resources\" (trustmap imports Threagile YAML, CloudFormation / SAM templates and OWASP Threat Dragon v2 JSON)",
        )])
    }
}
