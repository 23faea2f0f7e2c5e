//! Text in diagram units: advance widths of the bundled font (read in core with `skrifa`), word wrapping with hard
//! breaks for over-long words, and an ellipsis when the line budget runs out.
//!
//! Text is broken once, when the scene is built; painters draw the lines as given (at any zoom, so the screen and
//! the exported files show the same lines), and the full text stays beside them for tooltips and SVG `<title>`.
//! Characters the font lacks (scripts other than Latin and Hangul) are measured with a generous fallback advance,
//! so text drawn with another font still fits.

use std::sync::OnceLock;

use skrifa::MetadataProvider as _;
use skrifa::instance::{LocationRef, Size};

use crate::scene::geom::Pt;
use crate::scene::palette::Token;
use crate::scene::types::{LineText, TextBlock, TextLine};

/// The ellipsis that ends a truncated line.
pub const ELLIPSIS: char = '…';

/// Code points below this are measured from a table built once.
const TABLE_END: u32 = 0x3190;
/// Hangul syllables, measured from their own table.
const HANGUL: std::ops::RangeInclusive<u32> = 0xAC00..=0xD7A3;

/// Advance widths of the bundled font, in ems, for fast measuring.
#[derive(Debug)]
pub struct FontMetrics {
    /// Advance per code point below [`TABLE_END`]; negative where the font has no glyph.
    table: Vec<f32>,
    /// Advance per Hangul syllable.
    hangul: Vec<f32>,
    /// Above the baseline, in ems.
    pub ascent: f32,
    /// Below the baseline, in ems (positive).
    pub descent: f32,
}

