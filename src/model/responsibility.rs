//! The layers of the AWS shared-responsibility model and who owns each (docs/security-model.md#responsibility-table).

use serde::Serialize;

crate::named_enum! {
    /// A layer of a microservice stack, bottom to top.
    pub enum Layer: "layer" {
        /// Physical hardware and facilities.
        Physical = "physical",
        /// Virtual machine and operating system.
        VirtualMachine = "virtual-machine",
        /// Container runtime (engine).
        ContainerRuntime = "container-runtime",
        /// Orchestration (kubelet, scheduler, cluster state).
        Orchestration = "orchestration",
        /// Runtime environment: image, language runtime, libraries.
        RuntimeEnvironment = "runtime-environment",
        /// Artifacts: container images, deployment packages.
        Artifacts = "artifacts",
        /// Business logic: the application's code.
        BusinessLogic = "business-logic",
        /// Configuration and access: IAM, network, encryption settings.
        Configuration = "configuration",
        /// The data itself.
        Data = "data",
    }
}

crate::named_enum! {
    /// Who secures a layer.
    pub enum Owner: "owner" {
        /// AWS secures it.
        Aws = "aws",
        /// The customer secures it.
        Customer = "customer",
        /// Both have a part.
        Shared = "shared",
        /// The layer does not exist for this component.
        Absent = "absent",
    }
}

/// The owner of every layer, bottom to top.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stack(pub [Owner; 9]);

impl Stack {
    /// Builds a stack from the nine owners, bottom (physical) to top (data).
    pub const fn new(owners: [Owner; 9]) -> Self {
        Self(owners)
    }

    /// Every layer is absent (actors outside AWS).
    pub const ABSENT: Self = Self([Owner::Absent; 9]);

    /// The owner of one layer.
    pub fn owner(&self, layer: Layer) -> Owner {
        self.0.get(layer as usize).copied().unwrap_or(Owner::Absent)
    }

    /// Replaces the owner of one layer.
    pub fn set(&mut self, layer: Layer, owner: Owner) {
        if let Some(slot) = self.0.get_mut(layer as usize) {
            *slot = owner;
        }
    }

    /// `(layer, owner)` for every layer, bottom to top.
    pub fn layers(&self) -> impl Iterator<Item = (Layer, Owner)> + '_ {
        use crate::model::named::Named as _;
        Layer::ALL.iter().map(|&layer| (layer, self.owner(layer)))
    }

    /// How many present layers the customer owns: customer counts 1, shared counts 1/2.
    /// Returns `(customer_share, present_layers)`.
    pub fn customer_share(&self) -> (f64, usize) {
        let mut share = 0.0;
        let mut present = 0;
        for (_, owner) in self.layers() {
            match owner {
                Owner::Customer => {
                    share += 1.0;
                    present += 1;
                }
                Owner::Shared => {
                    share += 0.5;
                    present += 1;
                }
                Owner::Aws => present += 1,
                Owner::Absent => {}
            }
        }
        (share, present)
    }
}

impl Serialize for Stack {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(9))?;
        for (layer, owner) in self.layers() {
            map.serialize_entry(&layer, &owner)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Owner::{Absent as X, Aws as A, Customer as C, Shared as S};

    #[test]
    fn share_counts_shared_as_half() {
        let stack = Stack::new([A, C, S, X, X, X, X, C, C]);
        assert_eq!(stack.customer_share(), (3.5, 5));
        assert_eq!(stack.owner(Layer::ContainerRuntime), S);
    }

    #[test]
    fn serialises_bottom_to_top() {
        let json = serde_json::to_string(&Stack::new([A, C, S, X, X, X, X, C, C])).unwrap();
        assert!(json.starts_with("{\"physical\":\"aws\",\"virtual-machine\":\"customer\""));
    }
}
