//! Analysis speed on synthetic diagrams of 1k, 5k and 20k components (3 flows each): model build (check + index),
//! full analysis (all rules + responsibility + metrics), and per-component cost to judge linear growth.
//!
//! Then, for the live editor: one semantic edit (a property set through `edit::Document`, which keeps its model in
//! step and says what changed) to a fresh analysis (`edit::Analysed`, which redoes only what the edit can
//! change), against a full build + analysis, and loading the saved text (`load_bytes`: parse, decode, check,
//! index).
//!
//! Run: `cargo bench --bench analysis [-- --stress | --random] [--quick] [--editing]` (release profile; `--editing`:
//! only the live-editing table; `--edit-kinds [N]`: live editing by what an edit touches; `--once N [RUNS]`: only
//! analyses, for callgrind or cachegrind; `--scaling [ROUNDS]`: the cost per component at 20k against 1k, interleaved).
//! Prints medians of repeated runs.

#[path = "support/synth.rs"]
mod synth;
#[path = "support/timing.rs"]
mod timing;

use std::time::Duration;
use timing::time;

use trustmap::analysis::analyze;
use trustmap::analysis::blast::{BlastGraph, Start};
use trustmap::analysis::live::Redone;
use trustmap::edit::{Analysed, Document, Edit};
use trustmap::model::{ComponentKind, Diagram, Model};

/// Where the time of one full analysis goes at `n` components: each stage and each rule, most expensive first.
fn breakdown(n: usize, style: synth::Style) {
    use trustmap::analysis::facts::Facts;
    use trustmap::analysis::metrics::Metrics;
    use trustmap::analysis::responsibility::Responsibility;
    use trustmap::analysis::risk::RiskSummary;
    use trustmap::analysis::{rules, run_rules};
    let Ok(model) = Model::new(synth::diagram(n, 42, style)) else { return };
    let posture = model.diagram().settings.posture;
    let facts = Facts::new(&model);
    let metrics = Metrics::compute(&model, &facts);
    let all = rules::all();
    let findings = run_rules(&model, &facts, &metrics, posture, &all);
    let mut rows: Vec<(Duration, String)> = vec![
        (time(10, || Facts::new(&model)), "facts".into()),
        (time(10, || Metrics::compute(&model, &facts)), "metrics".into()),
        (time(10, || Responsibility::compute(&model)), "responsibility".into()),
        (time(10, || RiskSummary::of(&model, &findings)), "risk totals".into()),
    ];
    for rule in &all {
        let one = [*rule];
        let count = run_rules(&model, &facts, &metrics, posture, &one).len();
        let took = time(10, || run_rules(&model, &facts, &metrics, posture, &one).len());
        rows.push((took, format!("{} ({count} findings)", rule.meta().id)));
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.0));
    println!("\nbreakdown at {} components:", model.components().len());
    for (took, what) in rows.iter().take(25) {
        let per = took.as_secs_f64() * 1e9 / model.components().len() as f64;
        println!("  {:>8.3} ms {per:>8.0} ns/comp  {what}", took.as_secs_f64() * 1e3);
    }
}

