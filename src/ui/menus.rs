//! Menus and bars: the menu bar (File, Edit, View, Arrange, Analysis), the toolbar with the overlay toggles and the
//! posture switch, the status bar (total risk, open findings by severity, posture, zoom), and the canvas's context
//! menu. All of them only push actions.

use egui::RichText;

use crate::analysis::severity::Severity;
use crate::io::samples;
use crate::model::Posture;
use crate::model::named::Named as _;
use crate::ui::actions::{Action, Command};
use crate::ui::canvas::CanvasInput;
use crate::ui::theme;

/// A menu entry for a command, with its shortcut; disabled in review mode when it could only change the design.
fn item(ui: &mut egui::Ui, command: Command, enabled: bool, out: &mut Vec<Action>) {
    let review = ui.ctx().data(|d| d.get_temp::<bool>(egui::Id::unique(REVIEW))).unwrap_or(false);
    let enabled = enabled && (!review || command.works_in_review());
    let mut button = egui::Button::new(command.label());
    if let Some(text) = command.shortcut_text(ui.ctx()) {
        button = button.shortcut_text(text);
    }
    if ui.add_enabled(enabled, button).clicked() {
        out.push(Action::Run(command));
    }
}

/// A checkable menu entry.
fn toggle(ui: &mut egui::Ui, command: Command, on: bool, out: &mut Vec<Action>) {
    if ui.add(egui::Button::selectable(on, command.label())).clicked() {
        out.push(Action::Run(command));
    }
}

/// A menu (or, inside a menu, a sub-menu) titled `title`. Every menu goes through here, so egui's menu code is
/// compiled once for the one closure type instead of once per menu (about 12 KB of WebAssembly each).
fn menu(ui: &mut egui::Ui, title: &str, add_contents: &mut dyn FnMut(&mut egui::Ui)) {
    ui.menu_button(title, |ui| add_contents(ui));
}

/// Where the menu bar leaves review mode for [`item`] during the frame (egui's temporary memory).
const REVIEW: &str = "trustmap-review-mode";

/// What the menus need to know.
pub struct MenuState<'a> {
    /// Undo is possible, and what it undoes.
    pub undo: Option<&'a str>,
    /// Redo is possible, and what it redoes.
    pub redo: Option<&'a str>,
    /// Something is selected.
    pub selected: usize,
    /// Recent files.
    pub recent: &'a [std::path::PathBuf],
    /// The view's switches.
    pub options: &'a crate::scene::ViewOptions,
    /// Legend shown.
    pub legend: bool,
    /// Grid shown.
    pub grid: bool,
    /// Review mode is on.
    pub review: bool,
    /// Only notes are selected (what review mode lets Cut, Paste, Duplicate and Delete act on).
    pub notes_only: bool,
}

/// Things the menu bar asks for that are not commands.
pub enum MenuRequest {
    /// Open a bundled sample.
    Sample(usize),
    /// Open a recent file.
    Recent(std::path::PathBuf),
    /// Import an OWASP Threat Dragon v2 or Threagile model, a CloudFormation / SAM template or a Terraform plan.
    Import,
}

