//! Security properties of a component, described once in a registry: what the threat rules, blast radius and
//! responsibility read, and what the inspector, the validator, the decoder and the documentation show.
//!
//! Every property is written once, in [`with_properties!`]'s table: its field, type, label, one line of help and
//! value shape. The [`Properties`] struct, [`PropertyKey`], [`Properties::or`], [`Properties::set_keys`],
//! [`Properties::clear`], [`Properties::get_json`], the syntax checks and the registry ([`spec`], [`properties`]) are generated
//! from it here; the file decoder is generated from the same table in `io`. Which kinds take a property, and their
//! defaults, are the catalog's ([`spec`] answers both per property).
//!
//! Every field is optional: `None` means "the diagram does not say", and the catalog's default for the kind
//! applies (see [`Properties::or`]). Names say what a property means, not how AWS spells the setting.

pub mod names;
mod services;
pub mod spec;
mod values;

use serde::Serialize;

pub use services::*;
pub use spec::{Field, Syntax, ValueType};
pub use values::*;

use crate::model::catalog;
use crate::model::kind::ComponentKind;

/// The property table. Calls `$callback!` with one entry per property:
/// `Variant field: Type { label: "...", help: "...", value: ValueType }`, in file order.
macro_rules! with_properties {
    ($callback:ident) => {
        $callback! {
            /// Reachable from the internet or not.
            Exposure exposure: Exposure {
                label: "Exposure",
                help: "Reachable from the internet, or only from inside its networks (a subnet: whether it routes to an internet gateway).",
                value: ValueType::Choice(Exposure::SPELLINGS),
            }
            /// An intended public entry point (a website, a public API): unauthenticated calls to it are expected.
            PublicEntry public_entry: bool {
                label: "Public entry point",
                help: "An intended public entry point (a website, a public API): unauthenticated calls from the internet are expected. Load balancers and API gateways are by default; false says this one must authenticate.",
                value: ValueType::Bool,
            }
            /// The data it stores or processes.
            Data data: DataProfile {
                label: "Data",
                help: "The most sensitive data it stores or processes, and how much each CIA corner matters for it.",
                value: ValueType::Object(&DATA_FIELDS),
            }
            /// Data at rest is encrypted (`None`: the service default).
            EncryptionAtRest encryption_at_rest: bool {
                label: "Encrypted at rest",
                help: "Data at rest is encrypted; not set means the service default (SQS yes, SNS no, RDS no).",
                value: ValueType::Bool,
            }
            /// Access or audit logs are on (for an EKS control plane: audit logging).
            Logging logging: bool {
                label: "Logging",
                help: "Access or audit logs are on (a VPC: flow logs; an EKS control plane: audit logging).",
                value: ValueType::Bool,
            }
            /// Its listener requires the caller to authenticate (a password-protected database counts).
            RequiresAuthentication requires_authentication: bool {
                label: "Requires authentication",
                help: "Its listener requires callers to authenticate (a password-protected database counts).",
                value: ValueType::Bool,
            }
            /// Security groups or network policies admit only named sources.
            IngressRestricted ingress_restricted: bool {
                label: "Ingress restricted",
                help: "Security groups or network policies admit only named sources.",
                value: ValueType::Bool,
            }
            /// It validates the schema of messages and events it receives.
            ValidatesInput validates_input: bool {
                label: "Validates input",
                help: "It validates the schema of the requests, messages and events it receives.",
                value: ValueType::Bool,
            }
            /// It executes or deserialises its input unsafely, so injected input gives control.
            ExecutesInput executes_input: bool {
                label: "Executes input",
                help: "It executes or deserialises its input unsafely, so injected input gives control of it.",
                value: ValueType::Bool,
            }
            /// Where it keeps the secrets it uses.
            SecretStorage secret_storage: SecretStorage {
                label: "Secret storage",
                help: "Where it keeps the secrets it uses: none, in code or the image, in plain environment variables, or fetched from a secrets store.",
                value: ValueType::Choice(SecretStorage::SPELLINGS),
            }
            /// Software it runs that AWS also offers as a managed service.
            Software software: Software {
                label: "Self-run software",
                help: "Software it runs itself where AWS offers a managed service.",
                value: ValueType::Choice(Software::SPELLINGS),
            }
            /// Who patches a worker node.
            NodeManagement node_management: NodeManagement {
                label: "Node management",
                help: "Who patches a worker node: the customer (self-managed), AWS's AMIs rolled by the customer (managed node group), or EKS (Auto Mode).",
                value: ValueType::Choice(NodeManagement::SPELLINGS),
            }
            /// Whether the OS (node) or engine is patched.
            PatchStatus patch_status: PatchStatus {
                label: "Patch status",
                help: "Whether the operating system (a node) or the engine (a database) is kept current.",
                value: ValueType::Choice(PatchStatus::SPELLINGS),
            }
            /// Instance-metadata settings of a node.
            InstanceMetadata instance_metadata: InstanceMetadata {
                label: "Instance metadata",
                help: "The node's instance-metadata settings: pods reach its credentials unless IMDSv2 is required with a hop limit of 1.",
                value: ValueType::Object(&METADATA_FIELDS),
            }
            /// Container runtime version on a node (e.g. `1.7.22` for containerd), or a status.
            ContainerRuntimeVersion container_runtime_version: String {
                label: "Container runtime version",
                help: "The node's container runtime version (e.g. 1.7.27 for containerd), or current / outdated / unknown.",
                value: ValueType::Text(Syntax::RuntimeVersionOrStatus),
            }
            /// Kubernetes version of a cluster's control plane or a node's kubelet (e.g. `1.31`), or a status.
            KubernetesVersion kubernetes_version: String {
                label: "Kubernetes version",
                help: "Kubernetes version of a control plane or a node's kubelet (e.g. 1.31), or current / outdated / unknown.",
                value: ValueType::Text(Syntax::VersionOrStatus),
            }
            /// The pod or container runs privileged.
            Privileged privileged: bool {
                label: "Privileged",
                help: "The pod or container runs privileged.",
                value: ValueType::Bool,
            }
            /// It mounts a path of the host.
            HostPathMount host_path_mount: bool {
                label: "Mounts a host path",
                help: "It mounts a path of the host.",
                value: ValueType::Bool,
            }
            /// It uses the host's network namespace.
            HostNetwork host_network: bool {
                label: "Host network",
                help: "It uses the host's network namespace.",
                value: ValueType::Bool,
            }
            /// Runs as non-root with a read-only root file system, dropped capabilities and a seccomp profile.
            Hardened hardened: bool {
                label: "Hardened",
                help: "Runs as non-root with a read-only root file system, dropped capabilities and a seccomp profile.",
                value: ValueType::Bool,
            }
            /// Its Kubernetes service account.
            ServiceAccount service_account: ServiceAccount {
                label: "Service account",
                help: "Its Kubernetes service account: whether the token is mounted and what its RBAC bindings allow.",
                value: ValueType::Object(&SERVICE_ACCOUNT_FIELDS),
            }
            /// Images are scanned for vulnerabilities (for a registry: scan on push).
            ImageScanned image_scanned: bool {
                label: "Images scanned",
                help: "Images are scanned for vulnerabilities (a registry: scan on push).",
                value: ValueType::Bool,
            }
            /// Images are signed and the signature is verified before they run.
            ImageSigned image_signed: bool {
                label: "Images signed",
                help: "Images are signed and the signature is verified before they run.",
                value: ValueType::Bool,
            }
            /// Language runtime or base image (`python3.12`, `nodejs20.x`, `java21` ...).
            Runtime runtime: String {
                label: "Runtime",
                help: "Language runtime, base image or engine version (python3.12, nodejs20.x, java21, postgres16.4 ...).",
                value: ValueType::Text(Syntax::Runtime),
            }
            /// How a Lambda function's runtime gets updates.
            RuntimeUpdates runtime_updates: RuntimeUpdates {
                label: "Runtime updates",
                help: "How a Lambda function's managed runtime is updated: automatically, on the next deployment, or pinned.",
                value: ValueType::Choice(RuntimeUpdates::SPELLINGS),
            }
            /// How a Lambda function is packaged.
            PackageType package_type: PackageType {
                label: "Package type",
                help: "How a Lambda function is packaged: a zip on a managed runtime, or a container image (its OS layers are the customer's).",
                value: ValueType::Choice(PackageType::SPELLINGS),
            }
            /// Who can reach an EKS API endpoint.
            EndpointAccess endpoint_access: EndpointAccess {
                label: "Endpoint access",
                help: "Who can reach the EKS Kubernetes API endpoint: from the internet, from inside the VPC, or both.",
                value: ValueType::Choice(EndpointAccess::SPELLINGS),
            }
            /// Address ranges allowed to reach a public endpoint (`0.0.0.0/0` or empty: everyone).
            EndpointAllowedCidrs endpoint_allowed_cidrs: Vec<String> {
                label: "Endpoint allowed CIDRs",
                help: "Address ranges allowed to reach a public endpoint; 0.0.0.0/0 or an empty list means everyone.",
                value: ValueType::TextList(Syntax::Cidr),
            }
            /// Kubernetes Secrets are envelope-encrypted with the customer's own KMS key.
            SecretsEncryption secrets_encryption: bool {
                label: "Secrets encryption",
                help: "Kubernetes Secrets are envelope-encrypted with the customer's own KMS key.",
                value: ValueType::Bool,
            }
            /// Resource policy of a queue, topic, bus or bucket.
            Policy policy: ResourcePolicy {
                label: "Resource policy",
                help: "Its resource policy: open to anyone on AWS when a statement allows any principal without a source condition.",
                value: ValueType::Object(&POLICY_FIELDS),
            }
            /// An event bus's rules pin the event source, so a publisher cannot pose as another.
            SourcePinned source_pinned: bool {
                label: "Source pinned",
                help: "The event bus's rules pin the event source, so one publisher cannot pose as another.",
                value: ValueType::Bool,
            }
            /// Rate limiting / throttling is configured.
            Throttling throttling: bool {
                label: "Throttling",
                help: "Rate limiting (throttling) is configured.",
                value: ValueType::Bool,
            }
            /// IAM policy statements of a role.
            Permissions permissions: Vec<Permission> {
                label: "Permissions",
                help: "The role's IAM policy statements: actions on component ids, ARNs of resources not drawn, or * for every resource of the action's service.",
                value: ValueType::ObjectList(&PERMISSION_FIELDS),
            }
            // Added for real templates (issue 14): node security groups, CORS, database engines, managed policies.
            /// Address ranges a node's security group admits (`0.0.0.0/0`: anyone who can route to it).
            IngressCidrs ingress_cidrs: Vec<String> {
                label: "Ingress CIDRs",
                help: "Address ranges the node's security group admits from outside the cluster; 0.0.0.0/0 admits anyone who can route to it.",
                value: ValueType::TextList(Syntax::Cidr),
            }
            /// Origins whose browser scripts may call it (`*`: every origin, or the caller's origin reflected).
            CorsOrigins cors_origins: Vec<String> {
                label: "CORS allowed origins",
                help: "Origins whose browser scripts may call it (https://shop.example.com); * means every origin, including an API that reflects the caller's Origin header.",
                value: ValueType::TextList(Syntax::Origin),
            }
            /// CORS lets those scripts send the user's cookies or credentials.
            CorsCredentials cors_credentials: bool {
                label: "CORS allows credentials",
                help: "Its CORS answer allows credentials (Access-Control-Allow-Credentials: true), so other sites' scripts call it as the signed-in user.",
                value: ValueType::Bool,
            }
            /// The database engine.
            Engine engine: DatabaseEngine {
                label: "Engine",
                help: "The database engine, as RDS names it (postgres, mysql, aurora-postgresql ...).",
                value: ValueType::Choice(DatabaseEngine::SPELLINGS),
            }
            /// The engine version (`16.4`, `5.7.mysql_aurora.2.11.2`), or a status.
            EngineVersion engine_version: String {
                label: "Engine version",
                help: "The engine version (16.4, 8.0.39, 5.7.mysql_aurora.2.11.2), or current / outdated / unknown; checked against the engine support table.",
                value: ValueType::Text(Syntax::EngineVersionOrStatus),
            }
            /// AWS managed policies attached to a role, by name.
            ManagedPolicies managed_policies: Vec<String> {
                label: "Managed policies",
                help: "AWS managed policies attached to the role, by name (AWSLambdaBasicExecutionRole, AmazonEKSWorkerNodePolicy ...): they add their statements from the bundled table.",
                value: ValueType::TextList(Syntax::ManagedPolicy),
            }
            /// AWS SAM policy templates of a function's role, each on one resource.
            PolicyTemplates policy_templates: Vec<PolicyTemplate> {
                label: "SAM policy templates",
                help: "AWS SAM policy templates of the role (DynamoDBCrudPolicy on a table ...): they add their statements on the named component, from the bundled table.",
                value: ValueType::ObjectList(&TEMPLATE_FIELDS),
            }
            // Version 4: the properties of the service kinds real architectures use (ECS, VPC endpoints, CloudFront,
            // API types, caches, RDS Proxy, external registries). See `ADDED_IN_4`.
            /// An ECS task's network mode.
            NetworkMode network_mode: NetworkMode {
                label: "Network mode",
                help: "An ECS task's network mode: awsvpc (its own interface and security groups; the only mode on Fargate), bridge (the container instance's Docker bridge) or host (the instance's network namespace: it reaches instance metadata).",
                value: ValueType::Choice(NetworkMode::SPELLINGS),
            }
            /// The root file system is read-only.
            ReadOnlyRoot read_only_root: bool {
                label: "Read-only root",
                help: "Its containers' root file system is read-only (an ECS task definition's readonlyRootFilesystem).",
                value: ValueType::Bool,
            }
            /// Images are referenced by digest rather than by a tag that can move.
            ImagePinned image_pinned: bool {
                label: "Images pinned by digest",
                help: "Its images are referenced by digest (@sha256:...); false: by a tag such as latest, which whoever controls the registry can point at other code.",
                value: ValueType::Bool,
            }
            /// Who controls an external registry's images.
            RegistryType registry_type: RegistryType {
                label: "Registry type",
                help: "Who controls the registry's images: a public registry (images published by others), a person's own account, or the organisation's own account outside AWS.",
                value: ValueType::Choice(RegistryType::SPELLINGS),
            }
            /// REST, HTTP or WebSocket API.
            ApiType api_type: ApiType {
                label: "API type",
                help: "The API Gateway flavour: rest (takes a WAF web ACL), http or websocket (no WAF association; put CloudFront with a WAF in front).",
                value: ValueType::Choice(ApiType::SPELLINGS),
            }
            /// Gateway or interface endpoint.
            EndpointType endpoint_type: VpcEndpointType {
                label: "Endpoint type",
                help: "A VPC endpoint's type: gateway (a route for S3 or DynamoDB) or interface (PrivateLink network interfaces in the subnets).",
                value: ValueType::Choice(VpcEndpointType::SPELLINGS),
            }
            /// The oldest TLS version viewers may use.
            MinimumTls minimum_tls: MinimumTls {
                label: "Minimum TLS",
                help: "The oldest TLS version its viewer security policy accepts (CloudFront's TLSv1.2_2021 is tls1.2; TLSv1 and TLSv1_2016 are tls1.0).",
                value: ValueType::Choice(MinimumTls::SPELLINGS),
            }
            /// How CloudFront reads its S3 origins.
            OriginAccess origin_access: OriginAccess {
                label: "Origin access",
                help: "How the distribution reads S3 origins: origin access control (oac), the legacy origin access identity (oai), or none (the bucket must be public).",
                value: ValueType::Choice(OriginAccess::SPELLINGS),
            }
            /// Traffic to it must use TLS.
            EncryptionInTransit encryption_in_transit: bool {
                label: "Encrypted in transit",
                help: "Its listener accepts only TLS connections (ElastiCache in-transit encryption, RDS Proxy Require TLS).",
                value: ValueType::Bool,
            }
            /// How an RDS Proxy signs in to its database.
            DatabaseAuth database_auth: DatabaseAuth {
                label: "Database authentication",
                help: "How an RDS Proxy signs in to its database: IAM (no stored password) or a password it reads from Secrets Manager.",
                value: ValueType::Choice(DatabaseAuth::SPELLINGS),
            }
        }
    };
}
pub(crate) use with_properties;

