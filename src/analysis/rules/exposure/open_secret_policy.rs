//! `open-secret-policy`: a Secrets Manager store or KMS key whose resource policy lets any principal in without a
//! source condition.

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;
use crate::model::props::Classification;

/// The rule.
pub struct OpenSecretPolicy;

static META: RuleMeta = RuleMeta {
    id: "open-secret-policy",
    title: "Secret or key policy open to any principal",
    description: "A resource policy that allows any principal lets every AWS account (or, with the right action, \
        anyone) read the secrets or use the key, and reading a secret gives control of what it authenticates \
       . Fires for a Secrets Manager store or a KMS key whose resource policy allows any \
        principal without a source account, source ARN or organisation condition. The \
        components the stored credentials are for are shown with it; impact scales with the most sensitive data \
        of the store and those components.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::InformationDisclosure, Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Possible,
    impact: Impact::Major,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Name the principals in the policy, or add an aws:SourceAccount, aws:SourceArn or \
                aws:PrincipalOrgID condition (kms:CallerAccount and kms:ViaService for keys).",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Remove the resource policy and rely on identity policies within the account; block public \
                secret policies with Secrets Manager's BlockPublicPolicy check.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Let IAM Access Analyzer report externally shared secrets and keys, and alarm on \
                GetSecretValue and Decrypt calls from other accounts.",
        },
    ],
    thresholds: &[],
    reference: Some("AWS Secrets Manager user guide: resource-based policies (block public access)"),
};

impl Rule for OpenSecretPolicy {
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
        let kind = model.kind(c);
        if !matches!(kind, K::SecretsManager | K::KmsKey) || !model.props(c).policy.is_some_and(|p| p.is_open()) {
            return;
        }
        let component = model.component(c);
        let mut data: Option<Classification> = classification(model, c);
        let targets: Vec<_> = component.credentials_for.iter().filter_map(|id| model.component_ix(id)).collect();
        for &target in &targets {
            data = data.max(classification(model, target));
        }
        let what = if kind == K::KmsKey { "key" } else { "secrets" };
        hits.push(
            Hit::on(
                &component.id,
                format!(
                    "{} has a resource policy that lets any principal use its {what} without a source condition.",
                    quote::name_of(model, component)
                ),
            )
            .with_elements(targets.iter().map(|&t| model.component_id(t)))
            .with_data(data)
            .exposed(true),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, id, ids, run};
    use crate::model::props::{DataProfile, ResourcePolicy};

    fn vault(any_principal: bool, source_condition: bool) -> TestDiagram {
        let policy = Some(ResourcePolicy { any_principal, source_condition });
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("db", K::RdsDatabase, Some("acct"), |c| {
                c.properties.data = Some(DataProfile {
                    classification: Classification::Restricted,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
            })
            .component_with("vault", K::SecretsManager, Some("acct"), |c| {
                c.properties.policy = policy;
                c.credentials_for = vec![id("db")];
            })
            .component_with("key", K::KmsKey, Some("acct"), |c| c.properties.policy = policy)
    }

    #[test]
    fn fires_on_open_secret_and_key_policies() {
        let findings = run(&OpenSecretPolicy, &vault(true, false).build());
        let found: Vec<&str> = findings.iter().map(|f| f.id()).collect();
        assert_eq!(found, vec!["open-secret-policy@vault", "open-secret-policy@key"]);
        assert_eq!(findings[0].impact, Impact::Severe, "the secrets unlock restricted data");
        assert!(findings[0].elements().any(|e| e == "db"));
        assert_eq!((findings[1].likelihood, findings[1].impact), (Likelihood::Possible, Impact::Major));
    }

    #[test]
    fn a_source_condition_or_named_principals_keep_it_quiet() {
        assert!(ids(&OpenSecretPolicy, &vault(true, true).build()).is_empty());
        assert!(ids(&OpenSecretPolicy, &vault(false, false).build()).is_empty());
        let no_policy = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("vault", K::SecretsManager, Some("acct"))
            .build();
        assert!(ids(&OpenSecretPolicy, &no_policy).is_empty());
    }
}
