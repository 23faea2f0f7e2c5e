//! The live analysis against a fresh one, on the samples.

use super::*;
use crate::analysis::analyze;
use crate::analysis::facts::Facts;
use crate::edit::{Document, Edit, Record, ops};
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
    let targets = |a: &Analysis| a.findings.iter().map(|f| f.targets.to_vec()).collect::<Vec<_>>();
    serde_json::to_value(kept).ok() == serde_json::to_value(&fresh).ok()
        && serde_json::to_value(&quoting).ok() == serde_json::to_value(&fresh).ok()
        && quotes(kept) == quotes(&quoting)
        && targets(kept) == targets(&fresh)
        && live.facts == Facts::new(model)
        && reads_cover(live, model)
}

/// Whether what the live analysis keeps of each rule's checks claims them no more local than a run of every check now
/// finds them ([`crate::analysis::Locality::covers`]), and what it keeps of what each rule and the metrics read holds
/// all they read now ([`data::Read::covers`]): what it relies on to decide what to run again.
fn reads_cover(live: &Live, model: &Model) -> bool {
    let wrong = live.uncovered_reads(model);
    assert!(
        wrong.is_empty(),
        "kept reads miss some of what these read now, or claim their checks more local: {wrong:?}"
    );
    true
}

/// A sample opened as a document, with a live analysis of it.
fn opened(sample: &crate::io::samples::Sample) -> (Document, Live) {
    let doc = Document::new(sample.model().unwrap().diagram().clone());
    let live = Live::new(doc.model().unwrap());
    (doc, live)
}

/// Whether the whole check finds `diagram` sound after `edit`.
fn sound_after(diagram: &crate::model::diagram::Diagram, edit: &Edit) -> bool {
    let mut whole = diagram.clone();
    crate::edit::apply(&mut whole, edit.clone()).unwrap();
    crate::model::problems(&whole).is_empty()
}

/// Undoes the last step of `doc`, brings `live` up to date, and asserts it equals a fresh analysis (`what` says of
/// what).
fn undone(doc: &mut Document, live: &mut Live, what: &str) {
    let stamp = doc.stamp();
    assert!(doc.undo(), "{what}: nothing to undo");
    live.update(doc.model().unwrap(), &doc.changes_since(stamp));
    assert!(same(live, doc.model().unwrap()), "{what}");
}

/// The first component of `doc` that takes `logging`, and the edit that switches its logging over.
fn logging_switch(doc: &Document) -> (crate::model::Id, Edit) {
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
        let (mut doc, mut live) = opened(sample);
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
    let (mut doc, mut live) = opened(sample);
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
        let (mut doc, mut live) = opened(sample);
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
    let (mut doc, mut live) = opened(sample);
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

/// Whether a model patched in place indexes its flows as one built afresh from its diagram does: the same flows at
/// the same positions, the same ends and patterns, the same flows listed per component in the same order.
fn indexed_alike(patched: &Model) -> bool {
    let Ok(fresh) = Model::new(patched.diagram().clone()) else { return false };
    let differences = patched.index_differences(&fresh);
    assert!(differences.is_empty(), "indexed differently: {differences:?}");
    patched.diagram() == fresh.diagram()
}

/// Flows added between many pairs of components of every sample (in every pattern their kinds allow), re-pointed,
/// and removed again, with undo and redo: each accepted edit patches the model in place (indexed as a fresh model
/// is), and the live analysis, which re-runs only the stages that read the flow structure, equals a fresh one.
#[test]
fn flows_added_repointed_and_removed_on_the_samples_match_a_fresh_analysis() {
    use crate::model::Pattern;
    let (mut added, mut partial, mut refused, mut patched) = (0, 0, 0, 0);
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let ids: Vec<_> = doc.diagram().components.iter().map(|c| c.id.clone()).collect();
        let check = |doc: &Document, live: &mut Live, stamp, what: &str| {
            let changes = doc.changes_since(stamp);
            assert!(changes.structure && !changes.everything, "{}: {what}: {changes:?}", sample.file);
            let model = doc.model().unwrap();
            assert!(indexed_alike(model), "{}: {what}", sample.file);
            let redone = live.update(model, &changes);
            assert!(same(live, model), "{}: {what} ({redone:?})", sample.file);
            usize::from(matches!(redone, Redone::Rules(_)))
        };
        for (n, from) in ids.iter().enumerate().step_by(3) {
            let to = &ids[(n * 7 + 5) % ids.len()];
            let pattern = Pattern::ALL[n % Pattern::ALL.len()];
            let stamp = doc.stamp();
            let (edit, id) = ops::add_flow(doc.ids_mut(), from, to, pattern);
            if doc.apply("add flow", edit).is_err() {
                refused += 1;
                continue;
            }
            added += 1;
            partial += check(&doc, &mut live, stamp, &format!("{id} added"));
            // Re-pointed to another component (when that is legal), then undone and redone.
            let mut flow = doc.diagram().flows.iter().find(|f| f.id == id).unwrap().clone();
            let other = ids[(n * 11 + 1) % ids.len()].clone();
            let moved = other != flow.to;
            flow.to = other;
            let stamp = doc.stamp();
            if moved && doc.apply("re-point", ops::set_flow(flow)).is_ok() {
                partial += check(&doc, &mut live, stamp, &format!("{id} re-pointed"));
                let stamp = doc.stamp();
                assert!(doc.undo());
                partial += check(&doc, &mut live, stamp, &format!("{id} re-pointed, undone"));
            }
            if n % 2 == 0 {
                // Removed again (the undo of adding it) and redone.
                let stamp = doc.stamp();
                let removal = ops::remove(doc.diagram(), std::slice::from_ref(&id));
                doc.apply("remove", removal).unwrap();
                partial += check(&doc, &mut live, stamp, &format!("{id} removed"));
            }
        }
        // Flows of the sample itself, removed and brought back by undo.
        for id in doc.diagram().flows.iter().map(|f| f.id.clone()).step_by(4).collect::<Vec<_>>() {
            let stamp = doc.stamp();
            let before = doc.revision();
            let _ = doc.apply("remove", ops::remove(doc.diagram(), std::slice::from_ref(&id)));
            if doc.revision() == before || doc.changes_since(stamp).everything {
                // Refused, or it took a note or a threat along (rebuilt).
                continue;
            }
            partial += check(&doc, &mut live, stamp, &format!("{id} removed"));
            let stamp = doc.stamp();
            assert!(doc.undo());
            partial += check(&doc, &mut live, stamp, &format!("{id} removed, undone"));
        }
        patched += live.sweeps.regraphs();
    }
    assert!(added > 20 && refused > 5, "{added} flows added, {refused} refused");
    assert!(partial > added, "{partial} updates re-ran only some stages");
    // The blast graph was patched, not built again (and a debug assertion compares it with one built afresh).
    assert!(patched > added, "{patched} blast graphs patched");
}

/// A flow the checks refuse is refused in place with the message the whole check gives, and changes nothing.
#[test]
fn an_illegal_flow_is_refused_as_the_whole_check_refuses_it() {
    use crate::model::Pattern;
    let sample = &crate::io::samples::all()[0];
    let mut doc = Document::new(sample.model().unwrap().diagram().clone());
    let (from, to) = (doc.diagram().components[0].id.clone(), doc.diagram().components[1].id.clone());
    let revision = doc.revision();
    let (edit, _) = ops::add_flow(doc.ids_mut(), &from, &from, Pattern::SyncRequest);
    let why = doc.apply("self", edit).unwrap_err().to_string();
    assert!(why.ends_with("a flow must connect two different components"), "{why}");
    let (edit, id) = ops::add_flow(doc.ids_mut(), &from, &to, Pattern::EventSubscribe);
    let why = doc.apply("subscribe", edit.clone()).unwrap_err().to_string();
    let mut whole = doc.diagram().clone();
    crate::edit::apply(&mut whole, edit).unwrap();
    let first = crate::model::problems(&whole).into_iter().find(|p| p.path.contains(".from")).unwrap();
    assert_eq!(why.split_once(": ").map(|(_, m)| m), first.to_string().split_once(": ").map(|(_, m)| m));
    assert!(doc.revision() == revision && !doc.diagram().flows.iter().any(|f| f.id == id));
    assert!(indexed_alike(doc.model().unwrap()));
}

/// A rule that judges each flow on its own, but whose check of one flow read other flows: adding a flow elsewhere
/// must re-run it on every flow. `unvalidated-store-write` judges a write by whether the writer takes client input,
/// which reads the flows into the writer: a new call from an internet-facing API to the writer makes its write a
/// finding, though the write itself is unchanged.
#[test]
fn a_flow_check_that_read_other_flows_reruns_on_every_flow() {
    use crate::analysis::testkit::TestDiagram;
    use crate::model::props::{Classification, DataProfile, Importance};
    use crate::model::{ComponentKind as K, Pattern};
    let diagram = TestDiagram::new()
        .component("internet", K::Internet, None)
        .component("acct", K::AwsAccount, None)
        .component("api", K::ApiGateway, Some("acct"))
        .component_with("job", K::Lambda, Some("acct"), |c| c.properties.validates_input = Some(false))
        .component_with("table", K::DynamodbTable, Some("acct"), |c| {
            c.properties.data = Some(DataProfile {
                classification: Classification::Confidential,
                confidentiality: None,
                integrity: Some(Importance::High),
                availability: None,
            });
        })
        .flow("internet", "api", Pattern::SyncRequest)
        .flow("job", "table", Pattern::DataWrite)
        .build()
        .into_diagram();
    let mut doc = Document::new(diagram);
    let mut live = Live::new(doc.model().unwrap());
    let writes =
        |live: &Live| live.analysis().findings.iter().filter(|f| f.rule() == "unvalidated-store-write").count();
    assert_eq!(writes(&live), 0);
    let stamp = doc.stamp();
    let (api, job) = (crate::model::Id::new("api").unwrap(), crate::model::Id::new("job").unwrap());
    let (edit, _) = ops::add_flow(doc.ids_mut(), &api, &job, Pattern::SyncRequest);
    doc.apply("call", edit).unwrap();
    let changes = doc.changes_since(stamp);
    assert!(changes.structure && !changes.everything, "{changes:?}");
    let redone = live.update(doc.model().unwrap(), &changes);
    assert!(matches!(redone, Redone::Rules(_)), "{redone:?}");
    assert_eq!(writes(&live), 1);
    assert!(same(&live, doc.model().unwrap()));
}

