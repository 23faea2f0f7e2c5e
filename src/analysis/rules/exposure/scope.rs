//! Which components the exposure rules look at: databases (managed or run by the team), public ones, and generic
//! services that belong to someone else.

use crate::analysis::facts::Facts;
use crate::model::props::{Classification, Software};
use crate::model::{ComponentIx, ComponentKind as K, Model};

/// A compute component running database software the team operates itself (PostgreSQL, MySQL, MongoDB, Redis,
/// Elasticsearch); brokers (Kafka, RabbitMQ) are not databases.
pub(super) fn runs_database(model: &Model, c: ComponentIx) -> bool {
    matches!(model.kind(c), K::Pod | K::Container | K::GenericService | K::Ec2Node)
        && matches!(
            model.props(c).software,
            Some(
                Software::Postgresql | Software::Mysql | Software::Mongodb | Software::Redis | Software::Elasticsearch
            )
        )
}

/// Whether a database is a managed one (RDS, DynamoDB, S3, ElastiCache) or runs on the team's compute; Secrets Manager is left
/// out: one Secrets Manager box stands for the service, whose secrets are scoped one by one.
pub(super) fn is_database(model: &Model, c: ComponentIx) -> bool {
    matches!(model.kind(c), K::RdsDatabase | K::DynamodbTable | K::S3Bucket | K::GenericDatastore | K::Elasticache)
        || runs_database(model, c)
}

/// The most sensitive data the component holds or that its flows carry.
pub(super) fn data_through(model: &Model, c: ComponentIx) -> Option<Classification> {
    let flows = model.outgoing(c).chain(model.incoming(c)).map(|(f, _)| model.flow_attrs(f).data);
    flows.fold(crate::analysis::data::classification(model, c), Option::max)
}

/// Effective exposure is public: its own setting (or its subnets', see `exposed::exposure`), or for a container
/// (which has none) its pod's.
pub(super) fn is_public(model: &Model, facts: &Facts, c: ComponentIx) -> bool {
    let owner = match (model.kind(c), model.parent(c)) {
        (K::Container, Some(pod)) => pod,
        _ => c,
    };
    facts.is_public(owner)
}

/// A self-managed database whose effective exposure is public (what `public-datastore` reports for compute).
pub(super) fn is_public_self_managed_database(model: &Model, facts: &Facts, c: ComponentIx) -> bool {
    runs_database(model, c) && is_public(model, facts, c)
}

/// A generic service drawn outside every AWS account, VPC, host and on-premises network: a third party's system
/// (a payment provider, a SaaS API), whose hosting is not the team's to fix.
pub(super) fn is_outside_system(model: &Model, facts: &Facts, c: ComponentIx) -> bool {
    model.kind(c) == K::GenericService
        && facts.account(c).is_none()
        && facts.vpc(c).is_none()
        && facts.host(c).is_none()
        && facts.on_prem(c).is_none()
}
