//! What the image and code-theft rules share about registries: which registries a workload pulls from (its `images`
//! links, and `data-read` flows from the workload, its pod or its node to an `ecr-registry` or `external-registry`,
//! the only way before format version 3), and which registries an IAM role may pull from.

use crate::analysis::facts::Facts;
use crate::model::kind::ComponentKind as K;
use crate::model::props::Permission;
use crate::model::{ComponentIx, Id, Model, Pattern};

/// The kinds of container registries.
pub(super) const REGISTRIES: crate::model::Kinds = crate::model::Kinds::of(&[K::EcrRegistry, K::ExternalRegistry]);

/// `images` links and `data-read` flows to ECR or external registries, as sorted `(reader, registry)` pairs.
pub(super) struct RegistryReads {
    pairs: Vec<(ComponentIx, ComponentIx)>,
}

impl RegistryReads {
    /// One pass over the flows.
    pub(super) fn new(model: &Model) -> Self {
        // Without a registry there is nothing to read from: a flow reads one only if it ends at one, and `images`
        // name registries only (the model checks it). Many diagrams have none (functions packaged as zip files).
        if model.components_of(REGISTRIES).next().is_none() {
            return Self { pairs: Vec::new() };
        }
        let mut pairs: Vec<(ComponentIx, ComponentIx)> = model
            .flows_indexed()
            .filter(|&(f, _)| model.pattern(f) == Pattern::DataRead)
            .map(|(f, _)| model.flow_ends(f))
            .filter(|&(_, to)| matches!(model.kind(to), K::EcrRegistry | K::ExternalRegistry))
            .collect();
        for workload in model.naming_images() {
            let images = &model.component(workload).images;
            pairs.extend(images.iter().filter_map(|id| model.component_ix(id)).map(|registry| (workload, registry)));
        }
        crate::sorting::sort(&mut pairs);
        pairs.dedup();
        Self { pairs }
    }

    /// Registries `reader` reads from directly.
    pub(super) fn direct(&self, reader: ComponentIx) -> impl Iterator<Item = ComponentIx> + '_ {
        let start = self.pairs.partition_point(|&(r, _)| r < reader);
        self.pairs.get(start..).unwrap_or(&[]).iter().take_while(move |&&(r, _)| r == reader).map(|&(_, reg)| reg)
    }

    /// The registries a workload pulls its images from: read by the workload, its pod (for a container) or its
    /// host; sorted, unique, into `out` (cleared first).
    pub(super) fn pulled_by(&self, model: &Model, facts: &Facts, workload: ComponentIx, out: &mut Vec<ComponentIx>) {
        out.clear();
        out.extend(self.direct(workload));
        if model.kind(workload) == K::Container
            && let Some(pod) = model.parent(workload)
        {
            out.extend(self.direct(pod));
        }
        if let Some(host) = facts.host(workload) {
            out.extend(self.direct(host));
        }
        crate::sorting::sort(out);
        out.dedup();
    }
}

/// Which registries an IAM role may pull images from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum RoleEcrRead<'a> {
    /// Every registry in the account: a wildcard resource, or (`assumed`) permissions the diagram does not list,
    /// which for a node role usually means `AmazonEC2ContainerRegistryReadOnly`.
    Every {
        /// The diagram does not list the role's permissions.
        assumed: bool,
    },
    /// Only the registries named (element ids); possibly none.
    Listed(Vec<&'a Id>),
}

/// What registries a role may pull from.
/// Permissions the diagram does not list are taken as the usual managed policies (`analysis::iam`), marked assumed.
pub(super) fn role_ecr_read(model: &Model, role: ComponentIx) -> RoleEcrRead<'_> {
    let permissions = crate::analysis::iam::role_permissions(model, role);
    let mut listed = Vec::new();
    for permission in permissions.statements.iter().filter(|p| p.actions.iter().any(|a| pulls_images(a))) {
        if permission.has_wildcard_resource() {
            return RoleEcrRead::Every { assumed: permissions.assumed };
        }
        for resource in &permission.resources {
            if resource != Permission::ANY_RESOURCE
                && let Some(registry) = model.component_ix(resource)
            {
                listed.push(model.component_id(registry));
            }
        }
    }
    crate::sorting::sort(&mut listed);
    listed.dedup();
    RoleEcrRead::Listed(listed)
}

