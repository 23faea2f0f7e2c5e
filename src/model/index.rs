//! [`Model`]: a checked diagram with the indexes every analysis needs (id lookup, containment tree, the flow graph,
//! context and boundary membership, effective properties). Built once per edit; everything after trusts it.

use foldhash::{HashMap, HashMapExt as _};

use crate::model::catalog;
use crate::model::changes::ContentChange;
use crate::model::component::Component;
use crate::model::diagram::Diagram;
use crate::model::flow::{Flow, FlowAttrs, Pattern};
use crate::model::id::Id;
use crate::model::kind::{ComponentKind, Kinds};
use crate::model::problem::Problem;
use crate::model::props::Properties;
use crate::model::structure;

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
}

impl FlowIx {
    /// As a list index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What an id names. Ordered as the model lists them: by kind (in this order), then by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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
    /// Per component: the flows leaving it and those arriving at it, latest flow first.
    flows_at: [Adjacency; 2],
    parent: Vec<Option<ComponentIx>>,
    children: Vec<Vec<ComponentIx>>,
    depth: Vec<u32>,
    context: Vec<InContext>,
    boundaries: Vec<Vec<usize>>,
    effective: Vec<Properties>,
    role_users: Vec<Vec<ComponentIx>>,
    /// Per component: its kind and the role it runs as, compact, so the analysis's scans in flow or graph order
    /// read a few bytes per component instead of the whole component (and no id lookup for the role).
    kinds: Vec<ComponentKind>,
    roles: Vec<Option<ComponentIx>>,
    /// Per component: how callers from outside meet it ([`Entry`]), compact, for the checks of every flow (whose
    /// callees over a large estate are read at random: a whole component or its properties in effect for one byte
    /// was a cache miss per flow at 20,000 components).
    entries: Vec<Entry>,
    /// Per component: its name, compact (short names inline), for the analysis's findings, which quote names of
    /// components all over a large estate (at 20,000 components about a tenth less time than reading them out of
    /// the components).
    names: Vec<smol_str::SmolStr>,
    /// Per component: its id, compact, for the analysis's findings, which name components all over a large estate:
    /// a finding borrows the id from here ([`Model::component_id`], found again by [`Model::element_at`]) without
    /// reading the component.
    ids: Vec<Id>,
    /// Per flow: its id, compact, as `ids` (a finding about a flow borrows the flow's id from here,
    /// [`Model::flow_id`]).
    flow_ids: Vec<Id>,
    /// Per flow: its pattern and attributes, compact ([`FlowAttrs`]).
    attrs: Vec<FlowAttrs>,
    /// `(caller, callee)` of each flow, by flow index.
    ends: Vec<(ComponentIx, ComponentIx)>,
}

/// How a component meets its callers, what the checks of every flow and hop read of it: whether it is a public entry
/// point, whether it requires callers to authenticate, whether its ingress is restricted, its resource policy, whether
/// it validates its input and its data, as in effect ([`Model::public_entry`], [`Model::requires_authentication`],
/// [`Model::ingress_restricted`], [`Model::policy`], [`Model::validates_input`], [`Model::data`]).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    public_entry: bool,
    requires_authentication: Option<bool>,
    ingress_restricted: Option<bool>,
    policy: Option<crate::model::props::ResourcePolicy>,
    validates_input: Option<bool>,
    data: Option<crate::model::props::DataProfile>,
}

impl Entry {
    /// Of `component`, with `effective` its properties in effect: marked `public_entry`, or else a load balancer or
    /// API gateway (the property as written decides, not the kind's default).
    fn of(component: &Component, effective: &Properties) -> Self {
        use crate::model::ComponentKind as K;
        let public_entry =
            component.properties.public_entry.unwrap_or(matches!(component.kind, K::LoadBalancer | K::ApiGateway));
        Self {
            public_entry,
            requires_authentication: effective.requires_authentication,
            ingress_restricted: effective.ingress_restricted,
            policy: effective.policy,
            validates_input: effective.validates_input,
            data: effective.data.clone(),
        }
    }
}

/// The most components, and the most flows, a model holds: every position fits the `u32` of [`ComponentIx`] and
/// [`FlowIx`]. [`Model::new`] refuses more (a file within the size limit cannot hold that many), so the index
/// conversions below never truncate.
pub const MAX_ELEMENTS: usize = u32::MAX as usize;

fn ix(i: usize) -> ComponentIx {
    ComponentIx(i as u32)
}

/// Puts `item` in `list` (in id order) in place of the one with its id, or adds it at its place: those after it
/// move up by one position in the id index, where it is `element` of its position.
fn put_listed<T>(
    list: &mut Vec<T>,
    by_id: &mut HashMap<Id, Element>,
    item: T,
    id: fn(&T) -> &Id,
    element: fn(usize) -> Element,
) {
    match list.binary_search_by(|x| id(x).cmp(id(&item))) {
        Ok(i) => list[i] = item,
        Err(at) => {
            shift_listed(by_id, element(at), true);
            by_id.insert(id(&item).clone(), element(at));
            list.insert(at, item);
        }
    }
}

/// Moves every boundary, context, connection, note or manual threat (as `from` is) at `from`'s position or later in
/// the id index up or down by one.
fn shift_listed(by_id: &mut HashMap<Id, Element>, from: Element, up: bool) {
    use Element as E;
    for element in by_id.values_mut() {
        let i = match (element, from) {
            (E::Boundary(i), E::Boundary(at))
            | (E::Context(i), E::Context(at))
            | (E::Connection(i), E::Connection(at))
            | (E::Note(i), E::Note(at))
            | (E::Threat(i), E::Threat(at))
                if *i >= at =>
            {
                i
            }
            _ => continue,
        };
        if up { *i += 1 } else { *i -= 1 }
    }
}

/// A component's bounded context, by position (`u32::MAX`: none), in four bytes: rules and risk totals look the
/// contexts of components up all over a large estate, and a compact list stays in the cache longer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct InContext(u32);

impl InContext {
    fn of(context: Option<usize>) -> Self {
        Self(context.and_then(|i| u32::try_from(i).ok()).filter(|&i| i != u32::MAX).unwrap_or(u32::MAX))
    }

    fn get(self) -> Option<usize> {
        (self.0 != u32::MAX).then_some(self.0 as usize)
    }
}

