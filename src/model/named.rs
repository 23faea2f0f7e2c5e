//! `named_enum!`: closed sets of values that are written as kebab-case strings in files and on the command line.
//!
//! Every enum the file format stores (component kinds, flow patterns, postures ...) is declared with this macro,
//! so it gets one spelling per variant, the full list of spellings (for "did you mean" suggestions and `--help`),
//! and serde support that writes exactly that spelling.

/// A closed set of values with one stable string spelling each.
pub trait Named: Sized + Copy + 'static {
    /// What the set is called in error messages ("kind", "pattern" ...).
    const WHAT: &'static str;
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// The spelling of each value of [`Named::ALL`], in the same order.
    const TEXTS: &'static [&'static str];
    /// The spelling used in files.
    fn as_str(self) -> &'static str;
    /// The value with this exact spelling.
    fn parse(text: &str) -> Option<Self> {
        position(Self::TEXTS, text).map(|at| Self::ALL[at])
    }
    /// Every spelling, in declaration order.
    fn spellings() -> Vec<&'static str> {
        Self::TEXTS.to_vec()
    }
}

/// Where `text` is among `spellings`. (Not generic: one copy serves every named set.)
pub fn position(spellings: &[&str], text: &str) -> Option<usize> {
    // Length and first byte first: most spellings differ there, and are passed over without a call to compare the
    // rest (a large file names a kind, pattern or protocol tens of thousands of times).
    let first = text.as_bytes().first();
    spellings
        .iter()
        .position(|spelling| spelling.len() == text.len() && spelling.as_bytes().first() == first && *spelling == text)
}

/// Declares an enum whose values are written as the given strings.
#[macro_export]
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:expr ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every spelling, in declaration order.
            pub const SPELLINGS: &'static [&'static str] = &[ $( $text ),+ ];
        }

        impl $crate::model::named::Named for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &[ $( Self::$variant ),+ ];
            const TEXTS: &'static [&'static str] = &[ $( $text ),+ ];
            fn as_str(self) -> &'static str {
                match self { $( Self::$variant => $text ),+ }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::model::named::Named::as_str(*self))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::model::named::Named::as_str(*self))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                <Self as $crate::model::named::Named>::parse(&text).ok_or_else(|| {
                    ::serde::de::Error::custom($crate::model::named::unknown_message::<Self>(&text))
                })
            }
        }
    };
}

/// `unknown kind "lamda" (did you mean "lambda"?)`, or the full list when nothing is close.
pub fn unknown_message<T: Named>(text: &str) -> String {
    unknown_among(T::WHAT, T::TEXTS, text)
}

/// [`unknown_message`] for a set called `what` with these `spellings` (not generic: one copy serves every set).
pub fn unknown_among(what: &str, spellings: &[&str], text: &str) -> String {
    let shown = clip(text);
    match did_you_mean(text, spellings) {
        Some(best) => format!("unknown {what} \"{shown}\" (did you mean \"{best}\"?)"),
        None => format!("unknown {what} \"{shown}\" (expected one of: {})", spellings.join(", ")),
    }
}

/// How much of a value from a file or the command line a message repeats.
pub const CLIP_CHARS: usize = 80;

/// `text` as a message repeats it: whole when short, otherwise its first [`CLIP_CHARS`] characters and its length
/// (a 60 MB value must not come back whole on the terminal).
pub fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(CLIP_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}... ({} bytes)", &text[..end], text.len())),
    }
}

/// Above this many candidates, or for a text this long, there is no suggestion: each comparison costs the product of
/// the two lengths, so an unbounded search over a huge file or a huge argument would take minutes.
pub const MAX_SUGGESTION_CANDIDATES: usize = 2_000;
const MAX_SUGGESTION_TEXT: usize = 128;

/// The candidate closest to `text`, when it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(text: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if text.len() > MAX_SUGGESTION_TEXT || candidates.len() > MAX_SUGGESTION_CANDIDATES {
        return None;
    }
    let lowered = text.to_ascii_lowercase().replace('_', "-");
    let mut best: Option<(f64, &'a str)> = None;
    for &candidate in candidates {
        let score = if candidate == lowered { 1.0 } else { strsim::jaro_winkler(&lowered, candidate) };
        if best.is_none_or(|(best_score, _)| score > best_score) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::named_enum! {
        /// A test set.
        pub enum Fruit: "fruit" { Apple = "apple", BloodOrange = "blood-orange" }
    }

    #[test]
    fn spellings_round_trip() {
        for fruit in Fruit::ALL {
            assert_eq!(Fruit::parse(fruit.as_str()), Some(*fruit));
        }
        assert_eq!(Fruit::BloodOrange.to_string(), "blood-orange");
        assert_eq!(Fruit::SPELLINGS, ["apple", "blood-orange"]);
        assert_eq!(serde_json::to_string(&Fruit::BloodOrange).unwrap(), "\"blood-orange\"");
        let back: Fruit = serde_json::from_str("\"apple\"").unwrap();
        assert_eq!(back, Fruit::Apple);
    }

    #[test]
    fn long_values_are_clipped_and_get_no_suggestion() {
        let long = "a".repeat(1_000_000);
        let message = unknown_message::<Fruit>(&long);
        assert!(message.len() < 200, "{message}");
        assert!(message.contains("... (1000000 bytes)"));
        assert_eq!(clip("short"), "short");
        assert_eq!(clip(&"é".repeat(CLIP_CHARS)), "é".repeat(CLIP_CHARS));
        let many: Vec<String> = (0..=MAX_SUGGESTION_CANDIDATES).map(|i| format!("apple-{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(did_you_mean("apple-1", &many), None);
        assert_eq!(did_you_mean("apple-1x", &many[..10]), Some("apple-1"));
    }

    #[test]
    fn unknown_spelling_suggests_the_closest() {
        assert_eq!(unknown_message::<Fruit>("aple"), "unknown fruit \"aple\" (did you mean \"apple\"?)");
        assert_eq!(
            unknown_message::<Fruit>("blood_orange"),
            "unknown fruit \"blood_orange\" (did you mean \"blood-orange\"?)"
        );
        assert_eq!(unknown_message::<Fruit>("zzz"), "unknown fruit \"zzz\" (expected one of: apple, blood-orange)");
    }
}
