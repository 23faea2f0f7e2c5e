//! The one way analysis code reads a component's data profile (`data`), so that a live analysis can note whose data
//! each stage read.
//!
//! Inside [`noting`], every read of a component's data sets that component's bit in the stage's [`Read`] set. A
//! stage is a deterministic function of the model, so an edit of the data of components it did not read cannot
//! change what it computes: [`crate::analysis::live::Live`] re-runs, after an edit of `data`, only the stages whose
//! last run read an edited component. Flows' own `data` is not a component's and is not noted (a flow edit re-runs
//! the stages that read the flow's changed attributes). A scan of the sources (`live/scan.rs`) fails when analysis
//! code reads a component's `data` in another way. The same scope notes whether the stage read the flow structure
//! ([`crate::model::structure`]).

use std::cell::{Cell, RefCell};

use crate::model::bits::Bits;
use crate::model::props::{Classification, DataProfile};
use crate::model::{ComponentIx, Model};

/// The components whose data a stage read (one bit per component index), whether it read the flow structure or
/// which components there are, and where which components sit ([`crate::model::structure`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Read {
    words: Bits,
    /// It read which flows there are, what they connect or how.
    pub structure: bool,
    /// It read which components there are ([`crate::model::structure::Seen::component_list`]).
    pub component_list: bool,
    /// It read which components there are of some of them only ([`crate::model::structure::Among`]).
    pub among: crate::model::structure::Among,
    /// The components whose place it read ([`crate::model::structure::Seen::places`]).
    places: Bits,
    /// It read something of every component's place (the accounts' entries).
    all_places: bool,
}

impl Read {
    /// Whether the stage read the data of `c`.
    pub fn contains(&self, c: ComponentIx) -> bool {
        self.words.contains(c.index())
    }

    /// Whether the stage read the data of any of `components`.
    pub fn any(&self, components: &[ComponentIx]) -> bool {
        components.iter().any(|&c| self.contains(c))
    }

    /// Whether the stage read where any of `components` sits.
    pub fn any_place(&self, components: &[ComponentIx]) -> bool {
        self.all_places || components.iter().any(|&c| self.places.contains(c.index()))
    }

    /// How many components' data the stage read.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the stage read no component's data.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether this (kept across edits) holds every read `fresh` (the stage run now) made: what the live analysis
    /// relies on when it decides what to run again.
    pub fn covers(&self, fresh: &Self) -> bool {
        (self.among.data || fresh.words.iter().all(|c| self.words.contains(c)))
            && (self.all_places || (!fresh.all_places && fresh.places.iter().all(|c| self.places.contains(c))))
            && (!fresh.structure || self.structure)
            && (!fresh.component_list || self.component_list)
            && fresh.among.within(self.among)
    }

    /// Whether the stage read the data of any of the `edited` components: it read theirs, or it goes through the
    /// components that carry data (which reads every component's, those added since it ran too).
    pub fn any_data(&self, edited: &[ComponentIx]) -> bool {
        self.any(edited) || (self.among.data && !edited.is_empty())
    }

    /// Whether the stage came across a component that came or went (`shift`): it read which components there are, or
    /// some of them that take it ([`crate::model::structure::Among`]), or the children of its parent (noted as the
    /// parent's place).
    pub fn came_across(&self, shift: &crate::model::changes::ComponentShift) -> bool {
        self.component_list || shift.among(self.among) || shift.parent_read(|p| self.any_place(&[p]))
    }

    /// Adds what `other` read (a stage run in part reads what its last whole run did, and what the part did).
    pub fn add(&mut self, other: &Self) {
        self.words.union_with(&other.words);
        self.places.union_with(&other.places);
        self.structure |= other.structure;
        self.component_list |= other.component_list;
        self.among = self.among.union(other.among);
        self.all_places |= other.all_places;
    }

    /// The same reads after a component was added or removed (`shift`). An added one's data and place no stage read
    /// yet, but for what a stage that did not run again would have read of it: going through the nested components of
    /// some kinds reads where each of those kinds sits, so a later move of it re-runs the stage. (Going through the
    /// components that carry data reads every component's data: such a stage re-runs after any edit of data,
    /// [`Read::any_data`].)
    pub fn shift(&mut self, shift: &crate::model::changes::ComponentShift) {
        let at = shift.at.index();
        self.words.shift(at, shift.added);
        self.places.shift(at, shift.added);
        if shift.added && self.among.nested.contains(shift.kind) {
            self.places.insert(at);
        }
    }
}

thread_local! {
    /// Whether reads are being noted (checked first: the common case is a one-off analysis that notes nothing).
    static NOTING: Cell<bool> = const { Cell::new(false) };
    /// The bits of the stage being run.
    static BITS: RefCell<Bits> = const { RefCell::new(Bits::new()) };
}

/// Runs `stage`, noting whose data it reads and whether it reads the flow structure. Nested calls note into the
/// outer stage as well as their own.
pub fn noting<R>(stage: impl FnOnce() -> R) -> (R, Read) {
    let outer = NOTING.with(|noting| noting.replace(true));
    let saved = BITS.with(|bits| std::mem::take(&mut *bits.borrow_mut()));
    let (result, seen) = crate::model::structure::noting(stage);
    let words = BITS.with(|bits| std::mem::replace(&mut *bits.borrow_mut(), saved));
    NOTING.with(|noting| noting.set(outer));
    if outer {
        // The outer stage read what this one did.
        BITS.with(|bits| bits.borrow_mut().union_with(&words));
    }
    let read = Read {
        words,
        structure: seen.flow_structure,
        component_list: seen.component_list,
        among: seen.among,
        places: seen.places,
        all_places: seen.all_places,
    };
    (result, read)
}

fn note(c: ComponentIx) {
    if NOTING.with(Cell::get) {
        BITS.with(|bits| bits.borrow_mut().insert(c.index()));
        // Inside a check, whether it is the data of its own flow's ends or component (or partners).
        crate::model::structure::note_data(c.0);
    }
}

/// A component's data profile, if it says.
pub fn profile(model: &Model, c: ComponentIx) -> Option<&DataProfile> {
    note(c);
    model.data(c)
}

/// The components that carry data, with their data, in id order. Every component's data is read (and noted), the
/// list of components only as a read of those that carry data ([`crate::model::structure::Among`]).
pub fn carriers(model: &Model) -> impl Iterator<Item = (ComponentIx, &DataProfile)> + '_ {
    model.component_ixs_for_data().filter_map(|c| profile(model, c).map(|data| (c, data)))
}

/// The classification of a component's data, if it says.
pub fn classification(model: &Model, c: ComponentIx) -> Option<Classification> {
    profile(model, c).map(|d| d.classification)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_noted_only_inside_noting_and_per_stage() {
        let model = crate::io::samples::all()[0].model().unwrap();
        let (a, b) = (ComponentIx(0), ComponentIx(model.components().len() as u32 - 1));
        let _ = classification(&model, a);
        let ((), outer) = noting(|| {
            let _ = classification(&model, a);
            let ((), inner) = noting(|| {
                let _ = profile(&model, b);
            });
            assert!(inner.contains(b) && !inner.contains(a) && inner.len() == 1);
        });
        assert!(outer.contains(a) && outer.contains(b) && outer.len() == 2, "{outer:?}");
        let ((), none) = noting(|| ());
        assert!(none.is_empty() && !none.any(&[a, b]));
        // Nothing is noted outside.
        let _ = classification(&model, a);
        assert!(BITS.with(|bits| bits.borrow().is_empty()) && !NOTING.with(Cell::get));
    }
}
