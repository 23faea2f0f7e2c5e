//! What the panels and the canvas ask the app to do. They never change the document themselves: they push
//! [`Action`]s during the frame and the app applies them after it (undo step, revision, re-analysis only when the
//! revision moved). [`Command`]s are the named actions of menus, keyboard shortcuts and the command palette.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::edit::Edit;
use crate::model::id::Id;
use crate::scene::{Pt, Rect};
use crate::ui::canvas::PaletteItem;

/// One request from the UI, applied after the frame.
#[derive(Debug)]
pub enum Action {
    /// Run a named command.
    Run(Command),
    /// Apply an edit as one undo step, then select `select` if given.
    Apply {
        /// For "Undo …".
        label: String,
        /// The change.
        edit: Box<Edit>,
        /// What to select afterwards.
        select: Option<Vec<Id>>,
    },
    /// Replace the selection.
    Select(Vec<Id>),
    /// Select these and bring them into view.
    Reveal(Vec<Id>),
    /// Add a palette item at a diagram point, inside a container if one is under it.
    AddAt {
        /// What.
        item: PaletteItem,
        /// Where (diagram units).
        at: Pt,
        /// The innermost container under the point.
        inside: Option<Id>,
    },
    /// Move elements (and what sits inside them); nest them into the first legal container of `drop_targets`
    /// (innermost first), or take them out to the top level.
    MoveBy {
        /// What moves.
        ids: Vec<Id>,
        /// Offset in diagram units.
        dx: f32,
        /// Offset in diagram units.
        dy: f32,
        /// Containers under the pointer at the drop, innermost first.
        drop_targets: Vec<Id>,
    },
    /// Move the selection by a few units without changing what it sits in (arrow keys).
    Nudge {
        /// Offset in diagram units.
        dx: f64,
        /// Offset in diagram units.
        dy: f64,
    },
    /// Paste clipboard text (Ctrl+V, also from another window or app).
    PasteText(String),
    /// Give an element a new rectangle.
    Resize {
        /// The element.
        id: Id,
        /// Its new rectangle.
        rect: Rect,
    },
    /// Give a flow these bend points (empty: drawn by the router again).
    Route {
        /// The flow.
        id: Id,
        /// Its waypoints, caller to callee.
        waypoints: Vec<Pt>,
    },
    /// Draw a flow between two elements; `at` is where to offer the pattern choice (screen).
    Connect {
        /// The caller.
        from: Id,
        /// The callee.
        to: Id,
        /// Screen position of the drop.
        at: egui::Pos2,
    },
    /// Add a manual threat (its id is made from its title).
    AddThreat(Box<crate::model::threat::Threat>),
    /// Set a note's text (edited in place on the canvas).
    NoteText {
        /// The note.
        id: Id,
        /// Its new text.
        text: String,
    },
    /// Start renaming an element in the inspector.
    Rename(Id),
    /// Show the blast radius from this start (`None`: off).
    Blast(Option<String>),
    /// Show who secures what: overall, or one layer.
    Responsibility(crate::scene::ResponsibilityView),
    /// Say something briefly at the bottom of the window.
    Toast(String),
}

impl Action {
    /// Apply `edit` as one undo step named `label`.
    pub fn apply(label: impl Into<String>, edit: Edit) -> Self {
        Self::Apply { label: label.into(), edit: Box::new(edit), select: None }
    }
}

macro_rules! commands {
    ($( $variant:ident => $label:literal, $shortcut:expr; )+) => {
        /// A named command.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Command {
            $( #[doc = $label] $variant, )+
        }

        impl Command {
            /// Every command, in menu order.
            pub const ALL: &'static [Self] = &[ $( Self::$variant ),+ ];

            /// What menus and the command palette call it.
            pub fn label(self) -> &'static str {
                match self { $( Self::$variant => $label ),+ }
            }

            /// Its keyboard shortcut, if any (Ctrl is Cmd on macOS).
            pub fn shortcut(self) -> Option<KeyboardShortcut> {
                match self { $( Self::$variant => $shortcut ),+ }
            }
        }
    };
}

