//! L004 `pod-port-clash`: two containers of one pod may not use one port.

use std::collections::BTreeMap;

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::Node;

declare_rule! {
    /// ## What it does
    /// Flags two containers of one pod (init containers included) that declare the same
    /// `containerPort` with the same protocol, and two ports of one pod that ask for the same
    /// `hostPort` and protocol. The same number on TCP and UDP is no clash.
    ///
    /// ## Why is this bad?
    /// All containers of a pod share one network namespace: the second one to bind the port
    /// fails with "address already in use" and crash-loops. The API server only warns.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: db}
    /// spec:
    ///   containers:
    ///     - name: postgres
    ///       image: postgres:16.4
    ///       ports: [{containerPort: 8080}]
    ///     - name: adminer
    ///       image: adminer:4.8.1
    ///       ports: [{containerPort: 8080}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata: {name: db}
    /// spec:
    ///   containers:
    ///     - name: postgres
    ///       image: postgres:16.4
    ///       ports: [{containerPort: 5432}]
    ///     - name: adminer
    ///       image: adminer:4.8.1
    ///       ports: [{containerPort: 8080}]
    /// ```
    PodPortClash { code: "L004", name: "pod-port-clash", default: Error }
}

impl Rule for PodPortClash {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        for pod in context.docs().pods() {
            let mut container_ports: BTreeMap<(i64, String), (String, crate::source::Span)> =
                BTreeMap::new();
            let mut host_ports: BTreeMap<(i64, String), (String, crate::source::Span)> =
                BTreeMap::new();
            for container in pod.containers() {
                for (index, port) in container
                    .node
                    .get("ports")
                    .map(Node::as_seq)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let protocol =
                        port.get("protocol").and_then(Node::as_str).unwrap_or("TCP").to_owned();
                    let pointer = format!("{}/ports/{index}", container.pointer);
                    let span = port.span;
                    if let Some(number) = port.get("containerPort").and_then(Node::as_i64) {
                        match container_ports.get(&(number, protocol.clone())) {
                            Some((other, other_span)) if other != container.name => {
                                let other_span = *other_span;
                                context.report(
                                    pod.document,
                                    &pointer,
                                    format!("containers `{other}` and `{}` of {} `{}` both use port {number}/{protocol}", container.name, pod.kind, pod.name),
                                    "containers of a pod share one network: move one of them to another port",
                                );
                                context.with_related(other_span, format!("`{other}` uses it here"));
                            }
                            Some(_) => {}
                            None => {
                                container_ports.insert(
                                    (number, protocol.clone()),
                                    (container.name.to_owned(), span),
                                );
                            }
                        }
                    }
                    if let Some(number) = port.get("hostPort").and_then(Node::as_i64) {
                        if let Some((other, other_span)) =
                            host_ports.get(&(number, protocol.clone()))
                        {
                            let (other, other_span) = (other.clone(), *other_span);
                            context.report(
                                pod.document,
                                &format!("{pointer}/hostPort"),
                                format!(
                                    "host port {number}/{protocol} is requested twice in {} `{}`",
                                    pod.kind, pod.name
                                ),
                                "a node has one such port: remove one `hostPort`",
                            );
                            context.with_related(other_span, format!("`{other}` requests it here"));
                        } else {
                            host_ports
                                .insert((number, protocol), (container.name.to_owned(), span));
                        }
                    }
                }
            }
        }
    }
}
