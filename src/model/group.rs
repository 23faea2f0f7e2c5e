//! Groups of components: explicit trust boundaries and DDD bounded contexts.
//!
//! Containers (accounts, VPCs, clusters, on-premises networks) are implicit trust boundaries through the
//! containment tree; the boundaries here are the explicit ones, which list their members.

use serde::Serialize;

use crate::model::id::Id;

crate::named_enum! {
    /// What an explicit trust boundary stands for.
    pub enum BoundaryKind: "boundary kind" {
        /// The edge between the internet and the application.
        InternetEdge = "internet-edge",
        /// A Kubernetes namespace.
        Namespace = "namespace",
        /// Anything else the team treats as a boundary.
        Custom = "custom",
    }
}

/// An explicit trust boundary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Boundary {
    /// Stable id.
    pub id: Id,
    /// What it stands for.
    pub kind: BoundaryKind,
    /// Display name.
    pub name: String,
    /// Free text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Components inside it (their descendants are inside too); sorted.
    pub members: Vec<Id>,
}

/// A bounded context (domain-driven design). A component belongs to at most one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Context {
    /// Stable id.
    pub id: Id,
    /// Display name.
    pub name: String,
    /// Free text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Components in it (their descendants are in it too); sorted.
    pub members: Vec<Id>,
}

/// Sorts a group's members and drops repeats.
fn normalized(members: &mut Vec<Id>) {
    crate::sorting::sort(members);
    members.dedup();
}

impl Boundary {
    /// Sorts its members and drops repeats.
    pub fn normalize(&mut self) {
        normalized(&mut self.members);
    }
}

impl Context {
    /// Sorts its members and drops repeats.
    pub fn normalize(&mut self) {
        normalized(&mut self.members);
    }
}