/// Turns a reference to a component into its position (given the reference's path, for a problem).
type Resolve<'a> = dyn FnMut(&Id, &dyn Fn() -> String) -> Option<ComponentIx> + 'a;

/// Each component's direct bounded context and direct boundaries, by position in the diagram's lists, with
/// `resolve` turning a member id into its position (given the member's path for a problem).
fn memberships(diagram: &Diagram, resolve: &mut Resolve<'_>) -> (Vec<Option<usize>>, Vec<Vec<usize>>) {
    let n = diagram.components.len();
    let mut context: Vec<Option<usize>> = vec![None; n];
    for (i, ctx) in diagram.contexts.iter().enumerate() {
        for (j, member) in ctx.members.iter().enumerate() {
            if let Some(c) = resolve(member, &|| format!("$.contexts[{i}].members[{j}]")) {
                context[c.index()] = Some(i);
            }
        }
    }
    // Direct boundary memberships only: inheriting them into every descendant would be quadratic when many
    // boundaries surround one large container; `boundaries()` walks up instead.
    let mut boundaries: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, boundary) in diagram.boundaries.iter().enumerate() {
        for (j, member) in boundary.members.iter().enumerate() {
            if let Some(c) = resolve(member, &|| format!("$.boundaries[{i}].members[{j}]")) {
                boundaries[c.index()].push(i);
            }
        }
    }
    (context, boundaries)
}

/// Per component, the flows at one of its ends (leaving it, or arriving at it) with the component at the other end,
/// latest flow first, in one list: a component's flows lie side by side, so a pass over the components reads them in
/// a row.
#[derive(Clone, Debug, Default, PartialEq)]
struct Adjacency {
    /// Where each component's flows start in `list`; one more entry than components.
    start: Vec<u32>,
    list: Vec<(FlowIx, ComponentIx)>,
}

impl Adjacency {
    /// The flows leaving and the flows arriving at each of `n` components, from the flows' ends (`ends[i]`: flow
    /// `i`'s caller and callee).
    fn both(n: usize, ends: &[(ComponentIx, ComponentIx)]) -> [Self; 2] {
        [Self::of_ends(n, ends, |&(from, to)| (from, to)), Self::of_ends(n, ends, |&(from, to)| (to, from))]
    }

    /// Counted into place by `at` (the component a flow is listed at, and the one at its other end).
    fn of_ends(
        n: usize,
        ends: &[(ComponentIx, ComponentIx)],
        at: impl Fn(&(ComponentIx, ComponentIx)) -> (ComponentIx, ComponentIx),
    ) -> Self {
        // Latest first (the order the editor and the reports have always listed a component's flows in).
        let flows = (0..ends.len()).rev().map(|i| (flow_ix(i), at(&ends[i]).1));
        let (start, list) =
            crate::sorting::counting_sort_starts(n, ends.len(), flows, |&(f, _)| at(&ends[f.index()]).0.0);
        Self { start, list }
    }

    /// The flows listed at `c`.
    fn of(&self, c: ComponentIx) -> &[(FlowIx, ComponentIx)] {
        let i = c.index();
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&from), Some(&to)) => self.list.get(from as usize..to as usize).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// Calls `visit(parent, child)` for every pair of the containment tree, a parent before its children (a pre-order
/// walk from the top-level components).
fn down_the_tree(parent: &[Option<ComponentIx>], children: &[Vec<ComponentIx>], mut visit: impl FnMut(usize, usize)) {
    let mut stack: Vec<ComponentIx> = (0..parent.len()).map(ix).filter(|c| parent[c.index()].is_none()).collect();
    stack.reverse();
    while let Some(at) = stack.pop() {
        for &child in children[at.index()].iter().rev() {
            visit(at.index(), child.index());
            stack.push(child);
        }
    }
}

fn flow_ix(i: usize) -> FlowIx {
    FlowIx(i as u32)
}

/// The position in `list` of the item whose field at byte `offset` (its id) lives at `address`, if any. Only
/// addresses are compared: nothing is read.
fn position_at<T>(list: &[T], address: usize, offset: usize) -> Option<usize> {
    let size = size_of::<T>().max(1);
    // Below the list's first id the difference wraps around to past its end.
    let from = address.wrapping_sub(list.as_ptr().addr()).wrapping_sub(offset);
    let i = from / size;
    (i < list.len() && from.is_multiple_of(size)).then_some(i)
}

impl Model {
    /// Checks `diagram` and indexes it; on failure, every problem, with paths by position in the given lists.
    pub fn new(mut diagram: Diagram) -> Result<Self, Vec<Problem>> {
        let problems = crate::model::problems(&diagram);
        if !problems.is_empty() {
            return Err(problems);
        }
        diagram.normalize();
        Self::index(diagram)
    }

    /// [`Model::new`] of a diagram its caller just checked and found sound (the editor's document checks every
    /// edit), without checking it again. The index still refuses an unresolved reference.
    pub(crate) fn of_sound(mut diagram: Diagram) -> Result<Self, Vec<Problem>> {
        if u32::try_from(diagram.components.len()).is_err() || u32::try_from(diagram.flows.len()).is_err() {
            return Self::new(diagram);
        }
        diagram.normalize();
        Self::index(diagram)
    }

    /// Replaces the component at `c` by `component`, which differs from it only in name, description and
    /// properties (the caller checks that and the new properties): nothing indexed changes, so nothing is rebuilt.
    /// Returns what changed.
    pub(crate) fn set_component_content(&mut self, c: ComponentIx, mut component: Component) -> ContentChange {
        component.normalize();
        let mut effective = component.properties.or(&(catalog::info(component.kind).defaults)());
        if effective.requires_authentication.is_none() && authorized_by_user_pool(&self.diagram, &component.id) {
            effective.requires_authentication = Some(true);
        }
        let old = &self.diagram.components[c.index()];
        // A rule may read a property as written (`public_entry`) or as in effect: a key counts as changed when
        // either differs.
        let change = ContentChange {
            name: old.name != component.name,
            description: old.description != component.description,
            keys: old
                .properties
                .differing(&component.properties)
                .union(self.effective[c.index()].differing(&effective)),
        };
        self.entries[c.index()] = Entry::of(&component, &effective);
        self.effective[c.index()] = effective;
        if change.name {
            self.names[c.index()] = smol_str::SmolStr::new(&component.name);
        }
        self.diagram.components[c.index()] = component;
        change
    }

