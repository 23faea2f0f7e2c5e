//! The blast graph after flows alone were edited (added, removed, re-pointed, or their attributes changed), inside a
//! live analysis: the steps the edited flows made are taken out and the steps they make now put in
//! ([`BlastGraph::patched`]), instead of building the graph again. A flow's own steps (`flows::flow_edges`) are all
//! that depend on it, but for two: a data-read flow to an ECR registry (the IAM image pulls) and a flow from a pod or
//! container that keeps its secrets in the environment (the Kubernetes secrets). An edit of such a flow builds the
//! graph again. The order of a state's steps may differ from a fresh build's; nothing a sweep finds depends on it.
//!
//! Likewise after network connections alone were edited: a connection makes two steps between the position states
//! of the networks it joins ([`crate::analysis::blast::network`]), so the old connections' steps are taken out and
//! the new ones' put in ([`BlastGraph::with_connections`]), unless a connection joins a network that has no position
//! of its own.

use crate::analysis::blast::flows;
use crate::analysis::blast::graph::{BlastGraph, Builder, Edge, Label};
use crate::analysis::blast::scc::StepChange;
use crate::analysis::facts::Facts;
use crate::model::kind::ComponentKind as K;
use crate::model::props::SecretStorage;
use crate::model::{ComponentIx, FlowIx, Model, Posture};

/// The steps each flow of a graph's model made, in flow order: `edges[starts[f]..starts[f + 1]]`; and the networks'
/// position states, by network key, made before the connections' steps, with those steps (`None` when a connection
/// made a position state of its own), and the cross-account trusts.
#[derive(Clone, Debug, Default)]
pub(super) struct FlowSteps {
    pub starts: Vec<u32>,
    pub edges: Vec<Edge>,
    pub positions: Vec<u32>,
    pub connections: Option<Vec<Edge>>,
    /// The cross-account trusts the IAM steps followed ([`crate::analysis::blast::graph::trusts`]), sorted.
    pub trust: Vec<(u32, u32)>,
    /// The network each component is in and how it takes part (`shift`).
    pub members: crate::analysis::blast::shift::Members,
    /// The states roles' wildcards made (`shift`).
    pub wildcards: Vec<crate::analysis::blast::iam::Wildcard>,
}

