//! Strategies for **valid** diagrams: every kind nested legally, properties that apply to each kind, flows with
//! legal patterns, boundaries, contexts, connections, triage, settings, and layout with arbitrary finite floats.
//! Shared by the property tests (`mod support;`).

use std::collections::BTreeMap;

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;
use trustmap::model::catalog::{children_of, info};
use trustmap::model::layout::{FlowLayout, MAX_COORDINATE, MAX_SIZE, Point, Rect};
use trustmap::model::named::Named;
use trustmap::model::note::Note;
use trustmap::model::props::{self, Properties, PropertyKey, Syntax, ValueType};
use trustmap::model::settings::{Date, RuleSettings, Settings};
use trustmap::model::threat::{Cia, Stride, Threat};
use trustmap::model::triage::{Triage, TriageStatus};
use trustmap::model::{
    Boundary, BoundaryKind, Component, ComponentKind as K, Connection, ConnectionKind, Context, Diagram, Flow, Id,
    Pattern,
};

// ---------------------------------------------------------------------------------------------------------------
// Leaves

/// Any value of a named enum.
fn named<T: Named + std::fmt::Debug>() -> impl Strategy<Value = T> {
    select(T::ALL)
}

/// A finite float built from raw bits: every sign, every mantissa, binary exponents up to `max_exponent`
/// (subnormals and zero included), plus values people type.
fn float_up_to(max_exponent: u64, typed: &'static [f64]) -> impl Strategy<Value = f64> {
    let raw = (any::<bool>(), 0..=1023 + max_exponent, any::<u64>()).prop_map(|(negative, exponent, mantissa)| {
        f64::from_bits(u64::from(negative) << 63 | exponent << 52 | (mantissa & ((1 << 52) - 1)))
    });
    prop_oneof![3 => raw, 1 => select(typed)]
}

const TYPED: &[f64] = &[0.0, -0.0, 0.1, 1e-300, 5e-324, -123_456.789, 1e6, 1e7, -1e7, 260.0, 0.3, 2.5e-8];

/// A coordinate within ±[`MAX_COORDINATE`].
fn coordinate() -> impl Strategy<Value = f64> {
    float_up_to(23, TYPED).prop_filter("outside the canvas", |x| x.abs() <= MAX_COORDINATE)
}

/// A size in (0, [`MAX_SIZE`]].
fn size() -> impl Strategy<Value = f64> {
    float_up_to(19, TYPED).prop_map(f64::abs).prop_filter("not a size", |w| *w > 0.0 && *w <= MAX_SIZE)
}

/// Any finite float, for rule thresholds.
fn finite() -> impl Strategy<Value = f64> {
    float_up_to(1023, TYPED).prop_filter("not finite", |x| x.is_finite())
}

fn rect() -> impl Strategy<Value = Rect> {
    (coordinate(), coordinate(), size(), size()).prop_map(|(x, y, w, h)| Rect { x, y, w, h })
}

fn point() -> impl Strategy<Value = Point> {
    (coordinate(), coordinate()).prop_map(|(x, y)| Point { x, y })
}

fn flow_layout() -> impl Strategy<Value = FlowLayout> {
    (vec(point(), 0..4), proptest::option::of(point())).prop_map(|(waypoints, label)| FlowLayout { waypoints, label })
}

/// Any characters at all: control characters, quotes, backslashes, surrogate-pair territory.
fn chars() -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..16).prop_map(String::from_iter)
}

/// Free text.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), chars(), "[A-Za-z0-9 ]{1,20}"]
}

/// Text with something in it besides white space (versions and runtimes must not be blank).
fn word() -> impl Strategy<Value = String> {
    prop_oneof![(chars(), "[a-z0-9.]{1,8}").prop_map(|(junk, word)| format!("{junk}{word}")), "[a-z0-9.]{1,8}"]
}

/// An id stem: the start of a valid id.
fn stem() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9._-]{0,10}"
}

fn id(text: &str) -> Id {
    Id::new(text).unwrap()
}

