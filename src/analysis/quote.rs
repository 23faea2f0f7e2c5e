//! Component names quoted in the analysis's texts (findings' explanations, the controls of a defense path), kept
//! where a rename can rewrite them without redoing the analysis.
//!
//! Code that writes a text never pastes a name: it writes [`name`] (or [`name_of`]), a marker made of two Unicode
//! noncharacters around the component's index. Where the text is stored, [`resolve`] replaces every marker by the
//! component's name and returns the spans of the names ([`Quote`]s); [`splice`] later writes new names into those
//! spans. The names themselves are never read for markers, so a name may hold any character, the marker
//! characters included. A scan of the analysis's sources (`live/scan.rs`) fails when code pastes `.name`.

use std::fmt;

use crate::model::component::Component;
use crate::model::{ComponentIx, Model};

/// Opens a marker (a noncharacter: Unicode reserves it for a program's internal use).
const OPEN: char = '\u{FDD0}';
/// Closes a marker.
const CLOSE: char = '\u{FDD1}';

/// Where a text quotes a component's name: `len` bytes from byte `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The first byte of the name in the text.
    pub start: u32,
    /// The name's length in bytes.
    pub len: u32,
    /// The component named.
    pub component: ComponentIx,
}

/// A component's name as it is written into a text: a marker that [`resolve`] replaces by the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name(ComponentIx);

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        f.write_char(OPEN)?;
        write!(f, "{}", self.0.0)?;
        f.write_char(CLOSE)
    }
}

/// The name of component `c`, to write into a text.
pub fn name(c: ComponentIx) -> Name {
    Name(c)
}

/// The name of `component`, one of `model.components()`, to write into a text.
pub fn name_of(model: &Model, component: &Component) -> Name {
    // Its position in the model's slice of components (a reference from elsewhere would be a bug: the debug
    // assertion catches it, and a release build quotes the last component rather than panicking).
    let all = model.components();
    let offset = std::ptr::from_ref(component).addr().wrapping_sub(all.as_ptr().addr());
    let i = offset / size_of::<Component>().max(1);
    debug_assert!(i < all.len(), "a component outside the model");
    Name(ComponentIx(i.min(all.len().saturating_sub(1)) as u32))
}

/// The text with every marker replaced by its component's name, and where the names are. A marker that does not
/// name a component of `model` is left as it is.
pub fn resolve(model: &Model, marked: String) -> (String, Box<[Quote]>) {
    let Some(first) = marked.find(OPEN) else {
        return (marked, Box::default());
    };
    let mut out = String::with_capacity(marked.len() + 16);
    let mut quotes = Vec::new();
    out.push_str(&marked[..first]);
    let mut rest = &marked[first..];
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len_utf8()..];
        let component = after
            .find(CLOSE)
            .filter(|&end| (1..=10).contains(&end) && after.as_bytes()[..end].iter().all(u8::is_ascii_digit))
            .and_then(|end| Some((after[..end].parse::<u32>().ok()?, end)))
            .filter(|&(c, _)| (c as usize) < model.components().len());
        match component {
            Some((c, end)) => {
                let text = &model.component(ComponentIx(c)).name;
                quotes.push(Quote { start: out.len() as u32, len: text.len() as u32, component: ComponentIx(c) });
                out.push_str(text);
                rest = &after[end + CLOSE.len_utf8()..];
            }
            None => {
                out.push(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, quotes.into_boxed_slice())
}

/// The text with its quoted names turned back into markers, to quote it inside another text.
pub fn marked(text: &str, quotes: &[Quote]) -> String {
    if quotes.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for q in quotes {
        let start = q.start as usize;
        out.push_str(text.get(at..start).unwrap_or_default());
        out.push_str(&name(q.component).to_string());
        at = start + q.len as usize;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// Writes the current names of `model` into the quotes of the components `renamed` says, and moves the quotes
/// after them. Returns whether the text changed.
pub fn splice(model: &Model, text: &mut String, quotes: &mut [Quote], renamed: &[bool]) -> bool {
    let touched = |q: &Quote| renamed.get(q.component.index()).copied().unwrap_or(false);
    let Some(first) = quotes.iter().position(touched) else {
        return false;
    };
    let old = std::mem::take(text);
    let mut out = String::with_capacity(old.len() + 16);
    let start = quotes[first].start as usize;
    out.push_str(old.get(..start).unwrap_or_default());
    let mut at = start;
    for q in &mut quotes[first..] {
        let start = q.start as usize;
        let end = start + q.len as usize;
        out.push_str(old.get(at..start).unwrap_or_default());
        let written = if touched(q) {
            model.component(q.component).name.as_str()
        } else {
            old.get(start..end).unwrap_or_default()
        };
        q.start = out.len() as u32;
        q.len = written.len() as u32;
        out.push_str(written);
        at = end;
    }
    out.push_str(old.get(at..).unwrap_or_default());
    *text = out;
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::TestDiagram;
    use crate::model::ComponentKind as K;

    fn model(names: &[&str]) -> Model {
        let mut d = TestDiagram::new();
        for (i, _) in names.iter().enumerate() {
            d = d.component(&format!("c{i}"), K::GenericService, None);
        }
        let names: Vec<String> = names.iter().map(|&n| n.to_owned()).collect();
        d.edit(move |d| d.components.iter_mut().zip(&names).for_each(|(c, n)| c.name.clone_from(n))).build()
    }

    #[test]
    fn markers_become_names_and_their_places_are_kept() {
        let m = model(&["api", "\u{FDD0}0\u{FDD1}", "db"]);
        let [a, b, c] = [0, 1, 2].map(|i| name_of(&m, &m.components()[i]));
        assert_eq!(a, name(ComponentIx(0)));
        let (text, quotes) = resolve(&m, format!("{a} calls {b} and {c}, {a} again."));
        assert_eq!(text, "api calls \u{FDD0}0\u{FDD1} and db, api again.");
        let spans: Vec<&str> = quotes.iter().map(|q| &text[q.start as usize..(q.start + q.len) as usize]).collect();
        assert_eq!(spans, ["api", "\u{FDD0}0\u{FDD1}", "db", "api"]);
        assert_eq!(marked(&text, &quotes), format!("{a} calls {b} and {c}, {a} again."));
    }

    #[test]
    fn markers_that_name_no_component_stay_as_written() {
        let m = model(&["api"]);
        for text in ["\u{FDD0}", "\u{FDD0}7\u{FDD1}", "\u{FDD0}x\u{FDD1}", "a\u{FDD0}0", "\u{FDD0}\u{FDD1}", "\u{FDD1}"]
        {
            let (out, quotes) = resolve(&m, text.to_owned());
            assert_eq!((out.as_str(), quotes.len()), (text, 0));
        }
        let (out, quotes) = resolve(&m, format!("\u{FDD0}9{}", name(ComponentIx(0))));
        assert_eq!((out.as_str(), quotes.len()), ("\u{FDD0}9api", 1));
    }

    #[test]
    fn a_splice_writes_new_names_and_moves_later_quotes() {
        let mut m = model(&["api", "db"]);
        let (mut text, mut quotes) = resolve(&m, format!("{} reads {}.", name(ComponentIx(1)), name(ComponentIx(0))));
        assert!(!splice(&m, &mut text, &mut quotes, &[false, false]));
        m = model(&["api", "the orders database"]);
        assert!(splice(&m, &mut text, &mut quotes, &[false, true]));
        assert_eq!(text, "the orders database reads api.");
        assert_eq!(resolve(&m, marked(&text, &quotes)), (text, quotes));
    }
}
