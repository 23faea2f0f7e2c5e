//! A problem found in a diagram: where (a JSON path such as `$.flows[2].to`), what, and which elements it
//! concerns (so the editor can mark them).

use std::fmt;

use crate::model::diagram::Diagram;
use crate::model::id::Id;

/// One problem, named by the JSON path of the value at fault.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// `$` for the whole document, `$.components[3].kind` for one value; for malformed JSON, `line L column C`.
    pub path: String,
    /// What is wrong, in words, with a suggestion where one helps.
    pub message: String,
    /// The ids of the elements it concerns (empty for the document as a whole); see [`attach_elements`].
    pub elements: Vec<Id>,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), message: message.into(), elements: Vec::new() }
    }
}

/// Fills in [`Problem::elements`] from each problem's path: the element of a list entry (`$.flows[2].to` names
/// the third flow), of a layout key (`$.layout.components.db`), or the elements of a triaged finding id.
pub fn attach_elements(diagram: &Diagram, problems: &mut [Problem]) {
    for problem in problems {
        problem.elements = elements_at(diagram, &problem.path);
    }
}

fn elements_at(diagram: &Diagram, path: &str) -> Vec<Id> {
    let Some(rest) = path.strip_prefix("$.") else { return Vec::new() };
    if let Some((list, after)) = rest.split_once('[')
        && let Some(index) = after.split(']').next().and_then(|n| n.parse::<usize>().ok())
    {
        let d = diagram;
        let id = match list {
            "components" => d.components.get(index).map(|c| &c.id),
            "flows" => d.flows.get(index).map(|f| &f.id),
            "boundaries" => d.boundaries.get(index).map(|b| &b.id),
            "contexts" => d.contexts.get(index).map(|c| &c.id),
            "connections" => d.connections.get(index).map(|c| &c.id),
            "notes" => d.notes.get(index).map(|n| &n.id),
            "threats" => d.threats.get(index).map(|t| &t.id),
            _ => None,
        };
        if id.is_some() || !list.contains('.') {
            return id.cloned().into_iter().collect();
        }
    }
    if let Some(after) = rest.strip_prefix("layout.") {
        // `components.db...` or `flows["a.b"]...`: the key starts after the section's name.
        let key = match after.find(['.', '[']) {
            Some(at) if after[at..].starts_with('.') => &after[at + 1..],
            Some(at) => &after[at..],
            None => "",
        };
        return key_id(key).into_iter().collect();
    }
    if let Some(after) = rest.strip_prefix("triage") {
        let finding = key_text(after.strip_prefix('.').unwrap_or(after));
        let elements = finding.split_once('@').map_or("", |(_, elements)| elements);
        return elements.split('+').filter_map(|e| Id::new(e).ok()).collect();
    }
    Vec::new()
}

/// The first key of a path tail: `db.rect` -> `db`, `["db.primary"].x` -> `db.primary`.
fn key_text(tail: &str) -> String {
    if let Some(quoted) = tail.strip_prefix('[') {
        let mut de = serde_json::Deserializer::from_str(quoted).into_iter::<String>();
        return de.next().and_then(Result::ok).unwrap_or_default();
    }
    tail.split(['.', '[']).next().unwrap_or_default().to_owned()
}

fn key_id(tail: &str) -> Option<Id> {
    Id::new(&key_text(tail)).ok()
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

    /// How many were recorded, counted ones included.
    pub fn len(&self) -> usize {
        self.list.len() + self.dropped
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, ComponentKind};

    #[test]
    fn paths_name_their_elements() {
        let mut diagram = Diagram::default();
        diagram.components.push(Component::new(Id::new("web").unwrap(), ComponentKind::User, "Web"));
        let mut problems = vec![
            Problem::new("$.components[0].parent", "x"),
            Problem::new("$.components[9].parent", "x"),
            Problem::new("$.layout.components.db", "x"),
            Problem::new("$.layout.flows[\"a.b\"].waypoints[0]", "x"),
            Problem::new("$.triage[\"rule@a+b\"]", "x"),
            Problem::new("$.settings.title", "x"),
        ];
        attach_elements(&diagram, &mut problems);
        let ids: Vec<Vec<&str>> = problems.iter().map(|p| p.elements.iter().map(Id::as_str).collect()).collect();
        assert_eq!(ids, vec![vec!["web"], vec![], vec!["db"], vec!["a.b"], vec!["a", "b"], vec![]]);
    }
}
