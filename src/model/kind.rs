//! The component kinds a diagram can hold, and the families they fall into.

crate::named_enum! {
    /// What a component is. The catalog (`model::catalog`) says what each kind may contain, its default
    /// properties and which layers AWS or the customer secures.
    pub enum ComponentKind: "kind" {
        /// The public internet: the untrusted outside.
        Internet = "internet",
        /// People or external systems that call the application.
        User = "user",
        /// An on-premises data centre or office network, usually linked by VPN or Direct Connect.
        OnPrem = "on-prem",
        /// An AWS account: the strongest isolation boundary AWS offers.
        AwsAccount = "aws-account",
        /// A virtual private cloud.
        Vpc = "vpc",
        /// A subnet of a VPC (public when it routes to an internet gateway).
        Subnet = "subnet",
        /// A NAT gateway: lets private subnets open connections to the internet, never the other way.
        NatGateway = "nat-gateway",
        /// A VPC endpoint (gateway or interface): calls to an AWS API that stay on AWS's network.
        VpcEndpoint = "vpc-endpoint",
        /// An Amazon EKS cluster: holds its control plane, node groups and Fargate profiles.
        EksCluster = "eks-cluster",
        /// The EKS control plane (Kubernetes API server, etcd, scheduler), run by AWS.
        EksControlPlane = "eks-control-plane",
        /// An EC2 worker node or node group that runs pods on a shared kernel.
        Ec2Node = "ec2-node",
        /// An EKS Fargate profile: pods in it each get their own micro-VM.
        FargateProfile = "fargate-profile",
        /// A Kubernetes pod.
        Pod = "pod",
        /// A container inside a pod.
        Container = "container",
        /// An Amazon ECS cluster: holds services on Fargate or on EC2 container instances.
        EcsCluster = "ecs-cluster",
        /// An Amazon ECS service with its task definition (image, roles, network mode, privileges).
        EcsService = "ecs-service",
        /// An AWS Lambda function.
        Lambda = "lambda",
        /// Amazon API Gateway.
        ApiGateway = "api-gateway",
        /// An Elastic Load Balancer (ALB or NLB).
        LoadBalancer = "load-balancer",
        /// An Amazon CloudFront distribution: the CDN edge in front of an origin.
        Cloudfront = "cloudfront",
        /// An Amazon SQS queue.
        SqsQueue = "sqs-queue",
        /// An Amazon SNS topic.
        SnsTopic = "sns-topic",
        /// An Amazon EventBridge event bus.
        EventbridgeBus = "eventbridge-bus",
        /// An Amazon Kinesis data stream.
        KinesisStream = "kinesis-stream",
        /// An AWS Step Functions state machine: a workflow that calls other services with its role.
        StepFunctions = "step-functions",
        /// An Amazon RDS database.
        RdsDatabase = "rds-database",
        /// An Amazon DynamoDB table.
        DynamodbTable = "dynamodb-table",
        /// An Amazon ElastiCache cluster (Redis OSS, Valkey or Memcached).
        Elasticache = "elasticache",
        /// An Amazon RDS Proxy in front of a database.
        RdsProxy = "rds-proxy",
        /// An Amazon S3 bucket.
        S3Bucket = "s3-bucket",
        /// An Amazon ECR container registry.
        EcrRegistry = "ecr-registry",
        /// A container registry outside the organisation's AWS accounts: a public registry or a personal account.
        ExternalRegistry = "external-registry",
        /// AWS Secrets Manager (or SSM Parameter Store secure strings).
        SecretsManager = "secrets-manager",
        /// An AWS KMS key.
        KmsKey = "kms-key",
        /// An IAM role that components run as.
        IamRole = "iam-role",
        /// An Amazon Cognito user pool: signs users in and issues the tokens an API authorizer checks.
        CognitoUserPool = "cognito-user-pool",
        /// Amazon CloudWatch logs, metrics and alarms.
        Cloudwatch = "cloudwatch",
        /// Amazon GuardDuty threat detection.
        Guardduty = "guardduty",
        /// AWS CloudTrail: the audit trail of API calls in an account.
        Cloudtrail = "cloudtrail",
        /// AWS WAF web ACL in front of an API or load balancer.
        Waf = "waf",
        /// Any other service or process the catalog does not name.
        GenericService = "generic-service",
        /// A data store of unknown or customer-run technology (a self-run database, a file share, a vendor's store).
        GenericDatastore = "generic-datastore",
    }
}

