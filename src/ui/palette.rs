//! The palette: every catalog kind with its icon and name, grouped by family and searchable, plus notes, trust
//! boundaries and bounded contexts. Drag an entry onto the canvas to place it there (nested into the container
//! under the pointer), or click it to add it in the middle of the view (inside the selected container when the
//! catalog allows).

use egui::{RichText, Sense, vec2};

use crate::model::named::Named as _;
use crate::model::{Category, catalog};
use crate::ui::actions::Action;
use crate::ui::canvas::PaletteItem;
use crate::ui::canvas::icons::IconCache;

/// The palette's own state.
#[derive(Default)]
pub struct Palette {
    /// The search text.
    pub search: String,
    icons: IconCache,
}

fn category_title(category: Category) -> &'static str {
    match category {
        Category::Actor => "People and outside networks",
        Category::Network => "Accounts and networks",
        Category::Compute => "Compute",
        Category::Integration => "Entry points and messaging",
        Category::Data => "Data",
        Category::Security => "Identity and security",
        Category::Monitoring => "Monitoring",
        Category::Other => "Other",
    }
}

/// What a click adds, and where: `None` as position means "the middle of the view".
pub struct Clicked(pub PaletteItem);

impl Palette {
    /// Shows the palette; pushes an action when an entry is clicked (drags are picked up by the canvas).
    pub fn ui(&mut self, ui: &mut egui::Ui, out: &mut Vec<Clicked>) {
        ui.add(egui::TextEdit::singleline(&mut self.search).hint_text("Search kinds…").desired_width(f32::INFINITY));
        let needle = self.search.trim().to_lowercase();
        let matches = |text: &str| needle.is_empty() || text.to_lowercase().contains(&needle);
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            let extras = [
                (PaletteItem::Note, "Note", "A free-text note on the canvas (attached to the selected component)."),
                (
                    PaletteItem::Boundary,
                    "Trust boundary",
                    "A dashed region: a trust boundary around the selected components.",
                ),
                (
                    PaletteItem::Context,
                    "Bounded context",
                    "A tinted region: a bounded context (one team's domain) around the selected components.",
                ),
            ];
            let shown: Vec<_> = extras.iter().filter(|(_, name, _)| matches(name)).collect();
            if !shown.is_empty() {
                ui.label(RichText::new("Annotate").small().strong());
                for (item, name, help) in shown {
                    if self.entry(ui, *item, None, name, help) {
                        out.push(Clicked(*item));
                    }
                }
            }
            for category in Category::ALL {
                let kinds: Vec<_> = catalog::all()
                    .filter(|info| info.category == *category)
                    .filter(|info| matches(info.name) || matches(info.kind.as_str()) || matches(info.summary))
                    .collect();
                if kinds.is_empty() {
                    continue;
                }
                ui.add_space(4.0);
                ui.label(RichText::new(category_title(*category)).small().strong());
                for info in kinds {
                    let item = PaletteItem::Kind(info.kind);
                    let help = format!("{}\n\n{}", info.summary, catalog::nesting_rule(info.kind));
                    if self.entry(ui, item, Some(info.icon), info.name, &help) {
                        out.push(Clicked(item));
                    }
                }
            }
        });
    }

    /// One entry: a drag source that is also a button. True when clicked.
    fn entry(
        &mut self,
        ui: &mut egui::Ui,
        item: PaletteItem,
        icon: Option<&'static str>,
        name: &str,
        help: &str,
    ) -> bool {
        let id = ui.scope_id().with(("palette", name));
        let icons = &mut self.icons;
        let response = ui
            .dnd_drag_source(id, item, |ui| {
                ui.horizontal(|ui| {
                    let (rect, _) = ui.allocate_exact_size(vec2(22.0, 22.0), Sense::hover());
                    if let Some(key) = icon
                        && let Some(texture) = icons.get(ui.ctx(), key, 22.0)
                    {
                        let uv = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
                        ui.painter().image(texture.id(), rect, uv, egui::Color32::WHITE);
                    } else {
                        ui.painter().rect_stroke(
                            rect.shrink(3.0),
                            egui::CornerRadius::same(3),
                            egui::Stroke::new(1.5, ui.visuals().text_color()),
                            egui::StrokeKind::Inside,
                        );
                    }
                    ui.label(name);
                });
            })
            .response;
        let response = response.interact(Sense::click()).on_hover_text(help);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Add {name}")));
        response.clicked()
    }
}

/// Turns palette clicks into "add in the middle of the view" actions.
pub fn clicks_to_actions(
    clicks: Vec<Clicked>,
    at: crate::scene::Pt,
    inside: Option<&crate::model::id::Id>,
    out: &mut Vec<Action>,
) {
    for Clicked(item) in clicks {
        out.push(Action::AddAt { item, at, inside: inside.cloned() });
    }
}
