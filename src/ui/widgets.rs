//! Small widgets the panels share: a drop-down with an accessible name (screen readers and tests find it by what
//! it chooses, even where the visible label sits elsewhere).

/// A drop-down named `name` for assistive technology, showing `selected`, with `add` filling its list.
pub fn combo<R>(
    ui: &mut egui::Ui,
    salt: impl egui::AsIdSalt,
    name: &str,
    selected: impl Into<String>,
    width: Option<f32>,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> Option<R> {
    let mut combo = egui::ComboBox::from_id_salt(salt).selected_text(selected.into());
    if let Some(width) = width {
        combo = combo.width(width);
    }
    let inner = combo.show_ui(ui, add);
    let _named = inner.response.accessible_name(name);
    inner.inner
}

/// `text` laid out on one line cut to the width left for a collapsing header's title (egui lays those out without
/// wrapping, so a long title would widen the panel); the accessible label keeps the whole text.
pub fn header_text(ui: &egui::Ui, text: impl Into<egui::WidgetText>) -> egui::WidgetText {
    let width = (ui.available_width() - ui.spacing().indent - ui.spacing().button_padding.x).max(40.0);
    let galley = text.into().into_galley(ui, Some(egui::TextWrapMode::Truncate), width, egui::TextStyle::Button);
    egui::WidgetText::Galley(galley)
}
