//! `control-plane-audit-logging`: an EKS control plane with audit logging off, so Kubernetes API actions cannot be
//! traced (docs/security-model.md#responsibility-table, EKS control plane column: audit logging is the customer's).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;

/// The rule.
pub struct ControlPlaneAuditLogging;

static META: RuleMeta = RuleMeta {
    id: "control-plane-audit-logging",
    title: "EKS audit logging off",
    description: "An EKS control plane whose audit logging is off (logging false, which is also what EKS creates \
        and the catalog default). Nobody can later tell who read a Secret, ran exec in a pod or changed a role \
        binding through the Kubernetes API, and detections that read the audit log see nothing. Quiet when audit \
        logging is on.",
    cia: &[Cia::Integrity, Cia::Confidentiality],
    stride: &[Stride::Repudiation],
    likelihood: Likelihood::Possible,
    impact: Impact::Minor,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Detective,
            text: "Turn on the audit (and authenticator) control-plane log types so they reach CloudWatch Logs, and \
                alarm on sensitive API calls.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Give each person and workload its own Kubernetes identity (access entries, IAM roles), so the \
                audit log can name who acted.",
        },
    ],
    thresholds: &[],
    reference: Some("CIS Amazon EKS Benchmark 2.1.1: Enable audit logs"),
};

impl Rule for ControlPlaneAuditLogging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        each_component(self, cx, hits);
    }

    fn per_component(&self) -> bool {
        true
    }

    #[inline(always)]
    fn check_component(&self, cx: &RuleContext<'_>, plane: ComponentIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        if model.kind(plane) != K::EksControlPlane {
            return;
        }
        if model.props(plane).logging != Some(false) {
            return;
        }
        let component = model.component(plane);
        let hit = Hit::on(
            &component.id,
            format!(
                "{} has audit logging off: Kubernetes API actions cannot be traced.",
                quote::name_of(model, component)
            ),
        )
        .with_elements(cx.facts.cluster(plane).map(|c| model.component_id(c)));
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};

    fn plane(logging: Option<bool>) -> TestDiagram {
        TestDiagram::new().component("cluster", K::EksCluster, None).component_with(
            "cp",
            K::EksControlPlane,
            Some("cluster"),
            |c| c.properties.logging = logging,
        )
    }

    #[test]
    fn fires_by_default_and_when_off() {
        for logging in [None, Some(false)] {
            let findings = run(&ControlPlaneAuditLogging, &plane(logging).build());
            assert_eq!(findings.len(), 1);
            assert_eq!(findings[0].id(), "control-plane-audit-logging@cp");
            assert_eq!(findings[0].elements().len(), 2);
        }
    }

    #[test]
    fn audit_logging_keeps_it_quiet() {
        assert!(ids(&ControlPlaneAuditLogging, &plane(Some(true)).build()).is_empty());
    }
}
