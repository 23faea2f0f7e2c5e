//! What a rule judged each component from the blast-radius reaches, kept in the sweeps' memory across a live
//! analysis's updates ([`Judgements`]), so a re-run writes hits only for the components it judged otherwise than in
//! its last run, and the live analysis replaces only their findings ([`rejudging`]).
//!
//! A judgement holds everything the rule's hit about a component is made from but names (texts quote names through
//! markers, which a rename rewrites in place): equal judgements under an equal key make equal hits. The memory is
//! trusted only while the rule's findings are the ones its last run made: a run inside [`rejudging`] that judges
//! nothing (the rule switched off) forgets it, and so do a redone analysis ([`forget_judgements`]) and a component
//! that came or went (positions shift).

use std::any::Any;

use crate::analysis::blast::memo;
use crate::model::ComponentIx;

/// What one rule judged each component in its last run, with the key all judgements shared.
#[derive(Default)]
pub struct Judgements {
    /// The rule, and its `(key, judgements)` (a `(K, Vec<(ComponentIx, V)>)` of [`judged`]).
    kept: Option<(&'static str, Box<dyn Any + Send + Sync>)>,
    /// Inside [`rejudging`]: whether the rule reported yet, and what.
    scope: Scope,
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
    /// It judged, and its hits are those of these components (in order), judged otherwise than in its last run.
    Part(Vec<ComponentIx>),
}

/// A copy holds no judgements: the next run of the copy judges whole (boxed judgements of any type cannot be cloned).
impl Clone for Judgements {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl std::fmt::Debug for Judgements {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Judgements").field("rule", &self.kept.as_ref().map(|(rule, _)| *rule)).finish_non_exhaustive()
    }
}

impl Judgements {
    /// Forgets what was judged.
    pub fn forget(&mut self) {
        self.kept = None;
    }
}

/// Runs `rule`'s check (`f`) in a live analysis, and returns with its result the components whose findings it made
/// again, when the rule judged from its last run's judgements ([`judged`]): only those findings of the rule are to be
/// replaced. `None`: all of them are. A run that judges nothing forgets the rule's judgements: its findings are
/// replaced by none, or by those of a check that did not go through [`judged`].
pub fn rejudging<R>(rule: &'static str, f: impl FnOnce() -> R) -> (R, Option<Vec<ComponentIx>>) {
    with(|judgements| judgements.scope = Scope::Waiting(rule));
    let result = f();
    let part = with(|judgements| match std::mem::take(&mut judgements.scope) {
        Scope::Part(components) => Some(components),
        Scope::Waiting(_) => {
            if judgements.kept.as_ref().is_some_and(|&(kept, _)| kept == rule) {
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
/// `key`, and returns the components (in order) whose hits the rule must write: inside [`rejudging`] of this rule,
/// when its last run's judgements were kept under the same key, those judged otherwise now, or judged then and not
/// now (all of them reported to [`rejudging`]); else `None`: every component in `now`. Also `None` when more than half
/// of the components judged now or then were judged otherwise: replacing findings one by one then costs more than
/// replacing all of the rule's.
pub fn judged<K, V>(rule: &'static str, key: K, now: &[(ComponentIx, V)]) -> Option<Vec<ComponentIx>>
where
    K: PartialEq + Send + Sync + 'static,
    V: PartialEq + Clone + Send + Sync + 'static,
{
    with(|judgements| {
        let waiting = matches!(judgements.scope, Scope::Waiting(waiting) if waiting == rule);
        let last = judgements
            .kept
            .take()
            .filter(|&(kept, _)| kept == rule)
            .and_then(|(_, last)| last.downcast::<(K, Vec<(ComponentIx, V)>)>().ok());
        let mut changed = None;
        let kept = if let Some(mut last) = last {
            if waiting && last.0 == key {
                let (differ, judged) = differing(&last.1, now);
                changed = (differ.len() * 2 <= judged).then_some(differ);
            }
            last.0 = key;
            last.1.clear();
            last.1.extend_from_slice(now);
            last
        } else {
            Box::new((key, now.to_vec()))
        };
        judgements.kept = Some((rule, kept));
        if waiting {
            judgements.scope = changed.clone().map_or(Scope::Whole, Scope::Part);
        }
        changed
    })
    .flatten()
}

/// The components (in order) judged otherwise in `now` than in `then` (both sorted by component), or in one of them
/// only, and how many are judged in either.
fn differing<V: PartialEq>(then: &[(ComponentIx, V)], now: &[(ComponentIx, V)]) -> (Vec<ComponentIx>, usize) {
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
        if old.map(|(_, v)| v) != new.map(|(_, v)| v) {
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

    /// Judgements of components by position.
    fn at(judged: &[(u32, u8)]) -> Vec<(ComponentIx, u8)> {
        judged.iter().map(|&(c, v)| (ComponentIx(c), v)).collect()
    }

    #[test]
    fn a_rejudged_run_names_the_components_judged_otherwise() {
        let mut memo = SweepMemo::default();
        remembering(&mut memo, || {
            // Outside `rejudging` every judgement counts, and is kept.
            assert_eq!(judged("r", 1, &at(&[(0, 1), (2, 3), (3, 4)])), None);
            let (changed, part) = rejudging("r", || judged("r", 1, &at(&[(0, 1), (1, 2), (3, 4)])));
            let expected = vec![ComponentIx(1), ComponentIx(2)];
            assert_eq!(changed.as_ref(), Some(&expected));
            assert_eq!(part, Some(expected));
            // More than half of them judged otherwise: whole.
            let (changed, part) = rejudging("r", || judged("r", 1, &at(&[(2, 3), (3, 5)])));
            assert_eq!((changed, part), (None, None));
            // Another key (a threshold, the number of components): whole.
            let (changed, part) = rejudging("r", || judged("r", 2, &at(&[(0, 1), (1, 2)])));
            assert_eq!((changed, part), (None, None));
            // Another rule's scope leaves them; the rule's own run that judges nothing forgets them.
            let ((), part) = rejudging("other", || ());
            assert_eq!(part, None);
            assert_eq!(rejudging("r", || judged("r", 2, &at(&[(0, 1), (1, 2)]))).1, Some(Vec::new()));
            assert_eq!(rejudging("r", || ()).1, None);
            assert_eq!(rejudging("r", || judged("r", 2, &at(&[(0, 1), (1, 2)]))).1, None);
            forget_judgements();
            assert_eq!(rejudging("r", || judged("r", 2, &at(&[(0, 1), (1, 2)]))).1, None);
        });
        // Kept across updates, but not into a copy.
        remembering(&mut memo.clone(), || assert_eq!(rejudging("r", || judged("r", 2, &at(&[(0, 1)]))).1, None));
        remembering(&mut memo, || {
            assert_eq!(rejudging("r", || judged("r", 2, &at(&[(0, 1)]))).1.unwrap().len(), 1);
        });
        // A one-off analysis keeps nothing.
        assert_eq!(rejudging("r", || judged("r", 2, &at(&[(0, 1)]))), (None, None));
    }
}