/// Live-editing figures: full build + analysis, one semantic edit to a fresh analysis, and loading the saved text.
fn editing(style: synth::Style, quick: bool) {
    use trustmap::edit::{Analysed, Document, ops};
    use trustmap::model::props::PropertyKey;
    println!(
        "\n{:>7} {:>9} {:>22} {:>20} {:>8} {:>13} {:>9}",
        "n", "bytes", "full build + analysis", "edit -> analysis", "ratio", "load (text)", "save"
    );
    for n in [1_000, 5_000, 20_000] {
        let diagram = synth::diagram(n, 42, style);
        let runs = if quick {
            3
        } else if n >= 20_000 {
            5
        } else {
            15
        };
        let text = trustmap::io::to_json(&diagram);
        let full = time(runs, || Model::new(diagram.clone()).map(|m| analyze(&m).findings.len()));
        let Some(target) = diagram.components.iter().find(|c| c.kind == ComponentKind::Lambda).map(|c| c.id.clone())
        else {
            continue;
        };
        let mut doc = Document::new(diagram.clone());
        let Some(mut analysed) = Analysed::new(&doc) else { continue };
        let mut flag = false;
        let edit = time(runs, || {
            flag = !flag;
            let value = serde_json::Value::Bool(flag);
            let change = ops::set_property(doc.diagram(), &target, PropertyKey::Logging, &value);
            let applied = change.map(|change| doc.apply("set logging", change));
            // The document keeps its checked model in step with its edits, and says what they changed.
            let redone = analysed.refresh(&doc);
            (applied.is_ok(), redone, analysed.analysis().findings.len())
        });
        let load = time(runs, || trustmap::io::load_bytes(text.as_bytes()).map(|m| m.components().len()));
        let save = time(runs, || trustmap::io::to_json(&diagram).len());
        println!(
            "{:>7} {:>9} {:>19.2} ms {:>17.2} ms {:>8.2} {:>10.2} ms {:>6.2} ms",
            diagram.components.len(),
            text.len(),
            full.as_secs_f64() * 1e3,
            edit.as_secs_f64() * 1e3,
            edit.as_secs_f64() / full.as_secs_f64(),
            load.as_secs_f64() * 1e3,
            save.as_secs_f64() * 1e3,
        );
    }
}

/// Live editing by what an edit touches, at `n` components: each row edits one property (or the name) of the first
/// component of a kind that takes it, then the first data store's data, the first flow's authentication, a flow
/// added beside it, a flow removed, a new connection and the triage of the first finding, back and forth, and
/// brings a live analysis up to date; with how much it redid.
fn edit_kinds(n: usize, style: synth::Style, quick: bool) {
    use trustmap::edit::ops;
    use trustmap::model::props::{PropertyKey as P, spec};
    let diagram = synth::diagram(n, 42, style);
    let runs = if quick { 5 } else { 15 };
    let full = time(runs, || Model::new(diagram.clone()).map(|m| analyze(&m).findings.len()));
    println!("\nedits at {} components (full build + analysis {:.2} ms):", diagram.components.len(), ms(full));
    let row = |what: &str, on: &str, edit: &mut dyn FnMut(&mut Document, usize) -> bool| {
        edit_row(&diagram, runs, full, what, on, edit);
    };
    let keys = [P::Logging, P::EncryptionAtRest, P::Throttling, P::ValidatesInput, P::Permissions, P::Data];
    // Each key on the first component that takes it; then data on the first data store (whose data the blast
    // radius and the defense metric read), and a rename.
    let rows = keys.into_iter().map(|key| (Some(key), false)).chain([(Some(P::Data), true), (None, false)]);
    for (key, store) in rows {
        let kinds = key.map(|key| spec(key).kinds());
        let Some(target) = diagram
            .components
            .iter()
            .find(|c| kinds.as_ref().is_none_or(|k| k.contains(&c.kind)) && (!store || c.kind.is_data_store()))
        else {
            continue;
        };
        let id = target.id.clone();
        // Two values of the property as another component has it (or its example), and unset; or two names.
        let example = key.map(|key| {
            let other = diagram.components.iter().find_map(|c| c.properties.get_json(key));
            other.unwrap_or_else(|| spec(key).value.example())
        });
        let what = key.map_or_else(|| "name".to_owned(), |key| key.to_string());
        row(&what, &format!("on {}", target.kind), &mut |doc, step| {
            let edit = match (key, &example) {
                (Some(key), Some(value)) => {
                    let value = if step % 2 == 0 { serde_json::Value::Null } else { value.clone() };
                    ops::set_property(doc.diagram(), &id, key, &value)
                }
                _ => ops::rename(doc.diagram(), &id, &format!("Renamed {}", step % 2)),
            };
            edit.is_ok_and(|edit| doc.apply("edit", edit).is_ok())
        });
    }
    if let Some(first) = diagram.flows.first() {
        // The authentication of the first flow: mTLS, then unsaid again.
        row("authentication", "of a flow", &mut |doc, step| {
            let mut flow = first.clone();
            flow.authentication = (step % 2 == 1).then_some(trustmap::model::flow::Authentication::Mtls);
            doc.apply("flow", ops::set_flow(flow)).is_ok()
        });
        // Structural edits: a new flow beside the first flow (same ends and pattern), then undone; the middle flow
        // removed, then brought back by undo; a new flow between two components no flow connects yet.
        row("a parallel flow", "(or its undo)", &mut |doc, step| {
            if step % 2 == 1 {
                let (edit, _) = ops::add_flow(doc.ids_mut(), &first.from, &first.to, first.pattern);
                doc.apply("add flow", edit).is_ok()
            } else {
                doc.undo()
            }
        });
        let middle = diagram.flows[diagram.flows.len() / 2].id.clone();
        row("a flow removed", "(or its undo)", &mut |doc, step| {
            if step % 2 == 1 {
                let edit = ops::remove(doc.diagram(), std::slice::from_ref(&middle));
                doc.apply("remove flow", edit).is_ok()
            } else {
                doc.undo()
            }
        });
        if let Some((from, to)) = unconnected_pair(&diagram) {
            row("a new connection", "(or its undo)", &mut |doc, step| {
                if step % 2 == 1 {
                    let (edit, _) = ops::add_flow(doc.ids_mut(), &from, &to, trustmap::model::Pattern::SyncRequest);
                    doc.apply("add flow", edit).is_ok()
                } else {
                    doc.undo()
                }
            });
        }
    }
    // Triage of the first finding: accepted with a note, then open again.
    let first = Model::new(diagram.clone()).ok().and_then(|m| analyze(&m).findings.first().map(|f| f.id().to_owned()));
    if let Some(id) = first {
        use trustmap::model::triage::{Triage, TriageStatus};
        row("triage", "of a finding", &mut |doc, step| {
            let triage = (step % 2 == 1).then(|| Triage { status: TriageStatus::Accepted, note: "known".into() });
            doc.apply("triage", ops::set_triage(&id, triage)).is_ok()
        });
    }
    other_rows(&diagram, runs, full);
}

