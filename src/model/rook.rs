//! Rook-Ceph `ceph.rook.io/v1` objects: `CephBlockPool`, `CephFilesystem`, `CephObjectStore`.
//!
//! Field names follow `pkg/apis/ceph.rook.io/v1/types.go` of rook/rook v1.20.6 (facts C.1–C.3).
//! Pod-level settings that timon does not model (placement, probes, services, multisite zones)
//! are kept as untyped YAML values so documents that use them still parse.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ResourceRequirements;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The `apiVersion` of every Rook-Ceph object in this module.
pub const API_VERSION: &str = "ceph.rook.io/v1";

// ---------------------------------------------------------------------------------------------
// Objects.
// ---------------------------------------------------------------------------------------------

/// A RADOS pool managed by Rook (`kind: CephBlockPool`), typically backing an RBD `StorageClass`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CephBlockPool {
    /// The API version, always `ceph.rook.io/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// The object kind, always `CephBlockPool`.
    pub kind: String,
    /// Standard object metadata; the name is the pool name unless `spec.name` overrides it.
    pub metadata: ObjectMeta,
    /// The pool settings. Upstream this is `NamedBlockPoolSpec`, whose `name` only accepts the
    /// built-in pools `.rgw.root`, `.nfs` and `.mgr`.
    pub spec: NamedPoolSpec,
}

impl CephBlockPool {
    /// The `kind` value of this object.
    pub const KIND: &'static str = "CephBlockPool";

    /// Builds a `CephBlockPool`, filling in `apiVersion` and `kind`.
    #[must_use]
    pub fn new(metadata: ObjectMeta, spec: NamedPoolSpec) -> Self {
        Self { api_version: API_VERSION.to_owned(), kind: Self::KIND.to_owned(), metadata, spec }
    }
}

/// A shared filesystem (`kind: CephFilesystem`), backing a `CephFS` `StorageClass`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CephFilesystem {
    /// The API version, always `ceph.rook.io/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// The object kind, always `CephFilesystem`.
    pub kind: String,
    /// Standard object metadata; the name is the filesystem name (`fsName`).
    pub metadata: ObjectMeta,
    /// The filesystem settings.
    pub spec: FilesystemSpec,
}

impl CephFilesystem {
    /// The `kind` value of this object.
    pub const KIND: &'static str = "CephFilesystem";

    /// Builds a `CephFilesystem`, filling in `apiVersion` and `kind`.
    #[must_use]
    pub fn new(metadata: ObjectMeta, spec: FilesystemSpec) -> Self {
        Self { api_version: API_VERSION.to_owned(), kind: Self::KIND.to_owned(), metadata, spec }
    }
}

/// An S3-compatible object store served by RGW (`kind: CephObjectStore`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CephObjectStore {
    /// The API version, always `ceph.rook.io/v1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// The object kind, always `CephObjectStore`.
    pub kind: String,
    /// Standard object metadata.
    pub metadata: ObjectMeta,
    /// The object store settings.
    pub spec: ObjectStoreSpec,
}

impl CephObjectStore {
    /// The `kind` value of this object.
    pub const KIND: &'static str = "CephObjectStore";

    /// Builds a `CephObjectStore`, filling in `apiVersion` and `kind`.
    #[must_use]
    pub fn new(metadata: ObjectMeta, spec: ObjectStoreSpec) -> Self {
        Self { api_version: API_VERSION.to_owned(), kind: Self::KIND.to_owned(), metadata, spec }
    }
}

// ---------------------------------------------------------------------------------------------
// Pools.
// ---------------------------------------------------------------------------------------------

