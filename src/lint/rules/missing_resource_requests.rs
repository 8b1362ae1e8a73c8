//! L002 `missing-resource-requests`: containers must set CPU and memory requests.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a container (init containers included) of any pod-bearing kind that sets no CPU
    /// request or no memory request. A request left out defaults to the limit when a limit is
    /// set, so a container with both limits is not flagged.
    ///
    /// ## Why is this bad?
    /// The scheduler places pods by their requests. A pod without requests lands on a node that
    /// has no room for it, and is the first to be evicted under pressure.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers:
    ///         - name: web
    ///           image: nginx:1.27.2
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: web}}
    ///     spec:
    ///       containers:
    ///         - name: web
    ///           image: nginx:1.27.2
    ///           resources:
    ///             requests: {cpu: 100m, memory: 128Mi}
    /// ```
    MissingResourceRequests { code: "L002", name: "missing-resource-requests", default: Error }
}

impl Rule for MissingResourceRequests {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        super::missing_resources(context, "requests", "request");
    }
}
