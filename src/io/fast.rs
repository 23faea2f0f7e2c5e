//! The loader's fast path: the document decoded straight from the bytes, with no JSON value tree and no paths.
//!
//! It accepts only documents the full decoder ([`crate::io::decode_model`]) would read without a single problem, and
//! decodes them to the same [`Diagram`]; on anything else (a problem of any kind, but also anything merely unusual,
//! such as `null` for a list) it gives up without saying why, and the loader runs the full decoder, which finds and
//! words every problem with its path. So paths are built only when there is a problem to report, and the wording of
//! every message has one source. The two decoders agree field by field: `tests/fast_load.rs` compares them on every
//! file of the test suite and on generated diagrams.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};

use crate::io::{FORMAT, VERSION};
use crate::model::component::Component;
use crate::model::connection::Connection;
use crate::model::diagram::Diagram;
use crate::model::flow::Flow;
use crate::model::group::{Boundary, Context};
use crate::model::id::Id;
use crate::model::layout::{FlowLayout, Layout, Point, Rect};
use crate::model::named::Named;
use crate::model::note::Note;
use crate::model::props::*;
use crate::model::settings::{Date, RuleSettings, Settings};
use crate::model::threat::Threat;
use crate::model::triage::{Triage, TriageStatus};

/// The diagram in `bytes` (JSON without a byte-order mark), or `None` when the full decoder must look at it. The
/// bytes are checked as UTF-8 once, as a whole: read from bytes, the JSON reader would check every string again.
pub(crate) fn diagram(bytes: &[u8]) -> Option<Diagram> {
    let text = std::str::from_utf8(bytes).ok()?;
    serde_json::from_str::<Fast<Diagram>>(text).ok().map(|fast| fast.0)
}

/// Values read the strict way; an error only means "not on the fast path" and is never shown.
trait FastRead<'de>: Sized {
    fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// A [`FastRead`] value where serde wants a `Deserialize` one.
struct Fast<T>(T);

impl<'de, T: FastRead<'de>> Deserialize<'de> for Fast<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::fast_read(deserializer).map(Fast)
    }
}

/// Gives up: the full decoder will say what is wrong.
fn give_up<E: de::Error>() -> E {
    E::custom("not on the fast path")
}

/// An object key, borrowed from the input when it has no escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(text) => text,
            Key::Owned(text) => text,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(text))
            }
            fn visit_str<E>(self, text: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(text.to_owned()))
            }
            fn visit_string<E>(self, text: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(text))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads a string and converts it; the conversion failing means "not on the fast path".
fn from_str<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    convert: impl FnOnce(&str) -> Option<T>,
) -> Result<T, D::Error> {
    let key = Key::deserialize(deserializer)?;
    convert(key.as_str()).ok_or_else(give_up)
}

impl<'de> FastRead<'de> for String {
    fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)
    }
}

impl<'de> FastRead<'de> for bool {
    fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        bool::deserialize(deserializer)
    }
}

/// Any JSON number (the parser refuses numbers too large for an `f64`, so every one is finite).
impl<'de> FastRead<'de> for f64 {
    fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        f64::deserialize(deserializer)
    }
}

/// A whole number written without a decimal point, 0 to 255.
impl<'de> FastRead<'de> for u8 {
    fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        u8::deserialize(deserializer)
    }
}

impl<'de, T: Named> FastRead<'de> for T {
    fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_str(deserializer, T::parse)
    }
}

impl<'de> FastRead<'de> for Id {
    fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_str(deserializer, |text| Id::new(text).ok())
    }
}

impl<'de> FastRead<'de> for Date {
    fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_str(deserializer, |text| Date::parse(text).ok())
    }
}

/// Arrays only (an object or `null` where a list belongs is for the full decoder).
impl<'de, T> FastRead<'de> for Vec<T>
where
    T: FastRead<'de>,
{
    fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<Fast<T>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| item.0).collect())
    }
}

/// `[x, y]`, exactly two numbers.
impl<'de> FastRead<'de> for Point {
    fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (Fast(x), Fast(y)) = <(Fast<f64>, Fast<f64>)>::deserialize(deserializer)?;
        Ok(Point { x, y })
    }
}