/// The settings of one Ceph pool (Rook's `PoolSpec`).
///
/// Set exactly one of `replicated` and `erasureCoded`: the operator rejects both ("both
/// replication and erasure code settings cannot be specified", facts C.1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PoolSpec {
    /// The CRUSH failure domain: `host` (the default), `osd`, or any CRUSH type such as `rack`
    /// or `zone` that exists in the CRUSH map.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub failure_domain: Option<String>,
    /// The CRUSH root the pool's rule starts from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub crush_root: Option<String>,
    /// The OSD device class to use, for example `ssd` or `hdd`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub device_class: Option<String>,
    /// Whether Rook may update the pool's CRUSH rule.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub enable_crush_updates: Option<bool>,
    /// Deprecated in favour of `parameters.compression_mode`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub compression_mode: Option<String>,
    /// Replication settings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replicated: Option<ReplicatedSpec>,
    /// Erasure-coding settings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub erasure_coded: Option<ErasureCodedSpec>,
    /// Raw Ceph pool properties such as `compression_mode` or `target_size_ratio`; all values are
    /// strings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parameters: Option<BTreeMap<String, String>>,
    /// Whether per-image RBD statistics are collected.
    #[serde(rename = "enableRBDStats", skip_serializing_if = "Option::is_none", default)]
    pub enable_rbd_stats: Option<bool>,
    /// RBD mirroring settings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mirroring: Option<MirroringSpec>,
    /// Mirroring health check settings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status_check: Option<StatusCheckSpec>,
    /// Pool quotas.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quotas: Option<QuotaSpec>,
    /// The application tag of the pool; only expected for RGW pools.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub application: Option<String>,
}

/// A pool with an optional name: the pool entries of a `CephFilesystem` and the spec of a
/// `CephBlockPool` (Rook's `NamedPoolSpec` and `NamedBlockPoolSpec`).
///
/// Upstream inlines [`PoolSpec`]; serde cannot combine `flatten` with `deny_unknown_fields`, so
/// the pool fields are repeated here. Use [`NamedPoolSpec::pool`] and `From<PoolSpec>` to move
/// between the two.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NamedPoolSpec {
    /// The pool name. In a `CephFilesystem` the final Ceph pool is `<fsName>-<name>` unless
    /// `preservePoolNames` is set; in a `CephBlockPool` it overrides the object name and only
    /// accepts `.rgw.root`, `.nfs` or `.mgr`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
    /// See [`PoolSpec::failure_domain`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub failure_domain: Option<String>,
    /// See [`PoolSpec::crush_root`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub crush_root: Option<String>,
    /// See [`PoolSpec::device_class`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub device_class: Option<String>,
    /// See [`PoolSpec::enable_crush_updates`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub enable_crush_updates: Option<bool>,
    /// See [`PoolSpec::compression_mode`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub compression_mode: Option<String>,
    /// See [`PoolSpec::replicated`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replicated: Option<ReplicatedSpec>,
    /// See [`PoolSpec::erasure_coded`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub erasure_coded: Option<ErasureCodedSpec>,
    /// See [`PoolSpec::parameters`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parameters: Option<BTreeMap<String, String>>,
    /// See [`PoolSpec::enable_rbd_stats`].
    #[serde(rename = "enableRBDStats", skip_serializing_if = "Option::is_none", default)]
    pub enable_rbd_stats: Option<bool>,
    /// See [`PoolSpec::mirroring`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mirroring: Option<MirroringSpec>,
    /// See [`PoolSpec::status_check`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status_check: Option<StatusCheckSpec>,
    /// See [`PoolSpec::quotas`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quotas: Option<QuotaSpec>,
    /// See [`PoolSpec::application`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub application: Option<String>,
}

impl NamedPoolSpec {
    /// Builds a named pool from a name and pool settings.
    #[must_use]
    pub fn named(name: impl Into<String>, pool: PoolSpec) -> Self {
        Self { name: Some(name.into()), ..Self::from(pool) }
    }

    /// Returns the pool settings without the name.
    #[must_use]
    pub fn pool(&self) -> PoolSpec {
        PoolSpec {
            failure_domain: self.failure_domain.clone(),
            crush_root: self.crush_root.clone(),
            device_class: self.device_class.clone(),
            enable_crush_updates: self.enable_crush_updates,
            compression_mode: self.compression_mode.clone(),
            replicated: self.replicated.clone(),
            erasure_coded: self.erasure_coded.clone(),
            parameters: self.parameters.clone(),
            enable_rbd_stats: self.enable_rbd_stats,
            mirroring: self.mirroring.clone(),
            status_check: self.status_check.clone(),
            quotas: self.quotas.clone(),
            application: self.application.clone(),
        }
    }
}

