//! The components' keys in the reach sketches (`ranking`): a 32-bit hash of each component's id, so an estimate
//! depends on the ids, not on the order components are listed in, and a key stays when other components come or go
//! (a live analysis keeps sketches across such edits, `memo`). Four bytes a key halve what a sweep reads and writes
//! of the sketches against eight.
//!
//! The keys of one estate are distinct, so every size below the sketch is exact: two ids hash alike with a chance of
//! about n² / 2^33 per estate (5 % at 20,000 components, 3e-5 at 500), and then the later component (in the model's
//! order) takes its hash salted until no earlier one has it.

/// Every component's key, in the model's order, and whether any is salted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct SketchKeys {
    keys: Vec<u32>,
    salted: bool,
}

impl SketchKeys {
    /// The keys of the components with these ids, in order.
    pub fn of<'a>(ids: impl Iterator<Item = &'a str> + Clone) -> Self {
        let keys: Vec<u32> = ids.clone().map(|id| key(id, 0)).collect();
        if distinct(&keys) {
            return Self { keys, salted: false };
        }
        // Rare: each takes the first of its salted hashes that no component before it took.
        let mut taken = std::collections::HashSet::with_capacity(keys.len());
        let keys = ids
            .zip(keys)
            .map(|(id, first)| {
                let mut salted = (0..).map(|salt| if salt == 0 { first } else { key(id, salt) });
                salted.find(|&k| taken.insert(k)).unwrap_or(first)
            })
            .collect();
        Self { keys, salted: true }
    }

    pub fn as_slice(&self) -> &[u32] {
        &self.keys
    }

    /// The keys after the component of `id` was added at position `at`, as [`SketchKeys::of`] makes them: `None` when
    /// another component has its id's hash (then another may have to give its key up).
    pub fn insert(&mut self, at: usize, id: &str) -> Option<()> {
        let mine = key(id, 0);
        if at > self.keys.len() || self.keys.contains(&mine) {
            return None;
        }
        self.keys.insert(at, mine);
        Some(())
    }

    /// The keys after the component at `at` was removed, as [`SketchKeys::of`] makes them: `None` when some key is
    /// salted (a component after it may take a hash it held).
    pub fn remove(&mut self, at: usize) -> Option<()> {
        if self.salted || at >= self.keys.len() {
            return None;
        }
        self.keys.remove(at);
        Some(())
    }
}

/// The key of `id` with `salt` (0: the plain hash): FNV-1a over its bytes, the salt added, the splitmix64 finaliser,
/// the high 32 bits.
fn key(id: &str, salt: u32) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in id.as_bytes() {
        h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    h = h.wrapping_add(u64::from(salt).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((h ^ (h >> 31)) >> 32) as u32
}

/// Whether `keys` are distinct: a linear-probing table of at least twice their number, indexed by the keys' low bits
/// (they are hashes already); an empty slot holds 0, and a key of 0 is counted aside.
fn distinct(keys: &[u32]) -> bool {
    let size = (2 * keys.len()).next_power_of_two().max(2);
    let mask = size - 1;
    let mut table = vec![0u32; size];
    let mut zero = false;
    for &k in keys {
        if k == 0 {
            if std::mem::replace(&mut zero, true) {
                return false;
            }
            continue;
        }
        let mut at = k as usize & mask;
        loop {
            match table[at] {
                0 => {
                    table[at] = k;
                    break;
                }
                same if same == k => return false,
                _ => at = (at + 1) & mask,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_distinct_and_stay_when_others_come_or_go() {
        let ids: Vec<String> = (0..5_000).map(|i| format!("svc-{i}")).collect();
        let keys = SketchKeys::of(ids.iter().map(String::as_str));
        let mut sorted = keys.as_slice().to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
        // Adding or removing a component leaves the others' keys, as a fresh list has them.
        let mut added = keys.clone();
        added.insert(7, "aaa-new").unwrap();
        let mut fresh: Vec<&str> = ids.iter().map(String::as_str).collect();
        fresh.insert(7, "aaa-new");
        assert_eq!(added, SketchKeys::of(fresh.iter().copied()));
        added.remove(7).unwrap();
        assert_eq!(added, keys);
        assert!(distinct(&[0, 1, 2, 1 << 20]) && !distinct(&[5, 9, 5]) && !distinct(&[0, 3, 0]));
    }

    /// Ids whose hashes collide (found by search among 300,000): the later one is salted, both keep distinct keys; a
    /// component whose hash another has cannot be added in place, and none can be removed in place once a key is
    /// salted.
    #[test]
    fn colliding_ids_take_distinct_keys() {
        let mut seen = std::collections::HashMap::new();
        let (a, b) = (0..300_000)
            .map(|i| format!("c{i}"))
            .find_map(|id| seen.insert(key(&id, 0), id.clone()).map(|other| (other, id)))
            .expect("two of 300,000 ids share a 32-bit hash");
        let keys = SketchKeys::of([a.as_str(), "middle", b.as_str()].into_iter());
        assert!(keys.salted);
        assert_eq!(keys.as_slice()[0], key(&a, 0));
        assert_ne!(keys.as_slice()[2], keys.as_slice()[0]);
        assert_eq!(keys.as_slice()[2], key(&b, 1));
        let mut plain = SketchKeys::of([a.as_str()].into_iter());
        assert_eq!(plain.insert(1, &b), None);
        let mut salted = keys.clone();
        assert_eq!(salted.remove(1), None);
    }
}
