//! Scale tests: a generated diagram of thousands of components and flows, for determinism and (ignored by default,
//! run in release with `--ignored --nocapture`) the time metrics, responsibility and the architecture rules take.

use std::time::Instant;

use crate::analysis::facts::Facts;
use crate::analysis::metrics::Metrics;
use crate::analysis::responsibility::Responsibility;
use crate::analysis::testkit::TestDiagram;
use crate::model::props::{Classification, DataProfile, Exposure, NodeManagement, Software};
use crate::model::{ComponentKind as K, Model, Pattern};

/// A deterministic pseudo-random sequence (LCG), so the diagram is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn confidential() -> Option<DataProfile> {
    Some(DataProfile {
        classification: Classification::Confidential,
        confidentiality: None,
        integrity: None,
        availability: None,
    })
}

/// About `scale` x 1,000 components and `scale` x 3,000 flows. `local`: most synchronous calls stay inside the
/// caller's bounded context (a structured architecture); otherwise partners are picked at random (a worst case where
/// nearly every service is a hub across contexts).
fn generate(scale: usize, local: bool) -> Model {
    let mut rng = Lcg(42);
    let mut d = TestDiagram::new()
        .component("internet", K::Internet, None)
        .component("users", K::User, None)
        .component("dc", K::OnPrem, None)
        .component("acct", K::AwsAccount, None)
        .component("vpc", K::Vpc, Some("acct"))
        .component("eks", K::EksCluster, Some("vpc"))
        .component("fargate", K::FargateProfile, Some("eks"));
    let modes = [NodeManagement::SelfManaged, NodeManagement::ManagedNodeGroup, NodeManagement::AutoMode];
    for i in 0..20 * scale {
        d = d.component_with(&format!("node{i}"), K::Ec2Node, Some("eks"), |c| {
            c.properties.node_management = Some(modes[i % 3]);
        });
    }
    let (mut code, mut stores, mut queues, mut topics) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..400 * scale {
        let (name, host) =
            (format!("pod{i}"), if i % 5 == 0 { "fargate".to_owned() } else { format!("node{}", i % (20 * scale)) });
        d = d.component_with(&name, K::Pod, Some(&host), |c| {
            if i % 50 == 0 {
                c.properties.software = Some(Software::Postgresql);
                c.properties.data = confidential();
            }
            if i % 40 == 0 {
                c.properties.exposure = Some(Exposure::Public);
            }
        });
        d = d.component(&format!("box{i}"), K::Container, Some(&name));
        code.push(name);
    }
    for i in 0..100 * scale {
        let name = format!("fn{i}");
        d = d.component(&name, K::Lambda, Some("acct"));
        code.push(name);
    }
    for i in 0..20 * scale {
        let name = format!("legacy{i}");
        d = d.component(&name, K::GenericService, Some("dc"));
        code.push(name);
    }
    for i in 0..40 * scale {
        let (table, db) = (format!("table{i}"), format!("db{i}"));
        d = d.component_with(&table, K::DynamodbTable, Some("acct"), |c| c.properties.data = confidential());
        d = d.component_with(&db, K::RdsDatabase, Some("vpc"), |c| c.properties.data = confidential());
        stores.extend([table, db]);
    }
    for i in 0..15 * scale {
        let (queue, topic) = (format!("queue{i}"), format!("topic{i}"));
        d = d.component(&queue, K::SqsQueue, Some("acct")).component(&topic, K::SnsTopic, Some("acct"));
        queues.push(queue);
        topics.push(topic);
    }
    let k = 10 * scale;
    for _ in 0..3000 * scale {
        let i = rng.below(code.len());
        let a = code[i].clone();
        d = match rng.below(10) {
            0..=4 => {
                // Code component j is in context j % k (see the contexts below).
                let j = if local && rng.below(10) < 9 {
                    (i + k * rng.below(code.len() / k)) % code.len()
                } else {
                    rng.below(code.len())
                };
                let b = code[j].clone();
                if a == b { d } else { d.flow(&a, &b, Pattern::SyncRequest) }
            }
            5 | 6 => d.flow(&a, &stores[rng.below(stores.len())].clone(), Pattern::DataWrite),
            7 => d.flow(&a, &queues[rng.below(queues.len())].clone(), Pattern::QueueSend),
            8 => d.flow(&a, &queues[rng.below(queues.len())].clone(), Pattern::QueueReceive),
            _ => d.flow(&topics[rng.below(topics.len())].clone(), &a, Pattern::EventSubscribe),
        };
    }
    for i in 0..10 * scale {
        d = d.flow("internet", &code[(i * 37) % code.len()].clone(), Pattern::SyncRequest);
    }
    let mut members: Vec<Vec<String>> = vec![Vec::new(); k];
    for (i, name) in code.iter().chain(&stores).enumerate() {
        members[i % k].push(name.clone());
    }
    for (i, list) in members.iter().enumerate() {
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        d = d.context(&format!("ctx{i}"), &refs);
    }
    d.build()
}

