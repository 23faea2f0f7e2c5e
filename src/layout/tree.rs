//! The compound graph tidy lays out: every component as a node of one containment tree (notes are nodes too, but in
//! no container's block: they are placed afterwards, see `notes`), boundaries and contexts that can be boxes as containers of their
//! members (see `groups`), and every flow as an edge between two nodes. Built from a plain
//! [`Diagram`] so importers can lay out what they produce before it is checked; dangling parents and containment
//! cycles (which validation reports) make a node a root instead of looping.

use std::collections::BTreeMap;

use crate::layout::groups::{self, GroupRef};
use crate::model::diagram::Diagram;
use crate::model::id::Id;

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A component, by index in `Diagram::components`.
    Component(usize),
    /// A note, by index in `Diagram::notes`.
    Note(usize),
    /// A boundary or context laid out as a container of its members.
    Group(GroupRef),
}

/// One node of the tree.
#[derive(Clone, Debug)]
pub struct Node {
    /// The element's id.
    pub id: Id,
    /// What it is.
    pub kind: NodeKind,
    /// The node it sits directly inside.
    pub parent: Option<usize>,
    /// Nodes directly inside it, components in id order, then groups.
    pub children: Vec<usize>,
}

/// A flow between two components.
#[derive(Clone, Copy, Debug)]
pub struct Edge {
    /// Caller end.
    pub from: usize,
    /// Callee end.
    pub to: usize,
}

/// The containment tree and the edges.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    /// Components first (in id order), then notes (in id order), then groups laid out as boxes.
    pub nodes: Vec<Node>,
    /// Nodes with no parent, in node order (notes aside).
    pub roots: Vec<usize>,
    /// Flows between two known components.
    pub edges: Vec<Edge>,
    /// Node index by id.
    pub by_id: BTreeMap<Id, usize>,
}

impl Tree {
    /// Builds the tree of a diagram; with `boxes`, boundaries and contexts that can be boxes become containers.
    pub fn of(diagram: &Diagram, boxes: bool) -> Self {
        let mut components: Vec<usize> = (0..diagram.components.len()).collect();
        crate::sorting::sort_by(&mut components, |a, b| diagram.components[*a].id.cmp(&diagram.components[*b].id));
        let mut notes: Vec<usize> = (0..diagram.notes.len()).collect();
        crate::sorting::sort_by(&mut notes, |a, b| diagram.notes[*a].id.cmp(&diagram.notes[*b].id));
        let mut tree = Self::default();
        for &c in &components {
            let id = diagram.components[c].id.clone();
            tree.push(id, NodeKind::Component(c));
        }
        for &n in &notes {
            let id = diagram.notes[n].id.clone();
            tree.push(id, NodeKind::Note(n));
        }
        // Parents of components, refusing any that would close a cycle.
        for (node, &c) in components.iter().enumerate() {
            let parent = diagram.components[c].parent.as_ref().and_then(|p| tree.by_id.get(p).copied());
            if let Some(parent) = parent
                && parent < components.len()
                && !tree.is_inside(parent, node)
            {
                tree.nodes[node].parent = Some(parent);
            }
        }
        if boxes {
            tree.add_groups(diagram, components.len());
        }
        tree.add_flows(diagram);
        for node in 0..tree.nodes.len() {
            // Notes are placed after everything else (see `notes`), so they sit in no block.
            if matches!(tree.nodes[node].kind, NodeKind::Note(_)) {
                continue;
            }
            match tree.nodes[node].parent {
                Some(parent) => tree.nodes[parent].children.push(node),
                None => tree.roots.push(node),
            }
        }
        tree
    }

    /// Adds a node; `None` for a repeated id (an invalid diagram), which keeps the first.
    fn push(&mut self, id: Id, kind: NodeKind) -> Option<usize> {
        if self.by_id.contains_key(&id) {
            return None;
        }
        self.by_id.insert(id.clone(), self.nodes.len());
        self.nodes.push(Node { id, kind, parent: None, children: Vec::new() });
        Some(self.nodes.len() - 1)
    }

    /// Adds the groups that can be boxes, each inside the box or component it sits in, and moves their members
    /// into them.
    fn add_groups(&mut self, diagram: &Diagram, components: usize) {
        let parents: Vec<Option<usize>> = self.nodes.iter().take(components).map(|n| n.parent).collect();
        let by_id = |id: &Id| self.by_id.get(id).copied();
        let chosen = groups::choose(diagram, &parents, &by_id);
        let mut node_of: Vec<Option<usize>> = Vec::with_capacity(chosen.len());
        for group in &chosen {
            let node = self.push(group.id.clone(), NodeKind::Group(group.group));
            if let Some(node) = node {
                self.nodes[node].parent = group.outer.and_then(|k| node_of.get(k).copied().flatten()).or(group.parent);
            }
            node_of.push(node);
        }
        // Outer boxes come first, so each member ends in the innermost box holding it.
        for (group, node) in chosen.iter().zip(&node_of) {
            let Some(node) = *node else { continue };
            for &member in &group.members {
                self.nodes[member].parent = Some(node);
            }
        }
    }

    fn add_flows(&mut self, diagram: &Diagram) {
        let mut flows: Vec<usize> = (0..diagram.flows.len()).collect();
        crate::sorting::sort_by(&mut flows, |a, b| diagram.flows[*a].id.cmp(&diagram.flows[*b].id));
        for f in flows {
            let flow = &diagram.flows[f];
            if let (Some(&from), Some(&to)) = (self.by_id.get(&flow.from), self.by_id.get(&flow.to))
                && from != to
                && matches!(self.nodes[from].kind, NodeKind::Component(_))
                && matches!(self.nodes[to].kind, NodeKind::Component(_))
            {
                self.edges.push(Edge { from, to });
            }
        }
    }

    /// Whether `node` is `ancestor` or lies (at any depth) inside it, following parents set so far.
    pub fn is_inside(&self, node: usize, ancestor: usize) -> bool {
        let mut at = Some(node);
        let mut steps = 0;
        while let Some(n) = at {
            if n == ancestor {
                return true;
            }
            steps += 1;
            if steps > self.nodes.len() {
                return false;
            }
            at = self.nodes[n].parent;
        }
        false
    }

    /// `node` and its ancestors, innermost first.
    pub fn chain(&self, node: usize) -> Vec<usize> {
        let mut out = vec![node];
        let mut at = self.nodes[node].parent;
        while let Some(n) = at {
            if out.len() > self.nodes.len() {
                break;
            }
            out.push(n);
            at = self.nodes[n].parent;
        }
        out
    }

    /// Where an edge between `a` and `b` is laid out: the container both ends share (`None`: the top level) and the
    /// two nodes directly inside it that hold each end; `None` when one end holds the other.
    pub fn lift(&self, a: usize, b: usize) -> Option<(Option<usize>, usize, usize)> {
        let ca = self.chain(a);
        let cb = self.chain(b);
        // Walk down from the roots while the chains agree.
        let (mut i, mut j) = (ca.len(), cb.len());
        let mut common = None;
        while i > 0 && j > 0 && ca[i - 1] == cb[j - 1] {
            common = Some(ca[i - 1]);
            i -= 1;
            j -= 1;
        }
        if i == 0 || j == 0 {
            return None;
        }
        Some((common, ca[i - 1], cb[j - 1]))
    }
}
