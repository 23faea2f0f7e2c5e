//! Noting whether code read the flow structure of a [`crate::model::Model`]: which flows there are, what they
//! connect and how (their ends and pattern), through any of the model's flow getters.
//!
//! A live analysis runs each stage inside [`noting`]; a stage that never read the flow structure computes the same
//! after a flow is added, removed or re-pointed, so it need not run again ([`crate::analysis::live`]). A rule that
//! judges each flow on its own runs each flow's check inside [`noting_except`] that flow: a check that read no other
//! flow (nor which flows there are) computes the same as long as its own flow is unchanged. Analysis code reads flows
//! only through the model's getters, never through `diagram().flows` (a scan of the sources checks it).

use std::cell::Cell;

thread_local! {
    /// Whether reads are being noted (checked first: the common case is a one-off analysis that notes nothing).
    static NOTING: Cell<bool> = const { Cell::new(false) };
    /// Whether the stage being run read the flow structure.
    static READ: Cell<bool> = const { Cell::new(false) };
    /// The position of the one flow whose reads are not noted ([`noting_except`]); `u32::MAX`: none.
    static OWN: Cell<u32> = const { Cell::new(u32::MAX) };
}

/// Runs `stage`, noting whether it reads the flow structure. Nested calls note into the outer stage as well.
pub fn noting<R>(stage: impl FnOnce() -> R) -> (R, bool) {
    let outer = NOTING.with(|noting| noting.replace(true));
    let saved = READ.with(|read| read.replace(false));
    let result = stage();
    let read = READ.with(Cell::get);
    // The outer stage read what this one did.
    READ.with(|r| r.set(saved || (outer && read)));
    NOTING.with(|noting| noting.set(outer));
    (result, read)
}

/// Runs `stage` (one flow's check), noting whether it reads any of the flow structure but the flow at `own` (its
/// ends, pattern and attributes). The outer stage, if any, notes nothing of it.
pub fn noting_except<R>(own: u32, stage: impl FnOnce() -> R) -> (R, bool) {
    let outer = OWN.with(|slot| slot.replace(own));
    let (result, read) = noting(stage);
    OWN.with(|slot| slot.set(outer));
    (result, read)
}

/// Notes a read of the flow structure.
#[inline]
pub(crate) fn note() {
    if NOTING.with(Cell::get) {
        READ.with(|read| read.set(true));
    }
}

/// Notes a read of the flow at position `f`.
#[inline]
pub(crate) fn note_flow(f: u32) {
    if NOTING.with(Cell::get) && OWN.with(Cell::get) != f {
        READ.with(|read| read.set(true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_noted_per_stage_and_into_the_outer_one() {
        let ((), none) = noting(|| ());
        assert!(!none);
        let ((inner_a, inner_b), outer) = noting(|| {
            let ((), a) = noting(note);
            let ((), b) = noting(|| ());
            (a, b)
        });
        assert!(inner_a && !inner_b && outer);
        let (((), inner), outer) = noting(|| noting(|| ()));
        assert!(!inner && !outer);
        // Its own flow is not noted; another flow, or the list of flows, is.
        let (own, others) = (noting_except(3, || note_flow(3)).1, noting_except(3, || note_flow(4)).1);
        assert!(!own && others && noting_except(3, note).1);
        assert!(noting(|| note_flow(3)).1 && OWN.with(Cell::get) == u32::MAX);
        // Nothing is noted outside.
        note();
        assert!(!NOTING.with(Cell::get) && !READ.with(Cell::get));
    }
}
