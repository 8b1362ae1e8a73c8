//! L014 `shared-rwo-claim`: a `ReadWriteOnce` claim cannot serve several replicas.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags a workload that runs more than one pod (replicas above 1, or a DaemonSet) and
    /// mounts a PersistentVolumeClaim whose only access modes are `ReadWriteOnce` or
    /// `ReadWriteOncePod`. StatefulSets' own claim templates (one claim per pod) are fine.
    ///
    /// ## Why is this bad?
    /// The volume attaches to one node: the other replicas stay `ContainerCreating` with a
    /// multi-attach error as soon as they land elsewhere, and a rollout deadlocks.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: PersistentVolumeClaim
    /// metadata: {name: data}
    /// spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   replicas: 2
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers: [{name: web, image: "nginx:1.27.2"}]
    ///       volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
    /// ```
    ///
    /// Use instead: a `ReadWriteMany` class (NFS, CephFS), one replica, or a StatefulSet with
    /// `volumeClaimTemplates`.
    SharedRwoClaim { code: "L014", name: "shared-rwo-claim", default: Warning }
}

impl Rule for SharedRwoClaim {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        let docs = context.docs();
        let claims: Vec<&Node> =
            docs.of_kind("PersistentVolumeClaim").map(|(_, claim)| claim).collect();
        for pod in docs.pods() {
            let replicas = pod.replicas();
            if replicas < 2 {
                continue;
            }
            for (index, volume) in
                pod.spec.get("volumes").map(Node::as_seq).unwrap_or_default().iter().enumerate()
            {
                let Some(name) =
                    volume.pointer("/persistentVolumeClaim/claimName").and_then(Node::as_str)
                else {
                    continue;
                };
                let Some(claim) = claims.iter().find(|claim| {
                    crate::lint::object_name(claim) == name
                        && super::namespace_of(claim) == super::namespace_of(pod.object)
                }) else {
                    continue;
                };
                let modes: Vec<&str> = claim
                    .pointer("/spec/accessModes")
                    .map(Node::as_seq)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(Node::as_str)
                    .collect();
                if !modes.is_empty()
                    && modes
                        .iter()
                        .all(|mode| matches!(*mode, "ReadWriteOnce" | "ReadWriteOncePod"))
                {
                    context.report(
                        pod.document,
                        &format!("{}/volumes/{index}", pod.pointer),
                        format!("{} `{}` runs {} pods on claim `{name}`, which attaches to one node ({})", pod.kind, pod.name, if pod.kind == "DaemonSet" { "several".to_owned() } else { replicas.to_string() }, modes.join(", ")),
                        "use a ReadWriteMany class (`access rwx` in timon), one replica, or a StatefulSet",
                    );
                }
            }
        }
    }
}
