//! Threagile models (YAML). Technical assets become components (the kind from `aws:*` tags when one names an AWS
//! kind, else from the asset's type), communication links become flows (`threagile_links`), trust boundaries become
//! explicit boundaries (a nested boundary's assets are members of every boundary around it), shared runtimes become
//! EC2 nodes that host their assets (so a breakout from one reaches the others), data assets give the
//! classification and CIA importance of the components that process or store them and of the links that carry
//! them, `individual_risk_categories` become manual threats and `risk_tracking` their status. Unknown keys are
//! warnings; references to ids that do not exist and boundaries nested in each other are errors naming the place.
//! Threagile models carry no positions: the diagram is left unlaid (see `lay_out` in the parent module).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::import::common::{Builder, child, flag, index, text, type_name};
use crate::import::report::{ImportReport, Outcome};
use crate::model::group::{Boundary, BoundaryKind};
use crate::model::id::Id;
use crate::model::kind::ComponentKind;
use crate::model::problem::Problem;
use crate::model::props::{Classification, DataProfile, Exposure, Importance, PropertyKey};
use crate::model::{Diagram, catalog};

/// Parses YAML text into a JSON value. The parser's budget refuses alias bombs (billion laughs), more than 64 levels
/// of nesting and huge event counts; a key repeated in one mapping is refused too.
pub(super) fn parse_yaml(text: &str) -> Result<Value, Vec<Problem>> {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options.with_snippet = false;
    serde_saphyr::from_str_with_options::<Value>(text, options)
        .map_err(|error| vec![Problem::new("$", format!("malformed or refused YAML: {error}"))])
}

/// Top-level keys read here, and those known but not carried over (report text, Threagile's own settings).
const TOP_READ: &[&str] = &[
    "threagile_version",
    "title",
    "business_overview",
    "technical_overview",
    "date",
    "data_assets",
    "technical_assets",
    "trust_boundaries",
    "shared_runtimes",
    "individual_risk_categories",
    "risk_tracking",
];
const TOP_KNOWN: &[&str] = &[
    "author",
    "contributors",
    "management_summary_comment",
    "business_criticality",
    "questions",
    "abuse_cases",
    "security_requirements",
    "tags_available",
    "includes",
    "custom_risk_categories",
    "diagram_tweak_nodesep",
    "diagram_tweak_ranksep",
    "diagram_tweak_edge_layout",
    "diagram_tweak_suppress_edge_labels",
    "diagram_tweak_layout_left_to_right",
    "diagram_tweak_invisible_connections_between_assets",
    "diagram_tweak_same_rank_assets",
];
const DATA_ASSET_KEYS: &[&str] = &[
    "id",
    "description",
    "usage",
    "tags",
    "origin",
    "owner",
    "quantity",
    "confidentiality",
    "integrity",
    "availability",
    "justification_cia_rating",
];
const ASSET_KEYS: &[&str] = &[
    "id",
    "description",
    "type",
    "usage",
    "used_as_client_by_human",
    "out_of_scope",
    "justification_out_of_scope",
    "size",
    "technology",
    "technologies",
    "tags",
    "internet",
    "machine",
    "encryption",
    "owner",
    "confidentiality",
    "integrity",
    "availability",
    "justification_cia_rating",
    "multi_tenant",
    "redundant",
    "custom_developed_parts",
    "data_assets_processed",
    "data_assets_stored",
    "data_formats_accepted",
    "diagram_tweak_order",
    "communication_links",
];
const BOUNDARY_KEYS: &[&str] =
    &["id", "description", "type", "tags", "technical_assets_inside", "trust_boundaries_nested"];
const RUNTIME_KEYS: &[&str] = &["id", "description", "tags", "technical_assets_running"];

/// A data asset's sensitivity.
#[derive(Clone, Copy, Debug)]
pub(super) struct Sensitivity {
    pub classification: Classification,
    pub integrity: Importance,
    pub availability: Importance,
}

impl Sensitivity {
    pub fn max(self, other: Self) -> Self {
        Self {
            classification: self.classification.max(other.classification),
            integrity: self.integrity.max(other.integrity),
            availability: self.availability.max(other.availability),
        }
    }

    pub fn profile(self) -> DataProfile {
        DataProfile {
            classification: self.classification,
            confidentiality: None,
            integrity: Some(self.integrity),
            availability: Some(self.availability),
        }
    }
}

