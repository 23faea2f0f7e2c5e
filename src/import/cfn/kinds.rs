//! Which CloudFormation resource types become which component kinds, and which are plumbing folded into the
//! resource they serve (log groups, permissions, routes, security group rules, subscriptions ...).

use crate::model::kind::ComponentKind as K;

/// The kind a resource type becomes.
pub(super) fn kind_of(resource_type: &str) -> Option<K> {
    Some(match resource_type {
        "AWS::Lambda::Function" | "AWS::Serverless::Function" => K::Lambda,
        "AWS::SQS::Queue" => K::SqsQueue,
        "AWS::SNS::Topic" => K::SnsTopic,
        "AWS::Events::EventBus" => K::EventbridgeBus,
        "AWS::ApiGateway::RestApi" | "AWS::ApiGatewayV2::Api" | "AWS::Serverless::Api" | "AWS::Serverless::HttpApi" => {
            K::ApiGateway
        }
        "AWS::ElasticLoadBalancingV2::LoadBalancer" | "AWS::ElasticLoadBalancing::LoadBalancer" => K::LoadBalancer,
        "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster" => K::RdsDatabase,
        "AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable" | "AWS::Serverless::SimpleTable" => K::DynamodbTable,
        "AWS::S3::Bucket" => K::S3Bucket,
        "AWS::ECR::Repository" => K::EcrRegistry,
        "AWS::ECS::Cluster" => K::EcsCluster,
        "AWS::ECS::Service" => K::EcsService,
        "AWS::EKS::Cluster" => K::EksCluster,
        "AWS::EKS::Nodegroup" | "AWS::EC2::Instance" | "AWS::AutoScaling::AutoScalingGroup" => K::Ec2Node,
        "AWS::EKS::FargateProfile" => K::FargateProfile,
        "AWS::EC2::VPC" => K::Vpc,
        "AWS::EC2::Subnet" => K::Subnet,
        "AWS::EC2::NatGateway" => K::NatGateway,
        "AWS::EC2::VPCEndpoint" => K::VpcEndpoint,
        "AWS::CloudFront::Distribution" => K::Cloudfront,
        "AWS::Kinesis::Stream" => K::KinesisStream,
        "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine" => K::StepFunctions,
        "AWS::ElastiCache::CacheCluster"
        | "AWS::ElastiCache::ReplicationGroup"
        | "AWS::ElastiCache::ServerlessCache" => K::Elasticache,
        "AWS::RDS::DBProxy" => K::RdsProxy,
        "AWS::Cognito::UserPool" => K::CognitoUserPool,
        "AWS::KMS::Key" => K::KmsKey,
        "AWS::SecretsManager::Secret" => K::SecretsManager,
        "AWS::IAM::Role" => K::IamRole,
        "AWS::WAFv2::WebACL" | "AWS::WAF::WebACL" | "AWS::WAFRegional::WebACL" => K::Waf,
        "AWS::MSK::Cluster" => K::KinesisStream,
        _ => return None,
    })
}

/// Resource types mapped to a kind that says less than the resource is (reported as approximated), with why.
pub(super) fn approximation(resource_type: &str) -> Option<&'static str> {
    Some(match resource_type {
        "AWS::MSK::Cluster" => "an MSK (Kafka) cluster drawn as a stream: trustmap has no Kafka kind",
        "AWS::EC2::Instance" => "an EC2 instance drawn as a node",
        "AWS::AutoScaling::AutoScalingGroup" => "an Auto Scaling group drawn as one node standing for its instances",
        _ => return None,
    })
}

/// Plumbing: the property of the resource type that names the resource it serves (folded into it), or `None`
/// when the owner is found from the references generally.
pub(super) fn plumbing(resource_type: &str) -> Option<&'static str> {
    const PREFIXES: &[&str] = &[
        "AWS::Logs::",
        "AWS::CloudWatch::",
        "AWS::ApplicationAutoScaling::",
        "AWS::AutoScaling::",
        "AWS::EC2::Route",
        "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::InternetGateway",
        "AWS::EC2::VPCGatewayAttachment",
        "AWS::EC2::EIP",
        "AWS::EC2::NetworkAcl",
        "AWS::EC2::SubnetNetworkAclAssociation",
        "AWS::EC2::LaunchTemplate",
        "AWS::EC2::FlowLog",
        "AWS::EC2::DHCPOptions",
        "AWS::EC2::VPCDHCPOptionsAssociation",
        "AWS::ApiGateway::",
        "AWS::ApiGatewayV2::",
        "AWS::ElasticLoadBalancingV2::",
        "AWS::Lambda::",
        "AWS::SNS::",
        "AWS::SQS::QueuePolicy",
        "AWS::S3::BucketPolicy",
        "AWS::Events::Rule",
        "AWS::S3::",
        "AWS::Route53::",
        "AWS::CertificateManager::",
        "AWS::ECS::TaskDefinition",
        "AWS::ECS::CapacityProvider",
        "AWS::ECS::ClusterCapacityProviderAssociations",
        "AWS::IAM::",
        "AWS::Cognito::",
        "AWS::CloudFront::",
        "AWS::WAFv2::WebACLAssociation",
        "AWS::RDS::DBSubnetGroup",
        "AWS::RDS::DBProxyTargetGroup",
        "AWS::RDS::DBParameterGroup",
        "AWS::RDS::DBClusterParameterGroup",
        "AWS::ElastiCache::SubnetGroup",
        "AWS::KMS::Alias",
        "AWS::SecretsManager::",
        "AWS::SSM::Parameter",
        "AWS::Serverless::LayerVersion",
        "AWS::Lambda::LayerVersion",
        "AWS::AppSync::",
        "AWS::Pipes::Pipe",
        "AWS::EKS::Addon",
        "AWS::EKS::AccessEntry",
        "AWS::DynamoDB::",
    ];
    PREFIXES.iter().find(|p| resource_type.starts_with(**p)).copied()
}
