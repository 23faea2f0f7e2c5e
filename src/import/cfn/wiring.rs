//! References between resources -> flows and role permissions: event source mappings, SNS subscriptions,
//! EventBridge rules and their targets, API integrations, S3 notifications, CloudFront origins, load balancer
//! target groups, the resources a function's or task's environment names, state machines' substitutions, and IAM
//! statements naming a resource (on that component's id). A cycle of references is refused, as CloudFormation does.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::import::cfn::Cfn;
use crate::import::cfn::eval::Template;
use crate::import::common::child;
use crate::import::report::Outcome;
use crate::model::id::Id;
use crate::model::kind::ComponentKind as K;
use crate::model::problem::Problem;
use crate::model::props::{Permission, Syntax};

/// Refuses resources that depend on each other in a cycle (through `Ref`, `Fn::GetAtt`, `Fn::Sub` or `DependsOn`).
pub(super) fn check_cycles(t: &Template<'_>) -> Result<(), Vec<Problem>> {
    let mut edges: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (logical, resource) in t.resources {
        // A SAM function's Events become permissions and mappings that point at the function, not the other way.
        let sam_function = resource.get("Type").and_then(Value::as_str) == Some("AWS::Serverless::Function");
        let mut next: Vec<String> = match resource.get("Properties") {
            Some(Value::Object(p)) if sam_function => {
                p.iter().filter(|(k, _)| k.as_str() != "Events").flat_map(|(_, v)| t.references(v)).collect()
            }
            Some(p) => t.references(p),
            None => Vec::new(),
        }
        .into_iter()
        .map(|r| r.target)
        .collect();
        match resource.get("DependsOn") {
            Some(Value::String(name)) => next.push(name.clone()),
            Some(Value::Array(names)) => next.extend(names.iter().filter_map(Value::as_str).map(str::to_owned)),
            _ => {}
        }
        next.retain(|n| t.resources.contains_key(n));
        edges.insert(logical.as_str(), next);
    }
    // Iterative depth-first search: 0 unvisited, 1 on the path, 2 done.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for start in edges.keys() {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, i)) = path.last_mut() {
            let node: &str = node;
            let next = edges.get(node).and_then(|n| n.get(*i));
            *i += 1;
            match next {
                Some(next) => {
                    let next = next.as_str();
                    let Some((key, _)) = edges.get_key_value(next) else { continue };
                    match state.get(next).copied().unwrap_or(0) {
                        0 => {
                            state.insert(key, 1);
                            path.push((key, 0));
                        }
                        1 => {
                            let from = path.iter().position(|(n, _)| *n == next).unwrap_or(0);
                            let mut names: Vec<&str> = path[from..].iter().map(|(n, _)| *n).collect();
                            names.push(next);
                            return Err(vec![Problem::new(
                                child("$.Resources", next),
                                format!("the resources refer to each other in a cycle: {}", names.join(" -> ")),
                            )]);
                        }
                        _ => {}
                    }
                }
                None => {
                    state.insert(node, 2);
                    path.pop();
                }
            }
        }
    }
    Ok(())
}

