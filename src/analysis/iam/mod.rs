//! The IAM knowledge the rules and the blast radius share (docs/security-model.md#blast-iam): one vocabulary of
//! services, the kinds they act on and the actions that take a resource over (`vocabulary`), and what a role is
//! taken to be allowed when the diagram does not list its permissions (`unlisted`).

pub mod arns;
pub mod managed;
mod unlisted;
mod vocabulary;

pub use unlisted::{RolePermissions, role_permissions};
pub use vocabulary::{
    ESCALATED_KINDS, IAM_WRITE_VERBS, SERVICES, Service, TAKEOVERS, Takeover, escalates, held_by, kinds_of,
    kinds_of_action, service_of_prefix, takeover_of, takes_over,
};
