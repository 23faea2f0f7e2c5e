//! Tests of shared responsibility: hosts, node management modes, Lambda packaging, on-premises, and the totals.

use super::Responsibility;
use crate::analysis::testkit::TestDiagram;
use crate::model::props::{NodeManagement, PackageType, RuntimeUpdates};
use crate::model::responsibility::{Layer, Owner};
use crate::model::{ComponentKind as K, Model};

use Owner::{Absent as X, Aws as A, Customer as C, Shared as S};

fn cluster() -> TestDiagram {
    TestDiagram::new().component("acct", K::AwsAccount, None).component("vpc", K::Vpc, Some("acct")).component(
        "eks",
        K::EksCluster,
        Some("vpc"),
    )
}

/// The same service as a pod on a node of the given management mode.
fn pod_on(mode: Option<NodeManagement>) -> Model {
    cluster()
        .component_with("node", K::Ec2Node, Some("eks"), |c| c.properties.node_management = mode)
        .component("svc", K::Pod, Some("node"))
        .component("app", K::Container, Some("svc"))
        .build()
}

fn lower(r: &Responsibility, id: &str) -> [Owner; 5] {
    let stack = r.component(id).unwrap().stack;
    [Layer::Physical, Layer::VirtualMachine, Layer::ContainerRuntime, Layer::Orchestration, Layer::RuntimeEnvironment]
        .map(|l| stack.owner(l))
}

fn share(model: &Model, id: &str) -> f64 {
    Responsibility::compute(model).component(id).unwrap().customer_share
}

#[test]
fn moving_a_service_to_fargate_then_lambda_moves_layers_to_aws() {
    let ec2 = pod_on(None);
    let fargate =
        cluster().component("profile", K::FargateProfile, Some("eks")).component("svc", K::Pod, Some("profile"));
    let fargate = fargate.build();
    let lambda = TestDiagram::new().component("acct", K::AwsAccount, None).component("svc", K::Lambda, Some("acct"));
    let lambda = lambda.build();
    let (on_ec2, on_fargate, on_lambda) = (share(&ec2, "svc"), share(&fargate, "svc"), share(&lambda, "svc"));
    assert!((on_ec2 - 8.0 / 9.0).abs() < 1e-9, "{on_ec2}");
    assert!((on_fargate - 5.5 / 9.0).abs() < 1e-9, "{on_fargate}");
    assert!((on_lambda - 4.0 / 9.0).abs() < 1e-9, "{on_lambda}");
    assert!(on_ec2 > on_fargate && on_fargate > on_lambda);

    let r = Responsibility::compute(&fargate);
    assert_eq!(lower(&r, "svc"), [A, A, A, S, C]);
    assert_eq!(r.component("svc").unwrap().adjustments.len(), 1);
    assert!(r.component("svc").unwrap().adjustments[0].starts_with("runs on profile (Fargate)"));
    let r = Responsibility::compute(&ec2);
    assert_eq!(lower(&r, "svc"), [A, C, C, C, C]);
    assert!(r.component("svc").unwrap().adjustments.is_empty(), "the catalog already shows a self-managed host");
}

#[test]
fn managed_node_groups_share_the_os_and_runtime() {
    let model = pod_on(Some(NodeManagement::ManagedNodeGroup));
    let r = Responsibility::compute(&model);
    assert_eq!(lower(&r, "svc"), [A, S, S, C, C]);
    assert_eq!(lower(&r, "app"), [A, S, S, C, C], "a container takes the layers of its pod's host");
    assert_eq!(lower(&r, "node"), [A, S, S, C, X]);
    assert!(r.component("node").unwrap().adjustments[0].starts_with("managed node group: AWS ships patched AMIs"));
    assert!((share(&model, "svc") - 7.0 / 9.0).abs() < 1e-9);
}

#[test]
fn auto_mode_hands_the_node_to_aws_except_the_node_role() {
    let model = pod_on(Some(NodeManagement::AutoMode));
    let r = Responsibility::compute(&model);
    assert_eq!(lower(&r, "svc"), [A, A, A, S, C]);
    assert_eq!(lower(&r, "node"), [A, A, A, S, X]);
    assert!(share(&model, "svc") < share(&pod_on(Some(NodeManagement::ManagedNodeGroup)), "svc"));
}

#[test]
fn lambda_images_and_pinned_runtimes_move_layers_back_to_the_customer() {
    let model = TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("zip", K::Lambda, Some("acct"))
        .component_with("image", K::Lambda, Some("acct"), |c| c.properties.package_type = Some(PackageType::Image))
        .component_with("pinned", K::Lambda, Some("acct"), |c| {
            c.properties.runtime_updates = Some(RuntimeUpdates::Manual);
        })
        .build();
    let r = Responsibility::compute(&model);
    assert_eq!(lower(&r, "zip"), [A, A, A, A, A]);
    assert!(r.component("zip").unwrap().adjustments.is_empty());
    assert_eq!(lower(&r, "image"), [A, S, A, A, C]);
    assert_eq!(lower(&r, "pinned"), [A, A, A, A, S]);
    assert!(r.component("pinned").unwrap().adjustments[0].contains("'manual'"));
}

