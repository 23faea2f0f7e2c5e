//! Share links: a diagram compressed into a URL fragment (`#d=` + base64url of raw deflate of its compact JSON), so
//! a link carries the whole diagram and no server ever sees it (browsers do not send the fragment). Encoding refuses
//! links over [`MAX_LINK_BYTES`]; decoding stops inflating at [`MAX_EXPANDED_BYTES`] so a small hostile link cannot
//! expand into gigabytes. Turning the bytes into a document is [`crate::io::open_bytes`]'s job.

use miniz_oxide::inflate::{DecompressError, TINFLStatus};

/// What a share fragment starts with (after the `#`).
pub const PREFIX: &str = "d=";
/// The longest fragment a link may carry: longer URLs are cut or refused by chat tools, mail and some browsers.
pub const MAX_LINK_BYTES: usize = 32 * 1024;
/// Inflating stops here: the largest file trustmap opens at all.
pub const MAX_EXPANDED_BYTES: usize = crate::io::MAX_FILE_BYTES;

/// Why a link could not be made or read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The compressed diagram does not fit in a link.
    #[error(
        "the diagram is too large for a link ({0} KB; a link holds up to 32 KB): save it as a file and share the file instead"
    )]
    TooLarge(usize),
    /// The fragment is not a share link at all.
    #[error("the link does not hold a trustmap diagram (its part after # does not start with \"d=\")")]
    NotALink,
    /// The fragment is a share link whose data is damaged (cut short, mistyped, not compressed data).
    #[error("the link is damaged ({0}); ask for a new link or for the file")]
    Damaged(&'static str),
    /// The data expands beyond what trustmap opens.
    #[error("the link's diagram expands to more than 64 MiB, more than trustmap opens")]
    TooLargeExpanded,
}

/// The fragment (without `#`) that carries `json`, a saved diagram. Whitespace is dropped first when `json` parses
/// (it usually does), so a pretty-printed file makes the same link as a compact one.
pub fn encode(json: &str) -> Result<String, ShareError> {
    let compact = serde_json::from_str::<serde_json::Value>(json).map_or_else(|_| json.to_owned(), |v| v.to_string());
    let deflated = miniz_oxide::deflate::compress_to_vec(compact.as_bytes(), 9);
    let fragment = format!("{PREFIX}{}", base64url(&deflated));
    if fragment.len() > MAX_LINK_BYTES {
        return Err(ShareError::TooLarge(fragment.len().div_ceil(1024)));
    }
    Ok(fragment)
}

/// Whether `fragment` (with or without its `#`) is meant as a share link; an empty fragment is not.
pub fn is_link(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(PREFIX)
}

/// The diagram bytes a fragment (with or without its `#`) carries. A fragment longer than any link trustmap makes
/// is still read (another build may allow longer ones); inflating is what is bounded.
pub fn decode(fragment: &str) -> Result<Vec<u8>, ShareError> {
    decode_limited(fragment, MAX_EXPANDED_BYTES)
}

