//! The inspector's sections for one element (component, flow, boundary, context, note), for several, and for the
//! diagram's settings.

use egui::RichText;
use serde_json::Value;

use super::values::{Drafts, value_ui};
use crate::edit::{Edit, EditError, Record, ops};
use crate::model::id::Id;
use crate::model::named::Named as _;
use crate::model::props::{PropertyKey, properties, spec};
use crate::model::{BoundaryKind, ComponentKind, Pattern, Posture, catalog};
use crate::ui::actions::{Action, Command};
use crate::ui::theme;
use crate::ui::widgets::combo;
use crate::ui::workspace::Workspace;

fn push(out: &mut Vec<Action>, label: &str, edit: Result<Edit, EditError>) {
    match edit {
        Ok(edit) => out.push(Action::apply(label, edit)),
        Err(error) => out.push(Action::Toast(error.to_string())),
    }
}

fn row(ui: &mut egui::Ui, label: &str, help: &str, add: impl FnOnce(&mut egui::Ui)) {
    ui.label(RichText::new(label).strong()).on_hover_text(help);
    add(ui);
    ui.add_space(2.0);
}

/// The diagram's settings: title, description, posture, as-of date.
pub fn settings_ui(ui: &mut egui::Ui, drafts: &mut Drafts, ws: &Workspace, out: &mut Vec<Action>) {
    let settings = &ws.diagram().settings;
    ui.heading("Diagram");
    ui.label(
        RichText::new("Nothing is selected: these are the diagram's settings.").small().color(theme::text_weak(ui)),
    );
    row(ui, "Title", "Shown in the title block and reports.", |ui| {
        if let Some(title) = drafts.text(ui, egui::Id::unique("settings-title"), &settings.title, false, "Title") {
            let mut s = settings.clone();
            s.title = title;
            out.push(Action::apply("rename diagram".to_owned(), ops::set_settings(s)));
        }
    });
    row(ui, "Description", "Free text.", |ui| {
        if let Some(text) =
            drafts.text(ui, egui::Id::unique("settings-desc"), &settings.description, true, "Description")
        {
            let mut s = settings.clone();
            s.description = text;
            out.push(Action::apply("edit description".to_owned(), ops::set_settings(s)));
        }
    });
    row(
        ui,
        "Posture",
        "Perimeter: one strong edge, inside is trusted. Zero trust: every call is authenticated.",
        |ui| {
            ui.horizontal(|ui| {
                for posture in Posture::ALL {
                    if ui.radio(settings.posture == *posture, posture.as_str()).clicked()
                        && settings.posture != *posture
                    {
                        let mut s = settings.clone();
                        s.posture = *posture;
                        out.push(Action::apply("switch posture".to_owned(), ops::set_settings(s)));
                    }
                }
            });
        },
    );
    let as_of = settings.as_of.map(|d| d.to_string()).unwrap_or_default();
    row(ui, "As of", "The date version checks are judged at (YYYY-MM-DD); empty: the version tables' date.", |ui| {
        if let Some(text) = drafts.text(ui, egui::Id::unique("settings-asof"), &as_of, false, "YYYY-MM-DD") {
            let mut s = settings.clone();
            let text = text.trim();
            if text.is_empty() {
                s.as_of = None;
            } else {
                match crate::model::settings::Date::parse(text) {
                    Ok(date) => s.as_of = Some(date),
                    Err(why) => {
                        out.push(Action::Toast(format!("as-of date: {why}")));
                        return;
                    }
                }
            }
            out.push(Action::apply("set as-of date".to_owned(), ops::set_settings(s)));
        }
    });
    ui.separator();
    let d = ws.diagram();
    let counts = [
        (d.components.len(), "component", "components"),
        (d.flows.len(), "flow", "flows"),
        (d.boundaries.len(), "boundary", "boundaries"),
        (d.contexts.len(), "context", "contexts"),
        (d.notes.len(), "note", "notes"),
        (d.threats.len(), "manual threat", "manual threats"),
    ];
    let text: Vec<String> =
        counts.iter().map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many })).collect();
    ui.label(text.join(" · "));
    ui.label(RichText::new("Rule switches and thresholds: the Rules tab.").small().color(theme::text_weak(ui)));
}

