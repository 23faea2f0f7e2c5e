//! OWASP Threat Dragon v2 models (JSON): actors, processes and stores become components, flows become flows,
//! trust-boundary boxes become explicit boundaries drawn where the box was, trust-boundary lines become boundaries
//! around the side of the line that holds fewer actors (`td_boundary`), text blocks become notes, and every
//! threat becomes a manual threat on its element. Every diagram of `detail.diagrams[]` goes into the one document,
//! each below the one before with its title in a note above it. Version 1 files are refused with a message.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::import::common::{Builder, child, flag, index, kind_from_name, protocol_of, text, type_name};
use crate::import::report::{ImportReport, Outcome};
use crate::import::td_layout::{self, Frame};
use crate::import::threats::{self, Draft};
use crate::model::group::{Boundary, BoundaryKind};
use crate::model::id::Id;
use crate::model::kind::ComponentKind;
use crate::model::layout::{Point, Rect};
use crate::model::problem::Problem;
use crate::model::props::{Classification, DataProfile, Exposure, PropertyKey};
use crate::model::{Diagram, catalog};

/// What a cell is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Actor,
    Process,
    Store,
    Flow,
    BoundaryBox,
    BoundaryLine,
    Text,
}

fn shape_of(cell: &Value) -> Option<Shape> {
    let data_type = cell.get("data").and_then(|d| d.get("type")).and_then(Value::as_str).unwrap_or_default();
    let shape = cell.get("shape").and_then(Value::as_str).unwrap_or_default();
    Some(match (data_type, shape) {
        ("tm.Actor", _) | (_, "actor") => Shape::Actor,
        ("tm.Process", _) | (_, "process") => Shape::Process,
        ("tm.Store", _) | (_, "store") => Shape::Store,
        ("tm.Flow", _) | (_, "flow") => Shape::Flow,
        ("tm.BoundaryBox", _) | (_, "trust-boundary-box") => Shape::BoundaryBox,
        ("tm.Boundary", _) | (_, "trust-boundary-curve") => Shape::BoundaryLine,
        ("tm.Text", _) | (_, "td-text-block") => Shape::Text,
        _ => return None,
    })
}

/// Imports a Threat Dragon model.
pub(super) fn import(model: &Value) -> Result<(Diagram, ImportReport), Vec<Problem>> {
    check_version(model)?;
    let Some(diagrams) = model.get("detail").and_then(|d| d.get("diagrams")) else {
        return Err(vec![Problem::new("$.detail", "missing \"diagrams\" (the list of Threat Dragon diagrams)")]);
    };
    let Value::Array(diagrams) = diagrams else {
        return Err(vec![Problem::new(
            "$.detail.diagrams",
            format!("expected a list of diagrams, found {}", type_name(diagrams)),
        )]);
    };
    let cells: usize = diagrams.iter().filter_map(|d| d.get("cells")?.as_array().map(Vec::len)).sum();
    Builder::check_size(cells, "$.detail.diagrams")?;
    let mut b = Builder::new("OWASP Threat Dragon v2");
    settings(&mut b, model);
    for (i, diagram) in diagrams.iter().enumerate() {
        let path = index("$.detail.diagrams", i);
        let Some(Value::Array(cells)) = diagram.get("cells") else {
            return Err(vec![Problem::new(child(&path, "cells"), "missing or not a list (the diagram's shapes)")]);
        };
        let top =
            td_layout::bottom(
                b.diagram.layout.components.values().copied().chain(
                    b.diagram.layout.boundaries.values().copied().chain(b.diagram.layout.notes.values().copied()),
                ),
            );
        let mut origin = Point { x: 40.0, y: if i == 0 { 40.0 } else { top + 80.0 } };
        if diagrams.len() > 1 {
            let title = text(diagram, "title");
            let title = if title.is_empty() { format!("Diagram {}", i + 1) } else { title };
            let rect = Rect { x: origin.x, y: origin.y, w: 400.0, h: 40.0 };
            let note = b.note("diagram", format!("Threat Dragon diagram: {title}"), None, Some(rect));
            b.report.add(
                Outcome::Approximated,
                &path,
                Some(&note),
                format!(
                    "diagram \"{title}\": drawn below the diagrams before it in the one document, titled by this note"
                ),
            );
            origin.y += 60.0;
        }
        let frame = Frame { min: top_left(cells), origin };
        DiagramImport { b: &mut b, path, frame, cells: BTreeMap::new() }.run(cells);
    }
    Ok((b.diagram, b.report))
}

