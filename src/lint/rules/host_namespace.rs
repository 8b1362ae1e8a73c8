//! L019 `host-namespace`.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags a pod that shares the node's network, process or IPC namespace (`hostNetwork`,
    /// `hostPID`, `hostIPC`).
    ///
    /// ## Why is this bad?
    /// The pod sees and can reach everything on the node: other pods' traffic, every process,
    /// shared memory. Its ports also clash with the node's own.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: agent}
    /// spec:
    ///   hostNetwork: true
    ///   containers: [{name: agent, image: "busybox:1.36"}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: agent}
    /// spec:
    ///   containers: [{name: agent, image: "busybox:1.36"}]
    /// ```
    HostNamespace { code: "L019", name: "host-namespace", default: Error }
}

impl Rule for HostNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for pod in context.docs().pods() {
            for field in ["hostNetwork", "hostPID", "hostIPC"] {
                if pod.spec.get(field).and_then(Node::as_bool) == Some(true) {
                    context.report(
                        pod.document,
                        &format!("{}/{field}", pod.pointer),
                        format!("{} `{}` sets `{field}: true`", pod.kind, pod.name),
                        format!(
                            "remove `{field}`; expose ports through a Service instead of the node"
                        ),
                    );
                }
            }
        }
    }
}
