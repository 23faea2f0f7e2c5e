//! Rules about flows and messaging: authentication, encryption in transit, coupling between bounded contexts,
//! queues and event buses (DOMAIN.md sections 5 and 7).

mod unauthenticated_flow;

use crate::analysis::rule::Rule;

/// The rules of this group, in catalog order.
pub(super) fn rules() -> Vec<&'static dyn Rule> {
    vec![&unauthenticated_flow::UnauthenticatedFlow]
}
