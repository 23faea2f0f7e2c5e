//! Noting whether code read the flow structure of a [`crate::model::Model`]: which flows there are, what they
//! connect and how (their ends and pattern), through any of the model's flow getters; and, apart from it, whether it
//! read which components there are: the list of components, a component's children, or a component by id.
//!
//! A live analysis runs each stage inside [`noting`]; a stage that never read the flow structure computes the same
//! after a flow is added, removed or re-pointed, so it need not run again ([`crate::analysis::live`]). A rule that
//! judges each flow (or each component) on its own runs its checks inside [`noting_checks`], each except its own flow
//! (or its component's flows): a check that read no other flow (nor which flows there are) computes the same as long as its
//! own flow (or the flows of its own component) are unchanged. Analysis code reads flows only through the model's
//! getters, never through `diagram().flows` (a scan of the sources checks it).
//!
//! Likewise a stage that never read which components there are computes the same after a component without flows,
//! children or links is added or removed (positions aside): it cannot have come across it. A component's check may
//! read its own children without it being noted; it is checked again when a child comes or goes. Analysis code reads
//! the components only through the model's getters, never through `diagram().components` (a scan checks it).
//!
//! Code that goes through only some of the components reads the list through a filter ([`Among`]): the components
//! of some kinds ([`crate::model::Model::components_of`]), of some kinds inside another component
//! ([`crate::model::Model::nested_components_of`]), those that carry data (`crate::analysis::data::carriers`) or that
//! name images ([`crate::model::Model::naming_images`]). Such a read is noted as the filter, not as a read of which
//! components there are: it computes the same after a component the filter does not take came or went.
//!
//! Reads of where a component sits (its parent, containers, depth, children, and the facts derived from them) are
//! noted per component, as a set of positions per stage: after a component moved under another parent, only the
//! stages that read the place of a component whose place changed re-run. Inside a check such a read is noted as
//! foreign too when it is about another component than its own, or those its own flows connect (a flow's ends, a
//! component's flow partners): a rule with such a check re-runs whole after a move, not on what moved.

use std::cell::{Cell, RefCell};

use crate::model::bits::Bits;
use crate::model::kind::{ComponentKind, Kinds};

/// What one check may read of the flow structure without it being noted ([`noting_except`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Own {
    /// Nothing: every read is noted.
    Nothing,
    /// The flow at this position (with the positions of its ends): its ends, pattern and attributes, and its ends'
    /// bounded contexts. Its reads of the other flows at its ends are noted as [`Seen::end_flows`].
    Flow(u32, (u32, u32)),
    /// The component at this position: the flows leaving and entering it, their ends, patterns and attributes, and
    /// the bounded contexts of it and of the components its flows connect it with.
    Component(u32),
}

/// What a check read of another component than its own ([`Checks::run`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Where it sits.
    Place,
    /// Its bounded context.
    Context,
    /// Its data (`crate::analysis::data`).
    Data,
}

/// Reads of which components there are limited to some of them (see the module's documentation): code that read the
/// list only through these computes the same after a component came or went that none of them takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Among {
    /// The components of these kinds.
    pub kinds: Kinds,
    /// The components of these kinds that sit inside another component.
    pub nested: Kinds,
    /// The components that carry data.
    pub data: bool,
    /// The components that name images.
    pub images: bool,
}

impl Among {
    /// No read.
    pub const NONE: Self = Self { kinds: Kinds::NONE, nested: Kinds::NONE, data: false, images: false };

    /// Both reads.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self {
            kinds: self.kinds.union(other.kinds),
            nested: self.nested.union(other.nested),
            data: self.data || other.data,
            images: self.images || other.images,
        }
    }

    /// Whether every read of this one is among `other`'s.
    pub const fn within(self, other: Self) -> bool {
        self.kinds.within(other.kinds)
            && self.nested.within(other.nested.union(other.kinds))
            && (!self.data || other.data)
            && (!self.images || other.images)
    }

    /// Whether a component of `kind` that sits inside another (`nested`), carries data (`data`) or names images
    /// (`images`) is among what was read.
    pub const fn takes(self, kind: ComponentKind, nested: bool, data: bool, images: bool) -> bool {
        self.kinds.contains(kind)
            || (nested && self.nested.contains(kind))
            || (data && self.data)
            || (images && self.images)
    }
}

