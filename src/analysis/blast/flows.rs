//! Edges of docs/security-model.md#blast-radius rules 1, 6 and 8 and the component-level ones: control implies influence, a
//! component holds its IAM role's credentials, reading stored credentials controls what they authenticate, drawn
//! flows, input passed on by brokers, gateways and load balancers, injection through queues and buses, unsafe
//! input execution, and what an internet attacker reaches through flows from outside actors.

use crate::analysis::blast::graph::{Builder, NONE, control, influence};
use crate::analysis::blast::mechanism::Mechanism;
use crate::model::kind::ComponentKind as K;
use crate::model::{Authentication, ComponentIx, FlowAttrs, Model, Pattern};

/// Adds every edge of this module; `internet` is the internet attacker's start state.
pub(super) fn add(b: &mut Builder<'_>, internet: u32) {
    let model = b.model;
    for c in model.component_ixs() {
        component_edges(b, c);
    }
    for (f, flow) in model.flows_attrs() {
        let (from, to) = model.flow_ends(f);
        b.mark_flow();
        flow_edges(b, flow, from, to, internet);
    }
    b.mark_flow();
}

fn component_edges(b: &mut Builder<'_>, c: ComponentIx) {
    let model = b.model;
    b.edge(control(c), influence(c), Mechanism::Flow);
    if let Some(role) = b.role(c) {
        b.edge(control(c), control(role), Mechanism::RoleCredentials);
    }
    if model.props(c).executes_input == Some(true) {
        b.edge(influence(c), control(c), Mechanism::ExecutesInput);
    }
    let inject = b.inject[c.index()];
    if inject != NONE {
        // Whoever holds a broker can put messages into it; putting messages into it acts on it.
        b.edge(control(c), inject, Mechanism::Injection);
        b.edge(inject, influence(c), Mechanism::Injection);
    }
    let read = b.read[c.index()];
    if read != NONE {
        // Holding a component that stores credentials is holding them; reading them also touches the store.
        b.edge(control(c), read, Mechanism::Credentials);
        b.edge(read, influence(c), Mechanism::Credentials);
        for target in model.component(c).credentials_for.iter().filter_map(|id| model.component_ix(id)) {
            if b.account_step(c, target) {
                b.edge(read, control(target), Mechanism::Credentials);
            }
        }
    }
}

/// Whether influence on a component follows its outbound flows: brokers, API gateways and load balancers pass input
/// on. An event bus that pins the event source passes its publishers' own events on too: pinning stops a publisher
/// from posing as another, not its own events from reaching the subscribers whose rules match its source.
pub(super) fn passes_input_on(model: &Model, c: ComponentIx) -> bool {
    matches!(model.kind(c), K::EventbridgeBus | K::SqsQueue | K::SnsTopic | K::ApiGateway | K::LoadBalancer)
}

/// The steps one flow makes. Only they depend on the flow, but for the IAM image pulls from an ECR registry and the
/// Kubernetes secrets a pod or container keeps in its environment (`patch`).
pub(super) fn flow_edges(b: &mut Builder<'_>, flow: FlowAttrs, from: ComponentIx, to: ComponentIx, internet: u32) {
    let model = b.model;
    if flow.pattern == Pattern::Admin {
        b.edge(control(from), control(to), Mechanism::AdminFlow);
    } else {
        b.edge(control(from), influence(to), Mechanism::Flow);
    }
    let read = b.read[to.index()];
    if read != NONE && flow.pattern != Pattern::DataWrite {
        b.edge(control(from), read, Mechanism::Flow);
    }
    // Where messages land: the broker's inject state, or the callee itself.
    let landing = |b: &Builder<'_>, c: ComponentIx| match b.inject[c.index()] {
        NONE => influence(c),
        state => state,
    };
    if b.passes_on[from.index()] {
        if b.kind(from).is_broker() {
            // Only messages put into a broker reach its subscribers (an SNS topic delivering to a queue puts
            // them into the queue).
            let landing = landing(b, to);
            b.edge(b.inject[from.index()], landing, Mechanism::Injection);
        } else {
            b.edge(influence(from), influence(to), Mechanism::PassesInput);
        }
    }
    match flow.pattern {
        // A queue hands the messages put into it to its consumers.
        Pattern::QueueReceive if b.passes_on[to.index()] => {
            b.edge(b.inject[to.index()], influence(from), Mechanism::Injection);
        }
        // A producer puts messages in: holding it, or crafting its input, crafts messages or events.
        Pattern::QueueSend | Pattern::EventPublish => {
            let landing = landing(b, to);
            b.edge(control(from), landing, Mechanism::Injection);
            b.edge(influence(from), landing, Mechanism::Injection);
        }
        _ => {}
    }
    if b.facts.is_external(from) && open_to_outsiders(model, flow, to) {
        b.edge(internet, influence(to), Mechanism::Flow);
    }
}

/// Whether an outside attacker can use a flow from an outside actor: the callee is a public entry point, does not
/// require authentication, or the flow says it carries none. Unspecified means authenticated: the internet is
/// outside every trust boundary, so both postures assume a listener checks callers from there.
fn open_to_outsiders(model: &Model, flow: FlowAttrs, to: ComponentIx) -> bool {
    crate::analysis::exposed::is_public_entry(model, to)
        || model.requires_authentication(to) == Some(false)
        || flow.authentication == Some(Authentication::None)
}
