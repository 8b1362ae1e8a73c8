//! Traefik CRD objects for both API groups: HTTP and TCP routes, middlewares, TLS options, stores.
//!
//! Field names follow the Go types in `pkg/provider/kubernetes/crd/traefikio/v1alpha1` and
//! `pkg/config/dynamic/middlewares.go` of traefik/traefik v3.7.9 (facts A.3–A.6). The v3 field
//! set is a superset of the v2.10/v2.11 one, so the same structs serve `traefik.io/v1alpha1` and
//! the deprecated `traefik.containo.us/v1alpha1`. Fields that only a newer Traefik reads are
//! noted on the field; the linter decides what a given target version accepts.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The API group a Traefik CRD object is written for.
///
/// Traefik up to v2.9 serves only `traefik.containo.us`, v2.10 and v2.11 serve both groups (the
/// old one deprecated), and v3 serves only `traefik.io` (facts A.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum TraefikApiGroup {
    /// The `traefik.io` group, introduced in Traefik v2.10 and the only one in v3.
    #[default]
    TraefikIo,
    /// The `traefik.containo.us` group, deprecated in v2.10 and removed in v3.
    Containous,
}

impl TraefikApiGroup {
    /// Returns the full `apiVersion` string for objects of this group.
    #[must_use]
    pub fn api_version(self) -> &'static str {
        match self {
            Self::TraefikIo => "traefik.io/v1alpha1",
            Self::Containous => "traefik.containo.us/v1alpha1",
        }
    }

    /// Returns the group a Traefik release should be given: `traefik.containo.us` below v2.10,
    /// `traefik.io` from v2.10 on.
    #[must_use]
    pub fn for_traefik_version(major: u64, minor: u64) -> Self {
        if major < 2 || (major == 2 && minor < 10) { Self::Containous } else { Self::TraefikIo }
    }

    /// Returns the group whose `apiVersion` string is `api_version`, or `None` for any other
    /// string.
    #[must_use]
    pub fn from_api_version(api_version: &str) -> Option<Self> {
        match api_version {
            "traefik.io/v1alpha1" => Some(Self::TraefikIo),
            "traefik.containo.us/v1alpha1" => Some(Self::Containous),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shared small types.
// ---------------------------------------------------------------------------------------------

/// A reference to another Traefik object by name and optional namespace.
///
/// Traefik uses this shape for Middleware, `TLSOption`, `TLSStore` and parent `IngressRoute`
/// references. A Middleware reference name must not contain `@` (facts A.3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ObjectRef {
    /// The name of the referenced object.
    pub name: String,
    /// The namespace of the referenced object; the referencing object's namespace when absent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub namespace: Option<String>,
}

impl ObjectRef {
    /// Builds a reference to `name` in the referencing object's own namespace.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into(), namespace: None }
    }
}

/// A domain to request a certificate for (`pkg/types/domains.go`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Domain {
    /// The main subject name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub main: Option<String>,
    /// Subject alternative names.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sans: Option<Vec<String>>,
}

// ---------------------------------------------------------------------------------------------
// IngressRoute.
// ---------------------------------------------------------------------------------------------

/// A Traefik HTTP router (`kind: IngressRoute`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IngressRoute {
    /// The API version, `traefik.io/v1alpha1` or `traefik.containo.us/v1alpha1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// The object kind, always `IngressRoute`.
    pub kind: String,
    /// Standard object metadata.
    pub metadata: ObjectMeta,
    /// The router specification.
    pub spec: IngressRouteSpec,
}

impl IngressRoute {
    /// The `kind` value of this object.
    pub const KIND: &'static str = "IngressRoute";

    /// Builds an `IngressRoute` for `group`, filling in `apiVersion` and `kind`.
    #[must_use]
    pub fn new(group: TraefikApiGroup, metadata: ObjectMeta, spec: IngressRouteSpec) -> Self {
        Self {
            api_version: group.api_version().to_owned(),
            kind: Self::KIND.to_owned(),
            metadata,
            spec,
        }
    }
}

/// The `spec` of an `IngressRoute`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IngressRouteSpec {
    /// The `IngressClass` this route belongs to. Traefik v3 only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ingress_class_name: Option<String>,
    /// Entry point names to bind to; all default entry points when absent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub entry_points: Option<Vec<String>>,
    /// The routes. Required by the CRD schema.
    pub routes: Vec<Route>,
    /// TLS configuration; plain HTTP when absent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tls: Option<Tls>,
    /// Parent `IngressRoutes` for multi-layer routing. New in Traefik v3.x.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent_refs: Option<Vec<ObjectRef>>,
}

/// One HTTP route of an `IngressRoute`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Route {
    /// The router rule, written as `match` in YAML, for example ``Host(`a.example.com`)``.
    #[serde(rename = "match")]
    pub rule: String,
    /// The route kind, only `Rule`. Required by the v2.x and v3.0–v3.2 schemas and optional from
    /// v3.3.0 on, so timon should always emit it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kind: Option<String>,
    /// The router priority; `0` or absent means the rule length decides. The v3.7.9 CRD schema
    /// caps it at 9007199254740991 (2^53 - 1), below the documented `MaxInt64 - 1000`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub priority: Option<i64>,
    /// The per-route rule syntax, `v2` or `v3`. Traefik v3 only, and deprecated there.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub syntax: Option<String>,
    /// The services traffic goes to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub services: Option<Vec<Service>>,
    /// Middlewares applied to this route, in order.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub middlewares: Option<Vec<ObjectRef>>,
    /// Per-router observability switches. Traefik v3.x only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub observability: Option<RouterObservability>,
}

/// The observability switches of one HTTP router.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RouterObservability {
    /// Whether access logs are written for this router.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub access_logs: Option<bool>,
    /// Whether metrics are recorded for this router.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub metrics: Option<bool>,
    /// Whether requests through this router are traced.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tracing: Option<bool>,
    /// The tracing verbosity, `minimal` (the default) or `detailed`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub trace_verbosity: Option<String>,
}

