//! Component names quoted in the analysis's texts (findings' explanations, the controls of a defense path), kept
//! where a rename can rewrite them without redoing the analysis.
//!
//! Code that writes a text never pastes a name: it writes [`name`] (or [`name_of`], [`join`]). Normally that is the
//! name itself. Inside [`marking`] (the live analysis runs there) it is a marker instead, two Unicode noncharacters
//! around the component's index; where the text is stored, [`resolve`] replaces every marker by the component's
//! name and returns the spans of the names ([`Quote`]s), and [`splice`] later writes new names into those spans.
//! Marking costs: with it, a stress estate of 5,000 components (17,700 findings) took 16 % more instructions to
//! analyse, so a one-off analysis (the command line, reports) writes names directly. The names themselves are
//! never read for markers, so a name may hold any character, the marker characters included. A scan of the
//! analysis's sources (`live/scan.rs`) fails when code pastes `.name`.

use std::cell::Cell;
use std::fmt;

use smallvec::SmallVec;

use crate::model::component::Component;
use crate::model::{ComponentIx, Model};

/// Opens a marker (a noncharacter: Unicode reserves it for a program's internal use).
const OPEN: char = '\u{FDD0}';
/// Closes a marker.
const CLOSE: char = '\u{FDD1}';

thread_local! {
    /// Whether names are written as markers (inside [`marking`] on this thread).
    static MARKING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with names written as markers and texts keeping where they quote names.
pub fn marking<T>(f: impl FnOnce() -> T) -> T {
    /// Puts the previous state back, even when `f` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            MARKING.set(self.0);
        }
    }
    let _restore = Restore(MARKING.replace(true));
    f()
}

/// Whether names are written as markers now.
fn is_marking() -> bool {
    MARKING.get()
}

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

/// A component's name as it is written into a text: the name, or inside [`marking`] a marker that [`resolve`]
/// replaces by the name.
#[derive(Clone, Copy, Debug)]
pub struct Name<'a> {
    model: &'a Model,
    component: ComponentIx,
}

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !is_marking() {
            return f.pad(self.model.name(self.component));
        }
        // One write: names are written often, and each write through the formatter costs.
        let mut buffer = [0u8; MARKER_MAX];
        f.write_str(self.marker(&mut buffer))
    }
}

/// The longest marker: the two noncharacters and ten digits.
const MARKER_MAX: usize = 3 + 10 + 3;

/// [`OPEN`] as a text.
const OPEN_TEXT: &str = "\u{FDD0}";
/// [`CLOSE`] as a text.
const CLOSE_TEXT: &str = "\u{FDD1}";

impl Name<'_> {
    /// The component's index in decimal: `buffer[at..]` for the returned `at` (by hand: names are written often,
    /// and the integer formatting machinery costs more).
    fn digits(self, buffer: &mut [u8; 10]) -> usize {
        let (mut n, mut at) = (self.component.0, buffer.len());
        loop {
            at -= 1;
            buffer[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                return at;
            }
        }
    }

    /// The marker, written into `buffer`.
    fn marker(self, buffer: &mut [u8; MARKER_MAX]) -> &str {
        let mut digits = [0u8; 10];
        let at = self.digits(&mut digits);
        let digits = &digits[at..];
        let end = 3 + digits.len();
        buffer[..3].copy_from_slice(OPEN_TEXT.as_bytes());
        buffer[3..end].copy_from_slice(digits);
        buffer[end..end + 3].copy_from_slice(CLOSE_TEXT.as_bytes());
        std::str::from_utf8(&buffer[..end + 3]).unwrap_or_default()
    }

    /// Appends the name, or its marker, to `out`.
    pub fn push_to(self, out: &mut String) {
        if !is_marking() {
            out.push_str(self.model.name(self.component));
            return;
        }
        let mut buffer = [0u8; MARKER_MAX];
        out.push_str(self.marker(&mut buffer));
    }
}

/// Appends an unsigned integer in decimal, without the formatting machinery (findings' texts by the thousand in a
/// live analysis, badge counts in every scene build, numbers by the hundred thousand in exports).
pub fn push_uint(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&digit| char::from(digit)));
}

/// The names of `components` joined by `separator`, as one text to write into another.
pub fn join(model: &Model, components: impl IntoIterator<Item = ComponentIx>, separator: &str) -> String {
    let mut out = String::new();
    for (i, c) in components.into_iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        name(model, c).push_to(&mut out);
    }
    out
}

/// The name of component `c`, to write into a text.
pub fn name(model: &Model, c: ComponentIx) -> Name<'_> {
    Name { model, component: c }
}

