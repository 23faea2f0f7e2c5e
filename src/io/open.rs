//! Opening a document for editing, keeping everything it could read: unlike [`crate::io::load_bytes`], which
//! refuses a file with any problem (what `validate`, `check` and `blast` use), [`open_bytes`] gives back the
//! readable part as a [`Diagram`] together with every problem, each naming its JSON path and the elements it
//! concerns. An element, map entry or field that does not decode cleanly (an unknown kind from a newer file, a
//! typo in a field name, a wrong type) is kept as written in [`Diagram::unreadable`] and written back by
//! [`crate::io::to_json`], so nothing the user wrote is ever dropped. Only input that is not a trustmap document
//! at all (not JSON, another tool's file, a newer format version, too large) is refused.

use serde_json::{Map, Value};

use crate::io::decode::{Decoder, FromJson, child};
use crate::io::load::{check_header, parse_json};
use crate::model::diagram::{Diagram, Place, Unreadable};
use crate::model::id::Id;
use crate::model::problem::{Problem, attach_elements};

/// A document opened for editing.
#[derive(Debug)]
pub struct Opened {
    /// What could be read; [`Diagram::unreadable`] holds the rest.
    pub diagram: Diagram,
    /// Every problem: what could not be read and what the whole-diagram checks found, by JSON path in the file.
    pub problems: Vec<Problem>,
}

/// Opens the bytes of a file for editing.
/// An exported SVG or PNG gives its embedded diagram (see [`crate::io::embedded`]).
pub fn open_bytes(bytes: &[u8]) -> Result<Opened, Vec<Problem>> {
    let bytes = crate::io::embedded::diagram_json(bytes).map_err(|problem| vec![problem])?;
    let value = parse_json(&bytes).map_err(|problem| vec![problem])?;
    check_header(&value)?;
    let Value::Object(map) = &value else { return Err(vec![Problem::new("$", "expected an object")]) };
    let mut d = Decoder::default();
    if !map.contains_key("components") {
        d.problem("$", "missing required field \"components\" (opened as an empty diagram)");
    }
    let mut reader = Reader { diagram: Diagram::default(), positions: Positions::default(), unreadable: Vec::new() };
    for (key, item) in map {
        reader.field(&mut d, key, item);
    }
    let Reader { mut diagram, positions, unreadable } = reader;
    let mut problems = d.into_problems();
    // Decoding problems name the file's own positions; give them the ids of what they were about.
    for problem in &mut problems {
        problem.elements =
            unreadable.iter().filter(|u| within(&problem.path, &u.path)).filter_map(|u| u.part.id()).collect();
    }
    let mut checks = crate::model::problems(&diagram);
    attach_elements(&diagram, &mut checks);
    for problem in &mut checks {
        problem.path = positions.in_file(&problem.path);
    }
    problems.extend(checks);
    diagram.unreadable = unreadable.into_iter().map(|u| u.part).collect();
    Ok(Opened { diagram, problems })
}

/// For each top-level list, the file position of each readable item (readable index -> file index).
#[derive(Default)]
struct Positions {
    lists: Vec<(&'static str, Vec<usize>)>,
}

impl Positions {
    /// `$.flows[2].to` of the readable diagram as the path in the file.
    fn in_file(&self, path: &str) -> String {
        for (list, positions) in &self.lists {
            let prefix = format!("$.{list}[");
            if let Some(rest) = path.strip_prefix(&prefix)
                && let Some((index, tail)) = rest.split_once(']')
                && let Ok(index) = index.parse::<usize>()
                && let Some(file_index) = positions.get(index)
            {
                return format!("{prefix}{file_index}]{tail}");
            }
        }
        path.to_owned()
    }
}

struct Kept {
    path: String,
    part: Unreadable,
}

struct Reader {
    diagram: Diagram,
    positions: Positions,
    unreadable: Vec<Kept>,
}

/// Decodes `value` as a `T` on its own; `None` (and the problems recorded) unless it decoded without any problem.
fn clean<T: FromJson>(d: &mut Decoder, path: &str, value: &Value) -> Option<T> {
    let before = d.problems.len();
    let decoded = T::from_json(d, path, value);
    decoded.filter(|_| d.problems.len() == before)
}

impl Reader {
    fn keep(&mut self, path: String, place: Place, value: &Value) {
        self.unreadable.push(Kept { path, part: Unreadable { place, value: value.clone() } });
    }

    fn field(&mut self, d: &mut Decoder, key: &str, value: &Value) {
        let path = child("$", key);
        match key {
            "format" | "version" => {}
            "settings" => match clean(d, &path, value) {
                Some(settings) => self.diagram.settings = settings,
                None => self.keep(path, Place::Field(key.to_owned()), value),
            },
            "components" => self.list(d, "components", value, |r, item| r.diagram.components.push(item)),
            "flows" => self.list(d, "flows", value, |r, item| r.diagram.flows.push(item)),
            "boundaries" => self.list(d, "boundaries", value, |r, item| r.diagram.boundaries.push(item)),
            "contexts" => self.list(d, "contexts", value, |r, item| r.diagram.contexts.push(item)),
            "connections" => self.list(d, "connections", value, |r, item| r.diagram.connections.push(item)),
            "notes" => self.list(d, "notes", value, |r, item| r.diagram.notes.push(item)),
            "threats" => self.list(d, "threats", value, |r, item| r.diagram.threats.push(item)),
            "triage" => self.entries(d, "triage", value, |r, key, item| {
                r.diagram.triage.insert(key.to_owned(), item);
                true
            }),
            "layout" => self.layout(d, value),
            _ => {
                d.problem(&path, format!("unknown field \"{key}\" (kept as it is)"));
                self.keep(path, Place::Field(key.to_owned()), value);
            }
        }
    }

