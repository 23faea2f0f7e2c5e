//! The bundled icons: one per catalog kind, each a safe, self-contained SVG that renders with resvg, reads at
//! 16 px and differs from every other icon there.
#![expect(clippy::expect_used, reason = "test helpers fail loudly")]

use std::collections::BTreeSet;
use std::path::PathBuf;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;
use trustmap::assets::{ICON_KEYS, icon_svg};
use trustmap::model::Named as _;
use trustmap::model::catalog;

/// Two icons rasterised at 16 x 16 must differ by more than this (see [`distance`]).
const MIN_DISTANCE: f64 = 0.05;

fn render(key: &str, size: u32) -> Pixmap {
    let svg = icon_svg(key).expect("every key in ICON_KEYS has an SVG");
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default())
        .map_err(|error| format!("{key}: {error}"))
        .expect("every icon parses");
    let mut pixmap = Pixmap::new(size, size).expect("non-zero size");
    let scale = size as f32 / tree.size().width();
    resvg::render(&tree, Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap
}

/// How far apart two renderings of the same size are: the mean absolute difference of the premultiplied RGBA
/// bytes, over every channel of every pixel, divided by 255. 0 means identical, 1 means opaque white against
/// transparent black everywhere.
fn distance(a: &Pixmap, b: &Pixmap) -> f64 {
    assert_eq!((a.width(), a.height()), (b.width(), b.height()));
    let total: u64 = a.data().iter().zip(b.data()).map(|(&x, &y)| u64::from(x.abs_diff(y))).sum();
    total as f64 / (a.data().len() as f64 * 255.0)
}

#[test]
fn every_catalog_kind_has_an_icon() {
    let mut kinds = 0;
    for entry in catalog::all() {
        kinds += 1;
        assert!(
            icon_svg(entry.icon).is_some(),
            "kind {} names icon {:?}, which does not exist",
            entry.kind.as_str(),
            entry.icon
        );
    }
    assert!(kinds >= 30, "the catalog lists only {kinds} kinds");
}

#[test]
fn the_table_lists_exactly_the_files() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets").join("icons");
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("assets/icons exists")
        .map(|entry| entry.expect("readable directory").file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".svg").map(str::to_owned))
        .collect();
    let keys: BTreeSet<String> = ICON_KEYS.iter().map(|&key| key.to_owned()).collect();
    assert_eq!(files, keys, "assets/icons/*.svg and assets::ICON_KEYS differ");
}

#[test]
fn icons_render_with_a_tile_and_a_pictogram_at_16_and_48_px() {
    for &key in ICON_KEYS {
        for size in [16, 48] {
            let pixmap = render(key, size);
            let pixels = pixmap.pixels();
            let lightness = |pixel: &resvg::tiny_skia::PremultipliedColorU8| {
                (u32::from(pixel.red()) + u32::from(pixel.green()) + u32::from(pixel.blue())) / 3
            };
            // The middle of the top edge is tile (pictograms keep a margin); the pictogram is what is clearly
            // lighter than the tile.
            let tile = lightness(&pixels[(size / 2) as usize]);
            let opaque = pixels.iter().filter(|pixel| pixel.alpha() == 255).count();
            let pictogram = pixels.iter().filter(|pixel| lightness(pixel) >= tile + 60).count();
            assert!(opaque * 10 >= pixels.len() * 8, "{key} at {size} px: only {opaque} opaque pixels");
            assert!(pictogram * 20 >= pixels.len(), "{key} at {size} px: pictogram too faint ({pictogram} pixels)");
            assert!(
                pictogram * 2 <= pixels.len(),
                "{key} at {size} px: pictogram floods the tile ({pictogram} pixels)"
            );
        }
    }
}

#[test]
fn no_two_icons_look_alike_at_16_px() {
    let renders: Vec<(&str, Pixmap)> = ICON_KEYS.iter().map(|&key| (key, render(key, 16))).collect();
    assert!(renders.len() >= 2, "nothing to compare");
    let mut pairs: Vec<(f64, &str, &str)> = Vec::new();
    for (i, (a, pixmap_a)) in renders.iter().enumerate() {
        for (b, pixmap_b) in renders.iter().skip(i + 1) {
            pairs.push((distance(pixmap_a, pixmap_b), a, b));
        }
    }
    pairs.sort_by(|x, y| x.0.total_cmp(&y.0));
    for (d, a, b) in pairs.iter().take(5) {
        println!("close at 16 px: {a} ~ {b}: {d:.4}");
    }
    let too_close: Vec<String> =
        pairs.iter().filter(|(d, ..)| *d <= MIN_DISTANCE).map(|(d, a, b)| format!("{a} ~ {b}: {d:.4}")).collect();
    assert!(too_close.is_empty(), "icons within {MIN_DISTANCE} of each other at 16 px: {too_close:?}");
}

#[test]
fn icons_are_self_contained_and_inert() {
    // Lower-cased SVG text must contain none of these: scripts, links to other files or URLs, raster images,
    // text (icons are pictograms), embedded HTML, style sheets (which could import) and DTDs (entities).
    let forbidden =
        ["<script", "href", "<image", "<text", "<foreignobject", "<style", "@import", "<!doctype", "<!entity"];
    for &key in ICON_KEYS {
        let svg = icon_svg(key).expect("listed").to_lowercase();
        for pattern in forbidden {
            assert!(!svg.contains(pattern), "{key} contains {pattern:?}");
        }
        // Event handler attributes: ` on<letters>=`.
        for (index, _) in svg.match_indices(" on") {
            let name: String = svg[index + 1..].chars().take_while(char::is_ascii_alphabetic).collect();
            let after = svg[index + 1 + name.len()..].trim_start();
            assert!(!after.starts_with('='), "{key} has an event attribute {name}");
        }
        // Paint servers and filters may only point inside the document.
        for (index, _) in svg.match_indices("url(") {
            assert!(svg[index + 4..].trim_start().starts_with('#'), "{key} has an external url()");
        }
        assert!(svg.contains("viewbox=\"0 0 48 48\""), "{key} is not drawn on the 48 x 48 grid");
    }
}

#[test]
fn tiles_follow_the_category_colours() {
    // The tile colour says the category (assets/icons/README.md); the pictogram says the kind.
    let colours = [
        ("actor", "#4F6479"),
        ("network", "#7048B8"),
        ("compute", "#B85A12"),
        ("integration", "#AD2F68"),
        ("data", "#2560C0"),
        ("security", "#B3332B"),
        ("monitoring", "#12786C"),
        ("other", "#62666D"),
    ];
    let mut checked = 0;
    for entry in catalog::all() {
        let category = entry.category.as_str();
        let (_, colour) = colours.iter().find(|(name, _)| *name == category).expect("a colour for every category");
        let tile = format!(r#"<rect width="48" height="48" rx="10" fill="{colour}"/>"#);
        let svg = icon_svg(entry.icon).expect("every kind has an icon");
        assert!(
            svg.contains(&tile),
            "{}: the tile of {} is not {colour} ({category})",
            entry.kind.as_str(),
            entry.icon
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} kinds checked");
}
