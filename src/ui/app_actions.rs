//! How the app carries out actions and commands after each frame: edits through the workspace (one undo step
//! each), selection, view changes, clipboard, files and the small popup that offers a new flow's pattern. Keyboard
//! shortcuts and clipboard events become commands here too.

use egui::Key;

use super::actions::{Action, Command};
use super::edits::{self, Arrange};
use super::{App, Replacement, Tab};
use crate::analysis::blast::Start;
use crate::edit::{clipboard, ops};
use crate::layout::{self, Scope};
use crate::model::Posture;
use crate::model::id::Id;
use crate::model::layout::Point;
use crate::ui::canvas::PaletteItem;
use crate::ui::workspace::Source;

/// Keyboard shortcuts, arrow-key nudges and the clipboard events (Ctrl+C/X/V) as actions.
pub fn shortcuts(app: &mut App, ctx: &egui::Context, out: &mut Vec<Action>) {
    let typing = ctx.text_edit_focused() || app.finder.is_some();
    // Shortcuts with more modifiers first: Ctrl+Z would otherwise also take Ctrl+Shift+Z.
    let mut commands: Vec<Command> = Command::ALL.to_vec();
    crate::sorting::sort_by_key(&mut commands, |c| {
        std::cmp::Reverse(c.shortcut().map_or(0, |s| s.modifiers.shift as u8 + s.modifiers.alt as u8))
    });
    ctx.input_mut(|input| {
        for command in &commands {
            if typing && command.yields_to_text() {
                continue;
            }
            if let Some(shortcut) = command.shortcut()
                && input.consume_shortcut(&shortcut)
            {
                out.push(Action::Run(*command));
            }
        }
        if typing {
            return;
        }
        for event in &input.events {
            match event {
                // Shift+1 and Shift+2 by the key's place: with Shift held, most layouts report "!" and "@" or '"'.
                egui::Event::Key { physical_key: Some(key), pressed: true, modifiers, .. }
                    if modifiers.shift_only() && matches!(key, Key::Num1 | Key::Num2) =>
                {
                    out.push(Action::Run(if *key == Key::Num1 { Command::Fit } else { Command::ZoomSelection }));
                }
                egui::Event::Copy => out.push(Action::Run(Command::Copy)),
                egui::Event::Cut => out.push(Action::Run(Command::Cut)),
                egui::Event::Paste(text) => app.clipboard_paste = Some(text.clone()),
                _ => {}
            }
        }
        let step = if input.modifiers.shift { 10.0 } else { 1.0 };
        for (key, dx, dy) in [
            (Key::ArrowLeft, -step, 0.0),
            (Key::ArrowRight, step, 0.0),
            (Key::ArrowUp, 0.0, -step),
            (Key::ArrowDown, 0.0, step),
        ] {
            if input.key_pressed(key) && !app.selection.is_empty() {
                out.push(Action::Nudge { dx, dy });
            }
        }
    });
    if let Some(text) = app.clipboard_paste.take() {
        out.push(Action::PasteText(text));
    }
}

fn apply_edit(
    app: &mut App,
    ctx: &egui::Context,
    label: &str,
    edit: crate::edit::Edit,
    select: Option<Vec<Id>>,
) -> bool {
    match app.ws.apply(label, edit) {
        Ok(()) => {
            app.toast = None;
            if let Some(ids) = select {
                app.selection = ids;
            }
            prune_selection(app);
            true
        }
        Err(error) => {
            app.say(ctx, format!("Cannot {label}: {error}"));
            false
        }
    }
}

/// Drops selected ids that no longer exist (after undo, delete ...).
fn prune_selection(app: &mut App) {
    let ids = crate::sorting::set(app.ws.diagram().element_ids().map(|id| id.as_str().to_owned()));
    app.selection.retain(|id| ids.contains(id.as_str()));
}

