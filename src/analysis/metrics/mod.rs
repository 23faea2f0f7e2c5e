//! Architecture metrics: cohesion and coupling per bounded context, dependency cycles
//! between contexts, defense-in-depth depth from untrusted sources to sensitive stores, and synchronous call chains.
//!
//! Computed once per analysis, before the rules (which read them through `RuleContext::metrics`); every part is
//! O(components + flows), the defense-in-depth search O(flows log components).
//!
//! # Members, cohesion and coupling (`cohesion.rs`)
//!
//! A context's **members** are the components whose bounded context (their own, or inherited from a container, as
//! `Model::context` says) is that context *and* that are an end of at least one flow. Components that never take part
//! in a flow (IAM roles, accounts, KMS keys drawn for reference) say nothing about how the context's services relate.
//!
//! **Cohesion** = (members - groups) / (members - 1), where *groups* is the number of connected groups the members form
//! through flows inside the context (direction ignored); 1 for a context of 0 or 1 members. It is the share of the
//! n - 1 links a connected context needs that its internal flows actually provide, counting only flows that join
//! otherwise unconnected members (a spanning forest), so it is capped at 1 and three flows between the same two
//! members do not make up for an isolated third. 1 means every member reaches every other through internal flows;
//! 0 means no member talks to another. This measures relatedness *inside* the context only: flows to other contexts
//! are coupling, reported separately, so a well-connected context is not called incohesive just because it is busy.
//!
//! **Coupling** counts the flows with one end in the context and the other in a *different* bounded context, in
//! either direction (a flow couples both of its ends), split by pattern: sync (sync-request), async (queue and event
//! patterns) and other (data and admin). Flows to components in no context (the internet, shared infrastructure) are
//! neither internal nor coupling.
//!
//! # Context cycles (`cycles.rs`)
//!
//! The context graph has an edge A -> B for every flow from a member of A to a member of B (caller to callee, for
//! every pattern: a consumer receiving from a queue depends on the queue's context). Its strongly connected components
//! of two or more contexts are the dependency cycles.
//!
//! # Defense in depth (`defense.rs`, `controls.rs`) and call chains (`chains.rs`)
//!
//! See those files' documentation.

mod chains;
mod cohesion;
mod controls;
mod cycles;
mod defense;
#[cfg(test)]
mod defense_tests;
mod hops;
#[cfg(test)]
mod scale_tests;
mod scc;

pub use chains::{ChainStart, SyncChains};
#[cfg(test)]
pub(crate) use defense::KEPT_PATHS;
pub use defense::{DefenseMemo, keeping as keeping_defense};

use serde::Serialize;

use crate::analysis::facts::Facts;
use crate::analysis::quote::{self, Quote};
use crate::model::{Id, Model};

/// Flows across a context's border (either direction), by kind of coupling.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coupling {
    /// Synchronous requests to or from other contexts.
    pub sync: usize,
    /// Queue and event flows to or from other contexts.
    #[serde(rename = "async")]
    pub asynchronous: usize,
    /// Data and admin flows to or from other contexts.
    pub other: usize,
}

impl Coupling {
    /// Every flow across the border.
    pub fn total(&self) -> usize {
        self.sync + self.asynchronous + self.other
    }
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
    /// How many groups its members form through internal flows (1 when they are all connected).
    pub groups: usize,
    /// Members without any flow to another member of the context, sorted.
    pub isolated_members: Vec<Id>,
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
    /// The synchronous flows between different contexts of the cycle (what to make asynchronous), sorted.
    pub sync_flows: Vec<Id>,
    /// Where the flows of `sync_flows` are in the model, in the same order (not written out): a finding names them
    /// by the model's own ids ([`crate::model::Model::flow_id`]) instead of looking each id up.
    #[serde(skip)]
    pub sync_flow_ixs: Vec<crate::model::FlowIx>,
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
    /// Hops on that path.
    pub hops: usize,
    /// Component ids along that path, source first. Only the last hops of a long path are listed after the source
    /// (`omitted_components` says how many components are left out between the first id and the second).
    pub path: Vec<Id>,
    /// The controls found on the hops `path` lists, in words (a long path's omitted hops may hold more: `controls`
    /// counts them all).
    pub controls_on_path: Vec<String>,
    /// Where each of `controls_on_path` quotes components' names (not serialised: a rename rewrites them in place).
    #[serde(skip)]
    pub control_quotes: Vec<Box<[Quote]>>,
    /// Hops of the path without authentication where the diagram does not say whether the caller authenticates.
    pub unstated_authentication: usize,
    /// Controls on the weakest path if every hop whose authentication the diagram leaves unstated did authenticate
    /// (a separate search, so at least `controls`; equal when nothing on the way is unstated).
    pub optimistic_controls: u32,
    /// Controls on the weakest path from the internet or an outside user alone (`None` when none reaches the store).
    pub external_controls: Option<u32>,
    /// Where the components of `path` are in the model, in the same order, then the store's (not serialised): the
    /// `defense-in-depth` rule names them by the model's own ids and names without looking each id up (a path made
    /// by hand without them it leaves out). A live analysis moves them with the components.
    #[serde(skip)]
    pub positions: Vec<crate::model::ComponentIx>,
}

