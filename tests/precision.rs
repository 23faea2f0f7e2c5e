//! Analysis precision per architecture class: small diagrams under `tests/precision/`, each showing one class of
//! architecture that the findings, the blast radius or the responsibility stacks must judge the way an AWS
//! security review would (docs/security-model.md#precision).
#![expect(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]

#[path = "support/findings.rs"]
mod findings_of;

use findings_of::{component, explanation, findings};
use trustmap::model::props::Permission;
use trustmap::model::{ComponentKind as K, Diagram, Id, Model};

fn diagram(name: &str) -> Diagram {
    let path = format!("{}/tests/precision/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    trustmap::io::load_str(&text).unwrap_or_else(|p| panic!("{path}: {p:?}")).into_diagram()
}

fn id(text: &str) -> Id {
    Id::new(text).unwrap()
}

fn allow(actions: &[&str], resources: &[&str]) -> Permission {
    Permission {
        actions: actions.iter().map(|a| (*a).to_owned()).collect(),
        resources: resources.iter().map(|r| (*r).to_owned()).collect(),
        conditions: Vec::new(),
    }
}

mod large_blast_radius {
    use super::*;

    fn wide(mut d: Diagram) -> Diagram {
        component(&mut d, "orders-role").properties.permissions =
            Some(vec![allow(&["dynamodb:*", "sqs:*", "lambda:*"], &["*"])]);
        d
    }

    #[test]
    fn a_scoped_role_that_reaches_its_own_table_and_queue_is_not_large() {
        let scoped = diagram("serverless-roles");
        assert_eq!(findings(&scoped, "large-blast-radius"), Vec::<String>::new());
    }

    #[test]
    fn wildcards_that_reach_other_tables_queues_and_functions_are() {
        let wide = wide(diagram("serverless-roles"));
        assert_eq!(findings(&wide, "large-blast-radius"), ["large-blast-radius@orders"]);
        let text = explanation(&wide, "large-blast-radius@orders");
        assert!(text.contains("beyond itself, its role and its own drawn dependencies"), "{text}");
    }

    #[test]
    fn people_and_unrelated_controls_change_nothing() {
        for d in [diagram("serverless-roles"), wide(diagram("serverless-roles"))] {
            let before = findings(&d, "large-blast-radius");
            let mut more = d.clone();
            for (i, kind) in [K::Cloudwatch, K::Guardduty, K::Cloudtrail, K::Waf].iter().cycle().take(12).enumerate() {
                let mut control = component(&mut more, "trail").clone();
                control.id = id(&format!("control-{i}"));
                control.kind = *kind;
                more.components.push(control);
                let mut person = component(&mut more, "ops-mail").clone();
                person.id = id(&format!("person-{i}"));
                more.components.push(person);
            }
            assert_eq!(findings(&more, "large-blast-radius"), before);
        }
    }
}

mod defense_in_depth {
    use super::*;
    use trustmap::model::Authentication;

    #[test]
    fn a_password_the_service_on_the_path_holds_is_not_a_second_layer() {
        let shop = diagram("web-tier");
        assert_eq!(findings(&shop, "defense-in-depth"), ["defense-in-depth@db"]);
        let text = explanation(&shop, "defense-in-depth@db");
        assert!(text.contains("past 1 independent control (WAF protecting Public ALB)"), "{text}");
        // The database admitting only the service is bypassed the same way: the service is the admitted source.
        let mut restricted = shop.clone();
        component(&mut restricted, "db").properties.ingress_restricted = Some(true);
        assert_eq!(findings(&restricted, "defense-in-depth"), ["defense-in-depth@db"]);
        // Customers signing in at the load balancer, with the token forwarded to the service, are a second layer.
        let mut signed_in = shop.clone();
        for flow in signed_in.flows.iter_mut().filter(|f| f.id.as_str() != "query") {
            flow.authentication = Some(Authentication::Token);
        }
        assert_eq!(findings(&signed_in, "defense-in-depth"), Vec::<String>::new());
    }
}

mod node_listeners {
    use super::*;
    use trustmap::analysis::blast::{BlastGraph, Level, Start};
    use trustmap::model::Posture;

    fn level(d: &Diagram, posture: Posture, from: &str, to: &str) -> Option<Level> {
        let model = Model::new(d.clone()).unwrap();
        let radius = BlastGraph::new(&model, posture).radius(Start::Component(model.component_ix(from).unwrap()));
        radius.level_of(model.component_ix(to).unwrap())
    }

    #[test]
    fn under_perimeter_a_compromised_pod_reaches_the_other_nodes_of_its_cluster() {
        let cluster = diagram("eks-nodes");
        assert_eq!(level(&cluster, Posture::Perimeter, "catalog", "ng-payments"), Some(Level::Influence));
        assert_eq!(level(&cluster, Posture::ZeroTrust, "catalog", "ng-payments"), None);
        let mut said = cluster.clone();
        component(&mut said, "ng-payments").properties.requires_authentication = Some(true);
        assert_eq!(level(&said, Posture::Perimeter, "catalog", "ng-payments"), None);
    }
}

mod unlisted_permissions {
    use super::*;
    use trustmap::analysis::blast::{BlastGraph, Level, Start};
    use trustmap::model::Posture;

    /// The registries the rule reports and the registries the blast radius from the pod reaches, with likelihoods.
    fn both(d: &Diagram) -> (Vec<String>, Vec<(String, Level, bool)>) {
        let reported = findings(d, "code-theft-exposure");
        let model = Model::new(d.clone()).unwrap();
        let radius =
            BlastGraph::new(&model, Posture::Perimeter).radius(Start::Component(model.component_ix("web").unwrap()));
        let reached = radius
            .reached
            .iter()
            .filter(|r| model.kind(r.component) == K::EcrRegistry)
            .map(|r| (model.component(r.component).id.to_string(), r.level, r.likelihood.is_some()))
            .collect();
        (reported, reached)
    }

    #[test]
    fn unknown_is_not_empty_in_the_rules_and_the_blast_radius_alike() {
        let unsaid = diagram("eks-node-role");
        let (reported, reached) = both(&unsaid);
        assert_eq!(reported, ["code-theft-exposure@images", "code-theft-exposure@other-images"]);
        // The usual node policy reads every registry of the account: an assumed, so uncertain, step.
        assert_eq!(
            reached,
            [("images".to_owned(), Level::Influence, true), ("other-images".to_owned(), Level::Influence, true)]
        );
        // Listed as empty: the role holds nothing, in both.
        let mut empty = unsaid.clone();
        component(&mut empty, "node-role").properties.permissions = Some(Vec::new());
        assert_eq!(both(&empty), (Vec::new(), Vec::new()));
        // Listed and scoped: both see exactly the one registry.
        let mut scoped = unsaid.clone();
        component(&mut scoped, "node-role").properties.permissions =
            Some(vec![allow(&["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], &["images"])]);
        let (reported, reached) = both(&scoped);
        assert_eq!(reported, ["code-theft-exposure@images"]);
        assert_eq!(reached, [("images".to_owned(), Level::Influence, false)]);
    }
}

mod pinned_event_source {
    use super::*;
    use trustmap::analysis::blast::{BlastGraph, Level, Start};
    use trustmap::model::Posture;

    fn reach(d: &Diagram, from: &str) -> Vec<(String, Level)> {
        let model = Model::new(d.clone()).unwrap();
        let radius =
            BlastGraph::new(&model, Posture::Perimeter).radius(Start::Component(model.component_ix(from).unwrap()));
        let mut out: Vec<(String, Level)> =
            radius.reached.iter().map(|r| (model.component(r.component).id.to_string(), r.level)).collect();
        out.sort();
        out
    }

    #[test]
    fn a_publishers_own_events_reach_the_subscribers_of_a_pinned_bus() {
        let fan_out = diagram("pinned-bus");
        let influence = |id: &str| (id.to_owned(), Level::Influence);
        assert_eq!(
            reach(&fan_out, "orders"),
            [influence("billing"), influence("billing-queue"), influence("bus"), influence("shipping")]
        );
        // A subscriber that runs what it receives passes the forged event on, to real calls to the provider.
        let mut executing = fan_out.clone();
        component(&mut executing, "billing").properties.executes_input = Some(true);
        assert!(reach(&executing, "orders").contains(&influence("psp")));
        // A role allowed to put events, but no drawn publisher: its own source matches no rule.
        assert_eq!(reach(&fan_out, "reports"), [influence("bus"), ("reports-role".to_owned(), Level::Control)]);
        // Without pinning, it poses as Orders and reaches every subscriber.
        let mut open = fan_out.clone();
        component(&mut open, "bus").properties.source_pinned = Some(false);
        assert!(reach(&open, "reports").contains(&influence("shipping")));
    }
}

mod encrypted_connections {
    use super::*;
    use trustmap::analysis::analyze_with;
    use trustmap::analysis::severity::Likelihood;
    use trustmap::model::Posture;

    fn likelihood(d: &Diagram, posture: Posture, finding: &str) -> Option<Likelihood> {
        let model = Model::new(d.clone()).unwrap();
        analyze_with(&model, posture).findings.into_iter().find(|f| f.id() == finding).map(|f| f.likelihood)
    }

    #[test]
    fn a_vpn_lowers_plaintext_between_networks_under_perimeter_only() {
        let hybrid = diagram("hybrid-vpn");
        let over_vpn = "unencrypted-flow@erp-write";
        let no_vpn = "unencrypted-flow@reports-read";
        // Without a VPN the plaintext crosses a segment outside both networks: one step up, in both postures.
        assert_eq!(likelihood(&hybrid, Posture::Perimeter, no_vpn), Some(Likelihood::Likely));
        assert_eq!(likelihood(&hybrid, Posture::ZeroTrust, no_vpn), Some(Likelihood::Likely));
        // Over the VPN, perimeter trusts each end inside: as a flow inside one network.
        assert_eq!(likelihood(&hybrid, Posture::Perimeter, over_vpn), Some(Likelihood::Possible));
        // Under zero trust each end is plaintext inside: the VPN changes nothing.
        assert_eq!(likelihood(&hybrid, Posture::ZeroTrust, over_vpn), Some(Likelihood::Likely));
        let text = explanation(&hybrid, over_vpn);
        assert!(text.contains("the VPN encrypts the segment between the networks"), "{text}");
    }
}

mod one_iam_vocabulary {
    use super::*;
    use trustmap::analysis::blast::{BlastGraph, Level, Start};
    use trustmap::analysis::iam::{ESCALATED_KINDS, TAKEOVERS, takes_over};
    use trustmap::model::Posture;

    /// A function running as a role allowed `action` on `resource` ("target", or `*`), and a target of `kind`
    /// (with a function that runs the registry's images, for a registry).
    fn estate(action: &str, kind: K, resource: &str) -> Diagram {
        let (target, extra) = match kind {
            K::EksControlPlane => (
                r#"{ "id": "cluster", "kind": "eks-cluster", "name": "cluster", "parent": "vpc" },
                   { "id": "target", "kind": "eks-control-plane", "name": "target", "parent": "cluster" }"#
                    .to_owned(),
                String::new(),
            ),
            K::EcrRegistry => (
                r#"{ "id": "target", "kind": "ecr-registry", "name": "target", "parent": "account" },
                   { "id": "puller", "kind": "lambda", "name": "puller", "parent": "account" }"#
                    .to_owned(),
                r#"{ "id": "pull", "from": "puller", "to": "target", "pattern": "data-read" }"#.to_owned(),
            ),
            K::EksCluster | K::Ec2Node => {
                let kind = if kind == K::EksCluster { "eks-cluster" } else { "ec2-node" };
                (format!(r#"{{ "id": "target", "kind": "{kind}", "name": "target", "parent": "vpc" }}"#), String::new())
            }
            K::Lambda => (
                r#"{ "id": "target", "kind": "lambda", "name": "target", "parent": "account" }"#.to_owned(),
                String::new(),
            ),
            K::EcsService => (
                r#"{ "id": "ecs", "kind": "ecs-cluster", "name": "ecs", "parent": "vpc" },
                   { "id": "target", "kind": "ecs-service", "name": "target", "parent": "ecs" }"#
                    .to_owned(),
                String::new(),
            ),
            _ => (
                r#"{ "id": "target", "kind": "iam-role", "name": "target", "parent": "account" }"#.to_owned(),
                String::new(),
            ),
        };
        let text = format!(
            r#"{{ "format": "trustmap", "version": 4, "settings": {{ "title": "escalation" }},
              "components": [
                {{ "id": "account", "kind": "aws-account", "name": "account" }},
                {{ "id": "vpc", "kind": "vpc", "name": "vpc", "parent": "account" }},
                {{ "id": "r", "kind": "iam-role", "name": "r", "parent": "account",
                   "properties": {{ "permissions": [ {{ "actions": ["{action}"], "resources": ["{resource}"] }} ] }} }},
                {{ "id": "fn", "kind": "lambda", "name": "fn", "parent": "account", "role": "r" }},
                {target}
              ],
              "flows": [{extra}] }}"#
        );
        trustmap::io::load_str(&text).unwrap_or_else(|p| panic!("{action} on {kind:?}: {p:?}")).into_diagram()
    }

    #[test]
    fn every_escalation_a_rule_reports_is_a_control_step_in_the_blast_radius() {
        let mut actions: Vec<&str> = TAKEOVERS.iter().filter(|t| t.2).map(|t| t.0).collect();
        actions.extend(["*", "iam:*", "iam:CreateUser", "iam:Put*", "sts:*", "lambda:Update*", "ssm:*", "eks:*"]);
        let mut checked = 0;
        for action in actions {
            for &kind in ESCALATED_KINDS.iter().filter(|&&k| takes_over(action, k, true)) {
                for resource in ["target", "*"] {
                    let d = estate(action, kind, resource);
                    assert_eq!(
                        findings(&d, "privilege-escalation-permission"),
                        ["privilege-escalation-permission@r"],
                        "{action} on {kind:?}"
                    );
                    let model = Model::new(d).unwrap();
                    let radius = BlastGraph::new(&model, Posture::ZeroTrust)
                        .radius(Start::Component(model.component_ix("fn").unwrap()));
                    let taken = if kind == K::EcrRegistry { "puller" } else { "target" };
                    assert_eq!(
                        radius.level_of(model.component_ix(taken).unwrap()),
                        Some(Level::Control),
                        "{action} on {resource} ({kind:?})"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 60, "{checked}");
    }

    #[test]
    fn what_the_rules_do_not_call_escalation_is_still_a_step() {
        // Reading a secret or sending a message is no escalation of the role, but the blast radius follows it.
        let d = estate("ssm:GetParameter", K::IamRole, "*");
        assert_eq!(findings(&d, "privilege-escalation-permission"), Vec::<String>::new());
    }
}

mod image_pulls {
    use super::*;
    use trustmap::analysis::blast::{BlastGraph, Level, Start};
    use trustmap::model::Posture;

    fn level(d: &Diagram, from: &str, to: &str) -> Option<Level> {
        let model = Model::new(d.clone()).unwrap();
        let radius =
            BlastGraph::new(&model, Posture::ZeroTrust).radius(Start::Component(model.component_ix(from).unwrap()));
        radius.level_of(model.component_ix(to).unwrap())
    }

    #[test]
    fn running_an_image_is_its_own_link_not_the_workloads_data_access() {
        let estate = diagram("image-pulls");
        // The image rules read the link.
        assert_eq!(findings(&estate, "unscanned-images"), ["unscanned-images@images"]);
        // Pushing an image takes over every workload that runs it.
        assert_eq!(level(&estate, "ci", "api"), Some(Level::Control));
        assert_eq!(level(&estate, "ci", "web"), Some(Level::Control));
        // On Fargate the pod execution role pulls, out of the container's reach: no access to the registry.
        assert_eq!(level(&estate, "api", "images"), None);
        // On an EC2 node the node role pulls, and instance metadata hands the pod that role.
        assert_eq!(level(&estate, "web", "images"), Some(Level::Influence));
        assert_eq!(findings(&estate, "code-theft-exposure"), Vec::<String>::new(), "web is not internet-facing");
    }

    #[test]
    fn a_diagram_that_runs_images_saves_as_version_3_and_others_stay_older() {
        let estate = diagram("image-pulls");
        assert_eq!(estate.format_version(), 3);
        let text = trustmap::io::to_json(&estate);
        assert!(text.contains("\"version\": 3"), "{text}");
        let mut without = estate.clone();
        for c in &mut without.components {
            c.images.clear();
        }
        assert_eq!(without.format_version(), 1);
        // Version 3 reads back to the same diagram.
        let again = trustmap::io::load_str(&text).unwrap().into_diagram();
        assert_eq!(again.components.iter().filter(|c| !c.images.is_empty()).count(), 2);
    }
}

mod named_subnets {
    use super::*;
    use trustmap::analysis::blast::{BlastGraph, Level, Start};
    use trustmap::model::Posture;

    fn level(d: &Diagram, from: &str, to: &str) -> Option<Level> {
        let model = Model::new(d.clone()).unwrap();
        let radius =
            BlastGraph::new(&model, Posture::Perimeter).radius(Start::Component(model.component_ix(from).unwrap()));
        radius.level_of(model.component_ix(to).unwrap())
    }

    #[test]
    fn exposure_and_network_reach_follow_the_subnets_a_component_names() {
        let estate = diagram("node-subnets");
        // The node group in the public subnet is exposed; the one in the private subnet is not.
        assert_eq!(findings(&estate, "exposed-compute"), ["exposed-compute@edge-nodes"]);
        // The subnets put the pod's node and the function in the VPC, next to the legacy service.
        assert_eq!(level(&estate, "worker", "legacy"), Some(Level::Influence));
        assert_eq!(level(&estate, "fn", "legacy"), Some(Level::Influence));
        let mut unplaced = estate.clone();
        for c in &mut unplaced.components {
            c.subnets.clear();
        }
        assert_eq!(findings(&unplaced, "exposed-compute"), Vec::<String>::new());
        assert_eq!(level(&unplaced, "worker", "legacy"), None, "a cluster drawn in the account is its own network");
        assert_eq!(level(&unplaced, "fn", "legacy"), None, "a function outside a VPC has no network position");
    }

    #[test]
    fn named_subnets_must_be_subnets_of_one_vpc() {
        let mut split = diagram("node-subnets");
        let mut other = component(&mut split, "vpc").clone();
        other.id = id("vpc-2");
        split.components.push(other);
        let mut subnet = component(&mut split, "public-a").clone();
        subnet.id = id("public-b");
        subnet.parent = Some(id("vpc-2"));
        split.components.push(subnet);
        component(&mut split, "fn").subnets = vec![id("private-a"), id("public-b")];
        component(&mut split, "db").subnets = vec![id("legacy")];
        let problems: Vec<String> = Model::new(split).unwrap_err().iter().map(ToString::to_string).collect();
        assert!(
            problems.iter().any(|p| p.contains("subnet \"public-b\" is in \"vpc-2\", not in \"vpc\"")),
            "{problems:?}"
        );
        assert!(problems.iter().any(|p| p.contains("\"legacy\" is not a subnet")), "{problems:?}");
    }
}

/// Weaknesses published templates state and the rules of issue 14 report, each gone when the template is fixed.
mod real_templates {
    use super::*;
    use trustmap::analysis::blast::{BlastGraph, Level, Start};
    use trustmap::model::Posture;
    use trustmap::model::props::{DatabaseEngine, PolicyTemplate};

    fn estate() -> Diagram {
        diagram("real-templates")
    }

    fn level(d: &Diagram, from: &str, to: &str) -> Option<Level> {
        let model = Model::new(d.clone()).unwrap();
        let radius =
            BlastGraph::new(&model, Posture::Perimeter).radius(Start::Component(model.component_ix(from).unwrap()));
        radius.level_of(model.component_ix(to).unwrap())
    }

    /// The template properties, a flow's `credential` and statement `conditions` came with format version 4: a
    /// diagram that uses any of them saves as 4 (an older build would refuse them), one that does not stays older.
    #[test]
    fn template_additions_save_as_version_4() {
        let d = estate();
        assert_eq!(d.format_version(), 4);
        let mut plain = d.clone();
        plain.flows.iter_mut().for_each(|f| f.credential = None);
        for c in &mut plain.components {
            let p = &mut c.properties;
            (p.ingress_cidrs, p.cors_origins, p.cors_credentials, p.engine, p.engine_version) =
                (None, None, None, None, None);
            (p.managed_policies, p.policy_templates) = (None, None);
            if let Some(permissions) = p.permissions.as_mut() {
                permissions.iter_mut().for_each(|s| s.conditions.clear());
            }
        }
        assert!(plain.format_version() < 4, "without them: version {}", plain.format_version());
        let text = trustmap::io::to_json(&d);
        assert!(text.contains("\"version\": 4"));
        assert_eq!(trustmap::io::load_str(&text).unwrap().into_diagram(), d);
    }

    #[test]
    fn flow_logs_and_access_logs_said_off() {
        let d = estate();
        assert_eq!(findings(&d, "traffic-logs-off"), ["traffic-logs-off@alb", "traffic-logs-off@vpc"]);
        let mut fixed = d.clone();
        component(&mut fixed, "vpc").properties.logging = Some(true);
        component(&mut fixed, "alb").properties.logging = None;
        assert_eq!(findings(&fixed, "traffic-logs-off"), Vec::<String>::new());
    }

    #[test]
    fn node_security_group_open_to_everyone() {
        let d = estate();
        assert_eq!(findings(&d, "open-node-security-group"), ["open-node-security-group@nodes"]);
        let mut fixed = d.clone();
        component(&mut fixed, "nodes").properties.ingress_cidrs = Some(vec!["10.0.0.0/16".into()]);
        assert_eq!(findings(&fixed, "open-node-security-group"), Vec::<String>::new());
    }

    #[test]
    fn database_credentials_in_secrets_without_a_kms_key() {
        let d = estate();
        assert_eq!(findings(&d, "unencrypted-kubernetes-secrets"), ["unencrypted-kubernetes-secrets@control-plane"]);
        let mut fixed = d.clone();
        component(&mut fixed, "control-plane").properties.secrets_encryption = Some(true);
        assert_eq!(findings(&fixed, "unencrypted-kubernetes-secrets"), Vec::<String>::new());
    }

    #[test]
    fn postgresql_10_on_aurora_is_past_its_end_of_support() {
        let d = estate();
        assert_eq!(findings(&d, "database-end-of-support"), ["database-end-of-support@db"]);
        assert!(explanation(&d, "database-end-of-support@db").contains("older than 11"));
        let mut fixed = d.clone();
        let db = component(&mut fixed, "db");
        db.properties.engine = Some(DatabaseEngine::AuroraPostgresql);
        db.properties.engine_version = Some("16.4".into());
        assert_eq!(findings(&fixed, "database-end-of-support"), Vec::<String>::new());
    }

    #[test]
    fn client_input_stored_unvalidated() {
        let d = estate();
        assert_eq!(findings(&d, "unvalidated-store-write"), ["unvalidated-store-write@store"]);
        let mut fixed = d.clone();
        component(&mut fixed, "notes-fn").properties.validates_input = Some(true);
        assert_eq!(findings(&fixed, "unvalidated-store-write"), Vec::<String>::new());
    }

    #[test]
    fn one_shared_password_is_weaker_than_authentication() {
        let d = estate();
        assert_eq!(findings(&d, "shared-secret-authentication"), ["shared-secret-authentication@import"]);
        let mut fixed = d.clone();
        fixed.flows.iter_mut().filter(|f| f.id.as_str() == "import").for_each(|f| f.credential = None);
        assert_eq!(findings(&fixed, "shared-secret-authentication"), Vec::<String>::new(), "unset: as before");
    }

    #[test]
    fn cors_open_to_every_origin_with_credentials() {
        let d = estate();
        assert_eq!(findings(&d, "permissive-cors"), ["permissive-cors@api"]);
        let mut fixed = d.clone();
        component(&mut fixed, "api").properties.cors_origins = Some(vec!["https://notes.example.com".into()]);
        assert_eq!(findings(&fixed, "permissive-cors"), Vec::<String>::new());
    }

    #[test]
    fn roles_written_as_templates_write_them_reach_what_they_name() {
        let d = estate();
        // DynamoDBCrudPolicy on the table: the function's code reaches it through its role.
        assert_eq!(level(&d, "notes-fn", "notes"), Some(Level::Influence));
        // The log-group ARN is not drawn: nothing is widened to every resource.
        assert_eq!(findings(&d, "wildcard-iam-permission"), ["wildcard-iam-permission@node-role"]);
        let text = explanation(&d, "wildcard-iam-permission@node-role");
        assert!(text.contains("ssm:GetParameter"), "AmazonSSMManagedInstanceCore reads every parameter: {text}");
        // events:source keeps the function to its own events: it reaches the bus, not the other subscribers.
        assert_eq!(level(&d, "notes-fn", "events"), Some(Level::Influence));
        let mut unpinned = d.clone();
        let role = component(&mut unpinned, "notes-role");
        if let Some(statements) = &mut role.properties.permissions {
            statements[0].conditions.clear();
        }
        unpinned.flows.retain(|f| f.id.as_str() != "publish");
        let mut pinned = unpinned.clone();
        component(&mut pinned, "notes-role").properties.permissions.as_mut().unwrap()[0].conditions =
            vec![trustmap::model::props::ConditionKey::EventsSource];
        assert_eq!(level(&unpinned, "notes-fn", "indexer"), Some(Level::Influence), "PutEvents injects");
        assert_eq!(level(&pinned, "notes-fn", "indexer"), None, "events:source stops posing");
        // The SAM template alone gives the table: without the drawn write flow it is still reached, without the
        // template too it is not.
        let mut no_flow = d.clone();
        no_flow.flows.retain(|f| f.id.as_str() != "store");
        assert_eq!(level(&no_flow, "notes-fn", "notes"), Some(Level::Influence));
        component(&mut no_flow, "notes-role").properties.policy_templates =
            Some(vec![PolicyTemplate { name: "SQSSendMessagePolicy".into(), resource: None }]);
        assert_eq!(level(&no_flow, "notes-fn", "notes"), None);
    }
}
