//! Analysis of a document with problems: the editor keeps such a document open, and analyses the part of it that
//! is sound. Elements that have problems are left out together with everything that depends on them (what sits
//! inside them, flows to them, ...: the same cascade as a delete), layout entries and triage entries with problems
//! are ignored, settings with problems fall back to the defaults. The editor says "N elements skipped"; `validate`,
//! `check` and `blast` still refuse any document with problems, so a CI gate never passes a broken file.

use std::collections::BTreeSet;

use crate::edit::change::apply;
use crate::edit::ops;
use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::{Model, Settings};

/// The sound part of a document.
#[derive(Debug)]
pub struct SoundPart {
    /// The model of what could be analysed (`None` only if even an empty diagram would not do, which cannot
    /// happen for a diagram the loader read).
    pub model: Option<Model>,
    /// Elements left out, sorted: those with problems and those that depend on them.
    pub skipped: Vec<Id>,
}

/// How many rounds of leaving elements out before giving up (each round removes at least one element).
const ROUNDS: usize = 8;

/// The part of `diagram` that can be analysed.
pub fn sound_part(diagram: &Diagram) -> SoundPart {
    let mut subset = diagram.clone();
    let mut skipped: BTreeSet<Id> = BTreeSet::new();
    for _ in 0..ROUNDS {
        let problems = crate::model::problems(&subset);
        if problems.is_empty() {
            break;
        }
        let mut doomed = Vec::new();
        for problem in &problems {
            let path = problem.path.as_str();
            if path.starts_with("$.settings") {
                subset.settings = Settings { title: subset.settings.title.clone(), ..Settings::default() };
            } else if path.starts_with("$.triage") {
                subset.triage.clear();
            } else if path.starts_with("$.layout") {
                subset.layout = Default::default();
            } else {
                doomed.extend(problem.elements.iter().cloned());
            }
        }
        crate::sorting::sort(&mut doomed);
        doomed.dedup();
        if !doomed.is_empty() {
            let before: BTreeSet<Id> = all_ids(&subset);
            let removal = ops::remove(&subset, &doomed);
            if apply(&mut subset, removal).is_err() {
                break;
            }
            let after = all_ids(&subset);
            skipped.extend(before.difference(&after).cloned());
        }
    }
    let model = Model::new(subset).ok();
    SoundPart { model, skipped: skipped.into_iter().collect() }
}

fn all_ids(d: &Diagram) -> BTreeSet<Id> {
    crate::sorting::set(d.element_ids().cloned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, ComponentKind as K, Flow, Pattern};

    fn id(text: &str) -> Id {
        Id::new(text).unwrap()
    }

    #[test]
    fn elements_with_problems_and_their_dependents_are_skipped() {
        let mut d = Diagram::default();
        d.components.push(Component::new(id("acct"), K::AwsAccount, "Account"));
        let mut pod = Component::new(id("pod"), K::Pod, "Pod");
        pod.parent = Some(id("acct")); // illegal: a pod sits in a node or Fargate profile
        d.components.push(pod);
        let mut container = Component::new(id("box"), K::Container, "Box");
        container.parent = Some(id("pod"));
        d.components.push(container);
        let mut queue = Component::new(id("queue"), K::SqsQueue, "Queue");
        queue.parent = Some(id("acct"));
        d.components.push(queue);
        d.flows.push(Flow::new(id("send"), id("box"), id("queue"), Pattern::QueueSend));
        d.flows.push(Flow::new(id("dangling"), id("queue"), id("nowhere"), Pattern::SyncRequest));
        d.settings.rules.insert("NOT AN ID".into(), Default::default());
        let part = sound_part(&d);
        let skipped: Vec<&str> = part.skipped.iter().map(Id::as_str).collect();
        assert_eq!(skipped, ["box", "dangling", "pod", "send"]);
        let model = part.model.unwrap();
        assert_eq!(model.diagram().components.len(), 2);
    }

    #[test]
    fn a_sound_diagram_is_analysed_whole() {
        let mut d = Diagram::default();
        d.components.push(Component::new(id("u"), K::User, "U"));
        let part = sound_part(&d);
        assert!(part.skipped.is_empty());
        assert!(part.model.is_some());
    }
}
