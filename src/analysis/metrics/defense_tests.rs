//! Tests of the defense-in-depth search (`defense.rs`) and the controls it counts (`controls.rs`).

use crate::analysis::facts::Facts;
use crate::analysis::metrics::{DefensePath, Metrics};
use crate::analysis::testkit::TestDiagram;
use crate::model::props::{Classification, DataProfile, Exposure, ResourcePolicy, Software};
use crate::model::{Authentication, ComponentKind as K, Model, Pattern};

fn paths(model: &Model) -> Vec<DefensePath> {
    Metrics::compute(model, &Facts::new(model)).defense_in_depth
}

fn confidential() -> Option<DataProfile> {
    Some(DataProfile {
        classification: Classification::Confidential,
        confidentiality: None,
        integrity: None,
        availability: None,
    })
}

fn strs(ids: &[crate::model::Id]) -> Vec<&str> {
    ids.iter().map(|i| i.as_str()).collect()
}

/// internet -> public load balancer -> service -> RDS, nothing but the database password on the way.
fn web_db() -> TestDiagram {
    TestDiagram::new()
        .component("internet", K::Internet, None)
        .component("acct", K::AwsAccount, None)
        .component("vpc", K::Vpc, Some("acct"))
        .component_with("alb", K::LoadBalancer, Some("vpc"), |c| c.properties.exposure = Some(Exposure::Public))
        .component("web", K::GenericService, Some("vpc"))
        .component_with("db", K::RdsDatabase, Some("vpc"), |c| c.properties.data = confidential())
        .flow("internet", "alb", Pattern::SyncRequest)
        .flow("alb", "web", Pattern::SyncRequest)
        .flow("web", "db", Pattern::DataRead)
}

#[test]
fn the_database_password_held_by_the_service_on_the_path_is_no_control() {
    let found = paths(&web_db().build());
    assert_eq!(found.len(), 1);
    let p = &found[0];
    assert_eq!((p.source.as_str(), p.target.as_str(), p.controls), ("internet", "db", 0));
    assert_eq!(strs(&p.path), ["internet", "alb", "web", "db"]);
    assert!(p.controls_on_path.is_empty());
    assert_eq!(p.unstated_authentication, 2, "neither hop into alb nor into web says");
}

#[test]
fn every_layer_counts_once_per_hop() {
    let model = web_db()
        .component_with("waf", K::Waf, Some("acct"), |c| c.protects = vec![crate::analysis::testkit::id("alb")])
        .props("web", |p| p.ingress_restricted = Some(true))
        .edit(|d| {
            let flow = d.flows.iter_mut().find(|f| f.id.as_str() == "alb-web").unwrap();
            flow.authentication = Some(Authentication::Token);
            flow.authorization = Some(true);
        })
        .build();
    let p = &paths(&model)[0];
    // The load balancer forwards the caller's own token, so authentication and authorisation on its flow count;
    // web's ingress rules admit the load balancer, and web holds the database password: neither counts.
    assert_eq!(p.controls, 3);
    assert_eq!(
        p.controls_on_path,
        ["WAF protecting alb", "authentication (token) on flow alb-web", "authorisation on flow alb-web"]
    );
    assert_eq!(p.unstated_authentication, 1);
}

#[test]
fn the_weakest_of_several_paths_wins_including_public_components_without_a_flow() {
    let model = TestDiagram::new()
        .component("internet", K::Internet, None)
        .component("acct", K::AwsAccount, None)
        .component_with("api", K::ApiGateway, Some("acct"), |c| c.properties.requires_authentication = Some(true))
        .component("orders", K::Lambda, Some("acct"))
        .component_with("legacy", K::GenericService, Some("acct"), |c| {
            c.properties.exposure = Some(Exposure::Public);
        })
        .component_with("table", K::DynamodbTable, Some("acct"), |c| c.properties.data = confidential())
        .flow("internet", "api", Pattern::SyncRequest)
        .flow("api", "orders", Pattern::SyncRequest)
        .flow("orders", "table", Pattern::DataWrite)
        .flow("legacy", "table", Pattern::DataRead)
        .build();
    let p = &paths(&model)[0];
    assert_eq!(strs(&p.path), ["internet", "legacy", "table"]);
    assert_eq!(p.controls, 0, "legacy signs with its own role");
    assert!(p.controls_on_path.is_empty());
}

