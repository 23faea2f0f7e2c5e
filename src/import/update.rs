//! Keeping a diagram in step with its template: a fresh import of the changed template is merged into the diagram
//! made from it before. Components are matched by `source` (the logical id or Terraform address). A matched
//! component keeps its id, name, description, place and everything the user attached to it (notes, manual
//! threats, triage, boundaries, contexts); it takes the kind, nesting, links and the properties the template
//! states (a property the template leaves unset keeps the diagram's value). A new resource is added and placed
//! near its neighbours by Tidy up; a component whose resource is gone stays, marked by a note, so nothing the user
//! wrote about it is lost. Flows between imported components follow the template; the user's own components and
//! flows are kept.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::edit::Ids;
use crate::model::Diagram;
use crate::model::component::Component;
use crate::model::id::Id;
use crate::model::note::Note;
use crate::model::problem::Problem;

/// The note text that marks a component whose resource is gone (its start; the rest names the resource).
pub const GONE: &str = "Gone from the template";

/// What an update changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UpdateReport {
    /// Resources new in the template (their sources), added as components.
    pub added: Vec<String>,
    /// Resources gone from the template (their sources): their components stay, marked by a note.
    pub removed: Vec<String>,
    /// Resources in both whose kind, nesting, links or stated properties changed.
    pub changed: Vec<String>,
    /// Flows added and removed between imported components.
    pub flows_added: usize,
    /// Flows between imported components that the template no longer has.
    pub flows_removed: usize,
}

impl UpdateReport {
    /// One line per change, then a summary.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (word, list) in [("added", &self.added), ("removed", &self.removed), ("changed", &self.changed)] {
            for source in list {
                out.push_str(&format!("{word}: {source}\n"));
            }
        }
        out.push_str(&format!(
            "{} added, {} removed, {} changed; flows: {} added, {} removed\n",
            self.added.len(),
            self.removed.len(),
            self.changed.len(),
            self.flows_added,
            self.flows_removed
        ));
        out
    }
}

/// Merges `fresh` (a new import of the template) into `previous` (the diagram made from it before, with the
/// user's work). The result passes every check; a merge that would not (the user nested an imported component
/// somewhere its new kind may not sit) is refused with the problems.
pub fn update(previous: &Diagram, fresh: &Diagram) -> Result<(Diagram, UpdateReport), Vec<Problem>> {
    let mut report = UpdateReport::default();
    let mut out = previous.clone();
    let old_by_source: BTreeMap<&str, &Component> =
        previous.components.iter().filter(|c| !c.source.is_empty()).map(|c| (c.source.as_str(), c)).collect();
    let fresh_sources: BTreeSet<&str> = crate::sorting::set(fresh.components.iter().map(|c| c.source.as_str()));
    // Fresh ids -> the ids they have in the result.
    let mut ids = Ids::of(previous);
    let mut map: BTreeMap<Id, Id> = BTreeMap::new();
    let mut added = Vec::new();
    for c in &fresh.components {
        match old_by_source.get(c.source.as_str()) {
            Some(old) => {
                map.insert(c.id.clone(), old.id.clone());
            }
            None => {
                let id = ids.fresh(c.id.as_str());
                map.insert(c.id.clone(), id.clone());
                added.push(id);
                report.added.push(c.source.clone());
            }
        }
    }
    let mapped = |id: &Id| map.get(id).cloned().unwrap_or_else(|| id.clone());
    let mapped_all = |list: &[Id]| list.iter().map(mapped).collect::<Vec<_>>();
    for c in &fresh.components {
        let new = Component {
            id: mapped(&c.id),
            parent: c.parent.as_ref().map(mapped),
            role: c.role.as_ref().map(mapped),
            execution_role: c.execution_role.as_ref().map(mapped),
            protects: mapped_all(&c.protects),
            covers: mapped_all(&c.covers),
            credentials_for: mapped_all(&c.credentials_for),
            images: mapped_all(&c.images),
            subnets: mapped_all(&c.subnets),
            ..c.clone()
        };
        match out.components.iter_mut().find(|o| o.id == new.id) {
            Some(old) => {
                let properties = new.properties.or(&old.properties);
                let changed = old.kind != new.kind
                    || old.parent != new.parent
                    || old.role != new.role
                    || old.execution_role != new.execution_role
                    || old.protects != new.protects
                    || old.subnets != new.subnets
                    || properties != old.properties;
                if changed {
                    report.changed.push(new.source.clone());
                }
                *old = Component { name: old.name.clone(), description: old.description.clone(), properties, ..new };
            }
            None => out.components.push(new),
        }
    }
    // Components whose resource is gone stay, marked.
    for old in previous.components.iter().filter(|c| !c.source.is_empty() && !fresh_sources.contains(c.source.as_str()))
    {
        report.removed.push(old.source.clone());
        let marked = out.notes.iter().any(|n| n.attached_to.as_ref() == Some(&old.id) && n.text.starts_with(GONE));
        if !marked {
            let id = ids.fresh(&format!("{} gone", old.id));
            out.notes.push(Note {
                id,
                text: format!("{GONE}: {} is no longer in it", old.source),
                attached_to: Some(old.id.clone()),
            });
        }
    }
    merge_flows(previous, fresh, &mapped, &mut ids, &mut out, &mut report);
    out.normalize();
    out.layout = crate::layout::place_near(&out, &added);
    let problems = crate::model::problems(&out);
    if problems.is_empty() { Ok((out, report)) } else { Err(problems) }
}

/// Flows: those between two imported components follow the template (a flow the diagram had keeps its id and
/// the user's settings); the others are the user's and stay.
fn merge_flows(
    previous: &Diagram,
    fresh: &Diagram,
    mapped: &dyn Fn(&Id) -> Id,
    ids: &mut Ids,
    out: &mut Diagram,
    report: &mut UpdateReport,
) {
    let imported: BTreeSet<&Id> =
        crate::sorting::set(previous.components.iter().filter(|c| !c.source.is_empty()).map(|c| &c.id));
    let gone: BTreeSet<&Id> = previous
        .components
        .iter()
        .filter(|c| !c.source.is_empty() && !fresh.components.iter().any(|f| f.source == c.source))
        .map(|c| &c.id)
        .collect();
    let fresh_pairs: BTreeSet<(Id, Id)> =
        crate::sorting::set(fresh.flows.iter().map(|f| (mapped(&f.from), mapped(&f.to))));
    let before = out.flows.len();
    // Keep the user's flows, flows touching a gone component, and imported flows the template still has.
    out.flows.retain(|f| {
        let template_flow = imported.contains(&f.from) && imported.contains(&f.to);
        !template_flow
            || gone.contains(&f.from)
            || gone.contains(&f.to)
            || fresh_pairs.contains(&(f.from.clone(), f.to.clone()))
    });
    report.flows_removed = before - out.flows.len();
    for flow in &fresh.flows {
        let (from, to) = (mapped(&flow.from), mapped(&flow.to));
        if out.flows.iter().any(|f| f.from == from && f.to == to) {
            continue;
        }
        let mut new = flow.clone();
        new.id = ids.fresh(flow.id.as_str());
        new.from = from;
        new.to = to;
        out.flows.push(new);
        report.flows_added += 1;
    }
}
