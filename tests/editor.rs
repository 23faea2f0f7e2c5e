//! The editor driven as a user would, headless through egui_kittest (no window, no GPU): palette, canvas drags,
//! the findings panel, undo, overlays, posture, triage, manual threats, dropped files, save and reload. Elements
//! are found through the accessible nodes the canvas gives every card, region and flow.
#![cfg(feature = "gui")]

use egui::{Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use trustmap::model::Posture;
use trustmap::ui::{App, Options};

fn harness(app: App) -> Harness<'static, App> {
    sized(app, 950.0)
}

fn sized(app: App, height: f32) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1500.0, height))
        .with_context_setup(trustmap::ui::install_fonts)
        .build_ui_state(|ui, app: &mut App| app.ui_contents(ui), app);
    harness.run();
    harness
}

fn findings(harness: &Harness<'_, App>) -> Vec<String> {
    harness
        .state()
        .workspace()
        .analysis()
        .map(|a| a.findings.iter().map(|f| f.id().to_owned()).collect())
        .unwrap_or_default()
}

/// Presses at `from`, moves in steps to `to` and releases there.
fn drag(harness: &mut Harness<'_, App>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.step();
    harness.drag_at(from);
    harness.step();
    for i in 1..=6 {
        let t = i as f32 / 6.0;
        harness.hover_at(from + (to - from) * t);
        harness.step();
    }
    harness.drop_at(to);
    harness.step();
    harness.run();
}

fn card(harness: &Harness<'_, App>, label: &str) -> egui::Rect {
    harness.get_by_label(&format!("{label} (component)")).rect()
}

#[test]
fn palette_canvas_flow_findings_and_undo() {
    let mut harness = harness(App::untitled());
    assert_eq!(harness.state().workspace().diagram().components.len(), 0);
    harness.get_by_label("Add Internet").click();
    harness.run();
    harness.get_by_label("Add RDS database").click();
    harness.run();
    let d = harness.state().workspace().diagram();
    assert_eq!(d.components.len(), 2, "two components from the palette");
    let lambda = card(&harness, "Internet");
    let rds = card(&harness, "RDS database");
    assert!(
        !lambda.intersects(rds),
        "the second card is not stacked on the first: {lambda:?} {rds:?} {:?}",
        harness.state().workspace().diagram().layout.components
    );
    let before = findings(&harness);

    // Select the internet, then drag from its connection handle (middle of the right edge) onto the database.
    harness.get_by_label("Internet (component)").click();
    harness.run();
    drag(&mut harness, pos2(lambda.right(), lambda.center().y), rds.center());
    let d = harness.state().workspace().diagram();
    assert_eq!(d.flows.len(), 1, "a flow was drawn");
    assert_eq!(d.flows[0].pattern.to_string(), "data-write", "a flow to a store starts as a write");
    let after = findings(&harness);
    assert_ne!(before, after, "the findings changed with the new flow");
    harness.get_by_label_contains(&format!(
        "Findings ({}",
        harness.state().workspace().analysis().map_or(0, |a| a.risk.open)
    ));

    // Undo removes the flow and the findings come back as they were.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(harness.state().workspace().diagram().flows.len(), 0);
    assert_eq!(findings(&harness), before);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    harness.run();
    assert_eq!(harness.state().workspace().diagram().flows.len(), 1, "redo brings it back");

    // Grabbing the line and dragging bends it: one waypoint where it was dropped.
    let flow = harness.state().workspace().diagram().flows[0].id.clone();
    let middle = harness.get_by_label(&format!("{flow} (flow)")).rect().center();
    drag(&mut harness, middle, middle - egui::vec2(0.0, 120.0));
    let route = harness.state().workspace().diagram().layout.flows.get(&flow).cloned();
    assert_eq!(route.map(|r| r.waypoints.len()), Some(1), "a bend point was added");
}

