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
    /// reads only itself, its containers and the settings, so the others' stay; the totals are adjusted by its layers.
    pub fn shift(&mut self, model: &Model, shift: &crate::model::changes::ComponentShift) {
        let at = shift.at.index();
        let mut totals = self.totals();
        if shift.added {
            let added = entry(model, &mut adjust::Adjuster::new(model), shift.at);
            count(&mut totals, &added.stack, true);
            self.components.insert(at.min(self.components.len()), added);
        } else if at < self.components.len() {
            let removed = self.components.remove(at);
            count(&mut totals, &removed.stack, false);
        }
        self.set_totals(totals);
    }

    /// The responsibility after the components at `placed` moved under other parents (with everything inside them):
    /// their stacks are made again (a stack reads only its component, its containers and the settings), the others'
    /// stay, and the totals are adjusted by the layers that changed.
    pub fn restack(&mut self, model: &Model, placed: &[crate::model::ComponentIx]) {
        let mut adjuster = adjust::Adjuster::new(model);
        let mut totals = self.totals();
        for &c in placed {
            if let Some(slot) = self.components.get_mut(c.index()) {
                count(&mut totals, &slot.stack, false);
                *slot = entry(model, &mut adjuster, c);
                count(&mut totals, &slot.stack, true);
            }
        }
        self.set_totals(totals);
    }

    /// Counts the layers per owner over every component.
    fn sum(&mut self) {
        let mut totals = [0; OWNERS.len()];
        for entry in &self.components {
            count(&mut totals, &entry.stack, true);
        }
        self.set_totals(totals);
    }

    /// The present layers per owner of [`OWNERS`], as the totals say.
    fn totals(&self) -> [usize; OWNERS.len()] {
        OWNERS.map(|owner| self.layers_by_owner.get(&owner).copied().unwrap_or(0))
    }

    /// Sets the totals from the present layers per owner of [`OWNERS`]. Customer layers count 1 and shared ones 1/2:
    /// sums of halves are exact, so the share is what adding up every component's gives, in any order.
    fn set_totals(&mut self, totals: [usize; OWNERS.len()]) {
        let [aws, customer, shared] = totals;
        self.layers_by_owner = crate::sorting::map(OWNERS.into_iter().zip(totals));
        self.customer_share = ratio(customer as f64 + shared as f64 * 0.5, aws + customer + shared);
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
        id: model.component_id(c).clone(),
        stack,
        customer_share: ratio(own_share, own_present),
        adjustments,
    }
}

/// The owners of present layers, in the order the totals count them.
const OWNERS: [Owner; 3] = [Owner::Aws, Owner::Customer, Owner::Shared];

/// Counts the present layers of `stack` per owner of [`OWNERS`] into `totals`, in or (`!add`) out.
fn count(totals: &mut [usize; OWNERS.len()], stack: &Stack, add: bool) {
    for (_, owner) in stack.layers() {
        if let Some(k) = OWNERS.iter().position(|&o| o == owner) {
            totals[k] = if add { totals[k] + 1 } else { totals[k].saturating_sub(1) };
        }
    }
}

fn ratio(share: f64, present: usize) -> f64 {
    if present == 0 { 0.0 } else { share / present as f64 }
}