/// A flow edit that no search of the defense paths settled a state by, and that reaches no state sooner, keeps the
/// paths (`DefenseMemo::keeps`): a flow beside the path's own (the same ends and controls, made later), a flow from a
/// component no source reaches, their removal. One on the path, or one that makes a shorter path, computes them
/// again. Each time the live analysis is that of the model.
#[test]
fn flow_edits_that_leave_the_searches_keep_the_defense_paths() {
    use crate::analysis::metrics::KEPT_PATHS;
    use crate::analysis::testkit::TestDiagram;
    use crate::model::{ComponentKind as K, Pattern};
    let diagram = TestDiagram::new()
        .component("internet", K::Internet, None)
        .component("acct", K::AwsAccount, None)
        .component("api", K::ApiGateway, Some("acct"))
        .component("orders", K::Lambda, Some("acct"))
        .component("batch", K::Lambda, Some("acct"))
        .component_with("db", K::DynamodbTable, Some("acct"), |c| {
            use crate::model::props::{Classification, DataProfile};
            let classification = Classification::Confidential;
            let (confidentiality, integrity, availability) = (None, None, None);
            c.properties.data = Some(DataProfile { classification, confidentiality, integrity, availability });
        })
        .flow("internet", "api", Pattern::SyncRequest)
        .flow("api", "orders", Pattern::SyncRequest)
        .flow("orders", "db", Pattern::DataWrite)
        .build()
        .into_diagram();
    let mut doc = Document::new(diagram);
    let mut live = Live::new(doc.model().unwrap());
    assert_eq!(live.analysis().metrics.defense_in_depth.len(), 1);
    let id = |text: &str| crate::model::Id::new(text).unwrap();
    let kept = || KEPT_PATHS.with(std::cell::Cell::get);
    let add = |doc: &mut Document, live: &mut Live, (from, to): (&str, &str), keeps: bool| {
        let (before, stamp) = (kept(), doc.stamp());
        let (edit, _) = ops::add_flow(doc.ids_mut(), &id(from), &id(to), Pattern::DataWrite);
        doc.apply("flow", edit).unwrap();
        live.update(doc.model().unwrap(), &doc.changes_since(stamp));
        assert!(same(live, doc.model().unwrap()), "{from} -> {to}");
        assert_eq!(kept() > before, keeps, "{from} -> {to}");
        let before = kept();
        undone(doc, live, "the new flow");
        assert_eq!(kept() > before, keeps, "{from} -> {to} undone");
    };
    // Beside the path's last hop, later in flow order: the search reaches the store by the first.
    add(&mut doc, &mut live, ("orders", "db"), true);
    // From a component no source reaches.
    add(&mut doc, &mut live, ("batch", "db"), true);
    // Straight from the internet: a shorter path.
    add(&mut doc, &mut live, ("internet", "db"), false);
    // The path's own hop removed.
    let (before, stamp) = (kept(), doc.stamp());
    let hop = doc.diagram().flows.iter().find(|f| f.from == id("orders") && f.to == id("db")).unwrap().id.clone();
    doc.apply("remove", ops::remove(doc.diagram(), &[hop])).unwrap();
    live.update(doc.model().unwrap(), &doc.changes_since(stamp));
    assert!(same(&live, doc.model().unwrap()));
    assert!(live.analysis().metrics.defense_in_depth.is_empty());
    assert_eq!(kept(), before);
    undone(&mut doc, &mut live, "the path's hop");
    assert_eq!(live.analysis().metrics.defense_in_depth.len(), 1);
}

/// `unauthenticated-consumer` judges each receive by the queue's other flows (an unauthenticated producer makes its
/// messages forgeable): its checks read the flows at their flow's ends, so an edit of a producer's flow re-checks
/// every flow at the queue, an attribute edit and a new flow alike.
#[test]
fn a_flow_check_that_read_the_flows_at_its_ends_reruns_on_them() {
    use crate::analysis::testkit::TestDiagram;
    use crate::model::{Authentication, ComponentKind as K, Pattern};
    let signed = Some(Authentication::IamSigv4);
    let diagram = TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("orders", K::GenericService, Some("acct"))
        .component("billing", K::GenericService, Some("acct"))
        .component_with("payments", K::Lambda, Some("acct"), |c| c.properties.validates_input = Some(false))
        .component("queue", K::SqsQueue, Some("acct"))
        .flow_with("orders", "queue", Pattern::QueueSend, |f| f.authentication = signed)
        .flow_with("payments", "queue", Pattern::QueueReceive, |f| f.authentication = signed)
        .build()
        .into_diagram();
    let mut doc = Document::new(diagram);
    let mut live = Live::new(doc.model().unwrap());
    let position = rules::all().iter().position(|rule| rule.meta().id == "unauthenticated-consumer").unwrap();
    let local = live.reads.local[position];
    assert!(local.flow && local.end_flows, "{local:?}");
    let consumer = |live: &Live| -> Vec<String> {
        live.analysis()
            .findings
            .iter()
            .filter(|f| f.rule() == "unauthenticated-consumer")
            .map(|f| f.id().to_owned())
            .collect()
    };
    assert!(consumer(&live).is_empty());
    // The producer's flow sends unauthenticated: the receive acts on forgeable messages.
    let mut send = doc.diagram().flows[0].clone();
    send.authentication = Some(Authentication::None);
    let stamp = doc.stamp();
    doc.apply("flow", ops::set_flow(send)).unwrap();
    let redone = live.update(doc.model().unwrap(), &doc.changes_since(stamp));
    assert!(matches!(redone, Redone::Rules(_)), "{redone:?}");
    assert_eq!(consumer(&live), ["unauthenticated-consumer@payments-queue"]);
    assert!(same(&live, doc.model().unwrap()));
    undone(&mut doc, &mut live, "the producer's flow");
    assert!(consumer(&live).is_empty());
    // A second producer that says it sends unauthenticated.
    let stamp = doc.stamp();
    let (billing, queue) = (crate::model::Id::new("billing").unwrap(), crate::model::Id::new("queue").unwrap());
    let (edit, id) = ops::add_flow(doc.ids_mut(), &billing, &queue, Pattern::QueueSend);
    doc.apply("send", edit).unwrap();
    let mut send = doc.diagram().flows.iter().find(|f| f.id == id).unwrap().clone();
    send.authentication = Some(Authentication::None);
    doc.apply("flow", ops::set_flow(send)).unwrap();
    let changes = doc.changes_since(stamp);
    assert!(changes.structure && !changes.everything, "{changes:?}");
    let redone = live.update(doc.model().unwrap(), &changes);
    assert!(matches!(redone, Redone::Rules(_)), "{redone:?}");
    assert_eq!(consumer(&live), ["unauthenticated-consumer@payments-queue"]);
    assert!(same(&live, doc.model().unwrap()));
}

/// Rules that judge each flow (or component) on its own re-run on the edited flow (or its ends) only, and their
/// findings about other flows (or components) stay.
#[test]
fn a_flow_edit_reruns_flow_rules_on_that_flow_only() {
    let sample = &crate::io::samples::all()[0];
    let (mut doc, mut live) = opened(sample);
    let local: Vec<&str> = rules::all()
        .iter()
        .zip(&live.reads.local)
        .filter(|&(_, &local)| local.flow)
        .map(|(rule, _)| rule.meta().id)
        .collect();
    for id in ["unauthenticated-flow", "unencrypted-flow", "direct-internet-to-datastore", "complex-component"] {
        assert!(local.contains(&id), "{id} is not local: {local:?}");
    }
    let mut flow = doc.diagram().flows[0].clone();
    flow.authentication = Some(crate::model::Authentication::None);
    flow.encrypted = Some(false);
    let stamp = doc.stamp();
    doc.apply("flow", ops::set_flow(flow)).unwrap();
    let redone = live.update(doc.model().unwrap(), &doc.changes_since(stamp));
    assert!(matches!(redone, Redone::Rules(_)), "{redone:?}");
    assert!(same(&live, doc.model().unwrap()));
}

/// Notes, manual threats and settings edited on every sample, with undo: each edit patches the model in place
/// (indexed as a fresh model is); a note redoes nothing, a manual threat makes its own finding again, a rule's
/// settings re-run that rule, the as-of date the rules that read it, and the live analysis equals a fresh one. A new
/// posture redoes everything.
#[test]
fn notes_threats_and_settings_match_a_fresh_analysis() {
    use crate::edit::Record;
    use crate::model::layout::Rect;
    use crate::model::note::Note;
    use crate::model::settings::{Date, RuleSettings};
    use crate::model::threat::{Cia, Stride, Threat};
    use crate::model::triage::TriageStatus;
    type Expect = fn(Redone) -> bool;
    let (nothing, threat_only): (Expect, Expect) = (|r| r == Redone::Nothing, |r| r == Redone::Rules(0));
    let mut checked = 0;
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let mut check = |doc: &mut Document, edit: Option<Edit>, what: &str, expect: Expect| {
            let stamp = doc.stamp();
            match edit {
                Some(edit) => doc.apply(what, edit).unwrap(),
                None => assert!(doc.undo(), "{what}"),
            }
            let changes = doc.changes_since(stamp);
            assert!(!changes.everything, "{}: {what}: {changes:?}", sample.file);
            let model = doc.model().unwrap();
            assert!(indexed_alike(model), "{}: {what}", sample.file);
            let redone = live.update(model, &changes);
            assert!(expect(redone), "{}: {what}: {redone:?}", sample.file);
            assert!(same(&live, model), "{}: {what} ({redone:?})", sample.file);
            checked += 1;
        };
        let first = doc.diagram().components[0].id.clone();
        let flow = doc.diagram().flows[0].id.clone();
        // A note attached to a component, changed, removed, and brought back.
        let rect = Some(Rect { x: 10.0, y: 10.0, w: 120.0, h: 60.0 });
        let (edit, note) = ops::add_note(doc.ids_mut(), "An assumption", Some(first.clone()), rect);
        check(&mut doc, Some(edit), "note added", nothing);
        let changed = Note { id: note.clone(), text: "Checked with the team".into(), attached_to: Some(flow.clone()) };
        check(&mut doc, Some(Edit::Replace(Record::Note(changed))), "note changed", nothing);
        let gone = ops::remove(doc.diagram(), std::slice::from_ref(&note));
        check(&mut doc, Some(gone), "note removed", nothing);
        check(&mut doc, None, "note removal undone", nothing);
        // Manual threats on a component and on a flow, changed, removed, and brought back.
        let threat = Threat {
            id: first.clone(),
            element: first.clone(),
            title: "Tampered by hand".into(),
            description: String::new(),
            cia: vec![Cia::Integrity, Cia::Confidentiality, Cia::Integrity],
            stride: vec![Stride::Tampering],
            likelihood: 4,
            impact: 5,
            mitigation: String::new(),
            status: TriageStatus::Open,
        };
        let (edit, on_component) = ops::add_threat(doc.ids_mut(), threat.clone());
        check(&mut doc, Some(edit), "threat added", threat_only);
        let (edit, on_flow) = ops::add_threat(doc.ids_mut(), Threat { element: flow.clone(), ..threat.clone() });
        check(&mut doc, Some(edit), "threat on a flow added", threat_only);
        let changed = Threat { id: on_component.clone(), likelihood: 2, status: TriageStatus::Mitigated, ..threat };
        check(&mut doc, Some(ops::set_threat(changed)), "threat changed", threat_only);
        let gone = ops::remove(doc.diagram(), std::slice::from_ref(&on_component));
        check(&mut doc, Some(gone), "threat removed", threat_only);
        check(&mut doc, None, "threat removal undone", threat_only);
        // A note on the threat on the flow, then the threat's removal takes it along.
        let (edit, _) = ops::add_note(doc.ids_mut(), "Seen in review", Some(on_flow.clone()), None);
        check(&mut doc, Some(edit), "note on a threat", nothing);
        let gone = ops::remove(doc.diagram(), std::slice::from_ref(&on_flow));
        check(&mut doc, Some(gone), "threat and its note removed", threat_only);
        // Settings: a rule switched off, a threshold, the as-of date, the title.
        let (thresholded, threshold) =
            rules::all().iter().find_map(|r| r.meta().thresholds.first().map(|t| (r.meta().id, t))).unwrap();
        let mut settings = doc.diagram().settings.clone();
        settings
            .rules
            .insert("unauthenticated-flow".into(), RuleSettings { enabled: Some(false), ..Default::default() });
        check(&mut doc, Some(ops::set_settings(settings.clone())), "rule off", |r| r == Redone::Rules(1));
        settings.rules.entry(thresholded.into()).or_default().thresholds.insert(threshold.name.into(), threshold.min);
        check(&mut doc, Some(ops::set_settings(settings.clone())), "threshold", |r| r == Redone::Rules(1));
        settings.as_of = Some(Date::parse("2031-01-01").unwrap());
        check(&mut doc, Some(ops::set_settings(settings.clone())), "as-of", |r| r == Redone::Rules(reads::AS_OF.len()));
        settings.title = "Renamed".into();
        check(&mut doc, Some(ops::set_settings(settings)), "title", nothing);
        for what in ["title", "as-of", "threshold", "rule off"] {
            check(&mut doc, None, &format!("{what} undone"), |r| matches!(r, Redone::Nothing | Redone::Rules(_)));
        }
        assert_eq!(doc.diagram().settings, sample.model().unwrap().diagram().settings);
        // A new posture changes what every stage reads.
        let mut settings = doc.diagram().settings.clone();
        settings.posture = match settings.posture {
            Posture::Perimeter => Posture::ZeroTrust,
            Posture::ZeroTrust => Posture::Perimeter,
        };
        let stamp = doc.stamp();
        doc.apply("posture", ops::set_settings(settings)).unwrap();
        let changes = doc.changes_since(stamp);
        assert!(changes.everything && indexed_alike(doc.model().unwrap()));
        assert_eq!(live.update(doc.model().unwrap(), &changes), Redone::Everything);
        assert!(same(&live, doc.model().unwrap()));
    }
    assert!(checked > 100, "{checked} edits checked");
}

