//! Element ids: stable, human-readable names (`orders-api`) shared by every element of a diagram.
//!
//! One namespace holds components, flows, boundaries, contexts and connections. An id is chosen when the element
//! is created and never changes or gets reused, so finding ids (`rule@element`) and triage notes stay attached.

use std::fmt;

use smol_str::SmolStr;

/// The longest id accepted, in bytes.
pub const MAX_ID_LEN: usize = 64;

/// The longest id kept inline, in bytes (`SmolStr`'s inline capacity).
const INLINE_LEN: usize = 23;

/// A validated element id: lowercase ASCII letters, digits, `-`, `_` and `.`, starting with a letter or digit.
/// Ids of up to 23 bytes (nearly all) are kept inline: cloning, comparing, hashing and dropping one (findings,
/// paths and indexes do it a lot) reads only the id itself, never a shared block elsewhere on the heap (at 20,000
/// components each such read was a cache miss); longer ones are shared text, never copied on clone.
#[derive(Clone, Debug)]
pub struct Id(SmolStr);

// Comparing and hashing go through the text, inlined (the inline string's own impls are not inlined across crates,
// and the analysis sorts and hashes ids in its inner loops).

impl PartialEq for Id {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Id {}

impl PartialOrd for Id {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Id {
    #[inline]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Id {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl serde::Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl Id {
    /// Checks `text` and wraps it; the error says what is wrong in words.
    pub fn new(text: &str) -> Result<Self, String> {
        if text.is_empty() {
            return Err("an id must not be empty".to_owned());
        }
        if text.len() > MAX_ID_LEN {
            return Err(format!("id \"{}…\" is longer than {MAX_ID_LEN} bytes", truncate(text, 24)));
        }
        let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.');
        if !text.bytes().all(allowed) {
            let bad = text.chars().find(|&c| !u8::try_from(c).is_ok_and(allowed)).unwrap_or('?');
            return Err(format!("id \"{text}\" contains {bad:?}; ids use lowercase letters, digits, '-', '_' and '.'"));
        }
        if !text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(format!("id \"{text}\" must start with a letter or digit"));
        }
        // All ASCII now: a short id is copied inline as it is (no look for the whitespace strings `SmolStr::new`
        // keeps apart), the most common case by far when a large file is read.
        if text.len() <= INLINE_LEN {
            return Ok(Self(SmolStr::new_inline(text)));
        }
        Ok(Self(SmolStr::new(text)))
    }

    /// Wraps text copied from an element of a checked diagram (a scene's or a model's id), which passed
    /// [`Id::new`] when it was read; an editor uses it to turn what the pointer hit back into an id.
    pub fn from_trusted(text: &str) -> Self {
        Self(SmolStr::new(text))
    }

    /// The id as the inline-or-shared string it is kept in (a copy of an inline one, no text re-read; the scene's
    /// item ids are such strings).
    #[inline]
    pub fn to_smol(&self) -> SmolStr {
        self.0.clone()
    }

    /// The id as written.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Turns any display name into a valid id stem (`"Orders API"` -> `orders-api`).
    pub fn slug(name: &str) -> String {
        let mut slug = String::new();
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        let slug = truncate(slug, MAX_ID_LEN - 8);
        if slug.is_empty() { "element".to_owned() } else { slug.to_owned() }
    }
}

fn truncate(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_readable_ids() {
        for text in ["orders-api", "a", "db.primary", "node_1", "9lives"] {
            assert_eq!(Id::new(text).unwrap().as_str(), text);
        }
    }

    #[test]
    fn rejects_bad_ids_with_reasons() {
        assert!(Id::new("").unwrap_err().contains("empty"));
        assert!(Id::new("Orders").unwrap_err().contains("'O'"));
        assert!(Id::new("actor:internet").unwrap_err().contains("':'"));
        assert!(Id::new("-x").unwrap_err().contains("start"));
        assert!(Id::new(&"x".repeat(65)).unwrap_err().contains("longer"));
        assert!(Id::new("ü").is_err());
    }

    /// Short ids (inline) and long ones (shared text) compare, order and hash as their text does, so maps keyed by
    /// id are found by `&str` and sorted lists of ids are in text order.
    #[test]
    fn inline_and_shared_ids_behave_as_their_text() {
        let texts = ["b", "a-much-longer-id-than-fits-inline-0", "a", "a-much-longer-id-than-fits-inline-1", "ab"];
        let mut ids: Vec<Id> = texts.iter().map(|t| Id::new(t).unwrap()).collect();
        ids.sort();
        let mut sorted = texts.to_vec();
        sorted.sort_unstable();
        assert_eq!(ids.iter().map(Id::as_str).collect::<Vec<_>>(), sorted);
        let map: std::collections::HashMap<Id, usize> = ids.iter().cloned().zip(0..).collect();
        for (i, text) in sorted.iter().enumerate() {
            assert_eq!(map.get(*text), Some(&i), "{text}");
            assert_eq!(Id::from_trusted(text), ids[i]);
        }
    }

    /// Ids up to the inline length are kept inline, longer ones shared; both read back as written.
    #[test]
    fn ids_up_to_the_inline_length_are_inline() {
        for len in [1, INLINE_LEN - 1, INLINE_LEN, INLINE_LEN + 1, MAX_ID_LEN] {
            let text = "a".repeat(len);
            let id = Id::new(&text).unwrap();
            assert_eq!(id.as_str(), text);
            assert_eq!(id.0.is_heap_allocated(), len > INLINE_LEN, "{len} bytes");
        }
    }

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(Id::slug("Orders API"), "orders-api");
        assert_eq!(Id::slug("  ??  "), "element");
        assert_eq!(Id::slug("Ünïcode service"), "n-code-service");
        assert!(Id::new(&Id::slug(&"Long name ".repeat(20))).is_ok());
    }
}
