//! Findings: what a rule reports about the diagram, with its risk, CIA corners, STRIDE category, explanation,
//! advice and triage state.

use serde::Serialize;

use crate::analysis::quote::Quote;
use crate::analysis::rule::RuleMeta;
use crate::analysis::severity::{Impact, Likelihood, Severity};
use crate::model::props::Classification;
use crate::model::triage::TriageStatus;
use crate::model::{Id, Model};

pub use crate::analysis::targets::Targets;
pub use crate::model::threat::{Cia, Stride};

crate::named_enum! {
    /// The kinds of control (docs/security-model.md#vocabulary).
    pub enum ControlKind: "control kind" {
        /// Blocks everything without looking: strong, simple, causes friction.
        Blunt = "blunt",
        /// Blocks only unauthorised requests: precise, costs tuning time.
        Sharp = "sharp",
        /// Monitoring and alerting so the team can react fast.
        Detective = "detective",
    }
}

/// A control that mitigates a rule's threat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Control {
    /// Blunt, sharp or detective.
    pub kind: ControlKind,
    /// What to do, as an imperative sentence.
    pub text: &'static str,
}

/// What a rule found, before risk and triage are applied: the elements and the explanation.
#[derive(Clone, Debug)]
pub struct Hit {
    /// The ids the finding id is made of (sorted, without repeats; none for a diagram-wide finding), then every
    /// other element the finding concerns (for highlighting), as given.
    pub(crate) ids: Vec<Id>,
    /// Where each of `ids` was borrowed from, in the same order (its address: see
    /// [`crate::model::Model::element_at`]), so the finding finds its elements without looking their ids up.
    pub(crate) at: Addresses,
    /// How many of `ids` make the finding id.
    pub(crate) subjects: u32,
    /// One sentence naming the elements.
    pub explanation: String,
    /// The most sensitive data at stake, for rules whose impact scales with data.
    pub data: Option<Classification>,
    /// Whether the weak spot is reachable from the internet, for rules whose likelihood scales with exposure.
    pub exposed: bool,
    /// Steps to move the likelihood beyond the rule's scaling (e.g. hardening lowers a breakout).
    pub likelihood_adjust: i8,
    /// Steps to move the impact.
    pub impact_adjust: i8,
}

/// The addresses of a hit's ids ([`Hit`]): most hits name up to six elements.
pub(crate) type Addresses = smallvec::SmallVec<[usize; 6]>;

/// Where `id` lives.
fn address(id: &Id) -> usize {
    std::ptr::from_ref(id).addr()
}

impl Hit {
    /// A finding about one element.
    pub fn on(id: &Id, explanation: impl Into<String>) -> Self {
        Self::on_all([id], explanation)
    }

    /// A finding about several elements together (the id joins them, sorted).
    pub fn on_all<'a>(ids: impl IntoIterator<Item = &'a Id>, explanation: impl Into<String>) -> Self {
        // Sorted as borrowed, so each id keeps its address.
        let mut subject: smallvec::SmallVec<[&Id; 2]> = ids.into_iter().collect();
        if subject.len() > 1 {
            crate::sorting::sort(&mut subject);
            subject.dedup();
        }
        Self {
            ids: subject.iter().map(|&id| id.clone()).collect(),
            at: subject.iter().map(|&id| address(id)).collect(),
            subjects: u32::try_from(subject.len()).unwrap_or(u32::MAX),
            explanation: explanation.into(),
            data: None,
            exposed: false,
            likelihood_adjust: 0,
            impact_adjust: 0,
        }
    }

    /// A diagram-wide finding.
    pub fn diagram(explanation: impl Into<String>) -> Self {
        Self::on_all([], explanation)
    }

    /// The ids the finding id is made of (sorted, without repeats); none for a diagram-wide finding.
    pub fn subject(&self) -> &[Id] {
        &self.ids[..self.subjects as usize]
    }

    /// Adds elements that are affected but not part of the id.
    #[must_use]
    pub fn with_elements<'a>(mut self, ids: impl IntoIterator<Item = &'a Id>) -> Self {
        let ids = ids.into_iter();
        let more = ids.size_hint().0;
        if self.ids.len() == self.subjects as usize && more > 0 {
            // The first elements: a list sized for all, the subject moved in (growing the subject's list in place
            // would copy it through a reallocation).
            let mut all = Vec::with_capacity(self.ids.len() + more);
            all.append(&mut self.ids);
            self.ids = all;
        } else {
            self.ids.reserve(more);
        }
        self.at.reserve(more);
        for id in ids {
            self.ids.push(id.clone());
            self.at.push(address(id));
        }
        self
    }

    /// Sets the data at stake.
    #[must_use]
    pub fn with_data(mut self, data: Option<Classification>) -> Self {
        self.data = data;
        self
    }

    /// Marks the weak spot as reachable from the internet.
    #[must_use]
    pub fn exposed(mut self, exposed: bool) -> Self {
        self.exposed = exposed;
        self
    }

    /// Moves the likelihood by `steps`.
    #[must_use]
    pub fn likelihood(mut self, steps: i8) -> Self {
        self.likelihood_adjust += steps;
        self
    }

    /// Moves the impact by `steps`.
    #[must_use]
    pub fn impact(mut self, steps: i8) -> Self {
        self.impact_adjust += steps;
        self
    }
}

