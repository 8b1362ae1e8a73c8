//! Typed serde structs for the non-core objects timon emits and validates: Traefik CRDs and
//! static configuration, Rook-Ceph CRDs and RKE's cluster.yml.

pub mod rke;
pub mod rook;
pub mod traefik;
pub mod traefik_static;
