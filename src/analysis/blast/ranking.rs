//! The blast radius of every component at once, in time linear in the estate. One pass over the strongly
//! connected components of the state graph, sinks first, keeps per strongly connected component a **bottom-k
//! sketch** of what it reaches: the [`SKETCH`] smallest keys (a hash of the component id) of the components it
//! reaches at any level, the same for the components it controls, and the first [`LISTED_STORES`] sensitive stores
//! it reaches. A sketch with fewer than [`SKETCH`] keys holds the whole set, so every size up to [`SKETCH`] - 1 is
//! exact; a full sketch gives the unbiased estimate (k - 1) / u_k of the set's size (u_k is the k-th smallest
//! hash scaled to [0, 1)), with a relative standard error below 1 / sqrt(k - 2), under 9 % for k = 128.
//!
//! Exact sizes for every component are a transitive closure (quadratic on randomly wired estates: 24 s on a
//! random 20,000-component estate); the sketch costs O(k) per step of the condensation, whatever the wiring.
//! [`BlastGraph::ranking`] sizes every component's radius; [`BlastGraph::sweep`] hands each component's sketch to
//! a caller that counts only some kinds (`large-blast-radius`).

use crate::analysis::blast::Level;
use crate::analysis::blast::graph::BlastGraph;
use crate::analysis::blast::memo;
use crate::analysis::blast::memo::{Change, Reaches};
use crate::analysis::blast::scc::{Condensation, Dag, condense};
use crate::analysis::blast::slots::Slots;
use crate::model::ComponentIx;

/// Keys a sketch keeps: sizes below this are exact.
pub const SKETCH: usize = 128;

/// Sensitive stores listed per component, the first in index order.
pub const LISTED_STORES: usize = 8;

/// Controlled sensitive stores kept per component for `large-blast-radius`.
const CONTROLLED_STORES: usize = 2;

/// The size of one component's blast radius.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankEntry {
    /// The compromised component.
    pub component: ComponentIx,
    /// Components it controls (itself not counted).
    pub controlled: usize,
    /// Components it only influences.
    pub influenced: usize,
    /// Whether both counts are exact (else they are estimates, see the module documentation).
    pub exact: bool,
    /// The first [`LISTED_STORES`] confidential or restricted data stores it reaches, with the level, in index
    /// order.
    pub sensitive: Vec<(ComponentIx, Level)>,
}

impl RankEntry {
    /// Controlled plus influenced.
    pub fn total(&self) -> usize {
        self.controlled + self.influenced
    }
}

/// A set size from a sketch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    /// The size, exact or estimated.
    pub value: f64,
    /// Whether it is exact.
    pub exact: bool,
}

impl Size {
    pub(super) fn of(keys: &[u32]) -> Self {
        match keys.get(SKETCH - 1) {
            // The k-th smallest of n uniform hashes is about k / n.
            Some(&kth) if keys.len() >= SKETCH => {
                let u = (f64::from(kth) + 1.0) / 4_294_967_296.0;
                Self { value: (SKETCH - 1) as f64 / u, exact: false }
            }
            _ => Self { value: keys.len() as f64, exact: true },
        }
    }
}

/// What one component reaches, as [`BlastGraph::sweep`] hands it over (itself included).
#[derive(Clone, Copy, Debug)]
pub struct Reach<'a> {
    scc: &'a SccReach,
    /// Counted components reached at any level, and controlled.
    sizes: (Size, Size),
}

impl<'a> Reach<'a> {
    pub(super) fn new(scc: &'a SccReach, sizes: (Size, Size)) -> Self {
        Self { scc, sizes }
    }

    /// Counted components reached at any level.
    pub fn reached(&self) -> Size {
        self.sizes.0
    }

    /// Counted components controlled.
    pub fn controlled(&self) -> Size {
        self.sizes.1
    }

