//! Security properties a resource states in its own properties (encryption, logging, exposure, versions, endpoint
//! access, API type ...). A property the template does not state stays unset, so the kind's default or "unknown"
//! applies; nothing is guessed.

use serde_json::Value;

use crate::import::cfn::Cfn;
use crate::model::Named as _;
use crate::model::props::{
    ApiType, DatabaseEngine, EndpointAccess, Exposure, MinimumTls, NodeManagement, OriginAccess, PackageType,
    Properties, VpcEndpointType,
};

/// Sets the properties of the component a resource became.
pub(super) fn apply(cfn: &mut Cfn<'_>, logical: &str) {
    let Some(id) = cfn.components.get(logical).cloned() else { return };
    let resource_type = cfn.type_of(logical).to_owned();
    let owned = cfn.properties_with_globals(logical);
    let p = &owned;
    let t = &cfn.t;
    let get = |path: &[&str]| path.iter().try_fold(p, |v, k| v.get(*k));
    let text = |path: &[&str]| get(path).and_then(|v| t.text(v));
    let flag = |path: &[&str]| t.flag(get(path));
    let mut props = Properties::default();
    match resource_type.as_str() {
        "AWS::Lambda::Function" | "AWS::Serverless::Function" => {
            let global = |key: &str| cfn.globals.get(key).and_then(|v| t.text(v));
            props.runtime = text(&["Runtime"]).or_else(|| global("Runtime"));
            props.package_type = text(&["PackageType"])
                .or_else(|| global("PackageType"))
                .and_then(|v| PackageType::parse(&v.to_lowercase()));
        }
        "AWS::SQS::Queue" => {
            props.encryption_at_rest =
                if get(&["KmsMasterKeyId"]).is_some() { Some(true) } else { flag(&["SqsManagedSseEnabled"]) };
        }
        "AWS::SNS::Topic" => props.encryption_at_rest = get(&["KmsMasterKeyId"]).map(|_| true),
        "AWS::Kinesis::Stream" => props.encryption_at_rest = get(&["StreamEncryption"]).map(|_| true),
        "AWS::S3::Bucket" => props.logging = get(&["LoggingConfiguration"]).map(|_| true),
        "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster" => {
            props.engine = text(&["Engine"]).and_then(|e| DatabaseEngine::parse(&e.to_lowercase()));
            props.engine_version = text(&["EngineVersion"]);
            props.encryption_at_rest = flag(&["StorageEncrypted"]);
            props.exposure =
                flag(&["PubliclyAccessible"]).map(|public| if public { Exposure::Public } else { Exposure::Private });
            props.logging = get(&["EnableCloudwatchLogsExports"]).and_then(Value::as_array).map(|l| !l.is_empty());
        }
        "AWS::ApiGateway::RestApi" | "AWS::Serverless::Api" => {
            props.api_type = Some(ApiType::Rest);
            let types = get(&["EndpointConfiguration", "Types"]).or_else(|| get(&["EndpointConfiguration", "Type"]));
            if types.is_some_and(|v| v.to_string().contains("PRIVATE")) {
                props.exposure = Some(Exposure::Private);
            }
        }
        "AWS::Serverless::HttpApi" => props.api_type = Some(ApiType::Http),
        "AWS::ApiGatewayV2::Api" => {
            props.api_type = match text(&["ProtocolType"]).as_deref() {
                Some("WEBSOCKET") => Some(ApiType::Websocket),
                Some("HTTP") => Some(ApiType::Http),
                _ => None,
            };
        }
        "AWS::ElasticLoadBalancingV2::LoadBalancer" | "AWS::ElasticLoadBalancing::LoadBalancer" => {
            props.exposure = match text(&["Scheme"]).as_deref() {
                Some("internal") => Some(Exposure::Private),
                Some("internet-facing") => Some(Exposure::Public),
                // The documented default scheme is internet-facing.
                None if get(&["Scheme"]).is_none() => Some(Exposure::Public),
                _ => None,
            };
        }
        "AWS::CloudFront::Distribution" => {
            let config = get(&["DistributionConfig"]);
            let at = |path: &[&str]| path.iter().try_fold(config?, |v, k| v.get(*k));
            props.logging = at(&["Logging"]).map(|_| true);
            props.minimum_tls =
                at(&["ViewerCertificate", "MinimumProtocolVersion"]).and_then(|v| t.text(v)).and_then(|v| {
                    match v.as_str() {
                        "TLSv1.2_2018" | "TLSv1.2_2019" | "TLSv1.2_2021" => Some(MinimumTls::Tls12),
                        "TLSv1.1_2016" => Some(MinimumTls::Tls11),
                        "TLSv1" | "TLSv1_2016" | "SSLv3" => Some(MinimumTls::Tls10),
                        _ if v.starts_with("TLSv1.3") => Some(MinimumTls::Tls13),
                        _ => None,
                    }
                });
            let origins = at(&["Origins"]).map(Value::to_string).unwrap_or_default();
            props.origin_access = if origins.contains("OriginAccessControlId") {
                Some(OriginAccess::Oac)
            } else if origins.contains("OriginAccessIdentity") {
                Some(OriginAccess::Oai)
            } else {
                None
            };
        }
        "AWS::EKS::Nodegroup" => {
            props.node_management = Some(NodeManagement::ManagedNodeGroup);
            props.kubernetes_version = text(&["Version"]);
        }
        "AWS::ElastiCache::ReplicationGroup" | "AWS::ElastiCache::CacheCluster" => {
            props.encryption_in_transit = flag(&["TransitEncryptionEnabled"]);
            props.encryption_at_rest = flag(&["AtRestEncryptionEnabled"]);
        }
        "AWS::RDS::DBProxy" => props.encryption_in_transit = flag(&["RequireTLS"]),
        "AWS::EC2::VPCEndpoint" => {
            props.endpoint_type = match text(&["VpcEndpointType"]).as_deref() {
                Some("Interface") => Some(VpcEndpointType::Interface),
                // Gateway is the documented default type.
                Some("Gateway") | None => Some(VpcEndpointType::Gateway),
                _ => None,
            };
        }
        "AWS::ECR::Repository" => props.image_scanned = flag(&["ImageScanningConfiguration", "ScanOnPush"]),
        "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine" => {
            props.logging = get(&["LoggingConfiguration"]).or_else(|| get(&["Logging"])).map(|_| true);
        }
        _ => {}
    }
    if resource_type == "AWS::EKS::Cluster" {
        eks_control_plane(cfn, logical, &id, p);
    }
    if let Some(component) = cfn.b.component_mut(&id) {
        component.properties = props;
    }
}

