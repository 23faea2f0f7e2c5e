//! The diagram: everything a user saves, as plain data. `model::index` builds the checked, indexed form.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::component::Component;
use crate::model::connection::Connection;
use crate::model::flow::Flow;
use crate::model::group::{Boundary, Context};
use crate::model::layout::Layout;
use crate::model::note::Note;
use crate::model::settings::Settings;
use crate::model::threat::Threat;
use crate::model::triage::Triage;

/// A whole diagram.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Diagram {
    /// Title, posture and rule overrides.
    pub settings: Settings,
    /// The boxes.
    pub components: Vec<Component>,
    /// The arrows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
    /// Explicit trust boundaries.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<Boundary>,
    /// Bounded contexts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contexts: Vec<Context>,
    /// Peering, VPN and cross-account trust.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub connections: Vec<Connection>,
    /// Free-text notes on the canvas.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Threats written by hand.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<Threat>,
    /// Review decisions, by finding id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub triage: BTreeMap<String, Triage>,
    /// Where everything is drawn.
    #[serde(skip_serializing_if = "Layout::is_empty")]
    pub layout: Layout,
    /// What a lenient load could not read, kept as written so that saving gives it back (see `io::open`).
    #[serde(skip)]
    pub unreadable: Vec<Unreadable>,
}

/// Where an unreadable part of a file sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A top-level field (`settings`, an unknown field of a newer version ...).
    Field(String),
    /// An item of a top-level list (`components`, `flows` ...).
    Item(String),
    /// An entry of a map: `triage`, or a layout section such as `layout.components`.
    Entry {
        /// The map: `triage` or `layout.SECTION`.
        map: String,
        /// The entry's key.
        key: String,
    },
}

/// Part of a file that could not be read into the model, kept as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    /// Where it was.
    pub place: Place,
    /// What it was.
    pub value: serde_json::Value,
}

impl Unreadable {
    /// The element id it carries, if it is an element with a readable id.
    pub fn id(&self) -> Option<crate::model::id::Id> {
        let text = self.value.get("id")?.as_str()?;
        crate::model::id::Id::new(text).ok()
    }
}

impl Diagram {
    /// Puts every list whose order carries no meaning into id order, so equal diagrams save to equal bytes.
    pub fn normalize(&mut self) {
        crate::sorting::sort_by(&mut self.components, |a, b| a.id.cmp(&b.id));
        for component in &mut self.components {
            component.normalize();
        }
        crate::sorting::sort_by(&mut self.flows, |a, b| a.id.cmp(&b.id));
        crate::sorting::sort_by(&mut self.boundaries, |a, b| a.id.cmp(&b.id));
        for boundary in &mut self.boundaries {
            boundary.normalize();
        }
        crate::sorting::sort_by(&mut self.contexts, |a, b| a.id.cmp(&b.id));
        for context in &mut self.contexts {
            context.normalize();
        }
        crate::sorting::sort_by(&mut self.connections, |a, b| a.id.cmp(&b.id));
        crate::sorting::sort_by(&mut self.notes, |a, b| a.id.cmp(&b.id));
        crate::sorting::sort_by(&mut self.threats, |a, b| a.id.cmp(&b.id));
        for threat in &mut self.threats {
            threat.normalize();
        }
    }

    /// The id of every element (components, flows, boundaries, contexts, connections, notes, manual threats), list
    /// by list.
    pub fn element_ids(&self) -> impl Iterator<Item = &crate::model::id::Id> {
        self.components
            .iter()
            .map(|c| &c.id)
            .chain(self.flows.iter().map(|f| &f.id))
            .chain(self.boundaries.iter().map(|b| &b.id))
            .chain(self.contexts.iter().map(|c| &c.id))
            .chain(self.connections.iter().map(|c| &c.id))
            .chain(self.notes.iter().map(|n| &n.id))
            .chain(self.threats.iter().map(|t| &t.id))
    }

    /// The oldest file-format version that can hold this diagram: 5 when a component names an `execution_role` or a
    /// `source`, 4 when it uses a version-4 addition (the service
    /// kinds of real architectures, their properties and those of real templates, the `redrive` pattern, a flow's
    /// `credential`, conditions on permissions), 3 when it uses a version-3 addition (`images` or
    /// `subnets` links), 2 when it uses a version-2 addition (notes, manual threats, a `generic-datastore`), else 1, so files
    /// stay readable by older builds when they can.
    pub fn format_version(&self) -> u64 {
        if self.components.iter().any(|c| c.execution_role.is_some() || !c.source.is_empty()) {
            return 5;
        }
        if self.uses_version_4() {
            return 4;
        }
        if self.components.iter().any(|c| !c.images.is_empty() || !c.subnets.is_empty()) {
            return 3;
        }
        let uses_v2 = !self.notes.is_empty()
            || !self.threats.is_empty()
            || !self.layout.notes.is_empty()
            || self.components.iter().any(|c| c.kind == crate::model::kind::ComponentKind::GenericDatastore);
        if uses_v2 { 2 } else { 1 }
    }

    /// Whether it uses a version-4 addition: a kind, a property or the flow pattern that version added.
    fn uses_version_4(&self) -> bool {
        use crate::model::kind::ComponentKind as K;
        let new_kind = |kind: K| {
            matches!(
                kind,
                K::NatGateway
                    | K::VpcEndpoint
                    | K::EcsCluster
                    | K::EcsService
                    | K::Cloudfront
                    | K::KinesisStream
                    | K::StepFunctions
                    | K::Elasticache
                    | K::RdsProxy
                    | K::ExternalRegistry
                    | K::CognitoUserPool
            )
        };
        self.components
            .iter()
            .any(|c| new_kind(c.kind) || crate::model::props::ADDED_IN_4.iter().any(|&key| c.properties.is_set(key)))
            || self.flows.iter().any(|f| f.pattern == crate::model::flow::Pattern::Redrive || f.credential.is_some())
            || self.components.iter().any(|c| {
                c.properties.permissions.as_ref().is_some_and(|ps| ps.iter().any(|p| !p.conditions.is_empty()))
            })
    }
}