/// Draws the flows and permissions the references say.
pub(super) fn wire(cfn: &mut Cfn<'_>) {
    let logicals: Vec<String> = cfn.t.resources.keys().cloned().collect();
    // Resources a function, task or state machine names: linked once every role has its permissions.
    let mut named = Vec::new();
    for logical in &logicals {
        if cfn.skipped.contains(logical) {
            continue;
        }
        let path = child("$.Resources", logical);
        let p = cfn.resource(logical).and_then(|r| r.get("Properties")).cloned().unwrap_or(Value::Null);
        let own = cfn.components.get(logical).cloned();
        match cfn.type_of(logical).to_owned().as_str() {
            "AWS::IAM::Role" => {
                if let Some(role) = own {
                    role_policies(cfn, &path, &role, &p);
                }
            }
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
                let roles = p.get("Roles").map(|r| cfn.targets(r)).unwrap_or_default();
                let statements = p.get("PolicyDocument").map(|d| statements(cfn, &path, d)).unwrap_or_default();
                for role in &roles {
                    add_statements(cfn, role, statements.clone());
                }
                if let Some(role) = roles.first() {
                    cfn.fold(logical, role, "its statements are the role's");
                }
            }
            "AWS::Lambda::Function"
            | "AWS::Serverless::Function"
            | "AWS::ECS::Service"
            | "AWS::StepFunctions::StateMachine"
            | "AWS::Serverless::StateMachine" => {
                if let Some(own) = own {
                    for target in compute(cfn, logical, &path, &own, &p) {
                        named.push((path.clone(), own.clone(), target));
                    }
                }
            }
            "AWS::Lambda::EventSourceMapping" => {
                let source = p.get("EventSourceArn").and_then(|v| cfn.target(v));
                let function = p.get("FunctionName").and_then(|v| cfn.target(v));
                if let (Some(source), Some(function)) = (source, function) {
                    let reads = cfn.b.kind_of(&source).is_some_and(|k| k.is_data_store());
                    if reads {
                        cfn.link(&path, "event source mapping", &function, &source, true);
                    } else {
                        cfn.link(&path, "event source mapping", &source, &function, false);
                    }
                    cfn.fold(logical, &function, "event source mapping");
                }
            }
            "AWS::SNS::Subscription" => {
                let topic = p.get("TopicArn").and_then(|v| cfn.target(v));
                let endpoint = p.get("Endpoint").and_then(|v| cfn.target(v));
                if let (Some(topic), Some(endpoint)) = (topic, endpoint) {
                    cfn.link(&path, "SNS subscription", &topic, &endpoint, false);
                    cfn.fold(logical, &topic, "subscription");
                }
            }
            "AWS::SNS::Topic" => {
                if let (Some(topic), Some(subscriptions)) = (own, p.get("Subscription")) {
                    for endpoint in cfn.targets(subscriptions) {
                        cfn.link(&path, "SNS subscription", &topic, &endpoint, false);
                    }
                }
            }
            "AWS::Events::Rule" => event_rule(cfn, logical, &path, &p),
            "AWS::ApiGateway::Method" | "AWS::ApiGatewayV2::Integration" | "AWS::ApiGatewayV2::Route" => {
                let api = p.get("RestApiId").or_else(|| p.get("ApiId")).and_then(|v| cfn.target(v));
                let integration = p.get("Integration").and_then(|i| i.get("Uri")).or_else(|| p.get("IntegrationUri"));
                if let Some(api) = api {
                    if let Some(backend) = integration.and_then(|v| cfn.target(v)) {
                        cfn.link(&path, "API integration", &api, &backend, false);
                    }
                    cfn.fold(logical, &api, "API method or route");
                }
            }
            "AWS::S3::Bucket" => {
                if let (Some(bucket), Some(notifications)) = (own, p.get("NotificationConfiguration")) {
                    for target in cfn.targets(notifications) {
                        cfn.link(&path, "S3 event notification", &bucket, &target, false);
                    }
                }
            }
            "AWS::CloudFront::Distribution" => {
                if let (Some(distribution), Some(origins)) =
                    (own, p.get("DistributionConfig").and_then(|c| c.get("Origins")))
                {
                    for origin in cfn.targets(origins) {
                        let reads = cfn.b.kind_of(&origin).is_some_and(|k| k.is_data_store());
                        cfn.link(&path, "CloudFront origin", &distribution, &origin, reads);
                    }
                }
            }
            "AWS::ElasticLoadBalancingV2::Listener"
            | "AWS::AutoScaling::AutoScalingGroup"
            | "AWS::ElasticLoadBalancingV2::TargetGroupAttachment" => load_balancing(cfn, logical, &path, &p, own),
            "AWS::Pipes::Pipe" => {
                let source = p.get("Source").and_then(|v| cfn.target(v));
                let target = p.get("Target").and_then(|v| cfn.target(v));
                if let (Some(source), Some(target)) = (source, target) {
                    cfn.link(&path, "EventBridge pipe", &source, &target, false);
                    cfn.fold(logical, &target, "pipe");
                }
            }
            _ => {}
        }
    }
    for (path, own, target) in named {
        link_named(cfn, &path, &own, &target);
    }
}

