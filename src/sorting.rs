//! Sorting through one shared instantiation of the standard library's sort.
//!
//! `slice::sort_by` is compiled anew for every element type and every comparison closure: each call site carries
//! its own copy of the sorting algorithm (a few KB of WebAssembly each). The helpers here sort a list of indices
//! instead, with the comparison behind `dyn FnMut`, so the algorithm is compiled once ([`order`]); the generic
//! wrappers only build the comparison and move the elements into place. Use them where a list is sorted once in a
//! while (loading, saving, reports, layout set-up, analysis); a sort in a hot loop may still be faster with `std`.
//! The scene keeps `std` for that reason: it sorts on every scene build, and hit tests and culling every frame
//! (culling took 2.5 times as long through here).
//!
//! [`counting_sort`] puts items with small integer keys in order without comparing them.
//!
//! [`set`] and [`map`] build a `BTreeSet` or `BTreeMap` by inserting: `collect()` (and `From<[_; N]>`) into one sorts
//! the items first, with a copy of the stable sort for every item type.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The stable sorting permutation of `n` elements: position `i` of the result holds the index of the element that
/// belongs at `i`. Elements that compare equal keep their order.
pub fn order(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..n).collect();
    indices.sort_by(|&a, &b| compare(a, b));
    indices
}

/// The set of `items`, built by inserting them one by one. (`collect()` into a `BTreeSet` or `BTreeMap` sorts the
/// items first, with a copy of the sort for every item type.)
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// The map of `pairs`, built by inserting them one by one; of pairs with equal keys the last one stays, as with
/// `collect()`.
pub fn map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(pairs);
    map
}

/// Sorts `items` by `compare`, stably (as `slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let permutation = order(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, permutation);
}

/// Sorts `items` by the key `key` gives each, stably (as `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order, stably (as `slice::sort`; equal elements keep their order, so it also
/// serves where `slice::sort_unstable` was used).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The `len` items, stably put in order of their key (below `k`), counted into place: O(items + k), for small keys
/// (no comparisons).
pub fn counting_sort<T: Copy>(
    k: usize,
    len: usize,
    items: impl Iterator<Item = T> + Clone,
    key: impl Fn(&T) -> u32,
) -> Vec<T> {
    counting_sort_starts(k, len, items, key).1
}

/// [`counting_sort`], with where each key's items start in the result (`k + 1` entries, the last one `len`): rows of
/// a compressed adjacency list.
pub fn counting_sort_starts<T: Copy>(
    k: usize,
    len: usize,
    items: impl Iterator<Item = T> + Clone,
    key: impl Fn(&T) -> u32,
) -> (Vec<u32>, Vec<T>) {
    let mut start = vec![0u32; k + 1];
    for item in items.clone() {
        start[key(&item) as usize + 1] += 1;
    }
    for i in 0..k {
        start[i + 1] += start[i];
    }
    let Some(first) = items.clone().next() else { return (start, Vec::new()) };
    let mut next = start.clone();
    let mut out = vec![first; len];
    for item in items {
        let slot = &mut next[key(&item) as usize];
        out[*slot as usize] = item;
        *slot += 1;
    }
    (start, out)
}

/// Moves `items[permutation[i]]` to position `i`, following each cycle of the permutation with swaps (in place: no
/// second buffer).
pub fn permute<T>(items: &mut [T], mut permutation: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        // A visited position points at itself.
        while permutation[at] != at {
            let from = permutation[at];
            permutation[at] = at;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_std_and_keeps_equal_elements_in_order() {
        // (key, original position): a stable sort by key keeps the positions increasing within one key.
        let keys = [5, 3, 9, 3, 1, 5, 5, 0, 9, 2, 3, 8, 1, 1, 7];
        let mut ours: Vec<(i32, usize)> = keys.iter().copied().zip(0..).collect();
        let mut std_sorted = ours.clone();
        sort_by_key(&mut ours, |pair| pair.0);
        std_sorted.sort_by_key(|pair| pair.0);
        assert_eq!(ours, std_sorted);
    }

    /// Counted into place as the stable sort puts them, with where each key's items start (an empty key too).
    #[test]
    fn counting_sort_agrees_with_the_stable_sort_and_says_where_keys_start() {
        let keys = [5u32, 3, 9, 3, 1, 5, 5, 0, 9, 2, 3, 8, 1, 1, 7];
        let items = keys.iter().copied().zip(0..);
        let (start, counted) = counting_sort_starts(11, keys.len(), items.clone(), |&(k, _)| k);
        let mut sorted: Vec<(u32, usize)> = items.collect();
        sorted.sort_by_key(|pair| pair.0);
        assert_eq!(counted, sorted);
        assert_eq!(start, [0, 1, 4, 5, 8, 8, 11, 11, 12, 13, 15, 15]);
        assert_eq!(counting_sort(11, 0, std::iter::empty::<u32>(), |&k| k), Vec::<u32>::new());
    }

    #[test]
    fn sort_by_reverses_and_sort_orders_strings() {
        let mut numbers = vec![4, 1, 3, 2];
        sort_by(&mut numbers, |a, b| b.cmp(a));
        assert_eq!(numbers, [4, 3, 2, 1]);
        let mut words = vec!["pear".to_owned(), "apple".to_owned(), "fig".to_owned(), "apple".to_owned()];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
    }

    #[test]
    fn permutations_of_every_shape_sort_correctly() {
        // Every permutation of 0..6 (720 of them), generated by repeated rotations, ends sorted.
        let mut checked = 0;
        let mut list: Vec<u8> = (0..6).collect();
        for_each_permutation(&mut list, 0, &mut |candidate| {
            let mut sorted = candidate.to_vec();
            sort(&mut sorted);
            assert_eq!(sorted, [0, 1, 2, 3, 4, 5], "from {candidate:?}");
            checked += 1;
        });
        assert_eq!(checked, 720);
    }

    fn for_each_permutation(list: &mut [u8], fixed: usize, visit: &mut dyn FnMut(&[u8])) {
        if fixed == list.len() {
            visit(list);
            return;
        }
        for i in fixed..list.len() {
            list.swap(fixed, i);
            for_each_permutation(list, fixed + 1, visit);
            list.swap(fixed, i);
        }
    }

    #[test]
    fn empty_and_single_lists_stay_as_they_are() {
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut single = vec![7];
        sort_by(&mut single, |a, b| b.cmp(a));
        assert_eq!(single, [7]);
        assert_eq!(order(3, &mut |a, b| b.cmp(&a)), [2, 1, 0]);
    }

    #[test]
    fn sets_and_maps_are_what_collect_makes() {
        let items = [5, 1, 4, 1, 3];
        assert_eq!(set(items), items.into_iter().collect::<BTreeSet<_>>());
        // Equal keys: the last pair stays, as with `collect()`.
        let pairs = [(2, "a"), (1, "b"), (2, "c")];
        let map = map(pairs);
        assert_eq!(map, pairs.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(map[&2], "c");
    }

    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        let items = ['a', 'b', 'c', 'd', 'e', 'f'];
        for order in [[0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0], [1, 2, 0, 4, 5, 3], [3, 0, 4, 1, 5, 2]] {
            let mut moved = items;
            permute(&mut moved, order.to_vec());
            assert_eq!(moved, order.map(|i| items[i]), "{order:?}");
        }
    }
}
