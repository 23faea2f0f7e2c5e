//! Security properties of a component: what the threat rules, blast radius and responsibility read.
//!
//! Every field is optional: `None` means "the diagram does not say", and the catalog's default for the kind
//! applies (see [`Properties::or`]). Names say what a property means, not how AWS spells the setting.

use serde::Serialize;

crate::named_enum! {
    /// Whether a component is reachable from the internet.
    pub enum Exposure: "exposure" {
        /// Reachable from the internet.
        Public = "public",
        /// Reachable only from inside its networks.
        Private = "private",
    }
}

crate::named_enum! {
    /// How sensitive data is.
    pub enum Classification: "classification" {
        /// Meant for anyone.
        Public = "public",
        /// Internal use; harmless if leaked.
        Internal = "internal",
        /// Harmful if leaked (personal data, business secrets).
        Confidential = "confidential",
        /// Severely harmful if leaked (payment data, credentials, health data).
        Restricted = "restricted",
    }
}

crate::named_enum! {
    /// How much one CIA corner matters for a component's data.
    pub enum Importance: "importance" {
        /// Little harm if this corner is lost.
        Low = "low",
        /// Noticeable harm.
        Medium = "medium",
        /// Serious harm.
        High = "high",
    }
}

crate::named_enum! {
    /// Where a component keeps the secrets it uses.
    pub enum SecretStorage: "secret storage" {
        /// It holds no secrets.
        None = "none",
        /// In source code or the image.
        Code = "code",
        /// In plain environment variables or config files.
        Environment = "environment",
        /// In Secrets Manager / Parameter Store, fetched at run time.
        SecretsStore = "secrets-store",
    }
}

crate::named_enum! {
    /// Who patches an EC2 worker node (DOMAIN.md section 2).
    pub enum NodeManagement: "node management" {
        /// The customer's own EC2 instances: the customer patches everything.
        SelfManaged = "self-managed",
        /// EKS managed node group: AWS ships patched AMIs, the customer rolls the group onto them.
        ManagedNodeGroup = "managed-node-group",
        /// EKS Auto Mode: EKS owns node OS, container runtime and kubelet.
        AutoMode = "auto-mode",
    }
}

crate::named_enum! {
    /// Whether something is kept current.
    pub enum PatchStatus: "patch status" {
        /// Patched and current.
        Current = "current",
        /// Known to lag behind.
        Outdated = "outdated",
        /// Nobody knows.
        Unknown = "unknown",
    }
}

crate::named_enum! {
    /// Permissions a pod's Kubernetes service account holds through RBAC.
    pub enum KubernetesPermission: "kubernetes permission" {
        /// `get`/`list` on Secrets.
        ReadSecrets = "read-secrets",
        /// `pods/exec` or `create` in the pod's namespace.
        ExecPods = "exec-pods",
        /// Create pods without admission limits (can schedule onto any node).
        CreatePods = "create-pods",
        /// Bound to `cluster-admin`.
        ClusterAdmin = "cluster-admin",
    }
}

crate::named_enum! {
    /// How a Lambda function's managed runtime gets updates.
    pub enum RuntimeUpdates: "runtime update mode" {
        /// AWS updates the runtime automatically.
        Auto = "auto",
        /// Updated when the function is next deployed.
        FunctionUpdate = "function-update",
        /// Pinned to a runtime version by the customer.
        Manual = "manual",
    }
}

crate::named_enum! {
    /// How Lambda code is packaged.
    pub enum PackageType: "package type" {
        /// A zip on a managed runtime.
        Zip = "zip",
        /// A container image the customer builds (its OS layers are the customer's).
        Image = "image",
    }
}

crate::named_enum! {
    /// Who can reach the EKS Kubernetes API endpoint.
    pub enum EndpointAccess: "endpoint access" {
        /// Only from the internet.
        Public = "public",
        /// Only from inside the VPC.
        Private = "private",
        /// Both.
        PublicAndPrivate = "public-and-private",
    }
}

crate::named_enum! {
    /// Software a team runs itself where AWS offers a managed service.
    pub enum Software: "software" {
        /// PostgreSQL.
        Postgresql = "postgresql",
        /// MySQL or MariaDB.
        Mysql = "mysql",
        /// MongoDB.
        Mongodb = "mongodb",
        /// Redis or Valkey.
        Redis = "redis",
        /// Apache Kafka.
        Kafka = "kafka",
        /// RabbitMQ.
        Rabbitmq = "rabbitmq",
        /// Elasticsearch or OpenSearch.
        Elasticsearch = "elasticsearch",
        /// Something else.
        Other = "other",
    }
}

