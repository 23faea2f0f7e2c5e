//! The one escaping function for HTML and XML (the HTML report and the exported SVG): text and attribute values.

/// Text as XML/HTML character data or a quoted attribute value: `&`, `<`, `>`, `"` and `'` become entities, and
/// characters XML 1.0 forbids (control characters other than tab and newline, carriage return included so it
/// cannot be normalised away, and U+FFFE/U+FFFF) become U+FFFD. Nothing the text says can open an element, end an
/// attribute, start an entity or a CDATA section.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appended to `out` (runs of plain characters are copied whole: exports escape megabytes).
pub fn escape_into(out: &mut String, text: &str) {
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\t' | '\n' => continue,
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(replacement);
        plain = i + c.len_utf8();
    }
    out.push_str(&text[plain..]);
}

/// Text as XML character data only (`&`, `<` and `>` escaped; quotes kept), for long text such as an embedded
/// model, which must contain no character XML forbids (the caller checks).
pub fn escape_text_into(out: &mut String, text: &str) {
    let mut plain = 0;
    for (i, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(replacement);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup() {
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(escape("]]> &amp; \"q\" 'a'"), "]]&gt; &amp;amp; &quot;q&quot; &#39;a&#39;");
        assert_eq!(escape("a\u{1b}b\rc\u{FFFF}"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}");
        assert_eq!(escape("주문 🚀 שלום"), "주문 🚀 שלום");
    }
}
