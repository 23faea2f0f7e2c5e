//! Where a sweep (`ranking`) keeps the sketches of its strongly connected components until what steps into them has
//! merged them. Inside a live analysis it keeps every one, by component, for the next sweep. Else a sketch is wanted
//! only until its last predecessor merged it, and the sketches wanted at once are few against the components (the
//! sweep hands the others back as it goes): they sit in a few reused slots, and per component only a slot number is
//! kept. A list of every component's sketch would be written when made and read when dropped in full, and its entries
//! looked up all over it, for tens of thousands of components over a large estate.

use crate::analysis::blast::graph::NONE;
use crate::analysis::blast::ranking::SccReach;

/// The sketches of a sweep's strongly connected components.
pub(super) struct Slots {
    /// Per strongly connected component, its slot in `sketches` ([`NONE`]: none); empty when every sketch is kept
    /// (then component `k`'s is at `k`).
    slot: Vec<u32>,
    sketches: Vec<SccReach>,
    /// Slots whose sketch was taken out.
    free: Vec<u32>,
}

impl Slots {
    /// For a sweep over `count` strongly connected components that keeps every sketch (`keep_all`) or not.
    pub fn new(count: usize, keep_all: bool) -> Self {
        if keep_all {
            Self { slot: Vec::new(), sketches: Vec::with_capacity(count), free: Vec::new() }
        } else {
            Self { slot: vec![NONE; count], sketches: Vec::new(), free: Vec::new() }
        }
    }

    fn keeps_all(&self) -> bool {
        self.slot.is_empty()
    }

    /// The sketch of component `k`, if kept.
    pub fn get(&self, k: usize) -> Option<&SccReach> {
        if self.keeps_all() {
            return self.sketches.get(k);
        }
        self.sketches.get(*self.slot.get(k)? as usize)
    }

    /// Keeps `reach` as the sketch of component `k`. When every sketch is kept, components come in order.
    pub fn put(&mut self, k: usize, reach: SccReach) {
        if self.keeps_all() {
            debug_assert_eq!(k, self.sketches.len(), "every sketch kept, in order");
            self.sketches.push(reach);
            return;
        }
        let at = match self.free.pop() {
            Some(at) => {
                self.sketches[at as usize] = reach;
                at
            }
            None => {
                self.sketches.push(reach);
                u32::try_from(self.sketches.len() - 1).unwrap_or(NONE)
            }
        };
        if let Some(slot) = self.slot.get_mut(k) {
            *slot = at;
        }
    }

    /// Takes the sketch of component `k` out (empty if none is kept).
    pub fn take(&mut self, k: usize) -> SccReach {
        if self.keeps_all() {
            return self.sketches.get_mut(k).map(std::mem::take).unwrap_or_default();
        }
        let Some(at) = self.slot.get_mut(k).map(|slot| std::mem::replace(slot, NONE)).filter(|&at| at != NONE) else {
            return SccReach::default();
        };
        self.free.push(at);
        std::mem::take(&mut self.sketches[at as usize])
    }

    /// Every component's sketch, by component, when every sketch is kept; else `None`.
    pub fn into_all(self) -> Option<Vec<SccReach>> {
        self.keeps_all().then_some(self.sketches)
    }

    /// How many slots were ever in use.
    #[cfg(test)]
    pub fn slots(&self) -> usize {
        self.sketches.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(key: u32) -> SccReach {
        let mut reach = SccReach::default();
        reach.any.push(key);
        reach
    }

    #[test]
    fn slots_are_reused_and_sketches_found_by_component() {
        let mut slots = Slots::new(5, false);
        slots.put(0, reach(10));
        slots.put(1, reach(11));
        assert_eq!(slots.take(0).any, [10]);
        assert!(slots.get(0).is_none() && slots.take(0).any.is_empty());
        slots.put(2, reach(12));
        assert_eq!(
            (slots.get(1).unwrap().any.as_slice(), slots.get(2).unwrap().any.as_slice()),
            (&[11][..], &[12][..])
        );
        assert_eq!(slots.slots(), 2, "the slot component 0 left is reused");
        assert!(slots.into_all().is_none());
        let mut all = Slots::new(3, true);
        for k in 0..3 {
            all.put(k, reach(k as u32));
        }
        assert_eq!(all.get(1).unwrap().any, [1]);
        assert_eq!(all.into_all().unwrap().len(), 3);
    }
}