/// How sensitive a component's data is, per CIA corner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DataProfile {
    /// The classification of the data.
    pub classification: Classification,
    /// How much leaking it matters; by default follows the classification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidentiality: Option<Importance>,
    /// How much unauthorised change matters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integrity: Option<Importance>,
    /// How much losing it matters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability: Option<Importance>,
}

impl DataProfile {
    /// Confidentiality importance, derived from the classification when not given.
    pub fn confidentiality(&self) -> Importance {
        self.confidentiality.unwrap_or(match self.classification {
            Classification::Public => Importance::Low,
            Classification::Internal => Importance::Medium,
            Classification::Confidential | Classification::Restricted => Importance::High,
        })
    }

    /// Integrity importance (medium unless given).
    pub fn integrity(&self) -> Importance {
        self.integrity.unwrap_or(Importance::Medium)
    }

    /// Availability importance (medium unless given).
    pub fn availability(&self) -> Importance {
        self.availability.unwrap_or(Importance::Medium)
    }
}

/// The EC2 instance-metadata service settings of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct InstanceMetadata {
    /// IMDSv2 (session tokens) is required; IMDSv1 is off.
    pub imdsv2_required: bool,
    /// The PUT response hop limit: 1 keeps pods (one hop further) away from the node's credentials.
    pub hop_limit: u8,
}

impl InstanceMetadata {
    /// Whether a pod (not on the host network) can fetch the node's credentials.
    pub fn reachable_from_pods(self) -> bool {
        !self.imdsv2_required || self.hop_limit >= 2
    }
}

/// A pod's Kubernetes service account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceAccount {
    /// Whether the token is mounted into the pod (Kubernetes' default is yes).
    pub automount_token: bool,
    /// What its RBAC bindings allow; sorted and unique.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<KubernetesPermission>,
}

/// A resource policy on a queue, topic, bus or bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ResourcePolicy {
    /// A statement allows any principal (`"Principal": "*"`).
    pub any_principal: bool,
    /// That statement is limited by a source account, source ARN or organisation condition.
    pub source_condition: bool,
}

impl ResourcePolicy {
    /// Open to anyone on AWS (DOMAIN.md section 7: any principal and no source condition).
    pub fn is_open(self) -> bool {
        self.any_principal && !self.source_condition
    }
}

/// One IAM policy statement an `iam-role` holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Permission {
    /// Actions such as `s3:GetObject`, `sqs:*` or `*`.
    pub actions: Vec<String>,
    /// Element ids the actions apply to, or `*` for every resource of the action's service in the account.
    pub resources: Vec<String>,
}

impl Permission {
    /// The resource wildcard.
    pub const ANY_RESOURCE: &'static str = "*";

    /// `*` or `service:*`.
    pub fn has_wildcard_action(&self) -> bool {
        self.actions.iter().any(|action| action == "*" || action.ends_with(":*"))
    }

    /// Applies to every resource.
    pub fn has_wildcard_resource(&self) -> bool {
        self.resources.iter().any(|resource| resource == Self::ANY_RESOURCE)
    }
}

