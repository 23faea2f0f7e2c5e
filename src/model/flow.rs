//! Flows: arrows from a caller to a callee, with the communication pattern and the controls on the way.

use serde::Serialize;

use crate::model::id::Id;
use crate::model::kind::ComponentKind;
use crate::model::props::Classification;

crate::named_enum! {
    /// How two components talk (docs/security-model.md#communication). A flow always runs from the caller to the callee; the
    /// pattern says which way the data moves.
    pub enum Pattern: "pattern" {
        /// A synchronous request/response (REST, gRPC): the caller waits for the callee.
        SyncRequest = "sync-request",
        /// A producer sends messages to a queue or stream (caller: producer, callee: queue).
        QueueSend = "queue-send",
        /// A consumer receives messages from a queue or stream (caller: consumer, callee: queue; data moves to the
        /// consumer).
        QueueReceive = "queue-receive",
        /// A publisher emits events to a topic or bus (caller: publisher, callee: broker).
        EventPublish = "event-publish",
        /// A topic or bus delivers events to a subscriber (caller: broker, callee: subscriber).
        EventSubscribe = "event-subscribe",
        /// The caller reads data from a store.
        DataRead = "data-read",
        /// The caller writes data to a store.
        DataWrite = "data-write",
        /// Administration or control-plane access (kubectl, deploy, SSH, console).
        Admin = "admin",
        /// A dead-letter redrive between two queues (caller: the queue messages leave, callee: the queue they land
        /// in; the source's redrive policy, or a redrive back from the dead-letter queue).
        Redrive = "redrive",
    }
}

impl Pattern {
    /// Asynchronous patterns through a broker.
    pub fn is_async(self) -> bool {
        matches!(self, Self::QueueSend | Self::QueueReceive | Self::EventPublish | Self::EventSubscribe | Self::Redrive)
    }

    /// Whether data moves from the callee back to the caller (reads and receives).
    pub fn data_moves_to_caller(self) -> bool {
        matches!(self, Self::QueueReceive | Self::DataRead)
    }

    /// Whether a flow of this pattern may run from a `from` to a `to` (the loader's pattern check, for editors
    /// that offer only the patterns a pair of ends allows).
    pub fn allowed(self, from: ComponentKind, to: ComponentKind) -> bool {
        match self {
            Self::QueueSend | Self::QueueReceive => to.is_queue(),
            Self::Redrive => from == ComponentKind::SqsQueue && to == ComponentKind::SqsQueue,
            Self::EventPublish => to.is_event_broker(),
            Self::EventSubscribe => from.is_event_broker(),
            _ => true,
        }
    }

    /// The pattern a new flow between these ends most likely has: a redrive between queues, sends to queues, publishes to and deliveries
    /// from brokers, writes to stores, else a synchronous request.
    pub fn suggested(from: ComponentKind, to: ComponentKind) -> Self {
        if from == ComponentKind::SqsQueue && to == ComponentKind::SqsQueue {
            Self::Redrive
        } else if to.is_queue() {
            Self::QueueSend
        } else if to.is_event_broker() {
            Self::EventPublish
        } else if from.is_event_broker() {
            Self::EventSubscribe
        } else if to.is_data_store() {
            Self::DataWrite
        } else {
            Self::SyncRequest
        }
    }
}

crate::named_enum! {
    /// The wire protocol of a flow.
    pub enum Protocol: "protocol" {
        /// HTTP over TLS.
        Https = "https",
        /// Plain HTTP.
        Http = "http",
        /// gRPC.
        Grpc = "grpc",
        /// A signed AWS API call (always TLS).
        AwsApi = "aws-api",
        /// A database wire protocol (PostgreSQL, MySQL ...).
        Sql = "sql",
        /// AMQP.
        Amqp = "amqp",
        /// Kafka.
        Kafka = "kafka",
        /// SSH.
        Ssh = "ssh",
        /// The Kubernetes API.
        KubernetesApi = "kubernetes-api",
        /// Raw TCP.
        Tcp = "tcp",
        /// Anything else.
        Other = "other",
    }
}

