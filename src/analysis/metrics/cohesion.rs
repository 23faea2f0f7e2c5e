//! Members, internal flows, cohesion and coupling of every bounded context, in one pass over the flows (formulas in
//! the parent module's documentation).

use std::collections::BTreeMap;

use crate::analysis::metrics::{ContextMetrics, Coupling};
use crate::model::{ComponentIx, Model, Pattern};

/// Union-find over components with path halving: the members' groups through internal flows.
struct Forest(Vec<u32>);

impl Forest {
    fn new(n: usize) -> Self {
        Self((0..n).map(|i| u32::try_from(i).unwrap_or(u32::MAX)).collect())
    }

    fn root(&mut self, mut i: usize) -> usize {
        loop {
            let parent = self.0[i] as usize;
            if parent == i {
                return i;
            }
            let grandparent = self.0[parent];
            self.0[i] = grandparent;
            i = grandparent as usize;
        }
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            // The smaller index becomes the root, so the result does not depend on flow order.
            let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[high] = u32::try_from(low).unwrap_or(u32::MAX);
        }
    }
}

fn add(coupling: &mut Coupling, pattern: Pattern) {
    match pattern {
        Pattern::SyncRequest => coupling.sync += 1,
        p if p.is_async() => coupling.asynchronous += 1,
        _ => coupling.other += 1,
    }
}

fn as_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The contexts each context has crossing flows with, sorted: both directions of every crossing put in order by a
/// counting sort on the other context and then a stable one on the own context (no comparison sort), and repeats
/// dropped. O(contexts + crossing flows).
fn neighbours(k: usize, crossing: &[(u32, u32)]) -> Vec<Vec<u32>> {
    // Every crossing both ways, as (own, other).
    let pairs = crossing.iter().flat_map(|&(x, y)| [(x, y), (y, x)]);
    let by_other = crate::sorting::counting_sort(k, pairs.clone().count(), pairs, |&(_, other)| other);
    let by_own = crate::sorting::counting_sort(k, by_other.len(), by_other.iter().copied(), |&(own, _)| own);
    let mut out: Vec<Vec<u32>> = vec![Vec::new(); k];
    for (own, other) in by_own {
        let list = &mut out[own as usize];
        if list.last() != Some(&other) {
            list.push(other);
        }
    }
    out
}

/// Most producer x consumer context pairs one broker adds as crossings; past it only the coupling counts grow, so a
/// hostile broker with thousands of contexts on each side stays linear.
const BROKER_PAIRS: usize = 4_096;

/// Whether `c` is a queue or bus in no bounded context: it couples its producers' contexts with its consumers'.
fn unowned_broker(model: &Model, c: ComponentIx) -> bool {
    model.kind(c).is_broker() && model.context(c).is_none()
}

/// The contexts of an unowned broker's producers (queue-send and event-publish callers) and of its consumers
/// (queue-receive callers and event-subscribe callees), each sorted without repeats.
fn broker_sides(model: &Model, broker: ComponentIx) -> (Vec<usize>, Vec<usize>) {
    let mut producers: Vec<usize> = Vec::new();
    let mut consumers: Vec<usize> = Vec::new();
    for (f, other) in model.incoming(broker) {
        match model.flow_attrs(f).pattern {
            Pattern::QueueSend | Pattern::EventPublish => producers.extend(model.context(other)),
            Pattern::QueueReceive => consumers.extend(model.context(other)),
            _ => {}
        }
    }
    for (f, other) in model.outgoing(broker) {
        if model.flow_attrs(f).pattern == Pattern::EventSubscribe {
            consumers.extend(model.context(other));
        }
    }
    for list in [&mut producers, &mut consumers] {
        crate::sorting::sort(list);
        list.dedup();
    }
    (producers, consumers)
}

/// How many contexts on the other side of a broker (`side`, sorted) are not the context `x`.
fn across(x: usize, side: &[usize]) -> usize {
    side.len() - usize::from(side.binary_search(&x).is_ok())
}

/// Whether one broker adds its producer x consumer context pairs as crossings (see [`BROKER_PAIRS`]).
fn pairs_kept(producers: &[usize], consumers: &[usize]) -> bool {
    producers.len().saturating_mul(consumers.len()) <= BROKER_PAIRS
}

