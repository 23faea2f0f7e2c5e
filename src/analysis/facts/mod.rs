//! Facts derived once per analysis and shared by the rules: where each component sits (account, VPC, on-prem
//! network, cluster, host, namespace), its trust zone, whether the internet reaches it, whether a detective control
//! watches it or a WAF protects it, and what each account has for audit and detection. All O(components + flows).

use crate::analysis::exposed::{exposure, takes_no_waf};
use crate::model::group::BoundaryKind;
use crate::model::kind::ComponentKind as K;
use crate::model::props::Exposure;
use crate::model::structure::note_place;
use crate::model::{ComponentIx, Model};

/// The trust zone a component is in, for "does this flow cross a trust boundary" (docs/security-model.md#precision: the
/// boundaries that count are the internet, accounts, VPCs and on-premises networks; not subnets, not contexts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Zone {
    /// Outside everything: the internet or an outside user.
    pub external: bool,
    /// The on-premises network it is in.
    pub on_prem: Option<ComponentIx>,
    /// The AWS account it is in.
    pub account: Option<ComponentIx>,
    /// The VPC it is in.
    pub vpc: Option<ComponentIx>,
}

/// Audit and detection per AWS account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountFacts {
    /// The account (`None`: AWS components drawn outside any account).
    pub account: Option<ComponentIx>,
    /// A CloudTrail trail records it.
    pub audit_trail: bool,
    /// GuardDuty or CloudWatch watches it or something in it.
    pub detective: bool,
    /// Components in it (excluding the account itself): read through [`AccountFacts::members`].
    members: usize,
}

impl AccountFacts {
    /// How many components are in it (excluding the account itself). Counting them reads which components there are
    /// ([`crate::model::structure`]): a component added to the account changes it.
    pub fn members(&self) -> usize {
        crate::model::structure::note_components();
        self.members
    }
}

/// Derived facts, indexed by component: every list has one entry per component of the model they were derived from,
/// and the getters take that model's indexes, so they index directly (an index from another model fails loudly
/// instead of answering `false` or `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    account: Vec<Option<ComponentIx>>,
    vpc: Vec<Option<ComponentIx>>,
    on_prem: Vec<Option<ComponentIx>>,
    cluster: Vec<Option<ComponentIx>>,
    host: Vec<Option<ComponentIx>>,
    namespace: Vec<Option<usize>>,
    external: Vec<bool>,
    /// Exposed to the internet (`exposure: public`, its own or its subnet's).
    public: Vec<bool>,
    internet_facing: Vec<bool>,
    monitored: Vec<bool>,
    waf: Vec<bool>,
    entry: Vec<Option<usize>>,
    /// One entry per account, in component order, then the "outside any account" entry if AWS components are there.
    accounts: Vec<AccountFacts>,
}

mod shift;

/// The components by depth, outermost first, in their order within a depth: counted into place (depths are few), not
/// sorted, so that the walk costs the same per component however many there are.
fn by_depth(model: &Model) -> Vec<ComponentIx> {
    let depths = model.component_ixs().map(|c| model.depth(c) as usize).max().map_or(0, |d| d + 1);
    let n = u32::try_from(model.components().len()).unwrap_or(u32::MAX);
    let order = crate::sorting::counting_sort(depths, n as usize, 0..n, |&c| model.depth(ComponentIx(c)));
    order.into_iter().map(ComponentIx).collect()
}

impl Facts {
    /// Derives the facts of a model.
    pub fn new(model: &Model) -> Self {
        let n = model.components().len();
        let mut facts = Self {
            account: vec![None; n],
            vpc: vec![None; n],
            on_prem: vec![None; n],
            cluster: vec![None; n],
            host: vec![None; n],
            namespace: vec![None; n],
            external: vec![false; n],
            public: vec![false; n],
            internet_facing: vec![false; n],
            monitored: vec![false; n],
            waf: vec![false; n],
            entry: vec![None; n],
            accounts: Vec::new(),
        };
        let namespaces: Vec<bool> =
            model.diagram().boundaries.iter().map(|b| b.kind == BoundaryKind::Namespace).collect();
        // Parents come before children in a depth-ordered walk, so each component copies its parent's facts.
        for c in by_depth(model) {
            facts.place(model, c, &namespaces);
        }
        for c in model.component_ixs() {
            facts.expose(model, c);
        }
        facts.mark_covered(model);
        facts.collect_accounts(model);
        facts
    }

