//! The diagram inside an exported SVG: its JSON as the text of one element in `<metadata>`, escaped so the XML
//! parser gives back exactly the same characters (`io::embedded` reads it).

use crate::export::xml::{base64, is_verbatim};
use crate::io::embedded::{SVG_ELEMENT, SVG_NAMESPACE};

/// Appends `<metadata>` with the model. JSON written by trustmap is plain XML text once `&`, `<` and `>` are
/// escaped; anything XML would change (a carriage return, a character XML forbids) is written as base64 instead.
pub(crate) fn write_metadata(out: &mut String, json: &str) {
    out.push_str("<metadata><tm:");
    out.push_str(SVG_ELEMENT);
    out.push_str(" xmlns:tm=\"");
    out.push_str(SVG_NAMESPACE);
    if is_verbatim(json) {
        out.push_str("\" encoding=\"text\">");
        crate::report::html::escape_text_into(out, json);
    } else {
        out.push_str("\" encoding=\"base64\">");
        out.push_str(&base64(json.as_bytes()));
    }
    out.push_str("</tm:");
    out.push_str(SVG_ELEMENT);
    out.push_str("></metadata>");
}