/// Carries out one action.
pub fn apply(app: &mut App, ctx: &egui::Context, action: Action) {
    match action {
        Action::Run(command) => run(app, ctx, command),
        Action::Apply { label, edit, select } => {
            apply_edit(app, ctx, &label, *edit, select);
        }
        Action::Select(ids) => {
            // A click on the canvas ends the pointing-out of a finding's elements.
            app.findings.picked = None;
            app.selection = ids;
        }
        Action::Reveal(ids) => {
            app.selection = ids.clone();
            app.view.request_frame(ids);
        }
        Action::AddAt { item, at, inside } => {
            match edits::add_at(&mut app.ws, app.view.scene(), item, at, inside.as_ref(), &app.selection) {
                Ok((label, edit, select)) => {
                    if apply_edit(app, ctx, &label, edit, Some(select)) && matches!(item, PaletteItem::Note) {
                        // A new note opens for typing where it is.
                        if let Some(note) =
                            app.selection.first().and_then(|id| app.ws.diagram().notes.iter().find(|n| n.id == *id))
                        {
                            app.view.editing_note = Some((note.id.clone(), note.text.clone()));
                        }
                    }
                }
                Err(why) => app.say(ctx, why),
            }
        }
        Action::MoveBy { ids, dx, dy, drop_targets } => {
            let Some(scene) = app.view.scene() else { return };
            match edits::move_by(app.ws.diagram(), scene, &ids, (f64::from(dx), f64::from(dy)), Some(&drop_targets)) {
                Ok(edit) => {
                    apply_edit(app, ctx, "move", edit, None);
                }
                Err(why) => app.say(ctx, why),
            }
        }
        Action::Nudge { dx, dy } => {
            let Some(scene) = app.view.scene() else { return };
            let ids = app.selection.clone();
            if let Ok(edit) = edits::move_by(app.ws.diagram(), scene, &ids, (dx, dy), None) {
                apply_edit(app, ctx, "nudge", edit, None);
            }
        }
        Action::Resize { id, rect } => {
            if let Some(edit) = edits::resize(app.ws.diagram(), &id, &rect) {
                apply_edit(app, ctx, "resize", edit, None);
            }
        }
        Action::Connect { from, to, at } => match edits::connect(&mut app.ws, &from, &to) {
            Ok((edit, id)) => {
                if apply_edit(app, ctx, "connect", edit, Some(vec![id.clone()])) {
                    app.flow_popup = Some((id, at));
                }
            }
            Err(why) => app.say(ctx, why),
        },
        Action::Route { id, waypoints } => {
            let points = waypoints.iter().map(|p| Point { x: f64::from(p.x), y: f64::from(p.y) }).collect();
            let label = app.ws.diagram().layout.flows.get(&id).and_then(|r| r.label);
            let name = if waypoints.is_empty() { "straighten flow" } else { "bend flow" };
            apply_edit(app, ctx, name, ops::set_route(&id, points, label), None);
        }
        Action::Rename(id) => {
            // A note is edited where it is, like a sticky note; everything else by name in the inspector.
            if let Some(note) = app.ws.diagram().notes.iter().find(|n| n.id == id) {
                app.view.editing_note = Some((id.clone(), note.text.clone()));
                app.selection = vec![id];
                return;
            }
            app.selection = vec![id];
            app.tab = Tab::Inspector;
            app.inspector.focus_name = true;
        }
        Action::NoteText { id, text } => {
            let unchanged = app.ws.diagram().notes.iter().any(|n| n.id == id && n.text == text);
            if !unchanged {
                match ops::rename(app.ws.diagram(), &id, &text) {
                    Ok(edit) => {
                        apply_edit(app, ctx, "edit note", edit, None);
                    }
                    Err(error) => app.say(ctx, error.to_string()),
                }
            }
        }
        Action::AddThreat(threat) => {
            let (edit, id) = ops::add_threat(app.ws.doc_mut().ids_mut(), *threat);
            if apply_edit(app, ctx, "add threat", edit, None) {
                app.say(ctx, format!("Added manual threat \"{id}\""));
            }
        }
        Action::Blast(start) => {
            app.view.options.blast = start;
            if app.view.options.blast.is_some() {
                app.tab = Tab::Blast;
            }
        }
        Action::Toast(text) => app.say(ctx, text),
        Action::Responsibility(view) => app.view.options.responsibility = Some(view),
        Action::PasteText(text) => paste(app, ctx, &text),
    }
}

fn paste(app: &mut App, ctx: &egui::Context, text: &str) {
    let Some(snippet) = clipboard::from_text(text) else {
        app.say(ctx, "The clipboard holds no trustmap elements");
        return;
    };
    let (edit, ids) =
        clipboard::paste(&app.ws.diagram().clone(), app.ws.doc_mut().ids_mut(), &snippet, Point { x: 30.0, y: 30.0 });
    apply_edit(app, ctx, "paste", edit, Some(ids));
}

