//! The scene without egui: a text snapshot of every bundled sample's scene with all overlays (`tests/scene/`,
//! rewrite with `UPDATE_SCENE=1 cargo test --test scene` and review the diff), and checks of what every painter
//! relies on: no name overflows its card, every component is drawn, hit testing, culling, determinism.
#![expect(clippy::expect_used, reason = "test helpers fail loudly")]

use std::path::PathBuf;

use trustmap::analysis::analyze;
use trustmap::io::samples::{self, Sample};
use trustmap::model::Model;
use trustmap::scene::text::FontMetrics;
use trustmap::scene::{self, Inputs, ItemRef, Pt, Rect, Routing, Scene, ViewOptions};

const HOW_TO_UPDATE: &str = "UPDATE_SCENE=1 cargo test --test scene";

fn model(sample: &Sample) -> Model {
    sample.model().expect("bundled samples are valid")
}

fn build(model: &Model, options: &ViewOptions) -> Scene {
    let analysis = analyze(model);
    let blast = scene::blast_radius(model, options);
    scene::build(&Inputs { model, analysis: Some(&analysis), blast: blast.as_ref() }, options)
}

fn all_samples() -> &'static [Sample] {
    let all = samples::all();
    assert!(!all.is_empty(), "no bundled samples to check");
    all
}

fn option_sets() -> Vec<(&'static str, ViewOptions)> {
    let straight = ViewOptions { routing: Routing::Straight, ..ViewOptions::default() };
    vec![("plain", ViewOptions::default()), ("overlays", ViewOptions::all_overlays()), ("straight", straight)]
}

