//! What both importers share: the builder that grows the trustmap diagram with fresh ids and report lines, paths
//! into the source, and the mapping decisions that do not depend on the source format (kinds certain from names,
//! flow patterns from the kinds of the two ends, protocols, severities).

use serde_json::Value;

use crate::edit::Ids;
use crate::import::report::{ImportReport, Outcome};
use crate::model::component::Component;
use crate::model::flow::{Flow, Pattern, Protocol};
use crate::model::id::Id;
use crate::model::kind::ComponentKind;
use crate::model::layout::Rect;
use crate::model::note::Note;
use crate::model::problem::Problem;
use crate::model::{Diagram, Named as _};

/// Most elements one import creates: a file asking for more is refused before anything is built.
pub(super) const MAX_ELEMENTS: usize = 20_000;

/// The diagram being built, the ids it has handed out and the report.
pub(super) struct Builder {
    pub diagram: Diagram,
    pub ids: Ids,
    pub report: ImportReport,
}

impl Builder {
    pub fn new(format: &str) -> Self {
        Self {
            diagram: Diagram::default(),
            ids: Ids::default(),
            report: ImportReport { format: format.to_owned(), items: Vec::new() },
        }
    }

    /// A fresh id made from a name (`Orders API` -> `orders-api`, then `orders-api-2`).
    pub fn id(&mut self, name: &str) -> Id {
        self.ids.fresh(name)
    }

    /// Adds a component and reports how its kind was chosen.
    pub fn component(&mut self, source: &str, name: &str, kind: ComponentKind, why: &str) -> Id {
        let id = self.id(name);
        let name = if name.trim().is_empty() { kind.as_str().to_owned() } else { name.trim().to_owned() };
        self.diagram.components.push(Component::new(id.clone(), kind, name));
        self.report.add(Outcome::Mapped, source, Some(&id), format!("{kind} ({why})"));
        id
    }

    /// Adds a note, optionally attached to an element and placed.
    pub fn note(&mut self, stem: &str, text: String, attached_to: Option<Id>, rect: Option<Rect>) -> Id {
        let id = self.id(stem);
        if let Some(rect) = rect {
            self.diagram.layout.notes.insert(id.clone(), rect);
        }
        self.diagram.notes.push(Note { id: id.clone(), text, attached_to });
        id
    }

    /// The kind of a component added so far.
    pub fn kind_of(&self, id: &Id) -> Option<ComponentKind> {
        self.diagram.components.iter().find(|c| &c.id == id).map(|c| c.kind)
    }

    /// The component added so far with this id.
    pub fn component_mut(&mut self, id: &Id) -> Option<&mut Component> {
        self.diagram.components.iter_mut().find(|c| &c.id == id)
    }

    /// Adds a flow from `source` to `target` as the source format draws it (the request or the data going from
    /// the one to the other), choosing the pattern from the kinds of both ends; trustmap draws reads and receives
    /// from the reader, so those come out reversed (reported). `reads`: the source says the link only reads.
    pub fn flow(&mut self, place: &str, name: &str, source: &Id, target: &Id, reads: bool) -> Option<Id> {
        let (Some(source_kind), Some(target_kind)) = (self.kind_of(source), self.kind_of(target)) else {
            return None;
        };
        let (reverse, pattern) = pattern_for(source_kind, target_kind, reads);
        let (from, to) = if reverse { (target, source) } else { (source, target) };
        let stem = if name.trim().is_empty() { format!("{from} to {to}") } else { name.to_owned() };
        let id = self.id(&stem);
        let mut flow = Flow::new(id.clone(), from.clone(), to.clone(), pattern);
        flow.label = name.trim().to_owned();
        self.diagram.flows.push(flow);
        let text = if reverse {
            format!(
                "{pattern} flow from {from} to {to} (drawn the other way in the source: trustmap draws a flow from the caller, who reads or receives here)"
            )
        } else {
            format!("{pattern} flow from {from} to {to}")
        };
        self.report.add(Outcome::Mapped, place, Some(&id), text);
        Some(id)
    }

    pub fn flow_mut(&mut self, id: &Id) -> Option<&mut Flow> {
        self.diagram.flows.iter_mut().find(|f| &f.id == id)
    }

    /// Refuses a source that would make more elements than [`MAX_ELEMENTS`].
    pub fn check_size(count: usize, path: &str) -> Result<(), Vec<Problem>> {
        if count > MAX_ELEMENTS {
            return Err(vec![Problem::new(
                path,
                format!("{count} elements to import; trustmap imports at most {MAX_ELEMENTS} at once"),
            )]);
        }
        Ok(())
    }
}

/// The pattern of a flow drawn from `source` to `target`, and whether trustmap draws it the other way round (the
/// caller is the one who reads or receives).
pub(super) fn pattern_for(source: ComponentKind, target: ComponentKind, reads: bool) -> (bool, Pattern) {
    if target == ComponentKind::SqsQueue {
        (false, if reads { Pattern::QueueReceive } else { Pattern::QueueSend })
    } else if source == ComponentKind::SqsQueue {
        (true, Pattern::QueueReceive)
    } else if target.is_event_broker() {
        (false, Pattern::EventPublish)
    } else if source.is_event_broker() {
        (false, Pattern::EventSubscribe)
    } else if target.is_data_store() {
        (false, if reads { Pattern::DataRead } else { Pattern::DataWrite })
    } else if source.is_data_store() {
        (true, Pattern::DataRead)
    } else {
        (false, Pattern::SyncRequest)
    }
}