/// An upstream of an HTTP route: a Kubernetes Service or a `TraefikService`
/// (Traefik's `LoadBalancerSpec`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Service {
    /// The name of the Kubernetes Service or `TraefikService`.
    pub name: String,
    /// `Service` (the default) or `TraefikService`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kind: Option<String>,
    /// The namespace of the Service; cross-namespace references need the provider option
    /// `allowCrossNamespace`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub namespace: Option<String>,
    /// The Service port number or port name. Traefik rejects an empty or zero port for a
    /// Kubernetes Service ("ingressRoute service port not defined").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub port: Option<IntOrString>,
    /// The scheme used towards the upstream; `https` for port 443, otherwise `http`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scheme: Option<String>,
    /// Whether the client Host header is forwarded; defaults to true.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pass_host_header: Option<bool>,
    /// The weight, only meaningful for a weighted-round-robin `TraefikService`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weight: Option<u32>,
    /// The balancing strategy: `wrr`, `p2c`, `hrw`, `leasttime` or the deprecated `RoundRobin`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub strategy: Option<String>,
    /// The name of a `ServersTransport` object.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub servers_transport: Option<String>,
    /// Sticky session configuration.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sticky: Option<Sticky>,
    /// Whether the load balancer targets pod IPs directly instead of the `ClusterIP`.
    #[serde(rename = "nativeLB", skip_serializing_if = "Option::is_none", default)]
    pub native_lb: Option<bool>,
    /// Whether the load balancer targets node IPs and the nodePort of a `NodePort` Service.
    #[serde(rename = "nodePortLB", skip_serializing_if = "Option::is_none", default)]
    pub node_port_lb: Option<bool>,
    /// Middlewares applied at the service level.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub middlewares: Option<Vec<ObjectRef>>,
    /// How responses are flushed to the client.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub response_forwarding: Option<ResponseForwarding>,
    /// Active health checks, for `ExternalName` Services only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub health_check: Option<ServerHealthCheck>,
    /// Passive health checks, for `ExternalName` Services only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub passive_health_check: Option<PassiveHealthCheck>,
}

impl Service {
    /// Builds a reference to the Kubernetes Service `name` on `port`.
    #[must_use]
    pub fn new(name: impl Into<String>, port: IntOrString) -> Self {
        Self { name: name.into(), port: Some(port), ..Self::default() }
    }
}

/// Sticky session configuration of a service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Sticky {
    /// The session cookie.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cookie: Option<StickyCookie>,
}

/// The cookie used for sticky sessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StickyCookie {
    /// The cookie name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
    /// Whether the cookie is only sent over HTTPS.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secure: Option<bool>,
    /// Whether the cookie is hidden from scripts.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub http_only: Option<bool>,
    /// The `SameSite` policy: `none`, `lax` or `strict`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub same_site: Option<String>,
    /// The cookie lifetime in seconds.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_age: Option<i64>,
    /// The cookie path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<String>,
    /// The cookie domain.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub domain: Option<String>,
}

/// How Traefik forwards the upstream response to the client.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ResponseForwarding {
    /// The flush interval, for example `100ms`; negative flushes after every write.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flush_interval: Option<String>,
}

/// An active health check of an `ExternalName` Service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ServerHealthCheck {
    /// The scheme used for the check.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scheme: Option<String>,
    /// The check mode, `http` (the default) or `grpc`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mode: Option<String>,
    /// The URL path of the check.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<String>,
    /// The HTTP method of the check.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub method: Option<String>,
    /// The expected HTTP status code.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<i64>,
    /// The port of the check.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub port: Option<i64>,
    /// The interval between checks of a healthy target (a duration or seconds).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub interval: Option<IntOrString>,
    /// The interval between checks of an unhealthy target (a duration or seconds).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unhealthy_interval: Option<IntOrString>,
    /// The check timeout (a duration or seconds).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub timeout: Option<IntOrString>,
    /// The Host header value of the check request.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hostname: Option<String>,
    /// Whether redirects are followed; defaults to true.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub follow_redirects: Option<bool>,
    /// Extra headers sent with the check request.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub headers: Option<BTreeMap<String, String>>,
}

/// A passive health check of an `ExternalName` Service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PassiveHealthCheck {
    /// The window in which failures are counted, and how long a server stays unhealthy.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub failure_window: Option<IntOrString>,
    /// Consecutive failures allowed inside the window.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_failed_attempts: Option<i64>,
}

/// The TLS section of an `IngressRoute`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Tls {
    /// A Secret with the certificate, in the `IngressRoute`'s namespace.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret_name: Option<String>,
    /// The `TLSOption` to use; the `TLSOption` named `default` when absent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub options: Option<ObjectRef>,
    /// The `TLSStore` to use; only the store named `default` is honoured.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub store: Option<ObjectRef>,
    /// The certificate resolver from the static configuration, for example `le`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cert_resolver: Option<String>,
    /// Domains to request certificates for.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub domains: Option<Vec<Domain>>,
}

// ---------------------------------------------------------------------------------------------
// IngressRouteTCP.
// ---------------------------------------------------------------------------------------------

/// A Traefik TCP router (`kind: IngressRouteTCP`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IngressRouteTcp {
    /// The API version, `traefik.io/v1alpha1` or `traefik.containo.us/v1alpha1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// The object kind, always `IngressRouteTCP`.
    pub kind: String,
    /// Standard object metadata.
    pub metadata: ObjectMeta,
    /// The TCP router specification.
    pub spec: IngressRouteTcpSpec,
}

impl IngressRouteTcp {
    /// The `kind` value of this object.
    pub const KIND: &'static str = "IngressRouteTCP";

    /// Builds an `IngressRouteTCP` for `group`, filling in `apiVersion` and `kind`.
    #[must_use]
    pub fn new(group: TraefikApiGroup, metadata: ObjectMeta, spec: IngressRouteTcpSpec) -> Self {
        Self {
            api_version: group.api_version().to_owned(),
            kind: Self::KIND.to_owned(),
            metadata,
            spec,
        }
    }
}

