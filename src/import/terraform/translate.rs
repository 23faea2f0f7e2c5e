//! Terraform resources written as CloudFormation resources: each `aws_*` type becomes the CloudFormation type of
//! the same AWS resource, its attributes the properties the CloudFormation importer reads (`vpc_config[0].
//! subnet_ids` -> `VpcConfig.SubnetIds`). Resources Terraform splits off (event targets, policy attachments,
//! bucket notifications, inline routes and security group rules) are given back to the resource they configure.
//! Every other attribute that names a resource is kept under `Properties.Terraform`, so plumbing folds into what
//! it names. A type without a CloudFormation counterpart keeps its Terraform name and is reported as not drawn.

use serde_json::{Map, Value, json};

use super::Instance;

/// `(terraform type, CloudFormation type, [(terraform attribute path, CloudFormation property path)])`; paths
/// are dotted, `*` maps every block of a list.
type Entry = (&'static [&'static str], &'static str, &'static [(&'static str, &'static str)]);

const TABLE: &[Entry] = &[
    (
        &["aws_lambda_function"],
        "AWS::Lambda::Function",
        &[
            ("runtime", "Runtime"),
            ("package_type", "PackageType"),
            ("role", "Role"),
            ("vpc_config.0.subnet_ids", "VpcConfig.SubnetIds"),
            ("vpc_config.0.security_group_ids", "VpcConfig.SecurityGroupIds"),
            ("environment.0.variables", "Environment.Variables"),
        ],
    ),
    (
        &["aws_sqs_queue"],
        "AWS::SQS::Queue",
        &[("kms_master_key_id", "KmsMasterKeyId"), ("sqs_managed_sse_enabled", "SqsManagedSseEnabled")],
    ),
    (&["aws_sns_topic"], "AWS::SNS::Topic", &[("kms_master_key_id", "KmsMasterKeyId")]),
    (&["aws_sns_topic_subscription"], "AWS::SNS::Subscription", &[("topic_arn", "TopicArn"), ("endpoint", "Endpoint")]),
    (&["aws_cloudwatch_event_bus"], "AWS::Events::EventBus", &[]),
    (
        &["aws_cloudwatch_event_rule"],
        "AWS::Events::Rule",
        &[
            ("event_bus_name", "EventBusName"),
            ("schedule_expression", "ScheduleExpression"),
            ("event_pattern", "EventPattern"),
        ],
    ),
    (&["aws_cloudwatch_event_target"], "AWS::Events::RuleTarget", &[("rule", "Rule"), ("arn", "Arn")]),
    (
        &["aws_lambda_event_source_mapping"],
        "AWS::Lambda::EventSourceMapping",
        &[("event_source_arn", "EventSourceArn"), ("function_name", "FunctionName")],
    ),
    (
        &["aws_api_gateway_rest_api"],
        "AWS::ApiGateway::RestApi",
        &[("endpoint_configuration.0.types", "EndpointConfiguration.Types")],
    ),
    (&["aws_apigatewayv2_api"], "AWS::ApiGatewayV2::Api", &[("protocol_type", "ProtocolType")]),
    (
        &["aws_api_gateway_stage"],
        "AWS::ApiGateway::Stage",
        &[("rest_api_id", "RestApiId"), ("access_log_settings.0.destination_arn", "AccessLogSetting.DestinationArn")],
    ),
    (
        &["aws_apigatewayv2_stage"],
        "AWS::ApiGatewayV2::Stage",
        &[
            ("api_id", "ApiId"),
            ("access_log_settings.0.destination_arn", "AccessLogSettings.DestinationArn"),
            ("default_route_settings.0.throttling_rate_limit", "DefaultRouteSettings.ThrottlingRateLimit"),
        ],
    ),
    (
        &["aws_api_gateway_method_settings"],
        "AWS::ApiGateway::Stage",
        &[("rest_api_id", "RestApiId"), ("settings.0.throttling_rate_limit", "MethodSettings.ThrottlingRateLimit")],
    ),
    (
        &["aws_api_gateway_integration"],
        "AWS::ApiGateway::Method",
        &[("rest_api_id", "RestApiId"), ("uri", "Integration.Uri")],
    ),
    (
        &["aws_apigatewayv2_integration"],
        "AWS::ApiGatewayV2::Integration",
        &[("api_id", "ApiId"), ("integration_uri", "IntegrationUri")],
    ),
    (
        &["aws_api_gateway_authorizer"],
        "AWS::ApiGateway::Authorizer",
        &[("rest_api_id", "RestApiId"), ("provider_arns", "ProviderARNs"), ("authorizer_uri", "AuthorizerUri")],
    ),
    (
        &["aws_apigatewayv2_authorizer"],
        "AWS::ApiGatewayV2::Authorizer",
        &[("api_id", "ApiId"), ("authorizer_uri", "AuthorizerUri")],
    ),
    (
        &["aws_lb", "aws_alb", "aws_elb"],
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        &[("subnets", "Subnets"), ("security_groups", "SecurityGroups")],
    ),
    (
        &["aws_lb_listener", "aws_alb_listener"],
        "AWS::ElasticLoadBalancingV2::Listener",
        &[
            ("load_balancer_arn", "LoadBalancerArn"),
            ("default_action.*.target_group_arn", "DefaultActions.*.TargetGroupArn"),
        ],
    ),
    (
        &["aws_lb_target_group", "aws_alb_target_group"],
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        &[("vpc_id", "VpcId")],
    ),
    (
        &["aws_lb_target_group_attachment", "aws_alb_target_group_attachment"],
        "AWS::ElasticLoadBalancingV2::TargetGroupAttachment",
        &[("target_group_arn", "TargetGroupArn"), ("target_id", "TargetId")],
    ),
    (
        &["aws_autoscaling_group"],
        "AWS::AutoScaling::AutoScalingGroup",
        &[
            ("vpc_zone_identifier", "VPCZoneIdentifier"),
            ("target_group_arns", "TargetGroupARNs"),
            ("launch_configuration", "LaunchConfigurationName"),
            ("launch_template.0.id", "LaunchTemplate.LaunchTemplateId"),
        ],
    ),
    (
        &["aws_launch_configuration"],
        "AWS::AutoScaling::LaunchConfiguration",
        &[
            ("security_groups", "SecurityGroups"),
            ("iam_instance_profile", "IamInstanceProfile"),
            ("metadata_options.0.http_tokens", "MetadataOptions.HttpTokens"),
            ("metadata_options.0.http_put_response_hop_limit", "MetadataOptions.HttpPutResponseHopLimit"),
        ],
    ),
    (
        &["aws_launch_template"],
        "AWS::EC2::LaunchTemplate",
        &[
            ("metadata_options.0.http_tokens", "LaunchTemplateData.MetadataOptions.HttpTokens"),
            (
                "metadata_options.0.http_put_response_hop_limit",
                "LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit",
            ),
            ("vpc_security_group_ids", "LaunchTemplateData.SecurityGroupIds"),
            ("iam_instance_profile.0.arn", "LaunchTemplateData.IamInstanceProfile.Arn"),
        ],
    ),
    (&["aws_iam_instance_profile"], "AWS::IAM::InstanceProfile", &[("role", "Roles.0")]),
    (
        &["aws_instance"],
        "AWS::EC2::Instance",
        &[
            ("subnet_id", "SubnetId"),
            ("vpc_security_group_ids", "SecurityGroupIds"),
            ("iam_instance_profile", "IamInstanceProfile"),
            ("metadata_options.0.http_tokens", "MetadataOptions.HttpTokens"),
            ("metadata_options.0.http_put_response_hop_limit", "MetadataOptions.HttpPutResponseHopLimit"),
        ],
    ),
    (
        &["aws_db_instance", "aws_rds_cluster"],
        "AWS::RDS::DBInstance",
        &[
            ("engine", "Engine"),
            ("engine_version", "EngineVersion"),
            ("storage_encrypted", "StorageEncrypted"),
            ("publicly_accessible", "PubliclyAccessible"),
            ("db_subnet_group_name", "DBSubnetGroupName"),
            ("vpc_security_group_ids", "VPCSecurityGroups"),
            ("enabled_cloudwatch_logs_exports", "EnableCloudwatchLogsExports"),
        ],
    ),
    (&["aws_db_subnet_group"], "AWS::RDS::DBSubnetGroup", &[("subnet_ids", "SubnetIds")]),
    (&["aws_elasticache_subnet_group"], "AWS::ElastiCache::SubnetGroup", &[("subnet_ids", "SubnetIds")]),
    (
        &["aws_elasticache_replication_group", "aws_elasticache_cluster"],
        "AWS::ElastiCache::ReplicationGroup",
        &[
            ("transit_encryption_enabled", "TransitEncryptionEnabled"),
            ("at_rest_encryption_enabled", "AtRestEncryptionEnabled"),
            ("subnet_group_name", "CacheSubnetGroupName"),
            ("security_group_ids", "SecurityGroupIds"),
        ],
    ),
    (
        &["aws_db_proxy"],
        "AWS::RDS::DBProxy",
        &[
            ("require_tls", "RequireTLS"),
            ("vpc_subnet_ids", "VpcSubnetIds"),
            ("vpc_security_group_ids", "VpcSecurityGroupIds"),
            ("role_arn", "RoleArn"),
        ],
    ),
    (&["aws_dynamodb_table"], "AWS::DynamoDB::Table", &[]),
    (
        &["aws_s3_bucket"],
        "AWS::S3::Bucket",
        &[("logging.0.target_bucket", "LoggingConfiguration.DestinationBucketName")],
    ),
    (
        &["aws_ecr_repository"],
        "AWS::ECR::Repository",
        &[("image_scanning_configuration.0.scan_on_push", "ImageScanningConfiguration.ScanOnPush")],
    ),
    (&["aws_ecs_cluster"], "AWS::ECS::Cluster", &[]),
    (
        &["aws_ecs_service"],
        "AWS::ECS::Service",
        &[
            ("cluster", "Cluster"),
            ("task_definition", "TaskDefinition"),
            ("network_configuration.0.subnets", "NetworkConfiguration.AwsvpcConfiguration.Subnets"),
            ("network_configuration.0.security_groups", "NetworkConfiguration.AwsvpcConfiguration.SecurityGroups"),
            ("load_balancer.*.target_group_arn", "LoadBalancers.*.TargetGroupArn"),
        ],
    ),
    (
        &["aws_ecs_task_definition"],
        "AWS::ECS::TaskDefinition",
        &[("task_role_arn", "TaskRoleArn"), ("execution_role_arn", "ExecutionRoleArn")],
    ),
    (
        &["aws_eks_cluster"],
        "AWS::EKS::Cluster",
        &[
            ("vpc_config.0.subnet_ids", "ResourcesVpcConfig.SubnetIds"),
            ("vpc_config.0.endpoint_public_access", "ResourcesVpcConfig.EndpointPublicAccess"),
            ("vpc_config.0.endpoint_private_access", "ResourcesVpcConfig.EndpointPrivateAccess"),
            ("vpc_config.0.public_access_cidrs", "ResourcesVpcConfig.PublicAccessCidrs"),
            ("version", "Version"),
            ("enabled_cluster_log_types", "Logging.ClusterLogging.EnabledTypes"),
            ("role_arn", "RoleArn"),
        ],
    ),
    (
        &["aws_eks_node_group"],
        "AWS::EKS::Nodegroup",
        &[
            ("cluster_name", "ClusterName"),
            ("subnet_ids", "Subnets"),
            ("version", "Version"),
            ("launch_template.0.id", "LaunchTemplate.Id"),
        ],
    ),
    (
        &["aws_eks_fargate_profile"],
        "AWS::EKS::FargateProfile",
        &[("cluster_name", "ClusterName"), ("subnet_ids", "Subnets")],
    ),
    (&["aws_vpc"], "AWS::EC2::VPC", &[]),
    (&["aws_subnet"], "AWS::EC2::Subnet", &[("vpc_id", "VpcId")]),
    (
        &["aws_route_table"],
        "AWS::EC2::RouteTable",
        &[("vpc_id", "VpcId"), ("route.*.gateway_id", "Routes.*.GatewayId")],
    ),
    (
        &["aws_route"],
        "AWS::EC2::Route",
        &[("route_table_id", "RouteTableId"), ("gateway_id", "GatewayId"), ("nat_gateway_id", "NatGatewayId")],
    ),
    (
        &["aws_route_table_association"],
        "AWS::EC2::SubnetRouteTableAssociation",
        &[("subnet_id", "SubnetId"), ("route_table_id", "RouteTableId")],
    ),
    (&["aws_internet_gateway"], "AWS::EC2::InternetGateway", &[("vpc_id", "VpcId")]),
    (&["aws_nat_gateway"], "AWS::EC2::NatGateway", &[("subnet_id", "SubnetId")]),
    (&["aws_eip"], "AWS::EC2::EIP", &[]),
    (&["aws_vpc_endpoint"], "AWS::EC2::VPCEndpoint", &[("vpc_id", "VpcId"), ("vpc_endpoint_type", "VpcEndpointType")]),
    (&["aws_flow_log"], "AWS::EC2::FlowLog", &[("vpc_id", "ResourceId")]),
    (&["aws_security_group"], "AWS::EC2::SecurityGroup", &[("vpc_id", "VpcId")]),
    (&["aws_security_group_rule"], "AWS::EC2::SecurityGroupIngress", &[]),
    (
        &["aws_vpc_security_group_ingress_rule"],
        "AWS::EC2::SecurityGroupIngress",
        &[("security_group_id", "GroupId"), ("cidr_ipv4", "CidrIp"), ("cidr_ipv6", "CidrIpv6")],
    ),
    (
        &["aws_cloudfront_distribution"],
        "AWS::CloudFront::Distribution",
        &[
            ("origin.*.domain_name", "DistributionConfig.Origins.*.DomainName"),
            ("origin.*.origin_access_control_id", "DistributionConfig.Origins.*.OriginAccessControlId"),
            (
                "origin.*.s3_origin_config.0.origin_access_identity",
                "DistributionConfig.Origins.*.S3OriginConfig.OriginAccessIdentity",
            ),
            ("web_acl_id", "DistributionConfig.WebACLId"),
            (
                "viewer_certificate.0.minimum_protocol_version",
                "DistributionConfig.ViewerCertificate.MinimumProtocolVersion",
            ),
            ("logging_config.0.bucket", "DistributionConfig.Logging.Bucket"),
        ],
    ),
    (&["aws_wafv2_web_acl", "aws_waf_web_acl", "aws_wafregional_web_acl"], "AWS::WAFv2::WebACL", &[]),
    (
        &["aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association"],
        "AWS::WAFv2::WebACLAssociation",
        &[("web_acl_arn", "WebACLArn"), ("web_acl_id", "WebACLArn"), ("resource_arn", "ResourceArn")],
    ),
    (&["aws_kinesis_stream"], "AWS::Kinesis::Stream", &[]),
    (&["aws_msk_cluster"], "AWS::MSK::Cluster", &[]),
    (
        &["aws_sfn_state_machine"],
        "AWS::StepFunctions::StateMachine",
        &[("role_arn", "RoleArn"), ("definition", "DefinitionString")],
    ),
    (&["aws_cognito_user_pool"], "AWS::Cognito::UserPool", &[]),
    (&["aws_kms_key"], "AWS::KMS::Key", &[]),
    (&["aws_kms_alias"], "AWS::KMS::Alias", &[("target_key_id", "TargetKeyId")]),
    (&["aws_secretsmanager_secret"], "AWS::SecretsManager::Secret", &[]),
    (&["aws_iam_role"], "AWS::IAM::Role", &[("managed_policy_arns", "ManagedPolicyArns")]),
    (&["aws_iam_role_policy"], "AWS::IAM::Policy", &[("role", "Roles.0")]),
    (&["aws_iam_policy"], "AWS::IAM::ManagedPolicy", &[]),
    (
        &["aws_iam_role_policy_attachment"],
        "AWS::IAM::RolePolicyAttachment",
        &[("role", "Roles.0"), ("policy_arn", "PolicyArn")],
    ),
    (
        &["aws_iam_policy_attachment"],
        "AWS::IAM::RolePolicyAttachment",
        &[("roles", "Roles"), ("policy_arn", "PolicyArn")],
    ),
    (&["aws_lambda_permission"], "AWS::Lambda::Permission", &[("function_name", "FunctionName")]),
    (&["aws_cloudwatch_log_group"], "AWS::Logs::LogGroup", &[]),
    (&["aws_cloudwatch_metric_alarm"], "AWS::CloudWatch::Alarm", &[]),
    (&["aws_ssm_parameter"], "AWS::SSM::Parameter", &[]),
    (&["aws_route53_record"], "AWS::Route53::RecordSet", &[]),
    (&["aws_acm_certificate", "aws_acm_certificate_validation"], "AWS::CertificateManager::Certificate", &[]),
    (
        &["aws_s3_bucket_policy", "aws_s3_bucket_public_access_block", "aws_s3_bucket_notification"],
        "AWS::S3::BucketPolicy",
        &[("bucket", "Bucket")],
    ),
];

