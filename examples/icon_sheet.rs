//! Renders every bundled icon with its kind name and display name, on a light and on a dark background, to
//! `docs/icon-sheet.png` (or the path given as the only argument), with resvg; text is the bundled font's glyph
//! outlines, written as exports write them (`export::text_path`).
//!
//! `cargo run --example icon_sheet --no-default-features`
//!
//! Each cell shows the icon at 48 px and, to its right, at 16 px (the size the tests compare icons at). Icons no
//! catalog kind uses yet follow under their own heading.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;
use trustmap::assets::{ICON_KEYS, icon_svg};
use trustmap::export::text_path;
use trustmap::model::Named as _;
use trustmap::model::catalog;
use trustmap::scene::text::FontMetrics;

const COLUMNS: usize = 6;
const CELL_WIDTH: f32 = 180.0;
const CELL_HEIGHT: f32 = 112.0;
const MARGIN: f32 = 24.0;
const HEADING: f32 = 44.0;

/// One cell: the icon key, and the kind name and display name under it (or a note for unused icons).
struct Cell {
    icon: &'static str,
    title: String,
    subtitle: String,
}

struct Theme {
    name: &'static str,
    background: &'static str,
    text: &'static str,
    muted: &'static str,
    cell: &'static str,
}

const LIGHT: Theme = Theme { name: "light", background: "#FFFFFF", text: "#1F2328", muted: "#59636E", cell: "#F3F4F6" };
const DARK: Theme = Theme { name: "dark", background: "#17181B", text: "#E6E8EB", muted: "#9BA3AD", cell: "#232529" };

/// One line of text as a filled path, starting at `x` on the baseline `y` (centred on `x` when `centred`).
fn text(x: f32, y: f32, size: f32, fill: &str, line: &str, centred: bool) -> String {
    let x = if centred { x - FontMetrics::bundled().measure(line, size) / 2.0 } else { x };
    format!(r#"<path d="{}" fill="{fill}"/>"#, text_path(line, x, y, size))
}

fn cells() -> (Vec<Cell>, Vec<Cell>) {
    let kinds: Vec<Cell> = catalog::all()
        .map(|entry| Cell { icon: entry.icon, title: entry.kind.as_str().to_owned(), subtitle: entry.name.to_owned() })
        .collect();
    let used: BTreeSet<&str> = kinds.iter().map(|cell| cell.icon).collect();
    let spare = ICON_KEYS
        .iter()
        .filter(|key| !used.contains(*key))
        .map(|&key| Cell { icon: key, title: key.to_owned(), subtitle: "no kind yet".to_owned() })
        .collect();
    (kinds, spare)
}

fn rows(count: usize) -> f32 {
    count.div_ceil(COLUMNS) as f32
}

/// Draws `cells` in a grid starting at `top`; returns the y below it.
fn grid(svg: &mut String, cells: &[Cell], theme: &Theme, left: f32, top: f32) -> Result<f32, String> {
    for (index, cell) in cells.iter().enumerate() {
        let x = left + (index % COLUMNS) as f32 * CELL_WIDTH;
        let y = top + (index / COLUMNS) as f32 * CELL_HEIGHT;
        let icon = icon_svg(cell.icon).ok_or_else(|| format!("no icon {:?}", cell.icon))?;
        let center = x + CELL_WIDTH / 2.0;
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" fill="{fill}"/>
<g transform="translate({ix} {iy})">{icon}</g>
<g transform="translate({sx} {sy}) scale({third})">{icon}</g>
{title}
{subtitle}
"#,
            w = CELL_WIDTH - 8.0,
            h = CELL_HEIGHT - 8.0,
            fill = theme.cell,
            ix = center - 28.0,
            iy = y + 10.0,
            sx = center + 28.0,
            sy = y + 42.0,
            third = 1.0 / 3.0,
            title = text(center, y + 78.0, 12.0, theme.text, &cell.title, true),
            subtitle = text(center, y + 95.0, 11.0, theme.muted, &cell.subtitle, true),
        );
    }
    Ok(top + rows(cells.len()) * CELL_HEIGHT)
}

/// The SVG of the whole sheet: the light half above the dark one.
fn sheet() -> Result<(String, f32, f32), String> {
    let (kinds, spare) = cells();
    let width = 2.0 * MARGIN + COLUMNS as f32 * CELL_WIDTH;
    // The spare section (icons drawn ahead of their kinds) only when there are any.
    let spare_headings = if spare.is_empty() { 0.0 } else { 1.0 };
    let half = 2.0 * MARGIN + (1.0 + spare_headings) * HEADING + (rows(kinds.len()) + rows(spare.len())) * CELL_HEIGHT;
    let height = 2.0 * half;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">
"#
    );
    for (index, theme) in [LIGHT, DARK].iter().enumerate() {
        let top = index as f32 * half;
        let _ = write!(
            svg,
            r#"<rect x="0" y="{top}" width="{width}" height="{half}" fill="{bg}"/>
{heading}
"#,
            bg = theme.background,
            heading = text(
                MARGIN,
                top + MARGIN + 22.0,
                18.0,
                theme.text,
                &format!("Component icons ({} kinds, {} background) · 아이콘", kinds.len(), theme.name),
                false
            ),
        );
        let below = grid(&mut svg, &kinds, theme, MARGIN, top + MARGIN + HEADING)?;
        if spare.is_empty() {
            continue;
        }
        svg.push_str(&text(MARGIN, below + 28.0, 14.0, theme.muted, "Icons drawn ahead of their kinds", false));
        svg.push('\n');
        grid(&mut svg, &spare, theme, MARGIN, below + HEADING)?;
    }
    svg.push_str("</svg>\n");
    Ok((svg, width, height))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs").join("icon-sheet.png"), PathBuf::from);
    let (svg, width, height) = sheet()?;
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default())?;
    let mut pixmap = Pixmap::new(width as u32, height as u32).ok_or("empty sheet")?;
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    pixmap.save_png(&out)?;
    println!("wrote {} ({} x {} px)", out.display(), pixmap.width(), pixmap.height());
    Ok(())
}
