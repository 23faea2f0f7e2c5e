//! What a role may do when the diagram does not list its permissions. Unknown is not empty: a role drawn without
//! `permissions` is taken to hold the AWS managed policies that what runs as it usually has, and every reader (the
//! rules and the blast radius) marks what follows from that as assumed. Roles of EC2 nodes get the Amazon EKS node
//! policies (`AmazonEC2ContainerRegistryReadOnly`: pull from every registry in the account); other roles get the
//! basic execution policies (CloudWatch Logs), which reach nothing drawn. A role that lists its permissions, even
//! as an empty list, holds exactly those.

use std::borrow::Cow;

use crate::model::props::Permission;
use crate::model::{ComponentIx, ComponentKind as K, Model};

/// The permissions a role is taken to hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RolePermissions<'a> {
    /// The statements.
    pub statements: Cow<'a, [Permission]>,
    /// Whether they are assumed (the diagram lists none) rather than listed.
    pub assumed: bool,
}

/// The ECR actions of `AmazonEC2ContainerRegistryReadOnly` that pull an image.
const NODE_ECR_READ: [&str; 2] = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/// The permissions of `role`: as listed, or the usual managed policies of what runs as it.
pub fn role_permissions(model: &Model, role: ComponentIx) -> RolePermissions<'_> {
    if let Some(listed) = &model.props(role).permissions {
        return RolePermissions { statements: Cow::Borrowed(listed.as_slice()), assumed: false };
    }
    let node = model.role_users(role).iter().any(|&user| model.kind(user) == K::Ec2Node);
    let statements = if node {
        vec![Permission {
            actions: NODE_ECR_READ.iter().map(|a| (*a).to_owned()).collect(),
            resources: vec![Permission::ANY_RESOURCE.to_owned()],
        }]
    } else {
        Vec::new()
    };
    RolePermissions { statements: Cow::Owned(statements), assumed: true }
}