thread_local! {
    /// Whether reads are being noted (checked first: the common case is a one-off analysis that notes nothing).
    static NOTING: Cell<bool> = const { Cell::new(false) };
    /// Whether the stage being run read the flow structure.
    static READ: Cell<bool> = const { Cell::new(false) };
    /// Whether the checks being run read their own flows (which [`Checks::run`] does not note as the structure).
    static OWN_FLOWS: Cell<bool> = const { Cell::new(false) };
    /// Whether a flow's check being run read other flows at its flow's ends (which it does not note as the
    /// structure).
    static END_FLOWS: Cell<bool> = const { Cell::new(false) };
    /// Whether the stage being run read which components there are.
    static COMPONENTS: Cell<bool> = const { Cell::new(false) };
    /// The reads of some of the components that the stage being run made ([`Among`]).
    static AMONG: Cell<Among> = const { Cell::new(Among::NONE) };
    /// Whether the check being run read the bounded context of a component outside what it may read of its own.
    static FOREIGN_CONTEXTS: Cell<bool> = const { Cell::new(false) };
    /// Whether the check being run read where a component sits, outside what it may read of its own.
    static FOREIGN_PLACES: Cell<bool> = const { Cell::new(false) };
    /// What the check being run may read without it being noted.
    static OWN: Cell<Own> = const { Cell::new(Own::Nothing) };
    /// For a component's check: the other components whose place, context or data it read, which are
    /// foreign unless its flows connect them with it; [`Checks::run`] hands them to the caller, which knows the flows
    /// (so a check that reads nothing of another component costs no list of its partners).
    static PENDING: RefCell<Vec<(u32, Reading)>> = const { RefCell::new(Vec::new()) };
    /// Whether the check being run read the data of a component outside what it may read of its own.
    static FOREIGN_DATA: Cell<bool> = const { Cell::new(false) };
    /// The last component whose place the stage or check being run noted (reading it again notes nothing new):
    /// [`NO_PLACE`] when none yet, [`NOT_NOTING`] outside [`noting`]. One thread-local read decides for most reads.
    static LAST_PLACE: Cell<u64> = const { Cell::new(NOT_NOTING) };
    /// The components whose place the stage being run read.
    static PLACES: RefCell<Bits> = const { RefCell::new(Bits::new()) };
    /// Whether the stage being run read something of every component's place.
    static ALL_PLACES: Cell<bool> = const { Cell::new(false) };
}

/// [`LAST_PLACE`] outside [`noting`].
const NOT_NOTING: u64 = u64::MAX;
/// [`LAST_PLACE`] before the stage or check being run noted a place.
const NO_PLACE: u64 = u64::MAX - 1;

/// What a stage read of the model's structure.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    /// The flow structure: which flows there are, what they connect and how.
    pub flow_structure: bool,
    /// Which components there are: the list, a component's children (but its own, for a component's check), or a
    /// component by id.
    pub component_list: bool,
    /// Which components there are of some of them only ([`Among`]).
    pub among: Among,
    /// The bounded context of a component other than a flow's ends (for a flow's check), or than the component and
    /// the components its flows connect it with (for a component's check); outside a check nothing is noted.
    pub foreign_contexts: bool,
    /// Where a component sits (its parent, containers, depth, or the facts derived from them), for a component other
    /// than a flow's ends (for a flow's check), or than the component and the components its flows connect it with
    /// (for a component's check); outside a check nothing is noted.
    pub foreign_places: bool,
    /// The components whose place it read (where they sit: their parent, containers, depth, children, or the facts
    /// derived from them).
    pub places: Bits,
    /// It read something of every component's place (the accounts' entries, which sum up their members).
    pub all_places: bool,
    /// Inside checks ([`noting_checks`]): a check read its own flows (or its flow), which are not noted as a read of
    /// the flow structure.
    pub own_flows: bool,
    /// Inside checks ([`noting_checks`]): a flow's check read other flows at its flow's ends (which flows arrive
    /// there and leave, their ends, patterns and attributes), which are not noted as a read of the flow structure:
    /// the check computes the same as long as the flows at its flow's ends are unchanged.
    pub end_flows: bool,
    /// The data of a component other than a flow's ends (for a flow's check), or than the component and the
    /// components its flows connect it with (for a component's check); outside a check nothing is noted.
    pub foreign_data: bool,
}

