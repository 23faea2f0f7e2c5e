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

use crate::model::props::{Classification, DataProfile};
use crate::model::{ComponentIx, Model};

/// The components whose data a stage read (one bit per component index), and whether it read the flow structure
/// ([`crate::model::structure`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Read {
    words: Vec<u64>,
    /// It read which flows there are, what they connect or how.
    pub structure: bool,
    /// It read which components there are ([`crate::model::structure::Seen::components`]).
    pub component_list: bool,
}

impl Read {
    /// Whether the stage read the data of `c`.
    pub fn contains(&self, c: ComponentIx) -> bool {
        let i = c.index();
        self.words.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    /// Whether the stage read the data of any of `components`.
    pub fn any(&self, components: &[ComponentIx]) -> bool {
        components.iter().any(|&c| self.contains(c))
    }

    /// How many components' data the stage read.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the stage read no component's data.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Adds what `other` read (a stage run in part reads what its last whole run did, and what the part did).
    pub fn add(&mut self, other: &Self) {
        if self.words.len() < other.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (mine, &theirs) in self.words.iter_mut().zip(&other.words) {
            *mine |= theirs;
        }
        self.structure |= other.structure;
        self.component_list |= other.component_list;
    }

    /// The same reads after a component was added at position `at` (`true`, a component whose data no stage read
    /// yet) or removed from it.
    pub fn shift(&mut self, at: usize, added: bool) {
        let (first, bit) = (at / 64, at % 64);
        let low = (1u64 << bit) - 1;
        let len = self.words.len();
        if first >= len {
            return;
        }
        if added {
            // Every bit from `at` on moves up one place; the top bit of a word goes to the bottom of the next.
            let mut carry = 0;
            for i in first..len {
                let word = self.words[i];
                let up = if i == first { (word & low) | ((word & !low) << 1) } else { (word << 1) | carry };
                carry = word >> 63;
                self.words[i] = up;
            }
            if carry != 0 {
                self.words.push(carry);
            }
        } else {
            // The bit at `at` goes; every bit above it moves down one place.
            for i in first..len {
                let word = self.words[i];
                let down = if i == first { (word & low) | ((word >> 1) & !low) } else { word >> 1 };
                let next = self.words.get(i + 1).map_or(0, |w| w & 1);
                self.words[i] = down | (next << 63);
            }
        }
    }
}

thread_local! {
    /// Whether reads are being noted (checked first: the common case is a one-off analysis that notes nothing).
    static NOTING: Cell<bool> = const { Cell::new(false) };
    /// The bits of the stage being run.
    static BITS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
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
        BITS.with(|bits| {
            let mut bits = bits.borrow_mut();
            if bits.len() < words.len() {
                bits.resize(words.len(), 0);
            }
            for (mine, &theirs) in bits.iter_mut().zip(&words) {
                *mine |= theirs;
            }
        });
    }
    (result, Read { words, structure: seen.flow_structure, component_list: seen.component_list })
}

fn note(c: ComponentIx) {
    if !NOTING.with(Cell::get) {
        return;
    }
    let i = c.index();
    BITS.with(|bits| {
        let mut bits = bits.borrow_mut();
        if bits.len() <= i / 64 {
            bits.resize(i / 64 + 1, 0);
        }
        bits[i / 64] |= 1 << (i % 64);
    });
}

/// A component's data profile, if it says.
pub fn profile(model: &Model, c: ComponentIx) -> Option<&DataProfile> {
    note(c);
    model.props(c).data.as_ref()
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

    #[test]
    fn reads_shift_with_an_added_or_removed_component() {
        let set = |bits: &[usize]| {
            let mut read = Read::default();
            for &i in bits {
                if read.words.len() <= i / 64 {
                    read.words.resize(i / 64 + 1, 0);
                }
                read.words[i / 64] |= 1 << (i % 64);
            }
            read
        };
        let on = |read: &Read| {
            (0..read.words.len() * 64).filter(|&i| read.contains(ComponentIx(i as u32))).collect::<Vec<_>>()
        };
        let bits = [0, 5, 63, 64, 70, 127, 130];
        for at in [0, 5, 6, 63, 64, 65, 127, 128, 200] {
            let mut added = set(&bits);
            added.shift(at, true);
            let moved: Vec<usize> = bits.iter().map(|&i| if i >= at { i + 1 } else { i }).collect();
            assert_eq!(on(&added), moved, "added at {at}");
            let mut removed = set(&bits);
            removed.shift(at, false);
            let kept: Vec<usize> = bits.iter().filter(|&&i| i != at).map(|&i| if i > at { i - 1 } else { i }).collect();
            assert_eq!(on(&removed), kept, "removed at {at}");
            // Adding and then removing at the same place gives the reads back.
            added.shift(at, false);
            assert_eq!(on(&added), bits, "at {at}");
        }
    }
}
