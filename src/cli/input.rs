//! Reading diagram files for the commands: a path, `-` for standard input, or `sample:NAME` for a bundled sample. A
//! CloudFormation / SAM template or Terraform plan is imported on the way in.
//! The bytes are read once (`read.rs`) and kept for whatever else needs them (SARIF line numbers).

use std::io::Write;

use super::say;
use crate::model::named::clip;
use std::path::Path;

use super::read::read_input;
use crate::analysis::check_rule_settings;
use crate::io::{load_bytes, samples};
use crate::model::Model;
use crate::model::problem::Problem;

/// Why an input could not be used.
pub(crate) enum InputError {
    /// Not readable (missing file, permissions, unknown sample).
    Unreadable(String),
    /// Readable but not a valid diagram.
    Invalid(Vec<Problem>),
}

/// Loads a file, standard input or bundled sample; with the model, the bytes it was read from.
pub(crate) fn load(path: &Path) -> Result<(Model, Vec<u8>), InputError> {
    if let Some(name) = path.to_str().and_then(|p| p.strip_prefix("sample:")) {
        let sample = samples::find(name).ok_or_else(|| {
            let names: Vec<&str> =
                samples::all().iter().map(|s| s.file.strip_suffix(".json").unwrap_or(s.file)).collect();
            InputError::Unreadable(format!("no bundled sample \"{}\" (samples: {})", clip(name), names.join(", ")))
        })?;
        let model = sample.model().map_err(InputError::Invalid)?;
        return settings_checked(model, sample.json.as_bytes().to_vec());
    }
    let bytes = read_input(path).map_err(|error| InputError::Unreadable(error.to_string()))?;
    if crate::import::is_infrastructure_as_code(&bytes) && load_bytes(&bytes).is_err() {
        // A template or plan is imported on the fly, so a CI gate needs no intermediate file.
        let imported = super::import::import_file(path, &bytes).map_err(InputError::Invalid)?;
        let model = Model::new(imported.diagram).map_err(InputError::Invalid)?;
        return settings_checked(model, bytes);
    }
    let model = load_bytes(&bytes).map_err(InputError::Invalid)?;
    settings_checked(model, bytes)
}

/// The model when its rule settings name known rules and thresholds in range: one set of loading rules for every
/// command (`validate` says valid exactly when `check` accepts the file).
fn settings_checked(model: Model, bytes: Vec<u8>) -> Result<(Model, Vec<u8>), InputError> {
    let problems = check_rule_settings(&model);
    if problems.is_empty() { Ok((model, bytes)) } else { Err(InputError::Invalid(problems)) }
}

/// Prints an input error as `FILE: problem` lines.
pub(crate) fn report(path: &Path, error: &InputError, err: &mut dyn Write) {
    let shown = path.display();
    match error {
        InputError::Unreadable(why) => say(err, &format!("{shown}: cannot read: {why}")),
        InputError::Invalid(problems) => {
            for problem in problems {
                say(err, &format!("{shown}: {problem}"));
            }
        }
    }
}

/// Loads an input for a command that needs a valid diagram; on failure prints why and gives exit code 2.
pub(crate) fn load_or_report(path: &Path, err: &mut dyn Write) -> Result<(Model, Vec<u8>), u8> {
    load(path).map_err(|error| {
        report(path, &error, err);
        super::EXIT_UNUSABLE
    })
}
