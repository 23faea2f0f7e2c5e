//! `unvalidated-store-write`: a component that takes client input and writes it straight into a data store
//! without validating it (`validates_input: false` on the writer), so clients choose keys and overwrite or plant
//! items (docs/security-model.md#communication).

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_flow};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::Importance;
use crate::model::{ComponentIx, ComponentKind as K, FlowIx, Model, Pattern};

/// The rule.
pub struct UnvalidatedStoreWrite;

static META: RuleMeta = RuleMeta {
    id: "unvalidated-store-write",
    title: "Unvalidated client input written to a store",
    description: "A component that receives client input (it is reachable from the internet, or an external \
        actor or an internet-facing component calls it) writes into a data store (a data-write flow to a table, \
        bucket, database or datastore) and says it does not validate its input (validates_input false). Clients \
        then choose the keys and values that land in the store: they overwrite other users' items, plant \
        oversized or malformed records that break the readers, or inject queries. Fires only when the store's \
        data says integrity matters (a data profile whose integrity is not low), and only when the writer says \
        it does not validate, not when it does not say. Impact rises when the store's integrity is high; \
        likelihood rises when the writer itself is internet-facing.",
    cia: &[Cia::Integrity],
    stride: &[Stride::Tampering],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Validate requests against a schema before writing (API Gateway request validation, a JSON \
                schema in the handler), derive keys from the caller's identity rather than from the request, \
                and use conditional writes so one client cannot overwrite another's item.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Scope the writer's IAM role to its own key prefix or partition (dynamodb:LeadingKeys, an S3 \
                prefix) so unvalidated keys cannot reach other items.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm on rejected or oversized writes and on writes to keys outside the caller's partition.",
        },
    ],
    thresholds: &[],
    reference: Some("OWASP ASVS V5: Validation, Sanitization and Encoding"),
};

/// Whether `c` receives input from clients: reachable from the internet, or called by an external actor or by an
/// internet-facing component.
fn takes_client_input(cx: &RuleContext<'_>, c: ComponentIx) -> bool {
    cx.facts.is_internet_facing(c)
        || cx.model.incoming(c).any(|(f, from)| {
            !cx.model.flow_attrs(f).pattern.data_moves_to_caller()
                && (cx.facts.is_external(from) || cx.facts.is_internet_facing(from))
        })
}

/// The integrity importance of a store's data, when the diagram gives a data profile.
fn store_integrity(model: &Model, store: ComponentIx) -> Option<Importance> {
    crate::analysis::data::profile(model, store).map(|d| d.integrity())
}

impl Rule for UnvalidatedStoreWrite {
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
        if model.pattern(f) != Pattern::DataWrite {
            return;
        }
        let (writer, store) = model.flow_ends(f);
        if !model.kind(store).is_data_store() || model.kind(store) == K::SecretsManager {
            return;
        }
        if model.props(writer).validates_input != Some(false) || !takes_client_input(cx, writer) {
            return;
        }
        let Some(integrity) = store_integrity(model, store).filter(|&i| i != Importance::Low) else { return };
        let (w, s) = (model.component(writer), model.component(store));
        let data = classification(model, store).map(|c| format!(" ({c} data)")).unwrap_or_default();
        hits.push(
            Hit::on(
                model.flow_id(f),
                format!(
                    "{} writes client input into {}{data} without validating it: clients choose what lands \
                     in the store.",
                    quote::name_of(model, w),
                    quote::name_of(model, s)
                ),
            )
            .with_elements([model.component_id(writer), model.component_id(store)])
            .exposed(cx.facts.is_internet_facing(writer))
            .impact(if integrity == Importance::High { 1 } else { 0 }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::{Classification, DataProfile};

    fn diagram(validates: Option<bool>, integrity: Option<Importance>) -> TestDiagram {
        TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("api", K::ApiGateway, Some("acct"))
            .component_with("fn", K::Lambda, Some("acct"), |c| c.properties.validates_input = validates)
            .component_with("table", K::DynamodbTable, Some("acct"), |c| {
                c.properties.data = Some(DataProfile {
                    classification: Classification::Confidential,
                    confidentiality: None,
                    integrity,
                    availability: None,
                });
            })
            .flow("internet", "api", Pattern::SyncRequest)
            .flow("api", "fn", Pattern::SyncRequest)
            .flow("fn", "table", Pattern::DataWrite)
    }

    #[test]
    fn fires_for_a_writer_behind_a_public_api_that_does_not_validate() {
        let findings = run(&UnvalidatedStoreWrite, &diagram(Some(false), None).build());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "unvalidated-store-write@fn-table");
        assert_eq!(findings[0].impact, Impact::Moderate);
        let high = run(&UnvalidatedStoreWrite, &diagram(Some(false), Some(Importance::High)).build());
        assert_eq!(high[0].impact, Impact::Major);
    }

    #[test]
    fn quiet_when_validated_unsaid_or_integrity_low() {
        assert!(ids(&UnvalidatedStoreWrite, &diagram(Some(true), None).build()).is_empty());
        assert!(ids(&UnvalidatedStoreWrite, &diagram(None, None).build()).is_empty());
        assert!(ids(&UnvalidatedStoreWrite, &diagram(Some(false), Some(Importance::Low)).build()).is_empty());
    }

    #[test]
    fn quiet_for_a_writer_no_client_reaches() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("job", K::Lambda, Some("acct"), |c| c.properties.validates_input = Some(false))
            .component_with("table", K::DynamodbTable, Some("acct"), |c| {
                c.properties.data = Some(DataProfile {
                    classification: Classification::Internal,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
            })
            .flow("job", "table", Pattern::DataWrite)
            .build();
        assert!(ids(&UnvalidatedStoreWrite, &model).is_empty());
    }
}
