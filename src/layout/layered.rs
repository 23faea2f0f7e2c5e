//! One level of the compound layout: the children of one container, each already sized, laid out in layers from
//! left to right (Sugiyama style). Cycles are broken by the greedy feedback-arc heuristic of Eades, Lin and Smyth
//! (the fewest flows end up pointing left), layers come from the longest path from the sources (the internet and
//! users, which only call, land on the left; stores, which are only called, on the right), the order inside each
//! layer from barycenter sweeps, and a layer taller than the block's target height wraps into several columns of
//! the same layer, so flows between layers still point right.

/// Space between two columns (room for arrows).
pub const COLUMN_GAP: f64 = 64.0;
/// Space between two items of a column.
pub const ROW_GAP: f64 = 24.0;
/// Sweeps of the barycenter heuristic (down and up count as one each).
const SWEEPS: usize = 8;

/// Items placed: top-left corners relative to the block's top-left, and the block's size.
#[derive(Clone, Debug, Default)]
pub struct Block {
    /// Top-left of each item, in input order.
    pub at: Vec<(f64, f64)>,
    /// Width and height of the whole block.
    pub size: (f64, f64),
}

/// Lays out items of the given sizes with weighted edges `(from, to, weight)` between them (indices into `sizes`;
/// self-loops ignored).
pub fn layout(sizes: &[(f64, f64)], edges: &[(usize, usize, u32)]) -> Block {
    let n = sizes.len();
    if n == 0 {
        return Block::default();
    }
    let edges: Vec<(usize, usize, u32)> = edges.iter().copied().filter(|&(a, b, _)| a != b && a < n && b < n).collect();
    let order = feedback_order(n, &edges);
    let mut position = vec![0; n];
    for (k, &v) in order.iter().enumerate() {
        position[v] = k;
    }
    // Every edge pointing forward in `order`: the acyclic graph the layers come from.
    let forward: Vec<(usize, usize)> =
        edges.iter().map(|&(a, b, _)| if position[a] < position[b] { (a, b) } else { (b, a) }).collect();
    let rank = ranks(n, &order, &forward);
    let layers = order_layers(n, &rank, &forward, &edges);
    place(sizes, &layers)
}

/// A vertex order in which few edges (by weight) point backwards (Eades, Lin and Smyth): sinks go to the end,
/// sources to the front, otherwise the vertex with the most outgoing minus incoming weight goes to the front.
fn feedback_order(n: usize, edges: &[(usize, usize, u32)]) -> Vec<usize> {
    let mut out_w = vec![0_i64; n];
    let mut in_w = vec![0_i64; n];
    let mut outs: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    let mut ins: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    for &(a, b, w) in edges {
        out_w[a] += i64::from(w);
        in_w[b] += i64::from(w);
        outs[a].push((b, i64::from(w)));
        ins[b].push((a, i64::from(w)));
    }
    let mut out_deg: Vec<usize> = outs.iter().map(Vec::len).collect();
    let mut in_deg: Vec<usize> = ins.iter().map(Vec::len).collect();
    let mut alive = vec![true; n];
    let mut front = Vec::with_capacity(n);
    let mut back = Vec::new();
    let mut left = n;
    let remove = |v: usize,
                  alive: &mut Vec<bool>,
                  out_w: &mut Vec<i64>,
                  in_w: &mut Vec<i64>,
                  out_deg: &mut Vec<usize>,
                  in_deg: &mut Vec<usize>| {
        alive[v] = false;
        for &(b, w) in &outs[v] {
            in_w[b] -= w;
            in_deg[b] -= 1;
        }
        for &(a, w) in &ins[v] {
            out_w[a] -= w;
            out_deg[a] -= 1;
        }
    };
    while left > 0 {
        // Isolated vertices and sources first (in index order, so the result is deterministic), then sinks.
        let mut progressed = false;
        for v in 0..n {
            if alive[v] && in_deg[v] == 0 {
                front.push(v);
                remove(v, &mut alive, &mut out_w, &mut in_w, &mut out_deg, &mut in_deg);
                left -= 1;
                progressed = true;
            }
        }
        for v in (0..n).rev() {
            if alive[v] && out_deg[v] == 0 {
                back.push(v);
                remove(v, &mut alive, &mut out_w, &mut in_w, &mut out_deg, &mut in_deg);
                left -= 1;
                progressed = true;
            }
        }
        if progressed {
            continue;
        }
        let best = (0..n).filter(|&v| alive[v]).max_by_key(|&v| (out_w[v] - in_w[v], std::cmp::Reverse(v)));
        if let Some(v) = best {
            front.push(v);
            remove(v, &mut alive, &mut out_w, &mut in_w, &mut out_deg, &mut in_deg);
            left -= 1;
        }
    }
    back.reverse();
    front.extend(back);
    sift(&mut front, &outs, &ins);
    front
}

