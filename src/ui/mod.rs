//! The egui editor (feature `gui`). It sits on top of the pure core: it reads a [`Model`] and draws it; it never
//! reaches into file formats or analysis internals. This first version is a viewer: it opens a file or a bundled
//! sample and shows its components, containers and flows on a pannable, zoomable canvas.

mod canvas;
mod findings;
mod theme;
#[cfg(target_arch = "wasm32")]
pub mod web;

use crate::analysis::{Analysis, analyze};
use crate::io::samples;
use crate::model::Model;
use crate::model::problem::Problem;

/// What the editor shows.
pub struct App {
    /// The open diagram, or why it could not be opened.
    document: Result<Model, Vec<Problem>>,
    /// The analysis of the open diagram, computed when it is opened.
    analysis: Option<Analysis>,
    /// Where it came from, for the title bar.
    source: String,
    /// Pan and zoom (view state, never saved into the diagram).
    view: canvas::View,
    /// The finding whose elements are highlighted.
    selected: Option<String>,
}

impl App {
    /// Opens a bundled sample by position in [`samples::all`].
    pub fn with_sample(index: usize) -> Self {
        let sample = samples::all().get(index).or(samples::all().first());
        let (document, source) = match sample {
            Some(sample) => (sample.model(), format!("sample:{}", sample.file)),
            None => (Err(vec![Problem::new("$", "no samples are bundled")]), String::new()),
        };
        Self::with_document(document, source)
    }

    /// Opens a document that was already loaded (or failed to).
    pub fn with_document(document: Result<Model, Vec<Problem>>, source: String) -> Self {
        let analysis = document.as_ref().ok().map(analyze);
        Self { document, analysis, source, view: canvas::View::default(), selected: None }
    }

    /// The title shown in the top bar.
    pub fn title(&self) -> String {
        match &self.document {
            Ok(model) => model.diagram().settings.title.clone(),
            Err(_) => format!("Cannot open {}", self.source),
        }
    }

    /// The whole editor, inside any `Ui` (the eframe window, or a test harness).
    pub fn ui_contents(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("top_bar").show(ui, |ui| self.top_bar_ui(ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
        if let Some(analysis) = &self.analysis {
            egui::Panel::right("findings").resizable(true).default_size(360.0).show(ui, |ui| {
                findings::findings_ui(ui, analysis, &mut self.selected);
            });
        }
        let highlighted: Vec<&str> = self
            .analysis
            .iter()
            .flat_map(|a| a.findings.iter())
            .filter(|f| self.selected.as_deref() == Some(f.id.as_str()))
            .flat_map(|f| f.elements.iter().map(|e| e.as_str()))
            .collect();
        egui::CentralPanel::default().show(ui, |ui| match &self.document {
            Ok(model) => canvas::canvas_ui(ui, model, self.analysis.as_ref(), &mut self.view, &highlighted),
            Err(problems) => problems_ui(ui, &self.source, problems),
        });
    }

    fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.heading(self.title());
            ui.separator();
            let mut chosen = None;
            egui::ComboBox::from_label("Open sample").selected_text("Samples…").show_ui(ui, |ui| {
                for (index, sample) in samples::all().iter().enumerate() {
                    if ui.selectable_label(false, sample.title).clicked() {
                        chosen = Some(index);
                    }
                }
            });
            if let Some(index) = chosen {
                *self = Self::with_sample(index);
            }
            if ui.button("Fit").on_hover_text("Fit the diagram into the window").clicked() {
                self.view.request_fit();
            }
        });
    }

    fn status_bar_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(&self.source);
            if let Ok(model) = &self.document {
                ui.separator();
                ui.label(format!(
                    "{} components · {} flows · {} bounded contexts · posture: {}",
                    model.components().len(),
                    model.flows().len(),
                    model.diagram().contexts.len(),
                    model.diagram().settings.posture
                ));
            }
        });
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_contents(ui);
    }
}

fn problems_ui(ui: &mut egui::Ui, source: &str, problems: &[Problem]) {
    ui.heading(format!("{source} is not a valid diagram"));
    egui::ScrollArea::vertical().show(ui, |ui| {
        for problem in problems {
            ui.label(egui::RichText::new(problem.to_string()).monospace().color(theme::error_text(ui)));
        }
    });
}

/// Opens the native window on `file` (a path or `sample:NAME`), or on the first bundled sample.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_native(file: Option<std::path::PathBuf>) -> Result<(), eframe::Error> {
    let app = match file {
        None => App::with_sample(0),
        Some(path) => {
            let shown = path.display().to_string();
            let document = match shown.strip_prefix("sample:") {
                Some(name) => samples::find(name)
                    .map(|s| s.model())
                    .unwrap_or_else(|| Err(vec![Problem::new("$", format!("no bundled sample \"{name}\""))])),
                None => crate::io::fs::open(&path).map_err(|error| match error {
                    crate::io::fs::OpenError::Io(io) => vec![Problem::new("$", format!("cannot read: {io}"))],
                    crate::io::fs::OpenError::Invalid(problems) => problems,
                }),
            };
            App::with_document(document, shown)
        }
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([1280.0, 800.0]).with_title("trustmap"),
        ..Default::default()
    };
    eframe::run_native("trustmap", options, Box::new(|_cc| Ok(Box::new(app))))
}
