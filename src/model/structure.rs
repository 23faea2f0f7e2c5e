//! Noting whether code read the flow structure of a [`crate::model::Model`]: which flows there are, what they
//! connect and how (their ends and pattern), through any of the model's flow getters.
//!
//! A live analysis runs each stage inside [`noting`]; a stage that never read the flow structure computes the same
//! after a flow is added, removed or re-pointed, so it need not run again ([`crate::analysis::live`]). A rule that
//! judges each flow (or each component) on its own runs each check inside [`noting_except`] that flow (or that
//! component's flows): a check that read no other flow (nor which flows there are) computes the same as long as its
//! own flow (or the flows of its own component) are unchanged. Analysis code reads flows only through the model's
//! getters, never through `diagram().flows` (a scan of the sources checks it).

use std::cell::Cell;

/// What one check may read of the flow structure without it being noted ([`noting_except`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Own {
    /// Nothing: every read is noted.
    Nothing,
    /// The flow at this position: its ends, pattern and attributes.
    Flow(u32),
    /// The component at this position: the flows leaving and entering it, their ends, patterns and attributes.
    Component(u32),
}

thread_local! {
    /// Whether reads are being noted (checked first: the common case is a one-off analysis that notes nothing).
    static NOTING: Cell<bool> = const { Cell::new(false) };
    /// Whether the stage being run read the flow structure.
    static READ: Cell<bool> = const { Cell::new(false) };
    /// What the check being run may read without it being noted.
    static OWN: Cell<Own> = const { Cell::new(Own::Nothing) };
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

/// Runs `stage` (one flow's or one component's check), noting whether it reads any of the flow structure but its
/// `own`. The outer stage, if any, notes nothing of what it read of its own.
pub fn noting_except<R>(own: Own, stage: impl FnOnce() -> R) -> (R, bool) {
    let outer = OWN.with(|slot| slot.replace(own));
    let (result, read) = noting(stage);
    OWN.with(|slot| slot.set(outer));
    (result, read)
}

fn read() {
    READ.with(|read| read.set(true));
}

/// Notes a read of the flow structure as a whole (which flows there are).
#[inline]
pub(crate) fn note() {
    if NOTING.with(Cell::get) {
        read();
    }
}

/// Notes a read of the flow at position `f`, whose ends `ends` gives (asked only while noting).
#[inline]
pub(crate) fn note_flow(f: u32, ends: impl FnOnce() -> (u32, u32)) {
    if NOTING.with(Cell::get) {
        note_flow_with(f, ends());
    }
}

/// [`note_flow`] while noting (out of line: the getters that call it stay small).
#[inline(never)]
fn note_flow_with(f: u32, (from, to): (u32, u32)) {
    let own = match OWN.with(Cell::get) {
        Own::Nothing => false,
        Own::Flow(own) => own == f,
        Own::Component(own) => own == from || own == to,
    };
    if !own {
        read();
    }
}

/// Notes a read of the flows leaving or entering the component at position `c`.
#[inline]
pub(crate) fn note_component(c: u32) {
    if NOTING.with(Cell::get) && OWN.with(Cell::get) != Own::Component(c) {
        read();
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
        let except = |own, read: fn()| noting_except(own, read).1;
        assert!(!except(Own::Flow(3), || note_flow(3, || (0, 1))));
        assert!(except(Own::Flow(3), || note_flow(4, || (0, 1))) && except(Own::Flow(3), note));
        assert!(except(Own::Flow(3), || note_component(3)));
        // A component's own flows (either end) and lists of flows are not noted; other flows and lists are.
        assert!(!except(Own::Component(1), || note_flow(7, || (1, 2))));
        assert!(
            !except(Own::Component(2), || note_flow(7, || (1, 2))) && !except(Own::Component(2), || note_component(2))
        );
        assert!(
            except(Own::Component(3), || note_flow(7, || (1, 2))) && except(Own::Component(3), || note_component(1))
        );
        assert!(noting(|| note_flow(3, || (3, 3))).1 && OWN.with(Cell::get) == Own::Nothing);
        // Nothing is noted outside.
        note();
        assert!(!NOTING.with(Cell::get) && !READ.with(Cell::get));
    }
}