    /// The first two confidential or restricted data stores controlled, in index order.
    pub fn controlled_stores(&self) -> impl Iterator<Item = ComponentIx> + '_ {
        self.scc.control_stores.iter().map(|&s| ComponentIx(s))
    }

    /// The first [`LISTED_STORES`] confidential or restricted data stores reached, with the level.
    pub fn sensitive(&self) -> impl Iterator<Item = (ComponentIx, Level)> + '_ {
        self.scc
            .stores
            .iter()
            .map(|&(s, controlled)| (ComponentIx(s), if controlled { Level::Control } else { Level::Influence }))
    }
}

/// The sketches of one strongly connected component.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct SccReach {
    pub(super) any: Vec<u32>,
    pub(super) control: Vec<u32>,
    control_stores: Vec<u32>,
    stores: Vec<(u32, bool)>,
}

impl SccReach {
    /// Moves the stores it lists to the positions `index` gives (dropping those it gives none).
    pub(super) fn shift(&mut self, index: &impl Fn(u32) -> Option<u32>) {
        self.control_stores.retain_mut(|c| index(*c).map(|i| *c = i).is_some());
        self.stores.retain_mut(|(c, _)| index(*c).map(|i| *c = i).is_some());
    }

    /// Cleared, with the stores `theirs` lists moved in.
    pub(super) fn take_stores(&mut self, theirs: &mut Self) {
        self.clear();
        self.control_stores = std::mem::take(&mut theirs.control_stores);
        self.stores = std::mem::take(&mut theirs.stores);
    }

    fn clear(&mut self) {
        self.any.clear();
        self.control.clear();
        self.control_stores.clear();
        self.stores.clear();
    }

    /// Merges what `from` reaches into this; the sketches of sizes only with `sketches`. Returns whether this
    /// changed.
    fn merge(&mut self, from: &Self, sketches: bool, scratch: &mut Scratch) -> bool {
        let mut changed = false;
        if sketches {
            changed |= merge_keys(&mut self.any, &from.any, SKETCH, &mut scratch.keys);
            changed |= merge_keys(&mut self.control, &from.control, SKETCH, &mut scratch.keys);
        }
        changed |= merge_keys(&mut self.control_stores, &from.control_stores, CONTROLLED_STORES, &mut scratch.keys);
        merge_stores(&mut self.stores, &from.stores, &mut scratch.stores) || changed
    }
}

#[derive(Default)]
struct Scratch {
    keys: Vec<u32>,
    stores: Vec<(u32, bool)>,
}

/// Keeps the `limit` smallest distinct keys of two sorted lists in `into`. Returns whether `into` changed.
fn merge_keys(into: &mut Vec<u32>, from: &[u32], limit: usize, scratch: &mut Vec<u32>) -> bool {
    let (Some(&first), Some(&last)) = (from.first(), into.last()) else {
        if into.is_empty() && limit > 0 && !from.is_empty() {
            into.extend(from.iter().take(limit));
            return true;
        }
        return false;
    };
    if into.len() >= limit && first > last {
        return false;
    }
    if into.len() >= limit && holds_below(into, from, last) {
        // Full, and it holds every key of `from` that could enter: nothing changes (common where many states reach
        // much the same).
        return false;
    }
    scratch.clear();
    // At once: pushed one by one, the buffer grows in steps (a fifth of a sweep's time, where reaches grow).
    scratch.reserve(limit.min(into.len() + from.len()));
    let (mut i, mut j) = (0, 0);
    // Whether a key of `from` alone entered (then `into` changed; else it kept its own keys, all of them).
    let mut new = false;
    while scratch.len() < limit {
        let next = match (into.get(i), from.get(j)) {
            (Some(&a), Some(&b)) if a == b => {
                i += 1;
                j += 1;
                a
            }
            (Some(&a), Some(&b)) if a < b => {
                i += 1;
                a
            }
            (_, Some(&b)) => {
                j += 1;
                new = true;
                b
            }
            (Some(&a), None) => {
                i += 1;
                a
            }
            (None, None) => break,
        };
        scratch.push(next);
    }
    std::mem::swap(into, scratch);
    new
}

/// Whether the sorted `into` holds every key of the sorted `from` up to `last` (`into`'s last), read only.
fn holds_below(into: &[u32], from: &[u32], last: u32) -> bool {
    let mut i = 0;
    for &key in from {
        if key > last {
            return true;
        }
        while into.get(i).is_some_and(|&k| k < key) {
            i += 1;
        }
        if into.get(i) != Some(&key) {
            return false;
        }
    }
    true
}

