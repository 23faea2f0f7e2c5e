//! Who effectively runs as an IAM role and what data a role reaches, shared by the role rules.
//!
//! Effective users (docs/security-model.md#blast-metadata and #precision, "the node role counts"): the components that name the role, plus,
//! for an EC2 node among them, every pod on the node that reaches its instance metadata and every process running
//! on the node itself. Data reach: what the role's statements name, and for resource `*`
//! every resource of the action's service in the role's account; [`DataIndex`] holds the per-account maxima, built
//! once per check.

use std::collections::HashMap;

use super::iam::{self, Access};
use crate::analysis::data::classification;
use crate::analysis::facts::Facts;
use crate::model::props::{Classification, NodeManagement, Permission};
use crate::model::{ComponentIx, ComponentKind as K, Model};

/// Whether a pod on `node` can take the node's credentials from the instance-metadata service (docs/security-model.md#blast-metadata): always on the host network; otherwise by the node's settings (IMDSv1, or IMDSv2 with hop limit 2 or more)
/// or, where they are not drawn, by the common default: reachable, except on Auto Mode nodes (hop limit 1).
/// Unspecified settings count as reachable at full weight because that default is common, so drawing any
/// setting can only keep or remove the reach, never add to it.
pub(super) fn reaches_node_role(model: &Model, node: ComponentIx, pod: ComponentIx) -> bool {
    if model.props(pod).host_network == Some(true) {
        return true;
    }
    let node_props = model.props(node);
    match node_props.instance_metadata {
        Some(metadata) => metadata.reachable_from_pods(),
        None => node_props.node_management != Some(NodeManagement::AutoMode),
    }
}

/// Calls `visit(user)` for every effective user of `role`: its direct users and, for each EC2 node among them, the
/// pods on the node that reach its metadata (see [`reaches_node_role`]) and the processes (generic services)
/// running on the node itself. A user may be visited twice (a pod naming the node's role).
pub(super) fn for_each_user(model: &Model, role: ComponentIx, mut visit: impl FnMut(ComponentIx)) {
    for &user in model.role_users(role) {
        visit(user);
        if model.kind(user) != K::Ec2Node {
            continue;
        }
        for &on_node in model.children(user) {
            let reaches = match model.kind(on_node) {
                K::Pod => reaches_node_role(model, user, on_node),
                K::GenericService => true,
                _ => false,
            };
            if reaches {
                visit(on_node);
            }
        }
    }
}

/// The ids of a role and its effective users, for a hit's elements.
pub(super) fn role_and_users(model: &Model, role: ComponentIx) -> Vec<ComponentIx> {
    let mut out = vec![role];
    for_each_user(model, role, |user| out.push(user));
    crate::sorting::sort(&mut out);
    out.dedup();
    out
}

/// Whether any effective user of the role is reachable from the internet.
pub(super) fn any_user_internet_facing(model: &Model, facts: &Facts, role: ComponentIx) -> bool {
    let mut exposed = false;
    for_each_user(model, role, |user| exposed |= facts.is_internet_facing(user));
    exposed
}

/// The most sensitive data classification per account and component kind, and per account over every kind.
pub(super) struct DataIndex {
    by_kind: HashMap<(Option<ComponentIx>, K), Classification>,
    any: HashMap<Option<ComponentIx>, Classification>,
}

fn raise(slot: &mut Option<Classification>, value: Option<Classification>) {
    if value > *slot {
        *slot = value;
    }
}

impl DataIndex {
    /// One pass over the components that carry data.
    pub(super) fn new(model: &Model, facts: &Facts) -> Self {
        let mut by_kind: HashMap<(Option<ComponentIx>, K), Classification> = HashMap::new();
        let mut any: HashMap<Option<ComponentIx>, Classification> = HashMap::new();
        for (c, data) in crate::analysis::data::carriers(model) {
            let level = data.classification;
            let account = facts.account(c);
            let slot = by_kind.entry((account, model.kind(c))).or_insert(level);
            *slot = (*slot).max(level);
            let slot = any.entry(account).or_insert(level);
            *slot = (*slot).max(level);
        }
        Self { by_kind, any }
    }