impl From<PoolSpec> for NamedPoolSpec {
    /// Wraps pool settings without a name.
    fn from(pool: PoolSpec) -> Self {
        Self {
            name: None,
            failure_domain: pool.failure_domain,
            crush_root: pool.crush_root,
            device_class: pool.device_class,
            enable_crush_updates: pool.enable_crush_updates,
            compression_mode: pool.compression_mode,
            replicated: pool.replicated,
            erasure_coded: pool.erasure_coded,
            parameters: pool.parameters,
            enable_rbd_stats: pool.enable_rbd_stats,
            mirroring: pool.mirroring,
            status_check: pool.status_check,
            quotas: pool.quotas,
            application: pool.application,
        }
    }
}

/// Replication settings of a pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReplicatedSpec {
    /// Copies per object, including the object itself. Required. `1` means no redundancy and
    /// needs `requireSafeReplicaSize: false`; production examples use `3`.
    pub size: u32,
    /// The expected share of cluster capacity, for the PG autoscaler.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target_size_ratio: Option<f64>,
    /// Whether pools of size 1 are refused. The Go default is false, but the operator rejects
    /// `size: 1` together with `true` (facts C.1).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub require_safe_replica_size: Option<bool>,
    /// Replicas placed in each failure domain; `size` must be a larger multiple of it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replicas_per_failure_domain: Option<u32>,
    /// The failure domain inside each failure domain; must differ from `failureDomain`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sub_failure_domain: Option<String>,
    /// Primary copies on one device class and the rest on another.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hybrid_storage: Option<HybridStorageSpec>,
}

/// Device classes of a hybrid-storage pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HybridStorageSpec {
    /// The device class of the primary copy.
    pub primary_device_class: String,
    /// The device class of the other copies.
    pub secondary_device_class: String,
}

/// Erasure-coding settings of a pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ErasureCodedSpec {
    /// Data chunks per object. Required.
    pub data_chunks: u32,
    /// Coding chunks per object. Required.
    pub coding_chunks: u32,
    /// The erasure-code plugin, `isa` or `jerasure`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub algorithm: Option<String>,
    /// The stripe unit: `4Ki`, `16Ki`, `64Ki`, `256Ki` or `1Mi`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stripe_unit: Option<Quantity>,
    /// The number of failure domains the chunks are spread over.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub crush_num_failure_domains: Option<i32>,
    /// The number of OSDs used in each failure domain.
    #[serde(
        rename = "crushOSDsPerFailureDomain",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub crush_osds_per_failure_domain: Option<i32>,
}

/// RBD mirroring settings of a pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MirroringSpec {
    /// Whether mirroring is enabled.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub enabled: Option<bool>,
    /// The mirroring mode: `image`, `pool` or `init-only`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mode: Option<String>,
    /// Snapshot schedules for snapshot-based mirroring.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub snapshot_schedules: Option<Vec<SnapshotScheduleSpec>>,
    /// Secrets with the peer cluster tokens.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub peers: Option<MirroringPeerSpec>,
}

/// One snapshot schedule of a mirrored pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SnapshotScheduleSpec {
    /// The image path the schedule applies to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<String>,
    /// The interval, for example `24h` or `1d`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub interval: Option<String>,
    /// The start time, for example `14:00:00-05:00`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub start_time: Option<String>,
}

/// The mirroring peers of a pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MirroringPeerSpec {
    /// Secrets holding the peer bootstrap tokens.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret_names: Option<Vec<String>>,
}

/// The `statusCheck` of a pool or filesystem (Rook's `MirrorHealthCheckSpec`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StatusCheckSpec {
    /// The mirroring health check.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mirror: Option<HealthCheckSpec>,
}

/// A periodic health check run by the operator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HealthCheckSpec {
    /// Whether the check is disabled.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub disabled: Option<bool>,
    /// The check interval, a Go duration such as `60s`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub interval: Option<String>,
    /// The check timeout.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub timeout: Option<String>,
}

