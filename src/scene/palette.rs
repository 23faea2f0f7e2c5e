//! The palette: the only place colours exist. Everything else names a semantic [`Token`]; painters resolve it for
//! the [`Theme`] (the egui theme converts to `Color32`, the SVG writer to `#rrggbb`).
//!
//! Hues come from the Okabe–Ito and Paul Tol schemes, which stay apart for red-green colour blindness; no meaning
//! rests on colour alone (severities carry a letter, blast hops a number, responsibility a letter).

/// Light or dark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Theme {
    /// Dark text on a light canvas.
    #[default]
    Light,
    /// Light text on a dark canvas.
    Dark,
}

/// A colour, not premultiplied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity (255 = opaque).
    pub a: u8,
}

const fn hex(rgb: u32) -> Rgba {
    Rgba { r: (rgb >> 16) as u8, g: (rgb >> 8) as u8, b: rgb as u8, a: 255 }
}

const fn hexa(rgb: u32, a: u8) -> Rgba {
    Rgba { a, ..hex(rgb) }
}

impl Rgba {
    /// `#rrggbb` (opacity apart), for SVG.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Relative luminance (sRGB, 0 to 1), to pick readable text on a fill.
    pub fn luminance(self) -> f32 {
        let channel = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }
}

/// What a colour means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Token {
    /// Background of the drawing.
    Canvas,
    /// A component's card.
    CardFill,
    /// A card's outline.
    CardStroke,
    /// Names.
    Text,
    /// Kinds, metrics and other secondary text.
    TextWeak,
    /// Text on a dark badge.
    TextOnDark,
    /// Text on a light badge.
    TextOnLight,
    /// A container's body (account, VPC, subnet, cluster ...).
    RegionFill,
    /// A container's outline.
    RegionStroke,
    /// A container's title bar.
    RegionTitle,
    /// Outline of a container that is an implicit trust boundary (account, VPC, cluster, on-premises).
    TrustBoundary,
    /// Outline of an explicit trust boundary (dashed).
    BoundaryStroke,
    /// Tints of bounded contexts, cycled by position.
    Context(u8),
    /// Synchronous requests.
    FlowSync,
    /// Queue sends and receives.
    FlowQueue,
    /// Event publish and subscribe.
    FlowEvent,
    /// Data reads and writes.
    FlowData,
    /// Administration access.
    FlowAdmin,
    /// Behind a flow label.
    LabelFill,
    /// Severity critical.
    SeverityCritical,
    /// Severity high.
    SeverityHigh,
    /// Severity elevated.
    SeverityElevated,
    /// Severity medium.
    SeverityMedium,
    /// Severity low.
    SeverityLow,
    /// The compromised start of a blast radius.
    BlastStart,
    /// Reached in one hop.
    BlastHop1,
    /// Reached in two hops.
    BlastHop2,
    /// Reached in three or more hops.
    BlastHop3,
    /// Layers AWS secures.
    ResponsibilityAws,
    /// Layers the customer secures.
    ResponsibilityCustomer,
    /// Layers both secure.
    ResponsibilityShared,
    /// No layer (actors outside AWS, or the picked layer is absent).
    ResponsibilityAbsent,
    /// Outline of selected elements.
    Selection,
    /// Outline of the element under the pointer.
    Hover,
    /// Elements of the finding picked in the findings panel.
    Highlight,
    /// The badge that counts a component's extra subnets.
    SubnetBadge,
    /// A note's paper.
    NoteFill,
    /// A note's outline and connector.
    NoteStroke,
    /// Legend and title block background.
    PanelFill,
    /// Legend and title block outline.
    PanelStroke,
}

/// How many context tints there are before they repeat.
pub const CONTEXT_TINTS: u8 = 6;

/// Paul Tol's "light" scheme, for bounded contexts.
const CONTEXT_HUES: [u32; CONTEXT_TINTS as usize] = [0x77aadd, 0xee8866, 0xeedd88, 0xffaabb, 0x99ddff, 0x44bb99];