/// The properties format version 4 added: a diagram that sets one is saved as version 4.
pub const ADDED_IN_4: &[PropertyKey] = &[
    PropertyKey::NetworkMode,
    PropertyKey::ReadOnlyRoot,
    PropertyKey::ImagePinned,
    PropertyKey::RegistryType,
    PropertyKey::ApiType,
    PropertyKey::EndpointType,
    PropertyKey::MinimumTls,
    PropertyKey::OriginAccess,
    PropertyKey::EncryptionInTransit,
    PropertyKey::DatabaseAuth,
    PropertyKey::IngressCidrs,
    PropertyKey::CorsOrigins,
    PropertyKey::CorsCredentials,
    PropertyKey::Engine,
    PropertyKey::EngineVersion,
    PropertyKey::ManagedPolicies,
    PropertyKey::PolicyTemplates,
];

static CLASSIFICATION: ValueType = ValueType::Choice(Classification::SPELLINGS);
static IMPORTANCE: ValueType = ValueType::Choice(Importance::SPELLINGS);
static BOOL: ValueType = ValueType::Bool;
static HOP_LIMIT: ValueType = ValueType::Integer { min: 1, max: 64 };
static KUBERNETES_PERMISSIONS: ValueType = ValueType::ChoiceList(KubernetesPermission::SPELLINGS);
static ACTIONS: ValueType = ValueType::TextList(Syntax::IamAction);
static RESOURCES: ValueType = ValueType::TextList(Syntax::ResourceRef);

