//! The analysis on the bundled samples shows what each sample is there to teach (docs/security-model.md#responsibility-table, 3 and 5).

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use trustmap::analysis::blast::BlastGraph;
use trustmap::analysis::{Analysis, analyze, analyze_with};
use trustmap::io::samples;
use trustmap::model::{Model, Posture};

fn sample(name: &str) -> Model {
    samples::find(name).unwrap().model().unwrap()
}

fn rules_on(analysis: &Analysis, element: &str) -> Vec<&'static str> {
    analysis.findings.iter().filter(|f| f.elements().any(|e| e == element)).map(|f| f.rule()).collect()
}

#[test]
fn the_sync_sample_gets_the_coupling_and_availability_finding() {
    let analysis = analyze(&sample("pattern-sync-rest"));
    let finding = analysis.findings.iter().find(|f| f.rule() == "sync-call-across-contexts").unwrap();
    assert_eq!(finding.id(), "sync-call-across-contexts@orders-payments");
    assert!(finding.cia().iter().any(|c| c.to_string() == "availability"));
}

#[test]
fn the_queue_sample_gets_findings_on_the_queue_and_both_ends() {
    let model = sample("pattern-queue");
    let analysis = analyze(&model);
    let queue = model.components().iter().find(|c| c.kind.is_broker()).unwrap();
    let on_queue = rules_on(&analysis, &queue.id);
    assert!(on_queue.contains(&"open-broker-policy") && on_queue.contains(&"unencrypted-queue"), "{on_queue:?}");
    for pattern in ["queue-send", "queue-receive"] {
        let flow = model.flows().iter().find(|f| f.pattern.to_string() == pattern).unwrap();
        let rules: Vec<&str> =
            analysis.findings.iter().filter(|f| f.id().ends_with(&format!("@{}", flow.id))).map(|f| f.rule()).collect();
        assert!(
            rules.contains(&"unauthenticated-producer") || rules.contains(&"unauthenticated-consumer"),
            "{pattern} end {}: {rules:?}",
            flow.id
        );
    }
}

#[test]
fn the_event_sample_gets_the_injection_finding() {
    let analysis = analyze(&sample("pattern-events"));
    let injection = analysis.findings.iter().find(|f| f.rule() == "event-injection").unwrap();
    assert!(
        injection.elements().len() >= 3,
        "the bus, a publisher and the subscribers at risk: {:?}",
        injection.elements().collect::<Vec<_>>()
    );
}

#[test]
fn zero_trust_changes_the_web_shops_findings_and_shrinks_its_blast_radius() {
    let model = sample("shop-eks-ec2");
    let perimeter = analyze_with(&model, Posture::Perimeter);
    let zero_trust = analyze_with(&model, Posture::ZeroTrust);
    let ids = |a: &Analysis| a.findings.iter().map(|f| f.id().to_owned()).collect::<Vec<_>>();
    assert_ne!(ids(&perimeter), ids(&zero_trust), "the posture changes which findings fire");
    let reach = |posture| -> usize {
        BlastGraph::new(&model, posture).ranking().iter().map(|r| r.controlled + r.influenced).sum()
    };
    let (wide, narrow) = (reach(Posture::Perimeter), reach(Posture::ZeroTrust));
    assert!(narrow < wide, "total blast radius: perimeter {wide}, zero trust {narrow}");
}

#[test]
fn managed_compute_moves_responsibility_to_aws() {
    let share = |name: &str| analyze(&sample(name)).responsibility.customer_share;
    let (ec2, fargate, lambda) = (share("shop-eks-ec2"), share("shop-eks-fargate"), share("shop-lambda"));
    assert!(
        ec2 > fargate && fargate > lambda,
        "customer share: EC2 {ec2:.3}, Fargate {fargate:.3}, Lambda {lambda:.3}"
    );
}

#[test]
fn the_hardened_shop_has_less_open_risk_than_the_plain_one() {
    let plain = analyze(&sample("shop-eks-ec2")).risk.total;
    let hardened = analyze(&sample("zero-trust-shop")).risk.total;
    assert!(hardened < plain, "zero-trust shop {hardened} vs EC2 shop {plain}");
}
