//! The service kinds of real architectures (ECS, NAT gateway, VPC endpoints, CloudFront, Kinesis, Step Functions,
//! ElastiCache, RDS Proxy, Cognito, external registries) on the sample that uses them, `samples/shop-ecs.json`: each
//! rule they brought fires there for what the sample gets wrong and goes quiet when that is fixed, the task
//! execution role is held by the container instance's agent, and the file saves as format version 5.
#![expect(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]

#[path = "support/findings.rs"]
mod findings_of;

use findings_of::{component, explanation, findings};
use trustmap::analysis::blast::{BlastGraph, Level, Start};
use trustmap::model::props::{Classification, DataProfile, MinimumTls, OriginAccess, ResourcePolicy};
use trustmap::model::{Diagram, Model};

fn shop() -> Diagram {
    let sample = trustmap::io::samples::find("shop-ecs").unwrap();
    sample.model().unwrap_or_else(|p| panic!("{p:?}")).into_diagram()
}

#[test]
fn a_public_image_by_a_mutable_tag_is_found_and_a_digest_silences_it() {
    let mut d = shop();
    assert_eq!(findings(&d, "mutable-image-tag"), ["mutable-image-tag@worker"]);
    assert!(explanation(&d, "mutable-image-tag@worker").contains("Docker Hub (public) by a mutable tag"));
    component(&mut d, "worker").properties.image_pinned = Some(true);
    assert!(findings(&d, "mutable-image-tag").is_empty());
}

#[test]
fn the_session_cache_without_tls_or_token_is_found() {
    let mut d = shop();
    assert_eq!(findings(&d, "open-cache"), ["open-cache@cache"]);
    let cache = component(&mut d, "cache");
    cache.properties.encryption_in_transit = Some(true);
    cache.properties.requires_authentication = Some(true);
    assert!(findings(&d, "open-cache").is_empty());
}

#[test]
fn only_the_endpoint_with_the_default_policy_is_found() {
    let mut d = shop();
    assert_eq!(findings(&d, "open-endpoint-policy"), ["open-endpoint-policy@s3-endpoint"]);
    component(&mut d, "s3-endpoint").properties.policy =
        Some(ResourcePolicy { any_principal: true, source_condition: true });
    assert!(findings(&d, "open-endpoint-policy").is_empty());
}

#[test]
fn cloudfront_admitting_tls_1_0_is_found() {
    let mut d = shop();
    assert_eq!(findings(&d, "legacy-viewer-tls"), ["legacy-viewer-tls@cdn"]);
    component(&mut d, "cdn").properties.minimum_tls = Some(MinimumTls::Tls12);
    assert!(findings(&d, "legacy-viewer-tls").is_empty());
}

#[test]
fn waf_advice_fits_what_each_entry_point_can_take() {
    let d = shop();
    // CloudFront carries the WAF; the ALB admits only CloudFront, so the edge WAF counts for it too.
    assert_eq!(findings(&d, "public-api-without-waf"), ["public-api-without-waf@api"]);
    assert!(
        explanation(&d, "public-api-without-waf@api")
            .contains("As an HTTP API it cannot take a web ACL: put a CloudFront distribution with a WAF in front")
    );
    // Opening the ALB to everyone makes it an entry point of its own, which a WAF can protect directly.
    let mut open = d.clone();
    component(&mut open, "alb").properties.ingress_restricted = Some(false);
    assert!(findings(&open, "public-api-without-waf").contains(&"public-api-without-waf@alb".to_owned()));
    assert!(!explanation(&open, "public-api-without-waf@alb").contains("cannot take"));
}

#[test]
fn the_unencrypted_kinesis_stream_is_an_unencrypted_queue() {
    let mut d = shop();
    assert_eq!(findings(&d, "unencrypted-queue"), ["unencrypted-queue@order-events"]);
    component(&mut d, "order-events").properties.encryption_at_rest = Some(true);
    assert!(findings(&d, "unencrypted-queue").is_empty());
}

#[test]
fn ecs_on_ec2_shares_the_instance_and_fargate_does_not() {
    let d = shop();
    let model = Model::new(d).unwrap();
    let level = |from: &str, to: &str| {
        let radius = BlastGraph::new(&model, model.diagram().settings.posture)
            .radius(Start::Component(model.component_ix(from).unwrap()));
        radius.level_of(model.component_ix(to).unwrap())
    };
    // A breakout from orders reaches the instance and with it the worker beside it.
    assert!(level("orders", "instances").is_some());
    assert!(level("orders", "worker").is_some());
    // web runs on Fargate: no instance to break out to.
    assert_ne!(level("web", "instances"), Some(Level::Control));
    let responsibility = trustmap::analysis::responsibility::Responsibility::compute(&model);
    let share = |id: &str| responsibility.component(id).unwrap().customer_share;
    assert!(share("orders") > share("web"), "Fargate moves layers to AWS");
}

