//! Build script: the browser build (wasm32) compiles the bundled samples in without their indentation and line
//! breaks, which are two fifths of their 190 KB, and deflated: all of them one after the other in one deflate stream
//! (118 KB of JSON in about 16 KB), which `src/io/samples.rs` inflates when the samples are first asked for. The
//! text is the same JSON otherwise (strings untouched), so it loads into the same diagrams. Other targets include
//! `samples/` as it is and this script does nothing for them.

use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-changed=samples");
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("wasm32") {
        return;
    }
    let (Ok(out_dir), Ok(entries)) = (env::var("OUT_DIR"), fs::read_dir("samples")) else {
        fail("samples/ or OUT_DIR cannot be read");
    };
    let mut files: Vec<_> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().and_then(|e| e.to_str()) == Some("json"))
        .collect();
    files.sort();
    let mut packed = String::new();
    let mut table = String::new();
    for path in &files {
        let Ok(text) = fs::read_to_string(path) else { fail(&format!("{} is not readable UTF-8", path.display())) };
        let text = without_whitespace(&text);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        table.push_str(&format!("    ({name:?}, {}),\n", text.len()));
        packed.push_str(&text);
    }
    let out = Path::new(&out_dir);
    let deflated = miniz_oxide::deflate::compress_to_vec(packed.as_bytes(), 10);
    let code = format!(
        "/// The samples' texts one after the other, deflated.\n\
         pub(super) const PACKED: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/samples.deflate\"));\n\
         /// Each sample's file name and length in bytes, in the order of `PACKED`.\n\
         pub(super) const PACKED_FILES: &[(&str, usize)] = &[\n{table}];\n"
    );
    for (file, bytes) in [("samples.deflate", deflated.as_slice()), ("samples_packed.rs", code.as_bytes())] {
        let target = out.join(file);
        if let Err(error) = fs::write(&target, bytes) {
            fail(&format!("{}: {error}", target.display()));
        }
    }
}

/// The JSON text without the whitespace between tokens; whitespace inside strings (escapes included) stays.
fn without_whitespace(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}

fn fail(message: &str) -> ! {
    eprintln!("build.rs: {message}");
    std::process::exit(1)
}
