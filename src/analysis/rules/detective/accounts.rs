//! What the per-account detective rules share: the most sensitive data in each entry of `Facts::accounts`, and the
//! check "one finding per account entry that lacks a control". O(components).

use crate::analysis::facts::{AccountFacts, Facts};
use crate::analysis::finding::Hit;
use crate::analysis::quote;
use crate::analysis::rule::RuleContext;
use crate::model::Model;
use crate::model::props::Classification;

/// The most sensitive data classification in each entry, by position in `facts.accounts()`.
pub(super) fn data_by_entry(model: &Model, facts: &Facts) -> Vec<Option<Classification>> {
    let mut data = vec![None; facts.accounts().len()];
    for (c, profile) in crate::analysis::data::carriers(model) {
        if let Some(slot) = facts.account_entry(c).and_then(|e| data.get_mut(e)) {
            *slot = (*slot).max(Some(profile.classification));
        }
    }
    data
}

/// One hit per account entry with members that `has` says lacks the control; `account` words it for a named
/// account, `outside` for the AWS components drawn outside every account. Impact follows the entry's data.
pub(super) fn report_missing(
    cx: &RuleContext<'_>,
    hits: &mut Vec<Hit>,
    has: fn(&AccountFacts) -> bool,
    account: fn(&str) -> String,
    outside: &str,
) {
    let (model, facts) = (cx.model, cx.facts);
    if facts.accounts().iter().all(|e| has(e) || e.members() == 0) {
        return;
    }
    for (entry, data) in facts.accounts().iter().zip(data_by_entry(model, facts)) {
        if has(entry) || entry.members() == 0 {
            continue;
        }
        let hit = match entry.account.map(|a| model.component(a)) {
            Some(named) => Hit::on(&named.id, account(&quote::name_of(model, named).to_string())),
            None => Hit::diagram(outside),
        };
        hits.push(hit.with_data(data));
    }
}