crate::named_enum! {
    /// How the caller proves who it is.
    pub enum Authentication: "authentication" {
        /// Nothing.
        None = "none",
        /// IAM / SigV4-signed requests.
        IamSigv4 = "iam-sigv4",
        /// Mutual TLS.
        Mtls = "mtls",
        /// A bearer token or JWT (OAuth, OIDC, Cognito).
        Token = "token",
        /// An API key.
        ApiKey = "api-key",
        /// A password (database login, basic auth).
        Password = "password",
    }
}

crate::named_enum! {
    /// Whose credential a password, API key or token is.
    pub enum CredentialScope: "credential scope" {
        /// One static secret every caller shares (HTTP Basic with a single password, one API key for all).
        Shared = "shared",
        /// Each caller its own credential (a user's token, a key per client).
        PerClient = "per-client",
    }
}

/// How strongly a flow authenticates its caller, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AuthenticationStrength {
    /// Nothing.
    None,
    /// One static secret shared by every caller: it says a caller knows the secret, not which caller it is.
    SharedSecret,
    /// A password, key or token of the caller's own.
    PerClient,
    /// IAM SigV4 or mutual TLS: a signed or certificate-bound identity.
    Strong,
}

/// One flow between two components.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flow {
    /// Stable id.
    pub id: Id,
    /// The caller.
    pub from: Id,
    /// The callee.
    pub to: Id,
    /// How they talk.
    pub pattern: Pattern,
    /// The wire protocol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
    /// How the caller authenticates (`None`: the diagram does not say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication: Option<Authentication>,
    /// Whose credential a password, API key or token is (`None`: the diagram does not say; taken as the caller's
    /// own, as before this field existed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<CredentialScope>,
    /// The callee checks what this caller may do (beyond who it is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<bool>,
    /// Encrypted in transit (`None`: follows the protocol: https, aws-api are).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    /// The most sensitive data it carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Classification>,
    /// Free text shown on the arrow.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// What the analysis reads of a flow besides its ends, in eight bytes: the model keeps one per flow
/// ([`crate::model::Model::flow_attrs`]), so passes over every flow do not read the whole flows (their ids and label
/// take most of their bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlowAttrs {
    /// How they talk.
    pub pattern: Pattern,
    /// The wire protocol.
    pub protocol: Option<Protocol>,
    /// How the caller authenticates.
    pub authentication: Option<Authentication>,
    /// Whose credential a password, API key or token is.
    pub credential: Option<CredentialScope>,
    /// The callee checks what this caller may do.
    pub authorization: Option<bool>,
    /// Encrypted in transit, as set.
    pub encrypted: Option<bool>,
    /// The most sensitive data it carries.
    pub data: Option<Classification>,
}

impl FlowAttrs {
    /// How strongly the caller is authenticated, if the diagram says how: a password, API key or token is a
    /// shared secret when `credential` says `shared`, else the caller's own.
    pub fn authentication_strength(&self) -> Option<AuthenticationStrength> {
        Some(match self.authentication? {
            Authentication::None => AuthenticationStrength::None,
            Authentication::IamSigv4 | Authentication::Mtls => AuthenticationStrength::Strong,
            Authentication::Token | Authentication::ApiKey | Authentication::Password => {
                if self.credential == Some(CredentialScope::Shared) {
                    AuthenticationStrength::SharedSecret
                } else {
                    AuthenticationStrength::PerClient
                }
            }
        })
    }

    /// Whether the flow is encrypted in transit, from the explicit setting or else the protocol (HTTPS, AWS APIs,
    /// SSH and the Kubernetes API always are; plain HTTP never is).
    pub fn is_encrypted(&self) -> Option<bool> {
        self.encrypted.or(match self.protocol {
            Some(Protocol::Https | Protocol::AwsApi | Protocol::Ssh | Protocol::KubernetesApi) => Some(true),
            Some(Protocol::Http) => Some(false),
            _ => None,
        })
    }
}