/// A note or a manual threat the checks refuse is refused in place with the message the whole check gives; a batch
/// whose note is attached to an element the batch itself adds is accepted.
#[test]
fn notes_and_threats_are_checked_as_the_whole_check_checks_them() {
    use crate::edit::Record;
    use crate::model::note::Note;
    use crate::model::triage::TriageStatus;
    let sample = &crate::io::samples::all()[0];
    let mut doc = Document::new(sample.model().unwrap().diagram().clone());
    let refused = |doc: &mut Document, edit: Edit| {
        let why = doc.apply("bad", edit.clone()).unwrap_err().to_string();
        let mut whole = doc.diagram().clone();
        crate::edit::apply(&mut whole, edit).unwrap();
        let first = crate::model::problems(&whole).into_iter().next().unwrap();
        assert_eq!(why.split_once(": ").map(|(_, m)| m), first.to_string().split_once(": ").map(|(_, m)| m));
    };
    let id = doc.ids_mut().fresh("note");
    let own = Note { id: id.clone(), text: "x".into(), attached_to: Some(id.clone()) };
    refused(&mut doc, Edit::Insert(Record::Note(own)));
    let nowhere = Note { id, text: "x".into(), attached_to: Some(crate::model::Id::new("nowhere").unwrap()) };
    refused(&mut doc, Edit::Insert(Record::Note(nowhere)));
    let first = doc.diagram().components[0].id.clone();
    let threat = crate::model::threat::Threat {
        id: first.clone(),
        element: first.clone(),
        title: " ".into(),
        description: String::new(),
        cia: Vec::new(),
        stride: Vec::new(),
        likelihood: 9,
        impact: 3,
        mitigation: String::new(),
        status: TriageStatus::Open,
    };
    let (edit, _) = ops::add_threat(doc.ids_mut(), threat);
    refused(&mut doc, edit);
    let mut settings = doc.diagram().settings.clone();
    settings.rules.insert("bad id!".into(), Default::default());
    refused(&mut doc, ops::set_settings(settings));
    assert_eq!(doc.revision(), 0);
    // A flow and a note attached to it, as one step.
    let second = doc.diagram().components[1].id.clone();
    let (flow, flow_id) = ops::add_flow(doc.ids_mut(), &first, &second, crate::model::Pattern::SyncRequest);
    let (note, _) = ops::add_note(doc.ids_mut(), "new call", Some(flow_id), None);
    if doc.apply("both", Edit::Batch(vec![flow, note])).is_ok() {
        assert!(indexed_alike(doc.model().unwrap()));
    }
    assert_eq!(
        doc.diagram().notes.len(),
        sample.model().unwrap().diagram().notes.len() + usize::from(doc.revision() == 1)
    );
}

/// Components added from the palette's kinds into every legal parent of every sample, and removed again by undo:
/// each is patched into the model in place (no whole check, no rebuild), indexed as a fresh model is, and the live
/// analysis equals a fresh one; mostly it re-ran only the rules that read which components there are. A component
/// with a link, or one in a cluster that has its control plane, goes the whole check's way, which refuses what it
/// must. The blast graph is mostly patched too (`blast::shift`), and checked against a fresh one each time.
#[test]
fn components_added_and_removed_are_patched_in_place() {
    use crate::model::ComponentKind as K;
    let (mut added, mut refused, mut updates, mut partly, mut patched) = (0, 0, 0, 0, 0);
    let mut partial = |live: &mut Live, model: &Model, changes: &Changes| {
        let regraphs = live.sweeps.regraphs();
        let redone = live.update(model, changes);
        updates += 1;
        partly += usize::from(matches!(redone, Redone::Rules(_)));
        patched += live.sweeps.regraphs() - regraphs;
    };
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let parents: Vec<Option<crate::model::Id>> =
            std::iter::once(None).chain(doc.diagram().components.iter().map(|c| Some(c.id.clone()))).collect();
        for (n, parent) in parents.into_iter().enumerate() {
            // Mostly a kind that may sit there, every fourth time any kind (the checks may refuse it).
            let info = |k: K| crate::model::catalog::info(k);
            let parent_kind = parent
                .as_ref()
                .and_then(|p| doc.model().unwrap().component_ix(p))
                .map(|p| doc.model().unwrap().kind(p));
            let fits: Vec<K> = K::ALL
                .iter()
                .copied()
                .filter(|&k| parent_kind.map_or(info(k).top_level, |pk| info(k).may_sit_in(Some(pk))))
                .collect();
            let kind = match fits.get(n % fits.len().max(1)) {
                Some(&k) if n % 4 != 0 => k,
                _ => K::ALL[n % K::ALL.len()],
            };
            let rebuilds = crate::edit::REBUILDS.with(std::cell::Cell::get);
            let stamp = doc.stamp();
            let (edit, id) = ops::add_component(doc.ids_mut(), kind, &format!("New {n}"), parent.clone(), None);
            // Every third one carries data: what goes through the components that carry data comes across it.
            let edit = if n % 3 == 1 { carrying_data(edit) } else { edit };
            if doc.apply("add", edit).is_err() {
                refused += 1;
                continue;
            }
            added += 1;
            let what = format!("{}: {kind} {id} in {parent:?}", sample.file);
            assert_eq!(crate::edit::REBUILDS.with(std::cell::Cell::get), rebuilds, "{what}: rebuilt");
            assert!(indexed_alike(doc.model().unwrap()), "{what}");
            partial(&mut live, doc.model().unwrap(), &doc.changes_since(stamp));
            assert!(same(&live, doc.model().unwrap()), "{what}");
            if n % 2 == 0 {
                let stamp = doc.stamp();
                assert!(doc.undo(), "{what}");
                assert_eq!(crate::edit::REBUILDS.with(std::cell::Cell::get), rebuilds, "{what}: undo rebuilt");
                assert!(indexed_alike(doc.model().unwrap()), "{what}: undone");
                partial(&mut live, doc.model().unwrap(), &doc.changes_since(stamp));
                assert!(same(&live, doc.model().unwrap()), "{what}: undone");
            }
        }
        // Removed again with ops (what the editor's delete does): in place while nothing else refers to it.
        let ids: Vec<_> =
            doc.diagram().components.iter().filter(|c| c.name.starts_with("New ")).map(|c| c.id.clone()).collect();
        for id in ids {
            let rebuilds = crate::edit::REBUILDS.with(std::cell::Cell::get);
            let stamp = doc.stamp();
            let removal = ops::remove(doc.diagram(), std::slice::from_ref(&id));
            doc.apply("remove", removal).unwrap();
            let childless = !doc.diagram().components.iter().any(|c| c.parent.as_ref() == Some(&id));
            if childless {
                assert_eq!(crate::edit::REBUILDS.with(std::cell::Cell::get), rebuilds, "{}: {id} removed", sample.file);
            }
            assert!(indexed_alike(doc.model().unwrap()), "{}: {id} removed", sample.file);
            partial(&mut live, doc.model().unwrap(), &doc.changes_since(stamp));
            assert!(same(&live, doc.model().unwrap()), "{}: {id} removed", sample.file);
        }
    }
    assert!(added > 30 && refused > 10, "{added} components added, {refused} refused");
    // Those that change the facts (a detective control watching its account, an account) redo everything.
    assert!(partly * 5 >= updates * 4, "{partly} partial updates of {updates}");
    // Not those of containers, pods, nodes, ECS services, brokers, or of anything on a node (about half here).
    assert!(
        patched >= 50 && patched * 5 >= partly * 2,
        "{patched} of {partly} partial updates patched the blast graph"
    );
}

/// `edit` (a component added by `ops::add_component`) with the component carrying restricted data.
fn carrying_data(edit: Edit) -> Edit {
    use crate::model::props::{Classification, DataProfile};
    let Edit::Batch(mut edits) = edit else { return edit };
    for edit in &mut edits {
        if let Edit::Insert(Record::Component(c)) = edit {
            let classification = Classification::Restricted;
            c.properties.data =
                Some(DataProfile { classification, confidentiality: None, integrity: None, availability: None });
        }
    }
    Edit::Batch(edits)
}

/// Rules that go through some of the components only (of some kinds, nested ones of some kinds, those that carry data
/// or name images) note that and not a read of which components there are: a component none of them takes, added or
/// removed, re-runs none of them, and one they take re-runs them. The analysis stays that of a fresh one either way
/// (the test above).
#[test]
fn a_component_that_no_filter_takes_reruns_no_rule_that_read_through_filters() {
    use crate::model::ComponentKind as K;
    let ix = |id: &str| rules::all().iter().position(|r| r.meta().id == id).unwrap();
    let filtered = ["shared-iam-role", "unpatched-node", "open-node-security-group"];
    let (mut skipped, mut taken) = (0, 0);
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let model = doc.model().unwrap();
        let roles = model.components().iter().any(|c| c.kind == K::IamRole);
        let nodes = model.components().iter().any(|c| c.kind == K::Ec2Node);
        for id in filtered {
            let read = &live.reads.rules[ix(id)];
            assert!(!read.component_list, "{}: {id} read which components there are", sample.file);
            let kind = if id.contains("node") { K::Ec2Node } else { K::IamRole };
            assert!(read.among.kinds.contains(kind) && !read.among.kinds.contains(K::GenericService), "{id}");
        }
        // It goes through the roles, but looks the components its statements name up by id (a new one may be named).
        let wildcard = &live.reads.rules[ix("wildcard-iam-permission")];
        assert!(wildcard.among.kinds.contains(K::IamRole), "{}: {wildcard:?}", sample.file);
        if !roles || !nodes {
            continue;
        }
        // A service drawn outside everything, without data, then an IAM role.
        for (kind, takes) in [(K::GenericService, false), (K::IamRole, true)] {
            let stamp = doc.stamp();
            let (edit, _) = ops::add_component(doc.ids_mut(), kind, "Outside", None, None);
            doc.apply("add", edit).unwrap();
            let changes = doc.changes_since(stamp);
            let shift = changes.component.clone().expect("added in place");
            let rerun: Vec<&str> =
                filtered.into_iter().filter(|id| live.reads.rules[ix(id)].came_across(&shift)).collect();
            live.update(doc.model().unwrap(), &changes);
            assert!(same(&live, doc.model().unwrap()), "{}: {kind} added", sample.file);
            if takes {
                assert_eq!(rerun, ["shared-iam-role"], "{}: an IAM role added", sample.file);
                taken += 1;
            } else {
                assert!(rerun.is_empty(), "{}: {rerun:?} re-run for a {kind}", sample.file);
                skipped += 1;
            }
        }
    }
    assert!(skipped >= 1 && taken >= 1, "{skipped} skipped, {taken} taken");
}