fn copy(app: &mut App, ctx: &egui::Context) -> bool {
    if app.selection.is_empty() {
        return false;
    }
    let snippet = clipboard::copy(app.ws.diagram(), &app.selection);
    let text = clipboard::to_text(&snippet);
    ctx.copy_text(text.clone());
    app.clipboard = Some(text);
    true
}

fn arrange(app: &mut App, ctx: &egui::Context, how: Arrange) {
    let Some(scene) = app.view.scene() else { return };
    match edits::arrange(app.ws.diagram(), scene, &app.selection, how) {
        Some(edit) => {
            apply_edit(app, ctx, "arrange", edit, None);
        }
        None => app.say(ctx, "Select two or more elements to align or distribute"),
    }
}

/// Lays out the selection (or, with nothing selected, the whole diagram) automatically, as one undo step.
fn tidy_up(app: &mut App, ctx: &egui::Context) {
    let whole = app.selection.is_empty();
    let scope = if whole { Scope::All } else { Scope::Selection(app.selection.clone()) };
    let tidied = layout::tidy(app.ws.diagram(), &scope);
    let edit = layout::edit(app.ws.diagram(), &tidied.layout);
    if edit.is_empty() {
        app.say(ctx, "Already tidy: nothing to move");
        return;
    }
    if apply_edit(app, ctx, "tidy up", edit, None) {
        if whole {
            app.view.request_fit();
        }
        app.say(ctx, format!("Tidied: {}", tidied.report.summary()));
    }
}

/// Carries out a named command.
pub fn run(app: &mut App, ctx: &egui::Context, command: Command) {
    if app.review() && !command.works_in_review() {
        app.say(ctx, format!("{}: {}", command.label(), crate::edit::review::REFUSED));
        return;
    }
    match command {
        Command::New => app.guard(ctx, Replacement::New),
        Command::Open => app.guard(ctx, Replacement::Open),
        Command::Save => match &app.ws.source {
            Source::File(path) => {
                let text = crate::io::to_json(app.ws.diagram());
                app.files.write(ctx, path.clone(), text);
            }
            _ => run(app, ctx, Command::SaveAs),
        },
        Command::SaveAs => {
            let suggestion = app.suggestion("json");
            app.ask_save(ctx, &suggestion);
        }
        Command::ExportSvg | Command::ExportPng | Command::ExportReport => {
            let format = match command {
                Command::ExportSvg => super::export_dialog::Format::Svg,
                Command::ExportPng => super::export_dialog::Format::Png,
                _ => super::export_dialog::Format::Html,
            };
            app.export = Some(super::export_dialog::ExportDialog::new(format, &app.view.options));
        }
        Command::CopyLink => copy_link(app, ctx),
        Command::ToggleReview => {
            let on = !app.review();
            app.set_review(on);
            app.say(ctx, if on { "Review mode: only triage and notes can be changed" } else { "Review mode off" });
        }
        Command::Undo => {
            let label = app.ws.doc().undo_label().map(str::to_owned);
            match label {
                Some(label) if app.ws.undo() => app.say(ctx, format!("Undone: {label}")),
                _ => app.say(ctx, "Nothing to undo"),
            }
            prune_selection(app);
        }
        Command::Redo | Command::RedoAlt => {
            let label = app.ws.doc().redo_label().map(str::to_owned);
            match label {
                Some(label) if app.ws.redo() => app.say(ctx, format!("Redone: {label}")),
                _ => app.say(ctx, "Nothing to redo"),
            }
            prune_selection(app);
        }
        Command::Copy => {
            copy(app, ctx);
        }
        Command::Cut => {
            if copy(app, ctx) {
                let edit = ops::remove(app.ws.diagram(), &app.selection);
                apply_edit(app, ctx, "cut", edit, Some(Vec::new()));
            }
        }
        Command::Paste => match app.clipboard.clone() {
            Some(text) => paste(app, ctx, &text),
            None => app.say(ctx, "Nothing copied yet (Ctrl+V pastes from other windows)"),
        },
        Command::Duplicate => {
            if !app.selection.is_empty() {
                let snippet = clipboard::copy(app.ws.diagram(), &app.selection);
                let (edit, ids) = clipboard::paste(
                    &app.ws.diagram().clone(),
                    app.ws.doc_mut().ids_mut(),
                    &snippet,
                    Point { x: 30.0, y: 30.0 },
                );
                apply_edit(app, ctx, "duplicate", edit, Some(ids));
            }
        }
        Command::Delete | Command::DeleteBack => {
            if !app.selection.is_empty() {
                let edit = ops::remove(app.ws.diagram(), &app.selection);
                apply_edit(app, ctx, "delete", edit, Some(Vec::new()));
            }
        }
        Command::SelectAll => {
            let d = app.ws.diagram();
            app.selection = d
                .components
                .iter()
                .map(|c| c.id.clone())
                .chain(d.flows.iter().map(|f| f.id.clone()))
                .chain(d.boundaries.iter().map(|b| b.id.clone()))
                .chain(d.contexts.iter().map(|c| c.id.clone()))
                .chain(d.notes.iter().map(|n| n.id.clone()))
                .collect();
        }
        Command::Deselect => {
            if app.flow_popup.take().is_none() && !app.view.cancel_gesture() {
                app.selection.clear();
            }
        }
        _ => run_view(app, ctx, command),
    }
}

