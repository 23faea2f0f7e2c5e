//! Open, Save as and Export ask for a path in the app itself first: a text field with the folder and a suggested
//! name, Enter to confirm, and "Browse…" for the system's file dialog. A desktop without a file-dialog service
//! (a bare X session, a container) can still open and save, and the user always sees where the file goes.

use std::path::PathBuf;

use crate::ui::export_dialog::Output;

/// What the path is for.
pub enum Purpose {
    /// Open a diagram (or an exported picture).
    Open,
    /// Save the diagram.
    Save,
    /// Write an export.
    Export(Box<Output>),
}

/// What the user decided.
pub enum Decision {
    /// Still deciding.
    Pending,
    /// Closed without a choice.
    Cancel,
    /// Use this path.
    Path(PathBuf),
    /// Use the system's file dialog instead.
    Browse,
}

/// The prompt's state.
pub struct PathPrompt {
    /// What it is for.
    pub purpose: Purpose,
    text: String,
    focused: bool,
}

impl PathPrompt {
    /// A prompt for `purpose`, suggesting `suggestion` (a file name, or a path).
    pub fn new(purpose: Purpose, suggestion: &str) -> Self {
        let suggested = PathBuf::from(suggestion);
        let path = if suggested.is_absolute() {
            suggested
        } else {
            std::env::current_dir().map_or_else(|_| suggested.clone(), |dir| dir.join(&suggested))
        };
        Self { purpose, text: path.display().to_string(), focused: false }
    }

    /// Shows the prompt.
    pub fn ui(&mut self, ctx: &egui::Context) -> Decision {
        let (title, verb) = match &self.purpose {
            Purpose::Open => ("Open a diagram", "Open"),
            Purpose::Save => ("Save the diagram as", "Save"),
            Purpose::Export(_) => ("Export to", "Export"),
        };
        let mut decision = Decision::Pending;
        let modal = egui::Modal::new(egui::Id::unique("path-prompt")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(title);
            let response = ui
                .add(egui::TextEdit::singleline(&mut self.text).desired_width(f32::INFINITY))
                .accessible_name("File path");
            if !self.focused {
                response.request_focus();
                self.focused = true;
            }
            let path = PathBuf::from(self.text.trim());
            let exists = path.is_file();
            match (&self.purpose, exists) {
                (Purpose::Open, false) if !self.text.trim().is_empty() => {
                    ui.label(egui::RichText::new("No such file yet.").small().color(crate::ui::theme::text_weak(ui)));
                }
                (Purpose::Save | Purpose::Export(_), true) => {
                    ui.label(
                        egui::RichText::new("This file exists and will be replaced.")
                            .small()
                            .color(crate::ui::theme::error_text(ui)),
                    );
                }
                _ => {}
            }
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if ui.button(verb).clicked() || enter {
                    decision = Decision::Path(path.clone());
                }
                if ui.button("Browse…").on_hover_text("Use the system's file dialog").clicked() {
                    decision = Decision::Browse;
                }
                if ui.button("Cancel").clicked() {
                    decision = Decision::Cancel;
                }
            });
        });
        if matches!(decision, Decision::Pending)
            && (modal.should_close() || ctx.input(|i| i.key_pressed(egui::Key::Escape)))
        {
            decision = Decision::Cancel;
        }
        if let Decision::Path(path) = &decision
            && path.as_os_str().is_empty()
        {
            return Decision::Pending;
        }
        decision
    }
}