#[test]
fn moving_a_card_into_a_container_nests_it_and_an_illegal_drop_is_refused() {
    let mut harness = harness(App::untitled());
    harness.get_by_label("Add VPC").click();
    harness.run();
    harness.get_by_label("Add Lambda function").click();
    harness.run();
    let vpc = harness.get_by_label("VPC (group)").rect();
    let lambda = card(&harness, "Lambda function");
    // The VPC's title bar is its accessible node; its body lies below it.
    let inside = pos2(vpc.center().x, vpc.bottom() + 60.0);
    drag(&mut harness, lambda.center(), inside);
    let d = harness.state().workspace().diagram();
    let function = d.components.iter().find(|c| c.name == "Lambda function").unwrap();
    assert_eq!(function.parent.as_ref().map(|p| p.as_str()), Some("vpc"), "dropped into the VPC");

    // A pod may not sit at the top level: dropping one on empty canvas is refused with the nesting rule.
    let empty = pos2(300.0, 850.0);
    let pods = |h: &Harness<'_, App>| {
        h.state().workspace().diagram().components.iter().filter(|c| c.kind.to_string() == "pod").count()
    };
    harness.get_by_label("Add Pod").click();
    harness.run();
    assert_eq!(pods(&harness), 0, "a pod needs a node or Fargate profile");
    harness.get_by_label_contains("must sit inside");
    let _ = empty;
}

#[test]
fn overlays_posture_triage_and_manual_threats() {
    // Tall enough for the inspector to show a component's manual threats without scrolling.
    let mut harness = sized(App::with_sample(0), 2600.0);
    assert!(harness.state().view_options().threats);
    harness.get_by_label("Threats").click();
    harness.run();
    assert!(!harness.state().view_options().threats, "threat badges off");
    harness.get_by_label("Responsibility").click();
    harness.run();
    assert!(harness.state().view_options().responsibility.is_some());
    harness.get_by_label("Contexts").click();
    harness.run();
    assert!(!harness.state().view_options().contexts);
    harness.get_by_label("Blast radius").click();
    harness.run();
    assert_eq!(harness.state().view_options().blast.as_deref(), Some("actor:internet"));
    harness.get_by_label_contains("controls");

    let risk_before = harness.state().workspace().analysis().map(|a| a.risk.total);
    harness.get_by_label("Zero trust").click();
    harness.run();
    assert_eq!(harness.state().workspace().diagram().settings.posture, Posture::ZeroTrust);
    assert_ne!(
        harness.state().workspace().analysis().map(|a| a.risk.total),
        risk_before,
        "re-analysed under zero trust"
    );

    // Triage the first finding as accepted from the findings panel.
    harness.get_by_label_contains("Findings (").click();
    harness.run();
    let first = harness.state().workspace().analysis().unwrap().findings[0].clone();
    let subject = harness.state().workspace().subject(first.id());
    harness.get_by_label_contains(&format!("{} · {subject}", first.title())).click();
    harness.run();
    harness.get_by_label("Status").click();
    harness.run();
    harness.get_by_label("accepted").click();
    harness.run();
    let triage = harness.state().workspace().diagram().triage.get(first.id()).cloned();
    assert_eq!(triage.map(|t| t.status.to_string()), Some("accepted".to_owned()));

    // A manual threat on the selected component, from the inspector.
    let component = harness.state().workspace().diagram().components[0].clone();
    harness.state_mut().select_for_test(vec![component.id.clone()]);
    harness.get_by_label("Inspector").click();
    harness.run();
    harness.get_by_label("New threat title").focus();
    harness.run();
    harness.get_by_label("New threat title").type_text("Leaked admin token");
    harness.run();
    harness.get_by_label("Add threat").click();
    harness.run();
    let threats = &harness.state().workspace().diagram().threats;
    assert_eq!(threats.len(), 1);
    assert_eq!(threats[0].element, component.id);
    let manual = format!("manual-threat@{}", threats[0].id);
    assert!(
        harness.state().workspace().analysis().unwrap().findings.iter().any(|f| f.id() == manual),
        "it counts as a finding"
    );
}

