//! `code-theft-exposure`: the images in an ECR registry (artifacts and business logic) are open to theft, through
//! a registry policy open to anyone or through a node role that internet-facing pods can take (docs/security-model.md#responsibility-table,
//! "code theft", and 6.3).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling};
use crate::analysis::rules::compute::nodes::{MetadataReach, NodeWorkloads, metadata_reach, names};
use crate::analysis::rules::compute::registry::{RegistryReads, RoleEcrRead, role_ecr_read};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{ComponentIx, ComponentKind as K, Model};

/// The rule.
pub struct CodeTheftExposure;

static META: RuleMeta = RuleMeta {
    id: "code-theft-exposure",
    title: "Images open to code theft",
    description: "The container images in an ECR registry, and the business logic and any secrets baked into \
        them, can be pulled by someone who should not have them. Fires for a registry whose policy allows any \
        principal without a source account, source ARN or organisation condition; and for a registry an EC2 \
        node's IAM role can pull from, where the node runs an internet-facing pod that can take that role's \
        credentials from instance metadata (metadata reachable from pods, or the pod on the host network). A node role \
        whose permissions the diagram does not list holds the usual EKS node policies and so pulls from every \
        registry of its account (the blast radius assumes the same), and unspecified metadata settings are assumed reachable except on Auto Mode nodes; a finding \
        that rests only on such assumptions has a lower likelihood, and one that needs an internet-facing pod to \
        be compromised first is one step lower than an open policy. One finding per registry.",
    cia: &[Cia::Confidentiality],
    stride: &[Stride::InformationDisclosure],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Limit the registry policy to the accounts or organisation that pull from it, and scope the node \
                role's ECR permissions to the repositories its pods run.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Require IMDSv2 with a hop limit of 1 on nodes that run internet-facing pods, and give pods their \
                own roles (EKS Pod Identity or IRSA).",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alert on image pulls from unexpected principals or networks (CloudTrail, GuardDuty).",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon ECR User Guide: Private repository policies"),
};

/// A node whose role internet-facing pods can take.
struct Foothold {
    node: ComponentIx,
    role: ComponentIx,
    pods: Vec<ComponentIx>,
    /// Every workload on the node: the node role pulls their images.
    hosted: Vec<ComponentIx>,
    /// The metadata reach rests on unspecified settings.
    assumed: bool,
}

/// Nodes with a role whose internet-facing pods reach its credentials.
fn footholds(model: &Model, cx: &RuleContext<'_>) -> Vec<Foothold> {
    let facts = cx.facts;
    let workloads = NodeWorkloads::new(model, facts);
    let mut out = Vec::new();
    for (node, on) in workloads.iter() {
        let Some(role) = model.role(node) else { continue };
        let reach = metadata_reach(model, node);
        let on_host = |p: ComponentIx| model.props(p).host_network == Some(true);
        let pods: Vec<ComponentIx> = on
            .iter()
            .copied()
            .filter(|&p| model.kind(p) == K::Pod && facts.is_internet_facing(p) && (reach.is_some() || on_host(p)))
            .collect();
        if pods.is_empty() {
            continue;
        }
        let assumed = reach == Some(MetadataReach::Assumed) && !pods.iter().any(|&p| on_host(p));
        out.push(Foothold { node, role, pods, hosted: on.to_vec(), assumed });
    }
    out
}

