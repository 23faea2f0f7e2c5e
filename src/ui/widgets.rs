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
