//! Reading diagram files for the commands: a path, or `sample:NAME` for a bundled sample.

use std::io::Write;

use super::say;
use std::path::Path;

use crate::io::fs::{OpenError, open};
use crate::io::samples;
use crate::model::Model;
use crate::model::problem::Problem;

/// Why an input could not be used.
pub(crate) enum InputError {
    /// Not readable (missing file, permissions, unknown sample).
    Unreadable(String),
    /// Readable but not a valid diagram.
    Invalid(Vec<Problem>),
}

/// Loads a file or bundled sample.
pub(crate) fn load(path: &Path) -> Result<Model, InputError> {
    if let Some(name) = path.to_str().and_then(|p| p.strip_prefix("sample:")) {
        let sample = samples::find(name).ok_or_else(|| {
            let names: Vec<&str> =
                samples::all().iter().map(|s| s.file.strip_suffix(".json").unwrap_or(s.file)).collect();
            InputError::Unreadable(format!("no bundled sample \"{name}\" (samples: {})", names.join(", ")))
        })?;
        return sample.model().map_err(InputError::Invalid);
    }
    open(path).map_err(|error| match error {
        OpenError::Io(io) => InputError::Unreadable(io.to_string()),
        OpenError::Invalid(problems) => InputError::Invalid(problems),
    })
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
pub(crate) fn load_or_report(path: &Path, err: &mut dyn Write) -> Result<Model, u8> {
    load(path).map_err(|error| {
        report(path, &error, err);
        super::EXIT_UNUSABLE
    })
}