/// A finding of the analysis. What its rule says of every finding (the rule's id, CIA corners, STRIDE categories,
/// title and advice) is read from the rule's metadata, not copied into each finding; a manual threat keeps its own
/// ([`Finding::rule`], [`Finding::cia`], [`Finding::stride`], [`Finding::title`], [`Finding::advice`],
/// [`Finding::mitigation`]). Findings are many on a large diagram: the fewer bytes each takes, the fewer the cache
/// misses of making, ordering, counting and dropping them.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The explanation, then the id, then the ids of the elements (separated by spaces), in one heap block
    /// ([`Finding::explanation`], [`Finding::id`], [`Finding::elements`]): a finding is made, ordered, counted and
    /// dropped with fewer blocks to allocate, read and free.
    text: String,
    /// Where the id starts in `text`.
    split: u32,
    /// Where the id ends in `text` (and the elements' ids start).
    id_end: u32,
    /// How many elements `text` lists.
    element_count: u32,
    /// The first 16 bytes of the id after its `@`, zero-padded: taken while the id is written, so that ordering the
    /// findings need not read their texts ([`Finding::tail`]).
    tail: [u8; 16],
    /// Severity band of `risk`.
    pub severity: Severity,
    /// Likelihood after scaling.
    pub likelihood: Likelihood,
    /// Impact after scaling.
    pub impact: Impact,
    /// Triage state from the file (open when not triaged).
    pub status: TriageStatus,
    /// likelihood x impact, 1-25.
    pub risk: u32,
    /// Those of the elements ([`Finding::elements`]) the analysed model has, found once when the finding is made (in
    /// the same order), so risk totals and the scene reach them without looking their ids up again.
    pub targets: Targets,
    /// Where `explanation` quotes components' names, in order (not serialised: a rename rewrites them in place).
    pub quotes: Box<[Quote]>,
    /// The triage note.
    pub note: String,
    /// The rule that fired, or the manual threat's own words.
    pub(crate) origin: Origin,
}

/// Where a finding comes from.
#[derive(Clone, Debug)]
pub(crate) enum Origin {
    /// A rule: its metadata.
    Rule(&'static RuleMeta),
    /// A threat written by hand.
    Manual(Box<Manual>),
}

/// What a manual threat says of itself.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Manual {
    pub cia: Vec<Cia>,
    pub stride: Vec<Stride>,
    pub title: String,
    pub mitigation: String,
}

// Two findings of a rule have the same metadata: the rule's ids decide.
impl PartialEq for Origin {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Rule(a), Self::Rule(b)) => a.id == b.id,
            (Self::Manual(a), Self::Manual(b)) => a == b,
            _ => false,
        }
    }
}

impl Finding {
    /// An open finding with the given id and explanation (one sentence naming the elements), likelihood and impact
    /// (its risk and severity follow), from `origin`; its elements, quotes and note are set afterwards.
    pub(crate) fn new(id: &str, explanation: String, likelihood: Likelihood, impact: Impact, origin: Origin) -> Self {
        let mut text = explanation;
        let split = text.len();
        text.push_str(id);
        let written = Written { split, id_end: text.len(), element_count: 0 };
        Self::from_text(text, written, likelihood, impact, origin)
    }