/// Map keys: what the full decoder's `map_of` accepts as a key.
trait MapKey: Ord + Sized {
    fn from_key(text: &str) -> Option<Self>;
}

impl MapKey for String {
    fn from_key(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

impl MapKey for Id {
    fn from_key(text: &str) -> Option<Self> {
        Id::new(text).ok()
    }
}

/// An object of entries, or `null` for none (as `map_of` reads it); a key twice gives up.
impl<'de, K: MapKey, V> FastRead<'de> for BTreeMap<K, V>
where
    V: FastRead<'de>,
{
    fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(PhantomData<(K, V)>);
        impl<'de, K: MapKey, V> Visitor<'de> for Entries<K, V>
        where
            V: FastRead<'de>,
        {
            type Value = BTreeMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(BTreeMap::new())
            }
            fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
                deserializer.deserialize_map(self)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let key = K::from_key(key.as_str()).ok_or_else(give_up)?;
                    let Fast(value) = map.next_value::<Fast<V>>()?;
                    if out.insert(key, value).is_some() {
                        return Err(give_up());
                    }
                }
                Ok(out)
            }
        }
        deserializer.deserialize_option(Entries::<K, V>(PhantomData))
    }
}

/// The header fields: `"format": "trustmap"` and a version this build reads (the full decoder words the rest).
struct Header;

impl<'de> DeserializeSeed<'de> for Header {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        struct HeaderVisitor;
        impl Visitor<'_> for HeaderVisitor {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a format or version")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
                if text == FORMAT { Ok(()) } else { Err(give_up()) }
            }
            fn visit_u64<E: de::Error>(self, number: u64) -> Result<(), E> {
                if (1..=VERSION).contains(&number) { Ok(()) } else { Err(give_up()) }
            }
        }
        deserializer.deserialize_any(HeaderVisitor)
    }
}

/// The empty slot for a field of type `T` (the accessor only names the type, so each slot's type is known before
/// its value is read).
fn slot<S, T>(_field: impl Fn(&S) -> &T) -> Option<T> {
    None
}

/// The empty slot for a field of type `T` that may be written as `null`.
fn nullable_slot<S, T>(_field: impl Fn(&S) -> &T) -> Option<Option<T>> {
    None
}

/// Reads a field's value into its slot; a second value for the same field (a key twice) gives up.
fn read<'de, A: MapAccess<'de>, T>(map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error>
where
    T: FastRead<'de>,
{
    if slot.is_some() {
        return Err(give_up());
    }
    *slot = Some(map.next_value::<Fast<T>>()?.0);
    Ok(())
}

/// [`read`] for a value that may be `null`.
fn read_nullable<'de, A: MapAccess<'de>, T>(map: &mut A, slot: &mut Option<Option<T>>) -> Result<(), A::Error>
where
    T: FastRead<'de>,
{
    if slot.is_some() {
        return Err(give_up());
    }
    *slot = Some(map.next_value::<Option<Fast<T>>>()?.map(|fast| fast.0));
    Ok(())
}

/// A struct read from an object field by field, each field in one of these ways (the full decoder's):
/// - `req`: must be present (`Obj::req`);
/// - `opt`: may be absent or `null` (`Obj::opt`), for `Option` fields;
/// - `def`: may be absent or `null`, then the default (`Obj::or_default`);
/// - `or(EXPR)`: may be absent or `null`, then `EXPR` (`Obj::opt(..).unwrap_or(EXPR)`).
///
/// After the fields, `; field = EXPR` sets fields that are not in the file, and `header` names keys that must be
/// present and are checked by [`Header`].
macro_rules! fast_struct {
    (
        $ty:ident { $( $field:ident : $how:ident $( ($default:expr) )? ),* $(,)? }
        $( ; $( $extra:ident = $value:expr ),* )?
        $( ; header $( $header:ident ),* )?
    ) => {
        impl<'de> FastRead<'de> for $ty {
            fn fast_read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> Visitor<'de> for Fields {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $( let mut $field = fast_struct!(@slot $how $ty $field); )*
                        $( $( let mut $header = false; )* )?
                        while let Some(key) = map.next_key::<Key<'de>>()? {
                            match key.as_str() {
                                $( stringify!($field) => {
                                    fast_struct!(@read $how map $field);
                                } )*
                                $( $( stringify!($header) => {
                                    if $header {
                                        return Err(give_up());
                                    }
                                    $header = true;
                                    map.next_value_seed(Header)?;
                                } )* )?
                                _ => return Err(give_up()),
                            }
                        }
                        $( $( if !$header {
                            return Err(give_up());
                        } )* )?
                        Ok($ty {
                            $( $field: fast_struct!(@finish $how $field $( $default )?), )*
                            $( $( $extra: $value, )* )?
                        })
                    }
                }
                deserializer.deserialize_map(Fields)
            }
        }
    };
    (@slot req $ty:ident $field:ident) => { slot(|s: &$ty| &s.$field) };
    (@slot opt $ty:ident $field:ident) => { slot(|s: &$ty| &s.$field) };
    (@slot def $ty:ident $field:ident) => { nullable_slot(|s: &$ty| &s.$field) };
    (@slot or $ty:ident $field:ident) => { nullable_slot(|s: &$ty| &s.$field) };
    (@read req $map:ident $field:ident) => { read(&mut $map, &mut $field)? };
    (@read opt $map:ident $field:ident) => { read_nullable(&mut $map, &mut $field)? };
    (@read def $map:ident $field:ident) => { read_nullable(&mut $map, &mut $field)? };
    (@read or $map:ident $field:ident) => { read_nullable(&mut $map, &mut $field)? };
    (@finish req $field:ident) => { $field.ok_or_else(give_up)? };
    (@finish def $field:ident) => { $field.flatten().unwrap_or_default() };
    (@finish opt $field:ident) => { $field.flatten() };
    (@finish or $field:ident $default:expr) => { $field.flatten().unwrap_or($default) };
}