#[test]
fn every_sample_matches_its_scene_snapshot() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("scene");
    let updating = std::env::var("UPDATE_SCENE").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for sample in all_samples() {
        let model = model(sample);
        let actual = build(&model, &ViewOptions::all_overlays()).dump();
        let stem = sample.file.strip_suffix(".json").unwrap_or(sample.file);
        let path = dir.join(format!("{stem}.txt"));
        if updating {
            std::fs::create_dir_all(&dir).expect("create tests/scene");
            std::fs::write(&path, &actual).expect("write a snapshot");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Err(_) => failures.push(format!("{}: missing; create it with `{HOW_TO_UPDATE}`", path.display())),
            Ok(expected) if expected != actual => {
                let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
                failures.push(format!(
                    "{}: the scene of {} changed at line {} (if intended, run `{HOW_TO_UPDATE}`)\n  - {}\n  + {}",
                    path.display(),
                    sample.file,
                    first + 1,
                    expected.lines().nth(first).unwrap_or(""),
                    actual.lines().nth(first).unwrap_or("")
                ));
            }
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_component_and_flow_is_drawn_once() {
    for sample in all_samples() {
        let model = model(sample);
        for (name, options) in option_sets() {
            let scene = build(&model, &options);
            for component in model.components() {
                let item = scene.item(component.id.as_str());
                assert!(
                    matches!(item, Some(ItemRef::Card(_) | ItemRef::Region(_))),
                    "{} ({name}): {} is not drawn",
                    sample.file,
                    component.id
                );
            }
            assert_eq!(scene.flows.len(), model.flows().len(), "{} ({name})", sample.file);
            for flow in &scene.flows {
                assert!(flow.points.len() >= 2 && flow.head.is_some(), "{} ({name}): {flow:?}", sample.file);
            }
        }
    }
}

#[test]
fn no_text_overflows_its_card_or_region() {
    let metrics = FontMetrics::bundled();
    let mut checked = 0;
    for sample in all_samples() {
        let model = model(sample);
        let scene = build(&model, &ViewOptions::all_overlays());
        for card in &scene.cards {
            for line in card.name.lines.iter().chain(card.kind.iter().flat_map(|k| k.lines.iter())) {
                let measured = metrics.measure(&line.text, card.name.size.min(line_size(card, line)));
                let fits = line.x >= card.rect.x && line.x + line.width <= card.rect.right() + 0.01;
                assert!(fits && measured <= card.rect.w, "{}: {:?} overflows {}", sample.file, line.text, card.id);
                checked += 1;
            }
        }
        for region in &scene.regions {
            for line in region.title.lines.iter().chain(region.subtitle.iter().flat_map(|s| s.lines.iter())) {
                assert!(line.x + line.width <= region.rect.right() + 0.01, "{}: {:?}", sample.file, line.text);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} lines checked");
}

fn line_size(card: &scene::Card, line: &scene::TextLine) -> f32 {
    match &card.kind {
        Some(kind) if kind.lines.iter().any(|l| std::ptr::eq(l, line)) => kind.size,
        _ => card.name.size,
    }
}

#[test]
fn long_and_korean_names_wrap_inside_their_cards() {
    let mut diagram = model(&all_samples()[0]).into_diagram();
    let long = "Order fulfilment and settlement service with an unreasonably long descriptive name";
    let korean = "주문 처리 및 결제 정산 서비스 데이터베이스 기본 인스턴스";
    let ids: Vec<String> = diagram.components.iter().take(2).map(|c| c.id.to_string()).collect();
    diagram.components[0].name = long.into();
    diagram.components[1].name = korean.into();
    let model = Model::new(diagram).expect("renaming keeps the diagram valid");
    let scene = build(&model, &ViewOptions::default());
    let metrics = FontMetrics::bundled();
    for (id, name) in ids.iter().zip([long, korean]) {
        let Some(ItemRef::Card(i)) = scene.item(id) else { continue };
        let card = &scene.cards[i as usize];
        assert!(card.name.lines.len() >= 2 || card.name.truncated, "{id}: {:?}", card.name.lines);
        for line in &card.name.lines {
            assert!(line.x + metrics.measure(&line.text, card.name.size) <= card.rect.right() + 0.01, "{line:?}");
        }
        let tooltip = scene.tooltip(&model, None, ItemRef::Card(i)).expect("a tooltip");
        assert!(tooltip.contains(name), "the full name stays in the tooltip");
    }
}

#[test]
fn hitting_a_flow_in_its_middle_finds_the_flow() {
    let mut checked = 0;
    for sample in all_samples() {
        let model = model(sample);
        let scene = build(&model, &ViewOptions::default());
        for (i, flow) in scene.flows.iter().enumerate() {
            // The middle of the longest segment, nudged off the line by less than the tolerance.
            let Some(w) = flow.points.windows(2).max_by(|a, b| a[0].distance(a[1]).total_cmp(&b[0].distance(b[1])))
            else {
                continue;
            };
            let mid = Pt { x: (w[0].x + w[1].x) / 2.0 + 2.0, y: (w[0].y + w[1].y) / 2.0 + 2.0 };
            let hit = scene.hit(mid, 4.0).expect("something is hit");
            // A label, badge or card drawn over the line may win, or a later flow sharing the segment; never a
            // region or nothing.
            match hit.item {
                ItemRef::Flow(j) => {
                    let other = &scene.flows[j as usize];
                    let near = other.points.windows(2).any(|s| seg_distance(mid, s[0], s[1]) <= 4.0);
                    assert!(j as usize >= i && near, "{}: flow#{i} at {mid:?} hit {hit:?}", sample.file);
                    checked += usize::from(j as usize == i);
                }
                ItemRef::Region(_) => panic!("{}: flow#{i} at {mid:?} hit a region", sample.file),
                _ => {}
            }
        }
    }
    assert!(checked > 20, "only {checked} flows checked");
}

fn seg_distance(p: Pt, a: Pt, b: Pt) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = (dx * dx + dy * dy).max(f32::EPSILON);
    let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0);
    p.distance(Pt { x: a.x + t * dx, y: a.y + t * dy })
}

#[test]
fn regions_are_hit_by_border_and_title_not_interior_and_cards_by_body() {
    let model = model(&all_samples()[0]);
    let scene = build(&model, &ViewOptions::default());
    let card = &scene.cards[0];
    assert_eq!(scene.hit(card.rect.center(), 4.0).map(|h| h.id), Some(card.id.to_string()));
    let mut titles = 0;
    for (i, region) in scene.regions.iter().enumerate() {
        let title = Pt { x: region.title_bar.x + 30.0, y: region.title_bar.y + region.title_bar.h / 2.0 };
        let hit = scene.hit(title, 2.0).expect("a title bar is always hit");
        if let ItemRef::Region(j) = hit.item {
            assert!(j as usize >= i, "{} hit under {hit:?}", region.id);
            titles += usize::from(j as usize == i);
        }
    }
    assert!(titles * 2 > scene.regions.len(), "most title bars are not covered: {titles} of {}", scene.regions.len());
    let region = scene.regions.iter().rev().find(|r| r.rect.w > 300.0).expect("a large region");
    let empty = (0..200)
        .map(|k| Pt { x: region.rect.x + 20.0 + k as f32 * 3.0, y: region.rect.bottom() - 12.0 })
        .find(|&p| scene.hit(p, 2.0).is_none());
    assert!(empty.is_some() || region.rect.h < 40.0, "the interior near the bottom is always taken?");
}

#[test]
fn culling_returns_only_what_touches_the_view() {
    let model = model(&all_samples()[0]);
    let scene = build(&model, &ViewOptions::all_overlays());
    let b = scene.bounds;
    let view = Rect { x: b.x, y: b.y, w: b.w / 3.0, h: b.h / 3.0 };
    let visible = scene.visible(&view);
    let grown = view.expand(4.0);
    assert!(!visible.cards.is_empty() && visible.cards.len() < scene.cards.len(), "{visible:?}");
    for &i in &visible.cards {
        assert!(scene.cards[i as usize].rect.intersects(&grown));
    }
    let expected: Vec<u32> =
        (0..scene.cards.len() as u32).filter(|&i| scene.cards[i as usize].rect.intersects(&grown)).collect();
    assert_eq!(visible.cards, expected, "every visible card, in draw order");
    for &i in &visible.flows {
        let flow = &scene.flows[i as usize];
        assert!(Rect::around(&flow.points).is_some_and(|r| r.intersects(&grown)));
    }
    let everything = scene.visible(&b);
    assert_eq!(everything.cards.len(), scene.cards.len());
    assert_eq!(everything.flows.len(), scene.flows.len());
}

#[test]
fn rectangle_selection_takes_what_lies_inside() {
    let model = model(&all_samples()[0]);
    let scene = build(&model, &ViewOptions::default());
    let card = &scene.cards[0];
    let picked = scene.select_rect(&card.rect.expand(1.0));
    assert!(picked.contains(&card.id.to_string()), "{picked:?}");
    assert_eq!(
        scene.select_rect(&scene.bounds.expand(1.0)).len(),
        scene.cards.len() + scene.regions.len() + scene.flows.len()
    );
}

#[test]
fn building_twice_gives_the_same_scene() {
    for sample in all_samples() {
        let model = model(sample);
        for (name, options) in option_sets() {
            let (a, b) = (build(&model, &options), build(&model, &options));
            assert_eq!(a.dump(), b.dump(), "{} ({name})", sample.file);
            assert_eq!(
                (&a.cards, &a.flows, &a.regions, &a.badges, &a.labels),
                (&b.cards, &b.flows, &b.regions, &b.badges, &b.labels)
            );
        }
    }
}

#[test]
fn a_scene_rebuilt_in_the_lists_of_another_is_the_scene_built_anew() {
    let samples = all_samples();
    for (k, sample) in samples.iter().enumerate() {
        let model = model(sample);
        // The lists come from another sample's scene with other options, so they start longer or shorter.
        let other = self::model(&samples[(k + 1) % samples.len()]);
        let analysis = analyze(&model);
        for (name, options) in option_sets() {
            let fresh = build(&model, &options);
            let blast = scene::blast_radius(&model, &options);
            let inputs = Inputs { model: &model, analysis: Some(&analysis), blast: blast.as_ref() };
            let rebuilt = scene::rebuild(&inputs, &options, build(&other, &ViewOptions::all_overlays()));
            assert_eq!(fresh.dump(), rebuilt.dump(), "{} ({name})", sample.file);
            assert_eq!(
                (&fresh.cards, &fresh.flows, &fresh.regions, &fresh.notes, &fresh.badges, &fresh.labels),
                (&rebuilt.cards, &rebuilt.flows, &rebuilt.regions, &rebuilt.notes, &rebuilt.badges, &rebuilt.labels)
            );
            assert_eq!((&fresh.legend, &fresh.title, fresh.bounds), (&rebuilt.legend, &rebuilt.title, rebuilt.bounds));
            let c = fresh.bounds.center();
            let view = Rect { x: c.x - 400.0, y: c.y - 300.0, w: 800.0, h: 600.0 };
            let (a, b) = (fresh.visible(&view), rebuilt.visible(&view));
            assert_eq!((&a.cards, &a.flows, &a.regions, &a.badges), (&b.cards, &b.flows, &b.regions, &b.badges));
            assert_eq!(fresh.hit(c, 4.0).map(|h| h.id), rebuilt.hit(c, 4.0).map(|h| h.id));
        }
    }
}

#[test]
fn components_without_layout_are_placed_inside_their_parents() {
    let mut diagram = model(&all_samples()[0]).into_diagram();
    diagram.layout.components.clear();
    diagram.layout.flows.clear();
    let model = Model::new(diagram).expect("a diagram without layout is valid");
    let scene = build(&model, &ViewOptions::default());
    let rect_of = |id: &str| scene.element_rect(id).expect("drawn");
    let mut nested = 0;
    for component in model.components() {
        if let Some(parent) = &component.parent {
            assert!(
                rect_of(parent.as_str()).contains_rect(&rect_of(component.id.as_str())),
                "{} in {parent}",
                component.id
            );
            nested += 1;
        }
    }
    assert!(nested > 5);
    // Siblings do not overlap.
    for a in &scene.cards {
        for b in &scene.cards {
            if a.id < b.id {
                let overlap = a.rect.expand(-0.5).intersects(&b.rect.expand(-0.5));
                assert!(!overlap, "{} overlaps {}", a.id, b.id);
            }
        }
    }
}

#[test]
fn overlays_put_badges_with_letters_and_dim_what_the_blast_does_not_reach() {
    let model = model(&all_samples()[0]);
    let scene = build(&model, &ViewOptions::all_overlays());
    let threat_badges: Vec<_> = scene.badges.iter().filter(|b| b.kind == scene::BadgeKind::Threats).collect();
    assert!(!threat_badges.is_empty());
    for badge in threat_badges {
        let text = &badge.text.lines[0].text;
        assert!(["C", "H", "E", "M", "L"].iter().any(|l| text.ends_with(l)), "{text}");
    }
    assert!(scene.badges.iter().any(|b| b.kind == scene::BadgeKind::Blast));
    assert!(scene.cards.iter().any(|c| c.dimmed) && scene.cards.iter().any(|c| !c.dimmed));
    assert!(scene.legend.entries.len() > 10);
    // Hover and selection never rebuild the scene: they are outlines computed from it.
    let ids = [scene.cards[0].id.as_str()];
    let focus = scene::Focus { selected: &ids, hovered: Some(scene.flows[0].id.as_str()), highlighted: &[] };
    assert_eq!(scene.overlay(&focus).len(), 2);
}

#[test]
fn notes_are_drawn_beside_what_they_comment_on_and_can_be_hit() {
    let mut notes = 0;
    for sample in all_samples() {
        let model = model(sample);
        let scene = build(&model, &ViewOptions::default());
        assert_eq!(scene.notes.len(), model.diagram().notes.len(), "{}", sample.file);
        for (note, shape) in model.diagram().notes.iter().zip(&scene.notes) {
            assert_eq!(note.id.as_str(), shape.id);
            assert_eq!(note.attached_to.is_some(), shape.connector.is_some(), "{}", note.id);
            let hit = scene.hit(shape.rect.center(), 2.0).expect("a note is hit");
            assert!(hit.id == shape.id || !matches!(hit.item, ItemRef::Note(_) | ItemRef::Region(_)), "{hit:?}");
            notes += 1;
        }
    }
    assert!(notes > 0, "no sample has a note to check");
}

#[test]
fn a_flow_between_two_regions_runs_from_one_to_the_other() {
    // Two pods with containers are regions; the flow between them once came out as a loop on the first pod.
    let model = trustmap::io::load_str(
        r#"{"format":"trustmap","version":2,"components":[
            {"id":"node","kind":"ec2-node","name":"Node group"},
            {"id":"pod","kind":"pod","name":"storefront","parent":"node"},
            {"id":"nginx","kind":"container","name":"nginx","parent":"pod"},
            {"id":"pod-2","kind":"pod","name":"orders","parent":"node"},
            {"id":"app","kind":"container","name":"orders app","parent":"pod-2"}],
          "flows":[{"id":"call","from":"pod","to":"pod-2","pattern":"sync-request"}],
          "layout":{"components":{
            "node":{"x":0,"y":0,"w":860,"h":340},
            "pod":{"x":20,"y":40,"w":300,"h":200},"nginx":{"x":40,"y":90,"w":160,"h":64},
            "pod-2":{"x":460,"y":40,"w":300,"h":200},"app":{"x":480,"y":90,"w":160,"h":64}}}}"#,
    )
    .expect("the fixture is valid");
    for (name, options) in option_sets() {
        let scene = build(&model, &options);
        let region = |id: &str| scene.regions.iter().find(|r| r.id == id).expect("pods are regions").rect;
        let (from, to) = (region("pod"), region("pod-2"));
        let flow = scene.flows.iter().find(|f| f.id == "call").expect("the flow is drawn");
        let (first, last) = (flow.points[0], flow.points[flow.points.len() - 1]);
        let on_border = |r: Rect, p: Pt| {
            (p.x - r.x).abs() < 1.0
                || (p.x - r.right()).abs() < 1.0
                || (p.y - r.y).abs() < 1.0
                || (p.y - r.bottom()).abs() < 1.0
        };
        assert!(on_border(from, first), "{name}: starts on storefront's border, not {first:?}");
        assert!(on_border(to, last), "{name}: ends on orders' border, not {last:?}");
        assert!(!from.contains(last), "{name}: the arrow does not point back into storefront");
    }
}

