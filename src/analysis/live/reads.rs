//! Which component properties each stage of the analysis reads: an edit of other properties cannot change what the
//! stage computes, so [`super::Live`] does not redo it.
//!
//! The tables are checked against the source (`scan`): every property a rule's file names, or a module it uses
//! names, must be listed. A rule missing here reads every property.

use crate::model::flow::{FlowField as Fl, FlowFields};
use crate::model::props::KeySet;
use crate::model::props::PropertyKey as K;

/// What [`crate::analysis::facts::Facts::new`] reads.
pub const FACTS: KeySet = KeySet::of(&[K::Exposure, K::PublicEntry, K::ApiType]);

/// The rules that read the diagram's as-of date (`cx.as_of`); responsibility reads it too, the facts and the metrics
/// do not.
pub const AS_OF: &[&str] = &["database-end-of-support", "deprecated-runtime", "outdated-kubernetes"];

/// The rules that read bounded contexts (a component's context, the contexts' members or names), in their own code
/// or in what they use (the metrics among it): they re-run when contexts change. The metrics read contexts; the
/// facts and responsibility do not.
pub const CONTEXTS: &[&str] = &[
    "code-theft-exposure",
    "context-coupling-cycle",
    "deprecated-runtime",
    "event-injection",
    "large-blast-radius",
    "low-cohesion",
    "mixed-trust-node",
    "mutable-image-tag",
    "open-node-security-group",
    "outdated-container-runtime",
    "outdated-kubernetes",
    "pod-reaches-instance-metadata",
    "privileged-pod",
    "shared-database",
    "shared-iam-role",
    "sync-call-across-contexts",
    "too-many-responsibilities",
    "unhardened-shared-node-pod",
    "unknown-node-patching",
    "unpatched-node",
    "unscanned-images",
    "unsigned-images",
];

/// How code reads bounded contexts: `Model::context` or the diagram's list.
#[cfg(test)]
const CONTEXT_READS: &[&str] = &[".context(", ".contexts"];

/// The rules that read the connections between networks (VPNs, peering ...), in their own code or in what they use:
/// they re-run when connections change. The facts, the metrics and responsibility read none.
pub const CONNECTIONS: &[&str] = &["large-blast-radius", "unencrypted-flow"];

/// How code reads connections: the diagram's list.
#[cfg(test)]
const CONNECTION_READS: &[&str] = &[".connections"];

/// The rules that read components' links besides the parent (a role and its users, what a component protects,
/// covers, holds credentials for or pulls images from, an execution role), in their own code or in what they use:
/// they re-run when links change. The facts read `protects` and `covers` (and the subnets, whose changes rebuild the
/// model); the metrics and responsibility read no links.
pub const LINKS: &[&str] = &[
    "code-theft-exposure",
    "host-network-pod",
    "large-blast-radius",
    "mutable-image-tag",
    "open-secret-policy",
    "pod-reaches-instance-metadata",
    "privilege-escalation-permission",
    "public-api-without-waf",
    "secrets-outside-store",
    "shared-iam-role",
    "unencrypted-kubernetes-secrets",
    "unpatched-node",
    "unscanned-images",
    "unsigned-images",
    "wildcard-iam-permission",
];

/// How code reads links: the component's fields, or the model's role index.
#[cfg(test)]
const LINK_READS: &[&str] =
    &[".role", "role_users", ".protects", ".covers", ".credentials_for", ".images", ".execution_role"];

/// What [`crate::analysis::metrics::Metrics::compute`] reads (besides the facts).
pub const METRICS: KeySet = KeySet::of(&[
    K::Exposure,
    K::PublicEntry,
    K::Data,
    K::RequiresAuthentication,
    K::IngressRestricted,
    K::Software,
    K::Policy,
    K::ApiType,
]);

/// The rules that read the metrics (`cx.metrics`), with the fields they read: they re-run when one of those changes.
const METRIC_READERS: &[(&str, &[&str])] = &[
    ("context-coupling-cycle", &["context_cycles"]),
    ("defense-in-depth", &["defense_in_depth"]),
    ("long-sync-chain", &["sync_chains"]),
    ("low-cohesion", &["contexts"]),
];

