//! Checks a [`Diagram`] as a whole: unique ids, references that resolve to the right kind of element, legal
//! nesting without cycles, sane property values and layout. Paths name positions in the diagram's lists, which
//! are the positions in the file it was loaded from.

use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};

use crate::model::catalog::{self, nesting_rule};
use crate::model::component::Component;
use crate::model::connection::{Connection, ConnectionKind};
use crate::model::diagram::Diagram;
use crate::model::flow::{Flow, Pattern};
use crate::model::group::{Boundary, Context};
use crate::model::id::Id;
use crate::model::index::{ComponentIx, Element, Model};
use crate::model::kind::ComponentKind as K;
use crate::model::layout::{MAX_COORDINATE, MAX_SIZE, Point, Rect};
use crate::model::named::did_you_mean;
use crate::model::problem::{Problem, Problems};
use crate::model::props::{self, Properties};

/// Deepest containment accepted (account > VPC > subnet > cluster > node > pod > container is 7).
pub const MAX_NESTING: usize = 16;

// Above this many components, unknown references get no "did you mean" (`did_you_mean` stops there too): each
// suggestion compares the reference with every component id, so a file with many components and many bad
// references would load in quadratic time (16,000 of each took minutes). Diagrams people draw stay far below it.
use crate::model::named::MAX_SUGGESTION_CANDIDATES;

/// Which list an id was declared in, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Declared {
    Component(usize),
    Flow(usize),
    Boundary(usize),
    Context(usize),
    Connection(usize),
    Note(usize),
    Threat(usize),
}

impl From<Element> for Declared {
    fn from(element: Element) -> Self {
        match element {
            Element::Component(c) => Self::Component(c.index()),
            Element::Flow(f) => Self::Flow(f.index()),
            Element::Boundary(i) => Self::Boundary(i),
            Element::Context(i) => Self::Context(i),
            Element::Connection(i) => Self::Connection(i),
            Element::Note(i) => Self::Note(i),
            Element::Threat(i) => Self::Threat(i),
        }
    }
}

impl Declared {
    fn path(self) -> String {
        match self {
            Self::Component(i) => format!("$.components[{i}]"),
            Self::Flow(i) => format!("$.flows[{i}]"),
            Self::Boundary(i) => format!("$.boundaries[{i}]"),
            Self::Context(i) => format!("$.contexts[{i}]"),
            Self::Connection(i) => format!("$.connections[{i}]"),
            Self::Note(i) => format!("$.notes[{i}]"),
            Self::Threat(i) => format!("$.threats[{i}]"),
        }
    }

    fn what(self) -> &'static str {
        match self {
            Self::Component(_) => "a component",
            Self::Flow(_) => "a flow",
            Self::Boundary(_) => "a boundary",
            Self::Context(_) => "a bounded context",
            Self::Connection(_) => "a connection",
            Self::Note(_) => "a note",
            Self::Threat(_) => "a manual threat",
        }
    }
}

/// Why an element may not have the id `diagram`.
const RESERVED_ID: &str = "\"diagram\" is reserved for diagram-wide findings; choose another id";

struct Checker<'a> {
    diagram: &'a Diagram,
    declared: HashMap<&'a str, Declared>,
    problems: Problems,
}

/// Every problem of the diagram; empty when it is sound.
pub fn check(diagram: &Diagram) -> Vec<Problem> {
    let mut checker = Checker { diagram, declared: HashMap::new(), problems: Problems::default() };
    checker.declare_ids();
    checker.check_components();
    checker.check_flows();
    checker.check_groups();
    checker.check_connections();
    checker.check_notes_and_threats();
    checker.check_layout();
    checker.check_triage_and_settings();
    checker.problems.into_vec()
}

/// The problems [`check`] finds in the properties of `component` if it were the component at `c` of `model`
/// (paths say `$.components[c]`): all an edit that changes only a component's name, description or properties can
/// add to a sound diagram, found without checking the whole diagram again.
pub(crate) fn property_problems(model: &Model, c: ComponentIx, component: &Component) -> Vec<Problem> {
    // The only references in properties are permission resources: declare what those ids name.
    let templates = component.properties.policy_templates.iter().flatten().filter_map(|t| t.resource.as_ref());
    let resources = component.properties.permissions.iter().flatten().flat_map(|p| &p.resources).chain(templates);
    let resources: Vec<&str> = resources.map(String::as_str).collect();
    let mut checker = Checker::around(model, &resources);
    let i = c.index();
    checker.check_properties(&|| format!("$.components[{i}]"), component.kind, &component.properties);
    checker.problems.into_vec()
}

/// The problems [`check`] finds in `flow` if it were the flow at `i` of `model`'s diagram (paths say `$.flows[i]`),
/// or the positions of its ends when there are none: all that adding a flow, or re-pointing one (same id), can add
/// to a sound diagram besides a taken id, found without checking the whole diagram again.
pub(crate) fn flow_problems(model: &Model, i: usize, flow: &Flow) -> Result<(ComponentIx, ComponentIx), Vec<Problem>> {
    let mut checker = Checker::around(model, &[flow.from.as_str(), flow.to.as_str()]);
    checker.reserved(&flow.id, || format!("$.flows[{i}].id"));
    let ends = checker.check_flow(i, flow);
    let problems = checker.problems.into_vec();
    match ends {
        Some((from, to)) if problems.is_empty() => Ok((ComponentIx(from as u32), ComponentIx(to as u32))),
        _ => Err(problems),
    }
}

