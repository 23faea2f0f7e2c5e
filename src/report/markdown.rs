//! The Markdown report of `trustmap check --format markdown`, for a design doc: a summary table, the findings
//! grouped by severity with their advice, the totals, the responsibility split and the architecture metrics.
//! Text from the diagram and the rules is escaped, so names cannot inject markup or break tables.

use crate::analysis::finding::Finding;
use crate::analysis::metrics::Metrics;
use crate::analysis::severity::Severity;
use crate::model::Id;
use crate::model::named::Named as _;
use crate::model::responsibility::{Layer, Owner};
use crate::report::text::{advice_by_kind, status_counts};
use crate::report::wrap::{count, list};
use crate::report::{Report, TOTAL_RISK_FORMULA, percent};

/// Escapes Markdown and HTML punctuation in plain text; newlines become spaces (safe inside table cells).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn code(id: &str) -> String {
    format!("`{id}`")
}

fn ids<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let coded: Vec<String> = items.into_iter().map(code).collect();
    list(&coded)
}

fn capitalised(severity: Severity) -> String {
    let name = severity.as_str();
    let mut chars = name.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// The whole report.
pub fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    header(&mut out, report);
    summary(&mut out, report);
    findings(&mut out, report);
    baseline(&mut out, report);
    totals(&mut out, report);
    responsibility(&mut out, report);
    metrics(&mut out, &report.analysis.metrics);
    out
}

fn header(out: &mut String, report: &Report<'_>) {
    let analysis = report.analysis;
    out.push_str(&format!("# Threat report: {}\n\n", escape(report.title())));
    let findings = if analysis.findings.is_empty() {
        "no findings".to_owned()
    } else {
        format!("{} ({})", count(analysis.findings.len(), "finding", "findings"), status_counts(&analysis.findings))
    };
    out.push_str(&format!(
        "Diagram `{}`, posture **{}**: {findings}, total risk **{}** ({}).\n\n",
        report.source.replace('`', "'"),
        analysis.posture,
        analysis.risk.total,
        TOTAL_RISK_FORMULA.replace(" x ", " × ")
    ));
}

fn summary(out: &mut String, report: &Report<'_>) {
    let findings = report.findings();
    if findings.is_empty() {
        return;
    }
    let with_new = report.baseline.is_some();
    out.push_str("## Summary\n\n| Severity | Finding | Title | Risk | Status |");
    out.push_str(if with_new { " New |\n|---|---|---|---:|---|---|\n" } else { "\n|---|---|---|---:|---|\n" });
    for finding in findings {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |",
            finding.severity,
            code(&finding.id),
            escape(&finding.title),
            finding.risk,
            finding.status
        ));
        if with_new {
            out.push_str(if report.is_new(finding) { " new |" } else { " |" });
        }
        out.push('\n');
    }
    out.push('\n');
}

fn findings(out: &mut String, report: &Report<'_>) {
    let findings = report.findings();
    if findings.is_empty() {
        out.push_str("## Findings\n\nNo findings.\n\n");
        return;
    }
    out.push_str("## Findings\n\n");
    for severity in Severity::ALL.iter().rev() {
        let group: Vec<&Finding> = findings.iter().copied().filter(|f| f.severity == *severity).collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("### {} ({})\n\n", capitalised(*severity), group.len()));
        for finding in group {
            finding_section(out, report, finding);
        }
    }
}

fn finding_section(out: &mut String, report: &Report<'_>, finding: &Finding) {
    out.push_str(&format!("#### {}: {}\n\n", code(&finding.id), escape(&finding.title)));
    out.push_str(&format!("{}\n\n", escape(&finding.explanation)));
    let cia: Vec<&str> = finding.cia.iter().map(|c| c.as_str()).collect();
    let stride: Vec<&str> = finding.stride.iter().map(|s| s.as_str()).collect();
    out.push_str(&format!(
        "- **Risk:** {} = likelihood {} ({}) × impact {} ({})\n",
        finding.risk,
        finding.likelihood,
        finding.likelihood.value(),
        finding.impact,
        finding.impact.value()
    ));
    out.push_str(&format!("- **CIA:** {}; **STRIDE:** {}\n", list(&cia), list(&stride)));
    if !finding.elements.is_empty() {
        out.push_str(&format!("- **Elements:** {}\n", ids(finding.elements.iter().map(Id::as_str))));
    }
    let note = if finding.note.is_empty() { String::new() } else { format!(": {}", escape(&finding.note)) };
    out.push_str(&format!("- **Status:** {}{note}\n", finding.status));
    if report.is_new(finding) {
        out.push_str("- **New** since the baseline\n");
    }
    if !finding.advice.is_empty() {
        out.push_str("\nAdvice:\n\n");
        for advice in advice_by_kind(finding.advice) {
            out.push_str(&format!("- *{}:* {}\n", advice.kind, escape(advice.text)));
        }
    }
    if !finding.mitigation.is_empty() {
        out.push_str(&format!("\nMitigation: {}\n", escape(&finding.mitigation)));
    }
    out.push('\n');
}

