//! Decoding of the document's own types (components, flows, groups, settings, layout) with [`Decoder`].
//!
//! Each impl asks for every field it knows, so `Obj::finish` can flag the rest as unknown. Fields are
//! decoded one by one before the struct is built, so one bad field never hides the next one's problem.

use serde_json::Value;

use crate::io::decode::{Decoder, FromJson, map_of};
use crate::model::component::Component;
use crate::model::connection::Connection;
use crate::model::diagram::Diagram;
use crate::model::flow::Flow;
use crate::model::group::{Boundary, Context};
use crate::model::id::Id;
use crate::model::layout::{FlowLayout, Layout, Point, Rect};
// The property table names its value types unqualified, so the generated decoder needs them all in scope.
use crate::model::note::Note;
use crate::model::props::*;
use crate::model::settings::{Date, RuleSettings, Settings};
use crate::model::threat::Threat;
use crate::model::triage::{Triage, TriageStatus};

impl FromJson for Id {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let text = String::from_json(d, path, value)?;
        Self::new(&text).map_err(|why| d.problem(path, why)).ok()
    }
}

impl FromJson for Date {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let text = String::from_json(d, path, value)?;
        Self::parse(&text).map_err(|why| d.problem(path, why)).ok()
    }
}

impl FromJson for Component {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let id = o.req(d, "id");
        let kind = o.req(d, "kind");
        let name = o.req(d, "name");
        let description = o.or_default(d, "description");
        let source = o.or_default(d, "source");
        let parent = o.opt(d, "parent");
        let role = o.opt(d, "role");
        let protects = o.or_default(d, "protects");
        let covers = o.or_default(d, "covers");
        let credentials_for = o.or_default(d, "credentials_for");
        let images = o.or_default(d, "images");
        let subnets = o.or_default(d, "subnets");
        let execution_role = o.opt(d, "execution_role");
        let properties = o.or_default(d, "properties");
        o.finish(d);
        Some(Self {
            id: id?,
            kind: kind?,
            name: name?,
            description,
            source,
            parent,
            role,
            protects,
            covers,
            credentials_for,
            images,
            subnets,
            execution_role,
            properties,
        })
    }
}

macro_rules! decode_properties {
    ( $( $(#[$doc:meta])* $variant:ident $field:ident : $ty:ty { $($spec:tt)* } )+ ) => {
        impl FromJson for Properties {
            fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
                let mut o = d.object(path, value)?;
                let properties = Self { $( $field: o.opt(d, stringify!($field)), )+ };
                o.finish(d);
                Some(properties)
            }
        }

        /// Decodes `value` as the value of `key` at `path` and sets it; problems go to `d` and leave `into` as it was.
        pub(crate) fn decode_property(
            d: &mut Decoder,
            path: &str,
            key: PropertyKey,
            value: &Value,
            into: &mut Properties,
        ) {
            match key {
                $( PropertyKey::$variant => {
                    if let Some(decoded) = <$ty as FromJson>::from_json(d, path, value) {
                        into.$field = Some(decoded);
                    }
                } )+
            }
        }
    };
}

crate::model::props::with_properties!(decode_properties);

impl FromJson for DataProfile {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let classification = o.req(d, "classification");
        let confidentiality = o.opt(d, "confidentiality");
        let integrity = o.opt(d, "integrity");
        let availability = o.opt(d, "availability");
        o.finish(d);
        Some(Self { classification: classification?, confidentiality, integrity, availability })
    }
}

impl FromJson for InstanceMetadata {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let imdsv2_required = o.req(d, "imdsv2_required");
        let hop_limit = o.req(d, "hop_limit");
        o.finish(d);
        Some(Self { imdsv2_required: imdsv2_required?, hop_limit: hop_limit? })
    }
}

impl FromJson for ServiceAccount {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let automount_token = o.req(d, "automount_token");
        let permissions = o.or_default(d, "permissions");
        o.finish(d);
        Some(Self { automount_token: automount_token?, permissions })
    }
}

