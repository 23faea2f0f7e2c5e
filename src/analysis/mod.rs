//! The security analysis: threat findings from the rule catalog, total risk, shared responsibility, blast radius
//! and architecture metrics. Pure functions of a [`Model`]; fast enough to rerun on every edit.
//!
//! Order of work in [`analyze`]: facts (one pass over the model) -> metrics -> every enabled rule -> risk and
//! triage -> responsibility. [`live::Live`] keeps an analysis up to date across edits, redoing only what they can
//! change.

pub mod blast;
pub mod data;
pub mod exposed;
pub mod facts;
pub mod finding;
pub mod iam;
pub mod live;
pub mod metrics;
pub mod quote;
pub mod responsibility;
pub mod risk;
pub mod rule;
pub mod rules;
pub mod severity;
pub mod targets;
#[cfg(test)]
pub(crate) mod testkit;

use serde::Serialize;

use crate::analysis::facts::Facts;
use crate::analysis::finding::{Finding, Hit};
use crate::analysis::metrics::Metrics;
use crate::analysis::responsibility::Responsibility;
use crate::analysis::risk::RiskSummary;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta};
use crate::analysis::severity::{Impact, Likelihood, Severity};
use crate::model::named::{clip, did_you_mean};
use crate::model::props::Classification;
use crate::model::settings::Settings;
use crate::model::threat::Threat;
use crate::model::{ComponentIx, FlowIx, Id, Model, Posture, Problem};

/// Everything the analysis computes for one diagram.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    /// The posture it was computed under.
    pub posture: Posture,
    /// Findings, most severe first, then by id.
    pub findings: Vec<Finding>,
    /// Risk totals over open findings.
    pub risk: RiskSummary,
    /// Shared responsibility per component and overall.
    pub responsibility: Responsibility,
    /// Architecture metrics.
    pub metrics: Metrics,
    /// Triage entries of the file that match no finding (the diagram changed, or the rule was switched off),
    /// sorted: reported so a review decision never silently stops applying.
    pub stale_triage: Vec<String>,
}

/// Analyses a model under its own posture.
pub fn analyze(model: &Model) -> Analysis {
    analyze_with(model, model.diagram().settings.posture)
}

/// Analyses a model under the given posture.
pub fn analyze_with(model: &Model, posture: Posture) -> Analysis {
    analyze_noting(model, posture, &Facts::new(model), None)
}

/// Whose data the metrics and each rule read in one analysis ([`data::noting`]), for [`live::Live`].
#[derive(Clone, Debug, Default)]
struct DataReads {
    metrics: data::Read,
    /// Whether responsibility read the flow structure.
    responsibility: bool,
    /// By the rule's position in [`rules::all`].
    rules: Vec<data::Read>,
    /// By the rule's position: whether in its last run the rule's checks were local ([`unit_findings`]).
    local: Vec<Locality>,
}

/// Whether every check of a rule that judges each flow or each component on its own was local: it hit only its own
/// flow or component and read nothing of the structure but its own ([`crate::model::structure::noting_checks`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Locality {
    /// No check read another flow (nor which flows there are).
    flow: bool,
    /// No check read which components there are (its own component's children aside).
    component_list: bool,
    /// What the checks read of some of the components only ([`crate::model::structure::Among`]).
    among: crate::model::structure::Among,
    /// No check read a bounded context but those of its flow's ends, or of its component and the components its flows
    /// connect it with.
    context: bool,
    /// No check read where a component sits (its parent, containers, depth, or the facts derived from them) but its
    /// flow's ends, or its component and the components its flows connect it with.
    place: bool,
    /// No check read the data of a component but its flow's ends, or its component and the components its flows
    /// connect it with.
    own_data: bool,
    /// A flow's check read other flows at its flow's ends (a queue's other flows): after an edit of flows, the checks
    /// of every flow at the edited flows' ends run again, not only the edited flows'.
    end_flows: bool,
}

impl Locality {
    /// Every check was local in every way.
    const LOCAL: Self = Self {
        flow: true,
        component_list: true,
        among: crate::model::structure::Among::NONE,
        context: true,
        place: true,
        own_data: true,
        end_flows: false,
    };

    /// Takes in what the checks of a run on some units only found (`part`): the others' checks are as this says, so a
    /// way in which one of those was not local counts for the rule.
    fn absorb(&mut self, part: Self) {
        self.flow &= part.flow;
        self.component_list &= part.component_list;
        self.among = self.among.union(part.among);
        self.context &= part.context;
        self.place &= part.place;
        self.own_data &= part.own_data;
        self.end_flows |= part.end_flows;
    }

    /// Whether this (kept across edits) claims no check local in a way `fresh` (a run of every check now) does not: what
    /// the live analysis relies on when it re-runs a rule on some units only.
    fn covers(&self, fresh: &Self) -> bool {
        (!self.flow || fresh.flow)
            && (!self.component_list || fresh.component_list)
            && fresh.among.within(self.among)
            && (!self.context || fresh.context)
            && (!self.place || fresh.place)
            && (!self.own_data || fresh.own_data)
            && (!fresh.end_flows || self.end_flows)
    }

    /// No check came across the component that came or went (`shift`, if any): none read which components there
    /// are, nor some of them that take it.
    fn missed(&self, shift: Option<&crate::model::changes::ComponentShift>) -> bool {
        self.component_list && shift.is_none_or(|shift| !shift.among(self.among))
    }
}

/// What a flow's check may read of its own: the flow, with its ends.
fn own_flow(model: &Model, f: FlowIx) -> crate::model::structure::Own {
    let (from, to) = model.flow_ends(f);
    crate::model::structure::Own::Flow(f.0, (from.0, to.0))
}