/// The fields of the metrics the rule `id` reads.
pub fn metrics_of(id: &str) -> &'static [&'static str] {
    METRIC_READERS.iter().find(|(rule, _)| *rule == id).map_or(&[], |&(_, fields)| fields)
}

/// What [`crate::analysis::responsibility::Responsibility::compute`] reads.
pub const RESPONSIBILITY: KeySet =
    KeySet::of(&[K::NodeManagement, K::Runtime, K::RuntimeUpdates, K::PackageType, K::Engine]);

/// What each rule reads (besides the facts and the metrics), by rule id.
const RULES: &[(&str, KeySet)] = &[
    (
        "unauthenticated-flow",
        KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::RequiresAuthentication, K::ApiType]),
    ),
    ("shared-secret-authentication", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Policy, K::ApiType])),
    ("unencrypted-flow", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Policy, K::ApiType])),
    ("unencrypted-internet-flow", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Policy, K::ApiType])),
    ("sync-call-across-contexts", KeySet::of(&[K::Data])),
    (
        "direct-internet-to-datastore",
        KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Software, K::Policy, K::ApiType]),
    ),
    ("admin-access-exposed", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Policy, K::ApiType])),
    (
        "unencrypted-queue",
        KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::EncryptionAtRest, K::Policy, K::ApiType]),
    ),
    ("open-broker-policy", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Policy, K::ApiType])),
    ("unauthenticated-producer", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Policy, K::ApiType])),
    (
        "unauthenticated-consumer",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::RequiresAuthentication,
            K::ValidatesInput,
            K::Policy,
            K::ApiType,
        ]),
    ),
    (
        "event-injection",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::ValidatesInput,
            K::ExecutesInput,
            K::Policy,
            K::SourcePinned,
            K::ApiType,
        ]),
    ),
    (
        "unsafe-message-consumer",
        KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::ValidatesInput, K::ExecutesInput, K::Policy, K::ApiType]),
    ),
    ("unvalidated-store-write", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::ValidatesInput, K::ApiType])),
    ("no-detective-control", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::ApiType])),
    ("no-audit-trail", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::ApiType])),
    ("unmonitored-critical-component", KeySet::of(&[K::Data])),
    ("traffic-logs-off", KeySet::of(&[K::Data, K::Logging])),
    (
        "public-datastore",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::RequiresAuthentication,
            K::IngressRestricted,
            K::Software,
            K::Policy,
            K::ApiType,
        ]),
    ),
    (
        "public-api-without-waf",
        KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::IngressRestricted, K::Software, K::ApiType]),
    ),
    ("public-api-without-throttling", KeySet::of(&[K::Data, K::Throttling])),
    (
        "permissive-cors",
        KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::CorsOrigins, K::CorsCredentials, K::ApiType]),
    ),
    ("public-eks-endpoint", KeySet::of(&[K::Data, K::EndpointAccess, K::EndpointAllowedCidrs])),
    (
        "exposed-compute",
        KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::RequiresAuthentication, K::Software, K::ApiType]),
    ),
    (
        "wildcard-iam-permission",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::HostNetwork,
            K::Policy,
            K::Permissions,
            K::ManagedPolicies,
            K::PolicyTemplates,
            K::ApiType,
        ]),
    ),
    (
        "shared-iam-role",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::HostNetwork,
            K::Policy,
            K::Permissions,
            K::ManagedPolicies,
            K::PolicyTemplates,
            K::ApiType,
        ]),
    ),
    (
        "privilege-escalation-permission",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::HostNetwork,
            K::Policy,
            K::Permissions,
            K::ManagedPolicies,
            K::PolicyTemplates,
            K::ApiType,
        ]),
    ),
    ("secrets-outside-store", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::SecretStorage, K::ApiType])),
    ("unencrypted-at-rest", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::EncryptionAtRest, K::ApiType])),
    ("shared-database", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Software, K::ApiType])),
    ("open-secret-policy", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Policy, K::ApiType])),
    (
        "open-cache",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::RequiresAuthentication,
            K::ApiType,
            K::EncryptionInTransit,
        ]),
    ),
    ("open-endpoint-policy", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Policy, K::ApiType])),
    ("legacy-viewer-tls", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Software, K::ApiType, K::MinimumTls])),
    ("public-cloudfront-origin", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::ApiType, K::OriginAccess])),
    (
        "unpatched-node",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::PatchStatus,
            K::InstanceMetadata,
            K::ApiType,
        ]),
    ),
    (
        "unknown-node-patching",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::PatchStatus,
            K::InstanceMetadata,
            K::ApiType,
        ]),
    ),
    (
        "outdated-container-runtime",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::ContainerRuntimeVersion,
            K::Runtime,
            K::Engine,
            K::ApiType,
        ]),
    ),
    (
        "outdated-kubernetes",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::KubernetesVersion,
            K::Runtime,
            K::Engine,
            K::ApiType,
        ]),
    ),
    (
        "deprecated-runtime",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::PatchStatus,
            K::InstanceMetadata,
            K::Runtime,
            K::RuntimeUpdates,
            K::Engine,
            K::ApiType,
        ]),
    ),
    (
        "database-end-of-support",
        KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::Runtime, K::Engine, K::EngineVersion, K::ApiType]),
    ),
    (
        "mixed-trust-node",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::ContainerRuntimeVersion,
            K::Runtime,
            K::Engine,
            K::ApiType,
        ]),
    ),
    (
        "privileged-pod",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::Privileged,
            K::HostPathMount,
            K::ApiType,
        ]),
    ),
    (
        "unhardened-shared-node-pod",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::ContainerRuntimeVersion,
            K::Privileged,
            K::HostPathMount,
            K::Hardened,
            K::Runtime,
            K::Engine,
            K::ApiType,
        ]),
    ),
    ("host-network-pod", KeySet::of(&[K::Data, K::HostNetwork])),
    (
        "pod-reaches-instance-metadata",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::HostNetwork,
            K::ApiType,
        ]),
    ),
    (
        "open-node-security-group",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::IngressCidrs,
            K::ApiType,
        ]),
    ),
    ("overprivileged-service-account", KeySet::of(&[K::Data, K::ServiceAccount, K::Permissions])),
    ("control-plane-audit-logging", KeySet::of(&[K::Data, K::Logging])),
    (
        "unencrypted-kubernetes-secrets",
        KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::SecretsEncryption, K::ApiType]),
    ),
    (
        "unscanned-images",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::ImageScanned,
            K::PackageType,
            K::Policy,
            K::Permissions,
            K::ManagedPolicies,
            K::PolicyTemplates,
            K::ApiType,
        ]),
    ),
    (
        "unsigned-images",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::ImageSigned,
            K::PackageType,
            K::Policy,
            K::Permissions,
            K::ManagedPolicies,
            K::PolicyTemplates,
            K::ApiType,
        ]),
    ),
    (
        "mutable-image-tag",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::PackageType,
            K::Policy,
            K::Permissions,
            K::ManagedPolicies,
            K::PolicyTemplates,
            K::ImagePinned,
            K::RegistryType,
            K::ApiType,
        ]),
    ),
    (
        "code-theft-exposure",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::NodeManagement,
            K::InstanceMetadata,
            K::HostNetwork,
            K::Policy,
            K::Permissions,
            K::ManagedPolicies,
            K::PolicyTemplates,
            K::ApiType,
        ]),
    ),
    ("defense-in-depth", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::ApiType])),
    (
        "large-blast-radius",
        KeySet::of(&[
            K::Exposure,
            K::PublicEntry,
            K::Data,
            K::RequiresAuthentication,
            K::IngressRestricted,
            K::ExecutesInput,
            K::SecretStorage,
            K::Software,
            K::NodeManagement,
            K::PatchStatus,
            K::InstanceMetadata,
            K::Privileged,
            K::HostPathMount,
            K::HostNetwork,
            K::Hardened,
            K::ServiceAccount,
            K::Policy,
            K::SourcePinned,
            K::Permissions,
            K::ManagedPolicies,
            K::PolicyTemplates,
            K::NetworkMode,
            K::ApiType,
        ]),
    ),
    ("managed-alternative", KeySet::of(&[K::Data, K::Software])),
    ("too-many-responsibilities", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::ApiType])),
    ("complex-component", KeySet::of(&[K::Exposure, K::PublicEntry, K::Data, K::ApiType])),
    ("low-cohesion", KeySet::of(&[K::Data])),
    ("long-sync-chain", KeySet::of(&[K::Data])),
    ("context-coupling-cycle", KeySet::of(&[K::Data])),
];

