//! Finding triage stored in the file, so a review survives a reload.

use serde::Serialize;

crate::named_enum! {
    /// What the team decided about a finding.
    pub enum TriageStatus: "triage status" {
        /// Still to be handled.
        Open = "open",
        /// A control not visible in the diagram handles it.
        Mitigated = "mitigated",
        /// The risk is accepted: still shown, not counted as open.
        Accepted = "accepted",
        /// The rule was wrong here.
        FalsePositive = "false-positive",
    }
}

/// The triage of one finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Triage {
    /// The decision.
    pub status: TriageStatus,
    /// Why.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Checks the shape of a finding id: `rule-id@element`, `rule-id@diagram`, or `rule-id@a+b` (sorted element ids).
pub fn check_finding_id(text: &str) -> Result<(), String> {
    let Some((rule, elements)) = text.split_once('@') else {
        return Err(format!("finding id \"{text}\" has no '@' (expected rule-id@element-id)"));
    };
    crate::model::id::Id::new(rule).map_err(|why| format!("finding id \"{text}\": rule part: {why}"))?;
    let parts: Vec<&str> = elements.split('+').collect();
    for part in &parts {
        crate::model::id::Id::new(part).map_err(|why| format!("finding id \"{text}\": element part: {why}"))?;
    }
    if !parts.is_sorted() {
        return Err(format!("finding id \"{text}\": element ids after '@' must be sorted"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_ids_are_checked() {
        assert!(check_finding_id("unauthenticated-flow@orders-api").is_ok());
        assert!(check_finding_id("no-audit-trail@diagram").is_ok());
        assert!(check_finding_id("shared-database@a+b").is_ok());
        assert!(check_finding_id("shared-database@b+a").unwrap_err().contains("sorted"));
        assert!(check_finding_id("nope").unwrap_err().contains("'@'"));
        assert!(check_finding_id("X@a").is_err());
    }
}