/// An EventBridge rule: flows from its bus to its targets; a rule on a schedule only has no caller to draw.
fn event_rule(cfn: &mut Cfn<'_>, logical: &str, path: &str, p: &Value) {
    let bus = match p.get("EventBusName").and_then(|v| cfn.target(v)) {
        Some(bus) => bus,
        None => {
            let name = p.get("EventBusName").and_then(|v| cfn.t.text(v)).unwrap_or_else(|| "default".to_owned());
            if p.get("ScheduleExpression").is_some() && p.get("EventPattern").is_none() {
                cfn.b.report.add(
                    Outcome::Approximated,
                    path,
                    None,
                    "a scheduled rule: its targets are invoked on a timer, no caller drawn",
                );
                return;
            }
            cfn.implied(
                path,
                &format!("{name} event bus"),
                K::EventbridgeBus,
                "an EventBridge rule on a bus the template does not declare",
            )
        }
    };
    if let Some(targets) = p.get("Targets") {
        for target in cfn.targets(targets) {
            cfn.link(path, "EventBridge rule target", &bus, &target, false);
        }
    }
    cfn.fold(logical, &bus, "rule");
}

/// A function, task or state machine: its role, and what its environment or definition names (linked later).
fn compute(cfn: &mut Cfn<'_>, logical: &str, path: &str, own: &Id, p: &Value) -> Vec<Id> {
    let role = p.get("Role").or_else(|| p.get("RoleArn"));
    if let Some(role) = role.and_then(|r| cfn.target(r)).filter(|r| cfn.b.kind_of(r) == Some(K::IamRole)) {
        crate::import::cfn::sam::set_role(cfn, own, &role);
    }
    let mut named = Vec::new();
    for key in ["Environment", "DefinitionSubstitutions", "Definition", "DefinitionString"] {
        if let Some(value) = p.get(key) {
            named.extend(cfn.targets(value));
        }
    }
    if cfn.type_of(logical) == "AWS::ECS::Service" {
        if let Some(task) = p.get("TaskDefinition").and_then(|v| cfn.t.references(v).into_iter().next()) {
            let task_props =
                cfn.resource(&task.target).and_then(|r| r.get("Properties")).cloned().unwrap_or(Value::Null);
            if let Some(role) = task_props.get("TaskRoleArn").and_then(|r| cfn.target(r)) {
                crate::import::cfn::sam::set_role(cfn, own, &role);
            }
            // The task execution role: the ECS agent pulls images and injects secrets with it.
            let execution = task_props.get("ExecutionRoleArn").and_then(|r| cfn.target(r));
            if let Some(role) = execution.filter(|r| cfn.b.kind_of(r) == Some(K::IamRole))
                && let Some(c) = cfn.b.component_mut(own)
            {
                c.execution_role = Some(role);
            }
            if let Some(containers) = task_props.get("ContainerDefinitions") {
                named.extend(cfn.targets(containers));
            }
            cfn.fold(&task.target, own, "the service's task definition");
        }
        // Load balancers reach the service through its target groups.
        if let Some(balancers) = p.get("LoadBalancers") {
            for group in cfn.t.references(balancers) {
                for balancer in balancers_of(cfn, &group.target) {
                    cfn.link(path, "load balancer target group", &balancer, own, false);
                }
                cfn.fold(&group.target, own, "target group");
            }
        }
    }
    named.retain(|target| {
        cfn.b.kind_of(target).is_some_and(|k| k.is_flow_endpoint() && k != K::IamRole && k != K::KmsKey)
    });
    named
}

/// Links what a component names in its configuration; a data store is read or written as its role's permissions on
/// it say, and drawn as written (the larger risk) when they do not say.
fn link_named(cfn: &mut Cfn<'_>, path: &str, own: &Id, target: &Id) {
    // A distribution's or WAF's name in a function's settings is an address or an allowed origin (CORS), not a call.
    if matches!(cfn.b.kind_of(target), Some(K::Cloudfront | K::Waf)) {
        cfn.b.report.add(
            Outcome::Approximated,
            path,
            Some(own),
            format!("names {target} in its configuration (an address or allowed origin): no flow drawn"),
        );
        return;
    }
    let store = cfn.b.kind_of(target).is_some_and(|k| k.is_data_store());
    if !store {
        cfn.link(path, "named in its configuration", own, target, false);
        return;
    }
    let actions = actions_on(cfn, own, target);
    let reads = !actions.is_empty() && actions.iter().all(|a| is_read(a));
    let before = cfn.b.diagram.flows.len();
    let label = if actions.is_empty() {
        "named in its configuration"
    } else if reads {
        "named in its configuration; its role only reads it"
    } else {
        "named in its configuration; its role may write it"
    };
    cfn.link(path, label, own, target, reads);
    if actions.is_empty() && cfn.b.diagram.flows.len() > before {
        let flow = cfn.b.diagram.flows.last().map(|f| f.id.clone());
        cfn.b.report.add(
            Outcome::Approximated,
            path,
            flow.as_ref(),
            format!("no permission of its role names {target}: drawn as a write, the larger risk"),
        );
    }
}

