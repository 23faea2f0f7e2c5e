//! What a user can do, as functions from the current diagram to one [`Edit`] (one undo step): add, remove (with
//! everything that points at the removed elements), rename, re-kind, nest and un-nest, set properties and links,
//! flows, groups, connections, notes, manual threats, settings, triage and layout.
//!
//! Functions here only build edits; `Document::apply` applies them and refuses one that would add a problem to the
//! diagram, so an illegal nesting or a flow pattern the ends do not allow never gets in.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::edit::change::{Edit, EditError, LayoutKey, LayoutValue, Record};
use crate::edit::ids::Ids;
use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::layout::{Point, Rect};
use crate::model::note::Note;
use crate::model::props::PropertyKey;
use crate::model::threat::Threat;
use crate::model::triage::Triage;
use crate::model::{
    Boundary, BoundaryKind, Component, ComponentKind, Connection, ConnectionKind, Context, Flow, Pattern,
};
use crate::model::{Settings, catalog};

fn missing(id: &Id) -> EditError {
    EditError::Missing(id.clone())
}

fn component<'d>(diagram: &'d Diagram, id: &Id) -> Result<&'d Component, EditError> {
    diagram.components.iter().find(|c| &c.id == id).ok_or_else(|| missing(id))
}

/// Adds a component of `kind` named `name` inside `parent` (or at the top level), drawn at `rect`.
pub fn add_component(
    ids: &mut Ids,
    kind: ComponentKind,
    name: &str,
    parent: Option<Id>,
    rect: Option<Rect>,
) -> (Edit, Id) {
    let id = ids.fresh(name);
    let mut component = Component::new(id.clone(), kind, name);
    component.parent = parent;
    let mut edits = vec![Edit::Insert(Record::Component(component))];
    if let Some(rect) = rect {
        edits.push(Edit::Layout(LayoutKey::Component(id.clone()), Some(LayoutValue::Rect(rect))));
    }
    (Edit::Batch(edits), id)
}

/// Renames a component, boundary or context (its id stays), a flow's label, a note's text or a threat's title.
pub fn rename(diagram: &Diagram, id: &Id, name: &str) -> Result<Edit, EditError> {
    let record = match Record::find(diagram, id).ok_or_else(|| missing(id))? {
        Record::Component(mut c) => {
            c.name = name.to_owned();
            Record::Component(c)
        }
        Record::Flow(mut f) => {
            f.label = name.to_owned();
            Record::Flow(f)
        }
        Record::Boundary(mut b) => {
            b.name = name.to_owned();
            Record::Boundary(b)
        }
        Record::Context(mut c) => {
            c.name = name.to_owned();
            Record::Context(c)
        }
        Record::Connection(mut c) => {
            c.label = name.to_owned();
            Record::Connection(c)
        }
        Record::Note(mut n) => {
            n.text = name.to_owned();
            Record::Note(n)
        }
        Record::Threat(mut t) => {
            t.title = name.to_owned();
            Record::Threat(t)
        }
    };
    Ok(Edit::Replace(record))
}

/// Changes a component's kind, dropping the properties and links the new kind does not take.
pub fn rekind(diagram: &Diagram, id: &Id, kind: ComponentKind) -> Result<Edit, EditError> {
    let mut c = component(diagram, id)?.clone();
    c.kind = kind;
    let entry = catalog::info(kind);
    for key in c.properties.set_keys() {
        if !entry.properties.contains(&key) {
            c.properties.clear(key);
        }
    }
    if !entry.links.role {
        c.role = None;
    }
    if !entry.links.protects {
        c.protects.clear();
    }
    if !entry.links.covers {
        c.covers.clear();
    }
    if !entry.links.credentials_for {
        c.credentials_for.clear();
    }
    if !entry.links.images {
        c.images.clear();
    }
    if !entry.links.subnets {
        c.subnets.clear();
    }
    if !entry.links.execution_role {
        c.execution_role = None;
    }
    Ok(Edit::Replace(Record::Component(c)))
}

/// Nests a component inside `parent`, or with `None` moves it to the top level.
pub fn reparent(diagram: &Diagram, id: &Id, parent: Option<Id>) -> Result<Edit, EditError> {
    let mut c = component(diagram, id)?.clone();
    c.parent = parent;
    Ok(Edit::Replace(Record::Component(c)))
}

