//! Data-store predicates shared by the exposure rules: which components hold a database (managed or run by the team)
//! and whether one is public.

use crate::model::props::{Exposure, Software};
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

/// Whether a database is a managed one (RDS, DynamoDB, S3) or runs on the team's compute; Secrets Manager is left
/// out: one Secrets Manager box stands for the service, whose secrets are scoped one by one.
pub(super) fn is_database(model: &Model, c: ComponentIx) -> bool {
    matches!(model.kind(c), K::RdsDatabase | K::DynamodbTable | K::S3Bucket) || runs_database(model, c)
}

/// Effective exposure is public: its own setting, or for a container (which has none) its pod's.
pub(super) fn is_public(model: &Model, c: ComponentIx) -> bool {
    let owner = match (model.kind(c), model.parent(c)) {
        (K::Container, Some(pod)) => pod,
        _ => c,
    };
    model.props(owner).exposure == Some(Exposure::Public)
}

/// A self-managed database whose effective exposure is public (what `public-datastore` reports for compute).
pub(super) fn is_public_self_managed_database(model: &Model, c: ComponentIx) -> bool {
    runs_database(model, c) && is_public(model, c)
}