#[test]
fn results_are_deterministic_at_scale() {
    let model = &generate(1, false);
    assert!(model.components().len() > 1000 && model.flows().len() >= 3000);
    let facts = Facts::new(model);
    let first = Metrics::compute(model, &facts);
    assert_eq!(first, Metrics::compute(model, &facts));
    assert!(!first.defense_in_depth.is_empty() && first.longest_sync_chain.is_some());
    assert_eq!(first.contexts.len(), 10);
    let analysis = crate::analysis::analyze(model);
    assert_eq!(analysis.findings, crate::analysis::analyze(model).findings);
    assert_eq!(Responsibility::compute(model), analysis.responsibility);
}

#[test]
#[ignore = "timing; run in release: cargo test --release --no-default-features scale -- --ignored --nocapture"]
fn metrics_responsibility_and_architecture_rules_fit_the_budget() {
    for local in [false, true] {
        time_all(&generate(5, local));
    }
}

/// The fastest of `ROUNDS` runs (the machine is shared: the minimum is the least disturbed measurement).
fn fastest(f: &dyn Fn()) -> std::time::Duration {
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

const ROUNDS: u32 = 30;

fn time_all(model: &Model) {
    println!("{} components, {} flows (fastest of {ROUNDS} runs)", model.components().len(), model.flows().len());
    let facts = Facts::new(model);
    let metrics = Metrics::compute(model, &facts);
    let time = |name: &str, f: &dyn Fn()| println!("  {name}: {:?}", fastest(f));
    time("metrics", &|| drop(std::hint::black_box(Metrics::compute(model, &facts))));
    time("  cohesion", &|| drop(std::hint::black_box(super::cohesion::compute(model))));
    time("  cycles", &|| drop(std::hint::black_box(super::cycles::compute(model))));
    time("  defense", &|| drop(std::hint::black_box(super::defense::compute(model, &facts))));
    time("  chains", &|| drop(std::hint::black_box(super::SyncChains::compute(model))));
    time("responsibility", &|| drop(std::hint::black_box(Responsibility::compute(model))));
    time("facts (not ours)", &|| drop(std::hint::black_box(Facts::new(model))));
    let posture = model.diagram().settings.posture;
    for rule in crate::analysis::rules::all() {
        let count = crate::analysis::run_rules(model, &facts, &metrics, posture, &[rule]).len();
        time(&format!("{} ({count} findings)", rule.meta().id), &|| {
            drop(std::hint::black_box(crate::analysis::run_rules(model, &facts, &metrics, posture, &[rule])));
        });
    }
    time("all rules", &|| {
        drop(std::hint::black_box(crate::analysis::run_rules(
            model,
            &facts,
            &metrics,
            posture,
            &crate::analysis::rules::all(),
        )));
    });
    time("whole analysis", &|| drop(std::hint::black_box(crate::analysis::analyze(model))));
}
