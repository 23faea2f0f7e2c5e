//! The rules panel: every rule with its switch and thresholds, saved in the diagram's settings (the same
//! overrides the file format's `settings.rules` holds), and how many findings each gives now.

use egui::RichText;

use crate::analysis::rules;
use crate::edit::ops;
use crate::ui::actions::Action;
use crate::ui::theme;
use crate::ui::workspace::Workspace;

/// Shows the panel.
pub fn rules_ui(ui: &mut egui::Ui, ws: &Workspace, search: &mut String, out: &mut Vec<Action>) {
    let settings = &ws.diagram().settings;
    ui.add(egui::TextEdit::singleline(search).hint_text("Search rules…").desired_width(f32::INFINITY));
    let needle = search.trim().to_lowercase();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        for rule in rules::all() {
            let meta = rule.meta();
            if !needle.is_empty() && !meta.id.contains(&needle) && !meta.title.to_lowercase().contains(&needle) {
                continue;
            }
            let overrides = settings.rules.get(meta.id);
            let mut enabled = overrides.and_then(|r| r.enabled).unwrap_or(true);
            let count = ws.analysis().map_or(0, |a| a.findings.iter().filter(|f| f.rule() == meta.id).count());
            // No horizontal row around the checkbox: its title wraps instead of widening the panel.
            let label = RichText::new(format!("{} ({count})", meta.title));
            if ui
                .checkbox(&mut enabled, label)
                .on_hover_text(format!("{}\n\n{}", meta.id, meta.description).as_str())
                .changed()
            {
                let mut next = settings.clone();
                let entry = next.rules.entry(meta.id.to_owned()).or_default();
                entry.enabled = (!enabled).then_some(false);
                if entry.enabled.is_none() && entry.thresholds.is_empty() {
                    next.rules.remove(meta.id);
                }
                let label = if enabled { "switch rule on" } else { "switch rule off" };
                out.push(Action::apply(label.to_owned(), ops::set_settings(next)));
            }
            for threshold in meta.thresholds {
                let current = overrides.and_then(|r| r.thresholds.get(threshold.name)).copied();
                let key = egui::Id::unique(("threshold", meta.id, threshold.name));
                let mut value = ui.data(|d| d.get_temp::<f64>(key)).unwrap_or(current.unwrap_or(threshold.default));
                ui.horizontal(|ui| {
                    ui.add_space(24.0);
                    let response = ui
                        .add(egui::DragValue::new(&mut value).range(threshold.min..=threshold.max).speed(0.1))
                        .on_hover_text(threshold.description);
                    ui.label(RichText::new(threshold.name).small().color(theme::text_weak(ui)));
                    if response.changed() {
                        ui.data_mut(|d| d.insert_temp(key, value));
                    }
                    if response.drag_stopped() || response.lost_focus() {
                        ui.data_mut(|d| d.remove::<f64>(key));
                        let mut next = settings.clone();
                        let entry = next.rules.entry(meta.id.to_owned()).or_default();
                        if (value - threshold.default).abs() < f64::EPSILON {
                            entry.thresholds.remove(threshold.name);
                        } else {
                            entry.thresholds.insert(threshold.name.to_owned(), value);
                        }
                        if entry.enabled.is_none() && entry.thresholds.is_empty() {
                            next.rules.remove(meta.id);
                        }
                        if next != *settings {
                            out.push(Action::apply("set threshold".to_owned(), ops::set_settings(next)));
                        }
                    }
                });
            }
        }
    });
}
