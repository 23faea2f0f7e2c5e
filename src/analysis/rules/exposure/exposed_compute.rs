//! `exposed-compute`: a pod, container, EC2 node or generic service that the internet reaches directly, not
//! through an API Gateway or load balancer.

use super::scope;
use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{ComponentIx, ComponentKind as K, Id};

/// The rule.
pub struct ExposedCompute;

static META: RuleMeta = RuleMeta {
    id: "exposed-compute",
    title: "Compute reachable straight from the internet",
    description: "Code the team runs takes requests from the internet directly, with no managed entry point (API \
        Gateway or load balancer) to authenticate, throttle and filter them, so every open port and every bug in \
        the service is an entry for an attacker, who then holds a foothold inside the network. Fires for a pod, \
        container, EC2 node or generic service with an incoming flow from the internet or an outside user, or with \
        public exposure; quiet when it is marked as a public entry point and a WAF protects it. A self-managed \
        database with public exposure is reported by public-datastore instead, and a generic service drawn \
        outside every account, VPC and on-premises network is a third party's system, not the team's. Likelihood \
        is one step lower when its listener requires authentication and one lower when a WAF protects it. Impact \
        scales with its data.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege, Stride::Tampering, Stride::DenialOfService],
    likelihood: Likelihood::Possible,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Move it into private subnets without a public IP and publish it through an API Gateway or an \
                Application Load Balancer.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Put a WAF in front of the entry point and require authentication on every listener the \
                internet reaches.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Enable GuardDuty (EKS and runtime monitoring) and VPC flow logs to spot scans and exploitation.",
        },
    ],
    thresholds: &[],
    reference: Some("AWS Well-Architected Framework, Security Pillar SEC05: protect networking resources"),
};

impl Rule for ExposedCompute {
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
        let facts = cx.facts;
        if !matches!(model.kind(c), K::Pod | K::Container | K::Ec2Node | K::GenericService)
            || !facts.is_internet_facing(c)
        {
            return;
        }
        let props = model.props(c);
        let waf = facts.has_waf(c);
        if (waf && props.public_entry == Some(true))
            || scope::is_public_self_managed_database(model, facts, c)
            || scope::is_outside_system(model, facts, c)
        {
            return;
        }
        let mut callers: Vec<&Id> = model
            .incoming(c)
            .filter(|&(_, from)| facts.is_external(from))
            .map(|(_, from)| model.component_id(from))
            .collect();
        crate::sorting::sort(&mut callers);
        callers.dedup();
        let component = model.component(c);
        let how = if callers.is_empty() { "has public exposure" } else { "takes calls from outside" };
        let authenticated = if props.requires_authentication == Some(true) { -1 } else { 0 };
        hits.push(
            Hit::on(
                &component.id,
                format!(
                    "{} ({}) {how} without an API Gateway or load balancer in front.",
                    quote::name_of(model, component),
                    component.kind
                ),
            )
            .with_elements(callers)
            .with_data(classification(model, c))
            .exposed(true)
            .likelihood(authenticated - i8::from(waf)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::Pattern;
    use crate::model::props::{Exposure, Software};

    fn cluster() -> TestDiagram {
        TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("node", K::Ec2Node, Some("acct"))
            .component("web", K::Pod, Some("node"))
            .component("api", K::ApiGateway, Some("acct"))
            .component("backend", K::Pod, Some("node"))
            .flow("internet", "web", Pattern::SyncRequest)
            .flow("internet", "api", Pattern::SyncRequest)
            .flow("api", "backend", Pattern::SyncRequest)
    }

    #[test]
    fn fires_on_a_pod_the_internet_calls_directly() {
        let findings = run(&ExposedCompute, &cluster().build());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "exposed-compute@web");
        assert!(findings[0].elements().any(|e| e == "internet"));
        assert_eq!(findings[0].likelihood, Likelihood::Possible);
    }

    #[test]
    fn public_exposure_counts_too() {
        let model = cluster().props("node", |p| p.exposure = Some(Exposure::Public)).build();
        assert_eq!(ids(&ExposedCompute, &model), vec!["exposed-compute@node", "exposed-compute@web"]);
    }

    #[test]
    fn an_authenticating_listener_lowers_the_likelihood_and_public_entry_alone_does_not_silence() {
        let model = cluster()
            .props("web", |p| {
                p.requires_authentication = Some(true);
                p.public_entry = Some(true);
            })
            .build();
        let findings = run(&ExposedCompute, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely);
    }

    #[test]
    fn third_party_services_outside_every_account_are_not_the_teams() {
        let model = cluster()
            .component_with("psp", K::GenericService, None, |c| c.properties.exposure = Some(Exposure::Public))
            .component_with("own", K::GenericService, Some("acct"), |c| c.properties.exposure = Some(Exposure::Public))
            .build();
        assert_eq!(ids(&ExposedCompute, &model), vec!["exposed-compute@own", "exposed-compute@web"]);
    }

    #[test]
    fn public_self_managed_databases_are_left_to_public_datastore() {
        let model = cluster()
            .props("backend", |p| {
                p.exposure = Some(Exposure::Public);
                p.software = Some(Software::Postgresql);
            })
            .build();
        assert_eq!(ids(&ExposedCompute, &model), vec!["exposed-compute@web"]);
    }
}
