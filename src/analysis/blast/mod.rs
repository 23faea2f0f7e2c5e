//! Blast radius (docs/security-model.md#blast-radius): from a foothold (a component under the attacker's control, the internet
//! attacker, or an insider on the internal network), everything the attacker reaches, at two levels: **control**
//! (runs code as X or holds X's credentials) and **influence** (sends X crafted input or acts on X's data through
//! its API); control beats influence. Every reached component comes with its hop count, the mechanism of the last
//! step, the likelihood where a step is uncertain, and the path from the start.
//!
//! [`BlastGraph`] is built once per (model, posture) (`graph` and the edge rules in `flows`, `iam`, `kubernetes`,
//! `network`); [`BlastGraph::radius`] searches it (`search`); [`BlastGraph::ranking`] sizes the radius of every
//! component at once over the strongly connected components, exactly up to [`SKETCH`] - 1 components and by
//! bottom-k sketches beyond (`scc`, `ranking`).
//!
//! Decisions beyond docs/security-model.md#blast-radius:
//! - The start itself is not in the reached list. Paths start at the start component; for the actors they start
//!   at the first component reached (the CLI prints the actor first), and hops count steps, the actor's first step
//!   included.
//! - A drawn `admin` flow (kubectl, deploy, SSH, console) from a controlled component gives control of its callee.
//! - Unsafe input execution (`executes_input`) turns influence from any mechanism into control, not only from
//!   queues and buses.
//! - Influence on a producer follows its `queue-send` and `event-publish` flows (rule 8); otherwise influence only
//!   follows the outbound flows of brokers, API gateways and load balancers, and queue consumers (`queue-receive`)
//!   receive what a queue is given. An EventBridge bus with `source_pinned` passes its drawn publishers' own events
//!   on, but an IAM `events:PutEvents` on it injects nothing (the role's own source matches no rule).
//! - IAM: an action applies to a named resource only when its service acts on the resource's kind (`*` matches
//!   all); wildcard resources cover the role's own account only. Services and takeover actions come from the one
//!   vocabulary in `analysis::iam` (control of a role, function, node or cluster; pushing to a registry; reading
//!   a secret; putting messages into a broker). A drawn flow to a credentials store that is not `data-write` reads
//!   it too.
//! - Credentials: a component with `credentials_for` (a secrets store or a generic service) gives control of those
//!   targets to whoever reads or controls it. `read-secrets` gives the Kubernetes secrets of the namespace: the
//!   password, API-key and token flows of its pods and containers that keep their secrets in the environment
//!   (`secret_storage: environment`), at influence level (the attacker acts as that pod towards the callee).
//! - Kubernetes: `create-pods` also gives the namespace's pods; control of an EKS cluster or control plane (through
//!   an admin flow) gives cluster-admin. A process drawn directly on an EC2 node reaches the metadata service and
//!   needs a local exploit (as a breakout) to own the node. Containers and their pod control each other.
//! - Network: see `network` (which networks there are; components drawn in none share one default network; EC2
//!   nodes' listeners follow the posture like any other); a Lambda outside a VPC has no network
//!   position, and an attacker's foothold does not add what the internet attacker reaches anyway (open resource
//!   policies, public entry points).
//! - Isolation between accounts (rules 1-6): drawn flows and drawn role links are evidence that the step is
//!   allowed; IAM and credential steps need a cross-account trust from the attacker's account to the target's, or a
//!   resource policy on the target open to any principal. Components outside every account are never isolated.
//! - Likelihood: the lowest likelihood of an uncertain step on the path (a breakout that needs an exploit); the
//!   path is a shortest one, not necessarily the likeliest.

mod flows;
mod graph;
mod iam;
mod judged;
mod keys;
mod kubernetes;
mod mechanism;
mod memo;
mod network;
mod patch;
mod ranking;
mod scc;
mod search;
mod shift;
mod slots;
mod visit;

use std::collections::BTreeMap;

use serde::Serialize;

pub use graph::BlastGraph;
pub use judged::{Judgement, Rejudged, forget_judgements, judged, rejudging, shift_named};
pub use mechanism::Mechanism;
pub use memo::{
    SweepMemo, expect_component_edit, expect_connection_edit, expect_flow_edit, expect_same_graph, remembering,
    took_last_reaches,
};
pub use patch::FlowEdit;
pub use ranking::{LISTED_STORES, RankEntry, Reach, SKETCH, Size};

use crate::analysis::facts::Facts;
use crate::analysis::severity::Likelihood;
use crate::model::named::{MAX_SUGGESTION_CANDIDATES, clip, did_you_mean};
use crate::model::{ComponentIx, Model, Posture};

crate::named_enum! {
    /// How much of a component the attacker has.
    pub enum Level: "level" {
        /// Runs code as it or holds its credentials.
        Control = "control",
        /// Can send it crafted input or act on its data through its API.
        Influence = "influence",
    }
}

