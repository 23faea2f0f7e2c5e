//! Manual threats from the source (Threat Dragon threats, Threagile individual risks): the builder step that adds
//! one, and the vocabulary mappings (severity to likelihood x impact, statuses to the triage vocabulary, threat
//! types to STRIDE and CIA).

use crate::import::common::Builder;
use crate::import::report::Outcome;
use crate::model::id::Id;
use crate::model::threat::{Cia, Stride, Threat};
use crate::model::triage::TriageStatus;

/// A manual threat before it gets its id.
pub(super) struct Draft {
    pub title: String,
    pub description: String,
    pub mitigation: String,
    pub stride: Vec<Stride>,
    pub cia: Vec<Cia>,
    pub likelihood: u8,
    pub impact: u8,
    pub status: TriageStatus,
}

impl Builder {
    /// Adds a manual threat on `element`.
    pub fn threat(&mut self, source: &str, element: &Id, draft: Draft) -> Id {
        let title = if draft.title.trim().is_empty() { "Untitled threat".to_owned() } else { draft.title };
        let id = self.id(&title);
        self.report.add(
            Outcome::Mapped,
            source,
            Some(&id),
            format!(
                "manual threat \"{title}\" on {element} ({}, likelihood {} x impact {})",
                draft.status, draft.likelihood, draft.impact
            ),
        );
        self.diagram.threats.push(Threat {
            id: id.clone(),
            element: element.clone(),
            title,
            description: draft.description,
            cia: draft.cia,
            stride: draft.stride,
            likelihood: draft.likelihood.clamp(1, 5),
            impact: draft.impact.clamp(1, 5),
            mitigation: draft.mitigation,
            status: draft.status,
        });
        id
    }
}

/// Threat Dragon's severity as likelihood x impact, chosen so the product falls in the trustmap severity of the
/// same name (low 1-4, medium 5-8, high 13-19, critical 20-25); `None` when the file gives none (TBA, empty).
pub(super) fn td_severity(text: &str) -> Option<(u8, u8)> {
    match text.trim().to_lowercase().as_str() {
        "low" => Some((2, 2)),
        "medium" => Some((2, 3)),
        "high" => Some((4, 4)),
        "critical" => Some((5, 5)),
        _ => None,
    }
}

/// Threat Dragon's status in the triage vocabulary; `None` for a status it does not know.
pub(super) fn td_status(text: &str) -> Option<TriageStatus> {
    match text.trim().to_lowercase().replace([' ', '-', '_'], "").as_str() {
        "open" | "" => Some(TriageStatus::Open),
        "mitigated" => Some(TriageStatus::Mitigated),
        "notapplicable" => Some(TriageStatus::FalsePositive),
        _ => None,
    }
}

/// Threagile's risk-tracking status in the triage vocabulary (unchecked, in discussion and in progress are still
/// open).
pub(super) fn threagile_status(text: &str) -> Option<TriageStatus> {
    match text.trim() {
        "unchecked" | "in-discussion" | "in-progress" => Some(TriageStatus::Open),
        "accepted" => Some(TriageStatus::Accepted),
        "mitigated" => Some(TriageStatus::Mitigated),
        "false-positive" => Some(TriageStatus::FalsePositive),
        _ => None,
    }
}

/// The STRIDE category or CIA corner a threat type names (Threat Dragon's STRIDE and CIA models; Threagile's
/// `stride` values); LINDDUN, PLOT4ai and DIE types name neither.
pub(super) fn categories(kind: &str) -> (Vec<Stride>, Vec<Cia>) {
    let key = kind.trim().to_lowercase().replace([' ', '_'], "-");
    let stride = match key.as_str() {
        "spoofing" => Some(Stride::Spoofing),
        "tampering" => Some(Stride::Tampering),
        "repudiation" => Some(Stride::Repudiation),
        "information-disclosure" => Some(Stride::InformationDisclosure),
        "denial-of-service" => Some(Stride::DenialOfService),
        "elevation-of-privilege" => Some(Stride::ElevationOfPrivilege),
        _ => None,
    };
    let cia = match key.as_str() {
        "confidentiality" => Some(Cia::Confidentiality),
        "integrity" => Some(Cia::Integrity),
        "availability" => Some(Cia::Availability),
        _ => None,
    };
    (stride.into_iter().collect(), cia.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_land_in_the_band_of_their_name() {
        for (name, low, high) in [("Low", 1, 4), ("Medium", 5, 8), ("High", 13, 19), ("Critical", 20, 25)] {
            let (l, i) = td_severity(name).unwrap_or_default();
            assert!((low..=high).contains(&(l * i)), "{name}: {l} x {i}");
        }
        assert_eq!(td_severity("TBA"), None);
        assert_eq!(td_status("NotApplicable"), Some(TriageStatus::FalsePositive));
        assert_eq!(td_status("Closed"), None);
        assert_eq!(categories("Information disclosure").0, vec![Stride::InformationDisclosure]);
        assert_eq!(categories("Integrity").1, vec![Cia::Integrity]);
        assert_eq!(categories("Linkability"), (vec![], vec![]));
    }
}
