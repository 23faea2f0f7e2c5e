//! Total risk is monotone in controls, by property: on generated valid diagrams, adding any one control (an
//! authenticated, encrypted or authorised flow; a listener that requires authentication; restricted ingress; input
//! validation; hardening; scanned or signed images; encryption at rest; logging; throttling; patching; a tighter
//! resource policy; a pinned event source; a private endpoint; IMDSv2 with hop limit 1; no privileges; a WAF; a
//! detective control) never raises total risk, under either posture.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod support;

use proptest::prelude::*;
use support::generate::diagram;
use trustmap::analysis::analyze_with;
use trustmap::model::catalog::info;
use trustmap::model::props::{
    EndpointAccess, InstanceMetadata, PatchStatus, Properties, PropertyKey as P, ResourcePolicy, SecretStorage,
};
use trustmap::model::{Authentication, Component, ComponentKind as K, Diagram, Id, Model, Posture};

/// One control, applied to the diagram's `n`-th flow or component (modulo their counts).
#[derive(Clone, Copy, Debug)]
enum Control {
    FlowAuthenticated,
    FlowEncrypted,
    FlowAuthorised,
    Property(usize),
    Waf,
    Monitoring(usize),
}

/// Sets one property to its safer value.
type Apply = fn(&mut Properties);

/// The property controls, each with the property key that must apply to the kind.
const PROPERTY_CONTROLS: &[(P, Apply)] = &[
    (P::RequiresAuthentication, |p| p.requires_authentication = Some(true)),
    (P::IngressRestricted, |p| p.ingress_restricted = Some(true)),
    (P::ValidatesInput, |p| p.validates_input = Some(true)),
    (P::ExecutesInput, |p| p.executes_input = Some(false)),
    (P::Hardened, |p| p.hardened = Some(true)),
    (P::ImageScanned, |p| p.image_scanned = Some(true)),
    (P::ImageSigned, |p| p.image_signed = Some(true)),
    (P::EncryptionAtRest, |p| p.encryption_at_rest = Some(true)),
    (P::Logging, |p| p.logging = Some(true)),
    (P::Throttling, |p| p.throttling = Some(true)),
    (P::PatchStatus, |p| p.patch_status = Some(PatchStatus::Current)),
    (P::Privileged, |p| p.privileged = Some(false)),
    (P::HostPathMount, |p| p.host_path_mount = Some(false)),
    (P::HostNetwork, |p| p.host_network = Some(false)),
    (P::SecretStorage, |p| p.secret_storage = Some(SecretStorage::SecretsStore)),
    (P::SourcePinned, |p| p.source_pinned = Some(true)),
    (P::EndpointAccess, |p| p.endpoint_access = Some(EndpointAccess::Private)),
    (P::InstanceMetadata, |p| p.instance_metadata = Some(InstanceMetadata { imdsv2_required: true, hop_limit: 1 })),
    (P::Policy, |p| {
        if let Some(policy) = &mut p.policy {
            policy.source_condition = true;
        } else {
            p.policy = Some(ResourcePolicy { any_principal: false, source_condition: true });
        }
    }),
    (P::ServiceAccount, |p| {
        if let Some(account) = &mut p.service_account {
            account.automount_token = false;
        }
    }),
];

fn control() -> impl Strategy<Value = (Control, usize)> {
    let kind = prop_oneof![
        Just(Control::FlowAuthenticated),
        Just(Control::FlowEncrypted),
        Just(Control::FlowAuthorised),
        (0..PROPERTY_CONTROLS.len()).prop_map(Control::Property),
        Just(Control::Waf),
        (0..3usize).prop_map(Control::Monitoring),
    ];
    (kind, any::<usize>())
}

