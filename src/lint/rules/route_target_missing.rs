//! L010 `route-target-missing`: an `IngressRoute` must point at a Service, port and middlewares
//! that exist.

use std::collections::BTreeMap;

use crate::declare_rule;
use crate::lint::{LintContext, Rule, RuleMeta};
use crate::manifest::{Node, NodeValue};

declare_rule! {
    /// ## What it does
    /// Flags a Traefik IngressRoute whose route sends traffic to a Service that the checked
    /// files do not define in the route's namespace, to a port that Service does not have
    /// (by number or name), or through a Middleware that is not defined there. Middlewares of
    /// another provider (`name@file`) are left alone.
    ///
    /// ## Why is this bad?
    /// Traefik drops the router: the host answers 404, or 500 when a middleware is missing,
    /// and the cause is only in Traefik's logs.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: traefik.io/v1alpha1
    /// kind: IngressRoute
    /// metadata: {name: web}
    /// spec:
    ///   entryPoints: [websecure]
    ///   routes:
    ///     - match: Host(`web.example.com`)
    ///       kind: Rule
    ///       services: [{name: web, port: 8080}]
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: web}
    /// spec:
    ///   ports: [{name: http, port: 80}]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: traefik.io/v1alpha1
    /// kind: IngressRoute
    /// metadata: {name: web}
    /// spec:
    ///   entryPoints: [websecure]
    ///   routes:
    ///     - match: Host(`web.example.com`)
    ///       kind: Rule
    ///       services: [{name: web, port: 80}]
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata: {name: web}
    /// spec:
    ///   ports: [{name: http, port: 80}]
    /// ```
    RouteTargetMissing { code: "L010", name: "route-target-missing", default: Error }
}

impl Rule for RouteTargetMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &mut LintContext<'_>) {
        let docs = context.docs();
        let services: BTreeMap<(&str, &str), &Node> = docs
            .of_kind("Service")
            .map(|(_, service)| {
                ((super::namespace_of(service), crate::lint::object_name(service)), service)
            })
            .collect();
        let middlewares: Vec<(&str, &str)> = docs
            .of_kind("Middleware")
            .map(|(_, middleware)| {
                (super::namespace_of(middleware), crate::lint::object_name(middleware))
            })
            .collect();
        for (document, route) in docs.of_kind("IngressRoute") {
            let namespace = super::namespace_of(route);
            let route_name = crate::lint::object_name(route);
            for (route_index, rule) in route
                .pointer("/spec/routes")
                .map(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                for (index, target) in
                    rule.get("services").map(Node::as_seq).unwrap_or_default().iter().enumerate()
                {
                    if target
                        .get("kind")
                        .and_then(Node::as_str)
                        .is_some_and(|kind| kind != "Service")
                    {
                        continue;
                    }
                    let Some(name) = target.get("name").and_then(Node::as_str) else { continue };
                    let target_namespace =
                        target.get("namespace").and_then(Node::as_str).unwrap_or(namespace);
                    let pointer = format!("/spec/routes/{route_index}/services/{index}");
                    let Some(service) = services.get(&(target_namespace, name)) else {
                        let known: Vec<&str> = services
                            .keys()
                            .filter(|(namespace, _)| *namespace == target_namespace)
                            .map(|(_, service)| *service)
                            .collect();
                        let help = crate::diagnostics::closest(name, known.iter().copied())
                            .map_or_else(
                                || "define the Service, or fix the name".to_owned(),
                                |suggestion| format!("did you mean `{suggestion}`?"),
                            );
                        context.report(document, &format!("{pointer}/name"), format!("IngressRoute `{route_name}` routes to Service `{name}`, which is not defined"), help);
                        continue;
                    };
                    let Some(port) = target.get("port") else { continue };
                    let ports =
                        service.pointer("/spec/ports").map(Node::as_seq).unwrap_or_default();
                    let found = ports.iter().any(|candidate| match &port.value {
                        NodeValue::Int(number) => {
                            candidate.get("port").and_then(Node::as_i64) == Some(*number)
                        }
                        NodeValue::Str(text) => {
                            candidate.get("name").and_then(Node::as_str) == Some(text.as_str())
                                || text.parse::<i64>().ok()
                                    == candidate.get("port").and_then(Node::as_i64)
                        }
                        _ => true,
                    });
                    if !found {
                        let listed: Vec<String> = ports
                            .iter()
                            .filter_map(|candidate| candidate.get("port").and_then(Node::as_i64))
                            .map(|number| number.to_string())
                            .collect();
                        context.report(
                            document,
                            &format!("{pointer}/port"),
                            format!(
                                "Service `{name}` has no port {}",
                                super::quantity_text(port).unwrap_or_default()
                            ),
                            format!("route to one of the Service's ports: {}", listed.join(", ")),
                        );
                    }
                }
                for (index, middleware) in
                    rule.get("middlewares").map(Node::as_seq).unwrap_or_default().iter().enumerate()
                {
                    let Some(name) = middleware.get("name").and_then(Node::as_str) else {
                        continue;
                    };
                    if name.contains('@') {
                        continue;
                    }
                    let middleware_namespace =
                        middleware.get("namespace").and_then(Node::as_str).unwrap_or(namespace);
                    if !middlewares.contains(&(middleware_namespace, name)) {
                        context.report(
                            document,
                            &format!("/spec/routes/{route_index}/middlewares/{index}/name"),
                            format!("IngressRoute `{route_name}` uses Middleware `{name}`, which is not defined in namespace `{middleware_namespace}`"),
                            "define the Middleware in the route's namespace, or fix the name",
                        );
                    }
                }
            }
        }
    }
}
