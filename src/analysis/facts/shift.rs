//! The facts of a model after a component without flows, children or links came or went, from the facts before:
//! every position moves with the components, the added component's own facts follow from where it sits (its parent's
//! facts, its own boundaries and the detective controls and WAFs that name it), and its account's entry counts one
//! member more or less. Nothing else can differ: it has no flows, so it faces nobody and nobody calls it, and nothing
//! sits inside it. A detective control, a WAF or an account changes what others' facts say, and the entry of
//! components outside every account comes and goes with its members: for those there is no shortcut (`None`).

use super::{AccountFacts, Facts};
use crate::analysis::exposed::takes_no_waf;
use crate::model::changes::ComponentShift;
use crate::model::group::BoundaryKind;
use crate::model::kind::ComponentKind as K;
use crate::model::{ComponentIx, Model};

impl Facts {
    /// The facts of `model`, the model after `shift`, from these (of the model before it); `None` when the shift
    /// may change other components' facts or the accounts' entries (see the module documentation).
    pub fn after_shift(&self, model: &Model, shift: &ComponentShift) -> Option<Self> {
        if shift.kind.is_detective() || matches!(shift.kind, K::Waf | K::AwsAccount) {
            return None;
        }
        let at = shift.at.index();
        let place = |c: Option<ComponentIx>| c.map(|c| shift.shifted(c).unwrap_or(c));
        let mut facts = Self {
            account: moved(&self.account, shift, None, place),
            vpc: moved(&self.vpc, shift, None, place),
            on_prem: moved(&self.on_prem, shift, None, place),
            cluster: moved(&self.cluster, shift, None, place),
            host: moved(&self.host, shift, None, place),
            namespace: moved(&self.namespace, shift, None, std::convert::identity),
            external: moved(&self.external, shift, false, std::convert::identity),
            public: moved(&self.public, shift, false, std::convert::identity),
            internet_facing: moved(&self.internet_facing, shift, false, std::convert::identity),
            monitored: moved(&self.monitored, shift, false, std::convert::identity),
            waf: moved(&self.waf, shift, false, std::convert::identity),
            entry: moved(&self.entry, shift, None, std::convert::identity),
            accounts: self
                .accounts
                .iter()
                .map(|entry| AccountFacts { account: place(entry.account), ..entry.clone() })
                .collect(),
        };
        if !shift.added {
            // One member less; the entry outside every account goes with its last member.
            let entry = self.entry.get(at).copied()?;
            if let Some(e) = entry {
                let last = facts.accounts.get(e)?.account.is_none() && facts.accounts[e].members == 1;
                if last {
                    return None;
                }
                facts.accounts[e].members -= 1;
            }
            return Some(facts);
        }
        let c = shift.at;
        let namespaces: Vec<bool> =
            model.diagram().boundaries.iter().map(|b| b.kind == BoundaryKind::Namespace).collect();
        facts.place(model, c, &namespaces);
        facts.expose(model, c);
        // Watched when its container is (a watch marks whole subtrees), or when a detective control names it; a WAF
        // that names it protects it.
        let id = model.component_id(c);
        let names = |list: &[crate::model::Id]| list.iter().any(|x| x == id);
        let mut monitored = model.parent(c).is_some_and(|p| facts.monitored[p.index()]);
        let mut waf = false;
        for other in model.component_ixs() {
            let kind = model.kind(other);
            if kind.is_detective() {
                monitored |= names(&model.component(other).covers);
            } else if kind == K::Waf && names(&model.component(other).protects) {
                waf = !takes_no_waf(model, c);
            }
        }
        facts.monitored[at] = monitored;
        facts.waf[at] = waf;
        // Its account's entry, as `collect_accounts` finds it.
        let account = facts.account[at];
        if account.is_some() || facts.is_aws(model, c) {
            let e = facts.accounts.iter().position(|entry| entry.account == account)?;
            facts.entry[at] = Some(e);
            facts.accounts[e].members += 1;
        }
        Some(facts)
    }
}

/// `list` with the entry of the added component (`new`) inserted at its position, or the removed one's taken out, and
/// every entry mapped by `map`.
fn moved<T: Copy>(list: &[T], shift: &ComponentShift, new: T, map: impl Fn(T) -> T) -> Vec<T> {
    let at = shift.at.index().min(list.len());
    let mut out = Vec::with_capacity(list.len() + 1);
    out.extend(list[..at].iter().map(|&x| map(x)));
    if shift.added {
        out.push(new);
        out.extend(list[at..].iter().map(|&x| map(x)));
    } else {
        out.extend(list.get(at + 1..).unwrap_or_default().iter().map(|&x| map(x)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::component::Component;

    /// For every kind under every parent it may sit in, on every sample: the facts after adding the component, and
    /// after removing it again, are those derived afresh whenever there is a shortcut, and there is one for most.
    #[test]
    fn facts_after_a_shift_are_those_derived_afresh() {
        let (mut shortcuts, mut none) = (0, 0);
        for sample in crate::io::samples::all() {
            let model = sample.model().unwrap();
            let before = Facts::new(&model);
            let parents = std::iter::once(None).chain(model.component_ixs().map(Some));
            for parent in parents {
                let info = |k: K| crate::model::catalog::info(k);
                let parent_kind = parent.map(|p| model.kind(p));
                let fits: Vec<K> = <K as crate::model::named::Named>::ALL
                    .iter()
                    .copied()
                    .filter(|&k| parent_kind.map_or(info(k).top_level, |pk| info(k).may_sit_in(Some(pk))))
                    .collect();
                for kind in fits {
                    let mut diagram = model.diagram().clone();
                    let id = crate::model::Id::new("aaa-added").unwrap();
                    let mut added = Component::new(id.clone(), kind, "Added");
                    added.parent = parent.map(|p| model.component_id(p).clone());
                    diagram.components.push(added);
                    let Ok(changed) = Model::new(diagram) else { continue };
                    let at = changed.component_ix("aaa-added").unwrap();
                    let shift = ComponentShift {
                        at,
                        added: true,
                        id: id.clone(),
                        kind,
                        parent: changed.parent(at),
                        data: false,
                    };
                    let after = Facts::new(&changed);
                    match before.after_shift(&changed, &shift) {
                        Some(facts) => {
                            assert!(facts == after, "{}: {kind} added in {parent:?}", sample.file);
                            shortcuts += 1;
                        }
                        None => none += 1,
                    }
                    let back = ComponentShift {
                        at,
                        added: false,
                        id,
                        kind,
                        parent: model.parent(at).filter(|_| false),
                        data: false,
                    };
                    if let Some(facts) = after.after_shift(&model, &back) {
                        assert!(facts == before, "{}: {kind} removed from {parent:?}", sample.file);
                        shortcuts += 1;
                    }
                }
            }
        }
        assert!(shortcuts > 1_000 && none > 20, "{shortcuts} shortcuts, {none} without");
    }
}