crate::named_enum! {
    /// The families the palette groups kinds into.
    pub enum Category: "category" {
        /// People and networks outside the application.
        Actor = "actor",
        /// Accounts, networks and subnets.
        Network = "network",
        /// Where code runs.
        Compute = "compute",
        /// Entry points and messaging between services.
        Integration = "integration",
        /// Where data rests.
        Data = "data",
        /// Identity, keys, secrets and firewalls.
        Security = "security",
        /// Detective controls.
        Monitoring = "monitoring",
        /// Anything else.
        Other = "other",
    }
}

/// A set of component kinds, one bit each: what a read of some kinds of components went through
/// ([`crate::model::structure::Among`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Kinds(u64);

// One bit per kind.
const _: () = assert!(<ComponentKind as crate::model::named::Named>::ALL.len() <= 64);

impl Kinds {
    /// No kind.
    pub const NONE: Self = Self(0);

    /// The set of `kinds`.
    pub const fn of(kinds: &[ComponentKind]) -> Self {
        let mut bits = 0;
        let mut i = 0;
        while i < kinds.len() {
            bits |= 1u64 << kinds[i] as u32;
            i += 1;
        }
        Self(bits)
    }

    /// Whether `kind` is in the set.
    pub const fn contains(self, kind: ComponentKind) -> bool {
        self.0 & (1u64 << kind as u32) != 0
    }

    /// Both sets' kinds.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether every kind of this set is in `other`.
    pub const fn within(self, other: Self) -> bool {
        self.0 & !other.0 == 0
    }

    /// Whether the set holds no kind.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl ComponentKind {
    /// AWS APIs that only accept IAM-signed (SigV4) requests, so the network alone never reaches them. The EKS
    /// control plane counts: its Kubernetes API takes only IAM-issued or OIDC tokens.
    pub fn is_iam_signed_api(self) -> bool {
        matches!(
            self,
            Self::SqsQueue
                | Self::SnsTopic
                | Self::EventbridgeBus
                | Self::DynamodbTable
                | Self::S3Bucket
                | Self::EcrRegistry
                | Self::Lambda
                | Self::SecretsManager
                | Self::KmsKey
                | Self::IamRole
                | Self::Cloudwatch
                | Self::Guardduty
                | Self::Cloudtrail
                | Self::Waf
                | Self::EksControlPlane
                | Self::KinesisStream
                | Self::StepFunctions
                | Self::CognitoUserPool
        )
    }

    /// Whether a flow may start or end here (accounts, VPCs, subnets, Fargate profiles, ECS clusters and roles only
    /// group or grant; connect what runs inside them).
    pub fn is_flow_endpoint(self) -> bool {
        !matches!(
            self,
            Self::AwsAccount | Self::Vpc | Self::Subnet | Self::FargateProfile | Self::IamRole | Self::EcsCluster
        )
    }

    /// Kinds that hold data at rest that someone cares about.
    pub fn is_data_store(self) -> bool {
        matches!(
            self,
            Self::RdsDatabase
                | Self::DynamodbTable
                | Self::S3Bucket
                | Self::SecretsManager
                | Self::GenericDatastore
                | Self::Elasticache
        )
    }

    /// Message brokers: queues, streams, topics and buses.
    pub fn is_broker(self) -> bool {
        matches!(self, Self::SqsQueue | Self::KinesisStream | Self::SnsTopic | Self::EventbridgeBus)
    }

    /// Brokers that producers send to and consumers receive from (`queue-send`, `queue-receive`): SQS queues and
    /// Kinesis data streams.
    pub fn is_queue(self) -> bool {
        matches!(self, Self::SqsQueue | Self::KinesisStream)
    }

    /// Event brokers that fan out to subscribers.
    pub fn is_event_broker(self) -> bool {
        matches!(self, Self::SnsTopic | Self::EventbridgeBus)
    }

    /// Kinds that run the application's own code.
    pub fn runs_code(self) -> bool {
        matches!(
            self,
            Self::Pod | Self::Container | Self::EcsService | Self::Lambda | Self::GenericService | Self::Ec2Node
        )
    }

    /// Actors outside the application (the internet, users).
    pub fn is_external(self) -> bool {
        matches!(self, Self::Internet | Self::User)
    }

    /// Detective controls.
    pub fn is_detective(self) -> bool {
        matches!(self, Self::Cloudwatch | Self::Guardduty | Self::Cloudtrail)
    }
}