fn date() -> impl Strategy<Value = Date> {
    (0u16..=9999, 1u8..=12, 1u8..=31).prop_map(|(year, month, day)| {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        Date { year, month, day: (day - 1) % days + 1 }
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Properties: derived from the registry (every property, by its value type and syntax), then cleared where it does
// not apply to the kind. A new property in the registry is generated here without any change.

fn cidr() -> impl Strategy<Value = String> {
    (any::<[u8; 4]>(), 0u8..=32).prop_map(|([a, b, c, d], bits)| format!("{a}.{b}.{c}.{d}/{bits}"))
}

fn action() -> impl Strategy<Value = String> {
    prop_oneof![Just("*".to_owned()), "[a-z0-9-]{1,10}:[A-Za-z0-9*?]{1,16}"]
}

/// Placeholder resources (`zz-ref-N`), replaced by component ids once those exist.
const RESOURCE_PLACEHOLDER: &str = "zz-ref-";

fn version() -> impl Strategy<Value = String> {
    let status = select(&["current", "outdated", "unknown"][..]).prop_map(str::to_owned);
    let number = ("v?", vec(0u32..200, 1..=4), "(-[a-z0-9.]{1,8})?").prop_map(|(v, parts, suffix)| {
        let parts: Vec<String> = parts.iter().map(u32::to_string).collect();
        format!("{v}{}{suffix}", parts.join("."))
    });
    prop_oneof![1 => status, 3 => number]
}

fn text_for(syntax: Syntax) -> BoxedStrategy<String> {
    match syntax {
        Syntax::Word => word().boxed(),
        Syntax::VersionOrStatus => version().boxed(),
        Syntax::RuntimeVersionOrStatus => (select(&["", "containerd://", "containerd "][..]), version())
            .prop_map(|(prefix, version)| {
                if ["current", "outdated", "unknown"].contains(&version.as_str()) {
                    version
                } else {
                    format!("{prefix}{version}")
                }
            })
            .boxed(),
        Syntax::Runtime => vec(any::<char>().prop_filter("blank", |c| !c.is_whitespace() && !c.is_control()), 1..12)
            .prop_map(String::from_iter)
            .boxed(),
        Syntax::Cidr => cidr().boxed(),
        Syntax::IamAction => action().boxed(),
        Syntax::ResourceRef => prop_oneof![
            Just("*".to_owned()),
            Just("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/x".to_owned()),
            (0usize..1000).prop_map(|n| format!("{RESOURCE_PLACEHOLDER}{n}"))
        ]
        .boxed(),
        Syntax::EngineVersionOrStatus => version().boxed(),
        Syntax::Origin => {
            prop_oneof![Just("*".to_owned()), "[a-z]{1,8}".prop_map(|h| format!("https://{h}.example.com"))].boxed()
        }
        Syntax::ManagedPolicy => select(props::names::MANAGED_POLICIES).prop_map(str::to_owned).boxed(),
        Syntax::PolicyTemplate => select(props::names::POLICY_TEMPLATES).prop_map(str::to_owned).boxed(),
    }
}

fn choice(spellings: &'static [&'static str]) -> impl Strategy<Value = Value> {
    select(spellings).prop_map(Value::from)
}

/// A valid value of `value_type`, as written in files.
fn value_for(value_type: ValueType) -> BoxedStrategy<Value> {
    match value_type {
        ValueType::Bool => any::<bool>().prop_map(Value::from).boxed(),
        ValueType::Integer { min, max } => (min..=max).prop_map(Value::from).boxed(),
        ValueType::Choice(spellings) => choice(spellings).boxed(),
        ValueType::ChoiceList(spellings) => vec(choice(spellings), 0..4).prop_map(Value::Array).boxed(),
        ValueType::Text(syntax) => text_for(syntax).prop_map(Value::from).boxed(),
        ValueType::TextList(syntax) => {
            let min = usize::from(syntax == Syntax::IamAction || syntax == Syntax::ResourceRef);
            vec(text_for(syntax).prop_map(Value::from), min..4).prop_map(Value::Array).boxed()
        }
        ValueType::Reference(_) | ValueType::ReferenceList(_) => unreachable!("properties hold no references"),
        ValueType::Object(fields) => {
            let parts: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
                .iter()
                .map(|field| {
                    let name = field.name.to_owned();
                    let value = value_for(*field.value).prop_map(move |v| (name.clone(), v));
                    if field.required { value.prop_map(Some).boxed() } else { option(value).boxed() }
                })
                .collect();
            parts.prop_map(|parts| Value::Object(parts.into_iter().flatten().collect())).boxed()
        }
        ValueType::ObjectList(fields) => vec(value_for(ValueType::Object(fields)), 0..3).prop_map(Value::Array).boxed(),
    }
}

fn option<T: std::fmt::Debug>(strategy: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
    proptest::option::of(strategy)
}

fn flag() -> impl Strategy<Value = Option<bool>> {
    option(any::<bool>())
}

/// Every registry property, each set or not, set through the same checks the editor uses.
fn properties() -> impl Strategy<Value = Properties> {
    let per_key: Vec<BoxedStrategy<Option<(PropertyKey, Value)>>> = props::properties()
        .map(|spec| {
            let key = spec.key;
            option(value_for(spec.value).prop_map(move |value| (key, value))).boxed()
        })
        .collect();
    per_key.prop_map(|values| {
        let mut properties = Properties::default();
        for (key, value) in values.into_iter().flatten() {
            let result = trustmap::io::set_property(&mut properties, key, &value);
            assert!(result.is_ok(), "generated {key} = {value} is invalid: {result:?}");
        }
        properties
    })
}

// ---------------------------------------------------------------------------------------------------------------
// The plan: random choices, turned into a legal diagram by `build`

#[derive(Clone, Debug)]
struct ComponentPlan {
    stem: String,
    /// Place it inside an existing component (so chains grow deep), not wherever it may go.
    nest: bool,
    kind: usize,
    parent: usize,
    name: String,
    description: String,
    properties: Properties,
    role: Option<usize>,
    links: Vec<usize>,
    context: Option<usize>,
    rect: Rect,
}

#[derive(Clone, Debug)]
struct FlowPlan {
    stem: String,
    pattern: Pattern,
    from: usize,
    to: usize,
    details: Flow,
    layout: Option<FlowLayout>,
}

#[derive(Clone, Debug)]
struct GroupPlan {
    stem: String,
    kind: usize,
    name: String,
    description: String,
    members: Vec<usize>,
    rect: Option<Rect>,
}

#[derive(Clone, Debug)]
struct ConnectionPlan {
    stem: String,
    kind: ConnectionKind,
    from: usize,
    to: usize,
    label: String,
}

#[derive(Clone, Debug)]
struct NotePlan {
    stem: String,
    text: String,
    attach: Option<usize>,
    rect: Option<Rect>,
}

#[derive(Clone, Debug)]
struct ThreatPlan {
    stem: String,
    element: usize,
    title: String,
    description: String,
    cia: Vec<Cia>,
    stride: Vec<Stride>,
    likelihood: u8,
    impact: u8,
    mitigation: String,
    status: TriageStatus,
}

#[derive(Clone, Debug)]
struct Plan {
    settings: Settings,
    components: Vec<ComponentPlan>,
    flows: Vec<FlowPlan>,
    boundaries: Vec<GroupPlan>,
    contexts: Vec<GroupPlan>,
    connections: Vec<ConnectionPlan>,
    triage: BTreeMap<String, Triage>,
    notes: Vec<NotePlan>,
    threats: Vec<ThreatPlan>,
}

fn component_plan() -> impl Strategy<Value = ComponentPlan> {
    (
        (stem(), proptest::bool::weighted(0.6), any::<usize>(), any::<usize>(), text(), text()),
        properties(),
        (option(any::<usize>()), vec(any::<usize>(), 0..4), option(any::<usize>()), rect()),
    )
        .prop_map(|((stem, nest, kind, parent, name, description), properties, (role, links, context, rect))| {
            ComponentPlan { stem, nest, kind, parent, name, description, properties, role, links, context, rect }
        })
}

fn flow_plan() -> impl Strategy<Value = FlowPlan> {
    let details = (option(named()), option(named()), flag(), flag(), option(named()), text()).prop_map(
        |(protocol, authentication, authorization, encrypted, data, label)| {
            let mut flow = Flow::new(id("x"), id("x"), id("x"), Pattern::SyncRequest);
            (flow.protocol, flow.authentication, flow.authorization, flow.encrypted, flow.data, flow.label) =
                (protocol, authentication, authorization, encrypted, data, label);
            flow
        },
    );
    (stem(), named(), any::<usize>(), any::<usize>(), details, option(flow_layout()))
        .prop_map(|(stem, pattern, from, to, details, layout)| FlowPlan { stem, pattern, from, to, details, layout })
}

fn group_plan() -> impl Strategy<Value = GroupPlan> {
    (stem(), any::<usize>(), text(), text(), vec(any::<usize>(), 0..6), option(rect())).prop_map(
        |(stem, kind, name, description, members, rect)| GroupPlan { stem, kind, name, description, members, rect },
    )
}

fn connection_plan() -> impl Strategy<Value = ConnectionPlan> {
    (stem(), named(), any::<usize>(), any::<usize>(), text()).prop_map(|(stem, kind, from, to, label)| ConnectionPlan {
        stem,
        kind,
        from,
        to,
        label,
    })
}

fn note_plan() -> impl Strategy<Value = NotePlan> {
    (stem(), text(), option(any::<usize>()), option(rect())).prop_map(|(stem, text, attach, rect)| NotePlan {
        stem,
        text,
        attach,
        rect,
    })
}

fn threat_plan() -> impl Strategy<Value = ThreatPlan> {
    (
        (stem(), any::<usize>(), word(), text()),
        (vec(named(), 0..3), vec(named(), 0..4), 1u8..=5, 1u8..=5, text(), named()),
    )
        .prop_map(
            |((stem, element, title, description), (cia, stride, likelihood, impact, mitigation, status))| ThreatPlan {
                stem,
                element,
                title,
                description,
                cia,
                stride,
                likelihood,
                impact,
                mitigation,
                status,
            },
        )
}

fn finding_id() -> impl Strategy<Value = String> {
    let element = "[a-z0-9][a-z0-9._-]{0,10}";
    ("[a-z0-9][a-z0-9-]{0,16}", vec(element, 1..4)).prop_map(|(rule, mut elements)| {
        elements.sort();
        format!("{rule}@{}", elements.join("+"))
    })
}

fn settings() -> impl Strategy<Value = Settings> {
    let rule = (flag(), btree_map(text(), finite(), 0..4))
        .prop_map(|(enabled, thresholds)| RuleSettings { enabled, thresholds });
    (text(), text(), named(), option(date()), btree_map("[a-z0-9][a-z0-9-]{0,16}", rule, 0..4))
        .prop_map(|(title, description, posture, as_of, rules)| Settings { title, description, posture, as_of, rules })
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        settings(),
        vec(component_plan(), 1..40),
        vec(flow_plan(), 0..30),
        vec(group_plan(), 0..4),
        vec(group_plan(), 0..5),
        vec(connection_plan(), 0..5),
        btree_map(finding_id(), (named(), text()).prop_map(|(status, note)| Triage { status, note }), 0..5),
        vec(note_plan(), 0..4),
        vec(threat_plan(), 0..4),
    )
        .prop_map(|(settings, components, flows, boundaries, contexts, connections, triage, notes, threats)| {
            Plan { settings, components, flows, boundaries, contexts, connections, triage, notes, threats }
        })
}

/// Kinds that only group others (validate.rs: never a flow endpoint).
fn groups_only(kind: K) -> bool {
    matches!(kind, K::AwsAccount | K::Vpc | K::Subnet | K::FargateProfile | K::IamRole | K::EcsCluster)
}

/// The item a random choice lands on, if there are any.
fn pick<T: Clone>(items: &[T], choice: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[choice % items.len()].clone())
}

