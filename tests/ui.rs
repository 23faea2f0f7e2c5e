//! The editor, driven headless through egui_kittest (no window, no GPU).
#![cfg(feature = "gui")]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use trustmap::ui::App;

#[test]
fn opens_the_default_sample_and_shows_its_title_and_counts() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut App| app.ui_contents(ui), App::with_sample(0));
    harness.run();
    let title = harness.state().title();
    harness.get_by_label(&title);
    let model = trustmap::io::samples::all()[0].model().unwrap();
    let counts = format!("{} components", model.components().len());
    assert!(harness.query_by_label_contains(&counts).is_some(), "status bar shows {counts}");
}

#[test]
fn an_invalid_document_shows_its_problems() {
    let document = trustmap::io::load_str(
        r#"{"format":"trustmap","version":1,"components":[{"id":"a","kind":"lamda","name":"A"}]}"#,
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui_state(|ui, app: &mut App| app.ui_contents(ui), App::with_document(document, "bad.json".into()));
    harness.run();
    harness.get_by_label_contains("unknown kind \"lamda\"");
}

#[test]
fn the_findings_panel_lists_findings_and_opens_one_on_click() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut App| app.ui_contents(ui), App::with_sample(0));
    harness.run();
    assert!(harness.query_by_label_contains("Total risk").is_some());
    let model = trustmap::io::samples::all()[0].model().unwrap();
    let analysis = trustmap::analysis::analyze(&model);
    let unique = |title: &str| analysis.findings.iter().filter(|f| f.title == title).count() == 1;
    let first = analysis.findings.iter().find(|f| unique(&f.title)).unwrap();
    assert!(harness.query_by_label_contains(&first.explanation).is_none(), "details are shown on demand");
    harness.get_by_label_contains(&first.title).click();
    harness.run();
    harness.get_by_label_contains(&first.explanation);
}