impl FlowSteps {
    fn of(&self, f: usize) -> &[Edge] {
        match (self.starts.get(f), self.starts.get(f + 1)) {
            (Some(&a), Some(&b)) => self.edges.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Flows edited since a graph was built: where the removed and the changed ones were then, where the added and the
/// changed ones are now, and the components at their ends then and now.
#[derive(Clone, Debug, Default)]
pub struct FlowEdit {
    /// Positions then.
    pub old: Vec<u32>,
    /// Positions now.
    pub new: Vec<u32>,
    /// Their ends, then and now.
    pub ends: Vec<ComponentIx>,
}

/// Whether a flow at `c` may make steps beyond its own: `c` is an ECR registry, or a pod or container that keeps its
/// secrets in the environment.
fn reaches_beyond(model: &Model, c: ComponentIx) -> bool {
    match model.kind(c) {
        K::EcrRegistry => true,
        K::Pod | K::Container => model.props(c).secret_storage == Some(SecretStorage::Environment),
        _ => false,
    }
}

impl BlastGraph {
    /// The graph of `model`, whose flows `edit` names were added, removed or changed since the model of this graph
    /// (whose flows made the steps `kept`), when nothing else changed that the graph reads (its components, their
    /// properties and links, the facts, the connections, the posture). `None` when an edited flow may make steps
    /// beyond its own, or the steps are not those of this graph.
    pub(super) fn patched(
        mut self,
        (model, facts, posture): (&Model, &Facts, Posture),
        kept: FlowSteps,
        edit: &FlowEdit,
    ) -> Option<(Self, FlowSteps, Vec<StepChange>)> {
        let n = model.components().len();
        if n != self.component_count() || posture != self.posture() || kept.starts.is_empty() {
            return None;
        }
        if edit.ends.iter().any(|&c| reaches_beyond(model, c)) {
            return None;
        }
        let (mut old, mut new) = (edit.old.clone(), edit.new.clone());
        for list in [&mut old, &mut new] {
            crate::sorting::sort(list);
            list.dedup();
        }
        // The steps the edited flows make now, made as the graph makes them (its first virtual states, and the
        // internet's, are the same).
        let mut b = Builder::new(model, facts, posture);
        let internet = b.hidden();
        if internet != self.internet_state() {
            return None;
        }
        let mut made: Vec<(usize, Vec<Edge>)> = Vec::with_capacity(new.len());
        for &f in &new {
            let f = FlowIx(f);
            let (from, to) = model.flow_ends(f);
            let start = b.step_count();
            flows::flow_edges(&mut b, model.flow_attrs(f), from, to, internet);
            made.push((f.index(), b.steps_since(start).to_vec()));
        }
        // Out: every step of the edited flows then; in: every step they make now. By state.
        let mut changes: Vec<(u32, bool, u32, Label)> = Vec::new();
        for &p in &old {
            changes.extend(kept.of(p as usize).iter().map(|&edge| self.change(edge, false)));
        }
        for (_, edges) in &made {
            changes.extend(edges.iter().map(|&edge| self.change(edge, true)));
        }
        crate::sorting::sort(&mut changes);
        let (offsets, targets, labels) = self.steps_with(&changes)?;
        self.set_steps(offsets, targets, labels);
        let steps = merged(kept, &old, made)?;
        let changes = changes.iter().map(|&(from, put, to, _)| (from, put, to)).collect();
        (steps.starts.len() == model.flows().len() + 1).then_some((self, steps, changes))
    }

    /// The graph of `model`, whose network connections alone changed (the cross-account trusts are the same) since
    /// the model of this graph (whose connections made the steps `kept.connections` between the position states
    /// `kept.positions`): the old connections' steps taken out, the new ones' put in. `None` when a connection then or
    /// now joins a network without a position of its own (a fresh build makes a state for it), or the steps are not
    /// those of this graph.
    pub(super) fn with_connections(
        mut self,
        model: &Model,
        posture: Posture,
        mut kept: FlowSteps,
    ) -> Option<(Self, FlowSteps, Vec<StepChange>)> {
        if model.components().len() != self.component_count() || posture != self.posture() {
            return None;
        }
        // Cross-account trusts are connections too, which the IAM steps follow: those must be the same.
        if crate::analysis::blast::graph::trusts(model) != kept.trust {
            return None;
        }
        let old = kept.connections.take()?;
        let new = crate::analysis::blast::network::connection_steps(model, &kept.positions)?;
        let mut changes: Vec<(u32, bool, u32, Label)> = old.iter().map(|&edge| self.change(edge, false)).collect();
        changes.extend(new.iter().map(|&edge| self.change(edge, true)));
        crate::sorting::sort(&mut changes);
        let (offsets, targets, labels) = self.steps_with(&changes)?;
        self.set_steps(offsets, targets, labels);
        kept.connections = Some(new);
        Some((self, kept, changes.iter().map(|&(from, put, to, _)| (from, put, to)).collect()))
    }

    /// A step taken out (`false`) or put in, labelled as this graph labels it.
    fn change(&self, (from, to, mechanism, likelihood): Edge, put: bool) -> (u32, bool, u32, Label) {
        (from, put, to, Label::of_step(mechanism, likelihood, (self.display(from), self.display(to))))
    }

    /// This graph's steps with `changes` (by state; `false`: a step taken out, `true`: put in) made, or `None` when a
    /// step to take out is not there.
    fn steps_with(&self, changes: &[(u32, bool, u32, Label)]) -> Option<(Vec<u32>, Vec<u32>, Vec<Label>)> {
        let (old_offsets, old_targets, old_labels) = self.labelled_steps();
        let states = old_offsets.len() - 1;
        let added = changes.iter().filter(|c| c.1).count();
        let mut offsets = Vec::with_capacity(states + 1);
        let mut targets = Vec::with_capacity(old_targets.len() + added);
        let mut labels = Vec::with_capacity(old_targets.len() + added);
        let mut next = 0usize;
        let mut i = 0;
        while i < changes.len() {
            let s = changes[i].0 as usize;
            let j = i + changes[i..].iter().take_while(|c| c.0 as usize == s).count();
            // The states before it keep their steps.
            let (a, b) = (old_offsets[next] as usize, old_offsets[s] as usize);
            let shift = targets.len() as i64 - a as i64;
            offsets.extend(old_offsets[next..s].iter().map(|&o| u32::try_from(i64::from(o) + shift).unwrap_or(0)));
            targets.extend_from_slice(&old_targets[a..b]);
            labels.extend_from_slice(&old_labels[a..b]);
            // Its own: the old ones but those taken out, then the new ones.
            offsets.push(u32::try_from(targets.len()).ok()?);
            let (a, b) = (old_offsets[s] as usize, old_offsets[s + 1] as usize);
            let mut out: Vec<(u32, Label)> =
                changes[i..j].iter().filter(|c| !c.1).map(|&(_, _, to, label)| (to, label)).collect();
            for k in a..b {
                let step = (old_targets[k], old_labels[k]);
                if let Some(at) = out.iter().position(|&o| o == step) {
                    out.swap_remove(at);
                } else {
                    targets.push(step.0);
                    labels.push(step.1);
                }
            }
            if !out.is_empty() {
                return None;
            }
            for &(_, _, to, label) in changes[i..j].iter().filter(|c| c.1) {
                targets.push(to);
                labels.push(label);
            }
            next = s + 1;
            i = j;
        }
        let a = old_offsets[next] as usize;
        let shift = targets.len() as i64 - a as i64;
        offsets.extend(old_offsets[next..].iter().map(|&o| u32::try_from(i64::from(o) + shift).unwrap_or(0)));
        targets.extend_from_slice(&old_targets[a..]);
        labels.extend_from_slice(&old_labels[a..]);
        Some((offsets, targets, labels))
    }
}

#[cfg(test)]
impl BlastGraph {
    /// This graph with the steps `changes` (from, put in or taken out, to) made: a step put in is a network step, a
    /// step taken out the first from `from` to `to`. `None` when there is no such step to take out.
    pub(super) fn with_steps_changed(&self, changes: &[StepChange]) -> Option<Self> {
        let (offsets, targets, labels) = self.labelled_steps();
        let mut labelled: Vec<(u32, bool, u32, Label)> = Vec::new();
        for &(from, put, to) in changes {
            let label = if put {
                self.change((from, to, crate::analysis::blast::Mechanism::Network, None), true).3
            } else {
                let range = offsets[from as usize] as usize..offsets[from as usize + 1] as usize;
                labels[range.clone()][targets[range].iter().position(|&t| t == to)?]
            };
            labelled.push((from, put, to, label));
        }
        crate::sorting::sort(&mut labelled);
        let (offsets, targets, labels) = self.steps_with(&labelled)?;
        let mut changed = self.clone();
        changed.set_steps(offsets, targets, labels);
        Some(changed)
    }
}

/// The steps of every flow now: those of `kept` (the flows then) but the edited ones at positions `old` (ascending),
/// and `made` (position now, steps; ascending) for the edited ones there now.
fn merged(mut kept: FlowSteps, old: &[u32], made: Vec<(usize, Vec<Edge>)>) -> Option<FlowSteps> {
    for &p in old.iter().rev() {
        let p = p as usize;
        let range = *kept.starts.get(p)? as usize..*kept.starts.get(p + 1)? as usize;
        let gone = u32::try_from(range.len()).ok()?;
        kept.edges.drain(range);
        kept.starts.remove(p);
        kept.starts[p..].iter_mut().for_each(|s| *s -= gone);
    }
    for (f, edges) in made {
        let at = *kept.starts.get(f)?;
        let count = u32::try_from(edges.len()).ok()?;
        kept.edges.splice(at as usize..at as usize, edges);
        kept.starts[f..].iter_mut().for_each(|s| *s += count);
        kept.starts.insert(f, at);
    }
    Some(kept)
}
