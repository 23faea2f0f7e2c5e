//! AWS CloudFormation and SAM templates (YAML with the short intrinsic tags, or JSON). Resources become components
//! by their type (`kinds`), their own properties give the security properties they state (`props`), references
//! between resources become nesting, flows and role permissions (`network`, `wiring`, `sam`), and plumbing (log
//! groups, permissions, routes, security group rules ...) is folded into the resource it serves. Every resource
//! has a line in the report under its logical id (`$.Resources.Name`). What the template leaves unresolved (a
//! parameter without a default, an undecided condition, an imported value) stays unknown.
//!
//! Nested stacks with a local `TemplateURL` are read through the caller's reader and merged (`nested`); a remote
//! URL is never fetched. The import itself reads no files: the reader is the caller's.

mod apis;
mod eval;
mod kinds;
pub(super) mod nested;
mod network;
mod props;
mod sam;
mod wiring;
pub(super) mod yaml;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::import::common::{Builder, child};
use crate::import::report::{ImportReport, Outcome};
use crate::model::Diagram;
use crate::model::catalog;
use crate::model::id::Id;
use crate::model::kind::ComponentKind;
use crate::model::problem::Problem;

use eval::Template;

/// Whether a parsed document is a CloudFormation or SAM template.
pub(super) fn is_template(value: &Value) -> bool {
    value.get("AWSTemplateFormatVersion").is_some()
        || value.get("Resources").and_then(Value::as_object).is_some_and(|resources| {
            resources.values().any(|r| r.get("Type").and_then(Value::as_str).is_some_and(|t| t.starts_with("AWS::")))
        })
}

/// The import in progress.
pub(super) struct Cfn<'a> {
    /// Types and names from the format the template was written from.
    pub labels: Labels,
    pub b: Builder,
    pub t: Template<'a>,
    /// Logical id -> the component it became.
    pub components: BTreeMap<String, Id>,
    /// Logical ids of the resources left out by a false condition.
    pub skipped: BTreeSet<String>,
    /// Plumbing resources, by logical id, with their type: folded into an owner at the end.
    pub plumbing: BTreeMap<String, String>,
    /// Plumbing already given an owner (by the wiring), with the owner.
    pub folded: BTreeMap<String, (Id, String)>,
    /// SAM `Globals.Function`.
    pub globals: Map<String, Value>,
    /// SAM `Globals.Api` and `Globals.HttpApi`, by the type they apply to.
    pub api_globals: BTreeMap<&'static str, Map<String, Value>>,
    /// Components made for things the template implies (SAM's implicit API, a function's role), by name.
    pub implicit: BTreeMap<String, Id>,
}