/// Whether `text` matches the IAM pattern `pattern` (`*` any run, `?` one character), ignoring ASCII case as IAM
/// does for action names.
pub fn iam_glob(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while let Some(&tc) = t.get(ti) {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == b'?' || c.eq_ignore_ascii_case(&tc) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..).is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

crate::named_enum! {
    /// The keys of [`Properties`], as written in files; the catalog lists which apply to each kind.
    pub enum PropertyKey: "property" {
        /// [`Properties::exposure`]
        Exposure = "exposure",
        /// [`Properties::public_entry`]
        PublicEntry = "public_entry",
        /// [`Properties::data`]
        Data = "data",
        /// [`Properties::encryption_at_rest`]
        EncryptionAtRest = "encryption_at_rest",
        /// [`Properties::logging`]
        Logging = "logging",
        /// [`Properties::requires_authentication`]
        RequiresAuthentication = "requires_authentication",
        /// [`Properties::ingress_restricted`]
        IngressRestricted = "ingress_restricted",
        /// [`Properties::validates_input`]
        ValidatesInput = "validates_input",
        /// [`Properties::executes_input`]
        ExecutesInput = "executes_input",
        /// [`Properties::secret_storage`]
        SecretStorage = "secret_storage",
        /// [`Properties::software`]
        Software = "software",
        /// [`Properties::node_management`]
        NodeManagement = "node_management",
        /// [`Properties::patch_status`]
        PatchStatus = "patch_status",
        /// [`Properties::instance_metadata`]
        InstanceMetadata = "instance_metadata",
        /// [`Properties::container_runtime_version`]
        ContainerRuntimeVersion = "container_runtime_version",
        /// [`Properties::kubernetes_version`]
        KubernetesVersion = "kubernetes_version",
        /// [`Properties::privileged`]
        Privileged = "privileged",
        /// [`Properties::host_path_mount`]
        HostPathMount = "host_path_mount",
        /// [`Properties::host_network`]
        HostNetwork = "host_network",
        /// [`Properties::hardened`]
        Hardened = "hardened",
        /// [`Properties::service_account`]
        ServiceAccount = "service_account",
        /// [`Properties::image_scanned`]
        ImageScanned = "image_scanned",
        /// [`Properties::image_signed`]
        ImageSigned = "image_signed",
        /// [`Properties::runtime`]
        Runtime = "runtime",
        /// [`Properties::runtime_updates`]
        RuntimeUpdates = "runtime_updates",
        /// [`Properties::package_type`]
        PackageType = "package_type",
        /// [`Properties::endpoint_access`]
        EndpointAccess = "endpoint_access",
        /// [`Properties::endpoint_allowed_cidrs`]
        EndpointAllowedCidrs = "endpoint_allowed_cidrs",
        /// [`Properties::secrets_encryption`]
        SecretsEncryption = "secrets_encryption",
        /// [`Properties::policy`]
        Policy = "policy",
        /// [`Properties::source_pinned`]
        SourcePinned = "source_pinned",
        /// [`Properties::throttling`]
        Throttling = "throttling",
        /// [`Properties::permissions`]
        Permissions = "permissions",
    }
}

/// Security properties of a component. See the module doc for the meaning of `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Properties {
    /// Reachable from the internet or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exposure: Option<Exposure>,
    /// An intended public entry point (a website, a public API): unauthenticated calls to it are expected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_entry: Option<bool>,
    /// The data it stores or processes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<DataProfile>,
    /// Data at rest is encrypted (`None`: the service default of DOMAIN.md section 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_at_rest: Option<bool>,
    /// Access or audit logs are on (for an EKS control plane: audit logging).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging: Option<bool>,
    /// Its listener requires the caller to authenticate (a password-protected database counts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requires_authentication: Option<bool>,
    /// Security groups or network policies admit only named sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ingress_restricted: Option<bool>,
    /// It validates the schema of messages and events it receives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validates_input: Option<bool>,
    /// It executes or deserialises its input unsafely, so injected input gives control.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executes_input: Option<bool>,
    /// Where it keeps the secrets it uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_storage: Option<SecretStorage>,
    /// Software it runs that AWS also offers as a managed service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software: Option<Software>,
    /// Who patches a worker node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_management: Option<NodeManagement>,
    /// Whether the OS (node) or engine is patched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch_status: Option<PatchStatus>,
    /// Instance-metadata settings of a node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_metadata: Option<InstanceMetadata>,
    /// Container runtime version on a node (e.g. `1.7.22` for containerd).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_runtime_version: Option<String>,
    /// Kubernetes version of a cluster's control plane or a node's kubelet (e.g. `1.31`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes_version: Option<String>,
    /// The pod or container runs privileged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privileged: Option<bool>,
    /// It mounts a path of the host.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_path_mount: Option<bool>,
    /// It uses the host's network namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_network: Option<bool>,
    /// Runs as non-root with a read-only root file system, dropped capabilities and a seccomp profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hardened: Option<bool>,
    /// Its Kubernetes service account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_account: Option<ServiceAccount>,
    /// Images are scanned for vulnerabilities (for a registry: scan on push).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_scanned: Option<bool>,
    /// Images are signed and the signature is verified before they run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_signed: Option<bool>,
    /// Language runtime or base image (`python3.12`, `nodejs20.x`, `java21` ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    /// How a Lambda function's runtime gets updates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_updates: Option<RuntimeUpdates>,
    /// How a Lambda function is packaged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_type: Option<PackageType>,
    /// Who can reach an EKS API endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_access: Option<EndpointAccess>,
    /// Address ranges allowed to reach a public endpoint (`0.0.0.0/0` or empty: everyone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_allowed_cidrs: Option<Vec<String>>,
    /// Kubernetes Secrets are envelope-encrypted with the customer's own KMS key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrets_encryption: Option<bool>,
    /// Resource policy of a queue, topic, bus or bucket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<ResourcePolicy>,
    /// An event bus's rules pin the event source, so a publisher cannot pose as another.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_pinned: Option<bool>,
    /// Rate limiting / throttling is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttling: Option<bool>,
    /// IAM policy statements of a role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<Permission>>,
}