/// The problems [`check`] finds in `component` if it were added to `model`'s diagram at position `i` (besides a
/// taken id), for a component that links to nothing (no role, no lists of links) and sits less than
/// [`MAX_NESTING`] - 1 deep: its id, its place and its properties are all such an addition can add.
pub(crate) fn new_component_problems(model: &Model, i: usize, component: &Component) -> Vec<Problem> {
    let parent = component.parent.as_ref().map_or("", Id::as_str);
    let mut checker = Checker::around(model, &[parent]);
    checker.reserved(&component.id, || format!("$.components[{i}].id"));
    let mut control_planes = HashMap::new();
    if let Some(p) = model.component_ix(parent)
        && let Some(&plane) = model.children(p).iter().find(|&&c| model.kind(c) == K::EksControlPlane)
    {
        control_planes.insert(p.index(), plane.index());
    }
    checker.check_parent(i, component, &mut control_planes);
    let mut problems = checker.problems.into_vec();
    problems.extend(property_problems(model, ComponentIx(u32::try_from(i).unwrap_or(u32::MAX)), component));
    problems
}

/// The problems [`check`] finds in the links of `component` if it were the component at `c` of `model` (paths say
/// `$.components[c]`), for a component whose named subnets are those the component at `c` names: all an edit that
/// changes only a component's links (and content) can add to a sound diagram besides its properties' problems.
pub(crate) fn link_problems(model: &Model, c: ComponentIx, component: &Component) -> Vec<Problem> {
    let lists = [&component.protects, &component.covers, &component.credentials_for, &component.images];
    let roles = component.role.iter().chain(&component.execution_role);
    let refs: Vec<&str> = lists.into_iter().flatten().chain(roles).map(Id::as_str).collect();
    let mut checker = Checker::around(model, &refs);
    checker.check_links_of(c.index(), component);
    checker.problems.into_vec()
}

/// The problems [`check`] finds in the place of the component at `c` of `model` if it moved under `component`'s
/// parent (`component` is the component with only its parent changed), for a move the caller checked makes no cycle,
/// stays well within [`MAX_NESTING`] and moves no subnet and no component that names subnets: whether the new parent
/// may hold it, and holds no other control plane.
pub(crate) fn parent_problems(model: &Model, c: ComponentIx, component: &Component) -> Vec<Problem> {
    let parent = component.parent.as_ref().map_or("", Id::as_str);
    let mut checker = Checker::around(model, &[parent]);
    let mut control_planes = HashMap::new();
    if let Some(p) = model.component_ix(parent)
        && let Some(&plane) = model.children(p).iter().find(|&&k| k != c && model.kind(k) == K::EksControlPlane)
    {
        control_planes.insert(p.index(), plane.index());
    }
    checker.check_parent(c.index(), component, &mut control_planes);
    checker.problems.into_vec()
}

/// The problems [`check`] finds in `boundary` if it were the boundary at `i` of `model`'s diagram (besides a taken
/// id): all that adding or changing a boundary can add to a sound diagram.
pub(crate) fn boundary_problems(model: &Model, i: usize, boundary: &Boundary) -> Vec<Problem> {
    let members: Vec<&str> = boundary.members.iter().map(Id::as_str).collect();
    let mut checker = Checker::around(model, &members);
    checker.reserved(&boundary.id, || format!("$.boundaries[{i}].id"));
    checker.check_boundary(i, boundary);
    checker.problems.into_vec()
}

/// The problems [`check`] finds in `context` if it were the bounded context at `i` of `model`'s diagram (besides a
/// taken id; a member another context has is reported here, wherever the contexts are in the list): all that adding
/// or changing a context can add to a sound diagram.
pub(crate) fn context_problems<'a>(model: &'a Model, i: usize, context: &'a Context) -> Vec<Problem> {
    let members: Vec<&str> = context.members.iter().map(Id::as_str).collect();
    let mut checker = Checker::around(model, &members);
    checker.reserved(&context.id, || format!("$.contexts[{i}].id"));
    let mut context_of = HashMap::new();
    for (k, other) in model.diagram().contexts.iter().enumerate().filter(|(_, other)| other.id != context.id) {
        for member in &other.members {
            context_of.entry(member.as_str()).or_insert(k);
        }
    }
    checker.check_context(i, context, &mut context_of);
    checker.problems.into_vec()
}

/// The problems [`check`] finds in `connection` if it were the connection at `i` of `model`'s diagram (besides a
/// taken id): all that adding or changing a connection can add to a sound diagram.
pub(crate) fn connection_problems(model: &Model, i: usize, connection: &Connection) -> Vec<Problem> {
    let mut checker = Checker::around(model, &[connection.from.as_str(), connection.to.as_str()]);
    checker.reserved(&connection.id, || format!("$.connections[{i}].id"));
    checker.check_connection(i, connection);
    checker.problems.into_vec()
}

