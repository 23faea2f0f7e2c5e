//! Saving: a [`Diagram`] to deterministic, diff-friendly JSON. The same diagram always gives the same bytes:
//! lists whose order carries no meaning are sorted by id, maps are sorted, floats print in their shortest exact form.

use serde::Serialize;

use crate::io::FORMAT;
use crate::model::Diagram;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    #[serde(flatten)]
    diagram: &'a Diagram,
}

/// The file text of a diagram (normalised), ending with a newline.
pub fn to_json(diagram: &Diagram) -> String {
    let mut normalized = diagram.clone();
    normalized.normalize();
    // The oldest version that holds the diagram, so older builds can still open files that need nothing newer.
    let document = Document { format: FORMAT, version: normalized.format_version(), diagram: &normalized };
    // Serialising plain data to a String cannot fail: there are no non-string map keys and no I/O.
    let mut text = if normalized.unreadable.is_empty() {
        serde_json::to_string_pretty(&document).unwrap_or_default()
    } else {
        // What a lenient open could not read goes back where it was.
        let mut value = serde_json::to_value(&document).unwrap_or_default();
        crate::io::open::with_unreadable(&mut value, &normalized.unreadable);
        serde_json::to_string_pretty(&value).unwrap_or_default()
    };
    text.push('\n');
    text
}
