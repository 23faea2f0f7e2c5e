//! Feeds arbitrary bytes to the loader. It must never panic; when it accepts the bytes, saving the model and
//! loading that text again must give the same diagram, and saving again the same bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(model) = trustmap::io::load_bytes(bytes) else {
        return;
    };
    let text = trustmap::io::to_json(model.diagram());
    let reloaded = match trustmap::io::load_str(&text) {
        Ok(reloaded) => reloaded,
        Err(problems) => panic!("a saved diagram does not load again: {problems:?}\n{text}"),
    };
    assert_eq!(reloaded.diagram(), model.diagram(), "the diagram changed on a save/load round trip");
    assert_eq!(trustmap::io::to_json(reloaded.diagram()), text, "saving is not a fixed point");
});
