//! The SVG painter: the scene drawn primitive by primitive in [`DRAW_ORDER`](crate::scene::DRAW_ORDER), as the
//! canvas draws it (same lines of text, same colours, strokes inside their rectangles), with an accessible
//! `<title>`/`<desc>` per element, icons embedded once as `<symbol>`s, the subset of the bundled font it uses as a
//! `data:` `@font-face` (or, with `text_as_paths`, each line as one `<path>` of glyph outlines: see [`glyphs`]),
//! and the diagram's JSON in `<metadata>`.
//!
//! [`glyphs`]: crate::export::glyphs
//!
//! Every string from the document goes through [`escape`]; the writer emits only the elements and attributes
//! written in this file (no scripts, event attributes, links or external references), and the same input gives the
//! same bytes.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::export::glyphs::Glyphs;
use crate::export::xml::{colour, escape_into, n, num, paint};
use crate::export::{Background, SvgOptions, chrome, embed, font};
use crate::scene::text::FontMetrics;
use crate::scene::{Dash, ItemRef, Marker, Panel, Pt, Rect, Scene, Stroke, Swatch, TextBlock, Theme, Token};

/// How much faded elements keep (as on the canvas).
const DIM: f32 = 0.28;
/// Corner radius of cards and regions.
const RADIUS: f32 = 6.0;

/// Characters drawn, for the font subset (a bitmap over the Basic Multilingual Plane).
pub(crate) struct Used {
    bits: Vec<u64>,
    /// Icon keys used, sorted.
    pub icons: BTreeSet<&'static str>,
}

impl Used {
    fn new() -> Self {
        Self { bits: vec![0; 1024], icons: BTreeSet::new() }
    }

    fn add(&mut self, text: &str) {
        for c in text.chars() {
            let code = u32::from(c) as usize;
            if let Some(word) = self.bits.get_mut(code / 64) {
                *word |= 1 << (code % 64);
            }
        }
    }

    /// Every character seen, in code point order.
    fn text(&self) -> String {
        let mut out = String::new();
        for (w, &word) in self.bits.iter().enumerate() {
            for bit in 0..64 {
                if word & (1 << bit) != 0 {
                    out.extend(char::from_u32((w * 64 + bit) as u32));
                }
            }
        }
        out
    }
}

/// The writer: the body being written, the theme, what has been used.
pub(crate) struct Writer {
    pub out: String,
    pub theme: Theme,
    pub used: Used,
    /// Opacity of what is written now (faded elements: every paint, as the canvas fades each colour; group
    /// opacity would make renderers draw each faded element off-screen first).
    pub alpha: f32,
    ascent: f32,
    /// Text as glyph outlines (`text_as_paths`) rather than `<text>`.
    outlines: Option<Glyphs>,
}

impl Writer {
    /// A writer with room for about `items` drawn items; with `text_as_paths`, text is written as outlines.
    pub fn new(theme: Theme, items: usize, text_as_paths: bool) -> Self {
        Self {
            out: String::with_capacity((items * 320).max(1 << 16)),
            theme,
            used: Used::new(),
            alpha: 1.0,
            ascent: FontMetrics::bundled().ascent,
            outlines: text_as_paths.then(Glyphs::bundled),
        }
    }

    /// `<title>` (first line) and `<desc>` (the rest) of an element.
    pub fn title(&mut self, tooltip: Option<String>) {
        let Some(tooltip) = tooltip else { return };
        let (title, desc) = tooltip.split_once('\n').unwrap_or((&tooltip, ""));
        self.out.push_str("<title>");
        escape_into(&mut self.out, title);
        self.out.push_str("</title>");
        if !desc.is_empty() {
            self.out.push_str("<desc>");
            escape_into(&mut self.out, desc);
            self.out.push_str("</desc>");
        }
    }

