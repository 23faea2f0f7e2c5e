//! Textures for the canvas: each catalog icon rasterised with resvg at the pixel size it is shown at (in steps, so
//! zooming does not make a texture per frame), cached by key and size; and one repeating texture per dash style, so
//! a dashed or dotted line is a quad per segment rather than a shape per dash.

use std::collections::BTreeMap;

use egui::{ColorImage, TextureHandle, TextureOptions};

use crate::scene::Dash;
use resvg::{tiny_skia, usvg};

/// Rasterised icons and dash patterns.
#[derive(Default)]
pub struct IconCache {
    textures: BTreeMap<(&'static str, u32), Option<TextureHandle>>,
    /// By dash style (`Dash as usize`).
    patterns: [Option<TextureHandle>; 4],
}

/// Texels per unit of a dash pattern, along the line.
pub const PATTERN_TEXELS: usize = 8;

/// The texture size for an icon shown `px` pixels wide: the next step up, so the texture is never enlarged.
fn step(px: f32) -> u32 {
    [16, 24, 32, 48, 64, 96, 128].into_iter().find(|&s| s as f32 >= px).unwrap_or(128)
}

impl IconCache {
    /// The texture of icon `key` for `px` screen pixels, rasterised on first use; `None` if it has no icon.
    pub fn get(&mut self, ctx: &egui::Context, key: &'static str, px: f32) -> Option<&TextureHandle> {
        let size = step(px);
        self.textures
            .entry((key, size))
            .or_insert_with(|| {
                let image = rasterise(crate::assets::icon_svg(key)?, size)?;
                Some(ctx.load_texture(format!("icon-{key}-{size}"), image, TextureOptions::LINEAR))
            })
            .as_ref()
    }
}

impl IconCache {
    /// The repeating texture of a dash style (`None` for solid lines): one period of the pattern along `u`, in
    /// [`PATTERN_TEXELS`] per unit, white with the coverage as alpha. Dashes fill the middle half of `v` (the quad
    /// is twice the line width, so the edges fade over the outer quarters); dots are discs filling `v`, centred
    /// where each period starts.
    pub fn pattern(&mut self, ctx: &egui::Context, dash: Dash) -> Option<egui::TextureId> {
        if dash == Dash::Solid {
            return None;
        }
        let handle = self.patterns.get_mut(dash as usize)?.get_or_insert_with(|| {
            let options = TextureOptions {
                wrap_mode: egui::TextureWrapMode::Repeat,
                mipmap_mode: Some(egui::TextureFilter::Linear),
                ..TextureOptions::LINEAR
            };
            ctx.load_texture(format!("dash-{}", dash.name()), pattern_image(dash), options)
        });
        Some(handle.id())
    }
}

/// One period of a dash style as an image (see [`IconCache::pattern`]).
fn pattern_image(dash: Dash) -> ColorImage {
    let (units, rows): (f32, usize) = match dash {
        Dash::Dotted => (3.0, PATTERN_TEXELS),
        _ => (dash.pattern().iter().sum(), 4),
    };
    let width = (units * PATTERN_TEXELS as f32).round().max(1.0) as usize;
    let mut pixels = Vec::with_capacity(width * rows);
    for y in 0..rows {
        for x in 0..width {
            let alpha = match dash {
                Dash::Dotted => {
                    // A disc of diameter `rows` centred on x = 0 (wrapping round the period).
                    let r = rows as f32 / 2.0;
                    let dx = (x as f32 + 0.5).min(width as f32 - x as f32 - 0.5);
                    let dy = y as f32 + 0.5 - r;
                    (r - (dx * dx + dy * dy).sqrt() + 0.5).clamp(0.0, 1.0)
                }
                _ => {
                    let across = y > 0 && y + 1 < rows;
                    let at = x as f32 / PATTERN_TEXELS as f32;
                    let mut start = 0.0;
                    let mut on = false;
                    for (i, len) in dash.pattern().iter().enumerate() {
                        if at >= start && at < start + len {
                            on = i % 2 == 0;
                            break;
                        }
                        start += len;
                    }
                    if on && across { 1.0 } else { 0.0 }
                }
            };
            let a = (alpha * 255.0).round() as u8;
            pixels.push(egui::Color32::from_white_alpha(a));
        }
    }
    ColorImage::new([width, rows], pixels)
}

fn rasterise(svg: &str, size: u32) -> Option<ColorImage> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).ok()?;
    let mut pixmap = tiny_skia::Pixmap::new(size, size)?;
    let scale = size as f32 / tree.size().width().max(1.0);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Some(ColorImage::from_rgba_premultiplied([size as usize, size as usize], pixmap.data()))
}