/// Version 2 only: version 1 files (`diagramJson` in each diagram) get a message saying how to convert them.
fn check_version(model: &Value) -> Result<(), Vec<Problem>> {
    let version = model.get("version").and_then(Value::as_str).unwrap_or_default();
    let v1_shape = model
        .get("detail")
        .and_then(|d| d.get("diagrams"))
        .and_then(Value::as_array)
        .is_some_and(|ds| ds.iter().any(|d| d.get("diagramJson").is_some()));
    if version.starts_with("2.") && !v1_shape {
        return Ok(());
    }
    if version.is_empty() || version.starts_with("1.") || v1_shape {
        return Err(vec![Problem::new(
            "$",
            "this is a Threat Dragon version 1 model; trustmap imports version 2: open it in Threat Dragon 2, which \
             converts it, save it, and import that file",
        )]);
    }
    Err(vec![Problem::new(
        "$.version",
        format!("Threat Dragon version \"{version}\" is not one trustmap imports (it imports version 2.x)"),
    )])
}

fn settings(b: &mut Builder, model: &Value) {
    let summary = model.get("summary").unwrap_or(&Value::Null);
    let title = text(summary, "title");
    if !title.is_empty() {
        b.diagram.settings.title = title;
    }
    let mut description = text(summary, "description");
    let owner = text(summary, "owner");
    if !owner.is_empty() {
        description = format!("{description}\nOwner: {owner}").trim().to_owned();
    }
    let reviewer = model.get("detail").map(|d| text(d, "reviewer")).unwrap_or_default();
    if !reviewer.is_empty() {
        description = format!("{description}\nReviewer: {reviewer}").trim().to_owned();
    }
    b.diagram.settings.description = description;
    b.report.add(
        Outcome::Mapped,
        "$.summary",
        None,
        "title, description, owner and reviewer -> the diagram's settings",
    );
}

/// The top-left corner of everything drawn in a diagram.
fn top_left(cells: &[Value]) -> Point {
    let mut min = Point { x: f64::INFINITY, y: f64::INFINITY };
    let mut take = |p: Point| {
        min.x = min.x.min(p.x);
        min.y = min.y.min(p.y);
    };
    for cell in cells {
        if let Some(r) = td_layout::source_rect(cell) {
            take(Point { x: r.x, y: r.y });
        }
        for key in ["source", "target"] {
            if let Some(p) = cell.get(key).and_then(td_layout::source_point) {
                take(p);
            }
        }
    }
    if min.x.is_finite() && min.y.is_finite() { min } else { Point::default() }
}

/// What a cell became.
#[derive(Clone, Debug)]
struct Mapped {
    id: Id,
    shape: Shape,
    /// Its rectangle in source coordinates.
    rect: Option<Rect>,
}

struct DiagramImport<'a> {
    b: &'a mut Builder,
    path: String,
    frame: Frame,
    /// Threat Dragon cell id -> what it became.
    cells: BTreeMap<String, Mapped>,
}

