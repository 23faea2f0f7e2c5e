//! The live analysis, by property: on random diagrams, random sequences of edits (mostly property edits, which it
//! redoes in part, but also every other operation, undo and redo) leave the live analysis equal to a fresh full
//! analysis after every step. They start from generated diagrams and from the samples.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

#[path = "support/edits.rs"]
mod edits;
mod support;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use support::generate::diagram;
use trustmap::analysis::live::Redone;
use trustmap::analysis::{Analysis, analyze};
use trustmap::edit::{Analysed, Document, Edit, ops};
use trustmap::model::named::Named as _;
use trustmap::model::props::{PropertyKey, Syntax, ValueType, spec};
use trustmap::model::triage::{Triage, TriageStatus};
use trustmap::model::{Diagram, Model};

/// One step: `kind` < 6 is a property edit, 6 undo, 7 redo, 8 a rename, 9 an edit of a component's data, 10 a
/// triage of a finding the analysis has, 11 an edit of a flow's attributes, 12 several of these as one step, 13 a
/// new flow, 14 a flow removed, 15 a flow re-pointed, 16 an edit of a note, a manual threat or the settings, 17 a
/// new component or one without children or flows removed, 19 other links of a component, 20 a component moved into
/// another container (or to the top level), 21 and 22 a connection added or removed, anything else the operation
/// `choice`.
#[derive(Clone, Debug)]
struct Step {
    kind: u8,
    choice: edits::Choice,
}

fn step() -> impl Strategy<Value = Step> {
    (0u8..23, edits::choice()).prop_map(|(kind, choice)| Step { kind, choice })
}

/// A value of `key`'s type picked by `n`, or the value another component has, or none.
fn value_for(diagram: &Diagram, key: PropertyKey, n: usize) -> Value {
    let others: Vec<Value> =
        diagram.components.iter().filter_map(|c| c.properties.get_json(key)).filter(|v| !v.is_null()).collect();
    match n % 8 {
        0 | 1 => return Value::Null,
        2 | 3 if !others.is_empty() => return others[n / 8 % others.len()].clone(),
        _ => {}
    }
    let value = spec(key).value;
    match value {
        ValueType::Bool => Value::Bool((n / 8).is_multiple_of(2)),
        ValueType::Choice(spellings) => Value::from(spellings[n / 8 % spellings.len()]),
        ValueType::Text(Syntax::VersionOrStatus | Syntax::RuntimeVersionOrStatus | Syntax::EngineVersionOrStatus) => {
            Value::from(["current", "outdated", "unknown"][n / 8 % 3])
        }
        _ => value.example(),
    }
}

/// A property edit: a key that applies to the component's kind, set to a value or cleared.
fn property_edit(diagram: &Diagram, ch: &edits::Choice) -> Option<Edit> {
    let component = edits::pick(&diagram.components, ch.a)?;
    let keys: Vec<PropertyKey> =
        PropertyKey::ALL.iter().copied().filter(|&key| spec(key).kinds().contains(&component.kind)).collect();
    let key = edits::pick(&keys, ch.b)?;
    ops::set_property(diagram, &component.id, key, &value_for(diagram, key, ch.c)).ok()
}

/// An edit of a component's data profile (which the live analysis follows per component, not per rule): a
/// classification with or without each importance, or none.
fn data_edit(diagram: &Diagram, ch: &edits::Choice) -> Option<Edit> {
    let takes = spec(PropertyKey::Data).kinds();
    let component = edits::pick(&diagram.components, ch.a).filter(|c| takes.contains(&c.kind))?;
    const CLASSES: [&str; 4] = ["public", "internal", "confidential", "restricted"];
    const IMPORTANCE: [Option<&str>; 4] = [None, Some("low"), Some("medium"), Some("high")];
    let value = if ch.b.is_multiple_of(6) {
        Value::Null
    } else {
        let mut profile = serde_json::json!({ "classification": CLASSES[ch.b % 4] });
        for (i, corner) in ["confidentiality", "integrity", "availability"].into_iter().enumerate() {
            if let Some(importance) = IMPORTANCE[ch.c / 4usize.pow(i as u32) % 4] {
                profile[corner] = Value::from(importance);
            }
        }
        profile
    };
    ops::set_property(diagram, &component.id, PropertyKey::Data, &value).ok()
}

