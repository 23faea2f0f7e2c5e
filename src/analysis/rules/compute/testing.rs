//! Test helpers shared by the compute rules' tests: data profiles and a small EKS cluster with one node.

use crate::analysis::testkit::{TestDiagram, id};
use crate::model::ComponentKind as K;
use crate::model::props::{Classification, DataProfile};

/// A data profile of the given classification.
pub(super) fn data(classification: Classification) -> Option<DataProfile> {
    Some(DataProfile { classification, confidentiality: None, integrity: None, availability: None })
}

/// An account `acct` holding a cluster `cluster` with one EC2 node `node` (self-managed by default).
pub(super) fn cluster_with_node() -> TestDiagram {
    TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("cluster", K::EksCluster, Some("acct"))
        .component("node", K::Ec2Node, Some("cluster"))
}

/// Adds an IAM role `role` to `acct` (when missing) and lets `component` run as it.
pub(super) fn run_as(diagram: TestDiagram, component: &str, role: &str) -> TestDiagram {
    let has_role = diagram.diagram.components.iter().any(|c| c.id.as_str() == role);
    let diagram = if has_role { diagram } else { diagram.component(role, K::IamRole, Some("acct")) };
    diagram.edit(|d| {
        for c in d.components.iter_mut().filter(|c| c.id.as_str() == component) {
            c.role = Some(id(role));
        }
    })
}
