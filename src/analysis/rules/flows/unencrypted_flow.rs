//! `unencrypted-flow`: a flow carrying confidential or restricted data that is not encrypted in transit.

use crate::analysis::facts::Facts;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_flow};
use crate::analysis::rules::flows::support::{flow_data, is_aws_api, is_encrypted};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::props::Classification;
use crate::model::{ComponentIx, ConnectionKind, FlowIx, Model, Pattern, Posture};

/// The rule.
pub struct UnencryptedFlow;

static META: RuleMeta = RuleMeta {
    id: "unencrypted-flow",
    title: "Sensitive data unencrypted in transit",
    description: "A flow carries confidential or restricted data without encryption in transit, so anyone on the \
        network path can read or change it. The data is the flow's own classification, else that of the end the \
        data comes from (the callee for reads and receives, the caller for sends, publishes and writes, the more \
        sensitive end for synchronous requests and admin access). Encryption is the flow's explicit setting, else \
        its protocol (https, aws-api, ssh and kubernetes-api are encrypted, http is not). Fires only for confidential or restricted \
        data. Calls to AWS APIs are TLS and never count. A flow whose encryption is unknown counts with a lower \
        likelihood. A flow between an on-premises network and another network (AWS or another site) crosses a \
        segment outside both trust boundaries (the internet or a provider's circuit) and counts one step higher, \
        except under the perimeter posture when a site-to-site VPN (IPsec) joins the two networks: that segment is \
        encrypted and perimeter trusts each end inside. Under zero trust the VPN does not lower it: each end is \
        plaintext inside its network. Direct Connect is not encrypted unless MACsec or a VPN runs over it; draw \
        either as a vpn connection. An explicitly unencrypted flow to or from the internet is reported by \
        unencrypted-internet-flow instead.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Encrypt this flow with TLS (HTTPS, TLS for the database driver) or mTLS through a service mesh.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Refuse plaintext listeners: only open TLS ports in security groups and listener configuration.",
        },
        Control {
            kind: ControlKind::Detective,
            text: "Alarm on plaintext connections (VPC flow logs to the plaintext port, load-balancer listener audits).",
        },
    ],
    thresholds: &[],
    reference: Some("AWS Well-Architected Framework, Security Pillar: SEC09 protect data in transit"),
};

/// How a flow travels between networks: within one, or between an on-premises network and another network over an
/// encrypted (VPN) or an unencrypted segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Crossing {
    Inside,
    Encrypted,
    Plaintext,
}

/// The network of a component for this rule: its on-premises network, else its VPC.
fn network(facts: &Facts, c: ComponentIx) -> Option<ComponentIx> {
    facts.on_prem(c).or_else(|| facts.vpc(c))
}

/// The networks of a flow's ends when they are two, one of them on premises (then the connections between them decide
/// how the flow crosses), else how it crosses: inside one network, or plaintext to or from no network.
fn joinable(facts: &Facts, from: ComponentIx, to: ComponentIx) -> Result<(ComponentIx, ComponentIx), Crossing> {
    if facts.on_prem(from).is_none() && facts.on_prem(to).is_none() {
        return Err(Crossing::Inside);
    }
    match (network(facts, from), network(facts, to)) {
        (a, b) if a == b => Err(Crossing::Inside),
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(Crossing::Plaintext),
    }
}

fn crossing(model: &Model, facts: &Facts, from: ComponentIx, to: ComponentIx) -> Crossing {
    let (a, b) = match joinable(facts, from, to) {
        Ok(networks) => networks,
        Err(crossing) => return crossing,
    };
    let (a, b) = (model.component_id(a), model.component_id(b));
    let vpn = model
        .diagram()
        .connections
        .iter()
        .any(|c| c.kind == ConnectionKind::Vpn && ((&c.from == a && &c.to == b) || (&c.from == b && &c.to == a)));
    if vpn { Crossing::Encrypted } else { Crossing::Plaintext }
}