#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// A fresh folder of this test process for files a test writes (removed by the test at its end).
fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("trustmap-editor-{name}-{}", std::process::id()));
    let made = std::fs::create_dir_all(&dir);
    assert!(made.is_ok(), "cannot make {}: {made:?}", dir.display());
    dir
}

/// Replaces the text of the in-app path prompt with `path`.
fn type_path(harness: &mut Harness<'_, App>, path: &std::path::Path) {
    harness.get_by_label("File path").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("File path").type_text(&path.display().to_string());
    harness.run();
}

/// Steps until `done` or about five seconds have passed (file work runs on another thread).
fn wait(harness: &mut Harness<'_, App>, done: impl Fn(&App) -> bool) {
    for _ in 0..100 {
        if done(harness.state()) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.step();
    }
    assert!(done(harness.state()), "timed out waiting for the file operation");
}

#[test]
fn dropping_a_file_opens_it_and_ctrl_s_saves_back_to_it() {
    let dir = scratch_dir("test");
    let path = dir.join("queue.json");
    let sample = trustmap::io::samples::find("pattern-queue").unwrap();
    std::fs::write(&path, sample.json).unwrap();

    let mut harness = harness(App::untitled());
    harness.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(path.clone())));
    harness.step();
    wait(&mut harness, |app| !app.workspace().diagram().components.is_empty());
    let expected = trustmap::io::open_bytes(sample.json.as_bytes()).unwrap().diagram;
    assert_eq!(harness.state().workspace().diagram(), &expected, "the dropped file is open");

    // Delete everything, save with Ctrl+S to the same file, and read it back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.key_press(egui::Key::Delete);
    harness.run();
    assert!(harness.state().workspace().diagram().components.is_empty());
    assert!(harness.state().title().starts_with('●'), "unsaved marker");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.step();
    wait(&mut harness, |app| !app.workspace().doc().is_dirty());
    let saved = trustmap::io::open_bytes(&std::fs::read(&path).unwrap()).unwrap().diagram;
    assert!(saved.components.is_empty(), "the emptied diagram was written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn opening_a_file_with_problems_keeps_it_open_and_lists_them() {
    let dir = scratch_dir("bad");
    let path = dir.join("bad.json");
    std::fs::write(
        &path,
        r#"{"format":"trustmap","version":1,"components":[{"id":"a","kind":"lamda","name":"A"},{"id":"b","kind":"lambda","name":"B"}]}"#,
    )
    .unwrap();
    let harness = harness(App::new(Options { file: Some(path), ..Options::default() }));
    harness.get_by_label_contains("unknown kind \"lamda\"");
    assert_eq!(harness.state().workspace().diagram().components.len(), 1, "the readable component stays");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_palette_click_with_a_container_selected_puts_the_new_component_inside_it() {
    let mut harness = harness(App::untitled());
    harness.get_by_label("Add VPC").click();
    harness.run();
    for _ in 0..5 {
        harness.get_by_label("Add Subnet").click();
        harness.run();
        // Keep the VPC selected: each subnet goes into it, growing it when it is full.
        let vpc = harness.state().workspace().diagram().components[0].id.clone();
        harness.state_mut().select_for_test(vec![vpc]);
        harness.run();
    }
    let d = harness.state().workspace().diagram();
    let vpc = &d.components[0];
    let area = d.layout.components[&vpc.id];
    let subnets: Vec<_> = d.components.iter().filter(|c| c.parent.as_ref() == Some(&vpc.id)).collect();
    assert_eq!(subnets.len(), 5, "every subnet sits in the VPC");
    let rects: Vec<_> = subnets.iter().map(|c| d.layout.components[&c.id]).collect();
    for r in &rects {
        assert!(area.contains_rect(r), "{r:?} lies inside the VPC {area:?}");
    }
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            let apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            assert!(apart, "{a:?} and {b:?} do not overlap");
        }
    }
}

