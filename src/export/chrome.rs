//! The page around the diagram: the area drawn (content or selection), the title block above it, the legend and
//! the numbered finding callouts below it, the padding, and the one-paragraph description of the diagram.

use std::collections::BTreeMap;

use crate::analysis::finding::Finding;
use crate::export::svg::Writer;
use crate::export::xml::n;
use crate::export::{Crop, Input, SvgOptions};
use crate::scene::geom::midpoint;
use crate::scene::text::{Align, FontMetrics, block};
use crate::scene::{ItemRef, Panel, Pt, Rect, Scene, Token};

/// Space between the diagram and the blocks around it.
const GAP: f32 = 16.0;
/// Radius of a callout's circle.
const CALLOUT_R: f32 = 8.0;

/// Where everything goes.
pub(crate) struct Page {
    /// The part of the diagram drawn.
    pub area: Rect,
    /// The whole picture (the `viewBox`).
    pub view: Rect,
    title_at: Option<Pt>,
    legend_at: Option<Pt>,
    callouts: Option<(Pt, Panel)>,
    /// Numbered circles: number, centre.
    marks: Vec<(usize, Pt)>,
}

fn union(a: Option<Rect>, b: Rect) -> Option<Rect> {
    Some(a.map_or(b, |a| a.union(&b)))
}

/// The rectangle of every drawn item of the element `id`.
fn element_rects(scene: &Scene) -> BTreeMap<&str, Rect> {
    let mut out: BTreeMap<&str, Rect> = BTreeMap::new();
    for region in &scene.regions {
        out.insert(&region.id, region.rect);
    }
    for card in &scene.cards {
        out.insert(&card.id, card.rect);
    }
    for note in &scene.notes {
        out.insert(&note.id, note.rect);
    }
    for flow in &scene.flows {
        if let Some(r) = Rect::around(&flow.points) {
            out.insert(&flow.id, r);
        }
    }
    out
}

/// The area of a selection: its elements, their badges and labels.
fn selection_area(scene: &Scene, ids: &[String]) -> Option<Rect> {
    let rects = element_rects(scene);
    let mut area = None;
    for id in ids {
        if let Some(r) = rects.get(id.as_str()) {
            area = union(area, *r);
        }
    }
    let owner_id = |owner: ItemRef| scene_id(scene, owner);
    for badge in &scene.badges {
        if owner_id(badge.owner).is_some_and(|id| ids.iter().any(|s| s == id)) {
            area = union(area, badge.rect);
        }
    }
    for label in &scene.labels {
        if owner_id(label.owner).is_some_and(|id| ids.iter().any(|s| s == id)) {
            area = union(area, label.rect);
        }
    }
    area
}

fn scene_id(scene: &Scene, item: ItemRef) -> Option<&str> {
    match item {
        ItemRef::Region(i) => scene.regions.get(i as usize).map(|r| r.id.as_str()),
        ItemRef::Card(i) => scene.cards.get(i as usize).map(|c| c.id.as_str()),
        ItemRef::Flow(i) => scene.flows.get(i as usize).map(|f| f.id.as_str()),
        ItemRef::Note(i) => scene.notes.get(i as usize).map(|n| n.id.as_str()),
        _ => None,
    }
}

/// Open findings in report order (most severe first, then by id), as numbered by the callouts.
pub fn numbered_findings<'a>(input: &Input<'a>) -> Vec<&'a Finding> {
    input
        .analysis
        .map(|a| crate::report::sorted(&a.findings).into_iter().filter(|f| f.is_open()).collect())
        .unwrap_or_default()
}

impl Page {
    pub fn new(scene: &Scene, input: &Input<'_>, options: &SvgOptions) -> Self {
        let content = match &options.crop {
            Crop::Content => Some(scene.bounds).filter(|b| b.w > 0.0 || b.h > 0.0),
            // A selection with nothing drawn (empty, or only unknown ids) shows everything.
            Crop::Selection(ids) => selection_area(scene, ids).or(Some(scene.bounds)),
        };
        let area = content.unwrap_or(Rect { x: 0.0, y: 0.0, w: 200.0, h: 100.0 });
        let mut all = area;
        let title_at = (options.title_block && !scene.title.entries.is_empty()).then(|| {
            let at = Pt { x: area.x, y: area.y - GAP - scene.title.size.y };
            all = all.union(&Rect { x: at.x, y: at.y, w: scene.title.size.x, h: scene.title.size.y });
            at
        });
        let below = area.bottom() + GAP;
        let mut x = area.x;
        let legend_at = (options.legend && !scene.legend.entries.is_empty()).then(|| {
            let at = Pt { x, y: below };
            all = all.union(&Rect { x: at.x, y: at.y, w: scene.legend.size.x, h: scene.legend.size.y });
            x += scene.legend.size.x + GAP;
            at
        });
        let mut marks = Vec::new();
        let callouts = if options.callouts {
            let findings = numbered_findings(input);
            let rects = element_rects(scene);
            let mut per_element: BTreeMap<&str, usize> = BTreeMap::new();
            let flow_mid: BTreeMap<&str, Pt> =
                crate::sorting::map(scene.flows.iter().map(|f| (f.id.as_str(), midpoint(&f.points))));
            for (i, finding) in findings.iter().enumerate() {
                let Some((id, r)) = finding.elements().find_map(|e| rects.get(e).map(|r| (e, *r))) else {
                    continue;
                };
                let slot = per_element.entry(id).or_insert(0);
                let anchor = flow_mid.get(id).copied().unwrap_or(Pt { x: r.x + CALLOUT_R + 2.0, y: r.bottom() });
                marks.push((i + 1, Pt { x: anchor.x + *slot as f32 * (2.0 * CALLOUT_R + 2.0), y: anchor.y }));
                *slot += 1;
            }
            let panel = callout_panel(&findings, (area.w - (x - area.x)).max(360.0));
            (!panel.entries.is_empty()).then(|| {
                let at = Pt { x, y: below };
                all = all.union(&Rect { x: at.x, y: at.y, w: panel.size.x, h: panel.size.y });
                (at, panel)
            })
        } else {
            None
        };
        for (_, c) in &marks {
            all = all.union(&Rect { x: c.x - CALLOUT_R, y: c.y - CALLOUT_R, w: 2.0 * CALLOUT_R, h: 2.0 * CALLOUT_R });
        }
        let p = options.padding.max(0.0);
        // Whole pixels at 1x, so a PNG has no half-covered last row or column.
        let view = Rect { x: all.x - p, y: all.y - p, w: (all.w + 2.0 * p).ceil(), h: (all.h + 2.0 * p).ceil() };
        Self { area, view, title_at, legend_at, callouts, marks }
    }
}

