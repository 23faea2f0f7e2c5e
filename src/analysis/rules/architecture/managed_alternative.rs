//! `managed-alternative`: database or broker software the team runs itself where AWS offers it managed (docs/security-model.md#managed-services:
//! security through fully managed services). Informational.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;
use crate::model::props::Software;

/// The rule.
pub struct ManagedAlternative;

static META: RuleMeta = RuleMeta {
    id: "managed-alternative",
    title: "Self-run database or broker with a managed alternative",
    description: "An EC2 node, pod, container or generic service runs PostgreSQL, MySQL, MongoDB, Redis, Kafka, \
        RabbitMQ or Elasticsearch itself (its software property says so). The team patches the engine (and, on its \
        own nodes, the OS) and runs backups and failover; the managed service (Amazon RDS or Aurora, DocumentDB, \
        ElastiCache, MSK, Amazon MQ, OpenSearch Service) moves the OS and engine patching to AWS. Informational, \
        lowest risk: a hint, not a flaw. Components inside an on-premises network and containers whose pod already \
        reports the same software are left out.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege],
    likelihood: Likelihood::Rare,
    impact: Impact::Negligible,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Move the data or messages to the managed service (Amazon RDS or Aurora, DocumentDB, ElastiCache, \
                MSK, Amazon MQ, OpenSearch Service).",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "While it stays self-run, automate OS and engine patching (AWS Systems Manager Patch Manager, \
                rebuilt images) and track the engine version against its vendor's support window.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Scan the host or image for known vulnerabilities (Amazon Inspector, ECR image scanning).",
        },
    ],
    thresholds: &[],
    reference: Some(
        "AWS Well-Architected Framework, Security Pillar: SEC06-BP03 Reduce manual management and interactive access",
    ),
};

/// The software's display name and the managed service that replaces it.
fn alternative(software: Software) -> Option<(&'static str, &'static str)> {
    Some(match software {
        Software::Postgresql => ("PostgreSQL", "Amazon RDS for PostgreSQL or Aurora PostgreSQL"),
        Software::Mysql => ("MySQL", "Amazon RDS for MySQL or Aurora MySQL"),
        Software::Mongodb => ("MongoDB", "Amazon DocumentDB"),
        Software::Redis => ("Redis", "Amazon ElastiCache"),
        Software::Kafka => ("Kafka", "Amazon MSK"),
        Software::Rabbitmq => ("RabbitMQ", "Amazon MQ"),
        Software::Elasticsearch => ("Elasticsearch", "Amazon OpenSearch Service"),
        Software::Other => return None,
    })
}

impl Rule for ManagedAlternative {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        each_component(self, cx, hits);
    }

    fn per_component(&self) -> bool {
        true
    }

    #[inline(always)]
    fn check_component(&self, cx: &RuleContext<'_>, c: ComponentIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let kind = model.kind(c);
        if !matches!(kind, K::Ec2Node | K::Pod | K::Container | K::GenericService) {
            return;
        }
        let Some(software) = model.props(c).software else { return };
        let Some((name, service)) = alternative(software) else { return };
        if cx.facts.on_prem(c).is_some() {
            return;
        }
        if kind == K::Container && model.parent(c).is_some_and(|pod| model.props(pod).software == Some(software)) {
            return;
        }
        let component = model.component(c);
        hits.push(Hit::on(
            &component.id,
            format!(
                "{} runs {name} itself: {service} would move the OS and engine patching to AWS.",
                quote::name_of(model, component)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::severity::Severity;
    use crate::analysis::testkit::{TestDiagram, ids, run};

    fn cluster() -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("eks", K::EksCluster, Some("acct"))
            .component("node", K::Ec2Node, Some("eks"))
    }

    #[test]
    fn fires_as_information_for_a_self_run_database() {
        let model = cluster()
            .component_with("db", K::Pod, Some("node"), |c| c.properties.software = Some(Software::Postgresql))
            .component_with("engine", K::Container, Some("db"), |c| c.properties.software = Some(Software::Postgresql))
            .component_with("cache", K::GenericService, Some("acct"), |c| c.properties.software = Some(Software::Redis))
            .build();
        let findings = run(&ManagedAlternative, &model);
        let found: Vec<&str> = findings.iter().map(|f| f.id()).collect();
        assert_eq!(found, ["managed-alternative@cache", "managed-alternative@db"], "the container repeats its pod");
        assert_eq!(
            findings[1].explanation(),
            "db runs PostgreSQL itself: Amazon RDS for PostgreSQL or Aurora PostgreSQL would move the OS and engine \
             patching to AWS."
        );
        assert!(findings.iter().all(|f| f.risk == 1 && f.severity == Severity::Low));
    }

    #[test]
    fn other_software_unset_software_and_on_premises_are_quiet() {
        let model = cluster()
            .component_with("app", K::Pod, Some("node"), |c| c.properties.software = Some(Software::Other))
            .component("plain", K::Pod, Some("node"))
            .component("dc", K::OnPrem, None)
            .component_with("legacy", K::GenericService, Some("dc"), |c| {
                c.properties.software = Some(Software::Mysql);
            })
            .build();
        assert!(ids(&ManagedAlternative, &model).is_empty());
    }

    #[test]
    fn a_broker_on_a_node_or_in_a_container_alone_fires() {
        let model = cluster()
            .props("node", |p| p.software = Some(Software::Kafka))
            .component("app", K::Pod, Some("node"))
            .component_with("mq", K::Container, Some("app"), |c| c.properties.software = Some(Software::Rabbitmq))
            .build();
        assert_eq!(ids(&ManagedAlternative, &model), ["managed-alternative@mq", "managed-alternative@node"]);
    }
}
