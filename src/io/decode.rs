//! A small decoder from `serde_json::Value` that keeps going after a problem, so a load reports **every**
//! problem at once, each with its JSON path. Unknown fields are problems too, with a "did you mean".
//!
//! Leaf values and named enums decode here; `decode_model` decodes the document's own types with it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::model::named::{CLIP_CHARS, Named, clip, did_you_mean, position, unknown_among};
use crate::model::problem::{Problem, Problems};

/// Collects problems while decoding.
#[derive(Default)]
pub(crate) struct Decoder {
    pub problems: Problems,
    /// Decoding stopped early because the problem list was full, so the rest of the document was never looked at.
    stopped: bool,
}

/// Types that can be decoded from JSON at a path, reporting problems to the decoder.
pub(crate) trait FromJson: Sized {
    /// The value, or `None` after recording why not.
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self>;
}

/// `path.key`, or `path["key"]` when the key is not a plain word (clipped when it is long: paths reach the
/// terminal).
pub(crate) fn child(path: &str, key: &str) -> String {
    if !key.is_empty()
        && key.len() <= CLIP_CHARS
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", serde_json::to_string(&clip(key)).unwrap_or_default())
    }
}

/// What a JSON value is, for "expected X, found Y" messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Decoder {
    /// Records a problem.
    pub fn problem(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(path, message);
    }

    /// Whether the problem list is full; then decoding stops, and the summary line says the count is unknown.
    pub fn should_stop(&mut self) -> bool {
        if self.problems.is_full() {
            self.stopped = true;
        }
        self.stopped
    }

    /// The problems, ending with a summary line when some were left out.
    pub fn into_problems(self) -> Vec<Problem> {
        let mut list = self.problems.into_vec();
        if self.stopped {
            // `Problems` counts only what was pushed after it filled up; decoding stopped there, so the true number
            // of further problems is unknown. Say so instead of printing a count that is too small.
            list.truncate(Problems::LIMIT);
            list.push(Problem::new(
                "$",
                format!("... reading stopped at {} problems; the rest of the file was not checked", Problems::LIMIT),
            ));
        }
        list
    }

    fn expected(&mut self, path: &str, what: &str, value: &Value) {
        self.problem(path, format!("expected {what}, found {}", type_name(value)));
    }

    /// Opens an object for field-by-field decoding; call [`Obj::finish`] when done to report unknown fields.
    pub fn object<'v>(&mut self, path: &str, value: &'v Value) -> Option<Obj<'v>> {
        if let Value::Object(map) = value {
            Some(Obj { path: path.to_owned(), map, asked: Vec::new() })
        } else {
            self.expected(path, "an object", value);
            None
        }
    }
}

/// An object being decoded. Remembers which fields were asked for, so the rest are reported as unknown.
pub(crate) struct Obj<'v> {
    path: String,
    map: &'v Map<String, Value>,
    asked: Vec<&'static str>,
}

impl<'v> Obj<'v> {
    /// The path of a field.
    pub fn path_of(&self, key: &str) -> String {
        child(&self.path, key)
    }

    /// The raw value of a field, if present.
    pub fn raw(&mut self, key: &'static str) -> Option<&'v Value> {
        self.asked.push(key);
        self.map.get(key)
    }

    /// A field that must be present.
    pub fn req<T: FromJson>(&mut self, d: &mut Decoder, key: &'static str) -> Option<T> {
        match self.raw(key) {
            Some(value) => T::from_json(d, &self.path_of(key), value),
            None => {
                d.problem(&self.path, format!("missing required field \"{key}\""));
                None
            }
        }
    }

    /// A field that may be absent or null.
    pub fn opt<T: FromJson>(&mut self, d: &mut Decoder, key: &'static str) -> Option<T> {
        match self.raw(key) {
            Some(Value::Null) | None => None,
            Some(value) => T::from_json(d, &self.path_of(key), value),
        }
    }

    /// A field that may be absent, with a default then.
    pub fn or_default<T: FromJson + Default>(&mut self, d: &mut Decoder, key: &'static str) -> T {
        self.opt(d, key).unwrap_or_default()
    }

    /// Reports every field that was never asked for.
    pub fn finish(self, d: &mut Decoder) {
        for key in self.map.keys() {
            if self.asked.contains(&key.as_str()) {
                continue;
            }
            let shown = clip(key);
            let message = match did_you_mean(key, &self.asked) {
                Some(best) => format!("unknown field \"{shown}\" (did you mean \"{best}\"?)"),
                None => {
                    let mut known = self.asked.clone();
                    crate::sorting::sort(&mut known);
                    format!("unknown field \"{shown}\" (known fields: {})", known.join(", "))
                }
            };
            d.problem(&child(&self.path, key), message);
        }
    }
}

impl FromJson for String {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        match value {
            Value::String(text) => Some(text.clone()),
            other => {
                d.expected(path, "a string", other);
                None
            }
        }
    }
}

impl FromJson for bool {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        match value {
            Value::Bool(flag) => Some(*flag),
            other => {
                d.expected(path, "true or false", other);
                None
            }
        }
    }
}

impl FromJson for f64 {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        match value.as_f64() {
            Some(number) if number.is_finite() => Some(number),
            Some(number) => {
                d.problem(path, format!("{number} is not a finite number"));
                None
            }
            None => {
                d.expected(path, "a number", value);
                None
            }
        }
    }
}

