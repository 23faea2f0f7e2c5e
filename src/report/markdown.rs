//! The Markdown report of `trustmap check --format markdown`, for a design doc: a summary table, the findings
//! grouped by severity with their advice, the totals, the responsibility split and the architecture metrics.
//! Text from the diagram, the baseline and the rules is escaped ([`escape`], [`code`]), so names cannot inject
//! markup, HTML, links, mentions or blocks, or break tables.

use crate::analysis::finding::Finding;
use crate::analysis::metrics::Metrics;
use crate::analysis::severity::Severity;
use crate::model::Id;
use crate::model::named::Named as _;
use crate::model::responsibility::{Layer, Owner};
use crate::report::text::{AdvisedRules, advice_by_kind, status_counts};
use crate::report::wrap::{count, list};
use crate::report::{Report, TOTAL_RISK_FORMULA, percent, terminal};

/// Plain text as Markdown that GitHub's renderer (cmark-gfm with its extensions) and CommonMark renderers show
/// literally, wherever it is placed (a paragraph, a heading, a list item, a table cell):
/// - inline markup and HTML (`\ ` * _ [ ] < > | ~ ! $ &`) is backslash-escaped, so there is no emphasis, code span,
///   link, image, raw HTML, strikethrough, `$math$` or `&entity;`, and a `|` cannot split a table cell;
/// - what starts a block at the start of a line (`#`, `>`, `-`, `+`, `=`, `1.`, `1)`, four spaces of indentation) is
///   escaped or trimmed at the start of the text, and newlines become spaces, so the text stays one paragraph;
/// - bare URLs and `www.` (GFM autolinks) lose their trigger: `:` and the dot after `www` are escaped;
/// - `@` is followed by a zero-width space, so neither a GitHub @mention nor an e-mail autolink forms;
/// - control characters are written as visible escapes (as on a terminal).
pub fn escape(text: &str) -> String {
    let text = text.trim_start_matches([' ', '\t', '\n', '\r']);
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_start = true;
    let mut digits_only = true;
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '!' | '$' | '&' | '#' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits_only && !at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' if out.len() >= 3 && out.get(out.len() - 3..).is_some_and(|w| w.eq_ignore_ascii_case("www")) => {
                out.push_str("\\.");
            }
            '@' => out.push_str("@&#8203;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push_str(&terminal::escape(&c.to_string())),
            c => out.push(c),
        }
        digits_only &= c.is_ascii_digit();
        at_start = false;
    }
    out
}

/// Text as an inline code span: fenced by more backticks than any run inside it (and padded when it starts or ends
/// with one), newlines as spaces and control characters escaped, so nothing breaks out of the span. Not for table
/// cells unless the text holds no `|` (ids never do).
pub fn code(text: &str) -> String {
    let clean: String = text.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }).collect();
    let clean = terminal::escape(&clean);
    let mut longest = 0;
    let mut run = 0;
    for c in clean.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if clean.starts_with('`') || clean.ends_with('`') || clean.starts_with(' ') { " " } else { "" };
    format!("{fence}{pad}{clean}{pad}{fence}")
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
        "Diagram {}, posture **{}**: {findings}, total risk **{}** ({}).\n\n",
        code(report.source),
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
            code(finding.id()),
            escape(finding.title()),
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
    let mut advised = AdvisedRules::default();
    for severity in Severity::ALL.iter().rev() {
        let group: Vec<&Finding> = findings.iter().copied().filter(|f| f.severity == *severity).collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("### {} ({})\n\n", capitalised(*severity), group.len()));
        for finding in group {
            finding_section(out, report, finding, &mut advised);
        }
    }
}

