//! [`Analysed`]: the analysis of a document, kept up to date across its edits by redoing only what they change
//! (see [`crate::analysis::live`]). The editor refreshes it after each semantic revision.

use crate::analysis::Analysis;
use crate::analysis::live::{Live, Redone};
use crate::edit::history::{Document, Stamp};

/// A document's analysis as of one of its revisions.
#[derive(Clone, Debug)]
pub struct Analysed {
    stamp: Stamp,
    live: Live,
}

impl Analysed {
    /// Analyses a document's model; `None` while it has problems (then analyse [`crate::edit::sound_part`]).
    pub fn new(doc: &Document) -> Option<Self> {
        doc.model().map(|model| Self { stamp: doc.stamp(), live: Live::new(model) })
    }

    /// Brings the analysis up to date with the document (any document: another one is analysed afresh) and says how
    /// much was redone; `None`, and the analysis left as it was, while the document has problems.
    pub fn refresh(&mut self, doc: &Document) -> Option<Redone> {
        let model = doc.model()?;
        let redone = self.live.update(model, &doc.changes_since(self.stamp));
        self.stamp = doc.stamp();
        Some(redone)
    }

    /// The analysis as of the last refresh.
    pub fn analysis(&self) -> &Analysis {
        self.live.analysis()
    }

    /// For measurements: forgets what was found before the last refresh, so the next refresh is timed as an edit made
    /// for the first time, not one undone or made again ([`Live::forget_undo_memory`]).
    #[doc(hidden)]
    pub fn forget_undo_memory(&mut self) {
        self.live.forget_undo_memory();
    }

    /// For tests: what the live analysis keeps of what it read that a fresh one of the document reads more of
    /// ([`Live::uncovered_reads`]).
    #[doc(hidden)]
    pub fn uncovered_reads(&self, doc: &Document) -> Vec<&'static str> {
        doc.model().map(|model| self.live.uncovered_reads(model)).unwrap_or_default()
    }
}
