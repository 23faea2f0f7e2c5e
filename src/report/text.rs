//! The terminal report of `trustmap check`: every finding (severity, id, title, explanation, risk, advice by kind),
//! then total risk with its formula, risk per CIA corner and per bounded context, the responsibility split and the
//! architecture metrics, wrapped to 100 columns. Every line goes through `wrap::push_line` or `wrap::push_wrapped`,
//! which escape control characters (`terminal.rs`): names cannot inject terminal sequences or fake report lines.

use std::collections::BTreeMap;

use crate::analysis::finding::{Control, Finding};
use crate::analysis::metrics::Metrics;
use crate::model::named::Named as _;
use crate::model::responsibility::Owner;
use crate::model::triage::TriageStatus;
use crate::report::wrap::{count, list, push_line, push_wrapped};
use crate::report::{Report, TOTAL_RISK_FORMULA, percent};

const WIDTH: usize = 100;
/// Findings are indented by the width of the severity column.
const INDENT: &str = "          ";

/// The whole report.
pub fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    header(&mut out, report);
    let mut advised = AdvisedRules::default();
    for finding in report.findings() {
        finding_block(&mut out, report, finding, &mut advised);
    }
    baseline(&mut out, report);
    stale_triage(&mut out, report);
    totals(&mut out, report);
    responsibility(&mut out, report);
    metrics(&mut out, &report.analysis.metrics);
    out
}

/// `3 open, 2 triaged (1 accepted, 1 false-positive)`.
pub(crate) fn status_counts(findings: &[Finding]) -> String {
    let open = findings.iter().filter(|f| f.is_open()).count();
    let mut triaged = Vec::new();
    for status in TriageStatus::ALL.iter().filter(|s| **s != TriageStatus::Open) {
        let n = findings.iter().filter(|f| f.status == *status).count();
        if n > 0 {
            triaged.push(format!("{n} {status}"));
        }
    }
    if triaged.is_empty() {
        format!("{open} open")
    } else {
        format!("{open} open, {} triaged ({})", findings.len() - open, triaged.join(", "))
    }
}

fn header(out: &mut String, report: &Report<'_>) {
    let findings = &report.analysis.findings;
    push_line(out, &format!("{} ({})", report.title(), report.source));
    let summary = if findings.is_empty() {
        "No findings".to_owned()
    } else {
        format!("{}: {}", count(findings.len(), "finding", "findings"), status_counts(findings))
    };
    push_line(out, &format!("Posture: {}. {summary}.", report.analysis.posture));
    if report.baseline.is_some() {
        let new = report.new_findings().len();
        push_line(out, &format!("Since the baseline: {} new, {} gone.", new, report.gone().len()));
    }
    out.push('\n');
}

/// Advice ordered blunt, sharp, detective (the kinds' order), keeping each rule's order within a kind.
pub(crate) fn advice_by_kind(advice: &[Control]) -> Vec<&Control> {
    let mut sorted: Vec<&Control> = advice.iter().collect();
    crate::sorting::sort_by_key(&mut sorted, |a| a.kind);
    sorted
}

/// The first finding of each rule in the report, which carries the rule's advice: later findings of the rule refer to
/// it instead of repeating it, so a report of many findings of one rule grows by the findings, not by the advice.
#[derive(Default)]
pub(crate) struct AdvisedRules<'a>(BTreeMap<&'static str, &'a str>);

