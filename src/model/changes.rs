//! What edits changed in a checked [`Model`], so an analysis can redo only what they can affect.
//!
//! An edit of a component's content (name, description, properties) patches the model in place and keeps every
//! index; it is described by which parts of which components changed. An edit of triage entries, or of a flow's
//! attributes (not what it connects), patches them in place too, and so does adding, removing or re-pointing a flow
//! (flows' positions may shift; components' stay). Notes, manual threats and the settings are patched in place too:
//! notes change nothing the analysis reads, manual threats their own findings, the settings what reads the changed
//! rule settings or the as-of date (a new posture changes everything); boundaries what reads them (the facts); contexts the
//! metrics and the rules that read them; connections the rules that read them. A component's links besides its parent (a role, what it protects or covers,
//! but not the subnets it names) are patched in place too, and so is the role index. A move under another parent
//! keeps every position ([`Changes::moved`]: where the moved components sit changed, and the children of the parents
//! left and joined). A component without flows, children or links added or removed is patched in too
//! ([`ComponentShift`]): components' positions after it shift, so it goes alone (with any other change it counts as
//! changing everything). Any other edit rebuilds the model and changes everything.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::flow::FlowFields;
use crate::model::id::Id;
use crate::model::index::{ComponentIx, FlowIx, Model};
use crate::model::kind::ComponentKind;
use crate::model::props::KeySet;

/// What changed in one component's content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ContentChange {
    /// Its name changed.
    pub name: bool,
    /// Its description changed.
    pub description: bool,
    /// The properties whose value changed, as written or as in effect (the kind's default filled in).
    pub keys: KeySet,
}

impl ContentChange {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        !self.name && !self.description && self.keys.is_empty()
    }

    /// Both changes.
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        Self {
            name: self.name || other.name,
            description: self.description || other.description,
            keys: self.keys.union(other.keys),
        }
    }
}

/// A component added to a model or removed from it, with nothing else changed that holds component positions: the
/// components from its position on moved up (or down) by one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentShift {
    /// Its position (in the model with it).
    pub at: ComponentIx,
    /// It was added (else removed).
    pub added: bool,
    /// Its id.
    pub id: Id,
    /// Its kind.
    pub kind: ComponentKind,
    /// Its parent, in the model after the change.
    pub parent: Option<ComponentIx>,
    /// It carries data.
    pub data: bool,
}

impl ComponentShift {
    /// Whether `read` says where its parent sits (or the parent's children, noted so) was read.
    pub fn parent_read(&self, read: impl FnOnce(ComponentIx) -> bool) -> bool {
        self.parent.is_some_and(read)
    }

    /// Whether code that read only `among` of the components came across it. It links nothing (only such
    /// components are added or removed alone), so it names no images.
    pub fn among(&self, among: crate::model::structure::Among) -> bool {
        among.takes(self.kind, self.parent.is_some(), self.data, false)
    }

    /// Where the component at position `c` before the change is after it; `None` for the removed one.
    pub fn shifted(&self, c: ComponentIx) -> Option<ComponentIx> {
        match (self.added, c.0.cmp(&self.at.0)) {
            (_, std::cmp::Ordering::Less) => Some(c),
            (true, _) => Some(ComponentIx(c.0 + 1)),
            (false, std::cmp::Ordering::Equal) => None,
            (false, std::cmp::Ordering::Greater) => Some(ComponentIx(c.0 - 1)),
        }
    }
}

