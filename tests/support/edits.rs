//! Random user operations on a document, for property tests: a [`Choice`] of operation and numbers that pick its
//! targets and values, and [`edit_for`], the edit it makes. Test files that use it say
//! `#[path = "support/edits.rs"] mod edits;`.

use proptest::prelude::*;
use serde_json::Value;
use trustmap::edit::{Document, Edit, clipboard, ops};
use trustmap::model::layout::{Point, Rect};
use trustmap::model::named::Named as _;
use trustmap::model::props::{PropertyKey, spec};
use trustmap::model::threat::{Cia, Stride, Threat};
use trustmap::model::triage::{Triage, TriageStatus};
use trustmap::model::{BoundaryKind, ComponentKind, ConnectionKind, Id, Pattern, Posture};

/// One random choice: which operation, and numbers that pick its targets and values from the current diagram.
#[derive(Clone, Debug)]
pub struct Choice {
    pub op: u8,
    pub a: usize,
    pub b: usize,
    pub c: usize,
    pub x: f64,
}

/// A random choice of any operation.
pub fn choice() -> impl Strategy<Value = Choice> {
    (0u8..OPS, any::<usize>(), any::<usize>(), any::<usize>(), -500.0..500.0f64).prop_map(|(op, a, b, c, x)| Choice {
        op,
        a,
        b,
        c,
        x,
    })
}

/// How many operations [`edit_for`] knows.
pub const OPS: u8 = 27;

/// The `n`th item, cycling; `None` when there is none.
pub fn pick<T: Clone>(items: &[T], n: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[n % items.len()].clone())
}

/// The edit a choice makes on the current document (`None` when it has nothing to work on).
pub fn edit_for(doc: &mut Document, ch: &Choice) -> Option<Edit> {
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