/// The flow attributes [`crate::analysis::facts::Facts::new`] reads.
pub const FLOW_FACTS: FlowFields = FlowFields::EMPTY;

/// The flow attributes [`crate::analysis::metrics::Metrics::compute`] reads.
pub const FLOW_METRICS: FlowFields = FlowFields::of(&[Fl::Authentication, Fl::Authorization]);

/// The flow attributes [`crate::analysis::responsibility::Responsibility::compute`] reads.
pub const FLOW_RESPONSIBILITY: FlowFields = FlowFields::EMPTY;

/// The flow attributes each rule reads (besides the facts and the metrics), by rule id.
const FLOW_RULES: &[(&str, FlowFields)] = &[
    ("unauthenticated-flow", FlowFields::ALL),
    (
        "shared-secret-authentication",
        FlowFields::of(&[Fl::Protocol, Fl::Authentication, Fl::Credential, Fl::Encrypted, Fl::Data]),
    ),
    ("unencrypted-flow", FlowFields::ALL),
    ("unencrypted-internet-flow", FlowFields::ALL),
    ("direct-internet-to-datastore", FlowFields::of(&[Fl::Protocol, Fl::Authentication, Fl::Encrypted, Fl::Data])),
    ("admin-access-exposed", FlowFields::of(&[Fl::Protocol, Fl::Authentication, Fl::Encrypted, Fl::Data])),
    ("unencrypted-queue", FlowFields::of(&[Fl::Protocol, Fl::Authentication, Fl::Encrypted, Fl::Data])),
    ("open-broker-policy", FlowFields::of(&[Fl::Protocol, Fl::Authentication, Fl::Encrypted, Fl::Data])),
    ("unauthenticated-producer", FlowFields::of(&[Fl::Protocol, Fl::Authentication, Fl::Encrypted, Fl::Data])),
    ("unauthenticated-consumer", FlowFields::of(&[Fl::Protocol, Fl::Authentication, Fl::Encrypted, Fl::Data])),
    ("event-injection", FlowFields::of(&[Fl::Protocol, Fl::Authentication, Fl::Encrypted, Fl::Data])),
    ("public-datastore", FlowFields::of(&[Fl::Data])),
    ("public-api-without-waf", FlowFields::of(&[Fl::Data])),
    ("exposed-compute", FlowFields::of(&[Fl::Data])),
    ("secrets-outside-store", FlowFields::of(&[Fl::Authentication, Fl::Data])),
    ("shared-database", FlowFields::of(&[Fl::Data])),
    ("legacy-viewer-tls", FlowFields::of(&[Fl::Data])),
    ("large-blast-radius", FlowFields::of(&[Fl::Authentication, Fl::Label])),
];