/// Encodes the diagram into a share link, copies it and shows it; a diagram too large for a link is refused with
/// a suggestion. On the web the link is this page's address with the diagram as its fragment; elsewhere there is
/// no page to point at, so it is the fragment alone (to put after a hosted trustmap page's address).
fn copy_link(app: &mut App, ctx: &egui::Context) {
    match crate::io::share::encode(&crate::io::to_json(app.ws.diagram())) {
        Ok(fragment) => {
            let link = page_address().map_or_else(|| format!("#{fragment}"), |page| format!("{page}#{fragment}"));
            copy_to_clipboard(ctx, &link);
            app.say(ctx, format!("Link copied ({} KB)", link.len().div_ceil(1024)));
            app.share_link = Some(link);
        }
        Err(error) => {
            app.share_link = None;
            app.say(ctx, format!("No link: {error}"));
        }
    }
}

/// Puts `text` on the clipboard. In the browser the clipboard may refuse (no permission, no user gesture, a page
/// served without https): the link window shows the text either way, so a refusal is ignored here rather than
/// logged as an error the way egui's own copy does.
pub fn copy_to_clipboard(ctx: &egui::Context, text: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        use eframe::wasm_bindgen::{JsCast as _, JsValue};
        let _ = ctx;
        let clipboard = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("clipboard")).ok())
            .filter(|c| !c.is_undefined());
        let write = clipboard.as_ref().and_then(|c| {
            let function = js_sys::Reflect::get(c, &JsValue::from_str("writeText")).ok()?;
            let function = function.dyn_into::<js_sys::Function>().ok()?;
            function.call1(c, &JsValue::from_str(text)).ok()?.dyn_into::<js_sys::Promise>().ok()
        });
        if let Some(promise) = write {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            });
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    ctx.copy_text(text.to_owned());
}