fn finding_section<'a>(out: &mut String, report: &Report<'_>, finding: &'a Finding, advised: &mut AdvisedRules<'a>) {
    out.push_str(&format!("#### {}: {}\n\n", code(finding.id()), escape(finding.title())));
    out.push_str(&format!("{}\n\n", escape(finding.explanation())));
    let cia: Vec<&str> = finding.cia().iter().map(|c| c.as_str()).collect();
    let stride: Vec<&str> = finding.stride().iter().map(|s| s.as_str()).collect();
    out.push_str(&format!(
        "- **Risk:** {} = likelihood {} ({}) × impact {} ({})\n",
        finding.risk,
        finding.likelihood,
        finding.likelihood.value(),
        finding.impact,
        finding.impact.value()
    ));
    out.push_str(&format!("- **CIA:** {}; **STRIDE:** {}\n", list(&cia), list(&stride)));
    if !finding.elements().is_empty() {
        out.push_str(&format!("- **Elements:** {}\n", ids(finding.elements())));
    }
    let note = if finding.note.is_empty() { String::new() } else { format!(": {}", escape(&finding.note)) };
    out.push_str(&format!("- **Status:** {}{note}\n", finding.status));
    if report.is_new(finding) {
        out.push_str("- **New** since the baseline\n");
    }
    if !finding.advice().is_empty() {
        if let Some(first) = advised.earlier(finding) {
            out.push_str(&format!("\nAdvice: as for {}.\n", code(first)));
        } else {
            out.push_str("\nAdvice:\n\n");
            for advice in advice_by_kind(finding.advice()) {
                out.push_str(&format!("- *{}:* {}\n", advice.kind, escape(advice.text)));
            }
        }
    }
    if !finding.mitigation().is_empty() {
        out.push_str(&format!("\nMitigation: {}\n", escape(finding.mitigation())));
    }
    out.push('\n');
}

fn baseline(out: &mut String, report: &Report<'_>) {
    if report.baseline.is_none() {
        return;
    }
    let new: Vec<&str> = report.new_findings().iter().map(|f| f.id()).collect();
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
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                code(p.source.as_str()),
                code(p.target.as_str()),
                p.controls,
                p.controls_text(", ", escape),
                p.path_text(" → ", code)
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
        assert!(md.contains("Explanation of beta@&#8203;b with a \\| pipe and \\*stars\\*."), "{md}");
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
    fn escaping_follows_cmark_gfm() {
        let cases = [
            ("1. first", "1\\. first"),
            ("12) twelve", "12\\) twelve"),
            ("- item", "\\- item"),
            ("+ item", "\\+ item"),
            ("    indented code", "indented code"),
            ("# heading", "\\# heading"),
            ("> quote", "\\> quote"),
            ("=== setext", "\\=== setext"),
            ("see https://evil.example/x", "see https\\://evil.example/x"),
            ("visit www.evil.example", "visit www\\.evil.example"),
            ("ping @octocat now", "ping @&#8203;octocat now"),
            ("mail a@b.example", "mail a@&#8203;b.example"),
            ("costs $x^2$", "costs \\$x^2\\$"),
            ("&amp; &#64;", "\\&amp; \\&\\#64;"),
            ("a | b", "a \\| b"),
            ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
            ("[link](https://x)", "\\[link\\](https\\://x)"),
            ("![img](x)", "\\!\\[img\\](x)"),
            ("`code`", "\\`code\\`"),
            ("*em* _em_ ~~del~~", "\\*em\\* \\_em\\_ \\~\\~del\\~\\~"),
            ("two\nlines\r\n# fake", "two lines  \\# fake"),
            ("esc \u{1b}[31m", "esc \\x1b\\[31m"),
            ("1.5 and 2-3", "1\\.5 and 2-3"),
            ("v2.0 a-b", "v2.0 a-b"),
        ];
        for (raw, escaped) in cases {
            assert_eq!(escape(raw), escaped, "{raw:?}");
        }
    }

    #[test]
    fn code_spans_cannot_be_broken_out_of() {
        assert_eq!(code("orders"), "`orders`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("x``y"), "```x``y```");
        assert_eq!(code("`<img src=x>`\n# h"), "`` `<img src=x>` # h ``");
        assert_eq!(code("my file.json"), "`my file.json`");
    }

    #[test]
    fn hostile_ids_and_file_names_stay_inside_their_spans() {
        let (model, analysis) = fixture::analysis();
        let baseline: BTreeSet<String> = ["x`<img src=x onerror=alert(1)>\n# owned`".to_owned()].into();
        let md = render(&Report::new(&model, &analysis, "we`ird\n# file.json").with_baseline(&baseline));
        assert!(md.contains("Diagram ``we`ird # file.json``, posture"), "{md}");
        assert!(md.contains("- **Gone:** `` x`<img src=x onerror=alert(1)> # owned` ``"), "{md}");
        assert!(!md.lines().any(|line| line.starts_with("# owned") || line.starts_with("# file")), "{md}");
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
