//! L018 `privilege-escalation-allowed`.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags a container that sets `securityContext.allowPrivilegeEscalation: true`.
    ///
    /// ## Why is this bad?
    /// A process of the container can gain more privileges than its parent (setuid binaries):
    /// a foothold becomes root inside the container.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///     - name: web
    ///       image: nginx:1.27.2
    ///       securityContext: {allowPrivilegeEscalation: true}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web}
    /// spec:
    ///   containers:
    ///     - name: web
    ///       image: nginx:1.27.2
    ///       securityContext: {allowPrivilegeEscalation: false}
    /// ```
    PrivilegeEscalationAllowed { code: "L018", name: "privilege-escalation-allowed", default: Warning }
}

impl Rule for PrivilegeEscalationAllowed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for pod in context.docs().pods() {
            for container in pod.containers() {
                if container
                    .node
                    .pointer("/securityContext/allowPrivilegeEscalation")
                    .and_then(Node::as_bool)
                    == Some(true)
                {
                    context.report(
                        pod.document,
                        &format!("{}/securityContext/allowPrivilegeEscalation", container.pointer),
                        format!(
                            "container `{}` of {} `{}` allows privilege escalation",
                            container.name, pod.kind, pod.name
                        ),
                        "set `allowPrivilegeEscalation: false`",
                    );
                }
            }
        }
    }
}
