//! Text as outlines: a line of text written as the path data of the bundled font's glyphs, read with skrifa and
//! placed at the scene's advances (no kerning, as [`FontMetrics`] measures), so the outlines sit exactly where
//! the lines were broken and placed. PNG export renders these paths (resvg is built without its text layout), and
//! the SVG option `text_as_paths` writes them.
//!
//! Characters the font has no glyph for draw nothing (the font's `.notdef` is empty too) and advance by the
//! scene's fallback width, so the rest of the line keeps its place. Coordinates are written in hundredths of a
//! diagram unit, relative to the previous point and computed from rounded absolute positions, so rounding never
//! accumulates along a line.

use skrifa::MetadataProvider as _;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlineGlyphCollection, OutlinePen};

use crate::scene::text::FontMetrics;

/// One outline command of a glyph, in font units (y up).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Segment {
    Move(f32, f32),
    Line(f32, f32),
    Quad(f32, f32, f32, f32),
    Cubic(f32, f32, f32, f32, f32, f32),
    Close,
}

/// Collects a glyph's outline.
struct Recorder(Vec<Segment>);

impl OutlinePen for Recorder {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(Segment::Move(x, y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(Segment::Line(x, y));
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.0.push(Segment::Quad(cx, cy, x, y));
    }
    fn curve_to(&mut self, c0x: f32, c0y: f32, c1x: f32, c1y: f32, x: f32, y: f32) {
        self.0.push(Segment::Cubic(c0x, c0y, c1x, c1y, x, y));
    }
    fn close(&mut self) {
        self.0.push(Segment::Close);
    }
}

/// The bundled font's outlines, read on demand and kept for the rest of one export.
pub(crate) struct Glyphs {
    font: Option<(skrifa::charmap::Charmap<'static>, OutlineGlyphCollection<'static>)>,
    /// Font units per em.
    units_per_em: f32,
    /// Outlines by character; `None` where the font draws nothing.
    cache: foldhash::HashMap<char, Option<Box<[Segment]>>>,
}

impl Glyphs {
    /// The outlines of the bundled font (none when it is missing or does not parse: the web build before the
    /// font arrived).
    pub fn bundled() -> Self {
        let font = skrifa::FontRef::new(crate::assets::font_regular()).ok();
        let units_per_em = font
            .as_ref()
            .map_or(1000.0, |f| f32::from(f.metrics(Size::unscaled(), LocationRef::default()).units_per_em));
        Self {
            font: font.map(|f| (f.charmap(), f.outline_glyphs())),
            units_per_em: units_per_em.max(1.0),
            cache: foldhash::HashMap::default(),
        }
    }

    fn outline(&mut self, ch: char) -> Option<&[Segment]> {
        let font = &self.font;
        self.cache
            .entry(ch)
            .or_insert_with(|| {
                let (charmap, outlines) = font.as_ref()?;
                let glyph = charmap.map(ch).filter(|g| g.to_u32() != 0)?;
                let mut pen = Recorder(Vec::new());
                let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
                outlines.get(glyph)?.draw(settings, &mut pen).ok()?;
                (!pen.0.is_empty()).then(|| pen.0.into_boxed_slice())
            })
            .as_deref()
    }

    /// Appends the path data of `text` at font size `size`, starting at `x` on the baseline `baseline`; whether
    /// anything was drawn.
    pub fn line(&mut self, out: &mut String, text: &str, x: f32, baseline: f32, size: f32) -> bool {
        let metrics = FontMetrics::bundled();
        let scale = size / self.units_per_em;
        let mut path = PathWriter { out, at: (0, 0), start: (0, 0), drawn: false };
        let mut pen_x = x;
        for ch in text.chars() {
            if let Some(segments) = self.outline(ch) {
                let place =
                    |px: f32, py: f32| (to_hundredths(pen_x + px * scale), to_hundredths(baseline - py * scale));
                for segment in segments {
                    match *segment {
                        Segment::Move(x, y) => path.move_to(place(x, y)),
                        Segment::Line(x, y) => path.line_to(place(x, y)),
                        Segment::Quad(cx, cy, x, y) => path.curve('q', &[place(cx, cy), place(x, y)]),
                        Segment::Cubic(ax, ay, bx, by, x, y) => {
                            path.curve('c', &[place(ax, ay), place(bx, by), place(x, y)]);
                        }
                        Segment::Close => path.close(),
                    }
                }
            }
            pen_x += metrics.advance(ch) * size;
        }
        path.drawn
    }
}

/// The path data of one line of `text` in the bundled font at font size `size`, starting at `x` on the baseline
/// `baseline`, placed as the scene measures it (empty when nothing is drawn): for pictures drawn outside a
/// scene. To centre or right-align a line, move `x` by [`FontMetrics::measure`].
pub fn text_path(text: &str, x: f32, baseline: f32, size: f32) -> String {
    let mut out = String::new();
    Glyphs::bundled().line(&mut out, text, x, baseline, size);
    out
}

/// A coordinate in whole hundredths of a diagram unit.
fn to_hundredths(value: f32) -> i64 {
    if value.is_finite() { (f64::from(value) * 100.0).round() as i64 } else { 0 }
}

/// Writes path commands relative to the current point, in hundredths.
struct PathWriter<'a> {
    out: &'a mut String,
    /// The current point.
    at: (i64, i64),
    /// Where the current subpath started (the current point after a close).
    start: (i64, i64),
    drawn: bool,
}

