//! L017 `privileged-container`.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags a container with `securityContext.privileged: true`.
    ///
    /// ## Why is this bad?
    /// A privileged container has every capability and the host's devices: escaping it is
    /// trivial, so one compromised pod owns the node.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: tools}
    /// spec:
    ///   containers:
    ///     - name: tools
    ///       image: busybox:1.36
    ///       securityContext: {privileged: true}
    /// ```
    ///
    /// Use instead: grant the one capability needed (`capabilities: {add: [NET_ADMIN]}`), or
    /// run the task on the node outside Kubernetes.
    PrivilegedContainer { code: "L017", name: "privileged-container", default: Error }
}

impl Rule for PrivilegedContainer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for pod in context.docs().pods() {
            for container in pod.containers() {
                if container.node.pointer("/securityContext/privileged").and_then(Node::as_bool)
                    == Some(true)
                {
                    context.report(
                        pod.document,
                        &format!("{}/securityContext/privileged", container.pointer),
                        format!(
                            "container `{}` of {} `{}` runs privileged",
                            container.name, pod.kind, pod.name
                        ),
                        "drop `privileged: true`; add only the capabilities the container needs",
                    );
                }
            }
        }
    }
}
