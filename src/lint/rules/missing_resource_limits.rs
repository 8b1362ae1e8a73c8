//! L001 `missing-resource-limits`: containers must set CPU and memory limits.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a container (init containers included) of any pod-bearing kind — Pod, Deployment,
    /// StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob — that sets no
    /// CPU limit or no memory limit.
    ///
    /// ## Why is this bad?
    /// Without a memory limit one container can take a node's memory and get its neighbours
    /// evicted; without a CPU limit it can starve them. With a limit set too low, the container
    /// is killed: set it on purpose, from what the application needs.
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
    ///         requests: {cpu: 100m, memory: 128Mi}
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
    ///         requests: {cpu: 100m, memory: 128Mi}
    ///         limits: {cpu: 500m, memory: 256Mi}
    /// ```
    ///
    /// In timon: `resources { cpu 100m..500m  memory 128Mi..256Mi }` (request..limit).
    MissingResourceLimits { code: "L001", name: "missing-resource-limits", default: Error }
}

impl Rule for MissingResourceLimits {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        super::missing_resources(context, "limits", "limit");
    }
}
