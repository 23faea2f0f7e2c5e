//! [`Document`]: a diagram being edited, with undo and redo, revisions and the ids it has used.
//!
//! Every change goes through [`Document::apply`], which refuses an edit that would add a problem to the diagram
//! (an illegal nesting, a dangling reference, a flow pattern its ends do not allow), so the editor never makes a
//! sound diagram unsound. A document that came with problems (see the loader) stays editable: an edit is refused
//! only when it adds problems. Layout edits are checked for their own values only and never bump the semantic
//! revision, so moving boxes never re-validates or re-analyses the diagram.
//!
//! A sound document keeps its checked [`Model`] in step with every edit, so a fresh analysis needs no rebuild of
//! its own: an edit of a component's name, description or properties (the inspector's edits) checks that
//! component's properties and patches the model in place; so do triage, a flow's attributes, and adding, removing or
//! re-pointing a flow (the new flow alone is checked, and nothing may still refer to a removed one), notes, manual
//! threats, the settings, boundaries, contexts and connections, a component's links (but the subnets it names), a
//! new component that links to nothing, a move under another parent (or
//! several into the same one) and the removal of a component without children, flows or links, also in a batch with
//! layout entries (see `patch.rs`); a layout edit copies the entries it changed; any other edit checks the whole diagram and
//! indexes it once.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::edit::change::{Edit, EditError, LayoutKey, LayoutValue, apply};
use crate::edit::ids::Ids;
use crate::edit::patch::{Made, Patch, Patches, lays_out, patches, referred};
use crate::model::Model;
use crate::model::changes::Changes;
use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::layout::{Layout, MAX_COORDINATE, MAX_SIZE, Point, Rect};

/// One undo or redo step.
#[derive(Clone, Debug)]
struct Step {
    /// What the user did, for "Undo move".
    label: String,
    /// The edit that reverses it.
    edit: Edit,
}

/// A diagram being edited.
#[derive(Debug)]
pub struct Document {
    /// Which document this is (every document and every clone has its own), so a [`Stamp`] of one is never taken
    /// for a revision of another.
    identity: u64,
    diagram: Diagram,
    /// The checked model of `diagram` while it has no problems.
    model: Option<Model>,
    ids: Ids,
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    layout_revision: u64,
    problem_count: usize,
    saved: Option<(u64, u64)>,
    /// Review mode: only what [`crate::edit::review`] allows is applied, undone or redone.
    review: bool,
    /// What each recent semantic revision changed in the model, oldest first (see [`Document::changes_since`]).
    changes: VecDeque<(u64, Changes)>,
}

#[cfg(test)]
thread_local! {
    /// How many times this thread's documents checked the whole diagram and rebuilt the model (for tests of what is
    /// patched in place).
    pub(crate) static REBUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many semantic revisions [`Document::changes_since`] remembers.
const CHANGES_KEPT: usize = 64;

/// One semantic revision of one document, for asking later what changed since ([`Document::changes_since`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    document: u64,
    revision: u64,
}

/// A fresh document identity (a counter: no clock, no randomness).
fn new_identity() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Clone for Document {
    /// A copy with its own identity: the two histories part from here, so their revisions mean different things.
    fn clone(&self) -> Self {
        Self {
            identity: new_identity(),
            diagram: self.diagram.clone(),
            model: self.model.clone(),
            ids: self.ids.clone(),
            undo: self.undo.clone(),
            redo: self.redo.clone(),
            revision: self.revision,
            layout_revision: self.layout_revision,
            problem_count: self.problem_count,
            saved: self.saved,
            review: self.review,
            changes: self.changes.clone(),
        }
    }
}

/// How many steps undo keeps.
pub const UNDO_DEPTH: usize = 500;

impl Document {
    /// Opens `diagram` for editing (saved as it is: not dirty).
    pub fn new(diagram: Diagram) -> Self {
        let ids = Ids::of(&diagram);
        let problem_count = crate::model::problems(&diagram).len();
        let model = if problem_count == 0 { Model::of_sound(diagram.clone()).ok() } else { None };
        Self {
            identity: new_identity(),
            diagram,
            model,
            ids,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            layout_revision: 0,
            problem_count,
            saved: Some((0, 0)),
            review: false,
            changes: VecDeque::new(),
        }
    }

    /// The diagram as it is now.
    pub fn diagram(&self) -> &Diagram {
        &self.diagram
    }

    /// The checked model of the diagram as it is now (what the analysis reads); `None` while it has problems
    /// (then [`crate::edit::sound_part`] gives the part that can be analysed).
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    /// The ids this document has used, for making new ones.
    pub fn ids_mut(&mut self) -> &mut Ids {
        &mut self.ids
    }

    /// Bumps on every change that can change the analysis (not on layout edits).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Bumps on every change, layout included (what a painter's cache keys on).
    pub fn layout_revision(&self) -> u64 {
        self.layout_revision
    }

    /// Turns review mode on or off: while on, every edit, undo and redo that changes more than triage and notes is
    /// refused (see [`crate::edit::review`]).
    pub fn set_review(&mut self, on: bool) {
        self.review = on;
    }

