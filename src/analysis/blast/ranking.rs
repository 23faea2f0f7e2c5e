//! The blast radius of every component at once. [`BlastGraph::ranking`] gives exact sizes (controlled and
//! influenced counts) and the sensitive stores each reaches, by one pass over the strongly connected components in
//! reverse topological order with one bit set per component still needed; past a memory budget it falls back to
//! one search per component. [`BlastGraph::screen`] answers "does it reach at least k components, and does it
//! control a sensitive store" for the `large-blast-radius` rule, with reach sets that stop growing at k.

use crate::analysis::blast::Level;
use crate::analysis::blast::Start;
use crate::analysis::blast::graph::{BlastGraph, NONE};
use crate::analysis::blast::scc::{Condensation, condense};
use crate::analysis::blast::search::Scratch;
use crate::model::ComponentIx;

/// Bit sets beyond this many 64-bit words alive at once switch the ranking to one search per component.
const WORD_BUDGET: usize = 8 << 20;

/// Control bits (even positions) of a word of interleaved control/influence bits.
const CONTROL_BITS: u64 = 0x5555_5555_5555_5555;

/// The size of one component's blast radius.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankEntry {
    /// The compromised component.
    pub component: ComponentIx,
    /// Components it controls (itself not counted).
    pub controlled: usize,
    /// Components it only influences.
    pub influenced: usize,
    /// The confidential or restricted data stores it reaches, with the level, in id order.
    pub sensitive: Vec<(ComponentIx, Level)>,
}

impl RankEntry {
    /// Controlled plus influenced.
    pub fn total(&self) -> usize {
        self.controlled + self.influenced
    }
}

/// What the `large-blast-radius` rule needs to know about one component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Screening {
    /// The component.
    pub component: ComponentIx,
    /// When it reaches at least the asked number of components: a number it reaches at least.
    pub reaches_at_least: Option<usize>,
    /// A confidential or restricted data store it controls (the first in id order).
    pub controls_store: Option<ComponentIx>,
    /// A second such store, when there is one (the next in id order).
    pub also_controls: Option<ComponentIx>,
}

impl BlastGraph {
    /// Every component's blast radius size, largest first (then most controlled, then id).
    pub fn ranking(&self) -> Vec<RankEntry> {
        let condensation = condense(self);
        let words = (2 * self.component_count()).div_ceil(64);
        let mut entries = self.rank_by_bitsets(&condensation, words).unwrap_or_else(|| self.rank_by_search());
        entries.sort_by(|a, b| {
            b.total().cmp(&a.total()).then(b.controlled.cmp(&a.controlled)).then(a.component.cmp(&b.component))
        });
        entries
    }

    fn sensitive_stores(&self) -> Vec<u32> {
        (0..self.component_count() as u32).filter(|&c| self.sensitive().get(c as usize) == Some(&true)).collect()
    }

    /// Exact sizes from one bit set per strongly connected component still needed by a predecessor; `None` when
    /// the sets alive at once would exceed [`WORD_BUDGET`].
    fn rank_by_bitsets(&self, cond: &Condensation, words: usize) -> Option<Vec<RankEntry>> {
        let n2 = 2 * self.component_count() as u32;
        let count = cond.count();
        let mut refs = vec![0u32; count];
        for s in 0..self.state_count() as u32 {
            for &t in self.successors(s) {
                if cond.comp[t as usize] != cond.comp[s as usize] {
                    refs[cond.comp[t as usize] as usize] += 1;
                }
            }
        }
        let stores = self.sensitive_stores();
        let mut bits: Vec<Vec<u64>> = vec![Vec::new(); count];
        let mut pool: Vec<Vec<u64>> = Vec::new();
        let mut seen = vec![NONE; count];
        let mut entries = Vec::with_capacity(self.component_count());
        let mut allocated = 0usize;
        for k in 0..count {
            let mut set = match pool.pop() {
                Some(set) => set,
                None => {
                    allocated += 1;
                    if allocated.saturating_mul(words) > WORD_BUDGET {
                        return None;
                    }
                    vec![0; words]
                }
            };
            set.iter_mut().for_each(|w| *w = 0);
            for &m in cond.members(k) {
                if m < n2 {
                    set[m as usize / 64] |= 1 << (m % 64);
                }
                for &t in self.successors(m) {
                    let tk = cond.comp[t as usize] as usize;
                    if tk == k {
                        continue;
                    }
                    if seen[tk] != k as u32 {
                        seen[tk] = k as u32;
                        for (w, o) in set.iter_mut().zip(&bits[tk]) {
                            *w |= o;
                        }
                    }
                    refs[tk] -= 1;
                    if refs[tk] == 0 {
                        pool.push(std::mem::take(&mut bits[tk]));
                    }
                }
            }
            for &m in cond.members(k) {
                if m < n2 && m.is_multiple_of(2) {
                    entries.push(entry_from_bits(ComponentIx(m / 2), &set, &stores));
                }
            }
            if refs[k] == 0 {
                pool.push(set);
            } else {
                bits[k] = set;
            }
        }
        Some(entries)
    }

    fn rank_by_search(&self) -> Vec<RankEntry> {
        let mut scratch = Scratch::new(self);
        (0..self.component_count() as u32)
            .map(|c| {
                let (controlled, influenced, sensitive) =
                    self.count_levels(&mut scratch, Start::Component(ComponentIx(c)));
                RankEntry { component: ComponentIx(c), controlled, influenced, sensitive }
            })
            .collect()
    }

