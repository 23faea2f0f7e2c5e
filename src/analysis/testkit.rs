//! Small diagrams for rule tests: build a model in a few lines and run one rule on it.

use crate::analysis::facts::Facts;
use crate::analysis::finding::Finding;
use crate::analysis::metrics::Metrics;
use crate::analysis::rule::Rule;
use crate::model::group::{Boundary, BoundaryKind, Context};
use crate::model::{
    Component, ComponentKind, Connection, ConnectionKind, Diagram, Flow, Id, Model, Pattern, Posture, Properties,
};

/// An id, for tests.
pub fn id(text: &str) -> Id {
    Id::new(text).unwrap()
}

/// A diagram under construction.
#[derive(Default)]
pub struct TestDiagram {
    /// The diagram so far.
    pub diagram: Diagram,
}

impl TestDiagram {
    /// An empty diagram (perimeter posture).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a component.
    pub fn component(self, name: &str, kind: ComponentKind, parent: Option<&str>) -> Self {
        self.component_with(name, kind, parent, |_| {})
    }

    /// Adds a component and lets `edit` set its properties, role and links.
    pub fn component_with(
        mut self,
        name: &str,
        kind: ComponentKind,
        parent: Option<&str>,
        edit: impl FnOnce(&mut Component),
    ) -> Self {
        let mut component = Component::new(id(name), kind, name);
        component.parent = parent.map(id);
        edit(&mut component);
        self.diagram.components.push(component);
        self
    }

    /// Sets properties of an existing component.
    pub fn props(mut self, name: &str, edit: impl FnOnce(&mut Properties)) -> Self {
        let component = self.diagram.components.iter_mut().find(|c| c.id.as_str() == name).unwrap();
        edit(&mut component.properties);
        self
    }

    /// Adds a flow `<from>-<to>` (or `<from>-<to>-2` ... if taken).
    pub fn flow(self, from: &str, to: &str, pattern: Pattern) -> Self {
        self.flow_with(from, to, pattern, |_| {})
    }

    /// Adds a flow and lets `edit` set its protocol, authentication, data ...
    pub fn flow_with(mut self, from: &str, to: &str, pattern: Pattern, edit: impl FnOnce(&mut Flow)) -> Self {
        let mut name = format!("{from}-{to}");
        let mut n = 2;
        while self.diagram.flows.iter().any(|f| f.id.as_str() == name) {
            name = format!("{from}-{to}-{n}");
            n += 1;
        }
        let mut flow = Flow::new(id(&name), id(from), id(to), pattern);
        edit(&mut flow);
        self.diagram.flows.push(flow);
        self
    }

    /// Adds a bounded context.
    pub fn context(mut self, name: &str, members: &[&str]) -> Self {
        self.diagram.contexts.push(Context {
            id: id(name),
            name: name.to_owned(),
            description: String::new(),
            members: members.iter().map(|m| id(m)).collect(),
        });
        self
    }

    /// Adds an explicit boundary.
    pub fn boundary(mut self, name: &str, kind: BoundaryKind, members: &[&str]) -> Self {
        self.diagram.boundaries.push(Boundary {
            id: id(name),
            kind,
            name: name.to_owned(),
            description: String::new(),
            members: members.iter().map(|m| id(m)).collect(),
        });
        self
    }

    /// Adds a connection.
    pub fn connection(mut self, name: &str, kind: ConnectionKind, from: &str, to: &str) -> Self {
        self.diagram.connections.push(Connection {
            id: id(name),
            kind,
            from: id(from),
            to: id(to),
            label: String::new(),
        });
        self
    }

    /// Sets the posture.
    pub fn posture(mut self, posture: Posture) -> Self {
        self.diagram.settings.posture = posture;
        self
    }

    /// Edits the diagram directly (settings, triage ...).
    pub fn edit(mut self, edit: impl FnOnce(&mut Diagram)) -> Self {
        edit(&mut self.diagram);
        self
    }

    /// The checked model; panics with the problems if the diagram is invalid.
    pub fn build(self) -> Model {
        match Model::new(self.diagram) {
            Ok(model) => model,
            Err(problems) => {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                panic!("test diagram is invalid:\n{}", lines.join("\n"))
            }
        }
    }
}

/// Runs one rule on a model under its own posture.
pub fn run(rule: &'static dyn Rule, model: &Model) -> Vec<Finding> {
    let facts = Facts::new(model);
    let metrics = Metrics::compute(model, &facts);
    crate::analysis::run_rules(model, &facts, &metrics, model.diagram().settings.posture, &[rule])
}

/// The ids of the findings of one rule.
pub fn ids(rule: &'static dyn Rule, model: &Model) -> Vec<String> {
    run(rule, model).into_iter().map(|f| f.id().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ComponentKind as K;

    #[test]
    fn builder_builds_and_the_model_indexes_memberships() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("vpc-a", K::Vpc, Some("acct"))
            .component("vpc-b", K::Vpc, Some("acct"))
            .component("cluster", K::EksCluster, Some("vpc-a"))
            .component("node", K::Ec2Node, Some("cluster"))
            .component("pod", K::Pod, Some("node"))
            .component("box", K::Container, Some("pod"))
            .props("pod", |p| p.privileged = Some(true))
            .flow("pod", "node", Pattern::SyncRequest)
            .flow("pod", "node", Pattern::SyncRequest)
            .context("shop", &["pod"])
            .boundary("ns", BoundaryKind::Namespace, &["pod"])
            .connection("peer", ConnectionKind::VpcPeering, "vpc-a", "vpc-b")
            .edit(|d| d.settings.title = "t".into())
            .build();
        let container = model.component_ix("box").unwrap();
        let pod = model.component_ix("pod").unwrap();
        assert_eq!(model.context(container), Some(0), "context is inherited down the tree");
        assert_eq!(model.boundaries(container), [0], "boundaries are inherited down the tree");
        assert_eq!(model.depth(container), 5);
        assert_eq!(model.props(pod).privileged, Some(true));
        assert_eq!(model.flows().len(), 2);
        assert_eq!(model.flows()[1].id.as_str(), "pod-node-2");
        let facts = Facts::new(&model);
        assert_eq!(facts.host(container), model.component_ix("node"));
        assert_eq!(facts.cluster(pod), model.component_ix("cluster"));
        assert_eq!(facts.namespace(container), Some(0));
        assert_eq!(model.diagram().settings.title, "t");
        assert_eq!(model.diagram().connections.len(), 1);
    }
}
