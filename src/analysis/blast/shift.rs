//! The blast graph after a component without flows, children or links came or went, inside a live analysis
//! ([`BlastGraph::with_component`]): the states from its own on move up (or down) by two, its own steps are put in
//! (or taken out), and its network's position state is made (or dropped) when it is the first (or last) component
//! to make one, instead of building the graph again.
//!
//! Only components whose steps are all their own, their network's and the IAM wildcards' are patched: not brokers,
//! roles, registries, the Kubernetes, ECS and EC2 kinds, VPCs or on-premises networks, nothing on an EC2 node, and
//! nothing a role names as a resource. A new position state comes last among the virtual states, where a fresh build
//! puts it among the positions in the components' order: nothing a sweep finds depends on the order of states
//! ([`alike`] compares a patched graph with a fresh one by what each virtual state stands for), and the later patches
//! find the states they need by what made them (the first virtual states, the internet's, the positions by network).

use crate::analysis::blast::graph::{BlastGraph, Edge, Label, NONE, Parts, control, influence, sensitive_store};
use crate::analysis::blast::mechanism::Mechanism;
use crate::analysis::blast::patch::FlowSteps;
use crate::analysis::blast::scc::Condensation;
use crate::analysis::blast::{iam, network};
use crate::analysis::facts::Facts;
use crate::analysis::severity::Likelihood;
use crate::model::changes::ComponentShift;
use crate::model::kind::ComponentKind as K;
use crate::model::{ComponentIx, Model, Posture};

/// A component's network has a position because of it: it runs code there, or the insider stands in it.
pub(super) const MAKES_POSITION: u8 = 1;
/// Its network's position reaches it (`network::listens`).
pub(super) const LISTENS: u8 = 2;

/// Per component, the network it is in and how it takes part, as `network::add` found them.
#[derive(Clone, Debug, Default)]
pub(super) struct Members {
    /// Its network's key (`network::network_key`).
    pub keys: Vec<u32>,
    /// [`MAKES_POSITION`] and [`LISTENS`].
    pub roles: Vec<u8>,
    /// Whether the model has an on-premises network (then only those put the insider somewhere).
    pub any_on_prem: bool,
}

/// Whether a component of this kind, without flows, children or links, makes only steps of its own and of its
/// network (see the module documentation).
fn patchable(kind: K) -> bool {
    !kind.is_broker()
        && !matches!(
            kind,
            K::IamRole
                | K::EcrRegistry
                | K::Pod
                | K::Container
                | K::Ec2Node
                | K::EcsService
                | K::EksCluster
                | K::EksControlPlane
                | K::Vpc
                | K::OnPrem
        )
}

/// A step of the patched graph: from, to, how, and the likelihood when uncertain (in its numbering).
type Step = (u32, u32, Mechanism, Option<Likelihood>);

/// A patched graph, the steps of its flows and networks, and its condensation when patched too.
pub(super) type Patched = (BlastGraph, FlowSteps, Option<Condensation>);

impl BlastGraph {
    /// The graph of `model`, which differs from the model of this graph (whose flows and networks made `kept`, and
    /// whose condensation is `cond`) by the component `shift` added or removed, and nothing else the graph reads, with
    /// its condensation when the component's states form components of their own that no other reaches through them
    /// (else the caller condenses it). `None` when that component's steps are not all its own, its network's and the
    /// wildcards', or the steps are not those of this graph.
    pub(super) fn with_component(
        self,
        (model, facts, posture): (&Model, &Facts, Posture),
        (kept, cond): (FlowSteps, &Condensation),
        shift: &ComponentShift,
    ) -> Option<Patched> {
        let n = self.component_count();
        let now = if shift.added { n + 1 } else { n.checked_sub(1)? };
        if posture != self.posture()
            || model.components().len() != now
            || !patchable(shift.kind)
            || kept.members.keys.len() != n
            || kept.members.roles.len() != n
            || kept.positions.len() != n + 1
            || self.sensitive().len() != n
            || self.keys().len() != n
            || shift.at.index() >= now.max(n)
            || kept.starts.is_empty()
            || kept.connections.is_none()
            || shift.parent_read(|p| model.kind(p) == K::Ec2Node)
        {
            return None;
        }
        crate::model::structure::reading_all_places(|| {
            if shift.added {
                self.with_added((model, facts), (kept, cond), shift)
            } else {
                self.with_removed((kept, cond), shift)
            }
        })
    }

