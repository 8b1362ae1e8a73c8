//! L011 `probe-port-undefined`: probes and Service target ports must name declared ports.

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags a probe (`httpGet`, `tcpSocket` or `grpc`) whose port is a name that the
    /// container does not declare, and a Service `targetPort` name that no container of the
    /// pods it selects declares.
    ///
    /// ## Why is this bad?
    /// A probe on an unknown port name fails forever: the pod never becomes ready, or is
    /// restarted in a loop. A Service with an unknown target port has no endpoints.
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
    ///       ports: [{name: http, containerPort: 8080}]
    ///       readinessProbe: {httpGet: {path: /, port: htpp}}
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
    ///       ports: [{name: http, containerPort: 8080}]
    ///       readinessProbe: {httpGet: {path: /, port: http}}
    /// ```
    ProbePortUndefined { code: "L011", name: "probe-port-undefined", default: Error }
}

fn port_names(container: &Node) -> Vec<&str> {
    container
        .get("ports")
        .map(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|port| port.get("name").and_then(Node::as_str))
        .collect()
}

impl Rule for ProbePortUndefined {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        let docs = context.docs();
        let pods = docs.pod_index();
        for pod in pods.pods() {
            for container in pod.containers() {
                let names = port_names(container.node);
                for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                    let Some(probe_node) = container.node.get(probe) else { continue };
                    for action in ["httpGet", "tcpSocket", "grpc"] {
                        let Some(port) = probe_node
                            .get(action)
                            .and_then(|action| action.get("port"))
                            .and_then(Node::as_str)
                        else {
                            continue;
                        };
                        if port.parse::<u16>().is_ok() || names.contains(&port) {
                            continue;
                        }
                        let help = crate::diagnostics::closest(port, names.iter().copied())
                            .map_or_else(
                                || {
                                    "name one of the container's ports, or give the number"
                                        .to_owned()
                                },
                                |suggestion| format!("did you mean `{suggestion}`?"),
                            );
                        let pointer = format!("{}/{probe}/{action}/port", container.pointer);
                        context.report(pod.document, &pointer, format!("{probe} of container `{}` uses port `{port}`, which the container does not declare", container.name), help);
                    }
                }
            }
        }
        for (document, service) in docs.of_kind("Service") {
            let Some(selector) = service.pointer("/spec/selector") else { continue };
            let selected = pods.selected(super::namespace_of(service), &selector.string_map());
            if selected.is_empty() {
                continue;
            }
            for (index, port) in service
                .pointer("/spec/ports")
                .map(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let Some(target) = port.get("targetPort").and_then(Node::as_str) else { continue };
                let declared = selected.iter().any(|pod| {
                    pod.containers()
                        .iter()
                        .any(|container| port_names(container.node).contains(&target))
                });
                if !declared {
                    context.report(
                        document,
                        &format!("/spec/ports/{index}/targetPort"),
                        format!("Service `{}` targets port `{target}`, which no selected container declares", crate::lint::object_name(service)),
                        "name a port declared by the pods' containers, or give its number",
                    );
                }
            }
        }
    }
}
