//! Icon textures for the canvas: each catalog icon rasterised with resvg at the pixel size it is shown at (in
//! steps, so zooming does not make a texture per frame), cached by key and size.

use std::collections::BTreeMap;

use egui::{ColorImage, TextureHandle, TextureOptions};
use resvg::{tiny_skia, usvg};

/// Rasterised icons.
#[derive(Default)]
pub struct IconCache {
    textures: BTreeMap<(&'static str, u32), Option<TextureHandle>>,
}

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

fn rasterise(svg: &str, size: u32) -> Option<ColorImage> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).ok()?;
    let mut pixmap = tiny_skia::Pixmap::new(size, size)?;
    let scale = size as f32 / tree.size().width().max(1.0);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Some(ColorImage::from_rgba_premultiplied([size as usize, size as usize], pixmap.data()))
}