    /// The lines of a block, each a `<text>` on its baseline (or a `<path>` of its glyphs' outlines).
    pub fn text(&mut self, block: &TextBlock) {
        for line in &block.lines {
            if line.text.is_empty() {
                continue;
            }
            let baseline = line.y + self.ascent * block.size;
            if let Some(glyphs) = &mut self.outlines {
                let start = self.out.len();
                self.out.push_str("<path d=\"");
                if glyphs.line(&mut self.out, &line.text, line.x, baseline, block.size) {
                    self.out.push('"');
                    paint(&mut self.out, "fill", block.token, self.theme, self.alpha);
                    self.out.push_str("/>");
                } else {
                    self.out.truncate(start);
                }
                continue;
            }
            self.used.add(&line.text);
            self.out.push_str("<text x=\"");
            num(&mut self.out, line.x);
            self.out.push_str("\" y=\"");
            num(&mut self.out, baseline);
            self.out.push_str("\" font-size=\"");
            num(&mut self.out, block.size);
            self.out.push('"');
            paint(&mut self.out, "fill", block.token, self.theme, self.alpha);
            self.out.push('>');
            escape_into(&mut self.out, &line.text);
            self.out.push_str("</text>");
        }
    }

    /// A rectangle; with a stroke, the stroke lies inside it (as egui's `StrokeKind::Inside`).
    pub fn rect(&mut self, r: Rect, radius: f32, fill: Option<Token>, stroke: Option<&Stroke>) {
        let inset = stroke.map_or(0.0, |s| s.width / 2.0);
        self.out.push_str("<rect x=\"");
        num(&mut self.out, r.x + inset);
        self.out.push_str("\" y=\"");
        num(&mut self.out, r.y + inset);
        self.out.push_str("\" width=\"");
        num(&mut self.out, (r.w - 2.0 * inset).max(0.0));
        self.out.push_str("\" height=\"");
        num(&mut self.out, (r.h - 2.0 * inset).max(0.0));
        self.out.push('"');
        if radius > 0.0 {
            self.out.push_str(" rx=\"");
            num(&mut self.out, (radius - inset).max(0.0));
            self.out.push('"');
        }
        match fill {
            Some(token) => paint(&mut self.out, "fill", token, self.theme, self.alpha),
            None => self.out.push_str(" fill=\"none\""),
        }
        if let Some(stroke) = stroke {
            self.stroke_attrs(stroke);
        }
        self.out.push_str("/>");
    }

    pub fn stroke_attrs(&mut self, stroke: &Stroke) {
        paint(&mut self.out, "stroke", stroke.token, self.theme, self.alpha);
        self.out.push_str(" stroke-width=\"");
        num(&mut self.out, stroke.width);
        self.out.push('"');
        if stroke.dash != Dash::Solid {
            let unit = stroke.width.max(1.0);
            let pattern: Vec<String> = stroke.dash.pattern().iter().map(|d| n(d * unit)).collect();
            let _ = write!(self.out, " stroke-dasharray=\"{}\"", pattern.join(" "));
        }
    }

    pub fn points(&mut self, points: &[Pt]) {
        for (i, p) in points.iter().enumerate() {
            if i > 0 {
                self.out.push(' ');
            }
            num(&mut self.out, p.x);
            self.out.push(',');
            num(&mut self.out, p.y);
        }
    }

    pub fn marker(&mut self, m: &Marker, stroke: &Stroke) {
        self.out.push_str("<polygon points=\"");
        self.points(&m.points);
        self.out.push('"');
        if m.filled {
            paint(&mut self.out, "fill", stroke.token, self.theme, self.alpha);
        } else {
            self.out.push_str(" fill=\"none\"");
            paint(&mut self.out, "stroke", stroke.token, self.theme, self.alpha);
            let _ = write!(self.out, " stroke-width=\"{}\"", n(stroke.width.max(0.8)));
        }
        self.out.push_str("/>");
    }

    pub fn icon(&mut self, key: &'static str, r: Rect) {
        if crate::assets::icon_svg(key).is_none() {
            return;
        }
        self.used.icons.insert(key);
        let _ = write!(
            self.out,
            "<use href=\"#icon-{key}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            n(r.x),
            n(r.y),
            n(r.w),
            n(r.h)
        );
        if self.alpha < 1.0 {
            let _ = write!(self.out, " opacity=\"{}\"", self.alpha);
        }
        self.out.push_str("/>");
    }