impl Rule for CodeTheftExposure {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let footholds = footholds(model, cx);
        // (foothold, assumed) for roles that pull from every registry; (registry, foothold, assumed) for the rest.
        let mut every: Vec<(usize, bool)> = Vec::new();
        let mut listed: Vec<(ComponentIx, usize, bool)> = Vec::new();
        if !footholds.is_empty() {
            let reads = RegistryReads::new(model);
            for (i, foothold) in footholds.iter().enumerate() {
                match role_ecr_read(model, foothold.role) {
                    RoleEcrRead::Every { assumed } => every.push((i, assumed || foothold.assumed)),
                    RoleEcrRead::Listed(ids) => listed.extend(
                        ids.iter()
                            .filter_map(|id| model.component_ix(id))
                            .filter(|&r| model.kind(r) == K::EcrRegistry)
                            .map(|r| (r, i, foothold.assumed)),
                    ),
                }
                let ecr = |r: &ComponentIx| model.kind(*r) == K::EcrRegistry;
                listed.extend(reads.direct(foothold.node).filter(ecr).map(|r| (r, i, foothold.assumed)));
                // On an EC2 node the node role makes the pulls for the workloads it runs.
                for &w in &foothold.hosted {
                    let images = &model.component(w).images;
                    listed.extend(
                        images
                            .iter()
                            .filter_map(|id| model.component_ix(id))
                            .filter(ecr)
                            .map(|r| (r, i, foothold.assumed)),
                    );
                }
            }
            crate::sorting::sort(&mut listed);
        }
        let mut via: Vec<(usize, bool)> = Vec::new();
        for registry in model.components_of(crate::model::Kinds::of(&[K::EcrRegistry])) {
            let open = model.policy(registry).is_some_and(|p| p.is_open());
            via.clear();
            via.extend_from_slice(&every);
            let start = listed.partition_point(|&(r, _, _)| r < registry);
            via.extend(listed.get(start..).unwrap_or(&[]).iter().take_while(|e| e.0 == registry).map(|e| (e.1, e.2)));
            if !open && via.is_empty() {
                continue;
            }
            // One entry per foothold; a sure path beats an assumed one.
            crate::sorting::sort(&mut via);
            via.dedup_by_key(|e| e.0);
            let component = model.component(registry);
            let mut reasons = Vec::new();
            if open {
                reasons.push(format!(
                    "The policy of {} lets any AWS principal pull its images",
                    quote::name_of(model, component)
                ));
            }
            let nodes: Vec<ComponentIx> = via.iter().filter_map(|&(i, _)| footholds.get(i)).map(|f| f.node).collect();
            let pods: Vec<ComponentIx> =
                via.iter().filter_map(|&(i, _)| footholds.get(i)).flat_map(|f| f.pods.iter().copied()).collect();
            if !via.is_empty() {
                reasons.push(format!(
                    "{} {} can take the role of their node ({}) from instance metadata and pull the images in {}",
                    if open { "internet-facing pods" } else { "Internet-facing pods" },
                    names(model, &pods),
                    names(model, &nodes),
                    quote::name_of(model, component)
                ));
            }
            let assumed = via.iter().all(|&(_, assumed)| assumed);
            let likelihood = if open { 0 } else { -1 - i8::from(assumed) };
            let mut explanation = reasons.join(", and ");
            explanation.push_str(": its code and business logic can be stolen.");
            let hit = Hit::on(model.component_id(registry), explanation)
                .with_elements(nodes.iter().map(|&n| model.component_id(n)))
                .with_elements(via.iter().filter_map(|&(i, _)| footholds.get(i)).map(|f| model.component_id(f.role)))
                .with_elements(pods.iter().map(|&p| model.component_id(p)))
                .exposed(true)
                .likelihood(likelihood);
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::{cluster_with_node, run_as};
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::Pattern;
    use crate::model::props::{InstanceMetadata, Permission, ResourcePolicy};

    fn registry_with_policy(policy: Option<ResourcePolicy>) -> TestDiagram {
        TestDiagram::new().component("acct", K::AwsAccount, None).component_with(
            "images",
            K::EcrRegistry,
            Some("acct"),
            |c| c.properties.policy = policy,
        )
    }

    #[test]
    fn an_open_registry_policy_fires() {
        let open = ResourcePolicy { any_principal: true, source_condition: false };
        let model = registry_with_policy(Some(open)).build();
        let findings = run(&CodeTheftExposure, &model);
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), vec!["code-theft-exposure@images"]);
        assert_eq!(findings[0].likelihood, Likelihood::Likely);
    }

    #[test]
    fn a_conditioned_or_missing_policy_is_quiet() {
        let pinned = ResourcePolicy { any_principal: true, source_condition: true };
        assert!(ids(&CodeTheftExposure, &registry_with_policy(Some(pinned)).build()).is_empty());
        assert!(ids(&CodeTheftExposure, &registry_with_policy(None).build()).is_empty());
    }

    fn node_running_public_pod(metadata: Option<InstanceMetadata>) -> TestDiagram {
        run_as(cluster_with_node(), "node", "node-role")
            .component("images", K::EcrRegistry, Some("acct"))
            .component("internet", K::Internet, None)
            .component("web", K::Pod, Some("node"))
            .component("worker", K::Pod, Some("node"))
            .props("node", |p| p.instance_metadata = metadata)
            .flow("internet", "web", Pattern::SyncRequest)
    }

    #[test]
    fn an_internet_facing_pod_taking_the_node_role_fires_on_the_registry() {
        let hop2 = InstanceMetadata { imdsv2_required: true, hop_limit: 2 };
        let model = node_running_public_pod(Some(hop2))
            .props("node-role", |p| {
                p.permissions = Some(vec![Permission {
                    actions: vec!["ecr:BatchGetImage".into(), "ecr:GetDownloadUrlForLayer".into()],
                    resources: vec!["*".into()],
                    conditions: Vec::new(),
                }]);
            })
            .build();
        let findings = run(&CodeTheftExposure, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "code-theft-exposure@images");
        let elements: Vec<&str> = findings[0].elements().collect();
        assert_eq!(elements, vec!["images", "node", "node-role", "web"]);
        assert_eq!(findings[0].likelihood, Likelihood::Possible);
    }

    #[test]
    fn assumptions_lower_the_likelihood() {
        let findings = run(&CodeTheftExposure, &node_running_public_pod(None).build());
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely);
    }

    #[test]
    fn a_scoped_role_hop_limit_one_or_no_public_pod_keep_it_quiet() {
        let tight = InstanceMetadata { imdsv2_required: true, hop_limit: 1 };
        assert!(ids(&CodeTheftExposure, &node_running_public_pod(Some(tight)).build()).is_empty());
        let model = node_running_public_pod(None)
            .props("node-role", |p| {
                p.permissions = Some(vec![Permission {
                    actions: vec!["s3:GetObject".into()],
                    resources: vec!["*".into()],
                    conditions: Vec::new(),
                }]);
            })
            .build();
        assert!(ids(&CodeTheftExposure, &model).is_empty());
        let model = run_as(cluster_with_node(), "node", "node-role")
            .component("images", K::EcrRegistry, Some("acct"))
            .component("worker", K::Pod, Some("node"))
            .build();
        assert!(ids(&CodeTheftExposure, &model).is_empty());
    }

    #[test]
    fn a_drawn_pull_counts_for_a_role_scoped_elsewhere() {
        let model = node_running_public_pod(Some(InstanceMetadata { imdsv2_required: false, hop_limit: 1 }))
            .props("node-role", |p| p.permissions = Some(Vec::new()))
            .flow("node", "images", Pattern::DataRead)
            .build();
        assert_eq!(ids(&CodeTheftExposure, &model), vec!["code-theft-exposure@images"]);
    }
}
