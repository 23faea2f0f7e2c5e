//! The rule catalog as text or JSON (`trustmap rules`): every rule's metadata, with its base risk and severity.

use serde::Serialize;

use crate::analysis::finding::ControlKind;
use crate::analysis::rule::RuleMeta;
use crate::analysis::severity::{Severity, risk};
use crate::model::named::Named as _;
use crate::report::json::to_pretty;
use crate::report::wrap::{count, list, push_line, push_wrapped};

const WIDTH: usize = 100;

#[derive(Serialize)]
struct Entry<'a> {
    #[serde(flatten)]
    meta: &'a RuleMeta,
    base_risk: u32,
    base_severity: Severity,
}

/// The catalog as pretty JSON: a list of rule metadata (id, title, description, cia, stride, likelihood, impact,
/// scaling, controls, thresholds, reference) plus `base_risk` and `base_severity`.
pub fn json(rules: &[&RuleMeta]) -> String {
    let entries: Vec<Entry<'_>> = rules
        .iter()
        .map(|meta| {
            let base_risk = risk(meta.likelihood, meta.impact);
            Entry { meta, base_risk, base_severity: Severity::from_risk(base_risk) }
        })
        .collect();
    to_pretty(&entries)
}

/// The catalog as text for a terminal.
pub fn text(rules: &[&RuleMeta]) -> String {
    let mut out = String::new();
    for meta in rules {
        rule(&mut out, meta);
    }
    push_line(
        &mut out,
        &format!(
            "{}. `trustmap rules --format json` gives the same for programs.",
            count(rules.len(), "rule", "rules")
        ),
    );
    out
}

fn rule(out: &mut String, meta: &RuleMeta) {
    const INDENT: &str = "  ";
    push_line(out, &format!("{}: {}", meta.id, meta.title));
    push_wrapped(out, INDENT, meta.description, WIDTH);
    let cia: Vec<&str> = meta.cia.iter().map(|c| c.as_str()).collect();
    let stride: Vec<&str> = meta.stride.iter().map(|s| s.as_str()).collect();
    push_line(out, &format!("{INDENT}CIA: {}; STRIDE: {}", list(&cia), list(&stride)));
    let base = risk(meta.likelihood, meta.impact);
    push_line(
        out,
        &format!(
            "{INDENT}base: likelihood {} ({}) x impact {} ({}) = risk {base} ({})",
            meta.likelihood,
            meta.likelihood.value(),
            meta.impact,
            meta.impact.value(),
            Severity::from_risk(base)
        ),
    );
    let mut scaling = Vec::new();
    if meta.scaling.impact_from_data {
        scaling.push("impact follows the data at stake (public -1, confidential +1, restricted +2)");
    }
    if meta.scaling.likelihood_from_exposure {
        scaling.push("likelihood +1 when reachable from the internet");
    }
    let scaling = if scaling.is_empty() { "none".to_owned() } else { scaling.join("; ") };
    push_wrapped(out, &format!("{INDENT}scaling: "), &scaling, WIDTH);
    push_line(out, &format!("{INDENT}controls:"));
    for kind in ControlKind::ALL {
        for control in meta.controls.iter().filter(|c| c.kind == *kind) {
            push_wrapped(out, &format!("{INDENT}  {:<11}", kind.as_str()), control.text, WIDTH);
        }
    }
    if meta.thresholds.is_empty() {
        push_line(out, &format!("{INDENT}thresholds: none"));
    } else {
        push_line(out, &format!("{INDENT}thresholds (settings.rules.{}.thresholds):", meta.id));
        for threshold in meta.thresholds {
            push_wrapped(
                out,
                &format!("{INDENT}  {} = {} ", threshold.name, threshold.default),
                threshold.description,
                WIDTH,
            );
        }
    }
    if let Some(reference) = meta.reference {
        push_wrapped(out, &format!("{INDENT}reference: "), reference, WIDTH);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{ALPHA, BETA};

    #[test]
    fn text_lists_every_piece_of_metadata() {
        let text = text(&[&ALPHA, &BETA]);
        assert!(text.starts_with("alpha: Alpha <threat> | with markup\n  Alpha fires when something is wrong.\n"));
        assert!(text.contains("  CIA: confidentiality, integrity; STRIDE: spoofing, tampering\n"));
        assert!(text.contains("  base: likelihood likely (4) x impact major (4) = risk 16 (high)\n"));
        assert!(text.contains("  scaling: impact follows the data at stake"));
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(at("    blunt      Deny everything.") < at("    sharp      Scope it to one caller."));
        assert!(at("    sharp      Scope it") < at("    detective  Alarm on it."));
        assert!(
            text.contains("  thresholds (settings.rules.alpha.thresholds):\n    limit = 3 How many are too many.\n")
        );
        assert!(text.contains("  reference: CIS 1.2.3\n"));
        assert!(text.contains("beta: Beta\n") && text.contains("  thresholds: none\n"));
        assert!(text.ends_with("2 rules. `trustmap rules --format json` gives the same for programs.\n"));
    }

    #[test]
    fn json_carries_the_metadata_and_base_risk() {
        let value: serde_json::Value = serde_json::from_str(&json(&[&ALPHA, &BETA])).unwrap();
        let alpha = &value[0];
        assert_eq!(alpha["id"], "alpha");
        assert_eq!(alpha["base_risk"], 16);
        assert_eq!(alpha["base_severity"], "high");
        assert_eq!(alpha["scaling"]["impact_from_data"], true);
        assert_eq!(alpha["controls"][0], serde_json::json!({"kind": "detective", "text": "Alarm on it."}));
        assert_eq!(alpha["thresholds"][0]["default"], 3.0);
        assert_eq!(alpha["reference"], "CIS 1.2.3");
        assert!(value[1]["reference"].is_null());
    }
}
