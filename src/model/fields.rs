//! The registry of a component's own fields and links (`parent`, `role`, `protects`, `covers`, `credentials_for`,
//! `images`, `subnets`, `execution_role`)
//! and of a flow's attributes: label, one line of help, value shape and whether the file needs it. The inspector,
//! the generated documentation tables and the tests that check the decoder read these lists.

use crate::model::flow::{Authentication, CredentialScope, Pattern, Protocol};
use crate::model::kind::ComponentKind;
use crate::model::props::{Classification, Syntax, ValueType};
use crate::model::threat::{Cia, Stride};
use crate::model::triage::TriageStatus;

/// One field of a component or flow.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// JSON name.
    pub name: &'static str,
    /// Label for the inspector.
    pub label: &'static str,
    /// One line of help.
    pub help: &'static str,
    /// The shape of its value.
    pub value: ValueType,
    /// The file must give it.
    pub required: bool,
    /// A link to other elements, which the catalog allows only for some kinds ([`link_allowed`]).
    pub link: bool,
}

const fn field(name: &'static str, label: &'static str, help: &'static str, value: ValueType) -> FieldSpec {
    FieldSpec { name, label, help, value, required: false, link: false }
}

const fn required(spec: FieldSpec) -> FieldSpec {
    FieldSpec { required: true, ..spec }
}

const fn link(spec: FieldSpec) -> FieldSpec {
    FieldSpec { link: true, ..spec }
}

/// A component's fields, in file order.
pub static COMPONENT_FIELDS: &[FieldSpec] = &[
    required(field(
        "id",
        "Id",
        "Stable id, unique among all elements; renaming never changes it.",
        ValueType::Reference(&[]),
    )),
    required(field(
        "kind",
        "Kind",
        "What it is: one of the catalog's kinds.",
        ValueType::Choice(ComponentKind::SPELLINGS),
    )),
    required(field("name", "Name", "Display name.", ValueType::Text(Syntax::Word))),
    field("description", "Description", "Free text.", ValueType::Text(Syntax::Word)),
    field(
        "source",
        "Imported from",
        "The infrastructure-as-code resource it was imported from (version 5): a CloudFormation logical id (Stack/Name \
         inside a nested stack) or a Terraform address; `trustmap import TEMPLATE --update` matches components by it.",
        ValueType::Text(Syntax::Word),
    ),
    field(
        "parent",
        "Sits in",
        "The component it sits directly inside; required for kinds that cannot sit at the top level.",
        ValueType::Reference(&[]),
    ),
    link(field(
        "role",
        "IAM role",
        "The iam-role it runs as; roles may be shared (a role shared across bounded contexts is a finding).",
        ValueType::Reference(&["iam-role"]),
    )),
    link(field(
        "protects",
        "Protects",
        "A WAF: the API gateways (REST APIs only), load balancers, CloudFront distributions and user pools it sits in \
         front of; a Cognito user pool: the API gateways and load balancers that use it as their authorizer.",
        ValueType::ReferenceList(&["api-gateway", "load-balancer", "cloudfront", "cognito-user-pool"]),
    )),
    link(field(
        "covers",
        "Covers",
        "A detective control: what it watches, components or whole accounts.",
        ValueType::ReferenceList(&[]),
    )),
    link(field(
        "credentials_for",
        "Credentials for",
        "What the credentials it stores open (reading them gives control of those).",
        ValueType::ReferenceList(&[]),
    )),
    link(field(
        "images",
        "Runs images from",
        "The ecr-registry (version 3) or external-registry (version 4) instances it runs container images from; the \
         pull is made by its node's role, the Fargate pod or ECS task execution role or the Lambda service, not by \
         its own code.",
        ValueType::ReferenceList(&["ecr-registry", "external-registry"]),
    )),
    link(field(
        "subnets",
        "Runs in subnets",
        "The subnets it runs in besides its parent (version 3), for a node, Fargate profile, VPC-attached Lambda \
         function or database placed in a cluster or account: they give its VPC and whether it sits in a public subnet.",
        ValueType::ReferenceList(&["subnet"]),
    )),
    link(field(
        "execution_role",
        "Execution role",
        "An ECS service's task execution role (version 5): the iam-role that pulls its images and reads the secrets \
         injected into it. The ECS agent holds it (so whoever takes an EC2 container instance holds it too; on \
         Fargate, AWS does), never the task's own code, which runs as its `role`.",
        ValueType::Reference(&["iam-role"]),
    )),
];

static AUTHORIZATION: ValueType = ValueType::Bool;

/// A flow's fields, in file order.
pub static FLOW_FIELDS: &[FieldSpec] = &[
    required(field("id", "Id", "Stable id, unique among all elements.", ValueType::Reference(&[]))),
    required(field(
        "from",
        "From",
        "The caller: whoever opens the connection or makes the API call.",
        ValueType::Reference(&[]),
    )),
    required(field("to", "To", "The callee (different from the caller).", ValueType::Reference(&[]))),
    required(field(
        "pattern",
        "Pattern",
        "How the two talk: synchronous request, queue send or receive, event publish or subscribe, data read or write, admin.",
        ValueType::Choice(Pattern::SPELLINGS),
    )),
    field(
        "protocol",
        "Protocol",
        "The wire protocol; aws-api is a signed AWS API call over TLS.",
        ValueType::Choice(Protocol::SPELLINGS),
    ),
    field(
        "authentication",
        "Authentication",
        "How the caller proves who it is; not set means the diagram does not say.",
        ValueType::Choice(Authentication::SPELLINGS),
    ),
    field(
        "credential",
        "Credential",
        "Whose password, API key or token it is: shared (one static secret every caller knows, such as HTTP Basic with one password) or per-client; not set counts as per-client.",
        ValueType::Choice(CredentialScope::SPELLINGS),
    ),
    field(
        "authorization",
        "Authorization",
        "The callee checks what this caller may do, beyond who it is.",
        AUTHORIZATION,
    ),
    field(
        "encrypted",
        "Encrypted in transit",
        "Encrypted in transit; not set follows the protocol (https and aws-api yes, http no, others unknown).",
        ValueType::Bool,
    ),
    field("data", "Data", "The most sensitive data it carries.", ValueType::Choice(Classification::SPELLINGS)),
    field("label", "Label", "Text on the arrow.", ValueType::Text(Syntax::Word)),
];