    /// The facts of the component at `c` that follow from where it sits, its parent's being known: its account, VPC,
    /// on-premises network, cluster, host and namespace (`namespaces`: which boundaries are namespaces), and whether
    /// it is external.
    fn place(&mut self, model: &Model, c: ComponentIx, namespaces: &[bool]) {
        let i = c.index();
        if let Some(p) = model.parent(c) {
            let pi = p.index();
            self.account[i] = self.account[pi];
            self.vpc[i] = self.vpc[pi];
            self.on_prem[i] = self.on_prem[pi];
            self.cluster[i] = self.cluster[pi];
            self.host[i] = self.host[pi];
            match model.kind(p) {
                K::AwsAccount => self.account[i] = Some(p),
                K::Vpc => self.vpc[i] = Some(p),
                K::OnPrem => self.on_prem[i] = Some(p),
                K::EksCluster => self.cluster[i] = Some(p),
                K::Ec2Node | K::FargateProfile => self.host[i] = Some(p),
                _ => {}
            }
        }
        // Subnets it names besides its parent give its VPC when its parents do not (only kinds that take the link can
        // name any: the whole component is read only for those).
        if self.vpc[i].is_none() && crate::model::catalog::info(model.kind(c)).links.subnets {
            self.vpc[i] = model
                .component(c)
                .subnets
                .iter()
                .filter_map(|id| model.component_ix(id))
                .find_map(|s| model.parent(s).filter(|&v| model.kind(v) == K::Vpc));
        }
        // Its own namespace boundary, else its container's.
        let own = model.direct_boundaries(c).iter().copied().find(|&b| namespaces.get(b) == Some(&true));
        self.namespace[i] = own.or_else(|| model.parent(c).and_then(|p| self.namespace[p.index()]));
        let kind = model.kind(c);
        self.external[i] = kind == K::Internet || (kind == K::User && self.on_prem[i].is_none());
    }

    /// Whether the components at `ends` face the internet in `model` as these facts say they did: after flows alone
    /// were added, removed or re-pointed, which is all of the facts that reads flows (a component's callers).
    pub fn facing_alike(&self, model: &Model, ends: &[ComponentIx]) -> bool {
        ends.iter().all(|&c| self.internet_facing.get(c.index()) == Some(&self.facing(model, c)))
    }

    /// Whether the component at `c` is exposed to the internet, and whether the internet reaches it, every
    /// component's place being known.
    fn expose(&mut self, model: &Model, c: ComponentIx) {
        self.public[c.index()] = exposure(model, c) == Some(Exposure::Public);
        self.internet_facing[c.index()] = self.facing(model, c);
    }

    /// Whether the internet reaches the component at `c`, every component's place and exposure being known.
    fn facing(&self, model: &Model, c: ComponentIx) -> bool {
        self.public[c.index()] && !self.external[c.index()]
            || model.incoming(c).any(|(_, caller)| self.external[caller.index()])
    }

    fn mark_covered(&mut self, model: &Model) {
        for c in model.component_ixs() {
            // The compact list of kinds first: few components are controls, and the whole component is large.
            let kind = model.kind(c);
            if !kind.is_detective() && kind != K::Waf {
                continue;
            }
            let component = model.component(c);
            if kind.is_detective() {
                let targets: Vec<ComponentIx> = if component.covers.is_empty() {
                    // A detective control drawn without `covers` watches the account it sits in.
                    self.account[c.index()].into_iter().collect()
                } else {
                    component.covers.iter().filter_map(|id| model.component_ix(id)).collect()
                };
                let mut stack = targets;
                while let Some(at) = stack.pop() {
                    // Already watched means its whole subtree was marked before.
                    if !std::mem::replace(&mut self.monitored[at.index()], true) {
                        stack.extend_from_slice(model.children(at));
                    }
                }
            }
            if kind == K::Waf {
                // A web ACL cannot be associated with an HTTP or WebSocket API: drawn there, it filters nothing.
                for target in component.protects.iter().filter_map(|id| model.component_ix(id)) {
                    self.waf[target.index()] = !takes_no_waf(model, target);
                }
            }
        }
    }

