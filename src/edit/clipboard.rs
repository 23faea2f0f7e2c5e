//! Copy and paste: a selection becomes a small diagram (what is nested inside the selected components, the flows,
//! connections, manual threats and notes among them, their layout), written as JSON in the file format so it can
//! travel through the system clipboard between windows and app instances. Pasting gives every pasted element a
//! fresh id and re-points the references inside the snippet to the new ids.

use std::collections::{BTreeMap, BTreeSet};

use crate::edit::change::{Edit, LayoutKey, LayoutValue, Record};
use crate::edit::ids::Ids;
use crate::edit::ops::with_descendants;
use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::layout::{Point, Rect};

/// The selection `ids` (components with everything inside them, boundaries, contexts, notes, threats) as a snippet.
pub fn copy(diagram: &Diagram, ids: &[Id]) -> Diagram {
    let chosen = with_descendants(diagram, ids);
    let has = |id: &Id| chosen.contains(id);
    let mut snippet = Diagram { settings: diagram.settings.clone(), ..Diagram::default() };
    snippet.components = diagram.components.iter().filter(|c| has(&c.id)).cloned().collect();
    snippet.flows = diagram.flows.iter().filter(|f| has(&f.from) && has(&f.to)).cloned().collect();
    snippet.connections = diagram.connections.iter().filter(|c| has(&c.from) && has(&c.to)).cloned().collect();
    snippet.boundaries = diagram.boundaries.iter().filter(|b| has(&b.id)).cloned().collect();
    snippet.contexts = diagram.contexts.iter().filter(|c| has(&c.id)).cloned().collect();
    let flow_ids: BTreeSet<Id> = crate::sorting::set(snippet.flows.iter().map(|f| f.id.clone()));
    let in_snippet = |id: &Id| has(id) || flow_ids.contains(id);
    snippet.threats = diagram.threats.iter().filter(|t| has(&t.id) || in_snippet(&t.element)).cloned().collect();
    snippet.notes = diagram
        .notes
        .iter()
        .filter(|n| has(&n.id) || n.attached_to.as_ref().is_some_and(in_snippet))
        .cloned()
        .collect();
    let layout = &diagram.layout;
    snippet.layout.components =
        crate::sorting::map(layout.components.iter().filter(|(id, _)| has(id)).map(|(k, v)| (k.clone(), *v)));
    snippet.layout.boundaries =
        crate::sorting::map(layout.boundaries.iter().filter(|(id, _)| has(id)).map(|(k, v)| (k.clone(), *v)));
    snippet.layout.contexts =
        crate::sorting::map(layout.contexts.iter().filter(|(id, _)| has(id)).map(|(k, v)| (k.clone(), *v)));
    let note_ids: BTreeSet<Id> = crate::sorting::set(snippet.notes.iter().map(|n| n.id.clone()));
    snippet.layout.notes =
        crate::sorting::map(layout.notes.iter().filter(|(id, _)| note_ids.contains(*id)).map(|(k, v)| (k.clone(), *v)));
    snippet.layout.flows = crate::sorting::map(
        layout.flows.iter().filter(|(id, _)| flow_ids.contains(*id)).map(|(k, v)| (k.clone(), v.clone())),
    );
    snippet
}

/// The snippet as clipboard text (the file format).
pub fn to_text(snippet: &Diagram) -> String {
    crate::io::to_json(snippet)
}

/// A snippet from clipboard text, if it is a trustmap document (checked only for its shape: references into the
/// diagram it came from are fine, pasting re-points or drops them).
pub fn from_text(text: &str) -> Option<Diagram> {
    crate::io::parse_diagram(text.as_bytes()).ok()
}

