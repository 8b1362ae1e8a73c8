//! L023 `single-control-plane-node`.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags an RKE cluster with more than one node but a single `controlplane` node.
    ///
    /// ## Why is this bad?
    /// When that node is down or upgraded, nothing schedules, scales or heals: the workers run
    /// blind. Three control-plane nodes (with etcd) is the usual production shape.
    ///
    /// ## Example
    /// ```yaml
    /// nodes:
    ///   - {address: 10.0.1.11, user: rke, role: [controlplane, etcd]}
    ///   - {address: 10.0.1.21, user: rke, role: [worker]}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// nodes:
    ///   - {address: 10.0.1.11, user: rke, role: [controlplane, etcd]}
    ///   - {address: 10.0.1.12, user: rke, role: [controlplane, etcd]}
    ///   - {address: 10.0.1.13, user: rke, role: [controlplane, etcd]}
    ///   - {address: 10.0.1.21, user: rke, role: [worker]}
    /// ```
    SingleControlPlaneNode { code: "L023", name: "single-control-plane-node", default: Warning }
}

impl Rule for SingleControlPlaneNode {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for (document, cluster) in context.docs().rke_clusters() {
            let nodes = cluster.get("nodes").map(Node::as_seq).unwrap_or_default().len();
            if nodes > 1 && super::nodes_with_role(cluster, "controlplane") == 1 {
                context.report(
                    document,
                    "/nodes",
                    format!("the cluster has {nodes} nodes but a single control-plane node"),
                    "give the `controlplane` role to three nodes",
                );
            }
        }
    }
}