/// Keeps the first [`LISTED_STORES`] stores of two lists sorted by store; a store controlled in either is
/// controlled (a store among the first of the union is among the first of every list that holds it, so its level
/// is exact).
fn merge_stores(into: &mut Vec<(u32, bool)>, from: &[(u32, bool)], scratch: &mut Vec<(u32, bool)>) -> bool {
    if from.is_empty() {
        return false;
    }
    scratch.clear();
    scratch.reserve(LISTED_STORES.min(into.len() + from.len()));
    let (mut i, mut j) = (0, 0);
    let mut changed = false;
    while scratch.len() < LISTED_STORES {
        let next = match (into.get(i), from.get(j)) {
            (Some(&(a, ca)), Some(&(b, cb))) if a == b => {
                i += 1;
                j += 1;
                changed |= cb && !ca;
                (a, ca || cb)
            }
            (Some(&a), Some(&b)) if a.0 < b.0 => {
                i += 1;
                a
            }
            (_, Some(&b)) => {
                j += 1;
                changed = true;
                b
            }
            (Some(&a), None) => {
                i += 1;
                a
            }
            (None, None) => break,
        };
        scratch.push(next);
    }
    std::mem::swap(into, scratch);
    changed
}

/// A strongly connected component of a sweep after a change, to be found from what it reached before.
struct Growing<'a> {
    members: &'a [u32],
    /// Per state, its strongly connected component in this sweep.
    comp: &'a [u32],
    /// Its position in this sweep.
    k: usize,
    /// Per strongly connected component so far, whether it reaches all it reached before.
    grown: &'a [bool],
    /// Per strongly connected component so far, whether it has the sketches it had (then what reaches it need not
    /// merge it again).
    kept: &'a [bool],
    /// Per strongly connected component of the last sweep, how many states it had.
    old_sizes: &'a [u32],
}

impl Growing<'_> {
    /// What it reached in the last sweep, when what it reaches now is that and what its successors that changed
    /// reach: none of its states is new, lost a step or changed otherwise (they gained steps, reach a changed state,
    /// or their new steps reach what the old ones did), every successor reaches all it reached before, and it holds
    /// whole components of the last sweep (one, or several that new steps joined): then it reaches what they reached
    /// together. Taken out of `reach`, with whether it is one component of the last sweep.
    fn from(
        &self,
        graph: &BlastGraph,
        reach: &mut Reaches,
        dirty: &[Change],
        scratch: &mut Scratch,
    ) -> Option<(SccReach, bool)> {
        let first = *self.members.first()?;
        let grew = self.members.iter().all(|&m| {
            matches!(dirty.get(m as usize), Some(Change::None | Change::Grown))
                && graph.successors(m).iter().all(|&t| {
                    let tk = self.comp[t as usize] as usize;
                    tk == self.k || self.grown.get(tk) == Some(&true)
                })
        });
        if !grew {
            return None;
        }
        let j = reach.component_of(first)?;
        let whole = |j: u32, states: usize| self.old_sizes.get(j as usize).copied() == u32::try_from(states).ok();
        if self.members.iter().all(|&m| reach.component_of(m) == Some(j)) {
            return whole(j, self.members.len()).then(|| reach.take(first)).flatten().map(|mine| (mine, true));
        }
        // Several components of the last sweep, joined by new steps: each must lie wholly inside.
        let mut olds = self.members.iter().map(|&m| reach.component_of(m)).collect::<Option<Vec<u32>>>()?;
        crate::sorting::sort(&mut olds);
        if !olds.chunk_by(|a, b| a == b).all(|run| whole(run[0], run.len())) {
            return None;
        }
        olds.dedup();
        let mut mine = reach.take_component(j)?;
        for &other in olds.iter().filter(|&&other| other != j) {
            let theirs = reach.take_component(other)?;
            mine.merge(&theirs, true, scratch);
        }
        Some((mine, false))
    }

    /// What it reaches now: what it reached ([`Growing::from`]), and what its successors that changed since (those
    /// not `kept`) or that its members' new steps lead to reach (in `sets`). With whether it holds the sketches one
    /// component of the last sweep had.
    fn grow(
        &self,
        graph: &BlastGraph,
        (reach, dirty): (&mut Reaches, &[Change]),
        seen: &mut [u32],
        sets: &Slots,
        scratch: &mut Scratch,
    ) -> Option<(SccReach, bool)> {
        let (mut mine, one) = self.from(graph, reach, dirty, scratch)?;
        let mut changed = false;
        for &m in self.members {
            let stepped = dirty.get(m as usize) == Some(&Change::Grown);
            for &t in graph.successors(m) {
                let tk = self.comp[t as usize] as usize;
                if tk != self.k && seen[tk] != self.k as u32 && (stepped || !self.kept[tk]) {
                    seen[tk] = self.k as u32;
                    if let Some(theirs) = sets.get(tk) {
                        changed |= mine.merge(theirs, true, scratch);
                    }
                }
            }
        }
        Some((mine, one && !changed))
    }
}

