//! Rules about detective controls (docs/security-model.md#vocabulary and #precision): accounts without threat detection or an audit
//! trail, and critical components nobody watches.

mod accounts;
mod no_audit_trail;
mod no_detective_control;
mod traffic_logs_off;
mod unmonitored_critical_component;

use crate::analysis::rule::Rule;

/// The rules of this group, in catalog order.
pub(super) fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &no_detective_control::NoDetectiveControl,
        &no_audit_trail::NoAuditTrail,
        &unmonitored_critical_component::UnmonitoredCriticalComponent,
        &traffic_logs_off::TrafficLogsOff,
    ]
}