/// Turns random choices into a diagram that must be valid: components are placed one by one, each inside an
/// earlier one of a kind it may sit in (so containment never cycles), references only name what exists.
fn build(plan: &Plan) -> Diagram {
    let mut diagram = Diagram { settings: plan.settings.clone(), triage: plan.triage.clone(), ..Diagram::default() };
    let kinds = place_components(plan, &mut diagram);
    add_links(plan, &mut diagram, &kinds);
    add_flows(plan, &mut diagram, &kinds);
    add_groups(plan, &mut diagram);
    add_connections(plan, &mut diagram, &kinds);
    add_notes_and_threats(plan, &mut diagram);
    diagram
}

/// Manual threats on any element a threat can be about, then notes attached to anything (threats included).
fn add_notes_and_threats(plan: &Plan, diagram: &mut Diagram) {
    let mut targets: Vec<Id> = diagram.components.iter().map(|c| c.id.clone()).collect();
    targets.extend(diagram.flows.iter().map(|f| f.id.clone()));
    targets.extend(diagram.boundaries.iter().map(|b| b.id.clone()));
    targets.extend(diagram.contexts.iter().map(|c| c.id.clone()));
    targets.extend(diagram.connections.iter().map(|c| c.id.clone()));
    for (i, t) in plan.threats.iter().enumerate() {
        let Some(element) = pick(&targets, t.element) else { continue };
        diagram.threats.push(Threat {
            id: id(&format!("{}-t{i}", t.stem)),
            element,
            title: t.title.clone(),
            description: t.description.clone(),
            cia: t.cia.clone(),
            stride: t.stride.clone(),
            likelihood: t.likelihood,
            impact: t.impact,
            mitigation: t.mitigation.clone(),
            status: t.status,
        });
    }
    targets.extend(diagram.threats.iter().map(|t| t.id.clone()));
    for (i, n) in plan.notes.iter().enumerate() {
        let note_id = id(&format!("{}-m{i}", n.stem));
        let attached_to = n.attach.and_then(|choice| pick(&targets, choice));
        if let Some(rect) = n.rect {
            diagram.layout.notes.insert(note_id.clone(), rect);
        }
        diagram.notes.push(Note { id: note_id, text: n.text.clone(), attached_to });
    }
}