/// The CloudFormation type of a Terraform type; generic plumbing for API Gateway parts, `None` when unknown.
fn cfn_type(kind: &str) -> Option<(&'static str, &'static [(&'static str, &'static str)])> {
    if let Some((_, cfn, map)) = TABLE.iter().find(|(kinds, _, _)| kinds.contains(&kind)) {
        return Some((cfn, map));
    }
    if kind.starts_with("aws_api_gateway_") {
        return Some(("AWS::ApiGateway::Resource", &[("rest_api_id", "RestApiId")]));
    }
    if kind.starts_with("aws_apigatewayv2_") {
        return Some(("AWS::ApiGatewayV2::Route", &[("api_id", "ApiId")]));
    }
    None
}

/// The template: one resource per instance, by address, with the parts Terraform splits off given back.
pub(super) fn template(instances: &[Instance]) -> Map<String, Value> {
    let mut resources = Map::new();
    for instance in instances {
        resources.insert(instance.address.clone(), resource(instance));
    }
    give_back(instances, &mut resources);
    let mut top = Map::new();
    top.insert("Resources".to_owned(), Value::Object(resources));
    top
}

/// The names resources are shown by, by address: the name tag or name the plan knows when no other resource has
/// the same one, else the address without the type, its modules joined by `/` (`module.alb.aws_lb.this` ->
/// `alb/this`).
pub(super) fn display_names(instances: &[Instance]) -> std::collections::BTreeMap<String, String> {
    let known =
        |value: Option<&Value>| value.and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(str::to_owned);
    let named: Vec<Option<String>> = instances
        .iter()
        .map(|i| {
            let v = &i.values;
            known(v.get("tags").and_then(|t| t.get("Name")))
                .or_else(|| known(v.get("name")))
                .or_else(|| known(v.get("function_name")))
                .or_else(|| known(v.get("bucket")))
        })
        .collect();
    instances
        .iter()
        .zip(&named)
        .map(|(instance, name)| {
            let unique = name.as_ref().filter(|n| named.iter().filter(|m| m.as_ref() == Some(*n)).count() == 1);
            let shown = unique.cloned().unwrap_or_else(|| short_address(instance));
            (instance.address.clone(), shown)
        })
        .collect()
}

