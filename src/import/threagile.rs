//! Threagile models (YAML).

use serde_json::Value;

use crate::import::report::ImportReport;
use crate::model::Diagram;
use crate::model::problem::Problem;

/// Parses YAML text into a JSON value, refusing alias bombs, deep nesting and repeated keys.
pub(super) fn parse_yaml(text: &str) -> Result<Value, Vec<Problem>> {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    serde_saphyr::from_str_with_options::<Value>(text, options)
        .map_err(|error| vec![Problem::new("$", format!("malformed or refused YAML: {error}"))])
}

pub(super) fn import(model: &Value) -> Result<(Diagram, ImportReport), Vec<Problem>> {
    let _ = model;
    Err(vec![Problem::new("$", "Threagile import is not written yet")])
}
