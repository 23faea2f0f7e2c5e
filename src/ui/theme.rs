//! The editor's colours: palette tokens resolved to `Color32`. This is the only place in the UI that turns a
//! colour into egui's type; the colours themselves live in `scene::palette`.

use egui::Color32;

use crate::analysis::severity::Severity;
use crate::scene::{Theme, Token, severity_token};

/// A token in a theme, as egui's colour.
pub fn color(token: Token, theme: Theme) -> Color32 {
    let c = token.rgba(theme);
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

/// The scene theme matching the UI's.
pub fn of(ui: &egui::Ui) -> Theme {
    if ui.visuals().dark_mode { Theme::Dark } else { Theme::Light }
}

/// Problem text.
pub fn error_text(ui: &egui::Ui) -> Color32 {
    color(Token::SeverityHigh, of(ui))
}

/// Secondary text (kinds, metrics).
pub fn text_weak(ui: &egui::Ui) -> Color32 {
    color(Token::TextWeak, of(ui))
}

/// The colour of a severity.
pub fn severity(ui: &egui::Ui, severity: Severity) -> Color32 {
    color(severity_token(severity), of(ui))
}

/// The review-mode badge's fill: the selection colour, so it reads as a state of the editor, not a finding.
pub fn review_fill(ui: &egui::Ui) -> Color32 {
    color(Token::Selection, of(ui))
}

/// The review-mode badge's text, readable on [`review_fill`].
pub fn review_text(ui: &egui::Ui) -> Color32 {
    color(Token::TextOnDark, of(ui))
}
