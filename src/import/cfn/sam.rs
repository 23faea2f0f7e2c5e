//! The SAM transform, done by the importer: an `AWS::Serverless::Function`'s `Events` become flows from their
//! sources (SQS, SNS, EventBridge rules, DynamoDB and Kinesis streams, S3) and from the implicit API (`Api`,
//! `HttpApi`), its `Policies` (SAM policy templates, managed policies, inline statements) and `Globals` give it a
//! role, as SAM would create one.

use serde_json::Value;

use crate::import::cfn::Cfn;
use crate::import::cfn::eval::single;
use crate::import::common::child;
use crate::import::report::Outcome;
use crate::model::id::Id;
use crate::model::kind::ComponentKind as K;
use crate::model::props::{ApiType, PolicyTemplate};

/// Expands every SAM function and state machine of the template.
pub(super) fn expand(cfn: &mut Cfn<'_>) {
    let functions: Vec<(String, Id)> = cfn
        .components
        .iter()
        .filter(|(logical, _)| {
            matches!(cfn.type_of(logical), "AWS::Serverless::Function" | "AWS::Serverless::StateMachine")
        })
        .map(|(l, id)| (l.clone(), id.clone()))
        .collect();
    for (logical, id) in functions {
        let path = child("$.Resources", &logical);
        let properties = cfn.resource(&logical).and_then(|r| r.get("Properties")).cloned().unwrap_or(Value::Null);
        if let Some(events) = properties.get("Events").and_then(Value::as_object) {
            for (name, event) in events {
                event_flow(cfn, &child(&format!("{path}.Properties.Events"), name), &id, event);
            }
        }
        function_role(cfn, &logical, &path, &id, &properties);
    }
}

/// One event source -> a flow into the function.
fn event_flow(cfn: &mut Cfn<'_>, place: &str, function: &Id, event: &Value) {
    let kind = event.get("Type").and_then(Value::as_str).unwrap_or_default();
    let null = Value::Null;
    let p = event.get("Properties").unwrap_or(&null);
    let source = match kind {
        "Api" => Some(match p.get("RestApiId").and_then(|v| cfn.target(v)) {
            Some(api) => api,
            None => implicit_api(cfn, place, "ServerlessRestApi", ApiType::Rest),
        }),
        "HttpApi" => Some(match p.get("ApiId").and_then(|v| cfn.target(v)) {
            Some(api) => api,
            None => implicit_api(cfn, place, "ServerlessHttpApi", ApiType::Http),
        }),
        "SQS" | "Kinesis" | "DynamoDB" | "MSK" | "SNS" | "S3" => {
            let key = match kind {
                "SQS" => "Queue",
                "SNS" => "Topic",
                "S3" => "Bucket",
                _ => "Stream",
            };
            p.get(key).map(|v| cfn.target(v).unwrap_or_else(|| external_source(cfn, place, kind, v)))
        }
        "EventBridgeRule" | "CloudWatchEvent" => Some(match p.get("EventBusName").and_then(|v| cfn.target(v)) {
            Some(bus) => bus,
            None => {
                let name = p.get("EventBusName").and_then(|v| cfn.t.text(v)).unwrap_or_else(|| "default".to_owned());
                cfn.implied(
                    place,
                    &format!("{name} event bus"),
                    K::EventbridgeBus,
                    "an EventBridge rule on a bus the template does not declare",
                )
            }
        }),
        "Schedule" | "ScheduleV2" => {
            cfn.b.report.add(
                Outcome::Approximated,
                place,
                Some(function),
                "a schedule invokes the function: no caller to draw",
            );
            None
        }
        _ => {
            cfn.b.report.add(Outcome::Dropped, place, Some(function), format!("SAM event type {kind} is not drawn"));
            None
        }
    };
    match source {
        Some(source) => {
            if kind == "DynamoDB" {
                // The function polls the table's stream: drawn from the function, reading.
                cfn.link(place, &format!("SAM {kind} event"), function, &source, true);
            } else {
                cfn.link(place, &format!("SAM {kind} event"), &source, function, false);
            }
        }
        None if kinds_known(kind) => cfn.b.report.add(
            Outcome::Warning,
            place,
            Some(function),
            format!("the {kind} event names no source: no flow drawn"),
        ),
        None => {}
    }
}

fn kinds_known(kind: &str) -> bool {
    matches!(kind, "SQS" | "Kinesis" | "DynamoDB" | "MSK" | "SNS" | "S3")
}

/// An event source the template names but does not declare (a parameter, an imported value, an ARN): drawn once per
/// name as a component of the event's kind, reported as implied.
fn external_source(cfn: &mut Cfn<'_>, place: &str, event: &str, value: &Value) -> Id {
    let kind = match event {
        "SQS" => K::SqsQueue,
        "SNS" => K::SnsTopic,
        "S3" => K::S3Bucket,
        "DynamoDB" => K::DynamodbTable,
        _ => K::KinesisStream,
    };
    let name = match single(value) {
        Some(("Ref", Value::String(parameter))) => parameter.clone(),
        Some(("Fn::ImportValue", name)) => {
            cfn.t.text(name).map_or_else(|| "imported value".to_owned(), |n| format!("{n} (imported)"))
        }
        _ => cfn
            .t
            .text(value)
            .map(|arn| arn.rsplit([':', '/']).next().unwrap_or_default().to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("{event} source")),
    };
    cfn.implied(place, &name, kind, &format!("the {event} event's source, not declared in this template"))
}