#[test]
fn a_deprecated_lambda_runtime_is_the_customers_and_a_current_one_is_not() {
    let model = TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component_with("old", K::Lambda, Some("acct"), |c| c.properties.runtime = Some("nodejs14.x".into()))
        .component_with("new", K::Lambda, Some("acct"), |c| c.properties.runtime = Some("python3.12".into()))
        .build();
    let r = Responsibility::compute(&model);
    assert_eq!(lower(&r, "old"), [A, A, A, A, C]);
    assert!(r.component("old").unwrap().adjustments[0].contains("nodejs14.x is deprecated since 2023-12-04"));
    assert_eq!(lower(&r, "new"), [A, A, A, A, A]);
}

#[test]
fn on_premises_components_are_the_customers_on_every_layer_and_processes_take_the_node_os() {
    let model = TestDiagram::new()
        .component("dc", K::OnPrem, None)
        .component("erp", K::GenericService, Some("dc"))
        .component("acct", K::AwsAccount, None)
        .component_with("node", K::Ec2Node, Some("acct"), |c| {
            c.properties.node_management = Some(NodeManagement::AutoMode);
        })
        .component("agent", K::GenericService, Some("node"))
        .build();
    let r = Responsibility::compute(&model);
    assert_eq!(lower(&r, "erp"), [C, C, X, X, C]);
    assert!(r.component("erp").unwrap().adjustments[0].contains("on-premises network dc"));
    assert_eq!(lower(&r, "agent"), [A, A, X, X, C]);
}

#[test]
fn totals_count_present_layers_per_owner() {
    let model = TestDiagram::new()
        .component("internet", K::Internet, None)
        .component("acct", K::AwsAccount, None)
        .component("fn", K::Lambda, Some("acct"))
        .build();
    let r = Responsibility::compute(&model);
    assert_eq!(r.components.len(), 3);
    assert!(r.component("internet").unwrap().customer_share.abs() < 1e-12);
    // Account: AWS 1, customer 1. Lambda: AWS 5, customer 4.
    assert_eq!(r.layers_by_owner[&A], 6);
    assert_eq!(r.layers_by_owner[&C], 5);
    assert_eq!(r.layers_by_owner[&S], 0);
    assert!((r.customer_share - 5.0 / 11.0).abs() < 1e-9);
    assert!(Responsibility::compute(&TestDiagram::new().build()).customer_share.abs() < 1e-12);
}

#[test]
fn ecs_services_take_their_lower_layers_from_ec2_instances_or_fargate() {
    let ecs = || {
        TestDiagram::new().component("acct", K::AwsAccount, None).component("vpc", K::Vpc, Some("acct")).component(
            "ecs",
            K::EcsCluster,
            Some("vpc"),
        )
    };
    let on_ec2 = ecs()
        .component_with("instance", K::Ec2Node, Some("ecs"), |c| {
            c.properties.node_management = Some(NodeManagement::ManagedNodeGroup);
        })
        .component("svc", K::EcsService, Some("instance"))
        .build();
    let r = Responsibility::compute(&on_ec2);
    assert_eq!(lower(&r, "svc"), [A, S, S, C, C], "as a pod on the same instance");
    let on_fargate = ecs().component("svc", K::EcsService, Some("ecs")).build();
    let r = Responsibility::compute(&on_fargate);
    assert_eq!(lower(&r, "svc"), [A, A, A, A, C]);
    assert!(r.component("svc").unwrap().adjustments[0].starts_with("runs on Fargate"));
    assert!(share(&on_ec2, "svc") > share(&on_fargate, "svc"));
}

/// A component added or removed adjusts the totals by its layers: the same as computing them afresh, for every sample
/// and a few kinds.
#[test]
fn totals_after_a_component_came_or_went_are_those_computed_afresh() {
    use crate::model::changes::ComponentShift;
    use crate::model::{Component, ComponentKind as K, Id};
    let mut checked = 0;
    for sample in crate::io::samples::all() {
        let model = sample.model().unwrap();
        for kind in [K::Ec2Node, K::Lambda, K::S3Bucket, K::User] {
            let mut diagram = model.diagram().clone();
            diagram.components.push(Component::new(Id::new("aaa-added").unwrap(), kind, "Added"));
            let Ok(changed) = Model::new(diagram) else { continue };
            let at = changed.component_ix("aaa-added").unwrap();
            let shift = |added| ComponentShift {
                at,
                added,
                id: Id::new("aaa-added").unwrap(),
                kind,
                parent: None,
                data: false,
            };
            let mut kept = Responsibility::compute(&model);
            kept.shift(&changed, &shift(true));
            assert_eq!(kept, Responsibility::compute(&changed), "{}: {kind} added", sample.file);
            kept.shift(&model, &shift(false));
            assert_eq!(kept, Responsibility::compute(&model), "{}: {kind} removed", sample.file);
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked} checked");
}