/// An edit of one attribute of a flow (what it connects stays): set to a value picked by `ch`, or cleared.
fn flow_edit(diagram: &Diagram, ch: &edits::Choice) -> Option<Edit> {
    use trustmap::model::flow::{Authentication, CredentialScope, Protocol};
    use trustmap::model::props::Classification;
    let mut flow = edits::pick(&diagram.flows, ch.a)?;
    let n = ch.c;
    let clear = ch.c.is_multiple_of(5);
    match ch.b % 7 {
        0 => flow.protocol = (!clear).then(|| Protocol::ALL[n % Protocol::ALL.len()]),
        1 => flow.authentication = (!clear).then(|| Authentication::ALL[n % Authentication::ALL.len()]),
        2 => flow.credential = (!clear).then(|| CredentialScope::ALL[n % CredentialScope::ALL.len()]),
        3 => flow.authorization = (!clear).then_some(n.is_multiple_of(2)),
        4 => flow.encrypted = (!clear).then_some(n.is_multiple_of(2)),
        5 => flow.data = (!clear).then(|| Classification::ALL[n % Classification::ALL.len()]),
        _ => flow.label = if clear { String::new() } else { format!("label {}", n % 3) },
    }
    Some(ops::set_flow(flow))
}

/// A change of what flows there are (`ch.op` says which): a new flow between two components in a pattern (maybe
/// one the checks refuse), a flow removed with what points at it, or a flow re-pointed to another callee or caller.
fn structure_edit(doc: &mut Document, kind: u8, ch: &edits::Choice) -> Option<Edit> {
    use trustmap::model::Pattern;
    let d = doc.diagram().clone();
    match kind {
        13 => {
            let from = edits::pick(&d.components, ch.a)?.id;
            let to = edits::pick(&d.components, ch.b)?.id;
            Some(ops::add_flow(doc.ids_mut(), &from, &to, Pattern::ALL[ch.c % Pattern::ALL.len()]).0)
        }
        14 => Some(ops::remove(&d, &[edits::pick(&d.flows, ch.a)?.id])),
        _ => {
            let mut flow = edits::pick(&d.flows, ch.a)?;
            let other = edits::pick(&d.components, ch.b)?.id;
            if ch.c.is_multiple_of(2) {
                flow.to = other;
            } else {
                flow.from = other;
            }
            Some(ops::set_flow(flow))
        }
    }
}

