//! Strongly connected components of a [`BlastGraph`] (iterative Tarjan, so deep graphs cannot overflow the stack,
//! here or in the browser). Components are numbered in the order Tarjan completes them, which is a reverse
//! topological order: a step between two components always goes to a lower number.

use crate::analysis::blast::graph::{BlastGraph, NONE};

/// A step put in (`true`) or taken out: from, which, to.
pub(super) type StepChange = (u32, bool, u32);

/// The condensation of the state graph.
#[derive(Clone, Debug)]
pub(super) struct Condensation {
    /// Per state, its component.
    pub comp: Vec<u32>,
    /// Members of component `k`: `members[starts[k]..starts[k + 1]]`.
    starts: Vec<u32>,
    members: Vec<u32>,
    /// The steps between components, when the condensation was made afresh ([`condense`]); condensations made from
    /// another one ([`Condensation::after`], [`Condensation::rearranged`]) leave it to [`Dag::of`].
    pub dag: Option<Dag>,
}

/// The steps between the components of a [`Condensation`]: per component, the components its states step into
/// (itself left out), each once. A sweep reads these lists one after another instead of looking every step's target
/// up in the condensation (over a large estate, a read of memory far away per step).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Dag {
    /// The successors of component `k`: `successors[starts[k]..starts[k + 1]]`.
    starts: Vec<u32>,
    successors: Vec<u32>,
}

impl Dag {
    /// The components component `k` steps into.
    pub fn successors(&self, k: usize) -> &[u32] {
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&a), Some(&b)) => self.successors.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The steps between the components of `cond`, a condensation of `graph`, found from the states' steps.
    pub fn of(graph: &BlastGraph, cond: &Condensation) -> Self {
        let mut dag = Self { starts: Vec::with_capacity(cond.count() + 1), successors: Vec::new() };
        dag.starts.push(0);
        let mut marks = vec![NONE; cond.count()];
        for k in 0..cond.count() {
            let steps = cond.members(k).iter().flat_map(|&m| graph.successors(m));
            let targets = steps.map(|&t| cond.comp.get(t as usize).copied().unwrap_or(NONE));
            dag.push_list(k as u32, targets.filter(|&tk| tk as usize != k), &mut marks);
        }
        dag
    }

    /// Lists the successors of component `k` (the next one listed), each of `targets` once (`marks` holds, per
    /// component, the last one that listed it), in the order a sweep merges them.
    fn push_list(&mut self, k: u32, targets: impl Iterator<Item = u32>, marks: &mut [u32]) {
        let from = self.successors.len();
        for tk in targets {
            if let Some(mark) = marks.get_mut(tk as usize).filter(|mark| **mark != k) {
                *mark = k;
                self.successors.push(tk);
            }
        }
        order(&mut self.successors[from..]);
        self.starts.push(u32::try_from(self.successors.len()).unwrap_or(NONE));
    }

    /// How many components.
    pub fn count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

impl Condensation {
    /// How many components.
    pub fn count(&self) -> usize {
        self.starts.len() - 1
    }

    /// The states of one component.
    pub fn members(&self, k: usize) -> &[u32] {
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&a), Some(&b)) => self.members.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Condenses the graph, with the steps between its components.
pub(super) fn condense(graph: &BlastGraph) -> Condensation {
    tarjan(graph, 0..u32::try_from(graph.state_count()).unwrap_or(0), |_| true, true)
}

/// Puts a component's successors in the order a sweep merges them: the last completed first (those upstream, which
/// tend to reach the most, so that more of the later merges find nothing new). `std`'s sort of `u32`, as this runs
/// once per component (see [`crate::sorting`]).
fn order(successors: &mut [u32]) {
    successors.sort_unstable_by(|a, b| b.cmp(a));
}

/// What the search keeps per state, together: each step reads the state it leads to once, at one place in memory.
#[derive(Clone, Copy)]
struct Node {
    /// When the search first came to it ([`NONE`]: not yet).
    index: u32,
    /// The lowest index it reaches among the states on the stack.
    low: u32,
    /// Its component once complete ([`NONE`] before: a state found whose component is not complete is on the stack).
    comp: u32,
}

/// One state being searched: the state, its next step, and how many steps into complete components had been
/// listed when the search came to it (those listed since are its component's, when the component completes there).
struct Frame {
    state: u32,
    edge: usize,
    listed: usize,
}