/// Runs `stage`, noting whether it reads the flow structure and which components there are. Nested calls note into
/// the outer stage as well.
pub fn noting<R>(stage: impl FnOnce() -> R) -> (R, Seen) {
    noting_places(stage, true)
}

/// [`noting`]; with `places` false (a check inside a stage) the places read go to the outer stage only, and the
/// result holds none (a check is asked only whether it read foreign places: no set is made per check).
fn noting_places<R>(stage: impl FnOnce() -> R, places: bool) -> (R, Seen) {
    let outer = NOTING.with(|noting| noting.replace(true));
    let saved = (
        READ.with(|read| read.replace(false)),
        COMPONENTS.with(|read| read.replace(false)),
        FOREIGN_CONTEXTS.with(|read| read.replace(false)),
        FOREIGN_PLACES.with(|read| read.replace(false)),
        places.then(|| PLACES.with(|read| std::mem::take(&mut *read.borrow_mut()))),
        ALL_PLACES.with(|read| read.replace(false)),
        LAST_PLACE.with(|last| last.replace(NO_PLACE)),
    );
    let among = AMONG.with(|read| read.replace(Among::NONE));
    let (own_flows, end_flows, foreign_data) = (
        OWN_FLOWS.with(|read| read.replace(false)),
        END_FLOWS.with(|read| read.replace(false)),
        FOREIGN_DATA.with(|read| read.replace(false)),
    );
    let result = stage();
    let seen = Seen {
        flow_structure: READ.with(Cell::get),
        component_list: COMPONENTS.with(Cell::get),
        among: AMONG.with(Cell::get),
        foreign_contexts: FOREIGN_CONTEXTS.with(Cell::get),
        foreign_places: FOREIGN_PLACES.with(Cell::get),
        places: saved
            .4
            .map(|outer| PLACES.with(|read| std::mem::replace(&mut *read.borrow_mut(), outer)))
            .unwrap_or_default(),
        all_places: ALL_PLACES.with(|read| read.replace(saved.5)),
        own_flows: OWN_FLOWS.with(|read| read.replace(own_flows)),
        end_flows: END_FLOWS.with(|read| read.replace(end_flows)),
        foreign_data: FOREIGN_DATA.with(|read| read.replace(foreign_data)),
    };
    // The outer stage read what this one did.
    READ.with(|r| r.set(saved.0 || (outer && seen.flow_structure)));
    COMPONENTS.with(|r| r.set(saved.1 || (outer && seen.component_list)));
    AMONG.with(|r| r.set(if outer { among.union(seen.among) } else { among }));
    FOREIGN_CONTEXTS.with(|r| r.set(saved.2 || (outer && seen.foreign_contexts)));
    FOREIGN_PLACES.with(|r| r.set(saved.3 || (outer && seen.foreign_places)));
    if outer {
        if places {
            PLACES.with(|r| r.borrow_mut().union_with(&seen.places));
        }
        ALL_PLACES.with(|r| r.set(r.get() || seen.all_places));
    }
    // What the outer stage noted last it still holds (with this stage's reads besides).
    LAST_PLACE.with(|last| last.set(saved.6));
    NOTING.with(|noting| noting.set(outer));
    (result, seen)
}