/// The `spec` of an `IngressRouteTCP`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IngressRouteTcpSpec {
    /// The `IngressClass` this route belongs to. Traefik v3 only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ingress_class_name: Option<String>,
    /// Entry point names to bind to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub entry_points: Option<Vec<String>>,
    /// The routes. Required by the CRD schema.
    pub routes: Vec<RouteTcp>,
    /// TLS configuration.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tls: Option<TlsTcp>,
}

/// One route of an `IngressRouteTCP`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RouteTcp {
    /// The TCP rule, written as `match` in YAML. Non-TLS routers must use ``HostSNI(`*`)``.
    #[serde(rename = "match")]
    pub rule: String,
    /// The router priority.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub priority: Option<i64>,
    /// The per-route rule syntax, `v2` or `v3`. Deprecated.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub syntax: Option<String>,
    /// The services traffic goes to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub services: Option<Vec<ServiceTcp>>,
    /// `MiddlewareTCP` references.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub middlewares: Option<Vec<ObjectRef>>,
}

/// An upstream Kubernetes Service of a TCP route.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ServiceTcp {
    /// The Kubernetes Service name.
    pub name: String,
    /// The Service namespace.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub namespace: Option<String>,
    /// The Service port number or name; required for TCP services, unlike HTTP ones.
    pub port: IntOrString,
    /// The weight of this service.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weight: Option<u32>,
    /// Milliseconds to wait before closing the write side. Deprecated in favour of
    /// `ServersTransportTCP`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub termination_delay: Option<i64>,
    /// The PROXY protocol settings. Deprecated in favour of `ServersTransportTCP`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub proxy_protocol: Option<ProxyProtocol>,
    /// The name of a `ServersTransportTCP` object.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub servers_transport: Option<String>,
    /// Whether Traefik speaks TLS to the upstream.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tls: Option<bool>,
    /// Whether the load balancer targets pod IPs directly instead of the `ClusterIP`.
    #[serde(rename = "nativeLB", skip_serializing_if = "Option::is_none", default)]
    pub native_lb: Option<bool>,
    /// Whether the load balancer targets node IPs and the nodePort of a `NodePort` Service.
    #[serde(rename = "nodePortLB", skip_serializing_if = "Option::is_none", default)]
    pub node_port_lb: Option<bool>,
}

/// The PROXY protocol settings of a TCP service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ProxyProtocol {
    /// The PROXY protocol version, 1 or 2.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub version: Option<u8>,
}

/// The TLS section of an `IngressRouteTCP`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TlsTcp {
    /// A Secret with the certificate.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret_name: Option<String>,
    /// Whether TLS is passed through to the upstream undecrypted.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub passthrough: Option<bool>,
    /// The `TLSOption` to use.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub options: Option<ObjectRef>,
    /// The `TLSStore` to use.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub store: Option<ObjectRef>,
    /// The certificate resolver from the static configuration.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cert_resolver: Option<String>,
    /// Domains to request certificates for.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub domains: Option<Vec<Domain>>,
}

// ---------------------------------------------------------------------------------------------
// TLSOption and TLSStore.
// ---------------------------------------------------------------------------------------------

/// TLS connection parameters (`kind: TLSOption`). Only one `TLSOption` named `default` may exist
/// across all namespaces.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TlsOption {
    /// The API version, `traefik.io/v1alpha1` or `traefik.containo.us/v1alpha1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// The object kind, always `TLSOption`.
    pub kind: String,
    /// Standard object metadata.
    pub metadata: ObjectMeta,
    /// The TLS parameters.
    pub spec: TlsOptionSpec,
}

impl TlsOption {
    /// The `kind` value of this object.
    pub const KIND: &'static str = "TLSOption";

    /// Builds a `TLSOption` for `group`, filling in `apiVersion` and `kind`.
    #[must_use]
    pub fn new(group: TraefikApiGroup, metadata: ObjectMeta, spec: TlsOptionSpec) -> Self {
        Self {
            api_version: group.api_version().to_owned(),
            kind: Self::KIND.to_owned(),
            metadata,
            spec,
        }
    }
}

/// The `spec` of a `TLSOption`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TlsOptionSpec {
    /// The minimum TLS version, `VersionTLS10` to `VersionTLS13`. The documented default
    /// (`VersionTLS12`) and the Go comment (`VersionTLS10`) disagree, so timon should set it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub min_version: Option<String>,
    /// The maximum TLS version.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_version: Option<String>,
    /// Allowed cipher suites for TLS 1.2 and below.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cipher_suites: Option<Vec<String>>,
    /// Elliptic curves in preference order.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub curve_preferences: Option<Vec<String>>,
    /// Client certificate authentication.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub client_auth: Option<ClientAuth>,
    /// Whether connections without a matching SNI are refused.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sni_strict: Option<bool>,
    /// ALPN protocols in preference order.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub alpn_protocols: Option<Vec<String>>,
    /// Whether TLS session tickets are disabled.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub disable_session_tickets: Option<bool>,
    /// Deprecated; ignored by current Go TLS.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub prefer_server_cipher_suites: Option<bool>,
}

/// Client certificate authentication of a `TLSOption`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClientAuth {
    /// Secrets holding the accepted CA certificates.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret_names: Option<Vec<String>>,
    /// `NoClientCert`, `RequestClientCert`, `RequireAnyClientCert`, `VerifyClientCertIfGiven` or
    /// `RequireAndVerifyClientCert`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub client_auth_type: Option<String>,
}

/// A certificate store (`kind: TLSStore`). Traefik only uses the store named `default`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TlsStore {
    /// The API version, `traefik.io/v1alpha1` or `traefik.containo.us/v1alpha1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// The object kind, always `TLSStore`.
    pub kind: String,
    /// Standard object metadata.
    pub metadata: ObjectMeta,
    /// The store contents.
    pub spec: TlsStoreSpec,
}

impl TlsStore {
    /// The `kind` value of this object.
    pub const KIND: &'static str = "TLSStore";

