//! Round trip of the file format, by property: a strategy builds **valid** diagrams (every kind nested legally,
//! properties that apply to each kind, flows with legal patterns, boundaries, contexts, connections, triage,
//! settings, and layout with arbitrary finite floats), and then:
//!
//! 1. `Model::new` accepts the diagram;
//! 2. `load_str(&to_json(&d))` gives back the normalised diagram, floats bit for bit;
//! 3. `to_json` is deterministic: the same bytes twice, for any order of the lists, and after load -> save.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod support;

use proptest::prelude::*;
use support::generate::diagram;
use trustmap::io::{load_str, to_json};
use trustmap::model::layout::Rect;
use trustmap::model::named::Named as _;
use trustmap::model::{ComponentKind as K, ConnectionKind, Diagram, Model, Pattern};

// ---------------------------------------------------------------------------------------------------------------
// Properties

/// Every float of a diagram, as bits, in a fixed order: `PartialEq` on `f64` calls 0.0 and -0.0 equal.
fn float_bits(diagram: &Diagram) -> Vec<u64> {
    let mut bits = Vec::new();
    let rect = |bits: &mut Vec<u64>, r: &Rect| bits.extend([r.x, r.y, r.w, r.h].map(f64::to_bits));
    let layout = &diagram.layout;
    layout.components.values().chain(layout.boundaries.values()).chain(layout.contexts.values()).for_each(|r| {
        rect(&mut bits, r);
    });
    for route in layout.flows.values() {
        for p in route.waypoints.iter().chain(&route.label) {
            bits.extend([p.x.to_bits(), p.y.to_bits()]);
        }
    }
    for rule in diagram.settings.rules.values() {
        bits.extend(rule.thresholds.values().map(|v| v.to_bits()));
    }
    bits
}

/// The same diagram with every list in reverse order.
fn reversed(diagram: &Diagram) -> Diagram {
    let mut d = diagram.clone();
    d.components.reverse();
    d.flows.reverse();
    d.boundaries.reverse();
    d.contexts.reverse();
    d.connections.reverse();
    for c in &mut d.components {
        c.covers.reverse();
        c.credentials_for.reverse();
        c.protects.reverse();
    }
    for b in &mut d.boundaries {
        b.members.reverse();
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The three properties share each generated diagram (generating is most of the cost in a debug build).
    #[test]
    fn valid_diagrams_survive_save_and_load_exactly(diagram in diagram()) {
        // 1. The generator only makes valid diagrams.
        if let Err(problems) = Model::new(diagram.clone()) {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return Err(TestCaseError::fail(format!("the generator made an invalid diagram:\n{}", lines.join("\n"))));
        }

        // 2. Saving and loading gives the normalised diagram back, floats bit for bit.
        let text = to_json(&diagram);
        let loaded = match load_str(&text) {
            Ok(model) => model,
            Err(problems) => {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                return Err(TestCaseError::fail(format!("saved text does not load:\n{}\n{text}", lines.join("\n"))));
            }
        };
        let mut expected = diagram.clone();
        expected.normalize();
        prop_assert_eq!(loaded.diagram(), &expected);
        prop_assert_eq!(float_bits(loaded.diagram()), float_bits(&expected), "a float changed its bits");

        // 3. Saving is deterministic, ignores list order, and load -> save is a fixed point.
        prop_assert_eq!(&to_json(&diagram), &text, "same diagram, different bytes");
        prop_assert_eq!(&to_json(&reversed(&diagram)), &text, "list order leaked into the file");
        prop_assert_eq!(&to_json(loaded.diagram()), &text, "load -> save changed the bytes");
    }
}

/// The generator reaches every kind, pattern and connection kind, and deep nesting, within the usual case count.
#[test]
fn the_generator_covers_the_catalog() {
    use proptest::strategy::ValueTree as _;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = diagram();
    let (mut kinds, mut patterns, mut connections) = (Vec::new(), Vec::new(), Vec::new());
    let mut deepest = 0;
    for _ in 0..256 {
        let d = strategy.new_tree(&mut runner).unwrap().current();
        kinds.extend(d.components.iter().map(|c| c.kind));
        patterns.extend(d.flows.iter().map(|f| f.pattern));
        connections.extend(d.connections.iter().map(|c| c.kind));
        let model = Model::new(d).unwrap();
        deepest = deepest.max(model.component_ixs().map(|c| model.depth(c)).max().unwrap_or(0));
    }
    for kind in K::ALL {
        assert!(kinds.contains(kind), "never generated kind {kind}");
    }
    for pattern in Pattern::ALL {
        assert!(patterns.contains(pattern), "never generated pattern {pattern}");
    }
    for kind in ConnectionKind::ALL {
        assert!(connections.contains(kind), "never generated connection {kind}");
    }
    assert!(deepest >= 5, "deepest nesting only {deepest}");
}
