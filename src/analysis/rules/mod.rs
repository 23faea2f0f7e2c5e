//! The rule catalog: every threat rule, one per file, grouped by theme. Each group's `mod.rs` lists its rules.

mod architecture;
pub(crate) mod compute;
mod detective;
mod exposure;
mod flows;

use crate::analysis::rule::Rule;

/// Every rule, in catalog order (groups in theme order, rules in each group's order).
pub fn all() -> Vec<&'static dyn Rule> {
    let mut rules = Vec::new();
    rules.extend(flows::rules());
    rules.extend(detective::rules());
    rules.extend(exposure::rules());
    rules.extend(compute::rules());
    rules.extend(architecture::rules());
    rules
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::model::Id;

    #[test]
    fn rule_metadata_is_complete_and_ids_unique() {
        let mut seen = HashSet::new();
        for rule in all() {
            let meta = rule.meta();
            assert!(seen.insert(meta.id), "duplicate rule id {}", meta.id);
            assert!(Id::new(meta.id).is_ok() && !meta.id.contains('.'), "rule id {} is not kebab-case", meta.id);
            assert!(!meta.title.is_empty() && !meta.description.is_empty(), "{}", meta.id);
            assert!(!meta.cia.is_empty() && !meta.stride.is_empty(), "{}", meta.id);
            assert!(!meta.controls.is_empty(), "{} lists no mitigating control", meta.id);
            assert!(!meta.description.contains('<'), "{}: no markup in descriptions", meta.id);
        }
    }

    /// `RuleContext::threshold` takes a `Threshold`, so every read has a default; its override in the diagram is
    /// checked on load against the rule's metadata. So a rule must list every threshold it reads in its metadata
    /// (rule files are named after their rule id, and read `cx.threshold(&CONST)`).
    #[test]
    fn every_threshold_a_rule_reads_is_declared() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis/rules");
        let mut checked = 0;
        for rule in all() {
            let meta = rule.meta();
            let file = format!("{}.rs", meta.id.replace('-', "_"));
            let path = ["flows", "detective", "exposure", "compute", "architecture"]
                .iter()
                .map(|group| root.join(group).join(&file))
                .find(|path| path.exists());
            let Some(path) = path else { panic!("no source file {file} for rule {}", meta.id) };
            let source = std::fs::read_to_string(&path).unwrap();
            let declared = source.split("thresholds: &[").nth(1).and_then(|rest| rest.split(']').next());
            let declared: Vec<&str> =
                declared.unwrap_or_default().split(',').map(str::trim).filter(|n| !n.is_empty()).collect();
            assert_eq!(declared.len(), meta.thresholds.len(), "{}: thresholds are listed as constants", meta.id);
            for piece in source.split("threshold(&").skip(1) {
                let name = piece.split(')').next().unwrap_or_default();
                assert!(
                    declared.contains(&name),
                    "{} reads threshold {name}, which its metadata does not list",
                    meta.id
                );
                checked += 1;
            }
        }
        assert!(checked >= 10, "only {checked} threshold reads found");
    }
}