/// Flows between the same two cards (Web UI and Web Service call each other in this Threat Dragon model) are
/// drawn apart, with straight and orthogonal routing, their labels too.
#[test]
fn flows_between_the_same_two_cards_are_drawn_apart() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/threat-dragon/three-tier-web-app.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let imported = trustmap::import::import_bytes(&bytes).unwrap_or_else(|p| panic!("{p:?}"));
    let model = Model::new(imported.diagram).unwrap_or_else(|p| panic!("{p:?}"));
    for (name, options) in option_sets() {
        let scene = build(&model, &options);
        let flow = |id: &str| scene.flows.iter().find(|f| f.id == id).unwrap_or_else(|| panic!("no flow {id}"));
        let (there, back) = (flow("web-ui-to-web-service"), flow("web-service-to-web-ui"));
        let apart =
            |p: &[Pt], q: &[Pt]| p.iter().all(|x| q.windows(2).all(|w| distance_to_segment(*x, w[0], w[1]) >= 4.0));
        assert!(apart(&there.points, &back.points), "{name}: {:?} and {:?}", there.points, back.points);
        assert!(apart(&back.points, &there.points), "{name}: {:?} and {:?}", back.points, there.points);
    }
}

fn distance_to_segment(p: Pt, a: Pt, b: Pt) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = dx * dx + dy * dy;
    let t = if len > 0.0 { (((p.x - a.x) * dx + (p.y - a.y) * dy) / len).clamp(0.0, 1.0) } else { 0.0 };
    (p.x - a.x - t * dx).hypot(p.y - a.y - t * dy)
}