    /// Builds a `TLSStore` for `group`, filling in `apiVersion` and `kind`.
    #[must_use]
    pub fn new(group: TraefikApiGroup, metadata: ObjectMeta, spec: TlsStoreSpec) -> Self {
        Self {
            api_version: group.api_version().to_owned(),
            kind: Self::KIND.to_owned(),
            metadata,
            spec,
        }
    }
}

/// The `spec` of a `TLSStore`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TlsStoreSpec {
    /// The certificate served when no other one matches.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub default_certificate: Option<CertificateRef>,
    /// A resolver-generated default certificate.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub default_generated_cert: Option<GeneratedCert>,
    /// Additional certificates.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub certificates: Option<Vec<CertificateRef>>,
}

/// A certificate stored in a Kubernetes Secret.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CertificateRef {
    /// The Secret name.
    pub secret_name: String,
}

/// A default certificate obtained from a certificate resolver.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GeneratedCert {
    /// The certificate resolver name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub resolver: Option<String>,
    /// The domain of the certificate.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub domain: Option<Domain>,
}

// ---------------------------------------------------------------------------------------------
// Middleware.
// ---------------------------------------------------------------------------------------------

/// An HTTP middleware (`kind: Middleware`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Middleware {
    /// The API version, `traefik.io/v1alpha1` or `traefik.containo.us/v1alpha1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// The object kind, always `Middleware`.
    pub kind: String,
    /// Standard object metadata.
    pub metadata: ObjectMeta,
    /// The middleware configuration.
    pub spec: MiddlewareSpec,
}

impl Middleware {
    /// The `kind` value of this object.
    pub const KIND: &'static str = "Middleware";

    /// Builds a Middleware for `group`, filling in `apiVersion` and `kind`.
    #[must_use]
    pub fn new(group: TraefikApiGroup, metadata: ObjectMeta, spec: MiddlewareSpec) -> Self {
        Self {
            api_version: group.api_version().to_owned(),
            kind: Self::KIND.to_owned(),
            metadata,
            spec,
        }
    }
}

/// The `spec` of a Middleware. Exactly one key should be set per object (facts A.4); the struct
/// does not enforce that, the linter does.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MiddlewareSpec {
    /// Prepends a path prefix.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub add_prefix: Option<AddPrefix>,
    /// Removes path prefixes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub strip_prefix: Option<StripPrefix>,
    /// Removes path prefixes matching regular expressions.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub strip_prefix_regex: Option<StripPrefixRegex>,
    /// Replaces the whole path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replace_path: Option<ReplacePath>,
    /// Rewrites the path with a regular expression.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replace_path_regex: Option<ReplacePathRegex>,
    /// Combines other middlewares.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub chain: Option<Chain>,
    /// The pre-v2.11 name of `ipAllowList`. Deprecated since v2.11 and still accepted through
    /// v3.7.9 (facts A.4).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ip_white_list: Option<IpWhiteList>,
    /// Restricts clients by source IP. Added in Traefik v2.11.0.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ip_allow_list: Option<IpAllowList>,
    /// Sets request and response headers, CORS and security headers.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub headers: Option<Headers>,
    /// Which encoded characters are allowed in the request path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encoded_characters: Option<EncodedCharacters>,
    /// Custom error pages.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub errors: Option<ErrorPage>,
    /// Rate limiting.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rate_limit: Option<RateLimit>,
    /// Redirects by regular expression.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub redirect_regex: Option<RedirectRegex>,
    /// Redirects to another scheme, typically `https`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub redirect_scheme: Option<RedirectScheme>,
    /// HTTP basic authentication against a Secret.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub basic_auth: Option<BasicAuth>,
    /// HTTP digest authentication against a Secret.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub digest_auth: Option<DigestAuth>,
    /// Delegates authentication to an external service.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub forward_auth: Option<ForwardAuth>,
    /// Limits concurrent in-flight requests.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub in_flight_req: Option<InFlightReq>,
    /// Buffers requests and responses.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub buffering: Option<Buffering>,
    /// Stops forwarding to an unhealthy service.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub circuit_breaker: Option<CircuitBreaker>,
    /// Compresses responses.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub compress: Option<Compress>,
    /// Passes the client certificate to the upstream in a header; kept untyped.
    #[serde(rename = "passTLSClientCert", skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub pass_tls_client_cert: Option<serde_yaml::Value>,
    /// Retries failed requests.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub retry: Option<Retry>,
    /// Content-Type auto-detection.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub content_type: Option<ContentType>,
    /// gRPC-Web to gRPC translation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub grpc_web: Option<GrpcWeb>,
    /// Plugin configurations keyed by plugin name; free-form.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(with = "Option<BTreeMap<String, serde_json::Value>>")]
    pub plugin: Option<BTreeMap<String, serde_yaml::Value>>,
}

/// The `addPrefix` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AddPrefix {
    /// The prefix to prepend, for example `/api`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub prefix: Option<String>,
}

/// The `stripPrefix` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StripPrefix {
    /// The prefixes to remove.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub prefixes: Option<Vec<String>>,
    /// Deprecated: ensures the stripped path starts with `/`. Listed as removed by the v3
    /// migration guide but still accepted through v3.7.9 (facts A.4).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub force_slash: Option<bool>,
}

/// The `stripPrefixRegex` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StripPrefixRegex {
    /// The regular expressions whose match is removed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub regex: Option<Vec<String>>,
}

/// The `replacePath` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReplacePath {
    /// The new path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<String>,
}

/// The `replacePathRegex` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReplacePathRegex {
    /// The regular expression matched against the path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub regex: Option<String>,
    /// The replacement, which may use capture groups such as `$1`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replacement: Option<String>,
}

/// The `chain` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Chain {
    /// The middlewares of the chain, in order.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub middlewares: Option<Vec<ObjectRef>>,
}

/// The `ipAllowList` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IpAllowList {
    /// Allowed client IPs or CIDRs.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_range: Option<Vec<String>>,
    /// How the client IP is determined.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ip_strategy: Option<IpStrategy>,
    /// The status code returned to rejected clients; `ipWhiteList` has no such key.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reject_status_code: Option<i64>,
}