/// An edit of notes, manual threats or the settings (`ch.op` says which): a note added, changed or removed, a manual
/// threat added (maybe on an element it cannot be about), changed or removed, a rule switched, a threshold set (maybe
/// out of range), the as-of date or the title changed.
fn listed_edit(doc: &mut Document, ch: &edits::Choice) -> Option<Edit> {
    use trustmap::edit::Record;
    use trustmap::model::settings::Date;
    use trustmap::model::threat::{Cia, Threat};
    let d = doc.diagram().clone();
    let everything: Vec<_> = d.element_ids().cloned().collect();
    let rules = trustmap::analysis::rules::all();
    let rule = rules[ch.b % rules.len()].meta();
    let mut settings = d.settings.clone();
    Some(match ch.op % 9 {
        0 => ops::add_note(doc.ids_mut(), "A remark", edits::pick(&everything, ch.a), None).0,
        1 => {
            let mut note = edits::pick(&d.notes, ch.a)?;
            note.text = format!("Remark {}", ch.b % 5);
            note.attached_to = edits::pick(&everything, ch.c);
            Edit::Replace(Record::Note(note))
        }
        2 => {
            let threat = Threat {
                id: trustmap::model::Id::new("t").unwrap(),
                element: edits::pick(&everything, ch.a)?,
                title: "Replay".into(),
                description: if ch.c.is_multiple_of(2) { String::new() } else { "Replayed requests".into() },
                cia: vec![Cia::ALL[ch.b % 3], Cia::ALL[ch.c % 3]],
                stride: Vec::new(),
                likelihood: u8::try_from(ch.b % 5 + 1).unwrap(),
                impact: u8::try_from(ch.c % 5 + 1).unwrap(),
                mitigation: String::new(),
                status: TriageStatus::ALL[ch.c % 4],
            };
            ops::add_threat(doc.ids_mut(), threat).0
        }
        3 => {
            let mut threat = edits::pick(&d.threats, ch.a)?;
            threat.likelihood = u8::try_from(ch.b % 5 + 1).unwrap();
            threat.status = TriageStatus::ALL[ch.c % 4];
            threat.element = edits::pick(&everything, ch.c)?;
            ops::set_threat(threat)
        }
        4 => ops::remove(&d, &[edits::pick(&d.notes, ch.a)?.id]),
        5 => ops::remove(&d, &[edits::pick(&d.threats, ch.a)?.id]),
        6 => {
            let entry = settings.rules.entry(rule.id.to_owned()).or_default();
            entry.enabled = [None, Some(false), Some(true)][ch.c % 3];
            ops::set_settings(settings)
        }
        7 => {
            let threshold = rule.thresholds.first()?;
            let value = [threshold.min, threshold.default, threshold.min - 1.0][ch.c % 3];
            settings.rules.entry(rule.id.to_owned()).or_default().thresholds.insert(threshold.name.into(), value);
            ops::set_settings(settings)
        }
        _ => {
            settings.as_of = ["2019-06-01", "2026-12-01", "2031-01-01"].get(ch.c % 4).map(|a| Date::parse(a).unwrap());
            settings.title = format!("Title {}", ch.b % 3);
            ops::set_settings(settings)
        }
    })
}

/// Several edits that each patch the model in place, as one step (a multi-selection's property change, say): a
/// property, data and flow edit built from `ch`, and a triage; maybe the same component twice.
/// A new component of a kind that may sit in a component picked by `ch.a` (or at the top level), or (every third time)
/// a component without children or flows removed.
fn component_edit(doc: &mut Document, ch: &edits::Choice) -> Option<Edit> {
    use trustmap::model::ComponentKind as K;
    use trustmap::model::catalog::info;
    let d = doc.diagram().clone();
    if ch.b.is_multiple_of(3) {
        let bare: Vec<_> = d
            .components
            .iter()
            .filter(|c| !d.components.iter().any(|o| o.parent.as_ref() == Some(&c.id)))
            .filter(|c| !d.flows.iter().any(|f| f.from == c.id || f.to == c.id))
            .map(|c| c.id.clone())
            .collect();
        return Some(ops::remove(&d, &[edits::pick(&bare, ch.a)?]));
    }
    let parent = (!ch.a.is_multiple_of(5)).then(|| edits::pick(&d.components, ch.a)).flatten();
    let fits: Vec<K> = K::ALL
        .iter()
        .copied()
        .filter(|&k| parent.as_ref().map_or(info(k).top_level, |p| info(k).may_sit_in(Some(p.kind))))
        .collect();
    let kind = edits::pick(&fits, ch.c)?;
    Some(ops::add_component(doc.ids_mut(), kind, "Added", parent.map(|p| p.id), None).0)
}

