//! The open document and what the editor derives from it: the model of its sound part, the analysis and the
//! list of problems. Derived state is recomputed only when the document's revisions moved: a semantic edit
//! re-validates and brings the analysis up to date (a sound document's through [`Analysed`], which redoes only what
//! the edit touched), a layout edit only swaps the model's layout (analysis never reads it).

use crate::analysis::{Analysis, analyze};
use crate::edit::{Analysed, Document, Edit, EditError, sound_part};
use crate::model::Model;
use crate::model::diagram::Diagram;
use crate::model::id::Id;
use crate::model::problem::{Problem, attach_elements};

/// Where the open document came from and where Save writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Never saved: Save asks for a file.
    Untitled,
    /// A bundled sample: Save asks for a file.
    Sample(&'static str),
    /// A file on disk (native) or a file the browser handed over (its name only).
    File(std::path::PathBuf),
}

impl Source {
    /// Short name for the title bar.
    pub fn name(&self) -> String {
        match self {
            Self::Untitled => "Untitled".to_owned(),
            Self::Sample(file) => format!("{file} (sample)"),
            Self::File(path) => {
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into())
            }
        }
    }
}

/// The open document with its derived state.
pub struct Workspace {
    /// The document being edited.
    doc: Document,
    /// Where it came from.
    pub source: Source,
    /// Distinguishes documents opened one after another (revisions restart at zero for each).
    generation: u64,
    /// Revision and layout revision the derived state was computed for.
    computed: Option<(u64, u64)>,
    /// The model of the sound part of a document with problems (a sound document has its own).
    model: Option<Model>,
    /// The analysis of a sound document, kept up to date edit by edit.
    live: Option<Analysed>,
    /// The analysis of the sound part of a document with problems.
    analysis: Option<Analysis>,
    /// Elements left out of the analysis because of problems.
    skipped: Vec<Id>,
    /// The document's problems, with the elements they concern.
    problems: Vec<Problem>,
}

impl Workspace {
    /// Opens `diagram` as document number `generation`.
    pub fn new(diagram: Diagram, source: Source, generation: u64) -> Self {
        let mut workspace = Self {
            doc: Document::new(diagram),
            source,
            generation,
            computed: None,
            model: None,
            live: None,
            analysis: None,
            skipped: Vec::new(),
            problems: Vec::new(),
        };
        workspace.refresh();
        workspace
    }

    /// An empty document.
    pub fn untitled(generation: u64) -> Self {
        let mut diagram = Diagram::default();
        diagram.settings.title = "Untitled architecture".to_owned();
        Self::new(diagram, Source::Untitled, generation)
    }

    /// The document.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The document, for making ids.
    pub fn doc_mut(&mut self) -> &mut Document {
        &mut self.doc
    }

    /// The diagram as it is now.
    pub fn diagram(&self) -> &Diagram {
        self.doc.diagram()
    }

    /// The checked model: the document's own, or that of its sound part when it has problems.
    pub fn model(&self) -> Option<&Model> {
        self.doc.model().or(self.model.as_ref())
    }

    /// The analysis of the sound part, if any.
    pub fn analysis(&self) -> Option<&Analysis> {
        self.live.as_ref().map(Analysed::analysis).or(self.analysis.as_ref())
    }

    /// The document's problems.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Elements the analysis left out.
    pub fn skipped(&self) -> &[Id] {
        &self.skipped
    }

    /// Changes whenever anything drawn may have changed (painters key their caches on it).
    pub fn layout_stamp(&self) -> (u64, u64) {
        (self.generation, self.doc.layout_revision())
    }

    /// Changes whenever the analysis may have changed.
    pub fn semantic_stamp(&self) -> (u64, u64) {
        (self.generation, self.doc.revision())
    }

    /// Applies one user step and brings the derived state up to date.
    pub fn apply(&mut self, label: &str, edit: Edit) -> Result<(), EditError> {
        let result = self.doc.apply(label, edit);
        self.refresh();
        result
    }

    /// Undoes the last step; false when there was none.
    pub fn undo(&mut self) -> bool {
        let done = self.doc.undo();
        self.refresh();
        done
    }

