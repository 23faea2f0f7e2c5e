//! How a component's stack departs from its catalog entry (docs/security-model.md#responsibility-table): pods,
//! containers and ECS services take their lower layers from the node or Fargate profile that runs them (an ECS
//! service sitting directly in its cluster runs on Fargate), EC2 nodes follow their management mode, processes
//! on a node take its OS layer, Lambda functions follow their packaging and runtime updates, and everything inside an
//! on-premises network is the customer's on every present layer.

use crate::analysis::rules::compute::versions;
use crate::model::props::{NodeManagement, PackageType, RuntimeUpdates};
use crate::model::responsibility::{Layer, Owner, Stack};
use crate::model::{ComponentIx, ComponentKind as K, Model, catalog};

use Owner::{Aws as A, Customer as C, Shared as S};

/// The layers a host gives what runs on it, bottom up.
const HOST_LAYERS: [Layer; 4] = [Layer::Physical, Layer::VirtualMachine, Layer::ContainerRuntime, Layer::Orchestration];

/// The owners of the host layers and why, for an EC2 node or a Fargate profile.
fn host_layers(model: &Model, host: ComponentIx) -> ([Owner; 4], &'static str) {
    if model.kind(host) == K::FargateProfile {
        return (
            [A, A, A, S],
            "AWS runs the micro-VM, container runtime and kubelet; the customer owns the pod spec and RBAC",
        );
    }
    match model.props(host).node_management.unwrap_or(NodeManagement::SelfManaged) {
        NodeManagement::SelfManaged => {
            ([A, C, C, C], "the customer patches the node OS, container runtime, kubelet and add-ons")
        }
        NodeManagement::ManagedNodeGroup => (
            [A, S, S, C],
            "AWS ships patched AMIs and the customer rolls the group onto them (OS and container runtime shared); \
             the customer owns add-on versions and the node IAM role",
        ),
        NodeManagement::AutoMode => {
            ([A, A, A, S], "EKS owns the node OS, container runtime and kubelet; the customer owns the node IAM role")
        }
    }
}

/// Works out adjusted stacks, remembering the line for each host so that its pods and containers share it.
pub(super) struct Adjuster<'m> {
    model: &'m Model,
    host_line: Vec<Option<String>>,
}

impl<'m> Adjuster<'m> {
    /// An adjuster for one model.
    pub(super) fn new(model: &'m Model) -> Self {
        Self { model, host_line: vec![None; model.components().len()] }
    }

    /// The stack of one component and why it differs from the catalog's, one line per adjustment.
    pub(super) fn stack_of(&mut self, c: ComponentIx) -> (Stack, Vec<String>) {
        let model = self.model;
        let kind = model.kind(c);
        let info = catalog::info(kind);
        let mut stack = info.stack;
        let mut why = Vec::new();
        let (mut host, mut on_prem) = (None, None);
        for a in model.ancestors(c) {
            match model.kind(a) {
                K::Ec2Node | K::FargateProfile if host.is_none() => host = Some(a),
                K::OnPrem if on_prem.is_none() => on_prem = Some(a),
                _ => {}
            }
        }

        if kind == K::Ec2Node {
            let (owners, reason) = host_layers(model, c);
            if set_all(&mut stack, &HOST_LAYERS, owners) {
                why.push(format!("{}: {reason}", mode(model, c)));
            }
        } else if kind == K::EcsService && host.is_none() {
            // Not on a container instance: the service runs on Fargate, a micro-VM per task.
            if set_all(&mut stack, &HOST_LAYERS, [A, A, A, A]) {
                why.push(
                    "runs on Fargate (sits in its ECS cluster, not on a container instance): AWS runs the micro-VM, \
                     the container runtime and the ECS agent, and ECS schedules it; the customer owns the task \
                     definition"
                        .to_owned(),
                );
            }
        } else if info.inherits_host_layers
            && let Some(node) = host
        {
            let (owners, reason) = host_layers(model, node);
            if set_all(&mut stack, &HOST_LAYERS, owners) {
                let line = self.host_line[node.index()].get_or_insert_with(|| {
                    format!("runs on {} ({}): {reason}", model.component(node).name, mode(model, node))
                });
                why.push(line.clone());
            }
        } else if matches!(kind, K::GenericService | K::GenericDatastore)
            && let Some(node) = host
        {
            let (owners, _) = host_layers(model, node);
            if set_all(&mut stack, &[Layer::VirtualMachine], [owners[1]]) {
                why.push(format!(
                    "runs on {} ({}): its OS layer is the node's, {}",
                    model.component(node).name,
                    mode(model, node),
                    owner_words(owners[1])
                ));
            }
        } else if kind == K::Lambda {
            lambda(model, c, &mut stack, &mut why);
        }

        if let Some(network) = on_prem {
            let present: Vec<Layer> = stack.layers().filter(|&(_, o)| o != Owner::Absent).map(|(l, _)| l).collect();
            let customer = vec![C; present.len()];
            if set_all(&mut stack, &present, customer) {
                why.push(format!(
                    "inside the on-premises network {}: no AWS layer, the customer owns every present layer",
                    model.component(network).name
                ));
            }
        }
        (stack, why)
    }
}