    /// Gives the component at `c` the links of `component` (checked by the caller), which names the same subnets; the
    /// role index follows (for a Cognito user pool, the caller finds the properties in effect of what it protected
    /// and protects again: [`Model::refresh_effective`]). Returns the links that changed; the content is left for
    /// [`Model::set_component_content`].
    pub(crate) fn set_links(&mut self, c: ComponentIx, component: &Component) -> catalog::Links {
        let old = &mut self.diagram.components[c.index()];
        let changed = old.links_differing(component);
        let new = |list: &Vec<Id>| {
            let mut list = list.clone();
            crate::sorting::sort(&mut list);
            list.dedup();
            list
        };
        old.role.clone_from(&component.role);
        old.execution_role.clone_from(&component.execution_role);
        old.protects = new(&component.protects);
        old.covers = new(&component.covers);
        old.credentials_for = new(&component.credentials_for);
        old.images = new(&component.images);
        if changed.role {
            if let Some(was) = self.roles[c.index()] {
                self.role_users[was.index()].retain(|&user| user != c);
            }
            let role = component.role.as_ref().and_then(|r| match self.by_id.get(r) {
                Some(&Element::Component(r)) => Some(r),
                _ => None,
            });
            if let Some(role) = role {
                let users = &mut self.role_users[role.index()];
                let k = users.partition_point(|&u| u < c);
                users.insert(k, c);
            }
            self.roles[c.index()] = role;
        }
        changed
    }

    /// Finds the properties in effect of the component at `c` again (after a Cognito user pool began or stopped
    /// authorizing it); returns the keys whose value in effect changed.
    pub(crate) fn refresh_effective(&mut self, c: ComponentIx) -> crate::model::props::KeySet {
        let component = &self.diagram.components[c.index()];
        let mut effective = component.properties.or(&(catalog::info(component.kind).defaults)());
        if effective.requires_authentication.is_none() && authorized_by_user_pool(&self.diagram, &component.id) {
            effective.requires_authentication = Some(true);
        }
        let keys = self.effective[c.index()].differing(&effective);
        self.entries[c.index()] = Entry::of(component, &effective);
        self.effective[c.index()] = effective;
        keys
    }

    /// Replaces the flow at `f` by `flow`, which differs from it only in its attributes
    /// ([`crate::model::flow::Flow::same_structure`]): nothing indexed changes. Returns the attributes that changed.
    pub(crate) fn set_flow_content(&mut self, f: FlowIx, flow: Flow) -> crate::model::flow::FlowFields {
        let old = &mut self.diagram.flows[f.index()];
        let changed = old.differing(&flow);
        self.attrs[f.index()] = flow.attrs();
        *old = flow;
        changed
    }

    /// Adds `flow` from `ends.0` to `ends.1`, which the caller checked ([`crate::model::validate::flow_problems`]
    /// found nothing, and its id is free), at its place in id order: the flows after it move up by one position.
    /// Returns its position.
    pub(crate) fn insert_flow(&mut self, flow: Flow, ends: (ComponentIx, ComponentIx)) -> FlowIx {
        let at = self.diagram.flows.partition_point(|g| g.id < flow.id);
        self.shift_flows(at, |f| f + 1);
        self.by_id.insert(flow.id.clone(), Element::Flow(flow_ix(at)));
        self.ends.insert(at, ends);
        self.attrs.insert(at, flow.attrs());
        self.flow_ids.insert(at, flow.id.clone());
        self.diagram.flows.insert(at, flow);
        self.regraph();
        flow_ix(at)
    }

    /// Removes the flow at `f` (the caller checked that nothing refers to it): the flows after it move down by one
    /// position. Returns it.
    pub(crate) fn remove_flow(&mut self, f: FlowIx) -> Flow {
        let flow = self.diagram.flows.remove(f.index());
        self.ends.remove(f.index());
        self.attrs.remove(f.index());
        self.flow_ids.remove(f.index());
        self.by_id.remove(&flow.id);
        self.shift_flows(f.index(), |g| g - 1);
        self.regraph();
        flow
    }

    /// Replaces the flow at `f` by `flow` (the same id) from `ends.0` to `ends.1`, which the caller checked: it may
    /// connect other components, or in another pattern.
    pub(crate) fn replace_flow(&mut self, f: FlowIx, flow: Flow, ends: (ComponentIx, ComponentIx)) {
        self.ends[f.index()] = ends;
        self.attrs[f.index()] = flow.attrs();
        self.diagram.flows[f.index()] = flow;
        self.regraph();
    }

    /// Adds `component` (checked by the caller: a free id, a legal place under `parent`, no links to other elements) at
    /// its place in id order: the components after it move up by one position, everywhere they are indexed. Nothing
    /// refers to it yet, so it has no flows, members or users; it takes its parent's context. Returns its position.
    pub(crate) fn insert_component(&mut self, mut component: Component, parent: Option<ComponentIx>) -> ComponentIx {
        component.normalize();
        let at = self.diagram.components.partition_point(|c| c.id < component.id);
        // Its depth and context from its parent's, read before any position moves.
        let depth = parent.map_or(0, |p| self.depth[p.index()] + 1);
        let context = parent.and_then(|p| self.context[p.index()].get());
        self.shift_components(at, |c| c + 1);
        let parent = parent.map(|p| if p.index() >= at { ix(p.index() + 1) } else { p });
        self.by_id.insert(component.id.clone(), Element::Component(ix(at)));
        self.parent.insert(at, parent);
        self.children.insert(at, Vec::new());
        self.depth.insert(at, depth);
        self.context.insert(at, InContext::of(context));
        self.boundaries.insert(at, Vec::new());
        let effective = component.properties.or(&(catalog::info(component.kind).defaults)());
        self.entries.insert(at, Entry::of(&component, &effective));
        self.effective.insert(at, effective);
        self.role_users.insert(at, Vec::new());
        self.kinds.insert(at, component.kind);
        self.roles.insert(at, None);
        self.names.insert(at, smol_str::SmolStr::new(&component.name));
        self.ids.insert(at, component.id.clone());
        if let Some(p) = parent {
            let siblings = &mut self.children[p.index()];
            let k = siblings.partition_point(|c| c.index() < at);
            siblings.insert(k, ix(at));
        }
        self.diagram.components.insert(at, component);
        self.regraph();
        ix(at)
    }