    /// Whether review mode is on.
    pub fn review(&self) -> bool {
        self.review
    }

    /// Applies `edit` as one undo step named `label`; refused (and nothing changed) when it would add a problem,
    /// or in review mode when it changes more than triage and notes.
    pub fn apply(&mut self, label: &str, edit: Edit) -> Result<(), EditError> {
        if edit.is_empty() {
            return Ok(());
        }
        if self.review {
            crate::edit::review::check(&self.diagram, &edit).map_err(EditError::Refused)?;
        }
        let layout_only = edit.is_layout_only();
        if layout_only && let Some(why) = bad_layout(&edit) {
            return Err(EditError::Refused(why));
        }
        let (inverse, changes) = self.change(edit, true)?;
        self.bump(layout_only, changes);
        self.undo.push(Step { label: label.to_owned(), edit: inverse });
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Applies `edit` to the diagram and keeps the problem count and the model in step; returns the inverse. With
    /// `refuse`, an edit that adds a problem is undone again and refused (undo and redo steps are never refused).
    fn change(&mut self, edit: Edit, refuse: bool) -> Result<(Edit, Changes), EditError> {
        if edit.is_layout_only() {
            let inverse = apply(&mut self.diagram, edit)?;
            if let Some(model) = &mut self.model {
                copy_layout(&inverse, &self.diagram.layout, model.layout_mut());
            }
            return Ok((inverse, Changes::default()));
        }
        let patches = self.model.as_ref().map_or(Patches::Rebuild, |model| patches(model, &edit));
        match patches {
            Patches::Refused(why) if refuse => return Err(EditError::Refused(why)),
            Patches::InPlace(patches) => {
                let inverse = apply(&mut self.diagram, edit)?;
                if let Some(changes) = self.patch(patches, &inverse) {
                    return Ok((inverse, changes));
                }
                // Something still refers to a removed element, or a layout entry to nothing: checked as a whole.
                return self.settle(inverse, refuse, true);
            }
            Patches::Refused(_) | Patches::Rebuild => {}
        }
        let inverse = apply(&mut self.diagram, edit)?;
        self.settle(inverse, refuse, false)
    }

    /// Makes `patches` in the model (the diagram already has the edit whose inverse is `inverse`) and says what
    /// changed; `None` when the edit left a reference to nothing (then the model is out of step: [`Self::settle`]
    /// rebuilds it).
    fn patch(&mut self, patches: Vec<Patch>, inverse: &Edit) -> Option<Changes> {
        let model = self.model.as_mut()?;
        // Each patch was checked alone and adds no problem: the model is patched, nothing is rebuilt.
        let mut made = Made::default();
        for patch in patches {
            made.make(model, &mut self.ids, patch)?;
        }
        let Made { mut changes, removed, laid_out, everything } = made;
        // A component added or removed goes alone: flows' ends or members noted beside it would hold positions of
        // either side.
        let mixed = !changes.component_alone();
        if everything || mixed {
            // Every stage reads the posture; components' positions shifted beside other changes.
            changes = Changes::everything();
        }
        copy_layout(inverse, &self.diagram.layout, model.layout_mut());
        let diagram = model.diagram();
        let refers = |removed: &(Id, bool)| referred(diagram, removed);
        if removed.iter().any(refers) || !laid_out.iter().all(|key| lays_out(model, key)) {
            return None;
        }
        Some(changes)
    }

    /// Brings the problem count and the model in step with the diagram after the edit whose inverse is `inverse`
    /// was applied; with `refuse`, an edit that adds a problem is undone again and refused. `stale`: the model was
    /// patched part-way and must be rebuilt even when the edit is undone.
    fn settle(&mut self, inverse: Edit, refuse: bool, stale: bool) -> Result<(Edit, Changes), EditError> {
        let problems = crate::model::problems(&self.diagram);
        if refuse && problems.len() > self.problem_count {
            let _ = apply(&mut self.diagram, inverse);
            if stale {
                self.model = Model::of_sound(self.diagram.clone()).ok();
            }
            let why = problems.first().map_or_else(|| "the change adds a problem".to_owned(), ToString::to_string);
            return Err(EditError::Refused(why));
        }
        self.problem_count = problems.len();
        self.model = if problems.is_empty() { Model::of_sound(self.diagram.clone()).ok() } else { None };
        #[cfg(test)]
        REBUILDS.with(|n| n.set(n.get() + 1));
        // Only these edits can bring new ids (layout and content edits keep every id).
        self.ids.remember(&self.diagram);
        Ok((inverse, Changes::everything()))
    }

    fn bump(&mut self, layout_only: bool, changes: Changes) {
        self.layout_revision += 1;
        if !layout_only {
            self.revision += 1;
            self.changes.push_back((self.revision, changes));
            if self.changes.len() > CHANGES_KEPT {
                self.changes.pop_front();
            }
        }
    }

    /// This document's current semantic revision, to ask later what changed since.
    pub fn stamp(&self) -> Stamp {
        Stamp { document: self.identity, revision: self.revision }
    }

    /// What changed in [`Document::model`] since `since` (an analysis of the model then can redo only what these
    /// changes affect): nothing when it is the current revision, everything when it is too old to be remembered or
    /// a stamp of another document.
    pub fn changes_since(&self, since: Stamp) -> Changes {
        let Stamp { document, revision } = since;
        if document != self.identity || revision > self.revision {
            return Changes::everything();
        }
        if revision == self.revision {
            return Changes::default();
        }
        if self.changes.front().is_none_or(|&(oldest, _)| oldest > revision + 1) {
            return Changes::everything();
        }
        let mut all = Changes::default();
        for (_, changes) in self.changes.iter().filter(|&&(at, _)| at > revision) {
            all.add(changes);
        }
        all
    }

    /// Moves one step between the stacks; false when there is none.
    fn step(&mut self, from_undo: bool) -> bool {
        let stack = if from_undo { &mut self.undo } else { &mut self.redo };
        if self.review
            && stack.last().is_some_and(|step| crate::edit::review::check(&self.diagram, &step.edit).is_err())
        {
            // The step would change the design: it stays where it is for when review mode is off.
            return false;
        }
        let Some(Step { label, edit }) = stack.pop() else { return false };
        let layout_only = edit.is_layout_only();
        match self.change(edit, false) {
            Ok((inverse, changes)) => {
                let target = if from_undo { &mut self.redo } else { &mut self.undo };
                target.push(Step { label, edit: inverse });
                self.bump(layout_only, changes);
                true
            }
            // Inverses of applied edits always apply; if one ever did not, dropping the history is the safe way out.
            Err(_) => {
                self.undo.clear();
                self.redo.clear();
                false
            }
        }
    }

    /// Undoes the last step; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        self.step(true)
    }

