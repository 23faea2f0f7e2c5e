//! The live analysis against a fresh one, on the samples.

use super::*;
use crate::analysis::analyze;
use crate::edit::{Document, ops};
use crate::model::named::Named as _;
use crate::model::props::{KeySet, PropertyKey, spec};

/// The live analysis serialises as a fresh one, and quotes names at the same places (not serialised) as a fresh one
/// made inside `quote::marking` (which serialises alike too).
fn same(live: &Live, model: &Model) -> bool {
    let (kept, fresh) = (live.analysis(), analyze(model));
    let quoting = quote::marking(|| analyze(model));
    let quotes = |a: &Analysis| -> Vec<Vec<quote::Quote>> {
        let findings = a.findings.iter().map(|f| f.quotes.to_vec());
        let paths = a.metrics.defense_in_depth.iter().flat_map(|p| p.control_quotes.iter().map(|q| q.to_vec()));
        findings.chain(paths).collect()
    };
    serde_json::to_value(kept).ok() == serde_json::to_value(&fresh).ok()
        && serde_json::to_value(&quoting).ok() == serde_json::to_value(&fresh).ok()
        && quotes(kept) == quotes(&quoting)
}

/// The first component of `doc` that takes `logging`, and the edit that switches its logging over.
fn logging_switch(doc: &Document) -> (crate::model::Id, crate::edit::Edit) {
    let model = doc.model().unwrap();
    let component = doc.diagram().components.iter().find(|c| spec(PropertyKey::Logging).kinds().contains(&c.kind));
    let id = component.unwrap().id.clone();
    let on = !model.props(model.component_ix(&id).unwrap()).logging.unwrap_or(false);
    let edit = ops::set_property(doc.diagram(), &id, PropertyKey::Logging, &serde_json::Value::Bool(on)).unwrap();
    (id, edit)
}

/// Names a rename may give: empty, a letter or a word the explanations use, another component's, and names with
/// the characters of the markers names are written as, well-formed or not.
const ODD_NAMES: [&str; 9] = [
    "",
    "a",
    "calls",
    "\u{FDD0}0\u{FDD1}",
    "\u{FDD0}",
    "x\u{FDD1}\u{FDD0}12",
    "Ünïcode ✓ with spaces",
    "a much longer name than any of the sample's, so later quotes move",
    "{0}",
];

/// Every component of every sample renamed in turn (to odd names and to another component's name): the names are
/// written in place, and the live analysis equals a fresh one.
#[test]
fn renames_on_the_samples_rewrite_the_names_in_place() {
    let (mut checked, mut quoted) = (0, 0);
    for sample in crate::io::samples::all() {
        let mut doc = Document::new(sample.model().unwrap().diagram().clone());
        let mut live = Live::new(doc.model().unwrap());
        quoted += live.analysis().findings.iter().filter(|f| !f.quotes.is_empty()).count();
        let components: Vec<_> = doc.diagram().components.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
        for (n, (id, _)) in components.iter().enumerate() {
            let other = &components[(n + 1) % components.len()].1;
            let name = if n % 3 == 0 { other.as_str() } else { ODD_NAMES[n % ODD_NAMES.len()] };
            let stamp = doc.stamp();
            let Ok(edit) = ops::rename(doc.diagram(), id, name) else { continue };
            if doc.apply("rename", edit).is_err() {
                continue;
            }
            let Some(model) = doc.model() else { continue };
            let redone = live.update(model, &doc.changes_since(stamp));
            assert_eq!(redone, Redone::Names, "{}: {id} to {name:?}", sample.file);
            assert!(same(&live, model), "{}: {id} to {name:?}", sample.file);
            checked += 1;
        }
    }
    assert!(checked > 50 && quoted > 50, "{checked} renames, {quoted} findings quoting names");
}

/// A rename and a property edit together: the names are rewritten and the rules of the property re-run.
#[test]
fn a_rename_with_a_property_edit_reruns_only_the_property_rules() {
    let sample = &crate::io::samples::all()[0];
    let mut doc = Document::new(sample.model().unwrap().diagram().clone());
    let mut live = Live::new(doc.model().unwrap());
    let (id, edit) = logging_switch(&doc);
    let before = doc.stamp();
    doc.apply("rename", ops::rename(doc.diagram(), &id, "\u{FDD0}1\u{FDD1} renamed").unwrap()).unwrap();
    doc.apply("logging", edit).unwrap();
    let redone = live.update(doc.model().unwrap(), &doc.changes_since(before));
    assert!(matches!(redone, Redone::Rules(n) if (1..=3).contains(&n)), "{redone:?}");
    assert!(same(&live, doc.model().unwrap()));
}