/// The diagram with the control added, or `None` when it does not apply anywhere.
fn with_control(diagram: &Diagram, control: Control, n: usize) -> Option<Diagram> {
    let mut d = diagram.clone();
    match control {
        Control::FlowAuthenticated | Control::FlowEncrypted | Control::FlowAuthorised => {
            let count = d.flows.len();
            let flow = d.flows.get_mut(n.checked_rem(count)?)?;
            match control {
                // Only where there was none: replacing IAM signing by mTLS is a change, not an added control.
                Control::FlowAuthenticated => match flow.authentication {
                    None | Some(Authentication::None) => flow.authentication = Some(Authentication::Mtls),
                    Some(_) => return None,
                },
                Control::FlowEncrypted => flow.encrypted = Some(true),
                _ => flow.authorization = Some(true),
            }
        }
        Control::Property(which) => {
            let (key, apply) = PROPERTY_CONTROLS[which];
            let candidates: Vec<usize> =
                (0..d.components.len()).filter(|&i| info(d.components[i].kind).properties.contains(&key)).collect();
            let at = *candidates.get(n.checked_rem(candidates.len())?)?;
            apply(&mut d.components[at].properties);
        }
        Control::Waf => {
            let targets: Vec<Id> = d
                .components
                .iter()
                .filter(|c| matches!(c.kind, K::ApiGateway | K::LoadBalancer))
                .map(|c| c.id.clone())
                .collect();
            let target = targets.get(n.checked_rem(targets.len())?)?.clone();
            let mut waf = Component::new(Id::new("added-waf").unwrap(), K::Waf, "Added WAF");
            waf.protects = vec![target];
            d.components.push(waf);
        }
        Control::Monitoring(which) => {
            let kind = [K::Cloudtrail, K::Guardduty, K::Cloudwatch][which];
            let watched: Vec<Id> = d.components.iter().map(|c| c.id.clone()).collect();
            let target = watched.get(n.checked_rem(watched.len())?)?.clone();
            let mut watcher = Component::new(Id::new("added-watcher").unwrap(), kind, "Added detective control");
            watcher.covers = vec![target];
            d.components.push(watcher);
        }
    }
    Some(d)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn adding_a_control_never_raises_total_risk(diagram in diagram(), (control, n) in control()) {
        let Some(controlled) = with_control(&diagram, control, n) else { return Ok(()) };
        let before = Model::new(diagram).unwrap();
        // A generated id may already be taken: such a case says nothing about risk.
        let Ok(after) = Model::new(controlled) else { return Ok(()) };
        for posture in [Posture::Perimeter, Posture::ZeroTrust] {
            let (old, new) = (analyze_with(&before, posture), analyze_with(&after, posture));
            if new.risk.total > old.risk.total {
                let ids = |a: &trustmap::analysis::Analysis| -> Vec<String> {
                    a.findings.iter().filter(|f| f.is_open()).map(|f| format!("{} ({})", f.id(), f.risk)).collect()
                };
                let (old_ids, new_ids) = (ids(&old), ids(&new));
                let appeared: Vec<&String> = new_ids.iter().filter(|id| !old_ids.contains(id)).collect();
                let gone: Vec<&String> = old_ids.iter().filter(|id| !new_ids.contains(id)).collect();
                return Err(TestCaseError::fail(format!(
                    "{control:?} raised total risk under {posture}: {} -> {}\nappeared: {appeared:?}\ngone: {gone:?}",
                    old.risk.total, new.risk.total
                )));
            }
        }
    }
}

/// The property above is not vacuous: generated diagrams have findings, and some controls lower the risk.
#[test]
fn generated_diagrams_have_findings_and_controls_lower_risk() {
    use proptest::strategy::ValueTree as _;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (diagram(), control());
    let (mut with_findings, mut lowered, mut tried) = (0, 0, 0);
    for _ in 0..200 {
        let (diagram, (control, n)) = strategy.new_tree(&mut runner).unwrap().current();
        let before = Model::new(diagram.clone()).unwrap();
        let old = analyze_with(&before, Posture::ZeroTrust).risk.total;
        with_findings += usize::from(old > 0);
        let Some(Ok(after)) = with_control(&diagram, control, n).map(Model::new) else { continue };
        tried += 1;
        lowered += usize::from(analyze_with(&after, Posture::ZeroTrust).risk.total < old);
    }
    assert!(with_findings > 150, "only {with_findings} of 200 generated diagrams have findings");
    assert!(lowered > 20, "only {lowered} of {tried} controls lowered the risk");
}
