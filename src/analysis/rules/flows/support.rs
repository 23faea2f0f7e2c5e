//! Helpers the flow and messaging rules share: the data a flow carries, whether it goes to a TLS-only AWS API,
//! the data a broker carries, and how a flow to a broker fails to authenticate. All O(1) per flow, except
//! [`broker_data`], which is O(flows of that broker).

use crate::analysis::data::classification;
use crate::analysis::quote::Name;
use crate::model::props::Classification;
use crate::model::{Authentication, ComponentIx, FlowIx, Model, Pattern, Protocol};

/// The most sensitive data a flow carries: its own `data`, else the classification of the end the data comes from
/// (the callee for reads and receives; the caller for sends, publishes, deliveries and writes; the more sensitive
/// end for synchronous requests and admin access, whose responses carry data back).
pub(super) fn flow_data(model: &Model, f: FlowIx) -> Option<Classification> {
    let flow = model.flow_attrs(f);
    if flow.data.is_some() {
        return flow.data;
    }
    let (from, to) = model.flow_ends(f);
    match flow.pattern {
        pattern if pattern.data_moves_to_caller() => classification(model, to),
        Pattern::SyncRequest | Pattern::Admin => classification(model, from).max(classification(model, to)),
        _ => classification(model, from),
    }
}

/// Whether a flow is encrypted in transit: [`Flow::is_encrypted`](crate::model::Flow::is_encrypted), and SSH and the
/// Kubernetes API, which only exist over an encrypted channel.
#[inline]
pub(super) fn is_encrypted(model: &Model, f: FlowIx) -> Option<bool> {
    let flow = model.flow_attrs(f);
    flow.is_encrypted().or(match flow.protocol {
        Some(Protocol::Ssh | Protocol::KubernetesApi) => Some(true),
        _ => None,
    })
}

/// AWS API endpoints only speak TLS: the callee is an IAM-signed AWS API, or the flow says it
/// is an AWS API call.
pub(super) fn is_aws_api(model: &Model, f: FlowIx) -> bool {
    let (_, to) = model.flow_ends(f);
    model.kind(to).is_iam_signed_api() || model.flow_attrs(f).protocol == Some(Protocol::AwsApi)
}

/// The data a broker carries: its own `data`, else the most sensitive data of its flows.
pub(super) fn broker_data(model: &Model, broker: ComponentIx) -> Option<Classification> {
    classification(model, broker).or_else(|| {
        let incoming = model.incoming(broker).map(|(f, _)| flow_data(model, f));
        let outgoing = model.outgoing(broker).map(|(f, _)| flow_data(model, f));
        incoming.chain(outgoing).max().flatten()
    })
}

/// Why a flow to or from a queue or bus counts as unauthenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AuthGap {
    /// The flow says `authentication: none`.
    Explicit,
    /// The broker's policy lets anyone in, and the flow uses something other than IAM signing.
    OpenPolicy,
    /// The broker's policy lets anyone in, and the flow does not say how it authenticates.
    OpenPolicyUnsaid,
}

impl AuthGap {
    /// Likelihood steps: a gap the diagram only implies is less certain.
    pub(super) fn likelihood(self) -> i8 {
        // Naming a (non-IAM) authentication must never make it likelier than saying nothing: adding what looks
        // like a control must not raise the risk.
        match self {
            Self::Explicit => 0,
            Self::OpenPolicy | Self::OpenPolicyUnsaid => -1,
        }
    }

    /// Words for the explanation.
    pub(super) fn words(self) -> &'static str {
        match self {
            Self::Explicit => "without authentication",
            Self::OpenPolicy => "without IAM signing, which the open policy of",
            Self::OpenPolicyUnsaid => "without saying it is IAM-signed, which the open policy of",
        }
    }
}

