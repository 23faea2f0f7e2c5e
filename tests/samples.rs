//! The bundled samples: every one loads, is laid out sanely (every component has a rectangle, children sit inside
//! their parents, siblings do not overlap), survives a save and reload unchanged, and is stored in the canonical
//! form `to_json` writes, byte for byte. A few checks more make sure each sample keeps the point it teaches, and the
//! complete example in `docs/file-format.md` loads.
//!
//! To rewrite the sample files in canonical form after editing them by hand, run
//! `TRUSTMAP_BLESS_SAMPLES=1 cargo test --no-default-features --test samples`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use trustmap::io::samples::{self, Sample};
use trustmap::io::{load_str, to_json};
use trustmap::model::flow::Pattern;
use trustmap::model::{ComponentKind, Diagram, Model};

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn load(sample: &Sample) -> Result<Model, String> {
    sample.model().map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        format!("{} does not load:\n{}", sample.file, lines.join("\n"))
    })
}

/// Problems with the layout of one diagram, in words (the checks tidy and importers are held to as well).
fn layout_problems(diagram: &Diagram) -> Vec<String> {
    trustmap::layout::check::problems(diagram)
}

#[test]
fn every_sample_loads_and_is_laid_out_sanely() -> Result<(), String> {
    assert!(samples::all().len() >= 7, "expected at least 7 samples");
    for sample in samples::all() {
        let model = load(sample)?;
        let problems = layout_problems(model.diagram());
        assert!(problems.is_empty(), "{}:\n{}", sample.file, problems.join("\n"));
        assert!(!sample.title.is_empty());
        assert!(!model.diagram().settings.description.is_empty(), "{} has no description", sample.file);
    }
    Ok(())
}

#[test]
fn the_layout_check_catches_bad_layouts() -> Result<(), String> {
    let mut diagram = load(&samples::all()[0])?.into_diagram();
    let first_child = diagram.components.iter().find(|c| c.parent.is_some()).map(|c| c.id.clone());
    let child = first_child.ok_or("no nested component in the first sample")?;
    if let Some(rect) = diagram.layout.components.get_mut(&child) {
        rect.x -= 100_000.0;
    }
    assert!(layout_problems(&diagram).iter().any(|p| p.contains("is not inside its parent")));
    Ok(())
}

#[test]
fn every_sample_round_trips_and_is_stored_canonically() {
    let bless = std::env::var_os("TRUSTMAP_BLESS_SAMPLES").is_some();
    for sample in samples::all() {
        let path = samples_dir().join(sample.file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let model = load_str(&text).unwrap_or_else(|problems| panic!("{}: {problems:?}", sample.file));
        let saved = to_json(model.diagram());
        if bless && saved != text {
            std::fs::write(&path, &saved).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            continue;
        }
        let reloaded = load_str(&saved).unwrap_or_else(|problems| panic!("{} reloaded: {problems:?}", sample.file));
        assert_eq!(reloaded.diagram(), model.diagram(), "{} changes on save and reload", sample.file);
        assert!(
            saved == sample.json,
            "{} is not in canonical form; run TRUSTMAP_BLESS_SAMPLES=1 cargo test --test samples",
            sample.file
        );
    }
}

#[test]
fn every_file_in_samples_is_registered_once() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(samples_dir())
        .unwrap_or_else(|e| panic!("samples/: {e}"))
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    let registered: Vec<&str> = samples::all().iter().map(|s| s.file).collect();
    let unique: BTreeSet<String> = registered.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(unique.len(), registered.len(), "a sample is registered twice");
    assert_eq!(unique, on_disk);
    assert_eq!(registered.first().copied(), Some("shop-eks-ec2.json"), "the app opens the EC2 shop by default");
}

fn sample_model(file: &str) -> Result<Model, String> {
    load(samples::find(file).ok_or_else(|| format!("no sample {file}"))?)
}

fn count_kind(model: &Model, kind: ComponentKind) -> usize {
    model.components().iter().filter(|c| c.kind == kind).count()
}

#[test]
fn queue_pattern_shows_an_open_unencrypted_queue_and_unauthenticated_ends() -> Result<(), String> {
    let model = sample_model("pattern-queue")?;
    let queue = model.components().iter().find(|c| c.kind == ComponentKind::SqsQueue).ok_or("no queue")?;
    let ix = model.component_ix(&queue.id).ok_or("queue not indexed")?;
    let props = model.props(ix);
    assert!(props.policy.is_some_and(|p| p.is_open()));
    assert_eq!(props.encryption_at_rest, Some(false));
    let send = model.flows().iter().any(|f| f.pattern == Pattern::QueueSend && f.to == queue.id);
    let receive = model.flows().iter().any(|f| f.pattern == Pattern::QueueReceive && f.to == queue.id);
    assert!(send && receive);
    assert!(model.flows().iter().any(|f| f.authentication == Some(trustmap::model::Authentication::None)));
    Ok(())
}

