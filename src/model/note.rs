//! Notes: free text on the canvas (a title, an assumption, a reviewer's remark), optionally attached to an element.
//! Analysis never reads them; they are part of the document so they survive saves, exports and imports.

use serde::Serialize;

use crate::model::id::Id;

/// One note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Stable id, in the one namespace of all elements.
    pub id: Id,
    /// The text; may span several lines.
    pub text: String,
    /// The element it comments on (a component, flow, boundary, context, connection or manual threat).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<Id>,
}