/// Passes of [`sift`] over all vertices.
const SIFT_PASSES: usize = 2;

/// Moves each vertex in turn to the place in the order where the fewest edges (by weight) point backwards (sifting,
/// as in one-sided crossing minimisation); each move never makes it worse, and the greedy order above leaves room.
fn sift(order: &mut Vec<usize>, outs: &[Vec<(usize, i64)>], ins: &[Vec<(usize, i64)>]) {
    let n = order.len();
    // `toward[u]`: what moving the vertex from after `u` to before it gains (its edge to `u` turns forward, one from
    // `u` turns backward).
    let mut toward = vec![0_i64; n];
    for _ in 0..SIFT_PASSES {
        let vertices = order.clone();
        for v in vertices {
            for &(u, w) in &outs[v] {
                toward[u] += w;
            }
            for &(u, w) in &ins[v] {
                toward[u] -= w;
            }
            let Some(from) = order.iter().position(|&x| x == v) else { continue };
            order.remove(from);
            // Gain of inserting v at slot k (before order[k]), relative to slot 0: sum over u before k of -toward[u].
            let (mut best, mut best_gain, mut gain) = (from, i64::MIN, 0_i64);
            let gain_at_from: i64 = order[..from].iter().map(|&u| -toward[u]).sum();
            for k in 0..=order.len() {
                if gain > best_gain || (gain == best_gain && k == from) {
                    best_gain = gain;
                    best = k;
                }
                if let Some(&u) = order.get(k) {
                    gain -= toward[u];
                }
            }
            if best_gain <= gain_at_from {
                best = from;
            }
            order.insert(best, v);
            for &(u, _) in outs[v].iter().chain(&ins[v]) {
                toward[u] = 0;
            }
        }
    }
}

/// Longest path from the sources over the forward edges; vertices without any edge get layer 0. A source whose
/// successors all sit further right moves up to just before the nearest, so callers sit beside what they call.
fn ranks(n: usize, order: &[usize], forward: &[(usize, usize)]) -> Vec<usize> {
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_pred = vec![false; n];
    for &(a, b) in forward {
        succ[a].push(b);
        has_pred[b] = true;
    }
    let mut rank = vec![0; n];
    for &v in order {
        for &s in &succ[v] {
            rank[s] = rank[s].max(rank[v] + 1);
        }
    }
    for &v in order.iter().rev() {
        if !has_pred[v] && !succ[v].is_empty() && !starts_chain(v, &succ) {
            let nearest: usize = succ[v].iter().map(|&s| rank[s]).min().unwrap_or(1);
            rank[v] = nearest.saturating_sub(1);
        }
    }
    rank
}

/// Whether a source starts a chain of two or more layers: it keeps layer 0 (the internet and users stay left).
fn starts_chain(v: usize, succ: &[Vec<usize>]) -> bool {
    succ[v].iter().any(|&s| !succ[s].is_empty())
}

