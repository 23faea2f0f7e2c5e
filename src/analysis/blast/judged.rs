//! What a rule judged each component from the blast-radius reaches, kept in the sweeps' memory across a live
//! analysis's updates ([`Judgements`]), so a re-run writes hits only for the components it judged otherwise than in
//! its last run, and the live analysis replaces only their findings ([`rejudging`]).
//!
//! A judgement holds everything the rule's hit about a component is made from but names (texts quote names through
//! markers, which a rename rewrites in place) and the wording its hits share (numbers of the whole diagram, say):
//! equal judgements under an equal key make equal hits up to that wording, which the live analysis rewrites in the
//! kept findings ([`Rejudged::respelled`]). When a component comes or goes the judgements move with the positions
//! ([`Judgement::shift`]). The memory is trusted only while the rule's findings are the ones its last run made: a run
//! inside [`rejudging`] that judges nothing (the rule switched off) forgets it, and so does a redone analysis
//! ([`forget_judgements`]).

use std::any::Any;

use crate::analysis::blast::memo;
use crate::model::ComponentIx;
use crate::model::changes::ComponentShift;

/// What a rule judged about one component: compared with the next run's judgement of it.
pub trait Judgement: PartialEq + Clone + Send + Sync + 'static {
    /// Moves the component positions it holds to where they are after a component came or went (`shifted`: where
    /// the component at a position went, `None` for the removed one); `false` when it held the removed component
    /// (then it counts as judged otherwise in the next run).
    fn shift(&mut self, shifted: &dyn Fn(ComponentIx) -> Option<ComponentIx>) -> bool;
}

/// [`Judgement::shift`] of a judgement that may name one component (`named`): moved where `shifted` says; `false`
/// when it named the removed one.
pub fn shift_named(named: &mut Option<ComponentIx>, shifted: &dyn Fn(ComponentIx) -> Option<ComponentIx>) -> bool {
    match named.map(shifted) {
        Some(Some(to)) => {
            *named = Some(to);
            true
        }
        Some(None) => false,
        None => true,
    }
}

/// What one rule judged each component in its last run, with the key all judgements shared.
#[derive(Default)]
pub struct Judgements {
    /// The rule, its [`Kept`] judgements (of the types [`judged`] was given), and how to move them after a shift.
    kept: Option<(&'static str, Box<dyn Any + Send + Sync>, Shifter)>,
    /// Inside [`rejudging`]: whether the rule reported yet, and what.
    scope: Scope,
}

/// Moves kept judgements (a [`Kept`] of some types) after a component came or went.
type Shifter = fn(&mut (dyn Any + Send + Sync), &ComponentShift);

/// A rule's last judgements.
struct Kept<K, V> {
    /// The key they shared.
    key: K,
    /// The wording their hits shared.
    wording: String,
    /// Per component (sorted), its judgement.
    judged: Vec<(ComponentIx, V)>,
    /// Components (sorted) whose kept judgement named a component that was removed since: judged otherwise, whatever
    /// the next run finds.
    stale: Vec<ComponentIx>,
}

/// What a run inside [`rejudging`] made again, when it judged from its last run's judgements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejudged {
    /// The components (in order) whose findings it made again: only those findings of the rule are replaced.
    pub again: Vec<ComponentIx>,
    /// The wording its kept findings share then and now, when it changed: the kept findings are to say the new one
    /// where they said the old ([`crate::analysis::quote::Respelling`]).
    pub respelled: Option<(String, String)>,
}

/// Where a run inside [`rejudging`] stands.
#[derive(Default)]
enum Scope {
    /// Not inside [`rejudging`].
    #[default]
    Off,
    /// Inside [`rejudging`] of this rule, which has not judged yet.
    Waiting(&'static str),
    /// It judged, and its hits are all it judged.
    Whole,
    /// It judged, and its hits are those of some components, judged otherwise than in its last run.
    Part(Rejudged),
}

/// A copy holds no judgements: the next run of the copy judges whole (boxed judgements of any type cannot be cloned).
impl Clone for Judgements {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl std::fmt::Debug for Judgements {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Judgements").field("rule", &self.kept.as_ref().map(|(rule, ..)| *rule)).finish_non_exhaustive()
    }
}

impl Judgements {
    /// Forgets what was judged.
    pub fn forget(&mut self) {
        self.kept = None;
    }

    /// Moves what was judged to the positions after a component came or went: the removed component's judgement
    /// goes, and judgements that named it count as judged otherwise next time.
    pub fn shift(&mut self, shift: &ComponentShift) {
        if let Some((_, kept, shifter)) = &mut self.kept {
            shifter(kept.as_mut(), shift);
        }
    }
}

/// [`Shifter`] of a [`Kept`]`<K, V>`.
fn shift_kept<K: 'static, V: Judgement>(kept: &mut (dyn Any + Send + Sync), shift: &ComponentShift) {
    let Some(kept) = kept.downcast_mut::<Kept<K, V>>() else {
        return;
    };
    let mut stale: Vec<ComponentIx> = kept.stale.iter().filter_map(|&c| shift.shifted(c)).collect();
    kept.judged.retain_mut(|(c, judgement)| {
        let Some(to) = shift.shifted(*c) else {
            return false;
        };
        *c = to;
        if !judgement.shift(&|c| shift.shifted(c)) {
            stale.push(to);
        }
        true
    });
    crate::sorting::sort(&mut stale);
    stale.dedup();
    kept.stale = stale;
}