    /// As [`Finding::new`], with the id and the elements' ids already written after the explanation in `text`, where
    /// `written` says.
    pub(crate) fn from_text(
        text: String,
        written: Written,
        likelihood: Likelihood,
        impact: Impact,
        origin: Origin,
    ) -> Self {
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let (split, id_end) = (at(written.split), at(written.id_end));
        let risk = crate::analysis::severity::risk(likelihood, impact);
        Self {
            tail: tail_of(text.get(split as usize..id_end as usize).unwrap_or_default()),
            text,
            split,
            id_end,
            element_count: at(written.element_count),
            severity: Severity::from_risk(risk),
            likelihood,
            impact,
            status: TriageStatus::Open,
            risk,
            targets: Targets::new(),
            quotes: Box::default(),
            note: String::new(),
            origin,
        }
    }

    /// `rule-id@element-id`, `rule-id@diagram`, or `rule-id@a+b` (sorted); stable across edits and reloads.
    pub fn id(&self) -> &str {
        self.text.get(self.split as usize..self.id_end as usize).unwrap_or_default()
    }

    /// Gives it another id (for tests that need two findings alike but for their ids).
    #[cfg(test)]
    pub(crate) fn set_id(&mut self, id: &str) {
        let elements = self.text.split_off(self.id_end as usize);
        self.text.truncate(self.split as usize);
        self.text.push_str(id);
        self.id_end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.text.push_str(&elements);
        self.tail = tail_of(id);
    }

    /// Every element concerned, by id, sorted.
    pub fn elements(&self) -> Elements<'_> {
        Elements { rest: self.text.get(self.id_end as usize..).unwrap_or_default(), left: self.element_count }
    }

    /// Sets the elements concerned (`ids`, sorted, without repeats).
    pub(crate) fn set_elements<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        self.text.truncate(self.id_end as usize);
        self.element_count = u32::try_from(write_elements(&mut self.text, ids)).unwrap_or(u32::MAX);
    }

    /// The first 16 bytes of the id after its `@` as a big-endian integer, zero-padded: integers compare as the texts
    /// do (ids hold no zero bytes, so a shorter text sorts first, as it does as text).
    pub(crate) fn tail(&self) -> u128 {
        u128::from_be_bytes(self.tail)
    }

    /// One sentence naming the elements.
    pub fn explanation(&self) -> &str {
        self.text.get(..self.split as usize).unwrap_or_default()
    }

    /// Rewrites the explanation in place with `edit`, which is given the text (the explanation, then the id and the
    /// elements' ids), the explanation's length and where it quotes names, must leave what follows the explanation as
    /// it is, and returns whether it rewrote anything.
    pub(crate) fn edit_explanation(&mut self, edit: impl FnOnce(&mut String, usize, &mut [Quote]) -> bool) -> bool {
        let (after, id_len) = (self.text.len() - self.split as usize, self.id_end - self.split);
        #[cfg(debug_assertions)]
        let id = self.id().to_owned();
        let rewrote = edit(&mut self.text, self.split as usize, &mut self.quotes);
        if rewrote {
            self.split = u32::try_from(self.text.len() - after).unwrap_or(u32::MAX);
            self.id_end = self.split.saturating_add(id_len);
        }
        #[cfg(debug_assertions)]
        debug_assert_eq!(self.id(), id, "an edit of the explanation kept the id");
        rewrote
    }

    /// The rule that fired (`manual` for a threat written by hand).
    pub fn rule(&self) -> &'static str {
        match &self.origin {
            Origin::Rule(meta) => meta.id,
            Origin::Manual(_) => crate::model::threat::MANUAL_THREAT_RULE,
        }
    }

    /// CIA corners harmed (the rule's, or a manual threat's own list).
    pub fn cia(&self) -> &[Cia] {
        match &self.origin {
            Origin::Rule(meta) => meta.cia,
            Origin::Manual(manual) => &manual.cia,
        }
    }

    /// STRIDE categories.
    pub fn stride(&self) -> &[Stride] {
        match &self.origin {
            Origin::Rule(meta) => meta.stride,
            Origin::Manual(manual) => &manual.stride,
        }
    }

    /// The rule's title, or a manual threat's.
    pub fn title(&self) -> &str {
        match &self.origin {
            Origin::Rule(meta) => meta.title,
            Origin::Manual(manual) => &manual.title,
        }
    }

    /// The mitigating controls, by kind (the rule's). Empty for manual threats.
    pub fn advice(&self) -> &'static [Control] {
        match &self.origin {
            Origin::Rule(meta) => meta.controls,
            Origin::Manual(_) => &[],
        }
    }

    /// A manual threat's own mitigation text (empty for rule findings, whose advice is [`Finding::advice`]).
    pub fn mitigation(&self) -> &str {
        match &self.origin {
            Origin::Rule(_) => "",
            Origin::Manual(manual) => &manual.mitigation,
        }
    }

    /// Whether it counts towards total risk (only open findings do).
    pub fn is_open(&self) -> bool {
        self.status == TriageStatus::Open
    }
}