    fn open_group(&mut self, dimmed: bool) {
        self.out.push_str("<g>");
        self.alpha = if dimmed { DIM } else { 1.0 };
    }

    fn close_group(&mut self) {
        self.out.push_str("</g>");
        self.alpha = 1.0;
    }

    /// A legend or title block with its top-left at `at`.
    pub fn panel(&mut self, panel: &Panel, at: Pt, label: &str) {
        if panel.entries.is_empty() {
            return;
        }
        let _ = write!(self.out, "<g transform=\"translate({} {})\"><title>{label}</title>", n(at.x), n(at.y));
        let stroke = Stroke { token: Token::PanelStroke, width: 1.0, dash: Dash::Solid };
        self.rect(
            Rect { x: 0.0, y: 0.0, w: panel.size.x, h: panel.size.y },
            RADIUS,
            Some(Token::PanelFill),
            Some(&stroke),
        );
        for entry in &panel.entries {
            let s = entry.swatch_rect;
            match &entry.swatch {
                None => {}
                Some(Swatch::Fill(token)) => {
                    let outline = Stroke { token: Token::CardStroke, width: 1.0, dash: Dash::Solid };
                    self.rect(s, 2.0, Some(*token), Some(&outline));
                }
                Some(Swatch::Line(stroke)) => {
                    let y = s.y + s.h / 2.0;
                    self.out.push_str("<polyline fill=\"none\" points=\"");
                    self.points(&[Pt { x: s.x, y }, Pt { x: s.right() - 6.0, y }]);
                    self.out.push('"');
                    self.stroke_attrs(stroke);
                    self.out.push_str("/>");
                    let tip = Pt { x: s.right(), y };
                    let head = Marker {
                        points: [tip, Pt { x: tip.x - 7.0, y: y - 4.0 }, Pt { x: tip.x - 7.0, y: y + 4.0 }],
                        filled: true,
                    };
                    self.marker(&head, stroke);
                }
                Some(Swatch::Outline(stroke)) => self.rect(s, 0.0, None, Some(stroke)),
                Some(Swatch::Badge(token, label)) => {
                    let pill = Rect { x: s.x, y: s.y + s.h / 2.0 - 6.5, w: s.w, h: 13.0 };
                    self.rect(pill, 6.0, Some(*token), None);
                    let size = 9.0;
                    let metrics = FontMetrics::bundled();
                    let w = metrics.measure(label, size);
                    let block = TextBlock {
                        lines: vec![crate::scene::TextLine {
                            text: label.as_str().into(),
                            x: pill.x + (pill.w - w) / 2.0,
                            y: pill.y + (pill.h - metrics.line_height(size)) / 2.0,
                            width: w,
                        }],
                        size,
                        token: token.text_on(self.theme),
                        truncated: false,
                    };
                    self.text(&block);
                }
            }
            self.text(&entry.text);
        }
        self.out.push_str("</g>");
    }
}

/// Whether an item lies in the area drawn.
fn inside(r: &Rect, area: &Rect) -> bool {
    r.x <= area.right() && r.right() >= area.x && r.y <= area.bottom() && r.bottom() >= area.y
}

/// Draws the scene's layers (the part inside `area`).
pub(crate) fn body(w: &mut Writer, scene: &Scene, input: &crate::export::Input<'_>, area: &Rect) {
    let tip = |item: ItemRef| scene.tooltip(input.model, input.analysis, item);
    w.out.push_str("<g class=\"regions\">");
    for (i, region) in scene.regions.iter().enumerate() {
        if !inside(&region.rect, area) {
            continue;
        }
        w.open_group(region.dimmed);
        w.title(tip(ItemRef::Region(i as u32)));
        if let Some(fill) = region.fill {
            w.rect(region.rect, RADIUS, Some(fill), None);
        }
        if let Some(fill) = region.title_fill {
            let (b, r) = (region.title_bar, RADIUS.min(region.title_bar.h / 2.0));
            let _ = write!(
                w.out,
                "<path d=\"M{} {}V{}Q{} {} {} {}H{}Q{} {} {} {}V{}Z\"",
                n(b.x),
                n(b.bottom()),
                n(b.y + r),
                n(b.x),
                n(b.y),
                n(b.x + r),
                n(b.y),
                n(b.right() - r),
                n(b.right()),
                n(b.y),
                n(b.right()),
                n(b.y + r),
                n(b.bottom())
            );
            paint(&mut w.out, "fill", fill, w.theme, w.alpha);
            w.out.push_str("/>");
        }
        w.rect(region.rect, RADIUS, None, Some(&region.stroke));
        if let (Some(key), Some(icon)) = (region.icon, region.icon_rect) {
            w.icon(key, icon);
        }
        w.text(&region.title);
        if let Some(sub) = &region.subtitle {
            w.text(sub);
        }
        w.close_group();
    }
    w.out.push_str("</g>");
    flows(w, scene, input, area);
    cards(w, scene, input, area);
    overlays(w, scene, input, area);
}