#[test]
fn the_partner_api_counts_as_authenticated_through_its_user_pool() {
    let d = shop();
    let model = Model::new(d.clone()).unwrap();
    assert_eq!(model.props(model.component_ix("api").unwrap()).requires_authentication, Some(true));
    let mut unprotected = d;
    component(&mut unprotected, "user-pool").protects.clear();
    let model = Model::new(unprotected).unwrap();
    assert_eq!(model.props(model.component_ix("api").unwrap()).requires_authentication, None);
}

#[test]
fn the_sample_saves_as_version_5_and_reads_back_and_without_execution_roles_as_4() {
    let d = shop();
    assert_eq!(d.format_version(), 5);
    let text = trustmap::io::to_json(&d);
    assert!(text.contains("\"version\": 5"));
    let again = trustmap::io::load_str(&text).unwrap().into_diagram();
    assert_eq!(again, d);
    assert!(d.flows.iter().any(|f| f.pattern == trustmap::model::Pattern::Redrive));
    let mut older = d;
    for c in &mut older.components {
        c.execution_role = None;
    }
    assert_eq!(older.format_version(), 4);
}

#[test]
fn the_task_execution_role_is_held_by_the_instance_agent_not_by_the_task() {
    let d = shop();
    let model = Model::new(d.clone()).unwrap();
    let graph = BlastGraph::new(&model, model.diagram().settings.posture);
    let ix = |id: &str| model.component_ix(id).unwrap();
    // Whoever takes the container instance holds the execution role of the services it runs, through their agent.
    let from_instance = graph.radius(Start::Component(ix("instances")));
    assert_eq!(from_instance.level_of(ix("task-execution-role")), Some(Level::Control));
    let views = from_instance.views(&model);
    let view = views.iter().find(|v| v.id == "task-execution-role").unwrap();
    assert_eq!(view.mechanism, trustmap::analysis::blast::Mechanism::AgentCredentials, "{view:?}");
    // With it comes what the role may do: it reads the database secret it injects.
    assert!(from_instance.level_of(ix("db-secret")).is_some());
    // A task on Fargate never holds it, and a task reaches it only by taking its instance first.
    let from_web = graph.radius(Start::Component(ix("web")));
    assert_eq!(from_web.level_of(ix("task-execution-role")), None);
    let from_orders = graph.radius(Start::Component(ix("orders")));
    let orders_views = from_orders.views(&model);
    let step = orders_views.iter().find(|v| v.id == "task-execution-role").unwrap();
    assert!(step.hops >= 2, "through the instance: {step:?}");
    // An execution role on a kind that has none is a problem naming the field.
    let mut wrong = d;
    component(&mut wrong, "db").execution_role = Some(trustmap::model::id::Id::new("task-execution-role").unwrap());
    let problems = Model::new(wrong).err().unwrap();
    assert!(problems.iter().any(|p| p.to_string().contains("execution_role")), "{problems:?}");
}

#[test]
fn a_private_bucket_behind_cloudfront_without_origin_access_is_found() {
    let mut d = shop();
    assert!(findings(&d, "public-cloudfront-origin").is_empty(), "the shop uses origin access control");
    component(&mut d, "cdn").properties.origin_access = Some(OriginAccess::None);
    assert!(findings(&d, "public-cloudfront-origin").is_empty(), "the media bucket holds public data");
    component(&mut d, "media").properties.data = Some(DataProfile {
        classification: Classification::Confidential,
        confidentiality: None,
        integrity: None,
        availability: None,
    });
    assert_eq!(findings(&d, "public-cloudfront-origin"), ["public-cloudfront-origin@media"]);
}

#[test]
fn a_privileged_task_on_a_container_instance_is_a_privileged_pod_and_on_fargate_it_is_not() {
    let mut d = shop();
    assert!(findings(&d, "privileged-pod").is_empty());
    component(&mut d, "worker").properties.privileged = Some(true);
    component(&mut d, "web").properties.privileged = Some(true);
    assert_eq!(findings(&d, "privileged-pod"), ["privileged-pod@worker"], "web runs on Fargate");
    // The instances require IMDSv2 with hop limit 1: no task reaches the instance role.
    assert!(findings(&d, "pod-reaches-instance-metadata").is_empty());
    component(&mut d, "instances").properties.instance_metadata = None;
    assert_eq!(findings(&d, "pod-reaches-instance-metadata"), ["pod-reaches-instance-metadata@instances"]);
}
