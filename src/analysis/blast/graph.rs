//! [`BlastGraph`]: the states of an attacker (control of or influence on each component, plus virtual states that
//! stand for a set: a network position, "every pod on node n", "every S3 bucket in account a" ...) and the steps
//! between them, in compressed adjacency (CSR) form. Built once per (model, posture); the edge rules live in the
//! sibling modules (`flows`, `iam`, `kubernetes`, `network`).
//!
//! State numbering: `2c` is control of component `c`, `2c + 1` influence on it, and `2n..` are virtual states.
//! A virtual state may stand for one component in paths (reading a secrets store, pushing to a registry); the
//! others are invisible in paths. A step costs one hop when it arrives at a state shown as a component other than
//! the one it leaves, and none otherwise, so hops count components on the path.

use crate::analysis::blast::keys::SketchKeys;
use crate::analysis::blast::mechanism::Mechanism;
use crate::analysis::blast::patch::FlowSteps;
use crate::analysis::blast::{flows, iam, kubernetes, network};
use crate::analysis::facts::Facts;
use crate::analysis::severity::Likelihood;
use crate::model::named::Named as _;
use crate::model::props::Classification;
use crate::model::{ComponentIx, ComponentKind, ConnectionKind, Model, Posture};

/// "No state" / "no component" in the packed arrays.
pub(super) const NONE: u32 = u32::MAX;

/// A fast hasher for the builder's small integer-keyed maps (never iterated, so order cannot leak into results).
#[derive(Default, Clone, Copy)]
pub(super) struct IntHasher(u64);

impl std::hash::Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }

    fn write_u8(&mut self, value: u8) {
        self.write_u64(u64::from(value));
    }
}

/// A map with [`IntHasher`].
pub(super) type IntMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IntHasher>>;

/// A step as the edge rules make it: from, to, how, and the likelihood when uncertain.
pub(super) type Edge = (u32, u32, Mechanism, Option<Likelihood>);

/// One step's label, packed: mechanism (bits 0-4), likelihood when uncertain (bits 5-7, 0 = certain) and whether the
/// step costs a hop (bit 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Label(u16);

impl Label {
    pub(super) fn new(mechanism: Mechanism, likelihood: Option<Likelihood>, hop: bool) -> Self {
        let m = mechanism as u16;
        let l = likelihood.map_or(0, |l| u16::from(l.value()));
        Self(m | (l << 5) | (u16::from(hop) << 8))
    }

    /// The label of a step from a state shown as `from` to one shown as `to` (components, or [`NONE`]): it costs a
    /// hop when it arrives at a state shown as a component other than the one it leaves.
    pub(super) fn of_step(mechanism: Mechanism, likelihood: Option<Likelihood>, (from, to): (u32, u32)) -> Self {
        Self::new(mechanism, likelihood, to != NONE && to != from)
    }

    pub(super) fn mechanism(self) -> Mechanism {
        Mechanism::ALL.get(usize::from(self.0 & 0x1f)).copied().unwrap_or(Mechanism::Flow)
    }

    pub(super) fn likelihood(self) -> Option<Likelihood> {
        match (self.0 >> 5) & 0x7 {
            0 => None,
            v => Some(Likelihood::Rare.shifted(i8::try_from(v).unwrap_or(1) - 1)),
        }
    }

    pub(super) fn hop(self) -> bool {
        self.0 & 0x100 != 0
    }
}

/// Control of a component, as a state.
pub(super) fn control(c: ComponentIx) -> u32 {
    c.0 * 2
}

/// Influence on a component, as a state.
pub(super) fn influence(c: ComponentIx) -> u32 {
    c.0 * 2 + 1
}