/// Other links of a component that takes them (picked by `ch.a`, the link by `ch.b`): a role or execution role (or
/// none), or a list of components of the kinds it may name (protected entry points, covered components, registries).
fn link_edit(diagram: &Diagram, ch: &edits::Choice) -> Option<Edit> {
    use trustmap::edit::ops::ListLink as L;
    use trustmap::model::ComponentKind as K;
    use trustmap::model::catalog::{Links, info};
    let takes: [fn(Links) -> bool; 6] =
        [|l| l.role, |l| l.execution_role, |l| l.protects, |l| l.covers, |l| l.credentials_for, |l| l.images];
    // The first link from `ch.b` on that some component takes.
    let (link, component) = (0..6).map(|k| (ch.b + k) % 6).find_map(|link| {
        let taking: Vec<_> = diagram.components.iter().filter(|c| takes[link](info(c.kind).links)).collect();
        edits::pick(&taking, ch.a).map(|c| (link, c))
    })?;
    let of = |kinds: &[K]| -> Vec<_> {
        let fit = diagram.components.iter().filter(|c| kinds.is_empty() || kinds.contains(&c.kind));
        fit.map(|c| c.id.clone()).collect()
    };
    let some = |from: Vec<_>| -> Vec<_> { (0..ch.c % 3).filter_map(|k| edits::pick(&from, ch.b / 7 + k)).collect() };
    let (d, id) = (diagram, &component.id);
    let role = || (!ch.c.is_multiple_of(4)).then(|| edits::pick(&of(&[K::IamRole]), ch.b)).flatten();
    match link {
        0 => ops::set_role(d, id, role()).ok(),
        1 => ops::set_execution_role(d, id, role()).ok(),
        2 => {
            let entries = of(&[K::ApiGateway, K::LoadBalancer, K::Cloudfront, K::CognitoUserPool]);
            ops::set_links(d, id, L::Protects, some(entries)).ok()
        }
        3 => ops::set_links(d, id, L::Covers, some(of(&[]))).ok(),
        4 => ops::set_links(d, id, L::CredentialsFor, some(of(&[]))).ok(),
        _ => ops::set_links(d, id, L::Images, some(of(&[K::EcrRegistry, K::ExternalRegistry]))).ok(),
    }
}

/// A component picked by `ch.a` moved into another component that may hold it (picked by `ch.b`), or to the top level
/// when it may sit there (every fifth time).
fn move_edit(diagram: &Diagram, ch: &edits::Choice) -> Option<Edit> {
    use trustmap::model::catalog::info;
    let component = edits::pick(&diagram.components, ch.a)?;
    let kind = info(component.kind);
    if ch.b.is_multiple_of(5) && kind.top_level {
        return ops::reparent(diagram, &component.id, None).ok();
    }
    let fits: Vec<_> = diagram
        .components
        .iter()
        .filter(|p| p.id != component.id && Some(&p.id) != component.parent.as_ref() && kind.may_sit_in(Some(p.kind)))
        .map(|p| p.id.clone())
        .collect();
    ops::reparent(diagram, &component.id, Some(edits::pick(&fits, ch.b)?)).ok()
}

/// A connection between two networks or accounts that it may join (picked by `ch.a`; every fifth time of any kind),
/// or (every fourth time, or when there are no such two) a connection removed.
fn connection_edit(doc: &mut Document, ch: &edits::Choice) -> Option<Edit> {
    use trustmap::model::{ComponentKind as K, ConnectionKind as C};
    let d = doc.diagram().clone();
    let of = |kind: K| d.components.iter().filter(move |c| c.kind == kind).map(|c| c.id.clone());
    let mut pairs = Vec::new();
    for (kinds, a, b) in [
        (&[C::CrossAccountTrust][..], K::AwsAccount, K::AwsAccount),
        (&[C::VpcPeering, C::TransitGateway], K::Vpc, K::Vpc),
        (&[C::Vpn, C::DirectConnect], K::OnPrem, K::Vpc),
    ] {
        for from in of(a) {
            for to in of(b).filter(|to| *to != from) {
                pairs.push((kinds[ch.b % kinds.len()], from.clone(), to));
            }
        }
    }
    if ch.c.is_multiple_of(4) || pairs.is_empty() {
        return Some(ops::remove(&d, &[edits::pick(&d.connections, ch.a)?.id]));
    }
    let (mut kind, from, to) = edits::pick(&pairs, ch.a)?;
    if ch.c.is_multiple_of(5) {
        kind = C::ALL[ch.b % C::ALL.len()];
    }
    Some(ops::add_connection(doc.ids_mut(), kind, &from, &to).0)
}

