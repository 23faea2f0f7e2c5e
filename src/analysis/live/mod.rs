//! Live analysis: an [`Analysis`] kept up to date across edits by redoing only what they can change.
//!
//! [`Live::update`] takes what changed in the model since the last update ([`Changes`], which
//! [`crate::edit::Document::changes_since`] gives). An edit of properties re-runs only the rules that read one of
//! the changed properties (the tables in `reads.rs`), replaces their findings and adjusts the risk totals by the
//! difference. The facts and metrics are recomputed only when they read a changed property; when the facts come out
//! different everything is redone, when the metrics do the rules that read them re-run too. Almost every rule reads `data` (impact follows the data at stake), so for `data`
//! the tables are not used: the live analysis notes whose data the metrics and each rule read in their last run
//! ([`crate::analysis::data`]), and an edit of a component's data re-runs only those that read it. A rename re-runs
//! nothing: the analysis writes names only through [`crate::analysis::quote`], and a live analysis runs inside
//! [`quote::marking`], so its texts keep where they quote which component; the new names are spliced into the
//! findings' explanations and the defense paths' controls in place, and responsibility (whose adjustments name
//! hosts) is recomputed. Nothing else reads a name (a scan of the sources checks it). A change of triage entries
//! sets the findings' status and notes, adjusts the risk totals and lists the stale entries again. An edit of a
//! flow's attributes (not what it connects) re-runs the stages that read the changed attributes (the flow tables in
//! `reads.rs`). When flows are added, removed or re-pointed, the facts are found again (everything is redone when
//! they differ), and only the stages whose last run read the flow structure ([`crate::model::structure`]) re-run; the
//! metrics compute cohesion and coupling again only for the contexts the edited flows touch
//! ([`Metrics::contexts_after`], as after an edit of bounded contexts), and keep the defense paths when the searches
//! that found them would settle the same states by the same hops ([`DefenseMemo::keeps`]). A
//! rule that judges each flow ([`Rule::per_flow`]) or each component ([`Rule::per_component`]) on its own re-runs on
//! the edited flows, or the components at their ends, only, as long as in its last run no check read other flows
//! than its own. An edit of a manual threat makes its finding again; an edit of a rule's settings re-runs that rule,
//! a new as-of date the rules that read it (`reads::AS_OF`) and responsibility; boundaries the facts only (when
//! those come out the same, nothing else is redone); notes change nothing the analysis reads. A component without
//! flows, children or links added or removed ([`crate::model::changes::ComponentShift`]) moves every position the
//! analysis holds, finds the facts again (everything is redone when they differ at the moved positions), and re-runs
//! only the rules whose last run read which components there are ([`crate::model::structure`]): those that judge
//! each component on the added component and the parent only, those that judge each flow not at all; the metrics
//! keep their synchronous chains, responsibility the other components' stacks, and the blast-radius memory moves
//! with the components. An edit of a component's links besides its parent (a role, what it protects or covers ...)
//! re-runs the rules that read links (`reads::LINKS`, derived from the sources by a test), after finding the facts
//! again when they read the changed links. A component moved under another parent (with everything inside it) keeps
//! every position: the facts are found again, and the live analysis notes where each stage read which components sit
//! (their parent, containers, depth, children, or the facts derived from them: [`crate::model::structure`]), so only
//! the stages that read the place of a moved component, of a parent it left or joined, or of a component whose facts
//! changed re-run; a rule that judges each flow or component, whose checks read the places only of their own flow's
//! ends or their component and its flow partners, re-runs on those components, their partners and their flows. The
//! metrics keep their chains, responsibility is computed again, and contexts inherited through the move count as
//! changed contexts. Connections between networks re-run the rules that read them (`reads::CONNECTIONS`, derived from
//! the sources by a test). Any other change (a new posture among them) redoes the whole analysis. The result is always
//! equal to a fresh [`crate::analysis::analyze_with`] of the model, where the names are quoted too
//! (`tests/live_props.rs`).

mod reads;
#[cfg(test)]
mod scan;
#[cfg(test)]
mod tests;

use crate::analysis::blast::{SweepMemo, remembering};
use crate::analysis::facts::Facts;
use crate::analysis::finding::{Finding, Hit};
use crate::analysis::metrics::{DefenseMemo, Metrics, keeping_defense};
use crate::analysis::quote;
use crate::analysis::responsibility::Responsibility;
use crate::analysis::risk::RiskSummary;
use crate::analysis::rule::Rule;
use crate::analysis::{
    Analysis, DataReads, Units, analyze_noting, data, in_order, manual_finding, noted_findings, rules, sorted,
    stale_triage, unit_findings,
};
use crate::model::changes::{Changes, ComponentShift};
use crate::model::flow::FlowFields;
use crate::model::props::{KeySet, PropertyKey};
use crate::model::threat::MANUAL_THREAT_RULE;
use crate::model::triage::TriageStatus;
use crate::model::{ComponentIx, FlowIx, Model, Posture};

/// An analysis that follows a model through its edits.
#[derive(Clone, Debug)]
pub struct Live {
    /// The posture it judges under whatever the diagram says (a command-line override), if any.
    posture: Option<Posture>,
    facts: Facts,
    analysis: Analysis,
    /// Whose data the metrics and each rule read when they last ran.
    reads: DataReads,
    /// The blast-radius sizes of the last sweep, for a sweep over a graph of the same steps.
    sweeps: SweepMemo,
    /// What the searches of the defense paths found when they were last computed, for flow edits that cannot change
    /// them; `None` when not known.
    defense: Option<DefenseMemo>,
    /// Whether this update kept the defense paths across flow edits and moved `defense` to the flows' new positions.
    defense_followed: bool,
    /// How many rules re-ran on the flows between networks only, after connections alone changed.
    #[cfg(test)]
    across_runs: usize,
    /// How many whole re-runs of a rule replaced only the findings it judged otherwise ([`crate::analysis::blast::judged`]).
    #[cfg(test)]
    rejudged_runs: usize,
    /// How many updates after flows were added or removed adjusted the risk totals instead of summing them afresh.
    #[cfg(test)]
    adjusted_after_flows: usize,
}

/// How much [`Live::update`] redid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redone {
    /// Nothing could have changed.
    Nothing,
    /// Only names changed: the texts that quote them were rewritten in place (and responsibility redone).
    Names,
    /// Only these many rules re-ran, some of them on the edited flows only (and the facts, metrics or
    /// responsibility when they read what changed), and the edited manual threats' findings were made again, after
    /// rewriting the quoted names if any changed.
    Rules(usize),
    /// Only triage entries changed (besides names, if any): the findings' status and notes, the risk totals and
    /// the stale entries were updated in place.
    Triage,
    /// The whole analysis.
    Everything,
}

impl Live {
    /// Analyses a model under its own posture (and later models under theirs).
    pub fn new(model: &Model) -> Self {
        Self::start(model, None)
    }