/// Sets (or with `null` clears) a property from its JSON value, with the loader's checks.
pub fn set_property(diagram: &Diagram, id: &Id, key: PropertyKey, value: &Value) -> Result<Edit, EditError> {
    let mut c = component(diagram, id)?.clone();
    crate::io::set_property(&mut c.properties, key, value).map_err(|problems| {
        EditError::Refused(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
    })?;
    Ok(Edit::Replace(Record::Component(c)))
}

/// Sets a component's role (`None` clears it).
pub fn set_role(diagram: &Diagram, id: &Id, role: Option<Id>) -> Result<Edit, EditError> {
    let mut c = component(diagram, id)?.clone();
    c.role = role;
    Ok(Edit::Replace(Record::Component(c)))
}

/// Sets an ECS service's task execution role (`None` clears it).
pub fn set_execution_role(diagram: &Diagram, id: &Id, role: Option<Id>) -> Result<Edit, EditError> {
    let mut c = component(diagram, id)?.clone();
    c.execution_role = role;
    Ok(Edit::Replace(Record::Component(c)))
}

/// Which list link of a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListLink {
    /// A WAF's `protects`.
    Protects,
    /// A detective control's `covers`.
    Covers,
    /// A secrets store's `credentials_for`.
    CredentialsFor,
    /// A workload's `images`.
    Images,
    /// A node's, profile's, function's or database's `subnets`.
    Subnets,
}

/// Replaces one list link of a component.
pub fn set_links(diagram: &Diagram, id: &Id, link: ListLink, targets: Vec<Id>) -> Result<Edit, EditError> {
    let mut c = component(diagram, id)?.clone();
    match link {
        ListLink::Protects => c.protects = targets,
        ListLink::Covers => c.covers = targets,
        ListLink::CredentialsFor => c.credentials_for = targets,
        ListLink::Images => c.images = targets,
        ListLink::Subnets => c.subnets = targets,
    }
    Ok(Edit::Replace(Record::Component(c)))
}

/// Sets a component's or context's or boundary's description.
pub fn set_description(diagram: &Diagram, id: &Id, text: &str) -> Result<Edit, EditError> {
    let record = match Record::find(diagram, id).ok_or_else(|| missing(id))? {
        Record::Component(mut c) => {
            c.description = text.to_owned();
            Record::Component(c)
        }
        Record::Boundary(mut b) => {
            b.description = text.to_owned();
            Record::Boundary(b)
        }
        Record::Context(mut c) => {
            c.description = text.to_owned();
            Record::Context(c)
        }
        Record::Threat(mut t) => {
            t.description = text.to_owned();
            Record::Threat(t)
        }
        _ => return Err(EditError::Refused(format!("\"{id}\" has no description"))),
    };
    Ok(Edit::Replace(record))
}

/// Adds a flow from `from` to `to`; its id comes from the ends' ids.
pub fn add_flow(ids: &mut Ids, from: &Id, to: &Id, pattern: Pattern) -> (Edit, Id) {
    let id = ids.fresh(&format!("{from}-to-{to}"));
    (Edit::Insert(Record::Flow(Flow::new(id.clone(), from.clone(), to.clone(), pattern))), id)
}

/// Replaces any element with an edited copy of itself (same id): a connection's kind or ends, a boundary's kind,
/// a note ... The document's check refuses a copy that adds a problem.
pub fn replace(record: Record) -> Edit {
    Edit::Replace(record)
}

/// Replaces a flow's ends or attributes (the flow with the same id).
pub fn set_flow(flow: Flow) -> Edit {
    Edit::Replace(Record::Flow(flow))
}

/// Adds an explicit trust boundary around `members`.
pub fn add_boundary(ids: &mut Ids, name: &str, kind: BoundaryKind, members: Vec<Id>) -> (Edit, Id) {
    let id = ids.fresh(name);
    let boundary = Boundary { id: id.clone(), kind, name: name.to_owned(), description: String::new(), members };
    (Edit::Insert(Record::Boundary(boundary)), id)
}

/// Adds a bounded context holding `members`.
pub fn add_context(ids: &mut Ids, name: &str, members: Vec<Id>) -> (Edit, Id) {
    let id = ids.fresh(name);
    let context = Context { id: id.clone(), name: name.to_owned(), description: String::new(), members };
    (Edit::Insert(Record::Context(context)), id)
}

