//! `direct-internet-to-datastore`: an external actor reaches a data store (or a self-run database) with no
//! application tier in between.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_flow};
use crate::analysis::rules::flows::support::flow_data;
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::{Classification, Software};
use crate::model::{Authentication, ComponentIx, FlowIx, Model};

/// The rule.
pub struct DirectInternetToDatastore;

static META: RuleMeta = RuleMeta {
    id: "direct-internet-to-datastore",
    title: "Internet reaches a data store directly",
    description: "A flow goes from an external actor (the internet or a user outside every on-premises network) \
        straight to a data store (RDS, DynamoDB, S3, Secrets Manager) or to a component that runs database \
        software itself (PostgreSQL, MySQL, MongoDB, Redis, Elasticsearch), with no application tier in between \
        to authenticate, authorise and validate requests. Stores whose data is classified public (a static \
        website bucket) do not count. Impact grows with the data; an authenticated flow lowers the likelihood \
        one step.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::InformationDisclosure, Stride::Tampering, Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Likely,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Make the store private (private subnet, no public IP, S3 Block Public Access) and reach it only \
                through an application tier.",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Put an API (API Gateway or a service) in front that authenticates callers, authorises each \
                request and validates its input; give the store a policy that admits only that tier.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm on access from outside the application (GuardDuty findings, database and S3 access logs).",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon RDS User Guide: hiding a DB instance in a VPC from the internet"),
};

/// A data store, or a component running database software itself.
fn holds_data(model: &Model, c: ComponentIx) -> bool {
    model.kind(c).is_data_store()
        || matches!(
            model.props(c).software,
            Some(
                Software::Postgresql | Software::Mysql | Software::Mongodb | Software::Redis | Software::Elasticsearch
            )
        )
}

impl Rule for DirectInternetToDatastore {
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
        let facts = cx.facts;
        let flow = model.flow_attrs(f);
        let (from, to) = model.flow_ends(f);
        if !facts.is_external(from) || facts.is_external(to) || !holds_data(model, to) {
            return;
        }
        let store_data = crate::analysis::data::classification(model, to);
        if store_data == Some(Classification::Public) {
            return;
        }
        let authenticated = flow.authentication.is_some_and(|a| a != Authentication::None);
        let (caller, store) = (model.component(from), model.component(to));
        hits.push(
            Hit::on(
                model.flow_id(f),
                format!(
                    "{} reaches {} directly, with no tier in between.",
                    quote::name_of(model, caller),
                    quote::name_of(model, store)
                ),
            )
            .with_elements([model.component_id(from), model.component_id(to)])
            .with_data(store_data.max(flow_data(model, f)))
            .exposed(true)
            .likelihood(if authenticated { -1 } else { 0 }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::flows::support::profile;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::{ComponentKind as K, Pattern};

    fn diagram(store: K) -> TestDiagram {
        TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("store", store, Some("acct"))
            .component("api", K::ApiGateway, Some("acct"))
            .flow("internet", "store", Pattern::DataRead)
            .flow("internet", "api", Pattern::SyncRequest)
            .flow("api", "store", Pattern::DataRead)
    }

    #[test]
    fn fires_on_the_direct_flow_only() {
        let model = diagram(K::RdsDatabase).props("store", |p| p.data = profile(Classification::Confidential)).build();
        let findings = run(&DirectInternetToDatastore, &model);
        assert_eq!(
            findings.iter().map(|f| f.id()).collect::<Vec<_>>(),
            vec!["direct-internet-to-datastore@internet-store"]
        );
        assert_eq!(findings[0].likelihood, Likelihood::Likely);
        assert_eq!(findings[0].impact, Impact::Major);
    }

    #[test]
    fn self_run_databases_count() {
        let model = diagram(K::GenericService).props("store", |p| p.software = Some(Software::Mongodb)).build();
        assert_eq!(ids(&DirectInternetToDatastore, &model), vec!["direct-internet-to-datastore@internet-store"]);
        let model = diagram(K::GenericService).props("store", |p| p.software = Some(Software::Kafka)).build();
        assert!(ids(&DirectInternetToDatastore, &model).is_empty());
    }

    #[test]
    fn public_data_is_expected() {
        let model = diagram(K::S3Bucket).props("store", |p| p.data = profile(Classification::Public)).build();
        assert!(ids(&DirectInternetToDatastore, &model).is_empty());
    }

    #[test]
    fn authentication_lowers_the_likelihood() {
        let model = diagram(K::DynamodbTable)
            .edit(|d| {
                let flow = d.flows.iter_mut().find(|f| f.id.as_str() == "internet-store").unwrap();
                flow.authentication = Some(Authentication::IamSigv4);
            })
            .build();
        assert_eq!(run(&DirectInternetToDatastore, &model)[0].likelihood, Likelihood::Possible);
    }
}