fn baseline(out: &mut String, report: &Report<'_>) {
    if report.baseline.is_none() {
        return;
    }
    let new: Vec<&str> = report.new_findings().iter().map(|f| f.id.as_str()).collect();
    out.push_str("## Since the baseline\n\n");
    out.push_str(&format!("- **New:** {}\n- **Gone:** {}\n\n", ids(new), ids(report.gone())));
}

fn totals(out: &mut String, report: &Report<'_>) {
    let risk = &report.analysis.risk;
    out.push_str("## Totals\n\n");
    out.push_str(&format!(
        "Total risk: **{}**, the {} ({} of {} open).\n\n",
        risk.total,
        TOTAL_RISK_FORMULA.replace(" x ", " × "),
        risk.open,
        count(risk.findings, "finding", "findings")
    ));
    out.push_str("| CIA corner | Risk |\n|---|---:|\n");
    for (corner, value) in &risk.by_cia {
        out.push_str(&format!("| {corner} | {value} |\n"));
    }
    out.push('\n');
    if risk.by_context.is_empty() {
        out.push_str("The diagram has no bounded contexts.\n\n");
        return;
    }
    out.push_str("| Bounded context | Risk |\n|---|---:|\n");
    for (id, value) in &risk.by_context {
        let name = report.context_name(id.as_str()).map(escape).unwrap_or_default();
        out.push_str(&format!("| {name} ({}) | {value} |\n", code(id.as_str())));
    }
    out.push('\n');
}

fn owner_cell(owner: Owner) -> &'static str {
    match owner {
        Owner::Aws => "AWS",
        Owner::Customer => "customer",
        Owner::Shared => "shared",
        Owner::Absent => "-",
    }
}

