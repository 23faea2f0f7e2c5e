//! The import report: what each part of a foreign file became in trustmap, what was approximated, what was dropped
//! and why, and the warnings. Printed by `trustmap import`, shown by the editor after an import.

use std::fmt;

use serde::Serialize;

use crate::model::id::Id;

/// How one part of the source file fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Kept with the same meaning.
    Mapped,
    /// Kept, but trustmap says it differently or less exactly (the text says how).
    Approximated,
    /// Not kept (the text says why).
    Dropped,
    /// Something the author should look at (a dangling end, an unknown key).
    Warning,
}

impl Outcome {
    /// Its heading in the report (`Warnings`, `Dropped` ...).
    pub fn heading(self) -> &'static str {
        match self {
            Self::Mapped => "Mapped",
            Self::Approximated => "Approximated",
            Self::Dropped => "Dropped",
            Self::Warning => "Warnings",
        }
    }
}

/// One line of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Mapped, approximated, dropped or a warning.
    pub outcome: Outcome,
    /// Where it is in the source file: a JSON path (`$.detail.diagrams[0].cells[3]`) or a YAML path
    /// (`$.technical_assets["Load Balancer"]`).
    pub source: String,
    /// The trustmap element it became, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<Id>,
    /// What happened, in words.
    pub text: String,
}

/// Everything an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The source format, in words (`OWASP Threat Dragon v2`, `Threagile`).
    pub format: String,
    /// Every line, in the order the source was read.
    pub items: Vec<Item>,
}

impl ImportReport {
    /// Adds a line.
    pub fn add(&mut self, outcome: Outcome, source: &str, element: Option<&Id>, text: impl Into<String>) {
        self.items.push(Item { outcome, source: source.to_owned(), element: element.cloned(), text: text.into() });
    }

    /// The lines of one outcome.
    pub fn of(&self, outcome: Outcome) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |item| item.outcome == outcome)
    }

    /// How many lines of one outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.of(outcome).count()
    }

    /// One line: counts per outcome.
    pub fn summary(&self) -> String {
        format!(
            "imported from {}: {} mapped, {} approximated, {} dropped, {} warnings",
            self.format,
            self.count(Outcome::Mapped),
            self.count(Outcome::Approximated),
            self.count(Outcome::Dropped),
            self.count(Outcome::Warning)
        )
    }
}

impl ImportReport {
    /// Each outcome's lines under a heading, without the summary: warnings and approximations first (they need the
    /// reader most), then what was dropped, then what was mapped as it was.
    pub fn details(&self) -> String {
        let mut out = String::new();
        for outcome in [Outcome::Warning, Outcome::Approximated, Outcome::Dropped, Outcome::Mapped] {
            if self.count(outcome) == 0 {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("{} ({}):\n", outcome.heading(), self.count(outcome)));
            for item in self.of(outcome) {
                match &item.element {
                    Some(id) => out.push_str(&format!("  {} -> {id}: {}\n", item.source, item.text)),
                    None => out.push_str(&format!("  {}: {}\n", item.source, item.text)),
                }
            }
        }
        out
    }
}

impl fmt::Display for ImportReport {
    /// The summary, then [`ImportReport::details`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}\n", self.summary())?;
        f.write_str(&self.details())
    }
}
