//! The editor's colours, by meaning. (The shared palette for canvas and SVG export moves to `scene` when the
//! scene layer lands; until then these are the only colours the UI uses.)

use egui::Color32;

use crate::analysis::severity::Severity;

/// Problem text.
pub const ERROR_TEXT: Color32 = Color32::from_rgb(0xe0, 0x6c, 0x75);
/// Canvas background.
pub const CANVAS: Color32 = Color32::from_rgb(0xf7, 0xf8, 0xfa);
/// Leaf component fill.
pub const COMPONENT_FILL: Color32 = Color32::from_rgb(0xff, 0xff, 0xff);
/// Leaf component outline.
pub const COMPONENT_STROKE: Color32 = Color32::from_rgb(0x4a, 0x55, 0x68);
/// Container (account, VPC, cluster ...) fill.
pub const CONTAINER_FILL: Color32 = Color32::from_rgba_premultiplied(0x3b, 0x82, 0xf6, 0x0c);
/// Container outline.
pub const CONTAINER_STROKE: Color32 = Color32::from_rgb(0x93, 0xa3, 0xb8);
/// Implicit trust boundary outline (account, VPC, cluster, on-prem).
pub const TRUST_BOUNDARY_STROKE: Color32 = Color32::from_rgb(0xd9, 0x46, 0x46);
/// Flow arrows.
pub const FLOW: Color32 = Color32::from_rgb(0x33, 0x41, 0x55);
/// Asynchronous flow arrows.
pub const FLOW_ASYNC: Color32 = Color32::from_rgb(0x0e, 0x7c, 0x86);
/// Labels.
pub const TEXT: Color32 = Color32::from_rgb(0x1f, 0x29, 0x37);
/// Secondary labels (kinds).
pub const TEXT_WEAK: Color32 = Color32::from_rgb(0x6b, 0x72, 0x80);
/// Elements of the selected finding.
pub const HIGHLIGHT: Color32 = Color32::from_rgb(0xe1, 0x1d, 0x48);

/// The colour of a severity.
pub fn severity(severity: Severity) -> Color32 {
    match severity {
        Severity::Critical => Color32::from_rgb(0xe1, 0x1d, 0x48),
        Severity::High => Color32::from_rgb(0xf9, 0x73, 0x16),
        Severity::Elevated => Color32::from_rgb(0xea, 0xb3, 0x08),
        Severity::Medium => Color32::from_rgb(0x38, 0xbd, 0xf8),
        Severity::Low => Color32::from_rgb(0x94, 0xa3, 0xb8),
    }
}
