//! Running the built `trustmap` binary and writing its input files, for the CLI tests
//! (`#[path = "support/cli.rs"] mod cli;`).

use std::path::PathBuf;
use std::process::Command;

/// Runs `trustmap` with `args`: `(exit code, stdout, stderr)`.
pub fn trustmap(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_trustmap")).args(args).output().expect("binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Writes a file in a folder of its own for this test process and test file (`tag`).
pub fn temp_file(tag: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trustmap-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temporary file");
    path
}
