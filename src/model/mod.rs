//! What an architecture is: components of catalog kinds, nested in each other, flows between them, trust
//! boundaries, bounded contexts, connections, settings, triage and layout.
//!
//! [`Diagram`] is the plain data a user saves; [`Model`] is the checked, indexed form built from it once, which the
//! rest of the crate trusts. No I/O, no clock, no egui.

pub mod bits;
pub mod catalog;
pub mod changes;
pub mod component;
pub mod connection;
pub mod diagram;
pub mod fields;
pub mod flow;
pub mod group;
pub mod id;
mod index;
pub mod kind;
pub mod layout;
pub mod named;
pub mod note;
pub mod problem;
pub mod props;
pub mod reference;
pub mod responsibility;
pub mod settings;
pub mod structure;
pub mod threat;
pub mod triage;
mod validate;

pub use component::Component;
pub use connection::{Connection, ConnectionKind};
pub use diagram::Diagram;
pub use flow::{Authentication, AuthenticationStrength, CredentialScope, Flow, FlowAttrs, Pattern, Protocol};
pub use group::{Boundary, BoundaryKind, Context};
pub use id::Id;
pub use index::{ComponentIx, Element, FlowIx, MAX_ELEMENTS, Model};
pub use kind::{Category, ComponentKind, Kinds};
pub use named::Named;
pub use problem::Problem;
pub use props::Properties;
pub use settings::{Posture, Settings};
pub use validate::MAX_NESTING;
pub(crate) use validate::{
    boundary_problems, connection_problems, context_problems, flow_problems, link_problems, new_component_problems,
    note_problems, parent_problems, property_problems, settings_problems, threat_problems,
};

/// Every problem of a diagram (the checks [`Model::new`] makes), by JSON path and with the ids of the elements they
/// concern; empty when it is sound. Checking a diagram this way builds none of the model's indexes (`trustmap
/// validate` needs no more).
pub fn problems(diagram: &Diagram) -> Vec<Problem> {
    for (list, len) in [("components", diagram.components.len()), ("flows", diagram.flows.len())] {
        if u32::try_from(len).is_err() {
            return vec![Problem::new(format!("$.{list}"), format!("more than {MAX_ELEMENTS} {list}"))];
        }
    }
    let mut problems = validate::check(diagram);
    problem::attach_elements(diagram, &mut problems);
    problems
}