const fn cmd(key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(Modifiers::COMMAND, key))
}

const fn cmd_shift(key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key))
}

const fn plain(key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(Modifiers::NONE, key))
}

commands! {
    New => "New diagram", cmd(Key::N);
    Open => "Open…", cmd(Key::O);
    Save => "Save", cmd(Key::S);
    SaveAs => "Save as…", cmd_shift(Key::S);
    ExportSvg => "Export SVG…", None;
    ExportPng => "Export PNG…", None;
    ExportReport => "Export report…", None;
    CopyLink => "Copy link", None;
    Undo => "Undo", cmd(Key::Z);
    Redo => "Redo", cmd_shift(Key::Z);
    RedoAlt => "Redo (Ctrl+Y)", cmd(Key::Y);
    Cut => "Cut", None;
    Copy => "Copy", None;
    Paste => "Paste", None;
    Duplicate => "Duplicate", cmd(Key::D);
    Delete => "Delete", plain(Key::Delete);
    DeleteBack => "Delete (Backspace)", plain(Key::Backspace);
    SelectAll => "Select all", cmd(Key::A);
    Deselect => "Deselect / cancel", plain(Key::Escape);
    Fit => "Zoom to fit (Shift+1)", None;
    ZoomSelection => "Zoom to selection (Shift+2)", None;
    ZoomReset => "Zoom to 100 %", cmd(Key::Num0);
    ZoomIn => "Zoom in", cmd(Key::Plus);
    ZoomOut => "Zoom out", cmd(Key::Minus);
    Find => "Find element…", cmd(Key::F);
    Palette => "Command palette…", cmd(Key::K);
    AddNote => "Add a note", None;
    AddBoundary => "Add a trust boundary around the selection", None;
    AddContext => "Add a bounded context around the selection", None;
    TidyUp => "Tidy up (automatic layout)", cmd_shift(Key::L);
    AlignLeft => "Align left edges", None;
    AlignTop => "Align top edges", None;
    AlignCenter => "Align centres horizontally", None;
    DistributeH => "Distribute horizontally", None;
    DistributeV => "Distribute vertically", None;
    CompromiseSelection => "Compromise this (blast radius)", None;
    BlastInternet => "Blast radius from the internet attacker", None;
    BlastInsider => "Blast radius from an insider", None;
    BlastOff => "Hide the blast radius", None;
    ToggleThreats => "Show threats", None;
    ToggleResponsibility => "Show responsibility", None;
    ToggleContexts => "Show context metrics", None;
    ToggleLegend => "Show the legend", None;
    ToggleGrid => "Show the grid and snap to it", None;
    ToggleRouting => "Orthogonal flows", None;
    TogglePosture => "Switch posture (perimeter / zero trust)", None;
    ToggleTheme => "Switch light / dark theme", None;
    ToggleReview => "Review mode (only triage and notes change)", None;
    Settings => "Diagram settings…", None;
}

impl Command {
    /// Whether it changes or reads the selection, so a text field with focus keeps its own meaning of the keys.
    pub fn yields_to_text(self) -> bool {
        !matches!(
            self,
            Self::New
                | Self::Open
                | Self::Save
                | Self::SaveAs
                | Self::ExportSvg
                | Self::ExportPng
                | Self::ExportReport
                | Self::Find
                | Self::Palette
        )
    }

    /// Whether it can do anything in review mode. The rest only change the design and are disabled there (the
    /// document refuses their edits anyway); Delete, Cut, Paste and Duplicate stay for notes.
    pub fn works_in_review(self) -> bool {
        !matches!(
            self,
            Self::AddBoundary
                | Self::AddContext
                | Self::AlignLeft
                | Self::AlignTop
                | Self::AlignCenter
                | Self::DistributeH
                | Self::DistributeV
                | Self::TogglePosture
                | Self::Settings
                | Self::TidyUp
                | Self::Cut
                | Self::Duplicate
        )
    }

    /// The shortcut as the menu shows it on this platform.
    pub fn shortcut_text(self, ctx: &egui::Context) -> Option<String> {
        self.shortcut().map(|s| ctx.format_shortcut(&s))
    }
}
