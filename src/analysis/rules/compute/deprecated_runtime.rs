//! `deprecated-runtime`: code running on a language runtime past its deprecation date (Lambda functions, pods,
//! containers, services), workloads whose image or libraries are known to be outdated, and RDS databases on an
//! outdated engine (docs/security-model.md#responsibility-table and #precision).

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, Threshold, each_component};
use crate::analysis::rules::compute::nodes::workload_data;
use crate::analysis::rules::compute::versions::{self, lambda_runtime};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentKind as K;
use crate::model::props::{PatchStatus, RuntimeUpdates};
use crate::model::settings::Date;
use crate::model::{ComponentIx, Model};

/// The rule.
pub struct DeprecatedRuntime;

/// The `warning-days` threshold.
const WARNING_DAYS: Threshold = Threshold {
    name: "warning-days",
    default: 180.0,
    min: Threshold::COUNT.0,
    max: Threshold::COUNT.1,
    description: "A pinned (manual) Lambda runtime is reported this many days before its deprecation date.",
};

static META: RuleMeta = RuleMeta {
    id: "deprecated-runtime",
    title: "Deprecated or outdated runtime",
    description: "Code runs on a runtime that no longer gets security fixes. Fires for a Lambda function whose \
        runtime is deprecated; for a pod, container or generic service whose runtime names a language version \
        from the same table whose deprecation follows the language's end of life (python3.8, nodejs16.x; not \
        java8 or go1.x, which AWS retired for their operating system); for a pod, container or service whose \
        patch status is outdated (image, runtime or libraries); and for an RDS database whose patch status is \
        outdated (engine upgrades are the customer's share). Deprecation is judged against the Lambda runtime \
        table in the compute rules' version table at the diagram's as-of date (settings.as_of), or at the \
        table's own as-of date when the diagram has none: never the system clock, so the result is \
        deterministic. A Lambda function pinned to its runtime version (runtime updates manual) on a runtime that \
        is still supported gets a lower-likelihood finding when deprecation is at most warning-days away. \
        Runtimes missing from the table are not judged. Impact scales with the data the element holds; \
        likelihood rises when it is reachable from the internet.",
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    stride: &[Stride::ElevationOfPrivilege, Stride::Tampering],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Upgrade to a supported runtime or engine version and rebuild images on a current base image; \
                leave Lambda runtime updates on automatic.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Block deployments of deprecated runtimes and outdated images in the pipeline (and with AWS \
                Config rules such as lambda-function-settings-check).",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Scan functions and images with Amazon Inspector and watch AWS Health notices of runtime and \
                engine deprecations.",
        },
    ],
    thresholds: &[WARNING_DAYS],
    reference: Some("AWS Lambda Developer Guide: Lambda runtimes (Runtime deprecation policy)"),
};

/// Why one element is flagged, and whether only as an early warning.
fn reasons(model: &Model, c: ComponentIx, as_of: Date, warning_days: f64) -> Option<(String, bool)> {
    let component = model.component(c);
    let props = model.props(c);
    let name = &quote::name_of(model, component);
    let runtime = props.runtime.as_deref().and_then(lambda_runtime);
    let mut found: Vec<String> = Vec::new();
    let mut warning_only = false;
    match component.kind {
        K::Lambda => match runtime {
            Some(rt) if rt.is_deprecated(as_of) => found.push(format!(
                "{name} runs on Lambda runtime {}, deprecated since {} (as of {as_of}): AWS no longer patches it",
                rt.id, rt.deprecated
            )),
            Some(rt) if props.runtime_updates == Some(RuntimeUpdates::Manual) => {
                let days = rt.days_until_deprecation(as_of);
                if (days as f64) <= warning_days {
                    warning_only = true;
                    found.push(format!(
                        "{name} pins Lambda runtime {} (manual updates), which AWS deprecates on {}, {days} days \
                         after {as_of}",
                        rt.id, rt.deprecated
                    ));
                }
            }
            _ => {}
        },
        K::Pod | K::Container | K::GenericService => {
            if let Some(rt) = runtime.filter(|rt| rt.language_end_of_life && rt.is_deprecated(as_of)) {
                found.push(format!(
                    "{name} runs {}, a language version past its end of life since {} (as of {as_of})",
                    rt.id, rt.deprecated
                ));
            }
            if props.patch_status == Some(PatchStatus::Outdated) {
                found.push(format!("{name} runs an outdated image, runtime or libraries"));
            }
        }
        K::RdsDatabase | K::GenericDatastore if props.patch_status == Some(PatchStatus::Outdated) => {
            found
                .push(format!("{name} runs an outdated database engine, and engine upgrades are the customer's share"));
        }
        _ => {}
    }
    if found.is_empty() {
        return None;
    }
    Some((format!("{}.", found.join("; ")), warning_only))
}