/// Where the attacker starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Start {
    /// A compromised component: the attacker controls it.
    Component(ComponentIx),
    /// An outside attacker on the internet.
    Internet,
    /// An insider with a position on the internal network.
    Insider,
}

impl Start {
    /// How the internet attacker is written.
    pub const INTERNET: &'static str = "actor:internet";
    /// How the insider is written.
    pub const INSIDER: &'static str = "actor:insider";

    /// Parses `actor:internet`, `actor:insider` or a component id of the model; the error says what was meant.
    pub fn parse(model: &Model, text: &str) -> Result<Self, String> {
        match text {
            Self::INTERNET => return Ok(Self::Internet),
            Self::INSIDER => return Ok(Self::Insider),
            _ => {}
        }
        if let Some(c) = model.component_ix(text) {
            return Ok(Self::Component(c));
        }
        // The search is capped (by `did_you_mean`) and the text clipped: both come from the command line.
        let mut candidates: Vec<&str> = Vec::new();
        if model.components().len() < MAX_SUGGESTION_CANDIDATES {
            candidates = model.components().iter().map(|c| c.id.as_str()).collect();
        }
        candidates.extend([Self::INTERNET, Self::INSIDER]);
        let shown = clip(text);
        Err(match did_you_mean(text, &candidates) {
            Some(best) => format!("unknown component \"{shown}\" (did you mean \"{best}\"?)"),
            None => {
                format!("unknown component \"{shown}\" (give a component id, {} or {})", Self::INTERNET, Self::INSIDER)
            }
        })
    }

    /// How the start is written: the component id or the actor.
    pub fn label(self, model: &Model) -> String {
        match self {
            Self::Component(c) => model.component_id(c).to_string(),
            Self::Internet => Self::INTERNET.to_owned(),
            Self::Insider => Self::INSIDER.to_owned(),
        }
    }
}

/// [`BlastGraph::sweep`] over the graph of `model` under `posture`. Inside a live analysis, after an edit that
/// changed nothing the graph's steps read ([`expect_same_graph`]) and left the same stores sensitive, the last
/// sweep's reaches are handed over as they were, without building the graph.
pub fn sweep_model(
    model: &Model,
    facts: &Facts,
    posture: Posture,
    counted: impl Fn(ComponentIx) -> bool,
    mut visit: impl FnMut(ComponentIx, Reach<'_>),
) {
    let Some(mut memo) = memo::take() else {
        // A one-off analysis.
        BlastGraph::with_facts(model, facts, posture).sweep(counted, visit);
        return;
    };
    let mut kept = None;
    if memo.expects_same_graph() {
        let counting: Vec<bool> = model.component_ixs().map(&counted).collect();
        let sensitive = graph::sensitive_stores(model);
        if memo.replay((&counting, &sensitive), &mut visit) {
            memo::put(Some(memo));
            return;
        }
        kept = memo.same_graph(posture, counting.len()).map(|(mut graph, cond, steps)| {
            // Other stores are sensitive: the steps are the same.
            graph.set_sensitive(sensitive);
            (graph, Some(cond), steps)
        });
    } else if let Some((graph, steps, cond, edit)) = memo.flow_edit() {
        kept = graph.patched((model, facts, posture), steps, &edit).map(|(graph, steps, changes)| {
            debug_assert!(
                shift::alike(&graph, &BlastGraph::with_facts(model, facts, posture)),
                "the blast graph after flows changed: {edit:?}"
            );
            memo.took_graph();
            let cond = cond.after(&graph, &changes);
            (graph, cond, steps)
        });
    } else if let Some((graph, steps, cond, shift)) = memo.component_edit() {
        kept = graph.with_component((model, facts, posture), (steps, &cond), &shift).map(|(graph, steps, cond)| {
            debug_assert!(
                shift::alike(&graph, &BlastGraph::with_facts(model, facts, posture)),
                "the blast graph after a component came or went: {shift:?}"
            );
            debug_assert!(
                cond.as_ref().is_none_or(|cond| scc::same_components(&graph, cond, &scc::condense(&graph))),
                "the condensation after a component came or went: {shift:?}"
            );
            memo.took_graph();
            (graph, cond, steps)
        });
    } else if let Some((graph, steps, cond)) = memo.connection_edit() {
        kept = graph.with_connections(model, posture, steps).map(|(graph, steps, changes)| {
            debug_assert!(
                shift::alike(&graph, &BlastGraph::with_facts(model, facts, posture)),
                "the blast graph after connections changed"
            );
            memo.took_graph();
            let cond = cond.after(&graph, &changes);
            (graph, cond, steps)
        });
    }
    memo::put(Some(memo));
    let (graph, cond, steps) = kept.unwrap_or_else(|| {
        let (graph, steps) = BlastGraph::with_flow_steps(model, facts, posture);
        let cond = memo::take().and_then(|mut memo| {
            let cond = memo.condensation_of(&graph);
            memo::put(Some(memo));
            cond
        });
        debug_assert!(
            cond.as_ref().is_none_or(|cond| scc::same_components(&graph, cond, &scc::condense(&graph))),
            "the kept condensation of the same steps"
        );
        (graph, cond, steps)
    });
    let cond = cond.unwrap_or_else(|| scc::condense(&graph));
    if !graph.remembered_sweep(&counted, &mut visit) {
        graph.sweep_condensed(&cond, counted, visit);
    }
    if let Some(mut memo) = memo::take() {
        memo.keep_graph(graph, cond, steps);
        memo::put(Some(memo));
    }
}

/// One component the attacker reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reached {
    /// The component.
    pub component: ComponentIx,
    /// Control or influence (control when both).
    pub level: Level,
    /// Steps from the start.
    pub hops: u32,
    /// How the last step happens.
    pub mechanism: Mechanism,
    /// The lowest likelihood of an uncertain step on the path; `None` when every step is certain.
    pub likelihood: Option<Likelihood>,
    /// The component before this one on the path (`None` for the first component an actor reaches);
    /// [`BlastRadius::path`] gives the whole path.
    pub previous: Option<ComponentIx>,
    /// The search state it was reached in, to walk its path back.
    state: u32,
}

