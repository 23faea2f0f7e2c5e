//! File > Export: one dialog for SVG, PNG and the threat report, with the overlays, theme, background, scale,
//! crop and "embed the diagram" choices, and a preview of exactly what will be written (the SVG rendered with
//! resvg, as the PNG export does). The bytes are made here, on the UI thread's request, and written by `files`.

use egui::{ColorImage, TextureHandle, TextureOptions};

use crate::analysis::blast::Start;
use crate::export::{self, Background, Crop, Input, PngOptions, ReportFormat, SvgOptions};
use crate::scene::{ResponsibilityView, Theme, ViewOptions};
use crate::ui::workspace::Workspace;

/// What is exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A standalone SVG with the diagram embedded.
    Svg,
    /// A PNG rendered from the SVG.
    Png,
    /// A standalone HTML threat report (the diagram inline).
    Html,
    /// A Markdown threat report with the diagram as an SVG beside it.
    Markdown,
}

impl Format {
    fn label(self) -> &'static str {
        match self {
            Self::Svg => "SVG picture",
            Self::Png => "PNG picture",
            Self::Html => "HTML report",
            Self::Markdown => "Markdown report",
        }
    }
}

/// Files to write: name suffix (empty: the chosen file itself) and bytes.
pub struct Output {
    /// The main file's extension.
    pub extension: &'static str,
    /// The main file.
    pub bytes: Vec<u8>,
    /// A picture written beside it under this file name (the Markdown report's SVG).
    pub beside: Option<(String, Vec<u8>)>,
}

/// The dialog's choices.
pub struct ExportDialog {
    format: Format,
    dark: bool,
    transparent: bool,
    scale: f32,
    embed: bool,
    title_block: bool,
    legend: bool,
    callouts: bool,
    selection_only: bool,
    view: ViewOptions,
    preview: Option<(u64, TextureHandle, [usize; 2])>,
    preview_key: u64,
    message: Option<String>,
}

impl ExportDialog {
    /// Opens the dialog for `format`, starting from the canvas's overlays.
    pub fn new(format: Format, view: &ViewOptions) -> Self {
        Self {
            format,
            dark: view.theme == Theme::Dark,
            transparent: false,
            scale: 2.0,
            embed: true,
            title_block: true,
            legend: true,
            callouts: matches!(format, Format::Html | Format::Markdown),
            selection_only: false,
            view: ViewOptions { detail: crate::scene::Detail::Full, ..view.clone() },
            preview: None,
            preview_key: 0,
            message: None,
        }
    }

    fn options(&self, selection: &[crate::model::id::Id]) -> (ViewOptions, SvgOptions) {
        let mut view = self.view.clone();
        view.theme = if self.dark { Theme::Dark } else { Theme::Light };
        let crop = if self.selection_only && !selection.is_empty() {
            Crop::Selection(selection.iter().map(ToString::to_string).collect())
        } else {
            Crop::Content
        };
        let svg = SvgOptions {
            background: if self.transparent { Background::Transparent } else { Background::Solid },
            crop,
            title_block: self.title_block,
            legend: self.legend,
            callouts: self.callouts,
            embed_model: self.embed,
            ..SvgOptions::default()
        };
        (view, svg)
    }

    /// The files the current choices give.
    pub fn output(&self, ws: &Workspace, selection: &[crate::model::id::Id]) -> Result<Output, String> {
        let model = ws.model().ok_or("nothing to draw: the document has problems everywhere")?;
        let input = Input { diagram: ws.diagram(), model, analysis: ws.analysis() };
        let (view, svg_options) = self.options(selection);
        match self.format {
            Format::Svg => Ok(Output {
                extension: "svg",
                bytes: export::svg(&input, &view, &svg_options).into_bytes(),
                beside: None,
            }),
            Format::Png => {
                let png = PngOptions { scale: self.scale, embed_model: self.embed };
                let bytes = export::png::png(&input, &view, &svg_options, &png).map_err(|e| e.to_string())?;
                Ok(Output { extension: "png", bytes, beside: None })
            }
            Format::Html | Format::Markdown => {
                let format = if self.format == Format::Html { ReportFormat::Html } else { ReportFormat::Markdown };
                // The Markdown links its picture by this name, and the picture is written under it beside the report.
                let picture = format!("{}.svg", stem(ws));
                let files =
                    export::report(&input, &view, format, &ws.source.name(), &picture).ok_or("nothing was analysed")?;
                let extension = if format == ReportFormat::Html { "html" } else { "md" };
                Ok(Output {
                    extension,
                    bytes: files.text.into_bytes(),
                    beside: files.svg.map(|svg| (picture, svg.into_bytes())),
                })
            }
        }
    }