/// Pastes `snippet` into `diagram`, moved by `offset`: every element gets a fresh id; references among pasted
/// elements follow the new ids; a parent, role or link outside the snippet is kept when `diagram` has that element
/// and dropped otherwise. Returns the edit and the new ids of what was pasted.
pub fn paste(diagram: &Diagram, ids: &mut Ids, snippet: &Diagram, offset: Point) -> (Edit, Vec<Id>) {
    let exists = |id: &Id| Record::find(diagram, id).is_some();
    let mut renamed: BTreeMap<Id, Id> = BTreeMap::new();
    for id in snippet.element_ids() {
        let fresh = ids.fresh(id.as_str());
        renamed.insert(id.clone(), fresh);
    }
    let map = |id: &Id| renamed.get(id).cloned();
    let keep = |id: &Id| map(id).or_else(|| exists(id).then(|| id.clone()));
    let keep_all = |list: &[Id]| list.iter().filter_map(keep).collect::<Vec<Id>>();
    let mut edits = Vec::new();
    for c in &snippet.components {
        let mut c = c.clone();
        c.id = map(&c.id).unwrap_or(c.id);
        c.parent = c.parent.as_ref().and_then(keep);
        c.role = c.role.as_ref().and_then(keep);
        c.execution_role = c.execution_role.as_ref().and_then(keep);
        c.protects = keep_all(&c.protects);
        c.covers = keep_all(&c.covers);
        c.credentials_for = keep_all(&c.credentials_for);
        c.images = keep_all(&c.images);
        c.subnets = keep_all(&c.subnets);
        if let Some(permissions) = &mut c.properties.permissions {
            for statement in permissions.iter_mut() {
                for resource in &mut statement.resources {
                    if let Ok(id) = Id::new(resource)
                        && let Some(new) = map(&id)
                    {
                        *resource = new.to_string();
                    }
                }
            }
        }
        edits.push(Edit::Insert(Record::Component(c)));
    }
    for f in &snippet.flows {
        let (Some(from), Some(to)) = (keep(&f.from), keep(&f.to)) else { continue };
        let mut f = f.clone();
        f.id = map(&f.id).unwrap_or(f.id);
        (f.from, f.to) = (from, to);
        edits.push(Edit::Insert(Record::Flow(f)));
    }
    for c in &snippet.connections {
        let (Some(from), Some(to)) = (keep(&c.from), keep(&c.to)) else { continue };
        let mut c = c.clone();
        c.id = map(&c.id).unwrap_or(c.id);
        (c.from, c.to) = (from, to);
        edits.push(Edit::Insert(Record::Connection(c)));
    }
    for b in &snippet.boundaries {
        let mut b = b.clone();
        b.id = map(&b.id).unwrap_or(b.id);
        b.members = keep_all(&b.members);
        edits.push(Edit::Insert(Record::Boundary(b)));
    }
    for c in &snippet.contexts {
        let mut c = c.clone();
        c.id = map(&c.id).unwrap_or(c.id);
        c.members = keep_all(&c.members);
        edits.push(Edit::Insert(Record::Context(c)));
    }
    for t in &snippet.threats {
        let Some(element) = keep(&t.element) else { continue };
        let mut t = t.clone();
        t.id = map(&t.id).unwrap_or(t.id);
        t.element = element;
        edits.push(Edit::Insert(Record::Threat(t)));
    }
    for n in &snippet.notes {
        let mut n = n.clone();
        n.id = map(&n.id).unwrap_or(n.id);
        n.attached_to = n.attached_to.as_ref().and_then(keep);
        edits.push(Edit::Insert(Record::Note(n)));
    }
    let shift = |r: &Rect| LayoutValue::Rect(Rect { x: r.x + offset.x, y: r.y + offset.y, ..*r });
    let layout = &snippet.layout;
    for (id, rect) in &layout.components {
        if let Some(new) = map(id) {
            edits.push(Edit::Layout(LayoutKey::Component(new), Some(shift(rect))));
        }
    }
    for (id, rect) in &layout.boundaries {
        if let Some(new) = map(id) {
            edits.push(Edit::Layout(LayoutKey::Boundary(new), Some(shift(rect))));
        }
    }
    for (id, rect) in &layout.contexts {
        if let Some(new) = map(id) {
            edits.push(Edit::Layout(LayoutKey::Context(new), Some(shift(rect))));
        }
    }
    for (id, rect) in &layout.notes {
        if let Some(new) = map(id) {
            edits.push(Edit::Layout(LayoutKey::Note(new), Some(shift(rect))));
        }
    }
    for (id, route) in &layout.flows {
        if let Some(new) = map(id) {
            let mut route = route.clone();
            for point in route.waypoints.iter_mut().chain(route.label.iter_mut()) {
                *point = Point { x: point.x + offset.x, y: point.y + offset.y };
            }
            edits.push(Edit::Layout(LayoutKey::Flow(new), Some(LayoutValue::Flow(route))));
        }
    }
    let pasted: Vec<Id> = edits
        .iter()
        .filter_map(|edit| match edit {
            Edit::Insert(record) => Some(record.id().to_owned()),
            _ => None,
        })
        .collect();
    (Edit::Batch(edits), pasted)
}
