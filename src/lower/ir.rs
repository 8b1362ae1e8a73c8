//! The lowered program: Kubernetes, Traefik and Rook objects in apply order, and the RKE
//! cluster file. `emit/` only serialises what is here.

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service};
use k8s_openapi::api::storage::v1::StorageClass;

use crate::model::rke::RkeClusterConfig;
use crate::model::rook::{CephBlockPool, CephFilesystem};
use crate::model::traefik::{IngressRoute, Middleware};
use crate::source::Span;

/// Everything one build produces for one environment.
#[derive(Debug, Default)]
pub struct Output {
    /// Kubernetes objects in the order `kubectl apply` must create them.
    pub objects: Vec<Object>,
    /// RKE's `cluster.yml`, with the declaration it comes from.
    pub cluster: Option<(RkeClusterConfig, Span)>,
}

/// One object and where it comes from.
#[derive(Debug)]
pub struct Object {
    pub body: ObjectBody,
    /// The declaration that produced the object; named in the file's header.
    pub origin: Span,
}

/// The kinds of object timon emits, in the order they are applied.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // A few hundred objects per build: boxing buys nothing.
pub enum ObjectBody {
    Namespace(Namespace),
    CephBlockPool(CephBlockPool),
    CephFilesystem(CephFilesystem),
    StorageClass(StorageClass),
    Middleware(Middleware),
    ConfigMap(ConfigMap),
    /// Emitted only when the build was asked to include secrets.
    Secret(Secret),
    PersistentVolumeClaim(PersistentVolumeClaim),
    Deployment(Deployment),
    StatefulSet(StatefulSet),
    Service(Service),
    IngressRoute(IngressRoute),
}

impl ObjectBody {
    /// The short kind used in file names: `NN-<kind>-<name>.yaml`.
    pub fn file_kind(&self) -> &'static str {
        match self {
            Self::Namespace(_) => "namespace",
            Self::CephBlockPool(_) => "cephblockpool",
            Self::CephFilesystem(_) => "cephfilesystem",
            Self::StorageClass(_) => "storageclass",
            Self::Middleware(_) => "middleware",
            Self::ConfigMap(_) => "configmap",
            Self::Secret(_) => "secret",
            Self::PersistentVolumeClaim(_) => "pvc",
            Self::Deployment(_) => "deployment",
            Self::StatefulSet(_) => "statefulset",
            Self::Service(_) => "service",
            Self::IngressRoute(_) => "ingressroute",
        }
    }

    /// The object's `metadata.name`.
    pub fn name(&self) -> &str {
        let name = match self {
            Self::Namespace(object) => &object.metadata.name,
            Self::CephBlockPool(object) => &object.metadata.name,
            Self::CephFilesystem(object) => &object.metadata.name,
            Self::StorageClass(object) => &object.metadata.name,
            Self::Middleware(object) => &object.metadata.name,
            Self::ConfigMap(object) => &object.metadata.name,
            Self::Secret(object) => &object.metadata.name,
            Self::PersistentVolumeClaim(object) => &object.metadata.name,
            Self::Deployment(object) => &object.metadata.name,
            Self::StatefulSet(object) => &object.metadata.name,
            Self::Service(object) => &object.metadata.name,
            Self::IngressRoute(object) => &object.metadata.name,
        };
        name.as_deref().unwrap_or("")
    }

    /// True for objects that carry secret values (written with mode 0600).
    pub fn is_sensitive(&self) -> bool {
        matches!(self, Self::Secret(_))
    }
}