    /// Analyses a model, and later models, under the given posture.
    pub fn with_posture(model: &Model, posture: Posture) -> Self {
        Self::start(model, Some(posture))
    }

    fn start(model: &Model, posture: Option<Posture>) -> Self {
        quote::marking(|| {
            let facts = Facts::new(model);
            let (mut reads, mut sweeps) = (DataReads::default(), SweepMemo::default());
            let posture_now = posture.unwrap_or(model.diagram().settings.posture);
            let (analysis, defense) = keeping_defense(|| {
                remembering(&mut sweeps, || analyze_noting(model, posture_now, &facts, Some(&mut reads)))
            });
            Self {
                posture,
                facts,
                analysis,
                reads,
                sweeps,
                defense,
                defense_followed: false,
                #[cfg(test)]
                across_runs: 0,
                #[cfg(test)]
                rejudged_runs: 0,
                #[cfg(test)]
                adjusted_after_flows: 0,
            }
        })
    }

    /// For tests: the stages (rule ids, or "metrics") whose reads this keeps miss some that a fresh live analysis of
    /// `model` makes, or whose checks it claims more local than they are now: what it relies on to decide what to
    /// run again ([`data::Read::covers`]). Makes a fresh live analysis.
    #[doc(hidden)]
    pub fn uncovered_reads(&self, model: &Model) -> Vec<&'static str> {
        let fresh = Self::new(model);
        let mut wrong: Vec<&'static str> = rules::all()
            .iter()
            .enumerate()
            .filter(|&(i, _)| {
                let (kept, now) = (self.reads.local.get(i).copied(), fresh.reads.local.get(i).copied());
                let local = kept.unwrap_or_default().covers(&now.unwrap_or_default());
                let read = self.reads.rules.get(i).zip(fresh.reads.rules.get(i)).is_none_or(|(k, f)| k.covers(f));
                !(local && read)
            })
            .map(|(_, rule)| rule.meta().id)
            .collect();
        if !self.reads.metrics.covers(&fresh.reads.metrics) {
            wrong.push("metrics");
        }
        wrong
    }

    /// Forgets what the blast-radius sweep found before the last update (which an update that undoes the last one
    /// takes back, see `blast::memo`): for measuring an edit made for the first time.
    pub fn forget_undo_memory(&mut self) {
        self.sweeps.forget_before();
    }

    /// The analysis of the model as of the last update.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// The analysis of the model as of the last update.
    pub fn into_analysis(self) -> Analysis {
        self.analysis
    }

    /// Brings the analysis up to date with `model`, which differs from the model of the last update by `changes`.
    pub fn update(&mut self, model: &Model, changes: &Changes) -> Redone {
        // Its texts keep where they quote names, for the next rename; its blast-radius sweeps keep their sizes.
        let mut sweeps = std::mem::take(&mut self.sweeps);
        if let Some(shift) = &changes.component {
            // What the sweeps remember moves to the components' new positions (even for a sweep redone whole).
            sweeps.shift(shift);
        }
        let kept = self.defense.take();
        let (redone, found) = keeping_defense(|| {
            // `update_content` takes it out when it keeps the paths, and puts it back with the flows' new positions.
            self.defense = kept;
            remembering(&mut sweeps, || quote::marking(|| self.update_quoting(model, changes)))
        });
        self.sweeps = sweeps;
        if found.is_some() {
            // The paths were computed again.
            self.defense = found;
        } else if changes.component.is_some() || (changes.structure && !self.defense_followed) {
            // Of no use: its states are components' positions, its flows flows' positions.
            self.defense = None;
        }
        self.defense_followed = false;
        redone
    }

    /// After connections alone changed: per rule (by position in `all`) that judges each flow, whose checks read no
    /// flow at their ends and that says which flows' checks read connections, those flows (re-checked instead of every
    /// flow).
    fn across(&self, model: &Model, all: &[&'static dyn Rule]) -> Vec<(usize, Vec<FlowIx>)> {
        let local = |i: usize| self.reads.local.get(i).is_some_and(|l| l.flow && !l.end_flows);
        let per_flow_reader = |rule: &&dyn Rule| reads::CONNECTIONS.contains(&rule.meta().id) && rule.per_flow();
        let mut across = Vec::new();
        for (i, rule) in all.iter().enumerate().filter(|&(i, rule)| per_flow_reader(rule) && local(i)) {
            if let Some(flows) = rule.connection_flows(model, &self.facts) {
                across.push((i, flows));
            }
        }
        across
    }

    fn update_quoting(&mut self, model: &Model, changes: &Changes) -> Redone {
        let redone = self.update_content(model, changes);
        if changes.triage && !changes.everything {
            // After any re-run rules, whose new findings read the new triage already.
            self.retriage(model);
            if matches!(redone, Redone::Nothing | Redone::Names) {
                return Redone::Triage;
            }
        }
        redone
    }

    /// Brings the findings' status and notes in line with the model's triage entries, with the risk totals and the
    /// list of stale entries. Nothing else reads triage.
    fn retriage(&mut self, model: &Model) {
        let triage = &model.diagram().triage;
        let analysis = &mut self.analysis;
        let mut change = crate::analysis::risk::RiskChange::new(model);
        for finding in &mut analysis.findings {
            if finding.rule() == MANUAL_THREAT_RULE {
                // A manual threat has a status of its own.
                continue;
            }
            let entry = triage.get(finding.id());
            let status = entry.map_or(TriageStatus::Open, |t| t.status);
            let note = entry.map_or("", |t| t.note.as_str());
            if finding.status != status {
                change.count(model, finding, false);
                finding.status = status;
                change.count(model, finding, true);
            }
            if finding.note != note {
                note.clone_into(&mut finding.note);
            }
        }
        analysis.risk.apply(model, &change);
        analysis.stale_triage = stale_triage(model, &analysis.findings);
    }

    fn update_content(&mut self, model: &Model, changes: &Changes) -> Redone {
        if changes.is_empty() {
            return Redone::Nothing;
        }
        let change = changes.summary();
        if changes.everything {
            // As `start` does, with the sweeps' memory in place.
            self.facts = Facts::new(model);
            self.redo(model, self.posture.unwrap_or(model.diagram().settings.posture));
            return Redone::Everything;
        }
        let measured = self.measured(model, changes);
        self.follow(model, changes, change.name);
        // Content edits leave the settings, so the posture, as they were.
        let posture = self.analysis.posture;
        // Descriptions are read by nothing.
        let (keys, flows, structure) = (change.keys, changes.flows, changes.structure);
        let (settings, as_of, contexts) = (&changes.rule_settings, changes.as_of, changes.contexts);
        let shift = changes.component.as_ref();
        let links = !changes.links.is_empty();
        let moved = !changes.moved.is_empty();
        let other = structure
            || contexts
            || changes.connections
            || as_of
            || links
            || moved
            || shift.is_some()
            || !changes.threats.is_empty()
            || !settings.is_empty();
        if keys.is_empty() && flows.is_empty() && !other && !changes.boundaries {
            return if change.name { Redone::Names } else { Redone::Nothing };
        }
        // For `data`, whose data each stage read decides; the tables decide for the other keys.
        let data_edited = data_edited(changes);
        let others = keys.without(PropertyKey::Data);
        // Only the facts read boundaries (a scan checks it): when the facts come out the same, nothing else can differ
        // after an edit of boundaries but where findings about boundaries (manual threats) point.
        let Some((places, defense_alike)) = self.refind_facts(model, changes, (keys, flows)) else {
            self.redo(model, posture);
            return Redone::Everything;
        };
        if changes.boundaries {
            retarget_all(&mut self.analysis, model, |t| matches!(t, crate::model::Element::Boundary(_)));
            if keys.is_empty() && flows.is_empty() && !other {
                return if change.name { Redone::Names } else { Redone::Rules(0) };
            }
        }
        // Whether the metrics read what changed: then they are computed again, else after an edit of bounded contexts
        // only what reads them.
        let read_but_places = others.intersects(reads::METRICS)
            || flows.intersects(reads::FLOW_METRICS)
            || self.reads.metrics.any_data(&data_edited)
            || (structure && self.reads.metrics.structure)
            || (measured && shift.is_some_and(|shift| self.reads.metrics.came_across(shift)));
        let places_read = moved && self.reads.metrics.any_place(&places);
        // The fields that changed, and the chain starts whose chain changed, when the synchronous chains did.
        let (metrics_changed, chain_starts) = match (read_but_places || places_read, contexts) {
            // Moves that changed no component's context (then `contexts` says so) and nothing else the metrics read:
            // only the defense paths read where components sit.
            (true, false) if !read_but_places && shift.is_none() => self.replace_after_moves(model, defense_alike),
            // A component that came, went or moved changed no call: the chains stay.
            (true, _) => self.remeasure(model, changes, shift.is_some() || moved),
            (false, true) => self.recontext(model, &changes.context_members),
            (false, false) => (Vec::new(), Vec::new()),
        };
        if keys.intersects(reads::RESPONSIBILITY)
            || flows.intersects(reads::FLOW_RESPONSIBILITY)
            || (structure && self.reads.responsibility)
            || as_of
        {
            let (responsibility, read) = crate::model::structure::noting(|| Responsibility::compute(model));
            self.reads.responsibility = read.flow_structure;
            self.analysis.responsibility = responsibility;
        } else if moved {
            // Only the moved components' containers changed.
            self.analysis.responsibility.restack(model, &changes.moved);
        } else if let Some(shift) = shift {
            // The others' stacks stay (they read no other component but their containers).
            self.analysis.responsibility.shift(model, shift);
        }
        let all = rules::all();
        // Rules re-run whole, and rules that judge each flow (or component) on its own re-run on the flows edited (or
        // the components at their ends).
        let (mut whole, mut part) = (Vec::new(), Vec::new());
        let across = if connections_alone(changes, keys) { self.across(model, &all) } else { Vec::new() };
        for (i, rule) in all.iter().enumerate() {
            let id = rule.meta().id;
            let read = self.reads.rules.get(i);
            // Each check read only its own flow or component's flows (in the last run), so only the edited flows'
            // checks, or those of the components at their ends (or of the changed chain starts), can differ.
            let locality = self.reads.local.get(i).copied().unwrap_or_default();
            let local = (rule.per_flow() || rule.per_component()) && locality.flow;
            // Which components there are: a rule whose last run read it re-runs. One that judges each flow or each
            // component on its own read the list only to go through its units (and to find what its findings are
            // about): when no check read it, it re-runs on the added component and the parent of the added or removed
            // one only, if it judges components, and not at all if it judges flows. A read of some of the components
            // only counts when it takes the one that came or went.
            let unit_local = (rule.per_flow() || rule.per_component()) && locality.missed(shift);
            let by_shift = shift.is_some_and(|shift| read.is_none_or(|read| read.came_across(shift)));
            // Bounded contexts: a rule that reads them re-runs; one that judges each flow or component, whose checks
            // read only their own contexts (a flow's ends', a component's and its flow partners'), on the flows at the
            // components whose context changed, or those components and their partners.
            let by_contexts = contexts && reads::CONTEXTS.contains(&id);
            let context_local = (rule.per_flow() || rule.per_component()) && locality.context;
            // After a move: a rule that judges each flow or component, whose checks read where only their own flow's
            // ends, or their component and its partners, sit (and not which components there are), re-runs on the
            // moved components, those whose facts changed, the parents left and joined, and their partners or flows.
            let place_local = (rule.per_flow() || rule.per_component()) && locality.place && locality.component_list;
            let by_move = moved && read.is_none_or(|read| read.any_place(&places));
            // The data of edited components: a rule that judges each flow or component, whose checks read only
            // their own flow's ends' data (or their component's and its partners'), re-runs on the flows at those
            // components, or on them and their partners.
            let by_data = read.is_none_or(|read| read.any_data(&data_edited));
            let data_local = (rule.per_flow() || rule.per_component()) && locality.own_data && locality.flow;
            let metrics_read = reads::metrics_of(id);
            let by_metrics = metrics_read.iter().any(|field| metrics_changed.contains(field));
            // A rule that judges each chain start alone re-runs on the starts whose chain changed.
            let by_starts = by_metrics && local && rule.per_component() && metrics_read == ["sync_chains"];
            let joined = across.iter().any(|&(j, _)| j == i);
            if reads::rule(id).intersects(others)
                || (by_metrics && !by_starts)
                || (by_data && !data_local)
                || settings.contains(id)
                || (as_of && reads::AS_OF.contains(&id))
                || (by_contexts && !context_local)
                || (by_shift && !unit_local)
                || (links && reads::LINKS.contains(&id))
                || (changes.connections && reads::CONNECTIONS.contains(&id) && !joined)
                || (by_move && !place_local)
            {
                whole.push(i);
            } else if by_starts
                || joined
                || reads::flow_rule(id).intersects(flows)
                || (structure && read.is_some_and(|read| read.structure))
            {
                if local { part.push((i, by_starts)) } else { whole.push(i) }
            } else if (by_shift && rule.per_component()) || by_contexts || by_move || by_data {
                // Judges each component (or flow), and no check read which components there are (or a context
                // other than its own).
                part.push((i, false));
            }
        }
        if whole.len() == all.len() {
            // Replacing every rule's findings costs more than finding them afresh.
            self.redo(model, posture);
            return Redone::Everything;
        }
        tell_sweeps(model, changes, keys);
        let (starts, data) = (&chain_starts[..], &data_edited[..]);
        let rerun = Rerun { whole: &whole, part: &part, across: &across, starts, places: &places, data, changes };
        self.rerun(model, &all, rerun);
        Redone::Rules(whole.len() + part.len())
    }

    /// What the kept analysis holds follows the changes: positions after a component came or went, findings about
    /// contexts or connections (manual threats) to their elements' new positions (the rules that read them re-run
    /// later), and new names (`renamed`) into the texts that quote them.
    fn follow(&mut self, model: &Model, changes: &Changes, renamed: bool) {
        if let Some(shift) = &changes.component {
            self.shift(shift);
        }
        if changes.contexts || changes.connections {
            retarget_all(&mut self.analysis, model, |t| {
                use crate::model::Element as E;
                (changes.contexts && matches!(t, E::Context(_)))
                    || (changes.connections && matches!(t, E::Connection(_)))
            });
        }
        if renamed {
            self.rename(model, changes);
        }
    }

    /// Moves what the analysis holds of component positions to where they are after a component was added or removed
    /// (`shift`): what each stage read, where findings point and quote names, the defense paths' quotes and the
    /// synchronous chains. A stage that read the removed component's data counts as having read which components there
    /// are (it came across it), so it re-runs.
    fn shift(&mut self, shift: &ComponentShift) {
        let reads = &mut self.reads;
        for read in std::iter::once(&mut reads.metrics).chain(&mut reads.rules) {
            if !shift.added && read.contains(shift.at) {
                read.component_list = true;
            }
            read.shift(shift);
        }
        // Where the removed component was pointed at or quoted, the finding's rule read it: it is made again.
        let moved = |c: &mut ComponentIx| {
            if let Some(to) = shift.shifted(*c) {
                *c = to;
            }
        };
        let analysis = &mut self.analysis;
        for finding in &mut analysis.findings {
            finding.targets.update(|target| match target {
                crate::model::Element::Component(mut c) => {
                    moved(&mut c);
                    crate::model::Element::Component(c)
                }
                other => other,
            });
            for quote in &mut finding.quotes {
                moved(&mut quote.component);
            }
        }
        for path in &mut analysis.metrics.defense_in_depth {
            for quote in path.control_quotes.iter_mut().flat_map(|quotes| quotes.iter_mut()) {
                moved(&mut quote.component);
            }
            path.positions.iter_mut().for_each(moved);
        }
        analysis.metrics.sync_chains.shift(shift);
    }

    /// Computes the metrics again; returns the fields that changed and the chain starts whose chain did. After a
    /// component came or went (`shifted`) the synchronous chains are the last ones, moved: they follow calls alone,
    /// and no call changed. Otherwise cohesion and coupling are computed again only for the contexts the edited flows
    /// or the components whose context changed touch ([`Metrics::contexts_after`]).
    fn remeasure(&mut self, model: &Model, changes: &Changes, shifted: bool) -> (Vec<&'static str>, Vec<ComponentIx>) {
        let mut contexts_were = None;
        let (metrics, read) = if shifted {
            let chains = std::mem::take(&mut self.analysis.metrics.sync_chains);
            let (metrics, mut read) = data::noting(|| Metrics::compute_with_chains(model, &self.facts, chains));
            // What computing them read last time.
            read.structure |= self.reads.metrics.structure;
            read.component_list |= self.reads.metrics.component_list;
            (metrics, read)
        } else {
            let last = &mut self.analysis.metrics;
            // After flow edits alone, the defense paths stay when no search settled a state by a changed hop and
            // no new hop reaches a state sooner.
            let edit = flows_alone(changes, changes.summary().keys).then(|| flow_edit(model, changes));
            let defense = edit.filter(|edit| {
                let shifted = |f: u32| changes.shifted_flow(f);
                let memo = self.defense.as_mut();
                memo.is_some_and(|memo| memo.keeps((model, &self.facts), (&edit.old, &edit.new), &shifted))
            });
            self.defense_followed = defense.is_some();
            let kept = defense.map(|_| std::mem::take(&mut last.defense_in_depth));
            let last_chains = std::mem::take(&mut last.sync_chains);
            let ((metrics, contexts_changed, chains_before), mut read) = data::noting(|| {
                let (chains, before) = crate::analysis::metrics::SyncChains::compute_after(model, last_chains);
                let contexts = std::mem::take(&mut last.contexts);
                let (ends, members) = (&changes.flow_ends, &changes.context_members);
                let (contexts, changed) = Metrics::contexts_after(model, contexts, ends, members);
                (Metrics::compute_with(model, &self.facts, chains, contexts, kept), changed, before)
            });
            // What computing the kept contexts' entries (and the kept paths) read last time, besides.
            if self.defense_followed {
                read.add(&self.reads.metrics);
            }
            read.structure |= self.reads.metrics.structure;
            read.component_list |= self.reads.metrics.component_list;
            contexts_were = Some((contexts_changed, chains_before));
            (metrics, read)
        };
        self.reads.metrics = read;
        let mut changed = metrics.differing(&self.analysis.metrics);
        let mut starts = Vec::new();
        if let Some((contexts_changed, chains_before)) = contexts_were {
            // The last entries, chains (and paths kept) were taken out above: whether they differ was found then.
            let kept = |field: &str| {
                matches!(field, "contexts" | "sync_chains") || (self.defense_followed && field == "defense_in_depth")
            };
            changed.retain(|&field| !kept(field));
            if contexts_changed {
                changed.push("contexts");
            }
            if let Some(before) = chains_before.filter(|before| *before != metrics.sync_chains) {
                changed.push("sync_chains");
                starts = metrics.sync_chains.changed_starts(&before);
            }
        } else if shifted {
            // Taken over above, so the same.
            changed.retain(|&field| field != "sync_chains");
        }
        self.analysis.metrics = metrics;
        (changed, starts)
    }

    /// Computes again the defense paths alone, after moves that changed nothing else the metrics read
    /// ([`Metrics::replace_after_moves`]), unless they left the facts the defense paths read of where components sit
    /// (`defense_alike`); returns the fields that changed (and no chain starts).
    fn replace_after_moves(&mut self, model: &Model, defense_alike: bool) -> (Vec<&'static str>, Vec<ComponentIx>) {
        let (changed, read) = if defense_alike {
            (Vec::new(), data::Read::default())
        } else {
            data::noting(|| self.analysis.metrics.replace_after_moves(model, &self.facts))
        };
        // The kept chains may number their steps otherwise than fresh ones (`SyncChains::shift`).
        #[cfg(debug_assertions)]
        {
            let differing = Metrics::compute(model, &self.facts).differing(&self.analysis.metrics);
            assert!(differing.iter().all(|&f| f == "sync_chains"), "the metrics after moves: {differing:?}");
        }
        // What the rest read last time, besides.
        self.reads.metrics.add(&read);
        (changed, Vec::new())
    }

    /// Whether the component added or removed, if any, may change the metrics (a removed store's data the metrics
    /// read). Asked before the positions the analysis holds move.
    fn measured(&self, model: &Model, changes: &Changes) -> bool {
        changes.component.as_ref().is_some_and(|shift| {
            let store =
                if shift.added { Metrics::is_store(model, shift.at) } else { self.reads.metrics.contains(shift.at) };
            Metrics::moved_by(shift.kind, store)
        })
    }

    /// Computes again only what of the metrics reads bounded contexts, after an edit of them: the defense paths and
    /// the call chains read none (a scan checks it). Returns the fields that changed (and no chain starts).
    fn recontext(&mut self, model: &Model, members: &[ComponentIx]) -> (Vec<&'static str>, Vec<ComponentIx>) {
        let (changed, read) = data::noting(|| self.analysis.metrics.recontext(model, members));
        // What the rest read last time, besides.
        self.reads.metrics.add(&read);
        (changed, Vec::new())
    }

    /// Finds the facts again when the changes can change them; `None` when they came out different (then everything
    /// must be redone). After a component was added or removed the facts are always those of the new model, compared
    /// with the last ones at the moved positions (the added component's own, and member counts, aside: what reads
    /// either reads which components there are, and re-runs).
    ///
    /// After a move they are always those of the new model too, and any may differ: this gives the components whose
    /// place changed, in order (the moved ones with everything inside them, the parents left and joined, whose
    /// children changed, and those whose facts changed), and whether the facts the defense-in-depth metric reads of
    /// where components sit stayed ([`Facts::alike_for_defense`]). Otherwise it gives none.
    fn refind_facts(
        &mut self,
        model: &Model,
        changes: &Changes,
        (keys, flows): (KeySet, FlowFields),
    ) -> Option<(Vec<ComponentIx>, bool)> {
        if !changes.moved.is_empty() {
            let facts = Facts::new(model);
            let differing = facts.differing(&self.facts);
            let defense_alike = facts.alike_for_defense(&self.facts, &differing);
            let mut places = [&changes.moved[..], &changes.move_parents, &differing].concat();
            crate::sorting::sort(&mut places);
            places.dedup();
            self.facts = facts;
            return Some((places, defense_alike));
        }
        if let Some(shift) = &changes.component {
            // Only the component came or went: its facts follow from its place, the others' move with them.
            let alone = keys.is_empty()
                && flows.is_empty()
                && !changes.structure
                && !changes.boundaries
                && changes.links.is_empty()
                && changes.moved.is_empty();
            if let Some(facts) = self.facts.after_shift(model, shift).filter(|_| alone) {
                debug_assert!(facts == Facts::new(model), "facts after {shift:?}");
                self.facts = facts;
                return Some((Vec::new(), false));
            }
            let facts = Facts::new(model);
            let same = facts.same_after(&self.facts, shift);
            self.facts = facts;
            return same.then(|| (Vec::new(), false));
        }
        // Of the links, the facts read what WAFs protect and what detective controls cover (and subnets, whose
        // changes rebuild the model).
        let linked = changes.linked;
        let others = changes.boundaries || linked.protects || linked.covers || linked.subnets;
        if changes.structure
            && !others
            && !keys.intersects(reads::FACTS)
            && !flows.intersects(reads::FLOW_FACTS)
            && self.facts.facing_alike(model, &changes.flow_ends)
        {
            // Of the facts only whether the internet reaches a component reads flows, and only its callers: the
            // flows' ends face the internet as they did, so every fact is as it was.
            debug_assert!(Facts::new(model) == self.facts, "facts after flows changed");
            return Some((Vec::new(), false));
        }
        let structure = changes.structure || others;
        if keys.intersects(reads::FACTS) || flows.intersects(reads::FLOW_FACTS) || structure {
            let facts = Facts::new(model);
            if facts != self.facts {
                self.facts = facts;
                return None;
            }
        }
        Some((Vec::new(), false))
    }

    /// Redoes the whole analysis from the facts, under `posture`.
    fn redo(&mut self, model: &Model, posture: Posture) {
        // Every finding is made again.
        crate::analysis::blast::forget_judgements();
        self.analysis = analyze_noting(model, posture, &self.facts, Some(&mut self.reads));
    }

    /// Writes the new names of renamed components wherever the analysis quotes them. Nothing else reads a name
    /// (`scan.rs` checks the sources): facts, metrics, rules' logic, risk, finding ids and their order stay.
    fn rename(&mut self, model: &Model, changes: &Changes) {
        let mut renamed = vec![false; model.components().len()];
        for (&c, change) in &changes.content {
            if let Some(slot) = renamed.get_mut(c.index()) {
                *slot |= change.name;
            }
        }
        let analysis = &mut self.analysis;
        for finding in &mut analysis.findings {
            finding.edit_explanation(|text, _, quotes| quote::splice(model, text, quotes, &renamed));
        }
        for path in &mut analysis.metrics.defense_in_depth {
            for (text, quotes) in path.controls_on_path.iter_mut().zip(path.control_quotes.iter_mut()) {
                quote::splice(model, text, quotes, &renamed);
            }
        }
        // Its adjustments name the host a component runs on; it is cheap to redo.
        analysis.responsibility = Responsibility::compute(model);
    }

    /// Re-runs the rules `rerun` names (of `all`) on `model`, whole or on the edited flows or components, and puts
    /// their findings in place of those they replace.
    fn rerun(&mut self, model: &Model, all: &[&'static dyn Rule], rerun: Rerun<'_>) {
        let Rerun { whole, part, across, starts, places, data, changes } = rerun;
        let (flows, structure, threats) = (&changes.flow_ids, changes.structure, &changes.threats);
        let shift = changes.component.as_ref();
        if whole.is_empty()
            && part.is_empty()
            && !structure
            && threats.is_empty()
            && !changes.contexts
            && shift.is_none()
            && changes.moved.is_empty()
        {
            return;
        }
        let analysis = &mut self.analysis;
        let (facts, metrics, posture) = (&self.facts, &analysis.metrics, analysis.posture);
        let mut fresh = Vec::new();
        let mut hits: Vec<Hit> = Vec::new();
        // The re-run rules' ids, and the findings of rules re-run on some flows or components: those about them
        // (`rule@flow`, `rule@component`). Both sorted, to find a finding's rule or id by binary search.
        let mut ids: Vec<&str> = Vec::with_capacity(whole.len());
        let mut about: Vec<String> = Vec::new();
        let (edited, ends) = edited_and_ends(model, changes, places, data);
        let moved = !changes.moved.is_empty();
        let mut ends_and_starts = [&ends[..], starts].concat();
        crate::sorting::sort(&mut ends_and_starts);
        ends_and_starts.dedup();
        // The flows at the ends of those flows (and of these components), for checks that read the flows at their
        // flow's ends; made when first needed.
        let mut at_ends: Option<Vec<FlowIx>> = None;
        for &(i, by_starts) in part {
            let mut mine = Vec::new();
            let components = if by_starts { &ends_and_starts } else { &ends };
            // A flow's check that read the flows at its ends in the last run runs again on every flow at the edited
            // flows' ends.
            let widened = all[i].per_flow() && self.reads.local[i].end_flows;
            let joined = across.iter().find(|&&(j, _)| j == i).map(|(_, flows)| &flows[..]);
            let checked: &[FlowIx] = match joined {
                Some(flows) => flows,
                None if widened => at_ends.get_or_insert_with(|| flows_at(model, &edited, &ends)),
                None => &edited,
            };
            let units =
                if all[i].per_flow() { Units::Flows(Some(checked)) } else { Units::Components(Some(components)) };
            let (local, read) =
                data::noting(|| unit_findings(model, facts, metrics, posture, all[i], units, &mut hits, &mut mine));
            if local.flow
                && (widened || !local.end_flows)
                && local.missed(shift)
                && (!changes.contexts || local.context)
                && (!moved || (local.place && local.component_list))
                && (data.is_empty() || local.own_data)
            {
                fresh.append(&mut mine);
                #[cfg(test)]
                {
                    self.across_runs += usize::from(joined.is_some());
                }
                self.reads.rules[i].add(&read);
                // A check run now may have read what none did in the last whole run (while it mattered not to this
                // edit): the next edits must know.
                self.reads.local[i].absorb(local);
                let id = all[i].meta().id;
                if all[i].per_flow() {
                    about.extend(flows.iter().map(|flow| finding_id(id, flow)));
                    if changes.contexts || moved || !data.is_empty() || widened || joined.is_some() {
                        about.extend(checked.iter().map(|&f| finding_id(id, model.flow_id(f))));
                    }
                } else {
                    about.extend(components.iter().map(|&c| finding_id(id, model.component_id(c))));
                    // The removed component's findings go.
                    about.extend(shift.filter(|shift| !shift.added).map(|shift| finding_id(id, &shift.id)));
                }
            } else {
                // An edited check read another flow now: the whole rule again.
                ids.push(all[i].meta().id);
                let (local, read) =
                    data::noting(|| noted_findings(model, facts, metrics, posture, all[i], &mut hits, &mut fresh));
                self.reads.rules[i] = read;
                self.reads.local[i] = local;
            }
        }
        // Per rule re-run from its kept judgements, the wording its kept findings share then and now.
        let mut respelled: Vec<(&str, String, String)> = Vec::new();
        for &i in whole {
            let id = all[i].meta().id;
            let ((local, mut read), rejudged) = crate::analysis::blast::rejudging(id, || {
                data::noting(|| noted_findings(model, facts, metrics, posture, all[i], &mut hits, &mut fresh))
            });
            match rejudged {
                // It kept its last verdicts, and made findings only where they changed: only those are replaced (and
                // the removed component's); the kept ones say the new wording.
                Some(rejudged) => {
                    about.extend(rejudged.again.iter().map(|&c| finding_id(id, model.component_id(c))));
                    about.extend(shift.filter(|shift| !shift.added).map(|shift| finding_id(id, &shift.id)));
                    respelled.extend(rejudged.respelled.map(|(old, new)| (id, old, new)));
                    #[cfg(test)]
                    {
                        self.rejudged_runs += 1;
                    }
                }
                None => ids.push(id),
            }
            if crate::analysis::blast::took_last_reaches() {
                // It took the last sweep's reaches over, and so read what it read then through the graph.
                read.add(&self.reads.rules[i]);
            }
            self.reads.rules[i] = read;
            self.reads.local[i] = local;
        }
        for id in threats {
            about.push(finding_id(MANUAL_THREAT_RULE, id));
            if let Some(crate::model::Element::Threat(t)) = model.element(id) {
                fresh.push(manual_finding(model, &model.diagram().threats[t]));
            }
        }
        for (rule, old, new) in &respelled {
            let respelling = quote::Respelling::new(old, new);
            for finding in self.analysis.findings.iter_mut().filter(|f| f.rule() == *rule) {
                finding.edit_explanation(|text, within, quotes| respelling.apply(text, within, quotes));
            }
        }
        crate::sorting::sort(&mut ids);
        crate::sorting::sort(&mut about);
        // After a removal, a gone finding about the removed component points where it was.
        let contexts = changes.contexts || shift.is_some_and(|shift| !shift.added);
        let moved = Moved { flows: structure.then_some(changes), contexts };
        let adjusted = replace_findings(model, &mut self.analysis, sorted(fresh), (&ids, &about), moved);
        #[cfg(test)]
        {
            self.adjusted_after_flows += usize::from(adjusted);
        }
        #[cfg(not(test))]
        let _ = adjusted;
    }
}

/// The id of `rule`'s finding about the element `subject` (`rule@subject`), written without the formatting
/// machinery (a re-run lists one per flow or component it re-ran on).
fn finding_id(rule: &str, subject: &str) -> String {
    let mut id = String::with_capacity(rule.len() + 1 + subject.len());
    id.push_str(rule);
    id.push('@');
    id.push_str(subject);
    id
}

/// The flows whose checks a rule that judges each flow re-runs on, and the components whose checks one that judges
/// each component re-runs on (sorted): the edited flows and their ends; the components whose bounded context
/// changed, whose place changed after a move (`places`) or whose data was edited (`data`), with their flow partners
/// and flows; the added component and the parent of the added or removed one.
fn edited_and_ends(
    model: &Model,
    changes: &Changes,
    places: &[ComponentIx],
    data: &[ComponentIx],
) -> (Vec<FlowIx>, Vec<ComponentIx>) {
    let (flows, ends, shift) = (&changes.flow_ids, &changes.flow_ends, changes.component.as_ref());
    let mut edited: Vec<FlowIx> = flows
        .iter()
        .filter_map(|id| match model.element(id) {
            Some(crate::model::Element::Flow(f)) => Some(f),
            _ => None,
        })
        .collect();
    let mut ends = ends.to_vec();
    // The checks of these components, of their flow partners and of their flows.
    let mut around = |components: &[ComponentIx]| {
        for &c in components {
            ends.push(c);
            for (f, partner) in model.outgoing(c).chain(model.incoming(c)) {
                edited.push(f);
                ends.push(partner);
            }
        }
    };
    // Those whose bounded context changed; those whose place (or children) changed after a move.
    let moved = !changes.moved.is_empty();
    if changes.contexts {
        around(&changes.context_members);
    }
    if moved {
        around(places);
    }
    if !data.is_empty() {
        around(data);
    }
    crate::sorting::sort(&mut edited);
    edited.dedup();
    if let Some(shift) = shift {
        // The added component's checks, and its parent's (which may read its children), or the removed one's
        // parent's.
        ends.extend(shift.added.then_some(shift.at).into_iter().chain(shift.parent));
    }
    crate::sorting::sort(&mut ends);
    ends.dedup();
    (edited, ends)
}

/// The components whose `data` `changes` edited.
fn data_edited(changes: &Changes) -> Vec<ComponentIx> {
    let edited = changes.content.iter().filter(|(_, change)| change.keys.contains(PropertyKey::Data));
    edited.map(|(&c, _)| c).collect()
}

/// The flows `edited` and every flow at the components `ends`, in order.
fn flows_at(model: &Model, edited: &[FlowIx], ends: &[ComponentIx]) -> Vec<FlowIx> {
    let mut flows = edited.to_vec();
    for &c in ends {
        flows.extend(model.outgoing(c).chain(model.incoming(c)).map(|(f, _)| f));
    }
    crate::sorting::sort(&mut flows);
    flows.dedup();
    flows
}

/// Tells the blast-radius sweeps what `changes` (with `keys`, the properties they changed) left of the last one's graph:
/// the same steps, or steps to patch after flows alone were edited (`blast::memo`).
fn tell_sweeps(model: &Model, changes: &Changes, keys: KeySet) {
    if same_blast_graph(changes, keys) {
        crate::analysis::blast::expect_same_graph();
    } else if flows_alone(changes, keys) {
        crate::analysis::blast::expect_flow_edit(flow_edit(model, changes));
    } else if connections_alone(changes, keys) {
        crate::analysis::blast::expect_connection_edit();
    } else if component_alone(changes, keys) {
        crate::analysis::blast::expect_component_edit();
    }
}

/// Whether `changes` (with `keys`, the properties they changed) added or removed a component (without flows,
/// children or links) and changed nothing else the blast graph reads (names, notes, manual threats, rule settings
/// and bounded contexts aside): then the graph is patched (`blast::shift`).
fn component_alone(changes: &Changes, keys: KeySet) -> bool {
    changes.component.is_some()
        && keys.is_empty()
        && changes.flows.is_empty()
        && !changes.structure
        && !changes.connections
        && !changes.everything
        && !changes.as_of
        && !changes.boundaries
        && changes.links.is_empty()
        && changes.moved.is_empty()
}

/// Whether `changes` (with `keys`, the properties they changed) change nothing the blast graph's steps read: bounded
/// contexts or data alone, besides names, notes, manual threats and rule settings (a scan checks that the graph reads
/// no context; of the data it reads only which stores are sensitive, which the sweep compares). Then
/// `large-blast-radius` may take its last sweep over.
fn same_blast_graph(changes: &Changes, keys: KeySet) -> bool {
    (changes.contexts || keys.contains(PropertyKey::Data))
        && keys.without(PropertyKey::Data).is_empty()
        && changes.flows.is_empty()
        && !changes.structure
        && blast_parts_kept(changes)
}

/// Whether `changes` (with `keys`, the properties they changed) edited flows and nothing else the blast graph reads
/// (names, notes, manual threats and rule settings aside): then the graph is patched (`blast::patch`).
fn flows_alone(changes: &Changes, keys: KeySet) -> bool {
    (changes.structure || !changes.flows.is_empty())
        && keys.is_empty()
        && !changes.contexts
        && blast_parts_kept(changes)
}

/// Whether `changes` edited network connections and nothing else the blast graph reads (names, notes, manual threats
/// and rule settings aside): then the graph is patched (`blast::patch`).
fn connections_alone(changes: &Changes, keys: KeySet) -> bool {
    changes.connections
        && keys.is_empty()
        && changes.flows.is_empty()
        && !changes.structure
        && !changes.contexts
        && blast_parts_kept_but_connections(changes)
}

/// Whether `changes` left alone the blast graph's parts besides flows, data and contexts: which components there are
/// and where they sit, their links, the connections, the boundaries (through the facts), the as-of date.
fn blast_parts_kept(changes: &Changes) -> bool {
    !changes.connections && blast_parts_kept_but_connections(changes)
}

/// [`blast_parts_kept`], the connections aside.
fn blast_parts_kept_but_connections(changes: &Changes) -> bool {
    !changes.everything
        && !changes.as_of
        && !changes.boundaries
        && changes.component.is_none()
        && changes.links.is_empty()
        && changes.moved.is_empty()
}

/// Where the flows `changes` removed or changed were before, where those they added or changed are now, and their
/// ends (for `blast::patch`).
fn flow_edit(model: &Model, changes: &Changes) -> crate::analysis::blast::FlowEdit {
    let new: Vec<u32> = changes
        .flow_ids
        .iter()
        .filter_map(|id| match model.element(id) {
            Some(crate::model::Element::Flow(f)) => Some(f.0),
            _ => None,
        })
        .collect();
    let mut old = changes.removed_flows();
    old.extend(new.iter().filter_map(|&f| changes.unshifted_flow(f)));
    crate::analysis::blast::FlowEdit { old, new, ends: changes.flow_ends.clone() }
}

/// Puts `fresh` findings (in order) in place of the analysis's findings of the rules `gone.0` and of the ids `gone.1`
/// (both sorted), keeping the order and the risk totals. When flows were added, removed or re-pointed (`moved.flows`,
/// the changes), the kept findings about flows move their flows' positions as the flows moved; then, after a re-point,
/// when contexts changed and after a removal of a component, the totals are summed afresh (those of a finding about a
/// flow read the flow's ends, the totals per context read each element's context, and a gone finding may point at the
/// removed component). Returns whether the totals were adjusted after flows were added or removed.
fn replace_findings(
    model: &Model,
    analysis: &mut Analysis,
    fresh: Vec<Finding>,
    (ids, about): (&[&str], &[String]),
    moved: Moved<'_>,
) -> bool {
    let structure = moved.flows;
    let old = std::mem::take(&mut analysis.findings);
    // Counting the changed findings out and in costs what summing them does, so it pays while they are fewer than
    // all. After flows were added or removed, a gone finding is counted out with the ends its flows had (a kept one's
    // flows have the same ends); after a re-point, a kept finding may read other ends than when it was counted in.
    let (old_len, fresh_len) = (old.len(), fresh.len());
    let ends_kept = structure.is_none_or(Changes::keeps_flow_ends);
    let adjust = ends_kept && !moved.contexts && fresh_len * 2 <= old_len;
    let mut change = adjust.then(|| crate::analysis::risk::RiskChange::new(model));
    if let Some(change) = &mut change {
        for finding in &fresh {
            change.count(model, finding, true);
        }
    }
    // Where each fresh finding goes among the old ones (their ids differ from every kept one's), so one pass
    // moves every finding once: a few are placed by binary search, many by walking both lists.
    let searched = fresh.len() * (usize::BITS - old.len().leading_zeros()) as usize <= old.len();
    let places: Vec<usize> = if searched {
        fresh.iter().map(|f| old.partition_point(|x| in_order(x, f).is_lt())).collect()
    } else {
        let mut k = 0;
        fresh
            .iter()
            .map(|f| {
                k += old[k..].iter().take_while(|x| in_order(x, f).is_lt()).count();
                k
            })
            .collect()
    };
    // Each finding is moved once: the fresh ones straight from their list (a peeked one would move twice), the gone
    // ones counted out where they are and dropped.
    let (mut findings, mut gone) = (Vec::with_capacity(old.len() + fresh.len()), 0);
    let (mut fresh, mut places) = (fresh.into_iter(), places.into_iter().peekable());
    // The rules of the findings in `about`: only a finding of one of them can be about what was re-run.
    let mut about_rules: Vec<&str> =
        about.iter().map(|id| id.split_once('@').map_or(id.as_str(), |(rule, _)| rule)).collect();
    crate::sorting::sort(&mut about_rules);
    about_rules.dedup();
    let (mut rerun, mut about_rule) = (RuleSet::new(ids), RuleSet::new(&about_rules));
    for (k, mut finding) in old.into_iter().enumerate() {
        while places.next_if(|&place| place <= k).is_some() {
            findings.extend(fresh.next());
        }
        let about_it = || about.binary_search_by(|id| id.as_str().cmp(finding.id())).is_ok();
        if rerun.contains(finding.rule()) || (about_rule.contains(finding.rule()) && about_it()) {
            if let Some(counted) = &mut change {
                let known = match structure {
                    Some(changes) => counted.count_out_before(model, &finding, |f| changes.ends_before(model, f.0)),
                    None => {
                        counted.count(model, &finding, false);
                        true
                    }
                };
                if !known {
                    change = None;
                }
            }
            gone += 1;
            continue;
        }
        if let Some(changes) = structure {
            // Flows' positions shifted; the flows a kept finding is about were not removed (findings about them
            // were re-run, and nothing else may refer to a removed flow).
            retarget(model, changes, &mut finding);
        }
        findings.push(finding);
    }
    findings.extend(fresh);
    let adjusted = match change {
        // Counting what changed costs what summing it does.
        Some(change) if gone + fresh_len <= findings.len() => {
            analysis.risk.apply(model, &change);
            true
        }
        _ => {
            analysis.risk = RiskSummary::of(model, &findings);
            false
        }
    };
    analysis.findings = findings;
    analysis.stale_triage = stale_triage(model, &analysis.findings);
    adjusted && structure.is_some()
}

/// A sorted list of rule ids, asked about the rule of each finding in order: the findings of one rule share its id
/// text ([`crate::analysis::rule::RuleMeta::id`]), and findings in order come in runs of one rule, so the last answer
/// is kept by the address and length of the text asked (a text at another address is looked up).
struct RuleSet<'a> {
    ids: &'a [&'a str],
    last: Option<((usize, usize), bool)>,
}