fn implicit_api(cfn: &mut Cfn<'_>, place: &str, name: &str, api_type: ApiType) -> Id {
    let existed = cfn.implicit.contains_key(name);
    let id = cfn.implied(place, name, K::ApiGateway, "the API SAM creates for the functions' API events");
    if !existed && let Some(component) = cfn.b.component_mut(&id) {
        component.properties.api_type = Some(api_type);
    }
    id
}

/// The function's role: the one it names, or the role SAM creates from `Policies` (and the basic execution policy).
fn function_role(cfn: &mut Cfn<'_>, logical: &str, path: &str, function: &Id, p: &Value) {
    let is_function = cfn.type_of(logical) == "AWS::Serverless::Function";
    let role =
        p.get("Role").or_else(|| p.get("RoleArn")).or_else(|| cfn.globals.get("Role").filter(|_| is_function)).cloned();
    if let Some(role) = role {
        if let Some(target) = cfn.target(&role).filter(|r| cfn.b.kind_of(r) == Some(K::IamRole)) {
            set_role(cfn, function, &target);
        } else {
            cfn.b.report.add(
                Outcome::Warning,
                path,
                Some(function),
                "its Role is not a role of this template: permissions unknown",
            );
        }
        return;
    }
    let role = cfn.implied(
        &format!("{path}.Properties.Policies"),
        &format!("{logical} Role"),
        K::IamRole,
        "the role SAM creates for the function or state machine",
    );
    // SAM gives a function's role the basic execution policy (logs); a state machine's role gets only its Policies.
    let mut managed = if is_function { vec!["AWSLambdaBasicExecutionRole".to_owned()] } else { Vec::new() };
    let mut templates = Vec::new();
    let mut statements = Vec::new();
    let policies = match p.get("Policies") {
        Some(Value::Array(items)) => items.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    };
    for (i, policy) in policies.iter().enumerate() {
        let place = format!("{path}.Properties.Policies[{i}]");
        match policy {
            Value::String(name) => managed_policy(cfn, &place, &role, name, &mut managed),
            Value::Object(map) if map.contains_key("Statement") => {
                statements.extend(crate::import::cfn::wiring::statements(cfn, &place, policy));
            }
            Value::Object(_) => match single(policy) {
                Some((name, args)) if crate::model::props::names::POLICY_TEMPLATES.contains(&name) => {
                    let resource = args
                        .as_object()
                        .and_then(|m| m.values().next())
                        .and_then(|v| cfn.target(v))
                        .map(|id| id.to_string());
                    templates.push(PolicyTemplate { name: name.to_owned(), resource });
                }
                Some((name, _)) if name.starts_with("Fn::") || name == "Ref" => match cfn.t.text(policy) {
                    Some(name) => managed_policy(cfn, &place, &role, &name, &mut managed),
                    None => cfn.b.report.add(
                        Outcome::Warning,
                        &place,
                        Some(&role),
                        "a policy the template does not resolve: left out",
                    ),
                },
                Some((name, _)) => cfn.b.report.add(
                    Outcome::Dropped,
                    &place,
                    Some(&role),
                    format!("SAM policy template {name} is not in trustmap's table: its statements are unknown"),
                ),
                None => {}
            },
            _ => {}
        }
    }
    crate::sorting::sort(&mut managed);
    managed.dedup();
    if let Some(component) = cfn.b.component_mut(&role) {
        if !managed.is_empty() {
            component.properties.managed_policies = Some(managed);
        }
        if !templates.is_empty() {
            component.properties.policy_templates = Some(templates);
        }
        if !statements.is_empty() {
            component.properties.permissions = Some(statements);
        }
    }
    set_role(cfn, function, &role);
}

/// A managed policy by name or ARN: kept when trustmap's table has it.
pub(super) fn managed_policy(cfn: &mut Cfn<'_>, place: &str, role: &Id, name: &str, managed: &mut Vec<String>) {
    let short = name.rsplit('/').next().unwrap_or(name);
    if crate::model::props::names::MANAGED_POLICIES.contains(&short) {
        managed.push(short.to_owned());
    } else if crate::model::props::names::POLICY_TEMPLATES.contains(&short) {
        cfn.b.report.add(Outcome::Warning, place, Some(role), format!("{short} needs its parameters: left out"));
    } else {
        cfn.b.report.add(
            Outcome::Dropped,
            place,
            Some(role),
            format!("managed policy {short} is not in trustmap's table: its statements are unknown"),
        );
    }
}

/// Runs a component as a role.
pub(super) fn set_role(cfn: &mut Cfn<'_>, component: &Id, role: &Id) {
    let runs_as = cfn.b.kind_of(component).is_some_and(|k| crate::model::catalog::info(k).links.role);
    if runs_as && let Some(c) = cfn.b.component_mut(component) {
        c.role = Some(role.clone());
    }
}