/// Analyses a model under the given posture from its facts, noting into `reads`, if given, whose data the metrics
/// and each rule read, and which stages read the flow structure.
fn analyze_noting(model: &Model, posture: Posture, facts: &Facts, mut reads: Option<&mut DataReads>) -> Analysis {
    let metrics = match reads.as_deref_mut() {
        Some(reads) => {
            let (metrics, read) = data::noting(|| Metrics::compute(model, facts));
            reads.metrics = read;
            metrics
        }
        None => Metrics::compute(model, facts),
    };
    let responsibility = match reads.as_deref_mut() {
        Some(reads) => {
            let (responsibility, read) = crate::model::structure::noting(|| Responsibility::compute(model));
            reads.responsibility = read.flow_structure;
            responsibility
        }
        None => Responsibility::compute(model),
    };
    let found = rules_noting(model, facts, &metrics, posture, &rules::all(), reads);
    let stale_triage = stale_triage(model, &found);
    // Summed in the order the findings were made, before they are ordered, in the one pass that reads them for their
    // order: what a finding's sums read (its targets, their places in the model) then comes in the order it was made
    // in, not at random over the heap and the model, and a large estate's findings come from memory once.
    let mut risk = risk::RiskChange::new(model);
    let findings = sorted_counting(found, |finding| risk.count(model, finding, true));
    let risk = RiskSummary::of_change(model, &risk);
    Analysis { posture, findings, risk, responsibility, metrics, stale_triage }
}

/// The analysis up to the rules' hits, for the analysis bench: the facts, metrics and responsibility, and every rule's
/// check, without turning the hits into findings (their number is returned). Set against [`analyze`], it tells what
/// making, ordering, counting and dropping the findings costs.
#[doc(hidden)]
pub fn hits_only(model: &Model) -> usize {
    let posture = model.diagram().settings.posture;
    let facts = Facts::new(model);
    let metrics = Metrics::compute(model, &facts);
    let responsibility = Responsibility::compute(model);
    let mut hits = Vec::new();
    let mut count = 0;
    let inputs = Inputs { model, facts: &facts, metrics: &metrics, posture };
    each_check(inputs, &rules::all(), BLOCK, &mut hits, |_, hits, _| count += hits.len());
    std::hint::black_box(responsibility);
    count
}