/// Everything reached from one start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlastRadius {
    /// Where the attacker started.
    pub start: Start,
    /// The posture the graph was built under.
    pub posture: Posture,
    /// Reached components, by hops then id.
    pub reached: Vec<Reached>,
    /// Whether the search ran to its end (a bounded search may stop early).
    pub complete: bool,
    /// Per state shown on a path, the previous state shown as another component, and that component: paths are
    /// walked on request only.
    back: BTreeMap<u32, (u32, u32)>,
}

impl BlastRadius {
    /// How many components are under control.
    pub fn controlled(&self) -> usize {
        self.reached.iter().filter(|r| r.level == Level::Control).count()
    }

    /// How many components are only influenced.
    pub fn influenced(&self) -> usize {
        self.reached.iter().filter(|r| r.level == Level::Influence).count()
    }

    /// The level at which a component is reached.
    pub fn level_of(&self, c: ComponentIx) -> Option<Level> {
        self.reached.iter().find(|r| r.component == c).map(|r| r.level)
    }

    /// The components from the start (included when it is a component) to a reached one, in O(path length).
    pub fn path(&self, reached: &Reached) -> Vec<ComponentIx> {
        let mut path = vec![reached.component];
        let mut at = reached.state;
        while let Some(&(state, component)) = self.back.get(&at) {
            if path.len() > self.back.len() {
                break;
            }
            path.push(ComponentIx(component));
            at = state;
        }
        path.reverse();
        path
    }
}

/// How many of the nearest reached components [`BlastRadius::views`] gives with their whole path; the others name
/// the component before them (a chain of n components would otherwise print n^2 ids).
pub const VIEW_PATHS: usize = 50;

/// A reached component as the CLI and UI show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReachedView {
    /// Component id.
    pub id: String,
    /// Control or influence.
    pub level: Level,
    /// Steps from the start.
    pub hops: u32,
    /// How the last step happens.
    pub mechanism: Mechanism,
    /// Where a step is uncertain, the lowest likelihood.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Likelihood>,
    /// The id before this one on the path (an actor as `actor:...`).
    pub via: String,
    /// Ids from the start (an actor as `actor:...`) to this component; for the nearest [`VIEW_PATHS`] only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<String>>,
}

impl BlastRadius {
    /// The reached components with ids; the nearest [`VIEW_PATHS`] with their path starting at the start as written.
    pub fn views(&self, model: &Model) -> Vec<ReachedView> {
        self.reached.iter().enumerate().map(|(i, r)| self.view(model, r, i < VIEW_PATHS)).collect()
    }

    /// One reached component as shown, with its whole path when `with_path`.
    pub fn view(&self, model: &Model, r: &Reached, with_path: bool) -> ReachedView {
        let actor = match self.start {
            Start::Component(_) => None,
            start => Some(start.label(model)),
        };
        let id = |c: ComponentIx| model.component_id(c).to_string();
        ReachedView {
            id: id(r.component),
            level: r.level,
            hops: r.hops,
            mechanism: r.mechanism,
            likelihood: r.likelihood,
            via: r.previous.map(id).or_else(|| actor.clone()).unwrap_or_default(),
            path: with_path.then(|| actor.iter().cloned().chain(self.path(r).into_iter().map(id)).collect()),
        }
    }
}

#[cfg(test)]
mod tests;