fn flows(w: &mut Writer, scene: &Scene, input: &crate::export::Input<'_>, area: &Rect) {
    let tip = |item: ItemRef| scene.tooltip(input.model, input.analysis, item);
    w.out.push_str("<g class=\"flows\">");
    for (i, flow) in scene.flows.iter().enumerate() {
        if Rect::around(&flow.points).is_none_or(|r| !inside(&r, area)) {
            continue;
        }
        w.open_group(flow.dimmed);
        w.title(tip(ItemRef::Flow(i as u32)));
        w.out.push_str("<polyline fill=\"none\" stroke-linejoin=\"round\" points=\"");
        w.points(&flow.points);
        w.out.push('"');
        w.stroke_attrs(&flow.stroke);
        w.out.push_str("/>");
        for m in flow.head.iter().chain(flow.tail.iter()) {
            w.marker(m, &flow.stroke);
        }
        w.close_group();
    }
    w.out.push_str("</g>");
}

fn cards(w: &mut Writer, scene: &Scene, input: &crate::export::Input<'_>, area: &Rect) {
    let tip = |item: ItemRef| scene.tooltip(input.model, input.analysis, item);
    w.out.push_str("<g class=\"cards\">");
    for (i, card) in scene.cards.iter().enumerate() {
        if !inside(&card.rect, area) {
            continue;
        }
        w.open_group(card.dimmed);
        w.title(tip(ItemRef::Card(i as u32)));
        w.rect(card.rect, RADIUS, Some(card.fill), Some(&card.stroke));
        if let Some(icon) = card.icon_rect {
            w.icon(card.icon, icon);
        }
        w.text(&card.name);
        if let Some(kind) = &card.kind {
            w.text(kind);
        }
        w.close_group();
    }
    w.out.push_str("</g><g class=\"notes\">");
    for (i, note) in scene.notes.iter().enumerate() {
        if !inside(&note.rect, area) {
            continue;
        }
        w.out.push_str("<g>");
        w.title(tip(ItemRef::Note(i as u32)));
        if let Some(connector) = note.connector {
            w.out.push_str("<polyline fill=\"none\" points=\"");
            w.points(&connector);
            w.out.push('"');
            w.stroke_attrs(&Stroke { token: Token::NoteStroke, width: 1.0, dash: Dash::Dashed });
            w.out.push_str("/>");
        }
        w.rect(
            note.rect,
            2.0,
            Some(Token::NoteFill),
            Some(&Stroke { token: Token::NoteStroke, width: 1.0, dash: Dash::Solid }),
        );
        w.text(&note.text);
        w.out.push_str("</g>");
    }
    w.out.push_str("</g>");
}

