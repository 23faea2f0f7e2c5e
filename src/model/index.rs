//! [`Model`]: a checked diagram with the indexes every analysis needs (id lookup, containment tree, the flow graph,
//! context and boundary membership, effective properties). Built once per edit; everything after trusts it.

use foldhash::{HashMap, HashMapExt as _};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use crate::model::catalog;
use crate::model::component::Component;
use crate::model::diagram::Diagram;
use crate::model::flow::Flow;
use crate::model::id::Id;
use crate::model::kind::ComponentKind;
use crate::model::problem::Problem;
use crate::model::props::Properties;
use crate::model::validate;

/// Position of a component in [`Model::components`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ComponentIx(pub u32);

/// Position of a flow in [`Model::flows`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FlowIx(pub u32);

impl ComponentIx {
    /// As a list index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
    /// As a node of [`Model::graph`].
    pub fn node(self) -> NodeIndex {
        NodeIndex::new(self.index())
    }
}

impl FlowIx {
    /// As a list index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element {
    /// A component.
    Component(ComponentIx),
    /// A flow.
    Flow(FlowIx),
    /// An explicit trust boundary, by position.
    Boundary(usize),
    /// A bounded context, by position.
    Context(usize),
    /// A connection, by position.
    Connection(usize),
    /// A note, by position.
    Note(usize),
    /// A manual threat, by position.
    Threat(usize),
}

/// A checked, normalised diagram with its indexes. Lists are in id order.
#[derive(Clone, Debug)]
pub struct Model {
    diagram: Diagram,
    by_id: HashMap<Id, Element>,
    graph: DiGraph<ComponentIx, FlowIx>,
    parent: Vec<Option<ComponentIx>>,
    children: Vec<Vec<ComponentIx>>,
    depth: Vec<u32>,
    context: Vec<Option<usize>>,
    boundaries: Vec<Vec<usize>>,
    effective: Vec<Properties>,
    role_users: Vec<Vec<ComponentIx>>,
}

fn ix(i: usize) -> ComponentIx {
    ComponentIx(u32::try_from(i).unwrap_or(u32::MAX))
}

impl Model {
    /// Checks `diagram` and indexes it; on failure, every problem, with paths by position in the given lists.
    pub fn new(mut diagram: Diagram) -> Result<Self, Vec<Problem>> {
        let mut problems = validate::check(&diagram);
        if !problems.is_empty() {
            crate::model::problem::attach_elements(&diagram, &mut problems);
            return Err(problems);
        }
        diagram.normalize();
        Ok(Self::index(diagram))
    }

    /// Builds the indexes of a diagram that passed [`validate::check`] and was normalised.
    fn index(diagram: Diagram) -> Self {
        let n = diagram.components.len();
        let mut by_id = HashMap::with_capacity(n + diagram.flows.len());
        for (i, c) in diagram.components.iter().enumerate() {
            by_id.insert(c.id.clone(), Element::Component(ix(i)));
        }
        for (i, f) in diagram.flows.iter().enumerate() {
            by_id.insert(f.id.clone(), Element::Flow(FlowIx(u32::try_from(i).unwrap_or(u32::MAX))));
        }
        for (i, b) in diagram.boundaries.iter().enumerate() {
            by_id.insert(b.id.clone(), Element::Boundary(i));
        }
        for (i, c) in diagram.contexts.iter().enumerate() {
            by_id.insert(c.id.clone(), Element::Context(i));
        }
        for (i, c) in diagram.connections.iter().enumerate() {
            by_id.insert(c.id.clone(), Element::Connection(i));
        }
        for (i, note) in diagram.notes.iter().enumerate() {
            by_id.insert(note.id.clone(), Element::Note(i));
        }
        for (i, threat) in diagram.threats.iter().enumerate() {
            by_id.insert(threat.id.clone(), Element::Threat(i));
        }
        let component_ix = |id: &Id| match by_id.get(id) {
            Some(Element::Component(c)) => Some(*c),
            _ => None,
        };

        let parent: Vec<Option<ComponentIx>> =
            diagram.components.iter().map(|c| c.parent.as_ref().and_then(component_ix)).collect();
        let mut children = vec![Vec::new(); n];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p
                && let Some(list) = children.get_mut(p.index())
            {
                list.push(ix(i));
            }
        }