/// Collects states and steps while the edge rules run.
pub(super) struct Builder<'a> {
    pub model: &'a Model,
    pub facts: &'a Facts,
    pub posture: Posture,
    n: u32,
    display: Vec<u32>,
    /// Per virtual state, the component it belongs to (a node's pods, a network's root ...), or [`NONE`]: what a live
    /// analysis matches it by after components moved (`memo`).
    owners: Vec<u32>,
    edges: Vec<Edge>,
    trust: std::collections::HashSet<(u32, u32), std::hash::BuildHasherDefault<IntHasher>>,
    /// Per component: its "read the credentials it stores" state, if it stores any.
    pub read: Vec<u32>,
    /// Per registry: its "push an image" state, if a workload pulls from it.
    pub push: Vec<u32>,
    /// Per queue, topic or bus: its "put messages into it" state. Only this state reaches the consumers and
    /// subscribers: reading from a queue or holding other rights on it injects nothing.
    pub inject: Vec<u32>,
    /// Per EC2 node: its "every pod on the node" state, once something needs it.
    pub node_pods: Vec<u32>,
    /// Per component: the IAM role it runs as (from the model's role index, without id lookups).
    role: Vec<u32>,
    /// Per component: its kind, compact for the per-flow passes.
    kinds: Vec<ComponentKind>,
    /// Per component: whether influence on it follows its outbound flows.
    pub passes_on: Vec<bool>,
    /// Where each flow's steps begin among the steps, in flow order, and where the last one's end (`flows::add`),
    /// when `marking`.
    flow_marks: Vec<u32>,
    marking: bool,
    /// When `marking`: the networks' position states made before the connections' steps, and those steps (`None`
    /// when a connection made a position state of its own), for `patch`.
    pub(super) networks: (Vec<u32>, Option<Vec<Edge>>),
    /// When `marking`: the network each component is in and how it takes part (`network`, for `shift`).
    pub(super) members: crate::analysis::blast::shift::Members,
    /// When `marking`: the states roles' wildcards made (`iam`, for `shift`).
    pub(super) wildcards: Vec<iam::Wildcard>,
}

/// The accounts (by position) each cross-account trust connection joins, from the trusting one; sorted, each once.
pub(super) fn trusts(model: &Model) -> Vec<(u32, u32)> {
    let mut trusts: Vec<(u32, u32)> = model
        .diagram()
        .connections
        .iter()
        .filter(|c| c.kind == ConnectionKind::CrossAccountTrust)
        .filter_map(|c| Some((model.component_ix(&c.from)?.0, model.component_ix(&c.to)?.0)))
        .collect();
    crate::sorting::sort(&mut trusts);
    trusts.dedup();
    trusts
}

impl<'a> Builder<'a> {
    pub(super) fn new(model: &'a Model, facts: &'a Facts, posture: Posture) -> Self {
        let n = u32::try_from(model.components().len()).unwrap_or(u32::MAX / 4);
        let trust = trusts(model).into_iter().collect();
        let mut builder = Self {
            model,
            facts,
            posture,
            n,
            display: Vec::new(),
            owners: Vec::new(),
            edges: Vec::with_capacity(model.components().len() * 4 + model.flows().len() * 3),
            trust,
            read: vec![NONE; n as usize],
            push: vec![NONE; n as usize],
            inject: vec![NONE; n as usize],
            node_pods: vec![NONE; n as usize],
            role: vec![NONE; n as usize],
            kinds: model.component_ixs().map(|c| model.kind(c)).collect(),
            passes_on: model.component_ixs().map(|c| flows::passes_input_on(model, c)).collect(),
            flow_marks: Vec::new(),
            marking: false,
            networks: (Vec::new(), None),
            members: crate::analysis::blast::shift::Members::default(),
            wildcards: Vec::new(),
        };
        for r in model.component_ixs() {
            for &user in model.role_users(r) {
                builder.role[user.index()] = r.0;
            }
        }
        for c in model.component_ixs() {
            // Only kinds that take the link can name credentials (the whole component is read only for those).
            let stores = crate::model::catalog::info(model.kind(c)).links.credentials_for;
            if stores && !model.component(c).credentials_for.is_empty() {
                builder.read[c.index()] = builder.shown(c);
            }
            if model.kind(c).is_broker() {
                builder.inject[c.index()] = builder.shown(c);
            }
        }
        builder
    }

    /// The kind of a component.
    pub fn kind(&self, c: ComponentIx) -> ComponentKind {
        self.kinds.get(c.index()).copied().unwrap_or(ComponentKind::GenericService)
    }

    /// The IAM role a component runs as.
    pub fn role(&self, c: ComponentIx) -> Option<ComponentIx> {
        self.role.get(c.index()).copied().filter(|&r| r != NONE).map(ComponentIx)
    }

