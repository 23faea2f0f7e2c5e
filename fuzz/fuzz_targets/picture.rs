//! Feeds arbitrary bytes to the reader of exported pictures (`io::diagram_json`: SVG metadata, PNG text chunks),
//! then, when they are taken, to the loader. Nothing may panic; a DOCTYPE is never accepted; whatever loads
//! exports to an SVG and a PNG whose embedded diagram loads back equal.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(json) = trustmap::io::diagram_json(bytes) else { return };
    if bytes.trim_ascii_start().starts_with(b"<") {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<!DOCTYPE"), "a document type declaration was accepted");
    }
    let Ok(model) = trustmap::io::load_bytes(&json) else { return };
    let input = trustmap::export::Input::new(&model, None);
    let view = trustmap::scene::ViewOptions::default();
    let svg = trustmap::export::svg(&input, &view, &trustmap::export::SvgOptions::default());
    let back = trustmap::io::load_bytes(svg.as_bytes()).expect("an exported SVG loads again");
    assert_eq!(back.diagram(), model.diagram(), "the SVG's embedded diagram differs");
    let png = trustmap::export::png(&input, &view, &Default::default(), &Default::default());
    if let Ok(png) = png {
        let back = trustmap::io::load_bytes(&png).expect("an exported PNG loads again");
        assert_eq!(back.diagram(), model.diagram(), "the PNG's embedded diagram differs");
    }
});