/// `module.a.module.b.aws_x.name[0]` -> `a/b/name[0]`.
fn short_address(instance: &Instance) -> String {
    let local = instance.address.strip_prefix(&format!("{}.", instance.module)).unwrap_or(&instance.address);
    let name = local.strip_prefix(&format!("{}.", instance.kind)).unwrap_or(local);
    let modules: Vec<&str> =
        instance.module.split("module.").map(|m| m.trim_matches('.')).filter(|m| !m.is_empty()).collect();
    if modules.is_empty() { name.to_owned() } else { format!("{}/{name}", modules.join("/")) }
}

fn resource(instance: &Instance) -> Value {
    let v = &instance.values;
    let Some((cfn, map)) = cfn_type(&instance.kind) else {
        return json!({"Type": format!("Terraform::{}", instance.kind), "Properties": {"Terraform": references(v)}});
    };
    let mut p = Map::new();
    for (from, to) in map {
        for (value, indices) in get_all(v, from) {
            if !is_unset(value) {
                set(&mut p, to, &indices, value.clone());
            }
        }
    }
    special(instance, &mut p);
    p.insert("Terraform".to_owned(), references(v));
    json!({"Type": cfn, "Properties": p})
}

/// Values Terraform writes differently: booleans CloudFormation spells as words, JSON documents as text, ingress
/// rules, log settings.
fn special(instance: &Instance, p: &mut Map<String, Value>) {
    let v = &instance.values;
    match instance.kind.as_str() {
        "aws_lb" | "aws_alb" | "aws_elb" => {
            if let Some(internal) = v.get("internal").and_then(Value::as_bool) {
                p.insert("Scheme".to_owned(), json!(if internal { "internal" } else { "internet-facing" }));
            }
        }
        "aws_ecs_service" => {
            if let Some(public) = v.pointer("/network_configuration/0/assign_public_ip").and_then(Value::as_bool) {
                let config = p.entry("NetworkConfiguration").or_insert_with(|| json!({"AwsvpcConfiguration": {}}));
                if let Some(c) = config.pointer_mut("/AwsvpcConfiguration").and_then(Value::as_object_mut) {
                    c.insert("AssignPublicIp".to_owned(), json!(if public { "ENABLED" } else { "DISABLED" }));
                }
            }
        }
        "aws_ecs_task_definition" => {
            if let Some(definitions) = v.get("container_definitions").and_then(Value::as_str).and_then(parse_json) {
                p.insert("ContainerDefinitions".to_owned(), definitions);
            }
        }
        "aws_eks_cluster" if v.get("encryption_config").and_then(Value::as_array).is_some_and(|e| !e.is_empty()) => {
            p.insert("EncryptionConfig".to_owned(), json!([{}]));
        }
        "aws_iam_role" => {
            let inline: Vec<Value> = v
                .get("inline_policy")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|policy| policy.get("policy").and_then(Value::as_str).and_then(parse_json))
                .map(|document| json!({"PolicyDocument": document}))
                .collect();
            if !inline.is_empty() {
                p.insert("Policies".to_owned(), Value::Array(inline));
            }
        }
        "aws_iam_role_policy" | "aws_iam_policy" => {
            if let Some(document) = v.get("policy").and_then(Value::as_str).and_then(parse_json) {
                p.insert("PolicyDocument".to_owned(), document);
            }
        }
        "aws_security_group" => {
            let rules: Vec<Value> = v
                .get("ingress")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .flat_map(|rule| cidrs(rule).into_iter().map(|cidr| json!({"CidrIp": cidr})))
                .collect();
            if !rules.is_empty() {
                p.insert("SecurityGroupIngress".to_owned(), Value::Array(rules));
            }
        }
        "aws_security_group_rule" => {
            let ingress = v.get("type").and_then(Value::as_str) == Some("ingress");
            if let Some(group) = v.get("security_group_id").filter(|g| !is_unset(g)) {
                p.insert("GroupId".to_owned(), group.clone());
            }
            if ingress {
                p.insert("CidrIps".to_owned(), Value::Array(cidrs(v).into_iter().map(Value::String).collect()));
            }
        }
        "aws_api_gateway_method_settings" => {
            // -1 is Terraform's "not set".
            let limit = v.pointer("/settings/0/throttling_rate_limit").and_then(Value::as_f64);
            if limit.is_none_or(|l| l < 0.0) {
                p.remove("MethodSettings");
            }
        }
        "aws_sfn_state_machine" => {
            let level = v.pointer("/logging_configuration/0/level").and_then(Value::as_str);
            if level.is_some_and(|l| l != "OFF") {
                p.insert("LoggingConfiguration".to_owned(), json!({}));
            }
        }
        "aws_kinesis_stream" if v.get("encryption_type").and_then(Value::as_str) == Some("KMS") => {
            p.insert("StreamEncryption".to_owned(), json!({"EncryptionType": "KMS"}));
        }
        _ => {}
    }
    if instance.kind == "aws_security_group_rule" {
        let ingress = v.get("type").and_then(Value::as_str) == Some("ingress");
        p.insert("Direction".to_owned(), json!(if ingress { "ingress" } else { "egress" }));
    }
}

