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
}
