//! The trustmap file format (JSON, `"format": "trustmap"`, `"version": 1`; see `docs/file-format.md`): loading
//! with every problem reported by JSON path, deterministic saving, and the samples bundled into the binary.

mod decode;
mod decode_model;
pub mod embedded;
mod fast;
#[cfg(not(target_arch = "wasm32"))]
pub mod fs;
mod load;
mod open;
mod property;
pub mod samples;
mod save;
pub mod share;

pub use embedded::diagram_json;
pub use load::{load_bytes, load_str, parse_diagram, parse_json};
pub use open::{Opened, open_bytes};
pub use property::{set_flow_field, set_property};
pub use save::to_json;

/// The `format` every trustmap file declares.
pub const FORMAT: &str = "trustmap";
/// The newest format version this build reads (it reads every older one, and writes the oldest that holds a
/// diagram: see `Diagram::format_version`).
pub const VERSION: u64 = 5;
/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
