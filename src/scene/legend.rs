//! The legend (flow styles, region styles and one section per shown overlay) and the title block (title,
//! posture, total risk, open findings by severity), each laid out relative to its own top-left corner.

use crate::analysis::severity::Severity;
use crate::model::Named as _;
use crate::model::Pattern;
use crate::model::responsibility::Owner;
use crate::scene::build::Inputs;
use crate::scene::flows::pattern_stroke;
use crate::scene::geom::{pt, rect};
use crate::scene::options::{ResponsibilityView, ViewOptions};
use crate::scene::overlays::{hop_token, owner_style, severity_letter, severity_token};
use crate::scene::palette::Token;
use crate::scene::text::{Align, FontMetrics, block};
use crate::scene::types::{Dash, LegendEntry, Panel, Stroke, Swatch};

const SIZE: f32 = 10.0;
const PAD: f32 = 8.0;
const SWATCH_W: f32 = 26.0;
const ROW_GAP: f32 = 3.0;
/// Widest line of the title block.
const TITLE_WIDTH: f32 = 420.0;

/// Rows stacked top to bottom.
struct Rows {
    entries: Vec<LegendEntry>,
    y: f32,
    width: f32,
}

impl Rows {
    fn new() -> Self {
        Self { entries: Vec::new(), y: PAD, width: 0.0 }
    }

    fn heading(&mut self, text: &str) {
        if !self.entries.is_empty() {
            self.y += 4.0;
        }
        self.row(None, text, Token::Text, 11.0);
    }

    fn row(&mut self, swatch: Option<Swatch>, text: &str, token: Token, size: f32) {
        self.row_within(swatch, text, token, size, 260.0);
    }

    fn row_within(&mut self, swatch: Option<Swatch>, text: &str, token: Token, size: f32, max_width: f32) {
        let metrics = FontMetrics::bundled();
        let lh = metrics.line_height(size);
        let x = if swatch.is_some() { PAD + SWATCH_W + 6.0 } else { PAD };
        let text_block = block(text, size, token, pt(x, self.y), max_width, 1, Align::Start);
        let w = text_block.lines.first().map_or(0.0, |l| l.width);
        self.width = self.width.max(x + w + PAD);
        let swatch_rect = rect(PAD, self.y + (lh - 10.0) / 2.0, SWATCH_W, 10.0);
        self.entries.push(LegendEntry { swatch, swatch_rect, text: text_block });
        self.y += lh + ROW_GAP;
    }

    fn item(&mut self, swatch: Swatch, text: &str) {
        self.row(Some(swatch), text, Token::Text, SIZE);
    }

    fn finish(self) -> Panel {
        Panel { size: pt(self.width.max(120.0), self.y + PAD - ROW_GAP), entries: self.entries }
    }
}

/// The legend for what the options show.
pub(crate) fn legend(inputs: &Inputs<'_>, options: &ViewOptions) -> Panel {
    let mut rows = Rows::new();
    rows.heading("Flows");
    for (pattern, text) in [
        (Pattern::SyncRequest, "synchronous request"),
        (Pattern::QueueSend, "queue send / receive"),
        (Pattern::EventPublish, "event publish / subscribe"),
        (Pattern::DataRead, "data read / write"),
        (Pattern::Admin, "administration"),
    ] {
        rows.item(Swatch::Line(pattern_stroke(pattern)), text);
    }
    rows.heading("Regions");
    rows.item(
        Swatch::Outline(Stroke { token: Token::TrustBoundary, width: 1.8, dash: Dash::Solid }),
        "account, VPC, cluster (trust boundary)",
    );
    rows.item(
        Swatch::Outline(Stroke { token: Token::BoundaryStroke, width: 1.6, dash: Dash::Dashed }),
        "explicit trust boundary",
    );
    rows.item(Swatch::Fill(Token::Context(0)), "bounded context");
    if inputs.model.components().iter().any(|c| !c.subnets.is_empty()) {
        rows.item(Swatch::Badge(Token::SubnetBadge, "2".into()), "named subnets (count; which are public)");
    }
    if options.threats && inputs.analysis.is_some() {
        rows.heading("Open findings (count, worst severity)");
        for severity in Severity::ALL.iter().rev() {
            let token = severity_token(*severity);
            rows.item(Swatch::Badge(token, format!("1 {}", severity_letter(*severity))), severity.as_str());
        }
    }
    if inputs.blast.is_some() {
        rows.heading("Blast radius (hops; ctl control, inf influence)");
        rows.item(Swatch::Badge(hop_token(0), "start".into()), "compromised start");
        for (hops, text) in [(1, "1 hop"), (2, "2 hops"), (3, "3 or more hops")] {
            rows.item(Swatch::Badge(hop_token(hops), format!("{hops} ctl")), text);
        }
        rows.item(Swatch::Fill(Token::CardFill), "not reached (faded)");
    }
    if let (Some(view), Some(_)) = (options.responsibility, inputs.analysis) {
        let title = match view {
            ResponsibilityView::Overall => "Responsibility (most layers)".to_owned(),
            ResponsibilityView::Layer(layer) => format!("Responsibility: {layer}"),
        };
        rows.heading(&title);
        for (owner, text) in [(Owner::Aws, "AWS"), (Owner::Customer, "customer"), (Owner::Shared, "shared")] {
            let (token, letter) = owner_style(owner);
            rows.item(Swatch::Badge(token, letter.into()), text);
        }
    }
    rows.finish()
}

/// Title, posture, total risk and open findings by severity.
pub(crate) fn title_block(inputs: &Inputs<'_>) -> Panel {
    let settings = &inputs.model.diagram().settings;
    let mut rows = Rows::new();
    let title = if settings.title.is_empty() { "Untitled diagram" } else { settings.title.as_str() };
    rows.row_within(None, title, Token::Text, 15.0, TITLE_WIDTH);
    match inputs.analysis {
        Some(analysis) => {
            rows.row(
                None,
                &format!("posture: {} · total risk {}", analysis.posture, analysis.risk.total),
                Token::TextWeak,
                SIZE,
            );
            let mut counts = Vec::new();
            for severity in Severity::ALL.iter().rev() {
                let n = analysis.findings.iter().filter(|f| f.is_open() && f.severity == *severity).count();
                if n > 0 {
                    counts.push(format!("{n} {} ({})", severity.as_str(), severity_letter(*severity)));
                }
            }
            let text =
                if counts.is_empty() { "no open findings".to_owned() } else { format!("open: {}", counts.join(", ")) };
            rows.row_within(None, &text, Token::TextWeak, SIZE, TITLE_WIDTH);
        }
        None => rows.row(None, &format!("posture: {}", settings.posture), Token::TextWeak, SIZE),
    }
    rows.finish()
}
