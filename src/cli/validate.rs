//! `trustmap validate FILE...`: every problem of every file, then exit 0 (all valid), 1 (some invalid) or 2
//! (some unreadable).

use std::io::Write;
use std::path::PathBuf;

use super::input::{InputError, read_checked, report};
use super::{EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE, emit};
use crate::report::terminal::escape;

pub(super) fn run(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut code = EXIT_OK;
    for (at, path) in files.iter().enumerate() {
        match read_checked(path) {
            Ok(checked) => {
                let (components, flows) = (checked.diagram.components.len(), checked.diagram.flows.len());
                let line = format!(
                    "{}: valid ({components} components, {flows} flows)\n",
                    escape(&path.display().to_string())
                );
                code = code.max(emit(out, err, &line));
                // The last file's diagram goes with the process; the others are freed before the next is read.
                if at + 1 == files.len() {
                    super::dispose(checked);
                }
            }
            Err(error) => {
                report(path, &error, err);
                let this = if matches!(error, InputError::Unreadable(_)) { EXIT_UNUSABLE } else { EXIT_FAILED };
                code = code.max(this);
            }
        }
    }
    code
}