/// What changed in a model between two of its states.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Something other than components' content changed (or the changes are not known): component indexes may
    /// differ, so everything must be redone.
    pub everything: bool,
    /// Components whose content changed, and how.
    pub content: BTreeMap<ComponentIx, ContentChange>,
    /// Triage entries (status and note of rule findings) changed.
    pub triage: bool,
    /// Attributes changed on some flows (which connect what they did).
    pub flows: FlowFields,
    /// The flows whose attributes changed, or that were added, removed or re-pointed, by id.
    pub flow_ids: BTreeSet<Id>,
    /// The components at the ends of those flows, before and after the edit (maybe more than once).
    pub flow_ends: Vec<ComponentIx>,
    /// Flows were added, removed or re-pointed (other ends or pattern): flows' positions may have shifted, and
    /// what reads the flow structure ([`crate::model::structure`]) must be redone.
    pub structure: bool,
    /// Where flows were added (`true`) or removed, in the order of the edits: a flow's position after them is its
    /// position before, moved up past every addition at or before it and down past every removal before it.
    pub flow_shifts: Vec<(u32, bool)>,
    /// The ends of each flow removed, in the order of the removals in `flow_shifts`.
    pub removed_ends: Vec<(ComponentIx, ComponentIx)>,
    /// Some flow was re-pointed (other ends at the same position).
    pub repointed: bool,
    /// Manual threats added, removed or changed, by id.
    pub threats: BTreeSet<Id>,
    /// Rules whose settings (switch or thresholds) changed, by rule id.
    pub rule_settings: BTreeSet<String>,
    /// The as-of date changed.
    pub as_of: bool,
    /// Boundaries were added, removed or changed (their members or kind): boundaries' positions may have shifted.
    pub boundaries: bool,
    /// Bounded contexts were added, removed or changed (their members or name): contexts' positions may have
    /// shifted.
    pub contexts: bool,
    /// Connections were added, removed or changed: connections' positions may have shifted.
    pub connections: bool,
    /// A component without flows, children or links was added or removed, and nothing else that holds component
    /// positions changed.
    pub component: Option<ComponentShift>,
    /// With `contexts`: the components whose bounded context is another one, or a changed one (maybe more than once).
    pub context_members: Vec<ComponentIx>,
    /// Components whose links (besides the parent: a role, what it protects or covers ...) changed (maybe more than
    /// once).
    pub links: Vec<ComponentIx>,
    /// Which links changed, on any of them.
    pub linked: crate::model::catalog::Links,
    /// Components that moved under another parent, with everything inside them (maybe more than once): where they
    /// sit changed.
    pub moved: Vec<ComponentIx>,
    /// The parents the moved components left and joined: their children changed.
    pub move_parents: Vec<ComponentIx>,
}

impl Changes {
    /// Everything changed.
    pub fn everything() -> Self {
        Self { everything: true, ..Self::default() }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        !self.everything
            && !self.triage
            && !self.structure
            && !self.as_of
            && !self.boundaries
            && !self.contexts
            && !self.connections
            && self.component.is_none()
            && self.links.is_empty()
            && self.moved.is_empty()
            && self.flows.is_empty()
            && self.threats.is_empty()
            && self.rule_settings.is_empty()
            && self.content.values().all(ContentChange::is_empty)
    }

    /// Adds a change of one component's content.
    pub fn add_content(&mut self, c: ComponentIx, change: ContentChange) {
        if !change.is_empty() && self.may_hold_positions() {
            let entry = self.content.entry(c).or_default();
            *entry = entry.union(change);
        }
    }

    /// Adds a change of one component's links.
    pub fn add_links(&mut self, c: ComponentIx, links: crate::model::catalog::Links) {
        if links.any() && self.may_hold_positions() {
            self.links.push(c);
            self.linked = self.linked.union(links);
        }
    }

    /// Adds a move of a component under another parent: `inside` is it with everything inside it, `parents` the
    /// parents it left and joined.
    pub fn add_move(&mut self, inside: &[ComponentIx], parents: &[ComponentIx]) {
        if self.may_hold_positions() {
            self.moved.extend_from_slice(inside);
            self.move_parents.extend_from_slice(parents);
        }
    }

    /// Whether a change that holds component positions may be noted: not when everything changed already, nor beside
    /// a component's shift (then everything changed, from now on).
    fn may_hold_positions(&mut self) -> bool {
        if self.component.is_some() {
            *self = Self::everything();
        }
        !self.everything
    }

    /// Whether something that holds component positions changed: content, flows (their ends), links, places, or a
    /// component.
    fn holds_positions(&self) -> bool {
        self.component.is_some() || self.holds_other_positions()
    }

    /// Whether something that holds component positions changed besides a component added or removed.
    fn holds_other_positions(&self) -> bool {
        !self.content.is_empty()
            || !self.flow_ends.is_empty()
            || !self.context_members.is_empty()
            || !self.links.is_empty()
            || !self.moved.is_empty()
    }