#[test]
fn save_as_asks_for_a_path_in_the_app_and_writes_there() {
    let dir = scratch_dir("saveas");
    let path = dir.join("drawn.json");
    let mut harness = harness(App::untitled());
    harness.get_by_label("Add Lambda function").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::S);
    harness.run();
    type_path(&mut harness, &path);
    harness.get_by_label("Save").click();
    harness.step();
    wait(&mut harness, |app| !app.workspace().doc().is_dirty());
    let saved = trustmap::io::open_bytes(&std::fs::read(&path).unwrap()).unwrap().diagram;
    assert_eq!(saved.components.len(), 1);
    assert!(harness.state().title().contains("drawn.json"), "the title names the file now");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_click_inside_an_empty_container_selects_it_and_a_right_click_offers_compromise_this() {
    let mut harness = harness(App::untitled());
    harness.get_by_label("Add VPC").click();
    harness.run();
    harness.state_mut().select_for_test(Vec::new());
    harness.run();
    let title = harness.get_by_label("VPC (group)").rect();
    let inside = pos2(title.center().x, title.bottom() + 80.0);
    harness.hover_at(inside);
    harness.run();
    harness.event(egui::Event::PointerButton {
        pos: inside,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: inside,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run();
    let selected: Vec<String> = harness.state().selection().iter().map(ToString::to_string).collect();
    assert_eq!(selected, vec!["vpc".to_owned()]);
    harness.event(egui::Event::PointerButton {
        pos: inside,
        button: egui::PointerButton::Secondary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: inside,
        button: egui::PointerButton::Secondary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run();
    harness.get_by_label("Compromise this").click();
    harness.run();
    assert_eq!(harness.state().view_options().blast.as_deref(), Some("vpc"));
}

#[test]
fn export_writes_an_svg_that_opens_again_as_the_same_diagram() {
    let dir = scratch_dir("export");
    let path = dir.join("shop.svg");
    let mut harness = harness(App::with_sample(0));
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export SVG…").click();
    harness.run();
    harness.get_by_label("Export SVG picture…").click();
    harness.run();
    type_path(&mut harness, &path);
    harness.get_by_label("Export").click();
    harness.step();
    wait(&mut harness, |_| path.is_file());
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"<?xml") || bytes.starts_with(b"<svg"), "an SVG was written");
    let reopened = trustmap::io::open_bytes(&bytes).unwrap().diagram;
    assert_eq!(&reopened, harness.state().workspace().diagram(), "the embedded diagram is the document");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_new_note_is_typed_in_place_on_the_canvas() {
    let mut harness = harness(App::untitled());
    harness.get_by_label("Add Note").click();
    harness.run();
    let field = harness.get_by_label("Note text");
    field.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Note text").type_text("Payments are PCI scope");
    harness.run();
    // Clicking the empty canvas ends the editing and keeps the text.
    harness.hover_at(pos2(400.0, 850.0));
    harness.event(egui::Event::PointerButton {
        pos: pos2(400.0, 850.0),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: pos2(400.0, 850.0),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run();
    let notes = &harness.state().workspace().diagram().notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "Payments are PCI scope");
}

#[test]
fn a_selected_container_moves_by_its_body_and_an_unselected_one_gets_a_rubber_band() {
    let mut harness = harness(App::untitled());
    harness.get_by_label("Add VPC").click();
    harness.run();
    let vpc_rect = |h: &Harness<'_, App>| {
        let d = h.state().workspace().diagram();
        d.layout.components.iter().find(|(id, _)| id.as_str() == "vpc").map(|(_, r)| (r.x, r.y))
    };
    harness.state_mut().select_for_test(Vec::new());
    harness.run();
    let before = vpc_rect(&harness);
    let title = harness.get_by_label("VPC (group)").rect();
    let inside = pos2(title.center().x, title.bottom() + 80.0);
    // Not selected: the drag draws a rubber band and moves nothing.
    drag(&mut harness, inside, inside + egui::vec2(60.0, 40.0));
    assert_eq!(vpc_rect(&harness), before, "an unselected container does not move");
    // Selected: the same drag moves it.
    harness.state_mut().select_for_test(vec![trustmap::model::Id::new("vpc").unwrap()]);
    harness.run();
    drag(&mut harness, inside, inside + egui::vec2(60.0, 40.0));
    let (Some((x0, y0)), Some((x1, y1))) = (before, vpc_rect(&harness)) else { panic!("the VPC has no rectangle") };
    assert!((x1 - x0 - 60.0).abs() <= 20.0 && (y1 - y0 - 40.0).abs() <= 20.0, "moved from {x0},{y0} to {x1},{y1}");
}

#[test]
fn tidy_up_lays_out_the_whole_diagram_in_one_undo_step() {
    let mut harness = harness(App::with_sample(0));
    let layout = |h: &Harness<'_, App>| h.state().workspace().diagram().layout.clone();
    let before = layout(&harness);
    harness.state_mut().select_for_test(Vec::new());
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::L);
    harness.run();
    let after = layout(&harness);
    assert_ne!(after, before, "Tidy up moved something");
    let d = harness.state().workspace().diagram().clone();
    assert!(trustmap::layout::check::problems(&d).is_empty(), "{:?}", trustmap::layout::check::problems(&d));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(layout(&harness), before, "one undo restores the layout");
}

#[test]
fn dropping_a_cloudformation_template_imports_it_with_its_nested_stacks() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/iac/cloudformation/nested-msk-pipes/template.yaml");
    let mut harness = harness(App::untitled());
    harness.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(path.clone())));
    harness.step();
    wait(&mut harness, |app| !app.workspace().diagram().components.is_empty());
    harness.run();
    let d = harness.state().workspace().diagram().clone();
    // The nested stacks were read from the template's folder: the MSK cluster of one and the VPC of another.
    assert!(d.components.iter().any(|c| c.source == "MSKCluster/MSKCluster"), "{:?}", d.components);
    assert!(d.components.iter().any(|c| c.source == "MSKVPCStack/VPC"));
    assert_eq!(d.layout.components.len(), d.components.len(), "laid out by Tidy up");
    assert!(harness.state().workspace().analysis().is_some(), "analysed on arrival");
    assert!(harness.query_all_by_label_contains("imported from AWS SAM template").count() > 0, "the report is shown");
    // The inspector says which template resource a component came from.
    let msk = d.components.iter().find(|c| c.source == "MSKCluster/MSKCluster").map(|c| c.id.clone());
    harness.state_mut().select_for_test(msk.into_iter().collect());
    harness.get_by_label("Inspector").click();
    harness.run();
    assert!(harness.query_by_label_contains("Imported from MSKCluster/MSKCluster").is_some(), "the inspector names it");
}