/// Runs the checks of a rule that judges each flow or each component on its own, one after another through
/// [`Checks::run`], as one stage: what the checks read but their own (a flow's check its flow, with its ends; a
/// component's check its component's flows and children) is noted for them all together, which is what tells whether every check was local. The places read go to the outer stage's set (the
/// result holds none). A check costs a few thread-local writes, not a stage of its own.
pub fn noting_checks<R>(checks: impl FnOnce(&mut Checks) -> R) -> (R, Seen) {
    noting_places(|| checks(&mut Checks { pending: Vec::new() }), false)
}

/// The checks of one [`noting_checks`].
pub struct Checks {
    /// The last check's reads of other components' places, contexts and data, to be judged by its flows.
    pending: Vec<(u32, Reading)>,
}

impl Checks {
    /// Runs one check with reads of `own` not noted. For a component's check, also gives the other components whose
    /// place, context or data it read, in the order read: each is a foreign read unless the component's flows connect
    /// it with it, which the caller tells.
    pub fn run<R>(&mut self, own: Own, check: impl FnOnce() -> R) -> (R, &[(u32, Reading)]) {
        let outer = OWN.with(|slot| slot.replace(own));
        // A place noted by the last check is noted afresh: it may be foreign to this one.
        LAST_PLACE.with(|last| last.set(NO_PLACE));
        let result = check();
        OWN.with(|slot| slot.set(outer));
        LAST_PLACE.with(|last| last.set(NO_PLACE));
        self.pending.clear();
        PENDING.with(|pending| std::mem::swap(&mut *pending.borrow_mut(), &mut self.pending));
        (result, &self.pending)
    }
}

/// Notes a foreign read of a place, a context or data inside a check.
fn foreign(reading: Reading) {
    let flag = match reading {
        Reading::Place => &FOREIGN_PLACES,
        Reading::Context => &FOREIGN_CONTEXTS,
        Reading::Data => &FOREIGN_DATA,
    };
    flag.with(|read| read.set(true));
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
    // Once the stage read the flow structure, another flow read adds nothing (code that goes through every flow
    // notes only its first).
    if NOTING.with(Cell::get) && !READ.with(Cell::get) {
        match OWN.with(Cell::get) {
            // A flow's check reading its own flow: no need to look its ends up.
            Own::Flow(own, _) if own == f => OWN_FLOWS.with(|read| read.set(true)),
            _ => note_flow_with(f, ends()),
        }
    }
}

/// [`note_flow`] while noting (out of line: the getters that call it stay small).
#[inline(never)]
fn note_flow_with(f: u32, (from, to): (u32, u32)) {
    match OWN.with(Cell::get) {
        Own::Flow(own, _) if own == f => OWN_FLOWS.with(|read| read.set(true)),
        Own::Flow(_, (a, b)) if from == a || from == b || to == a || to == b => END_FLOWS.with(|read| read.set(true)),
        Own::Component(own) if own == from || own == to => OWN_FLOWS.with(|read| read.set(true)),
        _ => read(),
    }
}

/// Notes a read of which components there are.
#[inline]
pub(crate) fn note_components() {
    if NOTING.with(Cell::get) {
        COMPONENTS.with(|read| read.set(true));
    }
}

/// Notes a read of some of the components only ([`Among`]).
#[inline]
pub(crate) fn note_among(among: Among) {
    if NOTING.with(Cell::get) {
        AMONG.with(|read| read.set(read.get().union(among)));
    }
}

/// Runs `f` without noting its reads of which components there are: for looking up what a rule's findings are about,
/// which only a rule that came across those components through reads of its own can name.
pub(crate) fn without_component_reads<R>(f: impl FnOnce() -> R) -> R {
    let saved = COMPONENTS.with(Cell::get);
    let result = f();
    COMPONENTS.with(|read| read.set(saved));
    result
}

/// Whether a check is being run ([`noting_except`]): only then are reads of contexts noted.
#[inline]
pub(crate) fn in_check() -> bool {
    OWN.with(Cell::get) != Own::Nothing
}

