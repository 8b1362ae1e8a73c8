//! L008 `service-selects-no-pod`: a Service's selector must match some pod.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a Service with a selector that matches the pod template of no workload in the same
    /// namespace among the checked files. Services without a selector (external endpoints) are
    /// left alone.
    ///
    /// ## Why is this bad?
    /// The Service has no endpoints: every connection to it is refused, and routes through it
    /// answer 502/503. Usually a label typo (`tiers` against `tier`).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: web}
    /// spec:
    ///   selector: {app: web, tiers: front}
    ///   ports: [{port: 80}]
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web, labels: {app: web, tier: front}}
    /// spec:
    ///   containers: [{name: web, image: "nginx:1.27.2"}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: web}
    /// spec:
    ///   selector: {app: web, tier: front}
    ///   ports: [{port: 80}]
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web, labels: {app: web, tier: front}}
    /// spec:
    ///   containers: [{name: web, image: "nginx:1.27.2"}]
    /// ```
    ServiceSelectsNoPod { code: "L008", name: "service-selects-no-pod", default: Warning }
}

impl Rule for ServiceSelectsNoPod {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        let docs = context.docs();
        let pods = docs.pod_index();
        if pods.pods().is_empty() {
            // Nothing to compare with: the workloads live elsewhere.
            return;
        }
        for (document, service) in docs.of_kind("Service") {
            let Some(selector) = service.pointer("/spec/selector") else { continue };
            let wanted = selector.string_map();
            if wanted.is_empty() {
                continue;
            }
            if pods.selected(super::namespace_of(service), &wanted).is_empty() {
                let shown: Vec<String> =
                    wanted.iter().map(|(key, value)| format!("{key}={value}")).collect();
                context.report(
                    document,
                    "/spec/selector",
                    format!(
                        "Service `{}` selects no pod ({})",
                        crate::lint::object_name(service),
                        shown.join(", ")
                    ),
                    "make the selector match the labels of the pod template it serves",
                );
            }
        }
    }
}
