//! `secrets-outside-store`: a component keeping its secrets in code or in plain environment variables or config
//! files instead of a secrets store.

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::{Classification, SecretStorage};
use crate::model::{Authentication, ComponentIx, ComponentKind, Model};

/// The rule.
pub struct SecretsOutsideStore;

static META: RuleMeta = RuleMeta {
    id: "secrets-outside-store",
    title: "Secrets kept outside a secrets store",
    description: "Secrets in source code or images leak with every copy of the repository or image; secrets in \
        plain environment variables or config files leak to anyone who can read the function or pod \
        configuration, a crash dump or a debug endpoint; neither rotates. Reading a secret gives control of what \
        it authenticates. Fires for a component whose secret storage is code (base \
        likelihood) or environment (one step lower); quiet when it uses a secrets store, holds no secrets, or does \
        not say. What the secrets likely unlock is shown with it: the targets of its outgoing flows that \
        authenticate with a password, API key, token or mTLS key (and IAM-signed ones when it runs as no role, so \
        it must hold access keys), and the components its stored credentials are for. Impact scales with the most \
        sensitive data among itself, those targets and those flows.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::InformationDisclosure, Stride::Spoofing],
    likelihood: Likelihood::Likely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Move the secrets to AWS Secrets Manager or SSM Parameter Store (SecureString), fetch them at run \
                time with a scoped IAM role, and rotate them; prefer IAM roles over long-lived keys altogether.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Block commits and images that contain secrets with a secret scanner in the pipeline.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Scan repositories and images for secrets continuously and alarm on use of leaked credentials.",
        },
    ],
    thresholds: &[],
    reference: Some("AWS Prescriptive Guidance: best practices for managing secrets (AWS Secrets Manager)"),
};

/// Whether a flow's authentication rests on a secret the caller keeps.
fn uses_kept_secret(model: &Model, caller: ComponentIx, authentication: Option<Authentication>) -> bool {
    match authentication {
        Some(Authentication::Password | Authentication::ApiKey | Authentication::Token | Authentication::Mtls) => true,
        // A container runs as its pod's role.
        Some(Authentication::IamSigv4) => {
            let runner = match (model.kind(caller), model.parent(caller)) {
                (ComponentKind::Container, Some(pod)) => pod,
                _ => caller,
            };
            model.role(runner).is_none()
        }
        Some(Authentication::None) | None => false,
    }
}

impl Rule for SecretsOutsideStore {
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
        let (where_, likelihood) = match model.props(c).secret_storage {
            Some(SecretStorage::Code) => ("in its code", 0),
            Some(SecretStorage::Environment) => ("in plain environment variables or config", -1),
            Some(SecretStorage::None | SecretStorage::SecretsStore) | None => return,
        };
        let component = model.component(c);
        let mut data: Option<Classification> = classification(model, c);
        let mut unlocks: Vec<ComponentIx> = Vec::new();
        for (f, to) in model.outgoing(c) {
            let flow = model.flow_attrs(f);
            if uses_kept_secret(model, c, flow.authentication) {
                unlocks.push(to);
            }
            // The data at stake does not depend on whether the flow says how it authenticates (saying so must
            // never raise the risk): only calls signed with the caller's own IAM role need no kept secret.
            let signed_by_role = flow.authentication == Some(Authentication::IamSigv4)
                && !uses_kept_secret(model, c, flow.authentication);
            if !signed_by_role {
                data = data.max(flow.data).max(classification(model, to));
            }
        }
        for target in component.credentials_for.iter().filter_map(|id| model.component_ix(id)) {
            unlocks.push(target);
            data = data.max(classification(model, target));
        }
        crate::sorting::sort(&mut unlocks);
        unlocks.dedup();
        let names = quote::join(model, unlocks.iter().copied(), ", ");
        let unlock_text = if unlocks.is_empty() { String::new() } else { format!(", which likely unlock {names}") };
        hits.push(
            Hit::on(
                &component.id,
                format!("{} keeps secrets {where_}{unlock_text}.", quote::name_of(model, component)),
            )
            .with_elements(unlocks.iter().map(|&t| model.component_id(t)))
            .with_data(data)
            .likelihood(likelihood),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, id, ids, run};
    use crate::model::props::DataProfile;
    use crate::model::{ComponentKind as K, Pattern};

    fn service(storage: Option<SecretStorage>) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("svc", K::GenericService, Some("acct"), |c| c.properties.secret_storage = storage)
            .component_with("db", K::RdsDatabase, Some("acct"), |c| {
                c.properties.data = Some(DataProfile {
                    classification: Classification::Restricted,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
            })
            .component("partner", K::GenericService, Some("acct"))
            .component("queue", K::SqsQueue, Some("acct"))
            .flow_with("svc", "db", Pattern::DataRead, |f| f.authentication = Some(Authentication::Password))
            .flow_with("svc", "partner", Pattern::SyncRequest, |f| f.authentication = Some(Authentication::None))
            .flow_with("svc", "queue", Pattern::QueueSend, |f| f.authentication = Some(Authentication::IamSigv4))
    }

    #[test]
    fn secrets_in_code_fire_with_what_they_unlock() {
        let findings = run(&SecretsOutsideStore, &service(Some(SecretStorage::Code)).build());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "secrets-outside-store@svc");
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Likely, Impact::Severe));
        // No role: the IAM-signed call must use stored access keys too.
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["db", "queue", "svc"]);
    }

    #[test]
    fn environment_is_one_step_less_likely_and_a_role_keeps_aws_calls_out() {
        let model = service(Some(SecretStorage::Environment))
            .component("role", K::IamRole, Some("acct"))
            .edit(|d| {
                d.components.iter_mut().filter(|c| c.id.as_str() == "svc").for_each(|c| c.role = Some(id("role")));
            })
            .build();
        let findings = run(&SecretsOutsideStore, &model);
        assert_eq!(findings[0].likelihood, Likelihood::Possible);
        assert!(!findings[0].elements().any(|e| e == "queue"));
    }

    #[test]
    fn a_secrets_store_or_silence_keeps_it_quiet() {
        assert!(ids(&SecretsOutsideStore, &service(Some(SecretStorage::SecretsStore)).build()).is_empty());
        assert!(ids(&SecretsOutsideStore, &service(Some(SecretStorage::None)).build()).is_empty());
        assert!(ids(&SecretsOutsideStore, &service(None).build()).is_empty());
    }
}