/// An AWS kind that a name makes certain (it names an AWS product no other thing is called), with the word that
/// decided it. Anything less certain stays generic: a "load balancer" or "API gateway" may be anyone's.
pub(super) fn kind_from_name(name: &str) -> Option<(ComponentKind, &'static str)> {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |word: &str| words.contains(&word);
    let has_pair = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1] == b);
    let aws = has("aws") || has("amazon");
    use ComponentKind as K;
    let found = if has("lambda") {
        (K::Lambda, "Lambda")
    } else if has("s3") {
        (K::S3Bucket, "S3")
    } else if has("dynamodb") {
        (K::DynamodbTable, "DynamoDB")
    } else if has("sqs") {
        (K::SqsQueue, "SQS")
    } else if has("sns") {
        (K::SnsTopic, "SNS")
    } else if has("eventbridge") {
        (K::EventbridgeBus, "EventBridge")
    } else if has("rds") || has("aurora") {
        (K::RdsDatabase, "RDS")
    } else if has_pair("secrets", "manager") {
        (K::SecretsManager, "Secrets Manager")
    } else if has("kms") {
        (K::KmsKey, "KMS")
    } else if has("ecr") {
        (K::EcrRegistry, "ECR")
    } else if has("alb") || has("elb") || has("nlb") {
        (K::LoadBalancer, "ELB")
    } else if aws && has_pair("api", "gateway") {
        (K::ApiGateway, "AWS API Gateway")
    } else if has("internet") && words.len() <= 2 {
        (K::Internet, "Internet")
    } else {
        return None;
    };
    Some(found)
}

/// A protocol named in free text, and whether the mapping is exact.
pub(super) fn protocol_of(text: &str) -> Option<(Protocol, bool)> {
    let lower = text.trim().to_lowercase();
    if lower.is_empty() {
        return None;
    }
    let exact = |p| Some((p, true));
    match lower.as_str() {
        "https" | "wss" | "http2" => exact(Protocol::Https),
        "http" | "ws" => exact(Protocol::Http),
        "grpc" => exact(Protocol::Grpc),
        "sql" | "jdbc" | "odbc" | "sql-access-protocol" | "mysql" | "postgres" | "postgresql" => exact(Protocol::Sql),
        "jdbc-encrypted" | "odbc-encrypted" | "sql-access-protocol-encrypted" => exact(Protocol::Sql),
        "amqp" | "amqps" => exact(Protocol::Amqp),
        "kafka" => exact(Protocol::Kafka),
        "ssh" | "sftp" | "scp" | "ssh-tunnel" => exact(Protocol::Ssh),
        "tcp" | "binary" => exact(Protocol::Tcp),
        "binary-encrypted" => exact(Protocol::Tcp),
        _ if lower.starts_with("http/s") || lower.starts_with("https") => Some((Protocol::Https, false)),
        _ if lower.starts_with("http") => Some((Protocol::Http, false)),
        _ => Some((Protocol::Other, false)),
    }
}

/// `path.key`, or `path["key"]` when the key is not a plain word.
pub(super) fn child(path: &str, key: &str) -> String {
    if !key.is_empty() && key.len() <= 200 && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        format!("{path}.{key}")
    } else {
        // Long enough for a Terraform address in nested modules; a hostile key is cut.
        let shown: String = key.chars().take(200).collect();
        format!("{path}[{}]", serde_json::to_string(&shown).unwrap_or_default())
    }
}

/// `path[i]`.
pub(super) fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// A string field, trimmed; empty when missing or not a string.
pub(super) fn text(value: &Value, key: &str) -> String {
    value.get(key).and_then(Value::as_str).map(str::trim).unwrap_or_default().to_owned()
}

/// A boolean field; false when missing or not a boolean.
pub(super) fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// What a value is, for "expected X, found Y" messages.
pub(super) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Text without HTML tags (Threagile titles carry `<b>`), whitespace collapsed.
pub(super) fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_names_only_when_certain() {
        assert_eq!(kind_from_name("Orders Lambda").map(|k| k.0), Some(ComponentKind::Lambda));
        assert_eq!(kind_from_name("S3 bucket (invoices)").map(|k| k.0), Some(ComponentKind::S3Bucket));
        assert_eq!(kind_from_name("AWS API Gateway").map(|k| k.0), Some(ComponentKind::ApiGateway));
        assert_eq!(kind_from_name("API Gateway"), None);
        assert_eq!(kind_from_name("Load Balancer"), None);
        assert_eq!(kind_from_name("Business logic"), None);
        assert_eq!(kind_from_name("Internet").map(|k| k.0), Some(ComponentKind::Internet));
    }

    #[test]
    fn reads_and_receives_are_drawn_from_the_reader() {
        use ComponentKind as K;
        assert_eq!(pattern_for(K::GenericService, K::SqsQueue, false), (false, Pattern::QueueSend));
        assert_eq!(pattern_for(K::SqsQueue, K::GenericService, false), (true, Pattern::QueueReceive));
        assert_eq!(pattern_for(K::GenericDatastore, K::GenericService, false), (true, Pattern::DataRead));
        assert_eq!(pattern_for(K::GenericService, K::GenericDatastore, true), (false, Pattern::DataRead));
        assert_eq!(pattern_for(K::SnsTopic, K::Lambda, false), (false, Pattern::EventSubscribe));
        assert_eq!(pattern_for(K::User, K::GenericService, false), (false, Pattern::SyncRequest));
    }

    #[test]
    fn paths_quote_keys_that_are_not_words() {
        assert_eq!(child("$", "technical_assets"), "$.technical_assets");
        assert_eq!(child("$.a", "Load Balancer"), "$.a[\"Load Balancer\"]");
        assert_eq!(plain("<b>Risk</b> at <b>DB</b>"), "Risk at DB");
    }
}