    /// Whether a component added or removed went alone: nothing else noted that holds component positions (which
    /// would mean other components before or after it moved).
    pub(crate) fn component_alone(&self) -> bool {
        self.component.is_none() || !self.holds_other_positions()
    }

    /// Notes a component added or removed: alone, or else everything changed.
    pub fn add_component(&mut self, shift: ComponentShift) {
        if self.holds_positions() {
            *self = Self::everything();
        } else if !self.everything {
            self.component = Some(shift);
        }
    }

    /// Adds everything `other` changed.
    pub fn add(&mut self, other: &Self) {
        // A component's shift goes alone: positions noted before it (or after) would mean another component.
        if other.everything || (other.holds_positions() && self.component.is_some()) {
            *self = Self::everything();
            return;
        }
        if let Some(shift) = &other.component {
            self.add_component(shift.clone());
            if self.everything {
                return;
            }
        }
        for (&c, &change) in &other.content {
            self.add_content(c, change);
        }
        self.triage |= other.triage;
        self.structure |= other.structure;
        self.as_of |= other.as_of;
        self.boundaries |= other.boundaries;
        self.contexts |= other.contexts;
        self.connections |= other.connections;
        self.threats.extend(other.threats.iter().cloned());
        self.rule_settings.extend(other.rule_settings.iter().cloned());
        self.flow_ids.extend(other.flow_ids.iter().cloned());
        self.flow_ends.extend_from_slice(&other.flow_ends);
        self.context_members.extend_from_slice(&other.context_members);
        self.links.extend_from_slice(&other.links);
        self.moved.extend_from_slice(&other.moved);
        self.move_parents.extend_from_slice(&other.move_parents);
        self.linked = self.linked.union(other.linked);
        self.flow_shifts.extend_from_slice(&other.flow_shifts);
        self.removed_ends.extend_from_slice(&other.removed_ends);
        self.repointed |= other.repointed;
        self.flows = self.flows.union(other.flows);
    }

    /// Where the flow at position `f` before these changes is after them (see [`Changes::flow_shifts`]); `None` for a
    /// flow they removed.
    pub fn shifted_flow(&self, mut f: u32) -> Option<u32> {
        for &(at, added) in &self.flow_shifts {
            if added && f >= at {
                f += 1;
            } else if !added && f == at {
                return None;
            } else if !added && f > at {
                f -= 1;
            }
        }
        Some(f)
    }

    /// Where the flow at position `f` after these changes was before them; `None` for a flow they added.
    pub fn unshifted_flow(&self, f: u32) -> Option<u32> {
        self.unshift(f, self.flow_shifts.len())
    }

    /// Where the flow at position `f` after the first `upto` additions and removals was before them.
    fn unshift(&self, mut f: u32, upto: usize) -> Option<u32> {
        for &(at, added) in self.flow_shifts.get(..upto).unwrap_or(&[]).iter().rev() {
            if added && f == at {
                return None;
            } else if added && f > at {
                f -= 1;
            } else if !added && f >= at {
                f += 1;
            }
        }
        Some(f)
    }

    /// Where the flows these changes removed were before them (not those they added and removed again).
    pub fn removed_flows(&self) -> Vec<u32> {
        let removals = self.flow_shifts.iter().enumerate().filter(|&(_, &(_, added))| !added);
        removals.filter_map(|(i, &(at, _))| self.unshift(at, i)).collect()
    }

    /// Whether every flow these changes kept has the ends it had before: none was re-pointed, and no component came or
    /// went (positions of components shifted).
    pub fn keeps_flow_ends(&self) -> bool {
        !self.repointed && self.component.is_none()
    }

    /// The ends the flow at position `f` before these changes had then, when they are known
    /// ([`Changes::keeps_flow_ends`]): a flow kept has the ends it has in `model` now, a flow removed those it had when
    /// it was removed.
    pub fn ends_before(&self, model: &Model, f: u32) -> Option<(ComponentIx, ComponentIx)> {
        if !self.keeps_flow_ends() {
            return None;
        }
        if let Some(now) = self.shifted_flow(f) {
            return ((now as usize) < model.flows().len()).then(|| model.flow_ends(FlowIx(now)));
        }
        let removals = self.flow_shifts.iter().enumerate().filter(|&(_, &(_, added))| !added);
        let mut ends = removals.zip(&self.removed_ends).filter(|&((i, &(at, _)), _)| self.unshift(at, i) == Some(f));
        ends.next().map(|(_, &ends)| ends)
    }