impl<'a> AdvisedRules<'a> {
    /// `None` for the first finding of its rule (print the advice), else the id of that first finding.
    pub(crate) fn earlier(&mut self, finding: &'a Finding) -> Option<&'a str> {
        match self.0.get(finding.rule()) {
            Some(&first) => Some(first),
            None => {
                self.0.insert(finding.rule(), finding.id());
                None
            }
        }
    }
}

fn finding_block<'a>(out: &mut String, report: &Report<'_>, finding: &'a Finding, advised: &mut AdvisedRules<'a>) {
    let mut first = format!("{:<10}{}", finding.severity.as_str().to_uppercase(), finding.id());
    if !finding.is_open() {
        first.push_str(&format!("  [{}]", finding.status));
    }
    if report.is_new(finding) {
        first.push_str("  [new]");
    }
    push_line(out, &first);
    push_wrapped(out, INDENT, finding.title(), WIDTH);
    push_wrapped(out, INDENT, finding.explanation(), WIDTH);
    let cia: Vec<&str> = finding.cia().iter().map(|c| c.as_str()).collect();
    let stride: Vec<&str> = finding.stride().iter().map(|s| s.as_str()).collect();
    push_wrapped(
        out,
        INDENT,
        &format!(
            "risk {} = likelihood {} ({}) x impact {} ({}); CIA: {}; STRIDE: {}",
            finding.risk,
            finding.likelihood,
            finding.likelihood.value(),
            finding.impact,
            finding.impact.value(),
            list(&cia),
            list(&stride)
        ),
        WIDTH,
    );
    if !finding.elements().is_empty() {
        let elements: Vec<&str> = finding.elements().collect();
        push_wrapped(out, &format!("{INDENT}elements: "), &elements.join(", "), WIDTH);
    }
    if !finding.note.is_empty() {
        push_wrapped(out, &format!("{INDENT}{} because: ", finding.status), &finding.note, WIDTH);
    }
    if !finding.advice().is_empty() {
        if let Some(first) = advised.earlier(finding) {
            push_wrapped(out, &format!("{INDENT}{:<11}", "advice"), &format!("as for {first}"), WIDTH);
        } else {
            for advice in advice_by_kind(finding.advice()) {
                push_wrapped(out, &format!("{INDENT}{:<11}", advice.kind.as_str()), advice.text, WIDTH);
            }
        }
    }
    if !finding.mitigation().is_empty() {
        push_wrapped(out, &format!("{INDENT}mitigation "), finding.mitigation(), WIDTH);
    }
    out.push('\n');
}

fn baseline(out: &mut String, report: &Report<'_>) {
    if report.baseline.is_none() {
        return;
    }
    let new: Vec<&str> = report.new_findings().iter().map(|f| f.id()).collect();
    push_wrapped(out, "New since the baseline: ", &list(&new), WIDTH);
    push_wrapped(out, "Gone since the baseline: ", &list(&report.gone()), WIDTH);
    out.push('\n');
}

fn stale_triage(out: &mut String, report: &Report<'_>) {
    let stale = &report.analysis.stale_triage;
    if !stale.is_empty() {
        push_wrapped(
            out,
            "Warning: triage entries that match no finding (the diagram changed or the rule is off): ",
            &list(stale),
            WIDTH,
        );
        out.push('\n');
    }
}

fn totals(out: &mut String, report: &Report<'_>) {
    let risk = &report.analysis.risk;
    push_line(
        out,
        &format!(
            "Total risk: {} ({TOTAL_RISK_FORMULA}; {} of {} open)",
            risk.total,
            risk.open,
            count(risk.findings, "finding", "findings")
        ),
    );
    let cia: Vec<String> = risk.by_cia.iter().map(|(corner, value)| format!("{corner} {value}")).collect();
    push_wrapped(out, "  per CIA corner:      ", &list(&cia), WIDTH);
    let contexts: Vec<String> = risk
        .by_context
        .iter()
        .map(|(id, value)| match report.context_name(id.as_str()) {
            Some(name) if name != id.as_str() => format!("{name} [{id}] {value}"),
            _ => format!("{id} {value}"),
        })
        .collect();
    push_wrapped(out, "  per bounded context: ", &list(&contexts), WIDTH);
    out.push('\n');
}

fn owner_name(owner: Owner) -> &'static str {
    match owner {
        Owner::Aws => "AWS",
        Owner::Customer => "customer",
        Owner::Shared => "shared",
        Owner::Absent => "absent",
    }
}

/// How many components the text report names in the responsibility section.
const MOST_CUSTOMER_OWNED: usize = 5;