/// The strongly connected components of the states `inside` accepts, over the steps between them, found from each of
/// `roots` in turn (every state inside among them). `comp` holds their numbers (and [`NONE`] for the states outside);
/// `members` lists only the states inside. With `dag`, also the steps between the components ([`Dag`]): a step into
/// a complete component is listed when the search takes it, and a component's list is what was listed since the
/// search came to its first state (the components completed in between took theirs).
fn tarjan(
    graph: &BlastGraph,
    roots: impl Iterator<Item = u32>,
    inside: impl Fn(u32) -> bool,
    dag: bool,
) -> Condensation {
    let n = graph.state_count();
    let mut nodes = vec![Node { index: NONE, low: 0, comp: NONE }; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut call: Vec<Frame> = Vec::new();
    let mut starts = vec![0u32];
    let mut members: Vec<u32> = Vec::with_capacity(roots.size_hint().0);
    let mut steps = dag.then(|| Dag { starts: vec![0], successors: Vec::new() });
    // Components the states on the stack step into, as the search takes the steps; per component, the last one that
    // listed it as a successor (each is listed once).
    let mut listed: Vec<u32> = Vec::new();
    let mut marks = if dag { vec![NONE; n] } else { Vec::new() };
    let mut counter = 0u32;
    for root in roots {
        if nodes[root as usize].index != NONE {
            continue;
        }
        nodes[root as usize] = Node { index: counter, low: counter, comp: NONE };
        counter += 1;
        stack.push(root);
        call.push(Frame { state: root, edge: graph.edge_range(root).start, listed: listed.len() });
        while let Some(top) = call.last_mut() {
            let v = top.state;
            if top.edge < graph.edge_range(v).end {
                let w = graph.target(top.edge);
                top.edge += 1;
                if !inside(w) {
                    continue;
                }
                let node = nodes[w as usize];
                if node.index == NONE {
                    nodes[w as usize] = Node { index: counter, low: counter, comp: NONE };
                    counter += 1;
                    stack.push(w);
                    call.push(Frame { state: w, edge: graph.edge_range(w).start, listed: listed.len() });
                } else if node.comp == NONE {
                    nodes[v as usize].low = nodes[v as usize].low.min(node.index);
                } else if dag {
                    listed.push(node.comp);
                }
                continue;
            }
            let Some(frame) = call.pop() else { break };
            let me = nodes[v as usize];
            if me.low == me.index {
                let k = u32::try_from(starts.len() - 1).unwrap_or(NONE);
                while let Some(w) = stack.pop() {
                    nodes[w as usize].comp = k;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                starts.push(u32::try_from(members.len()).unwrap_or(NONE));
                if let Some(steps) = steps.as_mut() {
                    steps.push_list(k, listed.drain(frame.listed..), &mut marks);
                }
            }
            if let Some(parent) = call.last() {
                let p = parent.state as usize;
                match nodes[v as usize].comp {
                    NONE => nodes[p].low = nodes[p].low.min(me.low),
                    k if dag => listed.push(k),
                    _ => {}
                }
            }
        }
    }
    let comp = nodes.iter().map(|node| node.comp).collect();
    Condensation { comp, starts, members, dag: steps }
}

impl Condensation {
    /// The condensation of a graph whose states are this one's moved by `table` (old state -> new; gone: [`NONE`]),
    /// with new states that form the strongly connected components `bottom` (each reaching only those before it) and
    /// `top` (each reached by none and reaching none of them), numbered before and after the others. `None` when a
    /// component loses some of its states but not all (it may split), or a state of the `states` now has no component.
    pub(super) fn rearranged(
        &self,
        states: usize,
        table: &[u32],
        (bottom, top): (&[&[u32]], &[&[u32]]),
    ) -> Option<Self> {
        let table = |s: u32| table.get(s as usize).copied().unwrap_or(NONE);
        let (mut comp, mut members) = (vec![NONE; states], Vec::with_capacity(states));
        let mut starts = Vec::with_capacity(self.starts.len() + bottom.len() + top.len());
        starts.push(0);
        let mut put = |states: &mut dyn Iterator<Item = u32>| -> Option<()> {
            let k = u32::try_from(starts.len() - 1).ok()?;
            for s in states {
                *comp.get_mut(s as usize)? = k;
                members.push(s);
            }
            starts.push(u32::try_from(members.len()).ok()?);
            Some(())
        };
        for &new in bottom {
            put(&mut new.iter().copied())?;
        }
        for k in 0..self.count() {
            let old = self.members(k);
            let gone = old.iter().filter(|&&s| table(s) == NONE).count();
            if gone == old.len() {
                continue;
            }
            if gone > 0 {
                return None;
            }
            put(&mut old.iter().map(|&s| table(s)))?;
        }
        for &new in top {
            put(&mut new.iter().copied())?;
        }
        (!comp.contains(&NONE)).then_some(Self { comp, starts, members, dag: None })
    }
}

impl Condensation {
    /// The condensation of `graph`, whose steps are this condensation's graph's with the step `changes` (from, put in
    /// or taken out, to) made: only the components a change can join or split are condensed again. A step put in
    /// that goes to a higher component may close cycles, all of them through components numbered between its ends
    /// (every other step goes down); a step taken out inside a component may split it. So the components from the
    /// lowest such number to the highest are condensed again, by themselves, and put in their place; those below keep
    /// their numbers and those above move by how many fewer or more there are. Steps put in that go down, and steps
    /// taken out between components, change nothing. `None` when a change names a state it does not have. Debug builds
    /// compare the result with a fresh condensation.
    pub(super) fn after(self, graph: &BlastGraph, changes: &[StepChange]) -> Option<Self> {
        let comp = |s: u32| self.comp.get(s as usize).copied();
        // A step both taken out and put in (a flow whose other steps changed) stays.
        let mut net: Vec<(u32, u32, bool)> = changes.iter().map(|&(from, put, to)| (from, to, put)).collect();
        crate::sorting::sort(&mut net);
        let mut window: Option<(u32, u32)> = None;
        let mut widen = |lo: u32, hi: u32| {
            window = Some(window.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        };
        for run in net.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let (from, to) = (run[0].0, run[0].1);
            let (put, out) = (run.iter().filter(|c| c.2).count(), run.iter().filter(|c| !c.2).count());
            let (a, b) = (comp(from)?, comp(to)?);
            if put > out && b > a {
                widen(a, b);
            } else if out > put && a == b {
                widen(a, a);
            }
        }
        // The components may stay, but the steps between them changed.
        let Some((lo, hi)) = window else { return Some(Self { dag: None, ..self }) };
        let inside = |s: u32| self.comp.get(s as usize).is_some_and(|&k| (lo..=hi).contains(&k));
        let roots = (lo..=hi).flat_map(|k| self.members(k as usize).iter().copied());
        let part = tarjan(graph, roots, inside, false);
        // Below the window as it was, then the window's components, then those above it, renumbered.
        let (below, above) = (self.starts[lo as usize] as usize, self.starts[hi as usize + 1] as usize);
        let was = hi - lo + 1;
        let now = u32::try_from(part.count()).ok()?;
        let mut starts = Vec::with_capacity(self.starts.len() + now as usize - was as usize);
        starts.extend_from_slice(&self.starts[..=lo as usize]);
        starts.extend(part.starts[1..].iter().map(|&start| start + below as u32));
        starts.extend(self.starts[hi as usize + 2..].iter().copied());
        let mut members = self.members;
        members[below..above].copy_from_slice(&part.members);
        let mut comp = self.comp;
        for &s in &part.members {
            comp[s as usize] = lo + part.comp[s as usize];
        }
        if now != was {
            for &s in &members[above..] {
                comp[s as usize] = comp[s as usize] + now - was;
            }
        }
        let after = Self { comp, starts, members, dag: None };
        debug_assert!(same_components(graph, &after, &condense(graph)), "the condensation after {changes:?}");
        Some(after)
    }
}

/// Whether `cond` is a condensation of `graph` with the components of `fresh` (in any numbering) and numbered so that
/// every step goes to the same component or a lower one (and lists the steps between its components as they are, if
/// it lists them).
pub(super) fn same_components(graph: &BlastGraph, cond: &Condensation, fresh: &Condensation) -> bool {
    let states = graph.state_count();
    if cond.comp.len() != states || fresh.comp.len() != states || cond.count() != fresh.count() {
        return false;
    }
    let mut to_fresh = vec![NONE; cond.count()];
    let mapped = (0..states).all(|s| {
        let (k, f) = (cond.comp[s] as usize, fresh.comp[s]);
        match to_fresh.get_mut(k) {
            Some(slot) if *slot == NONE || *slot == f => {
                *slot = f;
                true
            }
            _ => false,
        }
    });
    let ordered =
        (0..states as u32).all(|s| graph.successors(s).iter().all(|&t| cond.comp[t as usize] <= cond.comp[s as usize]));
    let listed = (0..cond.count()).all(|k| cond.members(k).iter().all(|&s| cond.comp[s as usize] as usize == k));
    // Steps between components listed while condensing are those of this graph.
    let steps = cond.dag.as_ref().is_none_or(|dag| *dag == Dag::of(graph, cond));
    mapped && ordered && listed && steps
}
