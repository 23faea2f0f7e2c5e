//! An exported SVG drawn by headless Chromium (text as `<text>` in the embedded font subset, laid out by the
//! browser) and the same export with text as glyph outlines drawn by resvg (what PNG export renders) agree pixel
//! for pixel within a tolerance: the outlines sit where a browser puts the text, and every shape is where the
//! other renderer puts it. Only anti-aliasing differs.
//!
//! Tolerance: mean absolute difference per channel at most 2.5 (of 255), and at most 2 % of the pixels differing
//! by more than 64 in some channel. Needs `chromium` on the path (the browser tests install it); without it the
//! test is skipped, except under CI, where it fails.
#![expect(clippy::unwrap_used, clippy::panic, reason = "test helpers fail loudly")]

use std::path::Path;
use std::process::Command;

use resvg::tiny_skia;
use trustmap::analysis::analyze;
use trustmap::export::{self, Input, SvgOptions};
use trustmap::io::samples;
use trustmap::scene::ViewOptions;

/// Straight RGBA pixels of a PNG file.
fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buffer).unwrap();
    let (w, h) = (info.width, info.height);
    let rgba = match info.color_type {
        png::ColorType::Rgba => buffer[..(w * h * 4) as usize].to_vec(),
        png::ColorType::Rgb => buffer[..(w * h * 3) as usize].chunks(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        other => panic!("unexpected colour type {other:?}"),
    };
    (w, h, rgba)
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// Draws `outlined` with resvg and `svg` with Chromium: (mean absolute difference per channel, share of far
/// pixels).
fn compare(browser: &str, outlined: &str, svg: &str, tag: &str) -> (f64, f64) {
    let tree = export::png::parse(outlined).unwrap();
    let mine = export::png::rasterise(&tree, 1.0).unwrap();
    let (w, h) = (mine.width(), mine.height());
    let dir = std::env::temp_dir().join(format!("trustmap-chromium-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svg_path = dir.join("picture.svg");
    std::fs::write(&svg_path, svg).unwrap();
    let shot = dir.join("chromium.png");
    let status = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1"])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--window-size={w},{h}"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", svg_path.display()))
        .output()
        .unwrap();
    assert!(status.status.success(), "chromium failed: {}", String::from_utf8_lossy(&status.stderr));
    let (cw, ch, theirs) = decode(&shot);
    assert_eq!((cw, ch), (w, h), "screenshot size");
    let ours: Vec<u8> = mine
        .pixels()
        .iter()
        .flat_map(|p: &tiny_skia::PremultipliedColorU8| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let mut sum = 0u64;
    let mut far = 0usize;
    for (a, b) in ours.chunks(4).zip(theirs.chunks(4)) {
        let d: Vec<u8> = (0..3).map(|i| a[i].abs_diff(b[i])).collect();
        sum += d.iter().map(|&x| u64::from(x)).sum::<u64>();
        far += usize::from(d.iter().any(|&x| x > 64));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    let pixels = (w * h) as usize;
    let (mean, far) = (sum as f64 / (pixels * 3) as f64, far as f64 / pixels as f64);
    eprintln!(
        "{tag}, {w}x{h}: mean difference {mean:.2} of 255, {:.2} % of pixels differ by more than 64",
        far * 100.0
    );
    (mean, far)
}

#[test]
fn resvg_and_chromium_draw_the_same_svg() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("CI").is_none(), "chromium is missing in CI");
        eprintln!("chromium not found: skipped");
        return;
    };
    let model = samples::find("shop-eks-ec2").unwrap().model().unwrap();
    let analysis = analyze(&model);
    let input = Input::new(&model, Some(&analysis));
    let view = ViewOptions { threats: true, contexts: true, ..ViewOptions::default() };
    let options = SvgOptions { callouts: true, ..SvgOptions::default() };
    let outlined = export::svg(&input, &view, &SvgOptions { text_as_paths: true, ..options.clone() });
    let (mean, far) = compare(browser, &outlined, &export::svg(&input, &view, &options), "embedded font");
    assert!(mean <= 2.5 && far <= 0.02, "resvg and Chromium differ: mean {mean:.2}, {:.2} % far", far * 100.0);
    // The control: without the embedded subset Chromium draws the text with a system font, and the comparison
    // sees it (so it can fail).
    let without = SvgOptions { embed_font: false, ..options };
    let (mean_without, far_without) = compare(browser, &outlined, &export::svg(&input, &view, &without), "system font");
    assert!(mean_without > mean && far_without > far, "the font made no difference: {mean_without:.2} vs {mean:.2}");
}
