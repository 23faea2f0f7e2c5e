//! The reference tables of `docs/file-format.md`, generated from the registries (component fields, kinds,
//! properties, flow fields), so the documentation cannot drift from what the loader accepts: a test compares the
//! committed document with these tables.

use std::fmt::Write as _;

use crate::model::catalog;
use crate::model::fields::{COMPONENT_FIELDS, FLOW_FIELDS, FieldSpec, NOTE_FIELDS, THREAT_FIELDS};
use crate::model::named::Named as _;
use crate::model::props::{self, PropertyKey};

/// The generated tables, by the name of their marker in the document (`<!-- generated: NAME -->`).
pub fn tables() -> Vec<(&'static str, String)> {
    vec![
        ("component-fields", fields_table(COMPONENT_FIELDS, true)),
        ("kinds", kinds_table()),
        ("properties", properties_table()),
        ("flow-fields", fields_table(FLOW_FIELDS, false)),
        ("note-fields", fields_table(NOTE_FIELDS, false)),
        ("threat-fields", fields_table(THREAT_FIELDS, false)),
    ]
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn fields_table(fields: &[FieldSpec], with_properties: bool) -> String {
    let mut out = String::from("| field | required | type | meaning |\n|---|---|---|---|\n");
    for field in fields {
        let required = if field.required { "yes" } else { "no" };
        let _ = writeln!(
            out,
            "| `{}` | {required} | {} | {} |",
            field.name,
            cell(&field.value.describe()),
            cell(field.help)
        );
    }
    if with_properties {
        out.push_str(
            "| `properties` | no | object | security properties (see [Properties](#properties)); a property that \
             does not apply to the kind is an error that says where it belongs |\n",
        );
    }
    out
}

fn kinds_table() -> String {
    let mut out = String::from(
        "| kind | sits in | trust boundary | links | properties | defaults |\n|---|---|---|---|---|---|\n",
    );
    for entry in catalog::all() {
        let mut places: Vec<&str> = Vec::new();
        if entry.top_level {
            places.push("top level");
        }
        places.extend(entry.parents.iter().map(|p| p.as_str()));
        let links: Vec<String> = COMPONENT_FIELDS
            .iter()
            .filter(|f| f.link && crate::model::fields::link_allowed(entry.kind, f.name))
            .map(|f| format!("`{}`", f.name))
            .collect();
        let properties: Vec<String> = PropertyKey::ALL
            .iter()
            .filter(|key| entry.properties.contains(key))
            .map(|key| format!("`{key}`"))
            .collect();
        let defaults = (entry.defaults)();
        let defaults: Vec<String> = defaults
            .set_keys()
            .into_iter()
            .filter_map(|key| defaults.get_json(key).map(|value| format!("`{key}: {value}`")))
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            entry.kind,
            places.join(", "),
            if entry.trust_boundary { "yes" } else { "" },
            links.join(", "),
            if properties.is_empty() { "none".to_owned() } else { properties.join(", ") },
            cell(&defaults.join(", ")),
        );
    }
    out
}

fn properties_table() -> String {
    let mut out = String::from("| property | type | kinds | meaning |\n|---|---|---|---|\n");
    for spec in props::properties() {
        let kinds: Vec<&str> = spec.kinds().iter().map(|k| k.as_str()).collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            spec.name(),
            cell(&spec.value.describe()),
            kinds.join(", "),
            cell(spec.help)
        );
        for field in object_fields(spec.value) {
            let _ = writeln!(
                out,
                "| `{}.{}` | {}{} | | {} |",
                spec.name(),
                field.name,
                cell(&field.value.describe()),
                if field.required { ", required" } else { "" },
                cell(field.help)
            );
        }
    }
    out
}

fn object_fields(value: props::ValueType) -> &'static [props::Field] {
    match value {
        props::ValueType::Object(fields) | props::ValueType::ObjectList(fields) => fields,
        _ => &[],
    }
}

/// `document` with every generated table replaced by today's, and the names of tables whose markers are missing.
pub fn refresh(document: &str) -> (String, Vec<&'static str>) {
    let mut text = document.to_owned();
    let mut missing = Vec::new();
    for (name, table) in tables() {
        let start_marker = format!("<!-- generated: {name} -->\n");
        let end_marker = "<!-- end generated -->";
        let Some(start) = text.find(&start_marker).map(|i| i + start_marker.len()) else {
            missing.push(name);
            continue;
        };
        let Some(end) = text.get(start..).and_then(|rest| rest.find(end_marker)).map(|i| start + i) else {
            missing.push(name);
            continue;
        };
        text.replace_range(start..end, &table);
    }
    (text, missing)
}
