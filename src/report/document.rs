//! A report as blocks (headings, paragraphs, lists, tables, the diagram) written by two writers: Markdown, whose
//! text goes through [`markdown::escape`] and [`markdown::code`], and standalone HTML, whose text goes through
//! [`html::escape`]. Renderers build blocks once; neither writer ever sees raw markup from the document.

use crate::report::{html, markdown};

/// A piece of inline text.
#[derive(Clone, Debug, PartialEq)]
pub enum Span {
    /// Plain text.
    Text(String),
    /// An identifier, set as code.
    Code(String),
    /// Emphasised strongly.
    Strong(String),
}

/// A line of spans.
pub type Line = Vec<Span>;

/// Plain text as a line.
pub fn text(text: impl Into<String>) -> Line {
    vec![Span::Text(text.into())]
}

/// A block of a report.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading, level 1 to 4.
    Heading(u8, Line),
    /// A paragraph.
    Paragraph(Line),
    /// A bulleted list.
    List(Vec<Line>),
    /// A table; `numeric` right-aligns a column.
    Table {
        /// Column titles.
        head: Vec<&'static str>,
        /// Right-aligned columns.
        numeric: Vec<bool>,
        /// Cells.
        rows: Vec<Vec<Line>>,
    },
    /// The diagram: an SVG document inline (HTML) or a file beside the report (Markdown).
    Diagram {
        /// Alternative text.
        alt: String,
        /// The SVG, for HTML.
        svg: String,
        /// The file name of the SVG beside the Markdown report.
        file: String,
    },
}

/// The report as Markdown (GitHub Flavored: tables).
pub fn to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, line) => {
                out.push_str(&"#".repeat(usize::from((*level).clamp(1, 6))));
                out.push(' ');
                out.push_str(&md_line(line, false));
            }
            Block::Paragraph(line) => out.push_str(&md_line(line, false)),
            Block::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str("- ");
                    out.push_str(&md_line(item, false));
                }
            }
            Block::Table { head, numeric, rows } => {
                out.push('|');
                for title in head {
                    out.push_str(&format!(" {} |", markdown::escape(title)));
                }
                out.push_str("\n|");
                for i in 0..head.len() {
                    out.push_str(if numeric.get(i).copied().unwrap_or(false) { "---:|" } else { "---|" });
                }
                for row in rows {
                    out.push_str("\n|");
                    for i in 0..head.len() {
                        let cell = row.get(i).map(|line| md_line(line, true)).unwrap_or_default();
                        out.push_str(&format!(" {cell} |"));
                    }
                }
            }
            Block::Diagram { alt, file, .. } => {
                // The file name is ours (`NAME.svg` beside the report); percent-encode what a link would misread.
                let target: String = file
                    .bytes()
                    .map(|b| {
                        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') {
                            char::from(b).to_string()
                        } else {
                            format!("%{b:02X}")
                        }
                    })
                    .collect();
                out.push_str(&format!("![{}]({target})", markdown::escape(alt)));
            }
        }
        out.push_str("\n\n");
    }
    out
}

fn md_line(line: &Line, in_table: bool) -> String {
    let mut out = String::new();
    for span in line {
        // `markdown::escape` trims leading blanks (a block could start there); inside a line they are kept.
        if !out.is_empty()
            && let Span::Text(t) | Span::Code(t) | Span::Strong(t) = span
            && t.starts_with(' ')
        {
            out.push(' ');
        }
        match span {
            Span::Text(t) => out.push_str(&markdown::escape(t)),
            // A `|` would split a table cell even inside a code span: such text is escaped as plain text.
            Span::Code(t) if in_table && t.contains('|') => out.push_str(&markdown::escape(t)),
            Span::Code(t) => out.push_str(&markdown::code(t)),
            Span::Strong(t) => out.push_str(&format!("**{}**", markdown::escape(t))),
        }
    }
    out
}

fn html_line(out: &mut String, line: &Line) {
    for span in line {
        match span {
            Span::Text(t) => html::escape_into(out, t),
            Span::Code(t) => {
                out.push_str("<code>");
                html::escape_into(out, t);
                out.push_str("</code>");
            }
            Span::Strong(t) => {
                out.push_str("<strong>");
                html::escape_into(out, t);
                out.push_str("</strong>");
            }
        }
    }
}

/// Styles of the HTML report (no external fonts, images or scripts).
const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;\
color:#1f2937;line-height:1.45}table{border-collapse:collapse;margin:0.5rem 0 1rem;font-size:0.9rem}\
th,td{border:1px solid #c4ccd8;padding:0.25rem 0.5rem;vertical-align:top;text-align:left}td.n,th.n{text-align:right}\
code{font-size:0.85em;background:#f1f3f6;padding:0 0.2em;border-radius:3px}figure{margin:1rem 0;overflow:auto}\
figure svg{max-width:100%;height:auto}";

/// The report as a standalone HTML page (also well-formed XML after its doctype, void elements closed): no scripts, a Content-Security-Policy that allows only inline styles and
/// `data:` fonts and images, the diagram inline.
pub fn to_html(title: &str, blocks: &[Block]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; \
         style-src &#39;unsafe-inline&#39;; img-src data:; font-src data:\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>",
    );
    html::escape_into(&mut out, title);
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<main>\n");
    for block in blocks {
        match block {
            Block::Heading(level, line) => {
                let level = (*level).clamp(1, 6);
                out.push_str(&format!("<h{level}>"));
                html_line(&mut out, line);
                out.push_str(&format!("</h{level}>"));
            }
            Block::Paragraph(line) => {
                out.push_str("<p>");
                html_line(&mut out, line);
                out.push_str("</p>");
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for item in items {
                    out.push_str("<li>");
                    html_line(&mut out, item);
                    out.push_str("</li>");
                }
                out.push_str("</ul>");
            }
            Block::Table { head, numeric, rows } => {
                let class = |i: usize| if numeric.get(i).copied().unwrap_or(false) { " class=\"n\"" } else { "" };
                out.push_str("<table>\n<thead><tr>");
                for (i, title) in head.iter().enumerate() {
                    out.push_str(&format!("<th{}>", class(i)));
                    html::escape_into(&mut out, title);
                    out.push_str("</th>");
                }
                out.push_str("</tr></thead>\n<tbody>");
                for row in rows {
                    out.push_str("\n<tr>");
                    for i in 0..head.len() {
                        out.push_str(&format!("<td{}>", class(i)));
                        if let Some(line) = row.get(i) {
                            html_line(&mut out, line);
                        }
                        out.push_str("</td>");
                    }
                    out.push_str("</tr>");
                }
                out.push_str("\n</tbody>\n</table>");
            }
            Block::Diagram { alt, svg, .. } => {
                out.push_str("<figure aria-label=\"");
                html::escape_into(&mut out, alt);
                out.push_str("\">\n");
                // The SVG is trustmap's own export: every string in it is escaped by the same function.
                out.push_str(svg.trim_end());
                out.push_str("\n</figure>");
            }
        }
        out.push('\n');
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