/// A note's fields, in file order.
pub static NOTE_FIELDS: &[FieldSpec] = &[
    required(field("id", "Id", "Stable id, unique among all elements.", ValueType::Reference(&[]))),
    required(field("text", "Text", "The note's text; it may span several lines.", ValueType::Text(Syntax::Word))),
    field(
        "attached_to",
        "Attached to",
        "The element it comments on; the note is drawn beside it and moves with it.",
        ValueType::Reference(&[]),
    ),
];

static SCALE: ValueType = ValueType::Integer { min: 1, max: 5 };

/// A manual threat's fields, in file order.
pub static THREAT_FIELDS: &[FieldSpec] = &[
    required(field("id", "Id", "Stable id, unique among all elements.", ValueType::Reference(&[]))),
    required(field(
        "element",
        "Element",
        "The component, flow, boundary, context or connection it threatens.",
        ValueType::Reference(&[]),
    )),
    required(field("title", "Title", "A short title.", ValueType::Text(Syntax::Word))),
    field("description", "Description", "What could happen, and how.", ValueType::Text(Syntax::Word)),
    field("cia", "CIA", "The corners of the CIA triad it harms.", ValueType::ChoiceList(Cia::SPELLINGS)),
    field("stride", "STRIDE", "Its STRIDE categories.", ValueType::ChoiceList(Stride::SPELLINGS)),
    required(field("likelihood", "Likelihood", "1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain.", SCALE)),
    required(field("impact", "Impact", "1 negligible, 2 minor, 3 moderate, 4 major, 5 severe.", SCALE)),
    field("mitigation", "Mitigation", "What mitigates it, or should.", ValueType::Text(Syntax::Word)),
    field(
        "status",
        "Status",
        "open (the default; counts towards total risk), mitigated, accepted or false-positive.",
        ValueType::Choice(TriageStatus::SPELLINGS),
    ),
];

/// Whether a component of `kind` may hold the link field `name` (always true for fields that are not links).
pub fn link_allowed(kind: ComponentKind, name: &str) -> bool {
    let links = crate::model::catalog::info(kind).links;
    match name {
        "role" => links.role,
        "protects" => links.protects,
        "covers" => links.covers,
        "credentials_for" => links.credentials_for,
        "images" => links.images,
        "subnets" => links.subnets,
        "execution_role" => links.execution_role,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::flow::Flow;
    use crate::model::id::Id;
    use crate::model::{Component, Properties};

    fn keys(value: &serde_json::Value) -> Vec<String> {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }

    fn names(specs: &[FieldSpec]) -> Vec<String> {
        let mut names: Vec<String> = specs.iter().map(|s| s.name.to_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn flow_fields_are_what_a_flow_saves() {
        let id = |text: &str| Id::new(text).unwrap();
        let mut flow = Flow::new(id("f"), id("a"), id("b"), Pattern::SyncRequest);
        flow.protocol = Some(Protocol::Https);
        flow.authentication = Some(Authentication::Mtls);
        flow.credential = Some(CredentialScope::PerClient);
        flow.authorization = Some(true);
        flow.encrypted = Some(true);
        flow.data = Some(Classification::Internal);
        flow.label = "x".into();
        assert_eq!(keys(&serde_json::to_value(&flow).unwrap()), names(FLOW_FIELDS));
    }

    #[test]
    fn note_and_threat_fields_are_what_they_save() {
        use crate::model::note::Note;
        use crate::model::threat::Threat;
        let id = |text: &str| Id::new(text).unwrap();
        let note = Note { id: id("n"), text: "t".into(), attached_to: Some(id("c")) };
        assert_eq!(keys(&serde_json::to_value(&note).unwrap()), names(NOTE_FIELDS));
        let threat = Threat {
            id: id("t"),
            element: id("c"),
            title: "T".into(),
            description: "d".into(),
            cia: vec![Cia::Integrity],
            stride: vec![Stride::Tampering],
            likelihood: 3,
            impact: 4,
            mitigation: "m".into(),
            status: TriageStatus::Open,
        };
        assert_eq!(keys(&serde_json::to_value(&threat).unwrap()), names(THREAT_FIELDS));
    }

    #[test]
    fn component_fields_are_what_a_component_saves() {
        let id = |text: &str| Id::new(text).unwrap();
        let mut component = Component::new(id("c"), ComponentKind::Lambda, "C");
        component.description = "d".into();
        component.source = "Queue".into();
        component.parent = Some(id("p"));
        component.role = Some(id("r"));
        component.protects = vec![id("x")];
        component.covers = vec![id("x")];
        component.credentials_for = vec![id("x")];
        component.images = vec![id("x")];
        component.subnets = vec![id("x")];
        component.execution_role = Some(id("e"));
        component.properties = Properties { logging: Some(true), ..Properties::default() };
        let mut expected = names(COMPONENT_FIELDS);
        expected.push("properties".to_owned());
        expected.sort();
        assert_eq!(keys(&serde_json::to_value(&component).unwrap()), expected);
        assert!(link_allowed(ComponentKind::Lambda, "role"));
        assert!(!link_allowed(ComponentKind::Lambda, "protects"));
    }
}