fn batch_edit(diagram: &Diagram, analysis: Option<&Analysis>, ch: &edits::Choice) -> Option<Edit> {
    let shifted =
        |k: usize| edits::Choice { a: ch.a / (k + 1) + k, b: ch.b / (k + 1) + k, c: ch.c / (k + 1), ..ch.clone() };
    let mut edits = Vec::new();
    edits.extend(property_edit(diagram, &shifted(0)));
    edits.extend(property_edit(diagram, &shifted(1)));
    edits.extend(data_edit(diagram, &shifted(2)));
    edits.extend(flow_edit(diagram, &shifted(3)));
    edits.extend(analysis.and_then(|a| triage_edit(a, &shifted(4))));
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// A triage of one of the analysis's rule findings (a status and a note, or none).
fn triage_edit(analysis: &Analysis, ch: &edits::Choice) -> Option<Edit> {
    let findings: Vec<&str> =
        analysis.findings.iter().filter(|f| f.rule() != "manual-threat").map(|f| f.id()).collect();
    let id = edits::pick(&findings, ch.a)?;
    let triage = (!ch.b.is_multiple_of(4))
        .then(|| Triage { status: TriageStatus::ALL[ch.c % 4], note: format!("n{}", ch.c % 3) });
    Some(ops::set_triage(id, triage))
}

/// A name for a rename, picked by `n`: plain, another component's (duplicates), a letter or word the explanations
/// use, empty, or holding the noncharacters the analysis marks names with while it writes a text.
fn new_name(diagram: &Diagram, n: usize) -> String {
    const ODD: [&str; 8] = ["", "a", "calls", "\u{FDD0}0\u{FDD1}", "\u{FDD0}", "x\u{FDD1}\u{FDD0}12", " ", "Ünï ✓"];
    match n % 4 {
        0 => format!("Name {}", n / 4 % 10),
        1 => edits::pick(&diagram.components, n / 4).map(|c| c.name.clone()).unwrap_or_default(),
        _ => ODD[n / 4 % ODD.len()].to_owned(),
    }
}

/// What a run saw.
#[derive(Default)]
struct Seen {
    /// Updates that re-ran only some rules or only rewrote names.
    partial: usize,
    /// Updates that only rewrote names.
    renames: usize,
    /// Updates that redid anything.
    updates: usize,
    /// Updates after an edit of data alone that re-ran only some rules.
    data_partial: usize,
    /// Updates that only changed triage.
    triage: usize,
    /// Updates after an edit of a flow's attributes that re-ran only some rules.
    flow_partial: usize,
    /// Updates after a batch of such edits that did not redo everything.
    batch_partial: usize,
    /// Updates after a flow was added, removed or re-pointed that re-ran only some stages.
    structure_partial: usize,
    /// Edits of notes, manual threats or settings that re-ran only some stages, or nothing.
    listed_partial: usize,
    component_partial: usize,
    /// Updates after an edit of a component's links that re-ran only some rules.
    link_partial: usize,
    /// Updates after a move into another container that re-ran only some rules.
    move_partial: usize,
    /// Updates after a connection was added or removed that re-ran only some rules.
    connection_partial: usize,
}

fn run_case(original: Diagram, steps: &[Step], seen: &mut Seen) -> Result<(), TestCaseError> {
    let mut doc = Document::new(original);
    let mut analysed = Analysed::new(&doc);
    for (n, step) in steps.iter().enumerate() {
        let d = doc.diagram().clone();
        let before = doc.revision();
        match step.kind {
            6 => {
                doc.undo();
            }
            7 => {
                doc.redo();
            }
            kind => {
                let edit = match kind {
                    0..6 => property_edit(&d, &step.choice),
                    8 => edits::pick(&d.components, step.choice.a)
                        .and_then(|c| ops::rename(&d, &c.id, &new_name(&d, step.choice.b)).ok()),
                    9 => data_edit(&d, &step.choice),
                    10 => analysed.as_ref().and_then(|a| triage_edit(a.analysis(), &step.choice)),
                    11 => flow_edit(&d, &step.choice),
                    12 => batch_edit(&d, analysed.as_ref().map(|a| a.analysis()), &step.choice),
                    13..16 => structure_edit(&mut doc, kind, &step.choice),
                    16 => listed_edit(&mut doc, &step.choice),
                    17 => component_edit(&mut doc, &step.choice),
                    19 => link_edit(&d, &step.choice),
                    20 => move_edit(&d, &step.choice),
                    21 | 22 => connection_edit(&mut doc, &step.choice),
                    _ => edits::edit_for(&mut doc, &step.choice),
                };
                let Some(edit) = edit else { continue };
                let _ = doc.apply("random", edit);
            }
        }
        let revision = doc.revision();
        let Some(model) = doc.model() else { continue };
        match &mut analysed {
            Some(analysed) => {
                let redone = analysed.refresh(&doc);
                seen.updates += usize::from(redone != Some(Redone::Nothing));
                seen.partial += usize::from(matches!(redone, Some(Redone::Rules(_) | Redone::Names | Redone::Triage)));
                seen.renames += usize::from(redone == Some(Redone::Names));
                seen.data_partial += usize::from(step.kind == 9 && matches!(redone, Some(Redone::Rules(_))));
                seen.triage += usize::from(redone == Some(Redone::Triage));
                seen.flow_partial += usize::from(step.kind == 11 && matches!(redone, Some(Redone::Rules(_))));
                seen.batch_partial += usize::from(step.kind == 12 && matches!(redone, Some(Redone::Rules(_))));
                seen.structure_partial +=
                    usize::from((13..16).contains(&step.kind) && matches!(redone, Some(Redone::Rules(_))));
                seen.component_partial += usize::from(step.kind == 17 && matches!(redone, Some(Redone::Rules(_))));
                seen.link_partial += usize::from(step.kind == 19 && matches!(redone, Some(Redone::Rules(_))));
                seen.move_partial += usize::from(step.kind == 20 && matches!(redone, Some(Redone::Rules(_))));
                seen.connection_partial +=
                    usize::from((21..23).contains(&step.kind) && matches!(redone, Some(Redone::Rules(_))));
                seen.listed_partial += usize::from(
                    step.kind == 16 && revision != before && matches!(redone, Some(Redone::Rules(_) | Redone::Nothing)),
                );
            }
            None => analysed = Analysed::new(&doc),
        }
        let analysed = analysed.as_ref().unwrap();
        same(analysed.analysis(), model).map_err(|e| TestCaseError::fail(format!("after step {n} ({step:?}): {e}")))?;
        // What it keeps of what each stage read holds what a fresh one reads: else a later edit may skip a stage.
        let uncovered = analysed.uncovered_reads(&doc);
        prop_assert!(uncovered.is_empty(), "after step {n} ({step:?}): kept reads miss some of {uncovered:?}'s");
    }
    Ok(())
}

/// Where a failing case is written: `LIVE_REPLAY=<path>` runs it alone.
fn failure_path() -> std::path::PathBuf {
    std::env::temp_dir().join("trustmap-live-failure.json")
}

/// Writes a failing case (the diagram as the file format has it, the steps as arrays) to [`failure_path`].
fn write_failure(original: &Diagram, steps: &[Step]) -> std::path::PathBuf {
    let steps: Vec<Value> = steps
        .iter()
        .map(|s| serde_json::json!([s.kind, s.choice.op, s.choice.a, s.choice.b, s.choice.c, s.choice.x]))
        .collect();
    // As it is, not normalised (the order of its lists decides what the steps pick).
    let mut diagram = serde_json::to_value(original).unwrap();
    diagram["format"] = Value::from("trustmap");
    diagram["version"] = Value::from(original.format_version());
    let path = failure_path();
    std::fs::write(&path, serde_json::json!({ "diagram": diagram, "steps": steps }).to_string()).unwrap();
    path
}

/// Runs the case written at `path` by [`write_failure`].
fn replay(path: &str) {
    let case: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let original = trustmap::io::parse_diagram(case["diagram"].to_string().as_bytes()).unwrap();
    let number = |v: &Value| v.as_u64().unwrap();
    let steps: Vec<Step> = case["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Step {
            kind: u8::try_from(number(&s[0])).unwrap(),
            choice: edits::Choice {
                op: u8::try_from(number(&s[1])).unwrap(),
                a: usize::try_from(number(&s[2])).unwrap(),
                b: usize::try_from(number(&s[3])).unwrap(),
                c: usize::try_from(number(&s[4])).unwrap(),
                x: s[5].as_f64().unwrap(),
            },
        })
        .collect();
    let result = run_case(original, &steps, &mut Seen::default());
    assert!(result.is_ok(), "{path}: {result:?}");
}