    fn list<T: FromJson>(
        &mut self,
        d: &mut Decoder,
        list: &'static str,
        value: &Value,
        mut push: impl FnMut(&mut Self, T),
    ) {
        let path = child("$", list);
        let Value::Array(items) = value else {
            if !value.is_null() {
                d.problem(&path, "expected an array (kept as it is)");
                self.keep(path, Place::Field(list.to_owned()), value);
            }
            return;
        };
        let mut positions = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = format!("{path}[{i}]");
            match clean::<T>(d, &at, item) {
                Some(decoded) => {
                    push(self, decoded);
                    positions.push(i);
                }
                None => self.keep(at, Place::Item(list.to_owned()), item),
            }
        }
        self.positions.lists.push((list, positions));
    }

    /// Decodes a map entry by entry; `insert` returns false when the key itself is not acceptable.
    fn entries<T: FromJson>(
        &mut self,
        d: &mut Decoder,
        map_name: &str,
        value: &Value,
        mut insert: impl FnMut(&mut Self, &str, T) -> bool,
    ) {
        let path = format!("$.{map_name}");
        let Value::Object(map) = value else {
            if !value.is_null() {
                d.problem(&path, "expected an object (kept as it is)");
                self.keep(path, Place::Field(map_name.to_owned()), value);
            }
            return;
        };
        for (key, item) in map {
            let at = child(&path, key);
            let place = Place::Entry { map: map_name.to_owned(), key: key.clone() };
            match clean::<T>(d, &at, item) {
                Some(decoded) => {
                    if !insert(self, key, decoded) {
                        d.problem(&at, format!("\"{key}\" is not a valid id (kept as it is)"));
                        self.keep(at, place, item);
                    }
                }
                None => self.keep(at, place, item),
            }
        }
    }

    fn layout(&mut self, d: &mut Decoder, value: &Value) {
        let Value::Object(sections) = value else {
            if !value.is_null() {
                d.problem("$.layout", "expected an object (kept as it is)");
                self.keep("$.layout".to_owned(), Place::Field("layout".to_owned()), value);
            }
            return;
        };
        let id = |key: &str| Id::new(key).ok();
        for (section, entries) in sections {
            let map_name = format!("layout.{section}");
            match section.as_str() {
                "components" => self.entries(d, &map_name, entries, |r, key, rect| {
                    id(key).map(|id| r.diagram.layout.components.insert(id, rect)).is_some()
                }),
                "boundaries" => self.entries(d, &map_name, entries, |r, key, rect| {
                    id(key).map(|id| r.diagram.layout.boundaries.insert(id, rect)).is_some()
                }),
                "contexts" => self.entries(d, &map_name, entries, |r, key, rect| {
                    id(key).map(|id| r.diagram.layout.contexts.insert(id, rect)).is_some()
                }),
                "notes" => self.entries(d, &map_name, entries, |r, key, rect| {
                    id(key).map(|id| r.diagram.layout.notes.insert(id, rect)).is_some()
                }),
                "flows" => self.entries(d, &map_name, entries, |r, key, route| {
                    id(key).map(|id| r.diagram.layout.flows.insert(id, route)).is_some()
                }),
                _ => {
                    let path = child("$.layout", section);
                    d.problem(&path, format!("unknown layout section \"{section}\" (kept as it is)"));
                    self.keep(path, Place::Entry { map: "layout".to_owned(), key: section.clone() }, entries);
                }
            }
        }
    }
}

/// The document `diagram` saves to, with its unreadable parts put back where they were.
pub(crate) fn with_unreadable(document: &mut Value, unreadable: &[Unreadable]) {
    let Value::Object(top) = document else { return };
    for part in unreadable {
        match &part.place {
            Place::Field(key) => {
                top.insert(key.clone(), part.value.clone());
            }
            Place::Item(list) => {
                let entry = top.entry(list.clone()).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = entry {
                    items.push(part.value.clone());
                }
            }
            Place::Entry { map, key } => {
                if let Some(target) = object_at(top, map) {
                    target.insert(key.clone(), part.value.clone());
                }
            }
        }
    }
}

/// The object at a dotted path below `top` (`layout.components`), created where missing; `None` when something
/// that is not an object is in the way.
fn object_at<'m>(top: &'m mut Map<String, Value>, dotted: &str) -> Option<&'m mut Map<String, Value>> {
    let mut target = top;
    for segment in dotted.split('.') {
        let next = target.entry(segment.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        target = next.as_object_mut()?;
    }
    Some(target)
}

/// Whether `path` is `part` or lies below it (`$.components[1].kind` is below `$.components[1]`, while
/// `$.components[12]` is not).
fn within(path: &str, part: &str) -> bool {
    path.strip_prefix(part).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn a_path_lies_within_its_own_part_only() {
        assert!(within("$.components[1]", "$.components[1]"));
        assert!(within("$.components[1].kind", "$.components[1]"));
        assert!(within("$.components[1][\"x\"]", "$.components[1]"));
        assert!(!within("$.components[12].kind", "$.components[1]"));
    }
}
