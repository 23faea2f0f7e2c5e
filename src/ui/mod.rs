//! The egui editor (feature `gui`), on top of the pure core. The canvas paints the scene; the palette, inspector,
//! findings, blast-radius and rules panels, menus, shortcuts and the finder push [`actions::Action`]s during the
//! frame, and [`App`] applies them after it through the document (one undo step each, re-analysis only when the
//! semantic revision moved). Files are read and written off the UI thread (`files`).

mod actions;
mod app_actions;
mod blast;
mod canvas;
mod edits;
mod export_dialog;
mod files;
mod find;
mod findings;
mod inspector;
mod menus;
mod palette;
#[cfg(not(target_arch = "wasm32"))]
mod path_prompt;
mod rules;
mod theme;
#[cfg(target_arch = "wasm32")]
pub mod web;
mod widgets;
pub mod workspace;

use crate::model::id::Id;
use crate::model::problem::Problem;
use actions::Action;
use workspace::{Source, Workspace};

/// What the problems window calls a share link.
const SHARED_LINK: &str = "the shared link";

/// The right-hand panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Inspector,
    Findings,
    Problems,
    Blast,
    Rules,
}

/// What replaces the open document once the user agrees to drop unsaved changes.
#[derive(Debug)]
enum Replacement {
    New,
    Open,
    Sample(usize),
    Recent(std::path::PathBuf),
    /// A file dropped on the window or the page.
    Dropped(egui::DroppedFileHandle),
    Quit,
}

/// The answers to "Unsaved changes".
#[derive(Clone, Copy, Debug)]
enum Answer {
    Save,
    Discard,
    Cancel,
}

/// How the app starts.
#[derive(Debug, Default)]
pub struct Options {
    /// The file to open (a path or `sample:NAME`); `None`: the first bundled sample.
    pub file: Option<std::path::PathBuf>,
    /// Where autosave writes its recovery file; `None`: no autosave.
    pub recovery_dir: Option<std::path::PathBuf>,
    /// Start in review mode: only triage and notes can be changed.
    pub review: bool,
    /// A share link's fragment (`#d=...`) to open instead of `file`; autosaved work stays recoverable.
    pub share: Option<String>,
}

/// The editor.
pub struct App {
    ws: Workspace,
    generation: u64,
    view: canvas::View,
    selection: Vec<Id>,
    tab: Tab,
    inspector: inspector::Inspector,
    findings: findings::FindingsPanel,
    blast: blast::BlastPanel,
    palette: palette::Palette,
    rules_search: String,
    files: files::Files,
    finder: Option<find::Finder>,
    export: Option<export_dialog::ExportDialog>,
    #[cfg(not(target_arch = "wasm32"))]
    prompt: Option<path_prompt::PathPrompt>,
    /// A message and until when (egui time) it shows.
    toast: Option<(String, f64)>,
    /// Why the last open failed, shown until dismissed.
    open_errors: Option<(String, Vec<Problem>)>,
    /// The report of the last import, until closed.
    import_report: Option<(String, crate::import::ImportReport)>,
    confirm: Option<Replacement>,
    /// What the "Unsaved changes" question's Save answer does once the save has landed (dropped if it fails or is
    /// cancelled, so nothing is lost).
    after_save: Option<Replacement>,
    recovery: Option<(String, String)>,
    flow_popup: Option<(Id, egui::Pos2)>,
    /// What the last copy put on the clipboard (for Paste from the menu, which cannot read the system clipboard).
    clipboard: Option<String>,
    /// Text a paste event brought this frame.
    clipboard_paste: Option<String>,
    allow_close: bool,
    title: String,
    sized: bool,
    /// The last share link made, shown as selectable text until closed.
    share_link: Option<String>,
    /// Whether this session opened a share link (autosaved work from before is then kept, not offered over it).
    shared: bool,
}