/// The name of `component`, one of `model.components()`, to write into a text.
pub fn name_of<'a>(model: &'a Model, component: &Component) -> Name<'a> {
    // Its position in the model's slice of components, without a lookup. A reference from elsewhere would be a
    // bug: the debug assertion catches it, and a release build looks the component up by id instead.
    let all = model.component_slice();
    let offset = std::ptr::from_ref(component).addr().wrapping_sub(all.as_ptr().addr());
    let i = offset / size_of::<Component>().max(1);
    debug_assert!(
        i < all.len() && offset.is_multiple_of(size_of::<Component>().max(1)),
        "a component outside the model"
    );
    let c =
        if i < all.len() { ComponentIx(i as u32) } else { model.component_ix(&component.id).unwrap_or(ComponentIx(0)) };
    name(model, c)
}

/// The text with every marker replaced by its component's name, and where the names are (none outside
/// [`marking`], where there are no markers). A marker that does not name a component of `model` is left as it is.
pub fn resolve(model: &Model, marked: String) -> (String, Box<[Quote]>) {
    if !is_marking() {
        return (marked, Box::default());
    }
    // First the markers (as quotes of their own span), then the text rebuilt once at its final length.
    let mut quotes: SmallVec<[Quote; 4]> = SmallVec::new();
    let bytes = marked.as_bytes();
    let (open, close) = (OPEN.len_utf8(), CLOSE.len_utf8());
    let mut close_bytes = [0u8; 3];
    CLOSE.encode_utf8(&mut close_bytes);
    let mut from = 0;
    let mut length = marked.len();
    while let Some(at) = marked.get(from..).and_then(|rest| rest.find(OPEN)).map(|i| from + i) {
        from = at + open;
        let (mut c, mut digits) = (0u64, 0);
        while let Some(&b) = bytes.get(from + digits).filter(|b| b.is_ascii_digit() && digits < 10) {
            c = c * 10 + u64::from(b - b'0');
            digits += 1;
        }
        let end = from + digits;
        if digits == 0 || c >= model.components().len() as u64 || bytes.get(end..end + close) != Some(&close_bytes[..])
        {
            continue;
        }
        let component = ComponentIx(c as u32);
        let len = end + close - at;
        quotes.push(Quote { start: at as u32, len: len as u32, component });
        length = length - len + model.name(component).len();
        from = at + len;
    }
    if quotes.is_empty() {
        return (marked, Box::default());
    }
    let mut out = String::with_capacity(length);
    let mut at = 0;
    for q in &mut quotes {
        let name = model.name(q.component);
        out.push_str(&marked[at..q.start as usize]);
        at = (q.start + q.len) as usize;
        q.start = out.len() as u32;
        q.len = name.len() as u32;
        out.push_str(name);
    }
    out.push_str(&marked[at..]);
    (out, Box::from(&quotes[..]))
}

/// The text with its quoted names turned back into markers (inside [`marking`]), to quote it inside another text.
pub fn marked(model: &Model, text: &str, quotes: &[Quote]) -> String {
    if quotes.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for q in quotes {
        let start = q.start as usize;
        out.push_str(text.get(at..start).unwrap_or_default());
        name(model, q.component).push_to(&mut out);
        at = start + q.len as usize;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// Writes the current names of `model` into the quotes of the components `renamed` says, and moves the quotes
/// after them; what follows the last quote stays as it is. Returns whether the text changed.
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
        let written = if touched(q) { model.name(q.component) } else { old.get(start..end).unwrap_or_default() };
        q.start = out.len() as u32;
        q.len = written.len() as u32;
        out.push_str(written);
        at = end;
    }
    out.push_str(old.get(at..).unwrap_or_default());
    *text = out;
    true
}

/// A rewrite of what kept findings of a rule share, after a change of the whole diagram changed it
/// ([`crate::analysis::blast::Rejudged::respelled`]): the old text is found once per finding, so it is prepared once.
pub struct Respelling<'a> {
    old: memchr::memmem::Finder<'a>,
    new: &'a str,
}

impl<'a> Respelling<'a> {
    /// Writing `new` where a text says `old`.
    pub fn new(old: &'a str, new: &'a str) -> Self {
        Self { old: memchr::memmem::Finder::new(old), new }
    }

    /// Writes the new text in place of the first old one in the first `within` bytes of `text` that overlaps no
    /// quoted name (names never match by accident), and moves the quotes after it; returns whether there was one.
    pub fn apply(&self, text: &mut String, within: usize, quotes: &mut [Quote]) -> bool {
        let len = self.old.needle().len();
        let outside = |at: usize| {
            quotes.iter().all(|q| {
                let (start, stop) = (q.start as usize, (q.start + q.len) as usize);
                stop <= at || at + len <= start
            })
        };
        let searched = text.as_bytes().get(..within).unwrap_or(text.as_bytes());
        let Some(at) = self.old.find_iter(searched).find(|&at| outside(at)) else {
            return false;
        };
        // The needle is a whole text, so it starts and ends on character boundaries. Written anew: cheaper than
        // `replace_range` on short texts.
        let mut out = String::with_capacity(text.len() + self.new.len() - len);
        out.push_str(text.get(..at).unwrap_or_default());
        out.push_str(self.new);
        out.push_str(text.get(at + len..).unwrap_or_default());
        *text = out;
        // A quote after it starts at least `len` bytes in.
        for q in quotes.iter_mut().filter(|q| q.start as usize >= at + len) {
            q.start = q.start - len as u32 + self.new.len() as u32;
        }
        true
    }
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