impl Rule for DeprecatedRuntime {
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
        if !matches!(
            model.kind(c),
            K::Lambda | K::Pod | K::Container | K::GenericService | K::RdsDatabase | K::GenericDatastore
        ) {
            return;
        }
        let as_of = versions::as_of(cx.as_of);
        let warning_days = cx.threshold(&WARNING_DAYS);
        let Some((explanation, warning_only)) = reasons(model, c, as_of, warning_days) else { return };
        let hit = Hit::on(model.component_id(c), explanation)
            .with_data(workload_data(model, c))
            .exposed(cx.facts.is_internet_facing(c))
            .likelihood(if warning_only { -1 } else { 0 });
        hits.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::compute::testing::{cluster_with_node, data};
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::props::Classification;
    use crate::model::settings::RuleSettings;

    fn lambda(runtime: &str, updates: Option<RuntimeUpdates>, as_of: &str) -> TestDiagram {
        let as_of = Date::parse(as_of).unwrap();
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("fn", K::Lambda, Some("acct"), |c| {
                c.properties.runtime = Some(runtime.to_owned());
                c.properties.runtime_updates = updates;
            })
            .edit(|d| d.settings.as_of = Some(as_of))
    }

    #[test]
    fn fires_for_a_deprecated_lambda_runtime_at_the_as_of_date() {
        let model = lambda("python3.8", None, "2024-10-14").build();
        let findings = run(&DeprecatedRuntime, &model);
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), vec!["deprecated-runtime@fn"]);
        assert_eq!(findings[0].likelihood, Likelihood::Possible);
        assert!(
            findings[0].explanation().starts_with("fn runs on Lambda runtime python3.8, deprecated since 2024-10-14")
        );
        let model = lambda("python3.8", None, "2024-10-13").build();
        assert!(ids(&DeprecatedRuntime, &model).is_empty(), "the day before deprecation");
    }

    #[test]
    fn without_a_diagram_date_the_table_date_is_used() {
        let model = lambda("nodejs16.x", None, "2000-01-01").edit(|d| d.settings.as_of = None).build();
        assert_eq!(ids(&DeprecatedRuntime, &model), vec!["deprecated-runtime@fn"]);
        let model = lambda("python3.12", None, "2000-01-01").edit(|d| d.settings.as_of = None).build();
        assert!(ids(&DeprecatedRuntime, &model).is_empty());
    }

    #[test]
    fn a_pinned_runtime_warns_shortly_before_deprecation_only() {
        // nodejs20.x deprecates on 2026-04-30.
        let model = lambda("nodejs20.x", Some(RuntimeUpdates::Manual), "2026-01-01").build();
        let findings = run(&DeprecatedRuntime, &model);
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely);
        assert!(findings[0].explanation().contains("119 days after 2026-01-01"));
        let model = lambda("nodejs20.x", Some(RuntimeUpdates::Manual), "2025-06-01").build();
        assert!(ids(&DeprecatedRuntime, &model).is_empty(), "333 days away");
        let model = lambda("nodejs20.x", Some(RuntimeUpdates::Auto), "2026-01-01").build();
        assert!(ids(&DeprecatedRuntime, &model).is_empty(), "automatic updates");
        let model = lambda("nodejs20.x", Some(RuntimeUpdates::Manual), "2025-06-01")
            .edit(|d| {
                let mut settings = RuleSettings::default();
                settings.thresholds.insert("warning-days".into(), 400.0);
                d.settings.rules.insert("deprecated-runtime".into(), settings);
            })
            .build();
        assert_eq!(ids(&DeprecatedRuntime, &model), vec!["deprecated-runtime@fn"]);
    }

    #[test]
    fn containers_are_judged_on_language_end_of_life_only() {
        let model = cluster_with_node()
            .edit(|d| d.settings.as_of = Some(Date::parse("2025-01-01").unwrap()))
            .component_with("old", K::Pod, Some("node"), |c| {
                c.properties.runtime = Some("python3.8".into());
                c.properties.data = data(Classification::Confidential);
            })
            .component_with("java", K::Pod, Some("node"), |c| c.properties.runtime = Some("java8".into()))
            .component_with("box", K::Container, Some("java"), |c| c.properties.runtime = Some("go1.x".into()))
            .component_with("stale", K::Pod, Some("node"), |c| c.properties.patch_status = Some(PatchStatus::Outdated))
            .build();
        let findings = run(&DeprecatedRuntime, &model);
        assert_eq!(
            findings.iter().map(|f| f.id()).collect::<Vec<_>>(),
            vec!["deprecated-runtime@old", "deprecated-runtime@stale"]
        );
        assert_eq!(findings[0].impact, Impact::Major, "confidential data");
    }

    #[test]
    fn outdated_rds_engines_fire_and_current_ones_do_not() {
        let base = TestDiagram::new().component("acct", K::AwsAccount, None);
        let model = base
            .component_with("db", K::RdsDatabase, Some("acct"), |c| {
                c.properties.patch_status = Some(PatchStatus::Outdated);
            })
            .component_with("db2", K::RdsDatabase, Some("acct"), |c| {
                c.properties.patch_status = Some(PatchStatus::Current);
            })
            .component("db3", K::RdsDatabase, Some("acct"))
            .build();
        let findings = run(&DeprecatedRuntime, &model);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].explanation().starts_with("db runs an outdated database engine"));
    }
}
