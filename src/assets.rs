//! Bundled assets shared by every painter (canvas, SVG, PNG): the Latin + Hangul font and the component icons.
//!
//! The bytes are compiled into the binary, so the screen and the exported files measure and draw text with the
//! same font and the same pictograms, and never depend on what the machine has installed. The browser build is
//! the exception for the font (1.35 MB, a sixth of the download): the page fetches it beside the wasm and the web
//! entry hands it over with [`set_font`] before the app starts; [`font_regular`] gives it to every painter. How
//! the font was made is in `assets/fonts/README.md`; the icons' style is in `assets/icons/README.md`.

/// Trustmap Sans Regular: NanumGothic subset to Latin, punctuation, arrows, symbols and all 11,172 Hangul
/// syllables, renamed as its licence (SIL OFL 1.1) requires.
#[cfg(not(target_arch = "wasm32"))]
pub const FONT_REGULAR: &[u8] = include_bytes!("../assets/fonts/TrustmapSans-Regular.ttf");

/// The bundled font's bytes: compiled in on native; on the web, what [`set_font`] installed (empty before, or
/// when the page could not fetch it: text then falls back to default metrics and egui's own fonts).
pub fn font_regular() -> &'static [u8] {
    #[cfg(not(target_arch = "wasm32"))]
    {
        FONT_REGULAR
    }
    #[cfg(target_arch = "wasm32")]
    {
        WEB_FONT.get().copied().unwrap_or_default()
    }
}

#[cfg(target_arch = "wasm32")]
static WEB_FONT: std::sync::OnceLock<&'static [u8]> = std::sync::OnceLock::new();

/// Installs the font the page fetched (web only; once, before anything measures text). It lives as long as the
/// page, so it is leaked on purpose rather than copied into every user.
#[cfg(target_arch = "wasm32")]
pub fn set_font(bytes: Vec<u8>) {
    let _ = WEB_FONT.set(Box::leak(bytes.into_boxed_slice()));
}

/// The family name inside [`FONT_REGULAR`], for font databases and SVG `font-family` attributes.
pub const FONT_FAMILY: &str = "Trustmap Sans";

/// Builds the icon table from a sorted list of keys, so a key and its file cannot drift apart.
macro_rules! icon_table {
    ($($key:literal,)*) => {
        /// Every icon key, sorted.
        pub const ICON_KEYS: &[&str] = &[$($key),*];
        /// `(key, SVG text)`, sorted by key (as [`ICON_KEYS`]).
        const ICONS: &[(&str, &str)] = &[$(($key, include_str!(concat!("../assets/icons/", $key, ".svg")))),*];
    };
}

icon_table! {
    "api-gateway",
    "aws-account",
    "cloudfront",
    "cloudtrail",
    "cloudwatch",
    "cognito",
    "container",
    "dynamodb",
    "ec2-node",
    "ecr",
    "ecs-cluster",
    "ecs-service",
    "eks-cluster",
    "eks-control-plane",
    "elasticache",
    "eventbridge",
    "external-registry",
    "fargate",
    "generic",
    "generic-datastore",
    "guardduty",
    "iam-role",
    "internet",
    "kinesis",
    "kms",
    "lambda",
    "load-balancer",
    "nat-gateway",
    "on-prem",
    "pod",
    "rds",
    "rds-proxy",
    "s3",
    "secrets-manager",
    "sns",
    "sqs",
    "step-functions",
    "subnet",
    "user",
    "vpc",
    "vpc-endpoint",
    "waf",
}

/// The SVG text of the icon named `key` (a catalog kind's `icon`), or `None` if there is none. Every icon is a
/// self-contained 48 x 48 SVG document: a rounded tile in the kind's category colour with a white pictogram.
pub fn icon_svg(key: &str) -> Option<&'static str> {
    ICONS
        .binary_search_by(|&(candidate, _)| candidate.cmp(key))
        .ok()
        .and_then(|index| ICONS.get(index))
        .map(|&(_, svg)| svg)
}

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
    fn icon_keys_are_sorted_unique_and_found() {
        assert!(ICON_KEYS.len() >= 30, "only {} icons", ICON_KEYS.len());
        assert!(ICON_KEYS.windows(2).all(|pair| pair[0] < pair[1]), "ICON_KEYS is not sorted and unique");
        for key in ICON_KEYS {
            assert!(icon_svg(key).is_some_and(|svg| svg.starts_with("<svg ")), "{key} has no SVG");
        }
        assert_eq!(icon_svg("no-such-icon"), None);
        assert_eq!(icon_svg(""), None);
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