/// The rows of [`edit_kinds`] for notes, manual threats, settings and a new component: a note on the first
/// component, a manual threat on it, a rule switched off, the as-of date, a component; each done and undone.
fn other_rows(diagram: &Diagram, runs: usize, full: Duration) {
    use trustmap::edit::ops;
    let row = |what: &str, on: &str, edit: &mut EditStep<'_>| edit_row(diagram, runs, full, what, on, edit);
    let Some(first) = diagram.components.first().map(|c| c.id.clone()) else { return };
    let undone = |doc: &mut Document, step: usize, edit: &mut dyn FnMut(&mut Document) -> Edit| {
        if step % 2 == 1 {
            let edit = edit(doc);
            doc.apply("edit", edit).is_ok()
        } else {
            doc.undo()
        }
    };
    row("a note", "(or its undo)", &mut |doc, step| {
        undone(doc, step, &mut |doc| ops::add_note(doc.ids_mut(), "An assumption", Some(first.clone()), None).0)
    });
    row("a manual threat", "(or its undo)", &mut |doc, step| {
        undone(doc, step, &mut |doc| {
            use trustmap::model::threat::{Cia, Threat};
            let threat = Threat {
                id: first.clone(),
                element: first.clone(),
                title: "Tampered by hand".into(),
                description: String::new(),
                cia: vec![Cia::Integrity],
                stride: Vec::new(),
                likelihood: 4,
                impact: 4,
                mitigation: String::new(),
                status: trustmap::model::triage::TriageStatus::Open,
            };
            ops::add_threat(doc.ids_mut(), threat).0
        })
    });
    row("a rule switched off", "(or its undo)", &mut |doc, step| {
        undone(doc, step, &mut |doc| {
            let mut settings = doc.diagram().settings.clone();
            let off = trustmap::model::settings::RuleSettings { enabled: Some(false), ..Default::default() };
            settings.rules.insert("unauthenticated-flow".into(), off);
            ops::set_settings(settings)
        })
    });
    row("the as-of date", "(or its undo)", &mut |doc, step| {
        undone(doc, step, &mut |doc| {
            let mut settings = doc.diagram().settings.clone();
            settings.as_of = trustmap::model::settings::Date::parse("2031-01-01").ok();
            ops::set_settings(settings)
        })
    });
    row("a boundary", "(or its undo)", &mut |doc, step| {
        undone(doc, step, &mut |doc| {
            let kind = trustmap::model::BoundaryKind::Custom;
            ops::add_boundary(doc.ids_mut(), "Zone", kind, vec![first.clone()]).0
        })
    });
    row("a bounded context", "(or its undo)", &mut |doc, step| {
        undone(doc, step, &mut |doc| {
            // Around a component no context has yet, or none.
            let free = doc
                .diagram()
                .components
                .iter()
                .map(|c| c.id.clone())
                .find(|id| !doc.diagram().contexts.iter().any(|c| c.members.contains(id)));
            ops::add_context(doc.ids_mut(), "Reporting", free.into_iter().collect()).0
        })
    });
    row("a component", "(or its undo)", &mut |doc, step| {
        undone(doc, step, &mut |doc| {
            ops::add_component(doc.ids_mut(), ComponentKind::GenericService, "New", None, None).0
        })
    });
    structural_rows(diagram, runs, full);
}