#[test]
fn queue_messages_reach_the_consumer_whatever_the_consumer_authenticates_with() {
    let model = TestDiagram::new()
        .component("internet", K::Internet, None)
        .component("acct", K::AwsAccount, None)
        .component("producer", K::GenericService, Some("acct"))
        .component_with("queue", K::SqsQueue, Some("acct"), |c| {
            c.properties.policy = Some(ResourcePolicy { any_principal: true, source_condition: false });
        })
        .component("consumer", K::GenericService, Some("acct"))
        .component_with("db", K::GenericService, Some("acct"), |c| {
            c.properties.software = Some(Software::Postgresql);
            c.properties.data = confidential();
        })
        .flow("internet", "producer", Pattern::SyncRequest)
        .flow("producer", "queue", Pattern::QueueSend)
        .flow_with("consumer", "queue", Pattern::QueueReceive, |f| {
            f.authentication = Some(Authentication::IamSigv4);
            f.authorization = Some(true);
        })
        .flow("consumer", "db", Pattern::DataWrite)
        .build();
    let p = &paths(&model)[0];
    assert_eq!(strs(&p.path), ["internet", "producer", "queue", "consumer", "db"]);
    assert_eq!(p.controls, 0, "an open queue policy lets any AWS account sign, and the pull hop judges nothing");
    assert!(p.controls_on_path.is_empty());
}

#[test]
fn on_premises_networks_reach_what_is_inside_them() {
    let model = TestDiagram::new()
        .component("dc", K::OnPrem, None)
        .component("erp", K::GenericService, Some("dc"))
        .component("acct", K::AwsAccount, None)
        .component_with("db", K::RdsDatabase, Some("acct"), |c| c.properties.data = confidential())
        .flow_with("erp", "db", Pattern::DataWrite, |f| f.authentication = Some(Authentication::Password))
        .build();
    let p = &paths(&model)[0];
    assert_eq!(strs(&p.path), ["dc", "erp", "db"]);
    assert_eq!(p.controls, 0, "erp holds the password");
    let model = TestDiagram::new()
        .component("dc", K::OnPrem, None)
        .component("acct", K::AwsAccount, None)
        .component_with("db", K::RdsDatabase, Some("acct"), |c| c.properties.data = confidential())
        .flow_with("dc", "db", Pattern::DataWrite, |f| f.authentication = Some(Authentication::Password))
        .build();
    let p = &paths(&model)[0];
    assert_eq!(p.controls, 1, "from the network itself, password authentication and a database requiring it are one");
    assert_eq!(p.controls_on_path, ["authentication (password) on flow dc-db"]);
}

#[test]
fn unclassified_or_unreached_stores_have_no_path() {
    let model = web_db()
        .props("db", |p| p.data = None)
        .component_with("vault", K::SecretsManager, Some("acct"), |c| c.properties.data = confidential())
        .build();
    assert!(paths(&model).is_empty());
}

#[test]
fn optimistic_and_external_searches_are_separate() {
    let model = TestDiagram::new()
        .component("internet", K::Internet, None)
        .component("dc", K::OnPrem, None)
        .component("erp", K::GenericService, Some("dc"))
        .component("acct", K::AwsAccount, None)
        .component("api", K::GenericService, Some("acct"))
        .component_with("db", K::RdsDatabase, Some("acct"), |c| c.properties.data = confidential())
        .flow_with("internet", "api", Pattern::SyncRequest, |f| f.authentication = Some(Authentication::Token))
        .flow("api", "db", Pattern::DataRead)
        .flow_with("erp", "db", Pattern::DataRead, |f| f.authentication = Some(Authentication::None))
        .build();
    let p = &paths(&model)[0];
    assert_eq!(strs(&p.path), ["dc", "erp", "db"], "the insider's path has no control, the internet's one");
    assert_eq!((p.controls, p.external_controls, p.optimistic_controls), (0, Some(1), 1));
    assert_eq!(p.unstated_authentication, 1, "the on-premises network entering erp does not say");

    let model = web_db().build();
    let p = &paths(&model)[0];
    assert_eq!((p.controls, p.external_controls, p.optimistic_controls), (0, Some(0), 2));
}