/// An EKS cluster's control plane: endpoint access, allowed ranges, audit logging, version, secrets encryption.
fn eks_control_plane(cfn: &mut Cfn<'_>, logical: &str, cluster: &crate::model::id::Id, p: &Value) {
    let path = crate::import::common::child("$.Resources", logical);
    let name = format!("{logical} control plane");
    let id = cfn.b.component(&path, &name, crate::model::kind::ComponentKind::EksControlPlane, "the EKS cluster's API");
    let vpc = p.get("ResourcesVpcConfig");
    // Documented defaults: public access on, private access off; a value the template does not resolve is unknown.
    let access = |key: &str, default: bool| match vpc.and_then(|v| v.get(key)) {
        None => Some(default),
        Some(value) => cfn.t.flag(Some(value)),
    };
    let endpoint_access = match (access("EndpointPublicAccess", true), access("EndpointPrivateAccess", false)) {
        (Some(false), Some(true)) => Some(EndpointAccess::Private),
        (Some(true), Some(true)) => Some(EndpointAccess::PublicAndPrivate),
        (Some(true), Some(false)) => Some(EndpointAccess::Public),
        _ => None,
    };
    let mut props = Properties { endpoint_access, ..Properties::default() };
    props.endpoint_allowed_cidrs = vpc
        .and_then(|v| v.get("PublicAccessCidrs"))
        .and_then(|v| cfn.t.resolve(v, 0))
        .and_then(|v| v.as_array().map(|l| l.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect()));
    props.kubernetes_version = p.get("Version").and_then(|v| cfn.t.text(v));
    props.logging = p.get("Logging").map(|l| l.to_string().to_lowercase().contains("audit"));
    props.secrets_encryption = p.get("EncryptionConfig").map(|_| true);
    if let Some(component) = cfn.b.component_mut(&id) {
        component.properties = props;
        component.parent = Some(cluster.clone());
    }
}
