//! [`Edit`]: every change to a diagram as plain data, and [`apply`], which makes it and returns its exact inverse.
//!
//! There are few primitive edits: insert, delete or replace one element record; replace the settings; set or clear
//! one triage entry; set or clear one layout entry; and a batch of edits that is one undo step. Every user action
//! (rename, re-kind, nest, set a property, re-point a flow, delete with everything that points at it, paste ...)
//! is built from these by `edit::ops`, so undo needs nothing beyond this file. Element lists are saved sorted by
//! id, so where a record is re-inserted in its list does not matter for the saved bytes.

use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::layout::{FlowLayout, Rect};
use crate::model::note::Note;
use crate::model::settings::Settings;
use crate::model::threat::Threat;
use crate::model::triage::Triage;
use crate::model::{Boundary, Component, Connection, Context, Flow};

/// One element of the diagram, as saved.
#[derive(Clone, Debug, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "records live only as long as one edit and its inverse; boxing components would cost an allocation per edit for no saving"
)]
pub enum Record {
    /// A component.
    Component(Component),
    /// A flow.
    Flow(Flow),
    /// An explicit trust boundary.
    Boundary(Boundary),
    /// A bounded context.
    Context(Context),
    /// A connection.
    Connection(Connection),
    /// A note.
    Note(Note),
    /// A manual threat.
    Threat(Threat),
}

impl Record {
    /// Its id.
    pub fn id(&self) -> &Id {
        match self {
            Self::Component(c) => &c.id,
            Self::Flow(f) => &f.id,
            Self::Boundary(b) => &b.id,
            Self::Context(c) => &c.id,
            Self::Connection(c) => &c.id,
            Self::Note(n) => &n.id,
            Self::Threat(t) => &t.id,
        }
    }

    /// The record with this id, if any.
    pub fn find(diagram: &Diagram, id: &Id) -> Option<Self> {
        let d = diagram;
        d.components
            .iter()
            .find(|c| &c.id == id)
            .map(|c| Self::Component(c.clone()))
            .or_else(|| d.flows.iter().find(|f| &f.id == id).map(|f| Self::Flow(f.clone())))
            .or_else(|| d.boundaries.iter().find(|b| &b.id == id).map(|b| Self::Boundary(b.clone())))
            .or_else(|| d.contexts.iter().find(|c| &c.id == id).map(|c| Self::Context(c.clone())))
            .or_else(|| d.connections.iter().find(|c| &c.id == id).map(|c| Self::Connection(c.clone())))
            .or_else(|| d.notes.iter().find(|n| &n.id == id).map(|n| Self::Note(n.clone())))
            .or_else(|| d.threats.iter().find(|t| &t.id == id).map(|t| Self::Threat(t.clone())))
    }
}

/// Which layout entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutKey {
    /// A component's rectangle.
    Component(Id),
    /// A flow's waypoints and label position.
    Flow(Id),
    /// A boundary's rectangle.
    Boundary(Id),
    /// A context's rectangle.
    Context(Id),
    /// A note's rectangle.
    Note(Id),
}

/// A layout value; its variant matches the key's.
#[derive(Clone, Debug, PartialEq)]
pub enum LayoutValue {
    /// A rectangle (components, boundaries, contexts, notes).
    Rect(Rect),
    /// A flow's route.
    Flow(FlowLayout),
}

/// A change to a diagram.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Adds an element (its id must be free).
    Insert(Record),
    /// Removes the element with this id (only the record: `ops` removes what points at it first).
    Delete(Id),
    /// Replaces the element with the record's id.
    Replace(Record),
    /// Replaces the settings.
    Settings(Box<Settings>),
    /// Sets (or with `None` clears) the triage of a finding.
    Triage(String, Option<Triage>),
    /// Sets (or with `None` clears) one layout entry.
    Layout(LayoutKey, Option<LayoutValue>),
    /// Several edits as one undo step, applied in order.
    Batch(Vec<Edit>),
}

/// Why an edit could not be applied; the diagram is then unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No element has this id.
    #[error("no element has the id \"{0}\"")]
    Missing(Id),
    /// The id is taken.
    #[error("the id \"{0}\" is already used")]
    Taken(Id),
    /// A layout value of the wrong shape for its key.
    #[error("a layout value of the wrong shape for \"{0}\"")]
    LayoutShape(Id),
    /// The change would leave the diagram with problems (from `ops`, which checks).
    #[error("{0}")]
    Refused(String),
}

