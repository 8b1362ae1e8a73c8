//! L009 `selector-template-mismatch`: a workload's selector must match its pod template.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a Deployment, StatefulSet, DaemonSet, ReplicaSet or Job whose
    /// `spec.selector.matchLabels` are not all carried by its pod template's labels.
    ///
    /// ## Why is this bad?
    /// The API server rejects the object ("selector does not match template labels"), or, for a
    /// ReplicationController, the controller never sees its own pods and creates more forever.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata: {name: web}
    /// spec:
    ///   selector: {matchLabels: {app: web}}
    ///   template:
    ///     metadata: {labels: {app: website}}
    ///     spec:
    ///       containers: [{name: web, image: "nginx:1.27.2"}]
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
    ///       containers: [{name: web, image: "nginx:1.27.2"}]
    /// ```
    SelectorTemplateMismatch { code: "L009", name: "selector-template-mismatch", default: Error }
}

impl Rule for SelectorTemplateMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for pod in context.docs().pods() {
            if !matches!(
                pod.kind,
                "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job"
            ) {
                continue;
            }
            let Some(selector) = pod.object.pointer("/spec/selector/matchLabels") else { continue };
            let labels = &pod.labels;
            for (key, value) in selector.string_map() {
                if labels.contains(&(key, value)) {
                    continue;
                }
                let found = labels.iter().find(|(label, _)| *label == key).map_or_else(
                    || "no such label".to_owned(),
                    |(_, other)| format!("`{key}: {other}`"),
                );
                context.report(
                    pod.document,
                    &format!("/spec/selector/matchLabels/{key}"),
                    format!("{} `{}` selects `{key}: {value}`, but its pod template has {found}", pod.kind, pod.name),
                    "give the template the selector's labels (timon derives both from the same names)",
                );
            }
        }
    }
}
