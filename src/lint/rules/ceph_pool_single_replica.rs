//! L003 `ceph-pool-single-replica`: Rook pools must keep more than one copy of the data.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags a Rook pool — a CephBlockPool, the metadata or data pools of a CephFilesystem,
    /// the pools of a CephObjectStore — with replicated size 1, or with
    /// `requireSafeReplicaSize: false` and a size below 3; and a StorageClass that provisions
    /// from such a pool.
    ///
    /// ## Why is this bad?
    /// With one replica every byte exists once: losing one disk or node loses data for good.
    /// Rook's own test examples use size 1, and they get copied into production.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: ceph.rook.io/v1
    /// kind: CephBlockPool
    /// metadata: {name: replicapool, namespace: rook-ceph}
    /// spec:
    ///   failureDomain: host
    ///   replicated: {size: 1}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: ceph.rook.io/v1
    /// kind: CephBlockPool
    /// metadata: {name: replicapool, namespace: rook-ceph}
    /// spec:
    ///   failureDomain: host
    ///   replicated: {size: 3, requireSafeReplicaSize: true}
    /// ```
    CephPoolSingleReplica { code: "L003", name: "ceph-pool-single-replica", default: Error }
}

/// Why a pool spec is unsafe, if it is.
fn unsafe_pool(pool: &Node) -> Option<String> {
    let replicated = pool.get("replicated")?;
    let size = replicated.get("size").and_then(Node::as_i64)?;
    let require_safe = replicated.get("requireSafeReplicaSize").and_then(Node::as_bool);
    if size == 1 {
        Some("keeps every byte once (replicated size 1)".to_owned())
    } else if require_safe == Some(false) && size < 3 {
        Some(format!("allows an unsafe size ({size}) with `requireSafeReplicaSize: false`"))
    } else {
        None
    }
}

impl Rule for CephPoolSingleReplica {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        let docs = context.docs();
        let help =
            "set `replicated.size: 3` (and `requireSafeReplicaSize: true`); in timon, `replicas 3`";
        let mut unsafe_pools: Vec<String> = Vec::new();
        for (document, _, kind, object) in docs.objects() {
            let name = crate::lint::object_name(object);
            let pools: Vec<(String, &Node)> = match kind {
                "CephBlockPool" => object
                    .pointer("/spec")
                    .map(|spec| vec![("/spec".to_owned(), spec)])
                    .unwrap_or_default(),
                "CephFilesystem" => {
                    let mut pools: Vec<(String, &Node)> = object
                        .pointer("/spec/metadataPool")
                        .map(|pool| ("/spec/metadataPool".to_owned(), pool))
                        .into_iter()
                        .collect();
                    for (index, pool) in object
                        .pointer("/spec/dataPools")
                        .map(Node::as_seq)
                        .unwrap_or_default()
                        .iter()
                        .enumerate()
                    {
                        pools.push((format!("/spec/dataPools/{index}"), pool));
                    }
                    pools
                }
                "CephObjectStore" => ["/spec/metadataPool", "/spec/dataPool"]
                    .iter()
                    .filter_map(|pointer| {
                        object.pointer(pointer).map(|pool| ((*pointer).to_owned(), pool))
                    })
                    .collect(),
                _ => continue,
            };
            for (pointer, pool) in pools {
                if let Some(why) = unsafe_pool(pool) {
                    context.report(
                        document,
                        &format!("{pointer}/replicated/size"),
                        format!("{kind} `{name}` {why}"),
                        help,
                    );
                    if kind == "CephBlockPool" {
                        unsafe_pools.push(name.to_owned());
                    } else if kind == "CephFilesystem" {
                        let data_name = pool.get("name").and_then(Node::as_str).unwrap_or_default();
                        unsafe_pools.push(format!("{name}-{data_name}"));
                    }
                }
            }
        }
        for (document, class) in docs.of_kind("StorageClass") {
            let provisioner = class.get("provisioner").and_then(Node::as_str).unwrap_or_default();
            if !(provisioner.ends_with(".rbd.csi.ceph.com")
                || provisioner.ends_with(".cephfs.csi.ceph.com"))
            {
                continue;
            }
            let Some(pool) = class.pointer("/parameters/pool").and_then(Node::as_str) else {
                continue;
            };
            if unsafe_pools.iter().any(|candidate| candidate == pool) {
                context.report(
                    document,
                    "/parameters/pool",
                    format!("StorageClass `{}` provisions from pool `{pool}`, which keeps a single copy", crate::lint::object_name(class)),
                    help,
                );
            }
        }
    }
}