    fn with_added(
        self,
        (model, facts): (&Model, &Facts),
        (kept, cond): (FlowSteps, &Condensation),
        shift: &ComponentShift,
    ) -> Option<Patched> {
        let c = shift.at;
        let component = model.component(c);
        let kind = model.kind(c);
        if model.role(c).is_some() || !component.credentials_for.is_empty() || !component.images.is_empty() {
            return None;
        }
        if iam::named_by_a_role(model, kind, component.id.as_str()) {
            return None;
        }
        let (posture, mut parts) = self.into_parts();
        let a = c.0;
        let (n, old_virtual) = (parts.n, parts.display.len() as u32);
        // Every state from the new component's on moves up by two (the virtual states after the components too).
        let shifted = |s: u32| if s >= 2 * a { s + 2 } else { s };
        let table: Vec<u32> = (0..u32::try_from(parts.offsets.len().checked_sub(1)?).ok()?).map(shifted).collect();
        let map = |s: u32| table.get(s as usize).copied().unwrap_or(NONE);
        // The components from its own on move up too, the default network's key (the number of components) with them.
        let moved = |x: u32| shift.shifted(ComponentIx(x)).map(|c| c.0);
        let FlowSteps { starts, edges, mut positions, connections, trust, mut members, wildcards } =
            moved_steps(kept, &table, moved)?;
        positions.insert(a as usize, NONE);
        let key = network::network_key(model, facts, c);
        let positioned = network::has_position(model, facts, c);
        let makes = positioned || !members.any_on_prem;
        let listening = network::listens(model, c, posture);
        members.keys.insert(a as usize, key);
        members.roles.insert(a as usize, if makes { MAKES_POSITION } else { 0 } | if listening { LISTENS } else { 0 });
        moved_components(parts.display.iter_mut().chain(parts.owners.iter_mut()), moved)?;
        let (internet, insider) = (map(parts.internet), map(parts.insider));
        // Its own steps, and its network's position's when it is the first to make one.
        let (ctl, inf) = (control(c), influence(c));
        let props = model.props(c);
        let mut steps: Vec<Step> = vec![(ctl, inf, Mechanism::Flow, None)];
        if props.executes_input == Some(true) {
            steps.push((inf, ctl, Mechanism::ExecutesInput, None));
        }
        let mut position = *positions.get(key as usize)?;
        let mut made = None;
        if makes && position == NONE {
            position = 2 * (n + 1) + old_virtual;
            positions[key as usize] = position;
            parts.display.push(NONE);
            parts.owners.push(key);
            made = Some(position);
            if !members.any_on_prem {
                steps.push((insider, position, Mechanism::Network, None));
            }
            // It reaches every listener in the network, which had no position to be reached from.
            for (d, (&k, &role)) in members.keys.iter().zip(&members.roles).enumerate() {
                if k == key && role & LISTENS != 0 {
                    steps.push((position, influence(ComponentIx(u32::try_from(d).ok()?)), Mechanism::Network, None));
                }
            }
        } else if listening && position != NONE {
            steps.push((position, inf, Mechanism::Network, None));
        }
        if positioned {
            steps.push((ctl, position, Mechanism::Network, None));
        }
        if network::open_to_internet(model, facts, c) {
            steps.push((internet, inf, Mechanism::Network, None));
        }
        if kind != K::VpcEndpoint && props.policy.is_some_and(|p| p.is_open()) {
            steps.push((internet, inf, Mechanism::PublicPolicy, None));
        }
        if !wildcards.is_empty() {
            let lookup = |key| wildcards.iter().find(|&&(k, _)| k == key).map(|&(_, state)| state);
            let mut iam_steps = Vec::new();
            let account = facts.account(c).map(|a| a.0);
            iam::wildcard_steps(lookup, (c, kind, account), || iam::plain_takeover(kind, c), &mut iam_steps);
            steps.extend(iam_steps.into_iter().map(|(from, to, mechanism)| (from, to, mechanism, None)));
        }
        parts.n = n + 1;
        parts.internet = internet;
        parts.insider = insider;
        parts.sensitive.insert(a as usize, sensitive_store(model, c));
        parts.keys.insert(a as usize, component.id.as_str())?;
        let fresh: Vec<u32> = [2 * a, 2 * a + 1].into_iter().chain(made).collect();
        let (offsets, targets, labels) = renumbered(&parts, &fresh, &table, &steps)?;
        let states = offsets.len() - 1;
        (parts.offsets, parts.targets, parts.labels) = (offsets, targets, labels);
        // Its states and a new position are components of their own: its influence first (a sink), control last
        // (nothing but itself steps to it), a new position that reaches only it after its influence, one that
        // reaches others before its control (the insider does not step to it). Else (something steps to its control,
        // executing input closes a cycle through its network) the caller condenses the graph.
        let executes = props.executes_input == Some(true);
        let reached = steps.iter().any(|&(from, to, ..)| to == ctl && from != inf);
        let spread = made.is_some_and(|p| steps.iter().any(|&(from, to, ..)| from == p && to != inf));
        let insider_in = made.is_some_and(|p| steps.iter().any(|&(from, to, ..)| from == insider && to == p));
        let cycle = executes && positioned;
        let patchable = !(reached || cycle || (spread && insider_in));
        let cond = patchable
            .then(|| {
                let (pair, made) = ([ctl, inf], made.map(|p| [p]));
                let own: &[u32] = if executes { &pair } else { &pair[1..] };
                let (mut bottom, mut top): (Vec<&[u32]>, Vec<&[u32]>) = (vec![own], Vec::new());
                match &made {
                    Some(p) if spread => top.push(p),
                    Some(p) => bottom.push(p),
                    None => {}
                }
                if !executes {
                    top.push(&pair[..1]);
                }
                cond.rearranged(states, &table, (&bottom, &top))
            })
            .flatten();
        if crate::analysis::blast::graph::trusts(model) != trust {
            return None;
        }
        let steps = FlowSteps { starts, edges, positions, connections, trust, members, wildcards };
        Some((Self::from_parts(posture, parts), steps, cond))
    }

