//! Connections between networks and accounts that open isolation: VPC peering, VPN, cross-account trust.

use serde::Serialize;

use crate::model::id::Id;

crate::named_enum! {
    /// What a connection is.
    pub enum ConnectionKind: "connection kind" {
        /// VPC peering between two VPCs.
        VpcPeering = "vpc-peering",
        /// A transit gateway attachment between two networks.
        TransitGateway = "transit-gateway",
        /// A site-to-site VPN between an on-premises network and a VPC.
        Vpn = "vpn",
        /// AWS Direct Connect between an on-premises network and a VPC.
        DirectConnect = "direct-connect",
        /// `to` (an account) trusts principals of `from` (an account): roles or resource policies allow them in.
        CrossAccountTrust = "cross-account-trust",
    }
}

impl ConnectionKind {
    /// Network links (they open VPC isolation); the rest are IAM trust (they open account isolation).
    pub fn is_network(self) -> bool {
        !matches!(self, Self::CrossAccountTrust)
    }
}

/// One connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Connection {
    /// Stable id.
    pub id: Id,
    /// What it is.
    pub kind: ConnectionKind,
    /// One end (for trust: the trusted account).
    pub from: Id,
    /// The other end (for trust: the trusting account).
    pub to: Id,
    /// Free text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
}
