//! The inspector's threat sections: the rule findings that touch the element, each with its triage (status and a
//! note, saved in the file), and the element's manual threats (add, edit, close).

use egui::RichText;

use super::values::Drafts;
use crate::analysis::Analysis;
use crate::edit::ops;
use crate::model::id::Id;
use crate::model::named::Named as _;
use crate::model::threat::{Cia, Stride, Threat};
use crate::model::triage::{Triage, TriageStatus};
use crate::ui::actions::Action;
use crate::ui::theme;
use crate::ui::workspace::Workspace;

/// One text field of a manual threat: id salt, current text, multiline, hint, and how to set it.
type ThreatField<'a> = (&'static str, &'a str, bool, &'static str, fn(&mut Threat, String));

/// A manual threat being written.
#[derive(Default)]
pub struct Draft {
    /// Its title.
    title: String,
    /// What could happen.
    description: String,
    /// 1-5.
    likelihood: u8,
    /// 1-5.
    impact: u8,
    /// STRIDE categories.
    stride: Vec<Stride>,
    /// CIA corners.
    cia: Vec<Cia>,
}

/// A status picker; the new status when changed.
pub fn status_picker(
    ui: &mut egui::Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    current: TriageStatus,
) -> Option<TriageStatus> {
    let mut picked = None;
    crate::ui::widgets::combo(ui, salt, "Status", current.as_str(), None, |ui| {
        for status in TriageStatus::ALL {
            if ui.selectable_label(current == *status, status.as_str()).clicked() && current != *status {
                picked = Some(*status);
            }
        }
    });
    picked
}

/// Triage controls for one finding: status and note.
pub fn triage_ui(
    ui: &mut egui::Ui,
    drafts: &mut Drafts,
    ws_triage: Option<&Triage>,
    finding_id: &str,
    out: &mut Vec<Action>,
) {
    let current = ws_triage.map_or(TriageStatus::Open, |t| t.status);
    let note = ws_triage.map_or("", |t| t.note.as_str());
    ui.horizontal(|ui| {
        ui.label("Triage");
        if let Some(status) = status_picker(ui, ("triage", finding_id), current) {
            let triage =
                (status != TriageStatus::Open || !note.is_empty()).then(|| Triage { status, note: note.to_owned() });
            out.push(Action::apply(format!("triage as {status}"), ops::set_triage(finding_id, triage)));
        }
    });
    if let Some(text) =
        drafts.text(ui, egui::Id::unique(("triage-note", finding_id)), note, false, "Why (saved in the file)")
    {
        let triage = (current != TriageStatus::Open || !text.trim().is_empty())
            .then(|| Triage { status: current, note: text.trim().to_owned() });
        out.push(Action::apply("edit triage note".to_owned(), ops::set_triage(finding_id, triage)));
    }
}

/// The findings that touch `id`, most severe first.
pub fn findings_of_ui(
    ui: &mut egui::Ui,
    drafts: &mut Drafts,
    analysis: &Analysis,
    triage: &std::collections::BTreeMap<String, Triage>,
    id: &Id,
    out: &mut Vec<Action>,
) {
    let findings: Vec<_> = analysis.findings.iter().filter(|f| f.elements().contains(id)).collect();
    let open = findings.iter().filter(|f| f.is_open()).count();
    let title = format!("Findings ({open} open of {})", findings.len());
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt(("findings-of", id.as_str()))
        .default_open(true)
        .show(ui, |ui| {
            if findings.is_empty() {
                ui.label(RichText::new("No rule reports anything here.").color(theme::text_weak(ui)));
            }
            for f in findings {
                let text =
                    RichText::new(format!("{} · {}", f.severity, f.title())).color(theme::severity(ui, f.severity));
                let text = if f.is_open() { text } else { text.strikethrough() };
                let header = crate::ui::widgets::header_text(ui, text);
                egui::CollapsingHeader::new(header).id_salt(("finding", f.id())).show(ui, |ui| {
                    ui.label(f.explanation());
                    ui.label(
                        RichText::new(format!("risk {} = likelihood {} x impact {}", f.risk, f.likelihood, f.impact))
                            .small(),
                    );
                    for advice in f.advice() {
                        ui.label(RichText::new(format!("{}: {}", advice.kind, advice.text)).small());
                    }
                    if !f.id().starts_with(crate::model::threat::MANUAL_THREAT_RULE) {
                        triage_ui(ui, drafts, triage.get(f.id()), f.id(), out);
                    }
                });
            }
        });
}

