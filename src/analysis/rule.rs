//! What a rule is: metadata as data (read by the findings panel, tooltips, the CLI and reports) plus a pure check.

use std::ops::Range;

use serde::Serialize;

use crate::analysis::facts::Facts;
use crate::analysis::finding::{Cia, Control, Hit, Stride};
use crate::analysis::metrics::Metrics;
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::settings::{Date, RuleSettings};
use crate::model::{ComponentIx, FlowIx, Model, Posture};

/// A tunable number of a rule, with its default.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Threshold {
    /// Name used in the file's `settings.rules.<rule>.thresholds`.
    pub name: &'static str,
    /// Value when the diagram does not override it.
    pub default: f64,
    /// The smallest value a diagram may set.
    pub min: f64,
    /// The largest value a diagram may set.
    pub max: f64,
    /// What it means.
    pub description: &'static str,
}

impl Threshold {
    /// Counts (hops, contexts, members, days ...): zero or more.
    pub const COUNT: (f64, f64) = (0.0, f64::MAX);
    /// Shares and cohesion: 0 to 1.
    pub const SHARE: (f64, f64) = (0.0, 1.0);
}

/// How a rule's base likelihood and impact scale with what a hit touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
pub struct Scaling {
    /// Impact moves with the data at stake: public -1, internal 0, confidential +1, restricted +2.
    pub impact_from_data: bool,
    /// Likelihood +1 when the weak spot is reachable from the internet.
    pub likelihood_from_exposure: bool,
}

/// A rule's metadata.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Short title.
    pub title: &'static str,
    /// What the threat is and when the rule fires (plain text, no markup).
    pub description: &'static str,
    /// CIA corners harmed.
    pub cia: &'static [Cia],
    /// STRIDE categories.
    pub stride: &'static [Stride],
    /// Base likelihood.
    pub likelihood: Likelihood,
    /// Base impact.
    pub impact: Impact,
    /// How likelihood and impact scale.
    pub scaling: Scaling,
    /// Controls that mitigate the threat, by kind.
    pub controls: &'static [Control],
    /// Tunable numbers.
    pub thresholds: &'static [Threshold],
    /// A CIS benchmark item or AWS document where one fits.
    pub reference: Option<&'static str>,
}

/// A threat rule: metadata plus a pure check over the model.
pub trait Rule: Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Pushes one hit per weak spot. Must be pure and deterministic; must never fire *because* a control is present.
    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>);
    /// Whether the rule judges each flow on its own: its `check` is [`each_flow`], and [`Rule::check_flow`] pushes
    /// only hits about that flow alone (`Hit::on` its id). A live analysis then re-checks only the flows an edit
    /// added, re-pointed or changed, as long as no flow's check read another flow (it notes that). A full analysis
    /// does not call its `check` but [`Rule::check_flows`], a block of flows at a time, together with the other such
    /// rules.
    fn per_flow(&self) -> bool {
        false
    }
    /// The hits about the flow at `f`, for a rule that judges each flow on its own. Rules write it
    /// `#[inline(always)]`, so that the loop of [`Rule::check_flows`] runs it without a call per flow.
    fn check_flow(&self, _cx: &RuleContext<'_>, _f: FlowIx, _hits: &mut Vec<Hit>) {}
    /// For a rule that judges each flow on its own and reads the network connections: the flows (in order) whose
    /// checks read them, by where their ends sit; the others' hits do not depend on the connections. A live analysis
    /// then re-checks only these after connections alone changed. `None`: any check may read them.
    fn connection_flows(&self, _model: &Model, _facts: &Facts) -> Option<Vec<FlowIx>> {
        None
    }
    /// Whether the rule judges each component on its own: its `check` is [`each_component`], and
    /// [`Rule::check_component`] pushes only hits about that component alone (`Hit::on` its id). A live analysis then
    /// re-checks only the components at the ends of the flows an edit added, removed, re-pointed or changed, as long
    /// as no component's check read other flows than its own (it notes that). A full analysis calls
    /// [`Rule::check_components`] instead of `check`, a block of components at a time.
    fn per_component(&self) -> bool {
        false
    }
    /// The hits about the component at `c`, for a rule that judges each component on its own (`#[inline(always)]`,
    /// as [`Rule::check_flow`]).
    fn check_component(&self, _cx: &RuleContext<'_>, _c: ComponentIx, _hits: &mut Vec<Hit>) {}
    /// [`Rule::check_flow`] of the flows at the positions in `flows`, in order: [`each_flow`] is this of every flow,
    /// and a full analysis runs it a block of flows at a time (one call through the rule's vtable per block, the
    /// checks called directly inside).
    fn check_flows(&self, cx: &RuleContext<'_>, flows: Range<u32>, hits: &mut Vec<Hit>) {
        for f in flows {
            self.check_flow(cx, FlowIx(f), hits);
        }
    }
    /// [`Rule::check_component`] of the components at the positions in `components`, in order: [`each_component`] is
    /// this of every component, and a full analysis runs it a block of components at a time.
    fn check_components(&self, cx: &RuleContext<'_>, components: Range<u32>, hits: &mut Vec<Hit>) {
        for c in components {
            self.check_component(cx, ComponentIx(c), hits);
        }
    }
}

/// The `check` of a rule that judges each component on its own: every component's check, in order.
pub fn each_component<R: Rule + ?Sized>(rule: &R, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
    let components = u32::try_from(cx.model.component_ixs().len()).unwrap_or(u32::MAX);
    rule.check_components(cx, 0..components, hits);
}

/// The `check` of a rule that judges each flow on its own: every flow's check, in order (generic, so each rule's
/// loop calls its own check directly).
pub fn each_flow<R: Rule + ?Sized>(rule: &R, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
    let flows = u32::try_from(cx.model.flows().len()).unwrap_or(u32::MAX);
    rule.check_flows(cx, 0..flows, hits);
}

/// What a rule's check can read.
pub struct RuleContext<'a> {
    /// The checked model.
    pub model: &'a Model,
    /// Facts derived once per analysis.
    pub facts: &'a Facts,
    /// Architecture metrics, computed before the rules.
    pub metrics: &'a Metrics,
    /// The posture the diagram is judged under (its own, or a CLI override).
    pub posture: Posture,
    /// The diagram's as-of date for deprecation tables.
    pub as_of: Option<Date>,
    pub(crate) settings: Option<&'a RuleSettings>,
}

impl RuleContext<'_> {
    /// The value of one of the rule's thresholds: the diagram's override, or its default. A rule passes the
    /// `Threshold` it declares in its metadata, so there is always a default (no name to misspell).
    pub fn threshold(&self, threshold: &Threshold) -> f64 {
        self.settings.and_then(|s| s.thresholds.get(threshold.name).copied()).unwrap_or(threshold.default)
    }
}
