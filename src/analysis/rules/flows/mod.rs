//! Rules about flows and messaging: authentication, encryption in transit, coupling between bounded contexts,
//! queues and event buses (docs/security-model.md#communication and #precision).

mod admin_access_exposed;
mod direct_internet_to_datastore;
mod event_injection;
mod open_broker_policy;
#[cfg(test)]
mod patterns;
mod shared_secret_authentication;
mod support;
mod sync_call_across_contexts;
mod unauthenticated_consumer;
mod unauthenticated_flow;
mod unauthenticated_producer;
mod unencrypted_flow;
mod unencrypted_internet_flow;
mod unencrypted_queue;
mod unsafe_message_consumer;
mod unvalidated_store_write;

use crate::analysis::rule::Rule;

/// The rules of this group, in catalog order.
pub(super) fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &unauthenticated_flow::UnauthenticatedFlow,
        &shared_secret_authentication::SharedSecretAuthentication,
        &unencrypted_flow::UnencryptedFlow,
        &unencrypted_internet_flow::UnencryptedInternetFlow,
        &sync_call_across_contexts::SyncCallAcrossContexts,
        &direct_internet_to_datastore::DirectInternetToDatastore,
        &admin_access_exposed::AdminAccessExposed,
        &unencrypted_queue::UnencryptedQueue,
        &open_broker_policy::OpenBrokerPolicy,
        &unauthenticated_producer::UnauthenticatedProducer,
        &unauthenticated_consumer::UnauthenticatedConsumer,
        &event_injection::EventInjection,
        &unsafe_message_consumer::UnsafeMessageConsumer,
        &unvalidated_store_write::UnvalidatedStoreWrite,
    ]
}