/// The address ranges of an ingress rule.
fn cidrs(rule: &Value) -> Vec<String> {
    ["cidr_blocks", "ipv6_cidr_blocks"]
        .iter()
        .filter_map(|key| rule.get(*key).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

fn parse_json(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

/// Terraform's unknown or empty values.
fn is_unset(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// Every attribute (at any depth) that names resources, flattened: keeps the references for folding plumbing.
fn references(values: &Value) -> Value {
    let mut out = Vec::new();
    fn walk(value: &Value, out: &mut Vec<Value>, depth: usize) {
        if depth > 16 {
            return;
        }
        match value {
            Value::Object(map) if map.len() == 1 && map.contains_key("Ref") => out.push(value.clone()),
            Value::Object(map) => map.values().for_each(|v| walk(v, out, depth + 1)),
            Value::Array(items) => items.iter().for_each(|v| walk(v, out, depth + 1)),
            _ => {}
        }
    }
    walk(values, &mut out, 0);
    out.dedup();
    Value::Array(out)
}

/// The values at a dotted path; `*` walks every item of a list and records its index.
fn get_all<'v>(value: &'v Value, path: &str) -> Vec<(&'v Value, Vec<usize>)> {
    let mut found = vec![(value, Vec::new())];
    for part in path.split('.') {
        let mut next = Vec::new();
        for (value, indices) in found {
            if part == "*" {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    let mut indices = indices.clone();
                    indices.push(i);
                    next.push((item, indices));
                }
            } else if let Ok(i) = part.parse::<usize>() {
                if let Some(item) = value.get(i) {
                    next.push((item, indices));
                }
            } else if let Some(item) = value.get(part) {
                next.push((item, indices));
            }
        }
        found = next;
    }
    found
}

/// Sets a value at a dotted property path; `*` takes the next of `indices`, a number makes a list item.
fn set(properties: &mut Map<String, Value>, path: &str, indices: &[usize], value: Value) {
    let mut next_index = indices.iter();
    let parts: Vec<String> = path
        .split('.')
        .map(|part| if part == "*" { next_index.next().copied().unwrap_or(0).to_string() } else { part.to_owned() })
        .collect();
    let mut root = Value::Object(std::mem::take(properties));
    set_in(&mut root, &parts, value);
    if let Value::Object(map) = root {
        *properties = map;
    }
}

fn set_in(slot: &mut Value, parts: &[String], value: Value) {
    let Some((first, rest)) = parts.split_first() else {
        *slot = value;
        return;
    };
    if let Ok(index) = first.parse::<usize>() {
        let index = index.min(64);
        if !slot.is_array() {
            *slot = Value::Array(Vec::new());
        }
        if let Value::Array(items) = slot {
            while items.len() <= index {
                items.push(Value::Object(Map::new()));
            }
            set_in(&mut items[index], rest, value);
        }
    } else {
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        if let Value::Object(map) = slot {
            set_in(map.entry(first.clone()).or_insert(Value::Null), rest, value);
        }
    }
}

/// Gives back what Terraform splits off: event targets to their rule, policy attachments to the role (a managed
/// policy ARN) or to the policy (which then names the role), bucket notifications to the bucket, egress rules
/// stay plumbing.
fn give_back(instances: &[Instance], resources: &mut Map<String, Value>) {
    let target = |value: Option<&Value>| -> Option<String> {
        value.and_then(|v| v.get("Ref")).and_then(Value::as_str).map(str::to_owned)
    };
    for instance in instances {
        let v = &instance.values;
        match instance.kind.as_str() {
            "aws_cloudwatch_event_target" => {
                if let (Some(rule), Some(arn)) =
                    (target(v.get("rule")), v.get("arn").filter(|a| a.get("Ref").is_some()))
                {
                    push(resources, &rule, "Targets", json!({"Arn": arn}));
                }
            }
            "aws_iam_role_policy_attachment" | "aws_iam_policy_attachment" => {
                let roles: Vec<String> = match v.get("roles") {
                    Some(Value::Array(items)) => items.iter().filter_map(|i| target(Some(i))).collect(),
                    _ => target(v.get("role")).into_iter().collect(),
                };
                match (target(v.get("policy_arn")), v.get("policy_arn").and_then(Value::as_str)) {
                    (Some(policy), _) => {
                        for role in &roles {
                            push(resources, &policy, "Roles", json!({"Ref": role}));
                        }
                    }
                    (None, Some(arn)) if !arn.is_empty() => {
                        for role in &roles {
                            push(resources, role, "ManagedPolicyArns", json!(arn));
                        }
                    }
                    _ => {}
                }
            }
            "aws_s3_bucket_notification" => {
                let Some(bucket) = target(v.get("bucket")) else { continue };
                for (block, key) in
                    [("lambda_function", "lambda_function_arn"), ("queue", "queue_arn"), ("topic", "topic_arn")]
                {
                    for item in v.get(block).and_then(Value::as_array).into_iter().flatten() {
                        if let Some(arn) = item.get(key).filter(|a| a.get("Ref").is_some()) {
                            push(resources, &bucket, "NotificationConfiguration", json!({"Target": arn}));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Appends to a list property of a resource.
fn push(resources: &mut Map<String, Value>, logical: &str, key: &str, value: Value) {
    let Some(p) = resources.get_mut(logical).and_then(|r| r.get_mut("Properties")).and_then(Value::as_object_mut)
    else {
        return;
    };
    let entry = p.entry(key.to_owned()).or_insert_with(|| Value::Array(Vec::new()));
    if !entry.is_array() {
        *entry = Value::Array(Vec::new());
    }
    if let Value::Array(items) = entry
        && !items.contains(&value)
    {
        items.push(value);
    }
}

/// A report place the CloudFormation importer wrote (`$.Resources["module.a.aws_x.y"].Properties...`) as the
/// Terraform address it stands for (`module.a.aws_x.y`, then the rest of the path).
pub(super) fn source_path(place: &str) -> String {
    if let Some(rest) = place.strip_prefix("$.Resources[\"") {
        // The address is a JSON string: it ends at the first quote not escaped.
        let mut escaped = false;
        for (i, c) in rest.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    let address: String = serde_json::from_str(&format!("\"{}\"", &rest[..i])).unwrap_or_default();
                    let tail = rest[i + 1..].strip_prefix(']').unwrap_or(&rest[i + 1..]);
                    return format!("{address}{tail}");
                }
                _ => escaped = false,
            }
        }
    }
    if let Some(rest) = place.strip_prefix("$.Resources.") {
        return rest.to_owned();
    }
    place.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_attributes_become_nested_properties() {
        let mut p = Map::new();
        set(&mut p, "VpcConfig.SubnetIds", &[], json!(["a"]));
        set(&mut p, "DefaultActions.*.TargetGroupArn", &[1], json!("tg"));
        set(&mut p, "Roles.0", &[], json!({"Ref": "r"}));
        assert_eq!(
            Value::Object(p),
            json!({"VpcConfig": {"SubnetIds": ["a"]}, "DefaultActions": [{}, {"TargetGroupArn": "tg"}], "Roles": [{"Ref": "r"}]})
        );
        let v = json!({"default_action": [{"target_group_arn": "x"}, {"target_group_arn": "y"}]});
        let all = get_all(&v, "default_action.*.target_group_arn");
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].1, vec![1]);
        assert_eq!(
            source_path("$.Resources[\"module.a.aws_x.y\"].Properties.Events"),
            "module.a.aws_x.y.Properties.Events"
        );
        assert_eq!(source_path("$.Resources[\"m.r[\\\"k\\\"]\"]"), "m.r[\"k\"]");
    }
}