    fn collect_accounts(&mut self, model: &Model) {
        let mut entries: Vec<AccountFacts> = Vec::new();
        // Per component: the position of the entry of the account it is, if it is one.
        let mut entry_of_account: Vec<Option<usize>> = vec![None; model.components().len()];
        for c in model.component_ixs().filter(|&c| model.kind(c) == K::AwsAccount) {
            entry_of_account[c.index()] = Some(entries.len());
            entries.push(AccountFacts { account: Some(c), audit_trail: false, detective: false, members: 0 });
        }
        // The "outside any account" entry comes last; it is dropped again if no component belongs to it.
        let outside = entries.len();
        entries.push(AccountFacts { account: None, audit_trail: false, detective: false, members: 0 });
        let entry_of = |account: Option<ComponentIx>| match account {
            Some(a) => entry_of_account.get(a.index()).copied().flatten(),
            None => Some(outside),
        };
        for c in model.component_ixs() {
            let kind = model.kind(c);
            let account = self.account[c.index()];
            let entry = if account.is_some() || self.is_aws(model, c) { entry_of(account) } else { None };
            self.entry[c.index()] = entry;
            if let Some(e) = entry.and_then(|e| entries.get_mut(e)) {
                e.members += 1;
            }
            // Which accounts does this detective control watch?
            if !kind.is_detective() {
                continue;
            }
            let component = model.component(c);
            let watched: Vec<Option<ComponentIx>> = if component.covers.is_empty() {
                vec![account]
            } else {
                component
                    .covers
                    .iter()
                    .filter_map(|id| model.component_ix(id))
                    .map(|t| if model.kind(t) == K::AwsAccount { Some(t) } else { self.account[t.index()] })
                    .collect()
            };
            for target in watched {
                if let Some(e) = entry_of(target).and_then(|e| entries.get_mut(e)) {
                    if kind == K::Cloudtrail {
                        e.audit_trail = true;
                    } else {
                        e.detective = true;
                    }
                }
            }
        }
        if entries.last().is_some_and(|e| e.members == 0) {
            entries.pop();
        }
        self.accounts = entries;
    }

    /// Whether the component at `c` is an AWS component to be watched (it counts in the entry outside every account
    /// when it sits in none).
    fn is_aws(&self, model: &Model, c: ComponentIx) -> bool {
        let kind = model.kind(c);
        // A generic service drawn at the top level is someone else's (a partner, a SaaS), not an AWS component; nor
        // is an external container registry.
        let third_party = (kind == K::GenericService && model.parent(c).is_none()) || kind == K::ExternalRegistry;
        // Detective controls and WAFs are what the entry is judged on, not what needs watching.
        !third_party
            && !kind.is_detective()
            && kind != K::Waf
            && !matches!(kind, K::Internet | K::User | K::OnPrem | K::AwsAccount)
            && self.on_prem[c.index()].is_none()
    }

    /// Whether these facts (of a model after `shift`) are those `old` (of the model before it) had, at the shifted
    /// positions: the added component's own facts and the accounts' member counts aside (what reads either reads
    /// which components there are).
    pub fn same_after(&self, old: &Self, shift: &crate::model::changes::ComponentShift) -> bool {
        let n = self.account.len();
        let old_n = old.account.len();
        if n != if shift.added { old_n + 1 } else { old_n.wrapping_sub(1) } || self.accounts.len() != old.accounts.len()
        {
            return false;
        }
        let at = shift.at.index();
        // The position in `old` of the component at `i` here (`None`: the added one).
        let was = |i: usize| match (shift.added, i.cmp(&at)) {
            (_, std::cmp::Ordering::Less) => Some(i),
            (true, std::cmp::Ordering::Equal) => None,
            (true, std::cmp::Ordering::Greater) => Some(i - 1),
            (false, _) => Some(i + 1),
        };
        // A place then is the same place now when it moved there (a removed component is no place now).
        let moved = |mine: Option<ComponentIx>, theirs: Option<ComponentIx>| match theirs {
            None => mine.is_none(),
            Some(c) => shift.shifted(c).is_some_and(|c| mine == Some(c)),
        };
        (0..n).all(|i| was(i).is_none_or(|j| self.same_facts(i, old, j, &moved)))
            && self.accounts.iter().zip(&old.accounts).all(|(mine, theirs)| same_entry(mine, theirs, &moved))
    }