impl App {
    /// The editor on a file, a sample or the first sample, offering a recovery file if one is left.
    pub fn new(options: Options) -> Self {
        let mut app = Self::empty(options.recovery_dir);
        app.ws.doc_mut().set_review(options.review);
        if let Some(fragment) = options.share {
            app.open_share_link(&fragment);
            app.recovery = app.files.pending_recovery();
            return app;
        }
        match options.file {
            None => app.open_sample(0),
            Some(path) => {
                let shown = path.display().to_string();
                match shown.strip_prefix("sample:") {
                    Some(name) => match crate::io::samples::all()
                        .iter()
                        .position(|s| s.file == name || s.file.strip_suffix(".json") == Some(name))
                    {
                        Some(index) => app.open_sample(index),
                        None => {
                            app.open_errors =
                                Some((shown.clone(), vec![Problem::new("$", format!("no bundled sample \"{name}\""))]));
                        }
                    },
                    None => app.open_path_now(path),
                }
            }
        }
        app.recovery = app.files.pending_recovery();
        app
    }

    /// The editor on the bundled sample at `index`, without autosave (tests, the browser).
    pub fn with_sample(index: usize) -> Self {
        let mut app = Self::empty(None);
        app.open_sample(index);
        app
    }

    fn empty(recovery_dir: Option<std::path::PathBuf>) -> Self {
        Self {
            ws: Workspace::untitled(0),
            generation: 0,
            view: canvas::View::default(),
            selection: Vec::new(),
            tab: Tab::Findings,
            inspector: inspector::Inspector::default(),
            findings: findings::FindingsPanel::default(),
            blast: blast::BlastPanel::default(),
            palette: palette::Palette::default(),
            rules_search: String::new(),
            files: files::Files::new(recovery_dir),
            finder: None,
            export: None,
            #[cfg(not(target_arch = "wasm32"))]
            prompt: None,
            toast: None,
            open_errors: None,
            import_report: None,
            confirm: None,
            after_save: None,
            recovery: None,
            flow_popup: None,
            clipboard: None,
            clipboard_paste: None,
            allow_close: false,
            title: String::new(),
            sized: false,
            share_link: None,
            shared: false,
        }
    }

    /// The editor on a diagram built elsewhere (benchmarks, tests), without autosave.
    pub fn with_diagram(diagram: crate::model::diagram::Diagram) -> Self {
        let mut app = Self::empty(None);
        app.replace(diagram, Source::Untitled);
        app
    }

    /// Applies one edit as an undo step, as the panels do after a frame.
    pub fn apply(&mut self, label: &str, edit: crate::edit::Edit) -> Result<(), crate::edit::EditError> {
        self.ws.apply(label, edit)
    }

    /// The editor on an empty, untitled document, without autosave.
    pub fn untitled() -> Self {
        let mut app = Self::empty(None);
        app.perform_new();
        app
    }

    fn perform_new(&mut self) {
        self.generation += 1;
        let review = self.ws.doc().review();
        self.ws = Workspace::untitled(self.generation);
        self.ws.doc_mut().set_review(review);
        self.selection.clear();
        self.view.request_fit();
    }

    /// What the canvas shows (overlays, theme, routing).
    pub fn view_options(&self) -> &crate::scene::ViewOptions {
        &self.view.options
    }

    /// Selects elements as a click would (for tests that reach past the canvas).
    pub fn select_for_test(&mut self, ids: Vec<Id>) {
        self.selection = ids;
    }

    /// The selected element ids.
    pub fn selection(&self) -> &[Id] {
        &self.selection
    }

    /// The title shown in the window's title bar.
    pub fn title(&self) -> String {
        let dirty = if self.ws.doc().is_dirty() { "● " } else { "" };
        format!("{dirty}{} — {} — trustmap", self.ws.diagram().settings.title, self.ws.source.name())
    }

    /// The open document (for tests).
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    fn replace(&mut self, diagram: crate::model::diagram::Diagram, source: Source) {
        self.generation += 1;
        let review = self.ws.doc().review();
        self.ws = Workspace::new(diagram, source, self.generation);
        self.ws.doc_mut().set_review(review);
        self.selection.clear();
        self.findings.picked = None;
        self.flow_popup = None;
        self.view.options.blast = None;
        self.view.request_fit();
        if !self.ws.problems().is_empty() {
            self.tab = Tab::Problems;
        }
    }

    /// Whether review mode is on (only triage and notes can be changed).
    pub fn review(&self) -> bool {
        self.ws.doc().review()
    }

    /// Turns review mode on or off.
    pub fn set_review(&mut self, on: bool) {
        self.ws.doc_mut().set_review(on);
    }

    /// The last share link made (what "Copy link" copied), if its window is open.
    pub fn share_link(&self) -> Option<&str> {
        self.share_link.as_deref()
    }