    /// For each candidate component: whether it reaches at least `at_least` other components, and a sensitive
    /// store it controls. One pass over the strongly connected components, sinks first: each keeps the set of
    /// components it reaches while that set is smaller than `at_least + 1`, and only the mark "large" once it is
    /// not (a component reaching a large one is large too), so no search runs and no set grows past the threshold.
    pub fn screen(&self, at_least: usize, candidate: impl Fn(ComponentIx) -> bool) -> Vec<Screening> {
        let cond = condense(self);
        let bounds = Bounds::compute(self, &cond);
        let n2 = 2 * self.component_count() as u32;
        let limit = at_least.saturating_add(1);
        // `None`: reaches at least `limit` components (itself included); `Some(set)`: exactly these.
        let mut reach: Vec<Option<Vec<u32>>> = Vec::with_capacity(cond.count());
        let mut seen = vec![NONE; cond.count()];
        // Which strongly connected component last added each component to its set (no sorting needed).
        let mut added = vec![NONE; self.component_count()];
        for k in 0..cond.count() {
            let stamp = k as u32;
            let mut set: Vec<u32> = Vec::new();
            let mut large = false;
            let mut add = |set: &mut Vec<u32>, c: u32| {
                if let Some(slot) = added.get_mut(c as usize)
                    && *slot != stamp
                {
                    *slot = stamp;
                    set.push(c);
                }
            };
            'members: for &m in cond.members(k) {
                if m < n2 {
                    add(&mut set, m / 2);
                }
                for &t in self.successors(m) {
                    let tk = cond.comp[t as usize] as usize;
                    if tk == k || seen[tk] == stamp {
                        continue;
                    }
                    seen[tk] = stamp;
                    let Some(Some(theirs)) = reach.get(tk) else {
                        large = true;
                        break 'members;
                    };
                    for &c in theirs {
                        add(&mut set, c);
                    }
                    if set.len() >= limit {
                        large = true;
                        break 'members;
                    }
                }
            }
            large = large || set.len() >= limit;
            reach.push((!large).then_some(set));
        }
        let mut out = Vec::new();
        for c in (0..self.component_count() as u32).map(ComponentIx).filter(|&c| candidate(c)) {
            let k = cond.comp[c.index() * 2] as usize;
            let reaches_at_least = match reach.get(k) {
                Some(Some(_)) => None,
                _ => Some(at_least),
            };
            let mut stores = bounds.stores[k].into_iter().filter(|&s| s != NONE && s != c.0).map(ComponentIx);
            let (controls_store, also_controls) = (stores.next(), stores.next());
            if reaches_at_least.is_some() || controls_store.is_some() {
                out.push(Screening { component: c, reaches_at_least, controls_store, also_controls });
            }
        }
        out
    }
}

fn entry_from_bits(component: ComponentIx, set: &[u64], stores: &[u32]) -> RankEntry {
    let mut controlled = 0usize;
    let mut influenced = 0usize;
    for &w in set {
        controlled += (w & CONTROL_BITS).count_ones() as usize;
        influenced += ((w >> 1) & !w & CONTROL_BITS).count_ones() as usize;
    }
    let bit = |state: u32| set.get(state as usize / 64).is_some_and(|w| w >> (state % 64) & 1 == 1);
    let sensitive = stores
        .iter()
        .filter(|&&s| s != component.0)
        .filter_map(|&s| {
            if bit(2 * s) {
                Some((ComponentIx(s), Level::Control))
            } else {
                bit(2 * s + 1).then_some((ComponentIx(s), Level::Influence))
            }
        })
        .collect();
    RankEntry { component, controlled: controlled.saturating_sub(1), influenced, sensitive }
}

/// Per strongly connected component: the two first sensitive stores it controls.
struct Bounds {
    stores: Vec<[u32; 2]>,
}

impl Bounds {
    fn compute(graph: &BlastGraph, cond: &Condensation) -> Self {
        let n2 = 2 * graph.component_count() as u32;
        let count = cond.count();
        let mut stores = vec![[NONE; 2]; count];
        let mut seen_scc = vec![NONE; count];
        let sensitive = graph.sensitive();
        for k in 0..count {
            let stamp = k as u32;
            let mut first = [NONE; 2];
            for &m in cond.members(k) {
                if m < n2 && m.is_multiple_of(2) && sensitive.get(m as usize / 2) == Some(&true) {
                    merge(&mut first, [m / 2, NONE]);
                }
            }
            for &m in cond.members(k) {
                for &t in graph.successors(m) {
                    let tk = cond.comp[t as usize] as usize;
                    if tk != k && seen_scc[tk] != stamp {
                        seen_scc[tk] = stamp;
                        merge(&mut first, stores[tk]);
                    }
                }
            }
            stores[k] = first;
        }
        Self { stores }
    }
}

/// Keeps the two smallest distinct values of both pairs.
fn merge(into: &mut [u32; 2], from: [u32; 2]) {
    for v in from {
        if v == NONE || into.contains(&v) {
            continue;
        }
        if v < into[0] {
            into[1] = into[0];
            into[0] = v;
        } else if v < into[1] {
            into[1] = v;
        }
    }
}
