//! The inspector: everything about the selection, generated from the registries. A component shows its name, kind,
//! description, where it sits, its links and every security property its kind takes (with the default and one
//! line of help), who secures each of its layers, the findings that touch it with their triage, its manual threats
//! and its blast radius. Flows, boundaries, contexts and notes show their own fields; with nothing selected it shows
//! the diagram's settings. Every change is pushed as one edit.

mod element;
mod threats;
pub mod values;

pub use threats::status_picker;
pub use threats::triage_ui as threats_triage;

use crate::model::id::Id;
use crate::ui::actions::Action;
use crate::ui::workspace::Workspace;

/// The inspector's own state.
#[derive(Default)]
pub struct Inspector {
    /// Text being typed.
    drafts: values::Drafts,
    /// Put the cursor in the name field on the next frame (double-click on the canvas, F2).
    pub focus_name: bool,
    /// A manual threat being written.
    threat_draft: threats::Draft,
}

impl Inspector {
    /// Shows the inspector for `selection`.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, selection: &[Id], out: &mut Vec<Action>) {
        // Review mode: the design is read-only here (a note stays editable; a manual threat's status and the
        // findings' triage below stay live, and the document refuses anything else anyway).
        let review = ws.doc().review();
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| match selection {
            [] => {
                ui.add_enabled_ui(!review, |ui| element::settings_ui(ui, &mut self.drafts, ws, out));
            }
            [one] => {
                let focus = std::mem::take(&mut self.focus_name);
                let note = ws.diagram().notes.iter().any(|n| &n.id == one);
                ui.add_enabled_ui(!review || note, |ui| element::element_ui(ui, &mut self.drafts, ws, one, focus, out));
                if ws.diagram().components.iter().any(|c| &c.id == one) {
                    threats::threats_ui(ui, &mut self.drafts, &mut self.threat_draft, ws, one, out);
                }
            }
            many => {
                ui.add_enabled_ui(!review, |ui| element::many_ui(ui, ws, many, out));
            }
        });
    }
}