/// Whole numbers of a small range (the only one is an instance-metadata hop limit, 1 to 64, which validation checks):
/// the messages name no range of their own, so they cannot contradict the field's.
impl FromJson for u8 {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        match value.as_u64() {
            Some(number) => match Self::try_from(number) {
                Ok(small) => Some(small),
                Err(_) => {
                    d.problem(path, format!("{number} is too large"));
                    None
                }
            },
            None => {
                d.expected(path, "a whole number (written without a decimal point)", value);
                None
            }
        }
    }
}

impl<T: Named> FromJson for T {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        named_position(d, path, value, T::WHAT, T::TEXTS).map(|at| T::ALL[at])
    }
}

/// Where a named value's spelling is among `spellings` (of the set called `what`), or `None` after recording why
/// not. The work of every named set's `from_json`, not generic so that it is compiled once.
fn named_position(d: &mut Decoder, path: &str, value: &Value, what: &str, spellings: &[&str]) -> Option<usize> {
    match value {
        Value::String(text) => {
            let parsed = position(spellings, text);
            if parsed.is_none() {
                d.problem(path, unknown_among(what, spellings, text));
            }
            parsed
        }
        other => {
            d.expected(path, &format!("a {what} (a string)"), other);
            None
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(d: &mut Decoder, path: &str, value: &Value) -> Option<Self> {
        let Value::Array(items) = value else {
            d.expected(path, "an array", value);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut complete = true;
        for (i, item) in items.iter().enumerate() {
            if d.should_stop() {
                return None;
            }
            match T::from_json(d, &format!("{path}[{i}]"), item) {
                Some(decoded) => out.push(decoded),
                None => complete = false,
            }
        }
        complete.then_some(out)
    }
}

/// Decodes an object whose keys are decoded by `key` (e.g. ids) and values by `T`. Every such map is an optional
/// field, so `null` is the empty map: the format says `null` means "not set" for any optional field.
pub(crate) fn map_of<K: Ord, T: FromJson>(
    d: &mut Decoder,
    path: &str,
    value: &Value,
    key: impl Fn(&str) -> Result<K, String>,
) -> Option<BTreeMap<K, T>> {
    let map = match value {
        Value::Object(map) => map,
        Value::Null => return Some(BTreeMap::new()),
        other => {
            d.expected(path, "an object", other);
            return None;
        }
    };
    let mut out = BTreeMap::new();
    let mut complete = true;
    for (name, item) in map {
        if d.should_stop() {
            return None;
        }
        let at = child(path, name);
        let decoded_key = key(name).map_err(|why| d.problem(&at, why)).ok();
        let decoded = T::from_json(d, &at, item);
        match (decoded_key, decoded) {
            (Some(k), Some(v)) => {
                out.insert(k, v);
            }
            _ => complete = false,
        }
    }
    complete.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kind::ComponentKind;

    #[test]
    fn paths_quote_odd_keys() {
        assert_eq!(child("$", "components"), "$.components");
        assert_eq!(child("$.layout", "db.primary"), "$.layout[\"db.primary\"]");
    }

    #[test]
    fn unknown_fields_and_wrong_types_are_all_reported() {
        let value: Value = serde_json::json!({"nmae": "x", "flag": 3, "kind": "lamda"});
        let mut d = Decoder::default();
        let mut o = d.object("$", &value).unwrap();
        let name: Option<String> = o.req(&mut d, "name");
        let flag: Option<bool> = o.opt(&mut d, "flag");
        let kind: Option<ComponentKind> = o.req(&mut d, "kind");
        o.finish(&mut d);
        assert!(name.is_none() && flag.is_none() && kind.is_none());
        let problems: Vec<String> = d.problems.into_vec().iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            vec![
                "$: missing required field \"name\"",
                "$.flag: expected true or false, found a number",
                "$.kind: unknown kind \"lamda\" (did you mean \"lambda\"?)",
                "$.nmae: unknown field \"nmae\" (did you mean \"name\"?)",
            ]
        );
    }

    #[test]
    fn a_full_list_stops_decoding_and_says_so() {
        let value = Value::Array(vec![Value::Null; Problems::LIMIT + 10]);
        let mut d = Decoder::default();
        let decoded: Option<Vec<bool>> = FromJson::from_json(&mut d, "$.a", &value);
        assert!(decoded.is_none());
        let problems = d.into_problems();
        assert_eq!(problems.len(), Problems::LIMIT + 1);
        assert_eq!(problems[Problems::LIMIT - 1].path, format!("$.a[{}]", Problems::LIMIT - 1));
        assert_eq!(
            problems[Problems::LIMIT].to_string(),
            "$: ... reading stopped at 500 problems; the rest of the file was not checked"
        );
    }

    #[test]
    fn exactly_a_full_list_needs_no_summary() {
        let value = Value::Array(vec![Value::Null; Problems::LIMIT]);
        let mut d = Decoder::default();
        let _: Option<Vec<bool>> = FromJson::from_json(&mut d, "$.a", &value);
        assert_eq!(d.into_problems().len(), Problems::LIMIT);
    }

    #[test]
    fn arrays_report_each_bad_item() {
        let value: Value = serde_json::json!([true, "x", false, 1]);
        let mut d = Decoder::default();
        let decoded: Option<Vec<bool>> = FromJson::from_json(&mut d, "$.a", &value);
        assert!(decoded.is_none());
        let problems = d.problems.into_vec();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].path, "$.a[1]");
        assert_eq!(problems[1].path, "$.a[3]");
    }
}
