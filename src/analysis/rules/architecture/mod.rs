//! Rules about the architecture as a whole: detective controls and audit trails, defense in depth, managed
//! services, modularity and simplicity, blast radius, cohesion, call chains and coupling cycles.

mod large_blast_radius;

use crate::analysis::rule::Rule;

/// The rules of this group, in catalog order.
pub(super) fn rules() -> Vec<&'static dyn Rule> {
    vec![&large_blast_radius::LargeBlastRadius]
}