fast_struct!(Component {
    id: req,
    kind: req,
    name: req,
    description: def,
    source: def,
    parent: opt,
    role: opt,
    protects: def,
    covers: def,
    credentials_for: def,
    images: def,
    subnets: def,
    execution_role: opt,
    properties: def,
});

macro_rules! fast_properties {
    ( $( $(#[$doc:meta])* $variant:ident $field:ident : $ty:ty { $($spec:tt)* } )+ ) => {
        fast_struct!(Properties { $( $field: opt, )+ });
    };
}

crate::model::props::with_properties!(fast_properties);

fast_struct!(DataProfile { classification: req, confidentiality: opt, integrity: opt, availability: opt });
fast_struct!(InstanceMetadata { imdsv2_required: req, hop_limit: req });
fast_struct!(ServiceAccount { automount_token: req, permissions: def });
fast_struct!(ResourcePolicy { any_principal: req, source_condition: req });
fast_struct!(Permission { actions: req, resources: req, conditions: def });
fast_struct!(PolicyTemplate { name: req, resource: opt });

fast_struct!(Flow {
    id: req,
    from: req,
    to: req,
    pattern: req,
    protocol: opt,
    authentication: opt,
    credential: opt,
    authorization: opt,
    encrypted: opt,
    data: opt,
    label: def,
});

fast_struct!(Boundary { id: req, kind: req, name: req, description: def, members: def });
fast_struct!(Context { id: req, name: req, description: def, members: def });
fast_struct!(Connection { id: req, kind: req, from: req, to: req, label: def });
fast_struct!(RuleSettings { enabled: opt, thresholds: def });
fast_struct!(Settings {
    title: or(Settings::default().title),
    description: def,
    posture: or(Settings::default().posture),
    as_of: opt,
    rules: def,
});
fast_struct!(Triage { status: req, note: def });
fast_struct!(Rect { x: req, y: req, w: req, h: req });
fast_struct!(FlowLayout { waypoints: def, label: opt });
fast_struct!(Layout { components: def, boundaries: def, contexts: def, notes: def, flows: def });
fast_struct!(Note { id: req, text: req, attached_to: opt });
fast_struct!(Threat {
    id: req,
    element: req,
    title: req,
    description: def,
    cia: def,
    stride: def,
    likelihood: req,
    impact: req,
    mitigation: def,
    status: or(TriageStatus::Open),
});
fast_struct!(Diagram {
    settings: or(Settings::default()),
    components: req,
    flows: def,
    boundaries: def,
    contexts: def,
    connections: def,
    notes: def,
    threats: def,
    triage: def,
    layout: or(Layout::default()),
}; unreadable = Vec::new(); header format, version);

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::io::load::parse_diagram_fully;

    /// The fast path reads `text` exactly as the full decoder does, or leaves it to the full decoder.
    fn agrees(text: &str) -> bool {
        let fast = diagram(text.as_bytes());
        let full = parse_diagram_fully(text.as_bytes());
        match &fast {
            Some(fast) => {
                assert_eq!(
                    full.as_ref(),
                    Ok(fast),
                    "the fast path read what the full decoder reads otherwise:\n{text}"
                );
            }
            None => assert!(full.is_err(), "the fast path gave up on a file without problems:\n{text}"),
        }
        fast.is_some()
    }

    /// Every object in `value`, by path of keys and indices.
    fn objects(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match value {
            Value::Object(map) => {
                out.push(at.clone());
                for (key, item) in map {
                    at.push(Step::Key(key.clone()));
                    objects(item, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    at.push(Step::Index(i));
                    objects(item, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }

    #[derive(Clone)]
    enum Step {
        Key(String),
        Index(usize),
    }

    /// Where an object sits, with indices and map keys (ids, finding ids, rule ids) left out.
    fn place_of(path: &[Step]) -> Vec<&str> {
        let maps = ["components", "flows", "boundaries", "contexts", "notes", "triage", "rules", "thresholds"];
        let mut place = Vec::new();
        let mut previous = None;
        for step in path {
            let shown = match step {
                Step::Key(_) if previous.is_some_and(|key| maps.contains(&key)) => "{}",
                Step::Key(key) => key.as_str(),
                Step::Index(_) => "[]",
            };
            previous = if let Step::Key(key) = step { Some(key.as_str()) } else { None };
            place.push(shown);
        }
        place
    }

    fn object_at<'v>(value: &'v mut Value, path: &[Step]) -> &'v mut serde_json::Map<String, Value> {
        let mut here = value;
        for step in path {
            here = match step {
                Step::Key(key) => &mut here[key.as_str()],
                Step::Index(i) => &mut here[*i],
            };
        }
        here.as_object_mut().unwrap()
    }

    /// Map keys in any order read as the full decoder reads them; a key twice is left to the full decoder, which
    /// names it.
    #[test]
    fn map_keys_in_any_order_and_a_key_twice() {
        let with_layout = |entries: &str| {
            format!(
                r#"{{"format": "trustmap", "version": 1, "components": [
                    {{"id": "a", "kind": "lambda", "name": "A"}}, {{"id": "b", "kind": "lambda", "name": "B"}},
                    {{"id": "c", "kind": "lambda", "name": "C"}}],
                  "layout": {{"components": {{{entries}}}}}}}"#
            )
        };
        let rect = |x: u32| format!(r#"{{"x": {x}, "y": 0, "w": 10, "h": 10}}"#);
        let sorted = with_layout(&format!(r#""a": {}, "b": {}, "c": {}"#, rect(1), rect(2), rect(3)));
        let shuffled = with_layout(&format!(r#""c": {}, "a": {}, "b": {}"#, rect(3), rect(1), rect(2)));
        assert!(agrees(&sorted) && agrees(&shuffled));
        assert_eq!(diagram(sorted.as_bytes()), diagram(shuffled.as_bytes()));
        for twice in [
            format!(r#""a": {}, "b": {}, "a": {}"#, rect(1), rect(2), rect(3)),
            format!(r#""a": {}, "a": {}, "b": {}"#, rect(1), rect(2), rect(3)),
        ] {
            assert!(!agrees(&with_layout(&twice)), "{twice}");
        }
    }

    #[test]
    fn every_sample_takes_the_fast_path() {
        for sample in crate::io::samples::all() {
            assert!(agrees(sample.json), "{}", sample.file);
        }
    }

    /// Every field of every object of every sample removed, set to `null` or to a value of each other JSON type,
    /// and an unknown field added: the fast path either reads the result as the full decoder does, or leaves it
    /// to the full decoder (which then finds a problem).
    #[test]
    fn mutated_samples_agree_with_the_full_decoder() {
        let replacements =
            [Value::Null, Value::from(0), Value::from(2.5), Value::from(300), Value::from("x"), Value::Bool(true)];
        let (mut fast, mut full) = (0, 0);
        let mut shapes = std::collections::BTreeSet::new();
        // Smallest first, so each shape is mutated in the smallest document that has it.
        let mut samples: Vec<&str> = crate::io::samples::all().iter().map(|sample| sample.json).collect();
        samples.sort_by_key(|json| json.len());
        for json in samples {
            let original: Value = serde_json::from_str(json).unwrap();
            let mut paths = Vec::new();
            objects(&original, &mut Vec::new(), &mut paths);
            for path in paths {
                let keys: Vec<String> = {
                    let mut copy = original.clone();
                    object_at(&mut copy, &path).keys().cloned().collect()
                };
                // Each field at each place once is enough, and keeps this quick.
                let place = place_of(&path);
                let mut variants = Vec::new();
                if shapes.insert(format!("{place:?}")) {
                    let mut extra = original.clone();
                    object_at(&mut extra, &path).insert("unknown_field".into(), Value::Null);
                    variants.push(extra);
                }
                for key in &keys {
                    if !shapes.insert(format!("{place:?} {key}")) {
                        continue;
                    }
                    let mut removed = original.clone();
                    object_at(&mut removed, &path).remove(key);
                    variants.push(removed);
                    let current = object_at(&mut original.clone(), &path)[key].clone();
                    let structured = [Value::Array(vec![current.clone()]), serde_json::json!({ "x": current })];
                    for replacement in replacements.iter().chain(&structured) {
                        let mut changed = original.clone();
                        object_at(&mut changed, &path).insert(key.clone(), replacement.clone());
                        variants.push(changed);
                    }
                }
                for variant in variants {
                    if agrees(&variant.to_string()) {
                        fast += 1;
                    } else {
                        full += 1;
                    }
                }
            }
        }
        // Both ways were taken many times (a mutation that keeps the file readable, such as dropping an optional
        // field, stays on the fast path).
        assert!(fast > 100 && full > 100, "fast {fast}, full {full}");
    }

    #[test]
    fn odd_documents_are_left_to_the_full_decoder() {
        let sample = crate::io::samples::all()[0].json;
        let body = sample.trim_start().strip_prefix('{').unwrap();
        let texts = [
            // A key twice, at the top and in a map.
            format!("{{\"format\": \"trustmap\", {body}"),
            r#"{"format": "trustmap", "version": 2, "components": [], "triage": {"a": {"status": "accepted"}, "a": {"status": "accepted"}}}"#.to_owned(),
            // Headers the full decoder words.
            r#"{"format": "other", "version": 2, "components": []}"#.to_owned(),
            r#"{"format": "trustmap", "version": 6, "components": []}"#.to_owned(),
            r#"{"format": "trustmap", "version": 2.0, "components": []}"#.to_owned(),
            r#"{"format": "trustmap", "components": []}"#.to_owned(),
            r#"{"version": 2, "components": []}"#.to_owned(),
            // Shapes: an array for an object, a point of three numbers, a bad id as a map key.
            r#"["format", "trustmap"]"#.to_owned(),
            r#"{"format": "trustmap", "version": 2, "components": [], "layout": {"flows": {"f": {"waypoints": [[1, 2, 3]]}}}}"#.to_owned(),
            r#"{"format": "trustmap", "version": 2, "components": [], "layout": {"components": {"a b": {"x": 1, "y": 1, "w": 1, "h": 1}}}}"#.to_owned(),
        ];
        for text in &texts {
            assert!(!agrees(text), "{text}");
        }
        // Null for maps and lists, and a minimal document, stay on the fast path.
        let fine = r#"{"format": "trustmap", "version": 1, "components": [], "flows": null, "triage": null, "layout": {"flows": null}}"#;
        assert!(agrees(fine));
    }
}