/// The problems [`check`] finds in `note` if it were the note at `i` of `model`'s diagram (besides a taken id): all
/// that adding or changing a note can add to a sound diagram.
pub(crate) fn note_problems(model: &Model, i: usize, note: &crate::model::note::Note) -> Vec<Problem> {
    let mut checker = Checker::around(model, &[note.attached_to.as_ref().map_or("", Id::as_str)]);
    checker.reserved(&note.id, || format!("$.notes[{i}].id"));
    checker.check_note(i, note);
    checker.problems.into_vec()
}

/// The problems [`check`] finds in `threat` if it were the manual threat at `i` of `model`'s diagram (besides a
/// taken id): all that adding or changing a manual threat can add to a sound diagram.
pub(crate) fn threat_problems(model: &Model, i: usize, threat: &crate::model::threat::Threat) -> Vec<Problem> {
    let mut checker = Checker::around(model, &[threat.element.as_str()]);
    checker.reserved(&threat.id, || format!("$.threats[{i}].id"));
    checker.check_threat(i, threat);
    checker.problems.into_vec()
}

/// The problems [`check`] finds in `settings` in place of `model`'s: all that changing the settings can add to a
/// sound diagram.
pub(crate) fn settings_problems(model: &Model, settings: &crate::model::settings::Settings) -> Vec<Problem> {
    let mut checker = Checker::around(model, &[]);
    checker.check_settings(settings);
    checker.problems.into_vec()
}