impl Token {
    /// The colour in a theme.
    pub fn rgba(self, theme: Theme) -> Rgba {
        let light = theme == Theme::Light;
        let pick = |l: u32, d: u32| if light { hex(l) } else { hex(d) };
        match self {
            Self::Canvas => pick(0xf7f8fa, 0x1b1e24),
            Self::CardFill => pick(0xffffff, 0x2a2f38),
            Self::CardStroke => pick(0x4a5568, 0x9aa4b2),
            Self::Text => pick(0x1f2937, 0xe6e9ee),
            Self::TextWeak => pick(0x5b6472, 0xa5adba),
            Self::TextOnDark => hex(0xffffff),
            Self::TextOnLight => hex(0x111111),
            Self::RegionFill => {
                if light {
                    hexa(0x6b7a90, 0x0d)
                } else {
                    hexa(0xaab4c3, 0x10)
                }
            }
            Self::RegionStroke => pick(0x93a3b8, 0x5d6878),
            Self::RegionTitle => {
                if light {
                    hexa(0x6b7a90, 0x1f)
                } else {
                    hexa(0xaab4c3, 0x26)
                }
            }
            Self::TrustBoundary => pick(0x0072b2, 0x56b4e9),
            Self::BoundaryStroke => pick(0xcc79a7, 0xe3a5c8),
            Self::Context(i) => {
                let hue = CONTEXT_HUES[usize::from(i % CONTEXT_TINTS)];
                if light { hexa(hue, 0x24) } else { hexa(hue, 0x1a) }
            }
            Self::FlowSync => pick(0x334155, 0xcbd5e1),
            Self::FlowQueue => pick(0x009e73, 0x3cc8a0),
            Self::FlowEvent => pick(0x0072b2, 0x56b4e9),
            Self::FlowData => pick(0x6b4c9a, 0xb49ad8),
            Self::FlowAdmin => pick(0xd55e00, 0xf08a3c),
            Self::LabelFill => {
                if light {
                    hexa(0xffffff, 0xe6)
                } else {
                    hexa(0x1b1e24, 0xe6)
                }
            }
            Self::SeverityCritical => hex(0x882255),
            Self::SeverityHigh => hex(0xd55e00),
            Self::SeverityElevated => hex(0xe69f00),
            Self::SeverityMedium => hex(0x56b4e9),
            Self::SeverityLow => pick(0xbbbbbb, 0x8a8f98),
            Self::BlastStart => hex(0x882255),
            Self::BlastHop1 => hex(0xd55e00),
            Self::BlastHop2 => hex(0xe69f00),
            Self::BlastHop3 => pick(0xb8a800, 0xf0e442),
            Self::ResponsibilityAws => pick(0xfbe0ad, 0x5c4311),
            Self::ResponsibilityCustomer => pick(0xc3dcf0, 0x153e5e),
            Self::ResponsibilityShared => pick(0xe9c8dc, 0x50304a),
            Self::ResponsibilityAbsent => pick(0xeeeeee, 0x33373d),
            Self::Selection => pick(0x0072b2, 0x56b4e9),
            Self::Hover => {
                if light {
                    hexa(0x0072b2, 0x80)
                } else {
                    hexa(0x56b4e9, 0x80)
                }
            }
            Self::Highlight => pick(0xcc3311, 0xee7733),
            Self::SubnetBadge => pick(0xe6def5, 0x3d3159),
            Self::NoteFill => pick(0xfff4c2, 0x4a4428),
            Self::NoteStroke => pick(0xb59a2c, 0x9c8a45),
            Self::PanelFill => {
                if light {
                    hexa(0xffffff, 0xf0)
                } else {
                    hexa(0x23272e, 0xf0)
                }
            }
            Self::PanelStroke => pick(0xc4ccd8, 0x4a525e),
        }
    }

    /// Readable text on this colour as a fill.
    pub fn text_on(self, theme: Theme) -> Self {
        if self.rgba(theme).luminance() > 0.35 { Self::TextOnLight } else { Self::TextOnDark }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badge_text_is_readable_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            for token in [
                Token::SeverityCritical,
                Token::SeverityHigh,
                Token::SeverityElevated,
                Token::SeverityMedium,
                Token::SeverityLow,
                Token::BlastStart,
                Token::BlastHop1,
                Token::BlastHop2,
                Token::BlastHop3,
            ] {
                let (fill, text) = (token.rgba(theme).luminance(), token.text_on(theme).rgba(theme).luminance());
                let contrast = (fill.max(text) + 0.05) / (fill.min(text) + 0.05);
                assert!(contrast >= 3.0, "{token:?} in {theme:?}: contrast {contrast:.2}");
            }
        }
    }

    #[test]
    fn hex_is_lowercase_rrggbb() {
        assert_eq!(Token::SeverityHigh.rgba(Theme::Light).hex(), "#d55e00");
    }
}