fn responsibility(out: &mut String, report: &Report<'_>) {
    let split = &report.analysis.responsibility;
    let present: usize =
        split.layers_by_owner.iter().filter(|(owner, _)| **owner != Owner::Absent).map(|(_, n)| *n).sum();
    if present == 0 {
        push_line(out, "Responsibility: no component has responsibility layers.");
        out.push('\n');
        return;
    }
    push_line(
        out,
        &format!(
            "Responsibility: the customer secures {} of the present layers (shared layers count half)",
            percent(split.customer_share)
        ),
    );
    let owners: Vec<String> = split
        .layers_by_owner
        .iter()
        .filter(|(owner, _)| **owner != Owner::Absent)
        .map(|(owner, n)| format!("{} {n}", owner_name(*owner)))
        .collect();
    push_line(out, &format!("  layers by owner: {}", owners.join(", ")));
    let mut components: Vec<_> = split.components.iter().filter(|c| c.stack.customer_share().1 > 0).collect();
    crate::sorting::sort_by(&mut components, |a, b| {
        b.customer_share.total_cmp(&a.customer_share).then_with(|| a.id.cmp(&b.id))
    });
    let most: Vec<String> = components
        .iter()
        .take(MOST_CUSTOMER_OWNED)
        .map(|c| format!("{} {}", c.id, percent(c.customer_share)))
        .collect();
    if !most.is_empty() {
        push_wrapped(out, "  most customer-owned: ", &list(&most), WIDTH);
    }
    out.push('\n');
}