impl Rule for UnencryptedFlow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        each_flow(self, cx, hits);
    }

    fn per_flow(&self) -> bool {
        true
    }

    fn connection_flows(&self, model: &Model, facts: &Facts) -> Option<Vec<FlowIx>> {
        // Only a flow with an end on premises can cross into another network: the flows of those components.
        let mut flows: Vec<FlowIx> = Vec::new();
        for c in model.component_ixs().filter(|&c| facts.on_prem(c).is_some()) {
            let across = |&(f, other): &(FlowIx, ComponentIx)| joinable(facts, c, other).is_ok().then_some(f);
            flows.extend(model.outgoing(c).filter_map(|flow| across(&flow)));
            flows.extend(model.incoming(c).filter_map(|flow| across(&flow)));
        }
        crate::sorting::sort(&mut flows);
        flows.dedup();
        Some(flows)
    }

    #[inline(always)]
    fn check_flow(&self, cx: &RuleContext<'_>, f: FlowIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let facts = cx.facts;
        let flow = model.flow_attrs(f);
        let encrypted = is_encrypted(model, f);
        if encrypted == Some(true) {
            return;
        }
        let data = flow_data(model, f);
        if data < Some(Classification::Confidential) || is_aws_api(model, f) {
            return;
        }
        let (from, to) = model.flow_ends(f);
        let (from_external, to_external) = (facts.is_external(from), facts.is_external(to));
        if from_external && to_external {
            return;
        }
        // unencrypted-internet-flow reports these, whatever their data.
        if encrypted == Some(false) && (from_external || to_external) {
            return;
        }
        let (caller, callee) = (model.component(from), model.component(to));
        let how = if encrypted.is_none() { "without saying it is encrypted" } else { "unencrypted" };
        let (segment, raise) = match (crossing(model, facts, from, to), cx.posture) {
            (Crossing::Inside, _) => ("", 0),
            (Crossing::Encrypted, Posture::Perimeter) => {
                (" (the VPN encrypts the segment between the networks; each end is plaintext inside)", 0)
            }
            (Crossing::Encrypted, Posture::ZeroTrust) => {
                (" (a VPN encrypts the segment between the networks, but each end is plaintext inside)", 1)
            }
            (Crossing::Plaintext, _) => (" across a segment outside both networks", 1),
        };
        let class =
            data.map_or("sensitive", |d| if d == Classification::Restricted { "restricted" } else { "confidential" });
        let (a, b) = (&quote::name_of(model, caller), &quote::name_of(model, callee));
        let explanation = match flow.pattern {
            p if p.data_moves_to_caller() => format!("{a} receives {class} data from {b} {how}{segment}."),
            Pattern::SyncRequest | Pattern::Admin => format!("{a} and {b} exchange {class} data {how}{segment}."),
            _ => format!("{a} sends {class} data to {b} {how}{segment}."),
        };
        hits.push(
            Hit::on(model.flow_id(f), explanation)
                .with_elements([model.component_id(from), model.component_id(to)])
                .with_data(data)
                .exposed(from_external || to_external)
                .likelihood(if encrypted.is_none() { -1 } else { 0 } + raise),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::flows::support::profile;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::{ComponentKind as K, Protocol};

    /// The flows a connection can change, found from the components on premises, are every flow whose ends' networks
    /// a connection could join, on every sample.
    #[test]
    fn the_flows_a_connection_changes_are_those_between_networks() {
        let mut across = 0;
        for sample in crate::io::samples::all() {
            let model = sample.model().unwrap();
            let facts = Facts::new(&model);
            let every: Vec<FlowIx> = model
                .flows_indexed()
                .map(|(f, _)| f)
                .filter(|&f| {
                    let (from, to) = model.flow_ends(f);
                    joinable(&facts, from, to).is_ok()
                })
                .collect();
            assert_eq!(UnencryptedFlow.connection_flows(&model, &facts), Some(every.clone()), "{}", sample.file);
            across += every.len();
        }
        assert!(across > 0, "no sample has a flow between networks");
    }

    fn diagram(protocol: Option<Protocol>, data: Option<Classification>) -> TestDiagram {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("web", K::GenericService, Some("acct"))
            .component("db", K::RdsDatabase, Some("acct"))
            .flow_with("web", "db", Pattern::DataWrite, |f| {
                f.protocol = protocol;
                f.data = data;
            })
    }

    #[test]
    fn fires_for_confidential_data_over_plaintext() {
        let model = diagram(Some(Protocol::Http), Some(Classification::Confidential)).build();
        let findings = run(&UnencryptedFlow, &model);
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), vec!["unencrypted-flow@web-db"]);
        assert_eq!(findings[0].likelihood, Likelihood::Possible);
        assert_eq!(findings[0].impact, Impact::Major);
    }

    #[test]
    fn data_falls_back_to_the_end_it_comes_from() {
        let model =
            diagram(Some(Protocol::Sql), None).props("web", |p| p.data = profile(Classification::Restricted)).build();
        let findings = run(&UnencryptedFlow, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].impact, Impact::Severe);
        assert_eq!(findings[0].likelihood, Likelihood::Unlikely, "sql does not say whether it is encrypted");
        assert_eq!(findings[0].explanation(), "web sends restricted data to db without saying it is encrypted.");
    }

    #[test]
    fn encryption_keeps_it_quiet() {
        let model = diagram(Some(Protocol::Https), Some(Classification::Restricted)).build();
        assert!(ids(&UnencryptedFlow, &model).is_empty());
        let model = diagram(Some(Protocol::Http), Some(Classification::Restricted))
            .edit(|d| d.flows[0].encrypted = Some(true))
            .build();
        assert!(ids(&UnencryptedFlow, &model).is_empty());
    }

    #[test]
    fn internal_data_and_aws_apis_do_not_count() {
        let model = diagram(Some(Protocol::Http), Some(Classification::Internal)).build();
        assert!(ids(&UnencryptedFlow, &model).is_empty());
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("web", K::GenericService, Some("acct"))
            .component("bucket", K::S3Bucket, Some("acct"))
            .flow_with("web", "bucket", Pattern::DataWrite, |f| f.data = Some(Classification::Restricted))
            .build();
        assert!(ids(&UnencryptedFlow, &model).is_empty());
    }

    #[test]
    fn explicit_plaintext_from_the_internet_is_left_to_the_internet_rule() {
        let model = TestDiagram::new()
            .component("internet", K::Internet, None)
            .component("acct", K::AwsAccount, None)
            .component("web", K::GenericService, Some("acct"))
            .flow_with("internet", "web", Pattern::SyncRequest, |f| {
                f.protocol = Some(Protocol::Http);
                f.data = Some(Classification::Confidential);
            })
            .flow_with("internet", "web", Pattern::SyncRequest, |f| f.data = Some(Classification::Confidential))
            .build();
        let findings = run(&UnencryptedFlow, &model);
        assert_eq!(findings.iter().map(|f| f.id()).collect::<Vec<_>>(), vec!["unencrypted-flow@internet-web-2"]);
        assert_eq!(findings[0].likelihood, Likelihood::Possible, "unknown (-1) but from the internet (+1)");
    }
}