/// Replaces the members of a boundary or context.
pub fn set_members(diagram: &Diagram, id: &Id, members: Vec<Id>) -> Result<Edit, EditError> {
    match Record::find(diagram, id).ok_or_else(|| missing(id))? {
        Record::Boundary(mut b) => {
            b.members = members;
            Ok(Edit::Replace(Record::Boundary(b)))
        }
        Record::Context(mut c) => {
            c.members = members;
            Ok(Edit::Replace(Record::Context(c)))
        }
        _ => Err(EditError::Refused(format!("\"{id}\" is not a boundary or context"))),
    }
}

/// Adds a connection (peering, transit gateway, VPN, Direct Connect, cross-account trust).
pub fn add_connection(ids: &mut Ids, kind: ConnectionKind, from: &Id, to: &Id) -> (Edit, Id) {
    let id = ids.fresh(&format!("{from}-{kind}-{to}"));
    let connection = Connection { id: id.clone(), kind, from: from.clone(), to: to.clone(), label: String::new() };
    (Edit::Insert(Record::Connection(connection)), id)
}

/// Adds a note, optionally attached to an element and drawn at `rect`.
pub fn add_note(ids: &mut Ids, text: &str, attached_to: Option<Id>, rect: Option<Rect>) -> (Edit, Id) {
    let id = ids.fresh("note");
    let mut edits = vec![Edit::Insert(Record::Note(Note { id: id.clone(), text: text.to_owned(), attached_to }))];
    if let Some(rect) = rect {
        edits.push(Edit::Layout(LayoutKey::Note(id.clone()), Some(LayoutValue::Rect(rect))));
    }
    (Edit::Batch(edits), id)
}

/// Adds a manual threat (its `id` is replaced by a fresh one from its title).
pub fn add_threat(ids: &mut Ids, mut threat: Threat) -> (Edit, Id) {
    threat.id = ids.fresh(&threat.title);
    let id = threat.id.clone();
    (Edit::Insert(Record::Threat(threat)), id)
}

/// Replaces a manual threat (the one with the same id).
pub fn set_threat(threat: Threat) -> Edit {
    Edit::Replace(Record::Threat(threat))
}

/// Replaces the settings (title, description, posture, as-of date, rule switches and thresholds).
pub fn set_settings(settings: Settings) -> Edit {
    Edit::Settings(Box::new(settings))
}

/// Sets or clears the triage of a finding.
pub fn set_triage(finding_id: &str, triage: Option<Triage>) -> Edit {
    Edit::Triage(finding_id.to_owned(), triage)
}

/// Sets (or clears) a component's rectangle.
pub fn set_rect(id: &Id, rect: Option<Rect>) -> Edit {
    Edit::Layout(LayoutKey::Component(id.clone()), rect.map(LayoutValue::Rect))
}

/// Sets a flow's waypoints and label position (empty and `None`: drawn straight, label in the middle).
pub fn set_route(id: &Id, waypoints: Vec<Point>, label: Option<Point>) -> Edit {
    let route = crate::model::layout::FlowLayout { waypoints, label };
    let value = (route != crate::model::layout::FlowLayout::default()).then_some(LayoutValue::Flow(route));
    Edit::Layout(LayoutKey::Flow(id.clone()), value)
}

/// Moves components (with everything inside them), boundaries, contexts and notes by `(dx, dy)`; what has no
/// rectangle yet stays where the placement puts it. Flow waypoints between two moved components move too.
pub fn move_by(diagram: &Diagram, ids: &[Id], dx: f64, dy: f64) -> Edit {
    move_placed(diagram, ids, dx, dy, |_| None)
}

