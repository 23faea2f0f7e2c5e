//! Dependency cycles between bounded contexts: the strongly connected components (iterative Tarjan, `scc.rs`) of
//! the context graph, whose edges are the flows from a member of one context to a member of another (caller to
//! callee).

use crate::analysis::metrics::ContextCycle;
use crate::analysis::metrics::scc::{Csr, tarjan};
use crate::model::{FlowIx, Id, Model, Pattern};

const NONE: usize = usize::MAX;

/// The distinct directed context pairs among the crossing flows, bucketed by the caller's context and deduplicated
/// with a stamp per context: O(contexts + flows), no sort.
fn distinct_pairs(k: usize, crossing: &[(u32, u32, FlowIx)]) -> Vec<(u32, u32)> {
    let mut start = vec![0usize; k + 1];
    for &(a, _, _) in crossing {
        start[a as usize + 1] += 1;
    }
    for i in 0..k {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut callees = vec![0u32; crossing.len()];
    for &(a, b, _) in crossing {
        callees[fill[a as usize]] = b;
        fill[a as usize] += 1;
    }
    let mut stamp = vec![u32::MAX; k];
    let mut pairs = Vec::new();
    for a in 0..k {
        let own = u32::try_from(a).unwrap_or(u32::MAX);
        for &b in &callees[start[a]..start[a + 1]] {
            if stamp[b as usize] != own {
                stamp[b as usize] = own;
                pairs.push((own, b));
            }
        }
    }
    pairs
}

/// Every cycle of two or more contexts, sorted by their (sorted) context ids.
pub(super) fn compute(model: &Model) -> Vec<ContextCycle> {
    let contexts = &model.diagram().contexts;
    if contexts.len() < 2 {
        return Vec::new();
    }
    let as_u32 = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let mut crossing: Vec<(u32, u32, FlowIx)> = Vec::new();
    for (f, _) in model.flows_indexed() {
        let (from, to) = model.flow_ends(f);
        if let (Some(a), Some(b)) = (model.context(from), model.context(to))
            && a != b
        {
            crossing.push((as_u32(a), as_u32(b), f));
        }
    }
    if crossing.len() < 2 {
        return Vec::new();
    }
    let pairs = distinct_pairs(contexts.len(), &crossing);
    let graph = Csr::new(contexts.len(), &pairs);

    let mut cycle_of = vec![NONE; contexts.len()];
    let mut cycles: Vec<ContextCycle> = Vec::new();
    tarjan(&graph, |scc| {
        if scc.len() < 2 {
            return;
        }
        let mut ids: Vec<Id> = scc.iter().filter_map(|&n| contexts.get(n as usize)).map(|c| c.id.clone()).collect();
        crate::sorting::sort(&mut ids);
        for &n in scc {
            cycle_of[n as usize] = cycles.len();
        }
        cycles.push(ContextCycle {
            contexts: ids,
            has_sync_edge: false,
            sync_flows: Vec::new(),
            sync_flow_ixs: Vec::new(),
        });
    });
    if cycles.is_empty() {
        return cycles;
    }
    // Crossing flows are in flow order, which is id order: the lists come out sorted.
    for &(a, b, f) in &crossing {
        let cycle = cycle_of[a as usize];
        if cycle == NONE || cycle != cycle_of[b as usize] {
            continue;
        }
        let flow = model.flow_attrs(f);
        if flow.pattern == Pattern::SyncRequest
            && let Some(entry) = cycles.get_mut(cycle)
        {
            entry.has_sync_edge = true;
            entry.sync_flows.push(model.flow_id(f).clone());
            entry.sync_flow_ixs.push(f);
        }
    }
    crate::sorting::sort_by(&mut cycles, |x, y| x.contexts.cmp(&y.contexts));
    cycles
}

#[cfg(test)]
mod tests {
    use crate::analysis::facts::Facts;
    use crate::analysis::metrics::Metrics;
    use crate::analysis::testkit::TestDiagram;
    use crate::model::{ComponentKind as K, Pattern};

    fn three_contexts() -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("a", K::Lambda, Some("acct"))
            .component("b", K::Lambda, Some("acct"))
            .component("c", K::Lambda, Some("acct"))
            .component("q", K::SqsQueue, Some("acct"))
            .context("ctx-a", &["a"])
            .context("ctx-b", &["b", "q"])
            .context("ctx-c", &["c"])
    }

    #[test]
    fn cycles_are_strongly_connected_contexts() {
        let model = three_contexts()
            .flow("a", "b", Pattern::SyncRequest)
            .flow("b", "c", Pattern::DataWrite)
            .flow("c", "q", Pattern::QueueSend)
            .flow("b", "q", Pattern::QueueReceive)
            .build();
        let m = Metrics::compute(&model, &Facts::new(&model));
        assert_eq!(m.context_cycles.len(), 1);
        let cycle = &m.context_cycles[0];
        let ids: Vec<&str> = cycle.contexts.iter().map(|i| i.as_str()).collect();
        assert_eq!(ids, ["ctx-b", "ctx-c"], "a only calls into the cycle");
        assert!(!cycle.has_sync_edge);
        assert!(cycle.sync_flows.is_empty());
    }

    #[test]
    fn queue_receive_is_a_dependency_of_the_consumer() {
        // c receives from b's queue and b calls c synchronously: a cycle with a sync edge.
        let model = three_contexts()
            .flow("c", "q", Pattern::QueueReceive)
            .flow("b", "c", Pattern::SyncRequest)
            .flow("a", "b", Pattern::SyncRequest)
            .build();
        let m = Metrics::compute(&model, &Facts::new(&model));
        assert_eq!(m.context_cycles.len(), 1);
        assert!(m.context_cycles[0].has_sync_edge);
        let flows: Vec<&str> = m.context_cycles[0].sync_flows.iter().map(|i| i.as_str()).collect();
        assert_eq!(flows, ["b-c"]);
    }

    #[test]
    fn a_chain_without_a_way_back_is_no_cycle() {
        let model = three_contexts().flow("a", "b", Pattern::SyncRequest).flow("b", "c", Pattern::SyncRequest).build();
        let m = Metrics::compute(&model, &Facts::new(&model));
        assert!(m.context_cycles.is_empty());
    }
}