impl Properties {
    /// These properties, with every unset one taken from `defaults`.
    #[must_use]
    pub fn or(&self, defaults: &Self) -> Self {
        let Self {
            exposure,
            public_entry,
            data,
            encryption_at_rest,
            logging,
            requires_authentication,
            ingress_restricted,
            validates_input,
            executes_input,
            secret_storage,
            software,
            node_management,
            patch_status,
            instance_metadata,
            container_runtime_version,
            kubernetes_version,
            privileged,
            host_path_mount,
            host_network,
            hardened,
            service_account,
            image_scanned,
            image_signed,
            runtime,
            runtime_updates,
            package_type,
            endpoint_access,
            endpoint_allowed_cidrs,
            secrets_encryption,
            policy,
            source_pinned,
            throttling,
            permissions,
        } = self;
        Self {
            exposure: exposure.or(defaults.exposure),
            public_entry: public_entry.or(defaults.public_entry),
            data: data.clone().or_else(|| defaults.data.clone()),
            encryption_at_rest: encryption_at_rest.or(defaults.encryption_at_rest),
            logging: logging.or(defaults.logging),
            requires_authentication: requires_authentication.or(defaults.requires_authentication),
            ingress_restricted: ingress_restricted.or(defaults.ingress_restricted),
            validates_input: validates_input.or(defaults.validates_input),
            executes_input: executes_input.or(defaults.executes_input),
            secret_storage: secret_storage.or(defaults.secret_storage),
            software: software.or(defaults.software),
            node_management: node_management.or(defaults.node_management),
            patch_status: patch_status.or(defaults.patch_status),
            instance_metadata: instance_metadata.or(defaults.instance_metadata),
            container_runtime_version: container_runtime_version
                .clone()
                .or_else(|| defaults.container_runtime_version.clone()),
            kubernetes_version: kubernetes_version.clone().or_else(|| defaults.kubernetes_version.clone()),
            privileged: privileged.or(defaults.privileged),
            host_path_mount: host_path_mount.or(defaults.host_path_mount),
            host_network: host_network.or(defaults.host_network),
            hardened: hardened.or(defaults.hardened),
            service_account: service_account.clone().or_else(|| defaults.service_account.clone()),
            image_scanned: image_scanned.or(defaults.image_scanned),
            image_signed: image_signed.or(defaults.image_signed),
            runtime: runtime.clone().or_else(|| defaults.runtime.clone()),
            runtime_updates: runtime_updates.or(defaults.runtime_updates),
            package_type: package_type.or(defaults.package_type),
            endpoint_access: endpoint_access.or(defaults.endpoint_access),
            endpoint_allowed_cidrs: endpoint_allowed_cidrs.clone().or_else(|| defaults.endpoint_allowed_cidrs.clone()),
            secrets_encryption: secrets_encryption.or(defaults.secrets_encryption),
            policy: policy.or(defaults.policy),
            source_pinned: source_pinned.or(defaults.source_pinned),
            throttling: throttling.or(defaults.throttling),
            permissions: permissions.clone().or_else(|| defaults.permissions.clone()),
        }
    }

