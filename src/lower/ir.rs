//! The lowered program: Kubernetes, Traefik and Rook objects in apply order, the RKE
//! cluster file and Traefik's static configuration. `emit/` only serialises what is here.

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service};
use k8s_openapi::api::storage::v1::StorageClass;

use crate::manifest::Allowance;
use crate::model::rke::RkeClusterConfig;
use crate::model::rook::{CephBlockPool, CephFilesystem};
use crate::model::traefik::{IngressRoute, Middleware};
use crate::model::traefik_static::StaticConfiguration;
use crate::source::Span;

/// Everything one build produces for one environment.
#[derive(Debug, Default)]
pub struct Output {
    /// Kubernetes objects in the order `kubectl apply` must create them.
    pub objects: Vec<Object>,
    /// RKE's `cluster.yml`.
    pub cluster: Option<Cluster>,
    /// Traefik's static configuration, when the project declares its instance.
    pub traefik: Option<TraefikStatic>,
}

/// Traefik's `traefik.yml` and the declaration it comes from.
#[derive(Debug)]
pub struct TraefikStatic {
    pub config: StaticConfiguration,
    pub origin: Span,
}

/// RKE's `cluster.yml` and where its parts come from.
#[derive(Debug)]
pub struct Cluster {
    pub config: RkeClusterConfig,
    pub origin: Span,
    /// JSON pointer → the source span of that part (`/nodes/0` → the node's declaration).
    pub spans: Vec<(String, Span)>,
    pub allowances: Vec<Allowance>,
}

/// One object and where it comes from.
#[derive(Debug)]
pub struct Object {
    pub body: ObjectBody,
    /// The declaration that produced the object; named in the file's header.
    pub origin: Span,
    /// JSON pointer → the source span of that part (`/spec/template/spec/containers/1` → the
    /// container's declaration), so that lint findings point at the right line.
    pub spans: Vec<(String, Span)>,
    /// `allow RULE "reason"` statements that cover the object or a part of it.
    pub allowances: Vec<Allowance>,
}

/// The kinds of object timon emits, in the order they are applied. Each is boxed: inline, every
/// object took the size of the largest kind (3.6 kB), a third of a build's memory.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // A few hundred objects per build: boxing buys nothing.
pub enum ObjectBody {
    Namespace(Box<Namespace>),
    CephBlockPool(Box<CephBlockPool>),
    CephFilesystem(Box<CephFilesystem>),
    StorageClass(Box<StorageClass>),
    Middleware(Box<Middleware>),
    ConfigMap(Box<ConfigMap>),
    /// Emitted only when the build was asked to include secrets.
    Secret(Box<Secret>),
    PersistentVolumeClaim(Box<PersistentVolumeClaim>),
    Deployment(Box<Deployment>),
    StatefulSet(Box<StatefulSet>),
    Service(Box<Service>),
    IngressRoute(Box<IngressRoute>),
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

/// An object serialises as the Kubernetes object it holds, so that the located trees of
/// `manifest::lowered` are built from it directly.
impl serde::Serialize for ObjectBody {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Namespace(object) => object.serialize(serializer),
            Self::CephBlockPool(object) => object.serialize(serializer),
            Self::CephFilesystem(object) => object.serialize(serializer),
            Self::StorageClass(object) => object.serialize(serializer),
            Self::Middleware(object) => object.serialize(serializer),
            Self::ConfigMap(object) => object.serialize(serializer),
            Self::Secret(object) => object.serialize(serializer),
            Self::PersistentVolumeClaim(object) => object.serialize(serializer),
            Self::Deployment(object) => object.serialize(serializer),
            Self::StatefulSet(object) => object.serialize(serializer),
            Self::Service(object) => object.serialize(serializer),
            Self::IngressRoute(object) => object.serialize(serializer),
        }
    }
}

impl ObjectBody {
    /// The object as JSON: what the located trees of `manifest::lowered` are tested against.
    pub fn to_json(&self) -> serde_json::Value {
        // Our types hold only strings, numbers, booleans, lists and string-keyed maps.
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