// Written as the fields were before the rule's part moved to its metadata: the JSON output is unchanged.
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let (mitigation, note) = (self.mitigation(), self.note.as_str());
        let fields = 13 + usize::from(!mitigation.is_empty()) + usize::from(!note.is_empty());
        let mut s = serializer.serialize_struct("Finding", fields)?;
        s.serialize_field("id", self.id())?;
        s.serialize_field("rule", self.rule())?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("likelihood", &self.likelihood)?;
        s.serialize_field("impact", &self.impact)?;
        s.serialize_field("risk", &self.risk)?;
        s.serialize_field("cia", self.cia())?;
        s.serialize_field("stride", self.stride())?;
        s.serialize_field("elements", &self.elements())?;
        s.serialize_field("title", self.title())?;
        s.serialize_field("explanation", self.explanation())?;
        s.serialize_field("advice", self.advice())?;
        if !mitigation.is_empty() {
            s.serialize_field("mitigation", mitigation)?;
        }
        s.serialize_field("status", &self.status)?;
        if !note.is_empty() {
            s.serialize_field("note", note)?;
        }
        s.end()
    }
}

/// The first 16 bytes after the first `@` of `id`, zero-padded.
fn tail_of(id: &str) -> [u8; 16] {
    let tail = id.split_once('@').map_or("", |(_, tail)| tail).as_bytes();
    let mut bytes = [0u8; 16];
    let take = tail.len().min(16);
    bytes[..take].copy_from_slice(&tail[..take]);
    bytes
}

/// Where a finding's text puts what follows its explanation ([`Finding::from_text`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Written {
    /// Where the id starts (the explanation's length).
    pub split: usize,
    /// Where the id ends and the elements' ids start.
    pub id_end: usize,
    /// How many elements' ids follow.
    pub element_count: usize,
}

/// Writes `ids` after `text`, separated by spaces (ids hold none), and returns how many it wrote.
pub(crate) fn write_elements<'a>(text: &mut String, ids: impl IntoIterator<Item = &'a str>) -> usize {
    let mut count = 0;
    for id in ids {
        if count > 0 {
            text.push(' ');
        }
        text.push_str(id);
        count += 1;
    }
    count
}

/// The ids of a finding's elements, sorted ([`Finding::elements`]).
#[derive(Clone, Copy, Debug)]
pub struct Elements<'a> {
    /// The ids not yet given, separated by spaces.
    rest: &'a str,
    /// How many.
    left: u32,
}

impl<'a> Elements<'a> {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.left == 0
    }

    /// Whether `id` is one of them.
    pub fn contains(mut self, id: &str) -> bool {
        self.any(|e| e == id)
    }

    /// The ids, as ids.
    pub fn to_ids(self) -> Vec<Id> {
        self.map(Id::from_trusted).collect()
    }
}

impl<'a> Iterator for Elements<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let (id, rest) = if self.left == 0 { (self.rest, "") } else { self.rest.split_once(' ')? };
        self.rest = rest;
        Some(id)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left as usize, Some(self.left as usize))
    }
}

impl ExactSizeIterator for Elements<'_> {}

impl Serialize for Elements<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(*self)
    }
}

/// `elements` found in `model` (ids it does not have are left out): each by where it was borrowed from (`at`, in the
/// same order) when that was the model ([`Model::element_at`]), and by its text otherwise.
pub(crate) fn targets_at(model: &Model, elements: &[Id], at: &[usize]) -> Targets {
    let mut targets = Targets::with_capacity(elements.len());
    for (id, &at) in elements.iter().zip(at) {
        if let Some(element) = model.element_at(at).or_else(|| model.element(id)) {
            targets.push(element);
        }
    }
    targets
}