/// Producer -> queue or bus -> consumer across contexts is asynchronous coupling between those contexts, wherever
/// the broker sits: for a broker in no bounded context, each producer context is coupled with each other consumer
/// context (once per broker).
fn through_unowned_brokers(model: &Model, coupling: &mut [Coupling], crossing: &mut Vec<(u32, u32)>) {
    for broker in model.component_ixs() {
        if !unowned_broker(model, broker) {
            continue;
        }
        let (producers, consumers) = broker_sides(model, broker);
        for &x in &producers {
            coupling[x].asynchronous += across(x, &consumers);
        }
        for &y in &consumers {
            coupling[y].asynchronous += across(y, &producers);
        }
        if pairs_kept(&producers, &consumers) {
            for &x in &producers {
                for &y in consumers.iter().filter(|&&y| y != x) {
                    crossing.push((as_u32(x), as_u32(y)));
                }
            }
        }
    }
}

/// One entry per context of the diagram, in the diagram's (id) order.
pub(super) fn compute(model: &Model) -> Vec<ContextMetrics> {
    let contexts = &model.diagram().contexts;
    if contexts.is_empty() {
        return Vec::new();
    }
    let n = model.components().len();
    let mut in_flow = vec![false; n];
    let mut internal_flow = vec![false; n];
    let mut internal = vec![0usize; contexts.len()];
    let mut coupling = vec![Coupling::default(); contexts.len()];
    let mut crossing: Vec<(u32, u32)> = Vec::new();
    let mut forest = Forest::new(n);
    for (f, flow) in model.flows_attrs() {
        let (a, b) = model.flow_ends(f);
        in_flow[a.index()] = true;
        in_flow[b.index()] = true;
        match (model.context(a), model.context(b)) {
            (Some(x), Some(y)) if x == y => {
                internal[x] += 1;
                if a != b {
                    internal_flow[a.index()] = true;
                    internal_flow[b.index()] = true;
                    forest.join(a.index(), b.index());
                }
            }
            (Some(x), Some(y)) => {
                add(&mut coupling[x], flow.pattern);
                add(&mut coupling[y], flow.pattern);
                crossing.push((as_u32(x), as_u32(y)));
            }
            _ => {}
        }
    }
    through_unowned_brokers(model, &mut coupling, &mut crossing);
    let neighbours = neighbours(contexts.len(), &crossing);

    let mut members = vec![0usize; contexts.len()];
    let mut groups = vec![0usize; contexts.len()];
    let mut isolated: Vec<Vec<ComponentIx>> = vec![Vec::new(); contexts.len()];
    for c in model.component_ixs() {
        let i = c.index();
        let Some(x) = model.context(c).filter(|_| in_flow[i]) else { continue };
        members[x] += 1;
        if forest.root(i) == i {
            groups[x] += 1;
        }
        if !internal_flow[i] {
            isolated[x].push(c);
        }
    }

    let mut out = Vec::with_capacity(contexts.len());
    for x in 0..contexts.len() {
        let sizes = (members[x], groups[x], internal[x]);
        let coupling = std::mem::take(&mut coupling[x]);
        out.push(entry(model, x, sizes, &isolated[x], coupling, neighbours[x].iter().map(|&y| y as usize)));
    }
    out
}

/// The entry of the context at position `x`: its `(members, groups, internal flows)`, its `isolated` members, its
/// coupling and the contexts it is `coupled_with` (by position, in order).
fn entry(
    model: &Model,
    x: usize,
    (m, g, internal): (usize, usize, usize),
    isolated: &[ComponentIx],
    coupling: Coupling,
    coupled_with: impl Iterator<Item = usize>,
) -> ContextMetrics {
    let contexts = &model.diagram().contexts;
    ContextMetrics {
        id: contexts[x].id.clone(),
        name: contexts[x].name.clone(),
        members: m,
        internal_flows: internal,
        cohesion: if m <= 1 { 1.0 } else { (m - g) as f64 / (m - 1) as f64 },
        groups: g,
        isolated_members: isolated.iter().map(|&c| model.component_id(c).clone()).collect(),
        coupling,
        coupled_with: coupled_with.map(|y| contexts[y].id.clone()).collect(),
    }
}

