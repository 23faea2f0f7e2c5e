//! Setting one component property from its JSON value, with the loader's checks: the editor's inspector and edits
//! go through here, so a value the file loader would refuse can never be set.

use serde_json::Value;

use crate::io::decode::Decoder;
use crate::io::decode_model::decode_property;
use crate::model::problem::Problem;
use crate::model::props::{Properties, PropertyKey, spec, syntax_problems};

/// Sets `key` on `properties` from `value` as written in files (`null` clears it). On any problem (wrong shape,
/// unknown field, bad syntax) `properties` is left unchanged and every problem is returned, with paths relative to
/// the property (`$.instance_metadata.hop_limit`).
pub fn set_property(properties: &mut Properties, key: PropertyKey, value: &Value) -> Result<(), Vec<Problem>> {
    if value.is_null() {
        properties.clear(key);
        return Ok(());
    }
    let name = spec(key).name();
    let mut decoder = Decoder::default();
    let mut candidate = Properties::default();
    decode_property(&mut decoder, &format!("$.{name}"), key, value, &mut candidate);
    let mut problems = decoder.into_problems();
    problems.extend(
        syntax_problems(&candidate).into_iter().map(|(path, message)| Problem::new(format!("$.{path}"), message)),
    );
    if !problems.is_empty() || !candidate.is_set(key) {
        if problems.is_empty() {
            problems.push(Problem::new(format!("$.{name}"), "the value could not be read"));
        }
        return Err(problems);
    }
    properties.copy_from(&candidate, key);
    Ok(())
}

/// A copy of `flow` with one field set from `value` as written in files (`null` clears an optional field), checked
/// by the loader's flow decoder; the error says what is wrong.
pub fn set_flow_field(flow: &crate::model::Flow, field: &str, value: Value) -> Result<crate::model::Flow, String> {
    use crate::io::decode::FromJson as _;
    let mut json = serde_json::to_value(flow).map_err(|e| e.to_string())?;
    let Value::Object(map) = &mut json else { return Err("a flow is an object".to_owned()) };
    if value.is_null() {
        map.remove(field);
    } else {
        map.insert(field.to_owned(), value);
    }
    let mut decoder = Decoder::default();
    let decoded = crate::model::Flow::from_json(&mut decoder, "$", &json);
    let problems = decoder.into_problems();
    match decoded {
        Some(next) if problems.is_empty() => Ok(next),
        _ => Err(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::named::Named as _;
    use crate::model::props::properties;

    #[test]
    fn every_registry_example_sets_and_reads_back_through_the_decoder() {
        let mut all = Properties::default();
        for spec in properties() {
            let example = spec.value.example();
            set_property(&mut all, spec.key, &example).unwrap_or_else(|p| panic!("{}: {p:?}", spec.name()));
            assert_eq!(all.get_json(spec.key), Some(example), "{}", spec.name());
        }
        // Every field of the struct is set, and the serialised names are the registry's names.
        assert_eq!(all.set_keys().len(), PropertyKey::ALL.len());
        let json = serde_json::to_value(&all).unwrap();
        let mut from_json: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        from_json.sort_unstable();
        let mut names: Vec<&str> = PropertyKey::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        assert_eq!(from_json, names);
    }

    #[test]
    fn bad_values_are_refused_and_change_nothing() {
        let mut props = Properties { privileged: Some(true), ..Properties::default() };
        let before = props.clone();
        let wrong_type = set_property(&mut props, PropertyKey::Privileged, &Value::from("yes")).unwrap_err();
        assert_eq!(wrong_type[0].path, "$.privileged");
        let bad_version =
            set_property(&mut props, PropertyKey::ContainerRuntimeVersion, &Value::from("latest")).unwrap_err();
        assert!(bad_version[0].message.contains("not a version"), "{bad_version:?}");
        let bad_field = set_property(
            &mut props,
            PropertyKey::InstanceMetadata,
            &serde_json::json!({"imdsv2_required": true, "hop_limit": 1, "hops": 2}),
        )
        .unwrap_err();
        assert_eq!(bad_field[0].path, "$.instance_metadata.hops");
        assert_eq!(props, before);
    }

    #[test]
    fn statuses_stand_in_for_versions_and_null_clears() {
        let mut props = Properties::default();
        set_property(&mut props, PropertyKey::ContainerRuntimeVersion, &Value::from("outdated")).unwrap();
        assert_eq!(props.container_runtime_version.as_deref(), Some("outdated"));
        set_property(&mut props, PropertyKey::ContainerRuntimeVersion, &Value::Null).unwrap();
        assert_eq!(props.container_runtime_version, None);
    }
}