static DATA_FIELDS: [Field; 4] = [
    Field { name: "classification", help: "How sensitive the data is.", value: &CLASSIFICATION, required: true },
    Field {
        name: "confidentiality",
        help: "How much leaking it matters (follows the classification when not set).",
        value: &IMPORTANCE,
        required: false,
    },
    Field {
        name: "integrity",
        help: "How much an unauthorised change matters (medium when not set).",
        value: &IMPORTANCE,
        required: false,
    },
    Field {
        name: "availability",
        help: "How much losing it matters (medium when not set).",
        value: &IMPORTANCE,
        required: false,
    },
];

static METADATA_FIELDS: [Field; 2] = [
    Field {
        name: "imdsv2_required",
        help: "IMDSv2 (session tokens) is required; IMDSv1 is off.",
        value: &BOOL,
        required: true,
    },
    Field {
        name: "hop_limit",
        help: "The PUT response hop limit: 1 keeps pods (one hop further) away from the node's credentials.",
        value: &HOP_LIMIT,
        required: true,
    },
];

static SERVICE_ACCOUNT_FIELDS: [Field; 2] = [
    Field {
        name: "automount_token",
        help: "The token is mounted into the pod (Kubernetes' default).",
        value: &BOOL,
        required: true,
    },
    Field {
        name: "permissions",
        help: "What its RBAC bindings allow.",
        value: &KUBERNETES_PERMISSIONS,
        required: false,
    },
];