/// Notes, inside a check, a `reading` of the component at position `c`: a flow's check may read its ends', a
/// component's check its own (and those of the components its flows connect it with, which [`Checks::run`] leaves to
/// the caller to tell). Outside a check nothing is noted.
fn note_in_check(c: u32, reading: Reading) {
    match OWN.with(Cell::get) {
        Own::Nothing => {}
        Own::Flow(_, (from, to)) => {
            if c != from && c != to {
                foreign(reading);
            }
        }
        Own::Component(own) => {
            if own != c {
                PENDING.with(|pending| pending.borrow_mut().push((c, reading)));
            }
        }
    }
}

/// Notes, inside a check, a read of the data of the component at position `c` (see [`note_in_check`]); the data
/// module notes whose data each stage read.
pub(crate) fn note_data(c: u32) {
    if NOTING.with(Cell::get) {
        note_in_check(c, Reading::Data);
    }
}

/// Notes a read of the bounded context of the component at position `c`.
#[inline]
pub(crate) fn note_context(c: u32) {
    // Only a check's reads matter (a whole stage reads what it likes): outside one, nothing to note.
    if in_check() {
        note_context_in_check(c);
    }
}

/// [`note_context`] inside a check (out of line: [`crate::model::Model::context`] stays small).
#[inline(never)]
fn note_context_in_check(c: u32) {
    if NOTING.with(Cell::get) {
        note_in_check(c, Reading::Context);
    }
}

/// Notes a read of where the component at position `c` sits: its parent, containers or depth, or the facts derived
/// from them.
#[inline]
pub(crate) fn note_place(c: u32) {
    let last = LAST_PLACE.with(Cell::get);
    if last != u64::from(c) && last != NOT_NOTING {
        note_place_noting(c);
    }
}

/// Notes a read of something of every component's place (the accounts' entries, which sum up their members). The
/// stage's (or check's) later reads of places need no noting.
pub(crate) fn note_all_places() {
    if NOTING.with(Cell::get) {
        ALL_PLACES.with(|read| read.set(true));
        LAST_PLACE.with(|last| last.set(NOT_NOTING));
        if in_check() {
            FOREIGN_PLACES.with(|read| read.set(true));
        }
    }
}

/// Runs `read`, code that reads where (nearly) every component sits: noted once as a read of every place
/// ([`note_all_places`]), its reads one by one not at all.
pub(crate) fn reading_all_places<R>(read: impl FnOnce() -> R) -> R {
    // Outside `noting` it is `NOT_NOTING` already.
    let saved = LAST_PLACE.with(Cell::get);
    note_all_places();
    let result = read();
    LAST_PLACE.with(|last| last.set(saved));
    result
}

/// [`note_place`] while noting (out of line: the getters that call it stay small).
#[inline(never)]
fn note_place_noting(c: u32) {
    LAST_PLACE.with(|last| last.set(u64::from(c)));
    PLACES.with(|read| read.borrow_mut().insert(c as usize));
    note_in_check(c, Reading::Place);
}

/// Notes a read of the children of the component at position `c`, as a read of where it sits: a component that came
/// or went changed the children of its parent only, whose place the live analysis asks about. Inside a check, the
/// children of another component than its own are a read of which components there are too (a check is not told
/// when a child comes or goes; its own component's check runs again then).
#[inline]
pub(crate) fn note_children(c: u32) {
    if NOTING.with(Cell::get) {
        let own = OWN.with(Cell::get);
        if own != Own::Nothing && own != Own::Component(c) {
            COMPONENTS.with(|read| read.set(true));
        }
        note_place(c);
    }
}

