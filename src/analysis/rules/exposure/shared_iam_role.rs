//! `shared-iam-role`: one IAM role used by components of two or more bounded contexts, the node role counting for
//! the pods that reach it through instance metadata (docs/security-model.md#blast-metadata and #precision). One finding per role.

use super::roles::{self, DataIndex};
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, Threshold};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentKind as K;

/// The rule.
pub struct SharedIamRole;

/// The `contexts` threshold.
const CONTEXTS: Threshold = Threshold {
    name: "contexts",
    default: 2.0,
    min: Threshold::COUNT.0,
    max: Threshold::COUNT.1,
    description: "Bounded contexts a role's users must span before it is reported.",
};

static META: RuleMeta = RuleMeta {
    id: "shared-iam-role",
    title: "IAM role shared across bounded contexts",
    description: "Bounded contexts are isolation units; a role shared between them \
        gives each context everything the others may do, so one compromised service reaches the data of every \
        context on the role. Fires once per IAM role whose effective users sit in at least `contexts` different \
        bounded contexts (default 2). Effective users are the components that name the role and, for an EC2 node \
        role, every pod on that node that reaches the instance-metadata service (IMDSv1, or IMDSv2 with hop limit \
        2 or more; pods on the host network always do) and every process on the node. Where the node's metadata \
        settings are not drawn, pods count by the common default (reachable, except on Auto Mode nodes, whose hop \
        limit is 1), at full weight because that default is common. Components \
        outside every context do not count. Impact scales with the most sensitive data the role reaches in its \
        account; likelihood is one step higher when a user is internet-facing.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Give every service its own role with only its permissions: IAM roles for service accounts or \
                EKS Pod Identity for pods, one execution role per Lambda function.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Keep pods away from the node role: require IMDSv2 with hop limit 1 (or block the metadata \
                address with a network policy), or run the pods on Fargate.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm on a role being used from unexpected workloads or addresses (CloudTrail, GuardDuty).",
        },
    ],
    thresholds: &[CONTEXTS],
    reference: Some(
        "Amazon EKS best practices guide, security: restrict access to the instance profile assigned \
        to the worker node; IAM roles for service accounts",
    ),
};

impl Rule for SharedIamRole {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        let needed = cx.threshold(&CONTEXTS).max(2.0);
        let mut index: Option<DataIndex> = None;
        let mut contexts: Vec<usize> = Vec::new();
        for role in model.components_of(crate::model::Kinds::of(&[K::IamRole])) {
            contexts.clear();
            roles::for_each_user(model, role, |user| contexts.extend(model.context(user)));
            crate::sorting::sort(&mut contexts);
            contexts.dedup();
            #[expect(clippy::cast_precision_loss, reason = "context counts are small")]
            let spans = contexts.len() as f64;
            if spans < needed {
                continue;
            }
            let names: Vec<&str> =
                contexts.iter().filter_map(|&i| model.diagram().contexts.get(i)).map(|c| c.name.as_str()).collect();
            let component = model.component(role);
            let index = index.get_or_insert_with(|| DataIndex::new(model, facts));
            let users = roles::role_and_users(model, role);
            hits.push(
                Hit::on(
                    &component.id,
                    format!(
                        "{} is used by components of {} bounded contexts: {}.",
                        quote::name_of(model, component),
                        names.len(),
                        names.join(", ")
                    ),
                )
                .with_elements(users.iter().map(|&c| model.component_id(c)))
                .with_data(index.role_reach(model, facts, role))
                .exposed(roles::any_user_internet_facing(model, facts, role)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, id, ids, run};
    use crate::model::props::{InstanceMetadata, NodeManagement};

    fn two_contexts() -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("shared", K::IamRole, Some("acct"))
            .component("node-role", K::IamRole, Some("acct"))
            .component_with("orders", K::Lambda, Some("acct"), |c| c.role = Some(id("shared")))
            .component_with("billing", K::Lambda, Some("acct"), |c| c.role = Some(id("shared")))
            .component_with("node", K::Ec2Node, Some("acct"), |c| c.role = Some(id("node-role")))
            .component("cart", K::Pod, Some("node"))
            .component("payments", K::Pod, Some("node"))
            .context("ordering", &["orders", "cart"])
            .context("paying", &["billing", "payments"])
    }

    #[test]
    fn fires_for_a_role_named_by_two_contexts_and_for_the_node_role() {
        let model = two_contexts().build();
        let findings = run(&SharedIamRole, &model);
        let found: Vec<&str> = findings.iter().map(|f| f.id()).collect();
        assert_eq!(found, vec!["shared-iam-role@node-role", "shared-iam-role@shared"]);
        // Node metadata settings not drawn: the common default (reachable from pods) applies.
        assert!(findings.iter().all(|f| f.likelihood == Likelihood::Possible));
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["cart", "node", "node-role", "payments"]);
    }

    #[test]
    fn explicit_metadata_settings_decide_the_node_role() {
        let open = two_contexts()
            .props("node", |p| p.instance_metadata = Some(InstanceMetadata { imdsv2_required: false, hop_limit: 1 }))
            .build();
        assert_eq!(ids(&SharedIamRole, &open), vec!["shared-iam-role@node-role", "shared-iam-role@shared"]);
        let locked = two_contexts()
            .props("node", |p| p.instance_metadata = Some(InstanceMetadata { imdsv2_required: true, hop_limit: 1 }))
            .build();
        assert_eq!(ids(&SharedIamRole, &locked), vec!["shared-iam-role@shared"]);
        let auto = two_contexts().props("node", |p| p.node_management = Some(NodeManagement::AutoMode)).build();
        assert_eq!(ids(&SharedIamRole, &auto), vec!["shared-iam-role@shared"]);
    }

    #[test]
    fn host_network_pods_reach_the_node_role_even_in_auto_mode() {
        let model = two_contexts()
            .props("node", |p| p.node_management = Some(NodeManagement::AutoMode))
            .props("payments", |p| p.host_network = Some(true))
            .props("cart", |p| p.host_network = Some(true))
            .build();
        let findings = run(&SharedIamRole, &model);
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|f| f.likelihood == Likelihood::Possible));
    }

    #[test]
    fn one_context_or_a_higher_threshold_is_quiet() {
        let model = two_contexts().edit(|d| d.contexts.retain(|c| c.id.as_str() == "ordering")).build();
        assert!(ids(&SharedIamRole, &model).is_empty());
        let model = two_contexts()
            .edit(|d| {
                d.settings.rules.entry("shared-iam-role".into()).or_default().thresholds.insert("contexts".into(), 3.0);
            })
            .build();
        assert!(ids(&SharedIamRole, &model).is_empty());
    }
}