impl PathWriter<'_> {
    fn number(&mut self, value: i64, first: bool) {
        if !first && value >= 0 {
            self.out.push(' ');
        }
        crate::export::xml::hundredths(self.out, value);
    }

    fn point(&mut self, p: (i64, i64), first: bool) {
        self.number(p.0 - self.at.0, first);
        self.number(p.1 - self.at.1, false);
    }

    fn move_to(&mut self, p: (i64, i64)) {
        // The first `m` of a path is absolute: the current point starts at the origin.
        self.out.push('m');
        self.point(p, true);
        (self.at, self.start, self.drawn) = (p, p, true);
    }

    fn line_to(&mut self, p: (i64, i64)) {
        match (p.0 - self.at.0, p.1 - self.at.1) {
            (0, 0) => return,
            (dx, 0) => {
                self.out.push('h');
                self.number(dx, true);
            }
            (0, dy) => {
                self.out.push('v');
                self.number(dy, true);
            }
            _ => {
                self.out.push('l');
                self.point(p, true);
            }
        }
        self.at = p;
    }

    /// A quadratic (`q`) or cubic (`c`) curve: every point relative to the start of the segment.
    fn curve(&mut self, command: char, points: &[(i64, i64)]) {
        self.out.push(command);
        let from = self.at;
        for (i, &p) in points.iter().enumerate() {
            self.number(p.0 - from.0, i == 0);
            self.number(p.1 - from.1, false);
        }
        self.at = points.last().copied().unwrap_or(from);
    }

    fn close(&mut self) {
        self.out.push('z');
        self.at = self.start;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str, x: f32, baseline: f32, size: f32) -> (String, bool) {
        let mut out = String::new();
        let drawn = Glyphs::bundled().line(&mut out, text, x, baseline, size);
        (out, drawn)
    }

    /// The absolute points a path passes through (the ends of its commands), in diagram units.
    fn ends(d: &str) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        let (mut at, mut start) = ((0.0, 0.0), (0.0, 0.0));
        let mut chars = d.chars().peekable();
        while let Some(command) = chars.next() {
            let mut numbers = Vec::new();
            let mut current = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_ascii_alphabetic() {
                    break;
                }
                chars.next();
                if (c == ' ' || c == '-') && !current.is_empty() {
                    numbers.push(current.parse::<f64>().unwrap());
                    current.clear();
                }
                if c != ' ' {
                    current.push(c);
                }
            }
            if !current.is_empty() {
                numbers.push(current.parse::<f64>().unwrap());
            }
            at = match command {
                'm' | 'l' => (at.0 + numbers[0], at.1 + numbers[1]),
                'h' => (at.0 + numbers[0], at.1),
                'v' => (at.0, at.1 + numbers[0]),
                'q' => (at.0 + numbers[2], at.1 + numbers[3]),
                'c' => (at.0 + numbers[4], at.1 + numbers[5]),
                'z' => start,
                other => panic!("unexpected command {other}"),
            };
            if command == 'm' {
                start = at;
            }
            out.push(at);
        }
        out
    }

    #[test]
    fn a_line_sits_on_its_baseline_and_spans_its_measured_width() {
        let (d, drawn) = path("Orders API", 10.0, 50.0, 12.0);
        assert!(drawn);
        let points = ends(&d);
        let (min_x, max_x) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
        let (min_y, max_y) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
        let width = f64::from(FontMetrics::bundled().measure("Orders API", 12.0));
        assert!((10.0..11.5).contains(&min_x), "starts at {min_x}");
        assert!(max_x <= 10.0 + width && max_x > 10.0 + width - 2.0, "ends at {max_x} of {width}");
        // Capitals rise about 0.7 em above the baseline; no descender in this text, only the overshoot of round
        // letters below it.
        assert!((50.0 - 12.0 * 0.8..50.0 - 12.0 * 0.6).contains(&min_y), "top at {min_y}");
        assert!((50.0..=50.0 + 12.0 * 0.1).contains(&max_y), "bottom at {max_y}");
    }

    #[test]
    fn each_glyph_is_placed_at_the_scene_advance() {
        let metrics = FontMetrics::bundled();
        let (one, _) = path("l", 0.0, 20.0, 10.0);
        let (two, _) = path("ll", 0.0, 20.0, 10.0);
        let first: Vec<_> = ends(&one);
        let both = ends(&two);
        let advance = f64::from(metrics.advance('l') * 10.0);
        assert_eq!(both.len(), 2 * first.len());
        for (a, b) in first.iter().zip(&both[first.len()..]) {
            assert!((b.0 - a.0 - advance).abs() < 0.011 && (b.1 - a.1).abs() < 0.011, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn characters_without_a_glyph_draw_nothing_but_keep_their_width() {
        let (alone, _) = path("x", 0.0, 20.0, 10.0);
        let (after, drawn) = path("注x", 0.0, 20.0, 10.0);
        assert!(drawn);
        let shift = f64::from(FontMetrics::bundled().advance('注') * 10.0);
        let (a, b) = (ends(&alone), ends(&after));
        assert_eq!(a.len(), b.len());
        assert!(a.iter().zip(&b).all(|(p, q)| (q.0 - p.0 - shift).abs() < 0.011));
        assert_eq!(path("注 文", 0.0, 20.0, 10.0), (String::new(), false));
    }

    #[test]
    fn hangul_and_latin_accents_draw() {
        for text in ["한글", "café", "→"] {
            let (d, drawn) = path(text, 0.0, 20.0, 10.0);
            assert!(drawn && d.len() > 40, "{text}: {d}");
        }
    }
}
