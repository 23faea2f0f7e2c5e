//! The value types of component properties: closed sets of choices and the small object shapes (data profile,
//! instance metadata, service account, resource policy, IAM statement). The registry in the parent module says
//! which property holds which type.

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
    /// Who patches an EC2 worker node .
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
    /// Open to anyone on AWS (any principal and no source condition).
    pub fn is_open(self) -> bool {
        self.any_principal && !self.source_condition
    }
}

/// One IAM policy statement an `iam-role` holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Permission {
    /// Actions such as `s3:GetObject`, `sqs:*` or `*`.
    pub actions: Vec<String>,
    /// Element ids the actions apply to, ARNs of resources that are not drawn, or `*` for every resource of the
    /// action's service in the account.
    pub resources: Vec<String>,
    /// Condition keys that limit the statement; sorted and unique.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionKey>,
}

impl Permission {
    /// A statement without conditions.
    pub fn new(actions: Vec<String>, resources: Vec<String>) -> Self {
        Self { actions, resources, conditions: Vec::new() }
    }

    /// Usable only by an AWS service acting for the role (an `aws:SourceAccount` or `aws:SourceArn` condition):
    /// requests made with the role's credentials alone carry no source, so the condition fails for them.
    pub fn service_only(&self) -> bool {
        self.conditions.iter().any(|c| matches!(c, ConditionKey::SourceAccount | ConditionKey::SourceArn))
    }

    /// `events:PutEvents` is limited to the publisher's own event source.
    pub fn source_pinned(&self) -> bool {
        self.conditions.contains(&ConditionKey::EventsSource)
    }
}

crate::named_enum! {
    /// IAM condition keys that matter for who reaches what.
    pub enum ConditionKey: "condition key" {
        /// `aws:SourceAccount`: only requests made on behalf of this account.
        SourceAccount = "aws:SourceAccount",
        /// `aws:SourceArn`: only requests made on behalf of this resource.
        SourceArn = "aws:SourceArn",
        /// `aws:PrincipalOrgID`: only principals of this organisation.
        PrincipalOrgId = "aws:PrincipalOrgID",
        /// `events:source`: only events of these sources.
        EventsSource = "events:source",
    }
}

crate::named_enum! {
    /// A database engine, as RDS names it.
    pub enum DatabaseEngine: "database engine" {
        /// RDS for PostgreSQL.
        Postgres = "postgres",
        /// RDS for MySQL.
        Mysql = "mysql",
        /// RDS for MariaDB.
        Mariadb = "mariadb",
        /// Aurora PostgreSQL-Compatible Edition.
        AuroraPostgresql = "aurora-postgresql",
        /// Aurora MySQL-Compatible Edition.
        AuroraMysql = "aurora-mysql",
        /// RDS for Oracle.
        Oracle = "oracle",
        /// RDS for SQL Server.
        Sqlserver = "sqlserver",
    }
}

/// An AWS SAM policy template on the resource its parameter names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyTemplate {
    /// The template's name (`DynamoDBCrudPolicy`).
    pub name: String,
    /// The component id or ARN of its parameter, if it takes one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_reachability_follows_the_hop_limit() {
        assert!(InstanceMetadata { imdsv2_required: false, hop_limit: 1 }.reachable_from_pods());
        assert!(InstanceMetadata { imdsv2_required: true, hop_limit: 2 }.reachable_from_pods());
        assert!(!InstanceMetadata { imdsv2_required: true, hop_limit: 1 }.reachable_from_pods());
    }

    #[test]
    fn wildcards_are_recognised() {
        let p = Permission { actions: vec!["sqs:*".into()], resources: vec!["orders".into()], conditions: Vec::new() };
        assert!(p.has_wildcard_action());
        assert!(!p.has_wildcard_resource());
    }
}
