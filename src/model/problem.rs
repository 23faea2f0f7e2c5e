//! A problem found in a diagram: where (a JSON path such as `$.flows[2].to`) and what.

use std::fmt;

/// One problem, named by the JSON path of the value at fault.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// `$` for the whole document, `$.components[3].kind` for one value; for malformed JSON, `line L column C`.
    pub path: String,
    /// What is wrong, in words, with a suggestion where one helps.
    pub message: String,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Collects problems up to a limit, so a hostile file cannot make the report itself huge.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
    dropped: usize,
}

impl Problems {
    /// The most problems kept; the rest are counted.
    pub const LIMIT: usize = 500;

    /// Records a problem.
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if self.list.len() < Self::LIMIT {
            self.list.push(Problem::new(path, message));
        } else {
            self.dropped += 1;
        }
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Whether the limit was reached (further checks are pointless).
    pub fn is_full(&self) -> bool {
        self.list.len() >= Self::LIMIT
    }

    /// The problems, with a last one saying how many were left out.
    pub fn into_vec(mut self) -> Vec<Problem> {
        if self.dropped > 0 {
            self.list.push(Problem::new("$", format!("... and {} more problems", self.dropped)));
        }
        self.list
    }
}
