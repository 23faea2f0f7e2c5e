//! The threat report of `trustmap report` (Markdown or standalone HTML, through [`document`]): the diagram, a
//! summary (total risk, counts by severity and CIA corner, posture), the findings table with triage, the
//! responsibility per component and layer, the blast-radius ranking, cohesion and coupling per bounded context,
//! the manual threats and the notes. The diagram's SVG is made by the caller (`export`) and handed in.

use crate::analysis::blast::{BlastGraph, Level, Start};
use crate::analysis::severity::Severity;
use crate::model::named::Named as _;
use crate::model::responsibility::{Layer, Owner};
use crate::report::document::{Block, Line, Span, text};
use crate::report::text::{advice_by_kind, status_counts};
use crate::report::{Report, TOTAL_RISK_FORMULA, percent};

/// How many components the blast-radius ranking lists.
const RANKED: usize = 15;

/// The diagram to show: its SVG (inline in HTML) and the file name it is written to beside a Markdown report.
pub struct Diagram<'a> {
    /// The SVG document.
    pub svg: &'a str,
    /// File name beside the report.
    pub file: &'a str,
}

/// The report as blocks.
pub fn blocks(report: &Report<'_>, diagram: Option<&Diagram<'_>>) -> Vec<Block> {
    let mut out = Vec::new();
    let title = report.title();
    let title = if title.is_empty() { "Untitled diagram" } else { title };
    out.push(Block::Heading(1, text(format!("Threat report: {title}"))));
    if let Some(d) = diagram {
        out.push(Block::Diagram { alt: format!("Diagram: {title}"), svg: d.svg.to_owned(), file: d.file.to_owned() });
    }
    summary(&mut out, report);
    findings(&mut out, report);
    responsibility(&mut out, report);
    blast(&mut out, report);
    contexts(&mut out, report);
    threats_and_notes(&mut out, report);
    out
}

fn summary(out: &mut Vec<Block>, report: &Report<'_>) {
    let analysis = report.analysis;
    out.push(Block::Heading(2, text("Summary")));
    let findings = if analysis.findings.is_empty() {
        "no findings".to_owned()
    } else {
        format!("{} findings ({})", analysis.findings.len(), status_counts(&analysis.findings))
    };
    out.push(Block::Paragraph(vec![
        Span::Text("Diagram ".into()),
        Span::Code(report.source.to_owned()),
        Span::Text(", posture ".into()),
        Span::Strong(analysis.posture.to_string()),
        Span::Text(format!(": {findings}; total risk ")),
        Span::Strong(analysis.risk.total.to_string()),
        Span::Text(format!(" ({}).", TOTAL_RISK_FORMULA.replace(" x ", " × "))),
    ]));
    let rows = Severity::ALL
        .iter()
        .rev()
        .map(|severity| {
            let of: Vec<_> = analysis.findings.iter().filter(|f| f.severity == *severity).collect();
            let open = of.iter().filter(|f| f.is_open()).count();
            let risk: u32 = of.iter().filter(|f| f.is_open()).map(|f| f.risk).sum();
            vec![
                text(severity.as_str()),
                text(open.to_string()),
                text((of.len() - open).to_string()),
                text(risk.to_string()),
            ]
        })
        .collect();
    out.push(Block::Table {
        head: vec!["Severity", "Open", "Triaged", "Risk"],
        numeric: vec![false, true, true, true],
        rows,
    });
    let rows = analysis
        .risk
        .by_cia
        .iter()
        .map(|(corner, risk)| vec![text(corner.to_string()), text(risk.to_string())])
        .collect();
    out.push(Block::Table { head: vec!["CIA corner", "Risk"], numeric: vec![false, true], rows });
}

fn ids<'a>(items: impl IntoIterator<Item = &'a str>) -> Line {
    let mut line = Vec::new();
    for (i, id) in items.into_iter().enumerate() {
        if i > 0 {
            line.push(Span::Text(", ".into()));
        }
        line.push(Span::Code(id.to_owned()));
    }
    line
}

fn findings(out: &mut Vec<Block>, report: &Report<'_>) {
    out.push(Block::Heading(2, text("Findings")));
    let findings = report.findings();
    if findings.is_empty() {
        out.push(Block::Paragraph(text("No findings.")));
        return;
    }
    let rows = findings
        .iter()
        .map(|f| {
            let advice: Vec<String> =
                advice_by_kind(f.advice()).iter().map(|a| format!("{}: {}", a.kind, a.text)).collect();
            let mut advice = advice.join("; ");
            if !f.mitigation().is_empty() {
                advice =
                    if advice.is_empty() { f.mitigation().to_owned() } else { format!("{advice}; {}", f.mitigation()) };
            }
            vec![
                text(format!("{} ({})", f.severity, f.risk)),
                vec![Span::Code(f.id().to_owned())],
                text(f.title()),
                ids(f.elements()),
                text(f.explanation().to_owned()),
                text(advice),
                text(f.status.to_string()),
                text(f.note.clone()),
            ]
        })
        .collect();
    out.push(Block::Table {
        head: vec!["Severity (risk)", "Finding", "Title", "Elements", "Explanation", "Advice", "Triage", "Note"],
        numeric: vec![false; 8],
        rows,
    });
}

fn owner_cell(owner: Owner) -> &'static str {
    match owner {
        Owner::Aws => "AWS",
        Owner::Customer => "customer",
        Owner::Shared => "shared",
        Owner::Absent => "-",
    }
}

