//! The findings panel: total risk, then every finding most severe first, with its explanation and advice on
//! demand. Selecting a finding highlights its elements on the canvas.

use egui::RichText;

use super::theme;
use crate::analysis::Analysis;
use crate::analysis::severity::Severity;
use crate::model::triage::TriageStatus;

/// Shows the panel; `selected` is the id of the finding whose elements the canvas highlights.
pub fn findings_ui(ui: &mut egui::Ui, analysis: &Analysis, selected: &mut Option<String>) {
    let risk = &analysis.risk;
    ui.heading("Findings");
    ui.label(format!(
        "Total risk {} from {} open of {} findings (posture: {})",
        risk.total, risk.open, risk.findings, analysis.posture
    ));
    ui.horizontal_wrapped(|ui| {
        for (corner, value) in &risk.by_cia {
            ui.label(RichText::new(format!("{corner}: {value}")).small().color(theme::text_weak(ui)));
        }
    });
    ui.label(
        RichText::new(format!(
            "Customer share of security layers: {:.0} %",
            analysis.responsibility.customer_share * 100.0
        ))
        .small()
        .color(theme::text_weak(ui)),
    );
    ui.separator();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        for finding in &analysis.findings {
            let is_selected = selected.as_deref() == Some(finding.id.as_str());
            let subject = finding.id.split_once('@').map_or("", |(_, subject)| subject);
            let mut title = RichText::new(format!("{}  {} · {subject}", severity_tag(finding.severity), finding.title))
                .color(theme::severity(ui, finding.severity));
            if finding.status != TriageStatus::Open {
                title = title.strikethrough();
            }
            let response = ui.selectable_label(is_selected, title).on_hover_text(&finding.id);
            if response.clicked() {
                *selected = if is_selected { None } else { Some(finding.id.clone()) };
            }
            if is_selected {
                ui.indent(&finding.id, |ui| {
                    ui.label(&finding.explanation);
                    ui.label(
                        RichText::new(format!(
                            "risk {} = {} x {}; {}",
                            finding.risk,
                            finding.likelihood,
                            finding.impact,
                            finding.cia.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                        ))
                        .small()
                        .color(theme::text_weak(ui)),
                    );
                    for advice in finding.advice {
                        ui.label(RichText::new(format!("{}: {}", advice.kind, advice.text)).small());
                    }
                });
            }
        }
    });
}

fn severity_tag(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "CRIT",
        Severity::High => "HIGH",
        Severity::Elevated => "ELEV",
        Severity::Medium => "MED ",
        Severity::Low => "LOW ",
    }
}
