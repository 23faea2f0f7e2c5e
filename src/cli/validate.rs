//! `trustmap validate FILE...`: every problem of every file, then exit 0 (all valid), 1 (some invalid) or 2
//! (some unreadable).

use std::io::Write;
use std::path::PathBuf;

use super::input::{InputError, load, report};
use super::{EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE, emit};
use crate::report::terminal::escape;

pub(super) fn run(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut code = EXIT_OK;
    for path in files {
        match load(path) {
            Ok((model, _)) => {
                let line = format!(
                    "{}: valid ({} components, {} flows)\n",
                    escape(&path.display().to_string()),
                    model.components().len(),
                    model.flows().len()
                );
                code = code.max(emit(out, err, &line));
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