    /// Removes the component at `c`, which has no children, no flows, no links of its own (they index other
    /// components) and nothing that refers to it (the caller checked): the components after it move down by one
    /// position. Returns it.
    pub(crate) fn remove_component(&mut self, c: ComponentIx) -> Component {
        let at = c.index();
        let component = self.diagram.components.remove(at);
        self.by_id.remove(&component.id);
        if let Some(p) = self.parent[at] {
            self.children[p.index()].retain(|&child| child != c);
        }
        self.parent.remove(at);
        self.children.remove(at);
        self.depth.remove(at);
        self.context.remove(at);
        self.boundaries.remove(at);
        self.effective.remove(at);
        self.entries.remove(at);
        self.role_users.remove(at);
        self.kinds.remove(at);
        self.roles.remove(at);
        self.names.remove(at);
        self.ids.remove(at);
        self.shift_components(at, |c| c - 1);
        self.regraph();
        component
    }

    /// Moves the component at `c` (with everything inside it) under `parent` (or to the top level): `component` is
    /// it with only its parent changed, which the caller checked. No position moves; depths and inherited contexts
    /// are found again.
    pub(crate) fn reparent(&mut self, c: ComponentIx, parent: Option<ComponentIx>, mut component: Component) {
        component.normalize();
        if let Some(old) = self.parent[c.index()] {
            self.children[old.index()].retain(|&child| child != c);
        }
        if let Some(p) = parent {
            let siblings = &mut self.children[p.index()];
            let k = siblings.partition_point(|&s| s < c);
            siblings.insert(k, c);
        }
        self.parent[c.index()] = parent;
        self.depth[c.index()] = parent.map_or(0, |p| self.depth[p.index()] + 1);
        let mut stack = vec![c];
        while let Some(at) = stack.pop() {
            let below = self.depth[at.index()] + 1;
            for &child in &self.children[at.index()] {
                self.depth[child.index()] = below;
                stack.push(child);
            }
        }
        self.diagram.components[c.index()] = component;
        self.remember_memberships();
    }

    /// The components inside the one at `c`, at any depth, and how many levels deep they go below it.
    pub(crate) fn descendants(&self, c: ComponentIx) -> (Vec<ComponentIx>, u32) {
        let (mut all, mut stack, mut height) = (Vec::new(), vec![c], 0);
        while let Some(at) = stack.pop() {
            height = height.max(self.depth[at.index()] - self.depth[c.index()]);
            for &child in &self.children[at.index()] {
                all.push(child);
                stack.push(child);
            }
        }
        (all, height)
    }

    /// Moves every component position at `from` or later by `by`, wherever the model holds one (after a component
    /// was added or removed).
    fn shift_components(&mut self, from: usize, by: impl Fn(usize) -> usize) {
        let moved = |c: &mut ComponentIx| {
            if c.index() >= from {
                *c = ix(by(c.index()));
            }
        };
        for element in self.by_id.values_mut() {
            if let Element::Component(c) = element {
                moved(c);
            }
        }
        self.parent.iter_mut().flatten().for_each(moved);
        self.roles.iter_mut().flatten().for_each(moved);
        self.children.iter_mut().chain(self.role_users.iter_mut()).flatten().for_each(moved);
        for (from, to) in &mut self.ends {
            moved(from);
            moved(to);
        }
    }