impl FromJson for ResourcePolicy {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let any_principal = o.req(d, "any_principal");
        let source_condition = o.req(d, "source_condition");
        o.finish(d);
        Some(Self { any_principal: any_principal?, source_condition: source_condition? })
    }
}

impl FromJson for Permission {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let actions = o.req(d, "actions");
        let resources = o.req(d, "resources");
        let mut conditions: Vec<ConditionKey> = o.or_default(d, "conditions");
        o.finish(d);
        crate::sorting::sort(&mut conditions);
        conditions.dedup();
        Some(Self { actions: actions?, resources: resources?, conditions })
    }
}

impl FromJson for PolicyTemplate {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let name = o.req(d, "name");
        let resource = o.opt(d, "resource");
        o.finish(d);
        Some(Self { name: name?, resource })
    }
}

impl FromJson for Flow {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let id = o.req(d, "id");
        let from = o.req(d, "from");
        let to = o.req(d, "to");
        let pattern = o.req(d, "pattern");
        let protocol = o.opt(d, "protocol");
        let authentication = o.opt(d, "authentication");
        let credential = o.opt(d, "credential");
        let authorization = o.opt(d, "authorization");
        let encrypted = o.opt(d, "encrypted");
        let data = o.opt(d, "data");
        let label = o.or_default(d, "label");
        o.finish(d);
        Some(Self {
            id: id?,
            from: from?,
            to: to?,
            pattern: pattern?,
            protocol,
            authentication,
            credential,
            authorization,
            encrypted,
            data,
            label,
        })
    }
}

impl FromJson for Boundary {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let id = o.req(d, "id");
        let kind = o.req(d, "kind");
        let name = o.req(d, "name");
        let description = o.or_default(d, "description");
        let members = o.or_default(d, "members");
        o.finish(d);
        Some(Self { id: id?, kind: kind?, name: name?, description, members })
    }
}

impl FromJson for Context {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let id = o.req(d, "id");
        let name = o.req(d, "name");
        let description = o.or_default(d, "description");
        let members = o.or_default(d, "members");
        o.finish(d);
        Some(Self { id: id?, name: name?, description, members })
    }
}

impl FromJson for Connection {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let id = o.req(d, "id");
        let kind = o.req(d, "kind");
        let from = o.req(d, "from");
        let to = o.req(d, "to");
        let label = o.or_default(d, "label");
        o.finish(d);
        Some(Self { id: id?, kind: kind?, from: from?, to: to?, label })
    }
}

impl FromJson for RuleSettings {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let enabled = o.opt(d, "enabled");
        let thresholds = match o.raw("thresholds") {
            Some(raw) => map_of(d, &o.path_of("thresholds"), raw, |key| Ok(key.to_owned())),
            None => Some(Default::default()),
        };
        o.finish(d);
        Some(Self { enabled, thresholds: thresholds? })
    }
}

impl FromJson for Settings {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let defaults = Self::default();
        let mut o = d.object(path, value)?;
        let title = o.opt(d, "title").unwrap_or(defaults.title);
        let description = o.or_default(d, "description");
        let posture = o.opt(d, "posture").unwrap_or(defaults.posture);
        let as_of = o.opt(d, "as_of");
        let rules = match o.raw("rules") {
            Some(raw) => map_of(d, &o.path_of("rules"), raw, |key| Ok(key.to_owned())),
            None => Some(Default::default()),
        };
        o.finish(d);
        Some(Self { title, description, posture, as_of, rules: rules? })
    }
}

impl FromJson for Triage {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let status = o.req(d, "status");
        let note = o.or_default(d, "note");
        o.finish(d);
        Some(Self { status: status?, note })
    }
}

