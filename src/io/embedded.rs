//! Diagrams inside exported pictures: an SVG carries the diagram's JSON in `<metadata>` (element `model` in the
//! namespace [`SVG_NAMESPACE`]), a PNG in an `iTXt` chunk with the keyword [`PNG_KEYWORD`]. [`diagram_json`] gives
//! the JSON of any input trustmap reads (a diagram file as it is, or the model inside an export), so every loader
//! and every command takes an exported SVG or PNG wherever it takes a diagram.
//!
//! Only the embedded model is read: nothing else in the picture matters. XML with a document type declaration
//! (and so with entities) is refused before anything is expanded, and inputs stay within [`MAX_FILE_BYTES`].

use std::borrow::Cow;

use crate::io::MAX_FILE_BYTES;
use crate::model::problem::Problem;

/// The XML namespace of the model element in an exported SVG's `<metadata>`.
pub const SVG_NAMESPACE: &str = "urn:x-trustmap:diagram";
/// The local name of that element.
pub const SVG_ELEMENT: &str = "model";
/// The keyword of the PNG text chunk that holds the model.
pub const PNG_KEYWORD: &str = "trustmap";

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The diagram JSON of `bytes`: the bytes themselves, unless they are an exported SVG or PNG, whose embedded model
/// is returned. An SVG or PNG without one, or one that does not parse, is a problem.
pub fn diagram_json(bytes: &[u8]) -> Result<Cow<'_, [u8]>, Problem> {
    if bytes.len() > MAX_FILE_BYTES {
        // The JSON reader names the size.
        return Ok(Cow::Borrowed(bytes));
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return from_png(bytes).map(|json| Cow::Owned(json.into_bytes()));
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    if start.and_then(|i| text.get(i)) == Some(&b'<') && looks_like_svg(text) {
        return from_svg(text).map(|json| Cow::Owned(json.into_bytes()));
    }
    Ok(Cow::Borrowed(bytes))
}

/// Whether XML text is an SVG document (other XML, a draw.io file for instance, is left to the JSON reader's
/// message).
fn looks_like_svg(text: &[u8]) -> bool {
    let head = String::from_utf8_lossy(text.get(..4096).unwrap_or(text)).to_ascii_lowercase();
    head.contains("<svg")
}

fn unreadable(why: impl std::fmt::Display) -> Problem {
    Problem::new("$", format!("the SVG cannot be read: {why}"))
}

/// The model in an exported SVG.
pub fn from_svg(text: &[u8]) -> Result<String, Problem> {
    let text = std::str::from_utf8(text).map_err(|_| unreadable("it is not UTF-8 text"))?;
    // roxmltree refuses a DTD by default (`allow_dtd: false`), so no entity is ever declared or expanded.
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    let document = roxmltree::Document::parse_with_options(text, options).map_err(|error| match error {
        roxmltree::Error::DtdDetected => {
            Problem::new("$", "the SVG has a document type declaration (DOCTYPE); trustmap refuses DTDs and entities")
        }
        other => unreadable(other),
    })?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return Err(Problem::new("$", "the file is XML but not an SVG, and not a trustmap diagram (JSON)"));
    }
    let model = root
        .children()
        .filter(|node| node.has_tag_name("metadata"))
        .flat_map(|metadata| metadata.children())
        .find(|node| node.has_tag_name((SVG_NAMESPACE, SVG_ELEMENT)))
        .ok_or_else(|| {
            Problem::new(
                "$",
                "the SVG holds no trustmap diagram (it was not exported by trustmap, or exported without the model)",
            )
        })?;
    let text: String = model.children().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    match model.attribute("encoding") {
        None | Some("text") => Ok(text),
        Some("base64") => unbase64(&text)
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(|| unreadable("the embedded model is not valid base64 UTF-8")),
        Some(other) => Err(unreadable(format!("unknown encoding of the embedded model \"{}\"", clip(other)))),
    }
}

fn clip(text: &str) -> String {
    crate::model::named::clip(text).to_string()
}

/// The model in an exported PNG.
pub fn from_png(bytes: &[u8]) -> Result<String, Problem> {
    let bad = |why: &dyn std::fmt::Display| Problem::new("$", format!("the PNG cannot be read: {why}"));
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_ignore_text_chunk(false);
    let reader = decoder.read_info().map_err(|e| bad(&e))?;
    let chunk = reader.info().utf8_text.iter().find(|chunk| chunk.keyword == PNG_KEYWORD).ok_or_else(|| {
        Problem::new(
            "$",
            "the PNG holds no trustmap diagram (it was not exported by trustmap, or exported without the model)",
        )
    })?;
    let mut chunk = chunk.clone();
    chunk.decompress_text_with_limit(MAX_FILE_BYTES).map_err(|e| bad(&e))?;
    chunk.get_text().map_err(|e| bad(&e))
}

/// Decodes standard base64 (whitespace ignored); `None` on any other character.
pub(crate) fn unbase64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut word, mut bits, mut padding) = (0u32, 0, 0);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            _ => return None,
        };
        if padding > 0 {
            return None;
        }
        word = (word << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((word >> bits) as u8);
        }
    }
    (padding <= 2).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(model: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><metadata><m:model xmlns:m=\"{SVG_NAMESPACE}\">{model}</m:model></metadata></svg>"
        )
    }

    #[test]
    fn json_passes_through_and_svg_gives_its_model() {
        assert!(matches!(diagram_json(b"{\"a\": 1}"), Ok(Cow::Borrowed(_))));
        let text = svg("{&quot;a&quot;: &lt;1&gt;}");
        let got = diagram_json(text.as_bytes()).unwrap();
        assert_eq!(&*got, b"{\"a\": <1>}");
    }

    #[test]
    fn doctype_and_entities_are_refused() {
        let evil = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x \"boom\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><metadata>&x;</metadata></svg>";
        let problem = diagram_json(evil.as_bytes()).unwrap_err();
        assert!(problem.to_string().contains("DOCTYPE"), "{problem}");
        let undeclared = svg("&x;");
        assert!(diagram_json(undeclared.as_bytes()).is_err());
    }

    #[test]
    fn an_svg_without_a_model_says_so() {
        let problem = diagram_json(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap_err();
        assert!(problem.to_string().contains("no trustmap diagram"), "{problem}");
        let other_ns = "<svg xmlns=\"http://www.w3.org/2000/svg\"><metadata><model>{}</model></metadata></svg>";
        assert!(diagram_json(other_ns.as_bytes()).is_err());
    }

    #[test]
    fn a_png_without_a_model_or_broken_says_so() {
        assert!(diagram_json(b"\x89PNG\r\n\x1a\nbroken").is_err());
    }
}