impl FontMetrics {
    /// The bundled font's metrics, read once.
    pub fn bundled() -> &'static Self {
        static METRICS: OnceLock<FontMetrics> = OnceLock::new();
        METRICS.get_or_init(|| Self::read(crate::assets::font_regular()))
    }

    /// Reads the metrics of a font; a font that does not parse gives fallback advances everywhere.
    fn read(bytes: &[u8]) -> Self {
        let Ok(font) = skrifa::FontRef::new(bytes) else {
            return Self { table: Vec::new(), hangul: Vec::new(), ascent: 0.8, descent: 0.2 };
        };
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let em = f32::from(metrics.units_per_em.max(1));
        let charmap = font.charmap();
        let glyphs = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let advance = |code: u32| {
            charmap
                .map(code)
                .filter(|glyph| glyph.to_u32() != 0)
                .and_then(|glyph| glyphs.advance_width(glyph))
                .map_or(-1.0, |w| w / em)
        };
        Self {
            table: (0..TABLE_END).map(advance).collect(),
            hangul: HANGUL.map(advance).collect(),
            ascent: metrics.ascent / em,
            descent: -metrics.descent / em,
        }
    }

    /// The advance of one character, in ems.
    pub fn advance(&self, ch: char) -> f32 {
        let code = u32::from(ch);
        let known = if code < TABLE_END {
            self.table.get(code as usize).copied()
        } else if HANGUL.contains(&code) {
            self.hangul.get((code - HANGUL.start()) as usize).copied()
        } else {
            None
        };
        match known {
            Some(w) if w >= 0.0 => w,
            _ => fallback_advance(ch),
        }
    }

    /// Whether the bundled font draws this character.
    pub fn has_glyph(&self, ch: char) -> bool {
        let code = u32::from(ch);
        if code < TABLE_END { self.table.get(code as usize).is_some_and(|&w| w >= 0.0) } else { HANGUL.contains(&code) }
    }

    /// The width of `text` at font size `size`, in diagram units.
    pub fn measure(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|ch| self.advance(ch)).sum::<f32>() * size
    }

    /// Distance between baselines at font size `size`.
    pub fn line_height(&self, size: f32) -> f32 {
        (self.ascent + self.descent) * size * 1.12
    }

    /// Breaks `text` into at most `max_lines` lines no wider than `max_width` at font size `size`: at spaces,
    /// after `-`, `/`, `_`, `.` and `:`, inside a word only when it is wider than a line; the last line ends with
    /// an ellipsis when text is left over. Line breaks in the text are kept.
    pub fn wrap(&self, text: &str, size: f32, max_width: f32, max_lines: usize) -> Wrapped {
        let (lines, truncated) = self.wrap_lines(text, size, max_width, max_lines);
        let (lines, widths) = lines.into_iter().map(|(line, width)| (line.to_string(), width)).unzip();
        Wrapped { lines, widths, truncated }
    }

    /// [`Self::wrap`]'s lines with their widths, and whether text was cut.
    fn wrap_lines(&self, text: &str, size: f32, max_width: f32, max_lines: usize) -> (RawLines, bool) {
        let max_lines = max_lines.max(1);
        if let Some(width) = self.fits_unbroken(text, size, max_width) {
            // One line that fits as it is (most names and labels): no breaking.
            let mut lines = RawLines::new();
            lines.push((LineText::new(text), width));
            return (lines, false);
        }
        let mut out = Breaker {
            metrics: self,
            size,
            max_width,
            lines: RawLines::new(),
            line: LineBuf { text, range: None, spill: None },
            width: 0.0,
        };
        for paragraph in text.split('\n') {
            for word in paragraph.split_whitespace() {
                let mut first = true;
                for segment in word.split_inclusive(['-', '/', '_', '.', ':']) {
                    out.push_segment(segment, first);
                    first = false;
                }
                if out.lines.len() > max_lines {
                    break;
                }
            }
            out.end_line();
        }
        let mut lines = out.lines;
        while lines.len() > 1 && lines.last().is_some_and(|(l, _)| l.is_empty()) {
            lines.pop();
        }
        let truncated = lines.len() > max_lines;
        if truncated {
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                *last = self.with_ellipsis(&last.0, size, max_width);
            }
        }
        (lines, truncated)
    }

    /// The width of `text` as one line when the breaker would leave it whole (no whitespace to fold, every piece
    /// fitting): the same sums in the same order as [`Breaker::push_segment`], so the widths are equal to the bit.
    fn fits_unbroken(&self, text: &str, size: f32, max_width: f32) -> Option<f32> {
        if !single_spaced(text) {
            return None;
        }
        let space = self.advance(' ') * size;
        let mut width = 0.0_f32;
        for (n, word) in text.split(' ').enumerate() {
            for (k, segment) in word.split_inclusive(['-', '/', '_', '.', ':']).enumerate() {
                let w = self.measure(segment, size);
                let gap = if k == 0 && n > 0 { space } else { 0.0 };
                if width + gap + w > max_width {
                    return None;
                }
                width += gap + w;
            }
        }
        Some(width)
    }

    /// One line, cut with an ellipsis if it is too wide.
    pub fn single_line(&self, text: &str, size: f32, max_width: f32) -> Wrapped {
        let (line, width, truncated) = self.one_line(text, size, max_width);
        Wrapped { lines: vec![line.to_string()], widths: vec![width], truncated }
    }

    /// [`Self::single_line`]'s line, its width and whether it was cut.
    fn one_line(&self, text: &str, size: f32, max_width: f32) -> (LineText, f32, bool) {
        if is_clean(text) {
            let width = self.measure(text, size);
            if width <= max_width {
                return (LineText::new(text), width, false);
            }
            let (line, width) = self.with_ellipsis(text, size, max_width);
            return (line, width, true);
        }
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let width = self.measure(&flat, size);
        if width <= max_width {
            return (LineText::new(&flat), width, false);
        }
        let (line, width) = self.with_ellipsis(&flat, size, max_width);
        (line, width, true)
    }

    /// `text` shortened until it and an ellipsis fit `max_width`.
    fn with_ellipsis(&self, text: &str, size: f32, max_width: f32) -> (LineText, f32) {
        let dots = self.advance(ELLIPSIS) * size;
        let mut width = 0.0;
        let mut end = 0;
        for (i, ch) in text.char_indices() {
            let w = self.advance(ch) * size;
            if width + w + dots > max_width {
                break;
            }
            width += w;
            end = i + ch.len_utf8();
        }
        let kept = text[..end].trim_end();
        if kept.len() < end {
            width = self.measure(kept, size);
        }
        if width + dots <= max_width {
            let mut buf = [0u8; 4];
            let line = [kept, ELLIPSIS.encode_utf8(&mut buf)].into_iter().collect();
            return (line, width + dots);
        }
        (LineText::new(kept), width)
    }
}

/// Lines with their widths, while wrapping (a few inline).
pub(crate) type RawLines = smallvec::SmallVec<[(LineText, f32); 4]>;

/// Whether text needs no whitespace folding (no line breaks, tabs, double or outer spaces).
fn is_clean(text: &str) -> bool {
    let folded =
        text.as_bytes().windows(2).any(|w| w == b"  ") || text.bytes().any(|b| matches!(b, b'\n' | b'\t' | b'\r'));
    !folded && text.trim().len() == text.len()
}

/// Whether the words of `text` are separated by single spaces and nothing else (the breaker would join its words
/// back into the same text).
fn single_spaced(text: &str) -> bool {
    let mut after_space = true;
    for ch in text.chars() {
        if ch == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if ch.is_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
}

/// The line being filled: a range of the text while its pieces follow each other there (single spaces between
/// words), else its own copy.
struct LineBuf<'t> {
    text: &'t str,
    /// Byte range of the line in `text`.
    range: Option<(usize, usize)>,
    /// The line, once it is no longer a range of `text`.
    spill: Option<String>,
}

