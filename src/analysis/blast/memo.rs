//! What a live analysis remembers of its blast-radius sweeps ([`SweepMemo`], installed by [`remembering`]), so the
//! next sweep redoes only what an edit can change. One-off analyses remember nothing.
//!
//! - A sweep over a graph of the same steps and sketch keys, counting the same components, finds the same sizes:
//!   it skips the sketches and only lists the sensitive stores again (an edit of a store's data, or of anything the
//!   graph's steps do not depend on).
//! - After some steps changed (a flow added, removed or re-pointed), or some components' keys, counting or
//!   sensitivity: every strongly connected component whose states reach none of the changed states reaches what it
//!   reached before, and has the same members, so its reach is taken over; only the others are swept again.
//! - After a component without flows, children or links came or went alone ([`expect_component_edit`]), the last
//!   graph is patched (`shift`), and mostly its condensation too; such a condensation is numbered otherwise than a
//!   fresh one of the same graph, so what a sweep keeps is matched to the next one's components by their states.
//! - After an edit that changes nothing the graph's steps read (bounded contexts or data alone,
//!   [`expect_same_graph`]) and leaves the same stores sensitive: the last sweep's reaches are handed over as they
//!   were, without building the graph ([`super::sweep_model`]); when other stores are sensitive, the last graph and
//!   its condensation are swept again with the new stores (its sizes are known, see the first point).

use std::cell::RefCell;

use crate::analysis::blast::graph::{BlastGraph, NONE};
use crate::analysis::blast::judged::Judgements;
use crate::analysis::blast::patch::{FlowEdit, FlowSteps};
use crate::analysis::blast::ranking::{Reach, SccReach, Size};
use crate::analysis::blast::scc::Condensation;
use crate::model::changes::ComponentShift;
use crate::model::{ComponentIx, Posture};

/// What the last sweep found, kept across a live analysis's updates ([`remembering`]).
#[derive(Clone, Debug, Default)]
pub struct SweepMemo {
    /// What the sizes were found from.
    key: Option<SweepKey>,
    /// Per component: reached and controlled.
    sizes: Vec<(Size, Size)>,
    /// What each strongly connected component of that graph reached, while they fit in [`KEPT_KEYS`] keys.
    reach: Option<Reaches>,
    /// A component added or removed since the last sweep, whose states the next sweep's graph places
    /// ([`SweepMemo::shift`]).
    pending: Option<ComponentShift>,
    /// States that must count as changed at the next sweep: they stepped to a state that is gone.
    forced: Vec<u32>,
    /// What the sweep before the last one found, when the last one changed only steps (flows or connections): a sweep
    /// over that graph again (the edit undone) takes it back whole ([`SweepMemo::restore`]).
    before: Option<Box<Before>>,
    /// Whether the last graph's states were placed after a component came or went (then no [`Before`] is kept: the
    /// numbering changed).
    placed: bool,
    /// The last sweep's graph of a model and its condensation, kept by [`super::sweep_model`] for a sweep over the
    /// same steps.
    graph: Option<Box<(BlastGraph, Condensation, FlowSteps)>>,
    /// The flows (by id) added, removed or changed since the last sweep, when nothing else its graph reads changed
    /// ([`expect_flow_edit`]).
    flow_edit: Option<FlowEdit>,
    /// Whether network connections alone changed since the last sweep ([`expect_connection_edit`]).
    connection_edit: bool,
    /// Whether a component alone came or went since the last sweep ([`expect_component_edit`]).
    component_edit: bool,
    /// Whether the graph of the run's sweeps is the last sweep's ([`expect_same_graph`]).
    same_graph: bool,
    /// Whether a sweep handed over the last sweep's reaches, or went over its graph, since [`took_last_reaches`] was
    /// last asked.
    replayed: bool,
    /// What a rule judged each component from the last sweep's reaches ([`super::judged`]).
    judgements: Judgements,
    /// How many strongly connected components the last sweep took over from the one before.
    #[cfg(test)]
    pub(super) taken: usize,
    /// How many it found from what they reached before and what changed below them.
    #[cfg(test)]
    pub(super) grew: usize,
    /// How many sweeps handed the last sweep's reaches over as they were.
    #[cfg(test)]
    replays: usize,
    /// How many sweeps went over the last sweep's graph again.
    #[cfg(test)]
    regraphs: usize,
    /// How many sweeps took back what the sweep before the last one found ([`SweepMemo::restore`]).
    #[cfg(test)]
    pub(super) restores: usize,
    /// How many graphs built again took the kept condensation of the same steps ([`SweepMemo::condensation_of`]).
    #[cfg(test)]
    pub(super) condensations_kept: usize,
    /// How many components of sweeps over the last graph took their stores over ([`StoresKept::take`]).
    #[cfg(test)]
    stores_taken: usize,
}

/// What a sweep's sizes depend on: the graph's steps (`offsets`, `targets`), the components' sketch keys and which
/// components were counted.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct SweepKey {
    offsets: Vec<u32>,
    targets: Vec<u32>,
    keys: Vec<u32>,
    counted: Vec<bool>,
    /// Per virtual state, the component it is shown as ([`BlastGraph::virtual_display`]) and the one it belongs to
    /// ([`BlastGraph::virtual_owners`]).
    display: Vec<(u32, u32)>,
}