fn metrics(out: &mut String, metrics: &Metrics) {
    push_line(out, "Metrics:");
    if metrics.contexts.is_empty() {
        push_line(out, "  bounded contexts: none measured");
    } else {
        push_line(out, "  bounded contexts (cohesion 0-1; coupling = flows across the border):");
    }
    for context in &metrics.contexts {
        let coupled: Vec<&str> = context.coupled_with.iter().map(|c| c.as_str()).collect();
        push_wrapped(
            out,
            "    ",
            &format!(
                "{} [{}]: {}, {}, cohesion {:.2}; coupling {} sync, {} async, {} other (with {})",
                context.name,
                context.id,
                count(context.members, "member", "members"),
                count(context.internal_flows, "internal flow", "internal flows"),
                context.cohesion,
                context.coupling.sync,
                context.coupling.asynchronous,
                context.coupling.other,
                list(&coupled)
            ),
            WIDTH,
        );
    }
    let cycles: Vec<String> = metrics
        .context_cycles
        .iter()
        .map(|cycle| {
            let ids: Vec<&str> = cycle.contexts.iter().map(|c| c.as_str()).collect();
            let sync = if cycle.has_sync_edge { " (with a synchronous edge)" } else { "" };
            format!("{}{sync}", ids.join(" <-> "))
        })
        .collect();
    push_wrapped(out, "  context cycles: ", &list(&cycles), WIDTH);
    if metrics.defense_in_depth.is_empty() {
        push_line(out, "  defense in depth: no path from an untrusted source to a sensitive store");
    } else {
        push_line(
            out,
            "  defense in depth (fewest independent controls from an untrusted source to a sensitive store):",
        );
    }
    for path in &metrics.defense_in_depth {
        push_wrapped(
            out,
            "    ",
            &format!(
                "{} -> {}: {} ({}) via {}",
                path.source,
                path.target,
                count(path.controls as usize, "control", "controls"),
                path.controls_text(", ", str::to_owned),
                path.path_text(" > ", str::to_owned)
            ),
            WIDTH,
        );
    }
    match &metrics.longest_sync_chain {
        Some(chain) => {
            let hops: Vec<&str> = chain.path.iter().map(|c| c.as_str()).collect();
            push_wrapped(
                out,
                "  longest synchronous chain: ",
                &format!("{}: {}", count(chain.length, "hop", "hops"), hops.join(" > ")),
                WIDTH,
            );
        }
        None => push_line(out, "  longest synchronous chain: none"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::analysis::Analysis;
    use crate::report::fixture;

    #[test]
    fn shows_findings_in_order_with_advice_by_kind_and_the_totals() {
        let (model, analysis) = fixture::analysis();
        let text = render(&Report::new(&model, &analysis, "shop.json"));
        assert!(text.starts_with("Fixture | shop (shop.json)\nPosture: perimeter. 6 findings: 3 open, 3 triaged"));
        let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle:?} missing in\n{text}"));
        assert!(at("CRITICAL  alpha@a  [accepted]") < at("HIGH      beta@b") && at("HIGH") < at("LOW       fp@f"));
        assert!(at("          blunt      Block it.") < at("          sharp      Scope it."));
        assert!(text.contains("risk 20 = likelihood almost-certain (5) x impact major (4); CIA: confidentiality"));
        assert!(text.contains("accepted because: Owner signed off."));
        assert!(text.contains("Total risk: 29 (sum of likelihood x impact over open findings; 3 of 6 findings open)"));
        assert!(text.contains("per CIA corner:      confidentiality 9, integrity 13, availability 16"), "{text}");
        assert!(text.contains("per bounded context: Ordering [ordering] 16, Payment [payment] 9"), "{text}");
        assert!(text.contains("customer secures 55 % of the present layers"));
        assert!(text.contains("layers by owner: AWS 4, customer 5, shared 1"));
        assert!(text.contains("ordering <-> payment (with a synchronous edge)"));
        assert!(text.contains("a -> c: 1 control (authentication on a-b) via a > b > c"));
        assert!(text.contains("longest synchronous chain: 2 hops: a > b > c"));
        assert!(!text.contains("[new]") && !text.contains("baseline"));
        assert!(text.lines().all(|line| line.chars().count() <= 100), "{text}");
    }

    #[test]
    fn a_rules_advice_comes_once_and_later_findings_refer_to_it() {
        let (model, mut analysis) = fixture::analysis();
        let markdown = |analysis: &Analysis| crate::report::markdown::render(&Report::new(&model, analysis, "x"));
        let (text_before, markdown_before) = (render(&Report::new(&model, &analysis, "x")), markdown(&analysis));
        let mut twin = analysis.findings[0].clone();
        twin.set_id(&format!("{}-twin", twin.id()));
        analysis.findings.push(twin);
        let text = render(&Report::new(&model, &analysis, "x"));
        assert_eq!(text.matches("Block it.").count(), text_before.matches("Block it.").count(), "{text}");
        assert!(text.contains("          advice     as for alpha@a\n"), "{text}");
        let markdown = markdown(&analysis);
        assert_eq!(markdown.matches("Block it.").count(), markdown_before.matches("Block it.").count());
        assert!(markdown.contains("Advice: as for `alpha@a`."), "{markdown}");
    }

    #[test]
    fn marks_new_findings_against_a_baseline() {
        let (model, analysis) = fixture::analysis();
        let baseline: BTreeSet<String> = ["alpha@a".to_owned(), "old@x".to_owned()].into();
        let text = render(&Report::new(&model, &analysis, "shop.json").with_baseline(&baseline));
        assert!(text.contains("Since the baseline: 5 new, 1 gone."));
        assert!(text.contains("HIGH      beta@b  [new]") && !text.contains("alpha@a  [accepted]  [new]"));
        assert!(text.contains("New since the baseline: beta@b, gamma@c, mitigated@m, delta@diagram, fp@f"));
        assert!(text.contains("Gone since the baseline: old@x"));
    }

    #[test]
    fn an_empty_analysis_says_so() {
        let (model, mut analysis) = fixture::analysis();
        analysis.findings.clear();
        analysis.risk = crate::analysis::risk::RiskSummary::of(&model, &[]);
        analysis.responsibility = crate::analysis::responsibility::Responsibility::default();
        analysis.metrics = Metrics::default();
        let text = render(&Report::new(&model, &analysis, "shop.json"));
        assert!(text.contains("Posture: perimeter. No findings."));
        assert!(text.contains("Total risk: 0"));
        assert!(text.contains("Responsibility: no component has responsibility layers."));
        assert!(text.contains("longest synchronous chain: none"));
    }
}