impl Edit {
    /// Whether it only moves or resizes things: such edits never need a new analysis.
    pub fn is_layout_only(&self) -> bool {
        match self {
            Self::Layout(..) => true,
            Self::Batch(edits) => edits.iter().all(Self::is_layout_only),
            _ => false,
        }
    }

    /// Whether it changes nothing (an empty batch).
    pub fn is_empty(&self) -> bool {
        matches!(self, Self::Batch(edits) if edits.iter().all(Self::is_empty))
    }
}

/// Applies `edit` and returns the edit that undoes it. On error nothing was changed (a batch that fails part-way
/// is rolled back).
pub fn apply(diagram: &mut Diagram, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::Insert(record) => insert(diagram, record),
        Edit::Delete(id) => delete(diagram, &id),
        Edit::Replace(record) => replace(diagram, record),
        Edit::Settings(settings) => Ok(Edit::Settings(Box::new(std::mem::replace(&mut diagram.settings, *settings)))),
        Edit::Triage(finding, triage) => {
            let old = match triage {
                Some(triage) => diagram.triage.insert(finding.clone(), triage),
                None => diagram.triage.remove(&finding),
            };
            Ok(Edit::Triage(finding, old))
        }
        Edit::Layout(key, value) => set_layout(diagram, key, value),
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits {
                match apply(diagram, edit) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(error) => {
                        rollback(diagram, inverses);
                        return Err(error);
                    }
                }
            }
            inverses.reverse();
            Ok(Edit::Batch(inverses))
        }
    }
}

/// Undoes already applied edits, newest first. Inverses of applied edits always apply.
fn rollback(diagram: &mut Diagram, inverses: Vec<Edit>) {
    for inverse in inverses.into_iter().rev() {
        let _ = apply(diagram, inverse);
    }
}

fn taken(diagram: &Diagram, id: &Id) -> bool {
    Record::find(diagram, id).is_some()
}

fn insert(diagram: &mut Diagram, record: Record) -> Result<Edit, EditError> {
    let id = record.id().to_owned();
    if taken(diagram, &id) {
        return Err(EditError::Taken(id));
    }
    match record {
        Record::Component(c) => diagram.components.push(c),
        Record::Flow(f) => diagram.flows.push(f),
        Record::Boundary(b) => diagram.boundaries.push(b),
        Record::Context(c) => diagram.contexts.push(c),
        Record::Connection(c) => diagram.connections.push(c),
        Record::Note(n) => diagram.notes.push(n),
        Record::Threat(t) => diagram.threats.push(t),
    }
    Ok(Edit::Delete(id))
}

/// Removes the first item with `id` from `list`, keeping the others in order.
fn take<T>(list: &mut Vec<T>, id: &Id, id_of: impl Fn(&T) -> &Id) -> Option<T> {
    let at = list.iter().position(|item| id_of(item) == id)?;
    Some(list.remove(at))
}

fn delete(diagram: &mut Diagram, id: &Id) -> Result<Edit, EditError> {
    let d = diagram;
    let record = take(&mut d.components, id, |c| &c.id)
        .map(Record::Component)
        .or_else(|| take(&mut d.flows, id, |f| &f.id).map(Record::Flow))
        .or_else(|| take(&mut d.boundaries, id, |b| &b.id).map(Record::Boundary))
        .or_else(|| take(&mut d.contexts, id, |c| &c.id).map(Record::Context))
        .or_else(|| take(&mut d.connections, id, |c| &c.id).map(Record::Connection))
        .or_else(|| take(&mut d.notes, id, |n| &n.id).map(Record::Note))
        .or_else(|| take(&mut d.threats, id, |t| &t.id).map(Record::Threat));
    record.map(Edit::Insert).ok_or_else(|| EditError::Missing(id.clone()))
}

/// Swaps `new` into the slot of the item with the same id; returns the old item.
fn swap<T>(list: &mut [T], new: T, id_of: impl Fn(&T) -> &Id) -> Result<T, T> {
    match list.iter_mut().find(|item| id_of(item) == id_of(&new)) {
        Some(slot) => Ok(std::mem::replace(slot, new)),
        None => Err(new),
    }
}