    /// Opens the diagram a share link's fragment carries; a fragment that holds none leaves an empty diagram and
    /// says why.
    fn open_share_link(&mut self, fragment: &str) {
        self.shared = true;
        let name = std::path::Path::new(SHARED_LINK);
        match crate::io::share::decode(fragment) {
            // On failure the empty diagram the app starts with stays open, and the problems say why.
            Ok(bytes) => match crate::io::open_bytes(&bytes) {
                Ok(opened) => {
                    let problems = opened.problems;
                    self.replace(opened.diagram, Source::Untitled);
                    if !problems.is_empty() {
                        self.open_errors = Some((name.display().to_string(), problems));
                    }
                }
                Err(mut problems) => {
                    problems.insert(0, Problem::new("$", "the link does not hold a trustmap diagram"));
                    self.open_errors = Some((name.display().to_string(), problems));
                }
            },
            Err(error) => {
                self.open_errors = Some((name.display().to_string(), vec![Problem::new("$", error.to_string())]));
            }
        }
    }

    fn open_sample(&mut self, index: usize) {
        let Some(sample) = crate::io::samples::all().get(index) else { return };
        self.open_bytes(std::path::Path::new(sample.file), sample.json.as_bytes(), Source::Sample(sample.file));
    }

    /// Opens bytes as a document; on failure the current document stays and the problems are shown.
    fn open_bytes(&mut self, path: &std::path::Path, bytes: &[u8], source: Source) {
        // A Threat Dragon or Threagile model, template or plan is imported into a new, untitled document (never
        // saved over it).
        match files::import_foreign(path, bytes) {
            Some(Ok(imported)) => {
                self.replace(imported.diagram, Source::Untitled);
                // Nothing of it is saved yet: closing or opening something else asks first.
                self.ws.doc_mut().mark_unsaved();
                self.import_report = Some((path.display().to_string(), imported.report));
                return;
            }
            Some(Err(problems)) => {
                self.open_errors = Some((path.display().to_string(), problems));
                return;
            }
            None => {}
        }
        match crate::io::open_bytes(bytes) {
            Ok(opened) => {
                let count = opened.problems.len();
                self.replace(opened.diagram, source);
                if count > 0 {
                    self.open_errors = Some((path.display().to_string(), opened.problems));
                }
            }
            Err(problems) => self.open_errors = Some((path.display().to_string(), problems)),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn open_path_now(&mut self, path: std::path::PathBuf) {
        match crate::io::fs::read_limited(&path) {
            Ok(bytes) => {
                self.open_bytes(&path, &bytes, Source::File(path.clone()));
                self.files.remember(path);
            }
            Err(error) => {
                self.open_errors =
                    Some((path.display().to_string(), vec![Problem::new("$", format!("cannot read: {error}"))]));
            }
        }
    }

    #[cfg(target_arch = "wasm32")]
    #[expect(clippy::needless_pass_by_value, reason = "the same signature as on native")]
    fn open_path_now(&mut self, path: std::path::PathBuf) {
        self.open_errors =
            Some((path.display().to_string(), vec![Problem::new("$", "the browser cannot open files by path")]));
    }

    fn say(&mut self, ctx: &egui::Context, text: impl Into<String>) {
        let now = ctx.input(|i| i.time);
        self.toast = Some((text.into(), now + 6.0));
    }

    /// The whole editor, inside any `Ui` (the eframe window, or a test harness).
    pub fn ui_contents(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut out: Vec<Action> = Vec::new();
        self.poll_files(&ctx);
        self.dropped_files(&ctx);
        app_actions::shortcuts(self, &ctx, &mut out);

        let mut requests = Vec::new();
        egui::Panel::top("menu_bar").show(ui, |ui| {
            let state = menus::MenuState {
                undo: self.ws.doc().undo_label(),
                redo: self.ws.doc().redo_label(),
                selected: self.selection.len(),
                recent: &self.files.recent,
                options: &self.view.options,
                legend: self.view.legend,
                grid: self.view.grid,
                review: self.review(),
                notes_only: self.selection.iter().all(|id| self.ws.diagram().notes.iter().any(|n| &n.id == id)),
            };
            menus::menu_bar(ui, &state, &mut out, &mut requests);
            menus::toolbar(ui, &self.view.options, self.ws.diagram().settings.posture, self.review(), &mut out);
        });
        for request in requests {
            match request {
                menus::MenuRequest::Sample(i) => self.guard(&ctx, Replacement::Sample(i)),
                menus::MenuRequest::Recent(p) => self.guard(&ctx, Replacement::Recent(p)),
                // Open tells an importable model from the content, so Import asks for a file the same way.
                menus::MenuRequest::Import => self.guard(&ctx, Replacement::Open),
            }
        }
        let now = ctx.input(|i| i.time);
        let toast = self.toast.as_ref().filter(|(_, until)| *until > now).map(|(t, _)| t.clone());
        egui::Panel::bottom("status_bar").show(ui, |ui| menus::status_bar(ui, &self.ws, toast.as_deref()));
        let mut clicks = Vec::new();
        let review = self.review();
        egui::Panel::left("palette").resizable(true).default_size(190.0).show(ui, |ui| {
            ui.heading("Add");
            if review {
                ui.label("Review mode: the design is read-only. Triage findings and add notes (Arrange menu).");
            }
            ui.add_enabled_ui(!review, |ui| self.palette.ui(ui, &mut clicks));
        });
        if !clicks.is_empty() {
            let inside =
                self.selection.first().filter(|id| self.ws.diagram().components.iter().any(|c| &c.id == *id)).cloned();
            palette::clicks_to_actions(clicks, self.view.center(), inside.as_ref(), &mut out);
        }
        egui::Panel::right("side").resizable(true).default_size(330.0).show(ui, |ui| self.side_panel(ui, &mut out));
        let highlighted = self.findings.highlighted(self.ws.analysis());
        egui::CentralPanel::default().show(ui, |ui| {
            let input = canvas::CanvasInput {
                ws: &self.ws,
                selection: &self.selection,
                highlighted: &highlighted,
                quiet: self.flow_popup.is_some(),
            };
            canvas::canvas_ui(ui, &mut self.view, &input, &mut out);
        });
        self.dialogs(&ctx, &mut out);
        if !out.is_empty() {
            // What the actions change (a fit, a new scene, a toast) is drawn by the next frame: ask for it now rather
            // than waiting for the next input event.
            ctx.request_repaint();
        }
        for action in out {
            app_actions::apply(self, &ctx, action);
        }
        self.autosave(&ctx);
        self.close_guard(&ctx);
        self.window_title(&ctx);
    }

    fn side_panel(&mut self, ui: &mut egui::Ui, out: &mut Vec<Action>) {
        ui.horizontal_wrapped(|ui| {
            let problems = self.ws.problems().len();
            let open = self.ws.analysis().map_or(0, |a| a.risk.open);
            for (tab, label) in [
                (Tab::Inspector, "Inspector".to_owned()),
                (Tab::Findings, format!("Findings ({open})")),
                (Tab::Problems, format!("Problems ({problems})")),
                (Tab::Blast, "Blast".to_owned()),
                (Tab::Rules, "Rules".to_owned()),
            ] {
                if ui.selectable_label(self.tab == tab, label).clicked() {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        match self.tab {
            Tab::Inspector => self.inspector.ui(ui, &self.ws, &self.selection, out),
            Tab::Findings => self.findings.ui(ui, &self.ws, out),
            Tab::Problems => findings::problems_ui(ui, &self.ws, out),
            Tab::Blast => {
                let start = self.view.options.blast.clone();
                let radius = self.view.blast_radius();
                self.blast.ui(ui, &self.ws, start.as_deref(), radius, &self.selection, out);
            }
            Tab::Rules => rules::rules_ui(ui, &self.ws, &mut self.rules_search, out),
        }
    }

    fn poll_files(&mut self, ctx: &egui::Context) {
        for event in self.files.poll() {
            match event {
                files::FileEvent::Read { path, bytes } => {
                    self.open_bytes(&path, &bytes, Source::File(path.clone()));
                    self.files.remember(path);
                }
                files::FileEvent::SaveTo(path) => {
                    let text = crate::io::to_json(self.ws.diagram());
                    self.files.write(ctx, path, text);
                }
                files::FileEvent::Saved(path) => {
                    self.say(ctx, format!("Saved {}", path.display()));
                    self.ws.mark_saved(Source::File(path.clone()));
                    self.files.remember(path);
                    if let Some(replacement) = self.after_save.take() {
                        self.perform(replacement, ctx);
                    }
                }
                files::FileEvent::SaveCancelled => self.after_save = None,
                files::FileEvent::Exported(path) => self.say(ctx, format!("Exported {}", path.display())),
                files::FileEvent::Failed(message) => {
                    self.after_save = None;
                    self.say(ctx, message);
                }
            }
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        let Some(file) = dropped.into_iter().next() else { return };
        self.guard(ctx, Replacement::Dropped(file));
    }

    /// Replaces the document now, or asks first when it has unsaved changes.
    fn guard(&mut self, ctx: &egui::Context, replacement: Replacement) {
        if self.ws.doc().is_dirty() {
            self.confirm = Some(replacement);
        } else {
            self.perform(replacement, ctx);
        }
    }

    fn perform(&mut self, replacement: Replacement, ctx: &egui::Context) {
        match replacement {
            Replacement::New => self.perform_new(),
            Replacement::Open => self.ask_open(ctx),
            Replacement::Sample(index) => self.open_sample(index),
            Replacement::Recent(path) => self.files.read(ctx, path),
            Replacement::Dropped(file) => self.files.read_dropped(ctx, file),
            Replacement::Quit => {
                self.allow_close = true;
                self.files.drop_recovery();
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn dialogs(&mut self, ctx: &egui::Context, out: &mut Vec<Action>) {
        if let Some(finder) = &mut self.finder
            && !finder.ui(ctx, &self.ws, self.view.center(), out)
        {
            self.finder = None;
        }
        if let Some(mut dialog) = self.export.take() {
            let (output, open) = dialog.ui(ctx, &self.ws, &self.selection);
            if let Some(output) = output {
                let suggestion = self.suggestion(output.extension);
                self.ask_export(ctx, &suggestion, output);
            }
            if open {
                self.export = Some(dialog);
            }
        }
        if let Some(replacement) = self.confirm.take() {
            let mut decided = None;
            egui::Modal::new(egui::Id::unique("confirm")).show(ctx, |ui| {
                ui.heading("Unsaved changes");
                ui.label(format!(
                    "\"{}\" has changes that are not saved. Save them first?",
                    self.ws.diagram().settings.title
                ));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        decided = Some(Answer::Save);
                    }
                    if ui.button("Don't save").clicked() {
                        decided = Some(Answer::Discard);
                    }
                    if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                        decided = Some(Answer::Cancel);
                    }
                });
            });
            match decided {
                Some(Answer::Save) => {
                    // The replacement waits for the save to land; a failed or cancelled save drops it.
                    self.after_save = Some(replacement);
                    app_actions::run(self, ctx, actions::Command::Save);
                }
                Some(Answer::Discard) => self.perform(replacement, ctx),
                Some(Answer::Cancel) => {}
                None => self.confirm = Some(replacement),
            }
        }
        if let Some((text, source)) = self.recovery.take() {
            let mut decided = None;
            egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
                ui.heading("Recover unsaved work?");
                ui.label("trustmap did not close cleanly last time. Autosave kept the diagram you were editing");
                if !source.is_empty() {
                    ui.label(format!("(from {source})."));
                }
                if self.shared {
                    ui.label(
                        "You opened a shared link: recovering replaces the shared diagram. Kept for later, it \
                              stays stored (autosave is off until then) and is offered again next time.",
                    );
                }
                ui.horizontal(|ui| {
                    if ui.button("Recover").clicked() {
                        decided = Some(true);
                    }
                    if self.shared {
                        if ui.button("Keep it for later").clicked() {
                            self.files.pause_autosave();
                            decided = Some(false);
                        }
                    } else if ui.button("Discard it").clicked() {
                        self.files.drop_recovery();
                        decided = Some(false);
                    }
                });
            });
            match decided {
                Some(true) => {
                    let source_path = std::path::PathBuf::from(&source);
                    let origin = if source.is_empty() || source.starts_with("sample:") || source == "untitled" {
                        Source::Untitled
                    } else {
                        Source::File(source_path.clone())
                    };
                    self.open_bytes(&source_path, text.as_bytes(), origin);
                    // The recovered document is not saved anywhere yet: keep it dirty and the recovery file alive.
                    self.ws.doc_mut().mark_unsaved();
                }
                Some(false) => {}
                None => self.recovery = Some((text, source)),
            }
        }
        if let Some((title, problems)) = self.open_errors.take() {
            let mut keep = true;
            egui::Window::new(format!("Problems in {title}")).collapsible(false).default_width(560.0).show(ctx, |ui| {
                if title == SHARED_LINK && self.ws.diagram().components.is_empty() {
                    ui.label("Nothing could be opened from this link; an empty diagram is open instead.");
                } else {
                    ui.label("The document stays open where it could be read; these parts need fixing:");
                }
                egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                    for problem in &problems {
                        ui.label(egui::RichText::new(problem.to_string()).monospace().color(theme::error_text(ui)));
                    }
                });
                if ui.button("OK").clicked() {
                    keep = false;
                }
            });
            if keep {
                self.open_errors = Some((title, problems));
            }
        }
        files::import_report_window(ctx, &mut self.import_report);
        app_actions::flow_popup(self, ctx, out);
        self.share_link_ui(ctx);
        self.notice_ui(ctx);
        #[cfg(not(target_arch = "wasm32"))]
        self.prompt_ui(ctx);
    }

    /// The window with the last share link as selectable text (the clipboard may be unavailable, as on pages
    /// served without https).
    fn share_link_ui(&mut self, ctx: &egui::Context) {
        let Some(link) = self.share_link.clone() else { return };
        let mut open = true;
        egui::Window::new("Share link").collapsible(false).default_width(560.0).show(ctx, |ui| {
            #[cfg(target_arch = "wasm32")]
            ui.label("Anyone with this link sees this diagram in the browser (copied to the clipboard if allowed):");
            #[cfg(not(target_arch = "wasm32"))]
            ui.label("Add this after the address of a trustmap web page (copied to the clipboard):");
            let label = ui.label("Link").id;
            let mut text = link.as_str();
            egui::ScrollArea::vertical().max_height(160.0).show(ui, |ui| {
                ui.add(egui::TextEdit::multiline(&mut text).desired_width(f32::INFINITY).desired_rows(3))
                    .labelled_by(label);
            });
            ui.horizontal(|ui| {
                if ui.button("Copy again").clicked() {
                    app_actions::copy_to_clipboard(ctx, &link);
                }
                if ui.button("Close").clicked() {
                    open = false;
                }
            });
        });
        if !open {
            self.share_link = None;
        }
    }

    /// A message that stays until dismissed (a full browser storage: autosave can no longer keep the work).
    fn notice_ui(&mut self, ctx: &egui::Context) {
        let Some(text) = self.files.notice.clone() else { return };
        let mut open = true;
        egui::Window::new("Autosave").collapsible(false).default_width(420.0).show(ctx, |ui| {
            ui.label(egui::RichText::new(text).color(theme::error_text(ui)));
            if ui.button("OK").clicked() {
                open = false;
            }
        });
        if !open {
            self.files.notice = None;
        }
    }

    /// Where Save as and Export suggest writing: beside the open file, else beside the last file used, else the
    /// folder trustmap was started in; named after the file, else after the diagram's title.
    pub(crate) fn suggestion(&self, extension: &str) -> String {
        let folder = match &self.ws.source {
            Source::File(path) => path.parent().map(std::path::Path::to_path_buf),
            _ => self.files.recent.first().and_then(|p| p.parent().map(std::path::Path::to_path_buf)),
        };
        let stem = match &self.ws.source {
            Source::File(path) => path.file_stem().map(|s| s.to_string_lossy().into_owned()),
            Source::Sample(file) => Some(file.trim_end_matches(".json").to_owned()),
            Source::Untitled => None,
        }
        .unwrap_or_else(|| {
            let slug = Id::slug(&self.ws.diagram().settings.title);
            if slug.is_empty() { "diagram".to_owned() } else { slug }
        });
        let name = format!("{stem}.{extension}");
        folder.map_or(name.clone(), |f| f.join(&name).display().to_string())
    }

    /// Asks which file to open: a path typed in the app (native), the browser's picker (web).
    fn ask_open(&mut self, ctx: &egui::Context) {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = ctx;
            self.prompt = Some(path_prompt::PathPrompt::new(path_prompt::Purpose::Open, ""));
        }
        #[cfg(target_arch = "wasm32")]
        self.files.pick_open(ctx);
    }

    /// Asks where to save: a path typed in the app (native), a download (web).
    pub(crate) fn ask_save(&mut self, ctx: &egui::Context, suggestion: &str) {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = ctx;
            self.prompt = Some(path_prompt::PathPrompt::new(path_prompt::Purpose::Save, suggestion));
        }
        #[cfg(target_arch = "wasm32")]
        self.files.pick_save(ctx, suggestion.to_owned());
    }