/// Everything read so far, by Threagile id.
pub(super) struct Threagile {
    pub b: Builder,
    pub problems: Vec<Problem>,
    pub data: BTreeMap<String, Sensitivity>,
    pub assets: BTreeMap<String, Id>,
    /// Threagile's link ids (`source>link-name`) -> flow.
    pub links: BTreeMap<String, Id>,
    pub boundaries: BTreeMap<String, Id>,
    pub runtimes: BTreeMap<String, Id>,
}

/// Imports a Threagile model.
pub(super) fn import(model: &Value) -> Result<(Diagram, ImportReport), Vec<Problem>> {
    let Value::Object(top) = model else {
        return Err(vec![Problem::new(
            "$",
            format!("expected a Threagile model (a mapping), found {}", type_name(model)),
        )]);
    };
    let version = match top.get("threagile_version") {
        Some(Value::String(v)) => v.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    if !version.starts_with("1.") && version != "1" {
        return Err(vec![Problem::new(
            "$.threagile_version",
            format!("Threagile version \"{version}\" is not one trustmap imports (it imports 1.x models)"),
        )]);
    }
    let size = ["technical_assets", "data_assets", "trust_boundaries", "shared_runtimes"]
        .iter()
        .filter_map(|k| top.get(*k)?.as_object().map(Map::len))
        .sum::<usize>()
        + top
            .get("technical_assets")
            .and_then(Value::as_object)
            .map(|assets| assets.values().filter_map(|a| a.get("communication_links")?.as_object().map(Map::len)).sum())
            .unwrap_or(0);
    Builder::check_size(size, "$")?;
    let mut t = Threagile {
        b: Builder::new("Threagile"),
        problems: Vec::new(),
        data: BTreeMap::new(),
        assets: BTreeMap::new(),
        links: BTreeMap::new(),
        boundaries: BTreeMap::new(),
        runtimes: BTreeMap::new(),
    };
    t.top(top);
    t.data_assets(top.get("data_assets"));
    let assets = t.map_at("$", top, "technical_assets");
    for (name, asset) in &assets {
        t.asset(&child("$.technical_assets", name), name, asset);
    }
    for (name, asset) in &assets {
        if let Some(links) = asset.get("communication_links") {
            t.links_of(&child("$.technical_assets", name), asset, links);
        }
    }
    t.trust_boundaries(top.get("trust_boundaries"));
    t.shared_runtimes(top.get("shared_runtimes"));
    t.internal_users(&assets);
    t.risks(top.get("individual_risk_categories"), top.get("risk_tracking"));
    if !t.problems.is_empty() {
        return Err(t.problems);
    }
    Ok((t.b.diagram, t.b.report))
}

impl Threagile {
    /// A mapping under `key` as (key, value) pairs; anything else than a mapping (or nothing) is a problem, except
    /// an empty value, which YAML gives for a key with nothing under it.
    pub fn map_at(&mut self, path: &str, parent: &Map<String, Value>, key: &str) -> Vec<(String, Value)> {
        match parent.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Some(other) => {
                self.problems
                    .push(Problem::new(child(path, key), format!("expected a mapping, found {}", type_name(other))));
                Vec::new()
            }
        }
    }

    /// Warns about keys that are not in `known`.
    pub fn unknown_keys(&mut self, path: &str, value: &Value, known: &[&str]) {
        if let Value::Object(map) = value {
            for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
                self.b.report.add(Outcome::Warning, &child(path, key), None, "unknown key: ignored");
            }
        }
    }

    /// The list of ids under `key` (a YAML list of strings; empty when missing).
    pub fn ids_at(&mut self, path: &str, value: &Value, key: &str) -> Vec<(String, String)> {
        match value.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let path = index(&child(path, key), i);
                    match item {
                        Value::String(s) => Some((path, s.clone())),
                        Value::Number(n) => Some((path, n.to_string())),
                        other => {
                            self.problems
                                .push(Problem::new(path, format!("expected an id, found {}", type_name(other))));
                            None
                        }
                    }
                })
                .collect(),
            Some(other) => {
                self.problems.push(Problem::new(
                    child(path, key),
                    format!("expected a list of ids, found {}", type_name(other)),
                ));
                Vec::new()
            }
        }
    }

    /// The element `reference` names in `table`, or a problem at `path` naming the missing id.
    pub fn resolve(&mut self, path: &str, table: Table, reference: &str) -> Option<Id> {
        let (map, what) = match table {
            Table::Asset => (&self.assets, "technical asset"),
            Table::Boundary => (&self.boundaries, "trust boundary"),
        };
        let found = map.get(reference).cloned();
        if found.is_none() {
            self.problems.push(Problem::new(path, format!("no {what} has the id \"{reference}\"")));
        }
        found
    }

    fn top(&mut self, top: &Map<String, Value>) {
        let title = top.get("title").map(|t| text(&Value::Object(Map::from_iter([("t".to_owned(), t.clone())])), "t"));
        if let Some(title) = title.filter(|t| !t.is_empty()) {
            self.b.diagram.settings.title = title;
        }
        let overview: Vec<String> = ["business_overview", "technical_overview"]
            .iter()
            .filter_map(|k| top.get(*k).map(|o| text(o, "description")))
            .filter(|d| !d.is_empty())
            .fold(Vec::new(), |mut kept, d| {
                // Models often repeat one text in both overviews: say it once.
                if !kept.contains(&d) {
                    kept.push(d);
                }
                kept
            });
        self.b.diagram.settings.description = crate::import::common::plain(&overview.join("\n\n"));
        if let Some(date) = top.get("date") {
            let written = date.as_str().map_or_else(|| date.to_string(), str::to_owned);
            match crate::model::settings::Date::parse(written.trim()) {
                Ok(as_of) => {
                    self.b.diagram.settings.as_of = Some(as_of);
                    self.b.report.add(Outcome::Mapped, "$.date", None, "the model's date -> the diagram's as-of date");
                }
                Err(why) => self.b.report.add(Outcome::Dropped, "$.date", None, format!("not a date ({why})")),
            }
        }
        self.b.report.add(
            Outcome::Mapped,
            "$",
            None,
            "title and the business and technical overviews -> the diagram's settings",
        );
        for key in top.keys() {
            if TOP_READ.contains(&key.as_str()) {
                continue;
            }
            if TOP_KNOWN.contains(&key.as_str()) {
                self.b.report.add(
                    Outcome::Dropped,
                    &child("$", key),
                    None,
                    "report or diagram setting of Threagile's own: no trustmap equivalent",
                );
            } else {
                self.b.report.add(Outcome::Warning, &child("$", key), None, "unknown key: ignored");
            }
        }
    }

    fn data_assets(&mut self, value: Option<&Value>) {
        let Some(Value::Object(map)) = value else { return };
        for (name, asset) in map {
            let path = child("$.data_assets", name);
            self.unknown_keys(&path, asset, DATA_ASSET_KEYS);
            let id = text(asset, "id");
            if id.is_empty() {
                self.problems.push(Problem::new(child(&path, "id"), "missing id"));
                continue;
            }
            let (classification, exact) = classification(&text(asset, "confidentiality"));
            let sensitivity = Sensitivity {
                classification,
                integrity: importance(&text(asset, "integrity")),
                availability: importance(&text(asset, "availability")),
            };
            if self.data.insert(id.clone(), sensitivity).is_some() {
                self.problems.push(Problem::new(child(&path, "id"), format!("data asset id \"{id}\" is used twice")));
            }
            let how = if exact { Outcome::Mapped } else { Outcome::Approximated };
            self.b.report.add(how, &path, None, format!(
                "data asset {id}: classification {classification}, integrity {}, availability {} on the components and flows that hold or carry it{}",
                sensitivity.integrity,
                sensitivity.availability,
                if exact { "" } else { " (Threagile's \"restricted\" sits below \"confidential\": read as confidential)" }
            ));
        }
    }

    fn asset(&mut self, path: &str, name: &str, asset: &Value) {
        self.unknown_keys(path, asset, ASSET_KEYS);
        let key = text(asset, "id");
        if key.is_empty() {
            self.problems.push(Problem::new(child(path, "id"), "missing id"));
            return;
        }
        if self.assets.contains_key(&key) {
            self.problems.push(Problem::new(child(path, "id"), format!("technical asset id \"{key}\" is used twice")));
            return;
        }
        let (kind, why) = asset_kind(asset);
        let id = self.b.ids.fresh(&key);
        let display = if name.trim().is_empty() { key.clone() } else { name.trim().to_owned() };
        self.b.diagram.components.push(crate::model::Component::new(id.clone(), kind, display));
        self.b.report.add(Outcome::Mapped, path, Some(&id), format!("{kind} ({why})"));
        self.assets.insert(key, id.clone());
        let takes = |key| catalog::info(kind).properties.contains(&key);
        let mut sensitivity = None::<Sensitivity>;
        if asset.get("confidentiality").is_some() {
            sensitivity = Some(Sensitivity {
                classification: classification(&text(asset, "confidentiality")).0,
                integrity: importance(&text(asset, "integrity")),
                availability: importance(&text(asset, "availability")),
            });
        }
        for list in ["data_assets_processed", "data_assets_stored"] {
            for (place, data) in self.ids_at(path, asset, list) {
                match self.data.get(&data).copied() {
                    Some(s) => sensitivity = Some(sensitivity.map_or(s, |old| old.max(s))),
                    None => self.problems.push(Problem::new(place, format!("no data asset has the id \"{data}\""))),
                }
            }
        }
        let description = text(asset, "description");
        let encryption = text(asset, "encryption");
        let internet = flag(asset, "internet");
        let Some(component) = self.b.component_mut(&id) else { return };
        component.description = description;
        if let Some(s) = sensitivity.filter(|_| takes(PropertyKey::Data)) {
            component.properties.data = Some(s.profile());
        }
        if internet && takes(PropertyKey::Exposure) {
            component.properties.exposure = Some(Exposure::Public);
        }
        if !encryption.is_empty() && takes(PropertyKey::EncryptionAtRest) {
            component.properties.encryption_at_rest = Some(encryption != "none");
        }
        if flag(asset, "out_of_scope") {
            let reason = text(asset, "justification_out_of_scope");
            let note = if reason.is_empty() {
                "Out of scope (Threagile).".to_owned()
            } else {
                format!("Out of scope (Threagile): {reason}")
            };
            self.b.note("out-of-scope", note, Some(id.clone()), None);
            self.b.report.add(
                Outcome::Approximated,
                path,
                Some(&id),
                "out of scope: kept and analysed like the rest (trustmap has no scope flag); a note says so",
            );
        }
        let unmapped: Vec<&str> = [
            "usage",
            "size",
            "machine",
            "owner",
            "multi_tenant",
            "redundant",
            "custom_developed_parts",
            "data_formats_accepted",
        ]
        .into_iter()
        .filter(|k| asset.get(*k).is_some_and(|v| !v.is_null()))
        .collect();
        if !unmapped.is_empty() {
            self.b.report.add(
                Outcome::Dropped,
                path,
                Some(&id),
                format!("not carried over (no trustmap property): {}", unmapped.join(", ")),
            );
        }
    }

    fn trust_boundaries(&mut self, value: Option<&Value>) {
        let Some(Value::Object(map)) = value else { return };
        // Ids first, so nested references may point forward.
        for (name, boundary) in map {
            let path = child("$.trust_boundaries", name);
            self.unknown_keys(&path, boundary, BOUNDARY_KEYS);
            let key = text(boundary, "id");
            if key.is_empty() {
                self.problems.push(Problem::new(child(&path, "id"), "missing id"));
                continue;
            }
            let id = self.b.ids.fresh(&key);
            if self.boundaries.insert(key.clone(), id).is_some() {
                self.problems
                    .push(Problem::new(child(&path, "id"), format!("trust boundary id \"{key}\" is used twice")));
            }
        }
        let mut direct: BTreeMap<String, (Vec<Id>, Vec<String>)> = BTreeMap::new();
        for (name, boundary) in map {
            let path = child("$.trust_boundaries", name);
            let key = text(boundary, "id");
            let mut assets = Vec::new();
            for (place, asset) in self.ids_at(&path, boundary, "technical_assets_inside") {
                assets.extend(self.resolve(&place, Table::Asset, &asset));
            }
            let mut nested = Vec::new();
            for (place, other) in self.ids_at(&path, boundary, "trust_boundaries_nested") {
                if self.resolve(&place, Table::Boundary, &other).is_some() {
                    nested.push(other);
                }
            }
            direct.insert(key, (assets, nested));
        }
        if let Some((key, through)) = cycle(&direct) {
            let name = map.iter().find(|(_, b)| text(b, "id") == key).map(|(n, _)| n.clone()).unwrap_or_default();
            self.problems.push(Problem::new(
                child(&child("$.trust_boundaries", &name), "trust_boundaries_nested"),
                format!("trust boundaries nested in each other: {}", through.join(" -> ")),
            ));
            return;
        }
        for (name, boundary) in map {
            let path = child("$.trust_boundaries", name);
            let key = text(boundary, "id");
            let Some(id) = self.boundaries.get(&key).cloned() else { continue };
            let mut members = BTreeSet::new();
            let mut stack = vec![key.clone()];
            let mut seen = BTreeSet::new();
            while let Some(next) = stack.pop() {
                if !seen.insert(next.clone()) {
                    continue;
                }
                if let Some((assets, nested)) = direct.get(&next) {
                    members.extend(assets.iter().cloned());
                    stack.extend(nested.iter().cloned());
                }
            }
            let kind_text = text(boundary, "type");
            let kind = if kind_text == "network-policy-namespace-isolation" {
                BoundaryKind::Namespace
            } else {
                BoundaryKind::Custom
            };
            let description = [format!("Threagile trust boundary type: {kind_text}."), text(boundary, "description")]
                .join(" ")
                .trim()
                .to_owned();
            let nested = direct.get(&key).map(|d| d.1.len()).unwrap_or(0);
            self.b.report.add(
                Outcome::Mapped,
                &path,
                Some(&id),
                format!(
                    "trust boundary ({kind_text}) -> {kind} boundary with {} members{}",
                    members.len(),
                    if nested > 0 {
                        format!(", including those of the {nested} boundaries nested in it")
                    } else {
                        String::new()
                    }
                ),
            );
            let display = if name.trim().is_empty() { key } else { name.trim().to_owned() };
            self.b.diagram.boundaries.push(Boundary {
                id,
                kind,
                name: display,
                description,
                members: members.into_iter().collect(),
            });
        }
    }

    /// People on the model's own networks (an external entity used by people with `internet: false`, such as a
    /// back-office client) are not the internet: they sit in one on-premises network component, so the rules treat
    /// them as inside callers rather than as untrusted ones.
    fn internal_users(&mut self, assets: &[(String, Value)]) {
        let internal: Vec<(String, Id)> = assets
            .iter()
            .filter(|(_, asset)| !flag(asset, "internet") && asset.get("internet").is_some())
            .filter_map(|(name, asset)| Some((name.clone(), self.assets.get(&text(asset, "id"))?.clone(), asset)))
            .filter(|(_, id, _)| {
                self.b
                    .diagram
                    .components
                    .iter()
                    .any(|c| &c.id == id && c.kind == ComponentKind::User && c.parent.is_none())
            })
            .map(|(name, id, _)| (name, id))
            .collect();
        if internal.is_empty() {
            return;
        }
        let network = self.b.component(
            "$.technical_assets",
            "Internal network",
            ComponentKind::OnPrem,
            "made for the people whose assets say internet: false",
        );
        for (name, id) in internal {
            if let Some(component) = self.b.component_mut(&id) {
                component.parent = Some(network.clone());
            }
            self.b.report.add(
                Outcome::Approximated,
                &child("$.technical_assets", &name),
                Some(&id),
                format!("internet: false -> inside the on-premises network {network}, not an internet caller"),
            );
        }
    }

    fn shared_runtimes(&mut self, value: Option<&Value>) {
        let Some(Value::Object(map)) = value else { return };
        for (name, runtime) in map {
            let path = child("$.shared_runtimes", name);
            self.unknown_keys(&path, runtime, RUNTIME_KEYS);
            let key = text(runtime, "id");
            if key.is_empty() {
                self.problems.push(Problem::new(child(&path, "id"), "missing id"));
                continue;
            }
            let running = self.ids_at(&path, runtime, "technical_assets_running");
            let node = self.b.ids.fresh(&key);
            let mut component = crate::model::Component::new(node.clone(), ComponentKind::Ec2Node, name.trim());
            component.description = text(runtime, "description");
            self.b.diagram.components.push(component);
            self.runtimes.insert(key, node.clone());
            let mut hosted = Vec::new();
            for (place, asset) in running {
                let Some(asset) = self.resolve(&place, Table::Asset, &asset) else { continue };
                let kind = self.b.kind_of(&asset);
                let Some(component) = self.b.component_mut(&asset) else { continue };
                if component.parent.is_some() {
                    self.b.report.add(
                        Outcome::Approximated,
                        &place,
                        Some(&asset),
                        "runs on more than one shared runtime: placed on the first only",
                    );
                } else if kind.is_some_and(|k| catalog::info(k).may_sit_in(Some(ComponentKind::Ec2Node))) {
                    component.parent = Some(node.clone());
                    hosted.push(asset.to_string());
                } else {
                    self.b.report.add(
                        Outcome::Approximated,
                        &place,
                        Some(&asset),
                        "its kind cannot sit on a node: not placed on the shared runtime",
                    );
                }
            }
            self.b.report.add(
                Outcome::Mapped,
                &path,
                Some(&node),
                format!(
                    "shared runtime -> ec2-node hosting {} (a breakout from one reaches the others)",
                    if hosted.is_empty() { "nothing".to_owned() } else { hosted.join(", ") }
                ),
            );
        }
    }
}