        let mut graph = DiGraph::with_capacity(n, diagram.flows.len());
        for i in 0..n {
            graph.add_node(ix(i));
        }
        for (i, flow) in diagram.flows.iter().enumerate() {
            if let (Some(from), Some(to)) = (component_ix(&flow.from), component_ix(&flow.to)) {
                graph.add_edge(from.node(), to.node(), FlowIx(u32::try_from(i).unwrap_or(u32::MAX)));
            }
        }

        // Direct memberships, then inherited down the containment tree (parents come first in a pre-order walk).
        let mut context: Vec<Option<usize>> = vec![None; n];
        for (i, ctx) in diagram.contexts.iter().enumerate() {
            for member in &ctx.members {
                if let Some(c) = component_ix(member) {
                    context[c.index()] = Some(i);
                }
            }
        }
        // Direct boundary memberships only: inheriting them into every descendant would be quadratic when many
        // boundaries surround one large container; `boundaries()` walks up instead.
        let mut boundaries: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, boundary) in diagram.boundaries.iter().enumerate() {
            for member in &boundary.members {
                if let Some(c) = component_ix(member) {
                    boundaries[c.index()].push(i);
                }
            }
        }
        let mut depth = vec![0u32; n];
        let mut stack: Vec<ComponentIx> = (0..n).map(ix).filter(|c| parent[c.index()].is_none()).collect();
        stack.reverse();
        while let Some(at) = stack.pop() {
            let i = at.index();
            let (own_context, own_depth) = (context[i], depth[i]);
            for &child in children[i].iter().rev() {
                let c = child.index();
                depth[c] = own_depth + 1;
                if context[c].is_none() {
                    context[c] = own_context;
                }
                stack.push(child);
            }
        }

        let effective =
            diagram.components.iter().map(|c| c.properties.or(&(catalog::info(c.kind).defaults)())).collect();
        let mut role_users = vec![Vec::new(); n];
        for (i, c) in diagram.components.iter().enumerate() {
            if let Some(role) = c.role.as_ref().and_then(component_ix) {
                role_users[role.index()].push(ix(i));
            }
        }

        Self { diagram, by_id, graph, parent, children, depth, context, boundaries, effective, role_users }
    }

    /// The diagram, normalised.
    pub fn diagram(&self) -> &Diagram {
        &self.diagram
    }

    /// Replaces where things are drawn. Analysis never reads the layout, so the model stays valid: an editor
    /// moving boxes swaps the layout instead of checking and indexing the whole diagram again.
    pub fn set_layout(&mut self, layout: crate::model::layout::Layout) {
        self.diagram.layout = layout;
    }

    /// Gives the diagram back (to edit it and build a new model).
    pub fn into_diagram(self) -> Diagram {
        self.diagram
    }

    /// All components, in id order.
    pub fn components(&self) -> &[Component] {
        &self.diagram.components
    }

    /// All flows, in id order.
    pub fn flows(&self) -> &[Flow] {
        &self.diagram.flows
    }

    /// Every flow with its index.
    pub fn flows_indexed(&self) -> impl ExactSizeIterator<Item = (FlowIx, &Flow)> + '_ {
        self.diagram.flows.iter().enumerate().map(|(i, f)| (FlowIx(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }

    /// Every component index.
    pub fn component_ixs(&self) -> impl ExactSizeIterator<Item = ComponentIx> + use<> {
        (0..self.diagram.components.len()).map(ix)
    }

    /// What `id` names.
    pub fn element(&self, id: &str) -> Option<Element> {
        self.by_id.get(id).copied()
    }

    /// The component `id` names.
    pub fn component_ix(&self, id: &str) -> Option<ComponentIx> {
        match self.element(id) {
            Some(Element::Component(c)) => Some(c),
            _ => None,
        }
    }

    /// One component. Indexes only come from this model, so they are in range.
    pub fn component(&self, c: ComponentIx) -> &Component {
        &self.diagram.components[c.index()]
    }

    /// One flow. Indexes only come from this model, so they are in range.
    pub fn flow(&self, f: FlowIx) -> &Flow {
        &self.diagram.flows[f.index()]
    }

    /// The kind of a component.
    pub fn kind(&self, c: ComponentIx) -> ComponentKind {
        self.component(c).kind
    }

    /// Properties with the catalog's defaults filled in.
    pub fn props(&self, c: ComponentIx) -> &Properties {
        self.effective.get(c.index()).unwrap_or(&EMPTY_PROPERTIES)
    }

    /// The component it sits directly inside.
    pub fn parent(&self, c: ComponentIx) -> Option<ComponentIx> {
        self.parent.get(c.index()).copied().flatten()
    }

    /// The components sitting directly inside it, in id order.
    pub fn children(&self, c: ComponentIx) -> &[ComponentIx] {
        self.children.get(c.index()).map_or(&[], Vec::as_slice)
    }

    /// How many containers it sits in.
    pub fn depth(&self, c: ComponentIx) -> u32 {
        self.depth.get(c.index()).copied().unwrap_or(0)
    }

    /// Its containers, innermost first.
    pub fn ancestors(&self, c: ComponentIx) -> impl Iterator<Item = ComponentIx> + '_ {
        std::iter::successors(self.parent(c), move |&p| self.parent(p))
    }

    /// The innermost container (or itself) of the given kind.
    pub fn enclosing(&self, c: ComponentIx, kind: ComponentKind) -> Option<ComponentIx> {
        std::iter::once(c).chain(self.ancestors(c)).find(|&a| self.kind(a) == kind)
    }

    /// Its bounded context (its own, or else its nearest container's), by position in `diagram().contexts`.
    pub fn context(&self, c: ComponentIx) -> Option<usize> {
        self.context.get(c.index()).copied().flatten()
    }

    /// The explicit boundaries that list it as a member, by position.
    pub fn direct_boundaries(&self, c: ComponentIx) -> &[usize] {
        self.boundaries.get(c.index()).map_or(&[], Vec::as_slice)
    }

    /// The explicit boundaries it is inside (directly or through a container), by position, sorted.
    pub fn boundaries(&self, c: ComponentIx) -> Vec<usize> {
        let mut all: Vec<usize> = std::iter::once(c)
            .chain(self.ancestors(c))
            .flat_map(|a| self.boundaries.get(a.index()).map_or(&[][..], Vec::as_slice))
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The flow graph: one node per component (node index = component index), one edge per flow.
    pub fn graph(&self) -> &DiGraph<ComponentIx, FlowIx> {
        &self.graph
    }

    /// Flows leaving a component: `(flow, callee)`.
    pub fn outgoing(&self, c: ComponentIx) -> impl Iterator<Item = (FlowIx, ComponentIx)> + '_ {
        use petgraph::visit::EdgeRef as _;
        self.graph.edges(c.node()).map(|e| (*e.weight(), ComponentIx(e.target().index() as u32)))
    }

    /// Flows arriving at a component: `(flow, caller)`.
    pub fn incoming(&self, c: ComponentIx) -> impl Iterator<Item = (FlowIx, ComponentIx)> + '_ {
        use petgraph::visit::EdgeRef as _;
        self.graph
            .edges_directed(c.node(), petgraph::Direction::Incoming)
            .map(|e| (*e.weight(), ComponentIx(e.source().index() as u32)))
    }

    /// The ends of a flow: `(caller, callee)`.
    pub fn flow_ends(&self, f: FlowIx) -> (ComponentIx, ComponentIx) {
        let edge = EdgeIndex::new(f.index());
        match self.graph.edge_endpoints(edge) {
            Some((a, b)) => (ComponentIx(a.index() as u32), ComponentIx(b.index() as u32)),
            None => (ComponentIx(0), ComponentIx(0)),
        }
    }

    /// The components that run as this IAM role.
    pub fn role_users(&self, role: ComponentIx) -> &[ComponentIx] {
        self.role_users.get(role.index()).map_or(&[], Vec::as_slice)
    }

    /// The role a component runs as.
    pub fn role(&self, c: ComponentIx) -> Option<ComponentIx> {
        self.component(c).role.as_deref().and_then(|id| self.component_ix(id))
    }
}

static EMPTY_PROPERTIES: Properties = Properties::EMPTY;