    /// A new virtual state that paths do not show, of no component.
    pub fn hidden(&mut self) -> u32 {
        self.virtual_state(NONE, NONE)
    }

    /// A new virtual state that paths do not show, belonging to the component at `owner` (or, for a network's root,
    /// the position one past the last component).
    pub fn hidden_of(&mut self, owner: u32) -> u32 {
        self.virtual_state(NONE, owner)
    }

    /// A new virtual state that paths show as `c`.
    pub fn shown(&mut self, c: ComponentIx) -> u32 {
        self.virtual_state(c.0, c.0)
    }

    fn virtual_state(&mut self, display: u32, owner: u32) -> u32 {
        self.display.push(display);
        self.owners.push(owner);
        2 * self.n + u32::try_from(self.display.len() - 1).unwrap_or(0)
    }

    /// The "every pod on this node" state of a node, made on first use.
    pub fn node_pods(&mut self, node: ComponentIx) -> u32 {
        match self.node_pods.get(node.index()) {
            Some(&state) if state != NONE => state,
            _ => {
                let state = self.hidden_of(node.0);
                if let Some(slot) = self.node_pods.get_mut(node.index()) {
                    *slot = state;
                }
                state
            }
        }
    }

    /// Notes that the next flow's steps begin here (and, after the last flow, where they end), when marking.
    pub fn mark_flow(&mut self) {
        if self.marking {
            self.flow_marks.push(u32::try_from(self.edges.len()).unwrap_or(u32::MAX));
        }
    }

    /// The steps made since `from` (a position among them).
    pub(super) fn steps_since(&self, from: usize) -> &[Edge] {
        self.edges.get(from..).unwrap_or(&[])
    }

    /// Whether the steps are noted for `patch`.
    pub(super) fn marking(&self) -> bool {
        self.marking
    }

    /// How many virtual states were made.
    pub(super) fn virtual_count(&self) -> usize {
        self.display.len()
    }

    /// How many steps were made.
    pub(super) fn step_count(&self) -> usize {
        self.edges.len()
    }

    /// A certain step.
    pub fn edge(&mut self, from: u32, to: u32, mechanism: Mechanism) {
        self.edges.push((from, to, mechanism, None));
    }

    /// A step that succeeds only with the given likelihood.
    pub fn uncertain(&mut self, from: u32, to: u32, mechanism: Mechanism, likelihood: Likelihood) {
        self.edges.push((from, to, mechanism, Some(likelihood)));
    }

    /// Whether an IAM or credential step from `from`'s account to `to`'s may happen (docs/security-model.md#blast-radius,
    /// isolation): same account, either outside every account, a cross-account trust from `from`'s account to
    /// `to`'s, or a resource policy on `to` open to any principal.
    pub fn account_step(&self, from: ComponentIx, to: ComponentIx) -> bool {
        match (self.facts.account(from), self.facts.account(to)) {
            (Some(a), Some(b)) if a != b => {
                self.trust.contains(&(a.0, b.0))
                    || (self.model.kind(to) != ComponentKind::VpcEndpoint
                        && self.model.policy(to).is_some_and(|p| p.is_open()))
            }
            _ => true,
        }
    }

    fn display_of(&self, state: u32) -> u32 {
        if state < 2 * self.n {
            state / 2
        } else {
            self.display.get((state - 2 * self.n) as usize).copied().unwrap_or(NONE)
        }
    }

    /// The graph, with its steps as the edge rules made them and the flows' marks among them (`patch`).
    fn finish(mut self, internet: u32, insider: u32) -> (BlastGraph, FlowSteps) {
        let (positions, connections) = std::mem::take(&mut self.networks);
        let trust = if self.marking { trusts(self.model) } else { Vec::new() };
        let steps = FlowSteps {
            starts: std::mem::take(&mut self.flow_marks),
            edges: std::mem::take(&mut self.edges),
            positions,
            connections,
            trust,
            members: std::mem::take(&mut self.members),
            wildcards: std::mem::take(&mut self.wildcards),
        };
        (self.finish_from(&steps.edges, internet, insider), steps)
    }