impl DefensePath {
    /// Components of the path left out between `path[0]` (the source) and `path[1]`.
    pub fn omitted_components(&self) -> usize {
        (self.hops + 1).saturating_sub(self.path.len())
    }

    /// Controls on hops the path does not list.
    pub fn omitted_controls(&self) -> usize {
        (self.controls as usize).saturating_sub(self.controls_on_path.len())
    }

    /// The path's ids, each written by `show`, joined by `separator`, with a long path's omitted middle said in
    /// words: `internet > (9983 more) > s9998 > d9998`.
    pub fn path_text(&self, separator: &str, show: impl Fn(&str) -> String) -> String {
        let mut parts: Vec<String> = self.path.iter().map(|id| show(id.as_str())).collect();
        let omitted = self.omitted_components();
        if omitted > 0 {
            parts.insert(1.min(parts.len()), format!("({omitted} more)"));
        }
        parts.join(separator)
    }

    /// The controls in words, each written by `show`, joined by `separator`; controls on hops the path does not
    /// list are counted (`3 more on hops not shown`). `none` when there are none.
    pub fn controls_text(&self, separator: &str, show: impl Fn(&str) -> String) -> String {
        self.join_controls(self.controls_on_path.iter().map(|c| show(c)).collect(), separator)
    }

    /// [`Self::controls_text`] with the names it quotes written as markers ([`quote::name`]), to quote inside a
    /// finding's explanation.
    pub fn marked_controls_text(&self, model: &Model, separator: &str) -> String {
        let quotes = |i: usize| self.control_quotes.get(i).map_or(&[][..], |q| &q[..]);
        let parts = self.controls_on_path.iter().enumerate().map(|(i, c)| quote::marked(model, c, quotes(i))).collect();
        self.join_controls(parts, separator)
    }

    /// The controls' texts joined, with the count of those on hops not shown.
    fn join_controls(&self, mut parts: Vec<String>, separator: &str) -> String {
        let omitted = self.omitted_controls();
        if omitted > 0 {
            parts.push(format!("{omitted} more on hops not shown"));
        }
        if parts.is_empty() { "none".to_owned() } else { parts.join(separator) }
    }
}

/// A synchronous call chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyncChain {
    /// Hops, with cycles collapsed into one step and hops out of load balancers and API gateways not counted.
    pub length: usize,
    /// Component ids along the chain: the first caller, then where the chain enters each next step (a collapsed
    /// cycle shows as the member the chain enters it at).
    pub path: Vec<Id>,
}

/// All architecture metrics of a diagram.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Per bounded context, in id order.
    pub contexts: Vec<ContextMetrics>,
    /// Dependency cycles between contexts, sorted by their contexts.
    pub context_cycles: Vec<ContextCycle>,
    /// For each sensitive store reachable from an untrusted source, the weakest path (from whichever source gives
    /// the fewest controls), in store id order.
    pub defense_in_depth: Vec<DefensePath>,
    /// The longest synchronous call chain.
    pub longest_sync_chain: Option<SyncChain>,
    /// Every synchronous call chain by its start, for rules (not serialised).
    #[serde(skip)]
    pub sync_chains: SyncChains,
}

impl Metrics {
    /// Computes every metric.
    pub fn compute(model: &Model, facts: &Facts) -> Self {
        Self::compute_with_chains(model, facts, SyncChains::compute(model))
    }

    /// Every metric, with the synchronous chains given (those of the last model, moved to this one's positions: a
    /// component without flows came or went, and chains follow calls alone).
    pub fn compute_with_chains(model: &Model, facts: &Facts, sync_chains: SyncChains) -> Self {
        Self::compute_with(model, facts, sync_chains, cohesion::compute(model), None)
    }

    /// Every metric, with the synchronous chains and the cohesion and coupling per context given (see
    /// [`Metrics::contexts_after`]), and the defense paths when they are known to be the same
    /// ([`DefenseMemo::keeps`]; a debug assertion compares them with those computed afresh).
    pub fn compute_with(
        model: &Model,
        facts: &Facts,
        sync_chains: SyncChains,
        contexts: Vec<ContextMetrics>,
        defense: Option<Vec<DefensePath>>,
    ) -> Self {
        let defense_in_depth = match defense {
            Some(kept) => {
                debug_assert!(kept == defense::compute_unkept(model, facts), "the defense paths kept");
                kept
            }
            None => defense::compute(model, facts),
        };
        Self {
            contexts,
            context_cycles: cycles::compute(model),
            defense_in_depth,
            longest_sync_chain: sync_chains.longest(model),
            sync_chains,
        }
    }