/// Quotas of a pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct QuotaSpec {
    /// Deprecated byte quota; use `maxSize`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_bytes: Option<u64>,
    /// The byte quota as a size string, for example `10Gi`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_size: Option<String>,
    /// The object count quota.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_objects: Option<u64>,
}

// ---------------------------------------------------------------------------------------------
// CephFilesystem.
// ---------------------------------------------------------------------------------------------

/// The `spec` of a `CephFilesystem`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FilesystemSpec {
    /// The metadata pool; the Ceph pool is named `<fsName>-metadata`. Required.
    pub metadata_pool: NamedPoolSpec,
    /// The data pools; each becomes `<fsName>-<name>`, which is the `pool` a `CephFS`
    /// `StorageClass` must name. Required.
    pub data_pools: Vec<NamedPoolSpec>,
    /// Whether the pool names are used as given, without the `<fsName>-` prefix.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub preserve_pool_names: Option<bool>,
    /// Whether the pools survive deletion of the `CephFilesystem`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub preserve_pools_on_delete: Option<bool>,
    /// Whether the filesystem survives deletion of the `CephFilesystem`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub preserve_filesystem_on_delete: Option<bool>,
    /// The MDS daemons. Required.
    pub metadata_server: MetadataServerSpec,
    /// `CephFS` mirroring settings; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub mirroring: Option<serde_yaml::Value>,
    /// Mirroring health check settings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status_check: Option<StatusCheckSpec>,
}

/// The MDS daemons of a `CephFilesystem`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MetadataServerSpec {
    /// Active MDS daemons, 1–50; the others are standbys. Required.
    pub active_count: i32,
    /// Whether each active MDS has a hot standby.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub active_standby: Option<bool>,
    /// Pod placement (affinity, tolerations, spread constraints); kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub placement: Option<serde_yaml::Value>,
    /// Pod annotations.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Pod labels.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub labels: Option<BTreeMap<String, String>>,
    /// Container resources.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub resources: Option<ResourceRequirements>,
    /// The pods' `PriorityClass`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub priority_class_name: Option<String>,
    /// The liveness probe override; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub liveness_probe: Option<serde_yaml::Value>,
    /// The startup probe override; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub startup_probe: Option<serde_yaml::Value>,
    /// The MDS cache size as a fraction of the memory limit.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cache_memory_limit_factor: Option<f64>,
    /// The MDS cache size as a fraction of the memory request.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cache_memory_request_factor: Option<f64>,
}

// ---------------------------------------------------------------------------------------------
// CephObjectStore.
// ---------------------------------------------------------------------------------------------

/// The `spec` of a `CephObjectStore`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ObjectStoreSpec {
    /// The metadata pools' settings (one spec for all RGW metadata pools).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub metadata_pool: Option<PoolSpec>,
    /// The data pool's settings; singular, unlike `CephFilesystem`'s `dataPools`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub data_pool: Option<PoolSpec>,
    /// Existing pools to use through RADOS namespaces instead of dedicated pools.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub shared_pools: Option<SharedPoolsSpec>,
    /// Whether the pools survive deletion of the `CephObjectStore`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub preserve_pools_on_delete: Option<bool>,
    /// The RGW daemons.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub gateway: Option<GatewaySpec>,
    /// S3 and Swift protocol settings; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub protocols: Option<serde_yaml::Value>,
    /// Authentication (Keystone) settings; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub auth: Option<serde_yaml::Value>,
    /// The multisite zone; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub zone: Option<serde_yaml::Value>,
    /// Bucket health check settings; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub health_check: Option<serde_yaml::Value>,
    /// Encryption (KMS, SSE-S3) settings; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub security: Option<serde_yaml::Value>,
    /// Namespaces where `CephObjectStoreUsers` for this store may be created.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub allow_users_in_namespaces: Option<Vec<String>>,
    /// Virtual-host-style bucket hosting settings; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub hosting: Option<serde_yaml::Value>,
    /// Whether this store's realm is the default realm.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub default_realm: Option<bool>,
}