    /// The components whose facts differ from those `old` (of the model before a move, with the same components at
    /// the same positions) gives them, in order, with the members of every account entry that differs but in its
    /// member count (what reads that reads which components there are). Entries keep their positions (one per
    /// account, in component order, then the one outside any account, which may come or go).
    pub fn differing(&self, old: &Self) -> Vec<ComponentIx> {
        let same = |mine: Option<ComponentIx>, theirs: Option<ComponentIx>| mine == theirs;
        let changed = |e: Option<usize>| {
            e.is_some_and(|e| match (self.accounts.get(e), old.accounts.get(e)) {
                (Some(mine), Some(theirs)) => !same_entry(mine, theirs, &same),
                (mine, theirs) => mine.is_some() || theirs.is_some(),
            })
        };
        let differs = |i: usize| !self.same_facts(i, old, i, &same) || changed(self.entry[i]) || changed(old.entry[i]);
        (0..self.account.len().min(old.account.len())).filter(|&i| differs(i)).map(|i| ComponentIx(i as u32)).collect()
    }

    /// Whether the component at `i` has the facts the component at `j` had in `old`, places compared by `place`.
    fn same_facts(
        &self,
        i: usize,
        old: &Self,
        j: usize,
        place: &dyn Fn(Option<ComponentIx>, Option<ComponentIx>) -> bool,
    ) -> bool {
        place(self.account[i], old.account[j])
            && place(self.vpc[i], old.vpc[j])
            && place(self.on_prem[i], old.on_prem[j])
            && place(self.cluster[i], old.cluster[j])
            && place(self.host[i], old.host[j])
            && self.namespace[i] == old.namespace[j]
            && self.external[i] == old.external[j]
            && self.public[i] == old.public[j]
            && self.internet_facing[i] == old.internet_facing[j]
            && self.monitored[i] == old.monitored[j]
            && self.waf[i] == old.waf[j]
            && self.entry[i] == old.entry[j]
    }

    /// Whether the components at `at` have the facts `old` gave them that the defense-in-depth metric reads of where
    /// components sit: their on-premises network, whether they are external, exposed to the internet or behind a WAF
    /// (after moves, with the components at the same positions).
    pub fn alike_for_defense(&self, old: &Self, at: &[ComponentIx]) -> bool {
        at.iter().all(|c| {
            let i = c.index();
            (self.on_prem.get(i), self.external.get(i), self.public.get(i), self.waf.get(i))
                == (old.on_prem.get(i), old.external.get(i), old.public.get(i), old.waf.get(i))
        })
    }

    /// Whether the component at `c` is exposed to the internet (`exposure: public`, its own or its subnet's).
    pub fn is_public(&self, c: ComponentIx) -> bool {
        self.public[c.index()]
    }

    /// One entry per account, in component order, then the "outside any account" entry if AWS components are there.
    /// Each sums up its members, so reading it reads something of where every component sits.
    pub fn accounts(&self) -> &[AccountFacts] {
        crate::model::structure::note_all_places();
        &self.accounts
    }

    /// The position in [`Facts::accounts`] of the entry a component belongs to: its account's, or the "outside any
    /// account" one for AWS components drawn outside every account; `None` for actors, on-premises components,
    /// top-level generic services and external registries (third parties), detective controls and WAFs outside
    /// accounts, and accounts.
    pub fn account_entry(&self, c: ComponentIx) -> Option<usize> {
        note_place(c.0);
        self.entry[c.index()]
    }

    /// The AWS account a component is in.
    pub fn account(&self, c: ComponentIx) -> Option<ComponentIx> {
        note_place(c.0);
        self.account[c.index()]
    }

    /// The VPC a component is in.
    pub fn vpc(&self, c: ComponentIx) -> Option<ComponentIx> {
        note_place(c.0);
        self.vpc[c.index()]
    }

    /// The on-premises network a component is in.
    pub fn on_prem(&self, c: ComponentIx) -> Option<ComponentIx> {
        note_place(c.0);
        self.on_prem[c.index()]
    }

    /// The EKS cluster a component is in.
    pub fn cluster(&self, c: ComponentIx) -> Option<ComponentIx> {
        note_place(c.0);
        self.cluster[c.index()]
    }

    /// The EC2 node or Fargate profile that runs a pod, container or process.
    pub fn host(&self, c: ComponentIx) -> Option<ComponentIx> {
        note_place(c.0);
        self.host[c.index()]
    }