impl SweepKey {
    /// Whether the sizes it describes are those of `graph`, counting `counted`: the same steps from each state, in
    /// any order (a patch puts a flow's steps after the others, a fresh build where the flow comes).
    fn describes(&self, graph: &BlastGraph, counted: &[bool]) -> bool {
        let (offsets, targets) = graph.steps();
        let same_steps = || {
            self.targets[..] == targets[..]
                || (self.targets.len() == targets.len()
                    && self.offsets.windows(2).zip(offsets.windows(2)).all(|(then, now)| {
                        let (then, now) = (
                            &self.targets[then[0] as usize..then[1] as usize],
                            &targets[now[0] as usize..now[1] as usize],
                        );
                        then == now || {
                            let (mut then, mut now) = (then.to_vec(), now.to_vec());
                            crate::sorting::sort(&mut then);
                            crate::sorting::sort(&mut now);
                            then == now
                        }
                    }))
        };
        self.offsets[..] == offsets[..]
            && same_steps()
            && self.keys[..] == graph.keys()[..]
            && self.counted == counted
            && self.display == virtual_states(graph)
    }
}

/// The strongly connected components of a sweep's graph and what each reached.
#[derive(Clone, Debug)]
pub(super) struct Reaches {
    /// Per state, its component.
    comp: Vec<u32>,
    /// Per component, what it reached.
    sets: Vec<SccReach>,
    /// Per graph component, whether it was a sensitive store.
    sensitive: Vec<bool>,
    /// While the next sweep goes over them: per component, the next sweep's component that took it over as it was
    /// ([`NONE`]: none did).
    shared: Vec<u32>,
    /// While the next sweep goes over them: per component, a copy of what it reached when the next sweep grew from it.
    copied: Vec<Option<SccReach>>,
}

/// The sizes of a sweep over the last sweep's graph, and the stores its components may take over
/// ([`SweepMemo::known_parts`]).
pub(super) type KnownParts<'a> = (Option<&'a [(Size, Size)]>, Option<StoresKept<'a>>);

/// In a sweep over the last sweep's graph with other stores sensitive: the last sweep's components, whose stores a
/// component that reaches no store whose sensitivity changed takes over ([`StoresKept::take`]).
pub(super) struct StoresKept<'a> {
    reach: &'a mut Reaches,
    /// Per state, whether its component's sensitivity changed.
    changed: Vec<bool>,
    /// How many states each of the last sweep's components has.
    old_sizes: Vec<u32>,
    /// Per component of this sweep so far, whether it reaches a state whose sensitivity changed.
    below: Vec<bool>,
    /// How many components took their stores over, in every sweep.
    #[cfg(test)]
    taken: &'a mut usize,
}

impl StoresKept<'_> {
    /// When the strongly connected component `k` of `cond` reaches no store whose sensitivity changed, and was a
    /// whole component of the last sweep: moves the stores it listed then into `mine` (cleared) and returns `true`.
    /// Components come sinks first, so whether its successors reach such a store is known.
    pub(super) fn take(&mut self, graph: &BlastGraph, cond: &Condensation, k: usize, mine: &mut SccReach) -> bool {
        let members = cond.members(k);
        let below = members.iter().any(|&m| {
            self.changed.get(m as usize) == Some(&true)
                || graph.successors(m).iter().any(|&t| self.below.get(cond.comp[t as usize] as usize) == Some(&true))
        });
        if let Some(slot) = self.below.get_mut(k) {
            *slot = below;
        }
        let Some(j) = members.first().and_then(|&m| self.reach.component_of(m)) else { return false };
        let whole = self.old_sizes.get(j as usize).is_some_and(|&n| n as usize == members.len())
            && members.iter().all(|&m| self.reach.component_of(m) == Some(j));
        match self.reach.sets.get_mut(j as usize) {
            Some(theirs) if !below && whole => {
                mine.take_stores(theirs);
                #[cfg(test)]
                {
                    *self.taken += 1;
                }
                true
            }
            _ => false,
        }
    }
}

/// What the sweep before the last one found: its key, sizes, components and sensitive stores, and per component
/// either what it reached or the last sweep's component that took it over as it was (and holds it now).
#[derive(Clone, Debug)]
struct Before {
    key: SweepKey,
    sizes: Vec<(Size, Size)>,
    comp: Vec<u32>,
    sensitive: Vec<bool>,
    /// Per component, what it reached, unless the last sweep took it over (then an empty set stands in).
    own: Vec<SccReach>,
    /// Per component, the last sweep's component that took it over ([`NONE`]: none did).
    shared: Vec<u32>,
}

/// The most sketch keys a [`SweepMemo`] keeps (32 MiB): beyond it, the sweep after a change is redone whole.
const KEPT_KEYS: usize = 1 << 22;

thread_local! {
    static MEMO: RefCell<Option<SweepMemo>> = const { RefCell::new(None) };
}

/// Runs `f` with `memo` as the sweeps' memory, and keeps what they found in it.
pub fn remembering<R>(memo: &mut SweepMemo, f: impl FnOnce() -> R) -> R {
    let outer = MEMO.with(|slot| slot.replace(Some(std::mem::take(memo))));
    let result = f();
    *memo = MEMO.with(|slot| slot.replace(outer)).unwrap_or_default();
    (memo.same_graph, memo.replayed, memo.flow_edit) = (false, false, None);
    (memo.connection_edit, memo.component_edit) = (false, false);
    result
}

/// Tells the sweeps of the live analysis being run (inside [`remembering`]) that flows alone changed since the last
/// sweep, those `edit` names: nothing else its graph reads (components, their properties and links, the facts, the
/// connections, the posture). Holds until [`remembering`] returns.
pub fn expect_flow_edit(edit: FlowEdit) {
    MEMO.with(|slot| {
        if let Some(memo) = slot.borrow_mut().as_mut() {
            memo.flow_edit = Some(edit);
        }
    });
}

