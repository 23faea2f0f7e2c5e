//! Dependency cycles between bounded contexts: the strongly connected components (Tarjan, via petgraph) of the
//! context graph, whose edges are the flows from a member of one context to a member of another (caller to callee).

use petgraph::algo::TarjanScc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::analysis::metrics::ContextCycle;
use crate::model::{FlowIx, Id, Model, Pattern};

const NONE: usize = usize::MAX;

/// Every cycle of two or more contexts, sorted by their (sorted) context ids.
pub(super) fn compute(model: &Model) -> Vec<ContextCycle> {
    let contexts = &model.diagram().contexts;
    if contexts.len() < 2 {
        return Vec::new();
    }
    let mut graph: DiGraph<(), FlowIx> = DiGraph::with_capacity(contexts.len(), 0);
    for _ in contexts {
        graph.add_node(());
    }
    for (f, _) in model.flows_indexed() {
        let (from, to) = model.flow_ends(f);
        if let (Some(a), Some(b)) = (model.context(from), model.context(to))
            && a != b
        {
            graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), f);
        }
    }
    if graph.edge_count() < 2 {
        return Vec::new();
    }

    let mut cycle_of = vec![NONE; contexts.len()];
    let mut cycles: Vec<ContextCycle> = Vec::new();
    TarjanScc::new().run(&graph, |scc| {
        if scc.len() < 2 {
            return;
        }
        let mut ids: Vec<Id> = scc.iter().map(|n| contexts[n.index()].id.clone()).collect();
        ids.sort();
        for n in scc {
            cycle_of[n.index()] = cycles.len();
        }
        cycles.push(ContextCycle { contexts: ids, has_sync_edge: false, flows: Vec::new() });
    });
    if cycles.is_empty() {
        return cycles;
    }
    for edge in graph.raw_edges() {
        let (a, b) = (edge.source().index(), edge.target().index());
        let cycle = cycle_of[a];
        if cycle == NONE || cycle != cycle_of[b] {
            continue;
        }
        let flow = model.flow(edge.weight);
        if let Some(entry) = cycles.get_mut(cycle) {
            entry.has_sync_edge |= flow.pattern == Pattern::SyncRequest;
            entry.flows.push(flow.id.clone());
        }
    }
    for cycle in &mut cycles {
        cycle.flows.sort();
    }
    cycles.sort_by(|x, y| x.contexts.cmp(&y.contexts));
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
    fn cycles_are_strongly_connected_contexts_with_their_flows() {
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
        let flows: Vec<&str> = cycle.flows.iter().map(|i| i.as_str()).collect();
        assert_eq!(flows, ["b-c", "c-q"]);
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
    }

    #[test]
    fn a_chain_without_a_way_back_is_no_cycle() {
        let model = three_contexts().flow("a", "b", Pattern::SyncRequest).flow("b", "c", Pattern::SyncRequest).build();
        let m = Metrics::compute(&model, &Facts::new(&model));
        assert!(m.context_cycles.is_empty());
    }
}
