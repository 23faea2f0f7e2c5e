//! Rules about the architecture as a whole: detective controls and audit trails, defense in depth, managed
//! services, modularity and simplicity, blast radius, cohesion, call chains and coupling cycles.
//!
//! Rules that need graph-wide results (defense in depth, cohesion, call chains, context cycles) read them from
//! `RuleContext::metrics`, computed once before the rules; they never recompute them.

mod complex_component;
mod context_coupling_cycle;
mod defense_in_depth;
mod large_blast_radius;
mod long_sync_chain;
mod low_cohesion;
mod managed_alternative;
mod too_many_responsibilities;

use crate::analysis::rule::Rule;

/// The rules of this group, in catalog order (one rule per line).
pub(super) fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &defense_in_depth::DefenseInDepth,
        &large_blast_radius::LargeBlastRadius,
        &managed_alternative::ManagedAlternative,
        &too_many_responsibilities::TooManyResponsibilities,
        &complex_component::ComplexComponent,
        &low_cohesion::LowCohesion,
        &long_sync_chain::LongSyncChain,
        &context_coupling_cycle::ContextCouplingCycle,
    ]
}
