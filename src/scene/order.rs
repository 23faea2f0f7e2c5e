//! Ordering by small integer keys without a comparison sort: a counting sort that keeps equal keys in their order
//! (the scene orders components by depth, badges by owner and flows by the cards they join this way).

/// The positions `0..keys.len()` ordered by key, equal keys in position order: the order a sort of `(key,
/// position)` pairs gives, in two passes. Costs memory in proportion to the largest key.
pub(crate) fn by_key(keys: &[u32]) -> Vec<u32> {
    let buckets = keys.iter().max().map_or(0, |&m| m as usize + 1);
    let mut next = vec![0u32; buckets + 1];
    for &k in keys {
        if let Some(count) = next.get_mut(k as usize + 1) {
            *count += 1;
        }
    }
    for i in 1..next.len() {
        next[i] += next[i - 1];
    }
    let mut out = vec![0u32; keys.len()];
    for (i, &k) in keys.iter().enumerate() {
        if let Some(slot) = next.get_mut(k as usize)
            && let Some(place) = out.get_mut(*slot as usize)
        {
            *place = i as u32;
            *slot += 1;
        }
    }
    out
}

/// Sorts a short run in place, stably (insertion sort: runs here are a handful of items, often sorted already);
/// longer runs go to the shared sort (`crate::sorting`, one instantiation for the whole program).
pub(crate) fn small_sort<T: Ord + Copy>(run: &mut [T]) {
    if run.len() > 16 {
        crate::sorting::sort(run);
        return;
    }
    for i in 1..run.len() {
        let item = run[i];
        let mut j = i;
        while j > 0 && run[j - 1] > item {
            run[j] = run[j - 1];
            j -= 1;
        }
        run[j] = item;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_key_is_a_stable_sort() {
        let keys = [3, 0, 3, 1, 0, 7, 1];
        let mut pairs: Vec<(u32, u32)> = keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
        pairs.sort_unstable();
        assert_eq!(by_key(&keys), pairs.iter().map(|p| p.1).collect::<Vec<_>>());
        assert!(by_key(&[]).is_empty());
    }

    #[test]
    fn small_sort_sorts_short_and_long_runs() {
        for len in [0_u32, 1, 5, 16, 17, 40] {
            let mut run: Vec<u32> = (0..len).map(|i| (i * 7919) % 13).collect();
            let mut want = run.clone();
            want.sort_unstable();
            small_sort(&mut run);
            assert_eq!(run, want);
        }
    }
}