/// Components added where the rules that go through some of the components do not take them (without data, at the top
/// level), then given data or moved into a container: the live analysis equals a fresh one. Those rules did not run
/// again when the component came, so what they would have read of it is noted then (`data::Read::shift`); a long
/// `live_props` run found a data edit of such a component that re-ran nothing.
#[test]
fn a_component_skipped_when_it_came_is_rechecked_when_it_changes() {
    use crate::model::ComponentKind as K;
    let mut checked = 0;
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let containers: Vec<_> = doc
            .diagram()
            .components
            .iter()
            .filter(|c| matches!(c.kind, K::Ec2Node | K::Vpc | K::AwsAccount))
            .map(|c| c.id.clone())
            .collect();
        for (n, kind) in [K::GenericService, K::Lambda, K::S3Bucket].into_iter().enumerate() {
            let what = format!("{}: a {kind}", sample.file);
            let stamp = doc.stamp();
            let (edit, id) = ops::add_component(doc.ids_mut(), kind, &format!("Plain {n}"), None, None);
            doc.apply("add", edit).unwrap();
            live.update(doc.model().unwrap(), &doc.changes_since(stamp));
            assert!(same(&live, doc.model().unwrap()), "{what} added");
            let stamp = doc.stamp();
            let value = serde_json::json!({ "classification": "restricted" });
            doc.apply("data", ops::set_property(doc.diagram(), &id, PropertyKey::Data, &value).unwrap()).unwrap();
            live.update(doc.model().unwrap(), &doc.changes_since(stamp));
            assert!(same(&live, doc.model().unwrap()), "{what} given data");
            for parent in &containers {
                let stamp = doc.stamp();
                let Ok(edit) = ops::reparent(doc.diagram(), &id, Some(parent.clone())) else { continue };
                if doc.apply("move", edit).is_err() {
                    continue;
                }
                live.update(doc.model().unwrap(), &doc.changes_since(stamp));
                assert!(same(&live, doc.model().unwrap()), "{what} moved into {parent}");
                checked += 1;
                break;
            }
        }
    }
    assert!(checked >= 5, "{checked} moves");
}

/// A rule that goes through the components that carry data does not run again when one without data comes; it does
/// when that one is given data later (`data::Read::any_data`): an open VPC endpoint policy in a VPC that now holds
/// restricted data.
#[test]
fn a_component_given_data_after_it_came_reruns_what_goes_through_the_data() {
    use crate::analysis::testkit::TestDiagram;
    use crate::model::ComponentKind as K;
    use crate::model::props::{Classification, DataProfile};
    let diagram = TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("vpc", K::Vpc, Some("acct"))
        .component("endpoint", K::VpcEndpoint, Some("vpc"))
        .component_with("svc", K::GenericService, Some("vpc"), |c| {
            let classification = Classification::Internal;
            c.properties.data =
                Some(DataProfile { classification, confidentiality: None, integrity: None, availability: None });
        })
        .build()
        .diagram()
        .clone();
    let mut doc = Document::new(diagram);
    let mut live = Live::new(doc.model().unwrap());
    let fires = |live: &Live| live.analysis().findings.iter().any(|f| f.rule() == "open-endpoint-policy");
    assert!(!fires(&live));
    let stamp = doc.stamp();
    let (edit, id) =
        ops::add_component(doc.ids_mut(), K::GenericService, "Plain", Some(crate::analysis::testkit::id("vpc")), None);
    doc.apply("add", edit).unwrap();
    live.update(doc.model().unwrap(), &doc.changes_since(stamp));
    assert!(same(&live, doc.model().unwrap()) && !fires(&live));
    let stamp = doc.stamp();
    let value = serde_json::json!({ "classification": "restricted" });
    doc.apply("data", ops::set_property(doc.diagram(), &id, PropertyKey::Data, &value).unwrap()).unwrap();
    live.update(doc.model().unwrap(), &doc.changes_since(stamp));
    assert!(same(&live, doc.model().unwrap()) && fires(&live));
}

/// A new component the checks refuse is refused in place with the message the whole check gives.
#[test]
fn an_illegal_component_is_refused_as_the_whole_check_refuses_it() {
    use crate::model::ComponentKind as K;
    let sample = crate::io::samples::all().iter().find(|s| s.file.contains("eks")).unwrap();
    let mut doc = Document::new(sample.model().unwrap().diagram().clone());
    let cluster = doc.diagram().components.iter().find(|c| c.kind == K::EksCluster).unwrap().id.clone();
    let function = doc.diagram().components.iter().find(|c| c.kind.runs_code()).unwrap().id.clone();
    let cases = [(K::EksControlPlane, Some(cluster)), (K::Subnet, Some(function)), (K::Pod, None)];
    for (kind, parent) in cases {
        let rebuilds = crate::edit::REBUILDS.with(std::cell::Cell::get);
        let (edit, _) = ops::add_component(doc.ids_mut(), kind, "Bad", parent.clone(), None);
        let why = doc.apply("bad", edit.clone()).expect_err(&format!("{kind} in {parent:?}")).to_string();
        let mut whole = doc.diagram().clone();
        crate::edit::apply(&mut whole, edit).unwrap();
        let first = crate::model::problems(&whole).into_iter().next().unwrap();
        assert_eq!(why.split_once(": ").map(|(_, m)| m), first.to_string().split_once(": ").map(|(_, m)| m), "{kind}");
        assert_eq!(crate::edit::REBUILDS.with(std::cell::Cell::get), rebuilds, "{kind}: checked as a whole");
    }
    assert_eq!(doc.revision(), 0);
}

/// Every component without children or flows of every sample deleted by itself (no repairs): in place when nothing
/// refers to it, refused when something does (a role's user, a member list, a connection, a note, a threat), as the
/// whole check would; the model always indexes as a fresh one.
#[test]
fn a_bare_delete_of_a_component_is_refused_while_anything_refers_to_it() {
    let (mut removed, mut refused) = (0, 0);
    for sample in crate::io::samples::all() {
        let mut doc = Document::new(sample.model().unwrap().diagram().clone());
        let model = doc.model().unwrap();
        let bare: Vec<_> = model
            .component_ixs()
            .filter(|&c| model.children(c).is_empty() && model.outgoing(c).chain(model.incoming(c)).next().is_none())
            .map(|c| model.component_id(c).clone())
            .collect();
        for id in bare {
            // With its rectangle, when it has one.
            let unlaid = crate::edit::change::LayoutKey::Component(id.clone());
            let edit = Edit::Batch(vec![Edit::Layout(unlaid, None), Edit::Delete(id.clone())]);
            let sound = sound_after(doc.diagram(), &edit);
            let applied = doc.apply("delete", edit).is_ok();
            assert_eq!(applied, sound, "{}: {id}", sample.file);
            assert!(indexed_alike(doc.model().unwrap()), "{}: {id}", sample.file);
            if applied {
                removed += 1;
                assert!(doc.undo());
                assert!(indexed_alike(doc.model().unwrap()), "{}: {id} undone", sample.file);
            } else {
                refused += 1;
            }
        }
    }
    assert!(removed > 0 && refused > 20, "{removed} removed, {refused} refused");
}

/// Boundaries, bounded contexts and connections added, given other members, and removed, on every sample, with undo:
/// each is patched into the model in place (no whole check, no rebuild), indexed as a fresh model is, and the live
/// analysis (redone whole: memberships changed) equals a fresh one. A member another context has is refused, with
/// what the whole check says.
#[test]
fn groups_and_connections_are_patched_in_place() {
    use crate::model::{BoundaryKind, ComponentKind as K, ConnectionKind};
    let (mut patched, mut refused) = (0, 0);
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let mut check = |doc: &mut Document, live: &mut Live, edit: Edit, what: &str| {
            let rebuilds = crate::edit::REBUILDS.with(std::cell::Cell::get);
            let stamp = doc.stamp();
            let sound = sound_after(doc.diagram(), &edit);
            let applied = doc.apply(what, edit).is_ok();
            assert_eq!(applied, sound, "{}: {what}", sample.file);
            assert_eq!(crate::edit::REBUILDS.with(std::cell::Cell::get), rebuilds, "{}: {what}: rebuilt", sample.file);
            assert!(indexed_alike(doc.model().unwrap()), "{}: {what}", sample.file);
            let redone = live.update(doc.model().unwrap(), &doc.changes_since(stamp));
            assert!(same(live, doc.model().unwrap()), "{}: {what}", sample.file);
            assert!(live.facts == Facts::new(doc.model().unwrap()), "{}: {what}: stale facts", sample.file);
            if applied {
                patched += 1;
            } else {
                refused += 1;
            }
            applied.then_some(redone)
        };
        let ids: Vec<_> = doc.diagram().components.iter().map(|c| c.id.clone()).collect();
        // A boundary and a context around a few components (a context's members may be in another one already).
        let some: Vec<_> = ids.iter().step_by(5).cloned().collect();
        let (edit, boundary) = ops::add_boundary(doc.ids_mut(), "Zone", BoundaryKind::Custom, some.clone());
        // Only the facts read boundaries: a custom one changes nothing else.
        assert_eq!(check(&mut doc, &mut live, edit, "boundary added"), Some(Redone::Rules(0)), "{}", sample.file);
        // A namespace boundary changes the facts (which namespace a pod is in): everything is redone.
        let pods: Vec<_> = doc.diagram().components.iter().filter(|c| c.kind == K::Pod).map(|c| c.id.clone()).collect();
        if !pods.is_empty() {
            let (edit, _) = ops::add_boundary(doc.ids_mut(), "Namespace", BoundaryKind::Namespace, pods);
            check(&mut doc, &mut live, edit, "namespace added");
        }
        let (edit, context) = ops::add_context(doc.ids_mut(), "Reporting", some[..1].to_vec());
        let context_redone = check(&mut doc, &mut live, edit, "context added");
        // Contexts: the metrics and the rules that read them re-run, not everything.
        assert!(context_redone.is_none_or(|r| matches!(r, Redone::Rules(_))), "{}: {context_redone:?}", sample.file);
        let context_added = context_redone.is_some();
        let edit = ops::set_members(doc.diagram(), &boundary, ids.iter().step_by(3).cloned().collect()).unwrap();
        assert_eq!(check(&mut doc, &mut live, edit, "boundary members"), Some(Redone::Rules(0)), "{}", sample.file);
        if context_added {
            let free: Vec<_> = ids
                .iter()
                .filter(|id| !doc.diagram().contexts.iter().any(|c| c.members.contains(id)))
                .take(2)
                .cloned()
                .collect();
            let edit = ops::set_members(doc.diagram(), &context, free).unwrap();
            let redone = check(&mut doc, &mut live, edit, "context members");
            assert!(matches!(redone, Some(Redone::Rules(_))), "{}: {redone:?}", sample.file);
            // Every component of the diagram: the ones other contexts have are refused.
            let edit = ops::set_members(doc.diagram(), &context, ids.clone()).unwrap();
            check(&mut doc, &mut live, edit, "context takes everything");
        }
        // A connection between two VPCs, or an on-prem network and a VPC.
        let of = |kind: K| {
            doc.diagram().components.iter().filter(|c| c.kind == kind).map(|c| c.id.clone()).collect::<Vec<_>>()
        };
        let (vpcs, onprem) = (of(K::Vpc), of(K::OnPrem));
        if let (Some(vpc), Some(net)) = (vpcs.first(), onprem.first()) {
            let (edit, _) = ops::add_connection(doc.ids_mut(), ConnectionKind::Vpn, net, vpc);
            check(&mut doc, &mut live, edit, "connection added");
        }
        // Removed again (with what refers to them), and brought back.
        for id in [boundary, context] {
            if Record::find(doc.diagram(), &id).is_some() {
                let removal = ops::remove(doc.diagram(), std::slice::from_ref(&id));
                check(&mut doc, &mut live, removal, "removed");
                undone(&mut doc, &mut live, "removed, then undone");
                assert!(indexed_alike(doc.model().unwrap()));
            }
        }
    }
    assert!(patched > 30 && refused > 3, "{patched} patched, {refused} refused");
}