impl<'a> Checker<'a> {
    /// A checker of single elements of `model` that declares only the ids in `refs` (those the elements refer to).
    fn around(model: &'a Model, refs: &[&'a str]) -> Self {
        let mut declared = HashMap::new();
        for &id in refs {
            if let Some(element) = model.element(id) {
                declared.insert(id, Declared::from(element));
            }
        }
        Self { diagram: model.diagram(), declared, problems: Problems::default() }
    }

    /// Reports `id` at `path` when it is the reserved `diagram`.
    fn reserved(&mut self, id: &Id, path: impl FnOnce() -> String) {
        if id.as_str() == "diagram" {
            self.problems.push(path(), RESERVED_ID);
        }
    }

    fn declare_ids(&mut self) {
        let d = self.diagram;
        let all = d
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.id, Declared::Component(i)))
            .chain(d.flows.iter().enumerate().map(|(i, f)| (&f.id, Declared::Flow(i))))
            .chain(d.boundaries.iter().enumerate().map(|(i, b)| (&b.id, Declared::Boundary(i))))
            .chain(d.contexts.iter().enumerate().map(|(i, c)| (&c.id, Declared::Context(i))))
            .chain(d.connections.iter().enumerate().map(|(i, c)| (&c.id, Declared::Connection(i))))
            .chain(d.notes.iter().enumerate().map(|(i, n)| (&n.id, Declared::Note(i))))
            .chain(d.threats.iter().enumerate().map(|(i, t)| (&t.id, Declared::Threat(i))));
        // Sized at once: grown by doubling, the table of a large diagram's ids is hashed again a dozen times.
        self.declared.reserve(all.size_hint().0);
        for (id, at) in all {
            self.reserved(id, || format!("{}.id", at.path()));
            if let Some(first) = self.declared.get(id.as_str()) {
                self.problems.push(
                    format!("{}.id", at.path()),
                    format!("duplicate id \"{id}\" (first used by {})", first.path()),
                );
            } else {
                self.declared.insert(id.as_str(), at);
            }
        }
    }

    /// Resolves a reference that must name a component; reports and returns `None` otherwise.
    /// The path is only built when there is a problem to report.
    fn component_ref(&mut self, path: impl FnOnce() -> String, id: &Id) -> Option<usize> {
        match self.declared.get(id.as_str()) {
            Some(Declared::Component(i)) => Some(*i),
            Some(other) => {
                let message = format!("\"{id}\" is {}, not a component", other.what());
                self.problems.push(path(), message);
                None
            }
            None => {
                let message = self.unknown("component", id);
                self.problems.push(path(), message);
                None
            }
        }
    }

    fn unknown(&self, what: &str, id: &Id) -> String {
        let components = &self.diagram.components;
        // Once the list is full the message is only counted, so the suggestion would be wasted work.
        if self.problems.is_full() || components.len() > MAX_SUGGESTION_CANDIDATES {
            return format!("unknown {what} \"{id}\"");
        }
        let candidates: Vec<&str> = components.iter().map(|c| c.id.as_str()).collect();
        match did_you_mean(id.as_str(), &candidates) {
            Some(best) => format!("unknown {what} \"{id}\" (did you mean \"{best}\"?)"),
            None => format!("unknown {what} \"{id}\""),
        }
    }

    fn kind_of(&self, index: usize) -> Option<K> {
        self.diagram.components.get(index).map(|c| c.kind)
    }

    fn check_components(&mut self) {
        let diagram = self.diagram;
        // Containment cycles first: they say the most about a broken file, and must not hide behind the list's
        // limit when the same file also breaks hundreds of nesting rules.
        let parents: Vec<Option<usize>> = diagram
            .components
            .iter()
            .map(|c| match c.parent.as_ref().map(|p| self.declared.get(p.as_str())) {
                Some(Some(Declared::Component(p))) if c.parent.as_ref() != Some(&c.id) => Some(*p),
                _ => None,
            })
            .collect();
        self.check_containment_cycles(&parents);
        let mut control_planes: HashMap<usize, usize> = HashMap::new();
        for (i, component) in diagram.components.iter().enumerate() {
            self.check_parent(i, component, &mut control_planes);
            self.check_links(i);
            // Paths are built only for a problem.
            self.check_properties(&|| format!("$.components[{i}]"), component.kind, &component.properties);
        }
    }

    /// The component at `i` sits in a parent that may hold it (a cluster holds one control plane: `control_planes`
    /// maps the clusters seen so far to theirs), or at the top level if its kind may.
    fn check_parent(&mut self, i: usize, component: &Component, control_planes: &mut HashMap<usize, usize>) {
        let base = || format!("$.components[{i}]");
        let entry = catalog::info(component.kind);
        match &component.parent {
            Some(parent) if parent == &component.id => {
                self.problems.push(format!("{}.parent", base()), "a component cannot sit inside itself");
            }
            Some(parent) => {
                if let Some(p) = self.component_ref(|| format!("{}.parent", base()), parent) {
                    let parent_kind = self.kind_of(p);
                    if !entry.may_sit_in(parent_kind) {
                        let parent_kind = parent_kind.map_or_else(|| "?".to_owned(), a);
                        self.problems.push(
                            format!("{}.parent", base()),
                            format!("{}; \"{parent}\" is {parent_kind}", nesting_rule(component.kind)),
                        );
                    }
                    if component.kind == K::EksControlPlane
                        && let Some(first) = control_planes.insert(p, i)
                    {
                        self.problems.push(
                            format!("{}.parent", base()),
                            format!("cluster \"{parent}\" already has a control plane ($.components[{first}])"),
                        );
                    }
                }
            }
            None if !entry.top_level => {
                self.problems.push(format!("{}.parent", base()), format!("missing: {}", nesting_rule(component.kind)));
            }
            None => {}
        }
    }

    fn check_containment_cycles(&mut self, parents: &[Option<usize>]) {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Unvisited,
            OnWalk,
            Depth(usize),
            Cyclic,
        }
        let mut state = vec![State::Unvisited; parents.len()];
        // Too-deep nesting is reported after every cycle.
        let mut too_deep = Vec::new();
        // The components of one walk up the parents, reused from walk to walk.
        let mut walk = Vec::new();
        for start in 0..parents.len() {
            walk.clear();
            let mut at = Some(start);
            // What the walk ran into: the depth below which it hangs, or `None` for a cycle.
            let outcome = loop {
                let Some(node) = at else { break Some(0) };
                match state.get(node).copied() {
                    Some(State::Unvisited) => {
                        state[node] = State::OnWalk;
                        walk.push(node);
                        at = parents.get(node).copied().flatten();
                    }
                    Some(State::OnWalk) => {
                        let cycle_start = walk.iter().position(|&n| n == node).unwrap_or(0);
                        let mut names: Vec<&str> = walk[cycle_start..]
                            .iter()
                            .filter_map(|&n| self.diagram.components.get(n).map(|c| c.id.as_str()))
                            .collect();
                        names.push(names.first().copied().unwrap_or("?"));
                        self.problems.push(
                            format!("$.components[{node}].parent"),
                            format!("containment cycle: {}", names.join(" -> ")),
                        );
                        break None;
                    }
                    Some(State::Depth(depth)) => break Some(depth + 1),
                    Some(State::Cyclic) | None => break None,
                }
            };
            match outcome {
                None => walk.iter().for_each(|&node| state[node] = State::Cyclic),
                Some(base) => {
                    for (above, &node) in walk.iter().rev().enumerate() {
                        let depth = base + above;
                        state[node] = State::Depth(depth);
                        if depth == MAX_NESTING + 1 {
                            too_deep.push(node);
                        }
                    }
                }
            }
        }
        for node in too_deep {
            self.problems
                .push(format!("$.components[{node}].parent"), format!("nested deeper than {MAX_NESTING} levels"));
        }
    }

    /// The VPC a component sits in by its parents (at most 32 steps up, so a cycle cannot hang the check).
    fn parent_vpc(&self, i: usize) -> Option<&'a Id> {
        let components = &self.diagram.components;
        let mut at = components.get(i)?.parent.as_ref()?;
        for _ in 0..32 {
            let Some(Declared::Component(p)) = self.declared.get(at.as_str()) else { return None };
            let parent = components.get(*p)?;
            if parent.kind == K::Vpc {
                return Some(&parent.id);
            }
            at = parent.parent.as_ref()?;
        }
        None
    }

    /// The subnets a component names lie in one VPC, the one its parents place it in if any.
    fn check_subnet_vpcs(&mut self, i: usize) {
        let Some(component) = self.diagram.components.get(i) else {
            return;
        };
        let mut vpc = self.parent_vpc(i);
        for (j, subnet) in component.subnets.iter().enumerate() {
            let Some(Declared::Component(s)) = self.declared.get(subnet.as_str()) else { continue };
            let Some(own) = self.diagram.components.get(*s).and_then(|s| s.parent.as_ref()) else { continue };
            match vpc {
                Some(expected) if expected != own => self.problems.push(
                    format!("$.components[{i}].subnets[{j}]"),
                    format!("subnet \"{subnet}\" is in \"{own}\", not in \"{expected}\" with the rest of it"),
                ),
                Some(_) => {}
                None => vpc = Some(own),
            }
        }
    }

    fn check_links(&mut self, i: usize) {
        self.check_subnet_vpcs(i);
        if let Some(component) = self.diagram.components.get(i) {
            self.check_links_of(i, component);
        }
    }

    /// The links of `component` (at `i`), but whether the subnets it names are in its VPC.
    fn check_links_of(&mut self, i: usize, component: &Component) {
        let base = || format!("$.components[{i}]");
        let links = catalog::info(component.kind).links;
        if let Some(role) = &component.role {
            if !links.role {
                self.problems
                    .push(format!("{}.role", base()), format!("{} does not run as an IAM role", a(component.kind)));
            } else if let Some(r) = self.component_ref(|| format!("{}.role", base()), role)
                && self.kind_of(r) != Some(K::IamRole)
            {
                self.problems.push(format!("{}.role", base()), format!("\"{role}\" is not an iam-role"));
            }
        }
        if let Some(role) = &component.execution_role {
            let path = || format!("{}.execution_role", base());
            if !links.execution_role {
                self.problems.push(
                    path(),
                    format!(
                        "{} has no execution role (an ecs-service does: its task execution role)",
                        a(component.kind)
                    ),
                );
            } else if let Some(r) = self.component_ref(path, role)
                && self.kind_of(r) != Some(K::IamRole)
            {
                self.problems.push(path(), format!("\"{role}\" is not an iam-role"));
            }
        }
        let lists = [
            ("protects", &component.protects, links.protects),
            ("covers", &component.covers, links.covers),
            ("credentials_for", &component.credentials_for, links.credentials_for),
            ("images", &component.images, links.images),
            ("subnets", &component.subnets, links.subnets),
        ];
        for (name, list, allowed) in lists {
            if list.is_empty() {
                continue;
            }
            if !allowed {
                self.problems
                    .push(format!("{}.{name}", base()), format!("{} has no \"{name}\" links", a(component.kind)));
                continue;
            }
            for (j, target) in list.iter().enumerate() {
                let path = || format!("{}.{name}[{j}]", base());
                let Some(t) = self.component_ref(path, target) else {
                    continue;
                };
                if name == "subnets" && self.kind_of(t) != Some(K::Subnet) {
                    self.problems.push(path(), format!("\"{target}\" is not a subnet"));
                }
                if name == "images" && !matches!(self.kind_of(t), Some(K::EcrRegistry | K::ExternalRegistry)) {
                    self.problems.push(
                        path(),
                        format!("images come from an ecr-registry or external-registry; \"{target}\" is neither"),
                    );
                }
                if name == "protects" {
                    self.check_protected(component.kind, t, target, &path);
                }
            }
        }
    }

    /// What a WAF or a Cognito user pool may stand in front of. (A WAF drawn on an HTTP API is no problem of the
    /// file: `public-api-without-waf` says that it cannot filter there.)
    fn check_protected(&mut self, protector: K, t: usize, target: &Id, path: &dyn Fn() -> String) {
        let kind = self.kind_of(t);
        if protector == K::CognitoUserPool {
            if !matches!(kind, Some(K::ApiGateway | K::LoadBalancer)) {
                self.problems.push(
                    path(),
                    format!("a Cognito user pool authorizes an api-gateway or load-balancer; \"{target}\" is neither"),
                );
            }
        } else if !matches!(kind, Some(K::ApiGateway | K::LoadBalancer | K::Cloudfront | K::CognitoUserPool)) {
            self.problems.push(
                path(),
                format!(
                    "a WAF protects an api-gateway, load-balancer, cloudfront or cognito-user-pool; \"{target}\" is \
                     none of them"
                ),
            );
        }
    }

    fn check_properties(&mut self, base: &dyn Fn() -> String, kind: K, properties: &Properties) {
        let entry = catalog::info(kind);
        for key in properties.set_keys() {
            if !entry.properties.contains(&key) {
                self.problems.push(
                    format!("{}.properties.{key}", base()),
                    format!(
                        "property \"{key}\" does not apply to kind {kind} ({})",
                        props::where_it_belongs(key, kind)
                    ),
                );
            }
        }
        for (path, message) in props::syntax_problems(properties) {
            self.problems.push(format!("{}.properties.{path}", base()), message);
        }
        if let Some(permissions) = &properties.permissions {
            for (j, permission) in permissions.iter().enumerate() {
                let at = || format!("{}.properties.permissions[{j}]", base());
                if permission.actions.is_empty() {
                    self.problems.push(format!("{}.actions", at()), "a statement needs at least one action");
                }
                if permission.resources.is_empty() {
                    self.problems
                        .push(format!("{}.resources", at()), "a statement needs at least one resource (or \"*\")");
                }
                for (k, resource) in permission.resources.iter().enumerate() {
                    // The syntax (an id, `*`, or an ARN) is the registry's check; here only whether it exists.
                    if let Ok(id) = Id::new(resource) {
                        self.component_ref(|| format!("{}.resources[{k}]", at()), &id);
                    }
                }
            }
        }
        for (j, template) in properties.policy_templates.iter().flatten().enumerate() {
            if let Some(Ok(id)) = template.resource.as_deref().map(Id::new) {
                self.component_ref(|| format!("{}.properties.policy_templates[{j}].resource", base()), &id);
            }
        }
    }

    fn check_flows(&mut self) {
        let diagram = self.diagram;
        for (i, flow) in diagram.flows.iter().enumerate() {
            self.check_flow(i, flow);
        }
    }

    /// Checks the flow at position `i`; returns the positions of its ends when both name components.
    fn check_flow(&mut self, i: usize, flow: &Flow) -> Option<(usize, usize)> {
        let base = || format!("$.flows[{i}]");
        let from = self.component_ref(|| format!("{}.from", base()), &flow.from);
        let to = self.component_ref(|| format!("{}.to", base()), &flow.to);
        if flow.from == flow.to {
            self.problems.push(format!("{}.to", base()), "a flow must connect two different components");
            return None;
        }
        let (from, to) = (from?, to?);
        let (from_kind, to_kind) = (self.kind_of(from)?, self.kind_of(to)?);
        for (end, kind, id) in [("from", from_kind, &flow.from), ("to", to_kind, &flow.to)] {
            if !is_flow_endpoint(kind) {
                self.problems.push(
                    format!("{}.{end}", base()),
                    format!("\"{id}\" is {}, which only groups components; connect what runs inside it", a(kind)),
                );
            }
        }
        let pattern_problem = (!flow.pattern.allowed(from_kind, to_kind)).then(|| match flow.pattern {
            Pattern::EventPublish => (
                "to",
                format!(
                    "an event-publish flow goes to an sns-topic or eventbridge-bus; \"{}\" is {}",
                    flow.to,
                    a(to_kind)
                ),
            ),
            Pattern::EventSubscribe => (
                "from",
                format!(
                    "an event-subscribe flow comes from an sns-topic or eventbridge-bus; \"{}\" is {}",
                    flow.from,
                    a(from_kind)
                ),
            ),
            Pattern::Redrive if from_kind != K::SqsQueue => {
                ("from", format!("a redrive flow comes from an sqs-queue; \"{}\" is {}", flow.from, a(from_kind)))
            }
            Pattern::Redrive => {
                ("to", format!("a redrive flow goes to an sqs-queue; \"{}\" is {}", flow.to, a(to_kind)))
            }
            _ => (
                "to",
                format!(
                    "a {} flow goes to an sqs-queue or kinesis-stream; \"{}\" is {}",
                    flow.pattern,
                    flow.to,
                    a(to_kind)
                ),
            ),
        });
        if let Some((end, message)) = pattern_problem {
            self.problems.push(format!("{}.{end}", base()), format!("{message} (check the pattern or the direction)"));
        }
        Some((from, to))
    }

    fn check_groups(&mut self) {
        let diagram = self.diagram;
        for (i, boundary) in diagram.boundaries.iter().enumerate() {
            self.check_boundary(i, boundary);
        }
        let mut context_of: HashMap<&str, usize> = HashMap::new();
        for (i, context) in diagram.contexts.iter().enumerate() {
            self.check_context(i, context, &mut context_of);
        }
    }

    /// A boundary's members are components.
    fn check_boundary(&mut self, i: usize, boundary: &Boundary) {
        for (j, member) in boundary.members.iter().enumerate() {
            self.component_ref(|| format!("$.boundaries[{i}].members[{j}]"), member);
        }
    }

    /// A context's members are components in no other context (`context_of`: where the members of the contexts seen
    /// so far are).
    fn check_context(&mut self, i: usize, context: &'a Context, context_of: &mut HashMap<&'a str, usize>) {
        let mut seen = HashSet::new();
        for (j, member) in context.members.iter().enumerate() {
            let path = || format!("$.contexts[{i}].members[{j}]");
            if self.component_ref(path, member).is_none() || !seen.insert(member.as_str()) {
                continue;
            }
            if let Some(&first) = context_of.get(member.as_str()) {
                let other = self.diagram.contexts.get(first).map_or("?", |c| c.id.as_str());
                self.problems.push(
                    path(),
                    format!(
                        "\"{member}\" is already in bounded context \"{other}\"; a component belongs to at most one"
                    ),
                );
            } else {
                context_of.insert(member.as_str(), i);
            }
        }
    }

    fn check_connections(&mut self) {
        let diagram = self.diagram;
        for (i, connection) in diagram.connections.iter().enumerate() {
            self.check_connection(i, connection);
        }
    }

    /// A connection joins two different components of the kinds its kind joins.
    fn check_connection(&mut self, i: usize, connection: &Connection) {
        let base = || format!("$.connections[{i}]");
        let from = self.component_ref(|| format!("{}.from", base()), &connection.from).and_then(|c| self.kind_of(c));
        let to = self.component_ref(|| format!("{}.to", base()), &connection.to).and_then(|c| self.kind_of(c));
        let (Some(from), Some(to)) = (from, to) else {
            return;
        };
        if connection.from == connection.to {
            self.problems.push(format!("{}.to", base()), "a connection must join two different components");
            return;
        }
        let ok = match connection.kind {
            ConnectionKind::VpcPeering => from == K::Vpc && to == K::Vpc,
            ConnectionKind::TransitGateway => matches!(from, K::Vpc | K::OnPrem) && matches!(to, K::Vpc | K::OnPrem),
            ConnectionKind::Vpn | ConnectionKind::DirectConnect => {
                matches!((from, to), (K::OnPrem, K::Vpc) | (K::Vpc, K::OnPrem))
            }
            ConnectionKind::CrossAccountTrust => from == K::AwsAccount && to == K::AwsAccount,
        };
        if !ok {
            let expected = match connection.kind {
                ConnectionKind::VpcPeering => "two vpcs",
                ConnectionKind::TransitGateway => "vpcs or on-prem networks",
                ConnectionKind::Vpn | ConnectionKind::DirectConnect => "an on-prem network and a vpc",
                ConnectionKind::CrossAccountTrust => "two aws-accounts",
            };
            self.problems.push(
                base(),
                format!("a {} joins {expected}; this one joins {} and {}", connection.kind, a(from), a(to)),
            );
        }
    }

    /// Notes attach to any element; a manual threat names the component, flow, boundary, context or connection it
    /// threatens, a title, and likelihood and impact on the 1-5 scales.
    fn check_notes_and_threats(&mut self) {
        let diagram = self.diagram;
        for (i, note) in diagram.notes.iter().enumerate() {
            self.check_note(i, note);
        }
        for (i, threat) in diagram.threats.iter().enumerate() {
            self.check_threat(i, threat);
        }
    }

    fn check_note(&mut self, i: usize, note: &crate::model::note::Note) {
        if let Some(target) = &note.attached_to {
            if target == &note.id {
                self.problems.push(format!("$.notes[{i}].attached_to"), "a note cannot be attached to itself");
            } else if !self.declared.contains_key(target.as_str()) {
                let message = self.unknown("element", target);
                self.problems.push(format!("$.notes[{i}].attached_to"), message);
            }
        }
    }

    fn check_threat(&mut self, i: usize, threat: &crate::model::threat::Threat) {
        let base = || format!("$.threats[{i}]");
        match self.declared.get(threat.element.as_str()) {
            Some(Declared::Note(_) | Declared::Threat(_)) => self.problems.push(
                format!("{}.element", base()),
                format!("\"{}\" is not an element a threat can be about (a component, flow, boundary, context or connection)", threat.element),
            ),
            Some(_) => {}
            None => {
                let message = self.unknown("element", &threat.element);
                self.problems.push(format!("{}.element", base()), message);
            }
        }
        if threat.title.trim().is_empty() {
            self.problems.push(format!("{}.title", base()), "a threat needs a title");
        }
        for (name, value) in [("likelihood", threat.likelihood), ("impact", threat.impact)] {
            if !crate::model::threat::SCALE.contains(&value) {
                self.problems.push(format!("{}.{name}", base()), format!("{value} is outside 1..=5"));
            }
        }
    }

    fn check_layout(&mut self) {
        let layout = &self.diagram.layout;
        for (id, rect) in &layout.notes {
            let path = || key_path("$.layout.notes", id);
            self.layout_key(&path, id, "note", |d| matches!(d, Declared::Note(_)));
            self.check_rect(&path, rect);
        }
        for (id, rect) in &layout.components {
            let path = || key_path("$.layout.components", id);
            self.layout_key(&path, id, "component", |d| matches!(d, Declared::Component(_)));
            self.check_rect(&path, rect);
        }
        for (id, rect) in &layout.boundaries {
            let path = || key_path("$.layout.boundaries", id);
            self.layout_key(&path, id, "boundary", |d| matches!(d, Declared::Boundary(_)));
            self.check_rect(&path, rect);
        }
        for (id, rect) in &layout.contexts {
            let path = || key_path("$.layout.contexts", id);
            self.layout_key(&path, id, "bounded context", |d| matches!(d, Declared::Context(_)));
            self.check_rect(&path, rect);
        }
        for (id, flow) in &layout.flows {
            let path = || key_path("$.layout.flows", id);
            self.layout_key(&path, id, "flow", |d| matches!(d, Declared::Flow(_)));
            for (j, point) in flow.waypoints.iter().enumerate() {
                self.check_point(&|| format!("{}.waypoints[{j}]", path()), *point);
            }
            if let Some(label) = flow.label {
                self.check_point(&|| format!("{}.label", path()), label);
            }
        }
    }

    fn layout_key(&mut self, path: &dyn Fn() -> String, id: &Id, what: &str, is_right: impl Fn(Declared) -> bool) {
        match self.declared.get(id.as_str()) {
            Some(&declared) if is_right(declared) => {}
            Some(&declared) => self.problems.push(path(), format!("\"{id}\" is {}, not a {what}", declared.what())),
            None => self.problems.push(path(), format!("layout for unknown {what} \"{id}\"")),
        }
    }

    fn check_point(&mut self, path: &dyn Fn() -> String, point: Point) {
        for (axis, value) in [("x", point.x), ("y", point.y)] {
            if !value.is_finite() || value.abs() > MAX_COORDINATE {
                self.problems.push(path(), format!("{axis} = {value} is outside ±{MAX_COORDINATE}"));
            }
        }
    }

    fn check_rect(&mut self, path: &dyn Fn() -> String, rect: &Rect) {
        self.check_point(path, Point { x: rect.x, y: rect.y });
        for (axis, value) in [("w", rect.w), ("h", rect.h)] {
            if !(value.is_finite() && value > 0.0 && value <= MAX_SIZE) {
                self.problems.push(format!("{}.{axis}", path()), format!("{value} is not a size in (0, {MAX_SIZE}]"));
            }
        }
    }

    fn check_triage_and_settings(&mut self) {
        for key in self.diagram.triage.keys() {
            if let Err(why) = crate::model::triage::check_finding_id(key) {
                self.problems.push(key_path("$.triage", key), why);
            }
        }
        self.check_settings(&self.diagram.settings);
    }

    fn check_settings(&mut self, settings: &crate::model::settings::Settings) {
        for (rule, settings) in &settings.rules {
            let path = key_path("$.settings.rules", rule);
            if let Err(why) = Id::new(rule) {
                self.problems.push(path.clone(), why);
            }
            for (name, value) in &settings.thresholds {
                if !value.is_finite() {
                    self.problems.push(key_path(&format!("{path}.thresholds"), name), "must be a finite number");
                }
            }
        }
    }
}