/// Tells the sweeps of the live analysis being run (inside [`remembering`]) that network connections alone changed
/// since the last sweep: nothing else its graph reads (components, their properties and links, the flows, the facts,
/// the posture). Holds until [`remembering`] returns.
pub fn expect_connection_edit() {
    MEMO.with(|slot| {
        if let Some(memo) = slot.borrow_mut().as_mut() {
            memo.connection_edit = true;
        }
    });
}

/// Tells the sweeps of the live analysis being run (inside [`remembering`]) that the component of the shift they were
/// given ([`SweepMemo::shift`]) came or went alone: nothing else its graph reads changed (other components, their
/// properties and links, the flows, the facts, the connections, the posture). Holds until [`remembering`] returns.
pub fn expect_component_edit() {
    MEMO.with(|slot| {
        if let Some(memo) = slot.borrow_mut().as_mut() {
            memo.component_edit = true;
        }
    });
}

/// Tells the sweeps of the live analysis being run (inside [`remembering`]) that the graph of the model has the steps
/// of the one the last sweep went over, posture included: the edit changed nothing it reads but maybe which stores
/// are sensitive (bounded contexts or data only). Holds until [`remembering`] returns.
pub fn expect_same_graph() {
    MEMO.with(|slot| {
        if let Some(memo) = slot.borrow_mut().as_mut() {
            memo.same_graph = true;
        }
    });
}

/// Whether a sweep handed over the last sweep's reaches as they were, or went over the last sweep's graph again,
/// since this was last asked: the stage that ran it then read, through the graph, what the stage of the last sweep
/// read.
pub fn took_last_reaches() -> bool {
    MEMO.with(|slot| slot.borrow_mut().as_mut().is_some_and(|memo| std::mem::take(&mut memo.replayed)))
}

/// The memory of the live analysis being run, if any (taken out until [`put`] gives it back).
pub(super) fn take() -> Option<SweepMemo> {
    MEMO.with(|slot| slot.borrow_mut().take())
}

/// Gives the memory back after a sweep.
pub(super) fn put(memo: Option<SweepMemo>) {
    MEMO.with(|slot| *slot.borrow_mut() = memo);
}