impl<'a> RuleSet<'a> {
    fn new(ids: &'a [&'a str]) -> Self {
        Self { ids, last: None }
    }

    /// Whether `rule` is one of the ids.
    fn contains(&mut self, rule: &str) -> bool {
        let text = (rule.as_ptr().addr(), rule.len());
        match self.last {
            Some((last, answer)) if last == text => answer,
            _ => {
                let answer = self.ids.binary_search(&rule).is_ok();
                self.last = Some((text, answer));
                answer
            }
        }
    }
}

/// What moved under the findings [`replace_findings`] keeps.
#[derive(Clone, Copy)]
struct Moved<'a> {
    /// Flows were added, removed or re-pointed, by these changes.
    flows: Option<&'a Changes>,
    /// Bounded contexts changed, or a component was removed (the totals per context read each element's context,
    /// and a gone finding about the removed component points where it was).
    contexts: bool,
}

/// Looks the elements of every finding with a target `of` interest up again.
fn retarget_all(analysis: &mut Analysis, model: &Model, of: impl Fn(&crate::model::Element) -> bool) {
    for finding in &mut analysis.findings {
        if finding.targets.iter().any(|t| of(&t)) && !still_held(model, finding, &of) {
            finding.targets = crate::analysis::finding::targets(model, finding.elements());
        }
    }
}

