//! trustmap: draw microservice architectures on AWS and see, live, what is wrong with them.
//!
//! The pipeline, and the layer rule (each layer only uses the ones before it):
//!
//! 1. [`model`]: what an architecture is (components of catalog kinds, containment, flows, boundaries, bounded
//!    contexts, settings) and the checked, indexed [`model::Model`] built from it.
//! 2. [`io`]: the versioned JSON file format: load with every problem reported by JSON path, deterministic and
//!    atomic save, bundled samples.
//! 3. [`edit`]: every change as an [`edit::Edit`] with an exact inverse, the user-level operations, copy and
//!    paste, and [`edit::Document`] with undo, redo and revisions.
//! 4. [`analysis`]: threat findings, total risk, responsibility, blast radius, architecture metrics.
//! 5. [`report`]: pure renderers of an analysis (text, Markdown, JSON, SARIF); [`scene`]: what to draw;
//!    [`export`]: the scene as SVG and PNG with the diagram embedded.
//! 6. [`cli`] and, with the `gui` feature, `ui`: thin shells over the above.
//!
//! Beside the layers, [`sorting`] sorts lists through one shared instance of the sort algorithm (a smaller
//! WebAssembly bundle).
//!
//! Everything up to `export` is plain Rust with no egui, no threads, files or clock, and builds for
//! `wasm32-unknown-unknown`; I/O stays at the edges (`io::fs`, the CLI, the UI).

pub mod analysis;
/// The bundled font (and icons) every painter draws with.
pub mod assets;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod edit;
pub mod export;
pub mod import;
pub mod io;
pub mod layout;
pub mod model;
pub mod report;
pub mod scene;
pub mod sorting;
#[cfg(feature = "gui")]
pub mod ui;