/// When the memory of the live analysis being run holds what a sweep of `graph` (counting `counted`) found before
/// the last one (an edit undone, or made again), hands every component's reach of it to `visit` and returns `true`
/// ([`SweepMemo::restore`]).
pub(super) fn taken_back(graph: &BlastGraph, counted: &[bool], visit: impl FnMut(ComponentIx, Reach<'_>)) -> bool {
    MEMO.with(|slot| {
        let mut slot = slot.borrow_mut();
        let Some(memo) = slot.as_mut() else { return false };
        let restored = memo.restore(graph, counted);
        if restored {
            memo.hand_over(visit);
        }
        restored
    })
}

/// When the memory of the live analysis being run holds what the last sweep found over the same steps, keys and
/// counted components as `graph`'s (counting `counted`) with the same sensitive stores (a graph built again after an
/// edit that changed nothing they read), hands every component's reach of it to `visit` and returns `true`
/// ([`SweepMemo::replay_remembered`]).
pub(super) fn replayed(graph: &BlastGraph, counted: &[bool], visit: impl FnMut(ComponentIx, Reach<'_>)) -> bool {
    MEMO.with(|slot| {
        let mut slot = slot.borrow_mut();
        let Some(memo) = slot.as_mut() else { return false };
        memo.remembers(graph, counted) && memo.replay_remembered((counted, graph.sensitive()), visit)
    })
}

/// What one sweep found, to remember.
pub(super) struct Found<'a> {
    /// Per state, its strongly connected component.
    pub comp: Vec<u32>,
    /// Per strongly connected component, what it reached (without sketches when the sizes were remembered).
    pub sets: Vec<SccReach>,
    /// Per component: reached and controlled (empty when they were remembered).
    pub sizes: Vec<(Size, Size)>,
    /// Per graph component, whether it is a sensitive store.
    pub sensitive: &'a [bool],
    /// Per graph component, whether it was counted.
    pub counted: Vec<bool>,
    /// Strongly connected components taken over from the sweep before.
    pub taken: usize,
    /// Strongly connected components grown from what they reached in the sweep before.
    pub grew: usize,
    /// What the sweep before found, with what this sweep took over from it and copied of it.
    pub last: Option<Reaches>,
}

impl SweepMemo {
    /// Whether the last sweep was over a graph of `graph`'s steps and keys, counting `counted`: then it found the
    /// same [`SweepMemo::sizes`].
    pub(super) fn remembers(&self, graph: &BlastGraph, counted: &[bool]) -> bool {
        let (offsets, targets) = graph.steps();
        self.pending.is_none()
            && self.key.as_ref().is_some_and(|key| {
                key.offsets[..] == offsets[..]
                    && key.targets[..] == targets[..]
                    && key.keys[..] == graph.keys()[..]
                    && key.counted == counted
            })
    }

    /// Hands every component's reach of the last sweep to `visit`, as that sweep did, when the graph's steps are
    /// known to be the same ([`expect_same_graph`]), the same components are `counted` and the same are `sensitive`
    /// stores; else visits nothing and returns `false`.
    pub(super) fn replay(
        &mut self,
        (counted, sensitive): (&[bool], &[bool]),
        visit: impl FnMut(ComponentIx, Reach<'_>),
    ) -> bool {
        self.same_graph && self.replay_remembered((counted, sensitive), visit)
    }

    /// [`SweepMemo::replay`] over a graph built again that it [`SweepMemo::remembers`] (the same steps, keys and
    /// counted components): when the same stores are `sensitive` too, every reach is the last sweep's.
    pub(super) fn replay_remembered(
        &mut self,
        (counted, sensitive): (&[bool], &[bool]),
        visit: impl FnMut(ComponentIx, Reach<'_>),
    ) -> bool {
        let (Some(key), Some(reach)) = (self.key.as_ref(), self.reach.as_ref()) else { return false };
        let n = counted.len();
        let whole = self.pending.is_none()
            && key.counted == counted
            && reach.sensitive == sensitive
            && self.sizes.len() == n
            && reach.comp.len() >= 2 * n
            && (0..n).all(|c| reach.sets.get(reach.comp[2 * c] as usize).is_some());
        if !whole {
            return false;
        }
        self.hand_over(visit);
        self.replayed = true;
        #[cfg(test)]
        {
            self.replays += 1;
        }
        true
    }

    /// Whether the graph's steps are known to be the last sweep's ([`expect_same_graph`]).
    pub(super) fn expects_same_graph(&self) -> bool {
        self.same_graph
    }

    /// Keeps the graph of a model a sweep went over, with its condensation and the steps of each flow.
    pub(super) fn keep_graph(&mut self, graph: BlastGraph, cond: Condensation, steps: FlowSteps) {
        self.graph = Some(Box::new((graph, cond, steps)));
    }

    /// The kept graph's condensation, when `graph` (built again) has the same steps: an edit that changed nothing the
    /// steps read (a move within a network, say) leaves the strongly connected components as they were.
    pub(super) fn condensation_of(&mut self, graph: &BlastGraph) -> Option<Condensation> {
        let kept = self.graph.as_ref()?;
        if self.pending.is_some() || kept.0.steps() != graph.steps() {
            return None;
        }
        #[cfg(test)]
        {
            self.condensations_kept += 1;
        }
        self.graph.take().map(|kept| kept.1)
    }

    /// The kept graph with its condensation and flow steps, when its steps are known to be the ones of the graph of
    /// the model now ([`expect_same_graph`]) and it was built under `posture` for `components` components. Taken out.
    pub(super) fn same_graph(
        &mut self,
        posture: Posture,
        components: usize,
    ) -> Option<(BlastGraph, Condensation, FlowSteps)> {
        let kept = self.graph.take()?;
        let same = self.same_graph
            && self.pending.is_none()
            && kept.0.posture() == posture
            && kept.0.component_count() == components;
        if same {
            self.took_graph();
        }
        same.then_some(*kept)
    }

    /// The kept graph with the steps of each flow, its condensation, and the flows edited since, when flows alone
    /// were ([`expect_flow_edit`]). Taken out.
    pub(super) fn flow_edit(&mut self) -> Option<(BlastGraph, FlowSteps, Condensation, FlowEdit)> {
        let edited = self.flow_edit.take()?;
        let kept = self.graph.take()?;
        let (graph, cond, steps) = *kept;
        self.pending.is_none().then_some((graph, steps, cond, edited))
    }

    /// The kept graph with the steps of each flow and connection and its condensation, when network connections alone
    /// changed ([`expect_connection_edit`]). Taken out.
    pub(super) fn connection_edit(&mut self) -> Option<(BlastGraph, FlowSteps, Condensation)> {
        if !std::mem::take(&mut self.connection_edit) {
            return None;
        }
        let (graph, cond, steps) = *self.graph.take()?;
        self.pending.is_none().then_some((graph, steps, cond))
    }

    /// The kept graph with the steps of each flow, and the component that came or went since, when it alone did
    /// ([`expect_component_edit`]). Taken out.
    pub(super) fn component_edit(&mut self) -> Option<(BlastGraph, FlowSteps, Condensation, ComponentShift)> {
        if !std::mem::take(&mut self.component_edit) {
            return None;
        }
        let shift = self.pending.clone()?;
        let (graph, cond, steps) = *self.graph.take()?;
        Some((graph, steps, cond, shift))
    }

    /// Notes that a sweep goes over the last sweep's graph again, or over it patched: the stage that sweeps it read,
    /// through it, what the stage that built it read.
    pub(super) fn took_graph(&mut self) {
        self.replayed = true;
        #[cfg(test)]
        {
            self.regraphs += 1;
        }
    }

    /// How many sweeps handed the last sweep's reaches over as they were ([`SweepMemo::replay`]).
    #[cfg(test)]
    pub fn replays(&self) -> usize {
        self.replays
    }

    /// How many sweeps went over the last sweep's graph again ([`SweepMemo::same_graph`]).
    #[cfg(test)]
    pub fn regraphs(&self) -> usize {
        self.regraphs
    }

    /// How many components of sweeps over the last graph took the stores they listed over.
    #[cfg(test)]
    pub fn stores_taken(&self) -> usize {
        self.stores_taken
    }

    /// For a sweep over the last sweep's graph ([`SweepMemo::remembers`]), which lists only the stores again: the
    /// sizes it found, and what lets a component that reaches no store whose sensitivity changed take its stores over
    /// ([`StoresKept`]; `None` without the last sweep's components).
    pub(super) fn known_parts(&mut self, graph: &BlastGraph, count: usize) -> KnownParts<'_> {
        let kept = self.reach.as_mut().filter(|reach| reach.sensitive.len() == graph.component_count()).map(|reach| {
            let mut changed = vec![false; graph.state_count()];
            for (c, (now, then)) in graph.sensitive().iter().zip(&reach.sensitive).enumerate() {
                if now != then {
                    changed[2 * c] = true;
                    changed[2 * c + 1] = true;
                }
            }
            let old_sizes = reach.sizes();
            StoresKept {
                reach,
                changed,
                old_sizes,
                below: vec![false; count],
                #[cfg(test)]
                taken: &mut self.stores_taken,
            }
        });
        (Some(&self.sizes), kept)
    }

    /// The last sweep's components with what they reached, and how the states of `graph` differ from then by their
    /// own steps or component (see [`dirty`]); `None` when it is of no use. Taken out of the memory.
    pub(super) fn previous(&mut self, graph: &BlastGraph, counted: &[bool]) -> Option<(Reaches, Vec<Change>)> {
        if let Some(shift) = self.pending.take() {
            self.placed = true;
            let old_n = if shift.added { graph.component_count().checked_sub(1)? } else { graph.component_count() + 1 };
            self.place(old_n, &|c| shift.shifted(ComponentIx(c)).map(|c| c.0), graph)?;
        } else if self.key.as_ref().is_some_and(|key| key.offsets.len() != graph.state_count() + 1) {
            // The same components, other virtual states (an IAM role's permissions that need a wildcard state
            // they did not, say): the states placed anew.
            self.placed = true;
            self.place(graph.component_count(), &|c| Some(c), graph)?;
        }
        let (mut reach, key) = (self.reach.take()?, self.key.as_ref()?);
        let dirty = dirty(graph, &reach, key, counted, &self.forced)?;
        if !self.placed {
            // Kept for a sweep over this graph again (the edit undone): see `Before`.
            reach.shared = vec![NONE; reach.sets.len()];
            reach.copied = std::iter::repeat_with(|| None).take(reach.sets.len()).collect();
        }
        Some((reach, dirty))
    }

    /// When `graph` (counting `counted`) is the graph of the sweep before the last one, takes back what that sweep
    /// found, and keeps what the last one found in its place (so the edit done again is taken back too): the
    /// components the last sweep took over as they were are handed back, not copied. Returns whether it did; then
    /// [`SweepMemo::hand_over`] visits every component's reach.
    pub(super) fn restore(&mut self, graph: &BlastGraph, counted: &[bool]) -> bool {
        let fits = |before: &Before| before.key.describes(graph, counted) && before.sensitive == graph.sensitive();
        if self.pending.is_some()
            || self.reach.is_none()
            || self.key.is_none()
            || !self.before.as_deref().is_some_and(fits)
        {
            return false;
        }
        let (Some(before), Some(reach), Some(key)) = (self.before.take(), self.reach.take(), self.key.take()) else {
            return false;
        };
        let Before { key: then, sizes, comp, sensitive, own: mut sets, shared } = *before;
        let mut last = reach.sets;
        let mut handed = vec![NONE; last.len()];
        for (j, (set, &k)) in sets.iter_mut().zip(&shared).enumerate() {
            if k == NONE {
                continue;
            }
            match handed.get_mut(k as usize) {
                Some(slot) if *slot == NONE => *slot = j as u32,
                // Not what it should be: forget both.
                _ => {
                    *self = Self::default();
                    return false;
                }
            }
            *set = std::mem::take(&mut last[k as usize]);
        }
        let last_sizes = std::mem::replace(&mut self.sizes, sizes);
        self.before = Some(Box::new(Before {
            key,
            sizes: last_sizes,
            comp: reach.comp,
            sensitive: reach.sensitive,
            own: last,
            shared: handed,
        }));
        self.reach = Some(Reaches::new(comp, sets, sensitive));
        self.key = Some(then);
        self.forced.clear();
        #[cfg(test)]
        {
            self.restores += 1;
        }
        true
    }

    /// What a rule judged each component from the last sweep's reaches.
    pub(super) fn judgements(&mut self) -> &mut Judgements {
        &mut self.judgements
    }

    /// Forgets what the sweep before the last one found ([`SweepMemo::restore`] then takes nothing back).
    pub fn forget_before(&mut self) {
        self.before = None;
    }

    /// Hands every component's remembered reach to `visit`.
    pub(super) fn hand_over(&self, mut visit: impl FnMut(ComponentIx, Reach<'_>)) {
        let Some(reach) = self.reach.as_ref() else { return };
        for (c, &sizes) in self.sizes.iter().enumerate() {
            if let Some(scc) = reach.comp.get(2 * c).and_then(|&j| reach.sets.get(j as usize)) {
                visit(ComponentIx(u32::try_from(c).unwrap_or(u32::MAX)), Reach::new(scc, sizes));
            }
        }
    }

    /// Remembers what a sweep of `graph` found; `known`: it took the sizes from here.
    pub(super) fn store(&mut self, graph: &BlastGraph, known: bool, found: Found<'_>) {
        let Found { comp, mut sets, sizes, sensitive, counted, taken, grew, last } = found;
        #[cfg(test)]
        {
            (self.taken, self.grew) = (taken, grew);
        }
        #[cfg(not(test))]
        let _ = (taken, grew);
        if known {
            // Numbered as this sweep numbers them: what the sweep before took over is no longer where it says.
            self.before = None;
            // The same components as the last sweep's, which found their sketches (this one only the stores), matched
            // by their states: one of the two sweeps may have gone over a condensation patched after a component came
            // or went (`shift`), numbered otherwise than a fresh one.
            self.reach = self.reach.take().filter(|reach| reach.sets.len() == sets.len()).and_then(|mut reach| {
                if reach.comp.len() != comp.len() {
                    return None;
                }
                let mut filled = vec![false; sets.len()];
                for (&k, &j) in comp.iter().zip(&reach.comp) {
                    let (Some(mine), Some(theirs)) = (sets.get_mut(k as usize), reach.sets.get_mut(j as usize)) else {
                        return None;
                    };
                    if !std::mem::replace(&mut filled[k as usize], true) {
                        mine.any = std::mem::take(&mut theirs.any);
                        mine.control = std::mem::take(&mut theirs.control);
                    }
                }
                Some(Reaches::new(comp, sets, sensitive.to_vec()))
            });
            return;
        }
        self.forced.clear();
        let kept: usize = sets.iter().map(|set| set.any.len() + set.control.len()).sum();
        let reach = (kept <= KEPT_KEYS).then(|| Reaches::new(comp, sets, sensitive.to_vec()));
        let (offsets, targets) = graph.steps();
        let key = Some(SweepKey {
            offsets: offsets.to_vec(),
            targets: targets.to_vec(),
            keys: graph.keys().to_vec(),
            counted,
            display: virtual_states(graph),
        });
        let then = std::mem::replace(&mut self.key, key);
        let sizes_then = std::mem::replace(&mut self.sizes, sizes);
        self.before = None;
        if let (Some(then), Some(last), Some(_), false) = (then, last, reach.as_ref(), std::mem::take(&mut self.placed))
        {
            self.before = last.before(then, sizes_then).map(Box::new);
        }
        self.reach = reach;
    }
}

impl SweepMemo {
    /// Moves what it remembers to the positions of a model where a component was added or removed (`shift`): its
    /// keys, counts and stores now; its states when the next sweep's graph is known ([`SweepMemo::place`]). The
    /// added component's key differs from any it could have, so the next sweep finds it changed. A second shift
    /// before a sweep forgets everything. The last graph is kept for a patch ([`SweepMemo::component_edit`]).
    pub fn shift(&mut self, shift: &ComponentShift) {
        if self.pending.is_some() || self.key.is_none() {
            *self = Self::default();
            return;
        }
        self.before = None;
        self.judgements.shift(shift);
        let a = shift.at.index();
        let index = |i: u32| shift.shifted(ComponentIx(i)).map(|c| c.0);
        if let Some(key) = self.key.as_mut() {
            // Sketch keys hash ids, so they stay; the added component's is not known yet: the complement of the one
            // now after it stands in.
            let unknown = !key.keys.get(a).copied().unwrap_or(0);
            shift_list(&mut key.keys, a, shift.added, unknown);
            shift_list(&mut key.counted, a, shift.added, false);
        }
        shift_list(
            &mut self.sizes,
            a,
            shift.added,
            (Size { value: 0.0, exact: true }, Size { value: 0.0, exact: true }),
        );
        if let Some(reach) = self.reach.as_mut() {
            shift_list(&mut reach.sensitive, a, shift.added, false);
            for set in &mut reach.sets {
                set.shift(&index);
            }
        }
        self.pending = Some(shift.clone());
    }

    /// Renumbers the remembered states (of `old_n` components) as those of `graph`: each component's two states move
    /// where `shifted` says its component went (after a component came or went; else it stays), and the virtual states
    /// are matched by the components they are shown as and belong to (states an added component brings are new; those
    /// a removed one took are gone, and states that stepped to a gone state count as changed). A mismatch only makes
    /// more states count as changed: a state is taken over only when its steps are the same and it reaches only states
    /// taken over. `None` when nothing can be placed.
    fn place(&mut self, old_n: usize, shifted: &dyn Fn(u32) -> Option<u32>, graph: &BlastGraph) -> Option<()> {
        let (key, reach) = (self.key.as_mut()?, self.reach.as_mut()?);
        let new_n = graph.component_count();
        let old_states = key.offsets.len().checked_sub(1)?;
        let old_virtual = old_states.checked_sub(2 * old_n)?;
        let new_display = virtual_states(graph);
        if key.display.len() != old_virtual || reach.comp.len() != old_states {
            return None;
        }
        // Where each state of the last graph is in this one (NONE: gone).
        let mut to = vec![NONE; old_states];
        for c in 0..old_n as u32 {
            if let Some(now) = shifted(c) {
                to[2 * c as usize] = 2 * now;
                to[2 * c as usize + 1] = 2 * now + 1;
            }
        }
        const GONE: u32 = NONE - 1;
        let at = |d: u32| if d == NONE { NONE } else { shifted(d).unwrap_or(GONE) };
        let shown = |(display, owner): (u32, u32)| (at(display), at(owner));
        // Virtual states with the same components, in the order they were made (the order of the components
        // that made them may differ: a network's position is made by the first component in it).
        let mut then: Vec<((u32, u32), usize)> = key.display.iter().enumerate().map(|(i, &d)| (shown(d), i)).collect();
        let mut now: Vec<((u32, u32), usize)> = new_display.iter().enumerate().map(|(j, &d)| (d, j)).collect();
        crate::sorting::sort(&mut then);
        crate::sorting::sort(&mut now);
        let (mut a, mut b) = (0, 0);
        while let (Some(&(was, i)), Some(&(is, j))) = (then.get(a), now.get(b)) {
            match was.cmp(&is) {
                std::cmp::Ordering::Less => a += 1,
                std::cmp::Ordering::Greater => b += 1,
                std::cmp::Ordering::Equal => {
                    to[2 * old_n + i] = u32::try_from(2 * new_n + j).ok()?;
                    (a, b) = (a + 1, b + 1);
                }
            }
        }
        let new_states = graph.state_count();
        let mut from = vec![NONE; new_states];
        for (old, &now) in to.iter().enumerate() {
            if let Some(slot) = from.get_mut(now as usize) {
                *slot = u32::try_from(old).ok()?;
            }
        }
        let (mut offsets, mut targets) = (Vec::with_capacity(new_states + 1), Vec::with_capacity(key.targets.len()));
        offsets.push(0);
        for (s, &old) in from.iter().enumerate() {
            if old != NONE {
                let range = key.offsets[old as usize] as usize..key.offsets[old as usize + 1] as usize;
                for &t in &key.targets[range] {
                    let now = to[t as usize];
                    if now == NONE {
                        self.forced.push(u32::try_from(s).ok()?);
                    }
                    targets.push(now);
                }
            }
            offsets.push(u32::try_from(targets.len()).ok()?);
        }
        (key.offsets, key.targets) = (offsets, targets);
        key.display = new_display;
        reach.comp = from.iter().map(|&old| if old == NONE { NONE } else { reach.comp[old as usize] }).collect();
        Some(())
    }
}

/// Per virtual state of `graph`, the component it is shown as and the one it belongs to.
fn virtual_states(graph: &BlastGraph) -> Vec<(u32, u32)> {
    graph.virtual_display().iter().copied().zip(graph.virtual_owners().iter().copied()).collect()
}

/// `list` (one entry per component) after a component was added at `at` (with `new` for it) or removed from it.
fn shift_list<T: Clone>(list: &mut Vec<T>, at: usize, added: bool, new: T) {
    if added && at <= list.len() {
        list.insert(at, new);
    } else if !added && at < list.len() {
        list.remove(at);
    }
}

impl Reaches {
    fn new(comp: Vec<u32>, sets: Vec<SccReach>, sensitive: Vec<bool>) -> Self {
        Self { comp, sets, sensitive, shared: Vec::new(), copied: Vec::new() }
    }

    /// What the sweep that went over these found before them (its `key` and `sizes`), for [`SweepMemo::restore`]:
    /// per component, what this sweep took over as it was, or else what it reached (copied when this sweep grew from
    /// it). `None` when nothing was noted (the states were placed anew).
    fn before(self, key: SweepKey, sizes: Vec<(Size, Size)>) -> Option<Before> {
        if self.shared.len() != self.sets.len() || self.copied.len() != self.sets.len() {
            return None;
        }
        let mut own = self.sets;
        for (set, copy) in own.iter_mut().zip(self.copied) {
            if let Some(copy) = copy {
                *set = copy;
            }
        }
        Some(Before { key, sizes, comp: self.comp, sensitive: self.sensitive, own, shared: self.shared })
    }

    /// Takes over what the last sweep's component of state `state` reached, as component `k` of this sweep.
    pub(super) fn take_over(&mut self, state: u32, k: usize) -> Option<SccReach> {
        let &j = self.comp.get(state as usize)?;
        if let Some(slot) = self.shared.get_mut(j as usize) {
            *slot = u32::try_from(k).ok()?;
        }
        self.sets.get_mut(j as usize).map(std::mem::take)
    }

    /// The last sweep's strongly connected component of state `state` (in this sweep's numbering), if it had one.
    pub(super) fn component_of(&self, state: u32) -> Option<u32> {
        self.comp.get(state as usize).copied().filter(|&j| j != NONE)
    }

    /// How many states (in this sweep's numbering) each of the last sweep's strongly connected components has.
    pub(super) fn sizes(&self) -> Vec<u32> {
        let mut sizes = vec![0u32; self.sets.len()];
        for &j in &self.comp {
            if let Some(size) = sizes.get_mut(j as usize) {
                *size += 1;
            }
        }
        sizes
    }

    /// Takes out what the last sweep's component of state `state` reached.
    pub(super) fn take(&mut self, state: u32) -> Option<SccReach> {
        let &j = self.comp.get(state as usize)?;
        self.take_component(j)
    }

    /// Whether every state of `members` was in one component of the last sweep, and `mine` holds the sketches and
    /// stores it had.
    pub(super) fn unchanged(&self, members: &[u32], mine: &SccReach) -> bool {
        let Some(j) = members.first().and_then(|&first| self.component_of(first)) else { return false };
        members.iter().all(|&m| self.component_of(m) == Some(j)) && self.sets.get(j as usize) == Some(mine)
    }

    /// Takes out what the last sweep's component `j` reached (to grow from; a copy stays when it is noted, see
    /// [`Reaches::before`]).
    pub(super) fn take_component(&mut self, j: u32) -> Option<SccReach> {
        let set = self.sets.get_mut(j as usize).map(std::mem::take)?;
        if let Some(slot) = self.copied.get_mut(j as usize) {
            *slot = Some(set.clone());
        }
        Some(set)
    }
}

/// The most states with changed steps whose reach [`dirty`] compares with the last sweep's graph (two searches each).
const ALIKE_CHECKED: usize = 8;

/// Whether the state `s` reaches the same states over the steps `now` as over the steps `then` (each an `(offsets,
/// targets)` pair): all it reached then found first, then the search over `now` stops at the first state outside them.
fn reaches_alike(now: (&[u32], &[u32]), then: (&[u32], &[u32]), s: usize, states: usize) -> bool {
    let mark = |seen: &mut [bool], t: usize| seen.get_mut(t).is_some_and(|slot| !std::mem::replace(slot, true));
    let mut then_seen = vec![false; states];
    let Some(old) = search(then, s, |t| mark(&mut then_seen, t)) else { return false };
    let (mut now_seen, mut outside) = (vec![false; states], false);
    let new = search(now, s, |t| {
        outside |= then_seen.get(t) != Some(&true);
        !outside && mark(&mut now_seen, t)
    });
    !outside && new == Some(old)
}

/// Searches the steps `(offsets, targets)` from `s`, going on to each state `first` accepts (it is told every state
/// met, `s` first, and says whether it is new); the number of states gone on to, or `None` when `s` itself is not
/// accepted.
fn search((offsets, targets): (&[u32], &[u32]), s: usize, mut first: impl FnMut(usize) -> bool) -> Option<usize> {
    if !first(s) {
        return None;
    }
    let (mut stack, mut count) = (vec![s], 1);
    while let Some(at) = stack.pop() {
        let steps = offsets.get(at).zip(offsets.get(at + 1)).and_then(|(&a, &b)| targets.get(a as usize..b as usize));
        for &t in steps.unwrap_or(&[]) {
            if first(t as usize) {
                count += 1;
                stack.push(t as usize);
            }
        }
    }
    Some(count)
}

/// How a state's own steps or component differ from the last sweep's ([`dirty`]). Whether a state reaches a changed
/// one is found by the sweep itself: its strongly connected components come sinks first, so a component reaches a
/// changed state when one of its states changed or one of its successors reaches one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Change {
    /// Its steps and its component are as they were (or its new steps reach what the old ones did).
    None,
    /// It has steps it did not have, and all it had.
    Grown,
    /// It lost a step, or its component's key, counting or sensitivity changed, or it stepped to a state now gone.
    Other,
}

/// The states of `graph` whose own steps or component differ from the last sweep's (`reach`, over the graph `key`
/// describes): those whose steps changed and that reach other states than then, those whose component's key, counting
/// (`counted` now) or sensitivity changed, and those that stepped to a state now gone (`forced`); with how each
/// changed. `None` when the last sweep is of no use: another number of states.
fn dirty(graph: &BlastGraph, reach: &Reaches, key: &SweepKey, counted: &[bool], forced: &[u32]) -> Option<Vec<Change>> {
    fn steps_of<'t>(offsets: &[u32], targets: &'t [u32], s: usize) -> Option<&'t [u32]> {
        targets.get(*offsets.get(s)? as usize..*offsets.get(s + 1)? as usize)
    }
    let ((offsets, targets), keys, sensitive) = (graph.steps(), graph.keys(), graph.sensitive());
    let states = graph.state_count();
    if key.offsets.len() != offsets.len()
        || key.keys.len() != keys.len()
        || key.counted.len() != counted.len()
        || reach.sensitive.len() != sensitive.len()
        || reach.comp.len() != states
    {
        return None;
    }
    let mut dirty = vec![Change::None; states];
    for c in 0..graph.component_count() {
        if keys.get(c) != key.keys.get(c)
            || counted.get(c) != key.counted.get(c)
            || sensitive.get(c) != reach.sensitive.get(c)
        {
            dirty[2 * c] = Change::Other;
            dirty[2 * c + 1] = Change::Other;
        }
    }
    // Compared step by step (most states have a few steps: a library comparison per state costs more than the
    // steps).
    let mut stepped = Vec::new();
    for (s, (now, then)) in offsets.windows(2).zip(key.offsets.windows(2)).enumerate() {
        let (a, b, c, d) = (now[0] as usize, now[1] as usize, then[0] as usize, then[1] as usize);
        let same = b - a == d - c
            && targets.get(a..b).zip(key.targets.get(c..d)).is_some_and(|(x, y)| x.iter().zip(y).all(|(x, y)| x == y));
        if !same && dirty[s] == Change::None {
            stepped.push(s);
        }
    }
    // A state whose steps changed but that reaches the same states as before changes no state's reach (a path that
    // meets it goes on as before): a new flow between two states of one strongly connected component, or beside
    // another path, or the undo of one. Found by one search in each graph for a few such states.
    // A step to a state the last graph did not have (a component that came, its network's new position) reaches
    // something new: no search needed.
    let to_new = |s: usize| {
        steps_of(offsets, targets, s).is_some_and(|now| now.iter().any(|&t| reach.component_of(t).is_none()))
    };
    let alike = |s: usize| !to_new(s) && reaches_alike((offsets, targets), (&key.offsets, &key.targets), s, states);
    let few = stepped.len() <= ALIKE_CHECKED;
    // Per state, whether the state being compared steps to it now (a network's position steps to every listener in
    // it: thousands of steps, too many to look each up in a list).
    let mut steps_now = vec![false; states];
    for s in stepped {
        if !(few && alike(s)) {
            let (now, then) = (steps_of(offsets, targets, s)?, steps_of(&key.offsets, &key.targets, s)?);
            for &t in now {
                steps_now[t as usize] = true;
            }
            let kept_all = then.iter().all(|&t| steps_now.get(t as usize) == Some(&true));
            dirty[s] = if kept_all { Change::Grown } else { Change::Other };
            for &t in now {
                steps_now[t as usize] = false;
            }
        }
    }
    for &s in forced {
        if let Some(slot) = dirty.get_mut(s as usize) {
            *slot = Change::Other;
        }
    }
    Some(dirty)
}
