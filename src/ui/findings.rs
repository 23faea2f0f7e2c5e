//! The findings panel: total risk, then every finding most severe first, filtered by severity, CIA corner, STRIDE
//! category, rule, triage state and text. Picking a finding selects and frames its elements and shows its
//! explanation, advice and triage controls.

use egui::RichText;

use super::inspector::values::Drafts;
use super::theme;
use crate::analysis::Analysis;
use crate::analysis::severity::Severity;
use crate::model::named::Named as _;
use crate::model::threat::{Cia, Stride};
use crate::model::triage::TriageStatus;
use crate::ui::actions::Action;
use crate::ui::workspace::Workspace;

/// Filters and the picked finding.
#[derive(Default)]
pub struct FindingsPanel {
    /// Text to look for in titles, ids and explanations.
    search: String,
    /// Only this severity and worse.
    min_severity: Option<Severity>,
    /// Only findings harming this corner.
    cia: Option<Cia>,
    /// Only this STRIDE category.
    stride: Option<Stride>,
    /// Only this rule.
    rule: Option<&'static str>,
    /// Only this triage state.
    status: Option<TriageStatus>,
    /// The finding picked (its elements are highlighted on the canvas).
    pub picked: Option<String>,
    drafts: Drafts,
}

fn severity_tag(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "CRIT",
        Severity::High => "HIGH",
        Severity::Elevated => "ELEV",
        Severity::Medium => "MED",
        Severity::Low => "LOW",
    }
}

fn filter_combo<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[T],
    name: impl Fn(T) -> String,
) {
    let shown = value.map_or_else(|| format!("{label}: any"), |v| format!("{label}: {}", name(v)));
    crate::ui::widgets::combo(ui, ("filter", label), &format!("{label} filter"), shown, None, |ui| {
        if ui.selectable_label(value.is_none(), "any").clicked() {
            *value = None;
        }
        for option in options {
            if ui.selectable_label(*value == Some(*option), name(*option)).clicked() {
                *value = Some(*option);
            }
        }
    });
}

impl FindingsPanel {
    /// The ids of the picked finding's elements.
    pub fn highlighted(&self, analysis: Option<&Analysis>) -> Vec<crate::model::id::Id> {
        let Some(picked) = &self.picked else { return Vec::new() };
        analysis
            .and_then(|a| a.findings.iter().find(|f| f.id() == picked))
            .map(|f| f.elements().to_ids())
            .unwrap_or_default()
    }