/// The menu bar.
pub fn menu_bar(ui: &mut egui::Ui, state: &MenuState<'_>, out: &mut Vec<Action>, requests: &mut Vec<MenuRequest>) {
    ui.ctx().data_mut(|d| d.insert_temp(egui::Id::unique(REVIEW), state.review));
    egui::MenuBar::new().ui(ui, |ui| {
        menu(ui, "File", &mut |ui| {
            item(ui, Command::New, true, out);
            item(ui, Command::Open, true, out);
            if ui.button("Import… (Threat Dragon, Threagile, CloudFormation, Terraform)").clicked() {
                requests.push(MenuRequest::Import);
            }
            menu(ui, "Open sample", &mut |ui| {
                for (index, sample) in samples::all().iter().enumerate() {
                    if ui.button(sample.title).clicked() {
                        requests.push(MenuRequest::Sample(index));
                    }
                }
            });
            ui.add_enabled_ui(!state.recent.is_empty(), |ui| {
                menu(ui, "Open recent", &mut |ui| {
                    for path in state.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            requests.push(MenuRequest::Recent(path.clone()));
                        }
                    }
                });
            });
            ui.separator();
            item(ui, Command::Save, true, out);
            item(ui, Command::SaveAs, true, out);
            item(ui, Command::CopyLink, true, out);
            ui.separator();
            item(ui, Command::ExportSvg, true, out);
            item(ui, Command::ExportPng, true, out);
            item(ui, Command::ExportReport, true, out);
        });
        menu(ui, "Edit", &mut |ui| {
            let undo = state.undo.map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
            let redo = state.redo.map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
            let undo_keys = Command::Undo.shortcut_text(ui.ctx()).unwrap_or_default();
            let redo_keys = Command::Redo.shortcut_text(ui.ctx()).unwrap_or_default();
            if ui.add_enabled(state.undo.is_some(), egui::Button::new(undo).shortcut_text(undo_keys)).clicked() {
                out.push(Action::Run(Command::Undo));
            }
            if ui.add_enabled(state.redo.is_some(), egui::Button::new(redo).shortcut_text(redo_keys)).clicked() {
                out.push(Action::Run(Command::Redo));
            }
            ui.separator();
            let any = state.selected > 0 && (!state.review || state.notes_only);
            for (command, keys) in [(Command::Cut, "Ctrl+X"), (Command::Copy, "Ctrl+C"), (Command::Paste, "Ctrl+V")] {
                let enabled = any || (command == Command::Paste && !state.review);
                if ui.add_enabled(enabled, egui::Button::new(command.label()).shortcut_text(keys)).clicked() {
                    out.push(Action::Run(command));
                }
            }
            item(ui, Command::Duplicate, any, out);
            item(ui, Command::Delete, any, out);
            ui.separator();
            item(ui, Command::SelectAll, true, out);
            item(ui, Command::Find, true, out);
            item(ui, Command::Palette, true, out);
            ui.separator();
            item(ui, Command::Settings, true, out);
        });
        menu(ui, "View", &mut |ui| {
            item(ui, Command::Fit, true, out);
            item(ui, Command::ZoomSelection, state.selected > 0, out);
            item(ui, Command::ZoomReset, true, out);
            item(ui, Command::ZoomIn, true, out);
            item(ui, Command::ZoomOut, true, out);
            ui.separator();
            toggle(ui, Command::ToggleThreats, state.options.threats, out);
            toggle(ui, Command::ToggleResponsibility, state.options.responsibility.is_some(), out);
            toggle(ui, Command::ToggleContexts, state.options.contexts, out);
            toggle(ui, Command::ToggleLegend, state.legend, out);
            toggle(ui, Command::ToggleGrid, state.grid, out);
            toggle(ui, Command::ToggleRouting, state.options.routing == crate::scene::Routing::Orthogonal, out);
            item(ui, Command::ToggleTheme, true, out);
            ui.separator();
            toggle(ui, Command::ToggleReview, state.review, out);
        });
        menu(ui, "Arrange", &mut |ui| {
            item(ui, Command::AddNote, true, out);
            item(ui, Command::AddBoundary, true, out);
            item(ui, Command::AddContext, true, out);
            ui.separator();
            item(ui, Command::TidyUp, true, out);
            for command in [
                Command::AlignLeft,
                Command::AlignTop,
                Command::AlignCenter,
                Command::DistributeH,
                Command::DistributeV,
            ] {
                item(ui, command, state.selected > 1, out);
            }
        });
        menu(ui, "Analysis", &mut |ui| {
            item(ui, Command::TogglePosture, true, out);
            ui.separator();
            item(ui, Command::BlastInternet, true, out);
            item(ui, Command::BlastInsider, true, out);
            item(ui, Command::CompromiseSelection, state.selected == 1, out);
            item(ui, Command::BlastOff, state.options.blast.is_some(), out);
        });
    });
}