/// The vertices of each layer, ordered by barycenter sweeps over all edges (in either direction) to the layers
/// before (down sweeps) or after (up sweeps).
fn order_layers(
    n: usize,
    rank: &[usize],
    forward: &[(usize, usize)],
    edges: &[(usize, usize, u32)],
) -> Vec<Vec<usize>> {
    let layers_n = rank.iter().copied().max().map_or(0, |m| m + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layers_n];
    for v in 0..n {
        layers[rank[v]].push(v);
    }
    let mut neighbours: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (&(a, b), &(_, _, w)) in forward.iter().zip(edges) {
        neighbours[a].push((b, f64::from(w)));
        neighbours[b].push((a, f64::from(w)));
    }
    // Position of each vertex inside its layer, scaled to [0, 1] so layers of different sizes compare.
    let mut pos = vec![0.0; n];
    let set_pos = |layer: &[usize], pos: &mut [f64]| {
        let len = layer.len().max(1) as f64;
        for (k, &v) in layer.iter().enumerate() {
            pos[v] = (k as f64 + 0.5) / len;
        }
    };
    for layer in &layers {
        set_pos(layer, &mut pos);
    }
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let indices: Vec<usize> =
            if down { (1..layers_n).collect() } else { (0..layers_n.saturating_sub(1)).rev().collect() };
        for r in indices {
            let mut keyed: Vec<(f64, usize)> = layers[r]
                .iter()
                .map(|&v| {
                    let (sum, weight) = neighbours[v]
                        .iter()
                        .filter(|&&(u, _)| if down { rank[u] < r } else { rank[u] > r })
                        .fold((0.0, 0.0), |(s, t), &(u, w)| (s + pos[u] * w, t + w));
                    (if weight > 0.0 { sum / weight } else { pos[v] }, v)
                })
                .collect();
            crate::sorting::sort_by(&mut keyed, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layers[r] = keyed.into_iter().map(|(_, v)| v).collect();
            set_pos(&layers[r], &mut pos);
        }
    }
    layers
}

/// Columns from layers (a layer taller than the target height wraps), centred vertically in the block.
fn place(sizes: &[(f64, f64)], layers: &[Vec<usize>]) -> Block {
    let area: f64 = sizes.iter().map(|(w, h)| (w + COLUMN_GAP) * (h + ROW_GAP)).sum();
    let tallest = sizes.iter().map(|s| s.1).fold(0.0, f64::max);
    // Aim for a block about twice as wide as tall, and never shorter than the tallest item.
    let target = (area / 2.0).sqrt().max(tallest);
    let mut columns: Vec<Vec<usize>> = Vec::new();
    for layer in layers.iter().filter(|l| !l.is_empty()) {
        let mut column = Vec::new();
        let mut height = 0.0;
        for &v in layer {
            let h = sizes[v].1;
            if !column.is_empty() && height + ROW_GAP + h > target {
                columns.push(std::mem::take(&mut column));
                height = 0.0;
            }
            height += if column.is_empty() { h } else { ROW_GAP + h };
            column.push(v);
        }
        columns.push(column);
    }
    let heights: Vec<f64> = columns
        .iter()
        .map(|c| c.iter().map(|&v| sizes[v].1).sum::<f64>() + ROW_GAP * c.len().saturating_sub(1) as f64)
        .collect();
    let total_h = heights.iter().copied().fold(0.0, f64::max);
    let mut at = vec![(0.0, 0.0); sizes.len()];
    let mut x = 0.0;
    for (column, height) in columns.iter().zip(&heights) {
        let width = column.iter().map(|&v| sizes[v].0).fold(0.0, f64::max);
        let mut y = ((total_h - height) / 2.0).floor();
        for &v in column {
            // Narrower items are centred in their column.
            at[v] = (x + ((width - sizes[v].0) / 2.0).floor(), y);
            y += sizes[v].1 + ROW_GAP;
        }
        x += width + COLUMN_GAP;
    }
    Block { at, size: ((x - COLUMN_GAP).max(0.0), total_h) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_goes_left_to_right() {
        let sizes = vec![(100.0, 50.0); 3];
        let block = layout(&sizes, &[(0, 1, 1), (1, 2, 1)]);
        assert!(block.at[0].0 < block.at[1].0 && block.at[1].0 < block.at[2].0, "{:?}", block.at);
    }

    #[test]
    fn a_cycle_leaves_one_edge_pointing_left() {
        let sizes = vec![(100.0, 50.0); 3];
        let edges = [(0, 1, 1), (1, 2, 1), (2, 0, 1)];
        let block = layout(&sizes, &edges);
        let right = edges.iter().filter(|&&(a, b, _)| block.at[a].0 < block.at[b].0).count();
        assert_eq!(right, 2, "{:?}", block.at);
    }

    #[test]
    fn unconnected_items_wrap_into_a_grid() {
        let sizes = vec![(100.0, 50.0); 16];
        let block = layout(&sizes, &[]);
        let columns: std::collections::BTreeSet<i64> = crate::sorting::set(block.at.iter().map(|p| p.0 as i64));
        assert!(columns.len() >= 3, "{columns:?}");
        assert!(block.size.0 < 4.0 * block.size.1 && block.size.1 < 4.0 * block.size.0, "{:?}", block.size);
    }
}
