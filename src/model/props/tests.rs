//! Tests of the property registry: the generated struct, keys and specs agree with each other and the catalog.

use super::*;
use crate::model::named::Named as _;

#[test]
fn or_fills_only_unset_fields() {
    let set = Properties { encryption_at_rest: Some(false), ..Properties::default() };
    let defaults =
        Properties { encryption_at_rest: Some(true), exposure: Some(Exposure::Private), ..Properties::default() };
    let merged = set.or(&defaults);
    assert_eq!(merged.encryption_at_rest, Some(false));
    assert_eq!(merged.exposure, Some(Exposure::Private));
    assert_eq!(merged.privileged, None);
}

#[test]
fn set_keys_clear_and_copy_agree() {
    let props = Properties { privileged: Some(false), permissions: Some(Vec::new()), ..Properties::default() };
    assert_eq!(props.set_keys(), vec![PropertyKey::Privileged, PropertyKey::Permissions]);
    assert!(props.is_set(PropertyKey::Privileged));
    let mut cleared = props.clone();
    cleared.clear(PropertyKey::Privileged);
    assert_eq!(cleared.set_keys(), vec![PropertyKey::Permissions]);
    cleared.copy_from(&props, PropertyKey::Privileged);
    assert_eq!(cleared, props);
    assert_eq!(props.get_json(PropertyKey::Privileged), Some(serde_json::Value::Bool(false)));
    assert_eq!(props.get_json(PropertyKey::Exposure), None);
}

#[test]
fn the_registry_has_one_entry_per_key_in_key_order() {
    let specs: Vec<&PropertySpec> = properties().collect();
    assert_eq!(specs.len(), PropertyKey::ALL.len());
    for (spec, &key) in specs.iter().zip(PropertyKey::ALL) {
        assert_eq!(spec.key, key);
        assert_eq!(spec.name(), key.as_str());
        assert!(!spec.label.is_empty() && !spec.help.is_empty(), "{key} has no label or help");
        assert!(!spec.help.contains('\n'), "{key}: help is one line");
        assert!(!spec.kinds().is_empty(), "no kind takes {key}");
    }
}

#[test]
fn every_example_passes_its_own_syntax() {
    for spec in properties() {
        let mut problems = Vec::new();
        check_value(spec.name(), &spec.value, &spec.value.example(), &mut problems);
        assert!(problems.is_empty(), "{}: {problems:?}", spec.name());
    }
}

#[test]
fn defaults_come_from_the_catalog() {
    let spec = spec(PropertyKey::EndpointAccess);
    assert_eq!(spec.default_for(ComponentKind::EksControlPlane), Some(serde_json::Value::from("public")));
    assert_eq!(spec.default_for(ComponentKind::Lambda), None);
    assert_eq!(spec.kinds(), vec![ComponentKind::EksControlPlane]);
}

#[test]
fn a_misplaced_property_says_where_it_belongs() {
    assert_eq!(
        where_it_belongs(PropertyKey::EndpointAccess, ComponentKind::EksCluster),
        "set it on the cluster's eks-control-plane"
    );
    assert_eq!(where_it_belongs(PropertyKey::Permissions, ComponentKind::Lambda), "it applies to iam-role");
}

#[test]
fn syntax_problems_name_the_value() {
    let props = Properties {
        container_runtime_version: Some("latest".into()),
        kubernetes_version: Some("outdated".into()),
        endpoint_allowed_cidrs: Some(vec!["10.0.0.0/8".into(), "nope".into()]),
        instance_metadata: Some(InstanceMetadata { imdsv2_required: true, hop_limit: 65 }),
        ..Properties::default()
    };
    let problems = syntax_problems(&props);
    let paths: Vec<&str> = problems.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(paths, ["instance_metadata.hop_limit", "container_runtime_version", "endpoint_allowed_cidrs[1]"]);
}