    fn finish_from(self, edges: &[Edge], internet: u32, insider: u32) -> BlastGraph {
        let states = 2 * self.n as usize + self.display.len();
        let mut offsets = vec![0u32; states + 1];
        for &(from, ..) in edges {
            offsets[from as usize + 1] += 1;
        }
        for i in 0..states {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; edges.len()];
        let mut labels = vec![Label(0); edges.len()];
        for &(from, to, mechanism, likelihood) in edges {
            let slot = &mut fill[from as usize];
            targets[*slot as usize] = to;
            labels[*slot as usize] =
                Label::of_step(mechanism, likelihood, (self.display_of(from), self.display_of(to)));
            *slot += 1;
        }
        let sensitive = sensitive_stores(self.model);
        let model = self.model;
        let keys = SketchKeys::of((0..self.n).map(move |c| model.component_id(ComponentIx(c)).as_str()));
        BlastGraph {
            n: self.n,
            posture: self.posture,
            offsets,
            targets,
            labels,
            display: self.display,
            owners: self.owners,
            internet,
            insider,
            sensitive,
            keys,
        }
    }
}

/// Per component of `model`, whether it is a data store holding confidential or restricted data.
pub(super) fn sensitive_stores(model: &Model) -> Vec<bool> {
    model.component_ixs().map(|c| sensitive_store(model, c)).collect()
}

/// Whether a component is a data store holding confidential or restricted data.
pub(super) fn sensitive_store(model: &Model, c: ComponentIx) -> bool {
    model.kind(c).is_data_store()
        && crate::analysis::data::classification(model, c) >= Some(Classification::Confidential)
}

/// What a [`BlastGraph`] holds besides its posture, taken apart and put together again by `shift`.
pub(super) struct Parts {
    pub n: u32,
    pub offsets: Vec<u32>,
    pub targets: Vec<u32>,
    pub labels: Vec<Label>,
    pub display: Vec<u32>,
    pub owners: Vec<u32>,
    pub internet: u32,
    pub insider: u32,
    pub sensitive: Vec<bool>,
    pub keys: SketchKeys,
}

/// The blast-radius graph of one model under one posture. See the module documentation for its states.
#[derive(Clone, Debug)]
pub struct BlastGraph {
    n: u32,
    posture: Posture,
    offsets: Vec<u32>,
    targets: Vec<u32>,
    labels: Vec<Label>,
    display: Vec<u32>,
    owners: Vec<u32>,
    internet: u32,
    insider: u32,
    sensitive: Vec<bool>,
    keys: SketchKeys,
}

impl BlastGraph {
    /// Builds the graph of a model under a posture.
    pub fn new(model: &Model, posture: Posture) -> Self {
        Self::with_facts(model, &Facts::new(model), posture)
    }

    /// Builds the graph reusing facts already derived (the analysis derives them once for every rule).
    pub fn with_facts(model: &Model, facts: &Facts, posture: Posture) -> Self {
        Self::build(model, facts, posture, false).0
    }

    /// [`BlastGraph::with_facts`], with the steps each flow made (for a live analysis, `patch`).
    pub(super) fn with_flow_steps(model: &Model, facts: &Facts, posture: Posture) -> (Self, FlowSteps) {
        let (graph, steps) = Self::build(model, facts, posture, true);
        (graph, steps.unwrap_or_default())
    }

    fn build(model: &Model, facts: &Facts, posture: Posture, keep: bool) -> (Self, Option<FlowSteps>) {
        // It reads where every component sits.
        crate::model::structure::reading_all_places(|| {
            let mut b = Builder::new(model, facts, posture);
            if keep {
                b.marking = true;
                b.flow_marks.reserve(model.flows().len() + 1);
            }
            let internet = b.hidden();
            let insider = b.hidden();
            flows::add(&mut b, internet);
            iam::add(&mut b);
            kubernetes::add(&mut b);
            network::add(&mut b, internet, insider);
            let (graph, steps) = b.finish(internet, insider);
            (graph, keep.then_some(steps))
        })
    }

    /// Its parts, with the posture (`shift`).
    pub(super) fn into_parts(self) -> (Posture, Parts) {
        let Self { n, posture, offsets, targets, labels, display, owners, internet, insider, sensitive, keys } = self;
        (posture, Parts { n, offsets, targets, labels, display, owners, internet, insider, sensitive, keys })
    }

