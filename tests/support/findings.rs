//! What the analysis finds in a diagram, for the tests that judge rules on whole diagrams: one rule's finding ids, a
//! finding's explanation, and the component to edit. Each test file that needs it says
//! `#[path = "support/findings.rs"] mod findings_of;`.

use trustmap::analysis::analyze;
use trustmap::model::{Component, Diagram, Model};

/// The component `which` of `d`, to edit.
pub fn component<'a>(d: &'a mut Diagram, which: &str) -> &'a mut Component {
    d.components.iter_mut().find(|c| c.id.as_str() == which).unwrap_or_else(|| panic!("no component {which}"))
}

/// Ids of the findings of one rule, sorted.
pub fn findings(d: &Diagram, rule: &str) -> Vec<String> {
    let model = Model::new(d.clone()).unwrap_or_else(|p| panic!("{p:?}"));
    let mut ids: Vec<String> =
        analyze(&model).findings.into_iter().filter(|f| f.rule() == rule).map(|f| f.id().to_owned()).collect();
    ids.sort();
    ids
}

/// The explanation of the finding `finding` (empty when there is none).
pub fn explanation(d: &Diagram, finding: &str) -> String {
    let model = Model::new(d.clone()).unwrap_or_else(|p| panic!("{p:?}"));
    analyze(&model)
        .findings
        .into_iter()
        .find(|f| f.id() == finding)
        .map(|f| f.explanation().to_owned())
        .unwrap_or_default()
}