/// Runs `rule`'s check (`f`) in a live analysis, and returns with its result what it made again, when the rule judged
/// from its last run's judgements ([`judged`]): only those findings of the rule are to be replaced. `None`: all of
/// them are. A run that judges nothing forgets the rule's judgements: its findings are replaced by none, or by those
/// of a check that did not go through [`judged`].
pub fn rejudging<R>(rule: &'static str, f: impl FnOnce() -> R) -> (R, Option<Rejudged>) {
    with(|judgements| judgements.scope = Scope::Waiting(rule));
    let result = f();
    let part = with(|judgements| match std::mem::take(&mut judgements.scope) {
        Scope::Part(rejudged) => Some(rejudged),
        Scope::Waiting(_) => {
            if judgements.kept.as_ref().is_some_and(|&(kept, ..)| kept == rule) {
                judgements.kept = None;
            }
            None
        }
        Scope::Off | Scope::Whole => None,
    });
    (result, part.flatten())
}

/// Forgets the judgements of the live analysis being run (its findings are made again whole).
pub fn forget_judgements() {
    with(Judgements::forget);
}

/// Keeps what `rule` judged the components it has hits about (`now`: sorted by component, one entry each) under
/// `key`, with the `wording` those hits share, and returns the components (in order) whose hits the rule must write:
/// inside [`rejudging`] of this rule, when its last run's judgements were kept under the same key, those judged
/// otherwise now, or judged then and not now (all of them reported to [`rejudging`], with the wording then and now
/// when it changed); else `None`: every component in `now`. Also `None` when more than half of the components judged
/// now or then were judged otherwise: replacing findings one by one then costs more than replacing all of the rule's.
pub fn judged<K, V>(rule: &'static str, key: K, wording: &str, now: &[(ComponentIx, V)]) -> Option<Vec<ComponentIx>>
where
    K: PartialEq + Send + Sync + 'static,
    V: Judgement,
{
    with(|judgements| {
        let waiting = matches!(judgements.scope, Scope::Waiting(waiting) if waiting == rule);
        let last = judgements
            .kept
            .take()
            .filter(|&(kept, ..)| kept == rule)
            .and_then(|(_, last, _)| last.downcast::<Kept<K, V>>().ok());
        let mut changed = None;
        let kept = if let Some(mut last) = last {
            if waiting && last.key == key {
                let (differ, judged) = differing(&last.judged, now, &last.stale);
                changed = (differ.len() * 2 <= judged).then(|| Rejudged {
                    again: differ,
                    respelled: (last.wording != wording).then(|| (last.wording.clone(), wording.to_owned())),
                });
            }
            last.key = key;
            wording.clone_into(&mut last.wording);
            last.judged.clear();
            last.judged.extend_from_slice(now);
            last.stale.clear();
            last
        } else {
            Box::new(Kept { key, wording: wording.to_owned(), judged: now.to_vec(), stale: Vec::new() })
        };
        judgements.kept = Some((rule, kept, shift_kept::<K, V>));
        let components = changed.as_ref().map(|rejudged| rejudged.again.clone());
        if waiting {
            judgements.scope = changed.map_or(Scope::Whole, Scope::Part);
        }
        components
    })
    .flatten()
}

/// The components (in order) judged otherwise in `now` than in `then` (both sorted by component), or in one of them
/// only, or `stale` (sorted) and judged in either, and how many are judged in either.
fn differing<V: PartialEq>(
    then: &[(ComponentIx, V)],
    now: &[(ComponentIx, V)],
    stale: &[ComponentIx],
) -> (Vec<ComponentIx>, usize) {
    let (mut differ, mut judged) = (Vec::new(), 0);
    let (mut a, mut b) = (then.iter().peekable(), now.iter().peekable());
    loop {
        let c = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(&&(x, _)), Some(&&(y, _))) => x.min(y),
            (Some(&&(x, _)), None) => x,
            (None, Some(&&(y, _))) => y,
        };
        let (old, new) = (a.next_if(|&&(x, _)| x == c), b.next_if(|&&(y, _)| y == c));
        judged += 1;
        if old.map(|(_, v)| v) != new.map(|(_, v)| v) || stale.binary_search(&c).is_ok() {
            differ.push(c);
        }
    }
    (differ, judged)
}