/// Notes a read of the flows leaving or entering the component at position `c` (for a flow's check at one of its
/// flow's ends, a read of the flows at its ends).
#[inline]
pub(crate) fn note_component(c: u32) {
    if NOTING.with(Cell::get) {
        match OWN.with(Cell::get) {
            Own::Component(own) if own == c => OWN_FLOWS.with(|read| read.set(true)),
            Own::Flow(_, (a, b)) if c == a || c == b => END_FLOWS.with(|read| read.set(true)),
            _ => read(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `stage` as one check of its own, noting whether it reads any of the flow structure but its `own`, and
    /// which components there are (a component's own children aside).
    fn noting_except<R>(own: Own, stage: impl FnOnce() -> R) -> (R, Seen) {
        noting_among(own, &[], stage)
    }

    /// [`noting_except`], for a component's check, with the components its flows connect it with (`partners`, in
    /// order): where those sit may be read without it being noted.
    fn noting_among<R>(own: Own, partners: &[u32], stage: impl FnOnce() -> R) -> (R, Seen) {
        noting_checks(|checks| {
            let (result, pending) = checks.run(own, stage);
            for &(c, reading) in pending {
                if partners.binary_search(&c).is_err() {
                    foreign(reading);
                }
            }
            result
        })
    }

    #[test]
    fn reads_are_noted_per_stage_and_into_the_outer_one() {
        let ((), none) = noting(|| ());
        assert!(!none.flow_structure && !none.component_list);
        let ((inner_a, inner_b), outer) = noting(|| {
            let ((), a) = noting(note);
            let ((), b) = noting(|| ());
            (a.flow_structure, b.flow_structure)
        });
        assert!(inner_a && !inner_b && outer.flow_structure && !outer.component_list);
        let (((), inner), outer) = noting(|| noting(|| ()));
        assert!(!inner.flow_structure && !outer.flow_structure);
        // Which components there are is noted apart from the flows, into the outer stage too.
        let (((), inner), outer) = noting(|| noting(note_components));
        assert!(inner.component_list && !inner.flow_structure && outer.component_list && !outer.flow_structure);
        // A component's own children are not noted; another's are, and so is any list of components.
        let children = |own, c| noting_except(own, || note_children(c)).1.component_list;
        // A whole stage's read of children is a read of the parent's place.
        let ((), stage) = noting(|| note_children(3));
        assert!(!stage.component_list && stage.places.contains(3));
        assert!(!children(Own::Component(2), 2) && children(Own::Component(2), 3) && children(Own::Flow(2, (0, 1)), 2));
        assert!(noting_except(Own::Component(2), note_components).1.component_list);
        // A flow's check may read its ends' contexts; a component's its own and its partners'.
        let context = |own, c, partner: bool| {
            let partners: &[u32] = if partner { &[c] } else { &[] };
            noting_among(own, partners, || note_context(c)).1.foreign_contexts
        };
        assert!(!context(Own::Flow(3, (0, 1)), 1, false) && context(Own::Flow(3, (0, 1)), 2, false));
        assert!(!context(Own::Component(4), 4, false) && !context(Own::Component(4), 5, true));
        assert!(context(Own::Component(4), 5, false) && !noting(|| note_context(4)).1.foreign_contexts);
        // Where a component sits: a flow's ends', a component's own and its partners'.
        let place = |own, partners: &[u32], c| noting_among(own, partners, || note_place(c)).1.foreign_places;
        assert!(!place(Own::Flow(3, (0, 1)), &[], 1) && place(Own::Flow(3, (0, 1)), &[], 2));
        assert!(!place(Own::Component(4), &[], 4) && !place(Own::Component(4), &[2, 5], 5));
        assert!(place(Own::Component(4), &[2, 5], 3) && !noting(|| note_place(4)).1.foreign_places);
        assert!(PENDING.with(|p| p.borrow().is_empty()) && LAST_PLACE.with(Cell::get) == NOT_NOTING);
        // A place read again in the same check notes nothing new; in the next check it is noted afresh.
        let ((), twice) = noting(|| {
            let (((), a), ((), b)) = (
                noting_among(Own::Component(4), &[], || note_place(7)),
                noting_among(Own::Component(4), &[], || note_place(7)),
            );
            assert!(a.foreign_places && b.foreign_places && a.places.is_empty());
            note_place(7);
        });
        assert!(twice.places.contains(7) && twice.foreign_places);
        // One stage for many checks: each check's reads of other components' places and contexts come back to be
        // judged by its flows, a place read by one check is noted afresh in the next, and a flow's check decides alone.
        let ((), checks) = noting_checks(|checks| {
            let ((), a) = checks.run(Own::Component(4), || note_place(7));
            assert_eq!(a, [(7, Reading::Place)]);
            let ((), b) = checks.run(Own::Component(5), || {
                note_place(7);
                note_place(5);
                note_context(6);
            });
            assert_eq!(b, [(7, Reading::Place), (6, Reading::Context)]);
            let ((), f) = checks.run(Own::Flow(1, (2, 3)), || note_place(2));
            assert!(f.is_empty());
            assert!(!FOREIGN_PLACES.with(Cell::get));
            let ((), g) = checks.run(Own::Flow(1, (2, 3)), || note_place(9));
            assert!(g.is_empty() && FOREIGN_PLACES.with(Cell::get) && OWN.with(Cell::get) == Own::Nothing);
        });
        assert!(checks.foreign_places && !checks.foreign_contexts && checks.places.is_empty());
        assert!(PENDING.with(|p| p.borrow().is_empty()) && LAST_PLACE.with(Cell::get) == NOT_NOTING);
        // Code that reads every place is noted once as such.
        let ((), all) = noting(|| reading_all_places(|| note_place(9)));
        assert!(all.all_places && !all.places.contains(9) && LAST_PLACE.with(Cell::get) == NOT_NOTING);
        // Its own flow is not noted; another flow, or the list of flows, is.
        let except = |own, read: fn()| noting_except(own, read).1.flow_structure;
        assert!(!except(Own::Flow(3, (0, 1)), || note_flow(3, || (0, 1))));
        assert!(except(Own::Flow(3, (0, 1)), || note_flow(4, || (5, 6))) && except(Own::Flow(3, (0, 1)), note));
        assert!(except(Own::Flow(3, (0, 1)), || note_component(3)));
        // A flow's check reading the flows at its flow's ends (either end, either way) notes them apart.
        let ends = |read: fn()| noting_except(Own::Flow(3, (0, 1)), read).1;
        for read in [(|| note_flow(4, || (1, 5))) as fn(), || note_flow(4, || (6, 0)), || note_component(1)] {
            let seen = ends(read);
            assert!(seen.end_flows && !seen.flow_structure && !seen.own_flows);
        }
        assert!(!ends(|| note_flow(3, || (0, 1))).end_flows && !ends(|| note_component(5)).end_flows);
        assert!(!noting_except(Own::Component(1), || note_flow(7, || (1, 2))).1.end_flows);
        // A component's own flows (either end) and lists of flows are not noted; other flows and lists are.
        assert!(!except(Own::Component(1), || note_flow(7, || (1, 2))));
        assert!(
            !except(Own::Component(2), || note_flow(7, || (1, 2))) && !except(Own::Component(2), || note_component(2))
        );
        assert!(
            except(Own::Component(3), || note_flow(7, || (1, 2))) && except(Own::Component(3), || note_component(1))
        );
        assert!(noting(|| note_flow(3, || (3, 3))).1.flow_structure && OWN.with(Cell::get) == Own::Nothing);
        // Reads of its own flows are told apart, for a rule to know whether its checks looked at flows at all.
        let own = |own, read: fn()| noting_except(own, read).1.own_flows;
        assert!(own(Own::Component(1), || note_flow(7, || (1, 2))) && own(Own::Component(2), || note_component(2)));
        assert!(own(Own::Flow(3, (0, 1)), || note_flow(3, || (0, 1))) && !own(Own::Component(3), || note_component(1)));
        assert!(!own(Own::Component(3), note_components) && !noting(|| note_component(3)).1.own_flows);
        // Nothing is noted outside.
        note();
        note_components();
        assert!(!NOTING.with(Cell::get) && !READ.with(Cell::get) && !COMPONENTS.with(Cell::get));
        assert!(!END_FLOWS.with(Cell::get));
    }
}