static POLICY_FIELDS: [Field; 2] = [
    Field {
        name: "any_principal",
        help: "A statement allows any principal (\"Principal\": \"*\").",
        value: &BOOL,
        required: true,
    },
    Field {
        name: "source_condition",
        help: "That statement is limited by a source account, source ARN or organisation condition.",
        value: &BOOL,
        required: true,
    },
];

static TEMPLATE: ValueType = ValueType::Text(Syntax::PolicyTemplate);
static TEMPLATE_RESOURCE: ValueType = ValueType::Text(Syntax::ResourceRef);
static CONDITIONS: ValueType = ValueType::ChoiceList(ConditionKey::SPELLINGS);

static TEMPLATE_FIELDS: [Field; 2] = [
    Field {
        name: "name",
        help: "The SAM policy template, such as DynamoDBCrudPolicy.",
        value: &TEMPLATE,
        required: true,
    },
    Field {
        name: "resource",
        help: "The component (or ARN) its parameter names: the table, queue, bucket, topic or function; leave it out for templates without one.",
        value: &TEMPLATE_RESOURCE,
        required: false,
    },
];

static PERMISSION_FIELDS: [Field; 3] = [
    Field { name: "actions", help: "Actions such as s3:GetObject, sqs:* or *.", value: &ACTIONS, required: true },
    Field {
        name: "resources",
        help: "Component ids the actions apply to, ARNs of resources that are not drawn (a log group, a table in another account), or * for every resource of the action's service in the account.",
        value: &RESOURCES,
        required: true,
    },
    Field {
        name: "conditions",
        help: "Condition keys the statement is limited by: with aws:SourceAccount or aws:SourceArn only an AWS service acting for the role can use it (not whoever holds the role's credentials); aws:PrincipalOrgID narrows nothing for the role's own statement; events:source keeps events:PutEvents to the role's own event source.",
        value: &CONDITIONS,
        required: false,
    },
];

