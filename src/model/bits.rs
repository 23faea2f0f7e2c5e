//! A set of component positions, one bit each: what a stage of a live analysis read of which components (their data,
//! or where they sit), kept across edits that add or remove a component by moving the bits with the positions.

/// A set of component positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bits {
    words: Vec<u64>,
}

impl Bits {
    /// No position.
    pub const fn new() -> Self {
        Self { words: Vec::new() }
    }

    /// Adds position `i`.
    #[inline]
    pub fn insert(&mut self, i: usize) {
        match self.words.get_mut(i / 64) {
            Some(word) => *word |= 1 << (i % 64),
            None => self.grow_to(i),
        }
    }

    /// Adds position `i`, beyond the words it has.
    #[cold]
    fn grow_to(&mut self, i: usize) {
        self.words.resize(i / 64 + 1, 0);
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// Whether it holds position `i`.
    pub fn contains(&self, i: usize) -> bool {
        self.words.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    /// How many positions it holds.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether it holds no position.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Adds every position `other` holds.
    pub fn union_with(&mut self, other: &Self) {
        if self.words.len() < other.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (mine, &theirs) in self.words.iter_mut().zip(&other.words) {
            *mine |= theirs;
        }
    }

    /// The same positions after a component was added at position `at` (`true`, one it does not hold) or removed
    /// from it.
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

    /// The positions it holds, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.words.len() * 64).filter(|&i| self.contains(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_shift_with_an_added_or_removed_component() {
        let set = |bits: &[usize]| {
            let mut set = Bits::default();
            bits.iter().for_each(|&i| set.insert(i));
            set
        };
        let bits = [0, 5, 63, 64, 70, 127, 130];
        for at in [0, 5, 6, 63, 64, 65, 127, 128, 200] {
            let mut added = set(&bits);
            added.shift(at, true);
            let moved: Vec<usize> = bits.iter().map(|&i| if i >= at { i + 1 } else { i }).collect();
            assert_eq!(added.iter().collect::<Vec<_>>(), moved, "added at {at}");
            let mut removed = set(&bits);
            removed.shift(at, false);
            let kept: Vec<usize> = bits.iter().filter(|&&i| i != at).map(|&i| if i > at { i - 1 } else { i }).collect();
            assert_eq!(removed.iter().collect::<Vec<_>>(), kept, "removed at {at}");
            // Adding and then removing at the same place gives the positions back.
            added.shift(at, false);
            assert_eq!(added.iter().collect::<Vec<_>>(), bits, "added and removed at {at}");
        }
        let mut both = set(&[1, 200]);
        both.union_with(&set(&[3]));
        assert_eq!((both.len(), both.contains(200), both.contains(2)), (3, true, false));
        assert!(Bits::default().is_empty() && !both.is_empty());
    }
}