    /// Cohesion and coupling per context after flows at the components `ends` were added, removed or changed, and the
    /// components `members` changed their bounded context (or their context changed), given the entries before
    /// (`last`): only the entries of the contexts those touch are computed again (with their flow partners' for
    /// `members`, and the producers' and consumers' of queues and buses in no context at either); with whether any
    /// entry differs from `last`.
    pub fn contexts_after(
        model: &Model,
        last: Vec<ContextMetrics>,
        ends: &[crate::model::ComponentIx],
        members: &[crate::model::ComponentIx],
    ) -> (Vec<ContextMetrics>, bool) {
        let touched = cohesion::touched(model, ends, members);
        let (contexts, changed) = cohesion::recompute(model, last, &touched);
        debug_assert!(contexts == cohesion::compute(model), "cohesion after flows at {ends:?} and members {members:?}");
        (contexts, changed)
    }

    /// Whether the metrics may change, beyond the positions they hold, when a component without flows, children or
    /// links (as [`crate::model::changes::ComponentShift`] says) of kind `kind` comes or goes; `store`: it is a data
    /// store or runs a database. A context's members take part in flows, and cohesion, coupling and cycles follow
    /// flows; a defense path runs from an untrusted source along flows (or from the internet or an on-premises
    /// network into a component, without a flow) to a sensitive store, and a component without flows is a dead end.
    /// So only a source or a store can change them. A removed store is known by its data, which the metrics read (the
    /// live analysis notes it); an added one is told by `store`.
    pub fn moved_by(kind: crate::model::ComponentKind, store: bool) -> bool {
        store || hops::is_untrusted_kind(kind)
    }

    /// Whether the component at `c` of `model` is a data store or runs a database (see [`Metrics::moved_by`]).
    pub fn is_store(model: &Model, c: crate::model::ComponentIx) -> bool {
        defense::is_store(model, c)
    }

    /// Computes again what reads bounded contexts, after an edit of them alone (`members`: the components whose context
    /// is another, or changed): cohesion and coupling of the contexts that touches ([`Metrics::contexts_after`]) and
    /// the cycles between contexts; the defense paths and the call chains read no context and stay. Returns the
    /// fields that changed, as [`Metrics::differing`] names them.
    pub fn recontext(&mut self, model: &Model, members: &[crate::model::ComponentIx]) -> Vec<&'static str> {
        let last = std::mem::take(&mut self.contexts);
        let ((contexts, contexts_changed), cycles) =
            (Self::contexts_after(model, last, &[], members), cycles::compute(model));
        let mut changed = Vec::new();
        if contexts_changed {
            changed.push("contexts");
        }
        if cycles != self.context_cycles {
            changed.push("context_cycles");
        }
        (self.contexts, self.context_cycles) = (contexts, cycles);
        changed
    }

    /// Computes again what reads where components sit, after moves that changed no component's bounded context (and
    /// nothing else): the defense paths. Cohesion, coupling and the cycles follow flows and contexts, the call chains
    /// calls. Returns the fields that changed, as [`Metrics::differing`] names them.
    pub fn replace_after_moves(&mut self, model: &Model, facts: &Facts) -> Vec<&'static str> {
        let defense = defense::compute(model, facts);
        let changed = if defense == self.defense_in_depth { Vec::new() } else { vec!["defense_in_depth"] };
        self.defense_in_depth = defense;
        changed
    }

    /// The names of the fields, as [`Metrics::differing`] gives them.
    pub const FIELDS: [&'static str; 5] =
        ["contexts", "context_cycles", "defense_in_depth", "longest_sync_chain", "sync_chains"];

    /// The names of the fields that differ between `self` and `other`, for the live analysis: a rule that reads
    /// none of them need not re-run.
    pub fn differing(&self, other: &Self) -> Vec<&'static str> {
        let Self { contexts, context_cycles, defense_in_depth, longest_sync_chain, sync_chains } = self;
        let same = [
            *contexts == other.contexts,
            *context_cycles == other.context_cycles,
            *defense_in_depth == other.defense_in_depth,
            *longest_sync_chain == other.longest_sync_chain,
            *sync_chains == other.sync_chains,
        ];
        Self::FIELDS.into_iter().zip(same).filter(|&(_, same)| !same).map(|(name, _)| name).collect()
    }

    /// The metrics of the context at position `i` of `diagram().contexts`.
    pub fn context(&self, i: usize) -> Option<&ContextMetrics> {
        self.contexts.get(i)
    }
}