/// Every property of every component of every sample, set and cleared in turn: after each accepted edit the live
/// analysis equals a fresh one. Most edits re-run only some rules (so the test exercises the incremental path).
#[test]
fn property_edits_on_the_samples_match_a_fresh_analysis() {
    let (mut partial, mut checked) = (0, 0);
    for sample in crate::io::samples::all() {
        let mut doc = Document::new(sample.model().unwrap().diagram().clone());
        let mut live = Live::new(doc.model().unwrap());
        let mut stamp = doc.stamp();
        let ids: Vec<_> = doc.diagram().components.iter().map(|c| c.id.clone()).collect();
        for (n, id) in ids.iter().enumerate() {
            // Every component, a rotating share of the keys (all of them over the sample), to keep the test short.
            for &key in PropertyKey::ALL.iter().skip(n % 3).step_by(3) {
                let kind = doc.diagram().components.iter().find(|c| &c.id == id).map(|c| c.kind);
                if !kind.is_some_and(|kind| spec(key).kinds().contains(&kind)) {
                    continue;
                }
                let set = doc.diagram().components.iter().any(|c| &c.id == id && c.properties.is_set(key));
                let value = if set { serde_json::Value::Null } else { spec(key).value.example() };
                let Ok(edit) = ops::set_property(doc.diagram(), id, key, &value) else { continue };
                if doc.apply("set", edit).is_err() {
                    continue;
                }
                let Some(model) = doc.model() else { continue };
                let redone = live.update(model, &doc.changes_since(stamp));
                stamp = doc.stamp();
                partial += usize::from(matches!(redone, Redone::Rules(_) | Redone::Nothing));
                checked += 1;
                assert!(same(&live, model), "{}: {key} on {id} ({redone:?})", sample.file);
            }
        }
    }
    assert!(checked > 200 && partial > checked / 2, "{partial} of {checked} edits were incremental");
}

/// A logging switch on a function re-runs only the rules that read `logging`.
#[test]
fn a_logging_edit_reruns_few_rules() {
    let sample = &crate::io::samples::all()[0];
    let mut doc = Document::new(sample.model().unwrap().diagram().clone());
    let mut live = Live::new(doc.model().unwrap());
    let (_, edit) = logging_switch(&doc);
    let before = doc.stamp();
    doc.apply("logging", edit).unwrap();
    let changes = doc.changes_since(before);
    assert_eq!(changes.summary().keys, KeySet::of(&[PropertyKey::Logging]));
    let redone = live.update(doc.model().unwrap(), &changes);
    assert!(matches!(redone, Redone::Rules(n) if (1..=3).contains(&n)), "{redone:?}");
    assert!(same(&live, doc.model().unwrap()));
    // Undo is an edit too.
    let at = doc.stamp();
    assert!(doc.undo());
    assert!(matches!(live.update(doc.model().unwrap(), &doc.changes_since(at)), Redone::Rules(_)));
    assert!(same(&live, doc.model().unwrap()));
}

/// Changes the document no longer remembers, or of another document, are everything.
#[test]
fn unknown_revisions_change_everything() {
    let sample = &crate::io::samples::all()[0];
    let doc = Document::new(sample.model().unwrap().diagram().clone());
    assert!(doc.changes_since(doc.stamp()).is_empty());
    let other = doc.clone();
    assert!(other.changes_since(doc.stamp()).everything, "a clone has its own revisions");
    let mut doc = doc;
    let old = doc.stamp();
    let id = doc.diagram().components[0].id.clone();
    for n in 0..70 {
        let edit = ops::rename(doc.diagram(), &id, &format!("Name {n}")).unwrap();
        doc.apply("rename", edit).unwrap();
    }
    assert!(doc.changes_since(old).everything, "too old to be remembered");
    assert!(read_by_anything().contains(PropertyKey::Logging));
}

/// Every key some stage reads.
fn read_by_anything() -> KeySet {
    rules::all().iter().fold(reads::FACTS.union(reads::METRICS).union(reads::RESPONSIBILITY), |all, rule| {
        all.union(reads::rule(rule.meta().id))
    })
}
