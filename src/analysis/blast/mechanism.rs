//! How one blast-radius step happens: the [`Mechanism`] enum (one value per way an attacker moves, docs/security-model.md#blast-mechanisms) with a sentence for each, and the likelihood of the one uncertain step (a container breakout that
//! needs an exploit).

use crate::analysis::severity::Likelihood;

crate::named_enum! {
    /// The mechanism of one step from a component (or the start) to the next.
    pub enum Mechanism: "mechanism" {
        /// Rule 1: a drawn flow from a controlled component.
        Flow = "flow",
        /// Rule 1: a drawn admin flow (kubectl, deploy, SSH, console) from a controlled component.
        AdminFlow = "admin-flow",
        /// Rule 1: a broker, API gateway or load balancer passes the attacker's input on.
        PassesInput = "passes-input",
        /// Rule 2: the IAM role allows actions on the resource.
        IamPermission = "iam-permission",
        /// Rule 2: a resource wildcard covers every resource of the action's service in the account.
        IamWildcard = "iam-wildcard",
        /// Rule 2: an action that hands over code or identity (pass or assume a role, update function code).
        IamTakeover = "iam-takeover",
        /// Rule 2: the workload runs an image from a registry the attacker can push to.
        ImagePush = "image-push",
        /// Rule 3: the node's IAM role credentials from the instance metadata service.
        InstanceMetadata = "instance-metadata",
        /// Rule 4: escape from the container to the node.
        ContainerBreakout = "container-breakout",
        /// Rule 4: control of a node gives every pod on it.
        NodeToPods = "node-to-pods",
        /// Rule 4: the ECS agent on a container instance holds the task execution roles of the services on it.
        AgentCredentials = "agent-credentials",
        /// Containers of one pod share its network, service-account token and credentials.
        SamePod = "same-pod",
        /// Rule 5: the pod's service-account token through the Kubernetes API.
        KubernetesApi = "kubernetes-api",
        /// Rule 6: a component that runs as an IAM role holds its credentials.
        RoleCredentials = "role-credentials",
        /// Rule 6: reading a secret gives what it authenticates.
        Credentials = "credentials",
        /// Rule 7: a listener that does not require authentication, reachable over the network.
        Network = "network",
        /// Rule 8: messages or events injected through a producer, queue or event bus.
        Injection = "injection",
        /// Crafted input to a component that executes its input unsafely gives control of it.
        ExecutesInput = "executes-input",
        /// A resource policy open to any principal.
        PublicPolicy = "public-policy",
    }
}

impl Mechanism {
    /// Why the step is possible, as a sentence about the component reached.
    pub fn sentence(self) -> &'static str {
        match self {
            Self::Flow => "The attacker calls it through a drawn flow from a component they control.",
            Self::AdminFlow => "A component the attacker controls has administrative access to it (an admin flow).",
            Self::PassesInput => "A broker, API gateway or load balancer passes the attacker's input on to it.",
            Self::IamPermission => "An IAM role the attacker holds allows actions on it.",
            Self::IamWildcard => {
                "An IAM role the attacker holds allows a service's actions on every resource (\"*\") in the account."
            }
            Self::IamTakeover => {
                "An IAM role the attacker holds can hand over its code or identity (pass or assume a role, update \
                 function code)."
            }
            Self::ImagePush => "It runs images from a registry the attacker can push to.",
            Self::InstanceMetadata => {
                "The attacker fetches the node role's credentials from the instance metadata service."
            }
            Self::ContainerBreakout => "The attacker escapes the container onto the node's shared kernel.",
            Self::NodeToPods => {
                "It runs on a node the attacker controls (service-account tokens, pod credentials, mounted secrets)."
            }
            Self::AgentCredentials => {
                "It is the execution role of an ECS service on a container instance the attacker controls, whose \
                 ECS agent holds its credentials."
            }
            Self::SamePod => "It shares a pod with a container the attacker controls.",
            Self::KubernetesApi => "A service-account token the attacker holds allows it through the Kubernetes API.",
            Self::RoleCredentials => "The attacker holds the credentials of a component that runs as this role.",
            Self::Credentials => "The attacker reads credentials that authenticate to it.",
            Self::Network => {
                "Its listener does not require authentication and the attacker's network position reaches it."
            }
            Self::Injection => "The attacker injects messages or events that reach it through a queue or event bus.",
            Self::ExecutesInput => "It executes its input unsafely, so crafted input gives control of it.",
            Self::PublicPolicy => "Its resource policy allows any principal.",
        }
    }
}

/// The likelihood of a container breakout that needs an exploit: possible, one step lower when the workload is
/// hardened and one more when the node's container runtime is current. Lowered, never removed.
pub fn breakout_likelihood(hardened: bool, current_runtime: bool) -> Likelihood {
    Likelihood::Possible.shifted(-i8::from(hardened) - i8::from(current_runtime))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::named::Named as _;

    #[test]
    fn every_mechanism_has_a_sentence_and_spelling() {
        for mechanism in Mechanism::ALL {
            assert!(mechanism.sentence().ends_with('.'), "{mechanism}");
            assert_eq!(Mechanism::parse(mechanism.as_str()), Some(*mechanism));
        }
    }

    #[test]
    fn breakout_controls_lower_but_never_remove() {
        assert_eq!(breakout_likelihood(false, false), Likelihood::Possible);
        assert_eq!(breakout_likelihood(true, false), Likelihood::Unlikely);
        assert_eq!(breakout_likelihood(true, true), Likelihood::Rare);
    }
}