/// The positions of the components of the given kinds.
fn of_kinds(kinds: &[K], wanted: &[K]) -> Vec<usize> {
    (0..kinds.len()).filter(|&j| wanted.contains(&kinds[j])).collect()
}

fn ids(diagram: &Diagram) -> Vec<Id> {
    diagram.components.iter().map(|c| c.id.clone()).collect()
}

/// Adds the components with their parents and layout; returns their kinds.
fn place_components(plan: &Plan, diagram: &mut Diagram) -> Vec<K> {
    let mut kinds: Vec<K> = Vec::new();
    let mut has_control_plane: Vec<bool> = Vec::new();
    let mut depth: Vec<usize> = Vec::new();
    for (i, c) in plan.components.iter().enumerate() {
        // The parents a kind could have now; a cluster takes one control plane only.
        let parents_for = |kind: K| -> Vec<usize> {
            (0..kinds.len())
                .filter(|&j| info(kind).parents.contains(&kinds[j]))
                .filter(|&j| kind != K::EksControlPlane || !has_control_plane[j])
                .collect()
        };
        // Nesting: one of the three deepest components that can hold something, and a kind it may hold.
        let mut holders: Vec<usize> = (0..kinds.len()).filter(|&j| !children_of(kinds[j]).is_empty()).collect();
        holders.sort_by_key(|&j| std::cmp::Reverse(depth[j]));
        holders.truncate(3);
        let (kind, parent) = match pick(&holders, c.parent).filter(|_| c.nest) {
            Some(holder) => {
                let children: Vec<K> =
                    children_of(kinds[holder]).into_iter().filter(|&k| parents_for(k).contains(&holder)).collect();
                (children[c.kind % children.len()], Some(holder))
            }
            None => {
                let placeable: Vec<K> =
                    K::ALL.iter().copied().filter(|&k| info(k).top_level || !parents_for(k).is_empty()).collect();
                let kind = placeable[c.kind % placeable.len()];
                let parents = parents_for(kind);
                let choices = parents.len() + usize::from(info(kind).top_level);
                (kind, parents.get(c.parent % choices).copied())
            }
        };
        if kind == K::EksControlPlane
            && let Some(p) = parent
        {
            has_control_plane[p] = true;
        }
        let component_id = id(&format!("{}-c{i}", c.stem));
        let mut properties = c.properties.clone();
        for &key in PropertyKey::ALL {
            if !info(kind).properties.contains(&key) {
                properties.clear(key);
            }
        }
        let mut component = Component::new(component_id.clone(), kind, c.name.clone());
        component.description.clone_from(&c.description);
        // Some components come from a template (format version 5): their source is any text.
        if c.description.len() % 2 == 1 {
            component.source.clone_from(&c.name);
        }
        component.parent = parent.map(|p| diagram.components[p].id.clone());
        component.properties = properties;
        diagram.components.push(component);
        diagram.layout.components.insert(component_id, c.rect);
        kinds.push(kind);
        has_control_plane.push(false);
        depth.push(parent.map_or(0, |p| depth[p] + 1));
    }
    kinds
}

