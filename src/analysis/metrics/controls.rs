//! The independent controls on one hop of an attacker's path (docs/security-model.md#precision, defense in depth): a WAF
//! protecting the component entered, authentication on the flow, authorisation on the flow, and security groups or
//! network policies that admit only named sources at the component entered. TLS, encryption at rest and monitoring
//! are other kinds of control and are not counted here.
//!
//! Authentication on a flow means any of: the flow says how the caller authenticates (anything but `none`), the
//! callee requires authentication (a password-protected database counts), or the callee is an IAM-signed AWS API
//! (SigV4) whose resource policy is not open to any principal (an open policy lets any AWS account sign in).
//! Authorisation counts only where the flow says the callee checks what this caller may do.
//!
//! A control is independent of a path only when no earlier component on the path holds or bypasses it. The caller
//! of a flow holds the credentials and permissions it calls with (a service holds its database password, a
//! function's role signs its calls), and it is a source the callee's ingress rules admit. So on a hop that leaves
//! the untrusted source itself every control counts; on a hop that leaves a load balancer or API gateway forwarding
//! the source's own request, authentication and authorisation count (the credentials are the source's, passed on)
//! but ingress restrictions do not (they admit the proxy); on every other hop only a WAF counts: it inspects what
//! travels along the path whoever sends it.

use crate::analysis::facts::Facts;
use crate::analysis::quote;
use crate::model::{Authentication, ComponentIx, Flow, FlowAttrs, Model};

/// A set of controls on one hop, as bits.
pub(super) type Mask = u8;

const AUTHENTICATION: Mask = 1;
const AUTHORISATION: Mask = 2;
const WAF: Mask = 4;
const INGRESS: Mask = 8;

/// What a component enforces by itself on anyone entering it, read once per component (the hop graph looks it up
/// per flow instead of reading the component's properties again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Entered(u8);

const E_WAF: u8 = 1;
const E_INGRESS: u8 = 2;
const E_REQUIRES: u8 = 4;
const E_SIGNED: u8 = 8;
const E_UNSTATED: u8 = 16;

impl Entered {
    /// What `c` enforces: a WAF in front of it, ingress restricted to named sources, a listener that requires
    /// authentication (or says nothing about it), an IAM-signed API whose resource policy is not open.
    pub(super) fn of(model: &Model, facts: &Facts, c: ComponentIx) -> Self {
        // The compact entry facts, not the whole properties: entered components come at random over an estate.
        let mut bits = 0;
        if facts.has_waf(c) {
            bits |= E_WAF;
        }
        if model.ingress_restricted(c) == Some(true) {
            bits |= E_INGRESS;
        }
        match model.requires_authentication(c) {
            Some(true) => bits |= E_REQUIRES,
            None => bits |= E_UNSTATED,
            Some(false) => {}
        }
        if model.kind(c).is_iam_signed_api() && !model.policy(c).is_some_and(|p| p.is_open()) {
            bits |= E_SIGNED;
        }
        Self(bits)
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    /// Controls of the component entered, whatever the flow.
    fn entry(self) -> Mask {
        (if self.has(E_WAF) { WAF } else { 0 }) | (if self.has(E_INGRESS) { INGRESS } else { 0 })
    }
}

fn flow_authenticates(flow: &FlowAttrs) -> bool {
    flow.authentication.is_some_and(|a| a != Authentication::None)
}

/// Who presents the credentials on a hop, which decides the controls that are independent of the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Presenter {
    /// The caller is a component the path passed through: it holds the credentials and is an admitted source.
    Held = 0,
    /// The caller is a load balancer or API gateway forwarding the source's own request.
    Relay = 1,
    /// The caller is the untrusted source itself.
    Source = 2,
}

/// The controls of `mask` that are independent of the path for this presenter.
fn independent(mask: Mask, presenter: Presenter) -> Mask {
    match presenter {
        Presenter::Source => mask,
        Presenter::Relay => mask & !INGRESS,
        Presenter::Held => mask & WAF,
    }
}

/// Controls on a hop that follows a flow from its caller into its callee.
pub(super) fn forward(flow: &FlowAttrs, callee: Entered, presenter: Presenter) -> Mask {
    independent(forward_all(flow, callee), presenter)
}

fn forward_all(flow: &FlowAttrs, callee: Entered) -> Mask {
    let mut mask = callee.entry();
    if flow_authenticates(flow) || callee.has(E_REQUIRES) || callee.has(E_SIGNED) {
        mask |= AUTHENTICATION;
    }
    if flow.authorization == Some(true) {
        mask |= AUTHORISATION;
    }
    mask
}

/// Controls on a hop without a drawn flow (the internet reaching a public component, an on-premises network
/// reaching a component in it): only what the component entered enforces. Its being an IAM-signed API does not
/// count here: marking it public says it answers unsigned requests.
pub(super) fn implicit(entered: Entered, presenter: Presenter) -> Mask {
    independent(entered.entry() | if entered.has(E_REQUIRES) { AUTHENTICATION } else { 0 }, presenter)
}

/// How many controls a mask holds.
pub(super) fn count(mask: Mask) -> u32 {
    mask.count_ones()
}

/// Whether a hop lacks authentication only because the diagram does not say: the attacker would present it, the
/// flow (if any) leaves authentication unset and the component entered does not say whether it requires it.
pub(super) fn unstated(flow: Option<&FlowAttrs>, entered: Entered, mask: Mask, presenter: Presenter) -> bool {
    presenter != Presenter::Held
        && mask & AUTHENTICATION == 0
        && flow.is_none_or(|f| f.authentication.is_none())
        && entered.has(E_UNSTATED)
}

/// The controls of a hop into `entered`, in words, appended to `out`.
pub(super) fn describe(
    model: &Model,
    flow: Option<&Flow>,
    (entered, what): (ComponentIx, Entered),
    mask: Mask,
    out: &mut Vec<String>,
) {
    let name = &quote::name(model, entered);
    if mask & WAF != 0 {
        out.push(format!("WAF protecting {name}"));
    }
    if mask & INGRESS != 0 {
        out.push(format!("ingress to {name} restricted to named sources"));
    }
    if mask & AUTHENTICATION != 0 {
        out.push(match flow {
            Some(f) if flow_authenticates(&f.attrs()) => {
                let how = f.authentication.map(|a| a.to_string()).unwrap_or_default();
                format!("authentication ({how}) on flow {}", f.id)
            }
            _ if what.has(E_SIGNED) && !what.has(E_REQUIRES) => format!("IAM-signed (SigV4) calls to {name}"),
            _ => format!("{name} requires authentication"),
        });
    }
    if let Some(f) = flow.filter(|_| mask & AUTHORISATION != 0) {
        out.push(format!("authorisation on flow {}", f.id));
    }
}