/// Runs the given rules (skipping those the diagram switches off) and turns their hits into findings.
pub fn run_rules(
    model: &Model,
    facts: &Facts,
    metrics: &Metrics,
    posture: Posture,
    rules: &[&'static dyn Rule],
) -> Vec<Finding> {
    sorted(rules_noting(model, facts, metrics, posture, rules, None))
}

/// [`run_rules`] with its findings in the order they were made (not yet [`sorted`]), noting into `reads`, if given,
/// whose data each rule read, whether it read the flow structure and whether it judged each flow on its own.
fn rules_noting(
    model: &Model,
    facts: &Facts,
    metrics: &Metrics,
    posture: Posture,
    rules: &[&'static dyn Rule],
    mut reads: Option<&mut DataReads>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut hits = Vec::new();
    if let Some(reads) = reads.as_deref_mut() {
        reads.rules.clear();
        reads.local.clear();
    }
    match reads {
        Some(reads) => {
            for &rule in rules {
                let (local, read) =
                    data::noting(|| noted_findings(model, facts, metrics, posture, rule, &mut hits, &mut findings));
                reads.rules.push(read);
                reads.local.push(local);
            }
        }
        None => block_findings(Inputs { model, facts, metrics, posture }, rules, BLOCK, &mut hits, &mut findings),
    }
    findings.extend(model.diagram().threats.iter().map(|threat| manual_finding(model, threat)));
    findings
}

/// How many flows or components a full analysis checks at a time ([`each_check`]).
const BLOCK: u32 = 256;

/// What the rules' checks of one analysis read.
#[derive(Clone, Copy)]
struct Inputs<'a> {
    model: &'a Model,
    facts: &'a Facts,
    metrics: &'a Metrics,
    posture: Posture,
}

/// The findings of `rules` (duplicates merged) appended to `findings`, their checks run `block` flows or components at
/// a time ([`each_check`]). `hits` is scratch space.
fn block_findings(
    inputs: Inputs<'_>,
    rules: &[&'static dyn Rule],
    block: u32,
    hits: &mut Vec<Hit>,
    findings: &mut Vec<Finding>,
) {
    let model = inputs.model;
    let mut blocks_start = None;
    // Per rule of the blocks: the last element its hits were about (in the model's order), while each hit was about
    // one element of the model, after the previous one's; `None` once one was not. The ids of such a rule's findings
    // name distinct elements, so they cannot repeat.
    let mut last_about: Vec<(&'static RuleMeta, Option<Option<crate::model::Element>>)> = Vec::new();
    each_check(inputs, rules, block, hits, |rule, hits, of_block| {
        if !of_block {
            push_findings(model, rule, hits, findings);
            return;
        }
        blocks_start.get_or_insert(findings.len());
        let meta = rule.meta();
        let at = last_about.iter().position(|(m, _)| std::ptr::eq(*m, meta)).unwrap_or_else(|| {
            last_about.push((meta, Some(None)));
            last_about.len() - 1
        });
        let last = &mut last_about[at].1;
        for hit in hits.iter() {
            let Some(before) = *last else { break };
            let about = if hit.subjects == 1 { hit.at.first().and_then(|&a| model.element_at(a)) } else { None };
            *last = about.filter(|&element| Some(element) > before).map(Some);
        }
        crate::model::structure::without_component_reads(|| {
            findings.extend(hits.drain(..).map(|hit| finding(model, meta, hit)));
        });
    });
    // The blocks' findings, their rules interleaved: an id names its rule, so the findings that repeat an id are of
    // one rule, and merging them all at once merges each rule's.
    if let Some(start) = blocks_start {
        let repeating: Vec<&'static RuleMeta> =
            last_about.iter().filter(|(_, last)| last.is_none()).map(|&(meta, _)| meta).collect();
        crate::model::structure::without_component_reads(|| merge_duplicates(model, findings, start, Some(&repeating)));
    }
}

/// Runs the check of every rule of `rules` the diagram does not switch off, handing the hits to `take` with their
/// rule and whether they are of a block of flows or components. The rules that judge each flow ([`Rule::per_flow`])
/// or each component ([`Rule::per_component`]) on its own run together, `block` flows or components at a time
/// (each rule's checks of the block in a row, then the next rule's), so that what the checks read of a block (the
/// flows, their ends, the components, their facts) comes from memory once for all of them: a rule at a time over a
/// large estate would read it from memory again for every rule. The hits are those of the rules' `check`s, each
/// rule's in the same order; only the rules' hits are interleaved, a block at a time. `hits` is scratch space.
fn each_check(
    inputs: Inputs<'_>,
    rules: &[&'static dyn Rule],
    block: u32,
    hits: &mut Vec<Hit>,
    mut take: impl FnMut(&'static dyn Rule, &mut Vec<Hit>, bool),
) {
    let Inputs { model, facts, metrics, posture } = inputs;
    let (mut per_flow, mut per_component) = (Vec::new(), Vec::new());
    for &rule in rules {
        let Some(cx) = context(model, facts, metrics, posture, rule) else { continue };
        if rule.per_flow() {
            per_flow.push((rule, cx));
        } else if rule.per_component() {
            per_component.push((rule, cx));
        } else {
            hits.clear();
            rule.check(&cx, hits);
            take(rule, hits, false);
        }
    }
    type Check = fn(&dyn Rule, &RuleContext<'_>, std::ops::Range<u32>, &mut Vec<Hit>);
    let block = block.max(1);
    let mut by_block = |units: usize, rules: &[(&'static dyn Rule, RuleContext<'_>)], check: Check| {
        if rules.is_empty() {
            return;
        }
        let n = u32::try_from(units).unwrap_or(u32::MAX);
        for units in (0..n.div_ceil(block)).map(|b| b * block..n.min(b.saturating_add(1).saturating_mul(block))) {
            for &(rule, ref cx) in rules {
                hits.clear();
                check(rule, cx, units.clone(), hits);
                take(rule, hits, true);
            }
        }
    };
    by_block(model.flows().len(), &per_flow, |rule, cx, flows, hits| rule.check_flows(cx, flows, hits));
    by_block(model.component_ixs().len(), &per_component, |rule, cx, components, hits| {
        rule.check_components(cx, components, hits);
    });
}

/// What a rule's check reads, unless the diagram switches the rule off.
fn context<'a>(
    model: &'a Model,
    facts: &'a Facts,
    metrics: &'a Metrics,
    posture: Posture,
    rule: &dyn Rule,
) -> Option<RuleContext<'a>> {
    let settings = &model.diagram().settings;
    let rule_settings = settings.rules.get(rule.meta().id);
    (rule_settings.and_then(|s| s.enabled) != Some(false)).then_some(RuleContext {
        model,
        facts,
        metrics,
        posture,
        as_of: settings.as_of,
        settings: rule_settings,
    })
}

/// Runs one rule unless the diagram switches it off, and appends its findings (duplicates merged) to `findings`.
/// `hits` is scratch space.
fn rule_findings(
    model: &Model,
    facts: &Facts,
    metrics: &Metrics,
    posture: Posture,
    rule: &'static dyn Rule,
    hits: &mut Vec<Hit>,
    findings: &mut Vec<Finding>,
) {
    let Some(cx) = context(model, facts, metrics, posture, rule) else { return };
    hits.clear();
    rule.check(&cx, hits);
    push_findings(model, rule, hits, findings);
}

/// Turns a rule's `hits` into findings appended to `findings` (duplicates merged).
fn push_findings(model: &Model, rule: &dyn Rule, hits: &mut Vec<Hit>, findings: &mut Vec<Finding>) {
    let start = findings.len();
    // Finding what a hit is about is not coming across components: the rule named them.
    crate::model::structure::without_component_reads(|| {
        findings.extend(hits.drain(..).map(|hit| finding(model, rule.meta(), hit)));
        merge_duplicates(model, findings, start, None);
    });
}

/// [`rule_findings`] inside a live analysis: a rule that judges each flow or each component on its own runs through
/// [`unit_findings`] (the same findings), and says whether each check was local; any other rule says no.
fn noted_findings(
    model: &Model,
    facts: &Facts,
    metrics: &Metrics,
    posture: Posture,
    rule: &'static dyn Rule,
    hits: &mut Vec<Hit>,
    findings: &mut Vec<Finding>,
) -> Locality {
    if rule.per_flow() {
        return unit_findings(model, facts, metrics, posture, rule, Units::Flows(None), hits, findings);
    }
    if rule.per_component() {
        return unit_findings(model, facts, metrics, posture, rule, Units::Components(None), hits, findings);
    }
    rule_findings(model, facts, metrics, posture, rule, hits, findings);
    Locality::default()
}

/// What a rule that judges each flow or each component on its own checks: the flows or components at these
/// positions, or all of them (`None`).
#[derive(Clone, Copy)]
enum Units<'a> {
    Flows(Option<&'a [FlowIx]>),
    Components(Option<&'a [ComponentIx]>),
}

/// [`rule_findings`] of a rule that judges each flow ([`Rule::per_flow`]) or each component
/// ([`Rule::per_component`]) on its own, on the given `units` only (every one in order, as its `check` does: `None`).
/// The checks run in [`crate::model::structure::noting_checks`], each except its own flow or component. Returns whether every
/// check was local: it read no other flow (nor which flows there are) and hit only its own flow or component, so its
/// findings stay while that flow, or the flows of that component, are unchanged; and whether besides it read nothing
/// of which components there are (a component's check may read its own children), so its findings stay when a
/// component without flows comes or goes (but for the checks of that component and its parent).
#[expect(clippy::too_many_arguments, reason = "a rule's inputs, what it checks, and where its findings go")]
fn unit_findings(
    model: &Model,
    facts: &Facts,
    metrics: &Metrics,
    posture: Posture,
    rule: &'static dyn Rule,
    units: Units<'_>,
    hits: &mut Vec<Hit>,
    findings: &mut Vec<Finding>,
) -> Locality {
    use crate::model::structure::{Own, Reading, noting_checks};
    let Some(cx) = context(model, facts, metrics, posture, rule) else {
        return Locality::LOCAL;
    };
    hits.clear();
    let flows = matches!(units, Units::Flows(_));
    let units: Vec<Own> = match units {
        Units::Flows(Some(flows)) => flows.iter().map(|&f| own_flow(model, f)).collect(),
        Units::Flows(None) => model.flows_indexed().map(|(f, _)| own_flow(model, f)).collect(),
        Units::Components(Some(components)) => components.iter().map(|c| Own::Component(c.0)).collect(),
        // Which components there are is not the flow structure.
        Units::Components(None) => model.component_ixs().map(|c| Own::Component(c.0)).collect(),
    };
    let mut local = Locality::LOCAL;
    let (mut partners, mut others) = (Vec::new(), Vec::new());
    let ((), read) = noting_checks(|checks| {
        for unit in units {
            let start = hits.len();
            // What the check was about is looked up as the check (its own flows are not noted).
            let (own_hits, pending) = checks.run(unit, || {
                let own = match unit {
                    Own::Flow(f, _) => {
                        rule.check_flow(&cx, FlowIx(f), hits);
                        model.flow_id(FlowIx(f))
                    }
                    Own::Component(c) => {
                        rule.check_component(&cx, ComponentIx(c), hits);
                        &model.component(ComponentIx(c)).id
                    }
                    Own::Nothing => return true,
                };
                hits[start..].iter().all(|hit| hit.subject().len() == 1 && &hit.subject()[0] == own)
            });
            // Whether it read the place, context or data of components its flows do not connect it with.
            let mut foreign = [false; 3];
            if let (Own::Component(c), false) = (unit, pending.is_empty()) {
                others.clear();
                others.extend_from_slice(pending);
                let c = ComponentIx(c);
                checks.run(unit, || {
                    partners.clear();
                    partners.extend(model.outgoing(c).chain(model.incoming(c)).map(|(_, partner)| partner.0));
                });
                // Small, and sorted once per such check: the standard sort (see `crate::sorting`).
                partners.sort_unstable();
                partners.dedup();
                for &(other, reading) in &others {
                    if partners.binary_search(&other).is_err() {
                        foreign[reading as usize] = true;
                    }
                }
            }
            if !own_hits {
                local = Locality::default();
            }
            local.place &= !foreign[Reading::Place as usize];
            local.context &= !foreign[Reading::Context as usize];
            local.own_data &= !foreign[Reading::Data as usize];
        }
    });
    // The rule read the flow structure when a check read its own part of it (which the checks do not note), or
    // judged flows.
    if read.own_flows || flows {
        crate::model::structure::note();
    }
    local.flow &= !read.flow_structure;
    local.component_list &= !read.component_list;
    local.among = read.among;
    local.context &= !read.foreign_contexts;
    local.place &= !read.foreign_places;
    local.own_data &= !read.foreign_data;
    local.end_flows = read.end_flows;
    push_findings(model, rule, hits, findings);
    local
}

/// The order of findings: most severe first, then by id (ids are unique, so the order is total).
fn in_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    b.severity.cmp(&a.severity).then_with(|| a.id().cmp(b.id()))
}

/// Findings in order. Comparing findings follows a pointer to their id texts (cache misses once the findings outgrow
/// the cache), so this first builds a compact key per finding from the finding alone: its severity, the rank of its
/// rule (the part of its id before the `@`) and the first bytes of the rest, taken when the finding was made
/// ([`Finding::tail`]); only findings equal on all three compare their whole ids. It groups the positions by
/// severity and rule (counting them, in their order), sorts each group by the rest of the key, then moves the findings
/// into place within the same buffer along the cycles of the permutation (no second buffer: findings are large). A
/// rule's findings of one severity are mostly in order already as its checks made them, whichever way the rules'
/// findings came interleaved (a full analysis checks a block of units at a time).
fn sorted(findings: Vec<Finding>) -> Vec<Finding> {
    sorted_counting(findings, |_| {})
}

/// [`sorted`], handing each finding to `count` in the order they come, in the pass that reads them for their order.
fn sorted_counting(mut findings: Vec<Finding>, count: impl FnMut(&Finding)) -> Vec<Finding> {
    let keys = sort_keys(&findings, count);
    let heads = keys.iter().map(|k| k.head as usize + 1).max().unwrap_or(0);
    // Most severe first, then by the rank of the rule.
    let group = |k: &SortKey| (Severity::Critical as usize - k.severity.0 as usize) * heads + k.head as usize;
    let mut ends = vec![0usize; (Severity::Critical as usize + 1) * heads];
    for key in &keys {
        ends[group(key)] += 1;
    }
    let mut start = 0;
    for end in &mut ends {
        start += *end;
        *end = start - *end;
    }
    // `ends` holds each group's start; placing the positions moves it to the group's end.
    let mut order = vec![0; keys.len()];
    for (i, key) in keys.iter().enumerate() {
        let at = &mut ends[group(key)];
        order[*at] = i;
        *at += 1;
    }
    let mut start = 0;
    for &end in &ends {
        crate::sorting::sort_by(&mut order[start..end], |&a, &b| {
            keys[a].tail.cmp(&keys[b].tail).then_with(|| findings[a].id().cmp(findings[b].id()))
        });
        start = end;
    }
    drop(keys);
    crate::sorting::permute(&mut findings, order);
    findings
}

/// A finding's place in [`in_order`], without pointers: comparing `(severity, head, tail)` and then the whole ids
/// gives that order.
struct SortKey {
    /// Most severe first.
    severity: std::cmp::Reverse<Severity>,
    /// The rank of the id's part before its first `@` (the rule) among those of all findings.
    head: u32,
    /// The first 16 bytes after the `@`, big-endian and zero-padded, so integers compare as the text does (ids
    /// hold no zero bytes, so a shorter text sorts first, as it does as text).
    tail: u128,
}

/// The sort keys of `findings`. An id is `head@tail` with no `@` in the head, so two ids with different heads
/// differ within `head@` of the shorter one (neither `head@` is a prefix of the other): comparing the heads with
/// their `@` decides, and otherwise the tails do.
fn sort_keys(findings: &[Finding], mut count: impl FnMut(&Finding)) -> Vec<SortKey> {
    // The distinct heads: the rules (a few dozen; findings of a rule come together, so the last one is checked first).
    let mut heads: Vec<&str> = Vec::new();
    let mut last = usize::MAX;
    // Each finding's key, with its head by position in `heads` until the heads are ranked, in one pass over the findings.
    let mut keys: Vec<SortKey> = Vec::with_capacity(findings.len());
    for finding in findings {
        count(finding);
        let head = finding.rule();
        debug_assert_eq!(finding.id().split_once('@').map(|(h, _)| h), Some(head), "an id starts with its rule");
        if heads.get(last) != Some(&head) {
            last = heads.iter().position(|&h| h == head).unwrap_or_else(|| {
                heads.push(head);
                heads.len() - 1
            });
        }
        keys.push(SortKey { severity: std::cmp::Reverse(finding.severity), head: last as u32, tail: finding.tail() });
    }
    let by_text = crate::sorting::order(heads.len(), &mut |a, b| {
        heads[a].bytes().chain([b'@']).cmp(heads[b].bytes().chain([b'@']))
    });
    let mut rank = vec![0u32; heads.len()];
    for (r, &h) in by_text.iter().enumerate() {
        rank[h] = r as u32;
    }
    for key in &mut keys {
        key.head = rank[key.head as usize];
    }
    keys
}

/// Sorts `ids` by their text, moving each one's address in `at` along, and drops repeated ids (of equal ids the first
/// stays).
fn sort_named(ids: &mut Vec<Id>, at: &mut finding::Addresses) {
    debug_assert_eq!(ids.len(), at.len(), "an address per id");
    if ids.len() <= 16 {
        // A hit names a few elements: sorted by insertion, in place, without the shared sort's list of positions
        // (stable: only a greater id moves past another).
        for i in 1..ids.len() {
            let mut j = i;
            while j > 0 && ids[j - 1] > ids[j] {
                ids.swap(j - 1, j);
                at.swap(j - 1, j);
                j -= 1;
            }
        }
    } else {
        let order = crate::sorting::order(ids.len(), &mut |a, b| ids[a].cmp(&ids[b]));
        crate::sorting::permute(at, order.clone());
        crate::sorting::permute(ids, order);
    }
    // Repeats are rare: look for one before moving anything.
    let Some(first) = ids.windows(2).position(|pair| pair[0] == pair[1]) else { return };
    let mut kept = first + 1;
    for i in first + 2..ids.len() {
        if ids[i] != ids[kept - 1] {
            ids.swap(kept, i);
            at.swap(kept, i);
            kept += 1;
        }
    }
    ids.truncate(kept);
    at.truncate(kept);
}

fn finding(model: &Model, meta: &'static RuleMeta, hit: Hit) -> Finding {
    let Hit { ids: mut elements, mut at, subjects, explanation, data, exposed, likelihood_adjust, impact_adjust } = hit;
    let subject = &elements[..(subjects as usize).min(elements.len())];
    let mut likelihood_steps = likelihood_adjust;
    if meta.scaling.likelihood_from_exposure && exposed {
        likelihood_steps += 1;
    }
    let mut impact_steps = impact_adjust;
    if meta.scaling.impact_from_data {
        impact_steps += match data {
            Some(Classification::Public) => -1,
            Some(Classification::Internal) | None => 0,
            Some(Classification::Confidential) => 1,
            Some(Classification::Restricted) => 2,
        };
    }
    let likelihood = meta.likelihood.shifted(likelihood_steps);
    let impact = meta.impact.shifted(impact_steps);
    let (mut text, quotes) = quote::resolve(model, explanation);
    // `rule@a+b`, or `rule@diagram`, then the elements' ids, written after the explanation (one allocation holds
    // them all: [`Finding::id`], [`Finding::elements`]).
    let split = text.len();
    let id_len = meta.id.len() + 1 + subject.iter().map(|s| s.len() + 1).sum::<usize>().max(7);
    text.reserve(id_len + elements.iter().map(|e| e.len() + 1).sum::<usize>());
    text.push_str(meta.id);
    text.push('@');
    if subject.is_empty() {
        text.push_str("diagram");
    }
    for (i, part) in subject.iter().enumerate() {
        if i > 0 {
            text.push('+');
        }
        text.push_str(part);
    }
    let id_end = text.len();
    // Most hits name only their subject, sorted and without repeats already.
    if elements.len() > subjects as usize {
        sort_named(&mut elements, &mut at);
    }
    let element_count = finding::write_elements(&mut text, elements.iter().map(Id::as_str));
    let written = finding::Written { split, id_end, element_count };
    let mut finding = Finding::from_text(text, written, likelihood, impact, finding::Origin::Rule(meta));
    finding.quotes = quotes;
    if let Some(t) = model.diagram().triage.get(finding.id()) {
        finding.status = t.status;
        finding.note = t.note.clone();
    }
    finding.targets = finding::targets_at(model, &elements, &at);
    finding
}

/// Triage entries that match no finding, sorted.
fn stale_triage(model: &Model, findings: &[Finding]) -> Vec<String> {
    if model.diagram().triage.is_empty() {
        return Vec::new();
    }
    let current: std::collections::BTreeSet<&str> = crate::sorting::set(findings.iter().map(|f| f.id()));
    model.diagram().triage.keys().filter(|id| !current.contains(id.as_str())).cloned().collect()
}

/// A manual threat as a finding: its own likelihood, impact, CIA, STRIDE, text and status.
fn manual_finding(model: &Model, threat: &Threat) -> Finding {
    let likelihood = Likelihood::Rare.shifted(i8::try_from(threat.likelihood).unwrap_or(1) - 1);
    let impact = Impact::Negligible.shifted(i8::try_from(threat.impact).unwrap_or(1) - 1);
    let origin = finding::Origin::Manual(Box::new(finding::Manual {
        cia: threat.cia.clone(),
        stride: threat.stride.clone(),
        title: threat.title.clone(),
        mitigation: threat.mitigation.clone(),
    }));
    let (explanation, quotes) = if threat.description.is_empty() {
        match model.component_ix(&threat.element) {
            Some(c) => quote::resolve(model, format!("A threat written by hand on {}.", quote::name(model, c))),
            None => (format!("A threat written by hand on {}.", threat.element), Box::default()),
        }
    } else {
        (threat.description.clone(), Box::default())
    };
    let mut finding = Finding::new(&threat.finding_id(), explanation, likelihood, impact, origin);
    finding.quotes = quotes;
    finding.status = threat.status;
    finding.set_elements([threat.element.as_str()]);
    finding.targets = finding::targets(model, finding.elements());
    finding
}

/// Two hits of one rule with the same id become one finding: the riskier one, with both element lists.
fn merge_duplicates(model: &Model, findings: &mut Vec<Finding>, start: usize, only: Option<&[&'static RuleMeta]>) {
    // Only the findings of the rules in `only`, when given: the other rules' ids do not repeat.
    let may_repeat = |f: &Finding| match (only, &f.origin) {
        (Some(rules), finding::Origin::Rule(meta)) => rules.iter().any(|r| std::ptr::eq(*r, *meta)),
        _ => true,
    };
    if findings.len() < start + 2 || only.is_some_and(<[_]>::is_empty) {
        return;
    }
    let mut order: Vec<usize> = (start..findings.len()).filter(|&i| may_repeat(&findings[i])).collect();
    // Most rules never repeat an id: finding that out by hashing is cheaper than sorting every rule's findings.
    let mut seen = foldhash::HashSet::with_capacity_and_hasher(order.len(), Default::default());
    if order.iter().all(|&i| seen.insert(findings[i].id())) {
        return;
    }
    drop(seen);
    crate::sorting::sort_by(&mut order, |&a, &b| {
        findings[a].id().cmp(findings[b].id()).then(findings[b].risk.cmp(&findings[a].risk))
    });
    let mut drop = vec![false; findings.len()];
    let mut keeper = order[0];
    for &i in &order[1..] {
        if findings[i].id() == findings[keeper].id() {
            let mut elements: Vec<String> =
                findings[keeper].elements().chain(findings[i].elements()).map(str::to_owned).collect();
            crate::sorting::sort(&mut elements);
            elements.dedup();
            let kept = &mut findings[keeper];
            kept.set_elements(elements.iter().map(String::as_str));
            kept.targets = finding::targets(model, kept.elements());
            drop[i] = true;
        } else {
            keeper = i;
        }
    }
    let mut index = 0;
    findings.retain(|_| {
        let keep = !drop[index];
        index += 1;
        keep
    });
}

/// Problems in the diagram's rule settings: unknown rule ids and threshold names (with "did you mean"), and threshold
/// values outside their range. Every command that loads a diagram checks these, so `validate` and `check` agree.
pub fn check_rule_settings(settings: &Settings) -> Vec<Problem> {
    let rules = rules::all();
    let ids: Vec<&str> = rules.iter().map(|r| r.meta().id).collect();
    let mut problems = Vec::new();
    for (rule_id, rule_settings) in &settings.rules {
        let path = format!("$.settings.rules[{}]", serde_json::to_string(&clip(rule_id)).unwrap_or_default());
        let Some(rule) = rules.iter().find(|r| r.meta().id == rule_id) else {
            let hint =
                did_you_mean(rule_id, &ids).map(|best| format!(" (did you mean \"{best}\"?)")).unwrap_or_default();
            problems.push(Problem::new(path, format!("unknown rule \"{}\"{hint}", clip(rule_id))));
            continue;
        };
        let thresholds = rule.meta().thresholds;
        for (name, &value) in &rule_settings.thresholds {
            let at = format!("{path}.thresholds[{}]", serde_json::to_string(&clip(name)).unwrap_or_default());
            match thresholds.iter().find(|t| t.name == name) {
                None => {
                    let names: Vec<&str> = thresholds.iter().map(|t| t.name).collect();
                    let known = if names.is_empty() { "it has none".to_owned() } else { names.join(", ") };
                    problems.push(Problem::new(
                        at,
                        format!("rule \"{rule_id}\" has no threshold \"{}\" ({known})", clip(name)),
                    ));
                }
                Some(t) if !(t.min..=t.max).contains(&value) => {
                    let range = if t.max >= f64::MAX {
                        format!("at least {}", t.min)
                    } else {
                        format!("from {} to {}", t.min, t.max)
                    };
                    problems.push(Problem::new(at, format!("{value} is out of range: \"{name}\" is {range}")));
                }
                Some(_) => {}
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::finding::{Cia, Control, ControlKind, Stride};
    use crate::analysis::rule::{Scaling, Threshold};
    use crate::analysis::severity::{Impact, Likelihood};
    use crate::analysis::testkit::{TestDiagram, id};
    use crate::model::ComponentKind as K;
    use crate::model::settings::RuleSettings;
    use crate::model::triage::Triage;
    use crate::model::triage::TriageStatus;

    /// Findings find their elements by where the rules borrowed their ids from: the same elements, in the same order,
    /// as looking each id up gives.
    #[test]
    fn findings_find_their_elements_as_the_id_table_does() {
        let mut elements = 0;
        for sample in crate::io::samples::all() {
            let model = sample.model().unwrap();
            for f in analyze(&model).findings {
                assert_eq!(f.targets, finding::targets(&model, f.elements()), "{}: {}", sample.file, f.id());
                elements += f.targets.len();
            }
        }
        assert!(elements > 400, "{elements}");
    }

    struct Twice;

    /// The `steps` threshold.
    const STEPS: Threshold = Threshold {
        name: "steps",
        default: 0.0,
        min: Threshold::COUNT.0,
        max: Threshold::COUNT.1,
        description: "Extra likelihood steps.",
    };

    static TWICE: RuleMeta = RuleMeta {
        id: "twice",
        title: "Twice",
        description: "Reports every component twice, the second time with more elements and a higher risk.",
        cia: &[Cia::Integrity],
        stride: &[Stride::Tampering],
        likelihood: Likelihood::Possible,
        impact: Impact::Moderate,
        scaling: Scaling { impact_from_data: false, likelihood_from_exposure: false },
        controls: &[Control { kind: ControlKind::Sharp, text: "Do it once." }],
        thresholds: &[STEPS],
        reference: None,
    };

    impl Rule for Twice {
        fn meta(&self) -> &'static RuleMeta {
            &TWICE
        }

        fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
            let steps = cx.threshold(&STEPS) as i8;
            for component in cx.model.components() {
                hits.push(Hit::on(&component.id, "first").likelihood(steps));
                hits.push(Hit::on(&component.id, "second").with_elements([&id("zzz")]).likelihood(steps + 1));
            }
        }
    }

    fn diagram() -> TestDiagram {
        TestDiagram::new().component("b", K::GenericService, None).component("a", K::GenericService, None)
    }

    fn findings(model: &Model) -> Vec<Finding> {
        let facts = Facts::new(model);
        let metrics = Metrics::compute(model, &facts);
        run_rules(model, &facts, &metrics, Posture::Perimeter, &[&Twice])
    }

    #[test]
    fn duplicate_hits_merge_into_the_riskier_finding_with_all_elements() {
        let found = findings(&diagram().build());
        let ids: Vec<&str> = found.iter().map(|f| f.id()).collect();
        assert_eq!(ids, ["twice@a", "twice@b"]);
        assert_eq!(found[0].explanation(), "second");
        assert_eq!(found[0].likelihood, Likelihood::Likely);
        assert_eq!(found[0].elements().collect::<Vec<_>>(), ["a", "zzz"]);
        assert_eq!(found[0].risk, 12);
    }

    #[test]
    fn rules_can_be_switched_off_and_thresholds_changed_in_the_file() {
        let off = diagram()
            .edit(|d| {
                d.settings.rules.insert("twice".into(), RuleSettings { enabled: Some(false), ..Default::default() });
            })
            .build();
        assert!(findings(&off).is_empty());
        let tuned = diagram()
            .edit(|d| {
                let mut settings = RuleSettings::default();
                settings.thresholds.insert("steps".into(), -2.0);
                d.settings.rules.insert("twice".into(), settings);
            })
            .build();
        assert_eq!(findings(&tuned)[0].likelihood, Likelihood::Unlikely);
    }

    #[test]
    fn triage_is_applied_and_only_open_findings_count() {
        let model = diagram()
            .edit(|d| {
                d.triage.insert("twice@a".into(), Triage { status: TriageStatus::Accepted, note: "known".into() });
            })
            .build();
        let found = findings(&model);
        assert_eq!(found[0].status, TriageStatus::Accepted);
        assert_eq!(found[0].note, "known");
        let risk = RiskSummary::of(&model, &found);
        assert_eq!((risk.total, risk.open, risk.findings), (12, 1, 2));
        assert_eq!(risk.by_cia[&Cia::Integrity], 12);
        assert_eq!(risk.by_cia[&Cia::Confidentiality], 0);
    }

    #[test]
    fn unknown_rules_and_thresholds_in_settings_are_problems() {
        let model = TestDiagram::new()
            .edit(|d| {
                d.settings.rules.insert("unauthenticated-flw".into(), RuleSettings::default());
                let mut settings = RuleSettings::default();
                settings.thresholds.insert("nope".into(), 1.0);
                d.settings.rules.insert("large-blast-radius".into(), settings);
            })
            .build();
        let problems: Vec<String> =
            check_rule_settings(&model.diagram().settings).iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("has no threshold \"nope\""), "{problems:?}");
        assert!(problems[1].contains("did you mean \"unauthenticated-flow\""), "{problems:?}");
    }

    /// Checking a block of flows or components at a time, every rule's checks of a block in a row, finds what checking
    /// a rule at a time finds (the live analysis's way), whatever the block: the same findings, the same order.
    #[test]
    fn checks_by_block_find_what_checks_by_rule_find() {
        let mut compared = 0;
        for sample in crate::io::samples::all() {
            let model = sample.model().unwrap();
            let posture = model.diagram().settings.posture;
            let facts = Facts::new(&model);
            let metrics = Metrics::compute(&model, &facts);
            let by_rule = analyze_noting(&model, posture, &facts, Some(&mut DataReads::default())).findings;
            let expected = serde_json::to_string(&by_rule).unwrap();
            assert_eq!(serde_json::to_string(&analyze(&model).findings).unwrap(), expected, "{}", sample.file);
            for block in [1, 2, 5, u32::MAX] {
                let mut findings = Vec::new();
                let inputs = Inputs { model: &model, facts: &facts, metrics: &metrics, posture };
                block_findings(inputs, &rules::all(), block, &mut Vec::new(), &mut findings);
                findings.extend(model.diagram().threats.iter().map(|threat| manual_finding(&model, threat)));
                let ids = |f: &[Finding]| f.iter().map(|f| f.id().to_owned()).collect::<Vec<_>>();
                assert_eq!(ids(&sorted(findings.clone())), ids(&by_rule), "{} by {block}", sample.file);
                assert_eq!(serde_json::to_string(&sorted(findings)).unwrap(), expected, "{} by {block}", sample.file);
            }
            compared += by_rule.len();
        }
        assert!(compared > 100, "{compared} findings compared");
    }

    /// Hits each component in order (its findings' ids cannot repeat), or, when `again`, each component and then the
    /// first component once more (they repeat).
    struct Each {
        again: bool,
    }

    static EACH: RuleMeta = RuleMeta { id: "each", title: "Each", description: "Reports every component.", ..TWICE };

    impl Rule for Each {
        fn meta(&self) -> &'static RuleMeta {
            &EACH
        }

        fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
            rule::each_component(self, cx, hits);
        }

        fn per_component(&self) -> bool {
            true
        }

        fn check_component(&self, cx: &RuleContext<'_>, c: ComponentIx, hits: &mut Vec<Hit>) {
            hits.push(Hit::on(cx.model.component_id(c), "its own"));
            if self.again && c.index() > 0 {
                hits.push(Hit::on(cx.model.component_id(ComponentIx(0)), "the first again").likelihood(1));
            }
        }
    }

    /// Checked by blocks, a rule's findings are merged when their ids repeat, and only then: a rule whose every hit is
    /// about one element after the one before cannot repeat an id, and its findings skip the check.
    #[test]
    fn checks_by_block_merge_the_ids_that_repeat() {
        let model = TestDiagram::new()
            .component("c", K::GenericService, None)
            .component("a", K::GenericService, None)
            .component("b", K::GenericService, None)
            .build();
        let facts = Facts::new(&model);
        let metrics = Metrics::compute(&model, &facts);
        for again in [false, true] {
            for block in [1, 2, u32::MAX] {
                let mut findings = Vec::new();
                let inputs = Inputs { model: &model, facts: &facts, metrics: &metrics, posture: Posture::Perimeter };
                let each: &'static dyn Rule = if again { &Each { again: true } } else { &Each { again: false } };
                block_findings(inputs, &[each, &Twice], block, &mut Vec::new(), &mut findings);
                let findings = sorted(findings);
                let each: Vec<(&str, &str)> =
                    findings.iter().filter(|f| f.rule() == "each").map(|f| (f.id(), f.explanation())).collect();
                let first = format!("each@{}", model.component_id(ComponentIx(0)));
                let said = |id: &str| if again && id == first { "the first again" } else { "its own" };
                let expected = ["each@a", "each@b", "each@c"].map(|id| (id, said(id)));
                assert_eq!(each, expected, "{block}");
                let twice: Vec<&str> = findings.iter().filter(|f| f.rule() == "twice").map(|f| f.id()).collect();
                assert_eq!(twice, ["twice@a", "twice@b", "twice@c"], "{block}");
            }
        }
    }

    #[test]
    fn the_order_of_elements_in_the_model_tells_elements_apart() {
        use crate::model::Element as E;
        let elements = [E::Component(ComponentIx(0)), E::Component(ComponentIx(7)), E::Flow(FlowIx(0)), E::Note(3)];
        let keys: Vec<Option<E>> = elements.into_iter().map(Some).collect();
        assert!(keys.windows(2).all(|pair| None < pair[0] && pair[0] < pair[1]), "{keys:?}");
    }

    /// Sorting moves findings along the permutation's cycles: every finding lands once, in order, from any order.
    #[test]
    fn sorting_places_every_finding_once() {
        let sample = crate::io::samples::all().iter().max_by_key(|s| s.json.len()).unwrap();
        let expected: Vec<String> =
            analyze(&sample.model().unwrap()).findings.into_iter().map(|f| f.id().to_owned()).collect();
        assert!(expected.len() > 20, "{} findings", expected.len());
        for stride in [1, 7, expected.len() - 1] {
            let mut shuffled = analyze(&sample.model().unwrap()).findings;
            shuffled.reverse();
            let n = shuffled.len();
            // A deterministic scramble: position i takes the finding at i * stride mod n when that is a permutation.
            if stride > 1 && (2..=stride).any(|d| n.is_multiple_of(d) && stride.is_multiple_of(d)) {
                continue;
            }
            let mut slots: Vec<Option<Finding>> = shuffled.into_iter().map(Some).collect();
            let scrambled: Vec<Finding> = (0..n).filter_map(|i| slots[i * stride % n].take()).collect();
            assert_eq!(scrambled.len(), n);
            let ids: Vec<String> = sorted(scrambled).into_iter().map(|f| f.id().to_owned()).collect();
            assert_eq!(ids, expected, "stride {stride}");
        }
    }

    #[test]
    fn every_sample_analyses_and_findings_are_sorted() {
        for sample in crate::io::samples::all() {
            let model = sample.model().unwrap();
            let analysis = analyze(&model);
            for pair in analysis.findings.windows(2) {
                let in_order = pair[0].severity > pair[1].severity
                    || (pair[0].severity == pair[1].severity && pair[0].id() < pair[1].id());
                assert!(in_order, "{}: {} before {}", sample.file, pair[0].id(), pair[1].id());
            }
            let open: u32 = analysis.findings.iter().filter(|f| f.is_open()).map(|f| f.risk).sum();
            assert_eq!(analysis.risk.total, open, "{}", sample.file);
        }
    }
}