/// Runs `f` on the judgements of the live analysis being run; `None` outside one.
fn with<R>(f: impl FnOnce(&mut Judgements) -> R) -> Option<R> {
    let mut memo = memo::take()?;
    let result = f(memo.judgements());
    memo::put(Some(memo));
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::blast::SweepMemo;
    use crate::analysis::blast::memo::remembering;

    /// A judgement that names a component (`Some`) or none.
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Named(u8, Option<ComponentIx>);

    impl Judgement for Named {
        fn shift(&mut self, shifted: &dyn Fn(ComponentIx) -> Option<ComponentIx>) -> bool {
            shift_named(&mut self.1, shifted)
        }
    }

    /// Judgements of components by position.
    fn at(judged: &[(u32, u8)]) -> Vec<(ComponentIx, Named)> {
        judged.iter().map(|&(c, v)| (ComponentIx(c), Named(v, None))).collect()
    }

    fn part(components: &[u32]) -> Option<Rejudged> {
        Some(Rejudged { again: components.iter().map(|&c| ComponentIx(c)).collect(), respelled: None })
    }

    #[test]
    fn a_rejudged_run_names_the_components_judged_otherwise() {
        let mut memo = SweepMemo::default();
        remembering(&mut memo, || {
            // Outside `rejudging` every judgement counts, and is kept.
            assert_eq!(judged("r", 1, "", &at(&[(0, 1), (2, 3), (3, 4)])), None);
            let (changed, part1) = rejudging("r", || judged("r", 1, "", &at(&[(0, 1), (1, 2), (3, 4)])));
            assert_eq!(changed, Some(vec![ComponentIx(1), ComponentIx(2)]));
            assert_eq!(part1, part(&[1, 2]));
            // More than half of them judged otherwise: whole.
            let (changed, part1) = rejudging("r", || judged("r", 1, "", &at(&[(2, 3), (3, 5)])));
            assert_eq!((changed, part1), (None, None));
            // Another key (a posture): whole.
            let (changed, part1) = rejudging("r", || judged("r", 2, "", &at(&[(0, 1), (1, 2)])));
            assert_eq!((changed, part1), (None, None));
            // Another wording: what it was and is, for the kept findings.
            let (changed, part1) = rejudging("r", || judged("r", 2, "of 9", &at(&[(0, 1), (1, 3)])));
            assert_eq!(changed, Some(vec![ComponentIx(1)]));
            let respelled = Some((String::new(), "of 9".to_owned()));
            assert_eq!(part1, Some(Rejudged { again: vec![ComponentIx(1)], respelled }));
            // Another rule's scope leaves them; the rule's own run that judges nothing forgets them.
            let ((), part1) = rejudging("other", || ());
            assert_eq!(part1, None);
            assert_eq!(rejudging("r", || judged("r", 2, "of 9", &at(&[(0, 1), (1, 3)]))).1, part(&[]));
            assert_eq!(rejudging("r", || ()).1, None);
            assert_eq!(rejudging("r", || judged("r", 2, "", &at(&[(0, 1), (1, 2)]))).1, None);
            forget_judgements();
            assert_eq!(rejudging("r", || judged("r", 2, "", &at(&[(0, 1), (1, 2)]))).1, None);
        });
        // Kept across updates, but not into a copy.
        remembering(&mut memo.clone(), || assert_eq!(rejudging("r", || judged("r", 2, "", &at(&[(0, 1)]))).1, None));
        remembering(&mut memo, || {
            assert_eq!(rejudging("r", || judged("r", 2, "", &at(&[(0, 1)]))).1, part(&[1]));
        });
        // A one-off analysis keeps nothing.
        assert_eq!(rejudging("r", || judged("r", 2, "", &at(&[(0, 1)]))), (None, None));
    }

    /// A component that came or went moves the judgements: the removed one's goes, and those that named it count as
    /// judged otherwise.
    #[test]
    fn judgements_move_with_the_components() {
        let shift = |at: u32, added: bool| ComponentShift {
            at: ComponentIx(at),
            added,
            id: crate::analysis::testkit::id("x"),
            kind: crate::model::ComponentKind::GenericService,
            parent: None,
            data: false,
        };
        let named = |c: u32, v: u8, n: Option<u32>| (ComponentIx(c), Named(v, n.map(ComponentIx)));
        let mut memo = SweepMemo::default();
        remembering(&mut memo, || {
            judged("r", 0, "", &[named(0, 1, None), named(2, 1, Some(3)), named(4, 1, Some(0))]);
        });
        // Added at 1: 2 -> 3 naming 4, 4 -> 5 naming 0.
        memo.judgements().shift(&shift(1, true));
        remembering(&mut memo, || {
            let now = [named(0, 1, None), named(3, 1, Some(4)), named(5, 1, Some(0))];
            assert_eq!(rejudging("r", || judged("r", 0, "", &now)).1, part(&[]));
        });
        // Removed 0: the judgement of 0 goes; 5 (now 4) named it: judged otherwise, even when judged alike.
        memo.judgements().shift(&shift(0, false));
        remembering(&mut memo, || {
            let now = [named(2, 1, Some(3)), named(4, 1, Some(0))];
            assert_eq!(rejudging("r", || judged("r", 0, "", &now)).1, part(&[4]));
            // Then it counts no more.
            assert_eq!(rejudging("r", || judged("r", 0, "", &now)).1, part(&[]));
        });
    }
}
