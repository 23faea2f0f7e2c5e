//! `public-eks-endpoint`: an EKS control plane whose Kubernetes API endpoint any internet address can reach.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;
use crate::model::props::EndpointAccess;

/// The rule.
pub struct PublicEksEndpoint;

static META: RuleMeta = RuleMeta {
    id: "public-eks-endpoint",
    title: "EKS API endpoint open to the internet",
    description: "The cluster's Kubernetes API server accepts connections from any internet address, so a leaked \
        kubeconfig, token or an API-server bug is exploitable from anywhere. Fires for an EKS control plane whose \
        endpoint access is public or public-and-private (EKS creates public endpoints by default) and whose allowed \
        address ranges are empty or include a /0 range such as 0.0.0.0/0 (the default). A private endpoint or a \
        public one restricted to named ranges is quiet. Medium severity: callers still need \
        IAM credentials and RBAC permissions.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege, Stride::Spoofing],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Switch the endpoint to private access and reach it through the VPC (VPN, bastion or CI \
                runners inside).",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Keep public access but restrict publicAccessCidrs to the office, VPN and CI address ranges.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Turn on control-plane audit logging and alert on API calls from unexpected addresses.",
        },
    ],
    thresholds: &[],
    reference: Some(
        "CIS Amazon EKS Benchmark 5.4.1: restrict access to the control plane endpoint (enable private endpoint, \
        disable public access or restrict it to named CIDRs)",
    ),
};

/// `0.0.0.0/0` or any other range with a zero prefix: every address.
fn is_everyone(cidr: &str) -> bool {
    cidr.trim().ends_with("/0")
}

impl Rule for PublicEksEndpoint {
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
        if model.kind(c) != K::EksControlPlane {
            return;
        }
        let props = model.props(c);
        let access = match props.endpoint_access {
            Some(EndpointAccess::Public) => "public",
            Some(EndpointAccess::PublicAndPrivate) => "public-and-private",
            Some(EndpointAccess::Private) | None => return,
        };
        let cidrs = props.endpoint_allowed_cidrs.as_deref().unwrap_or_default();
        if !cidrs.is_empty() && !cidrs.iter().any(|cidr| is_everyone(cidr)) {
            return;
        }
        let component = model.component(c);
        let cluster = model.parent(c).map(|p| model.component_id(p));
        hits.push(
            Hit::on(
                &component.id,
                format!(
                    "{} has a {access} Kubernetes API endpoint that any internet address can reach.",
                    quote::name_of(model, component)
                ),
            )
            .with_elements(cluster)
            .exposed(true),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::severity::Severity;
    use crate::analysis::testkit::{TestDiagram, ids, run};

    fn cluster(access: Option<EndpointAccess>, cidrs: Option<&[&str]>) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("cluster", K::EksCluster, Some("acct"))
            .component_with("cp", K::EksControlPlane, Some("cluster"), |c| {
                c.properties.endpoint_access = access;
                c.properties.endpoint_allowed_cidrs = cidrs.map(|list| list.iter().map(|s| (*s).to_owned()).collect());
            })
    }

    #[test]
    fn the_eks_default_fires_at_medium_severity() {
        let findings = run(&PublicEksEndpoint, &cluster(None, None).build());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "public-eks-endpoint@cp");
        assert_eq!(findings[0].severity, Severity::Medium);
        assert_eq!(findings[0].elements().len(), 2, "the cluster is shown too");
    }

    #[test]
    fn public_and_private_with_empty_ranges_fires() {
        let model = cluster(Some(EndpointAccess::PublicAndPrivate), Some(&[])).build();
        assert_eq!(ids(&PublicEksEndpoint, &model), vec!["public-eks-endpoint@cp"]);
        let model = cluster(Some(EndpointAccess::Public), Some(&["203.0.113.0/24", "0.0.0.0/0"])).build();
        assert_eq!(ids(&PublicEksEndpoint, &model), vec!["public-eks-endpoint@cp"]);
    }

    #[test]
    fn private_or_restricted_endpoints_are_quiet() {
        assert!(ids(&PublicEksEndpoint, &cluster(Some(EndpointAccess::Private), None).build()).is_empty());
        let restricted = cluster(Some(EndpointAccess::Public), Some(&["203.0.113.0/24"])).build();
        assert!(ids(&PublicEksEndpoint, &restricted).is_empty());
    }
}
