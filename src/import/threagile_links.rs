//! Threagile communication links (-> flows) and risks (`individual_risk_categories` -> manual threats, with their
//! `risk_tracking` status; tracking of Threagile's own rules, which trustmap does not run, is kept in one note).

use serde_json::Value;

use crate::import::common::{child, flag, plain, protocol_of, text};
use crate::import::report::Outcome;
use crate::import::threagile::{Table, Threagile};
use crate::import::threats::{self, Draft};
use crate::model::flow::Authentication;
use crate::model::id::Id;
use crate::model::problem::Problem;
use crate::model::threat::Threat;
use crate::model::triage::TriageStatus;

const LINK_KEYS: &[&str] = &[
    "target",
    "description",
    "protocol",
    "authentication",
    "authorization",
    "tags",
    "vpn",
    "ip_filtered",
    "readonly",
    "usage",
    "data_assets_sent",
    "data_assets_received",
    "diagram_tweak_weight",
    "diagram_tweak_constraint",
];
const CATEGORY_KEYS: &[&str] = &[
    "id",
    "description",
    "impact",
    "asvs",
    "cheat_sheet",
    "action",
    "mitigation",
    "check",
    "function",
    "stride",
    "detection_logic",
    "risk_assessment",
    "false_positives",
    "model_failure_possible_reason",
    "cwe",
    "risks_identified",
];
const RISK_KEYS: &[&str] = &[
    "severity",
    "exploitation_likelihood",
    "exploitation_impact",
    "data_breach_probability",
    "data_breach_technical_assets",
    "most_relevant_data_asset",
    "most_relevant_technical_asset",
    "most_relevant_communication_link",
    "most_relevant_trust_boundary",
    "most_relevant_shared_runtime",
];
const TRACKING_KEYS: &[&str] = &["status", "justification", "ticket", "date", "checked_by"];

impl Threagile {
    /// The communication links of one asset.
    pub fn links_of(&mut self, path: &str, asset: &Value, links: &Value) {
        let Value::Object(links) = links else {
            if !links.is_null() {
                self.problems.push(Problem::new(child(path, "communication_links"), "expected a mapping of links"));
            }
            return;
        };
        let Some(source) = self.assets.get(&text(asset, "id")).cloned() else { return };
        for (name, link) in links {
            let place = child(&child(path, "communication_links"), name);
            self.unknown_keys(&place, link, LINK_KEYS);
            let target_key = text(link, "target");
            let Some(target) = self.resolve(&child(&place, "target"), Table::Asset, &target_key) else { continue };
            if target == source {
                self.problems
                    .push(Problem::new(child(&place, "target"), "a link must join two different technical assets"));
                continue;
            }
            let reads = flag(link, "readonly")
                && self
                    .b
                    .kind_of(&target)
                    .is_some_and(|k| k.is_data_store() || k == crate::model::ComponentKind::SqsQueue);
            let stem = format!("{source} {name}");
            let Some(id) = self.b.flow(&place, &stem, &source, &target, reads) else { continue };
            self.links.insert(format!("{}>{}", text(asset, "id"), link_slug(name)), id.clone());
            self.link_details(&place, name, link, &id);
        }
    }

    fn link_details(&mut self, place: &str, name: &str, link: &Value, id: &Id) {
        let mut data = None;
        for list in ["data_assets_sent", "data_assets_received"] {
            for (at, key) in self.ids_at(place, link, list) {
                match self.data.get(&key).copied() {
                    Some(s) => {
                        data = Some(data.map_or(s.classification, |d: crate::model::props::Classification| {
                            d.max(s.classification)
                        }));
                    }
                    None => self.problems.push(Problem::new(at, format!("no data asset has the id \"{key}\""))),
                }
            }
        }
        let protocol_text = text(link, "protocol");
        let protocol = protocol_of(&protocol_text).filter(|_| protocol_text != "unknown-protocol");
        let encrypted = encrypted_protocol(&protocol_text);
        let (authentication, auth_exact) = authentication(&text(link, "authentication"));
        let authorization = match text(link, "authorization").as_str() {
            "none" => Some(false),
            "technical-user" | "end-user-identity-propagation" => Some(true),
            _ => None,
        };
        let vpn = flag(link, "vpn");
        let Some(flow) = self.b.flow_mut(id) else { return };
        flow.label = name.trim().to_owned();
        flow.data = data;
        flow.protocol = protocol.map(|p| p.0);
        flow.encrypted = if vpn { Some(true) } else { encrypted };
        flow.authentication = authentication;
        flow.authorization = authorization;
        let report = &mut self.b.report;
        if let Some((p, false)) = protocol {
            report.add(Outcome::Approximated, place, Some(id), format!("protocol \"{protocol_text}\" read as {p}"));
        }
        if !auth_exact {
            report.add(
                Outcome::Approximated,
                place,
                Some(id),
                format!(
                    "authentication \"{}\" read as {}",
                    text(link, "authentication"),
                    authentication.map_or("not set".to_owned(), |a| a.to_string())
                ),
            );
        }
        if vpn {
            report.add(Outcome::Approximated, place, Some(id), "through a VPN: encrypted in transit");
        }
        if flag(link, "ip_filtered") {
            report.add(
                Outcome::Dropped,
                place,
                Some(id),
                "ip_filtered: trustmap records ingress filtering on the component, not the link",
            );
        }
    }