fn responsibility(out: &mut Vec<Block>, report: &Report<'_>) {
    let split = &report.analysis.responsibility;
    out.push(Block::Heading(2, text("Responsibility")));
    out.push(Block::Paragraph(vec![
        Span::Text("The customer secures ".into()),
        Span::Strong(percent(split.customer_share)),
        Span::Text(" of the present layers (shared layers count half).".into()),
    ]));
    let mut head = vec!["Component", "Customer share"];
    head.extend(Layer::ALL.iter().map(|layer| layer.as_str()));
    let rows: Vec<Vec<Line>> = split
        .components
        .iter()
        .filter(|c| c.stack.customer_share().1 > 0)
        .map(|c| {
            let mut row = vec![vec![Span::Code(c.id.to_string())], text(percent(c.customer_share))];
            row.extend(Layer::ALL.iter().map(|layer| text(owner_cell(c.stack.owner(*layer)))));
            row
        })
        .collect();
    let mut numeric = vec![false, true];
    numeric.extend(std::iter::repeat_n(false, Layer::ALL.len()));
    out.push(Block::Table { head, numeric, rows });
}

fn blast(out: &mut Vec<Block>, report: &Report<'_>) {
    let model = report.model;
    out.push(Block::Heading(2, text("Blast radius")));
    out.push(Block::Paragraph(text(format!(
        "What an attacker reaches from each start under the {} posture: components controlled and influenced; the \
         {RANKED} components with the largest reach.",
        report.analysis.posture
    ))));
    let graph = BlastGraph::new(model, report.analysis.posture);
    let row = |name: Line, start: Start| {
        let radius = graph.radius(start);
        let control = radius.reached.iter().filter(|r| r.level == Level::Control).count();
        let hops = radius.reached.iter().map(|r| r.hops).max().unwrap_or(0);
        (
            radius.reached.len(),
            vec![
                name,
                text(radius.reached.len().to_string()),
                text(control.to_string()),
                text((radius.reached.len() - control).to_string()),
                text(hops.to_string()),
            ],
        )
    };
    let mut rows = vec![row(text(Start::INTERNET), Start::Internet).1, row(text(Start::INSIDER), Start::Insider).1];
    let mut ranked: Vec<(usize, String, Vec<Line>)> = model
        .component_ixs()
        .map(|c| {
            let id = model.component(c).id.to_string();
            let (reached, row) = row(vec![Span::Code(id.clone())], Start::Component(c));
            (reached, id, row)
        })
        .collect();
    crate::sorting::sort_by(&mut ranked, |a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    rows.extend(ranked.into_iter().filter(|r| r.0 > 0).take(RANKED).map(|r| r.2));
    out.push(Block::Table {
        head: vec!["Start", "Reached", "Control", "Influence", "Most hops"],
        numeric: vec![false, true, true, true, true],
        rows,
    });
}

fn contexts(out: &mut Vec<Block>, report: &Report<'_>) {
    out.push(Block::Heading(2, text("Bounded contexts")));
    let metrics = &report.analysis.metrics.contexts;
    if metrics.is_empty() {
        out.push(Block::Paragraph(text("The diagram has no bounded contexts.")));
        return;
    }
    out.push(Block::Paragraph(text("Cohesion runs from 0 to 1; coupling counts flows across the context's border.")));
    let rows = metrics
        .iter()
        .map(|c| {
            let risk = report.analysis.risk.by_context.get(&c.id).copied().unwrap_or(0);
            let mut name = text(format!("{} (", c.name));
            name.push(Span::Code(c.id.to_string()));
            name.push(Span::Text(")".into()));
            vec![
                name,
                text(c.members.to_string()),
                text(format!("{:.2}", c.cohesion)),
                text(c.coupling.sync.to_string()),
                text(c.coupling.asynchronous.to_string()),
                text(c.coupling.other.to_string()),
                ids(c.coupled_with.iter().map(|id| id.as_str())),
                text(risk.to_string()),
            ]
        })
        .collect();
    out.push(Block::Table {
        head: vec!["Context", "Members", "Cohesion", "Sync", "Async", "Other", "Coupled with", "Risk"],
        numeric: vec![false, true, true, true, true, true, false, true],
        rows,
    });
}

fn threats_and_notes(out: &mut Vec<Block>, report: &Report<'_>) {
    let diagram = report.model.diagram();
    out.push(Block::Heading(2, text("Manual threats")));
    if diagram.threats.is_empty() {
        out.push(Block::Paragraph(text("None recorded.")));
    } else {
        let rows = diagram
            .threats
            .iter()
            .map(|t| {
                let cia: Vec<&str> = t.cia.iter().map(|c| c.as_str()).collect();
                let stride: Vec<&str> = t.stride.iter().map(|s| s.as_str()).collect();
                vec![
                    vec![Span::Code(t.id.to_string())],
                    vec![Span::Code(t.element.to_string())],
                    text(t.title.clone()),
                    text(t.description.clone()),
                    text(format!("{}; {}", cia.join(", "), stride.join(", "))),
                    text(format!("{} × {}", t.likelihood, t.impact)),
                    text(t.status.to_string()),
                    text(t.mitigation.clone()),
                ]
            })
            .collect();
        out.push(Block::Table {
            head: vec![
                "Threat",
                "Element",
                "Title",
                "Description",
                "CIA; STRIDE",
                "Likelihood × impact",
                "Status",
                "Mitigation",
            ],
            numeric: vec![false; 8],
            rows,
        });
    }
    out.push(Block::Heading(2, text("Notes")));
    if diagram.notes.is_empty() {
        out.push(Block::Paragraph(text("None.")));
        return;
    }
    let items = diagram
        .notes
        .iter()
        .map(|note| {
            let mut line = Vec::new();
            if let Some(on) = &note.attached_to {
                line.push(Span::Text("on ".into()));
                line.push(Span::Code(on.to_string()));
                line.push(Span::Text(": ".into()));
            }
            line.push(Span::Text(note.text.clone()));
            line
        })
        .collect();
    out.push(Block::List(items));
}
