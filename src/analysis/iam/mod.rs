//! The IAM knowledge the rules and the blast radius share (docs/security-model.md#blast-iam): what a role is taken
//! to be allowed when the diagram does not list its permissions (`unlisted`).

mod unlisted;

pub use unlisted::{RolePermissions, role_permissions};