/// The deprecated `ipWhiteList` middleware: [`IpAllowList`] without `rejectStatusCode`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IpWhiteList {
    /// Allowed client IPs or CIDRs.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_range: Option<Vec<String>>,
    /// How the client IP is determined.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ip_strategy: Option<IpStrategy>,
}

/// How a middleware determines the client IP.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IpStrategy {
    /// Use the IP at this position from the right of `X-Forwarded-For`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub depth: Option<i64>,
    /// IPs skipped when walking `X-Forwarded-For`.
    #[serde(rename = "excludedIPs", skip_serializing_if = "Option::is_none", default)]
    pub excluded_ips: Option<Vec<String>>,
    /// The IPv6 prefix length used to group clients.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ipv6_subnet: Option<i64>,
}

/// The `headers` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Headers {
    /// Headers added to or removed from (empty value) the request.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub custom_request_headers: Option<BTreeMap<String, String>>,
    /// Headers added to or removed from (empty value) the response.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub custom_response_headers: Option<BTreeMap<String, String>>,
    /// CORS: `Access-Control-Allow-Credentials`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub access_control_allow_credentials: Option<bool>,
    /// CORS: `Access-Control-Allow-Headers`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub access_control_allow_headers: Option<Vec<String>>,
    /// CORS: `Access-Control-Allow-Methods`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub access_control_allow_methods: Option<Vec<String>>,
    /// CORS: allowed origins.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub access_control_allow_origin_list: Option<Vec<String>>,
    /// CORS: allowed origins as regular expressions.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub access_control_allow_origin_list_regex: Option<Vec<String>>,
    /// CORS: `Access-Control-Expose-Headers`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub access_control_expose_headers: Option<Vec<String>>,
    /// CORS: `Access-Control-Max-Age` in seconds.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub access_control_max_age: Option<i64>,
    /// Whether `Vary: Origin` is added.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub add_vary_header: Option<bool>,
    /// Allowed host names.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub allowed_hosts: Option<Vec<String>>,
    /// Headers that may carry the original host.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hosts_proxy_headers: Option<Vec<String>>,
    /// Header/value pairs that mark a request as HTTPS behind a proxy.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssl_proxy_headers: Option<BTreeMap<String, String>>,
    /// HSTS max-age in seconds.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sts_seconds: Option<i64>,
    /// HSTS `includeSubDomains`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sts_include_subdomains: Option<bool>,
    /// HSTS `preload`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sts_preload: Option<bool>,
    /// Whether HSTS is also sent over plain HTTP.
    #[serde(rename = "forceSTSHeader", skip_serializing_if = "Option::is_none", default)]
    pub force_sts_header: Option<bool>,
    /// Whether `X-Frame-Options: DENY` is sent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub frame_deny: Option<bool>,
    /// A custom `X-Frame-Options` value.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub custom_frame_options_value: Option<String>,
    /// Whether `X-Content-Type-Options: nosniff` is sent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub content_type_nosniff: Option<bool>,
    /// Whether `X-XSS-Protection: 1; mode=block` is sent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub browser_xss_filter: Option<bool>,
    /// A custom `X-XSS-Protection` value.
    #[serde(rename = "customBrowserXSSValue", skip_serializing_if = "Option::is_none", default)]
    pub custom_browser_xss_value: Option<String>,
    /// The `Content-Security-Policy` value.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub content_security_policy: Option<String>,
    /// The `Content-Security-Policy-Report-Only` value.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub content_security_policy_report_only: Option<String>,
    /// The `Public-Key-Pins` value.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub public_key: Option<String>,
    /// The `Referrer-Policy` value.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub referrer_policy: Option<String>,
    /// The `Permissions-Policy` value.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub permissions_policy: Option<String>,
    /// Whether the host checks are relaxed for development.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub is_development: Option<bool>,
    /// Deprecated in favour of `permissionsPolicy`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub feature_policy: Option<String>,
    /// Deprecated; use the `redirectScheme` middleware.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssl_redirect: Option<bool>,
    /// Deprecated; use the `redirectScheme` middleware.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssl_temporary_redirect: Option<bool>,
    /// Deprecated; use the `redirectRegex` middleware.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssl_host: Option<String>,
    /// Deprecated; use the `redirectRegex` middleware.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ssl_force_host: Option<bool>,
}

/// The `encodedCharacters` middleware: which percent-encoded characters are allowed in paths.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EncodedCharacters {
    /// Allow `%2F`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub allow_encoded_slash: Option<bool>,
    /// Allow `%5C`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub allow_encoded_back_slash: Option<bool>,
    /// Allow `%00`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub allow_encoded_null_character: Option<bool>,
    /// Allow `%3B`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub allow_encoded_semicolon: Option<bool>,
    /// Allow `%25`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub allow_encoded_percent: Option<bool>,
    /// Allow `%3F`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub allow_encoded_question_mark: Option<bool>,
    /// Allow `%23`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub allow_encoded_hash: Option<bool>,
}

/// The `errors` middleware (custom error pages).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ErrorPage {
    /// Status codes or ranges, for example `500-599`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<Vec<String>>,
    /// Status codes to return instead of the original ones.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status_rewrites: Option<BTreeMap<String, i64>>,
    /// The Service that serves the error pages.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub service: Option<Service>,
    /// The error page URL; may contain `{status}`, `{originalStatus}` and `{url}`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub query: Option<String>,
    /// Request headers forwarded to the error page service; all when absent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error_request_headers: Option<Vec<String>>,
}

/// The `rateLimit` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RateLimit {
    /// Allowed requests per `period`; `0` disables limiting.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub average: Option<u64>,
    /// The period of `average` (a duration or seconds); one second by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub period: Option<IntOrString>,
    /// The burst size; 1 by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub burst: Option<u64>,
    /// How requests are grouped by source.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_criterion: Option<SourceCriterion>,
    /// A Redis backend shared between Traefik instances. Traefik v3 only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub redis: Option<Redis>,
}