impl<'t> LineBuf<'t> {
    fn is_empty(&self) -> bool {
        self.range.is_none() && self.spill.as_ref().is_none_or(String::is_empty)
    }

    /// Appends `piece` (a slice of the text), after a space when `spaced`.
    fn push(&mut self, piece: &'t str, spaced: bool) {
        let start = (piece.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        let end = start + piece.len();
        let within = end <= self.text.len() && self.text.get(start..end) == Some(piece);
        if let Some(spill) = &mut self.spill {
            if spaced {
                spill.push(' ');
            }
            spill.push_str(piece);
            return;
        }
        match self.range {
            None if within => self.range = Some((start, end)),
            Some((a, b)) if within && self.text.get(b..start) == Some(if spaced { " " } else { "" }) => {
                self.range = Some((a, end));
            }
            range => {
                let mut spill = String::new();
                if let Some((a, b)) = range {
                    spill.push_str(&self.text[a..b]);
                    if spaced {
                        spill.push(' ');
                    }
                }
                spill.push_str(piece);
                self.spill = Some(spill);
                self.range = None;
            }
        }
    }

    /// The line, and an empty buffer for the next.
    fn take(&mut self) -> LineText {
        let line = match (&mut self.spill, self.range.take()) {
            (Some(spill), _) => {
                let line = LineText::new(spill.as_str());
                spill.clear();
                line
            }
            (None, Some((a, b))) => LineText::new(&self.text[a..b]),
            (None, None) => LineText::default(),
        };
        self.spill = None;
        line
    }
}

/// Wrapping state: finished lines and the line being filled.
struct Breaker<'a, 't> {
    metrics: &'a FontMetrics,
    size: f32,
    max_width: f32,
    lines: RawLines,
    line: LineBuf<'t>,
    width: f32,
}

impl<'t> Breaker<'_, 't> {
    fn end_line(&mut self) {
        let line = self.line.take();
        self.lines.push((line, self.width));
        self.width = 0.0;
    }

    /// Adds a piece of a word; `spaced` says whether a space separates it from what comes before.
    fn push_segment(&mut self, segment: &'t str, spaced: bool) {
        let w = self.metrics.measure(segment, self.size);
        let gap = if spaced && !self.line.is_empty() { self.metrics.advance(' ') * self.size } else { 0.0 };
        if self.width + gap + w <= self.max_width {
            self.line.push(segment, gap > 0.0);
            self.width += gap + w;
            return;
        }
        if !self.line.is_empty() {
            self.end_line();
        }
        if w <= self.max_width {
            self.line.push(segment, false);
            self.width = w;
            return;
        }
        // Wider than a whole line: break inside it, between characters.
        for (i, ch) in segment.char_indices() {
            let cw = self.metrics.advance(ch) * self.size;
            if self.width + cw > self.max_width && !self.line.is_empty() {
                self.end_line();
            }
            self.line.push(&segment[i..i + ch.len_utf8()], false);
            self.width += cw;
        }
    }
}

/// Characters the bundled font lacks: wide scripts get a full em, others a wide Latin letter's advance.
fn fallback_advance(ch: char) -> f32 {
    let code = u32::from(ch);
    let wide = (0x1100..=0x115F).contains(&code)
        || (0x2E80..=0xA4CF).contains(&code)
        || (0xAC00..=0xD7A3).contains(&code)
        || (0xF900..=0xFAFF).contains(&code)
        || (0xFE30..=0xFE4F).contains(&code)
        || (0xFF00..=0xFF60).contains(&code)
        || (0x1F000..=0x1FAFF).contains(&code)
        || (0x20000..=0x3FFFD).contains(&code);
    if wide { 1.0 } else { 0.7 }
}

/// Text broken into lines.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Wrapped {
    /// The lines, the last ending with an ellipsis when text was cut.
    pub lines: Vec<String>,
    /// The measured width of each line, in diagram units.
    pub widths: Vec<f32>,
    /// Whether text was cut.
    pub truncated: bool,
}

/// How a block's lines sit in their box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Start,
    /// Centred.
    Center,
}

impl Align {
    /// Where a line `w` wide starts in a box of `width` from `left`.
    fn x(self, left: f32, width: f32, w: f32) -> f32 {
        match self {
            Self::Start => left,
            Self::Center => left + (width - w) / 2.0,
        }
    }
}

/// Wraps `text` into a box of `width` starting at `(x, y)` and positions its lines.
pub fn block(text: &str, size: f32, token: Token, origin: Pt, width: f32, max_lines: usize, align: Align) -> TextBlock {
    if max_lines <= 1 {
        // One line: no intermediate lists (cards' kinds, titles and badges are most of a scene's text).
        let (line, w, truncated) = FontMetrics::bundled().one_line(text, size, width);
        let lines = vec![TextLine { text: line, x: align.x(origin.x, width, w), y: origin.y, width: w }];
        return TextBlock { lines, size, token, truncated };
    }
    place_lines(measure_lines(text, size, width, max_lines), size, token, origin, width, align)
}

