//! Lowers routes and middlewares to Traefik's `IngressRoute` and Middleware CRDs.

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::kubernetes::Context;
use crate::check::hir;
use crate::model::traefik::{
    AddPrefix, BasicAuth, Compress, Headers, IngressRoute, IngressRouteSpec, IpAllowList,
    Middleware, MiddlewareSpec, ObjectRef, RateLimit, RedirectScheme, Route, Service, StripPrefix,
    Tls, TraefikApiGroup,
};

fn group(context: &Context<'_>) -> TraefikApiGroup {
    match context.project.traefik.version {
        Some((major, minor)) => TraefikApiGroup::for_traefik_version(major, minor),
        None => TraefikApiGroup::TraefikIo,
    }
}

pub(super) fn middleware(context: &Context<'_>, middleware: &hir::Middleware) -> Middleware {
    let non_empty =
        |map: &std::collections::BTreeMap<String, String>| (!map.is_empty()).then(|| map.clone());
    let headers = (!middleware.request_headers.is_empty()
        || !middleware.response_headers.is_empty())
    .then(|| Headers {
        custom_request_headers: non_empty(&middleware.request_headers),
        custom_response_headers: non_empty(&middleware.response_headers),
        ..Headers::default()
    });
    let spec = MiddlewareSpec {
        redirect_scheme: middleware.redirect_scheme.as_ref().map(|redirect| RedirectScheme {
            scheme: Some(redirect.scheme.clone()),
            port: redirect.port.map(|port| port.to_string()),
            permanent: redirect.permanent.then_some(true),
        }),
        strip_prefix: (!middleware.strip_prefix.is_empty()).then(|| StripPrefix {
            prefixes: Some(middleware.strip_prefix.clone()),
            ..StripPrefix::default()
        }),
        add_prefix: middleware.add_prefix.clone().map(|prefix| AddPrefix { prefix: Some(prefix) }),
        basic_auth: middleware.basic_auth.as_ref().map(|(secret, realm)| BasicAuth {
            secret: Some(secret.clone()),
            realm: realm.clone(),
            ..BasicAuth::default()
        }),
        ip_allow_list: (!middleware.ip_allow.is_empty()).then(|| IpAllowList {
            source_range: Some(middleware.ip_allow.clone()),
            ..IpAllowList::default()
        }),
        rate_limit: middleware.rate_limit.map(|(average, burst)| RateLimit {
            average: Some(average),
            burst,
            ..RateLimit::default()
        }),
        compress: middleware.compress.then(Compress::default),
        headers,
        ..MiddlewareSpec::default()
    };
    Middleware::new(
        group(context),
        context.metadata(&middleware.name, context.environment_labels()),
        spec,
    )
}

/// One `IngressRoute`, or two when a TLS route also listens on plain entry points: Traefik
/// serves a TLS router only on TLS connections, so the plain side needs its own router (which
/// redirects to HTTPS when the route asks for it).
pub(super) fn ingress_routes(
    context: &Context<'_>,
    app: &hir::App,
    tier: &hir::Tier,
    route: &hir::Route,
) -> Vec<IngressRoute> {
    let is_tls = |name: &String| {
        context.project.entrypoints.get(name).is_some_and(|entrypoint| entrypoint.tls)
    };
    let (tls_entrypoints, plain_entrypoints): (Vec<String>, Vec<String>) =
        route.entrypoints.iter().cloned().partition(is_tls);
    let port = tier
        .containers
        .iter()
        .flat_map(|container| &container.ports)
        .find(|port| port.name == route.port_name)
        .map_or(IntOrString::String(route.port_name.clone()), |port| {
            IntOrString::Int(i32::from(port.number))
        });
    let rule = match &route.path {
        Some(path) => format!("Host(`{}`) && PathPrefix(`{path}`)", route.host),
        None => format!("Host(`{}`)", route.host),
    };
    let build =
        |name: String, entrypoints: Vec<String>, middlewares: &[String], tls: Option<Tls>| {
            let route_spec = Route {
                rule: rule.clone(),
                // `kind: Rule` is required by Traefik v2 and v3.0–v3.2 and still accepted after.
                kind: Some("Rule".to_owned()),
                priority: route.priority,
                services: Some(vec![Service {
                    name: tier.service_name.clone(),
                    port: Some(port.clone()),
                    ..Service::default()
                }]),
                middlewares: (!middlewares.is_empty()).then(|| {
                    middlewares
                        .iter()
                        .map(|name| ObjectRef { name: name.clone(), namespace: None })
                        .collect()
                }),
                ..Route::default()
            };
            IngressRoute::new(
                group(context),
                context.metadata(&name, context.tier_labels(app, tier)),
                IngressRouteSpec {
                    entry_points: Some(entrypoints),
                    routes: vec![route_spec],
                    tls,
                    ..IngressRouteSpec::default()
                },
            )
        };
    let tls = route.tls.as_ref().map(|tls| match tls {
        hir::Tls::Resolver(resolver) => {
            Tls { cert_resolver: Some(resolver.clone()), ..Tls::default() }
        }
        hir::Tls::Secret(secret) => Tls { secret_name: Some(secret.clone()), ..Tls::default() },
    });
    match tls {
        Some(tls) if !plain_entrypoints.is_empty() => {
            let plain_middlewares: Vec<String> = match &route.redirect_https {
                Some(redirect) => vec![redirect.clone()],
                None => route.middlewares.clone(),
            };
            vec![
                build(format!("{}-http", route.name), plain_entrypoints, &plain_middlewares, None),
                build(
                    format!("{}-https", route.name),
                    tls_entrypoints,
                    &route.middlewares,
                    Some(tls),
                ),
            ]
        }
        tls => vec![build(route.name.clone(), route.entrypoints.clone(), &route.middlewares, tls)],
    }
}