    /// Redoes the last undone step; false when there was none.
    pub fn redo(&mut self) -> bool {
        let done = self.doc.redo();
        self.refresh();
        done
    }

    /// Recomputes what the revisions say is out of date. A sound document keeps its own checked model in step with
    /// every edit (see [`Document::model`]); only a document with problems needs its sound part worked out here.
    fn refresh(&mut self) {
        let now = (self.doc.revision(), self.doc.layout_revision());
        let Some((revision, layout)) = self.computed else {
            self.recompute(true);
            self.computed = Some(now);
            return;
        };
        if (revision, layout) != now {
            let semantic = revision != now.0;
            if self.doc.model().is_some() {
                if semantic || self.model.is_some() {
                    self.recompute(semantic);
                }
            } else if semantic || self.skipped.is_empty() {
                self.recompute(semantic);
            } else if let Some(model) = &mut self.model {
                // Layout only, on the sound part of a document with problems: swap in the new layout.
                model.set_layout(self.doc.diagram().layout.clone());
            }
        }
        self.computed = Some(now);
    }

    fn recompute(&mut self, semantic: bool) {
        if self.doc.model().is_some() {
            self.model = None;
            self.analysis = None;
            self.skipped.clear();
            self.problems.clear();
            match &mut self.live {
                Some(live) if semantic => {
                    live.refresh(&self.doc);
                }
                Some(_) => {}
                None => self.live = Analysed::new(&self.doc),
            }
            return;
        }
        self.live = None;
        let diagram = self.doc.diagram();
        let mut problems = crate::model::problems(diagram);
        attach_elements(diagram, &mut problems);
        let part = sound_part(diagram);
        if semantic || self.analysis.is_none() {
            self.analysis = part.model.as_ref().map(analyze);
        }
        self.model = part.model;
        self.skipped = part.skipped;
        self.problems = problems;
    }

    /// How an element is called on screen: a component's, boundary's or context's name, a flow as "caller →
    /// callee", a note's first words; its id when it has no name (or is not in the diagram).
    pub fn label(&self, id: &str) -> String {
        let d = self.diagram();
        // The model's index finds components without a scan (the findings list asks for every row it draws).
        let name = |id: &str| match self.model() {
            Some(model) => model.component_ix(id).map(|c| model.component(c).name.clone()),
            None => d.components.iter().find(|c| c.id.as_str() == id).map(|c| c.name.clone()),
        };
        if let Some(name) = name(id).filter(|n| !n.is_empty()) {
            return name;
        }
        if let Some(f) = d.flows.iter().find(|f| f.id.as_str() == id) {
            let end = |id: &str| name(id).unwrap_or_else(|| id.to_owned());
            return format!("{} → {}", end(&f.from), end(&f.to));
        }
        let group = d
            .boundaries
            .iter()
            .find(|b| b.id.as_str() == id)
            .map(|b| b.name.clone())
            .or_else(|| d.contexts.iter().find(|c| c.id.as_str() == id).map(|c| c.name.clone()));
        if let Some(name) = group.filter(|n| !n.is_empty()) {
            return name;
        }
        if let Some(note) = d.notes.iter().find(|n| n.id.as_str() == id) {
            return note.text.chars().take(40).collect();
        }
        id.to_owned()
    }

    /// The subject of a finding (`rule@a+b`) in names.
    pub fn subject(&self, finding_id: &str) -> String {
        let subject = finding_id.split_once('@').map_or(finding_id, |(_, s)| s);
        if subject == "diagram" {
            return "the diagram".to_owned();
        }
        subject.split('+').map(|id| self.label(id)).collect::<Vec<_>>().join(" + ")
    }

    /// Records that the document was written out as it is now.
    pub fn mark_saved(&mut self, source: Source) {
        self.source = source;
        self.doc.mark_saved();
    }
}

#[cfg(test)]
mod tests {
    use super::{Source, Workspace};
    use crate::analysis::analyze;
    use crate::edit::ops;
    use crate::model::props::PropertyKey;
    use serde_json::Value;

