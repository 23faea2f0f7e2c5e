//! New element ids, made from names (`Orders API` -> `orders-api`, then `orders-api-2`) and never reused within a
//! document: an id that was ever used (even by an element since deleted) is never handed out again, so finding ids
//! and triage notes can never attach to the wrong element.

use std::collections::BTreeSet;

use crate::model::diagram::Diagram;
use crate::model::id::Id;

/// The ids a document has used.
#[derive(Clone, Debug, Default)]
pub struct Ids {
    used: BTreeSet<String>,
}

impl Ids {
    /// The ids `diagram` uses now.
    pub fn of(diagram: &Diagram) -> Self {
        let mut ids = Self::default();
        ids.remember(diagram);
        ids
    }

    /// Marks every id of `diagram` as used.
    pub fn remember(&mut self, diagram: &Diagram) {
        for id in diagram.element_ids() {
            if !self.used.contains(id.as_str()) {
                self.used.insert(id.as_str().to_owned());
            }
        }
        // Elements a lenient open could not read keep their ids too: saving writes them back.
        for part in &diagram.unreadable {
            if let Some(id) = part.id() {
                self.used.insert(id.as_str().to_owned());
            }
        }
    }

    /// Marks one id as used.
    pub fn mark(&mut self, id: &str) {
        if !self.used.contains(id) {
            self.used.insert(id.to_owned());
        }
    }

    /// Whether `id` was ever used.
    pub fn is_used(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// A fresh id from `name` (`orders-api`, `orders-api-2`, ...), marked as used. `diagram` is the reserved word.
    pub fn fresh(&mut self, name: &str) -> Id {
        let stem = Id::slug(name);
        let mut candidate = stem.clone();
        let mut n = 1u64;
        loop {
            if candidate != "diagram"
                && !self.used.contains(&candidate)
                && let Ok(id) = Id::new(&candidate)
            {
                self.used.insert(candidate);
                return id;
            }
            n += 1;
            candidate = format!("{stem}-{n}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, ComponentKind};

    #[test]
    fn ids_come_from_names_and_are_never_reused() {
        let mut diagram = Diagram::default();
        diagram.components.push(Component::new(Id::new("orders-api").unwrap(), ComponentKind::Lambda, "x"));
        let mut ids = Ids::of(&diagram);
        assert_eq!(ids.fresh("Orders API").as_str(), "orders-api-2");
        assert_eq!(ids.fresh("Orders API").as_str(), "orders-api-3");
        diagram.components.clear();
        assert_eq!(ids.fresh("orders api").as_str(), "orders-api-4", "a deleted id stays used");
        assert_eq!(ids.fresh("주문").as_str(), "element");
        assert_eq!(ids.fresh("Diagram").as_str(), "diagram-2");
    }
}