    /// How `self` and `other` index differently, if they do (for tests: a model patched in place must index as one
    /// built afresh from its diagram does).
    #[cfg(test)]
    pub(crate) fn index_differences(&self, other: &Self) -> Vec<&'static str> {
        let by_id = |m: &Self| {
            let mut all: Vec<(Id, Element)> = m.by_id.iter().map(|(id, e)| (id.clone(), *e)).collect();
            all.sort_by(|a, b| a.0.cmp(&b.0));
            all
        };
        let ids = |m: &Self| m.diagram.components.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        [
            ("components", ids(self) == ids(other)),
            ("by_id", by_id(self) == by_id(other)),
            ("flows_at", self.flows_at == other.flows_at),
            ("parent", self.parent == other.parent),
            ("children", self.children == other.children),
            ("depth", self.depth == other.depth),
            ("context", self.context == other.context),
            ("boundaries", self.boundaries == other.boundaries),
            ("effective", self.effective == other.effective),
            ("entries", self.entries == other.entries),
            ("role_users", self.role_users == other.role_users),
            ("kinds", self.kinds == other.kinds),
            ("roles", self.roles == other.roles),
            ("names", self.names == other.names),
            ("ids", self.ids == other.ids),
            ("attrs", self.attrs == other.attrs),
            ("flow_ids", self.flow_ids == other.flow_ids),
            ("ends", self.ends == other.ends),
        ]
        .into_iter()
        .filter(|&(_, same)| !same)
        .map(|(what, _)| what)
        .collect()
    }

    /// Puts `note` (checked by the caller) in place of the note with its id, or adds it at its place in id order (the
    /// notes after it move up by one position). Analysis never reads notes.
    pub(crate) fn put_note(&mut self, note: crate::model::note::Note) {
        put_listed(&mut self.diagram.notes, &mut self.by_id, note, |n| &n.id, Element::Note);
    }

    /// Puts `threat` (checked by the caller) in place of the manual threat with its id, or adds it at its place in
    /// id order (the threats after it move up by one position).
    pub(crate) fn put_threat(&mut self, mut threat: crate::model::threat::Threat) {
        threat.normalize();
        put_listed(&mut self.diagram.threats, &mut self.by_id, threat, |t| &t.id, Element::Threat);
    }

    /// Puts `boundary` (checked by the caller) in place of the one with its id, or adds it at its place in id order,
    /// and finds the components' memberships again.
    pub(crate) fn put_boundary(&mut self, mut boundary: crate::model::group::Boundary) {
        boundary.normalize();
        put_listed(&mut self.diagram.boundaries, &mut self.by_id, boundary, |b| &b.id, Element::Boundary);
        self.remember_memberships();
    }

    /// Puts `context` (checked by the caller) in place of the one with its id, or adds it at its place in id order,
    /// and finds the components' memberships again.
    pub(crate) fn put_context(&mut self, mut context: crate::model::group::Context) {
        context.normalize();
        put_listed(&mut self.diagram.contexts, &mut self.by_id, context, |c| &c.id, Element::Context);
        self.remember_memberships();
    }

    /// Puts `connection` (checked by the caller) in place of the one with its id, or adds it at its place in id order.
    pub(crate) fn put_connection(&mut self, connection: crate::model::connection::Connection) {
        put_listed(&mut self.diagram.connections, &mut self.by_id, connection, |c| &c.id, Element::Connection);
    }

    /// Removes the boundary, context, connection, note or manual threat `id` (the caller checked that nothing refers
    /// to it): those after it in its list move down by one position. False when `id` is none of these.
    pub(crate) fn remove_listed(&mut self, id: &Id) -> bool {
        let Some(&at) = self.by_id.get(id) else { return false };
        let d = &mut self.diagram;
        match at {
            Element::Boundary(i) => drop(d.boundaries.remove(i)),
            Element::Context(i) => drop(d.contexts.remove(i)),
            Element::Connection(i) => drop(d.connections.remove(i)),
            Element::Note(i) => drop(d.notes.remove(i)),
            Element::Threat(i) => drop(d.threats.remove(i)),
            Element::Component(_) | Element::Flow(_) => return false,
        }
        self.by_id.remove(id);
        shift_listed(&mut self.by_id, at, false);
        if matches!(at, Element::Boundary(_) | Element::Context(_)) {
            self.remember_memberships();
        }
        true
    }

    /// Every component's bounded context, and the contexts, to compare with after contexts changed
    /// ([`Model::context_changes`]).
    pub(crate) fn context_snapshot(&self) -> (Vec<Option<usize>>, Vec<crate::model::group::Context>) {
        (self.context.iter().map(|c| c.get()).collect(), self.diagram.contexts.clone())
    }

    /// The components whose bounded context is another than in `before` ([`Model::context_snapshot`] of this model
    /// before contexts changed), or a context that changed in any way (its name, say).
    pub(crate) fn context_changes(
        &self,
        (of, contexts): &(Vec<Option<usize>>, Vec<crate::model::group::Context>),
    ) -> Vec<ComponentIx> {
        let then = |c: usize| of.get(c).copied().flatten().and_then(|i| contexts.get(i));
        let now = |c: usize| self.context[c].get().and_then(|i| self.diagram.contexts.get(i));
        (0..self.context.len()).filter(|&c| then(c) != now(c)).map(ix).collect()
    }

    /// Finds every component's bounded context (direct or inherited) and direct boundaries again, as [`Model::index`]
    /// does, after boundaries or contexts changed.
    fn remember_memberships(&mut self) {
        let by_id = &self.by_id;
        let (mut context, boundaries) = memberships(&self.diagram, &mut |id, _| match by_id.get(id) {
            Some(&Element::Component(c)) => Some(c),
            _ => None,
        });
        down_the_tree(&self.parent, &self.children, |p, c| {
            if context[c].is_none() {
                context[c] = context[p];
            }
        });
        self.context = context.into_iter().map(InContext::of).collect();
        self.boundaries = boundaries;
    }

    /// Replaces the settings by `settings` (checked by the caller); returns the old ones. No index depends on them.
    pub(crate) fn set_settings(
        &mut self,
        settings: crate::model::settings::Settings,
    ) -> crate::model::settings::Settings {
        std::mem::replace(&mut self.diagram.settings, settings)
    }

    /// Moves every flow at position `from` or later in the id index by `by` (after a flow was added or removed).
    fn shift_flows(&mut self, from: usize, by: impl Fn(u32) -> u32) {
        for element in self.by_id.values_mut() {
            if let Element::Flow(f) = element
                && f.index() >= from
            {
                f.0 = by(f.0);
            }
        }
    }

    /// Rebuilds the flows' adjacency from their ends, as [`Model::index`] builds it.
    fn regraph(&mut self) {
        self.flows_at = Adjacency::both(self.kinds.len(), &self.ends);
    }

    /// Sets (or with `None` clears) the triage of the finding `id`, whose syntax the caller checked (no index
    /// depends on triage).
    pub(crate) fn set_triage(&mut self, id: &str, triage: Option<crate::model::triage::Triage>) {
        match triage {
            Some(triage) => {
                self.diagram.triage.insert(id.to_owned(), triage);
            }
            None => {
                self.diagram.triage.remove(id);
            }
        }
    }

    /// The layout, for layout edits (no index depends on it).
    pub(crate) fn layout_mut(&mut self) -> &mut crate::model::layout::Layout {
        &mut self.diagram.layout
    }

    /// Builds the indexes of a diagram that passed the checks ([`crate::model::problems`]) and was normalised. Every
    /// reference resolves then; one that did not would be a gap between the checks and this index, reported as a
    /// problem rather than left out of the index.
    fn index(diagram: Diagram) -> Result<Self, Vec<Problem>> {
        let n = diagram.components.len();
        let mut by_id = HashMap::with_capacity(n + diagram.flows.len());
        for (i, c) in diagram.components.iter().enumerate() {
            by_id.insert(c.id.clone(), Element::Component(ix(i)));
        }
        for (i, f) in diagram.flows.iter().enumerate() {
            by_id.insert(f.id.clone(), Element::Flow(flow_ix(i)));
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
        let mut unresolved = Vec::new();
        let mut component_ix = |id: &Id, path: &dyn Fn() -> String| match by_id.get(id) {
            Some(Element::Component(c)) => Some(*c),
            _ => {
                unresolved.push(Problem::new(path(), format!("\"{id}\" passed the checks but names no component")));
                None
            }
        };

        let mut parent: Vec<Option<ComponentIx>> = Vec::with_capacity(n);
        for (i, c) in diagram.components.iter().enumerate() {
            parent.push(c.parent.as_ref().and_then(|p| component_ix(p, &|| format!("$.components[{i}].parent"))));
        }
        let mut children = vec![Vec::new(); n];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[p.index()].push(ix(i));
            }
        }

        let mut ends = Vec::with_capacity(diagram.flows.len());
        for (i, flow) in diagram.flows.iter().enumerate() {
            let from = component_ix(&flow.from, &|| format!("$.flows[{i}].from"));
            let to = component_ix(&flow.to, &|| format!("$.flows[{i}].to"));
            if let (Some(from), Some(to)) = (from, to) {
                ends.push((from, to));
            }
        }
        // Only read when every flow resolved (else the index is refused below): end `i` is flow `i`.
        let flows_at = Adjacency::both(n, &ends);

        let (mut context, boundaries) = memberships(&diagram, &mut |id, path| component_ix(id, path));
        let mut depth = vec![0u32; n];
        down_the_tree(&parent, &children, |p, c| {
            depth[c] = depth[p] + 1;
            if context[c].is_none() {
                context[c] = context[p];
            }
        });

        let effective = effective_properties(&diagram, &by_id);
        let mut role_users = vec![Vec::new(); n];
        let mut roles = vec![None; n];
        for (i, c) in diagram.components.iter().enumerate() {
            if let Some(role) = c.role.as_ref().and_then(|r| component_ix(r, &|| format!("$.components[{i}].role"))) {
                role_users[role.index()].push(ix(i));
                roles[i] = Some(role);
            }
        }
        let kinds = diagram.components.iter().map(|c| c.kind).collect();
        let entries = diagram.components.iter().zip(&effective).map(|(c, e)| Entry::of(c, e)).collect();
        let names = diagram.components.iter().map(|c| smol_str::SmolStr::new(&c.name)).collect();
        let ids = diagram.components.iter().map(|c| c.id.clone()).collect();
        let attrs = diagram.flows.iter().map(Flow::attrs).collect();
        let flow_ids = diagram.flows.iter().map(|f| f.id.clone()).collect();
        if !unresolved.is_empty() {
            return Err(unresolved);
        }
        Ok(Self {
            diagram,
            by_id,
            flows_at,
            parent,
            children,
            depth,
            context: context.into_iter().map(InContext::of).collect(),
            boundaries,
            effective,
            role_users,
            kinds,
            roles,
            entries,
            names,
            ids,
            attrs,
            flow_ids,
            ends,
        })
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
        structure::note_components();
        &self.diagram.components
    }

    /// All components, without noting the read ([`structure`]): for finding where a component reference points.
    pub(crate) fn component_slice(&self) -> &[Component] {
        &self.diagram.components
    }

    /// All flows, in id order.
    pub fn flows(&self) -> &[Flow] {
        structure::note();
        &self.diagram.flows
    }

    /// Every flow with its index.
    pub fn flows_indexed(&self) -> impl ExactSizeIterator<Item = (FlowIx, &Flow)> + '_ {
        structure::note();
        self.diagram.flows.iter().enumerate().map(|(i, f)| (flow_ix(i), f))
    }

    /// Every flow's index with its pattern and attributes ([`FlowAttrs`]): for passes over every flow that read
    /// neither ids nor labels.
    pub fn flows_attrs(&self) -> impl ExactSizeIterator<Item = (FlowIx, FlowAttrs)> + '_ {
        structure::note();
        self.attrs.iter().enumerate().map(|(i, &a)| (flow_ix(i), a))
    }

    /// Every component index.
    pub fn component_ixs(&self) -> impl ExactSizeIterator<Item = ComponentIx> + use<> {
        structure::note_components();
        (0..self.diagram.components.len()).map(ix)
    }

    /// The components of `kinds`, in id order: noted as a read of those kinds only ([`structure::Among`]).
    pub fn components_of(&self, kinds: Kinds) -> impl Iterator<Item = ComponentIx> + '_ {
        structure::note_among(structure::Among { kinds, ..structure::Among::NONE });
        (0..self.diagram.components.len()).map(ix).filter(move |&c| kinds.contains(self.kind(c)))
    }

    /// The components of `kinds` that sit inside another component, in id order: noted as a read of those only
    /// ([`structure::Among`]), with where each component of `kinds` sits.
    pub fn nested_components_of(&self, kinds: Kinds) -> impl Iterator<Item = ComponentIx> + '_ {
        structure::note_among(structure::Among { nested: kinds, ..structure::Among::NONE });
        (0..self.diagram.components.len())
            .map(ix)
            .filter(move |&c| kinds.contains(self.kind(c)) && self.parent(c).is_some())
    }

    /// The components that name images, in id order: noted as a read of those only ([`structure::Among`]).
    pub fn naming_images(&self) -> impl Iterator<Item = ComponentIx> + '_ {
        structure::note_among(structure::Among { images: true, ..structure::Among::NONE });
        (0..self.diagram.components.len())
            .map(ix)
            .filter(move |&c| !self.diagram.components[c.index()].images.is_empty())
    }

    /// Every component index, noted as a read of the components that carry data only ([`structure::Among`]): for
    /// `crate::analysis::data::carriers`, which reads every component's data (noted there).
    pub(crate) fn component_ixs_for_data(&self) -> impl ExactSizeIterator<Item = ComponentIx> + use<> {
        structure::note_among(structure::Among { data: true, ..structure::Among::NONE });
        (0..self.diagram.components.len()).map(ix)
    }

    /// What `id` names.
    pub fn element(&self, id: &str) -> Option<Element> {
        self.noted(self.by_id.get(id).copied())
    }

    /// What the id at `address` names when that id is this model's own: the `id` of one of its components, flows,
    /// bounded contexts or boundaries, borrowed from the diagram's list. The element is told by where the id lives,
    /// without hashing its text or reading it: ids borrowed from the model (as the rules' findings name their
    /// elements) are found without the cache misses of the id table. `None` for an id kept anywhere else (a copy).
    pub fn element_at(&self, address: usize) -> Option<Element> {
        let d = &self.diagram;
        let element = position_at(&self.ids, address, 0)
            .or_else(|| position_at(&d.components, address, std::mem::offset_of!(Component, id)))
            .map(|i| Element::Component(ix(i)))
            .or_else(|| {
                position_at(&self.flow_ids, address, 0)
                    .or_else(|| position_at(&d.flows, address, std::mem::offset_of!(Flow, id)))
                    .map(|i| Element::Flow(flow_ix(i)))
            })
            .or_else(|| {
                position_at(&d.contexts, address, std::mem::offset_of!(crate::model::group::Context, id))
                    .map(Element::Context)
            })
            .or_else(|| {
                position_at(&d.boundaries, address, std::mem::offset_of!(crate::model::group::Boundary, id))
                    .map(Element::Boundary)
            })?;
        self.noted(Some(element))
    }

    /// `element`, its lookup noted as [`Model::element`] notes it.
    fn noted(&self, element: Option<Element>) -> Option<Element> {
        match element {
            Some(Element::Flow(f)) => structure::note_flow(f.0, || self.end_positions(f)),
            // An id a new flow or component may take.
            None => {
                structure::note();
                structure::note_components();
            }
            // A component that may be removed.
            Some(Element::Component(_)) => structure::note_components(),
            Some(_) => {}
        }
        element
    }

    /// The component `id` names.
    pub fn component_ix(&self, id: &str) -> Option<ComponentIx> {
        match self.element(id) {
            Some(Element::Component(c)) => Some(c),
            _ => None,
        }
    }

    // Component and flow indexes come from this model (its lists, its graph), so they are in range: the getters
    // index directly. An index from another model is a bug that fails loudly rather than reading a default.

    /// One component.
    pub fn component(&self, c: ComponentIx) -> &Component {
        &self.diagram.components[c.index()]
    }

    /// One flow.
    #[inline]
    pub fn flow(&self, f: FlowIx) -> &Flow {
        structure::note_flow(f.0, || self.end_positions(f));
        &self.diagram.flows[f.index()]
    }

    /// The id of a component, from a compact list: the same id as `component(c).id`, without reading the component.
    pub fn component_id(&self, c: ComponentIx) -> &Id {
        &self.ids[c.index()]
    }

    /// The id of a flow, from a compact list: the same id as `flow(f).id`, without reading the flow.
    pub fn flow_id(&self, f: FlowIx) -> &Id {
        structure::note_flow(f.0, || self.end_positions(f));
        &self.flow_ids[f.index()]
    }

    /// The name of a component.
    pub fn name(&self, c: ComponentIx) -> &str {
        &self.names[c.index()]
    }

    /// The kind of a component.
    pub fn kind(&self, c: ComponentIx) -> ComponentKind {
        self.kinds[c.index()]
    }

    /// Whether a component is an intended public entry point for callers from outside: marked `public_entry: true`,
    /// or a load balancer or API gateway that the diagram does not mark `public_entry: false`.
    pub fn public_entry(&self, c: ComponentIx) -> bool {
        self.entries[c.index()].public_entry
    }

    /// Whether a component requires callers to authenticate, as in effect ([`Model::props`]).
    pub fn requires_authentication(&self, c: ComponentIx) -> Option<bool> {
        self.entries[c.index()].requires_authentication
    }

    /// Whether a component admits only named sources, as in effect ([`Model::props`]).
    pub fn ingress_restricted(&self, c: ComponentIx) -> Option<bool> {
        self.entries[c.index()].ingress_restricted
    }

    /// A component's resource policy, as in effect ([`Model::props`]).
    pub fn policy(&self, c: ComponentIx) -> Option<crate::model::props::ResourcePolicy> {
        self.entries[c.index()].policy
    }

    /// Whether a component validates its input, as in effect ([`Model::props`]).
    pub fn validates_input(&self, c: ComponentIx) -> Option<bool> {
        self.entries[c.index()].validates_input
    }

    /// A component's data profile, as in effect ([`Model::props`]); the analysis reads it through
    /// [`crate::analysis::data::profile`], which notes the read.
    pub fn data(&self, c: ComponentIx) -> Option<&crate::model::props::DataProfile> {
        self.entries[c.index()].data.as_ref()
    }

    /// Properties with the catalog's defaults filled in.
    pub fn props(&self, c: ComponentIx) -> &Properties {
        &self.effective[c.index()]
    }

    /// The component it sits directly inside.
    #[inline]
    pub fn parent(&self, c: ComponentIx) -> Option<ComponentIx> {
        structure::note_place(c.0);
        self.parent[c.index()]
    }

    /// The components sitting directly inside it, in id order.
    pub fn children(&self, c: ComponentIx) -> &[ComponentIx] {
        structure::note_children(c.0);
        &self.children[c.index()]
    }

    /// How many containers it sits in.
    #[inline]
    pub fn depth(&self, c: ComponentIx) -> u32 {
        structure::note_place(c.0);
        self.depth[c.index()]
    }

    /// Its containers, innermost first (where it sits: where they sit is part of it).
    pub fn ancestors(&self, c: ComponentIx) -> impl Iterator<Item = ComponentIx> + '_ {
        std::iter::successors(self.parent(c), move |&p| self.parent[p.index()])
    }

    /// The innermost container (or itself) of the given kind.
    pub fn enclosing(&self, c: ComponentIx, kind: ComponentKind) -> Option<ComponentIx> {
        std::iter::once(c).chain(self.ancestors(c)).find(|&a| self.kind(a) == kind)
    }

    /// Its bounded context (its own, or else its nearest container's), by position in `diagram().contexts`.
    #[inline]
    pub fn context(&self, c: ComponentIx) -> Option<usize> {
        structure::note_context(c.0);
        self.context[c.index()].get()
    }

    /// The explicit boundaries that list it as a member, by position.
    pub fn direct_boundaries(&self, c: ComponentIx) -> &[usize] {
        &self.boundaries[c.index()]
    }

    /// The explicit boundaries it is inside (directly or through a container), by position, sorted.
    pub fn boundaries(&self, c: ComponentIx) -> Vec<usize> {
        let mut all: Vec<usize> =
            std::iter::once(c).chain(self.ancestors(c)).flat_map(|a| &self.boundaries[a.index()]).copied().collect();
        crate::sorting::sort(&mut all);
        all.dedup();
        all
    }

    /// Flows leaving a component: `(flow, callee)`, the latest flow first.
    pub fn outgoing(&self, c: ComponentIx) -> impl Iterator<Item = (FlowIx, ComponentIx)> + '_ {
        structure::note_component(c.0);
        self.flows_at[0].of(c).iter().copied()
    }

    /// Flows arriving at a component: `(flow, caller)`, the latest flow first.
    pub fn incoming(&self, c: ComponentIx) -> impl Iterator<Item = (FlowIx, ComponentIx)> + '_ {
        structure::note_component(c.0);
        self.flows_at[1].of(c).iter().copied()
    }

    /// The ends of a flow: `(caller, callee)`.
    #[inline]
    pub fn flow_ends(&self, f: FlowIx) -> (ComponentIx, ComponentIx) {
        structure::note_flow(f.0, || self.end_positions(f));
        self.ends[f.index()]
    }

    /// A flow's pattern (what [`Model::flow`] holds, without reading the whole flow).
    #[inline]
    pub fn pattern(&self, f: FlowIx) -> Pattern {
        structure::note_flow(f.0, || self.end_positions(f));
        self.attrs[f.index()].pattern
    }

    /// A flow's pattern and attributes (what [`Model::flow`] holds but its id, ends and label), without reading the
    /// whole flow.
    #[inline]
    pub fn flow_attrs(&self, f: FlowIx) -> FlowAttrs {
        structure::note_flow(f.0, || self.end_positions(f));
        self.attrs[f.index()]
    }

    /// The positions of a flow's ends, for noting reads ([`structure::note_flow`]).
    fn end_positions(&self, f: FlowIx) -> (u32, u32) {
        let (from, to) = self.ends[f.index()];
        (from.0, to.0)
    }

    /// The components that run as this IAM role.
    pub fn role_users(&self, role: ComponentIx) -> &[ComponentIx] {
        &self.role_users[role.index()]
    }

    /// The role a component runs as.
    pub fn role(&self, c: ComponentIx) -> Option<ComponentIx> {
        self.roles[c.index()]
    }
}