fn responsibility(out: &mut String, report: &Report<'_>) {
    let split = &report.analysis.responsibility;
    out.push_str("## Responsibility\n\n");
    let present: usize = split.layers_by_owner.iter().filter(|(o, _)| **o != Owner::Absent).map(|(_, n)| *n).sum();
    if present == 0 {
        out.push_str("No component has responsibility layers.\n\n");
        return;
    }
    out.push_str(&format!(
        "The customer secures **{}** of the present layers (shared layers count half).\n\n",
        percent(split.customer_share)
    ));
    out.push_str("| Owner | Layers |\n|---|---:|\n");
    for (owner, n) in split.layers_by_owner.iter().filter(|(o, _)| **o != Owner::Absent) {
        out.push_str(&format!("| {} | {n} |\n", owner_cell(*owner)));
    }
    out.push_str("\n| Component | Customer share |");
    for layer in Layer::ALL {
        out.push_str(&format!(" {layer} |"));
    }
    out.push_str("\n|---|---:|");
    out.push_str(&"---|".repeat(Layer::ALL.len()));
    out.push('\n');
    for component in split.components.iter().filter(|c| c.stack.customer_share().1 > 0) {
        out.push_str(&format!("| {} | {} |", code(component.id.as_str()), percent(component.customer_share)));
        for layer in Layer::ALL {
            out.push_str(&format!(" {} |", owner_cell(component.stack.owner(*layer))));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn metrics(out: &mut String, metrics: &Metrics) {
    out.push_str("## Metrics\n\n### Bounded contexts\n\n");
    if metrics.contexts.is_empty() {
        out.push_str("None measured.\n\n");
    } else {
        out.push_str("Cohesion runs from 0 to 1; coupling counts flows across the context's border.\n\n");
        out.push_str("| Context | Members | Internal flows | Cohesion | Sync | Async | Other | Coupled with |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for c in &metrics.contexts {
            out.push_str(&format!(
                "| {} ({}) | {} | {} | {:.2} | {} | {} | {} | {} |\n",
                escape(&c.name),
                code(c.id.as_str()),
                c.members,
                c.internal_flows,
                c.cohesion,
                c.coupling.sync,
                c.coupling.asynchronous,
                c.coupling.other,
                ids(c.coupled_with.iter().map(Id::as_str))
            ));
        }
        out.push('\n');
    }
    out.push_str("### Dependency cycles between contexts\n\n");
    if metrics.context_cycles.is_empty() {
        out.push_str("None.\n\n");
    } else {
        for cycle in &metrics.context_cycles {
            let sync = if cycle.has_sync_edge { " (with a synchronous edge)" } else { "" };
            out.push_str(&format!("- {}{sync}\n", ids(cycle.contexts.iter().map(Id::as_str))));
        }
        out.push('\n');
    }
    out.push_str("### Defense in depth\n\n");
    if metrics.defense_in_depth.is_empty() {
        out.push_str("No path from an untrusted source to a sensitive store.\n\n");
    } else {
        out.push_str(
            "The fewest independent controls an attacker meets from an untrusted source to a sensitive store.\n\n",
        );
        out.push_str("| Source | Target | Controls | On the path | Path |\n|---|---|---:|---|---|\n");
        for p in &metrics.defense_in_depth {
            let on_path: Vec<String> = p.controls_on_path.iter().map(|c| escape(c)).collect();
            let path: Vec<String> = p.path.iter().map(|c| code(c.as_str())).collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                code(p.source.as_str()),
                code(p.target.as_str()),
                p.controls,
                list(&on_path),
                path.join(" → ")
            ));
        }
        out.push('\n');
    }
    out.push_str("### Longest synchronous call chain\n\n");
    match &metrics.longest_sync_chain {
        Some(chain) => {
            let path: Vec<String> = chain.path.iter().map(|c| code(c.as_str())).collect();
            out.push_str(&format!("{}: {}\n", count(chain.length, "hop", "hops"), path.join(" → ")));
        }
        None => out.push_str("None.\n"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::report::fixture;

    #[test]
    fn groups_findings_by_severity_and_escapes_diagram_text() {
        let (model, analysis) = fixture::analysis();
        let md = render(&Report::new(&model, &analysis, "shop.json"));
        assert!(md.starts_with("# Threat report: Fixture \\| shop\n"));
        assert!(md.contains("| critical | `alpha@a` | A made-up threat | 20 | accepted |"));
        let at = |needle: &str| md.find(needle).unwrap_or_else(|| panic!("{needle:?} missing in\n{md}"));
        assert!(at("### Critical (1)") < at("### High (1)") && at("### High (1)") < at("### Low (2)"));
        assert!(md.contains("Explanation of beta@b with a \\| pipe and \\*stars\\*."));
        assert!(md.contains("- **Status:** accepted: Owner signed off."));
        assert!(at("- *blunt:* Block it.") < at("- *sharp:* Scope it."));
        assert!(md.contains("Total risk: **29**, the sum of likelihood × impact over open findings"));
        assert!(md.contains("| Ordering (`ordering`) | 16 |"));
        assert!(md.contains("| `a` | 75 % | AWS | AWS | - | - | shared | customer | customer | customer | customer |"));
        assert!(md.contains("| Ordering (`ordering`) | 2 | 1 | 0.50 | 1 | 2 | 0 | `payment` |"));
        assert!(md.contains("`a` → `b` → `c`"));
        assert!(!md.contains("## Since the baseline"));
    }

    #[test]
    fn lists_changes_since_a_baseline() {
        let (model, analysis) = fixture::analysis();
        let baseline: BTreeSet<String> = ["alpha@a".to_owned(), "old@x".to_owned()].into();
        let md = render(&Report::new(&model, &analysis, "shop.json").with_baseline(&baseline));
        assert!(md.contains("| Severity | Finding | Title | Risk | Status | New |"));
        assert!(md.contains("| high | `beta@b` | A made-up threat | 16 | open | new |"));
        assert!(md.contains("- **Gone:** `old@x`"));
    }
}
