//! Resources written as ARNs (docs/security-model.md#blast-iam): what one names, in the diagram's terms. An ARN
//! whose last name is the id of a drawn component of the ARN's service is that component; one whose resource is
//! a wildcard in any account (`arn:aws:dynamodb:*:*:table/*`, `arn:aws:s3:::*`) is every resource of the service,
//! as `*` is; any other ARN (a log group, a table in another account) names a resource that is not drawn: it
//! reaches nothing on the diagram and is neither dropped from the statement nor widened to `*`.

use crate::analysis::iam::{kinds_of, service_of_prefix};
use crate::model::props::Permission;
use crate::model::{ComponentIx, Model};

/// What a statement's resource names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource<'a> {
    /// Every resource of the action's service in the account.
    Any,
    /// A drawn component.
    Component(ComponentIx),
    /// A resource that is not drawn, by its ARN.
    Outside(&'a str),
}

/// What `resource` (an id, an ARN or `*`) names in `model`.
pub fn resolve<'a>(model: &Model, resource: &'a str) -> Resource<'a> {
    if resource == Permission::ANY_RESOURCE {
        return Resource::Any;
    }
    if let Some(c) = model.component_ix(resource) {
        return Resource::Component(c);
    }
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    let [_, _, service, _, account, name] = parts.as_slice() else { return Resource::Outside(resource) };
    let any_account = account.is_empty() || *account == "*";
    let last = name.rsplit(['/', ':']).next().unwrap_or(name);
    if any_account && last == "*" {
        return Resource::Any;
    }
    let kinds = service_of_prefix(service).map(kinds_of).unwrap_or_default();
    match model.component_ix(last) {
        Some(c) if kinds.contains(&model.kind(c)) => Resource::Component(c),
        _ => Resource::Outside(resource),
    }
}

/// `statements` with every ARN that names a drawn component or every resource rewritten as its id or `*`, so every
/// reader of permissions sees the diagram's terms; `None` when no resource is an ARN.
pub fn normalized(model: &Model, statements: &[Permission]) -> Option<Vec<Permission>> {
    if !statements.iter().flat_map(|s| &s.resources).any(|r| r.starts_with("arn:")) {
        return None;
    }
    let rewrite = |resource: &String| match resolve(model, resource) {
        Resource::Any => Permission::ANY_RESOURCE.to_owned(),
        Resource::Component(c) => model.component_id(c).to_string(),
        Resource::Outside(_) => resource.clone(),
    };
    Some(
        statements
            .iter()
            .map(|s| Permission { resources: s.resources.iter().map(rewrite).collect(), ..s.clone() })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::TestDiagram;
    use crate::model::ComponentKind as K;

    #[test]
    fn arns_name_components_wildcards_or_what_is_not_drawn() {
        let model = TestDiagram::new()
            .component("acct", K::AwsAccount, None)
            .component("orders", K::SqsQueue, Some("acct"))
            .build();
        let orders = model.component_ix("orders").unwrap();
        assert_eq!(resolve(&model, "arn:aws:sqs:eu-west-1:123456789012:orders"), Resource::Component(orders));
        assert_eq!(resolve(&model, "arn:aws:dynamodb:*:*:table/*"), Resource::Any);
        assert_eq!(resolve(&model, "arn:aws:s3:::*"), Resource::Any);
        let group = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders";
        assert_eq!(resolve(&model, group), Resource::Outside(group), "a log group named like the queue");
        let other = "arn:aws:dynamodb:eu-west-1:999999999999:table/*";
        assert_eq!(resolve(&model, other), Resource::Outside(other), "another account's tables are not widened");
        let statements = vec![Permission::new(
            vec!["sqs:SendMessage".into()],
            vec![group.into(), "arn:aws:sqs:eu-west-1:1:orders".into()],
        )];
        let rewritten = normalized(&model, &statements).unwrap();
        assert_eq!(rewritten[0].resources, [group, "orders"]);
        assert!(normalized(&model, &[Permission::new(vec!["s3:*".into()], vec!["*".into()])]).is_none());
    }
}
