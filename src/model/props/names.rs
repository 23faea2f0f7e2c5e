//! The names of the AWS managed policies and SAM policy templates trustmap bundles, for the loader's check; their
//! statements are the analysis's (`analysis::iam`), whose test keeps both lists equal.

/// AWS managed policies with statements in the bundled table.
pub const MANAGED_POLICIES: &[&str] = &[
    "AWSLambdaBasicExecutionRole",
    "AWSLambdaVPCAccessExecutionRole",
    "AWSLambdaENIManagementAccess",
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKSWorkerNodeMinimalPolicy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonSSMManagedInstanceCore",
    "AmazonSSMReadOnlyAccess",
    "AmazonS3ReadOnlyAccess",
    "AmazonEKS_CNI_Policy",
];

/// AWS SAM policy templates with statements in the bundled table.
pub const POLICY_TEMPLATES: &[&str] = &[
    "SQSPollerPolicy",
    "SQSSendMessagePolicy",
    "SNSPublishMessagePolicy",
    "SNSCrudPolicy",
    "LambdaInvokePolicy",
    "DynamoDBCrudPolicy",
    "DynamoDBReadPolicy",
    "DynamoDBStreamReadPolicy",
    "DynamoDBWritePolicy",
    "S3ReadPolicy",
    "S3CrudPolicy",
    "S3FullAccessPolicy",
    "S3WritePolicy",
    "KMSDecryptPolicy",
    "KMSEncryptPolicy",
    "AWSSecretsManagerGetSecretValuePolicy",
    "SSMParameterReadPolicy",
    "StepFunctionsExecutionPolicy",
    "EventBridgePutEventsPolicy",
    "FilterLogEventsPolicy",
    "CloudWatchPutMetricPolicy",
    "EC2DescribePolicy",
    "EKSDescribePolicy",
    "VPCAccessPolicy",
];