/// The toolbar: the review-mode badge, overlays, posture and zoom.
pub fn toolbar(
    ui: &mut egui::Ui,
    options: &crate::scene::ViewOptions,
    posture: Posture,
    review: bool,
    out: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        if review {
            let badge = egui::Button::new(RichText::new("Review mode").strong().color(theme::review_text(ui)))
                .fill(theme::review_fill(ui));
            if ui.add(badge).on_hover_text("Only triage and notes can be changed. Click to turn it off.").clicked() {
                out.push(Action::Run(Command::ToggleReview));
            }
            ui.separator();
        }
        let chip = |ui: &mut egui::Ui, on: bool, text: &str, help: &str| {
            ui.selectable_label(on, text).on_hover_text(help).clicked()
        };
        if chip(ui, options.threats, "Threats", "Severity badges on cards and flows") {
            out.push(Action::Run(Command::ToggleThreats));
        }
        if chip(ui, options.blast.is_some(), "Blast radius", "From the selection, or else the internet attacker") {
            out.push(if options.blast.is_some() {
                Action::Run(Command::BlastOff)
            } else {
                Action::Run(Command::CompromiseSelection)
            });
        }
        if chip(ui, options.responsibility.is_some(), "Responsibility", "Who secures what: AWS, customer, shared") {
            out.push(Action::Run(Command::ToggleResponsibility));
        }
        if let Some(current) = options.responsibility {
            use crate::model::responsibility::Layer;
            use crate::scene::ResponsibilityView as View;
            let shown = match current {
                View::Overall => "all layers".to_owned(),
                View::Layer(layer) => layer.as_str().to_owned(),
            };
            crate::ui::widgets::combo(ui, "responsibility-layer", "Responsibility layer", shown, None, |ui| {
                if ui.selectable_label(current == View::Overall, "all layers (who secures most)").clicked() {
                    out.push(Action::Responsibility(View::Overall));
                }
                for layer in Layer::ALL {
                    if ui.selectable_label(current == View::Layer(*layer), layer.as_str()).clicked() {
                        out.push(Action::Responsibility(View::Layer(*layer)));
                    }
                }
            });
        }
        if chip(ui, options.contexts, "Contexts", "Cohesion and coupling on bounded contexts") {
            out.push(Action::Run(Command::ToggleContexts));
        }
        ui.separator();
        ui.label("Posture:");
        for p in Posture::ALL {
            let text = match p {
                Posture::Perimeter => "Perimeter",
                Posture::ZeroTrust => "Zero trust",
            };
            if ui
                .add_enabled(!review, egui::Button::selectable(posture == *p, text))
                .on_hover_text("Re-analyse the design under this posture")
                .clicked()
                && posture != *p
            {
                out.push(Action::Run(Command::TogglePosture));
            }
        }
        ui.separator();
        if ui.button("Fit").on_hover_text("Zoom to fit (Shift+1)").clicked() {
            out.push(Action::Run(Command::Fit));
        }
        if ui
            .button("100 %")
            .on_hover_text("Zoom to 100 % (Ctrl+0); the current zoom is in the canvas's corner")
            .clicked()
        {
            out.push(Action::Run(Command::ZoomReset));
        }
    });
}

/// The status bar: open findings by severity, total risk, posture.
pub fn status_bar(ui: &mut egui::Ui, ws: &crate::ui::workspace::Workspace, toast: Option<&str>) {
    ui.horizontal(|ui| {
        if let Some(analysis) = ws.analysis() {
            ui.label(RichText::new(format!("Total risk {}", analysis.risk.total)).strong());
            for severity in Severity::ALL.iter().rev() {
                let n = analysis.findings.iter().filter(|f| f.is_open() && f.severity == *severity).count();
                if n > 0 {
                    ui.label(RichText::new(format!("{n} {severity}")).color(theme::severity(ui, *severity)));
                }
            }
            ui.label(format!("· posture {}", analysis.posture));
        }
        let problems = ws.problems().len();
        if problems > 0 {
            let text = if problems == 1 { "· 1 problem".to_owned() } else { format!("· {problems} problems") };
            ui.label(RichText::new(text).color(theme::error_text(ui)));
        }
        let d = ws.diagram();
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let components = plural(d.components.len(), "component", "components");
        let flows = plural(d.flows.len(), "flow", "flows");
        ui.label(RichText::new(format!("· {components}, {flows}")).color(theme::text_weak(ui)));
        if let Some(toast) = toast {
            ui.separator();
            ui.label(RichText::new(toast).strong());
        }
    });
}

/// The canvas's right-click menu for the selection.
pub fn context_menu(ui: &mut egui::Ui, input: &CanvasInput<'_>, out: &mut Vec<Action>) {
    let any = !input.selection.is_empty();
    let one_component = input.selection.len() == 1
        && input.ws.diagram().components.iter().any(|c| Some(&c.id) == input.selection.first());
    if one_component && ui.button("Compromise this").clicked() {
        out.push(Action::Run(Command::CompromiseSelection));
    }
    let review = input.ws.doc().review();
    if input.selection.len() == 1
        && ui.add_enabled(!review, egui::Button::new("Rename")).clicked()
        && let Some(id) = input.selection.first()
    {
        out.push(Action::Rename(id.clone()));
    }
    let flow = input
        .selection
        .first()
        .filter(|id| input.ws.diagram().layout.flows.get(*id).is_some_and(|r| !r.waypoints.is_empty()));
    if input.selection.len() == 1
        && let Some(id) = flow
        && ui.add_enabled(!review, egui::Button::new("Straighten (remove bend points)")).clicked()
    {
        out.push(Action::Route { id: id.clone(), waypoints: Vec::new() });
    }
    for command in [Command::Cut, Command::Copy, Command::Duplicate, Command::Delete] {
        item(ui, command, any, out);
    }
    item(ui, Command::Paste, true, out);
    ui.separator();
    for command in [Command::AddNote, Command::AddBoundary, Command::AddContext, Command::ZoomSelection] {
        item(ui, command, true, out);
    }
}