/// The actions a component's role has on one target: statements naming it, SAM policy templates on it.
fn actions_on(cfn: &Cfn<'_>, component: &Id, target: &Id) -> Vec<String> {
    let role = cfn.b.diagram.components.iter().find(|c| &c.id == component).and_then(|c| c.role.clone());
    let Some(role) = role.and_then(|r| cfn.b.diagram.components.iter().find(|c| c.id == r)) else { return Vec::new() };
    let mut out = Vec::new();
    for statement in role.properties.permissions.iter().flatten() {
        if statement.resources.iter().any(|r| r == target.as_str()) {
            out.extend(statement.actions.iter().cloned());
        }
    }
    for template in role.properties.policy_templates.iter().flatten() {
        if template.resource.as_deref() == Some(target.as_str())
            && let Some(known) = crate::analysis::iam::managed::sam_template(&template.name)
        {
            for statement in known.statements.iter().filter(|s| s.on_parameter) {
                out.extend(statement.actions.iter().map(|a| (*a).to_owned()));
            }
        }
    }
    out
}

/// An action that only reads (`dynamodb:GetItem`, `s3:ListBucket`, `secretsmanager:GetSecretValue` ...).
fn is_read(action: &str) -> bool {
    let Some((_, name)) = action.split_once(':') else { return false };
    ["Get", "List", "Describe", "Query", "Scan", "BatchGet", "Select", "ConditionCheck", "Decrypt"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// Listeners fold into their load balancer; a balancer reaches an Auto Scaling group or an attached target through
/// its target groups.
fn load_balancing(cfn: &mut Cfn<'_>, logical: &str, path: &str, p: &Value, own: Option<Id>) {
    let path = path.to_owned();
    match cfn.type_of(logical).to_owned().as_str() {
        "AWS::ElasticLoadBalancingV2::Listener" => {
            if let Some(balancer) = p.get("LoadBalancerArn").and_then(|v| cfn.target(v)) {
                cfn.fold(logical, &balancer, "its listener");
            }
        }
        "AWS::AutoScaling::AutoScalingGroup" => {
            if let (Some(group_of), Some(groups)) = (own, p.get("TargetGroupARNs")) {
                for group in cfn.t.references(groups) {
                    for balancer in balancers_of(cfn, &group.target) {
                        cfn.link(&path, "load balancer target group", &balancer, &group_of, false);
                    }
                    cfn.fold(&group.target, &group_of, "target group");
                }
            }
        }
        "AWS::ElasticLoadBalancingV2::TargetGroupAttachment" => {
            let group = p.get("TargetGroupArn").and_then(|v| cfn.t.references(v).into_iter().next());
            let target = p.get("TargetId").and_then(|v| cfn.target(v));
            if let (Some(group), Some(target)) = (group, target) {
                for balancer in balancers_of(cfn, &group.target) {
                    cfn.link(&path, "load balancer target group", &balancer, &target, false);
                }
                cfn.fold(&group.target, &target, "target group");
                cfn.fold(logical, &target, "target group attachment");
            }
        }
        _ => {}
    }
}

/// The load balancers whose listeners forward to a target group.
fn balancers_of(cfn: &Cfn<'_>, group: &str) -> Vec<Id> {
    let mut out = Vec::new();
    for resource in cfn.t.resources.values() {
        let kind = resource.get("Type").and_then(Value::as_str).unwrap_or_default();
        if !matches!(kind, "AWS::ElasticLoadBalancingV2::Listener" | "AWS::ElasticLoadBalancingV2::ListenerRule") {
            continue;
        }
        let Some(p) = resource.get("Properties") else { continue };
        let forwards = p
            .get("DefaultActions")
            .or_else(|| p.get("Actions"))
            .is_some_and(|a| cfn.t.references(a).iter().any(|r| r.target == group));
        if !forwards {
            continue;
        }
        if let Some(balancer) = p.get("LoadBalancerArn").and_then(|v| cfn.target(v)) {
            out.push(balancer);
        }
    }
    out
}

/// A role's inline policies and managed policy ARNs.
fn role_policies(cfn: &mut Cfn<'_>, path: &str, role: &Id, p: &Value) {
    let mut all = Vec::new();
    if let Some(policies) = p.get("Policies").and_then(Value::as_array) {
        for (i, policy) in policies.iter().enumerate() {
            if let Some(document) = policy.get("PolicyDocument") {
                all.extend(statements(cfn, &format!("{path}.Properties.Policies[{i}]"), document));
            }
        }
    }
    add_statements(cfn, role, all);
    let mut managed = Vec::new();
    if let Some(arns) = p.get("ManagedPolicyArns").and_then(Value::as_array) {
        for (i, arn) in arns.iter().enumerate() {
            let place = format!("{path}.Properties.ManagedPolicyArns[{i}]");
            match cfn.t.text(arn) {
                Some(arn) => crate::import::cfn::sam::managed_policy(cfn, &place, role, &arn, &mut managed),
                None => cfn.b.report.add(
                    Outcome::Warning,
                    &place,
                    Some(role),
                    "a managed policy the template does not resolve: left out",
                ),
            }
        }
    }
    if !managed.is_empty() {
        crate::sorting::sort(&mut managed);
        managed.dedup();
        if let Some(c) = cfn.b.component_mut(role) {
            c.properties.managed_policies = Some(managed);
        }
    }
}

fn add_statements(cfn: &mut Cfn<'_>, role: &Id, statements: Vec<Permission>) {
    if statements.is_empty() {
        return;
    }
    if let Some(c) = cfn.b.component_mut(role) {
        c.properties.permissions.get_or_insert_with(Vec::new).extend(statements);
    }
}

/// A policy document's Allow statements: actions, and resources as component ids (a reference to a drawn
/// resource), ARNs or `*`. A resource the template does not resolve is left out of the statement and reported.
pub(super) fn statements(cfn: &mut Cfn<'_>, place: &str, document: &Value) -> Vec<Permission> {
    let list = match document.get("Statement") {
        Some(Value::Array(items)) => items.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for (i, statement) in list.iter().enumerate() {
        let place = format!("{place}.Statement[{i}]");
        if statement.get("Effect").and_then(|e| cfn.t.text(e)).as_deref() != Some("Allow") {
            continue;
        }
        let actions: Vec<String> =
            texts(cfn, statement.get("Action")).into_iter().filter(|a| Syntax::IamAction.check(a).is_ok()).collect();
        let mut resources = Vec::new();
        let mut unresolved = 0;
        let items = match statement.get("Resource") {
            Some(Value::Array(items)) => items.clone(),
            Some(other) => vec![other.clone()],
            None => Vec::new(),
        };
        for item in &items {
            if let Some(id) = cfn.target(item) {
                resources.push(id.to_string());
            } else if let Some(text) =
                cfn.t.text(item).filter(|t| Syntax::ResourceRef.check(t).is_ok() && (t == "*" || t.starts_with("arn:")))
            {
                resources.push(text);
            } else {
                unresolved += 1;
            }
        }
        if unresolved > 0 {
            cfn.b.report.add(
                Outcome::Approximated,
                &place,
                None,
                format!("{unresolved} resource(s) of this statement are not resolved by the template: left out of it"),
            );
        }
        crate::sorting::sort(&mut resources);
        resources.dedup();
        if actions.is_empty() || resources.is_empty() {
            continue;
        }
        out.push(Permission::new(actions, resources));
    }
    out
}

fn texts(cfn: &Cfn<'_>, value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(|v| cfn.t.text(v)).collect(),
        Some(other) => cfn.t.text(other).into_iter().collect(),
        None => Vec::new(),
    }
}