impl FromJson for Point {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        match value {
            Value::Array(items) if items.len() == 2 => {
                let x = f64::from_json(d, &format!("{path}[0]"), &items[0]);
                let y = f64::from_json(d, &format!("{path}[1]"), &items[1]);
                Some(Self { x: x?, y: y? })
            }
            _ => {
                d.problem(path, format!("expected a point [x, y], found {}", crate::io::decode::type_name(value)));
                None
            }
        }
    }
}

impl FromJson for Rect {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let x = o.req(d, "x");
        let y = o.req(d, "y");
        let w = o.req(d, "w");
        let h = o.req(d, "h");
        o.finish(d);
        Some(Self { x: x?, y: y?, w: w?, h: h? })
    }
}

impl FromJson for FlowLayout {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let waypoints = o.or_default(d, "waypoints");
        let label = o.opt(d, "label");
        o.finish(d);
        Some(Self { waypoints, label })
    }
}

impl FromJson for Layout {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let section = |d: &mut Decoder, o: &mut crate::io::decode::Obj<'_>, key: &'static str| match o.raw(key) {
            Some(raw) => map_of(d, &o.path_of(key), raw, Id::new),
            None => Some(Default::default()),
        };
        let components = section(d, &mut o, "components");
        let boundaries = section(d, &mut o, "boundaries");
        let contexts = section(d, &mut o, "contexts");
        let notes = section(d, &mut o, "notes");
        let flows = match o.raw("flows") {
            Some(raw) => map_of(d, &o.path_of("flows"), raw, Id::new),
            None => Some(Default::default()),
        };
        o.finish(d);
        Some(Self {
            components: components?,
            flows: flows?,
            boundaries: boundaries?,
            contexts: contexts?,
            notes: notes?,
        })
    }
}

impl FromJson for Note {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let id = o.req(d, "id");
        let text = o.req(d, "text");
        let attached_to = o.opt(d, "attached_to");
        o.finish(d);
        Some(Self { id: id?, text: text?, attached_to })
    }
}

impl FromJson for Threat {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let mut o = d.object(path, value)?;
        let id = o.req(d, "id");
        let element = o.req(d, "element");
        let title = o.req(d, "title");
        let description = o.or_default(d, "description");
        let cia = o.or_default(d, "cia");
        let stride = o.or_default(d, "stride");
        let likelihood = o.req(d, "likelihood");
        let impact = o.req(d, "impact");
        let mitigation = o.or_default(d, "mitigation");
        let status = o.opt(d, "status").unwrap_or(TriageStatus::Open);
        o.finish(d);
        Some(Self {
            id: id?,
            element: element?,
            title: title?,
            description,
            cia,
            stride,
            likelihood: likelihood?,
            impact: impact?,
            mitigation,
            status,
        })
    }
}

/// Decodes the document body; `format` and `version` were checked by the caller and are asked for here only so
/// they do not count as unknown.
pub(crate) fn diagram(d: &mut Decoder, value: &Value) -> Option<Diagram> {
    let mut o = d.object("$", value)?;
    o.raw("format");
    o.raw("version");
    let settings = o.opt(d, "settings").unwrap_or_default();
    let components = o.req(d, "components");
    let flows = o.or_default(d, "flows");
    let boundaries = o.or_default(d, "boundaries");
    let contexts = o.or_default(d, "contexts");
    let connections = o.or_default(d, "connections");
    let notes = o.or_default(d, "notes");
    let threats = o.or_default(d, "threats");
    let triage = match o.raw("triage") {
        Some(raw) => map_of(d, &o.path_of("triage"), raw, |k| Ok(k.to_owned())),
        None => Some(Default::default()),
    };
    let layout = o.opt(d, "layout").unwrap_or_default();
    o.finish(d);
    Some(Diagram {
        settings,
        components: components?,
        flows,
        boundaries,
        contexts,
        connections,
        notes,
        threats,
        triage: triage?,
        layout,
        unreadable: Vec::new(),
    })
}
