//! `long-sync-chain`: a chain of synchronous calls of at least `hops` hops, which chains the availability of every
//! service on it (docs/security-model.md#communication). Reads `metrics.sync_chains`.

use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, Threshold};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::{ComponentIx, Id};

/// The rule.
pub struct LongSyncChain;

/// The `hops` threshold.
const HOPS: Threshold = Threshold {
    name: "hops",
    default: 3.0,
    min: Threshold::COUNT.0,
    max: Threshold::COUNT.1,
    description: "Shortest chain, in synchronous hops (cycles collapsed), that is reported.",
};

static META: RuleMeta = RuleMeta {
    id: "long-sync-chain",
    title: "Long synchronous call chain",
    description: "A chain of synchronous requests (REST, gRPC) of at least 3 hops (threshold \"hops\") between the \
        application's own components. Each caller waits for its callee, so one slow or failed service stalls or \
        fails every service before it, and the chain is only as available as all of its links together. Call cycles \
        count as one step; calls from the internet or from outside users are not hops, and neither is the hop out of \
        a load balancer or API gateway (it forwards the call that reached it and adds no service of its own). One \
        finding per chain start (a component that makes synchronous calls and that no other component calls \
        synchronously), naming the longest chain from it. Likelihood rises when the start is reachable from the \
        internet (an outside caller can tie up the whole chain); impact rises one step for chains at least twice the \
        threshold.",
    cia: &[Cia::Availability],
    stride: &[Stride::DenialOfService],
    likelihood: Likelihood::Possible,
    impact: Impact::Minor,
    scaling: Scaling { impact_from_data: false, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Blunt,
            text: "Break the chain: replace synchronous calls that need no immediate answer with messages (SQS) or \
                events (SNS, EventBridge).",
        },
        Control {
            kind: ControlKind::Sharp,
            text: "Give every call a timeout, bounded retries with backoff and a circuit breaker, so a failing callee \
                does not hold its callers.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Trace the chain (AWS X-Ray) and alarm on latency and error rates of each link (CloudWatch).",
        },
    ],
    thresholds: &[HOPS],
    reference: Some(
        "AWS Well-Architected Framework, Reliability Pillar: REL04-BP02 Implement loosely coupled dependencies",
    ),
};

impl Rule for LongSyncChain {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        for start in cx.metrics.sync_chains.starts() {
            chain_hit(cx, start.first, hits);
        }
    }

    fn per_component(&self) -> bool {
        true
    }

    #[inline(always)]
    fn check_component(&self, cx: &RuleContext<'_>, c: ComponentIx, hits: &mut Vec<Hit>) {
        chain_hit(cx, c, hits);
    }
}

/// The hit about the chain from `c`, if it starts one long enough.
fn chain_hit(cx: &RuleContext<'_>, c: ComponentIx, hits: &mut Vec<Hit>) {
    let model = cx.model;
    let min = cx.threshold(&HOPS).max(1.0);
    let chains = &cx.metrics.sync_chains;
    let Some(start) = chains.start_of(c) else { return };
    let hops = start.hops as f64;
    if hops < min {
        return;
    }
    // A long chain is named by its first components and its last: chains of many starts share their tails, so
    // listing every chain in full would grow with the square of the diagram.
    let (path, len, last) = chains.named_prefix(start);
    let mut names: Vec<String> = path.iter().map(|&c| quote::name(model, c).to_string()).collect();
    let mut ids: Vec<&Id> = path.iter().map(|&c| model.component_id(c)).collect();
    if len > path.len() {
        if len > path.len() + 1 {
            names.push(format!("({} more)", len.saturating_sub(path.len() + 1)));
        }
        names.push(quote::name(model, last).to_string());
        ids.push(model.component_id(last));
    }
    let first = model.component(start.first);
    let last = quote::name(model, last).to_string();
    let hit = Hit::on(
        &first.id,
        format!(
            "{} starts a chain of {} synchronous calls ({}): when {last} slows down or fails, every caller before it \
             waits or fails too.",
            quote::name_of(model, first),
            start.hops,
            names.join(" -> ")
        ),
    )
    .with_elements(ids)
    .exposed(cx.facts.is_internet_facing(start.first))
    .impact(i8::from(hops >= 2.0 * min));
    hits.push(hit);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::settings::RuleSettings;
    use crate::model::{ComponentKind as K, Pattern};

    fn chain(links: &[(&str, &str, Pattern)]) -> TestDiagram {
        let mut d = TestDiagram::new().component("internet", K::Internet, None).component("acct", K::AwsAccount, None);
        for name in ["a", "b", "c", "d", "e", "f", "g"] {
            d = d.component(name, K::Lambda, Some("acct"));
        }
        for &(from, to, pattern) in links {
            d = d.flow(from, to, pattern);
        }
        d
    }

    const SYNC: Pattern = Pattern::SyncRequest;

    #[test]
    fn fires_once_per_chain_start_of_three_hops() {
        let model = chain(&[("a", "b", SYNC), ("b", "c", SYNC), ("c", "d", SYNC), ("e", "b", SYNC)]).build();
        let findings = run(&LongSyncChain, &model);
        let found: Vec<&str> = findings.iter().map(|f| f.id()).collect();
        assert_eq!(found, ["long-sync-chain@a", "long-sync-chain@e"]);
        assert_eq!(findings[0].elements().len(), 4);
        assert_eq!(
            findings[0].explanation(),
            "a starts a chain of 3 synchronous calls (a -> b -> c -> d): when d slows \
            down or fails, every caller before it waits or fails too."
        );
        assert_eq!((findings[0].likelihood, findings[0].impact), (Likelihood::Possible, Impact::Minor));
    }

    #[test]
    fn an_asynchronous_link_or_a_short_chain_keeps_it_quiet() {
        let model = chain(&[("a", "b", SYNC), ("b", "c", SYNC), ("c", "d", Pattern::DataWrite)]).build();
        assert!(ids(&LongSyncChain, &model).is_empty());
    }

    #[test]
    fn internet_callers_are_not_hops_but_raise_the_likelihood() {
        let model = chain(&[("internet", "a", SYNC), ("a", "b", SYNC), ("b", "c", SYNC)]).build();
        assert!(ids(&LongSyncChain, &model).is_empty(), "internet -> a is not a hop");
        let model = chain(&[("internet", "a", SYNC), ("a", "b", SYNC), ("b", "c", SYNC), ("c", "d", SYNC)]).build();
        assert_eq!(run(&LongSyncChain, &model)[0].likelihood, Likelihood::Likely);
    }

    #[test]
    fn cycles_collapse_and_the_threshold_is_tunable() {
        let links = [("a", "b", SYNC), ("b", "c", SYNC), ("c", "b", SYNC), ("c", "d", SYNC)];
        assert!(ids(&LongSyncChain, &chain(&links).build()).is_empty(), "b and c are one step: 2 hops");
        let model = chain(&links)
            .edit(|d| {
                let settings = RuleSettings { enabled: None, thresholds: [("hops".to_owned(), 1.0)].into() };
                d.settings.rules.insert("long-sync-chain".to_owned(), settings);
            })
            .build();
        let findings = run(&LongSyncChain, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].impact, Impact::Moderate, "twice the threshold");
    }
}
