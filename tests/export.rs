//! Exports: every sample becomes an SVG that usvg parses and resvg renders (not blank) and a PNG, both giving back
//! an equal diagram; hostile names come out as text in well-formed SVG with only the elements and attributes the
//! writer uses; output is deterministic; cropping and backgrounds do what they say; the committed examples under
//! `docs/examples/` are what the exporter writes today (`TRUSTMAP_BLESS=1 cargo test --test export` rewrites them).
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::collections::BTreeSet;
use std::path::Path;

use resvg::tiny_skia;
use trustmap::analysis::{Analysis, analyze};
use trustmap::export::{self, Background, Crop, Input, PngOptions, SvgOptions};
use trustmap::io::{diagram_json, load_bytes, samples};
use trustmap::model::{Diagram, Model};
use trustmap::scene::{Theme, ViewOptions};

fn all_samples() -> Vec<(String, Model)> {
    let list: Vec<(String, Model)> = samples::all().iter().map(|s| (s.file.to_owned(), s.model().unwrap())).collect();
    assert!(list.len() >= 8, "only {} samples", list.len());
    list
}

/// Renders an SVG with resvg at 1x: the pixmap.
fn render(svg: &str) -> tiny_skia::Pixmap {
    let tree = resvg::usvg::Tree::from_str(svg, &export::usvg_options()).unwrap();
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
}

/// The share of pixels that differ from the first one.
fn ink(pixmap: &tiny_skia::Pixmap) -> f64 {
    let pixels = pixmap.pixels();
    let first = pixels[0];
    pixels.iter().filter(|p| **p != first).count() as f64 / pixels.len() as f64
}

fn reopened(bytes: &[u8]) -> Diagram {
    let json = diagram_json(bytes).unwrap();
    load_bytes(&json).unwrap().into_diagram()
}

#[test]
fn every_sample_exports_to_an_svg_that_renders_and_gives_the_diagram_back() {
    for (name, model) in all_samples() {
        let analysis = analyze(&model);
        let input = Input::new(&model, Some(&analysis));
        let svg =
            export::svg(&input, &ViewOptions::all_overlays(), &SvgOptions { callouts: true, ..SvgOptions::default() });
        let pixmap = render(&svg);
        assert!(pixmap.width() > 200 && pixmap.height() > 150, "{name}: {}x{}", pixmap.width(), pixmap.height());
        let ink = ink(&pixmap);
        assert!(ink > 0.05, "{name}: only {:.1} % of the pixels are drawn", ink * 100.0);
        assert_eq!(&reopened(svg.as_bytes()), model.diagram(), "{name}: the embedded diagram differs");
        assert!(svg.contains("@font-face") && svg.contains("<symbol id=\"icon-"), "{name}: no font or icons");
    }
}

#[test]
fn every_sample_exports_to_a_png_that_gives_the_diagram_back() {
    for (name, model) in all_samples() {
        let analysis = analyze(&model);
        let input = Input::new(&model, Some(&analysis));
        let png = export::png(
            &input,
            &ViewOptions::default(),
            &SvgOptions::default(),
            &PngOptions { scale: 1.0, embed_model: true },
        )
        .unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}");
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().unwrap();
        assert!(reader.info().width > 200 && reader.info().height > 150, "{name}");
        assert_eq!(&reopened(&png), model.diagram(), "{name}: the embedded diagram differs");
    }
}

#[test]
fn without_the_model_an_export_says_it_holds_no_diagram() {
    let model = samples::find("pattern-queue").unwrap().model().unwrap();
    let input = Input::new(&model, None);
    let options = SvgOptions { embed_model: false, ..SvgOptions::default() };
    let svg = export::svg(&input, &ViewOptions::default(), &options);
    let problem = diagram_json(svg.as_bytes()).unwrap_err();
    assert!(problem.to_string().contains("no trustmap diagram"), "{problem}");
    let png =
        export::png(&input, &ViewOptions::default(), &options, &PngOptions { scale: 1.0, embed_model: false }).unwrap();
    assert!(diagram_json(&png).is_err());
}

