//! Reading diagram files for the commands: a path, `-` for standard input, or `sample:NAME` for a bundled sample. A
//! CloudFormation / SAM template or Terraform plan is imported on the way in.
//! The bytes are read once (`read.rs`) and kept for whatever else needs them (SARIF line numbers).

use std::io::Write;

use super::say;
use crate::model::named::clip;
use std::path::Path;

use super::read::read_input;
use crate::analysis::check_rule_settings;
use crate::io::{parse_diagram, samples};
use crate::model::Model;
use crate::model::diagram::Diagram;
use crate::model::problem::Problem;
use crate::model::settings::Settings;

/// Why an input could not be used.
pub(crate) enum InputError {
    /// Not readable (missing file, permissions, unknown sample).
    Unreadable(String),
    /// Readable but not a valid diagram.
    Invalid(Vec<Problem>),
}

/// Loads a file, standard input or bundled sample; with the model, the bytes it was read from.
pub(crate) fn load(path: &Path) -> Result<(Model, Vec<u8>), InputError> {
    let Checked { diagram, bytes } = read_checked(path)?;
    Ok((Model::of_sound(diagram).map_err(InputError::Invalid)?, bytes))
}

/// A diagram read and found sound, with the bytes it was read from: what [`load`] makes a model of.
pub(crate) struct Checked {
    pub(crate) diagram: Diagram,
    pub(crate) bytes: Vec<u8>,
}

/// Reads a file, standard input or bundled sample and checks it by the rules every command loads by, without
/// building the model's indexes (`validate` needs no more).
pub(crate) fn read_checked(path: &Path) -> Result<Checked, InputError> {
    let bytes = match path.to_str().and_then(|p| p.strip_prefix("sample:")) {
        Some(name) => {
            let sample = samples::find(name).ok_or_else(|| {
                let names: Vec<&str> =
                    samples::all().iter().map(|s| s.file.strip_suffix(".json").unwrap_or(s.file)).collect();
                InputError::Unreadable(format!("no bundled sample \"{}\" (samples: {})", clip(name), names.join(", ")))
            })?;
            sample.json.as_bytes().to_vec()
        }
        None => read_input(path).map_err(|error| InputError::Unreadable(error.to_string()))?,
    };
    let diagram = match parse_diagram(&bytes) {
        Err(problems) if crate::import::is_infrastructure_as_code(&bytes) => {
            // A template or plan is imported on the fly, so a CI gate needs no intermediate file.
            drop(problems);
            super::import::import_file(path, &bytes).map_err(InputError::Invalid)?.diagram
        }
        parsed => parsed.map_err(InputError::Invalid)?,
    };
    let problems = crate::model::problems(&diagram);
    if !problems.is_empty() {
        return Err(InputError::Invalid(problems));
    }
    settings_checked(&diagram.settings)?;
    Ok(Checked { diagram, bytes })
}

/// Refuses rule settings that name unknown rules or thresholds, or thresholds out of range: one set of loading rules
/// for every command (`validate` says valid exactly when `check` accepts the file).
fn settings_checked(settings: &Settings) -> Result<(), InputError> {
    let problems = check_rule_settings(settings);
    if problems.is_empty() { Ok(()) } else { Err(InputError::Invalid(problems)) }
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