    fn spans<'a>(text: &'a str, quotes: &[Quote]) -> Vec<&'a str> {
        quotes.iter().map(|q| &text[q.start as usize..(q.start + q.len) as usize]).collect()
    }

    #[test]
    fn markers_become_names_and_their_places_are_kept() {
        let m = model(&["api", "\u{FDD0}0\u{FDD1}", "db"]);
        let [a, b, c] = [0, 1, 2].map(|i| name_of(&m, &m.components()[i]).component);
        assert_eq!(a, ComponentIx(0));
        let write = || format!("{} calls {} and {}.", name(&m, a), name(&m, b), join(&m, [c, a], " then "));
        let (text, quotes) = marking(|| resolve(&m, write()));
        assert_eq!(text, "api calls \u{FDD0}0\u{FDD1} and db then api.");
        assert_eq!(spans(&text, &quotes), ["api", "\u{FDD0}0\u{FDD1}", "db", "api"]);
        assert_eq!(marking(|| resolve(&m, marked(&m, &text, &quotes))), (text.clone(), quotes));
        // Outside `marking` the same code writes the names themselves and keeps no places.
        assert_eq!(write(), text);
        assert_eq!(resolve(&m, write()), (text, Box::default()));
    }

    #[test]
    fn markers_that_name_no_component_stay_as_written() {
        let m = model(&["api"]);
        for text in ["\u{FDD0}", "\u{FDD0}7\u{FDD1}", "\u{FDD0}x\u{FDD1}", "a\u{FDD0}0", "\u{FDD0}\u{FDD1}", "\u{FDD1}"]
        {
            let (out, quotes) = marking(|| resolve(&m, text.to_owned()));
            assert_eq!((out.as_str(), quotes.len()), (text, 0));
        }
        let (out, quotes) = marking(|| resolve(&m, format!("\u{FDD0}9{}", name(&m, ComponentIx(0)))));
        assert_eq!((out.as_str(), quotes.len()), ("\u{FDD0}9api", 1));
    }

    #[test]
    fn a_splice_writes_new_names_and_moves_later_quotes() {
        let mut m = model(&["api", "db"]);
        let (mut text, mut quotes) =
            marking(|| resolve(&m, format!("{} reads {}.", name(&m, ComponentIx(1)), name(&m, ComponentIx(0)))));
        assert!(!splice(&m, &mut text, &mut quotes, &[false, false]));
        m = model(&["api", "the orders database"]);
        assert!(splice(&m, &mut text, &mut quotes, &[false, true]));
        assert_eq!(text, "the orders database reads api.");
        assert_eq!(spans(&text, &quotes), ["the orders database", "api"]);
    }

    #[test]
    fn marking_ends_with_its_closure_even_on_a_panic() {
        let m = model(&["api"]);
        let panicked = std::panic::catch_unwind(|| marking(|| panic!("inside")));
        assert!(panicked.is_err());
        assert_eq!(name(&m, ComponentIx(0)).to_string(), "api");
        // Nested, the outer marking goes on after the inner one ends.
        assert!(marking(|| {
            marking(|| ());
            is_marking()
        }));
        assert!(!is_marking());
    }

    #[test]
    fn respelling_moves_the_quotes_after_it_and_skips_names() {
        let m = model(&["api", " of 9)", "db"]);
        let [a, b, c] = [0, 1, 2].map(|i| name_of(&m, &m.components()[i]).component);
        let write = || format!("{} (2 of 9) calls {} (2 of 9) then {}.", name(&m, a), name(&m, b), name(&m, c));
        let (mut text, mut quotes) = marking(|| resolve(&m, write()));
        let respell = |text: &mut String, quotes: &mut [Quote], old: &str, new: &str| {
            let within = text.len();
            Respelling::new(old, new).apply(text, within, quotes)
        };
        assert!(respell(&mut text, &mut quotes, " of 9)", " of 10)"));
        assert_eq!(text, "api (2 of 10) calls  of 9) (2 of 9) then db.");
        assert_eq!(spans(&text, &quotes), ["api", " of 9)", "db"]);
        // The next outside every name is the second; shorter moves them back.
        assert!(respell(&mut text, &mut quotes, " of 9)", " of 8)"));
        assert!(respell(&mut text, &mut quotes, " of 10)", " of 7)"));
        assert_eq!(text, "api (2 of 7) calls  of 9) (2 of 8) then db.");
        assert_eq!(spans(&text, &quotes), ["api", " of 9)", "db"]);
        assert!(!respell(&mut text, &mut quotes, " of 9)", " of 1)"));
    }
}
