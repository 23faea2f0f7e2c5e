//! Shared responsibility per component (docs/security-model.md#responsibility-table): the owner of every present layer, from the catalog
//! stack adjusted by the component's host and properties (`adjust.rs`), a customer-share summary, and the
//! diagram-wide split.
//!
//! Customer share of a stack: customer layers count 1, shared layers 1/2, AWS layers 0, over the present layers.

use std::collections::BTreeMap;

use serde::Serialize;

mod adjust;
#[cfg(test)]
mod tests;

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
    pub fn compute(model: &Model) -> Self {
        let mut adjuster = adjust::Adjuster::new(model);
        let components = model.component_ixs().map(|c| entry(model, &mut adjuster, c)).collect();
        let mut all = Self { components, layers_by_owner: BTreeMap::new(), customer_share: 0.0 };
        all.sum();
        all
    }

    /// The responsibility after a component without children was added or removed (`shift`): a component's stack
    /// reads only itself, its containers and the settings, so the others' stay; the totals are summed afresh in
    /// component order, as [`Responsibility::compute`] sums them.
    pub fn shift(&mut self, model: &Model, shift: &crate::model::changes::ComponentShift) {
        let at = shift.at.index();
        if shift.added {
            let added = entry(model, &mut adjust::Adjuster::new(model), shift.at);
            self.components.insert(at.min(self.components.len()), added);
        } else if at < self.components.len() {
            self.components.remove(at);
        }
        self.sum();
    }

    /// The responsibility after the components at `placed` moved under other parents (with everything inside them):
    /// their stacks are made again (a stack reads only its component, its containers and the settings), the others'
    /// stay, and the totals are summed afresh in component order.
    pub fn restack(&mut self, model: &Model, placed: &[crate::model::ComponentIx]) {
        let mut adjuster = adjust::Adjuster::new(model);
        for &c in placed {
            if let Some(slot) = self.components.get_mut(c.index()) {
                *slot = entry(model, &mut adjuster, c);
            }
        }
        self.sum();
    }

    /// Sums the layers per owner and the customer share over every component, in component order.
    fn sum(&mut self) {
        // Counted per owner first (a map entry per layer costs a search each).
        const OWNERS: [Owner; 3] = [Owner::Aws, Owner::Customer, Owner::Shared];
        let mut counts = [0usize; 3];
        let (mut share, mut present) = (0.0, 0);
        for entry in &self.components {
            for (_, owner) in entry.stack.layers() {
                if let Some(k) = OWNERS.iter().position(|&o| o == owner) {
                    counts[k] += 1;
                }
            }
            let (own_share, own_present) = entry.stack.customer_share();
            share += own_share;
            present += own_present;
        }
        self.layers_by_owner = crate::sorting::map(OWNERS.into_iter().zip(counts));
        self.customer_share = ratio(share, present);
    }

    /// The responsibility of one component, by id.
    pub fn component(&self, id: &str) -> Option<&ComponentResponsibility> {
        self.components.binary_search_by(|c| c.id.as_str().cmp(id)).ok().and_then(|i| self.components.get(i))
    }
}

/// The responsibility of the component at `c`.
fn entry(model: &Model, adjuster: &mut adjust::Adjuster<'_>, c: crate::model::ComponentIx) -> ComponentResponsibility {
    let (stack, adjustments) = adjuster.stack_of(c);
    let (own_share, own_present) = stack.customer_share();
    ComponentResponsibility {
        id: model.component(c).id.clone(),
        stack,
        customer_share: ratio(own_share, own_present),
        adjustments,
    }
}

fn ratio(share: f64, present: usize) -> f64 {
    if present == 0 { 0.0 } else { share / present as f64 }
}