    /// The keys that are set, for checking them against the kind's applicable properties, in key order.
    pub fn set_keys(&self) -> Vec<PropertyKey> {
        use PropertyKey as K;
        let Self {
            exposure,
            public_entry,
            data,
            encryption_at_rest,
            logging,
            requires_authentication,
            ingress_restricted,
            validates_input,
            executes_input,
            secret_storage,
            software,
            node_management,
            patch_status,
            instance_metadata,
            container_runtime_version,
            kubernetes_version,
            privileged,
            host_path_mount,
            host_network,
            hardened,
            service_account,
            image_scanned,
            image_signed,
            runtime,
            runtime_updates,
            package_type,
            endpoint_access,
            endpoint_allowed_cidrs,
            secrets_encryption,
            policy,
            source_pinned,
            throttling,
            permissions,
        } = self;
        [
            (K::Exposure, exposure.is_some()),
            (K::PublicEntry, public_entry.is_some()),
            (K::Data, data.is_some()),
            (K::EncryptionAtRest, encryption_at_rest.is_some()),
            (K::Logging, logging.is_some()),
            (K::RequiresAuthentication, requires_authentication.is_some()),
            (K::IngressRestricted, ingress_restricted.is_some()),
            (K::ValidatesInput, validates_input.is_some()),
            (K::ExecutesInput, executes_input.is_some()),
            (K::SecretStorage, secret_storage.is_some()),
            (K::Software, software.is_some()),
            (K::NodeManagement, node_management.is_some()),
            (K::PatchStatus, patch_status.is_some()),
            (K::InstanceMetadata, instance_metadata.is_some()),
            (K::ContainerRuntimeVersion, container_runtime_version.is_some()),
            (K::KubernetesVersion, kubernetes_version.is_some()),
            (K::Privileged, privileged.is_some()),
            (K::HostPathMount, host_path_mount.is_some()),
            (K::HostNetwork, host_network.is_some()),
            (K::Hardened, hardened.is_some()),
            (K::ServiceAccount, service_account.is_some()),
            (K::ImageScanned, image_scanned.is_some()),
            (K::ImageSigned, image_signed.is_some()),
            (K::Runtime, runtime.is_some()),
            (K::RuntimeUpdates, runtime_updates.is_some()),
            (K::PackageType, package_type.is_some()),
            (K::EndpointAccess, endpoint_access.is_some()),
            (K::EndpointAllowedCidrs, endpoint_allowed_cidrs.is_some()),
            (K::SecretsEncryption, secrets_encryption.is_some()),
            (K::Policy, policy.is_some()),
            (K::SourcePinned, source_pinned.is_some()),
            (K::Throttling, throttling.is_some()),
            (K::Permissions, permissions.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn set_keys_agree_with_the_serialised_names() {
        use crate::model::named::Named as _;
        let everything = Properties {
            exposure: Some(Exposure::Public),
            public_entry: Some(true),
            data: Some(DataProfile {
                classification: Classification::Public,
                confidentiality: None,
                integrity: None,
                availability: None,
            }),
            encryption_at_rest: Some(true),
            logging: Some(true),
            requires_authentication: Some(true),
            ingress_restricted: Some(true),
            validates_input: Some(true),
            executes_input: Some(true),
            secret_storage: Some(SecretStorage::None),
            software: Some(Software::Other),
            node_management: Some(NodeManagement::AutoMode),
            patch_status: Some(PatchStatus::Current),
            instance_metadata: Some(InstanceMetadata { imdsv2_required: true, hop_limit: 1 }),
            container_runtime_version: Some("1".into()),
            kubernetes_version: Some("1".into()),
            privileged: Some(true),
            host_path_mount: Some(true),
            host_network: Some(true),
            hardened: Some(true),
            service_account: Some(ServiceAccount { automount_token: true, permissions: Vec::new() }),
            image_scanned: Some(true),
            image_signed: Some(true),
            runtime: Some("x".into()),
            runtime_updates: Some(RuntimeUpdates::Auto),
            package_type: Some(PackageType::Zip),
            endpoint_access: Some(EndpointAccess::Private),
            endpoint_allowed_cidrs: Some(Vec::new()),
            secrets_encryption: Some(true),
            policy: Some(ResourcePolicy { any_principal: false, source_condition: false }),
            source_pinned: Some(true),
            throttling: Some(true),
            permissions: Some(Vec::new()),
        };
        let json = serde_json::to_value(&everything).unwrap();
        let mut from_json: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        from_json.sort_unstable();
        let mut from_keys: Vec<&str> = everything.set_keys().iter().map(|k| k.as_str()).collect();
        assert_eq!(from_keys.len(), PropertyKey::ALL.len(), "every key is set");
        from_keys.sort_unstable();
        assert_eq!(from_keys, from_json);
    }

    #[test]
    fn set_keys_names_every_set_field() {
        let props = Properties { privileged: Some(false), permissions: Some(Vec::new()), ..Properties::default() };
        assert_eq!(props.set_keys(), vec![PropertyKey::Privileged, PropertyKey::Permissions]);
    }

    #[test]
    fn metadata_reachability_follows_domain_rule_3() {
        assert!(InstanceMetadata { imdsv2_required: false, hop_limit: 1 }.reachable_from_pods());
        assert!(InstanceMetadata { imdsv2_required: true, hop_limit: 2 }.reachable_from_pods());
        assert!(!InstanceMetadata { imdsv2_required: true, hop_limit: 1 }.reachable_from_pods());
    }

    #[test]
    fn wildcards_are_recognised() {
        let p = Permission { actions: vec!["sqs:*".into()], resources: vec!["orders".into()] };
        assert!(p.has_wildcard_action());
        assert!(!p.has_wildcard_resource());
    }
}
