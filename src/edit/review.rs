//! Review mode's rule, in one place: which edits a reviewer may make. Reviewing is about judging the design, not
//! changing it, so only triage (a finding's status and note, a manual threat's status) and notes (add, edit, move,
//! delete) pass; everything else is refused with a reason. [`crate::edit::Document`] applies this to every edit,
//! undo and redo while review mode is on, so no path of the editor can slip past it.

use crate::edit::change::{Edit, LayoutKey, Record};
use crate::model::diagram::Diagram;

/// What the refusal says (with what was refused after it).
pub const REFUSED: &str = "review mode: only triage and notes can be changed";

/// `Ok` when a reviewer may apply `edit` to `diagram`; else why not.
pub fn check(diagram: &Diagram, edit: &Edit) -> Result<(), String> {
    if allowed(diagram, edit) { Ok(()) } else { Err(format!("{REFUSED} (turn review mode off in the View menu)")) }
}

fn allowed(diagram: &Diagram, edit: &Edit) -> bool {
    match edit {
        Edit::Triage(..) | Edit::Insert(Record::Note(_)) | Edit::Layout(LayoutKey::Note(_), _) => true,
        Edit::Replace(Record::Note(note)) => diagram.notes.iter().any(|n| n.id == note.id),
        Edit::Delete(id) => diagram.notes.iter().any(|n| &n.id == id),
        // A manual threat's status is its triage; the rest of it is the design.
        Edit::Replace(Record::Threat(threat)) => diagram.threats.iter().any(|t| {
            let mut triaged = t.clone();
            triaged.status = threat.status;
            &triaged == threat
        }),
        Edit::Batch(edits) => edits.iter().all(|e| allowed(diagram, e)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::ops;
    use crate::model::id::Id;
    use crate::model::triage::{Triage, TriageStatus};

    fn sample() -> Diagram {
        let sample = crate::io::samples::all().iter().find(|s| s.file == "shop-eks-ec2.json").map(|s| s.json);
        crate::io::open_bytes(sample.unwrap().as_bytes()).unwrap().diagram
    }

    #[test]
    fn triage_and_notes_pass_everything_else_is_refused() {
        let d = sample();
        let component = d.components.first().unwrap().id.clone();
        assert!(d.components.len() > 3, "the sample has components to refuse edits on");
        let triage = Triage { status: TriageStatus::Accepted, note: "fine for now".to_owned() };
        assert_eq!(check(&d, &ops::set_triage("public-exposure@x", Some(triage))), Ok(()));
        assert_eq!(check(&d, &ops::set_triage("public-exposure@x", None)), Ok(()));
        for refused in [
            ops::remove(&d, std::slice::from_ref(&component)),
            ops::rename(&d, &component, "Renamed").unwrap(),
            ops::set_settings(d.settings.clone()),
        ] {
            let why = check(&d, &refused).unwrap_err();
            assert!(why.starts_with(REFUSED), "{refused:?} passed");
        }
    }

    #[test]
    fn notes_and_a_threats_status_pass_but_not_the_threat_itself() {
        let mut d = sample();
        let mut ids = crate::edit::Ids::of(&d);
        let note = crate::model::note::Note {
            id: Id::new("n-review").unwrap(),
            text: "Why public?".to_owned(),
            attached_to: None,
        };
        assert_eq!(check(&d, &Edit::Insert(Record::Note(note.clone()))), Ok(()));
        d.notes.push(note.clone());
        assert_eq!(check(&d, &ops::rename(&d, &note.id, "Still public?").unwrap()), Ok(()));
        assert_eq!(check(&d, &ops::remove(&d, std::slice::from_ref(&note.id))), Ok(()));
        let component = d.components.first().unwrap().id.clone();
        let both = ops::remove(&d, &[note.id.clone(), component.clone()]);
        assert!(check(&d, &both).is_err(), "a delete of a note and a component is refused as a whole");

        let threat = crate::model::threat::Threat {
            id: Id::new("t-review").unwrap(),
            element: component,
            title: "Stolen keys".to_owned(),
            description: String::new(),
            cia: Vec::new(),
            stride: Vec::new(),
            likelihood: 3,
            impact: 3,
            mitigation: String::new(),
            status: TriageStatus::Open,
        };
        let (add, _) = ops::add_threat(&mut ids, threat.clone());
        assert!(check(&d, &add).is_err(), "adding a threat changes the design");
        d.threats.push(threat.clone());
        let mut mitigated = threat.clone();
        mitigated.status = TriageStatus::Mitigated;
        assert_eq!(check(&d, &ops::set_threat(mitigated.clone())), Ok(()));
        mitigated.likelihood = 1;
        assert!(check(&d, &ops::set_threat(mitigated)).is_err(), "its likelihood is the design");
    }

    #[test]
    fn a_document_in_review_mode_refuses_edits_and_their_undo() {
        let d = sample();
        let component = d.components.first().unwrap().id.clone();
        let mut doc = crate::edit::Document::new(d.clone());
        doc.apply("rename", ops::rename(&d, &component, "Before review").unwrap()).unwrap();
        doc.set_review(true);
        let before = doc.diagram().clone();
        let refused = doc.apply("delete", ops::remove(&before, std::slice::from_ref(&component)));
        assert!(matches!(refused, Err(crate::edit::EditError::Refused(ref why)) if why.starts_with(REFUSED)));
        assert_eq!(doc.diagram(), &before);
        let triage = Triage { status: TriageStatus::FalsePositive, note: "checked".to_owned() };
        doc.apply("triage", ops::set_triage("public-exposure@x", Some(triage))).unwrap();
        assert!(doc.undo(), "the triage is undone");
        assert!(!doc.undo(), "the rename made before review mode is not");
        assert_eq!(doc.diagram(), &before);
        doc.set_review(false);
        assert!(doc.undo());
        assert_ne!(doc.diagram(), &before);
    }
}
