//! Bundled assets shared by every painter (canvas, SVG, PNG): the Latin + Hangul font.
//!
//! The bytes are compiled into the binary (also for wasm32), so the screen and the exported files measure and
//! draw text with the same font and never depend on what the machine has installed. How the font was made is in
//! `assets/fonts/README.md`.

/// Trustmap Sans Regular: NanumGothic subset to Latin, punctuation, arrows, symbols and all 11,172 Hangul
/// syllables, renamed as its licence (SIL OFL 1.1) requires.
pub const FONT_REGULAR: &[u8] = include_bytes!("../assets/fonts/TrustmapSans-Regular.ttf");

/// The family name inside [`FONT_REGULAR`], for font databases and SVG `font-family` attributes.
pub const FONT_FAMILY: &str = "Trustmap Sans";

#[cfg(test)]
mod tests {
    use super::*;
    use skrifa::MetadataProvider as _;
    use skrifa::string::StringId;

    fn font() -> skrifa::FontRef<'static> {
        match skrifa::FontRef::new(FONT_REGULAR) {
            Ok(font) => font,
            Err(error) => panic!("the bundled font does not parse: {error}"),
        }
    }

    /// The glyph for `ch`, if the font maps it to a real glyph (glyph 0 is `.notdef`).
    fn glyph(font: &skrifa::FontRef<'_>, ch: char) -> Option<skrifa::GlyphId> {
        font.charmap().map(ch).filter(|glyph| glyph.to_u32() != 0)
    }

    #[test]
    fn covers_latin_punctuation_and_hangul_samples() {
        let font = font();
        for ch in ['A', 'z', '0', 'é', 'ü', '×', '…', '→', '≤', '≥', '•', '가', '힣', 'ㄱ', 'ᄀ'] {
            assert!(glyph(&font, ch).is_some(), "no glyph for {ch:?} (U+{:04X})", u32::from(ch));
        }
    }

    #[test]
    fn covers_every_hangul_syllable() {
        let font = font();
        let syllables: Vec<char> = ('\u{AC00}'..='\u{D7A3}').collect();
        assert_eq!(syllables.len(), 11_172);
        let missing: Vec<String> = syllables
            .iter()
            .filter(|&&ch| glyph(&font, ch).is_none())
            .map(|&ch| format!("U+{:04X}", u32::from(ch)))
            .collect();
        assert!(missing.is_empty(), "{} syllables without a glyph: {missing:?}", missing.len());
    }

    #[test]
    fn family_name_is_the_renamed_one() {
        let font = font();
        let families: Vec<String> =
            font.localized_strings(StringId::FAMILY_NAME).map(|name| name.chars().collect()).collect();
        assert!(!families.is_empty(), "the font names no family");
        assert!(families.iter().all(|family| family == FONT_FAMILY), "families: {families:?}");
    }

    #[test]
    fn has_horizontal_metrics() {
        let font = font();
        let metrics = font.glyph_metrics(skrifa::instance::Size::unscaled(), skrifa::instance::LocationRef::default());
        for ch in ['A', '가', '…'] {
            let advance = glyph(&font, ch).and_then(|glyph| metrics.advance_width(glyph));
            assert!(advance.is_some_and(|advance| advance > 0.0), "{ch:?} has no advance: {advance:?}");
        }
    }
}