/// Whether an IAM action (possibly with a trailing `*`) allows pulling an image layer or manifest.
fn pulls_images(action: &str) -> bool {
    const PULL: [&str; 2] = ["ecr:batchgetimage", "ecr:getdownloadurlforlayer"];
    let action = action.to_ascii_lowercase();
    match action.strip_suffix('*') {
        Some(prefix) => PULL.iter().any(|pull| pull.starts_with(prefix)),
        None => PULL.contains(&action.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, id};

    /// Without a registry nothing is read from one, and the flows are not read at all: a live analysis need not run
    /// the image rules again when flows change (a flow to a registry needs a registry, which changes the component
    /// list they read). With one, a data-read flow to it and an `images` link both count.
    #[test]
    fn reads_need_a_registry_and_only_then_read_the_flows() {
        use crate::model::Pattern;
        let without = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("fn", K::Lambda, Some("acct"))
            .component("table", K::DynamodbTable, Some("acct"))
            .flow("fn", "table", Pattern::DataRead)
            .build();
        let (reads, seen) = crate::model::structure::noting(|| RegistryReads::new(&without));
        assert!(reads.pairs.is_empty());
        // Only which registries there are was read.
        assert!(!seen.flow_structure && !seen.component_list);
        assert!(seen.among.kinds == REGISTRIES && seen.among.nested.is_empty() && !seen.among.data);
        let with = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("images", K::EcrRegistry, Some("acct"))
            .component("elsewhere", K::ExternalRegistry, None)
            .component("fn", K::Lambda, Some("acct"))
            .component("vpc", K::Vpc, Some("acct"))
            .component("eks", K::EksCluster, Some("vpc"))
            .component("fargate", K::FargateProfile, Some("eks"))
            .component_with("pod", K::Pod, Some("fargate"), |c| c.images = vec![id("elsewhere")])
            .flow("fn", "images", Pattern::DataRead)
            .build();
        let (reads, seen) = crate::model::structure::noting(|| RegistryReads::new(&with));
        let ix = |name: &str| with.component_ix(name).unwrap();
        assert_eq!(reads.pairs, [(ix("fn"), ix("images")), (ix("pod"), ix("elsewhere"))]);
        assert!(seen.flow_structure);
    }

    #[test]
    fn pull_actions_are_recognised() {
        assert!(pulls_images("*"));
        assert!(pulls_images("ecr:*"));
        assert!(pulls_images("ecr:Get*"));
        assert!(pulls_images("ECR:BatchGetImage"));
        assert!(!pulls_images("ecr:PutImage"));
        assert!(!pulls_images("s3:*"));
    }

    #[test]
    fn role_reads_follow_permissions() {
        let perm = |actions: &[&str], resources: &[&str]| Permission {
            actions: actions.iter().map(|a| (*a).to_owned()).collect(),
            resources: resources.iter().map(|r| (*r).to_owned()).collect(),
            conditions: Vec::new(),
        };
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("images", K::EcrRegistry, Some("acct"))
            .component("unsaid", K::IamRole, Some("acct"))
            .component_with("node", K::Ec2Node, Some("acct"), |c| c.role = Some(id("unsaid")))
            .component("unsaid-fn-role", K::IamRole, Some("acct"))
            .component_with("fn", K::Lambda, Some("acct"), |c| c.role = Some(id("unsaid-fn-role")))
            .component_with("wide", K::IamRole, Some("acct"), |c| {
                c.properties.permissions = Some(vec![perm(&["ecr:BatchGetImage"], &["*"])]);
            })
            .component_with("scoped", K::IamRole, Some("acct"), |c| {
                c.properties.permissions = Some(vec![perm(&["ecr:*"], &["images"]), perm(&["s3:*"], &["*"])]);
            })
            .build();
        let read = |name| role_ecr_read(&model, model.component_ix(name).unwrap());
        // A node role that lists nothing holds the EKS node policies; a function's, the basic execution role.
        assert_eq!(read("unsaid"), RoleEcrRead::Every { assumed: true });
        assert_eq!(read("unsaid-fn-role"), RoleEcrRead::Listed(Vec::new()));
        assert_eq!(read("wide"), RoleEcrRead::Every { assumed: false });
        assert_eq!(read("scoped"), RoleEcrRead::Listed(vec![&id("images")]));
    }

    #[test]
    fn workloads_pull_through_themselves_their_pod_or_their_node() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("r1", K::EcrRegistry, Some("acct"))
            .component("r2", K::EcrRegistry, Some("acct"))
            .component("node", K::Ec2Node, None)
            .component("pod", K::Pod, Some("node"))
            .component("box", K::Container, Some("pod"))
            .flow("node", "r1", Pattern::DataRead)
            .flow("pod", "r2", Pattern::DataRead)
            .flow("box", "r2", Pattern::DataWrite)
            .build();
        let facts = Facts::new(&model);
        let reads = RegistryReads::new(&model);
        let ix = |name| model.component_ix(name).unwrap();
        let mut out = Vec::new();
        reads.pulled_by(&model, &facts, ix("box"), &mut out);
        assert_eq!(out, vec![ix("r1"), ix("r2")]);
        reads.pulled_by(&model, &facts, ix("node"), &mut out);
        assert_eq!(out, vec![ix("r1")]);
    }
}