/// Badges and flow labels.
fn overlays(w: &mut Writer, scene: &Scene, input: &crate::export::Input<'_>, area: &Rect) {
    let tip = |item: ItemRef| scene.tooltip(input.model, input.analysis, item);
    w.out.push_str("<g class=\"badges\">");
    for (i, badge) in scene.badges.iter().enumerate() {
        if !inside(&badge.rect, area) {
            continue;
        }
        w.out.push_str("<g>");
        w.title(tip(ItemRef::Badge(i as u32)));
        let r = badge.rect;
        let halo = Rect { x: r.x - 1.0, y: r.y - 1.0, w: r.w + 2.0, h: r.h + 2.0 };
        w.rect(halo, halo.h / 2.0, Some(Token::Canvas), None);
        w.rect(r, r.h / 2.0, Some(badge.fill), None);
        if let Some((key, at)) = badge.icon {
            w.icon(key, at);
        }
        w.text(&badge.text);
        w.out.push_str("</g>");
    }
    w.out.push_str("</g><g class=\"labels\">");
    for (i, label) in scene.labels.iter().enumerate() {
        if !inside(&label.rect, area) {
            continue;
        }
        let dimmed = match label.owner {
            ItemRef::Flow(f) => scene.flows.get(f as usize).is_some_and(|f| f.dimmed),
            _ => false,
        };
        w.open_group(dimmed);
        w.title(tip(ItemRef::Label(i as u32)));
        w.rect(label.rect, 3.0, Some(label.fill), None);
        w.text(&label.text);
        w.close_group();
    }
    w.out.push_str("</g>");
}

/// The whole document.
pub(crate) fn document(scene: &Scene, input: &crate::export::Input<'_>, options: &SvgOptions) -> String {
    let theme = scene.theme;
    let items = scene.cards.len() + scene.regions.len() + scene.flows.len() + scene.badges.len() + scene.labels.len();
    let mut w = Writer::new(theme, items, options.text_as_paths);
    let page = chrome::Page::new(scene, input, options);
    body(&mut w, scene, input, &page.area);
    chrome::draw(&mut w, scene, &page, options);

    let view = page.view;
    let json = options.embed_model.then(|| crate::io::to_json(input.diagram));
    let mut out = String::with_capacity(w.out.len() + json.as_ref().map_or(0, |j| j.len() + j.len() / 8) + 65_536);
    // `graphics-document`, not `img`: an image role would hide the elements' own titles from assistive technology.
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"{} {} {} {}\" \
         role=\"graphics-document\" font-family=\"&#39;{}&#39;, sans-serif\" xml:space=\"preserve\">",
        n(view.w),
        n(view.h),
        n(view.x),
        n(view.y),
        n(view.w),
        n(view.h),
        crate::assets::FONT_FAMILY
    );
    let title = &input.model.diagram().settings.title;
    out.push_str("<title>");
    escape_into(&mut out, if title.is_empty() { "Untitled diagram" } else { title });
    out.push_str("</title><desc>");
    escape_into(&mut out, &chrome::description(input));
    out.push_str("</desc>");
    if let Some(json) = &json {
        embed::write_metadata(&mut out, json);
    }
    out.push_str("<defs>");
    if options.embed_font
        && !options.text_as_paths
        && let Some(subset) = font::subset(crate::assets::font_regular(), &w.used.text())
    {
        let _ = write!(
            out,
            "<style>@font-face{{font-family:&#39;{}&#39;;src:url(data:font/ttf;base64,{}) format(&#39;truetype&#39;)}}</style>",
            crate::assets::FONT_FAMILY,
            crate::export::xml::base64(&subset)
        );
    }
    for key in &w.used.icons {
        if let Some(svg) = crate::assets::icon_svg(key) {
            let inner = svg.find('>').and_then(|start| Some(svg.get(start + 1..svg.rfind("</svg>")?)?.trim()));
            let _ = write!(out, "<symbol id=\"icon-{key}\" viewBox=\"0 0 48 48\">{}</symbol>", inner.unwrap_or(""));
        }
    }
    out.push_str("</defs>");
    match options.background {
        Background::Transparent => {}
        Background::Solid => {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                n(view.x),
                n(view.y),
                n(view.w),
                n(view.h)
            );
            paint(&mut out, "fill", Token::Canvas, theme, 1.0);
            out.push_str("/>");
        }
        Background::Color(rgba) => {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                n(view.x),
                n(view.y),
                n(view.w),
                n(view.h)
            );
            colour(&mut out, "fill", rgba, f32::from(rgba.a) / 255.0);
            out.push_str("/>");
        }
    }
    out.push_str(&w.out);
    out.push_str("</svg>\n");
    out
}
