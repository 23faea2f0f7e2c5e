//! Edits, by property: random sequences of user operations on random valid diagrams
//!
//! 1. never panic, and every edit the document accepts leaves a diagram that saves and loads back equal;
//! 2. undoing everything saves to exactly the bytes of the original; redoing everything returns to the end state;
//! 3. the operations, over the run, produce every variant of `Edit` (asserted, so the generator cannot silently
//!    stop covering one).

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod support;

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use support::generate::diagram;
use trustmap::edit::{Document, Edit, clipboard, ops};
use trustmap::io::{load_str, to_json};
use trustmap::model::layout::{Point, Rect};
use trustmap::model::named::Named as _;
use trustmap::model::props::{PropertyKey, spec};
use trustmap::model::threat::{Cia, Stride, Threat};
use trustmap::model::triage::{Triage, TriageStatus};
use trustmap::model::{BoundaryKind, ComponentKind, ConnectionKind, Diagram, Id, Model, Pattern, Posture};

/// One random choice: which operation, and numbers that pick its targets and values from the current diagram.
#[derive(Clone, Debug)]
struct Choice {
    op: u8,
    a: usize,
    b: usize,
    c: usize,
    x: f64,
}

fn choice() -> impl Strategy<Value = Choice> {
    (0u8..OPS, any::<usize>(), any::<usize>(), any::<usize>(), -500.0..500.0f64).prop_map(|(op, a, b, c, x)| Choice {
        op,
        a,
        b,
        c,
        x,
    })
}

const OPS: u8 = 27;

fn pick<T: Clone>(items: &[T], n: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[n % items.len()].clone())
}

