//! L022 `etcd-even-member-count`.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an RKE cluster with an even number of nodes holding the `etcd` role.
    ///
    /// ## Why is this bad?
    /// etcd needs a majority to work: 4 members tolerate one failure, like 3, and 2 members
    /// tolerate none, like 1. The extra member only adds a way to lose quorum.
    ///
    /// ## Example
    /// ```yaml
    /// nodes:
    ///   - {address: 10.0.1.11, user: rke, role: [controlplane, etcd]}
    ///   - {address: 10.0.1.12, user: rke, role: [controlplane, etcd]}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// nodes:
    ///   - {address: 10.0.1.11, user: rke, role: [controlplane, etcd]}
    ///   - {address: 10.0.1.12, user: rke, role: [controlplane, etcd]}
    ///   - {address: 10.0.1.13, user: rke, role: [controlplane, etcd]}
    /// ```
    EtcdEvenMemberCount { code: "L022", name: "etcd-even-member-count", default: Warning }
}

impl Rule for EtcdEvenMemberCount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for (document, cluster) in context.docs().rke_clusters() {
            let count = super::nodes_with_role(cluster, "etcd");
            if count > 0 && count.is_multiple_of(2) {
                context.report(
                    document,
                    "/nodes",
                    format!("the cluster has {count} etcd nodes: an even count tolerates no more failures than {}", count - 1),
                    format!("run {} or {} etcd nodes", count - 1, count + 1),
                );
            }
        }
    }
}