/// How requests are grouped by source for `rateLimit` and `inFlightReq`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SourceCriterion {
    /// Group by client IP.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ip_strategy: Option<IpStrategy>,
    /// Group by the value of this request header.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub request_header_name: Option<String>,
    /// Group by request host.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub request_host: Option<bool>,
}

/// The Redis backend of the `rateLimit` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Redis {
    /// Redis addresses, `host:port`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub endpoints: Option<Vec<String>>,
    /// TLS towards Redis.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tls: Option<ClientTls>,
    /// A Secret with the Redis username and password.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret: Option<String>,
    /// The Redis database number.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub db: Option<i64>,
    /// The initial number of connections.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pool_size: Option<i64>,
    /// The minimum number of idle connections.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub min_idle_conns: Option<i64>,
    /// The maximum number of connections.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_active_conns: Option<i64>,
    /// The read timeout (a duration or seconds).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub read_timeout: Option<IntOrString>,
    /// The write timeout (a duration or seconds).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub write_timeout: Option<IntOrString>,
    /// The dial timeout (a duration or seconds).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dial_timeout: Option<IntOrString>,
}

/// Client TLS settings that reference Kubernetes Secrets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClientTls {
    /// A Secret with the CA (`tls.ca` or `ca.crt`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ca_secret: Option<String>,
    /// A Secret with the client certificate (`tls.crt`, `tls.key`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cert_secret: Option<String>,
    /// Whether the server certificate is not verified.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub insecure_skip_verify: Option<bool>,
}

/// Client TLS settings of the `forwardAuth` middleware: [`ClientTls`] plus the deprecated
/// `caOptional`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ForwardAuthTls {
    /// A Secret with the CA (`tls.ca` or `ca.crt`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ca_secret: Option<String>,
    /// A Secret with the client certificate (`tls.crt`, `tls.key`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cert_secret: Option<String>,
    /// Whether the server certificate is not verified.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub insecure_skip_verify: Option<bool>,
    /// Deprecated: client authentication is a server-side option.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ca_optional: Option<bool>,
}

/// The `redirectRegex` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RedirectRegex {
    /// The regular expression matched against the URL.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub regex: Option<String>,
    /// The target URL, which may use capture groups.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replacement: Option<String>,
    /// Whether the redirect is permanent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub permanent: Option<bool>,
}

/// The `redirectScheme` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RedirectScheme {
    /// The target scheme, for example `https`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scheme: Option<String>,
    /// The target port. A string in Traefik's schema, so it is quoted when emitted.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub port: Option<String>,
    /// Whether the redirect is permanent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub permanent: Option<bool>,
}

/// The `basicAuth` middleware in its CRD form. Unlike the file provider it has no inline `users`
/// list: users live in a Secret (facts A.4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BasicAuth {
    /// The Secret holding the users.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret: Option<String>,
    /// The realm; `traefik` by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub realm: Option<String>,
    /// Whether the Authorization header is removed before forwarding.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub remove_header: Option<bool>,
    /// A header that receives the authenticated user name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub header_field: Option<String>,
}

/// The `digestAuth` middleware in its CRD form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DigestAuth {
    /// The Secret holding the users.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret: Option<String>,
    /// Whether the Authorization header is removed before forwarding.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub remove_header: Option<bool>,
    /// The realm; `traefik` by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub realm: Option<String>,
    /// A header that receives the authenticated user name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub header_field: Option<String>,
}

/// The `forwardAuth` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ForwardAuth {
    /// The authentication server URL.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub address: Option<String>,
    /// Deprecated: whether `X-Forwarded-*` headers are trusted.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub trust_forward_header: Option<bool>,
    /// Headers copied from the auth response to the forwarded request.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub auth_response_headers: Option<Vec<String>>,
    /// A regular expression selecting auth response headers to copy.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub auth_response_headers_regex: Option<String>,
    /// Request headers sent to the auth server; all when absent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub auth_request_headers: Option<Vec<String>>,
    /// TLS towards the auth server.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tls: Option<ForwardAuthTls>,
    /// The maximum auth response body size in bytes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_response_body_size: Option<i64>,
    /// Cookies copied from the auth response to the client response.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub add_auth_cookies_to_response: Option<Vec<String>>,
    /// A header that receives the authenticated user name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub header_field: Option<String>,
    /// Whether the request body is sent to the auth server.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub forward_body: Option<bool>,
    /// The maximum forwarded body size in bytes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_body_size: Option<i64>,
    /// Whether the auth server's Location header is passed on unchanged.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub preserve_location_header: Option<bool>,
    /// Whether the original request method is used towards the auth server.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub preserve_request_method: Option<bool>,
    /// Where to redirect when the auth server answers 401.
    #[serde(rename = "authSigninURL", skip_serializing_if = "Option::is_none", default)]
    pub auth_signin_url: Option<String>,
}

/// The `inFlightReq` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct InFlightReq {
    /// The maximum number of simultaneous requests per source.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub amount: Option<i64>,
    /// How requests are grouped by source.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_criterion: Option<SourceCriterion>,
}

/// The `buffering` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Buffering {
    /// The maximum request body size in bytes; `0` means no limit.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_request_body_bytes: Option<i64>,
    /// The request size above which the body is buffered on disk.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mem_request_body_bytes: Option<i64>,
    /// The maximum response body size in bytes; `0` means no limit.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_response_body_bytes: Option<i64>,
    /// The response size above which the body is buffered on disk.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mem_response_body_bytes: Option<i64>,
    /// When to retry the buffered request.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub retry_expression: Option<String>,
}

/// The `circuitBreaker` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CircuitBreaker {
    /// The condition that trips the breaker, for example `NetworkErrorRatio() > 0.5`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expression: Option<String>,
    /// The interval between checks while closed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub check_period: Option<IntOrString>,
    /// How long the breaker stays open before recovering.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fallback_duration: Option<IntOrString>,
    /// How long the recovery phase lasts.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub recovery_duration: Option<IntOrString>,
    /// The status code returned while open (100–599).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub response_code: Option<u16>,
}