impl Cfn<'_> {
    /// A resource's properties with SAM's `Globals` for its type underneath (the resource's own win).
    pub fn properties_with_globals(&self, logical: &str) -> Value {
        let mut merged = self.api_globals.get(self.type_of(logical)).cloned().unwrap_or_default();
        if let Some(Value::Object(own)) = self.resource(logical).and_then(|r| r.get("Properties")) {
            merged.extend(own.clone());
        }
        Value::Object(merged)
    }

    /// A resource by logical id.
    pub fn resource(&self, logical: &str) -> Option<&Value> {
        self.t.resources.get(logical)
    }

    /// A resource's type.
    pub fn type_of(&self, logical: &str) -> &str {
        self.resource(logical).and_then(|r| r.get("Type")).and_then(Value::as_str).unwrap_or_default()
    }

    /// The component a resource reference points at.
    pub fn target(&self, value: &Value) -> Option<Id> {
        self.t.references(value).into_iter().find_map(|r| self.components.get(&r.target).cloned())
    }

    /// Every component a value refers to.
    pub fn targets(&self, value: &Value) -> Vec<Id> {
        let mut out: Vec<Id> =
            self.t.references(value).into_iter().filter_map(|r| self.components.get(&r.target).cloned()).collect();
        out.dedup();
        out
    }

    /// Says a plumbing resource was folded into a component.
    pub fn fold(&mut self, logical: &str, owner: &Id, how: &str) {
        if self.plumbing.contains_key(logical) && !self.folded.contains_key(logical) {
            self.folded.insert(logical.to_owned(), (owner.clone(), how.to_owned()));
        }
    }

    /// A component the template implies but does not declare, made once per name.
    pub fn implied(&mut self, source: &str, name: &str, kind: ComponentKind, why: &str) -> Id {
        if let Some(id) = self.implicit.get(name) {
            return id.clone();
        }
        let id = self.b.component(source, name, kind, why);
        self.b.report.add(Outcome::Approximated, source, Some(&id), format!("implied by the template: {why}"));
        self.implicit.insert(name.to_owned(), id.clone());
        id
    }

    /// Adds a flow between two components in the direction trustmap draws it (from the caller; a reader of a
    /// queue, stream or store draws it to what it reads), once per pair. `reads`: the link only reads.
    pub fn link(&mut self, place: &str, label: &str, source: &Id, target: &Id, reads: bool) {
        let (Some(source_kind), Some(target_kind)) = (self.b.kind_of(source), self.b.kind_of(target)) else {
            return;
        };
        if source == target || !source_kind.is_flow_endpoint() || !target_kind.is_flow_endpoint() {
            return;
        }
        let (from, to) =
            if source_kind.is_queue() && !target_kind.is_queue() { (target, source) } else { (source, target) };
        let exists =
            self.b.diagram.flows.iter().any(|f| (&f.from == from && &f.to == to) || (&f.from == to && &f.to == from));
        if exists {
            return;
        }
        if source_kind.is_queue() && !target_kind.is_queue() {
            // A consumer polls the queue or stream: drawn from the consumer, receiving.
            let id = self.b.id(&format!("{from} to {to}"));
            let flow = crate::model::flow::Flow::new(
                id.clone(),
                from.clone(),
                to.clone(),
                crate::model::flow::Pattern::QueueReceive,
            );
            self.b.diagram.flows.push(flow);
            self.b.report.add(
                Outcome::Mapped,
                place,
                Some(&id),
                format!("queue-receive flow from {from} to {to} ({label}; the consumer polls)"),
            );
            return;
        }
        if let Some(id) = self.b.flow(place, "", source, target, reads)
            && let Some(item) = self.b.report.items.last_mut()
            && item.element.as_ref() == Some(&id)
        {
            item.text = format!("{} ({label})", item.text);
        }
    }
}

/// Imports a CloudFormation or SAM template. `name` is its file name and `reader` reads the local files its nested
/// stacks name (relative to its folder); without a reader the nested stacks are reported, not drawn.
pub(super) fn import(
    value: &Value,
    name: &str,
    mut reader: Option<&mut nested::Reader<'_>>,
) -> Result<(Diagram, ImportReport), Vec<Problem>> {
    let Some(top) = value.as_object() else {
        return Err(vec![Problem::new("$", "expected a CloudFormation template (a mapping)")]);
    };
    let mut top = top.clone();
    let mut notes = Vec::new();
    let mut stack = vec![name.to_owned()];
    nested::flatten(&mut top, name, &mut reader, &mut stack, &mut notes)?;
    run(&top, notes, Labels::new())
}

/// What another format calls each resource: logical id -> (its type in that format, its display name).
pub(in crate::import) type Labels = BTreeMap<String, (String, String)>;

/// Imports a template written from another format (a Terraform plan), whose resources keep that format's types and
/// names in the report and on the canvas.
pub(in crate::import) fn import_translated(
    top: &Map<String, Value>,
    labels: Labels,
) -> Result<(Diagram, ImportReport), Vec<Problem>> {
    run(top, Vec::new(), labels)
}

