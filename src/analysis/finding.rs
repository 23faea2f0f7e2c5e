//! Findings: what a rule reports about the diagram, with its risk, CIA corners, STRIDE category, explanation,
//! advice and triage state.

use std::borrow::Cow;

use serde::Serialize;

use crate::analysis::quote::Quote;
use crate::analysis::severity::{Impact, Likelihood, Severity};
use crate::model::props::Classification;
use crate::model::triage::TriageStatus;
use crate::model::{Element, Id, Model};

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
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The ids the finding id is made of (sorted, joined by `+`); empty for a diagram-wide finding.
    pub subject: Vec<Id>,
    /// Every element the finding concerns (for highlighting); the subject is added automatically.
    pub elements: Vec<Id>,
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

impl Hit {
    /// A finding about one element.
    pub fn on(id: &Id, explanation: impl Into<String>) -> Self {
        Self::on_all([id], explanation)
    }

    /// A finding about several elements together (the id joins them, sorted).
    pub fn on_all<'a>(ids: impl IntoIterator<Item = &'a Id>, explanation: impl Into<String>) -> Self {
        let mut subject: Vec<Id> = ids.into_iter().cloned().collect();
        crate::sorting::sort(&mut subject);
        subject.dedup();
        Self {
            subject,
            elements: Vec::new(),
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

    /// Adds elements that are affected but not part of the id.
    #[must_use]
    pub fn with_elements<'a>(mut self, ids: impl IntoIterator<Item = &'a Id>) -> Self {
        let ids = ids.into_iter();
        // Room for the subject too, which the finding adds to this list.
        if self.elements.is_empty() {
            self.elements.reserve(ids.size_hint().0 + self.subject.len());
        }
        self.elements.extend(ids.cloned());
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

/// A finding of the analysis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// `rule-id@element-id`, `rule-id@diagram`, or `rule-id@a+b` (sorted); stable across edits and reloads.
    pub id: String,
    /// The rule that fired.
    pub rule: &'static str,
    /// Severity band of `risk`.
    pub severity: Severity,
    /// Likelihood after scaling.
    pub likelihood: Likelihood,
    /// Impact after scaling.
    pub impact: Impact,
    /// likelihood x impact, 1-25.
    pub risk: u32,
    /// CIA corners harmed (a rule's metadata, or a manual threat's own list).
    pub cia: Cow<'static, [Cia]>,
    /// STRIDE categories.
    pub stride: Cow<'static, [Stride]>,
    /// Every element concerned, sorted.
    pub elements: Vec<Id>,
    /// Those of `elements` the analysed model has, looked up once when the finding is made (in the same order), so
    /// risk totals and the scene reach them without looking their ids up again.
    #[serde(skip)]
    pub targets: Targets,
    /// The rule's title, or a manual threat's.
    pub title: Cow<'static, str>,
    /// One sentence naming the elements.
    pub explanation: String,
    /// Where `explanation` quotes components' names, in order (not serialised: a rename rewrites them in place).
    #[serde(skip)]
    pub quotes: Box<[Quote]>,
    /// The mitigating controls, by kind (the rule's metadata; no copy per finding). Empty for manual threats.
    pub advice: &'static [Control],
    /// A manual threat's own mitigation text (empty for rule findings, whose advice is `advice`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mitigation: String,
    /// Triage state from the file (open when not triaged).
    pub status: TriageStatus,
    /// The triage note.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A finding's elements as the model knows them (one inline: most findings concern one element).
pub type Targets = smallvec::SmallVec<[Element; 1]>;

/// `elements` looked up in `model` (ids it does not have are left out).
pub fn targets(model: &Model, elements: &[Id]) -> Targets {
    // Sized once and pushed to: collecting or extending through a filter costs more than the lookups.
    let mut targets = Targets::with_capacity(elements.len());
    for id in elements {
        if let Some(element) = model.element(id) {
            targets.push(element);
        }
    }
    targets
}

impl Finding {
    /// Whether it counts towards total risk (only open findings do).
    pub fn is_open(&self) -> bool {
        self.status == TriageStatus::Open
    }
}