/// The `compress` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Compress {
    /// Content types that are never compressed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub excluded_content_types: Option<Vec<String>>,
    /// Content types that are compressed; all but the excluded ones when absent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub included_content_types: Option<Vec<String>>,
    /// The minimum body size to compress; 1024 by default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub min_response_body_bytes: Option<u64>,
    /// Supported encodings, for example `zstd`, `br`, `gzip`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encodings: Option<Vec<String>>,
    /// The encoding used when the client accepts any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub default_encoding: Option<String>,
}

/// The `retry` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Retry {
    /// How many times a request is retried.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub attempts: Option<u32>,
    /// The total time allowed for retries (a duration or seconds).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub timeout: Option<IntOrString>,
    /// The first back-off interval (a duration or seconds).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub initial_interval: Option<IntOrString>,
    /// The maximum request body size kept for retries; `-1` means no limit.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_request_body_bytes: Option<i64>,
    /// Status codes or ranges that trigger a retry.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<Vec<String>>,
    /// Whether network errors do not trigger a retry.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub disable_retry_on_network_error: Option<bool>,
    /// Whether POST, LOCK and PATCH are retried too.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub retry_non_idempotent_method: Option<bool>,
}

/// The `contentType` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ContentType {
    /// Whether a missing Content-Type is guessed from the body.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub auto_detect: Option<bool>,
}