fn run(
    top: &Map<String, Value>,
    notes: nested::Notes,
    labels: Labels,
) -> Result<(Diagram, ImportReport), Vec<Problem>> {
    let Some(resources) = top.get("Resources").and_then(Value::as_object) else {
        return Err(vec![Problem::new("$.Resources", "a CloudFormation template needs a Resources mapping")]);
    };
    Builder::check_size(resources.len(), "$.Resources")?;
    let t = Template::new(top, resources)?;
    wiring::check_cycles(&t)?;
    let sam = top.get("Transform").is_some_and(|t| t.to_string().contains("AWS::Serverless"));
    let mut cfn = Cfn {
        labels,
        b: Builder::new(if sam { "AWS SAM template" } else { "AWS CloudFormation template" }),
        t,
        components: BTreeMap::new(),
        skipped: BTreeSet::new(),
        plumbing: BTreeMap::new(),
        folded: BTreeMap::new(),
        api_globals: crate::sorting::map(
            [("AWS::Serverless::Api", "Api"), ("AWS::Serverless::HttpApi", "HttpApi")]
                .into_iter()
                .filter_map(|(kind, key)| Some((kind, top.get("Globals")?.get(key)?.as_object()?.clone()))),
        ),
        globals: top
            .get("Globals")
            .and_then(|g| g.get("Function"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        implicit: BTreeMap::new(),
    };
    for (place, text) in notes {
        let outcome = if text.contains("are drawn as") { Outcome::Mapped } else { Outcome::Dropped };
        cfn.b.report.add(outcome, &place, None, text);
    }
    for (logical, resource) in resources {
        cfn.declare(logical, resource);
    }
    let logicals: Vec<String> = cfn.components.keys().cloned().collect();
    for logical in &logicals {
        props::apply(&mut cfn, logical);
    }
    sam::expand(&mut cfn);
    wiring::wire(&mut cfn);
    apis::front_doors(&mut cfn);
    network::nest(&mut cfn);
    network::internet(&mut cfn);
    cfn.report_plumbing();
    cfn.sanitize();
    cfn.mark_sources();
    if let Some(title) =
        top.get("Description").and_then(Value::as_str).and_then(|d| d.lines().find(|l| !l.trim().is_empty()))
    {
        cfn.b.diagram.settings.title = title.trim().chars().take(100).collect();
    }
    Ok((cfn.b.diagram, cfn.b.report))
}

impl Cfn<'_> {
    /// Creates the component a resource becomes, or notes it as plumbing or left out.
    fn declare(&mut self, logical: &str, resource: &Value) {
        let path = child("$.Resources", logical);
        let Some(cfn_type) = resource.get("Type").and_then(Value::as_str) else {
            self.b.report.add(Outcome::Warning, &path, None, "a resource without a Type: left out");
            return;
        };
        let (resource_type, name) = match self.labels.get(logical) {
            Some((label, name)) => (label.clone(), name.clone()),
            None => (cfn_type.to_owned(), logical.to_owned()),
        };
        let resource_type = resource_type.as_str();
        if let Some(condition) = resource.get("Condition").and_then(Value::as_str) {
            match self.t.condition(condition) {
                Some(false) => {
                    self.skipped.insert(logical.to_owned());
                    self.b.report.add(
                        Outcome::Dropped,
                        &path,
                        None,
                        format!("{resource_type}: its condition {condition} is false with the parameters' defaults"),
                    );
                    return;
                }
                Some(true) => {}
                None => self.b.report.add(
                    Outcome::Approximated,
                    &path,
                    None,
                    format!("{resource_type}: its condition {condition} cannot be decided; drawn as if it holds"),
                ),
            }
        }
        if matches!(cfn_type, "AWS::CloudFormation::Stack" | "AWS::Serverless::Application") {
            let noted = format!("{path}.Properties.TemplateURL");
            if self.b.report.items.iter().any(|item| item.source == noted) {
                return;
            }
            let url = resource
                .get("Properties")
                .and_then(|p| p.get("TemplateURL").or_else(|| p.get("Location")))
                .and_then(|u| self.t.text(u))
                .unwrap_or_default();
            let remote = url.contains("://") || url.is_empty();
            let text = if remote {
                format!(
                    "nested stack {resource_type} at \"{url}\": a remote or unresolved template is never fetched; its resources are not drawn"
                )
            } else {
                format!("nested stack {resource_type} from \"{url}\": not read; its resources are not drawn")
            };
            self.b.report.add(Outcome::Dropped, &path, None, text);
            return;
        }
        if let Some(kind) = kinds::kind_of(cfn_type) {
            let id = self.b.component(&path, &name, kind, resource_type);
            if let Some(why) = kinds::approximation(cfn_type) {
                self.b.report.add(Outcome::Approximated, &path, Some(&id), why);
            }
            self.components.insert(logical.to_owned(), id);
        } else if kinds::plumbing(cfn_type).is_some() {
            self.plumbing.insert(logical.to_owned(), resource_type.to_owned());
        } else {
            let why = if cfn_type.starts_with("Custom::") || cfn_type == "AWS::CloudFormation::CustomResource" {
                "a custom resource: what its code does is not in the template".to_owned()
            } else {
                format!("{resource_type} has no trustmap kind: not drawn")
            };
            self.b.report.add(Outcome::Dropped, &path, None, why);
        }
    }

    /// Reports every plumbing resource: folded into the component the wiring tied it to, else into the first drawn
    /// component (or folded plumbing) it refers to, else into what refers to it, else left out.
    fn report_plumbing(&mut self) {
        let plumbing = std::mem::take(&mut self.plumbing);
        let refers: BTreeMap<&str, Vec<String>> = self
            .t
            .resources
            .iter()
            .map(|(logical, r)| {
                let targets = r.get("Properties").map(|p| self.t.references(p)).unwrap_or_default();
                (logical.as_str(), targets.into_iter().map(|r| r.target).collect())
            })
            .collect();
        let mut referrers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (from, targets) in &refers {
            for target in targets {
                referrers.entry(target.as_str()).or_default().push(from);
            }
        }
        // Owners found so far: the wiring's, then passes over the references until nothing changes.
        let mut owners: BTreeMap<String, Id> =
            self.folded.iter().map(|(l, (owner, _))| (l.clone(), owner.clone())).collect();
        let owner_of = |logical: &str, owners: &BTreeMap<String, Id>| -> Option<Id> {
            self.components.get(logical).cloned().or_else(|| owners.get(logical).cloned())
        };
        for _ in 0..8 {
            let mut changed = false;
            for logical in plumbing.keys() {
                if owners.contains_key(logical) {
                    continue;
                }
                let forward = refers.get(logical.as_str()).into_iter().flatten().find_map(|t| owner_of(t, &owners));
                let backward =
                    || referrers.get(logical.as_str()).into_iter().flatten().find_map(|from| owner_of(from, &owners));
                if let Some(owner) = forward.or_else(backward) {
                    owners.insert(logical.clone(), owner);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for (logical, resource_type) in &plumbing {
            let path = child("$.Resources", logical);
            if self.skipped.contains(logical) {
                continue;
            }
            if let Some((owner, how)) = self.folded.get(logical) {
                self.b.report.add(
                    Outcome::Mapped,
                    &path,
                    Some(owner),
                    format!("{resource_type} folded into {owner} ({how})"),
                );
                continue;
            }
            match owners.get(logical) {
                Some(owner) => self.b.report.add(
                    Outcome::Mapped,
                    &path,
                    Some(owner),
                    format!("{resource_type} folded into {owner} (they name each other)"),
                ),
                None if let Some(owner) = self.named_alike(logical) => self.b.report.add(
                    Outcome::Mapped,
                    &path,
                    Some(&owner),
                    format!("{resource_type} folded into {owner} (it names it by the same name expression)"),
                ),
                None => self.b.report.add(
                    Outcome::Dropped,
                    &path,
                    None,
                    format!("{resource_type}: plumbing that names no drawn resource and is named by none; left out"),
                ),
            }
        }
        self.plumbing = plumbing;
    }

    /// The drawn resource whose name property (`BucketName`, `QueueName` ...) is written exactly as one of this
    /// resource's properties (a bucket policy naming its bucket by `!Sub "${AppName}-logs"` rather than `!Ref`).
    fn named_alike(&self, logical: &str) -> Option<Id> {
        const NAMES: [&str; 7] =
            ["BucketName", "QueueName", "TopicName", "TableName", "FunctionName", "RoleName", "Name"];
        let p = self.resource(logical)?.get("Properties")?.as_object()?;
        self.components.iter().find_map(|(other, id)| {
            let q = self.resource(other)?.get("Properties")?;
            let name = NAMES.iter().find_map(|key| q.get(*key))?;
            // A plain string is matched by the references; only an expression (an intrinsic) says "same name".
            (name.is_object() && p.values().any(|v| v == name)).then(|| id.clone())
        })
    }

    /// Records on every component the resource it came from (its logical id or address), or, for what the template
    /// implies, the name it was made under, so a later import of the changed template finds it again.
    fn mark_sources(&mut self) {
        let mut sources: BTreeMap<Id, String> = BTreeMap::new();
        for (name, id) in &self.implicit {
            sources.insert(id.clone(), name.clone());
        }
        for (logical, id) in &self.components {
            sources.insert(id.clone(), logical.clone());
        }
        for component in &mut self.b.diagram.components {
            component.source = sources.remove(&component.id).unwrap_or_else(|| component.name.clone());
        }
    }

    /// Clears properties a kind does not take (a template's setting that has no meaning on that kind).
    fn sanitize(&mut self) {
        for component in &mut self.b.diagram.components {
            let allowed = catalog::info(component.kind).properties;
            for key in component.properties.set_keys() {
                if !allowed.contains(&key) {
                    component.properties.clear(key);
                }
            }
        }
    }
}