/// Components of every sample moved under other components (or to the top level), each moved back by undo: the
/// document accepts a move exactly when the whole check finds no problem in it, patches most of them into the model
/// in place (a move near the nesting limit, or of subnets, is checked as a whole), and the model indexes as a fresh
/// one; now and then the live analysis is compared with a fresh one.
#[test]
fn moves_into_other_parents_are_checked_and_patched_in_place() {
    let (mut in_place, mut rebuilt, mut refused) = (0, 0, 0);
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let mut stamp = doc.stamp();
        let ids: Vec<_> = doc.diagram().components.iter().map(|c| c.id.clone()).collect();
        for (n, id) in ids.iter().enumerate() {
            let parent = (n % 7 != 0).then(|| ids[(n * 5 + 3) % ids.len()].clone());
            let Ok(edit) = ops::reparent(doc.diagram(), id, parent.clone()) else { continue };
            let sound = sound_after(doc.diagram(), &edit);
            let rebuilds = crate::edit::REBUILDS.with(std::cell::Cell::get);
            let applied = doc.apply("move", edit).is_ok();
            let what = format!("{}: {id} into {parent:?}", sample.file);
            assert_eq!(applied, sound, "{what}");
            if !applied {
                refused += 1;
                continue;
            }
            if crate::edit::REBUILDS.with(std::cell::Cell::get) == rebuilds {
                in_place += 1;
            } else {
                rebuilt += 1;
            }
            assert!(indexed_alike(doc.model().unwrap()), "{what}");
            if n % 3 == 0 {
                live.update(doc.model().unwrap(), &doc.changes_since(stamp));
                stamp = doc.stamp();
                assert!(same(&live, doc.model().unwrap()), "{what}");
            }
            assert!(doc.undo(), "{what}");
            assert!(indexed_alike(doc.model().unwrap()), "{what}: undone");
        }
        live.update(doc.model().unwrap(), &doc.changes_since(stamp));
        assert!(same(&live, doc.model().unwrap()), "{}", sample.file);
    }
    assert!(in_place > 20 && refused > 20, "{in_place} in place, {rebuilt} rebuilt, {refused} refused");
}

/// A component that names a role (or anything else) indexes the other end too (the role's users): removing it goes
/// the whole check's way, and the model indexes as a fresh one afterwards.
#[test]
fn removing_a_component_with_links_keeps_the_index_exact() {
    use crate::analysis::testkit::TestDiagram;
    use crate::model::ComponentKind as K;
    let diagram = TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("role", K::IamRole, Some("acct"))
        .component_with("job", K::Lambda, Some("acct"), |c| c.role = Some(crate::model::Id::new("role").unwrap()))
        .component_with("other", K::Lambda, Some("acct"), |c| c.role = Some(crate::model::Id::new("role").unwrap()))
        .build()
        .into_diagram();
    let mut doc = Document::new(diagram);
    let job = crate::model::Id::new("job").unwrap();
    doc.apply("remove", ops::remove(doc.diagram(), std::slice::from_ref(&job))).unwrap();
    assert!(indexed_alike(doc.model().unwrap()));
    let role = doc.model().unwrap().component_ix("role").unwrap();
    assert_eq!(doc.model().unwrap().role_users(role).len(), 1);
}

/// A store's data made restricted, then confidential, then public: the second edit leaves the same stores
/// sensitive, so `large-blast-radius` takes its last sweep over (without building the graph); the third makes the
/// store not sensitive, so it sweeps the last graph again; the live analysis stays equal to a fresh one throughout.
#[test]
fn data_edits_take_the_last_sweep_or_graph_over() {
    let (mut replayed, mut regraphed, mut taken) = (0, 0, 0);
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let stores: Vec<_> =
            doc.diagram().components.iter().filter(|c| c.kind.is_data_store()).map(|c| c.id.clone()).collect();
        for store in stores.iter().take(4) {
            for level in ["restricted", "confidential", "public"] {
                let stamp = doc.stamp();
                let value = serde_json::json!({ "classification": level });
                let edit = ops::set_property(doc.diagram(), store, PropertyKey::Data, &value).unwrap();
                doc.apply("data", edit).unwrap();
                let (replays, regraphs) = (live.sweeps.replays(), live.sweeps.regraphs());
                let stores_taken = live.sweeps.stores_taken();
                live.update(doc.model().unwrap(), &doc.changes_since(stamp));
                assert!(same(&live, doc.model().unwrap()), "{}: {store} {level}", sample.file);
                if level == "confidential" {
                    assert_eq!(live.sweeps.replays(), replays + 1, "{}: {store} {level}", sample.file);
                    replayed += 1;
                }
                if level == "public" {
                    assert_eq!(live.sweeps.regraphs(), regraphs + 1, "{}: {store} {level}", sample.file);
                    regraphed += 1;
                    taken += usize::from(live.sweeps.stores_taken() > stores_taken);
                }
            }
        }
    }
    assert!(replayed >= 10 && regraphed >= 10, "{replayed} sweeps taken over, {regraphed} graphs swept again");
    // Swept again, the components that reach no store whose data changed took the stores they listed over.
    assert!(taken * 2 >= regraphed, "{taken} of {regraphed} sweeps took stores over");
}

/// After a component is added before the others (and after it is removed again), what each stage read moves with the
/// components: an edit of each data store's data then re-runs what reads it, and the live analysis stays equal to a
/// fresh one.
#[test]
fn what_stages_read_moves_with_an_added_or_removed_component() {
    use crate::model::ComponentKind as K;
    let mut partly = 0;
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        // Named to sort early, so most other components move up.
        let stamp = doc.stamp();
        let (edit, id) = ops::add_component(doc.ids_mut(), K::GenericService, "Aaa", None, None);
        doc.apply("add", edit).unwrap();
        let at = doc.model().unwrap().component_ix(&id).unwrap().index();
        assert!(at * 2 < doc.diagram().components.len(), "{}: added at {at}", sample.file);
        partly += usize::from(matches!(live.update(doc.model().unwrap(), &doc.changes_since(stamp)), Redone::Rules(_)));
        for round in 0..2 {
            let stores: Vec<_> =
                doc.diagram().components.iter().filter(|c| c.kind.is_data_store()).map(|c| c.id.clone()).collect();
            for store in stores {
                let stamp = doc.stamp();
                let level = if round == 0 { "restricted" } else { "public" };
                let value = serde_json::json!({ "classification": level });
                let edit = ops::set_property(doc.diagram(), &store, PropertyKey::Data, &value).unwrap();
                doc.apply("data", edit).unwrap();
                live.update(doc.model().unwrap(), &doc.changes_since(stamp));
                assert!(same(&live, doc.model().unwrap()), "{}: data of {store}, round {round}", sample.file);
            }
            if round == 0 {
                // Removed again: the others move down.
                let stamp = doc.stamp();
                doc.apply("remove", ops::remove(doc.diagram(), std::slice::from_ref(&id))).unwrap();
                let redone = live.update(doc.model().unwrap(), &doc.changes_since(stamp));
                partly += usize::from(matches!(redone, Redone::Rules(_)));
            }
        }
    }
    assert!(partly >= 2 * crate::io::samples::all().len() - 1, "{partly} partial updates");
}

/// A bounded context drawn around each component of every sample that calls another and has no context yet (and
/// undone): the rules that judge each flow or component and read only their own contexts (a flow's ends', a
/// component's and its partners') re-run on the flows at the components whose context changed, or on those
/// components and their partners; the live analysis stays equal to a fresh one.
#[test]
fn a_context_reruns_the_context_rules_on_what_it_changed() {
    let mut checked = 0;
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let local: Vec<&str> = rules::all()
            .iter()
            .zip(&live.reads.local)
            .filter(|&(rule, local)| (rule.per_flow() || rule.per_component()) && local.context)
            .map(|(rule, _)| rule.meta().id)
            .collect();
        assert!(local.contains(&"sync-call-across-contexts"), "{}: {local:?}", sample.file);
        let model = doc.model().unwrap();
        let free: Vec<crate::model::Id> = model
            .component_ixs()
            .filter(|&c| model.context(c).is_none() && model.outgoing(c).next().is_some())
            .map(|c| model.component_id(c).clone())
            .take(3)
            .collect();
        let blast = rules::all().iter().position(|r| r.meta().id == "large-blast-radius").unwrap();
        for id in free {
            let stamp = doc.stamp();
            let (edit, _) = ops::add_context(doc.ids_mut(), "Around", vec![id.clone()]);
            doc.apply("context", edit).unwrap();
            let changes = doc.changes_since(stamp);
            assert!(changes.contexts && !changes.context_members.is_empty(), "{}: {id}", sample.file);
            let (replays, read) = (live.sweeps.replays(), live.reads.rules[blast].clone());
            assert!(matches!(live.update(doc.model().unwrap(), &changes), Redone::Rules(_)), "{}: {id}", sample.file);
            assert!(same(&live, doc.model().unwrap()), "{}: context around {id}", sample.file);
            // `large-blast-radius` took its last sweep over, and still reads what it read through the graph.
            assert_eq!(live.sweeps.replays(), replays + 1, "{}: context around {id}", sample.file);
            let mut both = live.reads.rules[blast].clone();
            both.add(&read);
            assert_eq!(both, live.reads.rules[blast], "{}: context around {id}", sample.file);
            undone(&mut doc, &mut live, &format!("{}: context around {id} undone", sample.file));
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} contexts drawn");
}

