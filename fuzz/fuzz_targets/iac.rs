//! Infrastructure as code: the input is cut in two at its first NUL byte (or in the middle). The first part is
//! imported as a template whose nested stacks all read the second part; when both parts import, the second is
//! merged into the first with `import::update`. Nothing may panic; what imports and what an update gives must be
//! valid diagrams that save and load back equal; updating twice with the same import adds nothing.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trustmap::import::{import_bytes, import_with, update::update};

fn round_trip(diagram: &trustmap::model::Diagram) {
    let text = trustmap::io::to_json(diagram);
    let model = trustmap::io::load_str(&text).expect("an imported diagram loads");
    assert_eq!(model.diagram(), diagram, "the saved diagram differs");
}

fuzz_target!(|bytes: &[u8]| {
    let cut = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len() / 2);
    let (first, second) = (&bytes[..cut], bytes.get(cut + 1..).unwrap_or_default());
    let mut read = |_: &str| Ok(second.to_vec());
    let Ok(imported) = import_with(first, "template.yaml", Some(&mut read)) else { return };
    round_trip(&imported.diagram);
    let Ok(fresh) = import_bytes(second) else { return };
    let Ok((updated, _)) = update(&imported.diagram, &fresh.diagram) else { return };
    round_trip(&updated);
    if let Ok((again, report)) = update(&updated, &fresh.diagram) {
        assert!(report.added.is_empty() && report.flows_added == 0, "a second update added {report:?}");
        round_trip(&again);
    }
});
