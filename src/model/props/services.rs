//! The value types of the properties that the service kinds of real architectures brought (ECS task definitions,
//! VPC endpoints, CloudFront, API Gateway's API types, RDS Proxy and external container registries). The registry in
//! the parent module says which property holds which type.

crate::named_enum! {
    /// An ECS task's network mode.
    pub enum NetworkMode: "network mode" {
        /// Its own elastic network interface and security groups (the only mode on Fargate).
        Awsvpc = "awsvpc",
        /// The container instance's Docker bridge: tasks share the instance's interface and security groups.
        Bridge = "bridge",
        /// The container instance's own network namespace.
        Host = "host",
    }
}

crate::named_enum! {
    /// The flavour of an API Gateway API: only REST APIs take a WAF web ACL.
    pub enum ApiType: "API type" {
        /// A REST API (v1): usage plans, request validation, WAF.
        Rest = "rest",
        /// An HTTP API (v2): JWT authorizers, no WAF association.
        Http = "http",
        /// A WebSocket API (v2): no WAF association.
        Websocket = "websocket",
    }
}

crate::named_enum! {
    /// A VPC endpoint's type.
    pub enum VpcEndpointType: "endpoint type" {
        /// A route-table entry for S3 or DynamoDB.
        Gateway = "gateway",
        /// Elastic network interfaces with private addresses (PrivateLink) for most AWS APIs.
        Interface = "interface",
    }
}

crate::named_enum! {
    /// The oldest TLS version a viewer-facing security policy accepts.
    pub enum MinimumTls: "TLS version" {
        /// TLS 1.3 only.
        Tls13 = "tls1.3",
        /// TLS 1.2 (CloudFront's TLSv1.2_2021 and its kin).
        Tls12 = "tls1.2",
        /// TLS 1.1 (TLSv1.1_2016).
        Tls11 = "tls1.1",
        /// TLS 1.0 or older (TLSv1_2016, TLSv1, SSLv3).
        Tls10 = "tls1.0",
    }
}

impl MinimumTls {
    /// Versions that the TLS working group has deprecated (RFC 8996).
    pub fn is_legacy(self) -> bool {
        matches!(self, Self::Tls11 | Self::Tls10)
    }
}

crate::named_enum! {
    /// How a CloudFront distribution reads an S3 origin.
    pub enum OriginAccess: "origin access" {
        /// Origin access control: signed requests, the bucket policy admits only this distribution.
        Oac = "oac",
        /// The legacy origin access identity.
        Oai = "oai",
        /// None: the bucket (or its website endpoint) must be readable by everyone.
        None = "none",
    }
}

crate::named_enum! {
    /// How an RDS Proxy signs in to its database.
    pub enum DatabaseAuth: "database authentication" {
        /// IAM database authentication: no stored password.
        Iam = "iam",
        /// A user name and password kept in Secrets Manager.
        Password = "password",
    }
}

crate::named_enum! {
    /// Who controls an external container registry's images.
    pub enum RegistryType: "registry type" {
        /// A public registry (Docker Hub, public.ecr.aws, ghcr.io) serving images published by others.
        Public = "public",
        /// A person's own account: whoever holds its password decides what the tag points to.
        Personal = "personal",
        /// The organisation's own account at a registry outside AWS.
        Organisation = "organisation",
    }
}

impl RegistryType {
    /// Registries whose tags someone outside the organisation can move.
    pub fn outside_control(self) -> bool {
        matches!(self, Self::Public | Self::Personal)
    }
}