    /// Individual risks as manual threats, their tracked status applied; tracking of other risks kept in a note.
    pub fn risks(&mut self, categories: Option<&Value>, tracking: Option<&Value>) {
        let mut synthetic: Vec<(String, Id)> = Vec::new();
        if let Some(Value::Object(categories)) = categories {
            for (name, category) in categories {
                let path = child("$.individual_risk_categories", name);
                self.unknown_keys(&path, category, CATEGORY_KEYS);
                let Some(Value::Object(risks)) = category.get("risks_identified") else { continue };
                for (title, risk) in risks {
                    let place = child(&child(&path, "risks_identified"), title);
                    self.unknown_keys(&place, risk, RISK_KEYS);
                    if let Some((key, id)) = self.risk(&place, name, category, title, risk) {
                        synthetic.push((key, id));
                    }
                }
            }
        }
        let Some(Value::Object(tracking)) = tracking else { return };
        let mut untracked = Vec::new();
        for (key, entry) in tracking {
            let place = child("$.risk_tracking", key);
            self.unknown_keys(&place, entry, TRACKING_KEYS);
            let status_text = text(entry, "status");
            let Some(status) = threats::threagile_status(&status_text) else {
                self.problems.push(Problem::new(child(&place, "status"), format!("unknown status \"{status_text}\"")));
                continue;
            };
            let why =
                [text(entry, "justification"), text(entry, "ticket"), text(entry, "checked_by"), text(entry, "date")]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join("; ");
            let matched: Vec<Id> = synthetic.iter().filter(|(s, _)| glob(key, s)).map(|(_, id)| id.clone()).collect();
            if matched.is_empty() {
                untracked.push(format!("{key}: {status_text} ({why})"));
                self.b.report.add(Outcome::Approximated, &place, None, "tracks a risk of Threagile's own rules, which trustmap does not run: kept in the risk-tracking note");
                continue;
            }
            for id in matched {
                if let Some(threat) = self.b.diagram.threats.iter_mut().find(|t| t.id == id) {
                    apply_tracking(threat, status, &status_text, &why);
                }
                self.b.report.add(Outcome::Mapped, &place, Some(&id), format!("risk tracking: status {status}"));
            }
        }
        if !untracked.is_empty() {
            let text = format!("Threagile risk tracking of its own rules' risks:\n{}", untracked.join("\n"));
            self.b.note("risk-tracking", text, None, None);
        }
    }