/// Shared pools of a `CephObjectStore`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SharedPoolsSpec {
    /// The existing metadata pool.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub metadata_pool_name: Option<String>,
    /// The existing data pool.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub data_pool_name: Option<String>,
    /// Whether the store's RADOS namespace data survives deletion.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub preserve_rados_namespace_data_on_delete: Option<bool>,
    /// Named pool placements; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub pool_placements: Option<serde_yaml::Value>,
}

/// The RGW daemons of a `CephObjectStore`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GatewaySpec {
    /// The plain HTTP port of the RGW Service.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub port: Option<i32>,
    /// The HTTPS port of the RGW Service; needs `sslCertificateRef`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secure_port: Option<i32>,
    /// The number of RGW pods.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub instances: Option<i32>,
    /// A Secret with the TLS certificate.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssl_certificate_ref: Option<String>,
    /// A Secret with extra CA certificates.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ca_bundle_ref: Option<String>,
    /// Pod placement; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub placement: Option<serde_yaml::Value>,
    /// Whether these daemons skip multisite sync traffic.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub disable_multisite_sync_traffic: Option<bool>,
    /// Pod annotations.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Pod labels.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub labels: Option<BTreeMap<String, String>>,
    /// Container resources.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub resources: Option<ResourceRequirements>,
    /// The pods' `PriorityClass`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub priority_class_name: Option<String>,
    /// Endpoints of an external RGW; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<Vec<serde_json::Value>>")]
    pub external_rgw_endpoints: Option<Vec<serde_yaml::Value>>,
    /// Overrides of the RGW Service; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub service: Option<serde_yaml::Value>,
    /// The ops-log sidecar; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub ops_log_sidecar: Option<serde_yaml::Value>,
    /// Whether the pods use the host network.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub host_network: Option<bool>,
    /// Whether the store is registered with the Ceph dashboard.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dashboard_enabled: Option<bool>,
    /// Extra volume mounts; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub additional_volume_mounts: Option<serde_yaml::Value>,
    /// Extra RGW configuration options.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rgw_config: Option<BTreeMap<String, String>>,
    /// RGW configuration options read from Secrets; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub rgw_config_from_secret: Option<serde_yaml::Value>,
    /// Extra RGW command-line flags.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rgw_command_flags: Option<BTreeMap<String, String>>,
    /// The read affinity; kept untyped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub read_affinity: Option<serde_yaml::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deserializes `yaml`, re-serializes it, deserializes again and checks both values agree.
    fn round_trip<T>(yaml: &str) -> T
    where
        T: serde::de::DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
    {
        let first: T = serde_yaml::from_str(yaml).expect("the document deserializes");
        let text = serde_yaml::to_string(&first).expect("the value serializes");
        let second: T = serde_yaml::from_str(&text).expect("the re-serialized text deserializes");
        assert_eq!(first, second);
        first
    }

    #[test]
    fn block_pool_round_trips() {
        let pool: CephBlockPool = round_trip(
            r#"
apiVersion: ceph.rook.io/v1
kind: CephBlockPool
metadata:
  name: replicapool
  namespace: rook-ceph
spec:
  failureDomain: host
  enableRBDStats: true
  replicated:
    size: 3
    requireSafeReplicaSize: true
  parameters:
    compression_mode: none
    target_size_ratio: ".5"
  quotas: {maxSize: 100Gi}
"#,
        );
        assert_eq!(pool.kind, CephBlockPool::KIND);
        assert_eq!(pool.spec.failure_domain.as_deref(), Some("host"));
        assert_eq!(pool.spec.enable_rbd_stats, Some(true));
        let replicated = pool.spec.replicated.as_ref().expect("replicated is set");
        assert_eq!(replicated.size, 3);
        assert_eq!(replicated.require_safe_replica_size, Some(true));
        let parameters = pool.spec.parameters.as_ref().expect("parameters are set");
        assert_eq!(parameters.get("target_size_ratio").map(String::as_str), Some(".5"));
        assert!(pool.spec.erasure_coded.is_none());
    }

    #[test]
    fn block_pool_constructor_and_key_names() {
        let pool = PoolSpec {
            failure_domain: Some("host".into()),
            erasure_coded: Some(ErasureCodedSpec {
                data_chunks: 2,
                coding_chunks: 1,
                crush_osds_per_failure_domain: Some(1),
                ..ErasureCodedSpec::default()
            }),
            ..PoolSpec::default()
        };
        let metadata = ObjectMeta { name: Some("ecpool".into()), ..ObjectMeta::default() };
        let object = CephBlockPool::new(metadata, pool.clone().into());
        assert_eq!(object.spec.pool(), pool);
        let text = serde_yaml::to_string(&object).expect("the pool serializes");
        assert!(text.starts_with("apiVersion: ceph.rook.io/v1\nkind: CephBlockPool\n"));
        assert!(text.contains("dataChunks: 2"));
        assert!(text.contains("crushOSDsPerFailureDomain: 1"));
        assert!(!text.contains("null"));
        assert!(!text.contains("replicated"));
    }

    #[test]
    fn filesystem_round_trips() {
        let fs: CephFilesystem = round_trip(
            r"
apiVersion: ceph.rook.io/v1
kind: CephFilesystem
metadata: {name: myfs, namespace: rook-ceph}
spec:
  metadataPool:
    replicated: {size: 3}
  dataPools:
    - name: replicated
      failureDomain: host
      replicated: {size: 3}
  preservePoolsOnDelete: true
  metadataServer:
    activeCount: 1
    activeStandby: true
    resources:
      limits: {memory: 4Gi}
",
        );
        assert_eq!(fs.spec.data_pools[0].name.as_deref(), Some("replicated"));
        assert_eq!(fs.spec.metadata_server.active_count, 1);
        assert_eq!(fs.spec.metadata_server.active_standby, Some(true));
        let limits = fs.spec.metadata_server.resources.as_ref().and_then(|r| r.limits.as_ref());
        assert_eq!(limits.and_then(|l| l.get("memory")), Some(&Quantity("4Gi".into())));
    }

    #[test]
    fn object_store_round_trips() {
        let store: CephObjectStore = round_trip(
            r"
apiVersion: ceph.rook.io/v1
kind: CephObjectStore
metadata: {name: my-store, namespace: rook-ceph}
spec:
  metadataPool:
    failureDomain: host
    replicated: {size: 3}
  dataPool:
    failureDomain: host
    erasureCoded: {dataChunks: 2, codingChunks: 1, stripeUnit: 64Ki}
  preservePoolsOnDelete: true
  gateway:
    port: 80
    instances: 1
",
        );
        let gateway = store.spec.gateway.as_ref().expect("gateway is set");
        assert_eq!((gateway.port, gateway.instances), (Some(80), Some(1)));
        let ec = store.spec.data_pool.as_ref().and_then(|p| p.erasure_coded.as_ref());
        assert_eq!(ec.and_then(|e| e.stripe_unit.clone()), Some(Quantity("64Ki".into())));
    }

    #[test]
    fn missing_required_fields_are_rejected() {
        let result: Result<ReplicatedSpec, _> = serde_yaml::from_str("{targetSizeRatio: 0.5}");
        let message = result.expect_err("replicated without size is rejected").to_string();
        assert!(message.contains("missing field `size`"), "{message}");
    }

    #[test]
    fn unknown_fields_are_rejected() {
        // `requireSafeReplicas` is a misspelling of `requireSafeReplicaSize`.
        let result: Result<CephBlockPool, _> = serde_yaml::from_str(
            "{apiVersion: ceph.rook.io/v1, kind: CephBlockPool, metadata: {name: p}, \
             spec: {replicated: {size: 1, requireSafeReplicas: false}}}",
        );
        let message = result.expect_err("a misspelled key is rejected").to_string();
        assert!(message.contains("unknown field `requireSafeReplicas`"), "{message}");

        // Named pools repeat the pool fields instead of flattening, so they stay strict too.
        let result: Result<NamedPoolSpec, _> = serde_yaml::from_str("{name: data, size: 3}");
        let message = result.expect_err("a pool key at the wrong level is rejected").to_string();
        assert!(message.contains("unknown field `size`"), "{message}");
    }
}