/// How a producer or consumer flow to `broker` fails to authenticate, if it does. IAM-signed means
/// `authentication: iam-sigv4`, or the `aws-api` protocol without an explicit `authentication: none`.
pub(super) fn auth_gap(model: &Model, f: FlowIx, broker: ComponentIx) -> Option<AuthGap> {
    let flow = model.flow_attrs(f);
    let open = model.policy(broker).is_some_and(|p| p.is_open());
    match flow.authentication {
        Some(Authentication::None) => Some(AuthGap::Explicit),
        Some(Authentication::IamSigv4) => None,
        _ if !open || flow.protocol == Some(Protocol::AwsApi) => None,
        Some(_) => Some(AuthGap::OpenPolicy),
        None => Some(AuthGap::OpenPolicyUnsaid),
    }
}

/// The explanation's wording of a gap for the flow between `end` and `broker`.
pub(super) fn gap_sentence(gap: AuthGap, end: Name, verb: &str, broker: Name) -> String {
    match gap {
        AuthGap::Explicit => format!("{end} {verb} {broker} {}.", gap.words()),
        AuthGap::OpenPolicy | AuthGap::OpenPolicyUnsaid => {
            format!("{end} {verb} {broker} {} {broker} lets anyone on AWS do too.", gap.words())
        }
    }
}

/// A data profile with only the classification set, for tests.
#[cfg(test)]
pub(super) fn profile(classification: Classification) -> Option<crate::model::props::DataProfile> {
    Some(crate::model::props::DataProfile {
        classification,
        confidentiality: None,
        integrity: None,
        availability: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::TestDiagram;
    use crate::model::ComponentKind as K;
    use crate::model::props::ResourcePolicy;

    #[test]
    fn flow_data_follows_the_direction() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("app", K::GenericService, Some("acct"), |c| {
                c.properties.data = profile(Classification::Internal);
            })
            .component_with("db", K::RdsDatabase, Some("acct"), |c| {
                c.properties.data = profile(Classification::Restricted);
            })
            .flow("app", "db", Pattern::DataRead)
            .flow("app", "db", Pattern::DataWrite)
            .flow("app", "db", Pattern::SyncRequest)
            .flow_with("app", "db", Pattern::DataRead, |f| f.data = Some(Classification::Public))
            .build();
        let got: Vec<_> = model.flows_indexed().map(|(f, _)| flow_data(&model, f)).collect();
        assert_eq!(
            got,
            vec![
                Some(Classification::Restricted),
                Some(Classification::Internal),
                Some(Classification::Restricted),
                Some(Classification::Public),
            ]
        );
    }

    #[test]
    fn gaps_need_an_open_policy_unless_explicit() {
        let open = ResourcePolicy { any_principal: true, source_condition: false };
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("app", K::GenericService, Some("acct"))
            .component_with("q", K::SqsQueue, Some("acct"), |c| c.properties.policy = Some(open))
            .component("closed", K::SqsQueue, Some("acct"))
            .flow("app", "q", Pattern::QueueSend)
            .flow_with("app", "q", Pattern::QueueSend, |f| f.authentication = Some(Authentication::Token))
            .flow_with("app", "q", Pattern::QueueSend, |f| f.protocol = Some(Protocol::AwsApi))
            .flow_with("app", "q", Pattern::QueueSend, |f| f.authentication = Some(Authentication::IamSigv4))
            .flow("app", "closed", Pattern::QueueSend)
            .flow_with("app", "closed", Pattern::QueueSend, |f| f.authentication = Some(Authentication::None))
            .build();
        let got: Vec<_> = model
            .flows_indexed()
            .map(|(f, flow)| (flow.id.as_str(), auth_gap(&model, f, model.flow_ends(f).1)))
            .collect();
        assert_eq!(
            got,
            vec![
                ("app-closed", None),
                ("app-closed-2", Some(AuthGap::Explicit)),
                ("app-q", Some(AuthGap::OpenPolicyUnsaid)),
                ("app-q-2", Some(AuthGap::OpenPolicy)),
                ("app-q-3", None),
                ("app-q-4", None),
            ]
        );
    }
}