fn decode_limited(fragment: &str, limit: usize) -> Result<Vec<u8>, ShareError> {
    let data = fragment.trim_start_matches('#').strip_prefix(PREFIX).ok_or(ShareError::NotALink)?;
    let deflated = from_base64url(data).ok_or(ShareError::Damaged("not base64url text"))?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, limit).map_err(|e: DecompressError| match e.status {
        TINFLStatus::HasMoreOutput => ShareError::TooLargeExpanded,
        TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => ShareError::Damaged("cut short"),
        _ => ShareError::Damaged("not compressed trustmap data"),
    })
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648 section 5): safe in a URL fragment as it is.
fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Reads base64url with or without padding; `None` on any other character or an impossible length.
fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let value = |c: u8| ALPHABET.iter().position(|a| *a == c).and_then(|p| u32::try_from(p).ok());
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..70 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = base64url(&bytes);
            assert!(text.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'), "{text}");
            assert_eq!(from_base64url(&text), Some(bytes), "length {len}");
        }
        assert_eq!(base64url(b"\xfb\xff"), "-_8");
        assert_eq!(from_base64url("TWE="), Some(b"Ma".to_vec()));
        assert_eq!(from_base64url("a"), None);
        assert_eq!(from_base64url("ab+c"), None);
    }

    #[test]
    fn every_sample_round_trips_through_a_link_that_fits() {
        let samples = crate::io::samples::all();
        assert!(!samples.is_empty());
        for sample in samples {
            let fragment = encode(sample.json).unwrap_or_else(|e| panic!("{}: {e}", sample.file));
            assert!(fragment.starts_with(PREFIX) && is_link(&format!("#{fragment}")));
            let bytes = decode(&format!("#{fragment}")).unwrap_or_else(|e| panic!("{}: {e}", sample.file));
            let opened = crate::io::open_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e:?}", sample.file));
            let original = crate::io::open_bytes(sample.json.as_bytes()).map(|o| o.diagram).ok();
            assert_eq!(Some(opened.diagram), original, "{}", sample.file);
        }
    }

    #[test]
    fn corrupt_fragments_are_refused_with_a_reason() {
        assert_eq!(decode(""), Err(ShareError::NotALink));
        assert_eq!(decode("#section-2"), Err(ShareError::NotALink));
        assert!(!is_link("#section-2") && !is_link(""));
        assert!(matches!(decode("#d=not*base64"), Err(ShareError::Damaged(_))));
        assert!(matches!(decode("#d=AAAA"), Err(ShareError::Damaged(_))));
        let fragment = encode(r#"{"format":"trustmap","version":1,"components":[]}"#).unwrap_or_default();
        let cut = &fragment[..fragment.len() / 2];
        assert!(matches!(decode(cut), Err(ShareError::Damaged(_))), "{cut}");
        // Valid compressed data that is not a diagram decodes; opening it then reports the problem.
        let other = format!("{PREFIX}{}", base64url(&miniz_oxide::deflate::compress_to_vec(b"hello", 6)));
        let bytes = decode(&other).unwrap_or_default();
        assert_eq!(bytes, b"hello");
        assert!(crate::io::open_bytes(&bytes).is_err());
    }

    #[test]
    fn links_over_32_kb_are_refused_when_made() {
        // Names without repetition, so deflate cannot shrink the diagram below the limit.
        let mut seed = 7u64;
        let mut noise = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            format!("{:016x}", seed)
        };
        let components: Vec<String> = (0..1500)
            .map(|i| format!(r#"{{"id":"c{i}","kind":"external-actor","name":"{}{}"}}"#, noise(), noise()))
            .collect();
        let json = format!(r#"{{"format":"trustmap","version":1,"components":[{}]}}"#, components.join(","));
        match encode(&json) {
            Err(ShareError::TooLarge(kb)) => assert!(kb > 32, "{kb}"),
            other => panic!("expected TooLarge, got {other:?}"),
        }
        assert!(ShareError::TooLarge(40).to_string().contains("save it as a file"));
    }

    #[test]
    fn a_compression_bomb_stops_at_the_limit() {
        // Deflate shrinks a run of one byte about 1000 times: a 32 KB link could expand to about 25 MB, and a longer
        // fragment (which is still read) to more. Inflating stops at the limit whatever the fragment's length; the
        // real limit is 64 MiB, scaled down here so the test stays fast.
        let limit = 64 * 1024;
        let run = vec![b' '; 4 * limit];
        let fragment = format!("{PREFIX}{}", base64url(&miniz_oxide::deflate::compress_to_vec(&run, 10)));
        assert!(fragment.len() < limit / 16, "{} bytes", fragment.len());
        assert_eq!(decode_limited(&fragment, limit), Err(ShareError::TooLargeExpanded));
        assert_eq!(decode_limited(&fragment, 4 * limit).map(|b| b.len()), Ok(4 * limit));
        assert_eq!(MAX_EXPANDED_BYTES, 64 * 1024 * 1024);
    }
}
