//! Diagram-wide settings: title, posture, the as-of date for deprecation checks, and per-rule overrides.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

crate::named_enum! {
    /// The security posture the diagram is judged under (docs/security-model.md#principles).
    pub enum Posture: "posture" {
        /// One strong edge; everything inside a trust boundary is trusted.
        Perimeter = "perimeter",
        /// Every call is authenticated and authorised, inside or out.
        ZeroTrust = "zero-trust",
    }
}

/// A calendar date, `YYYY-MM-DD`. Analysis compares against it instead of the system clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day, 1-31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("\"{text}\" is not a date of the form YYYY-MM-DD");
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        // Digits only: `str::parse` would also take a sign (`+999`, `+1`).
        let digits = |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(bad());
        }
        let year: u16 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        let day: u8 = d.parse().map_err(|_| bad())?;
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(format!("\"{text}\" has no month {month}")),
        };
        if day == 0 || day > days_in_month {
            return Err(format!("\"{text}\" has no day {day}"));
        }
        Ok(Self { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Overrides for one rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RuleSettings {
    /// `Some(false)` switches the rule off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Threshold overrides by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub thresholds: BTreeMap<String, f64>,
}

/// Diagram-wide settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Settings {
    /// Title.
    pub title: String,
    /// Free text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Perimeter or zero trust.
    pub posture: Posture,
    /// The date deprecation tables are compared against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// Per-rule overrides, by rule id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, RuleSettings>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            title: "Untitled architecture".to_owned(),
            description: String::new(),
            posture: Posture::Perimeter,
            as_of: None,
            rules: BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_print() {
        let date = Date::parse("2024-02-29").unwrap();
        assert_eq!(date.to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").unwrap_err().contains("no day 29"));
        assert!(Date::parse("2023-13-01").unwrap_err().contains("no month 13"));
        assert!(Date::parse("23-1-1").is_err());
        assert!(Date::parse("2023-01-01-01").is_err());
        assert!(Date::parse("20x3-01-01").is_err());
        for signed in ["+999-01-01", "2025-+1-+1", "2025-01-+1", " 2025-01-01"] {
            assert!(Date::parse(signed).is_err(), "{signed}");
        }
        assert!(Date::parse("2024-01-02").unwrap() > Date::parse("2023-12-31").unwrap());
    }
}