/// The flow attributes the rule `id` reads: none when it is not in the table (a test checks the table against the
/// rules' sources).
pub fn flow_rule(id: &str) -> FlowFields {
    FLOW_RULES.iter().find(|(rule, _)| *rule == id).map_or(FlowFields::EMPTY, |&(_, fields)| fields)
}

/// What the rule `id` reads (besides the facts and the metrics): every property when it is not in the table.
pub fn rule(id: &str) -> KeySet {
    RULES.iter().find(|(rule, _)| *rule == id).map_or(KeySet::ALL, |&(_, keys)| keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::live::scan::{
        analysis_dir, code_of, files_reading_field, flow_reads_of, metric_fields, reaches_any, reads_of,
    };
    use crate::analysis::rules;
    use crate::model::flow::FlowField as F;

    fn listed(keys: KeySet) -> String {
        keys.keys().map(|k| format!("K::{k:?}")).collect::<Vec<_>>().join(", ")
    }

    /// Every table covers what its code names; on failure prints the tables as the source says they should be.
    /// The flow tables cover what the code reads; on failure prints them as the source says they should be.
    #[test]
    fn the_flow_tables_cover_what_the_code_reads() {
        let dir = analysis_dir();
        let listed = |fields: FlowFields| fields.fields().map(|f| format!("F::{f:?}")).collect::<Vec<_>>().join(", ");
        let mut stages = vec![
            ("FLOW_FACTS", FLOW_FACTS, flow_reads_of(&dir.join("facts"))),
            ("FLOW_METRICS", FLOW_METRICS, flow_reads_of(&dir.join("metrics"))),
            ("FLOW_RESPONSIBILITY", FLOW_RESPONSIBILITY, flow_reads_of(&dir.join("responsibility"))),
        ];
        for r in rules::all() {
            let id = r.meta().id;
            stages.push((id, flow_rule(id), flow_reads_of(&rule_file(id))));
        }
        let wrong: Vec<String> = stages
            .into_iter()
            .filter(|&(_, declared, found)| declared.union(found) != declared)
            .map(|(name, _, found)| format!("({name:?}, FlowFields::of(&[{}])),", listed(found)))
            .collect();
        assert!(wrong.is_empty(), "flow tables to update:\n{}", wrong.join("\n"));
        assert!(flow_reads_of(&dir.join("rules/flows/unencrypted_flow.rs")).contains(F::Encrypted));
    }

    /// The source file of the rule `id`.
    fn rule_file(id: &str) -> std::path::PathBuf {
        let dir = analysis_dir();
        let file = format!("{}.rs", id.replace('-', "_"));
        let path = ["flows", "detective", "exposure", "compute", "architecture"]
            .iter()
            .map(|group| dir.join("rules").join(group).join(&file))
            .find(|path| path.exists());
        path.unwrap_or_else(|| panic!("no source file {file} for rule {id}"))
    }

    /// Every rule whose code (or what it uses) reads bounded contexts is in `CONTEXTS`, and no other.
    #[test]
    fn the_context_readers_are_listed() {
        let dir = analysis_dir();
        let mut readers: Vec<&str> =
            rules::all().iter().map(|r| r.meta().id).filter(|id| reaches_any(&rule_file(id), CONTEXT_READS)).collect();
        readers.sort_unstable();
        assert_eq!(readers, CONTEXTS, "the rules that read bounded contexts");
        assert!(reaches_any(&dir.join("metrics"), CONTEXT_READS), "the metrics read contexts");
        // Only cohesion and cycles: `Metrics::recontext` computes nothing else again after an edit of contexts. The
        // defense paths and the call chains (their files, and the analysis modules besides the metrics they use)
        // read none.
        for part in ["defense.rs", "controls.rs", "hops.rs", "chains.rs", "scc.rs"] {
            let code = code_of(&std::fs::read_to_string(dir.join("metrics").join(part)).unwrap());
            assert!(!CONTEXT_READS.iter().any(|read| code.contains(read)), "{part} reads contexts");
        }
        for used in ["data.rs", "quote.rs", "exposed.rs"] {
            assert!(!reaches_any(&dir.join(used), CONTEXT_READS), "{used} reads contexts");
        }
        assert!(
            !reaches_any(&dir.join("facts"), CONTEXT_READS) && !reaches_any(&dir.join("responsibility"), CONTEXT_READS)
        );
        // The blast graph reads none: after an edit of contexts alone `large-blast-radius` takes its last sweep over
        // (`same_blast_graph`).
        assert!(!reaches_any(&dir.join("blast"), CONTEXT_READS), "the blast graph reads contexts");
        // Of the data it reads only which stores are sensitive (`graph::sensitive_stores`), which such a sweep
        // compares.
        let mut data_reads = Vec::new();
        for entry in std::fs::read_dir(dir.join("blast")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name != "tests.rs" {
                let code = code_of(&std::fs::read_to_string(&path).unwrap());
                data_reads.extend(code.matches("data::").map(|_| name.clone()));
            }
        }
        assert_eq!(data_reads, ["graph.rs"], "reads of data in the blast graph");
    }

    /// Every rule whose code (or what it uses) reads links is in `LINKS`, and no other; the facts read links, the
    /// metrics and responsibility do not.
    #[test]
    fn the_link_readers_are_listed() {
        let dir = analysis_dir();
        let mut readers: Vec<&str> =
            rules::all().iter().map(|r| r.meta().id).filter(|id| reaches_any(&rule_file(id), LINK_READS)).collect();
        readers.sort_unstable();
        assert_eq!(readers, LINKS, "the rules that read links");
        assert!(reaches_any(&dir.join("facts"), LINK_READS), "the facts read links");
        assert!(
            !reaches_any(&dir.join("metrics"), LINK_READS) && !reaches_any(&dir.join("responsibility"), LINK_READS)
        );
    }

    /// Every rule whose code (or what it uses) reads connections is in `CONNECTIONS`, and no other; the facts, the
    /// metrics and responsibility read none.
    #[test]
    fn the_connection_readers_are_listed() {
        let dir = analysis_dir();
        let mut readers: Vec<&str> = rules::all()
            .iter()
            .map(|r| r.meta().id)
            .filter(|id| reaches_any(&rule_file(id), CONNECTION_READS))
            .collect();
        readers.sort_unstable();
        assert_eq!(readers, CONNECTIONS, "the rules that read connections");
        for stage in ["facts", "metrics", "responsibility"] {
            assert!(!reaches_any(&dir.join(stage), CONNECTION_READS), "{stage} reads connections");
        }
    }

    /// The as-of date is read as a field (`cx.as_of` in a rule, `settings.as_of` where a rule's context is made and
    /// in responsibility): every analysis file that reads it is a listed rule's, the context's or responsibility's.
    #[test]
    fn the_as_of_readers_are_listed() {
        let dir = analysis_dir();
        let mut allowed: Vec<std::path::PathBuf> = AS_OF.iter().map(|id| rule_file(id)).collect();
        allowed.extend([dir.join("mod.rs"), dir.join("responsibility/adjust.rs")]);
        let readers = files_reading_field(&dir, "as_of");
        let unlisted: Vec<_> = readers.iter().filter(|f| !allowed.contains(f)).collect();
        assert!(unlisted.is_empty(), "read the as-of date but are not in AS_OF: {unlisted:?}");
        let stale: Vec<_> = allowed.iter().filter(|f| !readers.contains(f)).collect();
        assert!(stale.is_empty(), "listed but read no as-of date: {stale:?}");
    }

    #[test]
    fn the_tables_cover_what_the_code_reads() {
        let dir = analysis_dir();
        let mut wrong = Vec::new();
        let mut stages = vec![
            ("FACTS", FACTS, reads_of(&dir.join("facts"))),
            ("METRICS", METRICS, reads_of(&dir.join("metrics"))),
            ("RESPONSIBILITY", RESPONSIBILITY, reads_of(&dir.join("responsibility"))),
        ];
        for r in rules::all() {
            let id = r.meta().id;
            let path = rule_file(id);
            stages.push((id, rule(id), reads_of(&path)));
            let fields = metric_fields(&path);
            if fields.iter().any(|field| !metrics_of(id).contains(&field.as_str())) {
                wrong.push(format!("({id:?}, &{fields:?}), in METRIC_READERS"));
            }
        }
        for (name, declared, found) in stages {
            if declared.union(found) != declared {
                wrong.push(format!("({name:?}, KeySet::of(&[{}])),", listed(found)));
            }
        }
        assert!(wrong.is_empty(), "tables to update:\n{}", wrong.join("\n"));
        // The scan finds something: it cannot pass by finding nothing.
        assert!(reads_of(&dir.join("rules/compute/privileged_pod.rs")).contains(K::Privileged));
        assert_eq!(metric_fields(&dir.join("rules/architecture/low_cohesion.rs")), ["contexts"]);
        // Every field listed is one `Metrics::differing` compares.
        let fields = crate::analysis::metrics::Metrics::FIELDS;
        assert!(METRIC_READERS.iter().all(|(_, read)| read.iter().all(|f| fields.contains(f))), "{METRIC_READERS:?}");
    }
}