/// The contexts (by position, `true` for each) whose entry may differ after the flows at `ends` were added, removed or
/// changed, and the components `members` changed their bounded context: the contexts of `ends`, of `members` and of
/// their flow partners, and of every producer and consumer of a queue or bus in no context among them. (A context no
/// component is in, or whose number of members changed, is computed afresh anyway, see [`recompute`].)
pub(super) fn touched(model: &Model, ends: &[ComponentIx], members: &[ComponentIx]) -> Vec<bool> {
    let mut touched = vec![false; model.diagram().contexts.len()];
    let mut brokers: Vec<ComponentIx> = Vec::new();
    let mut mark = |c: ComponentIx, touched: &mut [bool]| {
        if let Some(x) = model.context(c) {
            touched[x] = true;
        } else if unowned_broker(model, c) {
            brokers.push(c);
        }
    };
    for &c in ends {
        mark(c, &mut touched);
    }
    for &c in members {
        mark(c, &mut touched);
        for (_, other) in model.outgoing(c).chain(model.incoming(c)) {
            mark(other, &mut touched);
        }
    }
    crate::sorting::sort(&mut brokers);
    brokers.dedup();
    for broker in brokers {
        let (producers, consumers) = broker_sides(model, broker);
        for x in producers.into_iter().chain(consumers) {
            touched[x] = true;
        }
    }
    touched
}

/// The entries of every context of `model`, those `touched` says computed afresh and the others taken from `last` (the
/// entries of the model before, in id order; found by id, as contexts may have come or gone), and those of contexts
/// no component is in or whose number of members changed: the same as [`compute`] when every other context whose
/// entry differs is touched ([`touched`]: a context only left, by a component that takes part in flows, is not). With
/// whether they differ from `last`.
pub(super) fn recompute(model: &Model, last: Vec<ContextMetrics>, touched: &[bool]) -> (Vec<ContextMetrics>, bool) {
    let contexts = &model.diagram().contexts;
    if touched.iter().filter(|&&t| t).count() * 2 > contexts.len() {
        // Most: at once, as one pass over every flow costs less.
        let all = compute(model);
        let changed = all != last;
        return (all, changed);
    }
    let mut members: Vec<Vec<ComponentIx>> = vec![Vec::new(); contexts.len()];
    // Per context, its components that take part in a flow: a component that left a context for its container's (or
    // joined one from it) changed no other component's context, and only this count tells of the context it left.
    let mut flowing = vec![0; contexts.len()];
    // The sides of each queue or bus in no context met, found once.
    let mut sides = BTreeMap::new();
    for c in model.component_ixs() {
        if let Some(x) = model.context(c) {
            members[x].push(c);
            if model.outgoing(c).next().is_some() || model.incoming(c).next().is_some() {
                flowing[x] += 1;
            }
        }
    }
    // Both in id order: one walk pairs them up.
    let mut last = last.into_iter().peekable();
    let mut changed = false;
    let mut out = Vec::with_capacity(contexts.len());
    for (x, context) in contexts.iter().enumerate() {
        // Contexts that are gone.
        while last.next_if(|m| m.id < context.id).is_some() {
            changed = true;
        }
        let before = last.next_if(|m| m.id == context.id);
        let fresh = touched.get(x) != Some(&false) || members[x].is_empty();
        let alike = |before: &ContextMetrics| contexts[x].name == before.name && before.members == flowing[x];
        match before {
            Some(before) if !fresh && alike(&before) => out.push(before),
            before => {
                let now = one(model, x, &members[x], &mut sides);
                changed |= before.as_ref() != Some(&now);
                out.push(now);
            }
        }
    }
    // Contexts that are gone.
    changed |= last.next().is_some();
    (out, changed)
}

/// The sides of the queues and buses in no context ([`broker_sides`]) found so far.
type BrokerSides = BTreeMap<ComponentIx, (Vec<usize>, Vec<usize>)>;

