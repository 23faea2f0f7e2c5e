//! The threat report (`trustmap report`): its Markdown, rendered by a GitHub Flavored Markdown renderer (comrak),
//! keeps every table whole (each row as many cells as the header), holds no raw HTML, and links only the diagram;
//! its HTML is well-formed with only the elements the writer uses, no scripts or event attributes, and hostile
//! names come out as text in both. The CLI writes `OUT.svg` beside `OUT.md`.
#![expect(clippy::unwrap_used, clippy::panic, reason = "test helpers fail loudly")]

use comrak::nodes::NodeValue;
use trustmap::analysis::analyze;
use trustmap::export::{self, Input, SvgOptions};
use trustmap::io::samples;
use trustmap::model::Model;
use trustmap::report::Report;
use trustmap::report::document::{Block, to_html, to_markdown};
use trustmap::report::full::{Diagram, blocks};
use trustmap::scene::ViewOptions;

#[path = "support/in_process.rs"]
mod in_process;

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "]]><img src=x onerror=alert(1)>",
    "&amp; &lt;b&gt; | pipe | in | cells",
    "\"quoted\" and 'single' [link](javascript:alert(1))",
    "emoji 🚀 *bold* _em_ `code` ~~strike~~",
    "שלום עולם RTL",
    "주문 서비스",
    "# heading\n- list\n| a | b |",
    "https://evil.example @mention www.example.com",
];

fn hostile_model() -> Model {
    let mut diagram = samples::find("zero-trust-shop").unwrap().model().unwrap().into_diagram();
    diagram.settings.title = HOSTILE[0].to_owned();
    for (i, component) in diagram.components.iter_mut().enumerate() {
        component.name = HOSTILE[i % HOSTILE.len()].to_owned();
    }
    for (i, context) in diagram.contexts.iter_mut().enumerate() {
        context.name = HOSTILE[(i + 2) % HOSTILE.len()].to_owned();
    }
    for (i, note) in diagram.notes.iter_mut().enumerate() {
        note.text = HOSTILE[(i + 3) % HOSTILE.len()].to_owned();
    }
    for (i, threat) in diagram.threats.iter_mut().enumerate() {
        threat.title = HOSTILE[(i + 4) % HOSTILE.len()].to_owned();
        threat.mitigation = HOSTILE[(i + 5) % HOSTILE.len()].to_owned();
    }
    for (i, entry) in diagram.triage.values_mut().enumerate() {
        entry.note = HOSTILE[(i + 1) % HOSTILE.len()].to_owned();
    }
    Model::new(diagram).unwrap()
}

fn report_blocks(model: &Model) -> Vec<Block> {
    let analysis = analyze(model);
    let input = Input::new(model, Some(&analysis));
    let svg =
        export::svg(&input, &ViewOptions::all_overlays(), &SvgOptions { embed_model: false, ..SvgOptions::default() });
    let report = Report::new(model, &analysis, "x.json");
    blocks(&report, Some(&Diagram { svg: &svg, file: "x.svg" }))
}

/// Renders Markdown with comrak (GFM tables) and checks every table against the blocks it came from.
fn assert_tables_intact(name: &str, blocks: &[Block]) {
    let markdown = to_markdown(blocks);
    let expected: Vec<(usize, usize)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table { head, rows, .. } => Some((head.len(), rows.len())),
            _ => None,
        })
        .collect();
    assert!(expected.len() >= 5, "{name}: only {} tables", expected.len());
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.strikethrough = true;
    let root = comrak::parse_document(&arena, &markdown, &options);
    let mut tables = Vec::new();
    let mut images = 0;
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Table(_) => {
                let rows: Vec<usize> = node.children().map(|row| row.children().count()).collect();
                tables.push(rows);
            }
            NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) => panic!("{name}: raw HTML in the Markdown"),
            NodeValue::Link(link) => panic!("{name}: a link to {}", link.url),
            NodeValue::Image(link) => {
                assert_eq!(link.url, "x.svg", "{name}");
                images += 1;
            }
            NodeValue::Strikethrough => panic!("{name}: strikethrough from a name"),
            _ => {}
        }
    }
    assert_eq!(images, 1, "{name}: the diagram image");
    assert_eq!(tables.len(), expected.len(), "{name}: tables lost or split");
    for (rows, (columns, count)) in tables.iter().zip(&expected) {
        assert_eq!(rows.len(), count + 1, "{name}: rows");
        assert!(rows.iter().all(|cells| cells == columns), "{name}: cells per row {rows:?}, expected {columns}");
    }
}

#[test]
fn markdown_tables_stay_intact_for_every_sample_and_hostile_names() {
    for sample in samples::all() {
        assert_tables_intact(sample.file, &report_blocks(&sample.model().unwrap()));
    }
    assert_tables_intact("hostile", &report_blocks(&hostile_model()));
}

const HTML_ELEMENTS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "ul", "li", "table", "thead",
    "tbody", "tr", "th", "td", "code", "strong", "figure", // and the SVG's:
    "svg", "desc", "defs", "symbol", "g", "rect", "path", "polyline", "polygon", "circle", "ellipse", "line", "use",
    "text",
];

#[test]
fn html_is_well_formed_with_only_known_elements_and_hostile_names_as_text() {
    let model = hostile_model();
    let blocks = report_blocks(&model);
    let html = to_html("Threat report: <script>", &blocks);
    let body = html.strip_prefix("<!DOCTYPE html>\n").unwrap();
    let doc = roxmltree::Document::parse(body).unwrap();
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        assert!(HTML_ELEMENTS.contains(&name), "unexpected <{name}>");
        for attribute in node.attributes() {
            assert!(!attribute.name().starts_with("on"), "event attribute {} on <{name}>", attribute.name());
            if attribute.name() == "href" {
                assert!(attribute.value().starts_with("#icon-"), "{}", attribute.value());
            }
        }
    }
    let text: String = doc.descendants().filter(roxmltree::Node::is_text).filter_map(|n| n.text()).collect();
    for hostile in HOSTILE.iter().filter(|h| !h.contains('\n')) {
        assert!(text.contains(hostile), "{hostile:?} is not in the page's text");
    }
}

#[test]
fn the_cli_writes_markdown_with_the_svg_beside_it_and_html_alone() {
    let dir = std::env::temp_dir().join(format!("trustmap-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let md = dir.join("shop.md");
    let (code, _, err) = in_process::run(&["report", "sample:shop-lambda", "-o", md.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("](shop.svg)"), "{}", &text[..200.min(text.len())]);
    let svg = std::fs::read(dir.join("shop.svg")).unwrap();
    assert!(trustmap::io::load_bytes(&svg).is_ok(), "the SVG beside the report opens");
    let html = dir.join("shop.html");
    let (code, _, err) = in_process::run(&["report", "sample:shop-lambda", "-o", html.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg ") && page.contains("<table>") && !page.contains("<script"));
    let (code, _, err) = in_process::run(&["report", "sample:shop-lambda", "-o", "x.txt"]);
    assert_eq!(code, 2, "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