    fn with_removed(self, (mut kept, cond): (FlowSteps, &Condensation), shift: &ComponentShift) -> Option<Patched> {
        let (posture, mut parts) = self.into_parts();
        let a = shift.at.0;
        let n = parts.n;
        let members = &mut kept.members;
        let key = members.keys.remove(a as usize);
        let role = members.roles.remove(a as usize);
        if members.keys.contains(&a) {
            // Other components are in its network.
            return None;
        }
        let position = *kept.positions.get(key as usize)?;
        let last = role & MAKES_POSITION != 0
            && position != NONE
            && !members.keys.iter().zip(&members.roles).any(|(&k, &r)| k == key && r & MAKES_POSITION != 0);
        let dropped = if last { position } else { NONE };
        if kept.positions.get(a as usize) != Some(&NONE) && key != a {
            return None;
        }
        if last
            && kept
                .connections
                .as_ref()
                .is_some_and(|steps| steps.iter().any(|&(f, t, ..)| f == dropped || t == dropped))
        {
            return None;
        }
        // Its place among the virtual states.
        let p = if last { dropped.checked_sub(2 * n)? as usize } else { usize::MAX };
        let moved = |s: u32| match s {
            _ if s < 2 * a => s,
            _ if s < 2 * a + 2 || s == dropped => NONE,
            _ if s < 2 * n => s - 2,
            _ => s - 2 - u32::from(s > dropped && dropped != NONE),
        };
        let table: Vec<u32> = (0..u32::try_from(parts.offsets.len().checked_sub(1)?).ok()?).map(moved).collect();
        // Steps to its states go with them; no other step depends on it (its kind makes none elsewhere).
        let (offsets, targets, labels) = renumbered(&parts, &[], &table, &[])?;
        let states = offsets.len() - 1;
        (parts.offsets, parts.targets, parts.labels) = (offsets, targets, labels);
        // Its components (and the dropped position's) go when they hold nothing else.
        let cond = cond.rearranged(states, &table, (&[], &[]));
        if last {
            if p >= parts.display.len() || p >= parts.owners.len() {
                return None;
            }
            parts.display.remove(p);
            parts.owners.remove(p);
            kept.positions[key as usize] = NONE;
        }
        kept.positions.remove(a as usize);
        let shifted = |x: u32| shift.shifted(ComponentIx(x)).map(|c| c.0);
        moved_components(parts.display.iter_mut().chain(parts.owners.iter_mut()), shifted)?;
        let map = |s: u32| table.get(s as usize).copied().unwrap_or(NONE);
        parts.n = n - 1;
        (parts.internet, parts.insider) = (map(parts.internet), map(parts.insider));
        if parts.internet == NONE || parts.insider == NONE {
            return None;
        }
        parts.sensitive.remove(a as usize);
        parts.keys.remove(a as usize)?;
        let steps = moved_steps(kept, &table, shifted)?;
        Some((Self::from_parts(posture, parts), steps, cond))
    }
}

