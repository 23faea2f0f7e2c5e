//! The blast-radius panel: where the attacker starts (off, the internet attacker, an insider, the selection),
//! what the shown radius reaches (by hop, with how and through what; clicking one shows its path), and a ranking
//! of every component by the size of its blast radius, computed on request and kept until the document changes.

use egui::RichText;

use crate::analysis::blast::{BlastGraph, BlastRadius, Start};
use crate::model::id::Id;
use crate::ui::actions::Action;
use crate::ui::theme;
use crate::ui::workspace::Workspace;

/// One ranked component: its id, how many it controls and how many it influences.
type RankRow = (String, usize, usize);

/// The ranking, for the document semantics it was computed for.
#[derive(Default)]
pub struct BlastPanel {
    ranking: Option<((u64, u64), Vec<RankRow>)>,
    /// The reached component whose path is shown.
    picked: Option<String>,
}

impl BlastPanel {
    /// Shows the panel; `start` is the current start, `radius` the radius shown.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        start: Option<&str>,
        radius: Option<&BlastRadius>,
        selection: &[Id],
        out: &mut Vec<Action>,
    ) {
        let Some(model) = ws.model() else {
            ui.label("Nothing to analyse.");
            return;
        };
        ui.heading("Blast radius");
        ui.label(
            RichText::new("What an attacker who took one component can reach, and how.")
                .small()
                .color(theme::text_weak(ui)),
        );
        ui.horizontal_wrapped(|ui| {
            if ui.selectable_label(start.is_none(), "Off").clicked() {
                out.push(Action::Blast(None));
            }
            if ui.selectable_label(start == Some(Start::INTERNET), "Internet attacker").clicked() {
                out.push(Action::Blast(Some(Start::INTERNET.to_owned())));
            }
            if ui.selectable_label(start == Some(Start::INSIDER), "Insider").clicked() {
                out.push(Action::Blast(Some(Start::INSIDER.to_owned())));
            }
            let first = selection.first().filter(|id| model.component_ix(id).is_some());
            if ui.add_enabled(first.is_some(), egui::Button::new("From the selection")).clicked()
                && let Some(id) = first
            {
                out.push(Action::Blast(Some(id.to_string())));
            }
        });
        if let (Some(start), Some(radius)) = (start, radius) {
            let label = match model.component_ix(start) {
                Some(_) => ws.label(start),
                None => Start::parse(model, start).map(|s| s.label(model)).unwrap_or_else(|_| start.to_owned()),
            };
            ui.label(
                RichText::new(format!(
                    "From {label}: controls {}, influences {}",
                    radius.controlled(),
                    radius.influenced()
                ))
                .strong(),
            );
            let views = radius.views(model);
            egui::ScrollArea::vertical().id_salt("reached").max_height(260.0).show(ui, |ui| {
                for view in &views {
                    let picked = self.picked.as_deref() == Some(view.id.as_str());
                    let text =
                        format!("hop {} · {} · {} ({})", view.hops, ws.label(&view.id), view.level, view.mechanism);
                    if ui.selectable_label(picked, text).on_hover_text(view.via.as_str()).clicked() {
                        self.picked = (!picked).then(|| view.id.clone());
                        out.push(Action::Reveal(vec![Id::from_trusted(&view.id)]));
                    }
                    if picked
                        && let Some(reached) =
                            radius.reached.iter().find(|r| model.component(r.component).id.as_str() == view.id)
                    {
                        let path: Vec<String> =
                            radius.path(reached).iter().map(|c| ws.label(model.component(*c).id.as_str())).collect();
                        ui.label(RichText::new(format!("path: {}", path.join(" → "))).small());
                        ui.label(RichText::new(&view.via).small().color(theme::text_weak(ui)));
                    }
                }
            });
        }
        ui.separator();
        ui.label(RichText::new("Ranking").strong());
        let stamp = ws.semantic_stamp();
        let fresh = self.ranking.as_ref().is_some_and(|(s, _)| *s == stamp);
        if !fresh && ui.button("Rank every component by blast radius").clicked() {
            let graph = BlastGraph::new(model, model.diagram().settings.posture);
            let rows = graph
                .ranking()
                .iter()
                .map(|e| (model.component(e.component).id.to_string(), e.controlled, e.influenced))
                .collect();
            self.ranking = Some((stamp, rows));
        }
        if let Some((s, rows)) = &self.ranking
            && *s == stamp
        {
            egui::ScrollArea::vertical().id_salt("ranking").show(ui, |ui| {
                for (id, controlled, influenced) in rows.iter().take(200) {
                    let name = ws.label(id);
                    if ui
                        .selectable_label(false, format!("{name}: controls {controlled}, influences {influenced}"))
                        .on_hover_text(format!("id {id}: click to show its blast radius").as_str())
                        .clicked()
                    {
                        out.push(Action::Blast(Some(id.clone())));
                    }
                }
            });
        }
    }
}