fn same(analysis: &Analysis, model: &Model) -> Result<(), TestCaseError> {
    let again = trustmap::analysis::quote::marking(|| analyze(model));
    let kept = serde_json::to_value(analysis).unwrap();
    let fresh = serde_json::to_value(analyze(model)).unwrap();
    // Marking names changes no text.
    prop_assert!(serde_json::to_value(&again).unwrap() == fresh, "marking names changed the analysis");
    // Where the explanations quote names (not serialised) must agree too: the next rename writes there.
    let quotes = |a: &Analysis| -> Vec<Vec<_>> {
        let findings = a.findings.iter().map(|f| f.quotes.to_vec());
        findings
            .chain(a.metrics.defense_in_depth.iter().flat_map(|p| p.control_quotes.iter().map(|q| q.to_vec())))
            .collect()
    };
    prop_assert!(quotes(analysis) == quotes(&again), "the names are quoted at other places");
    let targets = |a: &Analysis| a.findings.iter().map(|f| f.targets.to_vec()).collect::<Vec<_>>();
    prop_assert!(targets(analysis) == targets(&again), "findings point at other elements");
    if kept != fresh {
        let part = |v: &Value, k: &str| v.get(k).map(ToString::to_string).unwrap_or_default();
        let keys = ["findings", "risk", "responsibility", "metrics", "stale_triage", "posture"];
        let differ: Vec<String> = keys
            .iter()
            .filter(|k| part(&kept, k) != part(&fresh, k))
            .map(|k| format!("{k}:\n kept  {}\n fresh {}", part(&kept, k), part(&fresh, k)))
            .collect();
        prop_assert!(false, "the live analysis differs from a fresh one in {}", differ.join("\n"));
    }
    Ok(())
}