/// Which table a reference points into.
#[derive(Clone, Copy)]
pub(super) enum Table {
    Asset,
    Boundary,
}

/// A cycle among nested boundaries: the boundary it starts at and the ids along it.
fn cycle(direct: &BTreeMap<String, (Vec<Id>, Vec<String>)>) -> Option<(String, Vec<String>)> {
    // Iterative depth-first search with colours: 1 on the path, 2 done.
    let mut colour: BTreeMap<&str, u8> = BTreeMap::new();
    for start in direct.keys() {
        if colour.contains_key(start.as_str()) {
            continue;
        }
        let mut path: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        colour.insert(start.as_str(), 1);
        while let Some((node, next)) = path.last().copied() {
            let nested = direct.get(node).map(|d| d.1.as_slice()).unwrap_or_default();
            if let Some(child) = nested.get(next) {
                if let Some(top) = path.last_mut() {
                    top.1 += 1;
                }
                match colour.get(child.as_str()) {
                    Some(1) => {
                        let from = path.iter().position(|(n, _)| *n == child.as_str()).unwrap_or(0);
                        let mut through: Vec<String> = path[from..].iter().map(|(n, _)| (*n).to_owned()).collect();
                        through.push(child.clone());
                        return Some((child.clone(), through));
                    }
                    Some(_) => {}
                    None => {
                        colour.insert(child.as_str(), 1);
                        path.push((child.as_str(), 0));
                    }
                }
            } else {
                colour.insert(node, 2);
                path.pop();
            }
        }
    }
    None
}