impl Flow {
    /// Its attributes ([`FlowAttrs`]).
    pub fn attrs(&self) -> FlowAttrs {
        let Self { pattern, protocol, authentication, credential, authorization, encrypted, data, .. } = *self;
        FlowAttrs { pattern, protocol, authentication, credential, authorization, encrypted, data }
    }

    /// How strongly the caller is authenticated, if the diagram says how ([`FlowAttrs::authentication_strength`]).
    pub fn authentication_strength(&self) -> Option<AuthenticationStrength> {
        self.attrs().authentication_strength()
    }

    /// A flow with only the essentials set.
    pub fn new(id: Id, from: Id, to: Id, pattern: Pattern) -> Self {
        Self {
            id,
            from,
            to,
            pattern,
            protocol: None,
            authentication: None,
            credential: None,
            authorization: None,
            encrypted: None,
            data: None,
            label: String::new(),
        }
    }

    /// Whether `other` connects the same components in the same way (id, ends and pattern): it can then differ
    /// only in its attributes ([`FlowField`]), which no check of the diagram and no index reads.
    pub fn same_structure(&self, other: &Self) -> bool {
        self.id == other.id && self.from == other.from && self.to == other.to && self.pattern == other.pattern
    }

    /// The attributes in which `other` differs.
    pub fn differing(&self, other: &Self) -> FlowFields {
        let Self {
            id: _,
            from: _,
            to: _,
            pattern: _,
            protocol,
            authentication,
            credential,
            authorization,
            encrypted,
            data,
            label,
        } = self;
        let same = [
            *protocol == other.protocol,
            *authentication == other.authentication,
            *credential == other.credential,
            *authorization == other.authorization,
            *encrypted == other.encrypted,
            *data == other.data,
            *label == other.label,
        ];
        FlowField::ALL
            .into_iter()
            .zip(same)
            .filter(|&(_, same)| !same)
            .fold(FlowFields::EMPTY, |set, (f, _)| set.with(f))
    }

    /// Whether the flow is encrypted in transit ([`FlowAttrs::is_encrypted`]).
    pub fn is_encrypted(&self) -> Option<bool> {
        self.attrs().is_encrypted()
    }
}

/// A flow's attributes: what an edit can change without changing what the flow connects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowField {
    /// `protocol`.
    Protocol,
    /// `authentication`.
    Authentication,
    /// `credential`.
    Credential,
    /// `authorization`.
    Authorization,
    /// `encrypted`.
    Encrypted,
    /// `data`.
    Data,
    /// `label`.
    Label,
}

impl FlowField {
    /// Every attribute, in field order.
    pub const ALL: [Self; 7] = [
        Self::Protocol,
        Self::Authentication,
        Self::Credential,
        Self::Authorization,
        Self::Encrypted,
        Self::Data,
        Self::Label,
    ];

    /// The field's name in the file and in the code.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Protocol => "protocol",
            Self::Authentication => "authentication",
            Self::Credential => "credential",
            Self::Authorization => "authorization",
            Self::Encrypted => "encrypted",
            Self::Data => "data",
            Self::Label => "label",
        }
    }
}

/// A set of [`FlowField`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FlowFields(u8);

impl FlowFields {
    /// No attribute.
    pub const EMPTY: Self = Self(0);
    /// Every attribute.
    pub const ALL: Self = Self::of(&FlowField::ALL);

    /// The given attributes.
    pub const fn of(fields: &[FlowField]) -> Self {
        let mut set = Self::EMPTY;
        let mut i = 0;
        while i < fields.len() {
            set = set.with(fields[i]);
            i += 1;
        }
        set
    }

    /// This set and `field`.
    #[must_use]
    pub const fn with(self, field: FlowField) -> Self {
        Self(self.0 | 1 << field as u8)
    }

    /// Both sets' attributes.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether the sets share an attribute.
    pub const fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether `field` is in the set.
    pub const fn contains(self, field: FlowField) -> bool {
        self.0 & (1 << field as u8) != 0
    }

    /// Whether the set holds no attribute.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The attributes, in field order.
    pub fn fields(self) -> impl Iterator<Item = FlowField> {
        FlowField::ALL.into_iter().filter(move |&f| self.contains(f))
    }
}