    /// Shows the dialog; returns the output when the user pressed Export, and whether it stays open.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        ws: &Workspace,
        selection: &[crate::model::id::Id],
    ) -> (Option<Output>, bool) {
        let mut open = true;
        let mut export = false;
        egui::Window::new("Export").collapsible(false).resizable(false).default_width(560.0).show(ctx, |ui| {
            ui.horizontal(|ui| {
                for format in [Format::Svg, Format::Png, Format::Html, Format::Markdown] {
                    ui.selectable_value(&mut self.format, format, format.label());
                }
            });
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                ui.checkbox(&mut self.view.threats, "Threat badges");
                let mut blast = self.view.blast.is_some();
                if ui.checkbox(&mut blast, "Blast radius").changed() {
                    self.view.blast =
                        blast.then(|| self.view.blast.clone().unwrap_or_else(|| Start::INTERNET.to_owned()));
                }
                let mut responsibility = self.view.responsibility.is_some();
                if ui.checkbox(&mut responsibility, "Responsibility").changed() {
                    self.view.responsibility = responsibility.then_some(ResponsibilityView::Overall);
                }
                ui.checkbox(&mut self.view.contexts, "Context metrics");
            });
            ui.horizontal_wrapped(|ui| {
                ui.checkbox(&mut self.dark, "Dark theme");
                ui.checkbox(&mut self.transparent, "Transparent background");
                ui.checkbox(&mut self.title_block, "Title block");
                ui.checkbox(&mut self.legend, "Legend");
                ui.checkbox(&mut self.callouts, "Numbered findings");
                ui.add_enabled(
                    !selection.is_empty(),
                    egui::Checkbox::new(&mut self.selection_only, "Only the selection"),
                );
                ui.checkbox(&mut self.embed, "Embed the diagram (reopens in trustmap)");
            });
            if self.format == Format::Png {
                ui.add(egui::Slider::new(&mut self.scale, 1.0..=4.0).step_by(0.5).text("scale"));
            }
            ui.separator();
            self.preview_ui(ui, ws, selection);
            if let Some(message) = &self.message {
                ui.label(egui::RichText::new(message).color(crate::ui::theme::error_text(ui)));
            }
            ui.horizontal(|ui| {
                if ui.button(format!("Export {}…", self.format.label())).clicked() {
                    export = true;
                }
                if ui.button("Cancel").clicked() {
                    open = false;
                }
            });
        });
        if !export {
            return (None, open);
        }
        match self.output(ws, selection) {
            Ok(output) => (Some(output), false),
            Err(why) => {
                self.message = Some(why);
                (None, true)
            }
        }
    }

    /// The picture as it will be written, rendered with resvg when the choices or the document changed.
    fn preview_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, selection: &[crate::model::id::Id]) {
        use std::hash::{Hash as _, Hasher as _};
        let (view, svg_options) = self.options(selection);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (ws.layout_stamp(), &view, format!("{svg_options:?}")).hash(&mut hasher);
        let key = hasher.finish();
        if self.preview.as_ref().is_none_or(|(k, _, _)| *k != key) && key != self.preview_key {
            self.preview_key = key;
            self.preview = ws.model().and_then(|model| {
                let input = Input { diagram: ws.diagram(), model, analysis: ws.analysis() };
                let plain = SvgOptions { embed_model: false, embed_font: false, text_as_paths: true, ..svg_options };
                let svg = export::svg(&input, &view, &plain);
                let image = render_preview(&svg, 520.0)?;
                let size = image.size;
                Some((key, ui.ctx().load_texture("export-preview", image, TextureOptions::LINEAR), size))
            });
        }
        match &self.preview {
            Some((_, texture, [w, h])) => {
                let size = egui::vec2(*w as f32, *h as f32);
                ui.image((texture.id(), size));
            }
            None => {
                ui.label("No preview: nothing to draw.");
            }
        }
    }
}

/// Renders an SVG to at most `width` pixels wide (and as tall as it needs, up to twice that).
fn render_preview(svg: &str, width: f32) -> Option<ColorImage> {
    let tree = export::png::parse(svg).ok()?;
    let size = tree.size();
    let scale = (width / size.width().max(1.0)).min(2.0 * width / size.height().max(1.0)).min(1.0);
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w.max(1), h.max(1))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Some(ColorImage::from_rgba_premultiplied([pixmap.width() as usize, pixmap.height() as usize], pixmap.data()))
}

/// The document's name without extension, for export file names.
fn stem(ws: &Workspace) -> String {
    let name = ws.source.name();
    let stem = name.split(" (").next().unwrap_or("diagram").trim_end_matches(".json");
    if stem.is_empty() { "diagram".to_owned() } else { stem.to_owned() }
}
