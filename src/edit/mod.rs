//! Editing: every change a user can make as pure data ([`Edit`]), applied with an exact inverse for undo; the
//! user-level operations that build edits ([`ops`]); copy and paste ([`clipboard`]); id allocation ([`Ids`]);
//! [`Document`], a diagram under edit with undo, redo and revisions; and [`Analysed`], its analysis kept up to
//! date. No egui, no I/O: the editor and the browser build drive this layer, and tests drive it without either.

pub mod change;
pub mod clipboard;
mod history;
mod ids;
mod live;
pub mod ops;
mod patch;
pub mod review;
mod subset;

pub use change::{Edit, EditError, LayoutKey, LayoutValue, Record, apply};
#[cfg(test)]
pub(crate) use history::REBUILDS;
pub use history::{Document, Stamp, UNDO_DEPTH};
pub use ids::Ids;
pub use live::Analysed;
pub use subset::{SoundPart, sound_part};