    fn ask_export(&mut self, ctx: &egui::Context, suggestion: &str, output: export_dialog::Output) {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = ctx;
            self.prompt =
                Some(path_prompt::PathPrompt::new(path_prompt::Purpose::Export(Box::new(output)), suggestion));
        }
        #[cfg(target_arch = "wasm32")]
        self.files.pick_export(ctx, suggestion.to_owned(), output);
    }

    /// The path prompt, and what its answer starts.
    #[cfg(not(target_arch = "wasm32"))]
    fn prompt_ui(&mut self, ctx: &egui::Context) {
        use path_prompt::{Decision, Purpose};
        let Some(mut prompt) = self.prompt.take() else { return };
        match prompt.ui(ctx) {
            Decision::Pending => self.prompt = Some(prompt),
            Decision::Cancel => self.after_save = None,
            Decision::Path(path) => match prompt.purpose {
                Purpose::Open => self.files.read(ctx, path),
                Purpose::Save => self.files.write(ctx, path, crate::io::to_json(self.ws.diagram())),
                Purpose::Export(output) => self.files.write_export(ctx, path, *output),
            },
            Decision::Browse => {
                let name = match &self.ws.source {
                    Source::File(path) => path.file_name().map(|n| n.to_string_lossy().into_owned()),
                    _ => None,
                };
                match prompt.purpose {
                    Purpose::Open => self.files.pick_open(ctx),
                    Purpose::Save => self.files.pick_save(ctx, name.unwrap_or_else(|| "diagram.json".to_owned())),
                    Purpose::Export(output) => {
                        let name = format!("diagram.{}", output.extension);
                        self.files.pick_export(ctx, name, *output);
                    }
                }
                self.say(
                    ctx,
                    "If no file dialog appears, this desktop has no file-dialog service: type the path instead",
                );
            }
        }
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let stamp = self.ws.layout_stamp();
        let dirty = self.ws.doc().is_dirty();
        let ws = &self.ws;
        self.files.autosave(ctx, now, stamp, dirty, || {
            let source = match &ws.source {
                Source::File(path) => path.display().to_string(),
                Source::Sample(file) => format!("sample:{file}"),
                Source::Untitled => "untitled".to_owned(),
            };
            (crate::io::to_json(ws.diagram()), source)
        });
    }

    fn close_guard(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) {
            if self.ws.doc().is_dirty() && !self.allow_close {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.confirm = Some(Replacement::Quit);
            } else {
                self.files.drop_recovery();
            }
        }
    }

    fn window_title(&mut self, ctx: &egui::Context) {
        let title = self.title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if !self.sized {
            self.sized = true;
            let (monitor, inner) = ctx.input(|i| (i.viewport().monitor_size, i.viewport().inner_rect));
            if let (Some(monitor), Some(inner)) = (monitor, inner)
                && (inner.width() > monitor.x || inner.height() > monitor.y)
            {
                ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(monitor * 0.9));
            }
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_contents(ui);
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let recent: Vec<String> = self.files.recent.iter().map(|p| p.display().to_string()).collect();
        eframe::set_value(storage, "recent", &recent);
    }
}

/// Hands the bundled font (Latin and Hangul, and the symbols the editor writes) to egui, ahead of its own fonts.
/// Call it when the context is created, so the first frame already has it.
pub fn install_fonts(ctx: &egui::Context) {
    canvas::install_font(ctx);
}

/// Opens the native window on `file` (a path or `sample:NAME`), or on the first bundled sample.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_native(file: Option<std::path::PathBuf>, review: bool) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([720.0, 480.0])
            .with_title("trustmap")
            .with_app_id("trustmap"),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "trustmap",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            let mut app =
                App::new(Options { file, recovery_dir: files::Files::default_recovery_dir(), review, share: None });
            if let Some(storage) = cc.storage
                && let Some(recent) = eframe::get_value::<Vec<String>>(storage, "recent")
            {
                app.files.recent = recent.into_iter().map(std::path::PathBuf::from).collect();
            }
            Ok(Box::new(app))
        }),
    )
}