/// The kind of a technical asset: from an `aws:*` tag naming an AWS kind, else from its type (external entities
/// used by people are users, other external entities and processes are generic services, datastores generic
/// datastores).
fn asset_kind(asset: &Value) -> (ComponentKind, String) {
    use ComponentKind as K;
    let tags: Vec<String> = asset
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_lowercase)
        .collect();
    for tag in &tags {
        let kind = match tag.strip_prefix("aws:").unwrap_or_default() {
            "lambda" => K::Lambda,
            "s3" => K::S3Bucket,
            "ec2" => K::Ec2Node,
            "rds" | "aurora" => K::RdsDatabase,
            "dynamodb" => K::DynamodbTable,
            "sqs" => K::SqsQueue,
            "sns" => K::SnsTopic,
            "eventbridge" => K::EventbridgeBus,
            "apigateway" | "api-gateway" => K::ApiGateway,
            "elb" | "alb" | "nlb" => K::LoadBalancer,
            "ecr" => K::EcrRegistry,
            "secretsmanager" | "secrets-manager" => K::SecretsManager,
            "kms" => K::KmsKey,
            _ => continue,
        };
        return (kind, format!("its tag {tag}"));
    }
    let technology = text(asset, "technology");
    match text(asset, "type").as_str() {
        "external-entity"
            if flag(asset, "used_as_client_by_human")
                || matches!(technology.as_str(), "browser" | "desktop" | "mobile-app" | "devops-client") =>
        {
            (K::User, format!("an external entity used by people ({technology})"))
        }
        "external-entity" => (K::GenericService, format!("an external system ({technology}); no AWS kind is certain")),
        "datastore" => (K::GenericDatastore, format!("a datastore ({technology}); no AWS kind is certain")),
        _ => (K::GenericService, format!("a process ({technology}); no AWS kind is certain")),
    }
}

/// Threagile's confidentiality scale (public, internal, restricted, confidential, strictly-confidential) as a
/// classification, and whether the reading is exact.
pub(super) fn classification(text: &str) -> (Classification, bool) {
    match text {
        "public" => (Classification::Public, true),
        "confidential" => (Classification::Confidential, true),
        "restricted" => (Classification::Confidential, false),
        "strictly-confidential" => (Classification::Restricted, true),
        _ => (Classification::Internal, text == "internal"),
    }
}

/// Threagile's criticality scale (archive, operational, important, critical, mission-critical) as importance.
fn importance(text: &str) -> Importance {
    match text {
        "critical" | "mission-critical" => Importance::High,
        "important" => Importance::Medium,
        _ => Importance::Low,
    }
}