/// Roles, `protects`, `covers`, `credentials_for` and permission resources, now that every component exists.
fn add_links(plan: &Plan, diagram: &mut Diagram, kinds: &[K]) {
    let ids = ids(diagram);
    let all: Vec<usize> = (0..kinds.len()).collect();
    let roles = of_kinds(kinds, &[K::IamRole]);
    let fronts = of_kinds(kinds, &[K::ApiGateway, K::LoadBalancer]);
    for (i, c) in plan.components.iter().enumerate() {
        let links = info(kinds[i]).links;
        let component = &mut diagram.components[i];
        if links.role
            && let Some(role) = c.role.and_then(|choice| pick(&roles, choice))
        {
            component.role = Some(ids[role].clone());
        }
        let targets = |pool: &[usize]| -> Vec<Id> {
            c.links.iter().filter_map(|&choice| pick(pool, choice)).map(|j| ids[j].clone()).collect()
        };
        if links.protects {
            component.protects = targets(&fronts);
        }
        if links.covers {
            component.covers = targets(&all);
        }
        if links.credentials_for {
            component.credentials_for = targets(&all);
        }
        let templates = component.properties.policy_templates.iter_mut().flatten().filter_map(|t| t.resource.as_mut());
        let statements = component.properties.permissions.iter_mut().flatten().flat_map(|p| p.resources.iter_mut());
        {
            for resource in statements.chain(templates) {
                if let Some(n) = resource.strip_prefix(RESOURCE_PLACEHOLDER) {
                    *resource = ids[n.parse::<usize>().unwrap() % ids.len()].to_string();
                }
            }
        }
    }
}