    /// The explicit namespace boundary a component is in, by position in `diagram().boundaries`.
    pub fn namespace(&self, c: ComponentIx) -> Option<usize> {
        note_place(c.0);
        self.namespace[c.index()]
    }

    /// The internet itself, or a user outside every on-premises network.
    pub fn is_external(&self, c: ComponentIx) -> bool {
        note_place(c.0);
        self.external[c.index()]
    }

    /// Reachable from the internet: public exposure, or a flow from an external actor.
    pub fn is_internet_facing(&self, c: ComponentIx) -> bool {
        note_place(c.0);
        self.internet_facing[c.index()]
    }

    /// A detective control watches it (directly, through a container, or through its account).
    pub fn is_monitored(&self, c: ComponentIx) -> bool {
        note_place(c.0);
        self.monitored[c.index()]
    }

    /// A WAF protects it.
    pub fn has_waf(&self, c: ComponentIx) -> bool {
        note_place(c.0);
        self.waf[c.index()]
    }

    /// Its trust zone.
    pub fn zone(&self, c: ComponentIx) -> Zone {
        Zone { external: self.is_external(c), on_prem: self.on_prem(c), account: self.account(c), vpc: self.vpc(c) }
    }

    /// Whether two components sit in different trust zones.
    pub fn crosses_trust_boundary(&self, a: ComponentIx, b: ComponentIx) -> bool {
        self.zone(a) != self.zone(b)
    }
}

/// Whether two account entries say the same but for their member counts (what reads those reads which components
/// there are), accounts compared by `place`.
fn same_entry(
    mine: &AccountFacts,
    theirs: &AccountFacts,
    place: &dyn Fn(Option<ComponentIx>, Option<ComponentIx>) -> bool,
) -> bool {
    place(mine.account, theirs.account) && mine.audit_trail == theirs.audit_trail && mine.detective == theirs.detective
}

#[cfg(test)]
mod tests {
    use super::*;

    /// After a move, the components whose facts differ: the moved ones, those their flows made internet-facing, and
    /// every member of an account whose audit trail came or went.
    #[test]
    fn differing_lists_what_a_move_changed_elsewhere() {
        use crate::analysis::testkit::{TestDiagram, id};
        use crate::model::Pattern;
        let diagram = TestDiagram::new()
            .component("dc", K::OnPrem, None)
            .component("clerk", K::User, None)
            .component("a", K::AwsAccount, None)
            .component("b", K::AwsAccount, None)
            .component("trail", K::Cloudtrail, Some("a"))
            .component("api", K::Lambda, Some("a"))
            .component("queue", K::SqsQueue, Some("b"))
            .flow("clerk", "api", Pattern::SyncRequest)
            .build()
            .diagram()
            .clone();
        let model = Model::new(diagram.clone()).unwrap();
        let facts = Facts::new(&model);
        let moved = |id_of: &str, parent: &str| {
            let mut diagram = diagram.clone();
            diagram.components.iter_mut().find(|c| c.id == id(id_of)).unwrap().parent = Some(id(parent));
            let model = Model::new(diagram).unwrap();
            let differing = Facts::new(&model).differing(&facts);
            let mut names: Vec<String> = differing.into_iter().map(|c| model.component_id(c).to_string()).collect();
            names.sort();
            names
        };
        // The clerk works on premises now: the function is no longer reached from the internet.
        assert_eq!(moved("clerk", "dc"), vec!["api".to_owned(), "clerk".to_owned()]);
        // The trail watches account b now: both accounts (watched or not) and every member of them.
        assert_eq!(moved("trail", "b"), ["a", "api", "b", "queue", "trail"].map(str::to_owned));
        assert!(facts.differing(&facts).is_empty());
    }

    /// A component index the facts do not know is a bug: it fails loudly instead of answering "not monitored".
    #[test]
    #[should_panic(expected = "index out of bounds")]
    fn an_index_from_another_model_fails_loudly() {
        let model = crate::io::samples::all()[0].model().unwrap();
        let facts = Facts::new(&model);
        assert!(model.component_ixs().any(|c| facts.is_monitored(c) || !facts.is_monitored(c)));
        let _ = facts.is_monitored(ComponentIx(u32::try_from(model.components().len()).unwrap()));
    }
}
