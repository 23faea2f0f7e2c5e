//! Terraform plans and states (`terraform show -json`): the `aws_*` resources of `planned_values` (a plan) or
//! `values` (a state), wired by the references of `configuration` (through module inputs and outputs), are written
//! as a CloudFormation template (`translate`) and imported by the CloudFormation importer, so both formats map
//! alike. Resources are named by their Terraform address (`module.alb.aws_lb.this`), which the report uses as the
//! place. A value the plan leaves unknown (known after apply) stays unknown.

mod config;
mod translate;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::import::report::ImportReport;
use crate::model::Diagram;
use crate::model::problem::Problem;

use config::Config;

/// Whether a parsed JSON document is a Terraform plan or state.
pub(super) fn is_plan(value: &Value) -> bool {
    let has = |key: &str| value.get(key).is_some();
    (has("planned_values") || has("values")) && (has("format_version") || has("terraform_version"))
}

/// Whether text is Terraform's own language (HCL), which trustmap does not read.
pub(super) fn is_hcl(text: &str) -> bool {
    text.lines().map(str::trim_start).any(|line| {
        ["resource \"", "provider \"", "module \"", "variable \"", "terraform {", "data \""]
            .iter()
            .any(|s| line.starts_with(s))
    })
}

/// One resource instance of the plan.
pub(super) struct Instance {
    /// Its full address (`module.alb.aws_lb.this[0]`).
    pub address: String,
    /// The module instance it is in (`module.alb`, empty for the root).
    pub module: String,
    /// Its Terraform type (`aws_lb`).
    pub kind: String,
    /// Its values, with the configuration's references to other resources as `{"Ref": address}`.
    pub values: Value,
}

/// Imports a plan or state.
pub(super) fn import(value: &Value) -> Result<(Diagram, ImportReport), Vec<Problem>> {
    let (root, base) = match (value.get("planned_values"), value.get("values")) {
        (Some(planned), _) => (planned.get("root_module"), "$.planned_values.root_module"),
        (None, Some(values)) => (values.get("root_module"), "$.values.root_module"),
        (None, None) => (None, "$"),
    };
    let Some(root) = root else {
        return Err(vec![Problem::new(base, "a Terraform plan or state needs a root_module")]);
    };
    let mut instances = Vec::new();
    collect(root, "", &mut instances, 0, base)?;
    crate::import::common::Builder::check_size(instances.len(), base)?;
    let config = Config::new(value.get("configuration").and_then(|c| c.get("root_module")));
    let known: Vec<String> = instances.iter().map(|i| i.address.clone()).collect();
    for instance in &mut instances {
        config.wire(instance, &known);
    }
    let template = translate::template(&instances);
    let mut names = translate::display_names(&instances);
    let labels: BTreeMap<String, (String, String)> = instances
        .iter()
        .map(|i| (i.address.clone(), (i.kind.clone(), names.remove(&i.address).unwrap_or_default())))
        .collect();
    let (diagram, mut report) = crate::import::cfn::import_translated(&template, labels).map_err(|problems| {
        problems.into_iter().map(|p| Problem::new(translate::source_path(&p.path), p.message)).collect::<Vec<_>>()
    })?;
    report.format = "Terraform plan (terraform show -json)".to_owned();
    for item in &mut report.items {
        item.source = translate::source_path(&item.source);
    }
    Ok((diagram, report))
}

/// The managed resources of a module and its children, depth first.
fn collect(module: &Value, path: &str, out: &mut Vec<Instance>, depth: usize, place: &str) -> Result<(), Vec<Problem>> {
    if depth > 32 {
        return Err(vec![Problem::new(place, "modules nested more than 32 deep")]);
    }
    if let Some(resources) = module.get("resources").and_then(Value::as_array) {
        for resource in resources {
            if resource.get("mode").and_then(Value::as_str) == Some("data") {
                continue;
            }
            let (Some(address), Some(kind)) =
                (resource.get("address").and_then(Value::as_str), resource.get("type").and_then(Value::as_str))
            else {
                continue;
            };
            let values = match resource.get("values") {
                Some(Value::Object(map)) => Value::Object(map.clone()),
                _ => Value::Object(Map::new()),
            };
            out.push(Instance { address: address.to_owned(), module: path.to_owned(), kind: kind.to_owned(), values });
        }
    }
    if let Some(children) = module.get("child_modules").and_then(Value::as_array) {
        for (i, child) in children.iter().enumerate() {
            let address = child.get("address").and_then(Value::as_str).unwrap_or_default();
            collect(child, address, out, depth + 1, &format!("{place}.child_modules[{i}]"))?;
        }
    }
    Ok(())
}