/// Every component of every sample given other links, each link in turn (another role, or none; lists of other
/// components, legal or not), and undone: an edit is accepted exactly when the whole check finds the result sound,
/// is patched in place (indexed as a fresh model is, the roles' users too), and the live analysis, which re-runs only
/// the rules that read links (and the facts, for what WAFs protect and detective controls cover), equals a fresh one.
#[test]
fn links_are_checked_and_patched_in_place() {
    use crate::edit::ops::ListLink as L;
    let (mut in_place, mut rebuilt, mut refused, mut partial) = (0, 0, 0, 0);
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let ids: Vec<_> = doc.diagram().components.iter().map(|c| c.id.clone()).collect();
        let roles: Vec<_> = doc
            .diagram()
            .components
            .iter()
            .filter(|c| c.kind == crate::model::ComponentKind::IamRole)
            .map(|c| c.id.clone())
            .collect();
        for (n, id) in ids.iter().enumerate() {
            let d = doc.diagram();
            let pick = |k: usize| ids[(n * 7 + k * 3 + 1) % ids.len()].clone();
            let role = (!roles.is_empty() && n % 4 != 0).then(|| roles[n % roles.len().max(1)].clone());
            // Each list the kind takes (others are refused): one to three components, or none.
            let takes = crate::model::catalog::info(d.components[n].kind).links;
            let lists = [(L::Protects, takes.protects), (L::Covers, takes.covers)];
            let lists =
                lists.into_iter().chain([(L::CredentialsFor, takes.credentials_for), (L::Images, takes.images)]);
            let lists = lists.filter(|&(_, taken)| taken || n % 5 == 0).map(|(list, _)| list);
            let mut edits = vec![ops::set_role(d, id, role.clone()), ops::set_execution_role(d, id, role)];
            if d.components[n].kind == crate::model::ComponentKind::CognitoUserPool {
                // What it authorizes requires authentication in effect: each entry point in turn, and none.
                use crate::model::ComponentKind as K;
                let entries = d.components.iter().filter(|c| matches!(c.kind, K::ApiGateway | K::LoadBalancer));
                edits.extend(entries.map(|e| ops::set_links(d, id, L::Protects, vec![e.id.clone()])));
                edits.push(ops::set_links(d, id, L::Protects, Vec::new()));
            }
            for (k, list) in lists.enumerate() {
                let targets = (0..(n + k) % 4).map(|j| pick(j + k)).collect();
                edits.push(ops::set_links(d, id, list, targets));
            }
            for edit in edits.into_iter().flatten() {
                let sound = sound_after(doc.diagram(), &edit);
                let rebuilds = crate::edit::REBUILDS.with(std::cell::Cell::get);
                let stamp = doc.stamp();
                let applied = doc.apply("link", edit.clone()).is_ok();
                let what = format!("{}: {id}: {edit:?}", sample.file);
                assert_eq!(applied, sound, "{what}");
                if !applied {
                    refused += 1;
                    continue;
                }
                let changes = doc.changes_since(stamp);
                if crate::edit::REBUILDS.with(std::cell::Cell::get) == rebuilds {
                    in_place += 1;
                } else {
                    rebuilt += 1;
                }
                assert!(indexed_alike(doc.model().unwrap()), "{what}");
                let redone = live.update(doc.model().unwrap(), &changes);
                partial += usize::from(matches!(redone, Redone::Rules(_) | Redone::Nothing));
                assert!(same(&live, doc.model().unwrap()), "{what}");
                undone(&mut doc, &mut live, &format!("{what}: undone"));
                assert!(indexed_alike(doc.model().unwrap()), "{what}: undone");
            }
        }
    }

    assert!(in_place > 40 && refused > 20, "{in_place} in place, {rebuilt} rebuilt, {refused} refused");
    assert!(partial * 10 >= in_place * 7, "{partial} of {in_place} partial");
}

/// Every component of every sample moved into each of a few containers that may hold it (and to the top level where it
/// may sit there), each move updated alone and undone: the live analysis, which re-runs the rules whose checks read
/// only where their own flow's ends or their component and its partners sit on the moved components, those whose facts
/// changed and the parents left and joined (and every other rule whole), equals a fresh one; most moves are partial.
#[test]
fn moves_rerun_what_reads_where_the_moved_components_sit() {
    use crate::model::catalog::info;
    let (mut moves, mut partial) = (0, 0);
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let components = doc.diagram().components.clone();
        for (n, component) in components.iter().enumerate() {
            let elsewhere =
                |p: &&crate::model::Component| p.id != component.id && Some(&p.id) != component.parent.as_ref();
            let fits = components.iter().filter(elsewhere).filter(|p| info(component.kind).may_sit_in(Some(p.kind)));
            let mut targets: Vec<Option<crate::model::Id>> =
                fits.map(|p| Some(p.id.clone())).skip(n % 3).step_by(3).take(3).collect();
            if info(component.kind).top_level && component.parent.is_some() {
                targets.push(None);
            }
            for parent in targets {
                let Ok(edit) = ops::reparent(doc.diagram(), &component.id, parent.clone()) else { continue };
                let stamp = doc.stamp();
                if doc.apply("move", edit).is_err() {
                    continue;
                }
                let what = format!("{}: {} into {parent:?}", sample.file, component.id);
                let changes = doc.changes_since(stamp);
                if changes.moved.is_empty() {
                    // Rebuilt (a subnet, or what names subnets): everything is redone.
                    assert!(changes.everything, "{what}");
                } else {
                    moves += 1;
                }
                let redone = live.update(doc.model().unwrap(), &changes);
                partial += usize::from(matches!(redone, Redone::Rules(_)));
                assert!(same(&live, doc.model().unwrap()), "{what}");
                undone(&mut doc, &mut live, &format!("{what}: undone"));
            }
        }
    }
    assert!(moves >= 50 && partial * 10 >= moves * 6, "{partial} of {moves} moves partial");
}

/// A caller moved on premises changes what its partners' checks read of it (the callers from outside a service
/// names) though the service's own facts stay (another caller still reaches it from outside): the partners of a
/// moved component are checked again.
#[test]
fn a_move_rechecks_the_moved_components_partners() {
    use crate::analysis::testkit::TestDiagram;
    use crate::model::{ComponentKind as K, Pattern};
    let diagram = TestDiagram::new()
        .component("dc", K::OnPrem, None)
        .component("clerk", K::User, None)
        .component("web", K::Internet, None)
        .component("a", K::AwsAccount, None)
        .component("vpc", K::Vpc, Some("a"))
        .component("net", K::Subnet, Some("vpc"))
        .component("svc", K::GenericService, Some("net"))
        .flow("clerk", "svc", Pattern::SyncRequest)
        .flow("web", "svc", Pattern::SyncRequest)
        .build()
        .diagram()
        .clone();
    let mut doc = Document::new(diagram);
    let mut live = Live::new(doc.model().unwrap());
    let names = |live: &Live| -> Vec<Vec<String>> {
        let exposed = live.analysis().findings.iter().filter(|f| f.rule() == "exposed-compute");
        exposed.map(|f| f.elements().map(ToString::to_string).collect()).collect()
    };
    assert_eq!(names(&live), [["clerk", "svc", "web"]]);
    let stamp = doc.stamp();
    let clerk = crate::model::Id::new("clerk").unwrap();
    doc.apply("move", ops::reparent(doc.diagram(), &clerk, Some(crate::model::Id::new("dc").unwrap())).unwrap())
        .unwrap();
    let changes = doc.changes_since(stamp);
    assert!(!changes.moved.is_empty());
    assert!(matches!(live.update(doc.model().unwrap(), &changes), Redone::Rules(_)));
    assert_eq!(names(&live), [["svc", "web"]]);
    assert!(same(&live, doc.model().unwrap()));
}

/// Connections of every kind between the networks (and accounts) of every sample, added, changed and removed, one by
/// one and undone, with a manual threat about one of them (whose position moves as others come and go): only the rules
/// that read connections re-run, the blast graph is patched (a debug assertion compares it with a fresh one) unless a
/// connection joins a network without a position of its own, and the live analysis equals a fresh one.
#[test]
fn connections_rerun_the_rules_that_read_them() {
    use crate::model::{ComponentKind as K, ConnectionKind as C};
    let (mut partial, mut patched) = (0, 0);
    // The samples, and a diagram whose flows to a VPC are encrypted by one VPN but not another.
    let hybrid = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/precision/hybrid-vpn.json")).unwrap();
    let hybrid = crate::io::parse_diagram(&hybrid).unwrap();
    let diagrams = crate::io::samples::all().iter().map(|s| (s.file, s.model().unwrap().diagram().clone()));
    for (file, diagram) in diagrams.chain([("hybrid-vpn.json", hybrid)]) {
        let mut doc = Document::new(diagram);
        let mut live = Live::new(doc.model().unwrap());
        // Each connection there is removed, and brought back.
        for connection in doc.diagram().connections.clone() {
            let stamp = doc.stamp();
            doc.apply("remove", ops::remove(doc.diagram(), std::slice::from_ref(&connection.id))).unwrap();
            let changes = doc.changes_since(stamp);
            assert!(changes.connections && !changes.everything, "{file}: {}", connection.id);
            assert!(matches!(live.update(doc.model().unwrap(), &changes), Redone::Rules(_)), "{file}");
            assert!(same(&live, doc.model().unwrap()), "{file}: {} removed", connection.id);
            undone(&mut doc, &mut live, &format!("{file}: {} back", connection.id));
            partial += 1;
        }
        let of = |doc: &Document, kinds: &[K]| -> Vec<crate::model::Id> {
            let fit = doc.diagram().components.iter().filter(|c| kinds.contains(&c.kind));
            fit.map(|c| c.id.clone()).collect()
        };
        let networks = of(&doc, &[K::Vpc, K::OnPrem]);
        let accounts = of(&doc, &[K::AwsAccount]);
        let mut pairs: Vec<(C, crate::model::Id, crate::model::Id)> = Vec::new();
        for (i, a) in networks.iter().enumerate() {
            for b in networks.iter().skip(i + 1) {
                pairs.extend(
                    [C::Vpn, C::VpcPeering, C::TransitGateway, C::DirectConnect].map(|k| (k, a.clone(), b.clone())),
                );
            }
        }
        for (i, a) in accounts.iter().enumerate() {
            pairs.extend(accounts.iter().skip(i + 1).map(|b| (C::CrossAccountTrust, a.clone(), b.clone())));
        }
        // A manual threat about the first connection that holds.
        let mut threatened = false;
        for (kind, from, to) in pairs {
            let stamp = doc.stamp();
            let (edit, id) = ops::add_connection(doc.ids_mut(), kind, &from, &to);
            if doc.apply("connect", edit).is_err() {
                continue;
            }
            let what = format!("{file}: {kind} {from} {to}");
            let changes = doc.changes_since(stamp);
            assert!(changes.connections && !changes.everything, "{what}");
            let regraphs = live.sweeps.regraphs();
            assert!(matches!(live.update(doc.model().unwrap(), &changes), Redone::Rules(_)), "{what}");
            patched += live.sweeps.regraphs() - regraphs;
            partial += 1;
            assert!(same(&live, doc.model().unwrap()), "{what}");
            if !threatened {
                use crate::model::threat::{Cia, Threat};
                use crate::model::triage::TriageStatus;
                let threat = Threat {
                    id: id.clone(),
                    element: id.clone(),
                    title: "Tunnel keys leak".into(),
                    description: String::new(),
                    cia: vec![Cia::Confidentiality],
                    stride: Vec::new(),
                    likelihood: 3,
                    impact: 4,
                    mitigation: String::new(),
                    status: TriageStatus::Open,
                };
                let stamp = doc.stamp();
                let (edit, _) = ops::add_threat(doc.ids_mut(), threat);
                doc.apply("threat", edit).unwrap();
                live.update(doc.model().unwrap(), &doc.changes_since(stamp));
                threatened = true;
                continue;
            }
            undone(&mut doc, &mut live, &format!("{what}: undone"));
        }
    }
    assert!(partial >= 10 && patched >= 5, "{partial} connections, {patched} patched into the blast graph");
}

