//! Feeds arbitrary bytes to the importer of Threat Dragon and Threagile models (`import::import_bytes`). Nothing
//! may panic; whatever imports must be a valid diagram that saves and loads back equal.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(imported) = trustmap::import::import_bytes(bytes) else { return };
    let text = trustmap::io::to_json(&imported.diagram);
    let model = trustmap::io::load_str(&text).expect("an imported diagram loads");
    assert_eq!(model.diagram(), &imported.diagram, "the saved import differs");
});