#[test]
fn dropping_a_threagile_model_imports_it_lays_it_out_and_shows_the_report() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/threagile/threagile-example-model.yaml");
    let mut harness = harness(App::untitled());
    harness.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(path.clone())));
    harness.step();
    wait(&mut harness, |app| !app.workspace().diagram().components.is_empty());
    harness.run();
    let d = harness.state().workspace().diagram().clone();
    assert!(d.components.len() > 10, "{} components", d.components.len());
    assert_eq!(d.layout.components.len(), d.components.len(), "laid out by Tidy up");
    assert!(harness.state().workspace().analysis().is_some_and(|a| !a.findings.is_empty()), "analysed on arrival");
    let report_lines = |h: &Harness<'_, App>| h.query_all_by_label_contains("imported from Threagile").count();
    assert!(report_lines(&harness) > 0, "the import report is shown");
    harness.get_by_label("OK").click();
    harness.run();
    assert_eq!(report_lines(&harness), 0, "the report closes");
    assert!(
        !harness.state().title().contains(".yaml"),
        "an import is a new untitled document, never saved over the model"
    );
    assert!(harness.state().workspace().doc().is_dirty(), "an import is unsaved work: closing asks first");

    // The imported manual threat is triaged from the findings panel like any finding.
    harness.get_by_label_contains("Findings (").click();
    harness.run();
    harness.get_by_label_contains("Example Individual Risk at Contract Filesystem").click();
    harness.run();
    harness.get_by_label("Status").click();
    harness.run();
    harness.get_by_label("accepted").click();
    harness.run();
    let threat = harness.state().workspace().diagram().threats.iter().find(|t| t.title.contains("Contract Filesystem"));
    assert_eq!(threat.map(|t| t.status), Some(trustmap::model::triage::TriageStatus::Accepted));
}