/// The entry of the context at position `x`, whose components are `members` (in order), computed from their flows
/// alone (with the producers and consumers of the queues and buses in no context they use, whose `sides` are kept
/// for the next context), as [`compute`] does for every context at once.
fn one(model: &Model, x: usize, members: &[ComponentIx], sides: &mut BrokerSides) -> ContextMetrics {
    let local = |c: ComponentIx| members.binary_search(&c).ok();
    let (mut in_flow, mut internal_flow) = (vec![false; members.len()], vec![false; members.len()]);
    let mut forest = Forest::new(members.len());
    let (mut internal, mut coupling) = (0, Coupling::default());
    let (mut others, mut brokers): (Vec<usize>, Vec<ComponentIx>) = (Vec::new(), Vec::new());
    for (i, &c) in members.iter().enumerate() {
        for (f, to) in model.outgoing(c) {
            in_flow[i] = true;
            let pattern = model.flow_attrs(f).pattern;
            match model.context(to) {
                Some(y) if y == x => {
                    internal += 1;
                    if let Some(j) = local(to).filter(|&j| j != i) {
                        (internal_flow[i], internal_flow[j]) = (true, true);
                        forest.join(i, j);
                    }
                }
                Some(y) => {
                    add(&mut coupling, pattern);
                    others.push(y);
                }
                None => {
                    let sides = matches!(pattern, Pattern::QueueSend | Pattern::EventPublish | Pattern::QueueReceive);
                    if sides && unowned_broker(model, to) {
                        brokers.push(to);
                    }
                }
            }
        }
        for (f, from) in model.incoming(c) {
            in_flow[i] = true;
            let pattern = model.flow_attrs(f).pattern;
            match model.context(from) {
                // Counted from its caller's side.
                Some(y) if y == x => {}
                Some(y) => {
                    add(&mut coupling, pattern);
                    others.push(y);
                }
                None => {
                    if pattern == Pattern::EventSubscribe && unowned_broker(model, from) {
                        brokers.push(from);
                    }
                }
            }
        }
    }
    crate::sorting::sort(&mut brokers);
    brokers.dedup();
    for broker in brokers {
        let (producers, consumers) = sides.entry(broker).or_insert_with(|| broker_sides(model, broker));
        let (producing, consuming) = (producers.binary_search(&x).is_ok(), consumers.binary_search(&x).is_ok());
        let kept = pairs_kept(producers, consumers);
        if producing {
            coupling.asynchronous += across(x, consumers);
            if kept {
                others.extend(consumers.iter().filter(|&&y| y != x));
            }
        }
        if consuming {
            coupling.asynchronous += across(x, producers);
            if kept {
                others.extend(producers.iter().filter(|&&y| y != x));
            }
        }
    }
    crate::sorting::sort(&mut others);
    others.dedup();
    let (mut m, mut g, mut isolated) = (0, 0, Vec::new());
    for (i, &c) in members.iter().enumerate() {
        if !in_flow[i] {
            continue;
        }
        m += 1;
        if forest.root(i) == i {
            g += 1;
        }
        if !internal_flow[i] {
            isolated.push(c);
        }
    }
    entry(model, x, (m, g, internal), &isolated, coupling, others.into_iter())
}

#[cfg(test)]
mod tests {
    use crate::analysis::facts::Facts;
    use crate::analysis::metrics::ContextMetrics;
    use crate::analysis::metrics::Metrics;
    use crate::analysis::testkit::TestDiagram;
    use crate::model::{ComponentIx, ComponentKind as K, Id, Model, Pattern};

    fn metrics(model: &Model) -> Metrics {
        Metrics::compute(model, &Facts::new(model))
    }