/// The registry entry of one property.
#[derive(Clone, Copy, Debug)]
pub struct PropertySpec {
    /// The key.
    pub key: PropertyKey,
    /// Label for the inspector.
    pub label: &'static str,
    /// One line of help.
    pub help: &'static str,
    /// The shape of its value.
    pub value: ValueType,
}

impl PropertySpec {
    /// The JSON name.
    pub fn name(&self) -> &'static str {
        use crate::model::named::Named as _;
        self.key.as_str()
    }

    /// The kinds that take this property, in kind order.
    pub fn kinds(&self) -> Vec<ComponentKind> {
        catalog::all().filter(|entry| entry.properties.contains(&self.key)).map(|entry| entry.kind).collect()
    }

    /// The value assumed for `kind` when the diagram does not say, as JSON.
    pub fn default_for(&self, kind: ComponentKind) -> Option<serde_json::Value> {
        (catalog::info(kind).defaults)().get_json(self.key)
    }
}

macro_rules! define_properties {
    ( $( $(#[$doc:meta])* $variant:ident $field:ident : $ty:ty {
        label: $label:literal, help: $help:literal, value: $value:expr $(,)?
    } )+ ) => {
        crate::named_enum! {
            /// The keys of [`Properties`], as written in files; the catalog lists which apply to each kind.
            pub enum PropertyKey: "property" {
                $( #[doc = concat!("`", stringify!($field), "`")] $variant = stringify!($field) ),+
            }
        }

        /// Security properties of a component. See the module doc for the meaning of `None`.
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
        pub struct Properties {
            $(
                $(#[$doc])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )+
        }

        /// The registry entry of `key`.
        pub fn spec(key: PropertyKey) -> &'static PropertySpec {
            match key {
                $( PropertyKey::$variant => {
                    static SPEC: PropertySpec =
                        PropertySpec { key: PropertyKey::$variant, label: $label, help: $help, value: $value };
                    &SPEC
                } )+
            }
        }

        impl Properties {
            /// Nothing set (usable in statics).
            pub const EMPTY: Self = Self { $( $field: None, )+ };

            /// These properties, with every unset one taken from `defaults`.
            #[must_use]
            pub fn or(&self, defaults: &Self) -> Self {
                Self { $( $field: self.$field.clone().or_else(|| defaults.$field.clone()), )+ }
            }

            /// The keys that are set, in key order.
            pub fn set_keys(&self) -> Vec<PropertyKey> {
                let mut keys = Vec::new();
                $( if self.$field.is_some() { keys.push(PropertyKey::$variant); } )+
                keys
            }

            /// Whether `key` is set.
            pub fn is_set(&self, key: PropertyKey) -> bool {
                match key { $( PropertyKey::$variant => self.$field.is_some(), )+ }
            }

            /// Unsets `key`.
            pub fn clear(&mut self, key: PropertyKey) {
                match key { $( PropertyKey::$variant => self.$field = None, )+ }
            }

            /// The value of `key` as it is written in files, if set.
            pub fn get_json(&self, key: PropertyKey) -> Option<serde_json::Value> {
                match key { $( PropertyKey::$variant => self.$field.as_ref().and_then(|v| serde_json::to_value(v).ok()), )+ }
            }

            /// Copies `key` from `other` (set or unset).
            pub fn copy_from(&mut self, other: &Self, key: PropertyKey) {
                match key { $( PropertyKey::$variant => self.$field.clone_from(&other.$field), )+ }
            }

            /// The keys whose values differ between these properties and `other` (set, unset or changed).
            pub fn differing(&self, other: &Self) -> KeySet {
                let mut keys = KeySet::EMPTY;
                $( if self.$field != other.$field { keys = keys.with(PropertyKey::$variant); } )+
                keys
            }
        }
    };
}

with_properties!(define_properties);

/// A set of property keys (what an edit changed, what an analysis stage reads), as bits: cheap to build in a
/// `const`, to join and to intersect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct KeySet(u64);

// One bit per key.
const _: () = assert!(<PropertyKey as crate::model::named::Named>::ALL.len() <= 64);

impl KeySet {
    /// No key.
    pub const EMPTY: Self = Self(0);

    /// Every key.
    pub const ALL: Self = Self::of(<PropertyKey as crate::model::named::Named>::ALL);

    /// The given keys.
    pub const fn of(keys: &[PropertyKey]) -> Self {
        let mut set = Self::EMPTY;
        let mut i = 0;
        while i < keys.len() {
            set = set.with(keys[i]);
            i += 1;
        }
        set
    }

    /// This set and `key`.
    #[must_use]
    pub const fn with(self, key: PropertyKey) -> Self {
        Self(self.0 | 1 << key as u32)
    }

    /// This set without `key`.
    #[must_use]
    pub const fn without(self, key: PropertyKey) -> Self {
        Self(self.0 & !(1 << key as u32))
    }

    /// Both sets' keys.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether the sets share a key.
    pub const fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether `key` is in the set.
    pub const fn contains(self, key: PropertyKey) -> bool {
        self.0 & (1 << key as u32) != 0
    }

    /// Whether the set holds no key.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The keys, in key order.
    pub fn keys(self) -> impl Iterator<Item = PropertyKey> {
        use crate::model::named::Named as _;
        PropertyKey::ALL.iter().copied().filter(move |&key| self.contains(key))
    }
}

/// The registry: every property's entry, in key order.
pub fn properties() -> impl Iterator<Item = &'static PropertySpec> {
    use crate::model::named::Named as _;
    PropertyKey::ALL.iter().map(|&key| spec(key))
}

/// Where a property that `kind` does not take belongs, for the validator's message: the child kind that takes it
/// ("set it on the cluster's eks-control-plane") or the kinds that do.
pub fn where_it_belongs(key: PropertyKey, kind: ComponentKind) -> String {
    use crate::model::named::Named as _;
    let spec = spec(key);
    let takers = spec.kinds();
    if let Some(child) = catalog::children_of(kind).into_iter().find(|child| takers.contains(child)) {
        return format!("set it on the {}'s {child}", kind.as_str().rsplit('-').next().unwrap_or(kind.as_str()));
    }
    if takers.is_empty() {
        return "no kind takes it".to_owned();
    }
    let names: Vec<&str> = takers.iter().map(|k| k.as_str()).collect();
    format!("it applies to {}", names.join(", "))
}

/// Syntax problems of the set values, as (path below `properties`, message): text and list values against their
/// [`Syntax`], integers against their range.
pub fn syntax_problems(properties: &Properties) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for key in properties.set_keys() {
        let spec = spec(key);
        if let Some(value) = properties.get_json(key) {
            check_value(spec.name(), &spec.value, &value, &mut problems);
        }
    }
    problems
}

fn check_value(path: &str, value_type: &ValueType, value: &serde_json::Value, problems: &mut Vec<(String, String)>) {
    use serde_json::Value as V;
    match (value_type, value) {
        (ValueType::Text(syntax), V::String(text)) => {
            if let Err(why) = syntax.check(text) {
                problems.push((path.to_owned(), why));
            }
        }
        (ValueType::TextList(syntax), V::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let V::String(text) = item
                    && let Err(why) = syntax.check(text)
                {
                    problems.push((format!("{path}[{i}]"), why));
                }
            }
        }
        (ValueType::Integer { min, max }, V::Number(number))
            if number.as_i64().is_none_or(|n| n < *min || n > *max) =>
        {
            problems.push((path.to_owned(), format!("{number} is outside {min}..={max}")));
        }
        (ValueType::Object(fields), V::Object(map)) => {
            for field in *fields {
                if let Some(inner) = map.get(field.name) {
                    check_value(&format!("{path}.{}", field.name), field.value, inner, problems);
                }
            }
        }
        (ValueType::ObjectList(fields), V::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check_value(&format!("{path}[{i}]"), &ValueType::Object(fields), item, problems);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
