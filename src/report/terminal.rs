//! Text for a terminal: every string from a diagram, a baseline or the command line passes through [`escape`] before
//! it is printed, so a name cannot move the cursor, recolour the screen, set the window title, plant an OSC 8
//! hyperlink, ring the bell, erase what was printed (backspace, carriage return) or start a fake report line
//! (newline). Control characters (C0, DEL, C1 including the single-byte CSI U+009B) and the bidirectional formatting
//! characters (which reorder what is shown) are written as visible escapes: `\n`, `\x1b`, `\u{9b}`, `\u{202e}`.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character must not reach a terminal raw.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control and bidirectional formatting character written as a visible escape.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`escape`], but newlines stay: for text made of lines by trustmap itself (a usage message) that may hold a
/// value from the command line.
pub fn escape_keeping_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\n' {
            out.push(c);
        } else {
            push(&mut out, c);
        }
    }
    Cow::Owned(out)
}

fn push(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if !is_unsafe(c) => out.push(c),
        c if u32::from(c) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_sequences_become_visible() {
        let cases = [
            ("\u{1b}[31mred\u{1b}[0m", "\\x1b[31mred\\x1b[0m"),
            ("\u{1b}]0;owned\u{7}", "\\x1b]0;owned\\x07"),
            (
                "\u{1b}]8;;https://evil.example\u{1b}\\click\u{1b}]8;;\u{1b}\\",
                "\\x1b]8;;https://evil.example\\x1b\\click\\x1b]8;;\\x1b\\",
            ),
            ("\u{1b}[2J\u{1b}[H", "\\x1b[2J\\x1b[H"),
            ("ding\u{7}", "ding\\x07"),
            ("abc\u{8}\u{8}\u{8}xyz", "abc\\x08\\x08\\x08xyz"),
            ("\u{9b}31m", "\\u{9b}31m"),
            ("name\nCRITICAL  fake@finding", "name\\nCRITICAL  fake@finding"),
            ("over\rwrite", "over\\rwrite"),
            ("tab\there", "tab\\there"),
            ("\u{7f}", "\\x7f"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
        ];
        for (raw, shown) in cases {
            assert_eq!(escape(raw), shown, "{raw:?}");
            assert!(!escape(raw).chars().any(is_unsafe));
        }
        assert!(matches!(escape("Zürich — plain"), Cow::Borrowed(_)));
        assert_eq!(escape_keeping_lines("a\u{1b}b\nc\n"), "a\\x1bb\nc\n");
    }
}