fn lambda(model: &Model, c: ComponentIx, stack: &mut Stack, why: &mut Vec<String>) {
    let props = model.props(c);
    if props.package_type == Some(PackageType::Image) {
        if set_all(stack, &[Layer::VirtualMachine, Layer::RuntimeEnvironment], [S, C]) {
            why.push(
                "packaged as a container image: the customer owns the OS layers inside the image (virtual machine \
                 shared) and the runtime environment it ships"
                    .to_owned(),
            );
        }
    } else if let Some(runtime) = props.runtime.as_deref().and_then(versions::lambda_runtime)
        && runtime.is_deprecated(versions::as_of(model.diagram().settings.as_of))
    {
        // AWS stops patching a deprecated runtime: the whole runtime environment is the customer's to move off.
        if set_all(stack, &[Layer::RuntimeEnvironment], [C]) {
            why.push(format!(
                "runtime {} is deprecated since {} (as of {}): AWS no longer patches it, so the runtime \
                 environment is the customer's",
                runtime.id,
                runtime.deprecated,
                versions::as_of(model.diagram().settings.as_of)
            ));
        }
    } else if let Some(updates @ (RuntimeUpdates::FunctionUpdate | RuntimeUpdates::Manual)) = props.runtime_updates
        && set_all(stack, &[Layer::RuntimeEnvironment], [S])
    {
        why.push(format!(
            "runtime updates '{updates}': AWS publishes runtime patches, the customer decides when they apply \
             (runtime environment shared)"
        ));
    }
}

/// Sets the given layers (where present) and says whether anything changed.
fn set_all(stack: &mut Stack, layers: &[Layer], owners: impl IntoIterator<Item = Owner>) -> bool {
    let mut changed = false;
    for (&layer, owner) in layers.iter().zip(owners) {
        let current = stack.owner(layer);
        if current != Owner::Absent && current != owner {
            stack.set(layer, owner);
            changed = true;
        }
    }
    changed
}

fn mode(model: &Model, c: ComponentIx) -> &'static str {
    if model.kind(c) == K::FargateProfile {
        return "Fargate";
    }
    match model.props(c).node_management.unwrap_or(NodeManagement::SelfManaged) {
        NodeManagement::SelfManaged => "self-managed node",
        NodeManagement::ManagedNodeGroup => "managed node group",
        NodeManagement::AutoMode => "EKS Auto Mode",
    }
}

fn owner_words(owner: Owner) -> &'static str {
    match owner {
        A => "which AWS patches",
        S => "patched AMIs from AWS that the customer rolls out",
        _ => "which the customer patches",
    }
}