/// The rows of [`edit_kinds`] for edits of the diagram's shape: a workload moved into another container (a pod to
/// another node, or a service out of its subnet into the VPC), a workload's role replaced by another role, a network
/// connection (a VPN, or VPC peering); each done and undone.
fn structural_rows(diagram: &Diagram, runs: usize, full: Duration) {
    use trustmap::edit::ops;
    use trustmap::model::{ComponentKind as K, ConnectionKind};
    let row = |what: &str, on: &str, edit: &mut EditStep<'_>| edit_row(diagram, runs, full, what, on, edit);
    let kind_of = |id: &trustmap::model::Id| diagram.components.iter().find(|c| &c.id == id).map(|c| c.kind);
    let undone = |doc: &mut Document, step: usize, edit: &dyn Fn(&Document) -> Option<Edit>| {
        if step % 2 == 1 { edit(doc).is_some_and(|edit| doc.apply("edit", edit).is_ok()) } else { doc.undo() }
    };
    // The first pod, function or service with a parent: to another container of its parent's kind, else up a level.
    let moved = diagram.components.iter().find_map(|c| {
        let parent = c.parent.as_ref()?;
        if !matches!(c.kind, K::Pod | K::Lambda | K::GenericService) {
            return None;
        }
        let kind = kind_of(parent)?;
        let sibling = diagram.components.iter().find(|o| o.kind == kind && &o.id != parent).map(|o| o.id.clone());
        let up = diagram.components.iter().find(|o| &o.id == parent).and_then(|p| p.parent.clone());
        Some((c.id.clone(), sibling.or(up)?))
    });
    if let Some((id, to)) = moved {
        let on = format!("into {}", kind_of(&to).map_or_else(String::new, |k| k.to_string()));
        row("a move", &on, &mut |doc, step| {
            undone(doc, step, &|doc| ops::reparent(doc.diagram(), &id, Some(to.clone())).ok())
        });
    }
    // The first component with a role gets the role of the next one that has another.
    let role = diagram.components.iter().find_map(|c| {
        let mine = c.role.as_ref()?;
        let other = diagram.components.iter().find_map(|o| o.role.as_ref().filter(|r| *r != mine))?;
        Some((c.id.clone(), other.clone()))
    });
    if let Some((id, other)) = role {
        row("a role", "(or its undo)", &mut |doc, step| {
            undone(doc, step, &|doc| ops::set_role(doc.diagram(), &id, Some(other.clone())).ok())
        });
    }
    // A VPN from the first on-premises network to the first VPC, or peering between the first two VPCs.
    let first = |kind: K| diagram.components.iter().filter(move |c| c.kind == kind).map(|c| c.id.clone());
    let vpcs: Vec<_> = first(K::Vpc).take(2).collect();
    let ends = match (first(K::OnPrem).next(), vpcs.as_slice()) {
        (Some(dc), [vpc, ..]) => Some((ConnectionKind::Vpn, dc, vpc.clone())),
        (None, [a, b]) => Some((ConnectionKind::VpcPeering, a.clone(), b.clone())),
        _ => None,
    };
    if let Some((kind, from, to)) = ends {
        row("a connection", &format!("({kind}, or its undo)"), &mut |doc, step| {
            if step % 2 == 1 {
                let (edit, _) = ops::add_connection(doc.ids_mut(), kind, &from, &to);
                doc.apply("connect", edit).is_ok()
            } else {
                doc.undo()
            }
        });
    }
}