    /// The analysis the editor shows after each step equals a fresh analysis of the document as it then is.
    fn fresh(ws: &Workspace) -> Value {
        let model = ws.model().expect("the sample stays sound");
        serde_json::to_value(analyze(model)).expect("an analysis serialises")
    }

    fn shown(ws: &Workspace) -> Value {
        serde_json::to_value(ws.analysis().expect("a sound document is analysed")).expect("an analysis serialises")
    }

    #[test]
    fn the_editors_analysis_follows_property_edits_renames_triage_flows_removals_undo_and_redo() {
        let sample = &crate::io::samples::all()[0];
        let diagram = sample.model().expect("samples load").diagram().clone();
        let mut ws = Workspace::new(diagram, Source::Sample(sample.file), 0);
        let before = shown(&ws);
        assert_eq!(before, fresh(&ws));
        let ids: Vec<_> = ws.diagram().components.iter().map(|c| c.id.clone()).collect();
        let mut changed = false;
        for (i, id) in ids.iter().enumerate().take(12) {
            let value = Value::Bool(i % 2 == 0);
            for key in [PropertyKey::Logging, PropertyKey::EncryptionAtRest] {
                if let Ok(edit) = ops::set_property(ws.diagram(), id, key, &value)
                    && ws.apply("set", edit).is_ok()
                {
                    changed |= shown(&ws) != before;
                    assert_eq!(shown(&ws), fresh(&ws), "after setting {key:?} on {id}");
                }
            }
        }
        assert!(changed, "no edit changed the findings: the test would not notice a stale analysis");
        let edit = ops::rename(ws.diagram(), &ids[1], "Renamed one").expect("a component can be renamed");
        ws.apply("rename", edit).expect("a rename applies");
        assert_eq!(shown(&ws), fresh(&ws), "after a rename");
        // Triage of a finding the editor shows (its status, note and the risk totals follow), then a flow's
        // authentication: both are patched in place.
        let finding = ws.analysis().and_then(|a| a.findings.iter().find(|f| f.is_open())).map(|f| f.id().to_owned());
        let finding = finding.expect("the sample has an open finding");
        let triage =
            crate::model::triage::Triage { status: crate::model::triage::TriageStatus::Accepted, note: "known".into() };
        let total = ws.analysis().map(|a| a.risk.total);
        ws.apply("triage", ops::set_triage(&finding, Some(triage))).expect("a triage applies");
        assert_eq!(shown(&ws), fresh(&ws), "after a triage");
        assert!(ws.analysis().map(|a| a.risk.total) < total, "an accepted finding leaves the total");
        let mut flow = ws.diagram().flows.first().expect("the sample has flows").clone();
        flow.authentication = Some(crate::model::flow::Authentication::None);
        ws.apply("flow", ops::set_flow(flow)).expect("a flow edit applies");
        assert_eq!(shown(&ws), fresh(&ws), "after a flow edit");
        // A component moved into another container of its parent's kind (patched in place, only what reads where it
        // sits re-runs).
        let d = ws.diagram().clone();
        let kind_of = |id: &crate::model::Id| d.components.iter().find(|c| &c.id == id).map(|c| c.kind);
        let moved = d.components.iter().find_map(|c| {
            let parent = c.parent.as_ref()?;
            let other = d.components.iter().find(|o| Some(o.kind) == kind_of(parent) && &o.id != parent)?;
            Some((c.id.clone(), other.id.clone()))
        });
        let (id, into) = moved.expect("the sample has two containers of a kind");
        ws.apply("move", ops::reparent(&d, &id, Some(into)).expect("a move")).expect("a move applies");
        assert_eq!(shown(&ws), fresh(&ws), "after a move");
        let edit = ops::remove(ws.diagram(), &ids[2..4]);
        ws.apply("remove", edit).expect("a removal applies");
        assert_eq!(shown(&ws), fresh(&ws), "after a removal");
        while ws.undo() {
            assert_eq!(shown(&ws), fresh(&ws), "after an undo");
        }
        assert_eq!(shown(&ws), before, "undoing everything restores the first analysis");
        for _ in 0..5 {
            assert!(ws.redo());
            assert_eq!(shown(&ws), fresh(&ws), "after a redo");
        }
    }
}