/// [`move_by`], where a component or note without a rectangle gets one: where `placed` says it is drawn, moved
/// (an editor pins what the placement drew, so what the user sees is what is saved). Boundaries and contexts
/// without a rectangle keep following their members.
pub fn move_placed(diagram: &Diagram, ids: &[Id], dx: f64, dy: f64, placed: impl Fn(&Id) -> Option<Rect>) -> Edit {
    let moved = with_descendants(diagram, ids);
    let shift = |rect: &Rect| Rect { x: rect.x + dx, y: rect.y + dy, ..*rect };
    let layout = &diagram.layout;
    let mut edits = Vec::new();
    for id in &moved {
        let is_component = diagram.components.iter().any(|c| &c.id == id);
        let is_note = diagram.notes.iter().any(|n| &n.id == id);
        let pinned = |own: Option<&Rect>, pins: bool| own.copied().or_else(|| if pins { placed(id) } else { None });
        let key_rect = [
            (LayoutKey::Component(id.clone()), pinned(layout.components.get(id), is_component)),
            (LayoutKey::Boundary(id.clone()), layout.boundaries.get(id).copied()),
            (LayoutKey::Context(id.clone()), layout.contexts.get(id).copied()),
            (LayoutKey::Note(id.clone()), pinned(layout.notes.get(id), is_note)),
        ];
        for (key, rect) in key_rect {
            if let Some(rect) = rect {
                edits.push(Edit::Layout(key, Some(LayoutValue::Rect(shift(&rect)))));
            }
        }
    }
    for flow in &diagram.flows {
        if moved.contains(&flow.from)
            && moved.contains(&flow.to)
            && let Some(route) = layout.flows.get(&flow.id)
        {
            let mut route = route.clone();
            for point in route.waypoints.iter_mut().chain(route.label.iter_mut()) {
                *point = Point { x: point.x + dx, y: point.y + dy };
            }
            edits.push(Edit::Layout(LayoutKey::Flow(flow.id.clone()), Some(LayoutValue::Flow(route))));
        }
    }
    Edit::Batch(edits)
}