    /// A graph of these parts (`shift`).
    pub(super) fn from_parts(posture: Posture, parts: Parts) -> Self {
        let Parts { n, offsets, targets, labels, display, owners, internet, insider, sensitive, keys } = parts;
        Self { n, posture, offsets, targets, labels, display, owners, internet, insider, sensitive, keys }
    }

    /// The same graph with these steps (`patch`).
    pub(super) fn set_steps(&mut self, offsets: Vec<u32>, targets: Vec<u32>, labels: Vec<Label>) {
        (self.offsets, self.targets, self.labels) = (offsets, targets, labels);
    }

    /// Every step: each state's range (`offsets`), the states they lead to and their labels.
    pub(super) fn labelled_steps(&self) -> (&[u32], &[u32], &[Label]) {
        (&self.offsets, &self.targets, &self.labels)
    }

    /// The posture it was built under.
    pub fn posture(&self) -> Posture {
        self.posture
    }

    /// How many components the model has.
    pub fn component_count(&self) -> usize {
        self.n as usize
    }

    /// How many states (two per component plus the virtual ones).
    pub fn state_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// How many steps.
    pub fn edge_count(&self) -> usize {
        self.targets.len()
    }

    /// Whether a component is a data store holding confidential or restricted data.
    pub fn is_sensitive_store(&self, c: ComponentIx) -> bool {
        self.sensitive.get(c.index()).copied().unwrap_or(false)
    }

    pub(super) fn sensitive(&self) -> &[bool] {
        &self.sensitive
    }

    /// The same graph with other stores sensitive (after an edit of data, which the steps do not read).
    pub(super) fn set_sensitive(&mut self, sensitive: Vec<bool>) {
        self.sensitive = sensitive;
    }

    /// The steps: each state's range in `targets` (`offsets`), and the states they lead to.
    pub(super) fn steps(&self) -> (&[u32], &[u32]) {
        (&self.offsets, &self.targets)
    }

    /// Per virtual state (from state `2n` on), the component it is shown as in paths, or [`NONE`].
    pub(super) fn virtual_display(&self) -> &[u32] {
        &self.display
    }

    /// Per virtual state, the component it belongs to, or [`NONE`].
    pub(super) fn virtual_owners(&self) -> &[u32] {
        &self.owners
    }

    /// Per component, its key in the reach sketches.
    pub(super) fn keys(&self) -> &[u32] {
        self.keys.as_slice()
    }

    pub(super) fn internet_state(&self) -> u32 {
        self.internet
    }

    pub(super) fn insider_state(&self) -> u32 {
        self.insider
    }

    /// The component a state is shown as in paths, or [`NONE`].
    pub(super) fn display(&self, state: u32) -> u32 {
        if state < 2 * self.n {
            state / 2
        } else {
            self.display.get((state - 2 * self.n) as usize).copied().unwrap_or(NONE)
        }
    }

    /// The component a control or influence state is about (not virtual states).
    pub(super) fn component_of(&self, state: u32) -> Option<u32> {
        (state < 2 * self.n).then_some(state / 2)
    }

    /// The range of edge positions leaving a state.
    pub(super) fn edge_range(&self, state: u32) -> std::ops::Range<usize> {
        let s = state as usize;
        match (self.offsets.get(s), self.offsets.get(s + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        }
    }

    pub(super) fn target(&self, edge: usize) -> u32 {
        self.targets.get(edge).copied().unwrap_or(0)
    }

    pub(super) fn label(&self, edge: usize) -> Label {
        self.labels.get(edge).copied().unwrap_or(Label(0))
    }

    /// The states a state steps to.
    pub(super) fn successors(&self, state: u32) -> &[u32] {
        self.targets.get(self.edge_range(state)).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_pack_and_unpack() {
        for &mechanism in Mechanism::ALL {
            for likelihood in
                [None, Some(Likelihood::Rare), Some(Likelihood::Possible), Some(Likelihood::AlmostCertain)]
            {
                for hop in [false, true] {
                    let label = Label::new(mechanism, likelihood, hop);
                    assert_eq!((label.mechanism(), label.likelihood(), label.hop()), (mechanism, likelihood, hop));
                }
            }
        }
    }
}
