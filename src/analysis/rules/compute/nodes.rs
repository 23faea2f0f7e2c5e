//! What the compute rules share about EC2 worker nodes: the workloads each node runs (built once per check in one
//! pass over the components), who manages a node, whether pods reach its instance metadata, and how the workloads
//! on one node mix bounded contexts, data sensitivity and internet exposure.

use crate::analysis::data::classification;
use crate::analysis::facts::Facts;
use crate::analysis::quote;
use crate::model::kind::ComponentKind as K;
use crate::model::props::{Classification, NodeManagement};
use crate::model::{ComponentIx, Kinds, Model};

/// The workloads (pods and processes) each EC2 node runs, grouped by node.
pub(super) struct NodeWorkloads {
    /// `(node, start, end)`: the node's workloads are `workloads[start..end]`; sorted by node.
    nodes: Vec<(ComponentIx, usize, usize)>,
    /// Workloads, grouped by node, each group in component order.
    workloads: Vec<ComponentIx>,
}

impl NodeWorkloads {
    /// Pods, ECS services and generic services whose host is an EC2 node (so inside one): one pass over the
    /// components, one sort.
    pub(super) fn new(model: &Model, facts: &Facts) -> Self {
        const HOSTED: Kinds = Kinds::of(&[K::Pod, K::EcsService, K::GenericService]);
        let mut pairs: Vec<(ComponentIx, ComponentIx)> = model
            .nested_components_of(HOSTED)
            .filter_map(|c| facts.host(c).filter(|&host| model.kind(host) == K::Ec2Node).map(|host| (host, c)))
            .collect();
        crate::sorting::sort(&mut pairs);
        let mut nodes: Vec<(ComponentIx, usize, usize)> = Vec::new();
        for (i, &(node, _)) in pairs.iter().enumerate() {
            match nodes.last_mut() {
                Some(last) if last.0 == node => last.2 = i + 1,
                _ => nodes.push((node, i, i + 1)),
            }
        }
        Self { nodes, workloads: pairs.into_iter().map(|(_, workload)| workload).collect() }
    }

    /// The workloads `node` runs, in component order.
    pub(super) fn on(&self, node: ComponentIx) -> &[ComponentIx] {
        match self.nodes.binary_search_by_key(&node, |&(n, _, _)| n) {
            Ok(at) => self.slice(at),
            Err(_) => &[],
        }
    }

    /// Every node that runs something, with its workloads, in component order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (ComponentIx, &[ComponentIx])> + '_ {
        (0..self.nodes.len()).filter_map(|at| self.nodes.get(at).map(|&(node, _, _)| (node, self.slice(at))))
    }

    fn slice(&self, at: usize) -> &[ComponentIx] {
        self.nodes.get(at).and_then(|&(_, start, end)| self.workloads.get(start..end)).unwrap_or(&[])
    }
}

/// Who manages a node (the catalog default is self-managed).
pub(super) fn management(model: &Model, node: ComponentIx) -> NodeManagement {
    model.props(node).node_management.unwrap_or(NodeManagement::SelfManaged)
}

/// Whether pods on a node reach its instance-metadata service, and how sure the diagram is about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MetadataReach {
    /// IMDSv1 is on: any request from a pod, even one forged through SSRF, gets the credentials.
    Imdsv1,
    /// IMDSv2 with a hop limit of 2 or more: code running in a pod gets the credentials.
    HopLimit,
    /// The diagram does not say: reachable, as with the common default hop limit of 2 (docs/security-model.md#blast-metadata).
    Assumed,
}

/// Whether pods not on the host network reach the node's instance metadata: the node's own setting; unspecified,
/// reachable except on Auto Mode nodes (hop limit 1).
pub(super) fn metadata_reach(model: &Model, node: ComponentIx) -> Option<MetadataReach> {
    match model.props(node).instance_metadata {
        Some(metadata) if !metadata.imdsv2_required => Some(MetadataReach::Imdsv1),
        Some(metadata) if metadata.reachable_from_pods() => Some(MetadataReach::HopLimit),
        Some(_) => None,
        None if management(model, node) == NodeManagement::AutoMode => None,
        None => Some(MetadataReach::Assumed),
    }
}

/// The most sensitive data a workload holds: its own classification, or a container's in it.
pub(super) fn workload_data(model: &Model, workload: ComponentIx) -> Option<Classification> {
    let own = classification(model, workload);
    model.children(workload).iter().map(|&child| classification(model, child)).fold(own, Ord::max)
}

/// How the workloads on one node mix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Mix {
    /// The first bounded context seen, by position.
    pub first_context: Option<usize>,
    /// A second, different bounded context.
    pub second_context: Option<usize>,
    /// The most sensitive data on the node.
    pub highest: Option<Classification>,
    /// The least sensitive classified data on the node.
    pub lowest: Option<Classification>,
    /// A workload on the node is reachable from the internet.
    pub internet_facing: bool,
}