/// Flows whose pattern fits their ends: queue patterns go to a queue, events to and from a topic or bus.
fn add_flows(plan: &Plan, diagram: &mut Diagram, kinds: &[K]) {
    let ids = ids(diagram);
    let endpoints: Vec<usize> = (0..kinds.len()).filter(|&j| !groups_only(kinds[j])).collect();
    let queues = of_kinds(kinds, &[K::SqsQueue, K::KinesisStream]);
    let sqs = of_kinds(kinds, &[K::SqsQueue]);
    let brokers = of_kinds(kinds, &[K::SnsTopic, K::EventbridgeBus]);
    for (i, f) in plan.flows.iter().enumerate() {
        let (pattern, froms, tos) = match f.pattern {
            Pattern::QueueSend | Pattern::QueueReceive if !queues.is_empty() => (f.pattern, &endpoints, &queues),
            Pattern::EventPublish if !brokers.is_empty() => (f.pattern, &endpoints, &brokers),
            Pattern::EventSubscribe if !brokers.is_empty() => (f.pattern, &brokers, &endpoints),
            Pattern::Redrive if sqs.len() >= 2 => (f.pattern, &sqs, &sqs),
            Pattern::QueueSend
            | Pattern::QueueReceive
            | Pattern::EventPublish
            | Pattern::EventSubscribe
            | Pattern::Redrive => (Pattern::SyncRequest, &endpoints, &endpoints),
            other => (other, &endpoints, &endpoints),
        };
        let Some(from) = pick(froms, f.from) else { continue };
        let tos: Vec<usize> = tos.iter().copied().filter(|&j| j != from).collect();
        let Some(to) = pick(&tos, f.to) else { continue };
        let flow_id = id(&format!("{}-f{i}", f.stem));
        let mut flow = f.details.clone();
        (flow.id, flow.from, flow.to, flow.pattern) = (flow_id.clone(), ids[from].clone(), ids[to].clone(), pattern);
        diagram.flows.push(flow);
        if let Some(route) = &f.layout {
            diagram.layout.flows.insert(flow_id, route.clone());
        }
    }
}

