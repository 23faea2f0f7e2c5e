//! Likelihood, impact, their product (risk) and the five-step severity scale.
//!
//! Risk of a finding = likelihood (1-5) x impact (1-5), so 1 to 25. Severity bands: low 1-4, medium 5-8,
//! elevated 9-12, high 13-19, critical 20-25.

crate::named_enum! {
    /// How likely a threat is to be realised.
    pub enum Likelihood: "likelihood" {
        /// 1
        Rare = "rare",
        /// 2
        Unlikely = "unlikely",
        /// 3
        Possible = "possible",
        /// 4
        Likely = "likely",
        /// 5
        AlmostCertain = "almost-certain",
    }
}

crate::named_enum! {
    /// How much harm a realised threat does.
    pub enum Impact: "impact" {
        /// 1
        Negligible = "negligible",
        /// 2
        Minor = "minor",
        /// 3
        Moderate = "moderate",
        /// 4
        Major = "major",
        /// 5
        Severe = "severe",
    }
}

crate::named_enum! {
    /// Five-step severity, from the risk score.
    pub enum Severity: "severity" {
        /// Risk 1-4.
        Low = "low",
        /// Risk 5-8.
        Medium = "medium",
        /// Risk 9-12.
        Elevated = "elevated",
        /// Risk 13-19.
        High = "high",
        /// Risk 20-25.
        Critical = "critical",
    }
}

impl Likelihood {
    /// 1 (rare) to 5 (almost certain).
    pub fn value(self) -> u8 {
        self as u8 + 1
    }

    /// Moved up or down by `steps`, staying on the scale.
    #[must_use]
    pub fn shifted(self, steps: i8) -> Self {
        shift(self.value(), steps, Self::from_value)
    }

    fn from_value(value: u8) -> Self {
        match value {
            0 | 1 => Self::Rare,
            2 => Self::Unlikely,
            3 => Self::Possible,
            4 => Self::Likely,
            _ => Self::AlmostCertain,
        }
    }
}

impl Impact {
    /// 1 (negligible) to 5 (severe).
    pub fn value(self) -> u8 {
        self as u8 + 1
    }

    /// Moved up or down by `steps`, staying on the scale.
    #[must_use]
    pub fn shifted(self, steps: i8) -> Self {
        shift(self.value(), steps, Self::from_value)
    }

    fn from_value(value: u8) -> Self {
        match value {
            0 | 1 => Self::Negligible,
            2 => Self::Minor,
            3 => Self::Moderate,
            4 => Self::Major,
            _ => Self::Severe,
        }
    }
}

fn shift<T>(value: u8, steps: i8, from_value: fn(u8) -> T) -> T {
    let moved = i16::from(value) + i16::from(steps);
    from_value(u8::try_from(moved.clamp(1, 5)).unwrap_or(1))
}

/// Likelihood x impact, 1 to 25.
pub fn risk(likelihood: Likelihood, impact: Impact) -> u32 {
    u32::from(likelihood.value()) * u32::from(impact.value())
}

impl Severity {
    /// The band a risk score falls in.
    pub fn from_risk(risk: u32) -> Self {
        match risk {
            0..=4 => Self::Low,
            5..=8 => Self::Medium,
            9..=12 => Self::Elevated,
            13..=19 => Self::High,
            _ => Self::Critical,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_and_bands() {
        assert_eq!(risk(Likelihood::Rare, Impact::Negligible), 1);
        assert_eq!(risk(Likelihood::AlmostCertain, Impact::Severe), 25);
        assert_eq!(Severity::from_risk(4), Severity::Low);
        assert_eq!(Severity::from_risk(9), Severity::Elevated);
        assert_eq!(Severity::from_risk(16), Severity::High);
        assert_eq!(Severity::from_risk(20), Severity::Critical);
        assert_eq!(Likelihood::Likely.shifted(3), Likelihood::AlmostCertain);
        assert_eq!(Impact::Minor.shifted(-4), Impact::Negligible);
        assert!(Severity::Critical > Severity::High);
    }
}