/// The list of numbered findings.
fn callout_panel(findings: &[&Finding], width: f32) -> Panel {
    let metrics = FontMetrics::bundled();
    let size = 10.0;
    let lh = metrics.line_height(size);
    let pad = 8.0;
    let mut entries = Vec::new();
    let mut y = pad;
    let mut widest: f32 = 0.0;
    let heading = block("Open findings", 11.0, Token::Text, Pt { x: pad, y }, width, 1, Align::Start);
    widest = widest.max(heading.lines.first().map_or(0.0, |l| l.width));
    entries.push(crate::scene::LegendEntry { swatch: None, swatch_rect: Rect::default(), text: heading });
    y += metrics.line_height(11.0) + 3.0;
    for (i, finding) in findings.iter().enumerate() {
        let letter = crate::scene::severity_letter(finding.severity);
        let elements: Vec<&str> = finding.elements().take(3).collect();
        let text = format!("{}. [{letter}] {} ({})", i + 1, finding.title(), elements.join(", "));
        let line = block(&text, size, Token::Text, Pt { x: pad, y }, width - 2.0 * pad, 1, Align::Start);
        widest = widest.max(line.lines.first().map_or(0.0, |l| l.width));
        entries.push(crate::scene::LegendEntry { swatch: None, swatch_rect: Rect::default(), text: line });
        y += lh + 2.0;
    }
    if findings.is_empty() {
        return Panel::default();
    }
    Panel { size: Pt { x: widest + 2.0 * pad, y: y + pad - 2.0 }, entries }
}

/// Title block, legend, callouts.
pub(crate) fn draw(w: &mut Writer, scene: &Scene, page: &Page, _options: &SvgOptions) {
    if let Some(at) = page.title_at {
        w.panel(&scene.title, at, "Title");
    }
    if let Some(at) = page.legend_at {
        w.panel(&scene.legend, at, "Legend");
    }
    if page.marks.is_empty() && page.callouts.is_none() {
        return;
    }
    w.out.push_str("<g class=\"callouts\">");
    let metrics = FontMetrics::bundled();
    for (number, c) in &page.marks {
        let label = number.to_string();
        let _ = std::fmt::Write::write_fmt(
            &mut w.out,
            format_args!(
                "<g><title>finding {number}</title><circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
                n(c.x),
                n(c.y),
                n(CALLOUT_R)
            ),
        );
        crate::export::xml::paint(&mut w.out, "fill", Token::Highlight, w.theme, 1.0);
        crate::export::xml::paint(&mut w.out, "stroke", Token::Canvas, w.theme, 1.0);
        w.out.push_str(" stroke-width=\"1\"/>");
        let size = 9.0;
        let width = metrics.measure(&label, size);
        let block = crate::scene::TextBlock {
            lines: vec![crate::scene::TextLine {
                text: label.into(),
                x: c.x - width / 2.0,
                y: c.y - metrics.line_height(size) / 2.0,
                width,
            }],
            size,
            token: Token::TextOnDark,
            truncated: false,
        };
        w.text(&block);
        w.out.push_str("</g>");
    }
    if let Some((at, panel)) = &page.callouts {
        w.panel(panel, *at, "Open findings");
    }
    w.out.push_str("</g>");
}

/// One paragraph for the diagram's `<desc>`: what it holds and what the analysis says.
pub fn description(input: &Input<'_>) -> String {
    let model = input.model;
    let diagram = model.diagram();
    let mut text = format!(
        "trustmap diagram: {} components, {} flows, {} trust boundaries, {} bounded contexts; posture {}",
        diagram.components.len(),
        diagram.flows.len(),
        diagram.boundaries.len(),
        diagram.contexts.len(),
        diagram.settings.posture
    );
    if let Some(analysis) = input.analysis {
        let open = analysis.findings.iter().filter(|f| f.is_open()).count();
        text.push_str(&format!("; total risk {}; {open} open findings", analysis.risk.total));
    }
    text.push('.');
    text
}
