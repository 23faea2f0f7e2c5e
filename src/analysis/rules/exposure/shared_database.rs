//! `shared-database`: a database that components of two or more bounded contexts use directly, breaking the
//! isolation between contexts. One finding per store.

use super::scope;
use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, Threshold, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;

/// The rule.
pub struct SharedDatabase;

/// The `contexts` threshold.
const CONTEXTS: Threshold = Threshold {
    name: "contexts",
    default: 2.0,
    min: Threshold::COUNT.0,
    max: Threshold::COUNT.1,
    description: "Bounded contexts (the store's own and its users') that must meet at a store before it is \
            reported.",
};

static META: RuleMeta = RuleMeta {
    id: "shared-database",
    title: "Database shared across bounded contexts",
    description: "A database used directly by several bounded contexts couples them through its schema and \
        breaks their isolation: every context can read and change the others' data, and one compromised service \
        reaches all of it. Fires once per data store (RDS, DynamoDB, S3, or database \
        software the team runs: PostgreSQL, MySQL, MongoDB, Redis, Elasticsearch) whose own context and the \
        contexts of the components it has flows with (any pattern, either direction) number at least `contexts` \
        (default 2). Components outside every context do not count. Secrets Manager is not a database here: one \
        box stands for the service, whose secrets are scoped one by one. Ranked by who writes: when two or more \
        contexts write to the store (data-write, admin or synchronous calls into it) the likelihood goes up, since \
        co-writing is the real integrity and coupling risk; when at most one context writes and the others only \
        read (a hand-off, such as a data lake) it goes down. Impact scales with the store's data.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::Tampering, Stride::InformationDisclosure],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: false },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Give the store to one context and let the others reach its data through that context's API or \
                events; scope each role to its own tables, prefixes or schemas.",
        },
        Control { kind: ControlKind::Blunt, text: "Split the store: one database (or account) per bounded context." },
        Control {
            kind: ControlKind::Detective,
            text: "Log data access (database audit logs, S3 data events, DynamoDB CloudTrail data events) and \
                alarm on access from other contexts' roles.",
        },
    ],
    thresholds: &[CONTEXTS],
    reference: Some("AWS Prescriptive Guidance: enabling data persistence in microservices (database-per-service)"),
};

impl Rule for SharedDatabase {
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
    fn check_component(&self, cx: &RuleContext<'_>, store: ComponentIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        if !scope::is_database(model, store) {
            return;
        }
        let needed = cx.threshold(&CONTEXTS).max(2.0);
        let mut contexts: Vec<usize> = model.context(store).into_iter().collect();
        let others = model.outgoing(store).chain(model.incoming(store));
        contexts.extend(others.filter_map(|(_, other)| model.context(other)));
        crate::sorting::sort(&mut contexts);
        contexts.dedup();
        #[expect(clippy::cast_precision_loss, reason = "context counts are small")]
        let spans = contexts.len() as f64;
        if spans < needed {
            return;
        }
        let mut users: Vec<ComponentIx> =
            model.outgoing(store).chain(model.incoming(store)).map(|(_, other)| other).collect();
        crate::sorting::sort(&mut users);
        users.dedup();
        let names: Vec<&str> =
            contexts.iter().filter_map(|&i| model.diagram().contexts.get(i)).map(|c| c.name.as_str()).collect();
        let writers = writer_contexts(model, store);
        let (writing, likelihood) = match writers.len() {
            0 | 1 => ("at most one of them writes to it; the others only read", -1),
            n => (if n == 2 { "two of them write to it" } else { "several of them write to it" }, 1),
        };
        let component = model.component(store);
        hits.push(
            Hit::on(
                &component.id,
                format!(
                    "{} is used directly by {} bounded contexts ({}), and {writing}.",
                    quote::name_of(model, component),
                    names.len(),
                    names.join(", ")
                ),
            )
            .with_elements(users.iter().map(|&c| model.component_id(c)))
            .with_data(classification(model, store))
            .likelihood(likelihood),
        );
    }
}

/// The bounded contexts that change a store's data: those of components that write to it, administer it or call
/// into it synchronously, sorted and unique.
fn writer_contexts(model: &crate::model::Model, store: ComponentIx) -> Vec<usize> {
    use crate::model::Pattern;
    let mut writers: Vec<usize> = model
        .incoming(store)
        .filter(|&(f, _)| {
            matches!(model.flow_attrs(f).pattern, Pattern::DataWrite | Pattern::Admin | Pattern::SyncRequest)
        })
        .filter_map(|(_, writer)| model.context(writer))
        .collect();
    crate::sorting::sort(&mut writers);
    writers.dedup();
    writers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::Software;
    use crate::model::{ComponentKind as K, Pattern};

    fn shop() -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("db", K::RdsDatabase, Some("acct"))
            .component("orders", K::Lambda, Some("acct"))
            .component("billing", K::Lambda, Some("acct"))
            .component("audit", K::Lambda, Some("acct"))
            .flow("orders", "db", Pattern::DataWrite)
            .flow("billing", "db", Pattern::DataRead)
            .flow("audit", "db", Pattern::DataRead)
            .context("ordering", &["orders"])
            .context("paying", &["billing"])
    }

    #[test]
    fn fires_when_two_contexts_use_one_database() {
        let findings = run(&SharedDatabase, &shop().build());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "shared-database@db");
        assert!(findings[0].elements().any(|e| e == "billing"));
        assert!(findings[0].explanation().contains("ordering, paying"));
    }

    #[test]
    fn co_writing_ranks_above_a_read_only_hand_off() {
        let hand_off = run(&SharedDatabase, &shop().build());
        let co_written = run(&SharedDatabase, &shop().flow("billing", "db", Pattern::DataWrite).build());
        assert!(hand_off[0].explanation().contains("at most one of them writes"), "{}", hand_off[0].explanation());
        assert!(co_written[0].explanation().contains("two of them write"), "{}", co_written[0].explanation());
        assert!(co_written[0].risk > hand_off[0].risk);
    }

    #[test]
    fn the_stores_own_context_counts_and_outgoing_flows_count() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("node", K::Ec2Node, Some("acct"))
            .component_with("redis", K::Pod, Some("node"), |c| c.properties.software = Some(Software::Redis))
            .component("reporting", K::Lambda, Some("acct"))
            .flow("redis", "reporting", Pattern::SyncRequest)
            .context("ordering", &["redis"])
            .context("reports", &["reporting"])
            .build();
        assert_eq!(ids(&SharedDatabase, &model), vec!["shared-database@redis"]);
    }

    #[test]
    fn one_context_or_components_outside_contexts_are_quiet() {
        let model = shop().edit(|d| d.contexts.retain(|c| c.id.as_str() == "ordering")).build();
        assert!(ids(&SharedDatabase, &model).is_empty());
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("vault", K::SecretsManager, Some("acct"))
            .component("a", K::Lambda, Some("acct"))
            .component("b", K::Lambda, Some("acct"))
            .flow("a", "vault", Pattern::DataRead)
            .flow("b", "vault", Pattern::DataRead)
            .context("one", &["a"])
            .context("two", &["b"])
            .build();
        assert!(ids(&SharedDatabase, &model).is_empty(), "Secrets Manager is not a shared database");
    }
}