/// `ids` and every component nested (at any depth) inside one of them.
pub fn with_descendants(diagram: &Diagram, ids: &[Id]) -> BTreeSet<Id> {
    let mut set: BTreeSet<Id> = crate::sorting::set(ids.iter().cloned());
    // Parents may come after their children in the list: repeat until nothing is added (depth is capped at 16 by
    // validation, and each pass adds a level).
    loop {
        let before = set.len();
        for c in &diagram.components {
            if c.parent.as_ref().is_some_and(|p| set.contains(p)) && !set.contains(&c.id) {
                set.insert(c.id.clone());
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// Removes elements and, in the same step, everything that would point at nothing: what is nested inside removed
/// components, flows and connections touching them, manual threats on them, their layout and triage; links and
/// memberships that name them are repaired, notes attached to them are kept but detached. Undo restores all of it.
pub fn remove(diagram: &Diagram, ids: &[Id]) -> Edit {
    let mut doomed = with_descendants(diagram, ids);
    doomed.retain(|id| Record::find(diagram, id).is_some());
    for flow in &diagram.flows {
        if doomed.contains(&flow.from) || doomed.contains(&flow.to) {
            doomed.insert(flow.id.clone());
        }
    }
    for connection in &diagram.connections {
        if doomed.contains(&connection.from) || doomed.contains(&connection.to) {
            doomed.insert(connection.id.clone());
        }
    }
    for threat in &diagram.threats {
        if doomed.contains(&threat.element) {
            doomed.insert(threat.id.clone());
        }
    }
    let mut edits = Vec::new();
    repair_survivors(diagram, &doomed, &mut edits);
    let layout = &diagram.layout;
    for id in &doomed {
        let keys = [
            (layout.components.contains_key(id), LayoutKey::Component(id.clone())),
            (layout.flows.contains_key(id), LayoutKey::Flow(id.clone())),
            (layout.boundaries.contains_key(id), LayoutKey::Boundary(id.clone())),
            (layout.contexts.contains_key(id), LayoutKey::Context(id.clone())),
            (layout.notes.contains_key(id), LayoutKey::Note(id.clone())),
        ];
        edits.extend(keys.into_iter().filter(|(present, _)| *present).map(|(_, key)| Edit::Layout(key, None)));
    }
    for finding in diagram.triage.keys() {
        let elements = finding.split_once('@').map_or("", |(_, elements)| elements);
        if elements.split('+').any(|element| Id::new(element).is_ok_and(|id| doomed.contains(&id))) {
            edits.push(Edit::Triage(finding.clone(), None));
        }
    }
    edits.extend(doomed.into_iter().map(Edit::Delete));
    Edit::Batch(edits)
}

/// Replace edits for the surviving elements that name a doomed one.
fn repair_survivors(diagram: &Diagram, doomed: &BTreeSet<Id>, edits: &mut Vec<Edit>) {
    let gone = |id: &Id| doomed.contains(id);
    // Whether a component names a doomed element (most name none: only those are copied and repaired).
    let names_gone = |c: &Component| {
        c.role.as_ref().is_some_and(gone)
            || c.execution_role.as_ref().is_some_and(gone)
            || [&c.protects, &c.covers, &c.credentials_for, &c.images, &c.subnets]
                .iter()
                .any(|list| list.iter().any(gone))
            || c.properties
                .permissions
                .iter()
                .flatten()
                .flat_map(|s| &s.resources)
                .any(|r| Id::new(r).is_ok_and(|id| gone(&id)))
    };
    for c in diagram.components.iter().filter(|c| !gone(&c.id) && names_gone(c)) {
        let mut fixed = c.clone();
        if fixed.role.as_ref().is_some_and(gone) {
            fixed.role = None;
        }
        if fixed.execution_role.as_ref().is_some_and(gone) {
            fixed.execution_role = None;
        }
        for list in
            [&mut fixed.protects, &mut fixed.covers, &mut fixed.credentials_for, &mut fixed.images, &mut fixed.subnets]
        {
            list.retain(|id| !gone(id));
        }
        if let Some(permissions) = &mut fixed.properties.permissions {
            for statement in permissions.iter_mut() {
                statement.resources.retain(|r| Id::new(r).map_or(true, |id| !gone(&id)));
            }
            permissions.retain(|statement| !statement.resources.is_empty());
        }
        if fixed != *c {
            edits.push(Edit::Replace(Record::Component(fixed)));
        }
    }
    for b in diagram.boundaries.iter().filter(|b| !gone(&b.id)) {
        if b.members.iter().any(gone) {
            let mut fixed = b.clone();
            fixed.members.retain(|id| !gone(id));
            edits.push(Edit::Replace(Record::Boundary(fixed)));
        }
    }
    for c in diagram.contexts.iter().filter(|c| !gone(&c.id)) {
        if c.members.iter().any(gone) {
            let mut fixed = c.clone();
            fixed.members.retain(|id| !gone(id));
            edits.push(Edit::Replace(Record::Context(fixed)));
        }
    }
    for n in diagram.notes.iter().filter(|n| !gone(&n.id)) {
        if n.attached_to.as_ref().is_some_and(gone) {
            let mut fixed = n.clone();
            fixed.attached_to = None;
            edits.push(Edit::Replace(Record::Note(fixed)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::TestDiagram;
    use crate::model::ComponentKind as K;
    use crate::model::props::Permission;

    /// Removing a table repairs only the roles that name it: a statement about it alone goes, one about it and
    /// another table keeps the other; a role that does not name it is left alone.
    #[test]
    fn a_removal_repairs_only_what_names_the_removed_element() {
        let statement = |resources: &[&str]| {
            Permission::new(vec!["dynamodb:*".into()], resources.iter().map(|&r| r.to_owned()).collect())
        };
        let diagram = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("t1", K::DynamodbTable, Some("acct"))
            .component("t2", K::DynamodbTable, Some("acct"))
            .component_with("names-it", K::IamRole, Some("acct"), |c| {
                c.properties.permissions = Some(vec![statement(&["t1"]), statement(&["t1", "t2"]), statement(&["*"])]);
            })
            .component_with("other", K::IamRole, Some("acct"), |c| {
                c.properties.permissions = Some(vec![statement(&["t2"])]);
            })
            .build()
            .into_diagram();
        let Edit::Batch(edits) = remove(&diagram, &[Id::new("t1").unwrap()]) else { panic!("not a batch") };
        let replaced: Vec<&Component> = edits
            .iter()
            .filter_map(|edit| match edit {
                Edit::Replace(Record::Component(c)) => Some(c),
                _ => None,
            })
            .collect();
        assert_eq!(replaced.len(), 1, "{edits:?}");
        assert_eq!(replaced[0].id.as_str(), "names-it");
        let left = replaced[0].properties.permissions.as_ref().unwrap();
        assert_eq!(left, &[statement(&["t2"]), statement(&["*"])]);
    }
}