#[test]
fn random_edit_sequences_keep_the_live_analysis_equal_to_a_fresh_one() {
    // `LIVE_CASES=N` runs N cases instead (a rare miss shows in a long run).
    let mut runner = TestRunner::new(Config {
        cases: std::env::var("LIVE_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(160),
        ..Config::default()
    });
    let seen = std::cell::RefCell::new(Seen::default());
    // Generated diagrams have every shape; the samples are where most rules fire.
    let samples: Vec<Diagram> =
        trustmap::io::samples::all().iter().map(|s| s.model().unwrap().diagram().clone()).collect();
    let start = prop_oneof![diagram(), proptest::sample::select(samples)];
    let strategy = (start, proptest::collection::vec(step(), 1..40));
    if let Ok(path) = std::env::var("LIVE_REPLAY") {
        replay(&path);
        return;
    }
    let result = runner.run(&strategy, |(original, steps)| run_case(original, &steps, &mut seen.borrow_mut()));
    let written = match &result {
        Err(proptest::test_runner::TestError::Fail(reason, (original, steps))) => {
            Some((reason.to_string(), write_failure(original, steps)))
        }
        _ => None,
    };
    let (reason, path) = written.unwrap_or_default();
    assert!(reason.is_empty(), "{reason}\nthe case is in {}: LIVE_REPLAY=<that path> runs it alone", path.display());
    result.unwrap();
    let seen = seen.into_inner();
    eprintln!(
        "updates {}, partial {}, renames {}, partly redone: data edits {}, flow edits {}, batches {}, flows added, \
         removed or re-pointed {}, notes, threats and settings {}, components added or removed {}, links {}, moves {}, connections {}; triage {}",
        seen.updates,
        seen.partial,
        seen.renames,
        seen.data_partial,
        seen.flow_partial,
        seen.batch_partial,
        seen.structure_partial,
        seen.listed_partial,
        seen.component_partial,
        seen.link_partial,
        seen.move_partial,
        seen.connection_partial,
        seen.triage
    );
    // The incremental path must be what is mostly tested, not the full one.
    assert!(seen.updates >= 200 && seen.partial * 3 >= seen.updates, "{} of {} partial", seen.partial, seen.updates);
    assert!(seen.renames >= 20, "{} renames rewrote names in place", seen.renames);
    assert!(seen.data_partial >= 20, "{} data edits re-ran only some rules", seen.data_partial);
    assert!(seen.triage >= 20, "{} triage edits changed triage only", seen.triage);
    assert!(seen.flow_partial >= 20, "{} flow edits re-ran only some rules", seen.flow_partial);
    assert!(seen.batch_partial >= 20, "{} batches re-ran only some rules", seen.batch_partial);
    assert!(seen.structure_partial >= 20, "{} flow structure edits re-ran only some stages", seen.structure_partial);
    assert!(
        seen.component_partial >= 20,
        "{} components added or removed re-ran only some rules",
        seen.component_partial
    );
    assert!(seen.link_partial >= 20, "{} link edits re-ran only some rules", seen.link_partial);
    assert!(seen.move_partial >= 20, "{} moves re-ran only some rules", seen.move_partial);
    assert!(seen.connection_partial >= 10, "{} connections re-ran only some rules", seen.connection_partial);
    assert!(
        seen.listed_partial >= 20,
        "{} note, threat and settings edits re-ran only some stages",
        seen.listed_partial
    );
}

/// A case the random sequences found (a flow removed, a subnet's property set, which redoes everything, another flow
/// removed): the blast graph patched after the second removal must sweep to what a fresh analysis finds.
#[test]
fn a_flow_removed_after_everything_was_redone_matches_a_fresh_analysis() {
    let sample = trustmap::io::samples::all()
        .iter()
        .map(|s| s.model().unwrap().diagram().clone())
        .find(|d| d.settings.title == "Web shop on ECS behind CloudFront")
        .unwrap();
    let choice = |a: usize, c: usize| edits::Choice { op: 0, a, b: 0, c, x: 0.0 };
    let steps = [
        Step { kind: 14, choice: choice(6_644_650_294_321_239_476, 0) },
        Step { kind: 0, choice: choice(8_782_966_987_853_660_045, 5_228_094_478_749_544) },
        Step { kind: 14, choice: choice(15_949_850_260_710_035_097, 0) },
    ];
    run_case(sample, &steps, &mut Seen::default()).unwrap();
}