    /// One identified risk; returns Threagile's id of it (`category@element@...`) and the threat.
    fn risk(&mut self, place: &str, name: &str, category: &Value, title: &str, risk: &Value) -> Option<(String, Id)> {
        let lookups: [(&str, Table2); 4] = [
            ("most_relevant_technical_asset", Table2::Asset),
            ("most_relevant_communication_link", Table2::Link),
            ("most_relevant_trust_boundary", Table2::Boundary),
            ("most_relevant_shared_runtime", Table2::Runtime),
        ];
        let mut element = None;
        let mut parts = vec![text(category, "id")];
        let data = text(risk, "most_relevant_data_asset");
        if !data.is_empty() {
            parts.push(data);
        }
        for (key, table) in lookups {
            let reference = text(risk, key);
            if reference.is_empty() {
                continue;
            }
            parts.push(reference.clone());
            let map = match table {
                Table2::Asset => &self.assets,
                Table2::Link => &self.links,
                Table2::Boundary => &self.boundaries,
                Table2::Runtime => &self.runtimes,
            };
            match map.get(&reference) {
                Some(id) => element = element.or(Some(id.clone())),
                None => {
                    self.problems.push(Problem::new(child(place, key), format!("nothing has the id \"{reference}\"")));
                }
            }
        }
        let Some(element) = element else {
            self.problems
                .push(Problem::new(place, "the risk names no technical asset, link, trust boundary or shared runtime"));
            return None;
        };
        let likelihood = match text(risk, "exploitation_likelihood").as_str() {
            "unlikely" => 2,
            "very-likely" => 4,
            "frequent" => 5,
            _ => 3,
        };
        let impact = match text(risk, "exploitation_impact").as_str() {
            "low" => 2,
            "high" => 4,
            "very-high" => 5,
            _ => 3,
        };
        let (stride, cia) = threats::categories(&text(category, "stride"));
        let description = [text(category, "description"), text(category, "impact"), text(category, "risk_assessment")]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        let mitigation = [text(category, "mitigation"), text(category, "action")]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        let title = plain(title);
        let title = if title.is_empty() { plain(name) } else { title };
        let draft =
            Draft { title, description, mitigation, stride, cia, likelihood, impact, status: TriageStatus::Open };
        let id = self.b.threat(place, &element, draft);
        Some((parts.join("@"), id))
    }
}

#[derive(Clone, Copy)]
enum Table2 {
    Asset,
    Link,
    Boundary,
    Runtime,
}

fn apply_tracking(threat: &mut Threat, status: TriageStatus, status_text: &str, why: &str) {
    threat.status = status;
    let line = format!(
        "Risk tracking (Threagile): {status_text}{}",
        if why.is_empty() { String::new() } else { format!(": {why}") }
    );
    threat.description = format!("{}\n\n{line}", threat.description).trim().to_owned();
}

/// Threagile's link id part: the link's name in lowercase with runs of other characters as one `-`.
fn link_slug(name: &str) -> String {
    Id::slug(name)
}

/// Whether a risk-tracking key (`*` matches any run of characters other than `@`) matches a risk id.
fn glob(pattern: &str, id: &str) -> bool {
    let (p, s): (Vec<char>, Vec<char>) = (pattern.chars().collect(), id.chars().collect());
    // Dynamic programming over (pattern position, id position): linear memory, no recursion.
    let mut row = vec![false; s.len() + 1];
    row[0] = true;
    for c in &p {
        let mut next = vec![false; s.len() + 1];
        if *c == '*' {
            for j in 0..=s.len() {
                next[j] = row[j] || (j > 0 && next[j - 1] && s[j - 1] != '@');
            }
        } else {
            for j in 1..=s.len() {
                next[j] = row[j - 1] && s[j - 1] == *c;
            }
        }
        row = next;
    }
    row[s.len()]
}

/// Whether a Threagile protocol is encrypted in transit (`None`: unknown).
fn encrypted_protocol(protocol: &str) -> Option<bool> {
    if protocol.is_empty() || protocol == "unknown-protocol" || protocol == "in-process-library-call" {
        return None;
    }
    let encrypted = protocol.ends_with("-encrypted")
        || matches!(protocol, "https" | "wss" | "ldaps" | "ftps" | "sftp" | "scp" | "ssh" | "ssh-tunnel");
    Some(encrypted)
}

/// Threagile's authentication as trustmap's, and whether that is exact.
fn authentication(text: &str) -> (Option<Authentication>, bool) {
    match text {
        "none" => (Some(Authentication::None), true),
        "credentials" => (Some(Authentication::Password), true),
        "token" => (Some(Authentication::Token), true),
        "client-certificate" => (Some(Authentication::Mtls), true),
        "session-id" | "externalized" => (Some(Authentication::Token), false),
        "two-factor" => (Some(Authentication::Password), false),
        "" => (None, true),
        _ => (None, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_keys_match_with_wildcards_between_ats() {
        assert!(glob("something-strange@sql-database", "something-strange@sql-database"));
        assert!(glob("something-strange@*", "something-strange@sql-database"));
        assert!(!glob("something-strange@*", "something-strange@a@b"));
        assert!(glob("x@*@*", "x@a@b"));
        assert!(!glob("y@*", "x@a"));
        assert_eq!(encrypted_protocol("jdbc-encrypted"), Some(true));
        assert_eq!(encrypted_protocol("http"), Some(false));
    }
}
