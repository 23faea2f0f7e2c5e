//! Front doors: API Gateway authorizers (a Cognito user pool protects the API, a Lambda authorizer is called by
//! it, a default authorizer makes the API authenticate its callers), access logs and throttling from stages and
//! SAM APIs, WAF web ACLs on CloudFront distributions and associated with APIs and load balancers, and CloudFront
//! distributions as public entry points.

use serde_json::Value;

use crate::import::cfn::Cfn;
use crate::import::common::child;
use crate::model::id::Id;
use crate::model::kind::ComponentKind as K;
use crate::model::props::ApiType;

/// Applies every front-door setting the template states.
pub(super) fn front_doors(cfn: &mut Cfn<'_>) {
    implicit_apis(cfn);
    let logicals: Vec<String> = cfn.t.resources.keys().filter(|l| !cfn.skipped.contains(*l)).cloned().collect();
    for logical in &logicals {
        let path = child("$.Resources", logical);
        let p = cfn.resource(logical).and_then(|r| r.get("Properties")).cloned().unwrap_or(Value::Null);
        let own = cfn.components.get(logical).cloned();
        match cfn.type_of(logical).to_owned().as_str() {
            "AWS::Serverless::Api" | "AWS::Serverless::HttpApi" => {
                if let Some(api) = own {
                    let p = cfn.properties_with_globals(logical);
                    sam_api(cfn, &path, &api, &p);
                }
            }
            "AWS::ApiGateway::Authorizer" | "AWS::ApiGatewayV2::Authorizer" => {
                let Some(api) = p.get("RestApiId").or_else(|| p.get("ApiId")).and_then(|v| cfn.target(v)) else {
                    continue;
                };
                if let Some(pools) = p.get("ProviderARNs") {
                    for pool in cfn.targets(pools) {
                        protect(cfn, &pool, &api);
                    }
                }
                if let Some(function) = p.get("AuthorizerUri").and_then(|v| cfn.target(v)) {
                    cfn.link(&path, "Lambda authorizer", &api, &function, false);
                }
                cfn.fold(logical, &api, "its authorizer");
            }
            "AWS::ApiGateway::Stage" | "AWS::ApiGatewayV2::Stage" => {
                let Some(api) = p.get("RestApiId").or_else(|| p.get("ApiId")).and_then(|v| cfn.target(v)) else {
                    continue;
                };
                stage_settings(cfn, &api, &p);
                cfn.fold(logical, &api, "its stage");
            }
            "AWS::CloudFront::Distribution" => {
                let Some(distribution) = own else { continue };
                if let Some(c) = cfn.b.component_mut(&distribution) {
                    c.properties.public_entry = Some(true);
                }
                if let Some(waf) =
                    p.get("DistributionConfig").and_then(|c| c.get("WebACLId")).and_then(|v| cfn.target(v))
                {
                    protect(cfn, &waf, &distribution);
                }
            }
            "AWS::WAFv2::WebACLAssociation" | "AWS::WAFRegional::WebACLAssociation" => {
                let waf = p.get("WebACLArn").or_else(|| p.get("WebACLId")).and_then(|v| cfn.target(v));
                let targets = p.get("ResourceArn").map(|v| cfn.targets(v)).unwrap_or_default();
                if let Some(waf) = waf {
                    for target in &targets {
                        protect(cfn, &waf, target);
                    }
                    cfn.fold(logical, &waf, "its association");
                }
            }
            _ => {}
        }
    }
}

/// The APIs SAM makes for the functions' events take `Globals.Api` and `Globals.HttpApi`.
fn implicit_apis(cfn: &mut Cfn<'_>) {
    for (name, kind) in
        [("ServerlessRestApi", "AWS::Serverless::Api"), ("ServerlessHttpApi", "AWS::Serverless::HttpApi")]
    {
        let (Some(api), Some(globals)) = (cfn.implicit.get(name).cloned(), cfn.api_globals.get(kind).cloned()) else {
            continue;
        };
        sam_api(
            cfn,
            &format!("$.Globals.{}", kind.trim_start_matches("AWS::Serverless::")),
            &api,
            &Value::Object(globals),
        );
    }
}

/// A SAM API's `Auth` (authorizers, default authorizer), `AccessLogSetting(s)` and `MethodSettings`.
fn sam_api(cfn: &mut Cfn<'_>, path: &str, api: &Id, p: &Value) {
    let auth = p.get("Auth");
    if let Some(authorizers) = auth.and_then(|a| a.get("Authorizers")).and_then(Value::as_object) {
        for authorizer in authorizers.values() {
            if let Some(pools) = authorizer.get("UserPoolArn") {
                for pool in cfn.targets(pools) {
                    protect(cfn, &pool, api);
                }
            }
            if let Some(function) = authorizer.get("FunctionArn").and_then(|v| cfn.target(v)) {
                cfn.link(path, "Lambda authorizer", api, &function, false);
            }
        }
    }
    let default = auth.and_then(|a| a.get("DefaultAuthorizer")).and_then(|v| cfn.t.text(v));
    if let Some(default) = default.filter(|d| d != "NONE")
        && let Some(c) = cfn.b.component_mut(api)
    {
        // Every route authenticates unless it opts out; a route that opts out is not drawn on its own.
        c.properties.requires_authentication = Some(true);
        if default == "AWS_IAM" {
            c.properties.public_entry = Some(false);
        }
    }
    stage_settings(cfn, api, p);
}

/// Access logs and throttling of a stage (or of a SAM API, which carries its stage's settings).
fn stage_settings(cfn: &mut Cfn<'_>, api: &Id, p: &Value) {
    let logs = p.get("AccessLogSetting").or_else(|| p.get("AccessLogSettings")).is_some();
    let throttled = ["MethodSettings", "DefaultRouteSettings", "RouteSettings"].iter().any(|key| {
        p.get(*key).is_some_and(|s| {
            let text = s.to_string();
            text.contains("ThrottlingRateLimit") || text.contains("ThrottlingBurstLimit")
        })
    });
    if let Some(c) = cfn.b.component_mut(api) {
        if logs {
            c.properties.logging = Some(true);
        }
        if throttled {
            c.properties.throttling = Some(true);
        }
    }
}

/// `protector` (a WAF or user pool) protects `target` when trustmap lets it (a WAF: REST APIs, load balancers,
/// CloudFront distributions and user pools; a user pool: APIs and load balancers).
fn protect(cfn: &mut Cfn<'_>, protector: &Id, target: &Id) {
    let (Some(kind), Some(target_kind)) = (cfn.b.kind_of(protector), cfn.b.kind_of(target)) else { return };
    let http_api = cfn
        .b
        .diagram
        .components
        .iter()
        .any(|c| &c.id == target && matches!(c.properties.api_type, Some(ApiType::Http | ApiType::Websocket)));
    let allowed = match kind {
        K::Waf => match target_kind {
            K::ApiGateway => !http_api,
            K::LoadBalancer | K::Cloudfront | K::CognitoUserPool => true,
            _ => false,
        },
        K::CognitoUserPool => matches!(target_kind, K::ApiGateway | K::LoadBalancer),
        _ => false,
    };
    if allowed && let Some(c) = cfn.b.component_mut(protector) {
        c.protects.push(target.clone());
    }
}
