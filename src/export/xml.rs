//! Writing XML by hand, safely: the one escaping function for SVG and HTML text and attributes ([`escape`], from
//! `report::html`), numbers written the same way on every machine ([`num`]), colours and base64.

use crate::scene::text::push_uint;
use crate::scene::{Rgba, Theme, Token};

pub use crate::report::html::{escape, escape_into};

/// Whether `text` survives as XML character data exactly (after escaping): no character XML forbids or
/// normalises (carriage returns become line feeds when parsed). Scans bytes: models run to megabytes.
pub fn is_verbatim(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.iter().enumerate().any(|(i, &byte)| match byte {
        b'\t' | b'\n' => false,
        0..=0x1F | 0x7F => true,
        // U+0080..U+009F (C1 controls).
        0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
        // U+FFFE, U+FFFF.
        0xEF => bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)),
        _ => false,
    })
}

/// A number in diagram units with at most two decimals, no exponent and no `-0` (written from integer hundredths:
/// exports write hundreds of thousands of numbers, and float formatting dominated).
pub fn num(out: &mut String, value: f32) {
    hundredths(out, if value.is_finite() { (f64::from(value) * 100.0).round() as i64 } else { 0 });
}

/// A number given in whole hundredths, written as [`num`] writes it.
pub fn hundredths(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    let magnitude = value.unsigned_abs();
    push_uint(out, magnitude / 100);
    let fraction = (magnitude % 100) as u8;
    if fraction != 0 {
        out.push('.');
        out.push(char::from(b'0' + fraction / 10));
        if !fraction.is_multiple_of(10) {
            out.push(char::from(b'0' + fraction % 10));
        }
    }
}

/// `num` as a new string.
pub fn n(value: f32) -> String {
    let mut out = String::new();
    num(&mut out, value);
    out
}

/// ` NAME="#rrggbb"` plus ` NAME-opacity="a"` when the colour is translucent (`NAME` is `fill` or `stroke`).
pub fn paint(out: &mut String, name: &str, token: Token, theme: Theme, opacity: f32) {
    let Rgba { a, .. } = token.rgba(theme);
    colour(out, name, token.rgba(theme), opacity * f32::from(a) / 255.0);
}

/// A colour attribute with an opacity.
pub fn colour(out: &mut String, name: &str, rgba: Rgba, opacity: f32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"#");
    for byte in [rgba.r, rgba.g, rgba.b] {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 15)]));
    }
    out.push('"');
    let thousandths = (opacity.clamp(0.0, 1.0) * 1000.0).round() as u32;
    if thousandths < 1000 {
        out.push(' ');
        out.push_str(name);
        out.push_str("-opacity=\"0");
        if thousandths > 0 {
            out.push('.');
            let mut digits = thousandths;
            let mut width = 3;
            while digits.is_multiple_of(10) {
                digits /= 10;
                width -= 1;
            }
            let text = [digits / 100 % 10, digits / 10 % 10, digits % 10];
            for &d in &text[3 - width..] {
                out.push(char::from(b'0' + d as u8));
            }
        }
        out.push('"');
    }
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let word = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((word >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(-0.001), "0");
        assert_eq!(n(12.345_678), "12.35");
        assert_eq!(n(1e9), "1000000000");
        assert_eq!(n(-3.05), "-3.05");
        assert_eq!(n(0.5), "0.5");
        assert_eq!(n(-0.004), "0");
    }

    #[test]
    fn opacities_and_verbatim_text() {
        let mut out = String::new();
        colour(&mut out, "fill", Rgba { r: 255, g: 0, b: 16, a: 255 }, 0.05);
        colour(&mut out, "stroke", Rgba { r: 0, g: 0, b: 0, a: 255 }, 0.28);
        colour(&mut out, "fill", Rgba { r: 0, g: 0, b: 0, a: 255 }, 1.0);
        assert_eq!(
            out,
            " fill=\"#ff0010\" fill-opacity=\"0.05\" stroke=\"#000000\" stroke-opacity=\"0.28\" fill=\"#000000\""
        );
        assert!(is_verbatim("{\"a\": \"주문\\n\"}\n\t"));
        for bad in ["a\rb", "\u{1b}", "\u{85}", "\u{FFFE}", "x\u{FFFF}"] {
            assert!(!is_verbatim(bad), "{bad:?}");
        }
    }

    #[test]
    fn base64_round_trips() {
        for text in ["", "a", "ab", "abc", "abcd", "주문 {\"x\": 1}"] {
            let encoded = base64(text.as_bytes());
            assert_eq!(crate::io::embedded::unbase64(&encoded).unwrap(), text.as_bytes(), "{encoded}");
        }
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(crate::io::embedded::unbase64("TW=Fu"), None);
    }
}