/// Several components of every sample moved into one container at once (what a drag of a selection into a container
/// does), and undone: accepted exactly when the whole check finds the result sound, patched in place (indexed as a
/// fresh model is) unless two control planes go together, and the live analysis equals a fresh one.
#[test]
fn several_moves_into_one_container_are_patched_together() {
    use crate::model::catalog::info;
    let (mut in_place, mut refused) = (0, 0);
    for sample in crate::io::samples::all() {
        let (mut doc, mut live) = opened(sample);
        let components = doc.diagram().components.clone();
        for (n, target) in components.iter().enumerate() {
            // Up to three that may sit in it, none inside another, none holding it; or any three (every fifth time).
            let inside = |c: &crate::model::Component, of: &crate::model::Id| {
                let mut at = c.parent.clone();
                while let Some(p) = at {
                    if &p == of {
                        return true;
                    }
                    at = components.iter().find(|o| o.id == p).and_then(|o| o.parent.clone());
                }
                false
            };
            let mut picked: Vec<crate::model::Id> = Vec::new();
            for c in components.iter().skip(n % 4) {
                let fits = n % 5 == 0 || info(c.kind).may_sit_in(Some(target.kind));
                let free = !picked.iter().any(|p| inside(c, p)) && !inside(target, &c.id) && c.id != target.id;
                if fits && free && c.parent.as_ref() != Some(&target.id) && picked.len() < 3 {
                    picked.retain(|p| !components.iter().any(|o| &o.id == p && inside(o, &c.id)));
                    picked.push(c.id.clone());
                }
            }
            if picked.len() < 2 {
                continue;
            }
            let edits: Vec<Edit> =
                picked.iter().map(|id| ops::reparent(doc.diagram(), id, Some(target.id.clone())).unwrap()).collect();
            let edit = Edit::Batch(edits);
            let sound = sound_after(doc.diagram(), &edit);
            let rebuilds = crate::edit::REBUILDS.with(std::cell::Cell::get);
            let stamp = doc.stamp();
            let what = format!("{}: {picked:?} into {}", sample.file, target.id);
            assert_eq!(doc.apply("move", edit).is_ok(), sound, "{what}");
            if !sound {
                refused += 1;
                continue;
            }
            let changes = doc.changes_since(stamp);
            if crate::edit::REBUILDS.with(std::cell::Cell::get) == rebuilds {
                in_place += 1;
                assert!(!changes.moved.is_empty(), "{what}");
            }
            assert!(indexed_alike(doc.model().unwrap()), "{what}");
            live.update(doc.model().unwrap(), &changes);
            assert!(same(&live, doc.model().unwrap()), "{what}");
            undone(&mut doc, &mut live, &format!("{what}: undone"));
            assert!(indexed_alike(doc.model().unwrap()), "{what}: undone");
        }
    }
    assert!(in_place >= 20 && refused >= 5, "{in_place} in place, {refused} refused");
    // Into two containers at once (what undoing a drag of components from two containers does): patched together
    // too; and one into a component that another moves: the whole check's (its depth may change).
    let sample = crate::io::samples::all().iter().find(|s| s.file.contains("eks-ec2")).unwrap();
    let (mut doc, mut live) = opened(sample);
    let d = doc.diagram().clone();
    let of = |kind| d.components.iter().filter(move |c| c.kind == kind).collect::<Vec<_>>();
    let (pods, nodes) = (of(crate::model::ComponentKind::Pod), of(crate::model::ComponentKind::Ec2Node));
    let (Some(a), Some(b)) = (pods.iter().find(|p| p.parent.as_ref() != Some(&nodes[0].id)), pods.last()) else {
        panic!("two pods")
    };
    let edit = Edit::Batch(vec![
        ops::reparent(&d, &a.id, Some(nodes[0].id.clone())).unwrap(),
        ops::reparent(&d, &b.id, Some(nodes[nodes.len() - 1].id.clone())).unwrap(),
    ]);
    let (rebuilds, stamp) = (crate::edit::REBUILDS.with(std::cell::Cell::get), doc.stamp());
    doc.apply("move", edit).unwrap();
    assert_eq!(crate::edit::REBUILDS.with(std::cell::Cell::get), rebuilds, "moves into two parents");
    assert!(indexed_alike(doc.model().unwrap()));
    assert!(matches!(live.update(doc.model().unwrap(), &doc.changes_since(stamp)), Redone::Rules(_)));
    assert!(same(&live, doc.model().unwrap()));
    undone(&mut doc, &mut live, "two pods moved, then undone");
    assert!(indexed_alike(doc.model().unwrap()));
    // A pod moved to another node while a container moves into that pod.
    use crate::analysis::testkit::TestDiagram;
    use crate::model::ComponentKind as K;
    let diagram = TestDiagram::new()
        .component("cluster", K::EksCluster, None)
        .component("n1", K::Ec2Node, Some("cluster"))
        .component("n2", K::Ec2Node, Some("cluster"))
        .component("p1", K::Pod, Some("n1"))
        .component("p2", K::Pod, Some("n1"))
        .component("sidecar", K::Container, Some("p2"))
        .build()
        .diagram()
        .clone();
    let mut doc = Document::new(diagram);
    let d = doc.diagram().clone();
    let id = |text: &str| crate::model::Id::new(text).unwrap();
    let edit = Edit::Batch(vec![
        ops::reparent(&d, &id("p1"), Some(id("n2"))).unwrap(),
        ops::reparent(&d, &id("sidecar"), Some(id("p1"))).unwrap(),
    ]);
    let rebuilds = crate::edit::REBUILDS.with(std::cell::Cell::get);
    doc.apply("move", edit).unwrap();
    assert_eq!(crate::edit::REBUILDS.with(std::cell::Cell::get), rebuilds + 1, "a move into a moved component");
}

/// The rules that judge each component on its own by what it says of itself (its kind, properties and own flows)
/// read nothing of which components there are on any sample, nor other components' data: a component added or
/// removed re-runs them on that component and its parent only, an edit of a component's data on it and its flow
/// partners, not whole.
#[test]
fn rules_judging_a_component_by_itself_stay_local_to_it() {
    const BY_ITSELF: [&str; 18] = [
        "unencrypted-at-rest",
        "public-api-without-throttling",
        "public-datastore",
        "deprecated-runtime",
        "unknown-node-patching",
        "control-plane-audit-logging",
        "public-eks-endpoint",
        "open-broker-policy",
        "unsafe-message-consumer",
        "traffic-logs-off",
        "permissive-cors",
        "open-cache",
        "legacy-viewer-tls",
        "outdated-kubernetes",
        "database-end-of-support",
        "host-network-pod",
        "overprivileged-service-account",
        "managed-alternative",
    ];
    for sample in crate::io::samples::all() {
        let (_, live) = opened(sample);
        for (rule, local) in rules::all().iter().zip(&live.reads.local) {
            if BY_ITSELF.contains(&rule.meta().id) {
                assert!(rule.per_component(), "{}", rule.meta().id);
                assert!(local.component_list, "{}: {} read which components there are", sample.file, rule.meta().id);
                // And the data of their own component (or its flow partners') alone: an edit of a component's data
                // re-runs them on it and its partners.
                assert!(local.own_data, "{}: {} read another component's data", sample.file, rule.meta().id);
            }
        }
    }
}

/// A rule set answers by the text, whatever its address, and again for the same text at the same address.
#[test]
fn a_rule_set_answers_by_the_text() {
    let ids = ["event-injection", "open-cache"];
    let mut set = RuleSet::new(&ids);
    let (copy, other) = (String::from("open-cache"), String::from("open-cachex"));
    assert!(set.contains("open-cache") && set.contains("open-cache") && set.contains(&copy));
    assert!(!set.contains(&other) && !set.contains(&other[..9]) && set.contains(ids[0]) && !set.contains("zzz"));
}

/// A component without flows, children or links that is neither an untrusted source nor a data store (or database)
/// leaves the metrics as they were, whatever it says (public, in an on-premises network, restricted data, database
/// software): the live analysis does not compute them again after adding or removing one. Checked against metrics
/// computed afresh, for every kind under every parent it may sit in, on every sample.
#[test]
fn components_that_cannot_move_the_metrics_leave_them() {
    use crate::model::ComponentKind as K;
    use crate::model::component::Component;
    use crate::model::props::{Classification, DataProfile, Exposure, Software};
    let (mut kept, mut moved) = (0, 0);
    for sample in crate::io::samples::all() {
        let model = sample.model().unwrap();
        let before = serde_json::to_value(Metrics::compute(&model, &Facts::new(&model))).unwrap();
        let parents = std::iter::once(None).chain(model.component_ixs().map(Some));
        for (n, parent) in parents.enumerate() {
            let parent_kind = parent.map(|p| model.kind(p));
            let info = |k: K| crate::model::catalog::info(k);
            let fits = K::ALL
                .iter()
                .copied()
                .filter(|&k| parent_kind.map_or(info(k).top_level, |pk| info(k).may_sit_in(Some(pk))));
            for (m, kind) in fits.enumerate() {
                let mut diagram = model.diagram().clone();
                let mut added = Component::new(crate::model::Id::new("aaa-added").unwrap(), kind, "Added");
                added.parent = parent.map(|p| model.component_id(p).clone());
                added.properties.exposure = Some(if m % 2 == 0 { Exposure::Public } else { Exposure::Private });
                added.properties.data = Some(DataProfile {
                    classification: Classification::Restricted,
                    confidentiality: None,
                    integrity: None,
                    availability: None,
                });
                if (n + m) % 3 == 0 {
                    added.properties.software = Some(Software::Postgresql);
                }
                diagram.components.push(added);
                let Ok(changed) = Model::new(diagram) else { continue };
                let at = changed.component_ix("aaa-added").unwrap();
                if Metrics::moved_by(kind, Metrics::is_store(&changed, at)) {
                    moved += 1;
                    continue;
                }
                let after = serde_json::to_value(Metrics::compute(&changed, &Facts::new(&changed))).unwrap();
                assert_eq!(after, before, "{}: {kind} in {parent:?}", sample.file);
                kept += 1;
            }
        }
    }
    assert!(kept > 100 && moved > 20, "{kept} kept, {moved} moved");
}

