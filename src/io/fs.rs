//! File-system edge of the io layer (native only): size-limited reads and atomic saves.

use std::fs;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::io::{MAX_FILE_BYTES, load_bytes, to_json};
use crate::model::problem::Problem;
use crate::model::{Diagram, Model};

/// Why a file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file could not be read.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The file was read but is not a valid diagram.
    #[error("{} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
}

/// Reads at most [`MAX_FILE_BYTES`] + 1 bytes, so a huge file is refused without reading it all.
pub fn read_limited(path: &Path) -> io::Result<Vec<u8>> {
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Opens and checks a diagram file.
pub fn open(path: &Path) -> Result<Model, OpenError> {
    let bytes = read_limited(path)?;
    load_bytes(&bytes).map_err(OpenError::Invalid)
}

/// Writes `diagram` to `path` atomically: a temporary file in the same folder, flushed to disk, then renamed over
/// the target, so a crash leaves either the old file or the new one, never half of one.
pub fn save(path: &Path, diagram: &Diagram) -> io::Result<()> {
    write_atomic(path, to_json(diagram).as_bytes())
}

/// Atomic write of any bytes (also used for exports).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = temporary_path(path);
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result?;
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // Persist the rename itself; not every platform can open a directory, so failure here is not an error.
        if let Ok(dir) = fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}

fn temporary_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "diagram".to_owned());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_save_replaces_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("trustmap-fs-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("d.json");
        fs::write(&path, "old").unwrap();
        let diagram = crate::io::samples::all()[0].model().unwrap().into_diagram();
        save(&path, &diagram).unwrap();
        let reopened = open(&path).unwrap();
        assert_eq!(reopened.diagram(), &diagram);
        let leftovers: Vec<_> = fs::read_dir(&dir).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn failed_save_keeps_the_old_file() {
        let dir = std::env::temp_dir().join(format!("trustmap-fs-test-missing-{}", std::process::id()));
        let path = dir.join("nested").join("d.json");
        assert!(save(&path, &Diagram::default()).is_err());
        assert!(!path.exists());
    }
}
