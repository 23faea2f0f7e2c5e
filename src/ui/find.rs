//! Find (Ctrl+F: jump to an element by name or id) and the command palette (Ctrl+K: run any command, or add a
//! component by typing its kind). One small modal with a text field; Enter takes the first match, Esc closes.

use crate::model::catalog;
use crate::model::named::Named as _;
use crate::ui::actions::{Action, Command};
use crate::ui::canvas::PaletteItem;
use crate::ui::workspace::Workspace;

/// Which of the two is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Elements by name or id.
    Find,
    /// Commands and kinds to add.
    Commands,
}

/// An open finder.
pub struct Finder {
    mode: Mode,
    text: String,
    focused: bool,
}

enum Choice {
    Element(crate::model::id::Id, String),
    Command(Command),
    Add(PaletteItem, String),
}

impl Finder {
    /// Opens an empty finder.
    pub fn new(mode: Mode) -> Self {
        Self { mode, text: String::new(), focused: false }
    }

    fn choices(&self, ws: &Workspace) -> Vec<Choice> {
        let needle = self.text.trim().to_lowercase();
        let hit = |s: &str| needle.is_empty() || s.to_lowercase().contains(&needle);
        match self.mode {
            Mode::Find => {
                let d = ws.diagram();
                let named = d
                    .components
                    .iter()
                    .map(|c| (c.id.clone(), format!("{} · {} ({})", c.name, catalog::info(c.kind).name, c.id)))
                    .chain(d.flows.iter().map(|f| (f.id.clone(), format!("flow {} → {} {}", f.from, f.to, f.label))))
                    .chain(d.boundaries.iter().map(|b| (b.id.clone(), format!("boundary {} ({})", b.name, b.id))))
                    .chain(d.contexts.iter().map(|c| (c.id.clone(), format!("context {} ({})", c.name, c.id))))
                    .chain(d.notes.iter().map(|n| (n.id.clone(), format!("note {}", n.text))));
                named.filter(|(_, text)| hit(text)).take(50).map(|(id, text)| Choice::Element(id, text)).collect()
            }
            Mode::Commands => {
                let commands = Command::ALL.iter().filter(|c| hit(c.label())).map(|c| Choice::Command(*c));
                let kinds = catalog::all()
                    .filter(|info| hit(&format!("add {}", info.name)) || hit(info.kind.as_str()))
                    .map(|info| Choice::Add(PaletteItem::Kind(info.kind), format!("Add {}", info.name)));
                commands.chain(kinds).take(60).collect()
            }
        }
    }

    /// Shows the finder; false once it is closed.
    pub fn ui(&mut self, ctx: &egui::Context, ws: &Workspace, at: crate::scene::Pt, out: &mut Vec<Action>) -> bool {
        let mut open = true;
        let title = match self.mode {
            Mode::Find => "Find an element",
            Mode::Commands => "Run a command or add a component",
        };
        let modal = egui::Modal::new(egui::Id::unique("finder")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.label(egui::RichText::new(title).strong());
            let response = ui.add(
                egui::TextEdit::singleline(&mut self.text)
                    .hint_text(if self.mode == Mode::Find { "name or id" } else { "command, or a kind such as lambda" })
                    .desired_width(f32::INFINITY),
            );
            if !self.focused {
                response.request_focus();
                self.focused = true;
            }
            let choices = self.choices(ws);
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let mut picked = enter.then_some(0).filter(|_| !choices.is_empty());
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                for (i, choice) in choices.iter().enumerate() {
                    let text = match choice {
                        Choice::Element(_, text) | Choice::Add(_, text) => text.clone(),
                        Choice::Command(c) => match c.shortcut_text(ui.ctx()) {
                            Some(keys) => format!("{}    {keys}", c.label()),
                            None => c.label().to_owned(),
                        },
                    };
                    if ui.selectable_label(i == 0, text).clicked() {
                        picked = Some(i);
                    }
                }
            });
            if let Some(choice) = picked.and_then(|i| choices.into_iter().nth(i)) {
                match choice {
                    Choice::Element(id, _) => out.push(Action::Reveal(vec![id])),
                    Choice::Command(c) => out.push(Action::Run(c)),
                    Choice::Add(item, _) => out.push(Action::AddAt { item, at, inside: None }),
                }
                open = false;
            }
        });
        if modal.should_close() || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            open = false;
        }
        open
    }
}