impl BlastGraph {
    /// Every component's blast radius size, largest first (then most controlled, then id). Sizes of
    /// [`SKETCH`] - 1 components or fewer are exact; larger ones are estimates (see the module documentation).
    pub fn ranking(&self) -> Vec<RankEntry> {
        let mut entries = Vec::with_capacity(self.component_count());
        self.sweep(
            |_| true,
            |c, reach| {
                let (reached, controlled) = (reach.reached(), reach.controlled());
                // Itself is among both (its control state is in its own strongly connected component).
                let controlled_n = (controlled.value.round() as usize).saturating_sub(1);
                let reached_n = (reached.value.round() as usize).saturating_sub(1);
                entries.push(RankEntry {
                    component: c,
                    controlled: controlled_n,
                    influenced: reached_n.saturating_sub(controlled_n),
                    exact: reached.exact && controlled.exact,
                    sensitive: reach.sensitive().filter(|&(s, _)| s != c).collect(),
                });
            },
        );
        crate::sorting::sort_by(&mut entries, |a, b| {
            b.total().cmp(&a.total()).then(b.controlled.cmp(&a.controlled)).then(a.component.cmp(&b.component))
        });
        entries
    }

    /// Hands every component's reach (counting only the components `counted` accepts) to `visit`, once each in no
    /// particular order, in one pass over the strongly connected components, sinks first. Sketches are freed once no
    /// predecessor needs them (inside a live analysis they are kept for the next sweep, see [`memo`]).
    pub fn sweep(&self, counted: impl Fn(ComponentIx) -> bool, mut visit: impl FnMut(ComponentIx, Reach<'_>)) {
        if !self.remembered_sweep(&counted, &mut visit) {
            self.sweep_condensed(&condense(self), counted, visit);
        }
    }

    /// Inside a live analysis, hands every component's reach to `visit` from memory and returns `true` when the memory
    /// holds them all: what the sweep before the last one found, when the last edit is undone or made again
    /// ([`memo::taken_back`]), or what the last sweep found, when it went over the same steps, keys, counted
    /// components and sensitive stores (a graph built again after an edit that changed nothing they read,
    /// [`memo::replayed`]). Else visits nothing.
    pub(super) fn remembered_sweep(
        &self,
        counted: impl Fn(ComponentIx) -> bool,
        mut visit: impl FnMut(ComponentIx, Reach<'_>),
    ) -> bool {
        let counted: Vec<bool> = (0..self.component_count() as u32).map(|c| counted(ComponentIx(c))).collect();
        memo::taken_back(self, &counted, &mut visit) || memo::replayed(self, &counted, visit)
    }

    /// [`BlastGraph::sweep`] over its condensation `cond`.
    pub(super) fn sweep_condensed(
        &self,
        cond: &Condensation,
        counted: impl Fn(ComponentIx) -> bool,
        mut visit: impl FnMut(ComponentIx, Reach<'_>),
    ) {
        let n2 = 2 * self.component_count() as u32;
        let count = cond.count();
        let sensitive = self.sensitive();
        let counted: Vec<bool> = (0..self.component_count() as u32).map(|c| counted(ComponentIx(c))).collect();
        let mut memo = memo::take();
        // The sizes of the last sweep over the same graph (then only the stores are listed again); else, after a
        // change of some steps, the reach of every component of states that reach no changed state.
        let known = memo.as_ref().is_some_and(|m| m.remembers(self, &counted));
        let mut previous = if known { None } else { memo.as_mut().and_then(|m| m.previous(self, &counted)) };
        let keep = memo.is_some();
        let (sizes_known, mut stores_kept) =
            memo.as_mut().filter(|_| known).map_or((None, None), |memo| memo.known_parts(self, count));
        let none = (Size { value: 0.0, exact: true }, Size { value: 0.0, exact: true });
        let mut sizes_found = vec![none; if keep && !known { self.component_count() } else { 0 }];
        // Sketches are freed when the last step into them is merged (not inside a live analysis, which keeps them all).
        let made;
        let dag = match &cond.dag {
            Some(dag) => dag,
            None => {
                made = Dag::of(self, cond);
                &made
            }
        };
        let mut refs = if keep { Vec::new() } else { entering_steps(dag) };
        let mut sets = Slots::new(count, keep);
        let mut pool: Vec<SccReach> = Vec::with_capacity(POOLED);
        // Only a sweep after a change (inside a live analysis) marks what it merged.
        let mut seen = vec![u32::MAX; if previous.is_some() { count } else { 0 }];
        let mut scratch = Scratch::default();
        let mut taken = 0;
        // After a change: per strongly connected component, whether it reaches all it reached before (or is new), and
        // whether it was taken over as it was; and how many states each of the last sweep's had.
        let (mut grown, mut kept) = (vec![false; count], vec![false; count]);
        // After a change: per strongly connected component so far, whether it reaches a changed state (one of its own,
        // or one a successor reaches).
        let mut below = vec![false; if previous.is_some() { count } else { 0 }];
        let old_sizes = previous.as_ref().map(|(reach, _)| reach.sizes()).unwrap_or_default();
        let mut grew = 0;
        for k in 0..count {
            let members = cond.members(k);
            let unchanged = previous.as_mut().and_then(|(reach, dirty)| {
                let first = *members.first()?;
                below[k] = members.iter().any(|&m| {
                    dirty[m as usize] != Change::None
                        || self.successors(m).iter().any(|&t| below[cond.comp[t as usize] as usize])
                });
                (!below[k]).then(|| reach.take_over(first, k)).flatten()
            });
            let grows = match (&unchanged, previous.as_mut()) {
                (None, Some((reach, dirty))) => {
                    let (grown, kept) = (&grown, &kept);
                    let growing = Growing { members, comp: &cond.comp, k, grown, kept, old_sizes: &old_sizes };
                    growing.grow(self, (reach, dirty), &mut seen, &sets, &mut scratch)
                }
                _ => None,
            };
            let (mine, computed) = match (unchanged, grows) {
                (Some(theirs), _) => {
                    // Its successors' reach stays too: `keep` holds every component's.
                    taken += 1;
                    (grown[k], kept[k]) = (true, true);
                    let sizes = (Size::of(&theirs.any), Size::of(&theirs.control));
                    (theirs, Some(sizes))
                }
                (None, Some((mine, same))) => {
                    // The same sketches as one component's of the last sweep: what reaches it needs no merge of it.
                    (grown[k], kept[k]) = (true, same);
                    grew += 1;
                    let sizes = (Size::of(&mine.any), Size::of(&mine.control));
                    (mine, Some(sizes))
                }
                (None, None) => {
                    // Reaches all it reached only when it is new.
                    grown[k] = previous
                        .as_ref()
                        .is_some_and(|(reach, _)| members.iter().all(|&m| reach.component_of(m).is_none()));
                    let mut mine = pool.pop().unwrap_or_default();
                    let sketches = sizes_known.is_none();
                    let taken = stores_kept.as_mut().is_some_and(|kept| kept.take(self, cond, k, &mut mine));
                    if !taken {
                        self.own_reach(members, &mut mine, &counted, sketches);
                    }
                    if !taken {
                        let refs = (!keep).then_some(refs.as_mut_slice());
                        merge_successors(
                            dag.successors(k),
                            refs,
                            (&mut sets, &mut pool),
                            &mut mine,
                            sketches,
                            &mut scratch,
                        );
                    }
                    // Found again with the same sketches as the last sweep's component of all its states (a piece of one
                    // that lost steps, say): what reaches it reaches what it reached through it.
                    if let Some((reach, _)) = previous.as_ref()
                        && sizes_known.is_none()
                        && reach.unchanged(members, &mine)
                    {
                        (grown[k], kept[k]) = (true, true);
                    }
                    let computed = sizes_known.is_none().then(|| (Size::of(&mine.any), Size::of(&mine.control)));
                    (mine, computed)
                }
            };
            for &m in members {
                if m < n2 && m.is_multiple_of(2) {
                    let c = (m / 2) as usize;
                    let Some(sizes) = computed.or_else(|| sizes_known.and_then(|known| known.get(c).copied())) else {
                        continue;
                    };
                    if let Some(slot) = sizes_found.get_mut(c) {
                        *slot = sizes;
                    }
                    visit(ComponentIx(m / 2), Reach { scc: &mine, sizes });
                }
            }
            if !keep && refs[k] == 0 {
                recycle(&mut pool, mine);
            } else {
                sets.put(k, mine);
            }
        }
        if let Some(memo) = memo.as_mut() {
            let comp = cond.comp.clone();
            let last = previous.map(|(reach, _)| reach);
            let sets = sets.into_all().unwrap_or_default();
            let found = memo::Found { comp, sets, sizes: sizes_found, sensitive, counted, taken, grew, last };
            memo.store(self, known, found);
        }
        memo::put(memo);
    }

    /// What the strongly connected component of `members` reaches by itself, into `mine`: its sensitive stores and
    /// (with `sketches`) the keys of its `counted` components.
    fn own_reach(&self, members: &[u32], mine: &mut SccReach, counted: &[bool], sketches: bool) {
        let (n2, keys, sensitive) = (2 * self.component_count() as u32, self.keys(), self.sensitive());
        mine.clear();
        for &m in members {
            if m >= n2 {
                continue;
            }
            let c = (m / 2) as usize;
            let is_control = m.is_multiple_of(2);
            if sketches
                && counted.get(c) == Some(&true)
                && let Some(&key) = keys.get(c)
            {
                mine.any.push(key);
                if is_control {
                    mine.control.push(key);
                }
            }
            if sensitive.get(c) == Some(&true) {
                mine.stores.push((c as u32, is_control));
                if is_control {
                    mine.control_stores.push(c as u32);
                }
            }
        }
        for list in [&mut mine.any, &mut mine.control, &mut mine.control_stores] {
            crate::sorting::sort(list);
            list.dedup();
        }
        mine.any.truncate(SKETCH);
        mine.control.truncate(SKETCH);
        mine.control_stores.truncate(CONTROLLED_STORES);
        // Control first, so the first entry of a store kept by `dedup_by` says whether it is controlled.
        crate::sorting::sort_by_key(&mut mine.stores, |&(s, controlled)| (s, !controlled));
        mine.stores.dedup_by_key(|&mut (s, _)| s);
        mine.stores.truncate(LISTED_STORES);
    }
}

/// Merges into `mine` the sketches of the strongly connected components `successors` (those the current one steps
/// into, each once); with `refs` (how many components step into each, not inside a live analysis), counts the
/// current one's steps out of it and hands the sketches no step is left into back to `pool`.
fn merge_successors(
    successors: &[u32],
    refs: Option<&mut [u32]>,
    (sets, pool): (&mut Slots, &mut Vec<SccReach>),
    mine: &mut SccReach,
    sketches: bool,
    scratch: &mut Scratch,
) {
    // Each sketch's first key read before any is merged: over a large estate the sketches lie far apart in memory,
    // and these reads then wait for memory together instead of one after another.
    let firsts = successors.iter().filter_map(|&tk| sets.get(tk as usize)?.any.first().copied());
    std::hint::black_box(firsts.fold(0u32, |all, key| all ^ key));
    for &tk in successors {
        if let Some(theirs) = sets.get(tk as usize) {
            mine.merge(theirs, sketches, scratch);
        }
    }
    let Some(refs) = refs else { return };
    for &tk in successors {
        if let Some(left) = refs.get_mut(tk as usize) {
            *left -= 1;
            if *left == 0 {
                recycle(pool, sets.take(tk as usize));
            }
        }
    }
}

/// Sketches kept for reuse at most. A sweep takes one per strongly connected component and hands each back once; the
/// components last in a sweep (those nothing steps into) hand back most of them, tens of thousands over a large
/// estate, and no later component takes them: kept, they would grow the pool (moved at every doubling) and be freed at
/// the end, out of the cache; freed when handed back, they are still in it.
const POOLED: usize = 1024;

/// Keeps `reach` in `pool` for reuse, or frees it now, while it is still in the cache, when the pool is full.
fn recycle(pool: &mut Vec<SccReach>, reach: SccReach) {
    if pool.len() < POOLED {
        pool.push(reach);
    }
}

/// Per strongly connected component, how many others step into it.
fn entering_steps(dag: &Dag) -> Vec<u32> {
    let mut refs = vec![0u32; dag.count()];
    for k in 0..dag.count() {
        for &tk in dag.successors(k) {
            refs[tk as usize] += 1;
        }
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_the_smallest_distinct_keys() {
        let mut scratch = Vec::new();
        let mut into = vec![1, 4, 9];
        assert!(merge_keys(&mut into, &[2, 4, 10], 4, &mut scratch));
        assert_eq!(into, [1, 2, 4, 9]);
        assert!(!merge_keys(&mut into, &[20, 30], 4, &mut scratch));
        assert_eq!(into, [1, 2, 4, 9]);
        let mut empty = Vec::new();
        assert!(merge_keys(&mut empty, &[3, 5, 7], 2, &mut scratch));
        assert_eq!(empty, [3, 5]);
        let mut stores = vec![(1, false), (5, true)];
        assert!(merge_stores(&mut stores, &[(1, true), (3, false)], &mut Vec::new()));
        assert_eq!(stores, [(1, true), (3, false), (5, true)]);
        assert!(!merge_stores(&mut stores, &[(1, false), (5, true)], &mut Vec::new()), "levels and stores it had");
        // Against the union, over lists that overlap in every way (full ones that already hold the other's keys
        // among them).
        let list = |seed: u32, len: u32| -> Vec<u32> {
            let mut keys: Vec<u32> = (0..len).map(|i| (i * 7 + seed * 3) % 40).collect();
            keys.sort_unstable();
            keys.dedup();
            keys
        };
        for (a, b, limit) in (0..6).flat_map(|a| (0..6).flat_map(move |b| [2, 5, 8].map(|limit| (a, b, limit)))) {
            let (mut into, from) = (list(a, a * 2), list(b, b * 3));
            into.truncate(limit);
            let mut union: Vec<u32> = into.iter().chain(&from).copied().collect();
            union.sort_unstable();
            union.dedup();
            union.truncate(limit);
            let before = into.clone();
            let changed = merge_keys(&mut into, &from, limit, &mut scratch);
            assert_eq!(into, union, "{a} {b} {limit}");
            assert_eq!(changed, into != before, "{a} {b} {limit}: whether it changed");
        }
    }

    #[test]
    fn sizes_below_the_sketch_are_exact_and_larger_ones_estimated() {
        let small: Vec<u32> = (0..10).collect();
        assert_eq!(Size::of(&small), Size { value: 10.0, exact: true });
        // 10,000 evenly spread hashes: the 128th smallest sits at 128 / 10,000.
        let big: Vec<u32> = (0..SKETCH as u32).map(|i| i * 429_497).collect();
        let size = Size::of(&big);
        assert!(!size.exact);
        assert!((size.value - 10_000.0).abs() < 200.0, "{}", size.value);
    }
}
