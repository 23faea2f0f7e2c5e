//! Word wrapping and small text helpers shared by the text renderers.

use crate::report::terminal::escape;

/// Splits `text` into lines of at most `width` characters, breaking at spaces; a longer word gets a line alone.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let word_len = word.chars().count();
        if len > 0 && len + 1 + word_len > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += word_len;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Appends `first` then `text` wrapped to `width`, continuation lines indented to line up after `first`. Both are
/// escaped for a terminal first, so a newline in a name shows as `\n` instead of starting a line.
pub(crate) fn push_wrapped(out: &mut String, first: &str, text: &str, width: usize) {
    let first = escape(first);
    let indent = first.chars().count();
    let room = width.saturating_sub(indent).max(20);
    for (i, line) in wrap(&escape(text), room).iter().enumerate() {
        if i == 0 {
            out.push_str(&first);
        } else {
            out.extend(std::iter::repeat_n(' ', indent));
        }
        out.push_str(line);
        out.push('\n');
    }
}

/// Appends a line, escaped for a terminal.
pub(crate) fn push_line(out: &mut String, line: &str) {
    out.push_str(&escape(line));
    out.push('\n');
}

/// `a, b, c`, or `none`.
pub(crate) fn list<T: AsRef<str>>(items: &[T]) -> String {
    if items.is_empty() {
        return "none".to_owned();
    }
    items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", ")
}

/// `1 finding`, `2 findings`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_keeps_long_words_whole() {
        assert_eq!(wrap("aa bb cc dd", 5), vec!["aa bb", "cc dd"]);
        assert_eq!(wrap("abcdefgh x", 4), vec!["abcdefgh", "x"]);
        assert_eq!(wrap("", 10), vec![""]);
        let mut out = String::new();
        push_wrapped(&mut out, "  - ", "one two three four five six seven eight nine ten eleven twelve", 30);
        assert_eq!(out, "  - one two three four five\n    six seven eight nine ten\n    eleven twelve\n");
        assert_eq!(list::<&str>(&[]), "none");
        assert_eq!(count(1, "finding", "findings"), "1 finding");
    }
}
