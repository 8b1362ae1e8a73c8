//! L012 `readiness-probe-missing`: pods behind a Service need a readiness probe.

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
        let services: Vec<_> = docs.of_kind("Service").collect();
        for pod in docs.pods() {
            let labels = pod.labels();
            let Some((_, service)) = services.iter().find(|(_, service)| {
                super::namespace_of(service) == super::namespace_of(pod.object)
                    && service.pointer("/spec/selector").is_some_and(|selector| {
                        super::service_selects_no_pod::selects(selector, &labels)
                    })
            }) else {
                continue;
            };
            for container in pod.containers().into_iter().filter(|container| !container.is_init) {
                if container.node.get("readinessProbe").is_none() {
                    context.report(
                        pod.document,
                        &container.pointer,
                        format!("container `{}` receives traffic from Service `{}` but has no readiness probe", container.name, crate::lint::object_name(service)),
                        "add a readiness probe; in timon, `readiness http \"/health\" on PORT` or `readiness tcp PORT`",
                    );
                }
            }
        }
    }
}