    /// Every key changed on any component, and whether any name or description changed.
    pub fn summary(&self) -> ContentChange {
        self.content.values().fold(ContentChange::default(), |all, &change| all.union(change))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Flows added at 2 and then at 0, and the flow then at 4 removed: positions move past each in turn.
    #[test]
    fn shifted_flows_follow_additions_and_removals_in_order() {
        let changes = Changes { flow_shifts: vec![(2, true), (0, true), (4, false)], ..Changes::default() };
        let moved: Vec<Option<u32>> = (0..5).map(|f| changes.shifted_flow(f)).collect();
        // 0 -> 1; 1 -> 2; 2 -> 3 -> 4 (removed); 3 -> 4 -> 5 -> 4; 4 -> 5 -> 6 -> 5.
        assert_eq!(moved, [Some(1), Some(2), None, Some(4), Some(5)]);
        assert_eq!(Changes::default().shifted_flow(7), Some(7));
    }

    /// For every sequence of additions and removals over a few flows, a flow's position before is where
    /// `unshifted_flow` takes its position after, and the removed ones are those `removed_flows` lists.
    #[test]
    fn unshifted_flows_undo_the_shifts() {
        let mut checked = 0;
        for seed in 0u32..400 {
            let mut shifts = Vec::new();
            let mut len = 6u32;
            let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(12_345);
            for _ in 0..(seed % 5) {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let added = (x >> 16) % 2 == 0 || len == 0;
                let at = (x >> 8) % (len + u32::from(added));
                shifts.push((at, added));
                len = if added { len + 1 } else { len - 1 };
            }
            let changes = Changes { flow_shifts: shifts, ..Changes::default() };
            let mut removed: Vec<u32> = (0..6).filter(|&f| changes.shifted_flow(f).is_none()).collect();
            for f in 0..6 {
                if let Some(now) = changes.shifted_flow(f) {
                    assert_eq!(changes.unshifted_flow(now), Some(f), "{:?}: {f}", changes.flow_shifts);
                }
            }
            let added = (0..len).filter(|&now| changes.unshifted_flow(now).is_none()).count();
            assert_eq!(len as usize, 6 - removed.len() + added, "{:?}", changes.flow_shifts);
            let mut listed = changes.removed_flows();
            listed.sort_unstable();
            removed.sort_unstable();
            assert_eq!(listed, removed, "{:?}", changes.flow_shifts);
            checked += usize::from(!changes.flow_shifts.is_empty());
        }
        assert!(checked > 200);
    }

    /// A flow kept has its ends now; a flow removed those recorded at its removal, found by its position before all
    /// the changes; after a re-point nothing is known.
    #[test]
    fn flows_had_the_ends_kept_or_recorded() {
        use crate::analysis::testkit::TestDiagram;
        use crate::model::{ComponentKind as K, Pattern};
        // After the changes: the added flow, then the first, fourth and fifth of before.
        let model = TestDiagram::new()
            .component("a", K::GenericService, None)
            .component("b", K::GenericService, None)
            .component("c", K::GenericService, None)
            .flow("a", "b", Pattern::SyncRequest)
            .flow("b", "c", Pattern::SyncRequest)
            .flow("c", "a", Pattern::SyncRequest)
            .flow("a", "c", Pattern::SyncRequest)
            .build();
        let (x, y, z) = (ComponentIx(0), ComponentIx(1), ComponentIx(2));
        // Five flows; the second removed, one added first, then the third of before (now at 2) removed.
        let mut changes = Changes {
            flow_shifts: vec![(1, false), (0, true), (2, false)],
            removed_ends: vec![(x, y), (y, z)],
            structure: true,
            ..Changes::default()
        };
        let ends: Vec<_> = (0..5).map(|f| changes.ends_before(&model, f)).collect();
        let now = |f| Some(model.flow_ends(FlowIx(f)));
        assert_eq!(ends, [now(1), Some((x, y)), Some((y, z)), now(2), now(3)]);
        changes.repointed = true;
        assert_eq!(changes.ends_before(&model, 0), None);
    }
}
