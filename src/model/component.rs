//! A component: one box on the canvas (a service, store, network or actor).

use serde::Serialize;

use crate::model::id::Id;
use crate::model::kind::ComponentKind;
use crate::model::props::Properties;

/// One component of a diagram.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Component {
    /// Stable id.
    pub id: Id,
    /// What it is.
    pub kind: ComponentKind,
    /// Display name.
    pub name: String,
    /// Free text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The infrastructure-as-code resource it was imported from (version 5): a CloudFormation logical id
    /// (`Stack/Name` inside a nested stack) or a Terraform address. Re-importing the template matches by it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// The component it sits directly inside.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Id>,
    /// The IAM role it runs as (roles may be shared).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Id>,
    /// What a WAF protects.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub protects: Vec<Id>,
    /// What a detective control watches (components or whole accounts).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<Id>,
    /// What the credentials it stores give access to (a secrets store; an EKS control plane: its Kubernetes Secrets).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub credentials_for: Vec<Id>,
    /// The ECR registries it runs images from (version 3): who makes the pull depends on where it runs (an EC2
    /// node's role, a Fargate pod execution role, the Lambda service), never the workload's own code.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Id>,
    /// The subnets it runs in besides its parent (version 3): a node, Fargate profile, VPC-attached Lambda function
    /// or database placed in a cluster or account names the subnets that say whether it is public or private.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<Id>,
    /// The IAM role that starts it (version 5): an ECS service's task execution role, which pulls its images and
    /// reads the secrets injected into it; held by the ECS agent (on an EC2 container instance) or by AWS (Fargate),
    /// never by the workload's own code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_role: Option<Id>,
    /// Security properties.
    #[serde(skip_serializing_if = "is_default")]
    pub properties: Properties,
}

fn is_default(properties: &Properties) -> bool {
    *properties == Properties::default()
}

impl Component {
    /// A component with only the essentials set.
    pub fn new(id: Id, kind: ComponentKind, name: impl Into<String>) -> Self {
        Self {
            id,
            kind,
            name: name.into(),
            description: String::new(),
            source: String::new(),
            parent: None,
            role: None,
            protects: Vec::new(),
            covers: Vec::new(),
            credentials_for: Vec::new(),
            images: Vec::new(),
            subnets: Vec::new(),
            execution_role: None,
            properties: Properties::default(),
        }
    }

    /// Puts its lists whose order carries no meaning into order, without repeats (part of `Diagram::normalize`).
    pub fn normalize(&mut self) {
        for list in
            [&mut self.protects, &mut self.covers, &mut self.credentials_for, &mut self.images, &mut self.subnets]
        {
            crate::sorting::sort(list);
            list.dedup();
        }
        if let Some(account) = &mut self.properties.service_account {
            crate::sorting::sort(&mut account.permissions);
            account.permissions.dedup();
        }
    }

    /// The links (besides the parent) in which `other` differs from it.
    pub fn links_differing(&self, other: &Self) -> crate::model::catalog::Links {
        crate::model::catalog::Links {
            role: self.role != other.role,
            protects: self.protects != other.protects,
            covers: self.covers != other.covers,
            credentials_for: self.credentials_for != other.credentials_for,
            images: self.images != other.images,
            subnets: self.subnets != other.subnets,
            execution_role: self.execution_role != other.execution_role,
        }
    }

    /// Whether `other` differs from it at most in name, description and properties: the same element in the same
    /// place with the same links, so nothing that indexes a diagram changes.
    pub fn same_structure(&self, other: &Self) -> bool {
        self.id == other.id
            && self.kind == other.kind
            && self.parent == other.parent
            && self.role == other.role
            && self.protects == other.protects
            && self.covers == other.covers
            && self.credentials_for == other.credentials_for
            && self.images == other.images
            && self.subnets == other.subnets
            && self.execution_role == other.execution_role
    }
}
