//! `open-cache`: an ElastiCache cluster that accepts plaintext connections or asks for no auth token, so anything
//! in its network reads or rewrites cached sessions and data (docs/security-model.md#responsibility-table: the
//! cache's configuration is the customer's).

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;
use crate::model::ComponentKind as K;

/// The rule.
pub struct OpenCache;

static META: RuleMeta = RuleMeta {
    id: "open-cache",
    title: "Cache without in-transit encryption or an auth token",
    description: "Redis and Valkey speak plaintext and ask for nothing unless told to: anything with a network path \
        to the cluster (a compromised pod, a peered VPC) reads cached sessions and tokens, and rewrites them, or \
        flushes the cache. Fires for an ElastiCache cluster whose encryption in transit is off or that requires no \
        authentication (auth token or RBAC users); both are off by default for node-based clusters created through \
        the API, so the rule fires when the diagram does not say. One finding per cluster, naming what is missing. \
        Impact scales with the cached data; likelihood rises when the cache is reachable from the internet.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::InformationDisclosure, Stride::Tampering, Stride::Spoofing],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Turn on in-transit encryption and require an auth token (or RBAC user groups with IAM \
                authentication) on the replication group; rotate the token through Secrets Manager.",
        },
        Control { kind: ControlKind::Blunt, text: "Admit only the application's security groups to the cache port." },
        Control {
            kind: ControlKind::Detective,
            text: "Enable the AWS Config rules elasticache-repl-grp-encrypted-in-transit and \
                elasticache-repl-grp-redis-auth-enabled.",
        },
    ],
    thresholds: &[],
    reference: Some("Amazon ElastiCache user guide: data security (in-transit encryption, AUTH and RBAC)"),
};

impl Rule for OpenCache {
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
        if model.kind(c) != K::Elasticache {
            return;
        }
        let props = model.props(c);
        let plaintext = props.encryption_in_transit == Some(false);
        let open = props.requires_authentication == Some(false);
        let missing = match (plaintext, open) {
            (true, true) => "accepts plaintext connections and asks for no auth token",
            (true, false) => "accepts plaintext connections",
            (false, true) => "asks for no auth token",
            (false, false) => return,
        };
        let component = model.component(c);
        hits.push(
            Hit::on(
                &component.id,
                format!(
                    "{} {missing}: whoever reaches it on the network reads and rewrites what it caches.",
                    quote::name_of(model, component)
                ),
            )
            .with_data(classification(model, c))
            .exposed(cx.facts.is_internet_facing(c)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};

    fn cache(in_transit: Option<bool>, auth: Option<bool>) -> crate::model::Model {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("vpc", K::Vpc, Some("acct"))
            .component_with("sessions", K::Elasticache, Some("vpc"), |c| {
                c.properties.encryption_in_transit = in_transit;
                c.properties.requires_authentication = auth;
            })
            .build()
    }

    #[test]
    fn fires_by_default_and_names_what_is_missing() {
        let findings = run(&OpenCache, &cache(None, None));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "open-cache@sessions");
        assert!(findings[0].explanation().contains("accepts plaintext connections and asks for no auth token"));
        let findings = run(&OpenCache, &cache(Some(true), None));
        assert!(findings[0].explanation().contains("sessions asks for no auth token"));
    }

    #[test]
    fn quiet_with_tls_and_a_token() {
        assert!(ids(&OpenCache, &cache(Some(true), Some(true))).is_empty());
    }
}