    fn shop() -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("orders", K::Lambda, Some("acct"))
            .component("orders-db", K::DynamodbTable, Some("acct"))
            .component("invoices", K::Lambda, Some("acct"))
            .component("payments", K::Lambda, Some("acct"))
            .component("queue", K::SqsQueue, Some("acct"))
            .component("role", K::IamRole, Some("acct"))
            .flow("orders", "orders-db", Pattern::DataWrite)
            .flow("orders", "orders-db", Pattern::DataRead)
            .flow("orders", "payments", Pattern::SyncRequest)
            .flow("orders", "queue", Pattern::QueueSend)
            .flow("payments", "queue", Pattern::QueueReceive)
            .context("ordering", &["orders", "orders-db", "invoices", "role"])
            .context("payment", &["payments", "queue"])
    }

    /// `after`'s entries found from `before`'s by [`super::recompute`] for what [`super::touched`] says, and afresh.
    fn both(
        before: &Model,
        after: &Model,
        ends: &[&Id],
        members: &[&Id],
    ) -> (Vec<ContextMetrics>, Vec<ContextMetrics>) {
        let ix = |ids: &[&Id]| -> Vec<ComponentIx> { ids.iter().filter_map(|id| after.component_ix(id)).collect() };
        let touched = super::touched(after, &ix(ends), &ix(members));
        let (kept, changed) = super::recompute(after, super::compute(before), &touched);
        assert_eq!(changed, super::compute(before) != kept);
        (kept, super::compute(after))
    }

    /// Every sample (and one with queues and buses in no context) with each flow taken away and put back, each
    /// context taken away and put back, and each component listed in a context taken out of it and put back: the
    /// entries computed again for the contexts the edit touches are those computed afresh.
    #[test]
    fn entries_computed_again_for_the_touched_contexts_are_those_computed_afresh() {
        let mut models: Vec<Model> = crate::io::samples::all().iter().map(|s| s.model().unwrap()).collect();
        models.push(brokers_outside_contexts());
        let mut checked = 0;
        for model in models.iter().filter(|m| !m.diagram().contexts.is_empty()) {
            let diagram = model.diagram();
            let rebuilt = |edit: &dyn Fn(&mut crate::model::Diagram)| {
                let mut d = diagram.clone();
                edit(&mut d);
                Model::new(d).ok()
            };
            for (i, flow) in diagram.flows.iter().enumerate() {
                let Some(without) = rebuilt(&|d| drop(d.flows.remove(i))) else { continue };
                let ends = [&flow.from, &flow.to];
                for (before, after) in [(model, &without), (&without, model)] {
                    let (kept, fresh) = both(before, after, &ends, &[]);
                    assert_eq!(kept, fresh, "flow {} gone or back", flow.id);
                    checked += 1;
                }
            }
            let changed_members = |a: &Model, b: &Model| -> Vec<Id> {
                let context_id = |m: &Model, c| m.context(c).map(|x| m.diagram().contexts[x].clone());
                a.component_ixs()
                    .filter(|&c| {
                        b.component_ix(&a.component(c).id).is_none_or(|d| context_id(a, c) != context_id(b, d))
                    })
                    .map(|c| a.component(c).id.clone())
                    .collect()
            };
            let mut edits: Vec<DiagramEdit> = Vec::new();
            for k in 0..diagram.contexts.len() {
                edits.push(Box::new(move |d| drop(d.contexts.remove(k))));
                for m in 0..diagram.contexts[k].members.len() {
                    edits.push(Box::new(move |d| drop(d.contexts[k].members.remove(m))));
                }
            }
            for edit in &edits {
                let Some(edited) = rebuilt(edit.as_ref()) else { continue };
                for (before, after) in [(model, &edited), (&edited, model)] {
                    let mut members = changed_members(after, before);
                    members.extend(changed_members(before, after));
                    let members: Vec<&Id> = members.iter().collect();
                    let (kept, fresh) = both(before, after, &[], &members);
                    assert_eq!(kept, fresh, "members {members:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 200, "{checked}");
    }

    /// An edit of a diagram, for [`entries_computed_again_for_the_touched_contexts_are_those_computed_afresh`].
    type DiagramEdit = Box<dyn Fn(&mut crate::model::Diagram)>;

    /// Queues and buses in no context, and a context a component leaves for its container's (or joins from it)
    /// without the context it leaves changing.
    fn brokers_outside_contexts() -> Model {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component("web", K::GenericService, Some("vpc"))
            .component("admin", K::GenericService, Some("vpc"))
            .flow("admin", "payments", Pattern::SyncRequest)
            .flow("web", "queue", Pattern::QueueSend)
            .context("edge", &["vpc"])
            .context("back-office", &["admin"])
            .component("orders", K::Lambda, Some("acct"))
            .component("payments", K::Lambda, Some("acct"))
            .component("shipping", K::Lambda, Some("acct"))
            .component("billing", K::Lambda, Some("acct"))
            .component("queue", K::SqsQueue, Some("acct"))
            .component("bus", K::EventbridgeBus, Some("acct"))
            .flow("orders", "queue", Pattern::QueueSend)
            .flow("payments", "queue", Pattern::QueueReceive)
            .flow("billing", "queue", Pattern::QueueReceive)
            .flow("orders", "bus", Pattern::EventPublish)
            .flow("billing", "bus", Pattern::EventPublish)
            .flow("bus", "shipping", Pattern::EventSubscribe)
            .flow("bus", "orders", Pattern::EventSubscribe)
            .flow("orders", "payments", Pattern::SyncRequest)
            .context("ordering", &["orders"])
            .context("paying", &["payments", "billing"])
            .context("fulfilment", &["shipping"])
            .build()
    }

    #[test]
    fn members_take_part_in_flows_and_cohesion_counts_a_spanning_forest() {
        let model = shop().flow("invoices", "payments", Pattern::SyncRequest).build();
        let m = metrics(&model);
        let ordering = &m.contexts[0];
        assert_eq!(ordering.id.as_str(), "ordering");
        assert_eq!(ordering.members, 3, "the role takes part in no flow");
        assert_eq!(ordering.internal_flows, 2);
        assert_eq!(ordering.groups, 2, "two flows between the same pair do not reach invoices");
        assert!((ordering.cohesion - 0.5).abs() < 1e-9);
        assert_eq!(ordering.isolated_members.iter().map(|i| i.as_str()).collect::<Vec<_>>(), ["invoices"]);
        assert_eq!(ordering.coupling.sync, 2);
        assert_eq!(ordering.coupling.asynchronous, 1);
        assert_eq!(ordering.coupled_with.iter().map(|i| i.as_str()).collect::<Vec<_>>(), ["payment"]);
        let payment = &m.contexts[1];
        assert_eq!((payment.members, payment.internal_flows, payment.groups), (2, 1, 1));
        assert!((payment.cohesion - 1.0).abs() < 1e-9);
        assert_eq!(payment.coupling.total(), 3, "coupling counts both directions");
    }

    #[test]
    fn a_broker_outside_every_context_still_couples_its_producers_and_consumers() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("orders", K::Lambda, Some("acct"))
            .component("payments", K::Lambda, Some("acct"))
            .component("shipping", K::Lambda, Some("acct"))
            .component("queue", K::SqsQueue, Some("acct"))
            .component("bus", K::EventbridgeBus, Some("acct"))
            .flow("orders", "queue", Pattern::QueueSend)
            .flow("payments", "queue", Pattern::QueueReceive)
            .flow("orders", "bus", Pattern::EventPublish)
            .flow("bus", "shipping", Pattern::EventSubscribe)
            .context("ordering", &["orders"])
            .context("paying", &["payments"])
            .context("fulfilment", &["shipping"])
            .build();
        let m = metrics(&model);
        let by_id = |id: &str| m.contexts.iter().find(|c| c.id.as_str() == id).unwrap();
        assert_eq!(by_id("ordering").coupling.asynchronous, 2, "through the queue and through the bus");
        let coupled: Vec<&str> = by_id("ordering").coupled_with.iter().map(|i| i.as_str()).collect();
        assert_eq!(coupled, ["fulfilment", "paying"]);
        assert_eq!(by_id("paying").coupling.asynchronous, 1);
        assert_eq!(by_id("fulfilment").coupled_with.iter().map(|i| i.as_str()).collect::<Vec<_>>(), ["ordering"]);
    }

    #[test]
    fn connected_context_is_fully_cohesive_and_empty_contexts_are_trivially() {
        let model = shop().flow("invoices", "orders", Pattern::SyncRequest).context("empty", &[]).build();
        let m = metrics(&model);
        let names: Vec<&str> = m.contexts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(names, ["empty", "ordering", "payment"]);
        assert_eq!(m.contexts[0].members, 0);
        assert!((m.contexts[0].cohesion - 1.0).abs() < 1e-9);
        assert!((m.contexts[1].cohesion - 1.0).abs() < 1e-9, "{:?}", m.contexts[1]);
        assert!(m.contexts[1].isolated_members.is_empty());
        assert_eq!(m.context(2).map(|c| c.groups), Some(1));
    }

    #[test]
    fn members_inherit_their_container_context_and_unassigned_partners_do_not_couple() {
        let model = TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component("a", K::GenericService, Some("vpc"))
            .component("b", K::GenericService, Some("vpc"))
            .component("c", K::GenericService, Some("vpc"))
            .flow("internet", "a", Pattern::SyncRequest)
            .flow("a", "b", Pattern::SyncRequest)
            .flow("b", "c", Pattern::DataRead)
            .context("edge", &["vpc"])
            .build();
        let m = metrics(&model);
        assert_eq!((m.contexts[0].members, m.contexts[0].internal_flows, m.contexts[0].groups), (3, 2, 1));
        assert_eq!(m.contexts[0].coupling.total(), 0);
        assert!(m.contexts[0].coupled_with.is_empty());
    }
}
