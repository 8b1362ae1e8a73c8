//! L012 `readiness-probe-missing`: pods behind a Service need a readiness probe.

use std::collections::BTreeMap;

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a container of a pod that a Service selects and that has no `readinessProbe`.
    /// Pods that no Service selects are left alone (nothing routes to them).
    ///
    /// ## Why is this bad?
    /// Without a readiness probe a pod receives traffic as soon as its process starts: a slow
    /// application (a JVM, Confluence) answers errors during every rollout and restart.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: web}
    /// spec: {selector: {app: web}, ports: [{port: 80}]}
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web, labels: {app: web}}
    /// spec:
    ///   containers: [{name: web, image: "nginx:1.27.2"}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: web}
    /// spec: {selector: {app: web}, ports: [{port: 80}]}
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: web, labels: {app: web}}
    /// spec:
    ///   containers:
    ///     - name: web
    ///       image: nginx:1.27.2
    ///       readinessProbe: {httpGet: {path: /, port: 80}}
    /// ```
    ReadinessProbeMissing { code: "L012", name: "readiness-probe-missing", default: Warning }
}

impl Rule for ReadinessProbeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        let docs = context.docs();
        let pods = docs.pod_index();
        // The first Service (in document order) that selects each pod.
        let mut serving: BTreeMap<usize, &str> = BTreeMap::new();
        for (_, service) in docs.of_kind("Service") {
            let Some(selector) = service.pointer("/spec/selector") else { continue };
            let wanted = selector.string_map();
            for pod in pods.selected(super::namespace_of(service), &wanted) {
                serving.entry(pod.document).or_insert_with(|| crate::lint::object_name(service));
            }
        }
        for pod in pods.pods() {
            let Some(service) = serving.get(&pod.document) else { continue };
            for container in pod.containers().iter().filter(|container| !container.is_init) {
                if container.node.get("readinessProbe").is_none() {
                    context.report(
                        pod.document,
                        &container.pointer,
                        format!("container `{}` receives traffic from Service `{service}` but has no readiness probe", container.name),
                        "add a readiness probe; in timon, `readiness http \"/health\" on PORT` or `readiness tcp PORT`",
                    );
                }
            }
        }
    }
}