/// This page's address without its fragment (web only).
fn page_address() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let location = web_sys::window()?.location();
        Some(format!("{}{}{}", location.origin().ok()?, location.pathname().ok()?, location.search().ok()?))
    }
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// Carries out a view, arrange or analysis command.
fn run_view(app: &mut App, ctx: &egui::Context, command: Command) {
    let center = app.view.center();
    match command {
        Command::Fit => app.view.request_fit(),
        Command::ZoomSelection => app.view.request_frame(app.selection.clone()),
        Command::ZoomReset => app.view.zoom_reset(),
        Command::ZoomIn => app.view.zoom_by(1.25),
        Command::ZoomOut => app.view.zoom_by(0.8),
        Command::Find => app.finder = Some(super::find::Finder::new(super::find::Mode::Find)),
        Command::Palette => app.finder = Some(super::find::Finder::new(super::find::Mode::Commands)),
        Command::AddNote => apply(app, ctx, Action::AddAt { item: PaletteItem::Note, at: center, inside: None }),
        Command::AddBoundary => {
            apply(app, ctx, Action::AddAt { item: PaletteItem::Boundary, at: center, inside: None });
        }
        Command::AddContext => apply(app, ctx, Action::AddAt { item: PaletteItem::Context, at: center, inside: None }),
        Command::TidyUp => tidy_up(app, ctx),
        Command::AlignLeft => arrange(app, ctx, Arrange::Left),
        Command::AlignTop => arrange(app, ctx, Arrange::Top),
        Command::AlignCenter => arrange(app, ctx, Arrange::Center),
        Command::DistributeH => arrange(app, ctx, Arrange::SpreadH),
        Command::DistributeV => arrange(app, ctx, Arrange::SpreadV),
        Command::CompromiseSelection => {
            let start = app
                .selection
                .iter()
                .find(|id| app.ws.diagram().components.iter().any(|c| &c.id == *id))
                .map_or_else(|| Start::INTERNET.to_owned(), ToString::to_string);
            apply(app, ctx, Action::Blast(Some(start)));
        }
        Command::BlastInternet => apply(app, ctx, Action::Blast(Some(Start::INTERNET.to_owned()))),
        Command::BlastInsider => apply(app, ctx, Action::Blast(Some(Start::INSIDER.to_owned()))),
        Command::BlastOff => apply(app, ctx, Action::Blast(None)),
        Command::ToggleThreats => app.view.options.threats = !app.view.options.threats,
        Command::ToggleResponsibility => {
            let o = &mut app.view.options;
            o.responsibility = match o.responsibility {
                Some(_) => None,
                None => Some(crate::scene::ResponsibilityView::Overall),
            };
            app.view.legend = app.view.legend || o.responsibility.is_some();
        }
        Command::ToggleContexts => app.view.options.contexts = !app.view.options.contexts,
        Command::ToggleLegend => app.view.legend = !app.view.legend,
        Command::ToggleGrid => app.view.grid = !app.view.grid,
        Command::ToggleRouting => {
            let o = &mut app.view.options;
            o.routing = match o.routing {
                crate::scene::Routing::Straight => crate::scene::Routing::Orthogonal,
                crate::scene::Routing::Orthogonal => crate::scene::Routing::Straight,
            };
        }
        Command::TogglePosture => {
            let mut settings = app.ws.diagram().settings.clone();
            settings.posture = match settings.posture {
                Posture::Perimeter => Posture::ZeroTrust,
                Posture::ZeroTrust => Posture::Perimeter,
            };
            let label = format!("switch to {}", settings.posture);
            apply_edit(app, ctx, &label, ops::set_settings(settings), None);
        }
        Command::ToggleTheme => {
            let dark = ctx.global_style().visuals.dark_mode;
            ctx.set_theme(if dark { egui::Theme::Light } else { egui::Theme::Dark });
        }
        Command::Settings => {
            app.selection.clear();
            app.tab = Tab::Inspector;
        }
        _ => {}
    }
}

/// The popup that offers the patterns a new flow's ends allow, next to where it was drawn.
pub fn flow_popup(app: &mut App, ctx: &egui::Context, out: &mut Vec<Action>) {
    let Some((id, at)) = app.flow_popup.clone() else { return };
    let d = app.ws.diagram();
    let Some(flow) = d.flows.iter().find(|f| f.id == id) else {
        app.flow_popup = None;
        return;
    };
    let kind = |id: &Id| d.components.iter().find(|c| &c.id == id).map(|c| c.kind);
    let (Some(a), Some(b)) = (kind(&flow.from), kind(&flow.to)) else { return };
    let mut close = false;
    let response = egui::Area::new(egui::Id::unique("flow-popup"))
        .fixed_pos(at + egui::vec2(8.0, 8.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(egui::RichText::new("Pattern of the new flow").strong());
                for pattern in
                    <crate::model::Pattern as crate::model::named::Named>::ALL.iter().filter(|p| p.allowed(a, b))
                {
                    let name = <crate::model::Pattern as crate::model::named::Named>::as_str(*pattern);
                    if ui.selectable_label(flow.pattern == *pattern, name).clicked() {
                        if flow.pattern != *pattern {
                            let mut next = flow.clone();
                            next.pattern = *pattern;
                            out.push(Action::apply("change pattern".to_owned(), ops::set_flow(next)));
                        }
                        close = true;
                    }
                }
            });
        });
    if close || response.response.clicked_elsewhere() {
        app.flow_popup = None;
    }
}
