//! Which entry of `Facts::accounts` each component belongs to, and the most sensitive data in each entry: what the
//! per-account detective rules need. O(components).

use crate::analysis::facts::{AccountFacts, Facts, classification};
use crate::model::props::Classification;
use crate::model::{ComponentIx, ComponentKind as K, Model};

/// Per component, the position of its entry in `facts.accounts`.
pub(super) struct AccountIndex {
    entry: Vec<Option<usize>>,
    outside_members: usize,
}

impl AccountIndex {
    /// Indexes every component. Follows `Facts::collect_accounts` (a component belongs to its account, or, when it
    /// is an AWS component drawn outside every account, to the "outside any account" entry), except that a generic
    /// service drawn at the top level is taken for a third party (a payment provider, a SaaS), not for AWS.
    pub(super) fn new(model: &Model, facts: &Facts) -> Self {
        let mut by_account = vec![None; model.components().len()];
        let mut outside = None;
        for (i, entry) in facts.accounts.iter().enumerate() {
            match entry.account {
                Some(a) => {
                    if let Some(slot) = by_account.get_mut(a.index()) {
                        *slot = Some(i);
                    }
                }
                None => outside = Some(i),
            }
        }
        let mut outside_members = 0;
        let entry = model
            .component_ixs()
            .map(|c| match facts.account(c) {
                Some(a) => by_account.get(a.index()).copied().flatten(),
                None if is_aws(model, facts, c) => {
                    outside_members += 1;
                    outside
                }
                None => None,
            })
            .collect();
        Self { entry, outside_members }
    }

    /// How many components an entry holds: the facts' count for an account; for the "outside any account" entry,
    /// the AWS components as this index counts them.
    pub(super) fn members(&self, entry: &AccountFacts) -> usize {
        if entry.account.is_some() { entry.members } else { self.outside_members }
    }

    /// The position in `facts.accounts` of the entry a component belongs to.
    pub(super) fn entry(&self, c: ComponentIx) -> Option<usize> {
        self.entry.get(c.index()).copied().flatten()
    }

    /// The most sensitive data classification in each entry, by position in `facts.accounts`.
    pub(super) fn data(&self, model: &Model, entries: usize) -> Vec<Option<Classification>> {
        let mut data = vec![None; entries];
        for c in model.component_ixs() {
            if let Some(slot) = self.entry(c).and_then(|e| data.get_mut(e)) {
                *slot = (*slot).max(classification(model, c));
            }
        }
        data
    }
}

/// An AWS component (not an actor, an on-premises network or something in one, an account, a detective control, a
/// WAF, or a generic service drawn at the top level).
fn is_aws(model: &Model, facts: &Facts, c: ComponentIx) -> bool {
    let third_party = model.kind(c) == K::GenericService && model.parent(c).is_none();
    !third_party
        && !model.kind(c).is_detective()
        && model.kind(c) != K::Waf
        && !matches!(model.kind(c), K::Internet | K::User | K::OnPrem | K::AwsAccount)
        && facts.on_prem(c).is_none()
}