#[test]
fn text_as_paths_has_no_text_but_the_titles_and_the_model() {
    let model = samples::find("pattern-queue").unwrap().model().unwrap();
    let analysis = analyze(&model);
    let input = Input::new(&model, Some(&analysis));
    let options = SvgOptions { text_as_paths: true, ..SvgOptions::default() };
    let svg = export::svg(&input, &ViewOptions::default(), &options);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("text")).count(), 0, "text left");
    let title = doc.root_element().children().find(|n| n.has_tag_name("title")).and_then(|n| n.text());
    assert_eq!(title, Some(model.diagram().settings.title.as_str()));
    // The elements' tooltips stay, as in the SVG with text; no font is embedded.
    let with_text = export::svg(&input, &ViewOptions::default(), &SvgOptions::default());
    // Each line of text became one path.
    let count = |svg: &str, tag: &str| {
        roxmltree::Document::parse(svg).unwrap().descendants().filter(|n| n.has_tag_name(tag)).count()
    };
    let lines = count(&with_text, "text");
    assert!(lines > 30 && count(&svg, "path") == count(&with_text, "path") + lines, "{lines} lines");
    let titles = |svg: &str| svg.matches("<title>").count();
    assert!(titles(&svg) > 10 && titles(&svg) == titles(&with_text), "{} titles", titles(&svg));
    assert!(!svg.contains("@font-face"), "a font is embedded");
    assert_eq!(&reopened(svg.as_bytes()), model.diagram());
    assert!(ink(&render(&svg)) > 0.05);
    assert_eq!(svg, export::svg(&input, &ViewOptions::default(), &options), "not deterministic");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let model = samples::find("shop-eks-fargate").unwrap().model().unwrap();
    let analysis = analyze(&model);
    let input = Input::new(&model, Some(&analysis));
    let options = SvgOptions { callouts: true, ..SvgOptions::default() };
    let a = export::svg(&input, &ViewOptions::all_overlays(), &options);
    let b = export::svg(&input, &ViewOptions::all_overlays(), &options);
    assert!(a == b, "two exports differ");
}

/// The `viewBox` of an SVG.
fn view_box(svg: &str) -> [f32; 4] {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let values: Vec<f32> =
        doc.root_element().attribute("viewBox").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
    [values[0], values[1], values[2], values[3]]
}

#[test]
fn crop_background_and_theme_do_what_they_say() {
    let model = samples::find("shop-eks-ec2").unwrap().model().unwrap();
    let analysis = analyze(&model);
    let input = Input::new(&model, Some(&analysis));
    let bare = SvgOptions { title_block: false, legend: false, embed_model: false, ..SvgOptions::default() };
    let full = export::svg(&input, &ViewOptions::default(), &bare);
    let crop = SvgOptions { crop: Crop::Selection(vec!["orders-db".into()]), ..bare.clone() };
    let cropped = export::svg(&input, &ViewOptions::default(), &crop);
    let (f, c) = (view_box(&full), view_box(&cropped));
    assert!(c[2] < f[2] / 4.0 && c[3] < f[3] / 4.0, "{c:?} within {f:?}");
    assert!(cropped.len() < full.len() / 2, "cropping left {} of {} bytes", cropped.len(), full.len());

    let transparent = SvgOptions { background: Background::Transparent, ..bare.clone() };
    let pixmap = render(&export::svg(&input, &ViewOptions::default(), &transparent));
    assert_eq!(pixmap.pixel(0, 0).unwrap().alpha(), 0, "the corner is not transparent");
    let dark = ViewOptions { theme: Theme::Dark, ..ViewOptions::default() };
    let pixmap = render(&export::svg(&input, &dark, &bare));
    let corner = pixmap.pixel(0, 0).unwrap();
    assert!(corner.alpha() == 255 && corner.red() < 60, "dark canvas: {corner:?}");
    let pixmap = render(&full);
    assert!(pixmap.pixel(0, 0).unwrap().red() > 200, "light canvas");
}

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "]]><svg onload=alert(1)>",
    "&amp; &lt;b&gt; &#x3c;",
    "\"quoted\" and 'single' onmouseover=\"x\"",
    "emoji 🚀🔥 and flags 🇰🇷",
    "שלום עולם RTL \u{202e}evil",
    "주문 서비스 한글 이름",
    "<!DOCTYPE x [<!ENTITY e \"boom\">]>&e;",
    "<a href=\"javascript:alert(1)\">link</a>",
];

fn hostile_model() -> Model {
    let mut diagram = samples::find("zero-trust-shop").unwrap().model().unwrap().into_diagram();
    diagram.settings.title = HOSTILE[0].to_owned();
    for (i, component) in diagram.components.iter_mut().enumerate() {
        component.name = HOSTILE[i % HOSTILE.len()].to_owned();
    }
    for (i, flow) in diagram.flows.iter_mut().enumerate() {
        flow.label = HOSTILE[(i + 3) % HOSTILE.len()].to_owned();
    }
    for (i, context) in diagram.contexts.iter_mut().enumerate() {
        context.name = HOSTILE[(i + 1) % HOSTILE.len()].to_owned();
    }
    for (i, boundary) in diagram.boundaries.iter_mut().enumerate() {
        boundary.name = HOSTILE[(i + 2) % HOSTILE.len()].to_owned();
    }
    Model::new(diagram).unwrap()
}