/// A VPN between an office and a VPC, added and removed: `unencrypted-flow` re-runs only on the flows between the two
/// networks (`Rule::connection_flows`), whose likelihood the VPN lowers under the perimeter posture, and the live
/// analysis equals a fresh one each time; a flow inside the VPC keeps its finding untouched.
#[test]
fn a_vpn_rechecks_only_the_flows_between_the_networks_it_joins() {
    use crate::analysis::testkit::{TestDiagram, id};
    use crate::model::props::Classification;
    use crate::model::{ComponentKind as K, ConnectionKind, Pattern, Protocol};
    let secret = |f: &mut crate::model::Flow| {
        f.protocol = Some(Protocol::Http);
        f.data = Some(Classification::Restricted);
    };
    let diagram = TestDiagram::new()
        .component("office", K::OnPrem, None)
        .component("desk", K::GenericService, Some("office"))
        .component("acct", K::AwsAccount, None)
        .component("vpc", K::Vpc, Some("acct"))
        .component("api", K::GenericService, Some("vpc"))
        .component("db", K::RdsDatabase, Some("vpc"))
        .flow_with("desk", "api", Pattern::SyncRequest, secret)
        .flow_with("api", "db", Pattern::DataWrite, secret)
        .build()
        .diagram()
        .clone();
    let mut doc = Document::new(diagram);
    let mut live = Live::new(doc.model().unwrap());
    let unencrypted = |live: &Live| -> Vec<(String, u32)> {
        let findings = live.analysis().findings.iter().filter(|f| f.rule() == "unencrypted-flow");
        let mut found: Vec<(String, u32)> = findings.map(|f| (f.id().to_owned(), f.risk)).collect();
        found.sort();
        found
    };
    let before = unencrypted(&live);
    assert_eq!(before.len(), 2, "{before:?}");
    let all = rules::all();
    let rule = all.iter().find(|r| r.meta().id == "unencrypted-flow").unwrap();
    let model = doc.model().unwrap();
    let across = rule.connection_flows(model, &Facts::new(model)).unwrap();
    assert_eq!(across.iter().map(|&f| model.flow(f).id.as_str()).collect::<Vec<_>>(), ["desk-api"]);
    let stamp = doc.stamp();
    let (edit, _) = ops::add_connection(doc.ids_mut(), ConnectionKind::Vpn, &id("office"), &id("vpc"));
    doc.apply("vpn", edit).unwrap();
    live.update(doc.model().unwrap(), &doc.changes_since(stamp));
    assert!(same(&live, doc.model().unwrap()));
    assert_eq!(live.across_runs, 1, "re-ran on the flows across");
    let with = unencrypted(&live);
    // Sorted by id: api-db inside the VPC, then desk-api across.
    assert!(with[1].1 < before[1].1 && with[0] == before[0], "{before:?} -> {with:?}");
    let stamp = doc.stamp();
    assert!(doc.undo());
    live.update(doc.model().unwrap(), &doc.changes_since(stamp));
    assert!(same(&live, doc.model().unwrap()));
    assert_eq!((unencrypted(&live), live.across_runs), (before, 2));
}

/// `large-blast-radius` re-run whole after a flow edit writes findings only for the footholds it judged otherwise, and
/// forgets its verdicts while it is switched off: switched on again, it makes all its findings.
#[test]
fn the_blast_radius_rule_rewrites_only_the_footholds_judged_otherwise() {
    use crate::analysis::testkit::{TestDiagram, id};
    use crate::model::settings::RuleSettings;
    use crate::model::{ComponentKind as K, Pattern};
    let mut diagram = TestDiagram::new()
        .component("acct", K::AwsAccount, None)
        .component("vpc", K::Vpc, Some("acct"))
        .component("eks", K::EksCluster, Some("vpc"))
        .component("fargate", K::FargateProfile, Some("eks"));
    for i in 1..=12 {
        diagram = diagram.component(&format!("p{i}"), K::Pod, Some("fargate"));
    }
    let mut doc = Document::new(diagram.build().diagram().clone());
    let mut live = Live::new(doc.model().unwrap());
    let large = |live: &Live| live.analysis().findings.iter().filter(|f| f.rule() == "large-blast-radius").count();
    assert_eq!(large(&live), 12);
    let step = |doc: &mut Document, live: &mut Live, edit: Option<Edit>, what: &str| {
        let stamp = doc.stamp();
        match edit {
            Some(edit) => doc.apply(what, edit).unwrap(),
            None => assert!(doc.undo(), "{what}"),
        }
        let changes = doc.changes_since(stamp);
        assert!(!changes.everything, "{what}");
        live.update(doc.model().unwrap(), &changes);
        assert!(same(live, doc.model().unwrap()), "{what}");
    };
    // A drawn flow makes its callee an expected dependency of its caller: only the caller's finding changes.
    let (edit, _) = ops::add_flow(doc.ids_mut(), &id("p1"), &id("p2"), Pattern::SyncRequest);
    step(&mut doc, &mut live, Some(edit), "flow added");
    assert_eq!(live.rejudged_runs, 1);
    let p1 = live.analysis().findings.iter().find(|f| f.id() == "large-blast-radius@p1").unwrap();
    assert!(p1.explanation().contains("influences 10 components"), "{}", p1.explanation());
    step(&mut doc, &mut live, None, "flow added, undone");
    assert_eq!(live.rejudged_runs, 2);
    // Switched off, a flow added while it is off, switched on again: every finding comes back.
    let mut settings = doc.diagram().settings.clone();
    settings.rules.insert("large-blast-radius".into(), RuleSettings { enabled: Some(false), ..Default::default() });
    step(&mut doc, &mut live, Some(ops::set_settings(settings.clone())), "rule off");
    assert_eq!(large(&live), 0);
    let (edit, _) = ops::add_flow(doc.ids_mut(), &id("p3"), &id("p4"), Pattern::SyncRequest);
    step(&mut doc, &mut live, Some(edit), "flow added while off");
    settings.rules.clear();
    step(&mut doc, &mut live, Some(ops::set_settings(settings)), "rule on");
    assert_eq!((large(&live), live.rejudged_runs), (12, 2));
    // A component that came or went moves the verdicts, and the kept findings say the new number of components.
    let count = |live: &Live| {
        let p2 = live.analysis().findings.iter().find(|f| f.id() == "large-blast-radius@p2").unwrap();
        p2.explanation().split(" of the ").nth(1).unwrap().split(' ').next().unwrap().to_owned()
    };
    assert_eq!(count(&live), "16");
    let (edit, _) = ops::add_component(doc.ids_mut(), K::GenericService, "New", None, None);
    step(&mut doc, &mut live, Some(edit), "component added");
    assert_eq!((count(&live), live.rejudged_runs), ("17".to_owned(), 3));
    step(&mut doc, &mut live, None, "component added, undone");
    assert_eq!((count(&live), live.rejudged_runs), ("16".to_owned(), 4));
    // A foothold removed takes its finding along; every other pod influences one fewer: whole.
    let edit = ops::remove(doc.diagram(), &[id("p12")]);
    step(&mut doc, &mut live, Some(edit), "foothold removed");
    assert_eq!((large(&live), live.rejudged_runs), (10, 4));
    // A threshold changes every text: whole.
    let mut settings = doc.diagram().settings.clone();
    settings.rules.entry("large-blast-radius".into()).or_default().thresholds.insert("min_components".into(), 6.0);
    step(&mut doc, &mut live, Some(ops::set_settings(settings)), "threshold");
    assert_eq!(live.rejudged_runs, 4);
}

/// A foothold removed alone, with most verdicts kept: its finding goes with it, the others say the new number of
/// components.
#[test]
fn a_removed_foothold_takes_its_blast_radius_finding_along() {
    use crate::analysis::testkit::{TestDiagram, id};
    use crate::model::ComponentKind as K;
    let mut diagram = TestDiagram::new().component("acct", K::AwsAccount, None);
    for cluster in ["a", "b"] {
        diagram = diagram
            .component(&format!("vpc-{cluster}"), K::Vpc, Some("acct"))
            .component(&format!("eks-{cluster}"), K::EksCluster, Some(&format!("vpc-{cluster}")))
            .component(&format!("fargate-{cluster}"), K::FargateProfile, Some(&format!("eks-{cluster}")));
        for i in 1..=12 {
            diagram = diagram.component(&format!("{cluster}{i}"), K::Pod, Some(&format!("fargate-{cluster}")));
        }
    }
    let diagram = diagram.edit(|d| {
        let settings = d.settings.rules.entry("large-blast-radius".to_owned()).or_default();
        settings.thresholds.insert("share".to_owned(), 0.1);
    });
    let mut doc = Document::new(diagram.build().diagram().clone());
    let mut live = Live::new(doc.model().unwrap());
    let large = |live: &Live| live.analysis().findings.iter().filter(|f| f.rule() == "large-blast-radius").count();
    assert_eq!(large(&live), 24);
    let stamp = doc.stamp();
    doc.apply("remove", ops::remove(doc.diagram(), &[id("b12")])).unwrap();
    let changes = doc.changes_since(stamp);
    assert!(!changes.everything && changes.component.is_some());
    live.update(doc.model().unwrap(), &changes);
    assert!(same(&live, doc.model().unwrap()));
    assert_eq!((large(&live), live.rejudged_runs), (23, 1));
    let a1 = live.analysis().findings.iter().find(|f| f.id() == "large-blast-radius@a1").unwrap();
    assert!(a1.explanation().contains("of the 30 components"), "{}", a1.explanation());
}

/// After flows were added or removed, the risk totals are adjusted by the findings that came and went, a gone finding
/// about a removed flow counted out of the contexts its ends were in; a re-point sums them afresh.
#[test]
fn risk_totals_follow_flows_added_and_removed_between_contexts() {
    use crate::analysis::testkit::{TestDiagram, id};
    use crate::model::{ComponentKind as K, Pattern, Protocol};
    let mut diagram = TestDiagram::new();
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for i in 0..30 {
        diagram = diagram.component(&format!("l{i}"), K::GenericService, None);
        diagram = diagram.component(&format!("r{i}"), K::GenericService, None);
        left.push(format!("l{i}"));
        right.push(format!("r{i}"));
    }
    for i in 0..30 {
        let http = |f: &mut crate::model::Flow| {
            f.protocol = Some(Protocol::Http);
            f.data = Some(crate::model::props::Classification::Restricted);
        };
        diagram = diagram.flow_with(&format!("l{i}"), &format!("r{i}"), Pattern::SyncRequest, http);
    }
    let left: Vec<&str> = left.iter().map(String::as_str).collect();
    let right: Vec<&str> = right.iter().map(String::as_str).collect();
    let diagram = diagram.context("left", &left).context("right", &right).build().diagram().clone();
    let mut doc = Document::new(diagram);
    let mut live = Live::new(doc.model().unwrap());
    let step = |doc: &mut Document, live: &mut Live, edit: Option<Edit>, what: &str| {
        let stamp = doc.stamp();
        match edit {
            Some(edit) => doc.apply(what, edit).unwrap(),
            None => assert!(doc.undo(), "{what}"),
        }
        live.update(doc.model().unwrap(), &doc.changes_since(stamp));
        assert!(same(live, doc.model().unwrap()), "{what}");
    };
    let flows: Vec<_> = doc.diagram().flows.iter().map(|f| f.id.clone()).collect();
    let removal = ops::remove(doc.diagram(), &flows[3..4]);
    step(&mut doc, &mut live, Some(removal), "one removed");
    let removal = ops::remove(doc.diagram(), &flows[10..13]);
    step(&mut doc, &mut live, Some(removal), "three removed");
    let (edit, _) = ops::add_flow(doc.ids_mut(), &id("r5"), &id("l7"), Pattern::SyncRequest);
    step(&mut doc, &mut live, Some(edit), "one added");
    assert!(live.adjusted_after_flows >= 3, "{} adjusted", live.adjusted_after_flows);
    for what in ["one added", "three removed", "one removed"] {
        step(&mut doc, &mut live, None, &format!("{what}, undone"));
    }
    // A re-point: a kept finding about it may read other contexts now.
    let adjusted = live.adjusted_after_flows;
    let mut flow = doc.diagram().flows[0].clone();
    flow.to = id("l9");
    step(&mut doc, &mut live, Some(ops::set_flow(flow)), "re-pointed");
    assert_eq!(live.adjusted_after_flows, adjusted);
}