/// Boundaries over any components (repeats allowed), and contexts holding every component at most once.
fn add_groups(plan: &Plan, diagram: &mut Diagram) {
    let ids = ids(diagram);
    for (i, b) in plan.boundaries.iter().enumerate() {
        let boundary_id = id(&format!("{}-b{i}", b.stem));
        diagram.boundaries.push(Boundary {
            id: boundary_id.clone(),
            kind: BoundaryKind::ALL[b.kind % BoundaryKind::ALL.len()],
            name: b.name.clone(),
            description: b.description.clone(),
            members: b.members.iter().filter_map(|&choice| pick(&ids, choice)).collect(),
        });
        if let Some(rect) = b.rect {
            diagram.layout.boundaries.insert(boundary_id, rect);
        }
    }
    // A member may be listed twice in its own context.
    for (i, x) in plan.contexts.iter().enumerate() {
        let context_id = id(&format!("{}-x{i}", x.stem));
        let mut members: Vec<Id> = plan
            .components
            .iter()
            .zip(&ids)
            .filter(|(c, _)| c.context.is_some_and(|choice| choice % plan.contexts.len() == i))
            .map(|(_, id)| id.clone())
            .collect();
        if let Some(again) = members.first().cloned().filter(|_| x.kind % 2 == 0) {
            members.push(again);
        }
        diagram.contexts.push(Context {
            id: context_id.clone(),
            name: x.name.clone(),
            description: x.description.clone(),
            members,
        });
        if let Some(rect) = x.rect {
            diagram.layout.contexts.insert(context_id, rect);
        }
    }
}

/// Connections between the kinds each connection kind joins.
fn add_connections(plan: &Plan, diagram: &mut Diagram, kinds: &[K]) {
    let ids = ids(diagram);
    let vpcs = of_kinds(kinds, &[K::Vpc]);
    let networks = of_kinds(kinds, &[K::Vpc, K::OnPrem]);
    let on_prem = of_kinds(kinds, &[K::OnPrem]);
    let accounts = of_kinds(kinds, &[K::AwsAccount]);
    for (i, n) in plan.connections.iter().enumerate() {
        let (froms, tos) = match n.kind {
            ConnectionKind::VpcPeering => (&vpcs, &vpcs),
            ConnectionKind::TransitGateway => (&networks, &networks),
            ConnectionKind::Vpn | ConnectionKind::DirectConnect if n.from % 2 == 0 => (&on_prem, &vpcs),
            ConnectionKind::Vpn | ConnectionKind::DirectConnect => (&vpcs, &on_prem),
            ConnectionKind::CrossAccountTrust => (&accounts, &accounts),
        };
        let Some(from) = pick(froms, n.from / 2) else { continue };
        let tos: Vec<usize> = tos.iter().copied().filter(|&j| j != from).collect();
        let Some(to) = pick(&tos, n.to) else { continue };
        diagram.connections.push(Connection {
            id: id(&format!("{}-n{i}", n.stem)),
            kind: n.kind,
            from: ids[from].clone(),
            to: ids[to].clone(),
            label: n.label.clone(),
        });
    }
}

/// Any valid diagram.
pub fn diagram() -> impl Strategy<Value = Diagram> {
    plan().prop_map(|plan| build(&plan))
}
