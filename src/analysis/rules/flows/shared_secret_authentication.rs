//! `shared-secret-authentication`: a flow whose caller proves only that it knows one static secret every caller
//! shares (HTTP Basic with a single password, one API key for all), on a flow whose data or callee warrants more
//! (docs/security-model.md#communication, authentication strength).

use super::support::flow_data;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_flow};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::Classification;
use crate::model::{AuthenticationStrength, FlowIx, Pattern};

/// The rule.
pub struct SharedSecretAuthentication;

static META: RuleMeta = RuleMeta {
    id: "shared-secret-authentication",
    title: "One shared secret stands for authentication",
    description: "A flow authenticates with a password, API key or token that every caller shares (credential \
        shared): the callee learns that the caller knows the secret, not which caller it is. Authentication \
        strength runs, weakest first: none, shared secret, per-client credential, IAM SigV4 or mutual TLS. A shared secret \
        leaks with any one caller (a config file, a browser bundle, a log line), cannot be revoked for one \
        caller, and leaves nothing to audit per caller. Fires when the flow carries confidential or restricted \
        data, writes to or reads from a data store, or is administrative access. Impact scales with the data; \
        likelihood rises when the callee is reachable from the internet.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::Spoofing, Stride::Repudiation],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Give each caller its own credential: IAM roles (SigV4) between AWS workloads, mutual TLS \
                between services, OAuth tokens or per-client API keys (with usage plans) for external callers.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Until then, keep the secret in Secrets Manager with rotation, and restrict who can reach the \
                callee (security groups, a resource policy).",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Log the source address and user agent of every call, since the credential names no caller.",
        },
    ],
    thresholds: &[],
    reference: Some("OWASP ASVS V2: Authentication (no shared or default credentials)"),
};

impl Rule for SharedSecretAuthentication {
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
        if flow.authentication_strength() != Some(AuthenticationStrength::SharedSecret) {
            return;
        }
        let (from, to) = model.flow_ends(f);
        let data = flow_data(model, f);
        let warranted = data >= Some(Classification::Confidential)
            || model.kind(to).is_data_store()
            || flow.pattern == Pattern::Admin;
        if !warranted {
            return;
        }
        let (caller, callee) = (model.component(from), model.component(to));
        hits.push(
            Hit::on(
                model.flow_id(f),
                format!(
                    "{} authenticates to {} with a secret every caller shares: it proves knowledge of the \
                     secret, not who is calling.",
                    quote::name_of(model, caller),
                    quote::name_of(model, callee)
                ),
            )
            .with_elements([model.component_id(from), model.component_id(to)])
            .with_data(data)
            .exposed(cx.facts.is_internet_facing(to) || cx.facts.is_external(from)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::{Authentication, ComponentKind as K, CredentialScope};

    fn diagram(auth: Authentication, credential: Option<CredentialScope>, data: Classification) -> crate::model::Model {
        TestDiagram::new()
            .component("partner", K::User, None)
            .component("acct", K::AwsAccount, None)
            .component("api", K::GenericService, Some("acct"))
            .flow_with("partner", "api", Pattern::SyncRequest, |f| {
                f.authentication = Some(auth);
                f.credential = credential;
                f.data = Some(data);
            })
            .build()
    }

    #[test]
    fn fires_for_one_shared_basic_auth_password_on_confidential_data() {
        let model = diagram(Authentication::Password, Some(CredentialScope::Shared), Classification::Confidential);
        let findings = run(&SharedSecretAuthentication, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "shared-secret-authentication@partner-api");
        assert_eq!(findings[0].impact, Impact::Major);
    }

    #[test]
    fn strength_orders_the_kinds_and_unsaid_keeps_todays_meaning() {
        use AuthenticationStrength as S;
        assert!(S::None < S::SharedSecret && S::SharedSecret < S::PerClient && S::PerClient < S::Strong);
        let per_client = diagram(Authentication::Password, None, Classification::Restricted);
        assert!(ids(&SharedSecretAuthentication, &per_client).is_empty(), "not said: the caller's own");
        let iam = diagram(Authentication::IamSigv4, Some(CredentialScope::Shared), Classification::Restricted);
        assert!(ids(&SharedSecretAuthentication, &iam).is_empty(), "a signature is never a shared secret");
        let internal = diagram(Authentication::ApiKey, Some(CredentialScope::Shared), Classification::Internal);
        assert!(ids(&SharedSecretAuthentication, &internal).is_empty(), "internal data to a service");
    }
}
