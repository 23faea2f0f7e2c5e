//! A finding's elements as the analysed model knows them ([`Targets`]), kept compact: each element in four bytes
//! (its kind and its position), up to six of them inside the finding itself. Most findings name up to six elements,
//! so most need no heap block of their own for these: at 20,000 components, making, counting and dropping the
//! findings' blocks, scattered over a large heap, cost more per finding than at 1,000.

use smallvec::SmallVec;

use crate::model::{ComponentIx, Element, FlowIx};

/// The bits of a packed element that hold its position; the three above them hold its kind.
const POSITION_BITS: u32 = 29;
/// The largest position an element can be kept at (about 537 million: more components, flows or groups than a
/// diagram that fits in memory has).
pub const MAX_POSITION: usize = (1 << POSITION_BITS) - 1;

/// Elements of the analysed model, in the order of the finding's elements (those the model does not have left out).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Targets(SmallVec<[u32; 6]>);

impl Targets {
    /// None.
    pub fn new() -> Self {
        Self::default()
    }

    /// None, with room for `n`.
    pub fn with_capacity(n: usize) -> Self {
        Self(SmallVec::with_capacity(n))
    }

    /// Adds `element`; one past [`MAX_POSITION`] is left out, as an element the model does not have is.
    pub fn push(&mut self, element: Element) {
        if let Some(packed) = pack(element) {
            self.0.push(packed);
        }
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The elements, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Element> + Clone + '_ {
        self.0.iter().map(|&p| unpack(p))
    }

    /// The elements as a list.
    pub fn to_vec(&self) -> Vec<Element> {
        self.iter().collect()
    }

    /// Replaces each element by what `with` makes of it (the live analysis moves positions after an edit).
    pub fn update(&mut self, mut with: impl FnMut(Element) -> Element) {
        for packed in &mut self.0 {
            // A position past the limit keeps the element as it was.
            *packed = pack(with(unpack(*packed))).unwrap_or(*packed);
        }
    }
}

impl FromIterator<Element> for Targets {
    fn from_iter<I: IntoIterator<Item = Element>>(iter: I) -> Self {
        let mut targets = Self::new();
        for element in iter {
            targets.push(element);
        }
        targets
    }
}

impl<'a> IntoIterator for &'a Targets {
    type Item = Element;
    type IntoIter = std::iter::Map<std::iter::Copied<std::slice::Iter<'a, u32>>, fn(u32) -> Element>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().copied().map(unpack)
    }
}

/// `element` in four bytes: its kind in the top three bits, its position below; `None` past [`MAX_POSITION`].
fn pack(element: Element) -> Option<u32> {
    let (kind, position) = match element {
        Element::Component(c) => (0, c.index()),
        Element::Flow(f) => (1, f.index()),
        Element::Boundary(i) => (2, i),
        Element::Context(i) => (3, i),
        Element::Connection(i) => (4, i),
        Element::Note(i) => (5, i),
        Element::Threat(i) => (6, i),
    };
    (position <= MAX_POSITION).then_some((kind << POSITION_BITS) | position as u32)
}

/// The element `packed` holds ([`pack`]).
fn unpack(packed: u32) -> Element {
    let position = packed & MAX_POSITION as u32;
    let i = position as usize;
    match packed >> POSITION_BITS {
        0 => Element::Component(ComponentIx(position)),
        1 => Element::Flow(FlowIx(position)),
        2 => Element::Boundary(i),
        3 => Element::Context(i),
        4 => Element::Connection(i),
        5 => Element::Note(i),
        _ => Element::Threat(i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_element_comes_back_as_it_went_in() {
        let all = [
            Element::Component(ComponentIx(0)),
            Element::Flow(FlowIx(7)),
            Element::Boundary(3),
            Element::Context(MAX_POSITION),
            Element::Connection(12),
            Element::Note(1),
            Element::Threat(99),
            Element::Component(ComponentIx(MAX_POSITION as u32)),
        ];
        let targets: Targets = all.into_iter().collect();
        assert_eq!(targets.to_vec(), all);
        assert_eq!(targets.len(), all.len());
        assert_eq!((&targets).into_iter().collect::<Vec<_>>(), all);
    }

    #[test]
    fn a_position_past_the_limit_is_left_out_and_never_moved_to() {
        let mut targets = Targets::new();
        targets.push(Element::Flow(FlowIx(1)));
        targets.push(Element::Boundary(MAX_POSITION + 1));
        assert_eq!(targets.to_vec(), [Element::Flow(FlowIx(1))]);
        targets.update(|_| Element::Note(MAX_POSITION + 1));
        assert_eq!(targets.to_vec(), [Element::Flow(FlowIx(1))], "kept as it was");
        targets.update(|e| if let Element::Flow(f) = e { Element::Flow(FlowIx(f.0 + 1)) } else { e });
        assert_eq!(targets.to_vec(), [Element::Flow(FlowIx(2))]);
    }
}
