//! The independent controls on one hop of an attacker's path (DOMAIN.md section 7, defense in depth): a WAF
//! protecting the component entered, authentication on the flow, authorisation on the flow, and security groups or
//! network policies that admit only named sources at the component entered. TLS, encryption at rest and monitoring
//! are other kinds of control and are not counted here.
//!
//! Authentication on a flow means any of: the flow says how the caller authenticates (anything but `none`), the
//! callee requires authentication (a password-protected database counts), or the callee is an IAM-signed AWS API
//! (SigV4) whose resource policy is not open to any principal (an open policy lets any AWS account sign in).
//! Authorisation counts only where the flow says the callee checks what this caller may do.

use crate::analysis::facts::Facts;
use crate::model::{ComponentIx, Flow, FlowIx, Model};

/// A set of controls on one hop, as bits.
pub(super) type Mask = u8;

const AUTHENTICATION: Mask = 1;
const AUTHORISATION: Mask = 2;
const WAF: Mask = 4;
const INGRESS: Mask = 8;

/// Controls of the component entered, whatever the flow: a WAF in front of it, ingress restricted to named sources.
pub(super) fn entry(model: &Model, facts: &Facts, entered: ComponentIx) -> Mask {
    let mut mask = 0;
    if facts.has_waf(entered) {
        mask |= WAF;
    }
    if model.props(entered).ingress_restricted == Some(true) {
        mask |= INGRESS;
    }
    mask
}

/// Whether the callee alone makes every caller authenticate.
fn callee_authenticates(model: &Model, callee: ComponentIx) -> bool {
    let props = model.props(callee);
    props.requires_authentication == Some(true)
        || (model.kind(callee).is_iam_signed_api() && !props.policy.is_some_and(|p| p.is_open()))
}

fn flow_authenticates(flow: &Flow) -> bool {
    flow.authentication.is_some_and(|a| a != crate::model::Authentication::None)
}

/// Controls on a hop that follows a flow from its caller into its callee.
pub(super) fn forward(model: &Model, facts: &Facts, f: FlowIx) -> Mask {
    let flow = model.flow(f);
    let (_, callee) = model.flow_ends(f);
    let mut mask = entry(model, facts, callee);
    if flow_authenticates(flow) || callee_authenticates(model, callee) {
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
pub(super) fn implicit(model: &Model, facts: &Facts, entered: ComponentIx) -> Mask {
    let mut mask = entry(model, facts, entered);
    if model.props(entered).requires_authentication == Some(true) {
        mask |= AUTHENTICATION;
    }
    mask
}

/// How many controls a mask holds.
pub(super) fn count(mask: Mask) -> u32 {
    mask.count_ones()
}

/// Whether a hop lacks authentication only because the diagram does not say: the flow (if any) leaves
/// authentication unset and the component entered does not say whether it requires it.
pub(super) fn unstated(model: &Model, flow: Option<&Flow>, entered: ComponentIx, mask: Mask) -> bool {
    mask & AUTHENTICATION == 0
        && flow.is_none_or(|f| f.authentication.is_none())
        && model.props(entered).requires_authentication.is_none()
}

/// The controls of a hop into `entered`, in words, appended to `out`.
pub(super) fn describe(model: &Model, flow: Option<&Flow>, entered: ComponentIx, mask: Mask, out: &mut Vec<String>) {
    let name = &model.component(entered).name;
    if mask & WAF != 0 {
        out.push(format!("WAF protecting {name}"));
    }
    if mask & INGRESS != 0 {
        out.push(format!("ingress to {name} restricted to named sources"));
    }
    if mask & AUTHENTICATION != 0 {
        out.push(match flow {
            Some(f) if flow_authenticates(f) => {
                let how = f.authentication.map(|a| a.to_string()).unwrap_or_default();
                format!("authentication ({how}) on flow {}", f.id)
            }
            _ if model.kind(entered).is_iam_signed_api()
                && model.props(entered).requires_authentication != Some(true) =>
            {
                format!("IAM-signed (SigV4) calls to {name}")
            }
            _ => format!("{name} requires authentication"),
        });
    }
    if let Some(f) = flow.filter(|_| mask & AUTHORISATION != 0) {
        out.push(format!("authorisation on flow {}", f.id));
    }
}
