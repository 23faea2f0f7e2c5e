//! `traffic-logs-off`: a VPC whose flow logs or a load balancer whose access logs the diagram says are off
//! (`logging: false`), so the traffic that reached a workload cannot be reconstructed after an incident
//! (docs/security-model.md#vocabulary, detective controls).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;

/// The rule.
pub struct TrafficLogsOff;

static META: RuleMeta = RuleMeta {
    id: "traffic-logs-off",
    title: "Flow logs or access logs off",
    description: "A VPC whose flow logs are off, or a load balancer whose access logs are off (logging false on \
        it). Without them nobody can tell after an incident which addresses talked to which workloads, which \
        requests reached the load balancer, or whether data left the network, and detections that read them \
        (GuardDuty reads VPC flow logs on its own, but not those of a load balancer) see nothing. Fires only \
        when the diagram says the logs are off, not when it does not say. Likelihood rises for an internet-facing \
        load balancer, whose requests are the first an attacker makes.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::Repudiation],
    likelihood: Likelihood::Possible,
    impact: Impact::Minor,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Detective,
            text: "Turn on VPC flow logs (to CloudWatch Logs or S3) and load-balancer access logs (to S3), keep \
                them long enough for an investigation and query them with Athena or CloudWatch Logs Insights.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Enforce them with AWS Config rules (vpc-flow-logs-enabled, elb-logging-enabled) or Security \
                Hub controls EC2.6 and ELB.5.",
        },
    ],
    thresholds: &[],
    reference: Some("AWS Security Hub controls EC2.6 (VPC flow logging) and ELB.5 (load balancer logging)"),
};

impl Rule for TrafficLogsOff {
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
    fn check_component(&self, cx: &RuleContext<'_>, c: ComponentIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let what = match model.kind(c) {
            K::Vpc => "flow logs",
            K::LoadBalancer => "access logs",
            _ => return,
        };
        if model.props(c).logging != Some(false) {
            return;
        }
        let component = model.component(c);
        let exposed = model.kind(c) == K::LoadBalancer && cx.facts.is_internet_facing(c);
        hits.push(
            Hit::on(
                &component.id,
                format!(
                    "{} has its {what} off: its traffic cannot be reconstructed after an incident.",
                    quote::name_of(model, component)
                ),
            )
            .exposed(exposed),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::Exposure;

    fn diagram(logging: Option<bool>) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("vpc", K::Vpc, Some("acct"), |c| c.properties.logging = logging)
            .component_with("alb", K::LoadBalancer, Some("vpc"), |c| {
                c.properties.logging = logging;
                c.properties.exposure = Some(Exposure::Public);
            })
    }

    #[test]
    fn fires_when_the_logs_are_said_to_be_off() {
        let findings = run(&TrafficLogsOff, &diagram(Some(false)).build());
        let found: Vec<&str> = findings.iter().map(|f| f.id()).collect();
        assert_eq!(found, ["traffic-logs-off@alb", "traffic-logs-off@vpc"]);
        assert!(findings[0].likelihood > findings[1].likelihood, "the internet-facing load balancer");
        assert!(findings[1].explanation().contains("flow logs off"));
    }

    #[test]
    fn quiet_when_on_or_unsaid() {
        assert!(ids(&TrafficLogsOff, &diagram(Some(true)).build()).is_empty());
        assert!(ids(&TrafficLogsOff, &diagram(None).build()).is_empty());
    }
}