/// The edit a choice makes on the current document (`None` when it has nothing to work on).
fn edit_for(doc: &mut Document, ch: &Choice) -> Option<Edit> {
    let d = doc.diagram().clone();
    let components: Vec<Id> = d.components.iter().map(|c| c.id.clone()).collect();
    let flows: Vec<Id> = d.flows.iter().map(|f| f.id.clone()).collect();
    let groups: Vec<Id> =
        d.boundaries.iter().map(|b| b.id.clone()).chain(d.contexts.iter().map(|c| c.id.clone())).collect();
    let everything: Vec<Id> = d.element_ids().cloned().collect();
    let kind = ComponentKind::ALL[ch.a % ComponentKind::ALL.len()];
    let rect = Rect { x: ch.x, y: -ch.x, w: 10.0 + ch.x.abs(), h: 40.0 };
    Some(match ch.op {
        0 => ops::add_component(doc.ids_mut(), kind, &format!("New {kind}"), pick(&components, ch.b), Some(rect)).0,
        1 => ops::add_component(doc.ids_mut(), kind, "Top", None, None).0,
        2 => ops::remove(&d, &[pick(&everything, ch.a)?]),
        3 => ops::remove(&d, &[pick(&everything, ch.a)?, pick(&everything, ch.b)?]),
        4 => ops::rename(&d, &pick(&everything, ch.a)?, &format!("Name {}", ch.b % 100)).ok()?,
        5 => ops::rekind(&d, &pick(&components, ch.a)?, ComponentKind::ALL[ch.b % ComponentKind::ALL.len()]).ok()?,
        6 => ops::reparent(&d, &pick(&components, ch.a)?, pick(&components, ch.b)).ok()?,
        7 => ops::reparent(&d, &pick(&components, ch.a)?, None).ok()?,
        8 => {
            let key = PropertyKey::ALL[ch.b % PropertyKey::ALL.len()];
            let value = if ch.c.is_multiple_of(3) { Value::Null } else { spec(key).value.example() };
            ops::set_property(&d, &pick(&components, ch.a)?, key, &value).ok()?
        }
        9 => ops::set_role(&d, &pick(&components, ch.a)?, pick(&components, ch.b)).ok()?,
        10 => {
            let link = [ops::ListLink::Protects, ops::ListLink::Covers, ops::ListLink::CredentialsFor][ch.c % 3];
            ops::set_links(&d, &pick(&components, ch.a)?, link, vec![pick(&components, ch.b)?]).ok()?
        }
        11 => ops::set_description(&d, &pick(&everything, ch.a)?, "described").ok()?,
        12 => {
            let pattern = Pattern::ALL[ch.c % Pattern::ALL.len()];
            ops::add_flow(doc.ids_mut(), &pick(&components, ch.a)?, &pick(&components, ch.b)?, pattern).0
        }
        13 => {
            let mut flow = d.flows.iter().find(|f| Some(&f.id) == pick(&flows, ch.a).as_ref())?.clone();
            flow.encrypted = Some(ch.b.is_multiple_of(2));
            flow.pattern = Pattern::ALL[ch.c % Pattern::ALL.len()];
            if ch.b.is_multiple_of(5) {
                flow.to = pick(&components, ch.c)?;
            }
            ops::set_flow(flow)
        }
        14 => ops::add_boundary(doc.ids_mut(), "Zone", BoundaryKind::Custom, vec![pick(&components, ch.a)?]).0,
        15 => ops::add_context(doc.ids_mut(), "Ordering", vec![pick(&components, ch.a)?]).0,
        16 => ops::set_members(&d, &pick(&groups, ch.a)?, vec![pick(&components, ch.b)?]).ok()?,
        17 => {
            let kind = ConnectionKind::ALL[ch.c % ConnectionKind::ALL.len()];
            ops::add_connection(doc.ids_mut(), kind, &pick(&components, ch.a)?, &pick(&components, ch.b)?).0
        }
        18 => ops::add_note(doc.ids_mut(), "A remark", pick(&everything, ch.a), Some(rect)).0,
        19 => {
            let threat = Threat {
                id: Id::new("x").unwrap(),
                element: pick(&components, ch.a)?,
                title: "Replay".into(),
                description: String::new(),
                cia: vec![Cia::ALL[ch.b % 3]],
                stride: vec![Stride::ALL[ch.c % 6]],
                likelihood: u8::try_from(ch.b % 5 + 1).unwrap(),
                impact: u8::try_from(ch.c % 5 + 1).unwrap(),
                mitigation: String::new(),
                status: TriageStatus::ALL[ch.a % 4],
            };
            ops::add_threat(doc.ids_mut(), threat).0
        }
        20 => {
            let mut threat = d.threats.get(ch.a % d.threats.len().max(1))?.clone();
            threat.status = TriageStatus::ALL[ch.b % 4];
            ops::set_threat(threat)
        }
        21 => {
            let mut settings = d.settings.clone();
            settings.posture = if ch.a.is_multiple_of(2) { Posture::ZeroTrust } else { Posture::Perimeter };
            settings.title = format!("Title {}", ch.b % 10);
            ops::set_settings(settings)
        }
        22 => {
            let element = pick(&everything, ch.a)?;
            let triage = (!ch.b.is_multiple_of(3))
                .then(|| Triage { status: TriageStatus::ALL[ch.c % 4], note: "reviewed".into() });
            ops::set_triage(&format!("some-rule@{element}"), triage)
        }
        23 => ops::set_rect(&pick(&components, ch.a)?, (!ch.b.is_multiple_of(4)).then_some(rect)),
        24 => {
            let waypoints = vec![Point { x: ch.x, y: ch.x / 2.0 }];
            ops::set_route(&pick(&flows, ch.a)?, if ch.b.is_multiple_of(3) { Vec::new() } else { waypoints }, None)
        }
        25 => ops::move_by(&d, &[pick(&everything, ch.a)?, pick(&everything, ch.b)?], ch.x, -ch.x),
        _ => {
            let snippet = clipboard::copy(&d, &[pick(&everything, ch.a)?, pick(&everything, ch.b)?]);
            let text = clipboard::to_text(&snippet);
            let snippet = clipboard::from_text(&text)?;
            clipboard::paste(&d, doc.ids_mut(), &snippet, Point { x: 20.0, y: 20.0 }).0
        }
    })
}

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