impl Mix {
    /// Summarises the workloads of one node.
    pub(super) fn of(model: &Model, facts: &Facts, workloads: &[ComponentIx]) -> Self {
        let mut mix = Self::default();
        for &workload in workloads {
            if let Some(context) = model.context(workload) {
                match mix.first_context {
                    None => mix.first_context = Some(context),
                    Some(first) if first != context && mix.second_context.is_none() => {
                        mix.second_context = Some(context);
                    }
                    Some(_) => {}
                }
            }
            if let Some(data) = workload_data(model, workload) {
                mix.highest = mix.highest.max(Some(data));
                mix.lowest = Some(mix.lowest.map_or(data, |low| low.min(data)));
            }
            mix.internet_facing |= facts.is_internet_facing(workload);
        }
        mix
    }

    /// Workloads of two or more bounded contexts share the node.
    pub(super) fn shares_contexts(&self) -> bool {
        self.second_context.is_some()
    }

    /// Confidential or restricted data sits next to public or internal data.
    pub(super) fn mixes_sensitivity(&self) -> bool {
        self.highest >= Some(Classification::Confidential)
            && self.lowest.is_some_and(|low| low <= Classification::Internal)
    }
}

/// Display names of a list of components, joined for an explanation (`a, b and c`; past four, `a, b, c and 5
/// more`).
pub(super) fn names(model: &Model, list: &[ComponentIx]) -> String {
    const SHOWN: usize = 3;
    let names: Vec<String> = list.iter().take(SHOWN + 1).map(|&c| quote::name(model, c).to_string()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        _ if list.len() > SHOWN + 1 => {
            format!("{} and {} more", names.get(..SHOWN).unwrap_or_default().join(", "), list.len() - SHOWN)
        }
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::TestDiagram;
    use crate::model::props::{DataProfile, InstanceMetadata};

    fn data(classification: Classification) -> Option<DataProfile> {
        Some(DataProfile { classification, confidentiality: None, integrity: None, availability: None })
    }

    #[test]
    fn workloads_are_grouped_by_node_and_fargate_is_left_out() {
        let model = TestDiagram::new()
            .component("cluster", K::EksCluster, None)
            .component("node-b", K::Ec2Node, Some("cluster"))
            .component("node-a", K::Ec2Node, Some("cluster"))
            .component("fargate", K::FargateProfile, Some("cluster"))
            .component("p1", K::Pod, Some("node-b"))
            .component("p2", K::Pod, Some("node-a"))
            .component("p3", K::Pod, Some("node-b"))
            .component("p4", K::Pod, Some("fargate"))
            .component("db", K::GenericService, Some("node-a"))
            .component("c1", K::Container, Some("p1"))
            .build();
        let facts = Facts::new(&model);
        let workloads = NodeWorkloads::new(&model, &facts);
        let ix = |name| model.component_ix(name).unwrap();
        assert_eq!(workloads.on(ix("node-b")), &[ix("p1"), ix("p3")]);
        assert_eq!(workloads.on(ix("node-a")), &[ix("db"), ix("p2")]);
        assert!(workloads.on(ix("fargate")).is_empty());
        assert_eq!(workloads.iter().count(), 2);
    }

    #[test]
    fn metadata_reach_follows_settings_and_auto_mode_defaults() {
        let model = TestDiagram::new()
            .component("plain", K::Ec2Node, None)
            .component_with("auto", K::Ec2Node, None, |c| {
                c.properties.node_management = Some(NodeManagement::AutoMode);
            })
            .component_with("v1", K::Ec2Node, None, |c| {
                c.properties.instance_metadata = Some(InstanceMetadata { imdsv2_required: false, hop_limit: 1 });
            })
            .component_with("tight", K::Ec2Node, None, |c| {
                c.properties.instance_metadata = Some(InstanceMetadata { imdsv2_required: true, hop_limit: 1 });
            })
            .build();
        let reach = |name| metadata_reach(&model, model.component_ix(name).unwrap());
        assert_eq!(reach("plain"), Some(MetadataReach::Assumed));
        assert_eq!(reach("auto"), None);
        assert_eq!(reach("v1"), Some(MetadataReach::Imdsv1));
        assert_eq!(reach("tight"), None);
    }

    #[test]
    fn mix_sees_contexts_sensitivity_and_exposure() {
        let model = TestDiagram::new()
            .component("node", K::Ec2Node, None)
            .component_with("web", K::Pod, Some("node"), |c| c.properties.data = data(Classification::Public))
            .component("pay", K::Pod, Some("node"))
            .component_with("box", K::Container, Some("pay"), |c| {
                c.properties.data = data(Classification::Restricted);
            })
            .context("shop", &["web"])
            .context("payments", &["pay"])
            .build();
        let facts = Facts::new(&model);
        let workloads = NodeWorkloads::new(&model, &facts);
        let mix = Mix::of(&model, &facts, workloads.on(model.component_ix("node").unwrap()));
        assert!(mix.shares_contexts());
        assert!(mix.mixes_sensitivity());
        assert_eq!(mix.highest, Some(Classification::Restricted));
        assert!(!mix.internet_facing);
        assert_eq!(names(&model, workloads.on(model.component_ix("node").unwrap())), "pay and web");
    }
}