#[test]
fn review_mode_refuses_edits_but_triage_and_notes_work() {
    let options = Options { file: Some("sample:shop-eks-ec2".into()), review: true, ..Options::default() };
    let mut harness = sized(App::new(options), 1200.0);
    assert!(harness.state().review());
    harness.get_by_label("Review mode");
    let before = harness.state().workspace().diagram().clone();
    assert!(before.components.len() > 3);

    // Delete, duplicate and cut by keyboard, a drag on the canvas and the palette: nothing changes.
    let name = before.components.iter().find(|c| !c.name.is_empty() && c.name.len() < 14).unwrap().name.clone();
    harness.get_by_label(&format!("{name} (component)")).click();
    harness.run();
    assert_eq!(harness.state().selection().len(), 1, "selecting still works");
    harness.key_press(egui::Key::Delete);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    harness.run();
    let rect = card(&harness, &name);
    drag(&mut harness, rect.center(), rect.center() + egui::vec2(120.0, 80.0));
    harness.get_by_label("Add Internet").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::L);
    harness.run();
    assert_eq!(harness.state().workspace().diagram(), &before, "review mode changed the design");
    assert!(!harness.state().workspace().doc().is_dirty());
    harness.get_by_label_contains("only triage and notes can be changed");

    // Overlays still work, and so does triage from the findings panel.
    harness.get_by_label("Blast radius").click();
    harness.run();
    assert!(harness.state().view_options().blast.is_some());
    harness.get_by_label_contains("Findings (").click();
    harness.run();
    let first = harness.state().workspace().analysis().unwrap().findings[0].clone();
    let subject = harness.state().workspace().subject(first.id());
    harness.get_by_label_contains(&format!("{} · {subject}", first.title())).click();
    harness.run();
    harness.get_by_label("Status").click();
    harness.run();
    harness.get_by_label("false-positive").click();
    harness.run();
    let triage = harness.state().workspace().diagram().triage.get(first.id()).cloned();
    assert_eq!(triage.map(|t| t.status.to_string()), Some("false-positive".to_owned()));

    // A note from the Arrange menu.
    harness.get_by_label("Arrange").click();
    harness.run();
    harness.get_by_label("Add a note").click();
    harness.run();
    assert_eq!(harness.state().workspace().diagram().notes.len(), before.notes.len() + 1);

    // Off again (the badge is the switch): deleting works.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("Review mode").click();
    harness.run();
    assert!(!harness.state().review());
    let id = before.components.iter().find(|c| c.name == name).unwrap().id.clone();
    harness.state_mut().select_for_test(vec![id]);
    harness.key_press(egui::Key::Delete);
    harness.run();
    assert_eq!(harness.state().workspace().diagram().components.len(), before.components.len() - 1);
}