/// `kept` with its states moved as `table` says (old -> new, [`NONE`]: gone) and its components as `moved` says
/// (`None`: the one gone): the flows' steps, the positions, the connections' steps, the trusts, the networks' keys and
/// the wildcard states. `None` when one of them leads to a state gone or names the component gone.
fn moved_steps(kept: FlowSteps, table: &[u32], moved: impl Fn(u32) -> Option<u32>) -> Option<FlowSteps> {
    let FlowSteps { starts, edges, positions, connections, trust, mut members, mut wildcards } = kept;
    let map = |s: u32| table.get(s as usize).copied().unwrap_or(NONE);
    let (starts, edges) = flow_steps(starts, edges, map)?;
    let positions: Vec<u32> = positions.into_iter().map(map).collect();
    let connections = connections.map(|steps| steps.into_iter().map(|(f, t, m, l)| (map(f), map(t), m, l)).collect());
    let trust = trust.into_iter().map(|(x, y)| Some((moved(x)?, moved(y)?))).collect::<Option<Vec<_>>>()?;
    moved_components(members.keys.iter_mut(), &moved)?;
    for ((_, account), state) in &mut wildcards {
        if let Some(a) = account {
            *a = moved(*a)?;
        }
        *state = map(*state);
    }
    Some(FlowSteps { starts, edges, positions, connections, trust, members, wildcards })
}

/// Moves the component positions in `list` as `moved` says ([`NONE`] stays); `None` when one is the component gone.
fn moved_components<'a>(list: impl Iterator<Item = &'a mut u32>, moved: impl Fn(u32) -> Option<u32>) -> Option<()> {
    for x in list {
        if *x != NONE {
            *x = moved(*x)?;
        }
    }
    Some(())
}

/// The flows' steps (`FlowSteps::edges` from `starts[0]` to the last start, the steps of the components and networks
/// around them left out: only the flows' are read) renumbered by `map`, with their starts; `None` when one steps from
/// or to a state gone.
fn flow_steps(starts: Vec<u32>, mut edges: Vec<Edge>, map: impl Fn(u32) -> u32) -> Option<(Vec<u32>, Vec<Edge>)> {
    let (first, last) = (*starts.first()? as usize, *starts.last()? as usize);
    if first > last || last > edges.len() {
        return None;
    }
    edges.truncate(last);
    edges.drain(..first);
    for edge in &mut edges {
        (edge.0, edge.1) = (map(edge.0), map(edge.1));
        if edge.0 == NONE || edge.1 == NONE {
            return None;
        }
    }
    let first = u32::try_from(first).ok()?;
    Some((starts.into_iter().map(|s| s - first).collect(), edges))
}