/// The diagram whose nodes, function and database name subnets besides their parent (`subnets`, format 3).
fn named_subnets() -> Model {
    let path = format!("{}/tests/precision/node-subnets.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the precision diagram");
    trustmap::io::load_str(&text).expect("the precision diagram is valid")
}

#[test]
fn named_subnets_show_as_a_badge_with_the_count_and_the_public_ones_not_as_regions() {
    let model = named_subnets();
    for options in [ViewOptions::default(), ViewOptions::all_overlays()] {
        let scene = build(&model, &options);
        // Each subnet is drawn once, where it sits; naming it elsewhere draws no second region for it.
        for subnet in ["public-a", "private-a"] {
            let drawn = scene.regions.iter().filter(|r| r.id == subnet).count()
                + scene.cards.iter().filter(|c| c.id == subnet).count();
            assert_eq!(drawn, 1, "{subnet}");
        }
        let badges: Vec<(&str, &str, String)> = scene
            .badges
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind == scene::BadgeKind::Subnets)
            .map(|(i, b)| {
                let owner = scene.element_id(b.owner).expect("a badge sits on an element");
                let icon = b.icon.expect("a subnet pictogram").0;
                let tip = scene.tooltip(&model, None, ItemRef::Badge(i as u32)).expect("a tooltip");
                assert!(b.rect.contains(b.icon.expect("icon").1.center()), "the pictogram is inside the pill");
                let text = b.text.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
                assert!(tip.starts_with("also runs in 1 subnet:"), "{tip}");
                (owner, icon, format!("{text} | {}", tip.lines().nth(1).unwrap_or("")))
            })
            .collect();
        let mut owners: Vec<&str> = badges.iter().map(|b| b.0).collect();
        owners.sort_unstable();
        assert_eq!(owners, ["app-nodes", "db", "edge-nodes", "fn"], "{badges:?}");
        for (owner, icon, text) in &badges {
            assert_eq!(*icon, "subnet");
            let expected = if *owner == "edge-nodes" {
                "1 public | · Public subnet A (public)"
            } else {
                "1 | · Private subnet A (private)"
            };
            assert_eq!(text, expected, "{owner}");
        }
    }
}

#[test]
fn named_subnets_match_their_scene_snapshot() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("scene").join("node-subnets.txt");
    let actual = build(&named_subnets(), &ViewOptions::all_overlays()).dump();
    if std::env::var("UPDATE_SCENE").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &actual).expect("write the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(expected == actual, "{}: the scene changed (if intended, run `{HOW_TO_UPDATE}`)", path.display());
}