impl DiagramImport<'_> {
    fn run(mut self, cells: &[Value]) {
        let mut boxes = Vec::new();
        let mut lines = Vec::new();
        let mut flows = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            let path = index(&child(&self.path, "cells"), i);
            let Some(shape) = shape_of(cell) else {
                let what = cell.get("shape").and_then(Value::as_str).unwrap_or("?");
                self.b.report.add(
                    Outcome::Dropped,
                    &path,
                    None,
                    format!("cell of shape \"{what}\": not a kind of shape trustmap knows"),
                );
                continue;
            };
            match shape {
                Shape::Actor | Shape::Process | Shape::Store => self.node(&path, cell, shape),
                Shape::Text => self.text_block(&path, cell),
                Shape::BoundaryBox => boxes.push((path, cell)),
                Shape::BoundaryLine => lines.push((path, cell)),
                Shape::Flow => flows.push((path, cell)),
            }
        }
        for (path, cell) in boxes {
            self.boundary_box(&path, cell);
        }
        for (path, cell) in flows {
            self.flow(&path, cell);
        }
        for (path, cell) in lines {
            let centres: Vec<(Id, Point, bool)> = self
                .cells
                .values()
                .filter(|m| matches!(m.shape, Shape::Actor | Shape::Process | Shape::Store))
                .filter_map(|m| Some((m.id.clone(), m.rect?.center(), m.shape == Shape::Actor)))
                .collect();
            let ends = |key: &str| {
                let end = cell.get(key)?;
                td_layout::source_point(end).or_else(|| {
                    let other = end.get("cell")?.as_str()?;
                    Some(self.cells.get(other)?.rect?.center())
                })
            };
            let mut points: Vec<Point> = ends("source").into_iter().collect();
            if let Some(Value::Array(vertices)) = cell.get("vertices") {
                points.extend(vertices.iter().filter_map(td_layout::source_point));
            }
            points.extend(ends("target"));
            let id = crate::import::td_boundary::line(self.b, &path, cell, &points, &centres);
            if let Some(id) = id {
                self.remember(cell, id.clone(), Shape::BoundaryLine, None);
                self.threats(&path, cell, &id);
            }
        }
    }

    fn remember(&mut self, cell: &Value, id: Id, shape: Shape, rect: Option<Rect>) {
        let key = text(cell, "id");
        if !key.is_empty() {
            self.cells.insert(key, Mapped { id, shape, rect });
        }
    }

    fn name(cell: &Value) -> String {
        let data = cell.get("data").unwrap_or(&Value::Null);
        let name = text(data, "name");
        if !name.is_empty() {
            return name;
        }
        let attrs = cell.get("attrs").unwrap_or(&Value::Null);
        ["text", "label"]
            .iter()
            .find_map(|k| attrs.get(k).map(|a| text(a, "text")).filter(|t| !t.is_empty()))
            .unwrap_or_default()
    }

    fn node(&mut self, path: &str, cell: &Value, shape: Shape) {
        let name = Self::name(cell);
        let data = cell.get("data").unwrap_or(&Value::Null);
        let (kind, why) = match (shape, kind_from_name(&name)) {
            (Shape::Actor, Some((ComponentKind::Internet, word))) => {
                (ComponentKind::Internet, format!("an actor named {word}"))
            }
            (Shape::Actor, _) => {
                (ComponentKind::User, "an actor: a person or system outside the application".to_owned())
            }
            (_, Some((kind, word)))
                if kind != ComponentKind::Internet && (shape == Shape::Process) != kind.is_data_store() =>
            {
                (kind, format!("the name says {word}"))
            }
            (Shape::Store, _) => {
                (ComponentKind::GenericDatastore, "a store; no AWS kind is certain from its name".to_owned())
            }
            _ => (ComponentKind::GenericService, "a process; no AWS kind is certain from its name".to_owned()),
        };
        let id = self.b.component(path, &name, kind, &why);
        let rect = td_layout::source_rect(cell);
        if let Some(r) = rect {
            self.b.diagram.layout.components.insert(id.clone(), self.frame.card(r));
        } else {
            self.b.report.add(Outcome::Warning, path, Some(&id), "no usable position: trustmap places it");
        }
        let takes = |key| catalog::info(kind).properties.contains(&key);
        let description = text(data, "description");
        let mut dropped = Vec::new();
        if let Some(component) = self.b.component_mut(&id) {
            component.description = description;
            if flag(data, "isEncrypted") && takes(PropertyKey::EncryptionAtRest) {
                component.properties.encryption_at_rest = Some(true);
            }
            let sensitive = flag(data, "storesCredentials") || flag(data, "handlesCardPayment");
            if sensitive && takes(PropertyKey::Data) {
                component.properties.data = Some(DataProfile {
                    classification: Classification::Restricted,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
            }
            for key in [
                "isALog",
                "isSigned",
                "storesInventory",
                "handlesGoodsOrServices",
                "isWebApplication",
                "providesAuthentication",
            ] {
                if flag(data, key) {
                    dropped.push(key);
                }
            }
            let privilege = text(data, "privilegeLevel");
            if !privilege.is_empty() {
                dropped.push("privilegeLevel");
            }
        }
        if flag(data, "storesCredentials") || flag(data, "handlesCardPayment") {
            self.b.report.add(
                Outcome::Approximated,
                path,
                Some(&id),
                "stores credentials or handles card payments: its data is classified restricted",
            );
        }
        for key in dropped {
            self.b.report.add(
                Outcome::Dropped,
                &child(path, "data"),
                Some(&id),
                format!("{key}: trustmap has no such property"),
            );
        }
        self.out_of_scope(path, data, &id);
        self.remember(cell, id.clone(), shape, rect);
        self.threats(path, cell, &id);
    }

    fn out_of_scope(&mut self, path: &str, data: &Value, id: &Id) {
        if !flag(data, "outOfScope") {
            return;
        }
        let reason = text(data, "reasonOutOfScope");
        let text = if reason.is_empty() {
            "Out of scope (Threat Dragon).".to_owned()
        } else {
            format!("Out of scope (Threat Dragon): {reason}")
        };
        self.b.note("out-of-scope", text, Some(id.clone()), None);
        self.b.report.add(
            Outcome::Approximated,
            path,
            Some(id),
            "out of scope: kept and analysed like the rest (trustmap has no scope flag); a note says so",
        );
    }

    fn text_block(&mut self, path: &str, cell: &Value) {
        let name = Self::name(cell);
        if name.is_empty() {
            self.b.report.add(Outcome::Dropped, path, None, "empty text block");
            return;
        }
        let rect = td_layout::source_rect(cell).map(|r| self.frame.area(r, (160.0, 40.0)));
        let id = self.b.note("note", name, None, rect);
        self.b.report.add(Outcome::Mapped, path, Some(&id), "text block -> note");
    }

    fn boundary_box(&mut self, path: &str, cell: &Value) {
        let name = Self::name(cell);
        let name = if name.is_empty() { "Trust boundary".to_owned() } else { name };
        let Some(area) = td_layout::source_rect(cell) else {
            self.b.report.add(
                Outcome::Dropped,
                path,
                None,
                format!("trust boundary box \"{name}\" without a usable position: its members cannot be told"),
            );
            return;
        };
        let members: Vec<Id> = self
            .cells
            .values()
            .filter(|m| matches!(m.shape, Shape::Actor | Shape::Process | Shape::Store))
            .filter(|m| {
                m.rect.is_some_and(|r| area.contains_rect(&Rect { x: r.center().x, y: r.center().y, w: 0.0, h: 0.0 }))
            })
            .map(|m| m.id.clone())
            .collect();
        let id = self.b.id(&name);
        let inside: Vec<Rect> =
            members.iter().filter_map(|m| self.b.diagram.layout.components.get(m).copied()).collect();
        let rect = td_layout::enclose(self.frame.area(area, (160.0, 80.0)), &inside);
        self.b.diagram.layout.boundaries.insert(id.clone(), rect);
        let data = cell.get("data").unwrap_or(&Value::Null);
        let count = members.len();
        self.b.diagram.boundaries.push(Boundary {
            id: id.clone(),
            kind: BoundaryKind::Custom,
            name,
            description: text(data, "description"),
            members,
        });
        self.b.report.add(
            Outcome::Mapped,
            path,
            Some(&id),
            format!("trust boundary box -> custom boundary around the {count} components whose centre lies in the box"),
        );
        self.remember(cell, id.clone(), Shape::BoundaryBox, Some(area));
        self.threats(path, cell, &id);
    }

    /// The component a flow end is attached to.
    fn end(&self, cell: &Value, key: &str) -> Option<Id> {
        let other = cell.get(key)?.get("cell")?.as_str()?;
        let mapped = self.cells.get(other)?;
        matches!(mapped.shape, Shape::Actor | Shape::Process | Shape::Store).then(|| mapped.id.clone())
    }

    fn flow(&mut self, path: &str, cell: &Value) {
        let data = cell.get("data").unwrap_or(&Value::Null);
        let name = Self::name(cell);
        let (source, target) = (self.end(cell, "source"), self.end(cell, "target"));
        let (Some(source), Some(target)) = (source.clone(), target.clone()) else {
            return self.dangling(path, cell, &name, source.or(target));
        };
        if source == target {
            return self.dangling(path, cell, &name, Some(source));
        }
        let Some(id) = self.b.flow(path, &name, &source, &target, false) else { return };
        self.flow_details(path, data, &id);
        // Vertices shape Threat Dragon's smooth curves; as bend points of trustmap's straight or orthogonal routes
        // they make spikes and lay flows between the same two shapes over each other, so they are dropped and the
        // flow is routed afresh (flows sharing both ends are drawn apart).
        let vertices = match cell.get("vertices") {
            Some(Value::Array(vertices)) => vertices.iter().filter_map(td_layout::source_point).count(),
            _ => 0,
        };
        if vertices > 0 {
            let text = format!("{vertices} bend point(s) (vertices of a curve): dropped, the flow is routed afresh");
            self.b.report.add(Outcome::Dropped, path, Some(&id), text);
        }
        self.out_of_scope(path, data, &id);
        self.remember(cell, id.clone(), Shape::Flow, None);
        self.threats(path, cell, &id);
    }

    fn flow_details(&mut self, path: &str, data: &Value, id: &Id) {
        let protocol = text(data, "protocol");
        let mapped = protocol_of(&protocol);
        let encrypted = flag(data, "isEncrypted");
        let public = flag(data, "isPublicNetwork");
        let description = text(data, "description");
        let Some(flow) = self.b.flow_mut(id) else { return };
        if let Some((p, _)) = mapped {
            flow.protocol = Some(p);
        }
        if encrypted {
            flow.encrypted = Some(true);
        }
        let callee = flow.to.clone();
        let report = &mut self.b.report;
        match mapped {
            Some((p, false)) => {
                report.add(Outcome::Approximated, path, Some(id), format!("protocol \"{protocol}\" read as {p}"));
            }
            Some((p, true)) => report.add(Outcome::Mapped, path, Some(id), format!("protocol \"{protocol}\" -> {p}")),
            None => {}
        }
        if flag(data, "isBidirectional") {
            report.add(
                Outcome::Approximated,
                path,
                Some(id),
                "bidirectional: one flow from the source's end, whose response carries the data back",
            );
        }
        if public {
            let takes =
                self.b.kind_of(&callee).is_some_and(|k| catalog::info(k).properties.contains(&PropertyKey::Exposure));
            if takes && let Some(component) = self.b.component_mut(&callee) {
                component.properties.exposure = Some(Exposure::Public);
                self.b.report.add(
                    Outcome::Approximated,
                    path,
                    Some(id),
                    format!("over a public network: {callee} is marked reachable from the internet (exposure public)"),
                );
            } else {
                self.b.report.add(
                    Outcome::Dropped,
                    path,
                    Some(id),
                    format!("over a public network: {callee} takes no exposure, so this is not kept"),
                );
            }
        }
        if !description.is_empty() {
            self.b.note("flow-note", description, Some(id.clone()), None);
            self.b.report.add(
                Outcome::Approximated,
                path,
                Some(id),
                "description: kept as a note on the flow (flows have no description)",
            );
        }
    }

    /// A flow that does not join two components: kept as a note on the end it has (if any), with a warning; its
    /// threats move to that end, or into the note when it has none.
    fn dangling(&mut self, path: &str, cell: &Value, name: &str, end: Option<Id>) {
        let name = if name.is_empty() { "(unnamed)" } else { name };
        let mut text = format!(
            "Threat Dragon flow {name}: not connected at both ends to actors, processes or stores, so not imported as a flow."
        );
        let threats =
            cell.get("data").and_then(|d| d.get("threats")).and_then(Value::as_array).cloned().unwrap_or_default();
        if end.is_none() {
            for threat in &threats {
                text.push_str(&format!(
                    "\nThreat: {} ({}): {}",
                    super::common::text(threat, "title"),
                    super::common::text(threat, "status"),
                    super::common::text(threat, "description")
                ));
            }
        }
        let point = ["source", "target"].iter().find_map(|k| cell.get(*k).and_then(td_layout::source_point));
        let rect = if end.is_none() {
            point.map(|p| {
                let p = self.frame.point(p);
                Rect { x: p.x, y: p.y, w: 200.0, h: 60.0 }
            })
        } else {
            None
        };
        let id = self.b.note("dangling-flow", text, end.clone(), rect);
        self.b.report.add(
            Outcome::Warning,
            path,
            Some(&id),
            format!("flow {name} has a free or self-joined end: kept as a note"),
        );
        if let Some(end) = end {
            self.threats(path, cell, &end);
        } else if !threats.is_empty() {
            self.b.report.add(
                Outcome::Approximated,
                path,
                Some(&id),
                "its threats are written into the note (they have no element to sit on)",
            );
        }
    }

    fn threats(&mut self, path: &str, cell: &Value, element: &Id) {
        let Some(Value::Array(list)) = cell.get("data").and_then(|d| d.get("threats")) else { return };
        for (i, threat) in list.iter().enumerate() {
            let path = index(&child(&child(path, "data"), "threats"), i);
            let kind = text(threat, "type");
            let (stride, cia) = threats::categories(&kind);
            let severity = text(threat, "severity");
            let status_text = text(threat, "status");
            let (likelihood, impact) = threats::td_severity(&severity).unwrap_or_else(|| {
                self.b.report.add(
                    Outcome::Approximated,
                    &path,
                    None,
                    format!("severity \"{severity}\" is not low, medium, high or critical: likelihood 3 x impact 3"),
                );
                (3, 3)
            });
            let status = threats::td_status(&status_text).unwrap_or_else(|| {
                self.b.report.add(
                    Outcome::Approximated,
                    &path,
                    None,
                    format!("status \"{status_text}\" is unknown: open"),
                );
                crate::model::triage::TriageStatus::Open
            });
            let mut description = text(threat, "description");
            if stride.is_empty() && cia.is_empty() && !kind.is_empty() {
                description = format!("{description}\n\nThreat Dragon type: {kind}").trim().to_owned();
            }
            let draft = Draft {
                title: text(threat, "title"),
                description,
                mitigation: text(threat, "mitigation"),
                stride,
                cia,
                likelihood,
                impact,
                status,
            };
            self.b.threat(&path, element, draft);
        }
    }
}