/// [`block`] on one line for text whose width at `size` the caller measured already (`measured` must be
/// `FontMetrics::measure(text, size)`): the same block, without measuring again when the text fits as it is.
pub(crate) fn line_measured(
    text: &str,
    measured: f32,
    size: f32,
    token: Token,
    origin: Pt,
    width: f32,
    align: Align,
) -> TextBlock {
    if measured <= width && is_clean(text) {
        let x = align.x(origin.x, width, measured);
        let lines = vec![TextLine { text: LineText::new(text), x, y: origin.y, width: measured }];
        return TextBlock { lines, size, token, truncated: false };
    }
    block(text, size, token, origin, width, 1, align)
}

/// `text` wrapped like [`block`] but not yet positioned: its lines with their widths, and whether it was cut (for
/// callers that size a box around the text before placing it, then call [`place_lines`]).
pub(crate) fn measure_lines(text: &str, size: f32, max_width: f32, max_lines: usize) -> (RawLines, bool) {
    FontMetrics::bundled().wrap_lines(text, size, max_width, max_lines)
}

/// Positions measured lines in a box of `width` from `origin`.
pub(crate) fn place_lines(
    (lines, truncated): (RawLines, bool),
    size: f32,
    token: Token,
    origin: Pt,
    width: f32,
    align: Align,
) -> TextBlock {
    let line_height = FontMetrics::bundled().line_height(size);
    let lines = lines
        .into_iter()
        .enumerate()
        .map(|(i, (text, w))| TextLine {
            text,
            x: align.x(origin.x, width, w),
            y: origin.y + i as f32 * line_height,
            width: w,
        })
        .collect();
    TextBlock { lines, size, token, truncated }
}

/// Appends an unsigned integer in decimal (see [`crate::analysis::quote::push_uint`]).
pub(crate) use crate::analysis::quote::push_uint;

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> &'static FontMetrics {
        FontMetrics::bundled()
    }

    #[test]
    fn the_bundled_font_has_latin_hangul_and_the_ellipsis() {
        for ch in ['A', 'z', '가', '힣', ELLIPSIS] {
            assert!(m().has_glyph(ch), "{ch}");
        }
        assert!(m().measure("WWW", 10.0) > m().measure("iii", 10.0));
        assert!(m().ascent > 0.5 && m().descent > 0.0);
    }

    #[test]
    fn words_wrap_and_every_line_fits() {
        let w = m().wrap("Catalog DB (PostgreSQL) primary", 12.0, 90.0, 5);
        assert!(w.lines.len() >= 2, "{w:?}");
        assert!(!w.truncated);
        for line in &w.lines {
            assert!(m().measure(line, 12.0) <= 90.0, "{line}");
        }
        assert_eq!(w.lines.join(" "), "Catalog DB (PostgreSQL) primary");
    }

    #[test]
    fn long_words_break_hard_and_overflow_ends_in_an_ellipsis() {
        let w = m().wrap("Supercalifragilisticexpialidocious-service-name", 12.0, 60.0, 2);
        assert_eq!(w.lines.len(), 2);
        assert!(w.truncated);
        assert!(w.lines[1].ends_with(ELLIPSIS), "{w:?}");
        for line in &w.lines {
            assert!(m().measure(line, 12.0) <= 60.0, "{line}");
        }
    }

    #[test]
    fn hangul_wraps_at_spaces_and_inside_long_words() {
        let w = m().wrap("주문 서비스 데이터베이스 기본 인스턴스", 12.0, 70.0, 4);
        assert!(w.lines.len() >= 2, "{w:?}");
        for line in &w.lines {
            assert!(m().measure(line, 12.0) <= 70.0, "{line}");
        }
        let long = m().wrap("가나다라마바사아자차카타파하", 12.0, 50.0, 3);
        assert!(long.lines.len() >= 2 && long.lines.iter().all(|l| m().measure(l, 12.0) <= 50.0), "{long:?}");
    }

    #[test]
    fn hard_line_breaks_are_kept() {
        let w = m().wrap("first\nsecond", 12.0, 500.0, 3);
        assert_eq!(w.lines, ["first", "second"]);
    }

    #[test]
    fn single_lines_are_cut_with_an_ellipsis() {
        let w = m().single_line("a rather long container name", 12.0, 80.0);
        assert!(w.truncated && w.lines[0].ends_with(ELLIPSIS) && w.widths[0] <= 80.0, "{w:?}");
    }
}