/// The `grpcWeb` middleware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GrpcWeb {
    /// Allowed CORS origins.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub allow_origins: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deserializes `yaml`, re-serializes it, deserializes again and checks both values agree.
    fn round_trip<T>(yaml: &str) -> T
    where
        T: serde::de::DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
    {
        let first: T = serde_yaml::from_str(yaml).expect("the document deserializes");
        let text = serde_yaml::to_string(&first).expect("the value serializes");
        let second: T = serde_yaml::from_str(&text).expect("the re-serialized text deserializes");
        assert_eq!(first, second);
        first
    }

    #[test]
    fn api_group_follows_traefik_version() {
        assert_eq!(TraefikApiGroup::for_traefik_version(2, 9), TraefikApiGroup::Containous);
        assert_eq!(TraefikApiGroup::for_traefik_version(1, 7), TraefikApiGroup::Containous);
        assert_eq!(TraefikApiGroup::for_traefik_version(2, 10), TraefikApiGroup::TraefikIo);
        assert_eq!(TraefikApiGroup::for_traefik_version(3, 0), TraefikApiGroup::TraefikIo);
        assert_eq!(TraefikApiGroup::Containous.api_version(), "traefik.containo.us/v1alpha1");
        assert_eq!(
            TraefikApiGroup::from_api_version("traefik.io/v1alpha1"),
            Some(TraefikApiGroup::TraefikIo)
        );
        assert_eq!(TraefikApiGroup::from_api_version("v1"), None);
    }

    #[test]
    fn ingress_route_round_trips() {
        let yaml = r"
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: web
  namespace: apps
spec:
  entryPoints: [web, websecure]
  routes:
    - match: Host(`app.example.com`) && PathPrefix(`/api`)
      kind: Rule
      priority: 10
      middlewares:
        - name: strip-api
      services:
        - name: api-svc
          port: 8080
          passHostHeader: true
          nativeLB: true
          sticky:
            cookie: {name: sid, httpOnly: true, sameSite: lax}
        - name: api-canary
          port: http
          weight: 1
  tls:
    certResolver: le
    options: {name: modern, namespace: apps}
    domains:
      - main: app.example.com
        sans: [www.app.example.com]
";
        let route: IngressRoute = round_trip(yaml);
        assert_eq!(route.kind, IngressRoute::KIND);
        assert_eq!(route.metadata.namespace.as_deref(), Some("apps"));
        assert_eq!(
            route.spec.entry_points.as_deref(),
            Some(&["web".to_owned(), "websecure".to_owned()][..])
        );
        let tls = route.spec.tls.as_ref().expect("tls is set");
        assert_eq!(tls.cert_resolver.as_deref(), Some("le"));
        assert_eq!(
            tls.options,
            Some(ObjectRef { name: "modern".into(), namespace: Some("apps".into()) })
        );
        let first = &route.spec.routes[0];
        assert!(first.rule.starts_with("Host(`app.example.com`)"));
        let services = first.services.as_ref().expect("services are set");
        assert_eq!(services[0].port, Some(IntOrString::Int(8080)));
        assert_eq!(services[0].native_lb, Some(true));
        assert_eq!(services[1].port, Some(IntOrString::String("http".into())));
    }

    #[test]
    fn ingress_route_serializes_upstream_key_names() {
        let mut service = Service::new("api-svc", IntOrString::Int(8080));
        service.node_port_lb = Some(true);
        let spec = IngressRouteSpec {
            routes: vec![Route {
                rule: "Host(`a.example.com`)".into(),
                kind: Some("Rule".into()),
                services: Some(vec![service]),
                ..Route::default()
            }],
            ..IngressRouteSpec::default()
        };
        let route = IngressRoute::new(TraefikApiGroup::Containous, ObjectMeta::default(), spec);
        let text = serde_yaml::to_string(&route).expect("the route serializes");
        assert!(text.starts_with("apiVersion: traefik.containo.us/v1alpha1\nkind: IngressRoute\n"));
        assert!(text.contains("match: Host(`a.example.com`)"));
        assert!(text.contains("nodePortLB: true"));
        // Unset options are left out rather than written as null.
        assert!(!text.contains("null"));
        assert!(!text.contains("tls"));
    }

    #[test]
    fn middlewares_round_trip() {
        let docs = [
            "{apiVersion: traefik.io/v1alpha1, kind: Middleware, metadata: {name: to-https}, \
             spec: {redirectScheme: {scheme: https, permanent: true, port: '443'}}}",
            "{apiVersion: traefik.io/v1alpha1, kind: Middleware, metadata: {name: strip}, \
             spec: {stripPrefix: {prefixes: [/api]}}}",
            "{apiVersion: traefik.io/v1alpha1, kind: Middleware, metadata: {name: office}, \
             spec: {ipAllowList: {sourceRange: [10.0.0.0/8], \
             ipStrategy: {depth: 1, excludedIPs: [10.0.0.1], ipv6Subnet: 64}}}}",
            "{apiVersion: traefik.io/v1alpha1, kind: Middleware, metadata: {name: auth}, \
             spec: {basicAuth: {secret: auth-users, realm: internal, removeHeader: true}}}",
            "{apiVersion: traefik.io/v1alpha1, kind: Middleware, metadata: {name: sec}, \
             spec: {headers: {stsSeconds: 31536000, forceSTSHeader: true, \
             customBrowserXSSValue: '0', customResponseHeaders: {X-Robots-Tag: none}}}}",
            "{apiVersion: traefik.io/v1alpha1, kind: Middleware, metadata: {name: rl}, \
             spec: {rateLimit: {average: 100, burst: 50, period: 1m}}}",
            "{apiVersion: traefik.io/v1alpha1, kind: Middleware, metadata: {name: fa}, \
             spec: {forwardAuth: {address: 'http://auth:4181', authSigninURL: 'https://login', \
             tls: {caSecret: ca, insecureSkipVerify: false}}}}",
            "{apiVersion: traefik.io/v1alpha1, kind: Middleware, metadata: {name: cert}, \
             spec: {passTLSClientCert: {pem: true}}}",
            "{apiVersion: traefik.io/v1alpha1, kind: Middleware, metadata: {name: ch}, \
             spec: {chain: {middlewares: [{name: to-https}, {name: sec, namespace: apps}]}}}",
        ];
        let parsed: Vec<Middleware> = docs.iter().map(|doc| round_trip(doc)).collect();
        let scheme = parsed[0].spec.redirect_scheme.as_ref().expect("redirectScheme is set");
        assert_eq!(scheme.port.as_deref(), Some("443"));
        let allow = parsed[2].spec.ip_allow_list.as_ref().expect("ipAllowList is set");
        let strategy = allow.ip_strategy.as_ref().expect("ipStrategy is set");
        assert_eq!(strategy.excluded_ips.as_deref(), Some(&["10.0.0.1".to_owned()][..]));
        let headers = parsed[4].spec.headers.as_ref().expect("headers is set");
        assert_eq!(headers.force_sts_header, Some(true));
        assert_eq!(headers.custom_browser_xss_value.as_deref(), Some("0"));
        let rate = parsed[5].spec.rate_limit.as_ref().expect("rateLimit is set");
        assert_eq!(rate.period, Some(IntOrString::String("1m".into())));
        let forward = parsed[6].spec.forward_auth.as_ref().expect("forwardAuth is set");
        assert_eq!(forward.auth_signin_url.as_deref(), Some("https://login"));
        assert!(parsed[7].spec.pass_tls_client_cert.is_some());
        assert_eq!(
            parsed[8].spec.chain.as_ref().and_then(|c| c.middlewares.as_ref()).map(Vec::len),
            Some(2)
        );
    }

    #[test]
    fn tcp_route_and_tls_option_round_trip() {
        let tcp: IngressRouteTcp = round_trip(
            "{apiVersion: traefik.io/v1alpha1, kind: IngressRouteTCP, \
             metadata: {name: pg, namespace: db}, spec: {entryPoints: [postgres], \
             routes: [{match: 'HostSNI(`*`)', services: [{name: postgres, port: 5432}]}], \
             tls: {passthrough: true}}}",
        );
        let services = tcp.spec.routes[0].services.as_ref().expect("services are set");
        assert_eq!(services[0].port, IntOrString::Int(5432));
        assert_eq!(tcp.spec.tls.and_then(|t| t.passthrough), Some(true));

        let option: TlsOption = round_trip(
            "{apiVersion: traefik.io/v1alpha1, kind: TLSOption, metadata: {name: modern}, \
             spec: {minVersion: VersionTLS12, sniStrict: true, alpnProtocols: [h2], \
             clientAuth: {secretNames: [ca], clientAuthType: RequireAndVerifyClientCert}}}",
        );
        assert_eq!(option.spec.min_version.as_deref(), Some("VersionTLS12"));
        assert_eq!(option.spec.sni_strict, Some(true));

        let store: TlsStore = round_trip(
            "{apiVersion: traefik.io/v1alpha1, kind: TLSStore, metadata: {name: default}, \
             spec: {defaultCertificate: {secretName: wildcard-tls}}}",
        );
        assert_eq!(
            store.spec.default_certificate.map(|c| c.secret_name).as_deref(),
            Some("wildcard-tls")
        );
    }

    #[test]
    fn tcp_service_requires_a_port() {
        let result: Result<ServiceTcp, _> = serde_yaml::from_str("{name: postgres}");
        let message = result.expect_err("a TCP service without port is rejected").to_string();
        assert!(message.contains("port"), "{message}");
    }

    #[test]
    fn unknown_fields_are_rejected() {
        // `passHostheader` is a typo of `passHostHeader`.
        let service: Result<Service, _> =
            serde_yaml::from_str("{name: api, port: 80, passHostheader: true}");
        let message = service.expect_err("a misspelled key is rejected").to_string();
        assert!(message.contains("unknown field `passHostheader`"), "{message}");

        // Only the newer ipAllowList has rejectStatusCode.
        let spec: Result<MiddlewareSpec, _> = serde_yaml::from_str(
            "{ipWhiteList: {sourceRange: [10.0.0.0/8], rejectStatusCode: 404}}",
        );
        let message = spec.expect_err("rejectStatusCode under ipWhiteList is rejected").to_string();
        assert!(message.contains("unknown field `rejectStatusCode`"), "{message}");

        // The CRD form of basicAuth has no inline `users` list (facts A.4).
        let spec: Result<MiddlewareSpec, _> =
            serde_yaml::from_str("{basicAuth: {users: ['admin:$apr1$x']}}");
        let message = spec.expect_err("inline users are rejected").to_string();
        assert!(message.contains("unknown field `users`"), "{message}");
    }
}