#[test]
fn events_pattern_shows_an_unpinned_bus_and_a_trusting_subscriber() -> Result<(), String> {
    let model = sample_model("pattern-events")?;
    let bus = model.components().iter().find(|c| c.kind == ComponentKind::EventbridgeBus).ok_or("no bus")?;
    assert_eq!(bus.properties.source_pinned, Some(false));
    let subscribers: Vec<_> =
        model.flows().iter().filter(|f| f.pattern == Pattern::EventSubscribe && f.from == bus.id).collect();
    assert!(subscribers.len() >= 2);
    let trusting = subscribers
        .iter()
        .any(|f| model.component_ix(&f.to).is_some_and(|c| model.props(c).validates_input == Some(false)));
    assert!(trusting, "no subscriber skips input validation");
    Ok(())
}

#[test]
fn the_three_shops_share_contexts_and_move_layers_to_aws() -> Result<(), String> {
    let ec2 = sample_model("shop-eks-ec2")?;
    let fargate = sample_model("shop-eks-fargate")?;
    let lambda = sample_model("shop-lambda")?;
    let contexts = |m: &Model| m.diagram().contexts.iter().map(|c| c.id.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(contexts(&ec2).len(), 3);
    assert_eq!(contexts(&ec2), contexts(&fargate));
    assert_eq!(contexts(&ec2), contexts(&lambda));
    assert!(count_kind(&ec2, ComponentKind::Ec2Node) >= 2);
    assert_eq!(count_kind(&fargate, ComponentKind::Ec2Node), 0);
    assert!(count_kind(&fargate, ComponentKind::FargateProfile) >= 1);
    assert_eq!(count_kind(&lambda, ComponentKind::Pod), 0);
    assert!(count_kind(&lambda, ComponentKind::Lambda) >= 3);
    // Pods of different bounded contexts share at least one EC2 node.
    let shared = ec2.component_ixs().filter(|&c| ec2.kind(c) == ComponentKind::Ec2Node).any(|node| {
        let contexts: BTreeSet<usize> = ec2.children(node).iter().filter_map(|&pod| ec2.context(pod)).collect();
        contexts.len() >= 2
    });
    assert!(shared, "no EC2 node hosts pods of two bounded contexts");
    // The Fargate shop keeps the EC2 shop's pods, by id.
    let pods = |m: &Model| {
        m.components()
            .iter()
            .filter(|c| c.kind == ComponentKind::Pod)
            .map(|c| c.id.to_string())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(pods(&ec2), pods(&fargate));
    Ok(())
}

#[test]
fn enterprise_is_large_and_spans_accounts() -> Result<(), String> {
    let model = sample_model("enterprise")?;
    assert!(model.components().len() >= 60, "{} components", model.components().len());
    assert!(count_kind(&model, ComponentKind::AwsAccount) >= 3);
    assert!(count_kind(&model, ComponentKind::Vpc) >= 3);
    assert!(model.diagram().contexts.len() >= 5);
    let kinds: BTreeSet<_> = model.diagram().connections.iter().map(|c| c.kind).collect();
    use trustmap::model::ConnectionKind as C;
    for kind in [C::Vpn, C::VpcPeering, C::CrossAccountTrust] {
        assert!(kinds.contains(&kind), "no {kind:?} connection");
    }
    Ok(())
}

#[test]
fn the_file_format_document_example_loads_and_is_laid_out_sanely() -> Result<(), String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join("file-format.md");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let examples: Vec<&str> = text
        .split("```json\n")
        .skip(1)
        .filter_map(|block| block.split_once("```").map(|(json, _)| json))
        .filter(|json| json.contains("\"format\": \"trustmap\""))
        .collect();
    assert!(!examples.is_empty(), "docs/file-format.md has no complete example");
    for example in examples {
        let model = load_str(example).map_err(|problems| format!("the example does not load: {problems:?}"))?;
        let problems = layout_problems(model.diagram());
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
    Ok(())
}

#[test]
fn the_zero_trust_shop_authenticates_every_internal_call() -> Result<(), String> {
    let model = sample_model("zero-trust-shop")?;
    assert_eq!(model.diagram().settings.posture, trustmap::model::Posture::ZeroTrust);
    let unauthenticated: Vec<&str> = model
        .flows()
        .iter()
        .filter(|f| f.authentication.is_none_or(|a| a == trustmap::model::Authentication::None))
        .filter(|f| model.component_ix(&f.to).is_some_and(|c| model.props(c).public_entry != Some(true)))
        .filter(|f| model.component_ix(&f.from).is_some_and(|c| !model.kind(c).is_external()))
        .map(|f| f.id.as_str())
        .collect();
    assert!(unauthenticated.is_empty(), "unauthenticated internal flows: {unauthenticated:?}");
    Ok(())
}