/// The manual threats on `id`, and a form to add one.
pub fn threats_ui(
    ui: &mut egui::Ui,
    drafts: &mut Drafts,
    draft: &mut Draft,
    ws: &Workspace,
    id: &Id,
    out: &mut Vec<Action>,
) {
    let threats: Vec<&Threat> = ws.diagram().threats.iter().filter(|t| t.element == *id).collect();
    egui::CollapsingHeader::new(RichText::new(format!("Manual threats ({})", threats.len())).strong())
        .id_salt(("manual", id.as_str()))
        .default_open(true)
        .show(ui, |ui| {
            for t in threats {
                ui.group(|ui| {
                    // Title, description and mitigation: one text field each, one edit per change.
                    let fields: [ThreatField<'_>; 3] = [
                        ("threat-title", &t.title, false, "Title", |t, v| t.title = v),
                        ("threat-desc", &t.description, true, "What could happen", |t, v| t.description = v),
                        ("threat-mit", &t.mitigation, false, "Mitigation", |t, v| t.mitigation = v),
                    ];
                    for (salt, current, multiline, hint, set) in fields {
                        let key = egui::Id::unique((salt, t.id.as_str()));
                        if let Some(text) = drafts.text(ui, key, current, multiline, hint) {
                            let mut next = t.clone();
                            set(&mut next, text);
                            out.push(Action::apply("edit threat".to_owned(), ops::set_threat(next)));
                        }
                    }
                    ui.horizontal(|ui| {
                        ui.label(format!("likelihood {} · impact {}", t.likelihood, t.impact));
                        if let Some(status) = status_picker(ui, ("threat-status", t.id.as_str()), t.status) {
                            let mut next = t.clone();
                            next.status = status;
                            out.push(Action::apply(format!("mark threat {status}"), ops::set_threat(next)));
                        }
                        if ui.small_button("delete").clicked() {
                            out.push(Action::apply(
                                "delete threat".to_owned(),
                                ops::remove(ws.diagram(), std::slice::from_ref(&t.id)),
                            ));
                        }
                    });
                });
            }
            ui.separator();
            add_form(ui, draft, id, out);
        });
}

/// The form that adds a manual threat to `id`.
fn add_form(ui: &mut egui::Ui, draft: &mut Draft, id: &Id, out: &mut Vec<Action>) {
    ui.label(RichText::new("Add a threat").strong());
    if draft.likelihood == 0 {
        draft.likelihood = 3;
        draft.impact = 3;
    }
    let title = egui::TextEdit::singleline(&mut draft.title).hint_text("Title, e.g. Stolen session cookie");
    let _named = ui.add(title.desired_width(f32::INFINITY)).accessible_name("New threat title");
    let description = egui::TextEdit::multiline(&mut draft.description).hint_text("What could happen");
    let _named =
        ui.add(description.desired_rows(2).desired_width(f32::INFINITY)).accessible_name("New threat description");
    ui.horizontal(|ui| {
        ui.add(egui::Slider::new(&mut draft.likelihood, 1..=5).text("likelihood"));
    });
    ui.horizontal(|ui| {
        ui.add(egui::Slider::new(&mut draft.impact, 1..=5).text("impact"));
    });
    ui.horizontal_wrapped(|ui| {
        for s in Stride::ALL {
            let mut on = draft.stride.contains(s);
            if ui.checkbox(&mut on, s.as_str()).changed() {
                if on { draft.stride.push(*s) } else { draft.stride.retain(|x| x != s) }
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        for c in Cia::ALL {
            let mut on = draft.cia.contains(c);
            if ui.checkbox(&mut on, c.as_str()).changed() {
                if on { draft.cia.push(*c) } else { draft.cia.retain(|x| x != c) }
            }
        }
    });
    let ready = !draft.title.trim().is_empty();
    if ui.add_enabled(ready, egui::Button::new("Add threat")).clicked() {
        let mut stride = draft.stride.clone();
        crate::sorting::sort(&mut stride);
        let mut cia = draft.cia.clone();
        crate::sorting::sort(&mut cia);
        let threat = Threat {
            id: id.clone(),
            element: id.clone(),
            title: draft.title.trim().to_owned(),
            description: draft.description.trim().to_owned(),
            cia,
            stride,
            likelihood: draft.likelihood,
            impact: draft.impact,
            mitigation: String::new(),
            status: TriageStatus::Open,
        };
        out.push(Action::AddThreat(Box::new(threat)));
        *draft = Draft::default();
    }
}
