//! Manual threats: a threat the architect writes on an element by hand (as in Threat Dragon), and the CIA and
//! STRIDE vocabularies that rule findings share.
//!
//! An open manual threat counts towards total risk like a rule finding (likelihood x impact). It carries its own
//! status (open, mitigated, accepted, false positive: the triage vocabulary), so the file's `triage` map holds rule
//! findings only. In analysis output a manual threat is the finding `manual-threat@<threat id>`.

use serde::Serialize;

use crate::model::id::Id;
use crate::model::triage::TriageStatus;

crate::named_enum! {
    /// A corner of the CIA triad.
    pub enum Cia: "CIA corner" {
        /// Data exposed to someone without access.
        Confidentiality = "confidentiality",
        /// An unauthorised change persists.
        Integrity = "integrity",
        /// The system cannot do its normal work.
        Availability = "availability",
    }
}

crate::named_enum! {
    /// STRIDE threat category.
    pub enum Stride: "STRIDE category" {
        /// Pretending to be someone else.
        Spoofing = "spoofing",
        /// Changing data or code.
        Tampering = "tampering",
        /// Denying having done something.
        Repudiation = "repudiation",
        /// Exposing data.
        InformationDisclosure = "information-disclosure",
        /// Stopping the system from working.
        DenialOfService = "denial-of-service",
        /// Gaining rights one should not have.
        ElevationOfPrivilege = "elevation-of-privilege",
    }
}

/// The rule id manual threats report under.
pub const MANUAL_THREAT_RULE: &str = "manual-threat";

/// Likelihood and impact are on the analysis's five-step scales (1 rare / negligible ... 5 almost certain / severe).
pub const SCALE: std::ops::RangeInclusive<u8> = 1..=5;

/// A threat written by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Threat {
    /// Stable id, in the one namespace of all elements.
    pub id: Id,
    /// The component, flow, boundary, context or connection it threatens.
    pub element: Id,
    /// Short title.
    pub title: String,
    /// What could happen.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// CIA corners harmed; sorted and unique.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cia: Vec<Cia>,
    /// STRIDE categories; sorted and unique.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stride: Vec<Stride>,
    /// 1-5.
    pub likelihood: u8,
    /// 1-5.
    pub impact: u8,
    /// What mitigates it, or should.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mitigation: String,
    /// Open, mitigated, accepted or false positive.
    pub status: TriageStatus,
}

impl Threat {
    /// Sorts its CIA corners and STRIDE categories and drops repeats.
    pub fn normalize(&mut self) {
        crate::sorting::sort(&mut self.cia);
        self.cia.dedup();
        crate::sorting::sort(&mut self.stride);
        self.stride.dedup();
    }

    /// The finding id it reports under.
    pub fn finding_id(&self) -> String {
        format!("{MANUAL_THREAT_RULE}@{}", self.id)
    }
}