/// `base.key`, or `base["key"]` when the key is not a plain word (an id with a `.`, a finding id with `@`): the
/// same paths the decoder writes, so `$.layout.components["db.primary"]` is never mistaken for a nested key.
fn key_path(base: &str, key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        format!("{base}.{key}")
    } else {
        let quoted = serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""));
        format!("{base}[{quoted}]")
    }
}

/// A kind with its article, as read aloud: "an sqs-queue", "an ec2-node", "a lambda".
fn a(kind: K) -> String {
    let an = matches!(
        kind,
        K::Internet
            | K::OnPrem
            | K::AwsAccount
            | K::EksCluster
            | K::EksControlPlane
            | K::Ec2Node
            | K::EcsCluster
            | K::EcsService
            | K::ApiGateway
            | K::SqsQueue
            | K::SnsTopic
            | K::EventbridgeBus
            | K::RdsDatabase
            | K::RdsProxy
            | K::Elasticache
            | K::S3Bucket
            | K::EcrRegistry
            | K::ExternalRegistry
            | K::IamRole
    );
    format!("{} {kind}", if an { "an" } else { "a" })
}

/// Kinds that only group others and never send or receive anything themselves.
fn is_flow_endpoint(kind: K) -> bool {
    kind.is_flow_endpoint()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_quote_what_is_not_a_plain_word() {
        assert_eq!(key_path("$.layout.components", "orders-api"), "$.layout.components.orders-api");
        assert_eq!(key_path("$.layout.components", "db.primary"), "$.layout.components[\"db.primary\"]");
        assert_eq!(key_path("$.triage", "a@b"), "$.triage[\"a@b\"]");
        assert_eq!(key_path("$.settings.rules", ""), "$.settings.rules[\"\"]");
    }

    #[test]
    fn articles_follow_pronunciation() {
        assert_eq!(a(K::SqsQueue), "an sqs-queue");
        assert_eq!(a(K::Ec2Node), "an ec2-node");
        assert_eq!(a(K::Lambda), "a lambda");
        assert_eq!(a(K::Vpc), "a vpc");
    }

    #[test]
    fn suggestions_stop_for_huge_diagrams() {
        use crate::model::{Component, Diagram, Flow, Pattern};
        let id = |text: &str| Id::new(text).unwrap();
        let mut diagram = Diagram::default();
        for i in 0..=MAX_SUGGESTION_CANDIDATES {
            diagram.components.push(Component::new(id(&format!("service-{i}")), K::GenericService, "s"));
        }
        diagram.flows.push(Flow::new(id("f"), id("service-0"), id("service-x"), Pattern::SyncRequest));
        let problems = check(&diagram);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].to_string(), "$.flows[0].to: unknown component \"service-x\"");
        diagram.components.pop();
        assert!(check(&diagram)[0].message.contains("did you mean"));
    }

    #[test]
    fn cidrs_and_actions() {
        use crate::model::props::Syntax;
        assert!(Syntax::Cidr.check("0.0.0.0/0").is_ok());
        assert!(Syntax::Cidr.check("10.0.0.0/33").is_err());
        assert!(Syntax::Cidr.check("10.0.0/8").is_err());
        assert!(Syntax::IamAction.check("s3:GetObject").is_ok());
        assert!(Syntax::IamAction.check("sqs:*").is_ok());
        assert!(Syntax::IamAction.check("*").is_ok());
        assert!(Syntax::IamAction.check("s3").is_err());
        assert!(Syntax::IamAction.check(":x").is_err());
    }
}