fn replace(diagram: &mut Diagram, record: Record) -> Result<Edit, EditError> {
    let id = record.id().to_owned();
    let d = diagram;
    let old = match record {
        Record::Component(c) => swap(&mut d.components, c, |c| &c.id).map(Record::Component).ok(),
        Record::Flow(f) => swap(&mut d.flows, f, |f| &f.id).map(Record::Flow).ok(),
        Record::Boundary(b) => swap(&mut d.boundaries, b, |b| &b.id).map(Record::Boundary).ok(),
        Record::Context(c) => swap(&mut d.contexts, c, |c| &c.id).map(Record::Context).ok(),
        Record::Connection(c) => swap(&mut d.connections, c, |c| &c.id).map(Record::Connection).ok(),
        Record::Note(n) => swap(&mut d.notes, n, |n| &n.id).map(Record::Note).ok(),
        Record::Threat(t) => swap(&mut d.threats, t, |t| &t.id).map(Record::Threat).ok(),
    };
    old.map(Edit::Replace).ok_or(EditError::Missing(id))
}

fn set_layout(diagram: &mut Diagram, key: LayoutKey, value: Option<LayoutValue>) -> Result<Edit, EditError> {
    let layout = &mut diagram.layout;
    let (map, id) = match &key {
        LayoutKey::Component(id) => (&mut layout.components, id),
        LayoutKey::Boundary(id) => (&mut layout.boundaries, id),
        LayoutKey::Context(id) => (&mut layout.contexts, id),
        LayoutKey::Note(id) => (&mut layout.notes, id),
        LayoutKey::Flow(id) => {
            let old = match value {
                Some(LayoutValue::Flow(route)) => layout.flows.insert(id.clone(), route),
                None => layout.flows.remove(id),
                Some(LayoutValue::Rect(_)) => return Err(EditError::LayoutShape(id.clone())),
            };
            return Ok(Edit::Layout(key, old.map(LayoutValue::Flow)));
        }
    };
    let old = match value {
        Some(LayoutValue::Rect(rect)) => map.insert(id.clone(), rect),
        None => map.remove(id),
        Some(LayoutValue::Flow(_)) => return Err(EditError::LayoutShape(id.clone())),
    };
    Ok(Edit::Layout(key, old.map(LayoutValue::Rect)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ComponentKind as K;

    fn id(text: &str) -> Id {
        Id::new(text).unwrap()
    }

    #[test]
    fn every_primitive_undoes_exactly() {
        let mut diagram = Diagram::default();
        let original = diagram.clone();
        let edit = Edit::Batch(vec![
            Edit::Insert(Record::Component(Component::new(id("a"), K::User, "A"))),
            Edit::Insert(Record::Component(Component::new(id("b"), K::Internet, "B"))),
            Edit::Replace(Record::Component(Component::new(id("a"), K::User, "Renamed"))),
            Edit::Layout(
                LayoutKey::Component(id("a")),
                Some(LayoutValue::Rect(Rect { x: 1.0, y: 2.0, w: 3.0, h: 4.0 })),
            ),
            Edit::Triage(
                "rule@a".into(),
                Some(Triage { status: crate::model::triage::TriageStatus::Accepted, note: String::new() }),
            ),
            Edit::Settings(Box::new(Settings { title: "T".into(), ..Settings::default() })),
            Edit::Delete(id("b")),
        ]);
        let inverse = apply(&mut diagram, edit).unwrap();
        assert_eq!(diagram.components.len(), 1);
        assert_eq!(diagram.components[0].name, "Renamed");
        apply(&mut diagram, inverse).unwrap();
        assert_eq!(diagram, original);
    }

    #[test]
    fn a_failing_batch_changes_nothing() {
        let mut diagram = Diagram::default();
        let edit = Edit::Batch(vec![
            Edit::Insert(Record::Component(Component::new(id("a"), K::User, "A"))),
            Edit::Delete(id("nope")),
        ]);
        assert_eq!(apply(&mut diagram, edit), Err(EditError::Missing(id("nope"))));
        assert!(diagram.components.is_empty());
        let twice = Edit::Batch(vec![
            Edit::Insert(Record::Component(Component::new(id("a"), K::User, "A"))),
            Edit::Insert(Record::Component(Component::new(id("a"), K::User, "A"))),
        ]);
        assert_eq!(apply(&mut diagram, twice), Err(EditError::Taken(id("a"))));
        assert!(diagram.components.is_empty());
    }

    #[test]
    fn layout_edits_are_layout_only() {
        let layout = Edit::Layout(LayoutKey::Note(id("n")), None);
        assert!(layout.is_layout_only());
        assert!(Edit::Batch(vec![layout.clone()]).is_layout_only());
        assert!(!Edit::Batch(vec![layout, Edit::Delete(id("x"))]).is_layout_only());
        assert_eq!(
            apply(
                &mut Diagram::default(),
                Edit::Layout(LayoutKey::Flow(id("f")), Some(LayoutValue::Rect(Rect::default())))
            ),
            Err(EditError::LayoutShape(id("f")))
        );
    }
}