/// Two services (generic services, pods or functions) half the estate apart that no flow connects (either way): a
/// new sync-request flow between them is a new connection of the graph.
fn unconnected_pair(diagram: &Diagram) -> Option<(trustmap::model::Id, trustmap::model::Id)> {
    use ComponentKind as K;
    let services: Vec<_> = diagram
        .components
        .iter()
        .filter(|c| matches!(c.kind, K::GenericService | K::Pod | K::Lambda))
        .map(|c| &c.id)
        .collect();
    let connected = |a: &trustmap::model::Id, b: &trustmap::model::Id| {
        diagram.flows.iter().any(|f| (&f.from == a && &f.to == b) || (&f.from == b && &f.to == a))
    };
    let half = services.len() / 2;
    (0..half)
        .map(|i| (services[i], services[i + half]))
        .find(|&(a, b)| !connected(a, b))
        .map(|(a, b)| (a.clone(), b.clone()))
}

/// An edit of one step of a row of [`edit_kinds`] (given the step's number); false when it was refused.
type EditStep<'a> = dyn FnMut(&mut Document, usize) -> bool + 'a;

/// One row of [`edit_kinds`]: times `edit` (given the step's number, it edits the document back and forth) and
/// bringing a live analysis up to date, and prints the time, its share of `full` and how much the update redid.
fn edit_row(
    diagram: &Diagram,
    runs: usize,
    full: Duration,
    what: &str,
    on: &str,
    edit: &mut dyn FnMut(&mut Document, usize) -> bool,
) {
    // `TRUSTMAP_ROW=TEXT`: only the rows whose name holds TEXT (to profile one kind of edit), with `runs` scaled by
    // `TRUSTMAP_RUNS` if given.
    if std::env::var("TRUSTMAP_ROW").is_ok_and(|only| !what.contains(&only)) {
        return;
    }
    let runs = std::env::var("TRUSTMAP_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(runs);
    let mut doc = Document::new(diagram.clone());
    let Some(mut analysed) = Analysed::new(&doc) else { return };
    let (mut step, mut redone) = (0, Redone::Nothing);
    // Each run's time by the step's parity: odd steps make the edit, even ones undo it (or set the other value).
    let (mut made, mut undone) = (Vec::new(), Vec::new());
    let took = time(runs, || {
        step += 1;
        if step % 2 == 1 {
            // The edit as if made for the first time: not taken back from before its undo.
            analysed.forget_undo_memory();
        }
        let start = std::time::Instant::now();
        let applied = edit(&mut doc, step);
        redone = analysed.refresh(&doc).unwrap_or(Redone::Everything);
        let found = analysed.analysis().findings.len();
        // The warm-up run (step 1) is not among the samples.
        if step > 1 {
            if step % 2 == 1 { &mut made } else { &mut undone }.push(start.elapsed());
        }
        (applied, found)
    });
    let half =
        |list: Vec<Duration>| if list.is_empty() { "-".to_owned() } else { format!("{:.2}", ms(timing::median(list))) };
    println!(
        "  {what:>20} {on:<21} {:>8.2} ms {:>6.2} of full  {redone:?}  [edit {} ms, other {} ms]",
        ms(took),
        took.as_secs_f64() / full.as_secs_f64(),
        half(made),
        half(undone)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A long loop of full analyses (or of one rule, or of model builds with `--model`) for `perf record`.
fn profile(style: synth::Style) {
    // `--profile [RULE]`: the whole analysis, or one rule.
    let rule = std::env::args().skip_while(|a| a != "--profile").nth(1);
    // `--size N`: at N components instead of 5,000 (runs scale so each takes about as long).
    let size = std::env::args().skip_while(|a| a != "--size").nth(1).and_then(|n| n.parse().ok()).unwrap_or(5_000);
    let scale = |runs: usize| (runs * 5_000 / size).max(3);
    if let Ok(model) = Model::new(synth::diagram(size, 42, style)) {
        let total: usize =
            match rule.and_then(|id| trustmap::analysis::rules::all().into_iter().find(|r| r.meta().id == id)) {
                Some(rule) => {
                    let facts = trustmap::analysis::facts::Facts::new(&model);
                    let metrics = trustmap::analysis::metrics::Metrics::compute(&model, &facts);
                    let posture = model.diagram().settings.posture;
                    (0..scale(1000))
                        .map(|_| trustmap::analysis::run_rules(&model, &facts, &metrics, posture, &[rule]).len())
                        .sum()
                }
                None if std::env::args().any(|a| a == "--model") => {
                    let diagram = model.diagram().clone();
                    (0..scale(300)).map(|_| Model::new(diagram.clone()).map_or(0, |m| m.components().len())).sum()
                }
                None => (0..scale(300)).map(|_| analyze(&model).findings.len()).sum(),
            };
        println!("{total}");
    }
}

/// `--once N [RUNS]`: RUNS full analyses (1 unless given) of the estate of N components and nothing else, for
/// tools that count instructions or simulate caches (valgrind's callgrind or cachegrind), whose figures do not
/// depend on the machine's load.
fn once(style: synth::Style) {
    let args: Vec<String> = std::env::args().skip_while(|a| a != "--once").skip(1).take(2).collect();
    let n = args.first().and_then(|n| n.parse().ok()).unwrap_or(1_000);
    let runs: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1);
    if let Ok(model) = Model::new(synth::diagram(n, 42, style)) {
        let total: usize = (0..runs).map(|_| std::hint::black_box(analyze(&model)).findings.len()).sum();
        println!("{} components, {total} findings", model.components().len());
    }
}

/// For the modes that set 1k against 20k: the rounds given after `flag` (`rounds` unless given), and the estates of
/// 1,000 and 20,000 components.
fn one_and_twenty_thousand(flag: &str, rounds: usize, style: synth::Style) -> Option<(usize, Model, Model)> {
    let rounds = std::env::args().skip_while(|a| a != flag).nth(1).and_then(|n| n.parse().ok()).unwrap_or(rounds);
    let small = Model::new(synth::diagram(1_000, 42, style)).ok()?;
    Some((rounds, small, Model::new(synth::diagram(20_000, 42, style)).ok()?))
}

/// `--scaling [ROUNDS]`: the cost per component of a full analysis at 20k against 1k, measured interleaved so that both
/// see the same load: each round times 20 analyses at 1k and one at 20k (10 rounds unless given), and as many of the
/// analysis up to the rules' hits (`hits_only`: no findings made). Prints the minimum and the median of each, and
/// their ratios; the minimum is the figure a busy machine disturbs least.
fn scaling(style: synth::Style) {
    let Some((rounds, small, large)) = one_and_twenty_thousand("--scaling", 10, style) else { return };
    let per = |model: &Model, d: Duration| d.as_secs_f64() * 1e9 / model.components().len() as f64;
    let full = |model: &Model| {
        let start = std::time::Instant::now();
        std::hint::black_box(analyze(model));
        per(model, start.elapsed())
    };
    let hits = |model: &Model| {
        let start = std::time::Instant::now();
        std::hint::black_box(trustmap::analysis::hits_only(model));
        per(model, start.elapsed())
    };
    let mut runs: [Vec<f64>; 4] = Default::default();
    full(&large);
    for _ in 0..rounds {
        runs[0].extend((0..20).map(|_| full(&small)));
        runs[1].push(full(&large));
        runs[2].extend((0..20).map(|_| hits(&small)));
        runs[3].push(hits(&large));
    }
    let [(min_1k, median_1k), (min_20k, median_20k), (hits_1k, _), (hits_20k, _)] = runs.map(|mut ns| {
        ns.sort_by(f64::total_cmp);
        (ns[0], ns[ns.len() / 2])
    });
    println!(
        "analysis per component, {rounds} rounds: 1k min {min_1k:.0} ns, median {median_1k:.0} ns; 20k min {min_20k:.0} ns, \
         median {median_20k:.0} ns; 20k/1k by minimum {:.2}x, by median {:.2}x",
        min_20k / min_1k,
        median_20k / median_1k
    );
    println!(
        "up to the rules' hits (no findings made), min: 1k {hits_1k:.0} ns, 20k {hits_20k:.0} ns ({:.2}x); the findings: \
         1k {:.0} ns, 20k {:.0} ns ({:.2}x)",
        hits_20k / hits_1k,
        min_1k - hits_1k,
        min_20k - hits_20k,
        (min_20k - hits_20k) / (min_1k - hits_1k)
    );
}

/// `--stages [ROUNDS]`: where the cost per component grows from 1k to 20k. Runs the analysis's stages in the order a
/// full analysis does (facts, metrics, responsibility, each rule with its findings, risk totals, dropping it all), each
/// once per run, interleaving 20 runs at 1k and one at 20k per round (5 rounds unless given), and prints each stage's
/// minimum at both sizes, most growth first. A rule's findings are sorted per rule here, not all together.
fn stages(style: synth::Style) {
    use trustmap::analysis::facts::Facts;
    use trustmap::analysis::metrics::Metrics;
    use trustmap::analysis::responsibility::Responsibility;
    use trustmap::analysis::risk::RiskSummary;
    use trustmap::analysis::{rules, run_rules};
    let Some((rounds, small, large)) = one_and_twenty_thousand("--stages", 5, style) else { return };
    let all = rules::all();
    let mut names: Vec<String> = ["facts", "metrics", "responsibility"].map(String::from).to_vec();
    names.extend(all.iter().map(|r| r.meta().id.to_string()));
    names.extend(["risk totals", "drop"].map(String::from));
    let run = |model: &Model, mins: &mut Vec<f64>| {
        let per = |d: Duration| d.as_secs_f64() * 1e9 / model.components().len() as f64;
        let mut at = std::time::Instant::now();
        let mut lap = |i: usize, mins: &mut Vec<f64>| {
            let now = std::time::Instant::now();
            mins[i] = mins[i].min(per(now - at));
            at = now;
        };
        let facts = Facts::new(model);
        lap(0, mins);
        let metrics = Metrics::compute(model, &facts);
        lap(1, mins);
        let responsibility = Responsibility::compute(model);
        lap(2, mins);
        let posture = model.diagram().settings.posture;
        let mut findings = Vec::new();
        for (i, rule) in all.iter().enumerate() {
            findings.push(run_rules(model, &facts, &metrics, posture, &[*rule]));
            lap(3 + i, mins);
        }
        let flat: Vec<_> = findings.into_iter().flatten().collect();
        let risk = RiskSummary::of(model, &flat);
        lap(3 + all.len(), mins);
        drop((flat, risk, responsibility, metrics, facts));
        lap(4 + all.len(), mins);
    };
    let mut small_mins = vec![f64::MAX; names.len()];
    let mut large_mins = vec![f64::MAX; names.len()];
    for _ in 0..rounds {
        for _ in 0..20 {
            run(&small, &mut small_mins);
        }
        run(&large, &mut large_mins);
    }
    let mut rows: Vec<(f64, f64, &String)> =
        small_mins.iter().zip(&large_mins).zip(&names).map(|((&s, &l), n)| (s, l, n)).collect();
    rows.sort_by(|a, b| (b.1 - b.0).total_cmp(&(a.1 - a.0)));
    let (s, l): (f64, f64) = (small_mins.iter().sum(), large_mins.iter().sum());
    println!("stages by growth, ns per component (min of runs): all 1k {s:.0}, 20k {l:.0} ({:.2}x)", l / s);
    for (s, l, name) in rows.iter().take(25) {
        println!("  {:>7.0} {:>7.0} {:>+7.0}  {name}", s, l, l - s);
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let style = if std::env::args().any(|a| a == "--stress") {
        synth::Style::Stress
    } else if std::env::args().any(|a| a == "--random") {
        synth::Style::Random
    } else {
        synth::Style::Realistic
    };
    if std::env::args().any(|a| a == "--breakdown") {
        // `--breakdown [N]`: at N components (5,000 unless given).
        let n = std::env::args().skip_while(|a| a != "--breakdown").nth(1).and_then(|n| n.parse().ok());
        breakdown(n.unwrap_or(5_000), style);
        return;
    }
    type Mode = fn(synth::Style);
    let modes: [(&str, Mode); 4] =
        [("--stages", stages), ("--scaling", scaling), ("--once", once), ("--profile", profile)];
    if let Some((_, mode)) = modes.iter().find(|(flag, _)| std::env::args().any(|a| a == *flag)) {
        mode(style);
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--write") {
        // `--write N FILE`: save a generated diagram to look at it with the CLI or the editor.
        let n = args.get(at + 1).and_then(|n| n.parse().ok()).unwrap_or(1_000);
        let file = args.get(at + 2).map_or("synthetic.json", String::as_str);
        if let Err(error) = std::fs::write(file, trustmap::io::to_json(&synth::diagram(n, 42, style))) {
            eprintln!("{file}: {error}");
        }
        return;
    }
    println!("style: {style:?}");
    if std::env::args().any(|a| a == "--edit-kinds") {
        // `--edit-kinds [N]`: live editing by what an edit touches, at N components (5,000 unless given).
        let n = std::env::args().skip_while(|a| a != "--edit-kinds").nth(1).and_then(|n| n.parse().ok());
        edit_kinds(n.unwrap_or(5_000), style, quick);
        return;
    }
    if std::env::args().any(|a| a == "--editing") {
        // Only the live-editing table.
        editing(style, quick);
        return;
    }
    println!(
        "{:>7} {:>7} {:>9} {:>12} {:>12} {:>14} {:>9}",
        "n", "flows", "findings", "model build", "analysis", "analysis/comp", "rules"
    );
    let mut blast_rows = Vec::new();
    for n in [1_000, 5_000, 20_000] {
        let diagram = synth::diagram(n, 42, style);
        let components = diagram.components.len();
        let flows = diagram.flows.len();
        let runs = if quick {
            3
        } else if n >= 20_000 {
            10
        } else {
            30
        };
        let build = time(runs, || Model::new(diagram.clone()).map(|m| m.components().len()));
        let model = match Model::new(diagram) {
            Ok(model) => model,
            Err(problems) => {
                eprintln!("synthetic diagram invalid: {}", problems[0]);
                std::process::exit(1);
            }
        };
        let result = analyze(&model);
        let analysis = time(runs, || analyze(&model).findings.len());
        let posture = model.diagram().settings.posture;
        // Blast radius from a pod (the widest footholds in these estates): graph build plus one search, the
        // search alone on a built graph, and every component's radius (the ranking).
        let pod = model.component_ixs().find(|&c| model.kind(c) == ComponentKind::Pod);
        let graph = BlastGraph::new(&model, posture);
        let (one, search, reached) = match pod {
            Some(pod) => (
                time(runs, || BlastGraph::new(&model, posture).radius(Start::Component(pod)).reached.len()),
                time(runs, || graph.radius(Start::Component(pod)).reached.len()),
                graph.radius(Start::Component(pod)).reached.len(),
            ),
            None => (Duration::ZERO, Duration::ZERO, 0),
        };
        let ranking = time(runs.min(10), || BlastGraph::new(&model, posture).ranking().len());
        blast_rows.push((components, one, search, reached, ranking));
        println!(
            "{:>7} {:>7} {:>9} {:>9.2} ms {:>9.2} ms {:>11.0} ns {:>9}",
            components,
            flows,
            result.findings.len(),
            build.as_secs_f64() * 1e3,
            analysis.as_secs_f64() * 1e3,
            analysis.as_secs_f64() * 1e9 / components as f64,
            trustmap::analysis::rules::all().len(),
        );
    }
    editing(style, quick);
    println!(
        "\n{:>7} {:>22} {:>14} {:>9} {:>22}",
        "n", "blast: build + 1 pod", "search only", "reached", "ranking (all comps)"
    );
    for (components, one, search, reached, ranking) in blast_rows {
        println!(
            "{:>7} {:>19.3} ms {:>11.3} ms {:>9} {:>19.2} ms",
            components,
            one.as_secs_f64() * 1e3,
            search.as_secs_f64() * 1e3,
            reached,
            ranking.as_secs_f64() * 1e3
        );
    }
}