    /// Redoes the last undone step; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        self.step(false)
    }

    /// What undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|step| step.label.as_str())
    }

    /// What redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|step| step.label.as_str())
    }

    /// Records that the document was saved as it is now.
    pub fn mark_saved(&mut self) {
        self.saved = Some((self.revision, self.layout_revision));
    }

    /// Records that the document as it is now is saved nowhere (a recovered document).
    pub fn mark_unsaved(&mut self) {
        self.saved = None;
    }

    /// Whether it changed since it was opened or last saved. Revisions only grow, so undoing back to the saved
    /// state still counts as changed: a conservative answer that never loses work.
    pub fn is_dirty(&self) -> bool {
        self.saved != Some((self.revision, self.layout_revision))
    }
}

/// Copies the layout entries `edit` touches from `from` to `to` (the document's layout to its model's).
fn copy_layout(edit: &Edit, from: &Layout, to: &mut Layout) {
    fn copy<V: Clone>(from: &BTreeMap<Id, V>, to: &mut BTreeMap<Id, V>, id: &Id) {
        match from.get(id) {
            Some(value) => to.insert(id.clone(), value.clone()),
            None => to.remove(id),
        };
    }
    match edit {
        Edit::Layout(LayoutKey::Component(id), _) => copy(&from.components, &mut to.components, id),
        Edit::Layout(LayoutKey::Flow(id), _) => copy(&from.flows, &mut to.flows, id),
        Edit::Layout(LayoutKey::Boundary(id), _) => copy(&from.boundaries, &mut to.boundaries, id),
        Edit::Layout(LayoutKey::Context(id), _) => copy(&from.contexts, &mut to.contexts, id),
        Edit::Layout(LayoutKey::Note(id), _) => copy(&from.notes, &mut to.notes, id),
        Edit::Batch(edits) => edits.iter().for_each(|edit| copy_layout(edit, from, to)),
        _ => {}
    }
}

/// Why a layout edit's values are out of bounds, if they are (the loader's limits).
pub(super) fn bad_layout(edit: &Edit) -> Option<String> {
    let point_ok =
        |p: &Point| p.x.is_finite() && p.y.is_finite() && p.x.abs() <= MAX_COORDINATE && p.y.abs() <= MAX_COORDINATE;
    let rect_ok = |r: &Rect| {
        point_ok(&Point { x: r.x, y: r.y })
            && r.w.is_finite()
            && r.h.is_finite()
            && r.w > 0.0
            && r.h > 0.0
            && r.w <= MAX_SIZE
            && r.h <= MAX_SIZE
    };
    match edit {
        Edit::Layout(key, Some(LayoutValue::Rect(rect))) if !rect_ok(rect) => {
            Some(format!("{key:?}: a rectangle must lie within ±{MAX_COORDINATE} with a size in (0, {MAX_SIZE}]"))
        }
        Edit::Layout(key, Some(LayoutValue::Flow(route)))
            if !route.waypoints.iter().chain(route.label.iter()).all(point_ok) =>
        {
            Some(format!("{key:?}: points must lie within ±{MAX_COORDINATE}"))
        }
        Edit::Batch(edits) => edits.iter().find_map(bad_layout),
        _ => None,
    }
}