/// Every component's properties with the catalog's defaults filled in; an API or load balancer a Cognito user pool
/// authorizes requires authentication unless it says otherwise.
fn effective_properties(diagram: &Diagram, by_id: &HashMap<Id, Element>) -> Vec<Properties> {
    let mut effective: Vec<Properties> =
        diagram.components.iter().map(|c| c.properties.or(&(catalog::info(c.kind).defaults)())).collect();
    // An API or load balancer a Cognito user pool authorizes requires authentication unless it says otherwise.
    for pool in diagram.components.iter().filter(|c| c.kind == ComponentKind::CognitoUserPool) {
        for target in pool.protects.iter().filter_map(|id| match by_id.get(id) {
            Some(Element::Component(c)) => Some(*c),
            _ => None,
        }) {
            if let Some(props) = effective.get_mut(target.index())
                && props.requires_authentication.is_none()
            {
                props.requires_authentication = Some(true);
            }
        }
    }
    effective
}

/// Whether a Cognito user pool of the diagram authorizes the component `id` (its `protects` names it).
fn authorized_by_user_pool(diagram: &Diagram, id: &Id) -> bool {
    diagram.components.iter().any(|c| c.kind == ComponentKind::CognitoUserPool && c.protects.contains(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::flow::Pattern;

    #[test]
    fn every_flow_has_its_ends() {
        let mut flows = 0;
        for sample in crate::io::samples::all() {
            let model = sample.model().unwrap();
            let ends: usize = model.component_ixs().map(|c| model.outgoing(c).count()).sum();
            assert_eq!(ends, model.flows().len(), "{}", sample.file);
            let arrivals: usize = model.component_ixs().map(|c| model.incoming(c).count()).sum();
            assert_eq!(arrivals, model.flows().len(), "{}", sample.file);
            for (f, flow) in model.flows_indexed() {
                let (from, to) = model.flow_ends(f);
                assert_eq!((&model.component(from).id, &model.component(to).id), (&flow.from, &flow.to));
                flows += 1;
            }
        }
        assert!(flows > 50, "{flows}");
    }

    /// An element's own id is found by where it lives, as its text finds it; a copy of the id, or an address inside
    /// an element but not at its id, is not.
    #[test]
    fn an_element_is_found_by_where_its_id_lives() {
        let mut found = 0;
        for sample in crate::io::samples::all() {
            let model = sample.model().unwrap();
            let d = model.diagram();
            let ids = d.components.iter().map(|c| &c.id).chain(d.flows.iter().map(|f| &f.id));
            let ids = ids.chain(d.contexts.iter().map(|c| &c.id)).chain(d.boundaries.iter().map(|b| &b.id));
            for id in ids {
                let at = std::ptr::from_ref(id).addr();
                assert_eq!(model.element_at(at), model.element(id), "{}: {id}", sample.file);
                assert!(model.element_at(at).is_some());
                let copy = id.clone();
                assert_eq!(model.element_at(std::ptr::from_ref(&copy).addr()), None);
                assert_eq!(model.element_at(at + 1), None, "{}: {id}", sample.file);
                found += 1;
            }
            let name = std::ptr::from_ref(&d.components[0].name).addr();
            assert_eq!(model.element_at(name), None);
            // The compact list of component ids names the same components.
            for c in model.component_ixs() {
                let id = model.component_id(c);
                assert_eq!(id, &d.components[c.index()].id);
                assert_eq!(model.element_at(std::ptr::from_ref(id).addr()), Some(Element::Component(c)));
            }
        }
        assert!(found > 300, "{found}");
    }

    /// The index never leaves out what it cannot resolve: a reference the checks would have refused is an error.
    #[test]
    fn an_unresolved_reference_is_an_error_not_a_gap() {
        let mut diagram = crate::io::samples::all()[0].model().unwrap().into_diagram();
        let mut flow = diagram.flows[0].clone();
        flow.id = Id::new("stray").unwrap();
        flow.to = Id::new("nowhere").unwrap();
        flow.pattern = Pattern::SyncRequest;
        diagram.flows.push(flow);
        diagram.components[0].parent = Some(Id::new("nowhere-either").unwrap());
        let problems = Model::index(diagram).err().unwrap();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown.iter().any(|p| p.contains(".parent: \"nowhere-either\" passed the checks")), "{shown:?}");
        assert!(shown.iter().any(|p| p.contains(".to: \"nowhere\" passed the checks but names no component")));
    }

    #[test]
    #[should_panic(expected = "index out of bounds")]
    fn an_index_from_another_model_fails_loudly() {
        let model = crate::io::samples::all()[0].model().unwrap();
        let _ = model.props(ComponentIx(u32::try_from(model.components().len()).unwrap()));
    }
}
