//! `admin-access-exposed`: administration access (kubectl, deploy, SSH, console) from the internet, without
//! authentication, or over a plaintext channel.

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_flow};
use crate::analysis::rules::flows::support::is_encrypted;
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{Authentication, FlowIx, Pattern};

/// The rule.
pub struct AdminAccessExposed;

static META: RuleMeta = RuleMeta {
    id: "admin-access-exposed",
    title: "Exposed administration access",
    description: "An admin flow (kubectl, deployment, SSH, console) comes from an external actor (the internet or a \
        user outside every on-premises network), or says it has no authentication, or is explicitly unencrypted. \
        Whoever takes over administration access controls the target. Likelihood goes up one step from the \
        internet, one without authentication and one over plaintext, and down one step when the flow names how \
        it authenticates; impact grows with the target's data. Unknown authentication or encryption alone does \
        not fire this rule (unauthenticated-flow and unencrypted-flow cover those).",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege, Stride::Spoofing],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Close administration ports and endpoints to the internet: administer through a VPN, Systems \
                Manager Session Manager or a private EKS endpoint.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Require strong authentication (IAM with MFA, SSO, mTLS or SSH keys) and least-privilege \
                administration roles, over an encrypted channel.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Log and alarm on every administrative session (CloudTrail, EKS audit logs, Session Manager logs).",
        },
    ],
    thresholds: &[],
    reference: Some("CIS Amazon EKS Benchmark 5.4.2: ensure clusters are created with private endpoint enabled"),
};

impl Rule for AdminAccessExposed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        each_flow(self, cx, hits);
    }

    fn per_flow(&self) -> bool {
        true
    }

    #[inline(always)]
    fn check_flow(&self, cx: &RuleContext<'_>, f: FlowIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let flow = model.flow_attrs(f);
        if model.pattern(f) != Pattern::Admin {
            return;
        }
        let (from, to) = model.flow_ends(f);
        let external = cx.facts.is_external(from);
        let unauthenticated = flow.authentication == Some(Authentication::None);
        let authenticated = flow.authentication.is_some_and(|a| a != Authentication::None);
        let plaintext = is_encrypted(model, f) == Some(false);
        if !(external || unauthenticated || plaintext) {
            return;
        }
        let reasons: Vec<&str> =
            [(external, "from the internet"), (unauthenticated, "without authentication"), (plaintext, "unencrypted")]
                .into_iter()
                .filter_map(|(yes, words)| yes.then_some(words))
                .collect();
        let (caller, target) = (model.component(from), model.component(to));
        hits.push(
            Hit::on(
                model.flow_id(f),
                format!(
                    "{} administers {} {}.",
                    quote::name_of(model, caller),
                    quote::name_of(model, target),
                    reasons.join(", ")
                ),
            )
            .with_elements([model.component_id(from), model.component_id(to)])
            .with_data(classification(model, to))
            .exposed(external)
            .likelihood(i8::from(unauthenticated) + i8::from(plaintext) - i8::from(authenticated)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::{ComponentKind as K, Protocol};

    fn diagram(edit: impl FnOnce(&mut crate::model::Flow)) -> TestDiagram {
        TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("ops", K::GenericService, Some("acct"))
            .component("node", K::Ec2Node, Some("acct"))
            .flow_with("ops", "node", Pattern::Admin, edit)
    }

    #[test]
    fn fires_from_the_internet_even_when_authenticated() {
        let model = diagram(|f| f.protocol = Some(Protocol::Ssh))
            .flow_with("internet", "node", Pattern::Admin, |f| {
                f.protocol = Some(Protocol::Ssh);
                f.authentication = Some(Authentication::Password);
            })
            .build();
        let findings = run(&AdminAccessExposed, &model);
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), vec!["admin-access-exposed@internet-node"]);
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely, "internet (+1), authenticated (-1)");
        assert_eq!(findings[0].impact, Impact::Major);
    }

    #[test]
    fn unauthenticated_plaintext_internet_admin_is_almost_certain() {
        let model = TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("node", K::Ec2Node, Some("acct"))
            .flow_with("internet", "node", Pattern::Admin, |f| {
                f.authentication = Some(Authentication::None);
                f.protocol = Some(Protocol::Http);
            })
            .build();
        let findings = run(&AdminAccessExposed, &model);
        assert_eq!(findings[0].likelihood, Likelihood::AlmostCertain);
        assert_eq!(
            findings[0].explanation(),
            "internet administers node from the internet, without authentication, unencrypted."
        );
    }

    #[test]
    fn inside_admin_fires_only_without_authentication_or_encryption() {
        assert_eq!(
            ids(&AdminAccessExposed, &diagram(|f| f.authentication = Some(Authentication::None)).build()),
            vec!["admin-access-exposed@ops-node"]
        );
        assert_eq!(
            ids(&AdminAccessExposed, &diagram(|f| f.protocol = Some(Protocol::Http)).build()),
            vec!["admin-access-exposed@ops-node"]
        );
        let quiet = diagram(|f| {
            f.protocol = Some(Protocol::Ssh);
            f.authentication = Some(Authentication::Mtls);
        });
        assert!(ids(&AdminAccessExposed, &quiet.build()).is_empty());
        assert!(ids(&AdminAccessExposed, &diagram(|_| {}).build()).is_empty(), "unknown settings alone are quiet");
    }

    #[test]
    fn other_patterns_are_not_admin() {
        let model = TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("node", K::Ec2Node, Some("acct"))
            .flow("internet", "node", Pattern::SyncRequest)
            .build();
        assert!(ids(&AdminAccessExposed, &model).is_empty());
    }
}