    /// The most sensitive data one statement reaches from a role in `account` (metadata-only actions reach none).
    pub(super) fn statement_reach(
        &self,
        model: &Model,
        account: Option<ComponentIx>,
        permission: &Permission,
    ) -> Option<Classification> {
        let mut best = None;
        let reaching = || permission.actions.iter().filter(|a| iam::access(a) > Access::Metadata);
        reaching().next()?;
        // The wildcard resource is looked at once however often it is repeated: a statement costs its actions plus
        // its resources, not their product.
        if permission.has_wildcard_resource() {
            for action in reaching() {
                if action == "*" {
                    raise(&mut best, self.any.get(&account).copied());
                } else {
                    for kind in iam::service_kinds(action) {
                        raise(&mut best, self.by_kind.get(&(account, kind)).copied());
                    }
                    // Taking a cluster or node over reaches what runs on it, as the blast radius does.
                    for &taken in crate::analysis::iam::ESCALATED_KINDS {
                        if crate::analysis::iam::takes_over(action, taken, true) {
                            for &kind in crate::analysis::iam::held_by(taken) {
                                raise(&mut best, self.by_kind.get(&(account, kind)).copied());
                            }
                        }
                    }
                }
            }
        }
        for resource in permission.resources.iter().filter(|r| *r != Permission::ANY_RESOURCE) {
            if let Some(target) = model.component_ix(resource) {
                raise(&mut best, classification(model, target));
            }
        }
        best
    }

    /// The most sensitive data any statement of `role` reaches, listed or assumed.
    pub(super) fn role_reach(&self, model: &Model, facts: &Facts, role: ComponentIx) -> Option<Classification> {
        let account = facts.account(role);
        let mut best = None;
        // Unlisted permissions are the usual managed policies of what runs as the role (`analysis::iam`).
        for permission in crate::analysis::iam::role_permissions(model, role).statements.iter() {
            raise(&mut best, self.statement_reach(model, account, permission));
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::TestDiagram;
    use crate::model::props::{DataProfile, InstanceMetadata};

    fn data(level: Classification) -> Option<DataProfile> {
        Some(DataProfile { classification: level, confidentiality: None, integrity: None, availability: None })
    }

    #[test]
    fn node_role_reaches_pods_by_metadata_settings() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("node-role", K::IamRole, Some("acct"))
            .component_with("node", K::Ec2Node, Some("acct"), |c| {
                c.role = Some(crate::analysis::testkit::id("node-role"));
            })
            .component("pod", K::Pod, Some("node"))
            .component_with("auto", K::Ec2Node, Some("acct"), |c| {
                c.role = Some(crate::analysis::testkit::id("node-role"));
                c.properties.node_management = Some(NodeManagement::AutoMode);
            })
            .component("auto-pod", K::Pod, Some("auto"))
            .component_with("host-pod", K::Pod, Some("auto"), |c| c.properties.host_network = Some(true))
            .component_with("locked", K::Ec2Node, Some("acct"), |c| {
                c.role = Some(crate::analysis::testkit::id("node-role"));
                c.properties.instance_metadata = Some(InstanceMetadata { imdsv2_required: true, hop_limit: 2 });
            })
            .component("locked-pod", K::Pod, Some("locked"))
            .build();
        let role = model.component_ix("node-role").unwrap();
        let mut seen = Vec::new();
        for_each_user(&model, role, |user| seen.push(model.component_id(user).as_str()));
        seen.sort_unstable();
        assert_eq!(seen, vec!["auto", "host-pod", "locked", "locked-pod", "node", "pod"]);
    }

    #[test]
    fn wildcard_resources_reach_the_service_in_the_account_only() {
        let model = TestDiagram::new()
            .component("a", K::AwsAccount, None)
            .component("b", K::AwsAccount, None)
            .component("role", K::IamRole, Some("a"))
            .component_with("bucket", K::S3Bucket, Some("a"), |c| {
                c.properties.data = data(Classification::Confidential);
            })
            .component_with("table", K::DynamodbTable, Some("a"), |c| {
                c.properties.data = data(Classification::Internal);
            })
            .component_with("other", K::S3Bucket, Some("b"), |c| c.properties.data = data(Classification::Restricted))
            .build();
        let facts = Facts::new(&model);
        let index = DataIndex::new(&model, &facts);
        let account = model.component_ix("a");
        let statement = |action: &str, resource: &str| Permission {
            actions: vec![action.to_owned()],
            resources: vec![resource.to_owned()],
            conditions: Vec::new(),
        };
        assert_eq!(
            index.statement_reach(&model, account, &statement("s3:GetObject", "*")),
            Some(Classification::Confidential)
        );
        assert_eq!(
            index.statement_reach(&model, account, &statement("dynamodb:*", "*")),
            Some(Classification::Internal)
        );
        assert_eq!(index.statement_reach(&model, account, &statement("*", "*")), Some(Classification::Confidential));
        assert_eq!(index.statement_reach(&model, account, &statement("s3:ListBucket", "*")), None);
        assert_eq!(
            index.statement_reach(&model, account, &statement("s3:GetObject", "other")),
            Some(Classification::Restricted)
        );
    }
}
