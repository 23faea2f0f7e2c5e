//! `unencrypted-kubernetes-secrets`: an EKS control plane that holds credentials for data stores in its
//! Kubernetes Secrets (`credentials_for`) without envelope encryption under the customer's own KMS key
//! (`secrets_encryption`) (docs/security-model.md#responsibility-table, EKS control plane column).

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{ComponentIx, ComponentKind as K};

/// The rule.
pub struct UnencryptedKubernetesSecrets;

static META: RuleMeta = RuleMeta {
    id: "unencrypted-kubernetes-secrets",
    title: "Kubernetes Secrets without KMS envelope encryption",
    description: "An EKS control plane whose Kubernetes Secrets hold credentials for a data store (its \
        credentials_for names a database, table, bucket or datastore) while secrets_encryption is not on: the \
        Secrets are not envelope-encrypted with the customer's own KMS key. Whoever reads etcd, its backups or a \
        Secret through an over-broad RBAC binding gets the database credentials in the clear, and no key policy \
        or CloudTrail record of key use stands in the way. Fires when secrets_encryption is false or not said \
        (EKS adds a customer key only when asked); quiet when it is on or when the control plane holds no \
        store's credentials. Impact scales with the most sensitive data those credentials open.",
    cia: &[Cia::Confidentiality],
    stride: &[Stride::InformationDisclosure],
    likelihood: Likelihood::Unlikely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Turn on envelope encryption of Secrets with a customer managed KMS key (EncryptionConfig on \
                the cluster), and keep database credentials in Secrets Manager, mounted through the Secrets \
                Store CSI driver, rather than in Kubernetes Secrets.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Limit get and list on Secrets in RBAC to the workloads that need them.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Audit reads of Secrets in the control-plane audit log and KMS Decrypt calls in CloudTrail.",
        },
    ],
    thresholds: &[],
    reference: Some("CIS Amazon EKS Benchmark 5.3.1: Encrypt Kubernetes Secrets using KMS"),
};

impl Rule for UnencryptedKubernetesSecrets {
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
        let encryption = model.props(plane).secrets_encryption;
        if encryption == Some(true) {
            return;
        }
        let component = model.component(plane);
        let stores: Vec<ComponentIx> = component
            .credentials_for
            .iter()
            .filter_map(|id| model.component_ix(id))
            .filter(|&c| model.kind(c).is_data_store() && model.kind(c) != K::SecretsManager)
            .collect();
        if stores.is_empty() {
            return;
        }
        let names = quote::join(model, stores.iter().copied(), ", ");
        let said = if encryption == Some(false) { "off" } else { "not set" };
        hits.push(
            Hit::on(
                &component.id,
                format!(
                    "{} keeps credentials for {} in Kubernetes Secrets, and envelope encryption with a KMS key \
                     is {said}.",
                    quote::name_of(model, component),
                    names
                ),
            )
            .with_elements(stores.iter().map(|&c| model.component_id(c)))
            .with_data(stores.iter().map(|&c| classification(model, c)).max().flatten()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::data;
    use crate::analysis::testkit::{TestDiagram, id, ids, run};
    use crate::model::props::Classification;

    fn plane(encryption: Option<bool>, holds: &[&str]) -> crate::model::Model {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("db", K::RdsDatabase, Some("acct"), |c| {
                c.properties.data = data(Classification::Restricted);
            })
            .component("kms", K::KmsKey, Some("acct"))
            .component("cluster", K::EksCluster, Some("acct"))
            .component_with("cp", K::EksControlPlane, Some("cluster"), |c| {
                c.properties.secrets_encryption = encryption;
                c.credentials_for = holds.iter().map(|h| id(h)).collect();
            })
            .build()
    }

    #[test]
    fn fires_when_database_credentials_sit_in_unencrypted_secrets() {
        for encryption in [None, Some(false)] {
            let findings = run(&UnencryptedKubernetesSecrets, &plane(encryption, &["db"]));
            assert_eq!(findings.len(), 1);
            assert_eq!(findings[0].id(), "unencrypted-kubernetes-secrets@cp");
            assert_eq!(findings[0].impact, Impact::Severe, "restricted data");
        }
    }

    #[test]
    fn quiet_when_encrypted_or_holding_no_store_credentials() {
        assert!(ids(&UnencryptedKubernetesSecrets, &plane(Some(true), &["db"])).is_empty());
        assert!(ids(&UnencryptedKubernetesSecrets, &plane(None, &[])).is_empty());
        assert!(ids(&UnencryptedKubernetesSecrets, &plane(None, &["kms"])).is_empty());
    }
}
