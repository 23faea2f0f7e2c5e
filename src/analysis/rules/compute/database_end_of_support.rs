//! `database-end-of-support`: an RDS or Aurora database whose engine version is past the end of standard support,
//! judged against the database table in `versions` at the diagram's as-of date (docs/security-model.md#precision).

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::rules::compute::versions::{self, DatabaseSupport, Version, database_support};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;
use crate::model::props::PatchStatus;
use crate::model::props::spec::status_of;

/// The rule.
pub struct DatabaseEndOfSupport;

static META: RuleMeta = RuleMeta {
    id: "database-end-of-support",
    title: "Database engine past end of support",
    description: "An RDS or Aurora database whose engine (engine) and engine version (engine_version) are past \
        the end of standard support in the database table of the compute rules' version tables (for example \
        PostgreSQL 11 on Aurora after February 29, 2024, or a PostgreSQL 10 older than every version the table \
        lists), or whose engine version is given as outdated. Past that date the engine gets only critical and \
        high CVE fixes, and only under paid RDS Extended Support, until AWS upgrades it on its own. Judged at the \
        diagram's as-of date (settings.as_of), else at the database table's own as-of date: never the system clock. Engines and \
        versions the table does not list are not judged. Impact scales with the data the database holds; \
        likelihood rises when it is reachable from the internet.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::Tampering, Stride::InformationDisclosure],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Upgrade to a major version in standard support (a blue/green deployment keeps the switch short).",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Create databases only on supported versions (an SCP or AWS Config rule on the engine version) and \
                disable automatic enrolment in Extended Support so a forgotten database is upgraded, not kept.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Watch AWS Health notices and the RDS console's end-of-support dates for every engine in use.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon RDS and Aurora User Guides: Using Amazon RDS Extended Support"),
};

impl Rule for DatabaseEndOfSupport {
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
        // The diagram's date, else the day the database table was read.
        let as_of = cx.as_of.unwrap_or(versions::DATABASE_TABLE_AS_OF);
        if model.kind(c) != K::RdsDatabase {
            return;
        }
        let props = model.props(c);
        let (Some(engine), Some(text)) = (props.engine, props.engine_version.as_deref()) else { return };
        let name = &quote::name(model, c);
        let why = if status_of(text) == Some(PatchStatus::Outdated) {
            format!("{name} runs an {engine} engine version the diagram says is outdated.")
        } else {
            let Some(version) = Version::parse(text) else { return };
            match database_support(engine, version, as_of) {
                DatabaseSupport::Ended(release) => format!(
                    "{name} runs {engine} {}, whose standard support ended on {} (as of {as_of}).",
                    text.trim(),
                    release.end_of_standard_support
                ),
                DatabaseSupport::OlderThan(release) => format!(
                    "{name} runs {engine} {}, older than {}, whose standard support ended on {} (as of {as_of}).",
                    text.trim(),
                    release.major.iter().map(u32::to_string).collect::<Vec<_>>().join("."),
                    release.end_of_standard_support
                ),
                DatabaseSupport::Unknown => return,
            }
        };
        hits.push(
            Hit::on(model.component_id(c), why)
                .with_data(classification(model, c))
                .exposed(cx.facts.is_internet_facing(c)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::DatabaseEngine;
    use crate::model::settings::Date;

    fn db(engine: DatabaseEngine, version: &str, as_of: Option<&str>) -> crate::model::Model {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("db", K::RdsDatabase, Some("acct"), |c| {
                c.properties.engine = Some(engine);
                c.properties.engine_version = Some(version.to_owned());
            })
            .edit(|d| d.settings.as_of = as_of.map(|a| Date::parse(a).unwrap()))
            .build()
    }

    #[test]
    fn fires_for_an_engine_past_standard_support() {
        let findings = run(&DatabaseEndOfSupport, &db(DatabaseEngine::AuroraPostgresql, "10.21", None));
        assert_eq!(findings.len(), 1);
        assert!(findings[0].explanation().contains("older than 11, whose standard support ended on 2024-02-29"));
        let findings = run(&DatabaseEndOfSupport, &db(DatabaseEngine::AuroraMysql, "5.7.mysql_aurora.2.11.2", None));
        assert!(findings[0].explanation().contains("ended on 2024-10-31"));
        assert_eq!(
            ids(&DatabaseEndOfSupport, &db(DatabaseEngine::Postgres, "outdated", None)),
            ["database-end-of-support@db"]
        );
    }

    #[test]
    fn judged_at_the_as_of_date_and_quiet_for_what_the_table_does_not_know() {
        assert!(ids(&DatabaseEndOfSupport, &db(DatabaseEngine::Postgres, "12.19", Some("2025-02-27"))).is_empty());
        assert_eq!(ids(&DatabaseEndOfSupport, &db(DatabaseEngine::Postgres, "12.19", Some("2025-02-28"))).len(), 1);
        assert!(ids(&DatabaseEndOfSupport, &db(DatabaseEngine::Postgres, "16.4", None)).is_empty());
        assert!(ids(&DatabaseEndOfSupport, &db(DatabaseEngine::Mysql, "5.7.44", None)).is_empty());
    }
}