/// Whether looking `finding`'s elements up in `model` gives the targets it has, as far as the targets `of` accepts
/// (boundaries, contexts or connections, whose positions an edit of them may have moved) go: every element was found
/// before, and each such target's position still holds its element.
fn still_held(model: &Model, finding: &Finding, of: &impl Fn(&crate::model::Element) -> bool) -> bool {
    use crate::model::Element as E;
    let d = model.diagram();
    finding.targets.len() == finding.elements().len()
        && finding.targets.iter().zip(finding.elements()).filter(|(t, _)| of(t)).all(|(t, id)| {
            let held = match t {
                E::Boundary(k) => d.boundaries.get(k).map(|b| b.id.as_str()),
                E::Context(k) => d.contexts.get(k).map(|x| x.id.as_str()),
                E::Connection(k) => d.connections.get(k).map(|x| x.id.as_str()),
                _ => None,
            };
            held == Some(id)
        })
}

/// Moves the positions of the flows `finding` is about as `changes` moved them; looks its elements up again should a
/// moved position not hold one of them.
fn retarget(model: &Model, changes: &Changes, finding: &mut Finding) {
    use crate::model::Element as E;
    let elements = finding.elements();
    let holds = |f: FlowIx| model.flows().get(f.index()).is_some_and(|flow| elements.contains(&flow.id));
    let moved: Option<crate::analysis::finding::Targets> = (&finding.targets)
        .into_iter()
        .map(|target| match target {
            E::Flow(f) => changes.shifted_flow(f.0).map(FlowIx).filter(|&m| holds(m)).map(E::Flow),
            other => Some(other),
        })
        .collect();
    finding.targets = moved.unwrap_or_else(|| crate::analysis::finding::targets(model, finding.elements()));
}

/// What [`Live::rerun`] re-runs.
#[derive(Clone, Copy)]
struct Rerun<'a> {
    /// Rules re-run on every flow, by position in [`rules::all`].
    whole: &'a [usize],
    /// Rules that judge each flow (or component) on its own, re-run on the edited flows (or the components at their
    /// ends, and with `true` the changed chain starts `starts` too) only.
    part: &'a [(usize, bool)],
    /// Rules of `part` re-run on these flows instead (after connections alone changed: the flows whose checks read
    /// them, [`crate::analysis::rule::Rule::connection_flows`]).
    across: &'a [(usize, Vec<FlowIx>)],
    /// The chain starts whose synchronous chain changed.
    starts: &'a [ComponentIx],
    /// After a move: the components whose place changed (see [`Live::update`]).
    places: &'a [ComponentIx],
    /// The components whose data was edited.
    data: &'a [ComponentIx],
    /// All that changed: the edited flows and their ends, whether flows were added, removed or re-pointed, the
    /// manual threats whose findings are made again, whether contexts changed.
    changes: &'a Changes,
}
