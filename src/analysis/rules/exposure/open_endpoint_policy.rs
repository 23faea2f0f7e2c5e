//! `open-endpoint-policy`: a VPC endpoint that keeps the default full-access policy while the VPC holds sensitive
//! data: the private path to AWS is also a private path out, to any account's buckets or queues.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentKind as K;
use crate::model::props::Classification;

/// The rule.
pub struct OpenEndpointPolicy;

static META: RuleMeta = RuleMeta {
    id: "open-endpoint-policy",
    title: "VPC endpoint open to any account's resources",
    description: "A VPC endpoint keeps traffic to an AWS API off the internet, but its default policy allows any \
        principal to act on any resource of the service, in any account: code in the VPC can copy data to an \
        attacker's bucket or queue through it, unseen by egress controls that watch the NAT gateway. Fires for a \
        VPC endpoint whose policy allows any principal without a source condition (the default when the diagram \
        does not say) in a VPC where a component holds confidential or restricted data. Impact scales with that \
        data.",
    cia: &[Cia::Confidentiality],
    stride: &[Stride::InformationDisclosure],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Give the endpoint a policy that allows only the organisation's principals on its own resources \
                (aws:PrincipalOrgID and aws:ResourceOrgID conditions, or named bucket and queue ARNs).",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Restrict the workloads' roles to the organisation's resources with a service control policy \
                (aws:ResourceOrgID).",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Log data events in CloudTrail and alarm on access to resources outside the organisation.",
        },
    ],
    thresholds: &[],
    reference: Some("AWS PrivateLink guide: control access to VPC endpoints using endpoint policies"),
};

impl Rule for OpenEndpointPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        // The most sensitive data held in each VPC, indexed by the VPC component.
        let mut held: Vec<Option<Classification>> = Vec::new();
        for (c, data) in crate::analysis::data::carriers(model) {
            if let Some(vpc) = facts.vpc(c) {
                if held.len() <= vpc.index() {
                    held.resize(vpc.index() + 1, None);
                }
                held[vpc.index()] = held[vpc.index()].max(Some(data.classification));
            }
        }
        for c in model.components_of(crate::model::Kinds::of(&[K::VpcEndpoint])) {
            if !model.props(c).policy.is_some_and(|p| p.is_open()) {
                continue;
            }
            let data = facts.vpc(c).and_then(|vpc| held.get(vpc.index()).copied().flatten());
            if data < Some(Classification::Confidential) {
                continue;
            }
            let component = model.component(c);
            hits.push(
                Hit::on(
                    &component.id,
                    format!(
                        "{}'s policy lets any principal reach any resource of the service, in any account: code in \
                         its VPC can copy data out through it.",
                        quote::name_of(model, component)
                    ),
                )
                .with_data(data),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids};
    use crate::model::props::{DataProfile, ResourcePolicy};

    fn vpc(data: Classification, policy: Option<ResourcePolicy>) -> crate::model::Model {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component_with("s3-endpoint", K::VpcEndpoint, Some("vpc"), |c| c.properties.policy = policy)
            .component_with("svc", K::GenericService, Some("vpc"), |c| {
                c.properties.data = Some(DataProfile {
                    classification: data,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
            })
            .build()
    }

    #[test]
    fn the_default_policy_fires_where_sensitive_data_is() {
        assert_eq!(
            ids(&OpenEndpointPolicy, &vpc(Classification::Confidential, None)),
            vec!["open-endpoint-policy@s3-endpoint"]
        );
        assert!(ids(&OpenEndpointPolicy, &vpc(Classification::Internal, None)).is_empty());
    }

    #[test]
    fn a_restricted_policy_is_quiet() {
        let scoped = ResourcePolicy { any_principal: true, source_condition: true };
        assert!(ids(&OpenEndpointPolicy, &vpc(Classification::Restricted, Some(scoped))).is_empty());
    }
}
