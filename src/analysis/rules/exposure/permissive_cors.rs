//! `permissive-cors`: an API whose CORS answer lets every origin's scripts call it with the user's credentials
//! (`cors_origins` with `*` and `cors_credentials: true`), so any web page the user visits acts as the user
//! (docs/security-model.md#vocabulary).

use crate::analysis::data::classification;
use crate::analysis::finding::{Cia, Control, ControlKind, Hit, Stride};
use crate::analysis::quote;
use crate::analysis::rule::{Rule, RuleContext, RuleMeta, Scaling, each_component};
use crate::analysis::severity::{Impact, Likelihood};
use crate::model::ComponentIx;

/// The rule.
pub struct PermissiveCors;

static META: RuleMeta = RuleMeta {
    id: "permissive-cors",
    title: "CORS allows every origin with credentials",
    description: "An API gateway, function or service whose CORS configuration allows every origin (cors_origins \
        lists *, which also stands for an API that reflects whatever Origin header it is sent) and allows \
        credentials (cors_credentials true). A script on any web page the signed-in user opens can then call the \
        API with the user's cookies or credentials and read the answers: cross-site request forgery with read \
        access. Quiet when the origins are named or credentials are not allowed (browsers then send no cookies). \
        Impact scales with the data the API serves; likelihood rises when it is reachable from the internet.",
    cia: &[Cia::Confidentiality, Cia::Integrity],
    stride: &[Stride::Spoofing, Stride::InformationDisclosure],
    likelihood: Likelihood::Possible,
    impact: Impact::Moderate,
    scaling: Scaling { impact_from_data: true, likelihood_from_exposure: true },
    controls: &[
        Control {
            kind: ControlKind::Sharp,
            text: "Name the allowed origins (AllowOrigins in the API's CORS configuration) and never reflect the \
                request's Origin; allow credentials only for those origins.",
        },
        Control {
            kind: ControlKind::Blunt,
            text: "Send bearer tokens in an Authorization header instead of cookies, and set SameSite on the \
                cookies that remain.",
        },
    ],
    thresholds: &[],
    reference: Some("OWASP Web Security Testing Guide: Testing Cross Origin Resource Sharing (WSTG-CLNT-07)"),
};

impl Rule for PermissiveCors {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext<'_>, hits: &mut Vec<Hit>) {
        each_component(self, cx, hits);
    }

    fn per_component(&self) -> bool {
        true
    }

    #[inline(always)]
    fn check_component(&self, cx: &RuleContext<'_>, c: ComponentIx, hits: &mut Vec<Hit>) {
        let model = cx.model;
        let props = model.props(c);
        let any_origin = props.cors_origins.as_deref().unwrap_or_default().iter().any(|o| o.trim() == "*");
        if !any_origin || props.cors_credentials != Some(true) {
            return;
        }
        let component = model.component(c);
        hits.push(
            Hit::on(
                &component.id,
                format!(
                    "{} lets scripts of every origin call it with the user's credentials and read the \
                     answers.",
                    quote::name_of(model, component)
                ),
            )
            .with_data(classification(model, c))
            .exposed(cx.facts.is_internet_facing(c)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{TestDiagram, ids, run};
    use crate::model::ComponentKind as K;

    fn api(origins: &[&str], credentials: Option<bool>) -> crate::model::Model {
        TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component_with("api", K::ApiGateway, Some("acct"), |c| {
                c.properties.cors_origins = Some(origins.iter().map(|o| (*o).to_owned()).collect());
                c.properties.cors_credentials = credentials;
            })
            .build()
    }

    #[test]
    fn fires_for_every_origin_with_credentials() {
        let findings = run(&PermissiveCors, &api(&["https://shop.example.com", "*"], Some(true)));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "permissive-cors@api");
        assert_eq!(findings[0].likelihood, Likelihood::Likely, "API gateways are public by default");
    }

    #[test]
    fn quiet_for_named_origins_or_without_credentials() {
        assert!(ids(&PermissiveCors, &api(&["https://shop.example.com"], Some(true))).is_empty());
        assert!(ids(&PermissiveCors, &api(&["*"], Some(false))).is_empty());
        assert!(ids(&PermissiveCors, &api(&["*"], None)).is_empty());
    }
}