/// The steps of `parts` (in the old numbering) renumbered by `table` (old state -> new, or [`NONE`]: a state gone,
/// with its steps and the steps to it), with the states `fresh` (new numbers, ascending) that had none, and `extra`
/// steps (new numbering) put in; labelled by `parts`' display (already in the new numbering, as are `n` and the
/// virtual states).
fn renumbered(parts: &Parts, fresh: &[u32], table: &[u32], extra: &[Step]) -> Option<(Vec<u32>, Vec<u32>, Vec<Label>)> {
    let display = |s: u32| {
        if s < 2 * parts.n { s / 2 } else { parts.display.get((s - 2 * parts.n) as usize).copied().unwrap_or(NONE) }
    };
    let mut extra: Vec<(u32, u32, Label)> = extra
        .iter()
        .map(|&(from, to, mechanism, likelihood)| {
            (from, to, Label::of_step(mechanism, likelihood, (display(from), display(to))))
        })
        .collect();
    crate::sorting::sort_by_key(&mut extra, |&(from, ..)| from);
    let old_states = parts.offsets.len().checked_sub(1)?;
    if table.len() != old_states {
        return None;
    }
    let gone = table.iter().filter(|&&t| t == NONE).count();
    let states = old_states.checked_add(fresh.len())?.checked_sub(gone)?;
    let mut offsets = Vec::with_capacity(states + 1);
    let mut targets = Vec::with_capacity(parts.targets.len() + extra.len());
    let mut labels = Vec::with_capacity(parts.targets.len() + extra.len());
    let (mut old, mut next_fresh, mut next_extra) = (0usize, 0usize, 0usize);
    offsets.push(0);
    for t in 0..u32::try_from(states).ok()? {
        if fresh.get(next_fresh) == Some(&t) {
            next_fresh += 1;
        } else {
            // The next old state that stays is this one.
            while table.get(old) == Some(&NONE) {
                old += 1;
            }
            if table.get(old) != Some(&t) {
                return None;
            }
            let range = parts.offsets[old] as usize..parts.offsets[old + 1] as usize;
            let to = |x: &u32| table.get(*x as usize).copied().unwrap_or(NONE);
            let start = targets.len();
            targets.extend(parts.targets.get(range.clone())?.iter().map(to));
            labels.extend_from_slice(parts.labels.get(range)?);
            if gone > 0 && targets[start..].contains(&NONE) {
                // Steps to a state gone go with it.
                let mut kept = start;
                for k in start..targets.len() {
                    if targets[k] != NONE {
                        (targets[kept], labels[kept]) = (targets[k], labels[k]);
                        kept += 1;
                    }
                }
                targets.truncate(kept);
                labels.truncate(kept);
            }
            old += 1;
        }
        while let Some(&(_, to, label)) = extra.get(next_extra).filter(|e| e.0 == t) {
            targets.push(to);
            labels.push(label);
            next_extra += 1;
        }
        offsets.push(u32::try_from(targets.len()).ok()?);
    }
    (next_extra == extra.len()).then_some((offsets, targets, labels))
}

/// Whether two graphs are the same but for the order of their virtual states: the same components, keys and
/// sensitive stores; virtual states standing for the same components (matched in the order they were made among
/// those standing for the same); and per state the same steps, in any order (a patched graph against one built
/// afresh).
pub(super) fn alike(a: &BlastGraph, b: &BlastGraph) -> bool {
    let (n, states) = (a.component_count(), a.state_count());
    if n != b.component_count()
        || states != b.state_count()
        || a.edge_count() != b.edge_count()
        || a.sensitive() != b.sensitive()
        || a.keys() != b.keys()
    {
        return false;
    }
    let order = |g: &BlastGraph| {
        let mut order: Vec<usize> = (0..g.virtual_display().len()).collect();
        order.sort_by_key(|&i| (g.virtual_display()[i], g.virtual_owners()[i]));
        order
    };
    let (in_a, in_b) = (order(a), order(b));
    let mut to_b: Vec<u32> = (0..states as u32).collect();
    for (&i, &j) in in_a.iter().zip(&in_b) {
        if (a.virtual_display()[i], a.virtual_owners()[i]) != (b.virtual_display()[j], b.virtual_owners()[j]) {
            return false;
        }
        to_b[2 * n + i] = (2 * n + j) as u32;
    }
    if to_b[a.internet_state() as usize] != b.internet_state() || to_b[a.insider_state() as usize] != b.insider_state()
    {
        return false;
    }
    let ((ao, at, al), (bo, bt, bl)) = (a.labelled_steps(), b.labelled_steps());
    (0..states).all(|s| {
        let t = to_b[s] as usize;
        let mut mine: Vec<(u32, Label)> =
            (ao[s] as usize..ao[s + 1] as usize).map(|k| (to_b[at[k] as usize], al[k])).collect();
        let mut theirs: Vec<(u32, Label)> = (bo[t] as usize..bo[t + 1] as usize).map(|k| (bt[k], bl[k])).collect();
        mine.sort_unstable();
        theirs.sort_unstable();
        mine == theirs
    })
}