/// Several elements: what can be done to all of them.
pub fn many_ui(ui: &mut egui::Ui, ws: &Workspace, ids: &[Id], out: &mut Vec<Action>) {
    ui.heading(format!("{} selected", ids.len()));
    let _ = ws;
    ui.horizontal_wrapped(|ui| {
        for command in
            [Command::AlignLeft, Command::AlignTop, Command::AlignCenter, Command::DistributeH, Command::DistributeV]
        {
            if ui.button(command.label()).clicked() {
                out.push(Action::Run(command));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        for command in [Command::AddBoundary, Command::AddContext, Command::Duplicate, Command::Delete] {
            if ui.button(command.label()).clicked() {
                out.push(Action::Run(command));
            }
        }
    });
}

/// One element.
pub fn element_ui(ui: &mut egui::Ui, drafts: &mut Drafts, ws: &Workspace, id: &Id, focus: bool, out: &mut Vec<Action>) {
    let d = ws.diagram();
    match Record::find(d, id) {
        Some(Record::Component(_)) => component_ui(ui, drafts, ws, id, focus, out),
        Some(Record::Flow(flow)) => flow_ui(ui, drafts, ws, &flow, focus, out),
        Some(Record::Boundary(b)) => {
            ui.heading(format!("Trust boundary · {}", b.name));
            name_row(ui, drafts, d, id, &b.name, focus, out);
            row(ui, "Kind", "internet-edge, namespace or custom.", |ui| {
                combo(ui, "boundary-kind", "Boundary kind", b.kind.as_str(), None, |ui| {
                    for kind in BoundaryKind::ALL {
                        if ui.selectable_label(b.kind == *kind, kind.as_str()).clicked() && b.kind != *kind {
                            let mut next = b.clone();
                            next.kind = *kind;
                            push(out, "change boundary kind", Ok(ops::replace(Record::Boundary(next))));
                        }
                    }
                });
            });
            description_row(ui, drafts, d, id, &b.description, out);
            members_ui(ui, ws, id, &b.members, out);
        }
        Some(Record::Context(c)) => {
            ui.heading(format!("Bounded context · {}", c.name));
            name_row(ui, drafts, d, id, &c.name, focus, out);
            description_row(ui, drafts, d, id, &c.description, out);
            members_ui(ui, ws, id, &c.members, out);
            if let Some(analysis) = ws.analysis()
                && let Some(m) = analysis.metrics.contexts.iter().find(|m| m.id == *id)
            {
                ui.label(format!("Cohesion {:.2} · coupled with {} other contexts", m.cohesion, m.coupled_with.len()));
            }
        }
        Some(Record::Note(note)) => {
            ui.heading("Note");
            let key = egui::Id::unique(("note", id.as_str()));
            if focus {
                ui.memory_mut(|m| m.request_focus(key));
            }
            if let Some(text) = drafts.text(ui, key, &note.text, true, "Note text") {
                push(out, "edit note", ops::rename(d, id, &text));
            }
            if let Some(target) = &note.attached_to {
                ui.label(format!("Attached to {target}"));
            }
        }
        Some(_) | None => {
            ui.label(format!("\"{id}\" is not drawn on the canvas."));
        }
    }
    if let Some(analysis) = ws.analysis() {
        super::threats::findings_of_ui(ui, drafts, analysis, &d.triage, id, out);
    }
}

fn name_row(
    ui: &mut egui::Ui,
    drafts: &mut Drafts,
    d: &crate::model::diagram::Diagram,
    id: &Id,
    name: &str,
    focus: bool,
    out: &mut Vec<Action>,
) {
    row(ui, "Name", "Display name; the id never changes.", |ui| {
        let key = egui::Id::unique(("name", id.as_str()));
        if focus {
            ui.memory_mut(|m| m.request_focus(key));
        }
        if let Some(text) = drafts.text(ui, key, name, false, "Name") {
            push(out, "rename", ops::rename(d, id, text.trim()));
        }
    });
    ui.label(RichText::new(format!("id: {id}")).small().monospace().color(theme::text_weak(ui)));
}

fn description_row(
    ui: &mut egui::Ui,
    drafts: &mut Drafts,
    d: &crate::model::diagram::Diagram,
    id: &Id,
    text: &str,
    out: &mut Vec<Action>,
) {
    row(ui, "Description", "Free text.", |ui| {
        if let Some(text) = drafts.text(ui, egui::Id::unique(("desc", id.as_str())), text, true, "Description") {
            push(out, "edit description", ops::set_description(d, id, &text));
        }
    });
}

fn members_ui(ui: &mut egui::Ui, ws: &Workspace, id: &Id, members: &[Id], out: &mut Vec<Action>) {
    let d = ws.diagram();
    ui.label(RichText::new("Members").strong());
    for member in members {
        ui.horizontal(|ui| {
            if ui.link(ws.label(member)).on_hover_text(member.as_str()).clicked() {
                out.push(Action::Reveal(vec![member.clone()]));
            }
            if ui.small_button("remove").clicked() {
                let rest: Vec<Id> = members.iter().filter(|m| *m != member).cloned().collect();
                push(out, "remove member", ops::set_members(d, id, rest));
            }
        });
    }
    let mut add = None;
    combo(ui, ("add-member", id.as_str()), "Add a member", "Add a member…", None, |ui| {
        for c in d.components.iter().filter(|c| !members.contains(&c.id)) {
            if ui.selectable_label(false, format!("{} ({})", c.name, c.id)).clicked() {
                add = Some(c.id.clone());
            }
        }
    });
    if let Some(new) = add {
        let mut all = members.to_vec();
        all.push(new);
        push(out, "add member", ops::set_members(d, id, all));
    }
}

fn component_ui(ui: &mut egui::Ui, drafts: &mut Drafts, ws: &Workspace, id: &Id, focus: bool, out: &mut Vec<Action>) {
    let d = ws.diagram();
    let Some(c) = d.components.iter().find(|c| &c.id == id) else { return };
    let info = catalog::info(c.kind);
    name_row(ui, drafts, d, id, &c.name, focus, out);
    ui.label(RichText::new(format!("{}: {}", info.name, info.summary)).small().color(theme::text_weak(ui)));
    if !c.source.is_empty() {
        // Set by an infrastructure-as-code import; `import --update` matches resources by it.
        ui.label(RichText::new(format!("Imported from {}", c.source)).small().monospace().color(theme::text_weak(ui)))
            .on_hover_text("The template resource this component came from. `trustmap import TEMPLATE --update THIS.json` matches it by this name and keeps its layout and notes.");
    }
    let parent_kind = c.parent.as_ref().and_then(|p| d.components.iter().find(|x| &x.id == p)).map(|p| p.kind);
    row(ui, "Kind", "What it is. Only kinds that may sit where it sits are offered.", |ui| {
        combo(ui, ("kind", id.as_str()), "Kind", info.name, Some(ui.available_width()), |ui| {
            for entry in catalog::all().filter(|e| e.may_sit_in(parent_kind)) {
                if ui.selectable_label(entry.kind == c.kind, entry.name).clicked() && entry.kind != c.kind {
                    push(out, "change kind", ops::rekind(d, id, entry.kind));
                }
            }
        });
    });
    description_row(ui, drafts, d, id, &c.description, out);
    row(ui, "Sits in", &catalog::nesting_rule(c.kind), |ui| {
        let current = c.parent.as_ref().map_or_else(|| "(top level)".to_owned(), |p| ws.label(p));
        combo(ui, ("parent", id.as_str()), "Sits in", current, Some(ui.available_width()), |ui| {
            if info.top_level && ui.selectable_label(c.parent.is_none(), "(top level)").clicked() && c.parent.is_some()
            {
                push(out, "un-nest", ops::reparent(d, id, None));
            }
            let descendants = ops::with_descendants(d, std::slice::from_ref(id));
            for p in d.components.iter().filter(|p| info.may_sit_in(Some(p.kind)) && !descendants.contains(&p.id)) {
                let here = c.parent.as_ref() == Some(&p.id);
                if ui.selectable_label(here, format!("{} ({})", p.name, p.id)).clicked() && !here {
                    push(out, "nest", ops::reparent(d, id, Some(p.id.clone())));
                }
            }
        });
    });
    links_ui(ui, d, c, out);
    egui::CollapsingHeader::new(RichText::new("Security properties").strong()).default_open(true).show(ui, |ui| {
        let defaults = (info.defaults)();
        for key in info.properties {
            let spec = spec(*key);
            let current = c.properties.get_json(*key);
            let default = defaults.get_json(*key);
            let label = if current.is_some() { format!("{} •", spec.label) } else { spec.label.to_owned() };
            row(ui, &label, &format!("{}\n\n{}: {}", spec.help, spec.name(), spec.value.describe()), |ui| {
                let widget = egui::Id::unique(("prop", id.as_str(), spec.name()));
                if let Some(value) =
                    value_ui(ui, drafts, widget, spec.label, spec.value, current.as_ref(), default.as_ref())
                {
                    push(out, &format!("set {}", spec.label.to_lowercase()), ops::set_property(d, id, *key, &value));
                }
            });
        }
        let stray: Vec<PropertyKey> =
            c.properties.set_keys().into_iter().filter(|k| !info.properties.contains(k)).collect();
        for key in stray {
            ui.label(
                RichText::new(format!("{} is set but means nothing for this kind", spec(key).name()))
                    .color(theme::error_text(ui)),
            );
            if ui.small_button("clear it").clicked() {
                push(out, "clear property", ops::set_property(d, id, key, &Value::Null));
            }
        }
        let _ = properties;
    });
    responsibility_ui(ui, ws, id);
    ui.horizontal(|ui| {
        if ui.button("Compromise this").on_hover_text("Show what an attacker who took it can reach").clicked() {
            out.push(Action::Blast(Some(id.to_string())));
        }
    });
}

/// The two single-role links: the role it runs as, and an ECS service's task execution role.
#[derive(Clone, Copy)]
enum RoleLink {
    Role,
    Execution,
}

/// A drop-down of the diagram's IAM roles for one of its role links.
fn role_picker(
    ui: &mut egui::Ui,
    d: &crate::model::diagram::Diagram,
    c: &crate::model::Component,
    link: RoleLink,
    out: &mut Vec<Action>,
) {
    let id = &c.id;
    let (label, help, salt, chosen) = match link {
        RoleLink::Role => ("Role", "The IAM role it runs as.", "role", c.role.as_ref()),
        RoleLink::Execution => (
            "Execution role",
            "The task execution role: pulls its images and reads the secrets injected into it. The ECS agent holds \
             it, not the task's code.",
            "execution-role",
            c.execution_role.as_ref(),
        ),
    };
    let set = |role: Option<Id>| match link {
        RoleLink::Role => ops::set_role(d, id, role),
        RoleLink::Execution => ops::set_execution_role(d, id, role),
    };
    row(ui, label, help, |ui| {
        let current = chosen.map_or_else(
            || "(none)".to_owned(),
            |r| d.components.iter().find(|x| &x.id == r).map_or_else(|| r.to_string(), |x| x.name.clone()),
        );
        combo(ui, (salt, id.as_str()), label, current, Some(ui.available_width()), |ui| {
            if ui.selectable_label(chosen.is_none(), "(none)").clicked() && chosen.is_some() {
                push(out, &format!("clear {}", label.to_lowercase()), set(None));
            }
            for r in d.components.iter().filter(|r| r.kind == ComponentKind::IamRole) {
                let here = chosen == Some(&r.id);
                if ui.selectable_label(here, format!("{} ({})", r.name, r.id)).clicked() && !here {
                    push(out, &format!("set {}", label.to_lowercase()), set(Some(r.id.clone())));
                }
            }
        });
    });
}

fn links_ui(ui: &mut egui::Ui, d: &crate::model::diagram::Diagram, c: &crate::model::Component, out: &mut Vec<Action>) {
    let info = catalog::info(c.kind);
    let id = &c.id;
    if info.links.role {
        role_picker(ui, d, c, RoleLink::Role, out);
    }
    if info.links.execution_role {
        role_picker(ui, d, c, RoleLink::Execution, out);
    }
    let lists = [
        (
            info.links.protects,
            "Protects",
            "The components this firewall sits in front of.",
            ops::ListLink::Protects,
            &c.protects,
        ),
        (
            info.links.covers,
            "Covers",
            "The components this detective control watches.",
            ops::ListLink::Covers,
            &c.covers,
        ),
        (
            info.links.credentials_for,
            "Credentials for",
            "The components whose credentials it stores.",
            ops::ListLink::CredentialsFor,
            &c.credentials_for,
        ),
        (
            info.links.images,
            "Runs images from",
            "The registries its images come from (pulled by the node or execution role, not by the workload).",
            ops::ListLink::Images,
            &c.images,
        ),
        (
            info.links.subnets,
            "Runs in subnets",
            "The subnets it runs in besides where it sits (a node of a cluster, a VPC-attached function, a database).",
            ops::ListLink::Subnets,
            &c.subnets,
        ),
    ];
    for (allowed, label, help, link, targets) in lists {
        if !allowed {
            continue;
        }
        row(ui, label, help, |ui| {
            ui.horizontal_wrapped(|ui| {
                for t in targets {
                    let name =
                        d.components.iter().find(|x| &x.id == t).map_or_else(|| t.to_string(), |x| x.name.clone());
                    if ui.small_button(format!("{name} (remove)")).on_hover_text("Remove").clicked() {
                        let rest = targets.iter().filter(|x| *x != t).cloned().collect();
                        push(out, "remove link", ops::set_links(d, id, link, rest));
                    }
                }
            });
            combo(ui, (label, id.as_str()), label, "Add…", None, |ui| {
                for other in d.components.iter().filter(|o| &o.id != id && !targets.contains(&o.id)) {
                    if ui.selectable_label(false, format!("{} ({})", other.name, other.id)).clicked() {
                        let mut all = targets.clone();
                        all.push(other.id.clone());
                        push(out, "add link", ops::set_links(d, id, link, all));
                    }
                }
            });
        });
    }
}

fn responsibility_ui(ui: &mut egui::Ui, ws: &Workspace, id: &Id) {
    let Some(r) = ws.analysis().and_then(|a| a.responsibility.components.iter().find(|r| r.id == *id)) else { return };
    egui::CollapsingHeader::new(RichText::new("Who secures it").strong()).default_open(false).show(ui, |ui| {
        egui::Grid::new(("stack", id.as_str())).num_columns(2).striped(true).show(ui, |ui| {
            for (layer, owner) in r.stack.layers() {
                ui.label(layer.as_str());
                ui.label(owner.as_str());
                ui.end_row();
            }
        });
        ui.label(format!("Customer share: {:.0} %", r.customer_share * 100.0));
        for why in &r.adjustments {
            ui.label(RichText::new(why).small().color(theme::text_weak(ui)));
        }
    });
}

fn flow_ui(
    ui: &mut egui::Ui,
    drafts: &mut Drafts,
    ws: &Workspace,
    flow: &crate::model::Flow,
    focus: bool,
    out: &mut Vec<Action>,
) {
    let d = ws.diagram();
    let kind = |id: &Id| d.components.iter().find(|c| &c.id == id).map(|c| c.kind);
    ui.heading("Flow");
    ui.horizontal(|ui| {
        if ui.link(ws.label(&flow.from)).clicked() {
            out.push(Action::Reveal(vec![flow.from.clone()]));
        }
        ui.label("→");
        if ui.link(ws.label(&flow.to)).clicked() {
            out.push(Action::Reveal(vec![flow.to.clone()]));
        }
        if ui.small_button("Reverse").on_hover_text("Swap caller and callee").clicked() {
            let mut next = flow.clone();
            std::mem::swap(&mut next.from, &mut next.to);
            push(out, "reverse flow", Ok(ops::set_flow(next)));
        }
    });
    ui.label(RichText::new(format!("id: {}", flow.id)).small().monospace().color(theme::text_weak(ui)));
    row(ui, "Label", "Free text shown on the arrow.", |ui| {
        let key = egui::Id::unique(("flow-label", flow.id.as_str()));
        if focus {
            ui.memory_mut(|m| m.request_focus(key));
        }
        if let Some(text) = drafts.text(ui, key, &flow.label, false, "e.g. place order") {
            push(out, "label flow", ops::rename(d, &flow.id, text.trim()));
        }
    });
    let (Some(a), Some(b)) = (kind(&flow.from), kind(&flow.to)) else { return };
    row(ui, "Pattern", "How the two talk. Only the patterns these two ends allow are offered.", |ui| {
        combo(ui, ("pattern", flow.id.as_str()), "Pattern", flow.pattern.as_str(), Some(ui.available_width()), |ui| {
            for p in Pattern::ALL.iter().filter(|p| p.allowed(a, b)) {
                if ui.selectable_label(flow.pattern == *p, p.as_str()).clicked() && flow.pattern != *p {
                    let mut next = flow.clone();
                    next.pattern = *p;
                    push(out, "change pattern", Ok(ops::set_flow(next)));
                }
            }
        });
    });
    let fields = crate::model::fields::FLOW_FIELDS
        .iter()
        .filter(|f| !matches!(f.name, "id" | "from" | "to" | "pattern" | "label"));
    let json = serde_json::to_value(flow).unwrap_or(Value::Null);
    for field in fields {
        row(ui, field.label, field.help, |ui| {
            let key = egui::Id::unique(("flow", flow.id.as_str(), field.name));
            if let Some(value) = value_ui(ui, drafts, key, field.label, field.value, json.get(field.name), None) {
                match crate::io::set_flow_field(flow, field.name, value) {
                    Ok(next) => push(out, &format!("set {}", field.label.to_lowercase()), Ok(ops::set_flow(next))),
                    Err(why) => out.push(Action::Toast(why)),
                }
            }
        });
    }
}
