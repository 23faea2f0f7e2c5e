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

/// [`escape`], appended to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
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