#[test]
fn copy_link_makes_a_link_that_opens_the_same_diagram_and_a_bad_link_opens_an_empty_one() {
    let mut harness = harness(App::with_sample(0));
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Copy link").click();
    harness.run();
    let link = harness.state().share_link().map(str::to_owned).unwrap();
    assert!(link.starts_with("#d="), "native links are the fragment alone: {link}");
    harness.get_by_label("Share link");
    assert_eq!(harness.get_by_label("Link").value().as_deref(), Some(link.as_str()), "shown as text");

    let expected = harness.state().workspace().diagram().clone();
    let opened = App::new(Options { share: Some(link), ..Options::default() });
    assert_eq!(opened.workspace().diagram(), &expected);

    let mut harness = harness_for(Options { share: Some("#d=bm90IGEgZGlhZ3JhbQ".to_owned()), ..Options::default() });
    assert!(harness.state().workspace().diagram().components.is_empty());
    harness.get_by_label_contains("Nothing could be opened from this link");
    harness.get_by_label_contains("damaged");
    harness.get_by_label("OK").click();
    harness.run();
}

fn harness_for(options: Options) -> Harness<'static, App> {
    harness(App::new(options))
}

/// File > New on a changed, never-saved diagram asks first; "Save" saves it (through the path prompt) and only then
/// starts the new diagram; cancelling the save keeps the diagram open and unsaved.
#[test]
fn unsaved_changes_offer_save_and_replace_the_diagram_only_after_it_landed() {
    let dir = scratch_dir("unsaved");
    let path = dir.join("kept.json");
    let mut harness = harness(App::untitled());
    harness.get_by_label("Add Lambda function").click();
    harness.run();
    let new_diagram = |harness: &mut Harness<'_, App>| {
        harness.get_by_label("File").click();
        harness.run();
        harness.get_by_label_contains("New diagram").click();
        harness.run();
        harness.get_by_label("Unsaved changes");
    };

    // Save, then cancel the path prompt: nothing is replaced, nothing is lost.
    new_diagram(&mut harness);
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().workspace().diagram().components.len(), 1, "the diagram stays open");
    assert!(harness.state().workspace().doc().is_dirty());

    // Save, with a path: written first, then the new diagram.
    new_diagram(&mut harness);
    harness.get_by_label("Save").click();
    harness.run();
    type_path(&mut harness, &path);
    harness.get_by_label("Save").click();
    harness.step();
    wait(&mut harness, |app| app.workspace().diagram().components.is_empty());
    let saved = trustmap::io::open_bytes(&std::fs::read(&path).unwrap()).unwrap().diagram;
    assert_eq!(saved.components.len(), 1, "the changed diagram was saved before it was replaced");
    assert!(!harness.state().workspace().doc().is_dirty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The right-hand panel keeps its width whatever its tab shows (a panel that grows with its widest line makes the
/// canvas jump when one switches tabs or selects something).
#[test]
fn the_side_panel_keeps_its_width_across_tabs_and_selections() {
    let mut harness = harness(App::with_sample(0));
    let left_edge = |harness: &Harness<'_, App>| harness.get_by_label("Inspector").rect().left();
    let start = left_edge(&harness);
    let tabs = ["Findings (", "Problems (", "Blast", "Rules", "Inspector"];
    for tab in tabs {
        match tab.strip_suffix(" (") {
            Some(prefix) => harness.get_by_label_contains(&format!("{prefix} (")).click(),
            None => harness.get_by_label(tab).click(),
        }
        harness.run();
        assert!(
            (left_edge(&harness) - start).abs() < 0.5,
            "the {tab} tab moved the panel: {start} -> {}",
            left_edge(&harness)
        );
    }
    let ids: Vec<_> = harness.state().workspace().diagram().components.iter().map(|c| c.id.clone()).collect();
    for id in ids {
        harness.state_mut().select_for_test(vec![id.clone()]);
        harness.run();
        assert!((left_edge(&harness) - start).abs() < 0.5, "selecting {id} moved the panel");
    }
    harness.get_by_label("Blast").click();
    harness.run();
    harness.get_by_label("Internet attacker").click();
    harness.run();
    harness.get_by_label("Rank every component by blast radius").click();
    harness.run();
    assert!((left_edge(&harness) - start).abs() < 0.5, "the blast ranking moved the panel");
}
