//! PNG: the exported SVG with its text as glyph outlines (`text_as_paths`) rendered by resvg at 1x to 4x, and the
//! diagram's JSON in a compressed `iTXt` chunk before the image data. resvg is built without text layout (no font
//! database or shaping of its own: a smaller browser build), so the picture is the same on every target and no
//! system font is consulted. Images above [`MAX_PIXELS`] are refused before any pixel is allocated.

use resvg::usvg;

use crate::export::chrome::Page;
use crate::export::{Input, SvgOptions, build_scene, svg_of_scene};
use crate::io::embedded::PNG_KEYWORD;
use crate::scene::ViewOptions;

/// The largest image written: 64 megapixels (256 MB of pixels in memory).
pub const MAX_PIXELS: u64 = 64_000_000;

/// How a PNG is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PngOptions {
    /// Pixels per diagram unit, 1 to 4 (clamped).
    pub scale: f32,
    /// The diagram's JSON in an `iTXt` chunk, so trustmap opens the file again.
    pub embed_model: bool,
}

impl Default for PngOptions {
    fn default() -> Self {
        Self { scale: 2.0, embed_model: true }
    }
}

/// Why no PNG was written.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The image would exceed [`MAX_PIXELS`].
    #[error(
        "the image would be {width} x {height} pixels ({:.0} megapixels), over the limit of {} megapixels; \
         export SVG instead (it scales without limit) or use a smaller scale or crop",
        (*.width as f64) * (*.height as f64) / 1e6,
        MAX_PIXELS / 1_000_000
    )]
    TooLarge {
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
    },
    /// The SVG did not parse (a bug: trustmap wrote it).
    #[error("the SVG could not be rendered: {0}")]
    Svg(String),
    /// The PNG encoder failed.
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

/// usvg options that load nothing from outside. (`<text>` is skipped: usvg is built without text layout.)
pub fn usvg_options() -> usvg::Options<'static> {
    // Exports reference nothing outside themselves; refuse anything else all the same.
    usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// Builds the scene, writes its SVG and renders it. The size is checked against [`MAX_PIXELS`] from the scene,
/// before any SVG is written.
pub fn png(
    input: &Input<'_>,
    view: &ViewOptions,
    svg_options: &SvgOptions,
    options: &PngOptions,
) -> Result<Vec<u8>, PngError> {
    // The model goes into the PNG chunk; the text is drawn as outlines, so no font is needed.
    let plain = SvgOptions { embed_model: false, embed_font: false, text_as_paths: true, ..svg_options.clone() };
    let scene = build_scene(input, view);
    let page = Page::new(&scene, input, &plain).view;
    pixel_size(page.w, page.h, options.scale)?;
    let text = svg_of_scene(input, &scene, &plain);
    let model = options.embed_model.then(|| crate::io::to_json(input.diagram));
    png_of_svg(&text, options.scale, model.as_deref())
}

fn clamp_scale(scale: f32) -> f32 {
    if scale.is_finite() { scale.clamp(1.0, 4.0) } else { 1.0 }
}

/// The pixel size of a picture of `w` x `h` diagram units at `scale`, or why it is too large.
fn pixel_size(w: f32, h: f32, scale: f32) -> Result<(u32, u32), PngError> {
    let scale = f64::from(clamp_scale(scale));
    let width = (f64::from(w) * scale).ceil().max(1.0) as u64;
    let height = (f64::from(h) * scale).ceil().max(1.0) as u64;
    if width.saturating_mul(height) > MAX_PIXELS || width > u64::from(u32::MAX) || height > u64::from(u32::MAX) {
        return Err(PngError::TooLarge { width, height });
    }
    Ok((width as u32, height as u32))
}

/// Renders an SVG at `scale` (clamped to 1..=4) and encodes it, with `model` in an `iTXt` chunk. Its text must
/// be outlines (an export with `text_as_paths`): `<text>` is not drawn.
pub fn png_of_svg(svg: &str, scale: f32, model: Option<&str>) -> Result<Vec<u8>, PngError> {
    let tree = parse(svg)?;
    let pixmap = rasterise(&tree, scale)?;
    encode_pixmap(pixmap, model)
}

/// Parses an SVG (`<text>` is skipped: write text as paths).
pub fn parse(svg: &str) -> Result<usvg::Tree, PngError> {
    usvg::Tree::from_str(svg, &usvg_options()).map_err(|e| PngError::Svg(e.to_string()))
}

/// Renders a parsed SVG at `scale` (clamped to 1..=4).
pub fn rasterise(tree: &usvg::Tree, scale: f32) -> Result<resvg::tiny_skia::Pixmap, PngError> {
    let scale = clamp_scale(scale);
    let size = tree.size();
    let (w, h) = pixel_size(size.width(), size.height(), scale)?;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(w, h).ok_or(PngError::TooLarge { width: u64::from(w), height: u64::from(h) })?;
    resvg::render(tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Ok(pixmap)
}

/// Encodes a rendered picture as PNG with `model` in an `iTXt` chunk.
pub fn encode_pixmap(pixmap: resvg::tiny_skia::Pixmap, model: Option<&str>) -> Result<Vec<u8>, PngError> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let mut data = pixmap.take();
    demultiply(&mut data);
    encode(&data, w, h, model).map_err(|e| PngError::Encode(e.to_string()))
}

/// Premultiplied RGBA (tiny-skia) to straight RGBA (PNG).
fn demultiply(data: &mut [u8]) {
    for px in data.chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        if a != 0 && a != 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
}

fn encode(data: &[u8], w: u32, h: u32, model: Option<&str>) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    // Adaptive filtering took a fifth of the time of a large PNG; `Up` suits diagrams (flat rows repeat).
    encoder.set_filter(png::Filter::Up);
    let mut writer = encoder.write_header()?;
    if let Some(json) = model {
        let mut chunk = png::text_metadata::ITXtChunk::new(PNG_KEYWORD, json);
        chunk.compress_text()?;
        writer.write_text_chunk(&chunk)?;
    }
    writer.write_image_data(data)?;
    writer.finish()?;
    Ok(out)
}