/// `elements` looked up in `model` (ids it does not have are left out).
pub fn targets<'a>(model: &Model, elements: impl ExactSizeIterator<Item = &'a str>) -> Targets {
    // Sized once and pushed to: collecting or extending through a filter costs more than the lookups.
    let mut targets = Targets::with_capacity(elements.len());
    for id in elements {
        if let Some(element) = model.element(id) {
            targets.push(element);
        }
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    /// A finding stays small: what its rule says of every finding is read from the rule, not copied into it, and its
    /// elements' ids share the heap block of its text.
    #[test]
    fn a_finding_takes_no_more_than_152_bytes() {
        assert!(size_of::<Finding>() <= 152, "{} bytes", size_of::<Finding>());
    }

    /// The elements' ids follow the id in the text: an edit of the explanation, a new id or new elements leave the
    /// others as they were.
    #[test]
    fn the_text_keeps_explanation_id_and_elements_apart() {
        let origin = Origin::Rule(crate::analysis::rules::all()[0].meta());
        let mut finding = Finding::new("r@a+b", "A and B.".into(), Likelihood::Likely, Impact::Major, origin);
        assert!(finding.elements().is_empty());
        assert_eq!(finding.elements().len(), 0);
        finding.set_elements(["a", "b", "c"]);
        assert_eq!((finding.explanation(), finding.id()), ("A and B.", "r@a+b"));
        assert_eq!(finding.elements().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(finding.elements().len(), 3);
        assert!(finding.elements().contains("b") && !finding.elements().contains("d"));
        assert_eq!(finding.elements().to_ids(), [Id::new("a").unwrap(), Id::new("b").unwrap(), Id::new("c").unwrap()]);
        let rewrote = finding.edit_explanation(|text, within, _| {
            text.replace_range(..within, "Alpha and Beta.");
            true
        });
        assert!(rewrote);
        assert_eq!((finding.explanation(), finding.id()), ("Alpha and Beta.", "r@a+b"));
        assert_eq!(finding.elements().collect::<Vec<_>>(), ["a", "b", "c"]);
        finding.set_id("r@a");
        assert_eq!((finding.explanation(), finding.id()), ("Alpha and Beta.", "r@a"));
        assert_eq!(finding.elements().collect::<Vec<_>>(), ["a", "b", "c"]);
        finding.set_elements(["z"]);
        assert_eq!(finding.elements().collect::<Vec<_>>(), ["z"]);
        let json = serde_json::to_value(&finding).unwrap();
        assert_eq!((json["id"].as_str(), json["elements"].clone()), (Some("r@a"), serde_json::json!(["z"])));
    }

    /// A rule's finding reads the rule's words; a manual threat's, its own.
    #[test]
    fn a_finding_reads_its_rule_or_its_own_words() {
        let sample = crate::io::samples::all().iter().find(|s| s.file == "shop-eks-ec2.json").unwrap();
        let mut diagram = sample.model().unwrap().into_diagram();
        let element = diagram.components[1].id.clone();
        diagram.threats.push(crate::model::threat::Threat {
            id: Id::new("t1").unwrap(),
            element,
            title: "Stolen build key".into(),
            description: String::new(),
            cia: vec![Cia::Integrity],
            stride: vec![Stride::Tampering, Stride::Spoofing],
            likelihood: 3,
            impact: 3,
            mitigation: "Rotate it.".into(),
            status: TriageStatus::Open,
        });
        let model = Model::new(diagram).unwrap();
        let findings = analyze(&model).findings;
        let manual = findings.iter().find(|f| f.rule() == crate::model::threat::MANUAL_THREAT_RULE).unwrap();
        assert_eq!(
            (manual.title(), manual.mitigation(), manual.cia(), manual.stride(), manual.advice()),
            (
                "Stolen build key",
                "Rotate it.",
                &[Cia::Integrity][..],
                &[Stride::Spoofing, Stride::Tampering][..],
                &[][..]
            )
        );
        let rules = crate::analysis::rules::all();
        let found = findings.iter().find(|f| f.rule() != crate::model::threat::MANUAL_THREAT_RULE).unwrap();
        let meta = rules.iter().map(|r| r.meta()).find(|m| m.id == found.rule()).unwrap();
        assert_eq!((found.title(), found.cia(), found.stride()), (meta.title, meta.cia, meta.stride));
        assert_eq!((found.advice(), found.mitigation()), (meta.controls, ""));
        let json = serde_json::to_value(found).unwrap();
        assert_eq!(json["title"], meta.title);
        assert!(json.get("mitigation").is_none() && json["advice"].as_array().is_some_and(|a| !a.is_empty()));
        assert_eq!(serde_json::to_value(manual).unwrap()["mitigation"], "Rotate it.");
    }
}
