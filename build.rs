//! Build script: the browser build (wasm32) compiles the bundled samples in without their indentation and line
//! breaks, which are two fifths of their 190 KB and count against the size of the download. The text is the same
//! JSON otherwise (strings untouched), so it loads into the same diagrams. Other targets include `samples/` as it is
//! (see `src/io/samples.rs`) and this script does nothing for them.

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
    let out = Path::new(&out_dir).join("samples");
    if let Err(error) = fs::create_dir_all(&out) {
        fail(&format!("{}: {error}", out.display()));
    }
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let Ok(text) = fs::read_to_string(&path) else { fail(&format!("{} is not readable UTF-8", path.display())) };
        let target = out.join(entry.file_name());
        if let Err(error) = fs::write(&target, without_whitespace(&text)) {
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
