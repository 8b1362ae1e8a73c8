//! L006 `requests-above-limits`: a request may not exceed its limit.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a container whose CPU, memory or ephemeral-storage request is larger than its
    /// limit.
    ///
    /// ## Why is this bad?
    /// The API server rejects the pod ("must be less than or equal to cpu limit"): the
    /// workload never starts, and the error shows up only at deploy time.
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
    ///       resources:
    ///         requests: {cpu: "2", memory: 1Gi}
    ///         limits: {cpu: "1", memory: 1Gi}
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
    ///       resources:
    ///         requests: {cpu: "1", memory: 1Gi}
    ///         limits: {cpu: "2", memory: 1Gi}
    /// ```
    RequestsAboveLimits { code: "L006", name: "requests-above-limits", default: Error }
}

impl Rule for RequestsAboveLimits {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for pod in context.docs().pods() {
            for container in pod.containers() {
                for resource in ["cpu", "memory", "ephemeral-storage"] {
                    let value = |field: &str| {
                        container
                            .node
                            .get("resources")?
                            .get(field)?
                            .get(resource)
                            .and_then(super::quantity_text)
                    };
                    let (Some(request), Some(limit)) = (value("requests"), value("limits")) else {
                        continue;
                    };
                    let (Some(request_nanos), Some(limit_nanos)) =
                        (super::quantity_nanos(&request), super::quantity_nanos(&limit))
                    else {
                        continue;
                    };
                    if request_nanos > limit_nanos {
                        context.report(
                            pod.document,
                            &format!("{}/resources/requests/{resource}", container.pointer),
                            format!("container `{}` requests {resource} {request}, above its limit {limit}", container.name),
                            "Kubernetes rejects the pod: lower the request or raise the limit",
                        );
                    }
                }
            }
        }
    }
}