    /// Shows the panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, out: &mut Vec<Action>) {
        let Some(analysis) = ws.analysis() else {
            ui.label("Nothing to analyse: the document has problems everywhere (see Problems).");
            return;
        };
        let risk = &analysis.risk;
        ui.label(RichText::new(format!("Total risk {}", risk.total)).heading());
        ui.label(format!("{} open of {} findings · posture {}", risk.open, risk.findings, analysis.posture));
        if !ws.skipped().is_empty() {
            ui.label(
                RichText::new(format!("{} elements with problems are left out", ws.skipped().len()))
                    .color(theme::error_text(ui)),
            );
        }
        ui.add(egui::TextEdit::singleline(&mut self.search).hint_text("Search findings…").desired_width(f32::INFINITY));
        ui.horizontal_wrapped(|ui| {
            filter_combo(ui, "severity", &mut self.min_severity, Severity::ALL, |s| format!("{s} and worse"));
            filter_combo(ui, "CIA", &mut self.cia, Cia::ALL, |c| c.as_str().to_owned());
            filter_combo(ui, "STRIDE", &mut self.stride, Stride::ALL, |s| s.as_str().to_owned());
            filter_combo(ui, "triage", &mut self.status, TriageStatus::ALL, |s| s.as_str().to_owned());
            let mut rules: Vec<&'static str> = analysis.findings.iter().map(|f| f.rule()).collect();
            crate::sorting::sort(&mut rules);
            rules.dedup();
            filter_combo(ui, "rule", &mut self.rule, &rules, |r| r.to_owned());
        });
        ui.separator();
        let needle = self.search.trim().to_lowercase();
        let shown: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| self.min_severity.is_none_or(|s| f.severity >= s))
            .filter(|f| self.cia.is_none_or(|c| f.cia().contains(&c)))
            .filter(|f| self.stride.is_none_or(|s| f.stride().contains(&s)))
            .filter(|f| self.rule.is_none_or(|r| f.rule() == r))
            .filter(|f| self.status.is_none_or(|s| f.status == s))
            .filter(|f| {
                needle.is_empty()
                    || f.title().to_lowercase().contains(&needle)
                    || f.id().to_lowercase().contains(&needle)
                    || f.explanation().to_lowercase().contains(&needle)
            })
            .collect();
        ui.label(RichText::new(format!("{} shown", shown.len())).small().color(theme::text_weak(ui)));
        // The picked finding's details above the list, so the list keeps one line a row and draws only the rows
        // in view (thousands of findings cost nothing while they are scrolled away).
        if let Some(finding) = shown.iter().find(|f| self.picked.as_deref() == Some(f.id())) {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(finding.title()).strong().color(theme::severity(ui, finding.severity)));
                    if ui.small_button("Hide details").clicked() {
                        self.picked = None;
                    }
                });
                ui.label(RichText::new(ws.subject(finding.id())).small());
                egui::ScrollArea::vertical().id_salt("finding-details").max_height(260.0).show(ui, |ui| {
                    ui.label(finding.explanation());
                    ui.label(RichText::new(risk_line(finding)).small().color(theme::text_weak(ui)));
                    for advice in finding.advice() {
                        ui.label(RichText::new(format!("{}: {}", advice.kind, advice.text)).small());
                    }
                    if finding.rule() != crate::model::threat::MANUAL_THREAT_RULE {
                        super::inspector::threats_triage(
                            ui,
                            &mut self.drafts,
                            ws.diagram().triage.get(finding.id()),
                            finding.id(),
                            out,
                        );
                    } else if let Some(threat) = finding
                        .id()
                        .split_once('@')
                        .and_then(|(_, id)| ws.diagram().threats.iter().find(|t| t.id.as_str() == id))
                    {
                        // A manual threat carries its own status; its texts are edited in the Inspector.
                        ui.horizontal(|ui| {
                            ui.label("Threat status:");
                            let salt = ("finding-threat-status", threat.id.as_str());
                            if let Some(status) = super::inspector::status_picker(ui, salt, threat.status) {
                                let mut next = threat.clone();
                                next.status = status;
                                out.push(Action::apply(
                                    format!("mark threat {status}"),
                                    crate::edit::ops::set_threat(next),
                                ));
                            }
                        });
                        ui.label(
                            RichText::new("A manual threat: edit its text, mitigation and reasons in the Inspector.")
                                .small()
                                .color(theme::text_weak(ui)),
                        );
                    }
                });
            });
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(ui, row_height, shown.len(), |ui, rows| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            for finding in shown.iter().skip(rows.start).take(rows.len()) {
                let picked = self.picked.as_deref() == Some(finding.id());
                let subject = ws.subject(finding.id());
                let mut title =
                    RichText::new(format!("{}  {} · {subject}", severity_tag(finding.severity), finding.title()))
                        .color(theme::severity(ui, finding.severity));
                if finding.status != TriageStatus::Open {
                    title = title.strikethrough();
                }
                let response = ui.selectable_label(picked, title).on_hover_text(finding.id());
                if response.clicked() {
                    if picked {
                        self.picked = None;
                    } else {
                        self.picked = Some(finding.id().to_owned());
                        out.push(Action::Reveal(finding.elements().to_ids()));
                    }
                }
            }
        });
    }
}

/// The problems panel: every problem of the document; clicking one selects its elements.
pub fn problems_ui(ui: &mut egui::Ui, ws: &Workspace, out: &mut Vec<Action>) {
    let problems = ws.problems();
    if problems.is_empty() {
        ui.label("No problems: the whole document is analysed.");
        return;
    }
    ui.label(format!(
        "{} problems. Elements with problems are left out of the analysis until they are fixed.",
        problems.len()
    ));
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        for problem in problems {
            let response = ui.selectable_label(false, RichText::new(problem.to_string()).color(theme::error_text(ui)));
            if response.clicked() && !problem.elements.is_empty() {
                out.push(Action::Reveal(problem.elements.clone()));
            }
        }
    });
}

/// "risk 25 = likelihood almost-certain x impact severe; CIA: integrity; STRIDE: tampering", leaving out an empty
/// list (a manual threat names no CIA corner).
fn risk_line(finding: &crate::analysis::finding::Finding) -> String {
    let mut line = format!("risk {} = likelihood {} x impact {}", finding.risk, finding.likelihood, finding.impact);
    let cia: Vec<String> = finding.cia().iter().map(ToString::to_string).collect();
    let stride: Vec<String> = finding.stride().iter().map(ToString::to_string).collect();
    for (name, items) in [("CIA", cia), ("STRIDE", stride)] {
        if !items.is_empty() {
            line.push_str(&format!("; {name}: {}", items.join(", ")));
        }
    }
    line
}
