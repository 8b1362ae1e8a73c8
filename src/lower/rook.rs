//! Lowers Ceph pools and filesystems to Rook's `CephBlockPool` and `CephFilesystem`.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::check::hir;
use crate::model::rook::{
    CephBlockPool, CephFilesystem, FilesystemSpec, MetadataServerSpec, NamedPoolSpec, PoolSpec,
    ReplicatedSpec,
};

fn replicated(size: u32, require_safe: Option<bool>) -> ReplicatedSpec {
    ReplicatedSpec {
        size,
        // Rook refuses size 1 with the safety on; keep its default otherwise, but say it.
        require_safe_replica_size: Some(require_safe.unwrap_or(size > 1)),
        ..ReplicatedSpec::default()
    }
}

fn metadata(name: &str, namespace: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(namespace.to_owned()),
        ..ObjectMeta::default()
    }
}

pub(super) fn block_pool(pool: &hir::CephPool) -> CephBlockPool {
    let spec = NamedPoolSpec {
        failure_domain: Some(pool.failure_domain.clone()),
        device_class: pool.device_class.clone(),
        replicated: Some(replicated(pool.replicas, pool.require_safe_replicas)),
        ..NamedPoolSpec::default()
    };
    CephBlockPool::new(metadata(&pool.name, &pool.cluster_namespace), spec)
}

pub(super) fn filesystem(filesystem: &hir::CephFilesystem) -> CephFilesystem {
    let pool = |replicas: u32| PoolSpec {
        failure_domain: Some(filesystem.failure_domain.clone()),
        replicated: Some(replicated(replicas, None)),
        ..PoolSpec::default()
    };
    let spec = FilesystemSpec {
        metadata_pool: NamedPoolSpec::from(pool(filesystem.metadata_replicas)),
        data_pools: filesystem
            .data_pools
            .iter()
            .map(|(name, replicas)| NamedPoolSpec::named(name.clone(), pool(*replicas)))
            .collect(),
        preserve_filesystem_on_delete: Some(true),
        metadata_server: MetadataServerSpec {
            active_count: i32::try_from(filesystem.active_mds).unwrap_or(1),
            active_standby: Some(true),
            ..MetadataServerSpec::default()
        },
        ..FilesystemSpec::default()
    };
    CephFilesystem::new(metadata(&filesystem.name, &filesystem.cluster_namespace), spec)
}