/// Elements the writer (and the bundled icons) use.
const ELEMENTS: &[&str] = &[
    "svg", "title", "desc", "metadata", "model", "defs", "style", "symbol", "g", "rect", "path", "polyline", "polygon",
    "circle", "ellipse", "line", "use", "text",
];
const ATTRIBUTES: &[&str] = &[
    "xmlns",
    "width",
    "height",
    "viewBox",
    "role",
    "font-family",
    "space",
    "encoding",
    "id",
    "href",
    "x",
    "y",
    "rx",
    "ry",
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-opacity",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "points",
    "d",
    "transform",
    "opacity",
    "font-size",
    "class",
    "cx",
    "cy",
    "r",
    "x1",
    "y1",
    "x2",
    "y2",
    "fill-rule",
];

/// Parses the SVG and checks every element and attribute against what the writer writes.
fn assert_only_known_markup(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        assert!(ELEMENTS.contains(&name), "unexpected element <{name}>");
        for attribute in node.attributes() {
            let attr = attribute.name();
            assert!(ATTRIBUTES.contains(&attr), "unexpected attribute {attr} on <{name}>");
            if attr == "href" {
                assert!(attribute.value().starts_with("#icon-"), "href {}", attribute.value());
            }
        }
    }
    doc
}

#[test]
fn hostile_names_are_text_in_well_formed_svg() {
    let model = hostile_model();
    let analysis: Analysis = analyze(&model);
    let input = Input::new(&model, Some(&analysis));
    let options = SvgOptions { callouts: true, ..SvgOptions::default() };
    let svg = export::svg(&input, &ViewOptions::all_overlays(), &options);
    let doc = assert_only_known_markup(&svg);
    let titles: BTreeSet<&str> =
        doc.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
    for hostile in HOSTILE {
        assert!(titles.iter().any(|t| t.contains(hostile)), "{hostile:?} is not a title");
    }
    let texts: String = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    assert!(texts.contains("주문") && texts.contains("🚀"), "drawn text lost characters");
    assert_eq!(&reopened(svg.as_bytes()), model.diagram());
    assert!(ink(&render(&svg)) > 0.05);
}

#[test]
fn committed_examples_are_current() {
    let bless = std::env::var_os("TRUSTMAP_BLESS").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples");
    let mut checked = 0;
    let all = ViewOptions { blast: None, ..ViewOptions::all_overlays() };
    let blast = ViewOptions { threats: true, blast: Some("actor:internet".into()), ..ViewOptions::default() };
    for (sample, view) in [("shop-eks-ec2", all), ("zero-trust-shop", blast)] {
        let model = samples::find(sample).unwrap().model().unwrap();
        let analysis = analyze(&model);
        let input = Input::new(&model, Some(&analysis));
        let svg = export::svg(&input, &view, &SvgOptions { callouts: true, ..SvgOptions::default() });
        let path = dir.join(format!("{sample}.svg"));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &svg).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(committed == svg, "docs/examples/{sample}.svg is stale: run TRUSTMAP_BLESS=1 cargo test --test export");
        checked += 1;
    }
    assert_eq!(checked, 2);
}

#[path = "support/in_process.rs"]
mod in_process;

#[test]
fn the_cli_exports_svg_and_png_that_commands_read_back_and_refuses_bad_options() {
    let dir = std::env::temp_dir().join(format!("trustmap-export-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svg = dir.join("shop.svg");
    let png = dir.join("shop.png");
    let args = ["--overlay", "threats,responsibility:data,contexts,blast:actor:internet", "--theme", "dark"];
    for out in [&svg, &png] {
        let mut argv = vec!["export", "sample:shop-lambda", "-o", out.to_str().unwrap(), "--scale", "1"];
        argv.extend(args);
        let (code, _, err) = in_process::run(&argv);
        assert_eq!(code, 0, "{err}");
        let (code, out, err) = in_process::run(&["validate", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("valid"), "{out}");
    }
    let crop = dir.join("crop.svg");
    let (code, _, err) =
        in_process::run(&["export", svg.to_str().unwrap(), "-o", crop.to_str().unwrap(), "--crop", "orders"]);
    assert_eq!(code, 0, "{err}");
    for (bad, says) in [
        (vec!["--overlay", "threatz"], "unknown overlay"),
        (vec!["--overlay", "blast:nobody"], "nobody"),
        (vec!["--crop", "nobody"], "no element"),
        (vec!["--scale", "9"], "1 to 4"),
        (vec!["--background", "red"], "#rrggbb"),
    ] {
        let mut argv = vec!["export", "sample:shop-lambda", "-o", crop.to_str().unwrap()];
        argv.extend(bad.iter().copied());
        let (code, _, err) = in_process::run(&argv);
        assert_eq!(code, 2, "{bad:?}: {err}");
        assert!(err.contains(says), "{bad:?}: {err}");
    }
    let (code, _, err) = in_process::run(&["export", "sample:shop-lambda", "-o", dir.join("x.gif").to_str().unwrap()]);
    assert!(code == 2 && err.contains(".svg or .png"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
