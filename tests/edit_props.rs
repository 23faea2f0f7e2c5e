//! Edits, by property: random sequences of user operations on random valid diagrams
//!
//! 1. never panic, and every edit the document accepts leaves a diagram that saves and loads back equal;
//! 2. undoing everything saves to exactly the bytes of the original; redoing everything returns to the end state;
//! 3. the operations, over the run, produce every variant of `Edit` (asserted, so the generator cannot silently
//!    stop covering one).

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

#[path = "support/edits.rs"]
mod edits;
mod support;

use std::collections::BTreeSet;

use edits::{Choice, choice, edit_for};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use support::generate::diagram;
use trustmap::edit::{Document, Edit, ops};
use trustmap::io::{load_str, to_json};
use trustmap::model::layout::Rect;
use trustmap::model::{ComponentKind, Diagram, Model};

/// The variants an edit contains (a batch's own and its parts').
fn variants(edit: &Edit, into: &mut BTreeSet<&'static str>) {
    let name = match edit {
        Edit::Insert(_) => "insert",
        Edit::Delete(_) => "delete",
        Edit::Replace(_) => "replace",
        Edit::Settings(_) => "settings",
        Edit::Triage(..) => "triage",
        Edit::Layout(..) => "layout",
        Edit::Batch(edits) => {
            for inner in edits {
                variants(inner, into);
            }
            "batch"
        }
    };
    into.insert(name);
}

/// What a run saw: the edit variants the document accepted, and how many edits were tried and accepted.
#[derive(Default)]
struct Seen {
    variants: BTreeSet<&'static str>,
    tried: usize,
    accepted: usize,
}

/// Runs one case.
fn run_case(original: &Diagram, choices: &[Choice], seen: &mut Seen) -> Result<(), TestCaseError> {
    let original_bytes = to_json(original);
    let mut doc = Document::new(original.clone());
    let mut applied = 0;
    for ch in choices {
        let Some(edit) = edit_for(&mut doc, ch) else { continue };
        let mut these = BTreeSet::new();
        variants(&edit, &mut these);
        let empty = edit.is_empty();
        seen.tried += 1;
        if doc.apply("random", edit).is_ok() {
            seen.accepted += 1;
            // An edit that changes nothing is accepted but makes no undo step.
            applied += usize::from(!empty);
            seen.variants.extend(these);
            let saved = to_json(doc.diagram());
            let loaded = load_str(&saved);
            prop_assert!(loaded.is_ok(), "accepted edit left an unsound diagram: {:?}", loaded.err());
            prop_assert_eq!(to_json(loaded.unwrap().diagram()), saved);
            model_in_step(&doc)?;
        }
    }
    let end = to_json(doc.diagram());
    for _ in 0..applied {
        prop_assert!(doc.undo());
        model_in_step(&doc)?;
    }
    prop_assert!(!doc.undo(), "nothing left to undo");
    prop_assert_eq!(to_json(doc.diagram()), original_bytes);
    for _ in 0..applied {
        prop_assert!(doc.redo());
    }
    prop_assert_eq!(to_json(doc.diagram()), end);
    model_in_step(&doc)?;
    Ok(())
}

/// The model a document keeps in step with its edits is the model of its diagram: the same normalised diagram
/// (layout included) and the same analysis.
fn model_in_step(doc: &Document) -> Result<(), TestCaseError> {
    match (doc.model(), Model::new(doc.diagram().clone())) {
        (Some(kept), Ok(fresh)) => {
            prop_assert_eq!(to_json(kept.diagram()), to_json(fresh.diagram()));
            let analysis = |model: &Model| serde_json::to_string(&trustmap::analysis::analyze(model)).unwrap();
            prop_assert_eq!(analysis(kept), analysis(&fresh));
        }
        (None, Err(_)) => {}
        (kept, fresh) => {
            prop_assert!(false, "kept a model: {}; the diagram is sound: {}", kept.is_some(), fresh.is_ok());
        }
    }
    Ok(())
}

#[test]
fn random_edit_sequences_save_load_and_undo_exactly() {
    let mut runner = TestRunner::new(Config { cases: 64, ..Config::default() });
    let seen = std::cell::RefCell::new(Seen::default());
    let strategy = (diagram(), proptest::collection::vec(choice(), 1..40));
    runner.run(&strategy, |(original, choices)| run_case(&original, &choices, &mut seen.borrow_mut())).unwrap();
    let seen = seen.into_inner();
    let every = ["batch", "delete", "insert", "layout", "replace", "settings", "triage"];
    assert_eq!(seen.variants.into_iter().collect::<Vec<_>>(), every, "the operations must exercise every Edit variant");
    // Most random operations are legal; if nearly all were refused, the test would check little.
    eprintln!("edits tried {}, accepted {}", seen.tried, seen.accepted);
    assert!(seen.accepted * 3 >= seen.tried, "only {} of {} edits were accepted", seen.accepted, seen.tried);
}

#[test]
fn deleting_a_component_takes_what_points_at_it_and_undo_brings_all_back() {
    let model = trustmap::io::samples::find("shop-eks-ec2").map(|s| load_str(s.json).unwrap()).unwrap();
    let original = model.diagram().clone();
    let mut doc = Document::new(original.clone());
    let node = original.components.iter().find(|c| c.kind == ComponentKind::Ec2Node).unwrap().id.clone();
    doc.apply("delete", ops::remove(doc.diagram(), std::slice::from_ref(&node))).unwrap();
    let after = doc.diagram();
    assert!(after.components.iter().all(|c| c.parent.as_ref() != Some(&node)), "children go with their container");
    assert!(trustmap::model::problems(after).is_empty());
    assert!(doc.undo());
    assert_eq!(to_json(doc.diagram()), to_json(&original));
}

#[test]
fn illegal_edits_are_refused_and_change_nothing() {
    let model = trustmap::io::samples::find("shop-eks-ec2").map(|s| load_str(s.json).unwrap()).unwrap();
    let original = model.diagram().clone();
    let mut doc = Document::new(original.clone());
    let pod = original.components.iter().find(|c| c.kind == ComponentKind::Pod).unwrap().id.clone();
    let refused = doc.apply("unnest", ops::reparent(doc.diagram(), &pod, None).unwrap());
    assert!(refused.unwrap_err().to_string().contains("must sit inside"), "a pod cannot sit at the top level");
    let bad_rect = ops::set_rect(&pod, Some(Rect { x: f64::NAN, y: 0.0, w: 1.0, h: 1.0 }));
    assert!(doc.apply("move", bad_rect).is_err());
    assert_eq!(to_json(doc.diagram()), to_json(&original));
    assert!(!doc.is_dirty() && doc.undo_label().is_none());
}

#[test]
fn layout_edits_do_not_bump_the_semantic_revision() {
    let model = trustmap::io::samples::find("pattern-queue").map(|s| load_str(s.json).unwrap()).unwrap();
    let mut doc = Document::new(model.diagram().clone());
    let first = doc.diagram().components[0].id.clone();
    doc.apply("move", ops::move_by(doc.diagram(), std::slice::from_ref(&first), 10.0, 5.0)).unwrap();
    assert_eq!((doc.revision(), doc.layout_revision()), (0, 1));
    doc.apply("rename", ops::rename(doc.diagram(), &first, "Renamed").unwrap()).unwrap();
    assert_eq!((doc.revision(), doc.layout_revision()), (1, 2));
    assert!(doc.is_dirty());
    assert_eq!(doc.undo_label(), Some("rename"));
}
